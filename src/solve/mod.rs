//! Stage 4b, solve: a validated scenario to a certified allocation, or a confirmed and
//! explained infeasibility.
//!
//! Input: a `Scenario` with no validation problems. Output: a `SolveReport`: the allocation
//! (exact decimals at the input's precision, certified against every rule, every tier's total
//! proven the lexicographic optimum at those decimals by `proof`), its evaluation,
//! the marginal values of the cap and of every binding limit, or, when no allocation exists,
//! the smallest relaxation that makes one. Reads no files, prints nothing.
//!
//! ```text
//! nested limits:  solve::laminar (exact integer greedy + its multipliers) ----------\
//! other rules:    model::build -> lexicographic (f64 stages) -> round -> duals       |
//!                     |            (multipliers from a gap LP, unit-move repair)     |
//!                     |                                 certificate + proof <-------/ -> marginal
//!                     \-> infeasible -> elastic model -> relaxation -> re-solve check
//! new-land quota: quota::expand (stock and new parts) -> the same paths -> added back per cell
//! ```

pub mod aggregate;
pub mod backend;
pub mod certificate;

pub(crate) mod duals;
pub mod engine;
pub mod flow;
#[cfg(feature = "highs")]
mod highs;
pub mod infeasible;
pub mod laminar;
pub mod lexicographic;
pub mod marginal;
pub mod proof;
pub mod quota;
mod rates;
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
    /// The marginal values of the cap and binding limits (`marginal`: from the proof
    /// multipliers or the limit tree, a few re-solves to confirm).
    pub marginal_values: bool,
}

