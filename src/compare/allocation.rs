//! Named allocations: an allocation by town and category names, whatever its source.
//!
//! Input: a scenario's published plan, a solved scenario's allocation, or a saved allocation
//! file (the CSV of `solve --format csv`, a hand-typed CSV `town,category,allocated`, or the
//! JSON of `solve --format json`) as bytes. Output: a `NamedAllocation` (one figure per
//! town/category, names as written, each row located), its names resolved against a scenario
//! (aliases to canonical names, tiers filled in), or the allocation laid onto a scenario's
//! cells for `evaluate`. File problems are located (`file:line: column 'x': ...`) and all
//! reported together. Reads no files itself.

use crate::load::table::{Column, Table};
use crate::load::CELL_COLUMNS;
use crate::number::parse_decimal;
use crate::problem::{Origin, Problem, Problems};
use crate::scenario::{CategoryId, Cell, Scenario, TownId};
use crate::target::{category_index, town_index};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// One town x category figure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedCell {
    pub town: String,
    pub category: String,
    /// The category's tier, when the source says.
    pub tier: Option<u32>,
    pub value: Decimal,
    /// Where the figure was read, when it was read from a file.
    pub origin: Option<Origin>,
}

/// An allocation by names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedAllocation {
    /// How to name the allocation to a user (`plan:FOLDER`, `FOLDER#NAME`, a file).
    pub label: String,
    pub cells: Vec<NamedCell>,
}

/// An allocation laid onto a scenario's cells.
#[derive(Debug, Clone, PartialEq)]
pub struct Laid {
    /// The scenario, plus a cell (plan, demand and committed 0) for each figure the file
    /// gives to a town/category pair the scenario does not have.
    pub scenario: Scenario,
    /// One figure per cell of `scenario`.
    pub allocation: Vec<Decimal>,
    /// The cells added (`town/category`).
    pub outside: Vec<String>,
    /// The scenario's cells the allocation does not mention (taken as 0).
    pub missing: Vec<String>,
}

/// `cells.csv`'s town, category, plan, demand and committed columns (the last three read
/// past), plus the allocation, its tier and the delta of `solve --format csv`.
const COLUMNS: &[Column] = &[
    CELL_COLUMNS[0],
    CELL_COLUMNS[1],
    Column {
        name: "allocated",
        aliases: &["allocation", "supplied", "分配", "分配量", "供应"],
        required: true,
    },
    Column {
        name: "tier",
        aliases: &["优先级", "层级"],
        required: false,
    },
    Column {
        required: false,
        ..CELL_COLUMNS[2]
    },
    CELL_COLUMNS[3],
    CELL_COLUMNS[4],
    Column {
        name: "delta",
        aliases: &["变化"],
        required: false,
    },
];

fn cell_name(scenario: &Scenario, town: TownId, category: CategoryId) -> String {
    format!(
        "{}/{}",
        scenario.town(town).name,
        scenario.category(category).name
    )
}

impl NamedAllocation {
    /// The published figures of a scenario's cells.
    pub fn plan(label: &str, scenario: &Scenario) -> NamedAllocation {
        let plan: Vec<Decimal> = scenario.cells.iter().map(|c| c.plan).collect();
        Self::allocated(label, scenario, &plan)
    }

    /// An allocation of a scenario (one figure per cell, in cell order).
    pub fn allocated(label: &str, scenario: &Scenario, allocation: &[Decimal]) -> NamedAllocation {
        NamedAllocation {
            label: label.to_string(),
            cells: scenario
                .cells
                .iter()
                .zip(allocation)
                .map(|(cell, value)| NamedCell {
                    town: scenario.town(cell.town).name.clone(),
                    category: scenario.category(cell.category).name.clone(),
                    tier: Some(scenario.tier_of(cell)),
                    value: *value,
                    origin: Some(cell.origin.clone()),
                })
                .collect(),
        }
    }

