//! Tests of reading: each wording, the notes, and properties over random text.

use super::*;
use crate::scenario::{CapKind, Unit};
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::str::FromStr;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn read(text: &str) -> Extraction {
    let lines: Vec<String> = text.lines().map(str::to_string).collect();
    parse(&lines)
}

fn plans(e: &Extraction) -> Vec<(String, Option<Decimal>)> {
    e.categories
        .iter()
        .map(|c| (c.name.clone(), c.plan))
        .collect()
}

fn unread(e: &Extraction) -> Vec<&Note> {
    e.notes_of(NoteKind::Unread).collect()
}

const STANDARD: &str = "甲县2025年度土地供应计划\n\
    （一）土地供应总量\n\
    2025年度全县土地供应总量控制在10.5公顷以内。\n\
    （二）土地供应结构\n\
    2025年度全县土地供应总量中，工矿仓储用地6公顷，住宅用地4.5公顷。\n\
    （三）土地供应布局\n\
    甲镇土地供应量为7公顷，其中：工矿仓储用地6公顷，住宅用地1公顷；乙乡土地供应量为3.5公顷，其中：住宅用地3.5公顷。\n";

#[test]
fn reads_the_standard_wording() {
    let e = read(STANDARD);
    assert_eq!(e.year, Some(2025));
    let total = e.total.as_ref().unwrap();
    assert_eq!(
        (total.value, total.kind, total.line),
        (d("10.5"), CapKind::AtMost, 3)
    );
    assert_eq!(
        plans(&e),
        vec![
            ("工矿仓储用地".to_string(), Some(d("6"))),
            ("住宅用地".to_string(), Some(d("4.5")))
        ]
    );
    let towns: Vec<_> = e.towns.iter().map(|t| (t.name.as_str(), t.plan)).collect();
    assert_eq!(
        towns,
        vec![("甲镇", Some(d("7"))), ("乙乡", Some(d("3.5")))]
    );
    let cells: Vec<_> = e
        .cells
        .iter()
        .map(|c| (c.town.as_str(), c.category.as_str(), c.plan))
        .collect();
    assert_eq!(
        cells,
        vec![
            ("甲镇", "工矿仓储用地", d("6")),
            ("甲镇", "住宅用地", d("1")),
            ("乙乡", "住宅用地", d("3.5"))
        ]
    );
    assert!(e.notes.is_empty(), "{:?}", e.notes);
}

#[test]
fn half_width_text_reads_the_same() {
    let half: String = STANDARD
        .chars()
        .map(|c| match c {
            '，' => ',',
            '；' => ';',
            '：' => ':',
            '（' => '(',
            '）' => ')',
            c => c,
        })
        .collect();
    let (a, b) = (read(STANDARD), read(&half));
    assert_eq!(
        (a.total, a.categories, a.towns, a.cells),
        (b.total, b.categories, b.towns, b.cells)
    );
}

#[test]
fn sub_items_never_join_their_parent_or_the_cells() {
    let e = read(
        "总量约20公顷。\n住宅用地12公顷，其中保障性安居工程用地3公顷，中小套型商品房用地2公顷，商服用地8公顷。\n\
         甲镇20公顷，其中：住宅用地12公顷（其中棚户区改造用地1公顷），商服用地8公顷。",
    );
    assert_eq!(e.total.as_ref().unwrap().kind, CapKind::About);
    assert_eq!(
        plans(&e),
        vec![
            ("住宅用地".to_string(), Some(d("12"))),
            ("商服用地".to_string(), Some(d("8")))
        ]
    );
    let subs: Vec<_> = e
        .subitems
        .iter()
        .map(|s| {
            (
                s.category.as_str(),
                s.town.as_deref(),
                s.name.as_str(),
                s.plan,
            )
        })
        .collect();
    assert_eq!(
        subs,
        vec![
            ("住宅用地", None, "保障性安居工程用地", d("3")),
            ("住宅用地", None, "中小套型商品房用地", d("2")),
            ("住宅用地", Some("甲镇"), "棚户区改造用地", d("1")),
        ]
    );
    assert_eq!(e.cells.len(), 2);
    assert!(unread(&e).is_empty(), "{:?}", e.notes);
}

