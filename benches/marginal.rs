//! `landplan solve` as a user runs it: the whole solve with the marginal values of the cap and
//! of every binding limit (`solve::solve` with `marginal_values`), default build (microlp),
//! on generated counties of 2,000 and 10,000 towns x 7 categories (seed 1, every kind of
//! limit). Before timing, it prints how each scenario's values were found (multipliers,
//! re-solves, verified), so a figure always says what it measured.
//!
//! Run: `cargo bench --bench marginal`; the numbers are in docs/performance.md ("Marginal
//! values").

mod support;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use landplan::solve::marginal::Derivation;
use landplan::solve::{solve, SolveOptions, SolveReport};
use std::hint::black_box;
use std::time::Duration;

const OPTIONS: SolveOptions = SolveOptions {
    backend: landplan::solve::backend::Backend::Microlp,
    marginal_values: true,
};

/// One solve with marginal values; panics unless it is a certified optimum with a value per
/// probed limit, so a broken solve is not timed.
fn solved(scenario: &landplan::Scenario) -> SolveReport {
    let report = solve(scenario, &OPTIONS).expect("generated scenarios solve");
    assert!(report.allocated().is_some(), "a certified optimum expected");
    assert!(!report.marginal_values().is_empty());
    report
}

/// What the first solve found and how long it took (a single run, before criterion's samples).
fn describe(name: &str, scenario: &landplan::Scenario) {
    let start = std::time::Instant::now();
    let report = solved(scenario);
    let seconds = start.elapsed().as_secs_f64();
    let values = report.marginal_values();
    let count = |d: Derivation| values.iter().filter(|m| m.derivation == d).count();
    eprintln!(
        "{name}: first solve {seconds:.1} s; {} marginal values: {} from the multipliers, {} from the limit tree, {} re-solved; {} confirmed by a re-solve",
        values.len(),
        count(Derivation::Multipliers),
        count(Derivation::Tree),
        count(Derivation::Resolve),
        values.iter().filter(|m| m.verified).count(),
    );
}

fn whole_solve(c: &mut Criterion) {
    let mut group = c.benchmark_group("solve_with_marginal_values");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(30));
    for towns in [2_000usize, 10_000] {
        let scenario = support::generated(towns, 1, true);
        let name = format!("{towns}x7");
        describe(&name, &scenario);
        group.bench_with_input(BenchmarkId::from_parameter(&name), &scenario, |b, s| {
            b.iter(|| black_box(solved(s)))
        });
    }
    group.finish();
}

criterion_group!(benches, whole_solve);
criterion_main!(benches);
