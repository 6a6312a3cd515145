//! Closeness, eigenvector, Katz and degree centrality through rustworkx-core,
//! on a plain copy of the graph (one edge per pair).

use super::{keep_fn, DegreeMode, InfluenceOptions, ParallelEdges, Scores};
use crate::analysis::csr::{Adjacency, Csr};
use crate::analysis::Direction;
use crate::{ActorGraph, Relation};
use petgraph::graph::{DiGraph, NodeIndex, UnGraph};

/// A plain copy of the (filtered) graph for rustworkx-core: one edge per
/// ordered pair (or unordered pair, undirected), weight per [`ParallelEdges`],
/// in order of the pairs' first relation (rustworkx sums over a node's
/// edges in that order).
fn plain_pairs(
    g: &ActorGraph,
    direction: Direction,
    weighted: bool,
    parallel: ParallelEdges,
    keep: &dyn Fn(&Relation) -> bool,
) -> Vec<(u32, u32, f64)> {
    let adjacency = match direction {
        Direction::Directed => Adjacency::Out,
        Direction::Undirected => Adjacency::Both,
    };
    let mut links = Csr::build(g, adjacency, false, keep);
    let raw = g.graph.raw_edges();
    let mut weights: Vec<f64> = links
        .edges
        .iter()
        .map(|&e| {
            if weighted {
                raw[e as usize].weight.weight
            } else {
                1.0
            }
        })
        .collect();
    links.merge_parallel(Some(&mut weights), |a, b| match parallel {
        ParallelEdges::Collapse => a.max(b),
        ParallelEdges::Sum => a + b,
    });
    // (first relation, source, target, weight); undirected, each pair once,
    // from its lower end
    let mut pairs: Vec<(u32, u32, u32, f64)> = Vec::with_capacity(links.entry_count());
    for v in 0..links.node_count() {
        for i in links.range(v) {
            let t = links.targets[i];
            if direction == Direction::Directed || t >= v as u32 {
                pairs.push((links.edges[i], v as u32, t, weights[i]));
            }
        }
    }
    pairs.sort_unstable_by_key(|p| p.0);
    pairs.into_iter().map(|(_, s, t, w)| (s, t, w)).collect()
}

fn plain_digraph(n: usize, pairs: &[(u32, u32, f64)]) -> DiGraph<(), f64> {
    let mut h = DiGraph::with_capacity(n, pairs.len());
    for _ in 0..n {
        h.add_node(());
    }
    for &(s, t, w) in pairs {
        h.add_edge(NodeIndex::new(s as usize), NodeIndex::new(t as usize), w);
    }
    h
}

fn plain_ungraph(n: usize, pairs: &[(u32, u32, f64)]) -> UnGraph<(), f64> {
    let mut h = UnGraph::with_capacity(n, pairs.len());
    for _ in 0..n {
        h.add_node(());
    }
    for &(s, t, w) in pairs {
        h.add_edge(NodeIndex::new(s as usize), NodeIndex::new(t as usize), w);
    }
    h
}

/// Closeness (rustworkx-core `closeness_centrality`: NetworkX's, distances
/// *to* each node in a directed graph, Wasserman–Faust scaling optional).
pub fn closeness(g: &ActorGraph, opts: &InfluenceOptions) -> Scores {
    let n = g.graph.node_count();
    let pairs = plain_pairs(
        g,
        opts.direction,
        false,
        ParallelEdges::Collapse,
        &keep_fn(opts),
    );
    let raw = match opts.direction {
        Direction::Directed => rustworkx_core::centrality::closeness_centrality(
            &plain_digraph(n, &pairs),
            opts.wf_improved,
            50,
        ),
        Direction::Undirected => rustworkx_core::centrality::closeness_centrality(
            &plain_ungraph(n, &pairs),
            opts.wf_improved,
            50,
        ),
    };
    Scores::new(
        "closeness",
        vec![
            ("direction", opts.direction.name().to_owned()),
            ("wf_improved", opts.wf_improved.to_string()),
        ],
        raw.into_iter().map(|x| x.unwrap_or(0.0)).collect(),
    )
}

