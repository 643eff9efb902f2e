//! `landplan compare A B`: two allocations side by side.
//!
//! An operand is the published plan of a folder (`plan:FOLDER`, or a folder path), a solved
//! scenario (`FOLDER#NAME`, the what-if `NAME` of the folder's `whatif.csv`; `FOLDER#base` is
//! the base solved), or a saved allocation file (CSV or JSON of `solve`, or a CSV
//! `town,category,allocated`). An empty FOLDER, or `builtin` where no such path exists,
//! means the built-in Lianzhou scenario. Scenarios are solved and certified by
//! `solve::solve`; one that is infeasible has no allocation to compare (outcome
//! `CheckFailed`). When both operands are scenarios of folders with a `parcels.csv`, each
//! side's whole-parcel plan (`parcels::plan`, a what-if's parcel rows applied) is compared
//! too; a parcel list with no feasible plan is `CheckFailed` as well.

use super::run::{load_base, load_whatif, read_file, solve_one};
use super::{AppError, Outcome, Output, ScenarioSource};
use crate::compare::NamedAllocation;
use crate::parcels::{Parcels, PlanOptions, PlanOutcome};
use crate::report::page::words::{Shown, Words};
use crate::report::page::Lang;
use crate::report::Format;
use crate::scenario::Scenario;
use crate::solve::{SolveOptions, SolveReport, Status};
use crate::whatif::{self, Lineage, BASE_NAME};
use std::path::{Path, PathBuf};

/// What an operand names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Operand {
    /// The published plan of a scenario.
    Plan(ScenarioSource),
    /// A scenario of a folder, solved (`base` or a what-if name).
    Scenario(ScenarioSource, String),
    /// A saved allocation.
    File(PathBuf),
}

fn folder(text: &str) -> ScenarioSource {
    if text.is_empty() || (text == "builtin" && !Path::new(text).exists()) {
        ScenarioSource::Builtin
    } else {
        ScenarioSource::Folder(PathBuf::from(text))
    }
}

impl Operand {
    pub fn parse(text: &str) -> Operand {
        if let Some(rest) = text.strip_prefix("plan:") {
            return Operand::Plan(folder(rest));
        }
        if let Some((source, name)) = text.rsplit_once('#') {
            return Operand::Scenario(folder(source), name.to_string());
        }
        let path = Path::new(text);
        let scenario = path.is_dir() || crate::load::is_workbook(path);
        if scenario || (text == "builtin" && !path.exists()) {
            Operand::Plan(folder(text))
        } else {
            Operand::File(path.to_path_buf())
        }
    }
}

/// A scenario (`base` or a what-if) of a source, with its lineage, not yet solved.
pub fn scenario_of(source: &ScenarioSource, name: &str) -> Result<(Scenario, Lineage), AppError> {
    let base = load_base(source)?;
    if name == BASE_NAME {
        let lineage = Lineage::base(&base);
        return Ok((base.scenario, lineage));
    }
    let set = load_whatif(source, None)?;
    let applied = whatif::apply(&base, &set, name)?;
    Ok((applied.scenario, applied.lineage))
}

/// An operand as an allocation, or the infeasible solve that has none.
pub enum Resolved {
    Allocation {
        named: NamedAllocation,
        /// The scenario the allocation belongs to, when it is not a file.
        scenario: Option<Box<Scenario>>,
        /// The folder and the scenario's name (`base` for a published plan), when it is not
        /// a file: where its parcels are.
        origin: Option<(ScenarioSource, String)>,
    },
    /// Boxed: a solve report is large.
    Infeasible(Box<(Scenario, SolveReport)>),
}

/// Reads or solves an operand.
pub fn resolve(text: &str) -> Result<Resolved, AppError> {
    match Operand::parse(text) {
        Operand::Plan(source) => {
            let base = load_base(&source)?;
            let named = NamedAllocation::plan(&format!("plan:{}", base.label), &base.scenario);
            Ok(Resolved::Allocation {
                named,
                scenario: Some(Box::new(base.scenario)),
                origin: Some((source, BASE_NAME.to_string())),
            })
        }
        Operand::Scenario(source, name) => {
            let (scenario, lineage) = scenario_of(&source, &name)?;
            let options = SolveOptions::default();
            let plan = NamedAllocation::plan("plan", &scenario);
            let solved = solve_one(name.clone(), scenario, lineage, &plan, &options)?;
            match (solved.report.status(), solved.report.allocated()) {
                (Status::Optimal, Some(allocated)) => Ok(Resolved::Allocation {
                    named: NamedAllocation::allocated(
                        &solved.scenario.settings.name,
                        &solved.scenario,
                        &allocated.allocation,
                    ),
                    scenario: Some(Box::new(solved.scenario)),
                    origin: Some((source, name)),
                }),
                _ => Ok(Resolved::Infeasible(Box::new((
                    solved.scenario,
                    solved.report,
                )))),
            }
        }
        Operand::File(path) => {
            let (shown, bytes) = read_file(&path)?;
            let named = NamedAllocation::parse(&shown, &bytes).map_err(AppError::Invalid)?;
            Ok(Resolved::Allocation {
                named,
                scenario: None,
                origin: None,
            })
        }
    }
}

