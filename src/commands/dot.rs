//! `entente dot`: the actor graph as a Graphviz diagram.
//!
//! The graph is the view (`queries/view.rq`, or `--query FILE`: a
//! view-shaped SELECT or a CONSTRUCT), filtered (`--as-of`, `--relations`,
//! `--source`), cut to a neighbourhood (`--focus NAME --depth K`) and to the
//! most central actors (`--top N`), drawn by [`crate::export::dot`]. Node
//! sizes (`--size-by`) and camps (`--camps`) come from [`crate::analysis`];
//! agreements (`--agreements`) from [`AGREEMENTS_QUERY`].
//!
//! Without `--render`, DOT text goes to `-o FILE` or stdout; with it (or with
//! `-o` ending in `.svg`, `.png` or `.pdf`) Graphviz draws the picture.
//!
//! Examples:
//!
//! ```text
//! entente dot --agreements nodes --render svg -o docs/seed.svg
//! entente dot --focus Stepanakert --depth 1 --size-by pagerank -o nk.svg
//! entente dot --relations hostile,attacks,blockades --as-of 2023-09-19 | dot -Tpng > war.png
//! ```

use super::{Global, ViewArgs};
use crate::analysis::{self, balance, centrality};
use crate::export::dot::{
    self as draw, AgreementDrawing, AgreementStyle, DotOptions, Layout, NodeSizes,
};
use crate::output::Rows;
use crate::store::KnowledgeGraph;
use crate::view::{local_name, Actor, ActorGraph, Relation};
use crate::{resolve, vocab};
use anyhow::{bail, Context, Result};
use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Agreements with their parties and mediators (kept here rather than in
/// `queries/`: it feeds the drawing, it is not a question of its own).
/// Mediators are named on the agreement (`ent:mediator`) or on a mediation
/// node (`ent:mediatedAgreement`).
pub const AGREEMENTS_QUERY: &str = r#"PREFIX ent: <https://entente.example/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?agreement ?label ?date ?role ?actor
WHERE {
  ?agreement a/rdfs:subClassOf* ent:Agreement .
  { ?agreement ent:party ?actor . BIND ("party" AS ?role) }
  UNION
  { ?agreement ent:mediator ?actor . BIND ("mediator" AS ?role) }
  UNION
  { ?mediation ent:mediatedAgreement ?agreement ; ent:mediator ?actor . BIND ("mediator" AS ?role) }
  OPTIONAL { ?agreement skos:prefLabel ?pref . FILTER (LANGMATCHES(LANG(?pref), "en") || LANG(?pref) = "") }
  OPTIONAL { ?agreement rdfs:label ?rdfsLabel }
  OPTIONAL { ?agreement ent:agreedOn ?agreed }
  OPTIONAL { ?agreement ent:inForceFrom ?inForce }
  BIND (COALESCE(?pref, ?rdfsLabel) AS ?label)
  BIND (COALESCE(?agreed, ?inForce) AS ?date)
}
ORDER BY ?agreement ?role ?actor ?label ?date"#;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SizeBy {
    Pagerank,
    Degree,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Agreements {
    /// A small box per agreement linked to its parties and mediators.
    Nodes,
    /// A captioned edge between each pair of parties.
    Edges,
    /// Not drawn.
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RenderFormat {
    Svg,
    Png,
    Pdf,
}

impl RenderFormat {
    fn as_str(self) -> &'static str {
        match self {
            RenderFormat::Svg => "svg",
            RenderFormat::Png => "png",
            RenderFormat::Pdf => "pdf",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LayoutArg {
    Dot,
    Neato,
    Fdp,
    Sfdp,
    Circo,
}

impl From<LayoutArg> for Layout {
    fn from(l: LayoutArg) -> Layout {
        match l {
            LayoutArg::Dot => Layout::Dot,
            LayoutArg::Neato => Layout::Neato,
            LayoutArg::Fdp => Layout::Fdp,
            LayoutArg::Sfdp => Layout::Sfdp,
            LayoutArg::Circo => Layout::Circo,
        }
    }
}

/// Draws the actor graph with Graphviz: actors shaped and coloured by kind,
/// relations styled by class (alliance, backing, hostility, mediation), a
/// legend. DOT text to stdout or `-o FILE`; a picture with `--render`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Draw only the neighbourhood of this actor (name, alias, prefixed name or IRI).
    #[arg(long, value_name = "NAME")]
    pub focus: Option<String>,

    /// Hops around --focus, following relations both ways.
    #[arg(long, default_value_t = 1, value_name = "K", requires = "focus")]
    pub depth: usize,

    /// The view and its filters (--view, --as-of, --relations, --source).
    #[command(flatten)]
    pub view: ViewArgs,

    /// Draw the graph of this query instead of the view: a CONSTRUCT (each triple
    /// between two resources is a relation; --relations applies) or a SELECT with the
    /// view's columns (as --view).
    #[arg(long, value_name = "FILE")]
    pub query: Option<PathBuf>,

    /// Node (text) size from a centrality of the drawn view.
    #[arg(long, value_enum, value_name = "METRIC")]
    pub size_by: Option<SizeBy>,

    /// One cluster per camp of the structural-balance analysis.
    #[arg(long)]
    pub camps: bool,

    /// Draw agreements as box nodes linked to parties and mediators, or as captions of
    /// edges between the parties.
    #[arg(long, value_enum, value_name = "STYLE", default_value = "none")]
    pub agreements: Agreements,

    /// Write to this file (DOT text, or the picture with --render or a .svg/.png/.pdf
    /// name) instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Run Graphviz and write a picture in this format.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub render: Option<RenderFormat>,

    /// Graphviz layout engine. Default: dot for small drawings, sfdp above
    /// 100 actors or 400 edges (dot takes minutes on big, hub-heavy graphs).
    #[arg(long, value_enum, value_name = "ENGINE")]
    pub layout: Option<LayoutArg>,

    /// Keep only the N most central actors (by --size-by, PageRank by default).
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,

    /// A title for the picture (default: what is drawn).
    #[arg(long)]
    pub title: Option<String>,

    /// Leave out the legend.
    #[arg(long)]
    pub no_legend: bool,
}

pub fn run(args: &Args, global: &Global) -> Result<()> {
    let kg = global.open()?;
    let graph = match &args.query {
        Some(_) if args.view.view.is_some() => {
            bail!("--query and --view both name the graph: give one")
        }
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read the query {}", path.display()))?;
            match query_form(&text) {
                Some("CONSTRUCT") | Some("DESCRIBE") => {
                    if args.view.as_of.is_some() || args.view.source.is_some() {
                        bail!(
                            "--as-of and --source filter a view's dated, sourced rows; the \
                             triples of a CONSTRUCT have neither (use a SELECT view query)"
                        );
                    }
                    let graph = graph_from_construct(&kg, &text)
                        .with_context(|| format!("in the query {}", path.display()))?;
                    analysis::filter(
                        &graph,
                        &analysis::Filter {
                            kinds: args.view.relations.clone(),
                            ..analysis::Filter::default()
                        },
                    )?
                }
                Some("SELECT") => ViewArgs {
                    view: Some(path.clone()),
                    ..args.view.clone()
                }
                .actor_graph(&kg)?,
                _ => bail!(
                    "{}: --query takes a CONSTRUCT or a SELECT with the view's columns",
                    path.display()
                ),
            }
        }
        None => args.view.actor_graph(&kg)?,
    };

    // What to draw: the actors with a relation left, cut to the focus and the top.
    let focus = match &args.focus {
        Some(name) => {
            let named = resolve::resolve(&kg, name)?;
            match graph.find(named.iri.as_str()) {
                Some(ix) => Some(ix),
                None => bail!(
                    "{name} ({}) has no relation in the view{}",
                    named.label.as_deref().unwrap_or(named.iri.as_str()),
                    if args.view.as_of.is_some()
                        || !args.view.relations.is_empty()
                        || args.view.source.is_some()
                    {
                        " with these filters"
                    } else {
                        ""
                    }
                ),
            }
        }
        None => None,
    };
    let mut include: BTreeSet<_> = match focus {
        Some(centre) => draw::neighbourhood(&graph, centre, args.depth),
        None => graph
            .graph
            .node_indices()
            .filter(|&v| graph.graph.neighbors_undirected(v).next().is_some())
            .collect(),
    };
    let metric = args.size_by.unwrap_or(SizeBy::Pagerank);
    let scores = if args.size_by.is_some() || args.top.is_some() {
        Some(scores(&graph, metric)?)
    } else {
        None
    };
    if let (Some(n), Some(s)) = (args.top, &scores) {
        include = draw::top_nodes(&graph, s, n, Some(&include), focus);
    }
    if include.is_empty() {
        bail!("nothing to draw: no relation passes the filters");
    }

    let camps = if args.camps {
        let report = balance::balance(&graph, &balance::BalanceOptions::default());
        let mut camp_of = vec![None; graph.actor_count()];
        let mut names = Vec::new();
        for (c, members) in report.camps.iter().enumerate() {
            for v in members {
                camp_of[v.index()] = Some(c);
            }
            let leader = members
                .iter()
                .filter(|v| include.contains(v))
                .max_by(|a, b| {
                    let d = |v: &petgraph::graph::NodeIndex| {
                        graph.graph.neighbors_undirected(*v).count()
                    };
                    d(a).cmp(&d(b))
                        .then_with(|| graph.graph[**b].iri.cmp(&graph.graph[**a].iri))
                })
                .map(|v| graph.graph[*v].label.clone());
            names.push(match leader {
                Some(l) => format!("Camp {} (with {l})", c + 1),
                None => format!("Camp {}", c + 1),
            });
        }
        Some((camp_of, names))
    } else {
        None
    };

    let agreements = match args.agreements {
        Agreements::None => Vec::new(),
        _ => agreements(&kg, &graph, args.view.as_of.as_deref())?,
    };

    let mut options = DotOptions {
        title: Some(
            args.title
                .clone()
                .unwrap_or_else(|| title(args, &graph, focus)),
        ),
        layout: args.layout.map(Layout::from),
        include: Some(include),
        highlight: focus,
        size_by: args.size_by.and(scores).map(|scores| NodeSizes {
            metric: match metric {
                SizeBy::Pagerank => "pagerank".to_owned(),
                SizeBy::Degree => "degree".to_owned(),
            },
            scores,
        }),
        agreements,
        agreement_style: match args.agreements {
            Agreements::Edges => AgreementStyle::Edges,
            _ => AgreementStyle::Nodes,
        },
        legend: !args.no_legend,
        ..DotOptions::default()
    };
    if let Some((camp_of, names)) = camps {
        options.camps = Some(camp_of);
        options.camp_names = names;
    }
    let (layout, nodes, edges) = draw::plan(&graph, &options);
    match args.layout {
        None if layout != Layout::Dot => eprintln!(
            "entente: {nodes} actors and {edges} edges to draw: laying out with {layout} \
             (dot is slow above {} actors or {} edges; --layout dot to insist, --top N or \
             --focus NAME to draw less)",
            draw::DOT_MAX_NODES,
            draw::DOT_MAX_EDGES
        ),
        Some(LayoutArg::Dot) if nodes > draw::DOT_MAX_NODES || edges > draw::DOT_MAX_EDGES => {
            eprintln!(
                "entente: warning: dot on {nodes} actors and {edges} edges may take minutes \
                 (sfdp takes seconds)"
            )
        }
        _ => {}
    }
    let text = draw::render(&graph, &options);

    let format = args
        .render
        .map(RenderFormat::as_str)
        .or_else(|| args.output.as_deref().and_then(picture_format_of));
    let bytes = match format {
        Some(format) => draw::run_graphviz(&text, layout, format)?,
        None => text.into_bytes(),
    };
    match &args.output {
        Some(path) => std::fs::write(path, &bytes)
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => {
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            out.write_all(&bytes)?;
            out.flush()?;
        }
    }
    Ok(())
}

/// `svg`, `png` or `pdf` when a file name asks for a picture.
fn picture_format_of(path: &Path) -> Option<&'static str> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "svg" => Some("svg"),
        "png" => Some("png"),
        "pdf" => Some("pdf"),
        _ => None,
    }
}

