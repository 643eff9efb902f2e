//! The updated demand for a mid-year adjustment, `demand.csv`: `town,category,demand`.
//!
//! Input: the file's path and the validated scenario. Output: the full-year demand per town x
//! category as the bureau now knows it (exact, in the scenario's unit, located), or every
//! problem at once: unknown names, a pair listed twice, malformed or negative figures. A pair
//! the file does not list keeps the demand of the scenario's `cells.csv`; that rule is
//! applied by `adjust`, not here.

use super::input::{duplicate, read_table, Names, CATEGORY, TOWN};
use crate::load::table::{Column, Table};
use crate::load::{InputFile, LoadError};
use crate::problem::{Origin, Problem, Problems};
use crate::scenario::{CategoryId, Scenario, TownId};
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::path::Path;

/// One pair's updated full-year demand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemandRow {
    pub demand: Decimal,
    pub origin: Origin,
}

/// The updated demand, by town x category.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Demand {
    pub input: InputFile,
    pub rows: BTreeMap<(TownId, CategoryId), DemandRow>,
}

pub const DEMAND_COLUMNS: &[Column] = &[
    TOWN,
    CATEGORY,
    Column {
        name: "demand",
        aliases: &["需求", "需求量", "申报需求", "全年需求"],
        required: true,
    },
];

const DEMAND: &str = "a number >= 0: the full-year demand, in the scenario's unit";

/// Loads and checks an updated demand file; all problems at once.
pub fn load(path: &Path, scenario: &Scenario) -> Result<Demand, LoadError> {
    let mut problems = Vec::new();
    let read = read_table(path, DEMAND_COLUMNS, scenario.settings.unit, &mut problems)?;
    let rows = match &read {
        Some((table, _)) => rows(table, scenario, &mut problems),
        None => BTreeMap::new(),
    };
    match read {
        Some((_, input)) if problems.is_empty() => Ok(Demand { input, rows }),
        _ => Err(LoadError::Invalid(Problems::sorted(problems))),
    }
}

fn rows(
    table: &Table,
    scenario: &Scenario,
    problems: &mut Vec<Problem>,
) -> BTreeMap<(TownId, CategoryId), DemandRow> {
    let names = Names::new(scenario);
    let mut rows: BTreeMap<(TownId, CategoryId), DemandRow> = BTreeMap::new();
    for record in &table.records {
        let mut row = table.row(record, problems);
        let town = row.required_text("town", "a town of the plan");
        let category = row.required_text("category", "a category of the plan");
        let demand = row.required_decimal("demand", DEMAND);
        let origin = row.origin();
        if let Some(value) = demand.filter(|d| d.is_sign_negative() && !d.is_zero()) {
            problems.push(
                Problem::new(origin.clone(), "negative figure")
                    .column("demand")
                    .got(value.to_string())
                    .expected(DEMAND),
            );
        }
        let town_id = town.as_ref().and_then(|t| names.town(t, &origin, problems));
        let category_id = category
            .as_ref()
            .and_then(|c| names.category(c, &origin, problems));
        let (Some(town_id), Some(category_id)) = (town_id, category_id) else {
            continue;
        };
        if let Some(first) = rows.get(&(town_id, category_id)) {
            let pair = format!(
                "{}/{}",
                town.unwrap_or_default(),
                category.unwrap_or_default()
            );
            problems.push(duplicate(
                &origin,
                "town",
                &pair,
                &first.origin,
                "one row per town x category",
            ));
            continue;
        }
        if let Some(demand) = demand.filter(|d| !d.is_sign_negative() || d.is_zero()) {
            rows.insert((town_id, category_id), DemandRow { demand, origin });
        }
    }
    rows
}
