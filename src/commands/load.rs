//! `entente load` and `entente check`: adding files to a persistent store,
//! or validating them against the ontology without loading.

use super::Global;
use anyhow::{bail, Result};
use entente::store::{LoadOptions, Source};
use oxigraph::model::NamedNode;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct LoadArgs {
    /// Turtle (.ttl), TriG (.trig), N-Triples (.nt) or N-Quads (.nq) files.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,

    /// The named graph for triples outside any graph (default: the file's own `file://` IRI).
    #[arg(long, value_name = "IRI")]
    pub graph: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files to parse and check against the ontology.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
}

pub fn load(args: &LoadArgs, global: &Global) -> Result<()> {
    if global.store.is_none() {
        bail!("`entente load` adds files to a persistent store: give it one with --store DIR (the default store lives in memory and is rebuilt on every run)");
    }
    let graph = global.open_for_writing()?;
    let target = match args.graph.as_deref() {
        Some(iri) => Some(NamedNode::new(iri).map_err(|e| anyhow::anyhow!("--graph {iri}: {e}"))?),
        None => None,
    };
    let sources: Vec<Source> = args.files.iter().map(|p| Source::Path(p)).collect();
    let bars = super::terminal::Bars::default();
    let report = graph.load(
        &sources,
        &LoadOptions {
            graph: target.as_ref(),
            progress: &bars,
        },
    )?;
    super::note!(
        "loaded {} statements from {} file{}; the store holds {} quads",
        report.statements,
        report.files,
        if report.files == 1 { "" } else { "s" },
        report.store_size
    );
    Ok(())
}

pub fn check(args: &CheckArgs, _global: &Global) -> Result<()> {
    let graph = entente::store::KnowledgeGraph::with_ontology_only()?;
    let sources: Vec<Source> = args.files.iter().map(|p| Source::Path(p)).collect();
    let statements = graph.check(&sources)?;
    super::note!(
        "{} file{} ok: {statements} statements, every ent: term declared",
        sources.len(),
        if sources.len() == 1 { "" } else { "s" }
    );
    Ok(())
}
