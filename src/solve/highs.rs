//! The HiGHS backend (cargo feature `highs`): one HiGHS model kept for a whole session.
//!
//! Input: a `LinearProgram`, then the same changes the session makes to it (objective, rows
//! and columns added or removed in batches, column bounds). Output: an `LpStatus` per solve.
//! The model is built once; every later stage only changes it. Changes go through HiGHS's C API in batches
//! (`Highs_addRows`, `Highs_changeColsBoundsBySet`, ...): one call per change would cost more
//! than the solves. This module only mirrors changes into HiGHS and reads its status; what the
//! stages are is `lexicographic`'s business.

use super::backend::{BackendError, LpStatus, Method};
use crate::model::lp::{Direction, LinearProgram, LpColumn, LpRow};
use highs::{HighsModelStatus, Model, RowProblem, Sense};
use highs_sys::HighsInt;

const NAME: &str = "highs";

/// A HiGHS model.
pub struct Warm {
    /// `None` only while a solve is running (the `highs` crate's solve takes the model by value).
    model: Option<Model>,
    /// The method the next solves start with.
    method: Method,
}

/// Interior-point iterations before a solve gives up on one setting and tries the next
/// (`Warm::solve`). Converging solves of landplan's stages take 10-60 iterations; on some
/// degenerate fair cuts the method makes no progress for hundreds (measured at 40,000 x 12:
/// 944 iterations and 25 s).
const IPM_ITERATIONS: i32 = 80;

/// The interior-point method stops at this relative duality gap and crossover finishes the
/// job, so the answer is a vertex as exact as a simplex one. At HiGHS's default (1e-8) it
/// stalled more often on the near-optimal face of degenerate stages of generated nations.
const IPM_OPTIMALITY_TOLERANCE: f64 = 1e-6;

/// HiGHS's `simplex_strategy` values (dual is its default).
const SIMPLEX_DUAL: i32 = 1;
const SIMPLEX_PRIMAL: i32 = 4;

fn sense(direction: Direction) -> Sense {
    match direction {
        Direction::Maximise => Sense::Maximise,
        Direction::Minimise => Sense::Minimise,
    }
}

fn int(value: usize) -> HighsInt {
    HighsInt::try_from(value).expect("a model index fits HiGHS's integer type")
}

/// Panics on an error status: every call here passes arrays of the lengths it states, so an
/// error is a bug, not a property of the user's data.
fn check(call: &str, status: HighsInt) {
    assert!(
        status != highs_sys::STATUS_ERROR,
        "HiGHS rejected {call} (status {status})"
    );
}

/// Sparse vectors in HiGHS's compressed form: where each starts, the indexes, the values.
fn compressed<'a>(
    vectors: impl Iterator<Item = &'a [(usize, f64)]>,
) -> (Vec<HighsInt>, Vec<HighsInt>, Vec<f64>) {
    let (mut starts, mut index, mut value) = (Vec::new(), Vec::new(), Vec::new());
    for vector in vectors {
        starts.push(int(index.len()));
        for &(at, coefficient) in vector {
            index.push(int(at));
            value.push(coefficient);
        }
    }
    (starts, index, value)
}

/// Why a solve gave no status.
enum Stopped {
    IterationLimit,
    Failed(String),
}

impl Stopped {
    fn into_error(self) -> BackendError {
        BackendError {
            backend: NAME,
            message: match self {
                Stopped::IterationLimit => "stopped at its iteration limit".to_string(),
                Stopped::Failed(message) => message,
            },
        }
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
        let columns: Vec<highs::Col> = lp
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
        model.set_option("ipm_iteration_limit", IPM_ITERATIONS);
        model.set_option("ipm_optimality_tolerance", IPM_OPTIMALITY_TOLERANCE);
        Warm {
            model: Some(model),
            method: Method::Automatic,
        }
    }

    fn ptr(&mut self) -> *mut std::ffi::c_void {
        self.model
            .as_mut()
            .expect("the HiGHS model is back after every solve")
            .as_mut_ptr()
    }

