//! Reading the tracking files that sit outside a scenario folder (a parcel register, an
//! updated demand) and resolving the names they use.
//!
//! Input: a path given on the command line, the columns its kind of file accepts, and the
//! validated scenario whose towns and categories it names. Output: a parsed `Table` with the
//! file's lineage record, and town/category ids; every failure is a located `Problem` filed
//! in the caller's list. The bytes are decoded and parsed exactly as scenario files are
//! (`load::read_table_in`, which also checks a unit named in a header against the scenario's);
//! this module judges no figures.

use crate::load::table::{Column, Table};
use crate::load::{InputFile, LoadError};
use crate::names::NameIndex;
use crate::problem::{Origin, Problem};
use crate::scenario::{CategoryId, Scenario, TownId, Unit};
use std::path::Path;

/// The `town` column, with the aliases `cells.csv` accepts.
pub const TOWN: Column = crate::load::CELL_COLUMNS[0];
/// The `category` column, with the aliases `cells.csv` accepts.
pub const CATEGORY: Column = crate::load::CELL_COLUMNS[1];
const _: () = assert!(TOWN.required && CATEGORY.required);
/// The supply method (供地方式) of a parcel, in the register and in parcels.csv.
pub const METHOD_COLUMN: Column = Column {
    name: "method",
    aliases: &["方式", "供地方式", "供应方式"],
    required: false,
};

/// Reads one CSV file of a scenario whose figures are in `unit` through the loader's table
/// reader. `Ok(None)` when its text or header is unusable (the problems are filed); an I/O
/// error when it cannot be read at all.
pub fn read_table(
    path: &Path,
    columns: &'static [Column],
    unit: Unit,
    problems: &mut Vec<Problem>,
) -> Result<Option<(Table, InputFile)>, LoadError> {
    let bytes = std::fs::read(path).map_err(|source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let shown = path.display().to_string();
    Ok(crate::load::read_table_in(
        &shown, &bytes, columns, unit, problems,
    ))
}

/// The scenario's towns and categories by every name a user may write.
pub struct Names {
    towns: NameIndex,
    categories: NameIndex,
}

impl Names {
    pub fn new(scenario: &Scenario) -> Self {
        Names {
            towns: crate::target::town_index(scenario),
            categories: crate::target::category_index(scenario),
        }
    }

    /// The town a row names; files a problem when the plan has no such town.
    pub fn town(&self, name: &str, origin: &Origin, problems: &mut Vec<Problem>) -> Option<TownId> {
        let id = self.towns.resolve(name).map(TownId);
        if id.is_none() {
            problems.push(unknown(origin, "town", name, "towns.csv"));
        }
        id
    }

    /// The category a row names; files a problem when the plan has no such category.
    pub fn category(
        &self,
        name: &str,
        origin: &Origin,
        problems: &mut Vec<Problem>,
    ) -> Option<CategoryId> {
        let id = self.categories.resolve(name).map(CategoryId);
        if id.is_none() {
            problems.push(unknown(origin, "category", name, "categories.csv"));
        }
        id
    }
}

fn unknown(origin: &Origin, column: &str, name: &str, file: &str) -> Problem {
    Problem::new(origin.clone(), format!("unknown {column}"))
        .column(column)
        .got(name)
        .expected(format!(
            "a name listed in the plan's {file} (or one of its aliases)"
        ))
}

/// "'X' appears twice (first at line N)", as the scenario's own duplicates are reported.
pub fn duplicate(
    origin: &Origin,
    column: &str,
    name: &str,
    first: &Origin,
    expected: &str,
) -> Problem {
    Problem::new(
        origin.clone(),
        format!("'{name}' appears twice (first at line {})", first.line),
    )
    .column(column)
    .got(name)
    .expected(expected)
}

/// What an area column expects.
pub const AREA: &str = "a number above 0, in the scenario's unit";

/// A parcel's area from `column`: a number above 0 (a located problem otherwise).
pub fn positive_area(
    row: &mut crate::load::table::Row<'_>,
    column: &str,
) -> Option<rust_decimal::Decimal> {
    let area = row.required_decimal(column, AREA)?;
    if area <= rust_decimal::Decimal::ZERO {
        row.push(
            Problem::new(row.origin(), "a parcel's area must be above 0")
                .column(column)
                .got(area.to_string())
                .expected(AREA),
        );
        return None;
    }
    Some(area)
}

#[cfg(test)]
mod tests {
    #[test]
    fn town_and_category_columns_are_the_cells_file_ones() {
        assert_eq!(super::TOWN.name, "town");
        assert_eq!(super::CATEGORY.name, "category");
    }
}
