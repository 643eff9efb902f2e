//! The repair of a rounded LP answer (`solve::round::Lift`, `solve::duals`): a tier's repair
//! that takes units from the next tier must leave that tier a way back to its optimum.
//!
//! The smallest reproducer found (seeds 1-8 at 500-2,000 towns all solved before the fix):
//! `landplan generate --towns 5000 --categories 7 --seed 1`. The rounding leaves tier 1 three
//! units short; tier 1's only repair within reach takes them from tier 2's land in a full
//! town, and tier 2 gets them back only by pushing tier 1's land in another full town down
//! (the gap of its proof) while tier 1 takes the unit back elsewhere under its category's
//! maximum of 3,457 cells. Before the fix the default build refused the answer: "tier 2
//! supplied 259606.8719 is not proven optimal (bound 259606.8722)".

use landplan::generate::{generate, GenerateOptions, Limits};
use landplan::solve::backend::Backend;
use landplan::solve::{solve, SolveOptions};
use rust_decimal::Decimal;
use std::str::FromStr;

#[test]
fn a_tier_repaired_from_the_next_tier_leaves_that_tier_its_optimum() {
    let scenario = generate(&GenerateOptions {
        towns: 5_000,
        categories: 7,
        seed: 1,
        limits: Limits::All,
    })
    .expect("the generated scenario loads");
    let options = SolveOptions {
        backend: Backend::Microlp,
        marginal_values: false,
    };
    let report = solve(&scenario, &options).expect("proven optimal, not refused");
    let allocated = report.allocated().expect("an allocation");
    let supplied: Vec<(u32, Decimal)> = allocated.tier_supply();
    let expected: Vec<(u32, Decimal)> = [
        (1, "346183.9143"),
        (2, "259606.8722"),
        (3, "12584.5658"),
        (4, "1159.2121"),
    ]
    .iter()
    .map(|&(tier, figure)| (tier, Decimal::from_str(figure).unwrap()))
    .collect();
    assert_eq!(supplied, expected);
}
