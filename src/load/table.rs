//! Text to a table of located cells.
//!
//! Input: one CSV file's decoded text and the columns its kind of file accepts. Output: a
//! `Table` whose rows remember their 1-based line and whose columns are known by their
//! canonical names, whatever alias (English or Chinese) the header used. Missing, unknown and
//! repeated columns and rows with too many fields are problems; blank rows are skipped.

use crate::number::{fold_text, parse_decimal, parse_whole};
use crate::problem::{Origin, Problem};
use rust_decimal::Decimal;

/// A column a kind of file accepts.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// The canonical (documented) header.
    pub name: &'static str,
    /// Other headers accepted for it, such as the Chinese ones planners use.
    pub aliases: &'static [&'static str],
    pub required: bool,
}

/// Headers that are always accepted and ignored: free-text notes.
const NOTE_HEADERS: &[&str] = &["note", "notes", "comment", "备注", "说明"];

/// One row of a file: its line and its fields, in the file's column order.
#[derive(Debug, Clone)]
pub struct Record {
    pub line: u64,
    fields: Vec<String>,
}

/// A parsed CSV file.
#[derive(Debug, Clone)]
pub struct Table {
    pub file: String,
    columns: &'static [Column],
    /// For each accepted column, the index of its field in the file, if the file has it.
    positions: Vec<Option<usize>>,
    pub records: Vec<Record>,
}

fn header_key(text: &str) -> String {
    fold_text(text).to_lowercase()
}

fn expected_header(columns: &[Column]) -> String {
    columns.iter().map(|c| c.name).collect::<Vec<_>>().join(",")
}

/// Picks the field delimiter from the header line: comma, or tab/semicolon when the header
/// has no comma (Excel's "Unicode text" and European locales).
fn sniff_delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or_default();
    if header.contains(',') || header.contains('，') {
        b','
    } else if header.contains('\t') {
        b'\t'
    } else if header.contains(';') {
        b';'
    } else {
        b','
    }
}

/// Maps byte offsets to 1-based line numbers. The csv crate's own line counter miscounts
/// CRLF files and blank lines, and its record offsets may point at the line break before the
/// record, so line breaks at the offset are skipped first.
struct LineIndex<'a> {
    text: &'a [u8],
    breaks: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    fn new(text: &'a str) -> Self {
        let text = text.as_bytes();
        let breaks = text
            .iter()
            .enumerate()
            .filter(|(_, b)| **b == b'\n')
            .map(|(i, _)| i)
            .collect();
        LineIndex { text, breaks }
    }

    fn line_of(&self, byte: u64) -> u64 {
        let mut start = usize::try_from(byte)
            .unwrap_or(usize::MAX)
            .min(self.text.len());
        while start < self.text.len() && matches!(self.text[start], b'\r' | b'\n') {
            start += 1;
        }
        self.breaks.partition_point(|&b| b < start) as u64 + 1
    }
}

impl Table {
    /// Parses `text` (already decoded) as a file with the given columns.
    pub fn parse(
        file: &str,
        text: &str,
        columns: &'static [Column],
        problems: &mut Vec<Problem>,
    ) -> Option<Table> {
        let whole_file = Origin::new(file, 0);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(sniff_delimiter(text))
            .from_reader(text.as_bytes());
        let lines = LineIndex::new(text);
        let mut rows = Vec::new();
        for result in reader.records() {
            match result {
                Ok(record) => {
                    let line = record.position().map_or(0, |p| lines.line_of(p.byte()));
                    let fields: Vec<String> = record.iter().map(|f| f.trim().to_string()).collect();
                    if fields.iter().any(|f| !fold_text(f).is_empty()) {
                        rows.push(Record { line, fields });
                    }
                }
                Err(error) => {
                    let line = error.position().map_or(0, |p| lines.line_of(p.byte()));
                    problems.push(Problem::new(
                        Origin::new(file, line),
                        format!("unreadable CSV: {error}"),
                    ));
                    return None;
                }
            }
        }
        if rows.is_empty() {
            problems.push(
                Problem::new(whole_file, "the file is empty")
                    .expected(format!("a header row: {}", expected_header(columns))),
            );
            return None;
        }
        let header = rows.remove(0);
        let positions = Self::map_header(file, &header, columns, problems)?;
        let table = Table {
            file: file.to_string(),
            columns,
            positions,
            records: rows,
        };
        table.check_widths(&header, problems);
        Some(table)
    }