    /// Replaces the objective: the old terms' costs go to 0, the new ones are set.
    pub fn set_objective(
        &mut self,
        old: &[(usize, f64)],
        direction: Direction,
        terms: &[(usize, f64)],
    ) {
        let mut costs: std::collections::BTreeMap<usize, f64> =
            old.iter().map(|&(column, _)| (column, 0.0)).collect();
        for &(column, _) in terms {
            costs.insert(column, 0.0);
        }
        for &(column, coefficient) in terms {
            *costs.entry(column).or_default() += coefficient;
        }
        let set: Vec<HighsInt> = costs.keys().map(|&c| int(c)).collect();
        let values: Vec<f64> = costs.values().copied().collect();
        let ptr = self.ptr();
        // SAFETY: `set` and `values` have `set.len()` entries, each a column of the model.
        let status = unsafe {
            highs_sys::Highs_changeColsCostBySet(ptr, int(set.len()), set.as_ptr(), values.as_ptr())
        };
        check("changeColsCostBySet", status);
        self.model
            .as_mut()
            .expect("the HiGHS model is back after every solve")
            .set_sense(sense(direction));
    }

    pub fn add_rows(&mut self, rows: &[LpRow]) {
        let lower: Vec<f64> = rows.iter().map(|r| r.lower).collect();
        let upper: Vec<f64> = rows.iter().map(|r| r.upper).collect();
        let (starts, index, value) = compressed(rows.iter().map(|r| r.terms.as_slice()));
        let ptr = self.ptr();
        // SAFETY: lower/upper/starts have one entry per row, index/value one per non-zero,
        // every index a column of the model.
        let status = unsafe {
            highs_sys::Highs_addRows(
                ptr,
                int(rows.len()),
                lower.as_ptr(),
                upper.as_ptr(),
                int(index.len()),
                starts.as_ptr(),
                index.as_ptr(),
                value.as_ptr(),
            )
        };
        check("addRows", status);
    }

    pub fn add_columns(&mut self, columns: &[LpColumn]) {
        self.add_columns_with(columns, &vec![Vec::new(); columns.len()]);
    }

    /// Adds columns with their (row, coefficient) entries in existing rows.
    pub fn add_columns_with(&mut self, columns: &[LpColumn], entries: &[Vec<(usize, f64)>]) {
        let costs = vec![0.0; columns.len()];
        let lower: Vec<f64> = columns.iter().map(|c| c.lower).collect();
        let upper: Vec<f64> = columns.iter().map(|c| c.upper).collect();
        let (starts, index, value) = compressed(entries.iter().map(Vec::as_slice));
        let ptr = self.ptr();
        // SAFETY: costs/lower/upper/starts have one entry per column, index/value one per
        // non-zero, every index a row of the model.
        let status = unsafe {
            highs_sys::Highs_addCols(
                ptr,
                int(columns.len()),
                costs.as_ptr(),
                lower.as_ptr(),
                upper.as_ptr(),
                int(index.len()),
                starts.as_ptr(),
                index.as_ptr(),
                value.as_ptr(),
            )
        };
        check("addCols", status);
    }

    pub fn set_columns_bounds(&mut self, changes: &[(usize, LpColumn)]) {
        let set: Vec<HighsInt> = changes.iter().map(|&(c, _)| int(c)).collect();
        let lower: Vec<f64> = changes.iter().map(|(_, b)| b.lower).collect();
        let upper: Vec<f64> = changes.iter().map(|(_, b)| b.upper).collect();
        let ptr = self.ptr();
        // SAFETY: the three arrays have `set.len()` entries, each a column of the model.
        let status = unsafe {
            highs_sys::Highs_changeColsBoundsBySet(
                ptr,
                int(set.len()),
                set.as_ptr(),
                lower.as_ptr(),
                upper.as_ptr(),
            )
        };
        check("changeColsBoundsBySet", status);
    }

    /// The method the next solves start with.
    pub fn set_method(&mut self, method: Method) {
        self.method = method;
        self.apply(method);
    }

