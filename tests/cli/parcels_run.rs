//! `landplan run` with a parcel list: each scenario's whole-parcel plan beside its cell solve,
//! hand-checked on the shipped Lianzhou parcels (illustrative) with a what-if that withdraws
//! one parcel and delays another.

use crate::common::{copy_folder, lianzhou, run_in, write};
use unicode_width::UnicodeWidthStr;

/// LZ01-071 (医疗卫生用地, tier 2, 0.4084 ha) is withdrawn; LZ01-011 (住宅用地, tier 3,
/// 11.79531 ha, ready Q3) slips two quarters, out of the year.
const SLIP: &str = "scenario,target,field,op,value,note\n\
     slip,parcel:LZ01-071,withdraw,set,yes,the hospital project is withdrawn\n\
     slip,parcel:LZ01-011,ready,add,2,resettlement slips past the year\n";

fn slip_folder() -> tempfile::TempDir {
    let dir = copy_folder(&lianzhou());
    write(dir.path(), "parcel-whatifs.csv", SLIP);
    dir
}

/// `landplan run` in `dir` on its `parcel-whatifs.csv`, 100 columns wide; it must succeed.
fn run(dir: &tempfile::TempDir, more: &[&str]) -> std::process::Output {
    let args = [&["run", ".", "--whatif-file", "parcel-whatifs.csv"], more].concat();
    let output = crate::common::landplan()
        .current_dir(dir.path())
        .env("COLUMNS", "100")
        .args(args)
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// `landplan stress` in `dir` with `uncertainty`, 5 samples.
fn stress(dir: &tempfile::TempDir, uncertainty: &str) -> std::process::Output {
    let args = [
        "stress",
        ".",
        "--samples",
        "5",
        "--seed",
        "1",
        "--uncertainty",
        uncertainty,
    ];
    run_in(dir.path(), &args)
}

fn tiers(line: &serde_json::Value) -> Vec<(u64, &str)> {
    line["tiers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["tier"].as_u64().unwrap(), t["supplied"].as_str().unwrap()))
        .collect()
}

#[test]
fn a_withdrawn_and_a_delayed_parcel_show_in_the_whatifs_parcel_summary() {
    let dir = slip_folder();
    let output = run(&dir, &["--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let (base, slip) = (&json[0], &json[1]);
    assert_eq!(slip["scenario"], "slip");
    // The parcel rows leave the cells alone: the cell solve is the base's.
    assert_eq!(slip["supplied"], base["supplied"]);
    assert_eq!(slip["supplied"], "132.67263");
    // The base supplies all 45 parcels, each tier its published figure.
    let parcels = &base["parcels"];
    assert_eq!(
        (parcels["supplied"].as_u64(), parcels["deferred"].as_u64()),
        (Some(45), Some(0))
    );
    assert_eq!(
        tiers(parcels),
        [
            (1, "77.28443"),
            (2, "10.42906"),
            (3, "31.09271"),
            (4, "13.86643")
        ]
    );
    // The what-if: 44 parcels, LZ01-011 deferred as not ready; tier 2 loses 0.4084
    // (10.42906 - 0.4084 = 10.02066), tier 3 loses 11.79531 (31.09271 - 11.79531 = 19.2974);
    // every other parcel was supplied already, so nothing takes their room.
    let parcels = &slip["parcels"];
    assert_eq!(parcels["status"], "planned");
    assert_eq!(
        (parcels["supplied"].as_u64(), parcels["deferred"].as_u64()),
        (Some(43), Some(1))
    );
    assert_eq!(
        tiers(parcels),
        [
            (1, "77.28443"),
            (2, "10.02066"),
            (3, "19.2974"),
            (4, "13.86643")
        ]
    );
    assert_eq!(
        parcels["reasons"],
        serde_json::json!(["not ready this year (五（四）): 1"])
    );
}

#[test]
fn the_parcel_table_in_chinese_within_100_columns_and_in_english_csv() {
    let dir = slip_folder();
    let output = run(&dir, &["--lang", "zh"]);
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.contains("地块供应计划（整宗供应，五（一））"),
        "{text}"
    );
    for figure in ["10.02066", "19.2974", "年内不具"] {
        assert!(text.contains(figure), "{figure} missing in\n{text}");
    }
    let widest = text
        .lines()
        .filter(|line| line.contains('│'))
        .map(UnicodeWidthStr::width)
        .max()
        .unwrap();
    assert!(widest <= 100, "a line {widest} columns wide:\n{text}");

    let output = run(&dir, &["--format", "csv", "--lang", "en", "--no-bom"]);
    let text = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].ends_with(
            "parcel plan,parcels supplied,parcels deferred,parcels tier 1,parcels tier 2,\
             parcels tier 3,parcels tier 4,deferred by (parcels)"
        ),
        "{}",
        lines[0]
    );
    assert!(
        lines[2].ends_with(
            ",planned,43,1,77.28443,10.02066,19.2974,13.86643,not ready this year (五（四）): 1"
        ),
        "{}",
        lines[2]
    );
}

#[test]
fn an_output_folder_carries_the_parcel_summaries() {
    let dir = slip_folder();
    run(&dir, &["--out", "results"]);
    let summary = std::fs::read(dir.path().join("results/summary.json")).unwrap();
    let json: serde_json::Value = serde_json::from_slice(&summary).unwrap();
    assert_eq!(json[1]["parcels"]["deferred"], 1);
    let csv = std::fs::read_to_string(dir.path().join("results/summary.csv")).unwrap();
    assert!(csv.contains("parcels deferred"), "{csv}");
}

#[test]
fn a_whatif_whose_parcels_cannot_keep_its_committed_land_fails_the_run() {
    // The shipped utility-project commits 0.8 ha of 西岸镇/公用设施用地, a cell no parcel is in:
    // the cells solve, the parcel plan breaks that committed figure by all 0.8 ha.
    let output = run_in(
        &lianzhou(),
        &[
            "run",
            ".",
            "--whatif",
            "utility-project",
            "--format",
            "json",
        ],
    );
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json[1]["status"], "optimal");
    assert_eq!(json[1]["parcels"]["status"], "infeasible");
    assert_eq!(
        json[1]["parcels"]["reasons"],
        serde_json::json!(["breaks committed land of 西岸镇 公用设施用地 by 0.8"])
    );
}

#[test]
fn stress_draws_readiness_slips_beside_demand_shocks() {
    let dir = copy_folder(&lianzhou());
    write(
        dir.path(),
        "slips.csv",
        "target,distribution,low,mode,high\n\
         parcel:LZ01-011,slip,1,,2\n\
         连州镇/住宅用地,uniform,0.9,,1.1\n\
         parcel:*,slip,50%,,1\n",
    );
    let output = stress(&dir, "slips.csv");
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.contains("地块延迟：45 宗地块中有 45 宗可能延迟"),
        "{text}"
    );
    assert!(text.contains("LZ01-011"), "{text}");
}
