//! Renders `landplan check`: an allocation judged against a scenario's rules.
//!
//! Input: the allocation's label, the allocation laid onto the scenario, and its
//! `Evaluation`. Output: every constraint and rule (met, binding or broken, by how much),
//! every cell outside committed..demand, each tier's fill and the town, category and cell
//! tables of `solve`, in table, Markdown, JSON or CSV (one row per constraint and per
//! breached cell), and the rows of the scenario's `methods.csv` that the legal rules on
//! supply methods forbid or ask to verify, at their lines.

use super::page::words::{Lang, Words};
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
    #[serde(skip)]
    id: crate::constraints::ConstraintId,
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
        id: c.id,
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

/// The rule table's columns and words in Chinese.
const RULE_HEADER_ZH: &[&str] = &["类别", "名称", "方向", "指标", "本方案", "余量", "结果"];

/// A word of the rule table in the language.
fn word(words: &Words, english: &str) -> String {
    let zh = match english {
        "constraint" => "控制指标",
        "cell" => "各镇分类用地",
        "at most" => "不超过",
        "at least" => "不低于",
        "broken" => "超出",
        "binding" => "已用足",
        "met" => "满足",
        "committed" => "已落实项目用地",
        "demand" => "需求",
        "method" => "供应方式",
        "allowed" => "法定方式",
        "verify" => "须核实",
        other => other,
    };
    words.pick(zh, english).to_string()
}

fn rule_rows(view: &CheckJson, words: &Words) -> Vec<Vec<String>> {
    let constraints = view.constraints.iter().map(|c| {
        let label = match words.lang {
            Lang::Zh => words.limit(c.id),
            Lang::En => c.label.clone(),
        };
        vec![
            word(words, "constraint"),
            label,
            word(words, c.sense),
            c.limit.clone(),
            c.value.clone(),
            c.slack.clone(),
            word(words, c.status),
        ]
    });
    let cells = view.cell_breaches.iter().map(|b| {
        let sense = if b.bound == "committed" {
            "at least"
        } else {
            "at most"
        };
        vec![
            word(words, "cell"),
            format!("{} ({})", b.cell, word(words, b.bound)),
            word(words, sense),
            b.limit.clone(),
            b.allocated.clone(),
            b.slack.clone(),
            word(words, "broken"),
        ]
    });
    let methods = view.method_violations.iter().map(|v| {
        vec![
            word(words, "method"),
            format!("{} {} ({})", v.category, v.method, v.location),
            word(words, "allowed"),
            String::new(),
            v.method.to_string(),
            String::new(),
            if v.kind == "forbidden" {
                word(words, "broken")
            } else {
                word(words, "verify")
            },
        ]
    });
    constraints.chain(cells).chain(methods).collect()
}

/// Renders a check: tables and Markdown in `lang`, JSON and CSV with English keys;
/// `methods` are the rows of the scenario's methods.csv the rules flag.
pub fn render(
    label: &str,
    laid: &Laid,
    evaluation: &Evaluation,
    methods: &[Violation],
    format: Format,
    lang: Lang,
) -> String {
    let view = view(label, laid, evaluation, methods);
    let words = Words::new(lang, &laid.scenario);
    match format {
        Format::Json => json(&view),
        Format::Csv => excel_csv(
            RULE_HEADER,
            &rule_rows(&view, &Words::new(Lang::En, &laid.scenario)),
        ),
        Format::Table => text(&view, &words, TERMINAL),
        Format::Md => format!(
            "{}\n{}",
            markdown::title(&words.pick(
                format!("{}合规检查", view.allocation),
                format!("Check of {}", view.allocation)
            )),
            text(&view, &words, MARKDOWN)
        ),
    }
}

fn text(view: &CheckJson, words: &Words, layout: Layout) -> String {
    let (table, title, item) = (layout.table, layout.title, layout.item);
    let unit = words.unit();
    let verdict = match (words.lang, view.broken) {
        (Lang::En, 0) => "every rule and cell bound holds".to_string(),
        (Lang::En, broken) => format!("{broken} rule(s) or cell bound(s) broken"),
        (Lang::Zh, 0) => "各项控制指标和各镇分类用地上下限均满足".to_string(),
        (Lang::Zh, broken) => format!("{broken} 项控制指标或各镇分类用地上下限超出"),
    };
    let (a, b, supplied, cap) = (&view.allocation, &view.scenario, &view.supplied, &view.cap);
    let headline = words.pick(
        format!("{a}对照{b}：{verdict}；供应 {supplied} {unit}，供应总量上限 {cap} {unit}\n"),
        format!("{a} against {b}: {verdict}; supplied {supplied} of cap {cap} {unit}\n"),
    );
    let mut out = (layout.prose)(&headline);
    out.push_str(&title(
        words.pick("控制指标与各镇分类用地上下限", "Rules and cell bounds"),
    ));
    let header = words.pick(RULE_HEADER_ZH, RULE_HEADER);
    out.push_str(&table(header, &rule_rows(view, words)));
    let cells = [
        (
            &view.cells_outside_scenario,
            "方案中没有的各镇分类用地（无需求）也安排了用地",
            "land for cells the scenario does not have (no demand)",
        ),
        (
            &view.cells_missing_taken_as_zero,
            "配置中未列出的各镇分类用地（按 0 计）",
            "cells of the scenario the allocation does not mention (taken as 0)",
        ),
    ];
    for (names, zh, en) in cells {
        if !names.is_empty() {
            let listed = words.join(names);
            out.push_str(&item(
                &words.pick(format!("{zh}：{listed}"), format!("{en}: {listed}")),
            ));
        }
        if !view.method_violations.is_empty() {
            out.push_str(&title(
                words.pick("供应方式（methods.csv）", "Supply methods (methods.csv)"),
            ));
            for violation in &view.method_violations {
                out.push_str(&item(&format!(
                    "{}: {}",
                    violation.location, violation.message
                )));
            }
        }
    }
    out.push_str(&evaluation_tables(
        words,
        (&view.tiers, &view.towns, &view.categories, &view.cells),
        layout,
    ));
    out
}
