//! `landplan merge`: the shards of a stress run into the report of one run.
//!
//! Input: the scenario the shards were run on (folder or built-in, optionally a what-if) and
//! the shard documents written by `landplan stress --shard K/N`. Output: the same report, byte
//! for byte, as `landplan stress` over all the samples at once (with the parcel plans under
//! readiness slips when the shards drew them: the folder's `parcels.csv` is read for them); or an error (exit 2) when the
//! documents are not the N shards of one run of that scenario. The statistics and their merge
//! are `crate::stress`'s; this module reads the documents and chains the stages.

use super::solve::WhatIfChoice;
use super::{AppError, Output, ScenarioSource};
use crate::load::LoadError;
use crate::report::stress::StressContext;
use crate::report::Format;
use crate::stress::StressOptions;
use std::path::PathBuf;

/// Options of `landplan merge`.
#[derive(Debug, Clone)]
pub struct MergeCommand {
    pub source: ScenarioSource,
    pub whatif: Option<WhatIfChoice>,
    pub shards: Vec<PathBuf>,
    pub format: Format,
    /// The language of tables and Markdown; the data's language when `None`.
    pub lang: Option<crate::report::page::Lang>,
}

impl MergeCommand {
    /// The what-if file named on the command line, if any.
    pub fn whatif_file(&self) -> Option<PathBuf> {
        self.whatif.as_ref().and_then(|choice| choice.file.clone())
    }
}

/// Merges the shards and renders the run's report.
pub fn run(command: &MergeCommand) -> Result<Output, AppError> {
    let scenario = super::stress::scenario_of(&command.source, command.whatif.as_ref())?;
    let documents = command
        .shards
        .iter()
        .map(|path| read(path).map(|bytes| (path.display().to_string(), bytes)))
        .collect::<Result<Vec<_>, _>>()?;
    let parcels =
        super::stress::stressed_parcels(&command.source, command.whatif.as_ref(), &scenario)?;
    let merged =
        crate::stress::shard::merge_documents_with(&scenario, parcels.as_ref(), &documents)
            .map_err(|error| AppError::Usage(error.to_string()))?;
    let options = StressOptions {
        samples: merged.samples,
        seed: merged.seed,
        threads: None,
        backend: Default::default(),
    };
    let engine = crate::solve::engine::Engine::new(&scenario, options.backend);
    let summary = crate::stress::summarise(&merged.stats, &engine, &options);
    let context = StressContext {
        uncertainty: merged.uncertainty,
        whatif: merged.whatif,
        lang: command.lang,
    };
    // The parcels are shown only when the shards planned them (and then they are the
    // folder's: `merge_documents_with` checked their fingerprint).
    let parcels = parcels.filter(|_| merged.parcels.is_some());
    Ok(super::stress::output(
        &scenario,
        parcels.as_ref(),
        &summary,
        &context,
        command.format,
    ))
}

/// Reads one shard document's bytes.
fn read(path: &PathBuf) -> Result<Vec<u8>, AppError> {
    std::fs::read(path).map_err(|source| {
        LoadError::Io {
            path: path.clone(),
            source,
        }
        .into()
    })
}
