//! A scenario of `landplan run` as a scenario folder: the files `landplan` loads, with the
//! what-if's changes applied, so that the folder `run --out` writes for it loads, solves and
//! plans its parcels as the run did.
//!
//! Input: the scenario as solved (a what-if applied to the base), its parcel list (the
//! what-if's `parcel:` rows applied) and the base's files no what-if changes (quarters,
//! methods, schedule, uncertainty), which are kept as they were read. Output: (file name,
//! bytes) pairs. The version 2 columns are written when the scenario uses them: `stock` in
//! cells.csv, `new_quota` in scenario.csv, `parent` and `basis` in categories.csv, `of`,
//! `basis` and `derived` in rules.csv. Not written: the `note` columns of the base's files
//! (the scenario holds no notes; the lineage is in the run's manifest) and `whatif.csv` (its
//! changes are applied). Nothing here computes a figure beyond adding a parent's sub-items
//! back to its remainder, or touches the file system.

use super::super::csv_table;
use super::super::review::{categories_csv, rules_csv, towns_csv};
use crate::load::{CATEGORIES_FILE, CELLS_FILE, RULES_FILE, SCENARIO_FILE, TOWNS_FILE};
use crate::number::show;
use crate::parcels::{Parcel, Parcels, Readiness, PARCELS_FILE};
use crate::scenario::{CapKind, Cell, Scenario};
use crate::whatif::summary::Solved;
use rust_decimal::Decimal;

/// The base's files a what-if never changes, copied into every scenario's folder as read.
pub const KEPT_FILES: [&str; 4] = [
    crate::parcels::QUARTERS_FILE,
    crate::methods::plan::METHODS_FILE,
    crate::parcels::SCHEDULE_FILE,
    crate::stress::uncertainty::UNCERTAINTY_FILE,
];

/// Each scenario's files of `run --out` beside its results, aligned with `solved`: its
/// parcel plan (with parcels) and its scenario folder `<scenario>/`.
pub fn extra_files(
    solved: &[Solved],
    runs: Option<&[super::parcels::ParcelRun]>,
    kept: &[(String, Vec<u8>)],
) -> Vec<Vec<(String, Vec<u8>)>> {
    solved
        .iter()
        .enumerate()
        .map(|(index, one)| {
            let run = runs.map(|runs| &runs[index]);
            let mut files = run
                .map(|run| super::parcels::plan_files(one, run))
                .unwrap_or_default();
            let stem = super::file_stem(one);
            let folder = scenario_files(&one.scenario, run.map(|r| &r.parcels), kept);
            files.extend(
                folder
                    .into_iter()
                    .map(|(name, bytes)| (format!("{stem}/{name}"), bytes)),
            );
            files
        })
        .collect()
}

/// Every file of the scenario's folder, in the loader's order; `kept` are the base's
/// unchanged files (name, bytes) among `KEPT_FILES`.
pub fn scenario_files(
    scenario: &Scenario,
    parcels: Option<&Parcels>,
    kept: &[(String, Vec<u8>)],
) -> Vec<(String, Vec<u8>)> {
    let mut files = vec![
        (SCENARIO_FILE.to_string(), settings_csv(scenario)),
        (CATEGORIES_FILE.to_string(), categories_csv(scenario)),
        (TOWNS_FILE.to_string(), towns_csv(scenario)),
        (CELLS_FILE.to_string(), cells_csv(scenario)),
    ];
    if !scenario.rules.is_empty() {
        files.push((RULES_FILE.to_string(), rules_csv(scenario)));
    }
    if let Some(parcels) = parcels {
        files.push((PARCELS_FILE.to_string(), parcels_csv(scenario, parcels)));
    }
    let mut files: Vec<(String, Vec<u8>)> = files
        .into_iter()
        .map(|(name, text)| (name, text.into_bytes()))
        .collect();
    files.extend(kept.iter().cloned());
    files
}

