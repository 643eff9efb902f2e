//! `landplan generate`: deterministic folders that `audit` and `solve` load, written whole and
//! never into a folder that holds anything; the library function gives the same scenario.

use crate::common::landplan;
use landplan::generate::{generate, GenerateOptions};
use predicates::str::contains;

fn generated(towns: &str, categories: &str, seed: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    landplan()
        .args([
            "generate",
            "--towns",
            towns,
            "--categories",
            categories,
            "--seed",
            seed,
            "--lang",
            "en",
        ])
        .arg("--out")
        .arg(dir.path().join("scenario"))
        .assert()
        .success()
        .stdout(contains(format!("{towns} towns, {categories} categories")));
    dir
}

fn read(dir: &tempfile::TempDir, file: &str) -> String {
    std::fs::read_to_string(dir.path().join("scenario").join(file)).unwrap()
}

use landplan::load::{CATEGORIES_FILE, CELLS_FILE, RULES_FILE, SCENARIO_FILE, TOWNS_FILE};

const FILES: [&str; 5] = [
    SCENARIO_FILE,
    CATEGORIES_FILE,
    TOWNS_FILE,
    CELLS_FILE,
    RULES_FILE,
];

#[test]
fn the_same_seed_writes_the_same_bytes_and_another_seed_does_not() {
    let (a, b, c) = (
        generated("40", "7", "5"),
        generated("40", "7", "5"),
        generated("40", "7", "6"),
    );
    for file in FILES {
        assert_eq!(read(&a, file), read(&b, file), "{file}");
    }
    assert_ne!(read(&a, "cells.csv"), read(&c, "cells.csv"));
}

#[test]
fn a_generated_folder_audits_and_solves() {
    let dir = generated("60", "7", "2");
    let folder = dir.path().join("scenario");
    // The generated plan is a draft with demand above the cap: the audit has findings.
    landplan().arg("audit").arg(&folder).assert().code(1);
    landplan()
        .args([
            "solve",
            "--no-marginal",
            "--format",
            "json",
            "--solver",
            "microlp",
        ])
        .arg(&folder)
        .assert()
        .success()
        .stdout(contains("\"backend\": \"microlp\""))
        .stdout(contains("\"status\": \"optimal\""));
}

#[test]
fn the_library_scenario_equals_the_written_folder() {
    let dir = generated("80", "12", "9");
    let raw = landplan::load::load_folder(&dir.path().join("scenario")).unwrap();
    let from_disk = landplan::validate::validate(&raw);
    assert!(from_disk.problems.is_empty(), "{:?}", from_disk.problems);
    let from_disk = from_disk.scenario;
    let in_memory = generate(&GenerateOptions {
        towns: 80,
        categories: 12,
        seed: 9,
        ..Default::default()
    })
    .unwrap();
    let figures = |s: &landplan::Scenario| {
        s.cells
            .iter()
            .map(|c| (c.town, c.category, c.plan, c.demand, c.committed))
            .collect::<Vec<_>>()
    };
    assert_eq!(figures(&from_disk), figures(&in_memory));
    assert_eq!(from_disk.settings.cap, in_memory.settings.cap);
    let towns = |s: &landplan::Scenario| {
        s.towns
            .iter()
            .map(|t| (t.name.clone(), t.plan, t.capacity))
            .collect::<Vec<_>>()
    };
    assert_eq!(towns(&from_disk), towns(&in_memory));
    assert_eq!(from_disk.rules.len(), in_memory.rules.len());
    assert_eq!(from_disk.rules[0].value, in_memory.rules[0].value);
}

#[test]
fn a_folder_with_anything_in_it_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let mine = dir.path().join("notes.txt");
    std::fs::write(&mine, "mine").unwrap();
    landplan()
        .args(["generate", "--towns", "5", "--out"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(contains("not empty"));
    assert_eq!(std::fs::read_to_string(&mine).unwrap(), "mine");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    // An empty folder is fine.
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    landplan()
        .args(["generate", "--towns", "5", "--out"])
        .arg(&empty)
        .assert()
        .success();
    assert_eq!(std::fs::read_dir(&empty).unwrap().count(), FILES.len());
}

#[test]
fn impossible_sizes_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    landplan()
        .args(["generate", "--towns", "0", "--out"])
        .arg(dir.path().join("x"))
        .assert()
        .code(2)
        .stderr(contains("the number of towns must be between 1"));
    landplan()
        .args(["generate", "--towns", "3", "--categories", "0", "--out"])
        .arg(dir.path().join("x"))
        .assert()
        .code(2)
        .stderr(contains("the number of categories must be between 1"));
    assert!(!dir.path().join("x").exists());
}
