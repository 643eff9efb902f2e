//! Renders execution tracking: the plan against the land supplied, per tier, category, town
//! and cell, the supply by method, and the flags with the parcels' file:line.
//!
//! Input: a `Progress` and its scenario. Output: text in one format (table, JSON, CSV of the
//! cells, Markdown). Every figure comes from `track::progress`; nothing here computes one.

use super::{excel_csv, json, markdown, Format, Layout, MARKDOWN, TERMINAL};
use crate::number::show;
use crate::scenario::{Scenario, Unit};
use crate::track::progress::{Flag, FlagKind, MethodTally, Progress, Tally};
use serde::Serialize;

/// A change in percentage points or land, with its sign (`+1.5`, `-2`, `0`).
pub fn signed(value: rust_decimal::Decimal) -> String {
    if value > rust_decimal::Decimal::ZERO {
        format!("+{}", show(value))
    } else {
        show(value)
    }
}

/// The JSON document of `landplan track --format json` (decimal strings, stable keys).
#[derive(Debug, Serialize)]
pub struct TrackJson {
    pub scenario: String,
    pub unit: Unit,
    pub year: u32,
    pub as_of: String,
    /// Percent of the year gone by the end of `as_of`.
    pub year_gone: String,
    pub register: String,
    pub parcels_counted: usize,
    pub parcels_after_as_of: usize,
    pub total: GroupJson,
    pub tiers: Vec<GroupJson>,
    pub categories: Vec<GroupJson>,
    pub towns: Vec<GroupJson>,
    pub cells: Vec<CellJson>,
    pub methods: Vec<MethodJson>,
    pub flags: Vec<FlagJson>,
}

#[derive(Debug, Serialize)]
pub struct GroupJson {
    pub name: String,
    pub planned: String,
    pub supplied: String,
    pub remaining: String,
    pub over: String,
    /// Supplied / planned, percent.
    pub rate: Option<String>,
    /// Rate minus the share of the year gone, percentage points.
    pub pace: Option<String>,
    pub parcels: usize,
}

#[derive(Debug, Serialize)]
pub struct CellJson {
    pub town: String,
    pub category: String,
    pub tier: u32,
    pub in_plan: bool,
    #[serde(flatten)]
    pub figures: GroupJson,
    /// The flags on this cell (`outside_plan`, `over_plan`).
    pub flags: Vec<FlagKind>,
}

#[derive(Debug, Serialize)]
pub struct MethodJson {
    pub category: String,
    pub sale: String,
    pub allocation: String,
    pub lease: String,
    pub unspecified: String,
    pub total: String,
}

#[derive(Debug, Serialize)]
pub struct FlagJson {
    pub kind: FlagKind,
    /// `town/category`, or `total`.
    pub scope: String,
    pub parcel: String,
    pub date: String,
    pub area: String,
    /// `file:line` of the parcel.
    pub location: String,
    pub planned: String,
    pub supplied: String,
    pub over: String,
    pub message: String,
}

fn group(name: &str, tally: &Tally, progress: &Progress) -> GroupJson {
    GroupJson {
        name: name.to_string(),
        planned: show(tally.planned),
        supplied: show(tally.supplied),
        remaining: show(tally.remaining()),
        over: show(tally.over()),
        rate: tally.rate().map(show),
        pace: tally.pace(progress.year_gone).map(show),
        parcels: tally.parcels,
    }
}

/// Named groups beside their tallies.
fn groups<'a>(
    names: impl Iterator<Item = &'a str>,
    tallies: &[Tally],
    progress: &Progress,
) -> Vec<GroupJson> {
    names
        .zip(tallies)
        .map(|(name, tally)| group(name, tally, progress))
        .collect()
}

fn method_row(name: &str, tally: &MethodTally) -> MethodJson {
    let [sale, allocation, lease] = tally.by_method.map(|t| show(t.supplied));
    MethodJson {
        category: name.to_string(),
        sale,
        allocation,
        lease,
        unspecified: show(tally.unspecified.supplied),
        total: show(tally.total()),
    }
}

fn scope(scenario: &Scenario, flag: &Flag) -> String {
    match (flag.town, flag.category) {
        (Some(town), Some(category)) => format!(
            "{}/{}",
            scenario.town(town).name,
            scenario.category(category).name
        ),
        _ => "total".to_string(),
    }
}

