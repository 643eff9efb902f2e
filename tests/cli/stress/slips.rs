//! `landplan stress` with readiness slips (`parcel:ID,slip,P,,Q` rows) beside demand shocks:
//! each sample's whole-parcel plan. A hand-worked folder whose figures follow by hand (a slip
//! of probability 1 defers a parcel to next year; probability 0 is no slip; a slipped parcel
//! behind a committed figure makes every sample infeasible, confirmed), the cell figures left
//! as they are, the same bytes for a seed on 1 and 2 threads, and shards (`K/N`, `auto`)
//! merged equal to the single run byte for byte.

use crate::common::{folder, landplan, write};
use landplan::stress::shard::K8S_INDEX;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Cap 20; tier 1 industrial (A: plan and demand 8), tier 2 housing (A: 12). Parcels: I1 5
/// (Q1) and I2 3 (Q4) industrial; H1 7 (Q1), H2 5 (Q2) and H3 2 (Q1) housing. Unshocked, the
/// plan supplies 8 of tier 1 and 12 of tier 2 (H1 + H2: H3 finds the housing demand used up).
fn parcels_folder(committed: &str) -> tempfile::TempDir {
    let dir = folder(
        "year,2025\ncap,20\n",
        "industrial,1,,,\nhousing,2,,,\n",
        "A,,\n",
        &format!("A,industrial,8,8,{committed}\nA,housing,12,12,\n"),
        "",
    );
    write(
        dir.path(),
        "parcels.csv",
        "parcel,town,category,area,method,source,ready,committed,note\n\
         I1,A,industrial,5,,,Q1,no,\n\
         I2,A,industrial,3,,,Q4,no,\n\
         H1,A,housing,7,,,Q1,no,\n\
         H2,A,housing,5,,,Q2,no,\n\
         H3,A,housing,2,,,Q1,no,\n",
    );
    dir
}

fn stress(dir: &Path, uncertainty: &str, extra: &[&str]) -> std::process::Output {
    write(dir, "u.csv", uncertainty);
    landplan()
        .current_dir(dir)
        .args(["stress", ".", "--uncertainty", "u.csv"])
        .args(extra)
        .env_remove(K8S_INDEX)
        .output()
        .unwrap()
}

fn json(dir: &Path, uncertainty: &str, extra: &[&str]) -> Value {
    let mut args = vec!["--format", "json"];
    args.extend(extra);
    let output = stress(dir, uncertainty, &args);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

const HEADER: &str = "target,distribution,low,mode,high\n";

fn tier(json: &Value, t: usize, key: &str) -> Value {
    json["parcels"]["tiers"][t][key].clone()
}

fn parcel<'a>(json: &'a Value, id: &str) -> &'a Value {
    json["parcels"]["parcels"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["parcel"] == id)
        .unwrap()
}

#[test]
fn a_certain_slip_defers_the_parcel_to_next_year_with_exact_tier_figures() {
    let dir = parcels_folder("");
    // I2 is ready in Q4; one quarter later is next year, in every sample.
    let json = json(
        dir.path(),
        &format!("{HEADER}parcel:I2,slip,1,,1\n"),
        &["--samples", "20", "--seed", "5"],
    );
    let parcels = &json["parcels"];
    assert_eq!(parcels["samples_planned"], 20);
    assert_eq!(parcels["infeasible_samples"], 0);
    assert_eq!(parcels["searches_stopped_early"], 0);
    // Tier 1: I1 alone, 5 of the unshocked 8, in every sample (exact quantiles).
    assert_eq!(tier(&json, 0, "unshocked"), "8");
    assert_eq!(tier(&json, 0, "reaches_unshocked"), 0);
    assert_eq!(tier(&json, 0, "mean_supply"), "5");
    let supply = tier(&json, 0, "supply");
    assert_eq!(
        (
            &supply["p5"],
            &supply["p50"],
            &supply["p95"],
            &supply["error"]
        ),
        (&"5".into(), &"5".into(), &"5".into(), &"0".into())
    );
    // Tier 2: the cap leaves 15, the housing demand 12: H1 + H2 as unshocked.
    assert_eq!(tier(&json, 1, "unshocked"), "12");
    assert_eq!(tier(&json, 1, "probability_unshocked"), "1");
    assert_eq!(tier(&json, 1, "mean_supply"), "12");
    let i2 = parcel(&json, "I2");
    assert_eq!(
        (i2["slipped"].clone(), i2["deferred"].clone()),
        (20.into(), 20.into())
    );
    assert_eq!(i2["probability_deferred"], "1");
    assert_eq!(i2["deferred_by"][0]["limit"], "not_ready");
    assert_eq!(i2["deferred_by"][0]["count"], 20);
    // H3 is deferred by the housing demand, named as the limit.
    let h3 = parcel(&json, "H3");
    assert_eq!(h3["slipped"], 0);
    assert_eq!(h3["deferred_by"][0]["limit"], "cell_demand:A/housing");
    assert_eq!(h3["deferred_by"][0]["share"], "1");
    assert_eq!(parcel(&json, "I1")["probability_supplied"], "1");
}

