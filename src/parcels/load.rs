//! `parcels.csv` and `quarters.csv`: the parcels proposed for supply and the quarterly limits.
//!
//! Input: the scenario's source (a folder or the built-in scenario) and the validated
//! scenario whose towns and categories the files name. Output: `Parcels`, every row located
//! by file and line, names resolved (aliases allowed), areas exact decimals in the scenario's
//! unit; `Ok(None)` when the folder has no `parcels.csv`; or every problem of both files at
//! once (unknown names, a parcel listed twice, areas not above 0, unknown methods, sources or
//! quarters, a committed parcel that is not ready this year). The files are decoded and
//! parsed as scenario files are (`load::text`, `load::table`). This module judges no figure
//! against the plan: that is `audit` and `plan`.

use super::timing::{Basis, Slot, Timetable};
use super::{LandSource, Method, Parcel, Parcels, Quarter, QuarterLimit, Readiness};
use crate::load::table::{Column, Row, Table};
use crate::load::{fnv1a_hex, text, InputFile, LoadError, Source};
use crate::problem::{Origin, Problem, Problems};
use crate::scenario::Scenario;
use crate::track::input::{duplicate, Names, CATEGORY, METHOD_COLUMN, TOWN};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

pub const PARCELS_FILE: &str = "parcels.csv";
pub const QUARTERS_FILE: &str = "quarters.csv";
/// The quarterly schedule of a plan without parcels, for `track`'s pace.
pub const SCHEDULE_FILE: &str = "schedule.csv";

/// The `parcel` column, with the aliases the parcel register accepts.
const PARCEL: Column = crate::track::register::SUPPLIED_COLUMNS[0];

const PARCEL_COLUMNS: &[Column] = &[
    PARCEL,
    TOWN,
    CATEGORY,
    Column {
        name: "area",
        aliases: &[
            "hectares",
            "面积",
            "地块面积",
            "供地面积",
            "供应面积",
            "公顷",
        ],
        required: true,
    },
    METHOD_COLUMN,
    Column {
        name: "source",
        aliases: &["来源", "土地来源", "用地来源"],
        required: false,
    },
    Column {
        name: "ready",
        aliases: &["可供时间", "可供季度", "供地时序", "时序", "ready_from"],
        required: false,
    },
    Column {
        name: "committed",
        aliases: &["已落实", "已签约", "已落实项目"],
        required: false,
    },
    Column {
        name: "note",
        aliases: &["备注", "说明", "notes"],
        required: false,
    },
];

const QUARTER_COLUMNS: &[Column] = &[
    Column {
        name: "quarter",
        aliases: &["季度"],
        required: true,
    },
    Column {
        name: "category",
        aliases: &["类别", "用地类型", "用地类别", "土地用途", "用途", "地类"],
        required: false,
    },
    Column {
        name: "town",
        aliases: &["乡镇", "乡镇名称", "镇", "地区", "区域", "镇街"],
        required: false,
    },
    Column {
        name: "max",
        aliases: &["上限", "最多", "不超过"],
        required: true,
    },
];

const SCHEDULE_COLUMNS: &[Column] = &[
    QUARTER_COLUMNS[0],
    TOWN,
    CATEGORY,
    Column {
        name: "area",
        aliases: &["hectares", "面积", "供应面积", "计划供应面积", "公顷"],
        required: true,
    },
];

const READY: &str = "a quarter (Q1..Q4, 一季度..四季度), a date such as 2025-07-01, next-year \
     (次年: not ready within the plan's year), or empty (ready now)";

/// How `parcels.csv` says a parcel is not ready within the plan's year without a date (what a
/// folder written by landplan uses when the scenario has no year).
pub const NEXT_YEAR: &str = "next-year";

/// The columns of `parcels.csv`, in the order landplan writes them.
pub fn parcel_column_names() -> Vec<&'static str> {
    PARCEL_COLUMNS.iter().map(|column| column.name).collect()
}
const COMMITTED: &str = "yes or no (是/否), or empty (no)";
const QUARTER: &str = "Q1..Q4 or 一季度..四季度, or * for every quarter";
const QUARTER_ONE: &str = "Q1..Q4 or 一季度..四季度";
const AREA_AT_LEAST_0: &str = "a number >= 0, in the scenario's unit";
const ALL: &str = "*";

