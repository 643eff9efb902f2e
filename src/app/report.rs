//! `landplan report`: load, validate, audit, solve, recommend, sweep the cap, stress, build
//! the page, write it.
//!
//! Input: a scenario source, the what-ifs of its `whatif.csv` to report on, an optional
//! stress test, a language (detected from the names when not given) and the output path. The
//! what-ifs are applied, solved and summarised by the what-if library (`app::run`, `whatif`),
//! the cap sweep is `sweep::sweep`, the stress test `stress::run` with the sampling plan of
//! `app::stress`. Output: one HTML page (or Markdown), which `app::command` delivers like
//! any command's report. An infeasible scenario still
//! gets its report (with the verified relaxation) and makes the outcome `CheckFailed`.

use super::run::{chosen, load_base, load_whatif, solve_all, solve_one};
use super::stress::{sampling_plan, Uncertainty};
use super::{AppError, Outcome, Output, ScenarioSource};
use crate::compare::NamedAllocation;
use crate::recommend::{recommend, Recommendation};
use crate::report::page::analyses::{stress_section, sweep_section, Draws};
use crate::report::page::words::{Shown, Words};
use crate::report::page::Section;
use crate::report::page::{self, Lang, Manifest, PageFormat, ReportInput, Run};
use crate::scenario::Scenario;
use crate::solve::{SolveOptions, Status};
use crate::stress::{Control, StressOptions};
use crate::sweep::{Param, SweepOptions};
use crate::whatif::summary::Solved;
use crate::whatif::{Base, Lineage};
use rust_decimal::Decimal;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

/// Options of `landplan report`.
#[derive(Debug, Clone)]
pub struct ReportCommand {
    pub source: ScenarioSource,
    /// `None`: Chinese when the names are Chinese, else English.
    pub lang: Option<Lang>,
    /// The unit of the figures (`--unit`); the scenario's own when `None`.
    pub unit: Option<Shown>,
    /// What-if scenarios of the folder's `whatif.csv` to report on, beside the base.
    pub whatifs: Vec<String>,
    /// HTML or Markdown.
    pub format: PageFormat,
    pub solve: SolveOptions,
    /// A stress test of each reported scenario, when asked for.
    pub stress: Option<StressRequest>,
    /// The official tables of the base and the what-ifs as an Excel workbook instead of the
    /// page (`--format xlsx`).
    pub workbook: bool,
}

impl ReportCommand {
    /// The uncertainty file of the stress test, if any.
    pub fn uncertainty_file(&self) -> Option<PathBuf> {
        let request = self.stress.as_ref()?;
        request.uncertainty.file().map(std::path::Path::to_path_buf)
    }
}

/// How to stress each reported scenario (as `landplan stress` does).
#[derive(Debug, Clone)]
pub struct StressRequest {
    pub options: StressOptions,
    pub uncertainty: Uncertainty,
}

/// Grid intervals of the cap sweep (break points are then bisected to the input's precision).
pub const SWEEP_STEPS: u32 = 20;

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
            let parcels = super::parcels::load(source, &solved.scenario)?;
            let recommendations = recommend(&solved.scenario, &solved.report, parcels.as_ref());
            Ok(Reported {
                solved,
                recommendations,
            })
        })
        .collect::<Result<_, AppError>>()?;
    Ok((base, runs))
}

/// Refuses a stress test of no draws or a spread outside 0..1, and an uncertainty file with
/// readiness slips, before anything is solved.
fn check(command: &ReportCommand) -> Result<(), AppError> {
    let Some(request) = &command.stress else {
        return Ok(());
    };
    super::stress::check_request(&request.options, &request.uncertainty)?;
    refuse_slips(&request.uncertainty)
}

/// The report's stress section draws demand shocks over cells only: readiness slips
/// (`parcel:ID,slip` rows) are refused, every one located, never ignored; `landplan stress`
/// draws them with the parcel plans.
fn refuse_slips(uncertainty: &Uncertainty) -> Result<(), AppError> {
    let Some(path) = uncertainty.file() else {
        return Ok(());
    };
    let (shown, bytes) = super::run::read_file(path)?;
    let slips = crate::stress::slips::parse(&shown, &bytes).map_err(AppError::Invalid)?;
    if slips.is_empty() {
        return Ok(());
    }
    Err(super::stress::refuse_slip_rows(
        &slips,
        "is a readiness slip; the report's stress section draws demand shocks over cells only",
        "demand rows only here; `landplan stress FOLDER --uncertainty FILE` draws the slips \
         with each sample's parcel plan (docs/stress.md)",
    ))
}

