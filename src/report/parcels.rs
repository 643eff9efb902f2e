//! Renders a parcel plan: the parcel list with decision and quarter, the tiers with their
//! proofs, the 时序 tables (quarter x category, quarter x town) and the parcels' audit against
//! the cells; or the limits an infeasible parcel list breaks.
//!
//! Input: the scenario, its parcels, the audit findings and the plan's outcome. Output: the
//! text of one format: a terminal table, Markdown, CSV (the parcel list) or JSON (everything,
//! decimal strings). Chinese headers and the bureau's wording for Chinese data, English
//! otherwise. Nothing here computes a figure beyond sums for display rows.

use super::page::words::{Lang, Words};
use super::{excel_csv, json, markdown, Format, Layout, MARKDOWN, TERMINAL};
use crate::number::show;
use crate::parcels::compare::{DecisionChange, Standing};
use crate::parcels::{
    Decision, Deferral, Limit, ParcelFinding, ParcelPlan, Parcels, PlanOutcome, Proof, Quarter,
    Readiness,
};
use crate::scenario::Scenario;
use crate::stress::slips::ParcelStress;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

/// 五（一） of the Lianzhou plan, quoted when a parcel is outside the plan.
pub const OUTSIDE_PLAN_CLAUSE: &str = "五（一）：未列入计划的地块，原则上不予办理土地供应手续";
/// 五（四）: a parcel goes to market only when it is ready.
pub const READINESS_CLAUSE: &str = "五（四）：地块权利清晰、安置补偿落实、规划条件明确后方可供应";

/// The JSON document of `landplan parcels --format json`.
#[derive(Debug, Serialize)]
pub struct ParcelsJson {
    pub scenario: String,
    pub unit: crate::scenario::Unit,
    pub status: &'static str,
    pub supplied: String,
    pub deferred: String,
    pub tiers: Vec<TierJson>,
    pub parcels: Vec<ParcelJson>,
    pub quarters: Vec<String>,
    pub peak_quarter: String,
    pub peak_bound: String,
    pub distance_to_cells: String,
    pub by_category: Vec<QuarterRowJson>,
    pub by_town: Vec<QuarterRowJson>,
    pub findings: Vec<String>,
    pub breaches: Vec<BreachJson>,
    pub infeasibility_confirmed: Option<bool>,
    /// Under a what-if: the parcels whose decision differs from the base plan's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub against_base: Option<Vec<ChangeJson>>,
    /// Under readiness slips and demand shocks (`--stress`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stress: Option<StressJson>,
}

/// The parcel plan under readiness slips and demand shocks.
#[derive(Debug, Serialize)]
pub struct StressJson {
    pub samples: u64,
    pub seed: u64,
    pub infeasible: u64,
    pub tiers: Vec<TierOddsJson>,
    /// The parcels that slipped or were deferred in some sample.
    pub parcels: Vec<ParcelOddsJson>,
}

#[derive(Debug, Serialize)]
pub struct TierOddsJson {
    pub tier: u32,
    pub planned: String,
    /// Share of the samples whose supply of the tier reaches `planned`.
    pub full: String,
    pub lowest: String,
    pub mean: String,
    pub highest: String,
}

#[derive(Debug, Serialize)]
pub struct ParcelOddsJson {
    pub parcel: String,
    pub slipped: String,
    pub deferred: String,
}

/// A parcel whose decision a what-if changes.
#[derive(Debug, Serialize)]
pub struct ChangeJson {
    pub parcel: String,
    pub base: String,
    pub whatif: String,
}

#[derive(Debug, Serialize)]
pub struct TierJson {
    pub tier: u32,
    pub eligible: String,
    pub supplied: String,
    pub bound: String,
    pub optimal: bool,
    pub proof: String,
}

