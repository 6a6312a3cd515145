//! Who matters: PageRank, betweenness, closeness, eigenvector, Katz and degree.
//!
//! Every metric returns [`Scores`]: one value per node (by node index), the
//! metric's name and parameters, and whether an iterative method converged.
//!
//! - [`pagerank`]: sparse power iteration with `networkx.pagerank`'s semantics
//!   (see [`PageRankOptions`]), pull-based over an in-edge CSR, parallel with
//!   rayon on large graphs.
//! - [`betweenness`]: Brandes' algorithm on a CSR, parallel over sources, exact
//!   or on sampled sources ([`Sources`]), normalised as `networkx` 3.6 does.
//! - [`closeness`], [`eigenvector`], [`katz`], [`degree`]: rustworkx-core 0.18
//!   on a plain copy of the graph (parallel edges collapsed, see
//!   [`ParallelEdges`]).
//!
//! `--signed-positive-only` is [`InfluenceOptions::positive_only`] (or
//! [`super::positive_only`] on the graph first): the metric is computed on the
//! subgraph of relations with sign > 0, every actor kept.

use super::csr::{Adjacency, Csr};
use super::pyrandom::PyRandom;
use super::Direction;
use crate::error::invalid;
use crate::Result;
use crate::Table;
use crate::{ActorGraph, Relation};
use petgraph::graph::{DiGraph, NodeIndex, UnGraph};
use rayon::prelude::*;
use std::collections::HashMap;

/// Scores of one metric, one per node.
#[derive(Debug, Clone, PartialEq)]
pub struct Scores {
    /// `pagerank`, `betweenness`, `closeness`, `eigenvector`, `katz`, `degree`.
    pub metric: String,
    /// The parameters used, as name/value pairs to print.
    pub params: Vec<(String, String)>,
    /// The score of node `i` at index `i`.
    pub scores: Vec<f64>,
    /// Iterations run (iterative methods).
    pub iterations: Option<usize>,
    /// `false` if an iterative method hit its iteration limit (the scores are
    /// then the last iterate; NetworkX would raise).
    pub converged: bool,
}

impl Scores {
    /// The scores of an iterative method, or zeros marked not converged.
    fn iterative_result(mut self, scores: Option<Vec<f64>>, n: usize) -> Self {
        match scores {
            Some(v) => self.scores = v,
            None => {
                self.scores = vec![0.0; n];
                self.converged = false;
            }
        }
        self
    }

    fn new(metric: &str, params: Vec<(&str, String)>, scores: Vec<f64>) -> Self {
        Scores {
            metric: metric.to_owned(),
            params: params.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(),
            scores,
            iterations: None,
            converged: true,
        }
    }

    /// The `k` best nodes, highest score first (ties by node index).
    pub fn top(&self, k: usize) -> Vec<(NodeIndex, f64)> {
        let mut idx: Vec<usize> = (0..self.scores.len()).collect();
        let key = |i: &usize| self.scores[*i];
        let cmp = |a: &usize, b: &usize| key(b).total_cmp(&key(a)).then(a.cmp(b));
        if k < idx.len() {
            idx.select_nth_unstable_by(k, cmp);
            idx.truncate(k);
        }
        idx.sort_by(cmp);
        idx.into_iter()
            .map(|i| (NodeIndex::new(i), self.scores[i]))
            .collect()
    }

    /// The `k` best as rows: rank, actor, score, IRI.
    pub fn table(&self, g: &ActorGraph, k: usize) -> Table {
        let mut t = Table::new(&["rank", "actor", &self.metric, "iri"]);
        for (r, (n, s)) in self.top(k).into_iter().enumerate() {
            let a = &g.graph[n];
            t.rows.push(vec![
                (r + 1).into(),
                a.label.clone().into(),
                s.into(),
                a.iri.clone().into(),
            ]);
        }
        t
    }
}

/// A score with six significant digits (`0.0431`, `3.217e-5`).
pub use crate::table::format_number as format_score;

