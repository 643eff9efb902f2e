//! The comparison of two allocations (`landplan compare`) as a sheet per level.

use super::{text, write, Book, Cell, Sheet, XlsxWriteError};
use crate::compare::{Comparison, Delta};
use crate::report::page::words::{Lang, Shown, Words};
use crate::scenario::Scenario;
use rust_decimal::Decimal;

/// The comparison of two allocations (`landplan compare`): a sheet per level (总量, 层级,
/// 结构, 布局, 各镇分类用地), A, B and the change, with a 合计 row (the totals' own delta).
/// `scenario` (either side's, when one is a scenario) gives the unit, the language's names
/// and the decimals; two saved files have neither unit nor plan name.
pub fn compare(
    comparison: &Comparison,
    scenario: Option<&Scenario>,
    lang: Lang,
) -> Result<Vec<u8>, XlsxWriteError> {
    compare_in(comparison, scenario, lang, None)
}

/// As [`compare`], areas in one unit asked for (`--unit ha|mu`, with a scenario to say which
/// unit the figures are in).
pub fn compare_in(
    comparison: &Comparison,
    scenario: Option<&Scenario>,
    lang: Lang,
    unit: Option<Shown>,
) -> Result<Vec<u8>, XlsxWriteError> {
    let pick = |zh: &'static str, en: &'static str| if lang == Lang::Zh { zh } else { en };
    let words = scenario.map(|s| Words::new(lang, s).showing(unit));
    let area = |value: Decimal| Cell::Number(words.map_or(value, |w| w.drawn(value)));
    let unit = words.map(|words| {
        words.pick(
            format!("（{}）", words.unit()),
            format!(" ({})", words.unit()),
        )
    });
    let figure = |label: &str| format!("{label}{}", unit.clone().unwrap_or_default());
    let percent = |label: &str| pick_percent(lang, label);
    let header = vec![
        pick("名称", "name").to_string(),
        figure("A"),
        figure("B"),
        figure(pick("差额", "delta")),
        percent(pick("变化率", "change")),
        percent(pick("A 占比", "share of A")),
        percent(pick("B 占比", "share of B")),
    ];
    let row = |delta: &Delta, name: String| {
        let optional = |value: Option<Decimal>| value.map_or(Cell::Empty, Cell::Number);
        vec![
            text(name),
            area(delta.a),
            area(delta.b),
            area(delta.delta),
            optional(delta.percent),
            optional(delta.share_a),
            optional(delta.share_b),
        ]
    };
    let total = pick("合计", "total");
    let sheet = |name: &str, deltas: &[Delta], with_total: bool| {
        let mut rows: Vec<Vec<Cell>> = deltas.iter().map(|d| row(d, d.name.clone())).collect();
        if with_total {
            rows.push(row(&comparison.total, total.to_string()));
        }
        Sheet {
            name: name.to_string(),
            title: Some(format!("A: {}    B: {}", comparison.a, comparison.b)),
            header: header.clone(),
            rows,
            total_row: with_total,
        }
    };
    let levels = [
        (pick("层级", "By tier"), &comparison.tiers),
        (pick("结构", "By category"), &comparison.categories),
        (pick("布局", "By town"), &comparison.towns),
        (pick("各镇分类用地", "Town x category"), &comparison.cells),
    ];
    let mut sheets = vec![sheet(
        pick("总量", "Total"),
        std::slice::from_ref(&comparison.total),
        false,
    )];
    sheets.extend(
        levels
            .iter()
            .map(|(name, deltas)| sheet(name, deltas, true)),
    );
    let decimals = scenario.map_or_else(|| comparison_scale(comparison), Scenario::scale);
    write(&Book { sheets, decimals })
}

/// A percentage column's header: `变化率（%）` / `change (%)`.
fn pick_percent(lang: Lang, label: &str) -> String {
    match lang {
        Lang::Zh => format!("{label}（%）"),
        Lang::En => format!("{label} (%)"),
    }
}

/// The most decimals among two saved allocations' figures.
fn comparison_scale(comparison: &Comparison) -> u32 {
    comparison
        .cells
        .iter()
        .flat_map(|d| [d.a, d.b])
        .map(|value| value.normalize().scale())
        .max()
        .unwrap_or(0)
}