#[derive(Debug, Serialize)]
pub struct ParcelJson {
    pub parcel: String,
    pub town: String,
    pub category: String,
    pub area: String,
    pub method: Option<String>,
    pub source: Option<String>,
    pub ready: String,
    pub committed: bool,
    pub decision: String,
    pub quarter: Option<String>,
    pub reason: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct QuarterRowJson {
    pub name: String,
    pub quarters: [String; 4],
    pub total: String,
}

#[derive(Debug, Serialize)]
pub struct BreachJson {
    pub limit: String,
    pub by: String,
}

/// What a parcel plan may be shown beside.
#[derive(Debug, Clone, Copy, Default)]
pub struct Beside<'a> {
    /// Under a what-if: the parcels whose decision differs from the base plan's.
    pub against: Option<&'a [DecisionChange]>,
    /// The plan under readiness slips and demand shocks.
    pub stress: Option<&'a ParcelStress>,
}

/// Renders the parcel plan in one format, with what it is shown beside.
pub fn render(
    scenario: &Scenario,
    parcels: &Parcels,
    findings: &[ParcelFinding],
    outcome: &PlanOutcome,
    beside: Beside<'_>,
    format: Format,
    lang: Lang,
) -> String {
    let words = Words::new(lang, scenario);
    let mut view = view(&words, parcels, findings, outcome);
    view.stress = beside.stress.map(|s| stress_view(&words, s));
    view.against_base = beside.against.map(|changes| {
        changes
            .iter()
            .map(|c| ChangeJson {
                parcel: c.parcel.clone(),
                base: standing(&words, parcels, c.base),
                whatif: standing(&words, parcels, c.whatif),
            })
            .collect()
    });
    match format {
        Format::Json => json(&view),
        Format::Csv => excel_csv(&parcel_header(&words), &parcel_rows(&words, &view)),
        Format::Table => text(&words, &view, TERMINAL),
        Format::Md => {
            let title = words.pick("拟供应地块与供应时序", "Parcel plan and timing");
            let mut out = format!(
                "# {}\n",
                markdown::escape(&format!("{title}: {}", view.scenario))
            );
            out.push_str(&text(&words, &view, MARKDOWN));
            out
        }
    }
}

/// The wording of one audit finding about parcels.
pub fn finding(words: &Words<'_>, parcels: &Parcels, finding: &ParcelFinding) -> String {
    match finding {
        ParcelFinding::CellDiffers {
            cell,
            plan,
            parcels,
        } => words.pick(
            format!(
                "{}：计划 {}，地块合计 {}，相差 {}",
                words.cell(*cell),
                words.area(*plan),
                words.area(*parcels),
                words.signed(*parcels - *plan)
            ),
            format!(
                "{}: plan {}, parcels {}, difference {}",
                words.cell(*cell),
                words.area(*plan),
                words.area(*parcels),
                words.signed(*parcels - *plan)
            ),
        ),
        ParcelFinding::OutsidePlan { parcel } => {
            let p = &parcels.parcels[*parcel];
            let (town, category) = (
                &words.scenario.town(p.town).name,
                &words.scenario.category(p.category).name,
            );
            words.pick(
                format!("地块 {}（{town}{category}，{}）不在计划的任何分类用地内。{OUTSIDE_PLAN_CLAUSE}", p.id, words.area(p.area)),
                format!("parcel {} ({town} {category}, {}) is in no planned cell. {OUTSIDE_PLAN_CLAUSE}", p.id, words.area(p.area)),
            )
        }
    }
}

/// One parcel finding as `landplan audit` lists it beside the plan's own findings (the
/// same columns: check, scope, expected, actual, difference, location, message).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditRow {
    /// `parcels_vs_cell` or `parcel_outside_plan`.
    pub check: &'static str,
    /// `town/category`.
    pub scope: String,
    /// The parcel, for `parcel_outside_plan`.
    pub parcel: Option<String>,
    /// The cell's published figure.
    pub expected: Option<String>,
    /// The area of its parcels (or of the parcel outside the plan).
    pub actual: String,
    pub difference: Option<String>,
    /// `file:line` of the parcel outside the plan.
    pub location: Option<String>,
    /// The clause the finding rests on.
    pub clause: Option<&'static str>,
    pub message: String,
}

impl AuditRow {
    /// The row in the audit table's columns.
    pub fn cells(&self) -> Vec<String> {
        vec![
            self.check.to_string(),
            self.scope.clone(),
            self.expected.clone().unwrap_or_default(),
            self.actual.clone(),
            self.difference.clone().unwrap_or_default(),
            self.location.clone().unwrap_or_default(),
            self.message.clone(),
        ]
    }
}

