//! CSV tables (a scenario folder's files, as `review` writes them) as sheets with the same
//! columns, header on the first row, so that `load::Workbook` reads them back.

use super::{text, write, Book, Cell, Sheet, XlsxWriteError};
use rust_decimal::Decimal;

/// A workbook of CSV tables, one sheet each, with the same columns and the header on the
/// first row: the files of a scenario folder (`landplan review`'s next year, one sheet per
/// file, named after it), which `load::Workbook` reads back as the folder, or any command's
/// CSV view (`compare`). A field written as a plain decimal (`29.488274`, `2026`; not `007`
/// or `1e3`) becomes a number, shown with `decimals` decimals (a whole number without);
/// any other field stays text. A leading byte-order mark is dropped.
pub fn tables(tables: &[(&str, &str)], decimals: u32) -> Result<Vec<u8>, XlsxWriteError> {
    let sheets = tables
        .iter()
        .map(|(name, csv)| csv_sheet(name, csv))
        .collect();
    write(&Book { sheets, decimals })
}

/// A scenario folder's files as a workbook that `load::Workbook` reads back as the folder
/// (`landplan review --format xlsx`): each CSV file a sheet named after it, header first; a
/// text file (the review's Markdown) a sheet of its lines, which the loader ignores.
pub fn scenario_files(
    files: &[(String, String)],
    decimals: u32,
) -> Result<Vec<u8>, XlsxWriteError> {
    let sheets = scenario_sheets(files);
    write(&Book { sheets, decimals })
}

/// The sheets of a scenario's files (see `scenario_files`), to add to a workbook of official
/// tables so that it reads back as the scenario it was solved from.
pub fn scenario_sheets(files: &[(String, String)]) -> Vec<Sheet> {
    files
        .iter()
        .map(|(name, body)| {
            if name.ends_with(".csv") {
                return csv_sheet(name, body);
            }
            let mut lines = body.lines();
            let header = lines.next().map(str::to_string).into_iter().collect();
            Sheet {
                name: name.split('.').next().unwrap_or(name).to_string(),
                title: None,
                header,
                rows: lines.map(|line| vec![text(line)]).collect(),
                total_row: false,
            }
        })
        .collect()
}

fn csv_sheet(name: &str, csv: &str) -> Sheet {
    let csv = crate::report::without_bom(csv);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(csv.as_bytes());
    let header = reader
        .headers()
        .map(|h| h.iter().map(str::to_string).collect())
        .unwrap_or_default();
    let rows = reader
        .records()
        .filter_map(Result::ok)
        .map(|record| {
            record
                .iter()
                .map(|field| match plain_decimal(field) {
                    Some(value) => Cell::Number(value),
                    None if field.is_empty() => Cell::Empty,
                    None => text(field),
                })
                .collect()
        })
        .collect();
    let stem = name.strip_suffix(".csv").unwrap_or(name);
    Sheet {
        name: stem.to_string(),
        title: None,
        header,
        rows,
        total_row: false,
    }
}

/// A field written as a plain decimal: an optional minus, digits without a leading zero
/// (but `0.5`), an optional point and digits, at most 15 significant digits, so that the
/// double an xlsx cell holds reads back as the same decimal (see `load::Workbook`). Names
/// such as `007` and codes such as `1e3` stay text.
fn plain_decimal(field: &str) -> Option<Decimal> {
    let digits = field.strip_prefix('-').unwrap_or(field);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let plain = !whole.is_empty()
        && all_digits(whole)
        && all_digits(fraction)
        && (whole == "0" || !whole.starts_with('0'))
        && !(digits.contains('.') && fraction.is_empty());
    let significant = format!("{whole}{fraction}").trim_start_matches('0').len();
    (plain && significant <= 15)
        .then(|| field.parse().ok())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_decimals_become_numbers() {
        let number = |field: &str| plain_decimal(field).map(|d| d.to_string());
        assert_eq!(number("29.488274").as_deref(), Some("29.488274"));
        assert_eq!(number("2026").as_deref(), Some("2026"));
        assert_eq!(number("0.5").as_deref(), Some("0.5"));
        assert_eq!(number("-3").as_deref(), Some("-3"));
        assert_eq!(
            number("999999999.999999").as_deref(),
            Some("999999999.999999")
        );
        for text in [
            "007",
            "1e3",
            "1.",
            ".5",
            "Q2",
            "",
            "1,234.5",
            "1234567890.123456",
        ] {
            assert_eq!(number(text), None, "{text}");
        }
    }
}
