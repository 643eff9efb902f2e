//! Property tests of the loader, the validator and the audit (library calls, in memory, so
//! that hundreds of cases run in a few seconds): arbitrary bytes and randomly mutated valid
//! folders always give a result or a list of located problems, never a panic, and a folder
//! that loads keeps every row it holds.

use landplan::audit::{audit, restate};
use landplan::load::{self, text::decode, LoadError, Source};
use landplan::number::{fold_text, parse_decimal, show};
use landplan::report::page::Lang;
use landplan::report::{self, Format};
use landplan::scenario::Unit;
use landplan::validate::validate_loaded;
use proptest::prelude::*;
use rust_decimal::Decimal;

const FILES: [&str; 5] = [
    "scenario.csv",
    "categories.csv",
    "towns.csv",
    "cells.csv",
    "rules.csv",
];

/// A scenario folder held in memory.
#[derive(Debug, Clone)]
struct Memory {
    files: Vec<(&'static str, Vec<u8>)>,
}

impl Source for Memory {
    fn label(&self) -> String {
        "memory".to_string()
    }

    fn display(&self, file: &str) -> String {
        format!("memory/{file}")
    }

    fn read(&self, file: &str) -> Result<Option<Vec<u8>>, LoadError> {
        Ok(self
            .files
            .iter()
            .find(|(name, _)| *name == file)
            .map(|(_, bytes)| bytes.clone()))
    }

    fn list(&self) -> Vec<String> {
        self.files
            .iter()
            .map(|(name, _)| name.to_string())
            .collect()
    }
}

fn folder(path: &std::path::Path) -> Memory {
    Memory {
        files: FILES
            .iter()
            .map(|file| (*file, std::fs::read(path.join(file)).unwrap()))
            .collect(),
    }
}

fn bases() -> Vec<Memory> {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    [
        "scenarios/lianzhou-2025",
        "tests/fixtures/lianzhou-2025-consistent",
        "tests/fixtures/lianzhou-2025-mu",
    ]
    .iter()
    .map(|path| folder(&root.join(path)))
    .collect()
}

/// The non-blank rows after the header of a file, counted independently of the loader (same
/// delimiter rule: the most frequent of comma, tab and semicolon in the first non-blank line).
fn data_rows(bytes: Option<&Vec<u8>>) -> usize {
    let Some(bytes) = bytes else { return 0 };
    let text = decode(bytes).expect("a file that loaded decodes").text;
    let first = text
        .lines()
        .find(|line| !fold_text(line).is_empty())
        .unwrap_or_default();
    let delimiter = [b',', b'\t', b';']
        .into_iter()
        .fold((b',', 0), |best, d| {
            let n = first.bytes().filter(|b| *b == d).count();
            if n > best.1 {
                (d, n)
            } else {
                best
            }
        })
        .0;
    let rows = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.expect("a file that loaded is readable CSV"))
        .filter(|r| r.iter().any(|f| !fold_text(f).is_empty()))
        .count();
    rows.saturating_sub(1)
}

/// Loads, validates, audits and renders; panics only when a property is broken.
fn check(source: &Memory) {
    let loaded = load::load_lenient(source).expect("a folder in memory is always readable");
    let strict = load::load(source);
    match validate_loaded(&loaded) {
        Ok(scenario) => {
            assert!(loaded.problems.is_empty());
            assert!(strict.is_ok());
            let file = |name: &str| {
                source
                    .files
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, bytes)| bytes)
            };
            // Nothing is lost: every row of every file is in the scenario.
            assert_eq!(scenario.cells.len(), data_rows(file("cells.csv")));
            assert_eq!(scenario.towns.len(), data_rows(file("towns.csv")));
            assert_eq!(scenario.categories.len(), data_rows(file("categories.csv")));
            assert_eq!(scenario.rules.len(), data_rows(file("rules.csv")));
            let findings = audit(&scenario);
            for unit in [Unit::Ha, Unit::Mu] {
                let restated: Vec<_> = findings.iter().map(|f| f.in_unit(unit)).collect();
                for format in [Format::Table, Format::Json, Format::Csv, Format::Md] {
                    for lang in [Lang::Zh, Lang::En] {
                        let text =
                            report::audit::render(&scenario, unit, &restated, &[], format, lang);
                        assert!(!text.is_empty());
                    }
                }
            }
        }
        Err(problems) => {
            assert!(!problems.0.is_empty());
            for problem in &problems.0 {
                assert!(problem.origin.file.starts_with("memory/"), "{problem}");
                assert!(!problem.to_string().is_empty());
            }
            if !loaded.problems.is_empty() {
                assert!(strict.is_err());
            }
        }
    }
}

