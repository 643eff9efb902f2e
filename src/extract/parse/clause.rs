//! A clause: the text since the last figure or separator, and what its label names.
//!
//! Input: tokens of one line, added one by one. Output: the label (folded text), the text as
//! published for quoting, and the numbers and units without a figure in it; `classify` says
//! whether a label names the total, a town, a category or a town's category.

use super::grammar::Role;
use super::lex::Token;
use super::state::At;
use super::words::{self, Name, Subject};
use regex::Regex;
use std::sync::LazyLock;

/// The longest quote of the text a note carries, in characters.
pub(super) const QUOTE: usize = 60;

/// The text since the last figure or separator.
#[derive(Debug, Default, Clone)]
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
    /// A part of the area that is no town, and a category ("城市更新…住宅用地").
    Part(String, String),
    /// An area wider than the plan's (全市 in a plan for 市区).
    Wider,
    Nameless,
}

/// What the reading knows of the area the plan covers.
pub(super) struct Area<'a> {
    /// As named (连州市, 镇江市区).
    pub(super) place: Option<&'a str>,
    /// The plan covers the city proper (市区).
    pub(super) city_proper: bool,
    /// A total was read already.
    pub(super) has_total: bool,
}

impl Area<'_> {
    /// Whether a name is the plan's own area ("连州市" in the plan of 连州市).
    fn is_plan(&self, core: &str) -> bool {
        words::is_whole_area(core)
            || self.place == Some(core)
            || (self.city_proper && words::is_city_proper(core))
    }
}

/// Endings of the name of a city or county, whose figure named with the total's words is
/// the plan's total when the plan's place is not known yet ("连州市…土地供应总量").
const PLAN_LEVEL: &[&str] = &["市", "县", "旗"];

pub(super) fn classify(name: &Name, label: &str, area: &Area) -> Label {
    if area.city_proper && words::holds(label, Role::Wider) {
        return Label::Wider;
    }
    let core = name.core.as_str();
    if name.name.is_empty() {
        return if words::names_total(label) {
            Label::Total
        } else {
            Label::Nameless
        };
    }
    if area.is_plan(core) {
        return Label::Total;
    }
    if words::is_place(core) || words::is_city_proper(core) {
        // "市区…供应计划总量为13740.59亩" first, in a plan whose place is not known yet: a
        // plan for the city proper.
        let plan_level =
            PLAN_LEVEL.iter().any(|s| core.ends_with(s)) || words::is_city_proper(core);
        return if plan_level
            && area.place.is_none()
            && !area.has_total
            && words::speaks_of_total(label)
        {
            Label::Total
        } else {
            Label::Town(name.name.clone())
        };
    }
    match words::subject(&name.name) {
        Subject::Cell(place, category) => {
            let place_core = PARENTHESES.replace_all(&place, "");
            if area.is_plan(place_core.trim()) {
                Label::Category(category)
            } else {
                Label::Cell(place, category)
            }
        }
        Subject::Part(part, category) => Label::Part(part, category),
        // "连州市…土地供应总量": the area the plan covers, named.
        Subject::Category(category)
            if words::speaks_of_total(label) && !words::looks_like_category(&category) =>
        {
            Label::Total
        }
        Subject::Category(category) if category.is_empty() => Label::Nameless,
        Subject::Category(category) => Label::Category(category),
    }
}

static PARENTHESES: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\([^()]*\)").expect("a valid pattern"));

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