#[test]
fn a_number_without_a_unit_is_reported_with_its_column() {
    let e = read("土地供应总量控制在10公顷以内。\n住宅用地4.5，商服用地5.5公顷。");
    let notes = unread(&e);
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert_eq!((notes[0].line, notes[0].column), (2, 5));
    assert!(notes[0].message.contains("'4.5' has no area unit"));
    assert_eq!(plans(&e), vec![("商服用地".to_string(), Some(d("5.5")))]);
}

#[test]
fn one_figure_for_several_names_is_not_placed() {
    let e = read("土地供应总量控制在10公顷以内。\n住宅用地、商服用地分别为4公顷、6公顷。");
    assert!(e.categories.is_empty(), "{:?}", e.categories);
    assert_eq!(unread(&e).len(), 2, "{:?}", e.notes);
}

#[test]
fn a_figure_given_twice_differently_keeps_the_first_and_says_so() {
    let e =
        read("土地供应总量控制在10公顷以内。\n住宅用地4公顷。\n住宅类用地4.0公顷，居住用地5公顷。");
    assert_eq!(plans(&e), vec![("住宅用地".to_string(), Some(d("4")))]);
    let notes = unread(&e);
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(notes[0].message.contains("first at line 2"));
}

#[test]
fn pairs_take_hectares_and_report_disagreement() {
    let e = read("土地供应总量控制在10公顷（150亩）以内，住宅用地4公顷（61亩）。");
    assert_eq!(e.unit, Unit::Ha);
    assert_eq!(e.total.as_ref().unwrap().value, d("10"));
    assert_eq!(plans(&e), vec![("住宅用地".to_string(), Some(d("4")))]);
    let warnings: Vec<_> = e.notes_of(NoteKind::Warning).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].message.contains("60 亩"));
}

#[test]
fn mixed_units_are_written_in_mu_exactly() {
    let e = read("土地供应总量控制在10公顷以内，住宅用地60亩，商服用地0.000001公顷。");
    assert_eq!(e.unit, Unit::Mu);
    assert_eq!(e.total.as_ref().unwrap().value, d("150"));
    assert_eq!(
        plans(&e),
        vec![
            ("住宅用地".to_string(), Some(d("60"))),
            ("商服用地".to_string(), Some(d("0.000015")))
        ]
    );
    assert_eq!(e.notes_of(NoteKind::Warning).count(), 1);
}

#[test]
fn the_layout_may_come_before_the_structure() {
    let e = read(
        "全市计划供应国有建设用地9公顷。\n从布局看，甲镇9公顷，其中居住用地4公顷，工业用地5公顷。\n从用途看，住宅用地4公顷，工矿仓储用地5公顷。",
    );
    assert_eq!(
        plans(&e),
        vec![
            ("居住用地".to_string(), Some(d("4"))),
            ("工业用地".to_string(), Some(d("5")))
        ]
    );
    assert_eq!(e.cells.len(), 2);
    assert!(unread(&e).is_empty(), "{:?}", e.notes);
}

#[test]
fn a_category_in_the_layout_outside_any_town_is_reported() {
    let e = read("总量控制在5公顷以内。\n（三）土地供应布局\n住宅用地5公顷。");
    assert!(e.categories.is_empty());
    assert_eq!(unread(&e).len(), 1);
}

#[test]
fn a_subitem_class_without_qizhong_is_a_category_with_a_warning() {
    let e = read("总量控制在5公顷以内。\n保障性住房用地2公顷，商品住房用地3公顷。");
    assert_eq!(e.categories.len(), 2);
    assert_eq!(e.notes_of(NoteKind::Warning).count(), 1, "{:?}", e.notes);
}

#[test]
fn a_town_before_a_colon_lists_its_figures() {
    let e = read(
        "总量控制在9公顷以内。\n城关镇：住宅用地4公顷、商服用地2公顷；\n河口镇：\n工业用地3公顷",
    );
    let cells: Vec<_> = e
        .cells
        .iter()
        .map(|c| (c.town.as_str(), c.category.as_str()))
        .collect();
    assert_eq!(
        cells,
        vec![
            ("城关镇", "住宅用地"),
            ("城关镇", "商服用地"),
            ("河口镇", "工业用地")
        ]
    );
    assert_eq!(e.towns[0].plan, None);
    assert!(unread(&e).is_empty(), "{:?}", e.notes);
}

