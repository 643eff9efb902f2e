//! A structure-exploiting exact solver for the lexicographic problem of `solve::lexicographic`
//! when every constraint is an upper limit on a plain sum of cells and the limited sets nest
//! (a laminar family: any two are disjoint or one contains the other). Lianzhou's cap and its
//! 经营性用地 rule are such a family; so are caps with category maxima, or with town capacities.
//!
//! Input: the scenario's exact constraints (once, to build the `Tree`), then per solve each
//! cell's committed land, demand and published figure, and the cells of each tier. Output:
//! the same `LexSolution` the LP stages produce (tier optima, fair ratios, least deviation
//! from the plan, one value per cell), to be rounded and certified by `solve::certified`
//! exactly like an LP answer. It never decides a scenario is infeasible (the caller checks
//! committed land against every limit exactly and leaves that case to the LP) and it does not
//! round or certify anything itself.
//!
//! Why it is exact: with y = x - committed, the region {0 <= y <= demand - committed,
//! y(S) <= limit(S) - committed(S) for S in the family} is a polymatroid, because the family
//! is laminar. On a polymatroid the greedy algorithm maximises any 0/1 objective, and the
//! face where tiers 1..i are at their maximum is the product of one polymatroid per tier
//! (Fujishige, "Submodular functions and optimization", section 3.3). So, tier by tier, on
//! what the earlier tiers left of each limit:
//! 1. the tier's maximum supply is the greedy maximum (a bottom-up pass over the tree);
//! 2. the largest smallest fill ratio r is min(1, min over limits S of room(S) / flexible
//!    demand of the tier in S): r x flexible demand must fit in every limit, and every
//!    vector that fits extends to a maximum;
//! 3. the least deviation from the plan q (clamped into the cell bounds) is reached by a
//!    greedy maximal vector below q, extended greedily to a maximum: any maximum y has
//!    |y - q| >= max + q(E) - 2 rank(q), and this construction attains it.
//!
//! Where the optimum is not unique (step 3 may have ties) cells are filled in cell order;
//! the LP may pick another optimum with the same objective values.

use crate::constraints::{Constraint, Sense};
use crate::model::TierCells;
use crate::solve::lexicographic::{LexSolution, FLEXIBLE};

/// The nested limits as a forest: parents before children.
#[derive(Debug, Clone, PartialEq)]
pub struct Tree {
    /// Index into the constraint list of each node, parents first.
    pub constraint: Vec<usize>,
    /// Parent node of each node.
    parent: Vec<Option<usize>>,
    /// The deepest node containing each cell (`None`: only its own bounds limit it).
    cell_node: Vec<Option<usize>>,
}

impl Tree {
    /// The family of a constraint list as a tree, or `None` when some constraint is not an
    /// upper limit on a plain sum, or two limited sets overlap without nesting.
    pub fn build(cells: usize, constraints: &[Constraint]) -> Option<Tree> {
        let mut order: Vec<usize> = Vec::new();
        for (k, constraint) in constraints.iter().enumerate() {
            let plain = constraint.sense == Sense::AtMost
                && constraint
                    .terms
                    .iter()
                    .all(|(_, c)| *c == rust_decimal::Decimal::ONE);
            if !plain {
                return None;
            }
            if !constraint.terms.is_empty() {
                order.push(k);
            }
        }
        // Larger sets first (ties by position): every set is processed after all that contain it.
        order.sort_by_key(|&k| (std::cmp::Reverse(constraints[k].terms.len()), k));
        let mut cell_node: Vec<Option<usize>> = vec![None; cells];
        let mut parent = Vec::with_capacity(order.len());
        for (node, &k) in order.iter().enumerate() {
            let terms = &constraints[k].terms;
            let first = cell_node[terms[0].0];
            if terms.iter().any(|(cell, _)| cell_node[*cell] != first) {
                return None;
            }
            parent.push(first);
            for (cell, _) in terms {
                cell_node[*cell] = Some(node);
            }
        }
        Some(Tree {
            constraint: order,
            parent,
            cell_node,
        })
    }

