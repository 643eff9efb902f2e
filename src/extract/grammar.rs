//! The wordings of published plans, as data: how plans state their total, structure, layout
//! and sub-items, which words name the area, a place, a part of the area, and which make a
//! figure something other than a planned area.
//!
//! Input: none; this is a table. Output: the words of each role, for `words` and the
//! parser. Each row is one wording, with an example sentence and what it reads as; a test
//! reads every example and checks the reading, and another checks that docs/extract.md
//! lists it. A new wording is a new row here (or new words in a row), not new code. Nothing
//! here reads text: `words` and `parse` apply the rows.

use std::collections::BTreeMap;
use std::sync::LazyLock;

/// Why a figure is read but not taken into the scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
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
    /// A floor area (建筑面积), not land.
    Floor,
    /// A figure for an area wider than the plan's (全市 in a plan for 市区).
    Wider,
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
            Skip::Floor => "a floor area (建筑面积), not an area of land",
            Skip::Wider => "a figure for an area wider than the one this plan covers",
        }
    }

    /// Why the figure is skipped, in Chinese.
    pub fn describe_zh(self) -> &'static str {
        match self {
            Skip::Change => "系增减变化数，不是计划供应面积",
            Skip::Past => "系其他年度或已供应的数据",
            Skip::Method => "系供应方式（方式）数据，情景文件不载",
            Skip::Timing => "系供应时序（时序）数据，情景文件不载",
            Skip::Source => "系用地来源（新增/存量）数据，情景文件不载",
            Skip::Group => {
                "系用地类型合计（经营性用地：商服+住宅），不单列为一类；可在 rules.csv 中设上限"
            }
            Skip::Floor => "系建筑面积，不是用地面积",
            Skip::Wider => "系大于本计划范围的区域的数据",
        }
    }

    /// Why the figure is skipped, in both languages.
    pub fn said(self) -> super::words::Said {
        super::words::said(self.describe(), self.describe_zh())
    }
}

/// What the words of a row do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    /// The whole area the plan covers: a figure named so is the total.
    WholeArea,
    /// The city proper (市区, 市本级): the whole area of a plan whose title names it, else a
    /// place of the layout.
    CityProper,
    /// An area wider than the city proper: its figures are skipped in a plan for 市区.
    Wider,
    /// Words that make a figure the total when nothing else names it (总量, 计划量).
    TotalWord,
    /// Endings of a place name: a town, district, county, park.
    PlaceSuffix,
    /// Words that end like a place name but name none (各乡镇, 城市).
    NotPlace,
    /// Words a label may start with before the name (其中, 计划供应).
    Leading,
    /// Words a label may end with after the name (供应量为, 控制在).
    Trailing,
    /// Words after which a figure must follow (为, 约): without one, a figure is missing.
    Introducer,
    /// Words that open a breakdown of the figure before them (其中).
    Breakdown,
    /// Words that say a category's land lies in the towns that follow (主要分布在).
    Spread,
    /// A part of the area that is no town (城市更新): the figures of its sentence are that
    /// part's, kept as sub-items of their category.
    SubArea,
    /// Context that opens the structure (从用途看).
    StructureContext,
    /// Context that opens the layout (从区域看).
    LayoutContext,
    /// A bound read as the figure, with a warning (不少于).
    Bound,
    /// The total is a cap (控制在…以内).
    AtMost,
    /// The total is an estimate (约, 左右).
    About,
    /// A figure read and not taken.
    Skip(Skip),
    /// Words a title's place is written between (关于下达 … 发布).
    TitleFiller,
}

