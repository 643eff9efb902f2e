//! Interchangeable cells solved as one column, and the answer spread back to the cells.
//!
//! Input: a `Model`. Output: a smaller `Model` in which every group of interchangeable cells
//! is one column, plus the `Groups` that map between the two. Two cells are interchangeable
//! when they belong to the same priority tier and have the same coefficient in every row
//! that can bind (a town capacity at least as large as the town's whole demand can never
//! bind and is left out of the smaller model; the certificate still checks it). In a generated
//! province, the cells of towns without a binding capacity collapse into one column per
//! category, so only towns with a binding capacity keep a column per cell.
//!
//! Each lexicographic stage has the same optimum on both models:
//! - tier supply: a row sees only a group's total `X`, and any total within
//!   `[sum committed, sum demand]` can be split among the group's cells;
//! - fair cut: a group at fill ratio `ρ = (X - K) / (D - K)` gives each of its cells
//!   committed + ρ x (demand - committed), so the group's ratio is its cells' smallest;
//! - closest to the plan: with the group's cells bounded by `[l, u]` and `q = clamp(p, l, u)`,
//!   the least total deviation of a split of `X` is `sum |q - p| + |X - sum q|` (every unit
//!   moved away from `q` costs one unit of deviation), one convex cost on `X`.
//!
//! The stages only move a group's bounds to `K + ρ (D - K)` (a held fair cut, or a tier fixed
//! at its demand, ρ = 1, or its committed land, ρ = 0), so each cell's current bounds follow
//! from the group's. The answer is spread back by starting every cell at `q` and moving the
//! group's remaining `X - sum q` in proportion to each cell's room (to `u` or down to `l`):
//! among the equally good answers, the one that treats interchangeable towns alike.

use crate::model::lp::{LinearProgram, LpColumn, LpRow};
use crate::model::{Model, TierCells};
use std::collections::HashMap;

/// One column of the smaller model: its cells and the sums of their bounds.
#[derive(Debug, Clone, PartialEq)]
struct Group {
    cells: Vec<usize>,
    committed: f64,
    demand: f64,
}

/// The map between a model's cells and the smaller model's columns.
#[derive(Debug, Clone, PartialEq)]
pub struct Groups {
    groups: Vec<Group>,
    /// Each cell's bounds and plan in the full model.
    columns: Vec<LpColumn>,
    plan: Vec<f64>,
}

/// A cell's bounds within a group whose bounds moved to `K + ρ (D - K)`.
fn cell_bounds(group: &Group, cell: LpColumn, now: LpColumn) -> LpColumn {
    let flexible = group.demand - group.committed;
    if group.cells.len() == 1 {
        return now;
    }
    if flexible <= 0.0 {
        return cell;
    }
    let ratio = |at: f64| ((at - group.committed) / flexible).clamp(0.0, 1.0);
    let at = |r: f64| cell.lower + r * (cell.upper - cell.lower);
    LpColumn {
        lower: at(ratio(now.lower)),
        upper: at(ratio(now.upper)),
    }
}

impl Groups {
    /// The cells of a group, each with its current bounds and `q = clamp(plan, bounds)`.
    fn members(
        &self,
        column: usize,
        now: LpColumn,
    ) -> impl Iterator<Item = (usize, LpColumn, f64)> + '_ {
        let group = &self.groups[column];
        group.cells.iter().map(move |&cell| {
            let bounds = cell_bounds(group, self.columns[cell], now);
            let nearest = self.plan[cell].clamp(bounds.lower, bounds.upper.max(bounds.lower));
            (cell, bounds, nearest)
        })
    }

    /// The closest-to-plan target of a column with these current bounds: `(target,
    /// constant)` such that the least deviation of its cells is `constant + |X - target|`.
    /// A single cell's target is its plan (which may lie outside its bounds).
    pub fn plan_target(&self, column: usize, now: LpColumn) -> (f64, f64) {
        let group = &self.groups[column];
        if group.cells.len() == 1 {
            return (self.plan[group.cells[0]], 0.0);
        }
        self.members(column, now)
            .fold((0.0, 0.0), |(target, constant), (cell, _, nearest)| {
                (
                    target + nearest,
                    constant + (nearest - self.plan[cell]).abs(),
                )
            })
    }

    /// Spreads the columns' values back to the cells, given the columns' bounds at the
    /// closest-to-plan stage.
    pub fn expand(&self, values: &[f64], bounds: &[LpColumn]) -> Vec<f64> {
        let mut cells = vec![0.0; self.columns.len()];
        for (column, group) in self.groups.iter().enumerate() {
            let total = values[column];
            if group.cells.len() == 1 {
                cells[group.cells[0]] = total;
                continue;
            }
            let members: Vec<(usize, LpColumn, f64)> =
                self.members(column, bounds[column]).collect();
            let start: f64 = members.iter().map(|m| m.2).sum();
            let room = |&(_, b, q): &(usize, LpColumn, f64)| {
                if total >= start {
                    b.upper - q
                } else {
                    q - b.lower
                }
            };
            let rooms: f64 = members.iter().map(room).sum();
            let share = if rooms > 0.0 {
                ((total - start) / rooms).clamp(-1.0, 1.0)
            } else {
                0.0
            };
            for member in &members {
                cells[member.0] = member.2 + share * room(member);
            }
        }
        cells
    }
}

