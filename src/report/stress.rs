//! Renders a stress run: per tier the probability of full supply and the shortfall
//! quantiles, per limit how often it binds, per town and cell how often it is cut and the
//! allocation quantiles. Pure: figures come from `stress::StressSummary`, nothing is computed
//! here but shares of counts for display.

use super::{excel_csv, json, markdown, Format, Layout, MARKDOWN, TERMINAL};
use crate::number::show;
use crate::scenario::Scenario;
use crate::stress::{QuantileSummary, StressSummary};
use rust_decimal::Decimal;
use serde::Serialize;

/// What the run was asked to do, beside what it found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StressContext {
    /// How demand moves, in words ("uniform x0.8..x1.2 on every cell's demand").
    pub uncertainty: String,
    /// The what-if scenario stressed, if any.
    pub whatif: Option<String>,
}

/// The JSON document of `landplan stress --format json`.
#[derive(Debug, Serialize)]
pub struct StressJson {
    pub scenario: String,
    pub whatif: Option<String>,
    pub unit: crate::scenario::Unit,
    pub seed: u64,
    pub samples_requested: u64,
    pub samples: u64,
    pub partial: bool,
    pub infeasible_samples: u64,
    pub uncertainty: String,
    pub solver: &'static str,
    pub quantiles: &'static str,
    pub tiers: Vec<TierJson>,
    pub limits: Vec<LimitJson>,
    pub towns: Vec<TownJson>,
    pub cells: Vec<CellJson>,
}

#[derive(Debug, Serialize)]
pub struct QuantilesJson {
    pub p5: String,
    pub p50: String,
    pub p95: String,
    /// The most any of the three can be off by (0: exact).
    pub error: String,
}

#[derive(Debug, Serialize)]
pub struct TierJson {
    pub tier: u32,
    pub categories: Vec<String>,
    pub fully_supplied: u64,
    pub probability_full: String,
    pub mean_shortfall: String,
    pub shortfall: QuantilesJson,
}

#[derive(Debug, Serialize)]
pub struct LimitJson {
    pub limit: String,
    pub label: String,
    pub binding: u64,
    pub share: String,
}

#[derive(Debug, Serialize)]
pub struct TownJson {
    pub town: String,
    pub cut: u64,
    pub share_cut: String,
    pub mean_shortfall: String,
}

#[derive(Debug, Serialize)]
pub struct CellJson {
    pub town: String,
    pub category: String,
    pub tier: u32,
    pub declared_demand: String,
    pub mean: String,
    pub allocation: QuantilesJson,
    pub cut: u64,
    pub share_cut: String,
}

/// How the quantiles are computed, for readers of the JSON.
const QUANTILES: &str = "nearest rank over fixed-range histograms of 4096 bins; `error` bounds the distance to the exact quantile";

fn quantiles(q: &QuantileSummary) -> QuantilesJson {
    QuantilesJson {
        p5: show(q.p5),
        p50: show(q.p50),
        p95: show(q.p95),
        error: show(q.error),
    }
}

/// count / solved, to 4 decimals.
fn share(count: u64, solved: u64) -> String {
    if solved == 0 {
        return "0".to_string();
    }
    show((Decimal::from(count) / Decimal::from(solved)).round_dp(4))
}

