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
//!   dotted (purple); the label carries the date where known. Relations
//!   between the same actors of the same kind are drawn once, listing every
//!   source in the tooltip;
//! - agreements, when given, are small box nodes linked to their parties and
//!   mediators, or captions on edges between the parties ([`AgreementStyle`]);
//! - a legend (cluster) shows the node kinds and edge styles present.
//!
//! Every string is written as a quoted DOT string by [`quote`]: `"` and `\`
//! are escaped (so `\N`, `\l`… in a label stay text), a newline becomes a
//! centred line break `\n`, `&` becomes `&amp;` (Graphviz decodes entities in
//! labels), other control characters become U+FFFD.
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

use crate::{local_name, Actor, ActorGraph, Relation};
use crate::{Error, Result};
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};
use std::fmt::{self, Write as _};
use std::io::{Read, Write};
use std::process::{Command, Stdio};

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
        }
    }
}

/// Kinds of actors, as drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NodeKind {
    State,
    DeFactoState,
    Government,
    Ministry,
    ArmedForce,
    Peacekeepers,
    InternationalOrganization,
    Person,
    Source,
    Other,
}

impl NodeKind {
    /// The drawn kind of an actor kind in the ontology's or the user's words.
    pub fn of(kind: Option<&str>) -> NodeKind {
        let Some(kind) = kind else {
            return NodeKind::Other;
        };
        let k: String = kind
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        match k.as_str() {
            "state" | "country" | "sovereignstate" => NodeKind::State,
            "defactostate" | "partiallyrecognisedstate" | "partiallyrecognizedstate" | "pre" => {
                NodeKind::DeFactoState
            }
            "government" => NodeKind::Government,
            "ministry" => NodeKind::Ministry,
            "armedforce" | "armedforces" | "military" | "armedgroup" => NodeKind::ArmedForce,
            "peacekeepingforce" | "peacekeepers" | "peacekeepingmission" => NodeKind::Peacekeepers,
            "internationalorganization"
            | "internationalorganisation"
            | "organization"
            | "organisation"
            | "alliance" => NodeKind::InternationalOrganization,
            "person" => NodeKind::Person,
            "newsorganization" | "newsorganisation" | "source" | "media" => NodeKind::Source,
            _ => NodeKind::Other,
        }
    }

    fn name(self) -> &'static str {
        match self {
            NodeKind::State => "State",
            NodeKind::DeFactoState => "De facto state",
            NodeKind::Government => "Government",
            NodeKind::Ministry => "Ministry",
            NodeKind::ArmedForce => "Armed force",
            NodeKind::Peacekeepers => "Peacekeepers",
            NodeKind::InternationalOrganization => "International org.",
            NodeKind::Person => "Person",
            NodeKind::Source => "Source (news)",
            NodeKind::Other => "Other actor",
        }
    }

    /// `shape`, `style`, `fillcolor`, extra attributes.
    fn style(self) -> (&'static str, &'static str, &'static str, &'static str) {
        match self {
            NodeKind::State => ("box", "filled", "#d6e4f5", ", penwidth=1.5"),
            NodeKind::DeFactoState => ("box", "filled,dashed", "#fbe3c4", ", penwidth=1.5"),
            NodeKind::Government => ("box", "rounded,filled", "#dcefd6", ""),
            NodeKind::Ministry => ("tab", "filled", "#eef6ea", ""),
            NodeKind::ArmedForce => ("hexagon", "filled", "#f5d0d0", ""),
            NodeKind::Peacekeepers => ("hexagon", "filled", "#cde8f6", ", peripheries=2"),
            NodeKind::InternationalOrganization => ("octagon", "filled", "#e6ddf3", ""),
            NodeKind::Person => ("ellipse", "filled", "#fff3c4", ""),
            NodeKind::Source => ("note", "filled", "#eeeeee", ""),
            NodeKind::Other => ("ellipse", "filled", "#f5f5f5", ""),
        }
    }
}

/// Classes of relations, as drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EdgeClass {
    /// Alliance, defence pact, membership of one alliance: undirected, solid, green.
    Alliance,
    /// Backing, support: directed, solid, blue.
    Backing,
    /// Hostility, attacks, blockades: red, dashed.
    Hostility,
    /// Mediation, talks: dotted, purple.
    Mediation,
    /// Anything else: grey.
    Other,
}

