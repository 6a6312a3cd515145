//! The knowledge graph: an Oxigraph store holding the ontology, the seed
//! data and whatever a user loads, one named graph per source.
//!
//! It owns opening (memory or RocksDB), all-or-nothing loading and query
//! evaluation with the union of named graphs as the default graph. It never
//! formats output and never resolves names.

#[cfg(feature = "rocksdb")]
use crate::error::Context;
use crate::error::{invalid, Error, Result};
use crate::ingest::{self, Format};
use crate::progress::{Progress, Silent, Unit};
use crate::vocab::{self, Vocabulary};
use oxigraph::model::{GraphName, Literal, NamedNode, Quad, Term, Variable};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::{BulkLoader, Store};
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

mod rules;

/// The graph that holds the ontology's own statements.
pub const ONTOLOGY_GRAPH: &str = "https://entente.example/graph/ontology";

/// The graph of the one mark a load commits with its data and the rules
/// remove in their transaction: present only while (or when a killed
/// process left) the rules still to run.
pub const PENDING_GRAPH: &str = "https://entente.example/graph/rules-pending";

/// Quads the rules remove per transaction: memory bounded whatever the
/// size of the graph.
const CLEAR_BATCH: usize = 50_000;

/// A rule's quad for one solution; None where a variable is unbound or
/// the subject came out a literal (as an update skips such a quad).
fn instantiated(
    pattern: &spargebra::term::QuadPattern,
    solution: &oxigraph::sparql::QuerySolution,
) -> Option<Quad> {
    use oxigraph::model::NamedOrBlankNode;
    use spargebra::term::{GraphNamePattern, NamedNodePattern, TermPattern};
    let term = |pattern: &TermPattern| -> Option<Term> {
        match pattern {
            TermPattern::NamedNode(n) => Some(n.clone().into()),
            TermPattern::Literal(l) => Some(l.clone().into()),
            TermPattern::Variable(v) => solution.get(v).cloned(),
            // The rules make no blank nodes.
            _ => None,
        }
    };
    let subject = match term(&pattern.subject)? {
        Term::NamedNode(n) => NamedOrBlankNode::from(n),
        Term::BlankNode(b) => NamedOrBlankNode::from(b),
        _ => return None,
    };
    let predicate = match &pattern.predicate {
        NamedNodePattern::NamedNode(n) => n.clone(),
        NamedNodePattern::Variable(v) => match solution.get(v)? {
            Term::NamedNode(n) => n.clone(),
            _ => return None,
        },
    };
    let graph_name = match &pattern.graph_name {
        GraphNamePattern::NamedNode(n) => GraphName::from(n.clone()),
        GraphNamePattern::DefaultGraph => GraphName::DefaultGraph,
        GraphNamePattern::Variable(v) => match solution.get(v)? {
            Term::NamedNode(n) => GraphName::from(n.clone()),
            _ => return None,
        },
    };
    Some(Quad::new(
        subject,
        predicate,
        term(&pattern.object)?,
        graph_name,
    ))
}

/// A read-only open (or its first reads) failed beside a live writer.
#[cfg(feature = "rocksdb")]
fn being_written(dir: &Path, cause: &dyn std::fmt::Display) -> Error {
    Error::Invalid(format!(
        "store {} is being written by another entente process: try again when its load or import has finished ({cause})",
        dir.display()
    ))
}

/// The mark of rules still to run.
fn rules_pending() -> Quad {
    let graph = NamedNode::new_unchecked(PENDING_GRAPH);
    Quad::new(
        graph.clone(),
        NamedNode::new_unchecked(format!("{PENDING_GRAPH}#pending")),
        oxigraph::model::Literal::from(true),
        graph,
    )
}

/// Whether `dir` holds no store yet (missing or an empty folder).
#[cfg(feature = "rocksdb")]
fn is_new_store(dir: &Path) -> bool {
    !dir.exists()
        || dir
            .read_dir()
            .map(|mut d| d.next().is_none())
            .unwrap_or(true)
}

/// Opens RocksDB for writing; the lock another process holds becomes
/// [`Error::StoreInUse`].
#[cfg(feature = "rocksdb")]
fn open_rocksdb(dir: &Path) -> Result<Store> {
    Store::open(dir).map_err(|e| {
        let message = e.to_string();
        // RocksDB: "While lock file: DIR/LOCK: Resource temporarily
        // unavailable" (another process), "lock hold by current process"
        // (this one).
        if message.contains("/LOCK") || message.contains("lock hold by current process") {
            Error::StoreInUse {
                dir: dir.to_owned(),
                cause: message,
            }
        } else {
            Error::from(e).context(format!("cannot open the store {}", dir.display()))
        }
    })
}

/// Removes the files a bulk load killed before its commit left in `dir`
/// (`bulk-*.sst`: Oxigraph's, written beside RocksDB's own and never
/// ingested). Only a writer creates them, and this process now holds the
/// lock; one that cannot be removed stays for the next open.
#[cfg(feature = "rocksdb")]
fn remove_bulk_leftovers(dir: &Path) {
    let Ok(entries) = dir.read_dir() else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with("bulk-") && name.ends_with(".sst") {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// RocksDB's read-only instance reads the writer's file list of the moment:
/// a writer that replaces files meanwhile (a compaction after its open or
/// its load) leaves a list naming a file just deleted, and the open fails
/// with an I/O or corruption error. The next attempt reads the new list, so
/// such failures are retried for about two seconds before being reported.
#[cfg(feature = "rocksdb")]
fn open_rocksdb_read_only(dir: &Path) -> std::result::Result<Store, oxigraph::store::StorageError> {
    use oxigraph::store::StorageError;
    let mut wait = std::time::Duration::from_millis(10);
    loop {
        match Store::open_read_only(dir) {
            Err(StorageError::Io(_) | StorageError::Corruption(_))
                if wait < std::time::Duration::from_secs(2) =>
            {
                std::thread::sleep(wait);
                wait *= 2;
            }
            other => return other,
        }
    }
}

/// Builds a new store with the ontology and the seed data in a folder
/// beside `dir`, then renames it to `dir`: a process killed meanwhile
/// leaves no half-seeded store at `dir` (only the folder beside it, named
/// `.NAME.new-PID`). When another process created `dir` first, its store
/// is kept.
#[cfg(feature = "rocksdb")]
fn create_store(dir: &Path) -> Result<()> {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "store".to_owned());
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
    let building = parent.join(format!(".{name}.new-{}", std::process::id()));
    if building.exists() {
        std::fs::remove_dir_all(&building).map_err(|e| Error::io(&building, e))?;
    }
    let built = (|| -> Result<()> {
        let store = Store::open(&building)
            .with_context(|| format!("cannot create the store {}", building.display()))?;
        let graph = KnowledgeGraph::from_store(store, false, true)?;
        graph.load_seed_data()?;
        // Everything on disk before the rename.
        graph.store.flush()?;
        Ok(())
    })();
    if let Err(e) = built {
        let _ = std::fs::remove_dir_all(&building);
        return Err(e);
    }
    // `rename` replaces an empty folder and refuses a full one.
    if let Err(e) = std::fs::rename(&building, dir) {
        let _ = std::fs::remove_dir_all(&building);
        if is_new_store(dir) {
            return Err(Error::io(dir, e));
        }
    }
    Ok(())
}

/// An entente knowledge graph: the embedded store, or a SPARQL endpoint
/// that holds one ([`KnowledgeGraph::remote`]).
pub struct KnowledgeGraph {
    /// Empty for a remote graph: only the library's local-only callers
    /// (check, import) read it, and the binary refuses those with
    /// `--endpoint`.
    store: Store,
    /// Where queries, updates and loads go instead of `store`.
    remote: Option<crate::remote::Endpoint>,
    /// Shared by the per-request copies an endpoint makes
    /// ([`KnowledgeGraph::with_cancellation`]).
    vocabulary: std::sync::Arc<Vocabulary>,
    /// Cancelled when the time given by [`KnowledgeGraph::with_timeout`] is up.
    deadline: Option<oxigraph::sparql::CancellationToken>,
    /// Whether evaluations are watched by [`crate::interrupt`] (a handle
    /// of [`KnowledgeGraph::with_cancellation`]).
    interruptible: bool,
    /// What [`KnowledgeGraph::derived`] built for the store's present
    /// state; shared by every handle on the store.
    derived: std::sync::Arc<Derived>,
    /// A RocksDB store (opened for writing): its loads give the bulk
    /// loader batches of [`PERSISTENT_LOAD_MEGABYTES`].
    persistent: bool,
}

/// The bulk loader's memory for a load into a persistent store. Each batch
/// becomes one sorted file per index; batches of 100,000 quads (the
/// parser's) made 50 sets for 5M triples, and RocksDB spent the load
/// merging them (28.7 s, against 19.5 s at this size: BENCHMARKS.md).
/// Oxigraph's default, a million quads a batch, took 2 GiB.
const PERSISTENT_LOAD_MEGABYTES: usize = 500;

/// Values derived from a store's content (the name index), each built
/// once per state: every write moves `generation` on, and a value built for
/// an older one is built again when next asked for.
#[derive(Default)]
struct Derived {
    generation: std::sync::atomic::AtomicU64,
    #[allow(clippy::type_complexity)]
    values: std::sync::Mutex<
        std::collections::HashMap<
            std::any::TypeId,
            (u64, std::sync::Arc<dyn std::any::Any + Send + Sync>),
        >,
    >,
}

/// What a load added.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadReport {
    pub files: usize,
    /// Statements read from the files (before duplicates are merged).
    pub statements: u64,
    /// Quads in the store after the load (0 for a load into an endpoint).
    pub store_size: usize,
}

