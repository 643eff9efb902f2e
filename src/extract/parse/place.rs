//! Placing a figure by the name before it: the total, a town, a category, a town's category
//! or a sub-item; a figure given again is compared with the first.

use super::clause::{classify, split_colon, Area, Clause, Label};
use super::finish::same;
use super::lex::{Figure, Token};
use super::state::{At, DraftCategory, DraftSub, DraftTotal, DraftTown, Last, SubScope, TownScope};
use super::words::{self, Section};
use super::{said, Note, NoteKind, Parser, Said};
use crate::scenario::CapKind;

impl Parser {
    /// A figure and the clause before it: read the context, then place the figure.
    pub(super) fn item(&mut self, clause: &Clause, token: &Token, figure: &Figure) {
        // The subject of an earlier clause serves the next figure only.
        let subject = self.subject.take();
        let at = clause.at(self.line, Some(token));
        let (context, label) = split_colon(&clause.label);
        if let Some(context) = context {
            self.context(context);
            self.town_heading(context);
        }
        if words::opens_breakdown(label) {
            self.breakdown();
        }
        if words::spreads(label) {
            self.context(label);
        }
        self.check_numbers(clause);
        if let Some(disagreement) = &figure.disagreement {
            let message = said(
                format!("{}; the hectares are taken", disagreement.en),
                format!("{}；采用公顷数", disagreement.zh),
            );
            self.note(NoteKind::Warning, &at, message);
        }
        if let Some(reason) = self.skip(&clause.label) {
            self.note(NoteKind::Skipped, &at, reason);
            return;
        }
        if words::is_ambiguous(&clause.label) {
            let message = said(
                "one figure for several names (分别): not placed",
                "一个数字对应多个名称（分别）：未归属",
            );
            self.note(NoteKind::Unread, &at, message);
            return;
        }
        self.against_caption(figure, &at);
        let area = Area {
            place: self.place.as_deref(),
            city_proper: self.city_proper,
            has_total: self.total.is_some(),
        };
        let mut name = words::name_of(label);
        let mut kind = classify(&name, label, &area);
        if let (Label::Nameless, Some(subject)) = (&kind, subject) {
            let joined = format!("{subject}{label}");
            name = words::name_of(&joined);
            kind = classify(&name, &joined, &area);
        }
        if let (Some(bound), Label::Town(name) | Label::Category(name)) =
            (words::bound_word(label), &kind)
        {
            let message = said(
                format!("the text gives a bound ({bound}) for {name}: read as its figure"),
                format!("原文对{name}给出的是限值（{bound}）：按其数值读取"),
            );
            self.note(NoteKind::Warning, &at, message);
        }
        match kind {
            Label::Wider => {
                self.wider = true;
                self.wider_area(&at);
            }
            _ if self.wider => self.wider_area(&at),
            Label::Total => {
                self.sub = None;
                let city_proper = words::is_city_proper(&name.core);
                if self.place.is_none() && (words::is_place(&name.core) || city_proper) {
                    self.place = Some(name.name.clone());
                    self.city_proper = city_proper;
                }
                self.set_total(&clause.label, figure, at);
            }
            Label::Part(part, category) => {
                self.part = Some(part.clone());
                self.place_part(part, category, figure, at);
            }
            Label::Category(name) if self.part.is_some() => {
                let part = self.part.clone().expect("matched as some");
                self.place_part(part, name, figure, at);
            }
            Label::Town(name) => {
                self.sub = None;
                match self.spread {
                    Some(category) => {
                        let town = self.town_id(&name);
                        let category = self.categories[category].name.clone();
                        self.set_cell(town, category, figure, at);
                    }
                    None => self.set_town(name, figure, at),
                }
            }
            Label::Category(name) => self.place_category(name, figure, at),
            Label::Cell(town, category) => {
                self.sub = None;
                self.spread = None;
                let town = self.town_id(&town);
                self.set_cell(town, category, figure, at);
                // "河口镇计划供应工矿仓储用地30公顷、住宅用地8公顷": the town's list goes on.
                self.town = Some(TownScope {
                    town,
                    explicit: false,
                });
            }
            Label::Nameless => {
                let message = said(
                    "nothing before this figure names what it is for: not placed",
                    "此数字前未说明用途或地区：未归属",
                );
                self.note(NoteKind::Unread, &at, message);
            }
        }
    }

