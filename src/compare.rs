//! Stage 5b, compare: two allocations side by side, in exact decimals.
//!
//! Input: two `NamedAllocation`s (a published plan, a solved scenario, or a saved allocation
//! file; see `allocation`). Output: a `Comparison`: per cell, town, category and tier the
//! figures of A and B, the delta B - A in the scenario's unit and in percent of A, each
//! group's share of its side's total, the total absolute change, and the cells that appear
//! (nothing in A, land in B) or vanish; every list sorted by the size of its change.
//! Percentages and shares are rounded to 2 decimals; hectares are never rounded. With parcel
//! lists on both sides, `parcels` puts the two whole-parcel plans side by side as well. Reads
//! no files and solves nothing.

pub mod allocation;
pub mod parcels;

pub use allocation::{NamedAllocation, NamedCell};

use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// One row of a comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delta {
    /// A cell (`town/category`), town, category, tier (`tier 1`, `tier ?`) or `total`.
    pub name: String,
    pub a: Decimal,
    pub b: Decimal,
    /// B - A.
    pub delta: Decimal,
    /// Delta in percent of A (2 decimals); `None` when A is 0.
    pub percent: Option<Decimal>,
    /// A's share of A's total, in percent (2 decimals); `None` when the total is 0.
    pub share_a: Option<Decimal>,
    pub share_b: Option<Decimal>,
}

/// Everything that differs between two allocations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison {
    pub a: String,
    pub b: String,
    pub total: Delta,
    /// Sum over cells of |B - A| (the L1 distance).
    pub total_abs_change: Decimal,
    /// Cells whose figure differs.
    pub cells_changed: usize,
    pub tiers: Vec<Delta>,
    pub categories: Vec<Delta>,
    pub towns: Vec<Delta>,
    pub cells: Vec<Delta>,
    /// Cells with nothing in A and land in B.
    pub appeared: Vec<String>,
    /// Cells with land in A and nothing in B.
    pub vanished: Vec<String>,
}

/// `part` in percent of `whole`, 2 decimals; `None` when `whole` is 0.
fn percent(part: Decimal, whole: Decimal) -> Option<Decimal> {
    (!whole.is_zero()).then(|| {
        (part * Decimal::ONE_HUNDRED / whole)
            .round_dp(2)
            .normalize()
    })
}

fn delta(name: String, a: Decimal, b: Decimal, totals: (Decimal, Decimal)) -> Delta {
    Delta {
        name,
        a,
        b,
        delta: b - a,
        percent: percent(b - a, a),
        share_a: percent(a, totals.0),
        share_b: percent(b, totals.1),
    }
}

/// Largest change first, then by name.
fn sorted(mut rows: Vec<Delta>) -> Vec<Delta> {
    rows.sort_by(|x, y| {
        y.delta
            .abs()
            .cmp(&x.delta.abs())
            .then_with(|| x.name.cmp(&y.name))
    });
    rows
}

/// Sums per group: (A, B) by key.
type Sums = BTreeMap<String, (Decimal, Decimal)>;

fn rows(sums: Sums, totals: (Decimal, Decimal)) -> Vec<Delta> {
    sorted(
        sums.into_iter()
            .map(|(name, (a, b))| delta(name, a, b, totals))
            .collect(),
    )
}

/// The tier of each category on one side.
fn tiers_of(allocation: &NamedAllocation) -> BTreeMap<&str, u32> {
    allocation
        .cells
        .iter()
        .filter_map(|c| Some((c.category.as_str(), c.tier?)))
        .collect()
}

fn tier_name(tier: Option<u32>) -> String {
    tier.map_or_else(|| "tier ?".to_string(), |t| format!("tier {t}"))
}

