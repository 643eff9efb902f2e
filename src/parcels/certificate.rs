//! The exact certificate of a searched tier: a bound no whole-parcel plan can beat, proved in
//! exact arithmetic whatever the search (microlp or HiGHS) believed about its own bound.
//!
//! Input: the eligible parcels, the `Limits`, the tiers in order, the decimals of the figures,
//! and for a tier the choice the search left (every limit kept, the earlier tiers held).
//! Output: the certified bound of the tier, on the decimal grid, or `None` when no bound
//! could be computed. Method (a safe dual bound in the manner of Neumaier and Shcherbina):
//! the tier's linear relaxation, each parcel slot a column `0 <= x <= area` (the slot's area
//! supplied), is handed to the cell path's proof (`solve::proof::Problem`, the same rows of
//! `sum a x <= b`, boxes and held tiers); its multipliers come from `solve::duals` (a small
//! dual program in `f64`, never trusted) and the proof recomputes, in `i128` integers,
//!
//! ```text
//! bound = y.b - mu.T + sum_j max(d_j l_j, d_j u_j),  any y >= 0, mu >= 0 (weak duality),
//! ```
//!
//! which no plan keeping the limits and the earlier tiers' totals `T` exceeds. A tier's area
//! is a sum of parcel areas, so a multiple of the last decimal unit: the bound rounded down
//! to the grid still holds, and so does the largest sum of the tier's parcels at or below it
//! (enumerated while there are few). When that equals the choice's area, the tier is proved;
//! otherwise the difference is its exact gap. Two exact strengthenings of the boxes: a
//! committed parcel with one slot is fixed at its area, and a slot that alone breaks an upper
//! limit with non-negative weights (beside the committed parcels that limit counts) is fixed
//! at 0.

use super::limits::{Limit, Limits};
use super::mip::slots;
use super::{Parcel, Quarter};
use crate::constraints::{Constraint, ConstraintId, Sense};
use crate::model::TierCells;
use crate::scenario::Cell;
use crate::solve::backend::Backend;
use crate::solve::proof::{units, Problem};
use rust_decimal::{Decimal, RoundingStrategy};
use std::collections::BTreeSet;

/// The sums of a tier's parcels are enumerated only while there are at most this many below
/// the bound (else the bound on the grid stands).
const MOST_SUMS: usize = 1 << 16;

/// The linear relaxation of the parcel plan, in the proof's terms.
pub struct Relaxation {
    /// The limits and the choice rows over slot columns (area-scaled).
    constraints: Vec<Constraint>,
    /// One box per slot: `committed..=demand` are its bounds.
    boxes: Vec<Cell>,
    /// Per parcel: (quarter, slot column).
    slots: Vec<Vec<(Quarter, usize)>>,
    /// Per slot column: its parcel.
    owner: Vec<usize>,
    tiers: Vec<TierCells>,
    areas: Vec<Decimal>,
    committed: Vec<bool>,
    quarterly: bool,
    decimals: u32,
}

/// The inputs the relaxation is built from.
pub struct Plan<'a> {
    pub parcels: &'a [Parcel],
    pub eligible: &'a [bool],
    pub tier_of: &'a [u32],
    pub limits: &'a Limits,
    /// The tiers in order.
    pub tiers: &'a [u32],
    /// Every area is a multiple of 10^-decimals.
    pub decimals: u32,
}

