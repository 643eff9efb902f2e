//! `landplan check`: any allocation judged by the scenario's rules.

use crate::common::{landplan, lianzhou};
use serde_json::Value;

fn check(args: &[&str]) -> (Option<i32>, Value, String) {
    let output = landplan()
        .arg("check")
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let json = serde_json::from_slice(&output.stdout).unwrap_or(Value::Null);
    (
        output.status.code(),
        json,
        String::from_utf8(output.stderr).unwrap(),
    )
}

fn write(dir: &tempfile::TempDir, text: &str) -> String {
    let file = dir.path().join("mine.csv");
    std::fs::write(&file, text).unwrap();
    file.display().to_string()
}

/// The status of the 经营性用地 cap in a check's JSON.
fn operating_land_rule(json: &Value) -> &Value {
    json["constraints"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["constraint"] == "rule:经营性用地总量")
        .unwrap()
}

#[test]
fn the_published_plan_meets_every_rule_of_its_own_scenario() {
    let folder = lianzhou().display().to_string();
    let (code, json, _) = check(&[&format!("plan:{folder}"), "--against", &folder]);
    assert_eq!(code, Some(0));
    assert_eq!(json["broken"], 0);
    assert_eq!(json["supplied"], "132.67263");
    let cap = &json["constraints"][0];
    assert_eq!(
        (cap["constraint"].as_str(), cap["slack"].as_str()),
        (Some("cap"), Some("0.0556"))
    );
    assert_eq!(json["tiers"][3]["fill"], "1");
}

#[test]
fn a_hand_typed_allocation_is_judged_cell_by_cell_and_rule_by_rule() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        &dir,
        "乡镇,用地类型,allocated\n连州镇,住宅用地,40\n连州镇,商服用地,9.597654\n九陂镇,industrial,10\n西岸镇,公用设施用地,0.5\n",
    );
    let (code, json, _) = check(&[&file]);
    assert_eq!(code, Some(1));
    let rule = operating_land_rule(&json);
    assert_eq!(
        (rule["status"].as_str(), rule["slack"].as_str()),
        (Some("broken"), Some("-4.582914"))
    );
    let breaches = json["cell_breaches"].as_array().unwrap();
    assert_eq!(breaches.len(), 2, "{breaches:?}");
    assert_eq!(breaches[0]["cell"], "连州镇/住宅用地");
    assert_eq!(breaches[0]["by"], "10.511726");
    assert_eq!(breaches[1]["cell"], "西岸镇/公用设施用地");
    assert_eq!(
        json["cells_outside_scenario"],
        serde_json::json!(["西岸镇/公用设施用地"])
    );
    assert_eq!(
        json["cells_missing_taken_as_zero"]
            .as_array()
            .unwrap()
            .len(),
        22
    );
    assert_eq!(json["broken"], 3);
}

#[test]
fn a_broken_rule_is_reported_with_how_much() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(&dir, "town,category,allocated\n连州镇,住宅用地,29.488274\n连州镇,商服用地,9.597654\n九陂镇,商服用地,2.968205\n西岸镇,住宅用地,1.604436\n西岸镇,商服用地,0.440471\n东陂镇,商服用地,3\n");
    let (code, json, _) = check(&[&file]);
    assert_eq!(code, Some(1));
    let rule = operating_land_rule(&json);
    assert_eq!(rule["status"], "broken");
    assert_eq!(rule["slack"], "-2.0843");
}

#[test]
fn a_solved_whatif_checked_against_its_own_scenario_holds_and_against_another_breaks() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("surge.csv");
    let status = landplan()
        .args([
            "solve",
            "--whatif",
            "industrial-surge",
            "--no-marginal",
            "--format",
            "csv",
            "--out",
        ])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(status.status.code(), Some(0));
    let file = file.display().to_string();
    let (code, json, _) = check(&[&file, "--against", "#industrial-surge"]);
    assert_eq!((code, json["broken"].as_u64()), (Some(0), Some(0)));
    let (code, json, _) = check(&[&file]);
    assert_eq!(
        code,
        Some(1),
        "the published demand is smaller than the surge"
    );
    assert_eq!(json["cell_breaches"].as_array().unwrap().len(), 3);
    let (code, json, _) = check(&["plan:", "--against", "#parks-over-reserve"]);
    assert_eq!(code, Some(1));
    assert_eq!(json["cell_breaches"][0]["bound"], "committed");
}

#[test]
fn unknown_names_in_the_allocation_file_are_located_errors() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        &dir,
        "town,category,allocated\n龙坪镇,工矿仓储用地,1\n无名镇,商服用地,1\n龙坪镇,矿山用地,x\n",
    );
    let (code, _, stderr) = check(&[&file]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains(&format!("{file}:4: column 'allocated': invalid value")),
        "{stderr}"
    );
    let file = write(
        &dir,
        "town,category,allocated\n龙坪镇,工矿仓储用地,1\n无名镇,商服用地,1\n",
    );
    let (code, _, stderr) = check(&[&file]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains(&format!(
            "{file}:3: column 'town': unknown town (got '无名镇'"
        )),
        "{stderr}"
    );
}

#[test]
fn every_format_renders() {
    for format in ["table", "csv", "md"] {
        let output = landplan()
            .args(["check", "plan:", "--format", format])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0));
        assert!(
            String::from_utf8(output.stdout)
                .unwrap()
                .contains("经营性用地总量"),
            "{format}"
        );
    }
}
