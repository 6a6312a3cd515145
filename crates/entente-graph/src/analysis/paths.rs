//! Chains of relations between actors, and weakly connected components.
//!
//! - [`shortest_path`]: one shortest chain (fewest hops), by bidirectional BFS
//!   straight over the petgraph adjacency (no CSR to build for one query).
//! - [`all_simple_paths`]: every chain without repeated actors up to N hops,
//!   shortest first, pruned by the BFS distance to the target.
//! - [`weakly_connected_components`]: union-find over the edge list.
//!
//! Chains are sequences of actors; a [`Hop`] lists **every** relation that
//! links its two actors in the traversal's sense (parallel edges, two sources
//! claiming the same tie, are one hop with several edges, not two chains). In
//! undirected traversal each [`HopEdge`] says whether it follows its edge
//! forwards (source → target) or backwards.

use super::csr::{self, Adjacency, Csr};
use super::Direction;
use crate::ActorGraph;
use crate::{Table, Value};
use petgraph::graph::{EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;
use petgraph::Direction::{Incoming, Outgoing};
use serde::Serialize;

/// Options of [`shortest_path`] and [`all_simple_paths`].
#[derive(Debug, Clone, PartialEq)]
pub struct PathOptions {
    /// Undirected (default): a hop may follow a relation either way.
    pub direction: Direction,
    /// The longest chain wanted, in hops. `None`: no limit for the shortest
    /// path; [`all_simple_paths`] requires a limit and uses 4 by default.
    pub max_hops: Option<usize>,
    /// At most this many chains from [`all_simple_paths`] (shortest kept).
    pub limit: usize,
}

impl Default for PathOptions {
    fn default() -> Self {
        PathOptions {
            direction: Direction::Undirected,
            max_hops: None,
            limit: 10_000,
        }
    }
}

/// One relation used by a hop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct HopEdge {
    #[serde(serialize_with = "crate::serial::index")]
    pub edge: EdgeIndex,
    /// `true` if the hop goes from the edge's source to its target.
    pub forward: bool,
}

/// One step of a chain: `from` → `to` through one or more relations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hop {
    #[serde(serialize_with = "crate::serial::index")]
    pub from: NodeIndex,
    #[serde(serialize_with = "crate::serial::index")]
    pub to: NodeIndex,
    /// Every relation linking `from` to `to` in the traversal's sense, by edge
    /// index (forward ones first). Never empty.
    pub edges: Vec<HopEdge>,
}

impl Hop {
    /// The first relation of the hop.
    pub fn edge(&self) -> HopEdge {
        self.edges[0]
    }
}

/// A chain of actors, `nodes[0]` the start and the last node the end;
/// `hops.len() == nodes.len() - 1`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Path {
    #[serde(serialize_with = "crate::serial::indices")]
    pub nodes: Vec<NodeIndex>,
    pub hops: Vec<Hop>,
}

impl Path {
    /// Number of hops.
    pub fn len(&self) -> usize {
        self.hops.len()
    }

    pub fn is_empty(&self) -> bool {
        self.hops.is_empty()
    }

    /// One row per relation of each hop: hop number, from, relation, to,
    /// direction, start, end, source. A relation claimed both ways alike
    /// (kind, sign, weight, dates, source: an alliance's or a war's two
    /// sides) is one row, its direction `↔`, not a row each way.
    pub fn table(&self, g: &ActorGraph) -> Table {
        let mut t = Table::new(&[
            "hop",
            "from",
            "relation",
            "to",
            "direction",
            "start",
            "end",
            "source",
        ]);
        for (i, hop) in self.hops.iter().enumerate() {
            // The hop's forward relations and their rows (forward come first).
            let mut forward: Vec<(&crate::Relation, usize)> = Vec::new();
            for he in &hop.edges {
                let r = &g.graph[he.edge];
                if he.forward {
                    forward.push((r, t.rows.len()));
                } else if let Some(&(_, row)) = forward.iter().find(|(f, _)| *f == r) {
                    t.rows[row][4] = "↔".into();
                    continue;
                }
                t.rows.push(vec![
                    (i + 1).into(),
                    g.graph[hop.from].label.clone().into(),
                    r.kind.clone().into(),
                    g.graph[hop.to].label.clone().into(),
                    if he.forward { "→" } else { "←" }.into(),
                    Value::text_or_missing(r.start.clone()),
                    Value::text_or_missing(r.end.clone()),
                    source_name(r).into(),
                ]);
            }
        }
        t
    }

