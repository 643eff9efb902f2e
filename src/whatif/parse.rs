//! `whatif.csv` bytes to a `WhatIfSet`.
//!
//! Input: the file's bytes and the path to show. Output: every row typed (field, op, value)
//! and located, or every problem at once: unknown fields and ops, values that do not fit
//! their field and op, bad scenario names, `extends` rows naming unknown scenarios, a second
//! `extends` for one scenario, and `extends` cycles. Targets are resolved later, against the
//! base scenario (`apply`). Reads no file itself.

use super::{Change, Field, Op, Value, WhatIfSet, BASE_NAME};
use crate::load::read_table;
use crate::load::table::{Column, Row};
use crate::names::normalize;
use crate::number::{fold_text, parse_decimal, split_percent};
use crate::problem::{Problem, Problems};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet};

/// The what-if file's name in a scenario folder.
pub const WHATIF_FILE: &str = "whatif.csv";

const COLUMNS: &[Column] = &[
    Column {
        name: "scenario",
        aliases: &["情景", "方案", "情景名称"],
        required: true,
    },
    Column {
        name: "target",
        aliases: &["对象", "范围", "目标"],
        required: true,
    },
    Column {
        name: "field",
        aliases: &["字段", "指标"],
        required: true,
    },
    Column {
        name: "op",
        aliases: &["operation", "操作", "运算"],
        required: true,
    },
    Column {
        name: "value",
        aliases: &["值", "数值"],
        required: true,
    },
    Column {
        name: "note",
        aliases: &["notes", "comment", "备注", "说明"],
        required: false,
    },
];

const FIELDS: &str =
    "one of demand, committed, plan, capacity, min, max, tier, cap, extends; for a parcel:ID target withdraw, area, ready, cell";
const OPS: &str = "one of set, add, scale";
/// Characters a scenario name may not hold: it names output files and `FOLDER#NAME`.
const FORBIDDEN: &[char] = &['/', '\\', ':', '*', '?', '"', '<', '>', '|', '#'];

/// Parses a what-if file.
pub fn parse(shown: &str, bytes: &[u8]) -> Result<WhatIfSet, Problems> {
    let mut problems = Vec::new();
    let Some((table, file)) = read_table(shown, bytes, COLUMNS, &mut problems) else {
        return Err(Problems::sorted(problems));
    };
    let mut names = Names::default();
    let mut changes = Vec::new();
    for record in &table.records {
        let mut row = table.row(record, &mut problems);
        if let Some(change) = parse_row(&mut row, &mut names) {
            changes.push(change);
        }
    }
    let parents = check_extends(&changes, &names, &mut problems);
    if problems.is_empty() {
        Ok(WhatIfSet {
            file,
            changes,
            names: names.spelt,
            parents,
        })
    } else {
        Err(Problems::sorted(problems))
    }
}

/// Scenario names in order of first appearance, and each by its normalised form.
#[derive(Default)]
struct Names {
    spelt: Vec<String>,
    by_key: BTreeMap<String, String>,
}

impl Names {
    /// The name as first spelled in the file.
    fn resolve(&self, name: &str) -> Option<&String> {
        self.by_key.get(&normalize(name))
    }
}

fn parse_row(row: &mut Row<'_>, names: &mut Names) -> Option<Change> {
    let scenario = scenario_name(row, names);
    let field = row.parsed("field", FIELDS, Field::parse);
    let op_text = row.text("op");
    let target = row.text("target").unwrap_or_default();
    row.check_name("target", &target);
    let note = row.text("note");
    let value_text = row.text("value").unwrap_or_default();
    let (scenario, field) = (scenario?, field?);
    let op = if field == Field::Extends {
        extends_shape(row, &target, op_text.as_deref())?
    } else {
        if target.is_empty() {
            row.required_text("target", "a target: town/category, town, category or *");
        }
        let op = row.parsed("op", OPS, Op::parse)?;
        (!target.is_empty()).then_some(op)?
    };
    let value = if field.of_parcel() || super::parcels::is_parcel(&target) {
        super::parcels::value(row, &target, field, op, &value_text)?
    } else {
        value(row, field, op, &value_text)?
    };
    Some(Change {
        origin: row.origin(),
        scenario,
        target,
        field,
        op,
        value,
        value_text,
        note,
    })
}