impl Relaxation {
    /// `None` when a limit's weight is not its coefficient times the parcel's area exactly
    /// (then no certificate is attempted).
    pub fn new(plan: &Plan<'_>) -> Option<Relaxation> {
        let quarterly = plan.limits.has_quarterly();
        let blocked = blocked(plan);
        let mut boxes = Vec::new();
        let mut owner = Vec::new();
        let mut columns = Vec::new();
        for (p, quarters) in slots(plan.parcels, plan.eligible, quarterly)
            .into_iter()
            .enumerate()
        {
            let parcel = &plan.parcels[p];
            let fixed = parcel.committed && quarters.len() == 1;
            let mut own = Vec::new();
            for q in quarters {
                let lower = if fixed { parcel.area } else { Decimal::ZERO };
                let upper = if blocked[p][q.index()] {
                    lower
                } else {
                    parcel.area
                };
                own.push((q, boxes.len()));
                owner.push(p);
                boxes.push(Cell {
                    town: parcel.town,
                    category: parcel.category,
                    plan: Decimal::ZERO,
                    demand: upper,
                    committed: lower,
                    stock: Decimal::ZERO,
                    origin: parcel.origin.clone(),
                });
            }
            columns.push(own);
        }
        let mut relaxation = Relaxation {
            constraints: Vec::new(),
            boxes,
            tiers: plan
                .tiers
                .iter()
                .map(|&tier| TierCells {
                    tier,
                    cells: (0..plan.parcels.len())
                        .filter(|&p| plan.tier_of[p] == tier)
                        .flat_map(|p| columns[p].iter().map(|&(_, s)| s))
                        .collect(),
                })
                .collect(),
            slots: columns,
            owner,
            areas: plan.parcels.iter().map(|p| p.area).collect(),
            committed: plan.parcels.iter().map(|p| p.committed).collect(),
            quarterly,
            decimals: plan.decimals,
        };
        relaxation.constraints = relaxation.rows(plan.limits)?;
        Some(relaxation)
    }

    /// The limits over slot columns (a weight `c x area` becomes the coefficient `c` of the
    /// area-scaled column), then each parcel with several slots at most once (a committed
    /// one exactly once).
    fn rows(&self, limits: &Limits) -> Option<Vec<Constraint>> {
        let mut rows = Vec::new();
        for row in &limits.rows {
            let mut terms = Vec::new();
            for &(p, weight) in &row.terms {
                let coefficient = weight.checked_div(self.areas[p])?;
                if coefficient * self.areas[p] != weight {
                    return None;
                }
                let counted = self.slots[p]
                    .iter()
                    .filter(|(q, _)| row.quarter.map_or(true, |at| at == *q));
                terms.extend(counted.map(|&(_, s)| (s, coefficient)));
            }
            rows.push(Constraint {
                id: label(row.limit),
                terms,
                sense: row.sense,
                rhs: row.rhs,
            });
        }
        for (p, own) in self.slots.iter().enumerate().filter(|(_, s)| s.len() > 1) {
            let terms: Vec<(usize, Decimal)> =
                own.iter().map(|&(_, s)| (s, Decimal::ONE)).collect();
            let senses: &[Sense] = if self.committed[p] {
                &[Sense::AtMost, Sense::AtLeast]
            } else {
                &[Sense::AtMost]
            };
            for &sense in senses {
                rows.push(Constraint {
                    id: ConstraintId::Cap,
                    terms: terms.clone(),
                    sense,
                    rhs: self.areas[p],
                });
            }
        }
        Some(rows)
    }

    /// The certified bound on tier `i`'s area (index into the tiers), given a choice that
    /// keeps every limit: at or above every whole-parcel plan that keeps the limits and gives
    /// the earlier tiers at least what the choice gives them; equal to the choice's area
    /// when that is proved optimal. `None` when no multipliers were found or the exact bound
    /// overflows.
    pub fn bound(&self, i: usize, choice: &[Option<Quarter>], backend: Backend) -> Option<Decimal> {
        let x = self.allocation(choice);
        let problem = Problem {
            constraints: &self.constraints,
            tiers: &self.tiers,
            cells: &self.boxes,
            decimals: self.decimals,
        };
        let supplied: Decimal = self.tiers[i].cells.iter().map(|&s| x[s]).sum();
        // Every row may carry a multiplier: the relaxation's optimum is fractional, so the
        // rows that bind it need not bind at the whole-parcel choice.
        let multipliers =
            crate::solve::duals::multipliers_near(&problem, i, &x, backend, None).ok()?;
        let exact = match problem.check_tier(&x, i, &multipliers) {
            Ok(()) => return Some(supplied),
            Err(unproven) => unproven.bound?,
        };
        let on_grid =
            exact.round_dp_with_strategy(self.decimals, RoundingStrategy::ToNegativeInfinity);
        let reachable = self.largest_sum(i, on_grid).unwrap_or(on_grid);
        Some(reachable.max(supplied))
    }