/// One score per node from the analysis module.
fn scores(graph: &ActorGraph, metric: SizeBy) -> Result<Vec<f64>> {
    Ok(match metric {
        SizeBy::Pagerank => {
            centrality::pagerank(graph, &centrality::PageRankOptions::default())?.scores
        }
        SizeBy::Degree => {
            centrality::degree(
                graph,
                &centrality::InfluenceOptions {
                    direction: analysis::Direction::Undirected,
                    ..centrality::InfluenceOptions::default()
                },
            )
            .scores
        }
    })
}

/// "Nagorno-Karabakh and its neighbours (2 hops), as of 2023-09-19" and the like.
fn title(args: &Args, graph: &ActorGraph, focus: Option<petgraph::graph::NodeIndex>) -> String {
    let mut t = match focus {
        Some(f) if args.depth == 1 => format!("{} and its neighbours", graph.graph[f].label),
        Some(f) => format!("{} within {} hops", graph.graph[f].label, args.depth),
        None => "Actors and relations".to_owned(),
    };
    if let Some(n) = args.top {
        t.push_str(&format!(", the {n} most central"));
    }
    if !args.view.relations.is_empty() {
        t.push_str(&format!(": {}", args.view.relations.join(", ")));
    }
    if let Some(d) = &args.view.as_of {
        t.push_str(&format!(", as of {d}"));
    }
    if let Some(s) = &args.view.source {
        t.push_str(&format!(", according to {s}"));
    }
    t
}

