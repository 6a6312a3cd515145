//! Step one: the relations collapsed into one signed tie per pair, and the
//! adjacency of those ties that every later step walks.

use super::{MixedRule, SignedTie};
use crate::analysis::csr::{Adjacency, Csr};
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

/// The weight of each tie: the largest weight among its relations of the
/// tie's sign (a weight that is not a finite number counts as 1, a
/// negative one as 0).
pub(super) fn tie_weights(g: &ActorGraph, ties: &[SignedTie]) -> Vec<f64> {
    ties.iter()
        .map(|t| {
            t.edges
                .iter()
                .map(|&e| &g.graph[e])
                .filter(|r| r.sign.signum() == t.sign)
                .map(|r| {
                    if r.weight.is_finite() {
                        r.weight.max(0.0)
                    } else {
                        1.0
                    }
                })
                .fold(f64::NEG_INFINITY, f64::max)
        })
        .map(|w| if w.is_finite() { w } else { 1.0 })
        .collect()
}

/// The ties of the connected component of `around` (none when it has no
/// signed tie), and the ambiguous pairs with an actor in it.
pub(super) fn around(
    n: usize,
    around: NodeIndex,
    ties: Vec<SignedTie>,
    ambiguous: Vec<SignedTie>,
) -> (Vec<SignedTie>, Vec<SignedTie>) {
    let found = crate::analysis::csr::components(
        n,
        ties.iter()
            .map(|t| (t.a.index() as u32, t.b.index() as u32)),
    );
    let Some(&home) = found.component.get(around.index()) else {
        return (Vec::new(), Vec::new());
    };
    let inside = |v: NodeIndex| found.component[v.index()] == home;
    (
        ties.into_iter().filter(|t| inside(t.a)).collect(),
        ambiguous
            .into_iter()
            .filter(|t| inside(t.a) || inside(t.b))
            .collect(),
    )
}

/// The signed network's adjacency: per actor its (neighbour, tie index)
/// entries, sorted by neighbour (so a tie is found by binary search).
pub(super) fn signed_adjacency(n: usize, ties: &[SignedTie]) -> Csr {
    let pairs = ties
        .iter()
        .enumerate()
        .map(|(i, t)| (t.a.index() as u32, t.b.index() as u32, i as u32));
    let mut adj = Csr::from_pairs(n, Adjacency::Both, pairs);
    adj.sort_rows();
    adj
}
