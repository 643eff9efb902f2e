//! `landplan report`: load, validate, audit, solve, recommend, build the page, write it.
//!
//! Input: a scenario source, the what-ifs of its `whatif.csv` to report on, a language
//! (detected from the names when not given) and the output path. The what-ifs are applied,
//! solved and summarised by the what-if library (`app::run`, `whatif`). Output: one HTML file (or Markdown for `.md`), written atomically and never
//! over an input file, and an `Output` saying where it went. An infeasible scenario still
//! gets its report (with the verified relaxation) and makes the outcome `CheckFailed`.

use super::run::{load_base, load_whatif, solve_all, solve_one};
use super::{AppError, Outcome, Output, ScenarioSource};
use crate::compare::NamedAllocation;
use crate::recommend::{recommend, Recommendation};
use crate::report::page::{self, Lang, Manifest, PageFormat, ReportInput, Run};
use crate::report::write::{ensure_not_input, write_atomic};
use crate::solve::{SolveOptions, Status};
use crate::whatif::summary::Solved;
use crate::whatif::{Base, Lineage, WhatIfSet};
use std::path::PathBuf;

/// Options of `landplan report`.
#[derive(Debug, Clone)]
pub struct ReportCommand {
    pub source: ScenarioSource,
    /// `None`: Chinese when the names are Chinese, else English.
    pub lang: Option<Lang>,
    /// What-if scenarios of the folder's `whatif.csv` to report on, beside the base.
    pub whatifs: Vec<String>,
    pub out: PathBuf,
    pub solve: SolveOptions,
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

/// A solved scenario (base or what-if) and its verified recommendations.
#[derive(Debug, Clone)]
pub struct Reported {
    pub solved: Solved,
    pub recommendations: Vec<Recommendation>,
}

impl Reported {
    fn run(&self) -> Run<'_> {
        Run::new(&self.solved, &self.recommendations)
    }
}

/// The base and the chosen what-ifs, solved (marginal values on) and summarised by the
/// what-if library, each with its verified recommendations; base first.
pub fn solve_runs(
    source: &ScenarioSource,
    whatifs: &[String],
    options: &SolveOptions,
) -> Result<(Base, Vec<Reported>), AppError> {
    let base = load_base(source)?;
    let options = SolveOptions {
        marginal_values: true,
        ..*options
    };
    let solved = if whatifs.is_empty() {
        let plan = NamedAllocation::plan("plan", &base.scenario);
        let name = base.scenario.settings.name.clone();
        let lineage = Lineage::base(&base);
        vec![solve_one(
            name,
            base.scenario.clone(),
            lineage,
            &plan,
            &options,
        )?]
    } else {
        let set = load_whatif(source, None)?;
        let names = chosen(&set, whatifs)?;
        solve_all(&base, &set, &names, &options)?
    };
    let runs = solved
        .into_iter()
        .map(|solved| {
            let recommendations = recommend(&solved.scenario, &solved.report);
            Reported {
                solved,
                recommendations,
            }
        })
        .collect();
    Ok((base, runs))
}

/// Each what-if name as the what-if file spells it; an unknown name is a usage error.
fn chosen(set: &WhatIfSet, names: &[String]) -> Result<Vec<String>, AppError> {
    names
        .iter()
        .map(|name| {
            set.resolve(name).map(str::to_string).ok_or_else(|| {
                AppError::Usage(format!(
                    "--whatif: no scenario '{name}' in {} (it has: {})",
                    set.file.path,
                    set.names.join(", ")
                ))
            })
        })
        .collect()
}

/// Writes the report of a scenario and its what-ifs.
pub fn run(command: &ReportCommand) -> Result<Output, AppError> {
    let (base, runs) = solve_runs(&command.source, &command.whatifs, &command.solve)?;
    let (first, whatifs) = runs.split_first().expect("the base is always solved");
    let inputs: Vec<PathBuf> = whatifs
        .last()
        .unwrap_or(first)
        .solved
        .lineage
        .inputs
        .iter()
        .map(|f| PathBuf::from(&f.path))
        .collect();
    ensure_not_input(&command.out, &inputs)?;
    let findings = crate::audit::audit(&base.scenario);
    let input = ReportInput {
        lang: command.lang.unwrap_or_else(|| Lang::detect(&base.scenario)),
        plan: &base.scenario,
        findings: &findings,
        base: first.run(),
        whatifs: whatifs.iter().map(Reported::run).collect(),
        analyses: Vec::new(),
        manifest: manifest(
            whatifs
                .last()
                .unwrap_or(first)
                .solved
                .lineage
                .inputs
                .clone(),
            &command.solve,
        ),
    };
    let text = page::render(&page::build(&input), PageFormat::for_path(&command.out));
    write_atomic(&command.out, text.as_bytes())?;
    let feasible = runs
        .iter()
        .all(|r| r.solved.report.status == Status::Optimal);
    let outcome = if feasible {
        Outcome::Clean
    } else {
        Outcome::CheckFailed
    };
    Ok(Output {
        text: format!("wrote {}\n", command.out.display()),
        outcome,
    })
}