#[test]
fn han_in_parentheses_opens_sub_items_and_bounds_are_flagged() {
    let e = read(
        "总量控制在9公顷以内。\n住宅用地5公顷（含保障性住房用地1公顷），工业用地不少于4公顷。",
    );
    assert_eq!(
        plans(&e),
        vec![
            ("住宅用地".to_string(), Some(d("5"))),
            ("工业用地".to_string(), Some(d("4")))
        ]
    );
    assert_eq!(e.subitems.len(), 1);
    let warnings: Vec<_> = e.notes_of(NoteKind::Warning).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].message.contains("不少于"));
}

#[test]
fn a_subitem_class_after_housing_land_is_part_of_it() {
    let e = read(
        "总量控制在5公顷以内。\n住宅用地5公顷。\n另安排保障性住房用地2公顷。\n经营性用地5公顷。",
    );
    assert_eq!(plans(&e), vec![("住宅用地".to_string(), Some(d("5")))]);
    assert_eq!(e.subitems.len(), 1);
    assert_eq!(e.subitems[0].category, "住宅用地");
    assert_eq!(e.notes_of(NoteKind::Warning).count(), 1, "{:?}", e.notes);
    assert_eq!(
        e.notes_of(NoteKind::Skipped).count(),
        1,
        "经营性用地 is a group"
    );
}

#[test]
fn square_metres_and_chinese_numerals_are_read_exactly() {
    let e = read("总量控制在5公顷以内。\n住宅用地3000平方米，商服用地一千零二点五公顷，工业用地1.5万平方米。\n人均住房面积提高到30平方米以上，建筑面积3万平方米。");
    assert_eq!(
        plans(&e),
        vec![
            ("住宅用地".to_string(), Some(d("0.3"))),
            ("商服用地".to_string(), Some(d("1002.5"))),
            ("工业用地".to_string(), Some(d("1.5")))
        ]
    );
    assert!(unread(&e).is_empty(), "{:?}", e.notes);
    assert_eq!(e.notes_of(NoteKind::Skipped).count(), 2, "{:?}", e.notes);
}

/// Issue #15: a figure is a whole number token; anything glued to it leaves the clause
/// unread, and a sub-item given twice differently is reported.
#[test]
fn glued_figures_and_a_subitem_twice_are_reported_exactly() {
    let e = read(
        "全县土地供应总量控制在100公顷以内。\n住宅用地1e3公顷，工业用地10公顷。\n物流用地5-10公顷。\n管道用地-5公顷。\n殡葬用地²公顷。\n住宅用地5公顷（其中保障性住房用地2公顷）。\n住宅用地5公顷，其中保障性住房用地3公顷。",
    );
    let notes: Vec<String> = e.notes.iter().map(|n| n.located("plan.txt")).collect();
    assert_eq!(
        notes,
        vec![
            "plan.txt:2:1: unread: not read as a figure: '1e3公顷' is not one figure: a letter, sign or range is glued to the number (at '住宅用地1e3公顷')",
            "plan.txt:3:1: unread: not read as a figure: '5-10公顷' is not one figure: a letter, sign or range is glued to the number (at '物流用地5-10公顷')",
            "plan.txt:4:1: unread: not read as a figure: '-5公顷' is not one figure: a letter, sign or range is glued to the number (at '管道用地-5公顷')",
            "plan.txt:5:1: unread: not read as a figure: '²公顷' is not one figure: '²' only looks like a digit (at '殡葬用地²公顷')",
            "plan.txt:7:9: unread: 住宅用地's sub-item 保障性住房用地 is given again with a different figure (first at line 6: '其中保障性住房用地2公顷'); the first is kept (at '其中保障性住房用地3公顷')",
        ]
    );
    assert_eq!(
        plans(&e),
        vec![
            ("工业用地".to_string(), Some(d("10"))),
            ("住宅用地".to_string(), Some(d("5")))
        ]
    );
}

