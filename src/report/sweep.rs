//! Renders a sweep: each tier's supply at every grid value, and the break points with the
//! solved states on both sides; with a parcel list, each grid value's whole-parcel plan beside
//! the continuous figures (parcels supplied and deferred, each tier's land in whole parcels,
//! the difference from the continuous total, and a tier's gap where its search stopped
//! early). Pure: every figure comes from `sweep::SweepReport` and the parcel plans.

use super::page::words::{Lang, Words};
use super::{excel_csv, json, markdown, terminal_table, Format, Layout, MARKDOWN, TERMINAL};
use crate::compare::parcels::Tally;
use crate::number::show;
use crate::parcels::{Parcels, PlanOutcome};
use crate::scenario::Scenario;
use crate::sweep::{BreakPoint, Event, Point, State, SweepReport};
use rust_decimal::Decimal;
use serde::Serialize;

/// The JSON document of `landplan sweep --format json`.
#[derive(Debug, Serialize)]
pub struct SweepJson {
    pub scenario: String,
    pub unit: crate::scenario::Unit,
    pub param: String,
    pub precision: String,
    pub solver: &'static str,
    pub solves: usize,
    pub tiers: Vec<u32>,
    pub points: Vec<PointJson>,
    pub breaks: Vec<BreakJson>,
    /// With a parcel list: the whole-parcel plan at each grid value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parcels: Option<Vec<ParcelPointJson>>,
}

/// The whole-parcel plan at one grid value.
#[derive(Debug, Serialize)]
pub struct ParcelPointJson {
    pub value: String,
    /// `planned` or `infeasible`.
    pub status: &'static str,
    /// Every tier proven optimal (`false` when a search stopped early: see each tier's gap).
    pub optimal: bool,
    pub supplied: Option<usize>,
    pub deferred: Option<usize>,
    pub tiers: Vec<super::compare::ParcelTierJson>,
    /// The area supplied in whole parcels.
    pub area: Option<String>,
    /// The continuous plan's supply at the same value (none when it is infeasible).
    pub continuous: Option<String>,
    /// Continuous less whole parcels.
    pub difference: Option<String>,
    /// What the grid value's plan proves, or the limits an infeasible list breaks (English).
    pub note: String,
}

#[derive(Debug, Serialize)]
pub struct PointJson {
    pub value: String,
    pub status: &'static str,
    /// Each tier's supply, in tier order (empty when infeasible).
    pub supply: Vec<String>,
    pub shortfall: Vec<String>,
    pub cap_binds: Option<bool>,
}

#[derive(Debug, Serialize)]
pub struct BreakJson {
    pub event: String,
    pub message: String,
    /// The last value with the earlier state and the first with the new one, one unit apart.
    pub last: PointJson,
    pub first: PointJson,
}

fn point(value: rust_decimal::Decimal, state: &State) -> PointJson {
    match state {
        State::Optimal {
            supply,
            shortfall,
            cap_binds,
        } => PointJson {
            value: show(value),
            status: "optimal",
            supply: supply.iter().map(|s| show(*s)).collect(),
            shortfall: shortfall.iter().map(|s| show(*s)).collect(),
            cap_binds: Some(*cap_binds),
        },
        State::Infeasible => PointJson {
            value: show(value),
            status: "infeasible",
            supply: Vec::new(),
            shortfall: Vec::new(),
            cap_binds: None,
        },
    }
}

fn event_key(event: Event) -> String {
    match event {
        Event::TierCut(tier) => format!("tier_{tier}_cut"),
        Event::CapBinds => "cap_binds".to_string(),
        Event::Infeasible => "infeasible".to_string(),
    }
}

/// The break point in words, in the sweep's direction: "tier 2 starts to be cut at cap =
/// 108.377139 (fully supplied at 108.37714)".
fn message(param: &str, b: &BreakPoint) -> String {
    let (what, before) = match (b.event, b.after) {
        (Event::TierCut(tier), true) => (format!("tier {tier} starts to be cut"), "fully supplied"),
        (Event::TierCut(tier), false) => (format!("tier {tier} is fully supplied"), "cut"),
        (Event::CapBinds, true) => ("the cap starts to bind".to_string(), "room left"),
        (Event::CapBinds, false) => ("the cap has room left".to_string(), "binds"),
        (Event::Infeasible, true) => ("the scenario turns infeasible".to_string(), "feasible"),
        (Event::Infeasible, false) => ("the scenario is feasible".to_string(), "infeasible"),
    };
    format!(
        "{what} at {param} = {} ({before} at {})",
        show(b.first),
        show(b.last)
    )
}

