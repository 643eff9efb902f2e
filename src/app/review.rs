//! `landplan review`: load the plan and the year's parcel register, review the year, and write
//! next year's starting folder (complete or not at all, never into a non-empty folder).

use super::track::{input_paths, load_tracked};
use super::{AppError, Outcome, Output, ScenarioSource};
use crate::number::show;
use std::path::{Path, PathBuf};

/// Options of `landplan review`.
#[derive(Debug, Clone)]
pub struct ReviewCommand {
    pub source: ScenarioSource,
    /// The year's parcel register (`supplied.csv`).
    pub supplied: PathBuf,
    /// Next year's folder: must not exist, or be empty.
    pub out: PathBuf,
}

/// Whether `path` exists and is anything but an empty folder.
pub(super) fn occupied(path: &Path) -> bool {
    path.exists()
        && std::fs::read_dir(path)
            .map(|mut entries| entries.next().is_some())
            .unwrap_or(true)
}

/// Reviews the year and writes next year's folder.
pub fn run(command: &ReviewCommand) -> Result<Output, AppError> {
    if occupied(&command.out) {
        return Err(AppError::NotEmpty(command.out.clone()));
    }
    let (scenario, register) = load_tracked(&command.source, &command.supplied)?;
    let next = crate::track::review::review(&scenario, &register).map_err(AppError::Invalid)?;
    // The data's language until the command layer wires `--lang`.
    let lang = crate::report::page::Lang::detect(&scenario);
    let files = crate::report::review::files(&scenario, &next, &register.input.path, lang);
    let bytes: Vec<(String, Vec<u8>)> = files
        .iter()
        .map(|(name, text)| (name.clone(), text.clone().into_bytes()))
        .collect();
    let inputs = input_paths(&command.source, &[&command.supplied]);
    crate::report::write::write_dir_atomic(&command.out, &bytes, &inputs)?;
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
