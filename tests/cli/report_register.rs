//! The report in the bureau's register (issue #19): the plan's own name as title, no English
//! words in the Chinese report and no Chinese-only text in the English one, percentages, 合计
//! rows, the category's published figure in 各类用地合计, a 说明 section with every assumption,
//! and a stress test in which no draw solves said in words, not as a 0.

use crate::common::{folder, landplan, lianzhou};
use std::path::Path;

/// The Markdown report of `folder` (the built-in plan when `None`) with extra arguments.
fn report(folder: Option<&Path>, args: &[&str], code: i32) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.md");
    let mut command = landplan();
    command.arg("report");
    if let Some(folder) = folder {
        command.arg(folder);
    }
    command
        .args(args)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(code);
    std::fs::read_to_string(&out).unwrap()
}

/// Words the Chinese report must not carry (column names, labels and terms of the English
/// report and of the code).
const ENGLISH: &[&str] = &[
    "section",
    "base",
    "cap",
    "tier",
    "fill",
    "shortfall",
    "demand",
    "supplied",
    "allocated",
    "plan",
    "committed",
    "binding",
    "infeasible",
    "feasible",
    "what-if",
    "whatif",
    "stress",
    "sweep",
    "hash",
    "bytes",
    "extends",
    "scale",
    "add",
    "set",
    "probability",
    "share",
    "total",
    "town",
    "category",
    "limit",
    "seed",
    "delta",
    "cells",
    "Recommended",
    "none",
];

/// The Latin words of a text, a word being letters, digits and `-./:_` (so that a file's
/// path, `built-in:lianzhou-2025/cells.csv:4`, is one word and names no English word).
fn latin_words(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || "-./:_".contains(c)))
        .filter(|w| w.chars().any(|c| c.is_ascii_alphabetic()))
        .collect()
}

#[test]
fn the_chinese_report_has_no_english_words() {
    for args in [
        &["--stress", "40", "--seed", "3"][..],
        &["--whatif", "cap-cut-10"],
    ] {
        let text = report(None, args, 0);
        let found: Vec<&str> = latin_words(&text)
            .into_iter()
            .filter(|w| ENGLISH.iter().any(|e| e.eq_ignore_ascii_case(w)))
            .collect();
        assert!(
            found.is_empty(),
            "{args:?}: English in the Chinese report: {found:?}"
        );
    }
}

#[test]
fn the_english_report_has_no_chinese_beyond_the_plans_names() {
    let mut text = report(None, &["--lang", "en", "--stress", "40", "--seed", "3"], 0);
    let scenario = landplan::validate::validate(
        &landplan::load::load(&landplan::builtin::lianzhou()).unwrap(),
    )
    .scenario;
    let mut names: Vec<String> = scenario
        .towns
        .iter()
        .map(|t| t.name.clone())
        .chain(scenario.categories.iter().map(|c| c.name.clone()))
        .chain(scenario.rules.iter().map(|r| r.name.clone()))
        .chain(["连州市2025年度土地供应计划".to_string()])
        .collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.chars().count()));
    for name in &names {
        text = text.replace(name.as_str(), "");
    }
    let chinese: Vec<&str> = text
        .lines()
        .filter(|l| l.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)))
        .collect();
    assert!(chinese.is_empty(), "{chinese:#?}");
}

