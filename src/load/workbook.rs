//! A scenario as one Excel workbook: a sheet per scenario file, read with calamine.
//!
//! Input: the path of an `.xlsx` workbook. Output: a `Source` whose files are its sheets
//! (`cells.csv` is the sheet `cells`, its name matched as Excel matches names, ignoring case),
//! each turned into the CSV text the loader reads, so a workbook is checked exactly as
//! strictly as a folder. Row 7 of a sheet is line 7 of its text and column B its second
//! field, so the loader's problems point at rows; `locate` then adds the column letter of
//! the cell a problem names: `book.xlsx:cells!B7: column 'demand': ...`. This module judges
//! no value: it only says how each Excel cell reads as text.
//!
//! How a cell reads:
//! - text as written (a line break inside a cell reads as a space, so rows stay lines);
//! - a number as the shortest decimal that reads back as the same double (Rust's `{}` for
//!   `f64`, never an exponent): a cell holding 0.1 reads as `0.1`, 29.488274 as
//!   `29.488274`. A figure of at most 15 significant digits (every figure landplan accepts:
//!   at most 10^9 with 6 decimals) comes back exactly as it was typed; a cell that is the
//!   result of a formula such as `=0.1+0.2` holds 0.30000000000000004 and is refused for
//!   its decimals, as the same text in a CSV file would be;
//! - a whole number as itself, TRUE and FALSE as words, an error value (`#DIV/0!`) as its
//!   code, and a date as its Excel serial number with a note, so that a figure Excel
//!   turned into a date is refused rather than read as a number of days.

use super::columns::{
    CATEGORY_COLUMNS, CELL_COLUMNS, RULE_COLUMNS, SCENARIO_COLUMNS, TOWN_COLUMNS,
};
use super::source::Source;
use super::table::{header_position, Column};
use super::LoadError;
use crate::problem::{Problem, Problems};
use calamine::{Data, Range, Reader, Xlsx};
use std::io::Cursor;
use std::path::{Path, PathBuf};

/// Whether a path names a workbook (`.xlsx`, any case) rather than a folder.
pub fn is_workbook(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.to_string_lossy().eq_ignore_ascii_case("xlsx"))
}

/// A scenario workbook, read once: every sheet as CSV text.
#[derive(Debug, Clone)]
pub struct Workbook {
    path: PathBuf,
    sheets: Vec<Sheet>,
}

/// One sheet, as the loader reads it.
#[derive(Debug, Clone)]
struct Sheet {
    name: String,
    /// The sheet as CSV: line n is row n, field k is column k.
    csv: String,
    /// The first row with anything in it (the header), one string per column from A.
    header: Vec<String>,
}

impl Workbook {
    /// Reads every sheet of the workbook at `path`; an error when it cannot be read or is
    /// no workbook.
    pub fn open(path: &Path) -> Result<Workbook, LoadError> {
        let io = |source| LoadError::Io {
            path: path.to_path_buf(),
            source,
        };
        let bytes = std::fs::read(path).map_err(io)?;
        let invalid = |error: calamine::XlsxError| {
            io(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("not a readable .xlsx workbook: {error}"),
            ))
        };
        let mut book = Xlsx::new(Cursor::new(bytes)).map_err(invalid)?;
        let mut sheets = Vec::new();
        for name in book.sheet_names() {
            let range = book.worksheet_range(&name).map_err(invalid)?;
            sheets.push(Sheet::read(name, &range));
        }
        Ok(Workbook {
            path: path.to_path_buf(),
            sheets,
        })
    }

    /// The sheet that holds `file` (`cells.csv`: the sheet `cells` or `cells.csv`).
    fn sheet(&self, file: &str) -> Option<&Sheet> {
        let stem = stem(file);
        self.sheets.iter().find(|sheet| {
            sheet.name.eq_ignore_ascii_case(stem) || sheet.name.eq_ignore_ascii_case(file)
        })
    }

    /// The file and sheet a shown name (`book.xlsx:cells`) stands for.
    fn shown_sheet(&self, shown: &str) -> Option<&Sheet> {
        self.sheets
            .iter()
            .find(|sheet| self.display(&format!("{}.csv", sheet.name)) == shown)
    }

    /// `problem` with the column letter of the cell it names, when it names one of this
    /// workbook's cells.
    fn locate_one(&self, mut problem: Problem) -> Problem {
        let origin = &problem.origin;
        if origin.line == 0 || origin.sheet_column.is_some() {
            return problem;
        }
        let (Some(sheet), Some(column)) = (self.shown_sheet(&origin.file), &problem.column) else {
            return problem;
        };
        let columns = columns_of(&sheet.name);
        if let Some(index) = header_position(&sheet.header, columns, column) {
            problem.origin.sheet_column = Some(column_letter(index));
        }
        problem
    }
}

