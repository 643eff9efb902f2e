//! `landplan report` on many towns: a heat table paged by 60 towns instead of a chart per
//! town, its shades proportional to the exact figures on one scale, the same figures in
//! Markdown.

use crate::common::landplan;
use rust_decimal::Decimal;
use scraper::{Html, Selector};
use std::path::Path;

/// A generated county of `towns` towns and its HTML report (or Markdown, by `file`).
fn report(dir: &Path, towns: &str, file: &str) -> String {
    let folder = dir.join(format!("county-{towns}"));
    let generate = landplan()
        .args([
            "generate",
            "--towns",
            towns,
            "--categories",
            "5",
            "--seed",
            "3",
        ])
        .arg("--out")
        .arg(&folder)
        .output()
        .unwrap();
    assert!(generate.status.success(), "{generate:?}");
    let out = dir.join(file);
    let report = landplan()
        .arg("report")
        .arg(&folder)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(report.status.success(), "{report:?}");
    std::fs::read_to_string(out).unwrap()
}

fn selector(css: &str) -> Selector {
    Selector::parse(css).unwrap()
}

#[test]
fn many_towns_get_a_heat_table_paged_by_sixty_with_shades_on_one_scale() {
    let dir = tempfile::tempdir().unwrap();
    let html = Html::parse_document(&report(dir.path(), "130", "r.html"));
    assert_eq!(
        html.select(&selector("svg[data-chart^='town-']")).count(),
        0,
        "no chart per town for 130 towns"
    );
    let tables: Vec<_> = html.select(&selector("table.heat")).collect();
    let rows: Vec<usize> = tables
        .iter()
        .map(|t| t.select(&selector("tbody tr")).count())
        .collect();
    assert_eq!(rows, [60, 60, 10]);
    let full: Decimal = tables[0]
        .value()
        .attr("data-full")
        .unwrap()
        .parse()
        .unwrap();
    assert!(tables
        .iter()
        .all(|t| t.value().attr("data-full") == Some(&full.to_string())));
    let mut darkest = 0;
    for cell in html.select(&selector("table.heat td[data-shade]")) {
        let value: Decimal = cell.text().collect::<String>().trim().parse().unwrap();
        let shade: Decimal = cell.value().attr("data-shade").unwrap().parse().unwrap();
        assert_eq!(shade, (value / full).round_dp(3), "{value} of {full}");
        darkest += usize::from(value == full);
        assert_eq!(
            cell.value().attr("style"),
            Some(format!("background: rgba(47, 109, 181, {shade})").as_str())
        );
    }
    assert!(darkest >= 1, "the largest cell is the darkest");
    let headings: Vec<String> = html
        .select(&selector("h3"))
        .map(|h| h.text().collect())
        .filter(|h: &String| h.starts_with('第') && h.contains("页"))
        .collect();
    assert!(
        headings
            .iter()
            .any(|h| h == "第 3 页，共 3 页：第 121 至 130 个镇"),
        "{headings:?}"
    );
}

#[test]
fn the_markdown_report_carries_the_heat_table_figures() {
    let dir = tempfile::tempdir().unwrap();
    let markdown = report(dir.path(), "61", "r.md");
    assert!(
        markdown.contains("第 2 页，共 2 页：第 61 至 61 个镇"),
        "{markdown}"
    );
    // A few towns: the charts stay, no heat table.
    let html = report(dir.path(), "12", "small.html");
    let html = Html::parse_document(&html);
    assert_eq!(html.select(&selector("table.heat")).count(), 0);
    assert!(html.select(&selector("svg[data-chart^='town-']")).count() > 0);
}
