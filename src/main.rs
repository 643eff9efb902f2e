//! The `landplan` binary: parse flags, call the library, print, choose the exit code.
//!
//! Exit codes: 0 success; 1 the run finished but a check failed (audit findings, an
//! infeasible scenario); 2 bad input, usage or I/O error.

mod cli;

use clap::Parser;
use cli::{Cli, Command};
use landplan::app::{self, Outcome, Output, ScenarioSource};
use std::process::ExitCode;

/// Sends a command's text to a file (atomically) or to standard output.
fn deliver(output: Output, out: Option<&std::path::Path>) -> anyhow::Result<Output> {
    match out {
        Some(path) => {
            landplan::report::write::write_atomic(path, output.text.as_bytes())?;
            Ok(Output {
                text: format!("wrote {}\n", path.display()),
                outcome: output.outcome,
            })
        }
        None => Ok(output),
    }
}

fn run(cli: Cli) -> anyhow::Result<Output> {
    let output = match cli.command {
        Command::Audit { folder, format } => app::audit::run(&app::audit::AuditOptions {
            source: ScenarioSource::from_option(folder),
            format: format.into(),
        })?,
        Command::Solve {
            folder,
            format,
            out,
            no_marginal,
        } => {
            let command = app::solve::SolveCommand {
                source: ScenarioSource::from_option(folder),
                format: format.into(),
                solve: landplan::solve::SolveOptions {
                    marginal_values: !no_marginal,
                    ..Default::default()
                },
            };
            deliver(app::solve::run(&command)?, out.as_deref())?
        }
        Command::Extract {
            plan,
            out,
            force,
            strict,
            format,
        } => app::extract::run(&app::extract::ExtractOptions {
            input: plan,
            out,
            force,
            strict,
            format: format.into(),
        })?,
    };
    Ok(output)
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() { 2 } else { 0 });
        }
    };
    match run(cli) {
        Ok(output) => {
            print!("{}", output.text);
            match output.outcome {
                Outcome::Clean => ExitCode::SUCCESS,
                Outcome::CheckFailed => ExitCode::from(1),
            }
        }
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(2)
        }
    }
}
