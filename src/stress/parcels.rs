//! The whole-parcel plan inside a stress run: readiness slips (五（四）) drawn beside the demand
//! shocks, and each sample's parcel plan counted into mergeable statistics.
//!
//! Input: the scenario's `Parcels`, the slip rows of `uncertainty.csv` (`slips::SlipPlan`) and
//! the plan's search budget (`PlanOptions`, per sample); then, per sample, the sample's
//! shocked scenario (its demands drawn as the cell path draws them) and its number. Output:
//! `ParcelStats`, exact integer counts and sums and one supply histogram per tier, added up
//! and merged like `stats::Stats` (threads, shards: the same bytes in any order), and the
//! `ParcelSummary` they give: per tier the supply quantiles, mean and how often it reaches the
//! unshocked parcel plan's; per parcel how often it slipped, was supplied and was deferred,
//! with each deferring limit. A sample with no whole-parcel plan is counted infeasible only
//! when the planner confirms it (the committed parcels alone break a limit, or every eligible
//! parcel together cannot reach one), after a second search with a larger budget; otherwise it
//! is counted unsettled, never claimed infeasible. Nothing here renders.

use super::slips::SlipPlan;
use super::stats::{from_units, to_units, Histogram};
use super::{QuantileSummary, StressError};
use crate::constraints::ConstraintId;
use crate::parcels::{plan, Decision, Deferral, Limit, Parcels, PlanOptions, PlanOutcome, Proof};
use crate::scenario::{CategoryId, Scenario, TownId};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A sample whose plan was not found in its budget is searched again with this many times
/// the budget before it is counted unsettled.
const RETRY: u32 = 8;

/// Why a parcel was deferred in a sample: `parcels::Deferral` in a form a shard document can
/// store and read back (categories, towns, rules, cells and quarterly rows by index).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", content = "index", rename_all = "snake_case")]
pub enum Reason {
    OutsidePlan,
    NotReady,
    NotChosen,
    Cap,
    CategoryMin(usize),
    CategoryMax(usize),
    TownCapacity(usize),
    Rule(usize),
    NewQuota,
    CellDemand(usize),
    CellCommitted(usize),
    Quarter(usize),
}

impl Reason {
    pub fn of(deferral: Deferral) -> Reason {
        match deferral {
            Deferral::OutsidePlan => Reason::OutsidePlan,
            Deferral::NotReady => Reason::NotReady,
            Deferral::NotChosen => Reason::NotChosen,
            Deferral::Limit(Limit::Scenario(id)) => match id {
                ConstraintId::Cap => Reason::Cap,
                ConstraintId::CategoryMin(c) => Reason::CategoryMin(c.0),
                ConstraintId::CategoryMax(c) => Reason::CategoryMax(c.0),
                ConstraintId::TownCapacity(t) => Reason::TownCapacity(t.0),
                ConstraintId::Rule(r) => Reason::Rule(r),
                ConstraintId::NewQuota => Reason::NewQuota,
            },
            Deferral::Limit(Limit::CellDemand(c)) => Reason::CellDemand(c),
            Deferral::Limit(Limit::CellCommitted(c)) => Reason::CellCommitted(c),
            Deferral::Limit(Limit::Quarter(q)) => Reason::Quarter(q),
        }
    }

    /// The deferral back (indexes as the scenario and parcels number them).
    pub fn deferral(self) -> Deferral {
        let scenario = |id| Deferral::Limit(Limit::Scenario(id));
        match self {
            Reason::OutsidePlan => Deferral::OutsidePlan,
            Reason::NotReady => Deferral::NotReady,
            Reason::NotChosen => Deferral::NotChosen,
            Reason::Cap => scenario(ConstraintId::Cap),
            Reason::CategoryMin(c) => scenario(ConstraintId::CategoryMin(CategoryId(c))),
            Reason::CategoryMax(c) => scenario(ConstraintId::CategoryMax(CategoryId(c))),
            Reason::TownCapacity(t) => scenario(ConstraintId::TownCapacity(TownId(t))),
            Reason::Rule(r) => scenario(ConstraintId::Rule(r)),
            Reason::NewQuota => scenario(ConstraintId::NewQuota),
            Reason::CellDemand(c) => Deferral::Limit(Limit::CellDemand(c)),
            Reason::CellCommitted(c) => Deferral::Limit(Limit::CellCommitted(c)),
            Reason::Quarter(q) => Deferral::Limit(Limit::Quarter(q)),
        }
    }
}

