//! The rate at which each tier's supply moves when one limit is loosened, read from the
//! multipliers that proved each tier optimal, and whether that rate holds for a whole step.
//!
//! Input: a solved scenario (allocation and per-tier `proof` multipliers), its exact
//! constraints and tiers. Output, per limit k and step s: each tier's gain, or `None` when
//! the multipliers cannot say (the caller re-solves). With every constraint in its `<=` form,
//! tier i's multipliers bound its supply by `sum_k y_ik b_k - sum_{j<i} mu_ij T_j + ...`
//! (`proof`), so loosening b_k by s moves tier i by `g_i = s y_ik - sum_{j<i} mu_ij g_j`:
//! one pass over the tiers gives every limit's value (ranging from the duals, no LP).
//!
//! The rate holds over the whole step only if the tiers can move that far at it. Two checks
//! refuse it (docs/model.md, "Marginal values"):
//! - room: a tier's gain through an upper limit lands in that limit's cells below demand
//!   (through a minimum, in any of its cells), a loss in its cells above committed; a move
//!   larger than that room crosses a breakpoint of the tier's value within the step;
//! - grid: a rate that is not a multiple of the scenario's last decimal (a share rule's
//!   1 / (1 - p)) moves two optima that each round to the grid by different amounts;
//! - degeneracy: a gaining cell that also sits in another limit with no slack for the gain,
//!   which no later tier's land could make room in, cannot gain (where the multipliers
//!   count it, they are not the loosening direction's); and a later
//!   tier proven by every cell at demand (no multipliers, so no rate for its losses) that
//!   shares a full limit with a gaining cell, with no tier after it to give way, may lose.

use super::marginal::{effective_step, Derivation, STEP};
use crate::constraints::{Constraint, Sense};
use crate::model::TierCells;
use crate::scenario::Scenario;
use crate::solve::proof::TierMultipliers;
use crate::solve::Allocated;
use rust_decimal::Decimal;

/// A gain further than this from the scenario's grid is a rate the grid cannot show exactly
/// (the multipliers are `f64` duals written with 12 decimals, `duals`: their error is far
/// below this).
const OFF_GRID: Decimal = Decimal::from_parts(1, 0, 0, false, 8);

/// The multipliers of one solve, densely, and the room around its allocation.
pub struct Rates<'a> {
    constraints: &'a [Constraint],
    tiers: &'a [TierCells],
    /// Per tier, each constraint's multiplier.
    y: Vec<Vec<Decimal>>,
    /// Per tier, the multipliers of the earlier tiers' held totals.
    mu: Vec<Vec<Decimal>>,
    /// Per cell: its tier's position, its room up to demand and down to committed, and the
    /// constraints it is in with its coefficient in their `<=` form.
    tier_of: Vec<usize>,
    up: Vec<Decimal>,
    /// Per tier, its cells' room down to committed.
    tier_down: Vec<Decimal>,
    membership: Vec<Vec<(usize, Decimal)>>,
    /// Each constraint's slack at the allocation.
    slack: Vec<Decimal>,
    /// Per tier, whether each constraint can be given room without touching the tier or an
    /// earlier one: a later tier's land in it that could go without tightening another limit
    /// that has less than a step of slack (growing a cell with a negative coefficient, outside
    /// a share rule's categories, would take room elsewhere).
    freeable: Vec<Vec<bool>>,
    /// Per tier whose proof needed no multipliers (every cell at demand), the limits in which
    /// an earlier tier's gain would squeeze it: less than a step of slack, some of its land
    /// above committed, and nothing of a later tier to give way. `None` for other tiers.
    squeezed: Vec<Option<Vec<bool>>>,
    decimals: u32,
}

/// A coefficient in the `<=` form of its constraint.
fn upper_form(constraint: &Constraint, a: Decimal) -> Decimal {
    match constraint.sense {
        Sense::AtMost => a,
        Sense::AtLeast => -a,
    }
}

