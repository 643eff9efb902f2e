//! The parcel plan: which parcels to supply this year and in which quarter, whole parcels
//! only, in strict priority tiers.
//!
//! ```text
//! eligible   in a planned cell (五（一）) and ready this year (五（四）)
//! greedy     committed parcels, then each tier's largest parcels that keep every limit
//! tiers      for each tier in order: the most area (held for the tiers after it)
//!              exact shortcut: the greedy meets an exact bound (everything, or a limit's room)
//!              else: mixed-integer stage (mip.rs: microlp, or HiGHS with the feature),
//!                    started from the best choice so far, then its exact certificate
//!                    (certificate.rs: a dual bound checked in integers)
//! closeness  the least distance to the published cells, tiers held
//! schedule   quarters as even as the limits allow (schedule.rs)
//! certify    every limit, readiness and commitment checked in decimals; deferrals explained
//! ```
//!
//! Input: a validated `Scenario` and its `Parcels`. Output: a `PlanOutcome`: a certified
//! `ParcelPlan` (a decision per parcel, each tier's area with its proof or its honest gap,
//! the schedule) or an infeasibility with the limits it breaks. A tier is called optimal only
//! when an exact bound proves it: every eligible parcel supplied, a limit's room filled, or
//! the certificate of a searched tier; otherwise it reports its exact gap. No search's own
//! bound, status or gap is trusted for a tier.

use super::certificate::{self, Relaxation};
use super::limits::{Limit, Limits};
use super::mip::{Model, Objective};
use super::schedule::{schedule, Schedule};
use super::{Parcel, Parcels, Quarter, Readiness};
use crate::constraints::Sense;
use crate::scenario::Scenario;
pub use crate::solve::backend::{Backend, BackendError, Solver};
use rust_decimal::Decimal;
use serde::Serialize;
use std::time::{Duration, Instant};

/// How long the searches may take together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PlanOptions {
    /// `None`: a quarter of a millisecond per parcel, at least 50 ms and at most 4 s.
    pub time_limit: Option<Duration>,
}

impl PlanOptions {
    /// The searches' budget for a list of `parcels`. Measured on the generated county (192
    /// parcels) and prefecture (4,495) of `benches/parcels.rs`: the best choice is found in
    /// the first tens of milliseconds and the rest of the budget narrows the proven gap
    /// (docs/performance.md); the default keeps a county under 0.1 s and a prefecture under
    /// 5 s, and `--time-limit` buys a smaller gap.
    pub fn budget(&self, parcels: usize) -> Duration {
        self.time_limit.unwrap_or_else(|| {
            let auto = Duration::from_micros(250)
                .saturating_mul(u32::try_from(parcels).unwrap_or(u32::MAX));
            auto.clamp(Duration::from_millis(50), Duration::from_secs(4))
        })
    }
}

/// Why a stage's figure is the best there is, or how far from it it may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "limit", rename_all = "snake_case")]
pub enum Proof {
    /// Every eligible parcel of the tier is supplied (exact).
    AllSupplied,
    /// The tier fills all the room a limit leaves it (exact).
    LimitRoom(Limit),
    /// Nothing is left to choose (closeness when the choice is settled).
    Determined,
    /// The searched tier's exact certificate: a dual bound of its linear relaxation,
    /// recomputed in integers and rounded down to the sums its parcels can reach, equals
    /// the area supplied (`certificate.rs`).
    Search,
    /// The search stopped early: the figure may be below the optimum by up to the gap.
    Gap,
}

impl Proof {
    pub fn is_optimal(self) -> bool {
        self != Proof::Gap
    }
}

/// One tier's outcome.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TierResult {
    pub tier: u32,
    /// The area of the tier's parcels that may be supplied this year.
    pub eligible: Decimal,
    pub supplied: Decimal,
    /// No whole-parcel plan supplies more of this tier (exact decimal).
    pub bound: Decimal,
    pub proof: Proof,
}