/// One change to a folder.
#[derive(Debug, Clone)]
enum Mutation {
    FlipByte {
        file: usize,
        at: usize,
        mask: u8,
    },
    DeleteLine {
        file: usize,
        line: usize,
    },
    DuplicateLine {
        file: usize,
        line: usize,
    },
    SwapLines {
        file: usize,
        a: usize,
        b: usize,
    },
    ReplaceCell {
        file: usize,
        line: usize,
        cell: usize,
        text: String,
    },
    InsertBytes {
        file: usize,
        at: usize,
        bytes: Vec<u8>,
    },
    Truncate {
        file: usize,
        at: usize,
    },
    Remove {
        file: usize,
    },
    Replace {
        file: usize,
        bytes: Vec<u8>,
    },
}

/// Cell texts a planner's spreadsheet may hold, good and bad.
fn cell_text() -> impl Strategy<Value = String> {
    let tricky = prop::sample::select(vec![
        "",
        " ",
        "0",
        "-0",
        "-1",
        "1e30",
        "1E-05",
        "１２．５",
        "1,234.5",
        "12,5",
        "1.234,5",
        "0.12345678901",
        "999999999999.9",
        "1000000000000",
        "79228162514264337593543950336",
        "4.1000000000000005",
        "70%",
        "145%",
        "-5%",
        "%",
        "*",
        "\"",
        "\"\"",
        "a\"b",
        ";",
        ",",
        "\t",
        "\r\n",
        "\n",
        "连州镇",
        "住宅用地",
        "residential",
        "industrial",
        "商服;住宅",
        "max",
        "min",
        "上限",
        "ha",
        "mu",
        "亩",
        "about",
        "cap",
        "unit",
        "name",
        "2025",
        "0",
        "备注",
        "note",
        "\u{feff}",
        "\u{3000}",
        "\u{0}",
        "連州鎮",
        "住宅用地 ",
        "西岸镇",
    ])
    .prop_map(str::to_string);
    prop_oneof![3 => tricky, 1 => any::<String>(), 1 => "[0-9.,eE+-]{0,20}"]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let file = 0..FILES.len();
    let at = any::<usize>();
    prop_oneof![
        1 => (file.clone(), at, 1..=255u8)
            .prop_map(|(file, at, mask)| Mutation::FlipByte { file, at, mask }),
        1 => (file.clone(), at).prop_map(|(file, line)| Mutation::DeleteLine { file, line }),
        1 => (file.clone(), at)
            .prop_map(|(file, line)| Mutation::DuplicateLine { file, line }),
        1 => (file.clone(), at, at)
            .prop_map(|(file, a, b)| Mutation::SwapLines { file, a, b }),
        4 => (file.clone(), at, 0..8usize, cell_text()).prop_map(
            |(file, line, cell, text)| Mutation::ReplaceCell { file, line, cell, text }
        ),
        1 => (file.clone(), at, prop::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(file, at, bytes)| Mutation::InsertBytes { file, at, bytes }),
        1 => (file.clone(), at).prop_map(|(file, at)| Mutation::Truncate { file, at }),
        1 => file.clone().prop_map(|file| Mutation::Remove { file }),
        1 => (file, prop::collection::vec(any::<u8>(), 0..64))
            .prop_map(|(file, bytes)| Mutation::Replace { file, bytes }),
    ]
}

/// The lines of a file's bytes, each with its line break.
fn lines(bytes: &[u8]) -> Vec<Vec<u8>> {
    bytes
        .split_inclusive(|b| *b == b'\n')
        .map(<[u8]>::to_vec)
        .collect()
}

