//! Stage 1, load: scenario files to a `RawScenario`.
//!
//! Input: a scenario folder on disk or the built-in Lianzhou scenario. Output: every row of
//! every file, typed (exact decimals, whole tiers, units, bounds) and located by file and line,
//! with names still as the user wrote them. Syntax problems (encodings, empty files, missing
//! or unknown columns, quotes left open, values outside the columns, malformed numbers,
//! unknown keys, header units that contradict the scenario's unit) are all collected and
//! returned together; `load_lenient` also returns what could be read, so that validation can
//! add its own problems in the same pass. This stage does not resolve names or judge values:
//! that is `validate`'s job.

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
    /// The names of the files the source holds, to point at a misspelt file name; empty when
    /// the source cannot tell.
    fn list(&self) -> Vec<String> {
        Vec::new()
    }
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

    fn list(&self) -> Vec<String> {
        std::fs::read_dir(&self.0)
            .map(|entries| {
                let mut names: Vec<String> = entries
                    .filter_map(Result::ok)
                    .filter(|entry| entry.path().is_file())
                    .map(|entry| entry.file_name().to_string_lossy().into_owned())
                    .collect();
                names.sort();
                names
            })
            .unwrap_or_default()
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

    fn list(&self) -> Vec<String> {
        self.files
            .iter()
            .map(|(name, _)| name.to_string())
            .collect()
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
        aliases: &["类别", "用地类型", "用地类别", "土地用途", "用途", "地类"],
        required: true,
    },
    Column {
        name: "tier",
        aliases: &["优先级", "层级", "优先序"],
        required: true,
    },
    Column {
        name: "plan",
        aliases: &[
            "计划",
            "计划量",
            "供应量",
            "计划面积",
            "面积",
            "供应面积",
            "计划供应面积",
        ],
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
        aliases: &["乡镇", "乡镇名称", "镇(乡)", "镇", "地区", "区域", "镇街"],
        required: true,
    },
    Column {
        name: "plan",
        aliases: &[
            "计划",
            "计划量",
            "供应量",
            "计划面积",
            "面积",
            "供应面积",
            "计划供应面积",
        ],
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
        aliases: &["乡镇", "乡镇名称", "镇(乡)", "镇", "地区", "区域", "镇街"],
        required: true,
    },
    Column {
        name: "category",
        aliases: &["类别", "用地类型", "用地类别", "土地用途", "用途", "地类"],
        required: true,
    },
    Column {
        name: "plan",
        aliases: &[
            "计划",
            "计划量",
            "供应量",
            "计划面积",
            "面积",
            "供应面积",
            "计划供应面积",
        ],
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

impl Folder {
    /// A scenario folder on disk; an error when `path` is not a folder.
    pub fn open(path: &Path) -> Result<Folder, LoadError> {
        if !path.is_dir() {
            return Err(LoadError::Io {
                path: path.to_path_buf(),
                source: std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    "not a scenario folder (a folder holding scenario.csv, categories.csv, towns.csv and cells.csv)",
                ),
            });
        }
        Ok(Folder(path.to_path_buf()))
    }
}

/// Loads a scenario folder from disk.
pub fn load_folder(path: &Path) -> Result<RawScenario, LoadError> {
    load(&Folder::open(path)?)
}

/// A scenario read as far as its files allow, with every syntax problem found.
///
/// When `problems` is not empty, `raw` holds what could be read (rows with a malformed cell
/// keep their names, the bad cell left empty) so that later checks can still look for other
/// problems in one pass. It must then never be used for a result: [`load`] refuses it.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub raw: RawScenario,
    pub problems: Vec<Problem>,
    /// The files that could not be read at all (missing, undecodable, no usable header):
    /// names they would have defined are unknown, not wrong.
    pub unreadable: Vec<&'static str>,
}

/// Loads a scenario from any source, collecting every problem before failing.
pub fn load(source: &dyn Source) -> Result<RawScenario, LoadError> {
    let loaded = load_lenient(source)?;
    if loaded.problems.is_empty() {
        Ok(loaded.raw)
    } else {
        Err(LoadError::Invalid(Problems::sorted(loaded.problems)))
    }
}