/// Compares B with A.
pub fn compare(a: &NamedAllocation, b: &NamedAllocation) -> Comparison {
    let mut cells: BTreeMap<(&str, &str), (Decimal, Decimal)> = BTreeMap::new();
    for cell in &a.cells {
        cells.entry((&cell.town, &cell.category)).or_default().0 += cell.value;
    }
    for cell in &b.cells {
        cells.entry((&cell.town, &cell.category)).or_default().1 += cell.value;
    }
    let (tiers_a, tiers_b) = (tiers_of(a), tiers_of(b));
    // A side's tier for a category, else the other side's (a file may have no tier column).
    let tier = |mine: &BTreeMap<&str, u32>, other: &BTreeMap<&str, u32>, category: &str| {
        mine.get(category).or_else(|| other.get(category)).copied()
    };
    let (mut towns, mut categories, mut tiers) = (Sums::new(), Sums::new(), Sums::new());
    let mut totals = (Decimal::ZERO, Decimal::ZERO);
    let (mut appeared, mut vanished) = (Vec::new(), Vec::new());
    let mut cell_sums = Sums::new();
    for (&(town, category), &(va, vb)) in &cells {
        let name = format!("{town}/{category}");
        totals.0 += va;
        totals.1 += vb;
        add(&mut towns, town, va, vb);
        add(&mut categories, category, va, vb);
        let tier_a = tier(&tiers_a, &tiers_b, category);
        let tier_b = tier(&tiers_b, &tiers_a, category);
        add(&mut tiers, &tier_name(tier_a), va, Decimal::ZERO);
        add(&mut tiers, &tier_name(tier_b), Decimal::ZERO, vb);
        if va.is_zero() && vb > Decimal::ZERO {
            appeared.push(name.clone());
        } else if va > Decimal::ZERO && vb.is_zero() {
            vanished.push(name.clone());
        }
        add(&mut cell_sums, &name, va, vb);
    }
    let cells = rows(cell_sums, totals);
    Comparison {
        a: a.label.clone(),
        b: b.label.clone(),
        total: delta("total".to_string(), totals.0, totals.1, totals),
        total_abs_change: cells.iter().map(|c| c.delta.abs()).sum(),
        cells_changed: cells.iter().filter(|c| !c.delta.is_zero()).count(),
        tiers: rows(tiers, totals),
        categories: rows(categories, totals),
        towns: rows(towns, totals),
        cells,
        appeared,
        vanished,
    }
}