/// What a row's example reads as: the figure a test finds in the reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reads {
    Total(&'static str),
    Category(&'static str, &'static str),
    Town(&'static str, &'static str),
    /// Town, category, figure.
    Cell(&'static str, &'static str, &'static str),
    /// Parent category, sub-item, figure.
    Sub(&'static str, &'static str, &'static str),
    /// The plan's place.
    Place(&'static str),
    /// How many figures are skipped.
    Skipped(usize),
    /// The reading warns with this text.
    Warns(&'static str),
}

/// One wording.
#[derive(Debug, Clone, Copy)]
pub struct Row {
    pub role: Role,
    pub words: &'static [&'static str],
    /// A sentence in this wording (a text of its own: a total comes first where one is
    /// needed for the figure to be placed).
    pub example: &'static str,
    pub reads: Reads,
}

/// The wordings. Within a role, longer words are tried first; skip rows are tried in this
/// order.
pub const ROWS: &[Row] = &[
    Row {
        role: Role::WholeArea,
        words: &[
            "全市(县)", "全县(市)", "全市(区)", "全市", "全县", "全区", "全旗", "全州", "全乡",
            "全镇", "我市", "我县", "我区", "我旗", "本市", "本县", "本区", "市辖区",
        ],
        example: "2025年度全县土地供应总量控制在96.3公顷以内。",
        reads: Reads::Total("96.3"),
    },
    Row {
        role: Role::WholeArea,
        words: &["各区", "各县", "各县区", "各县(市、区)", "各县(市)区", "各区县"],
        example: "各区国有建设用地供应计划总量控制在3650公顷以内。",
        reads: Reads::Total("3650"),
    },
    Row {
        role: Role::WholeArea,
        words: &[
            "各类国有建设用地", "各类建设用地", "各类用地", "国有建设用地", "建设用地",
            "土地", "用地", "本年度", "全年", "年度",
        ],
        example: "全市计划供应各类用地总量为2544公顷。",
        reads: Reads::Total("2544"),
    },
    Row {
        role: Role::CityProper,
        words: &["市区", "市本级", "中心城区", "主城区"],
        example: "镇南市区2023年度国有建设用地供应计划\n2023年市区国有建设用地供应计划总量为13740.59亩。\n全市国有建设用地供应计划总量为44805.00亩。",
        reads: Reads::Total("13740.59"),
    },
    Row {
        role: Role::Wider,
        words: &["全市", "全县", "全市域", "市域"],
        example: "镇南市区2023年度国有建设用地供应计划\n市区国有建设用地供应总量为13740.59亩。\n全市国有建设用地供应计划总量为44805.00亩。",
        reads: Reads::Skipped(1),
    },
    Row {
        role: Role::TotalWord,
        words: &["总量", "总面积", "总规模", "合计", "共计", "总计", "总供应"],
        example: "我县本年度拟安排供应的国有建设用地，总规模达到420公顷。",
        reads: Reads::Total("420"),
    },
    Row {
        role: Role::TotalWord,
        words: &["供应计划量", "计划量", "供应计划"],
        example: "确定全市2023年度建设用地供应计划量895.89公顷(13438.35亩)。",
        reads: Reads::Total("895.89"),
    },
    Row {
        role: Role::TotalWord,
        words: &["使用权住房供应计划", "住房供应计划"],
        example: "全市国有建设用地使用权住房供应计划为1237公顷。",
        reads: Reads::Total("1237"),
    },
    Row {
        role: Role::PlaceSuffix,
        words: &["街道办事处", "街道办", "街道", "镇", "乡"],
        example: "总量控制在60公顷以内。\n连州镇土地供应量为48.6公顷。",
        reads: Reads::Town("连州镇", "48.6"),
    },
    Row {
        role: Role::PlaceSuffix,
        words: &["区", "县", "市", "旗"],
        example: "全市总量控制在1000公顷以内。\n从区域布局看，海州区300公顷，东海县150公顷，句容市100公顷。",
        reads: Reads::Town("东海县", "150"),
    },
    Row {
        role: Role::PlaceSuffix,
        words: &["管委会", "开发区", "园区", "工业园", "产业园", "农场", "林场"],
        example: "全市总量控制在1000公顷以内。\n从区域布局看，临港产业园区100公顷。",
        reads: Reads::Town("临港产业园区", "100"),
    },
    Row {
        role: Role::NotPlace,
        words: &[
            "乡镇", "城镇", "集镇", "村镇", "各镇", "各乡镇", "镇街", "小城镇", "建制镇",
            "中心镇", "重点镇", "辖区", "街道", "本区", "小区", "社区", "棚户区", "城市",
            "都市", "超市", "各市", "该市", "县市", "城区", "片区", "园区", "景区", "开发区",
        ],
        example: "总量控制在9公顷以内。\n各乡镇：城关镇9公顷。",
        reads: Reads::Town("城关镇", "9"),
    },
    Row {
        role: Role::Leading,
        words: &[
            "市辖区", "我市", "我县", "我区", "我旗", "本年度", "全市(县)", "全县(市)",
            "全市(区)", "全市", "全县", "全区", "全旗", "全州", "本市", "本县", "本区", "全年",
            "年度", "今年", "本年", "明年", "年内", "其中", "可以看出", "可以看到", "可见", "据统计", "主要分布在", "主要分布于",
            "分布在", "分布于", "主要位于", "位于", "另有", "另", "以及", "及", "和", "并",
            "包括", "包含", "含", "计划", "拟", "安排", "供应", "共", ":", "的", "确定",
            "经研究", "现将", "通过", "其余",
        ],
        example: "总量控制在20公顷以内。\n其中计划供应住宅用地12公顷。",
        reads: Reads::Category("住宅用地", "12"),
    },
    Row {
        role: Role::Trailing,
        words: &[
            "不少于", "不低于", "不小于", "至少", "不超过", "不高于", "不大于", "最多",
            "控制在", "国有建设用地", "建设用地", "土地", "供应", "供地", "计划", "安排",
            "总面积", "面积", "总规模", "规模", "总量", "量", "合计", "共计", "总计", "约为",
            "大约", "约", "为", "是", "达到", "达", "将", "共", "计", "拟", "的", "中", ":",
            "使用权", "方面",
        ],
        example: "总量控制在60公顷以内。\n连州镇土地供应量为48.6公顷。",
        reads: Reads::Town("连州镇", "48.6"),
    },
    Row {
        role: Role::Introducer,
        words: &["为", "约", "控制在", "达", "达到", "供应量", "计划量", "面积"],
        example: "总量控制在60公顷以内。\n乙镇土地供应量为公顷。",
        reads: Reads::Warns("乙镇"),
    },
    Row {
        role: Role::Breakdown,
        words: &["其中", "包括", "包含"],
        example: "总量约20公顷。\n住宅用地12公顷，其中保障性安居工程用地3公顷。",
        reads: Reads::Sub("住宅用地", "保障性安居工程用地", "3"),
    },
    Row {
        role: Role::Spread,
        words: &["分布", "位于"],
        example: "总量控制在9公顷以内。\n住宅用地5公顷，主要分布在：城关镇3公顷，河口镇2公顷。",
        reads: Reads::Cell("城关镇", "住宅用地", "3"),
    },
    Row {
        role: Role::SubArea,
        words: &[
            "城市更新", "旧城改造", "城中村改造", "老旧小区改造", "三旧改造", "片区开发",
        ],
        example: "总量控制在600公顷以内，其中住宅用地300公顷。\n通过城市更新供应住宅用地39公顷。",
        reads: Reads::Sub("住宅用地", "城市更新", "39"),
    },
    Row {
        role: Role::StructureContext,
        words: &["总量中", "从用途看", "按用途", "分用途", "用途结构", "供应结构"],
        example: "全市计划供应国有建设用地9公顷。\n从用途看，住宅用地4公顷，工矿仓储用地5公顷。",
        reads: Reads::Category("工矿仓储用地", "5"),
    },
    Row {
        role: Role::LayoutContext,
        words: &["布局", "从区域看", "按区域", "分区域", "各镇", "各乡镇", "分镇"],
        example: "全市计划供应国有建设用地9公顷。\n从布局看，甲镇9公顷，其中居住用地4公顷。",
        reads: Reads::Cell("甲镇", "居住用地", "4"),
    },
    Row {
        role: Role::Bound,
        words: &[
            "不少于", "不低于", "不小于", "至少", "不超过", "不高于", "不大于", "最多", "以上",
        ],
        example: "总量控制在9公顷以内。\n工业用地不少于4公顷。",
        reads: Reads::Warns("不少于"),
    },
    Row {
        role: Role::AtMost,
        words: &["控制在", "不超过", "不高于", "以内", "以下"],
        example: "全县土地供应总量控制在50公顷以内。",
        reads: Reads::Total("50"),
    },
    Row {
        role: Role::About,
        words: &["约", "左右"],
        example: "全县土地供应总量约50公顷。",
        reads: Reads::Total("50"),
    },
    Row {
        role: Role::Skip(Skip::Group),
        words: &["经营性"],
        example: "总量控制在9公顷以内。\n经营性用地5公顷。",
        reads: Reads::Skipped(1),
    },
    Row {
        role: Role::Skip(Skip::Floor),
        words: &["建筑面积", "建筑规模", "人均"],
        example: "总量控制在9公顷以内。\n保障性住房建筑面积3万平方米。",
        reads: Reads::Skipped(1),
    },
    Row {
        role: Role::Skip(Skip::Change),
        words: &[
            "同比", "环比", "比上年", "较上年", "比去年", "较去年", "增加", "减少", "增长",
            "下降", "提高", "降低", "增幅", "降幅",
        ],
        example: "总量控制在9公顷以内，比上年减少1公顷。",
        reads: Reads::Skipped(1),
    },
    Row {
        role: Role::Skip(Skip::Past),
        words: &[
            "上年", "去年", "上一年", "已供应", "已出让", "实际供应", "完成", "累计",
        ],
        example: "总量控制在9公顷以内。\n全县实际供应国有建设用地10公顷。",
        reads: Reads::Skipped(1),
    },
    Row {
        role: Role::Skip(Skip::Method),
        words: &[
            "出让", "划拨", "租赁方式", "以租赁", "先租后让", "作价出资", "作价入股", "招拍挂",
        ],
        example: "总量控制在9公顷以内。\n以出让方式供应6公顷。",
        reads: Reads::Skipped(1),
    },
    Row {
        role: Role::Skip(Skip::Timing),
        words: &["季度", "上半年", "下半年", "月份"],
        example: "总量控制在9公顷以内。\n第一季度供应2公顷。",
        reads: Reads::Skipped(1),
    },
    Row {
        role: Role::Skip(Skip::Source),
        words: &["新增", "存量", "储备"],
        example: "总量控制在9公顷以内。\n其中新增建设用地5公顷。",
        reads: Reads::Skipped(1),
    },
    Row {
        role: Role::TitleFiller,
        words: &[
            "关于下达", "关于公布", "关于印发", "关于", "现将", "近日", "确定", "发布", "公布",
            "下达", "印发", "的", "《", "【",
        ],
        example: "关于下达北川市2023年度建设用地供应计划的通知\n全市建设用地供应总量为9公顷。",
        reads: Reads::Place("北川市"),
    },
];

/// The words of a role, longer words first (so that 街道办事处 is tried before 街道).
pub fn words(role: Role) -> &'static [&'static str] {
    static BY_ROLE: LazyLock<BTreeMap<Role, Vec<&'static str>>> = LazyLock::new(|| {
        let mut by_role: BTreeMap<Role, Vec<&'static str>> = BTreeMap::new();
        for row in ROWS {
            by_role.entry(row.role).or_default().extend(row.words);
        }
        for words in by_role.values_mut() {
            words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
        }
        by_role
    });
    BY_ROLE.get(&role).map_or(&[], Vec::as_slice)
}

