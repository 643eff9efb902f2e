//! A scenario as one workbook (`load::Workbook`): read as strictly as a folder, its problems
//! pointed at cells (`book.xlsx:cells!D4`), solved to the folder's figures; and what
//! landplan writes as a workbook (`review --format xlsx`) read back as a scenario.

use crate::common::{landplan, lianzhou, root};
use landplan::report::xlsx;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The CSV files of a scenario folder, by name.
fn files_of(folder: &Path) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(folder)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "csv"))
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&path).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// A scenario folder's files written as one workbook, a sheet per file.
fn workbook(dir: &Path, files: &[(String, String)]) -> PathBuf {
    let path = dir.join("book.xlsx");
    std::fs::write(&path, xlsx::scenario_files(files, 6).unwrap()).unwrap();
    path
}

/// The output of a command that must finish: exit 0, or 1 when a check failed (a run with
/// an infeasible what-if).
pub fn finished(command: &mut assert_cmd::Command) -> std::process::Output {
    let output = command.output().unwrap();
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// `landplan COMMAND SCENARIO REST... --format json`, which must finish, with its exit code.
fn json_with_code(command: &str, scenario: &Path, rest: &[&str]) -> (Value, Option<i32>) {
    let output = finished(
        landplan()
            .arg(command)
            .arg(scenario)
            .args(rest)
            .args(["--format", "json"]),
    );
    let value = serde_json::from_slice(&output.stdout).unwrap();
    (value, output.status.code())
}

/// As `json_with_code`, for a command that must succeed.
fn json(command: &str, scenario: &Path, rest: &[&str]) -> Value {
    let (value, code) = json_with_code(command, scenario, rest);
    assert_eq!(code, Some(0), "{command} {}", scenario.display());
    value
}

/// The figures of an output, without what names its source (names, labels, lineage).
fn figures(mut value: Value) -> Value {
    match &mut value {
        Value::Object(object) => {
            for key in [
                "scenario", "label", "inputs", "lineage", "path", "file", "hash",
            ] {
                object.remove(key);
            }
            for field in object.values_mut() {
                *field = figures(field.take());
            }
        }
        Value::Array(items) => {
            for item in items.iter_mut() {
                *item = figures(item.take());
            }
        }
        _ => {}
    }
    value
}

#[test]
fn the_lianzhou_workbook_solves_to_the_folders_figures() {
    let dir = tempfile::tempdir().unwrap();
    let book = workbook(dir.path(), &files_of(&lianzhou()));
    let folder = lianzhou();
    for (command, rest) in [
        ("solve", &[][..]),
        ("solve", &["--whatif", "cap-cut-10"][..]),
        ("run", &[][..]),
        ("parcels", &[][..]),
    ] {
        let (from_book, code) = json_with_code(command, &book, rest);
        let (from_folder, folder_code) = json_with_code(command, &folder, rest);
        assert_eq!(code, folder_code, "{command} {rest:?}");
        assert_eq!(
            figures(from_book),
            figures(from_folder),
            "{command} {rest:?}"
        );
    }
}

#[test]
fn a_workbook_with_errors_points_at_every_cell_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = files_of(&lianzhou());
    let cells = files
        .iter_mut()
        .find(|(name, _)| name == "cells.csv")
        .unwrap();
    let mut lines: Vec<String> = cells.1.lines().map(str::to_string).collect();
    // Row 3: a demand written with a comma; row 5: an unknown town; row 7: a negative plan
    // (and so a negative demand, which is the plan when empty).
    let break_field = |line: &mut String, index: usize, value: &str| {
        let mut fields: Vec<String> = line.split(',').map(str::to_string).collect();
        fields[index] = value.to_string();
        *line = fields.join(",");
    };
    break_field(&mut lines[2], 3, "\"12,5\"");
    break_field(&mut lines[4], 0, "无此镇");
    break_field(&mut lines[6], 2, "-3");
    cells.1 = lines.join("\n") + "\n";
    let book = workbook(dir.path(), &files);
    let output = landplan().arg("audit").arg(&book).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let shown = format!("{}:cells", book.display());
    for cell in ["D3", "A5", "C7", "D7"] {
        assert!(
            stderr.contains(&format!("{shown}!{cell}: column")),
            "{cell}: {stderr}"
        );
    }
    assert!(stderr.contains("4 problems in the input"), "{stderr}");
    let c7 = stderr.find("cells!C7").unwrap();
    assert!(
        c7 < stderr.find("cells!D7").unwrap(),
        "in column order: {stderr}"
    );
}

