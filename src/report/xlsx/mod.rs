//! The official tables as an Excel workbook (.xlsx), laid out as a published plan's appendix
//! tables, and a scenario's files as a workbook that reads back as the scenario.
//!
//! Input: what the commands render (a solved scenario; the base and what-ifs of a run or a
//! report; a comparison; a parcel plan; a scenario folder's CSV files) and the language.
//! Output: the bytes of one workbook, written with `rust_xlsxwriter` (pure Rust). The official
//! tables (`plan`: 总量, 结构, 布局, 各镇分类用地, and 方案对比 for several scenarios; `compare`;
//! `parcels`: 地块清单 and the 时序 tables) carry a title row, the unit in every header, a 合计
//! row under each table, the header row frozen, every figure a number shown with the input's
//! decimals. A scenario's files (`files`) become one sheet per file with the same columns,
//! header on the first row, which `load::Workbook` reads back. Nothing here computes a figure
//! beyond the column sums of a 合计 row, and nothing touches the file system.
//!
//! An xlsx cell holds an IEEE double. The exact decimals become `f64` here, at the last step,
//! and the number format shows them with the input's decimals: a figure of at most 15
//! significant digits (every figure landplan accepts) reads back as the same decimal, the
//! shortest that round-trips (see `load::Workbook`).

mod compare;
mod files;
mod parcels;
mod plan;
mod runs;

pub use compare::{compare, compare_in};
pub use files::{scenario_files, scenario_sheets, tables};
pub use parcels::parcel_sheets;
pub use plan::{run, run_book, run_book_in, solve, solve_book, solve_book_in};
pub use runs::run_parcel_sheets;

use super::page::words::Words;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};

/// One cell of a sheet: text, or an exact figure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Text(String),
    Number(Decimal),
    Empty,
}

/// A table on its own sheet: a title line (none on a scenario file's sheet, whose header is
/// its first row, as in the CSV file), a header row (frozen), rows, and whether the last row
/// is a 合计 row (drawn bold).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    pub name: String,
    pub title: Option<String>,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    pub total_row: bool,
}

/// A workbook before it is written: its sheets and how many decimals its figures show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Book {
    pub sheets: Vec<Sheet>,
    pub decimals: u32,
}

