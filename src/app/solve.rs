//! `landplan solve`: load, validate, solve, render.

use super::{AppError, Outcome, Output, ScenarioSource};
use crate::report::page::words::{Shown, Words};
use crate::report::page::Lang;
use crate::report::Format;
use crate::scenario::Scenario;
use crate::solve::backend::Solver;
use crate::solve::{SolveOptions, SolveReport, Status};
use std::path::PathBuf;

/// Options of `landplan solve`.
#[derive(Debug, Clone, Default)]
pub struct SolveCommand {
    pub source: ScenarioSource,
    pub format: Format,
    /// Overrides `solve.backend`: a named backend, or `auto` by the scenario's size.
    pub solver: Solver,
    pub solve: SolveOptions,
    /// Solve this what-if scenario instead of the base.
    pub whatif: Option<WhatIfChoice>,
    /// Write the official tables (总量, 结构, 布局) as an Excel workbook instead of `format`.
    pub workbook: bool,
    /// The language of tables and Markdown; the data's language when `None`.
    pub lang: Option<crate::report::page::Lang>,
    /// The unit of the figures (`--unit`); the scenario's own when `None`.
    pub unit: Option<Shown>,
}

impl SolveCommand {
    /// The what-if file named on the command line, if any.
    pub fn whatif_file(&self) -> Option<PathBuf> {
        self.whatif.as_ref().and_then(|choice| choice.file.clone())
    }
}

/// `--whatif NAME` and `--whatif-file FILE`.
#[derive(Debug, Clone, Default)]
pub struct WhatIfChoice {
    pub name: String,
    /// The what-if file; the scenario folder's `whatif.csv` when `None`.
    pub file: Option<PathBuf>,
}

/// Loads and validates a scenario; every problem of its files is one error (exit 2).
pub fn load_valid(source: &ScenarioSource) -> Result<Scenario, AppError> {
    source.scenario()
}

/// Solves a scenario and renders the report; an infeasible scenario is `CheckFailed`.
pub fn run(command: &SolveCommand) -> Result<Output, AppError> {
    if let Some(choice) = &command.whatif {
        return run_whatif(command, choice);
    }
    let scenario = load_valid(&command.source)?;
    let methods = crate::methods::plan::load(command.source.open()?.as_ref(), &scenario)?;
    let report = crate::solve::solve(&scenario, &options(command, &scenario))?;
    if command.workbook {
        return workbook(command, &scenario, &report);
    }
    let split = methods
        .zip(report.allocated())
        .map(|(plan, allocated)| split_by_method(&scenario, &plan, allocated));
    let words = Words::new(Lang::or_detect(command.lang, &scenario), &scenario);
    let text = crate::report::solve::render_with_methods(
        &scenario,
        &report,
        split.as_deref(),
        command.format,
        &words.showing(command.unit),
    );
    Ok(Output::new(text, outcome(&report)))
}

/// Each category's certified supply split by the methods of methods.csv.
fn split_by_method(
    scenario: &Scenario,
    plan: &crate::methods::plan::MethodPlan,
    allocated: &crate::solve::Allocated,
) -> Vec<crate::methods::split::CategorySplit> {
    let supplied: Vec<_> = allocated
        .evaluation
        .categories
        .iter()
        .map(|c| c.supplied)
        .collect();
    crate::methods::split::split(scenario, plan, &supplied)
}

/// The solved scenario as the bureau's tables in an Excel workbook, in the data's language,
/// with the scenario's files (`app::workbook`).
fn workbook(
    command: &SolveCommand,
    scenario: &Scenario,
    report: &SolveReport,
) -> Result<Output, AppError> {
    let lang = crate::report::page::Lang::detect(scenario);
    let book = crate::report::xlsx::solve_book_in(scenario, report, lang, command.unit);
    super::workbook::deliver(&command.source, scenario, book, lang, outcome(report))
}

/// The solve options with the backend `--solver` picks for this scenario.
fn options(command: &SolveCommand, scenario: &Scenario) -> SolveOptions {
    SolveOptions {
        backend: command.solver.backend(scenario.cells.len()),
        ..command.solve
    }
}

/// Renders a report with its outcome.
pub fn output(scenario: &Scenario, report: &SolveReport, format: Format, lang: Lang) -> Output {
    let text = crate::report::solve::render(scenario, report, format, lang);
    Output {
        binary: None,
        text,
        outcome: outcome(report),
    }
}

/// Infeasible is `CheckFailed`.
pub fn outcome(report: &SolveReport) -> Outcome {
    match report.status() {
        Status::Optimal => Outcome::Clean,
        Status::Infeasible => Outcome::CheckFailed,
    }
}

/// Applies one what-if scenario, solves it and renders it with its lineage.
fn run_whatif(command: &SolveCommand, choice: &WhatIfChoice) -> Result<Output, AppError> {
    let base = super::run::load_base(&command.source)?;
    let set = super::run::load_whatif(&command.source, choice.file.as_deref())?;
    let applied = crate::whatif::apply(&base, &set, &choice.name)?;
    let report = crate::solve::solve(&applied.scenario, &options(command, &applied.scenario))?;
    if command.workbook {
        return workbook(command, &applied.scenario, &report);
    }
    let text = crate::report::run::render_solve(
        &applied.scenario,
        &report,
        &applied.lineage,
        command.format,
        &Words::new(
            Lang::or_detect(command.lang, &applied.scenario),
            &applied.scenario,
        )
        .showing(command.unit),
    );
    Ok(Output {
        binary: None,
        text,
        outcome: outcome(&report),
    })
}
