//! The plan's lines to an `Extraction`: which figure is the total, a category, a town, a
//! town's category, or a sub-item.
//!
//! Input: the document's lines. Output: the figures, placed, and a note for everything not
//! placed. Reading goes clause by clause (a clause ends at a figure or a separator) and keeps
//! a little state: the section the headings name (总量, 结构, 布局, 时序, 方式), the town whose
//! figures are being listed, and the parent of an "of which" (其中) list. A figure is placed
//! by the name before it: the whole area makes it the total, a place name (镇, 乡, 街道, 区)
//! a town, any other name a category; "其中" after a town lists its categories, after a
//! category its sub-items. Nothing here reads files or prints.

use super::lex::{self, AreaUnit, Figure, Kind, Sep, Token};
use super::table::{self, Column, RowKey};
use super::words::{self, Name, Section};
use super::{Category, Cell, Extraction, Note, NoteKind, SubItem, Total, Town};
use crate::names::NameIndex;
use crate::scenario::{CapKind, Unit};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// The longest quote of the text a note carries, in characters.
const QUOTE: usize = 60;

/// Reads the figures of a plan from its lines.
pub fn parse(lines: &[String]) -> Extraction {
    let title = title(lines);
    let year = title.as_deref().and_then(words::year_in);
    let tables = table::find(lines);
    let mut parser = Parser::new(year);
    for (index, line) in lines.iter().enumerate() {
        let number = index as u64 + 1;
        match tables.iter().find(|t| t.contains(index)) {
            Some(table) if index == table.start => parser.table_header(number),
            Some(table) => parser.table_row(number, line, table),
            None => parser.line(number, line),
        }
    }
    parser.finish(title, year)
}

/// The title: among the first non-empty lines, the first short one that names a plan (计划),
/// else a plan's name in 《》 within them, else the first line if it looks like a title.
fn title(lines: &[String]) -> Option<String> {
    const SHORT: usize = 80;
    let first: Vec<&str> = lines
        .iter()
        .map(|l| l.trim().trim_start_matches('\u{feff}'))
        .filter(|l| !l.is_empty())
        .take(5)
        .collect();
    // A title is short and no sentence: it has no comma or full stop.
    let short = |l: &&str| l.chars().count() <= SHORT && !l.contains(['，', ',', '。']);
    let named = first.iter().find(|l| l.contains("计划") && short(l));
    let quoted = || {
        first.iter().find_map(|l| {
            let start = l.find('《')? + '《'.len_utf8();
            let end = start + l[start..].find('》')?;
            let name = &l[start..end];
            name.contains("计划").then_some(name)
        })
    };
    named
        .copied()
        .or_else(quoted)
        .or(first.first().copied().filter(short))
        .map(str::to_string)
}

/// What the last placed figure was: "其中" after it opens its breakdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Last {
    Nothing,
    Total,
    Category(usize),
    Town(usize),
    Cell(usize, usize),
    Sub,
}

/// The town whose figures are being listed. `explicit`: opened by "其中" or a colon, so it
/// lasts to the end of the sentence (or the next town), not only to the next `；`.
#[derive(Debug, Clone, Copy)]
struct TownScope {
    town: usize,
    explicit: bool,
}

/// An "of which" list: its parent category (and town), and the parenthesis depth it opened
/// at, so that its closing parenthesis ends it.
#[derive(Debug, Clone, Copy)]
struct SubScope {
    parent: usize,
    town: Option<usize>,
    depth: usize,
}

/// Where a figure was read: line, column and the text, for notes.
#[derive(Debug, Clone)]
struct At {
    line: u64,
    column: u64,
    text: String,
}

#[derive(Debug)]
struct DraftTotal {
    figure: Figure,
    kind: Option<CapKind>,
    at: At,
}

#[derive(Debug)]
struct DraftCategory {
    name: String,
    plan: Option<(Figure, At)>,
    line: u64,
}

#[derive(Debug)]
struct DraftTown {
    name: String,
    plan: Option<(Figure, At)>,
    line: u64,
    /// Its figure was reported missing already.
    missing: bool,
}

#[derive(Debug)]
struct DraftSub {
    parent: usize,
    town: Option<usize>,
    name: String,
    figure: Figure,
    line: u64,
}

/// The text since the last figure or separator.
#[derive(Debug, Default)]
struct Clause {
    /// Folded text.
    label: String,
    /// As published, figures included, for quoting.
    published: String,
    column: Option<usize>,
    /// Numbers with no unit, with the length of the label before each.
    bares: Vec<(usize, Token)>,
    /// Area units with no number, with the length of the label before each.
    units: Vec<(usize, Token)>,
}

impl Clause {
    fn add(&mut self, token: &Token, folded: &str) {
        self.column.get_or_insert(token.column);
        self.label.push_str(folded);
        self.published.push_str(&token.text);
    }

    fn at(&self, line: u64, token: Option<&Token>) -> At {
        let mut text = self.published.clone();
        if let Some(token) = token {
            text.push_str(&token.text);
        }
        let column = self.column.or(token.map(|t| t.column)).unwrap_or(0);
        At {
            line,
            column: column as u64,
            text: quote(&text),
        }
    }

    fn is_empty(&self) -> bool {
        self.published.trim().is_empty()
    }
}

/// The last characters of a label: enough for the name before a number, and short, so that
/// a clause with thousands of numbers is read in linear time.
fn tail(text: &str) -> &str {
    const NAME: usize = 32;
    let start = text
        .char_indices()
        .rev()
        .nth(NAME - 1)
        .map_or(0, |(i, _)| i);
    &text[start..]
}

fn quote(text: &str) -> String {
    let text = text.trim();
    if text.chars().count() <= QUOTE {
        text.to_string()
    } else {
        let head: String = text.chars().take(QUOTE - 1).collect();
        format!("{head}…")
    }
}

/// What a label names.
enum Label {
    Total,
    Town(String),
    Category(String),
    /// A town's category named at once ("城关镇住宅用地").
    Cell(String, String),
    Nameless,
}

fn classify(name: &Name, label: &str) -> Label {
    if name.name.is_empty() {
        if words::names_total(label) {
            Label::Total
        } else {
            Label::Nameless
        }
    } else if words::is_whole_area(&name.core) {
        Label::Total
    } else if words::is_place(&name.core) {
        Label::Town(name.name.clone())
    } else if let Some((town, category)) = words::place_and_category(&name.name) {
        Label::Cell(town, category)
    } else if words::speaks_of_total(label) && !words::looks_like_category(&name.core) {
        // "连州市…土地供应总量": the area the plan covers, named.
        Label::Total
    } else {
        Label::Category(name.name.clone())
    }
}

/// Splits a label at its last colon: the part before is context ("其中：", "各镇："), the
/// part after names the figure, unless nothing names it there ("城关镇：供应总量").
fn split_colon(label: &str) -> (Option<&str>, &str) {
    match label.rfind(':') {
        Some(at) => {
            let (before, after) = (&label[..at], &label[at + 1..]);
            if words::name_of(after).name.is_empty() && !words::names_total(after) {
                (None, label)
            } else {
                (Some(before), after)
            }
        }
        None => (None, label),
    }
}