/// The parcel findings for `landplan audit`, figures restated in `unit`, in English like the
/// audit's other findings (the clause quoted as the plan writes it).
pub fn audit_rows(
    scenario: &Scenario,
    parcels: &Parcels,
    findings: &[ParcelFinding],
    unit: crate::scenario::Unit,
) -> Vec<AuditRow> {
    let figure = |value: Decimal| show(crate::audit::restate(value, scenario.settings.unit, unit));
    let pair = |town, category| {
        format!(
            "{}/{}",
            scenario.town(town).name,
            scenario.category(category).name
        )
    };
    findings
        .iter()
        .map(|finding| match finding {
            ParcelFinding::CellDiffers {
                cell,
                plan,
                parcels,
            } => {
                let c = &scenario.cells[*cell];
                let scope = pair(c.town, c.category);
                let direction = if parcels < plan { "short of" } else { "above" };
                AuditRow {
                    check: "parcels_vs_cell",
                    message: format!(
                        "cell {scope}: its parcels add up to {} {unit}, {} {unit} {direction} the plan's {} {unit}",
                        figure(*parcels),
                        figure((*parcels - *plan).abs()),
                        figure(*plan)
                    ),
                    scope,
                    parcel: None,
                    expected: Some(figure(*plan)),
                    actual: figure(*parcels),
                    difference: Some(figure((*parcels - *plan).abs())),
                    location: None,
                    clause: None,
                }
            }
            ParcelFinding::OutsidePlan { parcel } => {
                let p = &parcels.parcels[*parcel];
                let scope = pair(p.town, p.category);
                AuditRow {
                    check: "parcel_outside_plan",
                    message: format!(
                        "parcel {} ({scope}, {} {unit}) is in no planned cell: {OUTSIDE_PLAN_CLAUSE}",
                        p.id,
                        figure(p.area)
                    ),
                    scope,
                    parcel: Some(p.id.clone()),
                    expected: None,
                    actual: figure(p.area),
                    difference: None,
                    location: Some(format!("{}:{}", p.origin.file, p.origin.line)),
                    clause: Some(OUTSIDE_PLAN_CLAUSE),
                }
            }
        })
        .collect()
}

/// A limit in the planner's words, the scenario's own limits as every report names them.
pub fn limit(words: &Words<'_>, parcels: &Parcels, limit: Limit) -> String {
    let s = words.scenario;
    match limit {
        Limit::Scenario(id) => words.limit(id),
        Limit::CellDemand(c) => words.pick(
            format!("{}需求", words.cell(c)),
            format!("demand of {}", words.cell(c)),
        ),
        Limit::CellCommitted(c) => words.pick(
            format!("{}已落实量", words.cell(c)),
            format!("committed land of {}", words.cell(c)),
        ),
        Limit::Quarter(i) => {
            let q = &parcels.quarters[i];
            let category = q.category.map(|c| s.category(c).name.clone());
            let town = q.town.map(|t| s.town(t).name.clone());
            words.pick(
                format!(
                    "{}{}{}季度上限（{} 第 {} 行）",
                    q.quarter.chinese(),
                    town.clone().unwrap_or_default(),
                    category.clone().unwrap_or_else(|| "各类用地".to_string()),
                    q.origin.file,
                    q.origin.line
                ),
                format!(
                    "{} limit of {} in {} ({} line {})",
                    q.quarter.english(),
                    category.unwrap_or_else(|| "all categories".to_string()),
                    town.unwrap_or_else(|| "all towns".to_string()),
                    q.origin.file,
                    q.origin.line
                ),
            )
        }
    }
}