/// How [`KnowledgeGraph::load`] loads.
#[derive(Clone, Copy)]
pub struct LoadOptions<'a> {
    /// The named graph for triples outside any graph (default: a graph
    /// named after their file, `file:///…`).
    pub graph: Option<&'a NamedNode>,
    /// Told of the bytes read, file by file.
    pub progress: &'a dyn Progress,
}

impl Default for LoadOptions<'_> {
    fn default() -> Self {
        LoadOptions {
            graph: None,
            progress: &Silent,
        }
    }
}

/// One file for [`KnowledgeGraph::load`]: a path on disk or a text in memory.
pub enum Source<'a> {
    Path(&'a Path),
    Text { name: &'a str, text: &'a str },
}

/// The stack of the thread that parses RDF. rio_turtle recurses once per
/// nested `[ … ]`, `( … )` or `<< … >>` and refuses more than 128 levels,
/// but its frames are large (an 8 KiB read buffer each): 128 levels
/// overflow a thread's default 2 MiB (an abort, not an error). Reserved,
/// not used: only the pages a deep file touches are ever committed.
const PARSER_STACK: usize = 64 << 20;

impl KnowledgeGraph {
    /// The default store: in memory, with the compiled-in ontology and seed data.
    pub fn with_seed_data() -> Result<Self> {
        // The seed's load runs the rules: not once more for the ontology alone.
        let graph = Self::from_store(Store::new()?, false, true)?;
        graph.load_seed_data()?;
        Ok(graph)
    }

    /// An in-memory store with the ontology and nothing else.
    pub fn with_ontology_only() -> Result<Self> {
        Self::from_store(Store::new()?, true, true)
    }

    /// A persistent RocksDB store in `dir`, opened for writing (one process
    /// at a time: another gets [`Error::StoreInUse`]), created with the
    /// ontology and the seed data when new. A new store is built in a
    /// folder beside `dir` and renamed to `dir` once seeded, so a store that
    /// exists is always a complete one; rules a killed load left undone
    /// (see [`KnowledgeGraph::load`]) are run now.
    #[cfg(feature = "rocksdb")]
    pub fn open(dir: &Path) -> Result<Self> {
        if is_new_store(dir) {
            create_store(dir)?;
        }
        let store = open_rocksdb(dir)?;
        remove_bulk_leftovers(dir);
        let mut graph = Self::from_store(store, true, true)?;
        graph.persistent = true;
        graph.finish_pending_rules()?;
        Ok(graph)
    }

    /// A persistent store opened for reading while another process may be
    /// writing it (RocksDB's read-only instance: the store as it was when
    /// opened, no lock taken). A store that does not exist yet is created
    /// (as [`KnowledgeGraph::open`] does); one whose last load was killed
    /// before its rules ran is opened for writing to run them; one whose
    /// writer is running them is an error (try again), not half an answer.
    #[cfg(feature = "rocksdb")]
    pub fn open_read_only(dir: &Path) -> Result<Self> {
        if is_new_store(dir) {
            // Built aside and renamed in: two readers creating one store
            // at once both end up reading the one that won.
            create_store(dir)?;
        }
        let store = open_rocksdb_read_only(dir).map_err(|e| {
            if Store::open(dir).is_err() {
                being_written(dir, &e)
            } else {
                Error::from(e).context(format!("cannot open the store {}", dir.display()))
            }
        })?;
        // Beside a live writer, the first reads may fail as the open did.
        let graph = Self::from_store(store, false, false).map_err(|e| being_written(dir, &e))?;
        if graph.rules_pending()? {
            drop(graph);
            return match Self::open(dir) {
                // The writer is between its commit and the end of its
                // rules: its shortcuts are not all there yet.
                Err(e) if matches!(e.root(), Error::StoreInUse { .. }) => Err(Error::Invalid(format!(
                    "store {} is being written by another entente process (its rules are running): try again when its load or import has finished",
                    dir.display()
                ))),
                other => other,
            };
        }
        Ok(graph)
    }

    /// Persistent stores need the `rocksdb` feature.
    #[cfg(not(feature = "rocksdb"))]
    pub fn open(dir: &Path) -> Result<Self> {
        invalid!(
            "cannot open {}: this entente was built without persistent stores; rebuild with `cargo install --features rocksdb` (or `cargo run --features rocksdb`)",
            dir.display()
        )
    }

    /// Persistent stores need the `rocksdb` feature.
    #[cfg(not(feature = "rocksdb"))]
    pub fn open_read_only(dir: &Path) -> Result<Self> {
        Self::open(dir)
    }

