//! Names of categories and towns, as planners write them.
//!
//! Input: a name from any CSV cell or from the plan's text. Output: its normalised form and,
//! for land-use categories, the group of names that mean the same class (Chinese names of the
//! GB/T 21010 and 国土空间 classifications, and English aliases). Category sets are data: this
//! table only helps to match names, it never adds a category to a scenario.

use crate::number::folded_chars;
use std::borrow::Cow;
use std::collections::HashMap;

/// Names that mean the same land-use class. The first entry is the English alias a user can
/// type; the rest are the Chinese names found in published plans and notices.
const CATEGORY_GROUPS: &[&[&str]] = &[
    &[
        "industrial",
        "工矿仓储用地",
        "工矿仓储",
        "工业用地",
        "工矿仓储类用地",
    ],
    &["warehouse", "仓储用地"],
    &["mining", "工矿用地"],
    &["public-utility", "公用设施用地", "utilities", "公用设施"],
    &[
        "residential",
        "住宅用地",
        "居住用地",
        "住宅类用地",
        "housing",
        "住宅",
        "宅地",
    ],
    &[
        "commercial",
        "商服用地",
        "商业服务业用地",
        "商服类用地",
        "商业用地",
        "商服",
    ],
    &[
        "transport",
        "交通运输用地",
        "交通运输",
        "交通用地",
        "transportation",
    ],
    &[
        "parks",
        "公园与绿地",
        "绿地与开敞空间用地",
        "green-space",
        "绿地",
    ],
    &["medical", "医疗卫生用地", "医疗卫生", "health"],
    &[
        "public-service",
        "公共管理与公共服务用地",
        "公共管理与公共服务",
    ],
    &["water", "水域及水利设施用地"],
    &["special", "特殊用地"],
    &["affordable-housing", "保障性安居工程用地", "保障性住房用地"],
    &["shanty-town", "棚户区改造用地"],
    &["small-unit-housing", "中小套型商品房用地"],
];

/// Classes that are "of which" sub-items (其中) of another class: part of it, never added to it.
const SUB_ITEMS: &[(&str, &str)] = &[
    ("affordable-housing", "residential"),
    ("shanty-town", "residential"),
    ("small-unit-housing", "residential"),
];

/// The class a sub-item class (其中) is part of: `residential` for 保障性安居工程用地.
pub fn parent_class(name: &str) -> Option<&'static str> {
    let class = category_class(name)?;
    SUB_ITEMS
        .iter()
        .find(|(sub, _)| *sub == class)
        .map(|(_, parent)| *parent)
}

/// Whether a name is written as an "of which" line (`其中：保障性住房`), a part of the row
/// above it rather than an entity of its own.
pub fn is_sub_item_line(name: &str) -> bool {
    normalized(name).starts_with("其中")
}

/// Whether a name is a total row copied along with a table (合计, 小计, 全市, total): a sum
/// of other rows, never a town or a category of its own.
pub fn is_total_row(name: &str) -> bool {
    if cannot_be_total(name) {
        return false;
    }
    let key = normalized(name);
    ["合计", "总计", "小计", "共计"]
        .iter()
        .any(|word| key.contains(word))
        || [
            "total",
            "sum",
            "subtotal",
            "全市",
            "全县",
            "全区",
            "全市(县)",
            "总量",
        ]
        .contains(&key.as_ref())
}

/// A quick no for [`is_total_row`], asked of every cell's town and category: a name already
/// in its normal form without any character the words of a total row hold is no total row.
fn cannot_be_total(name: &str) -> bool {
    name.chars().all(|c| {
        already_normal(c) && !matches!(c, '合' | '总' | '小' | '共' | '计' | '全' | 't' | 's')
    })
}

/// A character [`normalize`] keeps as it is: lower-case ASCII other than white space and
/// `_`, and Chinese characters (CJK unified ideographs), which NFKC and lower-casing leave
/// alone.
fn already_normal(c: char) -> bool {
    match c {
        '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' => true,
        c if c.is_ascii() => c.is_ascii_graphic() && c != '_' && !c.is_ascii_uppercase(),
        _ => false,
    }
}

/// Normalises a name for matching: full-width forms folded, white space removed, ASCII
/// lower-cased, `_` and ` ` in English aliases treated as `-`, and the characters a name may
/// not hold dropped (the loader refuses them; dropping them here keeps one bad character
/// from also making every row that names the entity an unknown name).
pub fn normalize(name: &str) -> String {
    normalized(name).into_owned()
}

/// [`normalize`], borrowed when the name is already in its normal form (every character
/// [`already_normal`]), as nearly every name of a large folder is: every cell looks up two
/// names, and building a key for each was a string per name.
pub fn normalized(name: &str) -> Cow<'_, str> {
    if name.chars().all(already_normal) {
        Cow::Borrowed(name)
    } else {
        Cow::Owned(folded_key(name))
    }
}

