//! `landplan run`: the base and every what-if scenario, solved side by side.
//!
//! Loads the base and the what-if file, applies every chosen scenario (all problems of all
//! scenarios at once, before anything is solved), solves the base and the scenarios in
//! parallel (rayon; results kept in file order), summarises each against the published plan
//! and, with `--out`, writes every result, the summary and a manifest with lineage into a
//! folder, completely or not at all. An infeasible scenario does not stop the others: the
//! outcome is `CheckFailed` once everything is written.

use super::{AppError, Outcome, Output, ScenarioSource};
use crate::compare::NamedAllocation;
use crate::load::{Folder, LoadError, Source};
use crate::report::Format;
use crate::scenario::Scenario;
use crate::solve::SolveOptions;
use crate::whatif::summary::{summarize, Solved};
use crate::whatif::{self, Base, Lineage, WhatIfSet, BASE_NAME, WHATIF_FILE};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// Options of `landplan run`.
#[derive(Debug, Clone, Default)]
pub struct RunCommand {
    pub source: ScenarioSource,
    /// A what-if file elsewhere than the folder's `whatif.csv`.
    pub whatif: Option<PathBuf>,
    /// Only these scenarios (and the base); all when empty.
    pub only: Vec<String>,
    pub out: Option<PathBuf>,
    pub format: Format,
    pub solve: SolveOptions,
    /// The official tables as an Excel workbook (`--format xlsx`): every scenario side by
    /// side, then the base's tables.
    pub workbook: bool,
    /// CSV files with the UTF-8 byte-order mark or without (`--no-bom`).
    pub bom: crate::report::Bom,
    /// The language of tables and Markdown; the data's language when `None`.
    pub lang: Option<crate::report::page::Lang>,
    /// The unit of the summary's figures (`--unit`); the scenario's own when `None`.
    pub unit: Option<crate::report::page::words::Shown>,
    /// The searches' budget of each scenario's parcel plan (with a `parcels.csv`).
    pub parcels: crate::parcels::PlanOptions,
}

/// Loads and validates the base scenario, keeping the files it came from: syntax and
/// validation problems together, as for the base alone.
pub fn load_base(source: &ScenarioSource) -> Result<Base, AppError> {
    let files = source.open()?;
    Base::load(files.as_ref()).map_err(|error| match error {
        crate::whatif::BaseError::Load(error) => {
            AppError::Load(crate::load::located(files.as_ref(), error))
        }
        crate::whatif::BaseError::Invalid(problems) => {
            AppError::Invalid(files.as_ref().locate(problems))
        }
    })
}

/// Reads any file through the loader: its shown path and bytes.
pub fn read_file(path: &Path) -> Result<(String, Vec<u8>), AppError> {
    let folder = Folder(path.parent().map(Path::to_path_buf).unwrap_or_default());
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let missing = || LoadError::Io {
        path: path.to_path_buf(),
        source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"),
    };
    let bytes = folder.read(&name)?.ok_or_else(missing)?;
    Ok((folder.display(&name), bytes))
}

/// Reads the what-if file: `file` when given, else the scenario's own `whatif.csv`.
pub fn load_whatif(source: &ScenarioSource, file: Option<&Path>) -> Result<WhatIfSet, AppError> {
    let (shown, bytes, source) = match file {
        Some(path) => {
            let (shown, bytes) = read_file(path)?;
            (shown, bytes, None)
        }
        None => {
            let source = source.open()?;
            let shown = source.display(WHATIF_FILE);
            let bytes = source.read(WHATIF_FILE)?.ok_or_else(|| {
                AppError::Usage(format!(
                    "{shown} is missing: write one (see docs/whatif.md) or name another what-if file"
                ))
            })?;
            (shown, bytes, Some(source))
        }
    };
    whatif::parse(&shown, &bytes).map_err(|problems| match source {
        Some(source) => AppError::Invalid(source.locate(problems)),
        None => AppError::Invalid(problems),
    })
}

/// The scenarios to run: every one, or those of `--only` (each must exist).
pub(super) fn chosen(set: &WhatIfSet, only: &[String]) -> Result<Vec<String>, AppError> {
    if only.is_empty() {
        return Ok(set.names.clone());
    }
    let mut names = Vec::new();
    for name in only {
        match set.resolve(name) {
            Some(found) if !names.iter().any(|n| n == found) => names.push(found.to_string()),
            Some(_) => {}
            None if name == BASE_NAME => {}
            None => {
                return Err(AppError::Usage(format!(
                    "no what-if scenario '{name}' in {} (it has: {})",
                    set.file.path,
                    set.names.join(", ")
                )))
            }
        }
    }
    Ok(names)
}

/// Solves one scenario and summarises it against the published plan.
pub fn solve_one(
    name: String,
    scenario: Scenario,
    lineage: Lineage,
    plan: &NamedAllocation,
    options: &SolveOptions,
) -> Result<Solved, AppError> {
    let report =
        crate::solve::solve(&scenario, options).map_err(|source| AppError::InScenario {
            name: name.clone(),
            source,
        })?;
    let summary = summarize(&name, &scenario, &report, plan);
    Ok(Solved {
        name,
        scenario,
        lineage,
        report,
        summary,
    })
}

