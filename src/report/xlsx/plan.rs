//! The plan's appendix tables of one solved scenario (总量, 结构, 布局, 各镇分类用地) and the
//! scenarios of a run side by side (方案对比), figures in the scenario's unit or the one asked
//! for (`--unit`, converted by `Words::drawn`; for both, each sheet in 公顷 and again in 亩).

use super::{text, with_unit, write, Book, Cell, Sheet, XlsxWriteError};
use crate::evaluate::Evaluation;
use crate::report::page::words::{Lang, Shown, Words};
use crate::scenario::{CategoryId, Scenario, TownId, Unit};
use crate::solve::SolveReport;
use crate::whatif::summary::Solved;
use rust_decimal::Decimal;

/// The workbook of one solved scenario (`landplan solve`, and each scenario of a report):
/// 总量, 结构, 布局 and 各镇分类用地. An infeasible scenario gets the published plan's tables
/// with empty allocation columns.
pub fn solve(
    scenario: &Scenario,
    report: &SolveReport,
    lang: Lang,
) -> Result<Vec<u8>, XlsxWriteError> {
    write(&solve_book(scenario, report, lang))
}

/// The workbook of a run (`landplan run`): 方案对比 (every scenario side by side), then the
/// tables of the first scenario (the base).
pub fn run(solved: &[Solved], lang: Lang) -> Result<Vec<u8>, XlsxWriteError> {
    write(&run_book(solved, lang))
}

/// The sheets of a run: 方案对比, then the base's tables.
pub fn run_book(solved: &[Solved], lang: Lang) -> Book {
    run_book_in(solved, lang, None)
}

/// The sheets of a run, figures in the unit asked for (`--unit`).
pub fn run_book_in(solved: &[Solved], lang: Lang, unit: Option<Shown>) -> Book {
    let Some(base) = solved.first() else {
        return Book {
            sheets: Vec::new(),
            decimals: 0,
        };
    };
    let words = Words::new(lang, &base.scenario).showing(unit);
    in_units(&words, |words| {
        let mut book = scenario_book(&base.report, words);
        book.sheets.insert(0, comparison(words, solved));
        book
    })
}

/// The sheets of one scenario's allocation.
pub fn solve_book(scenario: &Scenario, report: &SolveReport, lang: Lang) -> Book {
    solve_book_in(scenario, report, lang, None)
}

/// The sheets of one scenario's allocation, figures in the unit asked for (`--unit`).
pub fn solve_book_in(
    scenario: &Scenario,
    report: &SolveReport,
    lang: Lang,
    unit: Option<Shown>,
) -> Book {
    let words = Words::new(lang, scenario).showing(unit);
    in_units(&words, |words| scenario_book(report, words))
}

/// A book in the unit of `words`; for both, its sheets in 公顷, then again in 亩, each sheet
/// named with its unit (a cell of a workbook holds one number).
fn in_units(words: &Words, book: impl Fn(&Words) -> Book) -> Book {
    if words.shown != Some(Shown::Both) {
        return book(words);
    }
    let (ha, mu) = (Shown::One(Unit::Ha), Shown::One(Unit::Mu));
    let books = [
        book(&words.showing(Some(ha))),
        book(&words.showing(Some(mu))),
    ];
    let decimals = books.iter().map(|b| b.decimals).max().unwrap_or_default();
    let sheets = books
        .into_iter()
        .zip([Unit::Ha, Unit::Mu])
        .flat_map(|(book, unit)| {
            let word = words.pick(unit.chinese(), unit.symbol());
            book.sheets.into_iter().map(move |sheet| Sheet {
                name: format!("{}（{word}）", sheet.name),
                ..sheet
            })
        })
        .collect();
    Book { sheets, decimals }
}

/// The sheets of one scenario's allocation in the one unit of `words`.
fn scenario_book(report: &SolveReport, words: &Words) -> Book {
    let evaluation = report.allocated().map(|a| &a.evaluation);
    Book {
        sheets: vec![
            total(words, evaluation),
            structure(words, evaluation),
            layout(words, evaluation),
            cells(words, evaluation),
        ],
        decimals: decimals(words),
    }
}

/// The decimals figures show: the input's, and as many as 亩 restated in 公顷 may have
/// (`audit::CONVERTED_DECIMALS`) when they are.
fn decimals(words: &Words) -> u32 {
    let scale = words.scenario.scale();
    if words.scenario.settings.unit == Unit::Mu && words.main_unit() == Unit::Ha {
        scale.max(crate::audit::CONVERTED_DECIMALS)
    } else {
        scale
    }
}

