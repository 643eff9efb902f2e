//! The mid-year adjustment (计划调整): a new structure and layout for the rest of the year
//! within the published total.
//!
//! Input: the published scenario, the parcel register and the updated full-year demand.
//! Output: an `Adjustment`: the adjusted scenario (cap = the published total; per cell,
//! committed = the land supplied to date and demand = max(updated demand, supplied); pairs
//! supplied or newly demanded outside the layout added with a published figure of 0) and the
//! certified solve of it. The solve serves the demand tier by tier and, among the allocations
//! that do, takes the one closest to the published cells (its closest-to-plan stage), so the
//! proposal changes the published plan least. Nothing here rounds, prints or reads files.

use super::demand::Demand;
use super::register::Register;
use crate::evaluate::Totals;
use crate::problem::Origin;
use crate::scenario::{CategoryId, Cell, Scenario, TownId};
use crate::solve::{SolveError, SolveOptions, SolveReport};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// The adjusted scenario and its solve.
#[derive(Debug, Clone, PartialEq)]
pub struct Adjustment {
    /// The scenario that was solved: same cap, categories, towns and rules as the published
    /// one; its cells carry the published figure as `plan`.
    pub scenario: Scenario,
    pub report: SolveReport,
    /// Cells of `scenario` that the published layout does not have (indexes).
    pub added: Vec<usize>,
}

/// Proposed minus published, for a group of cells of the adjusted scenario's evaluation
/// (`plan` = published, `supplied` = proposed).
pub fn change(totals: &Totals) -> Decimal {
    totals.supplied - totals.plan
}

/// Builds the adjusted scenario; also returns the pairs added to the layout. An added cell
/// points at the demand row or the first parcel that asks for it.
pub fn adjusted_scenario(
    published: &Scenario,
    register: &Register,
    demand: &Demand,
) -> (Scenario, Vec<(TownId, CategoryId)>) {
    let supplied = register.supplied();
    let mut scenario = published.clone();
    let mut added = Vec::new();
    let mut origins: BTreeMap<(TownId, CategoryId), Origin> = demand
        .rows
        .iter()
        .filter(|(_, row)| row.demand > Decimal::ZERO)
        .map(|(pair, row)| (*pair, row.origin.clone()))
        .collect();
    for parcel in &register.parcels {
        origins
            .entry((parcel.town, parcel.category))
            .or_insert_with(|| parcel.origin.clone());
    }
    for (pair, origin) in origins {
        if scenario.cell_index(pair.0, pair.1).is_none() {
            scenario.cells.push(Cell {
                town: pair.0,
                category: pair.1,
                plan: Decimal::ZERO,
                demand: Decimal::ZERO,
                committed: Decimal::ZERO,
                stock: Decimal::ZERO,
                origin,
            });
            scenario.sort_cells();
            added.push(pair);
        }
    }
    for cell in &mut scenario.cells {
        let pair = (cell.town, cell.category);
        let done = supplied.get(&pair).copied().unwrap_or_default();
        let wanted = demand.rows.get(&pair).map_or(cell.demand, |row| row.demand);
        cell.committed = done;
        cell.demand = wanted.max(done);
    }
    (scenario, added)
}

/// Proposes the adjustment: builds the adjusted scenario and solves it.
pub fn adjust(
    published: &Scenario,
    register: &Register,
    demand: &Demand,
    options: &SolveOptions,
) -> Result<Adjustment, SolveError> {
    let (scenario, added_pairs) = adjusted_scenario(published, register, demand);
    let report = crate::solve::solve(&scenario, options)?;
    let added = added_pairs
        .iter()
        .filter_map(|(town, category)| scenario.cell_index(*town, *category))
        .collect();
    Ok(Adjustment {
        scenario,
        report,
        added,
    })
}

/// One line of the change table a bureau files with its adjustment request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeRow {
    pub name: String,
    /// The figure the plan states for this group (a category's structure figure, a town's
    /// total, the cap), when it states one.
    pub stated: Option<Decimal>,
    /// The published cells' sum.
    pub published: Decimal,
    /// Supplied to date (committed in the adjustment).
    pub supplied: Decimal,
    /// Demand as adjusted: max(updated demand, supplied).
    pub demand: Decimal,
    pub proposed: Decimal,
    /// Proposed minus published.
    pub change: Decimal,
}

impl ChangeRow {
    fn new(name: String, stated: Option<Decimal>, totals: &Totals) -> Self {
        ChangeRow {
            name,
            stated,
            published: totals.plan,
            supplied: totals.committed,
            demand: totals.demand,
            proposed: totals.supplied,
            change: change(totals),
        }
    }

    /// Stated figure minus the published cells' sum, when the plan states one that differs.
    pub fn gap(&self) -> Option<Decimal> {
        self.stated
            .map(|stated| stated - self.published)
            .filter(|gap| !gap.is_zero())
    }
}

/// A cell's line of the change table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellChange {
    pub town: TownId,
    pub category: CategoryId,
    pub tier: u32,
    /// Whether the published layout lacks this cell.
    pub added: bool,
    pub row: ChangeRow,
}

/// The change table: per cell, category and town, and the total.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeTable {
    pub cells: Vec<CellChange>,
    pub categories: Vec<ChangeRow>,
    pub towns: Vec<ChangeRow>,
    /// Stated = the cap, which the adjustment keeps.
    pub total: ChangeRow,
    /// The cap minus the proposed cells' sum.
    pub unallocated: Decimal,
}

impl Adjustment {
    /// The change table, `None` when the adjusted scenario is infeasible.
    pub fn changes(&self) -> Option<ChangeTable> {
        let evaluation = &self.report.allocated()?.evaluation;
        let scenario = &self.scenario;
        let cells = evaluation
            .cells
            .iter()
            .enumerate()
            .map(|(index, cell)| {
                let name = format!(
                    "{}/{}",
                    scenario.town(cell.town).name,
                    scenario.category(cell.category).name
                );
                let totals = Totals {
                    plan: cell.plan,
                    demand: cell.demand,
                    committed: cell.committed,
                    supplied: cell.allocated,
                };
                CellChange {
                    town: cell.town,
                    category: cell.category,
                    tier: scenario.category(cell.category).tier,
                    added: self.added.contains(&index),
                    row: ChangeRow::new(name, None, &totals),
                }
            })
            .collect();
        let categories = scenario
            .categories
            .iter()
            .zip(&evaluation.categories)
            .map(|(c, totals)| ChangeRow::new(c.name.clone(), c.plan, totals))
            .collect();
        let towns = scenario
            .towns
            .iter()
            .zip(&evaluation.towns)
            .map(|(t, totals)| ChangeRow::new(t.name.clone(), t.plan, totals))
            .collect();
        let cap = scenario.settings.cap;
        Some(ChangeTable {
            cells,
            categories,
            towns,
            total: ChangeRow::new("total".to_string(), Some(cap), &evaluation.total),
            unallocated: cap - evaluation.total.supplied,
        })
    }
}
