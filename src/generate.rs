//! A realistic random scenario of any size, for benchmarks, scale tests and demonstrations.
//!
//! Input: a number of towns, a number of categories and a seed. Output: the five CSV files of
//! a scenario folder (`scenario.csv`, `categories.csv`, `towns.csv`, `cells.csv`, `rules.csv`)
//! as text, and the validated `Scenario` they load to. The same options give the same bytes on
//! every machine (ChaCha8 seeded from the seed, integer arithmetic in units of 0.0001 ha). This
//! module touches no disk: writing a folder is `output`'s job, and the `Scenario` is
//! obtained by loading the generated texts through `load` and `validate`, so a generated
//! folder and the library function can never disagree.
//!
//! What a generated scenario looks like (see docs/scale.md):
//! - town sizes are log-normal (a few big towns, many small ones);
//! - a town lacks each category with some probability (bigger towns lack fewer);
//! - demand per cell is town size x category weight x noise; total demand is 25% above the
//!   cap, so the cap binds and a tier is cut;
//! - the published plan is demand scaled to the cap with noise;
//! - about 3% of cells have committed land, about 20% of towns a capacity, the largest
//!   category a maximum, and a share rule (经营性用地: 住宅 + 商服 at most a share of the total);
//! - with `Limits::Nested`, no town capacities and the 经营性用地 rule as an amount (at most
//!   90% of its demand), so every limit is nested in another and the exact greedy engine
//!   answers without an LP (the benchmarks of that engine use it).

use crate::load::{LoadError, Source};
use crate::problem::Problems;
use crate::scenario::Scenario;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, LogNormal};
use rust_decimal::Decimal;

/// Decimals of every generated figure (0.0001 ha = 1 m²).
pub const SCALE: u32 = 4;

/// The largest sizes accepted: beyond the nation (about 40,000 towns) and any category list.
pub const MAX_TOWNS: usize = 1_000_000;
pub const MAX_CATEGORIES: usize = 100;

/// Category names: the common GB/T 21010 and 国土空间 classes; more are numbered.
const CATEGORY_NAMES: [&str; 12] = [
    "工矿仓储用地",
    "公用设施用地",
    "住宅用地",
    "交通运输用地",
    "医疗卫生用地",
    "公园与绿地",
    "商服用地",
    "教育用地",
    "水域及水利设施用地",
    "机关团体用地",
    "物流仓储用地",
    "特殊用地",
];

/// Relative size of each named category's demand (industry largest, as in county plans).
const CATEGORY_WEIGHTS: [u32; 12] = [40, 8, 25, 7, 1, 4, 12, 5, 3, 2, 6, 1];

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GenerateOptions {
    pub towns: usize,
    pub categories: usize,
    pub seed: u64,
    pub limits: Limits,
}

impl Default for GenerateOptions {
    /// A county: 100 towns, 7 categories, seed 1, every kind of limit.
    fn default() -> Self {
        GenerateOptions {
            towns: 100,
            categories: 7,
            seed: 1,
            limits: Limits::All,
        }
    }
}

/// Which limits a generated scenario has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Limits {
    /// Town capacities, a category maximum and a share rule, as county plans have them.
    #[default]
    All,
    /// Only limits nested in one another: the cap, a category maximum and the 经营性用地 rule
    /// as an amount; no town capacities.
    Nested,
}

/// Why nothing was generated.
#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    #[error("the number of towns must be between 1 and {MAX_TOWNS} (got {0})")]
    Towns(usize),
    #[error("the number of categories must be between 1 and {MAX_CATEGORIES} (got {0})")]
    Categories(usize),
    /// A generated file that does not load is a bug of this module, reported, never hidden.
    #[error("the generated scenario does not load (a bug in the generator): {0}")]
    Load(#[from] LoadError),
    #[error("the generated scenario does not validate (a bug in the generator): {0}")]
    Invalid(Problems),
}

