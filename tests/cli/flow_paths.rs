//! The exact paths of `solve::allocate` against the LP stages and against an independent
//! exact computation, on the scenarios a max-flow engine answers (the cap; category maxima and
//! amount rules over categories of one tier, in every town; town capacities and amount rules
//! over every category of a set of towns) and on the same with one rule no network holds (a
//! share of the total, a category minimum, a rule across tiers, a rule over some categories
//! in some towns, at most or at least), which the exact path must check and hand to the LP.
//! Up to two rules over one tier's categories and two over sets of towns are drawn, so two
//! of a kind may cross as well as nest.
//!
//! 1. Random small scenarios (2-8 towns, 2-6 categories in 1-4 tiers, 0-4 decimals, some
//!    committed land): `allocate` and `allocate_lp` agree on infeasible against optimal and
//!    give every tier the same total to the last decimal; `allocate`'s answer keeps every
//!    cell's bounds and every constraint. On tiny ones (at most 6 cells, whole figures 0-6)
//!    every allocation at the unit grid is enumerated, with the limits written here from the
//!    drawn figures (not through `constraints`), for the lexicographic tier optimum.
//! 2. Marginal values (4-12 towns): every value `solve` reports equals the difference of the
//!    tier totals of the scenario with that limit loosened by one unit, both solved by
//!    `allocate_lp`.
//! 3. Generated counties (300 towns x 7 categories, seeds 1-4): `landplan solve --format
//!    json` gives every tier the total `allocate_lp` gives.
//!
//! 1,500 cases each for 1, 128 for 2: the module ran in 13 s with one test thread in a
//! debug build on the shared 2-core machine (load 3). `PROPTEST_CASES=10000 cargo test --test
//! cli flow_paths` runs more (10,000 each for 1 and 600 for 2 passed on today's paths).

use crate::common::{landplan, scenario, tier_totals};
use landplan::constraints::{constraints, relax};
use landplan::solve::{allocate, allocate_lp, solve, Outcome, SolveOptions};
use landplan::Scenario;
use proptest::prelude::*;
use rust_decimal::Decimal;

/// A drawn cell: (town, category, plan, demand, committed per mille of demand); figures in
/// units of the case's last decimal.
type CellDraw = (usize, usize, u64, u64, u64);

/// A limit as a fraction of the demand it covers, in per mille.
type PerMille = u64;

/// The rule no flow network holds, when there is one.
#[derive(Debug, Clone)]
enum Extra {
    None,
    /// The categories of the mask at most this percentage of the total supplied (住宅用地 +
    /// 商服用地 at most 35% of the total).
    Share(u32, u32),
    /// A category's total at least this fraction of its demand.
    CategoryMin(usize, PerMille),
    /// An amount over the categories of the mask, when they lie in two tiers or more.
    AcrossTiers(u32, PerMille),
    /// An amount over the categories of the first mask in the towns of the second.
    Block(u32, u32, PerMille),
    /// At least an amount over the categories of the first mask in the towns of the second.
    Floor(u32, u32, PerMille),
}

#[derive(Debug, Clone)]
struct Case {
    decimals: u32,
    /// Tier of each category.
    tiers: Vec<u32>,
    towns: usize,
    cells: Vec<CellDraw>,
    cap: PerMille,
    capacities: Vec<Option<PerMille>>,
    category_max: Vec<Option<PerMille>>,
    /// Amount rules over categories of one tier in every town: (a category of the tier, a
    /// mask of the others of its tier, limit); a rule covering fewer than two is left out.
    tier_rules: Vec<(usize, u32, PerMille)>,
    /// Amount rules over every category in the towns of a mask.
    town_rules: Vec<(u32, PerMille)>,
    extra: Extra,
}

/// One limit of a case over its cells (indices into `Case::cells`), in units.
#[derive(Debug, Clone)]
enum Row {
    AtMost(Vec<usize>, u64),
    AtLeast(Vec<usize>, u64),
    /// 100 x the cells' sum at most this percentage of the total supplied.
    ShareAtMost(Vec<usize>, u32),
}

/// A rule row of rules.csv, before it is written.
struct RuleText {
    categories: Vec<usize>,
    /// `None`: every town.
    towns: Option<Vec<usize>>,
    bound: &'static str,
    value: String,
}

fn members(mask: u32, count: usize) -> Vec<usize> {
    (0..count).filter(|&i| mask & (1 << i) != 0).collect()
}