/// Why a parcel is not supplied this year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "limit", rename_all = "snake_case")]
pub enum Deferral {
    /// No planned cell of its town and category (五（一）: 未列入计划的地块，原则上不予办理土地供应手续).
    OutsidePlan,
    /// Not ready within the plan's year (五（四）).
    NotReady,
    /// Supplying it too would break this limit.
    Limit(Limit),
    /// It fits every limit, but the search stopped before it could be placed (its tier
    /// reports a gap).
    NotChosen,
}

/// What the plan does with one parcel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "decision", rename_all = "snake_case")]
pub enum Decision {
    Supplied { quarter: Quarter },
    Deferred { reason: Deferral },
}

/// A certified parcel plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParcelPlan {
    /// Per parcel, in file order.
    pub decisions: Vec<Decision>,
    pub tiers: Vec<TierResult>,
    /// Per scenario cell: the area of its supplied parcels.
    pub cells: Vec<Decimal>,
    /// Sum over cells of |parcels supplied - published figure|.
    pub distance: Decimal,
    pub distance_proof: Proof,
    pub schedule: Schedule,
    /// How many stages went to the mixed-integer search (the others were exact shortcuts).
    pub searched: usize,
}

/// No whole-parcel plan keeps every limit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Infeasible {
    /// The limits the best attempt breaks, and by how much.
    pub breaches: Vec<(Limit, Decimal)>,
    /// True when the committed parcels alone already break an upper limit, or even every
    /// eligible parcel together cannot reach a lower one: no search could do better.
    pub confirmed: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum PlanOutcome {
    Planned(Box<ParcelPlan>),
    Infeasible(Infeasible),
}

/// A plan the exact check refused: a defect of the planner, never shown as an answer.
#[derive(Debug, thiserror::Error)]
#[error("the parcel plan failed its exact check ({0} limits broken); this is a bug in landplan")]
pub struct Uncertified(pub usize);

/// Why `plan_with` gave no outcome.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    #[error(transparent)]
    Uncertified(#[from] Uncertified),
    /// The solver asked for is not in this build.
    #[error(transparent)]
    Backend(#[from] BackendError),
}

/// The backend `Solver::Auto` picks for parcel plans: HiGHS's MIP when the build has it (as
/// issue #17 asks; its timing against microlp is in docs/performance.md "Parcel plans" once
/// measured), else microlp. Either way the answer gets the same exact checks and certificate.
pub fn auto_backend() -> Backend {
    if Backend::Highs.available() {
        Backend::Highs
    } else {
        Backend::Microlp
    }
}

/// Everything the stages share.
struct Context<'a> {
    scenario: &'a Scenario,
    parcels: &'a [Parcel],
    eligible: Vec<bool>,
    tier_of: Vec<u32>,
    limits: Limits,
    by_parcel: Vec<Vec<(usize, Decimal)>>,
    scale: u32,
    backend: Backend,
}

type Choice = Vec<Option<Quarter>>;

/// Plans the supply of a scenario's parcels with the solver `Solver::Auto` picks
/// (`auto_backend`).
pub fn plan(
    scenario: &Scenario,
    parcels: &Parcels,
    options: PlanOptions,
) -> Result<PlanOutcome, Uncertified> {
    run(scenario, parcels, options, auto_backend())
}

/// Plans the supply of a scenario's parcels with a chosen solver: an error when this build
/// lacks it, never a silent substitute. Every answer gets the same exact checks and
/// certificates whichever solver found it.
pub fn plan_with(
    scenario: &Scenario,
    parcels: &Parcels,
    options: PlanOptions,
    solver: Solver,
) -> Result<PlanOutcome, PlanError> {
    let backend = match solver {
        Solver::Auto => auto_backend(),
        Solver::Use(backend) if backend.available() => backend,
        Solver::Use(backend) => return Err(backend.missing().into()),
    };
    Ok(run(scenario, parcels, options, backend)?)
}