/// The query's form (`SELECT`, `CONSTRUCT`, `DESCRIBE`, `ASK`): its first
/// keyword outside IRIs, strings and comments.
pub fn query_form(text: &str) -> Option<&'static str> {
    let mut cleaned = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '<' => {
                // an IRI: skip to '>' if it closes before a space
                let rest: String = chars.clone().take_while(|&c| c != '>').collect();
                if !rest.contains(char::is_whitespace)
                    && chars.clone().nth(rest.chars().count()) == Some('>')
                {
                    for _ in 0..=rest.chars().count() {
                        chars.next();
                    }
                    cleaned.push(' ');
                } else {
                    cleaned.push(c);
                }
            }
            '#' => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
                cleaned.push('\n');
            }
            '"' | '\'' => {
                let quote = c;
                while let Some(c) = chars.next() {
                    if c == '\\' {
                        chars.next();
                    } else if c == quote {
                        break;
                    }
                }
                cleaned.push(' ');
            }
            c => cleaned.push(c),
        }
    }
    cleaned
        .split(|c: char| !c.is_alphanumeric() && c != '_')
        .find_map(|w| match w.to_ascii_uppercase().as_str() {
            "SELECT" => Some("SELECT"),
            "CONSTRUCT" => Some("CONSTRUCT"),
            "DESCRIBE" => Some("DESCRIBE"),
            "ASK" => Some("ASK"),
            _ => None,
        })
}

