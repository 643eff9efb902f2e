//! One summary line per solved scenario, against the published plan.
//!
//! Input: a solved scenario (its solve report) and the base's published plan. Output: a
//! `Summary`: supply and demand per tier, the total supplied and short, how many cells differ
//! from the published plan and by how much in all (the L1 distance, via `compare`), the
//! binding limits, and whether it is feasible. Exact decimals; solves nothing itself.

use super::Lineage;
use crate::compare::{compare, NamedAllocation};
use crate::scenario::Scenario;
use crate::solve::{SolveReport, Status};
use rust_decimal::Decimal;

/// A tier's demand and supply in one scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TierSupply {
    pub tier: u32,
    pub demand: Decimal,
    pub supplied: Decimal,
}

/// The summary line of one scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub name: String,
    pub status: Status,
    /// Empty when infeasible.
    pub tiers: Vec<TierSupply>,
    pub supplied: Option<Decimal>,
    /// Demand not supplied, all cells together.
    pub shortfall: Option<Decimal>,
    /// Cells whose allocation differs from the published plan.
    pub cells_changed: Option<usize>,
    /// Sum over cells of |allocated - published|.
    pub distance: Option<Decimal>,
    /// Keys of the binding limits (`cap`, `rule:...`).
    pub binding: Vec<String>,
}

/// A scenario with its solve, lineage and summary: what `landplan run` reports per scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Solved {
    pub name: String,
    pub scenario: Scenario,
    pub lineage: Lineage,
    pub report: SolveReport,
    pub summary: Summary,
}

/// Summarises one solve against the published plan `plan`.
pub fn summarize(
    name: &str,
    scenario: &Scenario,
    report: &SolveReport,
    plan: &NamedAllocation,
) -> Summary {
    let mut summary = Summary {
        name: name.to_string(),
        status: report.status(),
        tiers: Vec::new(),
        supplied: None,
        shortfall: None,
        cells_changed: None,
        distance: None,
        binding: Vec::new(),
    };
    let Some(allocated) = report.allocated() else {
        return summary;
    };
    let evaluation = &allocated.evaluation;
    summary.tiers = evaluation
        .tiers
        .iter()
        .map(|t| TierSupply {
            tier: t.tier,
            demand: t.totals.demand,
            supplied: t.totals.supplied,
        })
        .collect();
    summary.supplied = Some(evaluation.total.supplied);
    summary.shortfall = Some(
        evaluation
            .cells
            .iter()
            .map(|c| (c.demand - c.allocated).max(Decimal::ZERO))
            .sum(),
    );
    let result = NamedAllocation::allocated(name, scenario, &allocated.allocation);
    let comparison = compare(plan, &result);
    summary.cells_changed = Some(comparison.cells_changed);
    summary.distance = Some(comparison.total_abs_change);
    summary.binding = evaluation.binding().map(|c| c.id.key(scenario)).collect();
    summary
}

impl Summary {
    pub fn feasible(&self) -> bool {
        self.status == Status::Optimal
    }
}
