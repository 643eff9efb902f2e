//! Hectares and mu: a plan published in 亩 audits exactly like its 公顷 twin, and `--unit`
//! restates any audit in the other unit (1 ha = 15 mu exactly).

use crate::common::{copy_folder, edit, fixture, lianzhou, run_in};
use landplan::load::{load_folder, NameSet, RawScenario};
use landplan::scenario::{RuleValue, Unit};
use rust_decimal::Decimal;
use std::path::Path;
use std::str::FromStr;

fn mu_twin() -> std::path::PathBuf {
    fixture("lianzhou-2025-mu")
}

fn stdout(dir: &Path, args: &[&str]) -> (Option<i32>, String) {
    let output = run_in(dir, args);
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    (
        output.status.code(),
        String::from_utf8(output.stdout).expect("UTF-8 output"),
    )
}

fn d(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

#[test]
fn the_mu_twin_is_the_shipped_plan_with_every_figure_times_15() {
    let ha = load_folder(&lianzhou()).unwrap();
    let mu = load_folder(&mu_twin()).unwrap();
    let x15 = |v: Option<Decimal>| v.map(|v| v * Decimal::from(15));
    assert_eq!(ha.settings.unit, Unit::Ha);
    assert_eq!(mu.settings.unit, Unit::Mu);
    assert_eq!(mu.settings.cap, x15(ha.settings.cap));
    let pairs = |a: &RawScenario, b: &RawScenario| {
        assert_eq!(a.categories.len(), b.categories.len());
        assert_eq!(a.towns.len(), b.towns.len());
        assert_eq!(a.cells.len(), b.cells.len());
        assert_eq!(a.rules.len(), b.rules.len());
    };
    pairs(&ha, &mu);
    for (h, m) in ha.categories.iter().zip(&mu.categories) {
        assert_eq!((&m.name, m.tier), (&h.name, h.tier));
        assert_eq!([m.plan, m.min, m.max], [h.plan, h.min, h.max].map(x15));
    }
    for (h, m) in ha.towns.iter().zip(&mu.towns) {
        assert_eq!(m.name, h.name);
        assert_eq!([m.plan, m.capacity], [h.plan, h.capacity].map(x15));
    }
    for (h, m) in ha.cells.iter().zip(&mu.cells) {
        assert_eq!((&m.town, &m.category), (&h.town, &h.category));
        assert_eq!(
            [m.plan, m.demand, m.committed],
            [h.plan, h.demand, h.committed].map(x15)
        );
    }
    for (h, m) in ha.rules.iter().zip(&mu.rules) {
        assert_eq!(
            (&m.name, &m.categories, m.bound),
            (&h.name, &h.categories, h.bound)
        );
        match (h.value, m.value) {
            (RuleValue::Amount(h), RuleValue::Amount(m)) => assert_eq!(m, h * Decimal::from(15)),
            other => panic!("unexpected rule values {other:?}"),
        }
    }
    assert_eq!(mu.rules[0].towns, NameSet::All);
}

#[test]
fn a_mu_folder_audited_in_ha_prints_what_its_ha_twin_prints() {
    for format in ["table", "json", "csv", "md"] {
        let ha = stdout(&lianzhou(), &["audit", ".", "--format", format]);
        let mu_in_ha = stdout(
            &mu_twin(),
            &["audit", ".", "--format", format, "--unit", "ha"],
        );
        assert_eq!(mu_in_ha, ha, "{format}");
        assert_eq!(ha.0, Some(1));
    }
}

#[test]
fn an_ha_folder_audited_in_mu_prints_what_its_mu_twin_prints() {
    for format in ["table", "json", "csv", "md"] {
        let mu = stdout(&mu_twin(), &["audit", ".", "--format", format]);
        let ha_in_mu = stdout(
            &lianzhou(),
            &["audit", ".", "--format", format, "--unit", "mu"],
        );
        assert_eq!(ha_in_mu, mu, "{format}");
    }
}

#[test]
fn without_unit_a_mu_folder_reports_its_own_figures_fifteen_times_the_ha_ones() {
    let json = |dir: &Path| -> serde_json::Value {
        serde_json::from_str(&stdout(dir, &["audit", ".", "--format", "json"]).1).unwrap()
    };
    let ha = json(&lianzhou());
    let mu = json(&mu_twin());
    assert_eq!(ha["unit"], "ha");
    assert_eq!(mu["unit"], "mu");
    let (ha, mu) = (
        ha["findings"].as_array().unwrap(),
        mu["findings"].as_array().unwrap(),
    );
    assert_eq!(ha.len(), 2);
    assert_eq!(mu.len(), 2);
    for (h, m) in ha.iter().zip(mu) {
        assert_eq!(m["check"], h["check"]);
        assert_eq!(m["scope"], h["scope"]);
        for figure in ["expected", "actual", "difference"] {
            let h = d(h[figure].as_str().unwrap());
            let m = d(m[figure].as_str().unwrap());
            assert_eq!(m, h * Decimal::from(15), "{figure}");
        }
    }
    assert_eq!(mu[1]["scope"], "住宅用地");
    assert_eq!(mu[1]["expected"], "467.22465");
    assert_eq!(mu[1]["actual"], "466.39065");
    assert_eq!(mu[1]["difference"], "0.834");
    assert_eq!(
        mu[1]["message"],
        "category 住宅用地: its town x category figures add up to 466.39065 mu against the published 467.22465 mu; 0.834 mu is assigned to no town"
    );
}

#[test]
fn broken_rules_restate_exactly_between_units() {
    // The same two broken rules in both twins: an amount (in each folder's unit) and a share.
    let ha = copy_folder(&lianzhou());
    let mu = copy_folder(&mu_twin());
    edit(
        &ha.path().join("rules.csv"),
        "max,45.01474",
        "max,44.9\n经营性用地占比,商服;住宅,*,max,30%",
    );
    edit(
        &mu.path().join("rules.csv"),
        "max,675.2211",
        "max,673.5\n经营性用地占比,商服;住宅,*,max,30%",
    );
    let (code, ha_json) = stdout(ha.path(), &["audit", ".", "--format", "json"]);
    assert_eq!(code, Some(1));
    let findings: serde_json::Value = serde_json::from_str(&ha_json).unwrap();
    let rules: Vec<&serde_json::Value> = findings["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["check"] == "rule")
        .collect();
    assert_eq!(rules.len(), 2, "{findings:#}");
    assert_eq!(rules[0]["scope"], "经营性用地占比");
    assert_eq!(rules[0]["expected"], "39.801789", "30% of 132.67263 ha");
    assert_eq!(rules[0]["actual"], "44.95914");
    assert_eq!(
        rules[0]["message"],
        "rule 经营性用地占比: the published plan gives 44.95914 ha where the rule allows at most 39.801789 ha (30% of the 132.67263 ha supplied)"
    );
    assert_eq!(rules[1]["scope"], "经营性用地总量");
    assert_eq!(rules[1]["expected"], "44.9");
    assert_eq!(rules[1]["difference"], "0.05914");
    for format in ["table", "json", "csv", "md"] {
        let in_ha = stdout(ha.path(), &["audit", ".", "--format", format]);
        let mu_in_ha = stdout(
            mu.path(),
            &["audit", ".", "--format", format, "--unit", "ha"],
        );
        assert_eq!(mu_in_ha, in_ha, "{format}");
        let in_mu = stdout(mu.path(), &["audit", ".", "--format", format]);
        let ha_in_mu = stdout(
            ha.path(),
            &["audit", ".", "--format", format, "--unit", "mu"],
        );
        assert_eq!(ha_in_mu, in_mu, "{format}");
    }
}

#[test]
fn hectares_that_do_not_terminate_are_rounded_to_six_decimals() {
    let mu = copy_folder(&mu_twin());
    // 1990.92346 mu = 132.7282306666… ha.
    edit(
        &mu.path().join("scenario.csv"),
        "cap,1990.92345",
        "cap,1990.92346",
    );
    let (_, json) = stdout(
        mu.path(),
        &["audit", ".", "--format", "json", "--unit", "ha"],
    );
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let findings = json["findings"].as_array().unwrap();
    let categories = &findings[0];
    assert_eq!(categories["check"], "categories_vs_cap");
    assert_eq!(categories["actual"], "132.72823");
    // 0.00001 mu = 0.000000666… ha.
    assert_eq!(categories["difference"], "0.000001");
    let towns = &findings[1];
    assert_eq!(towns["check"], "towns_vs_cap");
    assert_eq!(towns["expected"], "132.728231");
    assert_eq!(towns["actual"], "132.67263");
    // 0.83401 mu = 0.0556006666… ha.
    assert_eq!(towns["difference"], "0.055601");
}

#[test]
fn the_built_in_plan_restates_in_mu() {
    let output = crate::common::landplan()
        .args(["audit", "--unit", "mu", "--lang", "en"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.starts_with("audit of lianzhou-2025: 2 finding(s), figures in mu\n"),
        "{text}"
    );
    assert!(text.contains("- the town totals add up to 1990.08945 mu, 0.834 mu short of the total 1990.92345 mu: that much is assigned to none of them\n"), "{text}");
}

#[test]
fn an_unknown_unit_option_is_a_usage_error() {
    let output = crate::common::landplan()
        .args(["audit", "--unit", "acre"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
}

// `--unit` on the commands that solve: solve, run, compare, report and recommend. Every
// figure below is worked by hand from the plan: 132.72823 ha × 15 = 1990.92345 mu (the cap),
// 132.67263 × 15 = 1990.08945 (supplied), 29.488274 × 15 = 442.32411 (连州镇住宅用地),
// 0.0556 × 15 = 0.834 (the 住宅用地 gap).

/// The built-in plan's folder, run with `args` from the repository root; exit 0 or 1.
fn shipped(args: &[&str]) -> String {
    let output = crate::common::landplan()
        .current_dir(crate::common::root())
        .args(args)
        .output()
        .unwrap();
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

const PLAN: &str = "scenarios/lianzhou-2025";

#[test]
fn solve_in_mu_states_the_cap_and_every_figure_in_mu() {
    let text = shipped(&["solve", PLAN, "--unit", "mu"]);
    assert!(
        text.contains("供应总量上限 1990.92345 亩，本方案供应 1990.08945 亩\n"),
        "{text}"
    );
    assert!(
        text.contains("面积单位：亩（原数据以公顷填报；1 公顷 = 15 亩，公顷折算为亩为精确值）。"),
        "{text}"
    );
    assert!(text.contains("公布计划（亩）"), "{text}");
    let housing = text
        .lines()
        .find(|l| l.contains("连州镇") && l.contains("住宅用地"))
        .unwrap();
    assert_eq!(housing.matches("442.32411").count(), 3, "{housing}");
    assert!(!text.contains("132.72823"), "{text}");
    // A what-if: cap-cut-10's cap is 132.72823 × 0.9 = 119.455407 ha = 1791.831105 mu.
    let text = shipped(&["solve", PLAN, "--whatif", "cap-cut-10", "--unit", "mu"]);
    assert!(
        text.contains("供应总量上限 1791.831105 亩，本方案供应 1791.831105 亩\n"),
        "{text}"
    );
}

#[test]
fn solve_in_both_units_puts_mu_beside_hectares_in_either_language() {
    let en = shipped(&["solve", PLAN, "--unit", "both", "--lang", "en"]);
    assert!(
        en.contains("cap 132.72823 ha (1990.92345 mu), supplied 132.67263 ha (1990.08945 mu)\n"),
        "{en}"
    );
    assert!(en.contains("Areas in ha, with mu in brackets"), "{en}");
    assert!(en.contains("plan (ha (mu))"), "{en}");
    assert!(en.contains("29.488274 (442.32411)"), "{en}");
    let zh = shipped(&["solve", PLAN, "--unit", "both"]);
    assert!(
        zh.contains("供应总量上限 132.72823 公顷（1990.92345 亩），本方案供应 132.67263 公顷（1990.08945 亩）"),
        "{zh}"
    );
    assert!(zh.contains("29.488274（442.32411）"), "{zh}");
    assert!(zh.contains("公布计划（公顷（亩））"), "{zh}");
}

#[test]
fn a_mu_plan_solved_in_hectares_states_how_it_rounds() {
    let (_, text) = stdout(&mu_twin(), &["solve", ".", "--unit", "ha"]);
    // 1990.92345 / 15 = 132.72823 and 442.32411 / 15 = 29.488274 terminate: exact.
    assert!(text.contains("供应总量上限 132.72823 公顷"), "{text}");
    assert!(text.contains("29.488274"), "{text}");
    assert!(
        text.contains("亩折算为公顷除不尽的，四舍六入五成双保留 6 位小数"),
        "{text}"
    );
    // 1990.92346 / 15 = 132.7282306666…: rounded to 6 decimals, as audit rounds.
    let mu = copy_folder(&mu_twin());
    edit(
        &mu.path().join("scenario.csv"),
        "cap,1990.92345",
        "cap,1990.92346",
    );
    let (_, text) = stdout(mu.path(), &["solve", ".", "--unit", "ha", "--lang", "en"]);
    assert!(text.contains("cap 132.728231 ha"), "{text}");
    assert!(
        text.contains("rounded half to even to 6 decimals"),
        "{text}"
    );
}

#[test]
fn json_keeps_the_scenarios_unit_and_names_it_and_csv_names_the_unit_asked_for() {
    let json: serde_json::Value = serde_json::from_str(&shipped(&[
        "solve", PLAN, "--unit", "mu", "--format", "json",
    ]))
    .unwrap();
    assert_eq!(json["unit"], "ha");
    assert_eq!(json["cap"], "132.72823");
    let (_, mu_json) = stdout(
        &mu_twin(),
        &["solve", ".", "--format", "json", "--unit", "ha"],
    );
    let mu_json: serde_json::Value = serde_json::from_str(&mu_json).unwrap();
    assert_eq!(mu_json["unit"], "mu");
    assert_eq!(mu_json["cap"], "1990.92345");
    let csv = shipped(&["solve", PLAN, "--unit", "mu", "--format", "csv"]);
    let csv = landplan::report::without_bom(&csv);
    assert!(
        csv.starts_with(
            "town,category,tier,plan (mu),demand (mu),committed (mu),allocated (mu),delta (mu)\n"
        ),
        "{csv}"
    );
    assert!(
        csv.contains("连州镇,住宅用地,3,442.32411,442.32411,0,442.32411,0\n"),
        "{csv}"
    );
    // Both: a CSV cell holds one figure, in the scenario's own unit, named.
    let csv = shipped(&["solve", PLAN, "--unit", "both", "--format", "csv"]);
    assert!(csv.contains("plan (ha)"), "{csv}");
    assert!(csv.contains("连州镇,住宅用地,3,29.488274,"), "{csv}");
    let json: serde_json::Value =
        serde_json::from_str(&shipped(&["run", PLAN, "--unit", "mu", "--format", "json"])).unwrap();
    assert_eq!(json[0]["supplied"], "132.67263");
}

#[test]
fn the_report_puts_mu_beside_hectares() {
    let md = shipped(&["report", PLAN, "--unit", "both", "--format", "md"]);
    assert!(
        md.contains(
            "供应总量上限 132.72823 公顷（1990.92345 亩），配置 132.67263 公顷（1990.08945 亩）"
        ),
        "{md}"
    );
    assert!(md.contains("公布计划（公顷（亩））"), "{md}");
    assert!(md.contains("29.488274（442.32411）"), "{md}");
    assert!(md.contains("少 0.0556 公顷（0.834 亩）"), "{md}");
    assert!(md.contains("面积单位：公顷，括号内为亩"), "{md}");
    let en = shipped(&[
        "report", PLAN, "--unit", "mu", "--format", "md", "--lang", "en",
    ]);
    assert!(
        en.contains("cap 1990.92345 mu, 1990.08945 mu allocated"),
        "{en}"
    );
    assert!(en.contains("plan (mu)"), "{en}");
    // The charts are drawn in the one unit their axis names.
    let html = shipped(&["report", PLAN, "--unit", "mu"]);
    assert!(html.contains("供应总量上限（亩）"), "the sweep's axis");
    assert!(
        html.contains(r#"data-value="442.32411""#),
        "连州镇住宅用地's bar"
    );
}

#[test]
fn run_compare_and_recommend_take_the_unit() {
    let run = shipped(&["run", PLAN, "--unit", "mu"]);
    assert!(run.contains("供应单位：亩"), "{run}");
    assert!(run.contains("供应（亩）"), "{run}");
    assert!(run.contains("1990.08945"), "{run}");
    let base = format!("{PLAN}#base");
    let plan = format!("plan:{PLAN}");
    let compare = shipped(&["compare", &plan, &base, "--unit", "mu", "--lang", "en"]);
    assert!(
        compare.contains("total 1990.08945 -> 1990.08945 (0)"),
        "{compare}"
    );
    assert!(compare.contains("A (mu)"), "{compare}");
    let recommend = shipped(&["recommend", PLAN, "--unit", "mu"]);
    assert!(recommend.contains("少 0.834 亩"), "{recommend}");
    assert!(!recommend.contains("0.0556"), "{recommend}");
}

#[test]
fn a_unit_no_figure_can_honour_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let allocation = dir.path().join("a.csv");
    std::fs::write(&allocation, "town,category,allocated\n连州镇,住宅用地,1\n").unwrap();
    let allocation = allocation.to_string_lossy().to_string();
    for args in [
        vec!["audit", "--unit", "both"],
        vec!["compare", &allocation, &allocation, "--unit", "mu"],
        vec!["stress", "--unit", "mu"],
    ] {
        let output = crate::common::landplan().args(&args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&output.stderr).contains("--unit"),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

/// The header of a solve's `结构` sheet (named `sheet`) in `unit` and the published figure
/// of 住宅用地 read back (31.14831 ha × 15 = 467.22465 mu); an xlsx cell holds a double, read
/// back to the input's 6 decimals.
fn housing_in_workbook(unit: &str, sheet: &str) -> (Vec<String>, Decimal) {
    use calamine::{Data, Reader, Xlsx};
    let output = crate::common::landplan()
        .current_dir(crate::common::root())
        .args(["solve", PLAN, "--format", "xlsx", "--unit", unit])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let mut book = Xlsx::new(std::io::Cursor::new(output.stdout)).unwrap();
    let range = book.worksheet_range(sheet).unwrap();
    let header = range
        .rows()
        .nth(2)
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let housing = range
        .rows()
        .find(|r| r[0] == Data::String("住宅用地".into()))
        .unwrap();
    let Data::Float(plan) = housing[2] else {
        panic!("not a figure: {:?}", housing[2]);
    };
    (
        header,
        Decimal::try_from(plan).unwrap().round_dp(6).normalize(),
    )
}

#[test]
fn the_workbook_is_in_the_unit_asked_for_and_both_gives_a_sheet_in_each() {
    let (header, plan) = housing_in_workbook("mu", "结构");
    assert_eq!(header[2], "公布计划（亩）");
    assert_eq!(plan, d("467.22465"));
    let (header, plan) = housing_in_workbook("both", "结构（公顷）");
    assert_eq!(header[2], "公布计划（公顷）");
    assert_eq!(plan, d("31.14831"));
    let (header, plan) = housing_in_workbook("both", "结构（亩）");
    assert_eq!(header[2], "公布计划（亩）");
    assert_eq!(plan, d("467.22465"));
}

#[test]
fn land_sources_and_supply_methods_follow_the_unit() {
    // 105.509443 ha × 15 = 1582.641645 mu of stock; 25 ha × 15 = 375 mu of new land.
    let (_, text) = stdout(
        &fixture("lianzhou-2025-sources"),
        &["solve", ".", "--unit", "mu", "--lang", "en"],
    );
    assert!(
        text.contains("stock used 1582.641645 of 1582.641645 mu ready; new land 375 mu; new construction land quota 375 mu, 0 mu left\n"),
        "{text}"
    );
    assert!(text.contains("new land (mu)"), "{text}");
    assert!(text.contains("land (mu)"), "{text}");
}
