//! The frustration index of one component: exact by branch and bound, or
//! an upper bound by local search.

use super::SignedTie;
use crate::analysis::csr::Csr;
use std::collections::HashMap;

#[inline]
pub(super) fn is_frustrated(sign: i8, a: u8, b: u8) -> bool {
    (sign > 0) == (a != b)
}

/// What a partition costs: its frustrated ties, then their summed weight.
///
/// Partitions are compared on the count first (the frustration index); the
/// weight only breaks ties between equally frustrated partitions (the one
/// leaving the lighter ties frustrated wins), so the index stays exact.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Cost {
    pub(super) count: usize,
    pub(super) weight: f64,
}

/// Weights closer than this are equal (sums of a few tie weights).
const WEIGHT_EPSILON: f64 = 1e-9;

impl Cost {
    pub(super) const ZERO: Cost = Cost {
        count: 0,
        weight: 0.0,
    };
    const WORST: Cost = Cost {
        count: usize::MAX,
        weight: f64::INFINITY,
    };

    /// Strictly cheaper: fewer frustrated ties, or as many and lighter ones.
    pub(super) fn below(self, other: Cost) -> bool {
        self.count < other.count
            || (self.count == other.count && self.weight < other.weight - WEIGHT_EPSILON)
    }

    fn plus(self, count: usize, weight: f64) -> Cost {
        Cost {
            count: self.count + count,
            weight: self.weight + weight,
        }
    }
}

/// Exact minimum frustration of one component by branch and bound, ties
/// between equally frustrated partitions broken by the weight of the
/// frustrated ties (see [`Cost`]); leaves the best assignment in `side`.
///
/// Actors are assigned in BFS order, the first fixed in camp 0 (the camps'
/// mirror image is the same solution). A partial assignment is cut when its
/// frustrated ties, plus for every unassigned actor the fewer of its ties to
/// assigned actors that either camp would frustrate, plus a set of
/// edge-disjoint unbalanced triangles among the unassigned actors (three
/// disjoint sets of ties, so the sum is a lower bound), exceed the best found
/// (first from the local search), or reach it while the same three sets
/// bound the weight (the lighter camp per actor, the lightest tie per
/// triangle) at no less than the best's weight. With equal weights this cuts
/// exactly where a search on the count alone would.
pub(super) fn exact_component(
    members: &[u32],
    adj: &Csr,
    ties: &[SignedTie],
    weights: &[f64],
    side: &mut [u8],
    marks: &mut Marks,
) -> Cost {
    let k = members.len();
    if k <= 1 {
        for &v in members {
            side[v as usize] = 0;
        }
        return Cost::ZERO;
    }
    let mut pos: HashMap<u32, usize> = HashMap::with_capacity(k);
    for (i, &v) in members.iter().enumerate() {
        pos.insert(v, i);
    }
    let mut sign = vec![0i8; k * k];
    let mut later: Vec<Vec<(usize, i8, f64)>> = vec![Vec::new(); k];
    let mut lightest = f64::INFINITY;
    for (i, &v) in members.iter().enumerate() {
        for (w, t) in adj.entries(v as usize) {
            let j = pos[&w];
            let s = ties[t as usize].sign;
            sign[i * k + j] = s;
            if j > i {
                let weight = weights[t as usize];
                lightest = lightest.min(weight);
                later[i].push((j, s, weight));
            }
        }
    }
    // lb_suffix[i]: edge-disjoint strictly unbalanced triangles within i..k
    let mut tris: Vec<[usize; 3]> = Vec::new();
    for a in 0..k {
        for b in a + 1..k {
            if sign[a * k + b] == 0 {
                continue;
            }
            for c in b + 1..k {
                let (x, y, z) = (sign[a * k + b], sign[b * k + c], sign[a * k + c]);
                if y != 0 && z != 0 && ((x < 0) as u8 + (y < 0) as u8 + (z < 0) as u8) % 2 == 1 {
                    tris.push([a, b, c]);
                }
            }
        }
    }
    let mut lb_suffix = vec![0usize; k + 1];
    let mut used = vec![false; k * k];
    for (i, lb) in lb_suffix.iter_mut().enumerate().take(k) {
        used.iter_mut().for_each(|u| *u = false);
        for t in tris.iter().filter(|t| t[0] >= i) {
            let e = [t[0] * k + t[1], t[1] * k + t[2], t[0] * k + t[2]];
            if e.iter().all(|&x| !used[x]) {
                e.iter().for_each(|&x| used[x] = true);
                *lb += 1;
            }
        }
    }
    let mut rng = 0x9e37_79b9_7f4a_7c15u64;
    let best = local_search(members, adj, ties, weights, side, 4, &mut rng, marks);
    if best.count == 0 {
        return best;
    }
    let mut bb = Bb {
        k,
        later,
        lb_suffix,
        lightest: if lightest.is_finite() { lightest } else { 0.0 },
        assign: vec![0; k],
        f: vec![[0; 2]; k],
        fw: vec![[0.0; 2]; k],
        best,
        best_assign: members.iter().map(|&v| side[v as usize]).collect(),
    };
    bb.place(0, 0);
    bb.search(1, Cost::ZERO);
    bb.unplace(0, 0);
    for (idx, &v) in members.iter().enumerate() {
        side[v as usize] = bb.best_assign[idx];
    }
    bb.best
}

