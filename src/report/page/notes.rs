//! The report's 说明 (notes) section: every assumption the figures rest on, each with where it
//! comes from.
//!
//! Input: the scenario reported on and the words of the report's language. Output: a `Section`
//! listing the cap and how it is worded, the tier order (an assumption: a plan publishes no
//! tiers) with the policy clause behind each tier, every limit that is not a published figure
//! (rules, category bounds, town capacities: marked 推算/非公布 with their file and line), how
//! demand and committed land were taken, and how results are rounded. Nothing here computes a
//! figure.

use super::words::Words;
use super::{Block, Item, Section};
use crate::names::category_class;
use crate::number::show;
use crate::scenario::{Bound, CapKind, RuleValue, Scenario};
use rust_decimal::Decimal;

/// The policy clause behind a tier of the project's default order (read from the Lianzhou
/// 2025 plan, sections 二 and 四, see docs/scenario-format.md), by the class of the tier's
/// first category: (zh, en).
fn clause(class: Option<&str>) -> (&'static str, &'static str) {
    match class {
        Some("industrial" | "warehouse" | "mining" | "public-utility") => (
            "“优先安排重点工业建设项目用地供应”“保障我市工矿仓储用地、公用设施用地需求”（连州市2025年度计划四（一））",
            "\"priority to land for key industrial projects\", \"secure the demand for industrial and public-utility land\" (Lianzhou 2025 plan, 4(1))",
        ),
        Some("residential") => (
            "保障性安居工程用地“应保尽保、优先供应”（二、核心优先原则），“确保保障性住房建设用地”（四（一））",
            "affordable housing land \"secured in full and supplied first\" (2, core-priority principle); \"ensure land for affordable housing\" (4(1))",
        ),
        Some("commercial") => (
            "“从严从紧控制经营性房地产开发用地总量”（四（一）），最后安排",
            "\"strictly control the total of operating real-estate land\" (4(1)): served last",
        ),
        _ => (
            "“优先保障……基础设施建设项目……民生项目用地”（二、核心优先原则），但计划未点名其类别",
            "\"priority to infrastructure and livelihood projects\" (2, core-priority principle), though the plan names no category",
        ),
    }
}

/// The notes section of the scenario `words.scenario`.
pub fn notes(words: &Words) -> Section {
    let mut items = vec![cap(words)];
    items.push(tier_order(words));
    items.extend(limits(words));
    items.push(demand(words));
    items.push(rounding(words));
    items.extend(words.unit_note().map(|note| item(note, Vec::new())));
    Section {
        id: "notes".to_string(),
        title: words.pick("说明", "Notes").to_string(),
        blocks: vec![
            Block::Paragraph(
                words
                    .pick(
                        "本报告的数字依据以下假设和设定；标明“推算/非公布”的不是计划公布的指标，请核实。",
                        "The figures of this report rest on the assumptions and settings below; those marked \"derived, not published\" are not figures the plan publishes and are to be checked.",
                    )
                    .to_string(),
            ),
            Block::List(items),
        ],
    }
}

fn item(text: String, sub: Vec<String>) -> Item {
    Item { text, sub }
}

fn cap(words: &Words) -> Item {
    let settings = &words.scenario.settings;
    let (zh, en) = match settings.cap_kind {
        CapKind::AtMost => ("控制在以内", "at most"),
        CapKind::About => ("约数", "about"),
    };
    item(
        words.pick(
            format!(
                "供应总量上限 {}（{zh}）：公布数，见 {}。",
                words.area(settings.cap),
                settings.cap_origin
            ),
            format!(
                "Total cap {} ({en}): published, {}.",
                words.area(settings.cap),
                settings.cap_origin
            ),
        ),
        Vec::new(),
    )
}

fn tier_order(words: &Words) -> Item {
    let scenario: &Scenario = words.scenario;
    let sub = scenario
        .tiers()
        .into_iter()
        .map(|tier| {
            let categories: Vec<_> = scenario
                .categories
                .iter()
                .filter(|c| c.tier == tier)
                .collect();
            let names: Vec<String> = categories.iter().map(|c| c.name.clone()).collect();
            let class = categories.first().and_then(|c| category_class(&c.name));
            let (zh, en) = clause(class);
            let given: Vec<String> = categories
                .iter()
                .filter_map(|c| Some(format!("{}：{}", c.name, c.basis.as_deref()?)))
                .collect();
            // The folder's own basis, in the plan's words; an English page keeps the built-in
            // clause and points at it.
            let (zh, en) = if given.is_empty() {
                (zh.to_string(), en.to_string())
            } else {
                (
                    given.join("；"),
                    format!("{en}; the folder gives its own clause for each category (categories.csv, column basis)"),
                )
            };
            let origin = categories
                .first()
                .map(|c| c.origin.to_string())
                .unwrap_or_default();
            words.pick(
                format!(
                    "{}：{}。依据：{zh}；设定见 {origin}。",
                    words.tier(tier),
                    words.join(&names)
                ),
                format!(
                    "{}: {}. Basis: {en}; set in {origin}.",
                    words.tier(tier),
                    words.join(&names)
                ),
            )
        })
        .collect();
    item(
        words
            .pick(
                "优先级顺序（假设，计划未公布优先级；按优先级依次全额保障，不作加权）：",
                "Tier order (an assumption: the plan publishes no tiers; each tier is supplied in full before the next, never weighed against it):",
            )
            .to_string(),
        sub,
    )
}