    /// Reads a saved allocation: JSON when the name ends in `.json` or the text starts with
    /// `{`, CSV otherwise.
    pub fn parse(shown: &str, bytes: &[u8]) -> Result<NamedAllocation, Problems> {
        let mut decoding = Vec::new();
        let Some((text, _)) = crate::load::decode_file(shown, bytes, &mut decoding) else {
            return Err(Problems::sorted(decoding));
        };
        let json = shown.to_lowercase().ends_with(".json") || text.trim_start().starts_with('{');
        let cells = if json {
            parse_json(shown, &text)?
        } else {
            parse_csv(shown, &text)?
        };
        let allocation = NamedAllocation {
            label: shown.to_string(),
            cells,
        };
        let mut problems = Vec::new();
        allocation.check_duplicates(|c| (c.town.clone(), c.category.clone()), &mut problems);
        if problems.is_empty() {
            Ok(allocation)
        } else {
            Err(Problems::sorted(problems))
        }
    }

    fn check_duplicates(
        &self,
        key: impl Fn(&NamedCell) -> (String, String),
        problems: &mut Vec<Problem>,
    ) {
        let mut seen: BTreeMap<(String, String), &NamedCell> = BTreeMap::new();
        for cell in &self.cells {
            if let Some(first) = seen.get(&key(cell)) {
                let at = first
                    .origin
                    .as_ref()
                    .map_or_else(String::new, |o| format!(" (first at {o})"));
                problems.push(
                    Problem::new(
                        cell.origin
                            .clone()
                            .unwrap_or_else(|| Origin::new(&self.label, 0)),
                        format!("{}/{} appears twice{at}", cell.town, cell.category),
                    )
                    .column("town")
                    .expected("each town/category once"),
                );
            } else {
                seen.insert(key(cell), cell);
            }
        }
    }

    /// Names resolved against `scenario` (aliases to canonical names, tiers from the
    /// scenario). With `strict`, a name the scenario does not know is a problem; without, it
    /// is kept as written. Two rows that resolve to one cell are a problem either way.
    pub fn resolve(&self, scenario: &Scenario, strict: bool) -> Result<NamedAllocation, Problems> {
        let (towns, categories) = (town_index(scenario), category_index(scenario));
        let mut problems = Vec::new();
        let mut cells = Vec::new();
        for cell in &self.cells {
            let origin = cell
                .origin
                .clone()
                .unwrap_or_else(|| Origin::new(&self.label, 0));
            let town = towns.resolve(&cell.town).map(TownId);
            let category = categories.resolve(&cell.category).map(CategoryId);
            if strict {
                for (column, found, name, file) in [
                    ("town", town.is_some(), &cell.town, "towns.csv"),
                    (
                        "category",
                        category.is_some(),
                        &cell.category,
                        "categories.csv",
                    ),
                ] {
                    if !found {
                        problems.push(
                            Problem::new(origin.clone(), format!("unknown {column}"))
                                .column(column)
                                .got(name.as_str())
                                .expected(format!("a name listed in the scenario's {file}")),
                        );
                    }
                }
            }
            cells.push(NamedCell {
                town: town.map_or_else(|| cell.town.clone(), |t| scenario.town(t).name.clone()),
                category: category.map_or_else(
                    || cell.category.clone(),
                    |c| scenario.category(c).name.clone(),
                ),
                tier: category.map(|c| scenario.category(c).tier).or(cell.tier),
                value: cell.value,
                origin: cell.origin.clone(),
            });
        }
        let resolved = NamedAllocation {
            label: self.label.clone(),
            cells,
        };
        resolved.check_duplicates(|c| (c.town.clone(), c.category.clone()), &mut problems);
        if problems.is_empty() {
            Ok(resolved)
        } else {
            Err(Problems::sorted(problems))
        }
    }

