//! The three stages on the network, each exact in integer units (see `flow`'s header):
//! tier maxima by maximum flows through each tier's arc, fair cuts by Newton's method on the
//! cuts of a feasibility flow, closest to the plan by a least-cost flow; and the split of a
//! grouped column's land among its cells.

use super::network::{Network, Units, UNLIMITED};
use super::{Holding, Prepared, TierArcs};
use std::collections::{HashMap, HashSet};

/// A ratio `numerator / denominator` (`denominator > 0`).
type Ratio = (Units, Units);

/// Newton's method on cuts takes a handful of steps; this many means something is off and
/// the caller falls back to the LP.
const MOST_NEWTON_STEPS: usize = 200;

impl Prepared {
    /// Tier by tier, the most land the tier can have from the current flow, earlier tiers
    /// held at theirs and later ones giving land back; each tier is then held at its
    /// maximum (see `Holding`). Returns each tier's supply; `None` when a least-cost
    /// circulation has no optimal potentials (it always has: the caller falls back to the
    /// LP all the same).
    pub(super) fn maximize_tiers(&self, net: &mut Network) -> Option<Vec<Units>> {
        match &self.holding {
            Holding::TierArcs(arcs) => Some(self.maximize_through(arcs, net)),
            Holding::Fixing => {
                for tier in 0..self.tiers {
                    self.maximize_and_fix(net, tier)?;
                }
                Some((0..self.tiers).map(|t| self.tier_supply(net, t)).collect())
            }
        }
    }

    /// The supply of a tier: the land on its columns.
    pub(super) fn tier_supply(&self, net: &Network, tier: usize) -> Units {
        self.columns
            .iter()
            .filter(|c| c.tier == tier)
            .map(|c| net.flow(c.arc))
            .sum()
    }

    /// With tier arcs: a maximum flow through each tier's arc in turn, taking land back from
    /// later tiers (through their arcs to the drain) but never from earlier ones (their arcs
    /// held at their flow). Every tier's arc is then held at its supply.
    fn maximize_through(&self, arcs: &TierArcs, net: &mut Network) -> Vec<Units> {
        let tiers = arcs.arc.len();
        for i in 0..tiers {
            for j in 0..tiers {
                let arc = arcs.arc[j];
                let flow = net.flow(arc);
                net.set_bounds(arc, flow, if j == i { UNLIMITED } else { flow });
                let open = if j > i { UNLIMITED } else { 0 };
                net.set_bounds(arcs.drain_arc[j], 0, open);
            }
            net.set_bounds(arcs.sink_drain, 0, UNLIMITED);
            net.max_flow(arcs.source, arcs.drain, UNLIMITED);
            for j in i + 1..tiers {
                let taken = net.flow(arcs.drain_arc[j]);
                let arc = arcs.arc[j];
                let flow = net.flow(arc) - taken;
                net.set_bounds(arc, flow, flow);
                net.set_flow(arc, flow);
                net.set_flow(arcs.drain_arc[j], 0);
            }
            net.set_flow(arcs.sink_drain, 0);
        }
        for j in 0..tiers {
            let arc = arcs.arc[j];
            let flow = net.flow(arc);
            net.set_bounds(arc, flow, flow);
            net.set_bounds(arcs.drain_arc[j], 0, 0);
        }
        net.set_bounds(arcs.sink_drain, 0, 0);
        arcs.arc.iter().map(|&a| net.flow(a)).collect()
    }

