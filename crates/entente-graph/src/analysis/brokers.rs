//! Mediator candidates between two actors A and B.
//!
//! **Actor structure.** With a map `actor → parent actor` (the `entente`
//! crate's `view::parents` reads it from the store: sub-organisations and
//! units, members, heads, people acting on behalf of an organisation,
//! holders of its posts, signers for it), every actor stands for its
//! top-level parent: the peacekeeping contingent's ties count for Russia, a
//! ministry's for its state, a president's or a negotiator's for the
//! government they act for. A candidate is a top-level actor other than A's
//! and B's; the sides are A's and B's top-level actors with everything
//! under them.
//!
//! **Ties.** Every relation between the candidate's group and a side's group,
//! in either direction, is a tie to that side: *positive* (sign > 0: backs,
//! allied, defence pact…), *engagement* (sign 0: mediates, talks) or
//! *hostile* (sign < 0).
//!
//! **Score.** Relations of one kind and sign between a candidate and a side
//! count once (two sources claiming one tie are one piece of evidence, all
//! listed), each for its weight (largest among its claims), engagement ones
//! times [`BrokerOptions::engagement_weight`]. A side's strength `s` is the
//! sum. A candidate needs both strengths > 0; its standing is their harmonic
//! mean `2 s_A s_B / (s_A + s_B)` — even-handed access beats strong ties to
//! one side — and its score is the standing times `1 + c`, where `c` is the
//! group's centrality divided by the largest among candidates (so centrality
//! orders candidates of similar standing but cannot buy one-sidedness).
//! A candidate with any hostile tie to either side is not ranked (it is
//! listed in [`Brokers::excluded`] with the hostile ties), unless
//! [`BrokerOptions::include_hostile`], which ranks it after every non-hostile one.
//!
//! **Ties between candidates** ([`TIE_BREAK`]): equal scores are ordered by
//! the raw centrality of the group, then by label, then by IRI.

use super::centrality::{pagerank_filtered, PageRankOptions};
use super::Direction;
use crate::error::invalid;
use crate::ActorGraph;
use crate::Result;
use crate::Table;
use petgraph::graph::{EdgeIndex, NodeIndex};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// How candidates with equal scores are ordered, in one line (the command
/// line prints it above its table).
pub const TIE_BREAK: &str =
    "equal scores are ordered by centrality (the group's, unscaled), then by name, then by IRI";

/// Parameters of [`brokers`].
#[derive(Debug, Clone, PartialEq)]
pub struct BrokerOptions {
    /// A centrality per node (by node index), e.g. from `influence`. `None`:
    /// PageRank (α 0.85) on the non-hostile relations read both ways.
    pub centrality: Option<Vec<f64>>,
    /// Worth of a sign-0 tie (mediation, talks) relative to a positive one (0.5).
    pub engagement_weight: f64,
    /// Rank candidates with hostile ties too (after the others).
    pub include_hostile: bool,
    /// At most this many candidates (0: all).
    pub limit: usize,
}

impl Default for BrokerOptions {
    fn default() -> Self {
        BrokerOptions {
            centrality: None,
            engagement_weight: 0.5,
            include_hostile: false,
            limit: 0,
        }
    }
}

/// Which side a tie reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Side {
    A,
    B,
}

/// One relation that earned (or cost) a candidate its rank.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BrokerTie {
    #[serde(serialize_with = "crate::serial::index")]
    pub edge: EdgeIndex,
    pub side: Side,
    /// The relation's sign (+1, 0, −1).
    pub sign: i8,
    /// The candidate's actor holding the tie (the candidate or one of its
    /// sub-organisations).
    #[serde(serialize_with = "crate::serial::index")]
    pub via: NodeIndex,
    /// The side's actor it reaches (the side or one of its sub-organisations).
    #[serde(serialize_with = "crate::serial::index")]
    pub other: NodeIndex,
}

/// One candidate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Broker {
    /// The top-level actor.
    #[serde(serialize_with = "crate::serial::index")]
    pub actor: NodeIndex,
    pub score: f64,
    /// Tie strength to A and to B.
    pub strength_a: f64,
    pub strength_b: f64,
    /// The group's centrality (raw) and relative to the best candidate.
    pub centrality: f64,
    pub centrality_rel: f64,
    /// Positive and engagement ties (the evidence), by side then edge.
    pub ties: Vec<BrokerTie>,
    /// Hostile ties to either side.
    pub hostile: Vec<BrokerTie>,
}

/// The ranking between `a` and `b`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Brokers {
    /// A's and B's top-level actors.
    #[serde(serialize_with = "crate::serial::index")]
    pub a: NodeIndex,
    #[serde(serialize_with = "crate::serial::index")]
    pub b: NodeIndex,
    /// Candidates, best first.
    pub candidates: Vec<Broker>,
    /// Actors with ties to both sides but hostile to one (not ranked unless
    /// `include_hostile`), by score.
    pub excluded: Vec<Broker>,
    pub params: Vec<(String, String)>,
}

