//! The report as Markdown (GitHub-flavoured).
//!
//! Input: a `Page`. Output: Markdown text with the same sections, paragraphs, lists and tables
//! as the HTML page. Bar charts are left out (their figures are in the tables beside them); a
//! line chart becomes the table of its points (its markers are in the table beside it). Every
//! text goes through `report::markdown`, which escapes it.

use super::{Block, Item, Lang, LineChart, Page, Table};
use crate::number::show;
use crate::report::markdown;

/// Renders the page as Markdown.
pub fn render(page: &Page) -> String {
    let mut out = markdown::title(&page.title);
    if let Some(subtitle) = &page.subtitle {
        out.push_str(&format!("\n{}", markdown::paragraph(subtitle)));
    }
    for section in &page.sections {
        out.push_str(&format!("\n## {}\n", markdown::escape(&section.title)));
        for (i, block) in section.blocks.iter().enumerate() {
            // A heading over charts only would stand over nothing.
            let over_charts = matches!(section.blocks.get(i + 1), Some(Block::Bars(_)));
            if !(matches!(block, Block::Heading(_)) && over_charts) {
                out.push_str(&block_markdown(block, page.lang));
            }
        }
    }
    out
}

fn block_markdown(block: &Block, lang: Lang) -> String {
    match block {
        Block::Heading(text) => markdown::subheading(text),
        Block::Paragraph(text) => format!("\n{}", markdown::paragraph(text)),
        Block::List(items) => format!("\n{}", list(items)),
        Block::Table(table) => format!("\n{}", table_markdown(table)),
        Block::Bars(_) => String::new(),
        Block::Heat(heat) => format!("\n{}", heat_markdown(heat)),
        Block::Line(chart) => format!("\n{}", line_table(chart)),
        Block::Facts(facts) => {
            let lines: Vec<String> = facts
                .iter()
                .map(|(key, value)| {
                    let colon = if lang == Lang::Zh { "：" } else { ": " };
                    markdown::item(&format!("{key}{colon}{value}"))
                })
                .collect();
            format!("\n{}", lines.concat())
        }
    }
}

/// The heat table's figures (the shades are the HTML page's).
fn heat_markdown(heat: &super::heat::Heat) -> String {
    let rows: Vec<Vec<String>> = heat
        .rows
        .iter()
        .map(|(town, figures)| {
            std::iter::once(town.clone())
                .chain(figures.iter().map(|f| f.map(show).unwrap_or_default()))
                .collect()
        })
        .collect();
    let header: Vec<&str> = heat.header.iter().map(String::as_str).collect();
    markdown::table(&header, &rows)
}

fn list(items: &[Item]) -> String {
    items
        .iter()
        .map(|item| {
            let sub: Vec<String> = item
                .sub
                .iter()
                .map(|s| format!("  {}", markdown::item(s)))
                .collect();
            format!("{}{}", markdown::item(&item.text), sub.concat())
        })
        .collect()
}

fn table_markdown(table: &Table) -> String {
    let header: Vec<&str> = table.header.iter().map(String::as_str).collect();
    markdown::table(&header, &table.rows)
}

/// A line chart's points as a table: x, then one column per series.
fn line_table(chart: &LineChart) -> String {
    let mut xs: Vec<_> = chart
        .series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.0))
        .collect();
    xs.sort();
    xs.dedup();
    let mut header = vec![chart.x_label.as_str()];
    header.extend(chart.series.iter().map(|s| s.label.as_str()));
    let rows: Vec<Vec<String>> = xs
        .iter()
        .map(|x| {
            let mut row = vec![show(*x)];
            row.extend(chart.series.iter().map(|s| {
                s.points
                    .iter()
                    .find(|p| p.0 == *x)
                    .map(|p| show(p.1))
                    .unwrap_or_default()
            }));
            row
        })
        .collect();
    let mut out = format!("{}\n", markdown::paragraph(&chart.title));
    out.push_str(&markdown::table(&header, &rows));
    out
}