fn deferral(words: &Words<'_>, parcels: &Parcels, reason: Deferral) -> String {
    match reason {
        Deferral::OutsidePlan => words.pick(
            format!("未列入计划（{OUTSIDE_PLAN_CLAUSE}）"),
            format!("outside the plan ({OUTSIDE_PLAN_CLAUSE})"),
        ),
        Deferral::NotReady => words.pick(
            "本年度不具备供应条件（五（四））".to_string(),
            "not ready this year (五（四）)".to_string(),
        ),
        Deferral::Limit(l) => words.pick(
            format!("{}已用足，暂缓供应", limit(words, parcels, l)),
            format!("deferred: {} is used up", limit(words, parcels, l)),
        ),
        Deferral::NotChosen => words.pick(
            "搜索提前停止，未能安排（见各优先级的差距）".to_string(),
            "not placed: the search stopped early (see the tiers' gaps)".to_string(),
        ),
    }
}

pub(crate) fn proof(words: &Words<'_>, parcels: &Parcels, proof: Proof, gap: Decimal) -> String {
    match proof {
        Proof::AllSupplied => words.pick(
            "可供地块全部供应".to_string(),
            "every eligible parcel supplied".to_string(),
        ),
        Proof::LimitRoom(l) => words.pick(
            format!("已用足{}（最优）", limit(words, parcels, l)),
            format!("fills the room of {} (optimal)", limit(words, parcels, l)),
        ),
        Proof::Determined => words.pick(
            "无可选余地".to_string(),
            "nothing left to choose".to_string(),
        ),
        Proof::Search => words.pick(
            "经精确界证明最优".to_string(),
            "proved optimal by an exact bound".to_string(),
        ),
        Proof::Gap => words.pick(
            format!("搜索提前停止：距最优至多 {}", words.area(gap)),
            format!(
                "search stopped early: at most {} below the optimum",
                words.area(gap)
            ),
        ),
    }
}

/// A parcel's standing in a plan: `供应（三季度）`, `暂缓：reason`, `未列入`.
pub(crate) fn standing(words: &Words<'_>, parcels: &Parcels, standing: Standing) -> String {
    match standing {
        Standing::NotListed => words.pick("未列入地块清单", "not listed").to_string(),
        Standing::NoPlan => words.pick("无可行方案", "no feasible plan").to_string(),
        Standing::Decided(Decision::Supplied { quarter }) => words.pick(
            format!("供应（{}）", quarter.chinese()),
            format!("supply ({})", quarter.english()),
        ),
        Standing::Decided(Decision::Deferred { reason }) => {
            let why = match reason {
                // Said once: not "暂缓：…已用足，暂缓供应".
                Deferral::Limit(l) => words.pick(
                    format!("{}已用足", limit(words, parcels, l)),
                    format!("{} is used up", limit(words, parcels, l)),
                ),
                other => deferral(words, parcels, other),
            };
            words.pick(format!("暂缓：{why}"), format!("defer: {why}"))
        }
    }
}

fn ready(words: &Words<'_>, ready: Readiness) -> String {
    match ready {
        Readiness::From(q) => words.pick(q.chinese(), q.english()).to_string(),
        Readiness::AfterYear => words.pick("下一年度", "after the year").to_string(),
    }
}