impl EdgeClass {
    /// The class of a relation kind and whether it is drawn with an arrow.
    pub fn of(kind: &str, sign: i8) -> (EdgeClass, bool) {
        // camelCase predicates (allyOf, hostileTo) read as words
        let mut lower = String::with_capacity(kind.len() + 4);
        let mut previous_lower = false;
        for c in kind.chars() {
            if c.is_uppercase() && previous_lower {
                lower.push(' ');
            }
            previous_lower = c.is_lowercase();
            lower.extend(c.to_lowercase());
        }
        let words: Vec<&str> = lower
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        let has = |prefixes: &[&str]| {
            words
                .iter()
                .any(|w| prefixes.iter().any(|p| w.starts_with(p)))
        };
        let alliance = || {
            has(&[
                "alli",
                "ally",
                "pact",
                "entente",
                "coalition",
                "member",
                "partner",
            ])
        };
        let hostile_state =
            || has(&["hostil", "enem", "rival", "adversar", "conflict"]) || words.contains(&"war");
        let hostile_act = || {
            has(&[
                "attack",
                "blockad",
                "offensive",
                "invad",
                "invasion",
                "occup",
                "shell",
                "strike",
                "sanction",
                "clash",
                "fight",
                "threat",
                "bomb",
                "besieg",
                "siege",
            ])
        };
        let talks = || has(&["talk", "negotiat", "meet", "dialog", "summit", "convers"]);
        let mediation = || has(&["mediat", "facilitat", "guarant", "broker"]);
        let backing = || {
            has(&[
                "back", "support", "arms", "suppl", "fund", "aid", "sponsor", "recogni", "train",
                "help", "assist",
            ])
        };
        // The words decide; the sign only where they say nothing.
        if talks() {
            (EdgeClass::Mediation, false)
        } else if mediation() {
            (EdgeClass::Mediation, true)
        } else if alliance() {
            (EdgeClass::Alliance, false)
        } else if hostile_act() {
            (EdgeClass::Hostility, true)
        } else if hostile_state() {
            (EdgeClass::Hostility, false)
        } else if backing() {
            (EdgeClass::Backing, true)
        } else if sign < 0 {
            (EdgeClass::Hostility, true)
        } else if sign > 0 {
            (EdgeClass::Backing, true)
        } else {
            (EdgeClass::Other, true)
        }
    }

    fn name(self) -> &'static str {
        match self {
            EdgeClass::Alliance => "alliance, defence pact",
            EdgeClass::Backing => "backing, support",
            EdgeClass::Hostility => "hostility, attack, blockade",
            EdgeClass::Mediation => "mediation, talks",
            EdgeClass::Other => "other relation",
        }
    }

    /// `color`, `style`, `penwidth`.
    fn style(self) -> (&'static str, &'static str, &'static str) {
        match self {
            EdgeClass::Alliance => ("#2e7d32", "solid", "1.8"),
            EdgeClass::Backing => ("#1f5fa8", "solid", "1.4"),
            EdgeClass::Hostility => ("#c62828", "dashed", "1.4"),
            EdgeClass::Mediation => ("#6a1b9a", "dotted", "1.6"),
            EdgeClass::Other => ("#757575", "solid", "1.0"),
        }
    }

    /// Whether relations of several kinds between the same actors merge into
    /// one drawn edge listing the kinds (backing: "military, political").
    fn merges_kinds(self) -> bool {
        self == EdgeClass::Backing
    }

    /// Whether a start date with no end reads "since".
    fn lasting(self, kind: &str) -> bool {
        match self {
            EdgeClass::Alliance | EdgeClass::Backing => true,
            EdgeClass::Hostility => {
                let k = kind.to_lowercase();
                k.contains("hostil") || k.contains("enem") || k.contains("rival")
            }
            EdgeClass::Mediation | EdgeClass::Other => false,
        }
    }
}

const AGREEMENT_COLOR: &str = "#8d6e63";
const FONT: &str = "Helvetica";

/// DOT text of the graph as the options say.
pub fn render(graph: &ActorGraph, options: &DotOptions) -> String {
    Drawing::new(graph, options).to_dot()
}

/// The layout [`render`] writes into the DOT (`layout=`), the actors and
/// the edges it draws.
pub fn plan(graph: &ActorGraph, options: &DotOptions) -> (Layout, usize, usize) {
    let d = Drawing::new(graph, options);
    (d.layout, d.nodes.len(), d.edges.len())
}

/// The nodes within `depth` hops of `centre`, following relations both ways
/// (the centre included).
pub fn neighbourhood(graph: &ActorGraph, centre: NodeIndex, depth: usize) -> BTreeSet<NodeIndex> {
    let mut seen = BTreeSet::from([centre]);
    let mut queue = VecDeque::from([(centre, 0)]);
    while let Some((v, d)) = queue.pop_front() {
        if d == depth {
            continue;
        }
        for w in graph.graph.neighbors_undirected(v) {
            if seen.insert(w) {
                queue.push_back((w, d + 1));
            }
        }
    }
    seen
}

/// The `n` nodes of highest score among `among` (all nodes when `None`),
/// ties broken by IRI; `keep` is always in (counted among the `n`).
pub fn top_nodes(
    graph: &ActorGraph,
    scores: &[f64],
    n: usize,
    among: Option<&BTreeSet<NodeIndex>>,
    keep: Option<NodeIndex>,
) -> BTreeSet<NodeIndex> {
    let mut candidates: Vec<NodeIndex> = match among {
        Some(set) => set.iter().copied().collect(),
        None => graph.graph.node_indices().collect(),
    };
    let score = |v: NodeIndex| scores.get(v.index()).copied().unwrap_or(0.0);
    candidates.sort_by(|&a, &b| {
        score(b)
            .total_cmp(&score(a))
            .then_with(|| graph.graph[a].iri.cmp(&graph.graph[b].iri))
    });
    let mut out = BTreeSet::new();
    if let Some(k) = keep {
        if n > 0 {
            out.insert(k);
        }
    }
    for v in candidates {
        if out.len() >= n {
            break;
        }
        out.insert(v);
    }
    out
}