/// A sweep's parcel list and its plan at each grid value.
pub type ParcelPlans<'a> = (&'a Parcels, &'a [PlanOutcome]);

fn parcel_point(
    words: &Words,
    parcels: &Parcels,
    point: &Point,
    outcome: &PlanOutcome,
) -> ParcelPointJson {
    let tally = Tally::of(outcome);
    let area = tally.as_ref().map(|t| t.area);
    let continuous = match &point.state {
        State::Optimal { supply, .. } => Some(supply.iter().sum::<Decimal>()),
        State::Infeasible => None,
    };
    let tiers = tally.iter().flat_map(|t| &t.tiers);
    ParcelPointJson {
        value: show(point.value),
        status: super::compare::plan_status(outcome),
        optimal: tally.as_ref().is_some_and(|t| t.gaps().is_empty()),
        supplied: tally.as_ref().map(|t| t.supplied),
        deferred: tally.as_ref().map(|t| t.deferred),
        tiers: tiers.map(super::compare::tier_json).collect(),
        area: area.map(show),
        continuous: continuous.map(show),
        difference: continuous.zip(area).map(|(c, a)| show(c - a)),
        note: super::compare::plan_note(words, parcels, outcome),
    }
}

/// Builds the JSON view (also the source of every other format).
pub fn view(
    scenario: &Scenario,
    report: &SweepReport,
    parcels: Option<ParcelPlans<'_>>,
    lang: Lang,
) -> SweepJson {
    let words = Words::new(lang, scenario);
    SweepJson {
        parcels: parcels.map(|(parcels, plans)| {
            report
                .points
                .iter()
                .zip(plans)
                .map(|(point, outcome)| parcel_point(&words, parcels, point, outcome))
                .collect()
        }),
        scenario: scenario.settings.name.clone(),
        unit: scenario.settings.unit,
        param: report.param.clone(),
        precision: show(report.precision),
        solver: report.path.describe(),
        solves: report.solves,
        tiers: report.tiers.clone(),
        points: report
            .points
            .iter()
            .map(|p| point(p.value, &p.state))
            .collect(),
        breaks: report
            .breaks
            .iter()
            .map(|b| BreakJson {
                event: event_key(b.event),
                message: message(&report.param, b),
                last: point(b.last, &b.last_state),
                first: point(b.first, &b.first_state),
            })
            .collect(),
    }
}

/// The swept parameter in the language: `cap` is 供应总量上限, `demand:X` X需求 in Chinese.
fn param_name(words: &Words, param: &str) -> String {
    if words.lang == Lang::En {
        return param.to_string();
    }
    match param.split_once(':') {
        Some(("demand", target)) => format!("{target}需求"),
        Some(("capacity", town)) => format!("{town}供地能力"),
        _ if param == "cap" => "供应总量上限".to_string(),
        _ => param.to_string(),
    }
}

fn header(words: &Words, view: &SweepJson, lead: &[&str]) -> Vec<String> {
    let mut header: Vec<String> = lead.iter().map(|s| s.to_string()).collect();
    header.push(param_name(words, &view.param));
    header.push(words.columns(&["status"])[0].to_string());
    let tier = |t: &u32, zh: &str, en: &str| {
        words.pick(format!("{}{zh}", words.tier(*t)), format!("tier {t} {en}"))
    };
    header.extend(view.tiers.iter().map(|t| tier(t, "供应", "supply")));
    header.extend(view.tiers.iter().map(|t| tier(t, "缺口", "shortfall")));
    header.push(words.pick("总量上限已用足", "cap binds").to_string());
    header
}

fn row(words: &Words, lead: &[String], point: &PointJson) -> Vec<String> {
    let mut row = lead.to_vec();
    row.push(point.value.clone());
    let status = if point.status == "optimal" {
        "最优"
    } else {
        "无可行方案"
    };
    row.push(words.pick(status, point.status).to_string());
    row.extend(point.supply.iter().cloned());
    row.extend(point.shortfall.iter().cloned());
    let binds = |b: bool| match (words.lang, b) {
        (Lang::Zh, true) => "是".to_string(),
        (Lang::Zh, false) => "否".to_string(),
        (Lang::En, b) => b.to_string(),
    };
    row.push(point.cap_binds.map_or(String::new(), binds));
    row
}

