//! Renders a comparison: totals, then tiers, categories, towns and cells by size of change;
//! with both sides' whole-parcel plans, those beside it (parcels supplied and deferred, land
//! per tier, each side's proof or gap or the limits it breaks, the parcels whose decision
//! changes).
//!
//! Input: a `compare::Comparison` (and a `compare::parcels::PlanComparison` with both sides'
//! parcel plans). Output: a terminal table, Markdown, JSON (decimal strings) or one CSV table
//! with a `level` column (total, tier, category, town, cell; parcels, parcel).

use super::page::words::{numeral, Lang, Words};
use super::{excel_csv, json, opt, Format, Layout, MARKDOWN, TERMINAL};
use crate::compare::parcels::{PlanComparison, Tally, AREA, DEFERRED_COUNT, SUPPLIED_COUNT};
use crate::compare::{Comparison, Delta};
use crate::number::show;
use crate::parcels::{Parcels, PlanOutcome, Proof, TierResult};
use crate::scenario::Scenario;
use serde::Serialize;

const HEADER: &[&str] = &[
    "name",
    "A",
    "B",
    "delta",
    "delta %",
    "share A %",
    "share B %",
];

#[derive(Debug, Serialize)]
struct DeltaJson {
    name: String,
    a: String,
    b: String,
    delta: String,
    percent: Option<String>,
    share_a: Option<String>,
    share_b: Option<String>,
}

#[derive(Debug, Serialize)]
struct ComparisonJson {
    a: String,
    b: String,
    total: DeltaJson,
    total_abs_change: String,
    cells_changed: usize,
    appeared: Vec<String>,
    vanished: Vec<String>,
    tiers: Vec<DeltaJson>,
    categories: Vec<DeltaJson>,
    towns: Vec<DeltaJson>,
    cells: Vec<DeltaJson>,
    /// Both sides' whole-parcel plans, when both have a parcel list.
    #[serde(skip_serializing_if = "Option::is_none")]
    parcels: Option<ParcelsJson>,
}

/// One side's parcel list and its plan.
#[derive(Debug, Clone, Copy)]
pub struct PlanSide<'a> {
    pub scenario: &'a Scenario,
    pub parcels: &'a Parcels,
    pub outcome: &'a PlanOutcome,
}

/// Both sides' whole-parcel plans (A, B) and their comparison.
#[derive(Debug, Clone, Copy)]
pub struct ParcelPlans<'a> {
    pub sides: [PlanSide<'a>; 2],
    pub comparison: &'a PlanComparison,
}

#[derive(Debug, Serialize)]
struct ParcelsJson {
    a: PlanJson,
    b: PlanJson,
    /// Parcels supplied and deferred, area supplied and each tier, A against B.
    rows: Vec<DeltaJson>,
    /// The parcels whose decision or quarter differs.
    changes: Vec<ChangeJson>,
}

#[derive(Debug, Serialize)]
struct PlanJson {
    status: &'static str,
    supplied: Option<usize>,
    deferred: Option<usize>,
    area: Option<String>,
    tiers: Vec<ParcelTierJson>,
    /// What the plan proves (each tier optimal, or a tier's gap), or what it breaks.
    note: String,
}

/// One tier of a parcel plan: its land, its exact bound and whether it is proven optimal.
#[derive(Debug, Serialize)]
pub struct ParcelTierJson {
    pub tier: u32,
    pub supplied: String,
    pub bound: String,
    pub optimal: bool,
    /// The bound less the figure, when the tier is not proven optimal.
    pub gap: Option<String>,
}

#[derive(Debug, Serialize)]
struct ChangeJson {
    parcel: String,
    a: String,
    b: String,
}

pub fn tier_json(tier: &TierResult) -> ParcelTierJson {
    let optimal = tier.proof.is_optimal();
    ParcelTierJson {
        tier: tier.tier,
        supplied: show(tier.supplied),
        bound: show(tier.bound),
        optimal,
        gap: (!optimal).then(|| show(tier.bound - tier.supplied)),
    }
}

/// `planned` or `infeasible`.
pub fn plan_status(outcome: &PlanOutcome) -> &'static str {
    match outcome {
        PlanOutcome::Planned(_) => "planned",
        PlanOutcome::Infeasible(_) => "infeasible",
    }
}

