//! A clause: the text since the last figure or separator, and what its label names.
//!
//! Input: tokens of one line, added one by one. Output: the label (folded text), the text as
//! published for quoting, and the numbers and units without a figure in it; `classify` says
//! whether a label names the total, a town, a category or a town's category.

use super::lex::Token;
use super::state::At;
use super::words::{self, Name};

/// The longest quote of the text a note carries, in characters.
pub(super) const QUOTE: usize = 60;

/// The text since the last figure or separator.
#[derive(Debug, Default)]
pub(super) struct Clause {
    /// Folded text.
    pub(super) label: String,
    /// As published, figures included, for quoting.
    pub(super) published: String,
    pub(super) column: Option<usize>,
    /// Numbers with no unit, with the length of the label before each.
    pub(super) bares: Vec<(usize, Token)>,
    /// Area units with no number, with the length of the label before each.
    pub(super) units: Vec<(usize, Token)>,
}

impl Clause {
    pub(super) fn add(&mut self, token: &Token, folded: &str) {
        self.column.get_or_insert(token.column);
        self.label.push_str(folded);
        self.published.push_str(&token.text);
    }

    pub(super) fn at(&self, line: u64, token: Option<&Token>) -> At {
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

    pub(super) fn is_empty(&self) -> bool {
        self.published.trim().is_empty()
    }
}

/// The last characters of a label: enough for the name before a number, and short, so that
/// a clause with thousands of numbers is read in linear time.
pub(super) fn tail(text: &str) -> &str {
    const NAME: usize = 32;
    let start = text
        .char_indices()
        .rev()
        .nth(NAME - 1)
        .map_or(0, |(i, _)| i);
    &text[start..]
}

pub(super) fn quote(text: &str) -> String {
    let text = text.trim();
    if text.chars().count() <= QUOTE {
        text.to_string()
    } else {
        let head: String = text.chars().take(QUOTE - 1).collect();
        format!("{head}…")
    }
}

/// What a label names.
pub(super) enum Label {
    Total,
    Town(String),
    Category(String),
    /// A town's category named at once ("城关镇住宅用地").
    Cell(String, String),
    Nameless,
}

pub(super) fn classify(name: &Name, label: &str) -> Label {
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
pub(super) fn split_colon(label: &str) -> (Option<&str>, &str) {
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
