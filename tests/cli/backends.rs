//! Every backend compiled into this build solves generated scenarios, and they agree.
//!
//! The reference is microlp (always built). Every other compiled-in backend must give a
//! certified allocation whose stage optima agree with microlp's: tier totals and the least
//! deviation from the plan within `TOLERANCE` of the total supplied, fair ratios within
//! `SAME_RATIO`. Whatever method each uses (HiGHS picks one per stage, `backend::Method`),
//! both find vertex optima that differ only by floating point (stage optima are held within
//! 1e-9, `lexicographic::HOLD_TOLERANCE`), and the rounding brings each tier to its optimum at
//! the input's precision.

use crate::common::landplan;
use landplan::generate::{generate, GenerateOptions};
use landplan::solve::backend::Backend;
use landplan::solve::{allocate, Allocated, Outcome};
use predicates::str::contains;
use rust_decimal::Decimal;

/// Agreement of tier totals and deviations, relative to the total supplied.
const TOLERANCE: f64 = 1e-6;

/// Agreement of fair ratios (between 0 and 1).
const SAME_RATIO: f64 = 1e-6;

fn allocated(scenario: &landplan::Scenario, backend: Backend) -> Allocated {
    match allocate(scenario, backend) {
        Ok(Outcome::Optimal(allocated)) => *allocated,
        other => panic!(
            "{}: a certified optimum expected, got {other:?}",
            backend.name()
        ),
    }
}

fn as_f64(value: Decimal) -> f64 {
    value.to_string().parse().unwrap()
}

#[test]
fn every_backend_agrees_on_every_tier_of_generated_scenarios() {
    // The last one has fair cuts that need a solve (ratios 0.2264 and 0.000477).
    let sizes = [
        (30, 7, 1),
        (120, 7, 2),
        (200, 12, 3),
        (25, 3, 4),
        (1_000, 12, 5),
    ];
    for (towns, categories, seed) in sizes {
        let scenario = generate(&GenerateOptions {
            towns,
            categories,
            seed,
            ..Default::default()
        })
        .unwrap();
        let reference = allocated(&scenario, Backend::Microlp);
        let total = as_f64(reference.evaluation.total.supplied).max(1.0);
        for backend in Backend::compiled_in() {
            let other = allocated(&scenario, backend);
            assert!(other.evaluation.feasible());
            for ((tier, a), (_, b)) in reference.tier_supply().iter().zip(other.tier_supply()) {
                let gap = (as_f64(*a) - as_f64(b)).abs();
                assert!(
                    gap <= TOLERANCE * total,
                    "{towns}x{categories} seed {seed}, tier {tier}: microlp {a}, {} {b}",
                    backend.name()
                );
            }
            let (a, b) = (&reference.stages, &other.stages);
            for (tier, (x, y)) in a.fair_ratio.iter().zip(&b.fair_ratio).enumerate() {
                let same = match (x, y) {
                    (Some(x), Some(y)) => (x - y).abs() <= SAME_RATIO,
                    (x, y) => x == y,
                };
                assert!(
                    same,
                    "{towns}x{categories} seed {seed}, fair ratio of tier {}: microlp {x:?}, {} {y:?}",
                    tier + 1,
                    backend.name()
                );
            }
            assert!(
                (a.deviation - b.deviation).abs() <= TOLERANCE * total,
                "{towns}x{categories} seed {seed}, deviation: microlp {}, {} {}",
                a.deviation,
                backend.name(),
                b.deviation
            );
        }
    }
}

#[test]
fn the_cli_reports_the_backend_it_used_and_refuses_one_it_lacks() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("s");
    landplan()
        .args(["generate", "--towns", "20", "--seed", "3", "--out"])
        .arg(&folder)
        .assert()
        .success();
    // Small scenarios: auto keeps the pure-Rust default.
    landplan()
        .args(["solve", "--no-marginal", "--format", "json"])
        .arg(&folder)
        .assert()
        .success()
        .stdout(contains("\"backend\": \"microlp\""));
    for backend in Backend::ALL.into_iter().filter(|b| *b != Backend::Microlp) {
        let assert = landplan()
            .args(["solve", "--no-marginal", "--format", "json", "--solver"])
            .arg(backend.name())
            .arg(&folder)
            .assert();
        if backend.available() {
            assert
                .success()
                .stdout(contains(format!("\"backend\": \"{}\"", backend.name())));
        } else {
            assert
                .code(2)
                .stderr(contains(format!("--features {}", backend.name())));
        }
    }
}
