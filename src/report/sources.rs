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
use crate::scenario::{CategoryId, Scenario, Unit};
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

fn source_rows(rows: &[SourceJson]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| {
            vec![
                r.name.clone(),
                r.allocated.clone(),
                r.stock_used.clone(),
                r.new_land.clone(),
            ]
        })
        .collect()
}

/// The headline line of the land sources: stock used, new land and the quota left.
fn sources_line(words: &Words, view: &SourcesJson, unit: &str) -> String {
    let (used, ready, new) = (&view.stock_used, &view.stock_ready, &view.new_land);
    let quota = view.new_quota.as_ref().zip(view.quota_left.as_ref());
    match words.lang {
        Lang::Zh => {
            let quota = quota.map_or(String::new(), |(quota, left)| {
                format!("；新增建设用地计划指标 {quota} {unit}，尚余 {left} {unit}")
            });
            format!("使用存量用地 {used} {unit}（可用 {ready} {unit}）；新增建设用地 {new} {unit}{quota}")
        }
        Lang::En => {
            let quota = quota.map_or(String::new(), |(quota, left)| {
                format!("; new construction land quota {quota} {unit}, {left} {unit} left")
            });
            format!("stock used {used} of {ready} {unit} ready; new land {new} {unit}{quota}")
        }
    }
}

/// The land-source section of a solve in the table or Markdown layout, in the words' language;
/// `unit` is the unit of the view's figures.
pub fn render_sources(words: &Words, view: &SourcesJson, unit: Unit, layout: Layout) -> String {
    let (table, title, item) = (layout.table, layout.title, layout.item);
    let unit = words.pick(unit.chinese(), unit.symbol());
    let mut out = title(words.pick(
        "土地来源（先用存量用地，再用新增建设用地）",
        "Land sources (stock land first, then new land)",
    ));
    out.push_str(&item(&sources_line(words, view, unit)));
    let header = words.pick(SOURCE_HEADER_ZH, SOURCE_HEADER);
    for (zh, en, rows) in [
        ("各镇", "Towns", &view.towns),
        ("各类用地", "Categories", &view.categories),
        ("各镇分类用地", "Cells", &view.cells),
    ] {
        out.push_str(&title(
            &words.pick(format!("土地来源：{zh}"), format!("Land sources: {en}")),
        ));
        out.push_str(&table(header, &source_rows(rows)));
    }
    out
}

const METHOD_HEADER: &[&str] = &["category", "method", "land", "share (%)"];
const METHOD_HEADER_ZH: &[&str] = &["用地类型", "供应方式", "面积", "占比（%）"];

/// The supply-method section of a solve in the table or Markdown layout, in the words'
/// language; `unit` is the unit of the view's figures.
pub fn render_methods(
    words: &Words,
    view: &[MethodSplitJson],
    unit: Unit,
    layout: Layout,
) -> String {
    let (table, title, item) = (layout.table, layout.title, layout.item);
    let unit = words.pick(unit.chinese(), unit.symbol());
    let mut out = title(words.pick("供应方式（methods.csv）", "Supply methods (methods.csv)"));
    let rows: Vec<Vec<String>> = view
        .iter()
        .flat_map(|split| {
            split.methods.iter().map(|m| {
                vec![
                    split.category.clone(),
                    m.method.to_string(),
                    m.amount.clone(),
                    m.share.clone().unwrap_or_default(),
                ]
            })
        })
        .collect();
    out.push_str(&table(words.pick(METHOD_HEADER_ZH, METHOD_HEADER), &rows));
    for split in view.iter().filter(|s| s.unsplit != "0") {
        let (category, unsplit, supplied) = (&split.category, &split.unsplit, &split.supplied);
        out.push_str(&item(&words.pick(
            format!("{category}：供应 {supplied} {unit}，其中 {unsplit} {unit} 无法在各供应方式的限额内安排"),
            format!("{category}: {unsplit} {unit} of its {supplied} {unit} could not be placed within the methods' limits"),
        )));
    }
    out
}
