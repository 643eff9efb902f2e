//! An exact flow network in integer units: arcs with lower and upper bounds and a small
//! integer cost, Dinic's maximum flow from a current flow, the set a residual path reaches,
//! and a minimum-cost flow by the primal-dual method (shortest-path potentials, then a
//! maximum flow on the arcs of zero reduced cost, until the amount is routed).
//!
//! Input: nodes and arcs (`add_arc`), each arc with its current flow. Output: flows changed
//! in place, in `i128` units (no floating point anywhere). The network never checks that a
//! flow keeps conservation; its callers build flows that do and only change them by
//! augmenting paths, which keep it.
//!
//! Every arc `a` is stored as two residual edges: `2a` (forward, room `upper - flow`) and
//! `2a + 1` (backward, room `flow - lower`).

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};
use std::sync::Arc;

/// Flow in integer units of the scenario's last decimal.
pub type Units = i128;

/// An upper bound that never binds (far above any scenario: figures are at most 10^18
/// units, `laminar::to_units`).
pub const UNLIMITED: Units = i128::MAX / 16;

const UNSEEN: u32 = u32::MAX;

/// A flow network; see the module header. Cloning it copies the flows and bounds only (the
/// nodes and arcs are shared until one of the copies adds an arc).
#[derive(Debug, Clone, Default)]
pub struct Network {
    topology: Arc<Topology>,
    lower: Vec<Units>,
    upper: Vec<Units>,
    flow: Vec<Units>,
    cost: Vec<i64>,
}

/// Nodes and arcs.
#[derive(Debug, Clone, Default)]
struct Topology {
    /// Residual edges leaving each node.
    adjacency: Vec<Vec<u32>>,
    /// Node each residual edge points to.
    head: Vec<u32>,
}

impl Network {
    pub fn add_node(&mut self) -> usize {
        let topology = Arc::make_mut(&mut self.topology);
        topology.adjacency.push(Vec::new());
        topology.adjacency.len() - 1
    }

    pub fn nodes(&self) -> usize {
        self.topology.adjacency.len()
    }

    /// Adds an arc `from -> to` carrying `flow` within `[lower, upper]`, at `cost` per unit.
    pub fn add_arc(
        &mut self,
        from: usize,
        to: usize,
        bounds: (Units, Units),
        flow: Units,
        cost: i64,
    ) -> usize {
        let arc = self.lower.len();
        let edge = u32::try_from(2 * arc).expect("fewer than 2^31 arcs");
        let topology = Arc::make_mut(&mut self.topology);
        topology.adjacency[from].push(edge);
        topology.adjacency[to].push(edge + 1);
        topology.head.push(to as u32);
        topology.head.push(from as u32);
        self.lower.push(bounds.0);
        self.upper.push(bounds.1);
        self.flow.push(flow);
        self.cost.push(cost);
        arc
    }

    pub fn flow(&self, arc: usize) -> Units {
        self.flow[arc]
    }

    pub fn set_flow(&mut self, arc: usize, flow: Units) {
        self.flow[arc] = flow;
    }

    pub fn lower(&self, arc: usize) -> Units {
        self.lower[arc]
    }

    pub fn upper(&self, arc: usize) -> Units {
        self.upper[arc]
    }

    pub fn set_bounds(&mut self, arc: usize, lower: Units, upper: Units) {
        self.lower[arc] = lower;
        self.upper[arc] = upper;
    }

    pub fn set_cost(&mut self, arc: usize, cost: i64) {
        self.cost[arc] = cost;
    }

    pub fn arcs(&self) -> usize {
        self.lower.len()
    }

    /// (tail, head) of an arc.
    pub fn ends(&self, arc: usize) -> (usize, usize) {
        (
            self.topology.head[2 * arc + 1] as usize,
            self.topology.head[2 * arc] as usize,
        )
    }

    fn residual(&self, edge: u32) -> Units {
        let arc = (edge / 2) as usize;
        if edge % 2 == 0 {
            self.upper[arc] - self.flow[arc]
        } else {
            self.flow[arc] - self.lower[arc]
        }
    }

    fn push(&mut self, edge: u32, amount: Units) {
        let arc = (edge / 2) as usize;
        if edge % 2 == 0 {
            self.flow[arc] += amount;
        } else {
            self.flow[arc] -= amount;
        }
    }

