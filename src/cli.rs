//! Command-line arguments (clap types). Declared by `main.rs` only: the library has no clap.
//!
//! One `Args` struct per command; the flag groups every command shares (the scenario, the
//! what-if choice, the uncertainty of a stress test, the output: `--format`, `--out`,
//! `--unit`, `--lang`) are written once and flattened in. Each command's flags become the
//! library's validated command (`app::Invocation`) in one `TryFrom`, where every flag is
//! checked once: a format the command does not write, a `--format` that contradicts the
//! extension of `--out`, a flag value the command cannot honour are usage errors (exit 2)
//! before any work is done.

use clap::{Args, Parser, Subcommand, ValueEnum};
use landplan::app::{self, Command as AppCommand, Invocation, ScenarioSource};
use landplan::output::{Destination, FileFormat, FormatChoice};
use landplan::report::page::Lang;
use rust_decimal::Decimal;
use std::path::PathBuf;

/// Exact engine for annual land supply plans (年度土地供应计划).
#[derive(Debug, Parser)]
#[command(name = "landplan", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a plan's consistency in exact arithmetic (exit 1 when anything is found, 2 when
    /// the input has problems).
    Audit(AuditArgs),
    /// Allocate land by strict priority tiers, fair cuts and closeness to the plan.
    Solve(SolveArgs),
    /// Solve the base and every what-if scenario; one summary row each (exit 1 if any is
    /// infeasible).
    Run(RunArgs),
    /// Compare two allocations: plan:FOLDER, FOLDER#NAME (a what-if, solved) or a saved file.
    Compare(CompareArgs),
    /// Judge any allocation by the scenario's rules (exit 1 when anything is broken).
    Check(CheckArgs),
    /// Track the plan's execution against a parcel register (exit 1 when anything is flagged).
    Track(TrackArgs),
    /// Monte Carlo demand: how often each tier is fully supplied, which towns absorb the
    /// cuts, how often each limit binds (exit 1 when interrupted or a sample is infeasible).
    Stress(StressArgs),
    /// Merge the shard documents of `landplan stress --shard K/N` into the report of one run.
    Merge(MergeArgs),
    /// Move the cap, a target's total demand or a town's capacity across a range: each
    /// tier's supply, and the exact values where a tier starts to be cut, the cap binds or
    /// the scenario turns infeasible.
    Sweep(SweepArgs),
    /// Propose the mid-year adjustment: same total, supplied land kept, least change to the
    /// plan (exit 1 when no adjustment fits).
    Adjust(AdjustArgs),
    /// Review the year and write the starting folder of next year's plan.
    Review(ReviewArgs),
    /// Write a realistic random scenario folder of any size (deterministic per seed).
    Generate(GenerateArgs),
    /// Write a report for planners: audit, allocation against the plan with charts, tiers,
    /// binding limits, marginal values and recommendations confirmed by re-solves.
    Report(ReportArgs),
    /// Read a published plan (.txt, .docx or .pdf) into a scenario folder, then audit it (exit 1
    /// when the audit finds anything).
    Extract(ExtractArgs),
    /// Choose which parcels of parcels.csv to supply this year and in which quarter, whole
    /// parcels only, by strict priority tiers (exit 1 if no plan keeps every limit).
    Parcels(ParcelsArgs),
    /// The report's recommendations on their own: remedies in the order of what a bureau
    /// controls, each re-solved and re-audited (exit 1 when the scenario is infeasible).
    Recommend(RecommendArgs),
}

// ---------------------------------------------------------------------------------------
// The shared groups.

/// The scenario a command works on.
#[derive(Debug, Args)]
pub struct ScenarioArgs {
    /// Scenario folder, or a workbook (.xlsx) with a sheet per file; the built-in Lianzhou
    /// 2025 scenario when omitted.
    pub folder: Option<PathBuf>,
}

impl ScenarioArgs {
    fn source(self) -> ScenarioSource {
        ScenarioSource::from_option(self.folder)
    }
}

/// One what-if scenario instead of the base.
#[derive(Debug, Args)]
pub struct WhatIfArgs {
    /// A what-if scenario (a name in the folder's whatif.csv) instead of the base.
    #[arg(long, value_name = "NAME")]
    pub whatif: Option<String>,
    /// The what-if file to take --whatif from, instead of the folder's whatif.csv.
    #[arg(long, value_name = "FILE", requires = "whatif")]
    pub whatif_file: Option<PathBuf>,
}

impl WhatIfArgs {
    fn choice(self) -> Option<app::solve::WhatIfChoice> {
        self.whatif.map(|name| app::solve::WhatIfChoice {
            name,
            file: self.whatif_file,
        })
    }
}

