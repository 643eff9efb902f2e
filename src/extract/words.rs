//! The wording of published plans: the words around a figure that say what it is about.
//!
//! Input: a label as the text writes it (full-width forms already folded). Output: the name
//! it gives (a category, a town, or the whole area) and the markers that make a figure
//! something other than a planned area (a change on last year, a supply method, a timing).
//! These are tables of words, not a fixed list of categories: any name that is not a place
//! and not the whole area is a category.

use regex::Regex;
use std::sync::LazyLock;

/// Endings of a place name: towns, townships, sub-districts, districts (镇、乡、街道、区), and
/// the parks and state farms some layouts list beside them.
const PLACE_SUFFIXES: &[&str] = &[
    "街道办事处",
    "街道办",
    "街道",
    "管委会",
    "工业园",
    "产业园",
    "农场",
    "林场",
    "镇",
    "乡",
    "区",
];

/// Words that end like a place name but name none ("各乡镇", "中心镇").
const NOT_PLACES: &[&str] = &[
    "乡镇",
    "城镇",
    "集镇",
    "村镇",
    "各镇",
    "各乡镇",
    "镇街",
    "小城镇",
    "建制镇",
    "中心镇",
    "重点镇",
    "辖区",
    "街道",
    "本区",
    "小区",
    "社区",
    "棚户区",
];

/// Names of the whole area a plan covers; a figure for one of them is the total.
const WHOLE_AREA: &[&str] = &[
    "市辖区",
    "我市",
    "我县",
    "我区",
    "我旗",
    "全市(县)",
    "全县(市)",
    "全市(区)",
    "全市",
    "全县",
    "全区",
    "全旗",
    "全州",
    "本市",
    "本县",
    "本区",
    "本年度",
    "全年",
    "年度",
    "国有建设用地",
    "建设用地",
    "土地",
    "用地",
];

/// Words in a label that make its figure the total when no other name is left.
const TOTAL_WORDS: &[&str] = &["总量", "总面积", "总规模", "合计", "共计", "总计", "总供应"];

/// Words a label may start with before the name ("其中：住宅用地", "计划供应住宅用地").
const LEADING: &[&str] = &[
    "市辖区",
    "我市",
    "我县",
    "我区",
    "我旗",
    "本年度",
    "全市(县)",
    "全县(市)",
    "全市(区)",
    "全市",
    "全县",
    "全区",
    "全旗",
    "全州",
    "本市",
    "本县",
    "本区",
    "全年",
    "年度",
    "其中",
    "可以看出",
    "可以看到",
    "可见",
    "据统计",
    "主要分布在",
    "主要分布于",
    "分布在",
    "分布于",
    "主要位于",
    "位于",
    "另有",
    "另",
    "以及",
    "及",
    "和",
    "并",
    "包括",
    "包含",
    "含",
    "计划",
    "拟",
    "安排",
    "供应",
    "共",
    ":",
    "的",
];

/// Words a label may end with after the name ("连州镇土地供应量为", "住宅用地计划供应").
const TRAILING: &[&str] = &[
    "不少于",
    "不低于",
    "不小于",
    "至少",
    "不超过",
    "不高于",
    "不大于",
    "最多",
    "控制在",
    "国有建设用地",
    "建设用地",
    "土地",
    "供应",
    "供地",
    "计划",
    "安排",
    "总面积",
    "面积",
    "总规模",
    "规模",
    "总量",
    "量",
    "合计",
    "共计",
    "总计",
    "约为",
    "大约",
    "约",
    "为",
    "是",
    "达",
    "共",
    "计",
    "拟",
    "的",
    "中",
    ":",
];

/// Words that end a label when the figure that should follow is missing.
const INTRODUCERS: &[&str] = &["为", "约", "控制在", "达", "供应量", "计划量", "面积"];

/// Names of sub-item classes (其中 items of housing land): never categories of their own.
const SUBITEM_CLASSES: &[&str] = &["affordable-housing", "shanty-town", "small-unit-housing"];

/// Why a figure is read but not taken into the scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skip {
    /// A change on another figure (同比, 比上年, 增加 …).
    Change,
    /// A figure of another year or of past supply (上年, 已供应 …).
    Past,
    /// A supply method (出让, 划拨, 租赁 …).
    Method,
    /// A timing (季度, 上半年 …).
    Timing,
    /// A source of land (新增, 存量, 储备 …).
    Source,
    /// A group of categories (经营性用地 = 商服 + 住宅), which policy caps as a rule.
    Group,
}

impl Skip {
    pub fn describe(self) -> &'static str {
        match self {
            Skip::Change => "a change on another figure, not a planned area",
            Skip::Past => "a figure of another year or of past supply",
            Skip::Method => {
                "a supply method (方式) figure, which the scenario format does not hold"
            }
            Skip::Timing => "a timing (时序) figure, which the scenario format does not hold",
            Skip::Source => {
                "a source of land (新增/存量) figure, which the scenario format does not hold"
            }
            Skip::Group => "a group of categories (经营性用地: 商服 + 住宅), not a category of its own: a rule in rules.csv can cap it",
        }
    }
}

