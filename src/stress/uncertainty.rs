//! `uncertainty.csv`: how far each demand may move, as a multiplier of the declared demand,
//! and which movements cells share.
//!
//! Input: the file's bytes (any encoding `load::text` reads) and, to resolve targets, the
//! validated scenario. Output: one `UncertaintyRow` per row (`target,distribution,low,mode,
//! high[,shared]`), then a `SamplingPlan`. Targets are those of `whatif.csv`
//! (`crate::target`: `town/category`, `town`, `category`, `*`, wildcards). A row with a blank
//! `shared` gives each matched cell its own draw; when several such rows match a cell the last
//! one wins, as layered overrides do. A row with `shared` = `county`, `category` or `town` is a
//! shared factor: one draw per sample for all its cells, per category or per town, multiplying
//! on top of each cell's own draw (every factor that matches a cell applies). Every bad cell
//! is a located problem, all reported together; nothing here draws a number.

use super::sample::{Distribution, Factor, Multiplier, SamplingPlan, Shared, MAX_MULTIPLIER};
use crate::load::table::{Column, Table};
use crate::problem::{Origin, Problem, Problems};
use crate::scenario::Scenario;
use crate::target::{select, Target};
use rust_decimal::Decimal;

/// The file's usual name.
pub const UNCERTAINTY_FILE: &str = "uncertainty.csv";

pub(super) const COLUMNS: &[Column] = &[
    Column {
        name: "target",
        aliases: &["目标", "对象", "范围"],
        required: true,
    },
    Column {
        name: "distribution",
        aliases: &["分布", "分布类型"],
        required: true,
    },
    Column {
        name: "low",
        aliases: &["下限", "最低"],
        required: true,
    },
    Column {
        name: "mode",
        aliases: &["众数", "最可能", "中值"],
        required: false,
    },
    Column {
        name: "high",
        aliases: &["上限", "最高"],
        required: true,
    },
    Column {
        name: "shared",
        aliases: &["共同因子", "共同", "共享"],
        required: false,
    },
];

const DISTRIBUTIONS: &str = "uniform, triangular, normal or lognormal";
const MULTIPLIER: &str = "a multiplier >= 0, such as 0.8";
const SHARED: &str = "blank (each cell its own draw), county, category or town";

/// One row of `uncertainty.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct UncertaintyRow {
    pub origin: Origin,
    pub target: String,
    pub multiplier: Multiplier,
    /// `None`: each matched cell's own draw (the last matching row wins); otherwise a shared
    /// factor, drawn once per county, category or town and multiplying on top.
    pub shared: Option<Shared>,
}

/// Parses `uncertainty.csv` (`shown` names it in problems).
pub fn parse(shown: &str, bytes: &[u8]) -> Result<Vec<UncertaintyRow>, Problems> {
    let mut problems = Vec::new();
    let Some((table, _)) = crate::load::read_table(shown, bytes, COLUMNS, &mut problems) else {
        return Err(Problems::sorted(problems));
    };
    let mut slips = 0;
    let rows: Vec<UncertaintyRow> = table
        .records
        .iter()
        .filter(|record| {
            let target = table.row(record, &mut Vec::new()).text("target");
            let slip = target.is_some_and(|t| super::slips::is_slip_target(&t));
            slips += usize::from(slip);
            !slip
        })
        .filter_map(|record| parse_row(&table, record, &mut problems))
        .collect();
    if rows.is_empty() && slips == 0 && problems.is_empty() {
        problems.push(
            Problem::new(Origin::new(shown, 0), "no rows")
                .expected("at least one row: target,distribution,low,mode,high"),
        );
    }
    if problems.is_empty() {
        Ok(rows)
    } else {
        Err(Problems::sorted(problems))
    }
}

fn parse_row(
    table: &Table,
    record: &crate::load::table::Record,
    problems: &mut Vec<Problem>,
) -> Option<UncertaintyRow> {
    let mut row = table.row(record, problems);
    let origin = row.origin();
    let target = row.required_text("target", "a town, category, town/category or *");
    let distribution = row.parsed("distribution", DISTRIBUTIONS, Distribution::parse);
    let low = non_negative(&mut row, "low");
    let mode = match row.optional_decimal("mode", MULTIPLIER) {
        Ok(mode) => mode,
        Err(_) => return None,
    };
    let high = non_negative(&mut row, "high");
    let shared = shared(&mut row);
    let (target, distribution, low, high, shared) = (target?, distribution?, low?, high?, shared?);
    let multiplier = Multiplier {
        distribution,
        low,
        mode,
        high,
    };
    let mut bad = |column: &str, got: Decimal, expected: String| {
        row.push(
            Problem::new(origin.clone(), "invalid value")
                .column(column)
                .got(crate::number::show(got))
                .expected(expected),
        )
    };
    if high > Decimal::from(MAX_MULTIPLIER) {
        bad("high", high, format!("a multiplier up to {MAX_MULTIPLIER}"));
        return None;
    }
    if high < low {
        bad("high", high, format!("a multiplier >= low ({})", low));
        return None;
    }
    if distribution == Distribution::Lognormal && low.is_zero() {
        bad("low", low, "a multiplier > 0 for a lognormal".to_string());
        return None;
    }
    match (mode, distribution) {
        (None, Distribution::Uniform) => {}
        (None, _) => {
            row.push(
                Problem::new(origin.clone(), "missing value")
                    .column("mode")
                    .expected(format!("the most likely multiplier of a {distribution}")),
            );
            return None;
        }
        (Some(mode), _) if mode < low || mode > high => {
            bad(
                "mode",
                mode,
                format!("a multiplier between {low} and {high}"),
            );
            return None;
        }
        _ => {}
    }
    Some(UncertaintyRow {
        origin,
        target,
        multiplier,
        shared,
    })
}