/// A break point in Chinese: "第二优先级开始被压减：供应总量上限 = 108.377139（108.37714 时全额供应）".
fn message_zh(words: &Words, param: &str, b: &BreakPoint) -> String {
    let tier = |t: u32| words.tier(t);
    let (what, before) = match (b.event, b.after) {
        (Event::TierCut(t), true) => (format!("{}开始被压减", tier(t)), "全额供应"),
        (Event::TierCut(t), false) => (format!("{}全额供应", tier(t)), "被压减"),
        (Event::CapBinds, true) => ("供应总量上限开始用足".to_string(), "尚有余量"),
        (Event::CapBinds, false) => ("供应总量上限尚有余量".to_string(), "已用足"),
        (Event::Infeasible, true) => ("无可行方案".to_string(), "有可行方案"),
        (Event::Infeasible, false) => ("有可行方案".to_string(), "无可行方案"),
    };
    format!(
        "{what}：{} = {}（{} 时{before}）",
        param_name(words, param),
        show(b.first),
        show(b.last)
    )
}

/// Widens short rows (infeasible points have no tier figures) with blanks before the last
/// column.
fn padded(mut rows: Vec<Vec<String>>, width: usize) -> Vec<Vec<String>> {
    for row in &mut rows {
        if row.len() < width {
            let last = row.pop().unwrap_or_default();
            row.resize(width - 1, String::new());
            row.push(last);
        }
    }
    rows
}

/// Grid rows, then for each break point its two sides.
fn csv_rows(words: &Words, view: &SweepJson) -> Vec<Vec<String>> {
    let mut rows: Vec<Vec<String>> = view
        .points
        .iter()
        .map(|p| row(words, &["grid".to_string(), String::new()], p))
        .collect();
    for b in &view.breaks {
        for (kind, p) in [("break_last", &b.last), ("break_first", &b.first)] {
            rows.push(row(words, &[kind.to_string(), b.event.clone()], p));
        }
    }
    rows
}

fn headline(words: &Words, view: &SweepJson, report: &SweepReport) -> String {
    let (points, precision, unit) = (view.points.len(), &view.precision, words.unit());
    let (solves, solver) = (view.solves, words.solver_path(report.path));
    words.pick(
        format!(
            "{}：{}敏感性分析，{points} 个取值，拐点精确到 {precision} {unit}（求解 {solves} 次）；求解：{solver}\n",
            words.plan_name(),
            param_name(words, &view.param)
        ),
        format!(
            "sweep of {} over {}: {points} grid values, break points to {precision} {unit} ({solves} solves); solver: {solver}\n",
            view.scenario, view.param
        ),
    )
}

/// Renders a sweep report (with each grid value's parcel plan, when given): tables and
/// Markdown in `lang`, JSON and CSV with English keys.
pub fn render(
    scenario: &Scenario,
    report: &SweepReport,
    parcels: Option<ParcelPlans<'_>>,
    format: Format,
    lang: Lang,
) -> String {
    let english = matches!(format, Format::Json | Format::Csv);
    let view = view(
        scenario,
        report,
        parcels,
        if english { Lang::En } else { lang },
    );
    let words = Words::new(lang, scenario);
    let grid_header = header(&words, &view, &[]);
    let width = grid_header.len();
    let grid: Vec<Vec<String>> = view.points.iter().map(|p| row(&words, &[], p)).collect();
    let headline = headline(&words, &view, report);
    let breaks: Vec<String> = match lang {
        Lang::En => view.breaks.iter().map(|b| b.message.clone()).collect(),
        Lang::Zh => report
            .breaks
            .iter()
            .map(|b| message_zh(&words, &report.param, b))
            .collect(),
    };
    let grid_refs: Vec<&str> = grid_header.iter().map(String::as_str).collect();
    let breaks_title = words.pick("拐点", "Break points");
    match format {
        Format::Json => json(&view),
        Format::Csv => csv(scenario, &view),
        Format::Table => {
            let mut out = headline;
            out.push_str(&terminal_table(&grid_refs, &padded(grid, width)));
            out.push_str(&parcel_section(&words, &view, TERMINAL));
            out.push_str(&format!("\n{breaks_title}\n"));
            out.push_str(&list(&words, &breaks, "  "));
            out
        }
        Format::Md => {
            let mut out = markdown::title(&words.pick(
                format!("{}敏感性分析", words.plan_name()),
                format!("Sweep of {}", view.scenario),
            ));
            out.push_str(&format!("\n{}\n", markdown::paragraph(&headline)));
            out.push_str(&markdown::table(&grid_refs, &padded(grid, width)));
            out.push_str(&parcel_section(&words, &view, MARKDOWN));
            out.push_str(&format!("\n## {breaks_title}\n\n"));
            let items: Vec<String> = breaks.iter().map(|b| markdown::escape(b)).collect();
            out.push_str(&list(&words, &items, "- "));
            out
        }
    }
}

