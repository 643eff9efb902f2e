//! `--lang zh|en` on every command (issue #19): with `--lang zh` no command's table or
//! Markdown output on Lianzhou has a word of the fixed English list below; with `--lang en`
//! every one of them speaks English. Data is data: what-if names, file paths and the notes a
//! planner wrote in whatif.csv are taken out before looking. The notes `extract` makes on the
//! text it could not read or did not take are worded in the language too.

use crate::common::{fixture, landplan, lianzhou, root};
use std::path::Path;

/// Words a Chinese output must not have (whole words, any case).
const ENGLISH: &[&str] = &[
    "tier",
    "cap",
    "supplied",
    "demand",
    "optimal",
    "binding",
    "town",
    "category",
    "limit",
    "fill",
    "shortfall",
    "total",
    "infeasible",
    "committed",
    "scenario",
    "base",
    "samples",
    "none",
    "wrote",
];

/// Names and notes that come from the data, not from landplan.
fn without_data(text: &str) -> String {
    let names = regex::Regex::new(
        r"cap-cut-10|affordable-shortfall|industrial-surge|mid-year-restructure|utility-project|parks-over-reserve|lianzhou-20\d\d|\S*\.(csv|json|md|txt)\S*|\(示例 ILLUSTRATION.*",
    )
    .unwrap();
    names.replace_all(text, " ").into_owned()
}

fn english_words(text: &str) -> Vec<String> {
    let word = regex::Regex::new(r"[A-Za-z]+").unwrap();
    word.find_iter(&without_data(text))
        .map(|m| m.as_str().to_ascii_lowercase())
        .filter(|w| ENGLISH.contains(&w.as_str()))
        .collect()
}

fn output(dir: &Path, args: &[String]) -> String {
    let output = landplan().current_dir(dir).args(args).output().unwrap();
    assert!(
        output.status.code().is_some_and(|c| c < 2),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// Every command on Lianzhou, as arguments run in `dir` (a scratch folder for outputs).
fn commands(dir: &Path) -> Vec<Vec<String>> {
    let track = fixture("track");
    let plan = lianzhou();
    let (plan, scratch) = (plan.to_str().unwrap(), dir.to_str().unwrap());
    let supplied = track.join("supplied.csv");
    let demand = track.join("demand.csv");
    let (supplied, demand) = (supplied.to_str().unwrap(), demand.to_str().unwrap());
    let shard = format!("{scratch}/shard.json");
    let notice = root().join("tests/fixtures/extract/mu.txt");
    let v2 = root().join("scenarios/lianzhou-v2-illustrative");
    let v2_supplied = fixture("v2-track").join("supplied.csv");
    let (v2, v2_supplied) = (v2.to_str().unwrap(), v2_supplied.to_str().unwrap());
    let with = |args: &[&str]| args.iter().map(|a| a.to_string()).collect::<Vec<_>>();
    vec![
        with(&["audit", plan]),
        with(&["solve", plan]),
        with(&["solve", plan, "--whatif", "cap-cut-10"]),
        with(&["solve", plan, "--whatif", "parks-over-reserve"]),
        with(&["run", plan]),
        with(&[
            "compare",
            &format!("plan:{plan}"),
            &format!("{plan}#cap-cut-10"),
        ]),
        with(&["check", &format!("{plan}#cap-cut-10"), "--against", plan]),
        with(&["stress", plan, "--samples", "20", "--seed", "1"]),
        with(&["merge", plan, &shard]),
        with(&[
            "sweep", plan, "--param", "cap", "--from", "100", "--to", "140",
        ]),
        with(&["parcels", plan]),
        with(&["track", plan, "--supplied", supplied]),
        with(&["adjust", plan, "--supplied", supplied, "--demand", demand]),
        with(&["review", plan, "--supplied", supplied, "--out", "next"]),
        with(&["generate", "--towns", "3", "--out", "generated"]),
        with(&["extract", notice.to_str().unwrap(), "--out", "extracted"]),
        // The v2 folder: sub-items, methods, stock land and the quota.
        with(&["audit", v2]),
        with(&["solve", v2]),
        with(&["run", v2]),
        with(&["check", &format!("plan:{v2}"), "--against", v2]),
        with(&["track", v2, "--supplied", v2_supplied]),
    ]
}

/// Runs every command in `lang` and `format` in a fresh folder; the texts, by command.
fn every_output(lang: &str, format: &str) -> Vec<(Vec<String>, String)> {
    let dir = tempfile::tempdir().unwrap();
    let shard = ["stress", "--samples", "20", "--seed", "1", "--shard", "1/1"];
    let mut shard: Vec<String> = shard.iter().map(|a| a.to_string()).collect();
    shard.extend([
        lianzhou().display().to_string(),
        "--out".into(),
        "shard.json".into(),
    ]);
    output(dir.path(), &shard);
    commands(dir.path())
        .into_iter()
        .map(|mut args| {
            let folder = args
                .iter()
                .position(|a| a == "--out")
                .map(|i| args[i + 1].clone());
            if let Some(folder) = &folder {
                let _ = std::fs::remove_dir_all(dir.path().join(folder));
            }
            args.extend([
                "--lang".into(),
                lang.into(),
                "--format".into(),
                format.into(),
            ]);
            let text = output(dir.path(), &args);
            (args, text)
        })
        .collect()
}

#[test]
fn no_command_prints_english_words_in_chinese() {
    for format in ["table", "md"] {
        for (args, text) in every_output("zh", format) {
            let found = english_words(&text);
            assert!(found.is_empty(), "{args:?}: {found:?} in\n{text}");
            assert!(text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)));
        }
    }
}