/// A quoted DOT string: `"` and `\` escaped, newlines as `\n` (centred line
/// breaks), `&` as `&amp;`, tabs as spaces, other control characters and
/// Unicode non-characters as U+FFFD.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push_str("\\n");
                }
            }
            '&' => out.push_str("&amp;"),
            '\t' => out.push(' '),
            c if c.is_control() || is_noncharacter(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn is_noncharacter(c: char) -> bool {
    let u = c as u32;
    (0xFDD0..=0xFDEF).contains(&u) || (u & 0xFFFE) == 0xFFFE
}

/// FNV-1a, 64 bits: a hash that is the same on every platform and release.
fn fnv1a(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// A DOT id for an IRI: its local name in ASCII letters, digits and `_`
/// (at most 32), `_`, 8 hex digits of the IRI's hash. Starts with a letter.
pub fn node_id(iri: &str) -> String {
    id_with(iri, "", 8)
}

fn id_with(iri: &str, prefix: &str, hex: usize) -> String {
    let mut name: String = local_name(iri)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .take(32)
        .collect();
    let trimmed = name.trim_matches('_');
    name = trimmed.to_owned();
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name.insert(0, 'n');
    }
    let hash = format!("{:016x}", fnv1a(iri));
    format!("{prefix}{name}_{}", &hash[..hex])
}

/// A date as drawn: the date part of an `xsd:dateTime`.
fn day(s: &str) -> &str {
    let s = s.trim();
    match s.find('T') {
        Some(i) if i >= 4 => &s[..i],
        _ => s,
    }
}

fn relation_date(r: &Relation, class: EdgeClass) -> Option<String> {
    let start = r.start.as_deref().map(day).filter(|s| !s.is_empty());
    let end = r.end.as_deref().map(day).filter(|s| !s.is_empty());
    match (start, end) {
        (Some(s), Some(e)) if s == e => Some(s.to_owned()),
        (Some(s), Some(e)) => Some(format!("{s} – {e}")),
        (Some(s), None) if class.lasting(&r.kind) => Some(format!("since {s}")),
        (Some(s), None) => Some(s.to_owned()),
        (None, Some(e)) => Some(format!("until {e}")),
        (None, None) => None,
    }
}

fn source_name(r: &Relation) -> Option<String> {
    r.source_label
        .clone()
        .or_else(|| r.graph.as_deref().map(|g| local_name(g).to_owned()))
}

fn fmt_score(x: f64) -> String {
    if x != 0.0 && x.abs() < 1e-3 {
        format!("{x:.3e}")
    } else {
        format!("{x:.4}")
    }
}

/// A list for a label or tooltip, shortened after `max` items.
fn list(items: &BTreeSet<String>, max: usize) -> String {
    let mut out: Vec<&str> = items.iter().take(max).map(String::as_str).collect();
    let more;
    if items.len() > max {
        more = format!("… {} more", items.len() - max);
        out.push(&more);
    }
    out.join(", ")
}

struct DrawnNode {
    ix: NodeIndex,
    id: String,
    kind: NodeKind,
    camp: Option<usize>,
}

#[derive(Default)]
struct DrawnEdge {
    tail: String,
    head: String,
    tail_label: String,
    head_label: String,
    class: Option<EdgeClass>,
    directed: bool,
    kinds: BTreeSet<String>,
    dates: BTreeSet<String>,
    sources: BTreeSet<String>,
    claims: usize,
}

/// What is drawn: actors, merged edges, agreements, before writing DOT.
struct Drawing<'a> {
    graph: &'a ActorGraph,
    options: &'a DotOptions,
    layout: Layout,
    edge_labels: bool,
    nodes: Vec<DrawnNode>,
    ids: HashMap<NodeIndex, usize>,
    edges: Vec<DrawnEdge>,
    max_score: f64,
}

