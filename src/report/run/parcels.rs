//! The parcel plans of `landplan run`: beside each scenario's cell solve, the whole-parcel
//! plan of the same scenario (its plan rows applied to the scenario, its `parcel:` rows to
//! the parcel list), one summary row per scenario.
//!
//! Input: the solved scenarios (base first) and, aligned with them, each scenario's parcels
//! and parcel plan. Output: a second table (terminal, Markdown), the summary's CSV rows with
//! the parcel columns added, and a `parcels` key in each summary JSON line. Nothing here
//! plans: it counts the plan's decisions and sums its tiers for display.

use super::super::page::words::{Lang, Shown, Words};
use super::super::{excel_csv, json, markdown, terminal_table, Format};
use crate::number::show;
use crate::parcels::{Decision, Deferral, Limit, ParcelFinding, Parcels, PlanOutcome};
use crate::whatif::summary::Solved;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

/// One scenario's parcel list, its audit against the scenario's cells and the plan made of
/// it.
#[derive(Debug, Clone)]
pub struct ParcelRun {
    pub parcels: Parcels,
    pub findings: Vec<ParcelFinding>,
    pub outcome: PlanOutcome,
}

/// What deferred a parcel, or what an infeasible plan breaks, counted per scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Reason {
    OutsidePlan,
    NotReady,
    Limit(Limit),
    NotChosen,
}

impl From<Deferral> for Reason {
    fn from(reason: Deferral) -> Reason {
        match reason {
            Deferral::OutsidePlan => Reason::OutsidePlan,
            Deferral::NotReady => Reason::NotReady,
            Deferral::Limit(limit) => Reason::Limit(limit),
            Deferral::NotChosen => Reason::NotChosen,
        }
    }
}

/// The counts and sums of one parcel plan.
struct Counts {
    supplied: usize,
    deferred: usize,
    /// Per tier of the scenario: the area of its supplied parcels.
    tiers: Vec<(u32, Decimal)>,
    by_reason: BTreeMap<Reason, usize>,
}

fn counts(run: &ParcelRun) -> Option<Counts> {
    let PlanOutcome::Planned(plan) = &run.outcome else {
        return None;
    };
    let mut by_reason = BTreeMap::new();
    for decision in &plan.decisions {
        if let Decision::Deferred { reason } = decision {
            *by_reason.entry(Reason::from(*reason)).or_insert(0) += 1;
        }
    }
    let supplied = plan
        .decisions
        .iter()
        .filter(|d| matches!(d, Decision::Supplied { .. }))
        .count();
    Some(Counts {
        supplied,
        deferred: plan.decisions.len() - supplied,
        tiers: plan.tiers.iter().map(|t| (t.tier, t.supplied)).collect(),
        by_reason,
    })
}

/// A reason in a few words, in the language of `words`.
fn reason_words(words: &Words, parcels: &Parcels, reason: Reason) -> String {
    match reason {
        Reason::OutsidePlan => words
            .pick("未列入计划（五（一））", "outside the plan (五（一）)")
            .to_string(),
        Reason::NotReady => words
            .pick(
                "年内不具备供应条件（五（四））",
                "not ready this year (五（四）)",
            )
            .to_string(),
        Reason::Limit(limit) => crate::report::parcels::limit(words, parcels, limit),
        Reason::NotChosen => words
            .pick("搜索提前停止", "search stopped early")
            .to_string(),
    }
}

/// `reason ×count` for every reason of a plan, or the limits an infeasible plan breaks.
fn reason_lines(words: &Words, run: &ParcelRun) -> Vec<String> {
    match (&run.outcome, counts(run)) {
        (_, Some(counts)) => counts
            .by_reason
            .iter()
            .map(|(reason, n)| {
                let text = reason_words(words, &run.parcels, *reason);
                words.pick(format!("{text} {n} 宗"), format!("{text}: {n}"))
            })
            .collect(),
        (PlanOutcome::Infeasible(infeasible), None) => infeasible
            .breaches
            .iter()
            .map(|(limit, by)| {
                let text = crate::report::parcels::limit(words, &run.parcels, *limit);
                words.pick(
                    format!("突破{text} {}", words.figure(*by)),
                    format!("breaks {text} by {}", words.figure(*by)),
                )
            })
            .collect(),
        (PlanOutcome::Planned(_), None) => Vec::new(),
    }
}

