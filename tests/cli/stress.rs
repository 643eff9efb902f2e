//! `landplan stress`: the fast path against the LP (`engine`), fixed-seed statistics, zero
//! spread against the plain solve, thread counts, uncertainty files, cancellation, and more
//! cap never lowering tier 1's probability of full supply.

mod batch;
mod engine;
mod factors;
mod samples_csv;
mod shard_files;
mod slips;

use crate::common::{copy_folder, edit, landplan, lianzhou};
use landplan::stress::sample::SamplingPlan;
use landplan::stress::{run, Control, StressOptions, StressSummary};
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::Value;
use std::sync::atomic::{AtomicBool, Ordering};

fn stdout_of(args: &[&str]) -> String {
    let output = landplan().args(args).output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn json_of(args: &[&str]) -> Value {
    serde_json::from_str(&stdout_of(args)).unwrap()
}

/// An uncertainty file using every distribution, wildcards and an override.
const UNCERTAINTY: &str = "target,distribution,low,mode,high\n\
*,uniform,0.9,,1.1\n\
*/industrial,triangular,0.7,1,1.6\n\
住宅用地,normal,0.8,1.05,1.3\n\
连州镇/商服用地,lognormal,0.5,1,2.5\n";

#[test]
fn a_fixed_seed_reproduces_the_recorded_statistics() {
    let text = stdout_of(&[
        "stress",
        "--samples",
        "300",
        "--seed",
        "7",
        "--format",
        "json",
    ]);
    insta::assert_snapshot!("lianzhou_spread_0_2_seed_7_300_samples", text);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("uncertainty.csv");
    std::fs::write(&file, UNCERTAINTY).unwrap();
    let file = file.to_str().unwrap();
    let text = stdout_of(&[
        "stress",
        "--samples",
        "300",
        "--seed",
        "11",
        "--uncertainty",
        file,
        "--format",
        "csv",
    ]);
    // CSV for Excel: the byte-order mark first, then the table the snapshot records.
    let text = text.strip_prefix('\u{feff}').expect("a byte-order mark");
    insta::assert_snapshot!("lianzhou_uncertainty_file_seed_11_300_samples", text);
}

#[test]
fn the_same_seed_gives_the_same_bytes_on_one_and_two_threads() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("uncertainty.csv");
    std::fs::write(&file, UNCERTAINTY).unwrap();
    for format in ["table", "json", "csv", "md"] {
        let run = |threads: &str| {
            stdout_of(&[
                "stress",
                "--samples",
                "700",
                "--seed",
                "3",
                "--uncertainty",
                file.to_str().unwrap(),
                "--threads",
                threads,
                "--format",
                format,
            ])
        };
        assert_eq!(run("1"), run("2"), "{format}");
    }
}

#[test]
fn zero_spread_gives_the_plain_solve_in_every_sample() {
    let dir = copy_folder(&lianzhou());
    // A cap that cuts tiers 3 and 4, so the solve has cuts to reproduce.
    edit(
        &dir.path().join("scenario.csv"),
        "cap,132.72823",
        "cap,115.5",
    );
    let folder = dir.path().to_str().unwrap();
    let solve = json_of(&["solve", folder, "--format", "json", "--no-marginal"]);
    let stress = json_of(&[
        "stress",
        folder,
        "--spread",
        "0",
        "--samples",
        "50",
        "--seed",
        "5",
        "--format",
        "json",
    ]);
    assert_eq!(stress["samples"], 50);
    let cells = solve["cells"].as_array().unwrap();
    let stressed = stress["cells"].as_array().unwrap();
    assert_eq!(cells.len(), stressed.len());
    for (plain, cell) in cells.iter().zip(stressed) {
        assert_eq!(plain["town"], cell["town"]);
        for q in ["p5", "p50", "p95"] {
            assert_eq!(plain["allocated"], cell["allocation"][q], "{cell}");
        }
        assert_eq!(cell["allocation"]["error"], "0");
        let cut = plain["allocated"] != plain["demand"];
        assert_eq!(cell["cut"], if cut { 50 } else { 0 }, "{cell}");
    }
    for (plain, tier) in solve["tiers"]
        .as_array()
        .unwrap()
        .iter()
        .zip(stress["tiers"].as_array().unwrap())
    {
        assert_eq!(plain["shortfall"], tier["mean_shortfall"]);
        assert_eq!(plain["shortfall"], tier["shortfall"]["p50"]);
        let full = plain["shortfall"] == "0";
        assert_eq!(tier["probability_full"], if full { "1" } else { "0" });
    }
}

/// Runs a stress test with `text` as its uncertainty file: exit code, stderr, file shown,
/// stdout.
fn with_uncertainty(text: &str) -> (Option<i32>, String, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("uncertainty.csv");
    std::fs::write(&file, text).unwrap();
    let output = landplan()
        .args(["stress", "--samples", "10", "--seed", "1", "--uncertainty"])
        .arg(&file)
        .args(["--lang", "en"])
        .output()
        .unwrap();
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).to_string();
    let shown = file.display().to_string();
    (
        output.status.code(),
        text(&output.stderr),
        shown,
        text(&output.stdout),
    )
}

