//! What-ifs on the parcels of `parcels.csv`: withdraw, add, enlarge or delay a parcel.
//!
//! Input: the base `Parcels`, the what-if rows whose target is `parcel:ID` (fields
//! `withdraw`, `area`, `ready`, `cell`) and the scenario (with the what-if's own changes) whose
//! towns and categories they name. Output: a changed copy of the parcels, or every problem
//! found, each at its row. Rows apply in order, ancestors' rows first, as the plan's rows do;
//! a `cell` row on a parcel the file does not list adds it (ready from Q1, not committed),
//! and it then needs an `area` row. The base parcels are never changed, and nothing here
//! plans: `parcels::plan` takes the changed list like any other.

use super::{Change, Field, Op, Value, WhatIfError, WhatIfSet};
use crate::load::table::Row;
use crate::names::normalize;
use crate::parcels::load::parse_readiness;
use crate::parcels::{Parcel, Parcels, Quarter, Readiness};
use crate::problem::{Problem, Problems};
use crate::scenario::Scenario;
use rust_decimal::Decimal;
use std::collections::BTreeSet;

/// How a target names a parcel: `parcel:LZ01-011` (or `地块:LZ01-011`).
pub const PARCEL_PREFIX: &str = "parcel:";
const PREFIXES: &[&str] = &[PARCEL_PREFIX, "地块:", "地块："];
const FIELDS: &str = "withdraw, area, ready or cell for a parcel:ID target";

/// The parcel a target names (`parcel:ID`), if it names one.
pub fn parcel_target(target: &str) -> Option<&str> {
    parcel_id(target)
}

fn parcel_id(target: &str) -> Option<&str> {
    PREFIXES.iter().find_map(|prefix| {
        let head = target.get(..prefix.len())?;
        head.eq_ignore_ascii_case(prefix)
            .then(|| target[prefix.len()..].trim())
    })
}

/// Whether a target names a parcel.
pub(super) fn is_parcel(target: &str) -> bool {
    parcel_id(target).is_some()
}

/// Reads a parcel row's value (the target and field must both be a parcel's).
pub(super) fn value(
    row: &mut Row<'_>,
    target: &str,
    field: Field,
    op: Op,
    text: &str,
) -> Option<Value> {
    use super::parse::{factor, figure, invalid, whole};
    if !parcel_id(target).is_some_and(|id| !id.is_empty()) {
        let problem = Problem::new(row.origin(), "a parcel's field needs a parcel target")
            .column("target")
            .got(target)
            .expected("parcel:ID, a parcel of parcels.csv (or a new one)");
        row.push(problem);
        return None;
    }
    if !field.of_parcel() {
        let problem = Problem::new(row.origin(), "a parcel target takes a parcel's field")
            .column("field")
            .got(field.name())
            .expected(FIELDS);
        row.push(problem);
        return None;
    }
    if text.is_empty() {
        row.required_text("value", "a value");
        return None;
    }
    match (field, op) {
        (Field::Withdraw, Op::Set) => match normalize(text).as_str() {
            "yes" | "y" | "true" | "1" | "是" => Some(Value::Flag(true)),
            "no" | "n" | "false" | "0" | "否" => Some(Value::Flag(false)),
            _ => invalid(row, text, "yes or no (是/否)"),
        },
        (Field::Area, Op::Scale) => factor(row, text),
        (Field::Area, Op::Set) => figure(row, text, false),
        (Field::Area, Op::Add) => figure(row, text, true),
        (Field::Ready, Op::Set) | (Field::Cell, Op::Set) => Some(Value::Text(text.to_string())),
        (Field::Ready, Op::Add) => whole(
            row,
            text,
            i64::MIN,
            "a whole number of quarters, such as 1 (a delay of one quarter) or -1",
        ),
        _ => {
            let problem = Problem::new(
                row.origin(),
                format!("{} cannot {}", field.name(), op.name()),
            )
            .column("op")
            .got(op.name())
            .expected(match field {
                Field::Area => "set, add or scale",
                Field::Ready => "set (a quarter or date) or add (quarters of delay)",
                _ => "set",
            });
            row.push(problem);
            None
        }
    }
}

/// The parcels of what-if scenario `name` (with every scenario it extends): the base
/// parcels with its parcel rows applied to a copy.
pub fn apply_parcels(
    base: &Parcels,
    scenario: &Scenario,
    set: &WhatIfSet,
    name: &str,
) -> Result<Parcels, WhatIfError> {
    let mut applier = Applier {
        parcels: base.parcels.clone(),
        scenario,
        withdrawn: BTreeSet::new(),
        created: Vec::new(),
        problems: Vec::new(),
    };
    for change in set
        .changes_for(name)
        .into_iter()
        .filter(|c| c.field.of_parcel())
    {
        applier.apply(change);
    }
    applier.check_created();
    if !applier.problems.is_empty() {
        return Err(WhatIfError::Invalid(Problems::sorted(applier.problems)));
    }
    let withdrawn = applier.withdrawn;
    let parcels = applier
        .parcels
        .into_iter()
        .filter(|p| !withdrawn.contains(&normalize(&p.id)))
        .collect();
    Ok(Parcels {
        parcels,
        quarters: base.quarters.clone(),
        inputs: base.inputs.clone(),
    })
}

struct Applier<'a> {
    parcels: Vec<Parcel>,
    scenario: &'a Scenario,
    /// Normalised ids.
    withdrawn: BTreeSet<String>,
    /// Indexes of parcels a `cell` row added, with the row.
    created: Vec<(usize, &'a Change)>,
    problems: Vec<Problem>,
}

