//! Shared helpers for the integration tests.

#![allow(dead_code)]

use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// The `landplan` binary under test.
pub fn landplan() -> Command {
    Command::cargo_bin("landplan").expect("the landplan binary is built for integration tests")
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
/// any problem, since tests build valid scenarios.
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
            format!("category,tier,plan,min,max\n{categories}"),
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
            format!("rule,categories,towns,bound,value\n{rules}"),
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