/// How parallel relations between the same ordered pair count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ParallelEdges {
    /// One link per ordered pair, of the largest weight among its relations
    /// (two sources claiming one tie do not make it twice as strong): the
    /// semantics of a NetworkX `DiGraph` built from the edge list.
    #[default]
    Collapse,
    /// Each relation counts, weights summed: NetworkX's `MultiDiGraph`.
    Sum,
}

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
        ("direction", format!("{:?}", opts.direction).to_lowercase()),
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
        let undirected = direction == Direction::Undirected;
        let raw = g.graph.raw_edges();
        let kept: Vec<bool> = raw.iter().map(|e| keep(&e.weight)).collect();
        // in-links per node, in edge order (both ends when undirected)
        let mut offsets = vec![0u32; n + 1];
        for (e, _) in raw.iter().zip(&kept).filter(|x| *x.1) {
            let (s, t) = (e.source().index(), e.target().index());
            offsets[t + 1] += 1;
            if undirected && s != t {
                offsets[s + 1] += 1;
            }
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        let m = offsets[n] as usize;
        let need_weights = weighted || parallel == ParallelEdges::Sum;
        let mut sources = vec![0u32; m];
        let mut weights: Vec<f64> = if need_weights {
            vec![0.0; m]
        } else {
            Vec::new()
        };
        let mut next: Vec<u32> = offsets[..n].to_vec();
        for (e, _) in raw.iter().zip(&kept).filter(|x| *x.1) {
            let (s, t) = (e.source().index(), e.target().index());
            let w = if weighted { e.weight.weight } else { 1.0 };
            let mut put = |row: usize, from: usize| {
                let p = next[row] as usize;
                next[row] += 1;
                sources[p] = from as u32;
                if need_weights {
                    weights[p] = w;
                }
            };
            put(t, s);
            if undirected && s != t {
                put(s, t);
            }
        }
        // merge parallel links in place: mark[u] = position of u's entry
        // in the row being compacted (positions only grow, so a mark from an
        // earlier row is below the row's start)
        let mut mark = vec![u32::MAX; n];
        let mut any_parallel = false;
        let mut wp = 0usize;
        let mut start_old = 0usize;
        for v in 0..n {
            let end_old = offsets[v + 1] as usize;
            let start = wp;
            for i in start_old..end_old {
                let u = sources[i] as usize;
                let mk = mark[u];
                if mk != u32::MAX && mk as usize >= start {
                    any_parallel = true;
                    if need_weights {
                        let w = weights[i];
                        let slot = &mut weights[mk as usize];
                        *slot = match parallel {
                            ParallelEdges::Collapse => slot.max(w),
                            ParallelEdges::Sum => *slot + w,
                        };
                    }
                } else {
                    sources[wp] = u as u32;
                    if need_weights {
                        weights[wp] = weights[i];
                    }
                    mark[u] = wp as u32;
                    wp += 1;
                }
            }
            start_old = end_old;
            offsets[v + 1] = wp as u32;
        }
        sources.truncate(wp);
        weights.truncate(wp);
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

/// Which sources Brandes' accumulation runs from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Sources {
    /// Every node: exact betweenness.
    #[default]
    All,
    /// `k` sources drawn as Python's `random.Random(seed).sample(range(n), k)`
    /// draws them: the sample NetworkX's `betweenness_centrality(k, seed=seed)`
    /// uses on a graph whose nodes are `0..n` in order.
    Sample { k: usize, seed: u64 },
    /// These sources, each once (subset betweenness, rescaled as a sample).
    Nodes(Vec<NodeIndex>),
}

/// Parameters of [`betweenness`].
#[derive(Debug, Clone, PartialEq)]
pub struct BetweennessOptions {
    /// Directed (default, as NetworkX on a `DiGraph`) or undirected paths.
    pub direction: Direction,
    /// Normalise as NetworkX 3.6 (`endpoints=False`): by `1/((n−1)(n−2))`
    /// exactly, and by its sampled estimator with sources.
    pub normalized: bool,
    pub sources: Sources,
}

impl Default for BetweennessOptions {
    fn default() -> Self {
        BetweennessOptions {
            direction: Direction::Directed,
            normalized: true,
            sources: Sources::All,
        }
    }
}

/// Shortest-path betweenness (Brandes 2001) over unweighted paths; parallel
/// relations count as one link (NetworkX `DiGraph` semantics). Parallel over
/// sources with rayon; per-thread work arrays, no predecessor lists (the
/// dependency of `v` is pulled from its successors one level further).
pub fn betweenness(g: &ActorGraph, opts: &BetweennessOptions) -> Scores {
    betweenness_filtered(g, opts, |_| true)
}

