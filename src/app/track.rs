//! `landplan track`: load the plan and its parcel register, track the execution, render.

use super::solve::load_valid;
use super::{AppError, Outcome, Output, ScenarioSource};
use crate::report::Format;
use crate::track::register::{self, Register};
use crate::Scenario;
use jiff::civil::Date;
use std::path::{Path, PathBuf};

/// Options of `landplan track`.
#[derive(Debug, Clone)]
pub struct TrackCommand {
    pub source: ScenarioSource,
    /// The parcel register (`supplied.csv`).
    pub supplied: PathBuf,
    /// Report at this date; the latest parcel's date when `None`.
    pub as_of: Option<Date>,
    pub format: Format,
    /// The language of the output; the data's language when `None`.
    pub lang: Option<crate::report::page::Lang>,
}

/// Loads the scenario (no validation problem allowed) and its parcel register.
pub fn load_tracked(
    source: &ScenarioSource,
    supplied: &Path,
) -> Result<(Scenario, Register), AppError> {
    let scenario = load_valid(source)?;
    let register = register::load(supplied, &scenario)?;
    Ok((scenario, register))
}

/// Tracks the plan's execution; any flag makes the outcome `CheckFailed`.
pub fn run(command: &TrackCommand) -> Result<Output, AppError> {
    let (scenario, register) = load_tracked(&command.source, &command.supplied)?;
    let progress = crate::track::progress::track(&scenario, &register, command.as_of)
        .map_err(AppError::Invalid)?;
    let lang = command
        .lang
        .unwrap_or_else(|| crate::report::page::Lang::detect(&scenario));
    let text = crate::report::track::render(
        &scenario,
        &progress,
        &register.input.path,
        command.format,
        lang,
    );
    let outcome = if progress.flagged() {
        Outcome::CheckFailed
    } else {
        Outcome::Clean
    };
    Ok(Output::new(text, outcome))
}
