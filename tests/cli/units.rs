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
