//! Figures whose unit is written once for several: a caption ("单位：公顷", "（亩）") before
//! numbers without a unit, and a list whose last item carries the unit for all ("(1)越城区
//! 2180、(2)柯桥区1500、(3)上虞区1200公顷").
//!
//! A number without a unit is read as a figure only in these two shapes; anywhere else it
//! is reported, as before. A unit in the body always wins over a caption, with a warning.

use super::clause::{tail, Clause};
use super::lex::{self, AreaUnit, Figure, Kind, Token};
use super::state::At;
use super::words;
use super::{said, NoteKind, Parser};
use rust_decimal::Decimal;

/// A unit declared for the figures that follow, until the next heading or table.
#[derive(Debug, Clone)]
pub(super) struct Caption {
    unit: AreaUnit,
    /// A figure in another unit was reported already.
    warned: bool,
}

impl Parser {
    /// A unit with no number that declares the unit of what follows ("单位：公顷").
    pub(super) fn read_caption(&mut self, token: &Token) {
        if words::declares_unit(&self.clause.label) {
            let unit = if token.text.contains('亩') {
                AreaUnit::Mu
            } else {
                AreaUnit::Ha
            };
            self.caption = Some(Caption {
                unit,
                warned: false,
            });
        }
    }

    /// A number with no unit under a caption, after a name that expects a figure: read as a
    /// figure in the caption's unit. Whether it was.
    pub(super) fn captioned(&mut self, token: &Token) -> bool {
        let Some(unit) = self.caption.as_ref().map(|c| c.unit) else {
            return false;
        };
        if !words::expects_figure(tail(&self.clause.label)) {
            return false;
        }
        let Some(figure) = figure_of(token, unit) else {
            return false;
        };
        let clause = std::mem::take(&mut self.clause);
        self.item(&clause, token, &figure);
        true
    }

    /// Whether a bare number at the end of its clause waits for a unit later in its list:
    /// the clause is an item of a list (numbered, or after `、`).
    pub(super) fn defer(&mut self, clause: &Clause, end: usize, token: &Token) -> bool {
        let folded: String = token.text.chars().map(lex::fold_char).collect();
        let last = clause.label.trim_end().len() == end + folded.len();
        if last && (self.listing || words::enumerated(&clause.label)) {
            let mut item = clause.clone();
            item.label.truncate(end);
            item.bares.clear();
            self.pending.push((item, token.clone()));
            return true;
        }
        false
    }

    /// A figure with its unit after list items waiting for one: the items are read in its
    /// unit when the figure is the list's last item, else reported.
    pub(super) fn place_pending(&mut self, clause: &Clause, figure: &Figure) {
        if self.pending.is_empty() {
            return;
        }
        let unit = match (figure.ha, figure.mu) {
            (Some(_), None) => Some(AreaUnit::Ha),
            (None, Some(_)) => Some(AreaUnit::Mu),
            _ => None,
        };
        let item = self.listing || words::enumerated(&clause.label);
        match unit.filter(|_| item) {
            Some(unit) => {
                for (clause, token) in std::mem::take(&mut self.pending) {
                    match figure_of(&token, unit) {
                        Some(figure) => self.item(&clause, &token, &figure),
                        None => self.no_unit(&clause, &token),
                    }
                }
            }
            None => self.flush_pending(),
        }
    }

    /// List items that no unit followed: reported.
    pub(super) fn flush_pending(&mut self) {
        for (clause, token) in std::mem::take(&mut self.pending) {
            self.no_unit(&clause, &token);
        }
    }

    /// A number with no unit where a figure is expected.
    pub(super) fn no_unit(&mut self, clause: &Clause, token: &Token) {
        let at = At {
            column: token.column as u64,
            ..clause.at(self.line, None)
        };
        let message = said(
            format!(
                "'{}' has no area unit (公顷 or 亩): not read as a figure",
                token.text
            ),
            format!("“{}”未注明面积单位（公顷或亩），未作为数据读取", token.text),
        );
        self.note(NoteKind::Unread, &at, message);
    }

    /// A figure in another unit than the caption's: read in its own unit, once said.
    pub(super) fn against_caption(&mut self, figure: &Figure, at: &At) {
        let Some(caption) = self.caption.as_mut() else {
            return;
        };
        let other = match caption.unit {
            AreaUnit::Mu => figure.mu.is_none(),
            _ => figure.ha.is_none(),
        };
        if other && !caption.warned {
            caption.warned = true;
            let message = said(
                "the caption (单位) gives another unit than this figure's: each figure is read in the unit written after it",
                "表头所注单位与此数字的单位不同：各数字按其后所写单位读取",
            );
            self.note(NoteKind::Warning, at, message);
        }
    }
}

/// A bare number's figure in a unit, exactly; `None` when it cannot be an area.
fn figure_of(token: &Token, unit: AreaUnit) -> Option<Figure> {
    if !matches!(token.kind, Kind::Bare { counted: false, .. }) {
        return None;
    }
    let digits: String = token
        .text
        .chars()
        .map(lex::fold_char)
        .filter(|c| *c != ',')
        .collect();
    let value = Decimal::from_str_exact(&digits).ok()?;
    let value = lex::area(value, &digits).ok()?;
    Some(Figure::new(value, unit))
}
