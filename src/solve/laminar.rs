//! A structure-exploiting exact solver for the lexicographic problem of `solve::lexicographic`
//! when every constraint is an upper limit on a plain sum of cells and the limited sets nest
//! (a laminar family: any two are disjoint or one contains the other). Lianzhou's cap and its
//! 经营性用地 rule are such a family; so are caps with category maxima, or with town capacities.
//!
//! Input: the scenario's exact constraints (once, to build the `Tree`; `prepare`), then per
//! solve each cell's committed land, demand and published figure in integer units of the
//! scenario's last decimal, and the cells of each tier. Output: the exact allocation at the
//! input's decimals, each stage's optimum and, per tier, the multipliers that prove its total
//! optimal (`Proven`), for `solve::certified_exact` to check. All arithmetic is on `i128`
//! units: no floating point and no rounding step. It never decides a scenario is infeasible
//! (`prepare` checks committed land against every limit exactly and leaves that case to the
//! LP) and it does not certify anything itself.
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
//! In units, step 2 gives each flexible cell `floor(r x flexible demand)` and the floor's
//! remainder one unit each, largest remainder first (as the LP path's rounding does). Where
//! the optimum is not unique (step 3 may have ties) cells are filled in that order; the LP may
//! pick another optimum with the same objective values.

use crate::constraints::{Constraint, Sense};
use crate::model::TierCells;
use crate::scenario::Scenario;
use crate::solve::lexicographic::LexSolution;
use crate::solve::proof::TierMultipliers;
use rust_decimal::Decimal;

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
                && constraint.terms.iter().all(|(_, c)| *c == Decimal::ONE);
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

    /// The nodes containing `cell`, deepest first.
    fn above(&self, cell: usize) -> impl Iterator<Item = usize> + '_ {
        std::iter::successors(self.cell_node[cell], |&n| self.parent[n])
    }

    /// The least room left in any limit containing `cell` (`None` when none does).
    fn room(&self, cell: usize, slack: &[i128]) -> Option<i128> {
        self.above(cell).map(|n| slack[n].max(0)).min()
    }

    /// Takes `amount` from every limit containing `cell`.
    fn take(&self, cell: usize, amount: i128, slack: &mut [i128]) {
        let mut node = self.cell_node[cell];
        while let Some(n) = node {
            slack[n] -= amount;
            node = self.parent[n];
        }
    }

    /// Adds `amount(cell)` of each listed cell into every node containing it.
    fn sums(&self, cells: &[usize], amount: impl Fn(usize) -> i128) -> Vec<i128> {
        let mut sum = vec![0; self.len()];
        for &cell in cells {
            let value = amount(cell);
            for n in self.above(cell) {
                sum[n] += value;
            }
        }
        sum
    }

    /// The greedy maximum of the listed cells' total, each at most `upper[cell]`, within
    /// `slack`: bottom-up, a node passes on at most its room.
    fn maximum(&self, cells: &[usize], upper: &[i128], slack: &[i128]) -> i128 {
        self.maximum_through(cells, upper, slack).0
    }

    /// The greedy maximum and, per node, how much of it lies inside the node: the room a
    /// maximal allocation of these cells takes from each limit.
    fn maximum_through(
        &self,
        cells: &[usize],
        upper: &[i128],
        slack: &[i128],
    ) -> (i128, Vec<i128>) {
        let mut flow = vec![0; self.len()];
        let mut free = 0;
        for &cell in cells {
            match self.cell_node[cell] {
                Some(n) => flow[n] += upper[cell],
                None => free += upper[cell],
            }
        }
        for n in (0..self.len()).rev() {
            flow[n] = flow[n].min(slack[n].max(0));
            match self.parent[n] {
                Some(p) => flow[p] += flow[n],
                None => free += flow[n],
            }
        }
        (free, flow)
    }

    /// The multipliers proving tier `i` optimal for a lexicographically optimal allocation
    /// (`solve::proof`): 1 on each earlier tier, 1 on the largest limits among, for every cell
    /// of tiers 1..=i below its demand, the deepest full limit above it. Such a limit holds no
    /// cell of a later tier above its committed land (else moving a unit would serve the better
    /// tier), so the bound equals the tier's supply.
    pub fn multipliers(
        &self,
        tiers: &[TierCells],
        i: usize,
        below_demand: &[bool],
        full: &[bool],
    ) -> TierMultipliers {
        let mut chosen = vec![false; self.len()];
        for tier in &tiers[..=i] {
            for &cell in tier.cells.iter().filter(|&&c| below_demand[c]) {
                if let Some(n) = self.above(cell).find(|&n| full[n]) {
                    chosen[n] = true;
                }
            }
        }
        let rows = (0..self.len())
            .filter(|&n| chosen[n] && !self.parent_chain(n).any(|p| chosen[p]))
            .map(|n| (self.constraint[n], Decimal::ONE))
            .collect();
        TierMultipliers {
            rows,
            held: vec![Decimal::ONE; i],
        }
    }

    /// The strict ancestors of a node.
    fn parent_chain(&self, node: usize) -> impl Iterator<Item = usize> + '_ {
        std::iter::successors(self.parent[node], |&n| self.parent[n])
    }
}

