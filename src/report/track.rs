//! Renders execution tracking: the plan against the land supplied, per tier, category, town
//! and cell, the supply by method, and the flags with the parcels' file:line.
//!
//! Input: a `Progress`, its scenario and a language. Output: text in one format (table, JSON,
//! CSV of the cells, Markdown). The table and Markdown read as the bureau's progress notice
//! (通报) in Chinese, or in English; JSON and CSV keep their English keys and headers, which
//! other tools read. Every figure comes from `track::progress`; nothing here computes one.

use super::page::words::{Lang, Words};
use super::{excel_csv, json, markdown, Format, Layout, MARKDOWN, TERMINAL};
use crate::number::show;
use crate::scenario::{CategoryId, Scenario, Unit};
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
    /// What the pace is measured against: `calendar`, `parcel_plan` or `schedule_file`.
    pub pace_basis: crate::track::progress::PaceBasis,
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
    /// Parcels supplied by a method the legal rules forbid or ask to verify.
    pub method_flags: Vec<MethodFlagJson>,
}

#[derive(Debug, Serialize)]
pub struct MethodFlagJson {
    pub parcel: String,
    #[serde(flatten)]
    pub violation: super::check::ViolationJson,
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
    /// The land the pace expects supplied by now (`pace_basis`).
    pub expected: String,
    /// (Supplied - expected) / planned, percentage points.
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

fn group(name: &str, tally: &Tally) -> GroupJson {
    GroupJson {
        name: name.to_string(),
        planned: show(tally.planned),
        supplied: show(tally.supplied),
        remaining: show(tally.remaining()),
        over: show(tally.over()),
        rate: tally.rate().map(show),
        expected: show(crate::track::progress::shown_expected(tally.expected)),
        pace: tally.pace().map(show),
        parcels: tally.parcels,
    }
}

/// Named groups beside their tallies.
fn groups<'a>(names: impl Iterator<Item = &'a str>, tallies: &[Tally]) -> Vec<GroupJson> {
    names
        .zip(tallies)
        .map(|(name, tally)| group(name, tally))
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
                figures: group(&name, &cell.tally),
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
    let pieces: Vec<String> = (0..scenario.categories.len())
        .map(|i| scenario.piece_name(CategoryId(i)))
        .collect();
    TrackJson {
        scenario: scenario.settings.name.clone(),
        unit: scenario.settings.unit,
        year: progress.year,
        as_of: progress.as_of.to_string(),
        year_gone: show(crate::track::progress::percent(progress.year_gone)),
        pace_basis: progress.pace_basis,
        register: register.to_string(),
        parcels_counted: progress.total.parcels,
        parcels_after_as_of: progress.later,
        total: group("total", &progress.total),
        tiers: progress
            .tiers
            .iter()
            .map(|(tier, tally)| group(&format!("tier {tier}"), tally))
            .collect(),
        categories: groups(pieces.iter().map(String::as_str), &progress.categories),
        towns: groups(
            scenario.towns.iter().map(|t| t.name.as_str()),
            &progress.towns,
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
        method_flags: progress
            .method_flags
            .iter()
            .map(|(parcel, violation)| MethodFlagJson {
                parcel: parcel.clone(),
                violation: super::check::violation_json(scenario, violation),
            })
            .collect(),
    }
}

/// The header of a group table: the name column, then the figures (units in the headers).
fn group_header(words: &Words, name: (&str, &str)) -> Vec<String> {
    let mut header = vec![words.pick(name.0, name.1).to_string()];
    header.extend(figure_header(words));
    header
}

/// The figure columns of every table, in the report's language.
fn figure_header(words: &Words) -> Vec<String> {
    let unit = words.unit();
    match words.lang {
        Lang::Zh => vec![
            format!("计划（{unit}）"),
            format!("已供应（{unit}）"),
            format!("剩余（{unit}）"),
            format!("超计划（{unit}）"),
            "完成率（%）".to_string(),
            "较序时进度（百分点）".to_string(),
            "宗数".to_string(),
        ],
        Lang::En => [
            "planned",
            "supplied",
            "remaining",
            "over",
            "rate (%)",
            "pace (pp)",
            "parcels",
        ]
        .map(str::to_string)
        .to_vec(),
    }
}

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

/// The header of the cells table in the report's language.
fn cell_header(words: &Words) -> Vec<String> {
    let mut header = words.cell_columns();
    header.extend(figure_header(words));
    header.push(words.pick("预警", "flag").to_string());
    header
}

/// The header of the supply-by-method table (方式).
fn method_header(words: &Words) -> Vec<String> {
    let unit = words.unit();
    match words.lang {
        Lang::Zh => vec![
            "用地类型".to_string(),
            format!("出让（{unit}）"),
            format!("划拨（{unit}）"),
            format!("租赁（{unit}）"),
            format!("未注明方式（{unit}）"),
            format!("合计（{unit}）"),
        ],
        Lang::En => [
            "category",
            "sale",
            "allocation",
            "lease",
            "unspecified",
            "total",
        ]
        .map(str::to_string)
        .to_vec(),
    }
}

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

/// A group's name as a reader sees it: the view's `total` and `tier N` in the report's
/// language, other names (towns, categories) as the plan writes them.
fn group_name(words: &Words, name: &str) -> String {
    if name == "total" {
        return words.total().to_string();
    }
    match name.strip_prefix("tier ").and_then(|n| n.parse().ok()) {
        Some(tier) => words.tier(tier),
        None => name.to_string(),
    }
}

fn group_row(words: &Words, group: &GroupJson) -> Vec<String> {
    let mut row = vec![group_name(words, &group.name)];
    row.extend(figures(group));
    row
}

/// Rows of a group table with the 合计 row under them.
fn group_rows(words: &Words, groups: &[GroupJson], total: &GroupJson) -> Vec<Vec<String>> {
    groups
        .iter()
        .chain(std::iter::once(total))
        .map(|g| group_row(words, g))
        .collect()
}

fn kind_name(kind: FlagKind) -> &'static str {
    match kind {
        FlagKind::OutsidePlan => "outside_plan",
        FlagKind::OverPlan => "over_plan",
        FlagKind::OverCap => "over_cap",
    }
}

