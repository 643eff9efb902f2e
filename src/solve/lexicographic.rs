//! The lexicographic objectives, solved strictly in order (never one weighted sum).
//!
//! Input: a `Model` and a backend. Output: the cells' values in `f64` after three families
//! of stages, each holding the optimum of the ones before it (within `HOLD_TOLERANCE`):
//! 1. tier by tier, maximise the tier's supplied land;
//! 2. tier by tier, maximise the smallest fill ratio (x - committed) / (demand - committed)
//!    among the tier's cells, so a cut is shared in proportion;
//! 3. minimise the total absolute deviation from the published cells.
//!
//! Rounding and checking the answer is `round` and `certificate`'s job, not this module's.

use super::backend::{Backend, BackendError, LpStatus};
use crate::model::lp::{Direction, LinearProgram, LpRow};
use crate::model::Model;

/// Relative tolerance with which an earlier stage's optimum is held in later stages:
/// a later stage may lower it by at most `HOLD_TOLERANCE x max(1, |optimum|)`.
pub const HOLD_TOLERANCE: f64 = 1e-9;

/// Cells whose demand exceeds committed land by less than this take no part in fair cuts.
pub const FLEXIBLE: f64 = 1e-12;

/// The optimum of each stage.
#[derive(Debug, Clone, PartialEq)]
pub struct LexSolution {
    /// The cells' values (columns 0..cells of the model).
    pub values: Vec<f64>,
    /// Each tier's maximal supply, in tier order.
    pub tier_optimum: Vec<f64>,
    /// Each tier's largest smallest fill ratio (`None` when the tier has no flexible cell).
    pub fair_ratio: Vec<Option<f64>>,
    /// The least total absolute deviation from the plan.
    pub deviation: f64,
}

/// The outcome of the staged solve.
#[derive(Debug, Clone, PartialEq)]
pub enum LexOutcome {
    Solved(LexSolution),
    /// The first stage found no feasible point (to be confirmed by the caller).
    Infeasible,
}

fn hold(optimum: f64) -> f64 {
    optimum - HOLD_TOLERANCE * optimum.abs().max(1.0)
}

fn optimum(backend: Backend, lp: &LinearProgram) -> Result<Option<Vec<f64>>, BackendError> {
    match backend.solve(lp)? {
        LpStatus::Optimal(values) => Ok(Some(values)),
        LpStatus::Infeasible => Ok(None),
        LpStatus::Unbounded => Err(BackendError {
            backend: backend.name(),
            message: "reported an unbounded stage, but every cell is bounded by its demand"
                .to_string(),
        }),
    }
}

/// A later stage must stay feasible: its program contains the previous optimum.
fn later_optimum(
    backend: Backend,
    lp: &LinearProgram,
    stage: &str,
) -> Result<Vec<f64>, BackendError> {
    optimum(backend, lp)?.ok_or_else(|| BackendError {
        backend: backend.name(),
        message: format!(
            "found the {stage} stage infeasible although the previous stage's optimum satisfies it"
        ),
    })
}

/// Solves every stage in order.
pub fn solve_lexicographic(model: &Model, backend: Backend) -> Result<LexOutcome, BackendError> {
    let cells = model.lp.columns.len();
    let mut lp = model.lp.clone();
    let mut tier_optimum = Vec::with_capacity(model.tiers.len());
    for (index, tier) in model.tiers.iter().enumerate() {
        let terms: Vec<(usize, f64)> = tier.cells.iter().map(|&cell| (cell, 1.0)).collect();
        lp.set_objective(Direction::Maximise, terms.clone());
        let values = if index == 0 {
            match optimum(backend, &lp)? {
                Some(values) => values,
                None => return Ok(LexOutcome::Infeasible),
            }
        } else {
            later_optimum(backend, &lp, "tier supply")?
        };
        let best = lp.objective_value(&values);
        lp.rows.push(LpRow {
            terms,
            lower: hold(best),
            upper: f64::INFINITY,
        });
        tier_optimum.push(best);
    }
    if model.tiers.is_empty() && optimum(backend, &lp)?.is_none() {
        return Ok(LexOutcome::Infeasible);
    }
    let fair_ratio = model
        .tiers
        .iter()
        .map(|tier| fair_cut(&mut lp, &tier.cells, backend))
        .collect::<Result<Vec<_>, _>>()?;
    let (values, deviation) = closest_to_plan(&mut lp, &model.plan, cells, backend)?;
    Ok(LexOutcome::Solved(LexSolution {
        values: values[..cells].to_vec(),
        tier_optimum,
        fair_ratio,
        deviation,
    }))
}

/// Maximises the smallest fill ratio of a tier's flexible cells, then holds it.
fn fair_cut(
    lp: &mut LinearProgram,
    cells: &[usize],
    backend: Backend,
) -> Result<Option<f64>, BackendError> {
    let flexible: Vec<usize> = cells
        .iter()
        .copied()
        .filter(|&c| lp.columns[c].upper - lp.columns[c].lower > FLEXIBLE)
        .collect();
    if flexible.is_empty() {
        return Ok(None);
    }
    let ratio = lp.add_column(0.0, 1.0);
    for &cell in &flexible {
        let column = lp.columns[cell];
        lp.rows.push(LpRow {
            terms: vec![(cell, 1.0), (ratio, column.lower - column.upper)],
            lower: column.lower,
            upper: f64::INFINITY,
        });
    }
    lp.set_objective(Direction::Maximise, vec![(ratio, 1.0)]);
    let values = later_optimum(backend, lp, "fair cut")?;
    let best = values[ratio].clamp(0.0, 1.0);
    lp.columns[ratio].lower = hold(best).max(0.0);
    Ok(Some(best))
}

/// Minimises the total absolute deviation from the plan: d >= x - plan, d >= plan - x.
fn closest_to_plan(
    lp: &mut LinearProgram,
    plan: &[f64],
    cells: usize,
    backend: Backend,
) -> Result<(Vec<f64>, f64), BackendError> {
    let objective = deviation_columns(lp, &plan[..cells.min(plan.len())]);
    lp.set_objective(Direction::Minimise, objective);
    let values = later_optimum(backend, lp, "closest-to-plan")?;
    let deviation = lp.objective_value(&values);
    Ok((values, deviation))
}

/// Adds one column d >= |x - plan| per cell (cells are columns 0..plan.len()) and returns
/// the terms of their sum, the total absolute deviation from the plan.
pub fn deviation_columns(lp: &mut LinearProgram, plan: &[f64]) -> Vec<(usize, f64)> {
    let mut sum = Vec::with_capacity(plan.len());
    for (cell, &published) in plan.iter().enumerate() {
        let deviation = lp.add_column(0.0, f64::INFINITY);
        lp.rows.push(LpRow {
            terms: vec![(deviation, 1.0), (cell, -1.0)],
            lower: -published,
            upper: f64::INFINITY,
        });
        lp.rows.push(LpRow {
            terms: vec![(deviation, 1.0), (cell, 1.0)],
            lower: published,
            upper: f64::INFINITY,
        });
        sum.push((deviation, 1.0));
    }
    sum
}
