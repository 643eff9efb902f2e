//! Solver values back to exact decimals at the input's precision, still inside every rule.
//!
//! Input: the cells' `f64` values, each tier's proven optimum, the scenario and its exact
//! constraints. Output: one `Decimal` per cell at the scenario's decimals, within
//! committed..demand. Values at a bound are snapped to it exactly; the others are floored and
//! then given one unit each, largest remainder first, until each tier's total reaches its
//! optimum rounded to the same decimals, as long as no limit breaks (in rounds, tier by tier,
//! while any tier gains: a unit refused in one round may fit once a later tier's units have
//! mended a rule the flooring broke). A limit still broken by the rounding is repaired by
//! moving cells one unit at a time, never breaking another. The result is then certified by
//! `certificate`, which does not trust this module.

use crate::constraints::{Constraint, Sense};
use crate::model::numeric::{from_f64, to_f64};
use crate::scenario::Scenario;
use rust_decimal::{Decimal, RoundingStrategy};

/// Values closer than this to a cell's bound are taken to be at the bound, exactly.
const SNAP: f64 = 1e-9;

/// A tier's cells and the supply the solver proved optimal for it.
#[derive(Debug, Clone, Copy)]
pub struct TierTarget<'a> {
    pub cells: &'a [usize],
    pub optimum: f64,
}

/// The allocation being rounded, with every constraint's slack kept up to date.
struct Rounding<'a> {
    scenario: &'a Scenario,
    constraints: &'a [Constraint],
    /// For each cell, the constraints it appears in and its coefficient there.
    membership: Vec<Vec<(usize, Decimal)>>,
    allocation: Vec<Decimal>,
    slacks: Vec<Decimal>,
    unit: Decimal,
}

impl<'a> Rounding<'a> {
    fn new(
        scenario: &'a Scenario,
        constraints: &'a [Constraint],
        allocation: Vec<Decimal>,
        unit: Decimal,
    ) -> Self {
        let mut membership = vec![Vec::new(); allocation.len()];
        for (k, constraint) in constraints.iter().enumerate() {
            for (cell, coefficient) in &constraint.terms {
                membership[*cell].push((k, *coefficient));
            }
        }
        let slacks = constraints.iter().map(|c| c.slack(&allocation)).collect();
        Rounding {
            scenario,
            constraints,
            membership,
            allocation,
            slacks,
            unit,
        }
    }

    /// How constraint `k`'s slack changes when cell moves by `step`.
    fn slack_change(&self, k: usize, coefficient: Decimal, step: Decimal) -> Decimal {
        match self.constraints[k].sense {
            Sense::AtMost => -coefficient * step,
            Sense::AtLeast => coefficient * step,
        }
    }

    /// Whether moving `cell` by `step` keeps it in its bounds and makes no constraint worse
    /// than feasible (a constraint already broken may not get worse).
    fn admissible(&self, cell: usize, step: Decimal) -> bool {
        let bounds = &self.scenario.cells[cell];
        let next = self.allocation[cell] + step;
        if next < bounds.committed || next > bounds.demand {
            return false;
        }
        self.membership[cell].iter().all(|&(k, coefficient)| {
            let change = self.slack_change(k, coefficient, step);
            change >= Decimal::ZERO || self.slacks[k] + change >= Decimal::ZERO
        })
    }

    fn apply(&mut self, cell: usize, step: Decimal) {
        self.allocation[cell] += step;
        for i in 0..self.membership[cell].len() {
            let (k, coefficient) = self.membership[cell][i];
            let change = self.slack_change(k, coefficient, step);
            self.slacks[k] += change;
        }
    }

