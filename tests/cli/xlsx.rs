//! The workbook (`report::xlsx`) read back with calamine: every figure equals the JSON's, the
//! sheets are a plan's appendix tables with 合计 rows and units in their headers.

use crate::common::landplan;
use calamine::{Data, Range, Reader, Xlsx};
use landplan::app::report::solve_runs;
use landplan::app::ScenarioSource;
use landplan::report::page::Lang;
use landplan::report::xlsx;
use landplan::solve::SolveOptions;
use rust_decimal::Decimal;
use serde_json::Value;
use std::io::Cursor;

/// The base and cap-cut-10 of the built-in plan, solved as `run` and `report` solve them.
fn solved() -> Vec<landplan::whatif::summary::Solved> {
    let whatifs = ["cap-cut-10".to_string()];
    let (_, runs) =
        solve_runs(&ScenarioSource::Builtin, &whatifs, &SolveOptions::default()).unwrap();
    runs.into_iter().map(|r| r.solved).collect()
}

fn sheets(bytes: Vec<u8>) -> Xlsx<Cursor<Vec<u8>>> {
    Xlsx::new(Cursor::new(bytes)).unwrap()
}

fn sheet(book: &mut Xlsx<Cursor<Vec<u8>>>, name: &str) -> Range<Data> {
    book.worksheet_range(name).unwrap()
}

/// A cell read back, rounded to the input's 6 decimals (an xlsx cell holds a double).
pub(crate) fn figure(cell: &Data) -> Decimal {
    match cell {
        Data::Float(f) => Decimal::try_from(*f).unwrap().round_dp(6).normalize(),
        Data::Int(i) => Decimal::from(*i),
        other => panic!("not a number: {other:?}"),
    }
}

pub(crate) fn text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => panic!("not text: {other:?}"),
    }
}

pub(crate) fn json_figure(value: &Value) -> Decimal {
    value
        .as_str()
        .unwrap()
        .parse::<Decimal>()
        .unwrap()
        .normalize()
}

/// Rows below the header (row 3, after the title and a blank row).
pub(crate) fn body(range: &Range<Data>) -> Vec<Vec<Data>> {
    range.rows().skip(3).map(|r| r.to_vec()).collect()
}

fn header(range: &Range<Data>) -> Vec<String> {
    range.rows().nth(2).unwrap().iter().map(text).collect()
}

#[test]
fn the_solve_workbook_reads_back_as_the_json_figures() {
    let solved = solved();
    let cut = &solved[1];
    let bytes = xlsx::solve(&cut.scenario, &cut.report, Lang::Zh).unwrap();
    let mut book = sheets(bytes);
    assert_eq!(book.sheet_names(), ["总量", "结构", "布局", "各镇分类用地"]);
    let output = landplan()
        .args(["solve", "--whatif", "cap-cut-10", "--format", "json"])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();

    // 各镇分类用地: every cell's published figure, demand and allocation, then 合计.
    let cells = sheet(&mut book, "各镇分类用地");
    assert_eq!(
        header(&cells),
        [
            "镇",
            "用地类型",
            "公布计划（公顷）",
            "需求（公顷）",
            "已落实项目用地（公顷）",
            "本方案（公顷）",
            "差额（公顷）"
        ]
    );
    let rows = body(&cells);
    let expected = json["cells"].as_array().unwrap();
    assert_eq!(rows.len(), expected.len() + 1);
    for (row, cell) in rows.iter().zip(expected) {
        assert_eq!(text(&row[0]), cell["town"].as_str().unwrap());
        assert_eq!(text(&row[1]), cell["category"].as_str().unwrap());
        assert_eq!(figure(&row[2]), json_figure(&cell["plan"]));
        assert_eq!(figure(&row[3]), json_figure(&cell["demand"]));
        assert_eq!(figure(&row[5]), json_figure(&cell["allocated"]));
        assert_eq!(figure(&row[6]), json_figure(&cell["delta"]));
    }
    let total = rows.last().unwrap();
    assert_eq!(text(&total[0]), "合计");
    assert_eq!(figure(&total[5]), json_figure(&json["supplied"]));

    // 结构: the category's published figure (31.14831 for 住宅用地) and its allocation.
    let structure = body(&sheet(&mut book, "结构"));
    for (row, category) in structure.iter().zip(json["categories"].as_array().unwrap()) {
        assert_eq!(text(&row[0]), category["name"].as_str().unwrap());
        assert_eq!(figure(&row[4]), json_figure(&category["supplied"]));
    }
    let housing = structure
        .iter()
        .find(|r| text(&r[0]) == "住宅用地")
        .unwrap();
    assert_eq!(figure(&housing[2]), "31.14831".parse().unwrap());
    let total = structure.last().unwrap();
    assert_eq!(
        (text(&total[0]), figure(&total[2])),
        ("合计".to_string(), "132.72823".parse().unwrap())
    );

    // 布局: one row per town, one column per category, the town's total as the JSON's.
    let layout = sheet(&mut book, "布局");
    let columns = header(&layout);
    assert_eq!(columns[1], "工矿仓储用地（公顷）");
    assert_eq!(columns[columns.len() - 2], "本方案合计（公顷）");
    let rows = body(&layout);
    for (row, town) in rows.iter().zip(json["towns"].as_array().unwrap()) {
        assert_eq!(text(&row[0]), town["name"].as_str().unwrap());
        assert_eq!(
            figure(&row[columns.len() - 2]),
            json_figure(&town["supplied"])
        );
    }
    assert_eq!(
        figure(&rows.last().unwrap()[columns.len() - 2]),
        json_figure(&json["supplied"])
    );

    // 总量: the cap.
    let total = body(&sheet(&mut book, "总量"));
    assert_eq!(figure(&total[0][1]), json_figure(&json["cap"]));
}

