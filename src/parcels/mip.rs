//! One stage of the parcel plan as a mixed-integer program: microlp's branch and bound
//! (good_lp, pure Rust) or, with the cargo feature `highs`, HiGHS's MIP.
//!
//! Input: the eligible parcels, the `Limits`, the tier totals already won (held, never
//! lowered), the stage's objective (one tier's area, or closeness to the published cells), a
//! feasible start when there is one, a time limit and the backend. Output: a choice of parcels
//! with quarters and whether the search closed. Variables: one binary per parcel slot
//! (`slots`: one per parcel, or one per parcel and quarter from its ready quarter on when
//! `quarters.csv` sets limits). The program is built once in `f64` as a backend-neutral
//! `LinearProgram` with its first columns binary, then handed to the backend. Nothing a
//! backend says is trusted: `plan` checks every choice in decimals and `certificate` proves
//! each tier's bound exactly, whatever the search's own bound or gap.

use super::limits::{LimitRow, Limits};
use super::{Parcel, Quarter, Readiness};
use crate::constraints::Sense;
use crate::model::lp::{Direction, LinearProgram, LpRow};
use crate::model::numeric::to_f64;
use crate::solve::backend::{Backend, BackendError};
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
    pub backend: Backend,
}

/// A stage's answer.
pub struct StageResult {
    pub quarters: Vec<Option<Quarter>>,
    /// The search closed by its own (`f64`) measure: shown as information, never as a proof.
    pub closed: bool,
}

/// The quarters in which each parcel may be supplied: none when it is not eligible; from its
/// ready quarter on when some limit is quarterly, else its ready quarter alone (the schedule
/// picks quarters afterwards). One binary variable per slot, in the search and in the
/// certificate alike.
pub fn slots(parcels: &[Parcel], eligible: &[bool], quarterly: bool) -> Vec<Vec<Quarter>> {
    parcels
        .iter()
        .zip(eligible)
        .map(|(parcel, &eligible)| match (eligible, parcel.ready) {
            (true, Readiness::From(ready)) if quarterly => ready.onwards().collect(),
            (true, Readiness::From(ready)) => vec![ready],
            _ => Vec::new(),
        })
        .collect()
}

/// A stage's program: its first `binary` columns are the slots, 0 or 1.
struct Program {
    lp: LinearProgram,
    binary: usize,
    start: Option<Vec<f64>>,
}

struct Columns {
    /// Per parcel: (quarter, column) for each quarter it may be supplied in.
    slots: Vec<Vec<(Quarter, usize)>>,
    /// Per entry of `Model::cells`: (over, under) distance columns.
    distance: Vec<(usize, usize)>,
}

type Terms = Vec<(usize, f64)>;