const SKIP_MARKERS: &[(&str, Skip)] = &[
    ("经营性", Skip::Group),
    ("同比", Skip::Change),
    ("环比", Skip::Change),
    ("比上年", Skip::Change),
    ("较上年", Skip::Change),
    ("比去年", Skip::Change),
    ("较去年", Skip::Change),
    ("增加", Skip::Change),
    ("减少", Skip::Change),
    ("增长", Skip::Change),
    ("下降", Skip::Change),
    ("提高", Skip::Change),
    ("降低", Skip::Change),
    ("增幅", Skip::Change),
    ("降幅", Skip::Change),
    ("上年", Skip::Past),
    ("去年", Skip::Past),
    ("上一年", Skip::Past),
    ("已供应", Skip::Past),
    ("已出让", Skip::Past),
    ("实际供应", Skip::Past),
    ("完成", Skip::Past),
    ("累计", Skip::Past),
    ("出让", Skip::Method),
    ("划拨", Skip::Method),
    // 租赁住宅用地 is housing for rent, a kind of housing land: only leasing as a method.
    ("租赁方式", Skip::Method),
    ("以租赁", Skip::Method),
    ("先租后让", Skip::Method),
    ("作价出资", Skip::Method),
    ("作价入股", Skip::Method),
    ("招拍挂", Skip::Method),
    ("季度", Skip::Timing),
    ("上半年", Skip::Timing),
    ("下半年", Skip::Timing),
    ("月份", Skip::Timing),
    ("新增", Skip::Source),
    ("存量", Skip::Source),
    ("储备", Skip::Source),
];

static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"((?:19|20)\d{2})\s*年").expect("a valid pattern"));
static MONTH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\d{1,2}\s*月").expect("a valid pattern"));
static ENUMERATOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s*(?:第?[一二三四五六七八九十]{1,3}\s*[、.章节条]|\(\s*[一二三四五六七八九十\d]{1,3}\s*\)|\d{1,2}\s*[、.](?:\D|$)|[①-⑳])",
    )
    .expect("a valid pattern")
});
static PARENTHESES: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\([^()]*\)").expect("a valid pattern"));
static ANY_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:19|20)\d{2}\s*年度?").expect("a valid pattern"));

/// The first year (`2025年`) a text names.
pub fn year_in(text: &str) -> Option<u32> {
    YEAR.captures(text)
        .and_then(|c| c.get(1))
        .and_then(|m| m.as_str().parse().ok())
}

/// The length in characters of an enumeration marker ("一、", "(三)", "1.", "①") a line
/// starts with, or 0.
pub fn enumerator_len(line: &str) -> usize {
    ENUMERATOR.find(line).map_or(0, |m| {
        let text = m.as_str();
        // `\D` took one character past "1." to tell it from "1.5": give it back.
        let taken = text.chars().count();
        match text.chars().last() {
            Some(c)
                if !matches!(c, '、' | '.' | ')' | '章' | '节' | '条')
                    && !('①'..='⑳').contains(&c) =>
            {
                taken - 1
            }
            _ => taken,
        }
    })
}

/// The section a heading opens, by its keyword.
pub fn heading_section(text: &str) -> Option<Section> {
    [
        ("时序", Section::Timing),
        ("方式", Section::Method),
        ("布局", Section::Layout),
        ("结构", Section::Structure),
        ("总量", Section::Total),
    ]
    .iter()
    .find(|(word, _)| text.contains(word))
    .map(|(_, section)| *section)
}

/// The part of a plan the text is in, as its headings say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Section {
    #[default]
    General,
    Total,
    Structure,
    Layout,
    Timing,
    Method,
}

/// What a context clause (text with no figure) says about the figures after it.
pub fn context_section(text: &str) -> Option<Section> {
    const STRUCTURE: &[&str] = &[
        "总量中",
        "从用途看",
        "按用途",
        "分用途",
        "用途结构",
        "供应结构",
    ];
    const LAYOUT: &[&str] = &[
        "布局",
        "从区域看",
        "按区域",
        "分区域",
        "各镇",
        "各乡镇",
        "分镇",
    ];
    if STRUCTURE.iter().any(|w| text.contains(w)) {
        Some(Section::Structure)
    } else if LAYOUT.iter().any(|w| text.contains(w)) {
        Some(Section::Layout)
    } else {
        None
    }
}

/// Whether a clause opens a breakdown of the figure before it ("其中", "包括").
pub fn opens_breakdown(text: &str) -> bool {
    ["其中", "包括", "包含"].iter().any(|w| text.contains(w)) || text.trim().starts_with('含')
}

