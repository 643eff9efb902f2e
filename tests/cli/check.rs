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

/// methods.csv in the scenario folder: a 划拨 商服 row is against the rules (国土资源部令
/// 第9号), so the check fails and names the row's line and the regulation; 招拍挂 for
/// industry is allowed; 出让 without its manner asks to be verified but breaks nothing.
#[test]
fn a_commercial_row_by_allocation_in_methods_csv_is_flagged_at_its_line() {
    let dir = crate::common::copy_folder(&lianzhou());
    std::fs::write(
        dir.path().join("methods.csv"),
        "category,method,plan,min,max\n工矿仓储用地,招拍挂出让,,,\n商服用地,划拨,10%,,\n住宅用地,出让,,,\n",
    )
    .unwrap();
    let folder = dir.path().display().to_string();
    let (code, json, _) = check(&[&format!("plan:{folder}"), "--against", &folder]);
    assert_eq!(code, Some(1));
    assert_eq!(json["broken"], 1);
    let flagged = json["method_violations"].as_array().unwrap();
    assert_eq!(flagged.len(), 2, "{flagged:?}");
    assert_eq!(flagged[0]["kind"], "forbidden");
    assert_eq!(
        (&flagged[0]["category"], &flagged[0]["method"]),
        (&"商服用地".into(), &"划拨".into())
    );
    assert!(flagged[0]["location"]
        .as_str()
        .unwrap()
        .ends_with("methods.csv:3"));
    assert!(flagged[0]["citation"]
        .as_str()
        .unwrap()
        .contains("国土资源部令第9号"));
    assert_eq!(flagged[1]["kind"], "verify");
    let text = landplan()
        .args(["check", &format!("plan:{folder}"), "--against", &folder])
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.contains("methods.csv:3: 商服用地 supplied by allocation (划拨) is not allowed"),
        "{text}"
    );
}

/// Every problem of methods.csv at once, each at its line and column.
#[test]
fn a_broken_methods_csv_is_refused_with_every_problem_located() {
    let dir = crate::common::copy_folder(&lianzhou());
    std::fs::write(
        dir.path().join("methods.csv"),
        "category,method,plan,min,max\n商服用地,赠与,,,\n某用地,划拨,,,\n住宅用地,招拍挂出让,120%,,\n住宅用地,挂牌出让,,5,2\n",
    )
    .unwrap();
    let folder = dir.path().display().to_string();
    let (code, _, stderr) = check(&[&format!("plan:{folder}"), "--against", &folder]);
    assert_eq!(code, Some(2), "{stderr}");
    for expected in [
        "methods.csv:2: column 'method': invalid value (got '赠与'",
        "methods.csv:3: column 'category': unknown category",
        "methods.csv:4: column 'plan': invalid value (got '120%'",
        "methods.csv:5: column 'min': the minimum is above the maximum",
    ] {
        assert!(stderr.contains(expected), "{expected}\n{stderr}");
    }
}
