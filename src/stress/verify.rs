//! Checks of statistics read back from a shard document, before anything adds them up.
//!
//! Input: `Stats` deserialised from a file, the `Shape` the scenario fixes (precision, number
//! of tiers, cells, towns and limits, each cell's committed land) and the number of samples
//! the shard covers. Output: every problem found, each a line `JSON path: problem`
//! (`stats.tiers[0].full: 1000000000 exceeds the shard's 50 samples`), so that a damaged or
//! hand-edited document is refused with its reasons instead of panicking, aborting or printing
//! impossible figures. Checked: every count within the samples, every histogram whole (its
//! bins add up to its count, each bin's values inside the bin and the range), each sum within
//! what its histogram allows, full supply equal to the samples of zero shortfall, and every
//! value small enough to be a decimal. Nothing here reads files or merges.

use super::stats::{to_units, Histogram, Stats, BINS};
use crate::scenario::Scenario;
use std::fmt::Display;

/// The largest magnitude a value or sum in units may have: a decimal's 96-bit mantissa.
pub const MAX_UNITS: i128 = (1 << 96) - 1;

/// What the scenario fixes about the statistics of any stress run on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shape {
    pub scale: u32,
    pub tiers: usize,
    /// Each cell's committed land in units: the least its allocation can be.
    pub committed: Vec<i128>,
    pub towns: usize,
    pub limits: usize,
}

impl Shape {
    pub fn of(scenario: &Scenario) -> Shape {
        let scale = scenario.scale();
        Shape {
            scale,
            tiers: crate::model::tier_cells(scenario).len(),
            committed: scenario
                .cells
                .iter()
                .map(|cell| to_units(cell.committed, scale))
                .collect(),
            towns: scenario.towns.len(),
            limits: crate::constraints::constraints(scenario).len(),
        }
    }
}

/// Problems found so far, as `path: problem` lines.
#[derive(Debug, Default)]
struct Findings(Vec<String>);

impl Findings {
    fn add(&mut self, path: impl Display, problem: impl Display) {
        self.0.push(format!("{path}: {problem}"));
    }

    fn at_most(&mut self, path: impl Display, count: u64, most: u64, of: &str) {
        if count > most {
            self.add(path, format!("{count} exceeds the shard's {most} {of}"));
        }
    }
}

/// Every inconsistency of `stats` (read from a shard of `samples` samples), with its path.
pub fn problems(stats: &Stats, shape: &Shape, samples: u64) -> Vec<String> {
    let mut found = Findings::default();
    if stats.scale != shape.scale {
        found.add(
            "stats.scale",
            format!(
                "{} decimals, but the scenario's figures have {}",
                stats.scale, shape.scale
            ),
        );
    }
    if stats.samples != samples {
        found.add(
            "stats.samples",
            format!("{} samples, but the shard covers {samples}", stats.samples),
        );
    }
    found.at_most(
        "stats.infeasible",
        stats.infeasible,
        stats.samples,
        "samples",
    );
    let solved = stats.samples.saturating_sub(stats.infeasible);
    let of = if stats.infeasible == 0 {
        "samples"
    } else {
        "solved samples"
    };
    lengths(&mut found, stats, shape);
    for (i, tier) in stats.tiers.iter().enumerate() {
        let path = format!("stats.tiers[{i}]");
        found.at_most(format_args!("{path}.full"), tier.full, solved, of);
        let histogram = format!("{path}.shortfall");
        if whole(&mut found, &histogram, &tier.shortfall, solved, Some(0)) {
            within(
                &mut found,
                format_args!("{path}.shortfall_sum"),
                tier.shortfall_sum,
                &tier.shortfall,
            );
            let zeros = zeros(&tier.shortfall);
            if tier.full <= solved && tier.full != zeros {
                found.add(
                    format_args!("{path}.full"),
                    format!(
                        "{}, but {histogram} has {zeros} samples of zero shortfall",
                        tier.full
                    ),
                );
            }
        }
    }
    for (i, cell) in stats.cells.iter().enumerate() {
        let path = format!("stats.cells[{i}]");
        found.at_most(format_args!("{path}.cut"), cell.cut, solved, of);
        let low = shape.committed.get(i).copied();
        let histogram = format!("{path}.allocation");
        if whole(&mut found, &histogram, &cell.allocation, solved, low) {
            within(
                &mut found,
                format_args!("{path}.allocation_sum"),
                cell.allocation_sum,
                &cell.allocation,
            );
        }
    }
    for (i, town) in stats.towns.iter().enumerate() {
        let path = format!("stats.towns[{i}]");
        found.at_most(format_args!("{path}.cut"), town.cut, solved, of);
        let sum = town.shortfall_sum;
        if !(0..=MAX_UNITS).contains(&sum) || (town.cut == 0) != (sum == 0) {
            found.add(
                format_args!("{path}.shortfall_sum"),
                format!("{sum} does not fit a town cut in {} samples", town.cut),
            );
        }
    }
    for (i, &binding) in stats.binding.iter().enumerate() {
        found.at_most(format_args!("stats.binding[{i}]"), binding, solved, of);
    }
    found.0
}

