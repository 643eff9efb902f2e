//! The scenario's rules as linear constraints over the cells, in exact arithmetic.
//!
//! Input: a validated `Scenario`. Output: one `Constraint` per cap, category bound, town
//! capacity and group rule, each a sum of coefficients times cell allocations compared with a
//! right-hand side, all `Decimal`. The LP model (in f64) and the exact evaluation of an
//! allocation are both built from this one list, so the solver and the certificate can never
//! disagree about what the rules are. Cell bounds (committed <= x <= demand) are not here:
//! they are bounds of each cell.

use crate::scenario::{Bound, CategoryId, RuleValue, Scenario, TownId};
use rust_decimal::Decimal;
use serde::Serialize;

/// Which rule of the scenario a constraint expresses, in the planner's terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "kind", content = "index", rename_all = "snake_case")]
pub enum ConstraintId {
    /// The total cap (土地供应总量).
    Cap,
    CategoryMin(CategoryId),
    CategoryMax(CategoryId),
    TownCapacity(TownId),
    /// A row of `rules.csv`, by position.
    Rule(usize),
    /// The new construction land quota (新增建设用地计划指标, `solve::quota`): new land
    /// beyond the cells' stock.
    NewQuota,
}

impl ConstraintId {
    /// Names the constraint in the planner's words.
    pub fn label(self, scenario: &Scenario) -> String {
        match self {
            ConstraintId::Cap => "total cap".to_string(),
            ConstraintId::CategoryMin(c) => format!("minimum of {}", scenario.category(c).name),
            ConstraintId::CategoryMax(c) => format!("maximum of {}", scenario.category(c).name),
            ConstraintId::TownCapacity(t) => format!("capacity of {}", scenario.town(t).name),
            ConstraintId::Rule(r) => {
                let rule = &scenario.rules[r];
                let derived = if rule.derived {
                    " (derived, not published)"
                } else {
                    ""
                };
                format!("rule {}{derived}", rule.name)
            }
            ConstraintId::NewQuota => "new construction land quota".to_string(),
        }
    }

    /// A short machine key: `cap`, `category_min:住宅用地`, `town_capacity:九陂镇`, `rule:名称`.
    pub fn key(self, scenario: &Scenario) -> String {
        match self {
            ConstraintId::Cap => "cap".to_string(),
            ConstraintId::CategoryMin(c) => format!("category_min:{}", scenario.category(c).name),
            ConstraintId::CategoryMax(c) => format!("category_max:{}", scenario.category(c).name),
            ConstraintId::TownCapacity(t) => format!("town_capacity:{}", scenario.town(t).name),
            ConstraintId::Rule(r) => format!("rule:{}", scenario.rules[r].name),
            ConstraintId::NewQuota => "new_quota".to_string(),
        }
    }
}

/// `sum <= rhs` or `sum >= rhs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Sense {
    AtMost,
    AtLeast,
}

/// One linear constraint: `sum(coefficient * x[cell]) (<= | >=) rhs`.
#[derive(Debug, Clone, PartialEq)]
pub struct Constraint {
    pub id: ConstraintId,
    /// (index into `Scenario::cells`, coefficient); no cell twice.
    pub terms: Vec<(usize, Decimal)>,
    pub sense: Sense,
    pub rhs: Decimal,
}

impl Constraint {
    /// The left-hand side for an allocation (one figure per cell).
    pub fn lhs(&self, allocation: &[Decimal]) -> Decimal {
        self.terms
            .iter()
            .map(|(cell, coefficient)| *coefficient * allocation[*cell])
            .sum()
    }

    /// How far the allocation is inside the constraint (negative = violated by that much).
    pub fn slack(&self, allocation: &[Decimal]) -> Decimal {
        let lhs = self.lhs(allocation);
        match self.sense {
            Sense::AtMost => self.rhs - lhs,
            Sense::AtLeast => lhs - self.rhs,
        }
    }
}

/// Every constraint of a scenario, in a fixed order: cap, category bounds, town capacities,
/// rules, the first cut of the new-land quota.
pub fn constraints(scenario: &Scenario) -> Vec<Constraint> {
    let mut all = vec![add_cap(scenario)];
    all.extend(add_category_bounds(scenario));
    all.extend(add_town_capacity(scenario));
    all.extend(add_group_rules(scenario));
    all.extend(crate::solve::quota::first_cuts(scenario));
    all
}

fn sum_of(cells: impl Iterator<Item = usize>) -> Vec<(usize, Decimal)> {
    cells.map(|cell| (cell, Decimal::ONE)).collect()
}

fn add_cap(scenario: &Scenario) -> Constraint {
    Constraint {
        id: ConstraintId::Cap,
        terms: sum_of(0..scenario.cells.len()),
        sense: Sense::AtMost,
        rhs: scenario.settings.cap,
    }
}

/// The cells of a category's land: its own and, for a parent, its sub-items'.
fn cells_of_category(scenario: &Scenario, category: CategoryId) -> Vec<(usize, Decimal)> {
    sum_of(
        scenario
            .cells
            .iter()
            .enumerate()
            .filter(|(_, c)| scenario.within(c.category, category))
            .map(|(i, _)| i),
    )
}

