//! Land sources: stock land first, new land within the quota (新增建设用地计划指标).
//!
//! Input: a scenario whose cells may hold stock land (存量、储备、批而未供, `cells.csv`
//! `stock`) and whose `scenario.csv` may give `new_quota`, and an allocation. Output: each
//! cell's allocation split into stock used (stock first: `min(x, stock)`) and new land
//! (`max(0, x - stock)`), and the quota as limits the solver can use.
//!
//! The quota says `sum over cells of max(0, x - stock) <= new_quota`: convex, not linear in
//! the cells. It is solved exactly as the scenario's expansion (`expand`): each cell becomes a
//! stock part (at most its stock) in its town and a new part in the town's twin
//! (`甲镇（新增）`); a town's capacity and every rule cover both parts, and the quota is one
//! more rule, over the twins. Every allocation of the scenario splits into parts (stock first)
//! and every allocation of the expansion adds up to one of the scenario, with the same tier
//! totals: the expansion's answer, proven tier by tier, is added back per cell and certified
//! against the scenario, the quota checked exactly as one limit (`status`, used by
//! `evaluate`). An infeasible expansion is explained there and its relaxations named in the
//! scenario's terms (the quota rule as the quota, a capacity rule as the capacity, committed
//! land per cell). `first_cuts` gives the scenario's constraint list one valid limit for the
//! quota (all cells: `sum x <= quota + all stock`), so lists of limits name it once.

use crate::constraints::{Constraint, ConstraintId, Sense};
use crate::evaluate::ConstraintStatus;
use crate::scenario::{Bound, CategoryId, Cell, Rule, RuleValue, Scenario, Town, TownId};
use crate::solve::backend::Backend;
use crate::solve::infeasible::{ExplainError, Infeasibility, RelaxTarget, Relaxation};
use crate::solve::{Allocated, Outcome, SolveError};
use rust_decimal::Decimal;
use serde::Serialize;

/// One cell's land by source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Split {
    /// Stock land used, `min(allocated, stock)`.
    pub stock: Decimal,
    /// New construction land, `allocated - stock used`.
    pub new: Decimal,
}

impl Split {
    /// Stock first: a cell draws on its stock before any new land.
    pub fn of(allocated: Decimal, stock: Decimal) -> Split {
        let stock = allocated.min(stock).max(Decimal::ZERO);
        Split {
            stock,
            new: allocated - stock,
        }
    }

    fn add(&mut self, other: Split) {
        self.stock += other.stock;
        self.new += other.new;
    }
}

/// An allocation's land by source, per cell, town and category, and in all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sources {
    pub cells: Vec<Split>,
    pub towns: Vec<Split>,
    pub categories: Vec<Split>,
    pub total: Split,
    /// The stock ready in all cells.
    pub stock_ready: Decimal,
    pub new_quota: Option<Decimal>,
}

impl Sources {
    /// Splits an allocation (one figure per cell) by source.
    pub fn of(scenario: &Scenario, allocation: &[Decimal]) -> Sources {
        let mut towns = vec![Split::default(); scenario.towns.len()];
        let mut categories = vec![Split::default(); scenario.categories.len()];
        let mut total = Split::default();
        let cells: Vec<Split> = scenario
            .cells
            .iter()
            .zip(allocation)
            .map(|(cell, &x)| {
                let split = Split::of(x, cell.stock);
                towns[cell.town.0].add(split);
                categories[cell.category.0].add(split);
                total.add(split);
                split
            })
            .collect();
        Sources {
            cells,
            towns,
            categories,
            total,
            stock_ready: scenario.cells.iter().map(|c| c.stock).sum(),
            new_quota: scenario.settings.new_quota,
        }
    }
}

/// Whether a scenario tells land sources apart (some stock, or a quota).
pub fn in_use(scenario: &Scenario) -> bool {
    scenario.settings.new_quota.is_some() || scenario.cells.iter().any(|c| !c.stock.is_zero())
}

/// New land of an allocation: the sum over cells of `max(0, x - stock)`.
pub fn new_land(scenario: &Scenario, allocation: &[Decimal]) -> Decimal {
    scenario
        .cells
        .iter()
        .zip(allocation)
        .map(|(cell, &x)| Split::of(x, cell.stock).new)
        .sum()
}

/// The cut of a set of cells: `sum over S of x <= quota + sum over S of stock`.
pub fn cut(scenario: &Scenario, quota: Decimal, cells: &[usize]) -> Constraint {
    let stock: Decimal = cells.iter().map(|&i| scenario.cells[i].stock).sum();
    Constraint {
        id: ConstraintId::NewQuota,
        terms: cells.iter().map(|&i| (i, Decimal::ONE)).collect(),
        sense: Sense::AtMost,
        rhs: quota + stock,
    }
}

