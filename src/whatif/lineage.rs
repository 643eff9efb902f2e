//! Lineage: where a what-if result comes from.
//!
//! Input: the base (its folder and files), the what-if file and the rows applied. Output: a
//! `Lineage` record that every result carries: the base folder, the chain of scenarios
//! extended, each row applied (its place, target, field, op, value and note), the cells it
//! created, and one hash of all inputs (the per-file FNV-1a hashes of the base's files and of
//! the what-if file, combined with the scenario's name). Identical inputs give identical
//! hashes wherever the folder lives. Computes nothing else.

use super::{Base, Change, Value, WhatIfSet, BASE_NAME};
use crate::load::{fnv1a_hex, InputFile};
use serde::Serialize;

/// One row that went into a result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AppliedRow {
    /// `file:line`.
    pub origin: String,
    pub scenario: String,
    pub target: String,
    pub field: &'static str,
    pub op: &'static str,
    pub value: String,
    pub note: Option<String>,
}

/// Where a result comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Lineage {
    /// The what-if scenario's name (`base` for the unchanged base).
    pub scenario: String,
    /// The base folder (or the built-in scenario's label).
    pub base: String,
    /// The scenarios it extends, the first ancestor first.
    pub extends: Vec<String>,
    /// The base's files, then the what-if file (when there is one).
    pub inputs: Vec<InputFile>,
    pub rows: Vec<AppliedRow>,
    /// Cells the changes created (`town/category`): the published plan has no such cell.
    pub created_cells: Vec<String>,
    /// FNV-1a over every input's name and hash and the scenario's name.
    pub hash: String,
}

/// Combines input hashes and a scenario name into one hash. File names count, not folders.
pub fn combined_hash(inputs: &[InputFile], scenario: &str) -> String {
    let mut text = String::new();
    for input in inputs {
        let name = std::path::Path::new(&input.path)
            .file_name()
            .map_or_else(|| input.path.clone(), |n| n.to_string_lossy().into_owned());
        text.push_str(&format!("{name}:{}\n", input.hash));
    }
    text.push_str(&format!("scenario:{scenario}\n"));
    fnv1a_hex(text.as_bytes())
}

impl Lineage {
    /// The lineage of the unchanged base.
    pub fn base(base: &Base) -> Lineage {
        Lineage {
            scenario: BASE_NAME.to_string(),
            base: base.label.clone(),
            extends: Vec::new(),
            inputs: base.inputs.clone(),
            rows: Vec::new(),
            created_cells: Vec::new(),
            hash: combined_hash(&base.inputs, BASE_NAME),
        }
    }

    /// The lineage of a what-if scenario of `set` applied to `base`.
    pub fn new(
        base: &Base,
        set: &WhatIfSet,
        name: &str,
        changes: &[&Change],
        created_cells: Vec<String>,
    ) -> Lineage {
        let mut chain = set.chain(name);
        chain.pop();
        let mut inputs = base.inputs.clone();
        inputs.push(set.file.clone());
        Lineage {
            scenario: name.to_string(),
            base: base.label.clone(),
            extends: chain.into_iter().map(str::to_string).collect(),
            hash: combined_hash(&inputs, name),
            inputs,
            rows: changes.iter().map(|c| row(c)).collect(),
            created_cells,
        }
    }
}

fn row(change: &Change) -> AppliedRow {
    AppliedRow {
        origin: change.origin.to_string(),
        scenario: change.scenario.clone(),
        target: change.target.clone(),
        field: change.field.name(),
        op: change.op.name(),
        value: match &change.value {
            Value::Name(name) => name.clone(),
            _ => change.value_text.clone(),
        },
        note: change.note.clone(),
    }
}
