//! An exact solver for scenarios whose limits form a flow network: the cap, limits over sets
//! of categories within one tier (category maxima, amount rules over such categories in
//! every town) and limits over sets of towns (town capacities, amount rules over every
//! category of some towns), each side nested. A generated province (10,000 towns, town
//! capacities, a category maximum) is such a scenario; `laminar` covers the case with no
//! town-side limits.
//!
//! Input: a scenario, its exact constraints and tiers (`prepare`). Output: the exact
//! allocation at the input's decimals and each stage's optimum (`Answer`), for
//! `solve::certified_flow` to certify and prove; and, for marginal values, each tier's
//! maximum with one limit loosened (`Prepared::tier_maxima`). All arithmetic is on `i128`
//! units of the scenario's last decimal: no floating point, no rounding step.
//!
//! The network: source -> one node per tier -> the category-side limits of the tier, nested
//! -> one node per category -> one arc per cell (bounds committed..demand) -> the town-side
//! limits, nested -> the cap -> sink. Cells of towns under no town-side limit, of one
//! category and alike in every other rule, share one arc (their split is decided at the end,
//! as `aggregate` does for the LP). The flow on a tier's arc is the tier's supply, so:
//! 1. tier maxima (`stages::maximize_tiers`): tier by tier a maximum flow through that
//!    tier's arc, which may take land back from later tiers but never from earlier ones
//!    (their arcs are held at their optimum). Warm-started from any feasible flow, the same
//!    routine gives the tier maxima with a limit loosened: the marginal values;
//! 2. fair cuts (`stages::fair_cut`): the largest r with every flexible cell at least
//!    `committed + floor(r x (demand - committed))` units, by Newton's method on the
//!    violated cuts of a feasibility flow (each step the ratio of the cut that failed);
//! 3. closest to the plan (`stages::closest`): a least-cost flow in which each cell's
//!    units up to its plan (clamped into its bounds) cost -1 and the rest 0, which
//!    minimises the total deviation because the total supply is fixed.
//!
//! Rules the network cannot hold (share rules, minima, rules across tiers or over some
//! categories of some towns) are left out and checked afterwards: if the answer keeps them,
//! it is the lexicographic optimum of the whole scenario too (it is optimal for a relaxation
//! and feasible); if it breaks one, the caller falls back to the LP stages. The answer is
//! certified and every tier proven by `solve::proof` like any other.

mod network;
mod stages;

use crate::constraints::{Constraint, Sense};
use crate::model::TierCells;
use crate::scenario::{CategoryId, Scenario};
use crate::solve::lexicographic::LexSolution;
use network::{Network, Units, UNLIMITED};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// The most units all demands together may add up to (as `laminar`'s).
const MOST_UNITS: Units = 1_000_000_000_000_000_000;

/// A column: one cell, or the cells of towns under no town-side limit that are alike in
/// every rule the network leaves out.
#[derive(Debug, Clone)]
struct Column {
    cells: Vec<usize>,
    /// Position of its tier in the tier list.
    tier: usize,
    /// Its arc, and the structural arcs its land passes (tier arc, category-side arcs,
    /// town-side arcs, the cap's arc).
    arc: usize,
    path: Vec<usize>,
}

/// A scenario as a network, with every arc at committed land.
#[derive(Debug, Clone)]
pub struct Prepared {
    scale: u32,
    net: Network,
    tiers: usize,
    holding: Holding,
    /// The cap's arc, and whether a limit was derived from a share of the total (a limit
    /// that moves with the cap).
    cap_arc: usize,
    derived: bool,
    /// Nodes and arcs a fair cut's feasibility check routes surplus through.
    surplus_source: usize,
    surplus_sink: usize,
    surplus_in: HashMap<usize, usize>,
    surplus_out: HashMap<usize, usize>,
    columns: Vec<Column>,
    /// Per cell, in units.
    committed: Vec<Units>,
    demand: Vec<Units>,
    plan: Vec<Units>,
    /// The arc holding each constraint the network holds.
    limit_arc: HashMap<usize, (usize, Units)>,
    /// The constraints it leaves out, as (column, coefficient) sums with sense and bound.
    left_out: Vec<LeftOut>,
}

