//! Step one: the relations collapsed into one signed tie per pair, and the
//! adjacency of those ties that every later step walks.

use super::{MixedRule, SignedTie};
use crate::ActorGraph;
use petgraph::graph::{EdgeIndex, NodeIndex};
use std::collections::HashMap;

/// Collapse the relations into signed ties (see the module doc).
pub fn signed_ties(g: &ActorGraph, rule: MixedRule) -> (Vec<SignedTie>, Vec<SignedTie>) {
    // per pair: any +, any −, the relations
    let mut pairs: HashMap<(u32, u32), (bool, bool, Vec<EdgeIndex>)> = HashMap::new();
    let mut order = Vec::new();
    for (i, e) in g.graph.raw_edges().iter().enumerate() {
        let sign = e.weight.sign.signum();
        let (s, t) = (e.source().index() as u32, e.target().index() as u32);
        if sign == 0 || s == t {
            continue;
        }
        let key = (s.min(t), s.max(t));
        let entry = pairs.entry(key).or_insert_with(|| {
            order.push(key);
            (false, false, Vec::new())
        });
        if sign > 0 {
            entry.0 = true;
        } else {
            entry.1 = true;
        }
        entry.2.push(EdgeIndex::new(i));
    }
    order.sort_unstable();
    let mut ties = Vec::new();
    let mut ambiguous = Vec::new();
    for key in order {
        let (pos, neg, edges) = pairs.remove(&key).expect("pair recorded");
        let sign: i8 = match (pos, neg) {
            (true, false) => 1,
            (false, true) => -1,
            _ => match rule {
                MixedRule::SignOfSum => claim_sum(g, &edges).signum() as i8,
                MixedRule::HostileWins => -1,
                MixedRule::Exclude => 0,
            },
        };
        let tie = SignedTie {
            a: NodeIndex::new(key.0 as usize),
            b: NodeIndex::new(key.1 as usize),
            sign,
            edges,
        };
        if sign == 0 {
            ambiguous.push(tie);
        } else {
            ties.push(tie);
        }
    }
    (ties, ambiguous)
}

/// Sum of the signs of the distinct claims among `edges`: a claim is a
/// (kind, source graph, start date, sign), so the two rows of a symmetric
/// relation (allied, war, talks) count once, and two sources twice.
fn claim_sum(g: &ActorGraph, edges: &[EdgeIndex]) -> i64 {
    let mut claims: Vec<(&str, Option<&str>, Option<&str>, i8)> = Vec::new();
    for &e in edges {
        let r = &g.graph[e];
        let c = (
            r.kind.as_str(),
            r.graph.as_deref(),
            r.start.as_deref(),
            r.sign.signum(),
        );
        if !claims.contains(&c) {
            claims.push(c);
        }
    }
    claims.iter().map(|c| c.3 as i64).sum()
}

/// Signed adjacency: per node, (neighbour, tie index), sorted by neighbour.
pub(super) struct SignedAdj {
    offsets: Vec<usize>,
    nbr: Vec<(u32, u32)>,
}

impl SignedAdj {
    pub(super) fn new(n: usize, ties: &[SignedTie]) -> Self {
        let mut deg = vec![0usize; n + 1];
        for t in ties {
            deg[t.a.index() + 1] += 1;
            deg[t.b.index() + 1] += 1;
        }
        for i in 0..n {
            deg[i + 1] += deg[i];
        }
        let mut next = deg[..n].to_vec();
        let mut nbr = vec![(0u32, 0u32); deg[n]];
        for (i, t) in ties.iter().enumerate() {
            let (a, b) = (t.a.index(), t.b.index());
            nbr[next[a]] = (b as u32, i as u32);
            next[a] += 1;
            nbr[next[b]] = (a as u32, i as u32);
            next[b] += 1;
        }
        for v in 0..n {
            nbr[deg[v]..deg[v + 1]].sort_unstable();
        }
        SignedAdj { offsets: deg, nbr }
    }

    pub(super) fn node_count(&self) -> usize {
        self.offsets.len() - 1
    }

    pub(super) fn row(&self, v: usize) -> &[(u32, u32)] {
        &self.nbr[self.offsets[v]..self.offsets[v + 1]]
    }
}
