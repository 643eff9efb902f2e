use landplan::solve::marginal::{by_resolve, Derivation};
use landplan::solve::{solve, SolveOptions};

fn compare(name: &str, scenario: &landplan::Scenario) {
    let report = solve(
        scenario,
        &SolveOptions {
            marginal_values: true,
            ..Default::default()
        },
    )
    .unwrap();
    let allocated = report.allocated().unwrap();
    let base = allocated.tier_supply();
    let resolve = |s: &landplan::Scenario| landplan::solve::resolve(s, Default::default());
    let mut counts = std::collections::HashMap::new();
    for m in report.marginal_values() {
        *counts.entry((m.derivation, m.verified)).or_insert(0) += 1;
        let check = by_resolve(scenario, &base, m.constraint, &resolve);
        if check.tier_gains != m.tier_gains {
            println!(
                "{name} {:?} {:?}: derived {:?} resolve {:?}",
                m.constraint, m.derivation, m.tier_gains, check.tier_gains
            );
        }
    }
    println!("{name}: {counts:?}");
    let _ = Derivation::Tree;
}

#[test]
fn experiment() {
    let raw = landplan::load::load(&landplan::builtin::lianzhou()).unwrap();
    let lz = landplan::validate::validate(&raw).scenario;
    compare("lianzhou", &lz);
    for seed in 1..=8 {
        for limits in [
            landplan::generate::Limits::All,
            landplan::generate::Limits::Nested,
        ] {
            let s = landplan::generate::generate(&landplan::generate::GenerateOptions {
                towns: 100,
                categories: 7,
                seed,
                limits,
            })
            .unwrap();
            compare(&format!("gen{seed}{limits:?}"), &s);
        }
    }
}
