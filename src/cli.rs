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
        /// LP backend; `auto` picks by size among those this build includes (docs/scale.md).
        #[arg(long, value_enum, default_value_t = SolverArg::Auto)]
        solver: SolverArg,
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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SolverArg {
    Auto,
    Microlp,
    Highs,
    Clarabel,
}

impl From<SolverArg> for landplan::solve::backend::Solver {
    fn from(solver: SolverArg) -> Self {
        use landplan::solve::backend::Backend;
        match solver {
            SolverArg::Auto => Self::Auto,
            SolverArg::Microlp => Self::Use(Backend::Microlp),
            SolverArg::Highs => Self::Use(Backend::Highs),
            SolverArg::Clarabel => Self::Use(Backend::Clarabel),
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