/// How a tier's supply is measured and held at its maximum once found.
#[derive(Debug, Clone)]
enum Holding {
    /// Every category-side limit lies within one tier: one arc from the source per tier
    /// carries the tier's supply and is held at it; later tiers give land back through
    /// their arcs to a drain.
    TierArcs(TierArcs),
    /// A category-side limit spans tiers: the category side hangs from the source and a
    /// return arc (sink to source) closes every path into a circulation. A tier is
    /// maximised as a least-cost circulation (its columns at cost -1) and held by fixing
    /// every arc whose reduced cost under the optimal potentials is not zero: by
    /// complementary slackness the circulations left are exactly the optimal ones.
    Fixing,
}

/// The tier arcs of `Holding::TierArcs`.
#[derive(Debug, Clone)]
struct TierArcs {
    source: usize,
    drain: usize,
    /// Per tier: the arc from the source, and its arc to the drain (used to take land back).
    arc: Vec<usize>,
    drain_arc: Vec<usize>,
    sink_drain: usize,
}

/// A rule the network does not hold, over columns (alike cells share a coefficient).
#[derive(Debug, Clone)]
struct LeftOut {
    terms: Vec<(usize, Decimal)>,
    sense: Sense,
    rhs: Decimal,
}

/// The exact answer: one figure per cell and the stage optima.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub allocation: Vec<Decimal>,
    pub stages: LexSolution,
}

/// Where a limit sits in the network.
enum Side {
    /// Over every cell: the cap's arc.
    All,
    /// Over every cell of some categories (of the tiers listed).
    Categories(Vec<usize>, Vec<usize>),
    /// Over every cell of some towns.
    Towns(Vec<usize>),
}

/// A limit of the network: the sorted members of its set (categories or towns), its bound in
/// units and the constraints it stands for.
struct Limit {
    members: Vec<usize>,
    bound: Units,
    constraints: Vec<usize>,
}