/// A flag's kind in the report's language.
fn kind_words(words: &Words, kind: FlagKind) -> &'static str {
    match kind {
        FlagKind::OutsidePlan => words.pick("计划外供地", "outside_plan"),
        FlagKind::OverPlan => words.pick("超计划供地", "over_plan"),
        FlagKind::OverCap => words.pick("超供应总量", "over_cap"),
    }
}

/// One row per cell, as `--format csv` writes them (rates in percent, paces in points).
pub fn cell_rows(view: &TrackJson) -> Vec<Vec<String>> {
    view.cells
        .iter()
        .map(|c| cell_row(c, |k| kind_name(k).to_string()))
        .collect()
}

fn cell_row(c: &CellJson, kind: impl Fn(FlagKind) -> String) -> Vec<String> {
    let flags: Vec<String> = c.flags.iter().map(|k| kind(*k)).collect();
    let mut row = vec![c.town.clone(), c.category.clone(), c.tier.to_string()];
    row.extend(figures(&c.figures));
    row.push(flags.join(";"));
    row
}

fn method_rows(words: &Words, view: &TrackJson) -> Vec<Vec<String>> {
    view.methods
        .iter()
        .map(|m| {
            vec![
                group_name(words, &m.category),
                m.sale.clone(),
                m.allocation.clone(),
                m.lease.clone(),
                m.unspecified.clone(),
                m.total.clone(),
            ]
        })
        .collect()
}

fn headline(words: &Words, view: &TrackJson) -> String {
    let total = &view.total;
    let rate = total
        .rate
        .clone()
        .map(|r| format!("{r}%"))
        .unwrap_or_default();
    let pace = total.pace.clone().unwrap_or_default();
    let (unit, plan) = (words.unit(), words.plan_name());
    let against = pace_basis(words, view.pace_basis);
    let mut out = words.pick(
        format!(
            "{plan}执行情况：截至 {}（全年时间已过 {}%），单位：{unit}\n",
            view.as_of, view.year_gone
        ),
        format!(
            "{} {}: execution to {} ({}% of the year gone), figures in {}\n",
            view.scenario, view.year, view.as_of, view.year_gone, view.unit
        ),
    );
    out.push_str(&words.pick(
        format!(
            "已供应 {}，占供应总量上限 {} 的 {rate}，尚余 {}；较{against} {pace} 个百分点（应供 {}）；计入 {} 宗（{}）\n",
            total.supplied, total.planned, total.remaining, total.expected, view.parcels_counted, view.register
        ),
        format!(
            "supplied {} of the cap {} ({rate}), {} remaining; pace {pace} percentage points against {against} ({} expected by now); {} parcel(s) from {}\n",
            total.supplied, total.planned, total.remaining, total.expected, view.parcels_counted, view.register
        ),
    ));
    if view.parcels_after_as_of > 0 {
        out.push_str(&words.pick(
            format!(
                "{} 宗的供地日期在 {} 之后，未计入\n",
                view.parcels_after_as_of, view.as_of
            ),
            format!(
                "{} parcel(s) dated after {} are not counted\n",
                view.parcels_after_as_of, view.as_of
            ),
        ));
    }
    out
}

/// What the pace is measured against, in the report's words.
fn pace_basis(words: &Words, basis: crate::track::progress::PaceBasis) -> &'static str {
    use crate::track::progress::PaceBasis;
    match basis {
        PaceBasis::Calendar => words.pick("序时进度", "the calendar"),
        PaceBasis::ParcelPlan => words.pick("地块供应时序", "the parcel plan's quarterly schedule"),
        PaceBasis::ScheduleFile => words.pick(
            "供应时序（schedule.csv）",
            "the quarterly schedule of schedule.csv",
        ),
    }
}

