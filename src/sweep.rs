//! Stage 5c, sweep: one figure moved across a range, and the exact values where things change.
//!
//! Input: a validated `Scenario`, the parameter (`cap`, `demand:TARGET` = the total demand of
//! a target's cells, `capacity:TOWN`), a range and a number of steps. Output: a `SweepReport`:
//! each tier's supply at every grid value, and the break points: for each tier the value at
//! which it starts (or stops) being cut, where the cap starts (or stops) binding and where the
//! scenario turns infeasible, each found by bisection between the grid values where the state
//! changes, down to one unit of the input's last decimal, so the break lies between two
//! values one unit apart that were both solved. Every state comes from a certified solve
//! (`solve::engine`), and "infeasible" only as confirmed by `solve::solve`. With a parcel
//! list, `parcel_plans` plans the whole parcels at every grid value too (`parcels::plan`,
//! certified, each tier with its proof or its gap), for the report to set beside the
//! continuous figures. Nothing here reads files or formats.

use crate::constraints::ConstraintId;
use crate::parcels::plan::Uncertified;
use crate::parcels::{Parcels, PlanOptions, PlanOutcome};
use crate::scenario::{Scenario, TownId};
use crate::solve::backend::Backend;
use crate::solve::engine::{Engine, SolverPath};
use crate::solve::{Outcome, SolveError, SolveOptions, Status};
use crate::target::{select, Target};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;
use std::collections::BTreeMap;

/// The figure a sweep moves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Param {
    /// The total cap.
    Cap,
    /// The total demand of a target's cells, split over them in proportion to their
    /// flexible demand (demand - committed; equally when they have none).
    Demand { target: String, cells: Vec<usize> },
    /// A town's capacity.
    Capacity { town: TownId },
}

impl Param {
    /// Reads `cap`, `demand:TARGET` or `capacity:TOWN` against a scenario.
    pub fn parse(text: &str, scenario: &Scenario) -> Result<Param, String> {
        let (kind, rest) = match text.split_once(':') {
            Some((kind, rest)) => (kind.trim(), Some(rest.trim())),
            None => (text.trim(), None),
        };
        match (kind, rest) {
            ("cap", None) => Ok(Param::Cap),
            ("demand", Some(target)) => {
                let selection = select(&Target::parse(target), scenario)?;
                let cells = selection.cells(scenario);
                if cells.is_empty() {
                    return Err(format!("'{target}' matches no cell of the scenario"));
                }
                Ok(Param::Demand {
                    target: target.to_string(),
                    cells,
                })
            }
            ("capacity", Some(town)) => {
                let selection = select(&Target::parse(town), scenario)?;
                match selection.towns.as_slice() {
                    [town] if selection.town_level => Ok(Param::Capacity { town: *town }),
                    _ => Err(format!("'{town}' is not exactly one town")),
                }
            }
            _ => Err(format!(
                "unknown parameter '{text}' (expected cap, demand:TARGET or capacity:TOWN)"
            )),
        }
    }

    /// The parameter as the user names it.
    pub fn label(&self, scenario: &Scenario) -> String {
        match self {
            Param::Cap => "cap".to_string(),
            Param::Demand { target, .. } => format!("demand:{target}"),
            Param::Capacity { town } => format!("capacity:{}", scenario.town(*town).name),
        }
    }

    /// The least value the parameter may take.
    fn least(&self, scenario: &Scenario) -> Decimal {
        match self {
            Param::Demand { cells, .. } => cells.iter().map(|&c| scenario.cells[c].committed).sum(),
            Param::Cap | Param::Capacity { .. } => Decimal::ZERO,
        }
    }

    /// The scenario with the parameter set to `value` (at `scale` decimals).
    pub fn apply(&self, base: &Scenario, value: Decimal, scale: u32) -> Scenario {
        let mut scenario = base.clone();
        match self {
            Param::Cap => scenario.settings.cap = value,
            Param::Capacity { town } => scenario.towns[town.0].capacity = Some(value),
            Param::Demand { cells, .. } => {
                let demands = split(base, cells, value, scale);
                for (&cell, demand) in cells.iter().zip(demands) {
                    scenario.cells[cell].demand = demand;
                }
            }
        }
        scenario
    }
}

