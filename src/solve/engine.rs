//! The solver that stress and sweep call many times: the exact nested-limit greedy
//! (`laminar`) where it applies, else the exact flow stages (`flow`) where the limits form a
//! network, the LP stages of `solve::allocate` where they do not (or where the network's
//! answer breaks a rule it leaves out).
//!
//! Input: a scenario, once (`Engine::new`), to prepare the exact constraints, the tiers and,
//! when the limits nest, the tree with each limit's room above committed land; then, per
//! solve, the same scenario with other demands (only demands may change between solves).
//! Output: `solve::Outcome`, every answer certified (every rule, and every tier's optimum
//! proven) exactly like `solve::allocate`'s. It never claims infeasibility itself: a
//! scenario whose committed land breaks a limit goes to the LP, and callers confirm with
//! `solve::solve`.

use super::laminar::{self, Prepared};
use crate::constraints::{constraints, Constraint};
use crate::model::TierCells;
use crate::scenario::Scenario;
use crate::solve::backend::Backend;
use crate::solve::{Outcome, SolveError};
use serde::Serialize;

/// Which algorithm answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SolverPath {
    /// Nested upper limits only: greedy on the tree (see `laminar`).
    Laminar,
    /// The cap, town-side and category-side limits as a flow network, other rules checked
    /// (see `flow`).
    Flow,
    /// Anything else: the staged LP of `solve::allocate`.
    Lp,
}

impl SolverPath {
    pub fn describe(self) -> &'static str {
        match self {
            SolverPath::Laminar => "nested limits: exact greedy on the limit tree",
            SolverPath::Flow => "town and category limits: exact flow stages on their network",
            SolverPath::Lp => "general rules: lexicographic LP stages",
        }
    }
}

/// A solver prepared for one scenario's structure.
#[derive(Debug, Clone)]
pub struct Engine {
    constraints: Vec<Constraint>,
    tiers: Vec<TierCells>,
    prepared: Option<Prepared>,
    /// Whether the limits form a flow network (`flow`), when they do not nest.
    network: bool,
    backend: Backend,
}

impl Engine {
    /// Prepares the constraints and, when the limits nest and committed land fits in every
    /// one of them, the tree.
    pub fn new(scenario: &Scenario, backend: Backend) -> Engine {
        let constraints = constraints(scenario);
        // The new-land quota needs cuts the tree cannot hold: the LP path adds them.
        let prepared = if scenario.settings.new_quota.is_some() {
            None
        } else {
            laminar::prepare(scenario, &constraints)
        };
        let tiers = crate::model::tier_cells(scenario);
        let network = prepared.is_none()
            && crate::solve::flow::prepare(scenario, &constraints, &tiers).is_some();
        Engine {
            tiers,
            constraints,
            prepared,
            network,
            backend,
        }
    }

    /// Only the staged LP (for checks and benchmarks of the fast path against it).
    pub fn lp_only(scenario: &Scenario, backend: Backend) -> Engine {
        Engine {
            prepared: None,
            network: false,
            ..Engine::new(scenario, backend)
        }
    }

    pub fn path(&self) -> SolverPath {
        if self.prepared.is_some() {
            SolverPath::Laminar
        } else if self.network {
            SolverPath::Flow
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
    /// demands at most, and certifies the answer.
    pub fn allocate(&self, scenario: &Scenario) -> Result<Outcome, SolveError> {
        let proven = self
            .prepared
            .as_ref()
            .and_then(|prepared| prepared.solve(scenario, &self.tiers));
        match proven {
            Some(proven) => {
                crate::solve::certified_exact(scenario, &self.constraints, &self.tiers, proven)
                    .map(|allocated| Outcome::Optimal(Box::new(allocated)))
            }
            None if self.network => {
                match crate::solve::by_flow(scenario, &self.constraints, &self.tiers, self.backend)
                {
                    Some(allocated) => Ok(Outcome::Optimal(Box::new(allocated))),
                    None => crate::solve::allocate_lp(scenario, self.backend),
                }
            }
            None => crate::solve::allocate_lp(scenario, self.backend),
        }
    }
}