    /// The store with the binary's ontology; `rules` runs the rules when the
    /// ontology had to be (re)loaded (a caller about to load data skips it).
    /// A read-only store (`writable` false) keeps the ontology it has.
    fn from_store(store: Store, rules: bool, writable: bool) -> Result<Self> {
        let ontology = parse_ontology()?;
        let vocabulary =
            Vocabulary::from_subjects(ontology.iter().filter_map(|q| match &q.subject {
                oxigraph::model::NamedOrBlankNode::NamedNode(n) => Some(n.as_str()),
                _ => None,
            }));
        let graph = Self {
            store,
            remote: None,
            vocabulary: std::sync::Arc::new(vocabulary),
            deadline: None,
            interruptible: false,
            derived: Default::default(),
            persistent: false,
        };
        // A persistent store keeps the ontology it was created with; when the
        // binary's ontology has changed since, the store's copy is replaced.
        let ontology_graph = NamedNode::new_unchecked(ONTOLOGY_GRAPH);
        // Counted to the first error: a read-only instance whose files a
        // live writer has just replaced yields the same error forever (an
        // open spun on it in CI: minutes of CPU, no answer).
        let mut stored = 0;
        for quad in
            graph
                .store
                .quads_for_pattern(None, None, None, Some(ontology_graph.as_ref().into()))
        {
            quad?;
            stored += 1;
        }
        let current = stored == ontology.len()
            && ontology
                .iter()
                .map(|q| graph.store.contains(q))
                .collect::<Result<Vec<bool>, _>>()?
                .into_iter()
                .all(|present| present);
        if !current && writable {
            // Cleared in one transaction, loaded in another: a process
            // killed between them leaves an ontology that is not current,
            // which the next open replaces.
            graph.store.clear_graph(ontology_graph.as_ref())?;
            let mut loader = graph.store.bulk_loader();
            loader.load_quads(ontology.into_iter().chain([rules_pending()]))?;
            loader.commit()?;
            if rules {
                graph.apply_rules()?;
            }
        }
        Ok(graph)
    }

    /// A knowledge graph held by a SPARQL endpoint: every query (the named
    /// questions, the resolver's, the view's) goes over the SPARQL 1.1
    /// Protocol to it. The vocabulary is the binary's compiled ontology,
    /// not the server's copy.
    pub fn remote(endpoint: crate::remote::Endpoint) -> Result<Self> {
        let ontology = parse_ontology()?;
        let vocabulary =
            Vocabulary::from_subjects(ontology.iter().filter_map(|q| match &q.subject {
                oxigraph::model::NamedOrBlankNode::NamedNode(n) => Some(n.as_str()),
                _ => None,
            }));
        Ok(Self {
            store: Store::new()?,
            remote: Some(endpoint),
            vocabulary: std::sync::Arc::new(vocabulary),
            deadline: None,
            interruptible: false,
            derived: Default::default(),
            persistent: false,
        })
    }

    /// The endpoint this graph's queries go to, if it is remote.
    pub fn endpoint(&self) -> Option<&crate::remote::Endpoint> {
        self.remote.as_ref()
    }

    /// Writes every quad of the embedded store, in their graphs (TriG or
    /// N-Quads), for loading into another server.
    pub fn dump(
        &self,
        format: oxigraph::io::RdfFormat,
        writer: &mut dyn std::io::Write,
    ) -> Result<()> {
        if let Some(endpoint) = &self.remote {
            invalid!(
                "dump reads the embedded store, not the endpoint {}",
                endpoint.url()
            );
        }
        let mut serializer = oxigraph::io::RdfSerializer::from_format(format)
            .with_prefix("ent", vocab::ENT)
            .map_err(|e| Error::Invalid(e.to_string()))?
            .for_writer(writer);
        for quad in self.store.iter() {
            serializer.serialize_quad(&quad?).map_err(Error::Output)?;
        }
        serializer.finish().map_err(Error::Output)?;
        Ok(())
    }

    /// Inserts the seed data parsed at build time (each file into its
    /// graphs, as a load of its text would), then runs the rules.
    fn load_seed_data(&self) -> Result<()> {
        let mut loader = self.store.bulk_loader();
        for (name, quads) in vocab::compiled_data() {
            let own = NamedNode::new_unchecked(format!("{}file/{name}", vocab::GRAPH));
            loader.load_quads(quads.iter().map(|q| compiled_quad(q, &own)))?;
        }
        // As for any load: the mark of rules to run commits with the data.
        loader.load_quads([rules_pending()])?;
        loader.commit()?;
        self.apply_rules()
    }

    /// This graph, with every query evaluated from now on cancelled when
    /// `timeout` has passed (an [`Error::Timeout`]): a runaway query (a
    /// cartesian product of all quads) ends instead of running forever.
    /// The engine looks at its cancellation only between some steps (an
    /// aggregate over a product of four patterns can run on for hours), so
    /// readers of solutions check [`Self::ensure_time_left`] per row, and a
    /// caller that must end on time keeps a watchdog of its own (the command
    /// line exits shortly after the deadline).
    ///
    /// ```
    /// use entente::rows::Rows;
    /// use std::time::Duration;
    /// let graph = entente::store::KnowledgeGraph::with_seed_data()?
    ///     .with_timeout(Duration::from_millis(50));
    /// let all = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }";
    /// let rows = Rows::collect_while(graph.query(all, &[])?, || graph.ensure_time_left());
    /// assert_eq!(rows.unwrap_err().kind(), entente::ErrorKind::Timeout);
    /// # Ok::<(), entente::Error>(())
    /// ```
    pub fn with_timeout(mut self, timeout: std::time::Duration) -> Self {
        let token = oxigraph::sparql::CancellationToken::new();
        let cancel = token.clone();
        crate::error::remember_timeout(timeout);
        // The thread sleeps until the deadline; the process does not wait
        // for it on exit.
        std::thread::spawn(move || {
            std::thread::sleep(timeout);
            cancel.cancel();
        });
        self.deadline = Some(token);
        self.remote = self.remote.map(|r| r.with_timeout(timeout));
        self
    }

    /// The same store (not a copy of its data), every evaluation of this
    /// handle cancelled when `token` is: an endpoint gives each request a
    /// handle and a deadline of its own, where [`Self::with_timeout`] gives
    /// the whole process one. Its queries are also watched where the engine
    /// does not look at the token (sorts, groupings: [`crate::interrupt`]),
    /// so answers of this handle are read inside [`crate::interrupt::catch`].
    pub fn with_cancellation(&self, token: oxigraph::sparql::CancellationToken) -> Self {
        Self {
            store: self.store.clone(),
            remote: self.remote.clone(),
            vocabulary: self.vocabulary.clone(),
            deadline: Some(token),
            interruptible: true,
            derived: self.derived.clone(),
            persistent: self.persistent,
        }
    }

    /// A value derived from the store's present content by `build` (the
    /// resolver's name index), built once and kept until the store is
    /// written (a load, an import, an update: each moves the store to a
    /// new state). One value per type; a failed build keeps nothing.
    pub fn derived<T: std::any::Any + Send + Sync>(
        &self,
        build: impl FnOnce(&Self) -> Result<T>,
    ) -> Result<std::sync::Arc<T>> {
        use std::sync::atomic::Ordering;
        let key = std::any::TypeId::of::<T>();
        // Read before building: a write meanwhile leaves the value stale.
        let generation = self.derived.generation.load(Ordering::SeqCst);
        let lock = || {
            self.derived
                .values
                .lock()
                .unwrap_or_else(|e| e.into_inner())
        };
        if let Some((built, value)) = lock().get(&key) {
            if *built == generation {
                if let Ok(value) = value.clone().downcast::<T>() {
                    return Ok(value);
                }
            }
        }
        let value = std::sync::Arc::new(build(self)?);
        lock().insert(key, (generation, value.clone()));
        Ok(value)
    }

    /// The store's content changed (or is changing): derived values are stale.
    fn changed(&self) {
        self.derived
            .generation
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }

