//! Every audit check, one at a time: the consistent Lianzhou fixture (the seed's housing gap
//! closed) audits clean, and each test breaks exactly one figure of it and asserts the one
//! finding that follows, with exact figures and the row at fault.

use crate::common::{copy_folder, edit, fixture, run_in};
use std::path::Path;

fn consistent() -> std::path::PathBuf {
    fixture("lianzhou-2025-consistent")
}

fn broken(file: &str, from: &str, to: &str) -> tempfile::TempDir {
    let dir = copy_folder(&consistent());
    edit(&dir.path().join(file), from, to);
    dir
}

/// The findings of an audit that must find something (exit 1), as JSON.
fn findings(dir: &Path) -> Vec<serde_json::Value> {
    let output = run_in(dir, &["audit", ".", "--format", "json"]);
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    json["findings"].as_array().unwrap().clone()
}

/// Asserts one finding: check, scope, expected, actual, difference, location and message.
fn assert_finding(finding: &serde_json::Value, fields: [&str; 7]) {
    let [check, scope, expected, actual, difference, location, message] = fields;
    assert_eq!(finding["check"], check, "{finding:#}");
    assert_eq!(finding["scope"], scope, "{finding:#}");
    assert_eq!(finding["expected"], expected, "{finding:#}");
    assert_eq!(finding["actual"], actual, "{finding:#}");
    assert_eq!(finding["difference"], difference, "{finding:#}");
    assert_eq!(finding["location"], location, "{finding:#}");
    assert_eq!(finding["message"], message, "{finding:#}");
}

#[test]
fn a_consistent_plan_audits_clean_in_every_format() {
    let dir = consistent();
    let expected = [
        ("table", "audit of lianzhou-2025-consistent: no inconsistencies found\n".to_string()),
        ("csv", "\u{feff}check,scope,expected,actual,difference,location,message\n".to_string()),
        ("md", "# Audit of lianzhou-2025-consistent\n\nNo inconsistencies found.\n".to_string()),
        (
            "json",
            "{\n  \"scenario\": \"lianzhou-2025-consistent\",\n  \"unit\": \"ha\",\n  \"findings\": [],\n  \"parcels\": []\n}\n"
                .to_string(),
        ),
    ];
    for (format, text) in expected {
        let output = run_in(&dir, &["audit", ".", "--format", format, "--lang", "en"]);
        assert_eq!(output.status.code(), Some(0), "{format}");
        assert_eq!(String::from_utf8_lossy(&output.stdout), text, "{format}");
        assert!(output.stderr.is_empty());
    }
}

#[test]
fn the_consistent_fixture_differs_from_the_seed_only_by_the_housing_gap() {
    let seed = crate::common::lianzhou();
    for (file, from, to) in [
        (
            "cells.csv",
            "连州镇,住宅用地,29.488274,,",
            "连州镇,住宅用地,29.543874,,",
        ),
        ("towns.csv", "连州镇,48.692234,", "连州镇,48.747834,"),
    ] {
        let seed_text = std::fs::read_to_string(seed.join(file)).unwrap();
        let fixed = std::fs::read_to_string(consistent().join(file)).unwrap();
        assert_eq!(seed_text.replacen(from, to, 1), fixed, "{file}");
    }
}

#[test]
fn category_totals_above_an_at_most_cap() {
    let dir = broken(
        "categories.csv",
        "商服用地,4,13.86643",
        "商服用地,4,14.86643",
    );
    let found = findings(dir.path());
    assert_eq!(found.len(), 2, "{found:#?}");
    assert_finding(
        &found[0],
        [
            "categories_vs_cap",
            "total",
            "132.72823",
            "133.72823",
            "1",
            "./scenario.csv:5",
            "the category totals add up to 133.72823 ha, 1 ha above the cap 132.72823 ha",
        ],
    );
    assert_finding(
        &found[1],
        [
            "cells_vs_category",
            "商服用地",
            "14.86643",
            "13.86643",
            "1",
            "./categories.csv:8",
            "category 商服用地: its town x category figures add up to 13.86643 ha against the published 14.86643 ha; 1 ha is assigned to no town",
        ],
    );
}

