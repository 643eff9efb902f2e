//! Shared helpers for the integration tests.

#![allow(dead_code)]

use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// The `landplan` binary under test.
pub fn landplan() -> Command {
    let mut command =
        Command::cargo_bin("landplan").expect("the landplan binary is built for integration tests");
    // Terminal tables fit COLUMNS when it is set: outputs compared in tests do not depend on
    // the terminal the tests run in.
    command.env_remove("COLUMNS");
    command
}

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The shipped Lianzhou 2025 scenario folder.
pub fn lianzhou() -> PathBuf {
    root().join("scenarios/lianzhou-2025")
}

/// A copy of a scenario folder in a fresh temporary directory, to break one cell in.
pub fn copy_folder(from: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    for entry in std::fs::read_dir(from).expect("the scenario folder is readable") {
        let entry = entry.expect("a directory entry");
        if entry.path().is_file() {
            std::fs::copy(entry.path(), dir.path().join(entry.file_name()))
                .expect("copy a scenario file");
        }
    }
    dir
}

/// Replaces the first occurrence of `from` with `to` in a file, asserting it was there.
pub fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).expect("a UTF-8 fixture");
    assert!(
        text.contains(from),
        "{} does not contain {from:?}",
        path.display()
    );
    std::fs::write(path, text.replacen(from, to, 1)).expect("write the fixture");
}

/// A checked-in fixture folder under `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}

/// Runs `landplan` inside `dir`, so that the folder argument `.` makes every location in the
/// output (`./cells.csv:3`) the same whatever folder a twin lives in.
pub fn run_in(dir: &Path, args: &[&str]) -> std::process::Output {
    landplan()
        .current_dir(dir)
        .args(args)
        .output()
        .expect("the landplan binary runs")
}

/// Audits the folder `dir` and returns the problem lines of its error report, asserting the
/// run ended as bad input should: exit 2, nothing on stdout, no panic.
pub fn audit_problems(dir: &Path) -> Vec<String> {
    let output = run_in(dir, &["audit", "."]);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(2), "stderr: {stderr}");
    assert!(
        output.stdout.is_empty(),
        "stdout: {}",
        String::from_utf8_lossy(&output.stdout)
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    let mut lines = stderr.lines();
    let first = lines.next().unwrap_or_default();
    assert!(
        first.starts_with("error: ") && first.ends_with(" in the input:"),
        "unexpected first line: {first}"
    );
    let problems: Vec<String> = lines
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.trim().to_string())
        .collect();
    let count = if problems.len() == 1 {
        "1 problem".to_string()
    } else {
        format!("{} problems", problems.len())
    };
    assert_eq!(first, format!("error: {count} in the input:"));
    problems
}

/// Writes `text` over a file of a fixture copy.
pub fn write(dir: &Path, file: &str, text: &str) {
    std::fs::write(dir.join(file), text).expect("write the fixture");
}

/// The text of a file of a fixture copy.
pub fn read(dir: &Path, file: &str) -> String {
    std::fs::read_to_string(dir.join(file)).expect("a UTF-8 fixture")
}

/// Scenario files held in memory, for library-level tests.
pub struct Memory(pub Vec<(&'static str, String)>);

impl landplan::load::Source for Memory {
    fn label(&self) -> String {
        "memory".to_string()
    }

    fn display(&self, file: &str) -> String {
        format!("memory/{file}")
    }

    fn read(&self, file: &str) -> Result<Option<Vec<u8>>, landplan::load::LoadError> {
        Ok(self
            .0
            .iter()
            .find(|(name, _)| *name == file)
            .map(|(_, text)| text.as_bytes().to_vec()))
    }
}

/// A validated scenario from CSV texts (scenario, categories, towns, cells, rules); panics on
/// any problem, since tests build valid scenarios. A category row may give a sixth field, its
/// `parent`; a rule row a sixth, its `of`.
pub fn scenario(
    settings: &str,
    categories: &str,
    towns: &str,
    cells: &str,
    rules: &str,
) -> landplan::Scenario {
    let mut files = vec![
        ("scenario.csv", format!("key,value\n{settings}")),
        (
            "categories.csv",
            format!("category,tier,plan,min,max,parent\n{categories}"),
        ),
        ("towns.csv", format!("town,plan,capacity\n{towns}")),
        (
            "cells.csv",
            format!("town,category,plan,demand,committed\n{cells}"),
        ),
    ];
    if !rules.is_empty() {
        files.push((
            "rules.csv",
            format!("rule,categories,towns,bound,value,of\n{rules}"),
        ));
    }
    let raw = landplan::load::load(&Memory(files)).expect("test scenario loads");
    let validated = landplan::validate::validate(&raw);
    assert!(validated.problems.is_empty(), "{:?}", validated.problems);
    validated.scenario
}

/// Writes scenario CSV texts into a fresh temporary folder.
pub fn folder(
    settings: &str,
    categories: &str,
    towns: &str,
    cells: &str,
    rules: &str,
) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let write = |name: &str, text: String| {
        std::fs::write(dir.path().join(name), text).expect("write a scenario file")
    };
    write("scenario.csv", format!("key,value\n{settings}"));
    write(
        "categories.csv",
        format!("category,tier,plan,min,max\n{categories}"),
    );
    write("towns.csv", format!("town,plan,capacity\n{towns}"));
    write(
        "cells.csv",
        format!("town,category,plan,demand,committed\n{cells}"),
    );
    if !rules.is_empty() {
        write(
            "rules.csv",
            format!("rule,categories,towns,bound,value\n{rules}"),
        );
    }
    dir
}

/// A decimal from text.
pub fn dec(text: &str) -> rust_decimal::Decimal {
    text.parse().expect("a decimal literal")
}

/// A CSV file landplan wrote, for Excel: asserts it starts with the UTF-8 byte-order mark and
/// returns the text after it.
pub fn read_csv(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("a UTF-8 file");
    match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => panic!("{} has no byte-order mark", path.display()),
    }
}

/// A parcel what-if on the shipped Lianzhou parcels (illustrative): `slip` withdraws LZ01-071
/// (医疗卫生用地, tier 2, 0.4084 ha) and delays LZ01-011 (住宅用地, tier 3, 11.79531 ha, ready
/// Q3) by two quarters, out of the year.
pub const PARCEL_SLIP: &str = "scenario,target,field,op,value,note\n\
     slip,parcel:LZ01-071,withdraw,set,yes,the hospital project is withdrawn\n\
     slip,parcel:LZ01-011,ready,add,2,resettlement slips past the year\n";

/// A copy of the Lianzhou folder with `PARCEL_SLIP` written as `file` (`whatif.csv` puts it
/// in place of the shipped what-ifs, for operands such as `FOLDER#slip`).
pub fn parcel_slip_folder(file: &str) -> tempfile::TempDir {
    let dir = copy_folder(&lianzhou());
    write(dir.path(), file, PARCEL_SLIP);
    dir
}

/// Each tier's supplied total of a solve outcome, normalized (`1.50` reads `1.5`), `None`
/// when infeasible.
pub fn tier_totals(
    outcome: &landplan::solve::Outcome,
) -> Option<Vec<(u32, rust_decimal::Decimal)>> {
    match outcome {
        landplan::solve::Outcome::Optimal(allocated) => Some(
            allocated
                .tier_supply()
                .into_iter()
                .map(|(tier, supplied)| (tier, supplied.normalize()))
                .collect(),
        ),
        landplan::solve::Outcome::Infeasible => None,
    }
}