/// [`betweenness`] on the relations that `keep` accepts.
pub fn betweenness_filtered(
    g: &ActorGraph,
    opts: &BetweennessOptions,
    keep: impl Fn(&Relation) -> bool,
) -> Scores {
    let adjacency = match opts.direction {
        Direction::Directed => Adjacency::Out,
        Direction::Undirected => Adjacency::Both,
    };
    let csr = Csr::build(g, adjacency, true, keep);
    let n = csr.node_count();
    let sources: Option<Vec<u32>> = match &opts.sources {
        Sources::All => None,
        Sources::Sample { k, seed } => Some(
            PyRandom::new(*seed)
                .sample_range(n, (*k).min(n))
                .into_iter()
                .map(|v| v as u32)
                .collect(),
        ),
        Sources::Nodes(v) => {
            let mut s: Vec<u32> = v
                .iter()
                .filter(|x| x.index() < n)
                .map(|x| x.index() as u32)
                .collect();
            s.sort_unstable();
            s.dedup();
            Some(s)
        }
    };
    let mut bc = match &sources {
        None => brandes(&csr, &(0..n as u32).collect::<Vec<_>>()),
        Some(s) => brandes(&csr, s),
    };
    if sources.as_ref().is_some_and(|s| s.is_empty()) {
        // no source, no path: zeros (NetworkX would divide by zero)
    } else {
        rescale(
            &mut bc,
            opts.normalized,
            opts.direction == Direction::Directed,
            sources.as_deref(),
        );
    }
    let mut params = vec![
        ("direction", format!("{:?}", opts.direction).to_lowercase()),
        ("normalized", opts.normalized.to_string()),
    ];
    match &opts.sources {
        Sources::All => params.push(("sources", "all".to_owned())),
        Sources::Sample { k, seed } => {
            params.push(("k", k.to_string()));
            params.push(("seed", seed.to_string()));
        }
        Sources::Nodes(v) => params.push(("sources", v.len().to_string())),
    }
    Scores::new("betweenness", params, bc)
}

/// NetworkX 3.6 `_rescale` with `endpoints=False`.
fn rescale(bc: &mut [f64], normalized: bool, directed: bool, sampled: Option<&[u32]>) {
    let n = bc.len();
    if n < 3 {
        return;
    }
    let nn = (n - 1) as f64; // N: pairs (s, t) with t != v
    let correction = if directed { 1.0 } else { 2.0 };
    match sampled {
        None => {
            let scale = if normalized {
                1.0 / (nn * (nn - 1.0))
            } else {
                1.0 / correction
            };
            if scale != 1.0 {
                bc.iter_mut().for_each(|x| *x *= scale);
            }
        }
        Some(src) => {
            let k = src.len() as f64;
            let (s_src, s_non) = if normalized {
                (
                    if k > 1.0 {
                        1.0 / ((k - 1.0) * (nn - 1.0))
                    } else {
                        f64::NAN
                    },
                    1.0 / (k * (nn - 1.0)),
                )
            } else {
                (
                    if k > 1.0 {
                        nn / ((k - 1.0) * correction)
                    } else {
                        f64::NAN
                    },
                    nn / (k * correction),
                )
            };
            let mut is_src = vec![false; n];
            for &s in src {
                is_src[s as usize] = true;
            }
            for (v, x) in bc.iter_mut().enumerate() {
                *x *= if is_src[v] { s_src } else { s_non };
            }
        }
    }
}

const UNSEEN: u32 = u32::MAX;

/// Per-node state of one single-source pass, 16 bytes, so that the random
/// access to a neighbour touches one cache line and more of them fit in L1/L2.
#[derive(Clone, Copy)]
struct NodeState {
    dist: u32,
    /// σ (shortest paths from the source) during the forward pass and until
    /// the node's dependency δ is known; then (1 + δ) / σ, what its
    /// predecessors pull.
    val: f64,
}

const FRESH: NodeState = NodeState {
    dist: UNSEEN,
    val: 0.0,
};

