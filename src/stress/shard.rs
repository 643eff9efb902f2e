//! Shards of a stress run: a deterministic slice of the samples, the shard a batch system
//! gives a task, and the merge of the shard documents.
//!
//! Input: a shard `K/N` (or `auto`: a Slurm array job's or a Kubernetes Indexed Job's
//! environment, read through a lookup closure) and the run's sample count (the slice), or the
//! shard documents of a run (the merge). Output: the sample range shard K runs; a `ShardFile`
//! holding its exact integer `Stats` with what identifies the run (scenario fingerprint, seed,
//! samples, the uncertainty described); and the merged `Stats` of all N shards, which are the
//! same, byte for byte once summarised, as one run of every sample: each sample is drawn from
//! the seed and its own number, and merging `Stats` is exact in any order. Documents are
//! untrusted: each is checked (`verify`) and every problem of every document is reported at
//! once, `file: JSON path: problem`, before anything is added up. Nothing here reads files,
//! solves or formats.

use super::stats::Stats;
use super::verify::{self, Shape};
use crate::parcels::Parcels;
use crate::scenario::Scenario;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::ops::Range;

/// The format tag of a shard document.
pub const FORMAT: &str = "landplan-stress-shard/1";

/// Shard `index` of `count` (1-based: `1/4` .. `4/4`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    pub index: u64,
    pub count: u64,
}

impl Shard {
    /// Reads `K/N` with 1 <= K <= N.
    pub fn parse(text: &str) -> Option<Shard> {
        let (index, count) = text.trim().split_once('/')?;
        let shard = Shard {
            index: index.trim().parse().ok()?,
            count: count.trim().parse().ok()?,
        };
        (shard.index >= 1 && shard.index <= shard.count).then_some(shard)
    }

    /// The sample numbers of this shard: consecutive slices that cover 0..samples once.
    /// An invalid shard (as a hand-edited document may hold) covers no sample.
    pub fn range(self, samples: u64) -> Range<u64> {
        if self.index == 0 || self.index > self.count {
            return 0..0;
        }
        let at = |k: u64| {
            u64::try_from(u128::from(samples) * u128::from(k) / u128::from(self.count))
                .expect("a slice bound is at most the sample count")
        };
        at(self.index - 1)..at(self.index)
    }
}

/// How a run's shard is chosen: given as `K/N`, or taken from the batch system's environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShardChoice {
    Given(Shard),
    /// From a Slurm array job or a Kubernetes Indexed Job (`from_batch`).
    Auto,
}

impl ShardChoice {
    /// Reads `auto` or `K/N`.
    pub fn parse(text: &str) -> Option<ShardChoice> {
        if text.trim().eq_ignore_ascii_case("auto") {
            return Some(ShardChoice::Auto);
        }
        Shard::parse(text).map(ShardChoice::Given)
    }