    /// Without tier arcs: the tier's columns at cost -1, the least-cost circulation from the
    /// current one (unless it is one already, as a warm start often is: every column of the
    /// tier filled, the surplus at their heads routed back to their tails at least cost:
    /// through the network where land can move, back along the column itself, at cost 1,
    /// where it cannot), then every arc of non-zero reduced cost under the optimal
    /// potentials fixed at its flow, which holds the tier's supply in every later stage and
    /// loses none of its optimal circulations.
    fn maximize_and_fix(&self, net: &mut Network, tier: usize) -> Option<()> {
        let arcs: Vec<usize> = self
            .columns
            .iter()
            .filter(|c| c.tier == tier)
            .map(|c| c.arc)
            .collect();
        for &arc in &arcs {
            net.set_cost(arc, -1);
        }
        // A path without a cycle takes at most one cost -1 arc out of each of the tier's
        // category nodes (the only tails those arcs have).
        let tails: HashSet<usize> = arcs.iter().map(|&a| net.ends(a).0).collect();
        let least = -i64::try_from(tails.len()).unwrap_or(i64::MAX);
        let mut potential = net.potentials(least);
        if potential.is_none() {
            let mut surplus = 0;
            for &arc in &arcs {
                surplus += self.lift(net, arc, net.upper(arc));
            }
            let routed = net.min_cost_flow(self.surplus_source, self.surplus_sink, surplus);
            self.close_surplus(net);
            potential = if routed { net.potentials(least) } else { None };
        }
        if let Some(potential) = &potential {
            for arc in 0..net.arcs() {
                if net.reduced_cost(arc, potential) != 0 {
                    let flow = net.flow(arc);
                    net.set_bounds(arc, flow, flow);
                }
            }
        }
        for &arc in &arcs {
            net.set_cost(arc, 0);
        }
        potential.map(|_| ())
    }

    /// Raises an arc's flow to `to` (when below it), the difference entering the surplus
    /// arcs of its ends to be routed back; returns the difference.
    fn lift(&self, net: &mut Network, arc: usize, to: Units) -> Units {
        let flow = net.flow(arc);
        if flow >= to {
            return 0;
        }
        let (tail, head) = net.ends(arc);
        let more = to - flow;
        net.set_flow(arc, to);
        widen(net, self.surplus_in[&head], more);
        widen(net, self.surplus_out[&tail], more);
        more
    }

    /// Empties and closes the surplus arcs.
    fn close_surplus(&self, net: &mut Network) {
        for arc in self.surplus_in.values().chain(self.surplus_out.values()) {
            net.set_flow(*arc, 0);
            net.set_bounds(*arc, 0, 0);
        }
    }

    /// Tier by tier (every tier's supply held), a ratio r at least the continuous optimum such
    /// that every cell of the tier can have `committed + floor(r x (demand - committed))`
    /// units, earlier tiers keeping theirs, and the floors' remainder handed out. Returns
    /// each cell's least land after the cuts and each tier's ratio (`None` for a tier with no
    /// flexible cell); `None` when the search does not settle.
    pub(super) fn fair_cuts(&self, net: &mut Network) -> Option<(Vec<Units>, Vec<Option<f64>>)> {
        let mut lower = self.committed.clone();
        let mut ratios = Vec::with_capacity(self.tiers);
        for i in 0..self.tiers {
            let cells: Vec<usize> = self
                .columns
                .iter()
                .filter(|c| c.tier == i)
                .flat_map(|c| c.cells.iter().copied())
                .collect();
            if cells.iter().all(|&c| self.demand[c] <= self.committed[c]) {
                ratios.push(None);
                continue;
            }
            let ratio = self.fair_ratio(net, i, &cells, &mut lower)?;
            ratios.push(Some(ratio.0 as f64 / ratio.1 as f64));
        }
        Some((lower, ratios))
    }

    /// Newton's method on the cuts that fail: from r = 1, each failed check's cut gives the
    /// largest r that cut allows (its room for the tier's flexible demand inside it), until a
    /// check passes; then the floors' remainder. Leaves the flow at the last check's and
    /// `lower` at the floors plus the remainder's units.
    fn fair_ratio(
        &self,
        net: &mut Network,
        tier: usize,
        cells: &[usize],
        lower: &mut [Units],
    ) -> Option<Ratio> {
        let supply = self.tier_supply(net, tier);
        let sum = |of: &[Units]| cells.iter().map(|&c| of[c]).sum::<Units>();
        // A tier held at its committed land has every cell there; otherwise start from 1.
        let mut ratio: Ratio = if supply <= sum(&self.committed) && supply < sum(&self.demand) {
            (0, 1)
        } else {
            (1, 1)
        };
        for _ in 0..MOST_NEWTON_STEPS {
            for &c in cells {
                lower[c] = self.committed[c] + self.floor_share(c, ratio)?;
            }
            if let Some(fits) = self.held_below(net, tier, lower) {
                ratio = fits;
                continue;
            }
            match self.raise_to(net, tier, lower) {
                Ok(()) => {
                    self.hand_out_remainders(net, tier, cells, ratio, lower)?;
                    return Some(ratio);
                }
                Err((side, short)) => {
                    let (taken, flexible) = self.inside_cut(net, tier, &side, lower);
                    if flexible == 0 {
                        return None;
                    }
                    ratio = ((taken - short).max(0), flexible);
                }
            }
        }
        None
    }

