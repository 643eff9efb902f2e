//! The plan's lines to an `Extraction`: which figure is the total, a category, a town, a
//! town's category, or a sub-item.
//!
//! Input: the document's lines. Output: the figures, placed, and a note for everything not
//! placed. Reading goes clause by clause (a clause ends at a figure or a separator) and keeps
//! a little state: the plan's year and place (`title`), the section the headings name (总量,
//! 结构, 布局, 时序, 方式), the town whose figures are being listed, the parent of an "of
//! which" (其中) list, a part of the area (城市更新) whose sentence it is, a unit written once
//! for a list (`lists`) and shares to check (`shares`). A figure is placed by the nearest
//! subject before it (`clause::classify`, with the wordings of `grammar`): the whole area
//! makes it the total, a place name a town, a place and a category a town's category, any
//! other name a category; "其中" after a town lists its categories, after a category its
//! sub-items (`place`). Text without a figure is `context`; tables are `table_rows`; the unit
//! and the notes for what is left open are `finish`. Nothing here reads files or prints.

use super::grammar;
use super::lex::{self, Figure, Kind, Sep, Token};
use super::table;
use super::words::{self, said, Said, Section};
use super::{Category, Cell, Extraction, Note, NoteKind, SubItem, Total, Town};
use crate::names::NameIndex;
use clause::Clause;
use state::{At, DraftCategory, DraftSub, DraftTotal, DraftTown, Last, SubScope, TownScope};
use std::collections::BTreeMap;

mod clause;
mod context;
mod finish;
mod lists;
mod place;
mod shares;
mod state;
mod table_rows;
#[cfg(test)]
mod tests;
mod title;

/// Reads the figures of a plan from its lines.
pub fn parse(lines: &[String]) -> Extraction {
    let title = title::title(lines);
    let (year, place) = title::year_and_place(lines, title.as_deref());
    let tables = table::find(lines);
    let mut parser = Parser::new(year, place);
    for (index, line) in lines.iter().enumerate() {
        let number = index as u64 + 1;
        match tables.iter().find(|t| t.contains(index)) {
            Some(table) if index == table.start => parser.table_header(number),
            Some(table) => parser.table_row(number, line, table),
            None => parser.line(number, line),
        }
    }
    parser.finish(title)
}

struct Parser {
    year: Option<u32>,
    /// The area the plan covers, as named (连州市, 镇江市区).
    place: Option<String>,
    /// The plan covers the city proper (市区): 全市 is wider, its figures not the plan's.
    city_proper: bool,
    /// This sentence is about an area wider than the plan's: its figures are skipped.
    wider: bool,
    /// The label of a clause in this sentence that named a category or place and gave no
    /// figure: the subject of a figure that names nothing after it.
    subject: Option<String>,
    /// A part of the area that is no town (城市更新): its sentence's figures are its own.
    part: Option<String>,
    /// A unit declared for the figures that follow ("单位：公顷").
    caption: Option<lists::Caption>,
    /// Numbers without a unit in a list whose last item may give the unit for all.
    pending: Vec<(Clause, Token)>,
    /// The last separator was `、`, which joins the items of a list.
    listing: bool,
    /// Shares (%) given after a figure, to check against the total.
    shares: Vec<shares::Share>,
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
    fn new(year: Option<u32>, place: Option<String>) -> Self {
        Parser {
            year,
            city_proper: place.as_deref().is_some_and(words::names_city_proper),
            place,
            part: None,
            subject: None,
            wider: false,
            caption: None,
            pending: Vec::new(),
            listing: false,
            shares: Vec::new(),
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

    fn note(&mut self, kind: NoteKind, at: &At, message: Said) {
        self.notes.push(Note::new(
            at.line,
            at.column,
            kind,
            message,
            at.text.clone(),
        ));
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
        // A list may go on to the next line after `；` or `，`.
        if !tokens
            .last()
            .is_some_and(|t| matches!(t.kind, Kind::Sep(Sep::Strong | Sep::Weak)))
        {
            self.flush_pending();
        }
        self.end_sentence();
        self.listing = false;
        self.depth = 0;
        if self.town.is_some_and(|scope| !scope.explicit) {
            self.town = None;
        }
    }

    /// One token; `next` is the one after it, to tell "城关镇（20公顷）" from a parenthesis
    /// that opens a list.
    fn token(&mut self, token: &Token, next: Option<&Token>) {
        match &token.kind {
            Kind::Text(text) => self.clause.add(token, text),
            Kind::Bare { counted: false, .. } if self.captioned(token) => {}
            Kind::Bare { .. } => {
                self.clause
                    .bares
                    .push((self.clause.label.len(), token.clone()));
                let folded: String = token.text.chars().map(lex::fold_char).collect();
                self.clause.add(token, &folded);
            }
            Kind::Unit => {
                self.read_caption(token);
                self.clause
                    .units
                    .push((self.clause.label.len(), token.clone()));
                self.clause.add(token, "");
            }
            Kind::Share => {
                self.share(token);
                let at = self.clause.at(self.line, Some(token));
                self.note(
                    NoteKind::Skipped,
                    &at,
                    said(
                        "a share (%), not an area: not taken as a figure",
                        "系比例（%），不是面积，未作为数据采用",
                    ),
                );
                self.clause = Clause::default();
            }
            Kind::Bad(reason) => {
                let at = self.clause.at(self.line, Some(token));
                self.note(
                    NoteKind::Unread,
                    &at,
                    said(
                        format!("not read as a figure: {}", reason.en),
                        format!("未能作为数据读取：{}", reason.zh),
                    ),
                );
                self.clause = Clause::default();
            }
            Kind::Figure(figure) => {
                let clause = std::mem::take(&mut self.clause);
                self.place_pending(&clause, figure);
                self.item(&clause, token, figure);
            }
            Kind::Sep(sep) => {
                self.end_clause();
                self.separator(*sep);
                self.listing = token.text == "、";
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
                self.flush_pending();
                self.end_sentence();
                self.town = None;
            }
        }
    }

    /// The end of a sentence (or of a line, a heading, a table's header): the "of which"
    /// list, the spread, the part, the subject and the wider area opened in it end.
    pub(super) fn end_sentence(&mut self) {
        self.sub = None;
        self.spread = None;
        self.part = None;
        self.subject = None;
        self.wider = false;
    }
}