/// How often one reason deferred a parcel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReasonCount {
    pub reason: Reason,
    pub count: u64,
}

/// A tier's parcel supply over the planned samples.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParcelTierStats {
    pub tier: u32,
    /// Samples whose supply of the tier reaches the unshocked parcel plan's.
    pub full: u64,
    pub supply_sum: i128,
    pub supply: Histogram,
}

/// A parcel over the samples.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParcelCount {
    /// Samples (all of them) in which its readiness slipped.
    pub slipped: u64,
    /// Planned samples in which it was supplied.
    pub supplied: u64,
    /// Planned samples in which it was deferred, by reason (sorted by reason).
    pub deferred: Vec<ReasonCount>,
}

impl ParcelCount {
    fn add(&mut self, reason: Reason, count: u64) {
        match self.deferred.binary_search_by_key(&reason, |r| r.reason) {
            Ok(at) => self.deferred[at].count += count,
            Err(at) => self.deferred.insert(at, ReasonCount { reason, count }),
        }
    }

    /// Planned samples in which it was deferred.
    pub fn deferred_total(&self) -> u64 {
        self.deferred.iter().map(|r| r.count).sum()
    }
}

/// Everything the parcel plans of a run have counted so far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParcelStats {
    /// Decimals of the units (the scenario's, or the parcels' areas' when they have more).
    pub scale: u32,
    /// The unshocked parcel plan's supply per tier, in units (`None`: it has no plan).
    pub planned: Option<Vec<i128>>,
    /// Samples with no whole-parcel plan, confirmed.
    pub infeasible: u64,
    /// Samples whose search found no plan in its budget (infeasibility not proven).
    pub unsettled: u64,
    /// Planned samples in which some search stopped at its time limit (their figures then
    /// depend on the machine's speed).
    pub gaps: u64,
    pub tiers: Vec<ParcelTierStats>,
    pub parcels: Vec<ParcelCount>,
}

/// What is fixed before sampling: the units, the unshocked plan and each tier's greatest
/// possible supply (every parcel of the tier).
#[derive(Debug, Clone, PartialEq)]
pub struct ParcelLayout {
    pub scale: u32,
    pub planned: Option<Vec<i128>>,
    /// (tier, its greatest possible supply), in tier order.
    pub tier_high: Vec<(u32, i128)>,
    pub parcels: usize,
}

impl ParcelStats {
    pub fn new(layout: &ParcelLayout) -> ParcelStats {
        ParcelStats {
            scale: layout.scale,
            planned: layout.planned.clone(),
            infeasible: 0,
            unsettled: 0,
            gaps: 0,
            tiers: layout
                .tier_high
                .iter()
                .map(|&(tier, high)| ParcelTierStats {
                    tier,
                    full: 0,
                    supply_sum: 0,
                    supply: Histogram::new(0, high),
                })
                .collect(),
            parcels: vec![
                ParcelCount {
                    slipped: 0,
                    supplied: 0,
                    deferred: Vec::new(),
                };
                layout.parcels
            ],
        }
    }

    /// Adds another range's counts (threads or shards of the same run).
    pub fn merge(mut self, other: &ParcelStats) -> ParcelStats {
        assert_eq!(self.scale, other.scale, "merged runs share a precision");
        self.infeasible += other.infeasible;
        self.unsettled += other.unsettled;
        self.gaps += other.gaps;
        for (a, b) in self.tiers.iter_mut().zip(&other.tiers) {
            a.full += b.full;
            a.supply_sum += b.supply_sum;
            a.supply.merge(&b.supply);
        }
        for (a, b) in self.parcels.iter_mut().zip(&other.parcels) {
            a.slipped += b.slipped;
            a.supplied += b.supplied;
            for r in &b.deferred {
                a.add(r.reason, r.count);
            }
        }
        self
    }

    /// Samples with a parcel plan, of `samples`.
    pub fn planned_samples(&self, samples: u64) -> u64 {
        samples.saturating_sub(self.infeasible + self.unsettled)
    }