fn apply(memory: &mut Memory, mutation: &Mutation) {
    let pick = |memory: &mut Memory, file: usize| -> Option<usize> {
        let name = FILES[file];
        memory.files.iter().position(|(n, _)| *n == name)
    };
    match mutation {
        Mutation::Remove { file } => {
            if let Some(index) = pick(memory, *file) {
                memory.files.remove(index);
            }
        }
        Mutation::Replace { file, bytes } => match pick(memory, *file) {
            Some(index) => memory.files[index].1 = bytes.clone(),
            None => memory.files.push((FILES[*file], bytes.clone())),
        },
        other => {
            let file = match other {
                Mutation::FlipByte { file, .. }
                | Mutation::DeleteLine { file, .. }
                | Mutation::DuplicateLine { file, .. }
                | Mutation::SwapLines { file, .. }
                | Mutation::ReplaceCell { file, .. }
                | Mutation::InsertBytes { file, .. }
                | Mutation::Truncate { file, .. } => *file,
                Mutation::Remove { .. } | Mutation::Replace { .. } => unreachable!(),
            };
            let Some(index) = pick(memory, file) else {
                return;
            };
            let bytes = &mut memory.files[index].1;
            let len = bytes.len().max(1);
            match other {
                Mutation::FlipByte { at, mask, .. } => {
                    if !bytes.is_empty() {
                        let at = at % bytes.len();
                        bytes[at] ^= mask;
                    }
                }
                Mutation::InsertBytes { at, bytes: new, .. } => {
                    let at = at % len.min(bytes.len() + 1);
                    bytes.splice(at..at, new.iter().copied());
                }
                Mutation::Truncate { at, .. } => bytes.truncate(at % len),
                _ => {
                    let mut rows = lines(bytes);
                    if rows.is_empty() {
                        return;
                    }
                    let n = rows.len();
                    match other {
                        Mutation::DeleteLine { line, .. } => {
                            rows.remove(line % n);
                        }
                        Mutation::DuplicateLine { line, .. } => {
                            let row = rows[line % n].clone();
                            rows.insert(line % n, row);
                        }
                        Mutation::SwapLines { a, b, .. } => rows.swap(a % n, b % n),
                        Mutation::ReplaceCell {
                            line, cell, text, ..
                        } => {
                            let row = String::from_utf8_lossy(&rows[line % n]).into_owned();
                            let ending = if row.ends_with("\r\n") {
                                "\r\n"
                            } else if row.ends_with('\n') {
                                "\n"
                            } else {
                                ""
                            };
                            let mut cells: Vec<String> = row
                                .trim_end_matches(['\r', '\n'])
                                .split(',')
                                .map(str::to_string)
                                .collect();
                            let at = cell % cells.len();
                            cells[at] = text.clone();
                            rows[line % n] = format!("{}{ending}", cells.join(",")).into_bytes();
                        }
                        _ => unreachable!(),
                    }
                    *bytes = rows.concat();
                }
            }
        }
    }
}

/// Formatting noise a spreadsheet or a planner adds without changing a figure or a name.
#[derive(Debug, Clone)]
struct Noise {
    file: usize,
    /// Pairs of data rows to swap (indexes past the header).
    swaps: Vec<(usize, usize)>,
    /// Cells to pad (row, cell, padding kind) and figure cells to write in full-width digits.
    pads: Vec<(usize, usize, usize)>,
    full_width: Vec<(usize, usize)>,
    /// Blank lines to insert after the header, at these row positions.
    blanks: Vec<(usize, usize)>,
    crlf: bool,
    encoding: usize,
}

fn noise() -> impl Strategy<Value = Noise> {
    let pairs = || prop::collection::vec((any::<usize>(), any::<usize>()), 0..4);
    (
        0..FILES.len(),
        pairs(),
        prop::collection::vec((any::<usize>(), any::<usize>(), 0..4usize), 0..6),
        pairs(),
        pairs(),
        any::<bool>(),
        0..4usize,
    )
        .prop_map(
            |(file, swaps, pads, full_width, blanks, crlf, encoding)| Noise {
                file,
                swaps,
                pads,
                full_width,
                blanks,
                crlf,
                encoding,
            },
        )
}

