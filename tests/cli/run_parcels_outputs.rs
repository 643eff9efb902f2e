//! The parcel plans in what `landplan run` writes: its workbook carries each scenario's
//! parcel list and 时序 tables with the figures of `parcels --format json`, and each scenario
//! folder of `run --out` loads and plans as the run did (parcels with the what-if applied;
//! the v2 columns `stock` and `new_quota` kept).

use crate::common::{copy_folder, landplan, lianzhou, root, write};
use crate::xlsx::{body, figure, json_figure, text};
use calamine::{Data, Range, Reader, Xlsx};
use rust_decimal::Decimal;
use serde_json::Value;
use std::path::Path;

/// LZ01-071 (医疗卫生用地, 0.4084 ha) is withdrawn; LZ01-011 (住宅用地, 11.79531 ha, ready
/// Q3) slips two quarters, out of the year; the cap is cut so that whole parcels wait.
const WHATIFS: &str = "scenario,target,field,op,value,note\n\
     slip,parcel:LZ01-071,withdraw,set,yes,the hospital project is withdrawn\n\
     slip,parcel:LZ01-011,ready,add,2,resettlement slips past the year\n\
     cut,*,cap,scale,0.9,the province cuts the cap by a tenth\n";

fn folder() -> tempfile::TempDir {
    let dir = copy_folder(&lianzhou());
    write(dir.path(), "more-whatifs.csv", WHATIFS);
    dir
}