/// Loads a scenario from any source; only an I/O failure is an error, every problem in the
/// files' contents is collected in [`Loaded::problems`].
pub fn load_lenient(source: &dyn Source) -> Result<Loaded, LoadError> {
    let mut reading = Reading {
        source,
        listing: source.list(),
        inputs: Vec::new(),
        problems: Vec::new(),
        unreadable: Vec::new(),
    };
    let settings_table = reading.table(SCENARIO_FILE, SCENARIO_COLUMNS, true)?;
    let categories_table = reading.table(CATEGORIES_FILE, CATEGORY_COLUMNS, true)?;
    let towns_table = reading.table(TOWNS_FILE, TOWN_COLUMNS, true)?;
    let cells_table = reading.table(CELLS_FILE, CELL_COLUMNS, true)?;
    let rules_table = reading.table(RULES_FILE, RULE_COLUMNS, false)?;
    let Reading {
        inputs,
        mut problems,
        mut unreadable,
        ..
    } = reading;

    let settings = match &settings_table {
        Some(t) => parse_settings(t, &mut problems),
        None => RawSettings::absent(&source.display(SCENARIO_FILE)),
    };
    let categories = categories_table
        .as_ref()
        .map_or_else(Vec::new, |t| parse_categories(t, &mut problems));
    let towns = towns_table
        .as_ref()
        .map_or_else(Vec::new, |t| parse_towns(t, &mut problems));
    let cells = cells_table
        .as_ref()
        .map_or_else(Vec::new, |t| parse_cells(t, &mut problems));
    let rules = rules_table
        .as_ref()
        .map_or_else(Vec::new, |t| parse_rules(t, &mut problems));
    for (file, table) in [
        (CATEGORIES_FILE, &categories_table),
        (TOWNS_FILE, &towns_table),
    ] {
        let Some(table) = table else { continue };
        if table.records.is_empty() {
            unreadable.push(file);
            problems.push(
                Problem::new(
                    Origin::new(&table.file, 0),
                    "the file has a header but no rows",
                )
                .expected("at least one row: a scenario needs categories and towns"),
            );
        }
    }
    if settings_table.is_some() {
        let tables = [
            &settings_table,
            &categories_table,
            &towns_table,
            &cells_table,
            &rules_table,
        ];
        for table in tables.into_iter().flatten() {
            check_header_units(table, settings.unit, &mut problems);
        }
    }
    let raw = RawScenario {
        label: source.label(),
        inputs,
        settings,
        categories,
        towns,
        cells,
        rules,
    };
    Ok(Loaded {
        raw,
        problems,
        unreadable,
    })
}

/// A header such as `plan (亩)` must name the unit `scenario.csv` declares: figures are never
/// converted on the way in, so a mismatch would misread every figure by a factor of 15.
fn check_header_units(table: &Table, unit: Unit, problems: &mut Vec<Problem>) {
    for (column, named) in table.header_units() {
        if named != unit {
            problems.push(
                Problem::new(
                    Origin::new(&table.file, table.header_line),
                    format!(
                        "the header names the unit {} ({}) but scenario.csv declares {} ({})",
                        named.symbol(),
                        named.chinese(),
                        unit.symbol(),
                        unit.chinese()
                    ),
                )
                .column(column)
                .got(named.symbol())
                .expected(format!(
                    "figures in {unit} as scenario.csv declares, or 'unit,{}' there",
                    named.symbol()
                )),
            );
        }
    }
}

/// A file name in the folder that is probably `wanted` misspelt: another case, a singular or
/// plural stem, or another extension (`Cells.csv`, `rule.csv`, `towns.txt`, `cells.csv.csv`).
fn near_miss<'a>(wanted: &str, listing: &'a [String]) -> Option<&'a str> {
    let stem = |name: &str| -> String {
        let lower = name.to_lowercase();
        let stem = lower
            .split('.')
            .next()
            .unwrap_or_default()
            .trim()
            .to_string();
        stem.strip_suffix('s').map_or(stem.clone(), str::to_string)
    };
    let wanted_stem = stem(wanted);
    listing
        .iter()
        .map(String::as_str)
        .filter(|name| *name != wanted)
        .find(|name| {
            let lower = name.to_lowercase();
            let text_like = [".csv", ".txt", ".tsv"].iter().any(|e| lower.ends_with(e));
            text_like && stem(name) == wanted_stem
        })
}

