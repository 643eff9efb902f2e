//! Stage 5b, stress: how robust a plan is when demand moves.
//!
//! Input: a validated `Scenario`, a `SamplingPlan` (from `uncertainty.csv` or a uniform
//! spread), the number of samples, a seed and a `Control` (cancellation flag and progress
//! callback, both owned by the caller). Output: a `StressSummary`: per tier the probability of
//! full supply and the mean and p5/p50/p95 shortfall, per cell the p5/p50/p95 allocation and
//! how often it is cut, per town how often it is cut, and how often each limit binds. Every
//! sample is solved by `engine::Engine` (rounded and certified like `solve::allocate`); an
//! infeasible sample is counted only once `solve::solve` has confirmed it. With readiness
//! slips (`parcels::ParcelRun`), each sample also draws its slips and plans the parcels whole
//! on its demands, counted beside the cell figures (`StressSummary::parcels`).
//!
//! Sample i is drawn from the seed and i alone, samples are counted into mergeable integer
//! statistics (`stats`), so the result is the same bytes whatever the thread count, memory
//! does not grow with the number of samples, and any range of samples can be run on its own
//! and merged. This module prints nothing, installs no signal handler and draws no progress
//! bar: the binary does.

pub mod parcels;
pub mod sample;
pub mod samples;
pub mod shard;
pub mod slips;
pub mod stats;
pub mod uncertainty;
pub mod verify;

use crate::constraints::ConstraintId;
use crate::scenario::Scenario;
use crate::solve::backend::Backend;
use crate::solve::engine::{Engine, SolverPath};
use crate::solve::{Outcome, SolveError, SolveOptions, Status};
use parcels::ParcelRun;
use rayon::prelude::*;
use rust_decimal::Decimal;
use sample::SamplingPlan;
use stats::{from_units, Layout, Stats};
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};

/// How to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StressOptions {
    pub samples: u64,
    pub seed: u64,
    /// Worker threads; `None` = one per core.
    pub threads: Option<usize>,
    pub backend: Backend,
}

/// What the caller controls while a run goes on.
#[derive(Clone, Copy)]
pub struct Control<'a> {
    /// Set (for example by Ctrl-C) to stop; the samples done so far are reported as partial.
    pub cancel: &'a AtomicBool,
    /// Called with the number of samples just finished.
    pub progress: &'a (dyn Fn(u64) + Sync),
}

/// Samples are handed to threads in blocks of this many.
const BLOCK: u64 = 64;

/// Why a run stopped without a summary.
#[derive(Debug, thiserror::Error)]
pub enum StressError {
    #[error("sample {sample}: {source}")]
    Sample {
        sample: u64,
        #[source]
        source: SolveError,
    },
    #[error("{}{source}", sample.map_or(String::new(), |s| format!("sample {s}: ")))]
    Parcels {
        /// `None`: the unshocked parcel plan.
        sample: Option<u64>,
        #[source]
        source: crate::parcels::plan::Uncertified,
    },
    #[error("cannot start {threads} worker threads: {message}")]
    Threads { threads: usize, message: String },
}

/// A quantile at the scenario's precision and the most it can be off by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuantileSummary {
    pub p5: Decimal,
    pub p50: Decimal,
    pub p95: Decimal,
    /// The largest error bound of the three (0: all exact).
    pub error: Decimal,
}

/// A tier over the solved samples.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TierSummary {
    pub tier: u32,
    /// Samples in which the tier was fully supplied.
    pub full: u64,
    pub mean_shortfall: Decimal,
    pub shortfall: QuantileSummary,
}

/// A cell over the solved samples.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellSummary {
    pub cell: usize,
    pub mean: Decimal,
    pub allocation: QuantileSummary,
    /// Samples in which it got less than its demand.
    pub cut: u64,
}

/// A town over the solved samples.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TownSummary {
    pub cut: u64,
    pub mean_shortfall: Decimal,
}

/// A limit over the solved samples.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LimitSummary {
    pub id: ConstraintId,
    pub binding: u64,
}

/// What `landplan stress` reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StressSummary {
    pub seed: u64,
    pub requested: u64,
    /// Samples done (fewer than requested when cancelled).
    pub samples: u64,
    pub infeasible: u64,
    pub path: SolverPath,
    pub tiers: Vec<TierSummary>,
    pub cells: Vec<CellSummary>,
    pub towns: Vec<TownSummary>,
    pub limits: Vec<LimitSummary>,
    /// The whole-parcel plans under readiness slips (when the run draws them).
    pub parcels: Option<parcels::ParcelStressSummary>,
}

