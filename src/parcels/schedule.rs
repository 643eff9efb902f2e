//! The quarterly schedule (时序) of the chosen parcels, as even as the limits allow.
//!
//! Input: the parcels, the choice the plan made (each chosen parcel with a quarter that keeps
//! every quarterly limit) and the limits. Output: a `Schedule`: each chosen parcel's quarter,
//! never before it is ready (五（四）), the area per quarter, a proven lower bound on the
//! largest quarter and the 时序 tables (quarter x category, quarter x town). The spread is a
//! greedy (latest-ready and largest parcels first, into the least-loaded quarter each may go to); when a
//! quarterly limit stops the greedy, the plan's own feasible quarters are kept. It changes
//! no choice of parcels.

use super::limits::Limits;
use super::{Parcel, Quarter, Readiness};
use crate::scenario::{CategoryId, TownId};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;
use std::collections::BTreeMap;

/// When each chosen parcel is supplied, and the 时序 tables.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Schedule {
    /// Per parcel (file order): its quarter, `None` when it is not supplied.
    pub quarters: Vec<Option<Quarter>>,
    /// Area supplied per quarter, Q1 to Q4.
    pub loads: [Decimal; 4],
    /// No schedule of these parcels can have a smaller largest quarter than this (readiness:
    /// what is ready only from quarter k must fit in quarters k..4; a parcel is never cut).
    pub bound: Decimal,
    /// Whether the greedy spread was kept (false: a quarterly limit stopped it and the
    /// plan's feasible quarters were kept instead).
    pub spread: bool,
    pub by_category: BTreeMap<(Quarter, CategoryId), Decimal>,
    pub by_town: BTreeMap<(Quarter, TownId), Decimal>,
}

impl Schedule {
    /// The largest quarter's area.
    pub fn peak(&self) -> Decimal {
        self.loads.iter().copied().max().unwrap_or_default()
    }

    /// How far the largest quarter may be above the most even schedule (0 = proven even).
    pub fn gap(&self) -> Decimal {
        self.peak() - self.bound
    }
}

/// Spreads the chosen parcels (`feasible[p]` is `Some` for each, with a quarter that keeps
/// the quarterly limits) over the quarters.
pub fn schedule(
    parcels: &[Parcel],
    limits: &Limits,
    feasible: &[Option<Quarter>],
    scale: u32,
) -> Schedule {
    let spread = spread(parcels, limits, feasible);
    let kept = spread.is_some();
    let quarters = spread.unwrap_or_else(|| feasible.to_vec());
    tables(parcels, quarters, bound(parcels, feasible, scale), kept)
}

/// The latest-ready parcels first (they have the fewest quarters to go to), largest first
/// among them, into the least-loaded quarter it is ready for and the quarterly
/// limits leave room in (the earliest on a tie); `None` when some parcel finds no room.
fn spread(
    parcels: &[Parcel],
    limits: &Limits,
    feasible: &[Option<Quarter>],
) -> Option<Vec<Option<Quarter>>> {
    let mut order: Vec<usize> = (0..parcels.len())
        .filter(|&p| feasible[p].is_some())
        .collect();
    order.sort_by(|&a, &b| {
        (
            std::cmp::Reverse(parcels[a].ready),
            std::cmp::Reverse(parcels[a].area),
            a,
        )
            .cmp(&(
                std::cmp::Reverse(parcels[b].ready),
                std::cmp::Reverse(parcels[b].area),
                b,
            ))
    });
    let quarterly: Vec<_> = limits.rows.iter().filter(|r| r.quarter.is_some()).collect();
    let mut used = vec![Decimal::ZERO; quarterly.len()];
    let mut loads = [Decimal::ZERO; 4];
    let mut quarters = vec![None; parcels.len()];
    for p in order {
        let Readiness::From(ready) = parcels[p].ready else {
            return None;
        };
        let fits = |q: Quarter| {
            quarterly
                .iter()
                .zip(&used)
                .all(|(row, used)| row.quarter != Some(q) || *used + row.weight(p) <= row.rhs)
        };
        let quarter = ready
            .onwards()
            .filter(|&q| fits(q))
            .min_by_key(|q| (loads[q.index()], *q))?;
        loads[quarter.index()] += parcels[p].area;
        for (row, used) in quarterly.iter().zip(used.iter_mut()) {
            if row.quarter == Some(quarter) {
                *used += row.weight(p);
            }
        }
        quarters[p] = Some(quarter);
    }
    Some(quarters)
}

/// The largest quarter is at least the largest parcel, and at least the area ready only from
/// quarter k spread evenly over quarters k..4 (rounded down at `scale` + 2 decimals, so the
/// bound stays a bound).
fn bound(parcels: &[Parcel], chosen: &[Option<Quarter>], scale: u32) -> Decimal {
    let chosen: Vec<&Parcel> = (0..parcels.len())
        .filter(|&p| chosen[p].is_some())
        .map(|p| &parcels[p])
        .collect();
    let largest = chosen.iter().map(|p| p.area).max().unwrap_or_default();
    let from = |k: Quarter| -> Decimal {
        chosen
            .iter()
            .filter(|p| matches!(p.ready, Readiness::From(r) if r >= k))
            .map(|p| p.area)
            .sum()
    };
    Quarter::ALL
        .iter()
        .map(|&k| {
            let quarters = Decimal::from(5 - k.number());
            (from(k) / quarters).round_dp_with_strategy(scale + 2, RoundingStrategy::ToZero)
        })
        .fold(largest, Decimal::max)
}

fn tables(
    parcels: &[Parcel],
    quarters: Vec<Option<Quarter>>,
    bound: Decimal,
    spread: bool,
) -> Schedule {
    let mut loads = [Decimal::ZERO; 4];
    let mut by_category = BTreeMap::new();
    let mut by_town = BTreeMap::new();
    for (parcel, quarter) in parcels.iter().zip(&quarters) {
        let Some(q) = *quarter else { continue };
        loads[q.index()] += parcel.area;
        *by_category
            .entry((q, parcel.category))
            .or_insert(Decimal::ZERO) += parcel.area;
        *by_town.entry((q, parcel.town)).or_insert(Decimal::ZERO) += parcel.area;
    }
    Schedule {
        quarters,
        loads,
        bound,
        spread,
        by_category,
        by_town,
    }
}
