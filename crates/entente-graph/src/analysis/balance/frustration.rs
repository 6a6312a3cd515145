//! The frustration index of one component: exact by branch and bound, or
//! an upper bound by local search.

use super::SignedTie;
use crate::analysis::csr::Csr;
use std::collections::HashMap;

#[inline]
pub(super) fn is_frustrated(sign: i8, a: u8, b: u8) -> bool {
    (sign > 0) == (a != b)
}

/// Exact minimum frustration of one component by branch and bound; leaves
/// the best assignment in `side`.
///
/// Actors are assigned in BFS order, the first fixed in camp 0 (the camps'
/// mirror image is the same solution). A partial assignment is cut when its
/// frustrated ties, plus for every unassigned actor the fewer of its ties to
/// assigned actors that either camp would frustrate, plus a set of
/// edge-disjoint unbalanced triangles among the unassigned actors (three
/// disjoint sets of ties, so the sum is a lower bound), reach the best found
/// (first from the local search).
pub(super) fn exact_component(
    members: &[u32],
    adj: &Csr,
    ties: &[SignedTie],
    side: &mut [u8],
    marks: &mut Marks,
) -> usize {
    let k = members.len();
    if k <= 1 {
        for &v in members {
            side[v as usize] = 0;
        }
        return 0;
    }
    let mut pos: HashMap<u32, usize> = HashMap::with_capacity(k);
    for (i, &v) in members.iter().enumerate() {
        pos.insert(v, i);
    }
    let mut sign = vec![0i8; k * k];
    let mut later: Vec<Vec<(usize, i8)>> = vec![Vec::new(); k];
    for (i, &v) in members.iter().enumerate() {
        for (w, t) in adj.entries(v as usize) {
            let j = pos[&w];
            let s = ties[t as usize].sign;
            sign[i * k + j] = s;
            if j > i {
                later[i].push((j, s));
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
    let best = local_search(members, adj, ties, side, 4, &mut rng, marks);
    if best == 0 {
        return 0;
    }
    let mut bb = Bb {
        k,
        later,
        lb_suffix,
        assign: vec![0; k],
        f: vec![[0; 2]; k],
        best,
        best_assign: members.iter().map(|&v| side[v as usize]).collect(),
    };
    bb.place(0, 0);
    bb.search(1, 0);
    bb.unplace(0, 0);
    for (idx, &v) in members.iter().enumerate() {
        side[v as usize] = bb.best_assign[idx];
    }
    bb.best
}

struct Bb {
    k: usize,
    later: Vec<Vec<(usize, i8)>>,
    lb_suffix: Vec<usize>,
    assign: Vec<u8>,
    /// `f[u][s]`: ties from unassigned `u` to assigned actors that putting `u`
    /// in camp `s` would frustrate
    f: Vec<[u32; 2]>,
    best: usize,
    best_assign: Vec<u8>,
}

impl Bb {
    fn place(&mut self, i: usize, s: u8) {
        self.assign[i] = s;
        for &(u, sign) in &self.later[i] {
            for t in 0..2u8 {
                if is_frustrated(sign, s, t) {
                    self.f[u][t as usize] += 1;
                }
            }
        }
    }

    fn unplace(&mut self, i: usize, s: u8) {
        for &(u, sign) in &self.later[i] {
            for t in 0..2u8 {
                if is_frustrated(sign, s, t) {
                    self.f[u][t as usize] -= 1;
                }
            }
        }
    }

    fn search(&mut self, i: usize, cost: usize) {
        if i == self.k {
            if cost < self.best {
                self.best = cost;
                self.best_assign.copy_from_slice(&self.assign);
            }
            return;
        }
        let forced: usize = self.f[i..].iter().map(|c| c[0].min(c[1]) as usize).sum();
        if cost + forced + self.lb_suffix[i] >= self.best {
            return;
        }
        let first = if self.f[i][0] <= self.f[i][1] { 0 } else { 1 };
        for s in [first, first ^ 1] {
            let add = self.f[i][s as usize] as usize;
            if cost + add >= self.best {
                continue;
            }
            self.place(i, s);
            self.search(i + 1, cost + add);
            self.unplace(i, s);
            if self.best == 0 {
                return;
            }
        }
    }
}

fn frustration_of(members: &[u32], adj: &Csr, ties: &[SignedTie], side: &[u8]) -> usize {
    let mut f = 0;
    for &v in members {
        for (w, t) in adj.entries(v as usize) {
            if v < w && is_frustrated(ties[t as usize].sign, side[v as usize], side[w as usize]) {
                f += 1;
            }
        }
    }
    f
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
/// actors while that lowers the frustration. Leaves the best in `side`.
pub(super) fn local_search(
    members: &[u32],
    adj: &Csr,
    ties: &[SignedTie],
    side: &mut [u8],
    restarts: usize,
    rng: &mut u64,
    seen: &mut Marks,
) -> usize {
    let k = members.len();
    let mut best = usize::MAX;
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
                for (w, t) in adj.entries(v as usize) {
                    if w == v {
                        continue;
                    }
                    if is_frustrated(ties[t as usize].sign, side[v as usize], side[w as usize]) {
                        gain += 1;
                    } else {
                        gain -= 1;
                    }
                }
                if gain > 0 {
                    side[v as usize] ^= 1;
                    improved = true;
                }
            }
        }
        let f = frustration_of(members, adj, ties, side);
        if f < best {
            best = f;
            for (i, &v) in members.iter().enumerate() {
                best_side[i] = side[v as usize];
            }
        }
        if best == 0 {
            break;
        }
    }
    for (i, &v) in members.iter().enumerate() {
        side[v as usize] = best_side[i];
    }
    best
}