    fn record(&mut self, outcome: &SampleOutcome, slipped: &[bool]) {
        for (count, &s) in self.parcels.iter_mut().zip(slipped) {
            count.slipped += u64::from(s);
        }
        let plan = match outcome {
            SampleOutcome::Planned(plan) => plan,
            SampleOutcome::Infeasible => {
                self.infeasible += 1;
                return;
            }
            SampleOutcome::Unsettled => {
                self.unsettled += 1;
                return;
            }
        };
        let gap =
            plan.tiers.iter().any(|t| t.proof == Proof::Gap) || plan.distance_proof == Proof::Gap;
        self.gaps += u64::from(gap);
        for (t, (stats, tier)) in self.tiers.iter_mut().zip(&plan.tiers).enumerate() {
            let supplied = to_units(tier.supplied, self.scale);
            let planned = self.planned.as_ref().map(|p| p[t]);
            stats.full += u64::from(planned.is_some_and(|p| supplied >= p));
            stats.supply_sum += supplied;
            stats.supply.add(supplied);
        }
        for (count, decision) in self.parcels.iter_mut().zip(&plan.decisions) {
            match decision {
                Decision::Supplied { .. } => count.supplied += 1,
                Decision::Deferred { reason } => count.add(Reason::of(*reason), 1),
            }
        }
    }
}

enum SampleOutcome {
    Planned(Box<crate::parcels::ParcelPlan>),
    Infeasible,
    Unsettled,
}

/// The parcels, their slips and the budget of each sample's plan.
#[derive(Debug, Clone)]
pub struct ParcelRun {
    pub parcels: Parcels,
    pub slips: SlipPlan,
    /// Each sample's plan's search budget.
    pub options: PlanOptions,
}

impl ParcelRun {
    /// The units, the unshocked plan (declared demands, no slip) and the histogram ranges.
    pub fn layout(&self, scenario: &Scenario) -> Result<ParcelLayout, StressError> {
        let scale = self
            .parcels
            .parcels
            .iter()
            .map(|p| p.area.scale())
            .max()
            .unwrap_or(0)
            .max(scenario.scale());
        let tiers = scenario.tiers();
        let tier_high = tiers
            .iter()
            .map(|&tier| {
                let area: Decimal = self
                    .parcels
                    .parcels
                    .iter()
                    .filter(|p| scenario.category(p.category).tier == tier)
                    .map(|p| p.area)
                    .sum();
                (tier, to_units(area, scale))
            })
            .collect();
        let unshocked =
            plan(scenario, &self.parcels, self.options).map_err(|source| StressError::Parcels {
                sample: None,
                source,
            })?;
        let planned = match unshocked {
            PlanOutcome::Planned(plan) => Some(
                plan.tiers
                    .iter()
                    .map(|t| to_units(t.supplied, scale))
                    .collect(),
            ),
            PlanOutcome::Infeasible(_) => None,
        };
        Ok(ParcelLayout {
            scale,
            planned,
            tier_high,
            parcels: self.parcels.parcels.len(),
        })
    }

    /// Draws sample `sample`'s slips, plans the parcels on its shocked scenario and counts it.
    pub fn record(
        &self,
        shocked: &Scenario,
        seed: u64,
        sample: u64,
        stats: &mut ParcelStats,
    ) -> Result<(), StressError> {
        let readiness = self.slips.readiness(&self.parcels, seed, sample);
        let slipped: Vec<bool> = readiness.iter().map(|(_, s)| *s).collect();
        let parcels = super::slips::slipped(&self.parcels, &readiness);
        let outcome = self.plan(shocked, &parcels, sample)?;
        stats.record(&outcome, &slipped);
        Ok(())
    }

    /// The sample's plan; a plan not found in the budget is searched again with `RETRY` times
    /// the budget before the sample is called infeasible (confirmed) or unsettled.
    fn plan(
        &self,
        shocked: &Scenario,
        parcels: &Parcels,
        sample: u64,
    ) -> Result<SampleOutcome, StressError> {
        let fail = |source| StressError::Parcels {
            sample: Some(sample),
            source,
        };
        let mut options = self.options;
        for attempt in 0..2 {
            match plan(shocked, parcels, options).map_err(fail)? {
                PlanOutcome::Planned(plan) => return Ok(SampleOutcome::Planned(plan)),
                PlanOutcome::Infeasible(i) if i.confirmed => return Ok(SampleOutcome::Infeasible),
                PlanOutcome::Infeasible(_) if attempt == 0 => {
                    let budget = options.budget(parcels.parcels.len());
                    options.time_limit = Some(budget.saturating_mul(RETRY));
                }
                PlanOutcome::Infeasible(_) => {}
            }
        }
        Ok(SampleOutcome::Unsettled)
    }
}

