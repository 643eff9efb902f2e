//! `landplan compare` between published plans, solved what-ifs and saved allocations.

use crate::common::{landplan, lianzhou};
use serde_json::Value;
use std::collections::BTreeMap;

fn compare(a: &str, b: &str) -> (Option<i32>, Value) {
    let output = landplan()
        .args(["compare", a, b, "--format", "json"])
        .output()
        .unwrap();
    let json = serde_json::from_slice(&output.stdout).unwrap_or(Value::Null);
    (output.status.code(), json)
}

fn deltas(json: &Value, level: &str) -> BTreeMap<String, String> {
    json[level]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["name"].as_str().unwrap().to_string(),
                r["delta"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn negated(text: &str) -> String {
    match text.strip_prefix('-') {
        Some(positive) => positive.to_string(),
        None if text == "0" => "0".to_string(),
        None => format!("-{text}"),
    }
}

#[test]
fn a_folder_plan_compared_with_itself_shows_no_change() {
    let folder = lianzhou().display().to_string();
    let (code, json) = compare(&format!("plan:{folder}"), &folder);
    assert_eq!(code, Some(0));
    assert_eq!(json["total_abs_change"], "0");
    assert_eq!(json["cells_changed"], 0);
    assert_eq!(json["appeared"], serde_json::json!([]));
    for level in ["cells", "towns", "categories", "tiers"] {
        assert!(deltas(&json, level).values().all(|d| d == "0"), "{level}");
    }
    assert_eq!(json["cells"].as_array().unwrap().len(), 25);
}

#[test]
fn swapping_a_and_b_gives_opposite_deltas() {
    // Exit 1: the cells solve, but utility-project commits a cell no parcel is in, so its
    // whole-parcel plan is infeasible (tests/cli/parcels_compare.rs).
    let (code, ab) = compare("plan:", "#utility-project");
    assert_eq!(code, Some(1));
    let (_, ba) = compare("#utility-project", "plan:");
    for level in ["cells", "towns", "categories", "tiers"] {
        let (one, other) = (deltas(&ab, level), deltas(&ba, level));
        assert_eq!(one.len(), other.len());
        for (name, delta) in &one {
            assert_eq!(negated(delta), other[name], "{level} {name}");
        }
    }
    assert_eq!(ab["appeared"], serde_json::json!(["西岸镇/公用设施用地"]));
    assert_eq!(ba["vanished"], ab["appeared"]);
    assert_eq!(ab["total"]["delta"], "0.0556");
    assert_eq!(ab["total_abs_change"], "1.5444");
    // Sorted by size of change: the new 0.8 ha cell first, then the commercial cut in 连州镇.
    assert_eq!(ab["cells"][0]["name"], "西岸镇/公用设施用地");
    assert_eq!(ab["cells"][0]["percent"], Value::Null);
    assert_eq!(ab["categories"][0]["name"], "公用设施用地");
}

#[test]
fn saved_solve_outputs_compare_like_the_scenario_they_came_from() {
    let dir = tempfile::tempdir().unwrap();
    for format in ["json", "csv"] {
        let file = dir.path().join(format!("cut.{format}"));
        let status = landplan()
            .args([
                "solve",
                "--whatif",
                "cap-cut-10",
                "--no-marginal",
                "--format",
                format,
                "--out",
            ])
            .arg(&file)
            .output()
            .unwrap();
        assert_eq!(status.status.code(), Some(0));
        let (code, json) = compare("#cap-cut-10", file.to_str().unwrap());
        assert_eq!(code, Some(0), "{format}");
        assert_eq!(json["total_abs_change"], "0", "{format}");
        let (_, json) = compare("plan:", file.to_str().unwrap());
        assert_eq!(json["total"]["delta"], "-13.217223", "{format}");
        assert_eq!(json["tiers"][0]["name"], "tier 4", "{format}");
    }
}

#[test]
fn a_hand_typed_allocation_with_aliases_is_matched_to_the_plan() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("mine.csv");
    std::fs::write(
        &file,
        "town,category,allocated\n龙坪镇,industrial,12.440049\n",
    )
    .unwrap();
    let (code, json) = compare("plan:", file.to_str().unwrap());
    assert_eq!(code, Some(0));
    let cells = deltas(&json, "cells");
    assert_eq!(cells["龙坪镇/工矿仓储用地"], "1");
    assert_eq!(json["vanished"].as_array().unwrap().len(), 24);
    assert_eq!(json["tiers"].as_array().unwrap().len(), 4);
}

#[test]
fn an_infeasible_scenario_has_nothing_to_compare() {
    let output = landplan()
        .args(["compare", "plan:", "#parks-over-reserve", "--lang", "en"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.contains("is infeasible: there is no allocation to compare"),
        "{text}"
    );
}

#[test]
fn a_broken_allocation_file_is_a_located_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("mine.csv");
    std::fs::write(&file, "town,category,allocated\n龙坪镇,工矿仓储用地,12,5\n").unwrap();
    let output = landplan()
        .args(["compare", "plan:"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains(&format!(
            "{}:2: a value in field 4, past the header's 3 fields",
            file.display()
        )),
        "{stderr}"
    );
}

#[test]
fn every_format_renders() {
    for format in ["table", "csv", "md"] {
        let output = landplan()
            .args(["compare", "plan:", "#cap-cut-10", "--format", format])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0));
        let text = String::from_utf8(output.stdout).unwrap();
        assert!(text.contains("商服用地"), "{format}: {text}");
    }
}