    /// The shard to run; `shards` is the shard count when the caller states one (required
    /// for a Kubernetes Indexed Job, checked against the rest otherwise).
    pub fn resolve(
        self,
        shards: Option<u64>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Shard, BatchError> {
        let shard = match self {
            ShardChoice::Given(shard) => shard,
            ShardChoice::Auto => from_batch(&env, shards)?,
        };
        match shards {
            Some(count) if count != shard.count => Err(BatchError::Inconsistent(format!(
                "shard {}/{} is not one of {count} shards",
                shard.index, shard.count
            ))),
            _ => Ok(shard),
        }
    }
}

/// Slurm array job variables (sbatch --array), and the Kubernetes Indexed Job's.
pub const SLURM_ID: &str = "SLURM_ARRAY_TASK_ID";
pub const SLURM_MIN: &str = "SLURM_ARRAY_TASK_MIN";
pub const SLURM_MAX: &str = "SLURM_ARRAY_TASK_MAX";
pub const SLURM_COUNT: &str = "SLURM_ARRAY_TASK_COUNT";
pub const SLURM_STEP: &str = "SLURM_ARRAY_TASK_STEP";
pub const K8S_INDEX: &str = "JOB_COMPLETION_INDEX";

/// Why the batch environment gives no shard.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BatchError {
    #[error("no batch array job found: neither a Slurm array job ({SLURM_ID}, {SLURM_MIN}, {SLURM_COUNT}) nor a Kubernetes Indexed Job ({K8S_INDEX}) is in the environment")]
    NotFound,
    #[error("both a Slurm array job ({SLURM_ID}) and a Kubernetes Indexed Job ({K8S_INDEX}) are in the environment: cannot tell which one to follow")]
    Both,
    #[error("{0} is not set, though {SLURM_ID} is (a Slurm array job sets both)")]
    Missing(&'static str),
    #[error("{name} is '{value}', not a whole number")]
    NotNumber { name: &'static str, value: String },
    #[error("a Kubernetes Indexed Job ({K8S_INDEX}) does not tell the number of shards: give it (the Job's completions)")]
    NoCount,
    #[error("{0}")]
    Inconsistent(String),
}

/// The shard of this task of a Slurm array job (`SLURM_ARRAY_TASK_ID` counted from
/// `SLURM_ARRAY_TASK_MIN` in steps of `SLURM_ARRAY_TASK_STEP`, of `SLURM_ARRAY_TASK_COUNT`
/// tasks) or of a Kubernetes Indexed Job (`JOB_COMPLETION_INDEX` from 0, of `shards`).
/// `env` looks a variable up (`|name| std::env::var(name).ok()` in the binary).
pub fn from_batch(
    env: impl Fn(&str) -> Option<String>,
    shards: Option<u64>,
) -> Result<Shard, BatchError> {
    let number = |name: &'static str| -> Result<Option<u64>, BatchError> {
        env(name)
            .map(|value| {
                value.trim().parse().map_err(|_| BatchError::NotNumber {
                    name,
                    value: value.clone(),
                })
            })
            .transpose()
    };
    match (number(SLURM_ID)?, number(K8S_INDEX)?) {
        (Some(_), Some(_)) => Err(BatchError::Both),
        (None, None) => Err(BatchError::NotFound),
        (Some(id), None) => {
            let required = |name| number(name)?.ok_or(BatchError::Missing(name));
            let (min, count) = (required(SLURM_MIN)?, required(SLURM_COUNT)?);
            slurm(id, min, count, number(SLURM_STEP)?, number(SLURM_MAX)?)
        }
        (None, Some(index)) => {
            let count = shards.ok_or(BatchError::NoCount)?;
            let shard = Shard {
                index: index.saturating_add(1),
                count,
            };
            if shard.index > count {
                return Err(BatchError::Inconsistent(format!(
                    "{K8S_INDEX} is {index}, but the Job has {count} shards (indexes 0 to {})",
                    count.saturating_sub(1)
                )));
            }
            Ok(shard)
        }
    }
}

/// A Slurm task's shard: the array must be one range (`--array=MIN-MAX[:STEP]`).
fn slurm(
    id: u64,
    min: u64,
    count: u64,
    step: Option<u64>,
    max: Option<u64>,
) -> Result<Shard, BatchError> {
    let step = step.unwrap_or(1);
    let inconsistent = |problem: String| Err(BatchError::Inconsistent(problem));
    if step == 0 || count == 0 {
        return inconsistent(format!(
            "{SLURM_STEP} {step} and {SLURM_COUNT} {count} describe no array"
        ));
    }
    if id < min || (id - min) % step != 0 {
        return inconsistent(format!(
            "{SLURM_ID} {id} is not a task of the array from {min} in steps of {step}"
        ));
    }
    let index = (id - min) / step + 1;
    let last = max.map(|max| (max.saturating_sub(min)) / step + 1);
    if index > count || last.is_some_and(|last| last != count) {
        return inconsistent(format!(
            "task {id} of {count} tasks from {min} (step {step}, last {}) is not one range of tasks: submit the array as --array=MIN-MAX",
            max.map_or("unknown".to_string(), |max| max.to_string())
        ));
    }
    Ok(Shard { index, count })
}

/// What one shard writes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShardFile {
    pub format: String,
    /// `fingerprint` of the scenario that was stressed.
    pub scenario: String,
    /// The uncertainty as the report describes it (also identifies the sampling).
    pub uncertainty: String,
    pub whatif: Option<String>,
    pub seed: u64,
    /// Samples of the whole run.
    pub samples: u64,
    pub shard: Shard,
    /// `parcels::fingerprint` of the parcels planned under readiness slips (absent from a
    /// run without slips).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parcels: Option<String>,
    pub stats: Stats,
}