impl Case {
    fn figure(&self, units: u64) -> Decimal {
        Decimal::from_i128_with_scale(i128::from(units), self.decimals)
    }

    fn committed(cell: &CellDraw) -> u64 {
        cell.3 * cell.4 / 1000
    }

    /// The cells of the categories and towns given (`None`: all).
    fn cells_of(&self, categories: Option<&[usize]>, towns: Option<&[usize]>) -> Vec<usize> {
        (0..self.cells.len())
            .filter(|&i| {
                let (t, c, ..) = self.cells[i];
                categories.map_or(true, |cs| cs.contains(&c))
                    && towns.map_or(true, |ts| ts.contains(&t))
            })
            .collect()
    }

    /// A fraction of the demand of some cells, in units.
    fn of_demand(&self, cells: &[usize], per_mille: PerMille) -> u64 {
        cells.iter().map(|&i| self.cells[i].3).sum::<u64>() * per_mille / 1000
    }

    fn tier_rule_categories(&self, anchor: usize, mask: u32) -> Vec<usize> {
        let tier = self.tiers[anchor];
        let set: Vec<usize> = (0..self.tiers.len())
            .filter(|&c| self.tiers[c] == tier && (c == anchor || mask & (1 << c) != 0))
            .collect();
        if set.len() >= 2 {
            set
        } else {
            Vec::new()
        }
    }

    /// The group rules of the case: (text, its limit as a row).
    fn rules(&self) -> Vec<(RuleText, Row)> {
        let categories = self.tiers.len();
        let mut rules = Vec::new();
        let mut amount = |cats: Vec<usize>, towns: Option<Vec<usize>>, bound, pm: PerMille| {
            if cats.is_empty() || towns.as_ref().is_some_and(Vec::is_empty) {
                return;
            }
            let cells = self.cells_of(Some(&cats), towns.as_deref());
            let units = self.of_demand(&cells, pm);
            let row = if bound == "max" {
                Row::AtMost(cells, units)
            } else {
                Row::AtLeast(cells, units)
            };
            let value = self.figure(units).to_string();
            rules.push((
                RuleText {
                    categories: cats,
                    towns,
                    bound,
                    value,
                },
                row,
            ));
        };
        for &(anchor, mask, pm) in &self.tier_rules {
            amount(self.tier_rule_categories(anchor, mask), None, "max", pm);
        }
        for &(mask, pm) in &self.town_rules {
            amount(
                (0..categories).collect(),
                Some(members(mask, self.towns)),
                "max",
                pm,
            );
        }
        match self.extra {
            Extra::None | Extra::CategoryMin(..) | Extra::Share(..) => {}
            Extra::AcrossTiers(mask, pm) => {
                let cats = members(mask, categories);
                let mut tiers: Vec<u32> = cats.iter().map(|&c| self.tiers[c]).collect();
                tiers.dedup();
                if tiers.len() >= 2 {
                    amount(cats, None, "max", pm);
                }
            }
            Extra::Block(cat_mask, town_mask, pm) => amount(
                members(cat_mask, categories),
                Some(members(town_mask, self.towns)),
                "max",
                pm,
            ),
            Extra::Floor(cat_mask, town_mask, pm) => amount(
                members(cat_mask, categories),
                Some(members(town_mask, self.towns)),
                "min",
                pm,
            ),
        }
        if let Extra::Share(mask, percent) = self.extra {
            let cats = members(mask, categories);
            if !cats.is_empty() {
                let cells = self.cells_of(Some(&cats), None);
                rules.push((
                    RuleText {
                        categories: cats,
                        towns: None,
                        bound: "max",
                        value: format!("{percent}%"),
                    },
                    Row::ShareAtMost(cells, percent),
                ));
            }
        }
        rules
    }

    fn category_min(&self, category: usize) -> Option<u64> {
        match self.extra {
            Extra::CategoryMin(c, pm) if c == category => {
                let cells = self.cells_of(Some(&[c]), None);
                let max = self.category_max[c].map_or(u64::MAX, |max| self.of_demand(&cells, max));
                Some(self.of_demand(&cells, pm).min(max))
            }
            _ => None,
        }
    }

