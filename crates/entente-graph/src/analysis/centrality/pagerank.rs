//! PageRank by sparse power iteration, with `networkx.pagerank`'s semantics.

use super::{ParallelEdges, Scores};
use crate::analysis::csr::{Adjacency, Csr};
use crate::analysis::Direction;
use crate::error::invalid;
use crate::Result;
use crate::{ActorGraph, Relation};
use rayon::prelude::*;

/// Parameters of [`pagerank`]; the defaults are NetworkX's.
#[derive(Debug, Clone, PartialEq)]
pub struct PageRankOptions {
    /// Damping factor (0.85).
    pub alpha: f64,
    /// Stop when the L1 change of an iteration falls below `N · tol` (1e-6).
    pub tol: f64,
    /// At most this many iterations (100).
    pub max_iter: usize,
    /// Use relation weights (else every link weighs 1).
    pub weighted: bool,
    /// Teleport (and dangling) distribution, one value per node, normalised
    /// to sum 1; `None`: uniform.
    pub personalization: Option<Vec<f64>>,
    pub parallel_edges: ParallelEdges,
    /// Directed (default); undirected reads each relation both ways, as
    /// NetworkX's `pagerank` on a `Graph`.
    pub direction: Direction,
}

impl Default for PageRankOptions {
    fn default() -> Self {
        PageRankOptions {
            alpha: 0.85,
            tol: 1e-6,
            max_iter: 100,
            weighted: false,
            personalization: None,
            parallel_edges: ParallelEdges::Collapse,
            direction: Direction::Directed,
        }
    }
}

/// Below this many CSR entries + nodes the power iteration runs on one thread.
const PAR_PAGERANK_MIN: usize = 50_000;

/// PageRank of every actor, with `networkx.pagerank`'s semantics:
/// each out-link of `u` carries `w(u,v) / Σ_out w(u,·)` of `u`'s rank; the rank
/// of dangling nodes (no out-weight) spreads like the personalisation vector
/// (uniform by default); `x ← α (xP + Σ_dangling x · p) + (1 − α) p` from the
/// uniform vector until `‖x − x_prev‖₁ < N · tol`.
pub fn pagerank(g: &ActorGraph, opts: &PageRankOptions) -> Result<Scores> {
    pagerank_filtered(g, opts, |_| true)
}

/// [`pagerank`] on the relations that `keep` accepts (every node kept).
pub fn pagerank_filtered(
    g: &ActorGraph,
    opts: &PageRankOptions,
    keep: impl Fn(&Relation) -> bool,
) -> Result<Scores> {
    let n = g.graph.node_count();
    let params = vec![
        ("alpha", opts.alpha.to_string()),
        ("tol", opts.tol.to_string()),
        ("max_iter", opts.max_iter.to_string()),
        ("weighted", opts.weighted.to_string()),
        ("personalized", opts.personalization.is_some().to_string()),
        (
            "parallel_edges",
            format!("{:?}", opts.parallel_edges).to_lowercase(),
        ),
        ("direction", opts.direction.name().to_owned()),
    ];
    if n == 0 {
        let mut s = Scores::new("pagerank", params, Vec::new());
        s.iterations = Some(0);
        return Ok(s);
    }
    let p: Vec<f64> = match &opts.personalization {
        None => vec![1.0 / n as f64; n],
        Some(v) => {
            if v.len() != n {
                invalid!("personalization has {} values for {} actors", v.len(), n);
            }
            let sum: f64 = v.iter().sum();
            if sum == 0.0 || !sum.is_finite() || v.iter().any(|x| *x < 0.0) {
                invalid!("personalization must be non-negative with a positive sum");
            }
            v.iter().map(|x| x / sum).collect()
        }
    };
    let m = LinkMatrix::build(g, opts.weighted, opts.parallel_edges, opts.direction, keep);
    let (scores, iterations, converged) = power_iteration(&m, &p, opts);
    let mut s = Scores::new("pagerank", params, scores);
    s.iterations = Some(iterations);
    s.converged = converged;
    Ok(s)
}

/// The transposed, row-normalised link matrix: for each node `v` the sources
/// `u` of its in-links with coefficient `w(u,v)/outsum(u)` (unweighted and
/// collapsed: the coefficient is `1/outdeg(u)`, applied per source).
struct LinkMatrix {
    n: usize,
    offsets: Vec<u32>,
    sources: Vec<u32>,
    /// Per entry coefficient; empty when all links of a source are equal
    /// (then `inv_out[u]` is the coefficient).
    coef: Vec<f64>,
    inv_out: Vec<f64>,
    dangling: Vec<u32>,
}