/// The scenario as a network, or `None` when it has a new-land quota, figures that do not
/// fit the units, a cell outside every tier, or committed land that breaks a limit (the LP
/// decides those).
pub fn prepare(
    scenario: &Scenario,
    constraints: &[Constraint],
    tiers: &[TierCells],
) -> Option<Prepared> {
    if scenario.settings.new_quota.is_some() || scenario.cells.is_empty() {
        return None;
    }
    let scale = scenario.scale();
    let units = |value: Decimal| crate::solve::laminar::to_units(value, scale);
    let figures = |of: fn(&crate::scenario::Cell) -> Decimal| {
        scenario
            .cells
            .iter()
            .map(|c| units(of(c)))
            .collect::<Option<Vec<Units>>>()
    };
    let committed = figures(|c| c.committed)?;
    let demand = figures(|c| c.demand)?;
    let plan = figures(|c| c.plan)?;
    // Every product the stages form (a share's numerator times a cell's room) then fits.
    if demand.iter().sum::<Units>() > MOST_UNITS {
        return None;
    }
    let shape = Shape::of(scenario, tiers)?;
    let cap = constraints
        .iter()
        .filter(|c| matches!(shape.side(c), Some(Side::All)))
        .map(|c| c.rhs)
        .min();
    let mut all: Vec<Limit> = Vec::new();
    let mut by_category: Vec<(Vec<usize>, Limit)> = Vec::new();
    let mut by_town: Vec<Limit> = Vec::new();
    let mut left_out: Vec<usize> = Vec::new();
    let mut derived = false;
    for (k, constraint) in constraints.iter().enumerate() {
        let held = shape
            .side(constraint)
            .map(|side| (side, constraint.rhs, vec![k]));
        let held = held.or_else(|| {
            // A share of the total, left out, also stands as the amount it comes to at the
            // cap (the total never exceeds the cap, so that amount is implied).
            left_out.push(k);
            let amount = share_at_cap(constraint, shape.cells(), cap?, scale)?;
            derived = true;
            Some((shape.side(&amount)?, amount.rhs, Vec::new()))
        });
        let Some((side, rhs, of)) = held else {
            continue;
        };
        let Some(bound) = units(rhs) else {
            left_out.extend(&of);
            continue;
        };
        let limit = |members| Limit {
            members,
            bound,
            constraints: of.clone(),
        };
        match side {
            Side::All => all.push(limit(Vec::new())),
            Side::Categories(tiers, members) => by_category.push((tiers, limit(members))),
            Side::Towns(members) => by_town.push(limit(members)),
        }
    }
    let separate = by_category.iter().all(|(t, _)| t.len() == 1);
    let mut build = Build::new(tiers.len(), separate);
    let cap_bound = all.iter().map(|l| l.bound).min().unwrap_or(UNLIMITED);
    let root = build.net.add_node();
    let cap_arc = build.net.add_arc(root, build.sink, (0, cap_bound), 0, 0);
    for limit in &all {
        for &k in &limit.constraints {
            build.limit_arc.insert(k, (cap_arc, limit.bound));
        }
    }
    let mut root_path = vec![cap_arc];
    if !separate {
        let (sink, source) = (build.sink, build.source);
        root_path.push(build.net.add_arc(sink, source, (0, UNLIMITED), 0, 0));
    }
    let town_nodes = build.nest(by_town, (root, root_path.clone()), &mut left_out, false);
    let mut category_nodes: HashMap<usize, (usize, Vec<usize>)> = HashMap::new();
    let mut by_anchor: Vec<Vec<Limit>> = (0..build.anchor.len()).map(|_| Vec::new()).collect();
    for (tiers, limit) in by_category {
        by_anchor[if separate { tiers[0] } else { 0 }].push(limit);
    }
    for (i, limits) in by_anchor.into_iter().enumerate() {
        let anchor = build.anchor[i].clone();
        for (c, node) in build.nest(limits, anchor.clone(), &mut left_out, true) {
            category_nodes.insert(c, node);
        }
        let mut categories = shape.categories_of_tier(i);
        if !separate {
            categories = (0..tiers.len())
                .flat_map(|t| shape.categories_of_tier(t))
                .collect();
        }
        for c in categories {
            category_nodes.entry(c).or_insert_with(|| anchor.clone());
        }
    }
    left_out.sort_unstable();
    left_out.dedup();
    let ends = Ends {
        root: (root, root_path),
        towns: town_nodes,
        categories: category_nodes,
    };
    let columns = build.columns(scenario, &shape.tier_of_cell, &ends, constraints, &left_out);
    let mut column_of = vec![0; scenario.cells.len()];
    for (j, column) in columns.iter().enumerate() {
        for &c in &column.cells {
            column_of[c] = j;
        }
    }
    let left_out = left_out
        .iter()
        .map(|&k| LeftOut::of(&constraints[k], &column_of))
        .collect::<Option<Vec<_>>>()?;
    build.cap_arc = cap_arc;
    build.derived = derived;
    build.finish(scale, columns, committed, demand, plan, left_out)
}

/// Which categories and towns the cells have, to tell a limit's side.
struct Shape {
    cell_category: Vec<usize>,
    cell_town: Vec<usize>,
    tier_of_cell: Vec<usize>,
    per_category: Vec<usize>,
    per_town: Vec<usize>,
    tier_of_category: Vec<Option<usize>>,
}

impl Shape {
    /// `None` when a cell is in no tier.
    fn of(scenario: &Scenario, tiers: &[TierCells]) -> Option<Shape> {
        let mut tier_of_cell = vec![usize::MAX; scenario.cells.len()];
        for (i, tier) in tiers.iter().enumerate() {
            for &c in &tier.cells {
                tier_of_cell[c] = i;
            }
        }
        if tier_of_cell.contains(&usize::MAX) {
            return None;
        }
        let mut per_category = vec![0; scenario.categories.len()];
        let mut per_town = vec![0; scenario.towns.len()];
        let mut tier_of_category = vec![None; scenario.categories.len()];
        for (cell, &tier) in scenario.cells.iter().zip(&tier_of_cell) {
            per_category[cell.category.0] += 1;
            per_town[cell.town.0] += 1;
            tier_of_category[cell.category.0] = Some(tier);
        }
        Some(Shape {
            cell_category: scenario.cells.iter().map(|c| c.category.0).collect(),
            cell_town: scenario.cells.iter().map(|c| c.town.0).collect(),
            tier_of_cell,
            per_category,
            per_town,
            tier_of_category,
        })
    }

