//! Infeasibility, confirmed and explained in the planner's words.
//!
//! Input: a scenario the staged solve found infeasible, its model and a backend. Output: the
//! smallest relaxation (least total hectares of loosened limits and released commitments)
//! found by an elastic model, each item named by its town, category or rule, and the proof:
//! the elastic model's minimum is positive (so the solver's "infeasible" is confirmed by a
//! second, always-feasible program) and the relaxed scenario solves and passes the
//! certificate. A solver's "infeasible" that the elastic model contradicts is an error, never
//! a claim shown to a planner.

use super::backend::{Backend, BackendError, LpStatus};
use crate::constraints::{relax, stated_limit, ConstraintId};
use crate::model::lp::{Direction, LpRow};
use crate::model::numeric::from_f64;
use crate::model::Model;
use crate::scenario::Scenario;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

/// Below this total violation the elastic model counts as feasible.
pub const ELASTIC_TOLERANCE: f64 = 1e-9;

/// What a relaxation loosens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RelaxTarget {
    /// A cap, bound, capacity or rule.
    Limit { constraint: ConstraintId },
    /// A cell's committed land.
    Committed { cell: usize },
}

/// One change that, with the others, makes the scenario feasible.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Relaxation {
    pub target: RelaxTarget,
    /// The figure now.
    pub from: Decimal,
    /// The figure that works.
    pub to: Decimal,
    /// How much it moves (in the scenario's unit; percentage points for a share rule).
    pub by: Decimal,
}

/// A confirmed infeasibility and its smallest relaxation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Infeasibility {
    /// The elastic model's least total violation (hectares, or the folder's unit).
    pub minimum_violation: f64,
    pub relaxations: Vec<Relaxation>,
    /// Whether the scenario with every relaxation applied solved and passed the certificate.
    pub relaxation_verified: bool,
    /// Another verified relaxation touching none of the same limits (may cost more); empty
    /// when there is none.
    pub alternative: Vec<Relaxation>,
}