struct Parser {
    year: Option<u32>,
    section: Section,
    town: Option<TownScope>,
    sub: Option<SubScope>,
    /// A category whose figures by town follow ("住宅用地…，主要分布在：城关镇…").
    spread: Option<usize>,
    last: Last,
    depth: usize,
    line: u64,
    clause: Clause,
    total: Option<DraftTotal>,
    categories: Vec<DraftCategory>,
    category_index: NameIndex,
    towns: Vec<DraftTown>,
    town_index: NameIndex,
    cells: BTreeMap<(usize, usize), (Figure, At)>,
    cell_order: Vec<(usize, usize)>,
    subitems: Vec<DraftSub>,
    notes: Vec<Note>,
}

impl Parser {
    fn new(year: Option<u32>) -> Self {
        Parser {
            year,
            section: Section::General,
            town: None,
            sub: None,
            spread: None,
            last: Last::Nothing,
            depth: 0,
            line: 0,
            clause: Clause::default(),
            total: None,
            categories: Vec::new(),
            category_index: NameIndex::default(),
            towns: Vec::new(),
            town_index: NameIndex::default(),
            cells: BTreeMap::new(),
            cell_order: Vec::new(),
            subitems: Vec::new(),
            notes: Vec::new(),
        }
    }

    fn note(&mut self, kind: NoteKind, at: &At, message: impl Into<String>) {
        self.notes.push(Note {
            line: at.line,
            column: at.column,
            kind,
            message: message.into(),
            text: at.text.clone(),
        });
    }

    fn line(&mut self, number: u64, line: &str) {
        self.line = number;
        let tokens = lex::lex(line);
        let folded: String = line.chars().map(lex::fold_char).collect();
        if words::enumerator_len(&folded) > 0 {
            self.heading(&tokens);
        }
        for (index, token) in tokens.iter().enumerate() {
            self.token(token, tokens.get(index + 1));
        }
        self.end_clause();
        self.sub = None;
        self.spread = None;
        self.depth = 0;
        if self.town.is_some_and(|scope| !scope.explicit) {
            self.town = None;
        }
    }

    /// A layout table's header: it ends any list in progress.
    fn table_header(&mut self, number: u64) {
        self.line = number;
        self.town = None;
        self.sub = None;
        self.spread = None;
        self.last = Last::Nothing;
    }

    /// A row of a layout table: a town's total and its figure for each category, or the
    /// totals row (合计), which gives the structure and the total.
    fn table_row(&mut self, number: u64, line: &str, table: &table::Table) {
        self.line = number;
        let cells = table::cells(line);
        let Some(place) = cells.get(table.place) else {
            return;
        };
        let at = |cell: &table::Cell| At {
            line: number,
            column: cell.column as u64,
            text: quote(&format!("{} {}", place.published, cell.published)),
        };
        let key = table::row_key(&place.text);
        if let RowKey::Other(name) = &key {
            let figures = cells.iter().zip(&table.columns).any(|(cell, column)| {
                matches!(column, Column::Total | Column::Category(_))
                    && !matches!(table::value(&cell.text), Ok(None))
            });
            if figures {
                let message = format!("a table row for '{name}', which names no town: not read");
                let row = At {
                    text: quote(&line.replace('\t', " ")),
                    ..at(place)
                };
                self.note(NoteKind::Unread, &row, message);
            }
            return;
        }
        for (cell, column) in cells.iter().zip(&table.columns) {
            if matches!(column, Column::Place | Column::Other) {
                continue;
            }
            let value = match table::value(&cell.text) {
                Ok(Some(value)) => value,
                Ok(None) => continue,
                Err(reason) => {
                    self.note(
                        NoteKind::Unread,
                        &at(cell),
                        format!("not read as a figure: {reason}"),
                    );
                    continue;
                }
            };
            let figure = Figure {
                ha: (table.unit == AreaUnit::Ha).then_some(value),
                mu: (table.unit == AreaUnit::Mu).then_some(value),
                disagreement: None,
            };
            if let Some(reason) = self.skip("") {
                self.note(NoteKind::Skipped, &at(cell), reason);
                continue;
            }
            match (&key, column) {
                (RowKey::Town(town), Column::Total) => {
                    self.set_town(town.clone(), &figure, at(cell))
                }
                (RowKey::Town(town), Column::Category(category)) => {
                    let town = self.town_id(town);
                    self.set_cell(town, category.clone(), &figure, at(cell));
                }
                (RowKey::Totals, Column::Total) => self.set_total("", &figure, at(cell)),
                (RowKey::Totals, Column::Category(category)) => {
                    self.set_category(category.clone(), &figure, at(cell))
                }
                _ => {}
            }
        }
        self.town = None;
        self.last = Last::Nothing;
    }

    /// A line that starts with an enumerator ("三、", "（二）"): its first words may open a
    /// section; it ends any list in progress.
    fn heading(&mut self, tokens: &[Token]) {
        let words: String = tokens
            .iter()
            .take_while(|t| {
                matches!(
                    t.kind,
                    Kind::Text(_) | Kind::Bare { .. } | Kind::Sep(Sep::Weak)
                )
            })
            .map(|t| t.text.chars().map(lex::fold_char).collect::<String>())
            .collect();
        let has_figures = tokens.iter().any(|t| matches!(t.kind, Kind::Figure(_)));
        match words::heading_section(&words) {
            Some(section) => self.section = section,
            None if !has_figures => self.section = Section::General,
            None => {}
        }
        self.town = None;
        self.sub = None;
        self.spread = None;
        self.last = Last::Nothing;
    }

    /// One token; `next` is the one after it, to tell "城关镇（20公顷）" from a parenthesis
    /// that opens a list.
    fn token(&mut self, token: &Token, next: Option<&Token>) {
        match &token.kind {
            Kind::Text(text) => self.clause.add(token, text),
            Kind::Bare { .. } => {
                self.clause
                    .bares
                    .push((self.clause.label.len(), token.clone()));
                let folded: String = token.text.chars().map(lex::fold_char).collect();
                self.clause.add(token, &folded);
            }
            Kind::Unit => {
                self.clause
                    .units
                    .push((self.clause.label.len(), token.clone()));
                self.clause.add(token, "");
            }
            Kind::Share => {
                let at = self.clause.at(self.line, Some(token));
                self.note(
                    NoteKind::Skipped,
                    &at,
                    "a share (%), not an area: not taken as a figure",
                );
                self.clause = Clause::default();
            }
            Kind::Bad(reason) => {
                let at = self.clause.at(self.line, Some(token));
                self.note(
                    NoteKind::Unread,
                    &at,
                    format!("not read as a figure: {reason}"),
                );
                self.clause = Clause::default();
            }
            Kind::Figure(figure) => {
                let clause = std::mem::take(&mut self.clause);
                self.item(&clause, token, figure);
            }
            Kind::Sep(sep) => {
                self.end_clause();
                self.separator(*sep);
            }
            Kind::Open => {
                // "城关镇（20公顷）": the name before the parenthesis names the figure in it.
                if !next.is_some_and(|t| matches!(t.kind, Kind::Figure(_))) {
                    self.end_clause();
                }
                self.depth += 1;
            }
            Kind::Close => {
                self.end_clause();
                if self.sub.is_some_and(|sub| sub.depth == self.depth) {
                    self.sub = None;
                }
                self.depth = self.depth.saturating_sub(1);
            }
        }
    }