/// What a parcel plan proves, in the language: every tier proven optimal, or each tier's gap
/// where a search stopped early (never called optimal), or the limits an infeasible list
/// breaks.
pub fn plan_note(words: &Words, parcels: &Parcels, outcome: &PlanOutcome) -> String {
    match outcome {
        PlanOutcome::Planned(plan) => {
            let gaps: Vec<String> = plan
                .tiers
                .iter()
                .filter(|t| !t.proof.is_optimal())
                .map(|t| {
                    let gap =
                        super::parcels::proof(words, parcels, Proof::Gap, t.bound - t.supplied);
                    words.pick(
                        format!("{}：{gap}", words.tier(t.tier)),
                        format!("{}: {gap}", words.tier(t.tier)),
                    )
                })
                .collect();
            if gaps.is_empty() {
                words
                    .pick("各优先级均已证明最优", "every tier proven optimal")
                    .to_string()
            } else {
                gaps.join(words.semicolon())
            }
        }
        PlanOutcome::Infeasible(infeasible) => {
            let breaks: Vec<String> = infeasible
                .breaches
                .iter()
                .map(|(limit, by)| {
                    let limit = super::parcels::limit(words, parcels, *limit);
                    words.pick(
                        format!("突破{limit} {}", show(*by)),
                        format!("breaks {limit} by {}", show(*by)),
                    )
                })
                .collect();
            let confirmed = if infeasible.confirmed {
                words.pick("已确认", "confirmed")
            } else {
                words.pick("未经独立确认", "not independently confirmed")
            };
            words.pick(
                format!(
                    "无整宗可行方案（{confirmed}）：{}",
                    breaks.join(words.semicolon())
                ),
                format!(
                    "no whole-parcel plan ({confirmed}): {}",
                    breaks.join(words.semicolon())
                ),
            )
        }
    }
}

fn plan_json(side: &PlanSide, tally: Option<&Tally>, lang: Lang) -> PlanJson {
    let words = Words::new(lang, side.scenario);
    PlanJson {
        status: plan_status(side.outcome),
        supplied: tally.map(|t| t.supplied),
        deferred: tally.map(|t| t.deferred),
        area: tally.map(|t| show(t.area)),
        tiers: tally.iter().flat_map(|t| &t.tiers).map(tier_json).collect(),
        note: plan_note(&words, side.parcels, side.outcome),
    }
}

/// The parcels whose decision changes, each side's standing in its own words.
fn changes(plans: &ParcelPlans, lang: Lang) -> Vec<ChangeJson> {
    let [a, b] = plans.sides;
    let (words_a, words_b) = (Words::new(lang, a.scenario), Words::new(lang, b.scenario));
    plans
        .comparison
        .changes
        .iter()
        .map(|c| ChangeJson {
            parcel: c.parcel.clone(),
            a: super::parcels::standing(&words_a, a.parcels, c.base),
            b: super::parcels::standing(&words_b, b.parcels, c.whatif),
        })
        .collect()
}

fn parcels_json(plans: &ParcelPlans, lang: Lang) -> ParcelsJson {
    let c = plans.comparison;
    ParcelsJson {
        a: plan_json(&plans.sides[0], c.a.as_ref(), lang),
        b: plan_json(&plans.sides[1], c.b.as_ref(), lang),
        rows: c.rows.iter().map(delta_json).collect(),
        changes: changes(plans, lang),
    }
}

fn delta_json(row: &Delta) -> DeltaJson {
    DeltaJson {
        name: row.name.clone(),
        a: show(row.a),
        b: show(row.b),
        delta: show(row.delta),
        percent: row.percent.map(show),
        share_a: row.share_a.map(show),
        share_b: row.share_b.map(show),
    }
}

/// A row's name in the language: `tier 1` is 第一优先级, `total` 合计 in Chinese.
fn name(lang: Lang, name: &str) -> String {
    if lang == Lang::En {
        return name.to_string();
    }
    match name.strip_prefix("tier ") {
        Some(tier) => tier.parse().map_or("优先级不明".to_string(), |t| {
            format!("第{}优先级", numeral(t))
        }),
        None if name == "total" => "合计".to_string(),
        None => name.to_string(),
    }
}

