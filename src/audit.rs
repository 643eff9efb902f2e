//! Stage 3a, audit: the published plan's consistency, in exact arithmetic.
//!
//! Input: a validated `Scenario` (one without validation problems: a scenario with problems
//! is refused before it gets here). Output: a sorted list of `Finding`s, each with the figure
//! the plan states (`expected`), the figure its parts add up to (`actual`) and the gap between
//! them. Gaps are reported as they are; nothing is "fixed". Findings can be restated in the
//! other unit (ha or mu) for a report. This stage reads no files and prints nothing.

use crate::number::show;
use crate::scenario::{Bound, CapKind, CategoryId, Cell, Rule, RuleValue, Scenario, TownId, Unit};
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::HashMap;

/// What a finding is about, in the order findings are listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Check {
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
    /// Sub-items (其中) above their parent: in a cell, in a town where the parent has no
    /// cell, or in the category totals.
    SubItems,
    /// A share of total supply taken by a sub-item, whose base was probably its parent.
    ShareBase,
}

/// Whether the parts fall short of or exceed the stated figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Below,
    Above,
}

/// What a finding's wording needs beyond its figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Detail {
    None,
    /// The cap is worded "约…" (about), not "控制在…以内".
    CapAbout,
    /// A rule's limit is `percent`% of the `total` supplied, or of its base (`of`).
    Share {
        percent: Decimal,
        total: Decimal,
        of_base: bool,
    },
}

/// One inconsistency, with exact figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub check: Check,
    /// What the finding is about: a category, a town, a `town/category` cell, a rule, or
    /// `total`.
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
    /// The finding in words, figures in `unit`.
    pub message: String,
    /// The unit of the figures.
    pub unit: Unit,
    #[serde(skip)]
    detail: Detail,
}

impl Finding {
    /// The order findings are listed in: by check, then scope, then figures.
    #[allow(clippy::type_complexity)]
    fn sort_key(
        &self,
    ) -> (
        Check,
        &str,
        Option<Direction>,
        Option<Decimal>,
        Option<Decimal>,
        Option<&str>,
        &str,
    ) {
        (
            self.check,
            &self.scope,
            self.direction,
            self.expected,
            self.actual,
            self.location.as_deref(),
            &self.message,
        )
    }
}

impl Ord for Finding {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.sort_key().cmp(&other.sort_key())
    }
}

impl PartialOrd for Finding {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// Figures restated from mu in ha that do not terminate (1 mu = 0.0666… ha) are rounded to
/// this many decimals: 0.000001 ha is 0.01 m², the finest figure published plans carry.
pub const CONVERTED_DECIMALS: u32 = 6;

/// Restates a figure in another unit: exactly, except a mu figure whose hectares do not
/// terminate, which is rounded (half to even) to [`CONVERTED_DECIMALS`].
pub fn restate(value: Decimal, from: Unit, to: Unit) -> Decimal {
    let converted = from.convert(value, to);
    // v / 15 terminates exactly when the integer mantissa of v is a multiple of 3 (the 5 of
    // 15 only adds a decimal), and then `Decimal` computes it exactly.
    let exact = from == to || to == Unit::Mu || value.mantissa() % 3 == 0;
    if exact {
        converted.normalize()
    } else {
        converted.round_dp(CONVERTED_DECIMALS).normalize()
    }
}

impl Finding {
    fn gap(
        check: Check,
        scope: &str,
        expected: Decimal,
        actual: Decimal,
        unit: Unit,
        detail: Detail,
        location: &crate::problem::Origin,
    ) -> Finding {
        let mut finding = Finding {
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
            location: Some(location.to_string()),
            message: String::new(),
            unit,
            detail,
        };
        finding.message = finding.describe();
        finding
    }

    /// The same finding with its figures (and its message) restated in `unit`.
    pub fn in_unit(&self, unit: Unit) -> Finding {
        let from = self.unit;
        let convert = |value: Option<Decimal>| value.map(|v| restate(v, from, unit));
        let mut finding = Finding {
            expected: convert(self.expected),
            actual: convert(self.actual),
            difference: convert(self.difference),
            unit,
            detail: match self.detail {
                Detail::Share {
                    percent,
                    total,
                    of_base,
                } => Detail::Share {
                    percent,
                    total: restate(total, from, unit),
                    of_base,
                },
                other => other,
            },
            ..self.clone()
        };
        finding.message = finding.describe();
        finding
    }