    fn separator(&mut self, sep: Sep) {
        match sep {
            Sep::Weak => {}
            Sep::Strong => {
                self.spread = None;
                if self.sub.is_some_and(|sub| sub.depth == 0) {
                    self.sub = None;
                }
                if self.town.is_some_and(|scope| !scope.explicit) {
                    self.town = None;
                }
            }
            Sep::End => {
                self.sub = None;
                self.town = None;
                self.spread = None;
            }
        }
    }

    /// "其中" (or 包括): what follows breaks down the last figure.
    fn breakdown(&mut self) {
        match self.last {
            Last::Nothing | Last::Total => {
                self.town = None;
                self.sub = None;
            }
            Last::Town(town) => {
                self.town = Some(TownScope {
                    town,
                    explicit: true,
                });
                self.sub = None;
            }
            Last::Category(parent) => {
                self.sub = Some(SubScope {
                    parent,
                    town: None,
                    depth: self.depth,
                })
            }
            Last::Cell(town, parent) => {
                self.sub = Some(SubScope {
                    parent,
                    town: Some(town),
                    depth: self.depth,
                })
            }
            Last::Sub => {}
        }
    }

    /// Context words with no figure: a breakdown, a category's spread over towns, a section
    /// named in passing.
    fn context(&mut self, text: &str) {
        if words::opens_breakdown(text) {
            self.breakdown();
        }
        if words::spreads(text) {
            if let Last::Category(category) = self.last {
                self.spread = Some(category);
            }
        }
        if let Some(section) = words::context_section(text) {
            self.section = section;
            self.town = None;
            self.sub = None;
        }
    }

    /// A place name before a colon ("城关镇：住宅用地…") lists that town's figures.
    fn town_heading(&mut self, text: &str) {
        let name = words::name_of(text);
        if words::is_place(&name.core) {
            let town = self.town_id(&name.name);
            self.town = Some(TownScope {
                town,
                explicit: true,
            });
            self.sub = None;
            self.last = Last::Town(town);
        }
    }

    /// Numbers with no unit where a figure is expected, and units with no number.
    fn check_numbers(&mut self, clause: &Clause) {
        for (end, token) in &clause.bares {
            let before = tail(&clause.label[..*end]);
            let Kind::Bare {
                counted,
                standalone,
                decimal,
            } = token.kind
            else {
                continue;
            };
            // A number alone in its clause (a table cell) or with decimals, or after a name.
            let alone = standalone && (decimal || before.trim().is_empty());
            if !counted && (alone || words::expects_figure(before)) {
                let at = clause.at(self.line, None);
                let at = At {
                    column: token.column as u64,
                    ..at
                };
                self.note(
                    NoteKind::Unread,
                    &at,
                    format!(
                        "'{}' has no area unit (公顷 or 亩): not read as a figure",
                        token.text
                    ),
                );
            }
        }
    }

    /// The end of a clause with no figure: a tail of the last figure ("以内"), context, or a
    /// figure that should be there and is not.
    fn end_clause(&mut self) {
        let clause = std::mem::take(&mut self.clause);
        if clause.is_empty() {
            return;
        }
        self.check_numbers(&clause);
        let label = clause.label.trim();
        if self.total_tail(label) {
            return;
        }
        if !self.missing_figure(&clause, label) && label.ends_with(':') {
            self.town_heading(label);
        }
        self.context(label);
    }

    /// "以内" or "左右" right after the total: how the total is meant.
    fn total_tail(&mut self, label: &str) -> bool {
        if self.last != Last::Total {
            return false;
        }
        let kind = if label.starts_with("以内") || label.starts_with("以下") {
            CapKind::AtMost
        } else if label.starts_with("左右") {
            CapKind::About
        } else {
            return false;
        };
        match self.total.as_mut() {
            Some(total) => {
                total.kind = Some(kind);
                true
            }
            None => false,
        }
    }

    /// A figure that should be there and is not: an area unit with no number before it
    /// ("乙镇土地供应量为公顷"), or a name and "为", "约", "控制在" with nothing after. Reported;
    /// a town named so is kept, so that its figures by category still find it.
    fn missing_figure(&mut self, clause: &Clause, label: &str) -> bool {
        let unit_without_number = clause
            .units
            .iter()
            .map(|(end, _)| &clause.label[..*end])
            .find(|before| !words::declares_unit(before));
        if unit_without_number.is_none() && !words::ends_with_introducer(label) {
            return false;
        }
        let named = words::name_of(unit_without_number.unwrap_or(label));
        let names_something = || {
            words::is_place(&named.core)
                || named.core.ends_with("用地")
                || (named.name.is_empty() && words::names_total(label))
                || words::is_main_class(&named.core)
        };
        if unit_without_number.is_none() && !names_something() {
            return false;
        }
        let at = clause.at(self.line, None);
        let message = "a figure is missing here: nothing read for it";
        self.note(NoteKind::Unread, &at, message);
        if words::is_place(&named.core) {
            let town = self.town_id(&named.name);
            self.towns[town].missing = true;
            self.town = Some(TownScope {
                town,
                explicit: false,
            });
            self.last = Last::Town(town);
        }
        true
    }

    /// A figure and the clause before it: read the context, then place the figure.
    fn item(&mut self, clause: &Clause, token: &Token, figure: &Figure) {
        let at = clause.at(self.line, Some(token));
        let (context, label) = split_colon(&clause.label);
        if let Some(context) = context {
            self.context(context);
            self.town_heading(context);
        }
        if words::opens_breakdown(label) {
            self.breakdown();
        }
        if words::spreads(label) {
            self.context(label);
        }
        self.check_numbers(clause);
        if let Some(disagreement) = &figure.disagreement {
            let message = format!("{disagreement}; the hectares are taken");
            self.note(NoteKind::Warning, &at, message);
        }
        if let Some(reason) = self.skip(&clause.label) {
            self.note(NoteKind::Skipped, &at, reason);
            return;
        }
        if words::is_ambiguous(&clause.label) {
            let message = "one figure for several names (分别): not placed";
            self.note(NoteKind::Unread, &at, message);
            return;
        }
        let kind = classify(&words::name_of(label), label);
        if let (Some(bound), Label::Town(name) | Label::Category(name)) =
            (words::bound_word(label), &kind)
        {
            let message =
                format!("the text gives a bound ({bound}) for {name}: read as its figure");
            self.note(NoteKind::Warning, &at, message);
        }
        match kind {
            Label::Total => {
                self.sub = None;
                self.set_total(&clause.label, figure, at);
            }
            Label::Town(name) => {
                self.sub = None;
                match self.spread {
                    Some(category) => {
                        let town = self.town_id(&name);
                        let category = self.categories[category].name.clone();
                        self.set_cell(town, category, figure, at);
                    }
                    None => self.set_town(name, figure, at),
                }
            }
            Label::Category(name) => self.place_category(name, figure, at),
            Label::Cell(town, category) => {
                self.sub = None;
                self.spread = None;
                let town = self.town_id(&town);
                self.set_cell(town, category, figure, at);
            }
            Label::Nameless => {
                let message = "nothing before this figure names what it is for: not placed";
                self.note(NoteKind::Unread, &at, message);
            }
        }
    }

