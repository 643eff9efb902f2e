//! `landplan recommend`: the report's recommendation section on its own, as a terminal text,
//! Markdown or JSON.
//!
//! Input: the scenario reported on, its name, its `Recommendation`s and the language. Output:
//! the text, in the words of `page::advice` (the one wording of recommendations, shared with
//! the report page), and in JSON each recommendation with its `kind`, whether it stays
//! `within_cap`, its `changes` (each figure from → to), whether it was `verified` (re-solved
//! and re-audited; the verification of a gap changes no figure and is not), its `effects`
//! per tier, the clause it rests on and the cells it takes land from. Nothing here solves or
//! decides what to recommend.

use super::markdown;
use super::page::advice::{self, advice, RemedyText};
use super::page::words::{Shown, Words};
use super::page::Lang;
use super::Format;
use crate::constraints::ConstraintId;
use crate::recommend::change::{Action, Change};
use crate::recommend::verify::{CellMove, TierChange};
use crate::recommend::{Deferred, Issue, Kind, Reason, Recommendation, Remedy};
use crate::scenario::Scenario;
use rust_decimal::Decimal;
use serde::Serialize;

/// The recommendations of one scenario.
#[derive(Debug, Clone, Copy)]
pub struct View<'a> {
    /// The scenario's name as reported (`lianzhou-2025#cap-cut-10` for a what-if).
    pub name: &'a str,
    pub scenario: &'a Scenario,
    pub recommendations: &'a [Recommendation],
    pub lang: Lang,
    /// The unit of the text's figures (`--unit`); the scenario's own when `None`. JSON keeps
    /// the scenario's unit, named by its `unit` key, in its figures and its texts alike.
    pub unit: Option<Shown>,
}

impl View<'_> {
    fn words(&self) -> Words<'_> {
        Words::new(self.lang, self.scenario).showing(self.unit)
    }

    fn title(&self) -> String {
        self.words().pick(
            format!("{}：建议（均经重算和重新审核）", self.name),
            format!(
                "{}: recommendations (each re-solved and re-audited)",
                self.name
            ),
        )
    }

    fn nothing(&self) -> &'static str {
        self.words().pick(
            "全部需求已满足，没有缺口、未用总量或接近上限的限制，无需调整。",
            "Every demand is met and no limit is near its bound: nothing to recommend.",
        )
    }
}

/// Renders the recommendations in a format (CSV is not offered by the command).
pub fn render(view: &View, format: Format) -> String {
    match format {
        Format::Json => super::json(&json(view)),
        Format::Md => md(view),
        Format::Table | Format::Csv => text(view),
    }
}

/// Numbered findings, each remedy indented under its finding.
fn text(view: &View) -> String {
    let words = view.words();
    let mut out = format!("{}\n", view.title());
    if view.recommendations.is_empty() {
        out.push_str(&format!("{}\n", view.nothing()));
    }
    for (i, recommendation) in view.recommendations.iter().enumerate() {
        let advice = advice(&words, recommendation);
        out.push_str(&format!("\n{}. {}\n", i + 1, advice.finding));
        for line in advice.lines(&words) {
            out.push_str(&format!("   - {line}\n"));
        }
    }
    out
}

fn md(view: &View) -> String {
    let words = view.words();
    let mut out = markdown::title(&view.title());
    out.push('\n');
    if view.recommendations.is_empty() {
        out.push_str(&markdown::paragraph(view.nothing()));
    }
    for recommendation in view.recommendations {
        let advice = advice(&words, recommendation);
        out.push_str(&markdown::item(&advice.finding));
        for line in advice.lines(&words) {
            out.push_str(&format!("  {}", markdown::item(&line)));
        }
    }
    out
}

#[derive(Serialize)]
struct Document<'a> {
    scenario: &'a str,
    unit: &'static str,
    lang: &'static str,
    issues: Vec<IssueView<'a>>,
}

#[derive(Serialize)]
struct IssueView<'a> {
    issue: &'a Issue,
    finding: String,
    recommendations: Vec<RemedyView>,
    rejected: Vec<RejectedView<'a>>,
}

#[derive(Serialize)]
struct RemedyView {
    kind: Kind,
    label: String,
    within_cap: bool,
    needs_approval: bool,
    text: String,
    clause: String,
    changes: Vec<ChangeView>,
    verified: bool,
    /// Audit findings before and after, and the figures to publish anew.
    audit: AuditView,
    effects: Vec<TierChange>,
    relieved: Vec<String>,
    takes: Vec<TakeView>,
    deferred: Vec<DeferredView>,
    #[serde(with = "rust_decimal::serde::str_option")]
    percent: Option<Decimal>,
}