/// The graph of a CONSTRUCT: every triple between two resources is a
/// relation (kind = the predicate's local name, sign from its class); labels,
/// aliases and kinds come from the triples themselves, then from the store.
fn graph_from_construct(kg: &KnowledgeGraph, text: &str) -> Result<ActorGraph> {
    let QueryResults::Graph(triples) = kg.query(text, &[])? else {
        bail!("expected a CONSTRUCT or DESCRIBE query");
    };
    let rdf_type = format!("{}type", vocab_ns("rdf"));
    let labels = [
        format!("{}prefLabel", vocab_ns("skos")),
        format!("{}label", vocab_ns("rdfs")),
    ];
    let alt = format!("{}altLabel", vocab_ns("skos"));
    let ent = vocab_ns("ent");
    let mut graph = ActorGraph::new();
    let mut described: HashMap<String, Described> = HashMap::new();
    let id = |t: &Term| -> Option<String> {
        match t {
            Term::NamedNode(n) => Some(n.as_str().to_owned()),
            Term::BlankNode(b) => Some(b.to_string()),
            _ => None,
        }
    };
    for triple in triples {
        let triple = triple.map_err(|e| anyhow::anyhow!("query failed: {e}"))?;
        let subject = match &triple.subject {
            oxigraph::model::NamedOrBlankNode::NamedNode(n) => n.as_str().to_owned(),
            oxigraph::model::NamedOrBlankNode::BlankNode(b) => b.to_string(),
        };
        let p = triple.predicate.as_str();
        match &triple.object {
            Term::Literal(l) if labels.iter().any(|x| x == p) => {
                let e = described.entry(subject.clone()).or_default();
                if e.0.is_none() || p == labels[0] {
                    e.0 = Some(l.value().to_owned());
                }
            }
            Term::Literal(l) if p == alt => {
                described
                    .entry(subject.clone())
                    .or_default()
                    .2
                    .insert(l.value().to_owned());
            }
            Term::NamedNode(k) if p == rdf_type => {
                if let Some(kind) = k.as_str().strip_prefix(ent.as_str()) {
                    if kind != "Actor" {
                        described
                            .entry(subject.clone())
                            .or_default()
                            .1
                            .get_or_insert_with(|| kind.to_owned());
                    }
                }
            }
            object => {
                if let Some(o) = id(object) {
                    let kind = local_name(p).to_owned();
                    let (class, _) = draw::EdgeClass::of(&kind, 0);
                    let sign = match class {
                        draw::EdgeClass::Alliance | draw::EdgeClass::Backing => 1,
                        draw::EdgeClass::Hostility => -1,
                        _ => 0,
                    };
                    let s = graph.actor_by_iri(&subject);
                    let t = graph.actor_by_iri(&o);
                    graph.relate(s, t, Relation::new(kind, sign));
                }
            }
        }
    }
    // Labels and kinds the CONSTRUCT did not give: from the store.
    let rows = Rows::collect(kg.query(
        "SELECT ?actor ?label ?kind WHERE {
           ?actor a ?type .
           OPTIONAL { ?actor skos:prefLabel ?label FILTER(LANGMATCHES(LANG(?label), 'en') || LANG(?label) = '') }
           OPTIONAL { ?actor a ?kind FILTER(STRSTARTS(STR(?kind), STR(ent:)) && ?kind != ent:Actor) }
         } ORDER BY ?actor ?label ?kind",
        &[],
    )?)?;
    let mut from_store: BTreeMap<String, (Option<String>, Option<String>)> = BTreeMap::new();
    for row in rows.rows {
        let Some(Term::NamedNode(actor)) = &row[0] else {
            continue;
        };
        if graph.find(actor.as_str()).is_none() {
            continue;
        }
        let e = from_store.entry(actor.as_str().to_owned()).or_default();
        if let (None, Some(Term::Literal(l))) = (&e.0, &row[1]) {
            e.0 = Some(l.value().to_owned());
        }
        if let (None, Some(Term::NamedNode(k))) = (&e.1, &row[2]) {
            e.1 = Some(local_name(k.as_str()).to_owned());
        }
    }
    for node in graph.graph.node_weights_mut() {
        let Actor {
            iri,
            label,
            kind,
            aliases,
        } = node;
        let (l, k, a) = described.remove(iri.as_str()).unwrap_or_default();
        let (sl, sk) = from_store.remove(iri.as_str()).unwrap_or_default();
        if let Some(l) = l.or(sl) {
            *label = l;
        }
        *kind = k.or(sk);
        *aliases = a.into_iter().collect();
    }
    if graph.relation_count() == 0 {
        bail!("the CONSTRUCT gave no triple between two resources: nothing to draw");
    }
    Ok(graph)
}