/// scenario.csv: every setting, `new_quota` when the scenario has one.
fn settings_csv(scenario: &Scenario) -> String {
    let s = &scenario.settings;
    let kind = match s.cap_kind {
        CapKind::AtMost => "at_most",
        CapKind::About => "about",
    };
    let mut rows = vec![
        ("name", s.name.clone()),
        ("year", s.year.map(|y| y.to_string()).unwrap_or_default()),
        ("unit", s.unit.symbol().to_string()),
        ("cap", show(s.cap)),
        ("cap_kind", kind.to_string()),
        ("source", s.source.clone().unwrap_or_default()),
    ];
    if let Some(quota) = s.new_quota {
        rows.push(("new_quota", show(quota)));
    }
    let rows: Vec<Vec<String>> = rows
        .into_iter()
        .map(|(key, value)| vec![key.to_string(), value])
        .collect();
    csv_table(&["key", "value"], &rows)
}

/// cells.csv: each cell as published, a parent's row its remainder with its sub-items in
/// the same town added back (the loader splits it again); `stock` when any cell has stock.
fn cells_csv(scenario: &Scenario) -> String {
    let with_stock = scenario.cells.iter().any(|c| !c.stock.is_zero());
    let rows: Vec<Vec<String>> = scenario
        .cells
        .iter()
        .map(|cell| {
            let whole = |figure: fn(&Cell) -> Decimal| {
                figure(cell) + sub_items(scenario, cell).map(figure).sum::<Decimal>()
            };
            let mut row = vec![
                scenario.town(cell.town).name.clone(),
                scenario.category(cell.category).name.clone(),
                show(whole(|c| c.plan)),
                show(whole(|c| c.demand)),
                show(whole(|c| c.committed)),
            ];
            if with_stock {
                row.push(show(cell.stock));
            }
            row
        })
        .collect();
    let mut header = vec!["town", "category", "plan", "demand", "committed"];
    if with_stock {
        header.push("stock");
    }
    csv_table(&header, &rows)
}

/// The cells of a cell's sub-items in its town (none for a category without sub-items).
fn sub_items<'a>(scenario: &'a Scenario, cell: &'a Cell) -> impl Iterator<Item = &'a Cell> {
    scenario.cells.iter().filter(move |c| {
        c.town == cell.town && scenario.category(c.category).parent == Some(cell.category)
    })
}

/// parcels.csv: every parcel as the loader reads it back.
fn parcels_csv(scenario: &Scenario, parcels: &Parcels) -> String {
    let rows: Vec<Vec<String>> = parcels
        .parcels
        .iter()
        .map(|parcel| parcel_row(scenario, parcel))
        .collect();
    csv_table(&crate::parcels::load::parcel_column_names(), &rows)
}

fn parcel_row(scenario: &Scenario, parcel: &Parcel) -> Vec<String> {
    vec![
        parcel.id.clone(),
        scenario.town(parcel.town).name.clone(),
        scenario.category(parcel.category).name.clone(),
        show(parcel.area),
        parcel
            .method
            .map(|m| m.chinese())
            .unwrap_or_default()
            .into(),
        parcel
            .source
            .map(|s| s.chinese())
            .unwrap_or_default()
            .into(),
        ready(scenario, parcel.ready),
        if parcel.committed { "yes" } else { "no" }.to_string(),
        parcel.note.clone().unwrap_or_default(),
    ]
}

/// A readiness as parcels.csv writes it: the quarter, or the first day of the next year (a
/// parcel not ready within the plan's year; only a scenario with a year has one).
fn ready(scenario: &Scenario, ready: Readiness) -> String {
    match (ready, scenario.settings.year) {
        (Readiness::From(quarter), _) => quarter.english().to_string(),
        (Readiness::AfterYear, Some(year)) => format!("{}-01-01", year + 1),
        (Readiness::AfterYear, None) => crate::parcels::load::NEXT_YEAR.to_string(),
    }
}
