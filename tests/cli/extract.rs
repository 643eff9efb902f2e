//! `landplan extract` on the Lianzhou 2025 plan's text and on hand-written plans, notices
//! and a .docx.

use crate::common::{landplan, lianzhou, read_csv, root};
use landplan::scenario::{CapKind, Scenario, Unit};
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::str::FromStr;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/extract").join(name)
}

/// The Lianzhou 2025 plan as published: the text in `<repo>/../shared/seed/` (or
/// `<repo>/../../shared/seed/` for a worktree one folder down) whose title is
/// 连州市2025年度土地供应计划; absent outside the project's workspace.
fn seed() -> Option<PathBuf> {
    let folder = ["../shared/seed", "../../shared/seed"]
        .iter()
        .map(|f| root().join(f))
        .find(|f| f.is_dir())
        .unwrap_or_else(|| root().join("../shared/seed"));
    let found = std::fs::read_dir(&folder).ok().and_then(|entries| {
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| Some(e.ok()?.path())).collect();
        paths.sort();
        paths.into_iter().find(|path| {
            std::fs::read_to_string(path)
                .is_ok_and(|text| text.trim_start().starts_with("连州市2025年度土地供应计划"))
        })
    });
    if found.is_none() {
        eprintln!(
            "skipped: no Lianzhou 2025 plan text in {} (shared/ is not beside the repository)",
            folder.display()
        );
    }
    found
}

/// Runs `landplan extract PLAN --out <tmp>/<name> ARGS`; returns the output and the folder.
fn extract(plan: &Path, args: &[&str]) -> (std::process::Output, tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("scenario");
    let output = landplan()
        .arg("extract")
        .arg(plan)
        .arg("--out")
        .arg(&out)
        .args(args)
        .output()
        .unwrap();
    (output, dir, out)
}