/// An area as a cell, in the unit of `words`.
fn area(words: &Words, value: Decimal) -> Cell {
    Cell::Number(words.drawn(value))
}

fn total(words: &Words, evaluation: Option<&Evaluation>) -> Sheet {
    let scenario = words.scenario;
    let published: Decimal = scenario.categories.iter().filter_map(|c| c.plan).sum();
    let figure = |value: Option<Decimal>| value.map_or(Cell::Empty, |v| area(words, v));
    let supplied = evaluation.map(|e| e.total.supplied);
    let rows = vec![
        vec![
            text(words.pick("供应总量上限", "total cap")),
            area(words, scenario.settings.cap),
        ],
        vec![
            text(words.pick("公布结构合计", "published categories, total")),
            area(words, published),
        ],
        vec![
            text(words.pick("需求合计", "demand, total")),
            area(words, scenario.cells.iter().map(|c| c.demand).sum()),
        ],
        vec![
            text(words.pick("本方案配置合计", "allocated, total")),
            figure(supplied),
        ],
        vec![
            text(words.pick("供地缺口", "shortfall")),
            figure(evaluation.map(|e| e.total.shortfall())),
        ],
    ];
    Sheet {
        name: words.pick("总量", "Total").to_string(),
        title: Some(words.pick(
            format!("{}：土地供应总量", words.plan_name()),
            format!("{}: total supply", words.plan_name()),
        )),
        header: vec![
            words.pick("项目", "item").to_string(),
            with_unit(words, "面积", "area"),
        ],
        rows,
        total_row: false,
    }
}

/// A 合计 row: the label, then the sum of each column of figures (empty under a column of
/// text, such as the tier).
pub(super) fn total_row(words: &Words, rows: &[Vec<Cell>]) -> Vec<Cell> {
    let columns = rows.first().map_or(0, Vec::len);
    (0..columns)
        .map(|c| {
            if c == 0 {
                return text(words.total());
            }
            let figures: Option<Vec<Decimal>> = rows
                .iter()
                .map(|row| match row.get(c) {
                    Some(Cell::Number(value)) => Some(*value),
                    Some(Cell::Empty) => Some(Decimal::ZERO),
                    _ => None,
                })
                .collect();
            figures.map_or(Cell::Empty, |f| Cell::Number(f.into_iter().sum()))
        })
        .collect()
}

fn with_total(words: &Words, mut rows: Vec<Vec<Cell>>) -> Vec<Vec<Cell>> {
    let total = total_row(words, &rows);
    rows.push(total);
    rows
}

fn structure(words: &Words, evaluation: Option<&Evaluation>) -> Sheet {
    let scenario = words.scenario;
    let rows = scenario
        .categories
        .iter()
        .enumerate()
        .map(|(i, category)| {
            let totals = evaluation.map(|e| &e.categories[i]);
            let plan = category.plan.or(totals.map(|t| t.plan));
            let supplied = totals.map(|t| t.supplied);
            vec![
                text(category.name.clone()),
                text(words.tier(category.tier)),
                plan.map_or(Cell::Empty, |v| area(words, v)),
                totals.map_or(Cell::Empty, |t| area(words, t.demand)),
                supplied.map_or(Cell::Empty, |v| area(words, v)),
                match (supplied, plan) {
                    (Some(s), Some(p)) => area(words, s - p),
                    _ => Cell::Empty,
                },
            ]
        })
        .collect();
    Sheet {
        name: words.pick("结构", "By category").to_string(),
        title: Some(words.pick(
            format!("{}：土地供应结构", words.plan_name()),
            format!("{}: supply by category", words.plan_name()),
        )),
        header: vec![
            words.pick("用地类型", "category").to_string(),
            words.pick("优先级", "tier").to_string(),
            with_unit(words, "公布计划", "plan"),
            with_unit(words, "需求", "demand"),
            with_unit(words, "本方案", "allocated"),
            with_unit(words, "差额", "delta"),
        ],
        rows: with_total(words, rows),
        total_row: true,
    }
}