    /// Number of limits in the tree.
    pub fn len(&self) -> usize {
        self.constraint.len()
    }

    pub fn is_empty(&self) -> bool {
        self.constraint.is_empty()
    }

    /// The least room left in any limit containing `cell` (infinite when none does).
    fn room(&self, cell: usize, slack: &[f64]) -> f64 {
        let mut room = f64::INFINITY;
        let mut node = self.cell_node[cell];
        while let Some(n) = node {
            room = room.min(slack[n].max(0.0));
            node = self.parent[n];
        }
        room
    }

    /// Takes `amount` from every limit containing `cell`.
    fn take(&self, cell: usize, amount: f64, slack: &mut [f64]) {
        let mut node = self.cell_node[cell];
        while let Some(n) = node {
            slack[n] -= amount;
            node = self.parent[n];
        }
    }

    /// Adds `amount[cell]` of each listed cell into every node containing it.
    fn sums(&self, cells: &[usize], amount: impl Fn(usize) -> f64) -> Vec<f64> {
        let mut sum = vec![0.0; self.len()];
        for &cell in cells {
            let value = amount(cell);
            let mut node = self.cell_node[cell];
            while let Some(n) = node {
                sum[n] += value;
                node = self.parent[n];
            }
        }
        sum
    }

    /// The greedy maximum of the listed cells' total, each at most `upper[cell]`, within
    /// `slack`: bottom-up, a node passes on at most its room.
    fn maximum(&self, cells: &[usize], upper: &[f64], slack: &[f64]) -> f64 {
        let mut flow = vec![0.0; self.len()];
        let mut free = 0.0;
        for &cell in cells {
            match self.cell_node[cell] {
                Some(n) => flow[n] += upper[cell],
                None => free += upper[cell],
            }
        }
        for n in (0..self.len()).rev() {
            let through = flow[n].min(slack[n].max(0.0));
            match self.parent[n] {
                Some(p) => flow[p] += through,
                None => free += through,
            }
        }
        free
    }
}

/// One solve's figures, in `f64`, one per cell of the scenario.
#[derive(Debug, Clone, Copy)]
pub struct CellFigures<'a> {
    pub committed: &'a [f64],
    pub demand: &'a [f64],
    pub plan: &'a [f64],
}

/// Solves every lexicographic stage on the tree. `room` is each node's limit minus the
/// committed land inside it (never negative: the caller checked).
pub fn solve(
    tree: &Tree,
    room: &[f64],
    tiers: &[TierCells],
    figures: CellFigures<'_>,
) -> LexSolution {
    let cells = figures.committed.len();
    let upper: Vec<f64> = (0..cells)
        .map(|c| (figures.demand[c] - figures.committed[c]).max(0.0))
        .collect();
    let mut slack = room.to_vec();
    let mut lower = vec![0.0; cells];
    let mut extra = vec![0.0; cells];
    let mut tier_optimum = Vec::with_capacity(tiers.len());
    let mut fair_ratio = Vec::with_capacity(tiers.len());
    for tier in tiers {
        let best = tree.maximum(&tier.cells, &upper, &slack);
        let committed: f64 = tier.cells.iter().map(|&c| figures.committed[c]).sum();
        tier_optimum.push(committed + best);
        let ratio = fair_ratio_of(tree, &tier.cells, &upper, &slack);
        fair_ratio.push(ratio);
        for &cell in &tier.cells {
            if upper[cell] > FLEXIBLE {
                lower[cell] = ratio.unwrap_or(0.0) * upper[cell];
                tree.take(cell, lower[cell], &mut slack);
            }
        }
        let toward_plan = |cell: usize, _: f64| {
            (figures.plan[cell] - figures.committed[cell]).clamp(lower[cell], upper[cell])
                - lower[cell]
        };
        fill(tree, &tier.cells, &mut extra, &mut slack, toward_plan);
        let to_demand = |cell: usize, now: f64| upper[cell] - lower[cell] - now;
        fill(tree, &tier.cells, &mut extra, &mut slack, to_demand);
    }
    let values: Vec<f64> = (0..cells)
        .map(|c| figures.committed[c] + lower[c] + extra[c])
        .collect();
    let deviation = values
        .iter()
        .zip(figures.plan)
        .map(|(x, p)| (x - p).abs())
        .sum();
    LexSolution {
        values,
        tier_optimum,
        fair_ratio,
        deviation,
    }
}

