//! The verbs of the command line, one file each: its arguments and one `run`.
//!
//! A question verb resolves names, binds them to a named query's variables
//! and writes the answer; the query file is the single truth of what it asks.
//! An analysis verb builds the view, runs one analysis of `entente-graph` and
//! writes its records. Nothing here builds SPARQL.

pub mod actors;
pub mod allies;
pub mod backers;
pub mod balance;
pub mod brokers;
pub mod claims;
pub mod describe;
pub mod dot;
pub mod dump;
pub mod import;
pub mod influence;
pub mod load;
pub mod manual;
pub mod mediators;
pub mod path;
pub mod query;
pub mod reconcile;
pub mod serve;
pub mod sheet;
pub mod terminal;
pub mod timeline;

use anyhow::{bail, Context, Result};
use entente::output::{self, OutputFormat, TableStyle};
use entente::queries::NamedQuery;
use entente::store::{KnowledgeGraph, LoadOptions, Source};
use entente_graph::Day;
use oxigraph::model::Term;
use std::io::Write;
use std::path::PathBuf;

/// The question was fine but the graph has no answer (exit code 1): no
/// solution, no chain, no candidate.
#[derive(Debug)]
pub struct NoAnswer(pub String);

impl std::fmt::Display for NoAnswer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for NoAnswer {}

/// The exit code of a verb's result, its error written once: 0 an answer,
/// 1 no answer, 2 an error. A closed pipe (`entente … | head`) is not one.
pub fn exit(result: Result<()>) -> std::process::ExitCode {
    use std::process::ExitCode;
    let Err(error) = result else {
        return ExitCode::SUCCESS;
    };
    if error.chain().any(|e| {
        e.downcast_ref::<entente::Error>()
            .is_some_and(entente::Error::is_broken_pipe)
    }) || error.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    }) {
        return ExitCode::SUCCESS;
    }
    // Writing the message may fail too (stderr closed or full): nothing is
    // left to tell, so the exit code alone says it.
    let mut stderr = std::io::stderr().lock();
    if let Some(no_answer) = error.downcast_ref::<NoAnswer>() {
        let message = entente::text::for_people(&no_answer.to_string(), 4000);
        let _ = writeln!(stderr, "entente: {message}");
        return ExitCode::from(1);
    }
    let message = entente::text::for_people(&format!("{error:#}"), 20_000);
    let _ = writeln!(stderr, "entente: {message}");
    ExitCode::from(2)
}

/// Options every verb takes.
#[derive(Debug, Clone, Default, clap::Args)]
#[command(next_help_heading = "Global options")]
pub struct Global {
    /// A persistent store (RocksDB) in DIR instead of the in-memory seed store.
    #[arg(long, global = true, value_name = "DIR", env = "ENTENTE_STORE")]
    pub store: Option<PathBuf>,

    /// Also reads RDF files into the in-memory store for this run (repeat
    /// --with, or separate the files with commas).
    #[arg(
        long = "with",
        global = true,
        value_name = "FILE,…",
        value_delimiter = ','
    )]
    pub with: Vec<PathBuf>,

    /// Ask a SPARQL endpoint (an http:// or https:// URL: `entente serve`,
    /// Oxigraph server, Virtuoso, QLever, GraphDB…) instead of the embedded
    /// store; `load` sends files to it. HTTPS certificates are checked
    /// against the system's CAs, or those in the PEM files SSL_CERT_FILE or
    /// SSL_CERT_DIR name.
    #[arg(long, global = true, value_name = "URL", env = "ENTENTE_ENDPOINT", conflicts_with_all = ["store", "with"])]
    pub endpoint: Option<String>,

    /// The token updates carry to the endpoint (`Authorization: Bearer`,
    /// as `entente serve --allow-update --token` asks).
    #[arg(
        long,
        global = true,
        value_name = "TOKEN",
        env = "ENTENTE_TOKEN",
        requires = "endpoint",
        hide_env_values = true
    )]
    pub endpoint_token: Option<String>,

    /// table, csv, tsv, json; xml for questions; turtle, ntriples, nquads,
    /// trig for graphs (default: a table on a terminal, TSV in a pipe).
    #[arg(
        long,
        short = 'f',
        global = true,
        value_name = "FORMAT",
        hide_possible_values = true,
        value_parser = format_parser()
    )]
    pub format: Option<OutputFormat>,

    /// Stop any SPARQL evaluation after SECONDS (default: none for
    /// questions, 600 for the view query of an analysis; the analysis itself
    /// is not timed).
    #[arg(long, global = true, value_name = "SECONDS", value_parser = parse_seconds)]
    pub timeout: Option<f64>,

    /// Stop with an error once the process holds more than MIB mebibytes
    /// (default: three quarters of the machine's memory, or of its control
    /// group's; the endpoint instead cancels the queries running). A write
    /// stopped leaves a store as a killed one does: as it was before, or
    /// after once committed.
    #[arg(long, global = true, value_name = "MIB", env = "ENTENTE_MAX_MEMORY", value_parser = clap::value_parser!(u64).range(1..(1 << 40)))]
    pub max_memory: Option<u64>,
}

