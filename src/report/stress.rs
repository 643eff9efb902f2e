//! Renders a stress run: per tier the probability of full supply and the shortfall
//! quantiles, per limit how often it binds, per town and cell how often it is cut and the
//! allocation quantiles. Pure: figures come from `stress::StressSummary`, nothing is computed
//! here but shares of counts for display.

use super::page::words::{Lang, Words};
use super::{excel_csv, json, markdown, Format, Layout, MARKDOWN, TERMINAL};
use crate::number::show;
use crate::parcels::Parcels;
use crate::scenario::Scenario;
use crate::stress::{QuantileSummary, StressSummary};
use rust_decimal::Decimal;
use serde::Serialize;

/// What the run was asked to do, beside what it found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StressContext {
    /// How demand moves, in words ("uniform x0.8..x1.2 on every cell's demand").
    pub uncertainty: String,
    /// The what-if scenario stressed, if any.
    pub whatif: Option<String>,
    /// The language of tables and Markdown; the data's language when `None`.
    pub lang: Option<Lang>,
}

/// The JSON document of `landplan stress --format json`.
#[derive(Debug, Serialize)]
pub struct StressJson {
    #[serde(skip)]
    pub path: crate::solve::engine::SolverPath,
    pub scenario: String,
    pub whatif: Option<String>,
    pub unit: crate::scenario::Unit,
    pub seed: u64,
    pub samples_requested: u64,
    pub samples: u64,
    pub partial: bool,
    pub infeasible_samples: u64,
    pub uncertainty: String,
    pub solver: &'static str,
    pub quantiles: &'static str,
    pub tiers: Vec<TierJson>,
    pub limits: Vec<LimitJson>,
    pub towns: Vec<TownJson>,
    pub cells: Vec<CellJson>,
    /// The whole-parcel plans under readiness slips (when the run drew them).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parcels: Option<super::stress_parcels::ParcelsJson>,
}

#[derive(Debug, Serialize)]
pub struct QuantilesJson {
    pub p5: String,
    pub p50: String,
    pub p95: String,
    /// The most any of the three can be off by (0: exact).
    pub error: String,
}

#[derive(Debug, Serialize)]
pub struct TierJson {
    pub tier: u32,
    pub categories: Vec<String>,
    pub fully_supplied: u64,
    pub probability_full: String,
    pub mean_shortfall: String,
    pub shortfall: QuantilesJson,
}

#[derive(Debug, Serialize)]
pub struct LimitJson {
    #[serde(skip)]
    pub id: crate::constraints::ConstraintId,
    pub limit: String,
    pub label: String,
    pub binding: u64,
    pub share: String,
}

#[derive(Debug, Serialize)]
pub struct TownJson {
    pub town: String,
    pub cut: u64,
    pub share_cut: String,
    pub mean_shortfall: String,
}

#[derive(Debug, Serialize)]
pub struct CellJson {
    pub town: String,
    pub category: String,
    pub tier: u32,
    pub declared_demand: String,
    pub mean: String,
    pub allocation: QuantilesJson,
    pub cut: u64,
    pub share_cut: String,
}

/// How the quantiles are computed, for readers of the JSON.
const QUANTILES: &str = "nearest rank over fixed-range histograms of 4096 bins; `error` bounds the distance to the exact quantile";

pub(super) fn quantiles(q: &QuantileSummary) -> QuantilesJson {
    QuantilesJson {
        p5: show(q.p5),
        p50: show(q.p50),
        p95: show(q.p95),
        error: show(q.error),
    }
}

/// count / solved, to 4 decimals.
fn share(count: u64, solved: u64) -> String {
    if solved == 0 {
        return "0".to_string();
    }
    show((Decimal::from(count) / Decimal::from(solved)).round_dp(4))
}

