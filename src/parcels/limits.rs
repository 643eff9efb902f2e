//! The scenario's limits over parcels, and their exact evaluation.
//!
//! Input: a validated `Scenario`, its `Parcels` and which of them may be supplied this year.
//! Output: `Limits`, one row per cap, category bound, town capacity and rule (enumerated over
//! cells by `constraints::constraints`: a parcel adds its area to its cell), per cell demand
//! and committed figure, and per quarterly limit, each a sum of weights of parcels compared
//! with a right-hand side, all `Decimal`. The mixed-integer model, the greedy start, the
//! certificate and the reasons for deferral are all built from this one list, so they can
//! never disagree about what the limits are. Nothing here chooses parcels.

use super::{Parcel, Quarter};
use crate::constraints::{ConstraintId, Sense};
use crate::scenario::Scenario;
use rust_decimal::Decimal;
use serde::Serialize;

/// A limit a parcel plan must keep, in the planner's terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "kind", content = "index", rename_all = "snake_case")]
pub enum Limit {
    /// The cap, a category bound, a town capacity or a rule of `rules.csv`.
    Scenario(ConstraintId),
    /// A cell's demand: the most its parcels may supply (by index into `Scenario::cells`).
    CellDemand(usize),
    /// A cell's committed figure: the least its parcels must supply.
    CellCommitted(usize),
    /// A row of `quarters.csv`, by index into `Parcels::quarters`.
    Quarter(usize),
}

/// One limit as a sum over parcels: `sum(weight[p] * chosen[p]) (<= | >=) rhs`, over the
/// parcels supplied in `quarter` when it is a quarterly limit.
#[derive(Debug, Clone, PartialEq)]
pub struct LimitRow {
    pub limit: Limit,
    pub quarter: Option<Quarter>,
    /// (index into the parcel list, weight = coefficient x area); no parcel twice.
    pub terms: Vec<(usize, Decimal)>,
    pub sense: Sense,
    pub rhs: Decimal,
}

impl LimitRow {
    /// The left-hand side for a choice of parcels and their quarters.
    pub fn lhs(&self, quarters: &[Option<Quarter>]) -> Decimal {
        self.terms
            .iter()
            .filter(|(p, _)| match (self.quarter, quarters[*p]) {
                (_, None) => false,
                (None, Some(_)) => true,
                (Some(q), Some(at)) => q == at,
            })
            .map(|(_, weight)| *weight)
            .sum()
    }

    /// How far inside the limit a left-hand side is (negative = broken by that much).
    pub fn slack_at(&self, lhs: Decimal) -> Decimal {
        match self.sense {
            Sense::AtMost => self.rhs - lhs,
            Sense::AtLeast => lhs - self.rhs,
        }
    }

    /// Whether no choice of parcels can break it (an upper limit above every positive
    /// weight together): such rows are left out of the model, never out of the certificate.
    pub fn cannot_bind(&self) -> bool {
        self.sense == Sense::AtMost
            && self
                .terms
                .iter()
                .map(|(_, w)| (*w).max(Decimal::ZERO))
                .sum::<Decimal>()
                <= self.rhs
    }

    /// A parcel's weight in this row (0 when it does not count).
    pub fn weight(&self, parcel: usize) -> Decimal {
        self.terms
            .binary_search_by_key(&parcel, |(p, _)| *p)
            .map_or(Decimal::ZERO, |at| self.terms[at].1)
    }
}

/// Every limit of a parcel plan, and each parcel's cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Limits {
    pub rows: Vec<LimitRow>,
    /// For each parcel, its cell (index into `Scenario::cells`), if the plan has that pair.
    pub cell_of: Vec<Option<usize>>,
}

