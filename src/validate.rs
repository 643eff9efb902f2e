//! Stage 2, validate: `RawScenario` to `Scenario`.
//!
//! Input: typed, located rows with names as users wrote them. Output: a `Scenario` with names
//! resolved to ids (English aliases and synonyms accepted), defaults filled in (demand = plan,
//! committed = 0), cells sorted, and the list of every problem found: unknown, ambiguous or
//! duplicate names, aliases that clash, negative figures, committed above demand, minimum above
//! maximum, impossible shares. Any problem makes the scenario unusable for every command (exit
//! 2): the audit judges a plan's figures, not a half-read file. No sums across rows are judged
//! here: that is the audit's work.

use crate::load::{Loaded, NameSet, RawScenario, CATEGORIES_FILE, TOWNS_FILE};
use crate::names::{Lookup, NameIndex};
use crate::problem::{Origin, Problem, Problems};
use crate::scenario::{
    Category, CategoryId, Cell, Rule, RuleValue, Scenario, Settings, Town, TownId,
};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A scenario and everything wrong with its input.
#[derive(Debug, Clone)]
pub struct Validated {
    pub scenario: Scenario,
    pub problems: Vec<Problem>,
}

/// Resolves names and checks every row; collects all problems.
pub fn validate(raw: &RawScenario) -> Validated {
    validate_with(raw, Known::ALL, &BTreeSet::new())
}

/// Checks a leniently loaded scenario: the problems of the files' syntax and of their names
/// and values, all in one list, or the scenario when there are none.
///
/// Problems that would only echo a syntax problem are left out: a row's value checks when a
/// cell of the row is malformed (its names are still checked), and unknown town or category
/// names when the file that lists them could not be read.
pub fn validate_loaded(loaded: &Loaded) -> Result<Scenario, Problems> {
    let known = Known {
        towns: !loaded.unreadable.contains(&TOWNS_FILE),
        categories: !loaded.unreadable.contains(&CATEGORIES_FILE),
    };
    let damaged: BTreeSet<Origin> = loaded.problems.iter().map(|p| p.origin.clone()).collect();
    let validated = validate_with(&loaded.raw, known, &damaged);
    let mut problems = loaded.problems.clone();
    problems.extend(validated.problems);
    if problems.is_empty() {
        Ok(validated.scenario)
    } else {
        Err(Problems::sorted(problems))
    }
}

/// Which lists of names are complete, so that a name missing from them is worth reporting.
#[derive(Debug, Clone, Copy)]
struct Known {
    towns: bool,
    categories: bool,
}

impl Known {
    const ALL: Known = Known {
        towns: true,
        categories: true,
    };
}

/// Validates `raw`; rows at the `damaged` origins had a malformed cell (left empty), so their
/// values are not judged.
fn validate_with(raw: &RawScenario, known: Known, damaged: &BTreeSet<Origin>) -> Validated {
    let mut problems = Vec::new();
    let settings = settings(raw);
    let (categories, category_index) = categories(raw, &mut problems);
    let (towns, town_index) = towns(raw, &mut problems);
    let names = Names {
        categories: &categories,
        category_index: &category_index,
        towns: &towns,
        town_index: &town_index,
        known,
    };
    let cells = cells(raw, &names, &mut problems);
    let rules = rules(raw, &names, &mut problems);
    let mut scenario = Scenario {
        settings,
        categories,
        towns,
        cells,
        rules,
        parent_cells: Vec::new(),
    };
    scenario.sort_cells();
    split_parent_cells(&mut scenario);
    problems.extend(
        check_values(&scenario)
            .into_iter()
            .filter(|p| !damaged.contains(&p.origin)),
    );
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
        new_quota: s.new_quota,
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

/// What the alias checks need to know of a town or category row.
struct Named<'a> {
    name: &'a str,
    aliases: &'a [String],
    origin: &'a Origin,
}

/// An alias must mean one entity: not another entity's name (that name would win, silently),
/// and not an alias another entity declared too (it would resolve to neither).
fn check_aliases(kind: &str, entities: &[Named<'_>], index: &NameIndex) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (id, entity) in entities.iter().enumerate() {
        for alias in entity.aliases {
            let clash = match index.named(alias) {
                Some(other) if other != id => Some(other),
                _ => index
                    .alias_owners(alias)
                    .iter()
                    .copied()
                    .find(|other| *other < id),
            };
            let Some(other) = clash else { continue };
            let other = &entities[other];
            let how = if index.named(alias).is_some() {
                "the name"
            } else {
                "also an alias"
            };
            problems.push(
                Problem::new(
                    entity.origin.clone(),
                    format!(
                        "alias '{alias}' of {kind} {} is {how} of {kind} {} (line {})",
                        entity.name, other.name, other.origin.line
                    ),
                )
                .column("alias")
                .got(alias.as_str())
                .expected(format!("an alias that means no other {kind}")),
            );
        }
    }
    problems
}

