//! The report's sections for the cap sweep and the stress test.
//!
//! Input: a `sweep::SweepReport` (each tier's supply at grid values of the cap, and the break
//! points found by bisection) or a `stress::StressSummary` (each tier's full-supply count and
//! shortfall quantiles, each cell's cut count), with the words of the report's language.
//! Output: `Section`s: a line chart of every tier's supply over the cap with a marker at each
//! break point and the table of break points; a bar chart and table of each tier's
//! probability of full supply and the table of the cells most often cut. Figures are copied
//! from the summaries (a probability is the count over the solved samples, exactly, to four
//! decimals); nothing is sampled or solved here.

use super::words::Words;
use super::{BarChart, BarGroup, Block, LineChart, LineSeries, Section, Table};
use crate::number::show;
use crate::stress::StressSummary;
use crate::sweep::{BreakPoint, Event, State, SweepReport};
use rust_decimal::Decimal;

/// At most this many cells are listed as the most often cut.
pub const MOST_CUT: usize = 10;

/// The cap sweep of the scenario `name`.
pub fn sweep_section(words: &Words, name: &str, id: usize, report: &SweepReport) -> Section {
    let series = report
        .tiers
        .iter()
        .enumerate()
        .map(|(position, tier)| LineSeries {
            label: words.tier(*tier),
            points: supply_points(report, position)
                .into_iter()
                .map(|(x, y)| (words.drawn(x), words.drawn(y)))
                .collect(),
        })
        .collect();
    let cap = words.scenario.settings.cap;
    let markers = report
        .breaks
        .iter()
        .map(|b| (words.drawn(b.first), break_words(words, b)))
        .collect();
    let chart = LineChart {
        id: format!("sweep-{id}"),
        title: words
            .pick(
                "各优先级供应随供应总量上限的变化",
                "Each tier's supply as the cap moves",
            )
            .to_string(),
        x_label: words.pick(
            format!("供应总量上限（{}）", words.drawn_unit()),
            format!("cap ({})", words.drawn_unit()),
        ),
        y_label: words.drawn_unit().to_string(),
        series,
        markers,
        reference: Some((
            words.drawn(cap),
            words.pick("本方案上限", "this scenario's cap").to_string(),
        )),
    };
    let mut blocks = vec![
        Block::Paragraph(words.pick(
            format!(
                "供应总量上限在 {} 至 {} 之间取 {} 个值逐一求解，并在供应状态变化处二分查找到 {}（共求解 {} 次）；虚线为转折点。",
                words.figure(first_value(report)),
                words.figure(last_value(report)),
                report.points.len(),
                words.area(report.precision),
                report.solves
            ),
            format!(
                "Solved at {} values of the cap from {} to {}, and bisected wherever the state changes down to {} ({} solves in all); dashed lines mark the break points.",
                report.points.len(),
                words.figure(first_value(report)),
                words.figure(last_value(report)),
                words.area(report.precision),
                report.solves
            ),
        )),
        Block::Paragraph(words.pick(
            format!("本方案上限为 {}，图中以实线标出。", words.area(cap)),
            format!("This scenario's cap, {}, is the solid line.", words.area(cap)),
        )),
        Block::Line(chart),
    ];
    if !report.breaks.is_empty() {
        blocks.push(Block::Table(breaks_table(words, report)));
    }
    Section {
        id: format!("sweep-{id}"),
        title: format!(
            "{}{}",
            words.pick("总量敏感性分析", "Cap sweep"),
            suffix(words, name)
        ),
        blocks,
    }
}

/// A tier's supply at every grid value and at both ends of every break point, in x order:
/// the break points are vertices of the line, so each kink is drawn where it is, not at the
/// next grid value.
fn supply_points(report: &SweepReport, position: usize) -> Vec<(Decimal, Decimal)> {
    let supply = |value: Decimal, state: &State| match state {
        State::Optimal { supply, .. } => Some((value, supply[position])),
        State::Infeasible => None,
    };
    let grid = report.points.iter().map(|p| supply(p.value, &p.state));
    let breaks = report.breaks.iter().flat_map(|b| {
        [
            supply(b.last, &b.last_state),
            supply(b.first, &b.first_state),
        ]
    });
    let mut points: Vec<(Decimal, Decimal)> = grid.chain(breaks).flatten().collect();
    points.sort_by_key(|p| p.0);
    points.dedup_by_key(|p| p.0);
    points
}

fn first_value(report: &SweepReport) -> Decimal {
    report.points.first().map_or(Decimal::ZERO, |p| p.value)
}