impl Source for Workbook {
    fn label(&self) -> String {
        self.path.display().to_string()
    }

    /// `book.xlsx:cells` for `cells.csv`.
    fn display(&self, file: &str) -> String {
        let sheet = self.sheet(file).map_or(stem(file), |s| s.name.as_str());
        format!("{}:{sheet}", self.path.display())
    }

    fn read(&self, file: &str) -> Result<Option<Vec<u8>>, LoadError> {
        Ok(self.sheet(file).map(|sheet| sheet.csv.clone().into_bytes()))
    }

    /// The sheets as file names, to point at a misspelt sheet name.
    fn list(&self) -> Vec<String> {
        self.sheets
            .iter()
            .map(|sheet| format!("{}.csv", sheet.name))
            .collect()
    }

    /// Every problem in a sheet's cell with its column letter, in row and column order.
    fn locate(&self, problems: Problems) -> Problems {
        Problems::sorted(
            problems
                .0
                .into_iter()
                .map(|problem| self.locate_one(problem))
                .collect(),
        )
    }
}

impl Sheet {
    fn read(name: String, range: &Range<Data>) -> Sheet {
        let (first_row, first_column) = range.start().unwrap_or((0, 0));
        let lead = first_column as usize;
        let mut csv = "\n".repeat(first_row as usize);
        let mut writer = csv::WriterBuilder::new()
            .flexible(true)
            .from_writer(Vec::new());
        let mut header = None;
        for row in range.rows() {
            let fields: Vec<String> = std::iter::repeat(String::new())
                .take(lead)
                .chain(row.iter().map(cell_text))
                .collect();
            if header.is_none() && fields.iter().any(|f| !f.trim().is_empty()) {
                header = Some(fields.clone());
            }
            writer
                .write_record(&fields)
                .expect("writing CSV to memory cannot fail");
        }
        let bytes = writer
            .into_inner()
            .expect("writing CSV to memory cannot fail");
        csv.push_str(&String::from_utf8(bytes).expect("the fields are UTF-8 text"));
        Sheet {
            name,
            csv,
            header: header.unwrap_or_default(),
        }
    }
}

/// How one Excel cell reads as text (see the module header).
fn cell_text(cell: &Data) -> String {
    let text = match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Float(value) => shortest(*value),
        Data::Int(value) => value.to_string(),
        Data::Bool(true) => "TRUE".to_string(),
        Data::Bool(false) => "FALSE".to_string(),
        Data::DateTime(date) => format!("{} (a date or time in Excel)", date.as_f64()),
        Data::Error(error) => error.to_string(),
    };
    text.replace(['\r', '\n'], " ")
}

/// The shortest decimal that reads back as `value` (Rust's `Display` for `f64`, which
/// never writes an exponent): 0.1 as `0.1`, not `0.1000000000000000055511151231257827`.
fn shortest(value: f64) -> String {
    format!("{value}")
}

/// `cells.csv` → `cells`.
fn stem(file: &str) -> &str {
    file.strip_suffix(".csv").unwrap_or(file)
}

