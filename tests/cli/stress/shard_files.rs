//! Shard documents are untrusted input: mutated fields (numbers, types, removals, huge
//! values) never panic the merge, impossible figures are refused with the file and the JSON
//! path, and the edits the issue measured are refused by the binary with exit 2.

use super::lianzhou_scenario;
use crate::common::landplan;
use landplan::solve::engine::Engine;
use landplan::stress::sample::SamplingPlan;
use landplan::stress::shard::{fingerprint, merge_documents, Shard, ShardFile, FORMAT};
use landplan::stress::{run_range, summarise, Control, StressOptions};
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::{json, Value};
use std::sync::atomic::AtomicBool;
use std::sync::OnceLock;

const SAMPLES: u64 = 24;

fn options() -> StressOptions {
    StressOptions {
        samples: SAMPLES,
        seed: 5,
        threads: Some(1),
        backend: Default::default(),
    }
}

/// The three shard documents of a 24-sample run of Lianzhou (computed once).
fn documents() -> &'static Vec<Value> {
    static DOCUMENTS: OnceLock<Vec<Value>> = OnceLock::new();
    DOCUMENTS.get_or_init(|| {
        let scenario = lianzhou_scenario();
        let plan = SamplingPlan::spread(&scenario, Decimal::new(3, 1));
        let engine = Engine::new(&scenario, Default::default());
        let cancel = AtomicBool::new(false);
        let control = Control {
            cancel: &cancel,
            progress: &|_| {},
        };
        (1..=3)
            .map(|index| {
                let shard = Shard { index, count: 3 };
                let range = shard.range(SAMPLES);
                let stats =
                    run_range(&scenario, &plan, &engine, &options(), range, control).unwrap();
                serde_json::to_value(ShardFile {
                    format: FORMAT.to_string(),
                    scenario: fingerprint(&scenario),
                    uncertainty: "spread 0.3".to_string(),
                    whatif: None,
                    seed: 5,
                    samples: SAMPLES,
                    shard,
                    parcels: None,
                    stats,
                })
                .unwrap()
            })
            .collect()
    })
}

/// Merges JSON documents as `landplan merge` does, summarising whatever it accepts.
fn merge(values: &[Value]) -> Result<String, String> {
    let scenario = lianzhou_scenario();
    let documents: Vec<(String, Vec<u8>)> = values
        .iter()
        .enumerate()
        .map(|(i, v)| (format!("s{}.json", i + 1), serde_json::to_vec(v).unwrap()))
        .collect();
    let merged = merge_documents(&scenario, &documents).map_err(|e| e.to_string())?;
    let engine = Engine::new(&scenario, Default::default());
    let options = StressOptions {
        samples: merged.samples,
        ..options()
    };
    let summary = summarise(&merged.stats, &engine, &options);
    Ok(format!("{summary:?}"))
}