    /// Gives one unit each to the tier's cells with the largest remainders, skipping cells
    /// already `raised`, until the tier's total reaches its optimum rounded to the output's
    /// decimals. Returns whether it gave any.
    fn distribute(
        &mut self,
        tier: &TierTarget<'_>,
        remainders: &[f64],
        raised: &mut [bool],
        scale: u32,
    ) -> bool {
        let Some(target) = from_f64(tier.optimum, scale) else {
            return false;
        };
        let mut missing = target
            - tier
                .cells
                .iter()
                .map(|&c| self.allocation[c])
                .sum::<Decimal>();
        let mut order: Vec<usize> = tier
            .cells
            .iter()
            .copied()
            .filter(|&c| remainders[c] > 0.0 && !raised[c])
            .collect();
        order.sort_by(|a, b| remainders[*b].total_cmp(&remainders[*a]).then(a.cmp(b)));
        let mut gave = false;
        for cell in order {
            if missing < self.unit {
                break;
            }
            if self.admissible(cell, self.unit) {
                self.apply(cell, self.unit);
                raised[cell] = true;
                missing -= self.unit;
                gave = true;
            }
        }
        gave
    }

    /// Moves cells of broken constraints one unit at a time, cells rounded furthest in the
    /// breaching direction first, each move admissible for every other constraint.
    fn repair(&mut self, rounding_error: &[f64]) {
        for k in 0..self.constraints.len() {
            if self.slacks[k] >= Decimal::ZERO {
                continue;
            }
            let lower_lhs = self.constraints[k].sense == Sense::AtMost;
            let mut moves: Vec<(usize, Decimal, f64)> = self.constraints[k]
                .terms
                .iter()
                .filter(|(_, coefficient)| !coefficient.is_zero())
                .map(|&(cell, coefficient)| {
                    let step = if lower_lhs == coefficient.is_sign_positive() {
                        -self.unit
                    } else {
                        self.unit
                    };
                    // Undoing a rounding that went the step's opposite way comes first.
                    let preference = if step.is_sign_positive() {
                        -rounding_error[cell]
                    } else {
                        rounding_error[cell]
                    };
                    (cell, step, preference)
                })
                .collect();
            moves.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)));
            for &(cell, step, _) in &moves {
                while self.slacks[k] < Decimal::ZERO && self.admissible(cell, step) {
                    self.apply(cell, step);
                }
            }
            for &(cell, step, _) in &moves {
                while self.slacks[k] < Decimal::ZERO && self.paired(cell, step) {}
            }
        }
    }

    /// Moves `cell` by `step` where another limit (the cap, say) stands in the way, by moving
    /// one other cell the opposite way first: a share of a base is mended by raising the base
    /// while land outside it gives the unit back. The other cell is tried from the last cell
    /// back (later towns and categories first); the proof afterwards judges each tier's total.
    /// Returns whether the pair was moved.
    fn paired(&mut self, cell: usize, step: Decimal) -> bool {
        let next = self.allocation[cell] + step;
        let bounds = &self.scenario.cells[cell];
        if next < bounds.committed || next > bounds.demand {
            return false;
        }
        for other in (0..self.allocation.len()).rev() {
            if other == cell || !self.admissible(other, -step) {
                continue;
            }
            self.apply(other, -step);
            if self.admissible(cell, step) {
                self.apply(cell, step);
                return true;
            }
            self.apply(other, step);
        }
        false
    }
}

/// At most this many cells take part in one lift (a rounding misplaces a unit between a tier
/// and a later one, through at most a town's capacity, a category's bound and a share rule).
const DEPTH: usize = 4;

/// At each step of a lift, at most this many moves are tried (those the reduced costs favour).
const BRANCH: usize = 12;

/// A lift tries at most this many unit moves, at most `BUDGET_PER_START` from each first move.
const BUDGET: usize = 20_000;
const BUDGET_PER_START: usize = 2_000;

/// Limits over more cells than this (the cap, share rules) are not searched for a cell to
/// gain: a gain through them is a plain unit into the tier, tried first.
const GAINING_LIMIT: usize = 2_000;