/// Eigenvector centrality (rustworkx-core, NetworkX's power iteration on
/// in-links; parallel links per [`InfluenceOptions::parallel_edges`]).
/// Not converged (or a graph where it vanishes, such as a DAG): zeros with
/// `converged = false`.
pub fn eigenvector(g: &ActorGraph, opts: &InfluenceOptions) -> Scores {
    let n = g.graph.node_count();
    let pairs = plain_pairs(
        g,
        opts.direction,
        opts.weighted,
        opts.parallel_edges,
        &keep_fn(opts),
    );
    let res: std::result::Result<Option<Vec<f64>>, std::convert::Infallible> = match opts.direction
    {
        Direction::Directed => rustworkx_core::centrality::eigenvector_centrality(
            &plain_digraph(n, &pairs),
            |e| Ok(*e.weight()),
            opts.max_iter,
            opts.tol,
        ),
        Direction::Undirected => rustworkx_core::centrality::eigenvector_centrality(
            &plain_ungraph(n, &pairs),
            |e| Ok(*e.weight()),
            opts.max_iter,
            opts.tol,
        ),
    };
    let out = res.unwrap_or_else(|e| match e {});
    let s = Scores::new(
        "eigenvector",
        vec![
            ("direction", opts.direction.name().to_owned()),
            ("weighted", opts.weighted.to_string()),
            ("max_iter", opts.max_iter.unwrap_or(100).to_string()),
            ("tol", opts.tol.unwrap_or(1e-6).to_string()),
        ],
        Vec::new(),
    );
    s.iterative_result(out, n)
}

/// Katz centrality (rustworkx-core; NetworkX's `katz_centrality`, normalised).
/// Not converged: zeros with `converged = false` (α must be below the inverse
/// of the largest eigenvalue).
pub fn katz(g: &ActorGraph, opts: &InfluenceOptions) -> Scores {
    let n = g.graph.node_count();
    let pairs = plain_pairs(
        g,
        opts.direction,
        opts.weighted,
        opts.parallel_edges,
        &keep_fn(opts),
    );
    let (a, b) = (Some(opts.katz_alpha), Some(opts.katz_beta));
    let res: std::result::Result<Option<Vec<f64>>, std::convert::Infallible> = match opts.direction
    {
        Direction::Directed => rustworkx_core::centrality::katz_centrality(
            &plain_digraph(n, &pairs),
            |e| Ok(*e.weight()),
            a,
            None,
            b,
            opts.max_iter,
            opts.tol,
        ),
        Direction::Undirected => rustworkx_core::centrality::katz_centrality(
            &plain_ungraph(n, &pairs),
            |e| Ok(*e.weight()),
            a,
            None,
            b,
            opts.max_iter,
            opts.tol,
        ),
    };
    let out = res.unwrap_or_else(|e| match e {});
    let s = Scores::new(
        "katz",
        vec![
            ("direction", opts.direction.name().to_owned()),
            ("alpha", opts.katz_alpha.to_string()),
            ("beta", opts.katz_beta.to_string()),
            ("weighted", opts.weighted.to_string()),
        ],
        Vec::new(),
    );
    s.iterative_result(out, n)
}

/// Degree centrality (rustworkx-core: degree / (n − 1), NetworkX's), on
/// distinct neighbours (parallel relations count once).
pub fn degree(g: &ActorGraph, opts: &InfluenceOptions) -> Scores {
    let n = g.graph.node_count();
    let pairs = plain_pairs(
        g,
        opts.direction,
        false,
        ParallelEdges::Collapse,
        &keep_fn(opts),
    );
    let v = match (opts.direction, opts.degree) {
        (Direction::Undirected, _) => {
            rustworkx_core::centrality::degree_centrality(&plain_ungraph(n, &pairs), None)
        }
        (Direction::Directed, DegreeMode::Total) => {
            // rustworkx divides by 2(n−1) for a complete digraph; NetworkX
            // always by n − 1: count in + out ourselves.
            let h = plain_digraph(n, &pairs);
            let norm = if n > 1 { 1.0 / (n - 1) as f64 } else { 1.0 };
            h.node_indices()
                .map(|v| {
                    (h.neighbors_directed(v, petgraph::Direction::Outgoing)
                        .count()
                        + h.neighbors_directed(v, petgraph::Direction::Incoming)
                            .count()) as f64
                        * norm
                })
                .collect()
        }
        (Direction::Directed, DegreeMode::In) => rustworkx_core::centrality::degree_centrality(
            &plain_digraph(n, &pairs),
            Some(petgraph::Direction::Incoming),
        ),
        (Direction::Directed, DegreeMode::Out) => rustworkx_core::centrality::degree_centrality(
            &plain_digraph(n, &pairs),
            Some(petgraph::Direction::Outgoing),
        ),
    };
    Scores::new(
        "degree",
        vec![
            ("direction", opts.direction.name().to_owned()),
            ("degree", format!("{:?}", opts.degree).to_lowercase()),
        ],
        v,
    )
}