pub(crate) fn view(
    words: &Words<'_>,
    parcels: &Parcels,
    findings: &[ParcelFinding],
    outcome: &PlanOutcome,
) -> ParcelsJson {
    let s = words.scenario;
    let plan = match outcome {
        PlanOutcome::Planned(plan) => Some(plan.as_ref()),
        PlanOutcome::Infeasible(_) => None,
    };
    let decisions = plan.map(|p| p.decisions.as_slice());
    let rows: Vec<ParcelJson> = parcels
        .parcels
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let decision = decisions.map(|d| d[i]);
            let (decision_text, quarter, reason) = match decision {
                Some(Decision::Supplied { quarter }) => (
                    words.pick("供应", "supply"),
                    Some(words.pick(quarter.chinese(), quarter.english()).to_string()),
                    None,
                ),
                Some(Decision::Deferred { reason }) => (
                    words.pick("暂缓", "defer"),
                    None,
                    Some(deferral(words, parcels, reason)),
                ),
                None => (words.pick("无可行方案", "no feasible plan"), None, None),
            };
            ParcelJson {
                parcel: p.id.clone(),
                town: s.town(p.town).name.clone(),
                category: s.category(p.category).name.clone(),
                area: show(p.area),
                method: p
                    .method
                    .map(|m| words.pick(m.chinese(), m.english()).to_string()),
                source: p
                    .source
                    .map(|m| words.pick(m.chinese(), m.english()).to_string()),
                ready: ready(words, p.ready),
                committed: p.committed,
                decision: decision_text.to_string(),
                quarter,
                reason,
            }
        })
        .collect();
    let total = |supplied: bool| -> Decimal {
        parcels
            .parcels
            .iter()
            .enumerate()
            .filter(|(i, _)| {
                decisions.is_some_and(|d| matches!(d[*i], Decision::Supplied { .. }) == supplied)
            })
            .map(|(_, p)| p.area)
            .sum()
    };
    let (infeasibility_confirmed, breaches) = match outcome {
        PlanOutcome::Infeasible(why) => (
            Some(why.confirmed),
            why.breaches
                .iter()
                .map(|(l, by)| BreachJson {
                    limit: limit(words, parcels, *l),
                    by: show(*by),
                })
                .collect(),
        ),
        PlanOutcome::Planned(_) => (None, Vec::new()),
    };
    ParcelsJson {
        scenario: s.settings.name.clone(),
        unit: s.settings.unit,
        status: if plan.is_some() {
            "planned"
        } else {
            "infeasible"
        },
        supplied: show(total(true)),
        deferred: show(total(false)),
        tiers: plan.map_or(Vec::new(), |p| tiers(words, parcels, p)),
        parcels: rows,
        quarters: plan.map_or(Vec::new(), |p| {
            p.schedule.loads.iter().map(|l| show(*l)).collect()
        }),
        peak_quarter: plan.map_or(String::new(), |p| show(p.schedule.peak())),
        peak_bound: plan.map_or(String::new(), |p| show(p.schedule.bound)),
        distance_to_cells: plan.map_or(String::new(), |p| show(p.distance)),
        by_category: plan.map_or(Vec::new(), |p| {
            quarter_rows(&p.schedule.by_category, |c| s.category(c).name.clone())
        }),
        by_town: plan.map_or(Vec::new(), |p| {
            quarter_rows(&p.schedule.by_town, |t| s.town(t).name.clone())
        }),
        findings: findings
            .iter()
            .map(|f| finding(words, parcels, f))
            .collect(),
        breaches,
        infeasibility_confirmed,
        against_base: None,
        stress: None,
    }
}

/// A count of samples as a share, 4 decimals.
fn share(count: u64, samples: u64) -> String {
    let samples = Decimal::from(samples.max(1));
    show((Decimal::from(count) / samples).round_dp(4))
}

fn stress_view(words: &Words<'_>, stress: &ParcelStress) -> StressJson {
    let n = stress.samples;
    StressJson {
        samples: n,
        seed: stress.seed,
        infeasible: stress.infeasible,
        tiers: stress
            .tiers
            .iter()
            .map(|t| TierOddsJson {
                tier: t.tier,
                planned: show(t.planned),
                full: share(t.full, n),
                lowest: show(t.lowest),
                mean: show(t.mean.round_dp(words.scenario.scale())),
                highest: show(t.highest),
            })
            .collect(),
        parcels: stress
            .parcels
            .iter()
            .filter(|p| p.slipped > 0 || p.deferred > 0)
            .map(|p| ParcelOddsJson {
                parcel: p.parcel.clone(),
                slipped: share(p.slipped, n),
                deferred: share(p.deferred, n),
            })
            .collect(),
    }
}

fn tiers(words: &Words<'_>, parcels: &Parcels, plan: &ParcelPlan) -> Vec<TierJson> {
    plan.tiers
        .iter()
        .map(|t| TierJson {
            tier: t.tier,
            eligible: show(t.eligible),
            supplied: show(t.supplied),
            bound: show(t.bound),
            optimal: t.proof.is_optimal(),
            proof: proof(words, parcels, t.proof, t.bound - t.supplied),
        })
        .collect()
}

