//! Recommendations as sentences, built from the verified figures: the one wording of the
//! report's recommendation section and of `landplan recommend`.
//!
//! Input: a `Recommendation` (an issue, its remedies in the bureau's order, the candidates
//! that failed) and the words of the report's language. Output: one paragraph for the issue
//! and, per remedy, its label (what kind of lever, whether it needs approval), its sentence
//! in the bureau's register ("建议将……。经重算，……。") naming the figures changed (from → to)
//! and what the re-solve and re-audit gave, and the clause of the plan it rests on. No
//! sentence is written without its figures; nothing here decides what to recommend.

use super::words::Words;
use crate::number::show;
use crate::recommend::change::{Action, Change};
use crate::recommend::verify::{CellMove, Effect};
use crate::recommend::{CutCell, Issue, Kind, Reason, Recommendation, Rejected, Remedy};
use rust_decimal::Decimal;

/// At most this many moved cells are named in one sentence; the rest are counted.
const MAX_NAMED_CELLS: usize = 6;
/// At most this many rejected candidates are named under an issue.
const MAX_NAMED_REJECTED: usize = 3;

/// A recommendation as text: the finding, then each remedy, then what was not kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Advice {
    pub finding: String,
    pub remedies: Vec<RemedyText>,
    /// Candidates tried and not kept, with why (or that none passed).
    pub rejected: Vec<String>,
}

/// One remedy in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemedyText {
    /// The kind of lever: `总量内调剂`, `调增供应总量（须报批）`.
    pub label: String,
    /// The sentence: `建议将……。经重算，……。`
    pub text: String,
    /// The clause of the plan it rests on (empty for a check that is no remedy).
    pub clause: String,
}

impl RemedyText {
    /// `【label】text（依据：clause）` / `[label] text (basis: clause)`.
    pub fn line(&self, words: &Words) -> String {
        if self.clause.is_empty() {
            return words.pick(
                format!("【{}】{}", self.label, self.text),
                format!("[{}] {}", self.label, self.text),
            );
        }
        words.pick(
            format!("【{}】{}（依据：{}）", self.label, self.text, self.clause),
            format!("[{}] {} (basis: {})", self.label, self.text, self.clause),
        )
    }
}

impl Advice {
    /// The remedies' lines, then the rejected ones: the sub-items of the report's list.
    pub fn lines(&self, words: &Words) -> Vec<String> {
        self.remedies
            .iter()
            .map(|r| r.line(words))
            .chain(self.rejected.iter().cloned())
            .collect()
    }
}

/// Writes a recommendation.
pub fn advice(words: &Words, recommendation: &Recommendation) -> Advice {
    let issue = &recommendation.issue;
    let finding = finding(words, issue);
    let remedies: Vec<RemedyText> = recommendation
        .remedies
        .iter()
        .map(|remedy| RemedyText {
            label: label(words, remedy.kind),
            text: remedy_sentence(words, issue, remedy),
            clause: clause(words, remedy.kind).to_string(),
        })
        .collect();
    let mut rejected: Vec<String> = recommendation
        .rejected
        .iter()
        .take(MAX_NAMED_REJECTED)
        .map(|r| rejection(words, r))
        .collect();
    let nothing_to_do = matches!(issue, Issue::UnusedCap { at_most: true, .. });
    if remedies.is_empty() && !nothing_to_do {
        rejected.push(words.pick(
            format!(
                "已试算 {} 种调整，经重算和重新审核均未通过，故不作建议。",
                recommendation.tried()
            ),
            format!(
                "None of the {} changes tried passed the re-solve and re-audit, so none is recommended.",
                recommendation.tried()
            ),
        ));
    }
    Advice {
        finding,
        remedies,
        rejected,
    }
}