#[test]
fn every_command_speaks_english_on_request() {
    for format in ["table", "md"] {
        for (args, text) in every_output("en", format) {
            assert!(!english_words(&text).is_empty(), "{args:?}:\n{text}");
        }
    }
}

#[test]
fn chinese_data_gets_chinese_without_asking() {
    let solve = output(&lianzhou(), &["solve".into(), ".".into()]);
    assert!(
        solve.starts_with("连州市2025年度土地供应计划：已求得最优方案"),
        "{solve}"
    );
    assert!(solve.contains("需求满足率"), "{solve}");
    assert!(solve.contains("100%"), "{solve}");
}

#[test]
fn a_stress_run_where_no_sample_solves_shows_no_figures_of_nothing() {
    let args = [
        "stress",
        ".",
        "--whatif",
        "parks-over-reserve",
        "--samples",
        "3",
        "--seed",
        "1",
    ];
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    let zh = output(&lianzhou(), &args);
    assert!(
        zh.contains("全部 3 次抽样均无可行方案（经复核确认）"),
        "{zh}"
    );
    assert!(zh.contains("无法统计全额供应概率和供地缺口"), "{zh}");
    assert!(!zh.contains("0 次"), "{zh}");
    assert!(!zh.contains('│'), "no table of zeros:\n{zh}");
    let en = output(
        &lianzhou(),
        &[args, vec!["--lang".into(), "en".into()]].concat(),
    );
    assert!(
        en.contains("every one of the 3 samples is infeasible (confirmed)"),
        "{en}"
    );
    assert!(!en.contains("cover the 0 that solved"), "{en}");
}

/// The note lines of `extract` on a text with notes of every kind, in `lang`.
fn extract_notes(lang: &str) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let mut notes = Vec::new();
    for text in ["notice.txt", "missing-figure.txt", "mu.txt"] {
        let plan = fixture("extract").join(text);
        let args = [
            "extract".to_string(),
            plan.display().to_string(),
            "--out".into(),
            text.replace(".txt", ""),
            "--lang".into(),
            lang.into(),
        ];
        let out = output(dir.path(), &args);
        let located = |line: &&str| {
            line.contains(&format!("{text} 第")) || line.contains(&format!("{text}:"))
        };
        notes.extend(out.lines().filter(located).map(str::to_string));
    }
    notes
}

#[test]
fn extract_words_its_notes_in_the_language() {
    let zh = extract_notes("zh");
    assert_eq!(zh.len(), 12, "every note of the three texts: {zh:#?}");
    let letters = regex::Regex::new(r"[A-Za-z]{3,}").unwrap();
    for note in &zh {
        assert!(english_words(note).is_empty(), "{note}");
        let bare = without_data(note);
        let english: Vec<&str> = letters.find_iter(&bare).map(|m| m.as_str()).collect();
        assert!(english.is_empty(), "{english:?} in {note}");
    }
    assert!(
        zh.iter()
            .any(|n| n.contains("第8行第1字：未能读取：此处缺少数字，未读取")),
        "{zh:#?}"
    );
    assert!(
        zh.iter()
            .any(|n| n.contains("未采用：系增减变化数，不是计划供应面积")),
        "{zh:#?}"
    );
    let en = extract_notes("en");
    assert_eq!(en.len(), zh.len(), "{en:#?}");
    assert!(
        en.iter()
            .any(|n| n.contains(":8:1: unread: a figure is missing here")),
        "{en:#?}"
    );
}
