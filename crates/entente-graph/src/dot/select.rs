//! Which actors to draw: a neighbourhood, the best by a score.

use crate::ActorGraph;
use petgraph::graph::NodeIndex;
use std::collections::{BTreeSet, VecDeque};

/// The nodes within `depth` hops of `centre`, following relations both ways
/// (the centre included). Straight over petgraph's adjacency, as
/// `paths::shortest_path`: a CSR of the whole graph would cost more than the
/// few hops a view visits.
pub fn neighbourhood(graph: &ActorGraph, centre: NodeIndex, depth: usize) -> BTreeSet<NodeIndex> {
    let mut seen = BTreeSet::from([centre]);
    let mut queue = VecDeque::from([(centre, 0)]);
    while let Some((v, d)) = queue.pop_front() {
        if d == depth {
            continue;
        }
        for w in graph.graph.neighbors_undirected(v) {
            if seen.insert(w) {
                queue.push_back((w, d + 1));
            }
        }
    }
    seen
}

/// The `n` nodes of highest score among `among` (all nodes when `None`),
/// ties broken by IRI; `keep` is always in (counted among the `n`).
pub fn top_nodes(
    graph: &ActorGraph,
    scores: &[f64],
    n: usize,
    among: Option<&BTreeSet<NodeIndex>>,
    keep: Option<NodeIndex>,
) -> BTreeSet<NodeIndex> {
    let mut candidates: Vec<NodeIndex> = match among {
        Some(set) => set.iter().copied().collect(),
        None => graph.graph.node_indices().collect(),
    };
    let score = |v: NodeIndex| scores.get(v.index()).copied().unwrap_or(0.0);
    candidates.sort_by(|&a, &b| {
        score(b)
            .total_cmp(&score(a))
            .then_with(|| graph.graph[a].iri.cmp(&graph.graph[b].iri))
    });
    let mut out = BTreeSet::new();
    if let Some(k) = keep {
        if n > 0 {
            out.insert(k);
        }
    }
    for v in candidates {
        if out.len() >= n {
            break;
        }
        out.insert(v);
    }
    out
}