    /// A figure with a category's name: a sub-item of the "of which" list in progress, a
    /// town's category, or a category of the structure.
    fn place_category(&mut self, name: String, figure: &Figure, at: At) {
        self.spread = None;
        if let Some(sub) = self.sub {
            if !self.ends_sublist(&name) {
                self.subitem(sub, name, figure, &at);
                return;
            }
            // A main category ends the "of which" list.
            self.sub = None;
        }
        if let Some(parent) = self.housing_parent(&name) {
            let message = format!(
                "{name} is part of {} (an \"of which\" item) though the text does not say 其中: kept in {} and not added to it",
                self.categories[parent].name,
                super::render::SUBITEMS_FILE
            );
            self.note(NoteKind::Warning, &at, message);
            let sub = SubScope {
                parent,
                town: self.town.map(|scope| scope.town),
                depth: self.depth,
            };
            self.subitem(sub, name, figure, &at);
            return;
        }
        match self.town {
            Some(scope) => self.set_cell(scope.town, name, figure, at),
            None if self.section == Section::Layout => {
                let message =
                    format!("a figure for {name} in the layout (布局) that belongs to no town");
                self.note(NoteKind::Unread, &at, message);
            }
            None => self.set_category(name, figure, at),
        }
    }

    fn skip(&self, label: &str) -> Option<String> {
        match self.section {
            Section::Timing => {
                return Some(words::Skip::Timing.describe().to_string());
            }
            Section::Method => {
                return Some(words::Skip::Method.describe().to_string());
            }
            _ => {}
        }
        words::skip_reason(label, self.year).map(|skip| skip.describe().to_string())
    }

    /// For a sub-item class named without "其中" (保障性住房用地) that is not a category of
    /// the text already: the housing category it is part of, when the text has one.
    fn housing_parent(&self, name: &str) -> Option<usize> {
        if !words::is_subitem_class(name) || self.category_index.resolve(name).is_some() {
            return None;
        }
        self.categories
            .iter()
            .position(|c| crate::names::category_class(&c.name) == Some("residential"))
    }

    /// Whether a name in an "of which" list is no sub-item but the next category.
    fn ends_sublist(&self, name: &str) -> bool {
        self.category_index.resolve(name).is_some() || words::is_main_class(name)
    }

    fn subitem(&mut self, sub: SubScope, name: String, figure: &Figure, at: &At) {
        self.subitems.push(DraftSub {
            parent: sub.parent,
            town: sub.town,
            name,
            figure: figure.clone(),
            line: at.line,
        });
        self.last = Last::Sub;
    }

    /// Compares a figure given again with the first; a different one is reported.
    fn again(&mut self, what: &str, first: &(Figure, At), figure: &Figure, at: &At) {
        if !same(&first.0, figure) {
            let message = format!(
                "{what} is given again with a different figure (first at line {}: '{}'); the first is kept",
                first.1.line, first.1.text
            );
            self.note(NoteKind::Unread, at, message);
        }
    }

    fn set_total(&mut self, label: &str, figure: &Figure, at: At) {
        let kind = if label.contains('约') || label.contains("左右") {
            Some(CapKind::About)
        } else if ["控制在", "不超过", "不高于", "以内"]
            .iter()
            .any(|w| label.contains(w))
        {
            Some(CapKind::AtMost)
        } else {
            None
        };
        match &self.total {
            Some(total) => {
                let first = (total.figure.clone(), total.at.clone());
                self.again("the total", &first, figure, &at);
                if let Some(total) = self.total.as_mut() {
                    total.kind = total.kind.or(kind);
                }
            }
            None => {
                self.total = Some(DraftTotal {
                    figure: figure.clone(),
                    kind,
                    at,
                })
            }
        }
        self.town = None;
        self.last = Last::Total;
    }

    fn town_id(&mut self, name: &str) -> usize {
        if let Some(id) = self.town_index.resolve(name) {
            return id;
        }
        let id = self.towns.len();
        self.town_index.insert_name(name, id);
        self.towns.push(DraftTown {
            name: name.to_string(),
            plan: None,
            line: self.line,
            missing: false,
        });
        id
    }

    fn set_town(&mut self, name: String, figure: &Figure, at: At) {
        let town = self.town_id(&name);
        match self.towns[town].plan.clone() {
            Some(first) => self.again(&format!("town {name}"), &first, figure, &at),
            None => self.towns[town].plan = Some((figure.clone(), at)),
        }
        self.town = Some(TownScope {
            town,
            explicit: false,
        });
        self.last = Last::Town(town);
    }

    fn category_id(&mut self, name: &str) -> usize {
        if let Some(id) = self.category_index.resolve(name) {
            return id;
        }
        let id = self.categories.len();
        self.category_index.insert_category(name, &[], id);
        self.categories.push(DraftCategory {
            name: name.to_string(),
            plan: None,
            line: self.line,
        });
        id
    }

    fn set_category(&mut self, name: String, figure: &Figure, at: At) {
        let category = self.category_id(&name);
        match self.categories[category].plan.clone() {
            Some(first) => self.again(&format!("category {name}"), &first, figure, &at),
            None => {
                if words::is_subitem_class(&name) {
                    self.note(
                        NoteKind::Warning,
                        &at,
                        format!("{name} is usually an \"of which\" (其中) part of housing land, but the text names no housing land before it: read as a category of its own"),
                    );
                }
                self.categories[category].plan = Some((figure.clone(), at));
            }
        }
        self.last = Last::Category(category);
    }

    fn set_cell(&mut self, town: usize, name: String, figure: &Figure, at: At) {
        let category = self.category_id(&name);
        match self.cells.get(&(town, category)).cloned() {
            Some(first) => {
                let what = format!("{} {}", self.towns[town].name, name);
                self.again(&what, &first, figure, &at);
            }
            None => {
                self.cells.insert((town, category), (figure.clone(), at));
                self.cell_order.push((town, category));
            }
        }
        self.last = Last::Cell(town, category);
    }