/// Solves the base and every chosen scenario; results in order, base first.
pub fn solve_all(
    base: &Base,
    set: &WhatIfSet,
    names: &[String],
    options: &SolveOptions,
) -> Result<Vec<Solved>, AppError> {
    let applied = whatif::apply_all(base, set, names)?;
    let plan = NamedAllocation::plan("plan", &base.scenario);
    let mut jobs = vec![(
        BASE_NAME.to_string(),
        base.scenario.clone(),
        Lineage::base(base),
    )];
    jobs.extend(
        applied
            .into_iter()
            .map(|a| (a.lineage.scenario.clone(), a.scenario, a.lineage)),
    );
    jobs.into_par_iter()
        .map(|(name, scenario, lineage)| solve_one(name, scenario, lineage, &plan, options))
        .collect()
}

/// Runs every scenario, renders the summary and writes the results.
pub fn run(command: &RunCommand) -> Result<Output, AppError> {
    let base = load_base(&command.source)?;
    let set = load_whatif(&command.source, command.whatif.as_deref())?;
    let names = chosen(&set, &command.only)?;
    let solved = solve_all(&base, &set, &names, &command.solve)?;
    let runs = parcel_runs(&command.source, &base, &set, &solved, command.parcels)?;
    let parcels_planned = runs
        .iter()
        .flatten()
        .all(|r| matches!(r.outcome, crate::parcels::PlanOutcome::Planned(_)));
    let outcome = if solved.iter().all(|s| s.summary.feasible()) && parcels_planned {
        Outcome::Clean
    } else {
        Outcome::CheckFailed
    };
    let lang = crate::report::page::Lang::or_detect(command.lang, &base.scenario);
    if command.workbook {
        let mut book = crate::report::xlsx::run_book_in(&solved, lang, command.unit);
        if let Some(runs) = &runs {
            let sheets = crate::report::xlsx::run_parcel_sheets(&solved, runs, lang);
            book.sheets.extend(sheets);
        }
        return super::workbook::finish(&command.source, book, outcome);
    }
    let mut text = match &runs {
        Some(runs) => {
            crate::report::run::parcels::render(&solved, runs, command.format, lang, command.unit)
        }
        None => crate::report::run::render_in(&solved, command.format, lang, command.unit),
    };
    if let Some(dir) = &command.out {
        let kept = kept_files(&command.source)?;
        let extra = crate::report::run::folder::extra_files(&solved, runs.as_deref(), &kept);
        let mut files = crate::report::run::files(&base, &set, &solved, extra);
        if let Some(runs) = &runs {
            crate::report::run::parcels::summaries(&mut files, &solved, runs);
        }
        let files = command.bom.folder(files);
        let inputs = command.source.inputs().maybe_file(command.whatif.clone());
        crate::output::write_folder(dir, &files, crate::output::FolderPolicy::Results, &inputs)?;
        if matches!(command.format, Format::Table | Format::Md) {
            text.push_str(&format!(
                "\nwrote {} files to {}\n",
                files.len(),
                dir.display()
            ));
        }
    }
    Ok(Output::new(text, outcome))
}

/// With a `parcels.csv`: each solved scenario's parcel plan (its plan rows applied to the
/// scenario, its `parcel:` rows to the base parcels), in the order of `solved`.
fn parcel_runs(
    source: &ScenarioSource,
    base: &Base,
    set: &WhatIfSet,
    solved: &[Solved],
    options: crate::parcels::PlanOptions,
) -> Result<Option<Vec<crate::report::run::parcels::ParcelRun>>, AppError> {
    let Some(base_parcels) = super::parcels::load(source, &base.scenario)? else {
        return Ok(None);
    };
    let mut lists = Vec::with_capacity(solved.len());
    for one in solved {
        lists.push(if one.name == BASE_NAME {
            base_parcels.clone()
        } else {
            whatif::apply_parcels(&base_parcels, &one.scenario, set, &one.name)?
        });
    }
    let runs = lists
        .into_par_iter()
        .zip(solved)
        .map(|(parcels, one)| {
            let findings = crate::parcels::audit(&one.scenario, &parcels);
            let outcome = crate::parcels::plan(&one.scenario, &parcels, options)?;
            Ok(crate::report::run::parcels::ParcelRun {
                parcels,
                findings,
                outcome,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    Ok(Some(runs))
}

/// The base's files no what-if changes (quarters, methods, schedule, uncertainty), as read,
/// for every scenario folder of `--out`.
fn kept_files(source: &ScenarioSource) -> Result<Vec<(String, Vec<u8>)>, AppError> {
    let files = source.open()?;
    let mut kept = Vec::new();
    for name in crate::report::run::folder::KEPT_FILES {
        if let Some(bytes) = files.read(name)? {
            kept.push((name.to_string(), bytes));
        }
    }
    Ok(kept)
}