/// The skip rows in table order: the first whose word a label holds says why.
pub fn skips() -> impl Iterator<Item = (Skip, &'static [&'static str])> {
    ROWS.iter().filter_map(|row| match row.role {
        Role::Skip(skip) => Some((skip, row.words)),
        _ => None,
    })
}

/// A row as docs/extract.md lists it: `| role | words | example | reads as |`, the example's
/// lines joined by " / ".
pub fn doc_row(row: &Row) -> String {
    format!(
        "| {:?} | {} | {} | {:?} |",
        row.role,
        row.words.join(" "),
        row.example.replace('\n', " / "),
        row.reads
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{parse, Extraction, NoteKind};
    use rust_decimal::Decimal;
    use std::str::FromStr;

    fn read(text: &str) -> Extraction {
        let lines: Vec<String> = text.lines().map(str::to_string).collect();
        parse(&lines)
    }

    fn d(s: &str) -> Option<Decimal> {
        Some(Decimal::from_str(s).unwrap())
    }

    /// Whether the reading of a row's example holds what the row says it reads as.
    fn holds(e: &Extraction, reads: Reads) -> bool {
        match reads {
            Reads::Total(v) => e.total.as_ref().map(|t| t.value) == d(v),
            Reads::Category(name, v) => e
                .categories
                .iter()
                .any(|c| c.name == name && c.plan == d(v)),
            Reads::Town(name, v) => e.towns.iter().any(|t| t.name == name && t.plan == d(v)),
            Reads::Cell(town, category, v) => e
                .cells
                .iter()
                .any(|c| c.town == town && c.category == category && Some(c.plan) == d(v)),
            Reads::Sub(category, name, v) => e
                .subitems
                .iter()
                .any(|s| s.category == category && s.name == name && Some(s.plan) == d(v)),
            Reads::Place(place) => e.place.as_deref() == Some(place),
            Reads::Skipped(n) => e.notes_of(NoteKind::Skipped).count() == n,
            Reads::Warns(text) => e.notes.iter().any(|n| n.message_at().contains(text)),
        }
    }

    #[test]
    fn every_row_reads_its_example() {
        let wrong: Vec<String> = ROWS
            .iter()
            .filter_map(|row| {
                let e = read(row.example);
                (!holds(&e, row.reads))
                    .then(|| format!("{:?}: {:?} in {e:#?}", row.role, row.reads))
            })
            .collect();
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn docs_list_every_row() {
        let docs = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/extract.md"),
        )
        .unwrap();
        let missing: Vec<String> = ROWS
            .iter()
            .map(doc_row)
            .filter(|row| !docs.lines().any(|line| line == row))
            .collect();
        assert!(
            missing.is_empty(),
            "docs/extract.md lacks:\n{}",
            missing.join("\n")
        );
    }

    #[test]
    fn every_role_is_a_row_and_words_come_longest_first() {
        let places = words(Role::PlaceSuffix);
        let first = places.iter().position(|w| *w == "街道办事处").unwrap();
        let last = places.iter().position(|w| *w == "镇").unwrap();
        assert!(first < last);
        assert!(!words(Role::Wider).is_empty());
    }
}