    fn map_header(
        file: &str,
        header: &Record,
        columns: &'static [Column],
        problems: &mut Vec<Problem>,
    ) -> Option<Vec<Option<usize>>> {
        let origin = Origin::new(file, header.line);
        let mut positions = vec![None; columns.len()];
        let mut ok = true;
        for (index, raw) in header.fields.iter().enumerate() {
            let key = header_key(raw);
            if key.is_empty() || NOTE_HEADERS.contains(&key.as_str()) {
                continue;
            }
            let found = columns.iter().position(|c| {
                header_key(c.name) == key || c.aliases.iter().any(|a| header_key(a) == key)
            });
            match found {
                Some(col) if positions[col].is_some() => {
                    problems.push(
                        Problem::new(origin.clone(), "column appears twice")
                            .column(columns[col].name)
                            .got(raw.as_str()),
                    );
                    ok = false;
                }
                Some(col) => positions[col] = Some(index),
                None => {
                    problems.push(
                        Problem::new(origin.clone(), "unknown column")
                            .got(raw.as_str())
                            .expected(format!(
                                "one of {} (or a 'note' column)",
                                expected_header(columns)
                            )),
                    );
                    ok = false;
                }
            }
        }
        for (col, column) in columns.iter().enumerate() {
            if column.required && positions[col].is_none() {
                problems.push(
                    Problem::new(origin.clone(), "missing column")
                        .column(column.name)
                        .expected(format!("a header row: {}", expected_header(columns))),
                );
                ok = false;
            }
        }
        ok.then_some(positions)
    }

    fn check_widths(&self, header: &Record, problems: &mut Vec<Problem>) {
        for record in &self.records {
            let extra = record
                .fields
                .iter()
                .skip(header.fields.len())
                .any(|f| !fold_text(f).is_empty());
            if extra {
                problems.push(
                    Problem::new(
                        Origin::new(&self.file, record.line),
                        "the row has more fields than the header",
                    )
                    .got(record.fields.join(","))
                    .expected(format!("{} fields", header.fields.len())),
                );
            }
        }
    }

    fn column_index(&self, name: &str) -> usize {
        self.columns
            .iter()
            .position(|c| c.name == name)
            .expect("column names asked for are declared in the file's column list")
    }

    /// A reader for one record that files its problems in `problems`.
    pub fn row<'a>(&'a self, record: &'a Record, problems: &'a mut Vec<Problem>) -> Row<'a> {
        Row {
            table: self,
            record,
            problems,
        }
    }
}

/// Typed access to one record's cells; every failure becomes a located problem.
pub struct Row<'a> {
    table: &'a Table,
    record: &'a Record,
    problems: &'a mut Vec<Problem>,
}

