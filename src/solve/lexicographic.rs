//! The lexicographic objectives, solved strictly in order (never one weighted sum).
//!
//! Input: a `Model` and a backend. Output: the cells' values in `f64` after three families
//! of stages, each holding the optimum of the ones before it (within `HOLD_TOLERANCE`):
//! 1. tier by tier, maximise the tier's supplied land;
//! 2. tier by tier, maximise the smallest fill ratio (x - committed) / (demand - committed)
//!    among the tier's cells, so a cut is shared in proportion;
//! 3. minimise the total absolute deviation from the published cells.
//!
//! The stages run on the model with interchangeable cells merged into one column each
//! (`aggregate`: same tier, same coefficients in every row that can bind), and the answer is
//! spread back to the cells at the end; in a generated province this divides the columns by
//! five to seven. All stages run in one backend `Session` (HiGHS keeps one model and only
//! receives the changes; tier stages ask it for its interior-point method, fair cuts for
//! primal simplex from the last basis, the closest-to-plan stage for interior point without
//! presolve: see `Method`). Fewer and smaller stages, with the same optima:
//! - a tier whose optimum is its whole demand has every cell at demand (fill ratio 1); one
//!   whose optimum is its committed land has every cell at committed (ratio 0): its cells are
//!   fixed instead of held by a row, and its fair-cut stage needs no solve;
//! - a tier stage whose previous point already supplies the whole tier needs no solve;
//! - the closest-to-plan stage adds no row: a cell's |x - plan| is a cost on x, or on x and
//!   a twin column when the plan lies inside the cell's bounds (a fixed cell's is a constant);
//! - a fair cut is held by raising its cells' lower bounds, not by rows, and needs no solve
//!   when moving the tier's cells to the largest ratio its optimum allows keeps every rule.
//!
//! Fixing is exact up to the hold tolerance; should a later stage then find no point, the
//! whole solve is repeated with hold rows only and no shortcut. Rounding and checking the answer
//! is `round` and `certificate`'s job, not this module's.

use super::aggregate::{aggregate, Groups, Merge};
use super::backend::{Backend, BackendError, LpStatus, Method, Session};
use crate::model::lp::{Direction, LinearProgram, LpColumn, LpRow};
use crate::model::Model;

/// Relative tolerance with which an earlier stage's optimum is held in later stages:
/// a later stage may lower it by at most `HOLD_TOLERANCE x max(1, |optimum|)`.
pub const HOLD_TOLERANCE: f64 = 1e-9;

/// Cells whose demand exceeds committed land by less than this take no part in fair cuts.
pub const FLEXIBLE: f64 = 1e-12;

/// The optimum of each stage.
#[derive(Debug, Clone, PartialEq)]
pub struct LexSolution {
    /// The cells' values (columns 0..cells of the model).
    pub values: Vec<f64>,
    /// Each tier's maximal supply, in tier order.
    pub tier_optimum: Vec<f64>,
    /// Each tier's largest smallest fill ratio (`None` when the tier has no flexible cell).
    pub fair_ratio: Vec<Option<f64>>,
    /// The least total absolute deviation from the plan.
    pub deviation: f64,
}

/// The outcome of the staged solve.
#[derive(Debug, Clone, PartialEq)]
pub enum LexOutcome {
    Solved(LexSolution),
    /// The first stage found no feasible point (to be confirmed by the caller).
    Infeasible,
}

/// How a tier's optimum is kept in later stages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Held {
    /// By a row `sum >= optimum - tolerance`.
    Row,
    /// Every cell fixed at its demand.
    AtDemand,
    /// Every cell fixed at its committed land.
    AtCommitted,
}

