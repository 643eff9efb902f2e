//! Stage 3b, what-if: named scenarios as layered overrides of a validated base.
//!
//! Input: a validated base `Scenario` (with the files it was read from) and a `WhatIfSet`,
//! the rows of a `whatif.csv` (`scenario,target,field,op,value,note`). Output: for one
//! scenario name, the base with that scenario's changes (and those of every scenario it
//! extends) applied in exact decimals, in row order, plus its `Lineage` (base, rows applied,
//! cells created, a hash of every input). Every changed figure carries the what-if row as its
//! origin, and the changed parts are re-checked with `validate::check_values`, so a change
//! that leaves committed land above demand is a located error at that row.
//!
//! This stage reads no files (the caller hands it the what-if file's bytes), never changes
//! the base, and never skips a row it cannot apply: unknown targets, fields, ops and values
//! are located problems, all reported together.

mod apply;
mod lineage;
mod parcels;
mod parse;
pub mod summary;

pub use apply::round_scaled;
pub use lineage::{combined_hash, AppliedRow, Lineage};
pub use parcels::{apply_parcels, parcel_target, PARCEL_PREFIX};
pub use parse::{parse, MAX_EXTENDS_DEPTH, WHATIF_FILE};

use crate::load::{InputFile, LoadError, RawScenario, Source};
use crate::names::normalize;
use crate::problem::{Origin, Problems};
use crate::scenario::Scenario;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

/// The name results of the unchanged base scenario go by; no what-if may use it.
pub const BASE_NAME: &str = "base";

/// The figure a row changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Field {
    /// A cell's declared demand (the most it may receive).
    Demand,
    /// A cell's committed land (the least it must receive).
    Committed,
    /// A cell's published figure (what the closest-to-plan stage aims at).
    Plan,
    /// A town's capacity.
    Capacity,
    /// A category's minimum.
    Min,
    /// A category's maximum.
    Max,
    /// A category's priority tier.
    Tier,
    /// The total cap.
    Cap,
    /// Not a figure: the scenario starts from another scenario's result.
    Extends,
    /// A parcel of `parcels.csv` withdrawn from this year's supply (`set yes`).
    Withdraw,
    /// A parcel's area (enlarge with `add` or `scale`).
    Area,
    /// When a parcel is ready: `set` a quarter or date, `add` quarters (a delay).
    Ready,
    /// A parcel's town and category (`set town/category`); on a parcel the file does not
    /// list, it adds one.
    Cell,
}

impl Field {
    pub fn parse(text: &str) -> Option<Field> {
        Some(match normalize(text).as_str() {
            "demand" | "需求" | "需求量" => Field::Demand,
            "committed" | "commitment" | "已承诺" | "承诺" | "必保" => Field::Committed,
            "plan" | "计划" | "计划量" => Field::Plan,
            "capacity" | "容量" | "可供量" => Field::Capacity,
            "min" | "minimum" | "下限" => Field::Min,
            "max" | "maximum" | "上限" => Field::Max,
            "tier" | "priority" | "优先级" => Field::Tier,
            "cap" | "总量" | "供应总量" => Field::Cap,
            "extends" | "extend" | "继承" | "基于" => Field::Extends,
            "withdraw" | "withdrawn" | "撤回" | "撤出" | "不供应" => Field::Withdraw,
            "area" | "面积" | "地块面积" => Field::Area,
            "ready" | "可供时间" | "可供季度" => Field::Ready,
            "cell" | "位置" | "所在" | "town/category" => Field::Cell,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Field::Demand => "demand",
            Field::Committed => "committed",
            Field::Plan => "plan",
            Field::Capacity => "capacity",
            Field::Min => "min",
            Field::Max => "max",
            Field::Tier => "tier",
            Field::Cap => "cap",
            Field::Extends => "extends",
            Field::Withdraw => "withdraw",
            Field::Area => "area",
            Field::Ready => "ready",
            Field::Cell => "cell",
        }
    }

    /// Whether the field belongs to a parcel (target `parcel:ID`), not to the plan.
    pub fn of_parcel(self) -> bool {
        matches!(
            self,
            Field::Withdraw | Field::Area | Field::Ready | Field::Cell
        )
    }

    /// Whether the field is a limit that may be absent (`set none` removes it).
    pub fn optional(self) -> bool {
        matches!(self, Field::Capacity | Field::Min | Field::Max)
    }
}

/// How a row changes the figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Op {
    /// Replace the figure.
    Set,
    /// Add to it (a negative value subtracts).
    Add,
    /// Multiply it (`1.3` or `130%` = 30% more).
    Scale,
}

impl Op {
    pub fn parse(text: &str) -> Option<Op> {
        Some(match normalize(text).as_str() {
            "set" | "=" | "设为" | "设定" => Op::Set,
            "add" | "+" | "增加" | "加" => Op::Add,
            "scale" | "*" | "x" | "×" | "乘" | "倍" => Op::Scale,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Op::Set => "set",
            Op::Add => "add",
            Op::Scale => "scale",
        }
    }
}

/// A row's value, read according to its field and op.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// A figure in the scenario's unit, a factor (scale) or a tier.
    Figure(Decimal),
    /// `none`: remove a limit (capacity, min or max with `set`).
    Unlimited,
    /// The scenario an `extends` row names.
    Name(String),
    /// A parcel's cell (`town/category`) or readiness (a quarter or date), read against the
    /// scenario when the row is applied.
    Text(String),
    /// Yes or no (`withdraw`).
    Flag(bool),
}

/// One row of `whatif.csv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub origin: Origin,
    /// The scenario's name, as first spelled in the file.
    pub scenario: String,
    /// The target as written (empty for `extends`).
    pub target: String,
    pub field: Field,
    /// `Set` for `extends` rows.
    pub op: Op,
    pub value: Value,
    /// The value as written, for messages and lineage.
    pub value_text: String,
    pub note: Option<String>,
}

