//! `landplan track` on the Lianzhou 2025 plan and the hand-made (illustrative) parcel register
//! of tests/fixtures/track: exact rates, paces and flags, and located errors for one broken
//! cell at a time.

use crate::common::{edit, landplan, root};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The illustrative Lianzhou parcel register.
pub fn register() -> PathBuf {
    root().join("tests/fixtures/track/supplied.csv")
}

/// A copy of the register in a fresh temporary directory, to break one cell in.
pub fn register_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("supplied.csv");
    std::fs::copy(register(), &path).unwrap();
    (dir, path)
}

fn track_json(supplied: &Path, extra: &[&str]) -> (Option<i32>, Value) {
    let output = landplan()
        .args(["track", "--format", "json", "--supplied"])
        .arg(supplied)
        .args(extra)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    let json = serde_json::from_slice(&output.stdout).unwrap_or_else(|_| panic!("{stderr}"));
    (output.status.code(), json)
}

fn find<'a>(list: &'a Value, key: &str, name: &str) -> &'a Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|item| item[key] == name)
        .unwrap_or_else(|| panic!("no {key} = {name} in {list}"))
}

fn cell<'a>(json: &'a Value, town: &str, category: &str) -> &'a Value {
    json["cells"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["town"] == town && c["category"] == category)
        .unwrap_or_else(|| panic!("no cell {town}/{category}"))
}

#[test]
fn lianzhou_register_gives_exact_rates_paces_and_methods() {
    let (code, json) = track_json(&register(), &[]);
    assert_eq!(code, Some(1), "two flags make the run fail its check");
    assert_eq!(json["as_of"], "2025-06-30", "the latest parcel's date");
    assert_eq!(json["year_gone"], "49.59", "181 of 365 days");
    assert_eq!(json["parcels_counted"], 10);
    let total = &json["total"];
    assert_eq!(total["planned"], "132.72823");
    assert_eq!(total["supplied"], "55.5153");
    assert_eq!(total["remaining"], "77.21293");
    assert_eq!(total["rate"], "41.83");
    // The built-in plan ships parcels: the pace follows the parcel plan's schedule, whose
    // first two quarters (`landplan parcels`: 23.503835 + 22.194111) are due by 30 June:
    // (55.5153 - 45.697946) / 132.72823 = +7.40 points, not the calendar's -7.76.
    assert_eq!(json["pace_basis"], "parcel_plan");
    assert_eq!(total["expected"], "45.697946");
    assert_eq!(total["pace"], "7.4");

    let housing = cell(&json, "连州镇", "住宅用地");
    assert_eq!(
        (&housing["supplied"], &housing["rate"], &housing["pace"]),
        (
            &Value::from("11.75"),
            &Value::from("39.85"),
            &Value::from("-0.15") // LZ01-014 (Q1) and LZ01-012 (Q2): 11.795309 due
        )
    );
    let whole = cell(&json, "东陂镇", "工矿仓储用地");
    assert_eq!(whole["rate"], "100");
    assert_eq!(whole["remaining"], "0");
    let xijiang = cell(&json, "西江镇", "工矿仓储用地");
    assert_eq!(xijiang["supplied"], "1.5", "the English alias 'industrial'");

    let housing = find(&json["categories"], "name", "住宅用地");
    assert_eq!(
        housing["planned"], "31.14831",
        "the published structure figure"
    );
    assert_eq!(housing["supplied"], "12.95");
    assert_eq!(housing["rate"], "41.58");
    let tier1 = find(&json["tiers"], "name", "tier 1");
    assert_eq!(
        (&tier1["planned"], &tier1["supplied"]),
        (&Value::from("77.28443"), &Value::from("37.2569"))
    );
    let methods = find(&json["methods"], "category", "total");
    assert_eq!(methods["sale"], "47.0569");
    assert_eq!(methods["allocation"], "3.7084");
    assert_eq!(methods["lease"], "1.5");
    assert_eq!(methods["unspecified"], "3.25");
    assert_eq!(methods["total"], "55.5153");
}

