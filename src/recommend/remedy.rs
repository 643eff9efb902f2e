//! Candidate remedies for each issue, tried in the order of what a bureau controls.
//!
//! Input: an `Issue` of a solved scenario. Output: a `Recommendation` holding the candidates
//! that passed `accept` (their re-solve and re-audit), the first kinds first, and those that
//! did not, with the reason. Candidates: for a cut tier, the changes within the cap and
//! every rule (`within`), then each binding limit loosened by the land it holds back (a
//! category bound or rule: the structure; a capacity: quota; the cap: more cap) and cells
//! competing under those limits given less; for a gap in the published plan, its
//! verification and then its assignment to the largest cells; for a cap worded "约…" left
//! partly unused, the cap lowered (an at-most cap is an upper limit: nothing to lower); for a
//! limit near its bound, one unit more demand under it; for an infeasible scenario, the
//! relaxations the solve found. Amounts come from the figures (a shortfall, a gap, the
//! unused cap), never from constants.

use super::accept::Candidate;
use super::change::{Action, Change};
use super::{within, CutCell, Issue, Kind, Recommendation, Remedy, MAX_REMEDIES};
use crate::audit::{audit, Check, Finding};
use crate::constraints::{constraints, Constraint, ConstraintId, Sense};
use crate::evaluate::ConstraintStatus;
use crate::parcels::Parcels;
use crate::scenario::{CategoryId, RuleValue, Scenario, TownId};
use crate::solve::backend::Backend;
use crate::solve::infeasible::RelaxTarget;
use crate::solve::{Allocated, SolveReport};
use rust_decimal::{Decimal, RoundingStrategy};
use std::cell::OnceCell;

/// At most this many binding limits are tried for a cut tier (those holding back the most).
const MAX_LIMITS: usize = 6;
/// At most this many competing cells are tried for a cut tier.
const MAX_COMPETITORS: usize = 2;
/// At most this many towns (or categories) are tried to take a gap in the published plan.
const MAX_GAP_CELLS: usize = 3;

/// What every remedy is tried against.
pub(super) struct Context<'a> {
    pub(super) scenario: &'a Scenario,
    report: &'a SolveReport,
    parcels: Option<&'a Parcels>,
    /// The whole-parcel plan of the scenario, made when a cut tier first asks for it.
    parcel_plan: OnceCell<Option<crate::parcels::ParcelPlan>>,
    /// The audit of the scenario itself, to tell a new finding from an old one.
    pub(super) findings: Vec<Finding>,
    constraints: Vec<Constraint>,
    pub(super) backend: Backend,
}

impl<'a> Context<'a> {
    pub(super) fn new(
        scenario: &'a Scenario,
        report: &'a SolveReport,
        parcels: Option<&'a Parcels>,
    ) -> Self {
        Context {
            scenario,
            report,
            parcels,
            parcel_plan: OnceCell::new(),
            findings: audit(scenario),
            constraints: constraints(scenario),
            backend: report.backend,
        }
    }

    pub(super) fn findings(&self) -> &[Finding] {
        &self.findings
    }