#[test]
fn the_run_workbook_sets_the_scenarios_side_by_side() {
    let solved = solved();
    let mut book = sheets(xlsx::run(&solved, Lang::En).unwrap());
    assert_eq!(
        book.sheet_names(),
        [
            "Scenarios",
            "Total",
            "By category",
            "By town",
            "Town x category"
        ]
    );
    let output = landplan()
        .args(["run", "--format", "json"])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let runs = json.as_array().unwrap();
    let rows = body(&sheet(&mut book, "Scenarios"));
    let cut = runs.iter().find(|r| r["scenario"] == "cap-cut-10").unwrap();
    let row = rows.iter().find(|r| text(&r[0]) == "cap-cut-10").unwrap();
    assert_eq!(figure(&row[2]), json_figure(&cut["supplied"]));
    assert_eq!(text(&rows[0][0]), "base");
}

#[test]
fn solve_writes_the_workbook_for_an_xlsx_out_and_refuses_a_contradiction() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("方案.xlsx");
    landplan()
        .args(["solve", "--whatif", "cap-cut-10", "--out"])
        .arg(&out)
        .assert()
        .success();
    let mut book = sheets(std::fs::read(&out).unwrap());
    assert_eq!(
        book.sheet_names(),
        [
            "总量",
            "结构",
            "布局",
            "各镇分类用地",
            "地块清单",
            "时序（按用途）",
            "时序（按乡镇）",
            "scenario",
            "categories",
            "towns",
            "cells",
            "rules",
            "whatif",
            "parcels"
        ]
    );
    let structure = body(&sheet(&mut book, "结构"));
    let housing = structure
        .iter()
        .find(|r| text(&r[0]) == "住宅用地")
        .unwrap();
    assert_eq!(figure(&housing[2]), "31.14831".parse().unwrap());
    let piped = landplan()
        .args(["solve", "--whatif", "cap-cut-10", "--format", "xlsx"])
        .output()
        .unwrap();
    assert!(
        piped.stdout.starts_with(b"PK"),
        "a workbook on standard output"
    );
    landplan()
        .args(["solve", "--format", "xlsx", "--out"])
        .arg(dir.path().join("a.csv"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("contradicts"));
}

/// A workbook written by the binary, read back.
fn written(args: &[&str]) -> Xlsx<Cursor<Vec<u8>>> {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.xlsx");
    crate::xlsx_scenario::finished(landplan().args(args).arg("--out").arg(&out));
    sheets(std::fs::read(&out).unwrap())
}

