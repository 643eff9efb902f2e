//! `landplan stress --shard K/N` and `landplan merge`: merged shards give the single run's
//! report byte for byte; shards of another run, a missing or a doubled shard are refused.

use crate::common::landplan;
use predicates::str::contains;
use std::path::{Path, PathBuf};

pub(crate) const RUN: [&str; 5] = ["stress", "--samples", "37", "--seed", "11"];

pub(crate) fn single(format: &str) -> Vec<u8> {
    let output = landplan()
        .args(RUN)
        .args(["--format", format])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    output.stdout
}

fn shards(dir: &Path, count: u64, seed: &str) -> Vec<PathBuf> {
    (1..=count)
        .map(|k| {
            let path = dir.join(format!("shard-{seed}-{k}.json"));
            landplan()
                .args(["stress", "--samples", "37", "--seed", seed, "--shard"])
                .arg(format!("{k}/{count}"))
                .arg("--out")
                .arg(&path)
                .assert()
                .success();
            path
        })
        .collect()
}

pub(crate) fn merged(paths: &[PathBuf], format: &str) -> Vec<u8> {
    let output = landplan()
        .arg("merge")
        .args(paths)
        .args(["--format", format])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    output.stdout
}

#[test]
fn merged_shards_equal_the_single_run_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    for count in [1, 3, 5] {
        let mut paths = shards(dir.path(), count, "11");
        paths.reverse();
        for format in ["json", "table", "csv"] {
            assert_eq!(
                merged(&paths, format),
                single(format),
                "{count} shards, {format}"
            );
        }
    }
}

#[test]
fn shards_of_different_runs_or_incomplete_sets_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let ours = shards(dir.path(), 2, "11");
    let other_seed = shards(dir.path(), 2, "12");
    landplan()
        .arg("merge")
        .arg(&ours[0])
        .assert()
        .code(2)
        .stderr(contains("shard 2/2 is missing"));
    landplan()
        .arg("merge")
        .args([&ours[0], &ours[0], &ours[1]])
        .assert()
        .code(2)
        .stderr(contains("appears twice"));
    landplan()
        .arg("merge")
        .args([&ours[0], &other_seed[1]])
        .assert()
        .code(2)
        .stderr(contains("seed: 12, unlike the first shard's 11"));
    let generated = dir.path().join("generated");
    landplan()
        .args(["generate", "--towns", "4", "--out"])
        .arg(&generated)
        .assert()
        .success();
    landplan()
        .arg("merge")
        .arg(&generated)
        .args(&ours)
        .assert()
        .code(2)
        .stderr(contains("another scenario"));
    let junk = dir.path().join("junk.json");
    std::fs::write(&junk, "{}").unwrap();
    landplan()
        .arg("merge")
        .arg(&junk)
        .assert()
        .code(2)
        .stderr(contains("not a stress shard"));
    landplan()
        .args(RUN)
        .args(["--shard", "4/3"])
        .assert()
        .code(2)
        .stderr(contains("invalid shard"));
}
