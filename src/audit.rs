//! Stage 3a, audit: the published plan's consistency, in exact arithmetic.
//!
//! Input: a validated `Scenario` and the problems validation found. Output: a sorted list of
//! `Finding`s, each with the figure the plan states (`expected`), the figure its parts add up
//! to (`actual`) and the gap between them. Gaps are reported as they are; nothing is "fixed".
//! This stage reads no files and prints nothing.

use crate::number::show;
use crate::problem::Problem;
use crate::scenario::{Bound, CapKind, Cell, Rule, RuleValue, Scenario};
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

/// What a finding is about, in the order findings are listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Check {
    /// A problem in the input rows (unknown names, duplicates, negative figures, ...).
    Input,
    /// The category totals (结构) against the total cap (总量).
    CategoriesVsCap,
    /// The town totals (布局) against the total cap.
    TownsVsCap,
    /// A town's cells against the town's published total.
    CellsVsTown,
    /// A category's cells across towns against the category's published total.
    CellsVsCategory,
    /// A category's published total outside its minimum or maximum.
    CategoryBounds,
    /// A town's published total above its capacity.
    TownCapacity,
    /// A cell whose published figure is above its demand or below its committed land.
    CellBounds,
    /// Committed land alone above the cap.
    CommittedVsCap,
    /// A group rule the published plan already breaks.
    Rule,
}

/// Whether the parts fall short of or exceed the stated figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Below,
    Above,
}

/// One inconsistency, with exact figures.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Finding {
    pub check: Check,
    /// What the finding is about: a category, a town, a rule, or `total`.
    pub scope: String,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub expected: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub actual: Option<Decimal>,
    /// |actual - expected|.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub difference: Option<Decimal>,
    pub direction: Option<Direction>,
    /// `file:line` of the row at fault, when there is one.
    pub location: Option<String>,
    pub message: String,
}

impl Finding {
    fn gap(
        check: Check,
        scope: &str,
        expected: Decimal,
        actual: Decimal,
        message: String,
    ) -> Finding {
        Finding {
            check,
            scope: scope.to_string(),
            expected: Some(expected.normalize()),
            actual: Some(actual.normalize()),
            difference: Some((actual - expected).abs().normalize()),
            direction: Some(if actual < expected {
                Direction::Below
            } else {
                Direction::Above
            }),
            location: None,
            message,
        }
    }

    fn at(mut self, location: &crate::problem::Origin) -> Finding {
        self.location = Some(location.to_string());
        self
    }

    fn from_problem(problem: &Problem) -> Finding {
        Finding {
            check: Check::Input,
            scope: problem.column.clone().unwrap_or_default(),
            expected: None,
            actual: None,
            difference: None,
            direction: None,
            location: Some(problem.origin.to_string()),
            message: problem.to_string(),
        }
    }
}

/// Every check a careful planner would make of a published plan.
pub fn audit(scenario: &Scenario, problems: &[Problem]) -> Vec<Finding> {
    let mut findings: Vec<Finding> = problems.iter().map(Finding::from_problem).collect();
    findings.extend(check_categories_vs_cap(scenario));
    findings.extend(check_towns_vs_cap(scenario));
    findings.extend(check_cells_vs_towns(scenario));
    findings.extend(check_cells_vs_categories(scenario));
    findings.extend(check_category_bounds(scenario));
    findings.extend(check_town_capacity(scenario));
    findings.extend(check_cell_bounds(scenario));
    findings.extend(check_committed_vs_cap(scenario));
    findings.extend(
        scenario
            .rules
            .iter()
            .filter_map(|rule| check_rule(scenario, rule)),
    );
    findings.sort();
    findings
}