/// Adjacency for Brandes: CSR rows padded to a multiple of [`LANES`] with a
/// sentinel node `n` whose state (distance 0, σ 0) is never fresh and never
/// on a next level, so the inner loops run whole groups of `LANES` entries
/// without a data-dependent exit per entry.
struct Padded {
    offsets: Vec<u32>,
    targets: Vec<u32>,
}

const LANES: usize = 4;

impl Padded {
    /// Rows of `csr` renumbered by `new_id` (old → new).
    fn new(csr: &Csr, new_id: &[u32]) -> Self {
        let n = csr.node_count();
        let mut old_of = vec![0u32; n];
        for (old, &new) in new_id.iter().enumerate() {
            old_of[new as usize] = old as u32;
        }
        let mut offsets = Vec::with_capacity(n + 1);
        let mut targets = Vec::with_capacity(csr.entry_count() + 2 * n);
        offsets.push(0u32);
        for &old in &old_of {
            let start = targets.len();
            targets.extend(
                csr.neighbors(old as usize)
                    .iter()
                    .map(|&w| new_id[w as usize]),
            );
            targets[start..].sort_unstable();
            while targets.len() % LANES != 0 {
                targets.push(n as u32);
            }
            offsets.push(targets.len() as u32);
        }
        Padded { offsets, targets }
    }

    #[inline(always)]
    fn row(&self, v: usize) -> &[u32] {
        &self.targets[self.offsets[v] as usize..self.offsets[v + 1] as usize]
    }
}

struct Brandes {
    /// n + 1 states, the last the padding sentinel
    state: Vec<NodeState>,
    /// BFS order (the queue): the first `len` entries of a buffer of n + 1
    order: Vec<u32>,
    bc: Vec<f64>,
    /// correction walks of folded sources: shortest-path counts to the
    /// folded source, the walk's queue, and visit marks
    cnt: Vec<f64>,
    walk: Vec<u32>,
    mark: Vec<u32>,
    epoch: u32,
}

/// One pass of Brandes' algorithm: from `source`, counting for `weight`
/// sources (itself if it is one, plus the `folded` ones).
struct Pass<'a> {
    source: u32,
    /// 1 if `source` is itself a source, else 0
    itself: f64,
    /// sources whose only out-neighbour is `source`
    folded: &'a [u32],
}

impl Brandes {
    fn new(n: usize) -> Self {
        let mut state = vec![FRESH; n + 1];
        state[n] = NodeState { dist: 0, val: 0.0 };
        Brandes {
            state,
            order: vec![0; n + 1],
            bc: vec![0.0; n],
            cnt: vec![0.0; n],
            walk: Vec::new(),
            mark: vec![0; n],
            epoch: 0,
        }
    }