fn run(
    scenario: &Scenario,
    parcels: &Parcels,
    options: PlanOptions,
    backend: Backend,
) -> Result<PlanOutcome, Uncertified> {
    let started = Instant::now();
    let budget = options.budget(parcels.parcels.len());
    let context = Context::new(scenario, parcels, backend);
    if let Some(infeasible) = context.committed_breaches() {
        return Ok(PlanOutcome::Infeasible(infeasible));
    }
    let greedy = context.greedy();
    let mut best = context.keeps_limits(&greedy).then_some(greedy.clone());
    let model = context.model();
    let tiers = scenario.tiers();
    let relaxation = context.relaxation(&tiers);
    let mut held: Vec<(u32, Decimal)> = Vec::new();
    let mut results = Vec::new();
    let mut searched = 0;
    for (done, &tier) in tiers.iter().enumerate() {
        let bound = context.tier_bound(tier, &held);
        if let Some(choice) = &mut best {
            context.fill(choice, tier);
        }
        let won = best.as_ref().map(|c| context.tier_area(c, tier));
        let (proof, searched_tier) = match won {
            Some(won) if won == bound.0 => (bound.1, false),
            _ => {
                searched += 1;
                let stages_left = (tiers.len() - done + 1) as u32;
                let limit = budget.saturating_sub(started.elapsed()) / stages_left;
                let stage = model.solve(
                    Objective::Tier(tier),
                    &held,
                    best.as_deref(),
                    limit.max(Duration::from_millis(5)),
                );
                let choice = stage.ok().map(|result| result.quarters);
                if let Some(choice) =
                    choice.filter(|c| context.improves(c, best.as_ref(), tier, &held))
                {
                    best = Some(choice);
                }
                (Proof::Gap, true)
            }
        };
        let Some(choice) = &best else {
            return Ok(PlanOutcome::Infeasible(context.infeasible(&greedy)));
        };
        let supplied = context.tier_area(choice, tier);
        let certified = searched_tier.then(|| {
            relaxation
                .as_ref()
                .and_then(|r| r.bound(done, choice, context.backend))
        });
        let result = context.tier_result(tier, supplied, bound, proof, certified);
        held.push((tier, supplied));
        results.push(result);
    }
    let mut choice = best.expect("every tier found a feasible choice");
    let distance_proof = context.closer(
        &model,
        &held,
        &mut choice,
        &results,
        budget.saturating_sub(started.elapsed()),
        &mut searched,
    );
    let schedule = schedule(context.parcels, &context.limits, &choice, context.scale);
    context.certify(&schedule.quarters)?;
    let cells = context.cell_totals(&schedule.quarters);
    Ok(PlanOutcome::Planned(Box::new(ParcelPlan {
        decisions: context.decisions(&schedule.quarters),
        tiers: results,
        distance: context.distance(&cells),
        cells,
        distance_proof,
        schedule,
        searched,
    })))
}

impl<'a> Context<'a> {
    fn new(scenario: &'a Scenario, parcels: &'a Parcels, backend: Backend) -> Self {
        let list = &parcels.parcels;
        let eligible: Vec<bool> = list
            .iter()
            .map(|p| {
                let planned = scenario
                    .cell_index(p.town, p.category)
                    .is_some_and(|c| scenario.cells[c].plan > Decimal::ZERO);
                planned && p.ready != Readiness::AfterYear
            })
            .collect();
        let limits = Limits::new(scenario, parcels, &eligible);
        let scale = list
            .iter()
            .map(|p| p.area.normalize().scale())
            .chain(parcels.quarters.iter().map(|q| q.max.normalize().scale()))
            .fold(scenario.scale(), u32::max);
        Context {
            scenario,
            parcels: list,
            tier_of: list
                .iter()
                .map(|p| scenario.category(p.category).tier)
                .collect(),
            by_parcel: limits.by_parcel(list.len()),
            eligible,
            limits,
            scale,
            backend,
        }
    }

    fn relaxation(&self, tiers: &[u32]) -> Option<Relaxation> {
        Relaxation::new(&certificate::Plan {
            parcels: self.parcels,
            eligible: &self.eligible,
            tier_of: &self.tier_of,
            limits: &self.limits,
            tiers,
            decimals: self.scale,
        })
    }