/// A row that sums other rows (合计, 全市): counted as an entity it would double the totals.
fn total_row(origin: &Origin, column: &str, kind: &str, name: &str) -> Problem {
    Problem::new(
        origin.clone(),
        format!(
            "'{name}' is a total row, not a {kind}: remove the row (landplan adds the rows up itself; the total cap goes in scenario.csv)"
        ),
    )
    .column(column)
    .got(name)
    .expected(format!("a {kind} name"))
}

/// "Of which" sub-items (其中) are part of a category: as categories of their own they would
/// count the same land twice.
fn check_sub_items(categories: &[Category]) -> Vec<Problem> {
    categories
        .iter()
        .filter(|category| category.parent.is_none())
        .filter_map(|category| {
            let parent_class = crate::names::parent_class(&category.name)?;
            let parent = categories
                .iter()
                .find(|c| crate::names::category_class(&c.name) == Some(parent_class))?;
            Some(
                Problem::new(
                    category.origin.clone(),
                    format!(
                        "{} is part of {} (其中, line {}): as a category of its own its land would be counted twice",
                        category.name, parent.name, parent.origin.line
                    ),
                )
                .column("category")
                .got(category.name.as_str())
                .expected(format!(
                    "categories that do not overlap: give the row the parent {} (column 'parent'), remove it, or split {} into parts that add up to it",
                    parent.name, parent.name
                )),
            )
        })
        .collect()
}

fn categories(raw: &RawScenario, problems: &mut Vec<Problem>) -> (Vec<Category>, NameIndex) {
    let mut index = NameIndex::default();
    let mut categories: Vec<Category> = Vec::new();
    for row in &raw.categories {
        if crate::names::is_total_row(&row.name) {
            problems.push(total_row(&row.origin, "category", "category", &row.name));
            continue;
        }
        if crate::names::is_sub_item_line(&row.name) {
            problems.push(
                Problem::new(
                    row.origin.clone(),
                    "an \"of which\" (其中) line is part of the category above it, not a category: its land would be counted twice",
                )
                .column("category")
                .got(row.name.as_str())
                .expected("categories that do not overlap"),
            );
            continue;
        }
        if let Some(first) = index.named(&row.name) {
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
            parent: None,
            basis: row.basis.clone(),
            origin: row.origin.clone(),
        });
    }
    resolve_parents(raw, &mut categories, &index, problems);
    let named: Vec<Named<'_>> = categories
        .iter()
        .map(|c| Named {
            name: &c.name,
            aliases: &c.aliases,
            origin: &c.origin,
        })
        .collect();
    problems.extend(check_aliases("category", &named, &index));
    problems.extend(check_sub_items(&categories));
    (categories, index)
}

/// Resolves each category's `parent`: a category of the file that is no sub-item itself
/// (one level of 其中, as plans publish them).
fn resolve_parents(
    raw: &RawScenario,
    categories: &mut [Category],
    index: &NameIndex,
    problems: &mut Vec<Problem>,
) {
    for row in &raw.categories {
        let (Some(written), Some(child)) = (&row.parent, index.named(&row.name)) else {
            continue;
        };
        if categories[child].origin != row.origin {
            continue;
        }
        let problem = |message: String, expected: &str| {
            Problem::new(row.origin.clone(), message)
                .column("parent")
                .got(written.as_str())
                .expected(expected)
        };
        let parent = match index.lookup(written) {
            Lookup::Found(parent) => parent,
            _ => {
                problems.push(problem(
                    "unknown parent category".to_string(),
                    "a category named in categories.csv, or empty",
                ));
                continue;
            }
        };
        if parent == child {
            problems.push(problem(
                format!("{} is given as its own parent", row.name),
                "another category, or empty",
            ));
            continue;
        }
        categories[child].parent = Some(CategoryId(parent));
    }
    for child in 0..categories.len() {
        let Some(parent) = categories[child].parent else {
            continue;
        };
        if let Some(grandparent) = categories[parent.0].parent {
            let message = format!(
                "{} is a sub-item of {}, itself a sub-item of {}: sub-items go one level deep",
                categories[child].name, categories[parent.0].name, categories[grandparent.0].name
            );
            problems.push(
                Problem::new(categories[child].origin.clone(), message)
                    .column("parent")
                    .got(categories[parent.0].name.as_str())
                    .expected("a category that is no sub-item itself"),
            );
        }
    }
}

