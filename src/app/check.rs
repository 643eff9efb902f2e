//! `landplan check ALLOCATION --against SCENARIO`: any allocation judged like a solve.
//!
//! ALLOCATION is any operand of `compare` (a saved or hand-typed allocation file, the
//! published plan of a folder, a solved scenario). SCENARIO is a folder, `FOLDER#NAME` for
//! one of its what-ifs, or the built-in scenario when omitted. The allocation's names are
//! resolved against the scenario (unknown names are located errors), laid onto its cells
//! (figures for pairs the scenario lacks become cells with no demand; cells the file omits
//! count as 0) and evaluated by `evaluate::evaluate`, the solver's own certificate. The
//! scenario folder's `methods.csv`, when it has one, is judged by the legal rules on supply
//! methods (`methods::plan`): a row they forbid is broken, at its line. Anything broken makes
//! the outcome `CheckFailed`.

use super::compare::{infeasible_output, resolve, scenario_of, Resolved};
use super::run::load_base;
use super::{AppError, Outcome, Output, ScenarioSource};
use crate::report::Format;
use crate::scenario::Scenario;
use std::path::PathBuf;

/// Options of `landplan check`.
#[derive(Debug, Clone, Default)]
pub struct CheckCommand {
    pub allocation: String,
    /// A folder or `FOLDER#NAME`; `None` for the built-in scenario.
    pub against: Option<String>,
    pub format: Format,
    /// The language of tables and Markdown; the data's language when `None`.
    pub lang: Option<crate::report::page::Lang>,
}

/// The scenario an allocation is checked against, and the files it came from.
fn against(text: Option<&str>) -> Result<(Scenario, ScenarioSource), AppError> {
    let Some(text) = text else {
        let source = ScenarioSource::Builtin;
        return Ok((load_base(&source)?.scenario, source));
    };
    let source = |folder: &str| {
        if folder.is_empty() {
            ScenarioSource::Builtin
        } else {
            ScenarioSource::Folder(PathBuf::from(folder))
        }
    };
    match text.rsplit_once('#') {
        Some((folder, name)) => {
            let source = source(folder);
            Ok((scenario_of(&source, name)?.0, source))
        }
        None => {
            let source = source(text);
            Ok((load_base(&source)?.scenario, source))
        }
    }
}

/// The rows of the scenario's methods.csv the legal rules forbid or ask to verify (none
/// when the folder has no methods.csv).
pub fn method_violations(
    source: &ScenarioSource,
    scenario: &Scenario,
) -> Result<Vec<crate::methods::plan::Violation>, AppError> {
    let plan = crate::methods::plan::load(source.open()?.as_ref(), scenario)?;
    Ok(plan.map_or_else(Vec::new, |plan| plan.violations(scenario)))
}

/// Evaluates an allocation against a scenario.
pub fn run(command: &CheckCommand) -> Result<Output, AppError> {
    let (scenario, source) = against(command.against.as_deref())?;
    let methods = method_violations(&source, &scenario)?;
    let named = match resolve(&command.allocation)? {
        Resolved::Allocation { named, .. } => named,
        Resolved::Infeasible(infeasible) => {
            return Ok(infeasible_output(
                &infeasible.0,
                &infeasible.1,
                command.format,
                command.lang,
            ))
        }
    };
    let laid = named.lay_onto(&scenario).map_err(AppError::Invalid)?;
    let evaluation = crate::evaluate::evaluate(&laid.scenario, &laid.allocation);
    let outcome = if evaluation.feasible() && !methods.iter().any(|v| v.forbidden()) {
        Outcome::Clean
    } else {
        Outcome::CheckFailed
    };
    let lang = crate::report::page::Lang::or_detect(command.lang, &laid.scenario);
    let text = crate::report::check::render(
        &named.label,
        &laid,
        &evaluation,
        &methods,
        command.format,
        lang,
    );
    Ok(Output::new(text, outcome))
}
