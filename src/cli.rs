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
    /// Check a plan's consistency in exact arithmetic (exit 1 when anything is found).
    Audit {
        /// Scenario folder; the built-in Lianzhou 2025 scenario when omitted.
        folder: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = FormatArg::Table)]
        format: FormatArg,
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
    },
    /// Monte Carlo demand: how often each tier is fully supplied, which towns absorb the cuts,
    /// how often each limit binds (exit 1 when interrupted or a sample is infeasible).
    Stress {
        /// Scenario folder; the built-in Lianzhou 2025 scenario when omitted.
        folder: Option<PathBuf>,
        /// Stress this what-if scenario of the folder's whatif.csv instead of the base.
        #[arg(long, value_name = "NAME")]
        whatif: Option<String>,
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
