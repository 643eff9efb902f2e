//! `landplan report` and the recommendations it prints.

use crate::common::{dec, scenario};
use landplan::recommend::recommend;
use landplan::solve::{solve, SolveOptions};

const CATEGORIES: &str = "industrial,1,,,\nresidential,2,,,\ncommercial,3,,,\n";

fn solved(s: &landplan::Scenario) -> landplan::solve::SolveReport {
    solve(
        s,
        &SolveOptions {
            marginal_values: true,
            ..Default::default()
        },
    )
    .unwrap()
}

#[test]
fn debug_cap_cut() {
    let s = scenario(
        "cap,20\n",
        CATEGORIES,
        "A,,\nB,,\n",
        "A,industrial,10,,\nB,industrial,5,,\nA,residential,8,,\nB,commercial,4,,2\n",
        "",
    );
    let report = solved(&s);
    let recs = recommend(&s, &report);
    println!("{}", serde_json::to_string_pretty(&recs).unwrap());
    let _ = dec("1");
}

#[test]
fn debug_lianzhou() {
    let raw = landplan::load::load(&landplan::builtin::lianzhou()).unwrap();
    let mut s = landplan::validate::validate(&raw).scenario;
    let findings = landplan::audit::audit(&s, &[]);
    let report = solved(&s);
    let recs = recommend(&s, &report);
    println!("{}", serde_json::to_string_pretty(&recs).unwrap());
    s.settings.cap = dec("119.455407");
    let report = solved(&s);
    let recs = recommend(&s, &report);
    println!("CUT {}", serde_json::to_string_pretty(&recs).unwrap());
}