    fn categories_of_tier(&self, tier: usize) -> Vec<usize> {
        (0..self.tier_of_category.len())
            .filter(|&c| self.tier_of_category[c] == Some(tier))
            .collect()
    }

    fn cells(&self) -> usize {
        self.cell_category.len()
    }

    /// The side of an upper limit on a plain sum: every cell, every cell of some categories,
    /// or every cell of some towns; `None` for anything else.
    fn side(&self, constraint: &Constraint) -> Option<Side> {
        let plain = constraint.sense == Sense::AtMost
            && constraint.terms.iter().all(|&(_, a)| a == Decimal::ONE);
        if !plain || constraint.terms.is_empty() {
            return None;
        }
        if constraint.terms.len() == self.cell_category.len() {
            return Some(Side::All);
        }
        let members = |of: &[usize]| {
            let mut m: Vec<usize> = constraint.terms.iter().map(|&(c, _)| of[c]).collect();
            m.sort_unstable();
            m.dedup();
            m
        };
        let categories = members(&self.cell_category);
        let whole = |m: &[usize], per: &[usize]| {
            m.iter().map(|&x| per[x]).sum::<usize>() == constraint.terms.len()
        };
        if whole(&categories, &self.per_category) {
            return Some(Side::Categories(members(&self.tier_of_cell), categories));
        }
        let towns = members(&self.cell_town);
        whole(&towns, &self.per_town).then_some(Side::Towns(towns))
    }
}

/// A share of the total (`covered - p x every cell <= 0`, so every cell has a term: `1 - p`
/// if covered, `-p` if not) as the amount it allows at the cap: the covered cells' sum at
/// most `p x cap`, rounded down to the units (the covered land is whole units). `None` for
/// any other constraint.
fn share_at_cap(
    constraint: &Constraint,
    cells: usize,
    cap: Decimal,
    scale: u32,
) -> Option<Constraint> {
    if constraint.sense != Sense::AtMost
        || !constraint.rhs.is_zero()
        || constraint.terms.len() != cells
    {
        return None;
    }
    let share = -constraint.terms.iter().map(|&(_, a)| a).min()?;
    let covered = Decimal::ONE - share;
    let twofold = constraint
        .terms
        .iter()
        .all(|&(_, a)| a == covered || a == -share);
    if share <= Decimal::ZERO || covered <= Decimal::ZERO || !twofold {
        return None;
    }
    let amount = share.checked_mul(cap)?;
    Some(Constraint {
        id: constraint.id,
        terms: constraint
            .terms
            .iter()
            .filter(|&&(_, a)| a == covered)
            .map(|&(c, _)| (c, Decimal::ONE))
            .collect(),
        sense: Sense::AtMost,
        rhs: amount
            .round_dp_with_strategy(scale, rust_decimal::RoundingStrategy::ToNegativeInfinity),
    })
}

/// Where each cell's arc starts and ends: (node, structural arcs up to the source or down to
/// the sink) for each category and for each town under a town-side limit.
struct Ends {
    root: (usize, Vec<usize>),
    towns: HashMap<usize, (usize, Vec<usize>)>,
    categories: HashMap<usize, (usize, Vec<usize>)>,
}

/// A cell's (constraint, coefficient) in each rule the network leaves out.
type Signature = Vec<(usize, Decimal)>;

/// The network under construction.
struct Build {
    net: Network,
    source: usize,
    sink: usize,
    tiers: usize,
    /// Where the category side of each tier hangs (node, arcs up to the source): one anchor
    /// per tier with tier arcs, the source alone otherwise.
    anchor: Vec<(usize, Vec<usize>)>,
    tier_arcs: Option<TierArcs>,
    limit_arc: HashMap<usize, (usize, Units)>,
    cap_arc: usize,
    derived: bool,
}

