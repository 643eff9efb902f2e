//! Renders a solve: allocation beside the plan, tier/town/category totals, binding limits,
//! marginal values, or the relaxation of an infeasible scenario.

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
    pub constraint: String,
    pub label: String,
    pub step: String,
    pub tier_gains: Vec<GainJson>,
    pub note: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct BindingJson {
    pub constraint: String,
    pub label: String,
    pub limit: String,
    pub value: String,
}

#[derive(Debug, Serialize)]
pub struct RelaxationJson {
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

/// Rows of a town or category table.
fn group_rows(groups: &[GroupJson]) -> Vec<Vec<String>> {
    groups
        .iter()
        .map(|g| {
            vec![
                g.name.clone(),
                g.plan.clone(),
                g.demand.clone(),
                g.committed.clone(),
                g.supplied.clone(),
                g.shortfall.clone(),
                g.fill.clone().unwrap_or_default(),
            ]
        })
        .collect()
}

/// Rows of a cell table.
fn cell_rows(cells: &[CellJson]) -> Vec<Vec<String>> {
    cells
        .iter()
        .map(|c| {
            vec![
                c.town.clone(),
                c.category.clone(),
                c.tier.to_string(),
                c.plan.clone(),
                c.demand.clone(),
                c.committed.clone(),
                c.allocated.clone(),
                c.delta.clone(),
            ]
        })
        .collect()
}

/// Rows of a tier table.
fn tier_rows(tiers: &[TierJson]) -> Vec<Vec<String>> {
    tiers
        .iter()
        .map(|t| {
            vec![
                t.tier.to_string(),
                t.categories.join("、"),
                t.demand.clone(),
                t.supplied.clone(),
                t.shortfall.clone(),
                t.fill.clone().unwrap_or_default(),
            ]
        })
        .collect()
}

fn marginal_lines(view: &SolveJson) -> Vec<String> {
    view.marginal_values
        .iter()
        .map(|m| match &m.note {
            Some(note) => format!("{} +{}: not known ({note})", m.label, m.step),
            None => {
                let gains: Vec<String> = m
                    .tier_gains
                    .iter()
                    .map(|g| format!("tier {} {}", g.tier, signed(&g.gain)))
                    .collect();
                format!(
                    "{} +{} {}: {}",
                    m.label,
                    m.step,
                    view.unit,
                    gains.join(", ")
                )
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

fn headline(view: &SolveJson) -> String {
    match view.status {
        Status::Optimal => format!(
            "{}: optimal ({}), cap {} {unit}, supplied {} {unit}\n",
            view.scenario,
            view.backend,
            view.cap,
            view.supplied.clone().unwrap_or_default(),
            unit = view.unit
        ),
        Status::Infeasible => format!(
            "{}: infeasible (confirmed), cap {} {}\n",
            view.scenario, view.cap, view.unit
        ),
    }
}

/// Renders a solve report.
pub fn render(scenario: &Scenario, report: &SolveReport, format: Format) -> String {
    render_with_methods(scenario, report, None, format)
}

/// Renders a solve report with each category's land split by supply method.
pub fn render_with_methods(
    scenario: &Scenario,
    report: &SolveReport,
    methods: Option<&[crate::methods::split::CategorySplit]>,
    format: Format,
) -> String {
    let mut view = view(scenario, report);
    view.methods = methods.map(|splits| super::sources::methods_json(scenario, splits));
    match format {
        Format::Json => json(&view),
        Format::Csv => excel_csv(CELL_HEADER, &cell_rows(&view.cells)),
        Format::Table => render_text(&view, TERMINAL),
        Format::Md => {
            let mut out = markdown::title(&format!("Solve of {}", view.scenario));
            out.push('\n');
            out.push_str(&render_text(&view, MARKDOWN));
            out
        }
    }
}

/// The tier, town, category and cell tables of an evaluated allocation.
pub fn evaluation_tables(
    (tiers, towns, categories, cells): (&[TierJson], &[GroupJson], &[GroupJson], &[CellJson]),
    layout: Layout,
) -> String {
    let (table, title) = (layout.table, layout.title);
    let mut out = title("Tiers");
    out.push_str(&table(TIER_HEADER, &tier_rows(tiers)));
    out.push_str(&tier_basis_lines(tiers, layout));
    out.push_str(&title("Towns"));
    out.push_str(&table(GROUP_HEADER, &group_rows(towns)));
    out.push_str(&title("Categories"));
    out.push_str(&table(GROUP_HEADER, &group_rows(categories)));
    out.push_str(&title("Cells"));
    out.push_str(&table(CELL_HEADER, &cell_rows(cells)));
    out
}

/// The clause each tier rests on (an assumption: plans publish no tiers), when the folder
/// gives one.
fn tier_basis_lines(tiers: &[TierJson], layout: Layout) -> String {
    if tiers.iter().all(|t| t.basis.is_empty()) {
        return String::new();
    }
    let mut out = (layout.title)("Basis of the tiers (an assumption: the plan publishes no tiers)");
    for tier in tiers {
        for basis in &tier.basis {
            out.push_str(&(layout.item)(&format!("tier {}: {basis}", tier.tier)));
        }
    }
    out
}

/// The table and Markdown layouts differ only in how tables, titles and list lines look.
fn render_text(view: &SolveJson, layout: Layout) -> String {
    let (title, item) = (layout.title, layout.item);
    let mut out = (layout.prose)(&headline(view));
    if view.status == Status::Infeasible {
        out.push_str(&title("Smallest relaxation that makes it feasible"));
        for relaxation in &view.relaxation {
            out.push_str(&item(&relaxation.message));
        }
        if !view.alternative_relaxation.is_empty() {
            out.push_str(&title("Or, leaving those limits alone"));
            for relaxation in &view.alternative_relaxation {
                out.push_str(&item(&relaxation.message));
            }
        }
        if let Some(info) = &view.infeasibility {
            out.push_str(&title("How this was checked"));
            let verified = if info.relaxation_verified {
                "the relaxed scenario solves and passes the exact check"
            } else {
                "WARNING: the relaxed scenario did not solve; treat the relaxation as indicative"
            };
            out.push_str(&item(&format!(
                "confirmed by {}; {verified}",
                info.confirmed_by
            )));
        }
        return out;
    }
    out.push_str(&evaluation_tables(
        (&view.tiers, &view.towns, &view.categories, &view.cells),
        layout,
    ));
    let unit = view.unit.symbol();
    if let Some(sources) = &view.sources {
        out.push_str(&super::sources::render_sources(sources, unit, layout));
    }
    if let Some(methods) = &view.methods {
        out.push_str(&super::sources::render_methods(methods, unit, layout));
    }
    out.push_str(&title("Binding limits"));
    if view.binding.is_empty() {
        out.push_str(&item("none: every limit has room left"));
    }
    for binding in &view.binding {
        out.push_str(&item(&format!(
            "{}: {} of {}",
            binding.label, binding.value, binding.limit
        )));
    }
    if !view.marginal_values.is_empty() {
        out.push_str(&title(
            "Marginal values (change in each tier's supply for one more unit of the limit)",
        ));
        for line in marginal_lines(view) {
            out.push_str(&item(&line));
        }
    }
    out
}

/// Whether a constraint id refers to the cap (for callers that want the cap's marginal value).
pub fn is_cap(id: ConstraintId) -> bool {
    id == ConstraintId::Cap
}
