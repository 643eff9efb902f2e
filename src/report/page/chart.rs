//! Inline SVG charts: grouped horizontal bars and lines with break-point markers.
//!
//! Input: a `BarChart` or `LineChart` (exact figures). Output: SVG markup with every bar's
//! length proportional to its figure (`width = value × scale`, computed in decimals and
//! rounded to 0.01 px) and the exact figure in a `data-value` attribute, so a reader (or a
//! test) can check each bar against the tables. No scripts, no external fonts or images.

use super::{BarChart, LineChart};
use crate::number::show;
use maud::{html, Markup};
use rust_decimal::Decimal;

/// Colours of the series, in order (the first is the published plan).
const COLOURS: &[&str] = &["#9aa5b1", "#2f6db5", "#d9822b", "#3f9f5f", "#a23b72"];

/// The narrowest room for the group labels left of the bars.
const LABEL_WIDTH: i64 = 96;
/// Length of the longest bar.
const BAR_AREA: i64 = 230;
/// Room right of the longest bar for its figure.
const VALUE_ROOM: i64 = 74;
const BAR_HEIGHT: i64 = 12;
const GROUP_GAP: i64 = 8;
const LEGEND_HEIGHT: i64 = 26;

fn colour(series: usize) -> &'static str {
    COLOURS[series % COLOURS.len()]
}

/// A pixel figure, to 0.01 px.
fn px(value: Decimal) -> String {
    show(value.round_dp(2))
}

/// The pixels per unit of a chart whose largest figure is `max` drawn on `length` pixels.
pub fn scale(max: Decimal, length: i64) -> Decimal {
    if max > Decimal::ZERO {
        Decimal::from(length) / max
    } else {
        Decimal::ZERO
    }
}

/// The length of a bar for `value`, to 0.01 px.
pub fn bar_length(value: Decimal, scale: Decimal) -> Decimal {
    (value.max(Decimal::ZERO) * scale).round_dp(2)
}

/// A grouped horizontal bar chart.
pub fn bars(chart: &BarChart) -> Markup {
    let max = chart.full.unwrap_or_else(|| {
        chart
            .groups
            .iter()
            .flat_map(|g| g.values.iter().copied())
            .max()
            .unwrap_or_default()
    });
    let scale = scale(max, BAR_AREA);
    let label_width = label_width(chart);
    let width = label_width + BAR_AREA + VALUE_ROOM;
    let series = chart.series.len() as i64;
    let group_height = series * BAR_HEIGHT + GROUP_GAP;
    let height = LEGEND_HEIGHT + chart.groups.len() as i64 * group_height + 4;
    let view_box = format!("0 0 {width} {height}");
    html! {
        svg.chart.bars xmlns="http://www.w3.org/2000/svg" viewBox=(view_box) width=(width)
            height=(height) role="img" aria-label=(chart.title) data-chart=(chart.id)
            data-scale=(scale.round_dp(6)) {
            title { (chart.title) }
            (legend(chart.series.iter().map(String::as_str), label_width, 0))
            line.axis x1=(label_width) x2=(label_width) y1=(LEGEND_HEIGHT - 2)
                y2=(height - 2) {}
            @for (g, group) in chart.groups.iter().enumerate() {
                @let top = LEGEND_HEIGHT + g as i64 * group_height;
                text.label x=(label_width - 6) y=(top + series * BAR_HEIGHT / 2 + 4)
                    text-anchor="end" { (group.label) }
                @for (s, value) in group.values.iter().enumerate() {
                    @let y = top + s as i64 * BAR_HEIGHT;
                    @let length = bar_length(*value, scale);
                    rect.bar x=(label_width) y=(y) width=(px(length)) height=(BAR_HEIGHT - 2)
                        fill=(colour(s)) data-series=(chart.series[s]) data-group=(group.label)
                        data-value=(show(*value)) {
                        title { (group.label) " " (chart.series[s]) " " (show(*value)) " " (chart.unit) }
                    }
                    text.value x=(px(Decimal::from(label_width) + length + Decimal::from(4)))
                        y=(y + BAR_HEIGHT - 3) { (show(*value)) }
                }
            }
        }
    }
}

/// Room for the longest group label (12 px text) and a margin, at least `LABEL_WIDTH`, so
/// that no label is cut at the left edge.
fn label_width(chart: &BarChart) -> i64 {
    let longest = chart
        .groups
        .iter()
        .map(|g| text_width(&g.label))
        .max()
        .unwrap_or_default();
    let needed = (longest * Decimal::new(12, 1)).ceil() + Decimal::from(10);
    i64::try_from(needed).map_or(LABEL_WIDTH, |n| n.max(LABEL_WIDTH))
}

/// Coloured squares and labels across the top; `first` is the colour index of the first.
fn legend<'l>(labels: impl Iterator<Item = &'l str>, left: i64, first: usize) -> Markup {
    html! {
        g.legend {
            @for (s, label) in labels.enumerate() {
                @let x = left + s as i64 * 110;
                rect x=(x) y="6" width="12" height="12" fill=(colour(first + s)) {}
                text x=(x + 16) y="16" { (label) }
            }
        }
    }
}

