//! Builds the report's `Page` from the figures of the earlier stages.
//!
//! Input: the published plan and its audit, the solved scenarios (`Run`s: the base, or each
//! what-if) with their verified recommendations, sections from other analyses, and the run
//! manifest. Output: a `Page`: the audit, each scenario's allocation against the plan (charts
//! and delta tables), its tiers, binding limits and marginal values, its recommendations, a
//! side-by-side summary of several scenarios, the other analyses, the manifest. Figures are
//! copied exactly; nothing is computed here beyond sums already in the evaluation.

use super::advice::advice;
use super::words::{Lang, Shown, Words};
use super::{BarChart, BarGroup, Block, Item, Page, Section, Table};
use crate::audit::Finding;
use crate::evaluate::{Evaluation, Totals};
use crate::load::InputFile;
use crate::recommend::Recommendation;
use crate::scenario::{Scenario, TownId};
use crate::solve::{SolveReport, Status};
use crate::whatif::summary::{Solved, Summary};
use crate::whatif::Lineage;
use rust_decimal::Decimal;

/// One solved scenario to report on: the base or a what-if (`whatif::summary::Solved`: its
/// name, scenario, lineage, solve and summary against the published plan), with its
/// verified recommendations.
#[derive(Debug, Clone, Copy)]
pub struct Run<'a> {
    pub name: &'a str,
    /// How the scenario was derived from the base.
    pub lineage: &'a Lineage,
    pub scenario: &'a Scenario,
    pub report: &'a SolveReport,
    pub summary: &'a Summary,
    pub recommendations: &'a [Recommendation],
}

impl<'a> Run<'a> {
    pub fn new(solved: &'a Solved, recommendations: &'a [Recommendation]) -> Self {
        Run {
            name: &solved.name,
            lineage: &solved.lineage,
            scenario: &solved.scenario,
            report: &solved.report,
            summary: &solved.summary,
            recommendations,
        }
    }
}

/// What every report records about how it was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    /// `landplan` version (`CARGO_PKG_VERSION`).
    pub version: String,
    pub backend: String,
    pub inputs: Vec<InputFile>,
    /// The random seed of a stress test, when the report has one.
    pub seed: Option<u64>,
}

/// Everything a report is built from.
#[derive(Debug, Clone)]
pub struct ReportInput<'a> {
    pub lang: Lang,
    /// The unit figures are shown in (`--unit`); the plan's own when `None`.
    pub shown: Option<Shown>,
    /// The published plan, as loaded.
    pub plan: &'a Scenario,
    /// The audit of the published plan.
    pub findings: &'a [Finding],
    /// The base scenario, solved.
    pub base: Run<'a>,
    /// What-ifs, each solved; when there are any, each gets its own sections and all are
    /// summarised side by side with the base.
    pub whatifs: Vec<Run<'a>>,
    /// Sections from other analyses (cap sweep, stress test), placed after the scenarios.
    pub analyses: Vec<Section>,
    pub manifest: Manifest,
}

/// Builds the page.
pub fn build(input: &ReportInput) -> Page {
    let words = Words::new(input.lang, input.plan).showing(input.shown);
    // The base first, then each what-if beside it.
    let runs: Vec<&Run> = std::iter::once(&input.base).chain(&input.whatifs).collect();
    let mut sections = vec![summary(input, &runs), audit(&words, input.findings)];
    for (index, run) in runs.iter().enumerate() {
        let words = words.of(run.scenario);
        let suffix = if input.whatifs.is_empty() {
            String::new()
        } else {
            let name = display_name(&words, run, index == 0);
            words.pick(format!("：{name}"), format!(": {name}"))
        };
        sections.push(allocation(&words, run, index, &suffix));
        sections.push(tiers(&words, run, index, &suffix));
        sections.push(recommendations(&words, run, index, &suffix));
    }
    if !input.whatifs.is_empty() {
        sections.push(comparison(&words, input));
    }
    sections.extend(input.analyses.iter().cloned());
    sections.push(super::notes::notes(&words));
    sections.push(manifest(&words, input));
    number(&words, &mut sections);
    let settings = &input.plan.settings;
    let year = settings
        .year
        .map(|y| words.pick(format!("{y}年度"), format!("year {y}")));
    let scenario = words.pick(
        format!("方案数据：{}", settings.name),
        format!("scenario {}", settings.name),
    );
    let subtitle: Vec<String> = std::iter::once(scenario).chain(year).collect();
    Page {
        lang: input.lang,
        title: words.pick(
            format!("{}分析报告", words.plan_name()),
            format!("{}: analysis of the land supply plan", words.plan_name()),
        ),
        subtitle: Some(subtitle.join(" · ")),
        sections,
    }
}

