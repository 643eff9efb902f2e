//! The validated scenario: the plan's figures, the demand and the rules, with names resolved.
//!
//! Produced by `validate` from a `RawScenario`, read by every later stage (audit, model,
//! what-if, stress, report). Every figure is an exact `Decimal` in the scenario's own unit
//! (`ha` or `mu`); conversions happen only when a report asks for another unit. Each row keeps
//! the place it was read from, so later checks can still point at the cell.

use crate::problem::Origin;
use rust_decimal::Decimal;
use serde::Serialize;
use std::fmt;

/// The unit a scenario's figures are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// 公顷
    #[default]
    Ha,
    /// 亩; 1 ha = 15 mu exactly.
    Mu,
}

impl Unit {
    /// Mu in one hectare, exactly.
    pub const MU_PER_HA: u32 = 15;

    pub fn parse(text: &str) -> Option<Unit> {
        match crate::names::normalize(text).as_str() {
            "ha" | "hectare" | "hectares" | "公顷" => Some(Unit::Ha),
            "mu" | "亩" => Some(Unit::Mu),
            _ => None,
        }
    }

    pub fn symbol(self) -> &'static str {
        match self {
            Unit::Ha => "ha",
            Unit::Mu => "mu",
        }
    }

    pub fn chinese(self) -> &'static str {
        match self {
            Unit::Ha => "公顷",
            Unit::Mu => "亩",
        }
    }

    /// Converts `value` from this unit into `target`, exactly where the result terminates.
    pub fn convert(self, value: Decimal, target: Unit) -> Decimal {
        match (self, target) {
            (Unit::Ha, Unit::Mu) => value * Decimal::from(Self::MU_PER_HA),
            (Unit::Mu, Unit::Ha) => value / Decimal::from(Self::MU_PER_HA),
            _ => value,
        }
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.symbol())
    }
}

/// How the plan words its total: "控制在…以内" (an upper limit) or "约…" (about).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum CapKind {
    #[default]
    AtMost,
    About,
}

impl CapKind {
    pub fn parse(text: &str) -> Option<CapKind> {
        match crate::names::normalize(text).as_str() {
            "at-most" | "at most" | "atmost" | "以内" | "控制在以内" | "max" => {
                Some(CapKind::AtMost)
            }
            "about" | "约" | "approximately" => Some(CapKind::About),
            _ => None,
        }
    }
}

/// Upper or lower bound of a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Bound {
    Min,
    Max,
}

impl Bound {
    pub fn parse(text: &str) -> Option<Bound> {
        match crate::names::normalize(text).as_str() {
            "min" | "minimum" | "下限" | "不少于" | "至少" | ">=" => Some(Bound::Min),
            "max" | "maximum" | "上限" | "不超过" | "至多" | "<=" => Some(Bound::Max),
            _ => None,
        }
    }
}

/// A rule's limit: hectares (in the scenario's unit) or a percentage of the total supplied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleValue {
    Amount(Decimal),
    /// Percent, e.g. 70 for 70%.
    Share(Decimal),
}

impl fmt::Display for RuleValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RuleValue::Amount(value) => write!(f, "{}", crate::number::show(*value)),
            RuleValue::Share(percent) => write!(f, "{}%", crate::number::show(*percent)),
        }
    }
}

/// Index of a category in `Scenario::categories`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct CategoryId(pub usize);

/// Index of a town in `Scenario::towns`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct TownId(pub usize);

/// A land-use category (用地类型) with its priority tier and published total.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Category {
    pub name: String,
    /// Priority tier, 1 served first.
    pub tier: u32,
    /// The published category total (供应结构), if the plan gives one.
    pub plan: Option<Decimal>,
    pub min: Option<Decimal>,
    pub max: Option<Decimal>,
    pub aliases: Vec<String>,
    /// The category this one is a sub-item (其中) of: part of it, never added to it.
    pub parent: Option<CategoryId>,
    /// The clause of the plan the tier rests on (`basis` in categories.csv), free text.
    pub basis: Option<String>,
    pub origin: Origin,
}

/// A town, township, sub-district or district (镇、乡、街道、区).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Town {
    pub name: String,
    /// The published town total (供应布局), if the plan gives one.
    pub plan: Option<Decimal>,
    /// The most this town can take in all categories together; `None` = no limit.
    pub capacity: Option<Decimal>,
    pub aliases: Vec<String>,
    pub origin: Origin,
}

