//! Targets: which towns, categories or cells a what-if row or an uncertainty row applies to.
//!
//! Input: a target as written in `whatif.csv` or `uncertainty.csv` and a scenario. Output: the
//! matching towns, categories and town x category pairs. Syntax: `town/category`, `town`,
//! `category` or `*`; either side of `/` may be `*` or contain `*` as a wildcard (`九陂镇/*`,
//! `*/工矿仓储用地`, `*镇/industrial`). Names may be aliases (English category names). A bare
//! name is a town if a town has it, else a category. A target that matches nothing is an
//! error, never silently skipped.

use crate::names::{normalize, NameIndex};
use crate::scenario::{CategoryId, Scenario, TownId};

/// One side of a target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pattern {
    /// `*`
    Any,
    /// A name or alias.
    Name(String),
    /// A name with `*` wildcards, matched against canonical names.
    Glob(String),
}

impl Pattern {
    fn parse(text: &str) -> Pattern {
        let text = text.trim();
        if text == "*" || text.is_empty() {
            Pattern::Any
        } else if text.contains('*') {
            Pattern::Glob(normalize(text))
        } else {
            Pattern::Name(text.to_string())
        }
    }

    fn is_any(&self) -> bool {
        *self == Pattern::Any
    }

    /// Indexes of the entities named `names` (registered in `index`) that match.
    fn select(&self, names: &[&str], index: &NameIndex) -> Vec<usize> {
        match self {
            Pattern::Any => (0..names.len()).collect(),
            Pattern::Name(name) => index.resolve(name).into_iter().collect(),
            Pattern::Glob(glob) => (0..names.len())
                .filter(|&i| glob_match(glob, &normalize(names[i])))
                .collect(),
        }
    }
}

/// `*` matches any run of characters (including none).
fn glob_match(glob: &str, text: &str) -> bool {
    let parts: Vec<&str> = glob.split('*').collect();
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !text.starts_with(first) || text.len() < first.len() + last.len() || !text.ends_with(last) {
        return false;
    }
    let mut rest = &text[first.len()..text.len() - last.len()];
    for part in &parts[1..parts.len() - 1] {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    true
}

/// What a target row names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// `*`: the scenario as a whole (or every cell, for per-cell fields).
    All,
    /// `town/category` (either side a pattern).
    Cells { towns: Pattern, categories: Pattern },
    /// A bare name or glob: a town or, failing that, a category.
    Name(Pattern),
}

impl Target {
    pub fn parse(text: &str) -> Target {
        let text = text.trim();
        match text.split_once(['/', '／']) {
            Some((towns, categories)) => Target::Cells {
                towns: Pattern::parse(towns),
                categories: Pattern::parse(categories),
            },
            None if text == "*" => Target::All,
            None => Target::Name(Pattern::parse(text)),
        }
    }
}

/// The towns, categories and pairs a target matches in a scenario.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Selection {
    pub towns: Vec<TownId>,
    pub categories: Vec<CategoryId>,
    /// Whether the target names towns only (`town`, `九陂镇/*` counts as cells).
    pub town_level: bool,
    /// Whether the target names categories only.
    pub category_level: bool,
    /// Whether the target is `*`.
    pub everything: bool,
}

impl Selection {
    /// Existing cells (indexes into `Scenario::cells`) in the selection.
    pub fn cells(&self, scenario: &Scenario) -> Vec<usize> {
        scenario
            .cells
            .iter()
            .enumerate()
            .filter(|(_, c)| self.towns.contains(&c.town) && self.categories.contains(&c.category))
            .map(|(i, _)| i)
            .collect()
    }

    /// Every town x category pair in the selection, whether or not the scenario has the cell.
    pub fn pairs(&self) -> Vec<(TownId, CategoryId)> {
        self.towns
            .iter()
            .flat_map(|t| self.categories.iter().map(move |c| (*t, *c)))
            .collect()
    }
}

/// Resolves town names and aliases of a scenario to indexes of `Scenario::towns`.
pub fn town_index(scenario: &Scenario) -> NameIndex {
    let mut index = NameIndex::default();
    for (id, town) in scenario.towns.iter().enumerate() {
        index.insert_name(&town.name, id);
        for alias in &town.aliases {
            index.insert_alias(alias, id);
        }
    }
    index
}

