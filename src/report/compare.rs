//! Renders a comparison: totals, then tiers, categories, towns and cells by size of change.
//!
//! Input: a `compare::Comparison`. Output: a terminal table, Markdown, JSON (decimal
//! strings) or one CSV table with a `level` column (total, tier, category, town, cell).

use super::{excel_csv, json, opt, Format, Layout, MARKDOWN, TERMINAL};
use crate::compare::{Comparison, Delta};
use crate::number::show;
use serde::Serialize;

const HEADER: &[&str] = &[
    "name",
    "A",
    "B",
    "delta",
    "delta %",
    "share A %",
    "share B %",
];

#[derive(Debug, Serialize)]
struct DeltaJson {
    name: String,
    a: String,
    b: String,
    delta: String,
    percent: Option<String>,
    share_a: Option<String>,
    share_b: Option<String>,
}

#[derive(Debug, Serialize)]
struct ComparisonJson {
    a: String,
    b: String,
    total: DeltaJson,
    total_abs_change: String,
    cells_changed: usize,
    appeared: Vec<String>,
    vanished: Vec<String>,
    tiers: Vec<DeltaJson>,
    categories: Vec<DeltaJson>,
    towns: Vec<DeltaJson>,
    cells: Vec<DeltaJson>,
}

fn delta_json(row: &Delta) -> DeltaJson {
    DeltaJson {
        name: row.name.clone(),
        a: show(row.a),
        b: show(row.b),
        delta: show(row.delta),
        percent: row.percent.map(show),
        share_a: row.share_a.map(show),
        share_b: row.share_b.map(show),
    }
}

fn cells(row: &Delta) -> Vec<String> {
    let signed = |d: rust_decimal::Decimal| {
        if d > rust_decimal::Decimal::ZERO {
            format!("+{}", show(d))
        } else {
            show(d)
        }
    };
    vec![
        row.name.clone(),
        show(row.a),
        show(row.b),
        signed(row.delta),
        row.percent.map(signed).unwrap_or_default(),
        opt(row.share_a),
        opt(row.share_b),
    ]
}

/// The sections of a comparison, in the order they are shown.
fn sections(comparison: &Comparison) -> [(&'static str, &Vec<Delta>); 4] {
    [
        ("tier", &comparison.tiers),
        ("category", &comparison.categories),
        ("town", &comparison.towns),
        ("cell", &comparison.cells),
    ]
}

fn headline(comparison: &Comparison) -> Vec<String> {
    let list = |names: &[String]| {
        if names.is_empty() {
            "none".to_string()
        } else {
            names.join(", ")
        }
    };
    vec![
        format!("A: {}", comparison.a),
        format!("B: {}", comparison.b),
        format!(
            "total {} -> {} ({})",
            show(comparison.total.a),
            show(comparison.total.b),
            cells(&comparison.total)[3]
        ),
        format!(
            "total absolute change {} over {} cell(s)",
            show(comparison.total_abs_change),
            comparison.cells_changed
        ),
        format!("cells that appear in B: {}", list(&comparison.appeared)),
        format!("cells that vanish in B: {}", list(&comparison.vanished)),
    ]
}

/// Renders a comparison.
pub fn render(comparison: &Comparison, format: Format) -> String {
    match format {
        Format::Json => json(&ComparisonJson {
            a: comparison.a.clone(),
            b: comparison.b.clone(),
            total: delta_json(&comparison.total),
            total_abs_change: show(comparison.total_abs_change),
            cells_changed: comparison.cells_changed,
            appeared: comparison.appeared.clone(),
            vanished: comparison.vanished.clone(),
            tiers: comparison.tiers.iter().map(delta_json).collect(),
            categories: comparison.categories.iter().map(delta_json).collect(),
            towns: comparison.towns.iter().map(delta_json).collect(),
            cells: comparison.cells.iter().map(delta_json).collect(),
        }),
        Format::Csv => {
            let mut header = vec!["level"];
            header.extend_from_slice(HEADER);
            let mut rows = vec![with_level("total", &comparison.total)];
            for (level, deltas) in sections(comparison) {
                rows.extend(deltas.iter().map(|d| with_level(level, d)));
            }
            excel_csv(&header, &rows)
        }
        Format::Table => text(comparison, TERMINAL),
        Format::Md => format!("# Comparison\n\n{}", text(comparison, MARKDOWN)),
    }
}

fn with_level(level: &str, delta: &Delta) -> Vec<String> {
    let mut row = vec![level.to_string()];
    row.extend(cells(delta));
    row
}

fn text(comparison: &Comparison, layout: Layout) -> String {
    let (table, title) = (layout.table, layout.title);
    let mut out = (layout.prose)(&headline(comparison).join("\n"));
    out.push('\n');
    for (level, deltas) in sections(comparison) {
        out.push_str(&title(&format!("By {level}, largest change first")));
        let rows: Vec<Vec<String>> = deltas.iter().map(cells).collect();
        out.push_str(&table(HEADER, &rows));
    }
    out
}