#[test]
fn parcels_outside_the_plan_and_cells_past_it_are_flagged_at_their_line() {
    let (_, json) = track_json(&register(), &[]);
    let flags = json["flags"].as_array().unwrap();
    assert_eq!(flags.len(), 2, "{flags:#?}");
    assert_eq!(flags[0]["kind"], "over_plan");
    assert_eq!(flags[0]["scope"], "保安镇/交通运输用地");
    assert_eq!(flags[0]["parcel"], "LZ2025-005");
    assert_eq!(flags[0]["over"], "0.3557");
    assert!(flags[0]["location"]
        .as_str()
        .unwrap()
        .ends_with("supplied.csv:6"));
    assert_eq!(flags[1]["kind"], "outside_plan");
    assert_eq!(flags[1]["scope"], "龙坪镇/住宅用地");
    assert_eq!(flags[1]["parcel"], "LZ2025-007");
    assert!(flags[1]["location"]
        .as_str()
        .unwrap()
        .ends_with("supplied.csv:8"));
    let outside = cell(&json, "龙坪镇", "住宅用地");
    assert_eq!(outside["in_plan"], false);
    assert_eq!(outside["rate"], Value::Null);
    assert_eq!(outside["flags"], serde_json::json!(["outside_plan"]));
    assert_eq!(cell(&json, "保安镇", "交通运输用地")["rate"], "116.59");

    let output = landplan()
        .args(["track", "--supplied"])
        .arg(register())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("supplied.csv:8：地块 LZ2025-007（1.2 公顷，2025-05-20）位于龙坪镇/住宅用地，该项未列入计划"),
        "{text}"
    );
}

/// 商服用地 supplied by 划拨 is against the rules (国土资源部令第9号, 第39号): flagged at the
/// parcel's line with the regulation, and the report is flagged (exit 1). The register's
/// 出让 for industrial land only asks to be verified (the law wants 招拍挂) and flags nothing.
#[test]
fn commercial_land_allocated_without_charge_is_flagged_at_its_line() {
    let (_dir, path) = register_copy();
    edit(&path, "2.4,2025/3/1,sale", "2.4,2025/3/1,划拨");
    let (code, json) = track_json(&path, &[]);
    assert_eq!(code, Some(1));
    let flags = json["method_flags"].as_array().unwrap();
    let flag = find(&json["method_flags"], "parcel", "LZ2025-002");
    assert_eq!(flag["kind"], "forbidden");
    assert_eq!(
        (&flag["category"], &flag["method"]),
        (&"商服用地".into(), &"划拨".into())
    );
    assert!(flag["location"]
        .as_str()
        .unwrap()
        .ends_with("supplied.csv:3"));
    assert!(flag["citation"]
        .as_str()
        .unwrap()
        .contains("国土资源部令第9号"));
    assert!(flags
        .iter()
        .filter(|f| f["parcel"] != "LZ2025-002")
        .all(|f| f["kind"] == "verify"));
    // The 划拨 parcel is tallied as 划拨: 2.4 ha of 商服用地.
    assert_eq!(
        find(&json["methods"], "category", "商服用地")["allocation"],
        "2.4"
    );
    let (code, json) = track_json(&register(), &[]);
    assert_eq!(
        (code, json["method_flags"][0]["kind"].as_str()),
        (Some(1), Some("verify"))
    );
}

#[test]
fn as_of_counts_only_the_parcels_supplied_by_then() {
    let (code, json) = track_json(&register(), &["--as-of", "2025年3月31日"]);
    assert_eq!(code, Some(0), "no flag by the end of March: {json:#}");
    assert_eq!(json["as_of"], "2025-03-31");
    assert_eq!(json["year_gone"], "24.66", "90 of 365 days");
    assert_eq!(json["parcels_counted"], 3);
    assert_eq!(json["parcels_after_as_of"], 7);
    assert_eq!(json["total"]["supplied"], "21.1");
    assert_eq!(json["total"]["rate"], "15.9");
    // Q1 of the parcel plan's schedule (23.503835) is due by 31 March:
    // (21.1 - 23.503835) / 132.72823 = -1.81 points.
    assert_eq!(json["total"]["expected"], "23.503835");
    assert_eq!(json["total"]["pace"], "-1.81");
}