impl<'a> Drawing<'a> {
    fn new(graph: &'a ActorGraph, options: &'a DotOptions) -> Self {
        let g = &graph.graph;
        let mut chosen: Vec<NodeIndex> = match &options.include {
            Some(set) => set
                .iter()
                .copied()
                .filter(|v| v.index() < g.node_count())
                .collect(),
            None => g.node_indices().collect(),
        };
        // Ids in IRI order, so a collision of short ids resolves the same way
        // whatever the graph's insertion order.
        chosen.sort_by(|a, b| g[*a].iri.cmp(&g[*b].iri));
        let mut used = HashSet::new();
        let mut nodes: Vec<DrawnNode> = chosen
            .into_iter()
            .map(|ix| {
                let iri = &g[ix].iri;
                let mut id = node_id(iri);
                if !used.insert(id.clone()) {
                    id = id_with(iri, "", 16);
                    let mut n = 2;
                    while !used.insert(id.clone()) {
                        id = format!("{}_{n}", id_with(iri, "", 16));
                        n += 1;
                    }
                }
                let camp = options
                    .camps
                    .as_ref()
                    .and_then(|c| c.get(ix.index()).copied().flatten());
                DrawnNode {
                    ix,
                    id,
                    kind: NodeKind::of(g[ix].kind.as_deref()),
                    camp,
                }
            })
            .collect();
        nodes.sort_by(|a, b| a.id.cmp(&b.id));
        let ids: HashMap<NodeIndex, usize> =
            nodes.iter().enumerate().map(|(i, n)| (n.ix, i)).collect();

        // Merge relations: one drawn edge per (ends, class, kind); backing
        // kinds merge; undirected classes ignore direction.
        let mut merged: BTreeMap<(String, String, EdgeClass, bool, String), DrawnEdge> =
            BTreeMap::new();
        for e in g.edge_references() {
            let (Some(&s), Some(&t)) = (ids.get(&e.source()), ids.get(&e.target())) else {
                continue;
            };
            let r = e.weight();
            let (class, directed) = EdgeClass::of(&r.kind, r.sign);
            let (mut a, mut b) = (s, t);
            if !directed && nodes[b].id < nodes[a].id {
                std::mem::swap(&mut a, &mut b);
            }
            let kind_key = if class.merges_kinds() {
                String::new()
            } else {
                r.kind.trim().to_lowercase()
            };
            let key = (
                nodes[a].id.clone(),
                nodes[b].id.clone(),
                class,
                directed,
                kind_key,
            );
            let edge = merged.entry(key).or_insert_with(|| DrawnEdge {
                tail: nodes[a].id.clone(),
                head: nodes[b].id.clone(),
                tail_label: g[nodes[a].ix].label.clone(),
                head_label: g[nodes[b].ix].label.clone(),
                class: Some(class),
                directed,
                ..DrawnEdge::default()
            });
            edge.kinds.insert(r.kind.trim().to_owned());
            if let Some(d) = relation_date(r, class) {
                edge.dates.insert(d);
            }
            if let Some(s) = source_name(r) {
                edge.sources.insert(s);
            }
            edge.claims += 1;
        }
        let edges: Vec<DrawnEdge> = merged.into_values().collect();
        let layout = options
            .layout
            .unwrap_or_else(|| Layout::auto(nodes.len(), edges.len()));
        let edge_labels = options
            .edge_labels
            .unwrap_or(edges.len() <= EDGE_LABELS_MAX);
        let max_score = options.size_by.as_ref().map_or(0.0, |s| {
            nodes
                .iter()
                .filter_map(|n| s.scores.get(n.ix.index()).copied())
                .filter(|x| x.is_finite())
                .fold(0.0, f64::max)
        });
        Drawing {
            graph,
            options,
            layout,
            edge_labels,
            nodes,
            ids,
            edges,
            max_score,
        }
    }

    fn to_dot(&self) -> String {
        let mut out = String::new();
        let o = self.options;
        let big = self.nodes.len() > DOT_MAX_NODES;
        let _ = writeln!(
            out,
            "// entente dot: {} actors, {} edges ({} relations), layout {}",
            self.nodes.len(),
            self.edges.len(),
            self.edges.iter().map(|e| e.claims).sum::<usize>(),
            self.layout
        );
        out.push_str("digraph entente {\n");
        let mut graph_attrs = vec![
            format!("layout={}", self.layout),
            "charset=\"UTF-8\"".to_owned(),
            format!("fontname={}", quote(FONT)),
            "fontsize=14".to_owned(),
            "outputorder=edgesfirst".to_owned(),
            "pad=0.3".to_owned(),
        ];
        match self.layout {
            Layout::Dot => {
                graph_attrs.push("rankdir=TB".to_owned());
                graph_attrs.push("nodesep=0.35".to_owned());
                graph_attrs.push("ranksep=0.55".to_owned());
                graph_attrs.push("newrank=true".to_owned());
            }
            Layout::Circo => graph_attrs.push("mindist=0.6".to_owned()),
            Layout::Neato | Layout::Fdp | Layout::Sfdp => {
                graph_attrs.push("overlap=false".to_owned());
                if !big {
                    graph_attrs.push("splines=true".to_owned());
                    graph_attrs.push("sep=\"+6\"".to_owned());
                }
            }
        }
        if let Some(title) = &o.title {
            graph_attrs.push(format!("label={}", quote(title)));
            graph_attrs.push("labelloc=t".to_owned());
            graph_attrs.push("labeljust=l".to_owned());
            graph_attrs.push(format!("tooltip={}", quote(title)));
        }
        let _ = writeln!(out, "  graph [{}];", graph_attrs.join(", "));
        let _ = writeln!(
            out,
            "  node [fontname={}, fontsize=11, margin=\"0.1,0.04\", height=0.3];",
            quote(FONT)
        );
        let _ = writeln!(
            out,
            "  edge [fontname={}, fontsize=9, arrowsize=0.7];",
            quote(FONT)
        );
        if o.legend {
            self.write_legend(&mut out);
        }
        // Nodes, by camp cluster then by id.
        let mut by_camp: BTreeMap<Option<usize>, Vec<&DrawnNode>> = BTreeMap::new();
        for n in &self.nodes {
            by_camp.entry(n.camp).or_default().push(n);
        }
        for (camp, members) in &by_camp {
            match camp {
                None => {
                    for n in members {
                        self.write_node(&mut out, n, "  ");
                    }
                }
                Some(c) => {
                    let palette = [
                        ("#edf3fb", "#8fb0d6"),
                        ("#fcecea", "#d99a94"),
                        ("#eef7ea", "#9cc48e"),
                        ("#fff6e0", "#d8b56a"),
                        ("#f3eefa", "#b19cd3"),
                    ];
                    let (fill, line) = palette[c % palette.len()];
                    let name = o
                        .camp_names
                        .get(*c)
                        .cloned()
                        .unwrap_or_else(|| format!("Camp {}", c + 1));
                    let _ = writeln!(out, "  subgraph cluster_camp_{c} {{");
                    let _ = writeln!(
                        out,
                        "    graph [label={}, style=\"rounded,filled\", fillcolor=\"{fill}\", color=\"{line}\", fontsize=12];",
                        quote(&name)
                    );
                    for n in members {
                        self.write_node(&mut out, n, "    ");
                    }
                    out.push_str("  }\n");
                }
            }
        }
        for e in &self.edges {
            self.write_edge(&mut out, e);
        }
        self.write_agreements(&mut out);
        out.push_str("}\n");
        out
    }

