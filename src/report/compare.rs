//! Renders a comparison: totals, then tiers, categories, towns and cells by size of change.
//!
//! Input: a `compare::Comparison`. Output: a terminal table, Markdown, JSON (decimal
//! strings) or one CSV table with a `level` column (total, tier, category, town, cell).

use super::page::words::{numeral, Lang};
use super::{excel_csv, json, opt, Format, Layout, MARKDOWN, TERMINAL};
use crate::compare::{Comparison, Delta};
use crate::number::show;
use serde::Serialize;

const HEADER: &[&str] = &[
    "name",
    "A",
    "B",
    "delta",
    "delta %",
    "share A %",
    "share B %",
];

#[derive(Debug, Serialize)]
struct DeltaJson {
    name: String,
    a: String,
    b: String,
    delta: String,
    percent: Option<String>,
    share_a: Option<String>,
    share_b: Option<String>,
}

#[derive(Debug, Serialize)]
struct ComparisonJson {
    a: String,
    b: String,
    total: DeltaJson,
    total_abs_change: String,
    cells_changed: usize,
    appeared: Vec<String>,
    vanished: Vec<String>,
    tiers: Vec<DeltaJson>,
    categories: Vec<DeltaJson>,
    towns: Vec<DeltaJson>,
    cells: Vec<DeltaJson>,
}

fn delta_json(row: &Delta) -> DeltaJson {
    DeltaJson {
        name: row.name.clone(),
        a: show(row.a),
        b: show(row.b),
        delta: show(row.delta),
        percent: row.percent.map(show),
        share_a: row.share_a.map(show),
        share_b: row.share_b.map(show),
    }
}

/// A row's name in the language: `tier 1` is 第一优先级, `total` 合计 in Chinese.
fn name(lang: Lang, name: &str) -> String {
    if lang == Lang::En {
        return name.to_string();
    }
    match name.strip_prefix("tier ") {
        Some(tier) => tier.parse().map_or("优先级不明".to_string(), |t| {
            format!("第{}优先级", numeral(t))
        }),
        None if name == "total" => "合计".to_string(),
        None => name.to_string(),
    }
}

fn cells(row: &Delta) -> Vec<String> {
    let signed = |d: rust_decimal::Decimal| {
        if d > rust_decimal::Decimal::ZERO {
            format!("+{}", show(d))
        } else {
            show(d)
        }
    };
    vec![
        row.name.clone(),
        show(row.a),
        show(row.b),
        signed(row.delta),
        row.percent.map(signed).unwrap_or_default(),
        opt(row.share_a),
        opt(row.share_b),
    ]
}

/// The sections of a comparison, in the order they are shown.
fn sections(comparison: &Comparison) -> [(&'static str, &Vec<Delta>); 4] {
    [
        ("tier", &comparison.tiers),
        ("category", &comparison.categories),
        ("town", &comparison.towns),
        ("cell", &comparison.cells),
    ]
}

/// A section's title in the language.
fn section_title(lang: Lang, level: &str) -> String {
    match lang {
        Lang::En => format!("By {level}, largest change first"),
        Lang::Zh => {
            let level = match level {
                "tier" => "各优先级",
                "category" => "各类用地",
                "town" => "各镇",
                _ => "各镇分类用地",
            };
            format!("{level}（按变化从大到小）")
        }
    }
}

fn headline(comparison: &Comparison, lang: Lang) -> Vec<String> {
    let list = |names: &[String]| match (names.is_empty(), lang) {
        (true, Lang::Zh) => "无".to_string(),
        (true, Lang::En) => "none".to_string(),
        (false, Lang::Zh) => names.join("、"),
        (false, Lang::En) => names.join(", "),
    };
    let (a, b) = (show(comparison.total.a), show(comparison.total.b));
    let delta = &cells(&comparison.total)[3];
    let (change, count) = (show(comparison.total_abs_change), comparison.cells_changed);
    match lang {
        Lang::En => vec![
            format!("A: {}", comparison.a),
            format!("B: {}", comparison.b),
            format!("total {a} -> {b} ({delta})"),
            format!("total absolute change {change} over {count} cell(s)"),
            format!("cells that appear in B: {}", list(&comparison.appeared)),
            format!("cells that vanish in B: {}", list(&comparison.vanished)),
        ],
        Lang::Zh => vec![
            format!("甲：{}", comparison.a),
            format!("乙：{}", comparison.b),
            format!("合计 {a} → {b}（{delta}）"),
            format!("变化绝对值合计 {change}，涉及 {count} 项各镇分类用地"),
            format!("乙新增的各镇分类用地：{}", list(&comparison.appeared)),
            format!("乙取消的各镇分类用地：{}", list(&comparison.vanished)),
        ],
    }
}

/// The columns of the terminal and Markdown tables.
fn text_header(lang: Lang) -> Vec<&'static str> {
    match lang {
        Lang::En => HEADER.to_vec(),
        Lang::Zh => vec![
            "名称",
            "甲",
            "乙",
            "变化",
            "变化率 %",
            "甲占比 %",
            "乙占比 %",
        ],
    }
}

/// The language of a comparison: Chinese when its names are.
fn language(comparison: &Comparison) -> Lang {
    Lang::of_names(
        comparison
            .towns
            .iter()
            .chain(&comparison.categories)
            .map(|d| d.name.as_str()),
    )
}

/// Renders a comparison; tables and Markdown in `lang` (the names' language when `None`).
pub fn render(comparison: &Comparison, format: Format, lang: Option<Lang>) -> String {
    let lang = lang.unwrap_or_else(|| language(comparison));
    match format {
        Format::Json => json(&ComparisonJson {
            a: comparison.a.clone(),
            b: comparison.b.clone(),
            total: delta_json(&comparison.total),
            total_abs_change: show(comparison.total_abs_change),
            cells_changed: comparison.cells_changed,
            appeared: comparison.appeared.clone(),
            vanished: comparison.vanished.clone(),
            tiers: comparison.tiers.iter().map(delta_json).collect(),
            categories: comparison.categories.iter().map(delta_json).collect(),
            towns: comparison.towns.iter().map(delta_json).collect(),
            cells: comparison.cells.iter().map(delta_json).collect(),
        }),
        Format::Csv => {
            let mut header = vec!["level"];
            header.extend_from_slice(HEADER);
            let mut rows = vec![with_level("total", &comparison.total)];
            for (level, deltas) in sections(comparison) {
                rows.extend(deltas.iter().map(|d| with_level(level, d)));
            }
            excel_csv(&header, &rows)
        }
        Format::Table => text(comparison, TERMINAL, lang),
        Format::Md => format!(
            "# {}\n\n{}",
            match lang {
                Lang::Zh => "方案对比",
                Lang::En => "Comparison",
            },
            text(comparison, MARKDOWN, lang)
        ),
    }
}

fn with_level(level: &str, delta: &Delta) -> Vec<String> {
    let mut row = vec![level.to_string()];
    row.extend(cells(delta));
    row
}

fn text(comparison: &Comparison, layout: Layout, lang: Lang) -> String {
    let (table, title) = (layout.table, layout.title);
    let mut out = (layout.prose)(&headline(comparison, lang).join("\n"));
    out.push('\n');
    for (level, deltas) in sections(comparison) {
        out.push_str(&title(&section_title(lang, level)));
        let rows: Vec<Vec<String>> = deltas
            .iter()
            .map(|d| {
                let mut row = cells(d);
                row[0] = name(lang, &d.name);
                row
            })
            .collect();
        out.push_str(&table(&text_header(lang), &rows));
    }
    out
}
