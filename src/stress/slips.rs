//! Readiness slips (五（四）): a parcel not ready by its quarter, with a given probability,
//! beside the demand shocks of a stress test, and the parcel plan under both.
//!
//! Input: the rows of `uncertainty.csv` whose target is a parcel (`parcel:ID`, or `parcel:*`
//! for every parcel), written `parcel:ID,slip,P,,Q`: with probability `P` (0 to 1, or a
//! percentage) the parcel is ready `Q` quarters later than `parcels.csv` says (a whole number
//! from 1; past Q4 it is not ready this year); the last matching row wins. Then the parcels,
//! the scenario, the demand `SamplingPlan`, a seed and a number of samples. Output: a
//! `ParcelStress`: per tier how often its supply reaches the unshocked parcel plan's, and
//! the lowest, mean and highest supply; per parcel how often it slipped and how often it was
//! deferred. Sample i's slips come from ChaCha8 keyed by the seed on a stream of its own
//! (distinct from the demand draws' streams), one draw per slipping parcel in file order, so
//! a sample gives the same slips on any thread; totals are exact integer and decimal sums,
//! so the summary is the same for any thread count. Nothing here renders.

use super::sample::SamplingPlan;
use crate::load::table::Record;
use crate::parcels::{plan, Parcels, PlanOptions, PlanOutcome, Quarter, Readiness};
use crate::problem::{Origin, Problem, Problems};
use crate::scenario::Scenario;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::Serialize;

/// The distribution word of a slip row.
const SLIP: &[&str] = &["slip", "延迟", "推迟"];
/// Added to a sample's number to give its slips a stream of their own.
const STREAM: u64 = 1 << 63;

/// Whether an `uncertainty.csv` target names parcels (the row is a slip, not a demand).
pub fn is_slip_target(target: &str) -> bool {
    crate::whatif::parcel_target(target).is_some()
}

/// One slip row.
#[derive(Debug, Clone, PartialEq)]
pub struct Slip {
    pub origin: Origin,
    /// The parcel's number, or `*` for every parcel.
    pub parcel: String,
    /// 0 to 1.
    pub probability: Decimal,
    /// Quarters later, from 1.
    pub quarters: u8,
}

/// The slip rows of an `uncertainty.csv` (the demand rows are `uncertainty::parse`'s).
pub fn parse(shown: &str, bytes: &[u8]) -> Result<Vec<Slip>, Problems> {
    let mut problems = Vec::new();
    let Some((table, _)) =
        crate::load::read_table(shown, bytes, super::uncertainty::COLUMNS, &mut problems)
    else {
        return Err(Problems::sorted(problems));
    };
    let slips = table
        .records
        .iter()
        .filter_map(|record| slip_row(&table, record, &mut problems))
        .collect();
    if problems.is_empty() {
        Ok(slips)
    } else {
        Err(Problems::sorted(problems))
    }
}

fn slip_row(
    table: &crate::load::table::Table,
    record: &Record,
    problems: &mut Vec<Problem>,
) -> Option<Slip> {
    let mut row = table.row(record, problems);
    let target = row.text("target")?;
    let parcel = crate::whatif::parcel_target(&target)?.to_string();
    let origin = row.origin();
    let distribution = row.text("distribution").unwrap_or_default();
    if !SLIP.contains(&crate::names::normalize(&distribution).as_str()) {
        invalid(
            &mut row,
            "distribution",
            distribution,
            "slip, for a parcel target",
        );
        return None;
    }
    let low = row.text("low").unwrap_or_default();
    let probability = match crate::number::split_percent(&low) {
        (percent, true) => crate::number::parse_decimal(percent)
            .ok()
            .map(|p| p / Decimal::ONE_HUNDRED),
        (number, false) => crate::number::parse_decimal(number).ok(),
    }
    .filter(|p| *p >= Decimal::ZERO && *p <= Decimal::ONE);
    let high = row.text("high").unwrap_or_default();
    let quarters = crate::number::parse_decimal(&high)
        .ok()
        .filter(|q| q.fract().is_zero())
        .and_then(|q| q.to_u8())
        .filter(|q| *q >= 1);
    if probability.is_none() {
        invalid(
            &mut row,
            "low",
            low,
            "the probability of a slip, 0 to 1 (or 0% to 100%)",
        );
    }
    if quarters.is_none() {
        invalid(
            &mut row,
            "high",
            high,
            "the quarters a parcel slips by, a whole number from 1",
        );
    }
    Some(Slip {
        origin,
        parcel,
        probability: probability?,
        quarters: quarters?,
    })
}

fn invalid(row: &mut crate::load::table::Row<'_>, column: &str, got: String, expected: &str) {
    let problem = Problem::new(row.origin(), "invalid value")
        .column(column)
        .got(got)
        .expected(expected);
    row.push(problem);
}