/// Several what-if scenarios beside the base.
#[derive(Debug, Args)]
pub struct WhatIfsArgs {
    /// What-if scenarios (comma-separated names in the what-if file); all of them when
    /// omitted (run) or none (report).
    #[arg(long, value_name = "NAME,...", value_delimiter = ',', alias = "only")]
    pub whatif: Vec<String>,
    /// The what-if file, instead of the folder's whatif.csv.
    #[arg(long, value_name = "FILE")]
    pub whatif_file: Option<PathBuf>,
}

/// How demand moves in a stress test.
#[derive(Debug, Args)]
pub struct UncertaintyArgs {
    /// uncertainty.csv (target,distribution,low,mode,high): demand multipliers per target.
    #[arg(long, value_name = "FILE", conflicts_with = "spread")]
    pub uncertainty: Option<PathBuf>,
    /// Without --uncertainty: every demand times a uniform factor in 1-spread..1+spread
    /// (0 to 1).
    #[arg(long, default_value = "0.2")]
    pub spread: Decimal,
}

impl UncertaintyArgs {
    fn uncertainty(self) -> Result<app::stress::Uncertainty, String> {
        match self.uncertainty {
            Some(path) => Ok(app::stress::Uncertainty::File(path)),
            None if self.spread < Decimal::ZERO || self.spread > Decimal::ONE => Err(format!(
                "--spread must be between 0 and 1 (got {})",
                self.spread
            )),
            None => Ok(app::stress::Uncertainty::Spread(self.spread)),
        }
    }
}

/// Where the output goes and how it reads; the same four flags on every command.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Output format; by default the extension of --out tells (.txt .json .csv .md .html
    /// .xlsx), else the command's usual one (a terminal table).
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// Write the output here (complete or not at all, never over an input of the run)
    /// instead of standard output; `-` is standard output. A folder for run, review,
    /// generate and extract.
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
    /// Figures in this unit (1 ha = 15 mu; `both`: 公顷 with 亩 beside them); the scenario's
    /// own unit when omitted. On audit, solve, run, compare, report and recommend.
    #[arg(long, value_enum)]
    pub unit: Option<UnitArg>,
    /// Language of the output: Chinese or English; by the data's language when omitted.
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
    /// Write CSV without the UTF-8 byte-order mark. By default every CSV landplan writes
    /// starts with one, so that Excel on Chinese Windows reads its names as UTF-8.
    #[arg(long)]
    pub no_bom: bool,
}

/// The formats of a command that writes a report to standard output or a file.
const TEXT_FORMATS: &[FileFormat] = &[
    FileFormat::Table,
    FileFormat::Json,
    FileFormat::Csv,
    FileFormat::Md,
];

impl OutputArgs {
    /// A report to standard output or a file: its destination and the renderers' format.
    fn report(
        self,
        command: &'static str,
    ) -> Result<(Destination, landplan::report::Format), String> {
        let (destination, format) = self.destination(command, TEXT_FORMATS)?;
        Ok((destination, text_format(format)))
    }

    /// The destination and the format among `offered` (the first is the default), after
    /// refusing the flags the command cannot honour.
    fn destination(
        self,
        command: &'static str,
        offered: &'static [FileFormat],
    ) -> Result<(Destination, FileFormat), String> {
        self.refuse_unit(command)?;
        let destination = Destination::from_option(self.out);
        let choice = FormatChoice {
            command,
            offered,
            default: offered[0],
        };
        let format = choice
            .resolve(self.format.map(Into::into), &destination)
            .map_err(|e| e.to_string())?;
        Ok((destination, format))
    }

    /// A folder (`--out DIR`, required) and the format of the summary printed.
    fn folder(self, command: &'static str) -> Result<(PathBuf, landplan::report::Format), String> {
        let out = self
            .out
            .clone()
            .ok_or_else(|| format!("landplan {command} needs --out FOLDER"))?;
        if out.as_os_str() == "-" {
            return Err(format!(
                "landplan {command} writes a folder: --out - (standard output) cannot hold one"
            ));
        }
        let summary = OutputArgs { out: None, ..self };
        let (_, format) = summary.report(command)?;
        Ok((out, format))
    }

    /// Whether `--format` or the extension of `--out` asks for this format.
    fn asks_for(&self, format: FileFormat) -> bool {
        let by_name = |path: &PathBuf| {
            path.extension()
                .and_then(|e| FileFormat::from_extension(&e.to_string_lossy()))
                == Some(format)
        };
        self.format.map(FileFormat::from) == Some(format) || self.out.as_ref().is_some_and(by_name)
    }

    /// A workbook to a file (or standard output, to be piped): its destination, checked
    /// like any other (a `--format` that contradicts the extension is an error).
    fn workbook(
        self,
        command: &'static str,
    ) -> Result<(Destination, landplan::report::Format), String> {
        let (destination, _) = self.destination(command, &[FileFormat::Xlsx])?;
        Ok((destination, landplan::report::Format::Table))
    }

    /// The language asked for (`--lang`); the data's language when `None`.
    fn language(&self) -> Option<Lang> {
        self.lang.map(Into::into)
    }

