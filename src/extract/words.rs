//! The wording of published plans: the words around a figure that say what it is about.
//!
//! Input: a label as the text writes it (full-width forms already folded). Output: the name
//! it gives (a category, a town, or the whole area) and the markers that make a figure
//! something other than a planned area (a change on last year, a supply method, a timing).
//! The words are the rows of `grammar`; this module applies them: fillers stripped, places
//! and the whole area told apart, a name split at its nearest subject ("句容市住宅用地"), the
//! plan's place found in its title. Not a fixed list of categories: any name that is not a
//! place and not the whole area is a category.

pub use super::grammar::Skip;
use super::grammar::{self, Role};
use regex::Regex;
use std::sync::LazyLock;

/// Names of sub-item classes (其中 items of housing land): never categories of their own.
const SUBITEM_CLASSES: &[&str] = &["affordable-housing", "shanty-town", "small-unit-housing"];

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
static NUMBERED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|\D)\(\s*[一二三四五六七八九十\d]{1,3}\s*\)|^\d{1,2}\s*[、.]\D|^[①-⑳]")
        .expect("a valid pattern")
});
static PLACE_BEFORE_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([^\s\d,.;:!?、，。；：()《》【】“”\[\]]{2,30})(?:19|20)\d{2}\s*年")
        .expect("a valid pattern")
});
static ANY_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:19|20)\d{2}\s*年度?").expect("a valid pattern"));

/// A note's message in both languages the extract's report is shown in: English, and Chinese
/// in the bureau's register. Every note is worded here or beside its reading, in both.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Said {
    pub en: String,
    pub zh: String,
}

/// A message in English and in Chinese.
pub fn said(en: impl Into<String>, zh: impl Into<String>) -> Said {
    Said {
        en: en.into(),
        zh: zh.into(),
    }
}

/// Whether a text holds any word of a role.
pub fn holds(text: &str, role: Role) -> bool {
    grammar::words(role).iter().any(|w| text.contains(w))
}

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
    if holds(text, Role::StructureContext) {
        Some(Section::Structure)
    } else if holds(text, Role::LayoutContext) {
        Some(Section::Layout)
    } else {
        None
    }
}

/// Whether a clause opens a breakdown of the figure before it ("其中", "包括").
pub fn opens_breakdown(text: &str) -> bool {
    holds(text, Role::Breakdown) || text.trim().starts_with('含')
}

/// Whether a clause says a category's land lies in towns that follow ("主要分布在").
pub fn spreads(text: &str) -> bool {
    holds(text, Role::Spread)
}

/// The bound word a label carries, if any.
pub fn bound_word(label: &str) -> Option<&'static str> {
    grammar::words(Role::Bound)
        .iter()
        .find(|w| label.contains(*w))
        .copied()
}

/// Why a label's figure is not a planned area, if it is not.
pub fn skip_reason(label: &str, plan_year: Option<u32>) -> Option<Skip> {
    // "东昌府区（含储备中心）": what a parenthesis says of a name does not make its figure
    // a source of land.
    let label = PARENTHESES.replace_all(label, "");
    let label = label.as_ref();
    if let Some((skip, _)) =
        grammar::skips().find(|(_, words)| words.iter().any(|w| label.contains(w)))
    {
        return Some(skip);
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
    let leading = grammar::words(Role::Leading);
    let name = strip_words(
        &strip_words(&text, leading, true),
        grammar::words(Role::Trailing),
        false,
    );
    let name = strip_words(&name, leading, true);
    let name = name[char_offset(&name, enumerator_len(&name))..]
        .trim()
        .to_string();
    let core = PARENTHESES.replace_all(&name, "").trim().to_string();
    Name { name, core }
}

fn char_offset(text: &str, chars: usize) -> usize {
    text.char_indices()
        .nth(chars)
        .map_or(text.len(), |(i, _)| i)
}

/// A name that joins a place and a category ("城关镇住宅用地", "城关镇计划供应住宅用地"): the
/// two, when the part after the place (fillers dropped) is a known class, or a name ending in
/// 用地 after a filler, and the whole is no class ("棚户区改造用地" is one).
pub fn place_and_category(name: &str) -> Option<(String, String)> {
    if crate::names::category_class(name).is_some() {
        return None;
    }
    let (leading, trailing) = (
        grammar::words(Role::Leading),
        grammar::words(Role::Trailing),
    );
    name.char_indices().skip(1).find_map(|(at, _)| {
        let (place, rest) = name.split_at(at);
        let category = strip_words(rest, leading, true);
        let place = strip_words(place, trailing, false);
        let filler = place.len() + category.len() < name.len();
        let core = PARENTHESES.replace_all(&place, "");
        let core = core.trim();
        let named = crate::names::category_class(&category).is_some()
            || (filler && category.ends_with("用地") && category.chars().count() > 2);
        ((is_place(core) || is_city_proper(core)) && named).then_some((place, category))
    })
}

/// What the name before a figure is about, at its nearest subject: a category, a place's
/// category ("句容市住宅用地"), or a part of the area that is no town ("通过城市更新供应住宅用地").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    Category(String),
    Cell(String, String),
    /// The part of the area (城市更新) and the category.
    Part(String, String),
}

