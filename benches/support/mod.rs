//! Shared by the benchmarks: the built-in Lianzhou scenario, a deterministic generator of
//! Lianzhou-like scenarios of any size, and sampled demands.
//!
//! Input: a number of towns and a seed. Output: validated scenarios built through the real
//! loader (CSV text in memory). The generator is for benchmarks only: it writes no files and
//! is not `landplan generate`.

#![allow(dead_code)]

use landplan::load::{LoadError, Source};
use landplan::Scenario;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rust_decimal::Decimal;

/// Scenario files held in memory.
struct Memory(Vec<(&'static str, String)>);

impl Source for Memory {
    fn label(&self) -> String {
        "generated".to_string()
    }

    fn display(&self, file: &str) -> String {
        format!("generated/{file}")
    }

    fn read(&self, file: &str) -> Result<Option<Vec<u8>>, LoadError> {
        Ok(self
            .0
            .iter()
            .find(|(name, _)| *name == file)
            .map(|(_, text)| text.as_bytes().to_vec()))
    }
}

fn validated(source: &dyn Source) -> Scenario {
    let raw = landplan::load::load(source).expect("benchmark scenarios load");
    let validated = landplan::validate::validate(&raw);
    assert!(validated.problems.is_empty(), "{:?}", validated.problems);
    validated.scenario
}

/// The built-in Lianzhou 2025 scenario (10 towns, 7 categories, 4 tiers, 25 cells).
pub fn lianzhou() -> Scenario {
    validated(&landplan::builtin::lianzhou())
}

/// Lianzhou's categories and tiers.
const CATEGORIES: [(&str, u32); 7] = [
    ("工矿仓储用地", 1),
    ("公用设施用地", 1),
    ("住宅用地", 2),
    ("交通运输用地", 3),
    ("医疗卫生用地", 3),
    ("公园与绿地", 3),
    ("商服用地", 4),
];

/// A Lianzhou-like scenario with `towns` towns: each town has each category with
/// probability 1/2 (at least one), plan figures of 0.1-20 ha with 6 decimals, demand 80-130%
/// of plan, a cap at 90% of total demand and a 经营性用地 (住宅 + 商服) rule at 90% of their
/// demand. With `capacities`, every town also gets a capacity at 95% of its demand (the
/// limits then overlap the rule, so the LP path answers).
pub fn generated(towns: usize, seed: u64, capacities: bool) -> Scenario {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let micro = |rng: &mut ChaCha8Rng, low: i64, high: i64| {
        Decimal::new(rng.random_range(low * 1_000_000..high * 1_000_000), 6)
    };
    let mut cells = String::from("town,category,plan,demand,committed\n");
    let mut town_rows = String::from("town,plan,capacity\n");
    let (mut total, mut operating) = (Decimal::ZERO, Decimal::ZERO);
    for t in 0..towns {
        let mut town_demand = Decimal::ZERO;
        for (c, (category, tier)) in CATEGORIES.iter().enumerate() {
            if rng.random_range(0..2) == 0 && !(c == 0 && t % 3 == 0) {
                continue;
            }
            let plan = micro(&mut rng, 0, 20) + Decimal::new(1, 1);
            let demand = (plan * Decimal::new(rng.random_range(80..130), 2)).round_dp(6);
            total += demand;
            town_demand += demand;
            if *tier == 2 || *tier == 4 {
                operating += demand;
            }
            cells.push_str(&format!("T{t},{category},{plan},{demand},\n"));
        }
        let capacity = if capacities {
            (town_demand * Decimal::new(95, 2)).round_dp(6).to_string()
        } else {
            String::new()
        };
        town_rows.push_str(&format!("T{t},,{capacity}\n"));
    }
    let categories: String = CATEGORIES
        .iter()
        .map(|(name, tier)| format!("{name},{tier},,,\n"))
        .collect();
    let files = vec![
        (
            "scenario.csv",
            format!(
                "key,value\nname,generated-{towns}\nunit,ha\ncap,{}\n",
                (total * Decimal::new(9, 1)).round_dp(6)
            ),
        ),
        (
            "categories.csv",
            format!("category,tier,plan,min,max\n{categories}"),
        ),
        ("towns.csv", town_rows),
        ("cells.csv", cells),
        (
            "rules.csv",
            format!(
                "rule,categories,towns,bound,value\n经营性用地总量,商服用地;住宅用地,*,max,{}\n",
                (operating * Decimal::new(9, 1)).round_dp(6)
            ),
        ),
    ];
    validated(&Memory(files))
}

/// `count` scenarios with demands drawn as `landplan stress --spread 0.2 --seed 1` draws them.
pub fn sampled(base: &Scenario, count: u64) -> Vec<Scenario> {
    let plan = landplan::stress::sample::SamplingPlan::spread(base, Decimal::new(2, 1));
    (0..count)
        .map(|sample| {
            let mut scenario = base.clone();
            let mut demand = vec![Decimal::ZERO; base.cells.len()];
            plan.demands(base, 1, sample, &mut demand);
            for (cell, value) in scenario.cells.iter_mut().zip(demand) {
                cell.demand = value;
            }
            scenario
        })
        .collect()
}
