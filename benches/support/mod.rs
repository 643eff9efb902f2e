//! Shared by the benchmarks: the built-in Lianzhou scenario, generated scenarios of any size
//! (`landplan::generate`, the generator of `landplan generate`), and sampled demands.
//!
//! Input: a number of towns and a seed. Output: validated scenarios.

#![allow(dead_code)]

use landplan::load::Source;
use landplan::Scenario;
use rust_decimal::Decimal;

fn validated(source: &dyn Source) -> Scenario {
    let raw = landplan::load::load(source).expect("benchmark scenarios load");
    let validated = landplan::validate::validate(&raw);
    assert!(validated.problems.is_empty(), "{:?}", validated.problems);
    validated.scenario
}

/// The built-in Lianzhou 2025 scenario (10 towns, 7 categories, 4 tiers, 25 cells).
pub fn lianzhou() -> Scenario {
    validated(&landplan::builtin::lianzhou())
}

/// A generated county of `towns` towns and Lianzhou's seven categories (`landplan generate
/// --towns N --seed S`), with every kind of limit (`capacities`: the LP path) or only nested
/// ones (the exact greedy engine's path).
pub fn generated(towns: usize, seed: u64, capacities: bool) -> Scenario {
    use landplan::generate::{generate, GenerateOptions, Limits};
    let limits = if capacities {
        Limits::All
    } else {
        Limits::Nested
    };
    generate(&GenerateOptions {
        towns,
        categories: 7,
        seed,
        limits,
    })
    .expect("generated scenarios load")
}

/// A generated folder of `towns` x `categories` on disk (`landplan generate --towns N
/// --categories C --seed S --out DIR`), written under `dir`, for benchmarks of whole commands.
pub fn folder(
    dir: &std::path::Path,
    towns: usize,
    categories: usize,
    seed: u64,
) -> std::path::PathBuf {
    use landplan::generate::{files, GenerateOptions};
    let options = GenerateOptions {
        towns,
        categories,
        seed,
        ..GenerateOptions::default()
    };
    let folder = dir.join(format!("{towns}x{categories}-seed{seed}"));
    std::fs::create_dir_all(&folder).expect("a temporary folder");
    for (name, text) in files(&options).expect("valid generation options") {
        std::fs::write(folder.join(name), text).expect("write a generated file");
    }
    folder
}

/// `count` scenarios with demands drawn as `landplan stress --spread 0.2 --seed 1` draws them.
pub fn sampled(base: &Scenario, count: u64) -> Vec<Scenario> {
    let plan = landplan::stress::sample::SamplingPlan::spread(base, Decimal::new(2, 1));
    (0..count)
        .map(|sample| {
            let mut scenario = base.clone();
            let mut demand = vec![Decimal::ZERO; base.cells.len()];
            plan.demands(base, 1, sample, &mut demand);
            for (cell, value) in scenario.cells.iter_mut().zip(demand) {
                cell.demand = value;
            }
            scenario
        })
        .collect()
}
