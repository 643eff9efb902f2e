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
    /// The language of tables and Markdown; the data's language when `None`.
    pub lang: Option<crate::report::page::Lang>,
}

/// The parcels of a scenario's folder (or of the built-in scenario); `None` when it has no
/// `parcels.csv`. For every command that works with parcels.
pub fn load(source: &ScenarioSource, scenario: &Scenario) -> Result<Option<Parcels>, AppError> {
    let parcels = match source {
        ScenarioSource::Builtin => crate::parcels::load(&crate::builtin::lianzhou(), scenario)?,
        ScenarioSource::Folder(path) => {
            crate::parcels::load(&crate::load::Folder::open(path)?, scenario)?
        }
    };
    Ok(parcels)
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
    let lang = crate::report::page::Lang::or_detect(command.lang, &scenario);
    let text = crate::report::parcels::render(
        &scenario,
        &parcels,
        &findings,
        &outcome,
        command.format,
        lang,
    );
    let outcome = match outcome {
        PlanOutcome::Planned(_) => Outcome::Clean,
        PlanOutcome::Infeasible(_) => Outcome::CheckFailed,
    };
    Ok(Output::new(text, outcome))
}
