//! Brandes betweenness: exact or from sampled sources, parallel over
//! sources, on an adjacency padded to whole lanes and renumbered by degree.

use super::Scores;
use crate::analysis::csr::{Adjacency, Csr};
use crate::analysis::pyrandom::PyRandom;
use crate::analysis::Direction;
use crate::{ActorGraph, Relation};
use petgraph::graph::NodeIndex;
use rayon::prelude::*;

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
        ("direction", opts.direction.name().to_owned()),
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
        let new_id = &new_id;
        let links = (0..n).flat_map(move |v| {
            csr.neighbors(v)
                .iter()
                .map(move |&w| (new_id[v], new_id[w as usize], 0))
        });
        Csr::from_pairs(n, Adjacency::In, links)
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
