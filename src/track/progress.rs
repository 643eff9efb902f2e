//! Execution tracking: the plan against the land supplied so far.
//!
//! Input: a validated scenario, its parcel register and the date to report at. Output: a
//! `Progress`: per cell, town, category and tier the land planned, supplied to date and
//! remaining, the execution rate and the pace against the calendar; the supply by method; and
//! the flags a bureau must act on, each pointing at the parcel's file and line: parcels in a
//! town x category with no planned land (the seed: "对于未列入计划的地块，原则上不予办理土地供应
//! 手续"), cells whose supply has passed their plan, and a total past the cap. Figures are exact
//! decimals; only rates and paces are rounded, to 2 decimals of a percent. Prints nothing.

use super::date;
use super::register::{Method, Parcel, Register};
use crate::parcels::timing::{Basis, Expected, Timetable};
use crate::problem::{Origin, Problem, Problems};
use crate::scenario::{CategoryId, Scenario, TownId};
use jiff::civil::Date;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;
use std::collections::BTreeMap;

/// A fraction as a percentage with 2 decimals, half away from zero (0.418266 -> 41.83).
pub fn percent(fraction: Decimal) -> Decimal {
    (fraction * Decimal::ONE_HUNDRED)
        .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
        .normalize()
}

/// Expected land as shown: a share of a quarter's days (or of the year's) need not end, so
/// it is shown to 6 decimals, half away from zero; the pace is computed from the exact figure.
pub fn shown_expected(expected: Decimal) -> Decimal {
    expected
        .round_dp_with_strategy(6, RoundingStrategy::MidpointAwayFromZero)
        .normalize()
}

/// Land planned and supplied for a group of cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Tally {
    #[serde(with = "rust_decimal::serde::str")]
    pub planned: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    pub supplied: Decimal,
    pub parcels: usize,
    /// The land the pace expects supplied by the report date: the schedule's (the parcel
    /// plan's or `schedule.csv`'s), or a straight line through the year without one.
    #[serde(with = "rust_decimal::serde::str")]
    pub expected: Decimal,
}

impl Tally {
    fn add(&mut self, area: Decimal) {
        self.supplied += area;
        self.parcels += 1;
    }

    /// Adds another group's planned and supplied land and parcels to this one.
    fn absorb(&mut self, other: &Tally) {
        self.planned += other.planned;
        self.supplied += other.supplied;
        self.parcels += other.parcels;
        self.expected += other.expected;
    }

    /// Planned land not yet supplied (never negative).
    pub fn remaining(&self) -> Decimal {
        (self.planned - self.supplied).max(Decimal::ZERO)
    }

    /// Land supplied beyond the plan (never negative).
    pub fn over(&self) -> Decimal {
        (self.supplied - self.planned).max(Decimal::ZERO)
    }

    /// Supplied / planned, exact; `None` when nothing is planned.
    pub fn share(&self) -> Option<Decimal> {
        (!self.planned.is_zero()).then(|| self.supplied / self.planned)
    }

    /// The execution rate in percent (2 decimals); `None` when nothing is planned.
    pub fn rate(&self) -> Option<Decimal> {
        self.share().map(percent)
    }

    /// (Supplied - expected) / planned, in percentage points (2 decimals, from the exact
    /// figures): above 0 ahead of the schedule (or the calendar), below 0 behind it. With the
    /// straight line (expected = planned x year gone) this is the rate minus the share of the
    /// year gone.
    pub fn pace(&self) -> Option<Decimal> {
        (!self.planned.is_zero()).then(|| percent((self.supplied - self.expected) / self.planned))
    }
}

/// One town x category: planned in the published layout, or supplied without a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CellProgress {
    pub town: TownId,
    pub category: CategoryId,
    pub tally: Tally,
}

impl CellProgress {
    /// Whether the plan has land for this cell.
    pub fn in_plan(&self) -> bool {
        self.tally.planned > Decimal::ZERO
    }
}

/// Land supplied by each method, and with no method given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct MethodTally {
    /// In `Method::FAMILIES` order: 出让 (every manner, and 作价出资), 划拨, 租赁.
    pub by_method: [Tally; 3],
    pub unspecified: Tally,
}

impl MethodTally {
    /// Land supplied by any method or none.
    pub fn total(&self) -> Decimal {
        self.by_method.iter().map(|t| t.supplied).sum::<Decimal>() + self.unspecified.supplied
    }