    /// Lays the allocation onto the scenario's cells (names must resolve: see `resolve`).
    pub fn lay_onto(&self, scenario: &Scenario) -> Result<Laid, Problems> {
        let resolved = self.resolve(scenario, true)?;
        let (towns, categories) = (town_index(scenario), category_index(scenario));
        let mut laid = scenario.clone();
        let mut figures: BTreeMap<(TownId, CategoryId), Decimal> = BTreeMap::new();
        let mut outside = Vec::new();
        for cell in &resolved.cells {
            let town = TownId(towns.resolve(&cell.town).expect("resolved above"));
            let category = CategoryId(categories.resolve(&cell.category).expect("resolved above"));
            figures.insert((town, category), cell.value);
            if scenario.cell_index(town, category).is_none() {
                outside.push(cell_name(scenario, town, category));
                laid.cells.push(Cell {
                    town,
                    category,
                    plan: Decimal::ZERO,
                    demand: Decimal::ZERO,
                    committed: Decimal::ZERO,
                    stock: Decimal::ZERO,
                    origin: cell
                        .origin
                        .clone()
                        .unwrap_or_else(|| Origin::new(&self.label, 0)),
                });
            }
        }
        laid.sort_cells();
        let missing = scenario
            .cells
            .iter()
            .filter(|c| !figures.contains_key(&(c.town, c.category)))
            .map(|c| cell_name(scenario, c.town, c.category))
            .collect();
        let allocation = laid
            .cells
            .iter()
            .map(|c| {
                figures
                    .get(&(c.town, c.category))
                    .copied()
                    .unwrap_or_default()
            })
            .collect();
        Ok(Laid {
            scenario: laid,
            allocation,
            outside,
            missing,
        })
    }
}

fn parse_csv(shown: &str, text: &str) -> Result<Vec<NamedCell>, Problems> {
    let mut problems = Vec::new();
    let Some(table) = Table::parse(shown, text, COLUMNS, &mut problems) else {
        return Err(Problems::sorted(problems));
    };
    let mut cells = Vec::new();
    for record in &table.records {
        let mut row = table.row(record, &mut problems);
        let town = row.required_text("town", "a town name");
        let category = row.required_text("category", "a category name");
        let value = row.required_decimal("allocated", "a number >= 0");
        let tier = match row.text("tier") {
            Some(_) => row.required_whole("tier", "a tier: 1, 2, 3, ...").map(Some),
            None => Some(None),
        };
        if let Some(v) = value.filter(|v| v.is_sign_negative() && !v.is_zero()) {
            let problem = Problem::new(row.origin(), "negative figure")
                .column("allocated")
                .got(v.to_string())
                .expected("a number >= 0");
            row.push(problem);
            continue;
        }
        if let (Some(town), Some(category), Some(value), Some(tier)) = (town, category, value, tier)
        {
            cells.push(NamedCell {
                town,
                category,
                tier,
                value,
                origin: Some(row.origin()),
            });
        }
    }
    if problems.is_empty() {
        Ok(cells)
    } else {
        Err(Problems::sorted(problems))
    }
}

/// The part of `solve --format json` an allocation needs.
#[derive(serde::Deserialize)]
struct JsonDocument {
    status: Option<String>,
    cells: Option<Vec<JsonCell>>,
}

#[derive(serde::Deserialize)]
struct JsonCell {
    town: String,
    category: String,
    tier: Option<u32>,
    allocated: serde_json::Value,
}