#[test]
fn a_slip_of_probability_zero_is_no_slip_and_the_cell_figures_stay_as_they_are() {
    let dir = parcels_folder("");
    let demand = "A/housing,uniform,0.8,,1.2\n";
    let run = ["--samples", "40", "--seed", "9"];
    let slips = json(
        dir.path(),
        &format!("{HEADER}parcel:*,slip,0%,,2\n{demand}"),
        &run,
    );
    let plain = json(dir.path(), &format!("{HEADER}{demand}"), &run);
    assert!(
        plain.get("parcels").is_none(),
        "no slip rows: no parcel plans"
    );
    for key in ["tiers", "limits", "towns", "cells", "infeasible_samples"] {
        assert_eq!(slips[key], plain[key], "{key}");
    }
    // No parcel slips; tier 1 is never touched by the housing demand.
    for p in slips["parcels"]["parcels"].as_array().unwrap() {
        assert_eq!(p["slipped"], 0, "{p}");
    }
    assert_eq!(tier(&slips, 0, "probability_unshocked"), "1");
    assert_eq!(tier(&slips, 0, "supply")["p5"], "8");
    assert_eq!(parcel(&slips, "I2")["probability_supplied"], "1");

    // And the same figures as a slip row on no parcel at all (parcel:I2 at 0).
    let one = json(
        dir.path(),
        &format!("{HEADER}parcel:I2,slip,0,,1\n{demand}"),
        &run,
    );
    assert_eq!(one["parcels"], slips["parcels"]);
}

#[test]
fn a_slipped_parcel_behind_a_committed_figure_is_infeasible_confirmed() {
    // The industrial cell has 5 committed; its parcels I1 (5) and I2 (3) both slip out.
    let dir = parcels_folder("5");
    let output = stress(
        dir.path(),
        &format!("{HEADER}parcel:I1,slip,1,,4\nparcel:I2,slip,1,,1\n"),
        &["--samples", "6", "--seed", "1", "--format", "json"],
    );
    assert_eq!(
        output.status.code(),
        Some(1),
        "counted like infeasible cell samples"
    );
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["infeasible_samples"], 0, "the cells solve");
    assert_eq!(json["parcels"]["infeasible_samples"], 6);
    assert_eq!(json["parcels"]["samples_planned"], 0);
}

/// A budget no search of these five parcels comes near: each sample's search closes, so its
/// plan does not depend on the machine's speed (a search stopped by its time limit would).
const BUDGET: [&str; 2] = ["--time-limit", "30"];

const MOVING: &str = "target,distribution,low,mode,high\n\
parcel:*,slip,30%,,1\n\
parcel:H1,slip,50%,,3\n\
*,uniform,0.7,,1.3\n";

#[test]
fn a_seed_gives_the_same_bytes_on_one_and_two_threads_and_another_seed_differs() {
    let dir = parcels_folder("");
    let run = |threads: &str, seed: &str| {
        let output = stress(
            dir.path(),
            MOVING,
            &[
                "--samples",
                "150",
                "--seed",
                seed,
                "--threads",
                threads,
                "--format",
                "json",
                BUDGET[0],
                BUDGET[1],
            ],
        );
        assert_eq!(output.status.code(), Some(0));
        output.stdout
    };
    let one = run("1", "21");
    assert_eq!(one, run("2", "21"));
    assert_eq!(one, run("1", "21"));
    assert_ne!(one, run("2", "22"));
    let json: Value = serde_json::from_slice(&one).unwrap();
    assert_eq!(json["parcels"]["searches_stopped_early"], 0);
    let slipped = parcel(&json, "H1")["slipped"].as_u64().unwrap();
    // H1 slips by the 50% row (the last row naming it wins): about 75 of 150.
    assert!((50..=100).contains(&slipped), "{slipped}");
}

fn shard(dir: &Path, k: &str, extra: &[(&str, &str)]) -> PathBuf {
    let path = dir.join(format!("shard-{}.json", k.replace('/', "-")));
    write(dir, "u.csv", MOVING);
    let mut command = landplan();
    command
        .current_dir(dir)
        .args(["stress", ".", "--uncertainty", "u.csv", "--samples", "45"])
        .args(["--seed", "3", "--shard", k])
        .args(BUDGET)
        .env_remove(K8S_INDEX)
        .arg("--out")
        .arg(&path);
    for (var, value) in extra {
        command.env(var, value).args(["--shards", "2"]);
    }
    command.assert().success();
    path
}

