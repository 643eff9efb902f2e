//! Two whole-parcel plans side by side: the parcel plan of A's scenario against B's.
//!
//! Input: each side's parcel list and plan outcome (`parcels::plan`). Output: a
//! `PlanComparison`: the parcels supplied and deferred, the area supplied and each tier's land
//! on both sides with the delta B - A (the rows of `compare::Delta`, exact), each side's
//! tally (with each tier's proof, so that a gap is never shown as optimal), and the parcels
//! whose decision or quarter changes (`parcels::compare::changes`, A in the place of the
//! base). Plans nothing: the outcomes come certified from `parcels::plan`.

use super::{delta, Delta};
use crate::parcels::compare::{changes, DecisionChange};
use crate::parcels::{Decision, Parcels, PlanOutcome, TierResult};
use rust_decimal::Decimal;
use std::collections::BTreeSet;

/// Row names of the figures besides the tiers (`tier N`).
pub const SUPPLIED_COUNT: &str = "parcels supplied";
pub const DEFERRED_COUNT: &str = "parcels deferred";
pub const AREA: &str = "total";

/// One parcel plan in figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Tally {
    /// Parcels supplied this year.
    pub supplied: usize,
    /// Parcels deferred (outside the plan, not ready, or held back by a limit).
    pub deferred: usize,
    /// The area of the supplied parcels.
    pub area: Decimal,
    /// Each tier's land in whole parcels, with its bound and proof.
    pub tiers: Vec<TierResult>,
}

impl Tally {
    /// The figures of a plan; `None` when the list has no feasible plan.
    pub fn of(outcome: &PlanOutcome) -> Option<Tally> {
        let PlanOutcome::Planned(plan) = outcome else {
            return None;
        };
        let supplied = plan
            .decisions
            .iter()
            .filter(|d| matches!(d, Decision::Supplied { .. }))
            .count();
        Some(Tally {
            supplied,
            deferred: plan.decisions.len() - supplied,
            area: plan.tiers.iter().map(|t| t.supplied).sum(),
            tiers: plan.tiers.clone(),
        })
    }

    /// A tier's land (0 when the plan has no such tier).
    fn tier(&self, tier: u32) -> Decimal {
        self.tiers
            .iter()
            .find(|t| t.tier == tier)
            .map_or(Decimal::ZERO, |t| t.supplied)
    }

    /// The tiers whose figure is not proven optimal, with how far below the optimum they may
    /// be (the exact bound less the figure).
    pub fn gaps(&self) -> Vec<(u32, Decimal)> {
        self.tiers
            .iter()
            .filter(|t| !t.proof.is_optimal())
            .map(|t| (t.tier, t.bound - t.supplied))
            .collect()
    }
}

/// B's parcel plan against A's.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanComparison {
    /// `None`: that side's parcel list has no feasible plan.
    pub a: Option<Tally>,
    pub b: Option<Tally>,
    /// When both sides have a plan: the parcels supplied and deferred (`SUPPLIED_COUNT`,
    /// `DEFERRED_COUNT`), the area supplied (`AREA`) and each tier (`tier N`), in that order.
    /// Shares are of each side's area supplied (none for the counts).
    pub rows: Vec<Delta>,
    /// The parcels whose decision or quarter differs; `base` is A, `whatif` is B.
    pub changes: Vec<DecisionChange>,
}

impl PlanComparison {
    /// Whether either side has no feasible plan.
    pub fn infeasible(&self) -> bool {
        self.a.is_none() || self.b.is_none()
    }
}

/// Compares B's parcel plan with A's.
pub fn compare(a: (&Parcels, &PlanOutcome), b: (&Parcels, &PlanOutcome)) -> PlanComparison {
    let (tally_a, tally_b) = (Tally::of(a.1), Tally::of(b.1));
    let rows = match (&tally_a, &tally_b) {
        (Some(x), Some(y)) => rows(x, y),
        _ => Vec::new(),
    };
    PlanComparison {
        a: tally_a,
        b: tally_b,
        rows,
        changes: changes(a, b),
    }
}

fn rows(a: &Tally, b: &Tally) -> Vec<Delta> {
    let count = |name: &str, x: usize, y: usize| Delta {
        share_a: None,
        share_b: None,
        ..delta(
            name.to_string(),
            x.into(),
            y.into(),
            (Decimal::ZERO, Decimal::ZERO),
        )
    };
    let totals = (a.area, b.area);
    let tiers: BTreeSet<u32> = a.tiers.iter().chain(&b.tiers).map(|t| t.tier).collect();
    let mut rows = vec![
        count(SUPPLIED_COUNT, a.supplied, b.supplied),
        count(DEFERRED_COUNT, a.deferred, b.deferred),
        delta(AREA.to_string(), a.area, b.area, totals),
    ];
    rows.extend(
        tiers
            .into_iter()
            .map(|t| delta(format!("tier {t}"), a.tier(t), b.tier(t), totals)),
    );
    rows
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::parcels::{PlanOptions, Proof};
    use crate::scenario::Scenario;

    /// The built-in Lianzhou scenario with its cap set to `cap`, and its parcels.
    pub(crate) fn lianzhou(cap: &str) -> (Scenario, Parcels) {
        let raw = crate::load::load(&crate::builtin::lianzhou()).unwrap();
        let mut scenario = crate::validate::validate(&raw).scenario;
        scenario.settings.cap = cap.parse().unwrap();
        let parcels = crate::parcels::load(&crate::builtin::lianzhou(), &scenario)
            .unwrap()
            .unwrap();
        (scenario, parcels)
    }

    /// The plan with its last tier's proof replaced by a gap of `gap` (a search stopped early).
    pub(crate) fn with_gap(mut outcome: PlanOutcome, gap: &str) -> PlanOutcome {
        if let PlanOutcome::Planned(plan) = &mut outcome {
            let tier = plan.tiers.last_mut().unwrap();
            tier.proof = Proof::Gap;
            tier.bound = tier.supplied + gap.parse::<Decimal>().unwrap();
        }
        outcome
    }

    #[test]
    fn a_plan_against_itself_changes_nothing_and_a_gap_is_kept() {
        let (scenario, parcels) = lianzhou("132.72823");
        let outcome = crate::parcels::plan(&scenario, &parcels, PlanOptions::default()).unwrap();
        let same = compare((&parcels, &outcome), (&parcels, &outcome));
        assert!(same.changes.is_empty());
        assert!(same.rows.iter().all(|r| r.delta.is_zero()));
        let tally = same.a.unwrap();
        assert_eq!((tally.supplied, tally.deferred), (45, 0));
        assert_eq!(tally.area, "132.67263".parse::<Decimal>().unwrap());
        assert!(tally.gaps().is_empty());
        let gapped = Tally::of(&with_gap(outcome, "0.006518")).unwrap();
        assert_eq!(gapped.gaps(), [(4, "0.006518".parse().unwrap())]);
    }
}
