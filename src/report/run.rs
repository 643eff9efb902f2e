//! Renders `landplan run`: one summary line per scenario, each scenario's result with its
//! lineage, and the files of an output folder (results, summary, manifest).
//!
//! Input: the solved scenarios (base first) and their lineage. Output: text and bytes only;
//! writing the folder is `output`'s job. Per-scenario JSON is the document of
//! `solve --format json` (`report::solve::view`) with one more key, `lineage`.

use super::page::words::{Lang, Shown, Words};
use super::{excel_csv, json, markdown, terminal_table, Format};
use crate::number::show;
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
    relaxation_lines_in(&Words::new(Lang::En, scenario), report)
}

/// What an infeasible scenario needs, in the language of `words`.
fn relaxation_lines_in(words: &Words, report: &SolveReport) -> Vec<String> {
    report
        .infeasibility()
        .iter()
        .flat_map(|i| &i.relaxations)
        .map(|r| words.relaxation(r))
        .collect()
}

/// The limits a scenario's allocation uses up, in the language of `words`.
fn binding_lines(words: &Words, solved: &Solved) -> Vec<String> {
    match (words.lang, solved.report.allocated()) {
        (Lang::Zh, Some(allocated)) => allocated
            .evaluation
            .binding()
            .map(|c| words.limit(c.id))
            .collect(),
        _ => solved.summary.binding.clone(),
    }
}

fn status_text(summary: &Summary) -> &'static str {
    if summary.feasible() {
        "optimal"
    } else {
        "infeasible"
    }
}

/// The status in the language: 最优 / 无可行方案 in Chinese.
fn status_word(words: &Words, summary: &Summary) -> String {
    let zh = if summary.feasible() {
        "最优"
    } else {
        "无可行方案"
    };
    words.pick(zh, status_text(summary)).to_string()
}

fn tier_supplied(words: &Words, summary: &Summary, tier: u32) -> String {
    summary
        .tiers
        .iter()
        .find(|t| t.tier == tier)
        .map(|t| words.figure(t.supplied))
        .unwrap_or_default()
}

/// The summary's figure columns: their headers name the unit when one is asked for.
const FIGURE_COLUMNS: &[&str] = &["supplied", "shortfall", "L1 from plan"];

