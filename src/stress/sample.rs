//! Sampled demands: sample i of a run, from the seed and i alone.
//!
//! Input: a `SamplingPlan` (which cells move, by which multiplier distribution), the declared
//! scenario, the seed and a sample number. Output: every cell's demand for that sample, an
//! exact decimal at the scenario's precision: the sampled multiplier (kept to 12 decimals)
//! times the declared demand, rounded half to even to `Scenario::scale()`, and never below
//! the committed land. Sample i's numbers come from ChaCha8 keyed by the seed
//! (`seed_from_u64`) on stream i, so any sample can be drawn on its own, in any order, on any
//! thread or shard. Nothing here solves.

use rand::distr::Uniform;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{LogNormal, Normal, Triangular};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::scenario::Scenario;

/// The shape of a multiplier's distribution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Distribution {
    /// Every value in low..high equally likely.
    Uniform,
    /// Rising from low to mode, falling to high.
    Triangular,
    /// Mean = mode, standard deviation (high - low) / 6, truncated to low..high.
    Normal,
    /// Median = mode, log standard deviation (ln high - ln low) / 6, truncated to low..high.
    Lognormal,
}

impl Distribution {
    pub fn parse(text: &str) -> Option<Distribution> {
        Some(match crate::names::normalize(text).as_str() {
            "uniform" | "均匀" | "均匀分布" => Distribution::Uniform,
            "triangular" | "triangle" | "三角" | "三角分布" => Distribution::Triangular,
            "normal" | "gaussian" | "正态" | "正态分布" => Distribution::Normal,
            "lognormal" | "log-normal" | "对数正态" | "对数正态分布" => {
                Distribution::Lognormal
            }
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Distribution::Uniform => "uniform",
            Distribution::Triangular => "triangular",
            Distribution::Normal => "normal",
            Distribution::Lognormal => "lognormal",
        }
    }
}

impl std::fmt::Display for Distribution {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The largest multiplier `uncertainty.csv` accepts.
pub const MAX_MULTIPLIER: i64 = 1000;

/// A demand multiplier's distribution: always within low..high.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Multiplier {
    pub distribution: Distribution,
    pub low: Decimal,
    /// The most likely value (triangular), mean (normal) or median (lognormal).
    pub mode: Option<Decimal>,
    pub high: Decimal,
}

/// Tries to draw a truncated normal inside the range before clamping the last draw.
const TRUNCATION_TRIES: usize = 64;

/// A multiplier ready to draw from, in `f64`.
#[derive(Debug, Clone, Copy)]
enum Sampler {
    Fixed(f64),
    Uniform(Uniform<f64>),
    Triangular(Triangular<f64>),
    Normal(Normal<f64>, f64, f64),
    LogNormal(LogNormal<f64>, f64, f64),
}

fn f64_of(value: Decimal) -> f64 {
    value
        .to_f64()
        .expect("a multiplier has an f64 approximation")
}

impl Sampler {
    fn new(multiplier: &Multiplier) -> Sampler {
        let (low, high) = (f64_of(multiplier.low), f64_of(multiplier.high));
        let mode = multiplier.mode.map_or((low + high) / 2.0, f64_of);
        if high <= low {
            return Sampler::Fixed(low);
        }
        let built = match multiplier.distribution {
            Distribution::Uniform => Uniform::new_inclusive(low, high).ok().map(Sampler::Uniform),
            Distribution::Triangular => Triangular::new(low, high, mode)
                .ok()
                .map(Sampler::Triangular),
            Distribution::Normal => Normal::new(mode, (high - low) / 6.0)
                .ok()
                .map(|n| Sampler::Normal(n, low, high)),
            Distribution::Lognormal => LogNormal::new(mode.ln(), (high.ln() - low.ln()) / 6.0)
                .ok()
                .map(|n| Sampler::LogNormal(n, low, high)),
        };
        built.unwrap_or(Sampler::Fixed(mode))
    }

    fn draw(&self, rng: &mut ChaCha8Rng) -> f64 {
        match self {
            Sampler::Fixed(value) => *value,
            Sampler::Uniform(d) => rng.sample(d),
            Sampler::Triangular(d) => rng.sample(d),
            Sampler::Normal(d, low, high) => truncated(|| rng.sample(d), *low, *high),
            Sampler::LogNormal(d, low, high) => truncated(|| rng.sample(d), *low, *high),
        }
    }
}

/// Redraws until the value falls in low..high; clamps after `TRUNCATION_TRIES` draws.
fn truncated(mut draw: impl FnMut() -> f64, low: f64, high: f64) -> f64 {
    let mut value = draw();
    for _ in 1..TRUNCATION_TRIES {
        if (low..=high).contains(&value) {
            return value;
        }
        value = draw();
    }
    value.clamp(low, high)
}

/// Which cells share one draw of a factor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Shared {
    /// One draw for every matched cell (a county-wide boom or slump).
    County,
    /// One draw per category among the matched cells.
    Category,
    /// One draw per town among the matched cells.
    Town,
}

