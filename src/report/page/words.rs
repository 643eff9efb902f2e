//! The report's words in Chinese and English: labels, names of limits and cells, figures with
//! their unit.
//!
//! Input: a language, a scenario and the unit asked for (`--unit`). Output: strings. Every
//! figure is printed exactly (`number::show`), in the scenario's own unit unless another was
//! asked for; [`Words::in_unit`] is the one place a figure changes unit (1 公顷 = 15 亩 exactly;
//! 亩 restated in 公顷 round as `audit::restate` says, the rule audit follows too). Nothing
//! else here computes a figure. The names of towns and categories are data and are printed as
//! the plan writes them, in either language.

use crate::audit::{Check, Direction, Finding};
use crate::constraints::ConstraintId;
use crate::number::show;
use crate::scenario::{Bound, RuleValue, Scenario, Unit};
use crate::solve::engine::SolverPath;
use crate::solve::infeasible::{RelaxTarget, Relaxation};
use rust_decimal::Decimal;

/// The report's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// Chinese when any town or category name has a CJK character, else English.
    pub fn detect(scenario: &Scenario) -> Lang {
        let names = scenario
            .towns
            .iter()
            .map(|t| t.name.as_str())
            .chain(scenario.categories.iter().map(|c| c.name.as_str()));
        Lang::of_names(names)
    }

    /// Chinese when any of the names has a CJK character, else English.
    pub fn of_names<'a>(mut names: impl Iterator<Item = &'a str>) -> Lang {
        if names.any(|name| name.chars().any(is_cjk)) {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    /// The language asked for, else the data's (`detect`).
    pub fn or_detect(asked: Option<Lang>, scenario: &Scenario) -> Lang {
        asked.unwrap_or_else(|| Lang::detect(scenario))
    }

    /// The `lang` attribute of the HTML page.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }
}

/// A number in Chinese numerals as a bureau writes it in headings: 一 … 十, 十一, 二十一, 一百零一.
pub fn numeral(n: u32) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n as usize].to_string(),
        10..=19 => format!(
            "十{}",
            if n == 10 {
                ""
            } else {
                DIGITS[(n % 10) as usize]
            }
        ),
        20..=99 => format!(
            "{}十{}",
            DIGITS[(n / 10) as usize],
            if n % 10 == 0 {
                ""
            } else {
                DIGITS[(n % 10) as usize]
            }
        ),
        100..=999 => {
            let rest = n % 100;
            let tail = match rest {
                0 => String::new(),
                1..=9 => format!("零{}", DIGITS[rest as usize]),
                10..=19 => format!("一{}", numeral(rest)),
                _ => numeral(rest),
            };
            format!("{}百{tail}", DIGITS[(n / 100) as usize])
        }
        _ => n.to_string(),
    }
}

/// Whether a character is a CJK ideograph (unified, extension A, compatibility).
fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
}

/// The unit figures are shown in (`--unit`): one unit, or 公顷 with 亩 beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    One(Unit),
    /// 公顷 with 亩 beside it: `132.72823 公顷（1990.92345 亩）`, in tables `132.72823（1990.92345）`
    /// under a header naming `公顷（亩）`.
    Both,
}

/// Words for one scenario in one language.
#[derive(Debug, Clone, Copy)]
pub struct Words<'a> {
    pub lang: Lang,
    pub scenario: &'a Scenario,
    /// The unit asked for; `None`: the scenario's own, with table headers as they always were.
    pub shown: Option<Shown>,
}

impl<'a> Words<'a> {
    pub fn new(lang: Lang, scenario: &'a Scenario) -> Self {
        Words {
            lang,
            scenario,
            shown: None,
        }
    }

    /// The same words with figures in the unit asked for (`--unit`); `None` keeps the
    /// scenario's own.
    pub fn showing(self, shown: Option<Shown>) -> Self {
        Words { shown, ..self }
    }

