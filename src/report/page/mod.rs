//! The report document `landplan report` writes: a page a bureau can hand to its government.
//!
//! Input: the audit of the published plan, one or more solved scenarios with their verified
//! recommendations, a run manifest, and sections from other analyses (the seam where the cap
//! sweep and the stress test plug in). Output: a `Page` (a renderer-neutral list of sections:
//! paragraphs, tables, bar and line charts, all figures exact decimals), rendered as one
//! self-contained HTML file (inline SVG and CSS, nothing fetched, A4 print rules) or as
//! Markdown. Nothing here solves, recommends or touches the file system.
//!
//! ```text
//! build (figures -> Page) -> html | markdown
//!            words (zh/en), advice (recommendation sentences), chart (SVG)
//! ```

pub mod advice;
pub mod analyses;
pub mod build;
pub mod chart;
pub mod heat;
pub mod html;
pub mod markdown;
pub mod notes;
pub mod words;

use rust_decimal::Decimal;

pub use build::{build, Manifest, ReportInput, Run};
pub use words::Lang;

/// A whole report.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub lang: Lang,
    pub title: String,
    pub subtitle: Option<String>,
    pub sections: Vec<Section>,
}

/// A titled part of the report.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// A stable anchor (`audit`, `allocation-1`, ...).
    pub id: String,
    pub title: String,
    pub blocks: Vec<Block>,
}

/// What a section holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A sub-heading inside a section.
    Heading(String),
    Paragraph(String),
    /// A bulleted list; each item may carry sub-items (a finding and its remedies).
    List(Vec<Item>),
    Table(Table),
    /// Bar charts shown side by side (one per town, say); drawn in HTML only, since the
    /// Markdown report carries the same figures in its tables.
    Bars(Vec<BarChart>),
    /// A town x category table shaded by figure (many towns, a page of it).
    Heat(heat::Heat),
    Line(LineChart),
    /// Key-value pairs (the run manifest).
    Facts(Vec<(String, String)>),
}

/// A list item with optional sub-items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub text: String,
    pub sub: Vec<String>,
}

/// A table of text cells; `numeric[i]` right-aligns column `i`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub numeric: Vec<bool>,
}

/// A grouped horizontal bar chart: one row of bars per group, one bar per series.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BarChart {
    /// A stable id (`town-连州镇`), also the SVG's `data-chart`.
    pub id: String,
    pub title: String,
    pub unit: String,
    pub series: Vec<String>,
    pub groups: Vec<BarGroup>,
    /// The figure a full-length bar stands for (1 for a probability); the largest figure
    /// when `None`.
    pub full: Option<Decimal>,
}

/// One group of bars: a label and one exact figure per series.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BarGroup {
    pub label: String,
    pub values: Vec<Decimal>,
}

/// A line chart over exact (x, y) points, with labelled vertical markers (break points).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineChart {
    pub id: String,
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    pub series: Vec<LineSeries>,
    pub markers: Vec<(Decimal, String)>,
    /// One x value drawn apart from the markers (the scenario's own cap), with its label.
    pub reference: Option<(Decimal, String)>,
}

/// One line: a label and its points, in x order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineSeries {
    pub label: String,
    pub points: Vec<(Decimal, Decimal)>,
}

/// The output format, chosen from the file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageFormat {
    Html,
    Markdown,
}

impl PageFormat {
    /// Markdown for `.md` (or `.markdown`), HTML otherwise.
    pub fn for_path(path: &std::path::Path) -> PageFormat {
        let markdown = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"));
        if markdown {
            PageFormat::Markdown
        } else {
            PageFormat::Html
        }
    }
}

/// Renders a page in a format.
pub fn render(page: &Page, format: PageFormat) -> String {
    match format {
        PageFormat::Html => html::render(page),
        PageFormat::Markdown => markdown::render(page),
    }
}
