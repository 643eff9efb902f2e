//! The checks a candidate must pass to be recommended.
//!
//! Input: an issue and a candidate (its changes, the cells it claims to supply in full, the
//! parcels it defers). Output: the `Remedy` with its verified figures, or the `Rejected`
//! candidate with the first check it failed, in this order: the changed scenario solves
//! (`verify::resolve`); its re-audit finds nothing the scenario did not have (a cell whose
//! demand the candidate itself lowers below its published figure, or the structure left
//! below a cap it raises, excepted: those figures are the change it proposes to publish,
//! counted as such); it does what it claims (the claimed cells in full, the gap
//! closed, the limit biting, no cell moving for a lower cap); and no tier served before the
//! one it helps has more demand left unsupplied. The cells of later tiers that give way are
//! listed with the remedy.

use super::change::{Action, Change};
use super::remedy::Context;
use super::verify::{in_full, resolve, CellMove, Resolved};
use super::{Deferred, Issue, Kind, Reason, Rejected, Remedy};
use crate::audit::{audit, Check, Direction, Finding};

/// A remedy to try.
#[derive(Debug, Clone)]
pub(super) struct Candidate {
    pub kind: Kind,
    pub changes: Vec<Change>,
    /// Cells the candidate claims to supply in full.
    pub claims: Vec<usize>,
    /// Whether every claimed cell must be supplied in full (else at least one).
    pub all: bool,
    pub deferred: Vec<Deferred>,
    /// For `Kind::Intensify`: how much less land per industrial project, in percent.
    pub percent: Option<rust_decimal::Decimal>,
}

impl Candidate {
    /// A candidate of the kind its changes make.
    pub fn new(changes: Vec<Change>, claims: Vec<usize>, all: bool) -> Candidate {
        Candidate {
            kind: Kind::of_all(&changes),
            changes,
            claims,
            all,
            deferred: Vec::new(),
            percent: None,
        }
    }

    fn reject(self, reason: Reason) -> Rejected {
        Rejected {
            kind: self.kind,
            changes: self.changes,
            reason,
        }
    }
}

impl Context<'_> {
    /// Re-solves and re-audits the candidate; the remedy with its figures, or why not.
    pub(super) fn accept(&self, issue: &Issue, candidate: Candidate) -> Result<Remedy, Rejected> {
        let Some(resolved) = resolve(
            self.scenario,
            self.allocated(),
            &candidate.changes,
            self.backend,
        ) else {
            return Err(candidate.reject(Reason::NotSolved));
        };
        let (after, own) = self.reaudit(&resolved, &candidate.changes);
        if let Some(finding) = self.new_finding(&after) {
            let reason = Reason::NewFinding {
                check: finding.check,
                scope: finding.scope.clone(),
            };
            return Err(candidate.reject(reason));
        }
        let relieved: Vec<usize> = candidate
            .claims
            .iter()
            .copied()
            .filter(|&cell| in_full(&resolved.scenario, &resolved.allocated, cell))
            .collect();
        if !self.fixes(issue, &candidate, &relieved, &resolved, &after) {
            return Err(candidate.reject(Reason::NotFixed));
        }
        let helped = self.helped_tier(issue, &candidate.changes);
        if let Some(tier) = helped.and_then(|t| resolved.effect.hurts_above(t)) {
            return Err(candidate.reject(Reason::TakesFromHigherTier { tier }));
        }
        let takes = helped.map_or_else(Vec::new, |tier| self.takes_below(tier, &resolved));
        Ok(Remedy {
            kind: candidate.kind,
            changes: candidate.changes,
            effect: Some(resolved.effect),
            relieved,
            findings: (self.findings.len(), after.len()),
            republished: own,
            deferred: candidate.deferred,
            percent: candidate.percent,
            takes,
        })
    }

    /// The re-audit of the changed scenario, without the findings that are the change itself,
    /// and how many of those there were: a cell whose demand the changes lower below its
    /// published figure (the figure the remedy proposes to publish anew), and for a raised
    /// cap the structure or layout now below it (published anew with the cap; a sum above an
    /// at-most cap is a breach and stays a finding).
    fn reaudit(&self, resolved: &Resolved, changes: &[Change]) -> (Vec<Finding>, usize) {
        let lowered: Vec<String> = changes
            .iter()
            .filter_map(Change::lowered_cell)
            .map(|cell| crate::audit::cell_scope(self.scenario, &self.scenario.cells[cell]))
            .collect();
        let cap_raised = changes.iter().any(|c| Kind::of(c) == Kind::MoreCap);
        let own = |f: &Finding| match f.check {
            Check::CellBounds => lowered.contains(&f.scope),
            Check::CategoriesVsCap | Check::TownsVsCap => {
                cap_raised && f.direction == Some(Direction::Below)
            }
            _ => false,
        };
        let (own, after): (Vec<Finding>, Vec<Finding>) =
            audit(&resolved.scenario).into_iter().partition(own);
        (after, own.len())
    }

    /// The first finding of the re-audit that the scenario did not have, by check and scope.
    fn new_finding<'f>(&self, after: &'f [Finding]) -> Option<&'f Finding> {
        let key = |f: &Finding| (f.check, f.scope.clone());
        let before: Vec<_> = self.findings.iter().map(key).collect();
        after.iter().find(|f| !before.contains(&key(f)))
    }

    /// Whether the re-solve shows the candidate does what it claims for the issue.
    fn fixes(
        &self,
        issue: &Issue,
        candidate: &Candidate,
        relieved: &[usize],
        resolved: &Resolved,
        after: &[Finding],
    ) -> bool {
        let claimed = if candidate.all {
            relieved.len() == candidate.claims.len()
        } else {
            candidate.claims.is_empty() || !relieved.is_empty()
        };
        let effect = &resolved.effect;
        claimed
            && match issue {
                Issue::Infeasible | Issue::Shortfall { .. } => true,
                Issue::AuditGap { finding } => {
                    let key = |f: &Finding| (f.check, f.scope.clone());
                    !after.iter().any(|f| key(f) == key(finding))
                }
                Issue::UnusedCap { .. } => effect.moved.is_empty(),
                Issue::NearLimit { constraint, .. } => {
                    let binds = resolved
                        .allocated
                        .evaluation
                        .binding()
                        .any(|c| c.id == *constraint);
                    binds && effect.moved.iter().any(|m| m.after < m.demand)
                }
            }
    }

    /// The tier a remedy helps: the cut tier, or the tier of the cell a gap is assigned to.
    fn helped_tier(&self, issue: &Issue, changes: &[Change]) -> Option<u32> {
        match issue {
            Issue::Shortfall { tier, .. } => Some(*tier),
            Issue::AuditGap { .. } => changes
                .iter()
                .filter_map(|change| match change.action {
                    Action::AssignToCell { cell, .. } => {
                        Some(self.scenario.tier_of(&self.scenario.cells[cell]))
                    }
                    _ => None,
                })
                .max(),
            _ => None,
        }
    }

    /// Cells of tiers served after `tier` that lose land, the largest loss first.
    fn takes_below(&self, tier: u32, resolved: &Resolved) -> Vec<CellMove> {
        let mut takes: Vec<CellMove> = resolved
            .effect
            .moved
            .iter()
            .filter(|m| {
                let cell = &self.scenario.cells[m.cell];
                self.scenario.tier_of(cell) > tier && !m.loss().is_zero()
            })
            .copied()
            .collect();
        takes.sort_by(|a, b| b.loss().cmp(&a.loss()).then(a.cell.cmp(&b.cell)));
        takes
    }
}
