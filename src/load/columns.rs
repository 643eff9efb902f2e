//! The columns and keys of each scenario file, with every header a planner may write.
//!
//! Input: nothing. Output: the file names, each file's accepted columns (canonical name,
//! English and Chinese aliases, required or not) and the keys of `scenario.csv`. Every name
//! here is documented in docs/scenario-format.md (a test checks it).

use super::table::Column;

pub const SCENARIO_FILE: &str = "scenario.csv";
pub const CATEGORIES_FILE: &str = "categories.csv";
pub const TOWNS_FILE: &str = "towns.csv";
pub const CELLS_FILE: &str = "cells.csv";
pub const RULES_FILE: &str = "rules.csv";

pub(super) const NUMBER: &str = "a number >= 0";

/// The town column every file naming towns shares.
const TOWN: Column = Column {
    name: "town",
    aliases: &["乡镇", "乡镇名称", "镇(乡)", "镇", "地区", "区域", "镇街"],
    required: true,
};
/// The category column every file naming categories shares.
const CATEGORY: Column = Column {
    name: "category",
    aliases: &["类别", "用地类型", "用地类别", "土地用途", "用途", "地类"],
    required: true,
};
/// A published figure, under every heading planners give it.
const PLAN: Column = Column {
    name: "plan",
    aliases: &[
        "计划",
        "计划量",
        "供应量",
        "计划面积",
        "面积",
        "供应面积",
        "计划供应面积",
    ],
    required: true,
};
/// The clause of the plan a tier or rule rests on.
const BASIS: Column = Column {
    name: "basis",
    aliases: &["依据", "条款", "政策依据"],
    required: false,
};
/// Other names a town or a category answers to.
const ALIAS: Column = Column {
    name: "alias",
    aliases: &["aliases", "别名"],
    required: false,
};

pub(super) const SCENARIO_COLUMNS: &[Column] = &[
    Column {
        name: "key",
        aliases: &["项目", "键", "参数"],
        required: true,
    },
    Column {
        name: "value",
        aliases: &["值", "数值", "内容"],
        required: true,
    },
];
pub(super) const CATEGORY_COLUMNS: &[Column] = &[
    CATEGORY,
    Column {
        name: "tier",
        aliases: &["优先级", "层级", "优先序"],
        required: true,
    },
    PLAN,
    Column {
        name: "min",
        aliases: &["下限", "最小"],
        required: false,
    },
    Column {
        name: "max",
        aliases: &["上限", "最大"],
        required: false,
    },
    ALIAS,
    Column {
        name: "parent",
        aliases: &["上级类别", "所属类别", "所属"],
        required: false,
    },
    BASIS,
];
pub(super) const TOWN_COLUMNS: &[Column] = &[
    TOWN,
    PLAN,
    Column {
        name: "capacity",
        aliases: &["容量", "可供量", "上限"],
        required: false,
    },
    ALIAS,
];
/// The columns of `cells.csv` (saved allocations reuse the town and category ones).
pub const CELL_COLUMNS: &[Column] = &[
    TOWN,
    CATEGORY,
    PLAN,
    Column {
        name: "demand",
        aliases: &["需求", "需求量", "申报需求"],
        required: false,
    },
    Column {
        name: "committed",
        aliases: &["已承诺", "必保", "已落实", "承诺"],
        required: false,
    },
    Column {
        name: "stock",
        aliases: &["存量", "存量用地", "储备", "储备用地", "批而未供"],
        required: false,
    },
];
pub(super) const RULE_COLUMNS: &[Column] = &[
    Column {
        name: "rule",
        aliases: &["规则", "名称"],
        required: true,
    },
    Column {
        name: "categories",
        aliases: &["类别", "用地类型"],
        required: true,
    },
    Column {
        name: "towns",
        aliases: &["乡镇", "地区"],
        required: true,
    },
    Column {
        name: "bound",
        aliases: &["界限", "类型", "约束"],
        required: true,
    },
    Column {
        name: "value",
        aliases: &["值", "数值"],
        required: true,
    },
    Column {
        name: "of",
        aliases: &["基数", "占比基数"],
        required: false,
    },
    BASIS,
    Column {
        name: "derived",
        aliases: &["推导", "测算"],
        required: false,
    },
];

/// The keys of `scenario.csv`, each with the other spellings accepted for it.
pub(super) const SETTING_KEYS: &[(&str, &[&str])] = &[
    ("name", &["名称", "计划名称", "scenario"]),
    ("year", &["年度", "年份"]),
    ("unit", &["单位", "units"]),
    ("cap", &["总量", "供应总量", "土地供应总量", "total"]),
    ("cap_kind", &["cap-kind", "capkind", "总量类型"]),
    ("source", &["来源", "出处"]),
    (
        "new_quota",
        &["新增建设用地计划指标", "新增计划指标", "新增指标", "quota"],
    ),
];

/// The canonical name of a `scenario.csv` key, whatever spelling was used.
pub(super) fn setting_key(text: &str) -> Option<&'static str> {
    let key = crate::names::normalize(text);
    SETTING_KEYS
        .iter()
        .find(|(name, aliases)| {
            crate::names::normalize(name) == key
                || aliases.iter().any(|a| crate::names::normalize(a) == key)
        })
        .map(|(name, _)| *name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::table;

    /// The format documentation, folded like headers are, to look names up in.
    fn documentation() -> String {
        crate::number::fold_text(include_str!("../../docs/scenario-format.md")).to_lowercase()
    }

    #[test]
    fn every_column_header_and_key_is_documented() {
        let docs = documentation();
        let columns = [
            SCENARIO_COLUMNS,
            CATEGORY_COLUMNS,
            TOWN_COLUMNS,
            CELL_COLUMNS,
            RULE_COLUMNS,
        ];
        for column in columns.iter().flat_map(|c| c.iter()) {
            for name in std::iter::once(&column.name).chain(column.aliases) {
                let folded = crate::number::fold_text(name).to_lowercase();
                assert!(
                    docs.contains(&folded),
                    "{name} is not in docs/scenario-format.md"
                );
            }
        }
        for (key, aliases) in SETTING_KEYS {
            for name in std::iter::once(key).chain(aliases.iter()) {
                assert!(
                    docs.contains(&name.to_lowercase()),
                    "{name} is not documented"
                );
            }
        }
        for note in table::NOTE_HEADERS {
            assert!(docs.contains(note), "{note} is not documented");
        }
    }

    #[test]
    fn setting_keys_are_known_by_every_spelling() {
        assert_eq!(setting_key("cap_kind"), Some("cap_kind"));
        assert_eq!(setting_key("Cap-Kind"), Some("cap_kind"));
        assert_eq!(setting_key("土地供应总量"), Some("cap"));
        assert_eq!(setting_key("年度"), Some("year"));
        assert_eq!(setting_key("capacity"), None);
    }
}