impl Model<'_> {
    /// Solves one stage. `Err` when the backend fails or finds no choice at all.
    pub fn solve(
        &self,
        objective: Objective,
        held: &[(u32, Decimal)],
        start: Option<&[Option<Quarter>]>,
        time_limit: Duration,
    ) -> Result<StageResult, BackendError> {
        let mut lp = LinearProgram::default();
        let columns = self.columns(&mut lp, objective);
        let binary = columns.slots.iter().map(Vec::len).sum();
        match objective {
            Objective::Tier(tier) => {
                lp.set_objective(Direction::Maximise, self.tier_area(&columns, tier))
            }
            Objective::Closeness => {
                let distance = columns
                    .distance
                    .iter()
                    .flat_map(|&(o, u)| [(o, 1.0), (u, 1.0)]);
                lp.set_objective(Direction::Minimise, distance.collect())
            }
        }
        self.add_choice(&mut lp, &columns);
        for row in self.limits.rows.iter().filter(|r| !r.cannot_bind()) {
            self.add_limit(&mut lp, &columns, row);
        }
        for (tier, won) in held {
            let area = self.tier_area(&columns, *tier);
            push(&mut lp, area, to_f64(*won) - self.half_unit, f64::INFINITY);
        }
        if objective == Objective::Closeness {
            self.add_distances(&mut lp, &columns);
        }
        let program = Program {
            start: start.map(|start| self.start_values(&columns, start, lp.columns.len())),
            lp,
            binary,
        };
        let (values, closed) = match self.backend {
            Backend::Microlp => microlp(&program, time_limit)?,
            #[cfg(feature = "highs")]
            Backend::Highs => highs(&program, time_limit, self.half_unit)?,
            #[cfg(not(feature = "highs"))]
            Backend::Highs => return Err(Backend::Highs.missing()),
        };
        Ok(StageResult {
            quarters: self.read(&columns, &values),
            closed,
        })
    }

    fn columns(&self, lp: &mut LinearProgram, objective: Objective) -> Columns {
        let slots = slots(self.parcels, self.eligible, self.limits.has_quarterly())
            .into_iter()
            .map(|quarters| {
                quarters
                    .into_iter()
                    .map(|q| (q, lp.add_column(0.0, 1.0)))
                    .collect()
            })
            .collect();
        let distance = match objective {
            Objective::Closeness => self
                .cells
                .iter()
                .map(|_| {
                    (
                        lp.add_column(0.0, f64::INFINITY),
                        lp.add_column(0.0, f64::INFINITY),
                    )
                })
                .collect(),
            Objective::Tier(_) => Vec::new(),
        };
        Columns { slots, distance }
    }

    /// The parcel's weight times whether it is supplied (in `quarter`, when given).
    fn supplied(
        &self,
        columns: &Columns,
        p: usize,
        weight: Decimal,
        quarter: Option<Quarter>,
    ) -> Terms {
        let weight = to_f64(weight);
        columns.slots[p]
            .iter()
            .filter(|(q, _)| quarter.map_or(true, |at| at == *q))
            .map(|&(_, v)| (v, weight))
            .collect()
    }

    fn tier_area(&self, columns: &Columns, tier: u32) -> Terms {
        (0..self.parcels.len())
            .filter(|&p| self.tier_of[p] == tier)
            .flat_map(|p| self.supplied(columns, p, self.parcels[p].area, None))
            .collect()
    }

    /// Each parcel at most once; a committed parcel exactly once.
    fn add_choice(&self, lp: &mut LinearProgram, columns: &Columns) {
        for (p, slots) in columns.slots.iter().enumerate() {
            let once: Terms = slots.iter().map(|&(_, v)| (v, 1.0)).collect();
            if self.parcels[p].committed && !once.is_empty() {
                push(lp, once, 1.0, 1.0);
            } else if once.len() > 1 {
                push(lp, once, f64::NEG_INFINITY, 1.0);
            }
        }
    }

    fn add_limit(&self, lp: &mut LinearProgram, columns: &Columns, row: &LimitRow) {
        let lhs: Terms = row
            .terms
            .iter()
            .flat_map(|(p, w)| self.supplied(columns, *p, *w, row.quarter))
            .collect();
        let rhs = to_f64(row.rhs);
        match row.sense {
            Sense::AtMost => push(lp, lhs, f64::NEG_INFINITY, rhs),
            Sense::AtLeast => push(lp, lhs, rhs, f64::INFINITY),
        }
    }

    /// over - under = the cell's parcels supplied - its published figure.
    fn add_distances(&self, lp: &mut LinearProgram, columns: &Columns) {
        for ((cell, plan), &(over, under)) in self.cells.iter().zip(&columns.distance) {
            let mut terms: Terms = (0..self.parcels.len())
                .filter(|&p| self.limits.cell_of[p] == Some(*cell))
                .flat_map(|p| self.supplied(columns, p, self.parcels[p].area, None))
                .collect();
            terms.extend([(over, -1.0), (under, 1.0)]);
            push(lp, terms, to_f64(*plan), to_f64(*plan));
        }
    }

    fn start_values(&self, columns: &Columns, start: &[Option<Quarter>], count: usize) -> Vec<f64> {
        let quarterly = self.limits.has_quarterly();
        let mut values = vec![0.0; count];
        for (p, slots) in columns.slots.iter().enumerate() {
            for &(q, v) in slots {
                let on = start[p].is_some_and(|at| !quarterly || at == q);
                values[v] = if on { 1.0 } else { 0.0 };
            }
        }
        for ((cell, plan), &(over, under)) in self.cells.iter().zip(&columns.distance) {
            let supplied: Decimal = (0..self.parcels.len())
                .filter(|&p| self.limits.cell_of[p] == Some(*cell) && start[p].is_some())
                .map(|p| self.parcels[p].area)
                .sum();
            let difference = to_f64(supplied - *plan);
            values[over] = difference.max(0.0);
            values[under] = (-difference).max(0.0);
        }
        values
    }

    fn read(&self, columns: &Columns, values: &[f64]) -> Vec<Option<Quarter>> {
        columns
            .slots
            .iter()
            .map(|slots| {
                slots
                    .iter()
                    .find(|&&(_, v)| values[v] > 0.5)
                    .map(|&(q, _)| q)
            })
            .collect()
    }
}