/// Splits a total demand over cells: committed land first, the rest in proportion to each
/// cell's flexible demand, rounded to `scale` by largest remainder so the total is exact.
fn split(base: &Scenario, cells: &[usize], total: Decimal, scale: u32) -> Vec<Decimal> {
    let committed: Vec<Decimal> = cells.iter().map(|&c| base.cells[c].committed).collect();
    let mut weight: Vec<Decimal> = cells
        .iter()
        .map(|&c| base.cells[c].demand - base.cells[c].committed)
        .collect();
    if weight.iter().all(|w| w.is_zero()) {
        weight = vec![Decimal::ONE; cells.len()];
    }
    let weights: Decimal = weight.iter().sum();
    let extra = (total - committed.iter().sum::<Decimal>()).max(Decimal::ZERO);
    let shares: Vec<Decimal> = weight.iter().map(|w| extra * *w / weights).collect();
    let floors: Vec<Decimal> = shares
        .iter()
        .map(|s| s.round_dp_with_strategy(scale, RoundingStrategy::ToZero))
        .collect();
    let unit = Decimal::new(1, scale);
    let mut left = extra - floors.iter().sum::<Decimal>();
    let mut order: Vec<usize> = (0..cells.len()).collect();
    order.sort_by(|&a, &b| {
        (shares[b] - floors[b])
            .cmp(&(shares[a] - floors[a]))
            .then(a.cmp(&b))
    });
    let mut demand: Vec<Decimal> = committed.iter().zip(&floors).map(|(k, f)| k + f).collect();
    for index in order {
        if left < unit {
            break;
        }
        demand[index] += unit;
        left -= unit;
    }
    demand.into_iter().map(|d| d.normalize()).collect()
}

/// How to sweep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SweepOptions {
    pub param: Param,
    pub from: Decimal,
    pub to: Decimal,
    /// Intervals between `from` and `to` (steps + 1 grid values).
    pub steps: u32,
    pub backend: Backend,
}

/// The scenario at one value of the parameter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "lowercase")]
pub enum State {
    Optimal {
        /// Each tier's supply, in tier order.
        supply: Vec<Decimal>,
        /// Each tier's shortfall (demand not supplied), in tier order.
        shortfall: Vec<Decimal>,
        cap_binds: bool,
    },
    /// Confirmed by `solve::solve`.
    Infeasible,
}

/// What can change along a sweep.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(tag = "event", content = "tier", rename_all = "snake_case")]
pub enum Event {
    /// Whether the tier is cut (gets less than its demand).
    TierCut(u32),
    /// Whether the total cap binds.
    CapBinds,
    /// Whether the scenario is infeasible.
    Infeasible,
}

impl Event {
    /// The event's truth in a state; `None` when the state says nothing about it.
    pub fn holds(self, state: &State, tiers: &[u32]) -> Option<bool> {
        match (self, state) {
            (Event::Infeasible, state) => Some(*state == State::Infeasible),
            (_, State::Infeasible) => None,
            (Event::CapBinds, State::Optimal { cap_binds, .. }) => Some(*cap_binds),
            (Event::TierCut(tier), State::Optimal { shortfall, .. }) => tiers
                .iter()
                .position(|t| *t == tier)
                .map(|i| !shortfall[i].is_zero()),
        }
    }
}

/// A change between two values one unit apart, both solved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BreakPoint {
    pub event: Event,
    /// The last value (coming from `from`) with the earlier state.
    pub last: Decimal,
    /// The first value with the new state.
    pub first: Decimal,
    /// Whether the event held at `last` and at `first`.
    pub before: bool,
    pub after: bool,
    /// The solved states at `last` and at `first`.
    pub last_state: State,
    pub first_state: State,
}

/// One grid value and its state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Point {
    pub value: Decimal,
    pub state: State,
}