impl StressSummary {
    /// Whether the run stopped before every sample was done.
    pub fn partial(&self) -> bool {
        self.samples < self.requested
    }

    /// Samples that solved.
    pub fn solved(&self) -> u64 {
        self.samples - self.infeasible
    }
}

/// The ranges every series can take, from the highest demand of each cell (the parcel
/// series are added by `run_range_with`).
pub fn layout(scenario: &Scenario, plan: &SamplingPlan, limits: usize) -> Layout {
    let highest = plan.highest(scenario);
    let tier_high = crate::model::tier_cells(scenario)
        .iter()
        .map(|tier| tier.cells.iter().map(|&c| highest[c]).sum())
        .collect();
    Layout {
        scale: scenario.scale(),
        tier_high,
        cell_range: scenario
            .cells
            .iter()
            .zip(&highest)
            .map(|(cell, &high)| (cell.committed, high))
            .collect(),
        towns: scenario.towns.len(),
        limits,
        parcels: None,
    }
}

/// Runs samples 0..options.samples and summarises them.
pub fn run(
    scenario: &Scenario,
    plan: &SamplingPlan,
    options: &StressOptions,
    control: Control<'_>,
) -> Result<StressSummary, StressError> {
    run_with(scenario, plan, None, options, control)
}

/// `run`, also drawing readiness slips and planning the parcels in every sample when
/// `parcels` is given.
pub fn run_with(
    scenario: &Scenario,
    plan: &SamplingPlan,
    parcels: Option<&ParcelRun>,
    options: &StressOptions,
    control: Control<'_>,
) -> Result<StressSummary, StressError> {
    let engine = Engine::new(scenario, options.backend);
    let stats = run_range_with(
        scenario,
        plan,
        parcels,
        &engine,
        options,
        0..options.samples,
        control,
    )?;
    Ok(summarise(&stats, &engine, options))
}

/// Runs a range of sample numbers on `options.threads` threads into `Stats` (a whole run,
/// or one shard of it).
pub fn run_range(
    scenario: &Scenario,
    plan: &SamplingPlan,
    engine: &Engine,
    options: &StressOptions,
    samples: Range<u64>,
    control: Control<'_>,
) -> Result<Stats, StressError> {
    run_range_with(scenario, plan, None, engine, options, samples, control)
}

/// `run_range`, with the parcel plans when `parcels` is given.
pub fn run_range_with(
    scenario: &Scenario,
    plan: &SamplingPlan,
    parcels: Option<&ParcelRun>,
    engine: &Engine,
    options: &StressOptions,
    samples: Range<u64>,
    control: Control<'_>,
) -> Result<Stats, StressError> {
    let mut layout = layout(scenario, plan, engine.constraints().len());
    layout.parcels = parcels.map(|run| run.layout(scenario)).transpose()?;
    let threads = options.threads.unwrap_or(0);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| StressError::Threads {
            threads,
            message: e.to_string(),
        })?;
    let run = Run {
        scenario,
        plan,
        parcels,
        engine,
        options,
    };
    pool.install(|| collect(&run, &layout, samples, control))
}

/// What every sample of a run shares.
pub struct Run<'a> {
    pub scenario: &'a Scenario,
    pub plan: &'a SamplingPlan,
    pub parcels: Option<&'a ParcelRun>,
    pub engine: &'a Engine,
    pub options: &'a StressOptions,
}

/// Runs a range of sample numbers (in parallel on the current rayon pool) into `Stats`;
/// stops early, keeping what is done, when `control.cancel` is set.
pub fn collect(
    run: &Run<'_>,
    layout: &Layout,
    samples: Range<u64>,
    control: Control<'_>,
) -> Result<Stats, StressError> {
    // Blocks by number, never a list of them: memory stays flat however many samples.
    let count = (samples.end.saturating_sub(samples.start)).div_ceil(BLOCK);
    let blocks = (0..count).into_par_iter().map(|b| {
        let start = samples.start + b * BLOCK;
        start..(start + BLOCK).min(samples.end)
    });
    // One accumulator (and one working copy of the scenario) per rayon job, not per block:
    // merging histograms is the costly part of counting.
    let fresh = || (Stats::new(layout), run.scenario.clone());
    let stats = blocks
        .try_fold(fresh, |(mut stats, mut working), block| {
            let before = stats.samples;
            for sample in block {
                if control.cancel.load(Ordering::Relaxed) {
                    break;
                }
                run_sample(run, &mut working, sample, &mut stats)?;
            }
            (control.progress)(stats.samples - before);
            Ok((stats, working))
        })
        .map(|folded| folded.map(|(stats, _)| stats))
        .try_reduce(|| Stats::new(layout), |a, b| Ok(a.merge(&b)))?;
    Ok(stats)
}