impl Row<'_> {
    pub fn origin(&self) -> Origin {
        Origin::new(&self.table.file, self.record.line)
    }

    /// The raw (trimmed) text of a column, `None` when the file has no such column.
    pub fn raw(&self, column: &str) -> Option<&str> {
        let position = self.table.positions[self.table.column_index(column)]?;
        Some(self.record.fields.get(position).map_or("", String::as_str))
    }

    /// The text of a column with full-width forms folded; `None` when absent or blank.
    pub fn text(&self, column: &str) -> Option<String> {
        self.raw(column)
            .map(|raw| raw.trim().to_string())
            .filter(|text| !fold_text(text).is_empty())
    }

    fn problem(&mut self, column: &str, message: &str, got: &str, expected: &str) {
        let problem = Problem::new(self.origin(), message)
            .column(column)
            .got(got)
            .expected(expected);
        self.problems.push(problem);
    }

    /// A text cell that must not be blank.
    pub fn required_text(&mut self, column: &str, expected: &str) -> Option<String> {
        let text = self.text(column);
        if text.is_none() {
            self.problem(column, "missing value", "", expected);
        }
        text
    }

    /// A decimal cell that may be blank (`Ok(None)`); `Err(())` when it is malformed.
    #[allow(clippy::result_unit_err)] // the problem is filed in `problems`; `Err` only flags it
    pub fn optional_decimal(
        &mut self,
        column: &str,
        expected: &str,
    ) -> Result<Option<Decimal>, ()> {
        let Some(text) = self.text(column) else {
            return Ok(None);
        };
        match parse_decimal(&text) {
            Ok(value) => Ok(Some(value)),
            Err(_) => {
                self.problem(column, "invalid value", &text, expected);
                Err(())
            }
        }
    }

    /// A decimal cell that must be present.
    pub fn required_decimal(&mut self, column: &str, expected: &str) -> Option<Decimal> {
        match self.optional_decimal(column, expected) {
            Ok(Some(value)) => Some(value),
            Ok(None) => {
                self.problem(column, "missing value", "", expected);
                None
            }
            Err(()) => None,
        }
    }

    /// A required cell read with `parse`; `None` (and a problem) when blank or unreadable.
    pub fn parsed<T>(
        &mut self,
        column: &str,
        expected: &str,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Option<T> {
        let text = self.required_text(column, expected)?;
        let value = parse(&text);
        if value.is_none() {
            self.problem(column, "invalid value", &text, expected);
        }
        value
    }

    /// Files a problem about this row.
    pub fn push(&mut self, problem: Problem) {
        self.problems.push(problem);
    }

    /// A whole-number cell that must be present.
    pub fn required_whole(&mut self, column: &str, expected: &str) -> Option<u32> {
        let text = self.required_text(column, expected)?;
        match parse_whole(&text) {
            Ok(value) => Some(value),
            Err(_) => {
                self.problem(column, "invalid value", &text, expected);
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLUMNS: &[Column] = &[
        Column {
            name: "town",
            aliases: &["乡镇"],
            required: true,
        },
        Column {
            name: "plan",
            aliases: &["计划"],
            required: true,
        },
        Column {
            name: "capacity",
            aliases: &[],
            required: false,
        },
    ];

    fn parse(text: &str) -> (Option<Table>, Vec<Problem>) {
        let mut problems = Vec::new();
        let table = Table::parse("towns.csv", text, COLUMNS, &mut problems);
        (table, problems)
    }

    #[test]
    fn maps_chinese_headers_and_skips_blank_rows() {
        let (table, problems) = parse("乡镇,计划,备注\r\n连州镇,1.5,x\r\n,,\r\n九陂镇,2,\r\n");
        assert!(problems.is_empty(), "{problems:?}");
        let table = table.unwrap();
        assert_eq!(table.records.len(), 2);
        assert_eq!(table.records[1].line, 4);
        let mut sink = Vec::new();
        let row = table.row(&table.records[0], &mut sink);
        assert_eq!(row.text("town").as_deref(), Some("连州镇"));
        assert_eq!(row.raw("capacity"), None);
    }

    #[test]
    fn reports_missing_unknown_and_repeated_columns_together() {
        let (table, problems) = parse("town,size,town\nA,1,A\n");
        assert!(table.is_none());
        let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(text.len(), 3, "{text:?}");
        assert!(text[0].contains("unknown column (got 'size'"));
        assert!(text[1].contains("column 'town': column appears twice"));
        assert!(text[2].contains("column 'plan': missing column"));
    }

    #[test]
    fn empty_file_is_a_problem() {
        let (table, problems) = parse("");
        assert!(table.is_none());
        assert_eq!(
            problems[0].to_string(),
            "towns.csv: the file is empty (expected a header row: town,plan,capacity)"
        );
    }

    #[test]
    fn malformed_number_names_line_and_column() {
        let (table, _) = parse("town,plan\nA,12x\n");
        let table = table.unwrap();
        let mut problems = Vec::new();
        let mut row = table.row(&table.records[0], &mut problems);
        assert_eq!(row.required_decimal("plan", "a number >= 0"), None);
        assert_eq!(
            problems[0].to_string(),
            "towns.csv:2: column 'plan': invalid value (got '12x', expected a number >= 0)"
        );
    }
}
