//! `methods.csv`, optional in a scenario folder: how each category's land is to be supplied.
//!
//! Input: the scenario's files (`load::Source`) and the validated scenario whose categories
//! (sub-items too) the file names. Output: a `MethodPlan`, one row per category and method
//! with its planned figure and limits (hectares in the scenario's unit, or a percentage of
//! the category's land), each located by file and line; or every problem of the file at
//! once (unknown categories or methods, a pair listed twice, malformed or negative figures,
//! a minimum above its maximum, planned shares above 100%). A row the legal rules forbid
//! (商服用地 by 划拨) is not a problem of the file: `violations` reports it, with the
//! regulation, for `check` to flag at its line.

use super::{Method, Rules, Verdict};
use crate::load::table::{Column, Row, Table};
use crate::load::{LoadError, Source};
use crate::number::show;
use crate::problem::{Origin, Problem, Problems};
use crate::scenario::{CategoryId, RuleValue, Scenario};
use crate::track::input::{duplicate, Names, CATEGORY, METHOD_COLUMN};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

pub const METHODS_FILE: &str = "methods.csv";

pub const METHOD_COLUMNS: &[Column] = &[
    CATEGORY,
    Column {
        required: true,
        ..METHOD_COLUMN
    },
    Column {
        name: "plan",
        aliases: &["计划", "计划量", "面积", "比例", "占比"],
        required: false,
    },
    Column {
        name: "min",
        aliases: &["下限", "最小", "不少于"],
        required: false,
    },
    Column {
        name: "max",
        aliases: &["上限", "最大", "不超过"],
        required: false,
    },
];

const FIGURE: &str = "a number >= 0 in the scenario's unit, or a percentage such as 60% (at most \
                      100%) of the category's land, or empty";

/// One row: a category supplied by one method.
#[derive(Debug, Clone, PartialEq)]
pub struct MethodRow {
    pub category: CategoryId,
    pub method: Method,
    /// The planned figure: hectares, or a share of the category's land.
    pub plan: Option<RuleValue>,
    pub min: Option<RuleValue>,
    pub max: Option<RuleValue>,
    pub origin: Origin,
}

/// Every row of `methods.csv`, in file order.
#[derive(Debug, Clone, PartialEq)]
pub struct MethodPlan {
    pub rows: Vec<MethodRow>,
}

/// A row the legal rules forbid or ask to verify, at its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub category: CategoryId,
    pub method: Method,
    pub verdict: Verdict,
    pub origin: Origin,
}

impl Violation {
    /// Whether the rules forbid the row outright (not merely ask to verify it).
    pub fn forbidden(&self) -> bool {
        matches!(self.verdict, Verdict::Forbidden { .. })
    }

    /// The regulation and the reason in its words.
    pub fn grounds(&self) -> (&str, &str) {
        match &self.verdict {
            Verdict::Forbidden { citation, reason } | Verdict::Verify { citation, reason } => {
                (citation, reason)
            }
            Verdict::Allowed => ("", ""),
        }
    }

    /// `forbidden` or `verify`.
    pub fn kind(&self) -> &'static str {
        if self.forbidden() {
            "forbidden"
        } else {
            "verify"
        }
    }

    /// What is wrong, with the regulation, in Chinese or English (the reasons and citations
    /// are the regulations' own words, in Chinese either way).
    pub fn describe(&self, scenario: &Scenario, chinese: bool) -> String {
        let (citation, reason) = self.grounds();
        let category = &scenario.category(self.category).name;
        match (chinese, self.forbidden()) {
            (true, true) => format!(
                "{category}以{}方式供应不符合规定：{reason}（依据：{citation}）",
                self.method.chinese()
            ),
            (true, false) => format!(
                "{category}以{}方式供应须核实：{reason}（依据：{citation}）",
                self.method.chinese()
            ),
            (false, forbidden) => format!(
                "{category} supplied by {} ({}) {}: {reason} ({citation})",
                self.method.english(),
                self.method.chinese(),
                if forbidden {
                    "is not allowed"
                } else {
                    "must be verified"
                }
            ),
        }
    }
}

/// Judges (category, method) pairs, each at its origin, by the shipped rules: every one
/// the rules forbid or ask to verify, with its position among the pairs. Shared by
/// `methods.csv` and the parcel register.
pub fn judge_all<'a>(
    scenario: &Scenario,
    pairs: impl IntoIterator<Item = (CategoryId, Method, &'a Origin)>,
) -> Vec<(usize, Violation)> {
    let rules = Rules::default();
    pairs
        .into_iter()
        .enumerate()
        .filter_map(|(index, (category, method, origin))| {
            let verdict = rules.judge(&scenario.category(category).name, method);
            let violation = Violation {
                category,
                method,
                verdict,
                origin: origin.clone(),
            };
            (violation.verdict != Verdict::Allowed).then_some((index, violation))
        })
        .collect()
}

impl MethodPlan {
    /// The rows the legal rules forbid or ask to verify.
    pub fn violations(&self, scenario: &Scenario) -> Vec<Violation> {
        judge_all(
            scenario,
            self.rows.iter().map(|r| (r.category, r.method, &r.origin)),
        )
        .into_iter()
        .map(|(_, violation)| violation)
        .collect()
    }

