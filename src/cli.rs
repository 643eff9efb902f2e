//! Command-line arguments (clap types). Declared by `main.rs` only: the library has no clap.

use clap::{Parser, Subcommand, ValueEnum};
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
    Audit {
        /// Scenario folder; the built-in Lianzhou 2025 scenario when omitted.
        folder: Option<PathBuf>,
        /// Output format: a terminal table, JSON, CSV or Markdown.
        #[arg(long, value_enum, default_value_t = FormatArg::Table)]
        format: FormatArg,
        /// Report figures in this unit (1 ha = 15 mu); the scenario's own unit when omitted.
        /// Hectares that do not terminate are rounded to 6 decimals.
        #[arg(long, value_enum)]
        unit: Option<UnitArg>,
    },
    /// Allocate land by strict priority tiers, fair cuts and closeness to the plan.
    Solve {
        /// Scenario folder; the built-in Lianzhou 2025 scenario when omitted.
        folder: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = FormatArg::Table)]
        format: FormatArg,
        /// Write the report to this file (complete or not at all) instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Skip the marginal values (one extra solve per binding limit).
        #[arg(long)]
        no_marginal: bool,
        /// LP backend; `auto` picks by size among those this build includes (docs/scale.md).
        #[arg(long, value_enum, default_value_t = SolverArg::Auto)]
        solver: SolverArg,
        /// Solve this what-if scenario (a name in the folder's whatif.csv) instead of the base.
        #[arg(long, value_name = "NAME")]
        whatif: Option<String>,
        /// The what-if file to take --whatif NAME from, instead of the folder's whatif.csv.
        #[arg(long, value_name = "FILE", requires = "whatif")]
        whatif_file: Option<PathBuf>,
    },
    /// Solve the base and every what-if scenario; one summary row each (exit 1 if any is infeasible).
    Run {
        /// Scenario folder; the built-in Lianzhou 2025 scenario when omitted.
        folder: Option<PathBuf>,
        /// What-if file; the folder's whatif.csv when omitted.
        #[arg(long, value_name = "FILE")]
        whatif: Option<PathBuf>,
        /// Only these scenarios (comma-separated names); the base is always solved.
        #[arg(long, value_name = "NAME,...", value_delimiter = ',')]
        only: Vec<String>,
        /// Write every result, the summary and a manifest into this folder (whole or not at all).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = FormatArg::Table)]
        format: FormatArg,
        /// Skip the marginal values (one extra solve per binding limit and scenario).
        #[arg(long)]
        no_marginal: bool,
    },
    /// Compare two allocations: plan:FOLDER, FOLDER#NAME (a what-if, solved) or a saved file.
    Compare {
        /// A: plan:FOLDER (or a folder), FOLDER#NAME, FOLDER#base, or an allocation CSV/JSON.
        a: String,
        /// B: as A.
        b: String,
        #[arg(long, value_enum, default_value_t = FormatArg::Table)]
        format: FormatArg,
    },
    /// Judge any allocation by the scenario's rules (exit 1 when anything is broken).
    Check {
        /// An allocation CSV (town,category,allocated) or JSON, plan:FOLDER or FOLDER#NAME.
        allocation: String,
        /// Scenario folder or FOLDER#NAME; the built-in Lianzhou 2025 scenario when omitted.
        #[arg(long, value_name = "FOLDER")]
        against: Option<String>,
        #[arg(long, value_enum, default_value_t = FormatArg::Table)]
        format: FormatArg,
    },
    /// Track the plan's execution against a parcel register (exit 1 when anything is flagged).
    Track {
        /// Scenario folder; the built-in Lianzhou 2025 scenario when omitted.
        folder: Option<PathBuf>,
        /// The parcel register: parcel,town,category,hectares,date,method.
        #[arg(long)]
        supplied: PathBuf,
        /// Report at this date (YYYY-MM-DD, 2025/3/1 or 2025年3月1日); the latest parcel's
        /// date when omitted.
        #[arg(long, value_parser = parse_date)]
        as_of: Option<landplan::jiff::civil::Date>,
        #[arg(long, value_enum, default_value_t = FormatArg::Table)]
        format: FormatArg,
        /// Write the report to this file (complete or not at all) instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Monte Carlo demand: how often each tier is fully supplied, which towns absorb the cuts,
    /// how often each limit binds (exit 1 when interrupted or a sample is infeasible).
    Stress {
        /// Scenario folder; the built-in Lianzhou 2025 scenario when omitted.
        folder: Option<PathBuf>,
        /// Stress this what-if scenario (a name in the folder's whatif.csv) instead of the base.
        #[arg(long, value_name = "NAME")]
        whatif: Option<String>,
        /// The what-if file to take --whatif NAME from, instead of the folder's whatif.csv.
        #[arg(long, value_name = "FILE", requires = "whatif")]
        whatif_file: Option<PathBuf>,
        /// Number of samples.
        #[arg(long, value_name = "N")]
        samples: u64,
        /// Random seed: the same seed gives the same output, whatever the thread count.
        #[arg(long, value_name = "S")]
        seed: u64,
        /// uncertainty.csv (target,distribution,low,mode,high): demand multipliers per target.
        #[arg(long, value_name = "FILE", conflicts_with = "spread")]
        uncertainty: Option<PathBuf>,
        /// Without --uncertainty: every demand times a uniform factor in 1-spread..1+spread.
        #[arg(long, default_value = "0.2")]
        spread: rust_decimal::Decimal,
        /// Worker threads (default: one per core).
        #[arg(long, value_name = "K")]
        threads: Option<usize>,
        #[arg(long, value_enum, default_value_t = FormatArg::Table)]
        format: FormatArg,
        /// Write the report to this file (complete or not at all) instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Also write every sample's demands to this CSV file (sample,town,category,demand).
        #[arg(long, value_name = "FILE")]
        samples_csv: Option<PathBuf>,
        /// Run only shard K of N (a deterministic slice of the samples) and write its shard
        /// document (JSON) for `landplan merge`; `auto` takes K and N from a Slurm array job
        /// or a Kubernetes Indexed Job (with --shards N).
        #[arg(long, value_name = "K/N|auto", value_parser = parse_shard)]
        shard: Option<landplan::stress::shard::ShardChoice>,
        /// The number of shards (needed by `--shard auto` in a Kubernetes Indexed Job: the
        /// Job's completions; checked against the shard otherwise).
        #[arg(long, value_name = "N", requires = "shard")]
        shards: Option<u64>,
    },
    /// Merge the shard documents of `landplan stress --shard K/N` into the report of one run.
    Merge {
        /// The shard documents (every shard of one run, in any order).
        #[arg(required = true)]
        shards: Vec<PathBuf>,
        /// The scenario folder the shards were run on; the built-in Lianzhou 2025 scenario
        /// when omitted.
        #[arg(long, value_name = "FOLDER")]
        scenario: Option<PathBuf>,
        /// The what-if scenario the shards were run on.
        #[arg(long, value_name = "NAME")]
        whatif: Option<String>,
        /// The what-if file to take --whatif NAME from, instead of the folder's whatif.csv.
        #[arg(long, value_name = "FILE", requires = "whatif")]
        whatif_file: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = FormatArg::Table)]
        format: FormatArg,
        /// Write the report to this file (complete or not at all) instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Move the cap, a target's total demand or a town's capacity across a range: each tier's
    /// supply, and the exact values where a tier starts to be cut, the cap binds or the
    /// scenario turns infeasible.
    Sweep {
        /// Scenario folder; the built-in Lianzhou 2025 scenario when omitted.
        folder: Option<PathBuf>,
        /// cap, demand:TARGET (total demand of the target's cells) or capacity:TOWN.
        #[arg(long)]
        param: String,
        #[arg(long, value_name = "A", allow_negative_numbers = true)]
        from: rust_decimal::Decimal,
        #[arg(long, value_name = "B", allow_negative_numbers = true)]
        to: rust_decimal::Decimal,
        /// Intervals between A and B (K + 1 grid values).
        #[arg(long, value_name = "K", default_value_t = 10)]
        steps: u32,
        #[arg(long, value_enum, default_value_t = FormatArg::Table)]
        format: FormatArg,
        /// Write the report to this file (complete or not at all) instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Propose the mid-year adjustment: same total, supplied land kept, least change to the
    /// plan (exit 1 when no adjustment fits).
    Adjust {
        /// Scenario folder; the built-in Lianzhou 2025 scenario when omitted.
        folder: Option<PathBuf>,
        /// The parcel register: parcel,town,category,hectares,date,method.
        #[arg(long)]
        supplied: PathBuf,
        /// The updated full-year demand: town,category,demand.
        #[arg(long)]
        demand: PathBuf,
        #[arg(long, value_enum, default_value_t = FormatArg::Table)]
        format: FormatArg,
        /// Write the change table to this file (complete or not at all).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Review the year and write the starting folder of next year's plan.
    Review {
        /// Scenario folder; the built-in Lianzhou 2025 scenario when omitted.
        folder: Option<PathBuf>,
        /// The year's parcel register: parcel,town,category,hectares,date,method.
        #[arg(long)]
        supplied: PathBuf,
        /// Next year's folder (must not exist, or be empty).
        #[arg(long)]
        out: PathBuf,
    },
    /// Write a realistic random scenario folder of any size (deterministic per seed).
    Generate {
        /// Number of towns.
        #[arg(long)]
        towns: usize,
        /// Number of land-use categories.
        #[arg(long, default_value_t = 7)]
        categories: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The folder to create (refused when it exists and is not empty).
        #[arg(long)]
        out: PathBuf,
    },
    /// Write a report for planners: audit, allocation against the plan with charts, tiers,
    /// binding limits, marginal values and recommendations confirmed by re-solves.
    Report {
        /// Scenario folder; the built-in Lianzhou 2025 scenario when omitted.
        folder: Option<PathBuf>,
        /// What-if scenarios of the folder's whatif.csv to report on beside the base
        /// (comma-separated names).
        #[arg(long, value_delimiter = ',', value_name = "NAME,...")]
        whatif: Vec<String>,
        /// Also stress each reported scenario with N random draws of demand (as `landplan
        /// stress` does): each tier's probability of full supply, the cells most often cut.
        #[arg(long, value_name = "N")]
        stress: Option<u64>,
        /// Random seed of the stress test (recorded in the report's manifest).
        #[arg(long, value_name = "S", default_value_t = 0, requires = "stress")]
        seed: u64,
        /// uncertainty.csv for the stress test (target,distribution,low,mode,high).
        #[arg(
            long,
            value_name = "FILE",
            requires = "stress",
            conflicts_with = "spread"
        )]
        uncertainty: Option<PathBuf>,
        /// Without --uncertainty: every demand times a uniform factor in 1-spread..1+spread.
        #[arg(long, default_value = "0.2", requires = "stress")]
        spread: rust_decimal::Decimal,
        /// Language of the report; Chinese when the plan's names are Chinese, else English.
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
        /// The report file: HTML, or Markdown when it ends in `.md`.
        #[arg(long)]
        out: PathBuf,
    },
    /// Read a published plan (.txt or .docx) into a scenario folder, then audit it (exit 1
    /// when the audit finds anything).
    Extract {
        /// The plan as published: text (UTF-8 or GBK) or Word .docx.
        plan: PathBuf,
        /// The scenario folder to write; refused when it exists and is not empty.
        #[arg(long)]
        out: PathBuf,
        /// Replace the folder when it exists: everything in it is replaced.
        #[arg(long)]
        force: bool,
        /// Write nothing when any figure-like text could not be read.
        #[arg(long)]
        strict: bool,
        #[arg(long, value_enum, default_value_t = FormatArg::Table)]
        format: FormatArg,
    },
}

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

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum UnitArg {
    /// Hectares (公顷).
    Ha,
    /// Mu (亩).
    Mu,
}

impl From<UnitArg> for landplan::scenario::Unit {
    fn from(unit: UnitArg) -> Self {
        match unit {
            UnitArg::Ha => Self::Ha,
            UnitArg::Mu => Self::Mu,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Table,
    Json,
    Csv,
    Md,
}

impl From<FormatArg> for landplan::report::Format {
    fn from(format: FormatArg) -> Self {
        match format {
            FormatArg::Table => Self::Table,
            FormatArg::Json => Self::Json,
            FormatArg::Csv => Self::Csv,
            FormatArg::Md => Self::Md,
        }
    }
}