    /// A figure for an area wider than the plan's, or in the sentence of one: skipped.
    fn wider_area(&mut self, at: &At) {
        let place = self.place.as_deref().unwrap_or("市区");
        let message = said(
            format!(
                "{} (this plan covers {place})",
                words::Skip::Wider.describe()
            ),
            format!(
                "{}（本计划范围为{place}）",
                words::Skip::Wider.describe_zh()
            ),
        );
        self.note(NoteKind::Skipped, at, message);
        self.last = Last::Nothing;
    }

    /// A figure for a part of the area that is no town (城市更新): a sub-item of its category
    /// named after the part, so that it neither adds to the category nor contradicts it.
    fn place_part(&mut self, part: String, category: String, figure: &Figure, at: At) {
        let parent = self.category_id(&category);
        let sub = SubScope {
            parent,
            town: None,
            depth: self.depth,
        };
        self.subitem(sub, part, figure, &at);
    }

    /// A figure with a category's name: a sub-item of the "of which" list in progress, a
    /// town's category, or a category of the structure.
    pub(super) fn place_category(&mut self, name: String, figure: &Figure, at: At) {
        self.spread = None;
        if let Some(sub) = self.sub {
            if !self.ends_sublist(&name) {
                self.subitem(sub, name, figure, &at);
                return;
            }
            // A main category ends the "of which" list.
            self.sub = None;
        }
        if let Some(parent) = self.housing_parent(&name) {
            let parent_name = &self.categories[parent].name;
            let message = said(
                format!("{name} is part of {parent_name} (an \"of which\" item) though the text does not say 其中: kept as its sub-item (categories.csv, column parent) and not added to it"),
                format!("{name}属于{parent_name}（其中项），原文虽未写“其中”：作为其子项（categories.csv 的 parent 列），不计入合计"),
            );
            self.note(NoteKind::Warning, &at, message);
            let sub = SubScope {
                parent,
                town: self.town.map(|scope| scope.town),
                depth: self.depth,
            };
            self.subitem(sub, name, figure, &at);
            return;
        }
        match self.town {
            Some(scope) => self.set_cell(scope.town, name, figure, at),
            None if self.section == Section::Layout => {
                let message = said(
                    format!("a figure for {name} in the layout (布局) that belongs to no town"),
                    format!("供应布局中{name}的数字未归属任何乡镇"),
                );
                self.note(NoteKind::Unread, &at, message);
            }
            None => self.set_category(name, figure, at),
        }
    }

    pub(super) fn skip(&self, label: &str) -> Option<Said> {
        match self.section {
            Section::Timing => return Some(words::Skip::Timing.said()),
            Section::Method => return Some(words::Skip::Method.said()),
            _ => {}
        }
        words::skip_reason(label, self.year).map(words::Skip::said)
    }

    /// For a sub-item class named without "其中" (保障性住房用地) that is not a category of
    /// the text already: the housing category it is part of, when the text has one.
    pub(super) fn housing_parent(&self, name: &str) -> Option<usize> {
        if !words::is_subitem_class(name) || self.category_index.resolve(name).is_some() {
            return None;
        }
        self.categories
            .iter()
            .position(|c| crate::names::category_class(&c.name) == Some("residential"))
    }

    /// Whether a name in an "of which" list is no sub-item but the next category.
    pub(super) fn ends_sublist(&self, name: &str) -> bool {
        self.category_index.resolve(name).is_some() || words::is_main_class(name)
    }

    pub(super) fn subitem(&mut self, sub: SubScope, name: String, figure: &Figure, at: &At) {
        self.last = Last::Sub;
        let first = self
            .subitems
            .iter()
            .find(|s| s.parent == sub.parent && s.town == sub.town && s.name == name)
            .map(|s| (s.figure.clone(), s.at.clone()));
        if let Some(first) = first {
            let parent = &self.categories[sub.parent].name;
            let what = said(
                format!("{parent}'s sub-item {name}"),
                format!("{parent}的其中项{name}"),
            );
            self.again(what, &first, figure, at);
            return;
        }
        self.subitems.push(DraftSub {
            parent: sub.parent,
            town: sub.town,
            name,
            figure: figure.clone(),
            at: at.clone(),
        });
    }

    /// Compares a figure given again with the first; a different one is reported.
    pub(super) fn again(&mut self, what: Said, first: &(Figure, At), figure: &Figure, at: &At) {
        if !same(&first.0, figure) {
            let (line, text) = (first.1.line, &first.1.text);
            let message = said(
                format!("{} is given again with a different figure (first at line {line}: '{text}'); the first is kept", what.en),
                format!("{}再次出现且数字不同（首次见第{line}行：“{text}”）：采用首次数字", what.zh),
            );
            self.note(NoteKind::Unread, at, message);
        }
    }

