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

fn solve_options(no_marginal: bool) -> landplan::solve::SolveOptions {
    landplan::solve::SolveOptions {
        marginal_values: !no_marginal,
        ..Default::default()
    }
}

/// Like `deliver`, but never over one of the command's input files.
fn deliver_safely(
    output: Output,
    out: Option<&std::path::Path>,
    inputs: &[std::path::PathBuf],
) -> anyhow::Result<Output> {
    if let Some(path) = out {
        landplan::report::write::ensure_not_input(path, inputs)?;
    }
    deliver(output, out)
}

fn run(cli: Cli) -> anyhow::Result<Output> {
    let output = match cli.command {
        Command::Audit {
            folder,
            format,
            unit,
        } => app::audit::run(&app::audit::AuditOptions {
            source: ScenarioSource::from_option(folder),
            format: format.into(),
            unit: unit.map(Into::into),
        })?,
        Command::Solve {
            folder,
            format,
            out,
            no_marginal,
            solver,
            whatif,
            whatif_file,
        } => {
            let command = app::solve::SolveCommand {
                source: ScenarioSource::from_option(folder),
                format: format.into(),
                solver: solver.into(),
                solve: solve_options(no_marginal),
                whatif: whatif.map(|name| app::solve::WhatIfChoice {
                    name,
                    file: whatif_file,
                }),
            };
            deliver(app::solve::run(&command)?, out.as_deref())?
        }
        Command::Stress {
            folder,
            whatif,
            whatif_file,
            samples,
            seed,
            uncertainty,
            spread,
            threads,
            format,
            out,
            samples_csv,
            shard,
            shards,
        } => {
            let env = |name: &str| std::env::var(name).ok();
            let shard = shard.map(|c| c.resolve(shards, env)).transpose()?;
            let command = app::stress::StressCommand {
                source: ScenarioSource::from_option(folder),
                whatif: whatif.map(|name| app::solve::WhatIfChoice {
                    name,
                    file: whatif_file,
                }),
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
                shard,
            };
            deliver(stress(&command)?, out.as_deref())?
        }
        Command::Merge {
            shards,
            scenario,
            whatif,
            whatif_file,
            format,
            out,
        } => {
            let command = app::merge::MergeCommand {
                source: ScenarioSource::from_option(scenario),
                whatif: whatif.map(|name| app::solve::WhatIfChoice {
                    name,
                    file: whatif_file,
                }),
                shards,
                format: format.into(),
            };
            deliver(app::merge::run(&command)?, out.as_deref())?
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
        Command::Run {
            folder,
            whatif,
            only,
            out,
            format,
            no_marginal,
        } => app::run::run(&app::run::RunCommand {
            source: ScenarioSource::from_option(folder),
            whatif,
            only,
            out,
            format: format.into(),
            solve: solve_options(no_marginal),
        })?,
        Command::Compare { a, b, format } => app::compare::run(&app::compare::CompareCommand {
            a,
            b,
            format: format.into(),
        })?,
        Command::Check {
            allocation,
            against,
            format,
        } => app::check::run(&app::check::CheckCommand {
            allocation,
            against,
            format: format.into(),
        })?,
        Command::Track {
            folder,
            supplied,
            as_of,
            format,
            out,
        } => {
            let command = app::track::TrackCommand {
                source: ScenarioSource::from_option(folder),
                supplied,
                as_of,
                format: format.into(),
            };
            let inputs = app::track::input_paths(&command.source, &[&command.supplied]);
            deliver_safely(app::track::run(&command)?, out.as_deref(), &inputs)?
        }
        Command::Adjust {
            folder,
            supplied,
            demand,
            format,
            out,
        } => {
            let command = app::adjust::AdjustCommand {
                source: ScenarioSource::from_option(folder),
                supplied,
                demand,
                format: format.into(),
            };
            let inputs =
                app::track::input_paths(&command.source, &[&command.supplied, &command.demand]);
            deliver_safely(app::adjust::run(&command)?, out.as_deref(), &inputs)?
        }
        Command::Review {
            folder,
            supplied,
            out,
        } => app::review::run(&app::review::ReviewCommand {
            source: ScenarioSource::from_option(folder),
            supplied,
            out,
        })?,
        Command::Generate {
            towns,
            categories,
            seed,
            out,
        } => app::generate::run(&app::generate::GenerateCommand {
            options: landplan::generate::GenerateOptions {
                towns,
                categories,
                seed,
            },
            out,
        })?,
        Command::Report {
            folder,
            whatif,
            stress,
            seed,
            uncertainty,
            spread,
            lang,
            out,
        } => app::report::run(&app::report::ReportCommand {
            source: ScenarioSource::from_option(folder),
            whatifs: whatif,
            lang: lang.map(Into::into),
            out,
            solve: landplan::solve::SolveOptions::default(),
            stress: stress.map(|samples| app::report::StressRequest {
                options: landplan::stress::StressOptions {
                    samples,
                    seed,
                    threads: None,
                    backend: Default::default(),
                },
                uncertainty: match uncertainty {
                    Some(path) => app::stress::Uncertainty::File(path),
                    None => app::stress::Uncertainty::Spread(spread),
                },
            }),
        })?,
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