/// Everything `landplan sweep` reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SweepReport {
    pub param: String,
    pub tiers: Vec<u32>,
    /// One unit of the last decimal: how close the break points are.
    pub precision: Decimal,
    pub path: SolverPath,
    pub points: Vec<Point>,
    pub breaks: Vec<BreakPoint>,
    /// Solves done, grid and bisection together.
    pub solves: usize,
}

/// Why a sweep could not run.
#[derive(Debug, thiserror::Error)]
pub enum SweepError {
    #[error("{0}")]
    Invalid(String),
    #[error("at {value}: {source}")]
    Solve {
        value: Decimal,
        #[source]
        source: SolveError,
    },
}

/// Solves at values of the parameter, each value once.
struct Prober<'a> {
    base: &'a Scenario,
    options: &'a SweepOptions,
    scale: u32,
    seen: BTreeMap<Decimal, State>,
    path: SolverPath,
}

impl Prober<'_> {
    fn state(&mut self, value: Decimal) -> Result<State, SweepError> {
        if let Some(state) = self.seen.get(&value) {
            return Ok(state.clone());
        }
        let scenario = self.options.param.apply(self.base, value, self.scale);
        let fail = |source| SweepError::Solve { value, source };
        let engine = Engine::new(&scenario, self.options.backend);
        // The most general path any value took: LP over flow over the tree.
        match (engine.path(), self.path) {
            (_, SolverPath::Lp) | (SolverPath::Laminar, _) => {}
            (path, _) => self.path = path,
        }
        let state = match engine.allocate(&scenario).map_err(fail)? {
            Outcome::Optimal(allocated) => state_of(&allocated.evaluation),
            Outcome::Infeasible => {
                let solve = SolveOptions {
                    backend: self.options.backend,
                    marginal_values: false,
                };
                let report = crate::solve::solve(&scenario, &solve).map_err(fail)?;
                match (report.status(), report.allocated()) {
                    (Status::Optimal, Some(allocated)) => state_of(&allocated.evaluation),
                    _ => State::Infeasible,
                }
            }
        };
        self.seen.insert(value, state.clone());
        Ok(state)
    }
}

fn state_of(evaluation: &crate::evaluate::Evaluation) -> State {
    State::Optimal {
        supply: evaluation.tier_supply(),
        shortfall: evaluation
            .tiers
            .iter()
            .map(|t| t.totals.shortfall())
            .collect(),
        cap_binds: evaluation
            .constraints
            .iter()
            .any(|c| c.id == ConstraintId::Cap && c.binding()),
    }
}

/// The grid: `steps` + 1 values from `from` to `to`, at `scale` decimals.
fn grid(from: Decimal, to: Decimal, steps: u32, scale: u32) -> Vec<Decimal> {
    (0..=steps)
        .map(|k| {
            (from + (to - from) * Decimal::from(k) / Decimal::from(steps))
                .round_dp(scale)
                .normalize()
        })
        .collect()
}

/// Sweeps the parameter and finds every break point between grid values.
pub fn sweep(scenario: &Scenario, options: &SweepOptions) -> Result<SweepReport, SweepError> {
    let least = options.param.least(scenario);
    if options.steps == 0 {
        return Err(SweepError::Invalid(
            "--steps must be at least 1".to_string(),
        ));
    }
    if options.from.min(options.to) < least {
        return Err(SweepError::Invalid(format!(
            "{} cannot go below {} (the committed land it covers)",
            options.param.label(scenario),
            crate::number::show(least)
        )));
    }
    let scale = [
        scenario.scale(),
        options.from.normalize().scale(),
        options.to.normalize().scale(),
    ]
    .into_iter()
    .max()
    .unwrap_or(0);
    let tiers = scenario.tiers();
    let mut prober = Prober {
        base: scenario,
        options,
        scale,
        seen: BTreeMap::new(),
        path: SolverPath::Laminar,
    };
    let values = grid(options.from, options.to, options.steps, scale);
    let mut points = Vec::with_capacity(values.len());
    for &value in &values {
        points.push(Point {
            value,
            state: prober.state(value)?,
        });
    }
    let events = tiers
        .iter()
        .map(|&t| Event::TierCut(t))
        .chain([Event::CapBinds, Event::Infeasible]);
    let mut breaks = Vec::new();
    for event in events {
        for pair in points.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            let (Some(was), Some(now)) =
                (event.holds(&a.state, &tiers), event.holds(&b.state, &tiers))
            else {
                continue;
            };
            if was != now {
                breaks.push(bisect(&mut prober, event, &tiers, a.value, b.value, was)?);
            }
        }
    }
    // In the sweep's direction: nearest to `from` first.
    breaks.sort_by_key(|b| ((b.last - options.from).abs(), b.event));
    Ok(SweepReport {
        param: options.param.label(scenario),
        tiers,
        precision: Decimal::new(1, scale),
        path: prober.path,
        points,
        solves: prober.seen.len(),
        breaks,
    })
}

