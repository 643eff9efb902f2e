//! The proof that every tier's supply is the lexicographic optimum at the input's decimals,
//! checked in exact integer arithmetic.
//!
//! Input: a scenario's exact constraints, its tiers, an allocation (one `Decimal` per cell, at
//! the scenario's decimals, already known to keep every rule) and, for each tier, nonnegative
//! multipliers from whatever found the answer (the nested-limit greedy builds them from the
//! limits it filled; the LP stages from the duals of each tier's stage). Output: `Ok`, or the
//! tiers the multipliers do not prove optimal. It trusts neither producer: any multipliers give
//! a valid bound, so a wrong one can only fail the check, never pass a wrong answer.
//!
//! Why it is sound. Write every constraint as `sum a x <= b` (a minimum `sum a x >= b` as
//! `-sum a x <= -b`) and hold each earlier tier j at the total `T_j` the answer gives it
//! (`sum over tier j of x >= T_j`). For any `y >= 0` on the constraints and `mu >= 0` on the
//! held tiers, every x within its cell bounds `l <= x <= u` that keeps them satisfies
//!
//! ```text
//! z_i(x) <= sum_k y_k b_k - sum_j mu_j T_j + sum_c max(d_c l_c, d_c u_c),
//! d_c = [c in tier i] - sum_k y_k a_kc + sum_j mu_j [c in tier j]
//! ```
//!
//! (weak duality, with the cell bounds kept as a box). An allocation at the input's decimals
//! gives tier i a multiple of the unit (10^-decimals); so when the bound is below `T_i` plus
//! one unit, no allocation at those decimals that keeps tiers 1..i-1 at their totals gives
//! tier i more than `T_i`. By induction over the tiers (tier 1 holds nothing), the answer's
//! tier totals are the lexicographic optimum at the input's decimals. Every product and sum is
//! an `i128` at a common scale, checked: an overflow fails the proof, it never wraps.

use crate::constraints::{Constraint, Sense};
use crate::model::TierCells;
use crate::scenario::Cell;
use rust_decimal::Decimal;

/// Multipliers proving one tier's optimum.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TierMultipliers {
    /// (constraint index, y >= 0); constraints not listed have 0.
    pub rows: Vec<(usize, Decimal)>,
    /// One `mu >= 0` per earlier tier (missing ones are 0).
    pub held: Vec<Decimal>,
}

/// A tier the multipliers do not prove optimal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unproven {
    pub tier: u32,
    pub supplied: Decimal,
    /// The bound the multipliers give (rounded down to 28 digits), when it could be computed.
    pub bound: Option<Decimal>,
}

impl std::fmt::Display for Unproven {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let supplied = crate::number::show(self.supplied);
        match self.bound {
            Some(bound) => write!(
                f,
                "tier {} supplied {supplied} is not proven optimal (bound {})",
                self.tier,
                crate::number::show(bound)
            ),
            None => write!(
                f,
                "tier {} supplied {supplied} is not proven optimal (the bound overflows)",
                self.tier
            ),
        }
    }
}

/// What the proof is about: the rules, the tiers and each cell's bounds.
#[derive(Debug, Clone, Copy)]
pub struct Problem<'a> {
    pub constraints: &'a [Constraint],
    pub tiers: &'a [TierCells],
    /// Each cell's bounds: committed land and demand.
    pub cells: &'a [Cell],
    /// The grid: allocations are multiples of 10^-decimals.
    pub decimals: u32,
}

/// `value` as an integer number of 10^-scale; `None` when it has more decimals or overflows.
pub fn units(value: Decimal, scale: u32) -> Option<i128> {
    let own = value.scale();
    let mantissa = value.mantissa();
    if own <= scale {
        mantissa.checked_mul(10_i128.checked_pow(scale - own)?)
    } else {
        let factor = 10_i128.checked_pow(own - scale)?;
        (mantissa % factor == 0).then_some(mantissa / factor)
    }
}

fn most_decimals<'a>(values: impl Iterator<Item = &'a Decimal>) -> u32 {
    values.map(|v| v.normalize().scale()).max().unwrap_or(0)
}

