//! Property tests of the allocation LP on random small scenarios: every answer holds every
//! rule exactly; tier totals equal an independent greedy optimum where one exists; more cap
//! never makes the tiers' supply lexicographically worse; demand = plan gives the plan.

use crate::common::scenario;
use landplan::solve::{solve, Outcome, SolveOptions, Status};
use landplan::Scenario;
use proptest::prelude::*;
use rust_decimal::Decimal;

/// A random cell: (town, category, plan cents, demand cents, committed share in %).
type CellSpec = (usize, usize, u32, u32, u32);

#[derive(Debug, Clone)]
pub(crate) struct Spec {
    tiers: Vec<u32>,
    towns: usize,
    cells: Vec<CellSpec>,
    pub(crate) cap_cents: u32,
    capacities: Vec<Option<u32>>,
    category_max: Vec<Option<u32>>,
    /// (covered category, percent, whether the share is `of` the covered category's parent
    /// or itself, else of the total supplied).
    share_rule: Option<(usize, u32, bool)>,
    /// Whether category 1 is a sub-item (其中) of category 0.
    sub_item: bool,
}

fn cents(value: u32) -> String {
    Decimal::new(i64::from(value), 2).to_string()
}

impl Spec {
    fn categories_csv(&self) -> String {
        self.tiers
            .iter()
            .enumerate()
            .map(|(c, tier)| {
                let parent = if self.sub_item && c == 1 { "C0" } else { "" };
                format!(
                    "C{c},{tier},,,{},{parent}\n",
                    self.category_max[c].map(cents).unwrap_or_default()
                )
            })
            .collect()
    }

    fn towns_csv(&self) -> String {
        (0..self.towns)
            .map(|t| {
                format!(
                    "T{t},,{}\n",
                    self.capacities[t].map(cents).unwrap_or_default()
                )
            })
            .collect()
    }

    fn cells_csv(&self) -> String {
        let mut seen = std::collections::BTreeSet::new();
        let mut out = String::new();
        for &(town, category, plan, demand, committed_pct) in &self.cells {
            if seen.insert((town, category)) {
                let committed = demand * committed_pct / 100;
                out.push_str(&format!(
                    "T{town},C{category},{},{},{}\n",
                    cents(plan),
                    cents(demand),
                    cents(committed)
                ));
            }
        }
        out
    }

    fn rules_csv(&self) -> String {
        self.share_rule
            .map(|(c, pct, of)| {
                // The base holds the covered land, as a housing share's 住宅用地 holds its
                // 保障性住房: the share at 100% can always be kept.
                let base = if self.sub_item && c == 1 { 0 } else { c };
                let of = if of {
                    format!("C{base}")
                } else {
                    String::new()
                };
                format!("share,C{c},*,max,{pct}%,{of}\n")
            })
            .unwrap_or_default()
    }

    pub(crate) fn build(&self, cap_cents: u32) -> Scenario {
        scenario(
            &format!("cap,{}\n", cents(cap_cents)),
            &self.categories_csv(),
            &self.towns_csv(),
            &self.cells_csv(),
            &self.rules_csv(),
        )
    }
}

pub(crate) fn spec(general: bool) -> impl Strategy<Value = Spec> {
    (1usize..=3, 1usize..=4).prop_flat_map(move |(categories, towns)| {
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
            if general {
                optional(towns).boxed()
            } else {
                Just(vec![None; towns]).boxed()
            },
            if general {
                optional(categories).boxed()
            } else {
                Just(vec![None; categories]).boxed()
            },
            if general {
                proptest::option::of((0..categories, 1u32..=100, any::<bool>())).boxed()
            } else {
                Just(None).boxed()
            },
            if general && categories >= 2 {
                any::<bool>().boxed()
            } else {
                Just(false).boxed()
            },
        )
            .prop_map(
                |(
                    tiers,
                    towns,
                    cells,
                    cap_cents,
                    capacities,
                    category_max,
                    share_rule,
                    sub_item,
                )| {
                    Spec {
                        tiers,
                        towns,
                        cells,
                        cap_cents,
                        capacities,
                        category_max,
                        share_rule,
                        sub_item,
                    }
                },
            )
    })
}

