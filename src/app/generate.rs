//! `landplan generate`: a random scenario folder of a given size.
//!
//! Input: validated generator options and a target folder. Output: the folder written
//! completely (or not at all, and never into a non-empty folder) and a one-line summary.
//! The figures come from `crate::generate`; this module only chains it to the writer.

use super::{AppError, Outcome, Output};
use crate::generate::GenerateOptions;
use std::path::PathBuf;

/// Options of `landplan generate`.
#[derive(Debug, Clone)]
pub struct GenerateCommand {
    pub options: GenerateOptions,
    pub out: PathBuf,
}

/// Generates the scenario and writes its folder.
pub fn run(command: &GenerateCommand) -> Result<Output, AppError> {
    let files = crate::generate::files(&command.options)?;
    let cells = files
        .iter()
        .find(|(name, _)| *name == crate::load::CELLS_FILE)
        .map_or(0, |(_, text)| text.lines().count().saturating_sub(1));
    crate::report::write::write_folder_atomic(&command.out, &files)?;
    let text = format!(
        "wrote {}: {} towns, {} categories, {cells} cells (seed {})\n",
        command.out.display(),
        command.options.towns,
        command.options.categories,
        command.options.seed
    );
    Ok(Output {
        text,
        outcome: Outcome::Clean,
    })
}