/// The nearest subject of a name that is neither the whole area nor a place: text up to an
/// unmatched closing parenthesis ("润州)商服用地") belongs to an earlier name and is dropped.
pub fn subject(name: &str) -> Subject {
    let name = after_unmatched_close(name);
    let leading = grammar::words(Role::Leading);
    if let Some(part) = grammar::words(Role::SubArea)
        .iter()
        .find(|w| name.contains(*w))
    {
        let at = name.find(part).expect("the name holds the word") + part.len();
        let category = strip_words(&name[at..], leading, true);
        // "城市更新用地" is a category of its own, not 城市更新's "用地".
        if looks_like_category(&category) && !is_whole_area(&category) {
            return Subject::Part(part.to_string(), category);
        }
    }
    match place_and_category(name) {
        Some((place, category)) => Subject::Cell(place, category),
        None => Subject::Category(strip_words(name, leading, true)),
    }
}

/// A name after the last closing parenthesis that has no opening one before it.
fn after_unmatched_close(name: &str) -> &str {
    let mut depth = 0usize;
    let mut start = 0;
    for (at, c) in name.char_indices() {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => start = at + c.len_utf8(),
            ')' => depth -= 1,
            _ => {}
        }
    }
    &name[start..]
}

/// Whether a word is a place ending or an office's name added to one ("办事处", "管委会").
pub fn is_place_word(word: &str) -> bool {
    grammar::words(Role::PlaceSuffix).contains(&word)
        || ["办事处", "办", "人民政府", "政府"].contains(&word)
}

/// Whether a name is the city proper (市区, 市本级): the plan's whole area when its title
/// names it, else a place of the layout.
pub fn is_city_proper(core: &str) -> bool {
    grammar::words(Role::CityProper).contains(&core)
}

/// Whether a place's name ends in a city proper word ("镇江市区").
pub fn names_city_proper(place: &str) -> bool {
    grammar::words(Role::CityProper)
        .iter()
        .any(|w| place.ends_with(w))
}

/// The place a plan covers, as a title or first sentence names it before its year
/// ("关于下达北川市2023年度…" is 北川市; "云溪县发布2026年度…" is 云溪县).
pub fn place_in(text: &str) -> Option<String> {
    let before = PLACE_BEFORE_YEAR.captures(text)?.get(1)?.as_str();
    let fillers = grammar::words(Role::TitleFiller);
    let mut place = strip_words(before, fillers, true);
    for _ in 0..4 {
        place = strip_words(
            &strip_words(&place, fillers, false),
            grammar::words(Role::Leading),
            true,
        );
    }
    let ends_as_area = PLAN_AREA_SUFFIXES.iter().any(|s| place.ends_with(s));
    let length = place.chars().count();
    (ends_as_area && (2..=12).contains(&length) && !is_whole_area(&place)).then_some(place)
}

/// Endings of the name of an area a plan is made for.
const PLAN_AREA_SUFFIXES: &[&str] = &["市区", "市", "县", "区", "旗", "州", "乡", "镇"];

/// Whether a name is a place (town, township, sub-district, district).
pub fn is_place(core: &str) -> bool {
    !is_whole_area(core)
        && !grammar::words(Role::NotPlace).contains(&core)
        && grammar::words(Role::PlaceSuffix)
            .iter()
            .any(|suffix| core.ends_with(suffix) && core.chars().count() > suffix.chars().count())
}

/// Whether a name is the whole area the plan covers (its figure is the total).
pub fn is_whole_area(core: &str) -> bool {
    grammar::words(Role::WholeArea).contains(&core)
}

/// Whether a label speaks of a total ("…供应总量为", "合计").
pub fn speaks_of_total(label: &str) -> bool {
    holds(label, Role::TotalWord)
}

/// Whether a name looks like a land-use category: a known class, or "…用地", "…地".
pub fn looks_like_category(core: &str) -> bool {
    crate::names::category_class(core).is_some() || core.ends_with('地')
}

/// Whether a label with no name left names the total ("土地供应总量控制在").
pub fn names_total(label: &str) -> bool {
    holds(label, Role::TotalWord) || holds(label, Role::WholeArea)
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
    grammar::words(Role::Introducer)
        .iter()
        .any(|w| label.ends_with(w))
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
    text.ends_with("单位") || before.trim_end().ends_with('(')
}

/// Whether a label is a numbered item of a list ("(1)越城区", "其中(2)柯桥区", "①城关镇").
pub fn enumerated(label: &str) -> bool {
    NUMBERED.is_match(label.trim())
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
