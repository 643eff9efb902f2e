//! A what-if's parcel plan against the base's: the parcels whose decision changes.
//!
//! Input: the base parcels and plan outcome, and the what-if's. Output: one `DecisionChange`
//! per parcel whose decision or quarter differs, a withdrawn parcel (in the base only) and
//! an added one (in the what-if only) included; base file order first, then the added
//! parcels in theirs. Parcels are matched by their number as `parcels.csv` writes it
//! (compared without case, width or spaces). Plans nothing, renders nothing.

use super::{Decision, Parcels, PlanOutcome};
use crate::names::normalize;
use serde::Serialize;
use std::collections::BTreeMap;

/// A parcel's standing in one of the two plans.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "standing", rename_all = "snake_case")]
pub enum Standing {
    /// Not in that list (withdrawn, or added by the what-if).
    NotListed,
    /// That list has no feasible plan.
    NoPlan,
    Decided(Decision),
}

/// One parcel whose standing differs between the base and the what-if.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DecisionChange {
    pub parcel: String,
    pub base: Standing,
    pub whatif: Standing,
}

/// One plan's parcels by their normalised number.
struct Side<'a> {
    parcels: &'a Parcels,
    outcome: &'a PlanOutcome,
    index: BTreeMap<String, usize>,
}

impl<'a> Side<'a> {
    fn new((parcels, outcome): (&'a Parcels, &'a PlanOutcome)) -> Self {
        let index = parcels
            .parcels
            .iter()
            .enumerate()
            .map(|(at, p)| (normalize(&p.id), at))
            .collect();
        Side {
            parcels,
            outcome,
            index,
        }
    }

    fn standing(&self, key: &str) -> Standing {
        let Some(&at) = self.index.get(key) else {
            return Standing::NotListed;
        };
        match self.outcome {
            PlanOutcome::Planned(plan) => Standing::Decided(plan.decisions[at]),
            PlanOutcome::Infeasible(_) => Standing::NoPlan,
        }
    }
}

/// The parcels whose standing differs.
pub fn changes(
    base: (&Parcels, &PlanOutcome),
    whatif: (&Parcels, &PlanOutcome),
) -> Vec<DecisionChange> {
    let (base, whatif) = (Side::new(base), Side::new(whatif));
    let added = whatif
        .parcels
        .parcels
        .iter()
        .filter(|p| !base.index.contains_key(&normalize(&p.id)));
    base.parcels
        .parcels
        .iter()
        .chain(added)
        .filter_map(|p| {
            let key = normalize(&p.id);
            let (was, now) = (base.standing(&key), whatif.standing(&key));
            (was != now).then(|| DecisionChange {
                parcel: p.id.clone(),
                base: was,
                whatif: now,
            })
        })
        .collect()
}
