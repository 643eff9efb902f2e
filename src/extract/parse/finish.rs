//! The end of a reading: the folder's unit chosen, every figure converted exactly, and a
//! note for what the text left open (a total's kind, a category or town without a figure).

use super::lex::Figure;
use super::{said, Category, Cell, Extraction, Note, NoteKind, Parser, SubItem, Total, Town};
use crate::scenario::Unit;
use rust_decimal::Decimal;

impl Parser {
    /// Chooses the unit, converts every figure exactly and lists what the text left open.
    pub(super) fn finish(mut self, title: Option<String>) -> Extraction {
        let figures = self.figures();
        let unit = if figures.iter().all(|f| f.ha.is_some()) {
            Unit::Ha
        } else {
            Unit::Mu
        };
        if figures.iter().any(|f| f.mu.is_none()) && figures.iter().any(|f| f.ha.is_none()) {
            let message = said(
                "the text gives some figures in 公顷 only and others in 亩 only: the folder is in mu, hectares multiplied by 15 exactly",
                "原文部分数字只有公顷、部分只有亩：统一按亩写入，公顷数乘以 15 精确折算",
            );
            self.notes
                .push(Note::new(0, 0, NoteKind::Warning, message, String::new()));
        }
        let total = self.total.as_ref().map(|total| {
            if total.kind.is_none() {
                let message = said(
                    "the total's wording says neither 控制在…以内 nor 约: written as at_most",
                    "总量表述既无“控制在…以内”也无“约”：按“以内”（上限）写入",
                );
                self.notes.push(Note::new(
                    total.at.line,
                    total.at.column,
                    NoteKind::Warning,
                    message,
                    total.at.text.clone(),
                ));
            }
            Total {
                value: in_unit(&total.figure, unit),
                kind: total.kind.unwrap_or_default(),
                line: total.at.line,
            }
        });
        let structured = self.categories.iter().any(|c| c.plan.is_some());
        for category in self.categories.iter().filter(|c| c.plan.is_none()) {
            let name = &category.name;
            let message = if structured {
                said(
                    format!(
                        "{name} is in the layout but not in the structure: its total is left empty"
                    ),
                    format!("{name}见于供应布局而不见于供应结构：其合计留空"),
                )
            } else {
                said(
                    format!("the text gives no structure: {name}'s total is left empty"),
                    format!("原文未列供应结构：{name}的合计留空"),
                )
            };
            self.notes.push(Note::new(
                category.line,
                0,
                NoteKind::Warning,
                message,
                String::new(),
            ));
        }
        for town in self.towns.iter().filter(|t| t.plan.is_none() && !t.missing) {
            let message = said(
                format!("the text gives no total for {}: left empty", town.name),
                format!("原文未列{}的合计：留空", town.name),
            );
            self.notes.push(Note::new(
                town.line,
                0,
                NoteKind::Warning,
                message,
                String::new(),
            ));
        }
        let categories = self
            .categories
            .iter()
            .map(|c| Category {
                name: c.name.clone(),
                tier: crate::extract::tiers::default_tier(&c.name),
                plan: c.plan.as_ref().map(|(f, _)| in_unit(f, unit)),
                line: c.plan.as_ref().map_or(c.line, |(_, at)| at.line),
            })
            .collect();
        let towns = self
            .towns
            .iter()
            .map(|t| Town {
                name: t.name.clone(),
                plan: t.plan.as_ref().map(|(f, _)| in_unit(f, unit)),
                line: t.plan.as_ref().map_or(t.line, |(_, at)| at.line),
            })
            .collect();
        let cells = self
            .cell_order
            .iter()
            .map(|key| {
                let (figure, at) = &self.cells[key];
                Cell {
                    town: self.towns[key.0].name.clone(),
                    category: self.categories[key.1].name.clone(),
                    plan: in_unit(figure, unit),
                    line: at.line,
                }
            })
            .collect();
        let subitems = self
            .subitems
            .iter()
            .map(|s| SubItem {
                category: self.categories[s.parent].name.clone(),
                town: s.town.map(|t| self.towns[t].name.clone()),
                name: s.name.clone(),
                plan: in_unit(&s.figure, unit),
                line: s.at.line,
            })
            .collect();
        self.check_shares(unit);
        self.notes.sort();
        Extraction {
            title,
            year: self.year,
            place: self.place,
            unit,
            total,
            categories,
            towns,
            cells,
            subitems,
            notes: self.notes,
        }
    }

    pub(super) fn figures(&self) -> Vec<&Figure> {
        let total = self.total.iter().map(|t| &t.figure);
        let categories = self
            .categories
            .iter()
            .filter_map(|c| c.plan.as_ref().map(|(f, _)| f));
        let towns = self
            .towns
            .iter()
            .filter_map(|t| t.plan.as_ref().map(|(f, _)| f));
        let cells = self.cells.values().map(|(f, _)| f);
        let subitems = self.subitems.iter().map(|s| &s.figure);
        total
            .chain(categories)
            .chain(towns)
            .chain(cells)
            .chain(subitems)
            .collect()
    }
}

/// Whether two figures are the same area (compared in a unit both give, or exactly by 15).
pub(super) fn same(a: &Figure, b: &Figure) -> bool {
    match (a.ha, b.ha, a.mu, b.mu) {
        (Some(x), Some(y), _, _) => x == y,
        (_, _, Some(x), Some(y)) => x == y,
        _ => in_unit(a, Unit::Mu) == in_unit(b, Unit::Mu),
    }
}

/// A figure in the folder's unit: as published when the text gives that unit, hectares times
/// 15 (exact) for mu.
pub(super) fn in_unit(figure: &Figure, unit: Unit) -> Decimal {
    match (unit, figure.ha, figure.mu) {
        (Unit::Ha, Some(ha), _) => ha,
        (Unit::Mu, _, Some(mu)) => mu,
        (Unit::Mu, Some(ha), None) => Unit::Ha.convert(ha, Unit::Mu),
        // The unit is hectares only when every figure has hectares; mu alone never meets it.
        (Unit::Ha, None, Some(mu)) => Unit::Mu.convert(mu, Unit::Ha),
        (_, None, None) => Decimal::ZERO,
    }
}
