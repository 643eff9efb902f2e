//! `landplan adjust`: load the plan, its parcel register and the updated demand, propose the
//! mid-year adjustment within the published total, render the change table.

use super::track::load_tracked;
use super::{AppError, Outcome, Output, ScenarioSource};
use crate::report::Format;
use crate::solve::{SolveOptions, Status};
use std::path::PathBuf;

/// Options of `landplan adjust`.
#[derive(Debug, Clone)]
pub struct AdjustCommand {
    pub source: ScenarioSource,
    /// The parcel register (`supplied.csv`).
    pub supplied: PathBuf,
    /// The updated full-year demand (`town,category,demand`).
    pub demand: PathBuf,
    pub format: Format,
    /// The language of the output; the data's language when `None`.
    pub lang: Option<crate::report::page::Lang>,
}

/// Proposes the adjustment; an infeasible one (no structure keeps the total and the land
/// already supplied) is `CheckFailed`.
pub fn run(command: &AdjustCommand) -> Result<Output, AppError> {
    let (scenario, register) = load_tracked(&command.source, &command.supplied)?;
    let demand = crate::track::demand::load(&command.demand, &scenario)?;
    let options = SolveOptions {
        marginal_values: false,
        ..SolveOptions::default()
    };
    let adjustment = crate::track::adjust::adjust(&scenario, &register, &demand, &options)?;
    let lang = command
        .lang
        .unwrap_or_else(|| crate::report::page::Lang::detect(&adjustment.scenario));
    let text = crate::report::adjust::render(&adjustment, command.format, lang);
    let outcome = match adjustment.report.status() {
        Status::Optimal => Outcome::Clean,
        Status::Infeasible => Outcome::CheckFailed,
    };
    Ok(Output::new(text, outcome))
}
