//! Renders `landplan run`: one summary line per scenario, each scenario's result with its
//! lineage, and the files of an output folder (results, summary, manifest).
//!
//! Input: the solved scenarios (base first) and their lineage. Output: text and bytes only;
//! writing the folder is `output`'s job. Per-scenario JSON is the document of
//! `solve --format json` (`report::solve::view`) with one more key, `lineage`.

use super::{excel_csv, json, markdown, opt, terminal_table, Format};
use crate::number::show;
use crate::report::solve::relaxation_message;
use crate::scenario::Scenario;
use crate::solve::SolveReport;
use crate::whatif::summary::{Solved, Summary};
use crate::whatif::{Base, Lineage, WhatIfSet};
use serde::Serialize;

/// Every tier any scenario has, in order (a what-if may move a category to a new tier).
fn all_tiers(solved: &[Solved]) -> Vec<u32> {
    let mut tiers: Vec<u32> = solved.iter().flat_map(|s| s.scenario.tiers()).collect();
    tiers.sort_unstable();
    tiers.dedup();
    tiers
}

/// What an infeasible scenario needs, in the planner's words.
fn relaxation_lines(scenario: &Scenario, report: &SolveReport) -> Vec<String> {
    report
        .infeasibility()
        .iter()
        .flat_map(|i| &i.relaxations)
        .map(|r| relaxation_message(scenario, r).1)
        .collect()
}

fn status_text(summary: &Summary) -> &'static str {
    if summary.feasible() {
        "optimal"
    } else {
        "infeasible"
    }
}

fn tier_supplied(summary: &Summary, tier: u32) -> String {
    summary
        .tiers
        .iter()
        .find(|t| t.tier == tier)
        .map(|t| show(t.supplied))
        .unwrap_or_default()
}

fn header(tiers: &[u32]) -> Vec<String> {
    let mut header = vec![
        "scenario".to_string(),
        "status".to_string(),
        "supplied".to_string(),
    ];
    header.extend(tiers.iter().map(|t| format!("tier {t}")));
    header.extend(
        [
            "shortfall",
            "cells changed",
            "L1 from plan",
            "binding or relaxation",
        ]
        .iter()
        .map(|h| h.to_string()),
    );
    header
}

fn row(solved: &Solved, tiers: &[u32]) -> Vec<String> {
    let summary = &solved.summary;
    let mut row = vec![
        summary.name.clone(),
        status_text(summary).to_string(),
        opt(summary.supplied),
    ];
    row.extend(tiers.iter().map(|t| tier_supplied(summary, *t)));
    let notes = if summary.feasible() {
        summary.binding.join("; ")
    } else {
        relaxation_lines(&solved.scenario, &solved.report).join("; ")
    };
    row.extend([
        opt(summary.shortfall),
        summary
            .cells_changed
            .map(|n| n.to_string())
            .unwrap_or_default(),
        opt(summary.distance),
        notes,
    ]);
    row
}

/// The JSON line of one scenario in the summary.
#[derive(Debug, Serialize)]
struct SummaryJson {
    scenario: String,
    status: &'static str,
    supplied: Option<String>,
    tiers: Vec<TierSummaryJson>,
    shortfall: Option<String>,
    cells_changed: Option<usize>,
    l1_from_plan: Option<String>,
    binding: Vec<String>,
    relaxation: Vec<String>,
    rows_applied: usize,
    created_cells: Vec<String>,
    hash: String,
}

#[derive(Debug, Serialize)]
struct TierSummaryJson {
    tier: u32,
    demand: String,
    supplied: String,
}

fn summary_json(solved: &Solved) -> SummaryJson {
    let summary = &solved.summary;
    SummaryJson {
        scenario: summary.name.clone(),
        status: status_text(summary),
        supplied: summary.supplied.map(show),
        tiers: summary
            .tiers
            .iter()
            .map(|t| TierSummaryJson {
                tier: t.tier,
                demand: show(t.demand),
                supplied: show(t.supplied),
            })
            .collect(),
        shortfall: summary.shortfall.map(show),
        cells_changed: summary.cells_changed,
        l1_from_plan: summary.distance.map(show),
        binding: summary.binding.clone(),
        relaxation: relaxation_lines(&solved.scenario, &solved.report),
        rows_applied: solved.lineage.rows.len(),
        created_cells: solved.lineage.created_cells.clone(),
        hash: solved.lineage.hash.clone(),
    }
}

/// Renders the summary of a run.
pub fn render(solved: &[Solved], format: Format) -> String {
    let tiers = all_tiers(solved);
    let header = header(&tiers);
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let rows: Vec<Vec<String>> = solved.iter().map(|s| row(s, &tiers)).collect();
    match format {
        Format::Json => json(&solved.iter().map(summary_json).collect::<Vec<_>>()),
        Format::Csv => excel_csv(&header, &rows),
        Format::Table => format!("{}{}", headline(solved), terminal_table(&header, &rows)),
        Format::Md => format!(
            "# What-if scenarios\n\n{}\n{}",
            markdown::paragraph(&headline(solved)),
            markdown::table(&header, &rows)
        ),
    }
}