#[derive(Serialize)]
struct AuditView {
    before: usize,
    after: usize,
    republished: usize,
}

#[derive(Serialize)]
struct ChangeView {
    action: Action,
    /// What the figure belongs to: `town/category`, `cap`, `town_capacity:九陂镇`.
    target: String,
    #[serde(with = "rust_decimal::serde::str")]
    from: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    to: Decimal,
    text: String,
}

#[derive(Serialize)]
struct TakeView {
    cell: String,
    tier: u32,
    #[serde(with = "rust_decimal::serde::str")]
    before: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    after: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    loss: Decimal,
}

#[derive(Serialize)]
struct DeferredView {
    parcel: String,
    cell: String,
    #[serde(with = "rust_decimal::serde::str")]
    area: Decimal,
}

#[derive(Serialize)]
struct RejectedView<'a> {
    kind: Kind,
    changes: Vec<ChangeView>,
    #[serde(flatten)]
    reason: &'a Reason,
    text: String,
}

fn json<'a>(view: &'a View) -> Document<'a> {
    let words = Words::new(view.lang, view.scenario);
    let issues = view
        .recommendations
        .iter()
        .map(|recommendation| {
            let advice = advice(&words, recommendation);
            let recommendations = recommendation
                .remedies
                .iter()
                .zip(&advice.remedies)
                .map(|(remedy, text)| remedy_view(&words, remedy, text))
                .collect();
            let rejected = recommendation
                .rejected
                .iter()
                .map(|r| RejectedView {
                    kind: r.kind,
                    changes: changes(&words, &r.changes),
                    reason: &r.reason,
                    text: advice::rejection(&words, r),
                })
                .collect();
            IssueView {
                issue: &recommendation.issue,
                finding: advice.finding,
                recommendations,
                rejected,
            }
        })
        .collect();
    Document {
        scenario: view.name,
        unit: view.scenario.settings.unit.symbol(),
        lang: match view.lang {
            Lang::Zh => "zh",
            Lang::En => "en",
        },
        issues,
    }
}

fn remedy_view(words: &Words, remedy: &Remedy, text: &RemedyText) -> RemedyView {
    let scenario = words.scenario;
    let cell = |c: usize| crate::audit::cell_scope(scenario, &scenario.cells[c]);
    let (before, after) = remedy.findings;
    RemedyView {
        kind: remedy.kind,
        label: text.label.clone(),
        within_cap: remedy.within_cap(),
        needs_approval: remedy.kind.needs_approval(),
        text: text.text.clone(),
        clause: text.clause.clone(),
        changes: changes(words, &remedy.changes),
        verified: remedy.verified(),
        audit: AuditView {
            before,
            after,
            republished: remedy.republished,
        },
        effects: remedy
            .effect
            .as_ref()
            .map(|e| e.tiers.clone())
            .unwrap_or_default(),
        relieved: remedy.relieved.iter().map(|&c| cell(c)).collect(),
        takes: remedy
            .takes
            .iter()
            .map(|m: &CellMove| TakeView {
                cell: cell(m.cell),
                tier: scenario.tier_of(&scenario.cells[m.cell]),
                before: m.before,
                after: m.after,
                loss: m.loss(),
            })
            .collect(),
        deferred: remedy
            .deferred
            .iter()
            .map(|d: &Deferred| DeferredView {
                parcel: d.parcel.clone(),
                cell: cell(d.cell),
                area: d.area,
            })
            .collect(),
        percent: remedy.percent,
    }
}

fn changes(words: &Words, changes: &[Change]) -> Vec<ChangeView> {
    let scenario = words.scenario;
    changes
        .iter()
        .map(|change| {
            let target = match change.action {
                Action::Loosen { constraint } => constraint.key(scenario),
                Action::LowerCap => ConstraintId::Cap.key(scenario),
                Action::LowerCell { cell }
                | Action::Defer { cell }
                | Action::Intensify { cell }
                | Action::RaiseDemand { cell }
                | Action::AssignToCell { cell, .. }
                | Action::ReleaseCommitted { cell } => {
                    crate::audit::cell_scope(scenario, &scenario.cells[cell])
                }
            };
            ChangeView {
                action: change.action,
                target,
                from: change.from,
                to: change.to,
                text: advice::change(words, change),
            }
        })
        .collect()
}
