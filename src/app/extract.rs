//! `landplan extract`: a published plan's text to a scenario folder, then its audit.
//!
//! read the document -> extract the figures -> (strict: refuse anything unread) -> render
//! the folder -> write it whole -> audit it as `landplan audit` would -> report both.

use super::audit::AuditOptions;
use super::{AppError, Outcome, Output, ScenarioSource};
use crate::extract::{self, render, ExtractError, Extraction, NoteKind};
use crate::output::{write_folder, FolderPolicy, Inputs};
use crate::report::page::Lang;
use crate::report::{csv_table, markdown, Format};
use std::path::PathBuf;

/// Options of `landplan extract`.
#[derive(Debug, Clone)]
pub struct ExtractOptions {
    /// The plan as published: text, .docx or PDF.
    pub input: PathBuf,
    /// The scenario folder to write.
    pub out: PathBuf,
    /// Replace `out` when it exists and is not empty.
    pub force: bool,
    /// Refuse to write anything when part of the text could not be read.
    pub strict: bool,
    /// The format of the report (extraction summary and audit).
    pub format: Format,
    /// The language of tables and Markdown; the data's language when `None`.
    pub lang: Option<crate::report::page::Lang>,
    /// CSV files with the UTF-8 byte-order mark or without (`--no-bom`).
    pub bom: crate::report::Bom,
}

/// Extracts, writes and audits; the audit's findings make the outcome `CheckFailed`.
pub fn run(options: &ExtractOptions) -> Result<Output, AppError> {
    let document = extract::read_document(&options.input)?;
    let extraction = extract::extract(&document);
    let located = |kind: NoteKind| -> Vec<String> {
        extraction
            .notes_of(kind)
            .map(|n| n.located(&document.name))
            .collect()
    };
    let Some(total) = &extraction.total else {
        return Err(ExtractError::NoTotal {
            path: document.name.clone(),
            notes: located(NoteKind::Unread),
        }
        .into());
    };
    let unread = located(NoteKind::Unread);
    if options.strict && !unread.is_empty() {
        return Err(ExtractError::Strict {
            path: document.name.clone(),
            notes: unread,
        }
        .into());
    }
    let name = options
        .out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "extracted".to_string());
    let document_file = options
        .input
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| document.name.clone());
    let files = render::files(&extraction, total, &name, &document_file);
    let policy = if options.force {
        FolderPolicy::Replace
    } else {
        FolderPolicy::Fresh
    };
    let owned = options.bom.folder(
        files
            .iter()
            .map(|(name, text)| (name.to_string(), text.clone().into_bytes()))
            .collect(),
    );
    write_folder(
        &options.out,
        &owned,
        policy,
        &Inputs::new().file(&options.input),
    )?;
    let summary = Summary {
        document: &document.name,
        format: document.format,
        out: &options.out.display().to_string(),
        extraction: &extraction,
    };
    let names = extraction.towns.iter().map(|t| t.name.as_str());
    let names = names.chain(extraction.categories.iter().map(|c| c.name.as_str()));
    let lang = options.lang.unwrap_or_else(|| Lang::of_names(names));
    if extraction.towns.is_empty() {
        // A scenario needs towns (the loader refuses a towns.csv with no rows): the folder
        // holds what the text gives, and the audit waits for the towns.
        return Ok(Output {
            binary: None,
            text: summary.without_audit(options.format, lang),
            outcome: Outcome::CheckFailed,
        });
    }
    let audit = super::audit::run(&AuditOptions {
        source: ScenarioSource::Folder(options.out.clone()),
        format: options.format,
        unit: None,
        lang: Some(lang),
    })?;
    let text = match (options.format, lang) {
        (Format::Table, Lang::Zh) => format!("{}\n{}", summary.table_zh(), audit.text),
        (Format::Table, Lang::En) => format!("{}\n{}", summary.table(), audit.text),
        (Format::Md, Lang::Zh) => format!("{}\n{}", summary.markdown_zh(), audit.text),
        (Format::Md, Lang::En) => format!("{}\n{}", summary.markdown(), audit.text),
        (Format::Json, _) => summary.json(&audit.text),
        (Format::Csv, _) => summary.csv(&audit.text),
    };
    Ok(Output {
        binary: None,
        text,
        outcome: audit.outcome,
    })
}

/// Why a folder from a text with no layout is not audited.
const NO_LAYOUT: &str = "the text gives no layout (布局): towns.csv and cells.csv have no rows, and a scenario needs its towns; add them, then run `landplan audit` on the folder";