/// Loads `parcels.csv` (and `quarters.csv`, if present) from a scenario's source. `Ok(None)`
/// when there is no `parcels.csv`; all problems of both files at once otherwise.
pub fn load(source: &dyn Source, scenario: &Scenario) -> Result<Option<Parcels>, LoadError> {
    let mut problems = Vec::new();
    let mut inputs = Vec::new();
    let parcels_table = read(
        source,
        PARCELS_FILE,
        PARCEL_COLUMNS,
        &mut inputs,
        &mut problems,
    )?;
    let quarters_table = read(
        source,
        QUARTERS_FILE,
        QUARTER_COLUMNS,
        &mut inputs,
        &mut problems,
    )?;
    if parcels_table.is_none() && problems.is_empty() {
        if let Some(quarters) = &quarters_table {
            problems.push(
                Problem::new(
                    Origin::new(&quarters.file, 0),
                    "quarterly limits without parcels: the limits apply to parcels",
                )
                .expected(format!("a {PARCELS_FILE} beside it, or no {QUARTERS_FILE}")),
            );
        } else {
            return Ok(None);
        }
    }
    let names = Names::new(scenario);
    let parcels = parcels_table
        .as_ref()
        .map(|t| parcels(t, scenario, &names, &mut problems))
        .unwrap_or_default();
    let quarters = quarters_table
        .as_ref()
        .map(|t| quarter_limits(t, &names, &mut problems))
        .unwrap_or_default();
    if problems.is_empty() {
        Ok(Some(Parcels {
            parcels,
            quarters,
            inputs,
        }))
    } else {
        Err(LoadError::Invalid(Problems::sorted(problems)))
    }
}

/// Loads `schedule.csv` from a scenario's source: the area each planned cell is to supply in
/// each quarter. `Ok(None)` when there is none; every problem at once otherwise (unknown
/// names or quarters, a cell and quarter given twice, areas below 0, a cell the plan gives
/// no land).
pub fn load_schedule(
    source: &dyn Source,
    scenario: &Scenario,
) -> Result<Option<Timetable>, LoadError> {
    let mut problems = Vec::new();
    let Some(table) = read(
        source,
        SCHEDULE_FILE,
        SCHEDULE_COLUMNS,
        &mut Vec::new(),
        &mut problems,
    )?
    else {
        return match problems.is_empty() {
            true => Ok(None),
            false => Err(LoadError::Invalid(Problems::sorted(problems))),
        };
    };
    let names = Names::new(scenario);
    let mut seen: BTreeMap<(Quarter, usize), Origin> = BTreeMap::new();
    let mut slots = Vec::new();
    for record in &table.records {
        let mut row = table.row(record, &mut problems);
        let quarter = row.parsed("quarter", QUARTER_ONE, Quarter::parse);
        let town = row.required_text("town", "a town of the plan");
        let category = row.required_text("category", "a category of the plan");
        let area = row.required_decimal("area", AREA_AT_LEAST_0);
        if area.is_some_and(|a| a < Decimal::ZERO) {
            let got = row.text("area").unwrap_or_default();
            row.push(
                Problem::new(row.origin(), "invalid value")
                    .column("area")
                    .got(got)
                    .expected(AREA_AT_LEAST_0),
            );
        }
        let origin = row.origin();
        let town = town.and_then(|t| names.town(&t, &origin, &mut problems));
        let category = category.and_then(|c| names.category(&c, &origin, &mut problems));
        let area = area.filter(|a| *a >= Decimal::ZERO);
        let (Some(quarter), Some(town), Some(category), Some(area)) =
            (quarter, town, category, area)
        else {
            continue;
        };
        let planned = scenario
            .cell_index(town, category)
            .filter(|&c| scenario.cells[c].plan > Decimal::ZERO);
        let Some(cell) = planned else {
            problems.push(
                Problem::new(origin, "the plan gives this town and category no land")
                    .column("category")
                    .got(format!(
                        "{}/{}",
                        scenario.town(town).name,
                        scenario.category(category).name
                    ))
                    .expected("a cell of the plan's cells.csv with land"),
            );
            continue;
        };
        if let Some(first) = seen.get(&(quarter, cell)) {
            let got = format!(
                "{} {}/{}",
                quarter.english(),
                scenario.town(town).name,
                scenario.category(category).name
            );
            problems.push(duplicate(
                &origin,
                "quarter",
                &got,
                first,
                "each cell once per quarter",
            ));
            continue;
        }
        seen.insert((quarter, cell), origin.clone());
        slots.push(Slot {
            town,
            category,
            quarter,
            area,
            origin,
        });
    }
    if problems.is_empty() {
        Ok(Some(Timetable {
            basis: Basis::ScheduleFile,
            slots,
        }))
    } else {
        Err(LoadError::Invalid(Problems::sorted(problems)))
    }
}