impl LinkMatrix {
    fn build(
        g: &ActorGraph,
        weighted: bool,
        parallel: ParallelEdges,
        direction: Direction,
        keep: impl Fn(&Relation) -> bool,
    ) -> Self {
        let n = g.graph.node_count();
        // in-links per node, in edge order (both ends when undirected)
        let adjacency = match direction {
            Direction::Directed => Adjacency::In,
            Direction::Undirected => Adjacency::Both,
        };
        let mut links = Csr::build(g, adjacency, false, keep);
        let need_weights = weighted || parallel == ParallelEdges::Sum;
        let mut weights: Vec<f64> = if need_weights {
            let raw = g.graph.raw_edges();
            links
                .edges
                .iter()
                .map(|&e| {
                    if weighted {
                        raw[e as usize].weight.weight
                    } else {
                        1.0
                    }
                })
                .collect()
        } else {
            Vec::new()
        };
        let any_parallel =
            links.merge_parallel(
                need_weights.then_some(&mut weights),
                |a, b| match parallel {
                    ParallelEdges::Collapse => a.max(b),
                    ParallelEdges::Sum => a + b,
                },
            );
        let Csr {
            offsets,
            targets: sources,
            ..
        } = links;
        let mut outsum = vec![0.0f64; n];
        if need_weights {
            for (&u, &w) in sources.iter().zip(&weights) {
                outsum[u as usize] += w;
            }
        } else {
            for &u in &sources {
                outsum[u as usize] += 1.0;
            }
        }
        let inv_out: Vec<f64> = outsum
            .iter()
            .map(|&s| if s != 0.0 { 1.0 / s } else { 0.0 })
            .collect();
        let dangling = (0..n as u32)
            .filter(|&u| outsum[u as usize] == 0.0)
            .collect();
        let summed = any_parallel && parallel == ParallelEdges::Sum;
        let uniform = !weighted && !summed;
        let coef = if uniform {
            Vec::new()
        } else {
            sources
                .iter()
                .zip(&weights)
                .map(|(&u, &w)| w * inv_out[u as usize])
                .collect()
        };
        LinkMatrix {
            n,
            offsets,
            sources,
            coef,
            inv_out,
            dangling,
        }
    }
}

fn power_iteration(m: &LinkMatrix, p: &[f64], opts: &PageRankOptions) -> (Vec<f64>, usize, bool) {
    let n = m.n;
    let alpha = opts.alpha;
    let parallel = m.sources.len() + n >= PAR_PAGERANK_MIN && rayon::current_num_threads() > 1;
    let mut x = vec![1.0 / n as f64; n];
    let mut next = vec![0.0f64; n];
    // y[u] = x[u] / outsum(u) when all links of u are equal, else x[u]
    let mut y = vec![0.0f64; n];
    let uniform = m.coef.is_empty();
    const CHUNK: usize = 2048;
    for it in 1..=opts.max_iter {
        let dsum: f64 = m.dangling.iter().map(|&u| x[u as usize]).sum();
        if uniform {
            if parallel {
                y.par_chunks_mut(CHUNK)
                    .zip(x.par_chunks(CHUNK))
                    .enumerate()
                    .for_each(|(c, (yc, xc))| {
                        let base = c * CHUNK;
                        for (i, (yv, xv)) in yc.iter_mut().zip(xc).enumerate() {
                            *yv = xv * m.inv_out[base + i];
                        }
                    });
            } else {
                for ((yv, xv), iv) in y.iter_mut().zip(&x).zip(&m.inv_out) {
                    *yv = xv * iv;
                }
            }
        }
        let src: &[f64] = if uniform { &y } else { &x };
        let row = |v: usize, xv: f64, out: &mut f64| -> f64 {
            let (a, b) = (m.offsets[v] as usize, m.offsets[v + 1] as usize);
            let mut acc = 0.0;
            if uniform {
                for &u in &m.sources[a..b] {
                    acc += src[u as usize];
                }
            } else {
                for (&u, &c) in m.sources[a..b].iter().zip(&m.coef[a..b]) {
                    acc += src[u as usize] * c;
                }
            }
            let nv = alpha * (acc + dsum * p[v]) + (1.0 - alpha) * p[v];
            *out = nv;
            (nv - xv).abs()
        };
        let err: f64 = if parallel {
            next.par_chunks_mut(CHUNK)
                .enumerate()
                .map(|(c, chunk)| {
                    let base = c * CHUNK;
                    chunk
                        .iter_mut()
                        .enumerate()
                        .map(|(i, out)| row(base + i, x[base + i], out))
                        .sum::<f64>()
                })
                .sum()
        } else {
            next.iter_mut()
                .enumerate()
                .map(|(v, out)| row(v, x[v], out))
                .sum()
        };
        std::mem::swap(&mut x, &mut next);
        if err < n as f64 * opts.tol {
            return (x, it, true);
        }
    }
    (x, opts.max_iter, false)
}