/// `NO_LAYOUT` in Chinese.
const NO_LAYOUT_ZH: &str = "原文未列供应布局：towns.csv 与 cells.csv 没有数据行，而情景须列明乡镇；补齐后再对该文件夹运行 `landplan audit`";

/// "1 town", "2 towns".
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// What was read, for the report.
struct Summary<'a> {
    document: &'a str,
    format: &'static str,
    out: &'a str,
    extraction: &'a Extraction,
}

impl Summary<'_> {
    fn counts(&self) -> String {
        let e = self.extraction;
        format!(
            "{}, {}, {}, {} ({})",
            count(e.categories.len(), "category", "categories"),
            count(e.towns.len(), "town", "towns"),
            count(
                e.cells.len(),
                "town x category figure",
                "town x category figures"
            ),
            count(e.subitems.len(), "sub-item", "sub-items"),
            "其中: categories.csv, column parent"
        )
    }

    fn total(&self) -> String {
        let e = self.extraction;
        e.total.as_ref().map_or_else(String::new, |t| {
            let kind = match t.kind {
                crate::scenario::CapKind::AtMost => "at most",
                crate::scenario::CapKind::About => "about",
            };
            format!("{} {} ({kind}, line {})", t.value, e.unit, t.line)
        })
    }

    /// The categories by tier: "1 工矿仓储用地, 公用设施用地; 2 住宅用地; …".
    fn tiers(&self) -> String {
        let mut by_tier: std::collections::BTreeMap<u32, Vec<&str>> = Default::default();
        for category in &self.extraction.categories {
            by_tier
                .entry(category.tier)
                .or_default()
                .push(&category.name);
        }
        by_tier
            .iter()
            .map(|(tier, names)| format!("{tier} {}", names.join(", ")))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn note_counts(&self) -> String {
        let of = |kind| self.extraction.notes_of(kind).count();
        format!(
            "{} unread, {}, {} skipped",
            of(NoteKind::Unread),
            count(of(NoteKind::Warning), "warning", "warnings"),
            of(NoteKind::Skipped)
        )
    }

    fn title(&self) -> String {
        let e = self.extraction;
        match (&e.title, e.year) {
            (Some(title), Some(year)) => format!("{title} ({year})"),
            (Some(title), None) => title.clone(),
            (None, _) => "(no title)".to_string(),
        }
    }

    fn table(&self) -> String {
        let mut out = format!(
            "extract: {} ({}) -> {}\n  plan:   {}\n  total:  {}\n  read:   {}\n  tiers:  {} (a default to review in categories.csv)\n  notes:  {}\n",
            self.document,
            self.format,
            self.out,
            self.title(),
            self.total(),
            self.counts(),
            self.tiers(),
            self.note_counts()
        );
        for note in &self.extraction.notes {
            out.push_str(&format!("  {}\n", note.located(self.document)));
        }
        out
    }

    /// The summary's lines in Chinese (the notes as the extractor words them).
    fn lines_zh(&self) -> Vec<String> {
        let e = self.extraction;
        let of = |kind| self.extraction.notes_of(kind).count();
        let total = e.total.as_ref().map_or_else(String::new, |t| {
            let kind = match t.kind {
                crate::scenario::CapKind::AtMost => "以内",
                crate::scenario::CapKind::About => "约",
            };
            format!(
                "{} {}（{kind}，第 {} 行）",
                t.value,
                e.unit.chinese(),
                t.line
            )
        });
        let mut lines = vec![format!("计划：{}", self.title())];
        lines.push(format!("总量：{total}"));
        lines.push(format!(
            "读取：{} 类用地，{} 个镇，{} 项各镇分类用地，{} 项其中项（categories.csv 的 parent 列）",
            e.categories.len(),
            e.towns.len(),
            e.cells.len(),
            e.subitems.len(),
        ));
        lines.push(format!(
            "优先级：{}（默认排序，请在 categories.csv 中核对）",
            self.tiers()
        ));
        lines.push(format!(
            "说明：{} 处未能读取，{} 处警告，{} 处跳过",
            of(NoteKind::Unread),
            of(NoteKind::Warning),
            of(NoteKind::Skipped)
        ));
        lines.extend(
            self.extraction
                .notes
                .iter()
                .map(|note| note.located_zh(self.document)),
        );
        lines
    }

    /// The terminal summary in Chinese.
    fn table_zh(&self) -> String {
        let head = format!("提取：{}（{}）→ {}\n", self.document, self.format, self.out);
        let lines: String = self.lines_zh().iter().map(|l| format!("  {l}\n")).collect();
        format!("{head}{lines}")
    }

    /// The Markdown summary in Chinese.
    fn markdown_zh(&self) -> String {
        let head = markdown::title(&format!("提取：{}", self.document));
        let mut lines = vec![format!("写入：{}", self.out)];
        lines.extend(self.lines_zh());
        let items: String = lines.iter().map(|l| markdown::item(l)).collect();
        format!("{head}\n{items}")
    }

    fn markdown(&self) -> String {
        let mut out = format!(
            "# Extraction of {}\n\n- written to: {}\n- plan: {}\n- total: {}\n- read: {}\n- tiers (a default to review in categories.csv): {}\n- notes: {}\n",
            markdown::escape(self.document),
            markdown::escape(self.out),
            markdown::escape(&self.title()),
            markdown::escape(&self.total()),
            markdown::escape(&self.counts()),
            markdown::escape(&self.tiers()),
            markdown::escape(&self.note_counts())
        );
        if !self.extraction.notes.is_empty() {
            let rows: Vec<Vec<String>> = self
                .extraction
                .notes
                .iter()
                .map(|n| {
                    vec![
                        n.line.to_string(),
                        n.column.to_string(),
                        n.kind.word().to_string(),
                        n.message.clone(),
                        n.text.clone(),
                    ]
                })
                .collect();
            out.push('\n');
            out.push_str(&markdown::table(
                &["line", "column", "kind", "message", "text"],
                &rows,
            ));
        }
        out
    }

    fn json(&self, audit: &str) -> String {
        let audit: serde_json::Value = serde_json::from_str(audit)
            .unwrap_or_else(|_| serde_json::Value::String(audit.to_string()));
        crate::report::json(&serde_json::json!({
            "document": self.document,
            "read_as": self.format,
            "folder": self.out,
            "tiers_note": "tiers are a default to review",
            "extraction": self.extraction,
            "audit": audit,
        }))
    }

    /// The report when the audit cannot run (no towns): the summary and why.
    fn without_audit(&self, format: Format, lang: Lang) -> String {
        match (format, lang) {
            (Format::Table, Lang::Zh) => {
                format!("{}\n审核：未进行：{NO_LAYOUT_ZH}\n", self.table_zh())
            }
            (Format::Md, Lang::Zh) => {
                format!(
                    "{}\n## 审核\n\n未进行：{NO_LAYOUT_ZH}。\n",
                    self.markdown_zh()
                )
            }
            (Format::Table, Lang::En) => {
                format!("{}\naudit: not run: {NO_LAYOUT}\n", self.table())
            }
            (Format::Md, Lang::En) => {
                format!("{}\n## Audit\n\nNot run: {NO_LAYOUT}.\n", self.markdown())
            }
            (Format::Json, _) => {
                let mut json: serde_json::Value =
                    serde_json::from_str(&self.json("null")).unwrap_or_default();
                json["audit_not_run"] = serde_json::Value::String(NO_LAYOUT.to_string());
                crate::report::json(&json)
            }
            (Format::Csv, _) => {
                let header = "check,scope,expected,actual,difference,location,message";
                let row = csv_table(
                    &["-"; 7],
                    &[vec![
                        "extract_no_layout".to_string(),
                        String::new(),
                        String::new(),
                        String::new(),
                        String::new(),
                        self.document.to_string(),
                        NO_LAYOUT.to_string(),
                    ]],
                );
                let row = row.split_once('\n').map_or("", |(_, rows)| rows);
                format!("{}{row}", self.csv(header))
            }
        }
    }

    /// The audit's CSV with the notes as rows of the same columns before the findings.
    fn csv(&self, audit: &str) -> String {
        let (header, findings) = audit.split_once('\n').unwrap_or((audit, ""));
        let rows: Vec<Vec<String>> = self
            .extraction
            .notes
            .iter()
            .map(|n| {
                vec![
                    format!("extract_{}", n.kind.word()),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    n.place(self.document),
                    n.message_at(),
                ]
            })
            .collect();
        let notes = csv_table(&["-"; 7], &rows);
        let notes = notes.split_once('\n').map_or("", |(_, rows)| rows);
        format!("{header}\n{notes}{findings}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiers_are_listed_by_tier() {
        let document = extract::Document::from_text(
            "plan.txt",
            "甲县2026年度土地供应计划\n土地供应总量控制在10公顷以内。\n其中商服用地4公顷，工业用地6公顷。\n",
        );
        let extraction = extract::extract(&document);
        let summary = Summary {
            document: "plan.txt",
            format: "UTF-8",
            out: "out",
            extraction: &extraction,
        };
        assert_eq!(summary.tiers(), "1 工业用地; 4 商服用地");
        assert!(summary.table().contains("10 ha (at most, line 2)"));
        assert_eq!(extract::tiers::default_tier("工业用地"), 1);
    }
}