/// Why a workbook could not be written (a sheet name Excel refuses, say).
#[derive(Debug, thiserror::Error)]
#[error("writing the workbook: {0}")]
pub struct XlsxWriteError(#[from] XlsxError);

/// Writes a book to xlsx bytes.
pub fn write(book: &Book) -> Result<Vec<u8>, XlsxWriteError> {
    let mut workbook = Workbook::new();
    let places = "0".repeat(book.decimals as usize);
    let number_format = if places.is_empty() {
        "0".to_string()
    } else {
        format!("0.{places}")
    };
    let number = Format::new().set_num_format(&number_format);
    let whole = Format::new().set_num_format("0");
    let total_number = number.clone().set_bold().set_border_top(FormatBorder::Thin);
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_border_bottom(FormatBorder::Thin);
    let title = Format::new().set_bold().set_font_size(14);
    let total_text = Format::new().set_bold().set_border_top(FormatBorder::Thin);
    for sheet in &book.sheets {
        let worksheet = workbook.add_worksheet();
        worksheet.set_name(&sheet.name)?;
        let header_row = match &sheet.title {
            Some(text) => {
                worksheet.write_string_with_format(0, 0, text, &title)?;
                HEADER_ROW
            }
            None => 0,
        };
        for (c, text) in sheet.header.iter().enumerate() {
            let col = column(c);
            worksheet.write_string_with_format(header_row, col, text, &header)?;
            worksheet.set_column_width(col, width(text, c))?;
        }
        worksheet.set_freeze_panes(header_row + 1, 0)?;
        let last = sheet.rows.len().saturating_sub(1);
        for (r, row) in sheet.rows.iter().enumerate() {
            let is_total = sheet.total_row && r == last;
            let row_index = header_row + 1 + u32::try_from(r).expect("fewer than 2^32 rows");
            for (c, cell) in row.iter().enumerate() {
                let col = column(c);
                match cell {
                    Cell::Text(text) if is_total => {
                        worksheet.write_string_with_format(row_index, col, text, &total_text)?
                    }
                    Cell::Text(text) => worksheet.write_string(row_index, col, text)?,
                    Cell::Number(value) if value.scale() == 0 && sheet.title.is_none() => worksheet
                        .write_number_with_format(row_index, col, double(*value), &whole)?,
                    Cell::Number(value) => {
                        let format = if is_total { &total_number } else { &number };
                        worksheet.write_number_with_format(
                            row_index,
                            col,
                            double(*value),
                            format,
                        )?
                    }
                    Cell::Empty if is_total => {
                        worksheet.write_blank(row_index, col, &total_text)?
                    }
                    Cell::Empty => worksheet,
                };
            }
        }
    }
    Ok(workbook.save_to_buffer()?)
}

/// The row of the header under a title (the title is on row 0, a blank row between).
pub const HEADER_ROW: u32 = 2;

fn column(index: usize) -> u16 {
    u16::try_from(index).expect("fewer than 65,536 columns")
}

/// A column wide enough for its header (Chinese characters twice as wide), at least 12.
fn width(header: &str, index: usize) -> f64 {
    let chars: usize = header
        .chars()
        .map(|c| if c.is_ascii() { 1 } else { 2 })
        .sum();
    let least = if index == 0 { 14 } else { 12 };
    chars.clamp(least, 28) as f64
}

/// A header label with the unit: `公布计划（公顷）` / `plan (ha)`.
fn with_unit(words: &Words, zh: &str, en: &str) -> String {
    words.pick(
        format!("{zh}（{}）", words.unit()),
        format!("{en} ({})", words.unit()),
    )
}

/// An exact figure as the double an xlsx cell holds.
fn double(value: Decimal) -> f64 {
    value
        .to_f64()
        .expect("a land figure is well inside the range of a double")
}

fn text(value: impl Into<String>) -> Cell {
    Cell::Text(value.into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn part(bytes: &[u8], name: &str) -> String {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut text = String::new();
        archive
            .by_name(name)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        text
    }

    #[test]
    fn csv_tables_become_sheets_with_numbers_and_text() {
        let cells = "\u{FEFF}town,category,plan\n连州镇,住宅用地,29.488274\n九陂镇,商服用地,\n";
        let bytes = tables(&[("cells.csv", cells)], 6).unwrap();
        let sheet = part(&bytes, "xl/worksheets/sheet1.xml");
        assert!(sheet.contains("<v>29.488274</v>"), "{sheet}");
        let workbook = part(&bytes, "xl/workbook.xml");
        assert!(workbook.contains(r#"name="cells""#), "{workbook}");
    }

    #[test]
    fn headers_are_frozen_and_figures_show_the_inputs_decimals() {
        let book = Book {
            sheets: vec![Sheet {
                name: "结构".into(),
                title: Some("t".into()),
                header: vec!["用地类型".into(), "公布计划（公顷）".into()],
                rows: vec![
                    vec![
                        Cell::Text("住宅用地".into()),
                        Cell::Number("31.14831".parse().unwrap()),
                    ],
                    vec![
                        Cell::Text("合计".into()),
                        Cell::Number("31.14831".parse().unwrap()),
                    ],
                ],
                total_row: true,
            }],
            decimals: 6,
        };
        let bytes = write(&book).unwrap();
        let sheet = part(&bytes, "xl/worksheets/sheet1.xml");
        assert!(sheet.contains(r#"ySplit="3""#), "{sheet}");
        assert!(sheet.contains("<v>31.14831</v>"), "{sheet}");
        let styles = part(&bytes, "xl/styles.xml");
        assert!(styles.contains(r#"formatCode="0.000000""#), "{styles}");
    }
}
