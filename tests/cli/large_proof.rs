//! Issue 20: the default backend's answer on large generated scenarios must be proven.
//!
//! The smallest reproducer found so far: 5,000 towns x 7 categories, seed 1. The rounding
//! and repair (`solve::round`, `solve::duals`) leave tier 2 three units (0.0003 ha) short of
//! the bound its multipliers give, and `solve` refuses the answer (the same refusal as on
//! 10,000 x 7 seed 1, tier 2 0.0005 ha short). Traced: the rounding leaves tier 1 three
//! units short (346183.9140 of 346183.9143) and tier 2 at its optimum (259606.8722); tier
//! 1's lift takes its three units from tier 2 cells, although the optimum keeps tier 2 at
//! 259606.8722 with tier 1 at its own, and tier 2's lift then finds no move (it may move tier
//! 1's units only between tier 1's cells; larger DEPTH, BUDGET, GAINING_LIMIT or NEAR do not
//! help). Ignored until fixed: it also takes about 13 s
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