struct Bb {
    k: usize,
    later: Vec<Vec<(usize, i8, f64)>>,
    lb_suffix: Vec<usize>,
    /// The lightest tie of the component (each triangle of `lb_suffix`
    /// frustrates at least that much weight).
    lightest: f64,
    assign: Vec<u8>,
    /// `f[u][s]`: ties from unassigned `u` to assigned actors that putting `u`
    /// in camp `s` would frustrate; `fw[u][s]` their weight
    f: Vec<[u32; 2]>,
    fw: Vec<[f64; 2]>,
    best: Cost,
    best_assign: Vec<u8>,
}

impl Bb {
    fn place(&mut self, i: usize, s: u8) {
        self.assign[i] = s;
        for &(u, sign, w) in &self.later[i] {
            for t in 0..2u8 {
                if is_frustrated(sign, s, t) {
                    self.f[u][t as usize] += 1;
                    self.fw[u][t as usize] += w;
                }
            }
        }
    }

    fn unplace(&mut self, i: usize, s: u8) {
        for &(u, sign, w) in &self.later[i] {
            for t in 0..2u8 {
                if is_frustrated(sign, s, t) {
                    self.f[u][t as usize] -= 1;
                    self.fw[u][t as usize] -= w;
                }
            }
        }
    }

    /// Whether a completion of cost at least `bound` (count) may still beat
    /// the best: `bound_weight` is only computed when the counts are equal.
    fn promising(&self, bound: usize, bound_weight: impl FnOnce() -> f64) -> bool {
        bound < self.best.count
            || (bound == self.best.count && bound_weight() < self.best.weight - WEIGHT_EPSILON)
    }

    fn search(&mut self, i: usize, cost: Cost) {
        if i == self.k {
            if cost.below(self.best) {
                self.best = cost;
                self.best_assign.copy_from_slice(&self.assign);
            }
            return;
        }
        let forced: usize = self.f[i..].iter().map(|c| c[0].min(c[1]) as usize).sum();
        let bound = cost.count + forced + self.lb_suffix[i];
        if !self.promising(bound, || {
            cost.weight
                + self.fw[i..].iter().map(|c| c[0].min(c[1])).sum::<f64>()
                + self.lb_suffix[i] as f64 * self.lightest
        }) {
            return;
        }
        let cheaper = |c: &[u32; 2], w: &[f64; 2]| (c[0], w[0]) <= (c[1], w[1]);
        let first = if cheaper(&self.f[i], &self.fw[i]) {
            0
        } else {
            1
        };
        for s in [first, first ^ 1] {
            let next = cost.plus(self.f[i][s as usize] as usize, self.fw[i][s as usize]);
            if !self.promising(next.count, || next.weight) {
                continue;
            }
            self.place(i, s);
            self.search(i + 1, next);
            self.unplace(i, s);
            if self.best.count == 0 {
                return;
            }
        }
    }
}

fn cost_of(members: &[u32], adj: &Csr, ties: &[SignedTie], weights: &[f64], side: &[u8]) -> Cost {
    let mut cost = Cost::ZERO;
    for &v in members {
        for (w, t) in adj.entries(v as usize) {
            if v < w && is_frustrated(ties[t as usize].sign, side[v as usize], side[w as usize]) {
                cost = cost.plus(1, weights[t as usize]);
            }
        }
    }
    cost
}

