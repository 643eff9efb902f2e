//! The one table reader: bytes to a located `Table`, for scenario files and side files alike.
//!
//! Input: a file's bytes, the path to show and the columns its kind of file accepts (and, for
//! a side file, the scenario's unit). Output: the parsed `Table` and the file's lineage record
//! (`InputFile`), or located problems: damaged text at its line, an empty file, a bad header,
//! a header naming another unit than the scenario's. Every CSV input of landplan (a scenario's
//! files, whatif.csv, supplied.csv, demand.csv, saved allocations) is read here; this module
//! judges no figures and resolves no names.

use super::source::Source;
use super::table::{Column, Table};
use super::text;
use super::LoadError;
use crate::problem::{Origin, Problem};
use crate::scenario::Unit;

/// One input file as it was read: for lineage and manifests.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct InputFile {
    /// The path shown to the user.
    pub path: String,
    pub encoding: &'static str,
    pub bytes: usize,
    /// FNV-1a 64-bit hash of the bytes, hex: identifies the input in lineage records.
    pub hash: String,
}

/// FNV-1a, 64 bits: a stable fingerprint of an input file (not a security hash).
pub fn fnv1a_hex(bytes: &[u8]) -> String {
    let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    format!("{hash:016x}")
}

/// Decodes a file's bytes: its text and lineage record, or a located problem (damaged UTF-8
/// at its line).
pub fn decode_file(
    shown: &str,
    bytes: &[u8],
    problems: &mut Vec<Problem>,
) -> Option<(String, InputFile)> {
    match text::decode(bytes) {
        Ok(decoded) => {
            let input = InputFile {
                path: shown.to_string(),
                encoding: decoded.encoding,
                bytes: bytes.len(),
                hash: fnv1a_hex(bytes),
            };
            Some((decoded.text, input))
        }
        Err(error) => {
            let line = error.line.unwrap_or(0);
            problems.push(Problem::new(Origin::new(shown, line), error.message));
            None
        }
    }
}

/// Reads one CSV file: decoded, parsed against `columns`, with its lineage record. `None`
/// when its text or header is unusable (the problems are filed).
pub fn read_table(
    shown: &str,
    bytes: &[u8],
    columns: &'static [Column],
    problems: &mut Vec<Problem>,
) -> Option<(Table, InputFile)> {
    let (text, input) = decode_file(shown, bytes, problems)?;
    Table::parse(shown, &text, columns, problems).map(|table| (table, input))
}

/// Reads a side file of a scenario whose figures are in `unit` (supplied.csv, demand.csv):
/// as [`read_table`], and a header naming another unit (`面积（亩）` in a ha scenario) is a
/// located problem. Figures are never converted on the way in.
pub fn read_table_in(
    shown: &str,
    bytes: &[u8],
    columns: &'static [Column],
    unit: Unit,
    problems: &mut Vec<Problem>,
) -> Option<(Table, InputFile)> {
    let read = read_table(shown, bytes, columns, problems)?;
    check_header_units(&read.0, unit, problems);
    Some(read)
}

/// A header such as `plan (亩)` must name the unit `scenario.csv` declares: figures are never
/// converted on the way in, so a mismatch would misread every figure by a factor of 15.
pub fn check_header_units(table: &Table, unit: Unit, problems: &mut Vec<Problem>) {
    for (column, named) in table.header_units() {
        if named != unit {
            problems.push(
                Problem::new(
                    Origin::new(&table.file, table.header_line),
                    format!(
                        "the header names the unit {} ({}) but scenario.csv declares {} ({})",
                        named.symbol(),
                        named.chinese(),
                        unit.symbol(),
                        unit.chinese()
                    ),
                )
                .column(column)
                .got(named.symbol())
                .expected(format!(
                    "figures in {unit} as scenario.csv declares, or 'unit,{}' there",
                    named.symbol()
                )),
            );
        }
    }
}

