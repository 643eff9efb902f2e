//! The commands, as library calls: validated options in, rendered output and an outcome out.
//!
//! `main.rs` turns command-line flags into these options and prints what comes back; the
//! functions here chain the pipeline stages (load -> validate -> ... -> report) and decide
//! nothing about the terminal or the exit code beyond the `Outcome`.

pub mod adjust;
pub mod audit;
pub mod check;
pub mod command;
pub mod compare;
pub mod extract;
pub mod generate;
pub mod merge;
pub mod parcels;
pub mod recommend;
pub mod report;
pub mod review;
pub mod run;
pub mod solve;
pub mod stress;
pub mod sweep;
pub mod track;
pub mod workbook;

use crate::load::{self, LoadError, RawScenario};
use crate::problem::Problems;
use crate::scenario::Scenario;
use std::path::PathBuf;

pub use command::{execute, Command, Invocation};

/// Which scenario a command works on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ScenarioSource {
    /// The built-in Lianzhou 2025 scenario.
    #[default]
    Builtin,
    /// A scenario folder, or a workbook (`.xlsx`) holding a sheet per file.
    Folder(PathBuf),
}

impl ScenarioSource {
    pub fn from_option(folder: Option<PathBuf>) -> Self {
        folder.map_or(ScenarioSource::Builtin, ScenarioSource::Folder)
    }

    /// Loads the raw scenario.
    pub fn load(&self) -> Result<RawScenario, LoadError> {
        load::load(self.open()?.as_ref())
    }

    /// Loads and validates the scenario. Every problem of its files (syntax, names, values)
    /// is reported at once, as `AppError::Invalid`; only a valid scenario comes back.
    pub fn scenario(&self) -> Result<Scenario, AppError> {
        let source = self.open()?;
        let loaded = load::load_lenient(source.as_ref())?;
        crate::validate::validate_loaded(&loaded)
            .map_err(|problems| AppError::Invalid(source.locate(problems)))
    }

    /// The files of the scenario, as the loader reads them: the built-in files, a folder's
    /// or a workbook's sheets.
    pub fn open(&self) -> Result<Box<dyn load::Source>, LoadError> {
        Ok(match self {
            ScenarioSource::Builtin => Box::new(crate::builtin::lianzhou()),
            ScenarioSource::Folder(path) => load::open(path)?,
        })
    }

    /// Whether the scenario is a workbook.
    pub fn is_workbook(&self) -> bool {
        matches!(self, ScenarioSource::Folder(path) if load::is_workbook(path))
    }
}

/// How a command's run ended, for the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything checked out (exit 0).
    Clean,
    /// The run finished but a check failed: findings, an infeasible scenario (exit 1).
    CheckFailed,
}

/// What a command produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub text: String,
    pub outcome: Outcome,
    /// A binary document (an Excel workbook) that is the output instead of `text`.
    pub binary: Option<Vec<u8>>,
}

impl Output {
    /// A text output.
    pub fn new(text: String, outcome: Outcome) -> Self {
        Output {
            text,
            outcome,
            binary: None,
        }
    }
}

/// The summary of a command that wrote a folder, in the chosen format: the sentence for a
/// terminal or Markdown, its facts as a JSON object or a one-row CSV.
pub fn folder_summary(
    format: crate::report::Format,
    sentence: String,
    facts: &[(&str, String)],
) -> String {
    use crate::report::Format;
    match format {
        Format::Table | Format::Md => sentence,
        Format::Json => {
            let object: serde_json::Map<String, serde_json::Value> = facts
                .iter()
                .map(|(key, value)| (key.to_string(), value.clone().into()))
                .collect();
            crate::report::json(&object)
        }
        Format::Csv => {
            let header: Vec<&str> = facts.iter().map(|(key, _)| *key).collect();
            let row: Vec<String> = facts.iter().map(|(_, value)| value.clone()).collect();
            crate::report::csv_table(&header, &[row])
        }
    }
}

/// Why a command could not run (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error("{0}")]
    Invalid(Problems),
    #[error(transparent)]
    Output(#[from] crate::output::OutputError),
    #[error(transparent)]
    Solve(#[from] crate::solve::SolveError),
    #[error(transparent)]
    Generate(#[from] crate::generate::GenerateError),
    #[error(transparent)]
    Stress(#[from] crate::stress::StressError),
    #[error(transparent)]
    Sweep(#[from] crate::sweep::SweepError),
    #[error(transparent)]
    WhatIf(#[from] crate::whatif::WhatIfError),
    #[error("{0}")]
    Usage(String),
    #[error("scenario '{name}'")]
    InScenario {
        name: String,
        #[source]
        source: crate::solve::SolveError,
    },
    #[error(transparent)]
    Extract(#[from] crate::extract::ExtractError),
    #[error(transparent)]
    Workbook(#[from] crate::report::xlsx::XlsxWriteError),
    #[error(transparent)]
    Parcels(#[from] crate::parcels::plan::Uncertified),
}