/// Builds the JSON view (also the source of every other format).
pub fn view(scenario: &Scenario, summary: &StressSummary, context: &StressContext) -> StressJson {
    let solved = summary.solved();
    let tier_of = |tier: u32| {
        scenario
            .categories
            .iter()
            .filter(|c| c.tier == tier)
            .map(|c| c.name.clone())
            .collect()
    };
    StressJson {
        scenario: scenario.settings.name.clone(),
        whatif: context.whatif.clone(),
        unit: scenario.settings.unit,
        seed: summary.seed,
        samples_requested: summary.requested,
        samples: summary.samples,
        partial: summary.partial(),
        infeasible_samples: summary.infeasible,
        uncertainty: context.uncertainty.clone(),
        solver: summary.path.describe(),
        quantiles: QUANTILES,
        tiers: summary
            .tiers
            .iter()
            .map(|t| TierJson {
                tier: t.tier,
                categories: tier_of(t.tier),
                fully_supplied: t.full,
                probability_full: share(t.full, solved),
                mean_shortfall: show(t.mean_shortfall),
                shortfall: quantiles(&t.shortfall),
            })
            .collect(),
        limits: summary
            .limits
            .iter()
            .map(|l| LimitJson {
                limit: l.id.key(scenario),
                label: l.id.label(scenario),
                binding: l.binding,
                share: share(l.binding, solved),
            })
            .collect(),
        towns: summary
            .towns
            .iter()
            .zip(&scenario.towns)
            .map(|(t, town)| TownJson {
                town: town.name.clone(),
                cut: t.cut,
                share_cut: share(t.cut, solved),
                mean_shortfall: show(t.mean_shortfall),
            })
            .collect(),
        cells: summary
            .cells
            .iter()
            .map(|c| {
                let cell = &scenario.cells[c.cell];
                CellJson {
                    town: scenario.town(cell.town).name.clone(),
                    category: scenario.category(cell.category).name.clone(),
                    tier: scenario.tier_of(cell),
                    declared_demand: show(cell.demand),
                    mean: show(c.mean),
                    allocation: quantiles(&c.allocation),
                    cut: c.cut,
                    share_cut: share(c.cut, solved),
                }
            })
            .collect(),
    }
}

const TIER_HEADER: &[&str] = &[
    "tier",
    "categories",
    "P(full supply)",
    "mean shortfall",
    "p5",
    "p50",
    "p95",
    "±",
];
const LIMIT_HEADER: &[&str] = &["limit", "binds in", "share"];
const TOWN_HEADER: &[&str] = &["town", "cut in", "share", "mean shortfall"];
const CELL_HEADER: &[&str] = &[
    "town", "category", "tier", "demand", "mean", "p5", "p50", "p95", "±", "cut in", "share",
];
const CSV_HEADER: &[&str] = &[
    "kind", "tier", "town", "category", "limit", "count", "share", "mean", "p5", "p50", "p95",
    "error",
];

fn tier_rows(view: &StressJson) -> Vec<Vec<String>> {
    view.tiers
        .iter()
        .map(|t| {
            vec![
                t.tier.to_string(),
                t.categories.join(", "),
                t.probability_full.clone(),
                t.mean_shortfall.clone(),
                t.shortfall.p5.clone(),
                t.shortfall.p50.clone(),
                t.shortfall.p95.clone(),
                t.shortfall.error.clone(),
            ]
        })
        .collect()
}

fn limit_rows(view: &StressJson) -> Vec<Vec<String>> {
    view.limits
        .iter()
        .map(|l| vec![l.label.clone(), l.binding.to_string(), l.share.clone()])
        .collect()
}

fn town_rows(view: &StressJson) -> Vec<Vec<String>> {
    view.towns
        .iter()
        .map(|t| {
            vec![
                t.town.clone(),
                t.cut.to_string(),
                t.share_cut.clone(),
                t.mean_shortfall.clone(),
            ]
        })
        .collect()
}

fn cell_rows(view: &StressJson) -> Vec<Vec<String>> {
    view.cells
        .iter()
        .map(|c| {
            vec![
                c.town.clone(),
                c.category.clone(),
                c.tier.to_string(),
                c.declared_demand.clone(),
                c.mean.clone(),
                c.allocation.p5.clone(),
                c.allocation.p50.clone(),
                c.allocation.p95.clone(),
                c.allocation.error.clone(),
                c.cut.to_string(),
                c.share_cut.clone(),
            ]
        })
        .collect()
}

