//! Streaming, mergeable statistics of a stress run, in exact integer units.
//!
//! Input: the evaluation of each solved sample (or the fact that a sample was infeasible).
//! Output: `Stats`: counts, exact sums and one `Histogram` per tier shortfall and per cell
//! allocation, whose size does not grow with the number of samples. Every figure is an integer
//! count of the scenario's last decimal (1 unit = 0.000001 ha for Lianzhou), so adding samples
//! and merging two `Stats` (threads, shards) are exact and give the same bytes in any order.
//! Nothing here solves, samples or formats.
//!
//! Quantiles (`Histogram::quantile`) use nearest rank: the p-quantile of n values is the
//! ceil(p n / 100)-th smallest. Each histogram spans the values its series can take (known
//! before sampling: committed land up to the highest demand) in `BINS` equal bins, and keeps
//! each bin's count, smallest and largest value and how often each of those two occurred. The
//! rank's bin is found exactly; a rank that falls on the bin's smallest or largest value is
//! exact (so are masses of equal values such as zero shortfall or a cell always at demand);
//! otherwise the value is interpolated between them and is off by at most the bin's spread
//! (reported as the quantile's error, at most 1/BINS of the series' range).

use super::parcels::ParcelStats;
use crate::evaluate::Evaluation;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Bins per histogram: quantile error at most 1/4096 of a series' range.
pub const BINS: i128 = 4096;

/// A decimal as a whole number of units of `scale` decimals.
pub fn to_units(value: Decimal, scale: u32) -> i128 {
    let mut value = value;
    value.rescale(scale);
    value.mantissa()
}

/// Units back to a decimal.
pub fn from_units(units: i128, scale: u32) -> Decimal {
    Decimal::from_i128_with_scale(units, scale).normalize()
}

/// One bin: how many values fell in it, the least and greatest of them and how many times
/// each of those two occurred (so a mass of equal values, such as zero shortfall, is exact).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bin {
    pub count: u64,
    pub min: i128,
    pub min_count: u64,
    pub max: i128,
    pub max_count: u64,
}

impl Bin {
    fn of(value: i128) -> Bin {
        Bin {
            count: 1,
            min: value,
            min_count: 1,
            max: value,
            max_count: 1,
        }
    }

    fn merge(&mut self, other: &Bin) {
        let count_at = |bound: i128, a: (i128, u64), b: (i128, u64)| {
            u64::from(a.0 == bound) * a.1 + u64::from(b.0 == bound) * b.1
        };
        let (min, max) = (self.min.min(other.min), self.max.max(other.max));
        if min == max {
            // Every value of both bins is this one.
            *self = Bin {
                count: self.count + other.count,
                min,
                min_count: self.count + other.count,
                max,
                max_count: self.count + other.count,
            };
            return;
        }
        self.min_count = count_at(
            min,
            (self.min, self.min_count),
            (other.min, other.min_count),
        );
        self.max_count = count_at(
            max,
            (self.max, self.max_count),
            (other.max, other.max_count),
        );
        self.count += other.count;
        self.min = min;
        self.max = max;
    }

    /// The `position`-th smallest value of the bin (1-based) and how far off it may be.
    fn value_at(&self, position: u64) -> Quantile {
        if position <= self.min_count {
            return Quantile {
                value: self.min,
                error: 0,
            };
        }
        if position > self.count - self.max_count {
            return Quantile {
                value: self.max,
                error: 0,
            };
        }
        let spread = self.max - self.min;
        let inside = position - self.min_count;
        let between = self.count - self.min_count - self.max_count + 1;
        Quantile {
            value: self.min + share(spread, inside, between),
            error: spread,
        }
    }
}

/// `spread * inside / between` rounded down, for `0 <= inside < between`, without the
/// product overflowing however wide the spread.
fn share(spread: i128, inside: u64, between: u64) -> i128 {
    let (whole, rest) = (spread / i128::from(between), spread % i128::from(between));
    let rest = u128::try_from(rest).expect("a bin's spread is not negative");
    let part = rest * u128::from(inside) / u128::from(between);
    whole * i128::from(inside) + i128::try_from(part).expect("below the spread")
}

/// A quantile and the most it can be off by (0: exact).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quantile {
    pub value: i128,
    pub error: i128,
}

/// A fixed-range histogram over integer units, stored sparsely (at most `BINS` bins).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Histogram {
    pub(super) low: i128,
    pub(super) high: i128,
    pub(super) count: u64,
    pub(super) bins: BTreeMap<u32, Bin>,
}

