//! The official tables as an Excel workbook (.xlsx), laid out as a published plan's appendix
//! tables.
//!
//! Input: what the commands render (a solved scenario; the base and what-ifs of a run) and the
//! report's language. Output: the bytes of one workbook, written with `rust_xlsxwriter` (pure
//! Rust): a sheet per table (总量 total, 结构 categories, 布局 towns × categories, 各镇分类用地
//! cells; a run adds 方案对比 scenarios side by side), the unit in every header, a 合计 row
//! under each table, the header row frozen, every figure a number shown with the input's
//! decimals. Any CSV tables (a scenario folder's files, as `review` writes them; `compare`'s
//! view) become a workbook of one sheet per table with the same columns (`tables`). Nothing
//! here computes a figure beyond the column sums of a 合计 row, and nothing touches the file
//! system.
//!
//! An xlsx cell holds an IEEE double. The exact decimals become `f64` here, at the last step,
//! and the number format shows them with the input's decimals: a figure of at most 15
//! significant digits reads back as the same decimal once rounded to those decimals.

use super::page::words::{Lang, Words};
use crate::compare::{Comparison, Delta};
use crate::evaluate::Evaluation;
use crate::scenario::{CategoryId, Scenario, TownId};
use crate::solve::SolveReport;
use crate::whatif::summary::Solved;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};

/// One cell of a sheet: text, or an exact figure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Text(String),
    Number(Decimal),
    Empty,
}

/// A table on its own sheet: a title line (none on a scenario file's sheet, whose header is
/// its first row, as in the CSV file), a header row (frozen), rows, and whether the last row
/// is a 合计 row (drawn bold).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    pub name: String,
    pub title: Option<String>,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    pub total_row: bool,
}

/// A workbook before it is written: its sheets and how many decimals its figures show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Book {
    pub sheets: Vec<Sheet>,
    pub decimals: u32,
}

/// Why a workbook could not be written (a sheet name Excel refuses, say).
#[derive(Debug, thiserror::Error)]
#[error("writing the workbook: {0}")]
pub struct XlsxWriteError(#[from] XlsxError);

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
    let Some(base) = solved.first() else {
        return write(&Book {
            sheets: Vec::new(),
            decimals: 0,
        });
    };
    let mut book = solve_book(&base.scenario, &base.report, lang);
    let words = Words::new(lang, &base.scenario);
    book.sheets.insert(0, comparison(&words, solved));
    write(&book)
}

/// A workbook of CSV tables, one sheet each, with the same columns and the header on the
/// first row: the files of a scenario folder (`landplan review`'s next year, one sheet per
/// file, named after it), which `load::Workbook` reads back as the folder, or any command's
/// CSV view (`compare`). A field written as a plain decimal (`29.488274`, `2026`; not `007`
/// or `1e3`) becomes a number, shown with `decimals` decimals (a whole number without);
/// any other field stays text. A leading byte-order mark is dropped.
pub fn tables(tables: &[(&str, &str)], decimals: u32) -> Result<Vec<u8>, XlsxWriteError> {
    let sheets = tables
        .iter()
        .map(|(name, csv)| csv_sheet(name, csv))
        .collect();
    write(&Book { sheets, decimals })
}

/// A scenario folder's files as a workbook that `load::Workbook` reads back as the folder
/// (`landplan review --format xlsx`): each CSV file a sheet named after it, header first; a
/// text file (the review's Markdown) a sheet of its lines, which the loader ignores.
pub fn scenario_files(
    files: &[(String, String)],
    decimals: u32,
) -> Result<Vec<u8>, XlsxWriteError> {
    let sheets = files
        .iter()
        .map(|(name, body)| {
            if name.ends_with(".csv") {
                return csv_sheet(name, body);
            }
            let mut lines = body.lines().map(|line| vec![text(line)]);
            let header = lines.next().map_or_else(Vec::new, |first| match &first[0] {
                Cell::Text(line) => vec![line.clone()],
                _ => Vec::new(),
            });
            Sheet {
                name: name.split('.').next().unwrap_or(name).to_string(),
                title: None,
                header,
                rows: lines.collect(),
                total_row: false,
            }
        })
        .collect();
    write(&Book { sheets, decimals })
}

