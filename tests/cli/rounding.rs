//! Rounding the solver's answer to the scenario's decimals (`solve::round`) on generated
//! scenarios, where flooring hundreds of cells moves shared rules: every tier must still get
//! its proven optimum, to within a unit per tier.

use landplan::generate::{generate, GenerateOptions};
use landplan::model::numeric::from_f64;
use landplan::solve::backend::Backend;
use landplan::solve::{allocate, Outcome};
use rust_decimal::Decimal;

/// In 1,000 x 12 generated scenarios the share rule (住宅用地 and 商服用地 at most 29 % of
/// the total) binds; flooring every cell shrinks the total and so breaks it, and tier 3's
/// 商服用地 units were refused until tier 4's units mended it: tier 3 lost about 0.03 ha
/// (300 units) before units were given in rounds.
#[test]
fn every_tier_keeps_its_optimum_when_flooring_breaks_the_share_rule() {
    for seed in 1..=2 {
        let scenario = generate(&GenerateOptions {
            towns: 1_000,
            categories: 12,
            seed,
            ..Default::default()
        })
        .unwrap();
        let Ok(Outcome::Optimal(allocated)) = allocate(&scenario, Backend::Microlp) else {
            panic!("seed {seed}: a certified optimum expected");
        };
        let scale = scenario.scale();
        let unit = Decimal::new(1, scale);
        let tiers = Decimal::from(allocated.stages.tier_optimum.len());
        for ((tier, supplied), &optimum) in allocated
            .tier_supply()
            .into_iter()
            .zip(&allocated.stages.tier_optimum)
        {
            let optimum = from_f64(optimum, scale).unwrap();
            assert!(
                (optimum - supplied).abs() <= tiers * unit,
                "seed {seed}, tier {tier}: supplied {supplied}, proven optimum {optimum}"
            );
        }
    }
}