/// Why a stage stopped.
enum StageError {
    Backend(BackendError),
    /// A later stage found no point although the previous optimum should satisfy it.
    LaterInfeasible(&'static str),
}

impl From<BackendError> for StageError {
    fn from(error: BackendError) -> Self {
        StageError::Backend(error)
    }
}

/// The stages of one solve, sharing a session.
struct Stages<'m> {
    /// The model with interchangeable cells as one column (`aggregate`).
    model: &'m Model,
    groups: &'m Groups,
    session: Session,
    tolerance: f64,
    /// Take the shortcuts: fix tiers at demand or committed land where their optimum allows
    /// it, and accept a proportional fair cut that is feasible without solving.
    fix: bool,
    /// The last point found (the cells' and the session's other columns' values).
    point: Vec<f64>,
}

impl Stages<'_> {
    fn hold(&self, optimum: f64) -> f64 {
        optimum - self.tolerance * optimum.abs().max(1.0)
    }

    fn optimum(&mut self) -> Result<Option<Vec<f64>>, StageError> {
        match self.session.solve()? {
            LpStatus::Optimal(values) => Ok(Some(values)),
            LpStatus::Infeasible => Ok(None),
            LpStatus::Unbounded => Err(StageError::Backend(BackendError {
                backend: self.session.backend().name(),
                message: "reported an unbounded stage, but every cell is bounded by its demand"
                    .to_string(),
            })),
        }
    }

    /// A later stage must stay feasible: its program contains the previous optimum.
    fn later_optimum(&mut self, stage: &'static str) -> Result<Vec<f64>, StageError> {
        self.optimum()?.ok_or(StageError::LaterInfeasible(stage))
    }

    /// The committed and demanded land of some cells, from the model's own bounds.
    fn bounds_sum(&self, cells: &[usize]) -> (f64, f64) {
        cells.iter().fold((0.0, 0.0), |(low, high), &c| {
            let column = self.model.lp.columns[c];
            (low + column.lower, high + column.upper)
        })
    }

    /// Stage 1 for every tier; `None` when the first stage is infeasible.
    #[allow(clippy::type_complexity)]
    fn tiers(&mut self) -> Result<Option<(Vec<f64>, Vec<Held>, Vec<f64>)>, StageError> {
        let mut optima = Vec::with_capacity(self.model.tiers.len());
        let mut held = Vec::with_capacity(self.model.tiers.len());
        let mut values: Option<Vec<f64>> = None;
        for tier in &self.model.tiers {
            let terms: Vec<(usize, f64)> = tier.cells.iter().map(|&cell| (cell, 1.0)).collect();
            let (committed, demand) = self.bounds_sum(&tier.cells);
            let supplied = |values: &[f64]| tier.cells.iter().map(|&c| values[c]).sum::<f64>();
            let already_full = values
                .as_deref()
                .is_some_and(|v| self.fix && supplied(v) >= self.hold(demand));
            if !already_full {
                self.session
                    .set_objective(Direction::Maximise, terms.clone());
                let first = values.is_none();
                match self.optimum()? {
                    Some(found) => values = Some(found),
                    None if first => return Ok(None),
                    None => return Err(StageError::LaterInfeasible("tier supply")),
                }
            }
            let best = supplied(values.as_deref().expect("a point after the tier stage"));
            let how = if self.fix && best >= self.hold(demand) {
                Held::AtDemand
            } else if self.fix && best <= committed + self.tolerance * committed.max(1.0) {
                Held::AtCommitted
            } else {
                Held::Row
            };
            match how {
                Held::Row => self.session.add_row(LpRow {
                    terms,
                    lower: self.hold(best),
                    upper: f64::INFINITY,
                }),
                Held::AtDemand | Held::AtCommitted => self.fix_cells(&tier.cells, how),
            }
            optima.push(match how {
                Held::AtDemand => demand,
                Held::AtCommitted => committed,
                Held::Row => best,
            });
            held.push(how);
        }
        if let Some(values) = &values {
            self.point.clone_from(values);
        }
        match values {
            Some(values) => Ok(Some((values, held, optima))),
            // No tier at all: one feasibility check with no objective.
            None => Ok(self.optimum()?.map(|values| (values, held, optima))),
        }
    }

    fn fix_cells(&mut self, cells: &[usize], how: Held) {
        let changes: Vec<(usize, LpColumn)> = cells
            .iter()
            .map(|&cell| {
                let column = self.model.lp.columns[cell];
                let at = if how == Held::AtDemand {
                    column.upper
                } else {
                    column.lower
                };
                (
                    cell,
                    LpColumn {
                        lower: at,
                        upper: at,
                    },
                )
            })
            .collect();
        self.session.set_columns_bounds(&changes);
    }

    /// Stage 2 for one tier: maximises the smallest fill ratio of its flexible cells, then
    /// holds it.
    fn fair_cut(
        &mut self,
        cells: &[usize],
        how: Held,
        optimum: f64,
    ) -> Result<Option<f64>, StageError> {
        let flexible: Vec<usize> = cells
            .iter()
            .copied()
            .filter(|&c| {
                let column = self.model.lp.columns[c];
                column.upper - column.lower > FLEXIBLE
            })
            .collect();
        if flexible.is_empty() {
            return Ok(None);
        }
        match how {
            Held::AtDemand => return Ok(Some(1.0)),
            Held::AtCommitted => return Ok(Some(0.0)),
            Held::Row => {}
        }
        if let Some((best, point)) = self.proportional(cells, &flexible, optimum) {
            self.point = point;
            self.hold_ratio(&flexible, best);
            return Ok(Some(best));
        }
        let mark = self.session.mark();
        let ratio = self.session.add_column(0.0, 1.0);
        let rows = flexible
            .iter()
            .map(|&cell| {
                let column = self.model.lp.columns[cell];
                // (x - committed) / (demand - committed) >= r, divided through so every row
                // has r's coefficient -1: merged columns' spans reach millions of hectares.
                let span = column.upper - column.lower;
                LpRow {
                    terms: vec![(cell, 1.0 / span), (ratio, -1.0)],
                    lower: column.lower / span,
                    upper: f64::INFINITY,
                }
            })
            .collect();
        self.session.add_rows(rows);
        self.session
            .set_objective(Direction::Maximise, vec![(ratio, 1.0)]);
        // The last optimum with r = 0 is a feasible start: primal simplex from its basis.
        self.session.set_method(Method::PrimalFromLastBasis);
        let values = self.later_optimum("fair cut");
        self.session.set_method(Method::InteriorPoint);
        let values = values?;
        // The ratio the point really achieves (a solver keeps rows only within its own
        // feasibility tolerance): held bounds never cut the point off.
        let best = flexible
            .iter()
            .map(|&cell| {
                let column = self.model.lp.columns[cell];
                (values[cell] - column.lower) / (column.upper - column.lower)
            })
            .fold(values[ratio], f64::min)
            .clamp(0.0, 1.0);
        // Holding r >= hold(best) is the same as raising every flexible cell's lower bound to
        // committed + hold(best) x (demand - committed): the ratio column and its rows go.
        self.session.set_objective(Direction::Maximise, Vec::new());
        self.session.truncate(mark);
        self.point = values;
        self.point.truncate(mark.1);
        self.hold_ratio(&flexible, best);
        Ok(Some(best))
    }

    /// Raises the flexible cells' lower bounds to hold a fair ratio.
    fn hold_ratio(&mut self, flexible: &[usize], best: f64) {
        let floor = self.hold(best).max(0.0);
        let changes: Vec<(usize, LpColumn)> = flexible
            .iter()
            .map(|&cell| {
                let model = self.model.lp.columns[cell];
                let now = self.session.lp().columns[cell];
                let lower = (model.lower + floor * (model.upper - model.lower)).max(now.lower);
                (
                    cell,
                    LpColumn {
                        lower: lower.min(now.upper),
                        upper: now.upper,
                    },
                )
            })
            .collect();
        self.session.set_columns_bounds(&changes);
    }

    /// The fair ratio without a solve, when there is one: the tier's optimum caps the ratio at
    /// r0 = (optimum - committed) / (flexible demand - flexible committed); if the last point
    /// with every flexible cell of the tier moved to exactly r0 keeps every row and bound
    /// (within the hold tolerance), r0 is the optimum.
    fn proportional(
        &self,
        cells: &[usize],
        flexible: &[usize],
        optimum: f64,
    ) -> Option<(f64, Vec<f64>)> {
        if !self.fix || self.point.len() != self.session.lp().columns.len() {
            return None;
        }
        let (committed, _) = self.bounds_sum(cells);
        let (low, high) = self.bounds_sum(flexible);
        let ratio = ((optimum - committed) / (high - low)).clamp(0.0, 1.0);
        let mut candidate = self.point.clone();
        for &cell in flexible {
            let column = self.model.lp.columns[cell];
            candidate[cell] = column.lower + ratio * (column.upper - column.lower);
        }
        self.keeps_everything(&candidate)
            .then_some((ratio, candidate))
    }

    /// Whether a point keeps every row and column bound of the session, each within the hold
    /// tolerance of its size.
    fn keeps_everything(&self, point: &[f64]) -> bool {
        let lp = self.session.lp();
        let near = |value: f64, bound: f64| value <= bound + self.tolerance * bound.abs().max(1.0);
        let columns = lp
            .columns
            .iter()
            .zip(point)
            .all(|(c, &v)| near(v, c.upper) && near(-v, -c.lower));
        columns
            && lp.rows.iter().all(|row| {
                let lhs: f64 = row.terms.iter().map(|&(c, a)| a * point[c]).sum();
                near(lhs, row.upper) && near(-lhs, -row.lower)
            })
    }

    /// Stage 3: minimises the total absolute deviation from the plan without a row per cell,
    /// and returns the cells' values (spread back from the groups) and the deviation.
    /// A cell whose plan lies below (above) its current bounds deviates by x - plan
    /// (plan - x): a cost of +1 (-1) on x. A cell whose plan p lies strictly inside its bounds
    /// [l, u] is split: x keeps [l, p] at cost -1 and a twin column with x's coefficients in
    /// every row takes [0, u - p] at cost +1; the cell's value is their sum. The costs are
    /// convex, so an optimum never uses the twin while x is below the plan. Fixed cells add a
    /// constant.
    fn closest_to_plan(&mut self) -> Result<(Vec<f64>, f64), StageError> {
        let cells = self.model.lp.columns.len();
        let mut objective = Vec::with_capacity(cells);
        let mut split = Vec::new();
        let mut constant = 0.0;
        let bounds = self.session.lp().columns[..cells].to_vec();
        for (cell, &column) in bounds.iter().enumerate() {
            let (published, unavoidable) = self.groups.plan_target(cell, column);
            constant += unavoidable;
            if column.lower == column.upper {
                constant += (column.lower - published).abs();
            } else if published <= column.lower {
                objective.push((cell, 1.0));
                constant -= published;
            } else if published >= column.upper {
                objective.push((cell, -1.0));
                constant += published;
            } else {
                objective.push((cell, -1.0));
                constant += published;
                split.push((cell, column, published));
            }
        }
        let twins = self.session.add_twins(
            &split
                .iter()
                .map(|&(cell, column, published)| {
                    (
                        cell,
                        LpColumn {
                            lower: 0.0,
                            upper: column.upper - published,
                        },
                    )
                })
                .collect::<Vec<_>>(),
        );
        let narrowed: Vec<(usize, LpColumn)> = split
            .iter()
            .map(|&(cell, column, published)| {
                (
                    cell,
                    LpColumn {
                        lower: column.lower,
                        upper: published,
                    },
                )
            })
            .collect();
        self.session.set_columns_bounds(&narrowed);
        objective.extend(twins.clone().map(|twin| (twin, 1.0)));
        self.session.set_objective(Direction::Minimise, objective);
        let mut values = self.later_optimum("closest-to-plan")?;
        let deviation = self.session.lp().objective_value(&values) + constant;
        for (twin, &(cell, _, _)) in twins.zip(&split) {
            values[cell] += values[twin];
        }
        Ok((self.groups.expand(&values[..cells], &bounds), deviation))
    }

    fn run(mut self) -> Result<LexOutcome, StageError> {
        self.session.set_method(Method::InteriorPoint);
        let Some((_, held, tier_optimum)) = self.tiers()? else {
            return Ok(LexOutcome::Infeasible);
        };
        let model = self.model;
        let fair_ratio = model
            .tiers
            .iter()
            .zip(&held)
            .zip(&tier_optimum)
            .map(|((tier, &how), &optimum)| self.fair_cut(&tier.cells, how, optimum))
            .collect::<Result<Vec<_>, _>>()?;
        self.session
            .set_method(Method::InteriorPointWithoutPresolve);
        let (values, deviation) = self.closest_to_plan()?;
        Ok(LexOutcome::Solved(LexSolution {
            values,
            tier_optimum,
            fair_ratio,
            deviation,
        }))
    }
}

