//! Renders a mid-year adjustment: the change table a bureau files with its request (per
//! cell, category and town: published, supplied to date, proposed, change; the total kept),
//! or, when no adjustment fits, the solve's confirmed infeasibility and its relaxation.
//!
//! Input: an `Adjustment` (from `track::adjust`). Output: text in one format (table, JSON,
//! CSV of the cells, Markdown). Nothing here computes a figure.

use super::page::words::{Lang, Words};
use super::solve::SolveJson;
use super::track::signed;
use super::{excel_csv, json, opt, Format, Layout, MARKDOWN, TERMINAL};
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

fn notes(words: &Words, table: &ChangeTable) -> Vec<String> {
    let unit = words.unit();
    let mut notes = Vec::new();
    for group in table.categories.iter().chain(&table.towns) {
        if let (Some(gap), Some(stated)) = (group.gap(), group.stated) {
            let (name, stated, published, gap) = (
                &group.name,
                show(stated),
                show(group.published),
                show(gap.abs()),
            );
            notes.push(words.pick(
                format!("{name}：公布数 {stated} {unit}，各镇分类用地合计 {published}；相差的 {gap} {unit} 未落实到各镇，本调整既不移动也不重新安排这部分"),
                format!("{name}: the plan states {stated} {unit} but its cells add up to {published}; the {gap} {unit} gap is in no cell, so the adjustment neither moves nor reallocates it"),
            ));
        }
    }
    for cell in table.cells.iter().filter(|c| c.added) {
        let name = &cell.row.name;
        notes.push(words.pick(
            format!("{name}：公布的布局中没有此项；因已有供地或需求而新增"),
            format!("{name}: not in the published layout; added because land was supplied there or demand now asks for it"),
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
    out.notes = notes(&Words::new(Lang::En, scenario), &table);
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

/// The figure columns of the change tables, in the report's language, with the unit.
fn figure_header(words: &Words) -> Vec<String> {
    let unit = words.unit();
    let labels = [
        ("公布计划", "published"),
        ("已供应", "supplied"),
        ("需求", "demand"),
        ("调整后", "proposed"),
        ("调整量", "change"),
    ];
    labels
        .iter()
        .map(|(zh, en)| match words.lang {
            Lang::Zh => format!("{zh}（{unit}）"),
            Lang::En => en.to_string(),
        })
        .collect()
}

/// The header of a category or town table: its name column (`用地类型`, `镇` / `name`), the
/// stated figure, then the figures.
fn group_header(words: &Words, name: &str) -> Vec<String> {
    let mut header = vec![
        words.pick(name, "name").to_string(),
        words.pick(format!("公布数（{}）", words.unit()), "stated".to_string()),
    ];
    header.extend(figure_header(words));
    // Here the published figure is the sum of the group's published cells.
    if words.lang == Lang::Zh {
        header[2] = format!("各镇分类用地公布合计（{}）", words.unit());
    }
    header
}

/// A group table's rows with the 合计 row (the whole plan) under them.
fn with_total(words: &Words, groups: &[RowJson], total: Option<&RowJson>) -> Vec<Vec<String>> {
    let mut rows = group_rows(groups);
    if let Some(total) = total {
        let mut row = group_rows(std::slice::from_ref(total)).remove(0);
        row[0] = words.total().to_string();
        rows.push(row);
    }
    rows
}

fn cell_header(words: &Words) -> Vec<String> {
    let mut header = words.cell_columns();
    header.extend(figure_header(words));
    header.push(words.pick("新增", "added").to_string());
    header
}

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

fn headline(words: &Words, table: &ChangeTable) -> String {
    let unit = words.unit();
    let total = &table.total;
    let (stated, supplied, published, proposed, change, unallocated) = (
        opt(total.stated),
        show(total.supplied),
        show(total.published),
        show(total.proposed),
        signed(total.change),
        show(table.unallocated),
    );
    words.pick(
        format!(
            "{}调整方案：供应总量 {stated} {unit} 不变\n已供应的 {supplied} {unit} 保持不变；各镇分类用地合计由公布的 {published} 调整为 {proposed}（{change} {unit}）；总量中 {unallocated} {unit} 未安排\n",
            words.plan_name()
        ),
        format!(
            "{}: proposed adjustment within the unchanged total {stated} {unit} (总量不变)\nsupplied to date {supplied} {unit} kept; published cells {published} -> proposed {proposed} ({change} {unit}); {unallocated} {unit} of the total left unallocated\n",
            words.scenario.settings.name
        ),
    )
}

fn render_text(
    words: &Words,
    adjustment: &Adjustment,
    view: &AdjustJson,
    layout: Layout,
    format: Format,
) -> String {
    let Some(table) = adjustment.changes() else {
        let mut out = words.pick(
            format!(
                "{}：在供应总量 {} {} 不变、已供应用地保持不变的前提下无可行的调整方案（经复核确认）；需调整的指标及幅度如下\n",
                words.plan_name(),
                view.cap,
                words.unit()
            ),
            format!(
                "{}: no adjustment keeps the total {} {} and the land already supplied\n",
                view.scenario, view.cap, view.unit
            ),
        );
        out.push_str(&super::solve::render(
            &adjustment.scenario,
            &adjustment.report,
            format,
            words.lang,
        ));
        return out;
    };
    let mut out = (layout.prose)(&headline(words, &table));
    let title = |zh: &str, en: &str| (layout.title)(words.pick(zh, en));
    let table_of = |header: Vec<String>, rows: Vec<Vec<String>>| {
        let header: Vec<&str> = header.iter().map(String::as_str).collect();
        (layout.table)(&header, &rows)
    };
    out.push_str(&title("各类用地（结构）", "Categories (结构)"));
    out.push_str(&table_of(
        group_header(words, "用地类型"),
        with_total(words, &view.categories, view.total.as_ref()),
    ));
    out.push_str(&title("各镇（布局）", "Towns (布局)"));
    out.push_str(&table_of(
        group_header(words, "镇"),
        with_total(words, &view.towns, view.total.as_ref()),
    ));
    out.push_str(&title("各镇分类用地", "Cells"));
    let added = words.pick("是", "yes");
    let cells = cell_rows(view)
        .into_iter()
        .map(|mut row| {
            if let Some(last) = row.last_mut().filter(|l| !l.is_empty()) {
                *last = added.to_string();
            }
            row
        })
        .collect();
    out.push_str(&table_of(cell_header(words), cells));
    let notes = notes(words, &table);
    if !notes.is_empty() {
        out.push_str(&title("说明", "Notes"));
        for note in &notes {
            out.push_str(&(layout.item)(note));
        }
    }
    out
}

/// Renders an adjustment in `lang`: in Chinese, the 调整方案 a bureau files (JSON and CSV
/// keep their English keys).
pub fn render(adjustment: &Adjustment, format: Format, lang: Lang) -> String {
    let view = view(adjustment);
    let words = Words::new(lang, &adjustment.scenario);
    match format {
        Format::Json => json(&view),
        Format::Csv => excel_csv(CELL_HEADER, &cell_rows(&view)),
        Format::Table => render_text(&words, adjustment, &view, TERMINAL, format),
        Format::Md => {
            let title = words.pick(
                format!("{}调整方案", words.plan_name()),
                format!("Mid-year adjustment of {}", view.scenario),
            );
            let mut out = crate::report::markdown::title(&title);
            out.push('\n');
            out.push_str(&render_text(&words, adjustment, &view, MARKDOWN, format));
            out
        }
    }
}
