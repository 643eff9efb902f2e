//! Recommendations for planners, each one confirmed by a re-solve and a re-audit before it is
//! shown.
//!
//! Input: a validated `Scenario`, its `SolveReport` and, when the scenario has them, its
//! parcels (`parcels.csv`). Output: `Recommendation`s: what deserves a planner's attention (an
//! infeasibility, a tier that is cut, a gap in the published plan, unused cap, a limit with
//! little room left), each with the remedies that passed on a copy of the scenario, in the
//! order of what a bureau controls (`Kind`): first what stays within the cap and every rule
//! (move supply between towns inside a tier, defer named parcels, build industrial land more
//! intensively), then what keeps the total but changes the structure (五（一）), last more cap
//! or quota (needing approval). A gap in the published plan is first to be verified and
//! corrected by notice; the assignments that would close it follow, each with its effect.
//!
//! Every candidate is applied to a copy, re-solved (`solve::allocate`) and re-audited
//! (`audit::audit`), and kept only when it does what it claims, creates no new audit finding
//! and takes no land from a tier served before the one it helps; where it takes from a lower
//! tier, the cells that give way are listed. A candidate that fails is kept as `Rejected`
//! with its reason. An at-most cap is never proposed lower because land is left unused.
//!
//! This module holds no wording: the report turns the figures into sentences in the
//! planner's language. It reads no files and prints nothing.
//!
//! ```text
//! detect (issues) -> remedy (candidates, by kind) -> verify (apply, allocate, measure)
//!                 -> accept (claims, re-audit, tiers) -> keep or reject
//! ```

mod accept;
pub mod change;
mod detect;
mod remedy;
pub mod verify;
mod within;

use crate::audit::{Check, Finding};
use crate::constraints::ConstraintId;
use crate::parcels::Parcels;
use crate::scenario::Scenario;
use crate::solve::SolveReport;
use change::{Action, Change};
use rust_decimal::Decimal;
use serde::Serialize;
use verify::{CellMove, Effect};

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
        /// Whether the cap is worded "控制在…以内" (at most): then unused land needs no change.
        at_most: bool,
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

/// What kind of remedy a bureau is offered, in the order it controls them: the variants are
/// declared (and sorted) from the first thing to try to the last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Verify a gap in the published plan and correct it by notice (核实差异原因，必要时发布更正公告).
    Verify,
    /// Within the cap and every rule: move a tier's supply between its towns, so that some of
    /// its projects get their whole land.
    MoveWithinTier,
    /// Within the cap and every rule: defer named parcels to next year (五（一）, 五（四）).
    DeferParcels,
    /// Within the cap and every rule: less land per industrial project (多层标准厂房, 四（三）).
    Intensify,
    /// Assign a gap of the published plan to a town (or category): one of several options.
    AssignGap,
    /// Within the total but changing the structure: a category bound, a rule or committed
    /// land (五（一）, proposals before October).
    Restructure,
    /// More land in a town's reserve (a capacity): needs approval.
    MoreQuota,
    /// More cap: needs approval.
    MoreCap,
    /// A lower cap (for a cap worded "约…": an at-most cap is never lowered for unused land).
    LowerCap,
    /// Not a remedy: a check of what one more unit of demand under a limit would do.
    Check,
}

impl Kind {
    /// Whether the remedy needs an approval beyond the bureau's own (government or province).
    pub fn needs_approval(self) -> bool {
        matches!(self, Kind::Restructure | Kind::MoreQuota | Kind::MoreCap)
    }

    /// The kind of a change: which of the bureau's levers it moves.
    pub(crate) fn of(change: &Change) -> Kind {
        match change.action {
            Action::Loosen {
                constraint: ConstraintId::Cap,
            } => Kind::MoreCap,
            Action::Loosen {
                constraint: ConstraintId::TownCapacity(_),
            } => Kind::MoreQuota,
            Action::Loosen { .. } | Action::ReleaseCommitted { .. } => Kind::Restructure,
            Action::LowerCap => Kind::LowerCap,
            Action::LowerCell { .. } => Kind::MoveWithinTier,
            Action::Defer { .. } => Kind::DeferParcels,
            Action::Intensify { .. } => Kind::Intensify,
            Action::RaiseDemand { .. } => Kind::Check,
            Action::AssignToCell { .. } => Kind::AssignGap,
        }
    }

