//! The `landplan` binary: parse flags, turn them into a validated command, run it, print,
//! choose the exit code.
//!
//! Exit codes: 0 success; 1 the run finished but a check failed (audit findings, an
//! infeasible scenario, an interrupted or partly infeasible stress run); 2 bad input, usage
//! or I/O error.

mod cli;

use clap::Parser;
use landplan::app::{self, Invocation, Outcome, Output};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() { 2 } else { 0 });
        }
    };
    let invocation = match Invocation::try_from(cli.command) {
        Ok(invocation) => invocation,
        Err(message) => return fail(&message),
    };
    match run(&invocation) {
        Ok(output) => {
            print!("{}", output.text);
            match output.outcome {
                Outcome::Clean => ExitCode::SUCCESS,
                Outcome::CheckFailed => ExitCode::from(1),
            }
        }
        Err(error) => fail(&format!("{error:#}")),
    }
}

fn fail(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}

/// Runs a command with Ctrl-C stopping long runs cleanly (a stress run reports the samples
/// done so far) and a progress bar on standard error (hidden when it is not a terminal).
fn run(invocation: &Invocation) -> anyhow::Result<Output> {
    let cancel = Arc::new(AtomicBool::new(false));
    let flag = cancel.clone();
    // A second handler cannot be installed in one process; the run then simply cannot be
    // interrupted cleanly, which is no reason to refuse it.
    let _ = ctrlc::set_handler(move || flag.store(true, Ordering::Relaxed));
    let bar = progress_bar(&invocation.command);
    let progress = |done: u64| bar.inc(done);
    let control = landplan::stress::Control {
        cancel: &cancel,
        progress: &progress,
    };
    let output = app::execute(invocation, control);
    bar.finish_and_clear();
    Ok(output?)
}

/// How long a command runs before a spinner says it is still working.
const QUIET_FOR: std::time::Duration = std::time::Duration::from_secs(1);

/// A progress bar for stress runs (samples done); for every other command a spinner that
/// appears on a terminal once the command has run for a second, so a quick command prints
/// nothing extra and a long solve or audit is visibly alive.
fn progress_bar(command: &app::Command) -> indicatif::ProgressBar {
    let app::Command::Stress(stress) = command else {
        return delayed_spinner(command.name());
    };
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(stress.stress.samples),
        indicatif::ProgressDrawTarget::stderr(),
    );
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} stress {bar:40} {pos}/{len} samples ({per_sec}, eta {eta})",
        )
        .expect("the progress template is valid"),
    );
    bar
}

fn delayed_spinner(name: &'static str) -> indicatif::ProgressBar {
    let spinner = indicatif::ProgressBar::hidden();
    spinner.set_style(
        indicatif::ProgressStyle::with_template("{spinner} landplan {msg} ({elapsed})")
            .expect("the spinner template is valid"),
    );
    spinner.set_message(name);
    let shown = spinner.clone();
    std::thread::spawn(move || {
        std::thread::sleep(QUIET_FOR);
        if !shown.is_finished() {
            shown.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            shown.enable_steady_tick(std::time::Duration::from_millis(120));
        }
    });
    spinner
}
