//! Stage 1, load: scenario files to a `RawScenario`.
//!
//! Input: a scenario folder on disk or the built-in Lianzhou scenario. Output: every row of
//! every file, typed (exact decimals, whole tiers, units, bounds) and located by file and line,
//! with names still as the user wrote them. Syntax problems (encodings, empty files, missing
//! or unknown columns, malformed numbers, unknown keys) are all collected and returned
//! together. This stage does not resolve names or judge values: that is `validate`'s job.

pub mod table;
pub mod text;

use crate::number::fold_text;
use crate::problem::{Origin, Problem, Problems};
use crate::scenario::{Bound, CapKind, RuleValue, Unit};
use rust_decimal::Decimal;
use std::path::{Path, PathBuf};
use table::{Column, Table};

/// Why a scenario could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read {path}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}")]
    Invalid(Problems),
}

/// One input file as it was read: for lineage and manifests.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct InputFile {
    /// The path shown to the user.
    pub path: String,
    pub encoding: &'static str,
    pub bytes: usize,
    /// FNV-1a 64-bit hash of the bytes, hex: identifies the input in lineage records.
    pub hash: String,
}

/// Where scenario files come from: a folder or the compiled-in scenario.
pub trait Source {
    /// How to name the source to a user.
    fn label(&self) -> String;
    /// How to name one of its files to a user.
    fn display(&self, file: &str) -> String;
    /// The bytes of a file, `None` when it does not exist.
    fn read(&self, file: &str) -> Result<Option<Vec<u8>>, LoadError>;
}

/// A scenario folder on disk.
#[derive(Debug, Clone)]
pub struct Folder(pub PathBuf);

impl Source for Folder {
    fn label(&self) -> String {
        self.0.display().to_string()
    }

    fn display(&self, file: &str) -> String {
        self.0.join(file).display().to_string()
    }

    fn read(&self, file: &str) -> Result<Option<Vec<u8>>, LoadError> {
        let path = self.0.join(file);
        match std::fs::read(&path) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(LoadError::Io { path, source }),
        }
    }
}

/// Files held in memory, such as the built-in scenario.
#[derive(Debug, Clone)]
pub struct Embedded {
    pub label: &'static str,
    pub files: &'static [(&'static str, &'static str)],
}

impl Source for Embedded {
    fn label(&self) -> String {
        self.label.to_string()
    }

    fn display(&self, file: &str) -> String {
        format!("{}/{file}", self.label)
    }

    fn read(&self, file: &str) -> Result<Option<Vec<u8>>, LoadError> {
        Ok(self
            .files
            .iter()
            .find(|(name, _)| *name == file)
            .map(|(_, text)| text.as_bytes().to_vec()))
    }
}

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
}

/// A set of names in a rule: `*` for all, or a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameSet {
    All,
    Names(Vec<String>),
}