    /// The finding in words, from its figures.
    fn describe(&self) -> String {
        let unit = self.unit;
        let figure = |value: Option<Decimal>| format!("{} {unit}", crate::report::opt(value));
        let (expected, actual, gap) = (
            figure(self.expected),
            figure(self.actual),
            figure(self.difference),
        );
        let above = self.direction == Some(Direction::Above);
        let scope = &self.scope;
        match self.check {
            Check::CategoriesVsCap | Check::TownsVsCap => {
                let parts = if self.check == Check::CategoriesVsCap {
                    "category totals"
                } else {
                    "town totals"
                };
                match (above, self.detail) {
                    (true, Detail::CapAbout) => format!("the {parts} add up to {actual}, {gap} above the stated total of about {expected}"),
                    (true, _) => format!("the {parts} add up to {actual}, {gap} above the cap {expected}"),
                    (false, _) => format!("the {parts} add up to {actual}, {gap} short of the total {expected}: that much is assigned to none of them"),
                }
            }
            Check::CellsVsTown | Check::CellsVsCategory => {
                let (whole, other) = if self.check == Check::CellsVsTown {
                    ("town", "category")
                } else {
                    ("category", "town")
                };
                if above {
                    format!("{whole} {scope}: its town x category figures add up to {actual}, {gap} above the published {expected}")
                } else {
                    format!("{whole} {scope}: its town x category figures add up to {actual} against the published {expected}; {gap} is assigned to no {other}")
                }
            }
            Check::CategoryBounds if above => {
                format!("category {scope}: published total {actual} is above its maximum {expected}")
            }
            Check::CategoryBounds => {
                format!("category {scope}: published total {actual} is below its minimum {expected}")
            }
            Check::TownCapacity => {
                format!("town {scope}: published total {actual} is above its capacity {expected}")
            }
            Check::CellBounds if above => {
                format!("{scope}: the published figure {actual} is above the demand {expected}")
            }
            Check::CellBounds => {
                format!("{scope}: the published figure {actual} is below the committed land {expected}")
            }
            Check::CommittedVsCap => format!(
                "committed land adds up to {actual}, above the cap {expected}: no allocation can keep the cap"
            ),
            Check::Rule => {
                let word = if above { "at most" } else { "at least" };
                let share = match self.detail {
                    Detail::Share {
                        percent,
                        total,
                        of_base: false,
                    } => format!(" ({}% of the {} {unit} supplied)", show(percent), show(total)),
                    Detail::Share {
                        percent, total, ..
                    } => format!(
                        " ({}% of the {} {unit} of its base, column 'of')",
                        show(percent),
                        show(total)
                    ),
                    _ => String::new(),
                };
                format!("rule {scope}: the published plan gives {actual} where the rule allows {word} {expected}{share}")
            }
            Check::SubItems if self.expected == Some(Decimal::ZERO) => format!(
                "{scope}: sub-items of {actual} where the plan gives their parent no land in this town"
            ),
            Check::SubItems => format!(
                "{scope}: its sub-items (其中) add up to {actual}, {gap} above the published {expected}; a sub-item is part of its parent, never more"
            ),
            // Worded with the scenario's names when found (`share_base`); no figure to restate.
            Check::ShareBase => self.message.clone(),
        }
    }
}

/// Every check a careful planner would make of a published plan, in the scenario's unit.
pub fn audit(scenario: &Scenario) -> Vec<Finding> {
    let mut findings = Vec::new();
    findings.extend(check_categories_vs_cap(scenario));
    findings.extend(check_towns_vs_cap(scenario));
    findings.extend(check_cells_vs_towns(scenario));
    findings.extend(check_cells_vs_categories(scenario));
    findings.extend(check_category_bounds(scenario));
    findings.extend(check_town_capacity(scenario));
    findings.extend(check_cell_bounds(scenario));
    findings.extend(check_committed_vs_cap(scenario));
    for rule in &scenario.rules {
        findings.extend(check_rule(scenario, rule));
        findings.extend(share_base(scenario, rule));
    }
    findings.extend(check_sub_item_cells(scenario));
    findings.extend(check_sub_item_categories(scenario));
    findings.sort();
    findings
}

/// A sum of parts against the cap: above an "at most" cap is a breach; any gap is reported.
fn against_cap(scenario: &Scenario, check: Check, sum: Decimal) -> Option<Finding> {
    let settings = &scenario.settings;
    (sum != settings.cap).then(|| {
        let detail = match settings.cap_kind {
            CapKind::About => Detail::CapAbout,
            CapKind::AtMost => Detail::None,
        };
        Finding::gap(
            check,
            "total",
            settings.cap,
            sum,
            settings.unit,
            detail,
            &settings.cap_origin,
        )
    })
}

fn check_categories_vs_cap(scenario: &Scenario) -> Option<Finding> {
    let plans: Vec<Decimal> = scenario.top_level().filter_map(|(_, c)| c.plan).collect();
    if plans.is_empty() {
        return None;
    }
    against_cap(scenario, Check::CategoriesVsCap, plans.iter().sum())
}

fn check_towns_vs_cap(scenario: &Scenario) -> Option<Finding> {
    let plans: Vec<Decimal> = scenario.towns.iter().filter_map(|t| t.plan).collect();
    if plans.is_empty() {
        return None;
    }
    against_cap(scenario, Check::TownsVsCap, plans.iter().sum())
}

/// The published figure of each cell as the plan states it, by (town, category): a parent
/// split into sub-items at its published figure (not its remainder), each sub-item at its own.
fn published_cells(scenario: &Scenario) -> Vec<(TownId, CategoryId, Decimal)> {
    // Parent cells by (town, category), looked up once a cell rather than searched.
    let parents: HashMap<(TownId, CategoryId), Decimal> = scenario
        .parent_cells
        .iter()
        .map(|p| ((p.town, p.category), p.plan))
        .collect();
    scenario
        .cells
        .iter()
        .map(|cell| {
            let plan = parents
                .get(&(cell.town, cell.category))
                .copied()
                .unwrap_or(cell.plan);
            (cell.town, cell.category, plan)
        })
        .collect()
}

/// Sums the published cells by a key (town or category index). A town's land counts each
/// piece once: parents, and sub-items only where their parent has no cell in the town (the
/// `SubItems` check reports those); a category's, the cells of that category.
/// The sums are indexed by town or category (zero where no cell counts).
fn cell_sums(scenario: &Scenario, by_town: bool) -> Vec<Decimal> {
    let len = if by_town {
        scenario.towns.len()
    } else {
        scenario.categories.len()
    };
    let mut sums = vec![Decimal::ZERO; len];
    for (town, category, plan) in published_cells(scenario) {
        let key = if by_town {
            // The published cells are the scenario's, in its (town, category) order.
            let parent = scenario.category(category).parent;
            let counted_in_parent = parent.is_some_and(|p| scenario.cell_index(town, p).is_some());
            if counted_in_parent {
                continue;
            }
            town.0
        } else {
            category.0
        };
        sums[key] += plan;
    }
    sums
}

fn check_cells_vs_towns(scenario: &Scenario) -> Vec<Finding> {
    let sums = cell_sums(scenario, true);
    scenario
        .towns
        .iter()
        .enumerate()
        .filter_map(|(id, town)| {
            let plan = town.plan?;
            let sum = sums[id];
            (sum != plan).then(|| {
                Finding::gap(
                    Check::CellsVsTown,
                    &town.name,
                    plan,
                    sum,
                    scenario.settings.unit,
                    Detail::None,
                    &town.origin,
                )
            })
        })
        .collect()
}

fn check_cells_vs_categories(scenario: &Scenario) -> Vec<Finding> {
    let sums = cell_sums(scenario, false);
    scenario
        .categories
        .iter()
        .enumerate()
        .filter_map(|(id, category)| {
            let plan = category.plan?;
            let sum = sums[id];
            // A sub-item's towns may itemize less of it than the structure gives (the rest
            // is in their parent's cells); only more than the structure is inconsistent.
            let gap = if category.parent.is_some() {
                sum > plan
            } else {
                sum != plan
            };
            gap.then(|| {
                Finding::gap(
                    Check::CellsVsCategory,
                    &category.name,
                    plan,
                    sum,
                    scenario.settings.unit,
                    Detail::None,
                    &category.origin,
                )
            })
        })
        .collect()
}

fn check_category_bounds(scenario: &Scenario) -> Vec<Finding> {
    let unit = scenario.settings.unit;
    let mut findings = Vec::new();
    for category in &scenario.categories {
        let Some(plan) = category.plan else { continue };
        let below_min = category.min.filter(|min| plan < *min);
        let above_max = category.max.filter(|max| plan > *max);
        for bound in [below_min, above_max].into_iter().flatten() {
            findings.push(Finding::gap(
                Check::CategoryBounds,
                &category.name,
                bound,
                plan,
                unit,
                Detail::None,
                &category.origin,
            ));
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
                Finding::gap(
                    Check::TownCapacity,
                    &town.name,
                    capacity,
                    plan,
                    scenario.settings.unit,
                    Detail::None,
                    &town.origin,
                )
            })
        })
        .collect()
}