    /// The kind of a set of changes: its last lever in the bureau's order.
    fn of_all(changes: &[Change]) -> Kind {
        changes.iter().map(Kind::of).max().unwrap_or(Kind::Verify)
    }
}

/// A parcel a remedy defers to next year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deferred {
    pub parcel: String,
    pub cell: usize,
    #[serde(with = "rust_decimal::serde::str")]
    pub area: Decimal,
}

/// A remedy that passed every check, with what its re-solve and re-audit found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Remedy {
    pub kind: Kind,
    pub changes: Vec<Change>,
    /// The re-solve's effect; `None` for the verification of a gap (it changes no figure).
    pub effect: Option<Effect>,
    /// The issue's cut cells that the changed scenario supplies in full.
    pub relieved: Vec<usize>,
    /// Audit findings of the scenario before and after the change (not counting those below).
    pub findings: (usize, usize),
    /// Published figures the change makes to be published anew, each a finding of the
    /// re-audit that is the change itself: a cell whose demand falls below its published
    /// figure, the structure or layout left below a raised cap.
    pub republished: usize,
    /// The parcels deferred to next year (for `Kind::DeferParcels`).
    pub deferred: Vec<Deferred>,
    /// For `Kind::Intensify`: how much less land per industrial project, in percent.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub percent: Option<Decimal>,
    /// Cells of a tier served after the one helped that lose land, largest loss first.
    pub takes: Vec<CellMove>,
}

impl Remedy {
    /// Whether the remedy keeps the cap as it is.
    pub fn within_cap(&self) -> bool {
        !self.changes.iter().any(|c| {
            c.action
                == Action::Loosen {
                    constraint: ConstraintId::Cap,
                }
        })
    }

    /// Whether a re-solve and a re-audit confirmed it (all but the verification of a gap).
    pub fn verified(&self) -> bool {
        self.effect.is_some()
    }
}

/// Why a candidate was not kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Reason {
    /// The changed scenario has no certified allocation.
    NotSolved,
    /// It does not do what it claims (a cell it should supply in full is still cut, the gap
    /// is still open, the limit does not bite).
    NotFixed,
    /// The re-audit finds something the scenario did not have.
    NewFinding { check: Check, scope: String },
    /// A tier served before the one helped loses land.
    TakesFromHigherTier { tier: u32 },
}

/// A candidate that failed a check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rejected {
    pub kind: Kind,
    pub changes: Vec<Change>,
    #[serde(flatten)]
    pub reason: Reason,
}

/// An issue, the remedies that passed (possibly none) in the bureau's order, and the
/// candidates that did not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Recommendation {
    pub issue: Issue,
    pub remedies: Vec<Remedy>,
    pub rejected: Vec<Rejected>,
}

impl Recommendation {
    /// How many candidates were tried (re-solved).
    pub fn tried(&self) -> usize {
        self.remedies.iter().filter(|r| r.verified()).count() + self.rejected.len()
    }
}

/// At most this many confirmed remedies are kept per issue (the verification of a gap
/// aside).
pub const MAX_REMEDIES: usize = 4;

/// Finds what deserves a recommendation and keeps the remedies a re-solve and a re-audit
/// confirm; `parcels` (the scenario's `parcels.csv`, if any) lets a cut tier defer named
/// parcels.
pub fn recommend(
    scenario: &Scenario,
    report: &SolveReport,
    parcels: Option<&Parcels>,
) -> Vec<Recommendation> {
    let context = remedy::Context::new(scenario, report, parcels);
    detect::issues(scenario, report, context.findings())
        .into_iter()
        .filter_map(|issue| context.recommendation(issue))
        .collect()
}