const LINE_WIDTH: i64 = 560;
const LINE_HEIGHT: i64 = 300;
const LEFT: i64 = 64;
const RIGHT: i64 = 24;
const TOP: i64 = 30;
const BOTTOM: i64 = 52;

/// Maps exact chart coordinates to pixels.
struct Frame {
    x_min: Decimal,
    x_max: Decimal,
    y_max: Decimal,
    x_scale: Decimal,
    y_scale: Decimal,
}

impl Frame {
    fn new(chart: &LineChart) -> Frame {
        let xs = chart
            .series
            .iter()
            .flat_map(|s| s.points.iter().map(|p| p.0))
            .chain(chart.markers.iter().map(|m| m.0))
            .chain(chart.reference.iter().map(|r| r.0));
        let (x_min, x_max) = xs.fold(
            (None, None),
            |(lo, hi): (Option<Decimal>, Option<Decimal>), x| {
                (
                    Some(lo.map_or(x, |l| l.min(x))),
                    Some(hi.map_or(x, |h| h.max(x))),
                )
            },
        );
        let (x_min, x_max) = (x_min.unwrap_or_default(), x_max.unwrap_or_default());
        let y_max = chart
            .series
            .iter()
            .flat_map(|s| s.points.iter().map(|p| p.1))
            .max()
            .unwrap_or_default();
        Frame {
            x_min,
            x_max,
            y_max,
            x_scale: scale(x_max - x_min, LINE_WIDTH - LEFT - RIGHT),
            y_scale: scale(y_max, LINE_HEIGHT - TOP - BOTTOM),
        }
    }

    fn x(&self, x: Decimal) -> Decimal {
        Decimal::from(LEFT) + ((x - self.x_min) * self.x_scale).round_dp(2)
    }

    fn y(&self, y: Decimal) -> Decimal {
        Decimal::from(LINE_HEIGHT - BOTTOM) - (y * self.y_scale).round_dp(2)
    }
}

/// The horizontal room one line of rotated marker text takes (its font is 10 px).
const MARKER_GAP: i64 = 11;

/// Where the rotated labels of markers at pixel positions `lines` go: each just left of its
/// line, at least `MARKER_GAP` apart, all inside the plot. Labels too close are pushed apart
/// to the right, then the whole run is pulled back from the right edge.
fn spread(lines: &[Decimal]) -> Vec<Decimal> {
    let gap = Decimal::from(MARKER_GAP);
    let (left, right) = (Decimal::from(LEFT) + gap, Decimal::from(LINE_WIDTH - RIGHT));
    let mut order: Vec<usize> = (0..lines.len()).collect();
    order.sort_by_key(|&i| lines[i]);
    let mut at = vec![Decimal::ZERO; lines.len()];
    let mut previous: Option<Decimal> = None;
    for &i in &order {
        let wanted = (lines[i] - Decimal::from(2)).max(left);
        let x = previous.map_or(wanted, |p| wanted.max(p + gap));
        at[i] = x;
        previous = Some(x);
    }
    let mut next: Option<Decimal> = None;
    for &i in order.iter().rev() {
        let limit = next.map_or(right, |n| n - gap);
        at[i] = at[i].min(limit);
        next = Some(at[i]);
    }
    at
}

/// An estimate of the width of a line of 10 px text: CJK characters are square, the rest
/// about 0.6 em.
fn text_width(text: &str) -> Decimal {
    let wide = text.chars().filter(|c| !c.is_ascii()).count() as i64;
    let narrow = text.chars().count() as i64 - wide;
    Decimal::from(wide * 10 + narrow * 6)
}

/// Where a label `width` wide goes near `at` so that it stays inside the chart: its anchor
/// and x (centred when it fits, else flush with the nearer edge).
fn inside(at: Decimal, width: Decimal) -> (&'static str, Decimal) {
    let half = width / Decimal::TWO;
    let (left, right) = (Decimal::from(2), Decimal::from(LINE_WIDTH - 2));
    if at + half > right {
        ("end", right.min(at + half))
    } else if at - half < left {
        ("start", left)
    } else {
        ("middle", at)
    }
}