impl Limits {
    /// The rows over the parcels marked `eligible`; the others count in no row.
    pub fn new(scenario: &Scenario, parcels: &super::Parcels, eligible: &[bool]) -> Limits {
        let cell_of: Vec<Option<usize>> = parcels
            .parcels
            .iter()
            .map(|p| scenario.cell_index(p.town, p.category))
            .collect();
        let mut in_cell = vec![Vec::new(); scenario.cells.len()];
        for (p, cell) in cell_of.iter().enumerate() {
            if let (true, Some(cell)) = (eligible[p], cell) {
                in_cell[*cell].push((p, parcels.parcels[p].area));
            }
        }
        let mut rows = Vec::new();
        for constraint in crate::constraints::constraints(scenario) {
            let mut coefficient = vec![Decimal::ZERO; scenario.cells.len()];
            for (cell, c) in &constraint.terms {
                coefficient[*cell] = *c;
            }
            let terms = weighted(&parcels.parcels, eligible, |p| {
                cell_of[p].map_or(Decimal::ZERO, |cell| coefficient[cell])
            });
            rows.push(LimitRow {
                limit: Limit::Scenario(constraint.id),
                quarter: None,
                terms,
                sense: constraint.sense,
                rhs: constraint.rhs,
            });
        }
        for (index, cell) in scenario.cells.iter().enumerate() {
            let terms = std::mem::take(&mut in_cell[index]);
            rows.push(LimitRow {
                limit: Limit::CellDemand(index),
                quarter: None,
                terms: terms.clone(),
                sense: Sense::AtMost,
                rhs: cell.demand,
            });
            if cell.committed > Decimal::ZERO {
                rows.push(LimitRow {
                    limit: Limit::CellCommitted(index),
                    quarter: None,
                    terms,
                    sense: Sense::AtLeast,
                    rhs: cell.committed,
                });
            }
        }
        for (index, limit) in parcels.quarters.iter().enumerate() {
            let terms = weighted(&parcels.parcels, eligible, |p| {
                if limit.covers(&parcels.parcels[p]) {
                    Decimal::ONE
                } else {
                    Decimal::ZERO
                }
            });
            rows.push(LimitRow {
                limit: Limit::Quarter(index),
                quarter: Some(limit.quarter),
                terms,
                sense: Sense::AtMost,
                rhs: limit.max,
            });
        }
        Limits { rows, cell_of }
    }

    /// Whether there is any quarterly limit (else quarters can be chosen after the parcels).
    pub fn has_quarterly(&self) -> bool {
        self.rows.iter().any(|r| r.quarter.is_some())
    }

    /// For each parcel, the rows it counts in: (row index, weight).
    pub fn by_parcel(&self, parcels: usize) -> Vec<Vec<(usize, Decimal)>> {
        let mut by_parcel = vec![Vec::new(); parcels];
        for (r, row) in self.rows.iter().enumerate() {
            for (p, weight) in &row.terms {
                by_parcel[*p].push((r, *weight));
            }
        }
        by_parcel
    }

    /// The left-hand side of every row for a choice.
    pub fn lhs(&self, quarters: &[Option<Quarter>]) -> Vec<Decimal> {
        self.rows.iter().map(|row| row.lhs(quarters)).collect()
    }

    /// The rows a choice breaks, with how far (exact): empty = the choice keeps every limit.
    pub fn breaches(&self, quarters: &[Option<Quarter>]) -> Vec<(Limit, Decimal)> {
        self.rows
            .iter()
            .filter_map(|row| {
                let slack = row.slack_at(row.lhs(quarters));
                (slack < Decimal::ZERO).then_some((row.limit, -slack))
            })
            .collect()
    }
}

/// (parcel, coefficient x area) for the eligible parcels with a non-zero coefficient.
fn weighted(
    parcels: &[Parcel],
    eligible: &[bool],
    coefficient: impl Fn(usize) -> Decimal,
) -> Vec<(usize, Decimal)> {
    (0..parcels.len())
        .filter(|&p| eligible[p])
        .filter_map(|p| {
            let c = coefficient(p);
            (!c.is_zero()).then(|| (p, c * parcels[p].area))
        })
        .collect()
}
