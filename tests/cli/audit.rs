//! `landplan audit` on the built-in and shipped Lianzhou scenario.

use crate::common::{landplan, lianzhou};

#[test]
fn builtin_lianzhou_reports_the_housing_gap_and_the_town_total_gap() {
    let output = landplan()
        .args(["audit", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let findings = json["findings"].as_array().unwrap();
    let housing = findings
        .iter()
        .find(|f| f["check"] == "cells_vs_category")
        .unwrap();
    assert_eq!(housing["scope"], "住宅用地");
    assert_eq!(housing["expected"], "31.14831");
    assert_eq!(housing["actual"], "31.09271");
    assert_eq!(housing["difference"], "0.0556");
    let towns = findings
        .iter()
        .find(|f| f["check"] == "towns_vs_cap")
        .unwrap();
    assert_eq!(towns["expected"], "132.72823");
    assert_eq!(towns["actual"], "132.67263");
    assert_eq!(towns["difference"], "0.0556");
    assert_eq!(findings.len(), 2, "{findings:#?}");
}

#[test]
fn folder_and_builtin_audit_alike() {
    let builtin = landplan()
        .args(["audit", "--format", "csv"])
        .output()
        .unwrap();
    let folder = landplan()
        .arg("audit")
        .arg(lianzhou())
        .args(["--format", "csv"])
        .output()
        .unwrap();
    let strip = |bytes: &[u8]| {
        String::from_utf8_lossy(bytes)
            .lines()
            .map(|line| line.split(',').take(5).collect::<Vec<_>>().join(","))
            .collect::<Vec<_>>()
    };
    assert_eq!(strip(&builtin.stdout), strip(&folder.stdout));
}
