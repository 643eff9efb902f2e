//! Recommendations as sentences, built from the verified figures.
//!
//! Input: a `Recommendation` (an issue and its confirmed remedies) and the words of the
//! report's language. Output: one paragraph for the issue and one sentence per remedy, each
//! naming the figures it rests on: the shortfall or gap, the figure changed (from → to) and
//! what the confirming re-solve gave. No sentence is written without its figures; nothing
//! here decides what to recommend.

use super::words::Words;
use crate::number::show;
use crate::recommend::change::{Action, Change};
use crate::recommend::verify::Effect;
use crate::recommend::{CutCell, Issue, Recommendation, Remedy};
use rust_decimal::Decimal;

/// At most this many moved cells are named in one sentence; the rest are counted.
const MAX_NAMED_CELLS: usize = 6;

/// A recommendation as text: the finding, then each confirmed remedy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Advice {
    pub finding: String,
    pub remedies: Vec<String>,
}

/// Writes a recommendation.
pub fn advice(words: &Words, recommendation: &Recommendation) -> Advice {
    let finding = finding(words, &recommendation.issue);
    let mut remedies: Vec<String> = recommendation
        .remedies
        .iter()
        .map(|remedy| remedy_sentence(words, &recommendation.issue, remedy))
        .collect();
    if remedies.is_empty() {
        remedies.push(words.pick(
            format!(
                "已试算 {} 种调整，重算均未确认能解决，故不作建议。",
                recommendation.tried
            ),
            format!(
                "None of the {} changes tried was confirmed by a re-solve, so none is recommended.",
                recommendation.tried
            ),
        ));
    }
    Advice { finding, remedies }
}

fn finding(words: &Words, issue: &Issue) -> String {
    match issue {
        Issue::Infeasible => words
            .pick(
                "本方案无可行方案（经复核确认）；需调整的指标及幅度如下，经重算可使其可行。",
                "No allocation keeps every rule of this scenario (confirmed by an elastic model); the change below makes it solvable, as a re-solve confirms.",
            )
            .to_string(),
        Issue::Shortfall {
            tier,
            cells,
            shortfall,
            limits,
        } => shortfall_finding(words, *tier, cells, *shortfall, limits),
        Issue::AuditGap { finding } => {
            let figure = |value: Option<Decimal>| show(value.unwrap_or_default());
            let (scope, expected, actual) =
                (&finding.scope, figure(finding.expected), figure(finding.actual));
            let gap = words.area(finding.difference.unwrap_or_default());
            let by_town = finding.check == crate::audit::Check::CellsVsTown;
            let whole = match by_town {
                true => words.pick("各类用地", "categories"),
                false => words.pick("各镇", "towns"),
            };
            words.pick(
                format!("公布计划中，{scope}的{whole}合计 {actual}，比公布数 {expected} 少 {gap}，这部分未落实到各镇。"),
                format!("In the published plan, the {whole} of {scope} add up to {actual}, {gap} short of the published {expected}: that land is assigned to no cell."),
            )
        }
        Issue::UnusedCap {
            cap,
            supplied,
            demand_met,
        } => {
            let unused = words.area(*cap - *supplied);
            let why = if *demand_met {
                words.pick("全部需求已满足", "every demand is met")
            } else {
                words.pick("其余需求受其他限制约束", "the demand left is held back by other limits")
            };
            words.pick(
                format!(
                    "供应总量上限 {}中有 {unused}未供应（已供应 {}，{why}）。",
                    words.area(*cap),
                    show(*supplied)
                ),
                format!(
                    "{unused} of the {} cap is not supplied ({} supplied; {why}).",
                    words.area(*cap),
                    show(*supplied)
                ),
            )
        }
        Issue::NearLimit {
            constraint,
            limit,
            value,
        } => words.pick(
            format!(
                "{}只剩 {}余量（{} / {}）。",
                words.limit(*constraint),
                words.area(*limit - *value),
                show(*value),
                show(*limit)
            ),
            format!(
                "The {} has only {} of room left ({} of {}).",
                words.limit(*constraint),
                words.area(*limit - *value),
                show(*value),
                show(*limit)
            ),
        ),
    }
}

fn shortfall_finding(
    words: &Words,
    tier: u32,
    cells: &[CutCell],
    shortfall: Decimal,
    limits: &[(crate::constraints::ConstraintId, Decimal)],
) -> String {
    let named: Vec<String> = cells
        .iter()
        .take(MAX_NAMED_CELLS)
        .map(|c| {
            words.pick(
                format!(
                    "{}需求 {}、供应 {}，少 {}",
                    words.cell(c.cell),
                    show(c.demand),
                    show(c.allocated),
                    show(c.shortfall())
                ),
                format!(
                    "{} receives {} of {} (cut by {})",
                    words.cell(c.cell),
                    show(c.allocated),
                    show(c.demand),
                    show(c.shortfall())
                ),
            )
        })
        .collect();
    let more = more_cells(words, cells.len()).replacen('、', "；", 1);
    let mut text = words.pick(
        format!(
            "{}在本方案下供地缺口 {}：{}{more}。",
            words.tier(tier),
            words.area(shortfall),
            named.join("；")
        ),
        format!(
            "{} is cut by {} under this scenario: {}{more}.",
            capitalised(&words.tier(tier)),
            words.area(shortfall),
            named.join("; ")
        ),
    );
    if !limits.is_empty() {
        let gains: Vec<String> = limits
            .iter()
            .map(|(id, gain)| {
                let step = words.limit_amount(*id, Decimal::ONE);
                words.pick(
                    format!(
                        "{}每放宽 {step}，该级多供应 {}",
                        words.limit(*id),
                        words.area(*gain)
                    ),
                    format!(
                        "each {step} by which the {} is loosened gives it {} more",
                        words.limit(*id),
                        words.area(*gain)
                    ),
                )
            })
            .collect();
        text.push_str(&words.pick(
            format!("已达上限的控制指标：{}。", gains.join("；")),
            format!(" Binding: {}.", gains.join("; ")),
        ));
    }
    text
}