    /// The chain as one sentence, using each hop's first relation:
    /// `Turkey —allied→ Azerbaijan —attacks→ Nagorno-Karabakh (2023-09-19, per X)`;
    /// a hop against its relation reads `A ←backs— B`.
    pub fn sentence(&self, g: &ActorGraph) -> String {
        let mut s = match self.nodes.first() {
            Some(&n) => g.graph[n].label.clone(),
            None => return String::new(),
        };
        for hop in &self.hops {
            let he = hop.edge();
            let r = &g.graph[he.edge];
            let mut notes = Vec::new();
            if let Some(d) = &r.start {
                notes.push(match &r.end {
                    Some(e) if e != d => format!("{d} – {e}"),
                    _ => d.clone(),
                });
            } else if let Some(e) = &r.end {
                notes.push(format!("until {e}"));
            }
            let src = source_name(r);
            if !src.is_empty() {
                notes.push(format!("per {src}"));
            }
            let arrow = if he.forward {
                format!(" —{}→ ", r.kind)
            } else {
                format!(" ←{}— ", r.kind)
            };
            s.push_str(&arrow);
            s.push_str(&g.graph[hop.to].label);
            if !notes.is_empty() {
                s.push_str(&format!(" ({})", notes.join(", ")));
            }
        }
        s
    }
}

fn source_name(r: &crate::Relation) -> String {
    r.source_label
        .clone()
        .or_else(|| r.graph.as_deref().map(|g| crate::local_name(g).to_owned()))
        .unwrap_or_default()
}

/// The relations linking `from` to `to` in the traversal's sense, forward first.
pub fn hop_between(g: &ActorGraph, from: NodeIndex, to: NodeIndex, direction: Direction) -> Hop {
    let mut edges: Vec<HopEdge> = g
        .graph
        .edges_connecting(from, to)
        .map(|e| HopEdge {
            edge: e.id(),
            forward: true,
        })
        .collect();
    if direction == Direction::Undirected && from != to {
        edges.extend(g.graph.edges_connecting(to, from).map(|e| HopEdge {
            edge: e.id(),
            forward: false,
        }));
    }
    edges.sort_by_key(|h| (!h.forward, h.edge));
    Hop { from, to, edges }
}

fn path_of(g: &ActorGraph, nodes: Vec<NodeIndex>, direction: Direction) -> Path {
    let hops = nodes
        .windows(2)
        .map(|w| hop_between(g, w[0], w[1], direction))
        .collect();
    Path { nodes, hops }
}

const NONE: u32 = u32::MAX;

