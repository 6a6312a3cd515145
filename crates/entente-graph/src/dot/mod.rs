//! Graphviz diagrams of the actor graph.
//!
//! [`render`] turns an [`ActorGraph`] (plus plain inputs: node sizes, camps,
//! agreements, a selection of nodes) into DOT text that is **deterministic**:
//! node ids derive from IRIs (a readable local name and a hash of the IRI,
//! never petgraph indices), nodes and edges are written in sorted order, so a
//! diff of two diagrams shows what changed in the graph.
//!
//! What the picture says:
//! - nodes are actors, shaped and coloured by kind ([`NodeKind`]), labelled
//!   with the preferred label; the tooltip carries the kind, the aliases and
//!   the sources that mention the actor;
//! - edges are relations, styled by class ([`EdgeClass`]): alliances
//!   undirected and solid (green), backing directed (blue) with the kinds of
//!   support in the label, hostility red and dashed, mediation and talks
//!   dotted (purple); a kind no word names is styled from its sign — +1 an
//!   other cooperative tie (solid, olive: close to, acts for, part of…), −1
//!   hostile, 0 neutral like mediation (guarantor, host, agreement…); the
//!   label carries the date where known. Relations between the same actors
//!   of the same kind are drawn once, listing every source in the tooltip;
//! - agreements, when given, are small box nodes linked to their parties and
//!   mediators, or captions on edges between the parties ([`AgreementStyle`]);
//! - a legend (cluster) shows the node kinds and edge styles present.
//!
//! Every string is written as a quoted DOT string by [`quote`]: `"` and `\`
//! are escaped (so `\N`, `\l`… in a label stay text), a newline becomes a
//! centred line break `\n`, `&` becomes `&amp;` (Graphviz decodes entities in
//! labels), other control characters become U+FFFD. A node's link
//! ([`DotOptions::links`]) is written by [`link`], which percent-encodes what
//! Graphviz would copy unescaped into the SVG's `href`.
//!
//! ```
//! use entente_graph::dot::{render, DotOptions};
//! use entente_graph::{Actor, ActorGraph, Relation};
//!
//! let mut g = ActorGraph::new();
//! let actor = |iri: &str, label: &str| Actor {
//!     iri: iri.into(), label: label.into(), kind: Some("State".into()), aliases: vec![],
//! };
//! let tr = g.actor(actor("https://entente.example/id/Turkey", "Turkey"));
//! let az = g.actor(actor("https://entente.example/id/Azerbaijan", "Azerbaijan"));
//! g.relate(tr, az, Relation {
//!     kind: "backs".into(), sign: 1, weight: 1.0, start: Some("2020-09-27".into()),
//!     end: None, graph: None, source_label: None,
//! });
//! let dot = render(&g, &DotOptions::default());
//! assert!(dot.contains("digraph entente {"));
//! assert!(dot.contains("Turkey_"));
//! assert!(dot.contains("label=\"backs\\nsince 2020-09-27\""));
//! ```
//!
//! The module is split by concern: `style` (what kinds and classes look
//! like), `ids` (quoting and stable ids), `drawing` (choosing and writing
//! the statements), `select` (which actors to draw), `graphviz` (running it);
//! this file holds the options and the two entry points.

mod drawing;
mod graphviz;
mod ids;
mod select;
mod style;

pub use graphviz::{graphviz_program, run_graphviz, Picture};
pub use ids::{link, node_id, quote};
pub use select::{neighbourhood, top_nodes};
pub use style::{EdgeClass, NodeKind};

use crate::{ActorGraph, Error, Result};
use drawing::Drawing;
use petgraph::graph::NodeIndex;
use std::collections::BTreeSet;
use std::fmt;

/// Above this many drawn actors, the automatic layout is `sfdp`, not `dot`.
///
/// Measured with Graphviz 2.43 (`benches/dot_render.sh` with `THRESHOLD=1`)
/// on this module's DOT of the first N actors of the generated hub-heavy
/// graph (`../shared/bench/gen.py`: preferential attachment, ~4 relations
/// per actor): `dot -Tsvg` takes 0.3–0.5 s up to 100 actors / 378 relations,
/// 0.9–1.3 s at 110–120, 2.5–3.7 s at 130–150 and 15 s at 200 / 783 (the
/// issue's plainer DOT: 122 s), with run-to-run swings of 2–3×; `sfdp` lays
/// out each of these in under 0.05 s, and all 11,412 actors / 45,747
/// relations in 9 s. Edge labels cost dot several times more (100 actors
/// with labels: 4.7 s), hence [`EDGE_LABELS_MAX`].
pub const DOT_MAX_NODES: usize = 100;
/// Above this many drawn edges, the automatic layout is `sfdp`, not `dot`.
pub const DOT_MAX_EDGES: usize = 400;
/// Above this many drawn edges, edge labels are left out by default (they
/// stay in the tooltips): past that they hide the picture and slow `dot`.
pub const EDGE_LABELS_MAX: usize = 250;