    fn tail(&self, edge: u32) -> usize {
        self.topology.head[(edge ^ 1) as usize] as usize
    }

    fn edge_cost(&self, edge: u32) -> i64 {
        let cost = self.cost[(edge / 2) as usize];
        if edge % 2 == 0 {
            cost
        } else {
            -cost
        }
    }

    /// Whether an edge may carry more flow (and, with a mask, is allowed by it).
    fn open(&self, edge: u32, mask: Option<&[bool]>) -> bool {
        self.residual(edge) > 0 && mask.map_or(true, |m| m[edge as usize])
    }

    /// Each node's breadth-first distance from `source` along open edges.
    fn levels(&self, source: usize, mask: Option<&[bool]>) -> Vec<u32> {
        let mut level = vec![UNSEEN; self.nodes()];
        level[source] = 0;
        let mut queue = VecDeque::from([source]);
        while let Some(v) = queue.pop_front() {
            for &edge in &self.topology.adjacency[v] {
                let w = self.topology.head[edge as usize] as usize;
                if level[w] == UNSEEN && self.open(edge, mask) {
                    level[w] = level[v] + 1;
                    queue.push_back(w);
                }
            }
        }
        level
    }

    /// The nodes a residual path from `source` reaches (the source side of a minimum cut once
    /// no path to the sink is left).
    pub fn reachable(&self, source: usize) -> Vec<bool> {
        self.levels(source, None)
            .into_iter()
            .map(|l| l != UNSEEN)
            .collect()
    }

    /// Pushes as much flow as possible, but at most `most`, from `source` to `sink` along
    /// residual paths (Dinic), starting from the current flow; returns the amount pushed.
    pub fn max_flow(&mut self, source: usize, sink: usize, most: Units) -> Units {
        self.max_flow_within(source, sink, most, None)
    }

    fn max_flow_within(
        &mut self,
        source: usize,
        sink: usize,
        most: Units,
        mask: Option<&[bool]>,
    ) -> Units {
        let mut total = 0;
        while total < most {
            let level = self.levels(source, mask);
            if level[sink] == UNSEEN {
                break;
            }
            let mut next = vec![0usize; self.nodes()];
            loop {
                let pushed = self.augment(source, sink, most - total, &level, &mut next, mask);
                if pushed == 0 {
                    break;
                }
                total += pushed;
                if total >= most {
                    break;
                }
            }
        }
        total
    }

    /// One augmenting path of the level graph (depth first, without recursion), `next`
    /// remembering each node's first edge not yet found blocked.
    fn augment(
        &mut self,
        source: usize,
        sink: usize,
        most: Units,
        level: &[u32],
        next: &mut [usize],
        mask: Option<&[bool]>,
    ) -> Units {
        let mut path: Vec<u32> = Vec::new();
        let mut v = source;
        loop {
            if v == sink {
                let amount = path
                    .iter()
                    .map(|&e| self.residual(e))
                    .min()
                    .unwrap_or(most)
                    .min(most);
                for &edge in &path {
                    self.push(edge, amount);
                }
                return amount;
            }
            let mut advanced = false;
            while next[v] < self.topology.adjacency[v].len() {
                let edge = self.topology.adjacency[v][next[v]];
                let w = self.topology.head[edge as usize] as usize;
                if level[w] == level[v] + 1 && self.open(edge, mask) {
                    path.push(edge);
                    v = w;
                    advanced = true;
                    break;
                }
                next[v] += 1;
            }
            if !advanced {
                let Some(edge) = path.pop() else {
                    return 0;
                };
                v = self.tail(edge);
                next[v] += 1;
            }
        }
    }

    /// Routes `amount` from `source` to `sink` at least total cost, from a current flow whose
    /// residual network has no cycle of negative cost (primal-dual: shortest-path
    /// potentials, then a maximum flow on the edges of zero reduced cost, repeated). `false`
    /// when the amount cannot be routed.
    pub fn min_cost_flow(&mut self, source: usize, sink: usize, amount: Units) -> bool {
        let Some(mut potential) = self.shortest_paths(source) else {
            return false;
        };
        let mut remaining = amount;
        while remaining > 0 {
            let distance = self.reduced_distances(source, &potential);
            if distance[sink].is_none() {
                return false;
            }
            for (p, d) in potential.iter_mut().zip(&distance) {
                if let (Some(p), Some(d)) = (p.as_mut(), d) {
                    *p += d;
                }
            }
            let mask: Vec<bool> = (0..self.topology.head.len() as u32)
                .map(|edge| {
                    let (from, to) = (self.tail(edge), self.topology.head[edge as usize] as usize);
                    match (potential[from], potential[to]) {
                        (Some(pf), Some(pt)) => self.edge_cost(edge) + pf - pt == 0,
                        _ => false,
                    }
                })
                .collect();
            let pushed = self.max_flow_within(source, sink, remaining, Some(&mask));
            if pushed == 0 {
                return false;
            }
            remaining -= pushed;
        }
        true
    }