/// A run's name for a reader: the base of what-ifs is 基准方案 / base.
fn display_name(words: &Words, run: &Run, base: bool) -> String {
    if base {
        words.pick("基准方案", "base").to_string()
    } else {
        run.name.to_string()
    }
}

/// Numbers the sections after the summary: 一、二、… 二十一、… or 1. 2. …
fn number(words: &Words, sections: &mut [Section]) {
    for (i, section) in sections.iter_mut().skip(1).enumerate() {
        let n = i as u32 + 1;
        let prefix = words.pick(format!("{}、", super::words::numeral(n)), format!("{n}. "));
        section.title = format!("{prefix}{}", section.title);
    }
}

fn summary(input: &ReportInput, runs: &[&Run]) -> Section {
    let words = Words::new(input.lang, input.plan).showing(input.shown);
    let mut blocks = vec![Block::Paragraph(words.pick(
        format!("公布计划审核发现 {} 项问题。", input.findings.len()),
        format!(
            "The audit of the published plan found {} issue(s).",
            input.findings.len()
        ),
    ))];
    let named = runs.len() > 1;
    for (index, run) in runs.iter().enumerate() {
        let words = words.of(run.scenario);
        let name = if named {
            display_name(&words, run, index == 0)
        } else {
            words.plan_name()
        };
        blocks.push(Block::Paragraph(run_headline(&words, run, &name)));
    }
    Section {
        id: "summary".to_string(),
        title: words.pick("概要", "Summary").to_string(),
        blocks,
    }
}

/// Recommendations with at least one remedy a re-solve confirmed.
fn confirmed(run: &Run) -> usize {
    run.recommendations
        .iter()
        .filter(|r| r.remedies.iter().any(|remedy| remedy.verified()))
        .count()
}

fn run_headline(words: &Words, run: &Run, name: &str) -> String {
    let cap = words.area(run.scenario.settings.cap);
    let confirmed = confirmed(run);
    match run.report.allocated() {
        Some(allocated) => {
            let total = &allocated.evaluation.total;
            let (supplied, short) = (words.area(total.supplied), words.area(total.shortfall()));
            words.pick(
                format!(
                    "{name}：供应总量上限 {cap}，配置 {supplied}，供地缺口 {short}；{confirmed} 项建议（均经重算验证）。"
                ),
                format!(
                    "{name}: cap {cap}, {supplied} allocated, {short} of demand not supplied; {confirmed} recommendation(s) confirmed by a re-solve."
                ),
            )
        }
        None => words.pick(
            format!("{name}：供应总量上限 {cap}，无可行方案（经复核确认）。"),
            format!("{name}: cap {cap}; no allocation keeps every rule (confirmed)."),
        ),
    }
}