    fn model(&self) -> Model<'_> {
        Model {
            parcels: self.parcels,
            eligible: &self.eligible,
            tier_of: &self.tier_of,
            limits: &self.limits,
            cells: &[],
            half_unit: self.half_unit(),
            backend: self.backend,
        }
    }

    fn half_unit(&self) -> f64 {
        0.5 * 10f64.powi(-(self.scale as i32))
    }

    fn keeps_limits(&self, choice: &[Option<Quarter>]) -> bool {
        self.limits.breaches(choice).is_empty()
            && (0..self.parcels.len())
                .all(|p| !self.parcels[p].committed || !self.eligible[p] || choice[p].is_some())
    }

    /// The committed parcels alone, each in its ready quarter, against the upper limits that
    /// no other parcel can relieve (all weights >= 0, not quarterly): a breach there is
    /// infeasibility confirmed.
    fn committed_breaches(&self) -> Option<Infeasible> {
        let choice: Choice = self
            .parcels
            .iter()
            .enumerate()
            .map(|(p, parcel)| match parcel.ready {
                Readiness::From(q) if parcel.committed && self.eligible[p] => Some(q),
                _ => None,
            })
            .collect();
        let breaches: Vec<(Limit, Decimal)> = self
            .limits
            .rows
            .iter()
            .filter(|r| r.sense == Sense::AtMost && r.quarter.is_none())
            .filter(|r| r.terms.iter().all(|(_, w)| *w >= Decimal::ZERO))
            .filter_map(|r| {
                let slack = r.slack_at(r.lhs(&choice));
                (slack < Decimal::ZERO).then_some((r.limit, -slack))
            })
            .collect();
        (!breaches.is_empty()).then_some(Infeasible {
            breaches,
            confirmed: true,
        })
    }

    /// Committed parcels first, then tier by tier the largest parcels that keep every limit
    /// (a lower limit not yet met never stops a parcel).
    fn greedy(&self) -> Choice {
        let mut lhs = vec![Decimal::ZERO; self.limits.rows.len()];
        let mut choice: Choice = vec![None; self.parcels.len()];
        let mut order: Vec<usize> = (0..self.parcels.len())
            .filter(|&p| self.eligible[p])
            .collect();
        order.sort_by(|&a, &b| {
            let (pa, pb) = (&self.parcels[a], &self.parcels[b]);
            (
                !pa.committed,
                self.tier_of[a],
                std::cmp::Reverse(pa.area),
                a,
            )
                .cmp(&(
                    !pb.committed,
                    self.tier_of[b],
                    std::cmp::Reverse(pb.area),
                    b,
                ))
        });
        let (committed, rest): (Vec<usize>, Vec<usize>) =
            order.into_iter().partition(|&p| self.parcels[p].committed);
        for p in committed {
            let quarter = self.room(p, &lhs).unwrap_or_else(|| self.ready(p));
            self.take(p, quarter, &mut lhs, &mut choice);
        }
        self.meet_minimums(&mut lhs, &mut choice);
        for p in rest {
            if choice[p].is_some() {
                continue;
            }
            if let Some(quarter) = self.room(p, &lhs) {
                self.take(p, quarter, &mut lhs, &mut choice);
            }
        }
        choice
    }

    /// Before the tiers take their parcels: each at-least row of the year (a cell's committed
    /// figure, a rule's minimum) given its parcels, largest first, until it is met, where
    /// they keep every other limit. Without this a lower tier's committed cell can find the
    /// cap spent by the higher tiers, and the search starts from no plan at all.
    fn meet_minimums(&self, lhs: &mut [Decimal], choice: &mut Choice) {
        for (r, row) in self.limits.rows.iter().enumerate() {
            if row.sense != Sense::AtLeast || row.quarter.is_some() {
                continue;
            }
            let mut candidates: Vec<(usize, Decimal)> = row
                .terms
                .iter()
                .filter(|&&(p, w)| self.eligible[p] && w > Decimal::ZERO)
                .copied()
                .collect();
            candidates.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            for (p, _) in candidates {
                if lhs[r] >= row.rhs {
                    break;
                }
                if choice[p].is_some() {
                    continue;
                }
                if let Some(quarter) = self.room(p, lhs) {
                    self.take(p, quarter, lhs, choice);
                }
            }
        }
    }

    /// Adds the tier's unchosen parcels, largest first, that keep every limit: a search for
    /// an earlier tier may have dropped some, and adding never lowers a held tier.
    fn fill(&self, choice: &mut Choice, tier: u32) {
        let mut lhs = self.limits.lhs(choice);
        let mut order: Vec<usize> = (0..self.parcels.len())
            .filter(|&p| self.eligible[p] && self.tier_of[p] == tier && choice[p].is_none())
            .collect();
        order.sort_by(|&a, &b| {
            self.parcels[b]
                .area
                .cmp(&self.parcels[a].area)
                .then(a.cmp(&b))
        });
        for p in order {
            if let Some(quarter) = self.room(p, &lhs) {
                self.take(p, quarter, &mut lhs, choice);
            }
        }
    }

    fn ready(&self, p: usize) -> Quarter {
        match self.parcels[p].ready {
            Readiness::From(q) => q,
            Readiness::AfterYear => Quarter::ALL[3],
        }
    }

    /// The earliest quarter in which parcel `p` keeps every limit, given the rows' sums.
    fn room(&self, p: usize, lhs: &[Decimal]) -> Option<Quarter> {
        let fits = |quarter: Option<Quarter>| {
            self.by_parcel[p].iter().all(|&(r, w)| {
                let row = &self.limits.rows[r];
                if row.quarter.is_some() && row.quarter != quarter {
                    return true;
                }
                let after = row.slack_at(lhs[r] + w);
                after >= Decimal::ZERO || after >= row.slack_at(lhs[r])
            })
        };
        self.ready(p).onwards().find(|&q| fits(Some(q)))
    }

    fn take(&self, p: usize, quarter: Quarter, lhs: &mut [Decimal], choice: &mut Choice) {
        for &(r, w) in &self.by_parcel[p] {
            let row = &self.limits.rows[r];
            if row.quarter.is_none() || row.quarter == Some(quarter) {
                lhs[r] += w;
            }
        }
        choice[p] = Some(quarter);
    }

    fn tier_area(&self, choice: &[Option<Quarter>], tier: u32) -> Decimal {
        (0..self.parcels.len())
            .filter(|&p| self.tier_of[p] == tier && choice[p].is_some())
            .map(|p| self.parcels[p].area)
            .sum()
    }

    fn eligible_area(&self, tier: u32) -> Decimal {
        (0..self.parcels.len())
            .filter(|&p| self.tier_of[p] == tier && self.eligible[p])
            .map(|p| self.parcels[p].area)
            .sum()
    }

    /// An exact upper bound on the tier's area, with what proves it when it is reached:
    /// all its eligible parcels, or for an upper limit that counts every parcel of the tier
    /// at its area (the cap, say) the room left by the tiers held before it (when the limit
    /// counts all of their parcels at their area too) and the committed parcels of the
    /// other tiers; within that room, only the parcels that fit in it alone.
    fn tier_bound(&self, tier: u32, held: &[(u32, Decimal)]) -> (Decimal, Proof) {
        let mut best = (self.eligible_area(tier), Proof::AllSupplied);
        let members = |t: u32| {
            (0..self.parcels.len()).filter(move |&p| self.tier_of[p] == t && self.eligible[p])
        };
        for row in &self.limits.rows {
            let plain = row.sense == Sense::AtMost
                && row.quarter.is_none()
                && row.terms.iter().all(|(_, w)| *w >= Decimal::ZERO);
            let counts_all = |t: u32| members(t).all(|p| row.weight(p) == self.parcels[p].area);
            if !plain || !counts_all(tier) {
                continue;
            }
            let held_tiers: Vec<u32> = held
                .iter()
                .filter(|(t, _)| counts_all(*t))
                .map(|(t, _)| *t)
                .collect();
            let held_area: Decimal = held
                .iter()
                .filter(|(t, _)| held_tiers.contains(t))
                .map(|(_, a)| *a)
                .sum();
            let committed: Decimal = row
                .terms
                .iter()
                .filter(|(p, _)| {
                    self.parcels[*p].committed
                        && self.tier_of[*p] != tier
                        && !held_tiers.contains(&self.tier_of[*p])
                })
                .map(|(_, w)| *w)
                .sum();
            let room = row.rhs - held_area - committed;
            let own_committed: Decimal = members(tier)
                .filter(|&p| self.parcels[p].committed)
                .map(|p| self.parcels[p].area)
                .sum();
            let fitting: Decimal = members(tier)
                .filter(|&p| {
                    self.parcels[p].committed || self.parcels[p].area <= room - own_committed
                })
                .map(|p| self.parcels[p].area)
                .sum();
            let bound = room.min(fitting).max(own_committed);
            if bound < best.0 {
                best = (bound, Proof::LimitRoom(row.limit));
            }
        }
        best
    }

    /// Whether a search's choice is better for `tier` than the best so far, keeps every limit
    /// exactly and holds the tiers before it.
    fn improves(
        &self,
        choice: &[Option<Quarter>],
        best: Option<&Choice>,
        tier: u32,
        held: &[(u32, Decimal)],
    ) -> bool {
        self.keeps_limits(choice)
            && held
                .iter()
                .all(|(t, won)| self.tier_area(choice, *t) >= *won)
            && best.map_or(true, |b| {
                self.tier_area(choice, tier) > self.tier_area(b, tier)
            })
    }

    fn tier_result(
        &self,
        tier: u32,
        supplied: Decimal,
        (bound, exact): (Decimal, Proof),
        proof: Proof,
        certified: Option<Option<Decimal>>,
    ) -> TierResult {
        let eligible = self.eligible_area(tier);
        let (bound, proof) = match certified {
            None => (bound, proof),
            Some(_) if supplied == eligible => (supplied, Proof::AllSupplied),
            Some(_) if supplied == bound => (supplied, exact),
            Some(Some(b)) if b <= supplied => (supplied, Proof::Search),
            Some(Some(b)) => (bound.min(b).max(supplied), Proof::Gap),
            Some(None) => (bound, Proof::Gap),
        };
        TierResult {
            tier,
            eligible,
            supplied,
            bound,
            proof,
        }
    }

    /// The cells that hold eligible parcels, with their published figures.
    fn cells(&self) -> Vec<(usize, Decimal)> {
        let mut cells: Vec<usize> = (0..self.parcels.len())
            .filter(|&p| self.eligible[p])
            .filter_map(|p| self.limits.cell_of[p])
            .collect();
        cells.sort_unstable();
        cells.dedup();
        cells
            .into_iter()
            .map(|c| (c, self.scenario.cells[c].plan))
            .collect()
    }

    /// Moves the choice closer to the published cells, tiers held. Nothing to do when every
    /// tier is fully supplied, or when no cell's parcels can exceed its figure (then the
    /// distance is the published total less the supply, which the tiers already fix).
    fn closer(
        &self,
        model: &Model<'_>,
        held: &[(u32, Decimal)],
        choice: &mut Choice,
        tiers: &[TierResult],
        budget: Duration,
        searched: &mut usize,
    ) -> Proof {
        let cells = self.cells();
        let settled = tiers.iter().all(|t| t.proof == Proof::AllSupplied);
        let cannot_exceed = cells.iter().all(|(c, plan)| {
            let most: Decimal = (0..self.parcels.len())
                .filter(|&p| self.eligible[p] && self.limits.cell_of[p] == Some(*c))
                .map(|p| self.parcels[p].area)
                .sum();
            most <= *plan
        });
        if settled || cannot_exceed {
            return Proof::Determined;
        }
        *searched += 1;
        let model = Model {
            cells: &cells,
            ..*model
        };
        let Ok(result) = model.solve(
            Objective::Closeness,
            held,
            Some(choice),
            budget.max(Duration::from_millis(5)),
        ) else {
            return Proof::Gap;
        };
        let before = self.distance(&self.cell_totals(choice));
        let holds = held
            .iter()
            .all(|(t, won)| self.tier_area(&result.quarters, *t) >= *won);
        if self.keeps_limits(&result.quarters)
            && holds
            && self.distance(&self.cell_totals(&result.quarters)) < before
        {
            *choice = result.quarters;
        }
        if result.closed {
            Proof::Search
        } else {
            Proof::Gap
        }
    }

    fn cell_totals(&self, choice: &[Option<Quarter>]) -> Vec<Decimal> {
        let mut cells = vec![Decimal::ZERO; self.scenario.cells.len()];
        for (p, quarter) in choice.iter().enumerate() {
            if let (Some(_), Some(c)) = (quarter, self.limits.cell_of[p]) {
                cells[c] += self.parcels[p].area;
            }
        }
        cells
    }

    fn distance(&self, cells: &[Decimal]) -> Decimal {
        self.scenario
            .cells
            .iter()
            .zip(cells)
            .map(|(cell, supplied)| (*supplied - cell.plan).abs())
            .sum()
    }

    /// The exact check: every limit kept, every quarter at or after readiness, every
    /// committed eligible parcel supplied, nothing ineligible supplied.
    fn certify(&self, quarters: &[Option<Quarter>]) -> Result<(), Uncertified> {
        let breaches = self.limits.breaches(quarters).len();
        let misplaced = self.parcels.iter().enumerate().filter(|(p, parcel)| {
            match (quarters[*p], parcel.ready) {
                (Some(_), _) if !self.eligible[*p] => true,
                (Some(q), Readiness::From(ready)) => q < ready,
                (None, _) => parcel.committed && self.eligible[*p],
                (Some(_), Readiness::AfterYear) => true,
            }
        });
        match breaches + misplaced.count() {
            0 => Ok(()),
            n => Err(Uncertified(n)),
        }
    }

    fn decisions(&self, quarters: &[Option<Quarter>]) -> Vec<Decision> {
        let lhs = self.limits.lhs(quarters);
        (0..self.parcels.len())
            .map(|p| match quarters[p] {
                Some(quarter) => Decision::Supplied { quarter },
                None => Decision::Deferred {
                    reason: self.deferral(p, &lhs),
                },
            })
            .collect()
    }

    /// The first limit that supplying parcel `p` too would break (in the order of the
    /// limits: cap, categories, towns, rules, cells, quarters); a quarterly limit defers it
    /// only when it blocks every quarter from the parcel's ready quarter on.
    fn deferral(&self, p: usize, lhs: &[Decimal]) -> Deferral {
        if self.parcels[p].ready == Readiness::AfterYear {
            return Deferral::NotReady;
        }
        if !self.eligible[p] {
            return Deferral::OutsidePlan;
        }
        let breaks = |r: usize, w: Decimal| {
            let row = &self.limits.rows[r];
            let after = row.slack_at(lhs[r] + w);
            after < Decimal::ZERO && after < row.slack_at(lhs[r])
        };
        let plain = self.by_parcel[p]
            .iter()
            .find(|&&(r, w)| self.limits.rows[r].quarter.is_none() && breaks(r, w));
        if let Some(&(r, _)) = plain {
            return Deferral::Limit(self.limits.rows[r].limit);
        }
        let blocking = |q: Quarter| {
            self.by_parcel[p]
                .iter()
                .find(|&&(r, w)| self.limits.rows[r].quarter == Some(q) && breaks(r, w))
                .map(|&(r, _)| self.limits.rows[r].limit)
        };
        let blocked: Option<Vec<Limit>> = self.ready(p).onwards().map(blocking).collect();
        match blocked {
            Some(limits) => Deferral::Limit(limits[0]),
            None => Deferral::NotChosen,
        }
    }

    /// The limits the best attempt breaks; confirmed when even every eligible parcel
    /// together cannot reach a lower limit whose weights are all >= 0.
    fn infeasible(&self, attempt: &[Option<Quarter>]) -> Infeasible {
        let everything: Choice = (0..self.parcels.len())
            .map(|p| self.eligible[p].then(|| self.ready(p)))
            .collect();
        let unreachable = self.limits.rows.iter().any(|r| {
            r.sense == Sense::AtLeast
                && r.quarter.is_none()
                && r.terms.iter().all(|(_, w)| *w >= Decimal::ZERO)
                && r.lhs(&everything) < r.rhs
        });
        Infeasible {
            breaches: self.limits.breaches(attempt),
            confirmed: unreachable,
        }
    }
}