    /// Whether CSV starts with the byte-order mark.
    fn bom(&self) -> landplan::report::Bom {
        if self.no_bom {
            landplan::report::Bom::Without
        } else {
            landplan::report::Bom::With
        }
    }

    /// As `report`, for a command written in both languages: the `--lang` asked for.
    fn report_in(
        self,
        command: &'static str,
    ) -> Result<(Destination, landplan::report::Format, Option<Lang>), String> {
        let lang = self.lang.map(Into::into);
        let (destination, format) = OutputArgs { lang: None, ..self }.report(command)?;
        Ok((destination, format, lang))
    }

    /// As `destination`, for a command written in both languages: the `--lang` asked for.
    fn destination_in(
        self,
        command: &'static str,
        offered: &'static [FileFormat],
    ) -> Result<(Destination, FileFormat, Option<Lang>), String> {
        let lang = self.lang.map(Into::into);
        let (destination, format) =
            OutputArgs { lang: None, ..self }.destination(command, offered)?;
        Ok((destination, format, lang))
    }

    /// As `folder`, for a command written in both languages: the `--lang` asked for.
    fn folder_in(
        self,
        command: &'static str,
    ) -> Result<(PathBuf, landplan::report::Format, Option<Lang>), String> {
        let lang = self.lang.map(Into::into);
        let (out, format) = OutputArgs { lang: None, ..self }.folder(command)?;
        Ok((out, format, lang))
    }

    /// `--unit` where the command cannot convert its figures yet.
    fn refuse_unit(&self, command: &str) -> Result<(), String> {
        match self.unit {
            None => Ok(()),
            Some(_) => Err(format!(
                "--unit: landplan {command} reports figures in the scenario's own unit; \
                 audit, solve, run, compare, report and recommend convert them"
            )),
        }
    }

    /// The unit asked for (`--unit`), taken out of the flags for a command that converts
    /// its figures.
    fn take_shown(&mut self) -> Option<landplan::report::page::words::Shown> {
        self.unit.take().map(Into::into)
    }
}

/// The renderers' format of a text format.
fn text_format(format: FileFormat) -> landplan::report::Format {
    use landplan::report::Format;
    match format {
        FileFormat::Json => Format::Json,
        FileFormat::Csv => Format::Csv,
        FileFormat::Md => Format::Md,
        FileFormat::Table | FileFormat::Html | FileFormat::Xlsx => Format::Table,
    }
}

// ---------------------------------------------------------------------------------------
// One struct per command.

