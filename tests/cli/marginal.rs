//! Marginal values read from the tiers' multipliers and the limit tree equal, to the last
//! decimal, the values of the independent check: one checked re-solve of the whole
//! lexicographic problem per limit (`solve::marginal::by_resolve`), on Lianzhou and on
//! generated 100-town counties, both as derived (before any re-solve confirms the leading
//! values) and as the default solve reports them.

use landplan::generate::{generate, GenerateOptions, Limits};
use landplan::solve::marginal::{by_resolve, derive, Derivation, MarginalValue};
use landplan::solve::{solve, SolveOptions, Status};
use landplan::Scenario;
use proptest::prelude::*;

/// The default solve's marginal values (or, with `unverified`, the values as derived, before
/// the re-solves that confirm the leading ones), each beside the re-solve's.
fn with_resolves(scenario: &Scenario, unverified: bool) -> Vec<(MarginalValue, MarginalValue)> {
    let options = SolveOptions {
        marginal_values: true,
        ..SolveOptions::default()
    };
    let report = solve(scenario, &options).unwrap();
    let Some(allocated) = report.allocated() else {
        assert_eq!(report.status(), Status::Infeasible);
        return Vec::new();
    };
    let base = allocated.tier_supply();
    // The check re-solves by the LP stages, never by the tree or the flow network that
    // derived the values.
    let resolve =
        |loosened: &Scenario| match landplan::solve::allocate_lp(loosened, Default::default()) {
            Ok(landplan::solve::Outcome::Optimal(a)) => Ok(a.tier_supply()),
            Ok(landplan::solve::Outcome::Infeasible) => {
                Err("the loosened scenario is infeasible".to_string())
            }
            Err(error) => Err(error.to_string()),
        };
    let values = if unverified {
        let probes = landplan::solve::probes(allocated);
        derive(scenario, allocated, &probes, &resolve)
    } else {
        report.marginal_values().to_vec()
    };
    values
        .iter()
        .map(|value| {
            let check = by_resolve(scenario, &base, value.constraint, &resolve);
            (value.clone(), check)
        })
        .collect()
}

fn differences(pairs: &[(MarginalValue, MarginalValue)]) -> Vec<String> {
    pairs
        .iter()
        .filter(|(value, check)| value.tier_gains != check.tier_gains || value.note != check.note)
        .map(|(value, check)| format!("{value:?} but the re-solve gives {check:?}"))
        .collect()
}

fn derived_by(pairs: &[(MarginalValue, MarginalValue)], derivation: Derivation) -> usize {
    pairs
        .iter()
        .filter(|(value, _)| value.derivation == derivation)
        .count()
}

fn lianzhou() -> Scenario {
    let raw = landplan::load::load(&landplan::builtin::lianzhou()).unwrap();
    landplan::validate::validate(&raw).scenario
}

#[test]
fn lianzhou_marginal_values_come_from_the_limit_tree_and_equal_the_resolves() {
    for unverified in [true, false] {
        assert_eq!(
            differences(&with_resolves(&lianzhou(), unverified)),
            Vec::<String>::new()
        );
    }
    let pairs = with_resolves(&lianzhou(), false);
    assert!(!pairs.is_empty());
    assert_eq!(derived_by(&pairs, Derivation::Tree), pairs.len());
}

/// A generated county with town capacities (its share rule taken out) is a flow network
/// with a tier arc each: its marginal values come from the network's tier maxima and equal
/// the LP's re-solves. With the share rule, whose amount at the cap spans tiers, the network
/// holds its tiers by fixing arcs: the multipliers' rates go first, the network's probes
/// where they refuse (never for the cap, whose value moves that amount); all equal the LP's
/// re-solves.
#[test]
fn generated_county_marginal_values_come_from_the_flow_network() {
    let options = GenerateOptions {
        towns: 100,
        categories: 7,
        seed: 1,
        limits: Limits::All,
    };
    let with_share = generate(&options).unwrap();
    let mut without_share = with_share.clone();
    without_share.rules.clear();
    let pairs = with_resolves(&without_share, true);
    assert_eq!(differences(&pairs), Vec::<String>::new());
    assert!(pairs.len() > 3, "{pairs:?}");
    assert_eq!(
        derived_by(&pairs, Derivation::Flow),
        pairs.len(),
        "{pairs:?}"
    );
    let pairs = with_resolves(&with_share, true);
    assert_eq!(differences(&pairs), Vec::<String>::new());
    let derived =
        derived_by(&pairs, Derivation::Flow) + derived_by(&pairs, Derivation::Multipliers);
    assert!(pairs.len() > 3, "{pairs:?}");
    assert_eq!(derived, pairs.len(), "{pairs:?}");
}

/// Seeds 3, 5 and 9970 have a step past a breakpoint (a town capacity whose tier-1 cell is short
/// by 0.5917 ha, a cap whose cut tier is short by 0.8392 ha): the rates would say 1.
#[test]
fn generated_counties_with_breakpoints_within_the_step_equal_the_resolves() {
    for seed in [3, 5, 9970] {
        let options = GenerateOptions {
            towns: 100,
            categories: 7,
            seed,
            limits: Limits::All,
        };
        let scenario = generate(&options).unwrap();
        for unverified in [true, false] {
            let pairs = with_resolves(&scenario, unverified);
            assert_eq!(differences(&pairs), Vec::<String>::new());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    #[test]
    fn generated_counties_marginal_values_equal_the_resolves(seed in 1u64..10_000, nested in any::<bool>()) {
        let limits = if nested { Limits::Nested } else { Limits::All };
        let scenario = generate(&GenerateOptions { towns: 100, categories: 7, seed, limits }).unwrap();
        let pairs = with_resolves(&scenario, true);
        prop_assert_eq!(differences(&pairs), Vec::<String>::new());
        prop_assert_eq!(differences(&with_resolves(&scenario, false)), Vec::<String>::new());
        // Most values come from the tree, the flow network or the multipliers, not from
        // re-solves.
        let derived = pairs.len() - derived_by(&pairs, Derivation::Resolve);
        prop_assert!(2 * derived >= pairs.len(), "{pairs:?}");
    }
}