#[test]
fn the_parcel_that_crosses_a_plan_is_the_first_in_supply_order() {
    let dir = crate::common::folder(
        "year,2025\ncap,20\n",
        "industrial,1,,,\n",
        "A,,\n",
        "A,industrial,10,,\n",
        "",
    );
    let supplied = dir.path().join("supplied.csv");
    std::fs::write(
        &supplied,
        "parcel,town,category,hectares,date\np1,A,industrial,6,2025-03-01\np2,A,industrial,5,2025-02-01\np3,A,industrial,10,2025-04-01\n",
    )
    .unwrap();
    let output = landplan()
        .args(["track", "--format", "json", "--supplied"])
        .arg(&supplied)
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let flags = json["flags"].as_array().unwrap();
    let kinds: Vec<(&str, &str)> = flags
        .iter()
        .map(|f| (f["kind"].as_str().unwrap(), f["parcel"].as_str().unwrap()))
        .collect();
    assert_eq!(kinds, [("over_plan", "p1"), ("over_cap", "p3")]);
    assert_eq!(flags[1]["over"], "1", "21 supplied against a cap of 20");
}

fn track_error(path: &Path) -> String {
    let output = landplan()
        .args(["track", "--supplied"])
        .arg(path)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    String::from_utf8_lossy(&output.stderr).to_string()
}

#[test]
fn a_parcel_listed_twice_is_located() {
    let (_dir, path) = register_copy();
    edit(&path, "LZ2025-010", "LZ2025-001");
    let stderr = track_error(&path);
    assert!(
        stderr.contains(
            "supplied.csv:11: column 'parcel': 'LZ2025-001' appears twice (first at line 2)"
        ),
        "{stderr}"
    );
}

#[test]
fn a_date_that_does_not_exist_is_located() {
    let (_dir, path) = register_copy();
    edit(&path, "2025-02-14", "2025-02-30");
    let stderr = track_error(&path);
    assert!(
        stderr.contains("supplied.csv:2: column 'date': invalid value"),
        "{stderr}"
    );
    assert!(stderr.contains("got '2025-02-30'"), "{stderr}");
}

#[test]
fn a_date_outside_the_plan_year_is_located() {
    let (_dir, path) = register_copy();
    edit(&path, "2025-06-30", "2024-12-31");
    let stderr = track_error(&path);
    assert!(
        stderr.contains("supplied.csv:11: column 'date': the date is outside the plan's year 2025 (got '2024-12-31', expected a date from 2025-01-01 to 2025-12-31)"),
        "{stderr}"
    );
}

#[test]
fn an_unknown_town_is_located() {
    let (_dir, path) = register_copy();
    edit(&path, "星子镇", "星星镇");
    let stderr = track_error(&path);
    assert!(
        stderr.contains("supplied.csv:7: column 'town': unknown town (got '星星镇'"),
        "{stderr}"
    );
}

#[test]
fn a_malformed_area_is_located() {
    let (_dir, path) = register_copy();
    edit(&path, ",8.5,", ",\"8,5\",");
    let stderr = track_error(&path);
    assert!(
        stderr.contains("supplied.csv:2: column 'hectares': invalid value"),
        "{stderr}"
    );
    assert!(stderr.contains("got '8,5'"), "{stderr}");
}

#[test]
fn every_problem_is_reported_in_one_pass() {
    let (_dir, path) = register_copy();
    edit(&path, "LZ2025-010", "LZ2025-001");
    edit(&path, "2025/3/1", "2025/2/29");
    edit(&path, "星子镇", "星星镇");
    edit(&path, ",10.2,", ",ten,");
    edit(&path, ",划拨,", ",赠与,");
    edit(&path, ",0.8,", ",0,");
    let stderr = track_error(&path);
    for expected in [
        "supplied.csv:3: column 'date': invalid value",
        "supplied.csv:4: column 'hectares': invalid value",
        "supplied.csv:6: column 'method': unknown supply method (got '赠与'",
        "supplied.csv:7: column 'hectares': a parcel's area must be above 0",
        "supplied.csv:7: column 'town': unknown town",
        "supplied.csv:11: column 'parcel': 'LZ2025-001' appears twice",
    ] {
        assert!(stderr.contains(expected), "{expected}\n{stderr}");
    }
    assert!(stderr.contains("6 problems in the input"), "{stderr}");
}

#[test]
fn a_gbk_register_with_chinese_headers_reads_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(register()).unwrap().replacen(
        "parcel,town,category,hectares,date,method,note",
        "地块编号,乡镇,用地类型,面积,供地日期,供地方式,备注",
        1,
    );
    let (bytes, _, _) = encoding_rs::GB18030.encode(&text);
    let path = dir.path().join("供地台账.csv");
    std::fs::write(&path, &bytes).unwrap();
    let (_, gbk) = track_json(&path, &[]);
    let (_, utf8) = track_json(&register(), &[]);
    assert_eq!(gbk["total"], utf8["total"]);
    assert_eq!(gbk["cells"], utf8["cells"]);
}