    /// Every limit of the case, straight from the drawn figures.
    fn rows(&self) -> Vec<Row> {
        let all = self.cells_of(None, None);
        let mut rows = vec![Row::AtMost(all.clone(), self.of_demand(&all, self.cap))];
        for (c, max) in self.category_max.iter().enumerate() {
            let cells = self.cells_of(Some(&[c]), None);
            if let Some(pm) = max {
                rows.push(Row::AtMost(cells.clone(), self.of_demand(&cells, *pm)));
            }
            if let Some(min) = self.category_min(c) {
                rows.push(Row::AtLeast(cells, min));
            }
        }
        for (t, capacity) in self.capacities.iter().enumerate() {
            if let Some(pm) = capacity {
                let cells = self.cells_of(None, Some(&[t]));
                rows.push(Row::AtMost(cells.clone(), self.of_demand(&cells, *pm)));
            }
        }
        rows.extend(self.rules().into_iter().map(|(_, row)| row));
        rows
    }

    fn scenario(&self) -> Scenario {
        let all = self.cells_of(None, None);
        let limit = |cells: Vec<usize>, pm: &Option<PerMille>| {
            pm.map(|pm| self.figure(self.of_demand(&cells, pm)).to_string())
                .unwrap_or_default()
        };
        let categories: String = (0..self.tiers.len())
            .map(|c| {
                let cells = self.cells_of(Some(&[c]), None);
                let min = self
                    .category_min(c)
                    .map(|m| self.figure(m).to_string())
                    .unwrap_or_default();
                let max = limit(cells, &self.category_max[c]);
                format!("C{c},{},,{min},{max},\n", self.tiers[c])
            })
            .collect();
        let towns: String = (0..self.towns)
            .map(|t| {
                let capacity = limit(self.cells_of(None, Some(&[t])), &self.capacities[t]);
                format!("T{t},,{capacity}\n")
            })
            .collect();
        let cells: String = self
            .cells
            .iter()
            .map(|cell| {
                let &(t, c, plan, demand, _) = cell;
                let (plan, demand) = (self.figure(plan), self.figure(demand));
                let committed = self.figure(Case::committed(cell));
                format!("T{t},C{c},{plan},{demand},{committed}\n")
            })
            .collect();
        let names = |prefix: &str, set: &[usize]| {
            set.iter()
                .map(|i| format!("{prefix}{i}"))
                .collect::<Vec<_>>()
                .join(";")
        };
        let rules: String = self
            .rules()
            .iter()
            .enumerate()
            .map(|(r, (rule, _))| {
                let towns = rule
                    .towns
                    .as_ref()
                    .map_or_else(|| "*".to_string(), |ts| names("T", ts));
                let cats = names("C", &rule.categories);
                format!("R{r},{cats},{towns},{},{},\n", rule.bound, rule.value)
            })
            .collect();
        let cap = self.figure(self.of_demand(&all, self.cap));
        scenario(&format!("cap,{cap}\n"), &categories, &towns, &cells, &rules)
    }

    fn keeps(&self, rows: &[Row], x: &[u64]) -> bool {
        let sum = |cells: &[usize]| cells.iter().map(|&i| x[i]).sum::<u64>();
        let total: u64 = x.iter().sum();
        rows.iter().all(|row| match row {
            Row::AtMost(cells, units) => sum(cells) <= *units,
            Row::AtLeast(cells, units) => sum(cells) >= *units,
            Row::ShareAtMost(cells, percent) => 100 * sum(cells) <= u64::from(*percent) * total,
        })
    }

    /// The lexicographic tier optimum over every allocation at the unit grid, or `None` when
    /// no allocation keeps every limit: enumerated, for tiny cases.
    fn brute_force(&self) -> Option<Vec<(u32, Decimal)>> {
        let rows = self.rows();
        let mut tiers = self.tiers.clone();
        tiers.sort_unstable();
        tiers.dedup();
        let low: Vec<u64> = self.cells.iter().map(Case::committed).collect();
        let high: Vec<u64> = self.cells.iter().map(|cell| cell.3).collect();
        let totals = |x: &[u64]| -> Vec<u64> {
            tiers
                .iter()
                .map(|&tier| {
                    (0..x.len())
                        .filter(|&i| self.tiers[self.cells[i].1] == tier)
                        .map(|i| x[i])
                        .sum()
                })
                .collect()
        };
        let mut best: Option<Vec<u64>> = None;
        let mut x = low.clone();
        loop {
            if self.keeps(&rows, &x) {
                let found = totals(&x);
                if best.as_ref().map_or(true, |b| found > *b) {
                    best = Some(found);
                }
            }
            // The next allocation, odometer-wise; done when every cell wrapped.
            let Some(i) = (0..x.len()).find(|&i| x[i] < high[i]) else {
                break;
            };
            x[i] += 1;
            x[..i].copy_from_slice(&low[..i]);
        }
        best.map(|best| {
            tiers
                .iter()
                .zip(best)
                .map(|(&tier, units)| (tier, self.figure(units).normalize()))
                .collect()
        })
    }
}

