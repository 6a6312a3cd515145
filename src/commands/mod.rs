//! The verbs of the command line, one file each: its arguments and one `run`.
//!
//! A question verb resolves names, binds them to a named query's variables
//! and prints the answer; the query file is the single truth of what it asks.

pub mod actors;
pub mod allies;
pub mod backers;
pub mod balance;
pub mod brokers;
pub mod claims;
pub mod describe;
pub mod dot;
pub mod import;
pub mod influence;
pub mod load;
pub mod mediators;
pub mod path;
pub mod query;

use crate::output::{self, OutputFormat};
use crate::queries::NamedQuery;
use crate::store::{KnowledgeGraph, Source};
use anyhow::{Context, Result};
use oxigraph::model::Term;
use std::io::Write;
use std::path::PathBuf;

/// Options every verb takes.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct Global {
    /// A persistent store (RocksDB) in this folder instead of the in-memory
    /// store with the compiled-in data; created with the ontology and seed
    /// data when new. Needs the `rocksdb` feature.
    #[arg(long, global = true, value_name = "DIR", env = "ENTENTE_STORE")]
    pub store: Option<PathBuf>,

    /// Also reads these RDF files into the in-memory store for this run
    /// (to keep them, load them into a persistent store with `entente load`).
    #[arg(long = "with", global = true, value_name = "FILE")]
    pub with: Vec<PathBuf>,

    /// Output format: a table on a terminal, TSV otherwise.
    #[arg(long, short = 'f', global = true, value_enum)]
    pub format: Option<OutputFormat>,
}

impl Global {
    /// The knowledge graph the options name.
    pub fn open(&self) -> Result<KnowledgeGraph> {
        match &self.store {
            Some(dir) if self.with.is_empty() => KnowledgeGraph::open(dir),
            Some(_) => anyhow::bail!("--with reads files into the in-memory store; to add them to --store, run `entente load --store DIR FILE…`"),
            None => {
                let graph = KnowledgeGraph::with_seed_data()?;
                if !self.with.is_empty() {
                    let sources: Vec<Source> = self.with.iter().map(|p| Source::Path(p)).collect();
                    graph.load(&sources, None, true)?;
                }
                Ok(graph)
            }
        }
    }

    pub fn format(&self) -> OutputFormat {
        self.format.unwrap_or_else(OutputFormat::default_for_stdout)
    }
}

/// Runs a named query with bindings and prints its answer.
pub fn answer(
    graph: &KnowledgeGraph,
    query: &NamedQuery,
    bindings: &[(String, Term)],
    global: &Global,
) -> Result<()> {
    for (name, _) in bindings {
        if !query.has_param(name) && !query.sparql.contains(&format!("?{name}")) {
            anyhow::bail!("the query {} has no parameter {name:?}", query.name);
        }
    }
    let results = graph
        .query(&query.sparql, bindings)
        .with_context(|| format!("in the query {}", query.name))?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    output::write(graph, results, global.format(), &mut out)?;
    out.flush()?;
    Ok(())
}

/// The `?asOf` binding of a question's `--as-of DATE` (queries compare it
/// with their dates as ISO strings, a bound's year or month counting whole).
pub fn as_of(date: Option<&str>) -> Result<Option<(String, Term)>> {
    let Some(date) = date else { return Ok(None) };
    // A partial date means its first day, as for the analyses' --as-of.
    let day = crate::analysis::filter::date_bound(date, false).with_context(|| {
        format!("--as-of {date:?}: not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)")
    })?;
    Ok(Some((
        "asOf".to_owned(),
        oxigraph::model::Literal::new_simple_literal(day).into(),
    )))
}

/// Binds a resolved name to a variable.
pub fn bind(variable: &str, named: &crate::resolve::Named) -> (String, Term) {
    (variable.to_owned(), named.iri.clone().into())
}

/// Which relations an analysis sees: the view query and its filters.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ViewArgs {
    /// A view query (.rq) selecting ?source ?target ?kind ?sign ?weight
    /// ?start ?end ?graph, one row per relation (default: queries/view.rq).
    #[arg(long, value_name = "FILE")]
    pub view: Option<PathBuf>,

    /// Only relations in force on this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,

    /// Only relations of these kinds (backs, allied, defence-pact, hostile,
    /// attacks, blockades, mediates, talks…).
    #[arg(long, value_delimiter = ',', value_name = "KIND,…")]
    pub relations: Vec<String>,

    /// Only relations claimed by this source (an actor, or a graph IRI).
    #[arg(long, value_name = "NAME")]
    pub source: Option<String>,
}

impl ViewArgs {
    /// The actor graph of the view, filtered.
    pub fn actor_graph(&self, graph: &KnowledgeGraph) -> Result<crate::view::ActorGraph> {
        let text = match &self.view {
            Some(path) => Some(
                std::fs::read_to_string(path)
                    .with_context(|| format!("cannot read {}", path.display()))?,
            ),
            None => None,
        };
        let actors = crate::view::from_store(graph, text.as_deref())?;
        let mut filter = crate::analysis::Filter {
            as_of: self.as_of.clone(),
            kinds: self.relations.clone(),
            ..Default::default()
        };
        if let Some(source) = &self.source {
            filter.sources = source_graphs(graph, source)?;
        }
        if filter == crate::analysis::Filter::default() {
            return Ok(actors);
        }
        crate::analysis::filter(&actors, &filter)
    }
}

/// The claim graphs of a source: those attributed to the actor a name
/// resolves to (or relayed by it, as The Guardian relays Stepanakert), else the name itself (a graph IRI or label).
fn source_graphs(graph: &KnowledgeGraph, name: &str) -> Result<Vec<String>> {
    let Ok(source) = crate::resolve::resolve(graph, name) else {
        return Ok(vec![name.to_owned()]);
    };
    let rows = output::Rows::collect(graph.query(
        "SELECT DISTINCT ?g WHERE { ?g prov:wasAttributedTo|(prov:wasQuotedFrom/prov:wasAttributedTo) ?who }",
        &[("who".to_owned(), source.iri.clone().into())],
    )?)?;
    let graphs: Vec<String> = rows
        .rows
        .iter()
        .filter_map(|r| match &r[0] {
            Some(Term::NamedNode(g)) => Some(g.as_str().to_owned()),
            _ => None,
        })
        .collect();
    if graphs.is_empty() {
        anyhow::bail!("no claims are attributed to {name:?}");
    }
    Ok(graphs)
}

/// The node of a named actor in the view, or why it is not there.
pub fn actor_in_view(
    store: &KnowledgeGraph,
    graph: &crate::view::ActorGraph,
    name: &str,
) -> Result<petgraph::graph::NodeIndex> {
    let named = crate::resolve::resolve(store, name)?;
    graph.find(named.iri.as_str()).with_context(|| {
        format!(
            "{} has no relations in this view (after --as-of, --relations and --source)",
            named.label.as_deref().unwrap_or(named.iri.as_str())
        )
    })
}