/// `landplan` in `dir` with `args`; its standard output, the exit code checked.
fn landplan_in(dir: &Path, args: &[&str], code: i32) -> Vec<u8> {
    let output = landplan().current_dir(dir).args(args).output().unwrap();
    assert_eq!(
        output.status.code(),
        Some(code),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

fn json(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes).unwrap()
}

fn json_text(value: &Value) -> String {
    value.as_str().unwrap_or_default().to_string()
}

/// The parcel list sheet equals the JSON's parcels, figure for figure and word for word, and
/// its 合计 row is their area's sum.
fn assert_parcel_list(range: &Range<Data>, json: &Value) {
    let parcels = json["parcels"].as_array().unwrap();
    let rows = body(range);
    assert_eq!(rows.len(), parcels.len() + 1, "the parcels and a 合计 row");
    for (row, parcel) in rows.iter().zip(parcels) {
        assert_eq!(text(&row[0]), json_text(&parcel["parcel"]));
        assert_eq!(figure(&row[3]), json_figure(&parcel["area"]));
        assert_eq!(text(&row[8]), json_text(&parcel["decision"]));
        assert_eq!(text(&row[9]), json_text(&parcel["quarter"]));
        assert_eq!(text(&row[10]), json_text(&parcel["reason"]));
    }
    let total: Decimal = parcels.iter().map(|p| json_figure(&p["area"])).sum();
    assert_eq!(text(&rows[parcels.len()][0]), "合计");
    assert_eq!(figure(&rows[parcels.len()][3]), total);
}

/// A 时序 sheet equals the JSON's quarter rows (`by_category` or `by_town`).
fn assert_timing(range: &Range<Data>, rows: &Value) {
    let rows = rows.as_array().unwrap();
    let sheet = body(range);
    assert_eq!(sheet.len(), rows.len() + 1, "the rows and a 合计 row");
    for (line, row) in sheet.iter().zip(rows) {
        assert_eq!(text(&line[0]), json_text(&row["name"]));
        for (q, quarter) in row["quarters"].as_array().unwrap().iter().enumerate() {
            assert_eq!(figure(&line[1 + q]), json_figure(quarter));
        }
        assert_eq!(figure(&line[5]), json_figure(&row["total"]));
    }
}

#[test]
fn the_run_workbook_carries_every_scenarios_parcel_plan_as_the_json() {
    let dir = folder();
    let run = ["run", ".", "--whatif-file", "more-whatifs.csv"];
    landplan_in(dir.path(), &[&run[..], &["--out", "run.xlsx"]].concat(), 0);
    let summary = json(&landplan_in(
        dir.path(),
        &[&run[..], &["--format", "json"]].concat(),
        0,
    ));
    let mut book: Xlsx<_> = calamine::open_workbook(dir.path().join("run.xlsx")).unwrap();
    let names = book.sheet_names();
    for name in [
        "地块清单",
        "时序（按用途）",
        "地块清单 slip",
        "时序（按乡镇） cut",
    ] {
        assert!(names.iter().any(|n| n == name), "{name} in {names:?}");
    }
    for (index, (scenario, suffix)) in [("base", ""), ("slip", " slip"), ("cut", " cut")]
        .into_iter()
        .enumerate()
    {
        let mut args = vec!["parcels", ".", "--format", "json"];
        if scenario != "base" {
            args.extend(["--whatif", scenario, "--whatif-file", "more-whatifs.csv"]);
        }
        let plan = json(&landplan_in(dir.path(), &args, 0));
        let list = book.worksheet_range(&format!("地块清单{suffix}")).unwrap();
        assert_parcel_list(&list, &plan);
        let by_category = book
            .worksheet_range(&format!("时序（按用途）{suffix}"))
            .unwrap();
        assert_timing(&by_category, &plan["by_category"]);
        let by_town = book
            .worksheet_range(&format!("时序（按乡镇）{suffix}"))
            .unwrap();
        assert_timing(&by_town, &plan["by_town"]);
        // The run's summary counts the same plan: each tier's land is that of its parcels.
        let tiers = summary[index]["parcels"]["tiers"].as_array().unwrap();
        let supplied: Decimal = tiers.iter().map(|t| json_figure(&t["supplied"])).sum();
        let year = body(&by_category).last().unwrap()[5].clone();
        assert_eq!(figure(&year), supplied, "{scenario}");
    }
    // Hand-checked: the withdrawn parcel is not in slip's list; the slipped one waits.
    let slip = body(&book.worksheet_range("地块清单 slip").unwrap());
    assert!(slip.iter().all(|row| text(&row[0]) != "LZ01-071"));
    let slipped = slip.iter().find(|row| text(&row[0]) == "LZ01-011").unwrap();
    assert_eq!(
        text(&slipped[9]),
        "",
        "no quarter for a parcel not ready this year"
    );
    assert!(
        !text(&slipped[10]).is_empty(),
        "the reason it waits is given"
    );
}

/// `solve --format json` of a scenario with its name, lineage and marginal values left out
/// (a written folder's scenario has no lineage; marginal values are off).
fn solve_figures(dir: &Path, args: &[&str]) -> Value {
    let mut value = json(&landplan_in(
        dir,
        &[&["solve"], args, &["--format", "json", "--no-marginal"]].concat(),
        0,
    ));
    let object = value.as_object_mut().unwrap();
    for key in ["scenario", "lineage", "name"] {
        object.remove(key);
    }
    value
}

#[test]
fn a_scenario_folder_of_run_out_plans_its_parcels_as_the_run_did() {
    let dir = folder();
    landplan_in(
        dir.path(),
        &[
            "run",
            ".",
            "--whatif-file",
            "more-whatifs.csv",
            "--out",
            "res",
        ],
        0,
    );
    let res = dir.path().join("res");
    for scenario in ["base", "slip", "cut"] {
        let written = std::fs::read(res.join(format!("{scenario}.parcels.json"))).unwrap();
        let again = landplan_in(
            &res,
            &["parcels", scenario, "--format", "json", "--lang", "en"],
            0,
        );
        assert_eq!(json(&again), json(&written), "{scenario}");
    }
    let parcels = crate::common::read_csv(&res.join("slip/parcels.csv"));
    assert!(!parcels.contains("LZ01-071"), "withdrawn by the what-if");
    assert!(
        parcels.contains("LZ01-011,连州镇,住宅用地,11.79531,招拍挂出让,存量,2026-01-01,no,"),
        "delayed out of the year: {parcels}"
    );
    // docs/whatif.md: under a tenth's cut whole parcels give tier 4 (商服用地) 0.440471 ha
    // of the 13.86643 it gets in the base; the rest waits.
    let cut = json(&std::fs::read(res.join("cut.parcels.json")).unwrap());
    assert_eq!(
        json_figure(&cut["deferred"]),
        Decimal::from_str_exact("13.86643").unwrap() - Decimal::from_str_exact("0.440471").unwrap()
    );
    let csv = crate::common::read_csv(&res.join("cut.parcels.csv"));
    assert!(csv.starts_with("parcel,"), "{csv}");
    let manifest = json(&std::fs::read(res.join("manifest.json")).unwrap());
    let listed = manifest["files"].as_array().unwrap();
    assert!(listed.iter().any(|f| f == "cut/cells.csv"), "{listed:?}");
}

#[test]
fn run_out_keeps_stock_and_new_quota_and_solves_again_to_the_same_figures() {
    let v2 = root().join("scenarios/lianzhou-v2-illustrative");
    let out = tempfile::tempdir().unwrap();
    let res = out.path().join("res");
    landplan()
        .arg("run")
        .arg(&v2)
        .arg("--out")
        .arg(&res)
        .assert()
        .success();
    let cells = crate::common::read_csv(&res.join("base/cells.csv"));
    assert!(
        cells.starts_with("town,category,plan,demand,committed,stock\n"),
        "{cells}"
    );
    assert!(
        cells.contains("连州镇,住宅用地,29.488274,29.488274,0,4.741792"),
        "{cells}"
    );
    let settings = crate::common::read_csv(&res.join("base/scenario.csv"));
    assert!(settings.contains("\nnew_quota,25\n"), "{settings}");
    let v2 = v2.to_str().unwrap();
    assert_eq!(
        solve_figures(&res, &["base"]),
        solve_figures(out.path(), &[v2]),
        "the base folder solves as the base"
    );
    for whatif in ["cap-cut-10", "affordable-shortfall"] {
        let mut written = solve_figures(&res, &[whatif]);
        // The folder keeps methods.csv, so its solve splits by method; `solve --whatif`
        // gives no methods section (its report is the plain solve's).
        let methods = written.as_object_mut().unwrap().remove("methods");
        assert!(methods.is_some_and(|m| !m.as_array().unwrap().is_empty()));
        assert_eq!(
            written,
            solve_figures(out.path(), &[v2, "--whatif", whatif]),
            "{whatif}: the written folder solves as the what-if"
        );
    }
}
