//! The parcel register, `supplied.csv`: the land actually supplied this year.
//!
//! Input: the register's path and the validated scenario it reports against. Output: a
//! `Register` of parcels with their town and category resolved (aliases allowed), their area
//! in the scenario's unit as an exact `Decimal`, their supply date and method, each located
//! by file and line; or every problem found at once (unknown names, a parcel listed twice,
//! malformed or non-positive areas, dates that are malformed or outside the plan's year,
//! unknown methods). It does not judge the supply against the plan: that is `progress`.

use super::date;
use super::input::{duplicate, read_table, Names, CATEGORY, METHOD_COLUMN, TOWN};
use crate::load::table::{Column, Row, Table};
use crate::load::{InputFile, LoadError};
use crate::problem::{Origin, Problem, Problems};
use crate::scenario::{CategoryId, Scenario, TownId};
use jiff::civil::Date;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::path::Path;

pub use crate::methods::Method;

/// One parcel supplied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parcel {
    /// The parcel's number as the register writes it.
    pub id: String,
    pub town: TownId,
    pub category: CategoryId,
    /// In the scenario's unit.
    pub area: Decimal,
    pub date: Date,
    /// `None` when the register leaves the method empty.
    pub method: Option<Method>,
    pub origin: Origin,
}

/// Every parcel of a register, in supply order (date, then line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Register {
    pub input: InputFile,
    pub parcels: Vec<Parcel>,
}

impl Register {
    /// Area supplied per town x category.
    pub fn supplied(&self) -> BTreeMap<(TownId, CategoryId), Decimal> {
        let mut sums = BTreeMap::new();
        for parcel in &self.parcels {
            *sums
                .entry((parcel.town, parcel.category))
                .or_insert(Decimal::ZERO) += parcel.area;
        }
        sums
    }

    /// The latest supply date, `None` for an empty register.
    pub fn latest(&self) -> Option<Date> {
        self.parcels.iter().map(|p| p.date).max()
    }
}

pub const SUPPLIED_COLUMNS: &[Column] = &[
    Column {
        name: "parcel",
        aliases: &[
            "地块",
            "地块编号",
            "宗地",
            "宗地编号",
            "编号",
            "parcel_id",
            "id",
        ],
        required: true,
    },
    TOWN,
    CATEGORY,
    Column {
        name: "hectares",
        aliases: &["area", "面积", "供地面积", "供应面积", "公顷"],
        required: true,
    },
    Column {
        name: "date",
        aliases: &["日期", "供地日期", "供应日期"],
        required: true,
    },
    METHOD_COLUMN,
];

/// Loads and checks a parcel register against a scenario; all problems at once.
pub fn load(path: &Path, scenario: &Scenario) -> Result<Register, LoadError> {
    let mut problems = Vec::new();
    let year = plan_year(scenario).map_err(|p| problems.extend(p.0)).ok();
    let read = read_table(
        path,
        SUPPLIED_COLUMNS,
        scenario.settings.unit,
        &mut problems,
    )?;
    let parcels = match &read {
        Some((table, _)) => parcels(table, scenario, year, &mut problems),
        None => Vec::new(),
    };
    match read {
        Some((_, input)) if problems.is_empty() => Ok(Register { input, parcels }),
        _ => Err(LoadError::Invalid(Problems::sorted(problems))),
    }
}

/// The plan's year: tracking is meaningless without it.
pub fn plan_year(scenario: &Scenario) -> Result<u32, Problems> {
    scenario.settings.year.ok_or_else(|| {
        Problems::one(
            Problem::new(
                Origin::new(&scenario.settings.cap_origin.file, 0),
                "the scenario has no year, so supply dates cannot be checked against it",
            )
            .expected("a row 'year,2025' in scenario.csv"),
        )
    })
}

fn parcels(
    table: &Table,
    scenario: &Scenario,
    year: Option<u32>,
    problems: &mut Vec<Problem>,
) -> Vec<Parcel> {
    let names = Names::new(scenario);
    let mut seen: BTreeMap<String, Origin> = BTreeMap::new();
    let mut parcels = Vec::new();
    for record in &table.records {
        let mut row = table.row(record, problems);
        let id = row.required_text("parcel", "a parcel number, each parcel once");
        let town = row.required_text("town", "a town of the plan");
        let category = row.required_text("category", "a category of the plan");
        let area = crate::track::input::positive_area(&mut row, "hectares");
        let date = supply_date(&mut row, year);
        let method = method(&mut row);
        let origin = row.origin();
        let town = town.and_then(|t| names.town(&t, &origin, problems));
        let category = category.and_then(|c| names.category(&c, &origin, problems));
        let Some(id) = id else { continue };
        let key = crate::names::normalize(&id);
        if let Some(first) = seen.get(&key) {
            problems.push(duplicate(&origin, "parcel", &id, first, "each parcel once"));
            continue;
        }
        seen.insert(key, origin.clone());
        if let (Some(town), Some(category), Some(area), Some(date), Ok(method)) =
            (town, category, area, date, method)
        {
            parcels.push(Parcel {
                id,
                town,
                category,
                area,
                date,
                method,
                origin,
            });
        }
    }
    parcels.sort_by_key(|p| (p.date, p.origin.line));
    parcels
}

fn supply_date(row: &mut Row<'_>, year: Option<u32>) -> Option<Date> {
    let date = row.parsed("date", date::EXPECTED, date::parse)?;
    let year = year?;
    if date::year_of(date) != Some(year) {
        let text = row.text("date").unwrap_or_default();
        row.push(
            Problem::new(
                row.origin(),
                format!("the date is outside the plan's year {year}"),
            )
            .column("date")
            .got(text)
            .expected(format!("a date from {year}-01-01 to {year}-12-31")),
        );
        return None;
    }
    Some(date)
}

/// The method, `Ok(None)` when empty, `Err(())` when unknown (a problem is filed).
fn method(row: &mut Row<'_>) -> Result<Option<Method>, ()> {
    let Some(text) = row.text("method") else {
        return Ok(None);
    };
    match Method::parse(&text) {
        Some(method) => Ok(Some(method)),
        None => {
            row.push(
                Problem::new(row.origin(), "unknown supply method")
                    .column("method")
                    .got(text)
                    .expected(Method::EXPECTED),
            );
            Err(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods_in_chinese_and_english_tallied_in_three_families() {
        assert_eq!(Method::parse("出让"), Some(Method::Sale));
        assert_eq!(Method::parse(" Allocation "), Some(Method::Allocation));
        assert_eq!(Method::parse("租赁"), Some(Method::Lease));
        assert_eq!(
            Method::parse("拍卖").map(Method::family),
            Some(Method::Sale)
        );
        assert_eq!(
            Method::parse("作价出资").map(Method::family),
            Some(Method::Sale)
        );
        assert_eq!(Method::parse("赠与"), None);
    }
}
