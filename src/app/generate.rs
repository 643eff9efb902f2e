//! `landplan generate`: a random scenario folder of a given size.
//!
//! Input: validated generator options and a target folder. Output: the folder written
//! completely (or not at all, and never into a folder that holds anything) and a one-line
//! summary. The figures come from `crate::generate`; this module only chains it to the writer.

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
    if super::review::occupied(&command.out) {
        return Err(AppError::NotEmpty(command.out.clone()));
    }
    let files = crate::generate::files(&command.options)?;
    let cells = files
        .iter()
        .find(|(name, _)| *name == crate::load::CELLS_FILE)
        .map_or(0, |(_, text)| text.lines().count().saturating_sub(1));
    let bytes: Vec<(String, Vec<u8>)> = files
        .into_iter()
        .map(|(name, text)| (name.to_string(), text.into_bytes()))
        .collect();
    crate::report::write::write_dir_atomic(&command.out, &bytes, &[])?;
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