    fn add(&mut self, method: Option<Method>, area: Decimal) {
        let slot = match method {
            Some(method) => {
                let index = Method::FAMILIES
                    .iter()
                    .position(|m| *m == method.family())
                    .expect("Method::FAMILIES lists every family");
                &mut self.by_method[index]
            }
            None => &mut self.unspecified,
        };
        slot.add(area);
    }
}

/// What a flag is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FlagKind {
    /// A parcel in a town x category with no planned land.
    OutsidePlan,
    /// A cell whose supply has passed its plan.
    OverPlan,
    /// The total supplied has passed the cap (总量).
    OverCap,
}

/// Something the bureau must act on, at the parcel that caused it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flag {
    pub kind: FlagKind,
    /// `None` for the total.
    pub town: Option<TownId>,
    pub category: Option<CategoryId>,
    /// The parcel outside the plan, or the one whose supply crossed the plan or the cap.
    pub parcel: String,
    pub date: Date,
    pub area: Decimal,
    pub location: Origin,
    /// The cell's (or the cap's) planned and supplied land at the report date.
    pub tally: Tally,
}

/// What the pace is measured against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PaceBasis {
    /// A straight line through the year: the share of the year gone of every planned figure.
    Calendar,
    /// The parcel plan's quarterly schedule (`parcels.csv`).
    ParcelPlan,
    /// The folder's `schedule.csv`.
    ScheduleFile,
}

impl PaceBasis {
    fn of(timetable: Option<&Timetable>) -> PaceBasis {
        match timetable.map(|t| t.basis) {
            None => PaceBasis::Calendar,
            Some(Basis::ParcelPlan) => PaceBasis::ParcelPlan,
            Some(Basis::ScheduleFile) => PaceBasis::ScheduleFile,
        }
    }
}

/// The plan's execution at a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    pub year: u32,
    pub as_of: Date,
    /// Share of the year gone by the end of `as_of`, exact.
    pub year_gone: Decimal,
    /// What every tally's `expected` (and so its pace) comes from.
    pub pace_basis: PaceBasis,
    /// Every cell of the plan and every pair supplied outside it, in (town, category) order.
    pub cells: Vec<CellProgress>,
    /// By town id; planned = the town's published total, or its cells' sum when it has none.
    pub towns: Vec<Tally>,
    /// By category id; planned = the published structure figure, or its cells' sum.
    pub categories: Vec<Tally>,
    /// (tier, the tally of its categories), in tier order.
    pub tiers: Vec<(u32, Tally)>,
    /// Planned = the cap (总量).
    pub total: Tally,
    /// By category id.
    pub methods: Vec<MethodTally>,
    pub method_total: MethodTally,
    /// In the order of the parcels' lines.
    pub flags: Vec<Flag>,
    /// Parcels supplied by a method the legal rules forbid or ask to verify, with the
    /// parcel's number, in supply order.
    pub method_flags: Vec<(String, crate::methods::plan::Violation)>,
    /// Parcels in the register dated after `as_of`, not counted.
    pub later: usize,
}

impl Progress {
    /// Whether anything needs the bureau's action: a flag, or a method the rules forbid.
    pub fn flagged(&self) -> bool {
        !self.flags.is_empty() || self.method_flags.iter().any(|(_, v)| v.forbidden())
    }
}

/// Where a date given on the command line is reported.
pub const AS_OF: &str = "--as-of";

/// The report date: `as_of` if given, else the latest parcel's date; it must fall in the
/// plan's year.
pub fn report_date(
    scenario: &Scenario,
    register: &Register,
    as_of: Option<Date>,
) -> Result<(u32, Date), Problems> {
    let year = super::register::plan_year(scenario)?;
    let date = as_of.or_else(|| register.latest()).ok_or_else(|| {
        Problems::one(
            Problem::new(
                Origin::new(AS_OF, 0),
                "the register has no parcels, so there is no latest supply date to report at",
            )
            .expected(format!("--as-of with a date in {year}")),
        )
    })?;
    if date::year_of(date) != Some(year) {
        return Err(Problems::one(
            Problem::new(
                Origin::new(AS_OF, 0),
                format!("the date is outside the plan's year {year}"),
            )
            .got(date.to_string())
            .expected(format!("a date from {year}-01-01 to {year}-12-31")),
        ));
    }
    Ok((year, date))
}