    fn run(&mut self, adj: &Padded, radj: &Csr, pass: &Pass) {
        let s = pass.source;
        if adj.row(s as usize).is_empty() {
            // reaches no one: no dependency (nor for a source folded into
            // it, whose only target is s)
            return;
        }
        let Brandes {
            state,
            order,
            bc,
            cnt,
            walk,
            mark,
            epoch,
        } = self;
        state[s as usize] = NodeState { dist: 0, val: 1.0 };
        order[0] = s;
        let mut len = 1usize;
        let mut head = 0;
        // Forward: distances and path counts. Branch-free per neighbour: the
        // queue slot is written always and kept only for a new node; σ grows
        // only along shortest-path edges (unseen nodes have σ = 0).
        while head < len {
            let v = order[head] as usize;
            head += 1;
            let NodeState { dist, val: sv } = state[v];
            let dv = dist + 1;
            for group in adj.row(v).chunks_exact(LANES) {
                for &w in group {
                    let st = &mut state[w as usize];
                    let fresh = st.dist == UNSEEN;
                    let d = if fresh { dv } else { st.dist };
                    st.dist = d;
                    st.val += if d == dv { sv } else { 0.0 };
                    order[len] = w;
                    len += fresh as usize;
                }
            }
        }
        // Folded sources u (u's only out-neighbour is s): u's shortest paths
        // are u→s then s's, so δ_u(x) = δ_s(x) − σ_su(x)/σ_su for x ∉ {u, s}
        // (the second term: s's paths to the target u, absent from u's own
        // pass), and δ_u(s) counts the targets s reaches except s and u.
        // The s pass below adds weight · δ_s; here the rest, while σ is known.
        let mut folded_sigma: Vec<(u32, f64)> = Vec::new();
        for &u in pass.folded {
            let su = state[u as usize];
            let reached = su.dist != UNSEEN;
            bc[s as usize] += (len - 1 - reached as usize) as f64;
            if !reached {
                continue;
            }
            folded_sigma.push((u, su.val));
            // σ_{x→u} for x on shortest s→u paths, level by level from u
            *epoch = epoch.wrapping_add(1);
            if *epoch == 0 {
                mark.iter_mut().for_each(|m| *m = 0);
                *epoch = 1;
            }
            walk.clear();
            walk.push(u);
            mark[u as usize] = *epoch;
            cnt[u as usize] = 1.0;
            let mut i = 0;
            while i < walk.len() {
                let x = walk[i] as usize;
                i += 1;
                let dx = state[x].dist;
                if dx == 0 {
                    continue;
                }
                for &y in radj.neighbors(x) {
                    if state[y as usize].dist == dx - 1 {
                        if mark[y as usize] != *epoch {
                            mark[y as usize] = *epoch;
                            cnt[y as usize] = 0.0;
                            walk.push(y);
                        }
                        cnt[y as usize] += cnt[x];
                    }
                }
            }
            for &y in &walk[1..] {
                if y != s {
                    bc[y as usize] -= state[y as usize].val * cnt[y as usize] / su.val;
                }
            }
        }
        let weight = pass.itself + pass.folded.len() as f64;
        // Dependencies, farthest first, pulled from the next level; the
        // farthest level has no successor, its δ is 0.
        let far = state[order[len - 1] as usize].dist;
        let mut i = len;
        while i > 1 && state[order[i - 1] as usize].dist == far {
            i -= 1;
            let st = &mut state[order[i] as usize];
            st.val = 1.0 / st.val;
        }
        for &v in order[1..i].iter().rev() {
            let v = v as usize;
            let dv = state[v].dist + 1;
            let mut acc = 0.0;
            for group in adj.row(v).chunks_exact(LANES) {
                for &w in group {
                    let st = state[w as usize];
                    acc += if st.dist == dv { st.val } else { 0.0 };
                }
            }
            let sv = state[v].val;
            let delta = sv * acc;
            bc[v] += weight * delta;
            state[v].val = (1.0 + delta) / sv;
        }
        // a folded source is no intermediate of its own paths: δ_u(u) = 0
        for &(u, sigma) in &folded_sigma {
            let delta = state[u as usize].val * sigma - 1.0;
            bc[u as usize] -= delta;
        }
        for &v in &order[..len] {
            state[v as usize] = FRESH;
        }
    }
}