/// A tier's parcel supply over the planned samples.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParcelTierSummary {
    pub tier: u32,
    /// The unshocked parcel plan's supply (`None`: it has no plan).
    pub planned: Option<Decimal>,
    /// Samples whose supply reaches `planned`.
    pub full: u64,
    pub mean: Decimal,
    pub supply: QuantileSummary,
}

/// A parcel over the samples.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParcelSummary {
    /// Index into `Parcels::parcels`.
    pub parcel: usize,
    pub slipped: u64,
    pub supplied: u64,
    pub deferred: u64,
    /// Each reason that deferred it and how often, most frequent first.
    pub reasons: Vec<(Deferral, u64)>,
}

/// The parcel plans of a stress run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParcelStressSummary {
    pub infeasible: u64,
    pub unsettled: u64,
    pub gaps: u64,
    /// Samples with a parcel plan.
    pub planned: u64,
    pub tiers: Vec<ParcelTierSummary>,
    pub parcels: Vec<ParcelSummary>,
}

/// The statistics of `samples` samples to the figures the report shows.
pub fn summarise(stats: &ParcelStats, samples: u64) -> ParcelStressSummary {
    let scale = stats.scale;
    let planned = stats.planned_samples(samples);
    let mean = |sum: i128| {
        if planned == 0 {
            Decimal::ZERO
        } else {
            (from_units(sum, scale) / Decimal::from(planned))
                .round_dp(scale)
                .normalize()
        }
    };
    ParcelStressSummary {
        infeasible: stats.infeasible,
        unsettled: stats.unsettled,
        gaps: stats.gaps,
        planned,
        tiers: stats
            .tiers
            .iter()
            .enumerate()
            .map(|(t, s)| ParcelTierSummary {
                tier: s.tier,
                planned: stats.planned.as_ref().map(|p| from_units(p[t], scale)),
                full: s.full,
                mean: mean(s.supply_sum),
                supply: super::quantiles(&s.supply, scale),
            })
            .collect(),
        parcels: stats
            .parcels
            .iter()
            .enumerate()
            .map(|(parcel, c)| {
                let mut reasons: Vec<(Deferral, u64)> = c
                    .deferred
                    .iter()
                    .map(|r| (r.reason.deferral(), r.count))
                    .collect();
                // Most frequent first; ties in the stored (reason) order: stable sort.
                reasons.sort_by_key(|r| std::cmp::Reverse(r.1));
                ParcelSummary {
                    parcel,
                    slipped: c.slipped,
                    supplied: c.supplied,
                    deferred: c.deferred_total(),
                    reasons,
                }
            })
            .collect(),
    }
}

/// Every inconsistency of parcel statistics read from a shard of `samples` samples, with its
/// path (`stats.parcels.tiers[0].full: ...`), against the first shard's.
pub fn problems(stats: &ParcelStats, first: &ParcelStats, samples: u64) -> Vec<String> {
    let mut found = Vec::new();
    let mut add = |path: String, problem: String| found.push(format!("{path}: {problem}"));
    let path = "stats.parcels";
    if (stats.scale, &stats.planned) != (first.scale, &first.planned) {
        add(
            format!("{path}.planned"),
            "another precision or unshocked plan than the first shard's".to_string(),
        );
    }
    if stats.tiers.len() != first.tiers.len() || stats.parcels.len() != first.parcels.len() {
        add(
            path.to_string(),
            "another number of tiers or parcels than the first shard's".to_string(),
        );
        return found;
    }
    let not_planned = stats.infeasible.saturating_add(stats.unsettled);
    if not_planned > samples {
        add(
            format!("{path}.infeasible"),
            format!("{not_planned} samples without a plan exceed the shard's {samples}"),
        );
        return found;
    }
    let planned = samples - not_planned;
    if stats.gaps > planned {
        add(
            format!("{path}.gaps"),
            format!(
                "{} exceeds the shard's {planned} planned samples",
                stats.gaps
            ),
        );
    }
    for (i, (tier, theirs)) in stats.tiers.iter().zip(&first.tiers).enumerate() {
        let h = &tier.supply;
        let bins: u64 = h.bins.values().map(|b| b.count).sum();
        let inside = h.bins.values().all(|b| {
            b.min <= b.max
                && b.min >= h.low
                && b.max <= h.high
                && h.bin_of(b.min) == h.bin_of(b.max)
        });
        let sum_fits = h.count == 0 && tier.supply_sum == 0
            || (tier.supply_sum >= 0
                && tier.supply_sum <= h.high.saturating_mul(i128::from(h.count)));
        if tier.full > planned
            || h.count != planned
            || bins != h.count
            || !inside
            || !sum_fits
            || (tier.tier, h.low, h.high) != (theirs.tier, theirs.supply.low, theirs.supply.high)
        {
            add(
                format!("{path}.tiers[{i}]"),
                format!("does not fit {planned} planned samples over the first shard's range"),
            );
        }
    }
    for (i, parcel) in stats.parcels.iter().enumerate() {
        let sorted = parcel
            .deferred
            .windows(2)
            .all(|w| w[0].reason < w[1].reason);
        if parcel.slipped > samples
            || parcel.supplied.saturating_add(parcel.deferred_total()) != planned
            || !sorted
        {
            add(
                format!("{path}.parcels[{i}]"),
                format!("does not fit {samples} samples, {planned} of them planned"),
            );
        }
    }
    found
}