fn json_of(args: &[&str]) -> Value {
    let output = landplan()
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn the_report_workbook_holds_the_base_and_the_whatifs_as_the_json() {
    let mut book = written(&["report", "--whatif", "cap-cut-10"]);
    assert_eq!(
        book.sheet_names()[..5],
        ["方案对比", "总量", "结构", "布局", "各镇分类用地"]
    );
    let cut = json_of(&["solve", "--whatif", "cap-cut-10"]);
    let rows = body(&sheet(&mut book, "方案对比"));
    assert_eq!(text(&rows[0][0]), "基准方案");
    let row = rows.iter().find(|r| text(&r[0]) == "cap-cut-10").unwrap();
    assert_eq!(figure(&row[1]), json_figure(&cut["cap"]));
    assert_eq!(figure(&row[2]), json_figure(&cut["supplied"]));
    let base = json_of(&["solve"]);
    let cells = body(&sheet(&mut book, "各镇分类用地"));
    for (row, cell) in cells.iter().zip(base["cells"].as_array().unwrap()) {
        assert_eq!(text(&row[0]), cell["town"].as_str().unwrap());
        assert_eq!(figure(&row[5]), json_figure(&cell["allocated"]));
    }
    let mut english = written(&["report", "--lang", "en"]);
    assert_eq!(
        english.sheet_names()[..8],
        [
            "Scenarios",
            "Total",
            "By category",
            "By town",
            "Town x category",
            "Parcel list",
            "Timing by category",
            "Timing by town"
        ]
    );
    assert_eq!(
        header(&sheet(&mut english, "Town x category"))[2],
        "plan (ha)"
    );
}

#[test]
fn the_run_workbook_from_the_binary_equals_the_json() {
    let mut book = written(&["run"]);
    let runs = json_of(&["run"]);
    let rows = body(&sheet(&mut book, "方案对比"));
    assert_eq!(rows.len(), runs.as_array().unwrap().len());
    for (row, run) in rows.iter().zip(runs.as_array().unwrap()).skip(1) {
        assert_eq!(text(&row[0]), run["scenario"].as_str().unwrap());
        match run["supplied"].as_str() {
            Some(_) => assert_eq!(figure(&row[2]), json_figure(&run["supplied"])),
            None => assert_eq!(row[2], Data::Empty),
        }
    }
}

#[test]
fn the_compare_workbook_has_a_sheet_per_level_as_the_json() {
    let mut book = written(&["compare", "plan:", "#cap-cut-10"]);
    assert_eq!(
        book.sheet_names(),
        ["总量", "层级", "结构", "布局", "各镇分类用地"]
    );
    let json = json_of(&["compare", "plan:", "#cap-cut-10"]);
    for (sheet_name, level) in [
        ("结构", "categories"),
        ("布局", "towns"),
        ("各镇分类用地", "cells"),
    ] {
        let range = sheet(&mut book, sheet_name);
        assert_eq!(header(&range)[3], "差额（公顷）");
        let rows = body(&range);
        let expected = json[level].as_array().unwrap();
        assert_eq!(rows.len(), expected.len() + 1, "{level}: a 合计 row");
        for (row, delta) in rows.iter().zip(expected) {
            assert_eq!(text(&row[0]), delta["name"].as_str().unwrap());
            assert_eq!(figure(&row[1]), json_figure(&delta["a"]));
            assert_eq!(figure(&row[2]), json_figure(&delta["b"]));
            assert_eq!(figure(&row[3]), json_figure(&delta["delta"]));
        }
        let total = rows.last().unwrap();
        assert_eq!(text(&total[0]), "合计");
        assert_eq!(figure(&total[3]), json_figure(&json["total"]["delta"]));
    }
}

#[test]
fn the_review_workbook_is_next_years_files_with_figures_as_numbers() {
    let supplied = crate::common::root().join("tests/fixtures/track/supplied.csv");
    let supplied = supplied.to_str().unwrap();
    let mut book = written(&["review", "--supplied", supplied]);
    let names = book.sheet_names();
    for name in ["scenario", "categories", "towns", "cells", "review"] {
        assert!(names.iter().any(|n| n == name), "{name} in {names:?}");
    }
    let cells = sheet(&mut book, "cells");
    assert_eq!(cells.start(), Some((0, 0)), "the header is the first row");
    let first = cells.rows().nth(1).unwrap();
    assert_eq!(first[2], Data::Empty, "next year's plan is not written yet");
    assert_eq!(first[3], Data::Float(0.700006), "the demand is a number");
    assert!(matches!(first[5], Data::String(_)), "the note is text");
}