/// Why shards cannot be merged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MergeError {
    #[error("no shard to merge")]
    Empty,
    /// Every problem of every document, one `file: problem` line each.
    #[error("{}", .0.join("\n"))]
    Problems(Vec<String>),
}

/// A stable fingerprint of a validated scenario (FNV-1a of its JSON form).
pub fn fingerprint(scenario: &Scenario) -> String {
    let json = serde_json::to_vec(scenario).expect("a scenario serialises to JSON");
    crate::load::fnv1a_hex(&json)
}

/// Parses shard documents (with the names to show) and merges them as `merge` does; a
/// document that is not JSON of a shard is one more problem, reported with the others.
pub fn merge_documents(
    scenario: &Scenario,
    documents: &[(String, Vec<u8>)],
) -> Result<ShardFile, MergeError> {
    merge_documents_with(scenario, None, documents)
}

/// `merge_documents`, where the scenario's folder has these parcels (a run that drew
/// readiness slips must have planned them).
pub fn merge_documents_with(
    scenario: &Scenario,
    parcels: Option<&Parcels>,
    documents: &[(String, Vec<u8>)],
) -> Result<ShardFile, MergeError> {
    let mut unreadable = Vec::new();
    let mut shards = Vec::new();
    for (file, bytes) in documents {
        let mut json = serde_json::Deserializer::from_slice(bytes);
        match serde_path_to_error::deserialize::<_, ShardFile>(&mut json) {
            Ok(shard) => shards.push((file.clone(), shard)),
            Err(error) => {
                let path = error.path().to_string();
                let at = if path == "." {
                    String::new()
                } else {
                    format!("{path}: ")
                };
                unreadable.push(format!(
                    "{file}: {at}not a stress shard written by `landplan stress --shard` ({})",
                    error.inner()
                ));
            }
        }
    }
    let expected = Expected::of(scenario, parcels);
    if unreadable.is_empty() {
        return merge_with(&expected, &shards);
    }
    // The set cannot be complete: report the unreadable ones and what else is wrong in each.
    for (file, shard) in &shards {
        unreadable.extend(document_problems(shard, &shards[0].1, &expected, file));
    }
    Err(MergeError::Problems(unreadable))
}

/// Checks that the shards (with the names to show) are the N shards of one run of this
/// scenario, each once and each whole, and merges their statistics. Every problem of every
/// document is reported at once.
pub fn merge(scenario: &Scenario, shards: &[(String, ShardFile)]) -> Result<ShardFile, MergeError> {
    merge_with(&Expected::of(scenario, None), shards)
}

/// What the scenario (and its folder's parcels) fix about every shard of a run on it.
struct Expected {
    shape: Shape,
    scenario: String,
    parcels: Option<String>,
}

impl Expected {
    fn of(scenario: &Scenario, parcels: Option<&Parcels>) -> Expected {
        Expected {
            shape: Shape::of(scenario),
            scenario: fingerprint(scenario),
            parcels: parcels.map(super::parcels::fingerprint),
        }
    }
}

fn merge_with(
    expected: &Expected,
    shards: &[(String, ShardFile)],
) -> Result<ShardFile, MergeError> {
    let (_, first) = shards.first().ok_or(MergeError::Empty)?;
    let mut problems = Vec::new();
    let mut seen: BTreeMap<u64, &str> = BTreeMap::new();
    for (file, shard) in shards {
        problems.extend(document_problems(shard, first, expected, file));
        if !valid_index(shard.shard) || shard.shard.count != first.shard.count {
            continue;
        }
        if let Some(other) = seen.insert(shard.shard.index, file) {
            problems.push(format!(
                "{file}: shard {}/{} appears twice (also {other})",
                shard.shard.index, shard.shard.count
            ));
        }
    }
    if first.shard.count >= 1 {
        problems.extend(missing(&seen, first.shard.count));
    }
    if !problems.is_empty() {
        return Err(MergeError::Problems(problems));
    }
    let stats = shards
        .iter()
        .skip(1)
        .fold(first.stats.clone(), |all, (_, shard)| {
            all.merge(&shard.stats)
        });
    let mut too_large = verify::sums_fit(&stats);
    too_large.extend(stats.parcels.iter().flat_map(super::parcels::sums_fit));
    if !too_large.is_empty() {
        return Err(MergeError::Problems(too_large));
    }
    Ok(ShardFile {
        shard: Shard { index: 1, count: 1 },
        stats,
        ..first.clone()
    })
}