    /// The rows of one category, in file order.
    pub fn of(&self, category: CategoryId) -> impl Iterator<Item = &MethodRow> {
        self.rows.iter().filter(move |r| r.category == category)
    }
}

/// Reads `methods.csv` from a scenario's files: `Ok(None)` when the folder has none.
pub fn load(source: &dyn Source, scenario: &Scenario) -> Result<Option<MethodPlan>, LoadError> {
    let Some(bytes) = source.read(METHODS_FILE)? else {
        return Ok(None);
    };
    let shown = source.display(METHODS_FILE);
    parse(&shown, &bytes, scenario)
        .map(Some)
        .map_err(LoadError::Invalid)
}

/// Parses `methods.csv` (`shown` names it in problems); all problems at once.
pub fn parse(shown: &str, bytes: &[u8], scenario: &Scenario) -> Result<MethodPlan, Problems> {
    let mut problems = Vec::new();
    let read = crate::load::read_table_in(
        shown,
        bytes,
        METHOD_COLUMNS,
        scenario.settings.unit,
        &mut problems,
    );
    let rows = match &read {
        Some((table, _)) => rows(table, scenario, &mut problems),
        None => Vec::new(),
    };
    let plan = MethodPlan { rows };
    problems.extend(over_full(&plan, scenario));
    if problems.is_empty() {
        Ok(plan)
    } else {
        Err(Problems::sorted(problems))
    }
}

fn rows(table: &Table, scenario: &Scenario, problems: &mut Vec<Problem>) -> Vec<MethodRow> {
    let names = Names::new(scenario);
    let mut seen: BTreeMap<(CategoryId, Method), Origin> = BTreeMap::new();
    let mut rows = Vec::new();
    for record in &table.records {
        let mut row = table.row(record, problems);
        let category = row.required_text("category", "a category of the plan");
        let method = row.parsed("method", Method::EXPECTED, Method::parse);
        let [plan, min, max] = ["plan", "min", "max"].map(|column| figure(&mut row, column));
        let origin = row.origin();
        let category = category.and_then(|c| names.category(&c, &origin, problems));
        let (Some(category), Some(method), Ok(plan), Ok(min), Ok(max)) =
            (category, method, plan, min, max)
        else {
            continue;
        };
        if let Some(first) = seen.get(&(category, method)) {
            let pair = format!("{}/{}", scenario.category(category).name, method.chinese());
            problems.push(duplicate(
                &origin,
                "method",
                &pair,
                first,
                "each category and method once",
            ));
            continue;
        }
        if let (Some(low), Some(high)) = (min, max) {
            if same_kind(low, high) && value(low) > value(high) {
                problems.push(
                    Problem::new(origin.clone(), "the minimum is above the maximum")
                        .column("min")
                        .got(low.to_string())
                        .expected(format!("at most the maximum {high}")),
                );
                continue;
            }
        }
        seen.insert((category, method), origin.clone());
        rows.push(MethodRow {
            category,
            method,
            plan,
            min,
            max,
            origin,
        });
    }
    rows
}

/// A figure cell: empty, hectares, or a percentage up to 100; `Err` when malformed.
fn figure(row: &mut Row<'_>, column: &str) -> Result<Option<RuleValue>, ()> {
    let Some(text) = row.text(column) else {
        return Ok(None);
    };
    let (number, percent) = crate::number::split_percent(&text);
    let parsed = crate::number::parse_decimal(number)
        .ok()
        .filter(|v| *v >= Decimal::ZERO && (!percent || *v <= Decimal::ONE_HUNDRED));
    match parsed {
        Some(v) if percent => Ok(Some(RuleValue::Share(v))),
        Some(v) => Ok(Some(RuleValue::Amount(v))),
        None => {
            row.push(
                Problem::new(row.origin(), "invalid value")
                    .column(column)
                    .got(text)
                    .expected(FIGURE),
            );
            Err(())
        }
    }
}

fn same_kind(a: RuleValue, b: RuleValue) -> bool {
    matches!(
        (a, b),
        (RuleValue::Amount(_), RuleValue::Amount(_)) | (RuleValue::Share(_), RuleValue::Share(_))
    )
}

fn value(figure: RuleValue) -> Decimal {
    match figure {
        RuleValue::Amount(v) | RuleValue::Share(v) => v,
    }
}

/// A category whose planned shares add up to more than 100%: a problem at its last row.
fn over_full(plan: &MethodPlan, scenario: &Scenario) -> Vec<Problem> {
    (0..scenario.categories.len())
        .map(CategoryId)
        .filter_map(|category| {
            let shares: Vec<(&MethodRow, Decimal)> = plan
                .of(category)
                .filter_map(|r| match r.plan {
                    Some(RuleValue::Share(share)) => Some((r, share)),
                    _ => None,
                })
                .collect();
            let total: Decimal = shares.iter().map(|(_, s)| *s).sum();
            let (last, _) = shares.last()?;
            (total > Decimal::ONE_HUNDRED).then(|| {
                Problem::new(
                    last.origin.clone(),
                    format!(
                        "the planned shares of {} add up to {}%",
                        scenario.category(category).name,
                        show(total)
                    ),
                )
                .column("plan")
                .expected("shares of one category adding up to at most 100%")
            })
        })
        .collect()
}
