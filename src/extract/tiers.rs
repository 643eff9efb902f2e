//! The default priority tier of an extracted category.
//!
//! Input: a category's name as published. Output: its tier under the project's default
//! policy, read from the Lianzhou 2025 plan (docs/scenario-format.md): industrial land
//! (工矿仓储, 工业, 工矿, 仓储) and public utilities (公用设施) first (tier 1, 四（一）);
//! affordable housing and shanty-town renewal (保障性住房, 棚户区改造: 应保尽保, 二 and 四（一）)
//! and infrastructure and livelihood land, everything else, second (tier 2); housing as a
//! whole (住宅, 居住, 商品房), which holds commercial housing, third (tier 3, 四（一）从严从紧);
//! commercial land (商服, 商业) last (tier 4). A plan's text states no tiers: these are a
//! default for the planner to review, and `landplan extract` says so.

use crate::names::category_class;

/// The tier of the first group that names the category; tier 3 when none does.
const POLICY: &[(u32, &[&str], &[&str])] = &[
    (
        1,
        &["industrial", "warehouse", "mining", "public-utility"],
        &["工矿", "工业", "仓储", "公用设施"],
    ),
    (
        2,
        &["affordable-housing", "shanty-town"],
        &["保障性", "保障房", "安居", "棚户"],
    ),
    (
        3,
        &["residential", "small-unit-housing"],
        &["住宅", "居住", "住房", "商品房"],
    ),
    (4, &["commercial"], &["商服", "商业"]),
];

/// The tier everything not named by the policy gets: infrastructure and livelihood land.
pub const OTHER_TIER: u32 = 2;

/// The default tier of a category: by its class when `names` knows it, else by the words in
/// its name.
pub fn default_tier(name: &str) -> u32 {
    policy_tier(name).unwrap_or(OTHER_TIER)
}

/// The tier the policy names for a category, `None` when no group of the policy names it.
pub fn policy_tier(name: &str) -> Option<u32> {
    let class = category_class(name);
    POLICY
        .iter()
        .find(|(_, classes, words)| {
            class.is_some_and(|c| classes.contains(&c)) || words.iter().any(|w| name.contains(w))
        })
        .map(|(tier, _, _)| *tier)
}

/// The default tier of a sub-item (其中): its own class's when the policy names it (保障性住房
/// tier 2), else its parent's (城市更新 under 住宅用地 is housing).
pub fn sub_item_tier(name: &str, parent_tier: u32) -> u32 {
    policy_tier(name).unwrap_or(parent_tier)
}

/// The class a tier was given for, in words, for the output.
pub fn reason(tier: u32) -> &'static str {
    match tier {
        1 => "industrial or public utility",
        2 => "affordable housing, infrastructure, livelihood or other",
        3 => "housing (with commercial housing)",
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
        assert_eq!(default_tier("住宅用地"), 3);
        assert_eq!(default_tier("居住用地"), 3);
        assert_eq!(default_tier("住宅类用地"), 3);
        assert_eq!(default_tier("保障性住房用地"), 2);
        assert_eq!(default_tier("棚户区改造用地"), 2);
        assert_eq!(default_tier("中小套型商品房用地"), 3);
        assert_eq!(default_tier("商服用地"), 4);
        assert_eq!(default_tier("商业服务业用地"), 4);
        assert_eq!(default_tier("交通运输用地"), 2);
        assert_eq!(default_tier("公园与绿地"), 2);
        assert_eq!(default_tier("某某用地"), 2);
    }
}
