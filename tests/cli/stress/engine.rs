//! The fast path of `landplan stress` and `sweep` against the staged LP of `solve::allocate`,
//! on random scenarios whose limits nest (caps, category maxima, rules over whole categories,
//! or town capacities): the same tier totals exactly, fair ratios and deviation from the plan
//! as good, every answer certified, and the same cells wherever the LP optimum is unique
//! (checked by minimising and maximising each cell with every stage held).

use crate::common::scenario;
use landplan::model::lp::{Direction, LpRow};
use landplan::solve::backend::{Backend, LpStatus};
use landplan::solve::engine::{Engine, SolverPath};
use landplan::solve::{allocate_lp as allocate, Allocated, Outcome};
use landplan::Scenario;
use proptest::prelude::*;
use rust_decimal::Decimal;

/// (town, category, plan cents, demand cents, committed share in %).
type CellSpec = (usize, usize, u32, u32, u32);

#[derive(Debug, Clone)]
pub struct Spec {
    tiers: Vec<u32>,
    towns: usize,
    cells: Vec<CellSpec>,
    pub cap: u32,
    /// Town capacities (the other limits are then left out, so the limits nest).
    capacities: Option<Vec<Option<u32>>>,
    category_max: Vec<Option<u32>>,
    /// A max rule over the first `n` categories.
    rule: Option<(usize, u32)>,
    /// Keep the category limits beside town capacities: limits that cross (a flow network).
    crossing: bool,
}

fn cents(value: u32) -> String {
    Decimal::new(i64::from(value), 2).to_string()
}

impl Spec {
    pub fn build(&self) -> Scenario {
        let by_category = self.capacities.is_none() || self.crossing;
        let categories: String = self
            .tiers
            .iter()
            .enumerate()
            .map(|(c, tier)| {
                let max = self.category_max[c].filter(|_| by_category);
                format!("C{c},{tier},,,{}\n", max.map(cents).unwrap_or_default())
            })
            .collect();
        let towns: String = (0..self.towns)
            .map(|t| {
                let capacity = self.capacities.as_ref().and_then(|c| c[t]);
                format!("T{t},,{}\n", capacity.map(cents).unwrap_or_default())
            })
            .collect();
        let mut seen = std::collections::BTreeSet::new();
        let mut cells = String::new();
        for &(town, category, plan, demand, pct) in &self.cells {
            if seen.insert((town, category)) {
                let committed = demand * pct / 100;
                cells.push_str(&format!(
                    "T{town},C{category},{},{},{}\n",
                    cents(plan),
                    cents(demand),
                    cents(committed)
                ));
            }
        }
        let rules = match self.rule {
            Some((n, value)) if by_category => {
                let names: Vec<String> = (0..n.min(self.tiers.len()))
                    .map(|c| format!("C{c}"))
                    .collect();
                format!("r,{},*,max,{}\n", names.join(";"), cents(value))
            }
            _ => String::new(),
        };
        scenario(
            &format!("cap,{}\n", cents(self.cap)),
            &categories,
            &towns,
            &cells,
            &rules,
        )
    }
}

pub fn spec() -> impl Strategy<Value = Spec> {
    specs(false)
}

/// Town capacities with category maxima and a rule over categories: crossing limits.
pub fn crossing_spec() -> impl Strategy<Value = Spec> {
    specs(true)
}

fn specs(crossing: bool) -> impl Strategy<Value = Spec> {
    (1usize..=4, 1usize..=4).prop_flat_map(move |(categories, towns)| {
        let cell = (
            0..towns,
            0..categories,
            0u32..2000,
            0u32..2000,
            prop_oneof![3 => Just(0u32), 1 => 0u32..=100],
        );
        let optional = |n: usize| {
            proptest::collection::vec(
                prop_oneof![2 => Just(None), 1 => (0u32..3000).prop_map(Some)],
                n,
            )
        };
        (
            proptest::collection::vec(1u32..=3, categories),
            Just(towns),
            proptest::collection::vec(cell, 1..=10),
            0u32..8000,
            if crossing {
                optional(towns).prop_map(Some).boxed()
            } else {
                proptest::option::of(optional(towns)).boxed()
            },
            optional(categories),
            proptest::option::of((1..=categories, 0u32..4000)),
        )
            .prop_map(
                move |(tiers, towns, cells, cap, capacities, category_max, rule)| Spec {
                    tiers,
                    towns,
                    cells,
                    cap,
                    capacities,
                    category_max,
                    rule,
                    crossing,
                },
            )
    })
}