    /// Node potentials under which no residual edge has a negative reduced cost
    /// (`cost + p(tail) - p(head) >= 0`): each node's least cost of a residual path ending
    /// there, from anywhere (every node starts at 0). They exist exactly when the flow is a
    /// least-cost circulation; `None` when a negative cycle shows the flow is not: a node's
    /// cost falls below `least` (no path without a cycle costs less, the caller knows) or
    /// is lowered more times than there are nodes.
    pub fn potentials(&self, least: i64) -> Option<Vec<i64>> {
        let n = self.nodes();
        let mut distance = vec![0i64; n];
        let mut queued = vec![true; n];
        let mut relaxed = vec![0usize; n];
        let mut queue: VecDeque<usize> = (0..n).collect();
        while let Some(v) = queue.pop_front() {
            queued[v] = false;
            for &edge in &self.topology.adjacency[v] {
                if self.residual(edge) <= 0 {
                    continue;
                }
                let w = self.topology.head[edge as usize] as usize;
                let candidate = distance[v] + self.edge_cost(edge);
                if candidate < distance[w] {
                    if candidate < least {
                        return None;
                    }
                    distance[w] = candidate;
                    if !queued[w] {
                        relaxed[w] += 1;
                        if relaxed[w] > n {
                            return None;
                        }
                        queued[w] = true;
                        queue.push_back(w);
                    }
                }
            }
        }
        Some(distance)
    }

    /// An arc's cost reduced by node potentials: `cost + p(tail) - p(head)`.
    pub fn reduced_cost(&self, arc: usize, potential: &[i64]) -> i64 {
        let (tail, head) = self.ends(arc);
        self.cost[arc] + potential[tail] - potential[head]
    }

    /// Least cost of a residual path from `source` to every node it reaches (queue-based
    /// Bellman-Ford; `None` if a negative cycle is reachable).
    fn shortest_paths(&self, source: usize) -> Option<Vec<Option<i64>>> {
        let n = self.nodes();
        let mut distance: Vec<Option<i64>> = vec![None; n];
        let mut queued = vec![false; n];
        let mut relaxed = vec![0usize; n];
        distance[source] = Some(0);
        let mut queue = VecDeque::from([source]);
        while let Some(v) = queue.pop_front() {
            queued[v] = false;
            let dv = distance[v]?;
            for &edge in &self.topology.adjacency[v] {
                if self.residual(edge) <= 0 {
                    continue;
                }
                let w = self.topology.head[edge as usize] as usize;
                let candidate = dv + self.edge_cost(edge);
                if distance[w].map_or(true, |dw| candidate < dw) {
                    distance[w] = Some(candidate);
                    if !queued[w] {
                        relaxed[w] += 1;
                        if relaxed[w] > n {
                            return None;
                        }
                        queued[w] = true;
                        queue.push_back(w);
                    }
                }
            }
        }
        Some(distance)
    }

