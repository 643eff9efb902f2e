//! `landplan stress`: load, validate, apply a what-if (if asked), sampling plan, the parcels
//! and their readiness slips (when the uncertainty file has slip rows), stress run, render.
//!
//! Input: validated options and a `Control` (cancellation flag and progress callback owned by
//! the binary). Output: the rendered summary and an outcome: `CheckFailed` when the run was
//! interrupted (partial) or some sample was infeasible.

use super::solve::{load_valid, WhatIfChoice};
use super::{AppError, Outcome, Output, ScenarioSource};
use crate::load::LoadError;
use crate::parcels::Parcels;
use crate::report::stress::StressContext;
use crate::report::Format;
use crate::scenario::Scenario;
use crate::stress::parcels::ParcelRun;
use crate::stress::sample::SamplingPlan;
use crate::stress::samples::{self, Written};
use crate::stress::shard::{Shard, ShardFile};
use crate::stress::{uncertainty, Control, StressOptions};
use rust_decimal::Decimal;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

/// How demand moves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Uncertainty {
    /// Every cell's demand times an independent uniform factor in 1 - spread..1 + spread.
    Spread(Decimal),
    /// The rows of an `uncertainty.csv`.
    File(PathBuf),
}

/// Options of `landplan stress`.
#[derive(Debug, Clone)]
pub struct StressCommand {
    pub source: ScenarioSource,
    /// A what-if scenario to stress instead of the base (`--whatif NAME`, `--whatif-file`).
    pub whatif: Option<WhatIfChoice>,
    pub uncertainty: Uncertainty,
    pub stress: StressOptions,
    pub format: Format,
    /// Also write every sample's demands here (sample,town,category,demand).
    pub samples_csv: Option<PathBuf>,
    /// CSV files with the UTF-8 byte-order mark or without (`--no-bom`).
    pub bom: crate::report::Bom,
    /// The language of tables and Markdown; the data's language when `None`.
    pub lang: Option<crate::report::page::Lang>,
    /// Run only this slice of the samples and output its shard document (JSON) for
    /// `landplan merge`.
    pub shard: Option<Shard>,
    /// The search budget of each sample's parcel plan (when the uncertainty file has
    /// readiness slips).
    pub plan: crate::parcels::PlanOptions,
}

impl StressCommand {
    /// The what-if file named on the command line, if any.
    pub fn whatif_file(&self) -> Option<PathBuf> {
        self.whatif.as_ref().and_then(|choice| choice.file.clone())
    }

    /// The uncertainty file, when demand moves by one.
    pub fn uncertainty_file(&self) -> Option<PathBuf> {
        self.uncertainty.file().map(std::path::Path::to_path_buf)
    }

    /// Every input of the run, which the samples file must not replace.
    fn inputs(&self) -> crate::output::Inputs {
        super::Command::Stress(self.clone()).inputs()
    }
}

impl Uncertainty {
    /// The uncertainty file, when demand moves by one.
    pub fn file(&self) -> Option<&std::path::Path> {
        match self {
            Uncertainty::File(path) => Some(path),
            Uncertainty::Spread(_) => None,
        }
    }
}

/// Runs the stress test and renders the summary.
pub fn run(command: &StressCommand, control: Control<'_>) -> Result<Output, AppError> {
    check(command)?;
    let scenario = scenario_of(&command.source, command.whatif.as_ref())?;
    let (plan, mut described) = sampling_plan(&scenario, &command.uncertainty)?;
    let parcels = parcel_run(command, &scenario)?;
    if let Some(run) = &parcels {
        described.push_str(&slips_described(run));
    }
    if let Some(path) = &command.samples_csv {
        let range = match command.shard {
            Some(shard) => shard.range(command.stress.samples),
            None => 0..command.stress.samples,
        };
        write_samples(&scenario, &plan, command, range, path, control.cancel)?;
    }
    let context = StressContext {
        uncertainty: described,
        whatif: command.whatif.as_ref().map(|choice| choice.name.clone()),
        lang: command.lang,
    };
    if let Some(shard) = command.shard {
        let run = Run {
            scenario: &scenario,
            plan: &plan,
            parcels: parcels.as_ref(),
        };
        return run_shard(&run, command, shard, context, control);
    }
    let summary =
        crate::stress::run_with(&scenario, &plan, parcels.as_ref(), &command.stress, control)?;
    let parcels = parcels.as_ref().map(|run| &run.parcels);
    Ok(output(
        &scenario,
        parcels,
        &summary,
        &context,
        command.format,
    ))
}

/// The scenario, its demand and its parcels under slips, as a shard runs them.
struct Run<'a> {
    scenario: &'a Scenario,
    plan: &'a SamplingPlan,
    parcels: Option<&'a ParcelRun>,
}

