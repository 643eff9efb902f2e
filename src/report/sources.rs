//! The land-source and supply-method parts of a solve's report (issue 16): stock and new land
//! per cell, town and category beside the quota, and each category's land by method.
//!
//! Input: the scenario, the certified allocation (and, for methods, the split of
//! `methods::split`). Output: the JSON sections `sources` and `methods` of
//! `solve --format json`, and their tables and lines in the table and Markdown layouts. Every
//! figure comes from `solve::quota` and `methods::split`; nothing here computes one.

use super::page::words::{Lang, Words};
use super::Layout;
use crate::methods::split::CategorySplit;
use crate::number::show;
use crate::scenario::{CategoryId, Scenario};
use crate::solve::quota::{Sources, Split};
use rust_decimal::Decimal;
use serde::Serialize;

/// Stock and new land of the allocation.
#[derive(Debug, Serialize)]
pub struct SourcesJson {
    /// The new construction land quota (新增建设用地计划指标), when the plan gives one.
    pub new_quota: Option<String>,
    /// Stock land ready in all cells.
    pub stock_ready: String,
    pub stock_used: String,
    pub new_land: String,
    /// Quota left over (0 when the quota binds).
    pub quota_left: Option<String>,
    pub cells: Vec<SourceJson>,
    pub towns: Vec<SourceJson>,
    pub categories: Vec<SourceJson>,
}

/// One cell, town or category's land by source.
#[derive(Debug, Serialize)]
pub struct SourceJson {
    pub name: String,
    pub allocated: String,
    pub stock_used: String,
    pub new_land: String,
}

/// One category's land by method.
#[derive(Debug, Serialize)]
pub struct MethodSplitJson {
    pub category: String,
    pub supplied: String,
    pub methods: Vec<MethodAmountJson>,
    /// Land the method limits leave unplaced (negative: minima above the supply); "0" when
    /// the split is whole.
    pub unsplit: String,
}

#[derive(Debug, Serialize)]
pub struct MethodAmountJson {
    pub method: &'static str,
    pub amount: String,
    /// Percent of the category's land (2 decimals); `None` when it has none.
    pub share: Option<String>,
}

fn source(name: String, split: Split) -> SourceJson {
    SourceJson {
        name,
        allocated: show(split.stock + split.new),
        stock_used: show(split.stock),
        new_land: show(split.new),
    }
}

/// The `sources` section, when the scenario tells sources apart (stock or a quota).
pub fn sources_json(scenario: &Scenario, allocation: &[Decimal]) -> Option<SourcesJson> {
    if !crate::solve::quota::in_use(scenario) {
        return None;
    }
    let sources = Sources::of(scenario, allocation);
    let cells = scenario
        .cells
        .iter()
        .zip(&sources.cells)
        .map(|(cell, split)| {
            let name = format!(
                "{}/{}",
                scenario.town(cell.town).name,
                scenario.piece_name(cell.category)
            );
            source(name, *split)
        })
        .collect();
    let named = |names: Vec<String>, splits: &[Split]| {
        names
            .into_iter()
            .zip(splits)
            .map(|(name, split)| source(name, *split))
            .collect()
    };
    Some(SourcesJson {
        new_quota: sources.new_quota.map(show),
        stock_ready: show(sources.stock_ready),
        stock_used: show(sources.total.stock),
        new_land: show(sources.total.new),
        quota_left: sources.new_quota.map(|q| show(q - sources.total.new)),
        cells,
        towns: named(
            scenario.towns.iter().map(|t| t.name.clone()).collect(),
            &sources.towns,
        ),
        categories: named(
            (0..scenario.categories.len())
                .map(|i| scenario.piece_name(CategoryId(i)))
                .collect(),
            &sources.categories,
        ),
    })
}

/// The `methods` section.
pub fn methods_json(scenario: &Scenario, splits: &[CategorySplit]) -> Vec<MethodSplitJson> {
    splits
        .iter()
        .map(|split| MethodSplitJson {
            category: scenario.piece_name(split.category),
            supplied: show(split.supplied),
            methods: split
                .methods
                .iter()
                .map(|(method, amount)| MethodAmountJson {
                    method: method.chinese(),
                    amount: show(*amount),
                    share: (!split.supplied.is_zero())
                        .then(|| show(crate::track::progress::percent(*amount / split.supplied))),
                })
                .collect(),
            unsplit: show(split.unsplit),
        })
        .collect()
}

