//! `landplan solve`: hand-worked cases with exact expected figures, the Lianzhou plan, and
//! infeasible scenarios with their relaxation.

use crate::common::{dec, folder, landplan, scenario};
use landplan::solve::{solve, SolveOptions, SolveReport, Status};
use serde_json::Value;

const CATEGORIES: &str = "industrial,1,,,\nresidential,2,,,\ncommercial,3,,,\n";

fn solved(report: &SolveReport) -> &landplan::solve::Allocated {
    assert_eq!(report.status(), Status::Optimal);
    report.allocated().unwrap()
}

fn cell(
    scenario: &landplan::Scenario,
    report: &SolveReport,
    town: &str,
    category: &str,
) -> rust_decimal::Decimal {
    let index = scenario
        .cells
        .iter()
        .position(|c| {
            scenario.town(c.town).name == town && scenario.category(c.category).name == category
        })
        .unwrap();
    solved(report).allocation[index]
}

fn supply(report: &SolveReport) -> Vec<String> {
    solved(report)
        .tier_supply()
        .iter()
        .map(|(_, s)| s.normalize().to_string())
        .collect()
}

#[test]
fn a_binding_cap_serves_tiers_in_order_and_cuts_the_lower_one() {
    let s = scenario(
        "cap,20\n",
        CATEGORIES,
        "A,,\nB,,\n",
        "A,industrial,10,,\nB,industrial,5,,\nA,residential,8,,\nB,commercial,4,,\n",
        "",
    );
    let report = solve(
        &s,
        &SolveOptions {
            marginal_values: true,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(supply(&report), ["15", "5", "0"]);
    assert_eq!(cell(&s, &report, "A", "residential"), dec("5"));
    assert_eq!(cell(&s, &report, "B", "commercial"), dec("0"));
    let cap = &report.marginal_values()[0];
    assert_eq!(
        cap.tier_gains,
        vec![(1, dec("0")), (2, dec("1")), (3, dec("0"))]
    );
}

#[test]
fn a_cut_tier_is_cut_in_proportion_to_demand() {
    let s = scenario(
        "cap,20\n",
        CATEGORIES,
        "A,,\nB,,\n",
        "A,industrial,10,10,\nB,industrial,10,30,\n",
        "",
    );
    let report = solve(&s, &SolveOptions::default()).unwrap();
    assert_eq!(cell(&s, &report, "A", "industrial"), dec("5"));
    assert_eq!(cell(&s, &report, "B", "industrial"), dec("15"));
}

#[test]
fn fair_cuts_count_from_committed_land() {
    // Fill ratios (x - committed) / (demand - committed) are equal: A 2 + 0.5 x 8, B 0.5 x 8.
    let s = scenario(
        "cap,10\n",
        CATEGORIES,
        "A,,\nB,,\n",
        "A,industrial,,10,2\nB,industrial,,8,\n",
        "",
    );
    let report = solve(&s, &SolveOptions::default()).unwrap();
    assert_eq!(cell(&s, &report, "A", "industrial"), dec("6"));
    assert_eq!(cell(&s, &report, "B", "industrial"), dec("4"));
}

#[test]
fn a_town_capacity_binds_and_its_marginal_value_goes_to_the_tier_it_limits() {
    let s = scenario(
        "cap,100\n",
        CATEGORIES,
        "A,,12\nB,,\n",
        "A,industrial,10,,\nA,residential,8,,\nB,residential,3,,\n",
        "",
    );
    let report = solve(
        &s,
        &SolveOptions {
            marginal_values: true,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(supply(&report), ["10", "5", "0"]);
    assert_eq!(cell(&s, &report, "A", "residential"), dec("2"));
    let binding: Vec<String> = solved(&report)
        .evaluation
        .binding()
        .map(|c| c.id.key(&s))
        .collect();
    assert_eq!(binding, ["town_capacity:A"]);
    let capacity = report
        .marginal_values()
        .iter()
        .find(|m| m.constraint.key(&s) == "town_capacity:A")
        .unwrap();
    assert_eq!(
        capacity.tier_gains,
        vec![(1, dec("0")), (2, dec("1")), (3, dec("0"))]
    );
    assert_eq!(
        report.marginal_values()[0]
            .tier_gains
            .iter()
            .map(|(_, g)| *g)
            .sum::<rust_decimal::Decimal>(),
        dec("0")
    );
}

#[test]
fn a_share_rule_limits_a_category_to_a_share_of_the_total_supplied() {
    // commercial <= 20% of (8 + commercial)  =>  commercial <= 2.
    let s = scenario(
        "cap,100\n",
        CATEGORIES,
        "X,,\n",
        "X,industrial,8,,\nX,commercial,5,,\n",
        "operating,commercial,*,max,20%\n",
    );
    let report = solve(&s, &SolveOptions::default()).unwrap();
    assert_eq!(cell(&s, &report, "X", "commercial"), dec("2"));
    let rule = solved(&report)
        .evaluation
        .constraints
        .iter()
        .find(|c| c.id.key(&s) == "rule:operating")
        .unwrap();
    assert_eq!(
        (rule.limit, rule.value, rule.binding()),
        (dec("2"), dec("2"), true)
    );
}

#[test]
fn demand_equal_to_plan_under_a_loose_cap_gives_the_plan_back() {
    let s = scenario(
        "cap,50\n",
        CATEGORIES,
        "A,,\nB,,\n",
        "A,industrial,10.123456,,\nB,residential,7.5,,\nB,commercial,0.000001,,\n",
        "",
    );
    let report = solve(&s, &SolveOptions::default()).unwrap();
    let plan: Vec<_> = s.cells.iter().map(|c| c.plan).collect();
    assert_eq!(solved(&report).allocation, plan);
}

#[test]
fn an_unreachable_category_minimum_is_infeasible_with_the_minimum_as_relaxation() {
    let dir = folder(
        "cap,20\n",
        "industrial,1,,15,\n",
        "A,,\nB,,\n",
        "A,industrial,,5,\nB,industrial,,5,\n",
        "",
    );
    let output = landplan()
        .args(["solve", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["status"], "infeasible");
    let relaxation = json["relaxation"].as_array().unwrap();
    assert_eq!(relaxation.len(), 1, "{relaxation:?}");
    assert_eq!(relaxation[0]["target"], "category_min:industrial");
    assert_eq!(
        (
            relaxation[0]["from"].as_str(),
            relaxation[0]["to"].as_str(),
            relaxation[0]["by"].as_str()
        ),
        (Some("15"), Some("10"), Some("5"))
    );
    assert_eq!(json["infeasibility"]["relaxation_verified"], true);
}

#[test]
fn committed_land_above_the_cap_needs_exactly_the_excess() {
    let s = scenario(
        "cap,10\n",
        CATEGORIES,
        "A,,\nB,,\n",
        "A,industrial,,8,6\nB,residential,,8,6.5\n",
        "",
    );
    let report = solve(&s, &SolveOptions::default()).unwrap();
    assert_eq!(report.status(), Status::Infeasible);
    let infeasibility = report.infeasibility().unwrap();
    let total: rust_decimal::Decimal = infeasibility.relaxations.iter().map(|r| r.by).sum();
    assert_eq!(total, dec("2.5"));
    assert!(infeasibility.relaxation_verified);
    // The alternative leaves the first relaxation's limits alone and also restores feasibility.
    assert!(!infeasibility.alternative.is_empty());
    for other in &infeasibility.alternative {
        assert!(
            infeasibility
                .relaxations
                .iter()
                .all(|r| r.target != other.target),
            "{other:?}"
        );
    }
    let both = landplan::solve::infeasible::apply(&s, &infeasibility.alternative);
    assert_eq!(
        solve(&both, &SolveOptions::default()).unwrap().status(),
        Status::Optimal
    );
}

#[test]
fn builtin_lianzhou_solves_to_the_published_plan_with_a_zero_cap_value() {
    let output = landplan()
        .args(["solve", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["status"], "optimal");
    assert_eq!(json["supplied"], "132.67263");
    let cells = json["cells"].as_array().unwrap();
    assert_eq!(cells.len(), 25);
    for cell in cells {
        assert_eq!(cell["allocated"], cell["plan"], "{cell}");
        assert_eq!(cell["delta"], "0");
    }
    let cap = &json["marginal_values"][0];
    assert_eq!(cap["constraint"], "cap");
    assert!(
        cap["tier_gains"]
            .as_array()
            .unwrap()
            .iter()
            .all(|g| g["gain"] == "0"),
        "{cap}"
    );
    assert!(json["binding"].as_array().unwrap().is_empty());
}

#[test]
fn solve_writes_its_report_to_a_file_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("lianzhou.csv");
    landplan()
        .args(["solve", "--format", "csv", "--out"])
        .arg(&out)
        .assert()
        .success();
    let text = std::fs::read_to_string(&out).unwrap();
    // CSV for Excel: UTF-8 with a byte-order mark.
    assert!(text.starts_with("\u{feff}town,category,tier,plan,demand,committed,allocated,delta\n"));
    assert_eq!(text.lines().count(), 26);
}

#[test]
fn a_scenario_with_input_problems_is_refused_with_located_errors() {
    let dir = folder(
        "cap,20\n",
        CATEGORIES,
        "A,,\n",
        "A,industrial,,5,6\nA,nowhere,,1,\n",
        "",
    );
    let output = landplan().arg("solve").arg(dir.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("cells.csv:2: column 'committed'"),
        "{stderr}"
    );
    assert!(
        stderr.contains("cells.csv:3: column 'category': unknown category (got 'nowhere'"),
        "{stderr}"
    );
}
