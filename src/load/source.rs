//! Where scenario files come from: a folder on disk, an Excel workbook (`workbook`) or files
//! compiled in.
//!
//! Input: a file name. Output: its bytes, or `None` when the source has no such file, and the
//! path to show a user. Only a failure to read an existing file is an error here; decoding and
//! parsing the bytes is `read`'s job.

use super::LoadError;
use crate::problem::Problems;
use std::path::{Path, PathBuf};

/// Where scenario files come from: a folder or the compiled-in scenario.
pub trait Source {
    /// How to name the source to a user.
    fn label(&self) -> String;
    /// How to name one of its files to a user.
    fn display(&self, file: &str) -> String;
    /// The bytes of a file, `None` when it does not exist.
    fn read(&self, file: &str) -> Result<Option<Vec<u8>>, LoadError>;
    /// The names of the files the source holds, to point at a misspelt file name; empty when
    /// the source cannot tell.
    fn list(&self) -> Vec<String> {
        Vec::new()
    }
    /// Problems found in its files, pointed at their cells where the source has cells (a
    /// workbook: `book.xlsx:cells!B7`); as they are otherwise.
    fn locate(&self, problems: Problems) -> Problems {
        problems
    }
}

/// The scenario at `path`: an Excel workbook (`.xlsx`) or a folder.
pub fn open(path: &Path) -> Result<Box<dyn Source>, LoadError> {
    if super::workbook::is_workbook(path) {
        return Ok(Box::new(super::workbook::Workbook::open(path)?));
    }
    Ok(Box::new(Folder::open(path)?))
}

/// A load error with its problems pointed at the source's cells.
pub fn located(source: &dyn Source, error: LoadError) -> LoadError {
    match error {
        LoadError::Invalid(problems) => LoadError::Invalid(source.locate(problems)),
        other => other,
    }
}

/// A scenario folder on disk.
#[derive(Debug, Clone)]
pub struct Folder(pub PathBuf);

impl Source for Folder {
    fn label(&self) -> String {
        self.0.display().to_string()
    }

    fn display(&self, file: &str) -> String {
        self.0.join(file).display().to_string()
    }

    fn read(&self, file: &str) -> Result<Option<Vec<u8>>, LoadError> {
        let path = self.0.join(file);
        match std::fs::read(&path) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(LoadError::Io { path, source }),
        }
    }

    fn list(&self) -> Vec<String> {
        std::fs::read_dir(&self.0)
            .map(|entries| {
                let mut names: Vec<String> = entries
                    .filter_map(Result::ok)
                    .filter(|entry| entry.path().is_file())
                    .map(|entry| entry.file_name().to_string_lossy().into_owned())
                    .collect();
                names.sort();
                names
            })
            .unwrap_or_default()
    }
}

/// Files held in memory, such as the built-in scenario.
#[derive(Debug, Clone)]
pub struct Embedded {
    pub label: &'static str,
    pub files: &'static [(&'static str, &'static str)],
}

impl Source for Embedded {
    fn label(&self) -> String {
        self.label.to_string()
    }

    fn display(&self, file: &str) -> String {
        format!("{}/{file}", self.label)
    }

    fn read(&self, file: &str) -> Result<Option<Vec<u8>>, LoadError> {
        Ok(self
            .files
            .iter()
            .find(|(name, _)| *name == file)
            .map(|(_, text)| text.as_bytes().to_vec()))
    }

    fn list(&self) -> Vec<String> {
        self.files
            .iter()
            .map(|(name, _)| name.to_string())
            .collect()
    }
}

impl Folder {
    /// A scenario folder on disk; an error when `path` is not a folder.
    pub fn open(path: &Path) -> Result<Folder, LoadError> {
        if !path.is_dir() {
            return Err(LoadError::Io {
                path: path.to_path_buf(),
                source: std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    "not a scenario folder (a folder holding scenario.csv, categories.csv, towns.csv and cells.csv)",
                ),
            });
        }
        Ok(Folder(path.to_path_buf()))
    }
}