impl Shared {
    pub fn parse(text: &str) -> Option<Shared> {
        Some(match crate::names::normalize(text).as_str() {
            "county" | "*" | "全县" | "县域" => Shared::County,
            "category" | "地类" | "用地类型" | "类别" => Shared::Category,
            "town" | "乡镇" | "镇" => Shared::Town,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Shared::County => "county",
            Shared::Category => "category",
            Shared::Town => "town",
        }
    }
}

/// A shared factor: each sample draws it once per group, and every cell of the group has its
/// demand multiplied by that draw, on top of its own draw.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Factor {
    pub shared: Shared,
    pub multiplier: Multiplier,
    /// The cells of each group, in cell order; groups in the order of their first cell.
    pub groups: Vec<Vec<usize>>,
}

/// Which cells move and how: one independent draw per listed cell, in cell order, then one
/// draw per group of each shared factor, in factor and group order.
#[derive(Debug, Clone)]
pub struct SamplingPlan {
    draws: Vec<(usize, Multiplier)>,
    samplers: Vec<Sampler>,
    factors: Vec<(Factor, Sampler)>,
    /// The scenario's precision: sampled demands are rounded to it.
    scale: u32,
}

impl SamplingPlan {
    /// A plan for `scenario` from (cell, multiplier) pairs.
    pub fn new(scenario: &Scenario, mut draws: Vec<(usize, Multiplier)>) -> SamplingPlan {
        draws.sort_by_key(|(cell, _)| *cell);
        let samplers = draws.iter().map(|(_, m)| Sampler::new(m)).collect();
        SamplingPlan {
            draws,
            samplers,
            factors: Vec::new(),
            scale: scenario.scale(),
        }
    }

    /// The same plan with shared factors on top of each cell's own draw.
    pub fn with_factors(mut self, factors: Vec<Factor>) -> SamplingPlan {
        self.factors = factors
            .into_iter()
            .map(|factor| {
                let sampler = Sampler::new(&factor.multiplier);
                (factor, sampler)
            })
            .collect();
        self
    }

    /// The shared factors, in draw order.
    pub fn factors(&self) -> impl Iterator<Item = &Factor> {
        self.factors.iter().map(|(factor, _)| factor)
    }

    /// How many cells move: by their own draw, a shared factor or both.
    pub fn moving(&self, declared: &Scenario) -> usize {
        self.products(declared, |_| 1.0, |_| 1.0)
            .iter()
            .filter(|p| p.is_some())
            .count()
    }

    /// Each cell's multiplier as the product of its own draw and its factors' draws (`None`:
    /// the cell does not move), drawing own multipliers and factor draws in plan order.
    fn products(
        &self,
        declared: &Scenario,
        mut own: impl FnMut(usize) -> f64,
        mut shared: impl FnMut(usize) -> f64,
    ) -> Vec<Option<f64>> {
        let mut product = vec![None; declared.cells.len()];
        for (k, (cell, _)) in self.draws.iter().enumerate() {
            product[*cell] = Some(own(k));
        }
        for (k, (factor, _)) in self.factors.iter().enumerate() {
            for group in &factor.groups {
                let draw = shared(k);
                for &cell in group {
                    product[cell] = Some(product[cell].unwrap_or(1.0) * draw);
                }
            }
        }
        product
    }

    /// Every cell's demand times an independent uniform multiplier in 1 - spread..1 + spread.
    pub fn spread(scenario: &Scenario, spread: Decimal) -> SamplingPlan {
        let multiplier = Multiplier {
            distribution: Distribution::Uniform,
            low: (Decimal::ONE - spread).max(Decimal::ZERO),
            mode: None,
            high: Decimal::ONE + spread,
        };
        SamplingPlan::new(
            scenario,
            (0..scenario.cells.len()).map(|c| (c, multiplier)).collect(),
        )
    }

    /// The cells that move and their multipliers, in cell order.
    pub fn draws(&self) -> &[(usize, Multiplier)] {
        &self.draws
    }