/// Each parcel's slip, if any: (probability, quarters).
#[derive(Debug, Clone, PartialEq)]
pub struct SlipPlan {
    per_parcel: Vec<Option<(f64, u8)>>,
}

impl SlipPlan {
    /// The slips of `parcels` (the last matching row wins); a row naming no parcel is a
    /// problem.
    pub fn new(slips: &[Slip], parcels: &Parcels) -> Result<SlipPlan, Problems> {
        let mut per_parcel = vec![None; parcels.parcels.len()];
        let mut problems = Vec::new();
        for slip in slips {
            let key = crate::names::normalize(&slip.parcel);
            let chance = slip.probability.to_f64().unwrap_or(0.0);
            let mut matched = false;
            for (p, parcel) in parcels.parcels.iter().enumerate() {
                if slip.parcel == "*" || crate::names::normalize(&parcel.id) == key {
                    per_parcel[p] = Some((chance, slip.quarters));
                    matched = true;
                }
            }
            if !matched {
                problems.push(
                    Problem::new(slip.origin.clone(), "no such parcel")
                        .column("target")
                        .got(slip.parcel.as_str())
                        .expected("parcel:ID of a parcel in parcels.csv, or parcel:*"),
                );
            }
        }
        if problems.is_empty() {
            Ok(SlipPlan { per_parcel })
        } else {
            Err(Problems::sorted(problems))
        }
    }

    /// How many parcels may slip.
    pub fn slipping(&self) -> usize {
        self.per_parcel
            .iter()
            .filter(|slip| slip.is_some_and(|(chance, _)| chance > 0.0))
            .count()
    }

    /// Sample `sample`'s readiness of every parcel, and which slipped.
    pub fn readiness(&self, parcels: &Parcels, seed: u64, sample: u64) -> Vec<(Readiness, bool)> {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(sample | STREAM);
        parcels
            .parcels
            .iter()
            .zip(&self.per_parcel)
            .map(|(parcel, slip)| match slip {
                Some((chance, quarters)) if rng.random::<f64>() < *chance => {
                    (later(parcel.ready, *quarters), true)
                }
                _ => (parcel.ready, false),
            })
            .collect()
    }
}

/// The parcels with a sample's readiness (from `SlipPlan::readiness`).
pub fn slipped(parcels: &Parcels, readiness: &[(Readiness, bool)]) -> Parcels {
    let mut slipped = parcels.clone();
    for (parcel, (ready, _)) in slipped.parcels.iter_mut().zip(readiness) {
        parcel.ready = *ready;
        // A committed parcel that slips out of the year can no longer be promised this year.
        parcel.committed &= *ready != Readiness::AfterYear;
    }
    slipped
}

/// A readiness `quarters` later; past Q4, not ready this year.
fn later(ready: Readiness, quarters: u8) -> Readiness {
    match ready {
        Readiness::From(q) => q
            .number()
            .checked_add(quarters)
            .and_then(Quarter::new)
            .map_or(Readiness::AfterYear, Readiness::From),
        Readiness::AfterYear => Readiness::AfterYear,
    }
}

/// One tier under slips and shocks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TierOdds {
    pub tier: u32,
    /// The unshocked parcel plan's supply of the tier.
    pub planned: Decimal,
    /// Samples whose supply of the tier reaches `planned`.
    pub full: u64,
    pub lowest: Decimal,
    pub mean: Decimal,
    pub highest: Decimal,
}

/// One parcel under slips and shocks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParcelOdds {
    pub parcel: String,
    pub slipped: u64,
    pub deferred: u64,
}

/// The parcel plan under readiness slips and demand shocks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParcelStress {
    pub samples: u64,
    pub seed: u64,
    /// Samples with no whole-parcel plan (counted in no tier).
    pub infeasible: u64,
    pub tiers: Vec<TierOdds>,
    pub parcels: Vec<ParcelOdds>,
}

/// One sample's outcome: per tier its supply (`None`: infeasible), per parcel (slipped,
/// deferred).
struct Drawn {
    tiers: Option<Vec<Decimal>>,
    parcels: Vec<(bool, bool)>,
}