/// A sum of parts against the cap: above an "at most" cap is a breach; any gap is reported.
fn against_cap(scenario: &Scenario, check: Check, parts: &str, sum: Decimal) -> Option<Finding> {
    let cap = scenario.settings.cap;
    if sum == cap {
        return None;
    }
    let unit = scenario.settings.unit;
    let gap = show((sum - cap).abs());
    let message = match (sum > cap, scenario.settings.cap_kind) {
        (true, CapKind::AtMost) => format!("the {parts} add up to {} {unit}, {gap} {unit} above the cap {}", show(sum), show(cap)),
        (true, CapKind::About) => format!("the {parts} add up to {} {unit}, {gap} {unit} above the stated total of about {}", show(sum), show(cap)),
        (false, _) => format!("the {parts} add up to {} {unit}, {gap} {unit} short of the total {}: that much is assigned to none of them", show(sum), show(cap)),
    };
    Some(Finding::gap(check, "total", cap, sum, message).at(&scenario.settings.cap_origin))
}

fn check_categories_vs_cap(scenario: &Scenario) -> Option<Finding> {
    let plans: Vec<Decimal> = scenario.categories.iter().filter_map(|c| c.plan).collect();
    if plans.is_empty() {
        return None;
    }
    against_cap(
        scenario,
        Check::CategoriesVsCap,
        "category totals",
        plans.iter().sum(),
    )
}

fn check_towns_vs_cap(scenario: &Scenario) -> Option<Finding> {
    let plans: Vec<Decimal> = scenario.towns.iter().filter_map(|t| t.plan).collect();
    if plans.is_empty() {
        return None;
    }
    against_cap(
        scenario,
        Check::TownsVsCap,
        "town totals",
        plans.iter().sum(),
    )
}

/// Sums the published cells by a key (town or category index).
fn cell_sums(scenario: &Scenario, key: fn(&Cell) -> usize) -> BTreeMap<usize, Decimal> {
    let mut sums = BTreeMap::new();
    for cell in &scenario.cells {
        *sums.entry(key(cell)).or_insert(Decimal::ZERO) += cell.plan;
    }
    sums
}

fn parts_message(
    whole: &str,
    name: &str,
    sum: Decimal,
    plan: Decimal,
    unit: crate::scenario::Unit,
) -> String {
    let gap = show((sum - plan).abs());
    if sum < plan {
        format!("{whole} {name}: its town x category figures add up to {} {unit} against the published {}; {gap} {unit} is assigned to no {}", show(sum), show(plan), if whole == "category" { "town" } else { "category" })
    } else {
        format!("{whole} {name}: its town x category figures add up to {} {unit}, {gap} {unit} above the published {}", show(sum), show(plan))
    }
}

fn check_cells_vs_towns(scenario: &Scenario) -> Vec<Finding> {
    // A plan that publishes no town x category figures at all has no layout to check.
    if scenario.cells.is_empty() {
        return Vec::new();
    }
    let sums = cell_sums(scenario, |cell| cell.town.0);
    let unit = scenario.settings.unit;
    scenario
        .towns
        .iter()
        .enumerate()
        .filter_map(|(id, town)| {
            let plan = town.plan?;
            let sum = sums.get(&id).copied().unwrap_or_default();
            (sum != plan).then(|| {
                Finding::gap(
                    Check::CellsVsTown,
                    &town.name,
                    plan,
                    sum,
                    parts_message("town", &town.name, sum, plan, unit),
                )
                .at(&town.origin)
            })
        })
        .collect()
}

fn check_cells_vs_categories(scenario: &Scenario) -> Vec<Finding> {
    if scenario.cells.is_empty() {
        return Vec::new();
    }
    let sums = cell_sums(scenario, |cell| cell.category.0);
    let unit = scenario.settings.unit;
    scenario
        .categories
        .iter()
        .enumerate()
        .filter_map(|(id, category)| {
            let plan = category.plan?;
            let sum = sums.get(&id).copied().unwrap_or_default();
            (sum != plan).then(|| {
                Finding::gap(
                    Check::CellsVsCategory,
                    &category.name,
                    plan,
                    sum,
                    parts_message("category", &category.name, sum, plan, unit),
                )
                .at(&category.origin)
            })
        })
        .collect()
}