/// The key of any name: every character folded, dropped or lower-cased.
fn folded_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    for c in folded_chars(name).filter(|c| forbidden_name(*c).is_none()) {
        match c {
            '_' => key.push('-'),
            c if c.is_ascii() => key.push(c.to_ascii_lowercase()),
            c => key.extend(c.to_lowercase()),
        }
    }
    key
}

/// The English alias of the class a category name belongs to, if it is a known class.
pub fn category_class(name: &str) -> Option<&'static str> {
    let key = normalize(name);
    CATEGORY_GROUPS
        .iter()
        .find(|group| group.iter().any(|member| normalize(member) == key))
        .map(|group| group[0])
}

/// Every known name of the class `name` belongs to (empty when it is not a known class).
pub fn category_synonyms(name: &str) -> &'static [&'static str] {
    let key = normalize(name);
    CATEGORY_GROUPS
        .iter()
        .find(|group| group.iter().any(|member| normalize(member) == key))
        .copied()
        .unwrap_or(&[])
}

/// The names of the C0 control characters (U+0000–U+001F), as Unicode's name aliases give
/// them: the characters have no name of their own.
const C0_NAMES: [&str; 32] = [
    "NULL",
    "START OF HEADING",
    "START OF TEXT",
    "END OF TEXT",
    "END OF TRANSMISSION",
    "ENQUIRY",
    "ACKNOWLEDGE",
    "BELL",
    "BACKSPACE",
    "CHARACTER TABULATION",
    "LINE FEED",
    "LINE TABULATION",
    "FORM FEED",
    "CARRIAGE RETURN",
    "SHIFT OUT",
    "SHIFT IN",
    "DATA LINK ESCAPE",
    "DEVICE CONTROL ONE",
    "DEVICE CONTROL TWO",
    "DEVICE CONTROL THREE",
    "DEVICE CONTROL FOUR",
    "NEGATIVE ACKNOWLEDGE",
    "SYNCHRONOUS IDLE",
    "END OF TRANSMISSION BLOCK",
    "CANCEL",
    "END OF MEDIUM",
    "SUBSTITUTE",
    "ESCAPE",
    "INFORMATION SEPARATOR FOUR",
    "INFORMATION SEPARATOR THREE",
    "INFORMATION SEPARATOR TWO",
    "INFORMATION SEPARATOR ONE",
];

/// The invisible formatting characters (Unicode's general category Cf) a name may not hold,
/// with their names: bidirectional controls reorder what is printed after them, zero-width
/// characters make two names that print alike differ.
const FORMAT_CHARS: &[(char, &str)] = &[
    ('\u{00AD}', "SOFT HYPHEN"),
    ('\u{061C}', "ARABIC LETTER MARK"),
    ('\u{180E}', "MONGOLIAN VOWEL SEPARATOR"),
    ('\u{200B}', "ZERO WIDTH SPACE"),
    ('\u{200C}', "ZERO WIDTH NON-JOINER"),
    ('\u{200D}', "ZERO WIDTH JOINER"),
    ('\u{200E}', "LEFT-TO-RIGHT MARK"),
    ('\u{200F}', "RIGHT-TO-LEFT MARK"),
    ('\u{202A}', "LEFT-TO-RIGHT EMBEDDING"),
    ('\u{202B}', "RIGHT-TO-LEFT EMBEDDING"),
    ('\u{202C}', "POP DIRECTIONAL FORMATTING"),
    ('\u{202D}', "LEFT-TO-RIGHT OVERRIDE"),
    ('\u{202E}', "RIGHT-TO-LEFT OVERRIDE"),
    ('\u{2060}', "WORD JOINER"),
    ('\u{2061}', "FUNCTION APPLICATION"),
    ('\u{2062}', "INVISIBLE TIMES"),
    ('\u{2063}', "INVISIBLE SEPARATOR"),
    ('\u{2064}', "INVISIBLE PLUS"),
    ('\u{2066}', "LEFT-TO-RIGHT ISOLATE"),
    ('\u{2067}', "RIGHT-TO-LEFT ISOLATE"),
    ('\u{2068}', "FIRST STRONG ISOLATE"),
    ('\u{2069}', "POP DIRECTIONAL ISOLATE"),
    ('\u{FEFF}', "ZERO WIDTH NO-BREAK SPACE"),
];