fn headline(solved: &[Solved]) -> String {
    let infeasible = solved.iter().filter(|s| !s.summary.feasible()).count();
    let base = solved
        .first()
        .map(|s| s.lineage.base.clone())
        .unwrap_or_default();
    format!(
        "{} scenario(s) of {base} solved besides the base; {infeasible} infeasible. Supply in {}; L1 from plan = sum of |allocated - published| over cells.\n",
        solved.len().saturating_sub(1),
        solved
            .first()
            .map_or("ha".to_string(), |s| s.scenario.settings.unit.to_string())
    )
}

/// `solve --format json` for one scenario, with its lineage.
pub fn scenario_json(scenario: &Scenario, report: &SolveReport, lineage: &Lineage) -> String {
    let view = crate::report::solve::view(scenario, report);
    let mut value = serde_json::to_value(&view).expect("the solve view serialises to JSON");
    if let serde_json::Value::Object(map) = &mut value {
        map.insert(
            "lineage".to_string(),
            serde_json::to_value(lineage).expect("lineage serialises to JSON"),
        );
    }
    json(&value)
}

fn lineage_lines(lineage: &Lineage) -> Vec<String> {
    let mut lines = vec![format!("base: {}", lineage.base)];
    if !lineage.extends.is_empty() {
        lines.push(format!("extends: {}", lineage.extends.join(" -> ")));
    }
    for row in &lineage.rows {
        lines.push(format!(
            "{}: [{}] {} {} {} {}{}",
            row.origin,
            row.scenario,
            row.target,
            row.field,
            row.op,
            row.value,
            row.note
                .as_ref()
                .map(|n| format!(" ({n})"))
                .unwrap_or_default()
        ));
    }
    for cell in &lineage.created_cells {
        lines.push(format!(
            "creates {cell}: the published plan has no such cell"
        ));
    }
    lines.push(format!("inputs hash: {}", lineage.hash));
    lines
}

/// A what-if scenario's solve in any format, with its lineage (CSV stays the cell table).
pub fn render_solve(
    scenario: &Scenario,
    report: &SolveReport,
    lineage: &Lineage,
    format: Format,
) -> String {
    let body = crate::report::solve::render(scenario, report, format);
    let lines = lineage_lines(lineage);
    match format {
        Format::Json => scenario_json(scenario, report, lineage),
        Format::Csv => body,
        Format::Table => {
            let lines: String = lines.iter().map(|l| format!("  {l}\n")).collect();
            format!("{body}\nLineage\n{lines}")
        }
        Format::Md => {
            let lines: String = lines.iter().map(|l| markdown::item(l)).collect();
            format!("{body}\n## Lineage\n\n{lines}")
        }
    }
}

#[derive(Debug, Serialize)]
struct ManifestJson<'a> {
    tool: String,
    base: &'a str,
    base_inputs: &'a [crate::load::InputFile],
    whatif: &'a crate::load::InputFile,
    scenarios: Vec<ManifestEntry<'a>>,
    summary: [&'static str; 2],
    note: &'static str,
}

#[derive(Debug, Serialize)]
struct ManifestEntry<'a> {
    scenario: &'a str,
    status: &'static str,
    files: [String; 2],
    lineage: &'a Lineage,
}

/// The file name of a scenario's results (`base`, or the what-if's name).
pub fn file_stem(solved: &Solved) -> &str {
    &solved.name
}

/// Every file of an output folder: `<scenario>.json` and `.csv` per scenario,
/// `summary.csv`, `summary.json`, and `manifest.json` (lineage of each, listed last).
pub fn files(base: &Base, set: &WhatIfSet, solved: &[Solved]) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut entries = Vec::new();
    for one in solved {
        let stem = file_stem(one);
        let (json_name, csv_name) = (format!("{stem}.json"), format!("{stem}.csv"));
        let csv = crate::report::solve::render(&one.scenario, &one.report, Format::Csv);
        files.push((
            json_name.clone(),
            scenario_json(&one.scenario, &one.report, &one.lineage).into_bytes(),
        ));
        files.push((csv_name.clone(), csv.into_bytes()));
        entries.push(ManifestEntry {
            scenario: &one.name,
            status: status_text(&one.summary),
            files: [json_name, csv_name],
            lineage: &one.lineage,
        });
    }
    files.push((
        "summary.csv".to_string(),
        render(solved, Format::Csv).into_bytes(),
    ));
    files.push((
        "summary.json".to_string(),
        render(solved, Format::Json).into_bytes(),
    ));
    let manifest = ManifestJson {
        tool: format!("landplan {} run", env!("CARGO_PKG_VERSION")),
        base: &base.label,
        base_inputs: &base.inputs,
        whatif: &set.file,
        scenarios: entries,
        summary: ["summary.csv", "summary.json"],
        note: "written last: a folder with this manifest is complete",
    };
    files.push((
        crate::output::MANIFEST.to_string(),
        json(&manifest).into_bytes(),
    ));
    files
}
