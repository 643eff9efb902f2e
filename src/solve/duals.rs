//! Multipliers for the proof of an LP answer, from each tier stage's dual, and the repair of
//! a tier the proof finds short.
//!
//! Input: the proof's `Problem` (constraints, tiers, cells), a rounded allocation that keeps
//! every rule, and a backend. Output: the allocation, raised unit by unit where a tier was
//! short, and one set of multipliers per tier, for `proof::Problem::check` to verify. The
//! duals are found in `f64` (a dual program per tier, with the earlier tiers held at the
//! totals the allocation gives them) and written as decimals; nothing here is trusted: the
//! check recomputes the bound exactly.

use super::backend::{Backend, LpStatus};
use super::proof::{Problem, TierMultipliers};
use super::round::Lift;
use super::SolveError;
use crate::constraints::Sense;
use crate::model::lp::{Direction, LinearProgram, LpRow};
use crate::model::numeric::{from_f64, to_f64};
use crate::scenario::Scenario;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// Duals are written with this many decimals: the bound they give is within about
/// 10^-DECIMALS x the figures of the exact one, far below a unit of the input.
const DECIMALS: u32 = 12;

/// Constraints within this many units of binding get a multiplier (the others' would only
/// add their slack to the bound).
const NEAR: u32 = 16;

/// A repair moves at most this many units between two computations of the multipliers, and
/// computes them at most `ROUNDS` times per tier (a rounding misplaces a few units, a stage
/// held within its tolerance a few hundred at 10^8 ha with 4 decimals; more means the solver's stage was far
/// off, and the answer is refused instead).
const MOST_MOVES: u32 = 2_000;
const ROUNDS: usize = 4;

/// What makes cells alike: tier i or not, the earlier tier holding them, their coefficients.
type ClassKey = (u8, Option<usize>, Vec<(usize, Decimal)>);

/// The cells of one class: same role in the tier's proof (tier i, earlier tier j or later),
/// same coefficient in every tight constraint; they get the same reduced cost.
struct Class {
    /// 1 for tier i, 0 otherwise.
    own: f64,
    /// The earlier tier holding these cells.
    held: Option<usize>,
    /// (column of y, sign x coefficient) in the tight constraints.
    terms: Vec<(usize, f64)>,
    /// Room up to demand and down to committed, summed over the cells.
    up: f64,
    down: f64,
}

/// The multipliers of tier `i`, from an LP that minimises the gap they leave at the
/// allocation `x` (`proof`: bound - supplied = sum_k y_k slack_k + sum_c (d_c+ (u_c - x_c) +
/// d_c- (x_c - l_c))). Only constraints within `NEAR` units of binding get a multiplier, and cells
/// alike are one row, so the program is small; when every tier-i cell is at its demand the
/// zero multipliers prove it without a solve.
fn multipliers(
    problem: &Problem<'_>,
    i: usize,
    x: &[Decimal],
    backend: Backend,
) -> Result<TierMultipliers, SolveError> {
    let near = Decimal::new(1, problem.decimals) * Decimal::from(NEAR);
    multipliers_near(problem, i, x, backend, Some(near))
}