impl Brokers {
    /// Rows: rank, actor, score, ties to A, ties to B, centrality, evidence.
    pub fn table(&self, g: &ActorGraph) -> Table {
        let mut t = Table::new(&[
            "rank",
            "actor",
            "score",
            "to A",
            "to B",
            "centrality",
            "ties",
        ]);
        for (i, c) in self.candidates.iter().enumerate() {
            t.rows.push(vec![
                (i + 1).into(),
                g.graph[c.actor].label.clone().into(),
                c.score.into(),
                c.strength_a.into(),
                c.strength_b.into(),
                c.centrality_rel.into(),
                describe_ties(g, c.ties.iter().chain(&c.hostile)).into(),
            ]);
        }
        t
    }

    /// Rows: actor, hostile ties.
    pub fn excluded_table(&self, g: &ActorGraph) -> Table {
        let mut t = Table::new(&["actor", "hostile ties"]);
        for c in &self.excluded {
            t.rows.push(vec![
                g.graph[c.actor].label.clone().into(),
                describe_ties(g, &c.hostile).into(),
            ]);
        }
        t
    }
}

/// `Russian peacekeepers —mediates→ Azerbaijan (per France 24)` for one
/// tie: the relation as the view has it, with the source that claims it
/// (its label, else the local name of its graph; nothing when unknown).
pub fn describe_tie(g: &ActorGraph, t: &BrokerTie) -> String {
    let (relation, source) = tie_parts(g, t);
    match source {
        Some(source) => format!("{relation} (per {source})"),
        None => relation,
    }
}

/// The relation of a tie and the name of its source.
fn tie_parts(g: &ActorGraph, t: &BrokerTie) -> (String, Option<String>) {
    let e = &g.graph.raw_edges()[t.edge.index()];
    let r = &e.weight;
    let relation = format!(
        "{} —{}→ {}",
        g.graph[e.source()].label,
        r.kind,
        g.graph[e.target()].label
    );
    let source = r
        .source_label
        .clone()
        .or_else(|| r.graph.as_deref().map(|g| crate::local_name(g).to_owned()));
    (relation, source)
}