/// The files read so far and what was wrong with them.
struct Reading<'a> {
    source: &'a dyn Source,
    listing: Vec<String>,
    inputs: Vec<InputFile>,
    problems: Vec<Problem>,
    unreadable: Vec<&'static str>,
}

impl Reading<'_> {
    /// Reads, decodes and parses one file. `Ok(None)` when it is absent (a problem if
    /// required, or if a misspelt copy of it is in the folder) or unparseable (the problems
    /// are filed and the file is recorded as unreadable).
    fn table(
        &mut self,
        file: &'static str,
        columns: &'static [Column],
        required: bool,
    ) -> Result<Option<Table>, LoadError> {
        let shown = self.source.display(file);
        let Some(bytes) = self.source.read(file)? else {
            let header = columns.iter().map(|c| c.name).collect::<Vec<_>>().join(",");
            match near_miss(file, &self.listing) {
                Some(found) => self.problems.push(
                    Problem::new(
                        Origin::new(&shown, 0),
                        format!("the file is missing, but '{found}' is in the folder"),
                    )
                    .expected(format!("the file named exactly {file} (rename '{found}')")),
                ),
                None if required => self.problems.push(
                    Problem::new(Origin::new(&shown, 0), "the file is missing")
                        .expected(format!("a CSV file with the header {header}")),
                ),
                None => return Ok(None),
            }
            self.unreadable.push(file);
            return Ok(None);
        };
        let decoded = match text::decode(&bytes) {
            Ok(decoded) => decoded,
            Err(error) => {
                let line = error.line.unwrap_or(0);
                self.problems
                    .push(Problem::new(Origin::new(&shown, line), error.message));
                self.unreadable.push(file);
                return Ok(None);
            }
        };
        self.inputs.push(InputFile {
            path: shown.clone(),
            encoding: decoded.encoding,
            bytes: bytes.len(),
            hash: fnv1a_hex(&bytes),
        });
        let table = Table::parse(&shown, &decoded.text, columns, &mut self.problems);
        if table.is_none() {
            self.unreadable.push(file);
        }
        Ok(table)
    }
}

/// FNV-1a, 64 bits: a stable fingerprint of an input file (not a security hash).
pub fn fnv1a_hex(bytes: &[u8]) -> String {
    let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    format!("{hash:016x}")
}

/// The keys of `scenario.csv`, each with the other spellings accepted for it.
const SETTING_KEYS: &[(&str, &[&str])] = &[
    ("name", &["名称", "计划名称", "scenario"]),
    ("year", &["年度", "年份"]),
    ("unit", &["单位", "units"]),
    ("cap", &["总量", "供应总量", "土地供应总量", "total"]),
    ("cap_kind", &["cap-kind", "capkind", "总量类型"]),
    ("source", &["来源", "出处"]),
];

/// The canonical name of a `scenario.csv` key, whatever spelling was used.
fn setting_key(text: &str) -> Option<&'static str> {
    let key = crate::names::normalize(text);
    SETTING_KEYS
        .iter()
        .find(|(name, aliases)| {
            crate::names::normalize(name) == key
                || aliases.iter().any(|a| crate::names::normalize(a) == key)
        })
        .map(|(name, _)| *name)
}

impl RawSettings {
    /// The settings of a scenario whose `scenario.csv` could not be read.
    fn absent(file: &str) -> RawSettings {
        RawSettings {
            name: None,
            year: None,
            unit: Unit::Ha,
            cap: None,
            cap_kind: CapKind::AtMost,
            source: None,
            cap_origin: Origin::new(file, 0),
        }
    }
}

