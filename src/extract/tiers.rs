//! The default priority tier of an extracted category.
//!
//! Input: a category's name as published. Output: its tier under the project's default
//! policy: industrial land (工矿仓储, 工业, 工矿, 仓储) and public utilities (公用设施) first
//! (tier 1), housing (住宅, 居住) second (tier 2), commercial land (商服, 商业) last (tier 4),
//! anything else tier 3. A plan's text states no tiers: these are a default for the planner
//! to review, and `landplan extract` says so.

use crate::names::category_class;

/// The tier of the first group that names the category; tier 3 when none does.
const POLICY: &[(u32, &[&str], &[&str])] = &[
    (
        1,
        &["industrial", "warehouse", "mining", "public-utility"],
        &["工矿", "工业", "仓储", "公用设施"],
    ),
    (2, &["residential"], &["住宅", "居住", "住房"]),
    (4, &["commercial"], &["商服", "商业"]),
];

/// The tier everything not named by the policy gets.
pub const OTHER_TIER: u32 = 3;

/// The default tier of a category: by its class when `names` knows it, else by the words in
/// its name.
pub fn default_tier(name: &str) -> u32 {
    let class = category_class(name);
    POLICY
        .iter()
        .find(|(_, classes, words)| {
            class.is_some_and(|c| classes.contains(&c)) || words.iter().any(|w| name.contains(w))
        })
        .map_or(OTHER_TIER, |(tier, _, _)| *tier)
}

/// The class a tier was given for, in words, for the output.
pub fn reason(tier: u32) -> &'static str {
    match tier {
        1 => "industrial or public utility",
        2 => "housing",
        4 => "commercial",
        _ => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_the_default_policy() {
        assert_eq!(default_tier("工矿仓储用地"), 1);
        assert_eq!(default_tier("工业用地"), 1);
        assert_eq!(default_tier("仓储用地"), 1);
        assert_eq!(default_tier("公用设施用地"), 1);
        assert_eq!(default_tier("住宅用地"), 2);
        assert_eq!(default_tier("居住用地"), 2);
        assert_eq!(default_tier("住宅类用地"), 2);
        assert_eq!(default_tier("商服用地"), 4);
        assert_eq!(default_tier("商业服务业用地"), 4);
        assert_eq!(default_tier("交通运输用地"), 3);
        assert_eq!(default_tier("公园与绿地"), 3);
        assert_eq!(default_tier("某某用地"), 3);
    }
}
