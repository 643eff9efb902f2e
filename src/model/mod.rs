//! Stage 4a, build model: the scenario as a linear program in `f64`.
//!
//! Input: a validated `Scenario` and its exact constraints (`crate::constraints`). Output: a
//! `Model`: one column per cell bounded by committed and demand, one row per constraint, and
//! the cells of each priority tier. This is where published decimals become `f64` (through
//! `numeric`, the one place that converts); the objectives of the lexicographic stages are
//! added by `solve`. Nothing here solves or rounds.

pub mod lp;
pub mod numeric;

use crate::constraints::{constraints, Constraint, ConstraintId, Sense};
use crate::scenario::Scenario;
use lp::{LinearProgram, LpColumn, LpRow};
use numeric::to_f64;

/// The cells of one priority tier.
#[derive(Debug, Clone, PartialEq)]
pub struct TierCells {
    pub tier: u32,
    /// Column indexes (= cell indexes).
    pub cells: Vec<usize>,
}

/// The allocation LP without an objective.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// Columns 0..cells are the cells; rows are the constraints in `row_ids` order.
    pub lp: LinearProgram,
    pub row_ids: Vec<ConstraintId>,
    pub tiers: Vec<TierCells>,
    /// The published figure of each cell (the closest-to-plan stage aims at it).
    pub plan: Vec<f64>,
}

/// Builds the model of a scenario.
pub fn build(scenario: &Scenario) -> Model {
    build_from(scenario, &constraints(scenario))
}

/// Builds the model from an already computed constraint list.
pub fn build_from(scenario: &Scenario, constraints: &[Constraint]) -> Model {
    let columns = scenario
        .cells
        .iter()
        .map(|cell| LpColumn {
            lower: to_f64(cell.committed),
            upper: to_f64(cell.demand),
        })
        .collect();
    let rows = constraints.iter().map(row_of).collect();
    let tiers = tier_cells(scenario);
    Model {
        lp: LinearProgram {
            columns,
            rows,
            ..LinearProgram::default()
        },
        row_ids: constraints.iter().map(|c| c.id).collect(),
        tiers,
        plan: scenario
            .cells
            .iter()
            .map(|cell| to_f64(cell.plan))
            .collect(),
    }
}

/// The cells of each priority tier, in tier order.
pub fn tier_cells(scenario: &Scenario) -> Vec<TierCells> {
    scenario
        .tiers()
        .into_iter()
        .map(|tier| TierCells {
            tier,
            cells: (0..scenario.cells.len())
                .filter(|&i| scenario.tier_of(&scenario.cells[i]) == tier)
                .collect(),
        })
        .collect()
}

fn row_of(constraint: &Constraint) -> LpRow {
    let terms = constraint
        .terms
        .iter()
        .map(|(cell, coefficient)| (*cell, to_f64(*coefficient)))
        .collect();
    let rhs = to_f64(constraint.rhs);
    match constraint.sense {
        Sense::AtMost => LpRow {
            terms,
            lower: f64::NEG_INFINITY,
            upper: rhs,
        },
        Sense::AtLeast => LpRow {
            terms,
            lower: rhs,
            upper: f64::INFINITY,
        },
    }
}