/// One solve's figures, in integer units of the scenario's last decimal, one per cell.
#[derive(Debug, Clone, Copy)]
pub struct CellUnits<'a> {
    pub committed: &'a [i128],
    pub demand: &'a [i128],
    pub plan: &'a [i128],
}

/// The exact answer: each cell's units and each stage's optimum.
#[derive(Debug, Clone, PartialEq)]
pub struct Exact {
    /// Each cell's allocation, in units.
    pub values: Vec<i128>,
    /// Each tier's maximal supply, in units.
    pub tier_optimum: Vec<i128>,
    /// Each tier's largest smallest fill ratio as (numerator, denominator); `None` when the
    /// tier has no flexible cell. Cells get `floor(ratio x flexible demand)` units at least.
    pub fair_ratio: Vec<Option<(i128, i128)>>,
    /// The least total absolute deviation from the plan, in units.
    pub deviation: i128,
}

/// Solves every lexicographic stage on the tree, in integer units. `room` is each node's
/// limit minus the committed land inside it (never negative: the caller checked).
pub fn solve(tree: &Tree, room: &[i128], tiers: &[TierCells], figures: CellUnits<'_>) -> Exact {
    let cells = figures.committed.len();
    let upper: Vec<i128> = (0..cells)
        .map(|c| (figures.demand[c] - figures.committed[c]).max(0))
        .collect();
    let mut slack = room.to_vec();
    let mut value = vec![0; cells];
    let mut tier_optimum = Vec::with_capacity(tiers.len());
    let mut fair_ratio = Vec::with_capacity(tiers.len());
    for tier in tiers {
        let best = tree.maximum(&tier.cells, &upper, &slack);
        let committed: i128 = tier.cells.iter().map(|&c| figures.committed[c]).sum();
        tier_optimum.push(committed + best);
        let ratio = fair_ratio_of(tree, &tier.cells, &upper, &slack);
        fair_ratio.push(ratio);
        let (numerator, denominator) = ratio.unwrap_or((0, 1));
        // Largest remainder of ratio x flexible demand first: the cells the floor cut most.
        let mut order: Vec<(i128, usize)> = Vec::with_capacity(tier.cells.len());
        for &cell in &tier.cells {
            let exact = numerator * upper[cell];
            value[cell] = exact / denominator;
            tree.take(cell, value[cell], &mut slack);
            order.push((exact % denominator, cell));
        }
        order.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        // The floor's remainder: one unit each, largest remainder first, where limits allow.
        let rounded: Vec<usize> = order
            .iter()
            .filter(|(remainder, _)| *remainder > 0)
            .map(|&(_, cell)| cell)
            .collect();
        fill(tree, &rounded, &mut value, &mut slack, |cell, now| {
            (numerator * upper[cell] / denominator + 1).min(upper[cell]) - now
        });
        let order: Vec<usize> = order.into_iter().map(|(_, cell)| cell).collect();
        let toward_plan = |cell: usize, now: i128| {
            (figures.plan[cell] - figures.committed[cell]).min(upper[cell]) - now
        };
        fill(tree, &order, &mut value, &mut slack, toward_plan);
        let to_demand = |cell: usize, now: i128| upper[cell] - now;
        fill(tree, &order, &mut value, &mut slack, to_demand);
    }
    let values: Vec<i128> = (0..cells)
        .map(|c| figures.committed[c] + value[c])
        .collect();
    let deviation = values
        .iter()
        .zip(figures.plan)
        .map(|(x, p)| (x - p).abs())
        .sum();
    Exact {
        values,
        tier_optimum,
        fair_ratio,
        deviation,
    }
}

