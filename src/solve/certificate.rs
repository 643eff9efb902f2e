//! The certificate: an answer is re-checked in exact decimal arithmetic before it is shown.
//!
//! Input: a scenario and a rounded allocation. Output: `Ok` when every cell bound and every
//! constraint holds exactly, or the list of breaches in the planner's words. The check uses
//! `evaluate`, which shares nothing with the solver but the constraint list.

use crate::evaluate::{evaluate, Evaluation};
use crate::number::show;
use crate::scenario::Scenario;
use rust_decimal::Decimal;

/// Checks an allocation exactly; returns its evaluation when it holds.
pub fn certify(scenario: &Scenario, allocation: &[Decimal]) -> Result<Evaluation, Vec<String>> {
    let evaluation = evaluate(scenario, allocation);
    if evaluation.feasible() {
        return Ok(evaluation);
    }
    let mut breaches: Vec<String> = evaluation
        .bound_breaches
        .iter()
        .map(|breach| {
            let cell = &scenario.cells[breach.cell];
            format!(
                "{}/{} allocated {} outside {}..{}",
                scenario.town(cell.town).name,
                scenario.category(cell.category).name,
                show(allocation[breach.cell]),
                show(cell.committed),
                show(cell.demand)
            )
        })
        .collect();
    breaches.extend(
        evaluation
            .constraints
            .iter()
            .filter(|c| c.broken())
            .map(|c| format!("{} broken by {}", c.id.label(scenario), show(-c.slack))),
    );
    Err(breaches)
}
