//! Text to a table of located cells.
//!
//! Input: one CSV file's decoded text and the columns its kind of file accepts. Output: a
//! `Table` whose rows remember their 1-based line and whose columns are known by their
//! canonical names, whatever alias (English or Chinese) the header used. Missing, unknown and
//! repeated columns, values outside the named columns and quotes left open are problems;
//! blank rows are skipped. Nothing a file holds is dropped without a problem saying so.

use crate::number::{fold_text, is_blank, parse_decimal, parse_whole};
use crate::problem::{FileName, Origin, Problem};
use crate::scenario::Unit;
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
pub const NOTE_HEADERS: &[&str] = &[
    "note", "notes", "comment", "comments", "remark", "remarks", "备注", "说明", "注释",
];

/// The delimiters a file may use; the header line decides which one.
const DELIMITERS: &[u8] = b",\t;";

/// One row of a file: its line and its fields, in the file's column order.
#[derive(Debug, Clone)]
pub struct Record {
    pub line: u64,
    /// The fields as read, untrimmed: one buffer per row, not one string per field (loading a
    /// 729,249-row cells.csv spent much of its time allocating).
    fields: csv::StringRecord,
}

impl Record {
    /// The fields, trimmed.
    fn fields(&self) -> impl Iterator<Item = &str> + '_ {
        self.fields.iter().map(str::trim)
    }

    fn field(&self, index: usize) -> Option<&str> {
        self.fields.get(index).map(str::trim)
    }
}

/// A parsed CSV file.
#[derive(Debug, Clone)]
pub struct Table {
    pub file: FileName,
    /// The line of the header row.
    pub header_line: u64,
    columns: &'static [Column],
    /// For each accepted column, the index of its field in the file, if the file has it.
    positions: Vec<Option<usize>>,
    /// For each accepted column, the unit its header names (`plan (公顷)`), if any.
    units: Vec<Option<Unit>>,
    pub records: Vec<Record>,
}

fn header_key(text: &str) -> String {
    fold_text(text).to_lowercase()
}

/// Splits a unit annotation off a header: `plan (ha)`, `计划（公顷）`, `demand_mu`, `面积[亩]`.
fn split_unit(key: &str) -> Option<(&str, Unit)> {
    for (open, close) in [("(", ")"), ("[", "]"), ("_", ""), ("/", "")] {
        let Some(inner) = key.strip_suffix(close) else {
            continue;
        };
        let Some(at) = inner.rfind(open) else {
            continue;
        };
        if let Some(unit) = Unit::parse(&inner[at + open.len()..]) {
            return Some((&inner[..at], unit));
        }
    }
    None
}

/// The accepted column a header (as `header_key` folds it) names, by its name or an alias,
/// with the unit it names (`plan (ha)`).
fn column_of_header(columns: &[Column], key: &str) -> (Option<usize>, Option<Unit>) {
    let find = |key: &str| {
        columns.iter().position(|c| {
            header_key(c.name) == key || c.aliases.iter().any(|a| header_key(a) == key)
        })
    };
    match find(key) {
        Some(col) => (Some(col), None),
        None => match split_unit(key) {
            Some((base, unit)) => (find(base), Some(unit)),
            None => (None, None),
        },
    }
}

/// Where a header row puts the column a problem names: its canonical `name` among
/// `columns` (whatever alias the header used), or the header exactly as written (an unknown
/// column). For pointing at a workbook's cell.
pub fn header_position(header: &[String], columns: &[Column], name: &str) -> Option<usize> {
    let canonical = columns.iter().position(|c| c.name == name);
    header.iter().position(|raw| {
        let key = header_key(raw);
        raw.trim() == name
            || key == header_key(name)
            || canonical.is_some_and(|c| column_of_header(columns, &key).0 == Some(c))
    })
}

fn expected_header(columns: &[Column]) -> String {
    columns.iter().map(|c| c.name).collect::<Vec<_>>().join(",")
}

/// Picks the field delimiter from the first non-blank line: whichever of comma, tab (Excel's
/// "Unicode text") and semicolon (European locales) it holds most of; comma on a tie.
fn sniff_delimiter(text: &str) -> u8 {
    let header = text
        .lines()
        .find(|line| !is_blank(line))
        .unwrap_or_default();
    let count = |d: u8| header.bytes().filter(|b| *b == d).count();
    DELIMITERS
        .iter()
        .copied()
        .fold((b',', 0), |best, d| {
            let n = count(d);
            if n > best.1 {
                (d, n)
            } else {
                best
            }
        })
        .0
}