/// Builds the JSON view (also the source of every other format); the parcel plans are shown
/// when the summary has them and `parcels` names the parcels.
pub fn view(
    scenario: &Scenario,
    parcels: Option<&Parcels>,
    summary: &StressSummary,
    context: &StressContext,
) -> StressJson {
    let solved = summary.solved();
    let tier_of = |tier: u32| {
        scenario
            .categories
            .iter()
            .filter(|c| c.tier == tier)
            .map(|c| c.name.clone())
            .collect()
    };
    StressJson {
        path: summary.path,
        scenario: scenario.settings.name.clone(),
        whatif: context.whatif.clone(),
        unit: scenario.settings.unit,
        seed: summary.seed,
        samples_requested: summary.requested,
        samples: summary.samples,
        partial: summary.partial(),
        infeasible_samples: summary.infeasible,
        uncertainty: context.uncertainty.clone(),
        solver: summary.path.describe(),
        quantiles: QUANTILES,
        tiers: summary
            .tiers
            .iter()
            .map(|t| TierJson {
                tier: t.tier,
                categories: tier_of(t.tier),
                fully_supplied: t.full,
                probability_full: share(t.full, solved),
                mean_shortfall: show(t.mean_shortfall),
                shortfall: quantiles(&t.shortfall),
            })
            .collect(),
        limits: summary
            .limits
            .iter()
            .map(|l| LimitJson {
                id: l.id,
                limit: l.id.key(scenario),
                label: l.id.label(scenario),
                binding: l.binding,
                share: share(l.binding, solved),
            })
            .collect(),
        towns: summary
            .towns
            .iter()
            .zip(&scenario.towns)
            .map(|(t, town)| TownJson {
                town: town.name.clone(),
                cut: t.cut,
                share_cut: share(t.cut, solved),
                mean_shortfall: show(t.mean_shortfall),
            })
            .collect(),
        cells: summary
            .cells
            .iter()
            .map(|c| {
                let cell = &scenario.cells[c.cell];
                CellJson {
                    town: scenario.town(cell.town).name.clone(),
                    category: scenario.category(cell.category).name.clone(),
                    tier: scenario.tier_of(cell),
                    declared_demand: show(cell.demand),
                    mean: show(c.mean),
                    allocation: quantiles(&c.allocation),
                    cut: c.cut,
                    share_cut: share(c.cut, solved),
                }
            })
            .collect(),
        parcels: parcels.zip(summary.parcels.as_ref()).map(|(parcels, p)| {
            let words = Words::new(Lang::or_detect(context.lang, scenario), scenario);
            super::stress_parcels::view(&words, parcels, p, summary.samples)
        }),
    }
}

const TIER_HEADER: &[&str] = &[
    "tier",
    "categories",
    "P(full supply)",
    "mean shortfall",
    "p5",
    "p50",
    "p95",
    "±",
];
const LIMIT_HEADER: &[&str] = &["limit", "binds in", "share"];
const TOWN_HEADER: &[&str] = &["town", "cut in", "share", "mean shortfall"];
const CELL_HEADER: &[&str] = &[
    "town", "category", "tier", "demand", "mean", "p5", "p50", "p95", "±", "cut in", "share",
];
/// The same columns in Chinese (the quantiles keep their names: 5%、50%、95% 分位).
const TIER_HEADER_ZH: &[&str] = &[
    "优先级",
    "用地类型",
    "全额供应概率",
    "平均供地缺口",
    "5%分位",
    "50%分位",
    "95%分位",
    "±",
];
const LIMIT_HEADER_ZH: &[&str] = &["控制指标", "已用足次数", "占比"];
const TOWN_HEADER_ZH: &[&str] = &["镇", "被压减次数", "占比", "平均供地缺口"];
const CELL_HEADER_ZH: &[&str] = &[
    "镇",
    "用地类型",
    "优先级",
    "申报需求",
    "平均配置",
    "5%分位",
    "50%分位",
    "95%分位",
    "±",
    "被压减次数",
    "占比",
];
const CSV_HEADER: &[&str] = &[
    "kind", "tier", "town", "category", "limit", "count", "share", "mean", "p5", "p50", "p95",
    "error",
];