fn parse_settings(table: &Table, problems: &mut Vec<Problem>) -> RawSettings {
    let mut settings = RawSettings::absent(&table.file);
    let mut seen: Vec<(&str, Origin)> = Vec::new();
    for record in &table.records {
        let mut row = table.row(record, problems);
        let Some(text) =
            row.required_text("key", "a key: name, year, unit, cap, cap_kind or source")
        else {
            continue;
        };
        let Some(key) = setting_key(&text) else {
            row.push(
                Problem::new(row.origin(), "unknown key")
                    .column("key")
                    .got(text)
                    .expected("one of name, year, unit, cap, cap_kind, source"),
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
            "name" => settings.name = row.required_text("value", "a scenario name"),
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

fn parse_cells(table: &Table, problems: &mut Vec<Problem>) -> Vec<RawCell> {
    let mut cells = Vec::new();
    for record in &table.records {
        let mut row = table.row(record, problems);
        let town = row.required_text("town", "a town named in towns.csv");
        let category = row.required_text("category", "a category named in categories.csv");
        let plan = row.optional_decimal("plan", "a number >= 0 (empty = 0)");
        let demand = row.optional_decimal("demand", "a number >= 0, or empty for demand = plan");
        let committed = row.optional_decimal("committed", "a number >= 0, or empty for 0");
        if let (Some(town), Some(category)) = (town, category) {
            cells.push(RawCell {
                origin: row.origin(),
                town,
                category,
                plan: plan.unwrap_or_default(),
                demand: demand.unwrap_or_default(),
                committed: committed.unwrap_or_default(),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The format documentation, folded like headers are, to look names up in.
    fn documentation() -> String {
        crate::number::fold_text(include_str!("../../docs/scenario-format.md")).to_lowercase()
    }

    #[test]
    fn every_column_header_and_key_is_documented() {
        let docs = documentation();
        let columns = [
            SCENARIO_COLUMNS,
            CATEGORY_COLUMNS,
            TOWN_COLUMNS,
            CELL_COLUMNS,
            RULE_COLUMNS,
        ];
        for column in columns.iter().flat_map(|c| c.iter()) {
            for name in std::iter::once(&column.name).chain(column.aliases) {
                let folded = crate::number::fold_text(name).to_lowercase();
                assert!(
                    docs.contains(&folded),
                    "{name} is not in docs/scenario-format.md"
                );
            }
        }
        for (key, aliases) in SETTING_KEYS {
            for name in std::iter::once(key).chain(aliases.iter()) {
                assert!(
                    docs.contains(&name.to_lowercase()),
                    "{name} is not documented"
                );
            }
        }
        for note in table::NOTE_HEADERS {
            assert!(docs.contains(note), "{note} is not documented");
        }
    }

    #[test]
    fn setting_keys_are_known_by_every_spelling() {
        assert_eq!(setting_key("cap_kind"), Some("cap_kind"));
        assert_eq!(setting_key("Cap-Kind"), Some("cap_kind"));
        assert_eq!(setting_key("土地供应总量"), Some("cap"));
        assert_eq!(setting_key("年度"), Some("year"));
        assert_eq!(setting_key("capacity"), None);
    }

    #[test]
    fn misspelt_file_names_are_recognised() {
        let listing: Vec<String> = [
            "Rules.csv",
            "cell.csv",
            "towns.txt",
            "notes.md",
            "scenario.xlsx",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(near_miss("rules.csv", &listing), Some("Rules.csv"));
        assert_eq!(near_miss("cells.csv", &listing), Some("cell.csv"));
        assert_eq!(near_miss("towns.csv", &listing), Some("towns.txt"));
        assert_eq!(near_miss("scenario.csv", &listing), None);
        assert_eq!(near_miss("categories.csv", &listing), None);
    }

    #[test]
    fn the_built_in_scenario_loads_without_problems() {
        let loaded = load_lenient(&crate::builtin::lianzhou()).unwrap();
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        assert!(loaded.unreadable.is_empty());
        assert_eq!(loaded.raw.cells.len(), 25);
        assert_eq!(loaded.raw.settings.cap, Some(Decimal::new(13272823, 5)));
        assert!(loaded
            .raw
            .inputs
            .iter()
            .all(|input| input.encoding == "UTF-8"));
    }
}
