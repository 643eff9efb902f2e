//! `landplan review`: load the plan and the year's parcel register, review the year, and write
//! next year's starting folder (complete or not at all, never into a non-empty folder).

use super::track::load_tracked;
use super::{AppError, Outcome, Output, ScenarioSource};
use crate::number::show;
use std::path::PathBuf;

/// Options of `landplan review`.
#[derive(Debug, Clone)]
pub struct ReviewCommand {
    pub source: ScenarioSource,
    /// The year's parcel register (`supplied.csv`).
    pub supplied: PathBuf,
    /// Next year's folder: must not exist, or be empty.
    pub out: PathBuf,
}

/// Reviews the year and writes next year's folder.
pub fn run(command: &ReviewCommand) -> Result<Output, AppError> {
    let (scenario, register) = load_tracked(&command.source, &command.supplied)?;
    let next = crate::track::review::review(&scenario, &register).map_err(AppError::Invalid)?;
    let files = crate::report::review::files(&scenario, &next, &register.input.path);
    crate::report::write::write_folder_atomic(&command.out, &files)?;
    let unit = scenario.settings.unit;
    let text = format!(
        "wrote {} ({} files): {} {}, {} {unit} of unsupplied planned land carried as demand; {} flag(s) in {}\n",
        command.out.display(),
        files.len(),
        next.scenario.settings.name,
        next.scenario.settings.year.map(|y| y.to_string()).unwrap_or_default(),
        show(next.carried()),
        next.progress.flags.len(),
        crate::report::review::REVIEW_FILE,
    );
    Ok(Output {
        text,
        outcome: Outcome::Clean,
    })
}