#[test]
fn as_of_outside_the_year_or_malformed_is_a_usage_error() {
    for (date, message) in [
        (
            "2026-01-01",
            "--as-of: the date is outside the plan's year 2025",
        ),
        ("2025-13-01", "invalid date '2025-13-01'"),
    ] {
        let output = landplan()
            .args(["track", "--as-of", date, "--supplied"])
            .arg(register())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(message), "{stderr}");
    }
}

#[test]
fn csv_and_markdown_reports() {
    let csv = landplan()
        .args(["track", "--format", "csv", "--supplied"])
        .arg(register())
        .output()
        .unwrap();
    let text = String::from_utf8(csv.stdout).unwrap();
    assert!(text.starts_with(
        "\u{feff}town,category,tier,planned,supplied,remaining,over,rate (%),pace (pp),parcels,flag\n"
    ));
    assert_eq!(
        text.lines().count(),
        1 + 25 + 1,
        "25 planned cells and one outside"
    );
    // Its parcels are scheduled in Q3 and Q4: nothing due by 30 June, so the pace is the rate.
    assert!(
        text.contains("\n保安镇,交通运输用地,2,2.1443,2.5,0,0.3557,116.59,116.59,1,over_plan\n")
    );
    let md = landplan()
        .args(["track", "--format", "md", "--supplied"])
        .arg(register())
        .output()
        .unwrap();
    let text = String::from_utf8(md.stdout).unwrap();
    // Ready for the progress notice (通报): in Chinese for Chinese data.
    assert!(
        text.starts_with("# 连州市2025年度土地供应计划执行情况通报\n"),
        "{text}"
    );
    assert!(text.contains("\n## 按供应方式（方式）\n"));
}

#[test]
fn the_report_is_never_written_over_the_register() {
    let (_dir, path) = register_copy();
    let before = std::fs::read(&path).unwrap();
    let output = landplan()
        .args(["track", "--supplied"])
        .arg(&path)
        .arg("--out")
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("refusing to write"));
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_plan_without_a_year_or_a_register_without_parcels_needs_more() {
    let dir = crate::common::folder(
        "cap,20\n",
        "industrial,1,,,\n",
        "A,,\n",
        "A,industrial,10,,\n",
        "",
    );
    let supplied = dir.path().join("supplied.csv");
    std::fs::write(
        &supplied,
        "parcel,town,category,hectares,date\np1,A,industrial,6,2025-03-01\n",
    )
    .unwrap();
    let output = landplan()
        .args(["track", "--supplied"])
        .arg(&supplied)
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("scenario.csv: the scenario has no year"),
        "{stderr}"
    );

    std::fs::write(
        dir.path().join("scenario.csv"),
        "key,value\nyear,2025\ncap,20\n",
    )
    .unwrap();
    std::fs::write(&supplied, "parcel,town,category,hectares,date\n").unwrap();
    let output = landplan()
        .args(["track", "--supplied"])
        .arg(&supplied)
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("--as-of: the register has no parcels"),
        "{stderr}"
    );
    let (code, json) = track_json(
        &supplied,
        &["--as-of", "2025-01-31", dir.path().to_str().unwrap()],
    );
    assert_eq!(code, Some(0));
    assert_eq!(json["total"]["rate"], "0");
    assert_eq!(
        json["total"]["pace"], "-8.49",
        "31 of 365 days gone, nothing supplied"
    );
}

#[test]
fn the_markdown_report_of_the_lianzhou_register() {
    let output = landplan()
        .current_dir(root())
        .args([
            "track",
            "--format",
            "md",
            "--supplied",
            "tests/fixtures/track/supplied.csv",
        ])
        .output()
        .unwrap();
    insta::assert_snapshot!(String::from_utf8(output.stdout).unwrap());
}

// ---- one table reader for side files (issue 14, item 10) ----------------------------------

/// The whole error output of a refused `track` run: one problem a line after the count.
fn problems_of(output: std::process::Output) -> Vec<String> {
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    stderr
        .lines()
        .skip(1)
        .map(|line| line.trim().to_string())
        .filter(|line| !line.is_empty())
        .collect()
}

