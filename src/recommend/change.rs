//! Changes a remedy makes to a scenario, each with the figure it moves from and to.
//!
//! Input: a `Scenario` and a `Change`. Output: the changed scenario (a clone). Every change is
//! a planner's action on one figure (a limit, a cell's land, a committed figure, a published
//! figure); it keeps exact decimals and never touches anything else. Nothing here solves or
//! judges whether the change helps: that is `verify`'s job.

use crate::constraints::{relax, stated_limit, ConstraintId};
use crate::scenario::Scenario;
use rust_decimal::Decimal;
use serde::Serialize;

/// What a change acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Action {
    /// Loosen a limit (`constraints::relax`): raise the cap, a capacity, a maximum or a
    /// maximum rule; lower a minimum. A share rule moves in percentage points.
    Loosen { constraint: ConstraintId },
    /// Lower the total cap.
    LowerCap,
    /// Give a cell less land: its demand falls to `to`, and its committed land too when it
    /// was above `to`.
    LowerCell { cell: usize },
    /// Defer parcels of a cell to next year: its demand this year falls to `to`.
    Defer { cell: usize },
    /// Build a cell's industrial projects more intensively (多层标准厂房): its demand falls to
    /// `to`.
    Intensify { cell: usize },
    /// Raise a cell's demand (a what-if probe: what a rise in demand would do).
    RaiseDemand { cell: usize },
    /// Assign land to a cell in the published plan: its figure and its demand rise, and so do
    /// the published totals of its town and/or category where asked.
    AssignToCell {
        cell: usize,
        town_total: bool,
        category_total: bool,
    },
    /// Release land committed to a cell.
    ReleaseCommitted { cell: usize },
}

/// One figure moved from `from` to `to`, in the scenario's unit (percent for a share rule).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Change {
    pub action: Action,
    #[serde(with = "rust_decimal::serde::str")]
    pub from: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    pub to: Decimal,
}

impl Change {
    /// A change of `action` from `from` to `to` (both shown without trailing zeros).
    pub fn new(action: Action, from: Decimal, to: Decimal) -> Change {
        Change {
            action,
            from: from.normalize(),
            to: to.normalize(),
        }
    }

    /// How far the figure moves (never negative).
    pub fn by(&self) -> Decimal {
        (self.to - self.from).abs().normalize()
    }

    /// Loosens `constraint` by `by`; `None` when the scenario states no such limit.
    pub fn loosen(scenario: &Scenario, constraint: ConstraintId, by: Decimal) -> Option<Change> {
        let from = stated_limit(scenario, constraint)?;
        let mut loosened = scenario.clone();
        relax(&mut loosened, constraint, by);
        let to = stated_limit(&loosened, constraint)?;
        (to != from).then(|| Change::new(Action::Loosen { constraint }, from, to))
    }

    /// Lowers the cap by `by`.
    pub fn lower_cap(scenario: &Scenario, by: Decimal) -> Change {
        let from = scenario.settings.cap;
        Change::new(Action::LowerCap, from, from - by)
    }

    /// Gives `cell` `by` less than the `allocated` land it has now.
    pub fn lower_cell(cell: usize, allocated: Decimal, by: Decimal) -> Change {
        let to = (allocated - by).max(Decimal::ZERO);
        Change::new(Action::LowerCell { cell }, allocated, to)
    }

    /// Lowers the demand of `cell` to `to` by `action` (`Defer` or `Intensify`).
    pub fn lower_demand(scenario: &Scenario, action: Action, cell: usize, to: Decimal) -> Change {
        Change::new(action, scenario.cells[cell].demand, to)
    }

    /// The cell whose demand the change lowers, if it lowers one.
    pub fn lowered_cell(&self) -> Option<usize> {
        match self.action {
            Action::LowerCell { cell } | Action::Defer { cell } | Action::Intensify { cell } => {
                Some(cell)
            }
            _ => None,
        }
    }

    /// Raises the demand of `cell` by `by`.
    pub fn raise_demand(scenario: &Scenario, cell: usize, by: Decimal) -> Change {
        let from = scenario.cells[cell].demand;
        Change::new(Action::RaiseDemand { cell }, from, from + by)
    }

    /// Assigns `by` more land to `cell` in the published plan.
    pub fn assign(
        scenario: &Scenario,
        cell: usize,
        by: Decimal,
        town_total: bool,
        category_total: bool,
    ) -> Change {
        let from = scenario.cells[cell].plan;
        let action = Action::AssignToCell {
            cell,
            town_total,
            category_total,
        };
        Change::new(action, from, from + by)
    }