/// A line chart with vertical markers.
pub fn lines(chart: &LineChart) -> Markup {
    let frame = Frame::new(chart);
    let view_box = format!("0 0 {LINE_WIDTH} {LINE_HEIGHT}");
    let bottom = LINE_HEIGHT - BOTTOM;
    html! {
        svg.chart.lines xmlns="http://www.w3.org/2000/svg" viewBox=(view_box) width=(LINE_WIDTH)
            height=(LINE_HEIGHT) role="img" aria-label=(chart.title) data-chart=(chart.id) {
            title { (chart.title) }
            (legend(chart.series.iter().map(|s| s.label.as_str()), LEFT, 1))
            line.axis x1=(LEFT) x2=(LINE_WIDTH - RIGHT) y1=(bottom) y2=(bottom) {}
            line.axis x1=(LEFT) x2=(LEFT) y1=(TOP) y2=(bottom) {}
            text.label x=((LEFT + LINE_WIDTH - RIGHT) / 2) y=(LINE_HEIGHT - 8)
                text-anchor="middle" { (chart.x_label) }
            text.label x="4" y=(TOP - 8) { (chart.y_label) }
            // The axes' ends, exactly.
            text.tick x=(LEFT - 4) y=(bottom + 4) text-anchor="end" { "0" }
            text.tick x=(LEFT - 4) y=(px(frame.y(frame.y_max) + Decimal::from(4)))
                text-anchor="end" { (show(frame.y_max)) }
            text.tick x=(LEFT) y=(bottom + 14) text-anchor="middle" { (show(frame.x_min)) }
            @let (anchor, x_max) = inside(frame.x(frame.x_max), text_width(&show(frame.x_max)));
            text.tick x=(px(x_max)) y=(bottom + 14) text-anchor=(anchor) { (show(frame.x_max)) }
            @if let Some((x, label)) = &chart.reference {
                @let at = frame.x(*x);
                @let text = format!("{label} {}", show(*x));
                @let (anchor, text_x) = inside(at, text_width(&text));
                g.reference data-x=(show(*x)) {
                    title { (text) }
                    line.reference x1=(px(at)) x2=(px(at)) y1=(TOP) y2=(bottom) {}
                    text.reference x=(px(text_x)) y=(bottom + 26) text-anchor=(anchor) { (text) }
                }
            }
            @let lines = chart.markers.iter().map(|m| frame.x(m.0)).collect::<Vec<_>>();
            @for ((x, label), (at, text_x)) in chart.markers.iter().zip(lines.iter().zip(spread(&lines))) {
                g.marker data-x=(show(*x)) {
                    title { (label) " " (show(*x)) }
                    line.marker x1=(px(*at)) x2=(px(*at)) y1=(TOP) y2=(bottom) {}
                    // Written down from the top, beside its line: labels are spread to at
                    // least one text height apart, so close break points do not overlap.
                    text.marker x=(px(text_x)) y=(TOP + 2) text-anchor="end"
                        transform=(format!("rotate(-90 {} {})", px(text_x), TOP + 2)) {
                        (show(*x)) }
                }
            }
            @for (s, series) in chart.series.iter().enumerate() {
                @let points = series.points.iter()
                    .map(|(x, y)| format!("{},{}", px(frame.x(*x)), px(frame.y(*y))))
                    .collect::<Vec<_>>().join(" ");
                polyline points=(points) fill="none" stroke=(colour(s + 1)) stroke-width="2" {}
                @for (x, y) in &series.points {
                    circle cx=(px(frame.x(*x))) cy=(px(frame.y(*y))) r="2.5" fill=(colour(s + 1))
                        data-x=(show(*x)) data-y=(show(*y)) {}
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::page::{BarGroup, LineSeries};

    fn d(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    #[test]
    fn bars_are_proportional_and_carry_exact_figures() {
        let chart = BarChart {
            id: "t".into(),
            title: "t".into(),
            unit: "ha".into(),
            series: vec!["plan".into(), "scenario".into()],
            groups: vec![BarGroup {
                label: "a".into(),
                values: vec![d("29.488274"), d("14.744137")],
            }],
            full: None,
        };
        let svg = bars(&chart).into_string();
        assert!(svg.contains(r#"width="230" height="10""#), "{svg}");
        assert!(svg.contains(r#"width="115" height="10""#), "{svg}");
        assert!(svg.contains(r#"data-value="29.488274""#));
    }

    #[test]
    fn lines_place_points_and_markers_on_the_frame() {
        let chart = LineChart {
            id: "sweep".into(),
            title: "t".into(),
            x_label: "cap".into(),
            y_label: "ha".into(),
            series: vec![LineSeries {
                label: "tier 1".into(),
                points: vec![(d("0"), d("0")), (d("100"), d("50"))],
            }],
            markers: vec![(d("50"), "break".into())],
            reference: Some((d("25"), "cap".into())),
        };
        let svg = lines(&chart).into_string();
        assert!(svg.contains(r#"points="64,248 536,30""#), "{svg}");
        assert!(svg.contains(r#"x1="300""#), "{svg}");
        assert!(svg.contains(r#"<line class="reference" x1="182""#), "{svg}");
    }

    #[test]
    fn marker_labels_are_spread_one_text_height_apart_inside_the_plot() {
        let lines = [d("300"), d("500.2"), d("300.2"), d("536"), d("70")];
        let at = spread(&lines);
        assert_eq!(at, [d("298"), d("498.2"), d("309"), d("534"), d("75")]);
        let at = spread(&[d("536"), d("535.9")]);
        assert_eq!(at, [d("536"), d("525")]);
    }

    #[test]
    fn a_label_near_the_right_edge_ends_inside_the_chart() {
        assert_eq!(inside(d("530"), d("100")), ("end", d("558")));
        assert_eq!(inside(d("10"), d("100")), ("start", d("2")));
        assert_eq!(inside(d("300"), d("100")), ("middle", d("300")));
    }
}
