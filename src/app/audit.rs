//! `landplan audit`: load, validate, audit, render.

use super::{AppError, Outcome, Output, ScenarioSource};
use crate::report::Format;

/// Options of `landplan audit`.
#[derive(Debug, Clone, Default)]
pub struct AuditOptions {
    pub source: ScenarioSource,
    pub format: Format,
}

/// Audits a scenario's published plan; findings make the outcome `CheckFailed`.
pub fn run(options: &AuditOptions) -> Result<Output, AppError> {
    let raw = options.source.load()?;
    let validated = crate::validate::validate(&raw);
    let findings = crate::audit::audit(&validated.scenario, &validated.problems);
    let text = crate::report::audit::render(&validated.scenario, &findings, options.format);
    let outcome = if findings.is_empty() {
        Outcome::Clean
    } else {
        Outcome::CheckFailed
    };
    Ok(Output { text, outcome })
}
