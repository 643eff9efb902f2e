//! The state a reading keeps between figures: what was placed last, the town or "of which"
//! list in progress, and the figures drafted before the unit of the folder is chosen.

use super::lex::Figure;
use crate::scenario::CapKind;

/// What the last placed figure was: "其中" after it opens its breakdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Last {
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
pub(super) struct TownScope {
    pub(super) town: usize,
    pub(super) explicit: bool,
}

/// An "of which" list: its parent category (and town), and the parenthesis depth it opened
/// at, so that its closing parenthesis ends it.
#[derive(Debug, Clone, Copy)]
pub(super) struct SubScope {
    pub(super) parent: usize,
    pub(super) town: Option<usize>,
    pub(super) depth: usize,
}

/// Where a figure was read: line, column and the text, for notes.
#[derive(Debug, Clone)]
pub(super) struct At {
    pub(super) line: u64,
    pub(super) column: u64,
    pub(super) text: String,
}

#[derive(Debug)]
pub(super) struct DraftTotal {
    pub(super) figure: Figure,
    pub(super) kind: Option<CapKind>,
    pub(super) at: At,
}

#[derive(Debug)]
pub(super) struct DraftCategory {
    pub(super) name: String,
    pub(super) plan: Option<(Figure, At)>,
    pub(super) line: u64,
}

#[derive(Debug)]
pub(super) struct DraftTown {
    pub(super) name: String,
    pub(super) plan: Option<(Figure, At)>,
    pub(super) line: u64,
    /// Its figure was reported missing already.
    pub(super) missing: bool,
}

#[derive(Debug)]
pub(super) struct DraftSub {
    pub(super) parent: usize,
    pub(super) town: Option<usize>,
    pub(super) name: String,
    pub(super) figure: Figure,
    pub(super) at: At,
}