fn towns(raw: &RawScenario, problems: &mut Vec<Problem>) -> (Vec<Town>, NameIndex) {
    let mut index = NameIndex::default();
    let mut towns: Vec<Town> = Vec::new();
    for row in &raw.towns {
        if crate::names::is_total_row(&row.name) {
            problems.push(total_row(&row.origin, "town", "town", &row.name));
            continue;
        }
        if let Some(first) = index.named(&row.name) {
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
    let named: Vec<Named<'_>> = towns
        .iter()
        .map(|t| Named {
            name: &t.name,
            aliases: &t.aliases,
            origin: &t.origin,
        })
        .collect();
    problems.extend(check_aliases("town", &named, &index));
    (towns, index)
}

/// The resolved towns and categories, for looking up the names other files use.
struct Names<'a> {
    categories: &'a [Category],
    category_index: &'a NameIndex,
    towns: &'a [Town],
    town_index: &'a NameIndex,
    known: Known,
}

impl Names<'_> {
    /// Resolves a town (`town = true`) or category name, filing a problem when it is unknown
    /// or ambiguous.
    fn resolve(
        &self,
        town: bool,
        name: &str,
        column: &str,
        origin: &Origin,
        problems: &mut Vec<Problem>,
    ) -> Option<usize> {
        let (index, kind, file, known) = if town {
            (self.town_index, "town", TOWNS_FILE, self.known.towns)
        } else {
            (
                self.category_index,
                "category",
                CATEGORIES_FILE,
                self.known.categories,
            )
        };
        match index.lookup(name) {
            Lookup::Found(id) => Some(id),
            Lookup::Ambiguous(ids) => {
                let owners: Vec<String> = ids
                    .iter()
                    .map(|id| {
                        let (name, line) = if town {
                            (&self.towns[*id].name, self.towns[*id].origin.line)
                        } else {
                            (&self.categories[*id].name, self.categories[*id].origin.line)
                        };
                        format!("{name} (line {line})")
                    })
                    .collect();
                problems.push(
                    Problem::new(
                        origin.clone(),
                        format!(
                            "ambiguous {kind}: '{name}' may mean {} in {file}",
                            owners.join(" or ")
                        ),
                    )
                    .column(column)
                    .got(name)
                    .expected(format!("the {kind}'s own name")),
                );
                None
            }
            Lookup::Unknown => {
                if known {
                    problems.push(
                        Problem::new(origin.clone(), format!("unknown {kind}"))
                            .column(column)
                            .got(name)
                            .expected(format!("a name listed in {file} (or one of its aliases)")),
                    );
                }
                None
            }
        }
    }
}

fn cells(raw: &RawScenario, names: &Names<'_>, problems: &mut Vec<Problem>) -> Vec<Cell> {
    let mut seen: HashMap<(TownId, CategoryId), &crate::load::RawCell> =
        HashMap::with_capacity(raw.cells.len());
    let mut cells = Vec::new();
    for row in &raw.cells {
        let total = [("town", &row.town), ("category", &row.category)]
            .into_iter()
            .find(|(_, name)| crate::names::is_total_row(name));
        if let Some((column, name)) = total {
            problems.push(total_row(&row.origin, column, column, name));
            continue;
        }
        let town = names.resolve(true, &row.town, "town", &row.origin, problems);
        let category = names.resolve(false, &row.category, "category", &row.origin, problems);
        let (Some(town), Some(category)) = (town.map(TownId), category.map(CategoryId)) else {
            continue;
        };
        if let Some(first) = seen.get(&(town, category)) {
            let pair = format!("{}/{}", row.town, row.category);
            let first_pair = format!("{}/{}", first.town, first.category);
            let message = if pair == first_pair {
                format!(
                    "'{pair}' appears twice (first at line {})",
                    first.origin.line
                )
            } else {
                format!(
                    "'{pair}' is the same town x category as '{first_pair}' at line {}",
                    first.origin.line
                )
            };
            let column =
                if crate::names::normalize(&row.town) == crate::names::normalize(&first.town) {
                    "category"
                } else {
                    "town"
                };
            problems.push(
                Problem::new(row.origin.clone(), message)
                    .column(column)
                    .got(pair)
                    .expected("one row per town x category"),
            );
            continue;
        }
        seen.insert((town, category), row);
        let plan = row.plan.unwrap_or_default();
        cells.push(Cell {
            town,
            category,
            plan,
            demand: row.demand.unwrap_or(plan),
            committed: row.committed.unwrap_or_default(),
            stock: row.stock.unwrap_or_default(),
            origin: row.origin.clone(),
        });
    }
    cells
}

