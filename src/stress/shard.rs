//! Shards of a stress run: a deterministic slice of the samples, and their merge.
//!
//! Input: a shard `K/N` and the run's sample count (the slice), or the shard documents of a
//! run (the merge). Output: the sample range shard K runs; a `ShardFile` holding its exact
//! integer `Stats` with what identifies the run (scenario fingerprint, seed, samples, the
//! uncertainty described); and the merged `Stats` of all N shards, which are the same, byte
//! for byte once summarised, as one run of every sample: each sample is drawn from the seed
//! and its own number, and merging `Stats` is exact in any order. Nothing here reads files,
//! solves or formats.

use super::stats::Stats;
use crate::scenario::Scenario;
use serde::{Deserialize, Serialize};
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
    pub fn range(self, samples: u64) -> Range<u64> {
        let at = |k: u64| {
            u64::try_from(u128::from(samples) * u128::from(k) / u128::from(self.count))
                .expect("a slice bound is at most the sample count")
        };
        at(self.index - 1)..at(self.index)
    }
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
    pub stats: Stats,
}

/// Why shards cannot be merged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MergeError {
    #[error("no shard to merge")]
    Empty,
    #[error("{file}: {problem}")]
    Mismatch { file: String, problem: String },
    #[error("shard {missing}/{count} is missing")]
    Missing { missing: u64, count: u64 },
}

/// A stable fingerprint of a validated scenario (FNV-1a of its JSON form).
pub fn fingerprint(scenario: &Scenario) -> String {
    let json = serde_json::to_vec(scenario).expect("a scenario serialises to JSON");
    crate::load::fnv1a_hex(&json)
}

/// Checks that the shards (with the names to show) are the N shards of one run of this
/// scenario, each once, and merges their statistics.
pub fn merge(scenario: &Scenario, shards: &[(String, ShardFile)]) -> Result<ShardFile, MergeError> {
    let (_, first) = shards.first().ok_or(MergeError::Empty)?;
    let expected = fingerprint(scenario);
    let mut seen = vec![false; usize::try_from(first.shard.count).unwrap_or(0)];
    for (file, shard) in shards {
        let mismatch = |problem: String| MergeError::Mismatch {
            file: file.clone(),
            problem,
        };
        let problem = if shard.format != FORMAT {
            Some(format!("not a stress shard (format '{}')", shard.format))
        } else if shard.scenario != expected {
            Some("it was run on another scenario".to_string())
        } else if (shard.seed, shard.samples, shard.shard.count)
            != (first.seed, first.samples, first.shard.count)
        {
            Some(format!(
                "seed {}, {} samples in {} shards, unlike the first shard's seed {}, {} samples in {} shards",
                shard.seed, shard.samples, shard.shard.count, first.seed, first.samples, first.shard.count
            ))
        } else if (&shard.uncertainty, &shard.whatif) != (&first.uncertainty, &first.whatif) {
            Some("its uncertainty or what-if differs from the first shard's".to_string())
        } else {
            None
        };
        if let Some(problem) = problem {
            return Err(mismatch(problem));
        }
        let slot = usize::try_from(shard.shard.index - 1).unwrap_or(usize::MAX);
        match seen.get_mut(slot) {
            Some(taken) if !*taken => *taken = true,
            _ => {
                return Err(mismatch(format!(
                    "shard {}/{} appears twice",
                    shard.shard.index, shard.shard.count
                )))
            }
        }
    }
    if let Some(missing) = seen.iter().position(|taken| !taken) {
        return Err(MergeError::Missing {
            missing: missing as u64 + 1,
            count: first.shard.count,
        });
    }
    let stats = shards
        .iter()
        .skip(1)
        .fold(first.stats.clone(), |all, (_, shard)| {
            all.merge(&shard.stats)
        });
    Ok(ShardFile {
        shard: Shard { index: 1, count: 1 },
        stats,
        ..first.clone()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
