//! Recommendations for planners, each one confirmed by a re-solve before it is shown.
//!
//! Input: a validated `Scenario` and its `SolveReport` (the scenario's published figures are
//! audited here, for the gaps a change of one figure may close). Output: `Recommendation`s: what deserves a planner's attention (an infeasibility, a
//! tier that is cut, a gap in the published plan, unused cap, a limit with little room left),
//! each with the remedies that were tried on a copy of the scenario and confirmed by
//! `solve::allocate` (and, for a gap in the published plan, by a re-audit), with the figures
//! the confirming solve produced. A remedy that the re-solve does not confirm is dropped.
//!
//! This module holds no wording: the report turns the figures into sentences in the
//! planner's language. It reads no files and prints nothing.
//!
//! ```text
//! detect (issues) -> remedy (candidate changes) -> verify (apply, allocate, measure) -> keep
//! ```

pub mod change;
mod detect;
mod remedy;
pub mod verify;

use crate::audit::Finding;
use crate::constraints::ConstraintId;
use crate::scenario::Scenario;
use crate::solve::SolveReport;
use change::Change;
use rust_decimal::Decimal;
use serde::Serialize;
use verify::Effect;

/// A cell that receives less than its demand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CutCell {
    pub cell: usize,
    #[serde(with = "rust_decimal::serde::str")]
    pub demand: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    pub allocated: Decimal,
}

impl CutCell {
    /// Demand not supplied.
    pub fn shortfall(&self) -> Decimal {
        (self.demand - self.allocated).normalize()
    }
}

/// What deserves a recommendation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Issue {
    /// No allocation keeps every rule (confirmed by `solve::solve`).
    Infeasible,
    /// A tier's cells are cut: each cut cell, largest shortfall first, and the limits that
    /// bind with a positive marginal value for the tier.
    Shortfall {
        tier: u32,
        cells: Vec<CutCell>,
        #[serde(with = "rust_decimal::serde::str")]
        shortfall: Decimal,
        /// Binding limits whose one-unit loosening raised this tier's supply, with the gain.
        limits: Vec<(ConstraintId, Decimal)>,
    },
    /// A gap the audit found in the published plan, with a remedy to try.
    AuditGap { finding: Finding },
    /// Part of the cap is not supplied.
    UnusedCap {
        #[serde(with = "rust_decimal::serde::str")]
        cap: Decimal,
        #[serde(with = "rust_decimal::serde::str")]
        supplied: Decimal,
        /// Whether every cell receives its whole demand.
        demand_met: bool,
    },
    /// A limit with less than one unit (1 ha or 1 mu) of room left.
    NearLimit {
        constraint: ConstraintId,
        #[serde(with = "rust_decimal::serde::str")]
        limit: Decimal,
        #[serde(with = "rust_decimal::serde::str")]
        value: Decimal,
    },
}

/// A change (or set of changes) and what its confirming re-solve found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Remedy {
    pub changes: Vec<Change>,
    pub effect: Effect,
    /// The issue's cut cells that the changed scenario supplies in full.
    pub relieved: Vec<usize>,
    /// Audit findings of the scenario before and after the change (for a gap in the
    /// published plan).
    pub findings: Option<(usize, usize)>,
}

/// An issue and the remedies a re-solve confirmed (possibly none), with how many were tried.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Recommendation {
    pub issue: Issue,
    pub remedies: Vec<Remedy>,
    pub tried: usize,
}

/// At most this many confirmed remedies are kept per issue.
pub const MAX_REMEDIES: usize = 4;

/// Finds what deserves a recommendation and keeps the remedies a re-solve confirms.
pub fn recommend(scenario: &Scenario, report: &SolveReport) -> Vec<Recommendation> {
    let context = remedy::Context::new(scenario, report);
    detect::issues(scenario, report, context.findings())
        .into_iter()
        .filter_map(|issue| context.recommendation(issue))
        .collect()
}
