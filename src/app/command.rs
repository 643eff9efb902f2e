//! Every command as one value, its inputs, and the one way its output leaves.
//!
//! Input: a validated command (`Command`), the file its report goes to (`Destination`) and
//! the binary's `Control` (Ctrl-C and progress, for long runs). Output: what to print and an
//! `Outcome`. Before any work the destination is checked against every input of the run
//! (scenario folders, side files, what-if files, shard documents), so a long run never ends
//! in a refused write; the report is then written completely or not at all by
//! `output::write_file`. Commands whose output is a folder write it through
//! `output::write_folder` with the same inputs.

use super::{AppError, Output, ScenarioSource};
use crate::output::{Destination, Inputs};
use crate::stress::Control;

/// A command with its validated options.
#[derive(Debug, Clone)]
pub enum Command {
    Audit(super::audit::AuditOptions),
    Solve(super::solve::SolveCommand),
    Run(super::run::RunCommand),
    Compare(super::compare::CompareCommand),
    Check(super::check::CheckCommand),
    Track(super::track::TrackCommand),
    Stress(super::stress::StressCommand),
    Merge(super::merge::MergeCommand),
    Sweep(super::sweep::SweepCommand),
    Adjust(super::adjust::AdjustCommand),
    Review(super::review::ReviewCommand),
    Generate(super::generate::GenerateCommand),
    Report(super::report::ReportCommand),
    Extract(super::extract::ExtractOptions),
    Parcels(super::parcels::ParcelsCommand),
    Recommend(super::recommend::RecommendCommand),
}

/// A command and where its report goes.
#[derive(Debug, Clone)]
pub struct Invocation {
    pub command: Command,
    pub destination: Destination,
    /// Whether CSV starts with the UTF-8 byte-order mark (for Excel); `--no-bom` takes it off.
    pub bom: crate::report::Bom,
}

impl ScenarioSource {
    /// The inputs of a run that loads this scenario.
    pub fn inputs(&self) -> Inputs {
        match self {
            ScenarioSource::Builtin => Inputs::new(),
            ScenarioSource::Folder(book) if crate::load::is_workbook(book) => {
                Inputs::new().file(book)
            }
            ScenarioSource::Folder(folder) => Inputs::new().scenario_folder(folder),
        }
    }
}

impl Command {
    /// The command's name, as typed.
    pub fn name(&self) -> &'static str {
        match self {
            Command::Audit(_) => "audit",
            Command::Solve(_) => "solve",
            Command::Run(_) => "run",
            Command::Compare(_) => "compare",
            Command::Check(_) => "check",
            Command::Track(_) => "track",
            Command::Stress(_) => "stress",
            Command::Merge(_) => "merge",
            Command::Sweep(_) => "sweep",
            Command::Adjust(_) => "adjust",
            Command::Review(_) => "review",
            Command::Generate(_) => "generate",
            Command::Report(_) => "report",
            Command::Extract(_) => "extract",
            Command::Parcels(_) => "parcels",
            Command::Recommend(_) => "recommend",
        }
    }

    /// Every file and folder the command reads.
    pub fn inputs(&self) -> Inputs {
        match self {
            Command::Audit(c) => c.source.inputs(),
            Command::Solve(c) => c.source.inputs().maybe_file(c.whatif_file()),
            Command::Run(c) => c.source.inputs().maybe_file(c.whatif.clone()),
            Command::Compare(c) => operand_inputs(&c.a).with(operand_inputs(&c.b)),
            Command::Check(c) => {
                let against = c.against.as_deref().map_or(Inputs::new(), operand_inputs);
                operand_inputs(&c.allocation).with(against)
            }
            Command::Track(c) => c.source.inputs().file(&c.supplied),
            Command::Stress(c) => c
                .source
                .inputs()
                .maybe_file(c.whatif_file())
                .maybe_file(c.uncertainty_file()),
            Command::Merge(c) => {
                let shards = c.shards.iter().fold(Inputs::new(), |i, s| i.file(s));
                c.source.inputs().maybe_file(c.whatif_file()).with(shards)
            }
            Command::Sweep(c) => c.source.inputs(),
            Command::Adjust(c) => c.source.inputs().file(&c.supplied).file(&c.demand),
            Command::Review(c) => c.source.inputs().file(&c.supplied),
            Command::Generate(_) => Inputs::new(),
            Command::Report(c) => c.source.inputs().maybe_file(c.uncertainty_file()),
            Command::Extract(c) => Inputs::new().file(&c.input),
            Command::Parcels(c) => c
                .source
                .inputs()
                .maybe_file(c.whatif.as_ref().and_then(|w| w.file.clone()))
                .maybe_file(c.stress.as_ref().map(|s| s.uncertainty.clone())),
            Command::Recommend(c) => c.source.inputs().maybe_file(c.whatif_file()),
        }
    }
}

/// The inputs an operand of `compare` or `check` names (`plan:FOLDER`, `FOLDER#NAME`, a
/// folder or a file).
fn operand_inputs(text: &str) -> Inputs {
    match super::compare::Operand::parse(text) {
        super::compare::Operand::Plan(source) => source.inputs(),
        super::compare::Operand::Scenario(source, _) => source.inputs(),
        super::compare::Operand::File(path) => Inputs::new().file(path),
    }
}

/// Runs a command and delivers its report: checked destination first, then the work, then
/// the write (complete or nothing). A report written to a file leaves a one-line note to
/// print instead.
pub fn execute(invocation: &Invocation, control: Control<'_>) -> Result<Output, AppError> {
    let inputs = invocation.command.inputs();
    invocation.destination.check(&inputs)?;
    let mut output = run(&invocation.command, control)?;
    output.text = invocation.bom.output(output.text);
    let Some(binary) = &output.binary else {
        return match &invocation.destination {
            Destination::Stdout => Ok(output),
            Destination::File(path) => {
                crate::output::write_file(
                    &invocation.destination,
                    output.text.as_bytes(),
                    &inputs,
                )?;
                Ok(Output::new(
                    format!("wrote {}\n", path.display()),
                    output.outcome,
                ))
            }
        };
    };
    // A workbook goes where it was asked, standard output included (to be piped).
    crate::output::write_file(&invocation.destination, binary, &inputs)?;
    let note = match &invocation.destination {
        Destination::File(path) => format!("wrote {}\n", path.display()),
        Destination::Stdout => String::new(),
    };
    Ok(Output::new(note, output.outcome))
}

fn run(command: &Command, control: Control<'_>) -> Result<Output, AppError> {
    match command {
        Command::Audit(c) => super::audit::run(c),
        Command::Solve(c) => super::solve::run(c),
        Command::Run(c) => super::run::run(c),
        Command::Compare(c) => super::compare::run(c),
        Command::Check(c) => super::check::run(c),
        Command::Track(c) => super::track::run(c),
        Command::Stress(c) => super::stress::run(c, control),
        Command::Merge(c) => super::merge::run(c),
        Command::Sweep(c) => super::sweep::run(c),
        Command::Adjust(c) => super::adjust::run(c),
        Command::Review(c) => super::review::run(c),
        Command::Generate(c) => super::generate::run(c),
        Command::Report(c) => super::report::run(c),
        Command::Extract(c) => super::extract::run(c),
        Command::Parcels(c) => super::parcels::run(c),
        Command::Recommend(c) => super::recommend::run(c),
    }
}
