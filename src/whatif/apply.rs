//! Applies what-if rows to a copy of the base scenario, in exact decimals.
//!
//! Input: the base `Scenario`, the what-if file's shown path and the rows to apply (in
//! order). Output: the changed scenario and the names of the cells created, or every problem
//! found: targets that match nothing, fields the target cannot carry, limits that do not
//! exist to add to, figures out of range, and (after applying) value problems of the changed
//! parts found by `validate::check_values`, located at the row that changed them. The base is
//! never modified.
//!
//! Figures multiplied by `scale` are rounded half-to-even to the base's precision
//! (`Scenario::scale`), so a factor cannot make the solve round to more decimals than the
//! published plan has; `set` and `add` keep the value exactly as written.

use super::{Change, Field, Op, Value};
use crate::problem::{Origin, Problem};
use crate::scenario::{CategoryId, Cell, Scenario, TownId};
use crate::target::{select, Pattern, Selection, Target};
use crate::validate::check_values;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};
use std::collections::BTreeSet;

/// Rounds a scaled figure half-to-even to at most `scale` decimals (never adds digits).
pub fn round_scaled(value: Decimal, scale: u32) -> Decimal {
    if value.scale() > scale {
        value.round_dp_with_strategy(scale, RoundingStrategy::MidpointNearestEven)
    } else {
        value
    }
}

/// What a row changed, for the re-check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Item {
    Cap,
    Town(TownId),
    Category(CategoryId),
    Cell(TownId, CategoryId),
}

struct Applier<'a> {
    scenario: Scenario,
    /// Decimals scaled figures are rounded to: the base's.
    scale: u32,
    file: &'a str,
    problems: Vec<Problem>,
    created: Vec<String>,
    touched: BTreeSet<Item>,
}

/// Applies `changes` in order to a copy of `base`.
pub(super) fn apply_changes(
    base: &Scenario,
    file: &str,
    changes: &[&Change],
) -> Result<(Scenario, Vec<String>), Vec<Problem>> {
    let mut applier = Applier {
        scenario: base.clone(),
        scale: base.scale(),
        file,
        problems: Vec::new(),
        created: Vec::new(),
        touched: BTreeSet::new(),
    };
    for change in changes {
        applier.apply(change);
    }
    applier.recheck();
    if applier.problems.is_empty() {
        Ok((applier.scenario, applier.created))
    } else {
        Err(applier.problems)
    }
}

/// The new figure; `None` when it is out of `Decimal`'s range.
pub(super) fn operate(op: Op, current: Decimal, value: Decimal, scale: u32) -> Option<Decimal> {
    match op {
        Op::Set => Some(value),
        Op::Add => current.checked_add(value),
        Op::Scale => current
            .checked_mul(value)
            .map(|product| round_scaled(product, scale)),
    }
}

/// Whether the target names towns only: `九陂镇`, `*镇`, `九陂镇/*`.
fn names_towns(target: &Target, selection: &Selection) -> bool {
    match target {
        Target::Name(_) => selection.town_level,
        Target::Cells { towns, categories } => {
            *categories == Pattern::Any && *towns != Pattern::Any
        }
        Target::All => false,
    }
}

/// Whether the target names categories only: `商服用地`, `*/商服用地`.
fn names_categories(target: &Target, selection: &Selection) -> bool {
    match target {
        Target::Name(_) => selection.category_level,
        Target::Cells { towns, categories } => {
            *towns == Pattern::Any && *categories != Pattern::Any
        }
        Target::All => false,
    }
}

/// The one pair a `town/category` target names without wildcards.
fn exact_pair(target: &Target, selection: &Selection) -> Option<(TownId, CategoryId)> {
    match target {
        Target::Cells {
            towns: Pattern::Name(_),
            categories: Pattern::Name(_),
        } => Some((*selection.towns.first()?, *selection.categories.first()?)),
        _ => None,
    }
}

