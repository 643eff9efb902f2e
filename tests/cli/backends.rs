//! Every backend compiled into this build solves generated scenarios, and they agree.
//!
//! The reference is microlp (always built). Every other compiled-in backend must give a
//! certified allocation whose tier totals agree with microlp's within `TOLERANCE` of the
//! total supplied: both are simplex methods that find the same optima up to floating point
//! (stage optima are held within 1e-9, `lexicographic::HOLD_TOLERANCE`), and the rounding
//! brings each tier to its optimum at the input's precision.

use crate::common::landplan;
use landplan::generate::{generate, GenerateOptions};
use landplan::solve::backend::Backend;
use landplan::solve::{allocate, Allocated, Outcome};
use predicates::str::contains;
use rust_decimal::Decimal;

/// Agreement of tier totals, relative to the total supplied.
const TOLERANCE: f64 = 1e-6;

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
    for (towns, categories, seed) in [(30, 7, 1), (120, 7, 2), (200, 12, 3), (25, 3, 4)] {
        let scenario = generate(&GenerateOptions {
            towns,
            categories,
            seed,
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
