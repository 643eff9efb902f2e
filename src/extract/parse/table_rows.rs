//! Rows of a layout table: a town's total and its figures by category, or the totals row.

use super::clause::quote;
use super::lex::Figure;
use super::state::{At, Last};
use super::table::{self, Column, RowKey};
use super::{said, NoteKind, Parser};

impl Parser {
    /// A layout table's header: it ends any list in progress.
    pub(super) fn table_header(&mut self, number: u64) {
        self.line = number;
        self.town = None;
        self.caption = None;
        self.end_sentence();
        self.last = Last::Nothing;
    }

    /// A row of a layout table: a town's total and its figure for each category, or the
    /// totals row (合计), which gives the structure and the total.
    pub(super) fn table_row(&mut self, number: u64, line: &str, table: &table::Table) {
        self.line = number;
        let cells = table::cells(line);
        let Some(place) = cells.get(table.place) else {
            return;
        };
        let at = |cell: &table::Cell| At {
            line: number,
            column: cell.column as u64,
            text: quote(&format!("{} {}", place.published, cell.published)),
        };
        let key = table::row_key(&place.text);
        if let RowKey::Other(name) = &key {
            let figures = cells.iter().zip(&table.columns).any(|(cell, column)| {
                matches!(column, Column::Total | Column::Category(_))
                    && !matches!(table::value(&cell.text), Ok(None))
            });
            if figures {
                let message = said(
                    format!("a table row for '{name}', which names no town: not read"),
                    format!("表格中“{name}”一行未指明乡镇：未读取"),
                );
                let row = At {
                    text: quote(&line.replace('\t', " ")),
                    ..at(place)
                };
                self.note(NoteKind::Unread, &row, message);
            }
            return;
        }
        for (cell, column) in cells.iter().zip(&table.columns) {
            if matches!(column, Column::Place | Column::Other) {
                continue;
            }
            let value = match table::value(&cell.text) {
                Ok(Some(value)) => value,
                Ok(None) => continue,
                Err(reason) => {
                    self.note(
                        NoteKind::Unread,
                        &at(cell),
                        said(
                            format!("not read as a figure: {}", reason.en),
                            format!("未能作为数据读取：{}", reason.zh),
                        ),
                    );
                    continue;
                }
            };
            let figure = Figure::new(value, table.unit);
            if let Some(reason) = self.skip("") {
                self.note(NoteKind::Skipped, &at(cell), reason);
                continue;
            }
            match (&key, column) {
                (RowKey::Town(town), Column::Total) => {
                    self.set_town(town.clone(), &figure, at(cell))
                }
                (RowKey::Town(town), Column::Category(category)) => {
                    let town = self.town_id(town);
                    self.set_cell(town, category.clone(), &figure, at(cell));
                }
                (RowKey::Totals, Column::Total) => self.set_total("", &figure, at(cell)),
                (RowKey::Totals, Column::Category(category)) => {
                    self.set_category(category.clone(), &figure, at(cell))
                }
                _ => {}
            }
        }
        self.town = None;
        self.last = Last::Nothing;
    }
}