/// Options of `landplan compare`.
#[derive(Debug, Clone, Default)]
pub struct CompareCommand {
    pub a: String,
    pub b: String,
    pub format: Format,
    /// The comparison as an Excel workbook (`--format xlsx`), a sheet per level.
    pub workbook: bool,
    /// The language of tables and Markdown; the data's language when `None`.
    pub lang: Option<crate::report::page::Lang>,
    /// The searches' budget of each side's parcel plan (with a `parcels.csv`).
    pub parcels: PlanOptions,
    /// The unit of the figures (`--unit`; a scenario operand gives the unit they are in).
    pub unit: Option<crate::report::page::words::Shown>,
}

/// The output for an operand that has no allocation.
pub fn infeasible_output(
    scenario: &Scenario,
    report: &SolveReport,
    format: Format,
    lang: Option<Lang>,
) -> Output {
    let lang = Lang::or_detect(lang, scenario);
    let body = crate::report::solve::render(scenario, report, format, lang);
    let name = &scenario.settings.name;
    let text = match format {
        Format::Table | Format::Md => match lang {
            Lang::Zh => format!("{name}无可行方案，没有可对比或检查的配置。\n\n{body}"),
            Lang::En => format!(
                "{name} is infeasible: there is no allocation to compare or check.\n\n{body}"
            ),
        },
        Format::Json | Format::Csv => body,
    };
    Output {
        binary: None,
        text,
        outcome: Outcome::CheckFailed,
    }
}

/// Why `--unit` needs a plan or scenario among the operands.
const UNIT_NEEDS_A_SCENARIO: &str = "--unit: two allocation files do not say which unit their figures are in; compare with a plan or scenario (plan:DIR, DIR#NAME) to convert them";

/// Why compare's workbook takes one unit.
const BOTH_IN_A_WORKBOOK: &str =
    "--unit both: compare's workbook holds one figure a cell; ask for --unit ha or --unit mu";

/// Compares B with A.
pub fn run(command: &CompareCommand) -> Result<Output, AppError> {
    let (a, b) = (resolve(&command.a)?, resolve(&command.b)?);
    let ((a, scenario_a, origin_a), (b, scenario_b, origin_b)) = match (a, b) {
        (
            Resolved::Allocation {
                named: a,
                scenario: sa,
                origin: oa,
            },
            Resolved::Allocation {
                named: b,
                scenario: sb,
                origin: ob,
            },
        ) => ((a, sa, oa), (b, sb, ob)),
        (Resolved::Infeasible(infeasible), _) | (_, Resolved::Infeasible(infeasible)) => {
            return Ok(infeasible_output(
                &infeasible.0,
                &infeasible.1,
                command.format,
                command.lang,
            ))
        }
    };
    // A file's names are matched to the scenario on either side (aliases, tiers).
    let (a, b) = match scenario_a.as_deref().or(scenario_b.as_deref()) {
        Some(scenario) => (
            a.resolve(scenario, false).map_err(AppError::Invalid)?,
            b.resolve(scenario, false).map_err(AppError::Invalid)?,
        ),
        None => (a, b),
    };
    let comparison = crate::compare::compare(&a, &b);
    if command.workbook {
        let scenario = scenario_a.as_deref().or(scenario_b.as_deref());
        let lang = scenario.map_or(
            crate::report::page::Lang::En,
            crate::report::page::Lang::detect,
        );
        if command.unit == Some(Shown::Both) {
            return Err(AppError::Usage(BOTH_IN_A_WORKBOOK.to_string()));
        }
        if command.unit.is_some() && scenario.is_none() {
            return Err(AppError::Usage(UNIT_NEEDS_A_SCENARIO.to_string()));
        }
        let bytes = crate::report::xlsx::compare_in(&comparison, scenario, lang, command.unit)?;
        return Ok(Output {
            binary: Some(bytes),
            ..Output::new(String::new(), Outcome::Clean)
        });
    }
    let scenario = scenario_a.as_deref().or(scenario_b.as_deref());
    let words = match (command.unit, scenario) {
        (None, _) => None,
        (Some(unit), Some(scenario)) => {
            Some(Words::new(Lang::or_detect(command.lang, scenario), scenario).showing(Some(unit)))
        }
        (Some(_), None) => return Err(AppError::Usage(UNIT_NEEDS_A_SCENARIO.to_string())),
    };
    // Both sides need a parcel list: a saved file has none, so its side is not planned.
    let sides = match (origin_a, origin_b) {
        (Some(origin_a), Some(origin_b)) => [
            parcel_side(&origin_a, scenario_a.as_deref(), command.parcels)?,
            parcel_side(&origin_b, scenario_b.as_deref(), command.parcels)?,
        ],
        _ => [None, None],
    };
    let (text, outcome) = match sides {
        [Some(a), Some(b)] => with_parcels(command, &comparison, [a, b], words.as_ref()),
        _ => (
            crate::report::compare::render_in(
                &comparison,
                command.format,
                command.lang,
                words.as_ref(),
            ),
            Outcome::Clean,
        ),
    };
    Ok(Output {
        binary: None,
        text,
        outcome,
    })
}

