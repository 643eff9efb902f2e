//! One output path: every file and folder landplan writes, and the guard that keeps it off
//! the run's own inputs.
//!
//! Input: where the output goes (`Destination`: standard output, a file or a folder), the
//! bytes or files to put there, and the run's `Inputs`. Output: the bytes written completely
//! or not at all. Every write is staged beside its target and renamed into place, and the
//! temporary is removed on every failure.
//!
//! Must not: write over an input of the run (compared by canonical path and by file
//! identity, so symlinks and hard links are seen through, and every file a scenario folder
//! is read from counts, present or not); replace anything but a regular file (a FIFO or a
//! device node is refused, never replaced); replace a folder that landplan did not write (its
//! `manifest.json` must say landplan wrote it and list everything in it). Nothing here
//! renders: callers hand over finished bytes.

mod folder;
mod format;
mod inputs;
mod target;

pub use folder::{check_folder, write_folder, FolderPolicy, MANIFEST};
pub use format::{FileFormat, FormatChoice};
pub use inputs::{scenario_files, Inputs};
pub use target::{write_file, write_streamed, Destination};

use std::path::PathBuf;

/// Why an output could not be written (exit 2). Nothing was written when this is returned.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("cannot write {path}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("refusing to write {path}: it is {what}, an input of this run")]
    WouldOverwriteInput { path: PathBuf, what: String },
    #[error("refusing to write {path}: it is {kind}, not a regular file")]
    NotRegular { path: PathBuf, kind: &'static str },
    #[error("refusing to write the folder {path}: {why}")]
    FolderRefused { path: PathBuf, why: String },
    #[error("{0}")]
    Format(String),
}

impl OutputError {
    fn io(path: &std::path::Path) -> impl FnOnce(std::io::Error) -> OutputError + '_ {
        move |source| OutputError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}
