//! The verbs of the command line, one file each: its arguments and one `run`.
//!
//! A question verb resolves names, binds them to a named query's variables
//! and prints the answer; the query file is the single truth of what it asks.

pub mod actors;
pub mod allies;
pub mod backers;
pub mod claims;
pub mod describe;
pub mod load;
pub mod mediators;
pub mod query;

use crate::output::{self, OutputFormat};
use crate::queries::NamedQuery;
use crate::store::KnowledgeGraph;
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

    /// Output format: a table on a terminal, TSV otherwise.
    #[arg(long, short = 'f', global = true, value_enum)]
    pub format: Option<OutputFormat>,
}

impl Global {
    /// The knowledge graph the options name.
    pub fn open(&self) -> Result<KnowledgeGraph> {
        match &self.store {
            Some(dir) => KnowledgeGraph::open(dir),
            None => KnowledgeGraph::with_seed_data(),
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

/// Binds a resolved name to a variable.
pub fn bind(variable: &str, named: &crate::resolve::Named) -> (String, Term) {
    (variable.to_owned(), named.iri.clone().into())
}
