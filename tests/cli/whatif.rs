//! `landplan run` and `landplan solve --whatif` on the shipped Lianzhou what-ifs and on
//! fixtures; each error test breaks exactly one cell of a valid what-if file.

use crate::common::{copy_folder, edit, landplan, lianzhou, root};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixture() -> PathBuf {
    root().join("tests/fixtures/whatif/valid.csv")
}

fn json_of(output: &std::process::Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

/// (tier, supplied) of a summary line.
fn tiers(line: &Value) -> Vec<(u64, String)> {
    line["tiers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["tier"].as_u64().unwrap(),
                t["supplied"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn line<'a>(summary: &'a Value, name: &str) -> &'a Value {
    summary
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["scenario"] == name)
        .unwrap_or_else(|| panic!("no line {name}"))
}

fn allocated(solve: &Value, town: &str, category: &str) -> String {
    solve["cells"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["town"] == town && c["category"] == category)
        .unwrap_or_else(|| panic!("no cell {town}/{category}"))["allocated"]
        .as_str()
        .unwrap()
        .to_string()
}

fn owned(pairs: &[(u64, &str)]) -> Vec<(u64, String)> {
    pairs.iter().map(|(t, s)| (*t, s.to_string())).collect()
}

#[test]
fn run_solves_the_shipped_whatifs_and_the_infeasible_one_does_not_stop_the_others() {
    let output = landplan()
        .args(["run", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(1),
        "one shipped what-if is infeasible on purpose"
    );
    let summary = json_of(&output);
    let names: Vec<&str> = summary
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["scenario"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "base",
            "industrial-surge",
            "cap-cut-10",
            "mid-year-restructure",
            "utility-project",
            "parks-over-reserve"
        ]
    );
    let base = line(&summary, "base");
    assert_eq!(
        tiers(base),
        owned(&[
            (1, "77.28443"),
            (2, "10.42906"),
            (3, "31.09271"),
            (4, "13.86643")
        ])
    );
    assert_eq!(base["l1_from_plan"], "0");
    // The parks' surge takes the tier-1 land it asks for; infrastructure and livelihood land
    // (tier 2) stays whole; housing (tier 3) gets the 132.72823 - 93.300333 - 10.42906 =
    // 28.998837 left, 商服 (tier 4) nothing.
    let surge = line(&summary, "industrial-surge");
    assert_eq!(
        tiers(surge),
        owned(&[
            (1, "93.300333"),
            (2, "10.42906"),
            (3, "28.998837"),
            (4, "0")
        ])
    );
    assert_eq!(surge["supplied"], "132.72823");
    assert_eq!(surge["binding"], serde_json::json!(["cap"]));
    let cut = line(&summary, "cap-cut-10");
    assert_eq!(cut["supplied"], "119.455407");
    assert_eq!(tiers(cut)[3], (4, "0.649207".to_string()));
    assert_eq!(cut["l1_from_plan"], "13.217223");
    let restructure = line(&summary, "mid-year-restructure");
    assert_eq!(restructure["supplied"], "132.67263");
    assert_eq!(
        tiers(restructure),
        owned(&[
            (1, "80.28443"),
            (2, "10.42906"),
            (3, "31.09271"),
            (4, "10.86643")
        ])
    );
    assert_eq!(
        (
            restructure["cells_changed"].as_u64(),
            restructure["l1_from_plan"].as_str()
        ),
        (Some(3), Some("6"))
    );
    let utility = line(&summary, "utility-project");
    assert_eq!(
        utility["created_cells"],
        serde_json::json!(["西岸镇/公用设施用地"])
    );
    assert_eq!(
        tiers(utility),
        owned(&[
            (1, "78.08443"),
            (2, "10.42906"),
            (3, "31.09271"),
            (4, "13.12203")
        ])
    );
    let infeasible = line(&summary, "parks-over-reserve");
    assert_eq!(infeasible["status"], "infeasible");
    let relaxation = infeasible["relaxation"].as_array().unwrap();
    assert_eq!(relaxation.len(), 1, "{relaxation:?}");
    assert!(
        relaxation[0].as_str().unwrap().contains("2.872064 ha"),
        "{relaxation:?}"
    );
}

#[test]
fn solve_whatif_gives_the_key_cells_exactly_with_lineage() {
    let output = landplan()
        .args([
            "solve",
            "--whatif",
            "industrial-surge",
            "--format",
            "json",
            "--no-marginal",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let solve = json_of(&output);
    assert_eq!(solve["scenario"], "lianzhou-2025#industrial-surge");
    // 11.440049 x 1.3 = 14.8720637, rounded half-even to the plan's 6 decimals.
    assert_eq!(allocated(&solve, "龙坪镇", "工矿仓储用地"), "14.872064");
    assert_eq!(allocated(&solve, "九陂镇", "工矿仓储用地"), "22.34621");
    assert_eq!(allocated(&solve, "东陂镇", "工矿仓储用地"), "32.18397");
    assert_eq!(allocated(&solve, "保安镇", "工矿仓储用地"), "11.840794");
    assert_eq!(allocated(&solve, "连州镇", "商服用地"), "0");
    let lineage = &solve["lineage"];
    assert_eq!(lineage["base"], "built-in:lianzhou-2025");
    assert_eq!(lineage["rows"].as_array().unwrap().len(), 2);
    assert_eq!(lineage["rows"][1]["target"], "*陂镇/工矿仓储用地");
    assert_eq!(lineage["hash"].as_str().unwrap().len(), 16);
}

#[test]
fn solve_whatif_of_the_infeasible_scenario_exits_1_with_its_relaxation() {
    let output = landplan()
        .args(["solve", "--whatif", "parks-over-reserve", "--lang", "en"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("infeasible (confirmed)"), "{text}");
    assert!(text.contains("2.872064"), "{text}");
    assert!(text.contains("extends: industrial-surge"), "{text}");
}

#[test]
fn a_whatif_file_elsewhere_with_an_extends_chain_and_a_new_tier() {
    let output = landplan()
        .arg("run")
        .arg(lianzhou())
        .arg("--whatif-file")
        .arg(fixture())
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let summary = json_of(&output);
    let surge = line(&summary, "surge");
    assert_eq!(
        tiers(surge),
        owned(&[
            (1, "84.214727"),
            (2, "10.42906"),
            (3, "31.09271"),
            (4, "6.991733")
        ])
    );
    let cut = line(&summary, "surge-cut");
    assert_eq!(
        tiers(cut),
        owned(&[
            (1, "84.214727"),
            (2, "10.42906"),
            (3, "28.084443"),
            (4, "0")
        ])
    );
    let housing = line(&summary, "housing-first");
    assert_eq!(
        tiers(housing),
        owned(&[(1, "115.307437"), (2, "7.420793"), (4, "0")])
    );
    assert_eq!(housing["rows_applied"], 3);
    let solve = landplan()
        .arg("solve")
        .arg(lianzhou())
        .arg("--whatif-file")
        .arg(fixture())
        .args(["--whatif", "surge-cut", "--format", "json", "--no-marginal"])
        .output()
        .unwrap();
    assert_eq!(solve.status.code(), Some(0));
    assert_eq!(
        json_of(&solve)["lineage"]["extends"],
        serde_json::json!(["surge"])
    );
}

#[test]
fn only_picks_scenarios_and_an_unknown_name_is_a_usage_error() {
    let output = landplan()
        .args([
            "run",
            "--whatif",
            "cap-cut-10,utility-project",
            "--format",
            "csv",
        ])
        .output()
        .unwrap();
    // utility-project's committed 西岸镇 cell has no parcel: its parcel plan is infeasible.
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8(output.stdout).unwrap();
    assert_eq!(text.lines().count(), 4, "{text}");
    let output = landplan()
        .args(["run", "--whatif", "nope"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no what-if scenario 'nope'"));
}

fn hashes(folder: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_file())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn out_writes_every_result_a_summary_and_a_manifest_without_touching_the_inputs() {
    let scenario = copy_folder(&lianzhou());
    let before = hashes(scenario.path());
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("results");
    let output = landplan()
        .arg("run")
        .arg(scenario.path())
        .arg("--out")
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(1),
        "written, and one scenario is infeasible"
    );
    assert_eq!(
        hashes(scenario.path()),
        before,
        "the scenario's inputs are untouched"
    );
    let mut names: Vec<String> = hashes(&dir).into_iter().map(|(n, _)| n).collect();
    names.sort();
    assert_eq!(
        names.len(),
        6 * 4 + 3,
        "results and parcel plan of each, summaries, manifest: {names:?}"
    );
    assert!(names.contains(&"parks-over-reserve.json".to_string()));
    assert!(names.contains(&"parks-over-reserve.parcels.csv".to_string()));
    assert!(dir.join("parks-over-reserve/cells.csv").is_file());
    let surge: Value =
        serde_json::from_slice(&std::fs::read(dir.join("industrial-surge.json")).unwrap()).unwrap();
    assert_eq!(allocated(&surge, "龙坪镇", "工矿仓储用地"), "14.872064");
    assert_eq!(surge["lineage"]["scenario"], "industrial-surge");
    let csv = std::fs::read_to_string(dir.join("cap-cut-10.csv")).unwrap();
    assert!(csv.starts_with("\u{feff}town,category,tier,plan,demand,committed,allocated,delta"));
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap();
    let entries = manifest["scenarios"].as_array().unwrap();
    assert_eq!(entries.len(), 6);
    assert_eq!(entries[5]["status"], "infeasible");
    assert_eq!(entries[1]["lineage"]["inputs"].as_array().unwrap().len(), 6);
    // A second run replaces the previous output whole.
    let again = landplan()
        .arg("run")
        .arg(scenario.path())
        .arg("--out")
        .arg(&dir)
        .args(["--whatif", "cap-cut-10"])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(
        hashes(&dir).len(),
        2 * 4 + 3,
        "the old scenarios' files are gone"
    );
    assert!(
        !dir.join("industrial-surge").exists(),
        "and so are their folders"
    );
}

#[test]
fn out_refuses_the_scenario_folder_itself() {
    let scenario = copy_folder(&lianzhou());
    let before = hashes(scenario.path());
    let output = landplan()
        .arg("run")
        .arg(scenario.path())
        .arg("--out")
        .arg(scenario.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("refusing"));
    assert_eq!(hashes(scenario.path()), before);
}

fn broken(from: &str, to: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("whatif.csv");
    std::fs::copy(fixture(), &file).unwrap();
    edit(&file, from, to);
    (dir, file)
}

fn run_error(file: &Path) -> String {
    let output = landplan()
        .arg("run")
        .arg(lianzhou())
        .arg("--whatif-file")
        .arg(file)
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    String::from_utf8(output.stderr).unwrap()
}

#[test]
fn each_broken_cell_is_a_located_error() {
    let cases = [
        (
            "*/工矿仓储用地",
            "*/矿山用地",
            ":2: column 'target': no category matches '矿山用地'",
        ),
        (
            "demand,scale",
            "budget,scale",
            ":2: column 'field': invalid value (got 'budget'",
        ),
        (
            "demand,scale",
            "demand,times",
            ":2: column 'op': invalid value (got 'times'",
        ),
        (
            "scale,1.1",
            "scale,1.1x",
            ":2: column 'value': invalid value (got '1.1x'",
        ),
        (
            "cap,add,-10",
            "cap,add,-1000",
            ":4: column 'value': after the change, the total cap (value): negative figure",
        ),
        (
            "住宅用地,tier",
            "九陂镇,tier",
            ":6: column 'target': tier is a category's figure",
        ),
        (
            "extends,,surge,",
            "extends,,housing-first,",
            ":3: column 'value': extends forms a cycle",
        ),
        (
            "extends,,surge,",
            "extends,,surge2,",
            ":3: column 'value': unknown scenario (got 'surge2'",
        ),
    ];
    for (from, to, message) in cases {
        let (_dir, file) = broken(from, to);
        let stderr = run_error(&file);
        assert!(
            stderr.contains(&format!("{}{message}", file.display())),
            "{from} -> {to}: {stderr}"
        );
    }
}

#[test]
fn a_folder_without_whatif_csv_is_a_usage_error() {
    let scenario = copy_folder(&lianzhou());
    std::fs::remove_file(scenario.path().join("whatif.csv")).unwrap();
    let output = landplan().arg("run").arg(scenario.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("whatif.csv is missing"));
}

#[test]
fn an_unknown_scenario_name_is_refused_with_the_names_there_are() {
    let output = landplan()
        .args(["solve", "--whatif", "nope"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("no what-if scenario named 'nope'") && stderr.contains("cap-cut-10"),
        "{stderr}"
    );
}

// ---- names holding / and * (issue 15) -----------------------------------------------------

/// Lianzhou with 龙坪镇 renamed `龙坪/新区*`: a name holding both target metacharacters.
fn slash_star_folder() -> tempfile::TempDir {
    let dir = copy_folder(&lianzhou());
    for file in ["towns.csv", "cells.csv"] {
        edit(&dir.path().join(file), "龙坪镇", "龙坪/新区*");
    }
    // The parcels name the town as it was: this folder is about the town's name only.
    for file in ["whatif.csv", "parcels.csv"] {
        std::fs::remove_file(dir.path().join(file)).unwrap();
    }
    dir
}

/// `solve FOLDER --whatif surge --whatif-file FILE` with FILE holding one row, `target`
/// scaling a cell's demand by 1.3; the file's path and the output.
fn solve_surge(dir: &Path, target: &str, extra: &[&str]) -> (PathBuf, std::process::Output) {
    let file = dir.join("surge.csv");
    let rows = format!("scenario,target,field,op,value\nsurge,{target},demand,scale,1.3\n");
    std::fs::write(&file, rows).unwrap();
    let output = landplan()
        .arg("solve")
        .arg(dir)
        .args(["--whatif", "surge", "--whatif-file"])
        .arg(&file)
        .args(extra)
        .output()
        .unwrap();
    (file, output)
}

#[test]
fn a_name_with_a_slash_and_a_star_is_reached_by_backslash_escapes() {
    let dir = slash_star_folder();
    let (_, output) = solve_surge(
        dir.path(),
        "龙坪\\/新区\\*/工矿仓储用地",
        &["--format", "json", "--no-marginal"],
    );
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    // The same figure as the shipped industrial-surge gives 龙坪镇: 11.440049 x 1.3.
    assert_eq!(
        allocated(&json_of(&output), "龙坪/新区*", "工矿仓储用地"),
        "14.872064"
    );
}

#[test]
fn an_unescaped_slash_splits_the_target_and_says_what_matched_nothing() {
    let dir = slash_star_folder();
    let (file, output) = solve_surge(dir.path(), "龙坪/新区\\*/工矿仓储用地", &[]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!(
            "{}:2: column 'target': no town matches '龙坪'",
            file.display()
        )),
        "{stderr}"
    );
}

#[test]
fn sweep_reaches_an_escaped_town_capacity() {
    let dir = slash_star_folder();
    let output = landplan()
        .arg("sweep")
        .arg(dir.path())
        .args([
            "--param",
            "capacity:龙坪\\/新区\\*",
            "--from",
            "12",
            "--to",
            "0",
        ])
        .args(["--steps", "2", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let report = json_of(&output);
    assert_eq!(report["param"], "capacity:龙坪/新区*", "{report}");
    // At capacity 0 the town's whole tier-1 cell is cut.
    assert_eq!(report["points"][2]["shortfall"][0], "11.440049", "{report}");
}

#[test]
fn a_whatif_run_reports_every_problem_of_the_base_like_the_base_alone() {
    let folder = crate::common::copy_folder(&lianzhou());
    crate::common::edit(
        &folder.path().join("cells.csv"),
        "连州镇,住宅用地,29.488274,,",
        "连州镇,住宅用地,29.488274,abc,",
    );
    crate::common::edit(
        &folder.path().join("towns.csv"),
        "九陂镇,20.787878,",
        "九陂镇,20.787878,-1",
    );
    let stderr = |args: &[&str]| {
        let output = landplan()
            .arg("solve")
            .arg(folder.path())
            .args(args)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2));
        String::from_utf8(output.stderr).unwrap()
    };
    let base = stderr(&[]);
    assert!(base.contains("2 problems"), "{base}");
    assert_eq!(stderr(&["--whatif", "cap-cut-10"]), base);
}