/// The largest r with r x flexible demand inside every limit (at most 1), as a fraction;
/// `None` when the tier has no flexible cell.
fn fair_ratio_of(
    tree: &Tree,
    cells: &[usize],
    upper: &[i128],
    slack: &[i128],
) -> Option<(i128, i128)> {
    let flexible: Vec<usize> = cells.iter().copied().filter(|&c| upper[c] > 0).collect();
    if flexible.is_empty() {
        return None;
    }
    let demand = tree.sums(&flexible, |c| upper[c]);
    let ratio = demand
        .iter()
        .zip(slack)
        .filter(|(d, _)| **d > 0)
        .map(|(&d, &s)| (s.max(0), d))
        .fold(
            (1, 1),
            |(n, d), (a, b)| if a * d < n * b { (a, b) } else { (n, d) },
        );
    Some(ratio)
}

/// Raises each cell in order by as much as `want(cell, value)` and the limits above it allow.
fn fill(
    tree: &Tree,
    cells: &[usize],
    value: &mut [i128],
    slack: &mut [i128],
    want: impl Fn(usize, i128) -> i128,
) {
    for &cell in cells {
        let wanted = want(cell, value[cell]);
        let step = tree
            .room(cell, slack)
            .map_or(wanted, |r| wanted.min(r))
            .max(0);
        if step > 0 {
            value[cell] += step;
            tree.take(cell, step, slack);
        }
    }
}

/// Integer units of 10^-scale per figure stay below this, and so do the sums over all cells:
/// every product the greedy forms (a ratio's numerator times a cell's room) fits in an `i128`.
const MOST_UNITS: i128 = 1_000_000_000_000_000_000;

/// A figure in integer units of 10^-scale; `None` when it has more decimals or is too large.
pub fn to_units(value: Decimal, scale: u32) -> Option<i128> {
    crate::solve::proof::units(value, scale).filter(|units| units.abs() <= MOST_UNITS)
}

/// The tree of a scenario and each node's room above committed land, in units (all
/// independent of demand).
#[derive(Debug, Clone)]
pub struct Prepared {
    tree: Tree,
    room: Vec<i128>,
    committed: Vec<i128>,
    plan: Vec<i128>,
    /// The units are 10^-scale.
    scale: u32,
}

/// The tree and rooms, when the limits nest, committed land breaks none of them (checked
/// exactly; otherwise the LP decides) and every figure fits the integer units.
pub fn prepare(scenario: &Scenario, constraints: &[Constraint]) -> Option<Prepared> {
    let tree = Tree::build(scenario.cells.len(), constraints)?;
    let scale = scenario.scale();
    let committed: Vec<Decimal> = scenario.cells.iter().map(|c| c.committed).collect();
    if constraints
        .iter()
        .any(|c| c.slack(&committed) < Decimal::ZERO)
    {
        return None;
    }
    let room = tree
        .constraint
        .iter()
        .map(|&k| to_units(constraints[k].slack(&committed), scale))
        .collect::<Option<Vec<i128>>>()?;
    let units = |field: fn(&crate::scenario::Cell) -> Decimal| {
        scenario
            .cells
            .iter()
            .map(|c| to_units(field(c), scale))
            .collect::<Option<Vec<i128>>>()
    };
    Some(Prepared {
        tree,
        room,
        committed: units(|c| c.committed)?,
        plan: units(|c| c.plan)?,
        scale,
    })
}

/// The exact answer of one solve and the multipliers that prove each tier optimal.
#[derive(Debug, Clone)]
pub struct Proven {
    pub allocation: Vec<Decimal>,
    pub stages: LexSolution,
    pub multipliers: Vec<TierMultipliers>,
}