fn parse_json(shown: &str, text: &str) -> Result<Vec<NamedCell>, Problems> {
    let document: JsonDocument = serde_json::from_str(text).map_err(|error| {
        let origin = Origin::new(shown, error.line() as u64);
        Problems(vec![Problem::new(
            origin,
            format!("unreadable JSON: {error}"),
        )
        .expected("the JSON of `landplan solve --format json`")])
    })?;
    let whole = Origin::new(shown, 0);
    if document.status.as_deref() == Some("infeasible") {
        return Err(Problems(vec![Problem::new(
            whole,
            "the solve it holds is infeasible: it has no allocation",
        )]));
    }
    let Some(json_cells) = document.cells else {
        return Err(Problems(vec![Problem::new(whole, "no 'cells' list")
            .expected("the JSON of `landplan solve --format json`")]));
    };
    let mut problems = Vec::new();
    let mut cells = Vec::new();
    for (index, cell) in json_cells.into_iter().enumerate() {
        let text = match &cell.allocated {
            serde_json::Value::String(text) => text.clone(),
            other => other.to_string(),
        };
        match parse_decimal(&text) {
            Ok(value) if !value.is_sign_negative() || value.is_zero() => cells.push(NamedCell {
                town: cell.town,
                category: cell.category,
                tier: cell.tier,
                value,
                origin: Some(whole.clone()),
            }),
            _ => problems.push(
                Problem::new(whole.clone(), "invalid value")
                    .column(format!("cells[{index}].allocated"))
                    .got(text)
                    .expected("a number >= 0, best as a string such as \"12.5\""),
            ),
        }
    }
    if problems.is_empty() {
        Ok(cells)
    } else {
        Err(Problems(problems))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::load;
    use crate::validate::validate;
    use std::str::FromStr;

    fn lianzhou() -> Scenario {
        validate(&load(&crate::builtin::lianzhou()).unwrap()).scenario
    }

    #[test]
    fn reads_a_hand_typed_csv_with_aliases_and_lays_it_onto_the_scenario() {
        let text = "乡镇,用地类型,allocated\n九陂镇,industrial,20\n西岸镇,公用设施用地,0.5\n";
        let allocation = NamedAllocation::parse("mine.csv", text.as_bytes()).unwrap();
        let laid = allocation.lay_onto(&lianzhou()).unwrap();
        assert_eq!(laid.outside, vec!["西岸镇/公用设施用地"]);
        assert_eq!(laid.missing.len(), 24);
        assert_eq!(laid.scenario.cells.len(), 26);
        let total: Decimal = laid.allocation.iter().sum();
        assert_eq!(total, Decimal::from_str("20.5").unwrap());
    }

    #[test]
    fn file_problems_are_located_and_reported_together() {
        let text = "town,category,allocated\n九陂镇,工矿仓储用地,12,5\n九陂镇,工矿仓储用地,-1\n无名镇,商服用地,1\n";
        let problems = NamedAllocation::parse("mine.csv", text.as_bytes()).unwrap_err();
        let shown: Vec<String> = problems.0.iter().map(ToString::to_string).collect();
        assert!(
            shown.iter().any(|p| p.starts_with("mine.csv:2:")),
            "{shown:?}"
        );
        assert!(
            shown
                .iter()
                .any(|p| p.starts_with("mine.csv:3: column 'allocated': negative figure")),
            "{shown:?}"
        );
        let text = "town,category,allocated\n无名镇,商服用地,1\n";
        let allocation = NamedAllocation::parse("mine.csv", text.as_bytes()).unwrap();
        let problems = allocation.lay_onto(&lianzhou()).unwrap_err();
        assert_eq!(
            problems.0[0].to_string(),
            "mine.csv:2: column 'town': unknown town (got '无名镇', expected a name listed in the scenario's towns.csv)"
        );
    }

    #[test]
    fn reads_the_json_of_a_solve() {
        let text = r#"{"status":"optimal","cells":[{"town":"龙坪镇","category":"工矿仓储用地","tier":1,"allocated":"11.440049"}]}"#;
        let allocation = NamedAllocation::parse("x.json", text.as_bytes()).unwrap();
        assert_eq!(
            allocation.cells[0].value,
            Decimal::from_str("11.440049").unwrap()
        );
        assert_eq!(allocation.cells[0].tier, Some(1));
        let broken = NamedAllocation::parse("x.json", b"{\"cells\": [").unwrap_err();
        assert!(broken.0[0].message.starts_with("unreadable JSON"));
    }
}