    fn write_node(&self, out: &mut String, n: &DrawnNode, indent: &str) {
        let g = &self.graph.graph;
        let actor: &Actor = &g[n.ix];
        let (shape, style, fill, extra) = n.kind.style();
        let mut tip = vec![actor.label.clone()];
        tip.push(format!(
            "kind: {}",
            actor.kind.as_deref().unwrap_or("unknown")
        ));
        let aliases: BTreeSet<String> = actor
            .aliases
            .iter()
            .filter(|a| **a != actor.label)
            .cloned()
            .collect();
        if !aliases.is_empty() {
            tip.push(format!("also: {}", list(&aliases, 12)));
        }
        let sources: BTreeSet<String> = g
            .edges_directed(n.ix, petgraph::Direction::Outgoing)
            .chain(g.edges_directed(n.ix, petgraph::Direction::Incoming))
            .filter_map(|e| source_name(e.weight()))
            .collect();
        if !sources.is_empty() {
            tip.push(format!("sources: {}", list(&sources, 12)));
        }
        let mut attrs = format!(
            "label={}, shape={shape}, style=\"{style}\", fillcolor=\"{fill}\"{extra}",
            quote(&actor.label)
        );
        if let Some(sizes) = &self.options.size_by {
            let score = sizes.scores.get(n.ix.index()).copied().unwrap_or(0.0);
            tip.push(format!("{}: {}", sizes.metric, fmt_score(score)));
            if self.max_score > 0.0 && score.is_finite() && score > 0.0 {
                let rel = (score / self.max_score).clamp(0.0, 1.0).sqrt();
                let _ = write!(attrs, ", fontsize={:.1}", 9.0 + 15.0 * rel);
            } else {
                attrs.push_str(", fontsize=9.0");
            }
        }
        if self.options.highlight == Some(n.ix) {
            attrs.push_str(", penwidth=3");
        }
        let _ = write!(attrs, ", tooltip={}", quote(&tip.join("\n")));
        let _ = writeln!(out, "{indent}{} [{attrs}];", n.id);
    }

    fn write_edge(&self, out: &mut String, e: &DrawnEdge) {
        let class = e.class.unwrap_or(EdgeClass::Other);
        let (color, style, width) = class.style();
        let kinds = e.kinds.iter().cloned().collect::<Vec<_>>().join(", ");
        let mut label = vec![kinds.clone()];
        if !e.dates.is_empty() {
            label.push(list(&e.dates, 3));
        }
        let arrow = if e.directed { "→" } else { "—" };
        let mut tip = vec![format!("{} —{kinds}{arrow} {}", e.tail_label, e.head_label)];
        if !e.dates.is_empty() {
            tip.push(list(&e.dates, 10));
        }
        if !e.sources.is_empty() {
            tip.push(format!("per {}", list(&e.sources, 12)));
        }
        if e.claims > 1 {
            tip.push(format!("{} claims", e.claims));
        }
        let mut attrs = format!("color=\"{color}\", style={style}, penwidth={width}");
        if !e.directed {
            attrs.push_str(", dir=none");
        }
        if self.edge_labels {
            let _ = write!(
                attrs,
                ", label={}, fontcolor=\"{color}\"",
                quote(&label.join("\n"))
            );
        }
        let _ = write!(attrs, ", tooltip={}", quote(&tip.join("\n")));
        let _ = writeln!(out, "  {} -> {} [{attrs}];", e.tail, e.head);
    }

    /// Agreements with at least one drawn participant, sorted by id.
    fn drawn_agreements(&self) -> Vec<(String, &AgreementDrawing, Vec<&str>, Vec<&str>)> {
        let mut out = Vec::new();
        let mut seen = HashSet::new();
        for a in &self.options.agreements {
            if !seen.insert(a.iri.as_str()) {
                continue;
            }
            let ids = |v: &[NodeIndex]| -> Vec<&str> {
                let set: BTreeSet<&str> = v
                    .iter()
                    .filter_map(|ix| self.ids.get(ix))
                    .map(|&i| self.nodes[i].id.as_str())
                    .collect();
                set.into_iter().collect()
            };
            let parties = ids(&a.parties);
            let mediators: Vec<&str> = ids(&a.mediators)
                .into_iter()
                .filter(|m| !parties.contains(m))
                .collect();
            if parties.is_empty() && mediators.is_empty() {
                continue;
            }
            out.push((id_with(&a.iri, "_agreement_", 8), a, parties, mediators));
        }
        out.sort_by(|x, y| x.0.cmp(&y.0));
        out
    }

