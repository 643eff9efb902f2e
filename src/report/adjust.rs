//! Renders a mid-year adjustment: the change table a bureau files with its request (per
//! cell, category and town: published, supplied to date, proposed, change; the total kept),
//! or, when no adjustment fits, the solve's confirmed infeasibility and its relaxation.
//!
//! Input: an `Adjustment` (from `track::adjust`). Output: text in one format (table, JSON,
//! CSV of the cells, Markdown). Nothing here computes a figure.

use super::solve::SolveJson;
use super::track::{signed, Layout, MARKDOWN, TERMINAL};
use super::{csv_table, json, opt, Format};
use crate::number::show;
use crate::scenario::Unit;
use crate::solve::Status;
use crate::track::adjust::{Adjustment, ChangeRow, ChangeTable};
use serde::Serialize;

/// The JSON document of `landplan adjust --format json`.
#[derive(Debug, Serialize)]
pub struct AdjustJson {
    pub scenario: String,
    pub status: Status,
    pub unit: Unit,
    /// The published total (总量), kept by the adjustment.
    pub cap: String,
    pub total: Option<RowJson>,
    /// The cap minus the proposed cells' sum.
    pub unallocated: Option<String>,
    pub cells: Vec<CellJson>,
    pub categories: Vec<RowJson>,
    pub towns: Vec<RowJson>,
    pub notes: Vec<String>,
    /// The solve of the adjusted scenario when it is infeasible: its relaxation.
    pub infeasible: Option<SolveJson>,
}

#[derive(Debug, Serialize)]
pub struct RowJson {
    pub name: String,
    pub stated: Option<String>,
    pub published: String,
    pub supplied: String,
    pub demand: String,
    pub proposed: String,
    pub change: String,
}

#[derive(Debug, Serialize)]
pub struct CellJson {
    pub town: String,
    pub category: String,
    pub tier: u32,
    /// Whether the published layout lacks this cell.
    pub added: bool,
    pub published: String,
    pub supplied: String,
    pub demand: String,
    pub proposed: String,
    pub change: String,
}

fn row(row: &ChangeRow) -> RowJson {
    RowJson {
        name: row.name.clone(),
        stated: row.stated.map(show),
        published: show(row.published),
        supplied: show(row.supplied),
        demand: show(row.demand),
        proposed: show(row.proposed),
        change: show(row.change),
    }
}

fn notes(table: &ChangeTable, adjustment: &Adjustment) -> Vec<String> {
    let unit = adjustment.scenario.settings.unit;
    let mut notes = Vec::new();
    for group in table.categories.iter().chain(&table.towns) {
        if let (Some(gap), Some(stated)) = (group.gap(), group.stated) {
            notes.push(format!(
                "{}: the plan states {} {unit} but its cells add up to {}; the {} {unit} gap is in no cell, so the adjustment neither moves nor reallocates it",
                group.name,
                show(stated),
                show(group.published),
                show(gap.abs())
            ));
        }
    }
    for cell in table.cells.iter().filter(|c| c.added) {
        notes.push(format!(
            "{}: not in the published layout; added because land was supplied there or demand now asks for it",
            cell.row.name
        ));
    }
    notes
}

/// Builds the JSON view of an adjustment (also the source of every other format).
pub fn view(adjustment: &Adjustment) -> AdjustJson {
    let scenario = &adjustment.scenario;
    let changes = adjustment.changes();
    let mut out = AdjustJson {
        scenario: scenario.settings.name.clone(),
        status: adjustment.report.status(),
        unit: scenario.settings.unit,
        cap: show(scenario.settings.cap),
        total: None,
        unallocated: None,
        cells: Vec::new(),
        categories: Vec::new(),
        towns: Vec::new(),
        notes: Vec::new(),
        infeasible: None,
    };
    let Some(table) = changes else {
        out.infeasible = Some(super::solve::view(scenario, &adjustment.report));
        return out;
    };
    out.total = Some(row(&table.total));
    out.unallocated = Some(show(table.unallocated));
    out.cells = table
        .cells
        .iter()
        .map(|c| CellJson {
            town: scenario.town(c.town).name.clone(),
            category: scenario.category(c.category).name.clone(),
            tier: c.tier,
            added: c.added,
            published: show(c.row.published),
            supplied: show(c.row.supplied),
            demand: show(c.row.demand),
            proposed: show(c.row.proposed),
            change: show(c.row.change),
        })
        .collect();
    out.categories = table.categories.iter().map(row).collect();
    out.towns = table.towns.iter().map(row).collect();
    out.notes = notes(&table, adjustment);
    out
}