/// Every limit that is not a published figure: rules, category bounds, town capacities.
fn limits(words: &Words) -> Option<Item> {
    let scenario = words.scenario;
    let derived = words.pick("推算/非公布", "derived, not published");
    let mut sub = Vec::new();
    for rule in &scenario.rules {
        let names: Vec<String> = rule
            .categories
            .iter()
            .map(|c| scenario.category(*c).name.clone())
            .collect();
        let figure = match (rule.value, &rule.of) {
            (RuleValue::Amount(amount), _) => words.area(amount),
            (RuleValue::Share(percent), None) => format!("{}%", show(percent)),
            (RuleValue::Share(percent), Some(of)) => {
                let base: Vec<String> = of
                    .iter()
                    .filter(|c| scenario.category(**c).parent.is_none())
                    .map(|c| scenario.category(*c).name.clone())
                    .collect();
                words.pick(
                    format!("{}的 {}%", words.join(&base), show(percent)),
                    format!("{}% of {}", show(percent), words.join(&base)),
                )
            }
        };
        // A rule the folder marks derived is the tool's or a planner's figure; any other
        // rule (a national share, say) rests on its basis.
        let derived = if rule.derived {
            derived
        } else {
            words.pick("非本计划公布", "not published by the plan")
        };
        let bound = match (rule.bound, words.lang) {
            (Bound::Max, super::Lang::Zh) => "不超过",
            (Bound::Min, super::Lang::Zh) => "不少于",
            (Bound::Max, super::Lang::En) => "at most",
            (Bound::Min, super::Lang::En) => "at least",
        };
        let basis = rule
            .basis
            .as_deref()
            .map(|b| format!("。依据：{b}"))
            .unwrap_or_default();
        sub.push(words.pick(
            format!(
                "{}：{}合计{bound} {figure}（{derived}，见 {}）{basis}",
                rule.name,
                words.join(&names),
                rule.origin
            ),
            format!(
                "{}: {} together {bound} {figure} ({derived}, {})",
                rule.name,
                words.join(&names),
                rule.origin
            ),
        ));
    }
    for category in &scenario.categories {
        for (bound, value) in [("min", category.min), ("max", category.max)] {
            let Some(value) = value else { continue };
            let (zh, en) = if bound == "min" {
                ("下限", "minimum")
            } else {
                ("上限", "maximum")
            };
            sub.push(bound_words(
                words,
                &category.name,
                (zh, en),
                value,
                &category.origin.to_string(),
                derived,
            ));
        }
    }
    for town in &scenario.towns {
        if let Some(capacity) = town.capacity {
            let origin = town.origin.to_string();
            sub.push(bound_words(
                words,
                &town.name,
                ("供地能力", "capacity"),
                capacity,
                &origin,
                derived,
            ));
        }
    }
    (!sub.is_empty()).then(|| item(words.pick("控制指标：", "Limits:").to_string(), sub))
}

fn bound_words(
    words: &Words,
    name: &str,
    (zh, en): (&str, &str),
    value: Decimal,
    origin: &str,
    derived: &str,
) -> String {
    words.pick(
        format!("{name}{zh} {}（{derived}，见 {origin}）", words.area(value)),
        format!("{en} of {name} {} ({derived}, {origin})", words.area(value)),
    )
}

fn demand(words: &Words) -> Item {
    let cells = &words.scenario.cells;
    let as_plan = cells.iter().filter(|c| c.demand == c.plan).count();
    let committed = cells.iter().filter(|c| !c.committed.is_zero()).count();
    item(
        words.pick(
            format!(
                "需求：{} 项各镇分类用地中 {as_plan} 项的需求等于公布数（未另行申报时取公布数）；{committed} 项有已落实项目用地。",
                cells.len()
            ),
            format!(
                "Demand: {as_plan} of {} cells have demand equal to the published figure (taken as the figure when none is declared); {committed} have committed land.",
                cells.len()
            ),
        ),
        Vec::new(),
    )
}

fn rounding(words: &Words) -> Item {
    let places = words.scenario.scale();
    item(
        words.pick(
            format!("数字为精确小数，结果按输入的精度（小数点后 {places} 位）舍入，合计仍精确相等。"),
            format!("Figures are exact decimals; results are rounded to the input's precision ({places} decimals) so that totals still add up exactly."),
        ),
        Vec::new(),
    )
}
