//! Large scenarios: generation and the full lexicographic solve (all tiers, fair cuts,
//! closest to plan, rounding and the exact certificate) at prefecture, province and nation
//! size, with the backend `--solver auto` picks in this build, and each compiled-in backend
//! on a mid-size scenario.
//!
//! Run: `cargo bench --bench scale --features highs` (HiGHS needs cmake and libclang,
//! see docs/scale.md); add `LANDPLAN_BENCH_NATION=1` for 40,000 x 12. Multi-second solves use 10 samples; the numbers are in
//! docs/performance.md ("Large scenarios").

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use landplan::generate::{generate, GenerateOptions};
use landplan::solve::backend::Backend;
use landplan::solve::{allocate, Outcome};
use std::hint::black_box;
use std::time::Duration;

fn scenario(towns: usize, categories: usize) -> landplan::Scenario {
    generate(&GenerateOptions {
        towns,
        categories,
        seed: 1,
        ..Default::default()
    })
    .expect("generated scenarios load")
}

/// One full solve; panics unless it is a certified optimum, so a broken solve is not timed.
fn solve(scenario: &landplan::Scenario, backend: Backend) {
    match allocate(scenario, backend) {
        Ok(Outcome::Optimal(allocated)) => {
            black_box(allocated);
        }
        other => panic!("a certified optimum expected, got {other:?}"),
    }
}

fn generation(c: &mut Criterion) {
    let mut group = c.benchmark_group("generate");
    group.sample_size(10);
    group.bench_function("10000x7", |b| {
        b.iter(|| black_box(scenario(10_000, 7)));
    });
    group.finish();
}

fn backends(c: &mut Criterion) {
    let mut group = c.benchmark_group("backend");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    let mid = scenario(1_000, 7);
    for backend in Backend::compiled_in() {
        group.bench_with_input(BenchmarkId::new(backend.name(), "1000x7"), &mid, |b, s| {
            b.iter(|| solve(s, backend))
        });
    }
    group.finish();
}

fn large(c: &mut Criterion) {
    let mut group = c.benchmark_group("allocate");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(30));
    // The nation-size solve takes about 17 s: its 10 samples (about 3 minutes) only when asked for.
    let mut sizes = vec![(10_000, 7)];
    if std::env::var_os("LANDPLAN_BENCH_NATION").is_some() {
        sizes.push((40_000, 12));
    }
    for (towns, categories) in sizes {
        let s = scenario(towns, categories);
        let backend = Backend::auto(s.cells.len());
        group.bench_with_input(
            BenchmarkId::new(backend.name(), format!("{towns}x{categories}")),
            &s,
            |b, s| b.iter(|| solve(s, backend)),
        );
    }
    group.finish();
}

criterion_group!(benches, generation, backends, large);
criterion_main!(benches);
