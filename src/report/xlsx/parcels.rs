//! A parcel plan as the plan's parcel appendix: 地块清单 (every parcel with its decision and
//! quarter) and the 时序 tables (quarter × category, quarter × town), each with a 合计 row.

use super::{text, with_unit, Cell, Sheet};
use crate::parcels::{ParcelFinding, Parcels, PlanOutcome, Quarter};
use crate::report::page::words::{Lang, Words};
use crate::report::parcels::{parcel_header, view, QuarterRowJson};
use crate::scenario::Scenario;
use rust_decimal::Decimal;

/// The parcel list and the two 时序 tables of a parcel plan (an infeasible plan: the list
/// without decisions, and no 时序).
pub fn parcel_sheets(
    scenario: &Scenario,
    parcels: &Parcels,
    findings: &[ParcelFinding],
    outcome: &PlanOutcome,
    lang: Lang,
) -> Vec<Sheet> {
    let words = Words::new(lang, scenario);
    let view = view(&words, parcels, findings, outcome);
    let area = parcel_header(&words)
        .iter()
        .position(|h| *h == words.pick("面积", "area"))
        .expect("the parcel list has an area column");
    let header: Vec<String> = parcel_header(&words)
        .iter()
        .enumerate()
        .map(|(i, h)| match i == area {
            true => with_unit(&words, h, h),
            false => h.to_string(),
        })
        .collect();
    let mut rows: Vec<Vec<Cell>> = view
        .parcels
        .iter()
        .zip(&parcels.parcels)
        .map(|(shown, parcel)| {
            let yes = words.pick("是", "yes");
            vec![
                text(shown.parcel.clone()),
                text(shown.town.clone()),
                text(shown.category.clone()),
                Cell::Number(parcel.area),
                optional_text(shown.method.clone()),
                optional_text(shown.source.clone()),
                text(shown.ready.clone()),
                optional_text(shown.committed.then(|| yes.to_string())),
                text(shown.decision.clone()),
                optional_text(shown.quarter.clone()),
                optional_text(shown.reason.clone()),
            ]
        })
        .collect();
    let mut total = vec![Cell::Empty; header.len()];
    total[0] = text(words.total());
    total[area] = Cell::Number(parcels.parcels.iter().map(|p| p.area).sum());
    rows.push(total);
    let mut sheets = vec![Sheet {
        name: words.pick("地块清单", "Parcel list").to_string(),
        title: Some(words.pick(
            format!("{}：拟供应地块清单", words.plan_name()),
            format!("{}: parcels proposed for supply", words.plan_name()),
        )),
        header,
        rows,
        total_row: true,
    }];
    if matches!(outcome, PlanOutcome::Planned(_)) {
        let category = words.pick("用途", "category");
        let town = words.pick("乡镇", "town");
        sheets.push(timing(
            &words,
            words.pick("时序（按用途）", "Timing by category"),
            category,
            &view.by_category,
        ));
        sheets.push(timing(
            &words,
            words.pick("时序（按乡镇）", "Timing by town"),
            town,
            &view.by_town,
        ));
    }
    sheets
}

fn optional_text(value: Option<String>) -> Cell {
    value.map_or(Cell::Empty, text)
}

/// One 时序 table: a row per category (or town), its area in each quarter and in the year.
fn timing(words: &Words, name: &str, first: &str, rows: &[QuarterRowJson]) -> Sheet {
    let mut header = vec![first.to_string()];
    header.extend(
        Quarter::ALL
            .iter()
            .map(|q| with_unit(words, q.chinese(), q.english())),
    );
    header.push(with_unit(words, "合计", "total"));
    let figure = |shown: &str| {
        Cell::Number(
            shown
                .parse::<Decimal>()
                .expect("the parcel view shows exact decimals"),
        )
    };
    let mut body: Vec<Vec<Cell>> = rows
        .iter()
        .map(|row| {
            std::iter::once(text(row.name.clone()))
                .chain(row.quarters.iter().map(|q| figure(q)))
                .chain([figure(&row.total)])
                .collect()
        })
        .collect();
    body.push(super::plan::total_row(words, &body));
    Sheet {
        name: name.to_string(),
        title: Some(words.pick(
            format!("{}：供应时序", words.plan_name()),
            format!("{}: supply by quarter", words.plan_name()),
        )),
        header,
        rows: body,
        total_row: true,
    }
}