    /// When a column of the tier is held (by an earlier stage) below the land `lower` asks
    /// of it, the largest ratio the tightest such column allows: its room above committed
    /// over its flexible demand (a cut of one arc, the Newton step for it).
    fn held_below(&self, net: &Network, tier: usize, lower: &[Units]) -> Option<Ratio> {
        let sum = |cells: &[usize], of: &[Units]| cells.iter().map(|&c| of[c]).sum::<Units>();
        self.columns
            .iter()
            .filter(|c| c.tier == tier && sum(&c.cells, lower) > net.upper(c.arc))
            .map(|c| {
                let committed = sum(&c.cells, &self.committed);
                (
                    net.upper(c.arc) - committed,
                    sum(&c.cells, &self.demand) - committed,
                )
            })
            .min_by(|a, b| (a.0 * b.1).cmp(&(b.0 * a.1)))
    }

    /// floor(r x (demand - committed)) of a cell.
    fn floor_share(&self, cell: usize, (numerator, denominator): Ratio) -> Option<Units> {
        let flexible = self.demand[cell] - self.committed[cell];
        Some(flexible.checked_mul(numerator)? / denominator)
    }

    /// Over the tier's columns whose arc enters the cut's side, the land above committed the
    /// check asked of them and their flexible demand.
    fn inside_cut(
        &self,
        net: &Network,
        tier: usize,
        side: &[bool],
        lower: &[Units],
    ) -> (Units, Units) {
        let mut taken = 0;
        let mut flexible = 0;
        for column in self.columns.iter().filter(|c| c.tier == tier) {
            let (tail, head) = net.ends(column.arc);
            let asked: Units = column.cells.iter().map(|&c| lower[c]).sum();
            // A column held above what was asked of it holds the same land at any ratio.
            if !side[tail] && side[head] && net.lower(column.arc) <= asked {
                for &c in &column.cells {
                    taken += lower[c] - self.committed[c];
                    flexible += self.demand[c] - self.committed[c];
                }
            }
        }
        (taken, flexible)
    }

    /// Raises the tier's columns to `lower` and routes the surplus this makes at their heads
    /// back to their tails through the rest of the network (every tier's supply held).
    /// On failure the flow is as before and the error holds the side of the cut that stopped
    /// it and how much could not be routed.
    fn raise_to(
        &self,
        net: &mut Network,
        tier: usize,
        lower: &[Units],
    ) -> Result<(), (Vec<bool>, Units)> {
        let before = net.clone();
        let mut total = 0;
        for column in self.columns.iter().filter(|c| c.tier == tier) {
            let asked: Units = column.cells.iter().map(|&c| lower[c]).sum();
            let arc = column.arc;
            let least = asked.max(net.lower(arc));
            net.set_bounds(arc, least, net.upper(arc));
            total += self.lift(net, arc, least);
        }
        let routed = net.max_flow(self.surplus_source, self.surplus_sink, total);
        if routed < total {
            let side = net.reachable(self.surplus_source);
            *net = before;
            return Err((side, total - routed));
        }
        self.close_surplus(net);
        Ok(())
    }

    /// The allocation closest to the plan with every tier's supply and every fair cut held:
    /// a least-cost circulation in which a column's land above its least costs -1 a unit up
    /// to the column's plan (its cells' plans clamped into their bounds, then into the
    /// column's) and 0 above. Returns each column's value; `None` if the circulation fails
    /// (it does not: the fair cuts' flow is one).
    pub(super) fn closest(&self, net: &Network, lower: &[Units]) -> Option<Vec<Units>> {
        let target = self.column_sums(&self.targets(lower));
        let pieces = self.least_cost(net, &|j, least, upper| {
            let target = target[j].clamp(least, upper);
            vec![(target - least, -1), (upper - target, 0)]
        })?;
        Some(
            pieces
                .iter()
                .map(|(least, units)| least + units.iter().sum::<Units>())
                .collect(),
        )
    }

