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
            for (cell, step, _) in moves {
                while self.slacks[k] < Decimal::ZERO && self.admissible(cell, step) {
                    self.apply(cell, step);
                }
            }
        }
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
