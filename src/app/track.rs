//! `landplan track`: load the plan and its parcel register, track the execution, render.

use super::solve::load_valid;
use super::{AppError, Outcome, Output, ScenarioSource};
use crate::parcels::{PlanOptions, PlanOutcome, Timetable};
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

/// The quarterly schedule the pace is measured against: the parcel plan's when the folder has
/// `parcels.csv` (and its plan keeps every limit), else `schedule.csv`'s, else none (a
/// straight line through the year). Both files at once is refused: which one to follow
/// would be a guess.
pub fn timetable(
    source: &ScenarioSource,
    scenario: &Scenario,
) -> Result<Option<Timetable>, AppError> {
    let schedule = crate::parcels::load_schedule(source.open()?.as_ref(), scenario)?;
    let Some(parcels) = super::parcels::load(source, scenario)? else {
        return Ok(schedule);
    };
    if schedule.is_some() {
        return Err(AppError::Usage(format!(
            "the folder has both {} and {}: the pace follows the parcel plan's schedule; remove {} (docs/tracking.md)",
            crate::parcels::PARCELS_FILE,
            crate::parcels::SCHEDULE_FILE,
            crate::parcels::SCHEDULE_FILE
        )));
    }
    let outcome = crate::parcels::plan(scenario, &parcels, PlanOptions::default())?;
    Ok(match outcome {
        PlanOutcome::Planned(plan) => Some(Timetable::from_plan(&plan.schedule, &parcels.parcels)),
        PlanOutcome::Infeasible(_) => None,
    })
}

/// Tracks the plan's execution; any flag makes the outcome `CheckFailed`.
pub fn run(command: &TrackCommand) -> Result<Output, AppError> {
    let (scenario, register) = load_tracked(&command.source, &command.supplied)?;
    let timetable = timetable(&command.source, &scenario)?;
    let progress =
        crate::track::progress::track(&scenario, &register, command.as_of, timetable.as_ref())
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
