//! The land-source and supply-method parts of a solve's report (issue 16): stock and new land
//! per cell, town and category beside the quota, and each category's land by method.
//!
//! Input: the scenario, the certified allocation (and, for methods, the split of
//! `methods::split`). Output: the JSON sections `sources` and `methods` of
//! `solve --format json`, and their tables and lines in the table and Markdown layouts. Every
//! figure comes from `solve::quota` and `methods::split`; nothing here computes one.

use super::Layout;
use crate::methods::split::CategorySplit;
use crate::number::show;
use crate::scenario::Scenario;
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
                scenario.category(cell.category).name
            );
            source(name, *split)
        })
        .collect();
    let named = |names: Vec<&String>, splits: &[Split]| {
        names
            .into_iter()
            .zip(splits)
            .map(|(name, split)| source(name.clone(), *split))
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
            scenario.towns.iter().map(|t| &t.name).collect(),
            &sources.towns,
        ),
        categories: named(
            scenario.categories.iter().map(|c| &c.name).collect(),
            &sources.categories,
        ),
    })
}

/// The `methods` section.
pub fn methods_json(scenario: &Scenario, splits: &[CategorySplit]) -> Vec<MethodSplitJson> {
    splits
        .iter()
        .map(|split| MethodSplitJson {
            category: scenario.category(split.category).name.clone(),
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

/// The land-source section of a solve in the table or Markdown layout.
pub fn render_sources(view: &SourcesJson, unit: &str, layout: Layout) -> String {
    let (table, title, item) = (layout.table, layout.title, layout.item);
    let mut out = title("Land sources (stock land first, then new land)");
    let quota = match (&view.new_quota, &view.quota_left) {
        (Some(quota), Some(left)) => {
            format!("; new construction land quota {quota} {unit}, {left} {unit} left")
        }
        _ => String::new(),
    };
    out.push_str(&item(&format!(
        "stock used {} of {} {unit} ready; new land {} {unit}{quota}",
        view.stock_used, view.stock_ready, view.new_land
    )));
    for (name, rows) in [
        ("Towns", &view.towns),
        ("Categories", &view.categories),
        ("Cells", &view.cells),
    ] {
        out.push_str(&title(&format!("Land sources: {name}")));
        out.push_str(&table(SOURCE_HEADER, &source_rows(rows)));
    }
    out
}

const METHOD_HEADER: &[&str] = &["category", "method", "land", "share (%)"];

/// The supply-method section of a solve in the table or Markdown layout.
pub fn render_methods(view: &[MethodSplitJson], unit: &str, layout: Layout) -> String {
    let (table, title, item) = (layout.table, layout.title, layout.item);
    let mut out = title("Supply methods (methods.csv)");
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
    out.push_str(&table(METHOD_HEADER, &rows));
    for split in view.iter().filter(|s| s.unsplit != "0") {
        out.push_str(&item(&format!(
            "{}: {} {unit} of its {} {unit} could not be placed within the methods' limits",
            split.category, split.unsplit, split.supplied
        )));
    }
    out
}
