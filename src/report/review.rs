//! Renders a year-end review as the files of next year's scenario folder.
//!
//! Input: a `NextYear` and this year's scenario. Output: (file name, text) pairs: the five
//! scenario files `landplan` loads (published figures left empty for the planner to fill,
//! each cell's demand the land carried over, this year's execution in its `note` column),
//! `execution.csv` (this year's execution per cell) and `review.md` (the year-end review,
//! 年度总结, in the given language). Nothing here computes a figure or touches the file
//! system.

use super::page::words::{Lang, Words};
use super::track::render as render_track;
use super::{csv_table, markdown, opt, Format};
use crate::load::{CATEGORIES_FILE, CELLS_FILE, RULES_FILE, SCENARIO_FILE, TOWNS_FILE};
use crate::number::show;
use crate::scenario::{Bound, CapKind, RuleValue, Scenario};
use crate::track::review::NextYear;

/// The execution table written beside next year's files.
pub const EXECUTION_FILE: &str = "execution.csv";
/// The readable review written beside next year's files.
pub const REVIEW_FILE: &str = "review.md";

/// Every file of next year's folder, in writing order; the review in `lang`.
pub fn files(
    this_year: &Scenario,
    next: &NextYear,
    register: &str,
    lang: Lang,
) -> Vec<(String, String)> {
    let scenario = &next.scenario;
    let mut files = vec![
        (SCENARIO_FILE.to_string(), settings_csv(this_year, next)),
        (CATEGORIES_FILE.to_string(), categories_csv(scenario)),
        (TOWNS_FILE.to_string(), towns_csv(scenario)),
        (CELLS_FILE.to_string(), cells_csv(next)),
    ];
    if !scenario.rules.is_empty() {
        files.push((RULES_FILE.to_string(), rules_csv(scenario)));
    }
    files.push((
        EXECUTION_FILE.to_string(),
        render_track(this_year, &next.progress, register, Format::Csv, lang),
    ));
    files.push((
        REVIEW_FILE.to_string(),
        review_md(this_year, next, register, lang),
    ));
    files
}

fn names(list: &[String]) -> String {
    list.join(";")
}

fn settings_csv(this_year: &Scenario, next: &NextYear) -> String {
    let s = &next.scenario.settings;
    let year = next.progress.year;
    let kind = match s.cap_kind {
        CapKind::AtMost => "at_most",
        CapKind::About => "about",
    };
    let rows = [
        ("name", s.name.clone(), String::new()),
        ("year", opt_year(s.year), String::new()),
        ("unit", s.unit.symbol().to_string(), String::new()),
        (
            "cap",
            show(s.cap),
            format!("carried over from {year} as a placeholder: replace it with next year's total"),
        ),
        ("cap_kind", kind.to_string(), String::new()),
        (
            "source",
            s.source.clone().unwrap_or_default(),
            format!("reviewed plan: {}", this_year.settings.name),
        ),
    ];
    let rows: Vec<Vec<String>> = rows
        .into_iter()
        .map(|(key, value, note)| vec![key.to_string(), value, note])
        .collect();
    csv_table(&["key", "value", "note"], &rows)
}

fn opt_year(year: Option<u32>) -> String {
    year.map(|y| y.to_string()).unwrap_or_default()
}

/// The categories, with the version 2 columns (`parent`, `basis`) when this year's folder
/// used them.
pub(crate) fn categories_csv(scenario: &Scenario) -> String {
    let v2 = scenario
        .categories
        .iter()
        .any(|c| c.parent.is_some() || c.basis.is_some());
    let rows: Vec<Vec<String>> = scenario
        .categories
        .iter()
        .map(|c| {
            let mut row = vec![
                c.name.clone(),
                c.tier.to_string(),
                opt(c.plan),
                opt(c.min),
                opt(c.max),
                names(&c.aliases),
            ];
            if v2 {
                let parent = c.parent.map(|p| scenario.category(p).name.clone());
                row.push(parent.unwrap_or_default());
                row.push(c.basis.clone().unwrap_or_default());
            }
            row
        })
        .collect();
    let mut header = vec!["category", "tier", "plan", "min", "max", "alias"];
    if v2 {
        header.extend(["parent", "basis"]);
    }
    csv_table(&header, &rows)
}

pub(crate) fn towns_csv(scenario: &Scenario) -> String {
    let rows: Vec<Vec<String>> = scenario
        .towns
        .iter()
        .map(|t| {
            vec![
                t.name.clone(),
                opt(t.plan),
                opt(t.capacity),
                names(&t.aliases),
            ]
        })
        .collect();
    csv_table(&["town", "plan", "capacity", "alias"], &rows)
}

