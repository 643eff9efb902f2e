//! `landplan recommend`: load, validate, (apply a what-if,) solve, recommend, render.
//!
//! Input: a scenario source, an optional what-if of its `whatif.csv` (or another what-if
//! file), a format and a language (detected from the names when not given). Output: the
//! same recommendations as the report's section (`recommend::recommend` with the scenario's
//! parcels, worded by `report::page::advice`), as text, Markdown or JSON. An infeasible
//! scenario still gets its recommendations (the verified relaxations) and makes the outcome
//! `CheckFailed`, as `solve` and `report` do.

use super::solve::{outcome, WhatIfChoice};
use super::{AppError, Output, ScenarioSource};
use crate::recommend::recommend;
use crate::report::page::Lang;
use crate::report::recommend::{render, View};
use crate::report::Format;
use crate::scenario::Scenario;
use crate::solve::SolveOptions;
use std::path::PathBuf;

/// Options of `landplan recommend`.
#[derive(Debug, Clone, Default)]
pub struct RecommendCommand {
    pub source: ScenarioSource,
    /// Recommend for this what-if scenario instead of the base.
    pub whatif: Option<WhatIfChoice>,
    pub format: Format,
    /// `None`: Chinese when the names are Chinese, else English.
    pub lang: Option<Lang>,
    /// The unit of the figures (`--unit`); the scenario's own when `None`.
    pub unit: Option<crate::report::page::words::Shown>,
}

impl RecommendCommand {
    /// The what-if file named on the command line, if any.
    pub fn whatif_file(&self) -> Option<PathBuf> {
        self.whatif.as_ref().and_then(|choice| choice.file.clone())
    }
}

/// The scenario to recommend for and its name: the base, or the what-if applied to it.
fn scenario(command: &RecommendCommand) -> Result<(String, Scenario), AppError> {
    let base = super::run::load_base(&command.source)?;
    let Some(choice) = &command.whatif else {
        return Ok((base.scenario.settings.name.clone(), base.scenario));
    };
    let set = super::run::load_whatif(&command.source, choice.file.as_deref())?;
    let applied = crate::whatif::apply(&base, &set, &choice.name)?;
    Ok((applied.lineage.scenario, applied.scenario))
}

/// Recommends for a scenario (solved with marginal values, as the report does).
pub fn run(command: &RecommendCommand) -> Result<Output, AppError> {
    let (name, scenario) = scenario(command)?;
    let options = SolveOptions {
        marginal_values: true,
        ..SolveOptions::default()
    };
    let report =
        crate::solve::solve(&scenario, &options).map_err(|source| AppError::InScenario {
            name: name.clone(),
            source,
        })?;
    let parcels = super::parcels::load(&command.source, &scenario)?;
    let recommendations = recommend(&scenario, &report, parcels.as_ref());
    let view = View {
        name: &name,
        scenario: &scenario,
        recommendations: &recommendations,
        lang: command.lang.unwrap_or_else(|| Lang::detect(&scenario)),
        unit: command.unit,
    };
    Ok(Output::new(render(&view, command.format), outcome(&report)))
}