/// Every figure in one long CSV table, one row per tier, limit, town and cell.
fn csv_rows(view: &StressJson) -> Vec<Vec<String>> {
    let blank = String::new;
    let q = |q: &QuantilesJson| [q.p5.clone(), q.p50.clone(), q.p95.clone(), q.error.clone()];
    let mut rows = Vec::new();
    for t in &view.tiers {
        let mut row = vec!["tier".into(), t.tier.to_string(), blank(), blank(), blank()];
        row.extend([t.fully_supplied.to_string(), t.probability_full.clone()]);
        row.push(t.mean_shortfall.clone());
        row.extend(q(&t.shortfall));
        rows.push(row);
    }
    for l in &view.limits {
        let mut row = vec!["limit".into(), blank(), blank(), blank(), l.limit.clone()];
        row.extend([l.binding.to_string(), l.share.clone()]);
        row.extend(std::iter::repeat_with(blank).take(5));
        rows.push(row);
    }
    for t in &view.towns {
        let mut row = vec!["town".into(), blank(), t.town.clone(), blank(), blank()];
        row.extend([
            t.cut.to_string(),
            t.share_cut.clone(),
            t.mean_shortfall.clone(),
        ]);
        row.extend(std::iter::repeat_with(blank).take(4));
        rows.push(row);
    }
    for c in &view.cells {
        let mut row = vec!["cell".into(), c.tier.to_string(), c.town.clone()];
        row.extend([
            c.category.clone(),
            blank(),
            c.cut.to_string(),
            c.share_cut.clone(),
        ]);
        row.push(c.mean.clone());
        row.extend(q(&c.allocation));
        rows.push(row);
    }
    rows
}

fn headline(view: &StressJson) -> Vec<String> {
    // A what-if scenario's name already says which one (`lianzhou-2025#cap-cut-10`).
    let scenario = &view.scenario;
    let mut lines = vec![
        format!(
            "stress of {scenario}: {} samples, seed {}, figures in {}",
            view.samples, view.seed, view.unit
        ),
        format!("demand: {}", view.uncertainty),
        format!("solver: {}", view.solver),
    ];
    if view.partial {
        lines.push(format!(
            "PARTIAL: stopped after {} of {} samples",
            view.samples, view.samples_requested
        ));
    }
    if view.infeasible_samples > 0 {
        lines.push(format!(
            "{} sample(s) infeasible (confirmed); the figures below cover the {} that solved",
            view.infeasible_samples,
            view.samples - view.infeasible_samples
        ));
    }
    lines
}

/// Renders a stress summary.
pub fn render(
    scenario: &Scenario,
    summary: &StressSummary,
    context: &StressContext,
    format: Format,
) -> String {
    let view = view(scenario, summary, context);
    match format {
        Format::Json => json(&view),
        Format::Csv => excel_csv(CSV_HEADER, &csv_rows(&view)),
        Format::Table => render_text(&view, TERMINAL),
        Format::Md => {
            let mut out = markdown::title(&format!("Stress of {}", view.scenario));
            out.push('\n');
            out.push_str(&render_text(&view, MARKDOWN));
            out
        }
    }
}

fn render_text(view: &StressJson, layout: Layout) -> String {
    let (table, title) = (layout.table, layout.title);
    let mut out = (layout.prose)(&headline(view).join("\n"));
    out.push('\n');
    out.push_str(&title("Tiers: probability of full supply and shortfall"));
    out.push_str(&table(TIER_HEADER, &tier_rows(view)));
    out.push_str(&title("Limits: how often each binds"));
    out.push_str(&table(LIMIT_HEADER, &limit_rows(view)));
    out.push_str(&title("Towns: how often each is cut"));
    out.push_str(&table(TOWN_HEADER, &town_rows(view)));
    out.push_str(&title(
        "Cells: allocation quantiles and how often each is cut",
    ));
    out.push_str(&table(CELL_HEADER, &cell_rows(view)));
    out
}