/// Resolves category names, aliases and class synonyms to indexes of `Scenario::categories`.
pub fn category_index(scenario: &Scenario) -> NameIndex {
    let mut index = NameIndex::default();
    for (id, category) in scenario.categories.iter().enumerate() {
        index.insert_category(&category.name, &category.aliases, id);
    }
    index
}

/// Resolves a target against a scenario; an error says what matched nothing.
pub fn select(target: &Target, scenario: &Scenario) -> Result<Selection, String> {
    let town_names: Vec<&str> = scenario.towns.iter().map(|t| t.name.as_str()).collect();
    let category_names: Vec<&str> = scenario
        .categories
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    let (towns_index, categories_index) = (town_index(scenario), category_index(scenario));
    let all_towns = || (0..scenario.towns.len()).map(TownId).collect::<Vec<_>>();
    let all_categories = || {
        (0..scenario.categories.len())
            .map(CategoryId)
            .collect::<Vec<_>>()
    };
    match target {
        Target::All => Ok(Selection {
            towns: all_towns(),
            categories: all_categories(),
            everything: true,
            ..Selection::default()
        }),
        Target::Cells { towns, categories } => {
            let town_ids: Vec<TownId> = towns
                .select(&town_names, &towns_index)
                .into_iter()
                .map(TownId)
                .collect();
            let category_ids: Vec<CategoryId> = categories
                .select(&category_names, &categories_index)
                .into_iter()
                .map(CategoryId)
                .collect();
            if town_ids.is_empty() {
                return Err(format!("no town matches '{}'", describe(towns)));
            }
            if category_ids.is_empty() {
                return Err(format!("no category matches '{}'", describe(categories)));
            }
            Ok(Selection {
                towns: town_ids,
                categories: category_ids,
                everything: towns.is_any() && categories.is_any(),
                ..Selection::default()
            })
        }
        Target::Name(pattern) => {
            let town_ids = pattern.select(&town_names, &towns_index);
            if !town_ids.is_empty() {
                return Ok(Selection {
                    towns: town_ids.into_iter().map(TownId).collect(),
                    categories: all_categories(),
                    town_level: true,
                    ..Selection::default()
                });
            }
            let category_ids = pattern.select(&category_names, &categories_index);
            if !category_ids.is_empty() {
                return Ok(Selection {
                    towns: all_towns(),
                    categories: category_ids.into_iter().map(CategoryId).collect(),
                    category_level: true,
                    ..Selection::default()
                });
            }
            Err(format!(
                "no town or category matches '{}'",
                describe(pattern)
            ))
        }
    }
}

fn describe(pattern: &Pattern) -> String {
    match pattern {
        Pattern::Any => "*".to_string(),
        Pattern::Name(name) | Pattern::Glob(name) => name.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::load;
    use crate::validate::validate;

    fn lianzhou() -> Scenario {
        validate(&load(&crate::builtin::lianzhou()).unwrap()).scenario
    }

    #[test]
    fn globs_match_runs_of_characters() {
        assert!(glob_match("*镇", "九陂镇"));
        assert!(glob_match("九*镇", "九陂镇"));
        assert!(!glob_match("*乡", "九陂镇"));
        assert!(glob_match("*", ""));
        assert!(!glob_match("a*a", "a"));
    }

    #[test]
    fn targets_select_towns_categories_and_cells() {
        let scenario = lianzhou();
        let parks = select(&Target::parse("*/industrial"), &scenario).unwrap();
        assert_eq!(parks.cells(&scenario).len(), 6);
        let jiubei = select(&Target::parse("九陂镇/*"), &scenario).unwrap();
        assert_eq!(jiubei.cells(&scenario).len(), 4);
        let town = select(&Target::parse("东陂镇"), &scenario).unwrap();
        assert!(town.town_level && town.towns.len() == 1);
        let category = select(&Target::parse("商服用地"), &scenario).unwrap();
        assert!(category.category_level && category.categories.len() == 1);
        let townships = select(&Target::parse("*乡"), &scenario).unwrap();
        assert_eq!(townships.towns.len(), 1);
        assert!(select(&Target::parse("无名镇/*"), &scenario).is_err());
        assert!(select(&Target::parse("nowhere"), &scenario).is_err());
        assert!(select(&Target::parse("*"), &scenario).unwrap().everything);
    }
}
