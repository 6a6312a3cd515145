//! The actor graph: actors and the relations between them, each relation with
//! its kind, sign, dates and who says so.
//!
//! Every analysis and the DOT export read this graph and nothing else; the
//! `entente` crate builds it from a view query over the store.

use petgraph::graph::{DiGraph, NodeIndex};
use std::collections::HashMap;

/// One actor of the graph, as the store names it.
#[derive(Debug, Clone, PartialEq)]
pub struct Actor {
    /// The actor's IRI (or blank-node id), the one stable identity.
    pub iri: String,
    /// Preferred label (falls back to the IRI's local name).
    pub label: String,
    /// Kind in the user's words (`State`, `DeFactoState`, `PeacekeepingForce`…), if known.
    pub kind: Option<String>,
    /// Other names the sources use (Baku, Artsakh…).
    pub aliases: Vec<String>,
}

/// One actor-to-actor relation, with who says so.
#[derive(Debug, Clone, PartialEq)]
pub struct Relation {
    /// Relation kind in the user's words: `backs`, `allied`, `defence pact`,
    /// `hostile`, `attacks`, `blockades`, `mediates`, `talks`…
    pub kind: String,
    /// +1 cooperative, −1 hostile, 0 neutral.
    pub sign: i8,
    /// Strength of the tie (1.0 when the view does not say).
    pub weight: f64,
    /// Start date (`YYYY-MM-DD` or a longer `xsd:dateTime`), if known.
    pub start: Option<String>,
    /// End date, if known.
    pub end: Option<String>,
    /// The named graph that claims it (who says so).
    pub graph: Option<String>,
    /// A readable name for that source (its label), if known.
    pub source_label: Option<String>,
}

impl Relation {
    /// A relation of a kind and sign, weight 1, with no dates and no source.
    pub fn new(kind: impl Into<String>, sign: i8) -> Self {
        Self {
            kind: kind.into(),
            sign,
            weight: 1.0,
            start: None,
            end: None,
            graph: None,
            source_label: None,
        }
    }
}

/// The graph every analysis reads: nodes are actors, edges relations,
/// directed from source to target. Parallel edges are kept: two sources
/// claiming the same relation are two edges.
#[derive(Debug, Clone, Default)]
pub struct ActorGraph {
    pub graph: DiGraph<Actor, Relation>,
    index: HashMap<String, NodeIndex>,
}

impl ActorGraph {
    pub fn new() -> Self {
        Self::default()
    }

    /// The node of an actor, added on first sight.
    pub fn actor(&mut self, actor: Actor) -> NodeIndex {
        if let Some(&ix) = self.index.get(&actor.iri) {
            return ix;
        }
        let iri = actor.iri.clone();
        let ix = self.graph.add_node(actor);
        self.index.insert(iri, ix);
        ix
    }

    /// The node of an actor known only by IRI (label = local name).
    pub fn actor_by_iri(&mut self, iri: &str) -> NodeIndex {
        if let Some(&ix) = self.index.get(iri) {
            return ix;
        }
        self.actor(Actor {
            iri: iri.to_owned(),
            label: local_name(iri).to_owned(),
            kind: None,
            aliases: Vec::new(),
        })
    }

    pub fn relate(&mut self, source: NodeIndex, target: NodeIndex, relation: Relation) {
        self.graph.add_edge(source, target, relation);
    }

    /// The node of an IRI already in the graph.
    pub fn find(&self, iri: &str) -> Option<NodeIndex> {
        self.index.get(iri).copied()
    }

    pub fn actor_count(&self) -> usize {
        self.graph.node_count()
    }

    pub fn relation_count(&self) -> usize {
        self.graph.edge_count()
    }
}

/// The part of an IRI after its last `#` or `/`.
pub fn local_name(iri: &str) -> &str {
    iri.rsplit(['#', '/']).next().unwrap_or(iri)
}