/// The shape of the drawn cases.
#[derive(Debug, Clone, Copy)]
struct Shape {
    towns: (usize, usize),
    categories: (usize, usize),
    decimals: u32,
    most_demand: u64,
    most_cells: usize,
    /// Draw only the rules whose amount spans tiers (a rule across tiers, a share of the
    /// total), which the network holds by fixing arcs.
    across_tiers: bool,
}

const SMALL: Shape = Shape {
    towns: (2, 8),
    categories: (2, 6),
    decimals: 4,
    most_demand: 20_000,
    most_cells: 48,
    across_tiers: false,
};

/// At most 6 cells, whole figures 0-6: 7^6 allocations at most to enumerate.
const TINY: Shape = Shape {
    towns: (2, 3),
    categories: (2, 3),
    decimals: 0,
    most_demand: 6,
    most_cells: 6,
    across_tiers: false,
};

const COUNTY: Shape = Shape {
    towns: (4, 12),
    ..SMALL
};

fn optional_per_mille(n: usize, low: u64, high: u64) -> impl Strategy<Value = Vec<Option<u64>>> {
    proptest::collection::vec(proptest::option::of(low..=high), n)
}

fn extra(categories: usize, towns: usize, across_tiers: bool) -> BoxedStrategy<Extra> {
    let cat_mask = 1u32..(1 << categories);
    let town_mask = 1u32..(1 << towns);
    if across_tiers {
        return prop_oneof![
            1 => (cat_mask.clone(), 10u32..=60).prop_map(|(m, p)| Extra::Share(m, p)),
            1 => (cat_mask, 200u64..=1100).prop_map(|(m, pm)| Extra::AcrossTiers(m, pm)),
        ]
        .boxed();
    }
    prop_oneof![
        5 => Just(Extra::None),
        1 => (cat_mask.clone(), 10u32..=60).prop_map(|(m, p)| Extra::Share(m, p)),
        1 => (0..categories, 0u64..=900).prop_map(|(c, pm)| Extra::CategoryMin(c, pm)),
        1 => (cat_mask.clone(), 200u64..=1100).prop_map(|(m, pm)| Extra::AcrossTiers(m, pm)),
        1 => (cat_mask.clone(), town_mask.clone(), 200u64..=1100)
            .prop_map(|(c, t, pm)| Extra::Block(c, t, pm)),
        1 => (cat_mask, town_mask, 0u64..=800).prop_map(|(c, t, pm)| Extra::Floor(c, t, pm)),
    ]
    .boxed()
}

fn case(shape: Shape) -> impl Strategy<Value = Case> {
    (
        shape.towns.0..=shape.towns.1,
        shape.categories.0..=shape.categories.1,
        1u32..=4,
        0..=shape.decimals,
    )
        .prop_flat_map(move |(towns, categories, tier_count, decimals)| {
            let pairs: Vec<(usize, usize)> = (0..towns)
                .flat_map(|t| (0..categories).map(move |c| (t, c)))
                .collect();
            let most = shape.most_cells.min(pairs.len());
            let cells =
                proptest::sample::subsequence(pairs, 1..=most).prop_flat_map(move |chosen| {
                    let n = chosen.len();
                    let figure = 0..=shape.most_demand;
                    let committed = prop_oneof![3 => Just(0u64), 1 => 0u64..=1000];
                    (
                        Just(chosen),
                        proptest::collection::vec((figure.clone(), figure, committed), n),
                    )
                        .prop_map(|(chosen, figures)| {
                            chosen
                                .into_iter()
                                .zip(figures)
                                .map(|((t, c), (plan, demand, k))| (t, c, plan, demand, k))
                                .collect::<Vec<CellDraw>>()
                        })
                });
            (
                Just(decimals),
                proptest::collection::vec(1..=tier_count, categories),
                Just(towns),
                cells,
                300u64..=1200,
                proptest::collection::vec(
                    prop_oneof![1 => Just(None), 1 => (200u64..=1300).prop_map(Some)],
                    towns,
                ),
                optional_per_mille(categories, 200, 1300),
                proptest::collection::vec((0..categories, any::<u32>(), 200u64..=1100), 0..=2),
                proptest::collection::vec((1u32..(1 << towns), 200u64..=1100), 0..=2),
                extra(categories, towns, shape.across_tiers),
            )
        })
        .prop_map(
            |(
                decimals,
                tiers,
                towns,
                cells,
                cap,
                capacities,
                category_max,
                tier_rules,
                town_rules,
                extra,
            )| Case {
                decimals,
                tiers,
                towns,
                cells,
                cap,
                capacities,
                category_max,
                tier_rules,
                town_rules,
                extra,
            },
        )
}