    pub(super) fn allocated(&self) -> Option<&'a Allocated> {
        self.report.allocated()
    }

    /// Tries the issue's candidates, the bureau's first levers first, and keeps those that
    /// pass (at most `MAX_REMEDIES`). A gap in the published plan always comes with its
    /// verification; a limit near its bound with nothing confirmed is no recommendation; a
    /// cut, an unused cap or an infeasibility is, with what was tried.
    pub(super) fn recommendation(&self, issue: Issue) -> Option<Recommendation> {
        let mut candidates = self.candidates(&issue);
        candidates.sort_by_key(|c| c.kind);
        let mut remedies: Vec<Remedy> = self.verification(&issue).into_iter().collect();
        let mut rejected = Vec::new();
        for candidate in candidates {
            if remedies.iter().filter(|r| r.verified()).count() == MAX_REMEDIES {
                break;
            }
            match self.accept(&issue, candidate) {
                Ok(remedy) => remedies.push(remedy),
                Err(rejection) => rejected.push(rejection),
            }
        }
        if matches!(issue, Issue::NearLimit { .. }) && remedies.is_empty() {
            return None;
        }
        Some(Recommendation {
            issue,
            remedies,
            rejected,
        })
    }

    /// The first recommendation for a gap in the published plan: verify the difference and
    /// correct the plan by notice. It changes no figure, so nothing is re-solved.
    fn verification(&self, issue: &Issue) -> Option<Remedy> {
        let Issue::AuditGap { .. } = issue else {
            return None;
        };
        let findings = self.findings.len();
        Some(Remedy {
            kind: Kind::Verify,
            changes: Vec::new(),
            effect: None,
            relieved: Vec::new(),
            findings: (findings, findings),
            republished: 0,
            deferred: Vec::new(),
            percent: None,
            takes: Vec::new(),
        })
    }

    fn candidates(&self, issue: &Issue) -> Vec<Candidate> {
        match issue {
            Issue::Infeasible => self
                .relaxations()
                .into_iter()
                .map(|changes| Candidate::new(changes, Vec::new(), false))
                .collect(),
            Issue::Shortfall { tier, cells, .. } => {
                let mut candidates = self.within_cap(*tier, cells);
                candidates.extend(self.shortfall_candidates(*tier, cells));
                candidates
            }
            Issue::AuditGap { finding } => self.gap_candidates(finding),
            Issue::UnusedCap { at_most: true, .. } => Vec::new(),
            Issue::UnusedCap { cap, supplied, .. } => {
                let lower = Change::lower_cap(self.scenario, *cap - *supplied);
                vec![Candidate::new(vec![lower], Vec::new(), false)]
            }
            Issue::NearLimit { constraint, .. } => self
                .probe(*constraint)
                .into_iter()
                .map(|changes| Candidate::new(changes, Vec::new(), false))
                .collect(),
        }
    }

    /// The remedies within the cap and every rule: move the tier's supply between its
    /// towns, defer named parcels, build industrial land more intensively.
    fn within_cap(&self, tier: u32, cells: &[CutCell]) -> Vec<Candidate> {
        let Some(allocated) = self.allocated() else {
            return Vec::new();
        };
        let parcels = self
            .parcels
            .zip(self.parcel_plan().as_ref())
            .and_then(|(parcels, plan)| within::defer(self.scenario, parcels, plan, cells));
        [
            within::move_within_tier(cells),
            parcels,
            within::intensify(self.scenario, allocated, tier, &self.cut_up_to(tier)),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    /// The whole-parcel plan of the scenario (`None` without parcels, or when no plan keeps
    /// every limit or the plan cannot be certified).
    fn parcel_plan(&self) -> &Option<crate::parcels::ParcelPlan> {
        self.parcel_plan.get_or_init(|| {
            let parcels = self.parcels?;
            match crate::parcels::plan(self.scenario, parcels, Default::default()) {
                Ok(crate::parcels::PlanOutcome::Planned(plan)) => Some(*plan),
                _ => None,
            }
        })
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
    pub(super) fn cut_up_to(&self, tier: u32) -> Vec<CutCell> {
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
    /// competing cells under those limits less land (within the tier: a move between its
    /// towns; from a lower tier: a change of the structure). Each claims to supply at least
    /// one of the tier's cut cells in full.
    fn shortfall_candidates(&self, tier: u32, cells: &[CutCell]) -> Vec<Candidate> {
        let cut = self.cut_up_to(tier);
        let cut = cut.as_slice();
        let claims: Vec<usize> = cells.iter().map(|c| c.cell).collect();
        let mut candidates = Vec::new();
        let mut competitors: Vec<(usize, Decimal)> = Vec::new();
        for (status, constraint, land) in self.holding_back(cut) {
            let by = self.loosening_for(status, land);
            candidates.extend(
                Change::loosen(self.scenario, status.id, by)
                    .map(|c| Candidate::new(vec![c], claims.clone(), false)),
            );
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
                let change = Change::lower_cell(cell, now, land.min(now));
                let mut candidate = Candidate::new(vec![change], claims.clone(), false);
                if self.scenario.tier_of(&self.scenario.cells[cell]) > tier {
                    candidate.kind = Kind::Restructure;
                }
                Some(candidate)
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

    /// Assign the gap to the cells of the category (or town) with the largest figures; each
    /// claims the assigned cell is supplied in full.
    fn gap_candidates(&self, finding: &Finding) -> Vec<Candidate> {
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
                let change = Change::assign(self.scenario, cell, gap, town_total, category_total);
                Candidate::new(vec![change], vec![cell], true)
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