/// The columns of a scenario file, to find a column under any of its headers; other sheets
/// are matched by the column's own name only.
fn columns_of(sheet: &str) -> &'static [Column] {
    match stem(&sheet.to_lowercase()) {
        "scenario" => SCENARIO_COLUMNS,
        "categories" => CATEGORY_COLUMNS,
        "towns" => TOWN_COLUMNS,
        "cells" => CELL_COLUMNS,
        "rules" => RULE_COLUMNS,
        _ => &[],
    }
}

/// Excel's letter of a 0-based column: 0 → A, 25 → Z, 26 → AA.
fn column_letter(index: usize) -> String {
    let mut letters = Vec::new();
    let mut n = index + 1;
    while n > 0 {
        let rest = (n - 1) % 26;
        letters.push(char::from(b'A' + rest as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_run_as_excel_counts() {
        let letters: Vec<String> = [0, 1, 25, 26, 27, 51, 52, 701, 702]
            .into_iter()
            .map(column_letter)
            .collect();
        assert_eq!(
            letters,
            ["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]
        );
    }

    #[test]
    fn numbers_read_as_the_shortest_decimal_that_round_trips() {
        assert_eq!(cell_text(&Data::Float(0.1)), "0.1");
        assert_eq!(cell_text(&Data::Float(29.488274)), "29.488274");
        assert_eq!(
            cell_text(&Data::Float(999_999_999.999_999)),
            "999999999.999999"
        );
        assert_eq!(cell_text(&Data::Float(1e-6)), "0.000001");
        assert_eq!(cell_text(&Data::Float(2026.0)), "2026");
        assert_eq!(cell_text(&Data::Float(0.1 + 0.2)), "0.30000000000000004");
        assert_eq!(cell_text(&Data::Int(7)), "7");
        assert_eq!(cell_text(&Data::String("连州\n镇".into())), "连州 镇");
    }

    #[test]
    fn a_table_that_starts_at_b2_keeps_its_rows_and_columns() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("book.xlsx");
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet().set_name("Towns").unwrap();
        for (c, header) in ["乡镇", "计划（公顷）", "容量"].iter().enumerate() {
            sheet.write_string(1, 1 + c as u16, *header).unwrap();
        }
        sheet.write_string(2, 1, "连州镇").unwrap();
        sheet.write_number(2, 2, 32.18397).unwrap();
        sheet.write_string(4, 1, "九陂镇").unwrap();
        sheet.write_string(4, 3, "12,5").unwrap();
        book.save(&path).unwrap();

        let workbook = Workbook::open(&path).unwrap();
        let text = String::from_utf8(workbook.read("towns.csv").unwrap().unwrap()).unwrap();
        let lines: Vec<&str> = text.split('\n').collect();
        assert_eq!(lines[1], ",乡镇,计划（公顷）,容量");
        assert_eq!(lines[2], ",连州镇,32.18397,");
        assert_eq!(lines[4], ",九陂镇,,\"12,5\"");
        let shown = workbook.display("towns.csv");
        assert_eq!(shown, format!("{}:Towns", path.display()));

        let at = |line, column: &str| {
            let problem = Problem::new(crate::problem::Origin::new(&shown, line), "x");
            workbook.locate(Problems(vec![problem.column(column)])).0[0]
                .origin
                .to_string()
        };
        assert_eq!(at(5, "capacity"), format!("{shown}!D5"));
        assert_eq!(at(3, "plan"), format!("{shown}!C3"));
        assert_eq!(at(2, "乡镇"), format!("{shown}!B2"), "a header as written");
        assert!(workbook.read("cells.csv").unwrap().is_none());
    }

    #[test]
    fn every_figure_of_at_most_15_digits_comes_back_exactly() {
        use rust_decimal::Decimal;
        for text in [
            "0.1",
            "0.7",
            "132.72823",
            "31.14831",
            "0.0556",
            "1000000000",
        ] {
            let value: f64 = text.parse().unwrap();
            let back: Decimal = shortest(value).parse().unwrap();
            assert_eq!(back, text.parse::<Decimal>().unwrap(), "{text}");
        }
    }
}
