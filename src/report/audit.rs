//! Renders an audit's findings as a table, JSON, CSV or Markdown.

use super::page::words::{Lang, Words};
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

/// The rows of the terminal and Markdown tables, in the language.
fn text_rows(words: &Words, findings: &[Finding], columns: usize) -> Vec<Vec<String>> {
    let english = rows(findings);
    findings
        .iter()
        .zip(english)
        .map(|(f, mut row)| {
            if words.lang == Lang::Zh {
                row[0] = words.check(f.check).to_string();
                row[1] = words.scope(f);
                row[6] = words.finding(f);
            }
            row.truncate(columns);
            row
        })
        .collect()
}

/// Renders the findings of an audit of `scenario`, whose figures are in `unit`; tables and
/// Markdown in `lang`, JSON and CSV with their English keys.
pub fn render(
    scenario: &Scenario,
    unit: Unit,
    findings: &[Finding],
    format: Format,
    lang: Lang,
) -> String {
    let words = Words::new(lang, scenario);
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
        }),
        Format::Csv => excel_csv(HEADER, &rows(findings)),
        Format::Md => {
            let mut out = markdown::title(
                &words.pick(format!("公布计划审核：{name}"), format!("Audit of {name}")),
            );
            out.push('\n');
            if findings.is_empty() {
                out.push_str(words.pick(
                    "公布计划的各项数字相互一致。\n",
                    "No inconsistencies found.\n",
                ));
            } else {
                out.push_str(&words.pick(
                    format!("发现 {} 处问题，单位：{unit_word}。\n\n", findings.len()),
                    format!("{} finding(s), figures in {unit_word}.\n\n", findings.len()),
                ));
                out.push_str(&markdown::table(
                    &words.columns(HEADER),
                    &text_rows(&words, findings, HEADER.len()),
                ));
            }
            out
        }
        Format::Table => {
            if findings.is_empty() {
                return words.pick(
                    format!("{name}审核：公布计划的各项数字相互一致\n"),
                    format!("audit of {name}: no inconsistencies found\n"),
                );
            }
            let header = words.pick(
                format!(
                    "{name}审核：发现 {} 处问题，单位：{unit_word}\n",
                    findings.len()
                ),
                format!(
                    "audit of {name}: {} finding(s), figures in {unit_word}\n",
                    findings.len()
                ),
            );
            let lines: Vec<String> = findings
                .iter()
                .map(|f| format!("- {}\n", words.finding(f)))
                .collect();
            format!(
                "{header}{}{}",
                lines.concat(),
                terminal_table(
                    &words.columns(&HEADER[..6]),
                    &text_rows(&words, findings, 6)
                )
            )
        }
    }
}
