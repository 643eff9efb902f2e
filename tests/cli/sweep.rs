//! `landplan sweep`: grid values, exact break points (each checked by solving one unit on
//! either side), and usage errors.

use crate::common::{dec, landplan};
use landplan::solve::{solve, SolveOptions, Status};
use landplan::sweep::Param;
use rust_decimal::Decimal;
use serde_json::Value;

fn lianzhou() -> landplan::Scenario {
    let raw = landplan::load::load(&landplan::builtin::lianzhou()).unwrap();
    landplan::validate::validate(&raw).scenario
}

fn sweep_json(args: &[&str]) -> Value {
    let output = landplan()
        .arg("sweep")
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// Whether the event named `key` holds when the parameter is at `value`, by a plain solve.
fn holds(param: &str, key: &str, value: Decimal) -> bool {
    let base = lianzhou();
    let param = Param::parse(param, &base).unwrap();
    let scenario = param.apply(&base, value, 6);
    let report = solve(&scenario, &SolveOptions::default()).unwrap();
    if key == "infeasible" {
        return report.status() == Status::Infeasible;
    }
    let allocated = report.allocated().expect("feasible along these sweeps");
    let evaluation = &allocated.evaluation;
    if key == "cap_binds" {
        return evaluation.constraints[0].binding();
    }
    let tier: u32 = key
        .trim_start_matches("tier_")
        .trim_end_matches("_cut")
        .parse()
        .unwrap();
    let totals = evaluation.tiers.iter().find(|t| t.tier == tier).unwrap();
    !totals.totals.shortfall().is_zero()
}

/// Every break point is one unit wide and the event really changes across it.
fn check_breaks(param: &str, report: &Value) -> usize {
    let breaks = report["breaks"].as_array().unwrap();
    for b in breaks {
        let last = dec(b["last"]["value"].as_str().unwrap());
        let first = dec(b["first"]["value"].as_str().unwrap());
        assert_eq!((first - last).abs(), dec("0.000001"), "{b}");
        let key = b["event"].as_str().unwrap();
        assert_ne!(holds(param, key, last), holds(param, key, first), "{b}");
    }
    breaks.len()
}

#[test]
fn cap_break_points_are_the_tiers_cumulative_demands() {
    let report = sweep_json(&[
        "--param", "cap", "--from", "140", "--to", "60", "--steps", "8",
    ]);
    assert_eq!(report["points"].as_array().unwrap().len(), 9);
    let found: Vec<(String, String, String)> = report["breaks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["event"].as_str().unwrap().to_string(),
                b["last"]["value"].as_str().unwrap().to_string(),
                b["first"]["value"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected = [
        ("cap_binds", "132.672631", "132.67263"),
        ("tier_4_cut", "132.67263", "132.672629"),
        ("tier_3_cut", "118.8062", "118.806199"),
        ("tier_2_cut", "87.71349", "87.713489"),
        ("tier_1_cut", "77.28443", "77.284429"),
    ];
    let expected: Vec<(String, String, String)> = expected
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    assert_eq!(found, expected);
    assert_eq!(check_breaks("cap", &report), 5);
}

#[test]
fn demand_and_capacity_break_points_hold_one_unit_either_side() {
    let param = "demand:*/工矿仓储用地";
    let report = sweep_json(&[
        "--param", param, "--from", "50", "--to", "120", "--steps", "7",
    ]);
    assert!(check_breaks(param, &report) >= 3);
    let param = "capacity:连州镇";
    let report = sweep_json(&[
        "--param", param, "--from", "60", "--to", "0", "--steps", "6",
    ]);
    // A town capacity beside the cap and the 经营性用地 rule (across tiers): no longer nested,
    // a flow network whose answers are checked against that rule (the LP where they break it).
    assert_eq!(
        report["solver"],
        "town and category limits: exact flow stages on their network"
    );
    assert!(check_breaks(param, &report) >= 3);
}

#[test]
fn a_cap_below_committed_land_turns_the_scenario_infeasible_exactly_there() {
    let dir = crate::common::copy_folder(&crate::common::lianzhou());
    crate::common::edit(
        &dir.path().join("cells.csv"),
        "九陂镇,工矿仓储用地,17.189392,,",
        "九陂镇,工矿仓储用地,17.189392,,12.5",
    );
    let folder = dir.path().to_str().unwrap();
    let report = sweep_json(&[
        folder, "--param", "cap", "--from", "20", "--to", "0", "--steps", "4",
    ]);
    let infeasible: Vec<&Value> = report["breaks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["event"] == "infeasible")
        .collect();
    assert_eq!(infeasible.len(), 1);
    assert_eq!(infeasible[0]["last"]["value"], "12.5");
    assert_eq!(infeasible[0]["first"]["value"], "12.499999");
    assert_eq!(infeasible[0]["first"]["status"], "infeasible");
}

#[test]
fn grid_values_come_out_as_a_table_and_as_csv() {
    let output = landplan()
        .args([
            "sweep", "--param", "cap", "--from", "100", "--to", "140", "--steps", "4", "--format",
            "csv",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    let mut lines = text.lines();
    // The built-in scenario has parcels: their plan's columns follow (tests/cli/parcels_compare.rs).
    assert_eq!(
        lines.next().unwrap(),
        "\u{feff}kind,event,cap,status,tier 1 supply,tier 2 supply,tier 3 supply,tier 4 supply,tier 1 shortfall,tier 2 shortfall,tier 3 shortfall,tier 4 shortfall,cap binds,\
         parcels supplied,parcels deferred,parcels tier 1,parcels tier 2,parcels tier 3,parcels tier 4,parcels total,continuous total,difference,parcel plan"
    );
    let first = lines.next().unwrap();
    assert!(
        first.starts_with(
            "grid,,100,optimal,77.28443,10.42906,12.28651,0,0,0,18.8062,13.86643,true,"
        ),
        "{first}"
    );
    let table = landplan()
        .args([
            "sweep", "--param", "cap", "--from", "100", "--to", "140", "--steps", "4", "--lang",
            "en",
        ])
        .output()
        .unwrap();
    let table = String::from_utf8(table.stdout).unwrap();
    assert!(
        table.contains("tier 3 starts to be cut at cap = 118.806199 (fully supplied at 118.8062)")
            || table.contains("tier 3 is fully supplied at cap = 118.8062 (cut at 118.806199)"),
        "{table}"
    );
}

#[test]
fn bad_parameters_and_ranges_exit_2_with_a_reason() {
    for (args, reason) in [
        (
            vec!["--param", "budget", "--from", "1", "--to", "2"],
            "unknown parameter",
        ),
        (
            vec!["--param", "capacity:住宅用地", "--from", "1", "--to", "2"],
            "not exactly one town",
        ),
        (
            vec!["--param", "cap", "--from", "-1", "--to", "2"],
            "cannot go below 0",
        ),
        (
            vec!["--param", "cap", "--from", "1", "--to", "2", "--steps", "0"],
            "--steps",
        ),
    ] {
        let output = landplan().arg("sweep").args(&args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(reason), "{args:?}: {stderr}");
    }
}
