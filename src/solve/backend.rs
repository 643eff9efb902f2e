//! LP backends: the one place that talks to a solver library.
//!
//! Input: a backend-neutral `LinearProgram`. Output: an `LpStatus` (optimal values,
//! infeasible or unbounded) or an error. The default backend is good_lp's pure-Rust `microlp`
//! (no system library). Other good_lp solvers (HiGHS, Clarabel) plug in as cargo features by
//! adding a variant here; nothing else in the crate names a solver library.

use crate::model::lp::{Direction, LinearProgram};
use good_lp::solvers::{ResolutionError, Solution, SolutionStatus, SolverModel};
use good_lp::{Expression, ProblemVariables, Variable};

/// What a backend found.
#[derive(Debug, Clone, PartialEq)]
pub enum LpStatus {
    /// An optimal point: one value per column.
    Optimal(Vec<f64>),
    Infeasible,
    Unbounded,
}

/// A solver library failed (neither an answer nor a proof).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the {backend} solver failed: {message}")]
pub struct BackendError {
    pub backend: &'static str,
    pub message: String,
}

/// The solvers landplan can use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Backend {
    /// good_lp's microlp: pure Rust, the default.
    #[default]
    Microlp,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Backend::Microlp => "microlp",
        }
    }

    /// Solves a linear program.
    pub fn solve(self, lp: &LinearProgram) -> Result<LpStatus, BackendError> {
        match self {
            Backend::Microlp => solve_with(lp, good_lp::microlp, self.name()),
        }
    }
}

fn expression(terms: &[(usize, f64)], columns: &[Variable]) -> Expression {
    let mut expression = Expression::with_capacity(terms.len());
    for (column, coefficient) in terms {
        expression.add_mul(*coefficient, columns[*column]);
    }
    expression
}

/// Translates the program into good_lp, solves it with `solver` and checks the status.
fn solve_with<M>(
    lp: &LinearProgram,
    solver: impl FnMut(good_lp::variable::UnsolvedProblem) -> M,
    backend: &'static str,
) -> Result<LpStatus, BackendError>
where
    M: SolverModel<Error = ResolutionError>,
{
    let mut variables = ProblemVariables::new();
    let columns: Vec<Variable> = lp
        .columns
        .iter()
        .map(|c| variables.add(good_lp::variable().min(c.lower).max(c.upper)))
        .collect();
    let objective = expression(&lp.objective, &columns);
    let unsolved = match lp.direction {
        Direction::Maximise => variables.maximise(objective),
        Direction::Minimise => variables.minimise(objective),
    };
    let mut model = unsolved.using(solver);
    for row in &lp.rows {
        let lhs = expression(&row.terms, &columns);
        if row.lower == row.upper {
            model.add_constraint(lhs.eq(row.upper));
            continue;
        }
        if row.lower.is_finite() {
            model.add_constraint(lhs.clone().geq(row.lower));
        }
        if row.upper.is_finite() {
            model.add_constraint(lhs.leq(row.upper));
        }
    }
    match model.solve() {
        Ok(solution) => match solution.status() {
            SolutionStatus::Optimal => Ok(LpStatus::Optimal(
                columns.iter().map(|c| solution.value(*c)).collect(),
            )),
            other => Err(BackendError {
                backend,
                message: format!("stopped without an optimum ({other:?})"),
            }),
        },
        Err(ResolutionError::Infeasible) => Ok(LpStatus::Infeasible),
        Err(ResolutionError::Unbounded) => Ok(LpStatus::Unbounded),
        Err(error) => Err(BackendError {
            backend,
            message: error.to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::lp::LpRow;

    #[test]
    fn microlp_solves_checks_and_reports_infeasibility() {
        let mut lp = LinearProgram::default();
        let x = lp.add_column(0.0, 4.0);
        let y = lp.add_column(0.0, 4.0);
        lp.rows.push(LpRow {
            terms: vec![(x, 1.0), (y, 1.0)],
            lower: f64::NEG_INFINITY,
            upper: 5.0,
        });
        lp.set_objective(Direction::Maximise, vec![(x, 2.0), (y, 1.0)]);
        let LpStatus::Optimal(values) = Backend::Microlp.solve(&lp).unwrap() else {
            panic!("optimal expected")
        };
        assert!(
            (values[x] - 4.0).abs() < 1e-9 && (values[y] - 1.0).abs() < 1e-9,
            "{values:?}"
        );
        lp.rows.push(LpRow {
            terms: vec![(x, 1.0)],
            lower: 4.5,
            upper: f64::INFINITY,
        });
        assert_eq!(Backend::Microlp.solve(&lp).unwrap(), LpStatus::Infeasible);
    }
}
