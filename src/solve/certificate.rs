//! The certificate: an answer is re-checked in exact decimal arithmetic before it is shown.
//!
//! Input: a scenario and a rounded allocation. Output: `Ok` when every cell bound and every
//! constraint holds exactly, or the list of breaches in the planner's words. The check uses
//! `evaluate`, which shares nothing with the solver but the constraint list; the rows of
//! version 2 (a parent's bounds over its remainder and sub-items, shares of a base) are also
//! re-derived from the scenario itself (`pieces`), so a wrong coefficient in the constraint
//! list cannot pass unseen.

use crate::evaluate::{evaluate, Evaluation};
use crate::number::show;
use crate::scenario::{Bound, Scenario};
use rust_decimal::Decimal;

/// Checks an allocation exactly; returns its evaluation when it holds.
pub fn certify(scenario: &Scenario, allocation: &[Decimal]) -> Result<Evaluation, Vec<String>> {
    let evaluation = evaluate(scenario, allocation);
    let pieces = pieces(scenario, allocation);
    if evaluation.feasible() && pieces.is_empty() {
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
    breaches.extend(pieces);
    Err(breaches)
}

/// The version 2 rows, from the scenario rather than the constraint list: each parent's
/// minimum and maximum over its remainder and its sub-items, and each share of a base
/// (covered land against the share of the base's land). Empty when they hold.
fn pieces(scenario: &Scenario, allocation: &[Decimal]) -> Vec<String> {
    let land = |keep: &dyn Fn(&crate::scenario::Cell) -> bool| -> Decimal {
        scenario
            .cells
            .iter()
            .zip(allocation)
            .filter(|(cell, _)| keep(cell))
            .map(|(_, x)| *x)
            .sum()
    };
    let mut breaches = Vec::new();
    for (id, parent) in scenario.top_level() {
        if scenario.sub_items(id).is_empty() {
            continue;
        }
        let total = land(&|cell| {
            cell.category == id || scenario.category(cell.category).parent == Some(id)
        });
        if parent.min.is_some_and(|min| total < min) || parent.max.is_some_and(|max| total > max) {
            breaches.push(format!(
                "{} with its sub-items allocated {} outside its minimum or maximum",
                parent.name,
                show(total)
            ));
        }
    }
    for rule in scenario.rules.iter().filter(|r| r.of.is_some()) {
        let covered = land(&|cell| rule.covers(cell));
        let limit = rule.limit(land(&|cell| rule.in_base(cell)));
        let broken = match rule.bound {
            Bound::Min => covered < limit,
            Bound::Max => covered > limit,
        };
        if broken {
            breaches.push(format!(
                "rule {} gives {} against the limit {} of its base",
                rule.name,
                show(covered),
                show(limit)
            ));
        }
    }
    breaches
}