/// The scenario's name as first spelled; problems for blank, reserved or unusable names.
fn scenario_name(row: &mut Row<'_>, names: &mut Names) -> Option<String> {
    let name = row.required_name("scenario", "a scenario name")?;
    let bad = name.starts_with('.')
        || name.chars().any(|c| FORBIDDEN.contains(&c))
        || normalize(&name) == BASE_NAME;
    if bad {
        let problem = Problem::new(row.origin(), "unusable scenario name")
            .column("scenario")
            .got(name.as_str())
            .expected(format!(
                "a name other than '{BASE_NAME}', not starting with '.', without / \\ : * ? \" < > | #"
            ));
        row.push(problem);
        return None;
    }
    let first = names.by_key.entry(normalize(&name)).or_insert_with(|| {
        names.spelt.push(name.clone());
        name
    });
    Some(first.clone())
}

/// An `extends` row has target `*` or blank and op `set` or blank.
fn extends_shape(row: &mut Row<'_>, target: &str, op: Option<&str>) -> Option<Op> {
    let mut ok = true;
    if !(target.is_empty() || fold_text(target) == "*") {
        let problem = Problem::new(row.origin(), "an extends row applies to the whole scenario")
            .column("target")
            .got(target)
            .expected("* or nothing");
        row.push(problem);
        ok = false;
    }
    if let Some(op) = op.filter(|op| Op::parse(op) != Some(Op::Set)) {
        let problem = Problem::new(row.origin(), "an extends row names a scenario")
            .column("op")
            .got(op)
            .expected("set or nothing");
        row.push(problem);
        ok = false;
    }
    ok.then_some(Op::Set)
}

pub(super) fn invalid(row: &mut Row<'_>, got: &str, expected: &str) -> Option<Value> {
    let problem = Problem::new(row.origin(), "invalid value")
        .column("value")
        .got(got)
        .expected(expected);
    row.push(problem);
    None
}

/// Reads the value according to field and op.
fn value(row: &mut Row<'_>, field: Field, op: Op, text: &str) -> Option<Value> {
    if text.is_empty() {
        let expected = match field {
            Field::Extends => "the name of the scenario this one extends",
            _ => "a number, or a factor for scale",
        };
        row.required_text("value", expected);
        return None;
    }
    if field == Field::Extends {
        return Some(Value::Name(text.to_string()));
    }
    let folded = fold_text(text).to_lowercase();
    if matches!(folded.as_str(), "none" | "无" | "不限") {
        return if field.optional() && op == Op::Set {
            Some(Value::Unlimited)
        } else {
            invalid(
                row,
                text,
                "a number ('none' removes a limit: capacity, min or max with op set)",
            )
        };
    }
    match (field, op) {
        (Field::Tier, Op::Scale) => {
            invalid(row, text, "op set or add for a tier (tiers do not scale)")
        }
        (Field::Tier, Op::Set) => whole(row, text, 1, "a tier: 1, 2, 3, ... (1 is served first)"),
        (Field::Tier, Op::Add) => whole(
            row,
            text,
            i64::MIN,
            "a whole number of tiers, such as 1 or -1",
        ),
        (_, Op::Scale) => factor(row, text),
        (_, Op::Set) => figure(row, text, false),
        (_, Op::Add) => figure(row, text, true),
    }
}

pub(super) fn whole(row: &mut Row<'_>, text: &str, least: i64, expected: &str) -> Option<Value> {
    match parse_decimal(text) {
        Ok(v) if v.fract().is_zero() && v >= Decimal::from(least) => Some(Value::Figure(v.trunc())),
        _ => invalid(row, text, expected),
    }
}

/// A factor: `1.3` or `130%`, never negative.
pub(super) fn factor(row: &mut Row<'_>, text: &str) -> Option<Value> {
    let parsed = match split_percent(text) {
        (percent, true) => parse_decimal(percent).map(|p| p / Decimal::ONE_HUNDRED),
        (number, false) => parse_decimal(number),
    };
    match parsed {
        Ok(v) if !v.is_sign_negative() || v.is_zero() => Some(Value::Figure(v)),
        _ => invalid(row, text, "a factor >= 0, such as 1.3 or 130% (30% more)"),
    }
}

pub(super) fn figure(row: &mut Row<'_>, text: &str, signed: bool) -> Option<Value> {
    match parse_decimal(text) {
        Ok(v) if signed || !v.is_sign_negative() || v.is_zero() => Some(Value::Figure(v)),
        _ if signed => invalid(row, text, "a number (negative to subtract)"),
        _ => invalid(row, text, "a number >= 0"),
    }
}

/// The deepest `extends` chain accepted: far beyond any planner's layering, and a bound on
/// the work a file can ask for.
pub const MAX_EXTENDS_DEPTH: usize = 256;

