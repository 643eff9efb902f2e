//! `landplan solve`: load, validate, solve, render.

use super::{AppError, Outcome, Output, ScenarioSource};
use crate::problem::Problems;
use crate::report::Format;
use crate::scenario::Scenario;
use crate::solve::{SolveOptions, SolveReport, Status};

/// Options of `landplan solve`.
#[derive(Debug, Clone, Default)]
pub struct SolveCommand {
    pub source: ScenarioSource,
    pub format: Format,
    pub solve: SolveOptions,
}

/// Loads and validates a scenario; any validation problem is an error (exit 2).
pub fn load_valid(source: &ScenarioSource) -> Result<Scenario, AppError> {
    let raw = source.load()?;
    let validated = crate::validate::validate(&raw);
    if !validated.problems.is_empty() {
        return Err(AppError::Invalid(Problems::sorted(validated.problems)));
    }
    Ok(validated.scenario)
}

/// Solves a scenario and renders the report; an infeasible scenario is `CheckFailed`.
pub fn run(command: &SolveCommand) -> Result<Output, AppError> {
    let scenario = load_valid(&command.source)?;
    let report = crate::solve::solve(&scenario, &command.solve)?;
    Ok(output(&scenario, &report, command.format))
}

/// Renders a report with its outcome.
pub fn output(scenario: &Scenario, report: &SolveReport, format: Format) -> Output {
    let text = crate::report::solve::render(scenario, report, format);
    let outcome = match report.status {
        Status::Optimal => Outcome::Clean,
        Status::Infeasible => Outcome::CheckFailed,
    };
    Output { text, outcome }
}
