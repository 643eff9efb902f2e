//! `landplan solve` as a user runs it, the whole command: read the folder from disk
//! (generated into a temporary directory in setup), validate, solve, the marginal values of
//! the cap and of every binding limit (on by default), and render the JSON; default build
//! (`--solver auto`, microlp). Generated counties of 2,000 and 10,000 towns x 7 categories,
//! seeds 1-3 (every kind of limit: town capacities, a category maximum, a share rule).
//! Before timing, each scenario's first run prints which path answered and how its values
//! were found, so a figure always says what it measured.
//!
//! Run: `cargo bench --bench marginal`; the numbers are in docs/performance.md ("Marginal
//! values"). `LANDPLAN_BENCH_NATION=1 cargo bench --bench marginal --features highs` runs
//! generated nations of 40,000 towns x 12 categories, seeds 1 and 4, instead.

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
    let mut sizes = vec![
        (2_000usize, 7usize, 1u64),
        (10_000, 7, 1),
        (10_000, 7, 2),
        (10_000, 7, 3),
    ];
    // The nation (its share rule binds, 4,500 binding limits: about 20 s a run with
    // `--features highs`) only when asked for: its samples take about 8 minutes.
    if std::env::var_os("LANDPLAN_BENCH_NATION").is_some() {
        sizes = vec![(40_000, 12, 1), (40_000, 12, 4)];
        group.measurement_time(Duration::from_secs(200));
    }
    for (towns, categories, seed) in sizes {
        let folder = support::folder(dir.path(), towns, categories, seed);
        let name = format!("{towns}x{categories}_seed{seed}");
        describe(&name, &folder);
        group.bench_with_input(BenchmarkId::from_parameter(&name), &folder, |b, f| {
            b.iter(|| black_box(solve(f)))
        });
    }
    group.finish();
}

criterion_group!(benches, whole_command);
criterion_main!(benches);
