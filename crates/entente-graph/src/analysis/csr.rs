//! Compressed sparse row adjacency of an [`ActorGraph`], the input of the hot
//! loops (BFS, Brandes, PageRank). Node ids are the graph's node indices as
//! `u32`; each entry keeps the petgraph edge index and whether the entry
//! follows the edge forwards (source → target) or backwards.
//!
//! It is the one adjacency the analyses build: of the graph's relations
//! ([`Csr::build`]) or of other pairs on its nodes ([`Csr::from_pairs`]: the
//! signed ties of `balance`), with parallel entries merged where a metric
//! counts a pair once ([`Csr::merge_parallel`]: PageRank's link matrix, the
//! plain graphs handed to rustworkx-core). [`components`] is the one
//! component search (weakly connected components, balance's components of
//! the signed network).

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
    /// The id of each entry: the petgraph edge index when built from a
    /// graph ([`Csr::build`]), the triple's id with [`Csr::from_pairs`].
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
        // One pass over the relations (large records), then two over these
        // 12-byte triples.
        let pairs: Vec<(u32, u32, u32)> = graph
            .graph
            .raw_edges()
            .iter()
            .enumerate()
            .filter(|(_, e)| keep(&e.weight))
            .map(|(i, e)| {
                (
                    e.source().index() as u32,
                    e.target().index() as u32,
                    i as u32,
                )
            })
            .collect();
        let mut csr = Csr::from_pairs(n, adjacency, pairs.iter().copied());
        if dedup {
            csr.dedup_rows();
        }
        csr
    }

    /// Build from `(source, target, id)` triples on nodes `0..n`: each
    /// triple is an entry of the source's row (or the target's, or both, as
    /// `adjacency` says; a loop is listed once), rows in the triples' order.
    /// The ids are what [`Csr::edges`] keeps (edge indices for [`Csr::build`],
    /// tie numbers for the signed network of `balance`).
    pub fn from_pairs(
        n: usize,
        adjacency: Adjacency,
        pairs: impl Iterator<Item = (u32, u32, u32)> + Clone,
    ) -> Csr {
        let mut counts = vec![0u32; n + 1];
        for (s, t, _) in pairs.clone() {
            let (s, t) = (s as usize, t as usize);
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
        let mut put = |at: u32, to: u32, id: u32, fwd: bool| {
            let p = next[at as usize] as usize;
            next[at as usize] += 1;
            targets[p] = to;
            edges[p] = id;
            forward[p] = fwd;
        };
        for (s, t, id) in pairs {
            match adjacency {
                Adjacency::Out => put(s, t, id, true),
                Adjacency::In => put(t, s, id, true),
                Adjacency::Both => {
                    put(s, t, id, true);
                    // a self-loop is listed once
                    if s != t {
                        put(t, s, id, false);
                    }
                }
            }
        }
        Csr {
            offsets: counts,
            targets,
            edges,
            forward,
        }
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

    /// The entries of `v` as (neighbour, id) pairs.
    #[inline]
    pub fn entries(&self, v: usize) -> impl Iterator<Item = (u32, u32)> + '_ {
        let r = self.range(v);
        self.targets[r.clone()]
            .iter()
            .copied()
            .zip(self.edges[r].iter().copied())
    }

    /// Merges the entries of each row that lead to the same neighbour into
    /// the first of them (its id and direction stand for all), keeping the
    /// rows' order otherwise; `weights`, one per entry, are combined in row
    /// order with `combine`. Returns whether any entries were merged.
    ///
    /// Unlike `dedup` in [`Csr::build`] this keeps the order of first
    /// occurrence, so sums over a row add up in the same order as over the
    /// relations themselves.
    pub fn merge_parallel(
        &mut self,
        mut weights: Option<&mut Vec<f64>>,
        combine: impl Fn(f64, f64) -> f64,
    ) -> bool {
        let n = self.node_count();
        // mark[u] = position of u's entry in the row being compacted
        // (positions only grow, so a mark from an earlier row is below the
        // row's start)
        let mut mark = vec![u32::MAX; n];
        let mut merged = false;
        let mut wp = 0usize;
        let mut start_old = 0usize;
        for v in 0..n {
            let end_old = self.offsets[v + 1] as usize;
            let start = wp;
            for i in start_old..end_old {
                let u = self.targets[i] as usize;
                let mk = mark[u];
                if mk != u32::MAX && mk as usize >= start {
                    merged = true;
                    if let Some(w) = weights.as_deref_mut() {
                        w[mk as usize] = combine(w[mk as usize], w[i]);
                    }
                } else {
                    self.targets[wp] = u as u32;
                    self.edges[wp] = self.edges[i];
                    self.forward[wp] = self.forward[i];
                    if let Some(w) = weights.as_deref_mut() {
                        w[wp] = w[i];
                    }
                    mark[u] = wp as u32;
                    wp += 1;
                }
            }
            start_old = end_old;
            self.offsets[v + 1] = wp as u32;
        }
        self.targets.truncate(wp);
        self.edges.truncate(wp);
        self.forward.truncate(wp);
        if let Some(w) = weights {
            w.truncate(wp);
        }
        merged
    }

    /// Sorts each row by neighbour, then id.
    pub fn sort_rows(&mut self) {
        self.rebuild(|_, row| row.sort_unstable_by_key(|&(t, e, _)| (t, e)));
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

/// Connected components of nodes `0..n` joined by `pairs`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Partition {
    /// The component of each node; components are numbered in order of
    /// their lowest node.
    pub component: Vec<u32>,
    /// The size of each component.
    pub sizes: Vec<usize>,
}

/// Connected components by union-find (union by size, path halving) over
/// `pairs`; a node in no pair is a component of its own. One pass over the
/// pairs and no adjacency: on the generated 1m graph 9 ms, against 25 ms
/// for a breadth-first search over a CSR built for it.
pub fn components(n: usize, pairs: impl Iterator<Item = (u32, u32)>) -> Partition {
    let mut parent: Vec<u32> = (0..n as u32).collect();
    let mut size: Vec<u32> = vec![1; n];
    fn find(parent: &mut [u32], mut x: u32) -> u32 {
        while parent[x as usize] != x {
            let p = parent[x as usize];
            parent[x as usize] = parent[p as usize];
            x = parent[x as usize];
        }
        x
    }
    for (s, t) in pairs {
        let a = find(&mut parent, s);
        let b = find(&mut parent, t);
        if a != b {
            let (big, small) = if size[a as usize] >= size[b as usize] {
                (a, b)
            } else {
                (b, a)
            };
            parent[small as usize] = big;
            size[big as usize] += size[small as usize];
        }
    }
    // number the roots in order of their lowest node
    let mut number = vec![u32::MAX; n];
    let mut sizes = Vec::new();
    let mut component = vec![0u32; n];
    for v in 0..n as u32 {
        let r = find(&mut parent, v) as usize;
        if number[r] == u32::MAX {
            number[r] = sizes.len() as u32;
            sizes.push(size[r] as usize);
        }
        component[v as usize] = number[r];
    }
    Partition { component, sizes }
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

    #[test]
    fn merging_parallel_entries_keeps_first_occurrence_order() {
        // 0→2, 0→1, 0→2, 0→1, 1→0
        let pairs = [(0, 2, 10), (0, 1, 11), (0, 2, 12), (0, 1, 13), (1, 0, 14)];
        let mut c = Csr::from_pairs(3, Adjacency::Out, pairs.into_iter());
        let mut w = vec![1.0, 2.0, 3.0, 4.0, 5.0];
        assert!(c.merge_parallel(Some(&mut w), |a, b| a + b));
        assert_eq!(c.neighbors(0), [2, 1]);
        assert_eq!(c.edges, [10, 11, 14]);
        assert_eq!(w, [4.0, 6.0, 5.0]);
        assert!(!c.merge_parallel(None, f64::max));
    }

    #[test]
    fn components_are_numbered_by_lowest_node() {
        // {0, 3}, {1}, {2, 4, 5}
        let p = components(6, [(3, 0), (5, 4), (2, 5)].into_iter());
        assert_eq!(p.component, [0, 1, 2, 0, 2, 2]);
        assert_eq!(p.sizes, [2, 1, 3]);
        assert_eq!(components(0, std::iter::empty()), Partition::default());
    }
}