    fn agreement_tooltip(&self, a: &AgreementDrawing) -> String {
        let g = &self.graph.graph;
        let names = |v: &[NodeIndex]| -> BTreeSet<String> {
            v.iter()
                .filter(|ix| ix.index() < g.node_count())
                .map(|&ix| g[ix].label.clone())
                .collect()
        };
        let mut tip = vec![format!("Agreement: {}", a.label)];
        if let Some(d) = &a.date {
            tip.push(day(d).to_owned());
        }
        let parties = names(&a.parties);
        if !parties.is_empty() {
            tip.push(format!("parties: {}", list(&parties, 12)));
        }
        let mediators = names(&a.mediators);
        if !mediators.is_empty() {
            tip.push(format!("mediators: {}", list(&mediators, 12)));
        }
        tip.join("\n")
    }

    fn write_agreements(&self, out: &mut String) {
        let drawn = self.drawn_agreements();
        if drawn.is_empty() {
            return;
        }
        let c = AGREEMENT_COLOR;
        let (mcolor, _, _) = EdgeClass::Mediation.style();
        for (id, a, parties, mediators) in drawn {
            let mut caption = vec![a.label.clone()];
            if let Some(d) = &a.date {
                caption.push(day(d).to_owned());
            }
            let tip = quote(&self.agreement_tooltip(a));
            match self.options.agreement_style {
                AgreementStyle::Nodes => {
                    let _ = writeln!(
                        out,
                        "  {id} [label={}, shape=box, style=\"filled\", fillcolor=\"#f7f1e3\", color=\"{c}\", fontsize=9, height=0.2, tooltip={tip}];",
                        quote(&caption.join("\n"))
                    );
                    for p in parties {
                        let _ = writeln!(
                            out,
                            "  {id} -> {p} [color=\"{c}\", penwidth=0.9, arrowhead=none, tooltip={tip}];"
                        );
                    }
                    for m in mediators {
                        let _ = writeln!(
                            out,
                            "  {m} -> {id} [color=\"{mcolor}\", style=dotted, penwidth=1.2, arrowhead=odot, tooltip={tip}];"
                        );
                    }
                }
                AgreementStyle::Edges => {
                    let mg = &self.graph.graph;
                    let mediator_names: BTreeSet<String> = a
                        .mediators
                        .iter()
                        .filter(|ix| ix.index() < mg.node_count())
                        .map(|&ix| mg[ix].label.clone())
                        .collect();
                    if !mediator_names.is_empty() {
                        caption.push(format!("mediated by {}", list(&mediator_names, 3)));
                    }
                    let label = if self.edge_labels {
                        format!(", label={}, fontcolor=\"{c}\"", quote(&caption.join("\n")))
                    } else {
                        String::new()
                    };
                    for (i, p) in parties.iter().enumerate() {
                        for q in &parties[i + 1..] {
                            let _ = writeln!(
                                out,
                                "  {p} -> {q} [color=\"{c}\", style=bold, dir=none{label}, tooltip={tip}];"
                            );
                        }
                    }
                }
            }
        }
    }

