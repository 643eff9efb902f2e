//! Stress throughput: full lexicographic solves per second of `landplan stress` on the
//! Lianzhou scenario (draw, solve, round, certify, count), on 1 and 2 threads, and the staged
//! LP alone for comparison. Run: `cargo bench --bench stress`.

mod support;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use landplan::stress::sample::SamplingPlan;
use landplan::stress::{run, Control, StressOptions};
use rust_decimal::Decimal;
use std::sync::atomic::AtomicBool;

const SAMPLES: u64 = 4096;

fn stress(c: &mut Criterion) {
    let scenario = support::lianzhou();
    let plan = SamplingPlan::spread(&scenario, Decimal::new(2, 1));
    let cancel = AtomicBool::new(false);
    let control = Control {
        cancel: &cancel,
        progress: &|_| {},
    };
    let mut group = c.benchmark_group("stress_lianzhou");
    group.sample_size(10);
    group.throughput(Throughput::Elements(SAMPLES));
    for threads in [1usize, 2] {
        let options = StressOptions {
            samples: SAMPLES,
            seed: 1,
            threads: Some(threads),
            backend: Default::default(),
        };
        group.bench_with_input(
            BenchmarkId::new(format!("{SAMPLES}_samples"), format!("{threads}_threads")),
            &options,
            |b, options| {
                b.iter(|| {
                    let summary = run(&scenario, &plan, options, control).unwrap();
                    assert_eq!(summary.samples, SAMPLES);
                    summary
                })
            },
        );
    }
    group.finish();
}

criterion_group!(benches, stress);
criterion_main!(benches);
