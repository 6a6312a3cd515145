//! Who matters: PageRank, betweenness, closeness, eigenvector, Katz and degree.
//!
//! Every metric returns [`Scores`]: one value per node (by node index), the
//! metric's name and parameters, and whether an iterative method converged.
//!
//! - [`pagerank()`]: sparse power iteration with `networkx.pagerank`'s semantics
//!   (see [`PageRankOptions`]), pull-based over an in-edge CSR, parallel with
//!   rayon on large graphs.
//! - [`betweenness()`]: Brandes' algorithm on a CSR, parallel over sources, exact
//!   or on sampled sources ([`Sources`]), normalised as `networkx` 3.6 does.
//! - [`closeness`], [`eigenvector`], [`katz`], [`degree`]: rustworkx-core 0.18
//!   on a plain copy of the graph (parallel edges collapsed, see
//!   [`ParallelEdges`]).
//!
//! `--signed-positive-only` is [`InfluenceOptions::positive_only`] (or
//! [`super::positive_only`] on the graph first): the metric is computed on the
//! subgraph of relations with sign > 0, every actor kept.
//! [`InfluenceOptions::neutral_ties`] `false` leaves out the relations of
//! sign 0 (mediation, guarantor, host, verifier… and agreements, talks), so
//! a mediator passes no rank to the parties: `entente influence` does so
//! unless `--neutral-ties`.
//!
//! The module is split by concern: `pagerank` (the power iteration and its
//! link matrix), `betweenness` (Brandes on a padded, degree-renumbered
//! adjacency), `rustworkx` (the metrics rustworkx-core computes); this file
//! holds what they share: [`Scores`], the options of [`influence`].

mod betweenness;
mod pagerank;
mod rustworkx;

pub use betweenness::{betweenness, betweenness_filtered, BetweennessOptions, Sources};
pub use pagerank::{pagerank, pagerank_filtered, PageRankOptions};
pub use rustworkx::{closeness, degree, eigenvector, katz};

use super::Direction;
use crate::error::invalid;
use crate::Result;
use crate::Table;
use crate::{ActorGraph, Relation};
use petgraph::graph::NodeIndex;
use serde::Serialize;

/// Scores of one metric, one per node.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
        self.top_where(k, |_| true)
    }

    /// The `k` best of the nodes `keep` accepts, highest score first (ties
    /// by node index).
    pub fn top_where(&self, k: usize, keep: impl Fn(NodeIndex) -> bool) -> Vec<(NodeIndex, f64)> {
        let mut idx: Vec<usize> = (0..self.scores.len())
            .filter(|&i| keep(NodeIndex::new(i)))
            .collect();
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
        self.table_where(g, k, |_| true)
    }

    /// The `k` best of the nodes `keep` accepts as rows: rank, actor, score,
    /// IRI (e.g. only actors with a relation in force, [`crate::analysis::filter::related`]).
    pub fn table_where(&self, g: &ActorGraph, k: usize, keep: impl Fn(NodeIndex) -> bool) -> Table {
        let mut t = Table::new(&["rank", "actor", &self.metric, "iri"]);
        for (r, (n, s)) in self.top_where(k, keep).into_iter().enumerate() {
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

/// Options shared by the rustworkx-backed metrics and [`influence`].
#[derive(Debug, Clone, PartialEq)]
pub struct InfluenceOptions {
    /// Compute on relations with sign > 0 only.
    pub positive_only: bool,
    /// Count relations of sign 0 (mediation and the other third-party
    /// roles, agreements, talks) as links. `true` by default (every
    /// relation, as NetworkX on the edge list); `entente influence` sets it
    /// `false` unless `--neutral-ties`, so a mediator passes no rank to the
    /// parties.
    pub neutral_ties: bool,
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
            neutral_ties: true,
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

/// The relations a metric reads under `opts` (`positive_only`, `neutral_ties`).
fn keep_fn(opts: &InfluenceOptions) -> impl Fn(&Relation) -> bool {
    let (positive_only, neutral_ties) = (opts.positive_only, opts.neutral_ties);
    move |r: &Relation| (!positive_only || r.sign > 0) && (neutral_ties || r.sign != 0)
}

/// One metric with shared options: the body of `entente influence`.
pub fn influence(g: &ActorGraph, metric: Metric, opts: &InfluenceOptions) -> Result<Scores> {
    let keep = keep_fn(opts);
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
    s.params
        .push(("neutral_ties".into(), opts.neutral_ties.to_string()));
    Ok(s)
}