/// One shortest chain from `from` to `to` (fewest hops), or `None` if there is
/// none (within `max_hops`). Bidirectional BFS: expands the smaller frontier
/// one level at a time and stops at the first meeting.
pub fn shortest_path(
    g: &ActorGraph,
    from: NodeIndex,
    to: NodeIndex,
    opts: &PathOptions,
) -> Option<Path> {
    let n = g.graph.node_count();
    if from.index() >= n || to.index() >= n {
        return None;
    }
    if from == to {
        return Some(Path {
            nodes: vec![from],
            hops: Vec::new(),
        });
    }
    let max_hops = opts.max_hops.unwrap_or(usize::MAX);
    let undirected = opts.direction == Direction::Undirected;
    // pred[v]: the node before v on the way from `from`; succ[v]: the node
    // after v on the way to `to`. Self-referencing at the roots.
    let mut pred = vec![NONE; n];
    let mut succ = vec![NONE; n];
    pred[from.index()] = from.index() as u32;
    succ[to.index()] = to.index() as u32;
    let mut ffront = vec![from.index() as u32];
    let mut bfront = vec![to.index() as u32];
    let (mut fdepth, mut bdepth) = (0usize, 0usize);
    let mut next = Vec::new();
    let meet = 'search: loop {
        if ffront.is_empty() || bfront.is_empty() || fdepth + bdepth >= max_hops {
            return None;
        }
        let forward_side = ffront.len() <= bfront.len();
        next.clear();
        if forward_side {
            for &v in &ffront {
                let vn = NodeIndex::new(v as usize);
                let outs = g.graph.neighbors_directed(vn, Outgoing);
                let ins = undirected.then(|| g.graph.neighbors_directed(vn, Incoming));
                for w in outs.chain(ins.into_iter().flatten()) {
                    let wi = w.index();
                    if pred[wi] == NONE {
                        pred[wi] = v;
                        next.push(wi as u32);
                        if succ[wi] != NONE {
                            break 'search wi;
                        }
                    }
                }
            }
            fdepth += 1;
            std::mem::swap(&mut ffront, &mut next);
        } else {
            for &v in &bfront {
                let vn = NodeIndex::new(v as usize);
                let ins = g.graph.neighbors_directed(vn, Incoming);
                let outs = undirected.then(|| g.graph.neighbors_directed(vn, Outgoing));
                for w in ins.chain(outs.into_iter().flatten()) {
                    let wi = w.index();
                    if succ[wi] == NONE {
                        succ[wi] = v;
                        next.push(wi as u32);
                        if pred[wi] != NONE {
                            break 'search wi;
                        }
                    }
                }
            }
            bdepth += 1;
            std::mem::swap(&mut bfront, &mut next);
        }
    };
    let mut nodes = Vec::new();
    let mut v = meet;
    while v != from.index() {
        nodes.push(NodeIndex::new(v));
        v = pred[v] as usize;
    }
    nodes.push(from);
    nodes.reverse();
    let mut v = meet;
    while v != to.index() {
        v = succ[v] as usize;
        nodes.push(NodeIndex::new(v));
    }
    if nodes.len() - 1 > max_hops {
        return None;
    }
    Some(path_of(g, nodes, opts.direction))
}

/// Every simple chain (no actor twice) from `from` to `to` of at most
/// `opts.max_hops` hops (4 if unset), shortest first then by node indices;
/// at most `opts.limit` of them. Parallel relations do not multiply chains
/// (see [`Hop::edges`]). See [`simple_paths`] to know whether there were
/// more.
pub fn all_simple_paths(
    g: &ActorGraph,
    from: NodeIndex,
    to: NodeIndex,
    opts: &PathOptions,
) -> Vec<Path> {
    simple_paths(g, from, to, opts).paths
}

/// The first chains of [`simple_paths`], and whether more were left out.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Chains {
    pub paths: Vec<Path>,
    /// True when the search stopped at `opts.limit` with chains left.
    pub more: bool,
}

/// The first `opts.limit` simple chains, shortest first then by node
/// indices, found by deepening one hop at a time and stopping at the limit:
/// the work and memory are bounded by the chains kept, not by all chains
/// (millions within 8 hops of a dense graph).
pub fn simple_paths(g: &ActorGraph, from: NodeIndex, to: NodeIndex, opts: &PathOptions) -> Chains {
    let none = Chains {
        paths: Vec::new(),
        more: false,
    };
    let n = g.graph.node_count();
    if from.index() >= n || to.index() >= n {
        return none;
    }
    if from == to {
        return Chains {
            paths: vec![Path {
                nodes: vec![from],
                hops: Vec::new(),
            }],
            more: false,
        };
    }
    let max_hops = opts.max_hops.unwrap_or(4);
    let (fwd, back) = match opts.direction {
        Direction::Directed => (Adjacency::Out, Adjacency::In),
        Direction::Undirected => (Adjacency::Both, Adjacency::Both),
    };
    let mut adj = Csr::build(g, fwd, true, |_| true);
    // Neighbours in index order: each depth's chains come out sorted, so
    // the search can stop at the limit.
    adj.sort_rows();
    let radj = if fwd == back {
        None
    } else {
        Some(Csr::build(g, back, true, |_| true))
    };
    let radj = radj.as_ref().unwrap_or(&adj);
    // distance to `to`, up to max_hops, for pruning
    let mut dist = vec![u32::MAX; n];
    dist[to.index()] = 0;
    let mut front = vec![to.index() as u32];
    let mut d = 0u32;
    while !front.is_empty() && (d as usize) < max_hops {
        d += 1;
        let mut next = Vec::new();
        for &v in &front {
            for &w in radj.neighbors(v as usize) {
                if dist[w as usize] == u32::MAX {
                    dist[w as usize] = d;
                    next.push(w);
                }
            }
        }
        front = next;
    }
    if dist[from.index()] as usize > max_hops {
        return none;
    }
    let mut found: Vec<Vec<u32>> = Vec::new();
    let mut more = false;
    let mut on_path = vec![false; n];
    'depths: for hops in dist[from.index()] as usize..=max_hops {
        let mut stack: Vec<u32> = vec![from.index() as u32];
        on_path[from.index()] = true;
        // iterative DFS: positions into each stacked node's row
        let mut cursor: Vec<usize> = vec![adj.range(from.index()).start];
        while let Some(&v) = stack.last() {
            let depth = stack.len() - 1; // hops so far
            let end = adj.range(v as usize).end;
            let c = cursor.last_mut().expect("cursor per stacked node");
            if *c >= end {
                stack.pop();
                cursor.pop();
                on_path[v as usize] = false;
                continue;
            }
            let w = adj.targets[*c];
            *c += 1;
            let wi = w as usize;
            if on_path[wi] || dist[wi] == u32::MAX || depth + 1 + dist[wi] as usize > hops {
                continue;
            }
            if wi == to.index() {
                // A chain reaches `to` once, at exactly this depth's length.
                if depth + 1 == hops {
                    if found.len() == opts.limit {
                        more = true;
                        for &s in &stack {
                            on_path[s as usize] = false;
                        }
                        break 'depths;
                    }
                    let mut p = stack.clone();
                    p.push(w);
                    found.push(p);
                }
                continue;
            }
            stack.push(w);
            cursor.push(adj.range(wi).start);
            on_path[wi] = true;
        }
    }
    Chains {
        paths: found
            .into_iter()
            .map(|p| {
                path_of(
                    g,
                    p.into_iter().map(|v| NodeIndex::new(v as usize)).collect(),
                    opts.direction,
                )
            })
            .collect(),
        more,
    }
}