/// Says what a flag means, in the planner's words.
pub fn flag_message(scenario: &Scenario, flag: &Flag) -> String {
    let unit = scenario.settings.unit;
    let scope = scope(scenario, flag);
    let (id, date, area) = (&flag.parcel, flag.date, show(flag.area));
    let (planned, supplied, over) = (
        show(flag.tally.planned),
        show(flag.tally.supplied),
        show(flag.tally.over()),
    );
    match flag.kind {
        FlagKind::OutsidePlan => format!(
            "parcel {id} ({area} {unit}, {date}) is in {scope}, which has no planned land: land outside the plan is not to be supplied (对于未列入计划的地块，原则上不予办理土地供应手续)"
        ),
        FlagKind::OverPlan => format!(
            "{scope}: {supplied} {unit} supplied of {planned} planned, {over} {unit} over; parcel {id} ({area} {unit}, {date}) took it past the plan"
        ),
        FlagKind::OverCap => format!(
            "total: {supplied} {unit} supplied, {over} {unit} above the cap {planned}; parcel {id} ({area} {unit}, {date}) took it past the cap"
        ),
    }
}

/// Builds the JSON view of a progress report (also the source of every other format).
pub fn view(scenario: &Scenario, progress: &Progress, register: &str) -> TrackJson {
    let category_name = |id: crate::scenario::CategoryId| scenario.category(id).name.clone();
    let cells = progress
        .cells
        .iter()
        .map(|cell| {
            let name = format!(
                "{}/{}",
                scenario.town(cell.town).name,
                category_name(cell.category)
            );
            let flags = progress
                .flags
                .iter()
                .filter(|f| f.town == Some(cell.town) && f.category == Some(cell.category))
                .map(|f| f.kind)
                .fold(Vec::new(), |mut kinds, kind| {
                    if !kinds.contains(&kind) {
                        kinds.push(kind);
                    }
                    kinds
                });
            CellJson {
                town: scenario.town(cell.town).name.clone(),
                category: category_name(cell.category),
                tier: scenario.category(cell.category).tier,
                in_plan: cell.in_plan(),
                figures: group(&name, &cell.tally, progress),
                flags,
            }
        })
        .collect();
    let mut methods: Vec<MethodJson> = scenario
        .categories
        .iter()
        .zip(&progress.methods)
        .map(|(c, tally)| method_row(&c.name, tally))
        .collect();
    methods.push(method_row("total", &progress.method_total));
    TrackJson {
        scenario: scenario.settings.name.clone(),
        unit: scenario.settings.unit,
        year: progress.year,
        as_of: progress.as_of.to_string(),
        year_gone: show(crate::track::progress::percent(progress.year_gone)),
        register: register.to_string(),
        parcels_counted: progress.total.parcels,
        parcels_after_as_of: progress.later,
        total: group("total", &progress.total, progress),
        tiers: progress
            .tiers
            .iter()
            .map(|(tier, tally)| group(&format!("tier {tier}"), tally, progress))
            .collect(),
        categories: groups(
            scenario.categories.iter().map(|c| c.name.as_str()),
            &progress.categories,
            progress,
        ),
        towns: groups(
            scenario.towns.iter().map(|t| t.name.as_str()),
            &progress.towns,
            progress,
        ),
        cells,
        methods,
        flags: progress
            .flags
            .iter()
            .map(|flag| FlagJson {
                kind: flag.kind,
                scope: scope(scenario, flag),
                parcel: flag.parcel.clone(),
                date: flag.date.to_string(),
                area: show(flag.area),
                location: flag.location.to_string(),
                planned: show(flag.tally.planned),
                supplied: show(flag.tally.supplied),
                over: show(flag.tally.over()),
                message: flag_message(scenario, flag),
            })
            .collect(),
    }
}

const GROUP_HEADER: &[&str] = &[
    "name",
    "planned",
    "supplied",
    "remaining",
    "over",
    "rate (%)",
    "pace (pp)",
    "parcels",
];

/// The header of the cells table and of `--format csv`.
pub const CELL_HEADER: &[&str] = &[
    "town",
    "category",
    "tier",
    "planned",
    "supplied",
    "remaining",
    "over",
    "rate (%)",
    "pace (pp)",
    "parcels",
    "flag",
];

const METHOD_HEADER: &[&str] = &[
    "category",
    "出让 sale",
    "划拨 allocation",
    "租赁 lease",
    "unspecified",
    "total",
];