/// The files of a generated scenario folder, in writing order: (file name, text).
pub type Files = Vec<(&'static str, String)>;

/// One generated cell, in units of 0.0001 ha.
struct CellDraft {
    town: usize,
    category: usize,
    plan: u64,
    demand: u64,
    committed: u64,
}

/// The drawn figures, before they become text.
struct Draft {
    categories: usize,
    towns: usize,
    cells: Vec<CellDraft>,
    cap: u64,
    capacities: Vec<Option<u64>>,
    category_max: Vec<Option<u64>>,
    operating_rule: Option<(Vec<usize>, OperatingLimit)>,
}

/// The 经营性用地 rule's limit: a share of the total, or an amount.
#[derive(Debug, Clone, Copy)]
enum OperatingLimit {
    /// At most this whole percentage of the total supply.
    Share(u32),
    /// At most this many units.
    Amount(u64),
}

/// Checks the options.
pub fn check(options: &GenerateOptions) -> Result<(), GenerateError> {
    if options.towns == 0 || options.towns > MAX_TOWNS {
        return Err(GenerateError::Towns(options.towns));
    }
    if options.categories == 0 || options.categories > MAX_CATEGORIES {
        return Err(GenerateError::Categories(options.categories));
    }
    Ok(())
}

/// The scenario folder's files for these options.
pub fn files(options: &GenerateOptions) -> Result<Files, GenerateError> {
    check(options)?;
    Ok(render(options, &draw(options)))
}

/// The generated scenario, loaded and validated in memory (no disk).
pub fn generate(options: &GenerateOptions) -> Result<Scenario, GenerateError> {
    let files = files(options)?;
    let raw = crate::load::load(&Generated(&files))?;
    let validated = crate::validate::validate(&raw);
    if !validated.problems.is_empty() {
        return Err(GenerateError::Invalid(Problems::sorted(validated.problems)));
    }
    Ok(validated.scenario)
}

/// The generated files as a load source.
struct Generated<'a>(&'a Files);

impl Source for Generated<'_> {
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

/// A category's name: the named classes first, then numbered ones.
pub fn category_name(index: usize) -> String {
    CATEGORY_NAMES.get(index).map_or_else(
        || format!("其他用地{:03}", index + 1),
        |name| name.to_string(),
    )
}

/// A town's name, numbered so that names sort in town order.
pub fn town_name(index: usize) -> String {
    format!("镇{:06}", index + 1)
}

/// Tier of a category: four tiers (fewer when there are fewer categories), in list order.
fn tier(index: usize, categories: usize) -> usize {
    let tiers = categories.min(4);
    index * tiers / categories + 1
}

fn category_weight(index: usize) -> u32 {
    CATEGORY_WEIGHTS.get(index).copied().unwrap_or(2)
}

/// Draws every figure, in a fixed order, from one ChaCha8 stream.
fn draw(options: &GenerateOptions) -> Draft {
    let mut rng = ChaCha8Rng::seed_from_u64(options.seed);
    let size = LogNormal::new(0.0, 1.0).expect("a valid log-normal distribution");
    let noise = LogNormal::new(0.0, 0.5).expect("a valid log-normal distribution");
    let sizes: Vec<f64> = (0..options.towns).map(|_| size.sample(&mut rng)).collect();
    let mut cells = Vec::new();
    for (town, &size) in sizes.iter().enumerate() {
        // Bigger towns have more kinds of land on offer.
        let presence = (0.45 + 0.2 * size).min(0.95);
        let first = cells.len();
        for category in 0..options.categories {
            let forced = category == options.categories - 1 && cells.len() == first;
            if !forced && !rng.random_bool(presence) {
                continue;
            }
            let hectares = size * f64::from(category_weight(category)) * noise.sample(&mut rng);
            let demand = units(hectares).max(1);
            let plan = units(hectares * 0.8 * rng.random_range(0.85..1.15));
            let committed = if rng.random_bool(0.03) {
                units(hectares * rng.random_range(0.2..0.8)).min(demand)
            } else {
                0
            };
            cells.push(CellDraft {
                town,
                category,
                plan,
                demand,
                committed,
            });
        }
    }
    let demand: u64 = cells.iter().map(|c| c.demand).sum();
    let committed: u64 = cells.iter().map(|c| c.committed).sum();
    let cap = (demand * 4 / 5).max(committed);
    let capacities = capacities(&mut rng, options.towns, &cells);
    let capacities = match options.limits {
        Limits::All => capacities,
        Limits::Nested => vec![None; options.towns],
    };
    let category_max = category_max(options.categories, &cells);
    let operating_rule = operating_rule(options.categories, &cells, options.limits);
    Draft {
        categories: options.categories,
        towns: options.towns,
        cells,
        cap,
        capacities,
        category_max,
        operating_rule,
    }
}

/// Hectares to whole units of 0.0001 ha (never negative).
fn units(hectares: f64) -> u64 {
    // The cast saturates; generated figures are far below u64::MAX units.
    (hectares * 10_000.0).round().max(0.0) as u64
}