/// The byte offset of a quote that opens a quoted field and is never closed. The csv reader
/// would take everything after it, to the end of the file, as one cell, silently swallowing
/// the rows that follow. Quotes inside an unquoted field are literal, as the reader treats
/// them.
fn unclosed_quote(text: &str, delimiter: u8) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut open = None;
    let mut field_start = true;
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes[i];
        if open.is_some() {
            if byte == b'"' {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    open = None;
                    field_start = false;
                }
            }
        } else {
            if byte == b'"' && field_start {
                open = Some(i);
            }
            field_start = matches!(byte, b'\r' | b'\n') || byte == delimiter;
        }
        i += 1;
    }
    open
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

/// Where a file's header put each accepted column, and the unit it named.
struct HeaderMap {
    positions: Vec<Option<usize>>,
    units: Vec<Option<Unit>>,
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
        let delimiter = sniff_delimiter(text);
        let lines = LineIndex::new(text);
        if let Some(at) = unclosed_quote(text, delimiter) {
            problems.push(
                Problem::new(
                    Origin::new(file, lines.line_of(at as u64)),
                    "a quote (\") opens a cell here and is never closed, so every line after it would be read into that one cell",
                )
                .expected("quotes in pairs, as in \"1,234.5\", or none"),
            );
            return None;
        }
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(text.as_bytes());
        let mut rows = Vec::new();
        for result in reader.records() {
            match result {
                Ok(record) => {
                    let line = record.position().map_or(0, |p| lines.line_of(p.byte()));
                    if record.iter().any(|f| !is_blank(f)) {
                        rows.push(Record {
                            line,
                            fields: record,
                        });
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
        let mut header_problems = Vec::new();
        let Some(HeaderMap { positions, units }) =
            Self::map_header(file, &header, columns, &mut header_problems)
        else {
            problems
                .extend(Self::title_rows(file, &header, &rows, columns).unwrap_or(header_problems));
            return None;
        };
        let table = Table {
            file: file.into(),
            header_line: header.line,
            columns,
            positions,
            units,
            records: rows,
        };
        table.check_unheaded_values(&header, problems);
        Some(table)
    }

    fn map_header(
        file: &str,
        header: &Record,
        columns: &'static [Column],
        problems: &mut Vec<Problem>,
    ) -> Option<HeaderMap> {
        let origin = Origin::new(file, header.line);
        let mut positions = vec![None; columns.len()];
        let mut units = vec![None; columns.len()];
        let mut ok = true;
        for (index, raw) in header.fields().enumerate() {
            let key = header_key(raw);
            let (found, unit) = column_of_header(columns, &key);
            // A note column is ignored unless the file's kind declares it (whatif.csv does).
            if found.is_none() && (key.is_empty() || NOTE_HEADERS.contains(&key.as_str())) {
                continue;
            }
            match found {
                Some(col) if positions[col].is_some() => {
                    problems.push(
                        Problem::new(origin.clone(), "column appears twice")
                            .column(columns[col].name)
                            .got(raw)
                            .expected("each column once"),
                    );
                    ok = false;
                }
                Some(col) => {
                    positions[col] = Some(index);
                    units[col] = unit;
                }
                None => {
                    problems.push(
                        Problem::new(origin.clone(), "unknown column")
                            .column(raw)
                            .expected(format!(
                                "one of {}, or a note column such as note or 备注",
                                columns
                                    .iter()
                                    .map(|c| c.name)
                                    .collect::<Vec<_>>()
                                    .join(", ")
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
        ok.then_some(HeaderMap { positions, units })
    }

    /// When the first line is not a header but one of the next few is (a title row above the
    /// table, as published tables have), one problem saying so instead of a list of unknown
    /// and missing columns.
    fn title_rows(
        file: &str,
        first: &Record,
        rows: &[Record],
        columns: &'static [Column],
    ) -> Option<Vec<Problem>> {
        let header = rows
            .iter()
            .take(5)
            .find(|row| Self::map_header(file, row, columns, &mut Vec::new()).is_some())?;
        Some(vec![Problem::new(
            Origin::new(file, first.line),
            format!(
                "the header must be the first line, but it is on line {}",
                header.line
            ),
        )
        .got(
            first
                .fields()
                .filter(|f| !f.is_empty())
                .collect::<Vec<_>>()
                .join(","),
        )
        .expected(
            "the header row first: delete the title lines above it",
        )])
    }

    /// A value in a column with no header (past the header's end, or under a blank header
    /// cell) belongs to no column: it is reported, never dropped silently.
    fn check_unheaded_values(&self, header: &Record, problems: &mut Vec<Problem>) {
        // Whether each header field names a column, folded once rather than once a row.
        let headed: Vec<bool> = header.fields().map(|h| !header_key(h).is_empty()).collect();
        for record in &self.records {
            for (index, field) in record.fields().enumerate() {
                let headed = headed.get(index).copied().unwrap_or(false);
                if headed || is_blank(field) {
                    continue;
                }
                let message = if index < header.fields.len() {
                    format!("a value in field {}, whose header is blank", index + 1)
                } else {
                    format!(
                        "a value in field {}, past the header's {} fields",
                        index + 1,
                        header.fields.len()
                    )
                };
                problems.push(
                    Problem::new(Origin::new(&self.file, record.line), message)
                        .got(field)
                        .expected("an empty cell, or a header above it such as 'note'"),
                );
            }
        }
    }

    /// The columns whose header names a unit, with that unit.
    pub fn header_units(&self) -> impl Iterator<Item = (&'static str, Unit)> + '_ {
        self.columns
            .iter()
            .zip(&self.units)
            .filter_map(|(column, unit)| unit.map(|unit| (column.name, unit)))
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

/// A cell could not be read; its problem is already filed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Malformed;

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
        Some(self.record.field(position).unwrap_or(""))
    }

    /// The text of a column with full-width forms folded; `None` when absent or blank.
    pub fn text(&self, column: &str) -> Option<String> {
        self.cell(column).map(str::to_string)
    }

    /// The trimmed text of a column, borrowed; `None` when absent or blank.
    fn cell(&self, column: &str) -> Option<&str> {
        self.raw(column).filter(|text| !is_blank(text))
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

    /// A name cell that must not be blank. A character no name may hold (a control,
    /// bidirectional-control or zero-width character) is a located problem naming its code
    /// point; the name is still returned, so that rows referring to it are not reported as
    /// naming an unknown entity as well (the load fails anyway).
    pub fn required_name(&mut self, column: &str, expected: &str) -> Option<String> {
        let name = self.required_text(column, expected)?;
        self.check_name(column, &name);
        Some(name)
    }

    /// Files a problem when `text`, read from `column`, holds a character no name may hold.
    pub fn check_name(&mut self, column: &str, text: &str) {
        if let Some(named) = crate::names::first_forbidden(text) {
            let message = format!(
                "the name holds {named}, a character that prints invisibly or acts on the screen"
            );
            let expected = "a name without control, bidirectional-control or zero-width characters: delete it in the spreadsheet";
            self.problem(column, &message, &crate::names::shown(text), expected);
        }
    }

    /// A decimal cell that may be blank (`Ok(None)`); `Err(Malformed)` when it is malformed.
    pub fn optional_decimal(
        &mut self,
        column: &str,
        expected: &str,
    ) -> Result<Option<Decimal>, Malformed> {
        let Some(text) = self.cell(column) else {
            return Ok(None);
        };
        match parse_decimal(text) {
            Ok(value) => Ok(Some(value)),
            Err(reason) => {
                let text = text.to_string();
                self.problem(column, &format!("invalid value: {reason}"), &text, expected);
                Err(Malformed)
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
            Err(Malformed) => None,
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
            Err(reason) => {
                self.problem(column, &format!("invalid value: {reason}"), &text, expected);
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
        assert!(text[0].contains("column 'size': unknown column (expected one of town, plan"));
        assert!(text[1].contains("column 'town': column appears twice"));
        assert!(text[2].contains("column 'plan': missing column"));
    }

    #[test]
    fn a_declared_note_column_is_read_and_an_undeclared_one_ignored() {
        const WITH_NOTE: &[Column] = &[
            Column {
                name: "town",
                aliases: &[],
                required: true,
            },
            Column {
                name: "note",
                aliases: &["备注"],
                required: false,
            },
        ];
        let mut problems = Vec::new();
        let table = Table::parse("x.csv", "town,备注\nA,why\n", WITH_NOTE, &mut problems).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        let row = table.row(&table.records[0], &mut problems);
        assert_eq!(row.text("note").as_deref(), Some("why"));
        let (table, problems) = parse("town,plan,note\nA,1,why\n");
        assert!(table.is_some() && problems.is_empty(), "{problems:?}");
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
            "towns.csv:2: column 'plan': invalid value: not a number (got '12x', expected a number >= 0)"
        );
    }

    #[test]
    fn picks_the_delimiter_the_header_uses_most() {
        assert_eq!(sniff_delimiter("town,plan\n"), b',');
        assert_eq!(sniff_delimiter("\n\ntown\tplan\tnote，说明\n"), b'\t');
        assert_eq!(sniff_delimiter("town;plan;备注\n"), b';');
        assert_eq!(sniff_delimiter("town\tplan\tnote, more\n"), b'\t');
        let (table, problems) = parse("town\tplan\n连州镇\t\"1,234.5\"\n");
        assert!(problems.is_empty(), "{problems:?}");
        let table = table.unwrap();
        let mut sink = Vec::new();
        let mut row = table.row(&table.records[0], &mut sink);
        assert_eq!(
            row.required_decimal("plan", "x"),
            Some(Decimal::new(12345, 1))
        );
    }

    #[test]
    fn quoted_fields_keep_commas_and_line_numbers_stay_right() {
        let (table, problems) = parse("town,plan\r\n\"A, east\",\"1,234\"\r\n\r\n\"B\"\"x\",2\r\n");
        assert!(problems.is_empty(), "{problems:?}");
        let table = table.unwrap();
        let mut sink = Vec::new();
        let row = table.row(&table.records[0], &mut sink);
        assert_eq!(row.text("town").as_deref(), Some("A, east"));
        assert_eq!(row.raw("plan"), Some("1,234"));
        assert_eq!(table.records[1].line, 4);
        let row = table.row(&table.records[1], &mut sink);
        assert_eq!(row.text("town").as_deref(), Some("B\"x"));
    }

    #[test]
    fn a_quote_left_open_is_reported_where_it_opens() {
        let (table, problems) = parse("town,plan\nA,1\n\"B,2\nC,3\nD,4\n");
        assert!(table.is_none());
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0]
            .to_string()
            .starts_with("towns.csv:3: a quote (\") opens a cell here and is never closed"));
        // Quotes inside an unquoted cell are literal, not an opening.
        assert_eq!(unclosed_quote("a,b\n12\" pipe,1\n", b','), None);
        assert_eq!(unclosed_quote("a,b\n\"x\"\"\",1\n", b','), None);
        assert_eq!(unclosed_quote("a\tb\n1\t\"x\n", b'\t'), Some(6));
    }

    #[test]
    fn a_title_row_above_the_header_is_named_as_such() {
        let (table, problems) = parse("连州市乡镇供应量,,\n\n乡镇,计划,\n连州镇,1,\n");
        assert!(table.is_none());
        let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            text,
            ["towns.csv:1: the header must be the first line, but it is on line 3 (got '连州市乡镇供应量', expected the header row first: delete the title lines above it)"]
        );
    }

    #[test]
    fn values_without_a_header_are_reported_not_dropped() {
        let (_, problems) = parse("town,plan,\nA,1,99\nB,2,,\nC,3,,7\n");
        let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            text,
            [
                "towns.csv:2: a value in field 3, whose header is blank (got '99', expected an empty cell, or a header above it such as 'note')",
                "towns.csv:4: a value in field 4, past the header's 3 fields (got '7', expected an empty cell, or a header above it such as 'note')",
            ]
        );
    }

    #[test]
    fn headers_may_name_their_unit() {
        assert_eq!(split_unit("plan(ha)"), Some(("plan", Unit::Ha)));
        assert_eq!(
            split_unit(&header_key("计划（公顷）")),
            Some(("计划", Unit::Ha))
        );
        assert_eq!(split_unit("demand_mu"), Some(("demand", Unit::Mu)));
        assert_eq!(split_unit("面积[亩]"), Some(("面积", Unit::Mu)));
        assert_eq!(split_unit("plan"), None);
        let (table, problems) = parse("town,计划（亩）\nA,1\n");
        assert!(problems.is_empty(), "{problems:?}");
        let units: Vec<_> = table.unwrap().header_units().collect();
        assert_eq!(units, [("plan", Unit::Mu)]);
    }
}