/// Every path to a value inside a document (objects and arrays included).
fn paths(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                paths(inner, format!("{at}/{key}"), out);
            }
        }
        Value::Array(items) => {
            for (i, inner) in items.iter().enumerate() {
                paths(inner, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
    out.push(at);
}

/// Replacement values: edges of every numeric type, other types, and emptiness.
fn replacement(kind: usize) -> Option<Value> {
    let values = [
        json!(0),
        json!(1),
        json!(-1),
        json!(2),
        json!(1_000_000_000u64),
        json!(u64::MAX),
        json!(i64::MIN),
        json!(1e300),
        json!(0.5),
        json!("12"),
        json!(null),
        json!([]),
        json!({}),
        json!(true),
        serde_json::from_str("170141183460469231731687303715884105727").unwrap(),
        serde_json::from_str("-170141183460469231731687303715884105728").unwrap(),
        json!(29),
        json!(4096),
    ];
    values.get(kind).cloned()
}

/// Applies a mutation at a JSON pointer: replace with a value, or remove the field.
fn mutate(document: &mut Value, pointer: &str, kind: usize) {
    match replacement(kind) {
        Some(value) => {
            if let Some(slot) = document.pointer_mut(pointer) {
                *slot = value;
            }
        }
        None => {
            let (parent, key) = pointer.rsplit_once('/').unwrap_or(("", pointer));
            match document.pointer_mut(parent) {
                Some(Value::Object(map)) => {
                    map.remove(key);
                }
                Some(Value::Array(items)) => {
                    if let Ok(i) = key.parse::<usize>() {
                        if i < items.len() {
                            items.remove(i);
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

#[test]
fn the_untouched_shards_merge() {
    assert!(merge(documents()).is_ok());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn mutated_shard_documents_never_panic_the_merge(
        edits in prop::collection::vec(
            (0usize..3, any::<bool>(), any::<prop::sample::Index>(), 0usize..20),
            1..4,
        ),
    ) {
        let mut values = documents().clone();
        for (doc, in_bins, at, kind) in edits {
            let mut all = Vec::new();
            paths(&values[doc], String::new(), &mut all);
            // Half the edits outside histogram bins, which are most of the paths.
            all.retain(|p| in_bins || !p.contains("/bins/"));
            let pointer = all[at.index(all.len())].clone();
            mutate(&mut values[doc], &pointer, kind);
        }
        // Either merged (an edit that keeps the documents consistent) or refused with
        // reasons; never a panic.
        if let Err(message) = merge(&values) {
            prop_assert!(message.lines().all(|l| !l.trim().is_empty()), "{}", message);
        }
    }
}

/// Each edit the issue measured, and what the merge must say about it.
#[test]
fn measured_edits_are_refused_with_file_and_path() {
    let cases: [(&str, Value, &str); 6] = [
        (
            "/shard/index",
            json!(0),
            "s2.json: shard.index: 0 is not between 1 and the shard count 3",
        ),
        (
            "/shard/count",
            json!(u64::MAX),
            "s2.json: shard.count: 18446744073709551615, unlike the first shard's 3",
        ),
        (
            "/stats/scale",
            json!(3),
            "s2.json: stats.scale: 3 decimals, but the scenario's figures have 6",
        ),
        (
            "/stats/tiers/0/full",
            json!(1_000_000_000),
            "s2.json: stats.tiers[0].full: 1000000000 exceeds the shard's 8 samples",
        ),
        (
            "/stats/samples",
            json!(u64::MAX),
            "s2.json: stats.samples: 18446744073709551615 samples, but the shard covers 8",
        ),
        (
            "/stats/cells",
            json!([]),
            "s2.json: stats.cells: 0 entries, but the scenario has 25 cells",
        ),
    ];
    for (pointer, value, expected) in cases {
        let mut values = documents().clone();
        // The second document is edited: the first stays the reference.
        *values[1].pointer_mut(pointer).unwrap() = value;
        let message = merge(&values).expect_err(pointer);
        prop_assert_contains(&message, expected);
    }
}

fn prop_assert_contains(message: &str, expected: &str) {
    assert!(
        message.lines().any(|l| l == expected),
        "{expected}\nnot in\n{message}"
    );
}

#[test]
fn a_field_of_the_wrong_type_is_named_by_its_path() {
    let mut values = documents().clone();
    values[0]["stats"]["tiers"][1]["full"] = json!("many");
    values[2]["shard"] = json!({ "index": 3 });
    let message = merge(&values).unwrap_err();
    let lines: Vec<&str> = message.lines().collect();
    assert!(
        lines[0].starts_with("s1.json: stats.tiers[1].full: not a stress shard"),
        "{message}"
    );
    assert!(
        lines[1].starts_with("s3.json: shard: not a stress shard"),
        "{message}"
    );
    assert!(lines[1].contains("missing field `count`"), "{message}");
}

#[test]
fn every_problem_of_every_document_is_reported_at_once() {
    let mut values = documents().clone();
    values[1]["stats"]["tiers"][0]["full"] = json!(99);
    values[2]["seed"] = json!(6);
    values.push(values[2].clone());
    let message = merge(&values).unwrap_err();
    let lines: Vec<&str> = message.lines().collect();
    assert!(
        lines.contains(&"s2.json: stats.tiers[0].full: 99 exceeds the shard's 8 samples"),
        "{message}"
    );
    assert!(
        lines.contains(&"s3.json: seed: 6, unlike the first shard's 5"),
        "{message}"
    );
    assert!(
        lines.contains(&"s4.json: shard 3/3 appears twice (also s3.json)"),
        "{message}"
    );
}

#[test]
fn the_binary_refuses_edited_shards_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (k, value) in documents().iter().enumerate() {
        let mut value = value.clone();
        if k == 0 {
            value["shard"]["index"] = json!(0);
        }
        if k == 1 {
            value["stats"]["scale"] = json!(40);
        }
        let path = dir.path().join(format!("s{}.json", k + 1));
        std::fs::write(&path, serde_json::to_vec(&value).unwrap()).unwrap();
        files.push(path);
    }
    let output = landplan().arg("merge").args(&files).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("s1.json: shard.index: 0 is not between 1"),
        "{stderr}"
    );
    assert!(
        stderr.contains("s2.json: stats.scale: 40 decimals"),
        "{stderr}"
    );
    assert!(stderr.contains("shard 1/3 is missing"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