/// Why `allocate`'s answer breaks a cell bound or a constraint, if it does: checked here
/// against the scenario's constraint list, not through the certificate.
fn breaches(scenario: &Scenario, outcome: &Outcome) -> Vec<String> {
    let Outcome::Optimal(allocated) = outcome else {
        return Vec::new();
    };
    let x = &allocated.allocation;
    let mut found: Vec<String> = scenario
        .cells
        .iter()
        .zip(x)
        .enumerate()
        .filter(|(_, (cell, x))| **x < cell.committed || **x > cell.demand)
        .map(|(i, (cell, x))| {
            format!(
                "cell {i}: {x} outside [{}, {}]",
                cell.committed, cell.demand
            )
        })
        .collect();
    found.extend(
        constraints(scenario)
            .iter()
            .filter(|c| c.slack(x).is_sign_negative() && !c.slack(x).is_zero())
            .map(|c| format!("{}: slack {}", c.id.label(scenario), c.slack(x))),
    );
    found
}

/// Both paths' tier totals, after checking `allocate`'s answer keeps every limit and that
/// the two agree.
fn agreed_totals(scenario: &Scenario) -> Result<Option<Vec<(u32, Decimal)>>, TestCaseError> {
    let exact = allocate(scenario, Default::default()).expect("allocate answers");
    let lp = allocate_lp(scenario, Default::default()).expect("allocate_lp answers");
    prop_assert_eq!(breaches(scenario, &exact), Vec::<String>::new());
    let totals = tier_totals(&exact);
    prop_assert_eq!(&totals, &tier_totals(&lp), "allocate against allocate_lp");
    Ok(totals)
}

/// The tiers' certified supply of a loosened scenario by the LP stages: the re-solve the
/// marginal values are checked against.
fn resolve_lp(loosened: &Scenario) -> Result<Vec<(u32, Decimal)>, String> {
    match allocate_lp(loosened, Default::default()) {
        Ok(Outcome::Optimal(allocated)) => Ok(allocated.tier_supply()),
        Ok(Outcome::Infeasible) => Err("the loosened scenario is infeasible".to_string()),
        Err(error) => Err(error.to_string()),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1500, ..ProptestConfig::default() })]

    #[test]
    fn allocate_and_the_lp_stages_give_every_tier_the_same_total(case in case(SMALL)) {
        agreed_totals(&case.scenario())?;
    }

    #[test]
    fn rules_across_tiers_give_every_tier_the_lp_stages_total(
        case in case(Shape { across_tiers: true, ..SMALL })
    ) {
        agreed_totals(&case.scenario())?;
    }

    #[test]
    fn tiny_rules_across_tiers_reach_the_enumerated_lexicographic_optimum(
        case in case(Shape { across_tiers: true, ..TINY })
    ) {
        let totals = agreed_totals(&case.scenario())?;
        prop_assert_eq!(totals, case.brute_force());
    }

    #[test]
    fn tiny_scenarios_reach_the_enumerated_lexicographic_optimum(case in case(TINY)) {
        let totals = agreed_totals(&case.scenario())?;
        prop_assert_eq!(totals, case.brute_force());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn marginal_values_equal_the_lp_resolves_with_the_limit_loosened(case in case(COUNTY)) {
        marginal_values_equal_the_lp_resolves(&case.scenario())?;
    }

    #[test]
    fn marginal_values_with_rules_across_tiers_equal_the_lp_resolves(
        case in case(Shape { across_tiers: true, ..COUNTY })
    ) {
        marginal_values_equal_the_lp_resolves(&case.scenario())?;
    }
}

