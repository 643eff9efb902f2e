//! Renders an audit's findings as a table, JSON, CSV or Markdown.

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

/// Renders the findings of an audit of `scenario`, whose figures are in `unit`, and those of
/// its parcels.
pub fn render(
    scenario: &Scenario,
    unit: Unit,
    findings: &[Finding],
    parcels: &[AuditRow],
    format: Format,
) -> String {
    let name = &scenario.settings.name;
    let count = findings.len() + parcels.len();
    match format {
        Format::Json => json(&AuditJson {
            scenario: name,
            unit,
            findings,
            parcels,
        }),
        Format::Csv => excel_csv(HEADER, &rows(findings, parcels)),
        Format::Md => {
            let mut out = markdown::title(&format!("Audit of {name}"));
            out.push('\n');
            if count == 0 {
                out.push_str("No inconsistencies found.\n");
            } else {
                out.push_str(&format!("{count} finding(s), figures in {unit}.\n\n"));
                out.push_str(&markdown::table(HEADER, &rows(findings, parcels)));
            }
            out
        }
        Format::Table => {
            if count == 0 {
                return format!("audit of {name}: no inconsistencies found\n");
            }
            let header = format!("audit of {name}: {count} finding(s), figures in {unit}\n");
            let lines: Vec<String> = findings
                .iter()
                .map(|f| &f.message)
                .chain(parcels.iter().map(|p| &p.message))
                .map(|message| format!("- {message}\n"))
                .collect();
            let short: Vec<Vec<String>> = rows(findings, parcels)
                .into_iter()
                .map(|mut r| {
                    r.truncate(6);
                    r
                })
                .collect();
            format!(
                "{header}{}{}",
                lines.concat(),
                terminal_table(&HEADER[..6], &short)
            )
        }
    }
}