/// Tracks the plan's execution up to and including `as_of` (default: the latest parcel); the
/// pace against `timetable` when there is one (the quarterly schedule), else against a
/// straight line through the year.
pub fn track(
    scenario: &Scenario,
    register: &Register,
    as_of: Option<Date>,
    timetable: Option<&Timetable>,
) -> Result<Progress, Problems> {
    let (year, as_of) = report_date(scenario, register, as_of)?;
    let counted: Vec<&Parcel> = register
        .parcels
        .iter()
        .filter(|p| p.date <= as_of)
        .collect();
    let cells = cell_progress(scenario, &counted);
    let (towns, categories) = group_tallies(scenario, &cells);
    let tiers = tier_tallies(scenario, &categories);
    let mut total = Tally {
        planned: scenario.settings.cap,
        ..Tally::default()
    };
    let mut methods = vec![MethodTally::default(); scenario.categories.len()];
    let mut method_total = MethodTally::default();
    for parcel in &counted {
        total.add(parcel.area);
        methods[parcel.category.0].add(parcel.method, parcel.area);
        method_total.add(parcel.method, parcel.area);
    }
    let flags = flags(&cells, &counted, total);
    let method_flags = method_flags(scenario, &counted);
    let year_gone = date::year_gone(as_of);
    let mut progress = Progress {
        year,
        as_of,
        year_gone,
        pace_basis: PaceBasis::of(timetable),
        later: register.parcels.len() - counted.len(),
        cells,
        towns,
        categories,
        tiers,
        total,
        methods,
        method_total,
        flags,
        method_flags,
    };
    match timetable {
        Some(timetable) => progress.expect(scenario, &timetable.expected(as_of)),
        None => progress.expect_calendar(),
    }
    Ok(progress)
}

impl Progress {
    /// Every tally's expected land: what the schedule expects of its cells, towns and
    /// categories by the report date; a tier, the sum of its categories'.
    fn expect(&mut self, scenario: &Scenario, expected: &Expected) {
        for cell in &mut self.cells {
            let pair = (cell.town, cell.category);
            cell.tally.expected = expected.cells.get(&pair).copied().unwrap_or_default();
        }
        for (id, tally) in self.towns.iter_mut().enumerate() {
            tally.expected = expected.towns.get(&TownId(id)).copied().unwrap_or_default();
        }
        for (id, tally) in self.categories.iter_mut().enumerate() {
            let category = CategoryId(id);
            tally.expected = expected
                .categories
                .get(&category)
                .copied()
                .unwrap_or_default();
        }
        for (tier, tally) in &mut self.tiers {
            tally.expected = scenario
                .categories
                .iter()
                .zip(&self.categories)
                .filter(|(c, _)| c.tier == *tier)
                .map(|(_, t)| t.expected)
                .sum();
        }
        self.total.expected = expected.total;
    }

    /// Every tally's expected land on a straight line: its planned land times the share of
    /// the year gone.
    fn expect_calendar(&mut self) {
        let year_gone = self.year_gone;
        let tallies = self
            .cells
            .iter_mut()
            .map(|c| &mut c.tally)
            .chain(self.towns.iter_mut())
            .chain(self.categories.iter_mut())
            .chain(self.tiers.iter_mut().map(|(_, t)| t))
            .chain(std::iter::once(&mut self.total));
        for tally in tallies {
            tally.expected = tally.planned * year_gone;
        }
    }
}

/// The parcels whose method the legal rules forbid or ask to verify (`methods::plan`).
fn method_flags(
    scenario: &Scenario,
    parcels: &[&Parcel],
) -> Vec<(String, crate::methods::plan::Violation)> {
    let judged = parcels
        .iter()
        .filter_map(|p| Some((p, p.method?)))
        .collect::<Vec<_>>();
    crate::methods::plan::judge_all(
        scenario,
        judged.iter().map(|(p, m)| (p.category, *m, &p.origin)),
    )
    .into_iter()
    .map(|(index, violation)| (judged[index].0.id.clone(), violation))
    .collect()
}

/// The plan's cells with their supply, and the pairs supplied outside the plan.
fn cell_progress(scenario: &Scenario, parcels: &[&Parcel]) -> Vec<CellProgress> {
    let mut cells: BTreeMap<(TownId, CategoryId), Tally> = scenario
        .cells
        .iter()
        .map(|c| {
            let tally = Tally {
                planned: c.plan,
                ..Tally::default()
            };
            ((c.town, c.category), tally)
        })
        .collect();
    for parcel in parcels {
        cells
            .entry((parcel.town, parcel.category))
            .or_default()
            .add(parcel.area);
    }
    cells
        .into_iter()
        .map(|((town, category), tally)| CellProgress {
            town,
            category,
            tally,
        })
        .collect()
}

