//! Renders the parcel plans of a stress run under readiness slips: per tier the supply
//! quantiles and how often it reaches the unshocked parcel plan's, per parcel how often it
//! slipped, was supplied and was deferred, with the limits that deferred it. Pure: figures
//! come from `stress::parcels::ParcelStressSummary`; nothing is computed here but shares of
//! counts for display.

use super::page::words::Words;
use super::parcels::limit;
use super::Layout;
use crate::number::show;
use crate::parcels::{Deferral, Limit, Parcels};
use crate::scenario::Scenario;
use crate::stress::parcels::ParcelStressSummary;
use rust_decimal::Decimal;
use serde::Serialize;

/// The parcel plans in `landplan stress --format json`.
#[derive(Debug, Serialize)]
pub struct ParcelsJson {
    /// Samples with a whole-parcel plan (the tier and supplied/deferred figures cover them).
    pub samples_planned: u64,
    /// Samples with no whole-parcel plan, confirmed.
    pub infeasible_samples: u64,
    /// Samples whose search found no plan within its budget (not claimed infeasible).
    pub unsettled_samples: u64,
    /// Planned samples in which some search stopped at its time limit.
    pub searches_stopped_early: u64,
    pub tiers: Vec<TierJson>,
    pub parcels: Vec<ParcelJson>,
}

#[derive(Debug, Serialize)]
pub struct TierJson {
    pub tier: u32,
    /// The unshocked parcel plan's supply (declared demands, no slip).
    pub unshocked: Option<String>,
    pub reaches_unshocked: u64,
    pub probability_unshocked: String,
    pub mean_supply: String,
    pub supply: super::stress::QuantilesJson,
}

#[derive(Debug, Serialize)]
pub struct ParcelJson {
    pub parcel: String,
    pub town: String,
    pub category: String,
    pub area: String,
    /// Over every sample.
    pub slipped: u64,
    pub probability_slipped: String,
    /// Over the planned samples.
    pub supplied: u64,
    pub probability_supplied: String,
    pub deferred: u64,
    pub probability_deferred: String,
    /// Each reason that deferred it, most frequent first.
    pub deferred_by: Vec<ReasonJson>,
}

#[derive(Debug, Serialize)]
pub struct ReasonJson {
    pub limit: String,
    pub label: String,
    pub count: u64,
    pub share: String,
}

/// count / of, to 4 decimals (0 when `of` is 0).
fn share(count: u64, of: u64) -> String {
    if of == 0 {
        return "0".to_string();
    }
    show((Decimal::from(count) / Decimal::from(of)).round_dp(4))
}

/// A machine key for a deferral: `not_ready`, `outside_plan`, `not_chosen`, the scenario
/// limit's key (`cap`, `category_max:住宅用地`), `cell_demand:镇/类`, `cell_committed:镇/类`,
/// `quarter:FILE:LINE`.
fn reason_key(scenario: &Scenario, parcels: &Parcels, reason: Deferral) -> String {
    let cell = |c: usize| {
        let cell = &scenario.cells[c];
        format!(
            "{}/{}",
            scenario.town(cell.town).name,
            scenario.category(cell.category).name
        )
    };
    match reason {
        Deferral::OutsidePlan => "outside_plan".to_string(),
        Deferral::NotReady => "not_ready".to_string(),
        Deferral::NotChosen => "not_chosen".to_string(),
        Deferral::Limit(Limit::Scenario(id)) => id.key(scenario),
        Deferral::Limit(Limit::CellDemand(c)) => format!("cell_demand:{}", cell(c)),
        Deferral::Limit(Limit::CellCommitted(c)) => format!("cell_committed:{}", cell(c)),
        Deferral::Limit(Limit::Quarter(q)) => {
            let origin = &parcels.quarters[q].origin;
            format!("quarter:{}:{}", origin.file, origin.line)
        }
    }
}

/// A deferral in a few words (a table cell).
fn reason_label(words: &Words<'_>, parcels: &Parcels, reason: Deferral) -> String {
    match reason {
        Deferral::OutsidePlan => words.pick("未列入计划", "outside the plan").to_string(),
        Deferral::NotReady => words
            .pick("本年度不具备供应条件", "not ready this year")
            .to_string(),
        Deferral::NotChosen => words
            .pick("搜索提前停止", "search stopped early")
            .to_string(),
        Deferral::Limit(l) => limit(words, parcels, l),
    }
}