/// Label, kind and aliases a CONSTRUCT gives a resource.
type Described = (Option<String>, Option<String>, BTreeSet<String>);

fn vocab_ns(prefix: &str) -> String {
    vocab::PREFIXES
        .iter()
        .find(|(p, _)| *p == prefix)
        .map(|(_, ns)| (*ns).to_owned())
        .unwrap_or_default()
}

/// The agreements of the store whose parties or mediators are in the graph
/// (agreed on or before `as_of`, when given).
fn agreements(
    kg: &KnowledgeGraph,
    graph: &ActorGraph,
    as_of: Option<&str>,
) -> Result<Vec<AgreementDrawing>> {
    let rows = Rows::collect(
        kg.query(AGREEMENTS_QUERY, &[])
            .context("in the agreements query")?,
    )?;
    let day = match as_of {
        Some(d) => Some(
            analysis::filter::date_bound(d, false).with_context(|| format!("not a date: {d:?}"))?,
        ),
        None => None,
    };
    let mut by_iri: BTreeMap<String, AgreementDrawing> = BTreeMap::new();
    for row in rows.rows {
        let Some(Term::NamedNode(agreement)) = &row[0] else {
            continue;
        };
        let text = |t: &Option<Term>| match t {
            Some(Term::Literal(l)) => Some(l.value().to_owned()),
            _ => None,
        };
        let entry = by_iri
            .entry(agreement.as_str().to_owned())
            .or_insert_with(|| AgreementDrawing {
                iri: agreement.as_str().to_owned(),
                label: local_name(agreement.as_str()).to_owned(),
                date: None,
                parties: Vec::new(),
                mediators: Vec::new(),
            });
        if let Some(label) = text(&row[1]) {
            if entry.label == local_name(agreement.as_str()) {
                entry.label = label;
            }
        }
        if entry.date.is_none() {
            entry.date = text(&row[2]);
        }
        let Some(Term::NamedNode(actor)) = &row[4] else {
            continue;
        };
        let Some(ix) = graph.find(actor.as_str()) else {
            continue;
        };
        let list = match text(&row[3]).as_deref() {
            Some("mediator") => &mut entry.mediators,
            _ => &mut entry.parties,
        };
        if !list.contains(&ix) {
            list.push(ix);
        }
    }
    Ok(by_iri
        .into_values()
        .filter(|a| !a.parties.is_empty() || !a.mediators.is_empty())
        .filter(|a| match (&day, a.date.as_deref()) {
            (Some(day), Some(date)) => {
                analysis::filter::date_bound(date, false).is_none_or(|d| d <= *day)
            }
            _ => true,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        assert_eq!(
            query_form("PREFIX ent: <https://e.example/select#>\n# SELECT in a comment\nCONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"),
            Some("CONSTRUCT")
        );
        assert_eq!(
            query_form("prefix x: <urn:x>\nselect * where { ?s ?p \"construct\" }"),
            Some("SELECT")
        );
        assert_eq!(query_form("BASE <urn:x> ASK { ?s ?p ?o }"), Some("ASK"));
        assert_eq!(
            query_form("SELECT ?a WHERE { FILTER(?a < 3 && ?b > 2) }"),
            Some("SELECT")
        );
        assert_eq!(query_form("# nothing"), None);
    }

    #[test]
    fn picture_formats() {
        assert_eq!(picture_format_of(Path::new("a/b.SVG")), Some("svg"));
        assert_eq!(picture_format_of(Path::new("b.dot")), None);
        assert_eq!(picture_format_of(Path::new("b")), None);
    }
}