fn last_value(report: &SweepReport) -> Decimal {
    report.points.last().map_or(Decimal::ZERO, |p| p.value)
}

fn suffix(words: &Words, name: &str) -> String {
    if name.is_empty() {
        String::new()
    } else {
        words.pick(format!("：{name}"), format!(": {name}"))
    }
}

/// What happens at a break point, in the planner's words.
fn break_words(words: &Words, point: &BreakPoint) -> String {
    let rising = point.first > point.last;
    // Seen with the cap rising: does the event start or stop holding?
    let holds_above = if rising { point.after } else { point.before };
    match (point.event, holds_above) {
        (Event::TierCut(tier), false) => words.pick(
            format!("{}自此全额供应", words.tier(tier)),
            format!("{} fully supplied from here", words.tier(tier)),
        ),
        (Event::TierCut(tier), true) => words.pick(
            format!("{}自此被削减", words.tier(tier)),
            format!("{} cut from here", words.tier(tier)),
        ),
        (Event::CapBinds, false) => words
            .pick("供应总量自此未达上限", "the cap has room from here")
            .to_string(),
        (Event::CapBinds, true) => words
            .pick("供应总量自此已达上限", "the cap binds from here")
            .to_string(),
        (Event::Infeasible, false) => words
            .pick("自此有可行方案", "feasible from here")
            .to_string(),
        (Event::Infeasible, true) => words
            .pick("自此无可行方案", "infeasible from here")
            .to_string(),
    }
}

fn breaks_table(words: &Words, report: &SweepReport) -> Table {
    let unit = words.unit();
    Table {
        header: vec![
            words.pick("转折", "break point").to_string(),
            words.pick(
                format!("上限（{unit}）：之前",),
                format!("cap ({unit}): before"),
            ),
            words.pick(
                format!("上限（{unit}）：之后"),
                format!("cap ({unit}): after"),
            ),
        ],
        rows: report
            .breaks
            .iter()
            .map(|b| {
                let (low, high) = (b.last.min(b.first), b.last.max(b.first));
                vec![break_words(words, b), words.figure(low), words.figure(high)]
            })
            .collect(),
        numeric: vec![false, true, true],
    }
}

/// `count / solved` as a percentage to two decimals (`None` when nothing solved).
fn percent(count: u64, solved: u64) -> Option<Decimal> {
    (solved > 0).then(|| {
        (Decimal::from(count) * Decimal::ONE_HUNDRED / Decimal::from(solved))
            .round_dp(2)
            .normalize()
    })
}

/// How the stress test drew demand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Draws<'a> {
    /// Every cell's demand times a uniform factor in 1 - spread..1 + spread.
    Spread(Decimal),
    /// As an `uncertainty.csv` says: `moving` of the scenario's cells move.
    File { path: &'a str, moving: usize },
}

fn draws_words(words: &Words, draws: Draws) -> String {
    let cells = words.scenario.cells.len();
    match draws {
        Draws::Spread(spread) => {
            let low = show((Decimal::ONE - spread).max(Decimal::ZERO));
            let high = show(Decimal::ONE + spread);
            words.pick(
                format!("各镇分类用地的需求各乘以 {low} 至 {high} 之间独立均匀分布的系数"),
                format!("every cell's demand times an independent uniform factor in {low}..{high}"),
            )
        }
        Draws::File { path, moving } => words.pick(
            format!("按 {path} 变动，{cells} 项各镇分类用地中 {moving} 项变动"),
            format!("as {path} says: {moving} of {cells} cells move"),
        ),
    }
}

