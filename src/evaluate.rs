//! Stage 5a, evaluate: the same summaries for any allocation, optimised or published.
//!
//! Input: a `Scenario` and an allocation (one exact figure per cell, in cell order). Output:
//! an `Evaluation`: totals per cell, town, category and tier (demand, supplied, shortfall,
//! fill), the status of every constraint (slack, binding, broken by how much) and every cell
//! outside its bounds. All exact decimal arithmetic; this is also the solver's certificate.

use crate::constraints::{constraints, ConstraintId, Sense};
use crate::scenario::{CategoryId, Scenario, TownId};
use rust_decimal::Decimal;
use serde::Serialize;

/// Demand and supply of a group of cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Totals {
    #[serde(with = "rust_decimal::serde::str")]
    pub plan: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    pub demand: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    pub committed: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    pub supplied: Decimal,
}

impl Totals {
    fn add(&mut self, plan: Decimal, demand: Decimal, committed: Decimal, supplied: Decimal) {
        self.plan += plan;
        self.demand += demand;
        self.committed += committed;
        self.supplied += supplied;
    }

    /// Demand not supplied (never negative: supply above demand is not a shortfall).
    pub fn shortfall(&self) -> Decimal {
        (self.demand - self.supplied).max(Decimal::ZERO)
    }

    /// Supplied / demand, to 4 decimals; `None` when there is no demand.
    pub fn fill(&self) -> Option<Decimal> {
        (!self.demand.is_zero()).then(|| (self.supplied / self.demand).round_dp(4))
    }
}

/// One cell of an allocation beside its plan, demand and bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CellResult {
    pub town: TownId,
    pub category: CategoryId,
    #[serde(with = "rust_decimal::serde::str")]
    pub plan: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    pub demand: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    pub committed: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    pub allocated: Decimal,
}

impl CellResult {
    /// Allocated minus published.
    pub fn delta(&self) -> Decimal {
        self.allocated - self.plan
    }
}

/// A tier's categories and totals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TierTotals {
    pub tier: u32,
    pub categories: Vec<CategoryId>,
    pub totals: Totals,
}

/// A constraint's state under an allocation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConstraintStatus {
    pub id: ConstraintId,
    pub sense: Sense,
    /// The limit, in the scenario's unit (for a share rule: the share of the total supplied).
    pub limit: Decimal,
    /// The constrained quantity (for a rule: the covered cells' sum).
    pub value: Decimal,
    /// Room left; negative when broken.
    pub slack: Decimal,
}

impl ConstraintStatus {
    pub fn binding(&self) -> bool {
        self.slack.is_zero()
    }

    pub fn broken(&self) -> bool {
        self.slack.is_sign_negative() && !self.slack.is_zero()
    }
}

/// A cell outside committed <= allocated <= demand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BoundBreach {
    pub cell: usize,
    /// Allocated minus the bound it crosses (negative below committed, positive above demand).
    pub by: Decimal,
}

/// Everything an allocation means for a scenario.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evaluation {
    pub cells: Vec<CellResult>,
    pub towns: Vec<Totals>,
    pub categories: Vec<Totals>,
    pub tiers: Vec<TierTotals>,
    pub total: Totals,
    pub constraints: Vec<ConstraintStatus>,
    pub bound_breaches: Vec<BoundBreach>,
}

impl Evaluation {
    /// Whether every constraint and every cell bound holds.
    pub fn feasible(&self) -> bool {
        self.bound_breaches.is_empty() && self.constraints.iter().all(|c| !c.broken())
    }

    pub fn binding(&self) -> impl Iterator<Item = &ConstraintStatus> {
        self.constraints.iter().filter(|c| c.binding())
    }

    /// The supplied total of each tier, in tier order.
    pub fn tier_supply(&self) -> Vec<Decimal> {
        self.tiers.iter().map(|t| t.totals.supplied).collect()
    }
}

/// Evaluates an allocation (one figure per cell of `scenario`, in cell order).
pub fn evaluate(scenario: &Scenario, allocation: &[Decimal]) -> Evaluation {
    assert_eq!(
        allocation.len(),
        scenario.cells.len(),
        "an allocation has one figure per cell"
    );
    let mut towns = vec![Totals::default(); scenario.towns.len()];
    let mut categories = vec![Totals::default(); scenario.categories.len()];
    let mut total = Totals::default();
    let mut cells = Vec::with_capacity(scenario.cells.len());
    let mut bound_breaches = Vec::new();
    for (index, (cell, &allocated)) in scenario.cells.iter().zip(allocation).enumerate() {
        towns[cell.town.0].add(cell.plan, cell.demand, cell.committed, allocated);
        categories[cell.category.0].add(cell.plan, cell.demand, cell.committed, allocated);
        total.add(cell.plan, cell.demand, cell.committed, allocated);
        cells.push(CellResult {
            town: cell.town,
            category: cell.category,
            plan: cell.plan,
            demand: cell.demand,
            committed: cell.committed,
            allocated,
        });
        if allocated < cell.committed {
            bound_breaches.push(BoundBreach {
                cell: index,
                by: allocated - cell.committed,
            });
        } else if allocated > cell.demand {
            bound_breaches.push(BoundBreach {
                cell: index,
                by: allocated - cell.demand,
            });
        }
    }
    let tiers = tier_totals(scenario, &categories);
    let constraints = constraint_statuses(scenario, allocation);
    Evaluation {
        cells,
        towns,
        categories,
        tiers,
        total,
        constraints,
        bound_breaches,
    }
}

fn tier_totals(scenario: &Scenario, categories: &[Totals]) -> Vec<TierTotals> {
    scenario
        .tiers()
        .into_iter()
        .map(|tier| {
            let ids: Vec<CategoryId> = (0..scenario.categories.len())
                .map(CategoryId)
                .filter(|c| scenario.category(*c).tier == tier)
                .collect();
            let mut totals = Totals::default();
            for id in &ids {
                let c = categories[id.0];
                totals.add(c.plan, c.demand, c.committed, c.supplied);
            }
            TierTotals {
                tier,
                categories: ids,
                totals,
            }
        })
        .collect()
}

fn constraint_statuses(scenario: &Scenario, allocation: &[Decimal]) -> Vec<ConstraintStatus> {
    let quota = crate::solve::quota::status(scenario, allocation);
    constraints(scenario)
        .into_iter()
        // The quota's cuts are the solver's; the certificate checks the quota itself.
        .filter(|constraint| constraint.id != ConstraintId::NewQuota)
        .map(|constraint| {
            let slack = constraint.slack(allocation);
            let (limit, value) = match constraint.id {
                ConstraintId::Rule(index) => {
                    let rule = &scenario.rules[index];
                    let covered: Decimal = scenario
                        .cells
                        .iter()
                        .zip(allocation)
                        .filter(|(c, _)| rule.covers(c))
                        .map(|(_, x)| *x)
                        .sum();
                    (rule.limit(rule.base(&scenario.cells, allocation)), covered)
                }
                _ => (constraint.rhs, constraint.lhs(allocation)),
            };
            ConstraintStatus {
                id: constraint.id,
                sense: constraint.sense,
                limit,
                value,
                slack,
            }
        })
        .chain(quota)
        .collect()
}