impl Applier<'_> {
    fn problem(&mut self, change: &Change, column: &str, message: String, expected: &str) {
        let got = if column == "target" {
            change.target.as_str()
        } else {
            change.value_text.as_str()
        };
        self.problems.push(
            Problem::new(change.origin.clone(), message)
                .column(column)
                .got(got)
                .expected(expected),
        );
    }

    fn out_of_range(&mut self, change: &Change, what: &str) {
        let message = format!("the new {} of {what} is out of range", change.field.name());
        self.problem(change, "value", message, "a smaller figure");
    }

    fn apply(&mut self, change: &Change) {
        let target = Target::parse(&change.target);
        if change.field == Field::Cap {
            return self.cap(change, &target);
        }
        let selection = match select(&target, &self.scenario) {
            Ok(selection) => selection,
            Err(message) => {
                return self.problem(
                    change,
                    "target",
                    message,
                    "town/category, town, category or *, with * as a wildcard",
                )
            }
        };
        match change.field {
            Field::Capacity => self.towns(change, &target, &selection),
            Field::Min | Field::Max | Field::Tier => self.categories(change, &target, &selection),
            Field::Demand | Field::Committed | Field::Plan => {
                self.cells(change, &target, &selection)
            }
            Field::Cap | Field::Extends => {}
            Field::Withdraw | Field::Area | Field::Ready | Field::Cell => {}
        }
    }

    fn cap(&mut self, change: &Change, target: &Target) {
        if *target != Target::All {
            let message = "the cap is the scenario's figure: the target must be *".to_string();
            return self.problem(change, "target", message, "*");
        }
        let Value::Figure(value) = change.value else {
            return;
        };
        let settings = &mut self.scenario.settings;
        match operate(change.op, settings.cap, value, self.scale) {
            Some(cap) => {
                settings.cap = cap;
                settings.cap_origin = change.origin.clone();
                self.touched.insert(Item::Cap);
            }
            None => self.out_of_range(change, "the total"),
        }
    }

    /// A capacity, minimum or maximum: `none` removes it; add and scale need one to change.
    fn limit(
        &mut self,
        change: &Change,
        current: Option<Decimal>,
        owner: &str,
    ) -> Option<Option<Decimal>> {
        let value = match &change.value {
            Value::Unlimited => return Some(None),
            Value::Figure(value) => *value,
            Value::Name(_) | Value::Text(_) | Value::Flag(_) => return None,
        };
        let Some(current) = current.or((change.op == Op::Set).then_some(Decimal::ZERO)) else {
            let message = format!(
                "{owner} has no {} to {} (it has no limit)",
                change.field.name(),
                change.op.name()
            );
            self.problem(change, "op", message, "set, to give it a limit");
            return None;
        };
        match operate(change.op, current, value, self.scale) {
            Some(new) => Some(Some(new)),
            None => {
                self.out_of_range(change, owner);
                None
            }
        }
    }

    fn towns(&mut self, change: &Change, target: &Target, selection: &Selection) {
        if !names_towns(target, selection) {
            let message = "capacity is a town's figure: the target must name towns".to_string();
            return self.problem(
                change,
                "target",
                message,
                "a town such as 九陂镇, *镇 or 九陂镇/*",
            );
        }
        for &id in &selection.towns {
            let town = &self.scenario.towns[id.0];
            let (name, current) = (town.name.clone(), town.capacity);
            if let Some(new) = self.limit(change, current, &name) {
                let town = &mut self.scenario.towns[id.0];
                town.capacity = new;
                town.origin = change.origin.clone();
                self.touched.insert(Item::Town(id));
            }
        }
    }

    fn categories(&mut self, change: &Change, target: &Target, selection: &Selection) {
        if !names_categories(target, selection) {
            let message = format!(
                "{} is a category's figure: the target must name categories",
                change.field.name()
            );
            return self.problem(
                change,
                "target",
                message,
                "a category such as 商服用地 or */商服用地",
            );
        }
        for &id in &selection.categories {
            let category = &self.scenario.categories[id.0];
            let name = category.name.clone();
            match change.field {
                Field::Tier => self.tier(change, id),
                Field::Min => {
                    if let Some(new) = self.limit(change, category.min, &name) {
                        self.scenario.categories[id.0].min = new;
                    }
                }
                _ => {
                    if let Some(new) = self.limit(change, category.max, &name) {
                        self.scenario.categories[id.0].max = new;
                    }
                }
            }
            self.scenario.categories[id.0].origin = change.origin.clone();
            self.touched.insert(Item::Category(id));
        }
    }

    fn tier(&mut self, change: &Change, id: CategoryId) {
        let Value::Figure(value) = change.value else {
            return;
        };
        let current = Decimal::from(self.scenario.categories[id.0].tier);
        let new = match change.op {
            Op::Add => current.checked_add(value),
            _ => Some(value),
        };
        match new.filter(|t| *t >= Decimal::ONE).and_then(|t| t.to_u32()) {
            Some(tier) => self.scenario.categories[id.0].tier = tier,
            None => {
                let name = self.scenario.categories[id.0].name.clone();
                let message = format!("the tier of {name} would be {}", new.unwrap_or_default());
                self.problem(change, "value", message, "a resulting tier of 1 or more");
            }
        }
    }

    fn cells(&mut self, change: &Change, target: &Target, selection: &Selection) {
        let indexes = match exact_pair(target, selection) {
            Some((town, category)) => match self.scenario.cell_index(town, category) {
                Some(index) => vec![index],
                None if change.op == Op::Scale => {
                    let message = "the plan has no such cell to scale".to_string();
                    return self.problem(
                        change,
                        "target",
                        message,
                        "a cell of the plan, or op set/add to create it",
                    );
                }
                None => vec![self.create(change, town, category)],
            },
            None => selection.cells(&self.scenario),
        };
        if indexes.is_empty() {
            let message = "no cell of the plan matches".to_string();
            let expected =
                "a target matching cells of the plan (name one town/category to create a cell)";
            return self.problem(change, "target", message, expected);
        }
        let Value::Figure(value) = change.value else {
            return;
        };
        for index in indexes {
            let cell = &self.scenario.cells[index];
            let current = match change.field {
                Field::Demand => cell.demand,
                Field::Committed => cell.committed,
                _ => cell.plan,
            };
            let Some(new) = operate(change.op, current, value, self.scale) else {
                let name = self.cell_name(index);
                self.out_of_range(change, &name);
                continue;
            };
            let cell = &mut self.scenario.cells[index];
            match change.field {
                Field::Demand => cell.demand = new,
                Field::Committed => cell.committed = new,
                _ => cell.plan = new,
            }
            cell.origin = change.origin.clone();
            self.touched.insert(Item::Cell(cell.town, cell.category));
        }
    }

    fn cell_name(&self, index: usize) -> String {
        let cell = &self.scenario.cells[index];
        format!(
            "{}/{}",
            self.scenario.town(cell.town).name,
            self.scenario.category(cell.category).name
        )
    }

    /// Adds a cell the plan does not have (plan, demand and committed 0); returns its index.
    fn create(&mut self, change: &Change, town: TownId, category: CategoryId) -> usize {
        self.scenario.cells.push(Cell {
            town,
            category,
            plan: Decimal::ZERO,
            demand: Decimal::ZERO,
            committed: Decimal::ZERO,
            stock: Decimal::ZERO,
            origin: change.origin.clone(),
        });
        self.scenario.sort_cells();
        let index = self
            .scenario
            .cell_index(town, category)
            .expect("the cell was just added");
        let name = self.cell_name(index);
        self.created.push(name);
        index
    }

    /// Re-checks every changed part with `validate::check_values`, one part at a time so
    /// that each problem names the town, category or cell it is about.
    fn recheck(&mut self) {
        let touched = std::mem::take(&mut self.touched);
        for item in touched {
            let (part, label, origin) = self.part(item);
            for problem in check_values(&part) {
                if problem.origin != origin || problem.origin.file != self.file {
                    continue;
                }
                let column = problem.column.clone().unwrap_or_default();
                let mut moved = problem.column("value");
                moved.message = format!("after the change, {label} ({column}): {}", moved.message);
                self.problems.push(moved);
            }
        }
        // Anything else check_values finds (the base was valid, so normally nothing).
        let file = self.file;
        self.problems.extend(
            check_values(&self.scenario)
                .into_iter()
                .filter(|p| p.origin.file != file),
        );
    }

    /// A scenario holding only one changed part, its name and its origin.
    fn part(&self, item: Item) -> (Scenario, String, Origin) {
        let whole = &self.scenario;
        let mut part = Scenario {
            settings: whole.settings.clone(),
            categories: Vec::new(),
            towns: Vec::new(),
            cells: Vec::new(),
            rules: Vec::new(),
            parent_cells: Vec::new(),
        };
        match item {
            Item::Cap => (
                part,
                "the total cap".to_string(),
                whole.settings.cap_origin.clone(),
            ),
            Item::Town(id) => {
                let town = whole.town(id).clone();
                let (label, origin) = (town.name.clone(), town.origin.clone());
                part.towns.push(town);
                (part, label, origin)
            }
            Item::Category(id) => {
                let category = whole.category(id).clone();
                let (label, origin) = (category.name.clone(), category.origin.clone());
                part.categories.push(category);
                (part, label, origin)
            }
            Item::Cell(town, category) => {
                let index = whole
                    .cell_index(town, category)
                    .expect("touched cells exist");
                let mut cell = whole.cells[index].clone();
                let origin = cell.origin.clone();
                part.towns.push(whole.town(town).clone());
                part.categories.push(whole.category(category).clone());
                (cell.town, cell.category) = (TownId(0), CategoryId(0));
                part.cells.push(cell);
                (part, self.cell_name(index), origin)
            }
        }
    }
}