/// `multipliers`, giving a multiplier only to the constraints with less slack than `near`
/// at `x` (`None`: to every constraint, as the relaxation of a mixed-integer program needs,
/// whose optimum may rest on constraints a whole-unit answer leaves slack).
pub(crate) fn multipliers_near(
    problem: &Problem<'_>,
    i: usize,
    x: &[Decimal],
    backend: Backend,
    near: Option<Decimal>,
) -> Result<TierMultipliers, SolveError> {
    let zero = TierMultipliers {
        rows: Vec::new(),
        held: vec![Decimal::ZERO; i],
    };
    if problem.tiers[i]
        .cells
        .iter()
        .all(|&c| x[c] >= problem.cells[c].demand)
    {
        return Ok(zero);
    }
    let tight: Vec<(usize, Decimal)> = problem
        .constraints
        .iter()
        .enumerate()
        .map(|(k, constraint)| (k, constraint.slack(x)))
        .filter(|(_, slack)| near.map_or(true, |near| *slack < near))
        .collect();
    let mut lp = LinearProgram::default();
    let mut objective = Vec::new();
    let mut signature: Vec<Vec<(usize, Decimal)>> = vec![Vec::new(); problem.cells.len()];
    for (position, &(k, slack)) in tight.iter().enumerate() {
        let y = lp.add_column(0.0, f64::INFINITY);
        objective.push((y, to_f64(slack)));
        let constraint = &problem.constraints[k];
        let sign = match constraint.sense {
            Sense::AtMost => Decimal::ONE,
            Sense::AtLeast => Decimal::NEGATIVE_ONE,
        };
        for &(c, a) in &constraint.terms {
            signature[c].push((position, sign * a));
        }
    }
    let mu: Vec<usize> = (0..i).map(|_| lp.add_column(0.0, f64::INFINITY)).collect();
    let mut role = vec![(0.0, None); problem.cells.len()];
    for (j, tier) in problem.tiers[..=i].iter().enumerate() {
        for &c in &tier.cells {
            role[c] = if j == i { (1.0, None) } else { (0.0, Some(j)) };
        }
    }
    let mut classes: Vec<Class> = Vec::new();
    let mut index: HashMap<ClassKey, usize> = HashMap::new();
    for (c, terms) in signature.into_iter().enumerate() {
        let cell = &problem.cells[c];
        let (up, down) = (cell.demand - x[c], x[c] - cell.committed);
        if up.is_zero() && down.is_zero() {
            continue;
        }
        let (own, held) = role[c];
        let key = (u8::from(own > 0.0), held, terms);
        let class = *index.entry(key.clone()).or_insert_with(|| {
            classes.push(Class {
                own,
                held,
                terms: key.2.iter().map(|&(p, a)| (p, to_f64(a))).collect(),
                up: 0.0,
                down: 0.0,
            });
            classes.len() - 1
        });
        classes[class].up += to_f64(up);
        classes[class].down += to_f64(down);
    }
    for class in classes {
        let p = lp.add_column(0.0, f64::INFINITY);
        let q = lp.add_column(0.0, f64::INFINITY);
        let mut terms = class.terms;
        terms.extend(class.held.map(|j| (mu[j], -1.0)));
        terms.extend([(p, 1.0), (q, -1.0)]);
        objective.extend([(p, class.up), (q, class.down)]);
        lp.rows.push(LpRow {
            terms,
            lower: class.own,
            upper: class.own,
        });
    }
    lp.set_objective(Direction::Minimise, objective);
    let LpStatus::Optimal(values) = backend.solve(&lp)? else {
        return Ok(zero);
    };
    let decimal = |v: f64| from_f64(v.max(0.0), DECIMALS).unwrap_or_default();
    Ok(TierMultipliers {
        rows: tight
            .iter()
            .zip(&values)
            .map(|(&(k, _), &y)| (k, decimal(y)))
            .filter(|(_, y)| !y.is_zero())
            .collect(),
        held: mu.iter().map(|&column| decimal(values[column])).collect(),
    })
}

/// Each cell's reduced cost `d_c` under tier `i`'s multipliers (`proof`), in `f64`: a guide
/// for the repair, not part of any proof.
fn reduced_costs(problem: &Problem<'_>, i: usize, multipliers: &TierMultipliers) -> Vec<f64> {
    let mut reduced = vec![0.0; problem.cells.len()];
    for &c in &problem.tiers[i].cells {
        reduced[c] = 1.0;
    }
    for (tier, &mu) in problem.tiers.iter().zip(&multipliers.held) {
        for &c in &tier.cells {
            reduced[c] += to_f64(mu);
        }
    }
    for &(k, y) in &multipliers.rows {
        let constraint = &problem.constraints[k];
        let sign = match constraint.sense {
            Sense::AtMost => 1.0,
            Sense::AtLeast => -1.0,
        };
        for &(c, a) in &constraint.terms {
            reduced[c] -= sign * to_f64(y) * to_f64(a);
        }
    }
    reduced
}

/// Finds each tier's multipliers in turn and, where they show the tier short of its optimum,
/// raises it unit by unit (taking from later tiers where a rule requires) until they prove
/// it or no move is left (then the check reports the tier).
pub fn prove(
    scenario: &Scenario,
    problem: &Problem<'_>,
    allocation: Vec<Decimal>,
    backend: Backend,
) -> Result<(Vec<Decimal>, Vec<TierMultipliers>), SolveError> {
    let unit = Decimal::new(1, problem.decimals);
    let mut lift = Lift::new(scenario, problem.constraints, allocation, unit);
    let mut all = Vec::with_capacity(problem.tiers.len());
    let mut tier_of = vec![None; problem.cells.len()];
    for (j, tier) in problem.tiers.iter().enumerate() {
        for &c in &tier.cells {
            tier_of[c] = Some(j);
        }
    }
    for i in 0..problem.tiers.len() {
        // Every cell may move: an earlier tier's units only between its own cells.
        let movable = vec![true; problem.cells.len()];
        let mut found = multipliers(problem, i, lift.allocation(), backend)?;
        for _ in 0..ROUNDS {
            let Err(unproven) = problem.check_tier(lift.allocation(), i, &found) else {
                break;
            };
            // As many units as the bound says the tier lacks, then fresh multipliers.
            let short = unproven
                .bound
                .map_or(Decimal::ONE, |bound| {
                    ((bound - unproven.supplied) / unit).floor()
                })
                .clamp(Decimal::ONE, Decimal::from(MOST_MOVES));
            let reduced = reduced_costs(problem, i, &found);
            let mut moved = false;
            for _ in 0..short.to_u64().unwrap_or(1) {
                if !lift.lift(i, &tier_of, &movable, &reduced) {
                    break;
                }
                moved = true;
            }
            if !moved {
                break;
            }
            found = multipliers(problem, i, lift.allocation(), backend)?;
        }
        all.push(found);
    }
    Ok((lift.into_allocation(), all))
}