#[test]
fn an_about_cap_is_worded_as_about() {
    let dir = copy_folder(&consistent());
    edit(
        &dir.path().join("scenario.csv"),
        "cap_kind,at_most",
        "cap_kind,约",
    );
    edit(&dir.path().join("scenario.csv"), "cap,132.72823", "cap,130");
    let found = findings(dir.path());
    assert_eq!(found.len(), 2, "{found:#?}");
    assert_eq!(
        found[0]["message"],
        "the category totals add up to 132.72823 ha, 2.72823 ha above the stated total of about 130 ha"
    );
    assert_eq!(found[1]["check"], "towns_vs_cap");
}

#[test]
fn a_town_whose_cells_exceed_its_total() {
    let dir = broken(
        "cells.csv",
        "保安镇,交通运输用地,2.1443",
        "保安镇,交通运输用地,2.2443",
    );
    let found = findings(dir.path());
    assert_eq!(found.len(), 2, "{found:#?}");
    assert_finding(
        &found[0],
        [
            "cells_vs_town",
            "保安镇",
            "13.985094",
            "14.085094",
            "0.1",
            "./towns.csv:4",
            "town 保安镇: its town x category figures add up to 14.085094 ha, 0.1 ha above the published 13.985094 ha",
        ],
    );
    assert_eq!(found[1]["check"], "cells_vs_category");
    assert_eq!(found[1]["scope"], "交通运输用地");
}

#[test]
fn a_category_total_below_its_minimum() {
    let dir = broken(
        "categories.csv",
        "住宅用地,3,31.14831,,",
        "住宅用地,3,31.14831,35,",
    );
    let found = findings(dir.path());
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_finding(
        &found[0],
        [
            "category_bounds",
            "住宅用地",
            "35",
            "31.14831",
            "3.85169",
            "./categories.csv:4",
            "category 住宅用地: published total 31.14831 ha is below its minimum 35 ha",
        ],
    );
}

#[test]
fn a_category_total_above_its_maximum() {
    let dir = broken(
        "categories.csv",
        "商服用地,4,13.86643,,",
        "商服用地,4,13.86643,,12",
    );
    let found = findings(dir.path());
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        found[0]["message"],
        "category 商服用地: published total 13.86643 ha is above its maximum 12 ha"
    );
}

#[test]
fn a_town_total_above_its_capacity() {
    let dir = broken("towns.csv", "九陂镇,20.787878,", "九陂镇,20.787878,20");
    let found = findings(dir.path());
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_finding(
        &found[0],
        [
            "town_capacity",
            "九陂镇",
            "20",
            "20.787878",
            "0.787878",
            "./towns.csv:3",
            "town 九陂镇: published total 20.787878 ha is above its capacity 20 ha",
        ],
    );
}

#[test]
fn a_cell_above_its_demand_and_one_below_its_committed_land() {
    let dir = copy_folder(&consistent());
    edit(
        &dir.path().join("cells.csv"),
        "星子镇,公用设施用地,1.624511,,",
        "星子镇,公用设施用地,1.624511,1.5,",
    );
    edit(
        &dir.path().join("cells.csv"),
        "大路边镇,公用设施用地,1.3492,,",
        "大路边镇,公用设施用地,1.3492,2,1.4",
    );
    let found = findings(dir.path());
    assert_eq!(found.len(), 2, "{found:#?}");
    assert_finding(
        &found[0],
        [
            "cell_bounds",
            "大路边镇/公用设施用地",
            "1.4",
            "1.3492",
            "0.0508",
            "./cells.csv:16",
            "大路边镇/公用设施用地: the published figure 1.3492 ha is below the committed land 1.4 ha",
        ],
    );
    assert_finding(
        &found[1],
        [
            "cell_bounds",
            "星子镇/公用设施用地",
            "1.5",
            "1.624511",
            "0.124511",
            "./cells.csv:17",
            "星子镇/公用设施用地: the published figure 1.624511 ha is above the demand 1.5 ha",
        ],
    );
}