/// Weakly connected components.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Components {
    /// The component of each node (by node index). Components are numbered by
    /// decreasing size, ties by their smallest node.
    pub component: Vec<u32>,
    /// The size of each component.
    pub sizes: Vec<usize>,
}

impl Components {
    pub fn count(&self) -> usize {
        self.sizes.len()
    }

    /// The size of the largest component (0 for an empty graph).
    pub fn largest(&self) -> usize {
        self.sizes.first().copied().unwrap_or(0)
    }

    /// The nodes of component `c`, by index.
    pub fn members(&self, c: usize) -> Vec<NodeIndex> {
        self.component
            .iter()
            .enumerate()
            .filter(|&(_, &k)| k as usize == c)
            .map(|(i, _)| NodeIndex::new(i))
            .collect()
    }

    /// One row per component: number, size, up to 5 member labels.
    pub fn table(&self, g: &ActorGraph) -> Table {
        let mut t = Table::new(&["component", "actors", "examples"]);
        let mut examples: Vec<Vec<String>> = vec![Vec::new(); self.sizes.len()];
        for (i, &c) in self.component.iter().enumerate() {
            let ex = &mut examples[c as usize];
            if ex.len() < 5 {
                ex.push(g.graph[NodeIndex::new(i)].label.clone());
            }
        }
        for (c, size) in self.sizes.iter().enumerate() {
            t.rows.push(vec![
                c.into(),
                (*size).into(),
                examples[c].join(", ").into(),
            ]);
        }
        t
    }
}

/// Weakly connected components: [`csr::components`] over the relations,
/// renumbered by size.
pub fn weakly_connected_components(g: &ActorGraph) -> Components {
    let found = csr::components(
        g.graph.node_count(),
        g.graph
            .raw_edges()
            .iter()
            .map(|e| (e.source().index() as u32, e.target().index() as u32)),
    );
    // by decreasing size, ties by their smallest node (the search numbers
    // them by smallest node; the sort is stable)
    let mut order: Vec<u32> = (0..found.sizes.len() as u32).collect();
    order.sort_by_key(|&k| std::cmp::Reverse(found.sizes[k as usize]));
    let mut rank = vec![0u32; order.len()];
    for (i, &k) in order.iter().enumerate() {
        rank[k as usize] = i as u32;
    }
    Components {
        component: found.component.iter().map(|&c| rank[c as usize]).collect(),
        sizes: order.iter().map(|&k| found.sizes[k as usize]).collect(),
    }
}