/// The quota's place in the scenario's constraint list: the valid limit over all cells,
/// `sum x <= quota + all stock` (the quota itself when no cell has stock). Solves use the
/// expansion, not this limit; `evaluate` checks the quota itself in its place.
pub fn first_cuts(scenario: &Scenario) -> Vec<Constraint> {
    let Some(quota) = scenario.settings.new_quota else {
        return Vec::new();
    };
    let all: Vec<usize> = (0..scenario.cells.len()).collect();
    vec![cut(scenario, quota, &all)]
}

/// The quota as one limit of the certificate, checked exactly; `None` without a quota.
pub fn status(scenario: &Scenario, allocation: &[Decimal]) -> Option<ConstraintStatus> {
    let quota = scenario.settings.new_quota?;
    let value = new_land(scenario, allocation);
    Some(ConstraintStatus {
        id: ConstraintId::NewQuota,
        sense: Sense::AtMost,
        limit: quota,
        value,
        slack: quota - value,
    })
}

/// A scenario with a quota as one without: stock and new parts, the quota a rule.
#[derive(Debug, Clone)]
pub struct Expanded {
    pub scenario: Scenario,
    /// The scenario's cell each part belongs to.
    cell_of: Vec<usize>,
    /// The rules the expansion adds: the quota, and each town capacity as (rule, town).
    quota_rule: usize,
    capacity_rules: Vec<(usize, TownId)>,
}

/// The parts of one cell: its stock part (in its town) and its new part (in the twin town).
fn parts(cell: &Cell, twin: TownId) -> impl Iterator<Item = Cell> {
    let own = cell.stock.min(cell.demand).max(Decimal::ZERO);
    let part = |value: Decimal| value.min(own);
    let stock = (own > Decimal::ZERO).then(|| Cell {
        plan: part(cell.plan),
        demand: own,
        committed: part(cell.committed),
        stock: Decimal::ZERO,
        ..cell.clone()
    });
    let new = (cell.demand > own || own.is_zero()).then(|| Cell {
        town: twin,
        plan: cell.plan - part(cell.plan),
        demand: cell.demand - own,
        committed: cell.committed - part(cell.committed),
        stock: Decimal::ZERO,
        ..cell.clone()
    });
    stock.into_iter().chain(new)
}

/// The stock and new parts of a scenario with a quota (see the module's header).
pub fn expand(scenario: &Scenario) -> Expanded {
    let towns = scenario.towns.len();
    let twin = |t: TownId| TownId(t.0 + towns);
    let mut expanded = scenario.clone();
    expanded.settings.new_quota = None;
    for town in &mut expanded.towns {
        town.capacity = None;
    }
    expanded
        .towns
        .extend(scenario.towns.iter().map(|town| Town {
            name: format!("{}（新增）", town.name),
            plan: None,
            capacity: None,
            aliases: Vec::new(),
            origin: town.origin.clone(),
        }));
    expanded.cells = scenario
        .cells
        .iter()
        .flat_map(|cell| parts(cell, twin(cell.town)))
        .collect();
    for rule in &mut expanded.rules {
        let twins: Vec<TownId> = rule.towns.iter().map(|&t| twin(t)).collect();
        rule.towns.extend(twins);
    }
    let every: Vec<CategoryId> = (0..scenario.categories.len()).map(CategoryId).collect();
    let mut capacity_rules = Vec::new();
    for (index, town) in scenario.towns.iter().enumerate() {
        let Some(capacity) = town.capacity else {
            continue;
        };
        capacity_rules.push((expanded.rules.len(), TownId(index)));
        expanded.rules.push(Rule {
            name: format!("{} capacity", town.name),
            categories: every.clone(),
            towns: vec![TownId(index), twin(TownId(index))],
            bound: Bound::Max,
            value: RuleValue::Amount(capacity),
            of: None,
            basis: None,
            derived: false,
            origin: town.origin.clone(),
        });
    }
    let quota_rule = expanded.rules.len();
    expanded.rules.push(Rule {
        name: "新增建设用地计划指标".to_string(),
        categories: every,
        towns: (towns..2 * towns).map(TownId).collect(),
        bound: Bound::Max,
        value: RuleValue::Amount(scenario.settings.new_quota.unwrap_or_default()),
        of: None,
        basis: None,
        derived: false,
        origin: scenario.settings.cap_origin.clone(),
    });
    expanded.sort_cells();
    let cell_of = expanded
        .cells
        .iter()
        .map(|part| {
            scenario
                .cell_index(TownId(part.town.0 % towns), part.category)
                .expect("every part comes from a cell")
        })
        .collect();
    Expanded {
        scenario: expanded,
        cell_of,
        quota_rule,
        capacity_rules,
    }
}

