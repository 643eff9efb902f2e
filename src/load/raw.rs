//! The raw types: every row of every scenario file, typed and located, names unresolved.
//!
//! Input: nothing; these are what `rows` builds and `validate` consumes. They hold figures as
//! exact decimals and names exactly as the user wrote them; no name is resolved and no value
//! judged here.

use super::read::InputFile;
use crate::number::fold_text;
use crate::problem::Origin;
use crate::scenario::{Bound, CapKind, RuleValue, Unit};
use rust_decimal::Decimal;

/// `scenario.csv` as read.
#[derive(Debug, Clone, PartialEq)]
pub struct RawSettings {
    pub name: Option<String>,
    pub year: Option<u32>,
    pub unit: Unit,
    pub cap: Option<Decimal>,
    pub cap_kind: CapKind,
    pub source: Option<String>,
    pub cap_origin: Origin,
    /// 新增建设用地计划指标, when given.
    pub new_quota: Option<Decimal>,
}

/// A row of `categories.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct RawCategory {
    pub origin: Origin,
    pub name: String,
    pub tier: u32,
    pub plan: Option<Decimal>,
    pub min: Option<Decimal>,
    pub max: Option<Decimal>,
    pub aliases: Vec<String>,
    /// The category this one is a sub-item (其中) of, as written.
    pub parent: Option<String>,
    pub basis: Option<String>,
}

/// A row of `towns.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct RawTown {
    pub origin: Origin,
    pub name: String,
    pub plan: Option<Decimal>,
    pub capacity: Option<Decimal>,
    pub aliases: Vec<String>,
}

/// A row of `cells.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct RawCell {
    pub origin: Origin,
    pub town: String,
    pub category: String,
    pub plan: Option<Decimal>,
    pub demand: Option<Decimal>,
    pub committed: Option<Decimal>,
    /// Stock land (存量、储备、批而未供) ready in the cell.
    pub stock: Option<Decimal>,
}

/// A set of names in a rule: `*` for all, or a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameSet {
    All,
    Names(Vec<String>),
}

impl NameSet {
    /// Reads `*` or a list separated by `;`, `、`, `,` or `|` (full-width forms too).
    pub fn parse(text: &str) -> NameSet {
        let folded = fold_text(text);
        if folded.is_empty() || folded == "*" {
            return NameSet::All;
        }
        NameSet::Names(
            text.split([';', '；', '、', '|', '｜', ',', '，'])
                .map(str::trim)
                .filter(|name| !name.is_empty())
                .map(str::to_string)
                .collect(),
        )
    }
}

/// A row of `rules.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct RawRule {
    pub origin: Origin,
    pub name: String,
    pub categories: NameSet,
    pub towns: NameSet,
    pub bound: Bound,
    pub value: RuleValue,
    /// A share's base; `None`: the total supplied.
    pub of: Option<NameSet>,
    pub basis: Option<String>,
    pub derived: bool,
}

/// Every file of a scenario, typed and located, names unresolved.
#[derive(Debug, Clone, PartialEq)]
pub struct RawScenario {
    pub label: String,
    pub inputs: Vec<InputFile>,
    pub settings: RawSettings,
    pub categories: Vec<RawCategory>,
    pub towns: Vec<RawTown>,
    pub cells: Vec<RawCell>,
    pub rules: Vec<RawRule>,
}

impl RawSettings {
    /// The settings of a scenario whose `scenario.csv` could not be read.
    pub(super) fn absent(file: &str) -> RawSettings {
        RawSettings {
            name: None,
            year: None,
            unit: Unit::Ha,
            cap: None,
            cap_kind: CapKind::AtMost,
            source: None,
            cap_origin: Origin::new(file, 0),
            new_quota: None,
        }
    }
}
