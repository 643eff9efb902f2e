//! `landplan compare` and `landplan sweep` with a parcel list: each side's (each grid value's)
//! whole-parcel plan beside the cell figures, hand-checked on the shipped Lianzhou parcels
//! (illustrative).
//!
//! The figures all come from the list: tiers 1 to 3 take 77.28443 + 10.42906 + 31.09271 =
//! 118.8062 ha; the seven commercial parcels (tier 4, 13.86643 ha) are 4.798827 (LZ01-021),
//! 2.879296 (LZ01-022), 1.919531 (LZ01-023), 1.780923 (LZ02-081), 1.187282 (LZ02-082),
//! 0.8601 (LZ09-211) and 0.440471 (LZ07-181); the housing parcels (tier 3) are 11.79531,
//! 8.846482, 5.897655 (committed), 2.948827 and 1.604436 (LZ07-171).

use crate::common::{copy_folder, landplan, lianzhou, parcel_slip_folder, run_in, write};
use serde_json::Value;

/// `landplan compare A B --format json` in `dir` (the built-in scenario when `None`).
fn compare(dir: Option<&std::path::Path>, a: &str, b: &str) -> (Option<i32>, Value) {
    let args = ["compare", a, b, "--format", "json"];
    let output = match dir {
        Some(dir) => run_in(dir, &args),
        None => landplan().args(args).output().unwrap(),
    };
    let json = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&output.stderr)));
    (output.status.code(), json)
}

/// Asserts that `text` holds every one of `parts`.
fn assert_contains(text: &str, parts: &[&str]) {
    for part in parts {
        assert!(text.contains(part), "{part} missing in\n{text}");
    }
}

/// A plan's tier figures, in tier order.
fn tiers(plan: &Value) -> Vec<&str> {
    plan["tiers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["supplied"].as_str().unwrap())
        .collect()
}

/// The rows A, B and delta of the parcel figures, by name.
fn row<'a>(json: &'a Value, name: &str) -> (&'a str, &'a str, &'a str) {
    let row = json["parcels"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == name)
        .unwrap_or_else(|| panic!("no row {name}"));
    let text = |key: &str| row[key].as_str().unwrap();
    (text("a"), text("b"), text("delta"))
}