/// Series lengths against the scenario's.
fn lengths(found: &mut Findings, stats: &Stats, shape: &Shape) {
    let series = [
        ("tiers", stats.tiers.len(), shape.tiers, "tiers"),
        ("cells", stats.cells.len(), shape.committed.len(), "cells"),
        ("towns", stats.towns.len(), shape.towns, "towns"),
        ("binding", stats.binding.len(), shape.limits, "limits"),
    ];
    for (name, got, expected, what) in series {
        if got != expected {
            found.add(
                format_args!("stats.{name}"),
                format!("{got} entries, but the scenario has {expected} {what}"),
            );
        }
    }
}

/// Checks one histogram; true when it is whole (its sums and zeros can then be checked).
fn whole(
    found: &mut Findings,
    path: &str,
    histogram: &Histogram,
    solved: u64,
    low: Option<i128>,
) -> bool {
    let before = found.0.len();
    let (h_low, h_high) = (histogram.low, histogram.high);
    if !fits(h_low) || !fits(h_high) || h_low > h_high {
        found.add(
            path,
            format!("range {h_low}..{h_high} is not a range of decimals"),
        );
        return false;
    }
    if let Some(low) = low.filter(|&low| low != h_low) {
        found.add(
            format_args!("{path}.low"),
            format!("{h_low}, but the series starts at {low}"),
        );
    }
    if histogram.count != solved {
        found.add(
            format_args!("{path}.count"),
            format!(
                "{} values, but the shard solved {solved} samples",
                histogram.count
            ),
        );
    }
    let mut held = 0u64;
    for (&key, bin) in &histogram.bins {
        let bin_path = format!("{path}.bins.{key}");
        let inside = |v: i128| (h_low..=h_high).contains(&v) && histogram.bin_of(v) == key;
        if i128::from(key) >= BINS || bin.min > bin.max || !inside(bin.min) || !inside(bin.max) {
            found.add(
                &bin_path,
                format!(
                    "values {}..{} do not belong in bin {key} of {h_low}..{h_high}",
                    bin.min, bin.max
                ),
            );
        }
        let counts_fit = if bin.min == bin.max {
            bin.min_count == bin.count && bin.max_count == bin.count
        } else {
            bin.min_count >= 1
                && bin.max_count >= 1
                && bin
                    .min_count
                    .checked_add(bin.max_count)
                    .is_some_and(|both| both <= bin.count)
        };
        if bin.count == 0 || !counts_fit {
            found.add(
                &bin_path,
                format!(
                    "count {}, min_count {}, max_count {} do not fit together",
                    bin.count, bin.min_count, bin.max_count
                ),
            );
        }
        held = held.saturating_add(bin.count);
    }
    if held != histogram.count {
        found.add(
            format_args!("{path}.count"),
            format!("{}, but its bins hold {held} values", histogram.count),
        );
    }
    found.0.len() == before
}