/// Solves every stage in order, with interchangeable cells merged (`aggregate`).
pub fn solve_lexicographic(model: &Model, backend: Backend) -> Result<LexOutcome, BackendError> {
    solve_lexicographic_merging(model, backend, Merge::Interchangeable)
}

/// Solves every stage in order, merging cells as asked (`Merge::Nothing` solves the model as
/// built: the cross-check of the merged solve).
pub fn solve_lexicographic_merging(
    model: &Model,
    backend: Backend,
    merge: Merge,
) -> Result<LexOutcome, BackendError> {
    let (smaller, groups) = aggregate(model, merge);
    let model = &smaller;
    let groups = &groups;
    let stages = |fix: bool| Stages {
        model,
        groups,
        session: Session::new(backend, model.lp.clone()),
        tolerance: HOLD_TOLERANCE,
        fix,
        point: Vec::new(),
    };
    let later_infeasible = |stage: &str| BackendError {
        backend: backend.name(),
        message: format!(
            "found the {stage} stage infeasible although the previous stage's optimum satisfies it"
        ),
    };
    match stages(true).run() {
        Ok(outcome) => Ok(outcome),
        Err(StageError::Backend(error)) => Err(error),
        // A tier fixed at a bound it only reached within the tolerance: hold rows instead.
        Err(StageError::LaterInfeasible(_)) => match stages(false).run() {
            Ok(outcome) => Ok(outcome),
            Err(StageError::Backend(error)) => Err(error),
            Err(StageError::LaterInfeasible(stage)) => Err(later_infeasible(stage)),
        },
    }
}

