//! Issue 20: the default backend's answer on large generated scenarios must be proven.
//!
//! The smallest reproducer found so far: 5,000 towns x 7 categories, seed 1. The rounding
//! and repair (`solve::round`, `solve::duals`) leave tier 2 three units (0.0003 ha) short of
//! the bound its multipliers give, and `solve` refuses the answer (the same refusal as on
//! 10,000 x 7 seed 1, tier 2 0.0005 ha short). Ignored until fixed: it also takes about 13 s
//! in a debug build, more than a regression test should once a smaller reproducer is found.

use landplan::generate::{generate, GenerateOptions};
use landplan::solve::backend::Backend;
use landplan::solve::{allocate, Outcome};

#[test]
#[ignore = "issue 20: tier 2 left 3 units short of its proven bound; not fixed yet"]
fn five_thousand_towns_seven_categories_seed_1_is_proven_optimal() {
    let scenario = generate(&GenerateOptions {
        towns: 5_000,
        categories: 7,
        seed: 1,
        ..Default::default()
    })
    .unwrap();
    match allocate(&scenario, Backend::Microlp) {
        Ok(Outcome::Optimal(_)) => {}
        other => panic!("a certified optimum expected, got {other:?}"),
    }
}