impl<'a> Rates<'a> {
    pub fn new(
        scenario: &Scenario,
        allocated: &Allocated,
        constraints: &'a [Constraint],
        tiers: &'a [TierCells],
    ) -> Rates<'a> {
        let dense = |m: &TierMultipliers| {
            let mut y = vec![Decimal::ZERO; constraints.len()];
            for &(k, value) in &m.rows {
                y[k] = value;
            }
            y
        };
        let mut tier_of = vec![usize::MAX; scenario.cells.len()];
        for (i, tier) in tiers.iter().enumerate() {
            for &c in &tier.cells {
                tier_of[c] = i;
            }
        }
        let (up, down): (Vec<Decimal>, Vec<Decimal>) = scenario
            .cells
            .iter()
            .zip(&allocated.allocation)
            .map(|(cell, &x)| (cell.demand - x, x - cell.committed))
            .unzip();
        let mut membership = vec![Vec::new(); scenario.cells.len()];
        for (k, constraint) in constraints.iter().enumerate() {
            for &(c, a) in &constraint.terms {
                membership[c].push((k, upper_form(constraint, a)));
            }
        }
        let slack: Vec<Decimal> = constraints
            .iter()
            .map(|c| c.slack(&allocated.allocation))
            .collect();
        // Lowering a cell tightens every limit where its coefficient is negative (a share
        // rule's other categories): it frees room for sure only where such a limit has slack
        // for a step of the gain and a step of the lowering together.
        let lowerable: Vec<bool> = (0..scenario.cells.len())
            .map(|c| {
                down[c] > Decimal::ZERO
                    && membership[c]
                        .iter()
                        .all(|&(k, a)| a >= Decimal::ZERO || slack[k] >= (Decimal::ONE - a) * STEP)
            })
            .collect();
        let freeable: Vec<Vec<bool>> = (0..tiers.len())
            .map(|i| {
                constraints
                    .iter()
                    .map(|constraint| {
                        constraint.terms.iter().any(|&(c, a)| {
                            upper_form(constraint, a) > Decimal::ZERO
                                && tier_of[c] > i
                                && lowerable[c]
                        })
                    })
                    .collect()
            })
            .collect();
        let squeezed = (0..tiers.len())
            .map(|i| {
                let m = &allocated.multipliers[i];
                let trivial = m.rows.is_empty() && m.held.iter().all(|mu| mu.is_zero());
                trivial.then(|| {
                    constraints
                        .iter()
                        .enumerate()
                        .map(|(k, constraint)| {
                            !freeable[i][k]
                                && constraint.terms.iter().any(|&(c, a)| {
                                    let a = upper_form(constraint, a);
                                    a > Decimal::ZERO
                                        && tier_of[c] == i
                                        && down[c] > Decimal::ZERO
                                        && slack[k] < a * STEP
                                })
                        })
                        .collect()
                })
            })
            .collect();
        Rates {
            constraints,
            tiers,
            y: allocated.multipliers.iter().map(dense).collect(),
            mu: allocated
                .multipliers
                .iter()
                .map(|m| m.held.clone())
                .collect(),
            tier_of,
            up,
            tier_down: tiers
                .iter()
                .map(|t| t.cells.iter().map(|&c| down[c]).sum())
                .collect(),
            membership,
            slack,
            freeable,
            squeezed,
            decimals: scenario.scale(),
        }
    }

    /// The gains of loosening constraint `k` by `step`, when the rates hold for the whole step.
    pub fn gains(&self, k: usize, step: Decimal) -> Option<(Vec<(u32, Decimal)>, Derivation)> {
        if self.y.len() != self.tiers.len() {
            return None;
        }
        let step = effective_step(&self.constraints[k], step);
        let mut moved: Vec<Decimal> = Vec::with_capacity(self.tiers.len());
        for i in 0..self.tiers.len() {
            let held: Decimal = self.mu[i].iter().zip(&moved).map(|(mu, g)| *mu * *g).sum();
            let rate = step * self.y[i][k] - held;
            let gain = rate.round_dp(self.decimals);
            // Off the grid (a share rule's 1 / (1 - p), say), the two optima round apart.
            if (rate - gain).abs() > OFF_GRID {
                return None;
            }
            moved.push(gain.normalize());
        }
        let holds = moved.iter().enumerate().all(|(i, &g)| {
            if g > Decimal::ZERO {
                g <= self.room_up(k, i, g) && !self.squeezes(k, i)
            } else {
                -g <= self.tier_down[i]
            }
        });
        holds.then(|| {
            let gains = self.tiers.iter().map(|t| t.tier).zip(moved).collect();
            (gains, Derivation::Multipliers)
        })
    }

    /// The room tier `i` has to gain `gain` through loosening constraint `k`: its cells the
    /// limit holds back, blocked by no other limit.
    fn room_up(&self, k: usize, i: usize, gain: Decimal) -> Decimal {
        self.held_back(k, i)
            .into_iter()
            .filter(|&c| !self.blocked(c, i, k, gain))
            .map(|c| self.up[c])
            .sum()
    }

    /// Whether tier `i`'s gain through limit `k` would squeeze a later tier whose proof
    /// needed no multipliers (so its rate says nothing about losses): some gaining cell sits in
    /// a limit where that tier has land and nothing of a tier after it can give way.
    fn squeezes(&self, k: usize, i: usize) -> bool {
        let later: Vec<&Vec<bool>> = self.squeezed[i + 1..].iter().flatten().collect();
        !later.is_empty()
            && self.held_back(k, i).into_iter().any(|c| {
                self.membership[c].iter().any(|&(other, a)| {
                    other != k && a > Decimal::ZERO && later.iter().any(|s| s[other])
                })
            })
    }

    /// The cells of tier `i` that limit `k` holds back: those with a positive coefficient in
    /// its `<=` form (for a minimum, every cell of the tier), below demand.
    fn held_back(&self, k: usize, i: usize) -> Vec<usize> {
        let constraint = &self.constraints[k];
        let cells: Vec<usize> = match constraint.sense {
            Sense::AtMost => constraint
                .terms
                .iter()
                .filter(|&&(c, a)| a > Decimal::ZERO && self.tier_of[c] == i)
                .map(|&(c, _)| c)
                .collect(),
            Sense::AtLeast => self.tiers[i].cells.clone(),
        };
        cells
            .into_iter()
            .filter(|&c| self.up[c] > Decimal::ZERO)
            .collect()
    }

    /// Whether another limit stops cell `c` of tier `i` from gaining `gain`: no slack for it
    /// and no room to be made by later tiers (whatever the tier's multiplier on it says).
    fn blocked(&self, c: usize, i: usize, k: usize, gain: Decimal) -> bool {
        self.membership[c].iter().any(|&(other, a)| {
            other != k
                && a > Decimal::ZERO
                && self.slack[other] < gain * a
                && !self.freeable[i][other]
        })
    }
}