    fn write_legend(&self, out: &mut String) {
        let g = &self.graph.graph;
        let kinds: BTreeSet<NodeKind> = self.nodes.iter().map(|n| n.kind).collect();
        let mut classes: BTreeSet<(EdgeClass, bool)> = self
            .edges
            .iter()
            .filter_map(|e| e.class.map(|c| (c, e.directed)))
            .collect();
        // one entry per class: directed if any drawn edge of it is
        let directed_classes: BTreeSet<EdgeClass> = classes
            .iter()
            .filter(|(_, d)| *d)
            .map(|(c, _)| *c)
            .collect();
        classes.retain(|(c, d)| *d || !directed_classes.contains(c));
        let drawn_agreements = self.drawn_agreements();
        let agreements = !drawn_agreements.is_empty();
        let agreement_mediators = drawn_agreements.iter().any(|a| !a.3.is_empty());
        if kinds.is_empty() && classes.is_empty() {
            return;
        }
        out.push_str("  subgraph cluster_legend {\n");
        out.push_str(
            "    graph [label=\"Legend\", fontsize=11, style=\"rounded,filled\", fillcolor=\"#fafafa\", color=\"#bbbbbb\", tooltip=\"Legend\"];\n",
        );
        out.push_str("    node [fontsize=9, height=0.22];\n");
        out.push_str("    edge [fontsize=8];\n");
        // Rows of a few samples, side by side (rank=same, chained
        // left to right by invisible edges); each row below the previous.
        let mut rows: Vec<Vec<String>> = Vec::new();
        let kind_ids: Vec<String> = kinds
            .iter()
            .map(|k| format!("_legend_kind_{}", *k as u8))
            .collect();
        for (k, id) in kinds.iter().zip(&kind_ids) {
            let (shape, style, fill, extra) = k.style();
            let _ = writeln!(
                out,
                "    {id} [label={}, shape={shape}, style=\"{style}\", fillcolor=\"{fill}\"{extra}, tooltip={}];",
                quote(k.name()),
                quote(k.name())
            );
        }
        // (ids, width in units): rows are filled up to four units, so the
        // legend stays narrower than the drawing it explains.
        let mut items: Vec<(Vec<String>, usize)> =
            kind_ids.iter().map(|id| (vec![id.clone()], 1)).collect();
        let mut entries: Vec<(&str, &str, String)> = Vec::new();
        for (c, directed) in &classes {
            let (color, style, width) = c.style();
            let dir = if *directed { "" } else { ", dir=none" };
            entries.push((
                c.name(),
                color,
                format!("color=\"{color}\", style={style}, penwidth={width}{dir}"),
            ));
        }
        if agreements {
            let c = AGREEMENT_COLOR;
            match self.options.agreement_style {
                AgreementStyle::Nodes => {
                    entries.push((
                        "party to agreement",
                        c,
                        format!("color=\"{c}\", penwidth=0.9, arrowhead=none"),
                    ));
                    if agreement_mediators {
                        let (m, _, _) = EdgeClass::Mediation.style();
                        entries.push((
                            "mediator of agreement",
                            m,
                            format!("color=\"{m}\", style=dotted, penwidth=1.2, arrowhead=odot"),
                        ));
                    }
                }
                AgreementStyle::Edges => entries.push((
                    "agreement between",
                    c,
                    format!("color=\"{c}\", style=bold, dir=none"),
                )),
            }
        }
        let mut samples = Vec::new();
        for (i, (name, color, attrs)) in entries.iter().enumerate() {
            let a = format!("_legend_edge_{i}a");
            let b = format!("_legend_edge_{i}b");
            let _ = writeln!(
                out,
                "    {a} [label=\"\", shape=point, width=0.04, color=\"#999999\"];"
            );
            let _ = writeln!(
                out,
                "    {b} [label={}, shape=plaintext, fontcolor=\"{color}\", height=0.2];",
                quote(name)
            );
            let _ = writeln!(out, "    {a} -> {b} [{attrs}, tooltip={}];", quote(name));
            samples.push((a, b));
        }
        for (a, b) in samples {
            items.push((vec![a, b], 2));
        }
        let mut notes = Vec::new();
        if let Some(s) = &self.options.size_by {
            notes.push(format!("text size: {}", s.metric));
        }
        if let Some(h) = self
            .options
            .highlight
            .filter(|h| h.index() < g.node_count())
        {
            notes.push(format!("bold outline: focus ({})", g[h].label));
        }
        if !notes.is_empty() {
            let id = "_legend_notes";
            let _ = writeln!(
                out,
                "    {id} [label={}, shape=plaintext, fontsize=9];",
                quote(&notes.join("\n"))
            );
            items.push((vec![id.to_owned()], 2));
        }
        let mut width = 0;
        for (ids, w) in items {
            if rows.is_empty() || width + w > 4 {
                rows.push(Vec::new());
                width = 0;
            }
            width += w;
            rows.last_mut().expect("a row").extend(ids);
        }
        for (r, row) in rows.iter().enumerate() {
            let _ = writeln!(out, "    {{ rank=same; {}; }}", row.join("; "));
            for pair in row.windows(2) {
                // the sample edges themselves link a to b
                if !(pair[0].ends_with('a')
                    && pair[1].ends_with('b')
                    && pair[0].starts_with("_legend_edge_"))
                {
                    let _ = writeln!(out, "    {} -> {} [style=invis];", pair[0], pair[1]);
                }
            }
            if let Some(next) = rows.get(r + 1) {
                let _ = writeln!(out, "    {} -> {} [style=invis];", row[0], next[0]);
            }
        }
        out.push_str("  }\n");
    }
}

/// The Graphviz program [`run_graphviz`] runs: `$GRAPHVIZ_DOT` or `dot`.
pub fn graphviz_program() -> String {
    std::env::var("GRAPHVIZ_DOT")
        .ok()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "dot".to_owned())
}

/// What Graphviz drew, and what it warned about on the way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picture {
    pub bytes: Vec<u8>,
    /// Graphviz's warnings, one per line (for the caller to show).
    pub warnings: Vec<String>,
}