fn audit(words: &Words, findings: &[Finding]) -> Section {
    let mut blocks = Vec::new();
    if findings.is_empty() {
        blocks.push(Block::Paragraph(
            words
                .pick(
                    "公布计划的各项数字相互一致。",
                    "The published plan's figures are consistent.",
                )
                .to_string(),
        ));
    } else {
        blocks.push(Block::List(
            findings
                .iter()
                .map(|f| Item {
                    text: words.finding(&restated(words, f)),
                    sub: Vec::new(),
                })
                .collect(),
        ));
        blocks.push(Block::Table(Table {
            header: vec![
                words.pick("检查", "check").to_string(),
                words.pick("范围", "scope").to_string(),
                words.pick("公布数", "stated").to_string(),
                words.pick("分项合计", "sum of parts").to_string(),
                words.pick("差额", "difference").to_string(),
                words.pick("位置", "location").to_string(),
            ],
            rows: findings
                .iter()
                .map(|f| {
                    vec![
                        words.check(f.check).to_string(),
                        words.scope(f),
                        f.expected.map(|v| words.figure(v)).unwrap_or_default(),
                        f.actual.map(|v| words.figure(v)).unwrap_or_default(),
                        f.difference.map(|v| words.figure(v)).unwrap_or_default(),
                        f.location.clone().unwrap_or_default(),
                    ]
                })
                .collect(),
            numeric: vec![false, false, true, true, true, false],
        }));
    }
    Section {
        id: "audit".to_string(),
        title: words
            .pick("公布计划审核", "Audit of the published plan")
            .to_string(),
        blocks,
    }
}

/// An audit finding in the unit asked for (`--unit`; 公顷 for both, the table beside it
/// giving the 亩), as it is when none was.
fn restated(words: &Words, finding: &Finding) -> Finding {
    match words.shown {
        Some(_) => finding.in_unit(words.main_unit()),
        None => finding.clone(),
    }
}

/// Column headers; the columns from `unit_from` to `unit_to` (exclusive) carry the unit.
fn header(words: &Words, labels: &[(&str, &str)], unit_from: usize, unit_to: usize) -> Vec<String> {
    labels
        .iter()
        .enumerate()
        .map(|(i, (zh, en))| {
            let label = words.pick(*zh, *en);
            if (unit_from..unit_to).contains(&i) {
                words.pick(
                    format!("{label}（{}）", words.unit()),
                    format!("{label} ({})", words.unit()),
                )
            } else {
                label.to_string()
            }
        })
        .collect()
}

fn allocation(words: &Words, run: &Run, index: usize, suffix: &str) -> Section {
    let title = words.pick(
        "配置与公布计划对比",
        "Allocation against the published plan",
    );
    let mut blocks = Vec::new();
    match run.report.allocated() {
        None => blocks.push(Block::Paragraph(
            words
                .pick(
                    "本方案无可行方案，没有配置结果；需调整的指标及幅度见建议部分。",
                    "No allocation keeps every rule; see the recommendations for the smallest change.",
                )
                .to_string(),
        )),
        Some(allocated) => {
            let evaluation = &allocated.evaluation;
            blocks.push(Block::Bars(vec![tier_chart(words, evaluation, index)]));
            blocks.push(Block::Heading(
                words.pick("各镇：公布计划与本方案", "Towns: published plan and this scenario").to_string(),
            ));
            if run.scenario.towns.len() > super::heat::MANY_TOWNS {
                let towns = run.scenario.towns.len();
                blocks.push(Block::Paragraph(super::heat::legend(words, towns)));
                blocks.extend(super::heat::blocks(words, evaluation));
            } else {
                blocks.push(Block::Bars(town_charts(words, evaluation, index)));
            }
            blocks.push(Block::Heading(words.pick("各镇分类用地对比", "Town x category figures and deltas").to_string()));
            blocks.push(Block::Table(delta_table(words, evaluation)));
            blocks.push(Block::Heading(words.pick("各镇合计", "Town totals").to_string()));
            let towns = &run.scenario.towns;
            blocks.push(Block::Table(totals_table(
                words,
                words.pick("镇", "town"),
                towns.iter().map(|t| (t.name.as_str(), t.plan)),
                &evaluation.towns,
            )));
            blocks.push(Block::Heading(words.pick("各类用地合计", "Category totals").to_string()));
            let categories = &run.scenario.categories;
            blocks.push(Block::Table(totals_table(
                words,
                words.pick("用地类型", "category"),
                categories.iter().map(|c| (c.name.as_str(), c.plan)),
                &evaluation.categories,
            )));
        }
    }
    Section {
        id: format!("allocation-{}", index + 1),
        title: format!("{title}{suffix}"),
        blocks,
    }
}

fn series(words: &Words) -> Vec<String> {
    vec![
        words.pick("公布计划", "published plan").to_string(),
        words.pick("本方案", "this scenario").to_string(),
    ]
}

