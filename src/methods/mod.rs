//! Supply methods (供地方式) and the legal rules on them, as data with their citations.
//!
//! Input: a method as a register, a parcel list or a plan writes it (招拍挂出让, 挂牌出让,
//! 协议出让, 出让, 划拨, 租赁, 作价出资, or the English words), and a land-use category's name.
//! Output: the `Method`, and the `Verdict` of the shipped rules (`rules.csv` beside this file:
//! one row per class of land and method, with the regulation it rests on and the reason in
//! the bureau's words). What the rules do not list is allowed. A verdict is `Verify` where the
//! rule depends on a fact the data cannot show (a register that writes only 出让 for
//! industrial land, where the law asks for 招标拍卖挂牌; 住宅用地 by 划拨, allowed only for
//! 保障性住房 when the plan gives no housing split).
//!
//! This module judges one (category, method) pair; the commands that read methods (track's
//! register, parcel lists, a scenario's `methods.csv`: `plan`) report its verdicts at their
//! own lines; `split` divides a category's solved land by the methods of `methods.csv`. Only
//! `plan` reads a file; nothing here prints.

pub mod plan;
pub mod split;

use crate::names::category_class;

/// How state-owned construction land is supplied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum Method {
    /// 招标、拍卖、挂牌出让: sold by tender, auction or listing.
    Competitive,
    /// 协议出让: sold by negotiation.
    Negotiated,
    /// 出让 with the manner not stated.
    Sale,
    /// 划拨: allocated without charge.
    Allocation,
    /// 租赁: leased.
    Lease,
    /// 作价出资（入股）: contributed as capital.
    Contribution,
}

/// The words that name each method (compared after trimming, case-insensitive for English).
const WORDS: &[(Method, &[&str])] = &[
    (
        Method::Competitive,
        &[
            "招拍挂出让",
            "招拍挂",
            "招标拍卖挂牌出让",
            "招标、拍卖、挂牌出让",
            "挂牌出让",
            "拍卖出让",
            "招标出让",
            "挂牌",
            "拍卖",
            "招标",
            "competitive",
            "auction",
            "tender",
            "listing",
        ],
    ),
    (
        Method::Negotiated,
        &["协议出让", "协议", "negotiated", "negotiation", "agreement"],
    ),
    (Method::Sale, &["出让", "sale", "sold"]),
    (Method::Allocation, &["划拨", "allocation", "allocated"]),
    (Method::Lease, &["租赁", "出租", "lease", "leased"]),
    (
        Method::Contribution,
        &[
            "作价出资",
            "作价入股",
            "作价出资（入股）",
            "作价出资(入股)",
            "作价出资入股",
            "contribution",
            "equity",
        ],
    ),
];

impl Method {
    pub const ALL: [Method; 6] = [
        Method::Competitive,
        Method::Negotiated,
        Method::Sale,
        Method::Allocation,
        Method::Lease,
        Method::Contribution,
    ];

    /// The method a register or list writes, if it names one.
    pub fn parse(text: &str) -> Option<Method> {
        let text = crate::names::normalize(text);
        WORDS
            .iter()
            .find(|(_, words)| words.iter().any(|w| crate::names::normalize(w) == text))
            .map(|(method, _)| *method)
    }

    /// The bureau's name.
    pub fn chinese(self) -> &'static str {
        match self {
            Method::Competitive => "招拍挂出让",
            Method::Negotiated => "协议出让",
            Method::Sale => "出让",
            Method::Allocation => "划拨",
            Method::Lease => "租赁",
            Method::Contribution => "作价出资",
        }
    }

    /// The English name.
    pub fn english(self) -> &'static str {
        match self {
            Method::Competitive => "tender, auction or listing sale",
            Method::Negotiated => "negotiated sale",
            Method::Sale => "sale",
            Method::Allocation => "allocation",
            Method::Lease => "lease",
            Method::Contribution => "capital contribution",
        }
    }

    /// The three groups a register's tally shows: 出让, 划拨, 租赁 (`family`).
    pub const FAMILIES: [Method; 3] = [Method::Sale, Method::Allocation, Method::Lease];

    /// The group of `FAMILIES` a method is tallied in: every manner of 出让, and 作价出资
    /// (a paid transfer of the use right for a term, as 出让 is), count as 出让.
    pub fn family(self) -> Method {
        match self {
            Method::Competitive | Method::Negotiated | Method::Sale | Method::Contribution => {
                Method::Sale
            }
            Method::Allocation | Method::Lease => self,
        }
    }

    /// What a method column accepts, for an error message's "expected".
    pub const EXPECTED: &'static str =
        "招拍挂出让 (or 挂牌出让, 拍卖出让, 招标出让), 协议出让, 出让, \
         划拨, 租赁 or 作价出资 (or auction, negotiated, sale, allocation, lease, contribution), \
         or empty";
}