/// A cell's scope in a finding: `town/category`.
pub fn cell_scope(scenario: &Scenario, cell: &Cell) -> String {
    format!(
        "{}/{}",
        scenario.town(cell.town).name,
        scenario.category(cell.category).name
    )
}

fn check_cell_bounds(scenario: &Scenario) -> Vec<Finding> {
    let unit = scenario.settings.unit;
    let mut findings = Vec::new();
    for cell in &scenario.cells {
        let above_demand = (cell.plan > cell.demand).then_some(cell.demand);
        let below_committed = (cell.plan < cell.committed).then_some(cell.committed);
        for bound in [above_demand, below_committed].into_iter().flatten() {
            findings.push(Finding::gap(
                Check::CellBounds,
                &cell_scope(scenario, cell),
                bound,
                cell.plan,
                unit,
                Detail::None,
                &cell.origin,
            ));
        }
    }
    findings
}

fn check_committed_vs_cap(scenario: &Scenario) -> Option<Finding> {
    let committed: Decimal = scenario.cells.iter().map(|c| c.committed).sum();
    let settings = &scenario.settings;
    (committed > settings.cap).then(|| {
        Finding::gap(
            Check::CommittedVsCap,
            "total",
            settings.cap,
            committed,
            settings.unit,
            Detail::None,
            &settings.cap_origin,
        )
    })
}

