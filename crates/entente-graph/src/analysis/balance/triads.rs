//! Step two: every triangle of signed ties once, counted by type; the
//! unbalanced ones listed; a set of edge-disjoint unbalanced ones for the
//! frustration's lower bound.

use super::{SignedTie, TriadCensus, TriadKind, Triangle};
use crate::analysis::csr::Csr;
use petgraph::graph::NodeIndex;

/// What the triangle census finds.
pub(super) struct Triads {
    pub(super) census: TriadCensus,
    /// Strictly unbalanced triangles, ++− first, at most `max_listed`.
    pub(super) listed: Vec<Triangle>,
    /// Whether `listed` was cut.
    pub(super) truncated: bool,
    /// A greedy set of edge-disjoint strictly unbalanced triangles (each
    /// needs a frustrated tie of its own): the first tie of each.
    pub(super) disjoint: Vec<u32>,
}

/// Triangles, each once: ties are oriented from lower to higher (degree,
/// id) rank, so a triangle is found from its lowest-ranked actor only.
pub(super) fn census(adj: &Csr, ties: &[SignedTie], max_listed: usize) -> Triads {
    let n = adj.node_count();
    let sign_of = |i: u32| ties[i as usize].sign;
    let rank_key = |v: usize| (adj.degree(v), v);
    let mut census = TriadCensus::default();
    let mut listed: Vec<Triangle> = Vec::new();
    let mut used = vec![false; ties.len()];
    let mut disjoint: Vec<u32> = Vec::new();
    let mut mark: Vec<u32> = vec![u32::MAX; n]; // tie index from u, if a higher neighbour
    for u in 0..n {
        let higher: Vec<(u32, u32)> = adj
            .entries(u)
            .filter(|&(w, _)| rank_key(w as usize) > rank_key(u))
            .collect();
        for &(w, t) in &higher {
            mark[w as usize] = t;
        }
        for &(v, tuv) in &higher {
            for (w, tvw) in adj.entries(v as usize) {
                if rank_key(w as usize) <= rank_key(v as usize) {
                    continue;
                }
                let tuw = mark[w as usize];
                if tuw == u32::MAX {
                    continue;
                }
                let negs = [tuv, tvw, tuw].iter().filter(|&&t| sign_of(t) < 0).count();
                let kind = TriadKind::of(negs);
                census.add(kind);
                if !kind.strictly_balanced() {
                    let tri = [tuv, tvw, tuw];
                    if tri.iter().all(|&t| !used[t as usize]) {
                        for t in tri {
                            used[t as usize] = true;
                        }
                        disjoint.push(tuv);
                    }
                    if listed.len() < max_listed.saturating_mul(2).max(max_listed) {
                        listed.push(triangle(adj, [u as u32, v, w], kind));
                    }
                }
            }
        }
        for &(w, _) in &higher {
            mark[w as usize] = u32::MAX;
        }
    }
    listed.sort_by(|a, b| a.kind.cmp(&b.kind).then_with(|| a.nodes.cmp(&b.nodes)));
    let truncated = census.ppn + census.nnn > max_listed;
    listed.truncate(max_listed);
    Triads {
        census,
        listed,
        truncated,
        disjoint,
    }
}

/// The triangle on three actors, its nodes in index order and its ties
/// for the pairs (0,1), (1,2), (0,2).
fn triangle(adj: &Csr, mut nodes: [u32; 3], kind: TriadKind) -> Triangle {
    nodes.sort_unstable();
    let tie_of = |a: u32, b: u32| -> u32 {
        let r = adj.range(a as usize);
        let p = adj.neighbors(a as usize).partition_point(|&x| x < b);
        adj.edges[r.start + p]
    };
    Triangle {
        nodes: nodes.map(|x| NodeIndex::new(x as usize)),
        ties: [
            tie_of(nodes[0], nodes[1]) as usize,
            tie_of(nodes[1], nodes[2]) as usize,
            tie_of(nodes[0], nodes[2]) as usize,
        ],
        kind,
    }
}