/// Writes the report of a scenario and its what-ifs.
pub fn run(command: &ReportCommand) -> Result<Output, AppError> {
    check(command)?;
    let (base, runs) = solve_runs(&command.source, &command.whatifs, &command.solve)?;
    let (first, whatifs) = runs.split_first().expect("the base is always solved");
    if command.workbook {
        return workbook(command, &base, &runs);
    }
    let findings = crate::audit::audit(&base.scenario);
    let lang = command.lang.unwrap_or_else(|| Lang::detect(&base.scenario));
    let input = ReportInput {
        lang,
        shown: command.unit,
        plan: &base.scenario,
        findings: &findings,
        base: first.run(),
        whatifs: whatifs.iter().map(Reported::run).collect(),
        analyses: analyses(command, lang, &runs)?,
        manifest: Manifest {
            seed: command.stress.as_ref().map(|s| s.options.seed),
            ..manifest(
                whatifs
                    .last()
                    .unwrap_or(first)
                    .solved
                    .lineage
                    .inputs
                    .clone(),
                &command.solve,
            )
        },
    };
    let text = page::render(&page::build(&input), command.format);
    let feasible = runs
        .iter()
        .all(|r| r.solved.report.status() == Status::Optimal);
    let outcome = if feasible {
        Outcome::Clean
    } else {
        Outcome::CheckFailed
    };
    Ok(Output::new(text, outcome))
}

/// The official tables (方案对比, then the base's 总量, 结构, 布局 and 各镇分类用地) as a
/// workbook, in the report's language.
fn workbook(command: &ReportCommand, base: &Base, runs: &[Reported]) -> Result<Output, AppError> {
    let lang = command.lang.unwrap_or_else(|| Lang::detect(&base.scenario));
    let solved: Vec<Solved> = runs.iter().map(|r| r.solved.clone()).collect();
    let feasible = solved.iter().all(|s| s.summary.feasible());
    let outcome = if feasible {
        Outcome::Clean
    } else {
        Outcome::CheckFailed
    };
    let book = crate::report::xlsx::run_book_in(&solved, lang, command.unit);
    super::workbook::deliver(&command.source, &base.scenario, book, lang, outcome)
}

/// The cap sweep and (when asked) the stress test of each reported scenario: the base, then
/// each what-if beside it.
fn analyses(
    command: &ReportCommand,
    lang: Lang,
    reported: &[Reported],
) -> Result<Vec<Section>, AppError> {
    let named = !command.whatifs.is_empty();
    let mut sections = Vec::new();
    for (index, r) in reported.iter().enumerate() {
        let scenario = &r.solved.scenario;
        let words = Words::new(lang, scenario).showing(command.unit);
        let name = match (named, index) {
            (false, _) => "",
            (true, 0) => words.pick("基准方案", "base"),
            (true, _) => r.solved.name.as_str(),
        };
        let sweep = crate::sweep::sweep(scenario, &cap_sweep(scenario, &command.solve))?;
        sections.push(sweep_section(&words, name, index + 1, &sweep));
        if let Some(request) = &command.stress {
            let (plan, _) = sampling_plan(scenario, &request.uncertainty)?;
            let cancel = AtomicBool::new(false);
            let control = Control {
                cancel: &cancel,
                progress: &|_| {},
            };
            let summary = crate::stress::run(scenario, &plan, &request.options, control)?;
            let path;
            let draws = match &request.uncertainty {
                Uncertainty::Spread(spread) => Draws::Spread(*spread),
                Uncertainty::File(file) => {
                    path = file.display().to_string();
                    let moving = plan.moving(scenario);
                    Draws::File {
                        path: &path,
                        moving,
                    }
                }
            };
            sections.push(stress_section(&words, name, index + 1, &summary, draws));
        }
    }
    Ok(sections)
}

/// The cap from 0 to the larger of the total demand and the cap itself: the whole range in
/// which tiers are cut one after another.
fn cap_sweep(scenario: &Scenario, options: &SolveOptions) -> SweepOptions {
    let demand: Decimal = scenario.cells.iter().map(|c| c.demand).sum();
    SweepOptions {
        param: Param::Cap,
        from: Decimal::ZERO,
        to: demand.max(scenario.settings.cap),
        steps: SWEEP_STEPS,
        backend: options.backend,
    }
}