#[derive(Debug, Args)]
pub struct AuditArgs {
    #[command(flatten)]
    pub scenario: ScenarioArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct ParcelsArgs {
    #[command(flatten)]
    pub scenario: ScenarioArgs,
    /// Seconds the searches may take together (a search stopped by it reports its gap);
    /// by default a quarter of a millisecond per parcel, at least 0.05 s and at most 4 s.
    #[arg(long, value_name = "SECONDS")]
    pub time_limit: Option<f64>,
    #[command(flatten)]
    pub whatif: WhatIfArgs,
    /// Also plan under N samples of readiness slips (the parcel:ID rows of --uncertainty)
    /// and demand shocks (its other rows).
    #[arg(long, value_name = "N", requires = "uncertainty")]
    pub stress: Option<u64>,
    /// The seed of --stress's draws.
    #[arg(long, value_name = "S", default_value_t = 0, requires = "stress")]
    pub seed: u64,
    /// uncertainty.csv with parcel:ID,slip,P,,Q rows (docs/parcels.md) and demand rows.
    #[arg(long, value_name = "FILE", requires = "stress")]
    pub uncertainty: Option<PathBuf>,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct RecommendArgs {
    #[command(flatten)]
    pub scenario: ScenarioArgs,
    #[command(flatten)]
    pub whatif: WhatIfArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct SolveArgs {
    #[command(flatten)]
    pub scenario: ScenarioArgs,
    #[command(flatten)]
    pub whatif: WhatIfArgs,
    /// Skip the marginal values (read from the proof multipliers; a few re-solves confirm them).
    #[arg(long)]
    pub no_marginal: bool,
    /// LP backend; `auto` picks by size among those this build includes (docs/scale.md).
    #[arg(long, value_enum, default_value_t = SolverArg::Auto)]
    pub solver: SolverArg,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    #[command(flatten)]
    pub scenario: ScenarioArgs,
    #[command(flatten)]
    pub whatifs: WhatIfsArgs,
    /// Skip the marginal values (read from the proof multipliers; a few re-solves per scenario).
    #[arg(long)]
    pub no_marginal: bool,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// A: plan:FOLDER (or a folder), FOLDER#NAME, FOLDER#base, or an allocation CSV/JSON.
    pub a: String,
    /// B: as A.
    pub b: String,
    /// Seconds each side's parcel plan may search (with a parcels.csv; a search stopped by
    /// it reports its gap); by default as `landplan parcels`.
    #[arg(long, value_name = "SECONDS")]
    pub time_limit: Option<f64>,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// An allocation CSV (town,category,allocated) or JSON, plan:FOLDER or FOLDER#NAME.
    pub allocation: String,
    /// Scenario folder or FOLDER#NAME; the built-in Lianzhou 2025 scenario when omitted.
    #[arg(long, value_name = "FOLDER")]
    pub against: Option<String>,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct TrackArgs {
    #[command(flatten)]
    pub scenario: ScenarioArgs,
    /// The parcel register: parcel,town,category,hectares,date,method.
    #[arg(long, value_name = "FILE")]
    pub supplied: PathBuf,
    /// Report at this date (YYYY-MM-DD, 2025/3/1 or 2025年3月1日); the latest parcel's
    /// date when omitted.
    #[arg(long, value_parser = parse_date)]
    pub as_of: Option<landplan::jiff::civil::Date>,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct StressArgs {
    #[command(flatten)]
    pub scenario: ScenarioArgs,
    #[command(flatten)]
    pub whatif: WhatIfArgs,
    /// Number of samples.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub samples: u64,
    /// Random seed: the same seed gives the same output, whatever the thread count.
    #[arg(long, value_name = "S")]
    pub seed: u64,
    #[command(flatten)]
    pub uncertainty: UncertaintyArgs,
    /// Worker threads (default: one per core).
    #[arg(long, value_name = "K", value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,
    /// Also write every sample's demands to this CSV file (sample,town,category,demand).
    #[arg(long, value_name = "FILE")]
    pub samples_csv: Option<PathBuf>,
    /// Run only shard K of N (a deterministic slice of the samples) and write its shard
    /// document (JSON) for `landplan merge`; `auto` takes K and N from a Slurm array job
    /// or a Kubernetes Indexed Job (with --shards N).
    #[arg(long, value_name = "K/N|auto", value_parser = parse_shard)]
    pub shard: Option<landplan::stress::shard::ShardChoice>,
    /// The number of shards (needed by `--shard auto` in a Kubernetes Indexed Job: the
    /// Job's completions; checked against the shard otherwise).
    #[arg(long, value_name = "N", requires = "shard")]
    pub shards: Option<u64>,
    /// Seconds each sample's parcel plan may search (with readiness slips in
    /// --uncertainty); by default as `landplan parcels`: 0.25 ms per parcel, 0.05 s to 4 s.
    #[arg(long, value_name = "SECONDS")]
    pub time_limit: Option<f64>,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The scenario folder the shards were run on (optional: the built-in Lianzhou 2025
    /// scenario when the first argument is not a folder), then every shard document of one
    /// run, in any order.
    #[arg(required = true, value_name = "[FOLDER] SHARD")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub whatif: WhatIfArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct SweepArgs {
    #[command(flatten)]
    pub scenario: ScenarioArgs,
    /// cap, demand:TARGET (total demand of the target's cells) or capacity:TOWN.
    #[arg(long)]
    pub param: String,
    #[arg(long, value_name = "A", allow_negative_numbers = true)]
    pub from: Decimal,
    #[arg(long, value_name = "B", allow_negative_numbers = true)]
    pub to: Decimal,
    /// Intervals between A and B (K + 1 grid values; 1 to 10,000).
    #[arg(long, value_name = "K", default_value_t = 10,
          value_parser = clap::value_parser!(u32).range(1..=MAX_SWEEP_STEPS))]
    pub steps: u32,
    /// Seconds each grid value's parcel plan may search (with a parcels.csv; a search
    /// stopped by it reports its gap); by default as `landplan parcels`.
    #[arg(long, value_name = "SECONDS")]
    pub time_limit: Option<f64>,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// The most grid intervals a sweep takes: each is a solve, and break points are found
/// between them by bisection anyway.
const MAX_SWEEP_STEPS: i64 = 10_000;

#[derive(Debug, Args)]
pub struct AdjustArgs {
    #[command(flatten)]
    pub scenario: ScenarioArgs,
    /// The parcel register: parcel,town,category,hectares,date,method.
    #[arg(long, value_name = "FILE")]
    pub supplied: PathBuf,
    /// The updated full-year demand: town,category,demand.
    #[arg(long, value_name = "FILE")]
    pub demand: PathBuf,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct ReviewArgs {
    #[command(flatten)]
    pub scenario: ScenarioArgs,
    /// The year's parcel register: parcel,town,category,hectares,date,method.
    #[arg(long, value_name = "FILE")]
    pub supplied: PathBuf,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Number of towns.
    #[arg(long)]
    pub towns: usize,
    /// Number of land-use categories.
    #[arg(long, default_value_t = 7)]
    pub categories: usize,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Which limits: town capacities, a category maximum and a share rule (all), or only
    /// limits nested in one another (nested: no capacities, the 经营性用地 rule as an amount).
    #[arg(long, value_enum, default_value_t = LimitsArg::All)]
    pub limits: LimitsArg,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LimitsArg {
    All,
    Nested,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub scenario: ScenarioArgs,
    /// What-if scenarios of the folder's whatif.csv to report on beside the base
    /// (comma-separated names).
    #[arg(long, value_delimiter = ',', value_name = "NAME,...")]
    pub whatif: Vec<String>,
    /// Also stress each reported scenario with N random draws of demand (as `landplan
    /// stress` does): each tier's probability of full supply, the cells most often cut.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub stress: Option<u64>,
    /// Random seed of the stress test (recorded in the report's manifest).
    #[arg(long, value_name = "S", default_value_t = 0, requires = "stress")]
    pub seed: u64,
    #[command(flatten)]
    pub uncertainty: UncertaintyArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// The plan as published: text (UTF-8 or GBK), Word .docx or PDF.
    pub plan: PathBuf,
    /// Replace the --out folder when it exists: everything in it is replaced.
    #[arg(long)]
    pub force: bool,
    /// Write nothing when any figure-like text could not be read.
    #[arg(long)]
    pub strict: bool,
    #[command(flatten)]
    pub output: OutputArgs,
}

// ---------------------------------------------------------------------------------------
// Flags to validated commands.

/// A command with its report's destination.
fn invocation(command: AppCommand, destination: Destination) -> Invocation {
    Invocation {
        command,
        destination,
        bom: Default::default(),
    }
}

/// A command whose output is a folder: its summary goes to standard output.
fn to_stdout(command: AppCommand) -> Invocation {
    invocation(command, Destination::Stdout)
}

impl TryFrom<Command> for Invocation {
    type Error = String;

    fn try_from(command: Command) -> Result<Invocation, String> {
        let bom = command.output().bom();
        let invocation: Result<Invocation, String> = match command {
            Command::Audit(a) => a.try_into(),
            Command::Solve(a) => a.try_into(),
            Command::Run(a) => a.try_into(),
            Command::Compare(a) => a.try_into(),
            Command::Check(a) => a.try_into(),
            Command::Track(a) => a.try_into(),
            Command::Stress(a) => a.try_into(),
            Command::Merge(a) => a.try_into(),
            Command::Sweep(a) => a.try_into(),
            Command::Adjust(a) => a.try_into(),
            Command::Review(a) => a.try_into(),
            Command::Generate(a) => a.try_into(),
            Command::Report(a) => a.try_into(),
            Command::Extract(a) => a.try_into(),
            Command::Parcels(a) => a.try_into(),
            Command::Recommend(a) => a.try_into(),
        };
        invocation.map(|invocation| Invocation { bom, ..invocation })
    }
}

impl Command {
    /// The output flags of the command.
    fn output(&self) -> &OutputArgs {
        match self {
            Command::Audit(a) => &a.output,
            Command::Solve(a) => &a.output,
            Command::Run(a) => &a.output,
            Command::Compare(a) => &a.output,
            Command::Check(a) => &a.output,
            Command::Track(a) => &a.output,
            Command::Stress(a) => &a.output,
            Command::Merge(a) => &a.output,
            Command::Sweep(a) => &a.output,
            Command::Adjust(a) => &a.output,
            Command::Review(a) => &a.output,
            Command::Generate(a) => &a.output,
            Command::Report(a) => &a.output,
            Command::Extract(a) => &a.output,
            Command::Parcels(a) => &a.output,
            Command::Recommend(a) => &a.output,
        }
    }
}

impl TryFrom<AuditArgs> for Invocation {
    type Error = String;
    fn try_from(args: AuditArgs) -> Result<Self, String> {
        if args.output.unit == Some(UnitArg::Both) {
            return Err(
                "--unit both: audit restates its findings in one unit, ha or mu".to_string(),
            );
        }
        let lang = args.output.language();
        let unit = args.output.unit.take_unit();
        let output = OutputArgs {
            unit: None,
            ..args.output
        };
        let (destination, format) = output.report("audit")?;
        let command = app::audit::AuditOptions {
            lang,
            source: args.scenario.source(),
            format,
            unit,
        };
        Ok(invocation(AppCommand::Audit(command), destination))
    }
}

/// The parcel plans' budget from `--time-limit SECONDS`.
fn plan_options(seconds: Option<f64>) -> Result<landplan::parcels::PlanOptions, String> {
    Ok(landplan::parcels::PlanOptions {
        time_limit: time_limit(seconds)?,
    })
}

impl TryFrom<ParcelsArgs> for Invocation {
    type Error = String;
    fn try_from(args: ParcelsArgs) -> Result<Self, String> {
        let lang = args.output.language();
        let workbook = args.output.asks_for(FileFormat::Xlsx);
        let (destination, format) = if workbook {
            args.output.workbook("parcels")?
        } else {
            args.output.report("parcels")?
        };
        let command = app::parcels::ParcelsCommand {
            lang,
            source: args.scenario.source(),
            format,
            plan: plan_options(args.time_limit)?,
            workbook,
            whatif: args.whatif.choice(),
            stress: args
                .stress
                .zip(args.uncertainty)
                .map(|(samples, uncertainty)| app::parcels::SlipStress {
                    samples,
                    seed: args.seed,
                    uncertainty,
                }),
        };
        Ok(invocation(AppCommand::Parcels(command), destination))
    }
}

/// The formats `landplan recommend` writes: a terminal text, JSON, Markdown.
const RECOMMEND_FORMATS: &[FileFormat] = &[FileFormat::Table, FileFormat::Json, FileFormat::Md];

impl TryFrom<RecommendArgs> for Invocation {
    type Error = String;
    fn try_from(mut args: RecommendArgs) -> Result<Self, String> {
        let unit = args.output.take_shown();
        let (destination, format, lang) =
            args.output.destination_in("recommend", RECOMMEND_FORMATS)?;
        let command = app::recommend::RecommendCommand {
            source: args.scenario.source(),
            whatif: args.whatif.choice(),
            format: text_format(format),
            lang,
            unit,
        };
        Ok(invocation(AppCommand::Recommend(command), destination))
    }
}

impl TryFrom<SolveArgs> for Invocation {
    type Error = String;
    fn try_from(mut args: SolveArgs) -> Result<Self, String> {
        let unit = args.output.take_shown();
        let lang = args.output.language();
        let workbook = args.output.asks_for(FileFormat::Xlsx);
        let (destination, format) = if workbook {
            args.output.workbook("solve")?
        } else {
            args.output.report("solve")?
        };
        let command = app::solve::SolveCommand {
            lang,
            unit,
            workbook,
            source: args.scenario.source(),
            format,
            solver: args.solver.into(),
            solve: solve_options(args.no_marginal),
            whatif: args.whatif.choice(),
        };
        Ok(invocation(AppCommand::Solve(command), destination))
    }
}

impl TryFrom<RunArgs> for Invocation {
    type Error = String;
    fn try_from(mut args: RunArgs) -> Result<Self, String> {
        let unit = args.output.take_shown();
        let lang = args.output.language();
        let bom = args.output.bom();
        let workbook = args.output.asks_for(FileFormat::Xlsx);
        let out = args.output.out.clone();
        let (destination, format) = if workbook {
            args.output.workbook("run")?
        } else {
            let summary = OutputArgs {
                out: None,
                ..args.output
            };
            (Destination::Stdout, summary.report("run")?.1)
        };
        let command = app::run::RunCommand {
            lang,
            unit,
            source: args.scenario.source(),
            whatif: args.whatifs.whatif_file,
            only: args.whatifs.whatif,
            out: out.filter(|path| !workbook && path.as_os_str() != "-"),
            format,
            solve: solve_options(args.no_marginal),
            workbook,
            bom,
            parcels: landplan::parcels::PlanOptions::default(),
        };
        Ok(invocation(AppCommand::Run(command), destination))
    }
}

impl TryFrom<CompareArgs> for Invocation {
    type Error = String;
    fn try_from(mut args: CompareArgs) -> Result<Self, String> {
        let unit = args.output.take_shown();
        let lang = args.output.language();
        let workbook = args.output.asks_for(FileFormat::Xlsx);
        let (destination, format) = if workbook {
            args.output.workbook("compare")?
        } else {
            args.output.report("compare")?
        };
        let command = app::compare::CompareCommand {
            lang,
            unit,
            a: args.a,
            b: args.b,
            format,
            workbook,
            parcels: plan_options(args.time_limit)?,
        };
        Ok(invocation(AppCommand::Compare(command), destination))
    }
}

impl TryFrom<CheckArgs> for Invocation {
    type Error = String;
    fn try_from(args: CheckArgs) -> Result<Self, String> {
        let lang = args.output.language();
        let (destination, format) = args.output.report("check")?;
        let command = app::check::CheckCommand {
            lang,
            allocation: args.allocation,
            against: args.against,
            format,
        };
        Ok(invocation(AppCommand::Check(command), destination))
    }
}

impl TryFrom<TrackArgs> for Invocation {
    type Error = String;
    fn try_from(args: TrackArgs) -> Result<Self, String> {
        let (destination, format, lang) = args.output.report_in("track")?;
        let command = app::track::TrackCommand {
            lang,
            source: args.scenario.source(),
            supplied: args.supplied,
            as_of: args.as_of,
            format,
        };
        Ok(invocation(AppCommand::Track(command), destination))
    }
}

impl TryFrom<StressArgs> for Invocation {
    type Error = String;
    fn try_from(args: StressArgs) -> Result<Self, String> {
        let lang = args.output.language();
        let bom = args.output.bom();
        let (destination, format) = args.output.report("stress")?;
        let environment = |name: &str| std::env::var(name).ok();
        let shard = args
            .shard
            .map(|choice| choice.resolve(args.shards, environment))
            .transpose()
            .map_err(|error| error.to_string())?;
        let command = app::stress::StressCommand {
            lang,
            source: args.scenario.source(),
            whatif: args.whatif.choice(),
            uncertainty: args.uncertainty.uncertainty()?,
            stress: landplan::stress::StressOptions {
                samples: args.samples,
                seed: args.seed,
                threads: args.threads.map(usize::from),
                backend: Default::default(),
            },
            format,
            samples_csv: args.samples_csv,
            bom,
            shard,
            plan: plan_options(args.time_limit)?,
        };
        Ok(invocation(AppCommand::Stress(command), destination))
    }
}

impl TryFrom<MergeArgs> for Invocation {
    type Error = String;
    fn try_from(args: MergeArgs) -> Result<Self, String> {
        let lang = args.output.language();
        let (destination, format) = args.output.report("merge")?;
        let mut paths = args.paths;
        let scenario = |p: &PathBuf| p.is_dir() || landplan::load::is_workbook(p);
        let source = if paths.first().is_some_and(scenario) {
            ScenarioSource::Folder(paths.remove(0))
        } else {
            ScenarioSource::Builtin
        };
        if paths.is_empty() {
            return Err("landplan merge needs the shard documents after the folder".to_string());
        }
        let command = app::merge::MergeCommand {
            lang,
            source,
            whatif: args.whatif.choice(),
            shards: paths,
            format,
        };
        Ok(invocation(AppCommand::Merge(command), destination))
    }
}

impl TryFrom<SweepArgs> for Invocation {
    type Error = String;
    fn try_from(args: SweepArgs) -> Result<Self, String> {
        let lang = args.output.language();
        let (destination, format) = args.output.report("sweep")?;
        let command = app::sweep::SweepCommand {
            lang,
            source: args.scenario.source(),
            param: args.param,
            from: args.from,
            to: args.to,
            steps: args.steps,
            format,
            backend: Default::default(),
            parcels: plan_options(args.time_limit)?,
        };
        Ok(invocation(AppCommand::Sweep(command), destination))
    }
}

impl TryFrom<AdjustArgs> for Invocation {
    type Error = String;
    fn try_from(args: AdjustArgs) -> Result<Self, String> {
        let (destination, format, lang) = args.output.report_in("adjust")?;
        let command = app::adjust::AdjustCommand {
            lang,
            source: args.scenario.source(),
            supplied: args.supplied,
            demand: args.demand,
            format,
        };
        Ok(invocation(AppCommand::Adjust(command), destination))
    }
}

impl TryFrom<ReviewArgs> for Invocation {
    type Error = String;
    fn try_from(args: ReviewArgs) -> Result<Self, String> {
        let bom = args.output.bom();
        if args.output.asks_for(FileFormat::Xlsx) {
            let lang = args.output.lang.map(Into::into);
            let output = OutputArgs {
                lang: None,
                ..args.output
            };
            let (destination, format) = output.workbook("review")?;
            let command = app::review::ReviewCommand {
                lang,
                source: args.scenario.source(),
                supplied: args.supplied,
                out: PathBuf::new(),
                format,
                workbook: true,
                bom,
            };
            return Ok(invocation(AppCommand::Review(command), destination));
        }
        let (out, format, lang) = args.output.folder_in("review")?;
        let command = app::review::ReviewCommand {
            lang,
            source: args.scenario.source(),
            supplied: args.supplied,
            out,
            format,
            workbook: false,
            bom,
        };
        Ok(to_stdout(AppCommand::Review(command)))
    }
}

impl TryFrom<GenerateArgs> for Invocation {
    type Error = String;
    fn try_from(args: GenerateArgs) -> Result<Self, String> {
        let lang = args.output.language();
        let (out, format) = args.output.folder("generate")?;
        let command = app::generate::GenerateCommand {
            lang,
            options: landplan::generate::GenerateOptions {
                towns: args.towns,
                categories: args.categories,
                seed: args.seed,
                limits: match args.limits {
                    LimitsArg::All => landplan::generate::Limits::All,
                    LimitsArg::Nested => landplan::generate::Limits::Nested,
                },
            },
            out,
            format,
        };
        Ok(to_stdout(AppCommand::Generate(command)))
    }
}

/// The formats of `report`.
const PAGE_FORMATS: &[FileFormat] = &[FileFormat::Html, FileFormat::Md, FileFormat::Xlsx];

impl TryFrom<ReportArgs> for Invocation {
    type Error = String;
    fn try_from(mut args: ReportArgs) -> Result<Self, String> {
        let unit = args.output.take_shown();
        let workbook = args.output.asks_for(FileFormat::Xlsx);
        let (destination, format, lang) = args.output.destination_in("report", PAGE_FORMATS)?;
        let format = match format {
            FileFormat::Md => landplan::report::page::PageFormat::Markdown,
            _ => landplan::report::page::PageFormat::Html,
        };
        let uncertainty = args.uncertainty.uncertainty()?;
        let command = app::report::ReportCommand {
            source: args.scenario.source(),
            lang,
            unit,
            whatifs: args.whatif,
            format,
            solve: landplan::solve::SolveOptions::default(),
            stress: args.stress.map(|samples| app::report::StressRequest {
                options: landplan::stress::StressOptions {
                    samples,
                    seed: args.seed,
                    threads: None,
                    backend: Default::default(),
                },
                uncertainty,
            }),
            workbook,
        };
        Ok(invocation(AppCommand::Report(command), destination))
    }
}

impl TryFrom<ExtractArgs> for Invocation {
    type Error = String;
    fn try_from(args: ExtractArgs) -> Result<Self, String> {
        let lang = args.output.language();
        let bom = args.output.bom();
        let (out, format) = args.output.folder("extract")?;
        let command = app::extract::ExtractOptions {
            lang,
            input: args.plan,
            out,
            force: args.force,
            strict: args.strict,
            format,
            bom,
        };
        Ok(to_stdout(AppCommand::Extract(command)))
    }
}

fn solve_options(no_marginal: bool) -> landplan::solve::SolveOptions {
    landplan::solve::SolveOptions {
        marginal_values: !no_marginal,
        ..Default::default()
    }
}

// ---------------------------------------------------------------------------------------
// Flag values.

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SolverArg {
    Auto,
    Microlp,
    Highs,
}

impl From<SolverArg> for landplan::solve::backend::Solver {
    fn from(solver: SolverArg) -> Self {
        use landplan::solve::backend::Backend;
        match solver {
            SolverArg::Auto => Self::Auto,
            SolverArg::Microlp => Self::Use(Backend::Microlp),
            SolverArg::Highs => Self::Use(Backend::Highs),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    Zh,
    En,
}

impl From<LangArg> for landplan::report::page::Lang {
    fn from(lang: LangArg) -> Self {
        match lang {
            LangArg::Zh => Self::Zh,
            LangArg::En => Self::En,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum UnitArg {
    /// Hectares (公顷).
    Ha,
    /// Mu (亩).
    Mu,
    /// Hectares with mu beside them: `132.72823 公顷（1990.92345 亩）`.
    Both,
}

impl From<UnitArg> for landplan::report::page::words::Shown {
    fn from(unit: UnitArg) -> Self {
        use landplan::report::page::words::Shown;
        use landplan::scenario::Unit;
        match unit {
            UnitArg::Ha => Shown::One(Unit::Ha),
            UnitArg::Mu => Shown::One(Unit::Mu),
            UnitArg::Both => Shown::Both,
        }
    }
}

trait TakeUnit {
    fn take_unit(&self) -> Option<landplan::scenario::Unit>;
}

impl TakeUnit for Option<UnitArg> {
    fn take_unit(&self) -> Option<landplan::scenario::Unit> {
        self.and_then(|unit| match unit {
            UnitArg::Ha => Some(landplan::scenario::Unit::Ha),
            UnitArg::Mu => Some(landplan::scenario::Unit::Mu),
            // Refused before: audit restates in one unit.
            UnitArg::Both => None,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// A table for the terminal.
    Table,
    Json,
    Csv,
    /// Markdown.
    Md,
    /// One self-contained HTML page (report).
    Html,
    /// An Excel workbook of the official tables (solve).
    Xlsx,
}

impl From<FormatArg> for FileFormat {
    fn from(format: FormatArg) -> Self {
        match format {
            FormatArg::Table => FileFormat::Table,
            FormatArg::Json => FileFormat::Json,
            FormatArg::Csv => FileFormat::Csv,
            FormatArg::Md => FileFormat::Md,
            FormatArg::Html => FileFormat::Html,
            FormatArg::Xlsx => FileFormat::Xlsx,
        }
    }
}

/// `--time-limit SECONDS` as a duration.
fn time_limit(seconds: Option<f64>) -> Result<Option<std::time::Duration>, String> {
    seconds
        .map(|seconds| {
            std::time::Duration::try_from_secs_f64(seconds).map_err(|_| {
                format!("--time-limit must be a number of seconds >= 0 (got {seconds})")
            })
        })
        .transpose()
}

/// A `--shard K/N|auto` flag.
fn parse_shard(text: &str) -> Result<landplan::stress::shard::ShardChoice, String> {
    landplan::stress::shard::ShardChoice::parse(text).ok_or_else(|| {
        format!("invalid shard '{text}' (expected K/N with 1 <= K <= N, e.g. 2/4, or auto)")
    })
}

/// A date flag, in the forms the parcel register accepts.
fn parse_date(text: &str) -> Result<landplan::jiff::civil::Date, String> {
    landplan::track::date::parse(text).ok_or_else(|| {
        format!(
            "invalid date '{text}' (expected {})",
            landplan::track::date::EXPECTED
        )
    })
}
