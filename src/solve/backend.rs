//! LP backends: the one place that talks to a solver library.
//!
//! Input: a backend-neutral `LinearProgram`, solved once (`Backend::solve`) or kept in a
//! `Session` and changed between solves (objective, added rows and columns, column bounds).
//! Output: an `LpStatus` (optimal values, infeasible or unbounded) or an error. Backends:
//! - `microlp` (good_lp, pure Rust, always built): the default for small scenarios;
//! - `highs` (cargo feature `highs`, HiGHS through the `highs` crate): one model is kept for
//!   a whole session and changed in batches between stages;
//!
//! Nothing else in the crate names a solver library. A backend not compiled in is an error
//! naming the cargo feature that brings it, never a silent substitute.

use crate::model::lp::{Direction, LinearProgram, LpColumn, LpRow};
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

/// The solvers landplan knows. Every variant exists in every build; `available` says
/// whether this build has it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Backend {
    /// good_lp's microlp: pure Rust, always available.
    #[default]
    Microlp,
    /// HiGHS (cargo feature `highs`).
    Highs,
}

/// Up to this many cells, `auto` keeps the default pure-Rust backend: with interchangeable
/// cells merged (`aggregate`) it solves 2,000 generated towns (9,685 cells) as fast as HiGHS
/// and 10,000 (48,578 cells) in about 4 s; above that HiGHS pulls ahead (docs/performance.md).
pub const AUTO_SMALL_CELLS: usize = 10_000;

impl Backend {
    pub const ALL: [Backend; 2] = [Backend::Microlp, Backend::Highs];

    pub fn name(self) -> &'static str {
        match self {
            Backend::Microlp => "microlp",
            Backend::Highs => "highs",
        }
    }

    /// Reads a backend's name (`microlp`, `highs`).
    pub fn parse(text: &str) -> Option<Backend> {
        Backend::ALL
            .into_iter()
            .find(|b| b.name().eq_ignore_ascii_case(text.trim()))
    }

    /// Whether this build includes the backend.
    pub fn available(self) -> bool {
        match self {
            Backend::Microlp => true,
            Backend::Highs => cfg!(feature = "highs"),
        }
    }

    /// The backends this build includes.
    pub fn compiled_in() -> Vec<Backend> {
        Backend::ALL.into_iter().filter(|b| b.available()).collect()
    }

    /// The backend `--solver auto` picks for a scenario with this many cells: microlp for
    /// small ones, HiGHS for larger ones when the build has it.
    pub fn auto(cells: usize) -> Backend {
        if cells > AUTO_SMALL_CELLS && Backend::Highs.available() {
            Backend::Highs
        } else {
            Backend::Microlp
        }
    }

    /// The error for a backend this build lacks.
    #[cfg_attr(feature = "highs", allow(dead_code))]
    pub(crate) fn missing(self) -> BackendError {
        BackendError {
            backend: self.name(),
            message: format!(
                "this build of landplan does not include it; rebuild with `cargo build --release --features {}` (see docs/scale.md)",
                self.name()
            ),
        }
    }

    /// Solves a linear program once.
    pub fn solve(self, lp: &LinearProgram) -> Result<LpStatus, BackendError> {
        match self {
            Backend::Microlp => solve_with(lp, good_lp::microlp, self.name()),
            Backend::Highs => Session::new(self, lp.clone()).solve(),
        }
    }
}

/// What `--solver` asks for: a named backend, or `auto` (picked by size, see `Backend::auto`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Solver {
    #[default]
    Auto,
    Use(Backend),
}

impl Solver {
    /// The backend for a scenario with this many cells.
    pub fn backend(self, cells: usize) -> Backend {
        match self {
            Solver::Auto => Backend::auto(cells),
            Solver::Use(backend) => backend,
        }
    }
}

/// Which algorithm a backend with a choice (HiGHS) should use for the next solves. Measured
/// stage by stage on generated nations (docs/performance.md, docs/scale.md): interior point
/// with crossover solves the tier stages 3-4x faster than dual simplex and the closest-to-plan
/// stage fastest without presolve; the fair cuts, degenerate programs on which both dual
/// simplex and interior point can take 10-30 s, take 0.1-3 s by primal simplex started from
/// the previous stage's basis, which stays feasible (with the ratio at 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Method {
    /// The backend's own choice (HiGHS: presolve, then dual simplex).
    #[default]
    Automatic,
    /// Interior point with crossover, after presolve.
    InteriorPoint,
    /// Interior point with crossover on the program as given, without presolve.
    InteriorPointWithoutPresolve,
    /// Primal simplex from the last solve's basis (no presolve), for a program whose last
    /// optimum is still feasible after the changes since.
    PrimalFromLastBasis,
}