/// How often the memory the process holds is looked at.
const MEMORY_POLL: std::time::Duration = std::time::Duration::from_millis(20);

impl Global {
    /// The memory bound in bytes: `--max-memory`, else
    /// [`entente::memory::default_limit`].
    pub fn memory_limit(&self) -> Option<u64> {
        self.max_memory
            .map(|mib| mib << 20)
            .or_else(entente::memory::default_limit)
    }

    /// A watchdog that ends the process (exit 2) once it holds more memory
    /// than [`Self::memory_limit`]: a runaway sort or grouping stops with a
    /// message instead of filling the machine or being killed without one.
    /// A write it stops is as a killed one: a persistent store reopens as
    /// it was before it (or, past its commit, after it).
    pub fn watch_memory(&self) {
        let Some(limit) = self.memory_limit() else {
            return;
        };
        let bound = entente::memory::Bound::new(limit);
        std::thread::spawn(move || loop {
            if let Some(usage) = bound.exceeded() {
                note!(
                    "entente: stopped: the process needed more than {} MiB of {} (it held {} MiB; {})",
                    usage.limit >> 20,
                    usage.measure,
                    usage.bytes >> 20,
                    usage.measure.remedy()
                );
                std::process::exit(2);
            }
            std::thread::sleep(MEMORY_POLL);
        });
    }
}

/// The graph with a deadline, and a watchdog that ends the process two
/// seconds after it, for the evaluations the engine does not interrupt in
/// time (a read-only command: nothing is left half-written).
fn with_deadline(graph: KnowledgeGraph, seconds: f64) -> KnowledgeGraph {
    let timeout = std::time::Duration::from_secs_f64(seconds);
    std::thread::spawn(move || {
        std::thread::sleep(timeout + std::time::Duration::from_secs(2));
        note!("entente: the query ran out of time after {seconds} s (--timeout SECONDS gives it more)");
        std::process::exit(2);
    });
    graph.with_timeout(timeout)
}

/// `--format`: the library's format names, checked by clap (and offered to
/// shell completions).
fn format_parser() -> impl clap::builder::TypedValueParser<Value = OutputFormat> {
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(OutputFormat::ALL.map(OutputFormat::name)).map(
        |name: String| OutputFormat::from_name(&name).expect("clap admits only the listed names"),
    )
}

/// A positive, finite number of seconds.
fn parse_seconds(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(s) if s.is_finite() && s > 0.0 && s < 1e9 => Ok(s),
        _ => Err(format!("{text:?} is not a positive number of seconds")),
    }
}

/// The time an analysis's view query gets when `--timeout` is not given.
pub const ANALYSIS_TIMEOUT_SECONDS: f64 = 600.0;

impl Global {
    /// The knowledge graph the options name, with `--timeout` if given.
    pub fn open(&self) -> Result<KnowledgeGraph> {
        let graph = self.open_store(false)?;
        Ok(match self.timeout {
            Some(seconds) => with_deadline(graph, seconds),
            None => graph,
        })
    }

    /// The knowledge graph for an analysis: its view query is stopped after
    /// `--timeout`, or [`ANALYSIS_TIMEOUT_SECONDS`]. No watchdog: the view's
    /// rows are checked one by one, and the analysis after it may rightly
    /// take longer than its query.
    pub fn open_for_analysis(&self) -> Result<KnowledgeGraph> {
        let seconds = self.timeout.unwrap_or(ANALYSIS_TIMEOUT_SECONDS);
        Ok(self
            .open_store(false)?
            .with_timeout(std::time::Duration::from_secs_f64(seconds)))
    }

    /// The knowledge graph for a verb that writes (`load`, `import`): its
    /// queries get `--timeout`, but no watchdog ends the process mid-write.
    pub fn open_for_writing(&self) -> Result<KnowledgeGraph> {
        let graph = self.open_store(true)?;
        Ok(match self.timeout {
            Some(seconds) => graph.with_timeout(std::time::Duration::from_secs_f64(seconds)),
            None => graph,
        })
    }

