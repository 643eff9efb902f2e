//! The same scenario as Excel, WPS or a text editor on Chinese Windows may save it: a byte
//! order mark, GBK, CRLF, UTF-16, tabs or semicolons, full-width digits and spaces, thousands
//! separators, Chinese headers. Each twin must load to exactly the same rows as its plain
//! UTF-8 original and audit to byte-for-byte the same report.

use crate::common::{fixture, lianzhou, run_in};
use landplan::load::{load_folder, RawScenario};
use landplan::problem::Origin;
use std::path::{Path, PathBuf};

const FILES: &[&str] = &[
    "scenario.csv",
    "categories.csv",
    "towns.csv",
    "cells.csv",
    "rules.csv",
];

/// A copy of `from` with every file's text turned into bytes by `save`.
fn twin(from: &Path, save: impl Fn(&str, &str) -> Vec<u8>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for file in FILES {
        let text = std::fs::read_to_string(from.join(file)).unwrap();
        std::fs::write(dir.path().join(file), save(file, &text)).unwrap();
    }
    dir
}

/// Rewrites every cell of a CSV text with `cell(file, column, text)`, then writes it with
/// `delimiter` and `terminator` (quoting where needed, as Excel does).
fn rewrite(
    file: &str,
    text: &str,
    delimiter: u8,
    terminator: csv::Terminator,
    cell: impl Fn(&str, &str, &str) -> String,
) -> String {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let header: Vec<String> = rows[0].iter().map(str::to_string).collect();
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .terminator(terminator)
        .from_writer(Vec::new());
    writer.write_record(&rows[0]).unwrap();
    for row in &rows[1..] {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(i, text)| cell(file, &header[i], text))
            .collect();
        writer.write_record(&cells).unwrap();
    }
    String::from_utf8(writer.into_inner().unwrap()).unwrap()
}

fn keep(_: &str, _: &str, text: &str) -> String {
    text.to_string()
}

fn is_figure(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| c.is_ascii_digit() || c == '.')
}

/// The rows of a scenario folder, with origins reduced to file name and line, so that twins
/// in different folders compare equal.
fn rows_of(folder: &Path) -> RawScenario {
    let mut raw = load_folder(folder).unwrap_or_else(|e| panic!("{e}"));
    let local = |origin: &mut Origin| {
        origin.file = Path::new(&origin.file)
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned()
            .into();
    };
    raw.label.clear();
    raw.inputs.clear();
    local(&mut raw.settings.cap_origin);
    raw.categories.iter_mut().for_each(|r| local(&mut r.origin));
    raw.towns.iter_mut().for_each(|r| local(&mut r.origin));
    raw.cells.iter_mut().for_each(|r| local(&mut r.origin));
    raw.rules.iter_mut().for_each(|r| local(&mut r.origin));
    raw
}

fn encodings_of(folder: &Path) -> Vec<&'static str> {
    let raw = load_folder(folder).unwrap();
    raw.inputs.iter().map(|input| input.encoding).collect()
}

/// Asserts `twin` loads to the rows of `original` and audits to the same bytes in every format.
fn assert_same(original: &Path, twin: &Path) {
    assert_eq!(rows_of(twin), rows_of(original));
    for format in ["table", "json", "csv", "md"] {
        let expected = run_in(original, &["audit", ".", "--format", format]);
        let actual = run_in(twin, &["audit", ".", "--format", format]);
        assert_eq!(
            String::from_utf8_lossy(&actual.stderr),
            String::from_utf8_lossy(&expected.stderr),
            "{format}"
        );
        assert_eq!(
            String::from_utf8_lossy(&actual.stdout),
            String::from_utf8_lossy(&expected.stdout),
            "{format}"
        );
        assert_eq!(actual.status.code(), expected.status.code());
    }
}

fn original() -> PathBuf {
    lianzhou()
}