/// The stress test of the scenario `name`.
pub fn stress_section(
    words: &Words,
    name: &str,
    id: usize,
    summary: &StressSummary,
    draws: Draws,
) -> Section {
    let solved = summary.solved();
    let uncertainty = draws_words(words, draws);
    let title = format!(
        "{}{}",
        words.pick("需求波动测试", "Stress test"),
        suffix(words, name)
    );
    if solved == 0 {
        // No draw solved: there is no probability or mean to show, and a 0 would read as one.
        let text = words.pick(
            format!(
                "需求随机变动 {} 次（种子 {}；{uncertainty}），全部无可行方案（经复核确认）：无法计算全额供应概率和平均供地缺口。需调整的指标及幅度见建议部分。",
                summary.samples, summary.seed
            ),
            format!(
                "Demand drawn {} times (seed {}; {uncertainty}): every draw is infeasible (confirmed), so there is no probability of full supply or mean shortfall to show. See the recommendations for what to change.",
                summary.samples, summary.seed
            ),
        );
        return Section {
            id: format!("stress-{id}"),
            title,
            blocks: vec![Block::Paragraph(text)],
        };
    }
    let intro = words.pick(
        format!(
            "需求随机变动 {} 次（种子 {}；{uncertainty}），其中 {} 次无可行方案（经复核确认）。全额供应概率 = 该级全额供应的次数 / 有可行方案的 {solved} 次。",
            summary.samples, summary.seed, summary.infeasible
        ),
        format!(
            "Demand drawn {} times (seed {}; {uncertainty}); {} draws infeasible (confirmed). Probability of full supply = draws in which the tier is fully supplied / the {solved} draws that solved.",
            summary.samples, summary.seed, summary.infeasible
        ),
    );
    let chart = BarChart {
        id: format!("stress-{id}"),
        title: words
            .pick(
                "各优先级全额供应概率",
                "Probability of full supply, by tier",
            )
            .to_string(),
        unit: "%".to_string(),
        series: vec![words
            .pick("全额供应概率（%）", "probability of full supply (%)")
            .to_string()],
        groups: summary
            .tiers
            .iter()
            .map(|t| BarGroup {
                label: words.tier(t.tier),
                values: vec![percent(t.full, solved).unwrap_or_default()],
            })
            .collect(),
        full: Some(Decimal::ONE_HUNDRED),
    };
    Section {
        id: format!("stress-{id}"),
        title,
        blocks: vec![
            Block::Paragraph(intro),
            Block::Bars(vec![chart]),
            Block::Table(tier_table(words, summary)),
            Block::Heading(
                words
                    .pick("最常被削减的各镇分类用地", "Cells most often cut")
                    .to_string(),
            ),
            Block::Table(cut_table(words, summary)),
        ],
    }
}

fn tier_table(words: &Words, summary: &StressSummary) -> Table {
    let unit = words.unit();
    Table {
        header: vec![
            words.pick("优先级", "tier").to_string(),
            words.pick("全额供应次数", "fully supplied").to_string(),
            words
                .pick("全额供应概率（%）", "probability (%)")
                .to_string(),
            words.pick(
                format!("平均供地缺口（{unit}）"),
                format!("mean shortfall ({unit})"),
            ),
            words.pick(
                format!("供地缺口 P5 / P50 / P95（{unit}）"),
                format!("shortfall p5 / p50 / p95 ({unit})"),
            ),
        ],
        rows: summary
            .tiers
            .iter()
            .map(|t| {
                vec![
                    words.tier(t.tier),
                    t.full.to_string(),
                    crate::report::opt(percent(t.full, summary.solved())),
                    words.figure(t.mean_shortfall),
                    quantiles(words, &t.shortfall),
                ]
            })
            .collect(),
        numeric: vec![false, true, true, true, true],
    }
}

fn quantiles(words: &Words, q: &crate::stress::QuantileSummary) -> String {
    let figure = |value: Decimal| words.figure(value);
    let mut text = format!("{} / {} / {}", figure(q.p5), figure(q.p50), figure(q.p95));
    if !q.error.is_zero() {
        text.push_str(&format!(" (±{})", figure(q.error)));
    }
    text
}

/// The cells cut in the most draws (never-cut cells left out), most first, then cell order.
fn cut_table(words: &Words, summary: &StressSummary) -> Table {
    let scenario = words.scenario;
    let mut cells: Vec<_> = summary.cells.iter().filter(|c| c.cut > 0).collect();
    cells.sort_by(|a, b| b.cut.cmp(&a.cut).then(a.cell.cmp(&b.cell)));
    let unit = words.unit();
    Table {
        header: vec![
            words.pick("镇", "town").to_string(),
            words.pick("用地类型", "category").to_string(),
            words.pick("被削减次数", "draws cut").to_string(),
            words.pick("被削减比例（%）", "share (%)").to_string(),
            words.pick(
                format!("配置 P5 / P50 / P95（{unit}）"),
                format!("allocation p5 / p50 / p95 ({unit})"),
            ),
        ],
        rows: cells
            .into_iter()
            .take(MOST_CUT)
            .map(|c| {
                let cell = &scenario.cells[c.cell];
                vec![
                    scenario.town(cell.town).name.clone(),
                    scenario.category(cell.category).name.clone(),
                    c.cut.to_string(),
                    crate::report::opt(percent(c.cut, summary.solved())),
                    quantiles(words, &c.allocation),
                ]
            })
            .collect(),
        numeric: vec![false, false, true, true, true],
    }
}
