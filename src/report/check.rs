//! Renders `landplan check`: an allocation judged against a scenario's rules.
//!
//! Input: the allocation's label, the allocation laid onto the scenario, and its
//! `Evaluation`. Output: every constraint and rule (met, binding or broken, by how much),
//! every cell outside committed..demand, each tier's fill and the town, category and cell
//! tables of `solve`, in table, Markdown, JSON or CSV (one row per constraint and per
//! breached cell), and the rows of the scenario's `methods.csv` that the legal rules on
//! supply methods forbid or ask to verify, at their lines.

use super::solve::{
    cells_json, evaluation_tables, groups_json, tiers_json, CellJson, GroupJson, TierJson,
};
use super::{excel_csv, json, markdown, Format, Layout, MARKDOWN, TERMINAL};
use crate::compare::allocation::Laid;
use crate::constraints::Sense;
use crate::evaluate::{ConstraintStatus, Evaluation};
use crate::methods::plan::Violation;
use crate::number::show;
use crate::scenario::Scenario;
use serde::Serialize;

#[derive(Debug, Serialize)]
struct ConstraintJson {
    constraint: String,
    label: String,
    sense: &'static str,
    limit: String,
    value: String,
    slack: String,
    status: &'static str,
}

#[derive(Debug, Serialize)]
struct BreachJson {
    cell: String,
    allocated: String,
    bound: &'static str,
    limit: String,
    by: String,
    slack: String,
}

/// A supply method the legal rules forbid or ask to verify, at its file and line (also used
/// by `track` for the parcel register).
#[derive(Debug, Serialize)]
pub struct ViolationJson {
    /// `forbidden` or `verify`.
    pub kind: &'static str,
    pub category: String,
    pub method: &'static str,
    /// `file:line`.
    pub location: String,
    pub citation: String,
    pub reason: String,
    pub message: String,
}

/// A violation in JSON, with its message in English.
pub fn violation_json(scenario: &Scenario, violation: &Violation) -> ViolationJson {
    let (citation, reason) = violation.grounds();
    ViolationJson {
        kind: violation.kind(),
        category: scenario.category(violation.category).name.clone(),
        method: violation.method.chinese(),
        location: violation.origin.to_string(),
        citation: citation.to_string(),
        reason: reason.to_string(),
        message: violation.describe(scenario, false),
    }
}

#[derive(Debug, Serialize)]
struct CheckJson {
    allocation: String,
    scenario: String,
    unit: crate::scenario::Unit,
    broken: usize,
    cap: String,
    supplied: String,
    constraints: Vec<ConstraintJson>,
    cell_breaches: Vec<BreachJson>,
    cells_outside_scenario: Vec<String>,
    cells_missing_taken_as_zero: Vec<String>,
    tiers: Vec<TierJson>,
    categories: Vec<GroupJson>,
    towns: Vec<GroupJson>,
    cells: Vec<CellJson>,
    /// Rows of the scenario's methods.csv the rules forbid or ask to verify.
    method_violations: Vec<ViolationJson>,
}

fn status(constraint: &ConstraintStatus) -> &'static str {
    if constraint.broken() {
        "broken"
    } else if constraint.binding() {
        "binding"
    } else {
        "met"
    }
}

fn constraint_json(scenario: &Scenario, c: &ConstraintStatus) -> ConstraintJson {
    ConstraintJson {
        constraint: c.id.key(scenario),
        label: c.id.label(scenario),
        sense: match c.sense {
            Sense::AtMost => "at most",
            Sense::AtLeast => "at least",
        },
        limit: show(c.limit),
        value: show(c.value),
        slack: show(c.slack),
        status: status(c),
    }
}

fn breach_json(
    scenario: &Scenario,
    allocation: &[rust_decimal::Decimal],
    cell: usize,
    by: rust_decimal::Decimal,
) -> BreachJson {
    let c = &scenario.cells[cell];
    let (bound, limit) = if by.is_sign_negative() {
        ("committed", c.committed)
    } else {
        ("demand", c.demand)
    };
    BreachJson {
        cell: format!(
            "{}/{}",
            scenario.town(c.town).name,
            scenario.category(c.category).name
        ),
        allocated: show(allocation[cell]),
        bound,
        limit: show(limit),
        by: show(by),
        slack: show(-by.abs()),
    }
}

