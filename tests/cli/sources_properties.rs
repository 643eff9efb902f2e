//! The new-land quota to the last decimal: random scenarios with stock land, a cap and a
//! quota (新增建设用地计划指标), every tier total equal to an exact greedy optimum computed
//! here in `rust_decimal` from the generated figures alone (not through the solver's split),
//! on both solver paths, and the certified answer keeping the quota.
//!
//! Why the greedy is the optimum: an allocation is x = a + b, stock a <= min(stock, demand)
//! per cell and new land b with sum b <= quota, under x <= demand and sum x <= cap. Those
//! points are the sum of a box and a simplex cut by a box and a total: a polymatroid, on which
//! filling any tier's cells one after another, each as far as its demand, the cap and its own
//! stock plus the quota left allow, reaches the tier's maximum. Committed land is kept aside
//! from the start, its stock first.
//!
//! Default 64 cases; `PROPTEST_CASES=1000 cargo test --test cli sources_properties` runs more.

use crate::common::Memory;
use landplan::solve::{allocate, allocate_lp, Outcome};
use proptest::prelude::*;
use rust_decimal::Decimal;

#[derive(Debug, Clone)]
struct Case {
    decimals: u32,
    /// Each category's tier.
    tiers: Vec<u32>,
    /// (town, category, demand, committed per mille of demand, stock); one per pair.
    cells: Vec<(usize, usize, u64, u64, u64)>,
    cap: u64,
    quota: u64,
}

impl Case {
    fn figure(&self, units: u64) -> Decimal {
        Decimal::from_i128_with_scale(i128::from(units), self.decimals)
    }

    fn committed(&self, cell: &(usize, usize, u64, u64, u64)) -> Decimal {
        self.figure(cell.2 * cell.3 / 1000)
    }

    fn scenario(&self) -> landplan::Scenario {
        let categories: String = self
            .tiers
            .iter()
            .enumerate()
            .map(|(c, tier)| format!("C{c},{tier},,,\n"))
            .collect();
        let towns = (0..3).map(|t| format!("T{t},,\n")).collect::<String>();
        let cells: String = self
            .cells
            .iter()
            .map(|cell| {
                format!(
                    "T{},C{},0,{},{},{}\n",
                    cell.0,
                    cell.1,
                    self.figure(cell.2),
                    self.committed(cell),
                    self.figure(cell.4)
                )
            })
            .collect();
        let files = vec![
            (
                "scenario.csv",
                format!(
                    "key,value\ncap,{}\nnew_quota,{}\n",
                    self.figure(self.cap),
                    self.figure(self.quota)
                ),
            ),
            (
                "categories.csv",
                format!("category,tier,plan,min,max\n{categories}"),
            ),
            ("towns.csv", format!("town,plan,capacity\n{towns}")),
            (
                "cells.csv",
                format!("town,category,plan,demand,committed,stock\n{cells}"),
            ),
        ];
        let raw = landplan::load::load(&Memory(files)).expect("the case loads");
        let validated = landplan::validate::validate(&raw);
        assert!(validated.problems.is_empty(), "{:?}", validated.problems);
        validated.scenario
    }

    /// Each tier's exact optimum, or `None` when committed land breaks the cap or the quota.
    fn greedy(&self) -> Option<Vec<(u32, Decimal)>> {
        let mut cap = self.figure(self.cap);
        let mut quota = self.figure(self.quota);
        // Stock each cell has left, after its committed land took its share first.
        let mut stock: Vec<Decimal> = Vec::new();
        for cell in &self.cells {
            let committed = self.committed(cell);
            let own = self.figure(cell.4).min(self.figure(cell.2));
            let from_stock = committed.min(own);
            cap -= committed;
            quota -= committed - from_stock;
            stock.push(own - from_stock);
        }
        if cap.is_sign_negative() && !cap.is_zero() || quota.is_sign_negative() && !quota.is_zero()
        {
            return None;
        }
        let mut tiers = self.tiers.clone();
        tiers.sort_unstable();
        tiers.dedup();
        let mut supplied = Vec::new();
        for tier in tiers {
            let mut total = Decimal::ZERO;
            for (index, cell) in self.cells.iter().enumerate() {
                if self.tiers[cell.1] != tier {
                    continue;
                }
                let committed = self.committed(cell);
                let room = (self.figure(cell.2) - committed)
                    .min(cap)
                    .min(stock[index] + quota);
                let from_stock = room.min(stock[index]);
                stock[index] -= from_stock;
                quota -= room - from_stock;
                cap -= room;
                total += committed + room;
            }
            supplied.push((tier, total.normalize()));
        }
        Some(supplied)
    }
}

fn case() -> impl Strategy<Value = Case> {
    (0u32..=3, 1usize..=4).prop_flat_map(|(decimals, categories)| {
        let most = 10_u64.pow(2 + decimals);
        let pairs: Vec<(usize, usize)> = (0..3)
            .flat_map(|t| (0..categories).map(move |c| (t, c)))
            .collect();
        let cells = proptest::sample::subsequence(pairs.clone(), 1..=pairs.len())
            .prop_flat_map(move |chosen| {
                let n = chosen.len();
                (
                    Just(chosen),
                    proptest::collection::vec(0..=most, n),
                    proptest::collection::vec(prop_oneof![3 => Just(0u64), 1 => 0u64..=1000], n),
                    proptest::collection::vec(prop_oneof![1 => Just(0u64), 2 => 0..=most], n),
                )
            })
            .prop_map(|(chosen, demands, committed, stock)| {
                chosen
                    .into_iter()
                    .zip(demands)
                    .zip(committed.into_iter().zip(stock))
                    .map(|(((t, c), d), (k, s))| (t, c, d, k, s))
                    .collect::<Vec<_>>()
            });
        (
            Just(decimals),
            proptest::collection::vec(1u32..=3, categories),
            cells,
            0..=most * 8,
            0..=most * 4,
        )
            .prop_map(|(decimals, tiers, cells, cap, quota)| Case {
                decimals,
                tiers,
                cells,
                cap,
                quota,
            })
    })
}

fn tiers_of(outcome: Outcome, scenario: &landplan::Scenario) -> Option<Vec<(u32, Decimal)>> {
    match outcome {
        Outcome::Optimal(allocated) => {
            let new = landplan::solve::quota::new_land(scenario, &allocated.allocation);
            assert!(new <= scenario.settings.new_quota.unwrap(), "quota broken");
            Some(
                allocated
                    .tier_supply()
                    .into_iter()
                    .map(|(tier, supplied)| (tier, supplied.normalize()))
                    .collect(),
            )
        }
        Outcome::Infeasible => None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn every_tier_is_the_exact_optimum_under_the_quota(case in case()) {
        let scenario = case.scenario();
        let expected = case.greedy();
        let exact = tiers_of(allocate(&scenario, Default::default()).unwrap(), &scenario);
        prop_assert_eq!(&exact, &expected);
        let lp = tiers_of(allocate_lp(&scenario, Default::default()).unwrap(), &scenario);
        prop_assert_eq!(&lp, &expected);
    }
}