/// The limit a rule sets, in the scenario's unit, for a given total supplied.
pub fn rule_limit(rule: &Rule, total_supplied: Decimal) -> Decimal {
    match rule.value {
        RuleValue::Amount(amount) => amount,
        RuleValue::Share(percent) => total_supplied * percent / Decimal::ONE_HUNDRED,
    }
}

/// The published figures of the cells a rule covers. Membership is looked up in masks over
/// the towns and categories, not searched in the rule's lists (`Rule::covers`): a rule over
/// every town made the audit quadratic (150,000 towns x 729,249 cells: most of 36 s).
fn covered_plan(scenario: &Scenario, rule: &Rule) -> Decimal {
    let mask = |len: usize, ids: &mut dyn Iterator<Item = usize>| {
        let mut mask = vec![false; len];
        ids.for_each(|id| mask[id] = true);
        mask
    };
    let towns = mask(scenario.towns.len(), &mut rule.towns.iter().map(|t| t.0));
    let categories = mask(
        scenario.categories.len(),
        &mut rule.categories.iter().map(|c| c.0),
    );
    scenario
        .cells
        .iter()
        .filter(|c| towns[c.town.0] && categories[c.category.0])
        .map(|c| c.plan)
        .sum()
}

fn check_rule(scenario: &Scenario, rule: &Rule) -> Option<Finding> {
    let plans: Vec<Decimal> = scenario.cells.iter().map(|c| c.plan).collect();
    let total = rule.base(&scenario.cells, &plans);
    let covered = covered_plan(scenario, rule);
    let limit = rule_limit(rule, total);
    let broken = match rule.bound {
        Bound::Min => covered < limit,
        Bound::Max => covered > limit,
    };
    let detail = match rule.value {
        RuleValue::Amount(_) => Detail::None,
        RuleValue::Share(percent) => Detail::Share {
            percent,
            total,
            of_base: rule.of.is_some(),
        },
    };
    broken.then(|| {
        Finding::gap(
            Check::Rule,
            &rule.name,
            limit,
            covered,
            scenario.settings.unit,
            detail,
            &rule.origin,
        )
    })
}

/// The cells of one town: a run of the cells, which are in (town, category) order.
fn town_cells(scenario: &Scenario, town: TownId) -> &[Cell] {
    let cells = &scenario.cells;
    let start = cells.partition_point(|c| c.town < town);
    let end = start + cells[start..].partition_point(|c| c.town == town);
    &cells[start..end]
}