/// A shard that planned parcels must have planned the folder's, as the first shard did, and
/// carry their statistics.
fn parcel_problems(
    shard: &ShardFile,
    first: &ShardFile,
    expected: &Expected,
) -> Vec<(&'static str, String)> {
    let mut problems = Vec::new();
    if shard.parcels != first.parcels {
        problems.push((
            "parcels",
            "its parcels (or readiness slips) differ from the first shard's".to_string(),
        ));
    } else if shard.parcels.is_some() && shard.parcels != expected.parcels {
        problems.push((
            "parcels",
            "it planned other parcels than the scenario folder's parcels.csv".to_string(),
        ));
    }
    if shard.parcels.is_some() != shard.stats.parcels.is_some() {
        problems.push((
            "stats.parcels",
            "parcel statistics without parcels, or parcels without statistics".to_string(),
        ));
    }
    problems
}

fn valid_index(shard: Shard) -> bool {
    shard.index >= 1 && shard.index <= shard.count
}

/// At most this many missing shards are named one by one.
const MISSING_SHOWN: usize = 10;

/// The shards of 1..=count not seen, the first few by name and the rest counted.
fn missing(seen: &BTreeMap<u64, &str>, count: u64) -> Vec<String> {
    let absent = count - seen.len() as u64;
    let mut named: Vec<String> = (1..=count)
        .filter(|index| !seen.contains_key(index))
        .take(MISSING_SHOWN)
        .map(|index| format!("shard {index}/{count} is missing"))
        .collect();
    if absent > named.len() as u64 {
        named.push(format!(
            "{} more of the {count} shards are missing",
            absent - named.len() as u64
        ));
    }
    named
}