/// How a candidate move ranks: limits it breaks, minus how much it mends, how much the tier
/// losing a unit by it matters (`giving`), minus the reduced costs' preference, whether it
/// costs the tier a unit (smaller first).
type Rank = (usize, Decimal, usize, i64, bool);

/// The state of one lift's search.
struct Search<'a> {
    in_tier: &'a [bool],
    movable: &'a [bool],
    /// The position of each cell's tier, if it has one.
    tier_of: &'a [Option<usize>],
    /// The position of the tier being lifted.
    tier: usize,
    /// How many tiers there are.
    tiers: usize,
    /// The cells of each earlier tier.
    members: Vec<Vec<usize>>,
    /// Each earlier tier's units moved so far (a lift leaves every one at zero).
    held: Vec<i64>,
    reduced: &'a [f64],
    moved: Vec<usize>,
    budget: usize,
}

impl Search<'_> {
    /// The earlier tier holding `cell`, if any.
    fn earlier(&self, cell: usize) -> Option<usize> {
        self.tier_of[cell].filter(|&j| j < self.tier)
    }

    /// How much a move of `cell` in `direction` costs the tiers, to rank candidates (smaller
    /// first): nothing for a raise or for land of no tier, then a lowering of the last tier,
    /// ..., of the tier right after the lifted one, and most for the lifted or an earlier
    /// tier's land (whose units come back within the lift).
    fn giving(&self, cell: usize, direction: i64) -> usize {
        match self.tier_of[cell] {
            _ if direction > 0 => 0,
            None => 0,
            Some(j) if j > self.tier => self.tiers - j,
            Some(_) => self.tiers + 1,
        }
    }
}

/// Unit moves that raise one tier while every rule holds: the repair of an answer whose tier
/// the proof finds short (a rounding that gave a unit to a later tier while this one had
/// room).
pub struct Lift<'a> {
    rounding: Rounding<'a>,
}

impl<'a> Lift<'a> {
    /// Starts from a feasible allocation at `unit`'s decimals.
    pub fn new(
        scenario: &'a Scenario,
        constraints: &'a [Constraint],
        allocation: Vec<Decimal>,
        unit: Decimal,
    ) -> Self {
        Lift {
            rounding: Rounding::new(scenario, constraints, allocation, unit),
        }
    }

    pub fn allocation(&self) -> &[Decimal] {
        &self.rounding.allocation
    }

    pub fn into_allocation(self) -> Vec<Decimal> {
        self.rounding.allocation
    }