/// Renders a summary with its outcome: partial or infeasible samples (cell or parcel plans,
/// or parcel plans not settled) are `CheckFailed`.
pub(super) fn output(
    scenario: &Scenario,
    parcels: Option<&Parcels>,
    summary: &crate::stress::StressSummary,
    context: &StressContext,
    format: Format,
) -> Output {
    let text = crate::report::stress::render(scenario, parcels, summary, context, format);
    let parcels_failed = summary
        .parcels
        .as_ref()
        .is_some_and(|p| p.infeasible + p.unsettled > 0);
    let outcome = if summary.partial() || summary.infeasible > 0 || parcels_failed {
        Outcome::CheckFailed
    } else {
        Outcome::Clean
    };
    Output::new(text, outcome)
}

/// The parcels to plan under the readiness slips of the uncertainty file: `None` when it has
/// no slip rows. Slip rows on a scenario without `parcels.csv` are refused, every one located.
fn parcel_run(command: &StressCommand, scenario: &Scenario) -> Result<Option<ParcelRun>, AppError> {
    let Some(path) = command.uncertainty.file() else {
        return Ok(None);
    };
    let (shown, bytes) = super::run::read_file(path)?;
    let slips = crate::stress::slips::parse(&shown, &bytes).map_err(AppError::Invalid)?;
    if slips.is_empty() {
        return Ok(None);
    }
    let Some(parcels) = stressed_parcels(&command.source, command.whatif.as_ref(), scenario)?
    else {
        return Err(no_parcels(&slips));
    };
    let plan = crate::stress::slips::SlipPlan::new(&slips, &parcels).map_err(AppError::Invalid)?;
    let budget = command.plan.time_limit.unwrap_or_else(|| {
        command
            .plan
            .budget(parcels.parcels.len())
            .max(SAMPLE_BUDGET)
    });
    Ok(Some(ParcelRun {
        parcels,
        slips: plan,
        options: crate::parcels::PlanOptions {
            time_limit: Some(budget),
        },
    }))
}

/// Each sample's parcel plan may search at least this long unless `--time-limit` says
/// otherwise: the searches of a county's parcels close well within it (Lianzhou's 45: a few
/// milliseconds), so a sample's plan does not depend on the machine's speed, while the
/// planner's own default (50 ms for a short list) is cut short on a loaded machine
/// (docs/stress.md).
const SAMPLE_BUDGET: std::time::Duration = std::time::Duration::from_secs(1);

/// The parcels of the scenario stressed: the folder's, with a what-if's parcel rows applied
/// when one is stressed; `None` without `parcels.csv`.
pub(super) fn stressed_parcels(
    source: &ScenarioSource,
    whatif: Option<&WhatIfChoice>,
    scenario: &Scenario,
) -> Result<Option<Parcels>, AppError> {
    let Some(choice) = whatif else {
        return super::parcels::load(source, scenario);
    };
    let base = super::run::load_base(source)?;
    let Some(parcels) = super::parcels::load(source, &base.scenario)? else {
        return Ok(None);
    };
    let (_, parcels) = super::parcels::whatif_parcels(source, choice, &base, &parcels)?;
    Ok(Some(parcels))
}

/// Refuses readiness slips on a scenario without parcels, every slip row located: there is
/// no parcel to slip. Never ignores them silently.
fn no_parcels(slips: &[crate::stress::slips::Slip]) -> AppError {
    let file = crate::parcels::PARCELS_FILE;
    refuse_slip_rows(
        slips,
        &format!("is a readiness slip, but the scenario has no {file}"),
        &format!("demand rows only, or a {file} in the scenario folder listing the parcels (docs/parcels.md)"),
    )
}

/// Every slip row refused at its place: `parcel:ID {why}`, in column `target`.
pub(super) fn refuse_slip_rows(
    slips: &[crate::stress::slips::Slip],
    why: &str,
    expected: &str,
) -> AppError {
    let problems = slips
        .iter()
        .map(|slip| {
            crate::problem::Problem::new(
                slip.origin.clone(),
                format!("parcel:{} {why}", slip.parcel),
            )
            .column("target")
            .expected(expected.to_string())
        })
        .collect();
    AppError::Invalid(crate::problem::Problems::sorted(problems))
}

/// How the slips read in a report, after the demand's sentence (`report::stress` reads it in
/// Chinese: keep the two together).
fn slips_described(run: &ParcelRun) -> String {
    format!(
        "; readiness slips: {} of {} parcels may slip, each by its own draw",
        run.slips.slipping(),
        run.parcels.parcels.len()
    )
}