    /// Writes sample `sample`'s demand of every cell of `declared` into `demand`.
    pub fn demands(&self, declared: &Scenario, seed: u64, sample: u64, demand: &mut [Decimal]) {
        for (out, cell) in demand.iter_mut().zip(&declared.cells) {
            *out = cell.demand;
        }
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(sample);
        let scale = self.scale;
        if self.factors.is_empty() {
            for ((cell, _), sampler) in self.draws.iter().zip(&self.samplers) {
                let factor = twelve_decimals(sampler.draw(&mut rng));
                demand[*cell] = scaled(&declared.cells[*cell], factor, scale);
            }
            return;
        }
        // Own draws first, in cell order (as without factors), then each factor's groups.
        let rng = std::cell::RefCell::new(rng);
        let products = self.products(
            declared,
            |k| self.samplers[k].draw(&mut rng.borrow_mut()),
            |k| self.factors[k].1.draw(&mut rng.borrow_mut()),
        );
        for (cell, product) in products.into_iter().enumerate() {
            if let Some(product) = product {
                demand[cell] = scaled(&declared.cells[cell], twelve_decimals(product), scale);
            }
        }
    }

    /// The most each cell's demand can be in any sample (the high multiplier's demand).
    pub fn highest(&self, declared: &Scenario) -> Vec<Decimal> {
        let scale = self.scale;
        let mut highest: Vec<Decimal> = declared.cells.iter().map(|c| c.demand).collect();
        for (cell, multiplier) in &self.draws {
            highest[*cell] = scaled(&declared.cells[*cell], multiplier.high, scale);
        }
        if self.factors.is_empty() {
            return highest;
        }
        // Products of the highs, in f64 as the draws are (rounding is monotone, so no draw's
        // product exceeds them).
        let products = self.products(
            declared,
            |k| f64_of(self.draws[k].1.high),
            |k| f64_of(self.factors[k].0.multiplier.high),
        );
        let in_factor: Vec<bool> = {
            let mut member = vec![false; declared.cells.len()];
            for (factor, _) in &self.factors {
                factor
                    .groups
                    .iter()
                    .flatten()
                    .for_each(|&c| member[c] = true);
            }
            member
        };
        for (cell, product) in products.into_iter().enumerate() {
            if let (Some(product), true) = (product, in_factor[cell]) {
                highest[cell] = scaled(&declared.cells[cell], twelve_decimals(product), scale);
            }
        }
        highest
    }
}

/// A multiplier rounded to 12 decimals (cheaper than an exact binary-to-decimal expansion,
/// and the same on every machine: one f64 product and a round to even).
fn twelve_decimals(multiplier: f64) -> Decimal {
    let units = (multiplier * 1e12).round_ties_even();
    Decimal::from_i128_with_scale(units as i128, 12)
}

/// A declared demand times a multiplier, at the scenario's precision, never below committed.
fn scaled(cell: &crate::scenario::Cell, factor: Decimal, scale: u32) -> Decimal {
    (cell.demand * factor)
        .round_dp(scale)
        .max(cell.committed)
        .normalize()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::load;
    use crate::validate::validate;

    fn lianzhou() -> Scenario {
        validate(&load(&crate::builtin::lianzhou()).unwrap()).scenario
    }

    #[test]
    fn a_sample_depends_on_seed_and_number_only_and_stays_in_range() {
        let scenario = lianzhou();
        let plan = SamplingPlan::spread(&scenario, Decimal::new(2, 1));
        let mut a = vec![Decimal::ZERO; scenario.cells.len()];
        let mut b = a.clone();
        plan.demands(&scenario, 7, 41, &mut a);
        plan.demands(&scenario, 7, 3, &mut b);
        assert_ne!(a, b);
        plan.demands(&scenario, 7, 41, &mut b);
        assert_eq!(a, b);
        let highest = plan.highest(&scenario);
        for ((value, cell), high) in a.iter().zip(&scenario.cells).zip(&highest) {
            assert!(value.scale() <= 6, "{value}");
            assert!(
                *value <= *high && *value >= cell.demand * Decimal::new(8, 1) - Decimal::new(1, 6)
            );
        }
    }

    #[test]
    fn every_distribution_stays_within_low_and_high() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        for distribution in [
            Distribution::Uniform,
            Distribution::Triangular,
            Distribution::Normal,
            Distribution::Lognormal,
        ] {
            let sampler = Sampler::new(&Multiplier {
                distribution,
                low: Decimal::new(5, 1),
                mode: Some(Decimal::new(6, 1)),
                high: Decimal::new(2, 0),
            });
            let draws: Vec<f64> = (0..2000).map(|_| sampler.draw(&mut rng)).collect();
            assert!(
                draws.iter().all(|x| (0.5..=2.0).contains(x)),
                "{distribution}"
            );
            let mean = draws.iter().sum::<f64>() / draws.len() as f64;
            assert!(mean > 0.55 && mean < 1.3, "{distribution}: mean {mean}");
        }
    }
}
