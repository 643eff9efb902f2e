//! The report as one self-contained HTML file.
//!
//! Input: a `Page`. Output: an HTML5 document with its CSS and SVG charts inline: no script,
//! no font, image or style sheet fetched from anywhere, so it opens offline and prints on A4
//! (`@page size: A4`, charts and table rows kept whole, table headers repeated on each page).
//! All text is escaped by `maud`, so a town named `<b>` prints as written.

use super::heat::Heat;
use super::{chart, Block, Item, Page, Section, Table};
use maud::{html, Markup, PreEscaped, DOCTYPE};
use rust_decimal::Decimal;

/// The page's style sheet: system CJK fonts only, A4 print rules.
const STYLE: &str = r#"
@page { size: A4; margin: 14mm 12mm; }
:root { --ink: #1d2430; --muted: #5b6675; --rule: #d5dbe3; --accent: #2f6db5; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 190mm; padding: 16px; color: var(--ink);
  font: 13px/1.55 "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei",
  "SimHei", "Helvetica Neue", Arial, sans-serif; }
h1 { font-size: 22px; margin: 0 0 4px; }
h1 + p.subtitle { color: var(--muted); margin: 0 0 16px; }
h2 { font-size: 17px; border-bottom: 2px solid var(--accent); padding-bottom: 3px; margin: 26px 0 10px; }
h3 { font-size: 14px; margin: 16px 0 6px; }
h2, h3, figcaption { break-after: avoid; page-break-after: avoid; }
p { margin: 6px 0; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 12px; font-size: 12px; }
th, td { border: 1px solid var(--rule); padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #eef2f7; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
thead { display: table-header-group; }
tr, figure, li { break-inside: avoid; page-break-inside: avoid; }
table.heat td { padding: 2px 4px; }
table.heat span.dark { color: #fff; }
table.heat { break-after: page; }
ul.advice > li { margin: 8px 0; }
ul.advice li ul { margin: 4px 0 0; padding-left: 18px; color: #24405f; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; font-size: 12px; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; word-break: break-all; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(86mm, 1fr)); gap: 6px 12px; }
figure { margin: 6px 0; }
figcaption { font-weight: 600; font-size: 12px; margin-bottom: 2px; }
svg.chart { width: 100%; max-width: 560px; height: auto; font-size: 12px; font-family: inherit; }
svg.chart .axis { stroke: #8c96a3; stroke-width: 1; }
svg.chart line.marker { stroke: #d9822b; stroke-dasharray: 4 3; }
svg.chart text.marker { fill: #a85d12; font-size: 10px; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
svg.chart line.reference { stroke: #1d2430; stroke-width: 1.5; }
svg.chart text.reference { font-size: 10px; font-weight: 600; }
svg.chart text { fill: var(--ink); }
svg.chart text.value, svg.chart text.tick { fill: var(--muted); font-size: 10px; }
@media print {
  body { padding: 0; max-width: none; }
  section.major { break-before: page; }
  section.whole { break-inside: avoid; page-break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
"#;

/// Renders the page as a complete HTML document.
pub fn render(page: &Page) -> String {
    let document = html! {
        (DOCTYPE)
        html lang=(page.lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="generator" content=(concat!("landplan ", env!("CARGO_PKG_VERSION")));
                title { (page.title) }
                style { (PreEscaped(STYLE)) }
            }
            body {
                header {
                    h1 { (page.title) }
                    @if let Some(subtitle) = &page.subtitle {
                        p.subtitle { (subtitle) }
                    }
                }
                @for section in &page.sections {
                    (section_html(section))
                }
            }
        }
    };
    let mut text = document.into_string();
    text.push('\n');
    text
}

/// A scenario's charts start a new printed page; a sweep or a stress test is kept on one.
fn section_html(section: &Section) -> Markup {
    let class = if section.id.starts_with("allocation-") {
        Some("major")
    } else if section.id.starts_with("sweep-") || section.id.starts_with("stress-") {
        Some("whole")
    } else {
        None
    };
    html! {
        section id=(section.id) class=[class] {
            h2 { (section.title) }
            @for block in &section.blocks {
                (block_html(block))
            }
        }
    }
}

fn block_html(block: &Block) -> Markup {
    match block {
        Block::Heading(text) => html! { h3 { (text) } },
        Block::Paragraph(text) => html! { p { (text) } },
        Block::List(items) => list_html(items),
        Block::Table(table) => table_html(table),
        Block::Bars(charts) => html! {
            div.charts {
                @for c in charts {
                    figure {
                        figcaption { (c.title) }
                        (chart::bars(c))
                    }
                }
            }
        },
        Block::Heat(heat) => heat_html(heat),
        Block::Line(line) => html! {
            figure {
                figcaption { (line.title) }
                (chart::lines(line))
            }
        },
        Block::Facts(facts) => html! {
            dl.facts {
                @for (key, value) in facts {
                    dt { (key) }
                    dd { (value) }
                }
            }
        },
    }
}

fn list_html(items: &[Item]) -> Markup {
    html! {
        ul.advice {
            @for item in items {
                li {
                    (item.text)
                    @if !item.sub.is_empty() {
                        ul {
                            @for sub in &item.sub { li { (sub) } }
                        }
                    }
                }
            }
        }
    }
}

/// The heat table: each cell its exact figure on a shade proportional to it (one scale for
/// the whole table, `data-shade`), a page of the printed report per block.
fn heat_html(heat: &Heat) -> Markup {
    html! {
        table.heat data-full=(heat.full) {
            thead {
                tr {
                    @for (i, head) in heat.header.iter().enumerate() {
                        th class=[(i > 0).then_some("num")] { (head) }
                    }
                }
            }
            tbody {
                @for (town, figures) in &heat.rows {
                    tr {
                        td { (town) }
                        @for figure in figures {
                            @match figure {
                                Some(value) => {
                                    @let shade = heat.shade(*value);
                                    td.num data-shade=(shade) style=(format!("background: rgba(47, 109, 181, {shade})")) {
                                        span class=[(shade > Decimal::new(55, 2)).then_some("dark")] { (value) }
                                    }
                                }
                                None => td.num {},
                            }
                        }
                    }
                }
            }
        }
    }
}

fn table_html(table: &Table) -> Markup {
    let class = |i: usize| {
        table
            .numeric
            .get(i)
            .copied()
            .unwrap_or(false)
            .then_some("num")
    };
    html! {
        table {
            thead {
                tr {
                    @for (i, head) in table.header.iter().enumerate() {
                        th class=[class(i)] { (head) }
                    }
                }
            }
            tbody {
                @for row in &table.rows {
                    tr {
                        @for (i, cell) in row.iter().enumerate() {
                            td class=[class(i)] { (cell) }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::page::{Lang, Page, Section};

    #[test]
    fn names_from_the_data_are_escaped() {
        let page = Page {
            lang: Lang::En,
            title: "A&B <plan>".into(),
            subtitle: None,
            sections: vec![Section {
                id: "s".into(),
                title: "t".into(),
                blocks: vec![Block::Paragraph("<script>alert(1)</script>".into())],
            }],
        };
        let html = render(&page);
        assert!(html.contains("A&amp;B &lt;plan&gt;"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(!html.contains("<script>"));
    }
}