/// The whole-parcel plan at every grid value of a sweep, in the order of `report.points`:
/// the parcels planned under the scenario with the parameter at that value (a demand
/// parameter's cells may then receive only their new demand).
pub fn parcel_plans(
    scenario: &Scenario,
    options: &SweepOptions,
    report: &SweepReport,
    parcels: &Parcels,
    plan: PlanOptions,
) -> Result<Vec<PlanOutcome>, Uncertified> {
    let scale = report.precision.scale();
    report
        .points
        .iter()
        .map(|point| {
            let at = options.param.apply(scenario, point.value, scale);
            crate::parcels::plan(&at, parcels, plan)
        })
        .collect()
}

/// Narrows `last`..`first` (where `event` goes from `was` to something else) to one unit.
fn bisect(
    prober: &mut Prober<'_>,
    event: Event,
    tiers: &[u32],
    mut last: Decimal,
    mut first: Decimal,
    was: bool,
) -> Result<BreakPoint, SweepError> {
    let unit = Decimal::new(1, prober.scale);
    while (first - last).abs() > unit {
        let middle = (last + (first - last) / Decimal::TWO)
            .round_dp_with_strategy(prober.scale, RoundingStrategy::ToZero)
            .normalize();
        let middle = if middle == last || middle == first {
            if first > last {
                last + unit
            } else {
                last - unit
            }
        } else {
            middle
        };
        if event.holds(&prober.state(middle)?, tiers) == Some(was) {
            last = middle;
        } else {
            first = middle;
        }
    }
    let first_state = prober.state(first)?;
    let after = event.holds(&first_state, tiers);
    Ok(BreakPoint {
        event,
        last,
        first,
        before: was,
        after: after.unwrap_or(!was),
        last_state: prober.state(last)?,
        first_state,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::load;
    use crate::validate::validate;

    fn lianzhou() -> Scenario {
        validate(&load(&crate::builtin::lianzhou()).unwrap()).scenario
    }

    #[test]
    fn a_total_demand_is_split_exactly_in_proportion() {
        let scenario = lianzhou();
        let Param::Demand { cells, .. } = Param::parse("demand:*/工矿仓储用地", &scenario).unwrap()
        else {
            panic!("a demand parameter")
        };
        let total = Decimal::new(100_000_001, 6);
        let demands = split(&scenario, &cells, total, 6);
        assert_eq!(demands.iter().sum::<Decimal>(), total);
        assert!(demands.iter().all(|d| d.scale() <= 6));
    }

    #[test]
    fn parameters_are_read_against_the_scenario() {
        let scenario = lianzhou();
        assert_eq!(Param::parse("cap", &scenario), Ok(Param::Cap));
        assert!(matches!(
            Param::parse("capacity:九陂镇", &scenario),
            Ok(Param::Capacity { .. })
        ));
        assert!(Param::parse("capacity:住宅用地", &scenario).is_err());
        assert!(Param::parse("demand:无名镇", &scenario).is_err());
        assert!(Param::parse("budget", &scenario).is_err());
    }
}
