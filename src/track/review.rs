//! The year-end review (计划实施后总结): this year's execution, turned into the starting point
//! of next year's plan so the cycle closes.
//!
//! Input: the published scenario and the year's parcel register. Output: a `NextYear`: the
//! execution at 31 December (every parcel of the year counted) and a scenario for year + 1
//! with the same categories, tiers, towns, limits and rules, no published figures yet, and
//! per cell a demand equal to the planned land left unsupplied this year (planned - supplied,
//! never negative). The cap is carried over as a placeholder for the planner to replace.
//! Writing the folder is `report::review` and `output`'s job, not this module's.

use super::progress::{track, CellProgress, Progress};
use super::register::{plan_year, Register};
use crate::problem::{Origin, Problem, Problems};
use crate::scenario::{Cell, Scenario};
use jiff::civil::Date;
use rust_decimal::Decimal;

/// This year's execution and next year's starting scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct NextYear {
    /// The year reviewed, at 31 December.
    pub progress: Progress,
    /// Next year's starting point: `year + 1`, cells with demand = unsupplied planned land.
    pub scenario: Scenario,
}

impl NextYear {
    /// The land carried into next year's demand.
    pub fn carried(&self) -> Decimal {
        self.scenario.cells.iter().map(|c| c.demand).sum()
    }

    /// This year's progress of the cell at `index` of the next scenario (same order).
    pub fn this_year(&self, index: usize) -> &CellProgress {
        &self.progress.cells[index]
    }
}

/// The name of next year's scenario: this year's name with the year moved on, or with
/// `-<next year>` added when the name has no year in it.
pub fn next_name(name: &str, year: u32) -> String {
    let (this, next) = (year.to_string(), (year + 1).to_string());
    if name.contains(&this) {
        name.replacen(&this, &next, 1)
    } else {
        format!("{name}-{next}")
    }
}

/// Reviews the year: execution at 31 December, and next year's starting scenario.
pub fn review(scenario: &Scenario, register: &Register) -> Result<NextYear, Problems> {
    let year = plan_year(scenario)?;
    let year_end = i16::try_from(year)
        .ok()
        .and_then(|y| Date::new(y, 12, 31).ok())
        .ok_or_else(|| {
            Problems::one(
                Problem::new(
                    scenario.settings.cap_origin.clone(),
                    "the year is out of range",
                )
                .got(year.to_string())
                .expected("a year such as 2025"),
            )
        })?;
    let progress = track(scenario, register, Some(year_end), None)?;
    let next = next_scenario(scenario, &progress, year);
    Ok(NextYear {
        progress,
        scenario: next,
    })
}

fn next_scenario(scenario: &Scenario, progress: &Progress, year: u32) -> Scenario {
    let mut next = scenario.clone();
    let settings = &mut next.settings;
    settings.name = next_name(&scenario.settings.name, year);
    settings.year = Some(year + 1);
    settings.source = Some(format!(
        "year-end review of {} {year}: unsupplied planned land carried as demand",
        scenario.settings.name
    ));
    for category in &mut next.categories {
        category.plan = None;
    }
    for town in &mut next.towns {
        town.plan = None;
    }
    next.cells = progress
        .cells
        .iter()
        .map(|cell| Cell {
            town: cell.town,
            category: cell.category,
            plan: Decimal::ZERO,
            demand: cell.tally.remaining(),
            committed: Decimal::ZERO,
            stock: Decimal::ZERO,
            origin: Origin::new(crate::load::CELLS_FILE, 0),
        })
        .collect();
    next
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_year_names_move_the_year_on() {
        assert_eq!(next_name("lianzhou-2025", 2025), "lianzhou-2026");
        assert_eq!(next_name("连州市2025年度", 2025), "连州市2026年度");
        assert_eq!(next_name("lianzhou", 2025), "lianzhou-2026");
    }
}