    /// Raises tier `tier` (a position in tier order; `tier_of` gives each cell's) by one
    /// unit: one unit into one of its cells, then unit moves on cells (`movable`) that mend
    /// every limit the first broke, at most `DEPTH` cells in all, never lowering the tier
    /// (tier i -1 then +1 is allowed: a unit of tier i moved where a limit leaves room) and
    /// leaving every earlier tier's total as it was (its units only move between its own
    /// cells). Where several cells could give the unit, land of no tier gives first, then the
    /// last tier's, and the tier right after this one last: the optimum of a later tier
    /// usually keeps it whole, and a unit taken from it would leave that tier's own repair a
    /// longer way back (tier 2 then has to push tier 1's land elsewhere through a limit of
    /// thousands of cells). Returns whether it found such a move; the search stops after
    /// `BUDGET` tried moves.
    /// `reduced` is each cell's reduced cost under the multipliers that failed to prove the
    /// tier (`proof`): the gap they leave sits in cells with a positive one below demand and
    /// a negative one above committed, so moves along it are tried first, at most `BRANCH`
    /// at each step.
    pub fn lift(
        &mut self,
        tier: usize,
        tier_of: &[Option<usize>],
        movable: &[bool],
        reduced: &[f64],
    ) -> bool {
        let in_tier: Vec<bool> = tier_of.iter().map(|&t| t == Some(tier)).collect();
        let up: Vec<usize> = (0..in_tier.len()).filter(|&c| in_tier[c]).collect();
        let mut search = Search {
            in_tier: &in_tier,
            movable,
            tier_of,
            tier,
            tiers: tier_of.iter().flatten().max().map_or(0, |j| j + 1),
            held: vec![0; tier],
            members: (0..tier)
                .map(|j| {
                    (0..in_tier.len())
                        .filter(|&c| tier_of[c] == Some(j))
                        .collect()
                })
                .collect(),
            reduced,
            moved: Vec::new(),
            budget: 0,
        };
        // First the cells holding the gap (a later tier's unit in a limit the tier fills, or
        // an earlier tier's unit in a town the tier could use while that tier takes it back
        // elsewhere, say), moved along it, then a plain unit into each tier cell (those that break nothing
        // first). Each start gets its share of the budget.
        let mut plain: Vec<(usize, i64)> = up
            .iter()
            .filter(|&&c| self.within(c, self.rounding.unit))
            .map(|&c| (c, 1))
            .collect();
        plain.sort_by_cached_key(|&(c, _)| (self.effect(c, 1).0, c));
        let mut starts: Vec<(usize, i64)> = (0..movable.len())
            .filter(|&c| movable[c] && reduced[c] != 0.0)
            .map(|c| (c, if reduced[c] > 0.0 { 1 } else { -1 }))
            .filter(|&(c, direction)| {
                (direction > 0 || !in_tier[c])
                    && self.within(c, self.rounding.unit * Decimal::from(direction))
            })
            .collect();
        starts.sort_by(|&(a, da), &(b, db)| {
            reduced[b]
                .abs()
                .total_cmp(&reduced[a].abs())
                .then(search.giving(a, da).cmp(&search.giving(b, db)))
                .then(a.cmp(&b))
        });
        starts.extend(plain);
        let mut left = BUDGET;
        for (cell, direction) in starts {
            search.budget = left.min(BUDGET_PER_START);
            let before = search.budget;
            let gain = if in_tier[cell] { direction } else { 0 };
            if self.try_move(&mut search, cell, direction, gain) {
                return true;
            }
            left -= before - search.budget;
            if left == 0 {
                break;
            }
        }
        false
    }

    /// Applies a move of `direction` units on `cell` and searches on; undoes it on failure.
    fn try_move(&mut self, search: &mut Search<'_>, cell: usize, direction: i64, net: i64) -> bool {
        let step = self.rounding.unit * Decimal::from(direction);
        self.rounding.apply(cell, step);
        search.moved.push(cell);
        if let Some(j) = search.earlier(cell) {
            search.held[j] += direction;
        }
        search.budget = search.budget.saturating_sub(1);
        if self.mend(search, net) {
            return true;
        }
        if let Some(j) = search.earlier(cell) {
            search.held[j] -= direction;
        }
        search.moved.pop();
        self.rounding.apply(cell, -step);
        false
    }

    /// The most broken limit among those the moved cells hold, if any.
    fn most_broken(&self, moved: &[usize]) -> Option<usize> {
        moved
            .iter()
            .flat_map(|&c| self.rounding.membership[c].iter().map(|&(k, _)| k))
            .filter(|&k| self.rounding.slacks[k] < Decimal::ZERO)
            .min_by(|&a, &b| {
                self.rounding.slacks[a]
                    .cmp(&self.rounding.slacks[b])
                    .then(a.cmp(&b))
            })
    }

