//! Stage 6, report: results to bytes.
//!
//! Input: findings, allocations and summaries from the earlier stages. Output: the text of one
//! export format (terminal table, JSON, CSV or Markdown). One pure renderer per format and per
//! result; nothing here computes a figure or touches the file system (writing files is
//! `output`'s one job).

pub mod adjust;
pub mod audit;
pub mod check;
pub mod compare;
pub mod markdown;
pub mod page;
pub mod parcels;
pub mod recommend;
pub mod review;
pub mod run;
pub mod solve;
pub mod sources;
pub mod stress;
pub mod stress_parcels;
pub mod sweep;
pub mod track;
pub mod xlsx;

use serde::Serialize;

/// The export formats every command offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Table,
    Json,
    Csv,
    Md,
}

/// A plain text table for terminals, aligned for Chinese (double-width) characters, that
/// fits the terminal: columns wrap their text (comfy-table's dynamic arrangement) to the width
/// in `COLUMNS` when it is set, else to the terminal's own when the output is one; piped with
/// no `COLUMNS`, nothing wraps. Figures are never broken across lines: a table too wide for
/// whole figures is printed in parts, each repeating the first column (the row's name).
pub fn terminal_table(header: &[&str], rows: &[Vec<String>]) -> String {
    let Some(width) = terminal_columns() else {
        return comfy(header, rows, None);
    };
    let widths = column_widths(header.len(), rows);
    parts(&widths, usize::from(width))
        .iter()
        .map(|columns| {
            let pick = |row: &[&str]| -> Vec<String> {
                let cell = |&i: &usize| row.get(i).copied().unwrap_or_default().to_string();
                columns.iter().map(cell).collect()
            };
            let part_header = pick(header);
            let part_header: Vec<&str> = part_header.iter().map(String::as_str).collect();
            let part_rows: Vec<Vec<String>> = rows
                .iter()
                .map(|row| pick(&row.iter().map(String::as_str).collect::<Vec<_>>()))
                .collect();
            let part_widths: Vec<ColumnWidth> = columns.iter().map(|&i| widths[i]).collect();
            comfy(&part_header, &part_rows, Some((width, &part_widths)))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// One comfy-table, to `width` when given, its figure columns never narrower than their
/// widest figure.
fn comfy(header: &[&str], rows: &[Vec<String>], fit: Option<(u16, &[ColumnWidth])>) -> String {
    let mut table = comfy_table::Table::new();
    table
        .load_preset(comfy_table::presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(comfy_table::ContentArrangement::Dynamic)
        .set_header(header.iter().copied());
    if let Some((width, widths)) = fit {
        table.set_width(width);
        for (i, column) in widths.iter().enumerate() {
            if let (ColumnWidth::Figures(widest), Some(column)) = (column, table.column_mut(i)) {
                // comfy-table's widths include the padding of one space either side.
                let widest = u16::try_from(*widest + 2).unwrap_or(u16::MAX);
                column.set_constraint(comfy_table::ColumnConstraint::LowerBoundary(
                    comfy_table::Width::Fixed(widest),
                ));
            }
        }
    }
    for row in rows {
        table.add_row(row.iter().cloned());
    }
    format!("{table}\n")
}

/// How narrow a column of a terminal table may get.
#[derive(Debug, Clone, Copy)]
enum ColumnWidth {
    /// Figures only: the widest of them (figures are ASCII, one column a character).
    Figures(usize),
    /// Text, which wraps.
    Text,
}

impl ColumnWidth {
    /// The narrowest the column is drawn, with its rule and a space either side.
    fn drawn(self) -> usize {
        match self {
            ColumnWidth::Figures(widest) => widest + 3,
            ColumnWidth::Text => TEXT_COLUMN_MIN + 3,
        }
    }
}

/// The narrowest a wrapped text column gets.
const TEXT_COLUMN_MIN: usize = 6;

fn column_widths(columns: usize, rows: &[Vec<String>]) -> Vec<ColumnWidth> {
    let is_figure = |text: &str| text.chars().all(|c| "0123456789.+-%".contains(c));
    (0..columns)
        .map(|i| {
            let cells: Vec<&str> = rows
                .iter()
                .filter_map(|row| row.get(i))
                .map(String::as_str)
                .filter(|c| !c.is_empty())
                .collect();
            if !cells.is_empty() && cells.iter().all(|c| is_figure(c)) {
                ColumnWidth::Figures(cells.iter().map(|c| c.len()).max().unwrap_or(0))
            } else {
                ColumnWidth::Text
            }
        })
        .collect()
}

/// The columns of each part of a table `width` wide: all of them when they fit, else runs of
/// the columns after the first, each part led by the first. A column too wide even alone
/// beside the first gets a part of its own (and wraps).
fn parts(widths: &[ColumnWidth], width: usize) -> Vec<Vec<usize>> {
    let Some((first, rest)) = widths.split_first() else {
        return vec![Vec::new()];
    };
    let lead = first.drawn() + 1;
    let mut parts: Vec<Vec<usize>> = vec![vec![0]];
    let mut used = lead;
    for (i, column) in rest.iter().enumerate() {
        if used + column.drawn() > width && parts.last().is_some_and(|p| p.len() > 1) {
            parts.push(vec![0]);
            used = lead;
        }
        if let Some(part) = parts.last_mut() {
            part.push(i + 1);
        }
        used += column.drawn();
    }
    parts
}

/// How the terminal and Markdown layouts of a command's text differ: tables, section titles,
/// list lines and prose. Markdown escapes every text it is given (`markdown`).
#[derive(Clone, Copy)]
pub struct Layout {
    pub table: fn(&[&str], &[Vec<String>]) -> String,
    pub title: fn(&str) -> String,
    pub item: fn(&str) -> String,
    /// Lines of prose (a headline): as they are on a terminal, one paragraph each in Markdown.
    pub prose: fn(&str) -> String,
}

fn terminal_title(title: &str) -> String {
    format!("\n{title}\n")
}

fn terminal_item(line: &str) -> String {
    format!("  {line}\n")
}

fn terminal_prose(lines: &str) -> String {
    lines.to_string()
}

/// Aligned tables for a terminal.
pub const TERMINAL: Layout = Layout {
    table: terminal_table,
    title: terminal_title,
    item: terminal_item,
    prose: terminal_prose,
};

/// GitHub-flavoured Markdown, every text escaped.
pub const MARKDOWN: Layout = Layout {
    table: markdown::table,
    title: markdown::heading,
    item: markdown::item,
    prose: markdown::paragraph,
};

/// The width the user's shell says the terminal has (`COLUMNS`), when it is a number.
fn terminal_columns() -> Option<u16> {
    std::env::var("COLUMNS").ok()?.trim().parse().ok()
}

/// The UTF-8 byte-order mark. Excel (on Chinese Windows above all) reads a CSV file without
/// one in the system's code page and garbles every Chinese name.
pub const BOM: &str = "\u{FEFF}";

/// CSV for a person to open in Excel or WPS: a header row, UTF-8 with a byte-order mark. Every
/// command's `--format csv` is written this way; `without_bom` takes the mark off for a tool
/// that does not want it.
pub fn excel_csv(header: &[&str], rows: &[Vec<String>]) -> String {
    format!("{BOM}{}", csv_table(header, rows))
}

/// Whether CSV written for a person starts with the UTF-8 byte-order mark: with it by
/// default (Excel then reads UTF-8), without it on `--no-bom` (for tools that take the mark
/// for part of the first column's name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Bom {
    #[default]
    With,
    Without,
}

impl Bom {
    /// A command's output text as asked: without the mark it has when `Without`, else as is
    /// (only CSV outputs carry one).
    pub fn output(self, text: String) -> String {
        match self {
            Bom::With => text,
            Bom::Without => without_bom(&text).to_string(),
        }
    }

    /// The bytes that open a CSV file: the mark, or nothing.
    pub fn prefix(self) -> &'static [u8] {
        match self {
            Bom::With => BOM.as_bytes(),
            Bom::Without => b"",
        }
    }

    /// The files of an output folder with every `.csv` file marked, or every mark taken off.
    pub fn folder(self, files: Vec<(String, Vec<u8>)>) -> Vec<(String, Vec<u8>)> {
        files
            .into_iter()
            .map(|(name, bytes)| {
                if !name.ends_with(".csv") {
                    return (name, bytes);
                }
                let bare = bytes.strip_prefix(BOM.as_bytes()).unwrap_or(&bytes);
                let marked = [self.prefix(), bare].concat();
                (name, marked)
            })
            .collect()
    }
}

/// Output text without a leading byte-order mark: the option to write CSV for tools that
/// treat the mark as part of the first column's name.
pub fn without_bom(text: &str) -> &str {
    text.strip_prefix(BOM).unwrap_or(text)
}

/// CSV with a header row, UTF-8 without BOM: the scenario files landplan writes (read back
/// by its own loader) and the building block of `excel_csv`.
pub fn csv_table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record(header)
        .expect("writing CSV to memory cannot fail");
    for row in rows {
        writer
            .write_record(row)
            .expect("writing CSV to memory cannot fail");
    }
    let bytes = writer
        .into_inner()
        .expect("flushing CSV to memory cannot fail");
    String::from_utf8(bytes).expect("CSV built from UTF-8 strings is UTF-8")
}

/// Pretty JSON with a trailing newline.
pub fn json<T: Serialize>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("report values serialise to JSON");
    text.push('\n');
    text
}