/// The comparison of two allocations (`landplan compare`): a sheet per level (总量, 层级,
/// 结构, 布局, 各镇分类用地), A, B and the change, with a 合计 row (the totals' own delta).
/// `scenario` (either side's, when one is a scenario) gives the unit, the language's names
/// and the decimals; two saved files have neither unit nor plan name.
pub fn compare(
    comparison: &Comparison,
    scenario: Option<&Scenario>,
    lang: Lang,
) -> Result<Vec<u8>, XlsxWriteError> {
    let pick = |zh: &'static str, en: &'static str| if lang == Lang::Zh { zh } else { en };
    let unit = scenario.map(|s| {
        let words = Words::new(lang, s);
        words.pick(
            format!("（{}）", words.unit()),
            format!(" ({})", words.unit()),
        )
    });
    let figure = |label: &str| format!("{label}{}", unit.clone().unwrap_or_default());
    let percent = |label: &str| pick_percent(lang, label);
    let header = vec![
        pick("名称", "name").to_string(),
        figure("A"),
        figure("B"),
        figure(pick("差额", "delta")),
        percent(pick("变化率", "change")),
        percent(pick("A 占比", "share of A")),
        percent(pick("B 占比", "share of B")),
    ];
    let row = |delta: &Delta, name: String| {
        let optional = |value: Option<Decimal>| value.map_or(Cell::Empty, Cell::Number);
        vec![
            text(name),
            Cell::Number(delta.a),
            Cell::Number(delta.b),
            Cell::Number(delta.delta),
            optional(delta.percent),
            optional(delta.share_a),
            optional(delta.share_b),
        ]
    };
    let total = pick("合计", "total");
    let sheet = |name: &str, deltas: &[Delta], with_total: bool| {
        let mut rows: Vec<Vec<Cell>> = deltas.iter().map(|d| row(d, d.name.clone())).collect();
        if with_total {
            rows.push(row(&comparison.total, total.to_string()));
        }
        Sheet {
            name: name.to_string(),
            title: Some(format!("A: {}    B: {}", comparison.a, comparison.b)),
            header: header.clone(),
            rows,
            total_row: with_total,
        }
    };
    let levels = [
        (pick("层级", "tiers"), &comparison.tiers),
        (pick("结构", "categories"), &comparison.categories),
        (pick("布局", "towns"), &comparison.towns),
        (pick("各镇分类用地", "cells"), &comparison.cells),
    ];
    let mut sheets = vec![sheet(
        pick("总量", "total"),
        std::slice::from_ref(&comparison.total),
        false,
    )];
    sheets.extend(
        levels
            .iter()
            .map(|(name, deltas)| sheet(name, deltas, true)),
    );
    let decimals = scenario.map_or_else(|| comparison_scale(comparison), Scenario::scale);
    write(&Book { sheets, decimals })
}

/// A percentage column's header: `变化率（%）` / `change (%)`.
fn pick_percent(lang: Lang, label: &str) -> String {
    match lang {
        Lang::Zh => format!("{label}（%）"),
        Lang::En => format!("{label} (%)"),
    }
}

/// The most decimals among two saved allocations' figures.
fn comparison_scale(comparison: &Comparison) -> u32 {
    comparison
        .cells
        .iter()
        .flat_map(|d| [d.a, d.b])
        .map(|value| value.normalize().scale())
        .max()
        .unwrap_or(0)
}

fn csv_sheet(name: &str, csv: &str) -> Sheet {
    let csv = super::without_bom(csv);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(csv.as_bytes());
    let header = reader
        .headers()
        .map(|h| h.iter().map(str::to_string).collect())
        .unwrap_or_default();
    let rows = reader
        .records()
        .filter_map(Result::ok)
        .map(|record| {
            record
                .iter()
                .map(|field| match plain_decimal(field) {
                    Some(value) => Cell::Number(value),
                    None if field.is_empty() => Cell::Empty,
                    None => text(field),
                })
                .collect()
        })
        .collect();
    let stem = name.strip_suffix(".csv").unwrap_or(name);
    Sheet {
        name: stem.to_string(),
        title: None,
        header,
        rows,
        total_row: false,
    }
}

/// A field written as a plain decimal: an optional minus, digits without a leading zero
/// (but `0.5`), an optional point and digits, at most 15 significant digits, so that the
/// double an xlsx cell holds reads back as the same decimal (see `load::Workbook`). Names
/// such as `007` and codes such as `1e3` stay text.
fn plain_decimal(field: &str) -> Option<Decimal> {
    let digits = field.strip_prefix('-').unwrap_or(field);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let plain = !whole.is_empty()
        && all_digits(whole)
        && all_digits(fraction)
        && (whole == "0" || !whole.starts_with('0'))
        && !(digits.contains('.') && fraction.is_empty());
    let significant = format!("{whole}{fraction}").trim_start_matches('0').len();
    (plain && significant <= 15)
        .then(|| field.parse().ok())
        .flatten()
}

