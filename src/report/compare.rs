//! Renders a comparison: totals, then tiers, categories, towns and cells by size of change.
//!
//! Input: a `compare::Comparison`. Output: a terminal table, Markdown, JSON (decimal
//! strings) or one CSV table with a `level` column (total, tier, category, town, cell).

use super::page::words::{numeral, Lang, Words};
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

/// The figures of a comparison: areas in the unit of `words` (`--unit`) when given, as they
/// are without (two allocation files carry no unit).
#[derive(Clone, Copy)]
struct Figures<'a>(Option<&'a Words<'a>>);

impl Figures<'_> {
    fn area(self, value: rust_decimal::Decimal) -> String {
        self.0
            .map_or_else(|| show(value), |words| words.figure(value))
    }

    /// Headers whose figure columns (A, B and the change) name the unit asked for.
    fn headers(self, labels: &[&str]) -> Vec<String> {
        match self.0 {
            Some(words) => words.headers(labels, 1..4),
            None => labels.iter().map(|label| label.to_string()).collect(),
        }
    }
}

fn signed(d: rust_decimal::Decimal, shown: String) -> String {
    if d > rust_decimal::Decimal::ZERO {
        format!("+{shown}")
    } else {
        shown
    }
}

fn cells(row: &Delta, figures: Figures) -> Vec<String> {
    vec![
        row.name.clone(),
        figures.area(row.a),
        figures.area(row.b),
        signed(row.delta, figures.area(row.delta)),
        row.percent.map(|p| signed(p, show(p))).unwrap_or_default(),
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

fn headline(comparison: &Comparison, lang: Lang, figures: Figures) -> Vec<String> {
    let list = |names: &[String]| match (names.is_empty(), lang) {
        (true, Lang::Zh) => "无".to_string(),
        (true, Lang::En) => "none".to_string(),
        (false, Lang::Zh) => names.join("、"),
        (false, Lang::En) => names.join(", "),
    };
    let (a, b) = (
        figures.area(comparison.total.a),
        figures.area(comparison.total.b),
    );
    let delta = &cells(&comparison.total, figures)[3];
    let change = figures.area(comparison.total_abs_change);
    let count = comparison.cells_changed;
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

/// The columns of the terminal and Markdown tables, the figures' naming the unit asked for.
fn text_header(lang: Lang, figures: Figures) -> Vec<String> {
    let labels = match lang {
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
    };
    figures.headers(&labels)
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
    render_in(comparison, format, lang, None)
}

/// As [`render`], areas in the unit of `words` (`--unit`, from a scenario of the comparison):
/// tables and Markdown in it, CSV in the one unit asked for (the scenario's for `both`), JSON
/// as compared.
pub fn render_in(
    comparison: &Comparison,
    format: Format,
    lang: Option<Lang>,
    words: Option<&Words>,
) -> String {
    let lang = lang.unwrap_or_else(|| language(comparison));
    let data = words.map(|words| words.for_data());
    let figures = Figures(words);
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
            let data = Figures(data.as_ref());
            let mut header = vec!["level".to_string()];
            header.extend(data.headers(HEADER));
            let header: Vec<&str> = header.iter().map(String::as_str).collect();
            let mut rows = vec![with_level("total", &comparison.total, data)];
            for (level, deltas) in sections(comparison) {
                rows.extend(deltas.iter().map(|d| with_level(level, d, data)));
            }
            excel_csv(&header, &rows)
        }
        Format::Table => text(comparison, TERMINAL, lang, figures),
        Format::Md => format!(
            "# {}\n\n{}",
            match lang {
                Lang::Zh => "方案对比",
                Lang::En => "Comparison",
            },
            text(comparison, MARKDOWN, lang, figures)
        ),
    }
}

fn with_level(level: &str, delta: &Delta, figures: Figures) -> Vec<String> {
    let mut row = vec![level.to_string()];
    row.extend(cells(delta, figures));
    row
}

fn text(comparison: &Comparison, layout: Layout, lang: Lang, figures: Figures) -> String {
    let (table, title) = (layout.table, layout.title);
    let mut headline = headline(comparison, lang, figures);
    headline.extend(figures.0.and_then(|words| words.unit_note()));
    let mut out = (layout.prose)(&headline.join("\n"));
    out.push('\n');
    for (level, deltas) in sections(comparison) {
        out.push_str(&title(&section_title(lang, level)));
        let rows: Vec<Vec<String>> = deltas
            .iter()
            .map(|d| {
                let mut row = cells(d, figures);
                row[0] = name(lang, &d.name);
                row
            })
            .collect();
        let header = text_header(lang, figures);
        let header: Vec<&str> = header.iter().map(String::as_str).collect();
        out.push_str(&table(&header, &rows));
    }
    out
}