#[test]
fn committed_land_above_the_cap() {
    let dir = broken(
        "cells.csv",
        "龙坪镇,工矿仓储用地,11.440049,,",
        "龙坪镇,工矿仓储用地,11.440049,200,150",
    );
    let found = findings(dir.path());
    assert_eq!(found.len(), 2, "{found:#?}");
    assert_eq!(found[0]["check"], "cell_bounds");
    assert_finding(
        &found[1],
        [
            "committed_vs_cap",
            "total",
            "132.72823",
            "150",
            "17.27177",
            "./scenario.csv:5",
            "committed land adds up to 150 ha, above the cap 132.72823 ha: no allocation can keep the cap",
        ],
    );
}

#[test]
fn a_minimum_share_the_plan_misses() {
    let dir = broken(
        "rules.csv",
        "max,45.01474",
        "max,45.01474\n住宅用地占比,residential,*,min,30%",
    );
    let found = findings(dir.path());
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_finding(
        &found[0],
        [
            "rule",
            "住宅用地占比",
            "39.818469",
            "31.14831",
            "8.670159",
            "./rules.csv:3",
            "rule 住宅用地占比: the published plan gives 31.14831 ha where the rule allows at least 39.818469 ha (30% of the 132.72823 ha supplied)",
        ],
    );
}

#[test]
fn the_operating_land_rule_holds_at_its_limit_and_breaks_just_above() {
    // 经营性用地 (商服 + 住宅) is exactly 45.01474 ha in the consistent plan: the rule holds.
    let dir = broken(
        "cells.csv",
        "西岸镇,商服用地,0.440471",
        "西岸镇,商服用地,0.440472",
    );
    edit(
        &dir.path().join("towns.csv"),
        "西岸镇,2.044907",
        "西岸镇,2.044908",
    );
    edit(
        &dir.path().join("categories.csv"),
        "商服用地,4,13.86643",
        "商服用地,4,13.866431",
    );
    edit(
        &dir.path().join("scenario.csv"),
        "cap,132.72823",
        "cap,132.728231",
    );
    let found = findings(dir.path());
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_finding(
        &found[0],
        [
            "rule",
            "经营性用地总量",
            "45.01474",
            "45.014741",
            "0.000001",
            "./rules.csv:2",
            "rule 经营性用地总量: the published plan gives 45.014741 ha where the rule allows at most 45.01474 ha",
        ],
    );
}

#[test]
fn a_header_only_cells_file_lays_out_nothing_and_says_so() {
    let dir = copy_folder(&consistent());
    std::fs::write(
        dir.path().join("cells.csv"),
        "town,category,plan,demand,committed\n",
    )
    .unwrap();
    let found = findings(dir.path());
    // Every town (10) and every category (7) has a published total its cells do not reach.
    assert_eq!(found.len(), 17, "{found:#?}");
    assert!(found[..10].iter().all(|f| f["check"] == "cells_vs_town"));
    assert!(found[10..]
        .iter()
        .all(|f| f["check"] == "cells_vs_category"));
    let housing = found.iter().find(|f| f["scope"] == "住宅用地").unwrap();
    assert_eq!(housing["actual"], "0");
    assert_eq!(housing["difference"], "31.14831");
}

#[test]
fn cells_may_name_towns_and_categories_by_alias_synonym_or_full_width() {
    let dir = copy_folder(&consistent());
    let towns = std::fs::read_to_string(dir.path().join("towns.csv"))
        .unwrap()
        .replace("town,plan,capacity", "town,plan,capacity,alias")
        .replace("连州镇,48.747834,", "连州镇,48.747834,,Lianzhou;连州");
    std::fs::write(dir.path().join("towns.csv"), towns).unwrap();
    let cells = std::fs::read_to_string(dir.path().join("cells.csv"))
        .unwrap()
        .replace("连州镇,住宅用地", "lianzhou,residential")
        .replace("连州镇,商服用地", "连州,商服")
        .replace("连州镇,工矿仓储用地", "连州镇,Industrial")
        .replace("九陂镇,公用设施用地", "九陂镇　,public_utility")
        .replace("保安镇,交通运输用地", "保安镇,交通运输")
        .replace("西岸镇,住宅用地", "西岸镇,居住用地");
    std::fs::write(dir.path().join("cells.csv"), cells).unwrap();
    let output = run_in(dir.path(), &["audit", ".", "--lang", "en"]);
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "audit of lianzhou-2025-consistent: no inconsistencies found\n",
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(output.status.code(), Some(0));
}
