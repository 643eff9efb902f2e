//! The pace a quarterly schedule sets through the year, for `track` to measure against
//! instead of a straight line.
//!
//! Input: a `Timetable`: the area each cell (town x category) is to supply in each quarter,
//! from the parcel plan's schedule (each supplied parcel in its quarter) or from a folder's
//! `schedule.csv` when it has no parcels; and a date of the plan's year. Output: the area the
//! timetable expects supplied by the end of that day, per cell, town, category and in total,
//! exact decimals: every quarter that has ended counts in full, the current quarter in
//! proportion to its days gone (so the 1 July figure is Q1 + Q2 + 1/92 of Q3). A cell the
//! timetable does not list is expected to supply nothing. A straight line through the year
//! (`track`'s pace without a timetable) is the special case of the same area in every day.
//! Nothing here reads a register or renders anything.

use super::schedule::Schedule;
use super::{Parcel, Quarter};
use crate::problem::Origin;
use crate::scenario::{CategoryId, TownId};
use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

/// What the schedule expects supplied by a date.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Expected {
    pub cells: BTreeMap<(TownId, CategoryId), Decimal>,
    pub towns: BTreeMap<TownId, Decimal>,
    pub categories: BTreeMap<CategoryId, Decimal>,
    pub total: Decimal,
}

/// Where a timetable comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The parcel plan's schedule (`parcels.csv`, planned by `parcels::plan`).
    ParcelPlan,
    /// The folder's `schedule.csv`.
    ScheduleFile,
}

/// One cell's supply in one quarter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Slot {
    pub town: TownId,
    pub category: CategoryId,
    pub quarter: Quarter,
    pub area: Decimal,
    /// The row of `schedule.csv`, or the parcel's row of `parcels.csv`.
    pub origin: Origin,
}

/// The area each cell is to supply in each quarter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timetable {
    pub basis: Basis,
    pub slots: Vec<Slot>,
}

impl Timetable {
    /// The timetable of a parcel plan: each supplied parcel in its quarter.
    pub fn from_plan(schedule: &Schedule, parcels: &[Parcel]) -> Timetable {
        let slots = parcels
            .iter()
            .zip(&schedule.quarters)
            .filter_map(|(parcel, quarter)| {
                quarter.map(|quarter| Slot {
                    town: parcel.town,
                    category: parcel.category,
                    quarter,
                    area: parcel.area,
                    origin: parcel.origin.clone(),
                })
            })
            .collect();
        Timetable {
            basis: Basis::ParcelPlan,
            slots,
        }
    }

    /// The area the timetable expects supplied by the end of `date`.
    pub fn expected(&self, date: Date) -> Expected {
        let shares = quarter_shares(date);
        let mut expected = Expected::default();
        for slot in &self.slots {
            let area = slot.area * shares[slot.quarter.index()];
            if area.is_zero() {
                continue;
            }
            *expected
                .cells
                .entry((slot.town, slot.category))
                .or_default() += area;
            *expected.towns.entry(slot.town).or_default() += area;
            *expected.categories.entry(slot.category).or_default() += area;
            expected.total += area;
        }
        expected
    }
}

/// The share of each quarter's supply expected by the end of `date`: 1 for quarters that
/// have ended, the days gone over the quarter's days for the current one, 0 after.
pub fn quarter_shares(date: Date) -> [Decimal; 4] {
    let current = Quarter::of_month(date.month());
    let start = quarter_start(date.year(), current);
    let end = match Quarter::new(current.number() + 1) {
        Some(next) => quarter_start(date.year(), next).day_of_year() - 1,
        None => date.days_in_year(),
    };
    let gone = Decimal::from(date.day_of_year() - start.day_of_year() + 1);
    let days = Decimal::from(end - start.day_of_year() + 1);
    let mut shares = [Decimal::ZERO; 4];
    for quarter in Quarter::ALL {
        shares[quarter.index()] = match quarter.cmp(&current) {
            std::cmp::Ordering::Less => Decimal::ONE,
            std::cmp::Ordering::Equal => gone / days,
            std::cmp::Ordering::Greater => Decimal::ZERO,
        };
    }
    shares
}

fn quarter_start(year: i16, quarter: Quarter) -> Date {
    let month = i8::try_from(3 * quarter.index() + 1).expect("months 1, 4, 7, 10");
    Date::new(year, month, 1).expect("the first day of a quarter exists")
}

/// The area the parcel plan's schedule expects supplied by the end of `date`.
pub fn expected(schedule: &Schedule, parcels: &[Parcel], date: Date) -> Expected {
    Timetable::from_plan(schedule, parcels).expected(date)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parcels::{PlanOptions, PlanOutcome};

    fn date(y: i16, m: i8, d: i8) -> Date {
        Date::new(y, m, d).unwrap()
    }

    #[test]
    fn quarters_count_in_full_once_ended_and_by_days_within() {
        assert_eq!(
            quarter_shares(date(2025, 6, 30)),
            [Decimal::ONE, Decimal::ONE, Decimal::ZERO, Decimal::ZERO]
        );
        let july = quarter_shares(date(2025, 7, 1));
        assert_eq!(july[2], Decimal::ONE / Decimal::from(92));
        assert_eq!(
            quarter_shares(date(2024, 2, 29))[0],
            Decimal::from(60) / Decimal::from(91)
        );
        assert_eq!(quarter_shares(date(2025, 12, 31)), [Decimal::ONE; 4]);
    }

    #[test]
    fn the_lianzhou_schedule_expects_its_first_half_by_30_june() {
        let scenario = crate::app::ScenarioSource::Builtin.scenario().unwrap();
        let parcels = crate::parcels::load(&crate::builtin::lianzhou(), &scenario)
            .unwrap()
            .unwrap();
        let PlanOutcome::Planned(plan) =
            crate::parcels::plan(&scenario, &parcels, PlanOptions::default()).unwrap()
        else {
            panic!("the Lianzhou parcels are feasible");
        };
        let half = expected(&plan.schedule, &parcels.parcels, date(2025, 6, 30));
        assert_eq!(half.total, plan.schedule.loads[0] + plan.schedule.loads[1]);
        assert_eq!(
            half.categories.values().copied().sum::<Decimal>(),
            half.total
        );
        let year = expected(&plan.schedule, &parcels.parcels, date(2025, 12, 31));
        assert_eq!(year.total, Decimal::new(13267263, 5));
        // Far from the straight line: by 30 June the schedule expects less than half.
        assert!(half.total < year.total / Decimal::TWO);
    }
}