fn view(label: &str, laid: &Laid, evaluation: &Evaluation, methods: &[Violation]) -> CheckJson {
    let scenario = &laid.scenario;
    let constraints: Vec<ConstraintJson> = evaluation
        .constraints
        .iter()
        .map(|c| constraint_json(scenario, c))
        .collect();
    let cell_breaches: Vec<BreachJson> = evaluation
        .bound_breaches
        .iter()
        .map(|b| breach_json(scenario, &laid.allocation, b.cell, b.by))
        .collect();
    let (towns, categories) = groups_json(scenario, evaluation);
    CheckJson {
        allocation: label.to_string(),
        scenario: scenario.settings.name.clone(),
        unit: scenario.settings.unit,
        broken: constraints.iter().filter(|c| c.status == "broken").count()
            + cell_breaches.len()
            + methods.iter().filter(|v| v.forbidden()).count(),
        cap: show(scenario.settings.cap),
        supplied: show(evaluation.total.supplied),
        constraints,
        cell_breaches,
        cells_outside_scenario: laid.outside.clone(),
        cells_missing_taken_as_zero: laid.missing.clone(),
        tiers: tiers_json(scenario, evaluation),
        categories,
        towns,
        cells: cells_json(scenario, evaluation),
        method_violations: methods
            .iter()
            .map(|v| violation_json(scenario, v))
            .collect(),
    }
}

const RULE_HEADER: &[&str] = &["kind", "name", "sense", "limit", "value", "slack", "status"];

fn rule_rows(view: &CheckJson) -> Vec<Vec<String>> {
    let constraints = view.constraints.iter().map(|c| {
        vec![
            "constraint".to_string(),
            c.label.clone(),
            c.sense.to_string(),
            c.limit.clone(),
            c.value.clone(),
            c.slack.clone(),
            c.status.to_string(),
        ]
    });
    let cells = view.cell_breaches.iter().map(|b| {
        let sense = if b.bound == "committed" {
            "at least"
        } else {
            "at most"
        };
        vec![
            "cell".to_string(),
            format!("{} ({})", b.cell, b.bound),
            sense.to_string(),
            b.limit.clone(),
            b.allocated.clone(),
            b.slack.clone(),
            "broken".to_string(),
        ]
    });
    let methods = view.method_violations.iter().map(|v| {
        vec![
            "method".to_string(),
            format!("{} {} ({})", v.category, v.method, v.location),
            "allowed".to_string(),
            String::new(),
            v.method.to_string(),
            String::new(),
            if v.kind == "forbidden" {
                "broken".to_string()
            } else {
                "verify".to_string()
            },
        ]
    });
    constraints.chain(cells).chain(methods).collect()
}

/// Renders a check; `methods` are the rows of the scenario's methods.csv the rules flag.
pub fn render(
    label: &str,
    laid: &Laid,
    evaluation: &Evaluation,
    methods: &[Violation],
    format: Format,
) -> String {
    let view = view(label, laid, evaluation, methods);
    match format {
        Format::Json => json(&view),
        Format::Csv => excel_csv(RULE_HEADER, &rule_rows(&view)),
        Format::Table => text(&view, TERMINAL),
        Format::Md => format!(
            "{}\n{}",
            markdown::title(&format!("Check of {}", view.allocation)),
            text(&view, MARKDOWN)
        ),
    }
}

fn text(view: &CheckJson, layout: Layout) -> String {
    let (table, title, item) = (layout.table, layout.title, layout.item);
    let verdict = if view.broken == 0 {
        "every rule and cell bound holds".to_string()
    } else {
        format!("{} rule(s) or cell bound(s) broken", view.broken)
    };
    let mut out = (layout.prose)(&format!(
        "{} against {}: {verdict}; supplied {} of cap {} {}\n",
        view.allocation, view.scenario, view.supplied, view.cap, view.unit
    ));
    out.push_str(&title("Rules and cell bounds"));
    out.push_str(&table(RULE_HEADER, &rule_rows(view)));
    if !view.cells_outside_scenario.is_empty() {
        out.push_str(&item(&format!(
            "land for cells the scenario does not have (no demand): {}",
            view.cells_outside_scenario.join(", ")
        )));
    }
    if !view.method_violations.is_empty() {
        out.push_str(&title("Supply methods (methods.csv)"));
        for violation in &view.method_violations {
            out.push_str(&item(&format!(
                "{}: {}",
                violation.location, violation.message
            )));
        }
    }
    if !view.cells_missing_taken_as_zero.is_empty() {
        out.push_str(&item(&format!(
            "cells of the scenario the allocation does not mention (taken as 0): {}",
            view.cells_missing_taken_as_zero.join(", ")
        )));
    }
    out.push_str(&evaluation_tables(
        (&view.tiers, &view.towns, &view.categories, &view.cells),
        layout,
    ));
    out
}