/// Runs one shard's samples and outputs its shard document.
fn run_shard(
    run: &Run<'_>,
    command: &StressCommand,
    shard: Shard,
    context: StressContext,
    control: Control<'_>,
) -> Result<Output, AppError> {
    let engine = crate::solve::engine::Engine::new(run.scenario, command.stress.backend);
    let range = shard.range(command.stress.samples);
    let stats = crate::stress::run_range_with(
        run.scenario,
        run.plan,
        run.parcels,
        &engine,
        &command.stress,
        range,
        control,
    )?;
    let partial = stats.samples < shard.range(command.stress.samples).count() as u64;
    let file = ShardFile {
        format: crate::stress::shard::FORMAT.to_string(),
        scenario: crate::stress::shard::fingerprint(run.scenario),
        uncertainty: context.uncertainty,
        whatif: context.whatif,
        seed: command.stress.seed,
        samples: command.stress.samples,
        shard,
        parcels: run
            .parcels
            .map(|p| crate::stress::parcels::fingerprint(&p.parcels)),
        stats,
    };
    Ok(Output {
        binary: None,
        text: crate::report::json(&file),
        outcome: if partial {
            Outcome::CheckFailed
        } else {
            Outcome::Clean
        },
    })
}

fn check(command: &StressCommand) -> Result<(), AppError> {
    check_request(&command.stress, &command.uncertainty)?;
    if command.stress.threads == Some(0) {
        return Err(AppError::Usage(
            "a stress test needs at least 1 thread".to_string(),
        ));
    }
    Ok(())
}

/// Refuses a stress test of no samples or a spread outside 0..1, before anything is solved.
pub(super) fn check_request(
    options: &StressOptions,
    uncertainty: &Uncertainty,
) -> Result<(), AppError> {
    if options.samples == 0 {
        return Err(AppError::Usage(
            "a stress test needs at least 1 sample".to_string(),
        ));
    }
    match uncertainty {
        Uncertainty::Spread(spread) if *spread < Decimal::ZERO || *spread > Decimal::ONE => {
            Err(AppError::Usage(format!(
                "the spread of demand must be between 0 and 1 (got {spread})"
            )))
        }
        _ => Ok(()),
    }
}

/// The scenario to stress: the base, or one what-if scenario applied to it (as
/// `landplan solve --whatif` does).
pub(super) fn scenario_of(
    source: &ScenarioSource,
    whatif: Option<&WhatIfChoice>,
) -> Result<Scenario, AppError> {
    let Some(choice) = whatif else {
        return load_valid(source);
    };
    let base = super::run::load_base(source)?;
    let set = super::run::load_whatif(source, choice.file.as_deref())?;
    Ok(crate::whatif::apply(&base, &set, &choice.name)?.scenario)
}

/// The sampling plan and how it reads in a report (`report::stress::uncertainty_zh` reads
/// these sentences in Chinese: keep the two together).
pub fn sampling_plan(
    scenario: &Scenario,
    uncertainty: &Uncertainty,
) -> Result<(SamplingPlan, String), AppError> {
    match uncertainty {
        Uncertainty::Spread(spread) => Ok((
            SamplingPlan::spread(scenario, *spread),
            format!(
                "every cell's demand x an independent uniform factor in {}..{}",
                crate::number::show((Decimal::ONE - spread).max(Decimal::ZERO)),
                crate::number::show(Decimal::ONE + spread)
            ),
        )),
        Uncertainty::File(path) => {
            let bytes = std::fs::read(path).map_err(|source| LoadError::Io {
                path: path.clone(),
                source,
            })?;
            let shown = path.display().to_string();
            let rows = uncertainty::parse(&shown, &bytes).map_err(AppError::Invalid)?;
            let plan = uncertainty::resolve(&rows, scenario).map_err(AppError::Invalid)?;
            let mut described = format!(
                "{shown}: {} row(s), {} of {} cells move, each by its own draw",
                rows.len(),
                plan.draws().len(),
                scenario.cells.len()
            );
            let factors: Vec<String> = plan
                .factors()
                .map(|f| format!("{} ({} draw(s))", f.shared.name(), f.groups.len()))
                .collect();
            if !factors.is_empty() {
                described.push_str(&format!(
                    "; shared factors on top, one draw per sample and group: {}; {} of {} cells move in all",
                    factors.join(", "),
                    plan.moving(scenario),
                    scenario.cells.len()
                ));
            }
            Ok((plan, described))
        }
    }
}

/// Writes the demands of the run's samples (for checking a run elsewhere, such as the SciPy
/// baseline), streamed to a temporary beside `path` and renamed once complete. When the run
/// is cancelled first the temporary is removed: no samples file, complete or partial, is left.
fn write_samples(
    scenario: &Scenario,
    plan: &SamplingPlan,
    command: &StressCommand,
    range: std::ops::Range<u64>,
    path: &Path,
    cancel: &AtomicBool,
) -> Result<Written, AppError> {
    let mut written = Written::Stopped(0);
    let seed = command.stress.seed;
    crate::output::write_streamed(path, &command.inputs(), |file| {
        let mut file = file;
        file.write_all(command.bom.prefix())?;
        written = samples::write_csv(scenario, plan, seed, range, file, cancel)
            .map_err(std::io::Error::from)?;
        Ok(written == Written::Complete)
    })?;
    Ok(written)
}