fn json(output: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

fn load(folder: &Path) -> Scenario {
    let raw = landplan::load::load_folder(folder).unwrap();
    let validated = landplan::validate::validate(&raw);
    assert!(validated.problems.is_empty(), "{:?}", validated.problems);
    validated.scenario
}

type Figures = (
    BTreeMap<String, (u32, Option<Decimal>)>,
    BTreeMap<String, Option<Decimal>>,
    BTreeMap<(String, String), (Decimal, Decimal, Decimal)>,
);

/// A scenario's categories (tier, plan), towns (plan) and cells (plan, demand, committed),
/// by name.
fn figures(s: &Scenario) -> Figures {
    let categories = s
        .categories
        .iter()
        .map(|c| (c.name.clone(), (c.tier, c.plan)))
        .collect();
    let towns = s.towns.iter().map(|t| (t.name.clone(), t.plan)).collect();
    let cells = s
        .cells
        .iter()
        .map(|c| {
            let key = (
                s.town(c.town).name.clone(),
                s.category(c.category).name.clone(),
            );
            (key, (c.plan, c.demand, c.committed))
        })
        .collect();
    (categories, towns, cells)
}

fn notes(json: &serde_json::Value, kind: &str) -> Vec<serde_json::Value> {
    json["extraction"]["notes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == kind)
        .cloned()
        .collect()
}

fn findings(json: &serde_json::Value) -> Vec<serde_json::Value> {
    json["audit"]["findings"].as_array().unwrap().clone()
}

#[test]
fn the_lianzhou_text_gives_the_shipped_folder_and_the_same_gap() {
    let Some(seed) = seed() else { return };
    let (output, _dir, out) = extract(&seed, &["--format", "json"]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "the audit finds the published gap"
    );
    let report = json(&output);
    assert_eq!(report["extraction"]["notes"], serde_json::json!([]));

    let extracted = load(&out);
    let shipped = load(&lianzhou());
    assert_eq!(extracted.settings.cap, shipped.settings.cap);
    assert_eq!(extracted.settings.cap, d("132.72823"));
    assert_eq!(extracted.settings.cap_kind, shipped.settings.cap_kind);
    assert_eq!(extracted.settings.unit, shipped.settings.unit);
    assert_eq!(extracted.settings.year, shipped.settings.year);
    assert_eq!(figures(&extracted), figures(&shipped));

    let findings = findings(&report);
    assert_eq!(findings.len(), 2, "{findings:#?}");
    let housing = findings
        .iter()
        .find(|f| f["check"] == "cells_vs_category")
        .unwrap();
    assert_eq!(housing["scope"], "住宅用地");
    assert_eq!(housing["difference"], "0.0556");
    let towns = findings
        .iter()
        .find(|f| f["check"] == "towns_vs_cap")
        .unwrap();
    assert_eq!(towns["actual"], "132.67263");
    assert_eq!(towns["difference"], "0.0556");
}

#[test]
fn the_lianzhou_text_as_docx_reads_the_same() {
    let Some(seed) = seed() else { return };
    let text = std::fs::read_to_string(&seed).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let docx = dir.path().join("lianzhou.docx");
    std::fs::write(&docx, docx_bytes(&text, &[])).unwrap();
    let (from_text, _a, text_out) = extract(&seed, &[]);
    let (from_docx, _b, docx_out) = extract(&docx, &[]);
    assert_eq!(from_text.status.code(), Some(1));
    assert_eq!(from_docx.status.code(), Some(1));
    assert_eq!(figures(&load(&text_out)), figures(&load(&docx_out)));
}

#[test]
fn a_plan_in_mu_is_written_in_mu_as_published() {
    let (output, _dir, out) = extract(&fixture("mu.txt"), &["--format", "json"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "a consistent plan audits clean"
    );
    let s = load(&out);
    assert_eq!(s.settings.unit, Unit::Mu);
    assert_eq!(s.settings.cap, d("1500"));
    assert_eq!(s.settings.year, Some(2026));
    let (categories, towns, cells) = figures(&s);
    assert_eq!(categories["住宅用地"], (3, Some(d("300.5"))));
    assert_eq!(categories["公共管理与公共服务用地"], (2, Some(d("180"))));
    assert_eq!(towns["白沙乡"], Some(d("240")));
    assert_eq!(
        cells[&("白沙乡".to_string(), "工矿仓储用地".to_string())],
        (d("0.5"), d("0.5"), d("0")),
        "demand is left empty, so it equals the plan"
    );
    let report = json(&output);
    let skipped = notes(&report, "skipped");
    assert_eq!(skipped.len(), 4, "the four quarters of the timing section");
    assert!(skipped.iter().all(|n| n["line"] == 15));
}

#[test]
fn an_about_total_and_sub_items_kept_apart() {
    // The sub-items (其中) are written in the scenario format's own form: categories with
    // their parent, and a cell for the one town that splits its housing. The structure gives
    // 保障性安居工程用地 8 ha but only 江南镇 (5 ha) a town figure: the rest is in the towns'
    // 住宅用地, which is no inconsistency (exit 0).
    let (output, _dir, out) = extract(&fixture("about-subitems.txt"), &[]);
    assert_eq!(output.status.code(), Some(0));
    let s = load(&out);
    assert_eq!(s.settings.cap_kind, CapKind::About);
    assert_eq!(s.settings.cap, d("86.25"));
    let (categories, _, cells) = figures(&s);
    assert_eq!(categories.len(), 7);
    assert_eq!(categories["住宅用地"], (3, Some(d("26.25"))));
    assert_eq!(categories["保障性安居工程用地"], (2, Some(d("8"))));
    assert_eq!(categories["棚户区改造用地"], (2, Some(d("3.5"))));
    let housing = s.categories.iter().position(|c| c.name == "住宅用地");
    assert!(s
        .categories
        .iter()
        .filter(|c| c.name.contains("保障") || c.name.contains("棚户"))
        .all(|c| c.parent.map(|p| p.0) == housing));
    // 江南镇's 住宅用地 16.25 holds its 5 ha of 保障性安居工程: the remainder is 11.25.
    assert_eq!(
        cells[&("江南镇".to_string(), "保障性安居工程用地".to_string())].0,
        d("5")
    );
    assert_eq!(
        cells[&("江南镇".to_string(), "住宅用地".to_string())].0,
        d("11.25")
    );
    assert!(!out.join("subitems.csv").exists());
}

#[test]
fn sub_districts_districts_and_other_category_names() {
    let (output, _dir, out) = extract(&fixture("districts.txt"), &[]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    let (categories, towns, cells) = figures(&load(&out));
    assert_eq!(
        categories.keys().cloned().collect::<Vec<_>>(),
        vec![
            "仓储用地",
            "公共管理与公共服务用地",
            "商业服务业用地",
            "居住用地",
            "工矿用地",
            "绿地与开敞空间用地"
        ]
    );
    assert_eq!(categories["居住用地"].0, 3);
    assert_eq!(categories["商业服务业用地"].0, 4);
    assert_eq!(categories["仓储用地"].0, 1);
    assert_eq!(
        towns,
        BTreeMap::from([
            ("东城街道".to_string(), Some(d("12.5"))),
            ("西城街道".to_string(), Some(d("11.4"))),
            ("高新区".to_string(), Some(d("34.7"))),
            ("滨江新区".to_string(), Some(d("6.2"))),
        ])
    );
    assert_eq!(cells.len(), 9);
}

#[test]
fn structure_without_layout_writes_no_towns_and_says_the_audit_waits_for_them() {
    let (output, _dir, out) = extract(&fixture("structure-only.txt"), &["--format", "json"]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "the folder is not yet a scenario"
    );
    assert_eq!(
        read_csv(&out.join("categories.csv"))
            .lines()
            .skip(1)
            .map(|l| l.split(',').take(3).collect::<Vec<_>>().join(","))
            .collect::<Vec<_>>(),
        vec![
            "工业用地,1,30.2",
            "住宅用地,3,15.4",
            "商服用地,4,6.5",
            "公用设施用地,1,3.5",
            "交通运输用地,2,3"
        ]
    );
    for file in ["towns.csv", "cells.csv"] {
        let text = read_csv(&out.join(file));
        assert_eq!(text.lines().count(), 1, "{file} has its header only");
    }
    let report = json(&output);
    assert_eq!(report["audit"], serde_json::Value::Null);
    assert!(report["audit_not_run"]
        .as_str()
        .unwrap()
        .contains("no layout"));
    let table = extract(&fixture("structure-only.txt"), &["--lang", "en"]).0;
    assert!(
        String::from_utf8_lossy(&table.stdout).contains("audit: not run: the text gives no layout")
    );
    let chinese = extract(&fixture("structure-only.txt"), &[]).0;
    assert!(
        String::from_utf8_lossy(&chinese.stdout).contains("审核：未进行：原文未列供应布局"),
        "Chinese for Chinese data"
    );
    let warnings = notes(&report, "warning");
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(warnings[0]["message"]
        .as_str()
        .unwrap()
        .contains("neither 控制在…以内 nor 约"));
}

#[test]
fn a_town_with_its_figure_missing_is_reported_with_its_line() {
    let plan = fixture("missing-figure.txt");
    let (output, _dir, out) = extract(&plan, &["--lang", "en"]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "the audit sees the missing 8 ha"
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("missing-figure.txt:8:1: unread: a figure is missing here: nothing read for it (at '乙镇土地供应量为公顷')"),
        "{stdout}"
    );
    let (_, towns, cells) = figures(&load(&out));
    assert_eq!(
        towns["乙镇"], None,
        "the town is kept, its total left empty"
    );
    assert_eq!(cells.keys().filter(|(t, _)| t == "乙镇").count(), 3);
}

#[test]
fn strict_makes_anything_unread_an_error_and_writes_nothing() {
    let (output, _dir, out) = extract(&fixture("missing-figure.txt"), &["--strict"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("1 thing(s) could not be read (--strict); nothing written"),
        "{stderr}"
    );
    assert!(
        stderr.contains("missing-figure.txt:8:1: unread"),
        "{stderr}"
    );
    assert!(!out.exists());
    let (clean, _dir, out) = extract(&fixture("mu.txt"), &["--strict"]);
    assert_eq!(clean.status.code(), Some(0), "skipped figures are no error");
    assert!(out.join("cells.csv").is_file());
}

#[test]
fn a_news_notice_with_pairs_shares_and_other_names() {
    let (output, _dir, out) = extract(&fixture("notice.txt"), &["--format", "json"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    let s = load(&out);
    assert_eq!(
        s.settings.unit,
        Unit::Ha,
        "hectares are taken from 公顷(亩) pairs"
    );
    assert_eq!(s.settings.cap, d("96.3"));
    let (categories, towns, cells) = figures(&s);
    assert_eq!(
        categories,
        BTreeMap::from([
            ("工矿仓储类用地".to_string(), (1, Some(d("45.6")))),
            ("住宅类用地".to_string(), (3, Some(d("24.3")))),
            ("商服类用地".to_string(), (4, Some(d("11.2")))),
            ("公用设施用地".to_string(), (1, Some(d("9.8")))),
            ("交通运输用地".to_string(), (2, Some(d("5.4")))),
            // 其中保障性住房用地: a sub-item of 住宅类用地 with no town split.
            ("保障性住房用地".to_string(), (2, Some(d("6.1")))),
        ])
    );
    assert_eq!(towns["城关镇"], Some(d("58.7")));
    assert_eq!(
        cells[&("城关镇".to_string(), "住宅类用地".to_string())].0,
        d("16.3"),
        "居住用地 in the layout is the structure's 住宅类用地"
    );
    assert_eq!(
        cells[&("新桥镇".to_string(), "工矿仓储类用地".to_string())].0,
        d("20")
    );
    let report = json(&output);
    let skipped = notes(&report, "skipped");
    let texts: Vec<&str> = skipped
        .iter()
        .map(|n| n["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        texts,
        vec![
            "比上年减少4.2公顷",
            "同比下降4.2%",
            "占比47.4%",
            "占比25.2%",
            "占比11.6%",
            "2024年全县实际供应国有建设用地101.2公顷"
        ]
    );
    assert_eq!(
        report["extraction"]["subitems"][0]["name"],
        "保障性住房用地"
    );
}

#[test]
fn a_docx_reads_like_its_text() {
    let text = std::fs::read_to_string(fixture("districts.txt")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let docx = dir.path().join("plan.docx");
    std::fs::write(
        &docx,
        docx_bytes(&text, &[&["乡镇", "面积"], &["东城街道", "12.5"]]),
    )
    .unwrap();
    let (output, _dir, out) = extract(&docx, &["--format", "json"]);
    assert_eq!(output.status.code(), Some(0));
    let report = json(&output);
    assert_eq!(report["read_as"], "docx");
    let (_, txt_dir, txt_out) = extract(&fixture("districts.txt"), &[]);
    assert_eq!(figures(&load(&out)), figures(&load(&txt_out)));
    drop(txt_dir);
    let unread = notes(&report, "unread");
    assert_eq!(unread.len(), 1, "the table row's bare number: {unread:#?}");
    assert_eq!(
        unread[0]["line"], 7,
        "paragraphs 1-5, then the table's rows"
    );
    assert_eq!(unread[0]["column"], 6);
    assert_eq!(unread[0]["text"], "12.5");
}

#[test]
fn an_existing_folder_is_never_overwritten_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("mine");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("cells.csv"), "mine").unwrap();
    let run = |force: bool| {
        let mut command = landplan();
        command
            .arg("extract")
            .arg(fixture("mu.txt"))
            .arg("--out")
            .arg(&out);
        if force {
            command.arg("--force");
        }
        command.output().unwrap()
    };
    let refused = run(false);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("exists and is not empty"));
    assert_eq!(
        std::fs::read_to_string(out.join("cells.csv")).unwrap(),
        "mine"
    );
    let forced = run(true);
    assert_eq!(forced.status.code(), Some(0));
    assert!(read_csv(&out.join("cells.csv")).starts_with("town,category,plan"));
}

#[test]
fn text_without_a_total_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.txt");
    std::fs::write(&plan, "住宅用地5公顷，商服用地3公顷。\n").unwrap();
    let out = dir.path().join("out");
    let output = landplan()
        .arg("extract")
        .arg(&plan)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("states no total"));
    assert!(!out.exists());
}

#[test]
fn gbk_text_pdf_and_missing_files() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture("about-subitems.txt")).unwrap();
    let (gbk, _, _) = encoding_rs::GB18030.encode(&text);
    let plan = dir.path().join("gbk.txt");
    std::fs::write(&plan, &gbk).unwrap();
    let (output, _d, out) = extract(&plan, &["--format", "json"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(json(&output)["read_as"], "GBK");
    assert_eq!(load(&out).settings.cap, d("86.25"));

    let pdf = dir.path().join("plan.pdf");
    std::fs::write(&pdf, b"%PDF-1.7\n").unwrap();
    let (output, _d, _) = extract(&pdf, &[]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("the PDF could not be read") && !stderr.contains("panicked"),
        "{stderr}"
    );

    let doc = dir.path().join("plan.doc");
    std::fs::write(&doc, [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]).unwrap();
    let (output, _d, _) = extract(&doc, &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains(
        "the old Word format (.doc) is not read: open it in Word or WPS and save it as .docx"
    ));

    let (output, _d, _) = extract(&dir.path().join("absent.txt"), &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot read"));
}

/// A PDF with Chinese text (tests/extract_corpus/pdf/plan.pdf, written by make_pdf.py beside
/// it) reads like its text.
#[test]
fn a_pdf_reads_like_its_text() {
    let (output, _d, out) = extract(
        &root().join("tests/extract_corpus/pdf/plan.pdf"),
        &["--format", "json"],
    );
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(json(&output)["read_as"], "PDF");
    let s = load(&out);
    assert_eq!(s.settings.cap, d("64.5"));
    let (categories, towns, cells) = figures(&s);
    assert_eq!(categories["住宅用地"], (3, Some(d("24.5"))));
    assert_eq!(categories["工矿仓储用地"], (1, Some(d("40"))));
    assert_eq!(towns["城关镇"], Some(d("40")));
    assert_eq!(towns["石桥镇"], Some(d("24.5")));
    assert_eq!(cells.len(), 4);
    assert_eq!(
        cells[&("石桥镇".to_string(), "工矿仓储用地".to_string())].0,
        d("14.5")
    );
}

#[test]
fn markdown_and_csv_reports_carry_the_notes() {
    let (md, _a, _) = extract(
        &fixture("missing-figure.txt"),
        &["--format", "md", "--lang", "en"],
    );
    let md = String::from_utf8_lossy(&md.stdout);
    assert!(md.starts_with("# Extraction of "), "{md}");
    assert!(
        md.contains("| 8 | 1 | unread | a figure is missing here"),
        "{md}"
    );
    assert!(md.contains("# Audit of scenario"), "{md}");
    let (csv, _b, _) = extract(&fixture("missing-figure.txt"), &["--format", "csv"]);
    let csv = String::from_utf8_lossy(&csv.stdout);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "\u{feff}check,scope,expected,actual,difference,location,message"
    );
    assert!(lines[1].starts_with("extract_unread,,,,,"), "{csv}");
    assert!(lines[1].contains("missing-figure.txt:8:1"), "{csv}");
    assert!(lines[2].starts_with("towns_vs_cap,total,20,12,8,"), "{csv}");
}

/// A minimal Word document: the text's lines as paragraphs, then a table.
fn docx_bytes(text: &str, table: &[&[&str]]) -> Vec<u8> {
    let escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let mut body = String::new();
    for line in text.lines() {
        body.push_str(&format!(
            "<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
            escape(line)
        ));
    }
    if !table.is_empty() {
        body.push_str("<w:tbl>");
        for row in table {
            body.push_str("<w:tr>");
            for cell in *row {
                body.push_str(&format!(
                    "<w:tc><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:tc>",
                    escape(cell)
                ));
            }
            body.push_str("</w:tr>");
        }
        body.push_str("</w:tbl>");
    }
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
         <w:body>{body}</w:body></w:document>"
    );
    let content_types = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
        <Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
        <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
        <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
        <Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
        </Types>";
    let rels = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
        <Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
        <Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>\
        </Relationships>";
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for (name, content) in [
        ("[Content_Types].xml", content_types),
        ("_rels/.rels", rels),
        ("word/document.xml", document.as_str()),
    ] {
        zip.start_file(name, options).unwrap();
        zip.write_all(content.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// `beiling.docx` was written by python-docx (a real producer's XML: styles, runs split by
/// formatting inside a figure, a table), from original text: the text gives the total, the
/// structure and the town totals; the appendix table (单位：公顷) gives each town's figures by
/// category and repeats the totals.
#[test]
fn a_docx_from_a_word_processor_with_split_runs_and_a_layout_table() {
    let plan = fixture("beiling.docx");
    let (output, _dir, out) = extract(&plan, &["--format", "json", "--strict"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let (categories, towns, cells) = figures(&load(&out));
    assert_eq!(
        categories["工矿仓储用地"].1,
        Some(d("20.5")),
        "'2' and '0.5公顷' are two runs of one figure"
    );
    assert_eq!(towns["南坪乡"], Some(d("12.5")));
    let from_table: Vec<(String, String, Decimal)> = cells
        .iter()
        .map(|((t, c), (plan, _, _))| (t.clone(), c.clone(), *plan))
        .collect();
    assert_eq!(
        from_table,
        vec![
            ("北岭镇".to_string(), "住宅用地".to_string(), d("10.25")),
            ("北岭镇".to_string(), "商服用地".to_string(), d("6")),
            ("北岭镇".to_string(), "工矿仓储用地".to_string(), d("14")),
            ("南坪乡".to_string(), "住宅用地".to_string(), d("2")),
            ("南坪乡".to_string(), "公用设施用地".to_string(), d("4")),
            ("南坪乡".to_string(), "工矿仓储用地".to_string(), d("6.5")),
        ]
    );
    let report = json(&output);
    assert_eq!(report["extraction"]["notes"], serde_json::json!([]));
    assert_eq!(
        report["extraction"]["cells"][0]["line"], 11,
        "the table's first row"
    );
}

/// A table whose figures disagree with the text: the first figure is kept, the other
/// reported with its row and column.
#[test]
fn a_table_that_disagrees_with_the_text_is_reported() {
    let text = "丙县2026年度土地供应计划\n土地供应总量控制在10公顷以内。\n甲镇土地供应量为6公顷，其中：住宅用地6公顷；乙镇土地供应量为4公顷，其中：住宅用地4公顷。\n单位：公顷\n乡镇\t合计\t住宅用地\n甲镇\t6\t6\n乙镇\t4\t3.5\n";
    let dir = tempfile::tempdir().unwrap();
    let docx = dir.path().join("bing.docx");
    let lines: Vec<&str> = text.lines().collect();
    let table: Vec<Vec<&str>> = lines[4..].iter().map(|l| l.split('\t').collect()).collect();
    let table: Vec<&[&str]> = table.iter().map(Vec::as_slice).collect();
    std::fs::write(&docx, docx_bytes(&lines[..4].join("\n"), &table)).unwrap();
    let (output, _dir, _out) = extract(&docx, &["--lang", "en"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "the text's figures are consistent"
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("bing.docx:7:6: unread: 乙镇 住宅用地 is given again with a different figure (first at line 3"),
        "{stdout}"
    );
}

/// The notice's folder and report, as a planner sees them (paths replaced, Markdown so that
/// no column width depends on them).
#[test]
fn the_notice_folder_and_report_as_written() {
    let plan = fixture("notice.txt");
    let (output, _dir, out) = extract(&plan, &["--format", "md", "--lang", "en"]);
    assert_eq!(output.status.code(), Some(0));
    let mut text = String::from_utf8(output.stdout)
        .unwrap()
        .replace(&out.display().to_string(), "<out>")
        .replace(&plan.display().to_string(), "<plan>");
    for file in ["scenario.csv", "categories.csv", "towns.csv", "cells.csv"] {
        let written = read_csv(&out.join(file));
        text.push_str(&format!("\n== {file}\n{written}"));
    }
    insta::assert_snapshot!(text);
}

/// The corpus the project writes itself (`tests/extract_corpus/`): short plans in the
/// wordings bureaus and notices use, each `NN_name.txt` with its expected reading in
/// `NN_name.json`. Keys: `total`, `kind` (default `at_most`), `unit` (default `ha`), `year`,
/// `place`, `categories` ([name, plan]), `towns` ([name, plan]), `cells` ([town, category,
/// plan]), `subitems` ([category, town, name, plan]): each compared whole, absent = empty or
/// none; `unread` and `warnings`: one text each note of that kind must contain, one note per
/// text; `skipped`: how many skipped notes.
#[test]
fn the_corpus_reads_as_expected() {
    let folder = root().join("tests/extract_corpus");
    let mut texts: Vec<PathBuf> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    texts.sort();
    assert!(texts.len() >= 30, "{} texts", texts.len());
    let failures: Vec<String> = texts
        .iter()
        .filter_map(|text| corpus_failure(text).map(|f| format!("{}: {f}", text.display())))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// What a corpus text's reading gets wrong, if anything.
fn corpus_failure(text: &Path) -> Option<String> {
    let expected: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(text.with_extension("json")).unwrap())
            .unwrap();
    let document = landplan::extract::read_document(text).unwrap();
    let e = landplan::extract::extract(&document);
    let figure = |d: Option<Decimal>| d.map(|d| d.to_string());
    let got = serde_json::json!({
        "total": e.total.as_ref().map(|t| t.value.to_string()),
        "kind": e.total.as_ref().map(|t| match t.kind { CapKind::AtMost => "at_most", CapKind::About => "about" }),
        "unit": e.unit.symbol(),
        "year": e.year,
        "place": e.place,
        "categories": e.categories.iter().map(|c| serde_json::json!([c.name, figure(c.plan)])).collect::<Vec<_>>(),
        "towns": e.towns.iter().map(|t| serde_json::json!([t.name, figure(t.plan)])).collect::<Vec<_>>(),
        "cells": e.cells.iter().map(|c| serde_json::json!([c.town, c.category, c.plan.to_string()])).collect::<Vec<_>>(),
        "subitems": e.subitems.iter().map(|s| serde_json::json!([s.category, s.town, s.name, s.plan.to_string()])).collect::<Vec<_>>(),
    });
    let mut wrong = Vec::new();
    for key in [
        "total",
        "kind",
        "unit",
        "year",
        "place",
        "categories",
        "towns",
        "cells",
        "subitems",
    ] {
        let want = match (key, expected.get(key)) {
            (_, Some(value)) => value.clone(),
            ("kind", None) if e.total.is_some() => serde_json::json!("at_most"),
            ("unit", None) => serde_json::json!("ha"),
            ("categories" | "towns" | "cells" | "subitems", None) => serde_json::json!([]),
            (_, None) => serde_json::Value::Null,
        };
        if got[key] != want {
            wrong.push(format!("{key}: got {} want {want}", got[key]));
        }
    }
    for (key, kind) in [
        ("unread", landplan::extract::NoteKind::Unread),
        ("warnings", landplan::extract::NoteKind::Warning),
    ] {
        let notes: Vec<String> = e.notes_of(kind).map(|n| n.message_at()).collect();
        let want: Vec<&str> = expected
            .get(key)
            .map(|v| {
                v.as_array()
                    .unwrap()
                    .iter()
                    .map(|s| s.as_str().unwrap())
                    .collect()
            })
            .unwrap_or_default();
        let matched =
            notes.len() == want.len() && want.iter().all(|w| notes.iter().any(|n| n.contains(w)));
        if !matched {
            wrong.push(format!("{key}: got {notes:?} want {want:?}"));
        }
    }
    let skipped = e.notes_of(landplan::extract::NoteKind::Skipped).count() as u64;
    let want_skipped = expected
        .get("skipped")
        .and_then(|v| v.as_u64())
        .unwrap_or(0);
    if skipped != want_skipped {
        let notes: Vec<String> = e
            .notes_of(landplan::extract::NoteKind::Skipped)
            .map(|n| n.message_at())
            .collect();
        wrong.push(format!("skipped: got {notes:?} want {want_skipped}"));
    }
    (!wrong.is_empty()).then(|| wrong.join("\n  "))
}
