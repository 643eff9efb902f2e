//! One lexicographic solve (tiers, fair cuts, closest to plan, rounding, exact certificate)
//! of the Lianzhou scenario and of generated scenarios of 100 and 1,000 towns: the staged LP
//! of `solve::allocate_lp` against the exact greedy of `solve::engine` on nested limits
//! (`solve::allocate` itself takes the greedy wherever the limits nest).
//! Sizes are in the benchmark names. Run: `cargo bench --bench solve`.

mod support;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use landplan::solve::engine::{Engine, SolverPath};
use landplan::solve::{allocate_lp as allocate, Outcome};
use std::hint::black_box;

fn optimal(outcome: Outcome) -> Box<landplan::solve::Allocated> {
    match outcome {
        Outcome::Optimal(allocated) => allocated,
        Outcome::Infeasible => panic!("benchmark scenarios are feasible"),
    }
}

fn lianzhou(c: &mut Criterion) {
    let samples = support::sampled(&support::lianzhou(), 64);
    let engine = Engine::new(&samples[0], Default::default());
    assert_eq!(engine.path(), SolverPath::Laminar);
    let mut group = c.benchmark_group("lianzhou_10_towns_25_cells");
    let mut i = 0;
    group.bench_function("lp_allocate", |b| {
        b.iter(|| {
            i = (i + 1) % samples.len();
            optimal(allocate(black_box(&samples[i]), Default::default()).unwrap())
        })
    });
    group.bench_function("engine_nested_limits", |b| {
        b.iter(|| {
            i = (i + 1) % samples.len();
            optimal(engine.allocate(black_box(&samples[i])).unwrap())
        })
    });
    group.finish();
}

fn generated(c: &mut Criterion) {
    let mut group = c.benchmark_group("generated");
    group.sample_size(10);
    for towns in [100usize, 1000] {
        let scenario = support::generated(towns, 7, false);
        let cells = scenario.cells.len();
        let engine = Engine::new(&scenario, Default::default());
        assert_eq!(engine.path(), SolverPath::Laminar);
        group.bench_with_input(
            BenchmarkId::new(
                "engine_nested_limits",
                format!("{towns}_towns_{cells}_cells"),
            ),
            &scenario,
            |b, s| b.iter(|| optimal(engine.allocate(black_box(s)).unwrap())),
        );
        if towns <= 100 {
            group.bench_with_input(
                BenchmarkId::new("lp_allocate", format!("{towns}_towns_{cells}_cells")),
                &scenario,
                |b, s| b.iter(|| optimal(allocate(black_box(s), Default::default()).unwrap())),
            );
        }
    }
    group.finish();
}

criterion_group!(benches, lianzhou, generated);
criterion_main!(benches);
