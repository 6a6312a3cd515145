//! Compressed sparse row adjacency of an [`ActorGraph`], the input of the hot
//! loops (BFS, Brandes, PageRank). Node ids are the graph's node indices as
//! `u32`; each entry keeps the petgraph edge index and whether the entry
//! follows the edge forwards (source → target) or backwards.

use crate::{ActorGraph, Relation};
use petgraph::graph::{EdgeIndex, NodeIndex};

/// Which adjacency of each node a [`Csr`] lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Adjacency {
    /// Targets of out-edges.
    Out,
    /// Sources of in-edges.
    In,
    /// Both (the undirected neighbourhood).
    Both,
}

/// A CSR adjacency: the neighbours of node `v` are
/// `targets[offsets[v]..offsets[v + 1]]`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Csr {
    pub offsets: Vec<u32>,
    pub targets: Vec<u32>,
    /// The petgraph edge index of each entry.
    pub edges: Vec<u32>,
    /// Whether each entry follows its edge from source to target.
    pub forward: Vec<bool>,
}

impl Csr {
    /// Build from the graph's relations that `keep` accepts. With `dedup`,
    /// each row lists each neighbour once (the first edge by index stands for
    /// the parallel ones) and rows are sorted by neighbour; without it, rows
    /// list entries in edge-index order.
    pub fn build(
        graph: &ActorGraph,
        adjacency: Adjacency,
        dedup: bool,
        keep: impl Fn(&Relation) -> bool,
    ) -> Csr {
        let n = graph.graph.node_count();
        assert!(
            n < u32::MAX as usize && graph.graph.edge_count() < (u32::MAX / 2) as usize,
            "graph too large for 32-bit CSR"
        );
        let raw = graph.graph.raw_edges();
        let kept: Vec<bool> = raw.iter().map(|e| keep(&e.weight)).collect();
        let mut counts = vec![0u32; n + 1];
        for (e, &k) in raw.iter().zip(&kept) {
            if !k {
                continue;
            }
            let (s, t) = (e.source().index(), e.target().index());
            match adjacency {
                Adjacency::Out => counts[s + 1] += 1,
                Adjacency::In => counts[t + 1] += 1,
                Adjacency::Both => {
                    counts[s + 1] += 1;
                    if s != t {
                        counts[t + 1] += 1;
                    }
                }
            }
        }
        for i in 0..n {
            counts[i + 1] += counts[i];
        }
        let m = counts[n] as usize;
        let mut targets = vec![0u32; m];
        let mut edges = vec![0u32; m];
        let mut forward = vec![false; m];
        let mut next: Vec<u32> = counts[..n].to_vec();
        let mut put = |at: usize, to: usize, e: usize, fwd: bool| {
            let p = next[at] as usize;
            next[at] += 1;
            targets[p] = to as u32;
            edges[p] = e as u32;
            forward[p] = fwd;
        };
        for (i, (e, &k)) in raw.iter().zip(&kept).enumerate() {
            if !k {
                continue;
            }
            let (s, t) = (e.source().index(), e.target().index());
            match adjacency {
                Adjacency::Out => put(s, t, i, true),
                Adjacency::In => put(t, s, i, true),
                Adjacency::Both => {
                    put(s, t, i, true);
                    // a self-loop is listed once
                    if s != t {
                        put(t, s, i, false);
                    }
                }
            }
        }
        let mut csr = Csr {
            offsets: counts,
            targets,
            edges,
            forward,
        };
        if dedup {
            csr.dedup_rows();
        }
        csr
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    /// Number of entries.
    pub fn entry_count(&self) -> usize {
        self.targets.len()
    }

    /// The neighbours of `v`.
    #[inline]
    pub fn neighbors(&self, v: usize) -> &[u32] {
        &self.targets[self.offsets[v] as usize..self.offsets[v + 1] as usize]
    }

    /// The entry range of `v` (indices into `targets`, `edges`, `forward`).
    #[inline]
    pub fn range(&self, v: usize) -> std::ops::Range<usize> {
        self.offsets[v] as usize..self.offsets[v + 1] as usize
    }

    /// The degree of `v` (entries in its row).
    #[inline]
    pub fn degree(&self, v: usize) -> usize {
        (self.offsets[v + 1] - self.offsets[v]) as usize
    }

    /// The petgraph edge of entry `i`.
    #[inline]
    pub fn edge(&self, i: usize) -> EdgeIndex {
        EdgeIndex::new(self.edges[i] as usize)
    }

    /// The node of id `v`.
    #[inline]
    pub fn node(v: u32) -> NodeIndex {
        NodeIndex::new(v as usize)
    }

    fn dedup_rows(&mut self) {
        self.rebuild(|_, row| {
            row.sort_unstable_by_key(|&(t, e, _)| (t, e));
            row.dedup_by_key(|x| x.0);
        });
    }

    fn rebuild(&mut self, mut f: impl FnMut(usize, &mut Vec<(u32, u32, bool)>)) {
        let n = self.node_count();
        let mut offsets = Vec::with_capacity(n + 1);
        let mut targets = Vec::with_capacity(self.targets.len());
        let mut edges = Vec::with_capacity(self.targets.len());
        let mut forward = Vec::with_capacity(self.targets.len());
        offsets.push(0u32);
        let mut row = Vec::new();
        for v in 0..n {
            row.clear();
            for i in self.range(v) {
                row.push((self.targets[i], self.edges[i], self.forward[i]));
            }
            f(v, &mut row);
            for &(t, e, fw) in &row {
                targets.push(t);
                edges.push(e);
                forward.push(fw);
            }
            offsets.push(targets.len() as u32);
        }
        *self = Csr {
            offsets,
            targets,
            edges,
            forward,
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Relation;

    fn rel(sign: i8) -> Relation {
        Relation::new("r", sign)
    }

    fn g() -> ActorGraph {
        // 0→1, 0→1 (parallel), 1→2, 2→2 (loop), 2→0 (hostile)
        let mut g = ActorGraph::new();
        for i in 0..3 {
            g.actor_by_iri(&format!("http://x/{i}"));
        }
        for (a, b, s) in [(0, 1, 1), (0, 1, 1), (1, 2, 1), (2, 2, 1), (2, 0, -1)] {
            g.relate(NodeIndex::new(a), NodeIndex::new(b), rel(s));
        }
        g
    }

    #[test]
    fn out_in_both() {
        let g = g();
        let out = Csr::build(&g, Adjacency::Out, false, |_| true);
        assert_eq!(out.neighbors(0), [1, 1]);
        assert_eq!(out.neighbors(2), [2, 0]);
        let dd = Csr::build(&g, Adjacency::Out, true, |_| true);
        assert_eq!(dd.neighbors(0), [1]);
        assert_eq!(dd.edge(dd.range(0).start).index(), 0);
        let inn = Csr::build(&g, Adjacency::In, true, |r| r.sign > 0);
        assert_eq!(inn.neighbors(0), [] as [u32; 0]);
        assert_eq!(inn.neighbors(2), [1, 2]);
        let both = Csr::build(&g, Adjacency::Both, true, |_| true);
        assert_eq!(both.neighbors(2), [0, 1, 2]); // the loop listed once
        let r = both.range(2);
        // 2–0 follows edge 4 forwards, 2–1 edge 2 backwards
        assert_eq!((both.edges[r.start], both.forward[r.start]), (4, true));
        assert_eq!(
            (both.edges[r.start + 1], both.forward[r.start + 1]),
            (2, false)
        );
        assert_eq!(both.degree(2), 3);
        assert_eq!(both.node_count(), 3);
    }
}