/// One row per category (or town) with its area in each quarter, sorted by id.
fn quarter_rows<K: Ord + Copy>(
    table: &BTreeMap<(Quarter, K), Decimal>,
    name: impl Fn(K) -> String,
) -> Vec<QuarterRowJson> {
    let mut rows: BTreeMap<K, [Decimal; 4]> = BTreeMap::new();
    for ((quarter, key), area) in table {
        rows.entry(*key).or_default()[quarter.index()] += *area;
    }
    rows.into_iter()
        .map(|(key, areas)| QuarterRowJson {
            name: name(key),
            quarters: areas.map(show),
            total: show(areas.iter().sum()),
        })
        .collect()
}

pub(crate) fn parcel_header(words: &Words<'_>) -> Vec<&'static str> {
    words.pick(
        vec![
            "地块编号",
            "乡镇",
            "用途",
            "面积",
            "供地方式",
            "来源",
            "可供时间",
            "已落实",
            "安排",
            "季度",
            "说明",
        ],
        vec![
            "parcel",
            "town",
            "category",
            "area",
            "method",
            "source",
            "ready",
            "committed",
            "decision",
            "quarter",
            "reason",
        ],
    )
}

fn parcel_rows(words: &Words<'_>, view: &ParcelsJson) -> Vec<Vec<String>> {
    view.parcels
        .iter()
        .map(|p| {
            vec![
                p.parcel.clone(),
                p.town.clone(),
                p.category.clone(),
                p.area.clone(),
                p.method.clone().unwrap_or_default(),
                p.source.clone().unwrap_or_default(),
                p.ready.clone(),
                if p.committed {
                    words.pick("是", "yes").to_string()
                } else {
                    String::new()
                },
                p.decision.clone(),
                p.quarter.clone().unwrap_or_default(),
                p.reason.clone().unwrap_or_default(),
            ]
        })
        .collect()
}

fn quarter_table(
    words: &Words<'_>,
    first: &'static str,
    rows: &[QuarterRowJson],
    table: fn(&[&str], &[Vec<String>]) -> String,
) -> String {
    let mut header = vec![first];
    header.extend(
        Quarter::ALL
            .iter()
            .map(|q| words.pick(q.chinese(), q.english())),
    );
    header.push(words.pick("合计", "total"));
    let body: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            std::iter::once(r.name.clone())
                .chain(r.quarters.iter().cloned())
                .chain([r.total.clone()])
                .collect()
        })
        .collect();
    table(&header, &body)
}