/// Every marginal value `solve` reports equals the difference of the LP stages' tier totals
/// with that limit loosened by one step.
fn marginal_values_equal_the_lp_resolves(scenario: &Scenario) -> Result<(), TestCaseError> {
    let options = SolveOptions {
        marginal_values: true,
        ..SolveOptions::default()
    };
    let report = solve(scenario, &options).expect("solve answers");
    let lp = allocate_lp(scenario, Default::default()).expect("allocate_lp answers");
    let (Some(allocated), Outcome::Optimal(lp)) = (report.allocated(), &lp) else {
        prop_assert_eq!(
            report.allocated().is_some(),
            matches!(lp, Outcome::Optimal(_))
        );
        return Ok(());
    };
    let base = lp.tier_supply();
    prop_assert_eq!(&allocated.tier_supply(), &base);
    let reported: Vec<_> = report
        .marginal_values()
        .iter()
        .map(|v| v.constraint)
        .collect();
    prop_assert_eq!(reported, landplan::solve::probes(allocated));
    // The gains computed here, not by `marginal::by_resolve`: the module under test.
    for value in report.marginal_values() {
        prop_assert_eq!(value.step, landplan::solve::marginal::STEP);
        let mut loosened = scenario.clone();
        relax(&mut loosened, value.constraint, value.step);
        let after = resolve_lp(&loosened);
        let gains = after.as_ref().map(|after| {
            base.iter()
                .zip(after)
                .map(|(&(tier, before), &(_, after))| (tier, (after - before).normalize()))
                .collect::<Vec<_>>()
        });
        prop_assert_eq!(
            Ok(&value.tier_gains),
            gains.as_ref(),
            "{} ({:?})",
            value.constraint.label(scenario),
            value.derivation
        );
    }
    Ok(())
}