/// The figures of a group, in table order (no name).
fn figures(group: &GroupJson) -> Vec<String> {
    vec![
        group.planned.clone(),
        group.supplied.clone(),
        group.remaining.clone(),
        group.over.clone(),
        group.rate.clone().unwrap_or_default(),
        group.pace.clone().unwrap_or_default(),
        group.parcels.to_string(),
    ]
}

fn group_row(group: &GroupJson) -> Vec<String> {
    let mut row = vec![group.name.clone()];
    row.extend(figures(group));
    row
}

fn kind_name(kind: FlagKind) -> &'static str {
    match kind {
        FlagKind::OutsidePlan => "outside_plan",
        FlagKind::OverPlan => "over_plan",
        FlagKind::OverCap => "over_cap",
    }
}

/// One row per cell, as `--format csv` writes them (rates in percent, paces in points).
pub fn cell_rows(view: &TrackJson) -> Vec<Vec<String>> {
    view.cells
        .iter()
        .map(|c| {
            let flags: Vec<&str> = c.flags.iter().map(|k| kind_name(*k)).collect();
            let mut row = vec![c.town.clone(), c.category.clone(), c.tier.to_string()];
            row.extend(figures(&c.figures));
            row.push(flags.join(";"));
            row
        })
        .collect()
}

fn method_rows(view: &TrackJson) -> Vec<Vec<String>> {
    view.methods
        .iter()
        .map(|m| {
            vec![
                m.category.clone(),
                m.sale.clone(),
                m.allocation.clone(),
                m.lease.clone(),
                m.unspecified.clone(),
                m.total.clone(),
            ]
        })
        .collect()
}

fn headline(view: &TrackJson) -> String {
    let total = &view.total;
    let mut out = format!(
        "{} {}: execution to {} ({}% of the year gone), figures in {}\n",
        view.scenario, view.year, view.as_of, view.year_gone, view.unit
    );
    out.push_str(&format!(
        "supplied {} of the cap {} ({}), {} remaining; pace {} percentage points against the calendar; {} parcel(s) from {}\n",
        total.supplied,
        total.planned,
        total.rate.clone().map(|r| format!("{r}%")).unwrap_or_default(),
        total.remaining,
        total.pace.clone().unwrap_or_default(),
        view.parcels_counted,
        view.register
    ));
    if view.parcels_after_as_of > 0 {
        out.push_str(&format!(
            "{} parcel(s) dated after {} are not counted\n",
            view.parcels_after_as_of, view.as_of
        ));
    }
    out
}

/// The sections of a progress report, in the table and Markdown layouts.
pub fn render_text(view: &TrackJson, layout: Layout) -> String {
    let mut out = (layout.prose)(&headline(view));
    out.push_str(&(layout.title)("Flags"));
    if view.flags.is_empty() {
        out.push_str(&(layout.item)(
            "none: every parcel is inside the plan, no cell is past its plan and the total is within the cap",
        ));
    }
    for flag in &view.flags {
        out.push_str(&(layout.item)(&format!(
            "{}: {}",
            flag.location, flag.message
        )));
    }
    let groups = |groups: &[GroupJson]| groups.iter().map(group_row).collect::<Vec<_>>();
    out.push_str(&(layout.title)("Tiers"));
    out.push_str(&(layout.table)(GROUP_HEADER, &groups(&view.tiers)));
    out.push_str(&(layout.title)("Categories (结构)"));
    out.push_str(&(layout.table)(GROUP_HEADER, &groups(&view.categories)));
    out.push_str(&(layout.title)("Towns (布局)"));
    out.push_str(&(layout.table)(GROUP_HEADER, &groups(&view.towns)));
    out.push_str(&(layout.title)("Cells"));
    out.push_str(&(layout.table)(CELL_HEADER, &cell_rows(view)));
    out.push_str(&(layout.title)("Supply by method (方式)"));
    out.push_str(&(layout.table)(METHOD_HEADER, &method_rows(view)));
    out
}

/// Renders a progress report; `register` names the parcel register it was built from.
pub fn render(scenario: &Scenario, progress: &Progress, register: &str, format: Format) -> String {
    let view = view(scenario, progress, register);
    match format {
        Format::Json => json(&view),
        Format::Csv => excel_csv(CELL_HEADER, &cell_rows(&view)),
        Format::Table => render_text(&view, TERMINAL),
        Format::Md => {
            let title = format!("Execution of {} {}", view.scenario, view.year);
            let mut out = markdown::title(&title);
            out.push('\n');
            out.push_str(&render_text(&view, MARKDOWN));
            out
        }
    }
}
