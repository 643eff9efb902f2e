//! Stage 6, report: results to bytes.
//!
//! Input: findings, allocations and summaries from the earlier stages. Output: the text of one
//! export format (terminal table, JSON, CSV or Markdown). One pure renderer per format and per
//! result; nothing here computes a figure or touches the file system (writing files is
//! `report::write`'s one job).

pub mod adjust;
pub mod audit;
pub mod check;
pub mod compare;
pub mod markdown;
pub mod page;
pub mod review;
pub mod run;
pub mod solve;
pub mod stress;
pub mod sweep;
pub mod track;
pub mod write;

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

/// A plain text table for terminals, aligned for Chinese (double-width) characters.
pub fn terminal_table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut table = comfy_table::Table::new();
    table
        .load_preset(comfy_table::presets::UTF8_FULL_CONDENSED)
        .set_header(header.iter().copied());
    for row in rows {
        table.add_row(row.iter().cloned());
    }
    format!("{table}\n")
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

/// CSV with a header row, UTF-8 without BOM.
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
