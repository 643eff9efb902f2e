//! `landplan parcels`: load, validate, read the parcels, audit them, plan them, render.

use super::{AppError, Outcome, Output, ScenarioSource};
use crate::parcels::{Parcels, PlanOptions, PlanOutcome};
use crate::report::Format;
use crate::scenario::Scenario;

/// Options of `landplan parcels`.
#[derive(Debug, Clone, Default)]
pub struct ParcelsCommand {
    pub source: ScenarioSource,
    pub format: Format,
    pub plan: PlanOptions,
    /// The parcel list and the 时序 tables as an Excel workbook (`--format xlsx`).
    pub workbook: bool,
}

/// The parcels of a scenario's folder (or of the built-in scenario); `None` when it has no
/// `parcels.csv`. For every command that works with parcels.
pub fn load(source: &ScenarioSource, scenario: &Scenario) -> Result<Option<Parcels>, AppError> {
    let files = source.open()?;
    crate::parcels::load(files.as_ref(), scenario)
        .map_err(|error| AppError::Load(crate::load::located(files.as_ref(), error)))
}

/// Plans the supply of the scenario's parcels; an infeasible parcel list is `CheckFailed`.
pub fn run(command: &ParcelsCommand) -> Result<Output, AppError> {
    let scenario = command.source.scenario()?;
    let parcels = load(&command.source, &scenario)?.ok_or_else(|| {
        AppError::Usage(format!(
            "the scenario has no {}: list the parcels proposed for supply (docs/parcels.md)",
            crate::parcels::PARCELS_FILE
        ))
    })?;
    let findings = crate::parcels::audit(&scenario, &parcels);
    let outcome = crate::parcels::plan(&scenario, &parcels, command.plan)?;
    if command.workbook {
        let lang = crate::report::page::Lang::detect(&scenario);
        let sheets =
            crate::report::xlsx::parcel_sheets(&scenario, &parcels, &findings, &outcome, lang);
        let book = crate::report::xlsx::Book {
            sheets,
            decimals: scenario.scale(),
        };
        return super::workbook::finish(&command.source, book, plan_outcome(&outcome));
    }
    let text =
        crate::report::parcels::render(&scenario, &parcels, &findings, &outcome, command.format);
    Ok(Output::new(text, plan_outcome(&outcome)))
}

/// An infeasible parcel list is `CheckFailed`.
fn plan_outcome(outcome: &PlanOutcome) -> Outcome {
    match outcome {
        PlanOutcome::Planned(_) => Outcome::Clean,
        PlanOutcome::Infeasible(_) => Outcome::CheckFailed,
    }
}
