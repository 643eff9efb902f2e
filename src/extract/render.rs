//! An `Extraction` to the text of a scenario folder's files.
//!
//! Input: the figures read from a plan. Output: `scenario.csv`, `categories.csv`,
//! `towns.csv`, `cells.csv` (demand and committed empty: demand = plan) and `subitems.csv`,
//! as UTF-8 CSV. Figures are written as published (`0.4084` stays `0.4084`); each row's
//! `note` names the line of the plan it came from, and each category's note says its tier is
//! a default to review. Pure: nothing here touches the file system.

use super::{tiers, Extraction, Total};
use crate::report::csv_table;
use crate::scenario::CapKind;

/// The files of a scenario folder, by name, in the order they are written.
pub type Files = Vec<(&'static str, String)>;

/// The name of the sub-item file, which the engine does not read: the parent's figure
/// already holds its sub-items.
pub const SUBITEMS_FILE: &str = "subitems.csv";

/// Renders the folder. `name` is the scenario's name; `document` names the plan it was read
/// from.
pub fn files(extraction: &Extraction, total: &Total, name: &str, document: &str) -> Files {
    vec![
        (
            crate::load::SCENARIO_FILE,
            scenario(extraction, total, name, document),
        ),
        (crate::load::CATEGORIES_FILE, categories(extraction)),
        (crate::load::TOWNS_FILE, towns(extraction)),
        (crate::load::CELLS_FILE, cells(extraction)),
        (SUBITEMS_FILE, subitems(extraction)),
    ]
}

fn line(line: u64) -> String {
    format!("line {line}")
}

fn scenario(extraction: &Extraction, total: &Total, name: &str, document: &str) -> String {
    let cap_kind = match total.kind {
        CapKind::AtMost => "at_most",
        CapKind::About => "about",
    };
    let source = match &extraction.title {
        Some(title) => format!("{title} (extracted from {document})"),
        None => format!("extracted from {document}"),
    };
    let mut rows = vec![vec!["name".to_string(), name.to_string()]];
    if let Some(year) = extraction.year {
        rows.push(vec!["year".to_string(), year.to_string()]);
    }
    rows.push(vec![
        "unit".to_string(),
        extraction.unit.symbol().to_string(),
    ]);
    rows.push(vec!["cap".to_string(), total.value.to_string()]);
    rows.push(vec!["cap_kind".to_string(), cap_kind.to_string()]);
    rows.push(vec!["source".to_string(), source]);
    csv_table(&["key", "value"], &rows)
}

fn categories(extraction: &Extraction) -> String {
    let rows: Vec<Vec<String>> = extraction
        .categories
        .iter()
        .map(|c| {
            let note = format!(
                "tier {} is the default for {} land: review it; {}",
                c.tier,
                tiers::reason(c.tier),
                match c.plan {
                    Some(_) => format!("plan from {}", line(c.line)),
                    None => "no total in the text".to_string(),
                }
            );
            vec![
                c.name.clone(),
                c.tier.to_string(),
                c.plan.map(|p| p.to_string()).unwrap_or_default(),
                String::new(),
                String::new(),
                String::new(),
                note,
            ]
        })
        .collect();
    csv_table(
        &["category", "tier", "plan", "min", "max", "alias", "note"],
        &rows,
    )
}

fn towns(extraction: &Extraction) -> String {
    let rows: Vec<Vec<String>> = extraction
        .towns
        .iter()
        .map(|t| {
            vec![
                t.name.clone(),
                t.plan.map(|p| p.to_string()).unwrap_or_default(),
                String::new(),
                line(t.line),
            ]
        })
        .collect();
    csv_table(&["town", "plan", "capacity", "note"], &rows)
}

fn cells(extraction: &Extraction) -> String {
    let rows: Vec<Vec<String>> = extraction
        .cells
        .iter()
        .map(|c| {
            vec![
                c.town.clone(),
                c.category.clone(),
                c.plan.to_string(),
                String::new(),
                String::new(),
                line(c.line),
            ]
        })
        .collect();
    csv_table(
        &["town", "category", "plan", "demand", "committed", "note"],
        &rows,
    )
}

fn subitems(extraction: &Extraction) -> String {
    let rows: Vec<Vec<String>> = extraction
        .subitems
        .iter()
        .map(|s| {
            vec![
                s.category.clone(),
                s.town.clone().unwrap_or_default(),
                s.name.clone(),
                s.plan.to_string(),
                s.line.to_string(),
            ]
        })
        .collect();
    csv_table(&["category", "town", "subitem", "plan", "line"], &rows)
}
