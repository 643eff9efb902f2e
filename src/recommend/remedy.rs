//! Candidate remedies for each issue, and the test each must pass to be kept.
//!
//! Input: an `Issue` of a solved scenario. Output: a `Recommendation` holding only the
//! candidates whose re-solve (`verify::resolve`) confirms them: a cut tier's cells supplied in
//! full without a higher tier losing land; a gap in the published plan closed with no new
//! finding and the assigned land supplied; the cap lowered with no cell moving; a limit shown
//! to bite when demand under it rises by one unit; an infeasible scenario made solvable.
//! Amounts come from the figures (a shortfall, a gap, the unused cap), never from constants.

use super::change::{Action, Change};
use super::verify::{in_full, resolve, Resolved};
use super::{CutCell, Issue, Recommendation, Remedy, MAX_REMEDIES};
use crate::audit::{audit, Check, Finding};
use crate::constraints::{constraints, Constraint, ConstraintId, Sense};
use crate::evaluate::ConstraintStatus;
use crate::scenario::{CategoryId, RuleValue, Scenario, TownId};
use crate::solve::backend::Backend;
use crate::solve::infeasible::RelaxTarget;
use crate::solve::{Allocated, SolveReport};
use rust_decimal::{Decimal, RoundingStrategy};

/// At most this many binding limits are tried for a cut tier (those holding back the most).
const MAX_LIMITS: usize = 6;
/// At most this many competing cells are tried for a cut tier.
const MAX_COMPETITORS: usize = 2;
/// At most this many towns (or categories) are tried to take a gap in the published plan.
const MAX_GAP_CELLS: usize = 3;

/// What every remedy is tried against.
pub(super) struct Context<'a> {
    scenario: &'a Scenario,
    report: &'a SolveReport,
    /// The audit of the scenario itself, to tell a new finding from an old one.
    findings: Vec<Finding>,
    constraints: Vec<Constraint>,
    backend: Backend,
}

impl<'a> Context<'a> {
    pub(super) fn new(scenario: &'a Scenario, report: &'a SolveReport) -> Self {
        Context {
            scenario,
            report,
            findings: audit(scenario),
            constraints: constraints(scenario),
            backend: report.backend,
        }
    }

    pub(super) fn findings(&self) -> &[Finding] {
        &self.findings
    }

