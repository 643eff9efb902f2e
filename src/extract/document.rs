//! A plan's file to its lines.
//!
//! Input: the path of a plan as published: text (UTF-8 with or without a byte-order mark,
//! UTF-16 with one, or GBK) or a Word .docx. Output: a `Document`, the lines notes point at
//! (a .docx paragraph is a line; a table row is one line, its cells separated by tabs).
//! A PDF's text is read by `pdf`; the old Word format (.doc) is refused with a message to
//! save it as .docx. This is the only part of `extract` that reads files.

use super::ExtractError;
use std::path::Path;

/// A plan's text, line by line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// How to name the document to a user.
    pub name: String,
    pub lines: Vec<String>,
    /// What it was read as: an encoding, or "docx".
    pub format: &'static str,
}

impl Document {
    /// A document from text already in memory.
    pub fn from_text(name: &str, text: &str) -> Document {
        Document {
            name: name.to_string(),
            lines: text.lines().map(str::to_string).collect(),
            format: "UTF-8",
        }
    }
}

/// Reads a plan from a file: PDF and .docx by their extension or signature, text otherwise.
pub fn read_document(path: &Path) -> Result<Document, ExtractError> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| ExtractError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let unreadable = |message: String| ExtractError::Unreadable {
        path: name.clone(),
        message,
    };
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if extension == "pdf" || bytes.starts_with(b"%PDF") {
        let lines = super::pdf::lines(&bytes).map_err(unreadable)?;
        return Ok(Document {
            name,
            lines,
            format: "PDF",
        });
    }
    if extension == "doc" || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(unreadable(
            "the old Word format (.doc) is not read: open it in Word or WPS and save it as .docx"
                .to_string(),
        ));
    }
    if extension == "docx" || bytes.starts_with(b"PK\x03\x04") {
        let lines = super::docx::lines(&bytes).map_err(unreadable)?;
        return Ok(Document {
            name,
            lines,
            format: "docx",
        });
    }
    let decoded = crate::load::text::decode(&bytes).map_err(|error| {
        unreadable(match error.line {
            Some(line) => format!("line {line}: {}", error.message),
            None => error.message,
        })
    })?;
    Ok(Document {
        name,
        lines: decoded.text.lines().map(str::to_string).collect(),
        format: decoded.encoding,
    })
}
