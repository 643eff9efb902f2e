//! Targets: which towns, categories or cells a what-if row or an uncertainty row applies to.
//!
//! Input: a target as written in `whatif.csv` or `uncertainty.csv` and a scenario. Output: the
//! matching towns, categories and town x category pairs. Syntax: `town/category`, `town`,
//! `category` or `*`; either side of `/` may be `*` or contain `*` as a wildcard (`九陂镇/*`,
//! `*/工矿仓储用地`, `*镇/industrial`). Names may be aliases (English category names). A bare
//! name is a town if a town has it, else a category. A target that matches nothing is an
//! error, never silently skipped.
//!
//! A backslash escapes the character after it, so that a name holding `/` or `*` can be
//! targeted: `A\/B` is the town named `A/B`, `5\*` the name `5*`, `\\` a backslash.

use crate::names::{normalize, NameIndex};
use crate::scenario::{CategoryId, Scenario, TownId};

/// One side of a target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pattern {
    /// `*`
    Any,
    /// A name or alias.
    Name(String),
    /// A name with `*` wildcards: the normalised literal runs between the wildcards.
    Glob(Vec<String>),
}

/// One character of a target as written: `escaped` when a backslash stood before it, so that
/// it is part of a name and never a separator or wildcard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Symbol {
    c: char,
    escaped: bool,
}

impl Symbol {
    fn is(self, plain: &[char]) -> bool {
        !self.escaped && plain.contains(&self.c)
    }
}

/// A target's characters with its backslash escapes read; a trailing lone backslash is kept
/// as a literal backslash.
fn symbols(text: &str) -> Vec<Symbol> {
    let mut out = Vec::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        let symbol = match c {
            '\\' => Symbol {
                c: chars.next().unwrap_or('\\'),
                escaped: true,
            },
            c => Symbol { c, escaped: false },
        };
        out.push(symbol);
    }
    out
}

/// The literal text of symbols, escapes removed.
fn literal(symbols: &[Symbol]) -> String {
    symbols.iter().map(|s| s.c).collect()
}

/// A name written as a target: `/` and `*` (and `\`) escaped with a backslash.
pub fn escape(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if matches!(c, '/' | '／' | '*' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

impl Pattern {
    fn parse(symbols: &[Symbol]) -> Pattern {
        let trimmed = trim(symbols);
        if trimmed.is_empty() || (trimmed.len() == 1 && trimmed[0].is(&['*'])) {
            Pattern::Any
        } else if trimmed.iter().any(|s| s.is(&['*'])) {
            Pattern::Glob(
                trimmed
                    .split(|s| s.is(&['*']))
                    .map(|run| normalize(&literal(run)))
                    .collect(),
            )
        } else {
            Pattern::Name(literal(trimmed))
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
            Pattern::Glob(parts) => (0..names.len())
                .filter(|&i| glob_match(parts, &normalize(names[i])))
                .collect(),
        }
    }
}

/// Symbols without unescaped white space at either end.
fn trim(symbols: &[Symbol]) -> &[Symbol] {
    let blank = |s: &Symbol| !s.escaped && s.c.is_whitespace();
    let start = symbols
        .iter()
        .position(|s| !blank(s))
        .unwrap_or(symbols.len());
    let end = symbols
        .iter()
        .rposition(|s| !blank(s))
        .map_or(start, |i| i + 1);
    &symbols[start..end]
}

/// Whether `text` is the literal runs `parts` with any run of characters (including none)
/// between each two.
fn glob_match(parts: &[String], text: &str) -> bool {
    let (first, last) = (parts[0].as_str(), parts[parts.len() - 1].as_str());
    if !text.starts_with(first) || text.len() < first.len() + last.len() || !text.ends_with(last) {
        return false;
    }
    let mut rest = &text[first.len()..text.len() - last.len()];
    for part in &parts[1..parts.len() - 1] {
        match rest.find(part.as_str()) {
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
        let symbols = symbols(text);
        let symbols = trim(&symbols);
        match symbols.iter().position(|s| s.is(&['/', '／'])) {
            Some(at) => Target::Cells {
                towns: Pattern::parse(&symbols[..at]),
                categories: Pattern::parse(&symbols[at + 1..]),
            },
            None => match Pattern::parse(symbols) {
                Pattern::Any => Target::All,
                pattern => Target::Name(pattern),
            },
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
        Pattern::Name(name) => escape(name),
        Pattern::Glob(parts) => parts
            .iter()
            .map(|p| escape(p))
            .collect::<Vec<_>>()
            .join("*"),
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

    fn glob(text: &str) -> Vec<String> {
        match Pattern::parse(&symbols(text)) {
            Pattern::Glob(parts) => parts,
            other => panic!("{text} is not a glob: {other:?}"),
        }
    }

    #[test]
    fn globs_match_runs_of_characters() {
        assert!(glob_match(&glob("*镇"), "九陂镇"));
        assert!(glob_match(&glob("九*镇"), "九陂镇"));
        assert!(!glob_match(&glob("*乡"), "九陂镇"));
        assert!(glob_match(&glob("a**"), "a"));
        assert!(!glob_match(&glob("a*a"), "a"));
        assert!(glob_match(&glob("5\\**"), "5*号地块"));
        assert!(!glob_match(&glob("5\\**"), "5号地块"));
    }

    #[test]
    fn a_backslash_escapes_slashes_and_stars_in_names() {
        let name = |text: &str| Target::parse(text);
        assert_eq!(
            name("A\\/B"),
            Target::Name(Pattern::Name("A/B".to_string()))
        );
        assert_eq!(
            name("A\\/B/C\\*"),
            Target::Cells {
                towns: Pattern::Name("A/B".to_string()),
                categories: Pattern::Name("C*".to_string()),
            }
        );
        assert_eq!(name("\\*"), Target::Name(Pattern::Name("*".to_string())));
        assert_eq!(
            name("a\\\\b"),
            Target::Name(Pattern::Name("a\\b".to_string()))
        );
        assert_eq!(name(" * "), Target::All);
        for raw in ["A/B", "5*", "x\\y", "／"] {
            assert_eq!(
                Target::parse(&escape(raw)),
                Target::Name(Pattern::Name(raw.to_string()))
            );
        }
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
