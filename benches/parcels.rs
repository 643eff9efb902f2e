//! The parcel plan (whole parcels, strict tiers, quarters) of a county (200 parcels over a
//! 10-town Lianzhou-like scenario) and of a prefecture (5,000 parcels over 150 towns), with
//! and without quarterly limits. Each cell's demand is split into parcels whose areas add up
//! to it exactly; the cap (90% of demand) and the 经营性用地 rule bind, so at least one tier is
//! a knapsack that the exact shortcuts cannot settle and the branch and bound must search.
//! The plan's proofs are printed once before timing, for each solver the build has (microlp;
//! HiGHS with `--features highs`). Run: `cargo bench --bench parcels [--features highs]`.

mod support;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use landplan::parcels::plan::{Backend, Solver};
use landplan::parcels::{
    plan_with, Parcel, Parcels, PlanOptions, PlanOutcome, Quarter, QuarterLimit, Readiness,
};
use landplan::problem::Origin;
use landplan::Scenario;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rust_decimal::Decimal;
use std::hint::black_box;
use std::time::Instant;

/// About `target` parcels: each cell's demand split into parts of 6 decimals; readiness
/// weighted to the fourth quarter, one in twenty-five not ready this year (none in a cell
/// with committed land).
fn parcels(scenario: &Scenario, target: usize, quarterly: bool, seed: u64) -> Parcels {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let per_cell = (target / scenario.cells.len()).max(1);
    let mut list = Vec::new();
    for cell in &scenario.cells {
        let units = (cell.demand * Decimal::from(1_000_000)).round();
        let units = u64::try_from(units).expect("demand fits");
        let count = (per_cell as u64).min(units.max(1));
        let mut cuts: Vec<u64> = (1..count).map(|_| rng.random_range(1..units)).collect();
        cuts.sort_unstable();
        cuts.dedup();
        let mut last = 0;
        for cut in cuts.into_iter().chain([units]) {
            let area = Decimal::new((cut - last) as i64, 6);
            last = cut;
            // A cell with committed land keeps every parcel ready this year: a bureau
            // commits only land it can hand over (else the list is confirmed infeasible).
            let ready = match rng.random_range(0..25) {
                0 if cell.committed.is_zero() => Readiness::AfterYear,
                r => Readiness::From(Quarter::new([1, 2, 2, 3, 3, 3, 4, 4, 4, 4][r % 10]).unwrap()),
            };
            list.push(Parcel {
                id: format!("P{}", list.len() + 1),
                town: cell.town,
                category: cell.category,
                area,
                method: None,
                source: None,
                ready,
                committed: false,
                note: None,
                origin: Origin::new("generated/parcels.csv", list.len() as u64 + 2),
            });
        }
    }
    let total: Decimal = list.iter().map(|p| p.area).sum();
    let quarters = if quarterly {
        // Each quarter at most 30% of all the parcels: the fourth quarter cannot take
        // everything that is ready only then.
        Quarter::ALL
            .iter()
            .map(|&quarter| QuarterLimit {
                quarter,
                category: None,
                town: None,
                max: (total * Decimal::new(30, 2)).round_dp(6),
                origin: Origin::new("generated/quarters.csv", 2),
            })
            .collect()
    } else {
        Vec::new()
    };
    Parcels {
        parcels: list,
        quarters,
        inputs: Vec::new(),
    }
}

fn planned(
    scenario: &Scenario,
    parcels: &Parcels,
    backend: Backend,
) -> Box<landplan::parcels::ParcelPlan> {
    planned_within(scenario, parcels, PlanOptions::default(), backend)
}

fn planned_within(
    scenario: &Scenario,
    parcels: &Parcels,
    options: PlanOptions,
    backend: Backend,
) -> Box<landplan::parcels::ParcelPlan> {
    let outcome = plan_with(scenario, parcels, options, Solver::Use(backend));
    match outcome.expect("certified") {
        PlanOutcome::Planned(plan) => plan,
        PlanOutcome::Infeasible(why) => panic!("benchmark instances are feasible: {why:?}"),
    }
}

/// Runs outside the timing, one per search budget: what the plan proved, and how long it
/// took.
fn describe(name: &str, scenario: &Scenario, parcels: &Parcels, backend: Backend) {
    for budget in [None, Some(0.5), Some(4.0)] {
        describe_within(name, scenario, parcels, budget, backend);
    }
}

fn describe_within(
    name: &str,
    scenario: &Scenario,
    parcels: &Parcels,
    budget: Option<f64>,
    backend: Backend,
) {
    let started = Instant::now();
    let options = PlanOptions {
        time_limit: budget.map(std::time::Duration::from_secs_f64),
    };
    let plan = planned_within(scenario, parcels, options, backend);
    let proofs: Vec<String> = plan
        .tiers
        .iter()
        .map(|t| {
            format!(
                "tier {}: {} of {} ({:?}, gap {})",
                t.tier,
                t.supplied,
                t.eligible,
                t.proof,
                t.bound - t.supplied
            )
        })
        .collect();
    eprintln!(
        "{name}, time limit {budget:?} s: {} parcels, {:?}; {} searched stages; {}; closeness {:?}; peak quarter {} (bound {})",
        parcels.parcels.len(),
        started.elapsed(),
        plan.searched,
        proofs.join("; "),
        plan.distance_proof,
        plan.schedule.peak(),
        plan.schedule.bound
    );
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("parcel_plan");
    group.sample_size(10);
    for (name, towns, target) in [("county", 10, 200), ("prefecture", 150, 5000)] {
        let scenario = support::generated(towns, 7, false);
        for quarterly in [false, true] {
            let parcels = parcels(&scenario, target, quarterly, 11);
            for backend in Backend::compiled_in() {
                let label = format!(
                    "{name}_{}_parcels{}_{}",
                    parcels.parcels.len(),
                    if quarterly { "_quarterly_limits" } else { "" },
                    backend.name()
                );
                describe(&label, &scenario, &parcels, backend);
                group.bench_with_input(BenchmarkId::new("plan", &label), &parcels, |b, p| {
                    b.iter(|| planned(black_box(&scenario), black_box(p), backend))
                });
            }
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