    /// A query as this handle evaluates it: its sorts' keys made a total
    /// order (`ordering`), and watched when interruptible.
    fn prepared_query(&self, query: spargebra::Query) -> spargebra::Query {
        let query = crate::ordering::total(query);
        if self.interruptible {
            crate::interrupt::watch(query)
        } else {
            query
        }
    }

    /// An [`Error::Timeout`] once the time given by [`Self::with_timeout`]
    /// is up: readers of long answers check it per row, since the engine
    /// checks its token only here and there.
    pub fn ensure_time_left(&self) -> Result<()> {
        match &self.deadline {
            Some(token) if token.is_cancelled() => Err(Error::Timeout {
                seconds: crate::error::timeout_seconds(),
            }),
            _ => Ok(()),
        }
    }

    /// The `ent:` terms the ontology declares.
    pub fn vocabulary(&self) -> &Vocabulary {
        &self.vocabulary
    }

    /// The Oxigraph store, for callers that need its API directly.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Number of quads in the store.
    pub fn len(&self) -> Result<usize> {
        if self.remote.is_some() {
            return self.remote_len();
        }
        Ok(self.store.len()?)
    }

    pub fn is_empty(&self) -> Result<bool> {
        Ok(self.len()? == 0)
    }

    /// The quads in a remote graph's named graphs, counted by the server.
    fn remote_len(&self) -> Result<usize> {
        let count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }";
        let rows = crate::rows::Rows::collect(self.query(count, &[])?)?;
        let n = rows
            .column("n")
            .and_then(|mut c| c.next().flatten())
            .and_then(|t| match t {
                Term::Literal(l) => l.value().parse::<usize>().ok(),
                _ => None,
            });
        n.ok_or_else(|| Error::Invalid("the endpoint did not count its quads".to_owned()))
    }

    /// Loads files all or nothing: every file is parsed and checked against
    /// the ontology before anything is committed; on any error the store is
    /// as it was. Triples outside a named graph go to `graph`, or to a graph
    /// named after their file (`file:///…`).
    ///
    /// ```
    /// use entente::store::{KnowledgeGraph, LoadOptions, Source};
    ///
    /// let graph = KnowledgeGraph::with_seed_data()?;
    /// let before = graph.len()?;
    /// let bad = Source::Text { name: "bad.ttl", text: "<urn:a> <urn:b> ." };
    /// let error = graph.load(&[bad], &LoadOptions::default()).unwrap_err();
    /// assert!(error.to_string().starts_with("bad.ttl:1:"), "{error}");
    /// assert_eq!(graph.len()?, before);
    /// # Ok::<(), entente::Error>(())
    /// ```
    pub fn load(&self, sources: &[Source], options: &LoadOptions) -> Result<LoadReport> {
        if let Some(endpoint) = &self.remote {
            return self.load_remote(endpoint, sources, options);
        }
        let LoadOptions { graph, progress } = *options;
        let mut loader = self.bulk_loader();
        let mut statements = 0;
        for source in sources {
            // Parsing runs on its own thread, a few batches ahead of the
            // store: on two cores a large load takes the longer of the two,
            // not their sum.
            let (batches, received) = std::sync::mpsc::sync_channel::<Vec<Quad>>(4);
            let vocabulary = &*self.vocabulary;
            statements += std::thread::scope(|scope| -> Result<u64> {
                let parser = std::thread::Builder::new()
                    .name("entente-parser".to_owned())
                    .stack_size(PARSER_STACK)
                    .spawn_scoped(scope, move || {
                        read_source(source, vocabulary, graph, progress, &mut |batch| {
                            batches
                                .send(std::mem::take(batch))
                                .map_err(|_| Error::Invalid("the store stopped reading".to_owned()))
                        })
                    })
                    .map_err(|e| Error::Invalid(format!("cannot start the parser: {e}")))?;
                if self.persistent {
                    // One stream, which the loader cuts into batches of its
                    // memory's size, each sorted into one set of files.
                    loader.load_quads(received.into_iter().flatten())?;
                } else {
                    for batch in received {
                        loader.load_quads(batch)?;
                    }
                }
                parser.join().expect("the parser thread panicked")
            })?;
        }
        // Committed with the data, removed once the rules are done: a
        // process killed between the two leaves the mark, and the next
        // open runs the rules (see `finish_pending_rules`).
        loader.load_quads([rules_pending()])?;
        loader.commit()?;
        self.apply_rules()?;
        Ok(LoadReport {
            files: sources.len(),
            statements,
            store_size: self.store.len()?,
        })
    }

    /// A load into an endpoint: every file parsed and checked first (nothing
    /// is sent when one is bad), then each file sent, then the rules (an
    /// update at the endpoint). With a Graph Store URL
    /// ([`crate::remote::Endpoint::with_graph_store`]) a file is one POST
    /// of N-Quads ([`KnowledgeGraph::post_source`]): on Oxigraph's server
    /// one transaction, all of the file or nothing. Else it goes as SPARQL
    /// Update `INSERT DATA` in chunks of [`REMOTE_CHUNK`] quads, which is
    /// not one transaction: a server that fails midway keeps the chunks it
    /// took.
    fn load_remote(
        &self,
        endpoint: &crate::remote::Endpoint,
        sources: &[Source],
        options: &LoadOptions,
    ) -> Result<LoadReport> {
        let LoadOptions { graph, progress } = *options;
        self.check(sources)?;
        let mut statements = 0;
        for source in sources {
            if endpoint.graph_store().is_some() {
                statements += self.post_source(endpoint, source, graph, progress)?;
                continue;
            }
            let name = source_name(source);
            let mut send = |batch: &mut Vec<Quad>| -> Result<()> {
                for chunk in batch.chunks(REMOTE_CHUNK) {
                    if chunk.iter().any(has_blank_node) {
                        invalid!("{name}: a blank node cannot be sent to an endpoint in pieces (its identity would not survive between requests): give it an IRI, or send the file in one request with --graph-store URL");
                    }
                    let mut text = String::from("INSERT DATA {\n");
                    for quad in chunk {
                        let triple =
                            format!("{} {} {} .", quad.subject, quad.predicate, quad.object);
                        match &quad.graph_name {
                            GraphName::DefaultGraph => text.push_str(&triple),
                            graph => text.push_str(&format!("GRAPH {graph} {{ {triple} }}")),
                        }
                        text.push('\n');
                    }
                    text.push('}');
                    endpoint.update(&text)?;
                }
                batch.clear();
                Ok(())
            };
            statements += read_source(source, &self.vocabulary, graph, progress, &mut send)?;
        }
        endpoint
            .update(vocab::RULES)
            .map_err(|e| e.context("the rules (ontology/rules.ru) on the endpoint"))?;
        // Not counted: an update URL (Oxigraph's `/update`) need not
        // answer queries.
        Ok(LoadReport {
            files: sources.len(),
            statements,
            store_size: 0,
        })
    }

    /// One checked file posted to the endpoint's Graph Store in one request:
    /// parsed again on a thread of its own, its batches written as N-Quads
    /// into the request's body as the server reads it, so a file of
    /// millions of quads is never held whole.
    fn post_source(
        &self,
        endpoint: &crate::remote::Endpoint,
        source: &Source,
        graph: Option<&NamedNode>,
        progress: &dyn Progress,
    ) -> Result<u64> {
        let (batches, received) = std::sync::mpsc::sync_channel::<Option<Vec<Quad>>>(2);
        let vocabulary = &*self.vocabulary;
        std::thread::scope(|scope| {
            let parser = std::thread::Builder::new()
                .name("entente-parser".to_owned())
                .stack_size(PARSER_STACK)
                .spawn_scoped(scope, move || {
                    let count = read_source(source, vocabulary, graph, progress, &mut |batch| {
                        batches
                            .send(Some(std::mem::take(batch)))
                            .map_err(|_| Error::Invalid("the request stopped reading".to_owned()))
                    })?;
                    // The end, told: a parser that stops without it cuts
                    // the body short, and the server takes nothing.
                    let _ = batches.send(None);
                    Ok(count)
                })
                .map_err(|e| Error::Invalid(format!("cannot start the parser: {e}")))?;
            let sent = endpoint.post_quads(NQuadsBody {
                batches: received,
                buffer: Vec::new(),
                at: 0,
                ended: false,
            });
            let parsed = parser.join().expect("the parser thread panicked");
            // A failed request stops the parser: its error is the one to tell.
            sent.map_err(|e| e.context(format!("sending {}", source_name(source))))?;
            parsed
        })
    }

    /// Adds quads built elsewhere (an import's mapping) all or nothing,
    /// after the same vocabulary check as a file: an `ent:` term the
    /// ontology does not declare refuses the whole batch.
    pub fn insert(&self, quads: Vec<Quad>, origin: &str) -> Result<LoadReport> {
        let mut inserter = self.inserter(origin);
        inserter.add(quads)?;
        inserter.commit()
    }

    /// Adds quads in batches as they are built, all or nothing: nothing is
    /// visible until [`Inserter::commit`], and an inserter dropped without
    /// it (an error half-way through an import) leaves the store as it was.
    /// Each batch is checked as [`KnowledgeGraph::insert`] checks its quads,
    /// and handed to Oxigraph's bulk loader, so an import of millions of
    /// rows holds one batch at a time, not the whole file.
    pub fn inserter(&self, origin: &str) -> Inserter<'_> {
        Inserter {
            graph: self,
            loader: self.bulk_loader(),
            origin: origin.to_owned(),
            statements: 0,
            pending: Vec::new(),
        }
    }

    /// Parses and checks files against the ontology without loading them.
    pub fn check(&self, sources: &[Source]) -> Result<u64> {
        let mut statements = 0;
        for source in sources {
            statements += std::thread::scope(|scope| {
                std::thread::Builder::new()
                    .name("entente-parser".to_owned())
                    .stack_size(PARSER_STACK)
                    .spawn_scoped(scope, || {
                        read_source(source, &self.vocabulary, None, &Silent, &mut |batch| {
                            batch.clear();
                            Ok(())
                        })
                    })
                    .map_err(|e| Error::Invalid(format!("cannot start the parser: {e}")))?
                    .join()
                    .expect("the parser thread panicked")
            })?;
        }
        Ok(statements)
    }

    /// Derives the shortcut relations (`ent:backs`…) from relation nodes
    /// into their own graph, so inferred and asserted facts stay apart.
    fn apply_rules(&self) -> Result<()> {
        // Every write ends here, its data committed: before and after the
        // rules' writes, derived values become stale.
        self.changed();
        let result = self.run_rules();
        self.changed();
        result
    }

    /// A bulk loader for this store (with the persistent store's memory).
    fn bulk_loader(&self) -> BulkLoader<'_> {
        let loader = self.store.bulk_loader();
        if self.persistent {
            loader.with_max_memory_size_in_megabytes(PERSISTENT_LOAD_MEGABYTES)
        } else {
            loader
        }
    }

    /// Whether a load or an import committed its data but was stopped
    /// before its rules ran.
    #[cfg(feature = "rocksdb")]
    fn rules_pending(&self) -> Result<bool> {
        Ok(self.store.contains(&rules_pending())?)
    }

    /// Runs the rules a killed load left undone.
    #[cfg(feature = "rocksdb")]
    fn finish_pending_rules(&self) -> Result<()> {
        if self.rules_pending()? {
            self.apply_rules()
                .context("completing the rules of a load that was stopped")?;
        }
        Ok(())
    }

    /// Evaluates a SPARQL query with the union of all named graphs as its
    /// default graph (unless it says FROM) and the project's prefixes
    /// predeclared. `bindings` fix variables to terms: a SELECT's projected
    /// variables are substituted as constants; any other variable is joined
    /// in as a `VALUES` block at the root of the WHERE pattern, so any
    /// variable can be bound, projected or not, in any query form.
    pub fn query(
        &self,
        sparql: &str,
        bindings: &[(String, Term)],
    ) -> Result<QueryResults<'static>> {
        let (variables, row): (Vec<String>, Vec<Option<Term>>) = bindings
            .iter()
            .map(|(name, term)| (name.clone(), Some(term.clone())))
            .unzip();
        self.query_rows(sparql, &variables, &[row])
    }

    /// Evaluates a query once for a whole table of bindings: `rows` become
    /// one `VALUES` block (a `None` leaves the variable unbound in that row),
    /// as a tarql-style mapping reads a CSV file.
    pub fn query_rows(
        &self,
        sparql: &str,
        variables: &[String],
        rows: &[Vec<Option<Term>>],
    ) -> Result<QueryResults<'static>> {
        let parsed = crate::queries::parse(sparql)?;
        if let Some(endpoint) = &self.remote {
            // Every binding joined as VALUES: the server's optimiser is its own.
            return endpoint.query(&bind(parsed, variables, rows)?);
        }
        // One row of values: a SELECT's own columns are substituted as
        // constants, which lets the optimiser start from them (a VALUES join
        // at the root is evaluated after the pattern: 8 s instead of 0.08 s
        // for `allies` over COW). The other variables, and tables of many
        // rows, are joined in as VALUES.
        let projected: &[Variable] = match (&parsed, rows) {
            (spargebra::Query::Select { pattern, .. }, [_]) => projection(pattern).unwrap_or(&[]),
            _ => &[],
        };
        let mut substitutions = Vec::new();
        let mut joined_variables = Vec::new();
        let mut joined_row = Vec::new();
        if let ([row], false) = (rows, projected.is_empty()) {
            for (name, term) in variables.iter().zip(row) {
                match (Variable::new(name), term) {
                    (Ok(variable), Some(term)) if projected.contains(&variable) => {
                        substitutions.push((variable, term.clone()))
                    }
                    _ => {
                        joined_variables.push(name.clone());
                        joined_row.push(term.clone());
                    }
                }
            }
        }
        let joined = if substitutions.is_empty() {
            bind(parsed, variables, rows)?
        } else {
            bind(parsed, &joined_variables, &[joined_row])?
        };
        let mut prepared = substitutions.into_iter().fold(
            self.evaluator().for_query(self.prepared_query(joined)),
            |prepared, (variable, term)| prepared.substitute_variable(variable, term),
        );
        if prepared.dataset().is_default_dataset() {
            prepared.dataset_mut().set_default_graph_as_union();
        }
        prepared
            .on_store(&self.store)
            .execute()
            .map_err(Error::from)
    }
}