fn header(words: &Words, tiers: &[u32]) -> Vec<String> {
    let mut header = vec![
        words.pick("情景", "scenario").to_string(),
        words.pick("地块方案", "parcel plan").to_string(),
        words.pick("供应宗数", "parcels supplied").to_string(),
        words.pick("暂缓宗数", "parcels deferred").to_string(),
    ];
    header.extend(tiers.iter().map(|t| words.header(&words.tier(*t))));
    header.push(
        words
            .pick("暂缓原因（宗数）", "deferred by (parcels)")
            .to_string(),
    );
    header
}

fn status(run: &ParcelRun) -> &'static str {
    match run.outcome {
        PlanOutcome::Planned(_) => "planned",
        PlanOutcome::Infeasible(_) => "infeasible",
    }
}

fn status_word(words: &Words, run: &ParcelRun) -> String {
    let zh = match run.outcome {
        PlanOutcome::Planned(_) => "已安排",
        PlanOutcome::Infeasible(_) => "无可行方案",
    };
    words.pick(zh, status(run)).to_string()
}

/// The parcel columns of one scenario (without its name).
fn columns(words: &Words, run: &ParcelRun, tiers: &[u32]) -> Vec<String> {
    let counts = counts(run);
    let count = |f: fn(&Counts) -> usize| counts.as_ref().map(|c| f(c).to_string());
    let mut row = vec![
        status_word(words, run),
        count(|c| c.supplied).unwrap_or_default(),
        count(|c| c.deferred).unwrap_or_default(),
    ];
    row.extend(tiers.iter().map(|tier| {
        counts
            .as_ref()
            .and_then(|c| c.tiers.iter().find(|(t, _)| t == tier))
            .map(|(_, area)| words.figure(*area))
            .unwrap_or_default()
    }));
    row.push(reason_lines(words, run).join(words.semicolon()));
    row
}

/// The second table of `landplan run`: one row per scenario.
fn table(
    lang: Lang,
    unit: Option<Shown>,
    solved: &[Solved],
    runs: &[ParcelRun],
) -> (Vec<String>, Vec<Vec<String>>) {
    let tiers = super::all_tiers(solved);
    let base = &solved[0].scenario;
    let header = header(&Words::new(lang, base).showing(unit), &tiers);
    let rows = solved
        .iter()
        .zip(runs)
        .map(|(one, run)| {
            let words = Words::new(lang, &one.scenario).showing(unit);
            let mut row = vec![super::scenario_name(&words, &one.name)];
            row.extend(columns(&words, run, &tiers));
            row
        })
        .collect();
    (header, rows)
}

/// One scenario's parcel plan in the summary JSON (English keys, decimal strings).
#[derive(Debug, Serialize)]
struct ParcelSummaryJson {
    status: &'static str,
    supplied: Option<usize>,
    deferred: Option<usize>,
    tiers: Vec<ParcelTierJson>,
    /// Each reason with the number of parcels it deferred (or each limit broken).
    reasons: Vec<String>,
}

#[derive(Debug, Serialize)]
struct ParcelTierJson {
    tier: u32,
    supplied: String,
}

fn summary_json(one: &Solved, run: &ParcelRun) -> ParcelSummaryJson {
    let counts = counts(run);
    ParcelSummaryJson {
        status: status(run),
        supplied: counts.as_ref().map(|c| c.supplied),
        deferred: counts.as_ref().map(|c| c.deferred),
        tiers: counts
            .iter()
            .flat_map(|c| &c.tiers)
            .map(|(tier, area)| ParcelTierJson {
                tier: *tier,
                supplied: show(*area),
            })
            .collect(),
        reasons: reason_lines(&Words::new(Lang::En, &one.scenario), run),
    }
}

