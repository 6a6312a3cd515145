//! The drawing: which nodes and merged edges are drawn, then the DOT
//! statements, written in sorted order.

use super::ids::{id_with, link, node_id, quote};
use super::style::{EdgeClass, NodeKind, AGREEMENT_COLOR};
use super::{AgreementDrawing, AgreementStyle, DotOptions, Layout, DOT_MAX_NODES, EDGE_LABELS_MAX};
use crate::{local_name, Actor, ActorGraph, Relation};
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;

const FONT: &str = "Helvetica";

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

struct DrawnEdge {
    tail: String,
    head: String,
    tail_label: String,
    head_label: String,
    class: EdgeClass,
    directed: bool,
    kinds: BTreeSet<String>,
    dates: BTreeSet<String>,
    sources: BTreeSet<String>,
    claims: usize,
}

/// What is drawn: actors, merged edges, agreements, before writing DOT.
pub(super) struct Drawing<'a> {
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
    pub(super) fn new(graph: &'a ActorGraph, options: &'a DotOptions) -> Self {
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
                class,
                directed,
                kinds: BTreeSet::new(),
                dates: BTreeSet::new(),
                sources: BTreeSet::new(),
                claims: 0,
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

    /// The layout written into the DOT, the actors and the edges drawn.
    pub(super) fn plan(&self) -> (Layout, usize, usize) {
        (self.layout, self.nodes.len(), self.edges.len())
    }

    pub(super) fn to_dot(&self) -> String {
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
        if let Some(url) = self
            .options
            .links
            .as_ref()
            .and_then(|links| links.get(n.ix.index())?.as_deref())
        {
            let _ = write!(attrs, ", href={}", link(url));
        }
        let _ = writeln!(out, "{indent}{} [{attrs}];", n.id);
    }

    fn write_edge(&self, out: &mut String, e: &DrawnEdge) {
        let (color, style, width) = e.class.style();
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
        let mut classes: BTreeSet<(EdgeClass, bool)> =
            self.edges.iter().map(|e| (e.class, e.directed)).collect();
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