#[test]
fn a_sub_area_keeps_its_own_figures_and_a_category_named_after_it_is_a_category() {
    let e = read("总量控制在50公顷以内，其中住宅用地30公顷，城市更新用地20公顷。\n通过城市更新供应住宅用地9公顷、城市更新用地2公顷。");
    assert_eq!(
        plans(&e),
        vec![
            ("住宅用地".to_string(), Some(d("30"))),
            ("城市更新用地".to_string(), Some(d("20")))
        ]
    );
    let subs: Vec<_> = e
        .subitems
        .iter()
        .map(|s| (s.category.as_str(), s.name.as_str(), s.plan))
        .collect();
    assert_eq!(
        subs,
        vec![
            ("住宅用地", "城市更新", d("9")),
            ("城市更新用地", "城市更新", d("2"))
        ]
    );
    assert!(unread(&e).is_empty(), "{:?}", e.notes);
}

#[test]
fn the_year_and_place_come_from_the_sentence_naming_the_supply_plan() {
    let e = read("根据《某市国土空间总体规划（2021-2035年）》，结合实际，\n现将云溪县2026年度国有建设用地供应计划公布如下：全县供应总量控制在9公顷以内，其中2026年住宅用地9公顷。");
    assert_eq!((e.year, e.place.as_deref()), (Some(2026), Some("云溪县")));
    assert_eq!(plans(&e), vec![("住宅用地".to_string(), Some(d("9")))]);
}

#[test]
fn a_category_spread_over_towns_gives_their_figures() {
    let e = read(
        "总量控制在9公顷以内。\n住宅用地5公顷，主要分布在：城关镇3公顷，河口镇（2公顷）；工业用地4公顷，位于城关镇。\n城关镇（4公顷）。",
    );
    let cells: Vec<_> = e
        .cells
        .iter()
        .map(|c| (c.town.as_str(), c.category.as_str(), c.plan))
        .collect();
    assert_eq!(
        cells,
        vec![
            ("城关镇", "住宅用地", d("3")),
            ("河口镇", "住宅用地", d("2"))
        ]
    );
    let towns: Vec<_> = e.towns.iter().map(|t| (t.name.as_str(), t.plan)).collect();
    assert_eq!(towns, vec![("城关镇", Some(d("4"))), ("河口镇", None)]);
    assert_eq!(e.categories.len(), 2);
    assert!(unread(&e).is_empty(), "{:?}", e.notes);
}

#[test]
fn a_town_and_its_category_in_one_name() {
    let e = read("全市供应总量控制在9公顷以内。\n其中城关镇住宅用地4公顷，东城区（含储备中心）商服用地5公顷。\n市辖区住宅用地计划供应4公顷。");
    let cells: Vec<_> = e
        .cells
        .iter()
        .map(|c| (c.town.as_str(), c.category.as_str(), c.plan))
        .collect();
    assert_eq!(
        cells,
        vec![
            ("城关镇", "住宅用地", d("4")),
            ("东城区(含储备中心)", "商服用地", d("5"))
        ]
    );
    assert_eq!(
        plans(&e),
        vec![
            ("住宅用地".to_string(), Some(d("4"))),
            ("商服用地".to_string(), None)
        ],
        "市辖区 is the whole area: its 住宅用地 is the structure's"
    );
    assert!(
        e.notes_of(NoteKind::Skipped).next().is_none(),
        "{:?}",
        e.notes
    );
}

#[test]
fn a_figure_without_its_leading_digits_is_reported() {
    let e = read("全市供应总量控制在.32公顷左右。");
    assert!(e.total.is_none());
    let notes = unread(&e);
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(notes[0]
        .message
        .contains("no digits before its decimal point"));
}

#[test]
fn a_news_report_names_districts_and_their_housing_land() {
    let e = read("近日，《某市2026年国有建设用地供应计划》发布，据统计，2026年度国有建设用地供应总量控制在300公顷左右，其中住宅用地120公顷，工业用地180公顷。\n\
        可以看出甲区（含储备中心）供应计划为200公顷，乙区的供应计划为100公顷。\n\
        住宅用地计划供应120公顷，其中产权住宅用地80公顷，租赁住宅用地40公顷（保障性租赁住宅用地10公顷）。\n\
        甲区（含储备中心）宅地供应面积为70公顷，乙区宅地供应面积为50公顷。");
    assert_eq!(e.title.as_deref(), Some("某市2026年国有建设用地供应计划"));
    assert_eq!(e.year, Some(2026));
    assert_eq!(e.total.as_ref().map(|t| t.kind), Some(CapKind::About));
    let towns: Vec<_> = e.towns.iter().map(|t| (t.name.as_str(), t.plan)).collect();
    assert_eq!(
        towns,
        vec![
            ("甲区(含储备中心)", Some(d("200"))),
            ("乙区", Some(d("100")))
        ]
    );
    let cells: Vec<_> = e
        .cells
        .iter()
        .map(|c| (c.town.as_str(), c.category.as_str(), c.plan))
        .collect();
    assert_eq!(
        cells,
        vec![
            ("甲区(含储备中心)", "住宅用地", d("70")),
            ("乙区", "住宅用地", d("50"))
        ]
    );
    let subs: Vec<_> = e.subitems.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        subs,
        vec!["产权住宅用地", "租赁住宅用地", "保障性租赁住宅用地"]
    );
    assert!(e.notes.is_empty(), "{:?}", e.notes);
}