/// Checks that a sum is one the histogram's values can add up to.
fn within(found: &mut Findings, path: impl Display, sum: i128, histogram: &Histogram) {
    match bounds(histogram) {
        Some((least, most)) if (least..=most).contains(&sum) && fits(sum) => {}
        Some((least, most)) => found.add(
            path,
            format!("{sum}, but the values counted add up to between {least} and {most}"),
        ),
        None => found.add(path, "the values counted are too large to add up"),
    }
}

/// The least and the greatest sum of a whole histogram's values (`None` on overflow).
fn bounds(histogram: &Histogram) -> Option<(i128, i128)> {
    let (mut least, mut most) = (0i128, 0i128);
    for bin in histogram.bins.values() {
        let times = |value: i128, count: u64| value.checked_mul(i128::from(count));
        let (low, high) = if bin.min == bin.max {
            let all = times(bin.min, bin.count)?;
            (all, all)
        } else {
            let ends =
                times(bin.min, bin.min_count)?.checked_add(times(bin.max, bin.max_count)?)?;
            let rest = bin.count - bin.min_count - bin.max_count;
            (
                ends.checked_add(times(bin.min, rest)?)?,
                ends.checked_add(times(bin.max, rest)?)?,
            )
        };
        least = least.checked_add(low)?;
        most = most.checked_add(high)?;
    }
    Some((least, most))
}

/// How many values of a whole histogram are zero.
fn zeros(histogram: &Histogram) -> u64 {
    histogram
        .bins
        .values()
        .find(|bin| bin.min <= 0 && bin.max >= 0)
        .map_or(0, |bin| match (bin.min == 0, bin.max == 0) {
            (true, true) => bin.count,
            (true, false) => bin.min_count,
            (false, true) => bin.max_count,
            // Zero strictly inside a bin: not counted at either end; tiers start at 0.
            (false, false) => 0,
        })
}

/// Histogram ranges that differ from the first shard's (histograms of one series merge only
/// over one range: the range comes from the uncertainty, the same for every shard).
pub fn other_ranges(stats: &Stats, first: &Stats) -> Vec<String> {
    let mut found = Findings::default();
    let tiers = stats.tiers.iter().zip(&first.tiers).enumerate();
    let tiers = tiers.map(|(i, (a, b))| {
        (
            format!("stats.tiers[{i}].shortfall"),
            &a.shortfall,
            &b.shortfall,
        )
    });
    let cells = stats.cells.iter().zip(&first.cells).enumerate();
    let cells = cells.map(|(i, (a, b))| {
        (
            format!("stats.cells[{i}].allocation"),
            &a.allocation,
            &b.allocation,
        )
    });
    for (path, ours, theirs) in tiers.chain(cells) {
        if (ours.low, ours.high) != (theirs.low, theirs.high) {
            found.add(
                path,
                format!(
                    "range {}..{}, unlike the first shard's {}..{}",
                    ours.low, ours.high, theirs.low, theirs.high
                ),
            );
        }
    }
    found.0
}

/// The merged sums must stay decimals (a run of many shards adds them up).
pub fn sums_fit(stats: &Stats) -> Vec<String> {
    let mut found = Findings::default();
    let sums = stats
        .tiers
        .iter()
        .enumerate()
        .map(|(i, t)| (format!("tiers[{i}].shortfall_sum"), t.shortfall_sum))
        .chain(
            stats
                .cells
                .iter()
                .enumerate()
                .map(|(i, c)| (format!("cells[{i}].allocation_sum"), c.allocation_sum)),
        )
        .chain(
            stats
                .towns
                .iter()
                .enumerate()
                .map(|(i, t)| (format!("towns[{i}].shortfall_sum"), t.shortfall_sum)),
        );
    for (path, sum) in sums {
        if !fits(sum) {
            found.add(
                format_args!("merged {path}"),
                "too large to show as a decimal",
            );
        }
    }
    found.0
}

/// Whether a value in units can be a decimal.
fn fits(units: i128) -> bool {
    (-MAX_UNITS..=MAX_UNITS).contains(&units)
}