#[test]
fn the_cap_cut_defers_six_commercial_parcels_against_the_published_plan() {
    let (code, json) = compare(None, "plan:", "#cap-cut-10");
    assert_eq!(code, Some(0));
    let parcels = &json["parcels"];
    // The published plan's parcel plan supplies every parcel, each tier its published figure.
    assert_eq!(parcels["a"]["status"], "planned");
    assert_eq!(
        (
            parcels["a"]["supplied"].as_u64(),
            parcels["a"]["deferred"].as_u64()
        ),
        (Some(45), Some(0))
    );
    assert_eq!(
        tiers(&parcels["a"]),
        ["77.28443", "10.42906", "31.09271", "13.86643"]
    );
    // cap-cut-10: cap 132.72823 x 0.9 = 119.455407; tiers 1-3 whole leave 0.649207 ha for
    // commercial land, where only LZ07-181 (0.440471) fits: the next smallest is 0.8601.
    // The continuous plan gives tier 4 all 0.649207 ha.
    assert_eq!(
        tiers(&parcels["b"]),
        ["77.28443", "10.42906", "31.09271", "0.440471"]
    );
    assert_eq!(
        (
            parcels["b"]["supplied"].as_u64(),
            parcels["b"]["deferred"].as_u64()
        ),
        (Some(39), Some(6))
    );
    assert!(parcels["b"]["tiers"]
        .as_array()
        .unwrap()
        .iter()
        .all(|t| t["optimal"] == true));
    assert_eq!(row(&json, "parcels supplied"), ("45", "39", "-6"));
    assert_eq!(row(&json, "parcels deferred"), ("0", "6", "6"));
    // 132.67263 - 13.86643 + 0.440471 = 119.246671.
    assert_eq!(
        row(&json, "total"),
        ("132.67263", "119.246671", "-13.425959")
    );
    assert_eq!(row(&json, "tier 4"), ("13.86643", "0.440471", "-13.425959"));
    assert_eq!(row(&json, "tier 1"), ("77.28443", "77.28443", "0"));
    let tier4 = &json["tiers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "tier 4")
        .unwrap()["b"];
    assert_eq!(tier4, "0.649207", "the continuous plan beside it");
    // The six other commercial parcels wait, each deferred by the cap; the rest of the
    // changes are supplied parcels moved to another quarter by the evener schedule.
    let mut deferred = Vec::new();
    for change in parcels["changes"].as_array().unwrap() {
        let (a, b) = (change["a"].as_str().unwrap(), change["b"].as_str().unwrap());
        assert!(a.starts_with("供应（"), "{change}");
        if b.starts_with("暂缓") {
            assert_eq!(b, "暂缓：供应总量上限已用足", "{change}");
            deferred.push(change["parcel"].as_str().unwrap());
        } else {
            assert!(b.starts_with("供应（") && a != b, "{change}");
        }
    }
    assert_eq!(
        deferred,
        ["LZ01-021", "LZ01-022", "LZ01-023", "LZ02-081", "LZ02-082", "LZ09-211"]
    );
}

#[test]
fn a_withdrawn_and_a_delayed_parcel_in_each_format() {
    let dir = parcel_slip_folder("whatif.csv");
    let (code, json) = compare(Some(dir.path()), "plan:.", ".#slip");
    assert_eq!(code, Some(0));
    // The parcel rows leave the cells alone: no cell changes.
    assert_eq!(json["total_abs_change"], "0");
    // A's 45 parcels all supplied; B's list has 44 (LZ01-071 withdrawn), 43 supplied and
    // LZ01-011 deferred: tier 2 loses 0.4084 (10.02066), tier 3 11.79531 (19.2974), and
    // 132.67263 - 0.4084 - 11.79531 = 120.46892.
    assert_eq!(row(&json, "parcels supplied"), ("45", "43", "-2"));
    assert_eq!(row(&json, "parcels deferred"), ("0", "1", "1"));
    assert_eq!(row(&json, "total"), ("132.67263", "120.46892", "-12.20371"));
    assert_eq!(row(&json, "tier 2"), ("10.42906", "10.02066", "-0.4084"));
    assert_eq!(row(&json, "tier 3"), ("31.09271", "19.2974", "-11.79531"));
    let changes = json["parcels"]["changes"].as_array().unwrap();
    let standing = |id: &str| {
        let change = changes.iter().find(|c| c["parcel"] == id).unwrap();
        (change["a"].as_str().unwrap(), change["b"].as_str().unwrap())
    };
    // LZ01-071 is ready only in Q4.
    assert_eq!(standing("LZ01-071"), ("供应（四季度）", "未列入地块清单"));
    assert_eq!(
        standing("LZ01-011").1,
        "暂缓：本年度不具备供应条件（五（四））"
    );

    let output = run_in(
        dir.path(),
        &[
            "compare", "plan:.", ".#slip", "--format", "md", "--lang", "en",
        ],
    );
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).unwrap();
    assert_contains(
        &text,
        &[
            "## Whole-parcel plans (五（一）: a parcel is supplied whole or waits)",
            "- A: every tier proven optimal",
            "| parcels supplied | 45 | 43 | -2 | -4.44 |  |  |",
            "| tier 3 | 31.09271 | 19.2974 | -11.79531 | -37.94 | 23.44 | 16.02 |",
            "## Parcels whose decision changes, A to B",
            "| LZ01-071 | supply (Q4) | not listed |",
            "| LZ01-011 | supply (Q3) | defer: not ready this year (五（四）) |",
        ],
    );

    let output = run_in(
        dir.path(),
        &["compare", "plan:.", ".#slip", "--format", "csv", "--no-bom"],
    );
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.contains("\nparcels,tier 2,10.42906,10.02066,-0.4084,"),
        "{text}"
    );
    assert!(
        text.contains("\nparcel,LZ01-071,供应（四季度）,未列入地块清单,,,,\n"),
        "{text}"
    );

    let output = run_in(dir.path(), &["compare", "plan:.", ".#slip"]);
    let text = String::from_utf8(output.stdout).unwrap();
    assert_contains(
        &text,
        &[
            "整宗地块供应方案",
            "供应宗数",
            "安排有变化的地块（甲 → 乙）",
            "10.02066",
        ],
    );
}