const SOURCE_HEADER: &[&str] = &["name", "allocated", "stock used", "new land"];
const SOURCE_HEADER_ZH: &[&str] = &["名称", "本方案", "使用存量用地", "新增建设用地"];

fn source_rows(words: &Words, rows: &[SourceJson]) -> Vec<Vec<String>> {
    let figure = |text: &str| words.figure_text(text);
    rows.iter()
        .map(|r| {
            vec![
                r.name.clone(),
                figure(&r.allocated),
                figure(&r.stock_used),
                figure(&r.new_land),
            ]
        })
        .collect()
}

/// The headline line of the land sources: stock used, new land and the quota left.
fn sources_line(words: &Words, view: &SourcesJson) -> String {
    let area = |text: &str| words.area_text(text);
    let (used, ready, new) = (
        area(&view.stock_used),
        area(&view.stock_ready),
        area(&view.new_land),
    );
    let quota = view.new_quota.as_deref().zip(view.quota_left.as_deref());
    let quota = quota.map(|(quota, left)| (area(quota), area(left)));
    match words.lang {
        Lang::Zh => {
            let quota = quota.map_or(String::new(), |(quota, left)| {
                format!("；新增建设用地计划指标 {quota}，尚余 {left}")
            });
            format!("使用存量用地 {used}（可用 {ready}）；新增建设用地 {new}{quota}")
        }
        Lang::En => {
            let quota = quota.map_or(String::new(), |(quota, left)| {
                format!("; new construction land quota {quota}, {left} left")
            });
            let used = words.figure_text(&view.stock_used);
            format!("stock used {used} of {ready} ready; new land {new}{quota}")
        }
    }
}

/// The land-source section of a solve in the table or Markdown layout, in the words' language
/// and unit (the view's figures are in the scenario's).
pub fn render_sources(words: &Words, view: &SourcesJson, layout: Layout) -> String {
    let (table, title, item) = (layout.table, layout.title, layout.item);
    let mut out = title(words.pick(
        "土地来源（先用存量用地，再用新增建设用地）",
        "Land sources (stock land first, then new land)",
    ));
    out.push_str(&item(&sources_line(words, view)));
    let header = words.headers(words.pick(SOURCE_HEADER_ZH, SOURCE_HEADER), 1..4);
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    for (zh, en, rows) in [
        ("各镇", "Towns", &view.towns),
        ("各类用地", "Categories", &view.categories),
        ("各镇分类用地", "Cells", &view.cells),
    ] {
        out.push_str(&title(
            &words.pick(format!("土地来源：{zh}"), format!("Land sources: {en}")),
        ));
        out.push_str(&table(&header, &source_rows(words, rows)));
    }
    out
}

const METHOD_HEADER: &[&str] = &["category", "method", "land", "share (%)"];
const METHOD_HEADER_ZH: &[&str] = &["用地类型", "供应方式", "面积", "占比（%）"];

/// The supply-method section of a solve in the table or Markdown layout, in the words'
/// language and unit (the view's figures are in the scenario's).
pub fn render_methods(words: &Words, view: &[MethodSplitJson], layout: Layout) -> String {
    let (table, title, item) = (layout.table, layout.title, layout.item);
    let mut out = title(words.pick("供应方式（methods.csv）", "Supply methods (methods.csv)"));
    let rows: Vec<Vec<String>> = view
        .iter()
        .flat_map(|split| {
            split.methods.iter().map(|m| {
                vec![
                    split.category.clone(),
                    m.method.to_string(),
                    words.figure_text(&m.amount),
                    m.share.clone().unwrap_or_default(),
                ]
            })
        })
        .collect();
    let header = words.headers(words.pick(METHOD_HEADER_ZH, METHOD_HEADER), 2..3);
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    out.push_str(&table(&header, &rows));
    for split in view.iter().filter(|s| s.unsplit != "0") {
        let category = &split.category;
        let (unsplit, supplied) = (
            words.area_text(&split.unsplit),
            words.area_text(&split.supplied),
        );
        out.push_str(&item(&words.pick(
            format!("{category}：供应 {supplied}，其中 {unsplit} 无法在各供应方式的限额内安排"),
            format!("{category}: {unsplit} of its {supplied} could not be placed within the methods' limits"),
        )));
    }
    out
}