    /// Sets HiGHS's options for a method.
    fn apply(&mut self, method: Method) {
        let (solver, presolve, strategy) = match method {
            Method::Automatic => ("choose", "choose", SIMPLEX_DUAL),
            Method::InteriorPoint => ("ipm", "choose", SIMPLEX_DUAL),
            Method::InteriorPointWithoutPresolve => ("ipm", "off", SIMPLEX_DUAL),
            Method::PrimalFromLastBasis => ("simplex", "off", SIMPLEX_PRIMAL),
        };
        let model = self
            .model
            .as_mut()
            .expect("the HiGHS model is back after every solve");
        model.set_option("solver", solver);
        model.set_option("presolve", presolve);
        model.set_option("simplex_strategy", strategy);
    }

    /// Deletes rows `rows..rows_now` and columns `columns..columns_now`.
    pub fn truncate(&mut self, rows: usize, rows_now: usize, columns: usize, columns_now: usize) {
        let ptr = self.ptr();
        if rows < rows_now {
            // SAFETY: an inclusive range of existing rows.
            let status =
                unsafe { highs_sys::Highs_deleteRowsByRange(ptr, int(rows), int(rows_now - 1)) };
            check("deleteRowsByRange", status);
        }
        if columns < columns_now {
            // SAFETY: an inclusive range of existing columns.
            let status = unsafe {
                highs_sys::Highs_deleteColsByRange(ptr, int(columns), int(columns_now - 1))
            };
            check("deleteColsByRange", status);
        }
    }

    /// Solves the model as it stands and reads the status. An interior-point solve that
    /// reaches `IPM_ITERATIONS` is tried once more with presolve the other way (on degenerate
    /// stages of generated nations where one setting stalled, the other converged), then by
    /// dual simplex; the next solves start with the method asked for again.
    pub fn solve(&mut self) -> Result<LpStatus, BackendError> {
        let fallbacks: &[Method] = match self.method {
            Method::Automatic | Method::PrimalFromLastBasis => &[],
            Method::InteriorPoint => &[Method::InteriorPointWithoutPresolve, Method::Automatic],
            Method::InteriorPointWithoutPresolve => &[Method::InteriorPoint, Method::Automatic],
        };
        let mut result = self.solve_once();
        for &method in fallbacks {
            if !matches!(result, Err(Stopped::IterationLimit)) {
                break;
            }
            self.apply(method);
            result = self.solve_once();
        }
        self.apply(self.method);
        result.map_err(Stopped::into_error)
    }

    fn solve_once(&mut self) -> Result<LpStatus, Stopped> {
        // Measured on generated scenarios (docs/performance.md): after an objective change or
        // thousands of added rows, presolve and a solve from scratch beat a restart from the
        // previous basis by 2-5x, so the model is kept but its basis is cleared, except for
        // the one method that starts from that basis.
        let ptr = self.ptr();
        if self.method != Method::PrimalFromLastBasis {
            // SAFETY: a live HiGHS instance; clearing its solver state keeps the model.
            let status = unsafe { highs_sys::Highs_clearSolver(ptr) };
            check("clearSolver", status);
        }
        let model = self
            .model
            .take()
            .expect("the HiGHS model is back after every solve");
        let solved = model
            .try_solve()
            .map_err(|status| Stopped::Failed(format!("HiGHS returned {status:?}")))?;
        let result = match solved.status() {
            HighsModelStatus::Optimal => {
                Ok(LpStatus::Optimal(solved.get_solution().columns().to_vec()))
            }
            HighsModelStatus::Infeasible => Ok(LpStatus::Infeasible),
            HighsModelStatus::Unbounded => Ok(LpStatus::Unbounded),
            // Presolve may not tell the two apart; the caller confirms any "infeasible" with an
            // elastic model before a planner sees it, and every stage's columns are bounded.
            HighsModelStatus::UnboundedOrInfeasible => Ok(LpStatus::Infeasible),
            HighsModelStatus::ReachedIterationLimit => Err(Stopped::IterationLimit),
            other => Err(Stopped::Failed(format!(
                "stopped without an optimum ({other:?})"
            ))),
        };
        self.model = Some(Model::from(solved));
        result
    }
}
