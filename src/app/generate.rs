//! `landplan generate`: a random scenario folder of a given size.
//!
//! Input: validated generator options and a target folder. Output: the folder written
//! completely (or not at all, and never into a folder that holds anything) and a one-line
//! summary. The figures come from `crate::generate`; this module only chains it to the writer.

use super::{AppError, Outcome, Output};
use crate::generate::GenerateOptions;
use crate::output::{check_folder, write_folder, FolderPolicy};
use std::path::PathBuf;

/// Options of `landplan generate`.
#[derive(Debug, Clone)]
pub struct GenerateCommand {
    pub options: GenerateOptions,
    pub out: PathBuf,
    /// The format of the summary printed.
    pub format: crate::report::Format,
    /// The language of the summary; the generated names' language when `None`.
    pub lang: Option<crate::report::page::Lang>,
}

/// Generates the scenario and writes its folder.
pub fn run(command: &GenerateCommand) -> Result<Output, AppError> {
    let inputs = crate::output::Inputs::new();
    check_folder(&command.out, FolderPolicy::Fresh, &inputs)?;
    let files = crate::generate::files(&command.options)?;
    let cells = files
        .iter()
        .find(|(name, _)| *name == crate::load::CELLS_FILE)
        .map_or(0, |(_, text)| text.lines().count().saturating_sub(1));
    let names = files.iter().map(|(_, text)| text.as_str());
    let lang = command
        .lang
        .unwrap_or_else(|| crate::report::page::Lang::of_names(names));
    let bytes: Vec<(String, Vec<u8>)> = files
        .into_iter()
        .map(|(name, text)| (name.to_string(), text.into_bytes()))
        .collect();
    write_folder(&command.out, &bytes, FolderPolicy::Fresh, &inputs)?;
    let options = &command.options;
    let (out, towns, categories, seed) = (
        command.out.display(),
        options.towns,
        options.categories,
        options.seed,
    );
    let sentence = match lang {
        crate::report::page::Lang::Zh => format!(
            "已写入 {out}：{towns} 个镇，{categories} 类用地，{cells} 项各镇分类用地（随机种子 {seed}）\n"
        ),
        crate::report::page::Lang::En => format!(
            "wrote {out}: {towns} towns, {categories} categories, {cells} cells (seed {seed})\n"
        ),
    };
    let facts = [
        ("folder", command.out.display().to_string()),
        ("towns", options.towns.to_string()),
        ("categories", options.categories.to_string()),
        ("cells", cells.to_string()),
        ("seed", options.seed.to_string()),
    ];
    let text = super::folder_summary(command.format, sentence, &facts);
    Ok(Output {
        binary: None,
        text,
        outcome: Outcome::Clean,
    })
}