fn push(lp: &mut LinearProgram, terms: Terms, lower: f64, upper: f64) {
    lp.rows.push(LpRow {
        terms,
        lower,
        upper,
    });
}

fn failed(backend: Backend, message: impl ToString) -> BackendError {
    BackendError {
        backend: backend.name(),
        message: message.to_string(),
    }
}

/// microlp's branch and bound through good_lp: the values and whether it closed.
fn microlp(program: &Program, time_limit: Duration) -> Result<(Vec<f64>, bool), BackendError> {
    use good_lp::solvers::{
        Solution, SolutionStatus, SolverModel, WithInitialSolution, WithTimeLimit,
    };
    use good_lp::{Expression, ProblemVariables, Variable};
    let lp = &program.lp;
    let mut variables = ProblemVariables::new();
    let columns: Vec<Variable> = lp
        .columns
        .iter()
        .enumerate()
        .map(|(c, column)| {
            let mut variable = good_lp::variable();
            if c < program.binary {
                variable = variable.binary();
            } else {
                variable = variable.min(column.lower);
                if column.upper.is_finite() {
                    variable = variable.max(column.upper);
                }
            }
            variables.add(variable)
        })
        .collect();
    let expression =
        |terms: &[(usize, f64)]| -> Expression { terms.iter().map(|&(c, a)| a * columns[c]).sum() };
    let objective = expression(&lp.objective);
    let unsolved = match lp.direction {
        Direction::Maximise => variables.maximise(objective),
        Direction::Minimise => variables.minimise(objective),
    };
    let mut model = unsolved
        .using(good_lp::microlp)
        .with_time_limit(time_limit.as_secs_f64());
    if let Some(start) = &program.start {
        model = model.with_initial_solution(columns.iter().copied().zip(start.iter().copied()));
    }
    for row in &lp.rows {
        let lhs = expression(&row.terms);
        if row.lower == row.upper {
            model.add_constraint(lhs.eq(row.lower));
        } else if row.lower.is_finite() {
            model.add_constraint(lhs.geq(row.lower));
        } else {
            model.add_constraint(lhs.leq(row.upper));
        }
    }
    let solution = model
        .solve()
        .map_err(|e| failed(Backend::Microlp, e.to_string()))?;
    let closed = matches!(solution.status(), SolutionStatus::Optimal);
    Ok((columns.iter().map(|v| solution.value(*v)).collect(), closed))
}

/// HiGHS's MIP: the best choice it found within the time limit, and whether it closed (to
/// half a unit absolute, no relative tolerance).
#[cfg(feature = "highs")]
fn highs(
    program: &Program,
    time_limit: Duration,
    half_unit: f64,
) -> Result<(Vec<f64>, bool), BackendError> {
    use highs::{HighsModelStatus, HighsSolutionStatus, RowProblem, Sense};
    let lp = &program.lp;
    let mut costs = vec![0.0; lp.columns.len()];
    for &(c, a) in &lp.objective {
        costs[c] += a;
    }
    let mut problem = RowProblem::default();
    let columns: Vec<highs::Col> = lp
        .columns
        .iter()
        .zip(costs)
        .enumerate()
        .map(|(c, (column, cost))| {
            let bounds = column.lower..=column.upper;
            problem.add_column_with_integrality(cost, bounds, c < program.binary)
        })
        .collect();
    for row in &lp.rows {
        let terms = row.terms.iter().map(|&(c, a)| (columns[c], a));
        problem.add_row(row.lower..=row.upper, terms);
    }
    let sense = match lp.direction {
        Direction::Maximise => Sense::Maximise,
        Direction::Minimise => Sense::Minimise,
    };
    let mut model = problem.optimise(sense);
    model.make_quiet();
    model.set_option("time_limit", time_limit.as_secs_f64());
    model.set_option("mip_rel_gap", 0.0);
    model.set_option("mip_abs_gap", half_unit);
    if let Some(start) = &program.start {
        // A start HiGHS rejects only costs time, never correctness.
        let _ = model.try_set_solution(Some(start.as_slice()), None, None, None);
    }
    let solved = model
        .try_solve()
        .map_err(|status| failed(Backend::Highs, format!("HiGHS returned {status:?}")))?;
    if solved.primal_solution_status() != HighsSolutionStatus::Feasible {
        let status = solved.status();
        return Err(failed(
            Backend::Highs,
            format!("no choice found ({status:?})"),
        ));
    }
    let closed = solved.status() == HighsModelStatus::Optimal;
    Ok((solved.get_solution().columns().to_vec(), closed))
}