/// A program kept between solves. Every change goes to the kept program; a backend that can
/// warm-start (HiGHS) also changes its own model in place, the others solve the kept program
/// afresh each time.
pub struct Session {
    backend: Backend,
    lp: LinearProgram,
    /// See `set_method` (only HiGHS reads it).
    #[cfg_attr(not(feature = "highs"), allow(dead_code))]
    method: Method,
    #[cfg(feature = "highs")]
    warm: Option<super::highs::Warm>,
}

impl Session {
    pub fn new(backend: Backend, lp: LinearProgram) -> Session {
        Session {
            backend,
            lp,
            method: Method::default(),
            #[cfg(feature = "highs")]
            warm: None,
        }
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The program as it stands.
    pub fn lp(&self) -> &LinearProgram {
        &self.lp
    }

    pub fn set_objective(&mut self, direction: Direction, terms: Vec<(usize, f64)>) {
        #[cfg(feature = "highs")]
        if let Some(warm) = &mut self.warm {
            warm.set_objective(&self.lp.objective, direction, &terms);
        }
        self.lp.set_objective(direction, terms);
    }

    pub fn add_row(&mut self, row: LpRow) {
        self.add_rows(vec![row]);
    }

    /// Adds rows in one batch.
    pub fn add_rows(&mut self, rows: Vec<LpRow>) {
        #[cfg(feature = "highs")]
        if let Some(warm) = &mut self.warm {
            warm.add_rows(&rows);
        }
        self.lp.rows.extend(rows);
    }

    /// Adds a column (objective coefficient 0) and returns its index.
    pub fn add_column(&mut self, lower: f64, upper: f64) -> usize {
        self.add_columns(&[LpColumn { lower, upper }]).start
    }

    /// Adds columns (objective coefficient 0, in no row yet) and returns their indexes.
    pub fn add_columns(&mut self, columns: &[LpColumn]) -> std::ops::Range<usize> {
        #[cfg(feature = "highs")]
        if let Some(warm) = &mut self.warm {
            warm.add_columns(columns);
        }
        let first = self.lp.columns.len();
        self.lp.columns.extend_from_slice(columns);
        first..self.lp.columns.len()
    }

    /// Adds, for each (column, bounds), a twin column with the same coefficient as that
    /// column in every row (objective coefficient 0), and returns their indexes.
    pub fn add_twins(&mut self, twins: &[(usize, LpColumn)]) -> std::ops::Range<usize> {
        let first = self.lp.columns.len();
        let mut twin_of = vec![None; first];
        for (offset, &(column, _)) in twins.iter().enumerate() {
            twin_of[column] = Some(first + offset);
        }
        let mut entries: Vec<Vec<(usize, f64)>> = vec![Vec::new(); twins.len()];
        for (index, row) in self.lp.rows.iter_mut().enumerate() {
            let added: Vec<(usize, f64)> = row
                .terms
                .iter()
                .filter_map(|&(column, a)| twin_of[column].map(|twin| (twin, a)))
                .collect();
            for &(twin, a) in &added {
                entries[twin - first].push((index, a));
            }
            row.terms.extend(added);
        }
        #[cfg(feature = "highs")]
        if let Some(warm) = &mut self.warm {
            let bounds: Vec<LpColumn> = twins.iter().map(|&(_, b)| b).collect();
            warm.add_columns_with(&bounds, &entries);
        }
        self.lp.columns.extend(twins.iter().map(|&(_, b)| b));
        first..self.lp.columns.len()
    }

    pub fn set_column_bounds(&mut self, column: usize, lower: f64, upper: f64) {
        self.set_columns_bounds(&[(column, LpColumn { lower, upper })]);
    }

    /// Changes the bounds of several columns in one batch.
    pub fn set_columns_bounds(&mut self, changes: &[(usize, LpColumn)]) {
        #[cfg(feature = "highs")]
        if let Some(warm) = &mut self.warm {
            warm.set_columns_bounds(changes);
        }
        for &(column, bounds) in changes {
            self.lp.columns[column] = bounds;
        }
    }

    /// Asks the backend to solve the next programs by `method` where it has a choice (HiGHS;
    /// microlp has one algorithm). The answer is a vertex whichever method finds it.
    pub fn set_method(&mut self, method: Method) {
        #[cfg(feature = "highs")]
        if let Some(warm) = &mut self.warm {
            warm.set_method(method);
        }
        self.method = method;
    }

    /// The number of rows and columns now: a mark to `truncate` back to.
    pub fn mark(&self) -> (usize, usize) {
        (self.lp.rows.len(), self.lp.columns.len())
    }

    /// Removes every row and column added since `mark` (none of them may be in the objective).
    pub fn truncate(&mut self, (rows, columns): (usize, usize)) {
        #[cfg(feature = "highs")]
        if let Some(warm) = &mut self.warm {
            warm.truncate(rows, self.lp.rows.len(), columns, self.lp.columns.len());
        }
        self.lp.rows.truncate(rows);
        self.lp.columns.truncate(columns);
        self.lp.objective.retain(|&(column, _)| column < columns);
    }

    /// Solves the program as it stands.
    pub fn solve(&mut self) -> Result<LpStatus, BackendError> {
        match self.backend {
            Backend::Highs => self.solve_highs(),
            other => other.solve(&self.lp),
        }
    }

    #[cfg(feature = "highs")]
    fn solve_highs(&mut self) -> Result<LpStatus, BackendError> {
        let method = self.method;
        let warm = self.warm.get_or_insert_with(|| {
            let mut warm = super::highs::Warm::new(&self.lp);
            warm.set_method(method);
            warm
        });
        warm.solve()
    }

    #[cfg(not(feature = "highs"))]
    fn solve_highs(&mut self) -> Result<LpStatus, BackendError> {
        Err(self.backend.missing())
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

    fn small() -> LinearProgram {
        let mut lp = LinearProgram::default();
        let x = lp.add_column(0.0, 4.0);
        let y = lp.add_column(0.0, 4.0);
        lp.rows.push(LpRow {
            terms: vec![(x, 1.0), (y, 1.0)],
            lower: f64::NEG_INFINITY,
            upper: 5.0,
        });
        lp.set_objective(Direction::Maximise, vec![(x, 2.0), (y, 1.0)]);
        lp
    }

    fn assert_near(values: &[f64], expected: &[f64], tolerance: f64) {
        assert!(
            values
                .iter()
                .zip(expected)
                .all(|(v, e)| (v - e).abs() < tolerance),
            "{values:?} != {expected:?}"
        );
    }

    #[test]
    fn every_compiled_backend_solves_checks_and_reports_infeasibility() {
        for backend in Backend::compiled_in() {
            let mut lp = small();
            let LpStatus::Optimal(values) = backend.solve(&lp).unwrap() else {
                panic!("{}: optimal expected", backend.name())
            };
            assert_near(&values, &[4.0, 1.0], 1e-6);
            lp.rows.push(LpRow {
                terms: vec![(0, 1.0)],
                lower: 4.5,
                upper: f64::INFINITY,
            });
            assert_eq!(
                backend.solve(&lp).unwrap(),
                LpStatus::Infeasible,
                "{}",
                backend.name()
            );
        }
    }

    #[test]
    fn sessions_follow_every_change_between_solves() {
        for backend in Backend::compiled_in() {
            let mut session = Session::new(backend, small());
            let LpStatus::Optimal(first) = session.solve().unwrap() else {
                panic!("optimal expected")
            };
            assert_near(&first, &[4.0, 1.0], 1e-6);
            session.set_objective(Direction::Maximise, vec![(1, 1.0)]);
            let z = session.add_column(0.0, 10.0);
            session.add_row(LpRow {
                terms: vec![(z, 1.0), (1, -1.0)],
                lower: 0.0,
                upper: 0.0,
            });
            session.set_column_bounds(0, 2.5, 4.0);
            let LpStatus::Optimal(second) = session.solve().unwrap() else {
                panic!("optimal expected")
            };
            assert_near(&second, &[2.5, 2.5, 2.5], 1e-6);
            session.set_objective(Direction::Minimise, vec![(z, 1.0), (0, 1.0)]);
            let LpStatus::Optimal(third) = session.solve().unwrap() else {
                panic!("optimal expected")
            };
            assert_near(&third, &[2.5, 0.0, 0.0], 1e-6);
            session.set_column_bounds(1, 3.0, 4.0);
            assert_eq!(session.solve().unwrap(), LpStatus::Infeasible);
        }
    }

    #[test]
    fn twins_share_every_row_of_their_column() {
        for backend in Backend::compiled_in() {
            let mut session = Session::new(backend, small());
            let twins = session.add_twins(&[(
                0,
                LpColumn {
                    lower: 0.0,
                    upper: 2.0,
                },
            )]);
            assert_eq!(twins, 2..3);
            assert_eq!(session.lp().rows[0].terms.len(), 3);
            session.set_column_bounds(0, 0.0, 0.0);
            session.set_objective(Direction::Maximise, vec![(2, 2.0), (1, 1.0)]);
            let LpStatus::Optimal(values) = session.solve().unwrap() else {
                panic!("optimal expected")
            };
            assert_near(&values, &[0.0, 3.0, 2.0], 1e-6);
        }
    }

    #[test]
    fn names_parse_and_missing_backends_say_how_to_get_them() {
        assert_eq!(Backend::parse("HiGHS"), Some(Backend::Highs));
        assert_eq!(Backend::parse("gurobi"), None);
        assert_eq!(Backend::auto(24), Backend::Microlp);
        assert!(Backend::auto(1_000_000).available());
        for backend in Backend::ALL.into_iter().filter(|b| !b.available()) {
            let error = backend.solve(&small()).unwrap_err();
            assert!(error.message.contains("--features"), "{error}");
        }
    }
}