impl KnowledgeGraph {
    /// The query [`Self::query`] evaluates for `sparql` and `bindings`, as
    /// SPARQL text that any SPARQL server runs: the project's prefixes
    /// written out as full IRIs, every bound variable fixed by a `VALUES`
    /// block at the root of the WHERE pattern (the same answer as the
    /// constants [`Self::query`] substitutes for projected ones).
    ///
    /// ```
    /// use oxigraph::model::NamedNode;
    /// let graph = entente::store::KnowledgeGraph::with_seed_data()?;
    /// let armenia = NamedNode::new_unchecked("https://entente.example/id/Armenia");
    /// let text = graph.bound_query("SELECT ?ally WHERE { ?actor ent:alliedWith ?ally }", &[("actor".into(), armenia.into())])?;
    /// assert!(text.contains("VALUES ( ?actor ) { ( <https://entente.example/id/Armenia> )"), "{text}");
    /// assert!(text.contains("<https://entente.example/ontology#alliedWith>"), "{text}");
    /// # Ok::<(), entente::Error>(())
    /// ```
    pub fn bound_query(&self, sparql: &str, bindings: &[(String, Term)]) -> Result<String> {
        let (variables, row): (Vec<String>, Vec<Option<Term>>) = bindings
            .iter()
            .map(|(name, term)| (name.clone(), Some(term.clone())))
            .unzip();
        let parsed = crate::queries::parse(sparql)?;
        Ok(bind(parsed, &variables, &[row])?.to_string())
    }
}

