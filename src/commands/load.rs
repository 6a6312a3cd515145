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

    /// With --endpoint: the server's SPARQL 1.1 Graph Store Protocol URL
    /// (Oxigraph server: http://HOST:PORT/store). Each file goes in one
    /// POST, all of it or nothing on Oxigraph's server, blank nodes
    /// included; the rules go to --endpoint. Without it, files go to
    /// --endpoint as SPARQL Update INSERT DATA in chunks of 2,000
    /// statements, which is not atomic (a server failing midway keeps the
    /// chunks it took).
    #[arg(long, value_name = "URL", env = "ENTENTE_GRAPH_STORE")]
    pub graph_store: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files to parse and check against the ontology and its shapes.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,

    /// SHACL shapes of your own (Turtle), checked besides ontology/shapes.ttl
    /// (repeat, or separate the files with commas).
    #[arg(long, value_name = "FILE.ttl,…", value_delimiter = ',')]
    pub shapes: Vec<PathBuf>,

    /// Findings are errors: exit 2 when there is any.
    #[arg(long)]
    pub strict: bool,
}

pub fn load(args: &LoadArgs, global: &Global) -> Result<()> {
    if global.store.is_none() && global.endpoint.is_none() {
        bail!("`entente load` adds files to a persistent store or an endpoint: give it one with --store DIR or --endpoint URL (the default store lives in memory and is rebuilt on every run)");
    }
    let graph = match (&args.graph_store, &global.endpoint) {
        (Some(store), Some(_)) => global.open_remote_for_writing(|endpoint| {
            Ok(endpoint.with_graph_store(store)?)
        })?,
        (Some(store), None) => bail!("--graph-store {store} is a server's Graph Store: it needs --endpoint URL too (the server's update URL, where the rules go)"),
        (None, _) => global.open_for_writing()?,
    };
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
    let files = if report.files == 1 { "" } else { "s" };
    match (&global.endpoint, &args.graph_store) {
        (Some(url), Some(store)) => super::note!(
            "sent {} statements from {} file{files} to {store} (one request per file), and the rules to {url}",
            report.statements,
            report.files,
        ),
        (Some(url), None) => super::note!(
            "sent {} statements from {} file{files} to {url}, and the rules",
            report.statements,
            report.files,
        ),
        (None, _) => super::note!(
            "loaded {} statements from {} file{files}; the store holds {} quads",
            report.statements,
            report.files,
            report.store_size
        ),
    }
    Ok(())
}

pub fn check(args: &CheckArgs, global: &Global) -> Result<()> {
    use entente::validate::{self, CheckedFile};
    global.refuse_endpoint("check")?;
    // The files are checked beside what they would join (the ontology, the
    // embedded data, --with files), in a store of this run's own: a
    // persistent store is never written by a check.
    let graph = if global.store.is_some() {
        entente::store::KnowledgeGraph::with_seed_data()?
    } else {
        global.open()?
    };
    let read = |paths: &[PathBuf]| -> Result<Vec<CheckedFile>> {
        Ok(paths
            .iter()
            .map(|p| CheckedFile::read(p))
            .collect::<Result<_, _>>()?)
    };
    let (files, shapes) = (read(&args.files)?, read(&args.shapes)?);
    let findings = validate::check(&graph, &files, &shapes)?;
    if findings.is_empty() {
        super::note!(
            "{} file{} ok: every ent: term declared, every shape met",
            files.len(),
            if files.len() == 1 { "" } else { "s" }
        );
        return Ok(());
    }
    let mut table = entente_graph::Table::new(&["place", "rule", "finding"]);
    for f in &findings {
        let place = match (f.line, f.column) {
            (0, _) => f.file.clone(),
            (line, 0) => format!("{}:{line}", f.file),
            (line, column) => format!("{}:{line}:{column}", f.file),
        };
        table.rows.push(vec![
            place.into(),
            f.rule.as_str().into(),
            f.message.as_str().into(),
        ]);
    }
    super::write_records(&table, global.format())?;
    let summary = format!(
        "{} finding{} in {} file{}",
        findings.len(),
        if findings.len() == 1 { "" } else { "s" },
        files.len(),
        if files.len() == 1 { "" } else { "s" }
    );
    if args.strict {
        bail!("{summary} (--strict)");
    }
    super::note!("{summary}: warnings (--strict makes them errors)");
    Ok(())
}