/// The merged supply sums must stay decimals.
pub fn sums_fit(stats: &ParcelStats) -> Vec<String> {
    stats
        .tiers
        .iter()
        .enumerate()
        .filter(|(_, t)| t.supply_sum.abs() > super::verify::MAX_UNITS)
        .map(|(i, _)| {
            format!("merged parcels.tiers[{i}].supply_sum: too large to show as a decimal")
        })
        .collect()
}

/// A stable fingerprint of the parcels a run plans (FNV-1a of their JSON form): shards of
/// one run plan the same parcels.
pub fn fingerprint(parcels: &Parcels) -> String {
    let json = serde_json::to_vec(&(&parcels.parcels, &parcels.quarters))
        .expect("parcels serialise to JSON");
    crate::load::fnv1a_hex(&json)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_deferral_is_stored_and_read_back_as_itself() {
        let deferrals = [
            Deferral::OutsidePlan,
            Deferral::NotReady,
            Deferral::NotChosen,
            Deferral::Limit(Limit::Scenario(ConstraintId::Cap)),
            Deferral::Limit(Limit::Scenario(ConstraintId::CategoryMin(CategoryId(2)))),
            Deferral::Limit(Limit::Scenario(ConstraintId::CategoryMax(CategoryId(3)))),
            Deferral::Limit(Limit::Scenario(ConstraintId::TownCapacity(TownId(4)))),
            Deferral::Limit(Limit::Scenario(ConstraintId::Rule(5))),
            Deferral::Limit(Limit::Scenario(ConstraintId::NewQuota)),
            Deferral::Limit(Limit::CellDemand(6)),
            Deferral::Limit(Limit::CellCommitted(7)),
            Deferral::Limit(Limit::Quarter(8)),
        ];
        for deferral in deferrals {
            let reason = Reason::of(deferral);
            let json = serde_json::to_string(&reason).unwrap();
            let back: Reason = serde_json::from_str(&json).unwrap();
            assert_eq!(back.deferral(), deferral, "{json}");
        }
    }

    #[test]
    fn counts_by_reason_merge_in_any_order() {
        let count = |reasons: &[(Reason, u64)]| {
            let mut c = ParcelCount {
                slipped: 0,
                supplied: 0,
                deferred: Vec::new(),
            };
            reasons.iter().for_each(|&(r, n)| c.add(r, n));
            c
        };
        let a = count(&[(Reason::Cap, 2), (Reason::NotReady, 1)]);
        let b = count(&[(Reason::NotReady, 3), (Reason::CellDemand(1), 1)]);
        let (mut ab, mut ba) = (a.clone(), b.clone());
        b.deferred.iter().for_each(|r| ab.add(r.reason, r.count));
        a.deferred.iter().for_each(|r| ba.add(r.reason, r.count));
        assert_eq!(ab, ba);
        assert_eq!(ab.deferred_total(), 7);
        assert_eq!(ab.deferred[0].reason, Reason::NotReady);
    }
}