impl Prepared {
    /// Solves `scenario` (the prepared one, with other demands at most); `None` when its
    /// demands do not fit the units (more decimals than the prepared scenario, or too large).
    pub fn solve(&self, scenario: &Scenario, tiers: &[TierCells]) -> Option<Proven> {
        assert_eq!(
            self.committed.len(),
            scenario.cells.len(),
            "a prepared tree solves the scenario it was built for"
        );
        let demand = scenario
            .cells
            .iter()
            .map(|c| to_units(c.demand, self.scale))
            .collect::<Option<Vec<i128>>>()?;
        if demand.iter().sum::<i128>() > MOST_UNITS {
            return None;
        }
        let exact = solve(
            &self.tree,
            &self.room,
            tiers,
            CellUnits {
                committed: &self.committed,
                demand: &demand,
                plan: &self.plan,
            },
        );
        let below_demand: Vec<bool> = exact
            .values
            .iter()
            .zip(&demand)
            .map(|(x, d)| x < d)
            .collect();
        let used = self.tree.sums(&(0..demand.len()).collect::<Vec<_>>(), |c| {
            exact.values[c] - self.committed[c]
        });
        let full: Vec<bool> = used.iter().zip(&self.room).map(|(u, r)| u >= r).collect();
        let multipliers = (0..tiers.len())
            .map(|i| self.tree.multipliers(tiers, i, &below_demand, &full))
            .collect();
        Some(Proven {
            allocation: exact
                .values
                .iter()
                .map(|&v| Decimal::from_i128_with_scale(v, self.scale).normalize())
                .collect(),
            stages: self.stages(&exact),
            multipliers,
        })
    }

    /// Each tier's maximal supply (the tier stages alone), in tier order, with the limit of
    /// constraint `loosened` raised by `extra` (in the scenario's unit): the tree's answer to
    /// "what does one more unit of this limit give each tier" (`solve::marginal`). On the face
    /// where tiers 1..i are at their maximum any maximal allocation of tier i leaves the later
    /// tiers the same room (the module's polymatroid argument), so the bottom-up flows are
    /// enough. `None` when the demands or `extra` do not fit the units.
    pub fn tier_maxima(
        &self,
        scenario: &Scenario,
        tiers: &[TierCells],
        loosened: Option<(usize, Decimal)>,
    ) -> Option<Vec<Decimal>> {
        let upper = scenario
            .cells
            .iter()
            .zip(&self.committed)
            .map(|(c, committed)| Some((to_units(c.demand, self.scale)? - committed).max(0)))
            .collect::<Option<Vec<i128>>>()?;
        let mut slack = self.room.clone();
        if let Some((k, extra)) = loosened {
            if let Some(node) = self.tree.constraint.iter().position(|&c| c == k) {
                slack[node] += to_units(extra, self.scale)?;
            }
        }
        let mut maxima = Vec::with_capacity(tiers.len());
        for tier in tiers {
            let (best, through) = self.tree.maximum_through(&tier.cells, &upper, &slack);
            for (room, used) in slack.iter_mut().zip(through) {
                *room -= used;
            }
            let committed: i128 = tier.cells.iter().map(|&c| self.committed[c]).sum();
            maxima.push(Decimal::from_i128_with_scale(committed + best, self.scale).normalize());
        }
        Some(maxima)
    }

    /// The stage optima in `f64`, as the LP stages report them.
    fn stages(&self, exact: &Exact) -> LexSolution {
        let unit = 10_f64.powi(-i32::try_from(self.scale).expect("a scale of at most 28"));
        let figure = |units: i128| units as f64 * unit;
        LexSolution {
            values: exact.values.iter().map(|&v| figure(v)).collect(),
            tier_optimum: exact.tier_optimum.iter().map(|&v| figure(v)).collect(),
            fair_ratio: exact
                .fair_ratio
                .iter()
                .map(|r| r.map(|(n, d)| n as f64 / d as f64))
                .collect(),
            deviation: figure(exact.deviation),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::constraints::ConstraintId;

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
        let figures = CellUnits {
            committed: &[0, 0, 1],
            demand: &[4, 8, 5],
            plan: &[4, 4, 2],
        };
        let solution = solve(&tree, &[9], &tiers, figures);
        assert_eq!(solution.tier_optimum, vec![9, 1]);
        assert_eq!(solution.fair_ratio, vec![Some((9, 12)), Some((0, 4))]);
        assert_eq!(solution.values, vec![3, 6, 1]);
        assert_eq!(solution.deviation, 1 + 2 + 1);
    }
}