/// One document's problems against the first document and the scenario, each line
/// `file: JSON path: problem`.
fn document_problems(
    shard: &ShardFile,
    first: &ShardFile,
    expected: &Expected,
    file: &str,
) -> Vec<String> {
    let shape = &expected.shape;
    let mut problems = Vec::new();
    let mut add = |path: &str, problem: String| problems.push(format!("{file}: {path}: {problem}"));
    if shard.format != FORMAT {
        add(
            "format",
            format!("'{}' is not a stress shard ({FORMAT})", shard.format),
        );
        return problems;
    }
    if shard.scenario != expected.scenario {
        add("scenario", "it was run on another scenario".to_string());
    }
    let Shard { index, count } = shard.shard;
    if !valid_index(shard.shard) {
        add(
            "shard.index",
            format!("{index} is not between 1 and the shard count {count}"),
        );
    }
    let differs = |name: &str, ours: String, theirs: String| {
        (ours != theirs).then(|| {
            (
                name.to_string(),
                format!("{ours}, unlike the first shard's {theirs}"),
            )
        })
    };
    let identity = [
        differs("seed", shard.seed.to_string(), first.seed.to_string()),
        differs(
            "samples",
            shard.samples.to_string(),
            first.samples.to_string(),
        ),
        differs(
            "shard.count",
            count.to_string(),
            first.shard.count.to_string(),
        ),
        differs(
            "uncertainty",
            format!("'{}'", shard.uncertainty),
            format!("'{}'", first.uncertainty),
        ),
        differs(
            "whatif",
            format!("{:?}", shard.whatif),
            format!("{:?}", first.whatif),
        ),
    ];
    for (path, problem) in identity.into_iter().flatten() {
        add(&path, problem);
    }
    problems.extend(
        parcel_problems(shard, first, expected)
            .into_iter()
            .map(|(path, problem)| format!("{file}: {path}: {problem}")),
    );
    if valid_index(shard.shard) {
        let covers = shard.shard.range(shard.samples).count() as u64;
        let stats = &shard.stats;
        if let (Some(ours), Some(theirs)) = (&stats.parcels, &first.stats.parcels) {
            let lines = super::parcels::problems(ours, theirs, covers);
            problems.extend(lines.into_iter().map(|line| format!("{file}: {line}")));
        }
        let lines = verify::problems(stats, shape, covers);
        for line in lines
            .into_iter()
            .chain(verify::other_ranges(stats, &first.stats))
        {
            problems.push(format!("{file}: {line}"));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn slurm_and_kubernetes_give_the_shard_and_inconsistencies_are_refused() {
        let slurm = [
            (SLURM_ID, "7"),
            (SLURM_MIN, "5"),
            (SLURM_MAX, "8"),
            (SLURM_COUNT, "4"),
        ];
        assert_eq!(
            from_batch(env(&slurm), None),
            Ok(Shard { index: 3, count: 4 })
        );
        let stepped = [
            (SLURM_ID, "4"),
            (SLURM_MIN, "0"),
            (SLURM_COUNT, "3"),
            (SLURM_STEP, "2"),
        ];
        assert_eq!(
            from_batch(env(&stepped), None),
            Ok(Shard { index: 3, count: 3 })
        );
        let k8s = [(K8S_INDEX, "0")];
        assert_eq!(
            from_batch(env(&k8s), Some(2)),
            Ok(Shard { index: 1, count: 2 })
        );
        assert_eq!(from_batch(env(&k8s), None), Err(BatchError::NoCount));
        assert_eq!(from_batch(env(&[]), None), Err(BatchError::NotFound));
        let both = [(SLURM_ID, "1"), (K8S_INDEX, "0")];
        assert_eq!(from_batch(env(&both), None), Err(BatchError::Both));
        let partial = [(SLURM_ID, "1"), (SLURM_MIN, "1")];
        assert_eq!(
            from_batch(env(&partial), None),
            Err(BatchError::Missing(SLURM_COUNT))
        );
        let text = [(K8S_INDEX, "x")];
        assert!(matches!(
            from_batch(env(&text), Some(2)),
            Err(BatchError::NotNumber { .. })
        ));
        let refused: [&[(&str, &str)]; 4] = [
            &[(K8S_INDEX, "2")],
            &[(SLURM_ID, "0"), (SLURM_MIN, "1"), (SLURM_COUNT, "2")],
            // --array=1,3,7: three tasks that are not one range.
            &[
                (SLURM_ID, "7"),
                (SLURM_MIN, "1"),
                (SLURM_MAX, "7"),
                (SLURM_COUNT, "3"),
            ],
            &[(SLURM_ID, "1"), (SLURM_MIN, "1"), (SLURM_COUNT, "0")],
        ];
        for vars in refused {
            assert!(
                matches!(
                    from_batch(env(vars), Some(2)),
                    Err(BatchError::Inconsistent(_))
                ),
                "{vars:?}"
            );
        }
        let auto = ShardChoice::parse("auto").unwrap();
        assert!(
            auto.resolve(Some(3), env(&slurm)).is_err(),
            "4 tasks, 3 shards"
        );
        assert_eq!(
            ShardChoice::parse("2/4"),
            Some(ShardChoice::Given(Shard { index: 2, count: 4 }))
        );
    }

    #[test]
    fn shards_parse_and_cover_every_sample_once() {
        assert_eq!(Shard::parse("2/5"), Some(Shard { index: 2, count: 5 }));
        assert_eq!(Shard::parse("0/5"), None);
        assert_eq!(Shard::parse("6/5"), None);
        assert_eq!(Shard::parse("x"), None);
        for samples in [0, 1, 7, 100, 1001] {
            for count in 1..=6 {
                let mut next = 0;
                for index in 1..=count {
                    let range = Shard { index, count }.range(samples);
                    assert_eq!(range.start, next);
                    next = range.end;
                }
                assert_eq!(next, samples);
            }
        }
    }
}