/// The kind of a remedy as a label, with whether it stays within the cap or needs approval.
pub fn label(words: &Words, kind: Kind) -> String {
    let (zh, en) = match kind {
        Kind::Verify => ("核实更正", "verify and correct"),
        Kind::MoveWithinTier => ("总量内调剂", "within the cap: move within the tier"),
        Kind::DeferParcels => ("总量内：地块延后供应", "within the cap: defer parcels"),
        Kind::Intensify => (
            "总量内：提高集约用地水平",
            "within the cap: build more intensively",
        ),
        Kind::AssignGap => ("备选安排", "option"),
        Kind::Restructure => (
            "总量不变、调整结构（须于十月前报批）",
            "same total, structure changed (to be approved; proposals before October)",
        ),
        Kind::MoreQuota => ("增加供地指标（须报批）", "more quota (needs approval)"),
        Kind::MoreCap => ("调增供应总量（须报批）", "more cap (needs approval)"),
        Kind::LowerCap => ("调减供应总量", "lower cap"),
        Kind::Check => ("重算检验", "re-solve check"),
    };
    words.pick(zh, en).to_string()
}

/// The clause of the plan a kind of remedy rests on (the sections of the national template,
/// 国土资发〔2010〕117号, numbered as the Lianzhou 2025 plan numbers them).
pub fn clause(words: &Words, kind: Kind) -> &'static str {
    match kind {
        Kind::Verify => words.pick(
            "三（二）土地供应结构、三（三）土地供应布局须相互一致；五（三）“及时作出说明”",
            "3(2) structure and 3(3) layout must agree; 5(3) \"explain promptly\"",
        ),
        Kind::MoveWithinTier => words.pick(
            "五（三）“会同相关部门和相关镇（乡）政府做好计划调整工作”",
            "5(3) \"adjust the plan with the departments and towns concerned\"",
        ),
        Kind::DeferParcels => words.pick(
            "五（一）地块公布机制；五（四）地块具备供应条件后方可推向市场",
            "5(1) parcels published with the plan; 5(4) a parcel goes to market when ready",
        ),
        Kind::Intensify => words.pick(
            "四（三）“工矿仓储用地项目提倡和推广多层标准厂房建设”",
            "4(3) \"promote multi-storey standard plants for industrial and warehouse projects\"",
        ),
        Kind::AssignGap => words.pick("三（三）土地供应布局", "3(3) the layout by town"),
        Kind::Restructure => words.pick(
            "五（一）“在供地总量不突破的前提下，需要调整供地结构的……应当于十月份前……提出供应方案，报市政府批准实施”",
            "5(1) \"within an unchanged total, a structure adjustment is proposed before October and approved by the government\"",
        ),
        Kind::MoreQuota | Kind::MoreCap => words.pick(
            "三（一）“土地供应总量控制在……以内”：调增须报批",
            "3(1) \"the total is kept within ...\": more needs approval",
        ),
        Kind::LowerCap => words.pick(
            "三（一）土地供应总量（约数）",
            "3(1) the total (an \"about\" figure)",
        ),
        Kind::Check => "",
    }
}