/// One parent per scenario, parents that exist, no cycles and chains at most
/// [`MAX_EXTENDS_DEPTH`] deep. Returns each scenario's parent (names as first spelled).
/// Linear in the number of rows: each scenario's depth is computed once.
fn check_extends(
    changes: &[Change],
    names: &Names,
    problems: &mut Vec<Problem>,
) -> BTreeMap<String, String> {
    let mut parents: BTreeMap<String, (String, &Change)> = BTreeMap::new();
    for change in changes.iter().filter(|c| c.field == Field::Extends) {
        let Value::Name(parent) = &change.value else {
            continue;
        };
        let problem = |message: String, expected: String| {
            Problem::new(change.origin.clone(), message)
                .column("value")
                .got(parent.as_str())
                .expected(expected)
        };
        if let Some((first, _)) = parents.get(change.scenario.as_str()) {
            problems.push(problem(
                format!("'{}' already extends '{first}'", change.scenario),
                "one extends row per scenario".to_string(),
            ));
            continue;
        }
        match names.resolve(parent) {
            Some(parent) => {
                parents.insert(change.scenario.clone(), (parent.clone(), change));
            }
            None => problems.push(problem(
                "unknown scenario".to_string(),
                format!("a scenario of this file: {}", names.spelt.join(", ")),
            )),
        }
    }
    let depths = Depths::of(&parents, problems);
    for (name, (parent, change)) in &parents {
        if depths.get(name) == Some(&(MAX_EXTENDS_DEPTH + 1)) {
            problems.push(
                Problem::new(
                    change.origin.clone(),
                    format!(
                        "the extends chain of '{name}' is {} levels deep",
                        MAX_EXTENDS_DEPTH + 1
                    ),
                )
                .column("value")
                .got(parent.as_str())
                .expected(format!(
                    "at most {MAX_EXTENDS_DEPTH} levels of extends (a scenario that extends one that extends ...)"
                )),
            );
        }
    }
    parents
        .into_iter()
        .map(|(name, (parent, _))| (name, parent))
        .collect()
}

/// How many `extends` levels lie above each scenario (0 for one that extends nothing).
struct Depths;

impl Depths {
    /// Each scenario's depth, walking every chain once; scenarios on a cycle get no depth and
    /// each gets a problem (a scenario below a cycle is left to the cycle's own members).
    fn of(
        parents: &BTreeMap<String, (String, &Change)>,
        problems: &mut Vec<Problem>,
    ) -> BTreeMap<String, usize> {
        let mut depths: BTreeMap<String, usize> = BTreeMap::new();
        let mut on_cycle: BTreeSet<String> = BTreeSet::new();
        for start in parents.keys() {
            let mut path: Vec<&str> = Vec::new();
            let mut on_path: BTreeSet<&str> = BTreeSet::new();
            let mut current = start.as_str();
            // Up to a scenario of known depth or a root; `None` when the walk meets a cycle.
            let base = loop {
                if let Some(depth) = depths.get(current) {
                    break Some(*depth);
                }
                if on_cycle.contains(current) {
                    break None;
                }
                if on_path.contains(current) {
                    let at = path.iter().position(|p| *p == current).unwrap_or(0);
                    report_cycle(&path[at..], parents, problems);
                    on_cycle.extend(path[at..].iter().map(|n| n.to_string()));
                    break None;
                }
                match parents.get(current) {
                    None => break Some(0),
                    Some((parent, _)) => {
                        path.push(current);
                        on_path.insert(current);
                        current = parent.as_str();
                    }
                }
            };
            let Some(mut depth) = base else {
                continue;
            };
            for name in path.iter().rev() {
                depth += 1;
                depths.insert(name.to_string(), depth);
            }
        }
        depths
    }
}

/// One problem per member of an `extends` cycle, at its own row, the cycle written from it.
fn report_cycle(
    cycle: &[&str],
    parents: &BTreeMap<String, (String, &Change)>,
    problems: &mut Vec<Problem>,
) {
    for (i, member) in cycle.iter().enumerate() {
        let (parent, change) = &parents[*member];
        let mut path: Vec<&str> = cycle[i..].iter().chain(&cycle[..i]).copied().collect();
        path.push(member);
        problems.push(
            Problem::new(change.origin.clone(), "extends forms a cycle")
                .column("value")
                .got(parent.as_str())
                .expected(format!("no cycle ({})", path.join(" -> "))),
        );
    }
}