    /// The knowledge graph of `--endpoint` for a verb that writes, the
    /// endpoint first given what `with` adds (`load`'s Graph Store).
    pub fn open_remote_for_writing(
        &self,
        with: impl FnOnce(entente::remote::Endpoint) -> Result<entente::remote::Endpoint>,
    ) -> Result<KnowledgeGraph> {
        let Some(url) = &self.endpoint else {
            bail!("no --endpoint URL given");
        };
        let graph = KnowledgeGraph::remote(with(self.endpoint(url)?)?)?;
        Ok(match self.timeout {
            Some(seconds) => graph.with_timeout(std::time::Duration::from_secs_f64(seconds)),
            None => graph,
        })
    }

    /// The endpoint of `--endpoint URL`, with the token, and `--timeout`
    /// (else the analysis's default: a server that never answers must not
    /// hang the command).
    fn endpoint(&self, url: &str) -> Result<entente::remote::Endpoint> {
        Ok(entente::remote::Endpoint::new(url)?
            .with_token(self.endpoint_token.clone())
            .with_timeout(std::time::Duration::from_secs_f64(
                self.timeout.unwrap_or(ANALYSIS_TIMEOUT_SECONDS),
            )))
    }

    /// The knowledge graph for `entente serve`: no deadline of its own,
    /// since the endpoint gives each request one; a `--store` opened for
    /// writing (the endpoint may take updates).
    pub fn open_for_serving(&self) -> Result<KnowledgeGraph> {
        self.refuse_endpoint("serve")?;
        self.open_store(true)
    }

    /// An error for a verb that works on the embedded store only.
    pub fn refuse_endpoint(&self, verb: &str) -> Result<()> {
        if let Some(url) = &self.endpoint {
            bail!("`entente {verb}` works on the embedded store (or --store DIR), not on an endpoint: drop --endpoint {url}");
        }
        Ok(())
    }

    /// The store: `--store DIR` read-only for verbs that only read (so they
    /// go on while a load writes), for writing otherwise; else the seed;
    /// or the endpoint of `--endpoint URL`.
    fn open_store(&self, write: bool) -> Result<KnowledgeGraph> {
        if let Some(url) = &self.endpoint {
            return Ok(KnowledgeGraph::remote(self.endpoint(url)?)?);
        }
        match &self.store {
            Some(dir) if self.with.is_empty() && write => Ok(KnowledgeGraph::open(dir)?),
            Some(dir) if self.with.is_empty() => Ok(KnowledgeGraph::open_read_only(dir)?),
            Some(_) => bail!("--with reads files into the in-memory store; to add them to --store, run `entente load --store DIR FILE…`"),
            None => {
                let graph = KnowledgeGraph::with_seed_data()?;
                if !self.with.is_empty() {
                    let sources: Vec<Source> = self.with.iter().map(|p| Source::Path(p)).collect();
                    let bar = terminal::Bars::default();
                    graph.load(
                        &sources,
                        &LoadOptions {
                            progress: &bar,
                            ..LoadOptions::default()
                        },
                    )?;
                }
                Ok(graph)
            }
        }
    }

    /// The format asked for, else a table on a terminal and TSV in a pipe.
    pub fn format(&self) -> OutputFormat {
        self.format.unwrap_or_else(terminal::default_format)
    }

    /// The format of an analysis's records, refused before any work when an
    /// analysis cannot be written in it.
    pub fn records_format(&self) -> Result<OutputFormat> {
        let format = self.format();
        if !OutputFormat::RECORDS.contains(&format) {
            bail!(
                "--format {}: an analysis is written as table, csv, tsv or json",
                format.name()
            );
        }
        Ok(format)
    }
}

/// How tables are laid out on this terminal.
pub fn style() -> TableStyle {
    terminal::table_style()
}

/// Runs a named query with bindings and writes its answer; no solution is
/// [`NoAnswer`].
pub fn answer(
    graph: &KnowledgeGraph,
    query: &NamedQuery,
    bindings: &[(String, Term)],
    global: &Global,
) -> Result<()> {
    for (name, _) in bindings {
        if !query.has_param(name) && !query.sparql.contains(&format!("?{name}")) {
            bail!("the query {} has no parameter {name:?}", query.name);
        }
    }
    let results = graph
        .query(&query.sparql, bindings)
        .with_context(|| format!("in the query {}", query.name))?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let count = output::write(graph, results, global.format(), style(), &mut out)?;
    out.flush().map_err(entente::Error::Output)?;
    if count == 0 {
        return Err(NoAnswer(format!(
            "no answer: the query {} matched nothing",
            query.name
        ))
        .into());
    }
    Ok(())
}

/// Writes an analysis's records to stdout.
pub fn write_records(records: &entente_graph::Table, format: OutputFormat) -> Result<()> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    output::write_records(records, format, style(), &mut out)?;
    out.flush().map_err(entente::Error::Output)?;
    Ok(())
}