impl NameSet {
    /// Reads `*` or a list separated by `;`, `；`, `、` or `|`.
    pub fn parse(text: &str) -> NameSet {
        let folded = fold_text(text);
        if folded.is_empty() || folded == "*" {
            return NameSet::All;
        }
        NameSet::Names(
            text.split([';', '；', '、', '|'])
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

pub const SCENARIO_FILE: &str = "scenario.csv";
pub const CATEGORIES_FILE: &str = "categories.csv";
pub const TOWNS_FILE: &str = "towns.csv";
pub const CELLS_FILE: &str = "cells.csv";
pub const RULES_FILE: &str = "rules.csv";

const NUMBER: &str = "a number >= 0";

const SCENARIO_COLUMNS: &[Column] = &[
    Column {
        name: "key",
        aliases: &["项目", "键", "参数"],
        required: true,
    },
    Column {
        name: "value",
        aliases: &["值", "数值", "内容"],
        required: true,
    },
];
const CATEGORY_COLUMNS: &[Column] = &[
    Column {
        name: "category",
        aliases: &["类别", "用地类型", "用途", "地类"],
        required: true,
    },
    Column {
        name: "tier",
        aliases: &["优先级", "层级", "优先序"],
        required: true,
    },
    Column {
        name: "plan",
        aliases: &["计划", "计划量", "供应量", "计划面积"],
        required: true,
    },
    Column {
        name: "min",
        aliases: &["下限", "最小"],
        required: false,
    },
    Column {
        name: "max",
        aliases: &["上限", "最大"],
        required: false,
    },
    Column {
        name: "alias",
        aliases: &["aliases", "别名"],
        required: false,
    },
];
const TOWN_COLUMNS: &[Column] = &[
    Column {
        name: "town",
        aliases: &["乡镇", "镇", "地区", "区域", "镇街"],
        required: true,
    },
    Column {
        name: "plan",
        aliases: &["计划", "计划量", "供应量", "计划面积"],
        required: true,
    },
    Column {
        name: "capacity",
        aliases: &["容量", "可供量", "上限"],
        required: false,
    },
    Column {
        name: "alias",
        aliases: &["aliases", "别名"],
        required: false,
    },
];
/// The columns of `cells.csv` (saved allocations reuse the town and category ones).
pub const CELL_COLUMNS: &[Column] = &[
    Column {
        name: "town",
        aliases: &["乡镇", "镇", "地区", "区域", "镇街"],
        required: true,
    },
    Column {
        name: "category",
        aliases: &["类别", "用地类型", "用途", "地类"],
        required: true,
    },
    Column {
        name: "plan",
        aliases: &["计划", "计划量", "供应量", "计划面积"],
        required: true,
    },
    Column {
        name: "demand",
        aliases: &["需求", "需求量", "申报需求"],
        required: false,
    },
    Column {
        name: "committed",
        aliases: &["已承诺", "必保", "已落实", "承诺"],
        required: false,
    },
];
const RULE_COLUMNS: &[Column] = &[
    Column {
        name: "rule",
        aliases: &["规则", "名称"],
        required: true,
    },
    Column {
        name: "categories",
        aliases: &["类别", "用地类型"],
        required: true,
    },
    Column {
        name: "towns",
        aliases: &["乡镇", "地区"],
        required: true,
    },
    Column {
        name: "bound",
        aliases: &["界限", "类型", "约束"],
        required: true,
    },
    Column {
        name: "value",
        aliases: &["值", "数值"],
        required: true,
    },
];

/// Loads a scenario folder from disk.
pub fn load_folder(path: &Path) -> Result<RawScenario, LoadError> {
    if !path.is_dir() {
        return Err(LoadError::Io {
            path: path.to_path_buf(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "not a scenario folder"),
        });
    }
    load(&Folder(path.to_path_buf()))
}

/// Loads a scenario from any source, collecting every problem before failing.
pub fn load(source: &dyn Source) -> Result<RawScenario, LoadError> {
    let mut problems = Vec::new();
    let mut inputs = Vec::new();
    let mut table =
        |file: &str, columns: &'static [Column], required: bool, problems: &mut Vec<Problem>| {
            read_table(source, file, columns, required, &mut inputs, problems)
        };
    let settings_table = table(SCENARIO_FILE, SCENARIO_COLUMNS, true, &mut problems)?;
    let categories_table = table(CATEGORIES_FILE, CATEGORY_COLUMNS, true, &mut problems)?;
    let towns_table = table(TOWNS_FILE, TOWN_COLUMNS, true, &mut problems)?;
    let cells_table = table(CELLS_FILE, CELL_COLUMNS, true, &mut problems)?;
    let rules_table = table(RULES_FILE, RULE_COLUMNS, false, &mut problems)?;

    let settings = settings_table.map(|t| parse_settings(&t, source, &mut problems));
    let categories =
        categories_table.map_or_else(Vec::new, |t| parse_categories(&t, &mut problems));
    let towns = towns_table.map_or_else(Vec::new, |t| parse_towns(&t, &mut problems));
    let cells = cells_table.map_or_else(Vec::new, |t| parse_cells(&t, &mut problems));
    let rules = rules_table.map_or_else(Vec::new, |t| parse_rules(&t, &mut problems));

    match settings {
        Some(settings) if problems.is_empty() => Ok(RawScenario {
            label: source.label(),
            inputs,
            settings,
            categories,
            towns,
            cells,
            rules,
        }),
        _ => Err(LoadError::Invalid(Problems::sorted(problems))),
    }
}

/// Reads, decodes and parses one file. `Ok(None)` when it is absent (a problem if required)
/// or unparseable (the problems are filed).
fn read_table(
    source: &dyn Source,
    file: &str,
    columns: &'static [Column],
    required: bool,
    inputs: &mut Vec<InputFile>,
    problems: &mut Vec<Problem>,
) -> Result<Option<Table>, LoadError> {
    let shown = source.display(file);
    let Some(bytes) = source.read(file)? else {
        if required {
            let header = columns.iter().map(|c| c.name).collect::<Vec<_>>().join(",");
            problems.push(
                Problem::new(Origin::new(&shown, 0), "the file is missing")
                    .expected(format!("a CSV file with the header {header}")),
            );
        }
        return Ok(None);
    };
    let decoded = match text::decode(&bytes) {
        Ok(decoded) => decoded,
        Err(message) => {
            problems.push(Problem::new(Origin::new(&shown, 0), message));
            return Ok(None);
        }
    };
    inputs.push(InputFile {
        path: shown.clone(),
        encoding: decoded.encoding,
        bytes: bytes.len(),
        hash: fnv1a_hex(&bytes),
    });
    Ok(Table::parse(&shown, &decoded.text, columns, problems))
}

/// FNV-1a, 64 bits: a stable fingerprint of an input file (not a security hash).
pub fn fnv1a_hex(bytes: &[u8]) -> String {
    let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    format!("{hash:016x}")
}

fn parse_settings(table: &Table, source: &dyn Source, problems: &mut Vec<Problem>) -> RawSettings {
    let mut settings = RawSettings {
        name: None,
        year: None,
        unit: Unit::Ha,
        cap: None,
        cap_kind: CapKind::AtMost,
        source: None,
        cap_origin: Origin::new(&table.file, 0),
    };
    let mut seen: Vec<String> = Vec::new();
    for record in &table.records {
        let mut row = table.row(record, problems);
        let Some(key) =
            row.required_text("key", "a key: name, year, unit, cap, cap_kind or source")
        else {
            continue;
        };
        let key = crate::names::normalize(&key);
        if seen.contains(&key) {
            let origin = row.origin();
            problems.push(
                Problem::new(origin, "key appears twice")
                    .column("key")
                    .got(key),
            );
            continue;
        }
        seen.push(key.clone());
        let mut row = table.row(record, problems);
        match key.as_str() {
            "name" | "名称" => settings.name = row.required_text("value", "a scenario name"),
            "year" | "年度" => settings.year = row.required_whole("value", "a year such as 2025"),
            "unit" | "单位" => {
                if let Some(unit) = row.parsed("value", "ha (公顷) or mu (亩)", Unit::parse) {
                    settings.unit = unit;
                }
            }
            "cap" | "总量" | "供应总量" => {
                settings.cap_origin = row.origin();
                settings.cap = row.required_decimal("value", NUMBER);
            }
            "cap-kind" | "capkind" | "总量类型" => {
                if let Some(kind) =
                    row.parsed("value", "at_most (以内) or about (约)", CapKind::parse)
                {
                    settings.cap_kind = kind;
                }
            }
            "source" | "来源" => settings.source = row.text("value"),
            _ => row.push(
                Problem::new(row.origin(), "unknown key")
                    .column("key")
                    .got(key.as_str())
                    .expected("one of name, year, unit, cap, cap_kind, source"),
            ),
        }
    }
    if settings.cap.is_none()
        && !seen
            .iter()
            .any(|k| k == "cap" || k == "总量" || k == "供应总量")
    {
        problems.push(
            Problem::new(Origin::new(&table.file, 0), "the total cap is missing")
                .expected(format!("a row 'cap,<figure>' (in {})", source.label())),
        );
    }
    settings
}

fn aliases(row: &table::Row<'_>) -> Vec<String> {
    row.text("alias")
        .map(|text| match NameSet::parse(&text) {
            NameSet::All => Vec::new(),
            NameSet::Names(names) => names,
        })
        .unwrap_or_default()
}

fn parse_categories(table: &Table, problems: &mut Vec<Problem>) -> Vec<RawCategory> {
    let mut categories = Vec::new();
    for record in &table.records {
        let mut row = table.row(record, problems);
        let name = row.required_text("category", "a land-use category name");
        let tier = row.required_whole("tier", "a priority tier: 1, 2, 3, ... (1 is served first)");
        let plan = row.optional_decimal("plan", NUMBER);
        let min = row.optional_decimal("min", "a number >= 0, or empty for no minimum");
        let max = row.optional_decimal("max", "a number >= 0, or empty for no maximum");
        let aliases = aliases(&row);
        if let (Some(name), Some(tier), Ok(plan), Ok(min), Ok(max)) = (name, tier, plan, min, max) {
            categories.push(RawCategory {
                origin: row.origin(),
                name,
                tier,
                plan,
                min,
                max,
                aliases,
            });
        }
    }
    categories
}

fn parse_towns(table: &Table, problems: &mut Vec<Problem>) -> Vec<RawTown> {
    let mut towns = Vec::new();
    for record in &table.records {
        let mut row = table.row(record, problems);
        let name = row.required_text("town", "a town name");
        let plan = row.optional_decimal("plan", NUMBER);
        let capacity = row.optional_decimal("capacity", "a number >= 0, or empty for no limit");
        let aliases = aliases(&row);
        if let (Some(name), Ok(plan), Ok(capacity)) = (name, plan, capacity) {
            towns.push(RawTown {
                origin: row.origin(),
                name,
                plan,
                capacity,
                aliases,
            });
        }
    }
    towns
}

fn parse_cells(table: &Table, problems: &mut Vec<Problem>) -> Vec<RawCell> {
    let mut cells = Vec::new();
    for record in &table.records {
        let mut row = table.row(record, problems);
        let town = row.required_text("town", "a town named in towns.csv");
        let category = row.required_text("category", "a category named in categories.csv");
        let plan = row.optional_decimal("plan", "a number >= 0 (empty = 0)");
        let demand = row.optional_decimal("demand", "a number >= 0, or empty for demand = plan");
        let committed = row.optional_decimal("committed", "a number >= 0, or empty for 0");
        if let (Some(town), Some(category), Ok(plan), Ok(demand), Ok(committed)) =
            (town, category, plan, demand, committed)
        {
            cells.push(RawCell {
                origin: row.origin(),
                town,
                category,
                plan,
                demand,
                committed,
            });
        }
    }
    cells
}

/// Reads a rule value: a figure in the scenario's unit, or a percentage with `%`.
fn parse_rule_value(text: &str) -> Option<RuleValue> {
    let folded = fold_text(text);
    match folded.strip_suffix('%') {
        Some(percent) => crate::number::parse_decimal(percent)
            .ok()
            .map(RuleValue::Share),
        None => crate::number::parse_decimal(&folded)
            .ok()
            .map(RuleValue::Amount),
    }
}

fn parse_rules(table: &Table, problems: &mut Vec<Problem>) -> Vec<RawRule> {
    let mut rules = Vec::new();
    for record in &table.records {
        let mut row = table.row(record, problems);
        let name = row.required_text("rule", "a rule name");
        let categories = row
            .required_text("categories", "category names separated by ';', or *")
            .map(|t| NameSet::parse(&t));
        let towns = row
            .required_text("towns", "town names separated by ';', or *")
            .map(|t| NameSet::parse(&t));
        let bound = row.parsed("bound", "min or max", Bound::parse);
        let value = row.parsed(
            "value",
            "a number >= 0, or a share such as 70%",
            parse_rule_value,
        );
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
            });
        }
    }
    rules
}