/// The tier totals `landplan solve --format json` prints for a folder.
fn json_tier_totals(folder: &std::path::Path) -> (String, Vec<(u32, Decimal)>) {
    let output = landplan()
        .args(["solve", "--format", "json", "--no-marginal"])
        .arg(folder)
        .output()
        .expect("the landplan binary runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(json["status"], "optimal");
    let tiers = json["tiers"]
        .as_array()
        .expect("tiers")
        .iter()
        .map(|t| {
            let tier = u32::try_from(t["tier"].as_u64().expect("a tier number")).unwrap();
            let supplied: Decimal = t["supplied"].as_str().expect("a figure").parse().unwrap();
            (tier, supplied.normalize())
        })
        .collect();
    (json["path"].as_str().unwrap_or_default().to_string(), tiers)
}

#[test]
fn generated_counties_solve_in_json_to_the_lp_stages_tier_totals() {
    use landplan::generate::{files, generate, GenerateOptions};
    for seed in 1..=4 {
        let options = GenerateOptions {
            towns: 300,
            categories: 7,
            seed,
            ..GenerateOptions::default()
        };
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files(&options).unwrap() {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        let (path, printed) = json_tier_totals(dir.path());
        let scenario = generate(&options).unwrap();
        let lp = allocate_lp(&scenario, Default::default()).unwrap();
        assert_eq!(Some(printed), tier_totals(&lp), "seed {seed}, path {path}");
        // Town capacities, a category maximum and a share rule that does not bind: the
        // flow network answers.
        assert_eq!(path, "flow", "seed {seed}");
    }
}

/// `allocate`'s answer to a feasible scenario, with its cells as written.
fn answered(scenario: &Scenario) -> (landplan::solve::Allocated, Vec<String>) {
    let Outcome::Optimal(allocated) = allocate(scenario, Default::default()).unwrap() else {
        panic!("the scenario is feasible");
    };
    let cells = allocated
        .allocation
        .iter()
        .map(|x| x.normalize().to_string())
        .collect();
    (*allocated, cells)
}

/// Worked by hand: town A's capacity of 4 ha holds both its cells, the maximum of 7.5 ha both
/// towns' 工矿仓储用地 (the two limits cross: not nested), the cap of 10 ha everything.
/// Tier 1 (工矿仓储用地): A at most 4 of its 5, B all 4, but 7.5 in all. The fair cut: A's 4 of
/// 5 is the least ratio any tier-1 cell can have (0.8), so B gets at least 3.2 (0.8 x 4) and
/// the 0.3 left goes toward B's plan of 4: 3.5. Tier 2 (住宅用地) gets what the cap leaves,
/// 2.5 ha, all in B (A is full): its fair ratio is below 1/30, so no cell has a whole unit
/// of 0.1 ha of it. Every cell as computed, by the flow path.
#[test]
fn a_town_capacity_and_the_cap_by_the_flow_stages_as_worked_by_hand() {
    let scenario = scenario(
        "name,hand\nunit,ha\ncap,10\n",
        "工矿仓储用地,1,7,,7.5\n住宅用地,2,3,,\n",
        "A,5,4\nB,5,\n",
        "A,工矿仓储用地,3,5,0\nA,住宅用地,2,3,0\nB,工矿仓储用地,4,4,0\nB,住宅用地,1,6,0\n",
        "",
    );
    let (allocated, cells) = answered(&scenario);
    assert_eq!(allocated.path, landplan::solve::engine::SolverPath::Flow);
    assert_eq!(cells, ["4", "0", "3.5", "2.5"]);
    assert_eq!(allocated.stages.fair_ratio[0], Some(0.8));
    assert!(allocated.stages.fair_ratio[1].is_some_and(|r| r < 1.0 / 30.0));
    // |4 - 3| + |0 - 2| + |3.5 - 4| + |2.5 - 1|
    assert_eq!(allocated.stages.deviation, 5.0);
}

/// Worked by hand: 经营性用地 (住宅用地 in tier 1, 商服用地 in tier 2) at most 10 ha, town A's
/// capacity 8 ha. Tier 1 gets 10 (12 demanded); tier 2 then has no room for 商服用地, and
/// 公用设施用地 in A only what A's 住宅用地 leaves: the most is 4, with A's 住宅用地 down to 4 and
/// B's up to its 6 (tier 1 still 10, off A's plan of 6). A rule across tiers: the network
/// holds tier 1 by fixing arcs, not by an arc of its own, and must let its land move.
#[test]
fn a_rule_across_tiers_by_the_flow_stages_as_worked_by_hand() {
    let scenario = scenario(
        "name,hand\nunit,ha\ncap,100\n",
        "住宅用地,1,,,\n公用设施用地,2,,,\n商服用地,2,,,\n",
        "A,,8\nB,,\n",
        "A,住宅用地,6,6,0\nB,住宅用地,4,6,0\nA,公用设施用地,2,5,0\nB,商服用地,3,6,0\n",
        "经营性用地,住宅用地;商服用地,*,max,10,\n",
    );
    let (allocated, cells) = answered(&scenario);
    assert_eq!(allocated.path, landplan::solve::engine::SolverPath::Flow);
    // Cells in town order: A's 住宅用地 and 公用设施用地, B's 住宅用地 and 商服用地.
    assert_eq!(cells, ["4", "4", "6", "0"]);
}

/// Worked by hand: 住宅用地 (tier 2) and 商服用地 (tier 3) at most 35% of the total, the cap
/// 10 ha, whole hectares. At the cap the share allows 3.5 ha, so 3 on the grid: tier 1's
/// 工矿仓储用地 all 4, tier 2's 住宅用地 3 (the total then 10 with tier 3's 公用设施用地 at its
/// 3), 商服用地 nothing (3 + 1 would be 40% of 10). The share's amount at the cap spans tiers
/// 2 and 3 and is checked on the answer (the total is the cap, so it holds).
#[test]
fn a_share_of_the_total_at_the_cap_by_the_flow_stages_as_worked_by_hand() {
    let scenario = scenario(
        "name,hand\nunit,ha\ncap,10\n",
        "工矿仓储用地,1,,,\n住宅用地,2,,,\n商服用地,3,,,\n公用设施用地,3,,,\n",
        "A,,\nB,,\n",
        "A,工矿仓储用地,4,4,0\nA,住宅用地,5,5,0\nB,商服用地,5,5,0\nB,公用设施用地,1,3,0\n",
        "经营性用地占比,住宅用地;商服用地,*,max,35%,\n",
    );
    let (allocated, cells) = answered(&scenario);
    assert_eq!(allocated.path, landplan::solve::engine::SolverPath::Flow);
    assert_eq!(cells, ["4", "3", "0", "3"]);
}

/// Closest to the plan where the fair cut leaves a choice: tier 1 is not cut (all at demand),
/// tier 2 gets 5 of its 10 ha under the cap and its fair ratio is 0 (town A's capacity keeps
/// A's cell at 0; 住宅用地's maximum of 9 crosses that capacity, so the limits do not nest);
/// the 5 ha go where the plan wants them: B's plan of 3, and C the 2 left (B = 1, C = 4
/// would be as fair, and 4 ha further from the plan).
#[test]
fn the_flow_stages_put_a_cut_tier_where_the_plan_has_it() {
    let scenario = scenario(
        "name,hand\nunit,ha\ncap,7\n",
        "工矿仓储用地,1,2,,\n住宅用地,2,4,,9\n",
        "A,3,2\nB,3,\nC,0,\n",
        "A,工矿仓储用地,2,2,0\nA,住宅用地,1,3,0\nB,住宅用地,3,3,0\nC,住宅用地,0,4,0\n",
        "",
    );
    let (allocated, cells) = answered(&scenario);
    assert_eq!(allocated.path, landplan::solve::engine::SolverPath::Flow);
    // A's 住宅 is held at 0 by A's capacity (its 工矿 fills it); B takes its plan 3; C the 2
    // left: deviation |0 - 1| + |3 - 3| + |2 - 0| = 3.
    assert_eq!(cells, ["2", "0", "3", "2"]);
    assert_eq!(allocated.stages.fair_ratio[1], Some(0.0));
    assert_eq!(allocated.stages.deviation, 3.0);
    // The LP stages' rounded answer is as close to the plan, exactly.
    let Outcome::Optimal(lp) = allocate_lp(&scenario, Default::default()).unwrap() else {
        panic!("the LP finds the scenario feasible");
    };
    let deviation = |allocation: &[Decimal]| -> Decimal {
        allocation
            .iter()
            .zip(&scenario.cells)
            .map(|(x, cell)| (*x - cell.plan).abs())
            .sum()
    };
    assert_eq!(deviation(&lp.allocation), deviation(&allocated.allocation));
}

/// Found in review: X's maximum of 0.02 ha lets tier 1 have 2 units of 0.01 over A's 3 and
/// B's 2 flexible units; the fair ratio is 2/5, whose floors give A 1 unit and B none, and
/// the floors' remainder (0.2 + 0.8 of a unit) is one unit, which goes to the larger fraction:
/// B. The nested-limit engine answers so without A's capacity; with it (10 ha, never
/// binding, but crossing X's maximum) the flow stages must answer the same, not leave B
/// with nothing.
#[test]
fn a_fair_cut_hands_out_the_floors_remainder_like_the_nested_engine() {
    let county = |capacity: &str| {
        scenario(
            "name,fc\nunit,ha\ncap,100\n",
            "X,1,,,0.02\nY,2,,,\n",
            &format!("A,,{capacity}\nB,,\n"),
            "A,X,0.03,0.03,0\nB,X,0,0.02,0\nA,Y,1,1,0\n",
            "",
        )
    };
    let answer = |scenario: &Scenario| {
        let (allocated, cells) = answered(scenario);
        (allocated.path, cells)
    };
    use landplan::solve::engine::SolverPath;
    assert_eq!(
        answer(&county("")),
        (
            SolverPath::Laminar,
            vec!["0.01".into(), "1".into(), "0.01".into()]
        )
    );
    assert_eq!(
        answer(&county("10")),
        (
            SolverPath::Flow,
            vec!["0.01".into(), "1".into(), "0.01".into()]
        )
    );
}

/// The real data: the illustrative Lianzhou v2 scenario (sub-items, stock and a new-land
/// quota, town capacities beside the 经营性用地 rule) is answered by the flow stages, and
/// every cell equals the LP stages' answer.
#[test]
fn the_illustrative_lianzhou_scenario_takes_the_flow_path_with_the_lp_stages_cells() {
    let folder = crate::common::root().join("scenarios/lianzhou-v2-illustrative");
    let raw = landplan::load::load(&landplan::load::Folder(folder)).unwrap();
    let scenario = landplan::validate::validate(&raw).scenario;
    let (flow, _) = answered(&scenario);
    assert_eq!(flow.path, landplan::solve::engine::SolverPath::Flow);
    let Outcome::Optimal(lp) = allocate_lp(&scenario, Default::default()).unwrap() else {
        panic!("the LP finds the scenario feasible");
    };
    assert_eq!(flow.allocation, lp.allocation);
}