/// Ties as one cell: one entry per relation, in order, each with its
/// sources (two sources claiming one relation are one entry, `per A / B`),
/// entries separated by `; `.
pub fn describe_ties<'a>(g: &ActorGraph, ties: impl IntoIterator<Item = &'a BrokerTie>) -> String {
    let mut entries: Vec<(String, Vec<String>)> = Vec::new();
    for t in ties {
        let (relation, source) = tie_parts(g, t);
        let i = match entries.iter().position(|(r, _)| *r == relation) {
            Some(i) => i,
            None => {
                entries.push((relation, Vec::new()));
                entries.len() - 1
            }
        };
        if let Some(source) = source {
            if !entries[i].1.contains(&source) {
                entries[i].1.push(source);
            }
        }
    }
    entries
        .into_iter()
        .map(|(relation, sources)| {
            if sources.is_empty() {
                relation
            } else {
                format!("{relation} (per {})", sources.join(" / "))
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The top-level actor of `v` under `parents` (cycles stop where they close).
pub fn top_level(v: NodeIndex, parents: Option<&HashMap<NodeIndex, NodeIndex>>) -> NodeIndex {
    let Some(p) = parents else { return v };
    let mut cur = v;
    let mut steps = 0;
    while let Some(&up) = p.get(&cur) {
        if up == cur || up == v || steps > p.len() {
            break;
        }
        cur = up;
        steps += 1;
    }
    cur
}

/// Rank third parties as mediator candidates between `a` and `b` (see the
/// module doc for the score).
pub fn brokers(
    g: &ActorGraph,
    a: NodeIndex,
    b: NodeIndex,
    parents: Option<&HashMap<NodeIndex, NodeIndex>>,
    opts: &BrokerOptions,
) -> Result<Brokers> {
    let n = g.graph.node_count();
    if let Some(x) = [a, b].into_iter().find(|x| x.index() >= n) {
        invalid!("actor {} is not in the graph ({n} actors)", x.index());
    }
    let root: Vec<NodeIndex> = (0..n)
        .map(|i| top_level(NodeIndex::new(i), parents))
        .collect();
    let (ra, rb) = (root[a.index()], root[b.index()]);
    if ra == rb {
        invalid!(
            "{} and {} are the same actor (or one is part of the other)",
            g.graph[a].label,
            g.graph[b].label
        );
    }
    // Ties of every other top-level actor to either side.
    let mut per: BTreeMap<NodeIndex, (Vec<BrokerTie>, Vec<BrokerTie>)> = BTreeMap::new();
    for (i, e) in g.graph.raw_edges().iter().enumerate() {
        let (s, t) = (e.source(), e.target());
        let (rs, rt) = (root[s.index()], root[t.index()]);
        let (cand, via, side, other) = if rt == ra || rt == rb {
            (rs, s, if rt == ra { Side::A } else { Side::B }, t)
        } else if rs == ra || rs == rb {
            (rt, t, if rs == ra { Side::A } else { Side::B }, s)
        } else {
            continue;
        };
        if cand == ra || cand == rb {
            continue;
        }
        let tie = BrokerTie {
            edge: EdgeIndex::new(i),
            side,
            sign: e.weight.sign.signum(),
            via,
            other,
        };
        let entry = per.entry(cand).or_default();
        if tie.sign < 0 {
            entry.1.push(tie);
        } else {
            entry.0.push(tie);
        }
    }
    let raw_centrality: Vec<f64> = match &opts.centrality {
        Some(c) => {
            if c.len() != n {
                invalid!("centrality has {} values for {} actors", c.len(), n);
            }
            c.clone()
        }
        None => {
            pagerank_filtered(
                g,
                &PageRankOptions {
                    direction: Direction::Undirected,
                    ..PageRankOptions::default()
                },
                |r| r.sign >= 0,
            )?
            .scores
        }
    };
    let mut group_c: HashMap<NodeIndex, f64> = HashMap::new();
    for (i, r) in root.iter().enumerate() {
        if per.contains_key(r) {
            *group_c.entry(*r).or_default() += raw_centrality[i];
        }
    }
    let mut all: Vec<Broker> = Vec::new();
    for (cand, (ties, hostile)) in per {
        let strength = |side: Side| -> f64 {
            // one piece of evidence per (kind, sign), at its largest weight
            let mut best: HashMap<(&str, i8), f64> = HashMap::new();
            for t in ties.iter().filter(|t| t.side == side) {
                let r = &g.graph[t.edge];
                let w = if r.weight.is_finite() {
                    r.weight.max(0.0)
                } else {
                    1.0
                };
                let w = if t.sign > 0 {
                    w
                } else {
                    w * opts.engagement_weight
                };
                let e = best.entry((r.kind.as_str(), t.sign)).or_insert(0.0);
                *e = e.max(w);
            }
            best.values().sum()
        };
        let (sa, sb) = (strength(Side::A), strength(Side::B));
        let reaches_both = {
            let sides = |s: Side| ties.iter().chain(&hostile).any(|t| t.side == s);
            sides(Side::A) && sides(Side::B)
        };
        let engaged_both = sa > 0.0 && sb > 0.0;
        let hostile_both = reaches_both && !hostile.is_empty();
        if !engaged_both && !hostile_both {
            continue;
        }
        let mut ties = ties;
        ties.sort_by_key(|t| (t.side, t.edge));
        let mut hostile = hostile;
        hostile.sort_by_key(|t| (t.side, t.edge));
        all.push(Broker {
            actor: cand,
            score: 0.0,
            strength_a: sa,
            strength_b: sb,
            centrality: group_c.get(&cand).copied().unwrap_or(0.0),
            centrality_rel: 0.0,
            ties,
            hostile,
        });
    }
    let cmax = all.iter().map(|c| c.centrality).fold(0.0f64, f64::max);
    for c in &mut all {
        c.centrality_rel = if cmax > 0.0 { c.centrality / cmax } else { 0.0 };
        let standing = if c.strength_a + c.strength_b > 0.0 {
            2.0 * c.strength_a * c.strength_b / (c.strength_a + c.strength_b)
        } else {
            0.0
        };
        c.score = standing * (1.0 + c.centrality_rel);
    }
    // TIE_BREAK says this in words.
    let by_score = |x: &Broker, y: &Broker| {
        y.score
            .total_cmp(&x.score)
            .then(y.centrality.total_cmp(&x.centrality))
            .then_with(|| g.graph[x.actor].label.cmp(&g.graph[y.actor].label))
            .then_with(|| g.graph[x.actor].iri.cmp(&g.graph[y.actor].iri))
    };
    let (mut candidates, mut excluded): (Vec<Broker>, Vec<Broker>) =
        all.into_iter().partition(|c| c.hostile.is_empty());
    candidates.retain(|c| c.score > 0.0);
    candidates.sort_by(by_score);
    excluded.sort_by(by_score);
    if opts.include_hostile {
        candidates.extend(excluded.iter().filter(|c| c.score > 0.0).cloned());
    }
    if opts.limit > 0 {
        candidates.truncate(opts.limit);
    }
    Ok(Brokers {
        a: ra,
        b: rb,
        candidates,
        excluded,
        params: vec![
            (
                "centrality".to_owned(),
                if opts.centrality.is_some() {
                    "given".to_owned()
                } else {
                    "pagerank (alpha 0.85) on non-hostile relations, undirected".to_owned()
                },
            ),
            (
                "engagement_weight".to_owned(),
                opts.engagement_weight.to_string(),
            ),
            (
                "include_hostile".to_owned(),
                opts.include_hostile.to_string(),
            ),
            (
                "parents".to_owned(),
                parents.map_or(0, |p| p.len()).to_string(),
            ),
        ],
    })
}