fn text(words: &Words<'_>, view: &ParcelsJson, layout: Layout) -> String {
    let Layout {
        table,
        title,
        item: line,
        ..
    } = layout;
    let mut out = String::new();
    let count = view.parcels.len();
    let supplied = view.parcels.iter().filter(|p| p.quarter.is_some()).count();
    out.push_str(&line(&words.pick(
        format!(
            "地块 {count} 宗：拟供应 {supplied} 宗 {} {}，暂缓 {} 宗 {} {}",
            view.supplied,
            words.unit(),
            count - supplied,
            view.deferred,
            words.unit()
        ),
        format!(
            "{count} parcels: {supplied} supplied ({} {}), {} deferred ({} {})",
            view.supplied,
            words.unit(),
            count - supplied,
            view.deferred,
            words.unit()
        ),
    )));
    if view.status == "infeasible" {
        out.push_str(&title(words.pick("无可行方案", "No feasible parcel plan")));
        let confirmed = view.infeasibility_confirmed == Some(true);
        out.push_str(&line(words.pick(
            if confirmed { "已核实：已落实地块本身即超出以下指标，或全部地块也达不到下限" } else { "未找到满足全部指标的整宗地块方案（未经独立核实）" },
            if confirmed { "confirmed: the committed parcels alone break these limits, or every parcel together cannot reach a minimum" } else { "no whole-parcel plan was found that keeps every limit (not independently confirmed)" },
        )));
        for b in &view.breaches {
            out.push_str(&line(&words.pick(
                format!("{} 超出 {} {}", b.limit, b.by, words.unit()),
                format!("{} broken by {} {}", b.limit, b.by, words.unit()),
            )));
        }
    } else {
        out.push_str(&title(words.pick("各优先级供应", "Tiers")));
        let header = words.pick(
            vec!["优先级", "可供地块", "拟供应", "上界", "依据"],
            vec!["tier", "eligible", "supplied", "bound", "proof"],
        );
        let rows: Vec<Vec<String>> = view
            .tiers
            .iter()
            .map(|t| {
                vec![
                    words.tier(t.tier),
                    t.eligible.clone(),
                    t.supplied.clone(),
                    t.bound.clone(),
                    t.proof.clone(),
                ]
            })
            .collect();
        out.push_str(&table(&header, &rows));
        out.push_str(&title(words.pick("供应时序：分用途", "Timing by category")));
        out.push_str(&quarter_table(
            words,
            words.pick("用途", "category"),
            &view.by_category,
            table,
        ));
        out.push_str(&title(words.pick("供应时序：分乡镇", "Timing by town")));
        out.push_str(&quarter_table(
            words,
            words.pick("乡镇", "town"),
            &view.by_town,
            table,
        ));
        out.push_str(&line(&words.pick(
            format!(
                "单季最多供应 {} {}；任何整宗安排的单季最多量不低于 {} {}",
                view.peak_quarter,
                words.unit(),
                view.peak_bound,
                words.unit()
            ),
            format!(
                "largest quarter {} {}; no whole-parcel schedule has a largest quarter below {} {}",
                view.peak_quarter,
                words.unit(),
                view.peak_bound,
                words.unit()
            ),
        )));
        out.push_str(&line(&words.pick(
            format!(
                "与公布的各镇分类用地相差合计 {} {}",
                view.distance_to_cells,
                words.unit()
            ),
            format!(
                "distance to the published cells: {} {}",
                view.distance_to_cells,
                words.unit()
            ),
        )));
    }
    out.push_str(&title(words.pick("地块清单", "Parcels")));
    out.push_str(&table(&parcel_header(words), &parcel_rows(words, view)));
    if !view.findings.is_empty() {
        out.push_str(&title(
            words.pick("地块与计划核对", "Parcels against the plan"),
        ));
        for f in &view.findings {
            out.push_str(&line(f));
        }
    }
    if let Some(stress) = &view.stress {
        out.push_str(&title(words.pick(
            "地块延迟与需求波动下的供应",
            "Under readiness slips and demand shocks",
        )));
        out.push_str(&line(&words.pick(
            format!(
                "{} 次抽样（种子 {}），无可行方案 {} 次",
                stress.samples, stress.seed, stress.infeasible
            ),
            format!(
                "{} samples (seed {}), {} without a feasible plan",
                stress.samples, stress.seed, stress.infeasible
            ),
        )));
        let header = words.pick(
            vec!["优先级", "无冲击时", "足额概率", "最低", "平均", "最高"],
            vec!["tier", "unshocked", "P(full)", "lowest", "mean", "highest"],
        );
        let rows: Vec<Vec<String>> = stress
            .tiers
            .iter()
            .map(|t| {
                vec![
                    words.tier(t.tier),
                    t.planned.clone(),
                    t.full.clone(),
                    t.lowest.clone(),
                    t.mean.clone(),
                    t.highest.clone(),
                ]
            })
            .collect();
        out.push_str(&table(&header, &rows));
        let header = words.pick(
            vec!["地块编号", "延迟概率", "暂缓概率"],
            vec!["parcel", "P(slip)", "P(deferred)"],
        );
        let rows: Vec<Vec<String>> = stress
            .parcels
            .iter()
            .map(|p| vec![p.parcel.clone(), p.slipped.clone(), p.deferred.clone()])
            .collect();
        out.push_str(&table(&header, &rows));
    }
    if let Some(changes) = &view.against_base {
        out.push_str(&title(
            words.pick("与基准方案相比", "Against the base plan"),
        ));
        let header = words.pick(
            vec!["地块编号", "基准方案", "本情景"],
            vec!["parcel", "base", "this what-if"],
        );
        let rows: Vec<Vec<String>> = changes
            .iter()
            .map(|c| vec![c.parcel.clone(), c.base.clone(), c.whatif.clone()])
            .collect();
        out.push_str(&table(&header, &rows));
    }
    out
}
