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

use super::lex::{self, Figure, Kind, Sep, Token};
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
    let mut parser = Parser::new(year);
    for (index, line) in lines.iter().enumerate() {
        parser.line(index as u64 + 1, line);
    }
    parser.finish(title, year)
}

/// The title: the first of the first non-empty lines that names a plan (计划), or the first.
fn title(lines: &[String]) -> Option<String> {
    let first: Vec<String> = lines
        .iter()
        .map(|l| l.trim().trim_start_matches('\u{feff}').to_string())
        .filter(|l| !l.is_empty())
        .take(5)
        .collect();
    first
        .iter()
        .find(|l| l.contains("计划") && l.chars().count() <= 80)
        .or(first.first())
        .map(|l| l.chars().take(120).collect())
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
    /// Numbers with no unit, with the label before each.
    bares: Vec<(String, Token)>,
    /// Area units with no number, with the label before each.
    units: Vec<(String, Token)>,
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
        for token in &tokens {
            self.token(token);
        }
        self.end_clause();
        self.sub = None;
        self.depth = 0;
        if self.town.is_some_and(|scope| !scope.explicit) {
            self.town = None;
        }
    }

    /// A line that starts with an enumerator ("三、", "（二）"): its first words may open a
    /// section; it ends any list in progress.
    fn heading(&mut self, tokens: &[Token]) {
        let words: String = tokens
            .iter()
            .take_while(|t| matches!(t.kind, Kind::Text(_) | Kind::Bare { .. }))
            .map(|t| match &t.kind {
                Kind::Text(text) => text.clone(),
                _ => t.text.clone(),
            })
            .collect();
        let has_figures = tokens.iter().any(|t| matches!(t.kind, Kind::Figure(_)));
        match words::heading_section(&words) {
            Some(section) => self.section = section,
            None if !has_figures => self.section = Section::General,
            None => {}
        }
        self.town = None;
        self.sub = None;
        self.last = Last::Nothing;
    }

    fn token(&mut self, token: &Token) {
        match &token.kind {
            Kind::Text(text) => self.clause.add(token, text),
            Kind::Bare { .. } => {
                self.clause
                    .bares
                    .push((self.clause.label.clone(), token.clone()));
                let folded: String = token.text.chars().map(lex::fold_char).collect();
                self.clause.add(token, &folded);
            }
            Kind::Unit => {
                self.clause
                    .units
                    .push((self.clause.label.clone(), token.clone()));
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
                self.end_clause();
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

    /// Context words with no figure: a breakdown, a section named in passing.
    fn context(&mut self, text: &str) {
        if words::opens_breakdown(text) {
            self.breakdown();
        }
        if let Some(section) = words::context_section(text) {
            self.section = section;
            self.town = None;
            self.sub = None;
        }
    }

    /// Numbers with no unit where a figure is expected, and units with no number.
    fn check_numbers(&mut self, clause: &Clause) {
        for (before, token) in &clause.bares {
            let Kind::Bare {
                counted,
                standalone,
            } = token.kind
            else {
                continue;
            };
            if !counted && (standalone || words::expects_figure(before)) {
                let at = clause.at(self.line, None);
                let at = At {
                    column: token.column as u64,
                    ..at
                };
                self.note(
                    NoteKind::Unread,
                    &at,
                    format!("'{}' has no area unit (公顷 or 亩): not read as a figure", token.text),
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
        if self.last == Last::Total {
            let kind = if label.starts_with("以内") || label.starts_with("以下") {
                Some(CapKind::AtMost)
            } else if label.starts_with("左右") {
                Some(CapKind::About)
            } else {
                None
            };
            if let (Some(kind), Some(total)) = (kind, self.total.as_mut()) {
                total.kind = Some(kind);
                return;
            }
        }
        let units: Vec<&(String, Token)> = clause
            .units
            .iter()
            .filter(|(before, _)| !words::declares_unit(before))
            .collect();
        let missing_before = units.first().map(|(before, _)| before.as_str());
        let expected = missing_before.is_some() || words::ends_with_introducer(label);
        let named = words::name_of(missing_before.unwrap_or(label));
        let names_something = words::is_place(&named.core)
            || words::is_main_class(&named.core)
            || named.core.ends_with("用地")
            || (named.name.is_empty() && words::names_total(label));
        if expected && (names_something || missing_before.is_some()) {
            let at = clause.at(self.line, None);
            self.note(
                NoteKind::Unread,
                &at,
                "a figure is missing here: nothing read for it",
            );
            if words::is_place(&named.core) {
                let town = self.town_id(&named.name);
                self.town = Some(TownScope {
                    town,
                    explicit: false,
                });
                self.last = Last::Town(town);
            }
        }
        self.context(label);
    }

    fn item(&mut self, clause: &Clause, token: &Token, figure: &Figure) {
        let at = clause.at(self.line, Some(token));
        let (context, label) = split_colon(&clause.label);
        if let Some(context) = context {
            self.context(context);
        }
        if words::opens_breakdown(label) {
            self.breakdown();
        }
        self.check_numbers(clause);
        if let Some(disagreement) = &figure.disagreement {
            self.note(
                NoteKind::Warning,
                &at,
                format!("{disagreement}; the hectares are taken"),
            );
        }
        if let Some(reason) = self.skip(&clause.label) {
            self.note(NoteKind::Skipped, &at, reason);
            return;
        }
        if words::is_ambiguous(&clause.label) {
            self.note(
                NoteKind::Unread,
                &at,
                "one figure for several names (分别): not placed",
            );
            return;
        }
        let name = words::name_of(label);
        let kind = classify(&name, label);
        if let (Some(sub), Label::Category(name)) = (self.sub, &kind) {
            if !self.ends_sublist(name) {
                self.subitem(sub, name.clone(), figure, &at);
                return;
            }
        }
        // Anything but a sub-item ends the "of which" list.
        self.sub = None;
        if let Label::Category(name) = &kind {
            if self.town.is_none() && self.section == Section::Layout {
                let message =
                    format!("a figure for {name} in the layout (布局) that belongs to no town");
                self.note(NoteKind::Unread, &at, message);
                return;
            }
        }
        match kind {
            Label::Total => self.set_total(&clause.label, figure, at),
            Label::Town(name) => self.set_town(name, figure, at),
            Label::Category(name) => match self.town {
                Some(scope) => self.set_cell(scope.town, name, figure, at),
                None => self.set_category(name, figure, at),
            },
            Label::Nameless => self.note(
                NoteKind::Unread,
                &at,
                "nothing before this figure names what it is for: not placed",
            ),
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
                        format!("{name} is usually an \"of which\" (其中) part of housing land; the text does not say 其中, so it is read as a category of its own: check that it is not counted twice"),
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
                    message: "the total's wording says neither 控制在…以内 nor 约: written as at_most".to_string(),
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
                format!("{} is in the layout but not in the structure: its total is left empty", category.name)
            } else {
                format!("the text gives no structure: {}'s total is left empty", category.name)
            };
            self.notes.push(Note {
                line: category.line,
                column: 0,
                kind: NoteKind::Warning,
                message,
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