fn add_category_bounds(scenario: &Scenario) -> Vec<Constraint> {
    let mut all = Vec::new();
    for (index, category) in scenario.categories.iter().enumerate() {
        let id = CategoryId(index);
        if let Some(min) = category.min {
            all.push(Constraint {
                id: ConstraintId::CategoryMin(id),
                terms: cells_of_category(scenario, id),
                sense: Sense::AtLeast,
                rhs: min,
            });
        }
        if let Some(max) = category.max {
            all.push(Constraint {
                id: ConstraintId::CategoryMax(id),
                terms: cells_of_category(scenario, id),
                sense: Sense::AtMost,
                rhs: max,
            });
        }
    }
    all
}

/// One pass over the cells (sorted by town), not one per town: a nation has 40,000 towns.
fn add_town_capacity(scenario: &Scenario) -> Vec<Constraint> {
    let mut cells_of_town = vec![Vec::new(); scenario.towns.len()];
    for (index, cell) in scenario.cells.iter().enumerate() {
        cells_of_town[cell.town.0].push(index);
    }
    scenario
        .towns
        .iter()
        .enumerate()
        .zip(cells_of_town)
        .filter_map(|((index, town), cells)| {
            let id = TownId(index);
            let capacity = town.capacity?;
            let terms = sum_of(cells.into_iter());
            Some(Constraint {
                id: ConstraintId::TownCapacity(id),
                terms,
                sense: Sense::AtMost,
                rhs: capacity,
            })
        })
        .collect()
}

/// A rule over amounts: the covered cells' sum against the figure. A rule over shares:
/// covered - share x base against 0, i.e. coefficient [covered] - share x [in the base] for
/// each cell (the base: every cell, or the cells of the `of` categories in the rule's towns).
fn add_group_rules(scenario: &Scenario) -> Vec<Constraint> {
    scenario
        .rules
        .iter()
        .enumerate()
        .map(|(index, rule)| {
            let sense = match rule.bound {
                Bound::Min => Sense::AtLeast,
                Bound::Max => Sense::AtMost,
            };
            let (terms, rhs) = match rule.value {
                RuleValue::Amount(amount) => (
                    sum_of(
                        scenario
                            .cells
                            .iter()
                            .enumerate()
                            .filter(|(_, c)| rule.covers(c))
                            .map(|(i, _)| i),
                    ),
                    amount,
                ),
                RuleValue::Share(percent) => {
                    let share = percent / Decimal::ONE_HUNDRED;
                    let terms = scenario
                        .cells
                        .iter()
                        .enumerate()
                        .map(|(i, c)| {
                            let covered = if rule.covers(c) {
                                Decimal::ONE
                            } else {
                                Decimal::ZERO
                            };
                            let base = if rule.in_base(c) {
                                share
                            } else {
                                Decimal::ZERO
                            };
                            (i, covered - base)
                        })
                        .filter(|(_, coefficient)| !coefficient.is_zero())
                        .collect();
                    (terms, Decimal::ZERO)
                }
            };
            Constraint {
                id: ConstraintId::Rule(index),
                terms,
                sense,
                rhs,
            }
        })
        .collect()
}

/// Loosens one constraint of a scenario by `amount` (in the scenario's unit; for a share
/// rule, in percentage points): a cap, maximum, capacity or maximum rule goes up, a minimum
/// or minimum rule goes down (never below zero). Used for marginal values and relaxations.
pub fn relax(scenario: &mut Scenario, id: ConstraintId, amount: Decimal) {
    let down = |value: Decimal| (value - amount).max(Decimal::ZERO);
    match id {
        ConstraintId::Cap => scenario.settings.cap += amount,
        ConstraintId::CategoryMin(c) => {
            let category = &mut scenario.categories[c.0];
            category.min = category.min.map(down);
        }
        ConstraintId::CategoryMax(c) => {
            let category = &mut scenario.categories[c.0];
            category.max = category.max.map(|max| max + amount);
        }
        ConstraintId::TownCapacity(t) => {
            let town = &mut scenario.towns[t.0];
            town.capacity = town.capacity.map(|capacity| capacity + amount);
        }
        ConstraintId::NewQuota => {
            let quota = &mut scenario.settings.new_quota;
            *quota = quota.map(|quota| quota + amount);
        }
        ConstraintId::Rule(r) => {
            let rule = &mut scenario.rules[r];
            let loosen = |value: Decimal| match rule.bound {
                Bound::Max => value + amount,
                Bound::Min => down(value),
            };
            rule.value = match rule.value {
                RuleValue::Amount(value) => RuleValue::Amount(loosen(value)),
                RuleValue::Share(percent) => {
                    RuleValue::Share(loosen(percent).min(Decimal::ONE_HUNDRED))
                }
            };
        }
    }
}

/// The limit a constraint sets, as the scenario states it (a share rule's percentage).
pub fn stated_limit(scenario: &Scenario, id: ConstraintId) -> Option<Decimal> {
    match id {
        ConstraintId::Cap => Some(scenario.settings.cap),
        ConstraintId::CategoryMin(c) => scenario.category(c).min,
        ConstraintId::CategoryMax(c) => scenario.category(c).max,
        ConstraintId::TownCapacity(t) => scenario.town(t).capacity,
        ConstraintId::Rule(r) => Some(match scenario.rules[r].value {
            RuleValue::Amount(value) | RuleValue::Share(value) => value,
        }),
        ConstraintId::NewQuota => scenario.settings.new_quota,
    }
}

/// Whether the constraint's limit is a percentage (a share rule).
pub fn is_share(scenario: &Scenario, id: ConstraintId) -> bool {
    matches!(id, ConstraintId::Rule(r) if matches!(scenario.rules[r].value, RuleValue::Share(_)))
}