    pub(super) fn set_total(&mut self, label: &str, figure: &Figure, at: At) {
        let kind = if label.contains('约') || label.contains("左右") {
            Some(CapKind::About)
        } else if ["控制在", "不超过", "不高于", "以内"]
            .iter()
            .any(|w| label.contains(w))
        {
            Some(CapKind::AtMost)
        } else {
            None
        };
        match &self.total {
            Some(total) => {
                let first = (total.figure.clone(), total.at.clone());
                self.again(said("the total", "总量"), &first, figure, &at);
                if let Some(total) = self.total.as_mut() {
                    total.kind = total.kind.or(kind);
                }
            }
            None => {
                self.total = Some(DraftTotal {
                    figure: figure.clone(),
                    kind,
                    at,
                })
            }
        }
        self.town = None;
        self.last = Last::Total;
    }

    pub(super) fn town_id(&mut self, name: &str) -> usize {
        if let Some(id) = self.town_index.resolve(name) {
            return id;
        }
        if let Some(id) = self.same_town(name) {
            self.town_index.insert_alias(name, id);
            let town = &self.towns[id].name;
            let message = said(
                format!("{name} and {town} name the same town, one the other with a place word more: read as {town}"),
                format!("{name}与{town}指同一乡镇（多一个地名用字）：按{town}读取"),
            );
            self.notes.push(Note::new(
                self.line,
                0,
                NoteKind::Warning,
                message,
                String::new(),
            ));
            return id;
        }
        let id = self.towns.len();
        self.town_index.insert_name(name, id);
        self.towns.push(DraftTown {
            name: name.to_string(),
            plan: None,
            line: self.line,
            missing: false,
        });
        id
    }

    /// A town already read under a name that is this one with a place word more or less
    /// ("东城街道" and "东城街道办事处", "高新区" and "高新区管委会").
    fn same_town(&self, name: &str) -> Option<usize> {
        let extends = |long: &str, short: &str| {
            long.strip_prefix(short).is_some_and(|extra| {
                !extra.is_empty() && words::is_place_word(extra) && words::is_place(short)
            })
        };
        self.towns
            .iter()
            .position(|t| extends(name, &t.name) || extends(&t.name, name))
    }

    pub(super) fn set_town(&mut self, name: String, figure: &Figure, at: At) {
        let town = self.town_id(&name);
        match self.towns[town].plan.clone() {
            Some(first) => {
                let what = said(format!("town {name}"), format!("乡镇{name}"));
                self.again(what, &first, figure, &at)
            }
            None => self.towns[town].plan = Some((figure.clone(), at)),
        }
        self.town = Some(TownScope {
            town,
            explicit: false,
        });
        self.last = Last::Town(town);
    }

    pub(super) fn category_id(&mut self, name: &str) -> usize {
        if let Some(id) = self.category_index.resolve(name) {
            return id;
        }
        let id = self.categories.len();
        self.category_index.insert_category(name, &[], id);
        self.categories.push(DraftCategory {
            name: name.to_string(),
            plan: None,
            line: self.line,
        });
        id
    }

    pub(super) fn set_category(&mut self, name: String, figure: &Figure, at: At) {
        let category = self.category_id(&name);
        match self.categories[category].plan.clone() {
            Some(first) => {
                let what = said(format!("category {name}"), format!("用地类型{name}"));
                self.again(what, &first, figure, &at)
            }
            None => {
                if words::is_subitem_class(&name) {
                    self.note(
                        NoteKind::Warning,
                        &at,
                        said(
                            format!("{name} is usually an \"of which\" (其中) part of housing land, but the text names no housing land before it: read as a category of its own"),
                            format!("{name}通常是住宅用地的其中项，但原文此前未列住宅用地：单列为一类用地"),
                        ),
                    );
                }
                self.categories[category].plan = Some((figure.clone(), at));
            }
        }
        self.last = Last::Category(category);
    }

    pub(super) fn set_cell(&mut self, town: usize, name: String, figure: &Figure, at: At) {
        let category = self.category_id(&name);
        match self.cells.get(&(town, category)).cloned() {
            Some(first) => {
                let what = format!("{} {}", self.towns[town].name, name);
                self.again(said(what.clone(), what), &first, figure, &at);
            }
            None => {
                self.cells.insert((town, category), (figure.clone(), at));
                self.cell_order.push((town, category));
            }
        }
        self.last = Last::Cell(town, category);
    }
}
