//! Solver values back to exact decimals at the input's precision, still inside every rule.
//!
//! Input: the cells' `f64` values, the scenario and its exact constraints. Output: one
//! `Decimal` per cell, rounded to the scenario's decimals and clamped to committed..demand.
//! Rounding can push a sum a few units of the last decimal across a limit; such a breach is
//! repaired by moving the cells that were rounded the wrong way by one unit at a time. The
//! result is then certified by `certificate`, which does not trust this module.

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

/// Rounds solver values to `scale` decimals so that each tier's total is its optimum rounded
/// to `scale` (largest remainders), then repairs limits broken by the rounding.
pub fn round_allocation(
    scenario: &Scenario,
    constraints: &[Constraint],
    values: &[f64],
    tiers: &[TierTarget<'_>],
    scale: u32,
) -> Vec<Decimal> {
    let unit = Decimal::new(1, scale);
    let mut allocation = Vec::with_capacity(values.len());
    let mut remainders = Vec::with_capacity(values.len());
    for (cell, &value) in scenario.cells.iter().zip(values) {
        let (lower, upper) = (to_f64(cell.committed), to_f64(cell.demand));
        let (floor, remainder) = if (value - lower).abs() <= SNAP {
            (cell.committed, 0.0)
        } else if (value - upper).abs() <= SNAP {
            (cell.demand, 0.0)
        } else {
            let floor = from_f64(value, scale + 4)
                .unwrap_or(cell.committed)
                .round_dp_with_strategy(scale, RoundingStrategy::ToNegativeInfinity);
            (floor, value - to_f64(floor))
        };
        allocation.push(floor.clamp(cell.committed, cell.demand));
        remainders.push(remainder);
    }
    for tier in tiers {
        distribute_remainders(scenario, tier, &mut allocation, &remainders, unit, scale);
    }
    let rounding_error: Vec<f64> = allocation
        .iter()
        .zip(values)
        .map(|(x, v)| to_f64(*x) - v)
        .collect();
    // Each pass repairs every broken constraint; a repair can break another, so a few passes.
    for _ in 0..8 {
        let mut repaired_any = false;
        for constraint in constraints {
            let slack = constraint.slack(&allocation);
            if slack.is_sign_negative() && !slack.is_zero() {
                repair(
                    scenario,
                    constraint,
                    &mut allocation,
                    &rounding_error,
                    -slack,
                    unit,
                );
                repaired_any = true;
            }
        }
        if !repaired_any {
            break;
        }
    }
    allocation
}

/// Gives one unit each to the tier's cells with the largest remainders until the tier's
/// total reaches its optimum rounded to `scale`.
fn distribute_remainders(
    scenario: &Scenario,
    tier: &TierTarget<'_>,
    allocation: &mut [Decimal],
    remainders: &[f64],
    unit: Decimal,
    scale: u32,
) {
    let Some(target) = from_f64(tier.optimum, scale) else {
        return;
    };
    let mut missing = target - tier.cells.iter().map(|&c| allocation[c]).sum::<Decimal>();
    let mut order: Vec<usize> = tier
        .cells
        .iter()
        .copied()
        .filter(|&c| remainders[c] > 0.0)
        .collect();
    order.sort_by(|a, b| remainders[*b].total_cmp(&remainders[*a]).then(a.cmp(b)));
    for cell in order {
        if missing < unit {
            break;
        }
        if allocation[cell] + unit <= scenario.cells[cell].demand {
            allocation[cell] += unit;
            missing -= unit;
        }
    }
}

/// Moves cells of a broken constraint one unit at a time until the breach is gone, cells
/// rounded furthest in the breaching direction first.
fn repair(
    scenario: &Scenario,
    constraint: &Constraint,
    allocation: &mut [Decimal],
    rounding_error: &[f64],
    breach: Decimal,
    unit: Decimal,
) {
    // Lowering the left-hand side repairs an at-most breach; raising it an at-least breach.
    let lower_lhs = constraint.sense == Sense::AtMost;
    let mut candidates: Vec<(usize, Decimal)> = constraint
        .terms
        .iter()
        .filter(|(_, coefficient)| !coefficient.is_zero())
        .map(|(cell, coefficient)| (*cell, *coefficient))
        .collect();
    // Prefer cells whose rounding moved the left-hand side the breaching way.
    candidates.sort_by(|(a, ca), (b, cb)| {
        let push = |cell: usize, coefficient: Decimal| {
            let towards = rounding_error[cell]
                * if coefficient.is_sign_positive() {
                    1.0
                } else {
                    -1.0
                };
            if lower_lhs {
                -towards
            } else {
                towards
            }
        };
        push(*a, *ca).total_cmp(&push(*b, *cb)).then(a.cmp(b))
    });
    let mut remaining = breach;
    for (cell, coefficient) in candidates {
        let bounds = &scenario.cells[cell];
        // Lower x when that lowers the lhs as wanted, raise it otherwise.
        let lower_x = lower_lhs == coefficient.is_sign_positive();
        while remaining > Decimal::ZERO {
            let next = if lower_x {
                allocation[cell] - unit
            } else {
                allocation[cell] + unit
            };
            if next < bounds.committed || next > bounds.demand {
                break;
            }
            allocation[cell] = next;
            remaining -= unit * coefficient.abs();
        }
        if remaining <= Decimal::ZERO {
            return;
        }
    }
}