#[test]
fn a_layout_table_gives_towns_cells_and_the_structure() {
    let e = read(
        "甲县2026年度土地供应计划\n土地供应总量控制在5公顷以内。\n（三）土地供应布局\n单位：公顷\n\
        序号\t乡镇\t合计\t住宅用地\t工业用地\n\
        1\t甲镇\t3\t1\t2\n\
        2\t乙乡\t2\t—\t2\n\
        3\t其他\t0.5\t\t\n\
        \t合计\t5\t1\t4,0\n\
        （四）其他",
    );
    let towns: Vec<_> = e.towns.iter().map(|t| (t.name.as_str(), t.plan)).collect();
    assert_eq!(towns, vec![("甲镇", Some(d("3"))), ("乙乡", Some(d("2")))]);
    let cells: Vec<_> = e
        .cells
        .iter()
        .map(|c| (c.town.as_str(), c.category.as_str(), c.plan))
        .collect();
    assert_eq!(
        cells,
        vec![
            ("甲镇", "住宅用地", d("1")),
            ("甲镇", "工业用地", d("2")),
            ("乙乡", "工业用地", d("2"))
        ]
    );
    assert_eq!(
        plans(&e),
        vec![
            ("住宅用地".to_string(), Some(d("1"))),
            ("工业用地".to_string(), None)
        ]
    );
    let notes: Vec<_> = unread(&e).iter().map(|n| (n.line, n.column)).collect();
    assert_eq!(notes, vec![(8, 3), (9, 9)], "{:?}", e.notes);
}

#[test]
fn method_and_timing_sections_are_skipped() {
    let e = read("总量控制在5公顷以内。\n（四）土地供应方式\n住宅用地5公顷。\n（五）计划指标\n商服用地5公顷。");
    assert_eq!(plans(&e), vec![("商服用地".to_string(), Some(d("5")))]);
    assert_eq!(e.notes_of(NoteKind::Skipped).count(), 1);
}

/// Text made of the words, numbers and punctuation plans are written in.
fn plan_like_text() -> impl Strategy<Value = String> {
    let fragment = prop_oneof![
        Just("公顷".to_string()),
        Just("亩".to_string()),
        Just("万".to_string()),
        Just("其中".to_string()),
        Just("：".to_string()),
        Just("，".to_string()),
        Just(",".to_string()),
        Just("；".to_string()),
        Just("。".to_string()),
        Just(".".to_string()),
        Just("（".to_string()),
        Just("）".to_string()),
        Just("(".to_string()),
        Just(")".to_string()),
        Just("%".to_string()),
        Just("\n".to_string()),
        Just("镇".to_string()),
        Just("街道".to_string()),
        Just("住宅用地".to_string()),
        Just("保障性安居工程用地".to_string()),
        Just("土地供应总量控制在".to_string()),
        Just("以内".to_string()),
        Just("约".to_string()),
        Just("分别".to_string()),
        Just("（一）".to_string()),
        Just("1.".to_string()),
        Just("布局".to_string()),
        Just("方式".to_string()),
        Just("２０２５年".to_string()),
        Just("\t".to_string()),
        Just("\n单位：公顷\n".to_string()),
        Just("乡镇\t合计\t住宅用地\n".to_string()),
        Just("合计".to_string()),
        Just("—".to_string()),
        Just("市区".to_string()),
        Just("全市".to_string()),
        Just("城市更新".to_string()),
        Just("（单位：公顷）".to_string()),
        Just("(1)".to_string()),
        Just("、".to_string()),
        Just("占".to_string()),
        Just("一千二百".to_string()),
        Just("点".to_string()),
        Just("平方米".to_string()),
        Just("-".to_string()),
        Just("e".to_string()),
        Just("²".to_string()),
        Just("句容市".to_string()),
        Just("供应计划为".to_string()),
        Just("街道办事处".to_string()),
        "[0-9０-９.,，]{1,40}",
        "\\PC{0,6}",
    ];
    prop::collection::vec(fragment, 0..60).prop_map(|parts| parts.concat())
}