    fn allocated(&self) -> Option<&'a Allocated> {
        self.report.allocated()
    }

    /// Tries the issue's candidates and keeps those the re-solve confirms. A gap in the
    /// published plan (which the audit lists anyway) or a limit near its bound with nothing
    /// confirmed is no recommendation; a cut, an unused cap or an infeasibility is, with the
    /// number of changes tried.
    pub(super) fn recommendation(&self, issue: Issue) -> Option<Recommendation> {
        let candidates = self.candidates(&issue);
        let tried = candidates.len();
        let remedies = candidates
            .into_iter()
            .filter_map(|changes| {
                let resolved = resolve(self.scenario, self.allocated(), &changes, self.backend)?;
                self.confirm(&issue, changes, resolved)
            })
            .take(MAX_REMEDIES)
            .collect::<Vec<_>>();
        let advisory = matches!(issue, Issue::AuditGap { .. } | Issue::NearLimit { .. });
        if advisory && remedies.is_empty() {
            return None;
        }
        Some(Recommendation {
            issue,
            remedies,
            tried,
        })
    }

    fn candidates(&self, issue: &Issue) -> Vec<Vec<Change>> {
        match issue {
            Issue::Infeasible => self.relaxations(),
            Issue::Shortfall { tier, .. } => self.shortfall_candidates(*tier),
            Issue::AuditGap { finding } => self.gap_candidates(finding),
            Issue::UnusedCap { cap, supplied, .. } => {
                vec![vec![Change::lower_cap(self.scenario, *cap - *supplied)]]
            }
            Issue::NearLimit { constraint, .. } => self.probe(*constraint).into_iter().collect(),
        }
    }

    /// Whether the re-solve confirms the remedy, and the remedy with its figures if so.
    fn confirm(&self, issue: &Issue, changes: Vec<Change>, resolved: Resolved) -> Option<Remedy> {
        let mut remedy = Remedy {
            changes,
            effect: resolved.effect.clone(),
            relieved: Vec::new(),
            findings: None,
        };
        let confirmed = match issue {
            Issue::Infeasible => true,
            Issue::Shortfall { tier, cells, .. } => {
                remedy.relieved = cells
                    .iter()
                    .map(|c| c.cell)
                    .filter(|&c| in_full(&resolved.scenario, &resolved.allocated, c))
                    .collect();
                !remedy.relieved.is_empty() && !remedy.effect.hurts_above(*tier)
            }
            Issue::AuditGap { finding } => {
                let after = audit(&resolved.scenario);
                remedy.findings = Some((self.findings.len(), after.len()));
                self.gap_closed(finding, &after, &remedy, &resolved)
            }
            Issue::UnusedCap { .. } => remedy.effect.moved.is_empty(),
            Issue::NearLimit { constraint, .. } => {
                let binds = resolved
                    .allocated
                    .evaluation
                    .binding()
                    .any(|c| c.id == *constraint);
                binds && remedy.effect.moved.iter().any(|m| m.after < m.demand)
            }
        };
        confirmed.then_some(remedy)
    }

    /// The relaxations `solve::solve` found for an infeasible scenario (the smallest, then
    /// the alternative that leaves its limits alone), as changes.
    fn relaxations(&self) -> Vec<Vec<Change>> {
        let Some(infeasibility) = self.report.infeasibility() else {
            return Vec::new();
        };
        [&infeasibility.relaxations, &infeasibility.alternative]
            .into_iter()
            .filter(|relaxations| !relaxations.is_empty())
            .map(|relaxations| {
                relaxations
                    .iter()
                    .map(|r| match r.target {
                        RelaxTarget::Limit { constraint } => {
                            Change::new(Action::Loosen { constraint }, r.from, r.to)
                        }
                        RelaxTarget::Committed { cell } => {
                            Change::release(self.scenario, cell, r.by)
                        }
                    })
                    .collect()
            })
            .collect()
    }

    fn constraint(&self, id: ConstraintId) -> Option<&Constraint> {
        self.constraints.iter().find(|c| c.id == id)
    }

    fn binding(&self) -> Vec<&'a ConstraintStatus> {
        self.allocated()
            .map(|a| a.evaluation.binding().collect())
            .unwrap_or_default()
    }

    /// Cut cells of `tier` and of every tier served before it: a limit must make room for
    /// all of them before the lower tier gains.
    fn cut_up_to(&self, tier: u32) -> Vec<CutCell> {
        let Some(allocated) = self.allocated() else {
            return Vec::new();
        };
        self.scenario
            .cells
            .iter()
            .zip(&allocated.allocation)
            .enumerate()
            .filter(|(_, (cell, x))| self.scenario.tier_of(cell) <= tier && **x < cell.demand)
            .map(|(index, (cell, x))| CutCell {
                cell: index,
                demand: cell.demand,
                allocated: *x,
            })
            .collect()
    }

    /// Loosen each binding limit by the land it holds back from the cut cells; then give
    /// competing cells under those limits less land.
    fn shortfall_candidates(&self, tier: u32) -> Vec<Vec<Change>> {
        let cut = self.cut_up_to(tier);
        let cut = cut.as_slice();
        let mut candidates = Vec::new();
        let mut competitors: Vec<(usize, Decimal)> = Vec::new();
        for (status, constraint, land) in self.holding_back(cut) {
            let by = self.loosening_for(status, land);
            candidates.extend(Change::loosen(self.scenario, status.id, by).map(|c| vec![c]));
            if status.sense == Sense::AtMost {
                competitors.extend(self.competitors(constraint, tier, cut, land));
            }
        }
        competitors.sort_by_key(|&(cell, _)| cell);
        competitors.dedup_by_key(|(cell, _)| *cell);
        competitors.sort_by(|a, b| self.competitor_order(a.0, b.0));
        let allocated = self.allocated().map(|a| &a.allocation);
        candidates.extend(competitors.into_iter().take(MAX_COMPETITORS).filter_map(
            |(cell, land)| {
                let now = allocated?[cell];
                Some(vec![Change::lower_cell(cell, now, land.min(now))])
            },
        ));
        candidates
    }

    /// The binding limits that hold land back from the cut cells, with how much: the most
    /// land first, at most `MAX_LIMITS`.
    fn holding_back(&self, cut: &[CutCell]) -> Vec<(&'a ConstraintStatus, &Constraint, Decimal)> {
        let mut held: Vec<_> = self
            .binding()
            .into_iter()
            .filter_map(|status| {
                let constraint = self.constraint(status.id)?;
                let land: Decimal = cut
                    .iter()
                    .filter(|c| {
                        status.sense == Sense::AtLeast
                            || coefficient(constraint, c.cell) > Decimal::ZERO
                    })
                    .map(CutCell::shortfall)
                    .sum();
                (land > Decimal::ZERO).then_some((status, constraint, land))
            })
            .collect();
        held.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.id.cmp(&b.0.id)));
        held.truncate(MAX_LIMITS);
        held
    }

    /// Cells under a binding maximum that hold land the cut cells could use: not cut
    /// themselves, of the same or a lower priority, with land allocated.
    fn competitors(
        &self,
        constraint: &Constraint,
        tier: u32,
        cut: &[CutCell],
        land: Decimal,
    ) -> Vec<(usize, Decimal)> {
        let Some(allocated) = self.allocated() else {
            return Vec::new();
        };
        constraint
            .terms
            .iter()
            .filter(|(cell, coefficient)| {
                *coefficient > Decimal::ZERO
                    && !cut.iter().any(|c| c.cell == *cell)
                    && allocated.allocation[*cell] > Decimal::ZERO
                    && self.scenario.tier_of(&self.scenario.cells[*cell]) >= tier
            })
            .map(|(cell, _)| (*cell, land))
            .collect()
    }

    /// Lowest priority first, then the most land allocated, then cell order.
    fn competitor_order(&self, a: usize, b: usize) -> std::cmp::Ordering {
        let key = |cell: usize| {
            let tier = self.scenario.tier_of(&self.scenario.cells[cell]);
            let land = self
                .allocated()
                .map_or(Decimal::ZERO, |x| x.allocation[cell]);
            (std::cmp::Reverse(tier), std::cmp::Reverse(land), cell)
        };
        key(a).cmp(&key(b))
    }

    /// How far to loosen a limit so that `land` more can be supplied under it: the land
    /// itself, or for a share rule the percentage points that make room for it.
    fn loosening_for(&self, status: &ConstraintStatus, land: Decimal) -> Decimal {
        let ConstraintId::Rule(index) = status.id else {
            return land;
        };
        let RuleValue::Share(percent) = self.scenario.rules[index].value else {
            return land;
        };
        let total = self
            .allocated()
            .map_or(Decimal::ZERO, |a| a.evaluation.total.supplied);
        if (total + land).is_zero() {
            return Decimal::ONE_HUNDRED;
        }
        let needed = match status.sense {
            // More land under the rule: its share of a larger total must grow.
            Sense::AtMost => {
                (status.value + land) * Decimal::ONE_HUNDRED / (total + land) - percent
            }
            // More land outside the rule: the covered share of a larger total falls.
            Sense::AtLeast => percent - status.value * Decimal::ONE_HUNDRED / (total + land),
        };
        needed
            .max(Decimal::ZERO)
            .round_dp_with_strategy(self.scenario.scale().max(2), RoundingStrategy::AwayFromZero)
            .normalize()
    }

    /// Assign the gap to the cells of the category (or town) with the largest figures.
    fn gap_candidates(&self, finding: &Finding) -> Vec<Vec<Change>> {
        let Some(gap) = finding.difference else {
            return Vec::new();
        };
        let (cells, town_total, category_total) = match finding.check {
            Check::CellsVsCategory => (self.cells_of_category(&finding.scope), true, false),
            Check::CellsVsTown => (self.cells_of_town(&finding.scope), false, true),
            _ => return Vec::new(),
        };
        cells
            .into_iter()
            .take(MAX_GAP_CELLS)
            .map(|cell| {
                vec![Change::assign(
                    self.scenario,
                    cell,
                    gap,
                    town_total,
                    category_total,
                )]
            })
            .collect()
    }

    fn cells_of_category(&self, name: &str) -> Vec<usize> {
        let Some(id) = self.scenario.categories.iter().position(|c| c.name == name) else {
            return Vec::new();
        };
        self.largest_cells(|c| c.category == CategoryId(id))
    }

    fn cells_of_town(&self, name: &str) -> Vec<usize> {
        let Some(id) = self.scenario.towns.iter().position(|t| t.name == name) else {
            return Vec::new();
        };
        self.largest_cells(|c| c.town == TownId(id))
    }

    /// Cells matching `keep`, largest published figure first (then cell order).
    fn largest_cells(&self, keep: impl Fn(&crate::scenario::Cell) -> bool) -> Vec<usize> {
        let mut cells: Vec<usize> = (0..self.scenario.cells.len())
            .filter(|&i| keep(&self.scenario.cells[i]))
            .collect();
        cells.sort_by(|&a, &b| {
            self.scenario.cells[b]
                .plan
                .cmp(&self.scenario.cells[a].plan)
                .then(a.cmp(&b))
        });
        cells
    }

    /// The finding is gone, no new finding appeared, the assigned land is supplied in full
    /// and no tier served before the assigned cell's lost supply (a lower tier may give way:
    /// the report shows the cells that move).
    fn gap_closed(
        &self,
        finding: &Finding,
        after: &[Finding],
        remedy: &Remedy,
        resolved: &Resolved,
    ) -> bool {
        let key = |f: &Finding| (f.check, f.scope.clone());
        let before: Vec<_> = self.findings.iter().map(key).collect();
        let closed = !after.iter().any(|f| key(f) == key(finding));
        let nothing_new = after.iter().all(|f| before.contains(&key(f)));
        let supplied = remedy.changes.iter().all(|change| match change.action {
            Action::AssignToCell { cell, .. } => {
                in_full(&resolved.scenario, &resolved.allocated, cell)
            }
            _ => true,
        });
        let tier = remedy
            .changes
            .iter()
            .filter_map(|change| match change.action {
                Action::AssignToCell { cell, .. } => {
                    Some(self.scenario.tier_of(&self.scenario.cells[cell]))
                }
                _ => None,
            })
            .max()
            .unwrap_or(u32::MAX);
        closed && nothing_new && supplied && !remedy.effect.hurts_above(tier)
    }

    /// One unit more demand for the cell under the limit that the limit would cut first:
    /// the highest-priority covered cell with the most land.
    fn probe(&self, id: ConstraintId) -> Option<Vec<Change>> {
        let allocated = self.allocated()?;
        let constraint = self.constraint(id)?;
        let cell = constraint
            .terms
            .iter()
            .filter(|(_, coefficient)| *coefficient > Decimal::ZERO)
            .map(|(cell, _)| *cell)
            .min_by_key(|&cell| {
                let tier = self.scenario.tier_of(&self.scenario.cells[cell]);
                (tier, std::cmp::Reverse(allocated.allocation[cell]), cell)
            })?;
        Some(vec![Change::raise_demand(
            self.scenario,
            cell,
            Decimal::ONE,
        )])
    }
}

fn coefficient(constraint: &Constraint, cell: usize) -> Decimal {
    constraint
        .terms
        .iter()
        .find(|(c, _)| *c == cell)
        .map_or(Decimal::ZERO, |(_, coefficient)| *coefficient)
}
