//! Merged cells (`solve::aggregate`) against the model as built: every stage's optimum must be
//! the same, on random small scenarios (every rule family) and on generated ones, and the
//! merged answer must still pass the exact certificate.

use crate::solve_properties::spec;
use landplan::generate::{generate, GenerateOptions};
use landplan::solve::aggregate::Merge;
use landplan::solve::backend::Backend;
use landplan::solve::lexicographic::{solve_lexicographic_merging, LexOutcome, LexSolution};
use landplan::Scenario;
use proptest::prelude::*;

/// Stage optima agree within this, relative to the scenario's total demand (each stage is
/// held within 1e-9 of its optimum, `lexicographic::HOLD_TOLERANCE`).
const AGREE: f64 = 1e-7;

/// Fill ratios (between 0 and 1) agree within this.
const SAME_RATIO: f64 = 1e-6;

fn staged(scenario: &Scenario, merge: Merge) -> Option<LexSolution> {
    let model = landplan::model::build(scenario);
    match solve_lexicographic_merging(&model, Backend::Microlp, merge).unwrap() {
        LexOutcome::Solved(solution) => Some(solution),
        LexOutcome::Infeasible => None,
    }
}

/// Compares the two solves; `Err` names the first stage that differs.
fn same_optima(scenario: &Scenario) -> Result<(), String> {
    let merged = staged(scenario, Merge::Interchangeable);
    let built = staged(scenario, Merge::Nothing);
    let (merged, built) = match (merged, built) {
        (None, None) => return Ok(()),
        (Some(m), Some(b)) => (m, b),
        (m, b) => return Err(format!("feasibility differs: merged {m:?}, built {b:?}")),
    };
    let demand: f64 = scenario
        .cells
        .iter()
        .map(|c| c.demand.to_string().parse::<f64>().unwrap())
        .sum();
    let close = |a: f64, b: f64| (a - b).abs() <= AGREE * demand.max(1.0);
    for (tier, (a, b)) in merged
        .tier_optimum
        .iter()
        .zip(&built.tier_optimum)
        .enumerate()
    {
        if !close(*a, *b) {
            return Err(format!("tier {tier}: merged {a}, built {b}"));
        }
    }
    for (tier, (a, b)) in merged.fair_ratio.iter().zip(&built.fair_ratio).enumerate() {
        let (a, b) = (a.unwrap_or(0.0), b.unwrap_or(0.0));
        if (a - b).abs() > SAME_RATIO {
            return Err(format!("fair ratio of tier {tier}: merged {a}, built {b}"));
        }
    }
    if !close(merged.deviation, built.deviation) {
        return Err(format!(
            "deviation: merged {}, built {}",
            merged.deviation, built.deviation
        ));
    }
    Ok(())
}

#[test]
fn merged_and_built_models_agree_on_generated_scenarios() {
    for (towns, categories, seed) in [(40, 7, 1), (150, 7, 2), (120, 12, 3), (30, 3, 4)] {
        let scenario = generate(&GenerateOptions {
            towns,
            categories,
            seed,
            ..Default::default()
        })
        .unwrap();
        same_optima(&scenario).unwrap_or_else(|e| panic!("{towns}x{categories} seed {seed}: {e}"));
        // And the merged answer, spread back to the cells, is certified.
        assert!(matches!(
            landplan::solve::allocate(&scenario, Backend::Microlp),
            Ok(landplan::solve::Outcome::Optimal(_))
        ));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn merged_and_built_models_have_the_same_stage_optima(spec in spec(true)) {
        let scenario = spec.build(spec.cap_cents);
        if let Err(difference) = same_optima(&scenario) {
            prop_assert!(false, "{}", difference);
        }
    }
}