impl Histogram {
    /// A histogram for values in low..=high.
    pub fn new(low: i128, high: i128) -> Histogram {
        Histogram {
            low,
            high: high.max(low),
            count: 0,
            bins: BTreeMap::new(),
        }
    }

    pub(super) fn bin_of(&self, value: i128) -> u32 {
        let offset = (value - self.low).clamp(0, self.high - self.low);
        let bin = offset * BINS / (self.high - self.low + 1);
        u32::try_from(bin).expect("a bin index is below BINS")
    }

    pub fn add(&mut self, value: i128) {
        self.count += 1;
        let bin = self.bin_of(value);
        self.bins
            .entry(bin)
            .and_modify(|b| b.merge(&Bin::of(value)))
            .or_insert(Bin::of(value));
    }

    pub fn merge(&mut self, other: &Histogram) {
        assert_eq!(
            (self.low, self.high),
            (other.low, other.high),
            "histograms of one series have one range"
        );
        self.count += other.count;
        for (index, bin) in &other.bins {
            self.bins
                .entry(*index)
                .and_modify(|b| b.merge(bin))
                .or_insert(*bin);
        }
    }

    pub fn count(&self) -> u64 {
        self.count
    }

    /// The nearest-rank `percent` quantile; `None` when empty.
    pub fn quantile(&self, percent: u32) -> Option<Quantile> {
        if self.count == 0 {
            return None;
        }
        let scaled = u128::from(self.count) * u128::from(percent);
        let rank = u64::try_from(scaled.div_ceil(100))
            .expect("a rank is at most the count")
            .clamp(1, self.count);
        let mut before = 0u64;
        for bin in self.bins.values() {
            if before + bin.count >= rank {
                return Some(bin.value_at(rank - before));
            }
            before += bin.count;
        }
        unreachable!("the ranks of a non-empty histogram are within its count")
    }
}

/// The ranges the series can take, known before sampling.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub scale: u32,
    /// Each tier's greatest possible demand (its shortfall lies in 0..=it).
    pub tier_high: Vec<Decimal>,
    /// Each cell's committed land and greatest possible demand.
    pub cell_range: Vec<(Decimal, Decimal)>,
    pub towns: usize,
    pub limits: usize,
    /// The parcel plans' series, when the run plans parcels under readiness slips.
    pub parcels: Option<super::parcels::ParcelLayout>,
}

/// A tier over the samples.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TierStats {
    /// Samples in which the tier was fully supplied.
    pub full: u64,
    pub shortfall_sum: i128,
    pub shortfall: Histogram,
}

/// A cell over the samples.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CellStats {
    /// Samples in which the cell got less than its demand.
    pub cut: u64,
    pub allocation_sum: i128,
    pub allocation: Histogram,
}

/// A town over the samples.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TownStats {
    /// Samples in which some cell of the town got less than its demand.
    pub cut: u64,
    pub shortfall_sum: i128,
}

/// Everything a run has counted so far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    pub scale: u32,
    /// Samples done (solved or infeasible).
    pub samples: u64,
    /// Samples confirmed infeasible (counted in no other figure).
    pub infeasible: u64,
    pub tiers: Vec<TierStats>,
    pub cells: Vec<CellStats>,
    pub towns: Vec<TownStats>,
    /// Per constraint (in `constraints::constraints` order): samples in which it binds.
    pub binding: Vec<u64>,
    /// The parcel plans under readiness slips (absent from a run without slips).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parcels: Option<ParcelStats>,
}

impl Stats {
    pub fn new(layout: &Layout) -> Stats {
        let units = |value: Decimal| to_units(value, layout.scale);
        Stats {
            scale: layout.scale,
            samples: 0,
            infeasible: 0,
            tiers: layout
                .tier_high
                .iter()
                .map(|&high| TierStats {
                    full: 0,
                    shortfall_sum: 0,
                    shortfall: Histogram::new(0, units(high)),
                })
                .collect(),
            cells: layout
                .cell_range
                .iter()
                .map(|&(low, high)| CellStats {
                    cut: 0,
                    allocation_sum: 0,
                    allocation: Histogram::new(units(low), units(high)),
                })
                .collect(),
            towns: vec![
                TownStats {
                    cut: 0,
                    shortfall_sum: 0
                };
                layout.towns
            ],
            binding: vec![0; layout.limits],
            parcels: layout.parcels.as_ref().map(ParcelStats::new),
        }
    }

