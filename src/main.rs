//! The `landplan` binary: parse flags, call the library, print, choose the exit code.
//!
//! Exit codes: 0 success; 1 the run finished but a check failed (audit findings, an
//! infeasible scenario, an interrupted or partly infeasible stress run); 2 bad input, usage
//! or I/O error.

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
        Command::Stress {
            folder,
            whatif,
            samples,
            seed,
            uncertainty,
            spread,
            threads,
            format,
            out,
            samples_csv,
        } => {
            let command = app::stress::StressCommand {
                source: ScenarioSource::from_option(folder),
                whatif,
                uncertainty: match uncertainty {
                    Some(path) => app::stress::Uncertainty::File(path),
                    None => app::stress::Uncertainty::Spread(spread),
                },
                stress: landplan::stress::StressOptions {
                    samples,
                    seed,
                    threads,
                    backend: Default::default(),
                },
                format: format.into(),
                samples_csv,
            };
            deliver(stress(&command)?, out.as_deref())?
        }
        Command::Sweep {
            folder,
            param,
            from,
            to,
            steps,
            format,
            out,
        } => {
            let command = app::sweep::SweepCommand {
                source: ScenarioSource::from_option(folder),
                param,
                from,
                to,
                steps,
                format: format.into(),
                backend: Default::default(),
            };
            deliver(app::sweep::run(&command)?, out.as_deref())?
        }
    };
    Ok(output)
}

/// Runs a stress test with a progress bar on standard error (hidden when it is not a
/// terminal) and Ctrl-C stopping it cleanly with the samples done so far.
fn stress(command: &app::stress::StressCommand) -> anyhow::Result<Output> {
    let cancel = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = cancel.clone();
    // A second handler cannot be installed in one process; the run then simply cannot be
    // interrupted cleanly, which is no reason to refuse it.
    let _ = ctrlc::set_handler(move || flag.store(true, std::sync::atomic::Ordering::Relaxed));
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(command.stress.samples),
        indicatif::ProgressDrawTarget::stderr(),
    );
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} stress {bar:40} {pos}/{len} samples ({per_sec}, eta {eta})",
        )
        .expect("the progress template is valid"),
    );
    let progress = |done: u64| bar.inc(done);
    let control = landplan::stress::Control {
        cancel: &cancel,
        progress: &progress,
    };
    let output = app::stress::run(command, control);
    bar.finish_and_clear();
    Ok(output?)
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