/// The grid rows and the break points' sides; with parcels, the parcel columns after the
/// grid rows' own (blank on the break rows).
fn csv(scenario: &Scenario, view: &SweepJson) -> String {
    let english = Words::new(Lang::En, scenario);
    let mut header = header(&english, view, &["kind", "event"]);
    let mut rows = padded(csv_rows(&english, view), header.len());
    if let Some(points) = &view.parcels {
        let extra = parcel_header(&english, view);
        for (at, row) in rows.iter_mut().enumerate() {
            match points.get(at) {
                Some(point) => row.extend(parcel_row(view, point)),
                None => row.resize(row.len() + extra.len(), String::new()),
            }
        }
        header.extend(extra);
    }
    let refs: Vec<&str> = header.iter().map(String::as_str).collect();
    excel_csv(&refs, &rows)
}

/// The parcel plan's columns, after the parameter's.
fn parcel_header(words: &Words, view: &SweepJson) -> Vec<String> {
    let mut header = vec![
        words.pick("供应宗数", "parcels supplied").to_string(),
        words.pick("暂缓宗数", "parcels deferred").to_string(),
    ];
    header.extend(view.tiers.iter().map(|t| {
        words.pick(
            format!("{}（整宗）", words.tier(*t)),
            format!("parcels tier {t}"),
        )
    }));
    header.extend(
        [
            ("整宗合计", "parcels total"),
            ("连续方案合计", "continuous total"),
            ("差额", "difference"),
            ("整宗方案说明", "parcel plan"),
        ]
        .map(|(zh, en)| words.pick(zh, en).to_string()),
    );
    header
}

fn parcel_row(view: &SweepJson, point: &ParcelPointJson) -> Vec<String> {
    let count = |n: Option<usize>| n.map(|n| n.to_string()).unwrap_or_default();
    let mut row = vec![count(point.supplied), count(point.deferred)];
    row.extend(view.tiers.iter().map(|tier| {
        point
            .tiers
            .iter()
            .find(|t| t.tier == *tier)
            .map(|t| t.supplied.clone())
            .unwrap_or_default()
    }));
    let text = |figure: &Option<String>| figure.clone().unwrap_or_default();
    row.extend([
        text(&point.area),
        text(&point.continuous),
        text(&point.difference),
        point.note.clone(),
    ]);
    row
}

/// The whole-parcel plans beside the grid, when there is a parcel list.
fn parcel_section(words: &Words, view: &SweepJson, layout: Layout) -> String {
    let Some(points) = &view.parcels else {
        return String::new();
    };
    let mut header = vec![param_name(words, &view.param)];
    header.extend(parcel_header(words, view));
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let rows: Vec<Vec<String>> = points
        .iter()
        .map(|p| {
            let mut row = vec![p.value.clone()];
            row.extend(parcel_row(view, p));
            row
        })
        .collect();
    let mut out = (layout.title)(words.pick(
        "整宗地块方案（五（一）：地块整宗供应或暂缓）",
        "Whole-parcel plans (五（一）: a parcel is supplied whole or waits)",
    ));
    out.push_str(&(layout.prose)(words.pick(
        "差额 = 连续方案合计 − 整宗合计：连续方案按面积切分，整宗方案只能整宗供应，差额即地块颗粒度的影响。",
        "difference = continuous total - parcels total: the continuous plan cuts hectares, parcels go whole; the difference is what their size costs.",
    )));
    out.push('\n');
    out.push_str(&(layout.table)(&header, &rows));
    out
}

fn list(words: &Words, lines: &[String], bullet: &str) -> String {
    if lines.is_empty() {
        return format!(
            "{bullet}{}\n",
            words.pick("此范围内没有拐点", "none in this range")
        );
    }
    lines.iter().map(|l| format!("{bullet}{l}\n")).collect()
}