/// Visit marks reused across searches: a node is marked in the current
/// epoch when `stamp[v] == epoch`.
pub(super) struct Marks {
    stamp: Vec<u32>,
    epoch: u32,
}

impl Marks {
    pub(super) fn new(n: usize) -> Self {
        Marks {
            stamp: vec![0; n],
            epoch: 0,
        }
    }

    fn clear(&mut self) {
        self.epoch += 1;
        if self.epoch == u32::MAX {
            self.stamp.iter_mut().for_each(|x| *x = 0);
            self.epoch = 1;
        }
    }

    /// Mark `v`; `true` if it was not marked yet.
    fn mark(&mut self, v: u32) -> bool {
        let s = &mut self.stamp[v as usize];
        if *s == self.epoch {
            false
        } else {
            *s = self.epoch;
            true
        }
    }
}

/// A component's actors in the order the searches take them: breadth-first
/// from `start` (its lowest actor), rows in order. The exact search assigns
/// them in this order (neighbours early keep its bound tight) and the local
/// search draws its restarts and sweeps in it, so the camps found depend on
/// it: it is part of the result.
pub(super) fn search_order(adj: &Csr, start: u32, seen: &mut Marks) -> Vec<u32> {
    seen.clear();
    seen.mark(start);
    let mut order = vec![start];
    let mut head = 0;
    while head < order.len() {
        let v = order[head] as usize;
        head += 1;
        for &w in adj.neighbors(v) {
            if seen.mark(w) {
                order.push(w);
            }
        }
    }
    order
}

fn next_rand(state: &mut u64) -> u64 {
    // xorshift64*
    let mut x = *state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *state = x;
    x.wrapping_mul(0x2545_f491_4f6c_dd1d)
}

/// Upper bound for one component: for each restart, colour a BFS spanning
/// tree from a start node so its ties are all satisfied, then flip single
/// actors while that lowers the [`Cost`] (the frustrated ties, then their
/// weight). Leaves the best in `side`.
#[allow(clippy::too_many_arguments)]
pub(super) fn local_search(
    members: &[u32],
    adj: &Csr,
    ties: &[SignedTie],
    weights: &[f64],
    side: &mut [u8],
    restarts: usize,
    rng: &mut u64,
    seen: &mut Marks,
) -> Cost {
    let k = members.len();
    let mut best = Cost::WORST;
    let mut best_side: Vec<u8> = vec![0; k];
    for r in 0..restarts.max(1) {
        let start = if r == 0 {
            // the best-connected actor
            *members
                .iter()
                .max_by_key(|&&v| (adj.degree(v as usize), std::cmp::Reverse(v)))
                .expect("non-empty")
        } else {
            members[(next_rand(rng) % k as u64) as usize]
        };
        seen.clear();
        side[start as usize] = 0;
        seen.mark(start);
        let mut queue = vec![start];
        let mut head = 0;
        while head < queue.len() {
            let v = queue[head];
            head += 1;
            for (w, t) in adj.entries(v as usize) {
                if seen.mark(w) {
                    side[w as usize] = if ties[t as usize].sign > 0 {
                        side[v as usize]
                    } else {
                        side[v as usize] ^ 1
                    };
                    queue.push(w);
                }
            }
        }
        // single flips until none helps
        let mut improved = true;
        while improved {
            improved = false;
            for &v in members {
                let mut gain: isize = 0;
                let mut gain_weight = 0.0;
                for (w, t) in adj.entries(v as usize) {
                    if w == v {
                        continue;
                    }
                    if is_frustrated(ties[t as usize].sign, side[v as usize], side[w as usize]) {
                        gain += 1;
                        gain_weight += weights[t as usize];
                    } else {
                        gain -= 1;
                        gain_weight -= weights[t as usize];
                    }
                }
                if gain > 0 || (gain == 0 && gain_weight > WEIGHT_EPSILON) {
                    side[v as usize] ^= 1;
                    improved = true;
                }
            }
        }
        let cost = cost_of(members, adj, ties, weights, side);
        if cost.below(best) {
            best = cost;
            for (i, &v) in members.iter().enumerate() {
                best_side[i] = side[v as usize];
            }
        }
        if best.count == 0 {
            break;
        }
    }
    for (i, &v) in members.iter().enumerate() {
        side[v as usize] = best_side[i];
    }
    best
}
