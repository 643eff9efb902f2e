//! Row parsers: one function per scenario file, from a parsed `Table` to raw rows.
//!
//! Input: a file's `Table`. Output: its rows as raw types (`RawSettings`, `RawCategory`, ...),
//! every malformed cell a located problem filed in the caller's list. A row with a malformed
//! figure keeps its names, so that references to it are not reported as unknown as well.
//! Names are checked for characters no name may hold, but not resolved.

use super::columns::{setting_key, NUMBER};
use super::raw::{NameSet, RawCategory, RawCell, RawRule, RawSettings, RawTown};
use super::table::{self, Table};
use crate::problem::{Origin, Problem};
use crate::scenario::{Bound, CapKind, RuleValue, Unit};
use rust_decimal::Decimal;

pub(super) fn parse_settings(table: &Table, problems: &mut Vec<Problem>) -> RawSettings {
    let mut settings = RawSettings::absent(&table.file);
    let mut seen: Vec<(&str, Origin)> = Vec::new();
    for record in &table.records {
        let mut row = table.row(record, problems);
        let Some(text) = row.required_text(
            "key",
            "a key: name, year, unit, cap, cap_kind, source or new_quota",
        ) else {
            continue;
        };
        let Some(key) = setting_key(&text) else {
            row.push(
                Problem::new(row.origin(), "unknown key")
                    .column("key")
                    .got(text)
                    .expected("one of name, year, unit, cap, cap_kind, source, new_quota"),
            );
            continue;
        };
        if let Some((_, first)) = seen.iter().find(|(k, _)| *k == key) {
            let message = format!("the key {key} appears twice (first at line {})", first.line);
            row.push(
                Problem::new(row.origin(), message)
                    .column("key")
                    .got(text)
                    .expected("each key once"),
            );
            continue;
        }
        seen.push((key, row.origin()));
        match key {
            "name" => settings.name = row.required_name("value", "a scenario name"),
            "year" => settings.year = row.required_whole("value", "a year such as 2025"),
            "unit" => {
                if let Some(unit) = row.parsed("value", "ha (公顷) or mu (亩)", Unit::parse) {
                    settings.unit = unit;
                }
            }
            "cap" => {
                settings.cap_origin = row.origin();
                settings.cap = row.required_decimal("value", NUMBER);
            }
            "cap_kind" => {
                if let Some(kind) =
                    row.parsed("value", "at_most (以内) or about (约)", CapKind::parse)
                {
                    settings.cap_kind = kind;
                }
            }
            "new_quota" => settings.new_quota = non_negative(&mut row),
            _ => settings.source = row.text("value"),
        }
    }
    if !seen.iter().any(|(k, _)| *k == "cap") {
        problems.push(
            Problem::new(Origin::new(&table.file, 0), "the total cap is missing")
                .column("key")
                .expected("a row 'cap,<figure>': the plan's 土地供应总量"),
        );
    }
    settings
}

/// A figure >= 0 in the `value` column, within the range the solver answers exactly (a
/// located problem otherwise).
fn non_negative(row: &mut table::Row<'_>) -> Option<Decimal> {
    let value = row.required_decimal("value", NUMBER)?;
    if value.is_sign_negative() && !value.is_zero() {
        let problem = Problem::new(row.origin(), "negative figure")
            .column("value")
            .got(value.to_string())
            .expected(NUMBER);
        row.push(problem);
        return None;
    }
    if let Some(problem) = crate::validate::out_of_range(&row.origin(), "value", value, false) {
        row.push(problem);
        return None;
    }
    Some(value)
}

fn aliases(row: &mut table::Row<'_>) -> Vec<String> {
    let Some(text) = row.text("alias") else {
        return Vec::new();
    };
    row.check_name("alias", &text);
    match NameSet::parse(&text) {
        NameSet::All => Vec::new(),
        NameSet::Names(names) => names,
    }
}

pub(super) fn parse_categories(table: &Table, problems: &mut Vec<Problem>) -> Vec<RawCategory> {
    let mut categories = Vec::new();
    for record in &table.records {
        let mut row = table.row(record, problems);
        let name = row.required_name("category", "a land-use category name");
        let tier = row.required_whole("tier", "a priority tier: 1, 2, 3, ... (1 is served first)");
        let plan = row.optional_decimal("plan", NUMBER);
        let min = row.optional_decimal("min", "a number >= 0, or empty for no minimum");
        let max = row.optional_decimal("max", "a number >= 0, or empty for no maximum");
        let aliases = aliases(&mut row);
        let parent = row.text("parent");
        if let Some(parent) = &parent {
            row.check_name("parent", parent);
        }
        let basis = row.text("basis");
        // A row with a malformed cell keeps its name (the load fails anyway), so that
        // references to it are not reported as unknown as well.
        if let Some(name) = name {
            categories.push(RawCategory {
                origin: row.origin(),
                name,
                tier: tier.unwrap_or(1),
                plan: plan.unwrap_or_default(),
                min: min.unwrap_or_default(),
                max: max.unwrap_or_default(),
                aliases,
                parent,
                basis,
            });
        }
    }
    categories
}