#[test]
fn bad_uncertainty_rows_are_located_and_exit_2() {
    let (code, stderr, shown, _) = with_uncertainty(
        "target,distribution,low,mode,high\n*,uniform,0.8,,1.2\n*,normal,0.8,,1.2\n",
    );
    assert_eq!(code, Some(2));
    let expected = format!(
        "{shown}:3: column 'mode': missing value (expected the most likely multiplier of a normal)"
    );
    assert!(stderr.contains(&expected), "{stderr}");
    let (code, stderr, shown, _) =
        with_uncertainty("target,distribution,low,mode,high\n无名镇,uniform,1,,1.5\n");
    assert_eq!(code, Some(2));
    let expected = format!("{shown}:2: column 'target': no town or category matches '无名镇'");
    assert!(stderr.contains(&expected), "{stderr}");
}

#[test]
fn a_what_if_scenario_is_stressed_instead_of_the_base() {
    let base = json_of(&[
        "stress",
        "--samples",
        "200",
        "--seed",
        "1",
        "--format",
        "json",
    ]);
    let cut = json_of(&[
        "stress",
        "--samples",
        "200",
        "--seed",
        "1",
        "--whatif",
        "cap-cut-10",
        "--format",
        "json",
    ]);
    assert_eq!(cut["whatif"], "cap-cut-10");
    assert_eq!(cut["scenario"], "lianzhou-2025#cap-cut-10");
    let full = |v: &Value, tier: usize| v["tiers"][tier]["fully_supplied"].as_u64().unwrap();
    assert!(
        full(&cut, 2) < full(&base, 2),
        "a 10% smaller cap cuts tier 3 more often"
    );
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        vec!["stress", "--samples", "0", "--seed", "1"],
        vec!["stress", "--samples", "5", "--seed", "1", "--spread", "1.5"],
        vec![
            "stress",
            "--samples",
            "5",
            "--seed",
            "1",
            "--whatif",
            "surge",
        ],
        vec!["stress", "--samples", "5"],
    ] {
        let output = landplan().args(&args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
    }
}

fn lianzhou_scenario() -> landplan::Scenario {
    let raw = landplan::load::load(&landplan::builtin::lianzhou()).unwrap();
    landplan::validate::validate(&raw).scenario
}

fn stressed(
    scenario: &landplan::Scenario,
    samples: u64,
    seed: u64,
    cancel: &AtomicBool,
    progress: &(dyn Fn(u64) + Sync),
) -> StressSummary {
    let plan = SamplingPlan::spread(scenario, Decimal::new(3, 1));
    let options = StressOptions {
        samples,
        seed,
        threads: Some(1),
        backend: Default::default(),
    };
    run(scenario, &plan, &options, Control { cancel, progress }).unwrap()
}

#[test]
fn a_cancelled_run_reports_the_samples_done_as_partial() {
    let scenario = lianzhou_scenario();
    let cancel = AtomicBool::new(false);
    let stop = |_: u64| cancel.store(true, Ordering::Relaxed);
    let summary = stressed(&scenario, 10_000, 1, &cancel, &stop);
    assert!(summary.partial());
    assert!(
        summary.samples >= 1 && summary.samples < 10_000,
        "{}",
        summary.samples
    );
    assert_eq!(
        summary.tiers[0].full, summary.samples,
        "tier 1 is always full here"
    );
}

/// Runs `landplan ARGS`, interrupts it with SIGINT as a terminal would once it has started,
/// and returns its output.
#[cfg(unix)]
fn interrupted(args: &[&std::ffi::OsStr]) -> std::process::Output {
    use std::process::{Command, Stdio};
    let binary = assert_cmd::cargo::cargo_bin("landplan");
    let child = Command::new(binary)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Let it start and install its handler, then interrupt it.
    std::thread::sleep(std::time::Duration::from_millis(1500));
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    child.wait_with_output().unwrap()
}

/// A stress run too long to finish before it is interrupted, its report in English.
pub const LONG_RUN: [&str; 7] = [
    "stress",
    "--samples",
    "100000000",
    "--seed",
    "1",
    "--lang",
    "en",
];

#[cfg(unix)]
#[test]
fn ctrl_c_stops_a_long_run_and_prints_the_partial_statistics() {
    let output = interrupted(&LONG_RUN.map(std::ffi::OsStr::new));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("PARTIAL: stopped after") && stdout.contains("of 100000000 samples"),
        "{stdout}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn more_cap_never_lowers_tier_1s_probability_of_full_supply(
        spec in engine::spec(),
        extra in 1u32..3000,
        seed in 0u64..1000,
    ) {
        let cancel = AtomicBool::new(false);
        let idle = |_: u64| {};
        let before = stressed(&spec.build(), 40, seed, &cancel, &idle);
        let mut more = spec.clone();
        more.cap += extra;
        let after = stressed(&more.build(), 40, seed, &cancel, &idle);
        prop_assert!(after.tiers[0].full >= before.tiers[0].full,
            "cap +{}: {} -> {} of 40", extra, before.tiers[0].full, after.tiers[0].full);
    }
}

#[test]
fn damaged_text_in_uncertainty_csv_is_located_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("u.csv");
    let mut bytes = "target,distribution,low,mode,high\n连州镇/*,uniform,0.8,,1.2\n"
        .as_bytes()
        .to_vec();
    bytes.extend_from_slice(b"\xe8*/\xe4\xbd\x8f,uniform,0.9,,1.1\n");
    std::fs::write(&file, bytes).unwrap();
    let output = landplan()
        .args(["stress", "--samples", "3", "--seed", "1", "--uncertainty"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("u.csv:3: the file is UTF-8 but byte"),
        "{stderr}"
    );
}
