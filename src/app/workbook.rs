//! The workbook a command writes (`--format xlsx`): its official tables, the parcel plan when
//! the scenario has parcels (地块清单 and the 时序 tables), and then the scenario's own files,
//! one sheet each, so that the workbook reads back as the scenario it was solved from
//! (`landplan solve plan.xlsx`): a planner edits the sheets and runs it again.
//!
//! Input: the scenario source, the solved scenario, the book of official tables, the language
//! and the run's outcome. Output: the workbook's bytes as the command's `Output`, which
//! `app::command` delivers like any report (never over an input, complete or not at all).

use super::{AppError, Outcome, Output, ScenarioSource};
use crate::report::page::Lang;
use crate::report::xlsx::{self, Book, Sheet};
use crate::scenario::Scenario;

/// The book with the parcel plan and the scenario's files added, written.
pub fn deliver(
    source: &ScenarioSource,
    scenario: &Scenario,
    mut book: Book,
    lang: Lang,
    outcome: Outcome,
) -> Result<Output, AppError> {
    book.sheets.extend(parcel_sheets(source, scenario, lang)?);
    finish(source, book, outcome)
}

/// The book with the scenario's files added, written.
pub fn finish(
    source: &ScenarioSource,
    mut book: Book,
    outcome: Outcome,
) -> Result<Output, AppError> {
    book.sheets.extend(xlsx::scenario_sheets(&files(source)?));
    Ok(Output {
        binary: Some(xlsx::write(&book)?),
        ..Output::new(String::new(), outcome)
    })
}

/// 地块清单 and the 时序 tables when the scenario has a `parcels.csv`, planned as
/// `landplan parcels` plans them; nothing otherwise.
fn parcel_sheets(
    source: &ScenarioSource,
    scenario: &Scenario,
    lang: Lang,
) -> Result<Vec<Sheet>, AppError> {
    let Some(parcels) = super::parcels::load(source, scenario)? else {
        return Ok(Vec::new());
    };
    let findings = crate::parcels::audit(scenario, &parcels);
    let outcome = crate::parcels::plan(scenario, &parcels, Default::default())?;
    Ok(xlsx::parcel_sheets(
        scenario, &parcels, &findings, &outcome, lang,
    ))
}

/// The scenario's files (the built-in files, a folder's, a workbook's sheets) as their
/// text, in the loader's order (`output::scenario_files`). Only these: a workbook source also
/// holds the official tables of an earlier run, which must not come back as sheets twice.
/// The scenario has loaded, so its files decode.
fn files(source: &ScenarioSource) -> Result<Vec<(String, String)>, AppError> {
    let files = source.open()?;
    let mut texts = Vec::new();
    for name in crate::output::scenario_files() {
        let Some(bytes) = files.read(name)? else {
            continue;
        };
        let decoded = crate::load::decode_file(&files.display(name), &bytes, &mut Vec::new());
        if let Some((text, _)) = decoded {
            texts.push((name.to_string(), text));
        }
    }
    Ok(texts)
}