    /// Releases `by` of the land committed to `cell`.
    pub fn release(scenario: &Scenario, cell: usize, by: Decimal) -> Change {
        let from = scenario.cells[cell].committed;
        Change::new(
            Action::ReleaseCommitted { cell },
            from,
            (from - by).max(Decimal::ZERO),
        )
    }

    /// The committed land of a lowered cell after the change, when the change lowers it.
    pub fn committed_after(&self, scenario: &Scenario) -> Option<(Decimal, Decimal)> {
        let committed = scenario.cells[self.lowered_cell()?].committed;
        (committed > self.to).then_some((committed, self.to))
    }
}

/// The scenario with every change applied, in order.
pub fn apply(scenario: &Scenario, changes: &[Change]) -> Scenario {
    let mut changed = scenario.clone();
    for change in changes {
        apply_one(&mut changed, change);
    }
    changed
}

fn apply_one(scenario: &mut Scenario, change: &Change) {
    let by = change.by();
    match change.action {
        Action::Loosen { constraint } => relax(scenario, constraint, by),
        Action::LowerCap => scenario.settings.cap = change.to,
        Action::LowerCell { cell } | Action::Defer { cell } | Action::Intensify { cell } => {
            let cell = &mut scenario.cells[cell];
            cell.demand = change.to;
            cell.committed = cell.committed.min(change.to);
        }
        Action::RaiseDemand { cell } => scenario.cells[cell].demand = change.to,
        Action::AssignToCell {
            cell,
            town_total,
            category_total,
        } => {
            let (town, category) = {
                let cell = &mut scenario.cells[cell];
                cell.plan = change.to;
                cell.demand += by;
                (cell.town, cell.category)
            };
            if town_total {
                let plan = &mut scenario.towns[town.0].plan;
                *plan = plan.map(|p| p + by);
            }
            if category_total {
                let plan = &mut scenario.categories[category.0].plan;
                *plan = plan.map(|p| p + by);
            }
        }
        Action::ReleaseCommitted { cell } => scenario.cells[cell].committed = change.to,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{Category, CategoryId, Cell, Settings, Town, TownId};

    fn d(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    fn scenario() -> Scenario {
        let origin = crate::problem::Origin::new("test", 0);
        Scenario {
            settings: Settings {
                name: "t".into(),
                year: None,
                unit: Default::default(),
                cap: d("20"),
                cap_kind: Default::default(),
                source: None,
                cap_origin: origin.clone(),
                new_quota: None,
            },
            categories: vec![Category {
                name: "c".into(),
                tier: 1,
                plan: Some(d("8")),
                min: None,
                max: None,
                aliases: Vec::new(),
                parent: None,
                basis: None,
                origin: origin.clone(),
            }],
            towns: vec![Town {
                name: "t".into(),
                plan: Some(d("8")),
                capacity: Some(d("9")),
                aliases: Vec::new(),
                origin: origin.clone(),
            }],
            cells: vec![Cell {
                town: TownId(0),
                category: CategoryId(0),
                plan: d("8"),
                demand: d("8"),
                committed: d("5"),
                stock: Decimal::ZERO,
                origin,
            }],
            rules: Vec::new(),
            parent_cells: Vec::new(),
        }
    }

    #[test]
    fn each_change_moves_one_figure_from_what_it_was_to_what_it_says() {
        let s = scenario();
        let capacity = Change::loosen(&s, ConstraintId::TownCapacity(TownId(0)), d("1.5")).unwrap();
        assert_eq!((capacity.from, capacity.to), (d("9"), d("10.5")));
        assert_eq!(apply(&s, &[capacity]).towns[0].capacity, Some(d("10.5")));
        let lowered = apply(&s, &[Change::lower_cell(0, d("8"), d("4"))]);
        assert_eq!(
            (lowered.cells[0].demand, lowered.cells[0].committed),
            (d("4"), d("4"))
        );
        let assigned = apply(&s, &[Change::assign(&s, 0, d("0.5"), true, false)]);
        assert_eq!(
            (assigned.cells[0].plan, assigned.cells[0].demand),
            (d("8.5"), d("8.5"))
        );
        assert_eq!(assigned.towns[0].plan, Some(d("8.5")));
        assert_eq!(assigned.categories[0].plan, Some(d("8")));
        let released = Change::release(&s, 0, d("7"));
        assert_eq!((released.to, released.by()), (d("0"), d("5")));
        assert_eq!(Change::lower_cap(&s, d("2.5")).to, d("17.5"));
        assert!(Change::loosen(&s, ConstraintId::CategoryMax(CategoryId(0)), d("1")).is_none());
    }
}
