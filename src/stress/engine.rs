//! The solver that stress and sweep call many times: the structure-exploiting `laminar`
//! algorithm where it applies, the LP stages of `solve::allocate` where it does not.
//!
//! Input: a scenario, once (`Engine::new`), to prepare the exact constraints, the tiers and,
//! when the limits nest, the tree with each limit's room above committed land; then, per
//! solve, the same scenario with other demands (only demands may change between solves).
//! Output: `solve::Outcome`, every answer rounded and certified by `solve::certified`
//! exactly like `solve::allocate`. It never claims infeasibility itself: a scenario whose
//! committed land breaks a limit goes to the LP, and callers confirm with `solve::solve`.

use super::laminar::{self, CellFigures, Tree};
use crate::constraints::{constraints, Constraint};
use crate::model::numeric::to_f64;
use crate::model::TierCells;
use crate::scenario::Scenario;
use crate::solve::backend::Backend;
use crate::solve::{certified, Outcome, SolveError};
use rust_decimal::Decimal;
use serde::Serialize;

/// Which algorithm answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SolverPath {
    /// Nested upper limits only: greedy on the tree (see `laminar`).
    Laminar,
    /// Anything else: the staged LP of `solve::allocate`.
    Lp,
}

impl SolverPath {
    pub fn describe(self) -> &'static str {
        match self {
            SolverPath::Laminar => "nested limits: exact greedy on the limit tree",
            SolverPath::Lp => "general rules: lexicographic LP stages",
        }
    }
}

/// The tree and each node's room above committed land (both independent of demand).
#[derive(Debug, Clone)]
struct Prepared {
    tree: Tree,
    room: Vec<f64>,
    committed: Vec<f64>,
    plan: Vec<f64>,
}

/// A solver prepared for one scenario's structure.
#[derive(Debug, Clone)]
pub struct Engine {
    constraints: Vec<Constraint>,
    tiers: Vec<TierCells>,
    prepared: Option<Prepared>,
    backend: Backend,
}

impl Engine {
    /// Prepares the constraints and, when the limits nest and committed land fits in every
    /// one of them, the tree.
    pub fn new(scenario: &Scenario, backend: Backend) -> Engine {
        let constraints = constraints(scenario);
        let prepared = prepare(scenario, &constraints);
        Engine {
            tiers: crate::model::tier_cells(scenario),
            constraints,
            prepared,
            backend,
        }
    }

    /// Only the staged LP (for checks and benchmarks of the fast path against it).
    pub fn lp_only(scenario: &Scenario, backend: Backend) -> Engine {
        Engine {
            prepared: None,
            ..Engine::new(scenario, backend)
        }
    }

    pub fn path(&self) -> SolverPath {
        if self.prepared.is_some() {
            SolverPath::Laminar
        } else {
            SolverPath::Lp
        }
    }

    /// The cells of each tier, in tier order.
    pub fn tiers(&self) -> &[TierCells] {
        &self.tiers
    }

    /// The exact constraints (the same for every solve of this engine).
    pub fn constraints(&self) -> &[Constraint] {
        &self.constraints
    }

    /// Solves `scenario`, which must differ from the one the engine was built for in cell
    /// demands at most; rounds and certifies the answer.
    pub fn allocate(&self, scenario: &Scenario) -> Result<Outcome, SolveError> {
        let Some(prepared) = &self.prepared else {
            return crate::solve::allocate(scenario, self.backend);
        };
        assert_eq!(
            prepared.committed.len(),
            scenario.cells.len(),
            "an engine solves the scenario it was built for"
        );
        let demand: Vec<f64> = scenario.cells.iter().map(|c| to_f64(c.demand)).collect();
        let stages = laminar::solve(
            &prepared.tree,
            &prepared.room,
            &self.tiers,
            CellFigures {
                committed: &prepared.committed,
                demand: &demand,
                plan: &prepared.plan,
            },
        );
        let allocated = certified(scenario, &self.constraints, &self.tiers, stages)?;
        Ok(Outcome::Optimal(Box::new(allocated)))
    }
}

/// The tree and rooms, when the limits nest and committed land breaks none of them (checked
/// exactly; otherwise the LP decides).
fn prepare(scenario: &Scenario, constraints: &[Constraint]) -> Option<Prepared> {
    let tree = Tree::build(scenario.cells.len(), constraints)?;
    let committed: Vec<Decimal> = scenario.cells.iter().map(|c| c.committed).collect();
    if constraints
        .iter()
        .any(|c| c.slack(&committed) < Decimal::ZERO)
    {
        return None;
    }
    let room = tree
        .constraint
        .iter()
        .map(|&k| to_f64(constraints[k].slack(&committed)))
        .collect();
    Some(Prepared {
        tree,
        room,
        committed: committed.iter().map(|&k| to_f64(k)).collect(),
        plan: scenario.cells.iter().map(|c| to_f64(c.plan)).collect(),
    })
}
