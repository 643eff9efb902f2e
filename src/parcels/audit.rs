//! The parcels against the plan's cells.
//!
//! Input: a validated `Scenario` and its `Parcels`. Output: one `ParcelFinding` per planned
//! cell whose figure differs from the total area of its parcels (all of them, whatever their
//! readiness: the list is meant to carry out the plan) and per parcel outside any planned
//! cell (五（一）: 未列入计划的地块，原则上不予办理土地供应手续). The wording is the renderers'
//! (`report::parcels`); this module only compares exact figures. `src/audit.rs` and the
//! commands call `audit` when a folder has parcels.

use super::Parcels;
use crate::scenario::Scenario;
use rust_decimal::Decimal;
use serde::Serialize;

/// One inconsistency between the parcels and the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "check", rename_all = "snake_case")]
pub enum ParcelFinding {
    /// A planned cell's figure is not the total of its parcels.
    CellDiffers {
        /// Index into `Scenario::cells`.
        cell: usize,
        plan: Decimal,
        parcels: Decimal,
    },
    /// A parcel in no planned cell (no cell, or a cell whose figure is 0): 五（一）.
    OutsidePlan {
        /// Index into `Parcels::parcels`.
        parcel: usize,
    },
}

/// Every finding, cells first (in cell order), then parcels (in file order).
pub fn audit(scenario: &Scenario, parcels: &Parcels) -> Vec<ParcelFinding> {
    let mut totals = vec![Decimal::ZERO; scenario.cells.len()];
    let mut outside = Vec::new();
    for (index, parcel) in parcels.parcels.iter().enumerate() {
        match scenario.cell_index(parcel.town, parcel.category) {
            Some(cell) if scenario.cells[cell].plan > Decimal::ZERO => totals[cell] += parcel.area,
            _ => outside.push(ParcelFinding::OutsidePlan { parcel: index }),
        }
    }
    scenario
        .cells
        .iter()
        .zip(totals)
        .enumerate()
        .filter(|(_, (cell, total))| cell.plan > Decimal::ZERO && cell.plan != *total)
        .map(|(index, (cell, total))| ParcelFinding::CellDiffers {
            cell: index,
            plan: cell.plan,
            parcels: total,
        })
        .chain(outside)
        .collect()
}