/// Towns × categories, the way a plan's 供应布局 appendix table reads: one row per town, one
/// column per category (this scenario's allocation), the town's total and its published total.
fn layout(words: &Words, evaluation: Option<&Evaluation>) -> Sheet {
    let scenario = words.scenario;
    let figure = |town: TownId, category: CategoryId| -> Cell {
        let Some(evaluation) = evaluation else {
            return Cell::Empty;
        };
        evaluation
            .cells
            .iter()
            .find(|c| c.town == town && c.category == category)
            .map_or(Cell::Empty, |c| area(words, c.allocated))
    };
    let rows = scenario
        .towns
        .iter()
        .enumerate()
        .map(|(t, town)| {
            let mut row = vec![text(town.name.clone())];
            row.extend((0..scenario.categories.len()).map(|c| figure(TownId(t), CategoryId(c))));
            row.push(evaluation.map_or(Cell::Empty, |e| area(words, e.towns[t].supplied)));
            row.push(
                town.plan
                    .or(evaluation.map(|e| e.towns[t].plan))
                    .map_or(Cell::Empty, |v| area(words, v)),
            );
            row
        })
        .collect();
    let mut header = vec![words.pick("镇", "town").to_string()];
    header.extend(
        scenario
            .categories
            .iter()
            .map(|c| with_unit(words, &c.name, &c.name)),
    );
    header.push(with_unit(words, "本方案合计", "allocated, total"));
    header.push(with_unit(words, "公布计划", "plan"));
    Sheet {
        name: words.pick("布局", "By town").to_string(),
        title: Some(words.pick(
            format!("{}：土地供应布局（本方案）", words.plan_name()),
            format!("{}: supply by town (this scenario)", words.plan_name()),
        )),
        header,
        rows: with_total(words, rows),
        total_row: true,
    }
}

fn cells(words: &Words, evaluation: Option<&Evaluation>) -> Sheet {
    let scenario = words.scenario;
    let rows = scenario
        .cells
        .iter()
        .enumerate()
        .map(|(i, cell)| {
            let result = evaluation.map(|e| &e.cells[i]);
            vec![
                text(scenario.town(cell.town).name.clone()),
                text(scenario.category(cell.category).name.clone()),
                area(words, cell.plan),
                area(words, cell.demand),
                area(words, cell.committed),
                result.map_or(Cell::Empty, |r| area(words, r.allocated)),
                result.map_or(Cell::Empty, |r| area(words, r.delta())),
            ]
        })
        .collect();
    Sheet {
        name: words.pick("各镇分类用地", "Town x category").to_string(),
        title: Some(words.pick(
            format!("{}：各镇分类用地", words.plan_name()),
            format!("{}: town x category figures", words.plan_name()),
        )),
        header: vec![
            words.pick("镇", "town").to_string(),
            words.pick("用地类型", "category").to_string(),
            with_unit(words, "公布计划", "plan"),
            with_unit(words, "需求", "demand"),
            with_unit(words, "已落实项目用地", "committed"),
            with_unit(words, "本方案", "allocated"),
            with_unit(words, "差额", "delta"),
        ],
        rows: with_total(words, rows),
        total_row: true,
    }
}

/// Every scenario of a run side by side: cap, allocation, shortfall and each tier's supply.
fn comparison(words: &Words, solved: &[Solved]) -> Sheet {
    let tiers = words.scenario.tiers();
    let figure = |value: Option<Decimal>| value.map_or(Cell::Empty, |v| area(words, v));
    let rows = solved
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let name = if i == 0 {
                words.pick("基准方案", "base").to_string()
            } else {
                s.name.clone()
            };
            let mut row = vec![
                text(name),
                area(words, s.scenario.settings.cap),
                figure(s.summary.supplied),
                figure(s.summary.shortfall),
            ];
            row.extend(
                (0..tiers.len()).map(|t| figure(s.summary.tiers.get(t).map(|t| t.supplied))),
            );
            row.push(text(if s.summary.feasible() {
                words.pick("有可行方案", "optimal")
            } else {
                words.pick("无可行方案", "infeasible")
            }));
            row
        })
        .collect();
    let mut header = vec![
        words.pick("方案", "scenario").to_string(),
        with_unit(words, "供应总量上限", "cap"),
        with_unit(words, "配置合计", "allocated"),
        with_unit(words, "供地缺口", "shortfall"),
    ];
    header.extend(tiers.iter().map(|t| {
        let tier = words.tier(*t);
        with_unit(words, &format!("{tier}供应"), &format!("{tier} supplied"))
    }));
    header.push(words.pick("状态", "status").to_string());
    Sheet {
        name: words.pick("方案对比", "Scenarios").to_string(),
        title: Some(words.pick(
            format!("{}：情景分析", words.plan_name()),
            format!("{}: what-if scenarios", words.plan_name()),
        )),
        header,
        rows,
        total_row: false,
    }
}