/// Draws, solves and counts one sample (and plans its parcels under its slips).
fn run_sample(
    run: &Run<'_>,
    working: &mut Scenario,
    sample: u64,
    stats: &mut Stats,
) -> Result<(), StressError> {
    let fail = |source| StressError::Sample { sample, source };
    let (declared, options) = (run.scenario, run.options);
    let mut demand = vec![Decimal::ZERO; declared.cells.len()];
    run.plan
        .demands(declared, options.seed, sample, &mut demand);
    for (cell, value) in working.cells.iter_mut().zip(demand) {
        cell.demand = value;
    }
    match run.engine.allocate(working).map_err(fail)? {
        Outcome::Optimal(allocated) => stats.record(&allocated.evaluation),
        Outcome::Infeasible => {
            let solve = SolveOptions {
                backend: options.backend,
                marginal_values: false,
            };
            let report = crate::solve::solve(working, &solve).map_err(fail)?;
            match (report.status(), report.allocated()) {
                (Status::Optimal, Some(allocated)) => stats.record(&allocated.evaluation),
                _ => stats.record_infeasible(),
            }
        }
    }
    if let (Some(parcels), Some(counts)) = (run.parcels, stats.parcels.as_mut()) {
        parcels.record(working, options.seed, sample, counts)?;
    }
    Ok(())
}

/// Statistics to the figures `landplan stress` shows.
pub fn summarise(stats: &Stats, engine: &Engine, options: &StressOptions) -> StressSummary {
    let scale = stats.scale;
    let solved = stats.solved();
    let mean = |sum: i128| {
        if solved == 0 {
            Decimal::ZERO
        } else {
            (from_units(sum, scale) / Decimal::from(solved))
                .round_dp(scale)
                .normalize()
        }
    };
    let quantiles = |h: &stats::Histogram| quantiles(h, scale);
    let tiers = engine_tiers(engine)
        .zip(&stats.tiers)
        .map(|(tier, s)| TierSummary {
            tier,
            full: s.full,
            mean_shortfall: mean(s.shortfall_sum),
            shortfall: quantiles(&s.shortfall),
        })
        .collect();
    StressSummary {
        seed: options.seed,
        requested: options.samples,
        samples: stats.samples,
        infeasible: stats.infeasible,
        path: engine.path(),
        tiers,
        cells: stats
            .cells
            .iter()
            .enumerate()
            .map(|(cell, s)| CellSummary {
                cell,
                mean: mean(s.allocation_sum),
                allocation: quantiles(&s.allocation),
                cut: s.cut,
            })
            .collect(),
        towns: stats
            .towns
            .iter()
            .map(|s| TownSummary {
                cut: s.cut,
                mean_shortfall: mean(s.shortfall_sum),
            })
            .collect(),
        limits: engine
            .constraints()
            .iter()
            .zip(&stats.binding)
            .map(|(c, &binding)| LimitSummary { id: c.id, binding })
            .collect(),
        parcels: stats
            .parcels
            .as_ref()
            .map(|p| parcels::summarise(p, stats.samples)),
    }
}

/// The p5, p50 and p95 of a histogram of units of `scale` decimals (zeros when empty).
fn quantiles(h: &stats::Histogram, scale: u32) -> QuantileSummary {
    let q = |p| h.quantile(p).map(|q| (q.value, q.error)).unwrap_or((0, 0));
    let (p5, p50, p95) = (q(5), q(50), q(95));
    QuantileSummary {
        p5: from_units(p5.0, scale),
        p50: from_units(p50.0, scale),
        p95: from_units(p95.0, scale),
        error: from_units(p5.1.max(p50.1).max(p95.1), scale),
    }
}

fn engine_tiers(engine: &Engine) -> impl Iterator<Item = u32> + '_ {
    engine.tiers().iter().map(|t| t.tier)
}