    /// Mends the broken limits by further moves; `net` is the tier's gain so far in units.
    /// With nothing broken and nothing gained yet, a unit into a tier cell that shares a limit
    /// with the moved cells (where a move of the tier's own land made room) is tried.
    fn mend(&mut self, search: &mut Search<'_>, net: i64) -> bool {
        let broken = self.most_broken(&search.moved);
        let balanced = search.held.iter().all(|&h| h == 0);
        if broken.is_none() && net > 0 && balanced {
            return true;
        }
        if search.moved.len() >= DEPTH || search.budget == 0 {
            return false;
        }
        let candidates: Vec<(usize, i64)> = match broken {
            Some(k) => self.mending(k, search, net),
            // Nothing gained yet (the first move gave an earlier tier's unit along the gap):
            // the gain first, where the unit made room, or the unit back first.
            None if !balanced && net <= 0 => {
                let mut both = self.gaining(search);
                both.extend(self.restoring(search));
                both
            }
            None if !balanced => self.restoring(search),
            None => self.gaining(search),
        };
        // Moves that break no other limit and mend the most first, then those taking the unit
        // from the least important land, then the reduced costs' choice, then later tiers
        // before the tier itself.
        let mut scored: Vec<(Rank, (usize, i64))> = candidates
            .into_iter()
            .map(|(cell, direction)| {
                let (breaks, mends) = self.effect(cell, direction);
                let preference = (search.reduced[cell] * direction as f64 * 1e6) as i64;
                (
                    (
                        breaks,
                        -mends,
                        search.giving(cell, direction),
                        -preference,
                        search.in_tier[cell],
                    ),
                    (cell, direction),
                )
            })
            .collect();
        scored.sort_by(|a, b| a.0.cmp(&b.0).then(a.1 .0.cmp(&b.1 .0)));
        let candidates: Vec<(usize, i64)> =
            scored.into_iter().take(BRANCH).map(|(_, m)| m).collect();
        for (cell, direction) in candidates {
            if search.budget == 0 {
                return false;
            }
            let gain = if search.in_tier[cell] { direction } else { 0 };
            if self.try_move(search, cell, direction, net + gain) {
                return true;
            }
        }
        false
    }

    /// What moving `cell` one unit in `direction` would do: how many limits now kept it would
    /// break, and how much it would mend the broken ones.
    fn effect(&self, cell: usize, direction: i64) -> (usize, Decimal) {
        let step = self.rounding.unit * Decimal::from(direction);
        let mut breaks = 0;
        let mut mends = Decimal::ZERO;
        for &(k, coefficient) in &self.rounding.membership[cell] {
            let slack = self.rounding.slacks[k];
            let change = self.rounding.slack_change(k, coefficient, step);
            if slack < Decimal::ZERO {
                mends += change.min(-slack);
            } else if slack + change < Decimal::ZERO {
                breaks += 1;
            }
        }
        (breaks, mends)
    }

    /// Moves on the cells of broken limit `k` that mend it and keep the tier's gain possible.
    fn mending(&self, k: usize, search: &Search<'_>, net: i64) -> Vec<(usize, i64)> {
        let constraint = &self.rounding.constraints[k];
        let lower_lhs = constraint.sense == Sense::AtMost;
        let last = search.moved.len() + 1 == DEPTH;
        constraint
            .terms
            .iter()
            .filter(|&&(cell, a)| {
                !a.is_zero() && search.movable[cell] && !search.moved.contains(&cell)
            })
            .map(|&(cell, a)| {
                let direction = if lower_lhs == a.is_sign_positive() {
                    -1
                } else {
                    1
                };
                (cell, direction)
            })
            .filter(|&(cell, direction)| {
                let gain = if search.in_tier[cell] { direction } else { 0 };
                let earlier = search.earlier(cell).is_some();
                (net + gain > 0 && !(earlier && last)) || (net + gain == 0 && !last)
            })
            .filter(|&(cell, direction)| {
                self.within(cell, self.rounding.unit * Decimal::from(direction))
            })
            .collect()
    }

    /// A unit more for a tier cell sharing a limit with a moved cell.
    fn gaining(&self, search: &Search<'_>) -> Vec<(usize, i64)> {
        self.neighbours(search, |c| search.in_tier[c].then_some(1))
    }