/// The largest r with r x flexible demand inside every limit (at most 1); `None` when the
/// tier has no flexible cell.
fn fair_ratio_of(tree: &Tree, cells: &[usize], upper: &[f64], slack: &[f64]) -> Option<f64> {
    let flexible: Vec<usize> = cells
        .iter()
        .copied()
        .filter(|&c| upper[c] > FLEXIBLE)
        .collect();
    if flexible.is_empty() {
        return None;
    }
    let demand = tree.sums(&flexible, |c| upper[c]);
    let ratio = demand
        .iter()
        .zip(slack)
        .filter(|(d, _)| **d > 0.0)
        .map(|(d, s)| s.max(0.0) / d)
        .fold(1.0, f64::min);
    Some(ratio)
}

/// Raises each cell in order by as much as `want(cell, value)` and the limits above it allow.
fn fill(
    tree: &Tree,
    cells: &[usize],
    value: &mut [f64],
    slack: &mut [f64],
    want: impl Fn(usize, f64) -> f64,
) {
    for &cell in cells {
        let step = want(cell, value[cell]).min(tree.room(cell, slack)).max(0.0);
        if step > 0.0 {
            value[cell] += step;
            tree.take(cell, step, slack);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::constraints::ConstraintId;
    use rust_decimal::Decimal;

    fn at_most(cells: &[usize], rhs: i64) -> Constraint {
        Constraint {
            id: ConstraintId::Cap,
            terms: cells.iter().map(|&c| (c, Decimal::ONE)).collect(),
            sense: Sense::AtMost,
            rhs: Decimal::from(rhs),
        }
    }

    #[test]
    fn nested_and_disjoint_sets_form_a_tree_overlapping_ones_do_not() {
        let tree = Tree::build(4, &[at_most(&[0, 1, 2, 3], 10), at_most(&[1, 2], 3)]).unwrap();
        assert_eq!(tree.len(), 2);
        assert_eq!(tree.cell_node, vec![Some(0), Some(1), Some(1), Some(0)]);
        assert!(Tree::build(3, &[at_most(&[0, 1], 1), at_most(&[1, 2], 1)]).is_none());
        let mut minimum = at_most(&[0], 1);
        minimum.sense = Sense::AtLeast;
        assert!(Tree::build(1, &[minimum]).is_none());
    }

    #[test]
    fn tiers_fill_in_order_and_a_cut_tier_is_cut_in_proportion() {
        // Cap 10 over cells 0, 1 (tier 1, demand 4 and 8) and cell 2 (tier 2, demand 5).
        let tree = Tree::build(3, &[at_most(&[0, 1, 2], 10)]).unwrap();
        let tiers = vec![
            TierCells {
                tier: 1,
                cells: vec![0, 1],
            },
            TierCells {
                tier: 2,
                cells: vec![2],
            },
        ];
        let figures = CellFigures {
            committed: &[0.0, 0.0, 1.0],
            demand: &[4.0, 8.0, 5.0],
            plan: &[4.0, 4.0, 2.0],
        };
        let solution = solve(&tree, &[9.0], &tiers, figures);
        assert_eq!(solution.tier_optimum, vec![9.0, 1.0]);
        assert_eq!(solution.fair_ratio, vec![Some(0.75), Some(0.0)]);
        assert_eq!(solution.values, vec![3.0, 6.0, 1.0]);
        assert_eq!(solution.deviation, 1.0 + 2.0 + 1.0);
    }
}