/// Which graphs a query reads, as the SPARQL Protocol's `default-graph-uri`
/// and `named-graph-uri` give them: empty lists leave the query's own
/// dataset (its `FROM`, else the union of the named graphs).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dataset {
    pub default_graphs: Vec<NamedNode>,
    pub named_graphs: Vec<NamedNode>,
}

impl KnowledgeGraph {
    /// Evaluates a parsed query (from [`crate::queries::parse`]) over
    /// `dataset`, with the union of named graphs as the default graph when
    /// neither the query nor the dataset names one.
    pub fn evaluate(
        &self,
        query: spargebra::Query,
        dataset: &Dataset,
    ) -> Result<QueryResults<'static>> {
        if let Some(endpoint) = &self.remote {
            let mut query = query;
            if !dataset.default_graphs.is_empty() || !dataset.named_graphs.is_empty() {
                let target = match &mut query {
                    spargebra::Query::Select { dataset, .. }
                    | spargebra::Query::Construct { dataset, .. }
                    | spargebra::Query::Describe { dataset, .. }
                    | spargebra::Query::Ask { dataset, .. } => dataset,
                };
                *target = Some(spargebra::algebra::QueryDataset {
                    default: dataset.default_graphs.clone(),
                    named: (!dataset.named_graphs.is_empty()).then(|| dataset.named_graphs.clone()),
                });
            }
            return endpoint.query(&query);
        }
        let mut prepared = self.evaluator().for_query(self.prepared_query(query));
        if !dataset.default_graphs.is_empty() || !dataset.named_graphs.is_empty() {
            let target = prepared.dataset_mut();
            target.set_default_graph(
                dataset
                    .default_graphs
                    .iter()
                    .cloned()
                    .map(GraphName::from)
                    .collect(),
            );
            if !dataset.named_graphs.is_empty() {
                target.set_available_named_graphs(
                    dataset
                        .named_graphs
                        .iter()
                        .cloned()
                        .map(Into::into)
                        .collect(),
                );
            }
        } else if prepared.dataset().is_default_dataset() {
            prepared.dataset_mut().set_default_graph_as_union();
        }
        prepared
            .on_store(&self.store)
            .execute()
            .map_err(Error::from)
    }

    /// Runs a parsed SPARQL Update (from [`crate::queries::parse_update`]),
    /// `WHERE` reading the union of named graphs, then the rules again.
    pub fn update(&self, update: spargebra::Update) -> Result<()> {
        self.check_update(&update)?;
        if let Some(endpoint) = &self.remote {
            endpoint.update(&update.to_string())?;
            return endpoint.update(vocab::RULES);
        }
        let mut prepared = self
            .evaluator()
            .for_update(crate::ordering::total_update(update));
        for dataset in prepared.using_datasets_mut() {
            if dataset.is_default_dataset() {
                dataset.set_default_graph_as_union();
            }
        }
        prepared.on_store(&self.store).execute()?;
        self.apply_rules()
    }

    /// The vocabulary check of a load, for what an update inserts: an `ent:`
    /// term the ontology does not declare refuses the whole update. Terms
    /// are read off the written form of each inserted quad or template
    /// (an IRI is written `<…>`; a string that merely looks like one is
    /// refused too, which errs on the safe side).
    fn check_update(&self, update: &spargebra::Update) -> Result<()> {
        use spargebra::GraphUpdateOperation;
        let mut written = Vec::new();
        for operation in &update.operations {
            match operation {
                GraphUpdateOperation::InsertData { data } => {
                    written.extend(data.iter().map(ToString::to_string))
                }
                GraphUpdateOperation::DeleteInsert { insert, .. } => {
                    written.extend(insert.iter().map(ToString::to_string))
                }
                _ => {}
            }
        }
        let opening = format!("<{}", vocab::ENT);
        for text in &written {
            let mut rest = text.as_str();
            while let Some(at) = rest.find(&opening) {
                let iri = &rest[at + 1..];
                let end = iri.find('>').unwrap_or(iri.len());
                if !self.vocabulary.allows(&iri[..end]) {
                    invalid!("the update: {}", self.vocabulary.refusal(&iri[..end]));
                }
                rest = &iri[end..];
            }
        }
        Ok(())
    }

    /// The engine for this graph's queries and updates: its deadline, and
    /// `SERVICE` refused. entente answers from its own store: a query
    /// never reaches the network (which Oxigraph's HTTP client, present in
    /// the build through the SHACL engine, would otherwise do).
    fn evaluator(&self) -> SparqlEvaluator {
        let evaluator = crate::ordering::with_functions(
            SparqlEvaluator::new().with_default_service_handler(NoNetwork),
        );
        match &self.deadline {
            Some(token) if self.interruptible => evaluator
                .with_cancellation_token(token.clone())
                .with_custom_function(
                    NamedNode::new_unchecked(crate::interrupt::ALIVE),
                    crate::interrupt::alive(token.clone()),
                ),
            Some(token) => evaluator.with_cancellation_token(token.clone()),
            None => evaluator,
        }
    }
}

/// Refuses every `SERVICE` call (see [`KnowledgeGraph::evaluator`]).
struct NoNetwork;

#[derive(Debug, thiserror::Error)]
#[error("SERVICE <{0}> is refused: entente answers from its own store and reaches no other server")]
struct ServiceRefused(String);

impl oxigraph::sparql::DefaultServiceHandler for NoNetwork {
    type Error = ServiceRefused;

    fn handle(
        &self,
        service_name: &NamedNode,
        _pattern: &spargebra::algebra::GraphPattern,
        _base_iri: Option<&oxiri::Iri<String>>,
    ) -> std::result::Result<oxigraph::sparql::QuerySolutionIter<'static>, Self::Error> {
        Err(ServiceRefused(service_name.as_str().to_owned()))
    }
}

/// The variables a SELECT projects (below LIMIT, DISTINCT and ORDER BY).
fn projection(pattern: &spargebra::algebra::GraphPattern) -> Option<&[Variable]> {
    use spargebra::algebra::GraphPattern;
    match pattern {
        GraphPattern::Slice { inner, .. }
        | GraphPattern::Distinct { inner }
        | GraphPattern::Reduced { inner }
        | GraphPattern::OrderBy { inner, .. } => projection(inner),
        GraphPattern::Project { variables, .. } => Some(variables),
        _ => None,
    }
}