/// The JSON view of the parcel plans of `samples` samples.
pub fn view(
    words: &Words<'_>,
    parcels: &Parcels,
    summary: &ParcelStressSummary,
    samples: u64,
) -> ParcelsJson {
    let scenario = words.scenario;
    let planned = summary.planned;
    ParcelsJson {
        samples_planned: planned,
        infeasible_samples: summary.infeasible,
        unsettled_samples: summary.unsettled,
        searches_stopped_early: summary.gaps,
        tiers: summary
            .tiers
            .iter()
            .map(|t| TierJson {
                tier: t.tier,
                unshocked: t.planned.map(show),
                reaches_unshocked: t.full,
                probability_unshocked: share(t.full, planned),
                mean_supply: show(t.mean),
                supply: super::stress::quantiles(&t.supply),
            })
            .collect(),
        parcels: summary
            .parcels
            .iter()
            .map(|p| {
                let parcel = &parcels.parcels[p.parcel];
                ParcelJson {
                    parcel: parcel.id.clone(),
                    town: scenario.town(parcel.town).name.clone(),
                    category: scenario.category(parcel.category).name.clone(),
                    area: show(parcel.area),
                    slipped: p.slipped,
                    probability_slipped: share(p.slipped, samples),
                    supplied: p.supplied,
                    probability_supplied: share(p.supplied, planned),
                    deferred: p.deferred,
                    probability_deferred: share(p.deferred, planned),
                    deferred_by: p
                        .reasons
                        .iter()
                        .map(|&(reason, count)| ReasonJson {
                            limit: reason_key(scenario, parcels, reason),
                            label: reason_label(words, parcels, reason),
                            count,
                            share: share(count, planned),
                        })
                        .collect(),
                }
            })
            .collect(),
    }
}

/// The headline lines of the parcel plans.
pub fn headline(words: &Words<'_>, view: &ParcelsJson) -> Vec<String> {
    let mut lines = vec![words.pick(
        format!(
            "地块供应方案（整宗地块，含地块延迟）：{} 次抽样有可行方案",
            view.samples_planned
        ),
        format!(
            "parcel plans (whole parcels, under readiness slips): {} samples planned",
            view.samples_planned
        ),
    )];
    if view.infeasible_samples > 0 {
        lines.push(words.pick(
            format!(
                "其中 {} 次地块无可行方案（经复核确认）",
                view.infeasible_samples
            ),
            format!(
                "{} sample(s) with no whole-parcel plan (confirmed)",
                view.infeasible_samples
            ),
        ));
    }
    if view.unsettled_samples > 0 {
        lines.push(words.pick(
            format!(
                "其中 {} 次在搜索时限内未找到地块方案（未证明不可行，不计入统计）",
                view.unsettled_samples
            ),
            format!(
                "{} sample(s) found no parcel plan within the search budget (not proven infeasible; left out)",
                view.unsettled_samples
            ),
        ));
    }
    if view.searches_stopped_early > 0 {
        lines.push(words.pick(
            format!(
                "其中 {} 次搜索达到时限提前停止：这些抽样的结果取决于机器速度",
                view.searches_stopped_early
            ),
            format!(
                "{} planned sample(s) stopped a search at its time limit: their figures depend on the machine's speed",
                view.searches_stopped_early
            ),
        ));
    }
    lines
}

const TIER_HEADER: &[&str] = &[
    "tier",
    "unshocked",
    "P(reaches it)",
    "mean supply",
    "p5",
    "p50",
    "p95",
    "±",
];
const TIER_HEADER_ZH: &[&str] = &[
    "优先级",
    "无波动时供应",
    "达到概率",
    "平均供应",
    "5%分位",
    "50%分位",
    "95%分位",
    "±",
];
const PARCEL_HEADER: &[&str] = &[
    "parcel",
    "town",
    "category",
    "area",
    "P(slip)",
    "P(supplied)",
    "P(deferred)",
    "most often deferred by",
    "share",
];
const PARCEL_HEADER_ZH: &[&str] = &[
    "地块编号",
    "镇",
    "用地类型",
    "面积",
    "延迟概率",
    "供应概率",
    "暂缓概率",
    "最常见的暂缓原因",
    "占比",
];

