//! `landplan stress --shard auto` in simulated batch environments: the tasks of a Slurm
//! array job and the pods of a Kubernetes Indexed Job each run their shard, and `merge` of
//! their documents gives the single run's report byte for byte.

use crate::common::landplan;
use crate::shards::{merged, single, RUN};
use landplan::stress::shard::{K8S_INDEX, SLURM_COUNT, SLURM_ID, SLURM_MAX, SLURM_MIN, SLURM_STEP};
use predicates::str::contains;
use std::path::{Path, PathBuf};

/// `landplan` with no batch variable of the machine running the tests.
fn clean() -> assert_cmd::Command {
    let mut command = landplan();
    for name in [
        SLURM_ID,
        SLURM_MIN,
        SLURM_MAX,
        SLURM_COUNT,
        SLURM_STEP,
        K8S_INDEX,
    ] {
        command.env_remove(name);
    }
    command
}

fn task(dir: &Path, name: &str, vars: &[(&str, String)], extra: &[&str]) -> PathBuf {
    let path = dir.join(format!("{name}.json"));
    let mut command = clean();
    command.args(RUN).args(["--shard", "auto"]).args(extra);
    for (var, value) in vars {
        command.env(var, value);
    }
    command.arg("--out").arg(&path).assert().success();
    path
}

#[test]
fn a_slurm_array_job_merges_to_the_single_run() {
    let dir = tempfile::tempdir().unwrap();
    // sbatch --array=1-3: tasks 1, 2 and 3.
    let paths: Vec<PathBuf> = (1..=3)
        .map(|id| {
            let vars = [
                (SLURM_ID, id.to_string()),
                (SLURM_MIN, "1".to_string()),
                (SLURM_MAX, "3".to_string()),
                (SLURM_COUNT, "3".to_string()),
            ];
            task(dir.path(), &format!("slurm-{id}"), &vars, &[])
        })
        .collect();
    for format in ["json", "table"] {
        assert_eq!(merged(&paths, format), single(format), "{format}");
    }
}

#[test]
fn a_kubernetes_indexed_job_merges_to_the_single_run() {
    let dir = tempfile::tempdir().unwrap();
    // completions: 4, completionMode: Indexed: indexes 0 to 3.
    let paths: Vec<PathBuf> = (0..4)
        .map(|index| {
            let vars = [(K8S_INDEX, index.to_string())];
            task(
                dir.path(),
                &format!("k8s-{index}"),
                &vars,
                &["--shards", "4"],
            )
        })
        .collect();
    for format in ["json", "csv"] {
        assert_eq!(merged(&paths, format), single(format), "{format}");
    }
}

#[test]
fn no_batch_environment_or_inconsistent_values_are_refused() {
    clean()
        .args(RUN)
        .args(["--shard", "auto"])
        .assert()
        .code(2)
        .stderr(contains("no batch array job found"));
    clean()
        .args(RUN)
        .args(["--shard", "auto"])
        .env(K8S_INDEX, "1")
        .assert()
        .code(2)
        .stderr(contains("does not tell the number of shards"));
    clean()
        .args(RUN)
        .args(["--shard", "auto", "--shards", "2"])
        .env(K8S_INDEX, "2")
        .assert()
        .code(2)
        .stderr(contains(
            "JOB_COMPLETION_INDEX is 2, but the Job has 2 shards",
        ));
    clean()
        .args(RUN)
        .args(["--shard", "auto", "--shards", "4"])
        .env(SLURM_ID, "2")
        .env(SLURM_MIN, "1")
        .env(SLURM_COUNT, "3")
        .assert()
        .code(2)
        .stderr(contains("shard 2/3 is not one of 4 shards"));
}