/// The name of a character a name may not hold: a control character (C0, DEL, C1) or an
/// invisible formatting character. Names are printed in terminals and reports, where these
/// would act instead of showing.
fn forbidden_name(c: char) -> Option<&'static str> {
    match c {
        '\u{0}'..='\u{1f}' => Some(C0_NAMES[c as usize]),
        '\u{7f}' => Some("DELETE"),
        '\u{80}'..='\u{9f}' => Some("a C1 control character"),
        '\u{2065}' | '\u{206A}'..='\u{206F}' | '\u{FFF9}'..='\u{FFFB}' => {
            Some("an invisible format character")
        }
        '\u{E0001}' | '\u{E0020}'..='\u{E007F}' => Some("a tag character"),
        '\u{00AD}'
        | '\u{061C}'
        | '\u{180E}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2069}'
        | '\u{FEFF}' => FORMAT_CHARS
            .iter()
            .find(|(f, _)| *f == c)
            .map(|(_, name)| *name),
        _ => None,
    }
}

/// A character a name may not hold, named for a message: `U+200B ZERO WIDTH SPACE`.
pub fn forbidden_in_name(c: char) -> Option<String> {
    forbidden_name(c).map(|name| format!("{} {name}", crate::number::code_point(c)))
}

/// A name as it may be shown: every character [`forbidden_in_name`] refuses written as
/// `<U+200B>`, so that quoting a bad name in a message cannot act on the terminal.
pub fn shown(name: &str) -> String {
    name.chars()
        .map(|c| match forbidden_name(c) {
            Some(_) => format!("<{}>", crate::number::code_point(c)),
            None => c.to_string(),
        })
        .collect()
}

/// The first character of `name` a name may not hold, named (`U+202E RIGHT-TO-LEFT OVERRIDE`).
pub fn first_forbidden(name: &str) -> Option<String> {
    name.chars().find_map(forbidden_in_name)
}

/// What a name typed by a user refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    Found(usize),
    /// The name is an alias of several entities (their ids, ascending).
    Ambiguous(Vec<usize>),
    Unknown,
}

/// Resolves names typed by users to indexes of a list of entities (towns or categories).
///
/// An entity's own name wins over an alias the user declared, which wins over a built-in
/// synonym of a category's class. An alias shared by two entities resolves to neither, so an
/// ambiguous name is reported instead of being matched silently.
#[derive(Debug, Default, Clone)]
pub struct NameIndex {
    // Hashed, not ordered: a cells.csv of 729,249 rows looks up two names a row, and nothing
    // walks these maps in order.
    exact: HashMap<String, usize>,
    aliases: HashMap<String, Vec<usize>>,
    synonyms: HashMap<String, Vec<usize>>,
}

fn add(map: &mut HashMap<String, Vec<usize>>, name: &str, id: usize) {
    let key = normalize(name);
    if key.is_empty() {
        return;
    }
    let ids = map.entry(key).or_default();
    if !ids.contains(&id) {
        ids.push(id);
        ids.sort_unstable();
    }
}

fn only(ids: Option<&Vec<usize>>) -> Option<Lookup> {
    match ids?.as_slice() {
        [] => None,
        [id] => Some(Lookup::Found(*id)),
        many => Some(Lookup::Ambiguous(many.to_vec())),
    }
}

impl NameIndex {
    /// Registers entity `id` under its own name; the first entity keeps a repeated name.
    pub fn insert_name(&mut self, name: &str, id: usize) {
        self.exact.entry(normalize(name)).or_insert(id);
    }

    /// Registers entity `id` under an alias the user declared; a second entity with the same
    /// alias makes it ambiguous.
    pub fn insert_alias(&mut self, alias: &str, id: usize) {
        add(&mut self.aliases, alias, id);
    }

    /// Registers a category: its name, its user aliases and every synonym of its class.
    pub fn insert_category(&mut self, name: &str, aliases: &[String], id: usize) {
        self.insert_name(name, id);
        for alias in aliases {
            self.insert_alias(alias, id);
        }
        for synonym in category_synonyms(name) {
            add(&mut self.synonyms, synonym, id);
        }
    }

    /// What a name refers to.
    pub fn lookup(&self, name: &str) -> Lookup {
        let key = normalized(name);
        if let Some(id) = self.exact.get(key.as_ref()) {
            return Lookup::Found(*id);
        }
        only(self.aliases.get(key.as_ref()))
            .or_else(|| only(self.synonyms.get(key.as_ref())))
            .unwrap_or(Lookup::Unknown)
    }

    /// The entity a name refers to, `None` when it is unknown or ambiguous.
    pub fn resolve(&self, name: &str) -> Option<usize> {
        match self.lookup(name) {
            Lookup::Found(id) => Some(id),
            Lookup::Ambiguous(_) | Lookup::Unknown => None,
        }
    }

    /// The entity whose own name is `name`, if any.
    pub fn named(&self, name: &str) -> Option<usize> {
        self.exact.get(normalized(name).as_ref()).copied()
    }