fn add(sums: &mut Sums, key: &str, a: Decimal, b: Decimal) {
    let entry = sums.entry(key.to_string()).or_default();
    entry.0 += a;
    entry.1 += b;
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::str::FromStr;

    fn d(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    fn named(label: &str, cells: &[(&str, &str, Option<u32>, &str)]) -> NamedAllocation {
        NamedAllocation {
            label: label.to_string(),
            cells: cells
                .iter()
                .map(|(town, category, tier, value)| NamedCell {
                    town: town.to_string(),
                    category: category.to_string(),
                    tier: *tier,
                    value: d(value),
                    origin: None,
                })
                .collect(),
        }
    }

    #[test]
    fn deltas_percentages_shares_and_presence() {
        let a = named(
            "A",
            &[
                ("甲镇", "住宅用地", Some(2), "10"),
                ("乙镇", "商服用地", Some(4), "5"),
            ],
        );
        let b = named(
            "B",
            &[
                ("甲镇", "住宅用地", None, "12.5"),
                ("丙镇", "商服用地", Some(4), "1"),
            ],
        );
        let c = compare(&a, &b);
        assert_eq!(c.total.delta, d("-1.5"));
        assert_eq!(c.total_abs_change, d("8.5"));
        assert_eq!(c.cells_changed, 3);
        assert_eq!(c.cells[0].name, "乙镇/商服用地");
        assert_eq!(c.cells[0].percent, Some(d("-100")));
        assert_eq!(c.cells[1].name, "甲镇/住宅用地");
        assert_eq!(c.cells[1].percent, Some(d("25")));
        assert_eq!(c.cells[1].share_a, Some(d("66.67")));
        assert_eq!(c.cells[2].percent, None);
        assert_eq!(c.appeared, vec!["丙镇/商服用地"]);
        assert_eq!(c.vanished, vec!["乙镇/商服用地"]);
        // B's housing cell has no tier of its own: it takes A's.
        let tier2 = c.tiers.iter().find(|t| t.name == "tier 2").unwrap();
        assert_eq!((tier2.a, tier2.b), (d("10"), d("12.5")));
    }

    fn allocation_strategy() -> impl Strategy<Value = Vec<(usize, usize, i64)>> {
        prop::collection::vec((0usize..4, 0usize..3, 0i64..5_000_000), 0..12)
    }

    fn from_triples(label: &str, triples: &[(usize, usize, i64)]) -> NamedAllocation {
        let mut seen = std::collections::BTreeSet::new();
        NamedAllocation {
            label: label.to_string(),
            cells: triples
                .iter()
                .filter(|(t, c, _)| seen.insert((*t, *c)))
                .map(|(t, c, v)| NamedCell {
                    town: format!("town{t}"),
                    category: format!("category{c}"),
                    tier: Some(*c as u32 + 1),
                    value: Decimal::new(*v, 6),
                    origin: None,
                })
                .collect(),
        }
    }

    fn lianzhou_plan() -> NamedAllocation {
        let raw = crate::load::load(&crate::builtin::lianzhou()).unwrap();
        NamedAllocation::plan("plan", &crate::validate::validate(&raw).scenario)
    }

    proptest! {
        #[test]
        fn on_the_lianzhou_plan_swapping_a_and_b_negates_every_delta(
            factors in prop::collection::vec(0u32..300, 25),
        ) {
            let plan = lianzhou_plan();
            let mut other = plan.clone();
            for (cell, factor) in other.cells.iter_mut().zip(&factors) {
                cell.value = cell.value * Decimal::from(*factor) / Decimal::ONE_HUNDRED;
            }
            let (ab, ba) = (compare(&plan, &other), compare(&other, &plan));
            prop_assert_eq!(compare(&plan, &plan).total_abs_change, Decimal::ZERO);
            prop_assert_eq!(ab.total.delta, -ba.total.delta);
            prop_assert_eq!(ab.total_abs_change, ba.total_abs_change);
            prop_assert_eq!(&ab.vanished, &ba.appeared);
            let by_name: BTreeMap<&str, Decimal> = ba.towns.iter().map(|r| (r.name.as_str(), r.delta)).collect();
            for row in &ab.towns {
                prop_assert_eq!(row.delta, -by_name[row.name.as_str()]);
            }
        }

        #[test]
        fn comparing_an_allocation_with_itself_finds_no_change(triples in allocation_strategy()) {
            let a = from_triples("A", &triples);
            let c = compare(&a, &a);
            prop_assert_eq!(c.total_abs_change, Decimal::ZERO);
            prop_assert_eq!(c.cells_changed, 0);
            prop_assert!(c.appeared.is_empty() && c.vanished.is_empty());
            for row in c.cells.iter().chain(&c.towns).chain(&c.categories).chain(&c.tiers) {
                prop_assert!(row.delta.is_zero());
            }
        }

        #[test]
        fn swapping_a_and_b_negates_every_delta(x in allocation_strategy(), y in allocation_strategy()) {
            let (a, b) = (from_triples("A", &x), from_triples("B", &y));
            let (ab, ba) = (compare(&a, &b), compare(&b, &a));
            prop_assert_eq!(ab.total.delta, -ba.total.delta);
            prop_assert_eq!(ab.total_abs_change, ba.total_abs_change);
            prop_assert_eq!(&ab.appeared, &ba.vanished);
            for (one, other) in [(&ab.cells, &ba.cells), (&ab.towns, &ba.towns), (&ab.categories, &ba.categories), (&ab.tiers, &ba.tiers)] {
                let by_name: BTreeMap<&str, Decimal> = other.iter().map(|r| (r.name.as_str(), r.delta)).collect();
                prop_assert_eq!(one.len(), other.len());
                for row in one {
                    prop_assert_eq!(row.delta, -by_name[row.name.as_str()]);
                }
            }
        }
    }
}
