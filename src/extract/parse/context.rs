//! Text without a figure: headings and context clauses that open a section, "其中" that
//! opens a breakdown, a town before a colon, the tail of the total (以内, 左右), and figures
//! that should be there and are not.

use super::clause::{tail, Clause};
use super::lex::{self, Kind, Sep, Token};
use super::state::{Last, SubScope, TownScope};
use super::words;
use super::words::Section;
use super::{said, NoteKind, Parser};
use crate::scenario::CapKind;

impl Parser {
    /// A line that starts with an enumerator ("三、", "（二）"): its first words may open a
    /// section; it ends any list in progress.
    pub(super) fn heading(&mut self, tokens: &[Token]) {
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
        // "(1)越城区2180；": an item of a list under a caption or waiting for its unit.
        let list_item = words.trim_end().ends_with(|c: char| c.is_ascii_digit());
        let section = words::heading_section(&words);
        match section {
            Some(section) => self.section = section,
            None if !has_figures && !list_item => self.section = Section::General,
            None => {}
        }
        if section.is_some() || !(has_figures || list_item) {
            self.caption = None;
        }
        self.town = None;
        self.end_sentence();
        self.last = Last::Nothing;
    }

    /// "其中" (or 包括): what follows breaks down the last figure.
    pub(super) fn breakdown(&mut self) {
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
    pub(super) fn context(&mut self, text: &str) {
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
    pub(super) fn town_heading(&mut self, text: &str) {
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
    pub(super) fn check_numbers(&mut self, clause: &Clause) {
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
            if !counted
                && (alone || words::expects_figure(before))
                && !self.defer(clause, *end, token)
            {
                self.no_unit(clause, token);
            }
        }
    }

    /// The end of a clause with no figure: a tail of the last figure ("以内"), context, or a
    /// figure that should be there and is not.
    pub(super) fn end_clause(&mut self) {
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
        self.subject_clause(label);
    }

    /// A clause that names a category or place and gives no figure ("住宅用地方面"): the
    /// subject of a figure later in its sentence that names nothing ("，计划供应120公顷").
    fn subject_clause(&mut self, label: &str) {
        let name = words::name_of(label);
        let names = words::is_place(&name.core) || words::is_main_class(&name.core);
        self.subject = names.then(|| label.to_string());
    }

    /// "以内" or "左右" right after the total: how the total is meant.
    pub(super) fn total_tail(&mut self, label: &str) -> bool {
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
    pub(super) fn missing_figure(&mut self, clause: &Clause, label: &str) -> bool {
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
        let message = said(
            "a figure is missing here: nothing read for it",
            "此处缺少数字，未读取",
        );
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
}