#[test]
fn utf8_with_a_byte_order_mark_loads_like_utf8() {
    let dir = twin(&original(), |_, text| {
        [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat()
    });
    assert_same(&original(), dir.path());
    assert!(encodings_of(dir.path())
        .iter()
        .all(|e| *e == "UTF-8 with BOM"));
}

#[test]
fn gbk_as_excel_saves_on_chinese_windows_loads_like_utf8() {
    let dir = twin(&original(), |_, text| {
        let (bytes, _, unmappable) = encoding_rs::GBK.encode(text);
        assert!(!unmappable);
        bytes.into_owned()
    });
    assert!(
        std::fs::read(dir.path().join("cells.csv"))
            .map(|b| std::str::from_utf8(&b).is_err())
            .unwrap(),
        "the twin really is GBK, not UTF-8"
    );
    assert_same(&original(), dir.path());
    assert!(encodings_of(dir.path()).iter().all(|e| *e == "GBK"));
}

#[test]
fn crlf_line_ends_load_like_lf() {
    let dir = twin(&original(), |_, text| {
        text.replace('\n', "\r\n").into_bytes()
    });
    assert_same(&original(), dir.path());
}

#[test]
fn utf16_with_a_mark_loads_like_utf8() {
    let dir = twin(&original(), |_, text| {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in text.encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        bytes
    });
    assert_same(&original(), dir.path());
    assert!(encodings_of(dir.path()).iter().all(|e| *e == "UTF-16LE"));
}

#[test]
fn tab_separated_files_load_like_csv() {
    let dir = twin(&original(), |file, text| {
        rewrite(file, text, b'\t', csv::Terminator::CRLF, keep).into_bytes()
    });
    assert!(std::fs::read_to_string(dir.path().join("towns.csv"))
        .unwrap()
        .starts_with("town\tplan\tcapacity\r\n"));
    assert_same(&original(), dir.path());
}

#[test]
fn semicolon_separated_files_load_like_csv() {
    let dir = twin(&original(), |file, text| {
        rewrite(file, text, b';', csv::Terminator::CRLF, keep).into_bytes()
    });
    assert!(std::fs::read_to_string(dir.path().join("rules.csv"))
        .unwrap()
        .contains("\"商服用地;住宅用地\""));
    assert_same(&original(), dir.path());
}

#[test]
fn full_width_digits_and_padding_spaces_load_like_ascii() {
    let full_width = |_: &str, _: &str, text: &str| -> String {
        let body: String = if is_figure(text) {
            text.chars()
                .map(|c| match c {
                    '.' => '．',
                    d => char::from_u32(u32::from(d) - 0x30 + 0xFF10).unwrap(),
                })
                .collect()
        } else {
            text.to_string()
        };
        if text.is_empty() {
            String::new()
        } else {
            format!("\u{3000}{body} ")
        }
    };
    let dir = twin(&original(), |file, text| {
        rewrite(file, text, b',', csv::Terminator::Any(b'\n'), full_width).into_bytes()
    });
    assert!(std::fs::read_to_string(dir.path().join("cells.csv"))
        .unwrap()
        .contains("\u{3000}２９．４８８２７４ "));
    assert_same(&original(), dir.path());
}

#[test]
fn thousands_separators_load_like_plain_figures() {
    let mu = fixture("lianzhou-2025-mu");
    let grouped = |file: &str, _: &str, text: &str| -> String {
        // The year (2025) is no figure: "2,025" would rightly be refused.
        let year = file == "scenario.csv" && !text.contains('.');
        if !is_figure(text) || year {
            return text.to_string();
        }
        let (integer, fraction) = text.split_once('.').unwrap_or((text, ""));
        let mut out = String::new();
        for (i, digit) in integer.chars().enumerate() {
            if i > 0 && (integer.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(digit);
        }
        if fraction.is_empty() {
            out
        } else {
            format!("{out}.{fraction}")
        }
    };
    let dir = twin(&mu, |file, text| {
        rewrite(file, text, b',', csv::Terminator::Any(b'\n'), grouped).into_bytes()
    });
    assert!(std::fs::read_to_string(dir.path().join("categories.csv"))
        .unwrap()
        .contains("\"1,039.54458\""));
    assert_same(&mu, dir.path());
}

/// Chinese headers, the bound in Chinese, GBK, CRLF and full-width figures: a folder as a
/// planner's Excel on Chinese Windows would save it.
#[test]
fn a_chinese_excel_folder_loads_like_the_original() {
    let headers: &[(&str, &str)] = &[
        ("key,value", "项目,值"),
        (
            "category,tier,plan,min,max,alias",
            "用地类型,优先级,计划面积（公顷）,下限,上限,别名",
        ),
        ("town,plan,capacity", "乡镇,计划,容量"),
        (
            "town,category,plan,demand,committed",
            "乡镇,用地类型,计划,需求,已承诺",
        ),
        (
            "rule,categories,towns,bound,value",
            "规则,用地类型,乡镇,约束,值",
        ),
    ];
    let dir = twin(&original(), |_, text| {
        let mut text = text.to_string();
        for (from, to) in headers {
            text = text.replacen(from, to, 1);
        }
        let text = text
            .replace(",max,", ",上限,")
            .replace("31.14831", "３１．１４８３１")
            .replace('\n', "\r\n");
        encoding_rs::GBK.encode(&text).0.into_owned()
    });
    assert_same(&original(), dir.path());
}