/// Smallest and largest value of a cell over the LP's optimal face (every stage held).
fn cell_range(scenario: &Scenario, lp_answer: &Allocated, cell: usize) -> (f64, f64) {
    let model = landplan::model::build(scenario);
    let mut lp = model.lp.clone();
    let stages = &lp_answer.stages;
    for (tier, optimum) in model.tiers.iter().zip(&stages.tier_optimum) {
        lp.rows.push(LpRow {
            terms: tier.cells.iter().map(|&c| (c, 1.0)).collect(),
            lower: optimum - 1e-7,
            upper: f64::INFINITY,
        });
    }
    for (tier, ratio) in model.tiers.iter().zip(&stages.fair_ratio) {
        let Some(ratio) = ratio else { continue };
        for &c in &tier.cells {
            let column = model.lp.columns[c];
            if column.upper - column.lower > 1e-12 {
                lp.rows.push(LpRow {
                    terms: vec![(c, 1.0)],
                    lower: column.lower + (ratio - 1e-7) * (column.upper - column.lower),
                    upper: f64::INFINITY,
                });
            }
        }
    }
    let deviation = landplan::solve::lexicographic::deviation_columns(&mut lp, &model.plan);
    lp.rows.push(LpRow {
        terms: deviation,
        lower: f64::NEG_INFINITY,
        upper: stages.deviation + 1e-6,
    });
    let mut extreme = |direction| {
        lp.set_objective(direction, vec![(cell, 1.0)]);
        match Backend::Microlp.solve(&lp).unwrap() {
            LpStatus::Optimal(values) => values[cell],
            other => panic!("the optimal face is not empty: {other:?}"),
        }
    };
    (extreme(Direction::Minimise), extreme(Direction::Maximise))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn the_fast_path_is_as_exact_as_the_staged_lp(spec in spec()) {
        as_exact_as_the_staged_lp(&spec, &[SolverPath::Laminar])?;
    }

    /// Town capacities crossing category maxima: the flow stages (or, where committed land
    /// breaks a limit or the answer breaks the rule across tiers, the LP).
    #[test]
    fn the_flow_stages_are_as_exact_as_the_staged_lp(spec in crossing_spec()) {
        as_exact_as_the_staged_lp(&spec, &[SolverPath::Laminar, SolverPath::Flow, SolverPath::Lp])?;
    }
}

/// The engine's answer against the LP's: the same tier totals exactly, fair ratios and
/// deviation as good, the same cells where the LP's optimum is unique.
fn as_exact_as_the_staged_lp(spec: &Spec, paths: &[SolverPath]) -> Result<(), TestCaseError> {
    let scenario = spec.build();
    let engine = Engine::new(&scenario, Backend::default());
    let lp = allocate(&scenario, Backend::default()).unwrap();
    let fast = engine.allocate(&scenario).unwrap();
    let (lp, fast) = match (lp, fast) {
        (Outcome::Infeasible, Outcome::Infeasible) => return Ok(()),
        (Outcome::Optimal(lp), Outcome::Optimal(fast)) => (lp, fast),
        (lp, fast) => panic!("the paths disagree on feasibility: {lp:?} / {fast:?}"),
    };
    prop_assert!(paths.contains(&engine.path()), "path {:?}", engine.path());
    prop_assert!(landplan::evaluate::evaluate(&scenario, &fast.allocation).feasible());
    prop_assert_eq!(fast.tier_supply(), lp.tier_supply());
    // The LP holds each earlier optimum within 1e-9 x max(1, optimum) (HOLD_TOLERANCE),
    // which can buy a later stage that much land: ratios are compared in land.
    let slack = 1e-7 * lp.stages.tier_optimum.iter().sum::<f64>().max(1.0);
    let model = landplan::model::build(&scenario);
    for ((a, b), tier) in fast
        .stages
        .fair_ratio
        .iter()
        .zip(&lp.stages.fair_ratio)
        .zip(&model.tiers)
    {
        let flexible: f64 = tier
            .cells
            .iter()
            .map(|&c| model.lp.columns[c].upper - model.lp.columns[c].lower)
            .sum();
        match (a, b) {
            (Some(a), Some(b)) => {
                prop_assert!((a - b).abs() * flexible <= slack, "fair ratio {a} vs {b}")
            }
            (a, b) => prop_assert_eq!(a.is_some(), b.is_some()),
        }
    }
    // The fast path's deviation is its answer's, at the input's decimals (a cut tier's
    // remainder units placed exactly); the LP's is its continuous optimum's: one unit per
    // cell apart at most.
    let units = scenario.cells.len() as f64 * 0.01;
    prop_assert!(
        (fast.stages.deviation - lp.stages.deviation).abs() <= slack + units,
        "deviation {} vs {}",
        fast.stages.deviation,
        lp.stages.deviation
    );
    for cell in 0..scenario.cells.len() {
        let (low, high) = cell_range(&scenario, &lp, cell);
        if high - low <= 1e-7 {
            prop_assert_eq!(
                fast.allocation[cell],
                lp.allocation[cell],
                "cell {} has one optimum",
                cell
            );
        }
    }
    Ok(())
}