pub(super) fn parse_towns(table: &Table, problems: &mut Vec<Problem>) -> Vec<RawTown> {
    let mut towns = Vec::new();
    for record in &table.records {
        let mut row = table.row(record, problems);
        let name = row.required_name("town", "a town name");
        let plan = row.optional_decimal("plan", NUMBER);
        let capacity = row.optional_decimal("capacity", "a number >= 0, or empty for no limit");
        let aliases = aliases(&mut row);
        if let Some(name) = name {
            towns.push(RawTown {
                origin: row.origin(),
                name,
                plan: plan.unwrap_or_default(),
                capacity: capacity.unwrap_or_default(),
                aliases,
            });
        }
    }
    towns
}

pub(super) fn parse_cells(table: &Table, problems: &mut Vec<Problem>) -> Vec<RawCell> {
    let mut cells = Vec::new();
    for record in &table.records {
        let mut row = table.row(record, problems);
        let town = row.required_name("town", "a town named in towns.csv");
        let category = row.required_name("category", "a category named in categories.csv");
        let plan = row.optional_decimal("plan", "a number >= 0 (empty = 0)");
        let demand = row.optional_decimal("demand", "a number >= 0, or empty for demand = plan");
        let committed = row.optional_decimal("committed", "a number >= 0, or empty for 0");
        let stock = row.optional_decimal("stock", "a number >= 0, or empty for no stock land");
        if let (Some(town), Some(category)) = (town, category) {
            cells.push(RawCell {
                origin: row.origin(),
                town,
                category,
                plan: plan.unwrap_or_default(),
                demand: demand.unwrap_or_default(),
                committed: committed.unwrap_or_default(),
                stock: stock.unwrap_or_default(),
            });
        }
    }
    cells
}

/// Reads a rule value: a figure in the scenario's unit, or a percentage with `%`.
fn parse_rule_value(text: &str) -> Option<RuleValue> {
    let (number, percent) = crate::number::split_percent(text);
    let value = crate::number::parse_decimal(number).ok()?;
    Some(if percent {
        RuleValue::Share(value)
    } else {
        RuleValue::Amount(value)
    })
}

pub(super) fn parse_rules(table: &Table, problems: &mut Vec<Problem>) -> Vec<RawRule> {
    let mut rules = Vec::new();
    for record in &table.records {
        let mut row = table.row(record, problems);
        let name = row.required_name("rule", "a rule name");
        let categories = row
            .required_name("categories", "category names separated by ';', or *")
            .map(|t| NameSet::parse(&t));
        let towns = row
            .required_name("towns", "town names separated by ';', or *")
            .map(|t| NameSet::parse(&t));
        let bound = row.parsed("bound", "min or max", Bound::parse);
        let value = row.parsed(
            "value",
            "a number >= 0, or a share such as 70%",
            parse_rule_value,
        );
        let of = row.text("of").map(|t| {
            row.check_name("of", &t);
            NameSet::parse(&t)
        });
        let basis = row.text("basis");
        let derived = optional_derived(&mut row);
        if let (Some(name), Some(categories), Some(towns), Some(bound), Some(value)) =
            (name, categories, towns, bound, value)
        {
            rules.push(RawRule {
                origin: row.origin(),
                name,
                categories,
                towns,
                bound,
                value,
                of,
                basis,
                derived,
            });
        }
    }
    rules
}

/// The `derived` cell of a rule: whether the limit was derived rather than published
/// (empty: published).
fn optional_derived(row: &mut table::Row<'_>) -> bool {
    let Some(text) = row.text("derived") else {
        return false;
    };
    let value = match crate::names::normalize(&text).as_str() {
        "yes" | "true" | "derived" | "是" | "推导" | "测算" => Some(true),
        "no" | "false" | "published" | "否" | "公布" => Some(false),
        _ => None,
    };
    if value.is_none() {
        row.push(
            Problem::new(row.origin(), "invalid value")
                .column("derived")
                .got(text)
                .expected("yes (推导: the limit is derived, not published) or no, or empty (no)"),
        );
    }
    value.unwrap_or(false)
}