/// Plans the parcels under `samples` draws of slips and demand.
#[allow(clippy::too_many_arguments)]
pub fn run(
    scenario: &Scenario,
    parcels: &Parcels,
    slips: &SlipPlan,
    demand: &SamplingPlan,
    seed: u64,
    samples: u64,
    options: PlanOptions,
) -> Result<ParcelStress, crate::parcels::plan::Uncertified> {
    let planned = tier_supply(&plan(scenario, parcels, options)?);
    let drawn: Vec<Drawn> = (0..samples)
        .into_par_iter()
        .map(|sample| draw(scenario, parcels, slips, demand, seed, sample, options))
        .collect::<Result<_, _>>()?;
    let tiers = scenario.tiers();
    let planned = planned.unwrap_or_else(|| vec![Decimal::ZERO; tiers.len()]);
    let feasible: Vec<&Vec<Decimal>> = drawn.iter().filter_map(|d| d.tiers.as_ref()).collect();
    let odds = tiers
        .iter()
        .enumerate()
        .map(|(t, &tier)| {
            let values: Vec<Decimal> = feasible.iter().map(|s| s[t]).collect();
            let count = Decimal::from(values.len().max(1));
            TierOdds {
                tier,
                planned: planned[t],
                full: values.iter().filter(|v| **v >= planned[t]).count() as u64,
                lowest: values.iter().copied().min().unwrap_or_default(),
                mean: values.iter().copied().sum::<Decimal>() / count,
                highest: values.iter().copied().max().unwrap_or_default(),
            }
        })
        .collect();
    let parcel_odds = parcels
        .parcels
        .iter()
        .enumerate()
        .map(|(p, parcel)| ParcelOdds {
            parcel: parcel.id.clone(),
            slipped: drawn.iter().filter(|d| d.parcels[p].0).count() as u64,
            deferred: drawn.iter().filter(|d| d.parcels[p].1).count() as u64,
        })
        .collect();
    Ok(ParcelStress {
        samples,
        seed,
        infeasible: (drawn.len() - feasible.len()) as u64,
        tiers: odds,
        parcels: parcel_odds,
    })
}

fn draw(
    scenario: &Scenario,
    parcels: &Parcels,
    slips: &SlipPlan,
    demand: &SamplingPlan,
    seed: u64,
    sample: u64,
    options: PlanOptions,
) -> Result<Drawn, crate::parcels::plan::Uncertified> {
    let mut shocked = scenario.clone();
    let mut demands = vec![Decimal::ZERO; scenario.cells.len()];
    demand.demands(scenario, seed, sample, &mut demands);
    for (cell, value) in shocked.cells.iter_mut().zip(demands) {
        cell.demand = value;
    }
    let readiness = slips.readiness(parcels, seed, sample);
    let slipped = slipped(parcels, &readiness);
    let outcome = plan(&shocked, &slipped, options)?;
    let deferred: Vec<bool> = match &outcome {
        PlanOutcome::Planned(p) => p
            .decisions
            .iter()
            .map(|d| matches!(d, crate::parcels::Decision::Deferred { .. }))
            .collect(),
        PlanOutcome::Infeasible(_) => vec![true; parcels.parcels.len()],
    };
    Ok(Drawn {
        tiers: tier_supply(&outcome),
        parcels: readiness
            .iter()
            .zip(deferred)
            .map(|((_, s), d)| (*s, d))
            .collect(),
    })
}

fn tier_supply(outcome: &PlanOutcome) -> Option<Vec<Decimal>> {
    match outcome {
        PlanOutcome::Planned(plan) => Some(plan.tiers.iter().map(|t| t.supplied).collect()),
        PlanOutcome::Infeasible(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<String> {
        parse("u.csv", text.as_bytes())
            .unwrap_err()
            .0
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn slip_rows_are_read_and_checked_and_demand_rows_left_alone() {
        let text = "target,distribution,low,mode,high\n*,uniform,0.9,,1.1\nparcel:A1,slip,25%,,2\n";
        let slips = parse("u.csv", text.as_bytes()).unwrap();
        assert_eq!(slips.len(), 1);
        assert_eq!(slips[0].probability, Decimal::new(25, 2));
        assert_eq!(slips[0].quarters, 2);
        assert_eq!(
            problems("target,distribution,low,mode,high\nparcel:A1,uniform,0.5,,1\nparcel:A2,slip,1.5,,0\n"),
            [
                "u.csv:2: column 'distribution': invalid value (got 'uniform', expected slip, for a parcel target)",
                "u.csv:3: column 'high': invalid value (got '0', expected the quarters a parcel slips by, a whole number from 1)",
                "u.csv:3: column 'low': invalid value (got '1.5', expected the probability of a slip, 0 to 1 (or 0% to 100%))",
            ]
        );
    }

    #[test]
    fn a_slip_moves_readiness_by_whole_quarters_and_out_of_the_year() {
        let q = |n| Readiness::From(Quarter::new(n).unwrap());
        assert_eq!(later(q(2), 1), q(3));
        assert_eq!(later(q(3), 2), Readiness::AfterYear);
        assert_eq!(later(Readiness::AfterYear, 1), Readiness::AfterYear);
    }
}
