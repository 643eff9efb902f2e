//! `landplan audit`: load, validate, audit (the plan, and its parcels when the folder has
//! `parcels.csv`), render.

use super::{AppError, Outcome, Output, ScenarioSource};
use crate::audit::Finding;
use crate::report::Format;
use crate::scenario::Unit;

/// Options of `landplan audit`.
#[derive(Debug, Clone, Default)]
pub struct AuditOptions {
    pub source: ScenarioSource,
    pub format: Format,
    /// The unit to report figures in; the scenario's own unit when `None`.
    pub unit: Option<Unit>,
    /// The language of tables and Markdown; the data's language when `None`.
    pub lang: Option<crate::report::page::Lang>,
}

/// The findings of the folder's `parcels.csv` against the plan's cells (none without it).
fn parcel_rows(
    source: &ScenarioSource,
    scenario: &crate::Scenario,
    unit: Unit,
) -> Result<Vec<crate::report::parcels::AuditRow>, AppError> {
    let Some(parcels) = super::parcels::load(source, scenario)? else {
        return Ok(Vec::new());
    };
    let findings = crate::parcels::audit(scenario, &parcels);
    Ok(crate::report::parcels::audit_rows(
        scenario, &parcels, &findings, unit,
    ))
}

/// Audits a scenario's published plan and its parcels; findings make the outcome `CheckFailed`. A scenario
/// with problems in its input is an error (every problem listed), not a finding.
pub fn run(options: &AuditOptions) -> Result<Output, AppError> {
    let scenario = options.source.scenario()?;
    let unit = options.unit.unwrap_or(scenario.settings.unit);
    let findings: Vec<Finding> = crate::audit::audit(&scenario)
        .iter()
        .map(|finding| finding.in_unit(unit))
        .collect();
    let parcels = parcel_rows(&options.source, &scenario, unit)?;
    let lang = crate::report::page::Lang::or_detect(options.lang, &scenario);
    let text =
        crate::report::audit::render(&scenario, unit, &findings, &parcels, options.format, lang);
    let outcome = if findings.is_empty() && parcels.is_empty() {
        Outcome::Clean
    } else {
        Outcome::CheckFailed
    };
    Ok(Output::new(text, outcome))
}
