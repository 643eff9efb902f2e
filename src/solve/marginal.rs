//! Marginal values: what one more hectare of a limit is worth to each tier.
//!
//! Input: a solved scenario and the limits to probe (the cap, always, and every binding
//! constraint). Output: for each, the change in every tier's supply when that limit is
//! loosened by one unit of the scenario (one percentage point for a share rule), found by a
//! checked re-solve of the whole lexicographic problem (microlp gives no duals). The figures
//! are differences of two certified exact allocations, not estimates.

use crate::constraints::ConstraintId;
use crate::scenario::Scenario;
use rust_decimal::Decimal;
use serde::Serialize;

/// One probed limit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MarginalValue {
    pub constraint: ConstraintId,
    /// How far the limit was loosened.
    pub step: Decimal,
    /// (tier, change in supplied land), in tier order; empty when the re-solve failed.
    pub tier_gains: Vec<(u32, Decimal)>,
    /// Why the gains are missing, when they are.
    pub note: Option<String>,
}

/// Probes each limit with a re-solve; `resolve` returns the tiers' supply or why it failed.
pub fn marginal_values(
    scenario: &Scenario,
    base_supply: &[(u32, Decimal)],
    probes: &[ConstraintId],
    resolve: impl Fn(&Scenario) -> Result<Vec<(u32, Decimal)>, String>,
) -> Vec<MarginalValue> {
    probes
        .iter()
        .map(|&constraint| {
            let step = Decimal::ONE;
            let mut loosened = scenario.clone();
            crate::constraints::relax(&mut loosened, constraint, step);
            match resolve(&loosened) {
                Ok(supply) => MarginalValue {
                    constraint,
                    step,
                    tier_gains: supply
                        .iter()
                        .zip(base_supply)
                        .map(|((tier, after), (_, before))| (*tier, (*after - *before).normalize()))
                        .collect(),
                    note: None,
                },
                Err(reason) => MarginalValue {
                    constraint,
                    step,
                    tier_gains: Vec::new(),
                    note: Some(reason),
                },
            }
        })
        .collect()
}