/// The header of the cells table and of `--format csv`.
pub const CELL_HEADER: &[&str] = &[
    "town",
    "category",
    "tier",
    "published",
    "supplied",
    "demand",
    "proposed",
    "change",
    "added",
];

const GROUP_HEADER: &[&str] = &[
    "name",
    "stated",
    "published",
    "supplied",
    "demand",
    "proposed",
    "change",
];

fn cell_rows(view: &AdjustJson) -> Vec<Vec<String>> {
    view.cells
        .iter()
        .map(|c| {
            vec![
                c.town.clone(),
                c.category.clone(),
                c.tier.to_string(),
                c.published.clone(),
                c.supplied.clone(),
                c.demand.clone(),
                c.proposed.clone(),
                c.change.clone(),
                if c.added { "yes" } else { "" }.to_string(),
            ]
        })
        .collect()
}

fn group_rows(groups: &[RowJson]) -> Vec<Vec<String>> {
    groups
        .iter()
        .map(|g| {
            vec![
                g.name.clone(),
                g.stated.clone().unwrap_or_default(),
                g.published.clone(),
                g.supplied.clone(),
                g.demand.clone(),
                g.proposed.clone(),
                g.change.clone(),
            ]
        })
        .collect()
}

fn headline(adjustment: &Adjustment, table: &ChangeTable) -> String {
    let unit = adjustment.scenario.settings.unit;
    let total = &table.total;
    format!(
        "{}: proposed adjustment within the unchanged total {} {unit} (总量不变)\nsupplied to date {} {unit} kept; published cells {} -> proposed {} ({} {unit}); {} {unit} of the total left unallocated\n",
        adjustment.scenario.settings.name,
        opt(total.stated),
        show(total.supplied),
        show(total.published),
        show(total.proposed),
        signed(total.change),
        show(table.unallocated),
    )
}

fn render_text(
    adjustment: &Adjustment,
    view: &AdjustJson,
    layout: Layout,
    format: Format,
) -> String {
    let Some(table) = adjustment.changes() else {
        let mut out = format!(
            "{}: no adjustment keeps the total {} {} and the land already supplied\n",
            view.scenario, view.cap, view.unit
        );
        out.push_str(&super::solve::render(
            &adjustment.scenario,
            &adjustment.report,
            format,
        ));
        return out;
    };
    let mut out = (layout.prose)(&headline(adjustment, &table));
    out.push_str(&(layout.title)("Categories (结构)"));
    out.push_str(&(layout.table)(GROUP_HEADER, &group_rows(&view.categories)));
    out.push_str(&(layout.title)("Towns (布局)"));
    out.push_str(&(layout.table)(GROUP_HEADER, &group_rows(&view.towns)));
    out.push_str(&(layout.title)("Cells"));
    out.push_str(&(layout.table)(CELL_HEADER, &cell_rows(view)));
    if !view.notes.is_empty() {
        out.push_str(&(layout.title)("Notes"));
        for note in &view.notes {
            out.push_str(&(layout.item)(note));
        }
    }
    out
}

/// Renders an adjustment.
pub fn render(adjustment: &Adjustment, format: Format) -> String {
    let view = view(adjustment);
    match format {
        Format::Json => json(&view),
        Format::Csv => csv_table(CELL_HEADER, &cell_rows(&view)),
        Format::Table => render_text(adjustment, &view, TERMINAL, format),
        Format::Md => {
            let mut out = format!("# Mid-year adjustment of {}\n\n", view.scenario);
            out.push_str(&render_text(adjustment, &view, MARKDOWN, format));
            out
        }
    }
}