fn track_output(supplied: &Path) -> std::process::Output {
    landplan()
        .args(["track", "--supplied"])
        .arg(supplied)
        .output()
        .unwrap()
}

#[test]
fn damaged_utf8_in_the_register_is_located_at_its_line() {
    let (_dir, path) = register_copy();
    let mut bytes = std::fs::read(&path).unwrap();
    let line_4 = bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .nth(2)
        .map(|(at, _)| at + 1)
        .unwrap();
    bytes[line_4 + 11] = 0xFF; // inside the town name of line 4
    std::fs::write(&path, &bytes).unwrap();
    let shown = path.display();
    assert_eq!(
        problems_of(track_output(&path)),
        [format!(
            "{shown}:4: the file is UTF-8 but byte {} is not: it is damaged here (save it again as \"CSV UTF-8\")",
            line_4 + 12
        )]
    );
}

#[test]
fn a_register_in_mu_against_a_plan_in_hectares_is_refused() {
    let (_dir, path) = register_copy();
    edit(
        &path,
        "parcel,town,category,hectares,",
        "parcel,town,category,面积（亩）,",
    );
    let shown = path.display();
    assert_eq!(
        problems_of(track_output(&path)),
        [format!("{shown}:1: column 'hectares': the header names the unit mu (亩) but scenario.csv declares ha (公顷) (got 'mu', expected figures in ha as scenario.csv declares, or 'unit,mu' there)")]
    );
}

#[test]
fn a_demand_file_in_mu_against_a_plan_in_hectares_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let demand = dir.path().join("demand.csv");
    std::fs::write(
        &demand,
        "town,category,demand（亩）\n九陂镇,工矿仓储用地,40\n",
    )
    .unwrap();
    let output = landplan()
        .args(["adjust", "--supplied"])
        .arg(register())
        .arg("--demand")
        .arg(&demand)
        .output()
        .unwrap();
    assert_eq!(
        problems_of(output),
        [format!("{}:1: column 'demand': the header names the unit mu (亩) but scenario.csv declares ha (公顷) (got 'mu', expected figures in ha as scenario.csv declares, or 'unit,mu' there)", demand.display())]
    );
}

/// A plan of 12 ha housing and 8 ha industrial land in one town, cap 20, with the files
/// given (`parcels.csv`, `schedule.csv`) and a register: industrial 3 ha on 1 May, housing
/// 1.5 ha on 1 August.
fn timed_folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = crate::common::folder(
        "year,2025\ncap,20\n",
        "industrial,1,,,\nhousing,2,,,\n",
        "A,,\n",
        "A,industrial,8,,\nA,housing,12,,\n",
        "",
    );
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    std::fs::write(
        dir.path().join("supplied.csv"),
        "parcel,town,category,hectares,date\nr1,A,industrial,3,2025-05-01\nr2,A,housing,1.5,2025-08-01\n",
    )
    .unwrap();
    dir
}

/// Housing: p1 10 ha ready Q4, p4 2 ha ready Q3; industrial: p2 4 ha ready Q1, p3 4 ha ready
/// Q2. The schedule (latest-ready first, into the least-loaded quarter it may go to): p1 Q4,
/// p4 Q3, p3 Q2, p2 Q1.
const TIMED_PARCELS: &str = "parcel,town,category,area,ready\n\
    p1,A,housing,10,Q4\np2,A,industrial,4,Q1\np3,A,industrial,4,Q2\np4,A,housing,2,Q3\n";

/// The same quarters written as `schedule.csv`.
const TIMED_SCHEDULE: &str = "quarter,town,category,area\n\
    Q1,A,industrial,4\nQ2,A,industrial,4\nQ3,A,housing,2\nQ4,A,housing,10\n";

fn timed_track(dir: &tempfile::TempDir, as_of: &str) -> Value {
    let (code, json) = track_json(
        &dir.path().join("supplied.csv"),
        &["--as-of", as_of, dir.path().to_str().unwrap()],
    );
    assert_eq!(code, Some(0), "{json:#}");
    json
}

