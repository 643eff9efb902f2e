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
pub mod page;
pub mod parcels;
pub mod review;
pub mod run;
pub mod solve;
pub mod stress;
pub mod sweep;
pub mod track;

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

/// A GitHub-flavoured Markdown table; `|` in cells is escaped.
pub fn markdown_table(header: &[&str], rows: &[Vec<String>]) -> String {
    let escape = |text: &str| text.replace('|', "\\|").replace('\n', " ");
    let mut out = format!("| {} |\n", header.join(" | "));
    out.push_str(&format!("|{}\n", "---|".repeat(header.len())));
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| escape(c)).collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    out
}

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
