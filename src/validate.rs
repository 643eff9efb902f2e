//! Stage 2, validate: `RawScenario` to `Scenario`.
//!
//! Input: typed, located rows with names as users wrote them. Output: a `Scenario` with names
//! resolved to ids (English aliases and synonyms accepted), defaults filled in (demand = plan,
//! committed = 0), cells sorted, and the list of every problem found: unknown or duplicate
//! names, negative figures, committed above demand, minimum above maximum, impossible shares.
//! Rows with problems are left out of the scenario so that the audit can still check the
//! rest; a solve refuses any scenario with problems. No sums across rows are judged here:
//! that is the audit's work.

use crate::load::{NameSet, RawScenario};
use crate::names::NameIndex;
use crate::problem::{Origin, Problem};
use crate::scenario::{
    Category, CategoryId, Cell, Rule, RuleValue, Scenario, Settings, Town, TownId,
};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// A scenario and everything wrong with its input.
#[derive(Debug, Clone)]
pub struct Validated {
    pub scenario: Scenario,
    pub problems: Vec<Problem>,
}

/// Resolves names and checks every row; collects all problems.
pub fn validate(raw: &RawScenario) -> Validated {
    let mut problems = Vec::new();
    let settings = settings(raw);
    let (categories, category_index) = categories(raw, &mut problems);
    let (towns, town_index) = towns(raw, &mut problems);
    let cells = cells(raw, &category_index, &town_index, &mut problems);
    let rules = rules(
        raw,
        &category_index,
        &town_index,
        categories.len(),
        towns.len(),
        &mut problems,
    );
    let mut scenario = Scenario {
        settings,
        categories,
        towns,
        cells,
        rules,
    };
    scenario.sort_cells();
    problems.extend(check_values(&scenario));
    problems.sort();
    problems.dedup();
    Validated { scenario, problems }
}

fn settings(raw: &RawScenario) -> Settings {
    let s = &raw.settings;
    let fallback_name = std::path::Path::new(&raw.label)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| raw.label.clone());
    Settings {
        name: s.name.clone().unwrap_or(fallback_name),
        year: s.year,
        unit: s.unit,
        cap: s.cap.unwrap_or_default(),
        cap_kind: s.cap_kind,
        source: s.source.clone(),
        cap_origin: s.cap_origin.clone(),
    }
}

fn duplicate(origin: &Origin, column: &str, name: &str, first: &Origin) -> Problem {
    Problem::new(
        origin.clone(),
        format!("'{name}' appears twice (first at line {})", first.line),
    )
    .column(column)
    .got(name)
    .expected("each name once")
}

fn categories(raw: &RawScenario, problems: &mut Vec<Problem>) -> (Vec<Category>, NameIndex) {
    let mut index = NameIndex::default();
    let mut categories: Vec<Category> = Vec::new();
    for row in &raw.categories {
        if let Some(first) = index.resolve(&row.name).filter(|id| {
            crate::names::normalize(&categories[*id].name) == crate::names::normalize(&row.name)
        }) {
            problems.push(duplicate(
                &row.origin,
                "category",
                &row.name,
                &categories[first].origin,
            ));
            continue;
        }
        index.insert_category(&row.name, &row.aliases, categories.len());
        categories.push(Category {
            name: row.name.clone(),
            tier: row.tier,
            plan: row.plan,
            min: row.min,
            max: row.max,
            aliases: row.aliases.clone(),
            origin: row.origin.clone(),
        });
    }
    (categories, index)
}

fn towns(raw: &RawScenario, problems: &mut Vec<Problem>) -> (Vec<Town>, NameIndex) {
    let mut index = NameIndex::default();
    let mut towns: Vec<Town> = Vec::new();
    for row in &raw.towns {
        if let Some(first) = index.resolve(&row.name).filter(|id| {
            crate::names::normalize(&towns[*id].name) == crate::names::normalize(&row.name)
        }) {
            problems.push(duplicate(
                &row.origin,
                "town",
                &row.name,
                &towns[first].origin,
            ));
            continue;
        }
        index.insert_name(&row.name, towns.len());
        for alias in &row.aliases {
            index.insert_alias(alias, towns.len());
        }
        towns.push(Town {
            name: row.name.clone(),
            plan: row.plan,
            capacity: row.capacity,
            aliases: row.aliases.clone(),
            origin: row.origin.clone(),
        });
    }
    (towns, index)
}

fn unknown(origin: &Origin, column: &str, name: &str, file: &str) -> Problem {
    Problem::new(origin.clone(), format!("unknown {column}"))
        .column(column)
        .got(name)
        .expected(format!("a name listed in {file} (or one of its aliases)"))
}

fn cells(
    raw: &RawScenario,
    categories: &NameIndex,
    towns: &NameIndex,
    problems: &mut Vec<Problem>,
) -> Vec<Cell> {
    let mut seen: BTreeMap<(TownId, CategoryId), Origin> = BTreeMap::new();
    let mut cells = Vec::new();
    for row in &raw.cells {
        let town = towns.resolve(&row.town).map(TownId);
        let category = categories.resolve(&row.category).map(CategoryId);
        if town.is_none() {
            problems.push(unknown(&row.origin, "town", &row.town, "towns.csv"));
        }
        if category.is_none() {
            problems.push(unknown(
                &row.origin,
                "category",
                &row.category,
                "categories.csv",
            ));
        }
        let (Some(town), Some(category)) = (town, category) else {
            continue;
        };
        if let Some(first) = seen.get(&(town, category)) {
            let pair = format!("{}/{}", row.town, row.category);
            problems.push(duplicate(&row.origin, "town", &pair, first));
            continue;
        }
        seen.insert((town, category), row.origin.clone());
        let plan = row.plan.unwrap_or_default();
        cells.push(Cell {
            town,
            category,
            plan,
            demand: row.demand.unwrap_or(plan),
            committed: row.committed.unwrap_or_default(),
            origin: row.origin.clone(),
        });
    }
    cells
}

