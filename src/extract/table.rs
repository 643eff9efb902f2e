//! Layout tables: a town x category table (乡镇 x 用地类型) as a .docx table or tab-separated
//! text gives it.
//!
//! Input: the document's lines (a table row is one line, its cells separated by tabs).
//! Output: the tables recognised as layouts, each with its unit and what each column holds,
//! and readers for a row's cells. A table is recognised only when it declares its unit
//! ("单位：公顷" just above it, or "住宅用地（亩）" in its header), one column names the towns
//! and at least one other a category or the total. Any other table is left to the text
//! reader, which reports its numbers as unread. Placing the figures is `parse`'s work.

use super::lex::AreaUnit;
use super::words;
use rust_decimal::Decimal;

/// What a table's column holds, by its header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Column {
    /// The towns (乡镇, 镇街, 区域 …).
    Place,
    /// Each row's total (合计, 小计, 供应面积 …).
    Total,
    /// A category's figures, under its name as published.
    Category(String),
    /// Anything else (序号, 备注 …), not read.
    Other,
}

/// A recognised layout table: lines `start..end` (0-based), the header at `start`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub start: usize,
    pub end: usize,
    pub unit: AreaUnit,
    pub columns: Vec<Column>,
    /// The index of the (first) place column.
    pub place: usize,
}

impl Table {
    pub fn contains(&self, line: usize) -> bool {
        (self.start..self.end).contains(&line)
    }
}

/// What a row's place cell names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowKey {
    Town(String),
    /// The totals row (合计, 总计, 全县 …): the structure.
    Totals,
    /// Anything else, as written.
    Other(String),
}

/// One cell: its 1-based character column in the line, its text folded and trimmed, and as
/// published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub column: usize,
    pub text: String,
    pub published: String,
}

const PLACE_HEADERS: &[&str] = &[
    "乡镇",
    "镇街",
    "镇(街道)",
    "乡(镇)",
    "街道",
    "区域",
    "地区",
    "行政区",
    "区县",
    "县区",
    "县(市、区)",
    "单位名称",
    "名称",
    "镇",
    "乡",
];
const TOTAL_HEADERS: &[&str] = &[
    "合计",
    "小计",
    "总计",
    "总量",
    "总面积",
    "供应量",
    "供应面积",
    "计划面积",
    "面积",
];
const TOTAL_ROWS: &[&str] = &["合计", "总计", "小计", "全县", "全市", "全区", "全旗"];
/// What a cell says when it holds no figure.
const EMPTY: &[&str] = &["", "-", "—", "——", "/", "－", "…"];

/// The cells of a row.
pub fn cells(line: &str) -> Vec<Cell> {
    let mut column = 1;
    line.split('\t')
        .map(|published| {
            let cell = Cell {
                column,
                text: published
                    .chars()
                    .map(super::lex::fold_char)
                    .collect::<String>()
                    .trim()
                    .to_string(),
                published: published.trim().to_string(),
            };
            column += published.chars().count() + 1;
            cell
        })
        .collect()
}

/// The unit a text declares: "公顷" (hm², ha) or "亩".
fn unit_in(text: &str) -> Option<AreaUnit> {
    let folded: String = text.chars().map(super::lex::fold_char).collect();
    if folded.contains("公顷") || folded.contains("hm2") || folded.contains("(ha)") {
        Some(AreaUnit::Ha)
    } else if folded.contains('亩') {
        Some(AreaUnit::Mu)
    } else {
        None
    }
}

/// A header cell without its unit: "住宅用地（公顷）" is "住宅用地".
fn without_unit(text: &str) -> String {
    let mut text = text.to_string();
    for word in ["单位:", "单位", "公顷", "hm2", "ha", "亩", "/"] {
        text = text.replace(word, "");
    }
    text.replace("()", "").trim().to_string()
}

fn column(header: &str) -> Column {
    let name = without_unit(header);
    if PLACE_HEADERS.contains(&name.as_str()) {
        return Column::Place;
    }
    let core = words::name_of(&name).core;
    if TOTAL_HEADERS.iter().any(|w| name.contains(w)) && !words::looks_like_category(&core) {
        return Column::Total;
    }
    if !core.is_empty() && words::looks_like_category(&core) {
        return Column::Category(words::name_of(&name).name);
    }
    Column::Other
}