    /// Counts a solved sample.
    pub fn record(&mut self, evaluation: &Evaluation) {
        let units = |value: Decimal| to_units(value, self.scale);
        self.samples += 1;
        for (stats, tier) in self.tiers.iter_mut().zip(&evaluation.tiers) {
            let shortfall = tier.totals.shortfall();
            stats.full += u64::from(shortfall.is_zero());
            stats.shortfall_sum += units(shortfall);
            stats.shortfall.add(units(shortfall));
        }
        for (stats, cell) in self.cells.iter_mut().zip(&evaluation.cells) {
            stats.cut += u64::from(cell.allocated < cell.demand);
            stats.allocation_sum += units(cell.allocated);
            stats.allocation.add(units(cell.allocated));
        }
        for (stats, town) in self.towns.iter_mut().zip(&evaluation.towns) {
            let shortfall = town.shortfall();
            stats.cut += u64::from(!shortfall.is_zero());
            stats.shortfall_sum += units(shortfall);
        }
        for (count, limit) in self.binding.iter_mut().zip(&evaluation.constraints) {
            *count += u64::from(limit.binding());
        }
    }

    /// Counts a sample confirmed infeasible.
    pub fn record_infeasible(&mut self) {
        self.samples += 1;
        self.infeasible += 1;
    }

    /// Adds another run's counts (other threads or shards of the same run).
    pub fn merge(mut self, other: &Stats) -> Stats {
        assert_eq!(self.scale, other.scale, "merged runs share a precision");
        self.samples += other.samples;
        self.infeasible += other.infeasible;
        for (a, b) in self.tiers.iter_mut().zip(&other.tiers) {
            a.full += b.full;
            a.shortfall_sum += b.shortfall_sum;
            a.shortfall.merge(&b.shortfall);
        }
        for (a, b) in self.cells.iter_mut().zip(&other.cells) {
            a.cut += b.cut;
            a.allocation_sum += b.allocation_sum;
            a.allocation.merge(&b.allocation);
        }
        for (a, b) in self.towns.iter_mut().zip(&other.towns) {
            a.cut += b.cut;
            a.shortfall_sum += b.shortfall_sum;
        }
        for (a, b) in self.binding.iter_mut().zip(&other.binding) {
            *a += b;
        }
        self.parcels = match (self.parcels, &other.parcels) {
            (Some(a), Some(b)) => Some(a.merge(b)),
            (a, b) => {
                assert!(
                    a.is_none() && b.is_none(),
                    "merged runs all plan parcels or none"
                );
                None
            }
        };
        self
    }

    /// Samples that solved.
    pub fn solved(&self) -> u64 {
        self.samples - self.infeasible
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_are_exact_for_few_distinct_values_and_bounded_otherwise() {
        let mut h = Histogram::new(0, 100);
        for v in 1..=100 {
            h.add(v);
        }
        // 100 values over 4096 bins: one value per bin, so every rank is exact.
        assert_eq!(h.quantile(5).unwrap(), Quantile { value: 5, error: 0 });
        assert_eq!(
            h.quantile(50).unwrap(),
            Quantile {
                value: 50,
                error: 0
            }
        );
        assert_eq!(
            h.quantile(95).unwrap(),
            Quantile {
                value: 95,
                error: 0
            }
        );
        let mut wide = Histogram::new(0, 4_095_999);
        for v in (0..1000).map(|i| i * 7) {
            wide.add(v);
        }
        // Bins are 1000 units wide here: the 500th value (3493) lies in a bin of 143 values.
        let median = wide.quantile(50).unwrap();
        assert!((median.value - 3493).abs() <= median.error && median.error < 1000);
    }

    #[test]
    fn a_mass_of_equal_values_gives_exact_quantiles() {
        let mut h = Histogram::new(0, 10_000_000);
        (0..60).for_each(|_| h.add(0));
        (1..=40).for_each(|v| h.add(v * 37));
        assert_eq!(h.quantile(5).unwrap(), Quantile { value: 0, error: 0 });
        assert_eq!(h.quantile(50).unwrap(), Quantile { value: 0, error: 0 });
        let p95 = h.quantile(95).unwrap();
        assert!((p95.value - 35 * 37).abs() <= p95.error, "{p95:?}");
    }

    #[test]
    fn merging_in_any_order_gives_the_same_histogram() {
        let values: Vec<i128> = (0..500).map(|i| (i * 7919) % 1000).collect();
        let mut whole = Histogram::new(0, 999);
        values.iter().for_each(|v| whole.add(*v));
        let (mut a, mut b) = (Histogram::new(0, 999), Histogram::new(0, 999));
        values[..123].iter().for_each(|v| a.add(*v));
        values[123..].iter().for_each(|v| b.add(*v));
        let mut ba = b.clone();
        ba.merge(&a);
        a.merge(&b);
        assert_eq!(a, whole);
        assert_eq!(ba, whole);
    }
}