/// Each parent cell whose sub-items add up to more than its published figure, and each
/// sub-item in a town where the plan gives its parent no cell.
fn check_sub_item_cells(scenario: &Scenario) -> Vec<Finding> {
    let unit = scenario.settings.unit;
    let sub_items_of = |town: TownId, parent: CategoryId| -> Decimal {
        town_cells(scenario, town)
            .iter()
            .filter(|c| scenario.category(c.category).parent == Some(parent))
            .map(|c| c.plan)
            .sum()
    };
    let mut findings: Vec<Finding> = scenario
        .parent_cells
        .iter()
        .filter_map(|parent| {
            let sum = sub_items_of(parent.town, parent.category);
            (sum > parent.plan).then(|| {
                let scope = format!(
                    "{}/{}",
                    scenario.town(parent.town).name,
                    scenario.category(parent.category).name
                );
                Finding::gap(
                    Check::SubItems,
                    &scope,
                    parent.plan,
                    sum,
                    unit,
                    Detail::None,
                    &parent.origin,
                )
            })
        })
        .collect();
    for cell in &scenario.cells {
        let Some(parent) = scenario.category(cell.category).parent else {
            continue;
        };
        if scenario.cell_index(cell.town, parent).is_none() && !cell.plan.is_zero() {
            findings.push(Finding::gap(
                Check::SubItems,
                &cell_scope(scenario, cell),
                Decimal::ZERO,
                cell.plan,
                unit,
                Detail::None,
                &cell.origin,
            ));
        }
    }
    findings
}

/// Each parent category whose sub-items' published totals add up to more than its own.
fn check_sub_item_categories(scenario: &Scenario) -> Vec<Finding> {
    scenario
        .top_level()
        .filter_map(|(id, parent)| {
            let plan = parent.plan?;
            let subs = scenario.sub_items(id);
            let sum: Decimal = subs.iter().filter_map(|s| scenario.category(*s).plan).sum();
            (!subs.is_empty() && sum > plan).then(|| {
                Finding::gap(
                    Check::SubItems,
                    &parent.name,
                    plan,
                    sum,
                    scenario.settings.unit,
                    Detail::None,
                    &parent.origin,
                )
            })
        })
        .collect()
}

/// A share of total supply (no `of`) over sub-items only: "70% of all land" where "70% of
/// their parent" was meant turns a housing-mix rule into a demand on the whole plan.
fn share_base(scenario: &Scenario, rule: &Rule) -> Option<Finding> {
    if rule.of.is_some() || !matches!(rule.value, RuleValue::Share(_)) {
        return None;
    }
    let mut parents: Vec<CategoryId> = Vec::new();
    for category in &rule.categories {
        let parent = scenario.category(*category).parent?;
        if !parents.contains(&parent) {
            parents.push(parent);
        }
    }
    let names = |ids: &[CategoryId]| {
        ids.iter()
            .map(|c| scenario.category(*c).name.as_str())
            .collect::<Vec<_>>()
            .join(";")
    };
    let message = format!(
        "rule {}: {} of all land supplied is asked of {}, sub-item(s) of {}; the base was probably {} (write it in column 'of')",
        rule.name,
        rule.value,
        names(&rule.categories),
        names(&parents),
        names(&parents)
    );
    Some(Finding {
        check: Check::ShareBase,
        scope: rule.name.clone(),
        expected: None,
        actual: None,
        difference: None,
        direction: None,
        location: Some(rule.origin.to_string()),
        message,
        unit: scenario.settings.unit,
        detail: Detail::None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    #[test]
    fn restates_exactly_where_the_result_terminates() {
        assert_eq!(restate(d("31.14831"), Unit::Ha, Unit::Mu), d("467.22465"));
        assert_eq!(restate(d("0.834"), Unit::Mu, Unit::Ha), d("0.0556"));
        assert_eq!(restate(d("15"), Unit::Mu, Unit::Ha), d("1"));
        assert_eq!(restate(d("2.50"), Unit::Ha, Unit::Ha), d("2.5"));
    }

    #[test]
    fn rounds_hectares_that_do_not_terminate_to_six_decimals() {
        assert_eq!(restate(d("1"), Unit::Mu, Unit::Ha), d("0.066667"));
        assert_eq!(
            restate(d("1990.92346"), Unit::Mu, Unit::Ha),
            d("132.728231")
        );
        assert_eq!(restate(d("0.00001"), Unit::Mu, Unit::Ha), d("0.000001"));
    }
}