fn tier_chart(words: &Words, evaluation: &Evaluation, index: usize) -> BarChart {
    BarChart {
        id: format!("tiers-{}", index + 1),
        title: words
            .pick("各优先级：需求与供应", "Tiers: demand and supply")
            .to_string(),
        unit: words.drawn_unit().to_string(),
        series: vec![
            words.pick("需求", "demand").to_string(),
            words.pick("供应", "supplied").to_string(),
        ],
        groups: evaluation
            .tiers
            .iter()
            .map(|t| BarGroup {
                label: words.tier(t.tier),
                values: vec![words.drawn(t.totals.demand), words.drawn(t.totals.supplied)],
            })
            .collect(),
        full: None,
    }
}

/// One chart per town with cells: each category's published figure and allocation, all on
/// one scale (the largest figure of any town is the full length), so that bars compare
/// across towns as well as within one.
fn town_charts(words: &Words, evaluation: &Evaluation, index: usize) -> Vec<BarChart> {
    let scenario = words.scenario;
    let largest = evaluation
        .cells
        .iter()
        .flat_map(|c| [c.plan, c.allocated])
        .max()
        .map(|m| words.drawn(m));
    (0..scenario.towns.len())
        .map(TownId)
        .filter_map(|town| {
            let groups: Vec<BarGroup> = evaluation
                .cells
                .iter()
                .filter(|c| c.town == town)
                .map(|c| BarGroup {
                    label: scenario.category(c.category).name.clone(),
                    values: vec![words.drawn(c.plan), words.drawn(c.allocated)],
                })
                .collect();
            let name = &scenario.town(town).name;
            (!groups.is_empty()).then(|| BarChart {
                id: format!("town-{}-{name}", index + 1),
                title: format!("{name}（{}）", words.drawn_unit()),
                unit: words.drawn_unit().to_string(),
                series: series(words),
                groups,
                full: largest,
            })
        })
        .collect()
}

fn delta_table(words: &Words, evaluation: &Evaluation) -> Table {
    let scenario = words.scenario;
    let mut rows: Vec<Vec<String>> = evaluation
        .cells
        .iter()
        .map(|c| {
            vec![
                scenario.town(c.town).name.clone(),
                scenario.category(c.category).name.clone(),
                scenario.category(c.category).tier.to_string(),
                words.figure(c.plan),
                words.figure(c.demand),
                words.figure(c.committed),
                words.figure(c.allocated),
                words.signed(c.delta()),
            ]
        })
        .collect();
    let total = &evaluation.total;
    rows.push(vec![
        words.total().to_string(),
        String::new(),
        String::new(),
        words.figure(total.plan),
        words.figure(total.demand),
        words.figure(total.committed),
        words.figure(total.supplied),
        words.signed(total.supplied - total.plan),
    ]);
    Table {
        header: header(
            words,
            &[
                ("镇", "town"),
                ("用地类型", "category"),
                ("优先级", "tier"),
                ("公布计划", "plan"),
                ("需求", "demand"),
                ("已落实项目用地", "committed"),
                ("本方案", "allocated"),
                ("差额", "delta"),
            ],
            3,
            8,
        ),
        rows,
        numeric: vec![false, false, true, true, true, true, true, true],
    }
}