    /// Each slot's area when the choice supplies the parcel there, else 0.
    fn allocation(&self, choice: &[Option<Quarter>]) -> Vec<Decimal> {
        let mut x = vec![Decimal::ZERO; self.boxes.len()];
        for (p, own) in self.slots.iter().enumerate() {
            for &(q, s) in own {
                if choice[p].is_some_and(|at| !self.quarterly || at == q) {
                    x[s] = self.areas[p];
                }
            }
        }
        x
    }

    /// The largest area of tier `i` that some set of its parcels adds up to, at most `limit`
    /// (its committed parcels always in, the parcels no slot admits never): `None` when
    /// there are too many sums to enumerate.
    fn largest_sum(&self, i: usize, limit: Decimal) -> Option<Decimal> {
        let mut parcels: Vec<usize> = self.tiers[i].cells.iter().map(|&s| self.owner[s]).collect();
        parcels.dedup();
        let mut forced = Decimal::ZERO;
        let mut optional = Vec::new();
        for p in parcels {
            let open = self.slots[p]
                .iter()
                .any(|&(_, s)| self.boxes[s].demand > Decimal::ZERO);
            if self.committed[p] {
                forced += self.areas[p];
            } else if open {
                optional.push(units(self.areas[p], self.decimals)?);
            }
        }
        let room = units(limit - forced, self.decimals)?;
        let mut sums = BTreeSet::from([0_i128]);
        for area in optional {
            let more: Vec<i128> = sums
                .iter()
                .map(|s| s + area)
                .take_while(|s| *s <= room)
                .collect();
            sums.extend(more);
            if sums.len() > MOST_SUMS {
                return None;
            }
        }
        let best = sums.range(..=room).next_back()?;
        Some(forced + Decimal::try_from_i128_with_scale(*best, self.decimals).ok()?)
    }
}

/// The proof reads only a row's terms, sense and right-hand side; the id names the scenario's
/// own constraint where there is one (the other rows, cells' and quarters' limits and the
/// choice rows, carry the cap's id as a placeholder nobody shows).
fn label(limit: Limit) -> ConstraintId {
    match limit {
        Limit::Scenario(id) => id,
        _ => ConstraintId::Cap,
    }
}

/// For each parcel and quarter: whether supplying it there alone breaks an upper limit whose
/// weights are all non-negative, beside the committed parcels that limit counts in every
/// plan (the year-long limits count a committed parcel in whichever quarter it goes).
fn blocked(plan: &Plan<'_>) -> Vec<[bool; 4]> {
    let mut blocked = vec![[false; 4]; plan.parcels.len()];
    let plain =
        plan.limits.rows.iter().filter(|r| {
            r.sense == Sense::AtMost && r.terms.iter().all(|(_, w)| *w >= Decimal::ZERO)
        });
    for row in plain {
        let forced = |p: usize| row.quarter.is_none() && plan.parcels[p].committed;
        let committed: Decimal = row
            .terms
            .iter()
            .filter(|(p, _)| forced(*p))
            .map(|(_, w)| *w)
            .sum();
        for &(p, w) in &row.terms {
            let others = committed - if forced(p) { w } else { Decimal::ZERO };
            if w > row.rhs - others {
                match row.quarter {
                    Some(q) => blocked[p][q.index()] = true,
                    None => blocked[p] = [true; 4],
                }
            }
        }
    }
    blocked
}