/// Resolves a rule's set of names; `None` when a name could not be resolved.
fn resolve_set(
    set: &NameSet,
    names: &Names<'_>,
    town: bool,
    origin: &Origin,
    problems: &mut Vec<Problem>,
) -> Option<Vec<usize>> {
    let (count, column) = if town {
        (names.towns.len(), "towns")
    } else {
        (names.categories.len(), "categories")
    };
    match set {
        NameSet::All => Some((0..count).collect()),
        NameSet::Names(list) => {
            let mut ids = Vec::new();
            let mut complete = true;
            for name in list {
                match names.resolve(town, name, column, origin, problems) {
                    Some(id) => ids.push(id),
                    None => complete = false,
                }
            }
            // Sorted and each once, as `Rule::covers` needs (a name given twice, or a name
            // and its alias, counts once).
            ids.sort_unstable();
            ids.dedup();
            complete.then_some(ids)
        }
    }
}

fn rules(raw: &RawScenario, names: &Names<'_>, problems: &mut Vec<Problem>) -> Vec<Rule> {
    let mut seen: BTreeMap<String, &Origin> = BTreeMap::new();
    let mut rules = Vec::new();
    for row in &raw.rules {
        let key = crate::names::normalize(&row.name);
        if let Some(first) = seen.get(&key) {
            problems.push(duplicate(&row.origin, "rule", &row.name, first));
            continue;
        }
        seen.insert(key, &row.origin);
        let categories = resolve_set(&row.categories, names, false, &row.origin, problems);
        let towns = resolve_set(&row.towns, names, true, &row.origin, problems);
        let (Some(categories), Some(towns)) = (categories, towns) else {
            continue;
        };
        // With a names file unreadable, `*` stands for an incomplete list: say nothing.
        let complete = names.known.towns && names.known.categories;
        if complete && (categories.is_empty() || towns.is_empty()) {
            problems.push(
                Problem::new(row.origin.clone(), "the rule covers no town x category")
                    .column("rule")
                    .got(row.name.as_str())
                    .expected("at least one category and one town"),
            );
        }
        let of = match &row.of {
            None => None,
            Some(set) => match resolve_set(set, names, false, &row.origin, problems) {
                Some(of) => Some(with_sub_items(names.categories, of)),
                None => continue,
            },
        };
        if of.is_some() && matches!(row.value, RuleValue::Amount(_)) {
            problems.push(
                Problem::new(
                    row.origin.clone(),
                    "a base ('of') is given for a figure, not a share",
                )
                .column("of")
                .got(row.value.to_string())
                .expected("a share such as 70% when 'of' is given, or an empty 'of'"),
            );
        }
        rules.push(Rule {
            name: row.name.clone(),
            categories: with_sub_items(names.categories, categories),
            towns: towns.into_iter().map(TownId).collect(),
            bound: row.bound,
            value: row.value,
            of,
            basis: row.basis.clone(),
            derived: row.derived,
            origin: row.origin.clone(),
        });
    }
    rules
}

/// A rule's categories with the sub-items of every parent among them: a rule over a parent
/// covers all of its land, remainder and sub-items alike.
fn with_sub_items(categories: &[Category], named: Vec<usize>) -> Vec<CategoryId> {
    let mut ids: Vec<CategoryId> = (0..categories.len())
        .filter(|id| {
            named.contains(id)
                || categories[*id]
                    .parent
                    .is_some_and(|parent| named.contains(&parent.0))
        })
        .map(CategoryId)
        .collect();
    ids.dedup();
    ids
}