/// An optional decimal as text (empty when absent), without trailing zeros.
pub fn opt(value: Option<rust_decimal::Decimal>) -> String {
    value.map(crate::number::show).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_for_excel_starts_with_the_byte_order_mark_and_can_go_without() {
        let rows = vec![vec!["连州镇".to_string(), "1.5".to_string()]];
        let text = excel_csv(&["town", "plan"], &rows);
        assert!(text.as_bytes().starts_with(b"\xEF\xBB\xBFtown,plan\n"));
        assert_eq!(without_bom(&text), "town,plan\n连州镇,1.5\n");
        assert_eq!(without_bom("town\n"), "town\n");
    }

    #[test]
    fn a_table_too_wide_for_whole_figures_is_split_into_parts_led_by_its_first_column() {
        let widths = [
            ColumnWidth::Text,
            ColumnWidth::Figures(9),
            ColumnWidth::Figures(9),
            ColumnWidth::Text,
        ];
        // Drawn: 9 + 1 lead, 12 and 12 for the figures, 9 for the text.
        assert_eq!(parts(&widths, 100), vec![vec![0, 1, 2, 3]]);
        assert_eq!(parts(&widths, 34), vec![vec![0, 1, 2], vec![0, 3]]);
        assert_eq!(parts(&widths, 20), vec![vec![0, 1], vec![0, 2], vec![0, 3]]);
        let rows = vec![vec![
            "连州镇".to_string(),
            "1.5".to_string(),
            "".to_string(),
        ]];
        let widths = column_widths(3, &rows);
        assert!(matches!(
            widths[..],
            [
                ColumnWidth::Text,
                ColumnWidth::Figures(3),
                ColumnWidth::Text
            ]
        ));
    }

    #[test]
    fn a_folders_csv_files_are_marked_or_unmarked_and_nothing_else_is_touched() {
        let files = vec![
            ("a.csv".to_string(), b"x\n".to_vec()),
            ("b.csv".to_string(), [BOM.as_bytes(), b"y\n"].concat()),
            ("c.json".to_string(), b"{}".to_vec()),
        ];
        let marked = Bom::With.folder(files.clone());
        assert_eq!(marked[0].1, b"\xEF\xBB\xBFx\n");
        assert_eq!(marked[1].1, b"\xEF\xBB\xBFy\n");
        assert_eq!(marked[2].1, b"{}");
        let bare = Bom::Without.folder(files);
        assert_eq!(bare[0].1, b"x\n");
        assert_eq!(bare[1].1, b"y\n");
        assert_eq!(bare[2].1, b"{}");
        assert_eq!(Bom::Without.output(format!("{BOM}a\n")), "a\n");
        assert_eq!(Bom::With.output(format!("{BOM}a\n")), format!("{BOM}a\n"));
    }
}