/// Tells the user something on stderr (a note, a warning, a summary). A
/// stderr that cannot be written (closed, `/dev/full`) loses the note,
/// never the answer: unlike `eprintln!`, this does not panic.
macro_rules! note {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr().lock(), $($arg)*);
    }};
}
pub(crate) use note;

/// Writes a line for people to stdout.
pub fn say(line: impl std::fmt::Display) -> Result<()> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let line = entente::text::for_people(&line.to_string(), 4000);
    writeln!(out, "{line}").map_err(entente::Error::Output)?;
    Ok(())
}

/// The `?asOf` binding of a question's `--as-of DATE` (queries compare it
/// with their dates as ISO strings).
pub fn as_of(as_of: AsOf) -> Option<(String, Term)> {
    as_of.as_of.map(|day| {
        (
            "asOf".to_owned(),
            oxigraph::model::Literal::new_simple_literal(day.to_string()).into(),
        )
    })
}

/// Binds a resolved name to a variable.
pub fn bind(variable: &str, named: &entente::resolve::Named) -> (String, Term) {
    (variable.to_owned(), named.iri.clone().into())
}

/// `--as-of DATE`, declared once for every verb that takes it and parsed by
/// clap into a [`Day`] (an impossible date is refused with the reason).
#[derive(Debug, Clone, Copy, Default, clap::Args)]
pub struct AsOf {
    /// Only what is in force on this day (YYYY, YYYY-MM or YYYY-MM-DD; a
    /// partial date means its first day).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<Day>,
}

/// Which relations an analysis sees: the view query and its filters.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ViewArgs {
    /// A view query (.rq) selecting ?source ?target ?kind ?sign ?weight
    /// ?start ?end ?graph, one row per relation (default: queries/view.rq).
    #[arg(long, value_name = "FILE")]
    pub view: Option<PathBuf>,

    #[command(flatten)]
    pub as_of: AsOf,

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
    pub fn actor_graph(&self, graph: &KnowledgeGraph) -> Result<entente::view::ActorGraph> {
        let text = match &self.view {
            Some(path) => Some(entente::queries::read_file(path)?.1),
            None => None,
        };
        let actors = entente::view::from_store(graph, text.as_deref())?;
        self.filter(graph, actors)
    }

    /// A graph cut by `--as-of`, `--relations` and `--source`.
    pub fn filter(
        &self,
        graph: &KnowledgeGraph,
        actors: entente::view::ActorGraph,
    ) -> Result<entente::view::ActorGraph> {
        self.check_kinds(&actors)?;
        let mut filter = entente_graph::analysis::Filter {
            as_of: self.as_of.as_of,
            kinds: self.relations.clone(),
            ..Default::default()
        };
        if let Some(source) = &self.source {
            filter.sources = entente::resolve::claim_graphs(graph, source)?;
            // A source that claims nothing here would leave an empty answer.
            let claimed = entente_graph::analysis::filter(
                &actors,
                &entente_graph::analysis::Filter {
                    sources: filter.sources.clone(),
                    ..Default::default()
                },
            );
            if claimed.graph.edge_count() == 0 {
                bail!("--source {source}: no relation of the view is claimed by it (a source is an actor, a graph IRI or a graph's label)");
            }
        }
        if filter == entente_graph::analysis::Filter::default() {
            return Ok(actors);
        }
        Ok(entente_graph::analysis::filter(&actors, &filter))
    }

    /// Every `--relations` kind must be one the view has: a misspelt kind
    /// would silently match nothing.
    fn check_kinds(&self, actors: &entente::view::ActorGraph) -> Result<()> {
        use entente::text::squash;
        let present: std::collections::BTreeSet<&str> = actors
            .graph
            .edge_weights()
            .map(|r| r.kind.as_str())
            .collect();
        for wanted in &self.relations {
            if !present.iter().any(|k| squash(k) == squash(wanted)) {
                bail!(
                    "--relations {wanted}: the view has no relation of that kind; its kinds are: {}",
                    present.iter().copied().collect::<Vec<_>>().join(", ")
                );
            }
        }
        Ok(())
    }

    /// Whether any filter is set.
    pub fn filtered(&self) -> bool {
        self.as_of.as_of.is_some() || !self.relations.is_empty() || self.source.is_some()
    }
}

/// The node of a named actor in the view, or why it is not there.
pub fn actor_in_view(
    store: &KnowledgeGraph,
    graph: &entente::view::ActorGraph,
    name: &str,
) -> Result<petgraph::graph::NodeIndex> {
    let named = entente::resolve::resolve(store, name)?;
    graph.find(named.iri.as_str()).with_context(|| {
        format!(
            "{} has no relations in this view (after --as-of, --relations and --source)",
            named.label.as_deref().unwrap_or(named.iri.as_str())
        )
    })
}