impl Build {
    /// A source and a sink, and with `separate` tiers a node and an arc per tier.
    fn new(tiers: usize, separate: bool) -> Build {
        let mut net = Network::default();
        let source = net.add_node();
        let sink = net.add_node();
        let (anchor, tier_arcs) = if separate {
            let drain = net.add_node();
            let nodes: Vec<usize> = (0..tiers).map(|_| net.add_node()).collect();
            let arc: Vec<usize> = nodes
                .iter()
                .map(|&node| net.add_arc(source, node, (0, 0), 0, 0))
                .collect();
            let drain_arc = nodes
                .iter()
                .map(|&node| net.add_arc(node, drain, (0, 0), 0, 0))
                .collect();
            let sink_drain = net.add_arc(sink, drain, (0, 0), 0, 0);
            let anchor = nodes
                .iter()
                .zip(&arc)
                .map(|(&n, &a)| (n, vec![a]))
                .collect();
            let arcs = TierArcs {
                source,
                drain,
                arc,
                drain_arc,
                sink_drain,
            };
            (anchor, Some(arcs))
        } else {
            (vec![(source, Vec::new())], None)
        };
        Build {
            net,
            source,
            sink,
            tiers,
            anchor,
            tier_arcs,
            limit_arc: HashMap::new(),
            cap_arc: 0,
            derived: false,
        }
    }

    /// Nests `limits` below (`downward`, the category side) or above (the town side) an
    /// anchor node: largest sets first, each inside the innermost set already placed that
    /// holds its members. A set that would overlap another without nesting is left out.
    /// Returns each member's innermost node with the arcs from it to the anchor and beyond.
    fn nest(
        &mut self,
        mut limits: Vec<Limit>,
        anchor: (usize, Vec<usize>),
        left_out: &mut Vec<usize>,
        downward: bool,
    ) -> HashMap<usize, (usize, Vec<usize>)> {
        limits.sort_by(|a, b| {
            b.members
                .len()
                .cmp(&a.members.len())
                .then_with(|| a.members.cmp(&b.members))
        });
        let mut innermost: HashMap<usize, (usize, Vec<usize>)> = HashMap::new();
        let mut placed: HashMap<Vec<usize>, usize> = HashMap::new();
        for limit in limits {
            if let Some(&arc) = placed.get(&limit.members) {
                // The same set again: the tighter bound holds it.
                let (lower, upper) = (self.net.lower(arc), self.net.upper(arc));
                self.net.set_bounds(arc, lower, upper.min(limit.bound));
                for &k in &limit.constraints {
                    self.limit_arc.insert(k, (arc, limit.bound));
                }
                continue;
            }
            let parent = innermost
                .get(&limit.members[0])
                .cloned()
                .unwrap_or_else(|| anchor.clone());
            let nested = limit.members.iter().all(|m| {
                innermost
                    .get(m)
                    .map_or(parent.0 == anchor.0, |(node, _)| *node == parent.0)
            });
            if !nested {
                left_out.extend(&limit.constraints);
                continue;
            }
            let node = self.net.add_node();
            let (from, to) = if downward {
                (parent.0, node)
            } else {
                (node, parent.0)
            };
            let arc = self.net.add_arc(from, to, (0, limit.bound), 0, 0);
            for &k in &limit.constraints {
                self.limit_arc.insert(k, (arc, limit.bound));
            }
            let mut path = parent.1.clone();
            path.push(arc);
            for &m in &limit.members {
                innermost.insert(m, (node, path.clone()));
            }
            placed.insert(limit.members, arc);
        }
        innermost
    }

    /// One column per cell under a town-side limit; the other cells grouped by category and
    /// by their coefficients in the rules left out.
    fn columns(
        &mut self,
        scenario: &Scenario,
        tier_of_cell: &[usize],
        ends: &Ends,
        constraints: &[Constraint],
        left_out: &[usize],
    ) -> Vec<Column> {
        let mut signature: Vec<Signature> = vec![Vec::new(); scenario.cells.len()];
        for &k in left_out {
            for &(c, a) in &constraints[k].terms {
                signature[c].push((k, a));
            }
        }
        let mut columns: Vec<Column> = Vec::new();
        let mut grouped: HashMap<(CategoryId, &Signature), usize> = HashMap::new();
        for (c, cell) in scenario.cells.iter().enumerate() {
            let town = ends.towns.get(&cell.town.0);
            if town.is_none() {
                if let Some(&column) = grouped.get(&(cell.category, &signature[c])) {
                    columns[column].cells.push(c);
                    continue;
                }
                grouped.insert((cell.category, &signature[c]), columns.len());
            }
            let (head, town_path) = town.unwrap_or(&ends.root);
            let (tail, category_path) = &ends.categories[&cell.category.0];
            let arc = self.net.add_arc(*tail, *head, (0, 0), 0, 0);
            columns.push(Column {
                cells: vec![c],
                tier: tier_of_cell[c],
                arc,
                path: category_path.iter().chain(town_path).copied().collect(),
            });
        }
        columns
    }