/// The sheets of one scenario's allocation.
pub fn solve_book(scenario: &Scenario, report: &SolveReport, lang: Lang) -> Book {
    let words = Words::new(lang, scenario);
    let evaluation = report.allocated().map(|a| &a.evaluation);
    Book {
        sheets: vec![
            total(&words, evaluation),
            structure(&words, evaluation),
            layout(&words, evaluation),
            cells(&words, evaluation),
        ],
        decimals: scenario.scale(),
    }
}

/// Writes a book to xlsx bytes.
pub fn write(book: &Book) -> Result<Vec<u8>, XlsxWriteError> {
    let mut workbook = Workbook::new();
    let places = "0".repeat(book.decimals as usize);
    let number_format = if places.is_empty() {
        "0".to_string()
    } else {
        format!("0.{places}")
    };
    let number = Format::new().set_num_format(&number_format);
    let whole = Format::new().set_num_format("0");
    let total_number = number.clone().set_bold().set_border_top(FormatBorder::Thin);
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_border_bottom(FormatBorder::Thin);
    let title = Format::new().set_bold().set_font_size(14);
    let total_text = Format::new().set_bold().set_border_top(FormatBorder::Thin);
    for sheet in &book.sheets {
        let worksheet = workbook.add_worksheet();
        worksheet.set_name(&sheet.name)?;
        let header_row = match &sheet.title {
            Some(text) => {
                worksheet.write_string_with_format(0, 0, text, &title)?;
                HEADER_ROW
            }
            None => 0,
        };
        for (c, text) in sheet.header.iter().enumerate() {
            let col = column(c);
            worksheet.write_string_with_format(header_row, col, text, &header)?;
            worksheet.set_column_width(col, width(text, c))?;
        }
        worksheet.set_freeze_panes(header_row + 1, 0)?;
        let last = sheet.rows.len().saturating_sub(1);
        for (r, row) in sheet.rows.iter().enumerate() {
            let is_total = sheet.total_row && r == last;
            let row_index = header_row + 1 + u32::try_from(r).expect("fewer than 2^32 rows");
            for (c, cell) in row.iter().enumerate() {
                let col = column(c);
                match cell {
                    Cell::Text(text) if is_total => {
                        worksheet.write_string_with_format(row_index, col, text, &total_text)?
                    }
                    Cell::Text(text) => worksheet.write_string(row_index, col, text)?,
                    Cell::Number(value) if value.scale() == 0 && sheet.title.is_none() => worksheet
                        .write_number_with_format(row_index, col, double(*value), &whole)?,
                    Cell::Number(value) => {
                        let format = if is_total { &total_number } else { &number };
                        worksheet.write_number_with_format(
                            row_index,
                            col,
                            double(*value),
                            format,
                        )?
                    }
                    Cell::Empty if is_total => {
                        worksheet.write_blank(row_index, col, &total_text)?
                    }
                    Cell::Empty => worksheet,
                };
            }
        }
    }
    Ok(workbook.save_to_buffer()?)
}

/// The row of the header under a title (the title is on row 0, a blank row between).
pub const HEADER_ROW: u32 = 2;

fn column(index: usize) -> u16 {
    u16::try_from(index).expect("fewer than 65,536 columns")
}

/// A column wide enough for its header (Chinese characters twice as wide), at least 12.
fn width(header: &str, index: usize) -> f64 {
    let chars: usize = header
        .chars()
        .map(|c| if c.is_ascii() { 1 } else { 2 })
        .sum();
    let least = if index == 0 { 14 } else { 12 };
    chars.clamp(least, 28) as f64
}

/// An exact figure as the double an xlsx cell holds.
fn double(value: Decimal) -> f64 {
    value
        .to_f64()
        .expect("a land figure is well inside the range of a double")
}

fn text(value: impl Into<String>) -> Cell {
    Cell::Text(value.into())
}

/// A header label with the unit: `公布计划（公顷）` / `plan (ha)`.
fn with_unit(words: &Words, zh: &str, en: &str) -> String {
    words.pick(
        format!("{zh}（{}）", words.unit()),
        format!("{en} ({})", words.unit()),
    )
}

