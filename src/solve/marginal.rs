//! Marginal values: what one more unit of a limit is worth to each tier.
//!
//! Input: a solved scenario (its certified allocation and the multipliers that proved each
//! tier's optimum) and the limits to probe (the cap, always, and every binding constraint).
//! Output: for each, the change in every tier's supply when that limit is loosened by one unit
//! of the scenario (one percentage point for a share rule), as exact decimals.
//!
//! How, without one lexicographic re-solve per limit (docs/model.md, "Marginal values"):
//! - nested limits (`laminar`): the tree's tier maxima with the limit's room one unit larger,
//!   exact integer arithmetic, no LP;
//! - limits the flow network holds (`flow`: the cap, town capacities, category maxima):
//!   the network's tier maxima with that arc one unit wider, warm-started from the answer,
//!   exact, no LP (a loosened answer that breaks a rule the network leaves out goes on to
//!   the next way);
//! - other rules: one parametric computation per tier, from the multipliers that proved it
//!   (the duals of its held stage, `duals`): loosening limit k by s moves tier i by
//!   `g_i = s y_ik - sum_{j<i} mu_ij g_j` (its own dual, less what the earlier tiers' moves cost
//!   it through their held totals), rounded to the scenario's decimals. That rate holds as long
//!   as the tiers have room to move at it; when a tier would need more room than its cells
//!   have (a cut tier short by less than s, say), or the dual is not the loosening direction's,
//!   the step crosses a breakpoint and the value is re-solved;
//! - a share rule's percentage changes coefficients, not a right-hand side: re-solved.
//!
//! Re-solved values, and the few values a summary leads with (the cap and the `VERIFIED`
//! largest others), come from a checked re-solve of the whole lexicographic problem
//! (`by_resolve`, the independent check): a verified value that disagrees is replaced by the
//! re-solved one, so a shown value is never a dual's guess.

use crate::constraints::{Constraint, ConstraintId, Sense};
use crate::model::TierCells;
use crate::scenario::Scenario;
use crate::solve::Allocated;
use rayon::prelude::*;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::HashMap;

/// Besides the cap, this many values (the largest total movement first) are confirmed by a
/// re-solve.
pub const VERIFIED: usize = 2;

/// How far every limit is loosened: one unit of the scenario (a percentage point for a share
/// rule).
pub const STEP: Decimal = Decimal::ONE;

/// Where a marginal value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Derivation {
    /// The nested-limit tree's tier maxima (exact, no LP).
    Tree,
    /// The flow network's tier maxima, warm-started from the answer (exact, no LP).
    Flow,
    /// Each tier's proof multipliers (the duals of its held stage), within the tiers' room.
    Multipliers,
    /// A checked re-solve of the whole lexicographic problem with the limit loosened.
    Resolve,
}

/// One probed limit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MarginalValue {
    pub constraint: ConstraintId,
    /// How far the limit was loosened.
    pub step: Decimal,
    /// (tier, change in supplied land), in tier order; empty when the re-solve failed.
    pub tier_gains: Vec<(u32, Decimal)>,
    /// Why the gains are missing, when they are.
    pub note: Option<String>,
    pub derivation: Derivation,
    /// Whether a checked re-solve gave the same gains (always, for `Resolve`).
    pub verified: bool,
}

/// A re-solve: the tiers' supply of a loosened scenario, or why there is none.
pub type Resolve<'a> = dyn Fn(&Scenario) -> Result<Vec<(u32, Decimal)>, String> + Sync + 'a;

/// The marginal values of `probes` for a solved scenario; `resolve` re-solves a loosened copy.
pub fn marginal_values(
    scenario: &Scenario,
    allocated: &Allocated,
    probes: &[ConstraintId],
    resolve: &Resolve<'_>,
) -> Vec<MarginalValue> {
    let base = allocated.tier_supply();
    let mut values = derive(scenario, allocated, probes, resolve);
    verify(scenario, &base, &mut values, resolve);
    values
}

/// The values from the tree or the multipliers, re-solved only where they cannot say, none
/// yet verified.
pub fn derive(
    scenario: &Scenario,
    allocated: &Allocated,
    probes: &[ConstraintId],
    resolve: &Resolve<'_>,
) -> Vec<MarginalValue> {
    let base = allocated.tier_supply();
    if scenario.settings.new_quota.is_some() {
        // Solved through the stock/new expansion (`quota`): neither the tree nor the
        // multipliers describe the scenario's own rows, so every value is re-solved.
        return probes
            .par_iter()
            .map(|&constraint| by_resolve(scenario, &base, constraint, resolve))
            .collect();
    }
    let constraints = crate::constraints::constraints(scenario);
    let index: HashMap<ConstraintId, usize> = constraints
        .iter()
        .enumerate()
        .map(|(k, c)| (c.id, k))
        .collect();
    let tiers = crate::model::tier_cells(scenario);
    let tree = Tree::new(scenario, &constraints, &tiers, &base);
    let network = (allocated.path == super::engine::SolverPath::Flow)
        .then(|| super::flow::prepare(scenario, &constraints, &tiers))
        .flatten();
    let rates = super::rates::Rates::new(scenario, allocated, &constraints, &tiers);
    let derived: Vec<Option<MarginalValue>> = probes
        .par_iter()
        .map(|&constraint| {
            let &k = index.get(&constraint)?;
            if crate::constraints::is_share(scenario, constraint) {
                return None;
            }
            let by_flow = || {
                let extra = effective_step(&constraints[k], STEP);
                let maxima = network
                    .as_ref()?
                    .tier_maxima(&allocated.allocation, k, extra)?;
                Some((gains(&base, maxima.into_iter()), Derivation::Flow))
            };
            // A network that holds its tiers by fixing arcs re-solves every stage per probe:
            // the multipliers' rates go first there, its probes only where they refuse.
            let fixing = network.as_ref().is_some_and(|n| !n.holds_tiers_by_arcs());
            match &tree {
                Some(tree) => tree.gains(scenario, k, STEP, &base),
                None if fixing => rates.gains(k, STEP).or_else(by_flow),
                None => by_flow().or_else(|| rates.gains(k, STEP)),
            }
            .map(|(tier_gains, derivation)| MarginalValue {
                constraint,
                step: STEP,
                tier_gains,
                note: None,
                derivation,
                verified: false,
            })
        })
        .collect();
    // The values the tree and the multipliers cannot give are re-solved, in parallel.
    derived
        .into_par_iter()
        .zip(probes.par_iter())
        .map(|(value, &constraint)| {
            value.unwrap_or_else(|| by_resolve(scenario, &base, constraint, resolve))
        })
        .collect()
}