fn tier_rows(words: &Words, view: &StressJson) -> Vec<Vec<String>> {
    view.tiers
        .iter()
        .map(|t| {
            vec![
                words.tier_cell(t.tier),
                words.join(&t.categories),
                words.ratio_cell(&t.probability_full),
                t.mean_shortfall.clone(),
                t.shortfall.p5.clone(),
                t.shortfall.p50.clone(),
                t.shortfall.p95.clone(),
                t.shortfall.error.clone(),
            ]
        })
        .collect()
}

fn limit_rows(words: &Words, view: &StressJson) -> Vec<Vec<String>> {
    view.limits
        .iter()
        .map(|l| {
            let label = match words.lang {
                Lang::Zh => words.limit(l.id),
                Lang::En => l.label.clone(),
            };
            vec![label, l.binding.to_string(), words.ratio_cell(&l.share)]
        })
        .collect()
}

fn town_rows(words: &Words, view: &StressJson) -> Vec<Vec<String>> {
    view.towns
        .iter()
        .map(|t| {
            vec![
                t.town.clone(),
                t.cut.to_string(),
                words.ratio_cell(&t.share_cut),
                t.mean_shortfall.clone(),
            ]
        })
        .collect()
}

fn cell_rows(words: &Words, view: &StressJson) -> Vec<Vec<String>> {
    view.cells
        .iter()
        .map(|c| {
            vec![
                c.town.clone(),
                c.category.clone(),
                words.tier_cell(c.tier),
                c.declared_demand.clone(),
                c.mean.clone(),
                c.allocation.p5.clone(),
                c.allocation.p50.clone(),
                c.allocation.p95.clone(),
                c.allocation.error.clone(),
                c.cut.to_string(),
                words.ratio_cell(&c.share_cut),
            ]
        })
        .collect()
}

/// Every figure in one long CSV table, one row per tier, limit, town and cell.
fn csv_rows(view: &StressJson) -> Vec<Vec<String>> {
    let blank = String::new;
    let q = |q: &QuantilesJson| [q.p5.clone(), q.p50.clone(), q.p95.clone(), q.error.clone()];
    let mut rows = Vec::new();
    for t in &view.tiers {
        let mut row = vec!["tier".into(), t.tier.to_string(), blank(), blank(), blank()];
        row.extend([t.fully_supplied.to_string(), t.probability_full.clone()]);
        row.push(t.mean_shortfall.clone());
        row.extend(q(&t.shortfall));
        rows.push(row);
    }
    for l in &view.limits {
        let mut row = vec!["limit".into(), blank(), blank(), blank(), l.limit.clone()];
        row.extend([l.binding.to_string(), l.share.clone()]);
        row.extend(std::iter::repeat_with(blank).take(5));
        rows.push(row);
    }
    for t in &view.towns {
        let mut row = vec!["town".into(), blank(), t.town.clone(), blank(), blank()];
        row.extend([
            t.cut.to_string(),
            t.share_cut.clone(),
            t.mean_shortfall.clone(),
        ]);
        row.extend(std::iter::repeat_with(blank).take(4));
        rows.push(row);
    }
    for c in &view.cells {
        let mut row = vec!["cell".into(), c.tier.to_string(), c.town.clone()];
        row.extend([
            c.category.clone(),
            blank(),
            c.cut.to_string(),
            c.share_cut.clone(),
        ]);
        row.push(c.mean.clone());
        row.extend(q(&c.allocation));
        rows.push(row);
    }
    rows
}

/// How demand moves, in Chinese: the sentences of `app::stress::sampling_plan` (and of its
/// readiness slips) read again (the description is all a shard document keeps, so a merged
/// run reads like a single one); a sentence of another form is shown as it is.
fn uncertainty_zh(english: &str) -> String {
    let slips = regex::Regex::new(
        r"^(.*); readiness slips: (\d+) of (\d+) parcels may slip, each by its own draw$",
    )
    .expect("a valid pattern");
    match slips.captures(english) {
        Some(c) => format!(
            "{}；地块延迟：{} 宗地块中有 {} 宗可能延迟，各自抽样",
            demand_zh(&c[1]),
            &c[3],
            &c[2]
        ),
        None => demand_zh(english),
    }
}

