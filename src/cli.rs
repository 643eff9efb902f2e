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
