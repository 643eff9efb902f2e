//! `landplan parcels`: load, validate, read the parcels, audit them, plan them, render.

use super::{AppError, Outcome, Output, ScenarioSource};
use crate::parcels::{Parcels, PlanOptions, PlanOutcome};
use crate::report::Format;
use crate::scenario::Scenario;
use crate::whatif::Base;

/// Options of `landplan parcels`.
#[derive(Debug, Clone, Default)]
pub struct ParcelsCommand {
    pub source: ScenarioSource,
    pub format: Format,
    pub plan: PlanOptions,
    /// The parcel list and the 时序 tables as an Excel workbook (`--format xlsx`).
    pub workbook: bool,
    /// Plan this what-if scenario (its plan rows and its parcel rows) instead of the base,
    /// beside the base plan.
    pub whatif: Option<super::solve::WhatIfChoice>,
    /// Also plan under readiness slips and demand shocks drawn from an `uncertainty.csv`.
    pub stress: Option<SlipStress>,
    /// The language of tables and Markdown; the data's language when `None`.
    pub lang: Option<crate::report::page::Lang>,
}

/// `--stress N --seed S --uncertainty FILE`.
#[derive(Debug, Clone)]
pub struct SlipStress {
    pub samples: u64,
    pub seed: u64,
    /// Its parcel rows draw readiness slips, its other rows demand shocks.
    pub uncertainty: std::path::PathBuf,
}

/// The parcel plan under `stress`'s readiness slips and demand shocks.
fn slip_stress(
    scenario: &Scenario,
    parcels: &Parcels,
    stress: &SlipStress,
    options: PlanOptions,
) -> Result<crate::stress::slips::ParcelStress, AppError> {
    let (shown, bytes) = super::run::read_file(&stress.uncertainty)?;
    let slips = crate::stress::slips::parse(&shown, &bytes).map_err(AppError::Invalid)?;
    let slip_plan =
        crate::stress::slips::SlipPlan::new(&slips, parcels).map_err(AppError::Invalid)?;
    let uncertainty = super::stress::Uncertainty::File(stress.uncertainty.clone());
    let (demand, _) = super::stress::sampling_plan(scenario, &uncertainty)?;
    Ok(crate::stress::slips::run(
        scenario,
        parcels,
        &slip_plan,
        &demand,
        stress.seed,
        stress.samples,
        options,
    )?)
}

/// The parcels of a scenario's folder (or of the built-in scenario); `None` when it has no
/// `parcels.csv`. For every command that works with parcels.
pub fn load(source: &ScenarioSource, scenario: &Scenario) -> Result<Option<Parcels>, AppError> {
    let files = source.open()?;
    crate::parcels::load(files.as_ref(), scenario)
        .map_err(|error| AppError::Load(crate::load::located(files.as_ref(), error)))
}

/// The parcels of a scenario, required.
fn required(source: &ScenarioSource, scenario: &Scenario) -> Result<Parcels, AppError> {
    load(source, scenario)?.ok_or_else(|| {
        AppError::Usage(format!(
            "the scenario has no {}: list the parcels proposed for supply (docs/parcels.md)",
            crate::parcels::PARCELS_FILE
        ))
    })
}

/// The scenario and parcels of a what-if: its plan rows applied to the base scenario, its
/// parcel rows to the base parcels.
pub fn whatif_parcels(
    source: &ScenarioSource,
    choice: &super::solve::WhatIfChoice,
    base: &Base,
    parcels: &Parcels,
) -> Result<(Scenario, Parcels), AppError> {
    let set = super::run::load_whatif(source, choice.file.as_deref())?;
    let applied = crate::whatif::apply(base, &set, &choice.name)?;
    let parcels = crate::whatif::apply_parcels(parcels, &applied.scenario, &set, &choice.name)?;
    Ok((applied.scenario, parcels))
}

/// Plans the supply of the scenario's parcels (under a what-if, beside the base plan); an
/// infeasible parcel list is `CheckFailed`.
pub fn run(command: &ParcelsCommand) -> Result<Output, AppError> {
    let base = super::run::load_base(&command.source)?;
    let base_parcels = required(&command.source, &base.scenario)?;
    let (scenario, parcels, against) = match &command.whatif {
        None => (base.scenario.clone(), base_parcels, None),
        Some(choice) => {
            let (scenario, parcels) =
                whatif_parcels(&command.source, choice, &base, &base_parcels)?;
            let base_outcome = crate::parcels::plan(&base.scenario, &base_parcels, command.plan)?;
            let outcome = crate::parcels::plan(&scenario, &parcels, command.plan)?;
            let changes = crate::parcels::compare::changes(
                (&base_parcels, &base_outcome),
                (&parcels, &outcome),
            );
            (scenario, parcels, Some(changes))
        }
    };
    let findings = crate::parcels::audit(&scenario, &parcels);
    let outcome = crate::parcels::plan(&scenario, &parcels, command.plan)?;
    let lang = crate::report::page::Lang::or_detect(command.lang, &scenario);
    if command.workbook {
        let sheets =
            crate::report::xlsx::parcel_sheets(&scenario, &parcels, &findings, &outcome, lang);
        let book = crate::report::xlsx::Book {
            sheets,
            decimals: scenario.scale(),
        };
        return super::workbook::finish(&command.source, book, plan_outcome(&outcome));
    }
    let stress = command
        .stress
        .as_ref()
        .map(|s| slip_stress(&scenario, &parcels, s, command.plan))
        .transpose()?;
    let beside = crate::report::parcels::Beside {
        against: against.as_deref(),
        stress: stress.as_ref(),
    };
    let text = crate::report::parcels::render(
        &scenario,
        &parcels,
        &findings,
        &outcome,
        beside,
        command.format,
        lang,
    );
    Ok(Output::new(text, plan_outcome(&outcome)))
}

/// An infeasible parcel list is `CheckFailed`.
fn plan_outcome(outcome: &PlanOutcome) -> Outcome {
    match outcome {
        PlanOutcome::Planned(_) => Outcome::Clean,
        PlanOutcome::Infeasible(_) => Outcome::CheckFailed,
    }
}