    /// The entities that declared `alias` as an alias.
    pub fn alias_owners(&self, alias: &str) -> &[usize] {
        self.aliases
            .get(normalized(alias).as_ref())
            .map_or(&[], Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_aliases_and_chinese_synonyms_share_a_class() {
        assert_eq!(category_class("industrial"), Some("industrial"));
        assert_eq!(category_class("工矿仓储用地"), Some("industrial"));
        assert_eq!(category_class("居住用地"), Some("residential"));
        assert_eq!(category_class("Public_Utility"), Some("public-utility"));
        assert_eq!(category_class("某某用地"), None);
    }

    #[test]
    fn every_synonym_is_documented() {
        let docs = include_str!("../docs/scenario-format.md");
        for name in CATEGORY_GROUPS.iter().flat_map(|group| group.iter()) {
            assert!(
                docs.contains(name),
                "{name} is not in docs/scenario-format.md"
            );
        }
    }

    #[test]
    fn names_already_normal_are_borrowed_and_keyed_as_the_full_fold_keys_them() {
        for name in ["镇000001", "住宅用地", "town-5", "a/b*", "㐀乡", "西岸镇"] {
            assert!(matches!(normalized(name), Cow::Borrowed(_)), "{name}");
            assert_eq!(normalized(name), folded_key(name), "{name}");
        }
        let folded = [
            ("Town 5", "town5"),
            ("public_utility", "public-utility"),
            (" 住宅用地 ", "住宅用地"),
            ("１２镇", "12镇"),
            ("西岸镇\u{200B}", "西岸镇"),
            ("Ⅻ", "xii"),
        ];
        for (name, key) in folded {
            assert!(matches!(normalized(name), Cow::Owned(_)), "{name}");
            assert_eq!(normalized(name), key, "{name}");
        }
    }

    #[test]
    fn total_rows_and_sub_items_are_recognised() {
        for total in ["合计", "全市合计", " 小计 ", "Total", "全市（县）", "总计"] {
            assert!(is_total_row(total), "{total}");
        }
        for name in ["连州镇", "住宅用地", "总部经济区"] {
            assert!(!is_total_row(name), "{name}");
        }
        assert_eq!(parent_class("保障性安居工程用地"), Some("residential"));
        assert_eq!(parent_class("住宅用地"), None);
        assert!(is_sub_item_line("其中：保障性住房"));
        assert!(!is_sub_item_line("住宅用地"));
    }

    #[test]
    fn control_bidirectional_and_zero_width_characters_are_named() {
        assert_eq!(
            first_forbidden("西岸镇\u{200B}").as_deref(),
            Some("U+200B ZERO WIDTH SPACE")
        );
        assert_eq!(
            first_forbidden("a\u{1b}[31m").as_deref(),
            Some("U+001B ESCAPE")
        );
        assert_eq!(first_forbidden("\u{7}").as_deref(), Some("U+0007 BELL"));
        assert_eq!(
            first_forbidden("\u{202E}9").as_deref(),
            Some("U+202E RIGHT-TO-LEFT OVERRIDE")
        );
        assert_eq!(
            first_forbidden("x\u{85}").as_deref(),
            Some("U+0085 a C1 control character")
        );
        for fine in ["连州镇", "瑶安瑶族乡", "A/B", "Town 5*", "ﾃｽﾄ"] {
            assert_eq!(first_forbidden(fine), None, "{fine}");
        }
        assert_eq!(shown("西岸镇\u{200B}"), "西岸镇<U+200B>");
    }

    #[test]
    fn index_prefers_exact_names_and_refuses_ambiguous_aliases() {
        let mut index = NameIndex::default();
        index.insert_category("工矿仓储用地", &[], 0);
        index.insert_category("住宅用地", &["homes".to_string()], 1);
        index.insert_alias("x", 0);
        index.insert_alias("x", 1);
        assert_eq!(index.resolve("industrial"), Some(0));
        assert_eq!(index.resolve(" 住宅用地 "), Some(1));
        assert_eq!(index.resolve("HOMES"), Some(1));
        assert_eq!(index.resolve("x"), None);
        assert_eq!(index.lookup("x"), Lookup::Ambiguous(vec![0, 1]));
        assert_eq!(index.resolve("商服用地"), None);
        assert_eq!(index.lookup("商服用地"), Lookup::Unknown);
    }

    #[test]
    fn declared_aliases_win_over_built_in_synonyms() {
        let mut index = NameIndex::default();
        index.insert_category("工业用地", &[], 0);
        index.insert_category("工矿仓储用地", &["industrial".to_string()], 1);
        assert_eq!(index.resolve("industrial"), Some(1));
        assert_eq!(index.lookup("工矿仓储"), Lookup::Ambiguous(vec![0, 1]));
        assert_eq!(index.alias_owners("Industrial"), &[1]);
        assert_eq!(index.named("工业用地"), Some(0));
    }
}
