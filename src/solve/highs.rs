//! The HiGHS backend (cargo feature `highs`): one HiGHS model kept for a whole session.
//!
//! Input: a `LinearProgram`, then the same changes the session makes to it (objective,
//! added rows and columns, column bounds). Output: an `LpStatus` per solve. HiGHS keeps its
//! basis inside the model, so every solve after the first starts from the previous optimum
//! (dual simplex after added rows and tightened bounds, primal after an objective change)
//! instead of from scratch. This module only mirrors changes into HiGHS and reads its status;
//! what the stages are is `lexicographic`'s business.

use super::backend::{BackendError, LpStatus};
use crate::model::lp::{Direction, LinearProgram, LpRow};
use highs::{Col, HighsModelStatus, Model, RowProblem, Sense};

const NAME: &str = "highs";

/// A HiGHS model and the handle of each of its columns.
pub struct Warm {
    /// `None` only while a solve is running (HiGHS's solve takes the model by value).
    model: Option<Model>,
    columns: Vec<Col>,
}

fn sense(direction: Direction) -> Sense {
    match direction {
        Direction::Maximise => Sense::Maximise,
        Direction::Minimise => Sense::Minimise,
    }
}

impl Warm {
    /// Loads the program into a new HiGHS model.
    pub fn new(lp: &LinearProgram) -> Warm {
        let mut costs = vec![0.0; lp.columns.len()];
        for &(column, coefficient) in &lp.objective {
            costs[column] += coefficient;
        }
        let mut problem = RowProblem::default();
        let columns: Vec<Col> = lp
            .columns
            .iter()
            .zip(&costs)
            .map(|(c, &cost)| problem.add_column(cost, c.lower..=c.upper))
            .collect();
        for row in &lp.rows {
            problem.add_row(
                row.lower..=row.upper,
                row.terms.iter().map(|&(c, a)| (columns[c], a)),
            );
        }
        let mut model = problem.optimise(sense(lp.direction));
        model.make_quiet();
        Warm {
            model: Some(model),
            columns,
        }
    }

    fn model(&mut self) -> &mut Model {
        self.model
            .as_mut()
            .expect("the HiGHS model is back after every solve")
    }

    /// Replaces the objective: the old terms' costs go to 0, the new ones are set.
    pub fn set_objective(
        &mut self,
        old: &[(usize, f64)],
        direction: Direction,
        terms: &[(usize, f64)],
    ) {
        let columns = self.columns.clone();
        let model = self.model();
        for &(column, _) in old {
            model.change_column_cost(columns[column], 0.0);
        }
        let mut costs: Vec<(usize, f64)> = terms.to_vec();
        costs.sort_by_key(|&(column, _)| column);
        costs.dedup_by(|next, kept| {
            let same = next.0 == kept.0;
            if same {
                kept.1 += next.1;
            }
            same
        });
        for (column, cost) in costs {
            model.change_column_cost(columns[column], cost);
        }
        model.set_sense(sense(direction));
    }

    pub fn add_row(&mut self, row: &LpRow) {
        let terms: Vec<(Col, f64)> = row
            .terms
            .iter()
            .map(|&(c, a)| (self.columns[c], a))
            .collect();
        self.model().add_row(row.lower..=row.upper, terms);
    }

    pub fn add_column(&mut self, lower: f64, upper: f64) {
        let column = self
            .model()
            .add_col(0.0, lower..=upper, std::iter::empty::<(highs::Row, f64)>());
        self.columns.push(column);
    }

    pub fn set_column_bounds(&mut self, column: usize, lower: f64, upper: f64) {
        let handle = self.columns[column];
        self.model().change_column_bounds(handle, lower..=upper);
    }

    /// Solves from the current basis and reads the status.
    pub fn solve(&mut self) -> Result<LpStatus, BackendError> {
        let model = self
            .model
            .take()
            .expect("the HiGHS model is back after every solve");
        let solved = model.try_solve().map_err(|status| BackendError {
            backend: NAME,
            message: format!("HiGHS returned {status:?}"),
        })?;
        let status = solved.status();
        let result = match status {
            HighsModelStatus::Optimal => Ok(LpStatus::Optimal(
                solved.get_solution().columns().to_vec(),
            )),
            HighsModelStatus::Infeasible => Ok(LpStatus::Infeasible),
            HighsModelStatus::Unbounded => Ok(LpStatus::Unbounded),
            // Presolve may not tell the two apart; the caller confirms any "infeasible" with an
            // elastic model before a planner sees it, and every stage's columns are bounded.
            HighsModelStatus::UnboundedOrInfeasible => Ok(LpStatus::Infeasible),
            other => Err(BackendError {
                backend: NAME,
                message: format!("stopped without an optimum ({other:?})"),
            }),
        };
        self.model = Some(Model::from(solved));
        result
    }
}