fn demand_zh(english: &str) -> String {
    let spread = regex::Regex::new(
        r"^every cell's demand x an independent uniform factor in (\S+)\.\.(\S+)$",
    )
    .expect("a valid pattern");
    if let Some(c) = spread.captures(english) {
        return format!(
            "各镇分类用地需求各自乘以 {}～{} 之间均匀分布的独立系数",
            &c[1], &c[2]
        );
    }
    let file = regex::Regex::new(
        r"^(.+): (\d+) row\(s\), (\d+) of (\d+) cells move, each by its own draw(?:; shared factors on top, one draw per sample and group: (.+); (\d+) of \d+ cells move in all)?$",
    )
    .expect("a valid pattern");
    let Some(c) = file.captures(english) else {
        return english.to_string();
    };
    let mut zh = format!(
        "{}：{} 行，{} 项各镇分类用地中有 {} 项各自随机波动",
        &c[1], &c[2], &c[4], &c[3]
    );
    if let (Some(factors), Some(moving)) = (c.get(5), c.get(6)) {
        zh.push_str(&format!(
            "；另有共同系数（每次抽样每组一个）：{}；共 {} 项波动",
            factors.as_str().replace(" draw(s))", " 组)"),
            moving.as_str()
        ));
    }
    zh
}

fn headline(words: &Words, view: &StressJson) -> Vec<String> {
    // A what-if scenario's name already says which one (`lianzhou-2025#cap-cut-10`).
    let scenario = match (words.lang, &view.whatif) {
        (Lang::Zh, None) => words.plan_name(),
        _ => view.scenario.clone(),
    };
    let (samples, seed, unit) = (view.samples, view.seed, words.unit());
    let solved = view.samples - view.infeasible_samples;
    let mut lines = match words.lang {
        Lang::Zh => vec![
            format!("{scenario}需求波动测试：{samples} 次抽样，随机种子 {seed}，单位：{unit}"),
            format!("需求波动：{}", uncertainty_zh(&view.uncertainty)),
            format!("求解方法：{}", words.solver_path(view.path)),
        ],
        Lang::En => vec![
            format!("stress of {scenario}: {samples} samples, seed {seed}, figures in {unit}"),
            format!("demand: {}", view.uncertainty),
            format!("solver: {}", view.solver),
        ],
    };
    if view.partial {
        lines.push(words.pick(
            format!(
                "未完成：共 {} 次，只完成了 {samples} 次",
                view.samples_requested
            ),
            format!(
                "PARTIAL: stopped after {samples} of {} samples",
                view.samples_requested
            ),
        ));
    }
    if view.infeasible_samples > 0 && solved == 0 {
        lines.push(words.pick(
            format!("全部 {samples} 次抽样均无可行方案（经复核确认）"),
            format!("every one of the {samples} samples is infeasible (confirmed)"),
        ));
    } else if view.infeasible_samples > 0 {
        let infeasible = view.infeasible_samples;
        lines.push(words.pick(
            format!("其中 {infeasible} 次无可行方案（经复核确认）；以下数字只统计有可行方案的 {solved} 次"),
            format!("{infeasible} sample(s) infeasible (confirmed); the figures below cover the {solved} that solved"),
        ));
    }
    lines
}

/// Renders a stress summary: tables and Markdown in the context's language (the data's
/// when it has none), JSON and CSV with English keys.
pub fn render(
    scenario: &Scenario,
    parcels: Option<&Parcels>,
    summary: &StressSummary,
    context: &StressContext,
    format: Format,
) -> String {
    let view = view(scenario, parcels, summary, context);
    let words = Words::new(Lang::or_detect(context.lang, scenario), scenario);
    match format {
        Format::Json => json(&view),
        Format::Csv => match &view.parcels {
            None => excel_csv(CSV_HEADER, &csv_rows(&view)),
            Some(parcels) => {
                let mut header = CSV_HEADER.to_vec();
                header.push("parcel");
                let mut rows = csv_rows(&view);
                rows.iter_mut().for_each(|row| row.push(String::new()));
                rows.extend(super::stress_parcels::csv_rows(parcels, CSV_HEADER.len()));
                excel_csv(&header, &rows)
            }
        },
        Format::Table => render_text(&words, &view, TERMINAL),
        Format::Md => {
            let mut out = markdown::title(&words.pick(
                format!("{}需求波动测试", view.scenario),
                format!("Stress of {}", view.scenario),
            ));
            out.push('\n');
            out.push_str(&render_text(&words, &view, MARKDOWN));
            out
        }
    }
}