/// The towns' or categories' totals: each one's published figure (the plan's own, not the
/// sum of its cells, when the plan gives one), demand, allocation, change, shortfall and share
/// of the allocation, with a 合计 row.
fn totals_table<'n>(
    words: &Words,
    what: &str,
    names: impl Iterator<Item = (&'n str, Option<Decimal>)>,
    totals: &[Totals],
) -> Table {
    let mut header = header(
        words,
        &[
            ("", ""),
            ("公布计划", "plan"),
            ("需求", "demand"),
            ("本方案", "allocated"),
            ("差额", "delta"),
            ("供地缺口", "shortfall"),
            ("本方案占比", "share of allocation"),
        ],
        1,
        6,
    );
    header[0] = what.to_string();
    let supplied: Decimal = totals.iter().map(|t| t.supplied).sum();
    let share = |value: Decimal| {
        if supplied.is_zero() {
            String::new()
        } else {
            words.percent(value / supplied)
        }
    };
    let shown: Vec<(&str, Decimal, &Totals)> = names
        .zip(totals)
        .map(|((name, published), t)| (name, published.unwrap_or(t.plan), t))
        .filter(|(_, plan, t)| !t.demand.is_zero() || !plan.is_zero())
        .collect();
    let mut rows: Vec<Vec<String>> = shown
        .iter()
        .map(|(name, plan, t)| {
            vec![
                name.to_string(),
                words.figure(*plan),
                words.figure(t.demand),
                words.figure(t.supplied),
                words.signed(t.supplied - plan),
                words.figure(t.shortfall()),
                share(t.supplied),
            ]
        })
        .collect();
    let plan: Decimal = shown.iter().map(|(_, plan, _)| *plan).sum();
    let demand: Decimal = shown.iter().map(|(_, _, t)| t.demand).sum();
    let shortfall: Decimal = shown.iter().map(|(_, _, t)| t.shortfall()).sum();
    rows.push(vec![
        words.total().to_string(),
        words.figure(plan),
        words.figure(demand),
        words.figure(supplied),
        words.signed(supplied - plan),
        words.figure(shortfall),
        share(supplied),
    ]);
    Table {
        header,
        rows,
        numeric: vec![false, true, true, true, true, true, true],
    }
}

fn tiers(words: &Words, run: &Run, index: usize, suffix: &str) -> Section {
    let title = words.pick(
        "各优先级供应、已达上限的控制指标与放宽后的效果",
        "Tiers, binding limits and the marginal value of the cap",
    );
    let mut blocks = Vec::new();
    if let Some(allocated) = run.report.allocated() {
        blocks.push(Block::Table(tier_table(words, &allocated.evaluation)));
        blocks.push(Block::Heading(
            words
                .pick("已达上限的控制指标", "Binding limits")
                .to_string(),
        ));
        let binding: Vec<Item> = allocated
            .evaluation
            .binding()
            .map(|c| Item {
                text: format!(
                    "{}：{} / {}",
                    words.limit(c.id),
                    words.figure(c.value),
                    words.figure(c.limit)
                ),
                sub: Vec::new(),
            })
            .collect();
        if binding.is_empty() {
            blocks.push(Block::Paragraph(
                words
                    .pick(
                        "没有已达上限的控制指标：每项指标都有余量。",
                        "None: every limit has room left.",
                    )
                    .to_string(),
            ));
        } else {
            blocks.push(Block::List(binding));
        }
        blocks.push(Block::Heading(
            words
                .pick("控制指标每放宽 1 个单位，各优先级供应的变化（经重算）", "Marginal values (change in each tier's supply when the limit is loosened by one unit, by re-solve)")
                .to_string(),
        ));
        blocks.push(Block::Table(marginal_table(words, run.report)));
    }
    Section {
        id: format!("tiers-{}", index + 1),
        title: format!("{title}{suffix}"),
        blocks,
    }
}

fn tier_table(words: &Words, evaluation: &Evaluation) -> Table {
    let scenario = words.scenario;
    Table {
        header: header(
            words,
            &[
                ("优先级", "tier"),
                ("用地类型", "categories"),
                ("需求", "demand"),
                ("供应", "supplied"),
                ("供地缺口", "shortfall"),
                ("需求满足率", "fill"),
            ],
            2,
            5,
        ),
        rows: evaluation
            .tiers
            .iter()
            .map(|t| {
                let names: Vec<String> = t
                    .categories
                    .iter()
                    .map(|c| scenario.category(*c).name.clone())
                    .collect();
                tier_row(words, words.tier(t.tier), words.join(&names), &t.totals)
            })
            .chain(std::iter::once(tier_row(
                words,
                words.total().to_string(),
                String::new(),
                &evaluation.total,
            )))
            .collect(),
        numeric: vec![false, false, true, true, true, true],
    }
}

