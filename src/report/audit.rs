//! Renders an audit's findings as a table, JSON, CSV or Markdown.

use super::page::words::{Lang, Words};
use super::parcels::AuditRow;
use super::{excel_csv, json, markdown, opt, terminal_table, Format};
use crate::audit::Finding;
use crate::scenario::{Scenario, Unit};
use serde::Serialize;

const HEADER: &[&str] = &[
    "check",
    "scope",
    "expected",
    "actual",
    "difference",
    "location",
    "message",
];

#[derive(Serialize)]
struct AuditJson<'a> {
    scenario: &'a str,
    unit: Unit,
    findings: &'a [Finding],
    /// The parcels of `parcels.csv` against the plan's cells (empty without parcels).
    parcels: &'a [AuditRow],
}

fn check_name(finding: &Finding) -> String {
    serde_json::to_value(finding.check)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn rows(findings: &[Finding], parcels: &[AuditRow]) -> Vec<Vec<String>> {
    let parcels = parcels.iter().map(AuditRow::cells);
    findings
        .iter()
        .map(|f| {
            vec![
                check_name(f),
                f.scope.clone(),
                opt(f.expected),
                opt(f.actual),
                opt(f.difference),
                f.location.clone().unwrap_or_default(),
                f.message.clone(),
            ]
        })
        .chain(parcels)
        .collect()
}

/// The rows of the terminal and Markdown tables, in the language.
fn text_rows(
    words: &Words,
    findings: &[Finding],
    parcels: &[AuditRow],
    columns: usize,
) -> Vec<Vec<String>> {
    let english = rows(findings, &[]);
    let plan = findings.iter().zip(english).map(|(f, mut row)| {
        if words.lang == Lang::Zh {
            row[0] = words.check(f.check).to_string();
            row[1] = words.scope(f);
            row[6] = words.finding(f);
        }
        row
    });
    let parcels = parcels.iter().map(|p| {
        let mut row = p.cells();
        if words.lang == Lang::Zh {
            row[0] = parcel_check_zh(p).to_string();
            row[6] = parcel_message(words, p);
        }
        row
    });
    plan.chain(parcels)
        .map(|mut row| {
            row.truncate(columns);
            row
        })
        .collect()
}

/// The name of a parcel check in the bureau's words.
fn parcel_check_zh(row: &AuditRow) -> &'static str {
    match row.check {
        "parcel_outside_plan" => "计划外地块",
        _ => "地块与计划不符",
    }
}

/// A parcel finding in the language (the English message is built with the finding).
fn parcel_message(words: &Words, row: &AuditRow) -> String {
    if words.lang == Lang::En {
        return row.message.clone();
    }
    let (scope, actual) = (&row.scope, &row.actual);
    let opt = |value: &Option<String>| value.clone().unwrap_or_default();
    match row.check {
        "parcel_outside_plan" => format!(
            "地块 {} 位于{scope}，该项未列入计划：{}",
            opt(&row.parcel),
            row.clause.unwrap_or_default()
        ),
        _ => format!(
            "{scope}：拟供应地块面积合计 {actual}，公布数 {}，相差 {}",
            opt(&row.expected),
            opt(&row.difference)
        ),
    }
}

/// Renders the findings of an audit of `scenario`, whose figures are in `unit`, and those of
/// its parcels; tables and Markdown in `lang`, JSON and CSV with their English keys.
pub fn render(
    scenario: &Scenario,
    unit: Unit,
    findings: &[Finding],
    parcels: &[AuditRow],
    format: Format,
    lang: Lang,
) -> String {
    let words = Words::new(lang, scenario);
    let count = findings.len() + parcels.len();
    let name = match lang {
        Lang::Zh => words.plan_name(),
        Lang::En => scenario.settings.name.clone(),
    };
    let unit_word = words.pick(unit.chinese(), unit.symbol());
    match format {
        Format::Json => json(&AuditJson {
            scenario: &scenario.settings.name,
            unit,
            findings,
            parcels,
        }),
        Format::Csv => excel_csv(HEADER, &rows(findings, parcels)),
        Format::Md => {
            let mut out = markdown::title(
                &words.pick(format!("公布计划审核：{name}"), format!("Audit of {name}")),
            );
            out.push('\n');
            if count == 0 {
                out.push_str(words.pick(
                    "公布计划的各项数字相互一致。\n",
                    "No inconsistencies found.\n",
                ));
            } else {
                out.push_str(&words.pick(
                    format!("发现 {} 处问题，单位：{unit_word}。\n\n", count),
                    format!("{} finding(s), figures in {unit_word}.\n\n", count),
                ));
                out.push_str(&markdown::table(
                    &words.columns(HEADER),
                    &text_rows(&words, findings, parcels, HEADER.len()),
                ));
            }
            out
        }
        Format::Table => {
            if count == 0 {
                return words.pick(
                    format!("{name}审核：公布计划的各项数字相互一致\n"),
                    format!("audit of {name}: no inconsistencies found\n"),
                );
            }
            let header = words.pick(
                format!("{name}审核：发现 {} 处问题，单位：{unit_word}\n", count),
                format!(
                    "audit of {name}: {} finding(s), figures in {unit_word}\n",
                    count
                ),
            );
            let lines: Vec<String> = findings
                .iter()
                .map(|f| words.finding(f))
                .chain(parcels.iter().map(|p| parcel_message(&words, p)))
                .map(|message| format!("- {message}\n"))
                .collect();
            format!(
                "{header}{}{}",
                lines.concat(),
                terminal_table(
                    &words.columns(&HEADER[..6]),
                    &text_rows(&words, findings, parcels, 6)
                )
            )
        }
    }
}