/// Raw (unscaled) Brandes dependencies summed over `sources`.
fn brandes(csr: &Csr, sources: &[u32]) -> Vec<f64> {
    let n = csr.node_count();
    if n == 0 || sources.is_empty() {
        return vec![0.0; n];
    }
    // Renumber by decreasing degree (in + out): the hubs' states share a
    // few cache lines.
    let mut deg = vec![0u32; n];
    for v in 0..n {
        deg[v] += csr.degree(v) as u32;
        for &w in csr.neighbors(v) {
            deg[w as usize] += 1;
        }
    }
    let mut by_deg: Vec<u32> = (0..n as u32).collect();
    by_deg.sort_by_key(|&v| (std::cmp::Reverse(deg[v as usize]), v));
    let mut new_id = vec![0u32; n];
    for (new, &old) in by_deg.iter().enumerate() {
        new_id[old as usize] = new as u32;
    }
    let adj = Padded::new(csr, &new_id);
    let adj = &adj;
    // in-adjacency in new ids, for the folded sources' correction walks
    let radj = {
        let mut offsets = vec![0u32; n + 1];
        for v in 0..n {
            for &w in csr.neighbors(v) {
                offsets[new_id[w as usize] as usize + 1] += 1;
            }
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        let mut next = offsets[..n].to_vec();
        let mut targets = vec![0u32; offsets[n] as usize];
        for v in 0..n {
            for &w in csr.neighbors(v) {
                let t = new_id[w as usize] as usize;
                targets[next[t] as usize] = new_id[v];
                next[t] += 1;
            }
        }
        let m = targets.len();
        Csr {
            offsets,
            targets,
            edges: vec![0; m],
            forward: vec![true; m],
        }
    };
    let radj = &radj;
    // Passes: a source whose only out-neighbour v is no such source itself
    // rides on v's pass.
    let mut is_source = vec![false; n];
    for &s in sources {
        is_source[new_id[s as usize] as usize] = true;
    }
    let single = |v: usize| -> Option<u32> {
        match adj.row(v) {
            [w, rest @ ..] if *w as usize != v && rest.iter().all(|&x| x as usize == n) => Some(*w),
            _ => None,
        }
    };
    let mut folded_into: Vec<Vec<u32>> = vec![Vec::new(); n];
    let mut runs: Vec<u32> = Vec::new();
    for v in (0..n).filter(|&v| is_source[v]) {
        match single(v) {
            Some(w) if single(w as usize).is_none() => folded_into[w as usize].push(v as u32),
            _ => runs.push(v as u32),
        }
    }
    for (v, f) in folded_into.iter().enumerate() {
        if !f.is_empty() && !is_source[v] {
            runs.push(v as u32);
        }
    }
    let pass_of = |v: u32| Pass {
        source: v,
        itself: if is_source[v as usize] { 1.0 } else { 0.0 },
        folded: &folded_into[v as usize],
    };
    let back = |bc: Vec<f64>| -> Vec<f64> { new_id.iter().map(|&k| bc[k as usize]).collect() };
    let threads = rayon::current_num_threads();
    if threads == 1 || runs.len() < 16 || csr.entry_count() < 256 {
        let mut b = Brandes::new(n);
        for &v in &runs {
            b.run(adj, radj, &pass_of(v));
        }
        return back(b.bc);
    }
    // Chunks small enough to balance the load, large enough that each
    // work-array allocation is amortised.
    let chunk = runs.len().div_ceil(threads * 16).max(1);
    let bc = runs
        .par_chunks(chunk)
        .fold(
            || None::<Brandes>,
            |ws, chunk| {
                let mut b = ws.unwrap_or_else(|| Brandes::new(n));
                for &v in chunk {
                    b.run(adj, radj, &pass_of(v));
                }
                Some(b)
            },
        )
        .map(|b| b.map(|b| b.bc).unwrap_or_else(|| vec![0.0; n]))
        .reduce(
            || vec![0.0; n],
            |mut a, b| {
                for (x, y) in a.iter_mut().zip(&b) {
                    *x += y;
                }
                a
            },
        );
    back(bc)
}

/// A plain copy of the (filtered) graph for rustworkx-core: one edge per
/// ordered pair (or unordered pair, undirected), weight per [`ParallelEdges`].
fn plain_pairs(
    g: &ActorGraph,
    direction: Direction,
    weighted: bool,
    parallel: ParallelEdges,
    keep: &dyn Fn(&Relation) -> bool,
) -> Vec<(u32, u32, f64)> {
    let mut pairs: HashMap<(u32, u32), f64> = HashMap::new();
    let mut order: Vec<(u32, u32)> = Vec::new();
    for e in g.graph.raw_edges() {
        if !keep(&e.weight) {
            continue;
        }
        let (mut s, mut t) = (e.source().index() as u32, e.target().index() as u32);
        if direction == Direction::Undirected && s > t {
            std::mem::swap(&mut s, &mut t);
        }
        let w = if weighted { e.weight.weight } else { 1.0 };
        pairs
            .entry((s, t))
            .and_modify(|x| {
                *x = match parallel {
                    ParallelEdges::Collapse => x.max(w),
                    ParallelEdges::Sum => *x + w,
                }
            })
            .or_insert_with(|| {
                order.push((s, t));
                w
            });
    }
    order
        .into_iter()
        .map(|(s, t)| (s, t, pairs[&(s, t)]))
        .collect()
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

/// Options shared by the rustworkx-backed metrics and [`influence`].
#[derive(Debug, Clone, PartialEq)]
pub struct InfluenceOptions {
    /// Compute on relations with sign > 0 only.
    pub positive_only: bool,
    /// Directed (default) or undirected reading of relations. PageRank is
    /// always directed.
    pub direction: Direction,
    /// Use relation weights (PageRank, eigenvector, Katz).
    pub weighted: bool,
    pub parallel_edges: ParallelEdges,
    /// PageRank's parameters (its `weighted`/`parallel_edges` are overridden
    /// by the fields above).
    pub pagerank: PageRankOptions,
    /// Betweenness sources (exact by default).
    pub sources: Sources,
    /// Closeness: scale by the reachable fraction (Wasserman–Faust), as NetworkX's default.
    pub wf_improved: bool,
    /// Eigenvector/Katz iteration limit and tolerance (NetworkX's: 100 /
    /// 1000 iterations, 1e-6).
    pub max_iter: Option<usize>,
    pub tol: Option<f64>,
    /// Katz attenuation (0.1) and constant term (1.0).
    pub katz_alpha: f64,
    pub katz_beta: f64,
    /// Degree: which degree (total by default).
    pub degree: DegreeMode,
}

impl Default for InfluenceOptions {
    fn default() -> Self {
        InfluenceOptions {
            positive_only: false,
            direction: Direction::Directed,
            weighted: false,
            parallel_edges: ParallelEdges::Collapse,
            pagerank: PageRankOptions::default(),
            sources: Sources::All,
            wf_improved: true,
            max_iter: None,
            tol: None,
            katz_alpha: 0.1,
            katz_beta: 1.0,
            degree: DegreeMode::Total,
        }
    }
}

/// Which degree [`degree`] counts (directed graphs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DegreeMode {
    #[default]
    Total,
    In,
    Out,
}

/// The metrics of `entente influence`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    PageRank,
    Betweenness,
    Closeness,
    Eigenvector,
    Katz,
    Degree,
}