impl Problem<'_> {
    /// Checks every tier's multipliers against the allocation; lists the tiers not proven.
    pub fn check(
        &self,
        allocation: &[Decimal],
        multipliers: &[TierMultipliers],
    ) -> Result<(), Vec<Unproven>> {
        let unproven: Vec<Unproven> = (0..self.tiers.len())
            .filter_map(|i| self.check_tier(allocation, i, &multipliers[i]).err())
            .collect();
        if unproven.is_empty() {
            Ok(())
        } else {
            Err(unproven)
        }
    }

    /// Checks tier `i`'s multipliers (the earlier tiers held at the allocation's totals).
    pub fn check_tier(
        &self,
        allocation: &[Decimal],
        i: usize,
        multipliers: &TierMultipliers,
    ) -> Result<(), Unproven> {
        let totals: Vec<Decimal> = self.tiers[..=i]
            .iter()
            .map(|t| t.cells.iter().map(|&c| allocation[c]).sum())
            .collect();
        let bound = self.bound(i, &totals, multipliers);
        let proven = bound.is_some_and(|(bound, scale)| {
            units(totals[i], scale)
                .zip(units(Decimal::new(1, self.decimals), scale))
                .and_then(|(t, unit)| t.checked_add(unit))
                .is_some_and(|limit| bound < limit)
        });
        if proven {
            return Ok(());
        }
        Err(Unproven {
            tier: self.tiers[i].tier,
            supplied: totals[i],
            bound: bound.and_then(|(b, s)| Decimal::try_from_i128_with_scale(b, s).ok()),
        })
    }

    /// The bound on tier `i`'s supply, as an integer at the returned scale.
    fn bound(
        &self,
        i: usize,
        totals: &[Decimal],
        multipliers: &TierMultipliers,
    ) -> Option<(i128, u32)> {
        let y_scale = most_decimals(
            multipliers
                .rows
                .iter()
                .map(|(_, y)| y)
                .chain(&multipliers.held),
        );
        let a_scale = most_decimals(
            multipliers
                .rows
                .iter()
                .flat_map(|&(k, _)| self.constraints[k].terms.iter().map(|(_, a)| a)),
        );
        let x_scale = most_decimals(
            self.cells
                .iter()
                .flat_map(|c| [&c.committed, &c.demand])
                .chain(totals)
                .chain(
                    multipliers
                        .rows
                        .iter()
                        .map(|&(k, _)| &self.constraints[k].rhs),
                ),
        )
        .max(self.decimals);
        let d_scale = y_scale + a_scale;
        let scale = d_scale + x_scale;
        let one_d = 10_i128.checked_pow(d_scale)?;
        let a_factor = 10_i128.checked_pow(a_scale)?;
        // Reduced costs of the cells, at d_scale.
        let mut reduced = vec![0_i128; self.cells.len()];
        for &c in &self.tiers[i].cells {
            reduced[c] = one_d;
        }
        let mut bound = 0_i128;
        for (j, &mu) in multipliers.held.iter().enumerate().take(i) {
            let mu = units(mu, y_scale)?;
            if mu < 0 {
                return None;
            }
            let term = mu.checked_mul(a_factor)?;
            for &c in &self.tiers[j].cells {
                reduced[c] = reduced[c].checked_add(term)?;
            }
            let held = mu.checked_mul(units(totals[j], x_scale)?)?;
            bound = bound.checked_sub(held.checked_mul(a_factor)?)?;
        }
        for &(k, y) in &multipliers.rows {
            let constraint = &self.constraints[k];
            let y = units(y, y_scale)?;
            if y < 0 {
                return None;
            }
            let sign = match constraint.sense {
                Sense::AtMost => 1,
                Sense::AtLeast => -1,
            };
            for &(c, a) in &constraint.terms {
                let term = y.checked_mul(units(a, a_scale)?)?;
                reduced[c] = reduced[c].checked_sub(sign * term)?;
            }
            let rhs = y.checked_mul(units(constraint.rhs, x_scale)?)?;
            bound = bound.checked_add(sign * rhs.checked_mul(a_factor)?)?;
        }
        for (c, &d) in reduced.iter().enumerate() {
            let at = if d > 0 {
                self.cells[c].demand
            } else if d < 0 {
                self.cells[c].committed
            } else {
                continue;
            };
            bound = bound.checked_add(d.checked_mul(units(at, x_scale)?)?)?;
        }
        Some((bound, scale))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::constraints::ConstraintId;

    fn dec(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    fn cell(demand: &str) -> Cell {
        Cell {
            town: crate::scenario::TownId(0),
            category: crate::scenario::CategoryId(0),
            plan: Decimal::ZERO,
            demand: dec(demand),
            committed: Decimal::ZERO,
            stock: Decimal::ZERO,
            origin: crate::problem::Origin::new("cells.csv", 2),
        }
    }

    #[test]
    fn a_cap_proves_both_tiers_and_rejects_one_unit_short() {
        let constraints = [Constraint {
            id: ConstraintId::Cap,
            terms: vec![(0, Decimal::ONE), (1, Decimal::ONE)],
            sense: Sense::AtMost,
            rhs: dec("10"),
        }];
        let tiers = [
            TierCells {
                tier: 1,
                cells: vec![0],
            },
            TierCells {
                tier: 2,
                cells: vec![1],
            },
        ];
        // Cap 10 over a tier-1 cell (demand 4) and a tier-2 cell (demand 8), 2 decimals.
        let cells = [cell("4"), cell("8")];
        let problem = Problem {
            constraints: &constraints,
            tiers: &tiers,
            cells: &cells,
            decimals: 2,
        };
        let multipliers = [
            TierMultipliers::default(),
            TierMultipliers {
                rows: vec![(0, Decimal::ONE)],
                held: vec![Decimal::ONE],
            },
        ];
        assert_eq!(problem.check(&[dec("4"), dec("6")], &multipliers), Ok(()));
        // Feasible, one unit (0.01) short for tier 2.
        let short = problem.check(&[dec("4"), dec("5.99")], &multipliers);
        assert_eq!(
            short,
            Err(vec![Unproven {
                tier: 2,
                supplied: dec("5.99"),
                bound: Some(dec("6")),
            }])
        );
        // Wrong multipliers never prove anything.
        let wrong = [
            TierMultipliers::default(),
            TierMultipliers {
                rows: vec![(0, dec("0.5"))],
                held: vec![dec("0.5")],
            },
        ];
        assert!(problem.check(&[dec("4"), dec("6")], &wrong).is_err());
    }
}