/// A flag in the report's language: the English message of the view, or its Chinese from
/// the same figures.
fn flag_words(words: &Words, flag: &FlagJson) -> String {
    let unit = words.unit();
    let (id, date, area) = (&flag.parcel, &flag.date, &flag.area);
    let scope = group_name(words, &flag.scope);
    let text = match (words.lang, flag.kind) {
        (Lang::En, _) => flag.message.clone(),
        (Lang::Zh, FlagKind::OutsidePlan) => format!(
            "地块 {id}（{area} {unit}，{date}）位于{scope}，该项未列入计划：对于未列入计划的地块，原则上不予办理土地供应手续"
        ),
        (Lang::Zh, FlagKind::OverPlan) => format!(
            "{scope}：计划 {}，已供应 {}，超计划 {} {unit}；地块 {id}（{area} {unit}，{date}）供应后超出计划",
            flag.planned, flag.supplied, flag.over
        ),
        (Lang::Zh, FlagKind::OverCap) => format!(
            "合计：已供应 {}，超过供应总量上限 {} 达 {} {unit}；地块 {id}（{area} {unit}，{date}）供应后超出总量",
            flag.supplied, flag.planned, flag.over
        ),
    };
    format!("{}{}{text}", flag.location, words.pick("：", ": "))
}

/// A parcel supplied by a method the rules forbid or ask to verify, at its line.
fn method_flag_words(words: &Words, flag: &MethodFlagJson) -> String {
    let (parcel, flag) = (&flag.parcel, &flag.violation);
    let text = match words.lang {
        Lang::Zh => {
            let verdict = if flag.kind == "forbidden" {
                "不符合规定"
            } else {
                "须核实"
            };
            format!(
                "地块 {parcel}：{}以{}方式供应{verdict}：{}（依据：{}）",
                flag.category, flag.method, flag.reason, flag.citation
            )
        }
        Lang::En => format!("parcel {parcel}: {}", flag.message),
    };
    format!("{}{}{text}", flag.location, words.pick("：", ": "))
}

/// The sections of a progress report, in the table and Markdown layouts.
pub fn render_text(words: &Words, view: &TrackJson, layout: Layout) -> String {
    let mut out = (layout.prose)(&headline(words, view));
    let title = |zh: &str, en: &str| (layout.title)(words.pick(zh, en));
    let table = |header: Vec<String>, rows: Vec<Vec<String>>| {
        let header: Vec<&str> = header.iter().map(String::as_str).collect();
        (layout.table)(&header, &rows)
    };
    out.push_str(&title("预警事项", "Flags"));
    if view.flags.is_empty() && view.method_flags.is_empty() {
        out.push_str(&(layout.item)(words.pick(
            "无：所有地块均在计划内，没有各镇分类用地超计划，供应合计未超总量",
            "none: every parcel is inside the plan, no cell is past its plan and the total is within the cap",
        )));
    }
    for flag in &view.flags {
        out.push_str(&(layout.item)(&flag_words(words, flag)));
    }
    for flag in &view.method_flags {
        out.push_str(&(layout.item)(&method_flag_words(words, flag)));
    }
    out.push_str(&title("各优先级", "Tiers"));
    out.push_str(&table(
        group_header(words, ("优先级", "name")),
        group_rows(words, &view.tiers, &view.total),
    ));
    out.push_str(&title("各类用地（结构）", "Categories (结构)"));
    out.push_str(&table(
        group_header(words, ("用地类型", "name")),
        group_rows(words, &view.categories, &view.total),
    ));
    out.push_str(&title("各镇（布局）", "Towns (布局)"));
    out.push_str(&table(
        group_header(words, ("镇", "name")),
        group_rows(words, &view.towns, &view.total),
    ));
    out.push_str(&title("各镇分类用地", "Cells"));
    let cells = view
        .cells
        .iter()
        .map(|c| cell_row(c, |k| kind_words(words, k).to_string()))
        .collect();
    out.push_str(&table(cell_header(words), cells));
    out.push_str(&title("按供应方式（方式）", "Supply by method (方式)"));
    out.push_str(&table(method_header(words), method_rows(words, view)));
    out
}

/// Renders a progress report in `lang`; `register` names the parcel register it was built
/// from.
pub fn render(
    scenario: &Scenario,
    progress: &Progress,
    register: &str,
    format: Format,
    lang: Lang,
) -> String {
    let view = view(scenario, progress, register);
    let words = Words::new(lang, scenario);
    match format {
        Format::Json => json(&view),
        Format::Csv => excel_csv(CELL_HEADER, &cell_rows(&view)),
        Format::Table => render_text(&words, &view, TERMINAL),
        Format::Md => {
            let title = words.pick(
                format!("{}执行情况通报", words.plan_name()),
                format!("Execution of {} {}", view.scenario, view.year),
            );
            let mut out = markdown::title(&title);
            out.push('\n');
            out.push_str(&render_text(&words, &view, MARKDOWN));
            out
        }
    }
}
