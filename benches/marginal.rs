//! `landplan solve` as a user runs it, the whole command: read the folder from disk
//! (generated into a temporary directory in setup), validate, solve, the marginal values of
//! the cap and of every binding limit (on by default), and render the JSON; default build
//! (`--solver auto`, microlp). Generated counties of 2,000 and 10,000 towns x 7 categories,
//! seeds 1-3 (every kind of limit: town capacities, a category maximum, a share rule).
//! Before timing, each scenario's first run prints which path answered and how its values
//! were found, so a figure always says what it measured.
//!
//! Run: `cargo bench --bench marginal`; the numbers are in docs/performance.md ("Marginal
//! values").

mod support;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use landplan::app::solve::{run, SolveCommand};
use landplan::app::ScenarioSource;
use landplan::report::Format;
use landplan::solve::SolveOptions;
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

/// One `landplan solve FOLDER --format json`; panics unless the answer is a certified
/// optimum with marginal values, so a refused solve is not timed.
fn solve(folder: &Path) -> serde_json::Value {
    let command = SolveCommand {
        source: ScenarioSource::Folder(folder.to_path_buf()),
        format: Format::Json,
        solver: Default::default(),
        solve: SolveOptions {
            marginal_values: true,
            ..SolveOptions::default()
        },
        whatif: None,
        workbook: false,
        lang: None,
        unit: None,
    };
    let output = run(&command).expect("a generated folder solves");
    let json: serde_json::Value = serde_json::from_str(&output.text).expect("JSON output");
    assert_eq!(json["status"], "optimal", "a certified optimum expected");
    assert!(
        json["marginal_values"]
            .as_array()
            .is_some_and(|v| !v.is_empty()),
        "marginal values expected"
    );
    json
}

/// The path that answered and how the values were found, with one run's time.
fn describe(name: &str, folder: &Path) {
    let start = std::time::Instant::now();
    let json = solve(folder);
    let seconds = start.elapsed().as_secs_f64();
    let values = json["marginal_values"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let count = |d: &str| values.iter().filter(|m| m["derivation"] == d).count();
    eprintln!(
        "{name}: path {}, one run {seconds:.2} s; {} marginal values: {} from the flow network, {} from the limit tree, {} from the multipliers, {} re-solved; {} confirmed by a re-solve",
        json["path"],
        values.len(),
        count("flow"),
        count("tree"),
        count("multipliers"),
        count("resolve"),
        values.iter().filter(|m| m["verified"] == true).count(),
    );
}

fn whole_command(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut group = c.benchmark_group("solve_command");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    for (towns, seed) in [(2_000usize, 1u64), (10_000, 1), (10_000, 2), (10_000, 3)] {
        let folder = support::folder(dir.path(), towns, seed);
        let name = format!("{towns}x7_seed{seed}");
        describe(&name, &folder);
        group.bench_with_input(BenchmarkId::from_parameter(&name), &folder, |b, f| {
            b.iter(|| black_box(solve(f)))
        });
    }
    group.finish();
}

criterion_group!(benches, whole_command);
criterion_main!(benches);