fn tier_row(words: &Words, label: String, categories: String, totals: &Totals) -> Vec<String> {
    vec![
        label,
        categories,
        words.figure(totals.demand),
        words.figure(totals.supplied),
        words.figure(totals.shortfall()),
        totals
            .fill()
            .map(|fill| words.percent(fill))
            .unwrap_or_default(),
    ]
}

fn marginal_table(words: &Words, report: &SolveReport) -> Table {
    let tiers = words.scenario.tiers();
    let mut header = vec![
        words.pick("控制指标", "limit").to_string(),
        words.pick("放宽", "loosened by").to_string(),
    ];
    header.extend(tiers.iter().map(|t| words.tier(*t)));
    let rows = report
        .marginal_values()
        .iter()
        .map(|m| {
            let mut row = vec![
                words.limit(m.constraint),
                words.limit_amount(m.constraint, m.step),
            ];
            if m.tier_gains.is_empty() {
                row.extend(tiers.iter().map(|_| m.note.clone().unwrap_or_default()));
            } else {
                row.extend(m.tier_gains.iter().map(|(_, gain)| words.signed(*gain)));
            }
            row
        })
        .collect();
    let mut numeric = vec![false, true];
    numeric.extend(tiers.iter().map(|_| true));
    Table {
        header,
        rows,
        numeric,
    }
}

fn recommendations(words: &Words, run: &Run, index: usize, suffix: &str) -> Section {
    let title = words.pick(
        "建议（均经重算验证）",
        "Recommendations (each confirmed by a re-solve)",
    );
    let items: Vec<Item> = run
        .recommendations
        .iter()
        .map(|r| {
            let advice = advice(words, r);
            Item {
                sub: advice.lines(words),
                text: advice.finding,
            }
        })
        .collect();
    let blocks = if items.is_empty() {
        vec![Block::Paragraph(
            words
                .pick(
                    "全部需求已满足，没有缺口、未用总量或接近上限的限制，无需调整。",
                    "Every demand is met and no limit is near its bound: nothing to recommend.",
                )
                .to_string(),
        )]
    } else {
        vec![Block::List(items)]
    };
    Section {
        id: format!("recommendations-{}", index + 1),
        title: format!("{title}{suffix}"),
        blocks,
    }
}

/// The base and every what-if side by side, from their summaries against the published plan
/// (`whatif::summary`).
fn comparison(words: &Words, input: &ReportInput) -> Section {
    let runs: Vec<&Run> = std::iter::once(&input.base).chain(&input.whatifs).collect();
    let mut header = vec![String::new()];
    header.extend(
        runs.iter()
            .enumerate()
            .map(|(i, r)| display_name(words, r, i == 0)),
    );
    let figure = |value: Option<rust_decimal::Decimal>| value.map(|v| words.figure(v));
    let mut rows = vec![
        row(words.pick("供应总量上限", "cap"), &runs, |r| {
            Some(words_for(words, r).figure(r.scenario.settings.cap))
        }),
        row(words.pick("配置合计", "allocated"), &runs, |r| {
            figure(r.summary.supplied)
        }),
        row(
            words.pick("供地缺口", "demand not supplied"),
            &runs,
            |r| figure(r.summary.shortfall),
        ),
    ];
    for (position, tier) in input.plan.tiers().into_iter().enumerate() {
        let tier_of = |r: &Run| r.summary.tiers.get(position).copied();
        rows.push(row(
            &format!("{} {}", words.tier(tier), words.pick("需求", "demand")),
            &runs,
            |r| tier_of(r).map(|t| words.figure(t.demand)),
        ));
        rows.push(row(
            &format!("{} {}", words.tier(tier), words.pick("供应", "supplied")),
            &runs,
            |r| tier_of(r).map(|t| words.figure(t.supplied)),
        ));
    }
    rows.push(row(
        words.pick(
            "与公布计划不同的各镇分类用地（项）",
            "cells differing from the plan",
        ),
        &runs,
        |r| r.summary.cells_changed.map(|n| n.to_string()),
    ));
    rows.push(row(
        words.pick(
            "与公布计划的总差（绝对值之和）",
            "total change from the plan (sum of |delta|)",
        ),
        &runs,
        |r| figure(r.summary.distance),
    ));
    rows.push(row(
        words.pick("已达上限的控制指标", "binding limits"),
        &runs,
        |r| {
            let evaluation = &r.report.allocated()?.evaluation;
            let labels: Vec<String> = evaluation
                .binding()
                .map(|c| words_for(words, r).limit(c.id))
                .collect();
            Some(words.join(&labels))
        },
    ));
    rows.push(row(
        words.pick("经验证的建议", "confirmed recommendations"),
        &runs,
        |r| Some(confirmed(r).to_string()),
    ));
    let mut numeric = vec![false];
    numeric.extend(runs.iter().map(|_| true));
    Section {
        id: "comparison".to_string(),
        title: words.pick("方案对比", "Scenarios side by side").to_string(),
        blocks: vec![Block::Table(Table {
            header,
            rows,
            numeric,
        })],
    }
}