/// Reads, decodes and parses one file of the source; `Ok(None)` when absent or unusable.
fn read(
    source: &dyn Source,
    file: &str,
    columns: &'static [Column],
    inputs: &mut Vec<InputFile>,
    problems: &mut Vec<Problem>,
) -> Result<Option<Table>, LoadError> {
    let Some(bytes) = source.read(file)? else {
        return Ok(None);
    };
    let shown = source.display(file);
    let decoded = match text::decode(&bytes) {
        Ok(decoded) => decoded,
        Err(error) => {
            let line = error.line.unwrap_or(0);
            problems.push(Problem::new(Origin::new(&shown, line), error));
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

fn parcels(
    table: &Table,
    scenario: &Scenario,
    names: &Names,
    problems: &mut Vec<Problem>,
) -> Vec<Parcel> {
    let area_unit = table
        .header_units()
        .find(|(column, _)| *column == "area")
        .map(|(_, unit)| unit);
    let mut seen: BTreeMap<String, Origin> = BTreeMap::new();
    let mut parcels = Vec::new();
    for record in &table.records {
        let mut row = table.row(record, problems);
        let id = row.required_text("parcel", "a parcel number, each parcel once");
        let town = row.required_text("town", "a town of the plan");
        let category = row.required_text("category", "a category of the plan");
        let area = crate::track::input::positive_area(&mut row, "area");
        let method = vocabulary(&mut row, "method", Method::EXPECTED, Method::parse);
        let source = vocabulary(&mut row, "source", LandSource::EXPECTED, LandSource::parse);
        let ready = readiness(&mut row, scenario.settings.year);
        let committed = committed(&mut row);
        let note = row.text("note");
        let origin = row.origin();
        if let (Some(Readiness::AfterYear), Some(true)) = (ready, committed) {
            row.push(
                Problem::new(
                    origin.clone(),
                    "a committed parcel must be ready within the plan's year",
                )
                .column("ready")
                .got(row.text("ready").unwrap_or_default())
                .expected("a quarter or date of the plan's year, or committed = no"),
            );
        }
        let town = town.and_then(|t| names.town(&t, &origin, problems));
        let category = category.and_then(|c| names.category(&c, &origin, problems));
        let Some(id) = id else { continue };
        let key = crate::names::normalize(&id);
        if let Some(first) = seen.get(&key) {
            problems.push(duplicate(&origin, "parcel", &id, first, "each parcel once"));
            continue;
        }
        seen.insert(key, origin.clone());
        if let (
            Some(town),
            Some(category),
            Some(area),
            Ok(method),
            Ok(source),
            Some(ready),
            Some(committed),
        ) = (town, category, area, method, source, ready, committed)
        {
            let area = area_unit.map_or(area, |unit| unit.convert(area, scenario.settings.unit));
            parcels.push(Parcel {
                id,
                town,
                category,
                area,
                method,
                source,
                ready,
                committed,
                note,
                origin,
            });
        }
    }
    parcels
}

/// An optional cell from a closed vocabulary: `Ok(None)` when empty, `Err(())` when unknown
/// (a problem is filed).
fn vocabulary<T>(
    row: &mut Row<'_>,
    column: &str,
    expected: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<Option<T>, ()> {
    let Some(text) = row.text(column) else {
        return Ok(None);
    };
    match parse(&text) {
        Some(value) => Ok(Some(value)),
        None => {
            row.push(
                Problem::new(row.origin(), format!("unknown {column}"))
                    .column(column)
                    .got(text)
                    .expected(expected),
            );
            Err(())
        }
    }
}

/// A quarter, or a date: a date before the plan's year is ready from Q1, after it not ready
/// this year. A date needs the plan's year.
fn readiness(row: &mut Row<'_>, year: Option<u32>) -> Option<Readiness> {
    let Some(text) = row.text("ready") else {
        return Some(Readiness::From(Quarter::FIRST));
    };
    match parse_readiness(&text, year) {
        Ok(ready) => Some(ready),
        Err((message, expected)) => {
            let problem = Problem::new(row.origin(), message)
                .column("ready")
                .got(text.as_str())
                .expected(expected);
            row.push(problem);
            None
        }
    }
}

/// A readiness as `parcels.csv` and a what-if write it (a quarter or a date of `year`), or
/// the problem's message and what was expected.
pub fn parse_readiness(
    text: &str,
    year: Option<u32>,
) -> Result<Readiness, (&'static str, &'static str)> {
    if let Some(quarter) = Quarter::parse(text) {
        return Ok(Readiness::From(quarter));
    }
    if [NEXT_YEAR, "次年", "下一年度"].contains(&text.trim().to_lowercase().as_str()) {
        return Ok(Readiness::AfterYear);
    }
    let Some(date) = crate::track::date::parse(text) else {
        return Err(("invalid value", READY));
    };
    let Some(year) = year else {
        return Err((
            "a date needs the plan's year, and the scenario has none",
            "a quarter (Q1..Q4), or a row 'year,2025' in scenario.csv",
        ));
    };
    let date_year = crate::track::date::year_of(date).unwrap_or(0);
    Ok(match date_year.cmp(&year) {
        std::cmp::Ordering::Less => Readiness::From(Quarter::FIRST),
        std::cmp::Ordering::Equal => Readiness::From(Quarter::of_month(date.month())),
        std::cmp::Ordering::Greater => Readiness::AfterYear,
    })
}

fn committed(row: &mut Row<'_>) -> Option<bool> {
    let Some(text) = row.text("committed") else {
        return Some(false);
    };
    let value = match crate::names::normalize(&text).as_str() {
        "yes" | "y" | "true" | "1" | "是" | "已落实" | "已签约" => Some(true),
        "no" | "n" | "false" | "0" | "否" | "未落实" => Some(false),
        _ => None,
    };
    if value.is_none() {
        row.push(
            Problem::new(row.origin(), "invalid value")
                .column("committed")
                .got(text)
                .expected(COMMITTED),
        );
    }
    value
}

/// One limit per quarter a row names (`*` or empty: each of the four).
fn quarter_limits(table: &Table, names: &Names, problems: &mut Vec<Problem>) -> Vec<QuarterLimit> {
    let mut limits = Vec::new();
    for record in &table.records {
        let mut row = table.row(record, problems);
        let quarters = row
            .text("quarter")
            .map_or(Some(Quarter::ALL.to_vec()), |text| match text.as_str() {
                ALL => Some(Quarter::ALL.to_vec()),
                _ => Quarter::parse(&text).map(|q| vec![q]),
            });
        if quarters.is_none() {
            let got = row.text("quarter").unwrap_or_default();
            row.push(
                Problem::new(row.origin(), "invalid value")
                    .column("quarter")
                    .got(got)
                    .expected(QUARTER),
            );
        }
        let max = row.required_decimal("max", "a number >= 0, in the scenario's unit");
        let origin = row.origin();
        let category = row.text("category").filter(|t| t != ALL);
        let town = row.text("town").filter(|t| t != ALL);
        let category = match category {
            Some(name) => names.category(&name, &origin, problems).map(Some),
            None => Some(None),
        };
        let town = match town {
            Some(name) => names.town(&name, &origin, problems).map(Some),
            None => Some(None),
        };
        if let (Some(quarters), Some(max), Some(category), Some(town)) =
            (quarters, max, category, town)
        {
            limits.extend(quarters.into_iter().map(|quarter| QuarterLimit {
                quarter,
                category,
                town,
                max,
                origin: origin.clone(),
            }));
        }
    }
    limits
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::Embedded;

    fn lianzhou() -> Scenario {
        crate::app::ScenarioSource::Builtin.scenario().unwrap()
    }

    fn source(parcels: &'static str, quarters: Option<&'static str>) -> Embedded {
        let files: Vec<(&'static str, &'static str)> = std::iter::once((PARCELS_FILE, parcels))
            .chain(quarters.map(|q| (QUARTERS_FILE, q)))
            .collect();
        Embedded {
            label: "t",
            files: Box::leak(files.into_boxed_slice()),
        }
    }

    fn problems(parcels: &'static str, quarters: Option<&'static str>) -> Vec<String> {
        match load(&source(parcels, quarters), &lianzhou()) {
            Err(LoadError::Invalid(problems)) => {
                problems.0.iter().map(ToString::to_string).collect()
            }
            other => panic!("expected problems, got {other:?}"),
        }
    }

    #[test]
    fn reads_chinese_headers_quarters_dates_and_flags() {
        let text = "地块编号,乡镇,用途,面积,供地方式,来源,可供时间,已落实,备注\n\
                    A1,连州镇,住宅用地,1.5,挂牌,储备,三季度,是,x\n\
                    A2,九陂镇,industrial,2,,,2025-05-10,,\n\
                    A3,九陂镇,industrial,2,,,2026-01-10,否,\n";
        let parcels = load(&source(text, None), &lianzhou()).unwrap().unwrap();
        let [a1, a2, a3] = &parcels.parcels[..] else {
            panic!()
        };
        assert_eq!(a1.ready, Readiness::From(Quarter(3)));
        assert!(a1.committed);
        assert_eq!(a1.method, Some(Method::Competitive));
        assert_eq!(a1.source, Some(LandSource::Reserve));
        assert_eq!(a2.ready, Readiness::From(Quarter(2)));
        assert_eq!(a3.ready, Readiness::AfterYear);
        for text in [NEXT_YEAR, "Next-Year", "次年"] {
            assert_eq!(
                parse_readiness(text, None),
                Ok(Readiness::AfterYear),
                "{text}"
            );
        }
        assert_eq!(parcels.inputs.len(), 1);
    }

    #[test]
    fn no_parcels_file_is_no_parcels() {
        let empty = Embedded {
            label: "t",
            files: &[],
        };
        assert_eq!(load(&empty, &lianzhou()).unwrap(), None);
    }

    #[test]
    fn every_problem_of_both_files_at_once() {
        let text = "parcel,town,category,area,method,source,ready,committed\n\
                    A1,连州镇,住宅用地,0,赠与,闲置,Q5,maybe\n\
                    A1,某镇,住宅用地,1,,,,\n\
                    A2,连州镇,住宅用地,1,,,2026-03-01,yes\n";
        let quarters = "quarter,category,town,max\nQ9,住宅用地,*,1\n*,某类,*,x\n";
        assert_eq!(
            problems(text, Some(quarters)),
            [
                "t/parcels.csv:2: column 'area': a parcel's area must be above 0 (got '0', expected a number above 0, in the scenario's unit)",
                "t/parcels.csv:2: column 'committed': invalid value (got 'maybe', expected yes or no (是/否), or empty (no))",
                "t/parcels.csv:2: column 'method': unknown method (got '赠与', expected 招拍挂出让 (or 挂牌出让, 拍卖出让, 招标出让), 协议出让, 出让, 划拨, 租赁 or 作价出资 (or auction, negotiated, sale, allocation, lease, contribution), or empty)",
                "t/parcels.csv:2: column 'ready': invalid value (got 'Q5', expected a quarter (Q1..Q4, 一季度..四季度), a date such as 2025-07-01, next-year (次年: not ready within the plan's year), or empty (ready now))",
                "t/parcels.csv:2: column 'source': unknown source (got '闲置', expected 存量, 新增, 储备 or 批而未供 (or stock, new, reserve, approved-unsupplied), or empty)",
                "t/parcels.csv:3: column 'parcel': 'A1' appears twice (first at line 2) (got 'A1', expected each parcel once)",
                "t/parcels.csv:3: column 'town': unknown town (got '某镇', expected a name listed in the plan's towns.csv (or one of its aliases))",
                "t/parcels.csv:4: column 'ready': a committed parcel must be ready within the plan's year (got '2026-03-01', expected a quarter or date of the plan's year, or committed = no)",
                "t/quarters.csv:2: column 'quarter': invalid value (got 'Q9', expected Q1..Q4 or 一季度..四季度, or * for every quarter)",
                "t/quarters.csv:3: column 'category': unknown category (got '某类', expected a name listed in the plan's categories.csv (or one of its aliases))",
                "t/quarters.csv:3: column 'max': invalid value: not a number (got 'x', expected a number >= 0, in the scenario's unit)",
            ]
        );
    }

    #[test]
    fn a_star_quarter_is_four_limits() {
        let text = "parcel,town,category,area\nA1,连州镇,住宅用地,1\n";
        let quarters = "季度,用途,乡镇,上限\n*,住宅用地,,2\n";
        let parcels = load(&source(text, Some(quarters)), &lianzhou())
            .unwrap()
            .unwrap();
        assert_eq!(parcels.quarters.len(), 4);
        assert_eq!(parcels.quarters[3].quarter, Quarter(4));
        assert_eq!(parcels.quarters[0].town, None);
    }
}