/// Confirms the cap's value and the `VERIFIED` largest others by re-solves; a value that
/// disagrees is replaced by the re-solved one.
fn verify(
    scenario: &Scenario,
    base: &[(u32, Decimal)],
    values: &mut [MarginalValue],
    resolve: &Resolve<'_>,
) {
    let movement = |m: &MarginalValue| -> Decimal { m.tier_gains.iter().map(|g| g.1.abs()).sum() };
    let mut order: Vec<usize> = (0..values.len())
        .filter(|&v| !values[v].verified && values[v].constraint != ConstraintId::Cap)
        .collect();
    order.sort_by(|&a, &b| {
        movement(&values[b])
            .cmp(&movement(&values[a]))
            .then(a.cmp(&b))
    });
    let cap = values
        .iter()
        .position(|m| m.constraint == ConstraintId::Cap && !m.verified);
    let chosen: Vec<usize> = cap
        .into_iter()
        .chain(order.into_iter().take(VERIFIED))
        .collect();
    let checked: Vec<MarginalValue> = chosen
        .par_iter()
        .map(|&v| by_resolve(scenario, base, values[v].constraint, resolve))
        .collect();
    for (v, checked) in chosen.into_iter().zip(checked) {
        if checked.note.is_some() {
            // The re-solve failed: the derived value stands, unverified.
            continue;
        }
        if checked.tier_gains == values[v].tier_gains {
            values[v].verified = true;
        } else {
            values[v] = checked;
        }
    }
}

/// The independent check: the limit loosened by one unit and the whole lexicographic problem
/// re-solved (`resolve` returns the tiers' certified supply or why it failed); the gains are
/// differences of two certified exact allocations.
pub fn by_resolve(
    scenario: &Scenario,
    base: &[(u32, Decimal)],
    constraint: ConstraintId,
    resolve: &Resolve<'_>,
) -> MarginalValue {
    let step = STEP;
    let mut loosened = scenario.clone();
    crate::constraints::relax(&mut loosened, constraint, step);
    let (tier_gains, note) = match resolve(&loosened) {
        Ok(supply) => (gains(base, supply.iter().map(|s| s.1)), None),
        Err(reason) => (Vec::new(), Some(reason)),
    };
    MarginalValue {
        constraint,
        step,
        verified: note.is_none(),
        tier_gains,
        note,
        derivation: Derivation::Resolve,
    }
}

/// (tier, after - before) for each tier.
fn gains(base: &[(u32, Decimal)], after: impl Iterator<Item = Decimal>) -> Vec<(u32, Decimal)> {
    base.iter()
        .zip(after)
        .map(|(&(tier, before), after)| (tier, (after - before).normalize()))
        .collect()
}

/// How far a limit's `<=` form really moves when it is loosened by `step`: a minimum never
/// goes below zero (`constraints::relax`).
pub(super) fn effective_step(constraint: &Constraint, step: Decimal) -> Decimal {
    match constraint.sense {
        Sense::AtMost => step,
        Sense::AtLeast => step.min(constraint.rhs.max(Decimal::ZERO)),
    }
}

/// The nested-limit tree of a scenario the exact engine answers.
struct Tree<'a> {
    prepared: crate::solve::laminar::Prepared,
    constraints: &'a [Constraint],
    tiers: &'a [TierCells],
}

impl<'a> Tree<'a> {
    /// The tree, when the limits nest and its tier maxima are the certified supply.
    fn new(
        scenario: &Scenario,
        constraints: &'a [Constraint],
        tiers: &'a [TierCells],
        base: &[(u32, Decimal)],
    ) -> Option<Tree<'a>> {
        let prepared = crate::solve::laminar::prepare(scenario, constraints)?;
        let maxima = prepared.tier_maxima(scenario, tiers, None)?;
        let same = maxima.iter().zip(base).all(|(m, (_, b))| m == b);
        same.then_some(Tree {
            prepared,
            constraints,
            tiers,
        })
    }

    fn gains(
        &self,
        scenario: &Scenario,
        k: usize,
        step: Decimal,
        base: &[(u32, Decimal)],
    ) -> Option<(Vec<(u32, Decimal)>, Derivation)> {
        let extra = effective_step(&self.constraints[k], step);
        let maxima = self
            .prepared
            .tier_maxima(scenario, self.tiers, Some((k, extra)))?;
        Some((gains(base, maxima.into_iter()), Derivation::Tree))
    }
}
