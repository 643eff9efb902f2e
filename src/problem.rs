//! Located problems in a user's input.
//!
//! Every stage that reads or checks user data reports what is wrong as a `Problem` that names
//! the file, the 1-based line and the column by its header name, so a planner can go straight
//! to the cell in Excel. Stages collect all problems before failing.

use serde::Serialize;
use std::fmt;
use std::sync::Arc;

/// The path of a file as shown to the user, shared by every origin in the file (cloning it
/// copies a pointer): a 729,249-row cells.csv gave each row and each cell a copy of its own,
/// 1.5 million strings. Reads as a `&str`.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileName(Arc<str>);

impl std::ops::Deref for FileName {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<std::ffi::OsStr> for FileName {
    fn as_ref(&self) -> &std::ffi::OsStr {
        self.0.as_ref().as_ref()
    }
}

impl From<&str> for FileName {
    fn from(file: &str) -> Self {
        FileName(file.into())
    }
}

impl From<String> for FileName {
    fn from(file: String) -> Self {
        FileName(file.into())
    }
}

impl From<&String> for FileName {
    fn from(file: &String) -> Self {
        FileName(file.as_str().into())
    }
}

impl From<&FileName> for FileName {
    fn from(file: &FileName) -> Self {
        file.clone()
    }
}

impl PartialEq<&str> for FileName {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl fmt::Display for FileName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

impl fmt::Debug for FileName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl Serialize for FileName {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

/// Where a value came from: a file and a 1-based line (0 = the file as a whole). In a
/// workbook the file is a sheet (`book.xlsx:cells`), the line its row, and a problem in one
/// cell also knows the cell's column letter: `book.xlsx:cells!B7`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Origin {
    pub file: FileName,
    pub line: u64,
    /// The column letter of the cell, when the file is a workbook's sheet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet_column: Option<String>,
}

impl Origin {
    pub fn new(file: impl Into<FileName>, line: u64) -> Self {
        Origin {
            file: file.into(),
            line,
            sheet_column: None,
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.sheet_column, self.line) {
            (_, 0) => write!(f, "{}", self.file),
            (Some(letter), line) => write!(f, "{}!{letter}{line}", self.file),
            (None, line) => write!(f, "{}:{line}", self.file),
        }
    }
}

/// One thing wrong with the input, at a place the user can find.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Problem {
    pub origin: Origin,
    /// The column's header name, when the problem is in one cell.
    pub column: Option<String>,
    pub message: String,
    /// The text the user wrote, when there is one to quote.
    pub got: Option<String>,
    /// What would have been accepted.
    pub expected: Option<String>,
}

impl Problem {
    pub fn new(origin: Origin, message: impl Into<String>) -> Self {
        Problem {
            origin,
            column: None,
            message: message.into(),
            got: None,
            expected: None,
        }
    }

    pub fn column(mut self, column: impl Into<String>) -> Self {
        self.column = Some(column.into());
        self
    }

    pub fn got(mut self, got: impl Into<String>) -> Self {
        self.got = Some(got.into());
        self
    }

    pub fn expected(mut self, expected: impl Into<String>) -> Self {
        self.expected = Some(expected.into());
        self
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.origin)?;
        if let Some(column) = &self.column {
            write!(f, "column '{column}': ")?;
        }
        // A quoted name may hold a character that would act on the terminal (ESC, U+202E):
        // it is shown as its code point instead.
        write!(f, "{}", crate::names::shown(&self.message))?;
        let got = self.got.as_deref().map(crate::names::shown);
        match (&got, &self.expected) {
            (Some(got), Some(expected)) => write!(f, " (got '{got}', expected {expected})"),
            (Some(got), None) => write!(f, " (got '{got}')"),
            (None, Some(expected)) => write!(f, " (expected {expected})"),
            (None, None) => Ok(()),
        }
    }
}

/// Every problem found in one pass, in file and line order.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Problems(pub Vec<Problem>);

impl Problems {
    pub fn sorted(mut problems: Vec<Problem>) -> Self {
        problems.sort();
        problems.dedup();
        Problems(problems)
    }

    /// A single problem, for checks that stop at the first.
    pub fn one(problem: Problem) -> Self {
        Problems(vec![problem])
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.0.len();
        writeln!(
            f,
            "{count} problem{} in the input:",
            if count == 1 { "" } else { "s" }
        )?;
        for problem in &self.0 {
            writeln!(f, "  {problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Problems {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_file_line_column_value_and_expectation() {
        let problem = Problem::new(Origin::new("scenarios/x/cells.csv", 14), "invalid value")
            .column("demand")
            .got("12,5")
            .expected("a number >= 0");
        assert_eq!(
            problem.to_string(),
            "scenarios/x/cells.csv:14: column 'demand': invalid value (got '12,5', expected a number >= 0)"
        );
    }
}