/// The figures of a comparison: areas in the unit of `words` (`--unit`) when given, as they
/// are without (two allocation files carry no unit).
#[derive(Clone, Copy)]
struct Figures<'a>(Option<&'a Words<'a>>);

impl Figures<'_> {
    fn area(self, value: rust_decimal::Decimal) -> String {
        self.0
            .map_or_else(|| show(value), |words| words.figure(value))
    }

    /// Headers whose figure columns (A, B and the change) name the unit asked for.
    fn headers(self, labels: &[&str]) -> Vec<String> {
        match self.0 {
            Some(words) => words.headers(labels, 1..4),
            None => labels.iter().map(|label| label.to_string()).collect(),
        }
    }
}

fn signed(d: rust_decimal::Decimal, shown: String) -> String {
    if d > rust_decimal::Decimal::ZERO {
        format!("+{shown}")
    } else {
        shown
    }
}

fn cells(row: &Delta, figures: Figures) -> Vec<String> {
    vec![
        row.name.clone(),
        figures.area(row.a),
        figures.area(row.b),
        signed(row.delta, figures.area(row.delta)),
        row.percent.map(|p| signed(p, show(p))).unwrap_or_default(),
        opt(row.share_a),
        opt(row.share_b),
    ]
}

/// The sections of a comparison, in the order they are shown.
fn sections(comparison: &Comparison) -> [(&'static str, &Vec<Delta>); 4] {
    [
        ("tier", &comparison.tiers),
        ("category", &comparison.categories),
        ("town", &comparison.towns),
        ("cell", &comparison.cells),
    ]
}

/// A section's title in the language.
fn section_title(lang: Lang, level: &str) -> String {
    match lang {
        Lang::En => format!("By {level}, largest change first"),
        Lang::Zh => {
            let level = match level {
                "tier" => "各优先级",
                "category" => "各类用地",
                "town" => "各镇",
                _ => "各镇分类用地",
            };
            format!("{level}（按变化从大到小）")
        }
    }
}

fn headline(comparison: &Comparison, lang: Lang, figures: Figures) -> Vec<String> {
    let list = |names: &[String]| match (names.is_empty(), lang) {
        (true, Lang::Zh) => "无".to_string(),
        (true, Lang::En) => "none".to_string(),
        (false, Lang::Zh) => names.join("、"),
        (false, Lang::En) => names.join(", "),
    };
    let (a, b) = (
        figures.area(comparison.total.a),
        figures.area(comparison.total.b),
    );
    let delta = &cells(&comparison.total, figures)[3];
    let change = figures.area(comparison.total_abs_change);
    let count = comparison.cells_changed;
    match lang {
        Lang::En => vec![
            format!("A: {}", comparison.a),
            format!("B: {}", comparison.b),
            format!("total {a} -> {b} ({delta})"),
            format!("total absolute change {change} over {count} cell(s)"),
            format!("cells that appear in B: {}", list(&comparison.appeared)),
            format!("cells that vanish in B: {}", list(&comparison.vanished)),
        ],
        Lang::Zh => vec![
            format!("甲：{}", comparison.a),
            format!("乙：{}", comparison.b),
            format!("合计 {a} → {b}（{delta}）"),
            format!("变化绝对值合计 {change}，涉及 {count} 项各镇分类用地"),
            format!("乙新增的各镇分类用地：{}", list(&comparison.appeared)),
            format!("乙取消的各镇分类用地：{}", list(&comparison.vanished)),
        ],
    }
}

/// The columns of the terminal and Markdown tables, the figures' naming the unit asked for.
fn text_header(lang: Lang, figures: Figures) -> Vec<String> {
    let labels = match lang {
        Lang::En => HEADER.to_vec(),
        Lang::Zh => vec![
            "名称",
            "甲",
            "乙",
            "变化",
            "变化率 %",
            "甲占比 %",
            "乙占比 %",
        ],
    };
    figures.headers(&labels)
}

/// The language of a comparison: Chinese when its names are.
fn language(comparison: &Comparison) -> Lang {
    Lang::of_names(
        comparison
            .towns
            .iter()
            .chain(&comparison.categories)
            .map(|d| d.name.as_str()),
    )
}

/// Renders a comparison; tables and Markdown in `lang` (the names' language when `None`).
pub fn render(comparison: &Comparison, format: Format, lang: Option<Lang>) -> String {
    render_with_parcels(comparison, None, format, lang, None)
}

/// As [`render`], areas in the unit of `words` (`--unit`, from a scenario of the comparison):
/// tables and Markdown in it, CSV in the one unit asked for (the scenario's for `both`), JSON
/// as compared.
pub fn render_in(
    comparison: &Comparison,
    format: Format,
    lang: Option<Lang>,
    words: Option<&Words>,
) -> String {
    render_with_parcels(comparison, None, format, lang, words)
}

/// Renders a comparison with both sides' whole-parcel plans beside it, when given; areas in
/// the unit of `words` when given (the parcel plans' in the scenario's unit).
pub fn render_with_parcels(
    comparison: &Comparison,
    parcels: Option<&ParcelPlans>,
    format: Format,
    lang: Option<Lang>,
    words: Option<&Words>,
) -> String {
    let lang = lang.unwrap_or_else(|| language(comparison));
    let data = words.map(|words| words.for_data());
    let figures = Figures(words);
    match format {
        Format::Json => json(&ComparisonJson {
            a: comparison.a.clone(),
            b: comparison.b.clone(),
            total: delta_json(&comparison.total),
            total_abs_change: show(comparison.total_abs_change),
            cells_changed: comparison.cells_changed,
            appeared: comparison.appeared.clone(),
            vanished: comparison.vanished.clone(),
            tiers: comparison.tiers.iter().map(delta_json).collect(),
            categories: comparison.categories.iter().map(delta_json).collect(),
            towns: comparison.towns.iter().map(delta_json).collect(),
            cells: comparison.cells.iter().map(delta_json).collect(),
            parcels: parcels.map(|p| parcels_json(p, lang)),
        }),
        Format::Csv => {
            let data = Figures(data.as_ref());
            let mut header = vec!["level".to_string()];
            header.extend(data.headers(HEADER));
            let header: Vec<&str> = header.iter().map(String::as_str).collect();
            let mut rows = vec![with_level("total", &comparison.total, data)];
            for (level, deltas) in sections(comparison) {
                rows.extend(deltas.iter().map(|d| with_level(level, d, data)));
            }
            if let Some(plans) = parcels {
                rows.extend(parcel_csv_rows(plans, lang));
            }
            excel_csv(&header, &rows)
        }
        Format::Table => text(comparison, parcels, TERMINAL, lang, figures),
        Format::Md => format!(
            "# {}\n\n{}",
            match lang {
                Lang::Zh => "方案对比",
                Lang::En => "Comparison",
            },
            text(comparison, parcels, MARKDOWN, lang, figures)
        ),
    }
}

/// The parcel plans' CSV rows: level `parcels` for the figures, `parcel` for each parcel
/// whose decision changes (its standing in A and in B in the A and B columns).
fn parcel_csv_rows(plans: &ParcelPlans, lang: Lang) -> Vec<Vec<String>> {
    let figures = plans
        .comparison
        .rows
        .iter()
        .map(|d| with_level("parcels", d, Figures(None)));
    let changes = changes(plans, lang).into_iter().map(|c| {
        let mut row = vec!["parcel".to_string(), c.parcel, c.a, c.b];
        row.resize(HEADER.len() + 1, String::new());
        row
    });
    figures.chain(changes).collect()
}

fn with_level(level: &str, delta: &Delta, figures: Figures) -> Vec<String> {
    let mut row = vec![level.to_string()];
    row.extend(cells(delta, figures));
    row
}

fn text(
    comparison: &Comparison,
    parcels: Option<&ParcelPlans>,
    layout: Layout,
    lang: Lang,
    figures: Figures,
) -> String {
    let title = layout.title;
    let mut headline = headline(comparison, lang, figures);
    headline.extend(figures.0.and_then(|words| words.unit_note()));
    let mut out = (layout.prose)(&headline.join("\n"));
    out.push('\n');
    for (level, deltas) in sections(comparison) {
        out.push_str(&title(&section_title(lang, level)));
        out.push_str(&delta_table(layout, lang, deltas, name, figures));
    }
    if let Some(plans) = parcels {
        out.push_str(&parcel_text(plans, layout, lang));
    }
    out
}

/// One table of deltas, each row named in the language by `name_of`.
fn delta_table(
    layout: Layout,
    lang: Lang,
    deltas: &[Delta],
    name_of: fn(Lang, &str) -> String,
    figures: Figures,
) -> String {
    let rows: Vec<Vec<String>> = deltas
        .iter()
        .map(|d| {
            let mut row = cells(d, figures);
            row[0] = name_of(lang, &d.name);
            row
        })
        .collect();
    let header = text_header(lang, figures);
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    (layout.table)(&header, &rows)
}

/// A parcel figure's row name in the language.
fn parcel_row_name(lang: Lang, row: &str) -> String {
    let (zh, en) = match row {
        SUPPLIED_COUNT => ("供应宗数", SUPPLIED_COUNT),
        DEFERRED_COUNT => ("暂缓宗数", DEFERRED_COUNT),
        AREA => ("供应面积", "area supplied"),
        _ => return name(lang, row),
    };
    match lang {
        Lang::Zh => zh.to_string(),
        Lang::En => en.to_string(),
    }
}

/// The parcel plans: each side's status and proof, the figures A against B, the parcels whose
/// decision changes.
fn parcel_text(plans: &ParcelPlans, layout: Layout, lang: Lang) -> String {
    let words = Words::new(lang, plans.sides[0].scenario);
    let mut out = (layout.title)(words.pick(
        "整宗地块供应方案（五（一）：地块整宗供应或暂缓）",
        "Whole-parcel plans (五（一）: a parcel is supplied whole or waits)",
    ));
    let json = parcels_json(plans, lang);
    for (side, plan) in [
        (words.pick("甲", "A"), &json.a),
        (words.pick("乙", "B"), &json.b),
    ] {
        out.push_str(&(layout.item)(&words.pick(
            format!("{side}：{}", plan.note),
            format!("{side}: {}", plan.note),
        )));
    }
    if !plans.comparison.rows.is_empty() {
        out.push('\n');
        let rows = &plans.comparison.rows;
        out.push_str(&delta_table(
            layout,
            lang,
            rows,
            parcel_row_name,
            Figures(None),
        ));
    }
    out.push_str(&(layout.title)(words.pick(
        "安排有变化的地块（甲 → 乙）",
        "Parcels whose decision changes, A to B",
    )));
    if json.changes.is_empty() {
        out.push_str(&(layout.item)(words.pick("无", "none")));
        return out;
    }
    let header = words.pick(vec!["地块编号", "甲", "乙"], vec!["parcel", "A", "B"]);
    let rows: Vec<Vec<String>> = json
        .changes
        .into_iter()
        .map(|c| vec![c.parcel, c.a, c.b])
        .collect();
    out.push_str(&(layout.table)(&header, &rows));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::parcels::tests::{lianzhou, with_gap};
    use crate::parcels::PlanOptions;

    #[test]
    fn a_tier_whose_search_stopped_early_says_its_gap_and_is_never_called_optimal() {
        let (scenario, parcels) = lianzhou("120");
        let planned = crate::parcels::plan(&scenario, &parcels, PlanOptions::default()).unwrap();
        let outcome = with_gap(planned, "0.006518");
        let note = |lang| plan_note(&Words::new(lang, &scenario), &parcels, &outcome);
        assert_eq!(
            note(Lang::En),
            "tier 4: search stopped early: at most 0.006518 ha below the optimum"
        );
        assert_eq!(
            note(Lang::Zh),
            "第四优先级：搜索提前停止：距最优至多 0.006518 公顷"
        );
        let PlanOutcome::Planned(plan) = &outcome else {
            panic!("the list has a plan")
        };
        let tier = tier_json(&plan.tiers[3]);
        assert!(!tier.optimal);
        assert_eq!(tier.gap.as_deref(), Some("0.006518"));
    }
}
