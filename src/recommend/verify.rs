//! Re-solves a changed scenario and measures what the change did.
//!
//! Input: the scenario, its certified allocation (none when it is infeasible), a list of
//! changes and a backend. Output: the changed scenario's certified allocation
//! (`solve::allocate`) and an `Effect`: each tier's supply and each moved cell, before and
//! after, and the limits that bind afterwards but did not before. Every figure is the
//! difference of two certified exact allocations. A change whose scenario does not solve
//! gives no effect: nothing unconfirmed leaves this module.

use super::change::{apply, Change};
use crate::constraints::ConstraintId;
use crate::scenario::Scenario;
use crate::solve::backend::Backend;
use crate::solve::{allocate, Allocated, Outcome};
use rust_decimal::Decimal;
use serde::Serialize;

/// A tier's supply and shortfall (demand not supplied) before and after a change (`None`
/// before for an infeasible scenario).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TierChange {
    pub tier: u32,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub before: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str")]
    pub after: Decimal,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub shortfall_before: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str")]
    pub shortfall_after: Decimal,
}

impl TierChange {
    /// After minus before (0 when there was no before).
    pub fn gain(&self) -> Decimal {
        self.before
            .map_or(Decimal::ZERO, |before| (self.after - before).normalize())
    }
}

/// A cell whose allocation moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CellMove {
    pub cell: usize,
    #[serde(with = "rust_decimal::serde::str")]
    pub before: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    pub after: Decimal,
    /// The cell's demand after the change.
    #[serde(with = "rust_decimal::serde::str")]
    pub demand: Decimal,
}

/// What a re-solve found after a change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Effect {
    pub tiers: Vec<TierChange>,
    /// Cells whose allocation changed, in cell order.
    pub moved: Vec<CellMove>,
    /// Limits binding after the change that were not binding before.
    pub now_binding: Vec<ConstraintId>,
    /// Total supplied after the change.
    #[serde(with = "rust_decimal::serde::str")]
    pub supplied: Decimal,
}

impl Effect {
    /// The first tier of higher priority than `tier` (a smaller number) whose demand not
    /// supplied grew: land taken from it. (A tier whose demand falls, say by a deferral, and
    /// is still met in full loses no land it needs.)
    pub fn hurts_above(&self, tier: u32) -> Option<u32> {
        self.tiers
            .iter()
            .find(|t| {
                t.tier < tier
                    && t.shortfall_before
                        .is_some_and(|before| t.shortfall_after > before)
            })
            .map(|t| t.tier)
    }

    /// The sum of every tier's gain.
    pub fn total_gain(&self) -> Decimal {
        self.tiers.iter().map(TierChange::gain).sum()
    }
}

/// A re-solved change: the changed scenario, its allocation and the effect.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub scenario: Scenario,
    pub allocated: Allocated,
    pub effect: Effect,
}

/// Applies `changes` and re-solves; `None` when the changed scenario has no certified
/// allocation (infeasible, or the solver failed: the change is then not confirmed).
pub fn resolve(
    scenario: &Scenario,
    before: Option<&Allocated>,
    changes: &[Change],
    backend: Backend,
) -> Option<Resolved> {
    let changed = apply(scenario, changes);
    let Ok(Outcome::Optimal(allocated)) = allocate(&changed, backend) else {
        return None;
    };
    let effect = effect(&changed, before, &allocated);
    Some(Resolved {
        scenario: changed,
        allocated: *allocated,
        effect,
    })
}

fn effect(changed: &Scenario, before: Option<&Allocated>, after: &Allocated) -> Effect {
    let before_tiers: Vec<Option<&crate::evaluate::TierTotals>> = match before {
        Some(b) => b.evaluation.tiers.iter().map(Some).collect(),
        None => vec![None; after.evaluation.tiers.len()],
    };
    let tiers = after
        .evaluation
        .tiers
        .iter()
        .zip(before_tiers)
        .map(|(after, before)| TierChange {
            tier: after.tier,
            before: before.map(|b| b.totals.supplied.normalize()),
            after: after.totals.supplied.normalize(),
            shortfall_before: before.map(|b| b.totals.shortfall().normalize()),
            shortfall_after: after.totals.shortfall().normalize(),
        })
        .collect();
    let moved = before.map_or_else(Vec::new, |b| moved_cells(changed, b, after));
    let was_binding: Vec<ConstraintId> = before
        .map(|b| b.evaluation.binding().map(|c| c.id).collect())
        .unwrap_or_default();
    let now_binding = after
        .evaluation
        .binding()
        .map(|c| c.id)
        .filter(|id| !was_binding.contains(id))
        .collect();
    Effect {
        tiers,
        moved,
        now_binding,
        supplied: after.evaluation.total.supplied.normalize(),
    }
}

fn moved_cells(changed: &Scenario, before: &Allocated, after: &Allocated) -> Vec<CellMove> {
    before
        .allocation
        .iter()
        .zip(&after.allocation)
        .enumerate()
        .filter(|(_, (b, a))| b != a)
        .map(|(cell, (b, a))| CellMove {
            cell,
            before: b.normalize(),
            after: a.normalize(),
            demand: changed.cells[cell].demand.normalize(),
        })
        .collect()
}

impl CellMove {
    /// Land the cell loses (0 when it gains).
    pub fn loss(&self) -> Decimal {
        (self.before - self.after).max(Decimal::ZERO).normalize()
    }
}

/// Whether `cell` receives its whole demand in an allocation of `scenario`.
pub fn in_full(scenario: &Scenario, allocated: &Allocated, cell: usize) -> bool {
    allocated.allocation[cell] >= scenario.cells[cell].demand
}