#[test]
fn a_parcel_list_with_no_plan_fails_the_comparison_and_says_what_it_breaks() {
    // utility-project commits 0.8 ha of 西岸镇/公用设施用地, a cell no parcel is in.
    let (code, json) = compare(None, "plan:", "#utility-project");
    assert_eq!(code, Some(1));
    let parcels = &json["parcels"];
    assert_eq!(parcels["b"]["status"], "infeasible");
    assert_eq!(parcels["b"]["supplied"], Value::Null);
    assert!(
        parcels["b"]["note"]
            .as_str()
            .unwrap()
            .ends_with("突破西岸镇公用设施用地已落实量 0.8"),
        "{}",
        parcels["b"]
    );
    assert!(parcels["rows"].as_array().unwrap().is_empty());
    let changes = parcels["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 45);
    assert!(changes.iter().all(|c| c["b"] == "无可行方案"));
}

#[test]
fn without_two_parcel_lists_there_is_no_parcel_comparison() {
    let dir = copy_folder(&lianzhou());
    write(
        dir.path(),
        "mine.csv",
        "town,category,allocated\n连州镇,住宅用地,29\n",
    );
    let (code, json) = compare(Some(dir.path()), "plan:.", "mine.csv");
    assert_eq!(code, Some(0));
    assert!(json.get("parcels").is_none());
    std::fs::remove_file(dir.path().join("parcels.csv")).unwrap();
    let (_, json) = compare(Some(dir.path()), "plan:.", ".#cap-cut-10");
    assert!(json.get("parcels").is_none());
    let output = run_in(
        dir.path(),
        &[
            "sweep", ".", "--param", "cap", "--from", "120", "--to", "130", "--steps", "1",
            "--format", "json",
        ],
    );
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(json.get("parcels").is_none());
}

/// A grid value's parcel plan: value, parcels supplied and deferred, each tier's land, the
/// parcels' total, the continuous total, the difference.
type Figures<'a> = (&'a str, u64, u64, Vec<&'a str>, &'a str, &'a str, &'a str);

#[test]
fn a_cap_sweep_sets_the_whole_parcels_beside_the_continuous_plan() {
    // A time limit the searches never come near, so that every tier is proved.
    let args = [
        "sweep",
        "--param",
        "cap",
        "--from",
        "121.2",
        "--to",
        "118.8",
        "--steps",
        "2",
        "--time-limit",
        "60",
    ];
    let output = landplan()
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let points = json["parcels"].as_array().unwrap();
    let figures: Vec<Figures> = points
        .iter()
        .map(|p| {
            let text = |key: &str| p[key].as_str().unwrap();
            let count = |key: &str| p[key].as_u64().unwrap();
            (
                text("value"),
                count("supplied"),
                count("deferred"),
                tiers(p),
                text("area"),
                text("continuous"),
                text("difference"),
            )
        })
        .collect();
    assert_eq!(
        figures,
        [
            // Room 121.2 - 118.8062 = 2.3938 for commercial land: the best whole parcels are
            // 1.919531 + 0.440471 = 2.360002 (1.919531 + 0.8601 = 2.779631 is too much);
            // 5 of the 7 commercial parcels wait. The continuous plan fills the cap.
            (
                "121.2",
                40,
                5,
                vec!["77.28443", "10.42906", "31.09271", "2.360002"],
                "121.166202",
                "121.2",
                "0.033798"
            ),
            // Room 1.1938: 1.187282 alone (0.8601 + 0.440471 = 1.300571 is too much).
            (
                "120",
                39,
                6,
                vec!["77.28443", "10.42906", "31.09271", "1.187282"],
                "119.993482",
                "120",
                "0.006518"
            ),
            // 118.8 - 87.71349 = 31.08651 for housing, 0.0062 short of all of it: LZ07-171
            // (1.604436, the smallest uncommitted) waits, tier 3 gets 29.488274; that leaves
            // 1.598236, where 0.8601 + 0.440471 = 1.300571 is the best commercial choice.
            // Whole parcels give tier 4 more than the continuous plan (which cuts housing by
            // 0.0062 and gives commercial land nothing), and the total less.
            (
                "118.8",
                39,
                6,
                vec!["77.28443", "10.42906", "29.488274", "1.300571"],
                "118.502335",
                "118.8",
                "0.297665"
            ),
        ]
    );
    assert!(points
        .iter()
        .all(|p| p["optimal"] == true && p["note"] == "every tier proven optimal"));
    assert_eq!(json["points"][2]["supply"][3], "0");

    let output = landplan()
        .args(args)
        .args(["--format", "csv", "--no-bom"])
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.contains(",true,39,6,77.28443,10.42906,29.488274,1.300571,118.502335,118.8,0.297665,every tier proven optimal\n"),
        "{text}"
    );

    let output = landplan().args(args).output().unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert_contains(
        &text,
        &[
            "整宗地块方案",
            "连续方案合计",
            "各优先级均已证明最优",
            "0.297665",
        ],
    );
}
