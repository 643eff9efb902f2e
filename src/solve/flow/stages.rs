//! The three stages on the network, each exact in integer units (see `flow`'s header):
//! tier maxima by maximum flows through each tier's arc, fair cuts by Newton's method on the
//! cuts of a feasibility flow, closest to the plan by a least-cost flow; and the split of a
//! grouped column's land among its cells.

use super::network::{Network, Units, UNLIMITED};
use super::Prepared;
use std::collections::{HashMap, HashSet};

/// A ratio `numerator / denominator` (`denominator > 0`).
type Ratio = (Units, Units);

/// Newton's method on cuts takes a handful of steps; this many means something is off and
/// the caller falls back to the LP.
const MOST_NEWTON_STEPS: usize = 200;

impl Prepared {
    /// Tier by tier, the most land the tier's arc can carry from the current flow, taking
    /// land back from later tiers (through their arcs to the drain) but never from earlier
    /// ones (their arcs held at their flow). Returns each tier's supply; every tier's arc is
    /// then held at it.
    pub(super) fn maximize_tiers(&self, net: &mut Network) -> Vec<Units> {
        let tiers = self.tier_arc.len();
        for i in 0..tiers {
            for j in 0..tiers {
                let arc = self.tier_arc[j];
                let flow = net.flow(arc);
                net.set_bounds(arc, flow, if j == i { UNLIMITED } else { flow });
                let open = if j > i { UNLIMITED } else { 0 };
                net.set_bounds(self.tier_drain[j], 0, open);
            }
            net.set_bounds(self.sink_drain, 0, UNLIMITED);
            net.max_flow(self.source, self.drain, UNLIMITED);
            for j in i + 1..tiers {
                let taken = net.flow(self.tier_drain[j]);
                let arc = self.tier_arc[j];
                let flow = net.flow(arc) - taken;
                net.set_bounds(arc, flow, flow);
                net.set_flow(arc, flow);
                net.set_flow(self.tier_drain[j], 0);
            }
            net.set_flow(self.sink_drain, 0);
        }
        for j in 0..tiers {
            let arc = self.tier_arc[j];
            let flow = net.flow(arc);
            net.set_bounds(arc, flow, flow);
            net.set_bounds(self.tier_drain[j], 0, 0);
        }
        net.set_bounds(self.sink_drain, 0, 0);
        self.tier_arc.iter().map(|&a| net.flow(a)).collect()
    }

    /// Tier by tier (every tier's supply held), a ratio r at least the continuous optimum such
    /// that every cell of the tier can have `committed + floor(r x (demand - committed))`
    /// units, earlier tiers keeping theirs, and the floors' remainder handed out. Returns
    /// each cell's least land after the cuts and each tier's ratio (`None` for a tier with no
    /// flexible cell); `None` when the search does not settle.
    pub(super) fn fair_cuts(&self, net: &mut Network) -> Option<(Vec<Units>, Vec<Option<f64>>)> {
        let mut lower = self.committed.clone();
        let mut ratios = Vec::with_capacity(self.tier_arc.len());
        for i in 0..self.tier_arc.len() {
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
        let supply = net.flow(self.tier_arc[tier]);
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
            if !side[tail] && side[head] {
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
        for j in 0..self.columns.len() {
            let column = &self.columns[j];
            if column.tier != tier {
                continue;
            }
            let least: Units = column.cells.iter().map(|&c| lower[c]).sum();
            let arc = column.arc;
            let (flow, upper) = (net.flow(arc), net.upper(arc));
            net.set_bounds(arc, least, upper);
            if flow < least {
                let (tail, head) = net.ends(arc);
                let more = least - flow;
                net.set_flow(arc, least);
                widen(net, self.surplus_in[&head], more);
                widen(net, self.surplus_out[&tail], more);
                total += more;
            }
        }
        let routed = net.max_flow(self.surplus_source, self.surplus_sink, total);
        if routed < total {
            let side = net.reachable(self.surplus_source);
            *net = before;
            return Err((side, total - routed));
        }
        for arc in self.surplus_in.values().chain(self.surplus_out.values()) {
            net.set_flow(*arc, 0);
            net.set_bounds(*arc, 0, 0);
        }
        Ok(())
    }

    /// The allocation closest to the plan with every tier's supply and every fair cut held:
    /// from each cell at its least land, the rest of each tier's supply routed at least cost,
    /// a unit costing -1 up to the column's plan (clamped into its bounds) and 0 above.
    /// Returns each column's value; `None` if the supply cannot be routed (it always can: the
    /// fair cuts' flow routes it).
    pub(super) fn closest(&self, net: &Network, lower: &[Units]) -> Option<Vec<Units>> {
        let least = self.column_sums(lower);
        let target = self.column_sums(&self.targets(lower));
        let pieces = self.least_cost(net, &least, &|j| {
            let upper = net.upper(self.columns[j].arc);
            vec![(target[j] - least[j], -1), (upper - target[j], 0)]
        })?;
        Some(
            pieces
                .iter()
                .zip(&least)
                .map(|(units, least)| least + units.iter().sum::<Units>())
                .collect(),
        )
    }

    /// From every column at `least`, each tier's supply (its arc's flow in `net`) routed at
    /// least cost, column j's land above `least` priced by `pieces(j)` ((units, cost per
    /// unit), each piece its own arc). Returns the land on each piece of each column; `net`
    /// is left as it was.
    fn least_cost(
        &self,
        net: &Network,
        least: &[Units],
        pieces: &dyn Fn(usize) -> Vec<(Units, i64)>,
    ) -> Option<Vec<Vec<Units>>> {
        let mut net = net.clone();
        let supply: Vec<Units> = self.tier_arc.iter().map(|&a| net.flow(a)).collect();
        let mut arcs = Vec::with_capacity(self.columns.len());
        for (j, column) in self.columns.iter().enumerate() {
            let (tail, head) = net.ends(column.arc);
            net.set_bounds(column.arc, least[j], least[j]);
            let column_arcs: Vec<usize> = pieces(j)
                .into_iter()
                .map(|(units, cost)| net.add_arc(tail, head, (0, units.max(0)), 0, cost))
                .collect();
            arcs.push(column_arcs);
        }
        self.set_flows(&mut net, least);
        let mut amount = 0;
        for (&arc, &supply) in self.tier_arc.iter().zip(&supply) {
            amount += supply - net.flow(arc);
            net.set_bounds(arc, 0, supply);
        }
        if !net.min_cost_flow(self.source, self.sink, amount) {
            return None;
        }
        Some(
            arcs.iter()
                .map(|column| column.iter().map(|&a| net.flow(a)).collect())
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
        let least = self.column_sums(lower);
        let pieces = self.least_cost(net, &least, &|j| {
            let column = &self.columns[j];
            let upper = net.upper(column.arc);
            let mut pieces: Vec<(Units, i64)> = column
                .cells
                .iter()
                .filter_map(|c| weight.get(c).map(|&w| (1, w)))
                .collect();
            pieces.push((upper - least[j] - pieces.len() as Units, 0));
            pieces
        })?;
        let mut raised: HashSet<usize> = HashSet::new();
        for (column, pieces) in self.columns.iter().zip(&pieces) {
            let mut flows = pieces.iter();
            for c in column.cells.iter().filter(|c| weight.contains_key(c)) {
                if flows.next().is_some_and(|&f| f > 0) {
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