/// Why a solve produced no answer to show.
#[derive(Debug, thiserror::Error)]
pub enum SolveError {
    #[error(transparent)]
    Backend(#[from] BackendError),
    #[error("the solver's answer failed the exact check, so it is not shown: {}", .0.join("; "))]
    Certificate(Vec<String>),
    #[error("the solver's answer is not proven optimal, so it is not shown: {}", .0.join("; "))]
    NotOptimal(Vec<String>),
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
    /// Per tier, the multipliers that proved its optimum (checked exactly by `proof`): the
    /// marginal values are read from them (`marginal`).
    pub multipliers: Vec<proof::TierMultipliers>,
    /// Which algorithm found the answer: the exact greedy on the limit tree, or the LP stages
    /// (rounded and repaired).
    pub path: engine::SolverPath,
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

/// Solves the lexicographic problem exactly and certifies the answer: by the nested-limit
/// greedy, exact by construction, when the limits nest (`solve::laminar`); by the LP stages,
/// rounded, repaired and proven, otherwise. A scenario with a new-land quota is solved as its
/// stock/new expansion (`quota`).
pub fn allocate(scenario: &Scenario, backend: Backend) -> Result<Outcome, SolveError> {
    if scenario.settings.new_quota.is_some() {
        return quota::allocate(scenario, |expanded| allocate_plain(expanded, backend));
    }
    allocate_plain(scenario, backend)
}

fn allocate_plain(scenario: &Scenario, backend: Backend) -> Result<Outcome, SolveError> {
    let constraints = constraints(scenario);
    let tiers = crate::model::tier_cells(scenario);
    let proven = crate::solve::laminar::prepare(scenario, &constraints)
        .and_then(|prepared| prepared.solve(scenario, &tiers));
    match proven {
        Some(proven) => certified_exact(scenario, &constraints, &tiers, proven)
            .map(|allocated| Outcome::Optimal(Box::new(allocated))),
        None => match by_flow(scenario, &constraints, &tiers, backend) {
            Some(allocated) => Ok(Outcome::Optimal(Box::new(allocated))),
            None => allocate_lp_plain(scenario, backend),
        },
    }
}

/// The exact flow network's answer (`flow`), certified and proven; `None` when the
/// scenario is not a network, or the answer breaks a rule the network left out (or, which
/// would be a defect, fails its proof): the LP stages answer then.
pub(crate) fn by_flow(
    scenario: &Scenario,
    constraints: &[crate::constraints::Constraint],
    tiers: &[crate::model::TierCells],
    backend: Backend,
) -> Option<Allocated> {
    let answer = flow::prepare(scenario, constraints, tiers)?.solve()?;
    // Breaking a rule the network left out is expected (the LP answers then); failing the
    // proof, or needing a repair, would be a defect of the network: loud in tests, and never
    // shown (the LP answers) in a release build.
    let evaluation = certify(scenario, &answer.allocation).ok()?;
    let result = proven(
        scenario,
        constraints,
        tiers,
        (answer.allocation.clone(), evaluation),
        answer.stages,
        backend,
        engine::SolverPath::Flow,
    );
    match result {
        Ok(allocated) if allocated.allocation == answer.allocation => Some(allocated),
        // The proof's backend is missing or failed: the LP path reports it.
        Err(SolveError::Backend(_)) => None,
        other => {
            debug_assert!(
                false,
                "the flow stages' answer needed a repair or failed its proof: {other:?}"
            );
            None
        }
    }
}

/// Solves by the LP stages whatever the limits, rounds the answer and certifies it (the
/// cross-check of the nested-limit greedy, and the path of every scenario whose limits do not
/// nest).
pub fn allocate_lp(scenario: &Scenario, backend: Backend) -> Result<Outcome, SolveError> {
    if scenario.settings.new_quota.is_some() {
        return quota::allocate(scenario, |expanded| allocate_lp_plain(expanded, backend));
    }
    allocate_lp_plain(scenario, backend)
}

fn allocate_lp_plain(scenario: &Scenario, backend: Backend) -> Result<Outcome, SolveError> {
    let constraints = constraints(scenario);
    let model = crate::model::build_from(scenario, &constraints);
    match lexicographic::solve_lexicographic(&model, backend)? {
        LexOutcome::Infeasible => Ok(Outcome::Infeasible),
        LexOutcome::Solved(stages) => Ok(Outcome::Optimal(Box::new(certified(
            scenario,
            &constraints,
            &model.tiers,
            stages,
            backend,
        )?))),
    }
}

fn certify(scenario: &Scenario, allocation: &[Decimal]) -> Result<Evaluation, SolveError> {
    certificate::certify(scenario, allocation).map_err(SolveError::Certificate)
}

/// Rounds the stage solution of the LP stages to the scenario's decimals, repairs it until
/// every tier's optimum is proven (`proof`, with multipliers from each tier stage's duals)
/// and certifies it.
pub fn certified(
    scenario: &Scenario,
    constraints: &[crate::constraints::Constraint],
    tiers: &[crate::model::TierCells],
    stages: LexSolution,
    backend: Backend,
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
    let evaluation = certify(scenario, &allocation)?;
    proven(
        scenario,
        constraints,
        tiers,
        (allocation, evaluation),
        stages,
        backend,
        engine::SolverPath::Lp,
    )
}

/// A certified allocation with each tier's multipliers (`duals::prove`, which may repair a
/// tier left short), proven by `proof`.
fn proven(
    scenario: &Scenario,
    constraints: &[crate::constraints::Constraint],
    tiers: &[crate::model::TierCells],
    (allocation, evaluation): (Vec<Decimal>, Evaluation),
    stages: LexSolution,
    backend: Backend,
    path: engine::SolverPath,
) -> Result<Allocated, SolveError> {
    let problem = problem_of(scenario, constraints, tiers);
    let (allocation, multipliers) = duals::prove(scenario, &problem, allocation, backend)?;
    let evaluation = if allocation
        == evaluation
            .cells
            .iter()
            .map(|c| c.allocated)
            .collect::<Vec<_>>()
    {
        evaluation
    } else {
        certify(scenario, &allocation)?
    };
    problem
        .check(&allocation, &multipliers)
        .map_err(not_optimal)?;
    Ok(Allocated {
        allocation,
        evaluation,
        stages,
        multipliers,
        path,
    })
}

/// Certifies an exact answer (every rule kept, every tier's optimum proven by its
/// multipliers): the one way an exact algorithm's answer becomes an `Allocated`.
pub fn certified_exact(
    scenario: &Scenario,
    constraints: &[crate::constraints::Constraint],
    tiers: &[crate::model::TierCells],
    proven: crate::solve::laminar::Proven,
) -> Result<Allocated, SolveError> {
    let evaluation = certify(scenario, &proven.allocation)?;
    problem_of(scenario, constraints, tiers)
        .check(&proven.allocation, &proven.multipliers)
        .map_err(not_optimal)?;
    Ok(Allocated {
        allocation: proven.allocation,
        evaluation,
        stages: proven.stages,
        multipliers: proven.multipliers,
        path: engine::SolverPath::Laminar,
    })
}

/// What the proof of a scenario's answer is about.
fn problem_of<'a>(
    scenario: &'a Scenario,
    constraints: &'a [crate::constraints::Constraint],
    tiers: &'a [crate::model::TierCells],
) -> proof::Problem<'a> {
    proof::Problem {
        constraints,
        tiers,
        cells: &scenario.cells,
        decimals: scenario.scale(),
    }
}