    /// Bounds and flows at committed land; surplus arcs for the fair cuts' checks; `None`
    /// when committed land breaks a limit.
    fn finish(
        mut self,
        scale: u32,
        columns: Vec<Column>,
        committed: Vec<Units>,
        demand: Vec<Units>,
        plan: Vec<Units>,
        left_out: Vec<LeftOut>,
    ) -> Option<Prepared> {
        let surplus_source = self.net.add_node();
        let surplus_sink = self.net.add_node();
        let mut surplus_in = HashMap::new();
        let mut surplus_out = HashMap::new();
        for column in &columns {
            let (tail, head) = self.net.ends(column.arc);
            surplus_in
                .entry(head)
                .or_insert_with(|| self.net.add_arc(surplus_source, head, (0, 0), 0, 0));
            surplus_out
                .entry(tail)
                .or_insert_with(|| self.net.add_arc(tail, surplus_sink, (0, 0), 0, 0));
            let sum = |of: &[Units]| column.cells.iter().map(|&c| of[c]).sum::<Units>();
            self.net
                .set_bounds(column.arc, sum(&committed), sum(&demand));
        }
        let holding = match self.tier_arcs {
            Some(arcs) => {
                for &arc in &arcs.arc {
                    self.net.set_bounds(arc, 0, UNLIMITED);
                }
                Holding::TierArcs(arcs)
            }
            None => Holding::Fixing,
        };
        let mut prepared = Prepared {
            scale,
            net: self.net,
            tiers: self.tiers,
            holding,
            cap_arc: self.cap_arc,
            derived: self.derived,
            surplus_source,
            surplus_sink,
            surplus_in,
            surplus_out,
            columns,
            committed,
            demand,
            plan,
            limit_arc: self.limit_arc,
            left_out,
        };
        let mut net = std::mem::take(&mut prepared.net);
        prepared.set_flows(&mut net, &prepared.column_sums(&prepared.committed));
        let fits = prepared.within_bounds(&net);
        prepared.net = net;
        fits.then_some(prepared)
    }
}

impl LeftOut {
    /// The constraint over columns (`column_of` each cell's); `None` when a column's cells
    /// have different coefficients (they were grouped by them, so this does not happen).
    fn of(constraint: &Constraint, column_of: &[usize]) -> Option<LeftOut> {
        let mut terms: HashMap<usize, Decimal> = HashMap::new();
        for &(c, a) in &constraint.terms {
            let previous = terms.insert(column_of[c], a);
            if previous.is_some_and(|p| p != a) {
                return None;
            }
        }
        let mut terms: Vec<(usize, Decimal)> = terms.into_iter().collect();
        terms.sort_unstable();
        Some(LeftOut {
            terms,
            sense: constraint.sense,
            rhs: constraint.rhs,
        })
    }

    /// Whether column values (in units of `scale`) keep the rule.
    fn kept(&self, values: &[Units], scale: u32) -> bool {
        let lhs: Decimal = self
            .terms
            .iter()
            .map(|&(j, a)| a * Decimal::from_i128_with_scale(values[j], scale))
            .sum();
        match self.sense {
            Sense::AtMost => lhs <= self.rhs,
            Sense::AtLeast => lhs >= self.rhs,
        }
    }
}

impl Prepared {
    /// Per column, the sum of a per-cell figure.
    fn column_sums(&self, per_cell: &[Units]) -> Vec<Units> {
        self.columns
            .iter()
            .map(|column| column.cells.iter().map(|&c| per_cell[c]).sum())
            .collect()
    }

    /// Puts each column's value on its arc and the sums on the structural arcs.
    fn set_flows(&self, net: &mut Network, values: &[Units]) {
        for column in &self.columns {
            for &arc in &column.path {
                net.set_flow(arc, 0);
            }
        }
        for (column, &value) in self.columns.iter().zip(values) {
            net.set_flow(column.arc, value);
            for &arc in &column.path {
                net.set_flow(arc, net.flow(arc) + value);
            }
        }
    }