impl Expanded {
    /// The parts' figures added back per cell of the scenario (`cells` of them).
    fn collapse<T: Copy + Default + std::ops::AddAssign>(
        &self,
        parts: &[T],
        cells: usize,
    ) -> Vec<T> {
        let mut sums = vec![T::default(); cells];
        for (&cell, &value) in self.cell_of.iter().zip(parts) {
            sums[cell] += value;
        }
        sums
    }

    /// A limit of the expansion in the scenario's terms.
    fn limit_of(&self, id: ConstraintId) -> ConstraintId {
        match id {
            ConstraintId::Rule(rule) if rule == self.quota_rule => ConstraintId::NewQuota,
            ConstraintId::Rule(rule) => self
                .capacity_rules
                .iter()
                .find(|(r, _)| *r == rule)
                .map_or(id, |(_, town)| ConstraintId::TownCapacity(*town)),
            other => other,
        }
    }

    /// Relaxations of the expansion in the scenario's terms (a cell's parts' committed land
    /// released together).
    fn relaxations(&self, scenario: &Scenario, relaxations: &[Relaxation]) -> Vec<Relaxation> {
        let mut out: Vec<Relaxation> = Vec::new();
        for relaxation in relaxations {
            let mapped = match relaxation.target {
                RelaxTarget::Limit { constraint } => Relaxation {
                    target: RelaxTarget::Limit {
                        constraint: self.limit_of(constraint),
                    },
                    ..relaxation.clone()
                },
                RelaxTarget::Committed { cell } => {
                    let cell = self.cell_of[cell];
                    let from = scenario.cells[cell].committed;
                    Relaxation {
                        target: RelaxTarget::Committed { cell },
                        from,
                        to: (from - relaxation.by).max(Decimal::ZERO),
                        by: relaxation.by,
                    }
                }
            };
            match out.iter_mut().find(|r| r.target == mapped.target) {
                Some(same) => {
                    same.by += mapped.by;
                    same.to = (same.from - same.by).max(Decimal::ZERO);
                }
                None => out.push(mapped),
            }
        }
        out.sort_by_key(|r| r.target);
        out
    }
}

/// Solves a scenario with a quota through its expansion (`solve` solves the expansion) and
/// certifies the answer against the scenario itself.
pub fn allocate(
    scenario: &Scenario,
    solve: impl Fn(&Scenario) -> Result<Outcome, SolveError>,
) -> Result<Outcome, SolveError> {
    let expanded = expand(scenario);
    let allocated = match solve(&expanded.scenario)? {
        Outcome::Infeasible => return Ok(Outcome::Infeasible),
        Outcome::Optimal(allocated) => allocated,
    };
    let cells = scenario.cells.len();
    let allocation = expanded.collapse(&allocated.allocation, cells);
    let evaluation = crate::solve::certificate::certify(scenario, &allocation)
        .map_err(SolveError::Certificate)?;
    let path = allocated.path;
    let mut stages = allocated.stages;
    stages.values = expanded.collapse(&stages.values, cells);
    // The expansion's multipliers prove its own rows, not the scenario's: marginal values
    // of a scenario with a quota are re-solved (`marginal::derive`).
    Ok(Outcome::Optimal(Box::new(Allocated {
        allocation,
        evaluation,
        stages,
        multipliers: Vec::new(),
        path,
    })))
}

/// Confirms and explains the infeasibility of a scenario with a quota on its expansion
/// (`verify` solves an expansion), in the scenario's terms.
pub fn explain(
    scenario: &Scenario,
    backend: Backend,
    verify: impl Fn(&Scenario) -> bool,
) -> Result<Infeasibility, ExplainError> {
    let expanded = expand(scenario);
    let model = crate::model::build(&expanded.scenario);
    let found = crate::solve::infeasible::explain(&expanded.scenario, &model, backend, verify)?;
    Ok(Infeasibility {
        relaxations: expanded.relaxations(scenario, &found.relaxations),
        alternative: expanded.relaxations(scenario, &found.alternative),
        ..found
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
    fn stock_is_used_before_new_land() {
        assert_eq!(
            Split::of(d("5"), d("3")),
            Split {
                stock: d("3"),
                new: d("2")
            }
        );
        assert_eq!(
            Split::of(d("2.5"), d("3")),
            Split {
                stock: d("2.5"),
                new: d("0")
            }
        );
        assert_eq!(
            Split::of(d("1"), d("0")),
            Split {
                stock: d("0"),
                new: d("1")
            }
        );
    }
}