/// What the rules say of one category supplied by one method.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Verdict {
    Allowed,
    /// The method is not allowed for this land: the regulation and the reason.
    Forbidden {
        citation: String,
        reason: String,
    },
    /// Allowed only if a fact the data cannot show holds: what to verify, and why.
    Verify {
        citation: String,
        reason: String,
    },
}

/// One row of the rules.
#[derive(Debug, Clone, serde::Deserialize)]
struct Rule {
    class: String,
    method: String,
    verdict: String,
    citation: String,
    reason: String,
}

/// The shipped rules: `src/methods/rules.csv`.
const RULES: &str = include_str!("rules.csv");

/// The rules on supply methods, by class of land.
#[derive(Debug, Clone)]
pub struct Rules {
    rules: Vec<(&'static str, Method, Verdict)>,
}

impl Default for Rules {
    /// The shipped rules (national regulations, see `rules.csv`).
    fn default() -> Self {
        Rules::parse(RULES)
    }
}

impl Rules {
    /// Reads rules from CSV text; the shipped file is checked by a test, so a row that does
    /// not read is a bug, reported as such.
    fn parse(text: &str) -> Rules {
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let rules = reader
            .deserialize::<Rule>()
            .map(|row| {
                let row = row.expect("the shipped method rules are valid CSV");
                let class = category_class(&row.class)
                    .expect("the shipped method rules name known classes");
                let method = Method::parse(&row.method).expect("the shipped rules name methods");
                let verdict = match row.verdict.as_str() {
                    "forbidden" => Verdict::Forbidden {
                        citation: row.citation,
                        reason: row.reason,
                    },
                    "verify" => Verdict::Verify {
                        citation: row.citation,
                        reason: row.reason,
                    },
                    other => panic!("unknown verdict '{other}' in the shipped method rules"),
                };
                (class, method, verdict)
            })
            .collect();
        Rules { rules }
    }

    /// The verdict on supplying land of `category` by `method`. A category of no known class
    /// (a name the plan made up) is judged by no rule: allowed.
    pub fn judge(&self, category: &str, method: Method) -> Verdict {
        let Some(class) = category_class(category) else {
            return Verdict::Allowed;
        };
        self.rules
            .iter()
            .find(|(c, m, _)| *c == class && *m == method)
            .map_or(Verdict::Allowed, |(_, _, verdict)| verdict.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_rule_reads_and_cites_a_regulation() {
        let rules = Rules::default();
        assert!(rules.rules.len() >= 10);
        for (_, _, verdict) in &rules.rules {
            match verdict {
                Verdict::Forbidden { citation, reason } | Verdict::Verify { citation, reason } => {
                    assert!(citation.contains('号'), "{citation}");
                    assert!(!reason.is_empty());
                }
                Verdict::Allowed => panic!("the file lists only restrictions"),
            }
        }
    }

    #[test]
    fn commercial_land_by_allocation_is_forbidden_public_land_is_not() {
        let rules = Rules::default();
        let verdict = rules.judge("商服用地", Method::Allocation);
        let Verdict::Forbidden { citation, .. } = verdict else {
            panic!("{verdict:?}")
        };
        assert!(citation.contains("国土资源部令第9号"));
        assert_eq!(
            rules.judge("公用设施用地", Method::Allocation),
            Verdict::Allowed
        );
        assert_eq!(
            rules.judge("医疗卫生用地", Method::Allocation),
            Verdict::Allowed
        );
        assert_eq!(
            rules.judge("保障性住房用地", Method::Allocation),
            Verdict::Allowed
        );
        assert!(matches!(
            rules.judge("住宅用地", Method::Allocation),
            Verdict::Verify { .. }
        ));
        assert!(matches!(
            rules.judge("工业用地", Method::Negotiated),
            Verdict::Forbidden { .. }
        ));
        assert!(matches!(
            rules.judge("工矿仓储用地", Method::Sale),
            Verdict::Verify { .. }
        ));
        assert_eq!(
            rules.judge("工矿仓储用地", Method::Competitive),
            Verdict::Allowed
        );
        assert_eq!(
            rules.judge("某新用途", Method::Allocation),
            Verdict::Allowed
        );
    }

    #[test]
    fn methods_read_in_the_words_registers_use() {
        assert_eq!(Method::parse("挂牌出让"), Some(Method::Competitive));
        assert_eq!(Method::parse(" 划拨 "), Some(Method::Allocation));
        assert_eq!(Method::parse("Lease"), Some(Method::Lease));
        assert_eq!(Method::parse("作价入股"), Some(Method::Contribution));
        assert_eq!(Method::parse("出让"), Some(Method::Sale));
        assert_eq!(Method::parse("赠与"), None);
    }
}