fn cells_csv(next: &NextYear) -> String {
    let scenario = &next.scenario;
    let year = next.progress.year;
    let rows: Vec<Vec<String>> = scenario
        .cells
        .iter()
        .enumerate()
        .map(|(index, cell)| {
            let tally = next.this_year(index).tally;
            let mut note = format!(
                "{year}: planned {}, supplied {}",
                show(tally.planned),
                show(tally.supplied)
            );
            if let Some(rate) = tally.rate() {
                note.push_str(&format!(" ({}%)", show(rate)));
            }
            if !tally.over().is_zero() {
                note.push_str(&format!(", {} over the plan", show(tally.over())));
            }
            if tally.planned.is_zero() {
                note.push_str(", supplied outside the plan");
            }
            // A parent's cell holds its remainder; the file gives the parent's whole.
            let sub_items: rust_decimal::Decimal = scenario
                .cells
                .iter()
                .filter(|c| {
                    c.town == cell.town
                        && scenario.category(c.category).parent == Some(cell.category)
                })
                .map(|c| c.demand)
                .sum();
            vec![
                scenario.town(cell.town).name.clone(),
                scenario.category(cell.category).name.clone(),
                String::new(),
                show(cell.demand + sub_items),
                String::new(),
                note,
            ]
        })
        .collect();
    csv_table(
        &["town", "category", "plan", "demand", "committed", "note"],
        &rows,
    )
}

/// A rule's categories as a planner writes them: a parent stands for its sub-items, which
/// validation added to the list, so they are not written again.
fn as_written(scenario: &Scenario, ids: &[crate::scenario::CategoryId]) -> Vec<String> {
    ids.iter()
        .filter(|c| {
            scenario
                .category(**c)
                .parent
                .map_or(true, |p| !ids.contains(&p))
        })
        .map(|c| scenario.category(*c).name.clone())
        .collect()
}

/// The rules, with the version 2 columns (`of`, `basis`, `derived`) when this year's folder
/// used them.
pub(crate) fn rules_csv(scenario: &Scenario) -> String {
    let v2 = scenario
        .rules
        .iter()
        .any(|r| r.of.is_some() || r.basis.is_some() || r.derived);
    let all_towns = |rule: &crate::scenario::Rule| rule.towns.len() == scenario.towns.len();
    let rows: Vec<Vec<String>> = scenario
        .rules
        .iter()
        .map(|rule| {
            let categories = as_written(scenario, &rule.categories);
            let towns: Vec<String> = rule
                .towns
                .iter()
                .map(|t| scenario.town(*t).name.clone())
                .collect();
            let bound = match rule.bound {
                Bound::Min => "min",
                Bound::Max => "max",
            };
            let value = match rule.value {
                RuleValue::Amount(amount) => show(amount),
                RuleValue::Share(percent) => format!("{}%", show(percent)),
            };
            let mut row = vec![
                rule.name.clone(),
                names(&categories),
                if all_towns(rule) {
                    "*".to_string()
                } else {
                    names(&towns)
                },
                bound.to_string(),
                value,
            ];
            if v2 {
                let of = as_written(scenario, rule.of.as_deref().unwrap_or_default());
                row.push(names(&of));
                row.push(rule.basis.clone().unwrap_or_default());
                row.push(if rule.derived { "yes" } else { "" }.to_string());
            }
            row
        })
        .collect();
    let mut header = vec!["rule", "categories", "towns", "bound", "value"];
    if v2 {
        header.extend(["of", "basis", "derived"]);
    }
    csv_table(&header, &rows)
}

fn review_md(this_year: &Scenario, next: &NextYear, register: &str, lang: Lang) -> String {
    let year = next.progress.year;
    let words = Words::new(lang, this_year);
    let (unit, carried) = (words.unit(), show(next.carried()));
    let (plan, next_name) = (words.plan_name(), &next.scenario.settings.name);
    let mut out = markdown::title(&words.pick(
        format!("{plan}年度总结"),
        format!("Year-end review of {} {year}", this_year.settings.name),
    ));
    out.push('\n');
    out.push_str(&markdown::paragraph(&words.pick(
        format!(
            "本文件夹是 {} 年度计划（{next_name}）的起点：用地类型、优先级、各镇、控制指标和规则沿用本年度；尚无公布数；各镇分类用地的需求为 {year} 年度计划中未供应的部分（合计 {carried} {unit}）；scenario.csv 中的供应总量上限暂沿用 {year} 年度数，待定。各镇分类用地的 note 列说明其执行情况。",
            year + 1
        ),
        format!(
            "This folder is the starting point of the {} plan ({next_name}): the same categories, tiers, towns, limits and rules; no published figures yet; each cell's demand is the planned land left unsupplied in {year} ({carried} {unit} in all); `cap` in scenario.csv is {year}'s total, carried over as a placeholder. Each cell's `note` says how it was executed.",
            year + 1
        ),
    )));
    out.push('\n');
    let report = render_track(this_year, &next.progress, register, Format::Md, lang);
    let body = report
        .split_once('\n')
        .map_or(report.as_str(), |(_, rest)| rest);
    out.push_str(body.trim_start());
    out
}
