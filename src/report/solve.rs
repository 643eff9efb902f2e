//! Renders a solve: allocation beside the plan, tier/town/category totals, binding limits,
//! marginal values, or the relaxation of an infeasible scenario.

use super::page::words::{Lang, Words};
use super::{excel_csv, json, markdown, Format, Layout, MARKDOWN, TERMINAL};
use crate::constraints::ConstraintId;
use crate::evaluate::{Evaluation, Totals};
use crate::number::show;

use crate::scenario::{CategoryId, Scenario};
use crate::solve::infeasible::{RelaxTarget, Relaxation};
use crate::solve::{SolveReport, Status};
use serde::Serialize;

/// The JSON document of `landplan solve --format json` (decimal strings, stable keys).
#[derive(Debug, Serialize)]
pub struct SolveJson {
    pub scenario: String,
    pub status: Status,
    pub unit: crate::scenario::Unit,
    pub backend: &'static str,
    /// Which algorithm answered (`laminar`: the exact greedy on the limit tree, no LP; `lp`:
    /// the LP stages on `backend`); `None` without an answer.
    pub path: Option<crate::solve::engine::SolverPath>,
    pub cap: String,
    pub supplied: Option<String>,
    pub cells: Vec<CellJson>,
    pub towns: Vec<GroupJson>,
    pub categories: Vec<GroupJson>,
    pub tiers: Vec<TierJson>,
    pub marginal_values: Vec<MarginalJson>,
    pub binding: Vec<BindingJson>,
    pub relaxation: Vec<RelaxationJson>,
    /// Another verified relaxation that leaves the first one's limits alone.
    pub alternative_relaxation: Vec<RelaxationJson>,
    pub infeasibility: Option<InfeasibilityJson>,
    /// Stock and new land (when the scenario gives stock or a new-land quota).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sources: Option<super::sources::SourcesJson>,
    /// Each category's land by supply method (when the folder has methods.csv).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub methods: Option<Vec<super::sources::MethodSplitJson>>,
}

#[derive(Debug, Serialize)]
pub struct CellJson {
    pub town: String,
    pub category: String,
    pub tier: u32,
    pub plan: String,
    pub demand: String,
    pub committed: String,
    pub allocated: String,
    pub delta: String,
}