/// The optional `shared` column: `Some(None)` when blank or `cell`.
fn shared(row: &mut crate::load::table::Row<'_>) -> Option<Option<Shared>> {
    let Some(text) = row.text("shared") else {
        return Some(None);
    };
    if matches!(
        crate::names::normalize(&text).as_str(),
        "cell" | "own" | "no" | "各自" | "否"
    ) {
        return Some(None);
    }
    let parsed = Shared::parse(&text);
    if parsed.is_none() {
        row.push(
            Problem::new(row.origin(), "invalid value")
                .column("shared")
                .got(text.as_str())
                .expected(SHARED),
        );
        return None;
    }
    Some(parsed)
}

fn non_negative(row: &mut crate::load::table::Row<'_>, column: &str) -> Option<Decimal> {
    let value = row.required_decimal(column, MULTIPLIER)?;
    if value.is_sign_negative() && !value.is_zero() {
        row.push(
            Problem::new(row.origin(), "invalid value")
                .column(column)
                .got(crate::number::show(value))
                .expected(MULTIPLIER),
        );
        return None;
    }
    Some(value)
}

/// Resolves every row's target; a target that matches no cell is a located problem.
pub fn resolve(rows: &[UncertaintyRow], scenario: &Scenario) -> Result<SamplingPlan, Problems> {
    let mut problems = Vec::new();
    let mut chosen: Vec<Option<Multiplier>> = vec![None; scenario.cells.len()];
    let mut factors = Vec::new();
    for row in rows {
        let cells = match select(&Target::parse(&row.target), scenario) {
            Ok(selection) => selection.cells(scenario),
            Err(message) => {
                problems.push(
                    Problem::new(row.origin.clone(), message)
                        .column("target")
                        .got(row.target.as_str()),
                );
                continue;
            }
        };
        if cells.is_empty() {
            problems.push(
                Problem::new(row.origin.clone(), "matches no cell of the scenario")
                    .column("target")
                    .got(row.target.as_str())
                    .expected("a town x category pair listed in cells.csv"),
            );
        }
        match row.shared {
            Some(shared) => factors.push(Factor {
                shared,
                multiplier: row.multiplier,
                groups: groups(scenario, &cells, shared),
            }),
            None => cells
                .into_iter()
                .for_each(|cell| chosen[cell] = Some(row.multiplier)),
        }
    }
    if !problems.is_empty() {
        return Err(Problems::sorted(problems));
    }
    let own = chosen
        .into_iter()
        .enumerate()
        .filter_map(|(cell, m)| m.map(|m| (cell, m)))
        .collect();
    Ok(SamplingPlan::new(scenario, own).with_factors(factors))
}

/// The matched cells (in cell order) grouped as the factor is shared: all together, by
/// category or by town; groups in the order of their first cell.
fn groups(scenario: &Scenario, cells: &[usize], shared: Shared) -> Vec<Vec<usize>> {
    let key = |cell: usize| match shared {
        Shared::County => 0,
        Shared::Category => scenario.cells[cell].category.0,
        Shared::Town => scenario.cells[cell].town.0,
    };
    let mut slot: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for &cell in cells {
        let at = *slot.entry(key(cell)).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[at].push(cell);
    }
    groups
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
    fn rows_resolve_with_wildcards_and_later_rows_win() {
        let text = "target,distribution,low,mode,high\n*,uniform,0.8,,1.2\n*/工矿仓储用地,triangular,0.9,1,1.5\n";
        let rows = parse("u.csv", text.as_bytes()).unwrap();
        let plan = resolve(&rows, &lianzhou()).unwrap();
        assert_eq!(plan.draws().len(), 25);
        let industrial = plan
            .draws()
            .iter()
            .filter(|(_, m)| m.distribution == Distribution::Triangular)
            .count();
        assert_eq!(industrial, 6);
    }

    #[test]
    fn every_bad_cell_is_located_at_its_line_and_column() {
        let text = "目标,分布,下限,众数,上限\n*,cauchy,0.8,,1.2\n*,normal,x,1,1.2\n*,triangular,0.8,1.5,1.2\n*,lognormal,0,1,2\n*,normal,0.8,,1.2\n";
        let problems = parse("u.csv", text.as_bytes()).unwrap_err();
        let text: Vec<String> = problems.0.iter().map(ToString::to_string).collect();
        assert_eq!(
            text,
            vec![
                "u.csv:2: column 'distribution': invalid value (got 'cauchy', expected uniform, triangular, normal or lognormal)",
                "u.csv:3: column 'low': invalid value: not a number (got 'x', expected a multiplier >= 0, such as 0.8)",
                "u.csv:4: column 'mode': invalid value (got '1.5', expected a multiplier between 0.8 and 1.2)",
                "u.csv:5: column 'low': invalid value (got '0', expected a multiplier > 0 for a lognormal)",
                "u.csv:6: column 'mode': missing value (expected the most likely multiplier of a normal)",
            ]
        );
    }

    #[test]
    fn a_target_that_matches_nothing_is_located() {
        let text = "target,distribution,low,mode,high\n九陂镇/住宅用地,uniform,0.8,,1.2\n无名镇,uniform,0.8,,1.2\n";
        let rows = parse("u.csv", text.as_bytes()).unwrap();
        let problems = resolve(&rows, &lianzhou()).unwrap_err();
        let text: Vec<String> = problems.0.iter().map(ToString::to_string).collect();
        assert_eq!(text.len(), 2, "{text:?}");
        assert!(text[0].starts_with("u.csv:2: column 'target': matches no cell"));
        assert!(text[1].starts_with("u.csv:3: column 'target': no town or category matches"));
    }
}