/// `、另 3 项各镇分类用地` / `, and 3 more cells` when more than `MAX_NAMED_CELLS` are meant.
fn more_cells(words: &Words, count: usize) -> String {
    if count <= MAX_NAMED_CELLS {
        return String::new();
    }
    let rest = count - MAX_NAMED_CELLS;
    words.pick(
        format!("、另 {rest} 项各镇分类用地"),
        format!(", and {rest} more cells"),
    )
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn remedy_sentence(words: &Words, issue: &Issue, remedy: &Remedy) -> String {
    let changes: Vec<String> = remedy.changes.iter().map(|c| change(words, c)).collect();
    let action = words.join(&changes);
    let result = outcome(words, issue, remedy);
    if matches!(issue, Issue::NearLimit { .. }) {
        return words.pick(
            format!("重算检验：若{action}，则{result}。"),
            format!("Re-solve check: if {action}, then {result}."),
        );
    }
    words.pick(
        format!("建议：{action}。重算确认：{result}。"),
        format!("Recommended: {action}. Re-solve: {result}."),
    )
}

/// One change in the planner's words, with the figure it moves from and to.
pub fn change(words: &Words, change: &Change) -> String {
    let (by, from_to) = (change.by(), words.from_to(change.from, change.to));
    match change.action {
        Action::Loosen { constraint } => {
            let amount = words.limit_amount(constraint, by);
            let figures = format!(
                "{} → {}",
                words.limit_figure(constraint, change.from),
                words.limit_figure(constraint, change.to)
            );
            let label = words.limit(constraint);
            match (words.raises(constraint), words.lang) {
                (true, super::words::Lang::Zh) => format!("将{label}提高 {amount}（{figures}）"),
                (false, super::words::Lang::Zh) => format!("将{label}降低 {amount}（{figures}）"),
                (true, super::words::Lang::En) => {
                    format!("raise the {label} by {amount} ({figures})")
                }
                (false, super::words::Lang::En) => {
                    format!("lower the {label} by {amount} ({figures})")
                }
            }
        }
        Action::LowerCap => words.pick(
            format!("将供应总量上限降至 {}（{from_to}）", words.area(change.to)),
            format!(
                "lower the total cap to {} ({from_to})",
                words.area(change.to)
            ),
        ),
        Action::LowerCell { cell } => {
            let committed = change
                .committed_after(words.scenario)
                .map(|(from, to)| {
                    words.pick(
                        format!("，其已落实项目用地 {}", words.from_to(from, to)),
                        format!(", its committed land {}", words.from_to(from, to)),
                    )
                })
                .unwrap_or_default();
            words.pick(
                format!(
                    "将{}减少 {}（{from_to}{committed}）",
                    words.cell(cell),
                    words.area(by)
                ),
                format!(
                    "give {} {} less ({from_to}{committed})",
                    words.cell(cell),
                    words.area(by)
                ),
            )
        }
        Action::RaiseDemand { cell } => words.pick(
            format!(
                "{}需求增加 {}（{from_to}）",
                words.cell(cell),
                words.area(by)
            ),
            format!(
                "the demand of {} rose by {} ({from_to})",
                words.cell(cell),
                words.area(by)
            ),
        ),
        Action::AssignToCell {
            cell,
            town_total,
            category_total,
        } => assign(words, cell, by, from_to, town_total, category_total),
        Action::ReleaseCommitted { cell } => words.pick(
            format!(
                "释放{}已落实项目用地 {}（{from_to}）",
                words.cell(cell),
                words.area(by)
            ),
            format!(
                "release {} of the land committed to {} ({from_to})",
                words.area(by),
                words.cell(cell)
            ),
        ),
    }
}

fn assign(
    words: &Words,
    cell: usize,
    by: Decimal,
    from_to: String,
    town_total: bool,
    category_total: bool,
) -> String {
    let scenario = words.scenario;
    let c = &scenario.cells[cell];
    let (town, category) = (scenario.town(c.town), scenario.category(c.category));
    let mut totals = Vec::new();
    if let Some(plan) = town.plan.filter(|_| town_total) {
        totals.push(words.pick(
            format!("{}合计 {}", town.name, words.from_to(plan, plan + by)),
            format!("{} total {}", town.name, words.from_to(plan, plan + by)),
        ));
    }
    if let Some(plan) = category.plan.filter(|_| category_total) {
        totals.push(words.pick(
            format!("{}合计 {}", category.name, words.from_to(plan, plan + by)),
            format!("{} total {}", category.name, words.from_to(plan, plan + by)),
        ));
    }
    let totals = if totals.is_empty() {
        String::new()
    } else {
        format!("{}{}", words.semicolon(), words.join(&totals))
    };
    words.pick(
        format!(
            "将这 {}{}安排给{}（{} {from_to}{totals}）",
            words.area(by),
            category.name,
            town.name,
            words.cell(cell)
        ),
        format!(
            "assign the {} of {} to {} ({} {from_to}{totals})",
            words.area(by),
            category.name,
            town.name,
            words.cell(cell)
        ),
    )
}

/// What the confirming re-solve found, in the terms of the issue.
fn outcome(words: &Words, issue: &Issue, remedy: &Remedy) -> String {
    let effect = &remedy.effect;
    let mut parts = Vec::new();
    match issue {
        Issue::Shortfall { cells, .. } => {
            let relieved: Vec<String> = remedy
                .relieved
                .iter()
                .take(MAX_NAMED_CELLS)
                .map(|&cell| {
                    let after = effect.moved.iter().find(|m| m.cell == cell);
                    let figure = after.map(|m| show(m.after)).unwrap_or_default();
                    format!("{} {figure}", words.cell(cell))
                })
                .collect();
            let all = remedy.relieved.len() == cells.len();
            let more = more_cells(words, remedy.relieved.len());
            let partly = if all {
                ""
            } else {
                words.pick(
                    "（该级部分各镇分类用地）",
                    " (part of the tier's cut cells)",
                )
            };
            parts.push(words.pick(
                format!("{}{more}，均全额供应{partly}", words.join(&relieved)),
                format!("{}{more} supplied in full{partly}", words.join(&relieved)),
            ));
        }
        Issue::AuditGap { .. } => {
            let (before, after) = remedy.findings.unwrap_or_default();
            parts.push(words.pick(
                format!("该项审核问题消除，审核发现 {before} → {after} 项"),
                format!("the finding is closed, audit findings {before} → {after}"),
            ));
        }
        Issue::UnusedCap { .. } => parts.push(
            words
                .pick("各镇各类用地配置不变", "no town's allocation changes")
                .to_string(),
        ),
        Issue::Infeasible => parts.push(
            words
                .pick(
                    "方案可行并通过精确校验",
                    "the scenario solves and passes the exact check",
                )
                .to_string(),
        ),
        Issue::NearLimit { .. } => {}
    }
    parts.extend(tier_changes(words, effect));
    parts.extend(moved_cells(words, issue, remedy));
    parts.extend(now_binding(words, effect));
    parts.join(words.semicolon())
}

fn tier_changes(words: &Words, effect: &Effect) -> Option<String> {
    let changed: Vec<String> = effect
        .tiers
        .iter()
        .filter(|t| !t.gain().is_zero() || t.before.is_none())
        .map(|t| match t.before {
            Some(before) => format!("{} {}", words.tier(t.tier), words.from_to(before, t.after)),
            None => format!("{} {}", words.tier(t.tier), show(t.after)),
        })
        .collect();
    (!changed.is_empty()).then(|| {
        words.pick(
            format!("供应：{}", words.join(&changed)),
            format!("supply {}", words.join(&changed)),
        )
    })
}

/// The cells that move, other than those the sentence already names as relieved.
fn moved_cells(words: &Words, issue: &Issue, remedy: &Remedy) -> Option<String> {
    let named =
        |cell: usize| matches!(issue, Issue::Shortfall { .. }) && remedy.relieved.contains(&cell);
    let moved: Vec<_> = remedy
        .effect
        .moved
        .iter()
        .filter(|m| !named(m.cell))
        .collect();
    if moved.is_empty() {
        return None;
    }
    let mut listed: Vec<String> = moved
        .iter()
        .take(MAX_NAMED_CELLS)
        .map(|m| {
            format!(
                "{} {}",
                words.cell(m.cell),
                words.from_to(m.before, m.after)
            )
        })
        .collect();
    if moved.len() > MAX_NAMED_CELLS {
        let rest = moved.len() - MAX_NAMED_CELLS;
        listed.push(words.pick(
            format!("另 {rest} 项各镇分类用地"),
            format!("{rest} more cells"),
        ));
    }
    Some(words.pick(
        format!("变动的各镇分类用地：{}", words.join(&listed)),
        format!("cells that move: {}", words.join(&listed)),
    ))
}

fn now_binding(words: &Words, effect: &Effect) -> Option<String> {
    let limits: Vec<String> = effect
        .now_binding
        .iter()
        .map(|id| words.limit(*id))
        .collect();
    (!limits.is_empty()).then(|| {
        words.pick(
            format!("此后{}已用足", words.join(&limits)),
            format!("then exactly at: {}", words.join(&limits)),
        )
    })
}
