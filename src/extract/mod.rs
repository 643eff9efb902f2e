//! Stage 0, extract: a published plan's text to the figures of a scenario folder.
//!
//! Input: the plan as a document (text in UTF-8 or GBK, .docx or PDF), as a bureau publishes it
//! or as a notice or news report republishes it. Output: an `Extraction`: the total, the
//! structure (category totals), the layout (town totals and town x category figures, from
//! the wording or from a layout table),
//! "of which" sub-items kept apart from their parent, every figure exact and in one unit,
//! and a located note for everything the text says that was not taken as a figure.
//! It never guesses a number: what it cannot place it reports with the line, the column and
//! the text it stopped at. How plans are worded is data (`grammar`), applied by `words` and
//! `parse`. Rendering the folder is `render`, writing it `output`'s job;
//! judging the figures is the audit's work.

pub mod document;
pub mod docx;
pub mod grammar;
pub mod lex;
pub mod numerals;
pub mod parse;
pub mod pdf;
pub mod render;
pub mod table;
pub mod tiers;
pub mod words;

use crate::scenario::{CapKind, Unit};
use rust_decimal::Decimal;
use serde::Serialize;
use std::path::PathBuf;

pub use document::{read_document, Document};
pub use parse::parse;

/// How much a note matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NoteKind {
    /// Text that looks like a figure but could not be placed: a missing figure, a number with
    /// no unit, a figure given twice differently. An error under `--strict`.
    Unread,
    /// A reading to review: a default taken, a published pair that disagrees.
    Warning,
    /// A figure read and deliberately not taken: a share, a change on last year, a supply
    /// method or timing.
    Skipped,
}

impl NoteKind {
    pub fn word(self) -> &'static str {
        match self {
            NoteKind::Unread => "unread",
            NoteKind::Warning => "warning",
            NoteKind::Skipped => "skipped",
        }
    }

    /// The kind in Chinese.
    pub fn word_zh(self) -> &'static str {
        match self {
            NoteKind::Unread => "未能读取",
            NoteKind::Warning => "请核对",
            NoteKind::Skipped => "未采用",
        }
    }
}

/// Something about the text, at a place the user can find: 1-based line (a paragraph of a
/// .docx) and character column; line 0 is the document as a whole.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Note {
    pub line: u64,
    pub column: u64,
    pub kind: NoteKind,
    /// In English.
    pub message: String,
    /// In Chinese, in the bureau's register.
    pub message_zh: String,
    /// The text the reading stopped at, as published.
    pub text: String,
}

impl Note {
    /// A note at a place, its message in both languages.
    pub fn new(line: u64, column: u64, kind: NoteKind, said: words::Said, text: String) -> Note {
        Note {
            line,
            column,
            kind,
            message: said.en,
            message_zh: said.zh,
            text,
        }
    }

    /// Where the note points: `plan.txt:12:5`, `plan.txt:12`, or `plan.txt`.
    pub fn place(&self, file: &str) -> String {
        match (self.line, self.column) {
            (0, _) => file.to_string(),
            (line, 0) => format!("{file}:{line}"),
            (line, column) => format!("{file}:{line}:{column}"),
        }
    }

    /// The message and the text quoted: `… (at '…')`.
    pub fn message_at(&self) -> String {
        if self.text.is_empty() {
            self.message.clone()
        } else {
            format!("{} (at '{}')", self.message, self.text)
        }
    }

    /// The note with the document's name: `plan.txt:12:5: unread: … (at '…')`.
    pub fn located(&self, file: &str) -> String {
        format!(
            "{}: {}: {}",
            self.place(file),
            self.kind.word(),
            self.message_at()
        )
    }

    /// The message and the text quoted, in Chinese: `…（原文：“…”）`.
    pub fn message_at_zh(&self) -> String {
        if self.text.is_empty() {
            self.message_zh.clone()
        } else {
            format!("{}（原文：“{}”）", self.message_zh, self.text)
        }
    }

    /// The place in Chinese: `plan.txt 第12行第5字`, `plan.txt 第12行`, or `plan.txt`.
    pub fn place_zh(&self, file: &str) -> String {
        match (self.line, self.column) {
            (0, _) => file.to_string(),
            (line, 0) => format!("{file} 第{line}行"),
            (line, column) => format!("{file} 第{line}行第{column}字"),
        }
    }

    /// The note with the document's name, in Chinese: `plan.txt 第12行第5字：未能读取：…`.
    pub fn located_zh(&self, file: &str) -> String {
        format!(
            "{}：{}：{}",
            self.place_zh(file),
            self.kind.word_zh(),
            self.message_at_zh()
        )
    }
}

/// The total as the text states it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Total {
    pub value: Decimal,
    pub kind: CapKind,
    pub line: u64,
}

/// A category (用地类型) as published, with the default tier the folder gets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Category {
    pub name: String,
    pub tier: u32,
    /// The structure's figure; `None` when only the layout names the category.
    pub plan: Option<Decimal>,
    pub line: u64,
}

/// A town, township, sub-district or district.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Town {
    pub name: String,
    /// The layout's town total; `None` when the text names the town without one.
    pub plan: Option<Decimal>,
    pub line: u64,
}

/// One town x category figure of the layout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cell {
    pub town: String,
    /// The category's name as the structure publishes it.
    pub category: String,
    pub plan: Decimal,
    pub line: u64,
}

/// An "of which" (其中) item: part of its parent, never added to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SubItem {
    /// The parent category.
    pub category: String,
    /// The town, when the sub-item is one of a town's figures.
    pub town: Option<String>,
    pub name: String,
    pub plan: Decimal,
    pub line: u64,
}

/// Everything read from a plan's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Extraction {
    /// The document's title line, as published.
    pub title: Option<String>,
    /// The plan's year: from the title, else from the total's sentence, else from the first
    /// line that names a plan.
    pub year: Option<u32>,
    /// The area the plan covers as the text names it (连州市, 镇江市区, 云溪县): from the title,
    /// else from the sentence of the total.
    pub place: Option<String>,
    /// The unit every figure below is in.
    pub unit: Unit,
    pub total: Option<Total>,
    /// In the order the text first names them.
    pub categories: Vec<Category>,
    pub towns: Vec<Town>,
    pub cells: Vec<Cell>,
    pub subitems: Vec<SubItem>,
    /// Sorted by line and column.
    pub notes: Vec<Note>,
}

impl Extraction {
    /// The notes of one kind.
    pub fn notes_of(&self, kind: NoteKind) -> impl Iterator<Item = &Note> {
        self.notes.iter().filter(move |n| n.kind == kind)
    }

    /// Whether the text gave any figure at all.
    pub fn is_empty(&self) -> bool {
        self.total.is_none()
            && self.categories.is_empty()
            && self.towns.is_empty()
            && self.subitems.is_empty()
    }
}

/// Reads a document and extracts its figures.
pub fn extract(document: &Document) -> Extraction {
    parse(&document.lines)
}

/// Why a plan could not be turned into a scenario folder.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    #[error("cannot read {path}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Unreadable { path: String, message: String },
    #[error("{path}: the text states no total (土地供应总量…公顷); nothing written{}", list(.notes))]
    NoTotal { path: String, notes: Vec<String> },
    #[error("{path}: {} thing(s) could not be read (--strict); nothing written{}", .notes.len(), list(.notes))]
    Strict { path: String, notes: Vec<String> },
}

fn list(notes: &[String]) -> String {
    notes.iter().map(|n| format!("\n  {n}")).collect()
}