/// A query with variables fixed by a `VALUES` block (one solution per row)
/// joined at the root of its WHERE pattern (below the solution modifiers,
/// above FILTER and BIND).
fn bind(
    query: spargebra::Query,
    variables: &[String],
    rows: &[Vec<Option<Term>>],
) -> Result<spargebra::Query> {
    use spargebra::algebra::GraphPattern;
    use spargebra::term::GroundTerm;
    use spargebra::Query;
    if variables.is_empty() {
        return Ok(query);
    }
    let variables = variables
        .iter()
        .map(|name| {
            Variable::new(name)
                .map_err(|_| Error::Invalid(format!("{name:?} is not a SPARQL variable name")))
        })
        .collect::<Result<Vec<_>>>()?;
    let mut bindings = Vec::with_capacity(rows.len());
    for row in rows {
        let mut values = Vec::with_capacity(row.len());
        for (variable, term) in variables.iter().zip(row) {
            values.push(match term {
                None => None,
                Some(Term::NamedNode(n)) => Some(GroundTerm::NamedNode(n.clone())),
                Some(Term::Literal(l)) => Some(GroundTerm::Literal(l.clone())),
                Some(other) => {
                    invalid!("cannot bind {variable} to {other}: only IRIs and literals")
                }
            });
        }
        bindings.push(values);
    }
    let values = GraphPattern::Values {
        variables,
        bindings,
    };
    fn join(
        pattern: GraphPattern,
        values: GraphPattern,
        below_projection: bool,
        keep_bound: bool,
    ) -> GraphPattern {
        let down = |inner: Box<GraphPattern>, values: GraphPattern, below| {
            Box::new(join(*inner, values, below, keep_bound))
        };
        match pattern {
            GraphPattern::Slice {
                inner,
                start,
                length,
            } => GraphPattern::Slice {
                inner: down(inner, values, below_projection),
                start,
                length,
            },
            GraphPattern::Distinct { inner } => GraphPattern::Distinct {
                inner: down(inner, values, below_projection),
            },
            GraphPattern::Reduced { inner } => GraphPattern::Reduced {
                inner: down(inner, values, below_projection),
            },
            GraphPattern::OrderBy { inner, expression } => GraphPattern::OrderBy {
                inner: down(inner, values, below_projection),
                expression,
            },
            // A second projection would be a sub-query's: stop above it.
            GraphPattern::Project {
                inner,
                mut variables,
            } if !below_projection => {
                // CONSTRUCT, ASK and DESCRIBE project their WHERE pattern to
                // the variables it uses; a bound variable used only in the
                // template must survive that projection. (A SELECT keeps the
                // columns it asked for: `keep_bound` is false for it.)
                if let GraphPattern::Values {
                    variables: bound, ..
                } = &values
                {
                    for variable in bound {
                        if keep_bound && !variables.contains(variable) {
                            variables.push(variable.clone());
                        }
                    }
                }
                GraphPattern::Project {
                    inner: down(inner, values, true),
                    variables,
                }
            }
            GraphPattern::Group {
                inner,
                variables,
                aggregates,
            } => GraphPattern::Group {
                inner: down(inner, values, below_projection),
                variables,
                aggregates,
            },
            GraphPattern::Extend {
                inner,
                variable,
                expression,
            } => GraphPattern::Extend {
                inner: down(inner, values, below_projection),
                variable,
                expression,
            },
            GraphPattern::Filter { expr, inner } => GraphPattern::Filter {
                expr,
                inner: down(inner, values, below_projection),
            },
            other => GraphPattern::Join {
                left: Box::new(values),
                right: Box::new(other),
            },
        }
    }
    Ok(match query {
        Query::Select {
            dataset,
            pattern,
            base_iri,
        } => Query::Select {
            dataset,
            pattern: join(pattern, values, false, false),
            base_iri,
        },
        Query::Construct {
            template,
            dataset,
            pattern,
            base_iri,
        } => Query::Construct {
            template,
            dataset,
            pattern: join(pattern, values, false, true),
            base_iri,
        },
        Query::Describe {
            dataset,
            pattern,
            base_iri,
        } => Query::Describe {
            dataset,
            pattern: join(pattern, values, false, true),
            base_iri,
        },
        Query::Ask {
            dataset,
            pattern,
            base_iri,
        } => Query::Ask {
            dataset,
            pattern: join(pattern, values, false, true),
            base_iri,
        },
    })
}

/// The compiled-in ontology, in its graph.
fn parse_ontology() -> Result<Vec<Quad>> {
    let graph = NamedNode::new_unchecked(ONTOLOGY_GRAPH);
    Ok(vocab::compiled_ontology()
        .iter()
        .map(|q| compiled_quad(q, &graph))
        .collect())
}

/// A quad parsed by `build.rs`, in `own` when its file gave no graph.
fn compiled_quad(quad: &vocab::CompiledQuad, own: &NamedNode) -> Quad {
    let vocab::CompiledQuad(subject, predicate, object, graph) = quad;
    let object: Term = match *object {
        vocab::CompiledObject::Iri(iri) => NamedNode::new_unchecked(iri).into(),
        vocab::CompiledObject::Typed(value, datatype) => {
            Literal::new_typed_literal(value, NamedNode::new_unchecked(datatype)).into()
        }
        vocab::CompiledObject::Language(value, language) => {
            Literal::new_language_tagged_literal_unchecked(value, language).into()
        }
    };
    Quad::new(
        NamedNode::new_unchecked(*subject),
        NamedNode::new_unchecked(*predicate),
        object,
        graph.map_or_else(|| own.clone(), NamedNode::new_unchecked),
    )
}

/// Quads added batch by batch, committed at once: see
/// [`KnowledgeGraph::inserter`].
pub struct Inserter<'a> {
    graph: &'a KnowledgeGraph,
    loader: BulkLoader<'a>,
    origin: String,
    statements: u64,
    /// Quads held for a persistent store's loader until a batch's worth
    /// ([`PERSISTENT_BATCH`]): each hand-over is sorted into its own set of
    /// files, which an import's chunks of a few thousand quads multiplied.
    pending: Vec<Quad>,
}

/// The quads of one batch of the persistent store's bulk loader (its
/// [`PERSISTENT_LOAD_MEGABYTES`] over two threads).
const PERSISTENT_BATCH: usize = 250_000;

impl Inserter<'_> {
    /// Checks a batch against the ontology and hands it to the loader.
    pub fn add(&mut self, quads: Vec<Quad>) -> Result<()> {
        if let Some(endpoint) = &self.graph.remote {
            invalid!(
                "{}: an import writes to the embedded store, not to the endpoint {}",
                self.origin,
                endpoint.url()
            );
        }
        let vocabulary = &self.graph.vocabulary;
        for quad in &quads {
            let terms = [
                match &quad.subject {
                    oxigraph::model::NamedOrBlankNode::NamedNode(n) => Some(n.as_str()),
                    _ => None,
                },
                Some(quad.predicate.as_str()),
                match &quad.object {
                    Term::NamedNode(n) => Some(n.as_str()),
                    Term::Literal(l) => Some(l.datatype().as_str()),
                    _ => None,
                },
                match &quad.graph_name {
                    GraphName::NamedNode(n) => Some(n.as_str()),
                    _ => None,
                },
            ];
            if let Some(term) = terms.into_iter().flatten().find(|t| !vocabulary.allows(t)) {
                invalid!("{}: {}", self.origin, vocabulary.refusal(term));
            }
        }
        self.statements += quads.len() as u64;
        if !self.graph.persistent {
            self.loader.load_quads(quads)?;
        } else if self.pending.len() + quads.len() < PERSISTENT_BATCH {
            self.pending.extend(quads);
        } else {
            self.pending.extend(quads);
            self.loader.load_quads(std::mem::take(&mut self.pending))?;
        }
        Ok(())
    }

    /// Commits every batch with the mark of pending rules, then runs the
    /// rules (see [`KnowledgeGraph::load`]).
    pub fn commit(mut self) -> Result<LoadReport> {
        self.pending.push(rules_pending());
        self.loader.load_quads(std::mem::take(&mut self.pending))?;
        self.loader.commit()?;
        self.graph.apply_rules()?;
        Ok(LoadReport {
            files: 1,
            statements: self.statements,
            store_size: self.graph.store.len()?,
        })
    }
}