impl<'a> Applier<'a> {
    fn problem(&mut self, change: &Change, column: &str, message: String, expected: &str) {
        let got = match column {
            "target" => change.target.as_str(),
            _ => change.value_text.as_str(),
        };
        let problem = Problem::new(change.origin.clone(), message)
            .column(column)
            .got(got)
            .expected(expected);
        self.problems.push(problem);
    }

    fn apply(&mut self, change: &'a Change) {
        let id = parcel_id(&change.target).expect("parse checked the target");
        let key = normalize(id);
        let found = self.parcels.iter().position(|p| normalize(&p.id) == key);
        let index = match (found, change.field) {
            (Some(index), _) => index,
            (None, Field::Cell) => match self.create(change, id) {
                Some(index) => index,
                None => return,
            },
            (None, _) => {
                let message = format!("no parcel '{id}' in parcels.csv");
                let expected = "a parcel of parcels.csv, or a new one added by a 'cell' row first";
                return self.problem(change, "target", message, expected);
            }
        };
        match (change.field, &change.value) {
            (Field::Withdraw, Value::Flag(out)) => self.withdraw(&key, *out),
            (Field::Area, Value::Figure(value)) => self.area(change, index, *value),
            (Field::Ready, _) => self.ready(change, index),
            (Field::Cell, _) => self.cell(change, index),
            _ => {}
        }
    }

    fn withdraw(&mut self, key: &str, out: bool) {
        if out {
            self.withdrawn.insert(key.to_string());
        } else {
            self.withdrawn.remove(key);
        }
    }

    /// A new parcel of area 0 (an `area` row must follow), ready from Q1, not committed.
    fn create(&mut self, change: &'a Change, id: &str) -> Option<usize> {
        let (town, category) = self.resolve_cell(change)?;
        self.parcels.push(Parcel {
            id: id.to_string(),
            town,
            category,
            area: Decimal::ZERO,
            method: None,
            source: None,
            ready: Readiness::From(Quarter::FIRST),
            committed: false,
            note: change.note.clone(),
            origin: change.origin.clone(),
        });
        let index = self.parcels.len() - 1;
        self.created.push((index, change));
        Some(index)
    }

    fn area(&mut self, change: &Change, index: usize, value: Decimal) {
        let current = self.parcels[index].area;
        let scale = self.scenario.scale().max(current.scale());
        match super::apply::operate(change.op, current, value, scale) {
            Some(area) if area > Decimal::ZERO => self.parcels[index].area = area,
            _ => {
                let message = format!("the parcel's new area is not above 0 (it was {current})");
                self.problem(
                    change,
                    "value",
                    message,
                    "an area above 0 (withdraw removes a parcel)",
                );
            }
        }
    }

    fn ready(&mut self, change: &Change, index: usize) {
        let parcel = &self.parcels[index];
        let ready = match &change.value {
            Value::Text(text) => match parse_readiness(text, self.scenario.settings.year) {
                Ok(ready) => ready,
                Err((message, expected)) => {
                    return self.problem(change, "value", message.to_string(), expected)
                }
            },
            Value::Figure(quarters) => delayed(parcel.ready, *quarters),
            _ => return,
        };
        if parcel.committed && ready == Readiness::AfterYear {
            let message = format!(
                "committed parcel {} would not be ready this year",
                parcel.id
            );
            let expected = "a committed parcel ready within the plan's year";
            return self.problem(change, "value", message, expected);
        }
        self.parcels[index].ready = ready;
    }

    fn cell(&mut self, change: &Change, index: usize) {
        if let Some((town, category)) = self.resolve_cell(change) {
            self.parcels[index].town = town;
            self.parcels[index].category = category;
        }
    }

    /// The `town/category` of a `cell` row, names resolved as `parcels.csv`'s are.
    fn resolve_cell(
        &mut self,
        change: &Change,
    ) -> Option<(crate::scenario::TownId, crate::scenario::CategoryId)> {
        let Value::Text(text) = &change.value else {
            return None;
        };
        let Some((town, category)) = text.split_once('/') else {
            let message = "a parcel's cell is town/category".to_string();
            self.problem(
                change,
                "value",
                message,
                "town/category, such as 连州镇/住宅用地",
            );
            return None;
        };
        let names = crate::track::input::Names::new(self.scenario);
        let mut found = Vec::new();
        let town = names.town(town.trim(), &change.origin, &mut found);
        let category = names.category(category.trim(), &change.origin, &mut found);
        self.problems
            .extend(found.into_iter().map(|p| p.column("value")));
        Some((town?, category?))
    }

    /// Every parcel a `cell` row added has an area by the end.
    fn check_created(&mut self) {
        let missing: Vec<&Change> = self
            .created
            .iter()
            .filter(|(index, _)| self.parcels[*index].area.is_zero())
            .map(|(_, change)| *change)
            .collect();
        for change in missing {
            let message = "a new parcel needs an area".to_string();
            let expected = "an 'area' row (op set) for the new parcel";
            self.problem(change, "target", message, expected);
        }
    }
}

/// A readiness moved by `quarters` (negative: earlier); past Q4 it is not ready this year,
/// before Q1 it is Q1. A parcel not ready this year counts as quarter 5.
fn delayed(ready: Readiness, quarters: Decimal) -> Readiness {
    let now = match ready {
        Readiness::From(q) => i64::from(q.number()),
        Readiness::AfterYear => 5,
    };
    let quarters = i64::try_from(quarters).unwrap_or(if quarters > Decimal::ZERO {
        i64::MAX
    } else {
        i64::MIN
    });
    let moved = now.saturating_add(quarters).max(1);
    u8::try_from(moved)
        .ok()
        .and_then(Quarter::new)
        .map_or(Readiness::AfterYear, Readiness::From)
}