/// One town x category pair that may be supplied: a piece of land no other cell holds.
///
/// A parent category's cell, when sub-items of it have cells in the same town, holds the
/// parent's remainder ("other": the published figure less its sub-items', never below zero);
/// the published parent figure is kept in `Scenario::parent_cells`. So the cells of a town
/// add up to its land, each piece once, each in its own tier.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    pub town: TownId,
    pub category: CategoryId,
    /// The published figure (0 when the plan has none for this pair).
    pub plan: Decimal,
    /// Hectares requested: the most this cell may receive.
    pub demand: Decimal,
    /// Hectares that must be supplied: the least this cell may receive.
    pub committed: Decimal,
    /// Stock land (存量、储备、批而未供) ready in the cell, used before new land (0 = none).
    pub stock: Decimal,
    pub origin: Origin,
}

/// A group rule over sets of categories and towns (经营性用地 caps, housing shares, ...).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rule {
    pub name: String,
    /// Ascending, each once (as `towns` and `of`): [`Rule::covers`] searches them.
    pub categories: Vec<CategoryId>,
    pub towns: Vec<TownId>,
    pub bound: Bound,
    pub value: RuleValue,
    /// A share's base (`of` in rules.csv): the categories whose total, in the rule's towns,
    /// the share is taken of; `None`: the total supplied in every town (v1).
    pub of: Option<Vec<CategoryId>>,
    /// The clause the rule rests on (`basis` in rules.csv), free text.
    pub basis: Option<String>,
    /// Whether the limit was derived by the tool or a planner rather than published
    /// (`derived` in rules.csv): every output marks it so.
    pub derived: bool,
    pub origin: Origin,
}

impl Rule {
    /// Whether a cell counts towards this rule. A rule naming a parent category covers its
    /// sub-items' cells too (validation adds them to `categories`).
    ///
    /// A binary search of the sorted lists: callers test every cell of a scenario, and a
    /// linear search of a rule over every town made that quadratic (150,000 towns x 729,249
    /// cells: most of a 38 s audit).
    pub fn covers(&self, cell: &Cell) -> bool {
        self.categories.binary_search(&cell.category).is_ok() && self.in_towns(cell)
    }

    fn in_towns(&self, cell: &Cell) -> bool {
        self.towns.binary_search(&cell.town).is_ok()
    }

    /// Whether a cell counts towards this rule's base: a share of total supply counts every
    /// cell, a share `of` categories the cells of those categories (and their sub-items) in
    /// the rule's towns.
    pub fn in_base(&self, cell: &Cell) -> bool {
        match &self.of {
            None => true,
            Some(of) => of.binary_search(&cell.category).is_ok() && self.in_towns(cell),
        }
    }

    /// The limit this rule sets, in the scenario's unit, for a given base (the total
    /// supplied, or the total of the `of` categories).
    pub fn limit(&self, base: Decimal) -> Decimal {
        match self.value {
            RuleValue::Amount(amount) => amount,
            RuleValue::Share(percent) => base * percent / Decimal::ONE_HUNDRED,
        }
    }

    /// The base of a share rule for an allocation (one figure per cell).
    pub fn base(&self, cells: &[Cell], allocation: &[Decimal]) -> Decimal {
        cells
            .iter()
            .zip(allocation)
            .filter(|(cell, _)| self.in_base(cell))
            .map(|(_, x)| *x)
            .sum()
    }
}

/// Scenario-wide settings from `scenario.csv`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Settings {
    pub name: String,
    pub year: Option<u32>,
    pub unit: Unit,
    /// The total cap (土地供应总量).
    pub cap: Decimal,
    pub cap_kind: CapKind,
    /// Where the figures come from (a document title), free text.
    pub source: Option<String>,
    pub cap_origin: Origin,
    /// The new construction land quota (新增建设用地计划指标): the most new land, beyond the
    /// cells' stock, the plan may supply; `None` = no quota.
    pub new_quota: Option<Decimal>,
}

/// A complete, validated scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scenario {
    pub settings: Settings,
    pub categories: Vec<Category>,
    pub towns: Vec<Town>,
    /// Sorted by (town, category); at most one per pair.
    pub cells: Vec<Cell>,
    pub rules: Vec<Rule>,
    /// The parent cells split into sub-items, as published: `cells` holds their remainders,
    /// the audit judges these figures.
    pub parent_cells: Vec<Cell>,
}

impl Scenario {
    pub fn category(&self, id: CategoryId) -> &Category {
        &self.categories[id.0]
    }

    pub fn town(&self, id: TownId) -> &Town {
        &self.towns[id.0]
    }

    /// The sub-items (其中) of a category, in file order.
    pub fn sub_items(&self, parent: CategoryId) -> Vec<CategoryId> {
        (0..self.categories.len())
            .map(CategoryId)
            .filter(|c| self.category(*c).parent == Some(parent))
            .collect()
    }

    /// Whether a category is `of` or one of its sub-items: its land counts towards `of`.
    pub fn within(&self, category: CategoryId, of: CategoryId) -> bool {
        category == of || self.category(category).parent == Some(of)
    }

