//! An `Extraction` to the text of a scenario folder's files.
//!
//! Input: the figures read from a plan. Output: `scenario.csv`, `categories.csv`,
//! `towns.csv` and `cells.csv` (demand and committed empty: demand = plan), as UTF-8 CSV; the
//! "of which" (其中) items in the scenario format's own form: a category row with its `parent`
//! and a cell row per town that gives one. Figures are written as published (`0.4084` stays `0.4084`); each row's
//! `note` names the line of the plan it came from, and each category's note says its tier is
//! a default to review. Pure: nothing here touches the file system.

use super::{tiers, Extraction, Total};
use crate::report::csv_table;
use crate::scenario::CapKind;

/// The files of a scenario folder, by name, in the order they are written.
pub type Files = Vec<(&'static str, String)>;

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

/// A sub-item as a category of the folder: its name, parent, default tier, the structure's
/// figure (when the text gives one outside any town) and the line it was read from.
struct SubCategory<'a> {
    name: &'a str,
    parent: &'a str,
    tier: u32,
    plan: Option<rust_decimal::Decimal>,
    line: u64,
}

/// The distinct sub-items, in the order read; none named like a main category (it would be
/// that category twice).
fn sub_categories(extraction: &Extraction) -> Vec<SubCategory<'_>> {
    let mut subs: Vec<SubCategory<'_>> = Vec::new();
    for item in &extraction.subitems {
        if extraction.categories.iter().any(|c| c.name == item.name) {
            continue;
        }
        let plan = item.town.is_none().then_some(item.plan);
        if let Some(known) = subs
            .iter_mut()
            .find(|s| s.name == item.name && s.parent == item.category)
        {
            known.plan = known.plan.or(plan);
            continue;
        }
        let parent_tier = extraction
            .categories
            .iter()
            .find(|c| c.name == item.category)
            .map_or(tiers::OTHER_TIER, |c| c.tier);
        subs.push(SubCategory {
            name: &item.name,
            parent: &item.category,
            tier: tiers::sub_item_tier(&item.name, parent_tier),
            plan,
            line: item.line,
        });
    }
    subs
}

fn tier_note(tier: u32, plan: &str) -> String {
    format!(
        "tier {tier} is the default for {} land: review it; {plan}",
        tiers::reason(tier)
    )
}

fn categories(extraction: &Extraction) -> String {
    let subs = sub_categories(extraction);
    let mut rows: Vec<Vec<String>> = extraction
        .categories
        .iter()
        .map(|c| {
            let note = tier_note(
                c.tier,
                &match c.plan {
                    Some(_) => format!("plan from {}", line(c.line)),
                    None => "no total in the text".to_string(),
                },
            );
            let mut row = vec![
                c.name.clone(),
                c.tier.to_string(),
                c.plan.map(|p| p.to_string()).unwrap_or_default(),
                String::new(),
                String::new(),
                String::new(),
            ];
            if !subs.is_empty() {
                row.push(String::new());
            }
            row.push(note);
            row
        })
        .collect();
    rows.extend(subs.iter().map(|s| {
        let figure = match s.plan {
            Some(_) => format!("plan from {}", line(s.line)),
            None => "no total in the text".to_string(),
        };
        let note = tier_note(s.tier, &format!("其中 of {}, {figure}", s.parent));
        vec![
            s.name.to_string(),
            s.tier.to_string(),
            s.plan.map(|p| p.to_string()).unwrap_or_default(),
            String::new(),
            String::new(),
            String::new(),
            s.parent.to_string(),
            note,
        ]
    }));
    let mut header = vec!["category", "tier", "plan", "min", "max", "alias"];
    if !subs.is_empty() {
        header.push("parent");
    }
    header.push("note");
    csv_table(&header, &rows)
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
    let subs = sub_categories(extraction);
    let sub_cells = extraction.subitems.iter().filter_map(|s| {
        let town = s.town.as_ref()?;
        subs.iter().any(|c| c.name == s.name).then(|| {
            vec![
                town.clone(),
                s.name.clone(),
                s.plan.to_string(),
                String::new(),
                String::new(),
                format!("{}, 其中 of {}", line(s.line), s.category),
            ]
        })
    });
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
        .chain(sub_cells)
        .collect();
    csv_table(
        &["town", "category", "plan", "demand", "committed", "note"],
        &rows,
    )
}
