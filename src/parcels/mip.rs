//! One stage of the parcel plan as a mixed-integer program (good_lp, microlp's branch and
//! bound).
//!
//! Input: the eligible parcels, the `Limits`, the tier totals already won (held, never
//! lowered), the stage's objective (one tier's area, or closeness to the published cells), a
//! feasible start when there is one and a time limit. Output: a choice of parcels with
//! quarters, whether the search closed, and the search's bound. Variables: one binary per
//! parcel, or one per parcel and quarter from its ready quarter on when `quarters.csv` sets
//! limits. The `f64` model is built here only; `plan` checks every answer in decimals.

use super::limits::{LimitRow, Limits};
use super::{Parcel, Quarter, Readiness};
use crate::constraints::Sense;
use crate::model::numeric::to_f64;
use good_lp::solvers::{
    ResolutionError, Solution, SolutionStatus, SolverModel, WithInitialSolution, WithTimeLimit,
};
use good_lp::{Expression, ProblemVariables, Variable};
use rust_decimal::Decimal;
use std::time::Duration;

/// What a stage optimises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Objective {
    /// The most area of this tier.
    Tier(u32),
    /// The least total distance between each cell's parcels and its published figure.
    Closeness,
}

/// The fixed inputs of every stage.
pub struct Model<'a> {
    pub parcels: &'a [Parcel],
    pub eligible: &'a [bool],
    pub tier_of: &'a [u32],
    pub limits: &'a Limits,
    /// (cell, published figure) for the cells that hold eligible parcels.
    pub cells: &'a [(usize, Decimal)],
    /// Half of the last decimal unit of the figures: totals of different choices differ by
    /// at least a whole unit, so holding a tier at `won - half` holds it at `won` exactly.
    pub half_unit: f64,
}

/// A stage's answer.
pub struct StageResult {
    pub quarters: Vec<Option<Quarter>>,
    /// The search closed (optimal within half a unit).
    pub closed: bool,
    /// The search's bound on the objective, in `f64`.
    pub bound: Option<f64>,
}

struct Columns {
    /// Per parcel: (quarter, variable) for each quarter it may be supplied in.
    slots: Vec<Vec<(Quarter, Variable)>>,
    /// Per entry of `Model::cells`: (over, under) distances.
    distance: Vec<(Variable, Variable)>,
}