#[test]
fn the_chinese_report_reads_as_a_bureau_writes() {
    let text = report(None, &["--stress", "40", "--seed", "3"], 0);
    // The plan's own name, not the folder's.
    assert!(
        text.starts_with("# 连州市2025年度土地供应计划分析报告\n"),
        "{text}"
    );
    // The category's published figure, not the sum of its cells (31.09271).
    assert!(
        text.contains("| 住宅用地 | 31.14831 | 31.09271 | 31.09271 | -0.0556 | 0 | 23.44% |"),
        "{text}"
    );
    assert!(text.contains("| 合计 | 132.72823 | 132.67263 | 132.67263 | -0.0556 | 0 | 100% |"));
    // Percentages, bureau wording, numbered headings past ten.
    assert!(text
        .contains("| 第一优先级 | 工矿仓储用地、公用设施用地 | 77.28443 | 77.28443 | 0 | 100% |"));
    for wording in [
        "需求满足率",
        "供地缺口",
        "已落实项目用地",
        "各镇分类用地",
        "总量敏感性分析",
        "需求波动测试",
    ] {
        assert!(text.contains(wording), "{wording}");
    }
    for avoided in ["地块", "已承诺", "起约束作用", "弹性模型", "第1级", "把这"] {
        assert!(!text.contains(avoided), "{avoided} in:\n{text}");
    }
    // Every assumption, with its clause and where it is set; derived limits marked.
    let notes = text.split("、说明\n").nth(1).expect("a 说明 section");
    assert!(
        notes.contains("第一优先级：工矿仓储用地、公用设施用地。依据："),
        "{notes}"
    );
    // The tiers' clauses are the folder's own (categories.csv, column basis).
    assert!(notes.contains("商服用地：四（一）“从严从紧控制经营性房地产开发用地总量”：商服用地是经营性用地，最后安排"), "{notes}");
    assert!(
        notes.contains("计划未分列住宅用地中的保障性住房与商品住房"),
        "{notes}"
    );
    assert!(notes.contains("经营性用地总量：住宅用地、商服用地合计不超过 45.01474 公顷（推算/非公布，见 built-in:lianzhou-2025/rules.csv:2）"));
}

#[test]
fn a_what_if_report_keeps_the_base_beside_it() {
    let text = report(Some(&lianzhou()), &["--whatif", "cap-cut-10"], 0);
    for heading in [
        "、配置与公布计划对比：基准方案\n",
        "、配置与公布计划对比：cap-cut-10\n",
        "、建议（均经重算验证）：基准方案\n",
        "、建议（均经重算验证）：cap-cut-10\n",
        "、总量敏感性分析：基准方案\n",
        "、总量敏感性分析：cap-cut-10\n",
        "、方案对比\n",
    ] {
        assert!(text.contains(heading), "{heading} missing in:\n{text}");
    }
    assert!(text.contains("|  | 基准方案 | cap-cut-10 |"));
}

#[test]
fn a_stress_test_in_which_no_draw_solves_says_so() {
    // Committed land above the cap: every draw is infeasible.
    let folder = folder(
        "cap,5\n",
        "工矿仓储用地,1,,,\n住宅用地,2,,,\n",
        "甲镇,,\n乙镇,,\n",
        "甲镇,工矿仓储用地,4,4,4\n乙镇,住宅用地,3,3,3\n",
        "",
    );
    let text = report(Some(folder.path()), &["--stress", "20", "--seed", "1"], 1);
    assert!(
        text.contains("全部无可行方案（经复核确认）：无法计算全额供应概率和平均供地缺口"),
        "{text}"
    );
    assert!(!text.contains("平均供地缺口（"), "{text}");
    assert!(!text.contains("可解的 0 次"), "{text}");
}

/// The English words of `ENGLISH` in a text.
fn english_in(text: &str) -> Vec<&str> {
    latin_words(text)
        .into_iter()
        .filter(|w| ENGLISH.iter().any(|e| e.eq_ignore_ascii_case(w)))
        .collect()
}

#[test]
fn track_adjust_and_review_speak_chinese_for_chinese_data() {
    let track = crate::common::fixture("track");
    let (supplied, demand) = (track.join("supplied.csv"), track.join("demand.csv"));
    let (supplied, demand) = (supplied.to_str().unwrap(), demand.to_str().unwrap());
    let commands: &[&[&str]] = &[
        &["track", "--supplied", supplied],
        &["track", "--supplied", supplied, "--format", "md"],
        &["adjust", "--supplied", supplied, "--demand", demand],
        &[
            "adjust",
            "--supplied",
            supplied,
            "--demand",
            demand,
            "--format",
            "md",
        ],
    ];
    for args in commands {
        let output = landplan().args(*args).output().unwrap();
        let text = String::from_utf8(output.stdout).unwrap();
        assert!(
            english_in(&text).is_empty(),
            "{args:?}: {:?}\n{text}",
            english_in(&text)
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let next = dir.path().join("next");
    landplan()
        .args(["review", "--supplied", supplied, "--out"])
        .arg(&next)
        .assert()
        .success();
    let review = std::fs::read_to_string(next.join("review.md")).unwrap();
    assert!(english_in(&review).is_empty(), "{:?}", english_in(&review));
}