    /// Whether every arc's flow is within its bounds.
    fn within_bounds(&self, net: &Network) -> bool {
        let mut arcs = self
            .columns
            .iter()
            .flat_map(|c| c.path.iter().chain([&c.arc]));
        arcs.all(|&arc| {
            let flow = net.flow(arc);
            net.lower(arc) <= flow && flow <= net.upper(arc)
        })
    }

    /// Each column's value on a flow.
    fn column_values(&self, net: &Network) -> Vec<Units> {
        self.columns.iter().map(|c| net.flow(c.arc)).collect()
    }

    fn figure(&self, units: Units) -> Decimal {
        Decimal::from_i128_with_scale(units, self.scale).normalize()
    }

    /// Solves the scenario the network was prepared from: tier maxima, fair cuts, closest to
    /// the plan, each exact. `None` when a fair cut's search does not settle (the caller
    /// falls back to the LP).
    pub fn solve(&self) -> Option<Answer> {
        let mut net = self.net.clone();
        let maxima = self.maximize_tiers(&mut net)?;
        let (lower, ratios) = self.fair_cuts(&mut net)?;
        let values = self.closest(&net, &lower)?;
        let allocation = self.spread(&values, &lower);
        Some(Answer {
            stages: self.stages(&allocation, &maxima, &ratios),
            allocation: allocation.iter().map(|&u| self.figure(u)).collect(),
        })
    }

    /// Whether each tier's supply runs on an arc of its own (no category-side limit spans
    /// tiers), which makes `tier_maxima` a few augmenting paths from a warm flow.
    pub fn holds_tiers_by_arcs(&self) -> bool {
        matches!(self.holding, Holding::TierArcs(_))
    }

    /// Each tier's maximal supply with the limit of constraint `k` raised by `extra` (in the
    /// scenario's unit), warm-started from a certified allocation; `None` when the network
    /// does not hold that limit, `extra` does not fit the units, or the loosened answer breaks
    /// a rule left out of the network (the caller then re-solves).
    pub fn tier_maxima(
        &self,
        allocation: &[Decimal],
        k: usize,
        extra: Decimal,
    ) -> Option<Vec<Decimal>> {
        let &(arc, _) = self.limit_arc.get(&k)?;
        if self.derived && arc == self.cap_arc {
            // A share's amount at the cap moves with the cap: the caller re-solves.
            return None;
        }
        let extra = crate::solve::laminar::to_units(extra, self.scale)?;
        // The arc's bound with constraint k loosened: the tightest of its constraints then.
        let loosened = self
            .limit_arc
            .iter()
            .filter(|(_, &(a, _))| a == arc)
            .map(|(&j, &(_, bound))| if j == k { bound + extra } else { bound })
            .min()?;
        let cells = allocation
            .iter()
            .map(|&x| crate::solve::laminar::to_units(x, self.scale))
            .collect::<Option<Vec<Units>>>()?;
        let mut net = self.net.clone();
        self.set_flows(&mut net, &self.column_sums(&cells));
        net.set_bounds(arc, net.lower(arc), loosened);
        let maxima = self.maximize_tiers(&mut net)?;
        let values = self.column_values(&net);
        self.left_out
            .iter()
            .all(|rule| rule.kept(&values, self.scale))
            .then(|| maxima.into_iter().map(|m| self.figure(m)).collect())
    }

    /// The stage optima in `f64`, as the LP stages report them.
    fn stages(
        &self,
        allocation: &[Units],
        maxima: &[Units],
        ratios: &[Option<f64>],
    ) -> LexSolution {
        let unit = 10_f64.powi(-i32::try_from(self.scale).expect("a scale of at most 28"));
        let figure = |units: Units| units as f64 * unit;
        let deviation: Units = allocation
            .iter()
            .zip(&self.plan)
            .map(|(x, p)| (x - p).abs())
            .sum();
        LexSolution {
            values: allocation.iter().map(|&v| figure(v)).collect(),
            tier_optimum: maxima.iter().map(|&v| figure(v)).collect(),
            fair_ratio: ratios.to_vec(),
            deviation: figure(deviation),
        }
    }
}
