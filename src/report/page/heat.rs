//! The town x category heat table: the report's view of the allocation when there are too
//! many towns for a chart each.
//!
//! Input: the scenario (through `Words`) and a solved `Evaluation`. Output: `Heat` blocks of
//! at most `TOWNS_PER_PAGE` towns each (a page of the printed report), one row per town and
//! one column per category, each cell the exact allocated figure and a shade proportional to
//! it on one scale for the whole table (the largest allocated cell is the darkest), so cells
//! compare across pages as well as within one. Markdown prints the same figures as tables.

use super::words::Words;
use super::Block;
use crate::evaluate::Evaluation;
use crate::scenario::{CategoryId, TownId};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// Above this many towns the report draws a heat table instead of a bar chart per town.
pub const MANY_TOWNS: usize = 60;

/// Towns per page of the heat table (the printed page holds about this many rows).
pub const TOWNS_PER_PAGE: usize = 60;

/// One page of the heat table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heat {
    /// The first column's heading (镇 / town), then one per category.
    pub header: Vec<String>,
    /// Each town's name and its allocated figure per category (`None`: no such cell).
    pub rows: Vec<(String, Vec<Option<Decimal>>)>,
    /// The figure the darkest shade stands for: the largest cell of the whole table.
    pub full: Decimal,
}

impl Heat {
    /// A cell's shade, from 0 (white) to 1 (darkest), to three decimals.
    pub fn shade(&self, value: Decimal) -> Decimal {
        if self.full <= Decimal::ZERO {
            return Decimal::ZERO;
        }
        (value / self.full)
            .round_dp(3)
            .clamp(Decimal::ZERO, Decimal::ONE)
    }
}

/// The heat table of an allocation, a block per page, each page led by its heading.
pub fn blocks(words: &Words, evaluation: &Evaluation) -> Vec<Block> {
    let scenario = words.scenario;
    let allocated: HashMap<(TownId, CategoryId), Decimal> = evaluation
        .cells
        .iter()
        .map(|c| ((c.town, c.category), c.allocated.normalize()))
        .collect();
    let full = allocated.values().copied().max().unwrap_or_default();
    let mut header = vec![words.pick("镇", "town").to_string()];
    header.extend(scenario.categories.iter().map(|c| c.name.clone()));
    let rows: Vec<(String, Vec<Option<Decimal>>)> = scenario
        .towns
        .iter()
        .enumerate()
        .map(|(t, town)| {
            let figures = (0..scenario.categories.len())
                .map(|c| allocated.get(&(TownId(t), CategoryId(c))).copied())
                .collect();
            (town.name.clone(), figures)
        })
        .collect();
    let pages = rows.len().div_ceil(TOWNS_PER_PAGE);
    rows.chunks(TOWNS_PER_PAGE)
        .enumerate()
        .flat_map(|(page, chunk)| {
            let first = page * TOWNS_PER_PAGE + 1;
            let last = first + chunk.len() - 1;
            let heading = words.pick(
                format!(
                    "第 {} 页，共 {pages} 页：第 {first} 至 {last} 个镇",
                    page + 1
                ),
                format!("Page {} of {pages}: towns {first} to {last}", page + 1),
            );
            [
                Block::Heading(heading),
                Block::Heat(Heat {
                    header: header.clone(),
                    rows: chunk.to_vec(),
                    full,
                }),
            ]
        })
        .collect()
}

/// The paragraph that says how to read the table.
pub fn legend(words: &Words, towns: usize) -> String {
    let unit = words.unit();
    words.pick(
        format!(
            "共 {towns} 个镇，按镇列出本方案各类用地配置（{unit}），颜色深浅与面积成正比，全表同一标尺；每页 {TOWNS_PER_PAGE} 个镇。"
        ),
        format!(
            "{towns} towns: each town's allocation by category ({unit}), shaded in proportion to the area on one scale for the whole table; {TOWNS_PER_PAGE} towns a page."
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shades_are_proportional_on_one_scale_and_bounded() {
        let heat = Heat {
            header: Vec::new(),
            rows: Vec::new(),
            full: Decimal::new(80, 0),
        };
        assert_eq!(heat.shade(Decimal::new(80, 0)), Decimal::ONE);
        assert_eq!(heat.shade(Decimal::new(20, 0)), Decimal::new(25, 2));
        assert_eq!(heat.shade(Decimal::ZERO), Decimal::ZERO);
        let empty = Heat {
            full: Decimal::ZERO,
            ..heat
        };
        assert_eq!(empty.shade(Decimal::ONE), Decimal::ZERO);
    }
}