    /// The categories the structure is published by: every category that is no sub-item.
    pub fn top_level(&self) -> impl Iterator<Item = (CategoryId, &Category)> {
        self.categories
            .iter()
            .enumerate()
            .filter(|(_, c)| c.parent.is_none())
            .map(|(i, c)| (CategoryId(i), c))
    }

    /// A category's name, with "（其他）" for a parent split into sub-items: its cells hold
    /// the remainder.
    pub fn piece_name(&self, category: CategoryId) -> String {
        let name = &self.category(category).name;
        if self.sub_items(category).is_empty() {
            name.clone()
        } else {
            format!("{name}（其他）")
        }
    }

    /// The distinct tiers, in priority order.
    pub fn tiers(&self) -> Vec<u32> {
        let mut tiers: Vec<u32> = self.categories.iter().map(|c| c.tier).collect();
        tiers.sort_unstable();
        tiers.dedup();
        tiers
    }

    /// The tier a cell belongs to.
    pub fn tier_of(&self, cell: &Cell) -> u32 {
        self.category(cell.category).tier
    }

    /// The most decimals any figure of the scenario was written with: results are rounded to it.
    pub fn scale(&self) -> u32 {
        let cells = self
            .cells
            .iter()
            .flat_map(|c| [c.plan, c.demand, c.committed, c.stock]);
        let categories = self
            .categories
            .iter()
            .flat_map(|c| [c.plan, c.min, c.max])
            .flatten();
        let towns = self
            .towns
            .iter()
            .flat_map(|t| [t.plan, t.capacity])
            .flatten();
        let rules = self.rules.iter().filter_map(|r| match r.value {
            RuleValue::Amount(value) => Some(value),
            RuleValue::Share(_) => None,
        });
        std::iter::once(self.settings.cap)
            .chain(self.settings.new_quota)
            .chain(cells)
            .chain(categories)
            .chain(towns)
            .chain(rules)
            .map(|value| value.normalize().scale())
            .max()
            .unwrap_or(0)
    }

    /// Finds the cell of a town x category pair.
    pub fn cell_index(&self, town: TownId, category: CategoryId) -> Option<usize> {
        self.cells
            .binary_search_by(|cell| (cell.town, cell.category).cmp(&(town, category)))
            .ok()
    }

    /// Sorts cells into (town, category) order, the order every stage relies on.
    pub fn sort_cells(&mut self) {
        self.cells.sort_by_key(|cell| (cell.town, cell.category));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn mu_and_ha_convert_exactly_both_ways() {
        let ha = Decimal::from_str("31.14831").unwrap();
        let mu = Unit::Ha.convert(ha, Unit::Mu);
        assert_eq!(mu, Decimal::from_str("467.22465").unwrap());
        assert_eq!(Unit::Mu.convert(mu, Unit::Ha), ha);
    }

    #[test]
    fn a_rule_covers_the_cells_of_its_towns_and_categories_and_counts_its_base() {
        let rule = Rule {
            name: "经营性用地".to_string(),
            categories: vec![CategoryId(1), CategoryId(2)],
            towns: vec![TownId(0), TownId(3), TownId(7)],
            bound: Bound::Max,
            value: RuleValue::Share(Decimal::from(35)),
            of: Some(vec![CategoryId(0), CategoryId(2)]),
            basis: None,
            derived: false,
            origin: Origin::new("rules.csv", 2),
        };
        let cell = |town: usize, category: usize| Cell {
            town: TownId(town),
            category: CategoryId(category),
            plan: Decimal::ONE,
            demand: Decimal::ONE,
            committed: Decimal::ZERO,
            stock: Decimal::ZERO,
            origin: Origin::new("cells.csv", 2),
        };
        let covered: Vec<(usize, usize)> = (0..9)
            .flat_map(|town| (0..4).map(move |category| (town, category)))
            .filter(|&(town, category)| rule.covers(&cell(town, category)))
            .collect();
        assert_eq!(covered, [(0, 1), (0, 2), (3, 1), (3, 2), (7, 1), (7, 2)]);
        let based: Vec<(usize, usize)> = (0..9)
            .flat_map(|town| (0..4).map(move |category| (town, category)))
            .filter(|&(town, category)| rule.in_base(&cell(town, category)))
            .collect();
        assert_eq!(based, [(0, 0), (0, 2), (3, 0), (3, 2), (7, 0), (7, 2)]);
    }

    #[test]
    fn words_for_units_bounds_and_caps() {
        assert_eq!(Unit::parse("公顷"), Some(Unit::Ha));
        assert_eq!(Unit::parse("MU"), Some(Unit::Mu));
        assert_eq!(Bound::parse("上限"), Some(Bound::Max));
        assert_eq!(CapKind::parse("约"), Some(CapKind::About));
        assert_eq!(Unit::parse("acre"), None);
    }
}