/// The comparison with both sides' parcel plans beside it; `CheckFailed` when a side's
/// parcel list has no feasible plan.
fn with_parcels(
    command: &CompareCommand,
    comparison: &crate::compare::Comparison,
    [a, b]: [ParcelSide; 2],
    words: Option<&Words>,
) -> (String, Outcome) {
    let plans =
        crate::compare::parcels::compare((&a.parcels, &a.outcome), (&b.parcels, &b.outcome));
    let beside = crate::report::compare::ParcelPlans {
        sides: [a.view(), b.view()],
        comparison: &plans,
    };
    let text = crate::report::compare::render_with_parcels(
        comparison,
        Some(&beside),
        command.format,
        command.lang,
        words,
    );
    let outcome = if plans.infeasible() {
        Outcome::CheckFailed
    } else {
        Outcome::Clean
    };
    (text, outcome)
}

/// One operand's parcel list and its plan.
struct ParcelSide {
    scenario: Box<Scenario>,
    parcels: Parcels,
    outcome: PlanOutcome,
}

impl ParcelSide {
    fn view(&self) -> crate::report::compare::PlanSide<'_> {
        crate::report::compare::PlanSide {
            scenario: &self.scenario,
            parcels: &self.parcels,
            outcome: &self.outcome,
        }
    }
}

/// The whole-parcel plan of an operand's scenario: the folder's parcels (a what-if's parcel
/// rows applied) planned under the scenario; `None` for a folder without `parcels.csv`.
fn parcel_side(
    (source, name): &(ScenarioSource, String),
    scenario: Option<&Scenario>,
    options: PlanOptions,
) -> Result<Option<ParcelSide>, AppError> {
    let Some(scenario) = scenario else {
        return Ok(None);
    };
    let scenario = Box::new(scenario.clone());
    let base = load_base(source)?;
    let Some(parcels) = super::parcels::load(source, &base.scenario)? else {
        return Ok(None);
    };
    let parcels = if name == BASE_NAME {
        parcels
    } else {
        let set = load_whatif(source, None)?;
        whatif::apply_parcels(&parcels, &scenario, &set, name)?
    };
    let outcome = crate::parcels::plan(&scenario, &parcels, options)?;
    Ok(Some(ParcelSide {
        scenario,
        parcels,
        outcome,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operands_name_plans_scenarios_and_files() {
        assert_eq!(
            Operand::parse("plan:"),
            Operand::Plan(ScenarioSource::Builtin)
        );
        assert_eq!(
            Operand::parse("plan:scenarios/x"),
            Operand::Plan(ScenarioSource::Folder("scenarios/x".into()))
        );
        assert_eq!(
            Operand::parse("#cap-cut"),
            Operand::Scenario(ScenarioSource::Builtin, "cap-cut".to_string())
        );
        assert_eq!(
            Operand::parse("scenarios/x#base"),
            Operand::Scenario(
                ScenarioSource::Folder("scenarios/x".into()),
                "base".to_string()
            )
        );
        assert_eq!(
            Operand::parse("builtin"),
            Operand::Plan(ScenarioSource::Builtin)
        );
        assert_eq!(Operand::parse("mine.csv"), Operand::File("mine.csv".into()));
    }
}