    /// From the current flow (every stage so far held by the bounds), the least-cost
    /// circulation in which column j's land above its least (its arc's lower bound) is
    /// priced by `pieces(j, least, upper)` ((units, cost per unit) adding up to the column's
    /// room, each piece its own arc). Every piece of negative cost is filled and the surplus
    /// this makes routed back at least cost, so no cycle of negative cost is left. Returns
    /// each column's least and the land on each of its pieces; `net` is left as it was.
    fn least_cost(
        &self,
        net: &Network,
        pieces: &dyn Fn(usize, Units, Units) -> Vec<(Units, i64)>,
    ) -> Option<Vec<(Units, Vec<Units>)>> {
        let mut net = net.clone();
        let mut arcs = Vec::with_capacity(self.columns.len());
        let mut surplus = 0;
        for (j, column) in self.columns.iter().enumerate() {
            let arc = column.arc;
            let (tail, head) = net.ends(arc);
            let (least, upper, value) = (net.lower(arc), net.upper(arc), net.flow(arc));
            net.set_bounds(arc, least, least);
            net.set_flow(arc, least);
            let priced = pieces(j, least, upper);
            let on_pieces = fill_cheapest_first(&priced, value - least)?;
            let mut column_arcs = Vec::with_capacity(priced.len());
            for (&(units, cost), flow) in priced.iter().zip(on_pieces) {
                let piece = net.add_arc(tail, head, (0, units.max(0)), flow, cost);
                if cost < 0 {
                    surplus += self.lift(&mut net, piece, units.max(0));
                }
                column_arcs.push(piece);
            }
            arcs.push((least, column_arcs));
        }
        if !net.min_cost_flow(self.surplus_source, self.surplus_sink, surplus) {
            return None;
        }
        Some(
            arcs.into_iter()
                .map(|(least, column)| (least, column.iter().map(|&a| net.flow(a)).collect()))
                .collect(),
        )
    }

    /// After the floors `committed + floor(r x flexible)`, the floors' remainder as one unit
    /// each, largest remainder first (as the nested-limit engine hands it out): the units
    /// `floor(sum of the fractions)`, to the cells with the largest fractions that can have
    /// them together. Which cells can is found by one least-cost flow that prices a cell's
    /// first unit above its floor by its fraction (eight steps); of the cells it raises, the
    /// largest fractions take the units. The flow is left at a check that routes them.
    fn hand_out_remainders(
        &self,
        net: &mut Network,
        tier: usize,
        cells: &[usize],
        (numerator, denominator): Ratio,
        lower: &mut [Units],
    ) -> Option<()> {
        let fraction = |c: usize| -> Option<Units> {
            let flexible = self.demand[c] - self.committed[c];
            Some(flexible.checked_mul(numerator)? % denominator)
        };
        let mut candidates: Vec<(Units, usize)> = Vec::new();
        let mut sum: Units = 0;
        for &c in cells {
            let f = fraction(c)?;
            sum += f;
            if f > 0 && lower[c] < self.demand[c] {
                candidates.push((f, c));
            }
        }
        let units = usize::try_from(sum / denominator).ok()?;
        if units == 0 || candidates.is_empty() {
            return Some(());
        }
        candidates.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let weight: HashMap<usize, i64> = candidates
            .iter()
            .map(|&(f, c)| (c, -1 - i64::try_from(f * 8 / denominator).unwrap_or(7)))
            .collect();
        let pieces = self.least_cost(net, &|j, least, upper| {
            let room = upper - least;
            let mut pieces: Vec<(Units, i64)> = self.columns[j]
                .cells
                .iter()
                .filter_map(|c| weight.get(c).map(|&w| (1, w)))
                .take(usize::try_from(room).unwrap_or(usize::MAX))
                .collect();
            pieces.push((room - pieces.len() as Units, 0));
            pieces
        })?;
        let mut raised: HashSet<usize> = HashSet::new();
        for (column, (_, pieces)) in self.columns.iter().zip(&pieces) {
            let candidates = column.cells.iter().filter(|c| weight.contains_key(c));
            let units = &pieces[..pieces.len() - 1];
            for (c, &flow) in candidates.zip(units) {
                if flow > 0 {
                    raised.insert(*c);
                }
            }
        }
        let chosen: Vec<usize> = candidates
            .iter()
            .map(|&(_, c)| c)
            .filter(|c| raised.contains(c))
            .take(units)
            .collect();
        for &c in &chosen {
            lower[c] += 1;
        }
        if self.raise_to(net, tier, lower).is_err() {
            // Cannot happen (the least-cost flow routes them); the floors stand.
            for &c in &chosen {
                lower[c] -= 1;
            }
        }
        Some(())
    }

