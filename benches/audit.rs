//! `landplan audit` on generated folders read from disk, the whole command: load (decode,
//! parse, read every figure), validate, audit and render. The sizes are the ones issue 20
//! measured: 15,000, 50,000 and 150,000 towns (the last a 32 MB cells.csv of 729,249 rows).
//!
//! Run: `cargo bench --bench audit`; the numbers are in docs/performance.md ("Loading and
//! auditing large folders"). Each folder is generated into a temporary directory in setup.

mod support;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use landplan::app::audit::{run, AuditOptions};
use landplan::app::ScenarioSource;
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

/// One audit; panics unless the folder loaded and the audit rendered, so a refused folder is
/// not timed.
fn audit(folder: &Path) {
    let options = AuditOptions {
        source: ScenarioSource::Folder(folder.to_path_buf()),
        lang: Some(landplan::report::page::Lang::En),
        ..AuditOptions::default()
    };
    let output = run(&options).expect("a generated folder loads");
    assert!(output.text.starts_with("audit of "), "{}", output.text);
    black_box(output.text);
}

fn large(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut group = c.benchmark_group("audit");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(30));
    for towns in [15_000, 50_000, 150_000] {
        let folder = support::folder(dir.path(), towns, 7, 1);
        group.bench_with_input(
            BenchmarkId::from_parameter(format!("{towns}x7")),
            &folder,
            |b, folder| b.iter(|| audit(folder)),
        );
    }
    group.finish();
}

criterion_group!(benches, large);
criterion_main!(benches);