/// Whether a clause says a category's land lies in towns that follow ("主要分布在").
pub fn spreads(text: &str) -> bool {
    text.contains("分布") || text.contains("位于")
}

/// Words that make a figure a bound rather than the figure itself ("不少于150公顷").
const BOUNDS: &[&str] = &[
    "不少于",
    "不低于",
    "不小于",
    "至少",
    "不超过",
    "不高于",
    "不大于",
    "最多",
    "以上",
];

/// The bound word a label carries, if any.
pub fn bound_word(label: &str) -> Option<&'static str> {
    BOUNDS.iter().find(|w| label.contains(*w)).copied()
}

/// Why a label's figure is not a planned area, if it is not.
pub fn skip_reason(label: &str, plan_year: Option<u32>) -> Option<Skip> {
    // "东昌府区（含储备中心）": what a parenthesis says of a name does not make its figure
    // a source of land.
    let label = PARENTHESES.replace_all(label, "");
    let label = label.as_ref();
    if let Some((_, skip)) = SKIP_MARKERS.iter().find(|(word, _)| label.contains(word)) {
        return Some(*skip);
    }
    if MONTH.is_match(label) {
        return Some(Skip::Timing);
    }
    let other_year = YEAR
        .captures_iter(label)
        .filter_map(|c| c.get(1)?.as_str().parse::<u32>().ok())
        .any(|year| plan_year.is_some_and(|plan| plan != year));
    other_year.then_some(Skip::Past)
}

/// Whether a label gives one figure for several names ("分别为").
pub fn is_ambiguous(label: &str) -> bool {
    label.contains("分别")
}

/// A label reduced to the name it gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    /// The name as published (enumerators, years and fillers removed).
    pub name: String,
    /// The name without parenthesised parts, for classification.
    pub core: String,
}

fn strip_words(mut text: &str, words: &[&str], leading: bool) -> String {
    loop {
        let before = text;
        text = text.trim();
        for word in words {
            let stripped = if leading {
                text.strip_prefix(word)
            } else {
                text.strip_suffix(word)
            };
            if let Some(rest) = stripped {
                text = rest;
                break;
            }
        }
        if text == before {
            return text.to_string();
        }
    }
}

/// Reduces a label to its name: enumerators, years, fillers before and after removed.
pub fn name_of(label: &str) -> Name {
    let text = label.trim();
    let text = &text[ENUMERATOR
        .find(text)
        .map_or(0, |_| char_offset(text, enumerator_len(text)))..];
    let text = ANY_YEAR.replace_all(text.trim(), "");
    let name = strip_words(&strip_words(&text, LEADING, true), TRAILING, false);
    let name = strip_words(&name, LEADING, true);
    let core = PARENTHESES.replace_all(&name, "").trim().to_string();
    Name { name, core }
}

fn char_offset(text: &str, chars: usize) -> usize {
    text.char_indices()
        .nth(chars)
        .map_or(text.len(), |(i, _)| i)
}

/// A name that joins a place and a category ("城关镇住宅用地"): the two, when the part
/// after the place is a known class and the whole is none ("棚户区改造用地" is one).
pub fn place_and_category(name: &str) -> Option<(String, String)> {
    if crate::names::category_class(name).is_some() {
        return None;
    }
    name.char_indices().skip(1).find_map(|(at, _)| {
        let (place, category) = name.split_at(at);
        let core = PARENTHESES.replace_all(place, "");
        (is_place(core.trim()) && crate::names::category_class(category).is_some())
            .then(|| (place.to_string(), category.to_string()))
    })
}

/// Whether a name is a place (town, township, sub-district, district).
pub fn is_place(core: &str) -> bool {
    !is_whole_area(core)
        && !NOT_PLACES.contains(&core)
        && PLACE_SUFFIXES
            .iter()
            .any(|suffix| core.ends_with(suffix) && core.chars().count() > suffix.chars().count())
}

/// Whether a name is the whole area the plan covers (its figure is the total).
pub fn is_whole_area(core: &str) -> bool {
    WHOLE_AREA.contains(&core)
}

/// Whether a label speaks of a total ("…供应总量为", "合计").
pub fn speaks_of_total(label: &str) -> bool {
    TOTAL_WORDS.iter().any(|w| label.contains(w))
}

/// Whether a name looks like a land-use category: a known class, or "…用地", "…地".
pub fn looks_like_category(core: &str) -> bool {
    crate::names::category_class(core).is_some() || core.ends_with('地')
}

/// Whether a label with no name left names the total ("土地供应总量控制在").
pub fn names_total(label: &str) -> bool {
    TOTAL_WORDS.iter().any(|w| label.contains(w)) || WHOLE_AREA.iter().any(|w| label.contains(w))
}

