//! The parcel plans of a run in its workbook: each scenario's parcel list (地块清单, with
//! every parcel's decision, quarter and the limit that deferred it) and its 时序 tables, made
//! by `parcel_sheets`. The base's sheets keep the names `landplan parcels` gives them; a
//! what-if's carry its name after them, cut to Excel's 31 characters and kept unique.

use super::{parcel_sheets, Sheet};
use crate::report::page::words::Lang;
use crate::report::run::parcels::ParcelRun;
use crate::whatif::summary::Solved;

/// The longest sheet name Excel accepts, in characters.
const SHEET_NAME_LIMIT: usize = 31;

/// Every scenario's parcel sheets, base first, in the order of `solved` (`runs` aligned).
pub fn run_parcel_sheets(solved: &[Solved], runs: &[ParcelRun], lang: Lang) -> Vec<Sheet> {
    let mut sheets: Vec<Sheet> = Vec::new();
    for (one, run) in solved.iter().zip(runs) {
        let mut these = parcel_sheets(
            &one.scenario,
            &run.parcels,
            &run.findings,
            &run.outcome,
            lang,
        );
        if one.name != crate::whatif::BASE_NAME {
            for sheet in &mut these {
                sheet.name = sheet_name(&sheet.name, &one.name, &sheets);
            }
        }
        sheets.extend(these);
    }
    sheets
}

/// `<sheet> <scenario>`, without the characters Excel refuses in a sheet name, at most 31
/// characters, and unlike every name in `taken` (Excel compares them without regard to case).
fn sheet_name(sheet: &str, scenario: &str, taken: &[Sheet]) -> String {
    let clean: String = scenario
        .chars()
        .map(|c| match c {
            '[' | ']' | ':' | '*' | '?' | '/' | '\\' | '\'' => '_',
            c => c,
        })
        .collect();
    let name: String = format!("{sheet} {clean}")
        .chars()
        .take(SHEET_NAME_LIMIT)
        .collect();
    let free = |name: &str| {
        !taken
            .iter()
            .any(|s| s.name.to_lowercase() == name.to_lowercase())
    };
    if free(&name) {
        return name;
    }
    (2..)
        .map(|n| {
            let tail = format!("~{n}");
            let head: String = name
                .chars()
                .take(SHEET_NAME_LIMIT - tail.chars().count())
                .collect();
            format!("{head}{tail}")
        })
        .find(|name| free(name))
        .expect("some numbered name is free")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(name: &str) -> Sheet {
        Sheet {
            name: name.to_string(),
            title: None,
            header: Vec::new(),
            rows: Vec::new(),
            total_row: false,
        }
    }

    #[test]
    fn what_if_sheet_names_are_cut_cleaned_and_unique() {
        assert_eq!(
            sheet_name("地块清单", "cap-cut-10", &[]),
            "地块清单 cap-cut-10"
        );
        let long = "a-very-long-what-if-scenario-name-indeed";
        let first = sheet_name("时序（按乡镇）", long, &[]);
        assert_eq!(first.chars().count(), 31);
        let second = sheet_name("时序（按乡镇）", &format!("{long}-2"), &[sheet(&first)]);
        assert_eq!(second.chars().count(), 31);
        assert!(second.ends_with("~2"), "{second}");
        assert_eq!(sheet_name("Parcel list", "a/b:c", &[]), "Parcel list a_b_c");
    }
}
