//! `landplan review`: load the plan and the year's parcel register, review the year, and write
//! next year's starting folder (complete or not at all, never into a non-empty folder).

use super::track::load_tracked;
use super::{AppError, Outcome, Output, ScenarioSource};
use crate::number::show;
use crate::output::{check_folder, write_folder, FolderPolicy};
use std::path::PathBuf;

/// Options of `landplan review`.
#[derive(Debug, Clone)]
pub struct ReviewCommand {
    pub source: ScenarioSource,
    /// The year's parcel register (`supplied.csv`).
    pub supplied: PathBuf,
    /// Next year's folder: must not exist, or be empty.
    pub out: PathBuf,
    /// The format of the summary printed.
    pub format: crate::report::Format,
    /// The language of the output; the data's language when `None`.
    pub lang: Option<crate::report::page::Lang>,
    /// Next year's files as one Excel workbook (`--format xlsx`), delivered to the command's
    /// destination instead of the folder `out`; it reads back as a scenario.
    pub workbook: bool,
    /// CSV files with the UTF-8 byte-order mark or without (`--no-bom`).
    pub bom: crate::report::Bom,
}

/// This year's `methods.csv`, checked and carried unchanged into next year's folder: the
/// supply methods and their shares are policy, not a year's figures. Nothing when the folder
/// has none.
fn carried_methods(
    source: &ScenarioSource,
    scenario: &crate::scenario::Scenario,
) -> Result<Option<(String, String)>, AppError> {
    use crate::methods::plan::{load, METHODS_FILE};
    let files = source.open()?;
    if load(files.as_ref(), scenario)?.is_none() {
        return Ok(None);
    }
    let Some(bytes) = files.read(METHODS_FILE)? else {
        return Ok(None);
    };
    let text = crate::load::text::decode(&bytes)
        .map(|d| d.text)
        .unwrap_or_default();
    Ok(Some((METHODS_FILE.to_string(), text)))
}

/// Reviews the year and writes next year's folder.
pub fn run(command: &ReviewCommand) -> Result<Output, AppError> {
    let inputs = command.source.inputs().file(&command.supplied);
    if !command.workbook {
        check_folder(&command.out, FolderPolicy::Fresh, &inputs)?;
    }
    let (scenario, register) = load_tracked(&command.source, &command.supplied)?;
    let next = crate::track::review::review(&scenario, &register).map_err(AppError::Invalid)?;
    let lang = command
        .lang
        .unwrap_or_else(|| crate::report::page::Lang::detect(&scenario));
    let mut files = crate::report::review::files(&scenario, &next, &register.input.path, lang);
    files.extend(carried_methods(&command.source, &scenario)?);
    if command.workbook {
        let bytes = crate::report::xlsx::scenario_files(&files, scenario.scale())?;
        return Ok(Output {
            binary: Some(bytes),
            ..Output::new(String::new(), Outcome::Clean)
        });
    }
    let bytes = command.bom.folder(
        files
            .iter()
            .map(|(name, text)| (name.clone(), text.clone().into_bytes()))
            .collect(),
    );
    write_folder(&command.out, &bytes, FolderPolicy::Fresh, &inputs)?;
    let unit = scenario.settings.unit;
    let year = next
        .scenario
        .settings
        .year
        .map(|y| y.to_string())
        .unwrap_or_default();
    let (out, count) = (command.out.display(), files.len());
    let (name, carried) = (&next.scenario.settings.name, show(next.carried()));
    let (flags, review) = (
        next.progress.flags.len(),
        crate::report::review::REVIEW_FILE,
    );
    let sentence = match lang {
        crate::report::page::Lang::Zh => format!(
            "已写入 {out}（{count} 个文件）：{name} {year}，计划内未供应的 {carried} {} 转为下一年度需求；{review} 列出 {flags} 处需关注的问题\n",
            unit.chinese()
        ),
        crate::report::page::Lang::En => format!(
            "wrote {out} ({count} files): {name} {year}, {carried} {unit} of unsupplied planned land carried as demand; {flags} flag(s) in {review}\n"
        ),
    };
    let facts = [
        ("folder", command.out.display().to_string()),
        ("files", files.len().to_string()),
        ("scenario", next.scenario.settings.name.clone()),
        ("year", year.clone()),
        ("carried", show(next.carried())),
        ("unit", unit.to_string()),
        ("flags", next.progress.flags.len().to_string()),
    ];
    let text = super::folder_summary(command.format, sentence, &facts);
    Ok(Output {
        binary: None,
        text,
        outcome: Outcome::Clean,
    })
}