/// The parcel sections of a table or Markdown report: the tiers, then the parcels that
/// slipped or were deferred in some sample.
pub fn render_text(words: &Words<'_>, view: &ParcelsJson, layout: Layout) -> String {
    let (table, title) = (layout.table, layout.title);
    let mut out = String::new();
    if view.samples_planned == 0 {
        return out;
    }
    out.push_str(&title(words.pick(
        "地块供应方案：各优先级供应分位数",
        "Parcel plans: supply per tier",
    )));
    let rows: Vec<Vec<String>> = view
        .tiers
        .iter()
        .map(|t| {
            vec![
                words.tier_cell(t.tier),
                t.unshocked.clone().unwrap_or_else(|| "-".to_string()),
                words.ratio_cell(&t.probability_unshocked),
                t.mean_supply.clone(),
                t.supply.p5.clone(),
                t.supply.p50.clone(),
                t.supply.p95.clone(),
                t.supply.error.clone(),
            ]
        })
        .collect();
    out.push_str(&table(words.pick(TIER_HEADER_ZH, TIER_HEADER), &rows));
    out.push_str(&title(words.pick(
        "地块：延迟、供应与暂缓的概率",
        "Parcels: how often each slips, is supplied and is deferred",
    )));
    let rows: Vec<Vec<String>> = view
        .parcels
        .iter()
        .filter(|p| p.slipped > 0 || p.deferred > 0)
        .map(|p| {
            let top = p.deferred_by.first();
            vec![
                p.parcel.clone(),
                p.town.clone(),
                p.category.clone(),
                p.area.clone(),
                words.ratio_cell(&p.probability_slipped),
                words.ratio_cell(&p.probability_supplied),
                words.ratio_cell(&p.probability_deferred),
                top.map_or_else(|| "-".to_string(), |r| r.label.clone()),
                top.map_or_else(|| "-".to_string(), |r| words.ratio_cell(&r.share)),
            ]
        })
        .collect();
    out.push_str(&table(words.pick(PARCEL_HEADER_ZH, PARCEL_HEADER), &rows));
    out
}

/// The parcel rows of the long CSV (its columns plus `parcel`): one `parcel_tier` row per
/// tier and, per parcel, `parcel_slipped`, `parcel_supplied` and one `parcel_deferred` row
/// per reason (`limit` its key).
pub fn csv_rows(view: &ParcelsJson, columns: usize) -> Vec<Vec<String>> {
    let blank = String::new;
    let mut rows = Vec::new();
    let mut push = |mut row: Vec<String>, parcel: String| {
        row.resize(columns, String::new());
        row.push(parcel);
        rows.push(row);
    };
    for t in &view.tiers {
        let q = &t.supply;
        let row = vec![
            "parcel_tier".into(),
            t.tier.to_string(),
            blank(),
            blank(),
            blank(),
            t.reaches_unshocked.to_string(),
            t.probability_unshocked.clone(),
            t.mean_supply.clone(),
            q.p5.clone(),
            q.p50.clone(),
            q.p95.clone(),
            q.error.clone(),
        ];
        push(row, blank());
    }
    for p in &view.parcels {
        let base = |kind: &str, limit: String, count: u64, share: &str| {
            vec![
                kind.to_string(),
                blank(),
                p.town.clone(),
                p.category.clone(),
                limit,
                count.to_string(),
                share.to_string(),
            ]
        };
        push(
            base("parcel_slipped", blank(), p.slipped, &p.probability_slipped),
            p.parcel.clone(),
        );
        push(
            base(
                "parcel_supplied",
                blank(),
                p.supplied,
                &p.probability_supplied,
            ),
            p.parcel.clone(),
        );
        for r in &p.deferred_by {
            push(
                base("parcel_deferred", r.limit.clone(), r.count, &r.share),
                p.parcel.clone(),
            );
        }
    }
    rows
}