/// Whether a name is a sub-item class (保障性安居工程用地 …), part of housing land.
pub fn is_subitem_class(name: &str) -> bool {
    crate::names::category_class(name).is_some_and(|class| SUBITEM_CLASSES.contains(&class))
}

/// Whether a name is a known main land-use class (not a sub-item).
pub fn is_main_class(name: &str) -> bool {
    crate::names::category_class(name).is_some_and(|class| !SUBITEM_CLASSES.contains(&class))
}

/// Whether a label ends where a figure should follow ("连州镇土地供应量为").
pub fn ends_with_introducer(label: &str) -> bool {
    let label = label.trim().trim_end_matches(':');
    INTRODUCERS.iter().any(|w| label.ends_with(w))
}

/// Whether the text before a number suggests the number is a figure ("住宅用地", "…为").
pub fn expects_figure(before: &str) -> bool {
    let text = before.trim().trim_end_matches(':').trim();
    // No name ends in a digit: "1 2 3" in a table is not a name before a figure.
    if text.is_empty() || text.ends_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let name = name_of(text);
    ends_with_introducer(text)
        || text.ends_with("用地")
        || is_place(&name.core)
        || is_main_class(&name.core)
}

/// Whether the text right before an area unit declares the unit ("单位：公顷").
pub fn declares_unit(before: &str) -> bool {
    let text = before.trim().trim_end_matches([':', '为', '(']).trim();
    text.ends_with("单位")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_reduce_to_names() {
        assert_eq!(name_of("连州镇土地供应量为").name, "连州镇");
        assert_eq!(name_of("其中:住宅用地").name, "住宅用地");
        assert_eq!(name_of("2025年度全市(县)土地供应总量控制在").name, "");
        assert_eq!(name_of("计划供应住宅用地").name, "住宅用地");
        assert_eq!(name_of("住宅类用地计划量为").name, "住宅类用地");
        assert_eq!(name_of("(2)九陂镇").name, "九陂镇");
        assert_eq!(name_of("全县国有建设用地计划供应总量为").name, "");
        assert_eq!(name_of("公园与绿地").name, "公园与绿地");
        assert_eq!(name_of("2025年我市国有建设用地供应计划总量为").name, "");
        assert_eq!(name_of("连州市2025年度土地供应总量").name, "连州市");
    }

    #[test]
    fn places_and_the_whole_area() {
        assert!(is_place("瑶安瑶族乡"));
        assert!(is_place("城东街道"));
        assert!(is_place("高新区"));
        assert!(!is_place("全区"));
        assert!(!is_place("区"));
        assert!(!is_place("住宅用地"));
        assert!(!is_place("乡镇"));
        assert!(!is_place("各乡镇"));
        assert_eq!(
            place_and_category("城关镇住宅用地"),
            Some(("城关镇".to_string(), "住宅用地".to_string()))
        );
        assert_eq!(
            place_and_category("东城区(含储备中心)居住用地"),
            Some(("东城区(含储备中心)".to_string(), "居住用地".to_string()))
        );
        assert_eq!(place_and_category("公园与绿地"), None);
        assert_eq!(place_and_category("风景名胜区用地"), None);
        assert!(is_whole_area("国有建设用地"));
        assert!(names_total("土地供应总量控制在"));
    }

    #[test]
    fn skips_changes_methods_timings_and_other_years() {
        assert_eq!(skip_reason("比上年减少", Some(2025)), Some(Skip::Change));
        assert_eq!(skip_reason("以出让方式供应", None), Some(Skip::Method));
        assert_eq!(skip_reason("第一季度", None), Some(Skip::Timing));
        assert_eq!(skip_reason("3月", None), Some(Skip::Timing));
        assert_eq!(
            skip_reason("2024年全市共供应", Some(2025)),
            Some(Skip::Past)
        );
        assert_eq!(skip_reason("2025年度全市土地供应总量", Some(2025)), None);
        assert_eq!(skip_reason("住宅用地", Some(2025)), None);
    }

    #[test]
    fn enumerators_are_told_from_figures() {
        assert_eq!(
            enumerator_len(
                "（一）土地供应总量"
                    .replace('（', "(")
                    .replace('）', ")")
                    .as_str()
            ),
            3
        );
        assert_eq!(enumerator_len("三、计划指标"), 2);
        assert_eq!(enumerator_len("1.城关镇"), 2);
        assert_eq!(enumerator_len("1.5公顷"), 0);
        assert_eq!(enumerator_len("①城关镇"), 1);
        assert_eq!(enumerator_len("连州镇"), 0);
    }

    #[test]
    fn years_and_headings() {
        assert_eq!(year_in("连州市2025年度土地供应计划"), Some(2025));
        assert_eq!(heading_section("(三)土地供应布局"), Some(Section::Layout));
        assert_eq!(heading_section("四、政策导向"), None);
    }
}