fn not_optimal(unproven: Vec<proof::Unproven>) -> SolveError {
    SolveError::NotOptimal(unproven.iter().map(ToString::to_string).collect())
}

/// Optimal or infeasible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Optimal,
    Infeasible,
}

/// What a complete solve found: an allocation (with its marginal values) or a confirmed,
/// explained infeasibility; "optimal without an allocation" cannot be written.
#[derive(Debug, Clone, PartialEq)]
pub enum SolveResult {
    Optimal {
        allocated: Box<Allocated>,
        marginal_values: Vec<MarginalValue>,
    },
    Infeasible(Box<Infeasibility>),
}

/// Everything `landplan solve` reports.
#[derive(Debug, Clone, PartialEq)]
pub struct SolveReport {
    pub backend: Backend,
    pub result: SolveResult,
}

impl SolveReport {
    pub fn status(&self) -> Status {
        match self.result {
            SolveResult::Optimal { .. } => Status::Optimal,
            SolveResult::Infeasible(_) => Status::Infeasible,
        }
    }

    /// The certified allocation, when there is one.
    pub fn allocated(&self) -> Option<&Allocated> {
        match &self.result {
            SolveResult::Optimal { allocated, .. } => Some(allocated),
            SolveResult::Infeasible(_) => None,
        }
    }

    /// The marginal values (empty when infeasible or not asked for).
    pub fn marginal_values(&self) -> &[MarginalValue] {
        match &self.result {
            SolveResult::Optimal {
                marginal_values, ..
            } => marginal_values,
            SolveResult::Infeasible(_) => &[],
        }
    }

    /// The confirmed infeasibility, when there is one.
    pub fn infeasibility(&self) -> Option<&Infeasibility> {
        match &self.result {
            SolveResult::Optimal { .. } => None,
            SolveResult::Infeasible(infeasibility) => Some(infeasibility),
        }
    }
}

/// Solves a scenario completely: allocation, marginal values, or a confirmed relaxation.
pub fn solve(scenario: &Scenario, options: &SolveOptions) -> Result<SolveReport, SolveError> {
    let backend = options.backend;
    let result = match allocate(scenario, backend)? {
        Outcome::Optimal(allocated) => {
            let marginal_values = if options.marginal_values {
                probe(scenario, &allocated, backend)
            } else {
                Vec::new()
            };
            SolveResult::Optimal {
                allocated,
                marginal_values,
            }
        }
        Outcome::Infeasible => {
            let infeasibility = if scenario.settings.new_quota.is_some() {
                let verify = |relaxed: &Scenario| {
                    matches!(allocate_plain(relaxed, backend), Ok(Outcome::Optimal(_)))
                };
                quota::explain(scenario, backend, verify)?
            } else {
                let model = crate::model::build(scenario);
                let verify = |relaxed: &Scenario| {
                    matches!(allocate(relaxed, backend), Ok(Outcome::Optimal(_)))
                };
                infeasible::explain(scenario, &model, backend, verify)?
            };
            SolveResult::Infeasible(Box::new(infeasibility))
        }
    };
    Ok(SolveReport { backend, result })
}

/// Marginal values of the cap and of every binding limit (`marginal`; a re-solve only where
/// the tiers' multipliers cannot say, and to confirm the values a summary leads with).
fn probe(scenario: &Scenario, allocated: &Allocated, backend: Backend) -> Vec<MarginalValue> {
    marginal::marginal_values(
        scenario,
        allocated,
        &probes(allocated),
        &|loosened: &Scenario| resolve(loosened, backend),
    )
}

/// The cap and every binding limit.
pub fn probes(allocated: &Allocated) -> Vec<ConstraintId> {
    let mut probes = vec![ConstraintId::Cap];
    probes.extend(
        allocated
            .evaluation
            .binding()
            .map(|c| c.id)
            .filter(|id| *id != ConstraintId::Cap),
    );
    probes
}

/// The tiers' certified supply of a loosened scenario, or why there is none: the re-solve
/// behind every re-solved or verified marginal value.
pub fn resolve(loosened: &Scenario, backend: Backend) -> Result<Vec<(u32, Decimal)>, String> {
    match allocate(loosened, backend) {
        Ok(Outcome::Optimal(a)) => Ok(a.tier_supply()),
        Ok(Outcome::Infeasible) => Err("the loosened scenario is infeasible".to_string()),
        Err(error) => Err(error.to_string()),
    }
}