/// A candidate that was tried and not kept, with why.
pub fn rejection(words: &Words, rejected: &Rejected) -> String {
    let changes: Vec<String> = rejected.changes.iter().map(|c| change(words, c)).collect();
    let action = words.join(&changes);
    let why = match &rejected.reason {
        Reason::NotSolved => words
            .pick("调整后无可行方案", "the changed scenario has no allocation")
            .to_string(),
        Reason::NotFixed => words
            .pick(
                "经重算未能解决该问题",
                "the re-solve shows it does not fix the issue",
            )
            .to_string(),
        Reason::NewFinding { check, scope } => words.pick(
            format!(
                "经重新审核，出现新的审核问题（{}：{scope}）",
                words.check(*check)
            ),
            format!(
                "the re-audit finds a new inconsistency ({}: {scope})",
                words.check(*check)
            ),
        ),
        Reason::TakesFromHigherTier { tier } => words.pick(
            format!("将占用{}的用地", words.tier(*tier)),
            format!("it would take land from {}", words.tier(*tier)),
        ),
    };
    words.pick(
        format!("未采用：{action}——{why}。"),
        format!("Not recommended: {action}: {why}."),
    )
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
            let figure = |value: Option<Decimal>| words.figure(value.unwrap_or_default());
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
            at_most,
        } => {
            let unused = words.area(*cap - *supplied);
            let why = if *demand_met {
                words.pick("全部需求已满足", "every demand is met")
            } else {
                words.pick("其余需求受其他限制约束", "the demand left is held back by other limits")
            };
            let upper = if *at_most {
                words.pick(
                    "供应总量为“控制在……以内”的上限，未用部分无需调减。",
                    " The cap is an upper limit (\"within ...\"): land left unused needs no change.",
                )
            } else {
                ""
            };
            words.pick(
                format!(
                    "供应总量上限 {}中有 {unused}未供应（已供应 {}，{why}）。{upper}",
                    words.area(*cap),
                    words.figure(*supplied)
                ),
                format!(
                    "{unused} of the {} cap is not supplied ({} supplied; {why}).{upper}",
                    words.area(*cap),
                    words.figure(*supplied)
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
                words.figure(*value),
                words.figure(*limit)
            ),
            format!(
                "The {} has only {} of room left ({} of {}).",
                words.limit(*constraint),
                words.area(*limit - *value),
                words.figure(*value),
                words.figure(*limit)
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
                    words.figure(c.demand),
                    words.figure(c.allocated),
                    words.figure(c.shortfall())
                ),
                format!(
                    "{} receives {} of {} (cut by {})",
                    words.cell(c.cell),
                    words.figure(c.allocated),
                    words.figure(c.demand),
                    words.figure(c.shortfall())
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
    let Some(effect) = &remedy.effect else {
        return verification(words, issue);
    };
    let action = action(words, remedy);
    let result = outcome(words, issue, remedy, effect);
    if remedy.kind == Kind::Check {
        return words.pick(
            format!("经重算检验，若{action}，则{result}。"),
            format!("Re-solve check: if {action}, then {result}."),
        );
    }
    words.pick(
        format!("建议{action}。经重算，{result}。"),
        format!("Recommended: {action}. Re-solved: {result}."),
    )
}

/// The first recommendation for a gap in the published plan.
fn verification(words: &Words, issue: &Issue) -> String {
    let gap = match issue {
        Issue::AuditGap { finding } => words.area(finding.difference.unwrap_or_default()),
        _ => String::new(),
    };
    words.pick(
        format!("建议首先核实差异原因，必要时发布更正公告；核实前不宜自行将这 {gap}安排给某一镇（下列安排仅为备选，各附重算结果）。"),
        format!("Recommended first: verify the cause of the difference and, if needed, publish a correction notice; until then the {gap} is not assigned to a town (the assignments below are options, each with its re-solved effect)."),
    )
}

/// What the remedy does, as the object of 建议 / Recommended.
fn action(words: &Words, remedy: &Remedy) -> String {
    match remedy.kind {
        Kind::MoveWithinTier => move_within_tier(words, remedy),
        Kind::DeferParcels => defer(words, remedy),
        Kind::Intensify => intensify(words, remedy),
        _ => {
            let changes: Vec<String> = remedy.changes.iter().map(|c| change(words, c)).collect();
            words.join(&changes)
        }
    }
}

/// `将连州镇商服用地 0.419849 公顷（0.449349 → 0.0295）调剂给西岸镇商服用地`.
fn move_within_tier(words: &Words, remedy: &Remedy) -> String {
    let from: Vec<String> = remedy
        .changes
        .iter()
        .filter(|c| !c.by().is_zero())
        .filter_map(|c| match c.action {
            Action::LowerCell { cell } => Some(format!(
                "{} {}（{}）",
                words.cell(cell),
                words.area(c.by()),
                words.from_to(c.from, c.to)
            )),
            _ => None,
        })
        .collect();
    let to: Vec<String> = remedy.relieved.iter().map(|&c| words.cell(c)).collect();
    let (from, to) = (words.join(&from), words.join(&to));
    words.pick(
        format!("在本级内调剂：将{from}调剂给{to}，使其全额供应，本级其余各镇分类用地保持本方案配置"),
        format!(
            "move land within the tier: {} to {to}, supplied in full, the tier's other cells keeping what this scenario gives them",
            from.replace('（', " (").replace('）', ")")
        ),
    )
}

/// `将连州镇商服用地地块 LZ01-021、LZ01-022（共 7.678123 公顷；需求 9.597654 → 1.919531）延至下一年度供应`.
fn defer(words: &Words, remedy: &Remedy) -> String {
    let cells: Vec<String> = remedy
        .changes
        .iter()
        .filter_map(|c| match c.action {
            Action::Defer { cell } => {
                let ids: Vec<String> = remedy
                    .deferred
                    .iter()
                    .filter(|d| d.cell == cell)
                    .map(|d| d.parcel.clone())
                    .collect();
                let area: Decimal = remedy
                    .deferred
                    .iter()
                    .filter(|d| d.cell == cell)
                    .map(|d| d.area)
                    .sum();
                Some(words.pick(
                    format!(
                        "{}地块 {}（共 {}；需求 {}）",
                        words.cell(cell),
                        words.join(&ids),
                        words.area(area),
                        words.from_to(c.from, c.to)
                    ),
                    format!(
                        "parcels {} of {} ({}; demand {})",
                        words.join(&ids),
                        words.cell(cell),
                        words.area(area),
                        words.from_to(c.from, c.to)
                    ),
                ))
            }
            _ => None,
        })
        .collect();
    words.pick(
        format!("将{}延至下一年度供应", words.join(&cells)),
        format!("defer {} to next year", words.join(&cells)),
    )
}

/// `工矿仓储用地项目推广多层标准厂房，单个项目用地减少 20%（工矿仓储用地需求合计 69.302972 → 55.442378）`.
fn intensify(words: &Words, remedy: &Remedy) -> String {
    let scenario = words.scenario;
    let mut categories: Vec<(usize, Decimal, Decimal)> = Vec::new();
    for c in &remedy.changes {
        let Action::Intensify { cell } = c.action else {
            continue;
        };
        let category = scenario.cells[cell].category.0;
        match categories.iter_mut().find(|(id, _, _)| *id == category) {
            Some(entry) => {
                entry.1 += c.from;
                entry.2 += c.to;
            }
            None => categories.push((category, c.from, c.to)),
        }
    }
    let totals: Vec<String> = categories
        .iter()
        .map(|(id, from, to)| {
            let name = &scenario.categories[*id].name;
            words.pick(
                format!("{name}需求合计 {}", words.from_to(*from, *to)),
                format!("{name} demand {}", words.from_to(*from, *to)),
            )
        })
        .collect();
    let percent = show(remedy.percent.unwrap_or_default());
    words.pick(
        format!(
            "工矿仓储类项目推广多层标准厂房，单个项目用地减少 {percent}%（{}）",
            words.join(&totals)
        ),
        format!(
            "build industrial projects as multi-storey standard plants, {percent}% less land per project ({})",
            words.join(&totals)
        ),
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
        Action::Defer { cell } | Action::Intensify { cell } => words.pick(
            format!(
                "将{}需求调减至 {}（{from_to}）",
                words.cell(cell),
                words.area(change.to)
            ),
            format!(
                "lower the demand of {} to {} ({from_to})",
                words.cell(cell),
                words.area(change.to)
            ),
        ),
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
fn outcome(words: &Words, issue: &Issue, remedy: &Remedy, effect: &Effect) -> String {
    let mut parts = Vec::new();
    match issue {
        Issue::Shortfall { cells, .. } => {
            let relieved: Vec<String> = remedy
                .relieved
                .iter()
                .take(MAX_NAMED_CELLS)
                .map(|&cell| {
                    let after = effect.moved.iter().find(|m| m.cell == cell);
                    let figure = after.map(|m| words.figure(m.after)).unwrap_or_default();
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
            let each = if remedy.relieved.len() > 1 { "均" } else { "" };
            parts.push(words.pick(
                format!("{}{more}，{each}全额供应{partly}", words.join(&relieved)),
                format!("{}{more} supplied in full{partly}", words.join(&relieved)),
            ));
        }
        Issue::AuditGap { .. } => parts.push(
            words
                .pick("该项审核问题消除", "the finding is closed")
                .to_string(),
        ),
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
    parts.extend(takes(words, &remedy.takes));
    parts.extend(moved_cells(words, issue, remedy, effect));
    parts.extend(now_binding(words, effect));
    let (before, after) = remedy.findings;
    parts.push(words.pick(
        format!("重新审核无新增问题（审核发现 {before} → {after} 项）"),
        format!("the re-audit finds nothing new (findings {before} → {after})"),
    ));
    if remedy.republished > 0 {
        parts.push(words.pick(
            format!("另需相应调整公布数 {} 项", remedy.republished),
            format!(
                "{} published figures are to be adjusted with it",
                remedy.republished
            ),
        ));
    }
    parts.join(words.semicolon())
}

/// The land a remedy takes from tiers served after the one it helps, tier by tier, with
/// the cells that give way.
fn takes(words: &Words, takes: &[CellMove]) -> Vec<String> {
    let scenario = words.scenario;
    let tier_of = |m: &CellMove| scenario.tier_of(&scenario.cells[m.cell]);
    let mut tiers: Vec<u32> = takes.iter().map(tier_of).collect();
    tiers.sort_unstable();
    tiers.dedup();
    tiers
        .into_iter()
        .map(|tier| {
            let cells: Vec<&CellMove> = takes.iter().filter(|m| tier_of(m) == tier).collect();
            let total: Decimal = cells.iter().map(|m| m.loss()).sum();
            let listed = listed_moves(words, &cells);
            words.pick(
                format!(
                    "其中从{}调出 {}：{listed}",
                    words.tier(tier),
                    words.area(total)
                ),
                format!(
                    "taking {} from {}: {listed}",
                    words.area(total),
                    words.tier(tier)
                ),
            )
        })
        .collect()
}

fn tier_changes(words: &Words, effect: &Effect) -> Option<String> {
    let changed: Vec<String> = effect
        .tiers
        .iter()
        .filter(|t| !t.gain().is_zero() || t.before.is_none())
        .map(|t| match t.before {
            Some(before) => format!("{} {}", words.tier(t.tier), words.from_to(before, t.after)),
            None => format!("{} {}", words.tier(t.tier), words.figure(t.after)),
        })
        .collect();
    (!changed.is_empty()).then(|| {
        words.pick(
            format!("供应：{}", words.join(&changed)),
            format!("supply {}", words.join(&changed)),
        )
    })
}

/// The cells that move, other than those the sentence already names as relieved or as
/// giving way.
fn moved_cells(words: &Words, issue: &Issue, remedy: &Remedy, effect: &Effect) -> Option<String> {
    let named = |cell: usize| {
        (matches!(issue, Issue::Shortfall { .. }) && remedy.relieved.contains(&cell))
            || remedy.takes.iter().any(|m| m.cell == cell)
    };
    let moved: Vec<_> = effect.moved.iter().filter(|m| !named(m.cell)).collect();
    if moved.is_empty() {
        return None;
    }
    let listed = listed_moves(words, &moved);
    Some(words.pick(
        format!("变动的各镇分类用地：{listed}"),
        format!("cells that move: {listed}"),
    ))
}

/// `连州镇交通运输用地 2.488921 → 2.472319、…、另 1 项各镇分类用地`.
fn listed_moves(words: &Words, moves: &[&CellMove]) -> String {
    let mut listed: Vec<String> = moves
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
    if moves.len() > MAX_NAMED_CELLS {
        let rest = moves.len() - MAX_NAMED_CELLS;
        listed.push(words.pick(
            format!("另 {rest} 项各镇分类用地"),
            format!("{rest} more cells"),
        ));
    }
    words.join(&listed)
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