/// A file name in the folder that is probably `wanted` misspelt: another case, a singular or
/// plural stem, or another extension (`Cells.csv`, `rule.csv`, `towns.txt`, `cells.csv.csv`).
pub(super) fn near_miss<'a>(wanted: &str, listing: &'a [String]) -> Option<&'a str> {
    let stem = |name: &str| -> String {
        let lower = name.to_lowercase();
        let stem = lower
            .split('.')
            .next()
            .unwrap_or_default()
            .trim()
            .to_string();
        stem.strip_suffix('s').map_or(stem.clone(), str::to_string)
    };
    let wanted_stem = stem(wanted);
    listing
        .iter()
        .map(String::as_str)
        .filter(|name| *name != wanted)
        .find(|name| {
            let lower = name.to_lowercase();
            let text_like = [".csv", ".txt", ".tsv"].iter().any(|e| lower.ends_with(e));
            text_like && stem(name) == wanted_stem
        })
}

/// The files read so far and what was wrong with them.
pub(super) struct Reading<'a> {
    pub source: &'a dyn Source,
    pub listing: Vec<String>,
    pub inputs: Vec<InputFile>,
    pub problems: Vec<Problem>,
    pub unreadable: Vec<&'static str>,
}

impl Reading<'_> {
    /// Reads, decodes and parses one file. `Ok(None)` when it is absent (a problem if
    /// required, or if a misspelt copy of it is in the folder) or unparseable (the problems
    /// are filed and the file is recorded as unreadable).
    pub fn table(
        &mut self,
        file: &'static str,
        columns: &'static [Column],
        required: bool,
    ) -> Result<Option<Table>, LoadError> {
        let shown = self.source.display(file);
        let Some(bytes) = self.source.read(file)? else {
            let header = columns.iter().map(|c| c.name).collect::<Vec<_>>().join(",");
            match near_miss(file, &self.listing) {
                Some(found) => self.problems.push(
                    Problem::new(
                        Origin::new(&shown, 0),
                        format!("the file is missing, but '{found}' is in the folder"),
                    )
                    .expected(format!("the file named exactly {file} (rename '{found}')")),
                ),
                None if required => self.problems.push(
                    Problem::new(Origin::new(&shown, 0), "the file is missing")
                        .expected(format!("a CSV file with the header {header}")),
                ),
                None => return Ok(None),
            }
            self.unreadable.push(file);
            return Ok(None);
        };
        let Some((text, input)) = decode_file(&shown, &bytes, &mut self.problems) else {
            self.unreadable.push(file);
            return Ok(None);
        };
        self.inputs.push(input);
        let table = Table::parse(&shown, &text, columns, &mut self.problems);
        if table.is_none() {
            self.unreadable.push(file);
        }
        Ok(table)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misspelt_file_names_are_recognised() {
        let listing: Vec<String> = [
            "Rules.csv",
            "cell.csv",
            "towns.txt",
            "notes.md",
            "scenario.xlsx",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(near_miss("rules.csv", &listing), Some("Rules.csv"));
        assert_eq!(near_miss("cells.csv", &listing), Some("cell.csv"));
        assert_eq!(near_miss("towns.csv", &listing), Some("towns.txt"));
        assert_eq!(near_miss("scenario.csv", &listing), None);
        assert_eq!(near_miss("categories.csv", &listing), None);
    }

    #[test]
    fn damaged_text_is_located_at_its_line() {
        let mut bytes = "town,plan\n连州镇,1\n九陂镇,2\n".as_bytes().to_vec();
        bytes[25] = 0xFF;
        let mut problems = Vec::new();
        let columns = super::super::columns::TOWN_COLUMNS;
        assert!(read_table("towns.csv", &bytes, columns, &mut problems).is_none());
        assert_eq!(
            problems[0].to_string(),
            "towns.csv:3: the file is UTF-8 but byte 26 is not: it is damaged here (save it again as \"CSV UTF-8\")"
        );
    }

    #[test]
    fn a_side_file_header_must_name_the_scenario_unit() {
        let mut problems = Vec::new();
        let columns = super::super::columns::TOWN_COLUMNS;
        let text = "town,计划（亩）\nA,1\n".as_bytes();
        assert!(read_table_in("x.csv", text, columns, Unit::Mu, &mut problems).is_some());
        assert!(problems.is_empty(), "{problems:?}");
        read_table_in("x.csv", text, columns, Unit::Ha, &mut problems);
        assert_eq!(
            problems[0].to_string(),
            "x.csv:1: column 'plan': the header names the unit mu (亩) but scenario.csv declares ha (公顷) (got 'mu', expected figures in ha as scenario.csv declares, or 'unit,mu' there)"
        );
    }
}
