//! Land sources: stock land first, new land within the quota (新增建设用地计划指标).
//!
//! Input: a scenario whose cells may hold stock land (存量、储备、批而未供, `cells.csv`
//! `stock`) and whose `scenario.csv` may give `new_quota`, and an allocation. Output: each
//! cell's allocation split into stock used (stock first: `min(x, stock)`) and new land
//! (`max(0, x - stock)`), and the quota as limits the solver can use.
//!
//! The quota says `sum over cells of max(0, x - stock) <= new_quota`: convex, not linear in
//! the cells. It equals the family of linear cuts `sum over S of (x - stock) <= new_quota`, one
//! per set S of cells, each valid for every allowed allocation. The solve starts with one of
//! them (all cells) and adds the cut of the cells above their stock
//! whenever an answer breaks the quota (`allocate` in `solve`), until one keeps it. Every
//! cut is an ordinary `Constraint` (id `NewQuota`), so the LP stages, the rounding, the proof
//! of each tier's optimum and the infeasibility explanation use them unchanged: an answer
//! optimal under valid cuts that keeps the quota is optimal under the quota. The certificate
//! (`evaluate`) checks the quota itself, exactly, as one limit.

use crate::constraints::{Constraint, ConstraintId, Sense};
use crate::evaluate::ConstraintStatus;
use crate::scenario::Scenario;
use rust_decimal::Decimal;
use serde::Serialize;

/// How many cuts a solve may add before it gives up (each is a new set of cells, so the
/// loop ends; real plans need one or two).
pub const MAX_CUTS: usize = 64;

/// One cell's land by source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Split {
    /// Stock land used, `min(allocated, stock)`.
    pub stock: Decimal,
    /// New construction land, `allocated - stock used`.
    pub new: Decimal,
}

impl Split {
    /// Stock first: a cell draws on its stock before any new land.
    pub fn of(allocated: Decimal, stock: Decimal) -> Split {
        let stock = allocated.min(stock).max(Decimal::ZERO);
        Split {
            stock,
            new: allocated - stock,
        }
    }

    fn add(&mut self, other: Split) {
        self.stock += other.stock;
        self.new += other.new;
    }
}

/// An allocation's land by source, per cell, town and category, and in all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sources {
    pub cells: Vec<Split>,
    pub towns: Vec<Split>,
    pub categories: Vec<Split>,
    pub total: Split,
    /// The stock ready in all cells.
    pub stock_ready: Decimal,
    pub new_quota: Option<Decimal>,
}

impl Sources {
    /// Splits an allocation (one figure per cell) by source.
    pub fn of(scenario: &Scenario, allocation: &[Decimal]) -> Sources {
        let mut towns = vec![Split::default(); scenario.towns.len()];
        let mut categories = vec![Split::default(); scenario.categories.len()];
        let mut total = Split::default();
        let cells: Vec<Split> = scenario
            .cells
            .iter()
            .zip(allocation)
            .map(|(cell, &x)| {
                let split = Split::of(x, cell.stock);
                towns[cell.town.0].add(split);
                categories[cell.category.0].add(split);
                total.add(split);
                split
            })
            .collect();
        Sources {
            cells,
            towns,
            categories,
            total,
            stock_ready: scenario.cells.iter().map(|c| c.stock).sum(),
            new_quota: scenario.settings.new_quota,
        }
    }
}

/// Whether a scenario tells land sources apart (some stock, or a quota).
pub fn in_use(scenario: &Scenario) -> bool {
    scenario.settings.new_quota.is_some() || scenario.cells.iter().any(|c| !c.stock.is_zero())
}

/// New land of an allocation: the sum over cells of `max(0, x - stock)`.
pub fn new_land(scenario: &Scenario, allocation: &[Decimal]) -> Decimal {
    scenario
        .cells
        .iter()
        .zip(allocation)
        .map(|(cell, &x)| Split::of(x, cell.stock).new)
        .sum()
}

/// The cut of a set of cells: `sum over S of x <= quota + sum over S of stock`.
pub fn cut(scenario: &Scenario, quota: Decimal, cells: &[usize]) -> Constraint {
    let stock: Decimal = cells.iter().map(|&i| scenario.cells[i].stock).sum();
    Constraint {
        id: ConstraintId::NewQuota,
        terms: cells.iter().map(|&i| (i, Decimal::ONE)).collect(),
        sense: Sense::AtMost,
        rhs: quota + stock,
    }
}

/// The cut every solve starts with: all cells (the quota itself when no cell has stock).
/// One, so that the constraint list and the evaluation's limits (the quota once) line up.
pub fn first_cuts(scenario: &Scenario) -> Vec<Constraint> {
    let Some(quota) = scenario.settings.new_quota else {
        return Vec::new();
    };
    let all: Vec<usize> = (0..scenario.cells.len()).collect();
    vec![cut(scenario, quota, &all)]
}

/// The cut an allocation breaks, when it breaks the quota: the cells above their stock.
pub fn violated(scenario: &Scenario, allocation: &[Decimal]) -> Option<Constraint> {
    let quota = scenario.settings.new_quota?;
    if new_land(scenario, allocation) <= quota {
        return None;
    }
    let above: Vec<usize> = scenario
        .cells
        .iter()
        .zip(allocation)
        .enumerate()
        .filter(|(_, (cell, &x))| x > cell.stock)
        .map(|(i, _)| i)
        .collect();
    Some(cut(scenario, quota, &above))
}

/// The quota as one limit of the certificate, checked exactly; `None` without a quota.
pub fn status(scenario: &Scenario, allocation: &[Decimal]) -> Option<ConstraintStatus> {
    let quota = scenario.settings.new_quota?;
    let value = new_land(scenario, allocation);
    Some(ConstraintStatus {
        id: ConstraintId::NewQuota,
        sense: Sense::AtMost,
        limit: quota,
        value,
        slack: quota - value,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    #[test]
    fn stock_is_used_before_new_land() {
        assert_eq!(
            Split::of(d("5"), d("3")),
            Split {
                stock: d("3"),
                new: d("2")
            }
        );
        assert_eq!(
            Split::of(d("2.5"), d("3")),
            Split {
                stock: d("2.5"),
                new: d("0")
            }
        );
        assert_eq!(
            Split::of(d("1"), d("0")),
            Split {
                stock: d("0"),
                new: d("1")
            }
        );
    }
}