/// Runs Graphviz on DOT text (`dot -K<layout> -T<format>`) and returns the
/// picture with Graphviz's warnings; a failure is an error carrying
/// Graphviz's message; a missing `dot` says how to install it.
pub fn run_graphviz(dot: &str, layout: Layout, format: &str) -> Result<Picture> {
    let program = graphviz_program();
    let failed = |what: &str, e: std::io::Error| {
        Error::Graphviz(format!("{what} Graphviz's `{program}`: {e}"))
    };
    let mut child = match Command::new(&program)
        .arg(format!("-K{layout}"))
        .arg(format!("-T{format}"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(child) => child,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::Graphviz(format!(
                "Graphviz's `{program}` program was not found, and --render needs it. Install \
                 Graphviz: `apt-get install graphviz` (Debian, Ubuntu), `dnf install graphviz` \
                 (Fedora), `brew install graphviz` (macOS), `choco install graphviz` (Windows), or \
                 see https://graphviz.org/download/ ; set GRAPHVIZ_DOT to use a `dot` elsewhere, \
                 or leave out --render to write DOT text"
            )))
        }
        Err(e) => return Err(failed("cannot run", e)),
    };
    let mut stdin = child.stdin.take().expect("piped stdin");
    let text = dot.to_owned();
    let writer = std::thread::spawn(move || stdin.write_all(text.as_bytes()));
    let mut stderr = child.stderr.take().expect("piped stderr");
    let errors = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let mut picture = Vec::new();
    child
        .stdout
        .take()
        .expect("piped stdout")
        .read_to_end(&mut picture)
        .map_err(|e| failed("reading the output of", e))?;
    let status = child.wait().map_err(|e| failed("waiting for", e))?;
    let written = writer.join().expect("writer thread");
    let messages = errors.join().expect("stderr thread");
    if !status.success() {
        return Err(Error::Graphviz(format!(
            "Graphviz's `{program} -K{layout} -T{format}` failed ({status}): {}",
            messages.trim()
        )));
    }
    written.map_err(|e| failed("writing DOT to", e))?;
    Ok(Picture {
        bytes: picture,
        warnings: messages
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_owned)
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        assert_eq!(quote("a\"b"), r#""a\"b""#);
        assert_eq!(quote(r"C:\New\l"), r#""C:\\New\\l""#);
        assert_eq!(
            quote("one\ntwo\r\nthree\rfour"),
            r#""one\ntwo\nthree\nfour""#
        );
        assert_eq!(quote("AT&T <b>{x}</b>"), r#""AT&amp;T <b>{x}</b>""#);
        assert_eq!(
            quote("a\u{0}b\u{7}\u{FFFF}"),
            "\"a\u{FFFD}b\u{FFFD}\u{FFFD}\""
        );
        assert_eq!(quote("Նիկոլ Փաշինյան"), "\"Նիկոլ Փաշինյան\"");
    }

    #[test]
    fn ids_are_stable_and_safe() {
        let id = node_id("https://entente.example/id/Nagorno-Karabakh");
        assert!(id.starts_with("Nagorno_Karabakh_"), "{id}");
        assert_eq!(id, node_id("https://entente.example/id/Nagorno-Karabakh"));
        assert_ne!(id, node_id("https://other.example/id/Nagorno-Karabakh"));
        let odd = node_id("urn:x:1990/Bakı");
        assert!(odd.starts_with("Bak_"), "{odd}");
        let digits = node_id("http://example.org/actor/42");
        assert!(digits.starts_with("n42_"), "{digits}");
        let empty = node_id("http://example.org/");
        assert!(empty.starts_with("n_"), "{empty}");
        for id in [id, odd, digits, empty] {
            assert!(id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
        }
    }

    #[test]
    fn classes() {
        assert_eq!(EdgeClass::of("allied", 1), (EdgeClass::Alliance, false));
        assert_eq!(
            EdgeClass::of("defence pact", 1),
            (EdgeClass::Alliance, false)
        );
        assert_eq!(EdgeClass::of("backs", 1), (EdgeClass::Backing, true));
        assert_eq!(
            EdgeClass::of("military support", 0),
            (EdgeClass::Backing, true)
        );
        assert_eq!(EdgeClass::of("hostile", -1), (EdgeClass::Hostility, false));
        assert_eq!(EdgeClass::of("attacks", -1), (EdgeClass::Hostility, true));
        assert_eq!(EdgeClass::of("accuses", -1), (EdgeClass::Hostility, true));
        assert_eq!(EdgeClass::of("war", -1), (EdgeClass::Hostility, false));
        assert_eq!(EdgeClass::of("blockades", 0), (EdgeClass::Hostility, true));
        assert_eq!(EdgeClass::of("mediates", 0), (EdgeClass::Mediation, true));
        assert_eq!(EdgeClass::of("talks", 0), (EdgeClass::Mediation, false));
        assert_eq!(EdgeClass::of("allyOf", 0), (EdgeClass::Alliance, false));
        assert_eq!(EdgeClass::of("hostileTo", 0), (EdgeClass::Hostility, false));
        assert_eq!(EdgeClass::of("whatever", 0), (EdgeClass::Other, true));
        assert_eq!(EdgeClass::of("accuses", -1), (EdgeClass::Hostility, true));
        assert_eq!(EdgeClass::of("recognises", 1), (EdgeClass::Backing, true));
        assert_eq!(EdgeClass::of("mediates", 1), (EdgeClass::Mediation, true));
    }

    #[test]
    fn dates() {
        let r = |kind: &str, s: Option<&str>, e: Option<&str>| Relation {
            kind: kind.into(),
            sign: 0,
            weight: 1.0,
            start: s.map(Into::into),
            end: e.map(Into::into),
            graph: None,
            source_label: None,
        };
        let d = |rel: Relation| relation_date(&rel, EdgeClass::of(&rel.kind, rel.sign).0);
        assert_eq!(d(r("allied", Some("1992"), None)).unwrap(), "since 1992");
        assert_eq!(
            d(r("attacks", Some("2023-09-19T13:00:00+04:00"), None)).unwrap(),
            "2023-09-19"
        );
        assert_eq!(
            d(r("blockades", Some("2022-12-12"), Some("2023-09-19"))).unwrap(),
            "2022-12-12 – 2023-09-19"
        );
        assert_eq!(d(r("talks", None, None)), None);
    }

    #[test]
    fn auto_layout() {
        assert_eq!(Layout::auto(30, 60), Layout::Dot);
        assert_eq!(Layout::auto(DOT_MAX_NODES + 1, 10), Layout::Sfdp);
        assert_eq!(Layout::auto(10, DOT_MAX_EDGES + 1), Layout::Sfdp);
        assert_eq!("SFDP".parse::<Layout>().unwrap(), Layout::Sfdp);
        assert!("spring".parse::<Layout>().is_err());
    }
}