    /// A unit back for an earlier tier a move took one from (or away, if it gave one), in
    /// any cell of that tier: earlier tiers keep their totals. Not only the moved cells'
    /// neighbours: a unit a tier gives up in one town may come back in another, through a
    /// limit of thousands of cells they share (a category's maximum) that the move freed.
    fn restoring(&self, search: &Search<'_>) -> Vec<(usize, i64)> {
        let mut cells = Vec::new();
        for (j, &held) in search.held.iter().enumerate() {
            if held == 0 {
                continue;
            }
            let direction = -held.signum();
            let step = self.rounding.unit * Decimal::from(direction);
            cells.extend(
                search.members[j]
                    .iter()
                    .filter(|&&c| !search.moved.contains(&c) && self.within(c, step))
                    .map(|&c| (c, direction)),
            );
        }
        cells
    }

    /// The cells sharing a limit (of fewer than `GAINING_LIMIT` cells) with a moved cell that
    /// `direction` picks, each with its direction.
    fn neighbours(
        &self,
        search: &Search<'_>,
        direction: impl Fn(usize) -> Option<i64>,
    ) -> Vec<(usize, i64)> {
        let mut cells: Vec<usize> = search
            .moved
            .iter()
            .flat_map(|&c| self.rounding.membership[c].iter())
            .filter(|&&(k, _)| self.rounding.constraints[k].terms.len() < GAINING_LIMIT)
            .flat_map(|&(k, _)| self.rounding.constraints[k].terms.iter().map(|&(c, _)| c))
            .filter(|&c| !search.moved.contains(&c))
            .collect();
        cells.sort_unstable();
        cells.dedup();
        cells
            .into_iter()
            .filter_map(|c| direction(c).map(|d| (c, d)))
            .filter(|&(c, d)| self.within(c, self.rounding.unit * Decimal::from(d)))
            .collect()
    }

    fn within(&self, cell: usize, step: Decimal) -> bool {
        let bounds = &self.rounding.scenario.cells[cell];
        let next = self.rounding.allocation[cell] + step;
        next >= bounds.committed && next <= bounds.demand
    }
}

/// Rounds solver values to `scale` decimals (see the module documentation).
pub fn round_allocation(
    scenario: &Scenario,
    constraints: &[Constraint],
    values: &[f64],
    tiers: &[TierTarget<'_>],
    scale: u32,
) -> Vec<Decimal> {
    let mut floors = Vec::with_capacity(values.len());
    let mut remainders = Vec::with_capacity(values.len());
    for (cell, &value) in scenario.cells.iter().zip(values) {
        let (floor, remainder) = if (value - to_f64(cell.committed)).abs() <= SNAP {
            (cell.committed, 0.0)
        } else if (value - to_f64(cell.demand)).abs() <= SNAP {
            (cell.demand, 0.0)
        } else {
            let floor = from_f64(value, scale + 4)
                .unwrap_or(cell.committed)
                .round_dp_with_strategy(scale, RoundingStrategy::ToNegativeInfinity);
            (floor, value - to_f64(floor))
        };
        floors.push(floor.clamp(cell.committed, cell.demand));
        remainders.push(remainder);
    }
    let mut rounding = Rounding::new(scenario, constraints, floors, Decimal::new(1, scale));
    // Tier by tier, and again while any tier gains: flooring can break a rule that a later
    // tier's units mend (a share rule's total shrinks with every floored cell), so an
    // earlier tier's cells refused in one round may fit in the next.
    let mut raised = vec![false; values.len()];
    loop {
        let mut gave = false;
        for tier in tiers {
            gave |= rounding.distribute(tier, &remainders, &mut raised, scale);
        }
        if !gave {
            break;
        }
    }
    let rounding_error: Vec<f64> = rounding
        .allocation
        .iter()
        .zip(values)
        .map(|(x, v)| to_f64(*x) - v)
        .collect();
    rounding.repair(&rounding_error);
    rounding.allocation
}
