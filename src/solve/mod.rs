//! Stage 4b, solve: a validated scenario to a certified allocation, or a confirmed and
//! explained infeasibility.
//!
//! Input: a `Scenario` with no validation problems. Output: a `SolveReport`: the allocation
//! (exact decimals at the input's precision, certified against every rule), its evaluation,
//! the marginal values of the cap and of every binding limit, or, when no allocation exists,
//! the smallest relaxation that makes one. Reads no files, prints nothing.
//!
//! ```text
//! model::build -> lexicographic (f64 stages) -> round -> certificate -> marginal
//!                         \-> infeasible -> elastic model -> relaxation -> re-solve check
//! ```

pub mod aggregate;
pub mod backend;
pub mod certificate;
#[cfg(feature = "highs")]
mod highs;
pub mod infeasible;
pub mod lexicographic;
pub mod marginal;
pub mod round;

use crate::constraints::{constraints, ConstraintId};
use crate::evaluate::Evaluation;
use crate::scenario::Scenario;
use backend::{Backend, BackendError};
use infeasible::{ExplainError, Infeasibility};
use lexicographic::{LexOutcome, LexSolution};
use marginal::MarginalValue;
use rust_decimal::Decimal;

/// How to solve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SolveOptions {
    pub backend: Backend,
    /// Probe the cap and binding limits with re-solves (one lexicographic solve each).
    pub marginal_values: bool,
}

/// Why a solve produced no answer to show.
#[derive(Debug, thiserror::Error)]
pub enum SolveError {
    #[error(transparent)]
    Backend(#[from] BackendError),
    #[error("the solver's answer failed the exact check, so it is not shown: {}", .0.join("; "))]
    Certificate(Vec<String>),
    #[error(transparent)]
    Explain(#[from] ExplainError),
}

/// A certified allocation.
#[derive(Debug, Clone, PartialEq)]
pub struct Allocated {
    /// One exact figure per cell of the scenario, in cell order.
    pub allocation: Vec<Decimal>,
    pub evaluation: Evaluation,
    /// The stage optima, in f64, as the solver found them.
    pub stages: LexSolution,
}

impl Allocated {
    /// (tier, supplied land) in tier order.
    pub fn tier_supply(&self) -> Vec<(u32, Decimal)> {
        self.evaluation
            .tiers
            .iter()
            .map(|t| (t.tier, t.totals.supplied))
            .collect()
    }
}

/// The result of the staged solve alone.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Optimal(Box<Allocated>),
    /// The solver found no feasible point (not yet confirmed).
    Infeasible,
}

/// Solves the lexicographic problem, rounds the answer and certifies it.
pub fn allocate(scenario: &Scenario, backend: Backend) -> Result<Outcome, SolveError> {
    let constraints = constraints(scenario);
    let model = crate::model::build_from(scenario, &constraints);
    match lexicographic::solve_lexicographic(&model, backend)? {
        LexOutcome::Infeasible => Ok(Outcome::Infeasible),
        LexOutcome::Solved(stages) => Ok(Outcome::Optimal(Box::new(certified(
            scenario,
            &constraints,
            &model.tiers,
            stages,
        )?))),
    }
}

/// Rounds the stage solution of any exact lexicographic algorithm (the LP stages or a
/// structure-exploiting one) to the scenario's decimals and certifies it: the one way an
/// answer becomes an `Allocated`.
pub fn certified(
    scenario: &Scenario,
    constraints: &[crate::constraints::Constraint],
    tiers: &[crate::model::TierCells],
    stages: LexSolution,
) -> Result<Allocated, SolveError> {
    let targets: Vec<round::TierTarget<'_>> = tiers
        .iter()
        .zip(&stages.tier_optimum)
        .map(|(tier, &optimum)| round::TierTarget {
            cells: &tier.cells,
            optimum,
        })
        .collect();
    let allocation = round::round_allocation(
        scenario,
        constraints,
        &stages.values,
        &targets,
        scenario.scale(),
    );
    let evaluation =
        certificate::certify(scenario, &allocation).map_err(SolveError::Certificate)?;
    Ok(Allocated {
        allocation,
        evaluation,
        stages,
    })
}

/// Optimal or infeasible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Optimal,
    Infeasible,
}

/// Everything `landplan solve` reports.
#[derive(Debug, Clone, PartialEq)]
pub struct SolveReport {
    pub backend: Backend,
    pub status: Status,
    pub allocated: Option<Allocated>,
    pub marginal_values: Vec<MarginalValue>,
    pub infeasibility: Option<Infeasibility>,
}

/// Solves a scenario completely: allocation, marginal values, or a confirmed relaxation.
pub fn solve(scenario: &Scenario, options: &SolveOptions) -> Result<SolveReport, SolveError> {
    let backend = options.backend;
    match allocate(scenario, backend)? {
        Outcome::Optimal(allocated) => {
            let marginal_values = if options.marginal_values {
                probe(scenario, &allocated, backend)
            } else {
                Vec::new()
            };
            Ok(SolveReport {
                backend,
                status: Status::Optimal,
                allocated: Some(*allocated),
                marginal_values,
                infeasibility: None,
            })
        }
        Outcome::Infeasible => {
            let model = crate::model::build(scenario);
            let verify =
                |relaxed: &Scenario| matches!(allocate(relaxed, backend), Ok(Outcome::Optimal(_)));
            let infeasibility = infeasible::explain(scenario, &model, backend, verify)?;
            Ok(SolveReport {
                backend,
                status: Status::Infeasible,
                allocated: None,
                marginal_values: Vec::new(),
                infeasibility: Some(infeasibility),
            })
        }
    }
}

/// Marginal values of the cap and of every binding limit.
fn probe(scenario: &Scenario, allocated: &Allocated, backend: Backend) -> Vec<MarginalValue> {
    let mut probes = vec![ConstraintId::Cap];
    probes.extend(
        allocated
            .evaluation
            .binding()
            .map(|c| c.id)
            .filter(|id| *id != ConstraintId::Cap),
    );
    let resolve = |loosened: &Scenario| match allocate(loosened, backend) {
        Ok(Outcome::Optimal(a)) => Ok(a.tier_supply()),
        Ok(Outcome::Infeasible) => Err("the loosened scenario is infeasible".to_string()),
        Err(error) => Err(error.to_string()),
    };
    marginal::marginal_values(scenario, &allocated.tier_supply(), &probes, resolve)
}