/// Applies noise to one (still plain UTF-8) file of a folder.
fn add_noise(memory: &mut Memory, noise: &Noise) {
    let (name, bytes) = &mut memory.files[noise.file];
    let text = String::from_utf8(bytes.clone()).expect("the bases are UTF-8");
    let mut rows: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    let data = rows.len() - 1;
    // scenario.csv's rows are keys, order-free too; every file's data rows may be reordered.
    if data > 1 {
        for (a, b) in &noise.swaps {
            rows.swap(1 + a % data, 1 + b % data);
        }
    }
    for (row, cell, kind) in &noise.pads {
        let row = &mut rows[1 + row % data];
        let len = row.len();
        let cell = &mut row[cell % len];
        if !cell.is_empty() {
            *cell = match kind {
                0 => format!(" {cell}"),
                1 => format!("{cell}\u{3000}"),
                2 => format!("\u{3000}{cell}\u{3000}"),
                _ => format!("\t{cell} "),
            };
        }
    }
    for (row, cell) in &noise.full_width {
        let row = &mut rows[1 + row % data];
        let len = row.len();
        let cell = &mut row[cell % len];
        let figure = !cell.is_empty() && cell.chars().all(|c| c.is_ascii_digit() || c == '.');
        if figure {
            *cell = cell
                .chars()
                .map(|c| match c {
                    '.' => '．',
                    d => char::from_u32(u32::from(d) - 0x30 + 0xFF10).unwrap(),
                })
                .collect();
        }
    }
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    for row in &rows {
        writer.write_record(row).unwrap();
    }
    let written = String::from_utf8(writer.into_inner().unwrap()).unwrap();
    let mut lines: Vec<String> = written.lines().map(str::to_string).collect();
    for (at, kind) in &noise.blanks {
        let blank = [",,,", "", " ", "\u{3000},"][kind % 4].to_string();
        let at = 1 + at % lines.len();
        lines.insert(at, blank);
    }
    let ending = if noise.crlf { "\r\n" } else { "\n" };
    let text = lines
        .iter()
        .map(|l| format!("{l}{ending}"))
        .collect::<String>();
    *bytes = match noise.encoding {
        0 => text.into_bytes(),
        1 => [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
        2 => encoding_rs::GBK.encode(&text).0.into_owned(),
        _ => {
            let mut utf16 = vec![0xFF, 0xFE];
            for unit in text.encode_utf16() {
                utf16.extend_from_slice(&unit.to_le_bytes());
            }
            utf16
        }
    };
    let _ = name;
}

/// What an audit found, without the lines it points at (noise moves rows).
fn findings_of(memory: &Memory) -> Vec<(String, String, String, String)> {
    let loaded = load::load_lenient(memory).unwrap();
    let scenario = validate_loaded(&loaded).unwrap_or_else(|p| panic!("{p}"));
    audit(&scenario)
        .iter()
        .map(|f| {
            (
                format!("{:?}", f.check),
                f.scope.clone(),
                format!("{:?} {:?} {:?}", f.expected, f.actual, f.difference),
                f.message.clone(),
            )
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn mutated_folders_give_a_result_or_located_problems(
        base in 0..3usize,
        mutations in prop::collection::vec(mutation(), 1..5),
    ) {
        let mut memory = bases()[base].clone();
        for mutation in &mutations {
            apply(&mut memory, mutation);
        }
        check(&memory);
    }

    #[test]
    fn arbitrary_bytes_in_any_file_give_a_result_or_located_problems(
        file in 0..FILES.len(),
        bytes in prop::collection::vec(any::<u8>(), 0..256),
        text in any::<String>(),
        as_text in any::<bool>(),
    ) {
        let mut memory = bases()[0].clone();
        memory.files[file].1 = if as_text { text.into_bytes() } else { bytes };
        check(&memory);
    }

    #[test]
    fn formatting_noise_changes_nothing(
        base in 0..3usize,
        noises in prop::collection::vec(noise(), 1..4),
    ) {
        let original = bases()[base].clone();
        let mut noisy = original.clone();
        let mut noised = std::collections::BTreeSet::new();
        for noise in noises.iter().filter(|n| noised.insert(n.file)) {
            add_noise(&mut noisy, noise);
        }
        prop_assert_eq!(findings_of(&noisy), findings_of(&original));
        check(&noisy);
    }

    #[test]
    fn any_text_parses_to_a_figure_or_a_reason(text in any::<String>()) {
        let _ = parse_decimal(&text);
    }

    #[test]
    fn figures_read_back_exactly_as_shown_with_or_without_separators(
        negative in any::<bool>(),
        integer in 0u64..1_000_000_000_000,
        scale in 0u32..=10,
        fraction in any::<u64>(),
    ) {
        let fraction = fraction % 10_u64.pow(scale);
        let magnitude = Decimal::from(integer) + Decimal::new(i64::try_from(fraction).unwrap(), scale);
        let value = if negative { -magnitude } else { magnitude };
        let shown = show(value);
        prop_assert_eq!(parse_decimal(&shown).unwrap(), value);
        let (sign, digits) = shown.strip_prefix('-').map_or(("", shown.as_str()), |d| ("-", d));
        let (integer, fraction) = digits.split_once('.').map_or((digits, None), |(i, f)| (i, Some(f)));
        let mut grouped = String::new();
        for (i, digit) in integer.chars().enumerate() {
            if i > 0 && (integer.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(digit);
        }
        let grouped = match fraction {
            Some(f) => format!("{sign}{grouped}.{f}"),
            None => format!("{sign}{grouped}"),
        };
        prop_assert_eq!(parse_decimal(&grouped).unwrap(), value);
    }

    #[test]
    fn hectares_restated_in_mu_and_back_are_unchanged(
        mantissa in 0i64..999_999_999_999_999,
        scale in 0u32..=10,
    ) {
        let ha = Decimal::new(mantissa, scale);
        let mu = restate(ha, Unit::Ha, Unit::Mu);
        prop_assert_eq!(mu, ha * Decimal::from(15));
        prop_assert_eq!(restate(mu, Unit::Mu, Unit::Ha), ha.normalize());
    }
}