/// Town and category tallies; planned = the published figure, else the cells' sum. A parent
/// split into sub-items is tallied as its remainder (its cells hold the remainder): its
/// published figure less its sub-items', so that the tiers add up to the cap.
fn group_tallies(scenario: &Scenario, cells: &[CellProgress]) -> (Vec<Tally>, Vec<Tally>) {
    let mut towns = vec![Tally::default(); scenario.towns.len()];
    let mut categories = vec![Tally::default(); scenario.categories.len()];
    for cell in cells {
        towns[cell.town.0].absorb(&cell.tally);
        categories[cell.category.0].absorb(&cell.tally);
    }
    for (tally, town) in towns.iter_mut().zip(&scenario.towns) {
        tally.planned = town.plan.unwrap_or(tally.planned);
    }
    let published: Vec<Option<Decimal>> = scenario.categories.iter().map(|c| c.plan).collect();
    for (id, tally) in categories.iter_mut().enumerate() {
        let Some(plan) = published[id] else { continue };
        let sub_items: Decimal = scenario
            .sub_items(CategoryId(id))
            .into_iter()
            .filter_map(|sub| published[sub.0])
            .sum();
        tally.planned = plan - sub_items;
    }
    (towns, categories)
}

fn tier_tallies(scenario: &Scenario, categories: &[Tally]) -> Vec<(u32, Tally)> {
    scenario
        .tiers()
        .into_iter()
        .map(|tier| {
            let mut sum = Tally::default();
            for (category, tally) in scenario.categories.iter().zip(categories) {
                if category.tier == tier {
                    sum.absorb(tally);
                }
            }
            (tier, sum)
        })
        .collect()
}

/// Parcels outside the plan, the parcel that took each cell past its plan, and the one that
/// took the total past the cap. Parcels are taken in supply order (date, then line).
fn flags(cells: &[CellProgress], parcels: &[&Parcel], total: Tally) -> Vec<Flag> {
    let by_pair: BTreeMap<(TownId, CategoryId), Tally> = cells
        .iter()
        .map(|c| ((c.town, c.category), c.tally))
        .collect();
    let mut running: BTreeMap<(TownId, CategoryId), Decimal> = BTreeMap::new();
    let mut running_total = Decimal::ZERO;
    let mut flags = Vec::new();
    for parcel in parcels {
        let pair = (parcel.town, parcel.category);
        let tally = by_pair[&pair];
        let before = running.get(&pair).copied().unwrap_or_default();
        let after = before + parcel.area;
        running.insert(pair, after);
        let flag = |kind, town, category, tally| Flag {
            kind,
            town,
            category,
            parcel: parcel.id.clone(),
            date: parcel.date,
            area: parcel.area,
            location: parcel.origin.clone(),
            tally,
        };
        if tally.planned.is_zero() {
            flags.push(flag(
                FlagKind::OutsidePlan,
                Some(pair.0),
                Some(pair.1),
                tally,
            ));
        } else if before <= tally.planned && after > tally.planned {
            flags.push(flag(FlagKind::OverPlan, Some(pair.0), Some(pair.1), tally));
        }
        let total_before = running_total;
        running_total += parcel.area;
        if total_before <= total.planned && running_total > total.planned {
            flags.push(flag(FlagKind::OverCap, None, None, total));
        }
    }
    flags.sort_by(|a, b| (&a.location, a.kind).cmp(&(&b.location, b.kind)));
    flags
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    #[test]
    fn rates_and_paces_round_half_away_from_zero() {
        let tally = Tally {
            planned: d("2.1443"),
            supplied: d("2.5"),
            parcels: 1,
            expected: Decimal::ZERO,
        };
        assert_eq!(tally.rate(), Some(d("116.59")));
        assert_eq!(tally.remaining(), Decimal::ZERO);
        assert_eq!(tally.over(), d("0.3557"));
        let half = Tally {
            planned: d("8"),
            supplied: d("1"),
            parcels: 1,
            expected: d("4"),
        };
        assert_eq!(half.rate(), Some(d("12.5")));
        assert_eq!(half.pace(), Some(d("-37.5")));
        assert_eq!(percent(d("0.000125")), d("0.01"));
        assert_eq!(percent(d("-0.000125")), d("-0.01"));
        assert_eq!(Tally::default().rate(), None);
    }
}