    /// Each cell's plan clamped into its bounds after the fair cuts.
    fn targets(&self, lower: &[Units]) -> Vec<Units> {
        (0..self.plan.len())
            .map(|c| self.plan[c].clamp(lower[c], self.demand[c].max(lower[c])))
            .collect()
    }

    /// Each cell's land: a column of one cell takes its value; a group's cells start at their
    /// clamped plan and share the difference to the group's value in proportion to their
    /// room (largest remainder first), all in one direction, which keeps the least deviation.
    pub(super) fn spread(&self, values: &[Units], lower: &[Units]) -> Vec<Units> {
        let target = self.targets(lower);
        let mut cells = vec![0; self.plan.len()];
        for (column, &value) in self.columns.iter().zip(values) {
            let start: Units = column.cells.iter().map(|&c| target[c]).sum();
            let rooms: Vec<Units> = column
                .cells
                .iter()
                .map(|&c| {
                    if value >= start {
                        self.demand[c] - target[c]
                    } else {
                        target[c] - lower[c]
                    }
                })
                .collect();
            let shares = proportional((value - start).abs(), &rooms);
            for (&c, share) in column.cells.iter().zip(shares) {
                cells[c] = if value >= start {
                    target[c] + share
                } else {
                    target[c] - share
                };
            }
        }
        cells
    }
}

/// `amount` spread over priced pieces ((units, cost)), cheapest first; `None` when they
/// cannot hold it.
fn fill_cheapest_first(pieces: &[(Units, i64)], amount: Units) -> Option<Vec<Units>> {
    let mut order: Vec<usize> = (0..pieces.len()).collect();
    order.sort_by_key(|&p| pieces[p].1);
    let mut flows = vec![0; pieces.len()];
    let mut left = amount;
    for p in order {
        let take = left.min(pieces[p].0.max(0));
        flows[p] = take;
        left -= take;
    }
    (left == 0).then_some(flows)
}

/// Lets an arc carry `more`.
fn widen(net: &mut Network, arc: usize, more: Units) {
    let upper = net.upper(arc);
    net.set_bounds(arc, 0, upper + more);
}

/// `amount` shared in proportion to `rooms` (whose sum is at least `amount`): each its
/// floor, then one unit each to the largest remainders, earlier first among equals.
fn proportional(amount: Units, rooms: &[Units]) -> Vec<Units> {
    let total: Units = rooms.iter().sum();
    if amount == 0 || total == 0 {
        return vec![0; rooms.len()];
    }
    let mut shares: Vec<Units> = rooms.iter().map(|&r| amount * r / total).collect();
    let mut left = amount - shares.iter().sum::<Units>();
    let mut order: Vec<usize> = (0..rooms.len()).collect();
    order.sort_by_key(|&j| std::cmp::Reverse(amount * rooms[j] % total));
    for j in order {
        if left == 0 {
            break;
        }
        if shares[j] < rooms[j] {
            shares[j] += 1;
            left -= 1;
        }
    }
    shares
}

#[cfg(test)]
mod tests {
    use super::proportional;

    #[test]
    fn a_proportional_share_adds_up_and_gives_the_remainder_to_the_largest_fractions() {
        assert_eq!(proportional(2, &[1, 1, 1]), vec![1, 1, 0]);
        assert_eq!(proportional(7, &[3, 9]), vec![2, 5]);
        assert_eq!(proportional(5, &[4, 0, 6]), vec![2, 0, 3]);
        assert_eq!(proportional(0, &[4, 6]), vec![0, 0]);
        assert_eq!(proportional(10, &[4, 6]), vec![4, 6]);
    }
}
