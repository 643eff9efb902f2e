//! Stage 1, load: scenario files to a `RawScenario`.
//!
//! Input: a scenario folder on disk, a workbook with a sheet per file (`workbook`) or the
//! built-in Lianzhou scenario. Output: every row of every file, typed (exact decimals, whole
//! tiers, units, bounds) and located by file and line, with names still as the user wrote
//! them. Syntax problems (encodings, empty files, missing
//! or unknown columns, quotes left open, values outside the columns, malformed numbers,
//! unknown keys, header units that contradict the scenario's unit) are all collected and
//! returned together; `load_lenient` also returns what could be read, so that validation can
//! add its own problems in the same pass. This stage does not resolve names or judge values:
//! that is `validate`'s job.

mod columns;
mod raw;
mod read;
mod rows;
mod source;
pub mod table;
pub mod text;
mod workbook;

pub use columns::{
    CATEGORIES_FILE, CELLS_FILE, CELL_COLUMNS, RULES_FILE, SCENARIO_FILE, TOWNS_FILE,
};
pub use raw::{NameSet, RawCategory, RawCell, RawRule, RawScenario, RawSettings, RawTown};
pub use read::{check_header_units, decode_file, fnv1a_hex, read_table, read_table_in, InputFile};
pub use source::{located, open, Embedded, Folder, Source};
pub use workbook::{is_workbook, Workbook};

use crate::problem::{Origin, Problem, Problems};
use columns::{CATEGORY_COLUMNS, RULE_COLUMNS, SCENARIO_COLUMNS, TOWN_COLUMNS};
use read::Reading;
use rows::{parse_categories, parse_cells, parse_rules, parse_settings, parse_towns};
use std::path::{Path, PathBuf};

/// Why a scenario could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read {path}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}")]
    Invalid(Problems),
}

/// Loads a scenario folder (or workbook) from disk.
pub fn load_folder(path: &Path) -> Result<RawScenario, LoadError> {
    load(open(path)?.as_ref())
}

/// A scenario read as far as its files allow, with every syntax problem found.
///
/// When `problems` is not empty, `raw` holds what could be read (rows with a malformed cell
/// keep their names, the bad cell left empty) so that later checks can still look for other
/// problems in one pass. It must then never be used for a result: [`load`] refuses it.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub raw: RawScenario,
    pub problems: Vec<Problem>,
    /// The files that could not be read at all (missing, undecodable, no usable header):
    /// names they would have defined are unknown, not wrong.
    pub unreadable: Vec<&'static str>,
}

/// Loads a scenario from any source, collecting every problem before failing.
pub fn load(source: &dyn Source) -> Result<RawScenario, LoadError> {
    let loaded = load_lenient(source)?;
    if loaded.problems.is_empty() {
        Ok(loaded.raw)
    } else {
        Err(LoadError::Invalid(
            source.locate(Problems::sorted(loaded.problems)),
        ))
    }
}

/// Loads a scenario from any source; only an I/O failure is an error, every problem in the
/// files' contents is collected in [`Loaded::problems`].
pub fn load_lenient(source: &dyn Source) -> Result<Loaded, LoadError> {
    let mut reading = Reading {
        source,
        listing: source.list(),
        inputs: Vec::new(),
        problems: Vec::new(),
        unreadable: Vec::new(),
    };
    let settings_table = reading.table(SCENARIO_FILE, SCENARIO_COLUMNS, true)?;
    let categories_table = reading.table(CATEGORIES_FILE, CATEGORY_COLUMNS, true)?;
    let towns_table = reading.table(TOWNS_FILE, TOWN_COLUMNS, true)?;
    let cells_table = reading.table(CELLS_FILE, CELL_COLUMNS, true)?;
    let rules_table = reading.table(RULES_FILE, RULE_COLUMNS, false)?;
    let Reading {
        inputs,
        mut problems,
        mut unreadable,
        ..
    } = reading;

    let settings = match &settings_table {
        Some(t) => parse_settings(t, &mut problems),
        None => RawSettings::absent(&source.display(SCENARIO_FILE)),
    };
    let categories = categories_table
        .as_ref()
        .map_or_else(Vec::new, |t| parse_categories(t, &mut problems));
    let towns = towns_table
        .as_ref()
        .map_or_else(Vec::new, |t| parse_towns(t, &mut problems));
    let cells = cells_table
        .as_ref()
        .map_or_else(Vec::new, |t| parse_cells(t, &mut problems));
    let rules = rules_table
        .as_ref()
        .map_or_else(Vec::new, |t| parse_rules(t, &mut problems));
    for (file, table) in [
        (CATEGORIES_FILE, &categories_table),
        (TOWNS_FILE, &towns_table),
    ] {
        let Some(table) = table else { continue };
        if table.records.is_empty() {
            unreadable.push(file);
            problems.push(
                Problem::new(
                    Origin::new(&table.file, 0),
                    "the file has a header but no rows",
                )
                .expected("at least one row: a scenario needs categories and towns"),
            );
        }
    }
    if settings_table.is_some() {
        let tables = [
            &settings_table,
            &categories_table,
            &towns_table,
            &cells_table,
            &rules_table,
        ];
        for table in tables.into_iter().flatten() {
            check_header_units(table, settings.unit, &mut problems);
        }
    }
    let raw = RawScenario {
        label: source.label(),
        inputs,
        settings,
        categories,
        towns,
        cells,
        rules,
    };
    Ok(Loaded {
        raw,
        problems,
        unreadable,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    #[test]
    fn the_built_in_scenario_loads_without_problems() {
        let loaded = load_lenient(&crate::builtin::lianzhou()).unwrap();
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        assert!(loaded.unreadable.is_empty());
        assert_eq!(loaded.raw.cells.len(), 25);
        assert_eq!(loaded.raw.settings.cap, Some(Decimal::new(13272823, 5)));
        assert!(loaded
            .raw
            .inputs
            .iter()
            .all(|input| input.encoding == "UTF-8"));
    }
}
