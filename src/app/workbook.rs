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

/// Every CSV file of the scenario (the built-in files, a folder's, a workbook's sheets) as
/// its text, the scenario's files in the loader's order, then any other by name. The
/// scenario has loaded, so its own files decode; another CSV file of the folder that does
/// not is left out.
fn files(source: &ScenarioSource) -> Result<Vec<(String, String)>, AppError> {
    let files = source.open()?;
    let mut texts = Vec::new();
    for name in files.list() {
        if !name.ends_with(".csv") {
            continue;
        }
        let Some(bytes) = files.read(&name)? else {
            continue;
        };
        let decoded = crate::load::decode_file(&files.display(&name), &bytes, &mut Vec::new());
        if let Some((text, _)) = decoded {
            texts.push((name, text));
        }
    }
    texts.sort_by_key(|(name, _)| (rank(name), name.clone()));
    Ok(texts)
}

/// Where a file goes among a workbook's scenario sheets: in the loader's order (the files
/// `output::scenario_files` protects, then the parcel files), any other file after them.
fn rank(name: &str) -> usize {
    let parcel_files = [crate::parcels::PARCELS_FILE, crate::parcels::QUARTERS_FILE];
    let order = crate::output::scenario_files();
    order
        .iter()
        .chain(&parcel_files)
        .position(|known| *known == name)
        .unwrap_or(order.len() + parcel_files.len())
}
