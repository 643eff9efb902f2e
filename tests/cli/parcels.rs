//! `landplan parcels` on the shipped Lianzhou parcel list (illustrative) and on copies with
//! one thing changed.

use crate::common::{copy_folder, edit, landplan, lianzhou, run_in, write};

fn json(output: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn the_illustrative_lianzhou_parcels_give_the_published_plan() {
    let output = landplan()
        .args(["parcels", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json = json(&output);
    assert_eq!(json["status"], "planned");
    assert_eq!(json["supplied"], "132.67263");
    assert_eq!(json["deferred"], "0");
    assert_eq!(json["distance_to_cells"], "0");
    assert_eq!(json["parcels"].as_array().unwrap().len(), 45);
    assert!(json["findings"].as_array().unwrap().is_empty());
    let tiers = json["tiers"].as_array().unwrap();
    let supplied: Vec<&str> = tiers
        .iter()
        .map(|t| t["supplied"].as_str().unwrap())
        .collect();
    assert_eq!(supplied, ["77.28443", "10.42906", "31.09271", "13.86643"]);
    assert!(tiers.iter().all(|t| t["optimal"] == true));
    // The schedule is proven as even as readiness allows.
    assert_eq!(json["peak_quarter"], json["peak_bound"]);
}

#[test]
fn folder_and_builtin_plan_alike() {
    let builtin = landplan()
        .args(["parcels", "--format", "csv"])
        .output()
        .unwrap();
    let folder = landplan()
        .arg("parcels")
        .arg(lianzhou())
        .args(["--format", "csv"])
        .output()
        .unwrap();
    assert_eq!(builtin.stdout, folder.stdout);
    let text = String::from_utf8(builtin.stdout).unwrap();
    assert!(
        text.starts_with(
            "\u{feff}地块编号,乡镇,用途,面积,供地方式,来源,可供时间,已落实,安排,季度,说明\n"
        ),
        "{text}"
    );
}

#[test]
fn a_smaller_cap_defers_parcels_by_the_cap() {
    let dir = copy_folder(&lianzhou());
    edit(&dir.path().join("scenario.csv"), "cap,132.72823", "cap,120");
    // A time limit the search never comes near, so that every deferral names its limit.
    let output = run_in(
        dir.path(),
        &["parcels", ".", "--format", "json", "--time-limit", "60"],
    );
    assert_eq!(output.status.code(), Some(0));
    let json = json(&output);
    let supplied: rust_decimal::Decimal = json["supplied"].as_str().unwrap().parse().unwrap();
    assert!(supplied <= rust_decimal::Decimal::from(120));
    let tiers = json["tiers"].as_array().unwrap();
    assert_eq!(tiers[0]["supplied"], "77.28443", "tier 1 is served first");
    let reasons: Vec<&str> = json["parcels"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["reason"].as_str())
        .collect();
    assert!(!reasons.is_empty());
    assert!(
        reasons.iter().all(|r| r.contains("供应总量上限")),
        "{reasons:?}"
    );
}

#[test]
fn a_quarterly_limit_caps_housing_in_every_quarter() {
    let dir = copy_folder(&lianzhou());
    write(
        dir.path(),
        "quarters.csv",
        "季度,用途,乡镇,上限\n*,住宅用地,*,9\n",
    );
    let output = run_in(dir.path(), &["parcels", ".", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0));
    let json = json(&output);
    let housing = json["by_category"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "住宅用地")
        .unwrap();
    for quarter in housing["quarters"].as_array().unwrap() {
        let area: rust_decimal::Decimal = quarter.as_str().unwrap().parse().unwrap();
        assert!(area <= rust_decimal::Decimal::from(9), "{housing}");
    }
}

#[test]
fn a_broken_cell_is_located() {
    let dir = copy_folder(&lianzhou());
    edit(
        &dir.path().join("parcels.csv"),
        "LZ01-012,连州镇,住宅用地,8.846482,招拍挂出让,新增,Q2",
        "LZ01-012,连州镇,住宅用地,8.846482,招拍挂出让,新增,Q5",
    );
    let output = run_in(dir.path(), &["parcels", "."]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("./parcels.csv:3: column 'ready': invalid value (got 'Q5', expected a quarter (Q1..Q4, 一季度..四季度)"),
        "{stderr}"
    );
}

#[test]
fn a_folder_without_parcels_is_a_usage_error() {
    let dir = copy_folder(&lianzhou());
    std::fs::remove_file(dir.path().join("parcels.csv")).unwrap();
    let output = run_in(dir.path(), &["parcels", "."]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("the scenario has no parcels.csv"));
}

#[test]
fn audit_checks_the_parcels_against_the_cells_and_quotes_5_1() {
    // The shipped parcels add up to the published cells: only the plan's own two findings.
    let output = landplan()
        .args(["audit", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(json(&output)["findings"].as_array().unwrap().len(), 2);
    assert!(json(&output)["parcels"].as_array().unwrap().is_empty());

    // The hospital parcel moved to 龙坪镇, which plans no 医疗卫生用地: the parcel is outside
    // the plan, and 连州镇's 0.4084 ha hospital cell has no parcel left.
    let dir = copy_folder(&lianzhou());
    edit(
        &dir.path().join("parcels.csv"),
        "LZ01-071,连州镇,医疗卫生用地",
        "LZ01-071,龙坪镇,医疗卫生用地",
    );
    let output = run_in(dir.path(), &["audit", ".", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let parcels = json(&output)["parcels"].clone();
    assert_eq!(parcels.as_array().unwrap().len(), 2, "{parcels:#}");
    assert_eq!(parcels[0]["check"], "parcels_vs_cell");
    assert_eq!(parcels[0]["scope"], "连州镇/医疗卫生用地");
    assert_eq!(
        (
            &parcels[0]["expected"],
            &parcels[0]["actual"],
            &parcels[0]["difference"]
        ),
        (
            &serde_json::Value::from("0.4084"),
            &serde_json::Value::from("0"),
            &serde_json::Value::from("0.4084")
        )
    );
    assert_eq!(parcels[1]["check"], "parcel_outside_plan");
    assert_eq!(parcels[1]["parcel"], "LZ01-071");
    assert_eq!(parcels[1]["location"], "./parcels.csv:15");
    assert_eq!(
        parcels[1]["clause"],
        "五（一）：未列入计划的地块，原则上不予办理土地供应手续"
    );

    let table = run_in(dir.path(), &["audit", ".", "--unit", "mu", "--lang", "en"]);
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(text.contains("4 finding(s), figures in mu"), "{text}");
    assert!(
        text.contains("- cell 连州镇/医疗卫生用地: its parcels add up to 0 mu, 6.126 mu short of the plan's 6.126 mu"),
        "{text}"
    );
    assert!(
        text.contains("- parcel LZ01-071 (龙坪镇/医疗卫生用地, 6.126 mu) is in no planned cell: 五（一）：未列入计划的地块，原则上不予办理土地供应手续"),
        "{text}"
    );
}

#[test]
fn a_whatif_withdraws_and_delays_parcels_beside_the_base_plan() {
    let dir = copy_folder(&lianzhou());
    write(
        dir.path(),
        "parcel-whatifs.csv",
        "scenario,target,field,op,value,note\n\
         slip,parcel:LZ01-071,withdraw,set,yes,the hospital project is withdrawn\n\
         slip,parcel:LZ01-011,ready,add,2,resettlement slips past the year\n",
    );
    let output = run_in(
        dir.path(),
        &[
            "parcels",
            ".",
            "--format",
            "json",
            "--whatif",
            "slip",
            "--whatif-file",
            "parcel-whatifs.csv",
        ],
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json = json(&output);
    // 132.67263 - 0.4084 (withdrawn) - 11.79531 (not ready this year) = 120.46892.
    assert_eq!(json["supplied"], "120.46892");
    assert_eq!(json["deferred"], "11.79531");
    assert_eq!(json["parcels"].as_array().unwrap().len(), 44);
    let changes = json["against_base"].as_array().unwrap();
    let moved: Vec<(&str, &str)> = changes
        .iter()
        .map(|c| (c["parcel"].as_str().unwrap(), c["whatif"].as_str().unwrap()))
        .collect();
    assert!(moved.contains(&("LZ01-071", "未列入地块清单")), "{moved:?}");
    assert!(
        moved.contains(&("LZ01-011", "暂缓：本年度不具备供应条件（五（四））")),
        "{moved:?}"
    );
}

#[test]
fn readiness_slips_beside_demand_shocks_are_certain_when_certain_and_thread_independent() {
    let dir = copy_folder(&lianzhou());
    // LZ01-011 (11.79531 ha housing, Q3) always slips two quarters, out of the year;
    // LZ02-092 never slips; 连州镇's housing demand moves up to 10% either way.
    write(
        dir.path(),
        "slips.csv",
        "target,distribution,low,mode,high\n\
         parcel:LZ01-011,slip,1,,2\n\
         parcel:LZ02-092,slip,0%,,1\n\
         连州镇/住宅用地,uniform,0.9,,1.1\n",
    );
    let args = [
        "parcels",
        ".",
        "--format",
        "json",
        "--stress",
        "20",
        "--seed",
        "7",
        "--uncertainty",
        "slips.csv",
    ];
    let output = run_in(dir.path(), &args);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stress = json(&output)["stress"].clone();
    assert_eq!(stress["samples"], 20);
    // Housing is tier 3 (index 2).
    let tier3 = &stress["tiers"][2];
    // Without LZ01-011 the housing parcels left add up to 31.09271 - 11.79531 = 19.2974,
    // and a demand at least 0.9 x 29.488274 = 26.539447 ha still takes all of 连州镇's
    // remaining 17.692964 ha: the same in every sample.
    assert_eq!(tier3["planned"], "31.09271");
    assert_eq!(tier3["full"], "0");
    assert_eq!(
        (&tier3["lowest"], &tier3["highest"]),
        (
            &serde_json::Value::from("19.2974"),
            &serde_json::Value::from("19.2974")
        )
    );
    assert_eq!(stress["tiers"][0]["full"], "1", "tier 1 never moves");
    let parcels = stress["parcels"].as_array().unwrap();
    assert_eq!(parcels.len(), 1, "{parcels:?}");
    assert_eq!(
        (
            &parcels[0]["parcel"],
            &parcels[0]["slipped"],
            &parcels[0]["deferred"]
        ),
        (
            &serde_json::Value::from("LZ01-011"),
            &serde_json::Value::from("1"),
            &serde_json::Value::from("1")
        )
    );

    // Half the time, on one thread and on two: the same bytes.
    write(
        dir.path(),
        "slips.csv",
        "target,distribution,low,mode,high\nparcel:*,slip,50%,,1\n连州镇/住宅用地,uniform,0.9,,1.1\n",
    );
    let on = |threads: &str| {
        landplan()
            .current_dir(dir.path())
            .env("RAYON_NUM_THREADS", threads)
            .args(args)
            .output()
            .unwrap()
            .stdout
    };
    let one = on("1");
    assert_eq!(one, on("2"));
    let stress = serde_json::from_slice::<serde_json::Value>(&one).unwrap()["stress"].clone();
    assert!(!stress["parcels"].as_array().unwrap().is_empty());
}

#[test]
fn the_report_is_never_written_over_the_uncertainty_or_whatif_file() {
    let dir = copy_folder(&lianzhou());
    let slips = "target,distribution,low,mode,high\nparcel:*,slip,0.5,,1\n";
    write(dir.path(), "slips.csv", slips);
    write(
        dir.path(),
        "w.csv",
        "scenario,target,field,op,value\nw,parcel:LZ01-071,withdraw,set,yes\n",
    );
    for args in [
        &[
            "parcels",
            ".",
            "--stress",
            "2",
            "--uncertainty",
            "slips.csv",
            "--out",
            "slips.csv",
        ][..],
        &[
            "parcels",
            ".",
            "--whatif",
            "w",
            "--whatif-file",
            "w.csv",
            "--out",
            "w.csv",
        ][..],
    ] {
        let output = run_in(dir.path(), args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
    }
    assert_eq!(crate::common::read(dir.path(), "slips.csv"), slips);
}