    /// The same words for another scenario (a what-if's), figures in the same unit.
    pub fn of<'b>(self, scenario: &'b Scenario) -> Words<'b> {
        Words {
            lang: self.lang,
            scenario,
            shown: self.shown,
        }
    }

    /// The same words for a data file (CSV): one figure a value, so `both` is the scenario's
    /// own unit, named in the header.
    pub fn for_data(self) -> Self {
        let shown = self.shown.map(|shown| match shown {
            Shown::Both => Shown::One(self.scenario.settings.unit),
            one => one,
        });
        Words { shown, ..self }
    }

    /// The one conversion of a figure: from the scenario's unit into `unit`, exactly (亩 that
    /// do not terminate in 公顷 are rounded to `audit::CONVERTED_DECIMALS`, half to even).
    pub fn in_unit(&self, value: Decimal, unit: Unit) -> Decimal {
        crate::audit::restate(value, self.scenario.settings.unit, unit)
    }

    /// The unit a figure is drawn in (a chart's axis): the one asked for, 公顷 for `both`.
    pub fn main_unit(&self) -> Unit {
        match self.shown {
            None => self.scenario.settings.unit,
            Some(Shown::One(unit)) => unit,
            Some(Shown::Both) => Unit::Ha,
        }
    }

    /// A figure in the unit drawn (`main_unit`), for a chart.
    pub fn drawn(&self, value: Decimal) -> Decimal {
        self.in_unit(value, self.main_unit())
    }

    /// A figure in 公顷 and in 亩, as shown.
    fn ha_and_mu(&self, value: Decimal) -> (String, String) {
        (
            show(self.in_unit(value, Unit::Ha)),
            show(self.in_unit(value, Unit::Mu)),
        )
    }

    /// A figure for a table cell, without its unit (the header names it): `132.72823`, and
    /// for `both` `132.72823（1990.92345）`.
    pub fn figure(&self, value: Decimal) -> String {
        match self.shown {
            Some(Shown::Both) => {
                let (ha, mu) = self.ha_and_mu(value);
                self.pick(format!("{ha}（{mu}）"), format!("{ha} ({mu})"))
            }
            _ => show(self.drawn(value)),
        }
    }

    /// A figure written by a view in the scenario's unit (`number::show`), for a table cell
    /// as [`Words::figure`]; text that is no figure (empty) stays as it is.
    pub fn figure_text(&self, text: &str) -> String {
        match text.parse::<Decimal>() {
            Ok(value) => self.figure(value),
            Err(_) => text.to_string(),
        }
    }

    /// A figure written by a view, with its unit, as [`Words::area`].
    pub fn area_text(&self, text: &str) -> String {
        match text.parse::<Decimal>() {
            Ok(value) => self.area(value),
            Err(_) => text.to_string(),
        }
    }

    /// A column header naming the unit when one was asked for: `公布计划（亩）`, `plan (mu)`.
    pub fn header(&self, label: &str) -> String {
        match self.shown {
            None => label.to_string(),
            Some(_) => self.pick(
                format!("{label}（{}）", self.unit()),
                format!("{label} ({})", self.unit()),
            ),
        }
    }

    /// Column headers as given, those at the positions `figures` naming the unit (`header`).
    pub fn headers(&self, labels: &[&str], figures: std::ops::Range<usize>) -> Vec<String> {
        labels
            .iter()
            .enumerate()
            .map(|(i, label)| match figures.contains(&i) {
                true => self.header(label),
                false => label.to_string(),
            })
            .collect()
    }

    /// A table's column headers in the language (`columns`), those in `figures` naming the
    /// unit (`header`).
    pub fn figure_columns(&self, keys: &[&'static str], figures: &[&str]) -> Vec<String> {
        keys.iter()
            .zip(self.columns(keys))
            .map(|(key, label)| {
                if figures.contains(key) {
                    self.header(label)
                } else {
                    label.to_string()
                }
            })
            .collect()
    }

    /// What the unit asked for means, for the notes (说明): the unit, that 公顷 become 亩
    /// exactly, and how 亩 restated in 公顷 are rounded when some are; `None` when no unit was
    /// asked for.
    pub fn unit_note(&self) -> Option<String> {
        self.shown?;
        let data = self.scenario.settings.unit;
        let unit = match self.shown {
            Some(Shown::Both) => self.pick("公顷，括号内为亩", "ha, with mu in brackets"),
            _ => self.unit(),
        };
        let mut note = self.pick(
            format!(
                "面积单位：{unit}（原数据以{}填报；1 公顷 = 15 亩，公顷折算为亩为精确值）。",
                data.chinese()
            ),
            format!(
                "Areas in {unit} (the data is in {}; 1 ha = 15 mu, and hectares restated in mu are exact).",
                data.symbol()
            ),
        );
        let restated = data == Unit::Mu && self.main_unit() == Unit::Ha;
        if restated {
            let places = crate::audit::CONVERTED_DECIMALS;
            note.push_str(&self.pick(
                format!("亩折算为公顷除不尽的，四舍六入五成双保留 {places} 位小数（0.000001 公顷即 0.01 平方米），合计可能与分项之和相差末位；亩数为原数。"),
                format!(" Mu restated in hectares that do not terminate are rounded half to even to {places} decimals (0.000001 ha is 0.01 m²), so a total may differ from the sum of its parts in the last place; the mu are the data's own."),
            ));
        }
        Some(note)
    }

    /// Picks the Chinese or the English text.
    pub fn pick<T>(&self, zh: T, en: T) -> T {
        match self.lang {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// The unit of the figures shown: 公顷 / 亩, or ha / mu; `公顷（亩）` / `ha (mu)` for both.
    pub fn unit(&self) -> &'static str {
        match self.shown {
            Some(Shown::Both) => self.pick("公顷（亩）", "ha (mu)"),
            _ => self.unit_word(self.main_unit()),
        }
    }

    /// The unit a chart is drawn in (`main_unit`): 公顷 / 亩, or ha / mu.
    pub fn drawn_unit(&self) -> &'static str {
        self.unit_word(self.main_unit())
    }

    fn unit_word(&self, unit: Unit) -> &'static str {
        self.pick(unit.chinese(), unit.symbol())
    }

    /// A figure with its unit: `2.1 公顷`, `2.1 ha`; for both `2.1 公顷（31.5 亩）`.
    pub fn area(&self, value: Decimal) -> String {
        match self.shown {
            Some(Shown::Both) => {
                let (ha, mu) = self.ha_and_mu(value);
                self.pick(
                    format!("{ha} 公顷（{mu} 亩）"),
                    format!("{ha} ha ({mu} mu)"),
                )
            }
            _ => format!("{} {}", self.figure(value), self.unit()),
        }
    }

    /// `from → to`.
    pub fn from_to(&self, from: Decimal, to: Decimal) -> String {
        format!("{} → {}", self.figure(from), self.figure(to))
    }

    /// A signed figure: `+2.1`, `-0.5`, `0`.
    pub fn signed(&self, value: Decimal) -> String {
        if value > Decimal::ZERO {
            format!("+{}", self.figure(value))
        } else {
            self.figure(value)
        }
    }

    /// A cell's name: `九陂镇工矿仓储用地` / `九陂镇 工矿仓储用地`.
    pub fn cell(&self, cell: usize) -> String {
        let cell = &self.scenario.cells[cell];
        let town = &self.scenario.town(cell.town).name;
        let category = &self.scenario.category(cell.category).name;
        self.pick(format!("{town}{category}"), format!("{town} {category}"))
    }

    /// `第一优先级` / `tier 1`.
    pub fn tier(&self, tier: u32) -> String {
        self.pick(format!("第{}优先级", numeral(tier)), format!("tier {tier}"))
    }

    /// A tier in a table's tier column: `第一优先级`, or the bare number in English.
    pub fn tier_cell(&self, tier: u32) -> String {
        self.pick(self.tier(tier), tier.to_string())
    }

    /// A ratio as a percentage to two decimals: `98.5%`.
    pub fn percent(&self, ratio: Decimal) -> String {
        format!("{}%", show((ratio * Decimal::ONE_HUNDRED).round_dp(2)))
    }

    /// The plan's own name (`连州市2025年度土地供应计划`): the scenario's `source` without
    /// its parenthesised note (`(section 三)`, `(extracted from …)`), or its name.
    pub fn plan_name(&self) -> String {
        let settings = &self.scenario.settings;
        settings
            .source
            .as_deref()
            .map(|s| s.split(" (").next().unwrap_or(s).trim())
            .filter(|s| !s.is_empty())
            .unwrap_or(&settings.name)
            .to_string()
    }

    /// A limit in the planner's words.
    pub fn limit(&self, id: ConstraintId) -> String {
        let s = self.scenario;
        match (self.lang, id) {
            (Lang::En, _) => id.label(s),
            (Lang::Zh, ConstraintId::Cap) => "供应总量上限".to_string(),
            (Lang::Zh, ConstraintId::CategoryMin(c)) => format!("{}下限", s.category(c).name),
            (Lang::Zh, ConstraintId::CategoryMax(c)) => format!("{}上限", s.category(c).name),
            (Lang::Zh, ConstraintId::TownCapacity(t)) => format!("{}供地能力", s.town(t).name),
            (Lang::Zh, ConstraintId::Rule(r)) if s.rules[r].derived => {
                format!("规则“{}”（推导，非公布）", s.rules[r].name)
            }
            (Lang::Zh, ConstraintId::Rule(r)) => format!("规则“{}”", s.rules[r].name),
            (Lang::Zh, ConstraintId::NewQuota) => "新增建设用地计划指标".to_string(),
        }
    }

    /// Whether loosening the limit raises it (a cap, capacity or maximum) or lowers it.
    pub fn raises(&self, id: ConstraintId) -> bool {
        match id {
            ConstraintId::CategoryMin(_) => false,
            ConstraintId::Rule(r) => self.scenario.rules[r].bound == Bound::Max,
            _ => true,
        }
    }

    /// The step of a limit: `2.1 公顷`, or `2.1 个百分点` for a share rule.
    pub fn limit_amount(&self, id: ConstraintId, value: Decimal) -> String {
        if self.is_share(id) {
            self.pick(
                format!("{} 个百分点", show(value)),
                format!("{} percentage points", show(value)),
            )
        } else {
            self.area(value)
        }
    }

    /// A limit's figure: `45.01474`, or `70%` for a share rule.
    pub fn limit_figure(&self, id: ConstraintId, value: Decimal) -> String {
        if self.is_share(id) {
            format!("{}%", show(value))
        } else {
            self.figure(value)
        }
    }

    fn is_share(&self, id: ConstraintId) -> bool {
        matches!(id, ConstraintId::Rule(r)
            if matches!(self.scenario.rules[r].value, RuleValue::Share(_)))
    }

    /// Names an audit check.
    pub fn check(&self, check: Check) -> &'static str {
        match check {
            Check::CategoriesVsCap => self.pick("结构合计与总量", "categories vs cap"),
            Check::TownsVsCap => self.pick("布局合计与总量", "towns vs cap"),
            Check::CellsVsTown => self.pick("镇内各类合计与该镇合计", "cells vs town total"),
            Check::CellsVsCategory => self.pick("各镇合计与该类合计", "cells vs category total"),
            Check::CategoryBounds => self.pick("用地类型上下限", "category bounds"),
            Check::TownCapacity => self.pick("镇供地能力", "town capacity"),
            Check::CellBounds => self.pick("需求与已落实项目用地", "cell bounds"),
            Check::CommittedVsCap => self.pick("已落实项目用地与总量", "committed vs cap"),
            Check::Rule => self.pick("规则", "rule"),
            Check::SubItems => self.pick("其中项与上级类别", "sub-items vs parent"),
            Check::ShareBase => self.pick("占比基数", "share base"),
        }
    }

    /// The first columns of a table of town x category figures: 镇、用地类型、优先级.
    pub fn cell_columns(&self) -> Vec<String> {
        [("镇", "town"), ("用地类型", "category"), ("优先级", "tier")]
            .iter()
            .map(|(zh, en)| self.pick(*zh, *en).to_string())
            .collect()
    }

    /// The label of a table's total row: 合计 / total.
    pub fn total(&self) -> &'static str {
        self.pick("合计", "total")
    }

    /// A list joined the language's way: `甲、乙` / `a, b`.
    pub fn join(&self, items: &[String]) -> String {
        items.join(self.pick("、", ", "))
    }

    /// A clause separator: `；` / `; `.
    pub fn semicolon(&self) -> &'static str {
        self.pick("；", "; ")
    }

    /// A table's column headers: the English keys as they are, or their Chinese in the
    /// bureau's words (`COLUMNS`, docs/glossary.md).
    pub fn columns(&self, keys: &[&'static str]) -> Vec<&'static str> {
        keys.iter().map(|key| column(self.lang, key)).collect()
    }

    /// A ratio for a table: a percentage in Chinese (`98.5%`), the ratio itself in English
    /// (the JSON and CSV figure); empty stays empty.
    pub fn ratio_cell(&self, ratio: &str) -> String {
        match (self.lang, ratio.parse::<Decimal>()) {
            (Lang::Zh, Ok(ratio)) => self.percent(ratio),
            _ => ratio.to_string(),
        }
    }

    /// What an audit finding is about; the audit's `total` in the language.
    pub fn scope(&self, finding: &Finding) -> String {
        if finding.scope == "total" {
            self.pick("总量", "total").to_string()
        } else {
            finding.scope.clone()
        }
    }

    /// An audit finding in the language, from its figures in the finding's own unit (the
    /// English message as written by the audit when there are no figures).
    pub fn finding(&self, finding: &Finding) -> String {
        let (Some(expected), Some(actual), Some(difference)) =
            (finding.expected, finding.actual, finding.difference)
        else {
            return finding.message.clone();
        };
        if self.lang == Lang::En {
            return finding.message.clone();
        }
        let more = if finding.direction == Some(Direction::Below) {
            "少"
        } else {
            "多"
        };
        format!(
            "{}（{}）：公布 {}，分项合计 {}，{more} {} {}。",
            self.scope(finding),
            self.check(finding.check),
            show(expected),
            show(actual),
            show(difference),
            finding.unit.chinese()
        )
    }

    /// A what-if row's field or operation (`whatif::Field::name`, `Op::name`) in the
    /// language: in Chinese the words whatif.csv also accepts.
    pub fn what_if_word(&self, word: &'static str) -> &'static str {
        let zh = match word {
            "demand" => "需求",
            "committed" => "已落实项目用地",
            "plan" => "公布计划",
            "capacity" => "供地能力",
            "min" => "下限",
            "max" => "上限",
            "tier" => "优先级",
            "cap" => "供应总量上限",
            "extends" => "继承",
            "withdraw" => "撤回地块",
            "area" => "地块面积",
            "ready" => "可供时间",
            "cell" => "地块位置",
            "set" => "设为",
            "add" => "增加",
            "scale" => "乘以",
            other => other,
        };
        self.pick(zh, word)
    }

    /// Which algorithm answered, in the language.
    pub fn solver_path(&self, path: SolverPath) -> &'static str {
        match (self.lang, path) {
            (Lang::En, path) => path.describe(),
            (Lang::Zh, SolverPath::Laminar) => "各控制指标层层嵌套，按指标树逐级精确分配",
            (Lang::Zh, SolverPath::Flow) => "城镇与地类控制指标构成流网络，按网络流逐级精确分配",
            (Lang::Zh, SolverPath::Lp) => "按优先级逐级线性规划",
        }
    }

    /// What to change to make an infeasible scenario solvable, in the language.
    pub fn relaxation(&self, relaxation: &Relaxation) -> String {
        if self.lang == Lang::En {
            return crate::report::solve::relaxation_message(self.scenario, relaxation).1;
        }
        let (from, to, by) = (relaxation.from, relaxation.to, relaxation.by);
        match relaxation.target {
            RelaxTarget::Committed { cell } => format!(
                "{}已落实项目用地减少 {}（{}）",
                self.cell(cell),
                self.area(by),
                self.from_to(from, to)
            ),
            RelaxTarget::Limit { constraint } => {
                let verb = if to > from { "提高" } else { "降低" };
                format!(
                    "{}{verb} {}（{} → {}）",
                    self.limit(constraint),
                    self.limit_amount(constraint, by),
                    self.limit_figure(constraint, from),
                    self.limit_figure(constraint, to)
                )
            }
        }
    }
}

/// The column headers of landplan's tables: each English key (as in the JSON and CSV) and
/// its Chinese in the bureau's words (docs/glossary.md).
const COLUMNS: &[(&str, &str)] = &[
    ("town", "镇"),
    ("category", "用地类型"),
    ("categories", "用地类型"),
    ("tier", "优先级"),
    ("name", "名称"),
    ("plan", "公布计划"),
    ("demand", "需求"),
    ("committed", "已落实项目用地"),
    ("allocated", "本方案"),
    ("supplied", "供应"),
    ("shortfall", "供地缺口"),
    ("fill", "需求满足率"),
    ("delta", "与公布计划之差"),
    ("scenario", "情景"),
    ("status", "结果"),
    ("cells changed", "变动的分类用地数"),
    ("L1 from plan", "与公布计划偏差合计"),
    ("binding or relaxation", "已用足的指标或需调整的指标"),
    ("check", "检查"),
    ("scope", "范围"),
    ("expected", "公布数"),
    ("actual", "分项合计"),
    ("difference", "差额"),
    ("location", "位置"),
    ("message", "说明"),
    ("limit", "控制指标"),
    ("value", "本方案"),
    ("room", "余量"),
    ("kind", "类别"),
    ("a", "甲"),
    ("b", "乙"),
    ("change", "变化"),
    ("probability", "全额供应概率"),
    ("full supply", "全额供应概率"),
    ("mean shortfall", "平均供地缺口"),
    ("cut", "被压减次数"),
    ("binds", "已用足次数"),
];

/// One column header in the language (the key itself when it has no Chinese yet).
fn column(lang: Lang, key: &'static str) -> &'static str {
    match lang {
        Lang::En => key,
        Lang::Zh => COLUMNS
            .iter()
            .find(|(en, _)| *en == key)
            .map_or(key, |(_, zh)| zh),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals_read_as_a_bureau_writes_them() {
        let shown: Vec<String> = [1, 10, 11, 20, 21, 99, 100, 101, 110, 115, 120]
            .into_iter()
            .map(numeral)
            .collect();
        assert_eq!(
            shown,
            [
                "一",
                "十",
                "十一",
                "二十",
                "二十一",
                "九十九",
                "一百",
                "一百零一",
                "一百一十",
                "一百一十五",
                "一百二十"
            ]
        );
    }

    #[test]
    fn cjk_detection_tells_chinese_names_from_latin_ones() {
        assert!("九陂镇".chars().all(is_cjk));
        assert!(!"Jiupi town".chars().any(is_cjk));
        assert!(!"１２".chars().any(is_cjk));
    }
}