#[derive(Debug, Serialize)]
pub struct GroupJson {
    pub name: String,
    pub plan: String,
    pub demand: String,
    pub committed: String,
    pub supplied: String,
    pub shortfall: String,
    pub fill: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct TierJson {
    pub tier: u32,
    pub categories: Vec<String>,
    pub demand: String,
    pub supplied: String,
    pub shortfall: String,
    pub fill: Option<String>,
    /// The clause each category of the tier rests on (`basis` in categories.csv):
    /// `category：clause`; empty when the folder gives none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub basis: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct GainJson {
    pub tier: u32,
    pub gain: String,
}

#[derive(Debug, Serialize)]
pub struct MarginalJson {
    #[serde(skip)]
    pub id: ConstraintId,
    pub constraint: String,
    pub label: String,
    pub step: String,
    pub tier_gains: Vec<GainJson>,
    pub note: Option<String>,
    /// How the value was found (`tree`, `flow`, `multipliers`, `resolve`).
    pub derivation: crate::solve::marginal::Derivation,
    /// Whether a checked re-solve gave the same gains.
    pub verified: bool,
}

#[derive(Debug, Serialize)]
pub struct BindingJson {
    #[serde(skip)]
    pub id: ConstraintId,
    pub constraint: String,
    pub label: String,
    pub limit: String,
    pub value: String,
}

#[derive(Debug, Serialize)]
pub struct RelaxationJson {
    #[serde(skip)]
    pub relaxation: Relaxation,
    pub target: String,
    pub from: String,
    pub to: String,
    pub by: String,
    pub message: String,
}

#[derive(Debug, Serialize)]
pub struct InfeasibilityJson {
    pub minimum_violation: String,
    pub relaxation_verified: bool,
    pub confirmed_by: String,
}

fn group(name: &str, totals: &Totals) -> GroupJson {
    GroupJson {
        name: name.to_string(),
        plan: show(totals.plan),
        demand: show(totals.demand),
        committed: show(totals.committed),
        supplied: show(totals.supplied),
        shortfall: show(totals.shortfall()),
        fill: totals.fill().map(show),
    }
}

/// Names a relaxation's target and says what to do, in the planner's words.
pub fn relaxation_message(scenario: &Scenario, relaxation: &Relaxation) -> (String, String) {
    let unit = scenario.settings.unit;
    let (from, to, by) = (
        show(relaxation.from),
        show(relaxation.to),
        show(relaxation.by),
    );
    match relaxation.target {
        RelaxTarget::Committed { cell } => {
            let cell = &scenario.cells[cell];
            let name = format!(
                "{}/{}",
                scenario.town(cell.town).name,
                scenario.category(cell.category).name
            );
            (
                format!("committed:{name}"),
                format!("release {by} {unit} of the land committed to {name} ({from} -> {to})"),
            )
        }
        RelaxTarget::Limit { constraint } => {
            let label = constraint.label(scenario);
            let share = crate::constraints::is_share(scenario, constraint);
            let (amount, from, to) = if share {
                (
                    format!("{by} percentage points"),
                    format!("{from}%"),
                    format!("{to}%"),
                )
            } else {
                (format!("{by} {unit}"), from, to)
            };
            let verb = if relaxation.to > relaxation.from {
                "raise"
            } else {
                "lower"
            };
            (
                constraint.key(scenario),
                format!("{verb} the {label} by {amount} ({from} -> {to})"),
            )
        }
    }
}

/// The cells of an evaluated allocation beside their plan, demand and bounds.
pub fn cells_json(scenario: &Scenario, evaluation: &Evaluation) -> Vec<CellJson> {
    evaluation
        .cells
        .iter()
        .map(|c| CellJson {
            town: scenario.town(c.town).name.clone(),
            category: scenario.category(c.category).name.clone(),
            tier: scenario.category(c.category).tier,
            plan: show(c.plan),
            demand: show(c.demand),
            committed: show(c.committed),
            allocated: show(c.allocated),
            delta: show(c.delta()),
        })
        .collect()
}

/// Each town's and each category's totals.
pub fn groups_json(
    scenario: &Scenario,
    evaluation: &Evaluation,
) -> (Vec<GroupJson>, Vec<GroupJson>) {
    let towns = scenario
        .towns
        .iter()
        .zip(&evaluation.towns)
        .map(|(t, totals)| group(&t.name, totals))
        .collect();
    let categories = (0..scenario.categories.len())
        .zip(&evaluation.categories)
        .map(|(c, totals)| group(&scenario.piece_name(CategoryId(c)), totals))
        .collect();
    (towns, categories)
}

/// Each tier's demand, supply, shortfall and fill.
pub fn tiers_json(scenario: &Scenario, evaluation: &Evaluation) -> Vec<TierJson> {
    evaluation
        .tiers
        .iter()
        .map(|t| TierJson {
            tier: t.tier,
            categories: t
                .categories
                .iter()
                .map(|c| scenario.piece_name(*c))
                .collect(),
            demand: show(t.totals.demand),
            supplied: show(t.totals.supplied),
            shortfall: show(t.totals.shortfall()),
            fill: t.totals.fill().map(show),
            basis: tier_basis(scenario, &t.categories),
        })
        .collect()
}

/// The clause each category of a tier rests on, `category：clause`, for those that give one.
pub fn tier_basis(scenario: &Scenario, categories: &[crate::scenario::CategoryId]) -> Vec<String> {
    categories
        .iter()
        .filter_map(|c| {
            let category = scenario.category(*c);
            let basis = category.basis.as_deref()?;
            Some(format!("{}：{basis}", category.name))
        })
        .collect()
}

/// Builds the JSON view of a solve (also the source of every other format).
pub fn view(scenario: &Scenario, report: &SolveReport) -> SolveJson {
    let mut out = SolveJson {
        scenario: scenario.settings.name.clone(),
        status: report.status(),
        unit: scenario.settings.unit,
        backend: report.backend.name(),
        path: report.allocated().map(|a| a.path),
        cap: show(scenario.settings.cap),
        supplied: None,
        cells: Vec::new(),
        towns: Vec::new(),
        categories: Vec::new(),
        tiers: Vec::new(),
        marginal_values: Vec::new(),
        binding: Vec::new(),
        relaxation: Vec::new(),
        alternative_relaxation: Vec::new(),
        infeasibility: None,
        sources: None,
        methods: None,
    };
    if let Some(allocated) = report.allocated() {
        let evaluation = &allocated.evaluation;
        out.supplied = Some(show(evaluation.total.supplied));
        out.cells = cells_json(scenario, evaluation);
        (out.towns, out.categories) = groups_json(scenario, evaluation);
        out.tiers = tiers_json(scenario, evaluation);
        out.sources = super::sources::sources_json(scenario, &allocated.allocation);
        out.binding = evaluation
            .binding()
            .map(|c| BindingJson {
                id: c.id,
                constraint: c.id.key(scenario),
                label: c.id.label(scenario),
                limit: show(c.limit),
                value: show(c.value),
            })
            .collect();
    }
    out.marginal_values = report
        .marginal_values()
        .iter()
        .map(|m| MarginalJson {
            id: m.constraint,
            constraint: m.constraint.key(scenario),
            label: m.constraint.label(scenario),
            step: show(m.step),
            tier_gains: m
                .tier_gains
                .iter()
                .map(|(tier, gain)| GainJson {
                    tier: *tier,
                    gain: show(*gain),
                })
                .collect(),
            note: m.note.clone(),
            derivation: m.derivation,
            verified: m.verified,
        })
        .collect();
    if let Some(infeasibility) = report.infeasibility() {
        out.relaxation = relaxations(scenario, &infeasibility.relaxations);
        out.alternative_relaxation = relaxations(scenario, &infeasibility.alternative);
        out.infeasibility = Some(InfeasibilityJson {
            minimum_violation: format!("{:.6}", infeasibility.minimum_violation),
            relaxation_verified: infeasibility.relaxation_verified,
            confirmed_by: "an elastic model (every limit and commitment may be loosened at a cost of 1 per unit) whose least total loosening is above zero".to_string(),
        });
    }
    out
}

fn relaxations(scenario: &Scenario, relaxations: &[Relaxation]) -> Vec<RelaxationJson> {
    relaxations
        .iter()
        .map(|r| {
            let (target, message) = relaxation_message(scenario, r);
            RelaxationJson {
                relaxation: r.clone(),
                target,
                from: show(r.from),
                to: show(r.to),
                by: show(r.by),
                message,
            }
        })
        .collect()
}

/// The columns of a cell table (and of `solve --format csv`).
const CELL_HEADER: &[&str] = &[
    "town",
    "category",
    "tier",
    "plan",
    "demand",
    "committed",
    "allocated",
    "delta",
];
/// The columns of a tier table.
const TIER_HEADER: &[&str] = &[
    "tier",
    "categories",
    "demand",
    "supplied",
    "shortfall",
    "fill",
];
/// The columns of a town or category table.
const GROUP_HEADER: &[&str] = &[
    "name",
    "plan",
    "demand",
    "committed",
    "supplied",
    "shortfall",
    "fill",
];

/// The figure columns of the cell, tier and group tables: their headers name the unit.
const FIGURE_COLUMNS: &[&str] = &[
    "plan",
    "demand",
    "committed",
    "allocated",
    "delta",
    "supplied",
    "shortfall",
];

/// Rows of a town or category table.
fn group_rows(words: &Words, groups: &[GroupJson]) -> Vec<Vec<String>> {
    let figure = |text: &str| words.figure_text(text);
    groups
        .iter()
        .map(|g| {
            vec![
                g.name.clone(),
                figure(&g.plan),
                figure(&g.demand),
                figure(&g.committed),
                figure(&g.supplied),
                figure(&g.shortfall),
                words.ratio_cell(g.fill.as_deref().unwrap_or_default()),
            ]
        })
        .collect()
}

/// Rows of a cell table.
fn cell_rows(words: &Words, cells: &[CellJson]) -> Vec<Vec<String>> {
    let figure = |text: &str| words.figure_text(text);
    cells
        .iter()
        .map(|c| {
            vec![
                c.town.clone(),
                c.category.clone(),
                c.tier.to_string(),
                figure(&c.plan),
                figure(&c.demand),
                figure(&c.committed),
                figure(&c.allocated),
                figure(&c.delta),
            ]
        })
        .collect()
}

/// Rows of a tier table.
fn tier_rows(words: &Words, tiers: &[TierJson]) -> Vec<Vec<String>> {
    tiers
        .iter()
        .map(|t| {
            vec![
                words.tier_cell(t.tier),
                t.categories.join("、"),
                words.figure_text(&t.demand),
                words.figure_text(&t.supplied),
                words.figure_text(&t.shortfall),
                words.ratio_cell(t.fill.as_deref().unwrap_or_default()),
            ]
        })
        .collect()
}

fn marginal_lines(words: &Words, view: &SolveJson) -> Vec<String> {
    view.marginal_values
        .iter()
        .map(|m| {
            let limit = words.limit(m.id);
            let step = m
                .step
                .parse()
                .map_or(m.step.clone(), |step| words.limit_amount(m.id, step));
            match &m.note {
                Some(note) => words.pick(
                    format!("{limit}放宽 {step}：无法得出（{note}）"),
                    format!("{limit} +{step}: not known ({note})"),
                ),
                None => {
                    let gains: Vec<String> = m
                        .tier_gains
                        .iter()
                        .map(|g| {
                            let gain = signed(&words.figure_text(&g.gain));
                            format!("{} {gain}", words.tier(g.tier))
                        })
                        .collect();
                    words.pick(
                        format!("{limit}放宽 {step}：{}", words.join(&gains)),
                        format!("{limit} +{step}: {}", gains.join(", ")),
                    )
                }
            }
        })
        .collect()
}

fn signed(text: &str) -> String {
    if text.starts_with('-') || text == "0" {
        text.to_string()
    } else {
        format!("+{text}")
    }
}

/// What answered, for the headline: the exact engine by its method, the LP stages by their
/// solver's name.
fn answered_by(words: &Words, view: &SolveJson) -> String {
    use crate::solve::engine::SolverPath;
    match view.path {
        Some(path @ (SolverPath::Laminar | SolverPath::Flow)) => {
            words.solver_path(path).to_string()
        }
        _ => view.backend.to_string(),
    }
}

fn headline(words: &Words, view: &SolveJson) -> String {
    let name = match words.lang {
        Lang::Zh => words.plan_name(),
        Lang::En => view.scenario.clone(),
    };
    let cap = words.area_text(&view.cap);
    let supplied = words.area_text(view.supplied.as_deref().unwrap_or_default());
    let line = match view.status {
        Status::Optimal => words.pick(
            format!(
                "{name}：已求得最优方案（{}），供应总量上限 {cap}，本方案供应 {supplied}\n",
                answered_by(words, view),
            ),
            format!(
                "{name}: optimal ({}), cap {cap}, supplied {supplied}\n",
                answered_by(words, view),
            ),
        ),
        Status::Infeasible => words.pick(
            format!("{name}：无可行方案（经复核确认），供应总量上限 {cap}\n"),
            format!("{name}: infeasible (confirmed), cap {cap}\n"),
        ),
    };
    match words.unit_note() {
        Some(note) => format!("{line}{note}\n"),
        None => line,
    }
}

/// Renders a solve report: tables and Markdown in `lang`, JSON and CSV with English keys.
pub fn render(scenario: &Scenario, report: &SolveReport, format: Format, lang: Lang) -> String {
    render_with_methods(scenario, report, None, format, &Words::new(lang, scenario))
}

/// Renders a solve report with each category's land split by supply method, in the words'
/// language and unit (`--unit`). JSON stays in the scenario's unit, named by its `unit` key;
/// CSV is in the one unit asked for (the scenario's for `both`), named in its headers.
pub fn render_with_methods(
    scenario: &Scenario,
    report: &SolveReport,
    methods: Option<&[crate::methods::split::CategorySplit]>,
    format: Format,
    words: &Words,
) -> String {
    let mut view = view(scenario, report);
    view.methods = methods.map(|splits| super::sources::methods_json(scenario, splits));
    let words = *words;
    match format {
        Format::Json => json(&view),
        Format::Csv => {
            let data = Words {
                lang: Lang::En,
                ..words.for_data()
            };
            let header = data.figure_columns(CELL_HEADER, FIGURE_COLUMNS);
            let header: Vec<&str> = header.iter().map(String::as_str).collect();
            excel_csv(&header, &cell_rows(&data, &view.cells))
        }
        Format::Table => render_text(&words, &view, TERMINAL),
        Format::Md => {
            let mut out = markdown::title(&words.pick(
                format!("{}配置方案", words.plan_name()),
                format!("Solve of {}", view.scenario),
            ));
            out.push('\n');
            out.push_str(&render_text(&words, &view, MARKDOWN));
            out
        }
    }
}

/// The tier, town, category and cell tables of an evaluated allocation.
pub fn evaluation_tables(
    words: &Words,
    (tiers, towns, categories, cells): (&[TierJson], &[GroupJson], &[GroupJson], &[CellJson]),
    layout: Layout,
) -> String {
    let (table, title) = (layout.table, layout.title);
    let header = |keys: &[&'static str]| words.figure_columns(keys, FIGURE_COLUMNS);
    let mut out = title(words.pick("各优先级", "Tiers"));
    out.push_str(&table(
        &strs(&header(TIER_HEADER)),
        &tier_rows(words, tiers),
    ));
    out.push_str(&tier_basis_lines(words, tiers, layout));
    out.push_str(&title(words.pick("供应布局（各镇）", "Towns")));
    let group_header = header(GROUP_HEADER);
    out.push_str(&table(&strs(&group_header), &group_rows(words, towns)));
    out.push_str(&title(words.pick("供应结构（各类用地）", "Categories")));
    out.push_str(&table(&strs(&group_header), &group_rows(words, categories)));
    out.push_str(&title(words.pick("各镇分类用地", "Cells")));
    out.push_str(&table(
        &strs(&header(CELL_HEADER)),
        &cell_rows(words, cells),
    ));
    out
}

/// Headers as the table layouts take them.
fn strs(header: &[String]) -> Vec<&str> {
    header.iter().map(String::as_str).collect()
}

/// The relaxations of an infeasible scenario, one line each, in the language.
fn relaxation_items(
    words: &Words,
    relaxations: &[RelaxationJson],
    item: fn(&str) -> String,
) -> String {
    relaxations
        .iter()
        .map(|r| item(&words.relaxation(&r.relaxation)))
        .collect()
}

/// What an infeasible scenario needs and how that was checked.
fn infeasible_text(words: &Words, view: &SolveJson, layout: Layout) -> String {
    let (title, item) = (layout.title, layout.item);
    let mut out = title(words.pick(
        "需调整的指标及幅度（最小调整）",
        "Smallest relaxation that makes it feasible",
    ));
    out.push_str(&relaxation_items(words, &view.relaxation, item));
    if !view.alternative_relaxation.is_empty() {
        out.push_str(&title(
            words.pick("或者，不动上述指标", "Or, leaving those limits alone"),
        ));
        out.push_str(&relaxation_items(words, &view.alternative_relaxation, item));
    }
    if let Some(info) = &view.infeasibility {
        out.push_str(&title(words.pick("复核方法", "How this was checked")));
        let line = match (words.lang, info.relaxation_verified) {
            (Lang::Zh, true) => "经复核确认无可行方案：允许每项控制指标和已落实项目用地按单位代价放宽，所需放宽量之和仍大于零；按上述调整后重算可解，并通过精确校验".to_string(),
            (Lang::Zh, false) => "经复核确认无可行方案；注意：按上述调整后重算未能求解，调整幅度仅供参考".to_string(),
            (Lang::En, true) => format!("confirmed by {}; the relaxed scenario solves and passes the exact check", info.confirmed_by),
            (Lang::En, false) => format!("confirmed by {}; WARNING: the relaxed scenario did not solve; treat the relaxation as indicative", info.confirmed_by),
        };
        out.push_str(&item(&line));
    }
    out
}

/// The clause each tier rests on (an assumption: plans publish no tiers), when the folder
/// gives one.
fn tier_basis_lines(words: &Words, tiers: &[TierJson], layout: Layout) -> String {
    if tiers.iter().all(|t| t.basis.is_empty()) {
        return String::new();
    }
    let mut out = (layout.title)(words.pick(
        "优先级排序依据（本工具的假设：计划未公布优先级）",
        "Basis of the tiers (an assumption: the plan publishes no tiers)",
    ));
    for tier in tiers {
        for basis in &tier.basis {
            let line = words.pick(
                format!("{}：{basis}", words.tier(tier.tier)),
                format!("tier {}: {basis}", tier.tier),
            );
            out.push_str(&(layout.item)(&line));
        }
    }
    out
}

/// The table and Markdown layouts differ only in how tables, titles and list lines look.
fn render_text(words: &Words, view: &SolveJson, layout: Layout) -> String {
    let (title, item) = (layout.title, layout.item);
    let mut out = (layout.prose)(&headline(words, view));
    if view.status == Status::Infeasible {
        out.push_str(&infeasible_text(words, view, layout));
        return out;
    }
    out.push_str(&evaluation_tables(
        words,
        (&view.tiers, &view.towns, &view.categories, &view.cells),
        layout,
    ));
    if let Some(sources) = &view.sources {
        out.push_str(&super::sources::render_sources(words, sources, layout));
    }
    if let Some(methods) = &view.methods {
        out.push_str(&super::sources::render_methods(words, methods, layout));
    }
    out.push_str(&title(words.pick("已用足的控制指标", "Binding limits")));
    if view.binding.is_empty() {
        out.push_str(&item(words.pick(
            "无：各项控制指标均有余量",
            "none: every limit has room left",
        )));
    }
    for binding in &view.binding {
        out.push_str(&item(&words.pick(
            format!(
                "{}：本方案 {}，指标 {}",
                words.limit(binding.id),
                words.figure_text(&binding.value),
                words.figure_text(&binding.limit)
            ),
            format!(
                "{}: {} of {}",
                binding.label,
                words.figure_text(&binding.value),
                words.figure_text(&binding.limit)
            ),
        )));
    }
    if !view.marginal_values.is_empty() {
        out.push_str(&title(words.pick(
            "控制指标每放宽 1 个单位，各优先级供应的变化",
            "Marginal values (change in each tier's supply for one more unit of the limit)",
        )));
        for line in marginal_lines(words, view) {
            out.push_str(&item(&line));
        }
    }
    out
}

/// Whether a constraint id refers to the cap (for callers that want the cap's marginal value).
pub fn is_cap(id: ConstraintId) -> bool {
    id == ConstraintId::Cap
}