    /// Chooses the unit, converts every figure exactly and lists what the text left open.
    fn finish(mut self, title: Option<String>, year: Option<u32>) -> Extraction {
        let figures = self.figures();
        let unit = if figures.iter().all(|f| f.ha.is_some()) {
            Unit::Ha
        } else {
            Unit::Mu
        };
        if figures.iter().any(|f| f.mu.is_none()) && figures.iter().any(|f| f.ha.is_none()) {
            self.notes.push(Note {
                line: 0,
                column: 0,
                kind: NoteKind::Warning,
                message: "the text gives some figures in 公顷 only and others in 亩 only: the folder is in mu, hectares multiplied by 15 exactly".to_string(),
                text: String::new(),
            });
        }
        let total = self.total.as_ref().map(|total| {
            if total.kind.is_none() {
                self.notes.push(Note {
                    line: total.at.line,
                    column: total.at.column,
                    kind: NoteKind::Warning,
                    message:
                        "the total's wording says neither 控制在…以内 nor 约: written as at_most"
                            .to_string(),
                    text: total.at.text.clone(),
                });
            }
            Total {
                value: in_unit(&total.figure, unit),
                kind: total.kind.unwrap_or_default(),
                line: total.at.line,
            }
        });
        let structured = self.categories.iter().any(|c| c.plan.is_some());
        for category in self.categories.iter().filter(|c| c.plan.is_none()) {
            let message = if structured {
                format!(
                    "{} is in the layout but not in the structure: its total is left empty",
                    category.name
                )
            } else {
                format!(
                    "the text gives no structure: {}'s total is left empty",
                    category.name
                )
            };
            self.notes.push(Note {
                line: category.line,
                column: 0,
                kind: NoteKind::Warning,
                message,
                text: String::new(),
            });
        }
        for town in self.towns.iter().filter(|t| t.plan.is_none() && !t.missing) {
            self.notes.push(Note {
                line: town.line,
                column: 0,
                kind: NoteKind::Warning,
                message: format!("the text gives no total for {}: left empty", town.name),
                text: String::new(),
            });
        }
        let categories = self
            .categories
            .iter()
            .map(|c| Category {
                name: c.name.clone(),
                tier: super::tiers::default_tier(&c.name),
                plan: c.plan.as_ref().map(|(f, _)| in_unit(f, unit)),
                line: c.plan.as_ref().map_or(c.line, |(_, at)| at.line),
            })
            .collect();
        let towns = self
            .towns
            .iter()
            .map(|t| Town {
                name: t.name.clone(),
                plan: t.plan.as_ref().map(|(f, _)| in_unit(f, unit)),
                line: t.plan.as_ref().map_or(t.line, |(_, at)| at.line),
            })
            .collect();
        let cells = self
            .cell_order
            .iter()
            .map(|key| {
                let (figure, at) = &self.cells[key];
                Cell {
                    town: self.towns[key.0].name.clone(),
                    category: self.categories[key.1].name.clone(),
                    plan: in_unit(figure, unit),
                    line: at.line,
                }
            })
            .collect();
        let subitems = self
            .subitems
            .iter()
            .map(|s| SubItem {
                category: self.categories[s.parent].name.clone(),
                town: s.town.map(|t| self.towns[t].name.clone()),
                name: s.name.clone(),
                plan: in_unit(&s.figure, unit),
                line: s.line,
            })
            .collect();
        self.notes.sort();
        Extraction {
            title,
            year,
            unit,
            total,
            categories,
            towns,
            cells,
            subitems,
            notes: self.notes,
        }
    }

    fn figures(&self) -> Vec<&Figure> {
        let total = self.total.iter().map(|t| &t.figure);
        let categories = self
            .categories
            .iter()
            .filter_map(|c| c.plan.as_ref().map(|(f, _)| f));
        let towns = self
            .towns
            .iter()
            .filter_map(|t| t.plan.as_ref().map(|(f, _)| f));
        let cells = self.cells.values().map(|(f, _)| f);
        let subitems = self.subitems.iter().map(|s| &s.figure);
        total
            .chain(categories)
            .chain(towns)
            .chain(cells)
            .chain(subitems)
            .collect()
    }
}

/// Whether two figures are the same area (compared in a unit both give, or exactly by 15).
fn same(a: &Figure, b: &Figure) -> bool {
    match (a.ha, b.ha, a.mu, b.mu) {
        (Some(x), Some(y), _, _) => x == y,
        (_, _, Some(x), Some(y)) => x == y,
        _ => in_unit(a, Unit::Mu) == in_unit(b, Unit::Mu),
    }
}