#[allow(clippy::too_many_arguments)] // one call per rule column; a struct would only rename them
fn resolve_set<T>(
    set: &NameSet,
    index: &NameIndex,
    count: usize,
    make: fn(usize) -> T,
    column: &str,
    file: &str,
    origin: &Origin,
    problems: &mut Vec<Problem>,
) -> Vec<T> {
    match set {
        NameSet::All => (0..count).map(make).collect(),
        NameSet::Names(names) => {
            let mut ids = Vec::new();
            for name in names {
                match index.resolve(name) {
                    Some(id) if !ids.contains(&id) => ids.push(id),
                    Some(_) => {}
                    None => problems.push(unknown(origin, column, name, file)),
                }
            }
            ids.sort_unstable();
            ids.into_iter().map(make).collect()
        }
    }
}

fn rules(
    raw: &RawScenario,
    categories: &NameIndex,
    towns: &NameIndex,
    category_count: usize,
    town_count: usize,
    problems: &mut Vec<Problem>,
) -> Vec<Rule> {
    raw.rules
        .iter()
        .map(|row| Rule {
            name: row.name.clone(),
            categories: resolve_set(
                &row.categories,
                categories,
                category_count,
                CategoryId,
                "categories",
                "categories.csv",
                &row.origin,
                problems,
            ),
            towns: resolve_set(
                &row.towns,
                towns,
                town_count,
                TownId,
                "towns",
                "towns.csv",
                &row.origin,
                problems,
            ),
            bound: row.bound,
            value: row.value,
            origin: row.origin.clone(),
        })
        .collect()
}

/// One figure that must not be negative.
fn non_negative(
    value: Option<Decimal>,
    origin: &Origin,
    column: &str,
    problems: &mut Vec<Problem>,
) {
    if let Some(value) = value.filter(|v| v.is_sign_negative() && !v.is_zero()) {
        problems.push(
            Problem::new(origin.clone(), "negative figure")
                .column(column)
                .got(value.to_string())
                .expected("a number >= 0"),
        );
    }
}

/// Checks the values of a resolved scenario, row by row. Also run after what-if changes.
pub fn check_values(scenario: &Scenario) -> Vec<Problem> {
    let mut problems = Vec::new();
    let settings = &scenario.settings;
    non_negative(
        Some(settings.cap),
        &settings.cap_origin,
        "value",
        &mut problems,
    );
    for category in &scenario.categories {
        check_category(category, &mut problems);
    }
    for town in &scenario.towns {
        non_negative(town.plan, &town.origin, "plan", &mut problems);
        non_negative(town.capacity, &town.origin, "capacity", &mut problems);
    }
    for cell in &scenario.cells {
        check_cell(cell, &mut problems);
    }
    for rule in &scenario.rules {
        check_rule(rule, &mut problems);
    }
    problems
}

fn check_category(category: &Category, problems: &mut Vec<Problem>) {
    for (column, value) in [
        ("plan", category.plan),
        ("min", category.min),
        ("max", category.max),
    ] {
        non_negative(value, &category.origin, column, problems);
    }
    if category.tier == 0 {
        problems.push(
            Problem::new(category.origin.clone(), "invalid tier")
                .column("tier")
                .got("0")
                .expected("1 or more (1 is served first)"),
        );
    }
    if let (Some(min), Some(max)) = (category.min, category.max) {
        if min > max {
            problems.push(
                Problem::new(
                    category.origin.clone(),
                    format!("minimum {min} is above maximum {max}"),
                )
                .column("min")
                .got(min.to_string())
                .expected(format!("at most {max}")),
            );
        }
    }
}

fn check_cell(cell: &Cell, problems: &mut Vec<Problem>) {
    non_negative(Some(cell.plan), &cell.origin, "plan", problems);
    non_negative(Some(cell.demand), &cell.origin, "demand", problems);
    non_negative(Some(cell.committed), &cell.origin, "committed", problems);
    if cell.committed > cell.demand {
        problems.push(
            Problem::new(
                cell.origin.clone(),
                format!(
                    "committed {} is above demand {}",
                    cell.committed, cell.demand
                ),
            )
            .column("committed")
            .got(cell.committed.to_string())
            .expected(format!("at most the demand {}", cell.demand)),
        );
    }
}

fn check_rule(rule: &Rule, problems: &mut Vec<Problem>) {
    match rule.value {
        RuleValue::Amount(value) => non_negative(Some(value), &rule.origin, "value", problems),
        RuleValue::Share(percent)
            if percent.is_sign_negative() || percent > Decimal::ONE_HUNDRED =>
        {
            problems.push(
                Problem::new(rule.origin.clone(), "share out of range")
                    .column("value")
                    .got(format!("{percent}%"))
                    .expected("a share from 0% to 100%"),
            )
        }
        RuleValue::Share(_) => {}
    }
    if rule.categories.is_empty() || rule.towns.is_empty() {
        problems.push(
            Problem::new(rule.origin.clone(), "the rule covers no cell")
                .column("rule")
                .got(rule.name.clone()),
        );
    }
}
