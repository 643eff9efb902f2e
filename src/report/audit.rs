//! Renders an audit's findings as a table, JSON, CSV or Markdown.

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
}

fn check_name(finding: &Finding) -> String {
    serde_json::to_value(finding.check)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn rows(findings: &[Finding]) -> Vec<Vec<String>> {
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
        .collect()
}

/// Renders the findings of an audit of `scenario`, whose figures are in `unit`.
pub fn render(scenario: &Scenario, unit: Unit, findings: &[Finding], format: Format) -> String {
    let name = &scenario.settings.name;
    match format {
        Format::Json => json(&AuditJson {
            scenario: name,
            unit,
            findings,
        }),
        Format::Csv => excel_csv(HEADER, &rows(findings)),
        Format::Md => {
            let mut out = markdown::title(&format!("Audit of {name}"));
            out.push('\n');
            if findings.is_empty() {
                out.push_str("No inconsistencies found.\n");
            } else {
                out.push_str(&format!(
                    "{} finding(s), figures in {unit}.\n\n",
                    findings.len()
                ));
                out.push_str(&markdown::table(HEADER, &rows(findings)));
            }
            out
        }
        Format::Table => {
            if findings.is_empty() {
                return format!("audit of {name}: no inconsistencies found\n");
            }
            let header = format!(
                "audit of {name}: {} finding(s), figures in {unit}\n",
                findings.len()
            );
            let lines: Vec<String> = findings
                .iter()
                .map(|f| format!("- {}\n", f.message))
                .collect();
            let short: Vec<Vec<String>> = rows(findings)
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