/// About 20% of towns can take only 85% of their demand (never less than their commitments).
fn capacities(rng: &mut ChaCha8Rng, towns: usize, cells: &[CellDraft]) -> Vec<Option<u64>> {
    let mut demand = vec![0u64; towns];
    let mut committed = vec![0u64; towns];
    for cell in cells {
        demand[cell.town] += cell.demand;
        committed[cell.town] += cell.committed;
    }
    (0..towns)
        .map(|t| {
            rng.random_bool(0.2)
                .then(|| (demand[t] * 17 / 20).max(committed[t]))
        })
        .collect()
}

/// The largest category may take at most 90% of its demand (never less than its commitments).
fn category_max(categories: usize, cells: &[CellDraft]) -> Vec<Option<u64>> {
    let mut demand = vec![0u64; categories];
    let mut committed = vec![0u64; categories];
    for cell in cells {
        demand[cell.category] += cell.demand;
        committed[cell.category] += cell.committed;
    }
    let largest = (0..categories).max_by_key(|&c| (demand[c], std::cmp::Reverse(c)));
    (0..categories)
        .map(|c| (Some(c) == largest).then(|| (demand[c] * 9 / 10).max(committed[c])))
        .collect()
}

/// 经营性用地 (住宅 + 商服, or the last category when they are absent) at most a whole
/// percentage a little below their share of demand (`Limits::All`), or at most 90% of their
/// demand (`Limits::Nested`), so the rule binds.
fn operating_rule(
    categories: usize,
    cells: &[CellDraft],
    limits: Limits,
) -> Option<(Vec<usize>, OperatingLimit)> {
    if categories < 2 {
        return None;
    }
    let covered: Vec<usize> = [2, 6]
        .into_iter()
        .filter(|&c| c < categories)
        .collect::<Vec<_>>();
    let covered = if covered.is_empty() {
        vec![categories - 1]
    } else {
        covered
    };
    let total: u64 = cells.iter().map(|c| c.demand).sum();
    let inside: u64 = cells
        .iter()
        .filter(|c| covered.contains(&c.category))
        .map(|c| c.demand)
        .sum();
    if limits == Limits::Nested {
        let committed: u64 = cells
            .iter()
            .filter(|c| covered.contains(&c.category))
            .map(|c| c.committed)
            .sum();
        return Some((
            covered,
            OperatingLimit::Amount((inside * 9 / 10).max(committed)),
        ));
    }
    let percent = u32::try_from(inside * 100 / total.max(1)).unwrap_or(100);
    // Feasible whatever the commitments: at most 100%, and slack for committed land.
    Some((
        covered,
        OperatingLimit::Share(percent.saturating_sub(3).max(5)),
    ))
}

fn show(units: u64) -> String {
    Decimal::new(
        i64::try_from(units).expect("generated figures fit in i64"),
        SCALE,
    )
    .normalize()
    .to_string()
}