fn words_for<'a>(words: &Words, run: &Run<'a>) -> Words<'a> {
    words.of(run.scenario)
}

/// A row of the side-by-side table: `—` where an infeasible scenario has no figure.
fn row(label: &str, runs: &[&Run], figure: impl Fn(&Run) -> Option<String>) -> Vec<String> {
    let mut row = vec![label.to_string()];
    row.extend(runs.iter().map(|r| match r.report.status() {
        Status::Infeasible => figure(r).unwrap_or_else(|| "—".to_string()),
        Status::Optimal => figure(r).unwrap_or_default(),
    }));
    row
}

/// A what-if's lineage in one line: what it extends, each row applied, cells created, hash.
fn lineage_line(words: &Words, lineage: &Lineage) -> String {
    let mut parts = Vec::new();
    if !lineage.extends.is_empty() {
        parts.push(format!(
            "{} {}",
            words.pick("继承", "extends"),
            lineage.extends.join(" → ")
        ));
    }
    parts.extend(lineage.rows.iter().map(|row| {
        let (field, op) = (words.what_if_word(row.field), words.what_if_word(row.op));
        words.pick(
            format!("{}：{} 的{field}{op} {}", row.origin, row.target, row.value),
            format!("{} {} {field} {op} {}", row.origin, row.target, row.value),
        )
    }));
    if !lineage.created_cells.is_empty() {
        parts.push(format!(
            "{} {}",
            words.pick("新增各镇分类用地", "new cells"),
            lineage.created_cells.join(", ")
        ));
    }
    parts.push(format!("{} {}", words.pick("哈希", "hash"), lineage.hash));
    words.pick(
        format!("{}：{}", lineage.scenario, parts.join("；")),
        format!("{}: {}", lineage.scenario, parts.join("; ")),
    )
}

/// A what-if operation (`whatif::Op::key`) in the report's language.
fn manifest(words: &Words, input: &ReportInput) -> Section {
    let m = &input.manifest;
    let mut facts = vec![
        (
            words.pick("工具", "tool").to_string(),
            format!("landplan {}", m.version),
        ),
        (
            words.pick("求解器", "solver backend").to_string(),
            m.backend.clone(),
        ),
    ];
    for file in &m.inputs {
        facts.push((
            words.pick("输入文件", "input file").to_string(),
            words.pick(
                format!(
                    "{}（{}，{} 字节，FNV-1a 64 位哈希 {}）",
                    file.path, file.encoding, file.bytes, file.hash
                ),
                format!(
                    "{} ({}, {} bytes, fnv1a-64 {})",
                    file.path, file.encoding, file.bytes, file.hash
                ),
            ),
        ));
    }
    for run in &input.whatifs {
        facts.push((
            words.pick("方案来源", "what-if lineage").to_string(),
            lineage_line(words, run.lineage),
        ));
    }
    if let Some(seed) = m.seed {
        facts.push((words.pick("随机种子", "seed").to_string(), seed.to_string()));
    }
    Section {
        id: "manifest".to_string(),
        title: words.pick("运行记录", "Run manifest").to_string(),
        blocks: vec![Block::Facts(facts)],
    }
}