#[test]
fn in_june_a_cell_scheduled_later_is_on_pace_not_behind_the_calendar() {
    let dir = timed_folder(&[("parcels.csv", TIMED_PARCELS)]);
    let json = timed_track(&dir, "2025-06-30");
    assert_eq!(json["pace_basis"], "parcel_plan");
    let housing = cell(&json, "A", "housing");
    // Nothing supplied, nothing due before Q3: on pace.
    assert_eq!(
        (&housing["expected"], &housing["pace"]),
        (&Value::from("0"), &Value::from("0"))
    );
    // Q1 and Q2 over: 8 ha due, 3 supplied: (3 - 8) / 8 = -62.5 points.
    let industrial = cell(&json, "A", "industrial");
    assert_eq!(industrial["expected"], "8");
    assert_eq!(industrial["pace"], "-62.5");
    // The total against the cap: (3 - 8) / 20 = -25 points.
    assert_eq!(
        (&json["total"]["expected"], &json["total"]["pace"]),
        (&Value::from("8"), &Value::from("-25"))
    );

    // Without parcels: the straight line, 181 of 365 days, so the housing cell is 49.59
    // points behind although nothing was due.
    std::fs::remove_file(dir.path().join("parcels.csv")).unwrap();
    let json = timed_track(&dir, "2025-06-30");
    assert_eq!(json["pace_basis"], "calendar");
    assert_eq!(cell(&json, "A", "housing")["pace"], "-49.59");
}

#[test]
fn mid_quarter_the_current_quarter_counts_by_its_days_gone() {
    let dir = timed_folder(&[("parcels.csv", TIMED_PARCELS)]);
    // 15 August: 46 of Q3's 92 days, so half of p4's 2 ha is due.
    let json = timed_track(&dir, "2025-08-15");
    let housing = cell(&json, "A", "housing");
    assert_eq!(housing["expected"], "1");
    assert_eq!(housing["pace"], "4.17", "(1.5 - 1) / 12 = 4.1666...");
    assert_eq!(json["total"]["expected"], "9");
    assert_eq!(json["total"]["pace"], "-22.5", "(4.5 - 9) / 20");
    let tier2 = find(&json["tiers"], "name", "tier 2");
    assert_eq!(tier2["expected"], "1");
}

#[test]
fn schedule_csv_sets_the_pace_when_there_are_no_parcels() {
    let dir = timed_folder(&[("schedule.csv", TIMED_SCHEDULE)]);
    let june = timed_track(&dir, "2025-06-30");
    assert_eq!(june["pace_basis"], "schedule_file");
    assert_eq!(cell(&june, "A", "housing")["pace"], "0");
    assert_eq!(cell(&june, "A", "industrial")["pace"], "-62.5");
    let august = timed_track(&dir, "2025-08-15");
    assert_eq!(cell(&august, "A", "housing")["pace"], "4.17");
    assert_eq!(august["total"]["pace"], "-22.5");

    let text = landplan()
        .args([
            "track",
            "--lang",
            "en",
            "--as-of",
            "2025-06-30",
            "--supplied",
        ])
        .arg(dir.path().join("supplied.csv"))
        .arg(dir.path())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("pace -25 percentage points against the quarterly schedule of schedule.csv (8 expected by now)"),
        "{text}"
    );
}

#[test]
fn a_broken_schedule_csv_is_located_and_both_files_are_refused() {
    let broken = "quarter,town,category,area\nQ5,A,industrial,4\nQ2,A,industrial,-1\n\
                  Q3,A,commerce,1\nQ3,A,housing,2\nQ3,A,housing,3\n";
    let dir = timed_folder(&[("schedule.csv", broken)]);
    let output = landplan()
        .args(["track", "--supplied"])
        .arg(dir.path().join("supplied.csv"))
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    for expected in [
        "schedule.csv:2: column 'quarter': invalid value (got 'Q5', expected Q1..Q4 or 一季度..四季度)",
        "schedule.csv:3: column 'area': invalid value (got '-1', expected a number >= 0, in the scenario's unit)",
        "schedule.csv:4: column 'category': unknown category (got 'commerce'",
        "schedule.csv:6: column 'quarter': 'Q3 A/housing' appears twice (first at line 5)",
    ] {
        assert!(stderr.contains(expected), "{expected}\n{stderr}");
    }

    let dir = timed_folder(&[
        ("schedule.csv", TIMED_SCHEDULE),
        ("parcels.csv", TIMED_PARCELS),
    ]);
    let output = landplan()
        .args(["track", "--supplied"])
        .arg(dir.path().join("supplied.csv"))
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("both parcels.csv and schedule.csv"));
}
