//! Finds what deserves a recommendation in a solved scenario.
//!
//! Input: the scenario, its `SolveReport` and the audit's findings. Output: the issues, in
//! the order a planner should read them: infeasibility, cut tiers (highest priority first),
//! gaps in the published plan that a change of one figure may close, unused cap, limits with
//! less than one unit of room. Pure reading of figures: nothing is solved here.

use super::{CutCell, Issue};
use crate::audit::{Check, Direction, Finding};
use crate::constraints::{is_share, ConstraintId, Sense};
use crate::evaluate::ConstraintStatus;
use crate::scenario::{CapKind, Scenario};
use crate::solve::{Allocated, SolveReport};
use rust_decimal::Decimal;

/// Every issue of a solved (or infeasible) scenario.
pub(super) fn issues(
    scenario: &Scenario,
    report: &SolveReport,
    findings: &[Finding],
) -> Vec<Issue> {
    let Some(allocated) = report.allocated() else {
        return if report.infeasibility().is_some() {
            vec![Issue::Infeasible]
        } else {
            Vec::new()
        };
    };
    let mut issues = shortfalls(scenario, report, allocated);
    issues.extend(audit_gaps(findings));
    issues.extend(unused_cap(scenario, allocated));
    issues.extend(near_limits(scenario, allocated));
    issues
}

/// One issue per tier with cut cells.
fn shortfalls(scenario: &Scenario, report: &SolveReport, allocated: &Allocated) -> Vec<Issue> {
    scenario
        .tiers()
        .into_iter()
        .filter_map(|tier| {
            let mut cells: Vec<CutCell> = scenario
                .cells
                .iter()
                .zip(&allocated.allocation)
                .enumerate()
                .filter(|(_, (cell, x))| scenario.tier_of(cell) == tier && **x < cell.demand)
                .map(|(index, (cell, x))| CutCell {
                    cell: index,
                    demand: cell.demand.normalize(),
                    allocated: x.normalize(),
                })
                .collect();
            if cells.is_empty() {
                return None;
            }
            cells.sort_by(|a, b| b.shortfall().cmp(&a.shortfall()).then(a.cell.cmp(&b.cell)));
            let shortfall = cells.iter().map(CutCell::shortfall).sum::<Decimal>();
            let limits = report
                .marginal_values()
                .iter()
                .filter_map(|m| {
                    let gain = m.tier_gains.iter().find(|(t, _)| *t == tier)?.1;
                    (gain > Decimal::ZERO).then_some((m.constraint, gain))
                })
                .collect();
            Some(Issue::Shortfall {
                tier,
                cells,
                shortfall: shortfall.normalize(),
                limits,
            })
        })
        .collect()
}

/// Gaps where the parts of the plan fall short of a published total: land assigned to no
/// town (or no category), which one figure may close.
fn audit_gaps(findings: &[Finding]) -> Vec<Issue> {
    findings
        .iter()
        .filter(|f| {
            matches!(f.check, Check::CellsVsCategory | Check::CellsVsTown)
                && f.direction == Some(Direction::Below)
                && f.difference.is_some()
        })
        .map(|finding| Issue::AuditGap {
            finding: finding.clone(),
        })
        .collect()
}

fn unused_cap(scenario: &Scenario, allocated: &Allocated) -> Option<Issue> {
    let evaluation = &allocated.evaluation;
    let cap = evaluation
        .constraints
        .iter()
        .find(|c| c.id == ConstraintId::Cap)?;
    (cap.slack > Decimal::ZERO).then(|| Issue::UnusedCap {
        cap: cap.limit.normalize(),
        supplied: cap.value.normalize(),
        demand_met: evaluation.total.shortfall().is_zero(),
        at_most: scenario.settings.cap_kind == CapKind::AtMost,
    })
}

/// At most this many limits near their bound are reported (the least room first).
const MAX_NEAR_LIMITS: usize = 5;

/// Maximum limits (not the cap, not share rules) with less than one unit of room, the
/// least room first.
fn near_limits(scenario: &Scenario, allocated: &Allocated) -> Vec<Issue> {
    let mut near: Vec<&ConstraintStatus> = allocated
        .evaluation
        .constraints
        .iter()
        .filter(|c| {
            c.sense == Sense::AtMost
                && c.id != ConstraintId::Cap
                && !is_share(scenario, c.id)
                && c.slack > Decimal::ZERO
                && c.slack < Decimal::ONE
        })
        .collect();
    near.sort_by(|a, b| a.slack.cmp(&b.slack).then(a.id.cmp(&b.id)));
    near.into_iter()
        .take(MAX_NEAR_LIMITS)
        .map(|c| Issue::NearLimit {
            constraint: c.id,
            limit: c.limit.normalize(),
            value: c.value.normalize(),
        })
        .collect()
}