/// Splits each parent cell with sub-items in its town into its remainder ("other"): the
/// published figures less the sub-items', never below zero (the audit reports sub-items above
/// their parent). The published figures are kept in `parent_cells` for the audit. A sub-item
/// whose parent has no cell in the town stands alone.
pub fn split_parent_cells(scenario: &mut Scenario) {
    let mut parents = Vec::new();
    // The sub-item cells of each (town, parent), in the cells' order: one pass, not a search
    // of every cell for each cell (quadratic: 729,249 cells never finished).
    let mut sub_cells: HashMap<(TownId, CategoryId), Vec<&Cell>> = HashMap::new();
    for c in &scenario.cells {
        if let Some(parent) = scenario.category(c.category).parent {
            sub_cells.entry((c.town, parent)).or_default().push(c);
        }
    }
    for index in 0..scenario.cells.len() {
        let cell = &scenario.cells[index];
        let Some(subs) = sub_cells.get(&(cell.town, cell.category)) else {
            continue;
        };
        let sum = |figure: fn(&Cell) -> Decimal| subs.iter().map(|c| figure(c)).sum::<Decimal>();
        let less = |total: Decimal, part: Decimal| (total - part).max(Decimal::ZERO);
        let remainder = (
            less(cell.plan, sum(|c| c.plan)),
            less(cell.demand, sum(|c| c.demand)),
            less(cell.committed, sum(|c| c.committed)),
        );
        parents.push((index, remainder));
    }
    for (index, (plan, demand, committed)) in parents {
        let cell = &mut scenario.cells[index];
        scenario.parent_cells.push(cell.clone());
        cell.plan = plan;
        cell.demand = demand;
        cell.committed = committed.min(demand);
    }
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
    problems.extend(check_range(scenario));
    problems
}

/// The largest figure the solver answers exactly, in the folder's unit (ha or mu): every sum
/// of a scenario's figures, in units of its last decimal, stays far inside the exact integer
/// arithmetic of the solver and its proof (docs/scenario-format.md, "Range of figures").
pub const MOST_FIGURE: u64 = 1_000_000_000;

/// The most decimals a figure may have (0.000001 ha is 1 cm² short of 0.01 m²).
pub const MOST_DECIMALS: u32 = 6;

/// Every figure within the range the solver answers exactly: at most `MOST_FIGURE` and at
/// most `MOST_DECIMALS` decimals (a share: at most `MOST_DECIMALS` decimals of a percent).
fn check_range(scenario: &Scenario) -> Vec<Problem> {
    // Each figure judged as it is met, in the order of the files, without first listing
    // every figure of the folder (four a cell: 2.9 million for 150,000 towns).
    let mut problems = Vec::new();
    let mut judge = |origin: &Origin, column: &str, value: Decimal, share: bool| {
        problems.extend(out_of_range(origin, column, value, share));
    };
    let settings = &scenario.settings;
    judge(&settings.cap_origin, "value", settings.cap, false);
    for category in &scenario.categories {
        for (column, value) in [
            ("plan", category.plan),
            ("min", category.min),
            ("max", category.max),
        ] {
            if let Some(v) = value {
                judge(&category.origin, column, v, false);
            }
        }
    }
    for town in &scenario.towns {
        for (column, value) in [("plan", town.plan), ("capacity", town.capacity)] {
            if let Some(v) = value {
                judge(&town.origin, column, v, false);
            }
        }
    }
    for cell in &scenario.cells {
        for (column, value) in [
            ("plan", cell.plan),
            ("demand", cell.demand),
            ("committed", cell.committed),
            ("stock", cell.stock),
        ] {
            judge(&cell.origin, column, value, false);
        }
    }
    for rule in &scenario.rules {
        let (value, share) = match rule.value {
            RuleValue::Amount(value) => (value, false),
            RuleValue::Share(percent) => (percent, true),
        };
        judge(&rule.origin, "value", value, share);
    }
    problems
}

/// A figure beyond what the solver answers exactly, as a problem at `origin`.
pub(crate) fn out_of_range(
    origin: &Origin,
    column: &str,
    value: Decimal,
    share: bool,
) -> Option<Problem> {
    // Judged before anything is formatted: this runs for every figure of a folder.
    let problem = if !share && value.abs() > Decimal::from(MOST_FIGURE) {
        Problem::new(origin.clone(), "figure too large to solve exactly")
            .expected(format!("at most {MOST_FIGURE} (10^9) in the folder's unit"))
    } else if value.scale() > MOST_DECIMALS && value.normalize().scale() > MOST_DECIMALS {
        Problem::new(origin.clone(), "too many decimals to solve exactly")
            .expected(format!("at most {MOST_DECIMALS} decimals (0.000001)"))
    } else {
        return None;
    };
    let shown = if share {
        format!("{}%", value.normalize())
    } else {
        value.normalize().to_string()
    };
    Some(problem.column(column).got(shown))
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
    non_negative(Some(cell.stock), &cell.origin, "stock", problems);
    let negative = cell.committed.is_sign_negative() || cell.demand.is_sign_negative();
    if !negative && cell.committed > cell.demand {
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
}