/// A figure in the folder's unit: as published when the text gives that unit, hectares times
/// 15 (exact) for mu.
fn in_unit(figure: &Figure, unit: Unit) -> Decimal {
    match (unit, figure.ha, figure.mu) {
        (Unit::Ha, Some(ha), _) => ha,
        (Unit::Mu, _, Some(mu)) => mu,
        (Unit::Mu, Some(ha), None) => Unit::Ha.convert(ha, Unit::Mu),
        // The unit is hectares only when every figure has hectares; mu alone never meets it.
        (Unit::Ha, None, Some(mu)) => Unit::Mu.convert(mu, Unit::Ha),
        (_, None, None) => Decimal::ZERO,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn read(text: &str) -> Extraction {
        let lines: Vec<String> = text.lines().map(str::to_string).collect();
        parse(&lines)
    }

    fn plans(e: &Extraction) -> Vec<(String, Option<Decimal>)> {
        e.categories
            .iter()
            .map(|c| (c.name.clone(), c.plan))
            .collect()
    }

    fn unread(e: &Extraction) -> Vec<&Note> {
        e.notes_of(NoteKind::Unread).collect()
    }

    const STANDARD: &str = "甲县2025年度土地供应计划\n\
        （一）土地供应总量\n\
        2025年度全县土地供应总量控制在10.5公顷以内。\n\
        （二）土地供应结构\n\
        2025年度全县土地供应总量中，工矿仓储用地6公顷，住宅用地4.5公顷。\n\
        （三）土地供应布局\n\
        甲镇土地供应量为7公顷，其中：工矿仓储用地6公顷，住宅用地1公顷；乙乡土地供应量为3.5公顷，其中：住宅用地3.5公顷。\n";

    #[test]
    fn reads_the_standard_wording() {
        let e = read(STANDARD);
        assert_eq!(e.year, Some(2025));
        let total = e.total.as_ref().unwrap();
        assert_eq!(
            (total.value, total.kind, total.line),
            (d("10.5"), CapKind::AtMost, 3)
        );
        assert_eq!(
            plans(&e),
            vec![
                ("工矿仓储用地".to_string(), Some(d("6"))),
                ("住宅用地".to_string(), Some(d("4.5")))
            ]
        );
        let towns: Vec<_> = e.towns.iter().map(|t| (t.name.as_str(), t.plan)).collect();
        assert_eq!(
            towns,
            vec![("甲镇", Some(d("7"))), ("乙乡", Some(d("3.5")))]
        );
        let cells: Vec<_> = e
            .cells
            .iter()
            .map(|c| (c.town.as_str(), c.category.as_str(), c.plan))
            .collect();
        assert_eq!(
            cells,
            vec![
                ("甲镇", "工矿仓储用地", d("6")),
                ("甲镇", "住宅用地", d("1")),
                ("乙乡", "住宅用地", d("3.5"))
            ]
        );
        assert!(e.notes.is_empty(), "{:?}", e.notes);
    }

    #[test]
    fn half_width_text_reads_the_same() {
        let half: String = STANDARD
            .chars()
            .map(|c| match c {
                '，' => ',',
                '；' => ';',
                '：' => ':',
                '（' => '(',
                '）' => ')',
                c => c,
            })
            .collect();
        let (a, b) = (read(STANDARD), read(&half));
        assert_eq!(
            (a.total, a.categories, a.towns, a.cells),
            (b.total, b.categories, b.towns, b.cells)
        );
    }

    #[test]
    fn sub_items_never_join_their_parent_or_the_cells() {
        let e = read(
            "总量约20公顷。\n住宅用地12公顷，其中保障性安居工程用地3公顷，中小套型商品房用地2公顷，商服用地8公顷。\n\
             甲镇20公顷，其中：住宅用地12公顷（其中棚户区改造用地1公顷），商服用地8公顷。",
        );
        assert_eq!(e.total.as_ref().unwrap().kind, CapKind::About);
        assert_eq!(
            plans(&e),
            vec![
                ("住宅用地".to_string(), Some(d("12"))),
                ("商服用地".to_string(), Some(d("8")))
            ]
        );
        let subs: Vec<_> = e
            .subitems
            .iter()
            .map(|s| {
                (
                    s.category.as_str(),
                    s.town.as_deref(),
                    s.name.as_str(),
                    s.plan,
                )
            })
            .collect();
        assert_eq!(
            subs,
            vec![
                ("住宅用地", None, "保障性安居工程用地", d("3")),
                ("住宅用地", None, "中小套型商品房用地", d("2")),
                ("住宅用地", Some("甲镇"), "棚户区改造用地", d("1")),
            ]
        );
        assert_eq!(e.cells.len(), 2);
        assert!(unread(&e).is_empty(), "{:?}", e.notes);
    }

    #[test]
    fn a_number_without_a_unit_is_reported_with_its_column() {
        let e = read("土地供应总量控制在10公顷以内。\n住宅用地4.5，商服用地5.5公顷。");
        let notes = unread(&e);
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert_eq!((notes[0].line, notes[0].column), (2, 5));
        assert!(notes[0].message.contains("'4.5' has no area unit"));
        assert_eq!(plans(&e), vec![("商服用地".to_string(), Some(d("5.5")))]);
    }

    #[test]
    fn one_figure_for_several_names_is_not_placed() {
        let e = read("土地供应总量控制在10公顷以内。\n住宅用地、商服用地分别为4公顷、6公顷。");
        assert!(e.categories.is_empty(), "{:?}", e.categories);
        assert_eq!(unread(&e).len(), 2, "{:?}", e.notes);
    }

    #[test]
    fn a_figure_given_twice_differently_keeps_the_first_and_says_so() {
        let e = read(
            "土地供应总量控制在10公顷以内。\n住宅用地4公顷。\n住宅类用地4.0公顷，居住用地5公顷。",
        );
        assert_eq!(plans(&e), vec![("住宅用地".to_string(), Some(d("4")))]);
        let notes = unread(&e);
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(notes[0].message.contains("first at line 2"));
    }

    #[test]
    fn pairs_take_hectares_and_report_disagreement() {
        let e = read("土地供应总量控制在10公顷（150亩）以内，住宅用地4公顷（61亩）。");
        assert_eq!(e.unit, Unit::Ha);
        assert_eq!(e.total.as_ref().unwrap().value, d("10"));
        assert_eq!(plans(&e), vec![("住宅用地".to_string(), Some(d("4")))]);
        let warnings: Vec<_> = e.notes_of(NoteKind::Warning).collect();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].message.contains("60 亩"));
    }

    #[test]
    fn mixed_units_are_written_in_mu_exactly() {
        let e = read("土地供应总量控制在10公顷以内，住宅用地60亩，商服用地0.000001公顷。");
        assert_eq!(e.unit, Unit::Mu);
        assert_eq!(e.total.as_ref().unwrap().value, d("150"));
        assert_eq!(
            plans(&e),
            vec![
                ("住宅用地".to_string(), Some(d("60"))),
                ("商服用地".to_string(), Some(d("0.000015")))
            ]
        );
        assert_eq!(e.notes_of(NoteKind::Warning).count(), 1);
    }

    #[test]
    fn the_layout_may_come_before_the_structure() {
        let e = read(
            "全市计划供应国有建设用地9公顷。\n从布局看，甲镇9公顷，其中居住用地4公顷，工业用地5公顷。\n从用途看，住宅用地4公顷，工矿仓储用地5公顷。",
        );
        assert_eq!(
            plans(&e),
            vec![
                ("居住用地".to_string(), Some(d("4"))),
                ("工业用地".to_string(), Some(d("5")))
            ]
        );
        assert_eq!(e.cells.len(), 2);
        assert!(unread(&e).is_empty(), "{:?}", e.notes);
    }

    #[test]
    fn a_category_in_the_layout_outside_any_town_is_reported() {
        let e = read("总量控制在5公顷以内。\n（三）土地供应布局\n住宅用地5公顷。");
        assert!(e.categories.is_empty());
        assert_eq!(unread(&e).len(), 1);
    }

    #[test]
    fn a_subitem_class_without_qizhong_is_a_category_with_a_warning() {
        let e = read("总量控制在5公顷以内。\n保障性住房用地2公顷，商品住房用地3公顷。");
        assert_eq!(e.categories.len(), 2);
        assert_eq!(e.notes_of(NoteKind::Warning).count(), 1, "{:?}", e.notes);
    }

    #[test]
    fn a_town_before_a_colon_lists_its_figures() {
        let e = read("总量控制在9公顷以内。\n城关镇：住宅用地4公顷、商服用地2公顷；\n河口镇：\n工业用地3公顷");
        let cells: Vec<_> = e
            .cells
            .iter()
            .map(|c| (c.town.as_str(), c.category.as_str()))
            .collect();
        assert_eq!(
            cells,
            vec![
                ("城关镇", "住宅用地"),
                ("城关镇", "商服用地"),
                ("河口镇", "工业用地")
            ]
        );
        assert_eq!(e.towns[0].plan, None);
        assert!(unread(&e).is_empty(), "{:?}", e.notes);
    }

    #[test]
    fn han_in_parentheses_opens_sub_items_and_bounds_are_flagged() {
        let e = read(
            "总量控制在9公顷以内。\n住宅用地5公顷（含保障性住房用地1公顷），工业用地不少于4公顷。",
        );
        assert_eq!(
            plans(&e),
            vec![
                ("住宅用地".to_string(), Some(d("5"))),
                ("工业用地".to_string(), Some(d("4")))
            ]
        );
        assert_eq!(e.subitems.len(), 1);
        let warnings: Vec<_> = e.notes_of(NoteKind::Warning).collect();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].message.contains("不少于"));
    }

    #[test]
    fn a_subitem_class_after_housing_land_is_part_of_it() {
        let e = read("总量控制在5公顷以内。\n住宅用地5公顷。\n另安排保障性住房用地2公顷。\n经营性用地5公顷。");
        assert_eq!(plans(&e), vec![("住宅用地".to_string(), Some(d("5")))]);
        assert_eq!(e.subitems.len(), 1);
        assert_eq!(e.subitems[0].category, "住宅用地");
        assert_eq!(e.notes_of(NoteKind::Warning).count(), 1, "{:?}", e.notes);
        assert_eq!(
            e.notes_of(NoteKind::Skipped).count(),
            1,
            "经营性用地 is a group"
        );
    }

    #[test]
    fn square_metres_and_chinese_numerals_are_reported() {
        let e = read("总量控制在5公顷以内。\n住宅用地3000平方米，商服用地十二公顷。\n人均住房面积提高到30平方米以上。");
        assert!(e.categories.is_empty());
        let notes: Vec<_> = unread(&e).iter().map(|n| (n.line, n.column)).collect();
        assert_eq!(notes, vec![(2, 5), (2, 13)], "{:?}", e.notes);
    }

    #[test]
    fn a_category_spread_over_towns_gives_their_figures() {
        let e = read(
            "总量控制在9公顷以内。\n住宅用地5公顷，主要分布在：城关镇3公顷，河口镇（2公顷）；工业用地4公顷，位于城关镇。\n城关镇（4公顷）。",
        );
        let cells: Vec<_> = e
            .cells
            .iter()
            .map(|c| (c.town.as_str(), c.category.as_str(), c.plan))
            .collect();
        assert_eq!(
            cells,
            vec![
                ("城关镇", "住宅用地", d("3")),
                ("河口镇", "住宅用地", d("2"))
            ]
        );
        let towns: Vec<_> = e.towns.iter().map(|t| (t.name.as_str(), t.plan)).collect();
        assert_eq!(towns, vec![("城关镇", Some(d("4"))), ("河口镇", None)]);
        assert_eq!(e.categories.len(), 2);
        assert!(unread(&e).is_empty(), "{:?}", e.notes);
    }

    #[test]
    fn a_town_and_its_category_in_one_name() {
        let e = read("全市供应总量控制在9公顷以内。\n其中城关镇住宅用地4公顷，东城区（含储备中心）商服用地5公顷。\n市辖区住宅用地计划供应4公顷。");
        let cells: Vec<_> = e
            .cells
            .iter()
            .map(|c| (c.town.as_str(), c.category.as_str(), c.plan))
            .collect();
        assert_eq!(
            cells,
            vec![
                ("城关镇", "住宅用地", d("4")),
                ("东城区(含储备中心)", "商服用地", d("5"))
            ]
        );
        assert_eq!(
            plans(&e),
            vec![
                ("住宅用地".to_string(), Some(d("4"))),
                ("商服用地".to_string(), None)
            ],
            "市辖区 is the whole area: its 住宅用地 is the structure's"
        );
        assert!(
            e.notes_of(NoteKind::Skipped).next().is_none(),
            "{:?}",
            e.notes
        );
    }

    #[test]
    fn a_figure_without_its_leading_digits_is_reported() {
        let e = read("全市供应总量控制在.32公顷左右。");
        assert!(e.total.is_none());
        let notes = unread(&e);
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(notes[0]
            .message
            .contains("no digits before its decimal point"));
    }

    #[test]
    fn a_news_report_names_districts_and_their_housing_land() {
        let e = read("近日，《某市2026年国有建设用地供应计划》发布，据统计，2026年度国有建设用地供应总量控制在300公顷左右，其中住宅用地120公顷，工业用地180公顷。\n\
            可以看出甲区（含储备中心）供应计划为200公顷，乙区的供应计划为100公顷。\n\
            住宅用地计划供应120公顷，其中产权住宅用地80公顷，租赁住宅用地40公顷（保障性租赁住宅用地10公顷）。\n\
            甲区（含储备中心）宅地供应面积为70公顷，乙区宅地供应面积为50公顷。");
        assert_eq!(e.title.as_deref(), Some("某市2026年国有建设用地供应计划"));
        assert_eq!(e.year, Some(2026));
        assert_eq!(e.total.as_ref().map(|t| t.kind), Some(CapKind::About));
        let towns: Vec<_> = e.towns.iter().map(|t| (t.name.as_str(), t.plan)).collect();
        assert_eq!(
            towns,
            vec![
                ("甲区(含储备中心)", Some(d("200"))),
                ("乙区", Some(d("100")))
            ]
        );
        let cells: Vec<_> = e
            .cells
            .iter()
            .map(|c| (c.town.as_str(), c.category.as_str(), c.plan))
            .collect();
        assert_eq!(
            cells,
            vec![
                ("甲区(含储备中心)", "住宅用地", d("70")),
                ("乙区", "住宅用地", d("50"))
            ]
        );
        let subs: Vec<_> = e.subitems.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            subs,
            vec!["产权住宅用地", "租赁住宅用地", "保障性租赁住宅用地"]
        );
        assert!(e.notes.is_empty(), "{:?}", e.notes);
    }

    #[test]
    fn a_layout_table_gives_towns_cells_and_the_structure() {
        let e = read("甲县2026年度土地供应计划\n土地供应总量控制在5公顷以内。\n（三）土地供应布局\n单位：公顷\n\
            序号\t乡镇\t合计\t住宅用地\t工业用地\n\
            1\t甲镇\t3\t1\t2\n\
            2\t乙乡\t2\t—\t2\n\
            3\t其他\t0.5\t\t\n\
            \t合计\t5\t1\t4,0\n\
            （四）其他");
        let towns: Vec<_> = e.towns.iter().map(|t| (t.name.as_str(), t.plan)).collect();
        assert_eq!(towns, vec![("甲镇", Some(d("3"))), ("乙乡", Some(d("2")))]);
        let cells: Vec<_> = e
            .cells
            .iter()
            .map(|c| (c.town.as_str(), c.category.as_str(), c.plan))
            .collect();
        assert_eq!(
            cells,
            vec![
                ("甲镇", "住宅用地", d("1")),
                ("甲镇", "工业用地", d("2")),
                ("乙乡", "工业用地", d("2"))
            ]
        );
        assert_eq!(
            plans(&e),
            vec![
                ("住宅用地".to_string(), Some(d("1"))),
                ("工业用地".to_string(), None)
            ]
        );
        let notes: Vec<_> = unread(&e).iter().map(|n| (n.line, n.column)).collect();
        assert_eq!(notes, vec![(8, 3), (9, 9)], "{:?}", e.notes);
    }

    #[test]
    fn method_and_timing_sections_are_skipped() {
        let e = read("总量控制在5公顷以内。\n（四）土地供应方式\n住宅用地5公顷。\n（五）计划指标\n商服用地5公顷。");
        assert_eq!(plans(&e), vec![("商服用地".to_string(), Some(d("5")))]);
        assert_eq!(e.notes_of(NoteKind::Skipped).count(), 1);
    }

    /// Text made of the words, numbers and punctuation plans are written in.
    fn plan_like_text() -> impl Strategy<Value = String> {
        let fragment = prop_oneof![
            Just("公顷".to_string()),
            Just("亩".to_string()),
            Just("万".to_string()),
            Just("其中".to_string()),
            Just("：".to_string()),
            Just("，".to_string()),
            Just(",".to_string()),
            Just("；".to_string()),
            Just("。".to_string()),
            Just(".".to_string()),
            Just("（".to_string()),
            Just("）".to_string()),
            Just("(".to_string()),
            Just(")".to_string()),
            Just("%".to_string()),
            Just("\n".to_string()),
            Just("镇".to_string()),
            Just("街道".to_string()),
            Just("住宅用地".to_string()),
            Just("保障性安居工程用地".to_string()),
            Just("土地供应总量控制在".to_string()),
            Just("以内".to_string()),
            Just("约".to_string()),
            Just("分别".to_string()),
            Just("（一）".to_string()),
            Just("1.".to_string()),
            Just("布局".to_string()),
            Just("方式".to_string()),
            Just("２０２５年".to_string()),
            Just("\t".to_string()),
            Just("\n单位：公顷\n".to_string()),
            Just("乡镇\t合计\t住宅用地\n".to_string()),
            Just("合计".to_string()),
            Just("—".to_string()),
            "[0-9０-９.,，]{1,40}",
            "\\PC{0,6}",
        ];
        prop::collection::vec(fragment, 0..60).prop_map(|parts| parts.concat())
    }

    fn check_invariants(text: &str) {
        let e = read(text);
        let lines = text.lines().count() as u64;
        for note in &e.notes {
            assert!(note.line <= lines, "{note:?} past the last line {lines}");
        }
        for cell in &e.cells {
            assert!(e.towns.iter().any(|t| t.name == cell.town));
            assert!(e.categories.iter().any(|c| c.name == cell.category));
        }
        for sub in &e.subitems {
            assert!(e.categories.iter().any(|c| c.name == sub.category));
        }
        let _ = super::super::render::files(
            &e,
            e.total.as_ref().unwrap_or(&Total {
                value: Decimal::ZERO,
                kind: CapKind::AtMost,
                line: 0,
            }),
            "x",
            "plan.txt",
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn any_text_reads_without_panicking(text in any::<String>()) {
            check_invariants(&text);
        }

        #[test]
        fn plan_like_text_reads_without_panicking(text in plan_like_text()) {
            check_invariants(&text);
        }
    }

    /// A name and its figure.
    type Named = (String, Decimal);

    /// A plan drawn at random, written in the standard wording, reads back exactly.
    #[derive(Debug, Clone)]
    struct Drawn {
        total: Decimal,
        categories: Vec<Named>,
        /// Each town's name, total and town x category figures.
        towns: Vec<(String, Decimal, Vec<Named>)>,
        full_width: bool,
        mu: bool,
    }

    fn figure() -> impl Strategy<Value = Decimal> {
        (0u64..10_000_000_000, 0u32..=6).prop_map(|(m, scale)| Decimal::new(m as i64, scale))
    }

    fn drawn() -> impl Strategy<Value = Drawn> {
        const CATEGORIES: &[&str] = &[
            "工矿仓储用地",
            "住宅用地",
            "商服用地",
            "公用设施用地",
            "交通运输用地",
            "公园与绿地",
            "医疗卫生用地",
            "水域及水利设施用地",
            "教育科研用地",
        ];
        const TOWNS: &[&str] = &["甲镇", "乙乡", "丙街道", "丁区", "东山镇", "南岭瑶族乡"];
        let categories =
            prop::sample::subsequence(CATEGORIES, 1..=CATEGORIES.len()).prop_flat_map(|names| {
                let n = names.len();
                (Just(names), prop::collection::vec(figure(), n))
            });
        let towns = prop::sample::subsequence(TOWNS, 0..=TOWNS.len());
        (figure(), categories, towns, any::<bool>(), any::<bool>()).prop_flat_map(
            |(total, (names, plans), towns, full_width, mu)| {
                let categories: Vec<(String, Decimal)> =
                    names.iter().map(|n| n.to_string()).zip(plans).collect();
                let n = towns.len();
                let cells = prop::collection::vec(
                    (
                        figure(),
                        prop::sample::subsequence(names.clone(), 0..=names.len()),
                        prop::collection::vec(figure(), names.len()),
                    ),
                    n,
                );
                (
                    Just(total),
                    Just(categories),
                    Just(towns),
                    cells,
                    Just(full_width),
                    Just(mu),
                )
                    .prop_map(
                        |(total, categories, towns, cells, full_width, mu)| Drawn {
                            total,
                            categories,
                            towns: towns
                                .iter()
                                .zip(cells)
                                .map(|(town, (plan, names, figures))| {
                                    let cells =
                                        names.iter().map(|n| n.to_string()).zip(figures).collect();
                                    (town.to_string(), plan, cells)
                                })
                                .collect(),
                            full_width,
                            mu,
                        },
                    )
            },
        )
    }

    impl Drawn {
        fn text(&self) -> String {
            let unit = if self.mu { "亩" } else { "公顷" };
            let f = |v: &Decimal| format!("{v}{unit}");
            let structure: Vec<String> = self
                .categories
                .iter()
                .map(|(n, v)| format!("{n}{}", f(v)))
                .collect();
            let layout: Vec<String> = self
                .towns
                .iter()
                .map(|(town, plan, cells)| {
                    let cells: Vec<String> =
                        cells.iter().map(|(n, v)| format!("{n}{}", f(v))).collect();
                    if cells.is_empty() {
                        format!("{town}土地供应量为{}", f(plan))
                    } else {
                        format!("{town}土地供应量为{}，其中：{}", f(plan), cells.join("，"))
                    }
                })
                .collect();
            let text = format!(
                "某县2025年度土地供应计划\n（一）土地供应总量\n2025年度全县土地供应总量控制在{}以内。\n（二）土地供应结构\n2025年度全县土地供应总量中，{}。\n（三）土地供应布局\n{}。\n",
                f(&self.total),
                structure.join("，"),
                layout.join("；")
            );
            if self.full_width {
                text.chars()
                    .map(|c| match c {
                        '0'..='9' => char::from_u32(c as u32 + 0xFEE0).unwrap(),
                        '.' => '．',
                        c => c,
                    })
                    .collect()
            } else {
                text.replace('，', ",")
                    .replace('；', ";")
                    .replace('：', ":")
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn a_plan_in_the_standard_wording_reads_back_exactly(plan in drawn()) {
            let e = read(&plan.text());
            prop_assert!(unread(&e).is_empty(), "{:?}", e.notes);
            prop_assert_eq!(e.unit, if plan.mu { Unit::Mu } else { Unit::Ha });
            prop_assert_eq!(e.total.as_ref().map(|t| t.value), Some(plan.total));
            let categories: Vec<(String, Decimal)> =
                e.categories.iter().map(|c| (c.name.clone(), c.plan.unwrap_or(Decimal::MAX))).collect();
            prop_assert_eq!(categories, plan.categories.clone());
            let towns: Vec<(String, Option<Decimal>)> = e.towns.iter().map(|t| (t.name.clone(), t.plan)).collect();
            let drawn_towns: Vec<(String, Option<Decimal>)> =
                plan.towns.iter().map(|(t, p, _)| (t.clone(), Some(*p))).collect();
            prop_assert_eq!(towns, drawn_towns);
            let cells: Vec<(String, String, Decimal)> =
                e.cells.iter().map(|c| (c.town.clone(), c.category.clone(), c.plan)).collect();
            let drawn_cells: Vec<(String, String, Decimal)> = plan
                .towns
                .iter()
                .flat_map(|(t, _, cells)| cells.iter().map(move |(c, v)| (t.clone(), c.clone(), *v)))
                .collect();
            prop_assert_eq!(cells, drawn_cells);
            prop_assert!(e.subitems.is_empty());
        }
    }
}
