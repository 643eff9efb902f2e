//! Each category's allocated land split by supply method, from `methods.csv`.
//!
//! Input: the scenario, its `MethodPlan` and each category's certified supply (the solve's
//! evaluation). Output: per category with rows in `methods.csv`, the land of each method,
//! exact at the scenario's decimals, and what could not be placed within the limits.
//!
//! The rule, in order: each method starts at its planned figure (hectares, or its share of
//! the category's land rounded to the scenario's decimals), or at its minimum when it has no
//! plan, held within its minimum and maximum (a share's minimum rounded up, its maximum
//! down, so the limits hold exactly); land left over goes to the methods without a plan,
//! then to the others, in file order, each up to its maximum; land planned beyond the
//! category's supply is taken back from the methods without a plan, then from the others, in
//! reverse file order, each down to its minimum. What still cannot be placed is `unsplit`
//! (the limits contradict the category's supply) and is shown, never hidden.

use super::plan::{MethodPlan, MethodRow};
use super::Method;
use crate::scenario::{CategoryId, RuleValue, Scenario};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

/// One category's land by method.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CategorySplit {
    pub category: CategoryId,
    pub supplied: Decimal,
    /// In `methods.csv` order.
    pub methods: Vec<(Method, Decimal)>,
    /// Supply the limits leave unplaced (negative: the minima ask for more than the supply).
    pub unsplit: Decimal,
}

/// Splits every category that has rows in the plan; `supplied` is per category id.
pub fn split(scenario: &Scenario, plan: &MethodPlan, supplied: &[Decimal]) -> Vec<CategorySplit> {
    let scale = scenario.scale();
    (0..scenario.categories.len())
        .map(CategoryId)
        .filter_map(|category| {
            let rows: Vec<&MethodRow> = plan.of(category).collect();
            if rows.is_empty() {
                return None;
            }
            let total = supplied[category.0];
            let (amounts, unsplit) = split_one(&rows, total, scale);
            Some(CategorySplit {
                category,
                supplied: total,
                methods: rows.iter().map(|r| r.method).zip(amounts).collect(),
                unsplit,
            })
        })
        .collect()
}

/// A row's figure for a category supply, rounded to `scale` with `strategy` when a share.
fn figure(value: RuleValue, supplied: Decimal, scale: u32, strategy: RoundingStrategy) -> Decimal {
    match value {
        RuleValue::Amount(amount) => amount,
        RuleValue::Share(percent) => {
            (supplied * percent / Decimal::ONE_HUNDRED).round_dp_with_strategy(scale, strategy)
        }
    }
}

fn split_one(rows: &[&MethodRow], supplied: Decimal, scale: u32) -> (Vec<Decimal>, Decimal) {
    let at = |value: Option<RuleValue>, default: Decimal, strategy| {
        value.map_or(default, |v| figure(v, supplied, scale, strategy))
    };
    let low: Vec<Decimal> = rows
        .iter()
        .map(|r| at(r.min, Decimal::ZERO, RoundingStrategy::AwayFromZero))
        .collect();
    let high: Vec<Decimal> = rows
        .iter()
        .zip(&low)
        .map(|(r, &low)| at(r.max, supplied.max(low), RoundingStrategy::ToZero).max(low))
        .collect();
    let mut amounts: Vec<Decimal> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            at(r.plan, low[i], RoundingStrategy::MidpointNearestEven).clamp(low[i], high[i])
        })
        .collect();
    let unplanned = (0..rows.len()).filter(|&i| rows[i].plan.is_none());
    let planned = (0..rows.len()).filter(|&i| rows[i].plan.is_some());
    let mut rest = supplied - amounts.iter().sum::<Decimal>();
    if rest > Decimal::ZERO {
        for i in unplanned.chain(planned) {
            let give = rest.min(high[i] - amounts[i]);
            amounts[i] += give;
            rest -= give;
        }
    } else if rest < Decimal::ZERO {
        for i in unplanned.rev().chain(planned.rev()) {
            let take = (-rest).min(amounts[i] - low[i]);
            amounts[i] -= take;
            rest += take;
        }
    }
    (amounts, rest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::Origin;
    use std::str::FromStr;

    fn d(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    fn row(method: Method, plan: Option<RuleValue>, min: Option<RuleValue>) -> MethodRow {
        MethodRow {
            category: CategoryId(0),
            method,
            plan,
            min,
            max: None,
            origin: Origin::new("methods.csv", 2),
        }
    }

    /// 10.5 ha: 招拍挂 60% (6.3), 协议 at least 1 ha with no plan, 租赁 2 ha: the rest,
    /// 10.5 - 6.3 - 1 - 2 = 1.2, goes to the method without a plan.
    #[test]
    fn planned_shares_first_the_rest_to_the_unplanned_method() {
        let rows = [
            row(Method::Competitive, Some(RuleValue::Share(d("60"))), None),
            row(Method::Negotiated, None, Some(RuleValue::Amount(d("1")))),
            row(Method::Lease, Some(RuleValue::Amount(d("2"))), None),
        ];
        let refs: Vec<&MethodRow> = rows.iter().collect();
        let (amounts, rest) = split_one(&refs, d("10.5"), 1);
        assert_eq!(amounts, vec![d("6.3"), d("2.2"), d("2")]);
        assert_eq!(rest, d("0"));
        // 5 ha, less than planned (3 + 1 + 2 = 6): the unplanned method is at its minimum
        // already, so 租赁, the last planned row, gives back the 1 ha.
        let (amounts, rest) = split_one(&refs, d("5"), 1);
        assert_eq!(amounts, vec![d("3"), d("1"), d("1")]);
        assert_eq!(rest, d("0"));
    }

    #[test]
    fn minima_above_the_supply_leave_a_shortfall_shown() {
        let rows = [row(
            Method::Allocation,
            None,
            Some(RuleValue::Amount(d("3"))),
        )];
        let refs: Vec<&MethodRow> = rows.iter().collect();
        let (amounts, rest) = split_one(&refs, d("2"), 0);
        assert_eq!((amounts, rest), (vec![d("3")], d("-1")));
    }
}