/// The lexicographic optimum when only the cap and cell bounds apply: each tier in turn takes
/// what the cap leaves after the better tiers' supply and the worse tiers' committed land.
fn greedy(scenario: &Scenario) -> Option<Vec<Decimal>> {
    let tiers = scenario.tiers();
    let sum = |tier: u32, field: fn(&landplan::scenario::Cell) -> Decimal| {
        scenario
            .cells
            .iter()
            .filter(|c| scenario.tier_of(c) == tier)
            .map(field)
            .sum::<Decimal>()
    };
    let committed: Decimal = scenario.cells.iter().map(|c| c.committed).sum();
    if committed > scenario.settings.cap {
        return None;
    }
    let mut supplied: Vec<Decimal> = Vec::new();
    for (index, &tier) in tiers.iter().enumerate() {
        let later: Decimal = tiers[index + 1..]
            .iter()
            .map(|&t| sum(t, |c| c.committed))
            .sum();
        let room = scenario.settings.cap - supplied.iter().copied().sum::<Decimal>() - later;
        supplied.push(sum(tier, |c| c.demand).min(room));
    }
    Some(supplied)
}

fn tier_supply(scenario: &Scenario) -> Option<Vec<Decimal>> {
    match landplan::solve::allocate(scenario, Default::default()).unwrap() {
        Outcome::Optimal(allocated) => {
            let evaluation = landplan::evaluate::evaluate(scenario, &allocated.allocation);
            assert!(
                evaluation.feasible(),
                "the answer breaks a rule: {evaluation:?}"
            );
            Some(
                allocated
                    .tier_supply()
                    .into_iter()
                    .map(|(_, s)| s.normalize())
                    .collect(),
            )
        }
        Outcome::Infeasible => None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn tier_totals_equal_the_greedy_optimum_under_a_cap_alone(spec in spec(false)) {
        let scenario = spec.build(spec.cap_cents);
        let expected = greedy(&scenario).map(|v| v.into_iter().map(|d| d.normalize()).collect::<Vec<_>>());
        let report = solve(&scenario, &SolveOptions::default()).unwrap();
        match expected {
            None => prop_assert_eq!(report.status(), Status::Infeasible),
            Some(expected) => prop_assert_eq!(tier_supply(&scenario), Some(expected)),
        }
    }

    #[test]
    fn more_cap_never_makes_the_tiers_lexicographically_worse(spec in spec(true), extra in 1u32..3000) {
        let before = tier_supply(&spec.build(spec.cap_cents));
        let after = tier_supply(&spec.build(spec.cap_cents + extra));
        if let Some(before) = before {
            let after = after.expect("loosening the cap keeps a feasible scenario feasible");
            prop_assert!(after >= before, "cap +{extra}: {before:?} -> {after:?}");
            prop_assert!(after[0] >= before[0]);
        }
    }

    #[test]
    fn every_answer_holds_every_rule_and_infeasibility_comes_with_a_working_relaxation(spec in spec(true)) {
        let scenario = spec.build(spec.cap_cents);
        let report = solve(&scenario, &SolveOptions::default()).unwrap();
        match report.status() {
            Status::Optimal => prop_assert!(landplan::evaluate::evaluate(&scenario, &report.allocated().unwrap().allocation).feasible()),
            Status::Infeasible => prop_assert!(report.infeasibility().unwrap().relaxation_verified),
        }
    }

    #[test]
    fn demand_equal_to_plan_under_a_loose_cap_gives_the_plan(spec in spec(false)) {
        let base = spec.build(spec.cap_cents);
        let cells = base.cells.iter().map(|c| format!("{},{},{},,\n", base.town(c.town).name, base.category(c.category).name, c.plan)).collect::<String>();
        let total: Decimal = base.cells.iter().map(|c| c.plan).sum();
        let plan_scenario = scenario(&format!("cap,{total}\n"), &spec.categories_csv(), &spec.towns_csv(), &cells, "");
        let allocated = match landplan::solve::allocate(&plan_scenario, Default::default()).unwrap() {
            Outcome::Optimal(allocated) => allocated,
            Outcome::Infeasible => panic!("the plan itself is feasible"),
        };
        let plan: Vec<Decimal> = plan_scenario.cells.iter().map(|c| c.plan).collect();
        prop_assert_eq!(&allocated.allocation, &plan);
    }
}
