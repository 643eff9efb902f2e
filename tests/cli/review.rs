//! `landplan review`: the year-end review of Lianzhou 2025 with the illustrative register,
//! written as next year's folder, which must load, audit and solve.

use crate::common::landplan;
use crate::track::register;
use std::path::Path;

fn review(out: &Path) -> std::process::Output {
    landplan()
        .args(["review", "--supplied"])
        .arg(register())
        .arg("--out")
        .arg(out)
        .output()
        .unwrap()
}

fn read(folder: &Path, file: &str) -> String {
    let path = folder.join(file);
    if file.ends_with(".csv") {
        crate::common::read_csv(&path)
    } else {
        std::fs::read_to_string(path).unwrap()
    }
}

fn line_of<'a>(text: &'a str, start: &str) -> &'a str {
    text.lines()
        .find(|line| line.starts_with(start))
        .unwrap_or_else(|| panic!("no line starting {start:?} in\n{text}"))
}

#[test]
fn the_review_is_next_years_folder_and_it_audits_and_solves() {
    let dir = tempfile::tempdir().unwrap();
    let next = dir.path().join("lianzhou-2026");
    let output = review(&next);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("计划内未供应的 78.71303 公顷 转为下一年度需求"),
        "{stdout}"
    );

    let settings = read(&next, "scenario.csv");
    assert!(settings.contains("\nname,lianzhou-2026,\n"), "{settings}");
    assert!(settings.contains("\nyear,2026,\n"), "{settings}");
    assert!(
        settings.contains("\ncap,132.72823,carried over from 2025"),
        "{settings}"
    );
    assert_eq!(read(&next, "categories.csv").lines().count(), 8);
    // The tiers and their basis carry over.
    assert!(read(&next, "categories.csv").contains("\n住宅用地,3,,,,residential,,二 核心优先原则"));
    assert_eq!(read(&next, "towns.csv").lines().count(), 11);
    let rules = read(&next, "rules.csv");
    assert!(
        rules.starts_with("rule,categories,towns,bound,value,of,basis,derived\n经营性用地总量,住宅用地;商服用地,*,max,45.01474,,四（一）"),
        "{rules}"
    );
    assert!(
        rules.ends_with("（含保障性住房，偏宽）,yes\n"),
        "the rule stays derived: {rules}"
    );
    let cells = read(&next, "cells.csv");
    assert_eq!(
        line_of(&cells, "连州镇,住宅用地,"),
        "连州镇,住宅用地,,17.738274,,\"2025: planned 29.488274, supplied 11.75 (39.85%)\""
    );
    assert_eq!(
        line_of(&cells, "保安镇,交通运输用地,"),
        "保安镇,交通运输用地,,0,,\"2025: planned 2.1443, supplied 2.5 (116.59%), 0.3557 over the plan\""
    );
    assert_eq!(
        line_of(&cells, "龙坪镇,住宅用地,"),
        "龙坪镇,住宅用地,,0,,\"2025: planned 0, supplied 1.2, 1.2 over the plan, supplied outside the plan\""
    );
    assert_eq!(
        line_of(&cells, "东陂镇,工矿仓储用地,"),
        "东陂镇,工矿仓储用地,,0,,\"2025: planned 24.7569, supplied 24.7569 (100%)\""
    );
    let execution = read(&next, "execution.csv");
    assert!(execution.contains("\n连州镇,住宅用地,3,29.488274,11.75,17.738274,0,39.85,-60.15,2,\n"));
    let review_md = read(&next, "review.md");
    // The year-end review (年度总结) in Chinese, for Chinese data.
    assert!(
        review_md.starts_with("# 连州市2025年度土地供应计划年度总结\n"),
        "{review_md}"
    );
    assert!(review_md.contains("supplied.csv:8：地块 LZ2025-007"));

    let audit = landplan()
        .arg("audit")
        .arg(&next)
        .args(["--lang", "en"])
        .output()
        .unwrap();
    assert_eq!(
        audit.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&audit.stdout)
    );
    assert!(String::from_utf8_lossy(&audit.stdout).contains("no inconsistencies found"));
    let solve = landplan()
        .args(["solve", "--no-marginal", "--format", "json"])
        .arg(&next)
        .output()
        .unwrap();
    assert_eq!(solve.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&solve.stdout).unwrap();
    assert_eq!(
        json["supplied"], "78.71303",
        "the carried demand fits under the carried cap"
    );
}

#[test]
fn the_review_refuses_a_folder_that_is_not_empty_and_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let next = dir.path().join("next");
    std::fs::create_dir(&next).unwrap();
    std::fs::write(next.join("cells.csv"), "mine").unwrap();
    let output = review(&next);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("it exists and is not empty"));
    assert_eq!(
        std::fs::read_to_string(next.join("cells.csv")).unwrap(),
        "mine"
    );
    let entries: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(entries.len(), 1, "no temporary folder is left");
}

#[test]
fn the_review_fills_an_empty_folder() {
    let dir = tempfile::tempdir().unwrap();
    let output = review(dir.path());
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "categories.csv",
            "cells.csv",
            "execution.csv",
            "review.md",
            "rules.csv",
            "scenario.csv",
            "towns.csv"
        ]
    );
}