    /// Dijkstra on reduced costs `cost + p(tail) - p(head)` (never negative while the
    /// potentials are shortest-path distances) over the nodes with a potential.
    fn reduced_distances(&self, source: usize, potential: &[Option<i64>]) -> Vec<Option<i64>> {
        let mut distance: Vec<Option<i64>> = vec![None; self.nodes()];
        distance[source] = Some(0);
        let mut heap = BinaryHeap::from([Reverse((0i64, source))]);
        while let Some(Reverse((d, v))) = heap.pop() {
            if distance[v].is_some_and(|dv| dv < d) {
                continue;
            }
            let Some(pv) = potential[v] else { continue };
            for &edge in &self.topology.adjacency[v] {
                if self.residual(edge) <= 0 {
                    continue;
                }
                let w = self.topology.head[edge as usize] as usize;
                let Some(pw) = potential[w] else { continue };
                let candidate = d + self.edge_cost(edge) + pv - pw;
                if distance[w].map_or(true, |dw| candidate < dw) {
                    distance[w] = Some(candidate);
                    heap.push(Reverse((candidate, w)));
                }
            }
        }
        distance
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// s -> a -> t and s -> b -> t with a cross arc a -> b.
    fn diamond() -> (Network, [usize; 5]) {
        let mut net = Network::default();
        let (s, a, b, t) = (
            net.add_node(),
            net.add_node(),
            net.add_node(),
            net.add_node(),
        );
        let arcs = [
            net.add_arc(s, a, (0, 4), 0, 0),
            net.add_arc(s, b, (0, 2), 0, 0),
            net.add_arc(a, b, (0, 3), 0, 0),
            net.add_arc(a, t, (0, 1), 0, 0),
            net.add_arc(b, t, (0, 5), 0, 0),
        ];
        (net, arcs)
    }

    #[test]
    fn the_maximum_flow_is_the_minimum_cut() {
        let (mut net, arcs) = diamond();
        // Cut {s, a}: s->b 2 + a->b 3 + a->t 1 = 6; cut {s}: 4 + 2 = 6.
        assert_eq!(net.max_flow(0, 3, UNLIMITED), 6);
        assert_eq!(net.flow(arcs[3]) + net.flow(arcs[4]), 6);
        assert_eq!(
            net.max_flow(0, 3, UNLIMITED),
            0,
            "nothing more from a max flow"
        );
        let side = net.reachable(0);
        assert!(side[0] && !side[3]);
    }

    #[test]
    fn a_maximum_flow_stops_at_the_amount_asked_and_respects_lower_bounds() {
        let (mut net, arcs) = diamond();
        assert_eq!(net.max_flow(0, 3, 4), 4);
        // A lower bound of 2 on a->b taken from the start: flow there can only go up.
        let (mut net2, arcs2) = diamond();
        net2.set_bounds(arcs2[2], 2, 3);
        net2.set_flow(arcs2[0], 2);
        net2.set_flow(arcs2[2], 2);
        net2.set_flow(arcs2[4], 2);
        assert_eq!(net2.max_flow(0, 3, UNLIMITED), 4);
        assert!(net2.flow(arcs2[2]) >= 2);
        let _ = arcs;
    }

    #[test]
    fn the_least_cost_flow_takes_the_cheap_arcs_first() {
        // Two parallel routes, the first at cost -1 for its first 3 units only.
        let mut net = Network::default();
        let (s, m, t) = (net.add_node(), net.add_node(), net.add_node());
        let supply = net.add_arc(s, m, (0, 5), 0, 0);
        let cheap = net.add_arc(m, t, (0, 3), 0, -1);
        let dear = net.add_arc(m, t, (0, 10), 0, 0);
        assert!(net.min_cost_flow(s, t, 5));
        assert_eq!(
            (net.flow(supply), net.flow(cheap), net.flow(dear)),
            (5, 3, 2)
        );
        // Asking for more than the supply arc holds fails.
        assert!(!net.min_cost_flow(s, t, 1));
    }

    #[test]
    fn the_least_cost_flow_reroutes_through_reverse_edges() {
        // s->a (2), s->b (2); a->x cheap, b->x cheap, but x->t holds 2 and y->t 2;
        // a->y, b->y free: the cheap arcs carry 2 in all, the rest goes by y.
        let mut net = Network::default();
        let [s, a, b, x, y, t] = [0; 6].map(|_| net.add_node());
        net.add_arc(s, a, (0, 2), 0, 0);
        net.add_arc(s, b, (0, 2), 0, 0);
        let ax = net.add_arc(a, x, (0, 2), 0, -1);
        let bx = net.add_arc(b, x, (0, 2), 0, -1);
        net.add_arc(a, y, (0, 2), 0, 0);
        net.add_arc(b, y, (0, 2), 0, 0);
        net.add_arc(x, t, (0, 2), 0, 0);
        net.add_arc(y, t, (0, 2), 0, 0);
        assert!(net.min_cost_flow(s, t, 4));
        assert_eq!(net.flow(ax) + net.flow(bx), 2);
    }
}