fn check_invariants(text: &str) {
    let e = read(text);
    let lines = text.lines().count() as u64;
    for note in &e.notes {
        assert!(note.line <= lines, "{note:?} past the last line {lines}");
    }
    for cell in &e.cells {
        assert!(e.towns.iter().any(|t| t.name == cell.town));
        assert!(e.categories.iter().any(|c| c.name == cell.category));
    }
    for sub in &e.subitems {
        assert!(e.categories.iter().any(|c| c.name == sub.category));
    }
    let _ = crate::extract::render::files(
        &e,
        e.total.as_ref().unwrap_or(&Total {
            value: Decimal::ZERO,
            kind: CapKind::AtMost,
            line: 0,
        }),
        "x",
        "plan.txt",
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_text_reads_without_panicking(text in any::<String>()) {
        check_invariants(&text);
    }

    #[test]
    fn plan_like_text_reads_without_panicking(text in plan_like_text()) {
        check_invariants(&text);
    }
}

/// A name and its figure.
type Named = (String, Decimal);

/// A plan drawn at random, written in the standard wording, reads back exactly.
#[derive(Debug, Clone)]
struct Drawn {
    total: Decimal,
    categories: Vec<Named>,
    /// Each town's name, total and town x category figures.
    towns: Vec<(String, Decimal, Vec<Named>)>,
    full_width: bool,
    mu: bool,
}

fn figure() -> impl Strategy<Value = Decimal> {
    (0u64..10_000_000_000, 0u32..=6).prop_map(|(m, scale)| Decimal::new(m as i64, scale))
}

fn drawn() -> impl Strategy<Value = Drawn> {
    const CATEGORIES: &[&str] = &[
        "工矿仓储用地",
        "住宅用地",
        "商服用地",
        "公用设施用地",
        "交通运输用地",
        "公园与绿地",
        "医疗卫生用地",
        "水域及水利设施用地",
        "教育科研用地",
    ];
    const TOWNS: &[&str] = &["甲镇", "乙乡", "丙街道", "丁区", "东山镇", "南岭瑶族乡"];
    let categories =
        prop::sample::subsequence(CATEGORIES, 1..=CATEGORIES.len()).prop_flat_map(|names| {
            let n = names.len();
            (Just(names), prop::collection::vec(figure(), n))
        });
    let towns = prop::sample::subsequence(TOWNS, 0..=TOWNS.len());
    (figure(), categories, towns, any::<bool>(), any::<bool>()).prop_flat_map(
        |(total, (names, plans), towns, full_width, mu)| {
            let categories: Vec<(String, Decimal)> =
                names.iter().map(|n| n.to_string()).zip(plans).collect();
            let n = towns.len();
            let cells = prop::collection::vec(
                (
                    figure(),
                    prop::sample::subsequence(names.clone(), 0..=names.len()),
                    prop::collection::vec(figure(), names.len()),
                ),
                n,
            );
            (
                Just(total),
                Just(categories),
                Just(towns),
                cells,
                Just(full_width),
                Just(mu),
            )
                .prop_map(|(total, categories, towns, cells, full_width, mu)| Drawn {
                    total,
                    categories,
                    towns: towns
                        .iter()
                        .zip(cells)
                        .map(|(town, (plan, names, figures))| {
                            let cells = names.iter().map(|n| n.to_string()).zip(figures).collect();
                            (town.to_string(), plan, cells)
                        })
                        .collect(),
                    full_width,
                    mu,
                })
        },
    )
}

impl Drawn {
    fn text(&self) -> String {
        let unit = if self.mu { "亩" } else { "公顷" };
        let f = |v: &Decimal| format!("{v}{unit}");
        let structure: Vec<String> = self
            .categories
            .iter()
            .map(|(n, v)| format!("{n}{}", f(v)))
            .collect();
        let layout: Vec<String> = self
            .towns
            .iter()
            .map(|(town, plan, cells)| {
                let cells: Vec<String> =
                    cells.iter().map(|(n, v)| format!("{n}{}", f(v))).collect();
                if cells.is_empty() {
                    format!("{town}土地供应量为{}", f(plan))
                } else {
                    format!("{town}土地供应量为{}，其中：{}", f(plan), cells.join("，"))
                }
            })
            .collect();
        let text = format!(
            "某县2025年度土地供应计划\n（一）土地供应总量\n2025年度全县土地供应总量控制在{}以内。\n（二）土地供应结构\n2025年度全县土地供应总量中，{}。\n（三）土地供应布局\n{}。\n",
            f(&self.total),
            structure.join("，"),
            layout.join("；")
        );
        if self.full_width {
            text.chars()
                .map(|c| match c {
                    '0'..='9' => char::from_u32(c as u32 + 0xFEE0).unwrap(),
                    '.' => '．',
                    c => c,
                })
                .collect()
        } else {
            text.replace('，', ",")
                .replace('；', ";")
                .replace('：', ":")
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn a_plan_in_the_standard_wording_reads_back_exactly(plan in drawn()) {
        let e = read(&plan.text());
        prop_assert!(unread(&e).is_empty(), "{:?}", e.notes);
        prop_assert_eq!(e.unit, if plan.mu { Unit::Mu } else { Unit::Ha });
        prop_assert_eq!(e.total.as_ref().map(|t| t.value), Some(plan.total));
        let categories: Vec<(String, Decimal)> =
            e.categories.iter().map(|c| (c.name.clone(), c.plan.unwrap_or(Decimal::MAX))).collect();
        prop_assert_eq!(categories, plan.categories.clone());
        let towns: Vec<(String, Option<Decimal>)> = e.towns.iter().map(|t| (t.name.clone(), t.plan)).collect();
        let drawn_towns: Vec<(String, Option<Decimal>)> =
            plan.towns.iter().map(|(t, p, _)| (t.clone(), Some(*p))).collect();
        prop_assert_eq!(towns, drawn_towns);
        let cells: Vec<(String, String, Decimal)> =
            e.cells.iter().map(|c| (c.town.clone(), c.category.clone(), c.plan)).collect();
        let drawn_cells: Vec<(String, String, Decimal)> = plan
            .towns
            .iter()
            .flat_map(|(t, _, cells)| cells.iter().map(move |(c, v)| (t.clone(), c.clone(), *v)))
            .collect();
        prop_assert_eq!(cells, drawn_cells);
        prop_assert!(e.subitems.is_empty());
    }
}

/// Every note has its Chinese wording, with no English word in it: the grammar's examples
/// (every skip, warning and bound among them) and texts that break a figure each way.
#[test]
fn every_note_is_worded_in_chinese_too() {
    let broken = [
        "总量控制在.32公顷以内。",
        "总量控制在10公顷以内。\n住宅用地1e3公顷，商服用地-5公顷，工业用地5至10公顷。",
        "总量为10公顷。\n甲镇4.5，乙镇3公顷(60亩)。",
        "总量控制在10公顷以内。\n住宅用地20000000000000公顷。",
        "总量控制在10公顷以内，住宅用地5公顷，住宅用地6公顷。",
    ];
    let texts = crate::extract::grammar::ROWS
        .iter()
        .map(|row| row.example)
        .chain(broken);
    let letters = regex::Regex::new(r"[A-Za-z]{2,}").unwrap();
    let mut notes = 0;
    for text in texts {
        for note in read(&text.replace(" / ", "\n")).notes {
            notes += 1;
            let zh = note.located_zh("plan.txt");
            let bare = zh.replace("plan.txt", "").replace(&note.text, "");
            let english: Vec<&str> = letters
                .find_iter(&bare)
                .map(|m| m.as_str())
                .filter(|w| !["csv", "parent", "rules", "categories"].contains(w))
                .collect();
            assert!(english.is_empty(), "{english:?} in {zh}");
            assert!(!note.message_zh.is_empty() && !note.message.is_empty());
        }
    }
    assert!(notes >= 20, "the texts make notes of every kind: {notes}");
}