/// Graphviz layout engines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Layout {
    /// Hierarchical (layered): the clearest for small graphs, slow on big ones.
    Dot,
    /// Spring model (stress majorisation).
    Neato,
    /// Force-directed, with clusters.
    Fdp,
    /// Multiscale force-directed: for big graphs.
    Sfdp,
    /// Circular.
    Circo,
}

impl Layout {
    pub const ALL: [Layout; 5] = [
        Layout::Dot,
        Layout::Neato,
        Layout::Fdp,
        Layout::Sfdp,
        Layout::Circo,
    ];

    /// The engine's name, as Graphviz spells it (`layout=` and `-K`).
    pub fn as_str(self) -> &'static str {
        match self {
            Layout::Dot => "dot",
            Layout::Neato => "neato",
            Layout::Fdp => "fdp",
            Layout::Sfdp => "sfdp",
            Layout::Circo => "circo",
        }
    }

    /// `dot` for a drawing of at most [`DOT_MAX_NODES`] actors and
    /// [`DOT_MAX_EDGES`] edges, `sfdp` above.
    pub fn auto(nodes: usize, edges: usize) -> Layout {
        if nodes <= DOT_MAX_NODES && edges <= DOT_MAX_EDGES {
            Layout::Dot
        } else {
            Layout::Sfdp
        }
    }
}

impl fmt::Display for Layout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Layout {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Layout::ALL
            .into_iter()
            .find(|l| l.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                Error::Invalid(format!(
                    "unknown layout {s:?} (dot, neato, fdp, sfdp, circo)"
                ))
            })
    }
}

/// How agreements are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AgreementStyle {
    /// A small box per agreement, linked to its parties (solid) and
    /// mediators (dotted).
    #[default]
    Nodes,
    /// A captioned edge between each pair of parties.
    Edges,
}

/// An agreement to draw, with its parties and mediators as nodes of the graph.
#[derive(Debug, Clone, PartialEq)]
pub struct AgreementDrawing {
    pub iri: String,
    pub label: String,
    /// Signature (or entry-into-force) date, if known.
    pub date: Option<String>,
    pub parties: Vec<NodeIndex>,
    pub mediators: Vec<NodeIndex>,
}

/// Node sizes from a centrality: one score per node index.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeSizes {
    /// The metric's name (`pagerank`, `degree`), shown in tooltips.
    pub metric: String,
    /// The score of node `i` at index `i` (missing: 0).
    pub scores: Vec<f64>,
}

/// What to draw and how. [`Default`]: every actor, automatic layout, legend.
#[derive(Debug, Clone, PartialEq)]
pub struct DotOptions {
    /// A title above the picture.
    pub title: Option<String>,
    /// The layout engine; `None`: [`Layout::auto`] on the drawing's size.
    pub layout: Option<Layout>,
    /// The actors to draw (with the relations among them); `None`: all.
    pub include: Option<BTreeSet<NodeIndex>>,
    /// An actor to emphasise (the focus of a neighbourhood view).
    pub highlight: Option<NodeIndex>,
    /// Node sizes from a centrality.
    pub size_by: Option<NodeSizes>,
    /// The camp of each node (by node index); one cluster per camp, nodes
    /// without a camp outside.
    pub camps: Option<Vec<Option<usize>>>,
    /// Names of the camps (by camp number); default "Camp 1", "Camp 2"…
    pub camp_names: Vec<String>,
    /// Agreements to draw, and how.
    pub agreements: Vec<AgreementDrawing>,
    pub agreement_style: AgreementStyle,
    /// Draw a legend.
    pub legend: bool,
    /// Write edge labels; `None`: only up to [`EDGE_LABELS_MAX`] edges.
    pub edge_labels: Option<bool>,
    /// The address each actor links to (by node index; `None` or a missing
    /// entry: no link). Graphviz writes it as the node's `href`, an `<a>`
    /// around the node in SVG, so a picture can open an actor's
    /// description. Written through [`link`]: safe in DOT and in the SVG.
    pub links: Option<Vec<Option<String>>>,
}

impl Default for DotOptions {
    fn default() -> Self {
        DotOptions {
            title: None,
            layout: None,
            include: None,
            highlight: None,
            size_by: None,
            camps: None,
            camp_names: Vec::new(),
            agreements: Vec::new(),
            agreement_style: AgreementStyle::Nodes,
            legend: true,
            edge_labels: None,
            links: None,
        }
    }
}

/// DOT text of the graph as the options say.
pub fn render(graph: &ActorGraph, options: &DotOptions) -> String {
    Drawing::new(graph, options).to_dot()
}

/// The layout [`render`] writes into the DOT (`layout=`), the actors and
/// the edges it draws.
pub fn plan(graph: &ActorGraph, options: &DotOptions) -> (Layout, usize, usize) {
    Drawing::new(graph, options).plan()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_layout() {
        assert_eq!(Layout::auto(30, 60), Layout::Dot);
        assert_eq!(Layout::auto(DOT_MAX_NODES + 1, 10), Layout::Sfdp);
        assert_eq!(Layout::auto(10, DOT_MAX_EDGES + 1), Layout::Sfdp);
        assert_eq!("SFDP".parse::<Layout>().unwrap(), Layout::Sfdp);
        assert!("spring".parse::<Layout>().is_err());
    }
}