/// Whether a row can never bind whatever the columns' values within their bounds.
fn never_binds(row: &LpRow, columns: &[LpColumn]) -> bool {
    let (least, most) = row.terms.iter().fold((0.0, 0.0), |(least, most), &(c, a)| {
        let (low, high) = (a * columns[c].lower, a * columns[c].upper);
        (least + low.min(high), most + low.max(high))
    });
    most <= row.upper && least >= row.lower
}

/// How far to merge cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Merge {
    /// Interchangeable cells become one column (the default).
    Interchangeable,
    /// One column per cell, every row kept: the model as built (for cross-checks).
    Nothing,
}

/// The smaller model and the map back to the cells.
pub fn aggregate(model: &Model, merge: Merge) -> (Model, Groups) {
    let columns = &model.lp.columns;
    let kept: Vec<usize> = (0..model.lp.rows.len())
        .filter(|&r| merge == Merge::Nothing || !never_binds(&model.lp.rows[r], columns))
        .collect();
    // Each column's tier and (row, coefficient) list over the kept rows.
    let mut tier_of = vec![usize::MAX; columns.len()];
    for (index, tier) in model.tiers.iter().enumerate() {
        for &cell in &tier.cells {
            tier_of[cell] = index;
        }
    }
    let mut signature: Vec<Vec<(usize, u64)>> = vec![Vec::new(); columns.len()];
    for (position, &row) in kept.iter().enumerate() {
        for &(cell, coefficient) in &model.lp.rows[row].terms {
            signature[cell].push((position, coefficient.to_bits()));
        }
    }
    let mut index: HashMap<(usize, Vec<(usize, u64)>), usize> = HashMap::new();
    let mut group_of = Vec::with_capacity(columns.len());
    let mut groups: Vec<Group> = Vec::new();
    for (cell, terms) in signature.into_iter().enumerate() {
        // Merging nothing: the cell's own index makes every key distinct.
        let key = match merge {
            Merge::Interchangeable => (tier_of[cell], terms),
            Merge::Nothing => (cell, Vec::new()),
        };
        let column = *index.entry(key).or_insert_with(|| {
            groups.push(Group {
                cells: Vec::new(),
                committed: 0.0,
                demand: 0.0,
            });
            groups.len() - 1
        });
        let group = &mut groups[column];
        group.cells.push(cell);
        group.committed += columns[cell].lower;
        group.demand += columns[cell].upper;
        group_of.push(column);
    }
    let rows = kept
        .iter()
        .map(|&row| {
            let row = &model.lp.rows[row];
            // Cells of one group have the same coefficient: one term per group.
            let mut terms: Vec<(usize, f64)> = row
                .terms
                .iter()
                .map(|&(cell, a)| (group_of[cell], a))
                .collect();
            terms.sort_unstable_by_key(|&(column, _)| column);
            terms.dedup_by_key(|&mut (column, _)| column);
            LpRow {
                terms,
                lower: row.lower,
                upper: row.upper,
            }
        })
        .collect();
    let tiers = model
        .tiers
        .iter()
        .enumerate()
        .map(|(index, tier)| TierCells {
            tier: tier.tier,
            cells: (0..groups.len())
                .filter(|&g| tier_of[groups[g].cells[0]] == index)
                .collect(),
        })
        .collect();
    let smaller = Model {
        lp: LinearProgram {
            columns: groups
                .iter()
                .map(|g| LpColumn {
                    lower: g.committed,
                    upper: g.demand,
                })
                .collect(),
            rows,
            ..LinearProgram::default()
        },
        row_ids: kept.iter().map(|&row| model.row_ids[row]).collect(),
        tiers,
        // The groups' summed plans, for reading the model; the closest-to-plan stage asks
        // `Groups::plan_target`, which accounts for the cells' own bounds.
        plan: groups
            .iter()
            .map(|g| g.cells.iter().map(|&c| model.plan[c]).sum())
            .collect(),
    };
    let groups = Groups {
        groups,
        columns: columns.clone(),
        plan: model.plan.clone(),
    };
    (smaller, groups)
}