#[test]
fn a_number_typed_in_excel_reads_as_the_decimal_it_shows() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = files_of(&lianzhou());
    files.retain(|(name, _)| name != "cells.csv");
    let mut book = rust_xlsxwriter::Workbook::new();
    for (name, csv) in &files {
        let sheet = book.add_worksheet();
        sheet.set_name(name.trim_end_matches(".csv")).unwrap();
        for (r, line) in csv.trim_start_matches('\u{feff}').lines().enumerate() {
            for (c, field) in line.split(',').enumerate() {
                sheet.write_string(r as u32, c as u16, field).unwrap();
            }
        }
    }
    // cells.csv with every figure a double: 0.1 is not exactly representable.
    let cells = book.add_worksheet();
    cells.set_name("cells").unwrap();
    let csv = std::fs::read_to_string(lianzhou().join("cells.csv")).unwrap();
    for (r, line) in csv.trim_start_matches('\u{feff}').lines().enumerate() {
        for (c, field) in line.split(',').enumerate() {
            match field.parse::<f64>() {
                Ok(number) if r > 0 => cells.write_number(r as u32, c as u16, number),
                _ => cells.write_string(r as u32, c as u16, field),
            }
            .unwrap();
        }
    }
    cells.write_number(1, 3, 0.1).unwrap();
    let path = dir.path().join("typed.xlsx");
    book.save(&path).unwrap();
    let solved = json("solve", &path, &[]);
    let housing = solved["cells"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["town"] == "连州镇" && c["category"] == "住宅用地")
        .unwrap();
    assert_eq!(housing["demand"], "0.1");
    assert_eq!(housing["plan"], "29.488274");
    assert_eq!(housing["allocated"], "0.1");
}

#[test]
fn the_reviews_workbook_reads_back_as_a_scenario_that_audits_clean() {
    let dir = tempfile::tempdir().unwrap();
    let next = dir.path().join("next.xlsx");
    let supplied = root().join("tests/fixtures/track/supplied.csv");
    landplan()
        .arg("review")
        .arg(lianzhou())
        .arg("--supplied")
        .arg(&supplied)
        .args(["--format", "xlsx", "--out"])
        .arg(&next)
        .assert()
        .success();
    let audit = landplan().arg("audit").arg(&next).output().unwrap();
    assert_eq!(
        audit.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&audit.stdout),
        String::from_utf8_lossy(&audit.stderr)
    );
    // The same scenario as the review's folder: the same solve.
    let folder = dir.path().join("next");
    landplan()
        .arg("review")
        .arg(lianzhou())
        .arg("--supplied")
        .arg(&supplied)
        .arg("--out")
        .arg(&folder)
        .assert()
        .success();
    assert_eq!(
        figures(json("solve", &next, &[])),
        figures(json("solve", &folder, &[]))
    );
}

#[test]
fn a_workbook_is_an_input_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let book = workbook(dir.path(), &files_of(&lianzhou()));
    let before = std::fs::read(&book).unwrap();
    landplan()
        .arg("solve")
        .arg(&book)
        .arg("--out")
        .arg(&book)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("input"));
    assert_eq!(std::fs::read(&book).unwrap(), before);
}

#[test]
fn the_solve_workbook_reads_back_as_the_scenario_it_was_solved_from() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.xlsx");
    landplan()
        .arg("solve")
        .arg(lianzhou())
        .arg("--out")
        .arg(&plan)
        .assert()
        .success();
    for (command, rest) in [
        ("solve", &[][..]),
        ("solve", &["--whatif", "cap-cut-10"][..]),
        ("parcels", &[][..]),
    ] {
        let (from_book, code) = json_with_code(command, &plan, rest);
        let (from_folder, folder_code) = json_with_code(command, &lianzhou(), rest);
        assert_eq!(code, folder_code, "{command} {rest:?}");
        assert_eq!(
            figures(from_book),
            figures(from_folder),
            "{command} {rest:?}"
        );
    }
    // Solved again from its own workbook: the same sheets, not the tables twice.
    let again = dir.path().join("again.xlsx");
    landplan()
        .arg("solve")
        .arg(&plan)
        .arg("--out")
        .arg(&again)
        .assert()
        .success();
    let names = |path: &Path| {
        use calamine::Reader;
        let bytes = std::fs::read(path).unwrap();
        calamine::Xlsx::new(std::io::Cursor::new(bytes))
            .unwrap()
            .sheet_names()
    };
    assert_eq!(names(&again), names(&plan));
}

#[test]
fn a_missing_sheet_is_named_as_the_file_it_stands_for() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = files_of(&lianzhou());
    files.retain(|(name, _)| name != "towns.csv");
    let book = workbook(dir.path(), &files);
    let output = landplan().arg("audit").arg(&book).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let missing = format!("{}:towns: the file is missing", book.display());
    assert!(stderr.contains(&missing), "{stderr}");
}
