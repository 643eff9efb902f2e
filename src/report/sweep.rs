//! Renders a sweep: each tier's supply at every grid value, and the break points with the
//! solved states on both sides. Pure: every figure comes from `sweep::SweepReport`.

use super::{excel_csv, json, markdown, terminal_table, Format};
use crate::number::show;
use crate::scenario::Scenario;
use crate::sweep::{BreakPoint, Event, State, SweepReport};
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

/// Builds the JSON view (also the source of every other format).
pub fn view(scenario: &Scenario, report: &SweepReport) -> SweepJson {
    SweepJson {
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

fn header(view: &SweepJson, lead: &[&str]) -> Vec<String> {
    let mut header: Vec<String> = lead.iter().map(|s| s.to_string()).collect();
    header.push(view.param.clone());
    header.push("status".to_string());
    header.extend(view.tiers.iter().map(|t| format!("tier {t} supply")));
    header.extend(view.tiers.iter().map(|t| format!("tier {t} shortfall")));
    header.push("cap binds".to_string());
    header
}

fn row(lead: &[String], point: &PointJson) -> Vec<String> {
    let mut row = lead.to_vec();
    row.push(point.value.clone());
    row.push(point.status.to_string());
    row.extend(point.supply.iter().cloned());
    row.extend(point.shortfall.iter().cloned());
    row.push(point.cap_binds.map_or(String::new(), |b| b.to_string()));
    row
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
fn csv_rows(view: &SweepJson) -> Vec<Vec<String>> {
    let mut rows: Vec<Vec<String>> = view
        .points
        .iter()
        .map(|p| row(&["grid".to_string(), String::new()], p))
        .collect();
    for b in &view.breaks {
        for (kind, p) in [("break_last", &b.last), ("break_first", &b.first)] {
            rows.push(row(&[kind.to_string(), b.event.clone()], p));
        }
    }
    rows
}

/// Renders a sweep report.
pub fn render(scenario: &Scenario, report: &SweepReport, format: Format) -> String {
    let view = view(scenario, report);
    let grid_header = header(&view, &[]);
    let width = grid_header.len();
    let grid: Vec<Vec<String>> = view.points.iter().map(|p| row(&[], p)).collect();
    let headline = format!(
        "sweep of {} over {}: {} grid values, break points to {} {} ({} solves); solver: {}\n",
        view.scenario,
        view.param,
        view.points.len(),
        view.precision,
        view.unit,
        view.solves,
        view.solver
    );
    let breaks: Vec<String> = view.breaks.iter().map(|b| b.message.clone()).collect();
    let grid_refs: Vec<&str> = grid_header.iter().map(String::as_str).collect();
    match format {
        Format::Json => json(&view),
        Format::Csv => {
            let header = header(&view, &["kind", "event"]);
            let refs: Vec<&str> = header.iter().map(String::as_str).collect();
            excel_csv(&refs, &padded(csv_rows(&view), header.len()))
        }
        Format::Table => {
            let mut out = headline;
            out.push_str(&terminal_table(&grid_refs, &padded(grid, width)));
            out.push_str("\nBreak points\n");
            out.push_str(&list(&breaks, "  "));
            out
        }
        Format::Md => {
            let mut out = markdown::title(&format!("Sweep of {}", view.scenario));
            out.push_str(&format!("\n{}\n", markdown::paragraph(&headline)));
            out.push_str(&markdown::table(&grid_refs, &padded(grid, width)));
            out.push_str("\n## Break points\n\n");
            let items: Vec<String> = breaks.iter().map(|b| markdown::escape(b)).collect();
            out.push_str(&list(&items, "- "));
            out
        }
    }
}

fn list(lines: &[String], bullet: &str) -> String {
    if lines.is_empty() {
        return format!("{bullet}none in this range\n");
    }
    lines.iter().map(|l| format!("{bullet}{l}\n")).collect()
}