fn header(words: &Words, tiers: &[u32]) -> Vec<String> {
    let columns = |keys: &[&'static str]| words.figure_columns(keys, FIGURE_COLUMNS);
    let mut header = columns(&["scenario", "status", "supplied"]);
    header.extend(tiers.iter().map(|t| words.header(&words.tier(*t))));
    header.extend(columns(&[
        "shortfall",
        "cells changed",
        "L1 from plan",
        "binding or relaxation",
    ]));
    header
}

/// A scenario's name: the base is 基准方案 in Chinese.
fn scenario_name(words: &Words, name: &str) -> String {
    if name == crate::whatif::BASE_NAME && words.lang == Lang::Zh {
        "基准方案".to_string()
    } else {
        name.to_string()
    }
}

fn row(words: &Words, solved: &Solved, tiers: &[u32]) -> Vec<String> {
    let summary = &solved.summary;
    let mut row = vec![
        scenario_name(words, &summary.name),
        status_word(words, summary),
        figure(words, summary.supplied),
    ];
    row.extend(tiers.iter().map(|t| tier_supplied(words, summary, *t)));
    let words = words.of(&solved.scenario);
    let notes = if summary.feasible() {
        binding_lines(&words, solved).join(words.semicolon())
    } else {
        relaxation_lines_in(&words, &solved.report).join(words.semicolon())
    };
    row.extend([
        figure(&words, summary.shortfall),
        summary
            .cells_changed
            .map(|n| n.to_string())
            .unwrap_or_default(),
        figure(&words, summary.distance),
        notes,
    ]);
    row
}

/// An optional figure for a table cell in the words' unit (empty when absent).
fn figure(words: &Words, value: Option<rust_decimal::Decimal>) -> String {
    value.map(|v| words.figure(v)).unwrap_or_default()
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

/// Renders the summary of a run: tables and Markdown in `lang`, JSON and CSV with English
/// keys.
pub fn render(solved: &[Solved], format: Format, lang: Lang) -> String {
    render_in(solved, format, lang, None)
}

/// As [`render`], figures in the unit asked for (`--unit`): tables and Markdown in it, CSV
/// in the one unit asked for (the scenario's for `both`), JSON in the scenario's unit.
pub fn render_in(solved: &[Solved], format: Format, lang: Lang, unit: Option<Shown>) -> String {
    let Some(base) = solved.first() else {
        return String::new();
    };
    let tiers = all_tiers(solved);
    let table = |words: &Words| {
        let header = header(words, &tiers);
        let rows: Vec<Vec<String>> = solved.iter().map(|s| row(words, s, &tiers)).collect();
        (header, rows)
    };
    let words = Words::new(lang, &base.scenario).showing(unit);
    let (header, rows) = table(&words);
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    match format {
        Format::Json => json(&solved.iter().map(summary_json).collect::<Vec<_>>()),
        Format::Csv => {
            let data = Words {
                lang: Lang::En,
                ..words.for_data()
            };
            let (header, rows) = table(&data);
            let header: Vec<&str> = header.iter().map(String::as_str).collect();
            excel_csv(&header, &rows)
        }
        Format::Table => format!(
            "{}{}",
            headline(&words, solved),
            terminal_table(&header, &rows)
        ),
        Format::Md => format!(
            "# {}\n\n{}\n{}",
            words.pick("情景分析", "What-if scenarios"),
            markdown::paragraph(&headline(&words, solved)),
            markdown::table(&header, &rows)
        ),
    }
}

fn headline(words: &Words, solved: &[Solved]) -> String {
    let infeasible = solved.iter().filter(|s| !s.summary.feasible()).count();
    let base = solved
        .first()
        .map(|s| s.lineage.base.clone())
        .unwrap_or_default();
    let count = solved.len().saturating_sub(1);
    let unit = words.unit();
    let note = words
        .unit_note()
        .map_or(String::new(), |note| format!("{note}\n"));
    let line = words.pick(
        format!(
            "{base}：除基准方案外计算了 {count} 个情景，其中 {infeasible} 个无可行方案。供应单位：{unit}；与公布计划偏差合计 = 各镇分类用地 |本方案 - 公布计划| 之和。\n"
        ),
        format!(
            "{count} scenario(s) of {base} solved besides the base; {infeasible} infeasible. Supply in {unit}; L1 from plan = sum of |allocated - published| over cells.\n"
        ),
    );
    format!("{line}{note}")
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

fn lineage_lines(lineage: &Lineage, words: &Words) -> Vec<String> {
    let (lang, zh) = (words.lang, words.lang == Lang::Zh);
    let word = |w: &'static str| words.what_if_word(w);
    let mut lines = vec![match lang {
        Lang::Zh => format!("基准：{}", lineage.base),
        Lang::En => format!("base: {}", lineage.base),
    }];
    if !lineage.extends.is_empty() {
        lines.push(match lang {
            Lang::Zh => format!("继承：{}", lineage.extends.join(" → ")),
            Lang::En => format!("extends: {}", lineage.extends.join(" -> ")),
        });
    }
    for row in &lineage.rows {
        let target = match (zh, row.target.as_str()) {
            (true, "*") => "全部",
            (_, target) => target,
        };
        lines.push(format!(
            "{}: [{}] {target} {} {} {}{}",
            row.origin,
            row.scenario,
            word(row.field),
            word(row.op),
            row.value,
            row.note
                .as_ref()
                .map(|n| format!(" ({n})"))
                .unwrap_or_default()
        ));
    }
    for cell in &lineage.created_cells {
        lines.push(match lang {
            Lang::Zh => format!("新增 {cell}：公布计划中没有这一项各镇分类用地"),
            Lang::En => format!("creates {cell}: the published plan has no such cell"),
        });
    }
    lines.push(match lang {
        Lang::Zh => format!("输入校验码：{}", lineage.hash),
        Lang::En => format!("inputs hash: {}", lineage.hash),
    });
    lines
}

/// A what-if scenario's solve in any format, in the words' language and unit, with its
/// lineage (CSV stays the cell table).
pub fn render_solve(
    scenario: &Scenario,
    report: &SolveReport,
    lineage: &Lineage,
    format: Format,
    words: &Words,
) -> String {
    let lang = words.lang;
    let body = crate::report::solve::render_with_methods(scenario, report, None, format, words);
    let lines = lineage_lines(lineage, words);
    let title = match lang {
        Lang::Zh => "情景来源",
        Lang::En => "Lineage",
    };
    match format {
        Format::Json => scenario_json(scenario, report, lineage),
        Format::Csv => body,
        Format::Table => {
            let lines: String = lines.iter().map(|l| format!("  {l}\n")).collect();
            format!("{body}\n{title}\n{lines}")
        }
        Format::Md => {
            let lines: String = lines.iter().map(|l| markdown::item(l)).collect();
            format!("{body}\n## {title}\n\n{lines}")
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
    /// Its results, `<scenario>.json` and `.csv`, then its other files (its parcel plan, its
    /// scenario folder).
    files: Vec<String>,
    lineage: &'a Lineage,
}

/// The file name of a scenario's results (`base`, or the what-if's name).
pub fn file_stem(solved: &Solved) -> &str {
    &solved.name
}

/// Every file of an output folder: `<scenario>.json` and `.csv` per scenario, each followed
/// by its `extra` files (aligned with `solved`: its parcel plan, its scenario folder),
/// `summary.csv`, `summary.json`, and `manifest.json` (lineage of each, listed last).
pub fn files(
    base: &Base,
    set: &WhatIfSet,
    solved: &[Solved],
    extra: Vec<Vec<(String, Vec<u8>)>>,
) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut entries = Vec::new();
    let mut extra = extra.into_iter();
    for one in solved {
        let stem = file_stem(one);
        let (json_name, csv_name) = (format!("{stem}.json"), format!("{stem}.csv"));
        let csv = crate::report::solve::render(&one.scenario, &one.report, Format::Csv, Lang::En);
        files.push((
            json_name.clone(),
            scenario_json(&one.scenario, &one.report, &one.lineage).into_bytes(),
        ));
        files.push((csv_name.clone(), csv.into_bytes()));
        let others = extra.next().unwrap_or_default();
        let mut names = vec![json_name, csv_name];
        names.extend(others.iter().map(|(name, _)| name.clone()));
        files.extend(others);
        entries.push(ManifestEntry {
            scenario: &one.name,
            status: status_text(&one.summary),
            files: names,
            lineage: &one.lineage,
        });
    }
    files.push((
        "summary.csv".to_string(),
        render(solved, Format::Csv, Lang::En).into_bytes(),
    ));
    files.push((
        "summary.json".to_string(),
        render(solved, Format::Json, Lang::En).into_bytes(),
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

pub mod folder;
pub mod parcels;