/// The summary of a run with each scenario's parcel plan beside its cell solve: a second
/// table in tables and Markdown, more columns in CSV, a `parcels` key in JSON.
pub fn render(
    solved: &[Solved],
    runs: &[ParcelRun],
    format: Format,
    lang: Lang,
    unit: Option<Shown>,
) -> String {
    let cells = super::render_in(solved, format, lang, unit);
    if solved.is_empty() {
        return cells;
    }
    let title = Words::new(lang, &solved[0].scenario).pick(
        "地块供应计划（整宗供应，五（一））",
        "Parcel plans (whole parcels, 五（一）)",
    );
    match format {
        Format::Json => json_with_parcels(solved, runs),
        Format::Csv => csv(solved, runs),
        Format::Table => {
            let (header, rows) = table(lang, unit, solved, runs);
            let header: Vec<&str> = header.iter().map(String::as_str).collect();
            format!("{cells}\n{title}\n{}", terminal_table(&header, &rows))
        }
        Format::Md => {
            let (header, rows) = table(lang, unit, solved, runs);
            let header: Vec<&str> = header.iter().map(String::as_str).collect();
            format!("{cells}\n## {title}\n\n{}", markdown::table(&header, &rows))
        }
    }
}

/// A scenario's summary JSON line with its parcel plan.
#[derive(Debug, Serialize)]
struct LineJson {
    #[serde(flatten)]
    cells: super::SummaryJson,
    parcels: ParcelSummaryJson,
}

/// The summary JSON with a `parcels` key in each scenario's line.
fn json_with_parcels(solved: &[Solved], runs: &[ParcelRun]) -> String {
    let lines: Vec<LineJson> = solved
        .iter()
        .zip(runs)
        .map(|(one, run)| LineJson {
            cells: super::summary_json(one),
            parcels: summary_json(one, run),
        })
        .collect();
    json(&lines)
}

/// The summary CSV (English) with the parcel columns after the cell columns (`parcels tier
/// 1`, ... for the tiers).
fn csv(solved: &[Solved], runs: &[ParcelRun]) -> String {
    let tiers = super::all_tiers(solved);
    let words = Words::new(Lang::En, &solved[0].scenario);
    let mut header = super::header(&words, &tiers);
    header.extend(self::header(&words, &tiers).into_iter().skip(1).map(|h| {
        match h.starts_with("tier") {
            true => format!("parcels {h}"),
            false => h,
        }
    }));
    let rows: Vec<Vec<String>> = solved
        .iter()
        .zip(runs)
        .map(|(one, run)| {
            let words = Words::new(Lang::En, &one.scenario);
            let mut row = super::row(&words, one, &tiers);
            row.extend(columns(&words, run, &tiers));
            row
        })
        .collect();
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    excel_csv(&header, &rows)
}

/// Replaces an output folder's `summary.csv` and `summary.json` with the versions that carry
/// the parcel plans.
pub fn summaries(files: &mut [(String, Vec<u8>)], solved: &[Solved], runs: &[ParcelRun]) {
    for (name, bytes) in files.iter_mut() {
        let format = match name.as_str() {
            "summary.csv" => Format::Csv,
            "summary.json" => Format::Json,
            _ => continue,
        };
        *bytes = render(solved, runs, format, Lang::En, None).into_bytes();
    }
}

/// A scenario's parcel plan as files of `run --out`: `<scenario>.parcels.json`, the document
/// of `landplan parcels --format json`, and `<scenario>.parcels.csv`, its parcel list (each
/// parcel's decision, quarter and the limit that deferred it), both in English as the
/// folder's other files.
pub fn plan_files(one: &Solved, run: &ParcelRun) -> Vec<(String, Vec<u8>)> {
    let stem = super::file_stem(one);
    let render = |format| {
        crate::report::parcels::render(
            &one.scenario,
            &run.parcels,
            &run.findings,
            &run.outcome,
            Default::default(),
            format,
            Lang::En,
        )
        .into_bytes()
    };
    vec![
        (format!("{stem}.parcels.json"), render(Format::Json)),
        (format!("{stem}.parcels.csv"), render(Format::Csv)),
    ]
}