/// Why an infeasibility could not be confirmed or explained.
#[derive(Debug, thiserror::Error)]
pub enum ExplainError {
    #[error(transparent)]
    Backend(#[from] BackendError),
    #[error("the solver reported the scenario infeasible, but an elastic model finds a point that breaks nothing (total violation {0:e}); refusing to claim infeasibility")]
    Unconfirmed(f64),
}

/// Elastic slack columns: one per constraint row, one per cell with committed land.
struct Elastic {
    lp: crate::model::lp::LinearProgram,
    rows: Vec<(usize, ConstraintId)>,
    committed: Vec<(usize, usize)>,
}

fn elastic(model: &Model) -> Elastic {
    let mut lp = model.lp.clone();
    let mut rows = Vec::new();
    for (row, id) in model.row_ids.iter().enumerate() {
        let slack = lp.add_column(0.0, f64::INFINITY);
        let direction = if lp.rows[row].upper.is_finite() {
            -1.0
        } else {
            1.0
        };
        lp.rows[row].terms.push((slack, direction));
        rows.push((slack, *id));
    }
    let mut committed = Vec::new();
    for cell in 0..model.lp.columns.len() {
        let lower = lp.columns[cell].lower;
        if lower > 0.0 {
            let slack = lp.add_column(0.0, f64::INFINITY);
            lp.columns[cell].lower = 0.0;
            lp.rows.push(LpRow {
                terms: vec![(cell, 1.0), (slack, 1.0)],
                lower,
                upper: f64::INFINITY,
            });
            committed.push((slack, cell));
        }
    }
    let objective = rows
        .iter()
        .map(|(s, _)| (*s, 1.0))
        .chain(committed.iter().map(|(s, _)| (*s, 1.0)))
        .collect();
    lp.set_objective(Direction::Minimise, objective);
    Elastic {
        lp,
        rows,
        committed,
    }
}

/// Rounds a slack up to the scenario's precision, so the relaxation is enough.
fn round_up(value: f64, scale: u32) -> Decimal {
    from_f64(value, scale + 3)
        .unwrap_or_default()
        .round_dp_with_strategy(scale, RoundingStrategy::AwayFromZero)
        .normalize()
}

/// Confirms and explains an infeasible scenario.
pub fn explain(
    scenario: &Scenario,
    model: &Model,
    backend: Backend,
    verify: impl Fn(&Scenario) -> bool,
) -> Result<Infeasibility, ExplainError> {
    let mut elastic = elastic(model);
    let values = match backend.solve(&elastic.lp)? {
        LpStatus::Optimal(values) => values,
        other => {
            return Err(BackendError {
                backend: backend.name(),
                message: format!(
                    "the elastic model, feasible by construction, came back {other:?}"
                ),
            }
            .into())
        }
    };
    let minimum_violation = elastic.lp.objective_value(&values);
    if minimum_violation <= ELASTIC_TOLERANCE {
        return Err(ExplainError::Unconfirmed(minimum_violation));
    }
    let relaxations = read_relaxations(scenario, model, &elastic, &values);
    let relaxation_verified = verify(&apply(scenario, &relaxations));
    let alternative = alternative(
        scenario,
        model,
        &mut elastic,
        &relaxations,
        backend,
        &verify,
    )?;
    Ok(Infeasibility {
        minimum_violation,
        relaxations,
        relaxation_verified,
        alternative,
    })
}

/// Another relaxation that leaves every target of the first one alone, when one exists and
/// its re-solve passes the certificate (for example: release committed land instead of
/// raising the cap).
fn alternative(
    scenario: &Scenario,
    model: &Model,
    elastic: &mut Elastic,
    first: &[Relaxation],
    backend: Backend,
    verify: &impl Fn(&Scenario) -> bool,
) -> Result<Vec<Relaxation>, BackendError> {
    for (slack, id) in &elastic.rows {
        if first
            .iter()
            .any(|r| r.target == RelaxTarget::Limit { constraint: *id })
        {
            elastic.lp.columns[*slack].upper = 0.0;
        }
    }
    for (slack, cell) in &elastic.committed {
        if first
            .iter()
            .any(|r| r.target == RelaxTarget::Committed { cell: *cell })
        {
            elastic.lp.columns[*slack].upper = 0.0;
        }
    }
    let LpStatus::Optimal(values) = backend.solve(&elastic.lp)? else {
        return Ok(Vec::new());
    };
    let relaxations = read_relaxations(scenario, model, elastic, &values);
    Ok(
        if !relaxations.is_empty() && verify(&apply(scenario, &relaxations)) {
            relaxations
        } else {
            Vec::new()
        },
    )
}

/// The relaxations an elastic solution stands for, rounded up to the input's precision.
fn read_relaxations(
    scenario: &Scenario,
    model: &Model,
    elastic: &Elastic,
    values: &[f64],
) -> Vec<Relaxation> {
    let scale = scenario.scale();
    let supplied: f64 = values[..model.lp.columns.len()].iter().sum();
    let mut relaxations = Vec::new();
    for (slack, id) in &elastic.rows {
        relaxations.extend(limit_relaxation(
            scenario,
            *id,
            values[*slack],
            supplied,
            scale,
        ));
    }
    for (slack, cell) in &elastic.committed {
        let by = round_up(values[*slack], scale);
        if by > Decimal::ZERO {
            let from = scenario.cells[*cell].committed;
            relaxations.push(Relaxation {
                target: RelaxTarget::Committed { cell: *cell },
                from,
                to: (from - by).max(Decimal::ZERO),
                by,
            });
        }
    }
    relaxations.sort_by_key(|a| a.target);
    relaxations
}

/// The loosening of one limit that the elastic model chose. `supplied` is the elastic
/// point's total supply: a share rule's slack s (in land) means the share must grow by
/// s / supplied.
fn limit_relaxation(
    scenario: &Scenario,
    id: ConstraintId,
    slack: f64,
    supplied: f64,
    scale: u32,
) -> Option<Relaxation> {
    let from = stated_limit(scenario, id)?;
    let mut by = round_up(slack, scale);
    if crate::constraints::is_share(scenario, id) && by > Decimal::ZERO {
        by = if supplied > ELASTIC_TOLERANCE {
            round_up(100.0 * slack / supplied, scale.max(2))
        } else {
            Decimal::ONE_HUNDRED
        };
    }
    if by <= Decimal::ZERO {
        return None;
    }
    let mut relaxed = scenario.clone();
    relax(&mut relaxed, id, by);
    let to = stated_limit(&relaxed, id)?;
    Some(Relaxation {
        target: RelaxTarget::Limit { constraint: id },
        from,
        to,
        by,
    })
}

/// The scenario with every relaxation applied.
pub fn apply(scenario: &Scenario, relaxations: &[Relaxation]) -> Scenario {
    let mut relaxed = scenario.clone();
    for relaxation in relaxations {
        match relaxation.target {
            RelaxTarget::Limit { constraint } => relax(&mut relaxed, constraint, relaxation.by),
            RelaxTarget::Committed { cell } => relaxed.cells[cell].committed = relaxation.to,
        }
    }
    relaxed
}