fn merged(dir: &Path, paths: &[PathBuf], format: &str) -> Vec<u8> {
    let output = landplan()
        .current_dir(dir)
        .args(["merge", "."])
        .args(paths)
        .args(["--format", format])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    output.stdout
}

#[test]
fn shards_merged_equal_the_single_run_byte_for_byte() {
    let dir = parcels_folder("");
    let mut paths: Vec<PathBuf> = ["1/3", "2/3", "3/3"]
        .iter()
        .map(|k| shard(dir.path(), k, &[]))
        .collect();
    paths.reverse();
    for format in ["json", "table", "csv", "md"] {
        let single = stress(
            dir.path(),
            MOVING,
            &[
                "--samples",
                "45",
                "--seed",
                "3",
                "--format",
                format,
                BUDGET[0],
                BUDGET[1],
            ],
        );
        assert_eq!(single.status.code(), Some(0));
        assert_eq!(
            merged(dir.path(), &paths, format),
            single.stdout,
            "{format}"
        );
    }
    // A Kubernetes Indexed Job of two pods.
    let pods: Vec<PathBuf> = ["0", "1"]
        .iter()
        .map(|i| {
            let path = shard(dir.path(), "auto", &[(K8S_INDEX, i)]);
            let named = dir.path().join(format!("pod-{i}.json"));
            std::fs::rename(path, &named).unwrap();
            named
        })
        .collect();
    assert_eq!(
        merged(dir.path(), &pods, "json"),
        merged(dir.path(), &paths, "json")
    );

    // A damaged shard is refused with its path, never summed.
    let mut damaged: Value = serde_json::from_slice(&std::fs::read(&paths[0]).unwrap()).unwrap();
    damaged["stats"]["parcels"]["tiers"][0]["full"] = 1000.into();
    damaged["stats"]["parcels"]["parcels"][1]["supplied"] = 1000.into();
    std::fs::write(&paths[0], serde_json::to_vec(&damaged).unwrap()).unwrap();
    let output = landplan()
        .current_dir(dir.path())
        .args(["merge", "."])
        .args(&paths)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    for path in ["stats.parcels.tiers[0]", "stats.parcels.parcels[1]"] {
        assert!(
            stderr.contains(&format!("shard-3-3.json: {path}: does not fit")),
            "{stderr}"
        );
    }

    // Shards of other parcels are refused, by name.
    std::fs::write(
        dir.path().join("parcels.csv"),
        std::fs::read_to_string(dir.path().join("parcels.csv"))
            .unwrap()
            .replace("H3,A,housing,2,", "H3,A,housing,1.5,"),
    )
    .unwrap();
    let output = landplan()
        .current_dir(dir.path())
        .args(["merge", "."])
        .args(&paths)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("parcels: it planned other parcels than the scenario folder's parcels.csv"),
        "{stderr}"
    );
}

#[test]
fn slips_without_parcels_are_refused_each_located() {
    let dir = parcels_folder("");
    std::fs::remove_file(dir.path().join("parcels.csv")).unwrap();
    let output = stress(
        dir.path(),
        &format!("{HEADER}parcel:I2,slip,1,,1\nA/housing,uniform,0.9,,1.1\nparcel:*,slip,5%,,1\n"),
        &["--samples", "5", "--seed", "1"],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("2 problems"), "{stderr}");
    for (line, target) in [(2, "I2"), (4, "*")] {
        assert!(
            stderr.contains(&format!(
                "u.csv:{line}: column 'target': parcel:{target} is a readiness slip, but the scenario has no parcels.csv"
            )),
            "{stderr}"
        );
    }
}

#[test]
fn the_report_refuses_slips_each_located_instead_of_ignoring_them() {
    let dir = parcels_folder("");
    write(
        dir.path(),
        "u.csv",
        &format!("{HEADER}A/housing,uniform,0.9,,1.1\nparcel:I2,slip,1,,1\n"),
    );
    let output = landplan()
        .current_dir(dir.path())
        .args(["report", ".", "--stress", "5", "--seed", "1"])
        .args(["--uncertainty", "u.csv", "--out", "r.md"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(!dir.path().join("r.md").exists(), "no report is written");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(
            "u.csv:3: column 'target': parcel:I2 is a readiness slip; the report's stress \
             section draws demand shocks over cells only"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("landplan stress FOLDER --uncertainty FILE"),
        "{stderr}"
    );
}