fn total(words: &Words, evaluation: Option<&Evaluation>) -> Sheet {
    let scenario = words.scenario;
    let published: Decimal = scenario.categories.iter().filter_map(|c| c.plan).sum();
    let figure = |value: Option<Decimal>| value.map_or(Cell::Empty, Cell::Number);
    let supplied = evaluation.map(|e| e.total.supplied);
    let rows = vec![
        vec![
            text(words.pick("供应总量上限", "total cap")),
            Cell::Number(scenario.settings.cap),
        ],
        vec![
            text(words.pick("公布结构合计", "published categories, total")),
            Cell::Number(published),
        ],
        vec![
            text(words.pick("需求合计", "demand, total")),
            Cell::Number(scenario.cells.iter().map(|c| c.demand).sum()),
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
        name: words.pick("总量", "total").to_string(),
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
fn total_row(words: &Words, rows: &[Vec<Cell>]) -> Vec<Cell> {
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
                plan.map_or(Cell::Empty, Cell::Number),
                totals.map_or(Cell::Empty, |t| Cell::Number(t.demand)),
                supplied.map_or(Cell::Empty, Cell::Number),
                match (supplied, plan) {
                    (Some(s), Some(p)) => Cell::Number(s - p),
                    _ => Cell::Empty,
                },
            ]
        })
        .collect();
    Sheet {
        name: words.pick("结构", "categories").to_string(),
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
            .map_or(Cell::Empty, |c| Cell::Number(c.allocated))
    };
    let rows = scenario
        .towns
        .iter()
        .enumerate()
        .map(|(t, town)| {
            let mut row = vec![text(town.name.clone())];
            row.extend((0..scenario.categories.len()).map(|c| figure(TownId(t), CategoryId(c))));
            row.push(evaluation.map_or(Cell::Empty, |e| Cell::Number(e.towns[t].supplied)));
            row.push(
                town.plan
                    .or(evaluation.map(|e| e.towns[t].plan))
                    .map_or(Cell::Empty, Cell::Number),
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
        name: words.pick("布局", "towns").to_string(),
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
                Cell::Number(cell.plan),
                Cell::Number(cell.demand),
                Cell::Number(cell.committed),
                result.map_or(Cell::Empty, |r| Cell::Number(r.allocated)),
                result.map_or(Cell::Empty, |r| Cell::Number(r.delta())),
            ]
        })
        .collect();
    Sheet {
        name: words.pick("各镇分类用地", "cells").to_string(),
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
    let figure = |value: Option<Decimal>| value.map_or(Cell::Empty, Cell::Number);
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
                Cell::Number(s.scenario.settings.cap),
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
        name: words.pick("方案对比", "scenarios").to_string(),
        title: Some(words.pick(
            format!("{}：情景分析", words.plan_name()),
            format!("{}: what-if scenarios", words.plan_name()),
        )),
        header,
        rows,
        total_row: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn part(bytes: &[u8], name: &str) -> String {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut text = String::new();
        archive
            .by_name(name)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        text
    }

    #[test]
    fn csv_tables_become_sheets_with_numbers_and_text() {
        let cells = "\u{FEFF}town,category,plan\n连州镇,住宅用地,29.488274\n九陂镇,商服用地,\n";
        let bytes = tables(&[("cells.csv", cells)], 6).unwrap();
        let sheet = part(&bytes, "xl/worksheets/sheet1.xml");
        assert!(sheet.contains("<v>29.488274</v>"), "{sheet}");
        let workbook = part(&bytes, "xl/workbook.xml");
        assert!(workbook.contains(r#"name="cells""#), "{workbook}");
    }

    #[test]
    fn headers_are_frozen_and_figures_show_the_inputs_decimals() {
        let book = Book {
            sheets: vec![Sheet {
                name: "结构".into(),
                title: Some("t".into()),
                header: vec!["用地类型".into(), "公布计划（公顷）".into()],
                rows: vec![
                    vec![
                        Cell::Text("住宅用地".into()),
                        Cell::Number("31.14831".parse().unwrap()),
                    ],
                    vec![
                        Cell::Text("合计".into()),
                        Cell::Number("31.14831".parse().unwrap()),
                    ],
                ],
                total_row: true,
            }],
            decimals: 6,
        };
        let bytes = write(&book).unwrap();
        let sheet = part(&bytes, "xl/worksheets/sheet1.xml");
        assert!(sheet.contains(r#"ySplit="3""#), "{sheet}");
        assert!(sheet.contains("<v>31.14831</v>"), "{sheet}");
        let styles = part(&bytes, "xl/styles.xml");
        assert!(styles.contains(r#"formatCode="0.000000""#), "{styles}");
    }
}