impl Model<'_> {
    /// Solves one stage. `Err` when the solver fails or finds no choice at all.
    pub fn solve(
        &self,
        objective: Objective,
        held: &[(u32, Decimal)],
        start: Option<&[Option<Quarter>]>,
        time_limit: Duration,
    ) -> Result<StageResult, ResolutionError> {
        let mut variables = ProblemVariables::new();
        let columns = self.columns(&mut variables, objective);
        let goal = match objective {
            Objective::Tier(tier) => self.tier_area(&columns, tier),
            Objective::Closeness => columns.distance.iter().map(|(o, u)| *o + *u).sum(),
        };
        let unsolved = match objective {
            Objective::Tier(_) => variables.maximise(goal),
            Objective::Closeness => variables.minimise(goal),
        };
        let mut model = unsolved
            .using(good_lp::microlp)
            .with_time_limit(time_limit.as_secs_f64());
        if let Some(start) = start {
            model = model.with_initial_solution(self.start_values(&columns, start));
        }
        self.add_choice(&mut model, &columns);
        for row in self.limits.rows.iter().filter(|r| !r.cannot_bind()) {
            self.add_limit(&mut model, &columns, row);
        }
        for (tier, won) in held {
            let area = self.tier_area(&columns, *tier);
            model.add_constraint(area.geq(to_f64(*won) - self.half_unit));
        }
        if objective == Objective::Closeness {
            self.add_distances(&mut model, &columns);
        }
        let solution = model.solve()?;
        let closed = matches!(solution.status(), SolutionStatus::Optimal);
        let quarters = self.read(&columns, &solution);
        let bound = solution.into_inner().stats().best_bound;
        Ok(StageResult {
            quarters,
            closed,
            bound,
        })
    }

    fn columns(&self, variables: &mut ProblemVariables, objective: Objective) -> Columns {
        let quarterly = self.limits.has_quarterly();
        let slots = self
            .parcels
            .iter()
            .enumerate()
            .map(|(p, parcel)| match (self.eligible[p], parcel.ready) {
                (true, Readiness::From(ready)) if quarterly => ready
                    .onwards()
                    .map(|q| (q, variables.add(good_lp::variable().binary())))
                    .collect(),
                (true, Readiness::From(ready)) => {
                    vec![(ready, variables.add(good_lp::variable().binary()))]
                }
                _ => Vec::new(),
            })
            .collect();
        let distance = match objective {
            Objective::Closeness => self
                .cells
                .iter()
                .map(|_| {
                    (
                        variables.add(good_lp::variable().min(0)),
                        variables.add(good_lp::variable().min(0)),
                    )
                })
                .collect(),
            Objective::Tier(_) => Vec::new(),
        };
        Columns { slots, distance }
    }

    /// The parcel's area times whether it is supplied (in `quarter`, when given).
    fn supplied(
        &self,
        columns: &Columns,
        p: usize,
        weight: Decimal,
        quarter: Option<Quarter>,
    ) -> Expression {
        let weight = to_f64(weight);
        columns.slots[p]
            .iter()
            .filter(|(q, _)| quarter.map_or(true, |at| at == *q))
            .map(|(_, v)| weight * *v)
            .sum()
    }

    fn tier_area(&self, columns: &Columns, tier: u32) -> Expression {
        (0..self.parcels.len())
            .filter(|&p| self.tier_of[p] == tier)
            .map(|p| self.supplied(columns, p, self.parcels[p].area, None))
            .sum()
    }

    /// Each parcel at most once; a committed parcel exactly once.
    fn add_choice<M: SolverModel>(&self, model: &mut M, columns: &Columns) {
        for (p, slots) in columns.slots.iter().enumerate() {
            if slots.is_empty() {
                continue;
            }
            let once: Expression = slots.iter().map(|(_, v)| *v).sum();
            if self.parcels[p].committed {
                model.add_constraint(once.eq(1.0));
            } else if slots.len() > 1 {
                model.add_constraint(once.leq(1.0));
            }
        }
    }

    fn add_limit<M: SolverModel>(&self, model: &mut M, columns: &Columns, row: &LimitRow) {
        let lhs: Expression = row
            .terms
            .iter()
            .map(|(p, w)| self.supplied(columns, *p, *w, row.quarter))
            .sum();
        let rhs = to_f64(row.rhs);
        match row.sense {
            Sense::AtMost => model.add_constraint(lhs.leq(rhs)),
            Sense::AtLeast => model.add_constraint(lhs.geq(rhs)),
        };
    }

    /// over - under = the cell's parcels supplied - its published figure.
    fn add_distances<M: SolverModel>(&self, model: &mut M, columns: &Columns) {
        for ((cell, plan), (over, under)) in self.cells.iter().zip(&columns.distance) {
            let supplied: Expression = (0..self.parcels.len())
                .filter(|&p| self.limits.cell_of[p] == Some(*cell))
                .map(|p| self.supplied(columns, p, self.parcels[p].area, None))
                .sum();
            model.add_constraint((supplied - *over + *under).eq(to_f64(*plan)));
        }
    }

    fn start_values(&self, columns: &Columns, start: &[Option<Quarter>]) -> Vec<(Variable, f64)> {
        let quarterly = self.limits.has_quarterly();
        let mut values = Vec::new();
        for (p, slots) in columns.slots.iter().enumerate() {
            for (q, v) in slots {
                let on = start[p].is_some_and(|at| !quarterly || at == *q);
                values.push((*v, if on { 1.0 } else { 0.0 }));
            }
        }
        for ((cell, plan), (over, under)) in self.cells.iter().zip(&columns.distance) {
            let supplied: Decimal = (0..self.parcels.len())
                .filter(|&p| self.limits.cell_of[p] == Some(*cell) && start[p].is_some())
                .map(|p| self.parcels[p].area)
                .sum();
            let difference = to_f64(supplied - *plan);
            values.push((*over, difference.max(0.0)));
            values.push((*under, (-difference).max(0.0)));
        }
        values
    }

    fn read(&self, columns: &Columns, solution: &impl Solution) -> Vec<Option<Quarter>> {
        columns
            .slots
            .iter()
            .map(|slots| {
                slots
                    .iter()
                    .find(|(_, v)| solution.value(*v) > 0.5)
                    .map(|(q, _)| *q)
            })
            .collect()
    }
}