/// The draft as the five CSV files.
fn render(options: &GenerateOptions, draft: &Draft) -> Files {
    let mut category_plan = vec![0u64; draft.categories];
    let mut town_plan = vec![0u64; draft.towns];
    for cell in &draft.cells {
        category_plan[cell.category] += cell.plan;
        town_plan[cell.town] += cell.plan;
    }
    let scenario = format!(
        "key,value\nname,generated-{}x{}-seed{}\nyear,2025\nunit,ha\ncap,{}\ncap_kind,at_most\nsource,landplan generate --towns {} --categories {} --seed {}{}\n",
        options.towns,
        options.categories,
        options.seed,
        show(draft.cap),
        options.towns,
        options.categories,
        options.seed,
        match options.limits {
            Limits::All => "",
            Limits::Nested => " --limits nested",
        }
    );
    let mut categories = String::from("category,tier,plan,min,max\n");
    for (c, (&plan, max)) in category_plan.iter().zip(&draft.category_max).enumerate() {
        categories.push_str(&format!(
            "{},{},{},,{}\n",
            category_name(c),
            tier(c, draft.categories),
            show(plan),
            max.map(show).unwrap_or_default()
        ));
    }
    let mut towns = String::from("town,plan,capacity\n");
    for (t, (&plan, capacity)) in town_plan.iter().zip(&draft.capacities).enumerate() {
        towns.push_str(&format!(
            "{},{},{}\n",
            town_name(t),
            show(plan),
            capacity.map(show).unwrap_or_default()
        ));
    }
    let mut cells = String::with_capacity(draft.cells.len() * 48);
    cells.push_str("town,category,plan,demand,committed\n");
    for cell in &draft.cells {
        cells.push_str(&format!(
            "{},{},{},{},{}\n",
            town_name(cell.town),
            category_name(cell.category),
            show(cell.plan),
            show(cell.demand),
            show(cell.committed)
        ));
    }
    let mut rules = String::from("rule,categories,towns,bound,value\n");
    if let Some((covered, limit)) = &draft.operating_rule {
        let names = covered
            .iter()
            .map(|&c| category_name(c))
            .collect::<Vec<_>>()
            .join(";");
        rules.push_str(&match limit {
            OperatingLimit::Share(percent) => format!("经营性用地占比,{names},*,max,{percent}%\n"),
            OperatingLimit::Amount(units) => {
                format!("经营性用地总量,{names},*,max,{}\n", show(*units))
            }
        });
    }
    vec![
        (crate::load::SCENARIO_FILE, scenario),
        (crate::load::CATEGORIES_FILE, categories),
        (crate::load::TOWNS_FILE, towns),
        (crate::load::CELLS_FILE, cells),
        (crate::load::RULES_FILE, rules),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(towns: usize, categories: usize, seed: u64) -> GenerateOptions {
        GenerateOptions {
            towns,
            categories,
            seed,
            limits: Limits::All,
        }
    }

    #[test]
    fn nested_limits_have_no_capacities_and_an_amount_rule() {
        let nested = GenerateOptions {
            limits: Limits::Nested,
            ..options(200, 7, 3)
        };
        let scenario = generate(&nested).unwrap();
        assert!(scenario.towns.iter().all(|t| t.capacity.is_none()));
        assert!(matches!(
            scenario.rules[0].value,
            crate::scenario::RuleValue::Amount(_)
        ));
        let all = generate(&options(200, 7, 3)).unwrap();
        assert_eq!(all.cells, scenario.cells, "the same draws, other limits");
        use crate::solve::engine::{Engine, SolverPath};
        let engine = Engine::new(&scenario, Default::default());
        assert_eq!(
            engine.path(),
            SolverPath::Laminar,
            "the greedy engine answers"
        );
        let engine = Engine::new(&all, Default::default());
        // Town capacities cross the category maximum: not nested, but a flow network (the
        // share rule left out and checked on each answer).
        assert_eq!(engine.path(), SolverPath::Flow);
    }

    #[test]
    fn same_seed_same_bytes_other_seed_other_bytes() {
        assert_eq!(
            files(&options(50, 7, 1)).unwrap(),
            files(&options(50, 7, 1)).unwrap()
        );
        assert_ne!(
            files(&options(50, 7, 1)).unwrap(),
            files(&options(50, 7, 2)).unwrap()
        );
    }

    #[test]
    fn generated_scenarios_have_the_promised_shape() {
        let scenario = generate(&options(400, 12, 7)).unwrap();
        assert_eq!(scenario.towns.len(), 400);
        assert_eq!(scenario.categories.len(), 12);
        assert_eq!(scenario.tiers(), vec![1, 2, 3, 4]);
        let demand: Decimal = scenario.cells.iter().map(|c| c.demand).sum();
        assert!(demand > scenario.settings.cap, "demand must exceed the cap");
        assert!(
            scenario.cells.len() < 400 * 12,
            "some towns lack some categories"
        );
        assert!(scenario.cells.iter().any(|c| !c.committed.is_zero()));
        assert!(scenario.towns.iter().any(|t| t.capacity.is_some()));
        assert!(scenario.categories.iter().any(|c| c.max.is_some()));
        assert_eq!(scenario.rules.len(), 1);
        assert!(scenario.scale() <= SCALE);
        // Skewed: the largest town's demand is many times the median town's.
        let mut per_town = vec![Decimal::ZERO; 400];
        for cell in &scenario.cells {
            per_town[cell.town.0] += cell.demand;
        }
        per_town.sort();
        assert!(per_town[399] > per_town[200] * Decimal::from(5));
    }

    #[test]
    fn sizes_are_checked() {
        assert!(matches!(
            files(&options(0, 7, 1)),
            Err(GenerateError::Towns(0))
        ));
        assert!(matches!(
            files(&options(3, 0, 1)),
            Err(GenerateError::Categories(0))
        ));
        let one = generate(&options(1, 1, 3)).unwrap();
        assert_eq!((one.towns.len(), one.cells.len()), (1, 1));
        assert!(one.rules.is_empty());
    }

    #[test]
    fn more_categories_than_named_ones_are_numbered() {
        assert_eq!(category_name(0), "工矿仓储用地");
        assert_eq!(category_name(12), "其他用地013");
        let scenario = generate(&options(5, 15, 4)).unwrap();
        assert_eq!(scenario.categories[14].name, "其他用地015");
    }
}