/// Every row of a what-if file, checked for syntax, names and `extends` cycles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WhatIfSet {
    pub file: InputFile,
    pub changes: Vec<Change>,
    /// Scenario names in order of first appearance.
    pub names: Vec<String>,
    /// The scenario each scenario extends (names as first spelled), resolved once by `parse`.
    pub parents: BTreeMap<String, String>,
}

impl WhatIfSet {
    /// The name as the file spells it, matched without regard to case or full-width forms.
    pub fn resolve(&self, name: &str) -> Option<&str> {
        let key = normalize(name);
        self.names
            .iter()
            .find(|n| normalize(n) == key)
            .map(String::as_str)
    }

    /// The scenario a scenario extends, if any.
    pub fn parent(&self, name: &str) -> Option<&str> {
        self.parents.get(name).map(String::as_str)
    }

    /// The scenarios whose changes make up `name`, the first ancestor first, `name` last.
    /// Linear in the chain's length (`parse` bounds it and refuses cycles).
    pub fn chain(&self, name: &str) -> Vec<&str> {
        let mut chain = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        let mut next = self.resolve(name);
        while let Some(current) = next {
            if !seen.insert(current) {
                break; // a cycle: refused by `parse`, guarded here all the same
            }
            chain.push(current);
            next = self.parent(current);
        }
        chain.reverse();
        chain
    }

    /// The rows that change figures for `name`, in application order (ancestors' rows first,
    /// each scenario's rows in file order). One pass over the rows, whatever the chain's depth.
    pub fn changes_for(&self, name: &str) -> Vec<&Change> {
        let order: BTreeMap<&str, usize> = self
            .chain(name)
            .into_iter()
            .enumerate()
            .map(|(at, scenario)| (scenario, at))
            .collect();
        let mut changes: Vec<(usize, &Change)> = self
            .changes
            .iter()
            .filter(|c| c.field != Field::Extends)
            .filter_map(|c| order.get(c.scenario.as_str()).map(|at| (*at, c)))
            .collect();
        changes.sort_by_key(|(at, _)| *at);
        changes.into_iter().map(|(_, c)| c).collect()
    }
}

/// A validated base scenario and the files it was read from (for lineage).
#[derive(Debug, Clone, PartialEq)]
pub struct Base {
    /// The folder (or built-in label) the base was loaded from.
    pub label: String,
    pub inputs: Vec<InputFile>,
    pub scenario: Scenario,
}

impl Base {
    /// A base from a loaded raw scenario and its validated form (which must have no problems).
    pub fn new(raw: &RawScenario, scenario: Scenario) -> Base {
        Base {
            label: raw.label.clone(),
            inputs: raw.inputs.clone(),
            scenario,
        }
    }
    /// Loads and validates a base from any source, every problem of its files (syntax,
    /// names, values) reported at once: the same path as a scenario without what-ifs, so a
    /// syntax problem never hides the validation problems.
    pub fn load(source: &dyn Source) -> Result<Base, BaseError> {
        let loaded = crate::load::load_lenient(source)?;
        let scenario = crate::validate::validate_loaded(&loaded).map_err(BaseError::Invalid)?;
        Ok(Base::new(&loaded.raw, scenario))
    }
}

/// Why a base scenario could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum BaseError {
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error("{0}")]
    Invalid(Problems),
}

/// A what-if scenario applied to its base.
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    /// The base with the changes; its name is `<base>#<what-if>`.
    pub scenario: Scenario,
    pub lineage: Lineage,
}

/// Why a what-if scenario could not be applied.
#[derive(Debug, Clone, thiserror::Error)]
pub enum WhatIfError {
    #[error("no what-if scenario named '{name}' in {file} (it has: {available})")]
    UnknownScenario {
        name: String,
        file: String,
        available: String,
    },
    #[error("{0}")]
    Invalid(Problems),
}

/// Applies the what-if scenario `name` (with every scenario it extends) to `base`.
pub fn apply(base: &Base, set: &WhatIfSet, name: &str) -> Result<Applied, WhatIfError> {
    let Some(name) = set.resolve(name) else {
        return Err(WhatIfError::UnknownScenario {
            name: name.to_string(),
            file: set.file.path.clone(),
            available: if set.names.is_empty() {
                "no scenarios".to_string()
            } else {
                set.names.join(", ")
            },
        });
    };
    let changes = set.changes_for(name);
    let plan_changes: Vec<&Change> = changes
        .iter()
        .copied()
        .filter(|c| !c.field.of_parcel())
        .collect();
    let (mut scenario, created) =
        apply::apply_changes(&base.scenario, &set.file.path, &plan_changes)
            .map_err(|problems| WhatIfError::Invalid(Problems::sorted(problems)))?;
    scenario.settings.name = format!("{}#{name}", base.scenario.settings.name);
    let lineage = Lineage::new(base, set, name, &changes, created);
    Ok(Applied { scenario, lineage })
}

/// Applies several scenarios, collecting the problems of all of them before failing.
pub fn apply_all(
    base: &Base,
    set: &WhatIfSet,
    names: &[String],
) -> Result<Vec<Applied>, WhatIfError> {
    let mut applied = Vec::new();
    let mut problems = Vec::new();
    for name in names {
        match apply(base, set, name) {
            Ok(one) => applied.push(one),
            Err(WhatIfError::Invalid(Problems(found))) => problems.extend(found),
            Err(other) => return Err(other),
        }
    }
    if problems.is_empty() {
        Ok(applied)
    } else {
        Err(WhatIfError::Invalid(Problems::sorted(problems)))
    }
}

#[cfg(test)]
mod tests;
