//! `landplan report`: load, validate, audit, solve, recommend, build the page, write it.
//!
//! Input: a scenario source, a language (detected from the names when not given) and the
//! output path. Output: one HTML file (or Markdown for `.md`), written atomically and never
//! over an input file, and an `Output` saying where it went. An infeasible scenario still
//! gets its report (with the verified relaxation) and makes the outcome `CheckFailed`.

use super::{AppError, Outcome, Output, ScenarioSource};
use crate::recommend::{recommend, Recommendation};
use crate::report::page::{self, Lang, Manifest, PageFormat, ReportInput, Run};
use crate::report::write::{ensure_not_input, write_atomic};
use crate::scenario::Scenario;
use crate::solve::{SolveOptions, SolveReport, Status};
use std::path::PathBuf;

/// Options of `landplan report`.
#[derive(Debug, Clone)]
pub struct ReportCommand {
    pub source: ScenarioSource,
    /// `None`: Chinese when the names are Chinese, else English.
    pub lang: Option<Lang>,
    pub out: PathBuf,
    pub solve: SolveOptions,
}

/// A scenario solved with marginal values, and its verified recommendations.
#[derive(Debug, Clone)]
pub struct Solved {
    pub report: SolveReport,
    pub recommendations: Vec<Recommendation>,
}

/// Solves a scenario (marginal values on) and keeps the recommendations a re-solve confirms.
pub fn solve_and_recommend(
    scenario: &Scenario,
    options: &SolveOptions,
) -> Result<Solved, AppError> {
    let options = SolveOptions {
        marginal_values: true,
        ..*options
    };
    let report = crate::solve::solve(scenario, &options)?;
    let recommendations = recommend(scenario, &report);
    Ok(Solved {
        report,
        recommendations,
    })
}

/// The run manifest of a report on files read from `inputs`.
pub fn manifest(inputs: Vec<crate::load::InputFile>, options: &SolveOptions) -> Manifest {
    Manifest {
        version: env!("CARGO_PKG_VERSION").to_string(),
        backend: options.backend.name().to_string(),
        inputs,
        seed: None,
    }
}

/// Writes the report of a scenario.
pub fn run(command: &ReportCommand) -> Result<Output, AppError> {
    let (scenario, files) = command.source.scenario_and_inputs()?;
    let inputs: Vec<PathBuf> = files.iter().map(|f| PathBuf::from(&f.path)).collect();
    ensure_not_input(&command.out, &inputs)?;
    let findings = crate::audit::audit(&scenario);
    let solved = solve_and_recommend(&scenario, &command.solve)?;
    let base = Run {
        name: &scenario.settings.name,
        lineage: &[],
        scenario: &scenario,
        report: &solved.report,
        recommendations: &solved.recommendations,
    };
    let input = ReportInput {
        lang: command.lang.unwrap_or_else(|| Lang::detect(&scenario)),
        plan: &scenario,
        findings: &findings,
        base,
        whatifs: Vec::new(),
        analyses: Vec::new(),
        manifest: manifest(files, &command.solve),
    };
    let text = page::render(&page::build(&input), PageFormat::for_path(&command.out));
    write_atomic(&command.out, text.as_bytes())?;
    let outcome = match solved.report.status {
        Status::Optimal => Outcome::Clean,
        Status::Infeasible => Outcome::CheckFailed,
    };
    Ok(Output {
        text: format!("wrote {}\n", command.out.display()),
        outcome,
    })
}