/// The recognised layout tables of a document.
pub fn find(lines: &[String]) -> Vec<Table> {
    let mut tables = Vec::new();
    let mut start = 0;
    while start < lines.len() {
        if !lines[start].contains('\t') {
            start += 1;
            continue;
        }
        let end = (start..lines.len())
            .find(|&i| !lines[i].contains('\t'))
            .unwrap_or(lines.len());
        if let Some(table) = recognise(lines, start, end) {
            tables.push(table);
        }
        start = end;
    }
    tables
}

/// The table in lines `start..end`, if its header makes it a layout with a declared unit.
fn recognise(lines: &[String], start: usize, end: usize) -> Option<Table> {
    if end - start < 2 {
        return None;
    }
    let header = &lines[start];
    let columns: Vec<Column> = cells(header).iter().map(|c| column(&c.text)).collect();
    let place = columns.iter().position(|c| *c == Column::Place)?;
    let figures = columns
        .iter()
        .any(|c| matches!(c, Column::Total | Column::Category(_)));
    // The unit: in the header, or declared on one of the two lines above the table.
    let above = lines[start.saturating_sub(2)..start]
        .iter()
        .rev()
        .filter(|l| l.contains("单位"))
        .find_map(|l| unit_in(l));
    let unit = unit_in(header).or(above)?;
    figures.then_some(Table {
        start,
        end,
        unit,
        columns,
        place,
    })
}

/// What a row's place cell names.
pub fn row_key(text: &str) -> RowKey {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if TOTAL_ROWS.iter().any(|w| compact.contains(w)) {
        return RowKey::Totals;
    }
    let name = words::name_of(&compact);
    if words::is_place(&name.core) {
        RowKey::Town(name.name)
    } else {
        RowKey::Other(text.to_string())
    }
}

/// A cell's figure: `None` for an empty cell or a dash; the reason when it is no figure.
pub fn value(text: &str) -> Result<Option<Decimal>, words::Said> {
    if EMPTY.contains(&text.trim()) {
        return Ok(None);
    }
    let value = crate::number::parse_decimal(text).map_err(|reason| {
        words::said(
            format!("'{text}' is no figure ({reason})"),
            format!("“{text}”不是数字"),
        )
    })?;
    super::lex::area(value, text).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(str::to_string).collect()
    }

    #[test]
    fn recognises_a_layout_with_its_unit() {
        let text = "附表\n单位：公顷\n序号\t乡镇\t合计\t住宅用地\t工业用地\t备注\n1\t甲镇\t3\t1\t2\t\n2\t乙乡\t2\t—\t2\t\n\t合计\t5\t1\t4\t\n后文";
        let tables = find(&lines(text));
        assert_eq!(tables.len(), 1);
        let table = &tables[0];
        assert_eq!((table.start, table.end, table.place), (2, 6, 1));
        assert_eq!(table.unit, AreaUnit::Ha);
        assert_eq!(
            table.columns,
            vec![
                Column::Other,
                Column::Place,
                Column::Total,
                Column::Category("住宅用地".to_string()),
                Column::Category("工业用地".to_string()),
                Column::Other
            ]
        );
    }

    #[test]
    fn the_unit_may_be_in_the_header_and_must_be_somewhere() {
        let with = "镇街\t居住用地（亩）\n甲街道\t3";
        assert_eq!(find(&lines(with))[0].unit, AreaUnit::Mu);
        let without = "乡镇\t住宅用地\n甲镇\t3";
        assert!(find(&lines(without)).is_empty());
        let no_place = "单位：公顷\n项目\t住宅用地\n计划\t3";
        assert!(find(&lines(no_place)).is_empty());
    }

    #[test]
    fn rows_cells_and_values() {
        assert_eq!(row_key("甲镇"), RowKey::Town("甲镇".to_string()));
        assert_eq!(row_key("合 计"), RowKey::Totals);
        assert_eq!(row_key("其他"), RowKey::Other("其他".to_string()));
        let cells = cells("甲镇\t１２．５\t—");
        assert_eq!(cells[1].column, 4);
        assert_eq!(
            value(&cells[1].text),
            Ok(Some(Decimal::from_str("12.5").unwrap()))
        );
        assert_eq!(value(&cells[2].text), Ok(None));
        assert!(value("abc").is_err());
        assert!(value("1,5").is_err());
    }
}