fn render_text(words: &Words, view: &StressJson, layout: Layout) -> String {
    let (table, title) = (layout.table, layout.title);
    let mut lines = headline(words, view);
    if let Some(parcels) = &view.parcels {
        lines.extend(super::stress_parcels::headline(words, parcels));
    }
    let mut out = (layout.prose)(&lines.join("\n"));
    out.push('\n');
    if view.samples == view.infeasible_samples {
        // Nothing solved: no probability, shortfall or cut to show (not a table of zeros).
        out.push_str(&(layout.item)(words.pick(
            "无法统计全额供应概率和供地缺口",
            "there is no probability of full supply or shortfall to show",
        )));
        out.push_str(&parcel_text(words, view, layout));
        return out;
    }
    let header = |zh: &'static [&'static str], en: &'static [&'static str]| words.pick(zh, en);
    out.push_str(&title(words.pick(
        "各优先级：全额供应概率与供地缺口",
        "Tiers: probability of full supply and shortfall",
    )));
    out.push_str(&table(
        header(TIER_HEADER_ZH, TIER_HEADER),
        &tier_rows(words, view),
    ));
    out.push_str(&title(
        words.pick("控制指标：已用足的次数", "Limits: how often each binds"),
    ));
    out.push_str(&table(
        header(LIMIT_HEADER_ZH, LIMIT_HEADER),
        &limit_rows(words, view),
    ));
    out.push_str(&title(
        words.pick("各镇：被压减的次数", "Towns: how often each is cut"),
    ));
    out.push_str(&table(
        header(TOWN_HEADER_ZH, TOWN_HEADER),
        &town_rows(words, view),
    ));
    out.push_str(&title(words.pick(
        "各镇分类用地：配置分位数与被压减的次数",
        "Cells: allocation quantiles and how often each is cut",
    )));
    out.push_str(&table(
        header(CELL_HEADER_ZH, CELL_HEADER),
        &cell_rows(words, view),
    ));
    out.push_str(&parcel_text(words, view, layout));
    out
}

/// The parcel plans' sections, after the cells' (nothing without them).
fn parcel_text(words: &Words, view: &StressJson, layout: Layout) -> String {
    view.parcels.as_ref().map_or_else(String::new, |parcels| {
        super::stress_parcels::render_text(words, parcels, layout)
    })
}

#[cfg(test)]
mod tests {
    use super::uncertainty_zh;

    #[test]
    fn how_demand_moves_reads_in_chinese_and_an_unknown_sentence_stays_as_it_is() {
        assert_eq!(
            uncertainty_zh("every cell's demand x an independent uniform factor in 0.8..1.2"),
            "各镇分类用地需求各自乘以 0.8～1.2 之间均匀分布的独立系数"
        );
        assert_eq!(
            uncertainty_zh("u.csv: 2 row(s), 25 of 25 cells move, each by its own draw"),
            "u.csv：2 行，25 项各镇分类用地中有 25 项各自随机波动"
        );
        assert_eq!(
            uncertainty_zh(
                "u.csv: 1 row(s), 0 of 25 cells move, each by its own draw; shared factors on top, one draw per sample and group: county (1 draw(s)); 25 of 25 cells move in all"
            ),
            "u.csv：1 行，25 项各镇分类用地中有 0 项各自随机波动；另有共同系数（每次抽样每组一个）：county (1 组)；共 25 项波动"
        );
        assert_eq!(uncertainty_zh("something else"), "something else");
    }
}