impl std::str::FromStr for Metric {
    type Err = crate::Error;
    fn from_str(s: &str) -> Result<Self> {
        Ok(match s.to_ascii_lowercase().as_str() {
            "pagerank" => Metric::PageRank,
            "betweenness" => Metric::Betweenness,
            "closeness" => Metric::Closeness,
            "eigenvector" => Metric::Eigenvector,
            "katz" => Metric::Katz,
            "degree" => Metric::Degree,
            _ => invalid!(
                "unknown metric {s:?} (pagerank, betweenness, closeness, eigenvector, katz, degree)"
            ),
        })
    }
}

fn keep_fn(positive_only: bool) -> impl Fn(&Relation) -> bool {
    move |r: &Relation| !positive_only || r.sign > 0
}

/// One metric with shared options: the body of `entente influence`.
pub fn influence(g: &ActorGraph, metric: Metric, opts: &InfluenceOptions) -> Result<Scores> {
    let keep = keep_fn(opts.positive_only);
    let mut s = match metric {
        Metric::PageRank => {
            let po = PageRankOptions {
                weighted: opts.weighted,
                parallel_edges: opts.parallel_edges,
                ..opts.pagerank.clone()
            };
            pagerank_filtered(g, &po, keep)?
        }
        Metric::Betweenness => betweenness_filtered(
            g,
            &BetweennessOptions {
                direction: opts.direction,
                normalized: true,
                sources: opts.sources.clone(),
            },
            keep,
        ),
        Metric::Closeness => closeness(g, opts),
        Metric::Eigenvector => eigenvector(g, opts),
        Metric::Katz => katz(g, opts),
        Metric::Degree => degree(g, opts),
    };
    s.params
        .push(("positive_only".into(), opts.positive_only.to_string()));
    Ok(s)
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
        &keep_fn(opts.positive_only),
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
            ("direction", format!("{:?}", opts.direction).to_lowercase()),
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
        &keep_fn(opts.positive_only),
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
            ("direction", format!("{:?}", opts.direction).to_lowercase()),
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
        &keep_fn(opts.positive_only),
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
            ("direction", format!("{:?}", opts.direction).to_lowercase()),
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
        &keep_fn(opts.positive_only),
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
            ("direction", format!("{:?}", opts.direction).to_lowercase()),
            ("degree", format!("{:?}", opts.degree).to_lowercase()),
        ],
        v,
    )
}