fn check_category_bounds(scenario: &Scenario) -> Vec<Finding> {
    let mut findings = Vec::new();
    for category in &scenario.categories {
        let Some(plan) = category.plan else { continue };
        if let Some(min) = category.min.filter(|min| plan < *min) {
            let message = format!(
                "category {}: published total {} is below its minimum {}",
                category.name,
                show(plan),
                show(min)
            );
            findings.push(
                Finding::gap(Check::CategoryBounds, &category.name, min, plan, message)
                    .at(&category.origin),
            );
        }
        if let Some(max) = category.max.filter(|max| plan > *max) {
            let message = format!(
                "category {}: published total {} is above its maximum {}",
                category.name,
                show(plan),
                show(max)
            );
            findings.push(
                Finding::gap(Check::CategoryBounds, &category.name, max, plan, message)
                    .at(&category.origin),
            );
        }
    }
    findings
}

fn check_town_capacity(scenario: &Scenario) -> Vec<Finding> {
    scenario
        .towns
        .iter()
        .filter_map(|town| {
            let (plan, capacity) = (town.plan?, town.capacity?);
            (plan > capacity).then(|| {
                let message = format!(
                    "town {}: published total {} is above its capacity {}",
                    town.name,
                    show(plan),
                    show(capacity)
                );
                Finding::gap(Check::TownCapacity, &town.name, capacity, plan, message)
                    .at(&town.origin)
            })
        })
        .collect()
}

fn cell_scope(scenario: &Scenario, cell: &Cell) -> String {
    format!(
        "{}/{}",
        scenario.town(cell.town).name,
        scenario.category(cell.category).name
    )
}

fn check_cell_bounds(scenario: &Scenario) -> Vec<Finding> {
    let mut findings = Vec::new();
    for cell in &scenario.cells {
        let scope = cell_scope(scenario, cell);
        if cell.plan > cell.demand {
            let message = format!(
                "{scope}: the published figure {} is above the demand {}",
                show(cell.plan),
                show(cell.demand)
            );
            findings.push(
                Finding::gap(Check::CellBounds, &scope, cell.demand, cell.plan, message)
                    .at(&cell.origin),
            );
        }
        if cell.plan < cell.committed {
            let message = format!(
                "{scope}: the published figure {} is below the committed land {}",
                show(cell.plan),
                show(cell.committed)
            );
            findings.push(
                Finding::gap(
                    Check::CellBounds,
                    &scope,
                    cell.committed,
                    cell.plan,
                    message,
                )
                .at(&cell.origin),
            );
        }
    }
    findings
}

fn check_committed_vs_cap(scenario: &Scenario) -> Option<Finding> {
    let committed: Decimal = scenario.cells.iter().map(|c| c.committed).sum();
    let cap = scenario.settings.cap;
    (committed > cap).then(|| {
        let unit = scenario.settings.unit;
        let message = format!(
            "committed land adds up to {} {unit}, above the cap {}: no allocation can keep the cap",
            show(committed),
            show(cap)
        );
        Finding::gap(Check::CommittedVsCap, "total", cap, committed, message)
            .at(&scenario.settings.cap_origin)
    })
}

/// The limit a rule sets, in the scenario's unit, for a given total supplied.
pub fn rule_limit(rule: &Rule, total_supplied: Decimal) -> Decimal {
    match rule.value {
        RuleValue::Amount(amount) => amount,
        RuleValue::Share(percent) => total_supplied * percent / Decimal::ONE_HUNDRED,
    }
}

fn check_rule(scenario: &Scenario, rule: &Rule) -> Option<Finding> {
    let total: Decimal = scenario.cells.iter().map(|c| c.plan).sum();
    let covered: Decimal = scenario
        .cells
        .iter()
        .filter(|c| rule.covers(c))
        .map(|c| c.plan)
        .sum();
    let limit = rule_limit(rule, total);
    let broken = match rule.bound {
        Bound::Min => covered < limit,
        Bound::Max => covered > limit,
    };
    broken.then(|| {
        let unit = scenario.settings.unit;
        let word = if rule.bound == Bound::Min {
            "at least"
        } else {
            "at most"
        };
        let message = format!(
            "rule {}: the published plan gives {} {unit} where the rule allows {word} {} ({})",
            rule.name,
            show(covered),
            show(limit),
            rule.value
        );
        Finding::gap(Check::Rule, &rule.name, limit, covered, message).at(&rule.origin)
    })
}