/// Quads per `INSERT DATA` of a load into an endpoint: small enough for
/// Virtuoso's limits on a statement's text, large enough to be quick.
pub const REMOTE_CHUNK: usize = 2000;

/// A file's name in messages.
fn source_name(source: &Source) -> String {
    match source {
        Source::Path(p) => p.display().to_string(),
        Source::Text { name, .. } => (*name).to_owned(),
    }
}

/// The body of a Graph Store request: the parser's batches written as
/// N-Quads as the request reads them. A channel closed before the parser's
/// `None` (its end) is an error, so a cut file never reaches the server as
/// a whole one.
struct NQuadsBody {
    batches: std::sync::mpsc::Receiver<Option<Vec<Quad>>>,
    buffer: Vec<u8>,
    at: usize,
    ended: bool,
}

impl std::io::Read for NQuadsBody {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        while self.at == self.buffer.len() {
            if self.ended {
                return Ok(0);
            }
            match self.batches.recv() {
                Ok(Some(batch)) => {
                    self.buffer.clear();
                    self.at = 0;
                    let mut serializer =
                        oxigraph::io::RdfSerializer::from_format(oxigraph::io::RdfFormat::NQuads)
                            .for_writer(&mut self.buffer);
                    for quad in &batch {
                        serializer.serialize_quad(quad)?;
                    }
                    serializer.finish()?;
                }
                Ok(None) => self.ended = true,
                Err(_) => {
                    return Err(std::io::Error::other(
                        "the file could not be read to its end",
                    ))
                }
            }
        }
        let n = out.len().min(self.buffer.len() - self.at);
        out[..n].copy_from_slice(&self.buffer[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// Whether a quad has a blank node.
fn has_blank_node(quad: &Quad) -> bool {
    matches!(
        quad.subject,
        oxigraph::model::NamedOrBlankNode::BlankNode(_)
    ) || matches!(quad.object, Term::BlankNode(_))
}

/// Quads are handed to the store in batches of this size.
const BATCH: usize = 100_000;

/// Reads one source in batches, telling `progress` of the bytes read.
fn read_source(
    source: &Source,
    vocabulary: &Vocabulary,
    graph: Option<&NamedNode>,
    progress: &dyn Progress,
    flush: &mut dyn FnMut(&mut Vec<Quad>) -> Result<()>,
) -> Result<u64> {
    let mut batch = Vec::with_capacity(BATCH);
    let mut failure = None;
    let mut sink = |q: Quad| {
        if failure.is_some() {
            return;
        }
        batch.push(q);
        if batch.len() >= BATCH {
            if let Err(e) = flush(&mut batch) {
                failure = Some(e);
            }
        }
    };
    let count = match source {
        Source::Text { name, text } => {
            let Some(format) = Format::from_path(Path::new(name)) else {
                invalid!("{name}: unknown RDF syntax (expected .ttl, .trig, .nt or .nq)");
            };
            let default = graph.map_or_else(
                || NamedNode::new_unchecked(format!("{}file/{name}", vocab::GRAPH)).into(),
                |g| g.clone().into(),
            );
            ingest::parse(
                name,
                text.as_bytes(),
                format,
                vocabulary,
                &default,
                &mut sink,
            )?
        }
        Source::Path(path) => {
            let name = path.display().to_string();
            let Some(format) = Format::from_path(path) else {
                invalid!("{name}: unknown RDF syntax (expected .ttl, .trig, .nt or .nq)");
            };
            let file = File::open(path).map_err(|e| Error::io(path, e))?;
            let size = file.metadata().map(|m| m.len()).unwrap_or(0);
            progress.start(&name, size, Unit::Bytes);
            let default = default_graph(graph, &absolute(path));
            let reader = BufReader::with_capacity(
                1 << 20,
                Counted {
                    inner: file,
                    progress,
                },
            );
            let result = ingest::parse(&name, reader, format, vocabulary, &default, &mut sink);
            progress.finish();
            result?
        }
    };
    if let Some(e) = failure {
        return Err(e);
    }
    flush(&mut batch)?;
    Ok(count)
}

/// A reader that tells an observer how many bytes went through.
struct Counted<'a, R> {
    inner: R,
    progress: &'a dyn Progress,
}

impl<R: std::io::Read> std::io::Read for Counted<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.progress.advance(n as u64);
        Ok(n)
    }
}

fn absolute(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned())
}

/// A file's name as the path of an IRI: unreserved bytes and `/` kept,
/// every other byte percent-encoded.
pub(crate) fn iri_path(name: &str) -> String {
    let mut out = String::new();
    for byte in name.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Where triples outside a named graph go: the graph asked for, or the file's own.
fn default_graph(graph: Option<&NamedNode>, path: &Path) -> GraphName {
    match graph {
        Some(g) => g.clone().into(),
        None => NamedNode::new(format!("file://{}", iri_path(&path.to_string_lossy())))
            .map(GraphName::from)
            .unwrap_or(GraphName::DefaultGraph),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The quads of a store, sorted, as N-Quads lines.
    fn dump(graph: &KnowledgeGraph) -> Vec<String> {
        let mut lines: Vec<String> = graph.store.iter().map(|q| q.unwrap().to_string()).collect();
        lines.sort();
        lines
    }

    #[test]
    fn compiled_seed_data_is_what_the_runtime_parser_reads_from_the_files() {
        // build.rs parses with oxttl, user files go through rio_turtle and
        // the vocabulary check: both must give the same store.
        let compiled = KnowledgeGraph::with_seed_data().unwrap();
        let parsed = KnowledgeGraph::from_store(Store::new().unwrap(), false, true).unwrap();
        let sources: Vec<Source> = vocab::seed_data()
            .iter()
            .map(|(name, text)| Source::Text { name, text })
            .collect();
        parsed.load(&sources, &LoadOptions::default()).unwrap();
        let (compiled, parsed) = (dump(&compiled), dump(&parsed));
        assert!(compiled.len() > 2000, "{}", compiled.len());
        assert_eq!(compiled, parsed);
    }

    #[test]
    fn compiled_ontology_is_what_the_runtime_parser_reads_from_the_file() {
        let (name, text) = vocab::ONTOLOGY;
        let mut parsed = Vec::new();
        ingest::parse(
            name,
            text.as_bytes(),
            Format::Turtle,
            &Vocabulary::open(),
            &NamedNode::new_unchecked(ONTOLOGY_GRAPH).into(),
            |q| parsed.push(q.to_string()),
        )
        .unwrap();
        let mut compiled: Vec<String> = parse_ontology()
            .unwrap()
            .iter()
            .map(|q| q.to_string())
            .collect();
        parsed.sort();
        compiled.sort();
        assert_eq!(compiled, parsed);
    }
}