/// Adds one column d >= |x - plan| per cell (cells are columns 0..plan.len()) and returns
/// the terms of their sum, the total absolute deviation from the plan. (The staged solve
/// uses twin columns instead; the stress engine's uniqueness check uses this form.)
pub fn deviation_columns(lp: &mut LinearProgram, plan: &[f64]) -> Vec<(usize, f64)> {
    let mut sum = Vec::with_capacity(plan.len());
    for (cell, &published) in plan.iter().enumerate() {
        let deviation = lp.add_column(0.0, f64::INFINITY);
        lp.rows.push(LpRow {
            terms: vec![(deviation, 1.0), (cell, -1.0)],
            lower: -published,
            upper: f64::INFINITY,
        });
        lp.rows.push(LpRow {
            terms: vec![(deviation, 1.0), (cell, 1.0)],
            lower: published,
            upper: f64::INFINITY,
        });
        sum.push((deviation, 1.0));
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::lp::LpColumn;
    use crate::model::TierCells;

    /// Two tiers under a cap of 10: tier 1 (demand 4 + 3) is whole, tier 2 (demand 5 + 5)
    /// shares the remaining 3 in proportion.
    fn model(cap: f64) -> Model {
        let columns = [4.0, 3.0, 5.0, 5.0]
            .iter()
            .map(|&upper| LpColumn { lower: 0.0, upper })
            .collect();
        Model {
            lp: LinearProgram {
                columns,
                rows: vec![LpRow {
                    terms: (0..4).map(|c| (c, 1.0)).collect(),
                    lower: f64::NEG_INFINITY,
                    upper: cap,
                }],
                ..LinearProgram::default()
            },
            row_ids: vec![crate::constraints::ConstraintId::Cap],
            tiers: vec![
                TierCells {
                    tier: 1,
                    cells: vec![0, 1],
                },
                TierCells {
                    tier: 2,
                    cells: vec![2, 3],
                },
            ],
            plan: vec![4.0, 3.0, 3.0, 0.0],
        }
    }

    fn solved(model: &Model, fix: bool) -> LexSolution {
        let merged = solved_merging(model, fix, Merge::Interchangeable);
        let unmerged = solved_merging(model, fix, Merge::Nothing);
        assert!((merged.deviation - unmerged.deviation).abs() < SAME);
        for (a, b) in merged.values.iter().zip(&unmerged.values) {
            assert!((a - b).abs() < SAME, "{merged:?} vs {unmerged:?}");
        }
        merged
    }

    fn solved_merging(model: &Model, fix: bool, merge: Merge) -> LexSolution {
        let (model, groups) = aggregate(model, merge);
        let model = &model;
        let stages = Stages {
            model,
            groups: &groups,
            session: Session::new(Backend::Microlp, model.lp.clone()),
            tolerance: HOLD_TOLERANCE,
            fix,
            point: Vec::new(),
        };
        match stages.run() {
            Ok(LexOutcome::Solved(solution)) => solution,
            _ => panic!("solved expected"),
        }
    }

    /// Both paths hold each optimum within HOLD_TOLERANCE x max(1, |optimum|); on figures up
    /// to 10 they may differ by a few multiples of that.
    const SAME: f64 = 1e-7;

    #[test]
    fn fixing_whole_tiers_gives_the_same_optima_as_holding_them() {
        for cap in [0.0, 5.0, 10.0, 20.0] {
            let model = model(cap);
            let (fixed, held) = (solved(&model, true), solved(&model, false));
            for (a, b) in fixed.tier_optimum.iter().zip(&held.tier_optimum) {
                assert!((a - b).abs() < SAME, "cap {cap}: {fixed:?} vs {held:?}");
            }
            for (a, b) in fixed.fair_ratio.iter().zip(&held.fair_ratio) {
                assert!((a.unwrap() - b.unwrap()).abs() < SAME, "cap {cap}");
            }
            assert!((fixed.deviation - held.deviation).abs() < SAME, "cap {cap}");
            for (a, b) in fixed.values.iter().zip(&held.values) {
                assert!((a - b).abs() < SAME, "cap {cap}: {fixed:?} vs {held:?}");
            }
        }
        // Hand-worked least deviations from the plan (4, 3, 3, 0).
        for (cap, least) in [(0.0, 10.0), (5.0, 5.0), (10.0, 3.0), (20.0, 7.0)] {
            let deviation = solved(&model(cap), true).deviation;
            assert!((deviation - least).abs() < SAME, "cap {cap}: {deviation}");
        }
        let cut = solved(&model(10.0), true);
        assert_eq!(cut.fair_ratio[0], Some(1.0));
        assert!((cut.fair_ratio[1].unwrap() - 0.3).abs() < SAME, "{cut:?}");
        assert!((cut.values[2] - 1.5).abs() < SAME && (cut.values[3] - 1.5).abs() < SAME);
    }

    #[test]
    fn an_infeasible_first_stage_is_reported_as_such() {
        let mut model = model(5.0);
        model.lp.columns[0].lower = 4.0;
        model.lp.columns[2].lower = 2.0;
        assert_eq!(
            solve_lexicographic(&model, Backend::Microlp).unwrap(),
            LexOutcome::Infeasible
        );
    }
}
