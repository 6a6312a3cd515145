//! The bodies of the fuzz targets, one function per target, taking the raw
//! bytes libFuzzer gives. `fuzz_targets/*.rs` call them under libFuzzer;
//! the root's integration tests include this file by path and replay
//! `fuzz/regressions/TARGET/*` through the same functions, so a crash once
//! found stays fixed in CI. Each function panics only when the library
//! breaks a promise: a panic inside the library, a failed load that changed
//! the store, an error without a message, an unbalanced DOT string.
//!
//! Only `std`, `entente` and `oxigraph` are used here (the integration
//! tests have no libFuzzer).

use entente::graph::dot::{self, DotOptions, NodeSizes};
use entente::graph::{Actor, ActorGraph, Relation};
use entente::store::{KnowledgeGraph, LoadOptions, Source};
use std::cell::RefCell;
use std::path::PathBuf;
use std::time::Duration;

/// A folder of this process's own for the files a target writes.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("entente-fuzz-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    dir.join(name)
}

thread_local! {
    /// An ontology-only store, reused while inputs fail (a failed load must
    /// leave it as it was, which each target checks) and rebuilt after one
    /// succeeded.
    static ONTOLOGY_ONLY: RefCell<Option<KnowledgeGraph>> = const { RefCell::new(None) };
    /// The seed store, only ever read.
    static SEED: RefCell<Option<KnowledgeGraph>> = const { RefCell::new(None) };
}

/// Runs `work` on a reusable ontology-only store; `work` says whether it
/// changed the store (then the store is dropped).
fn with_ontology_store(work: impl FnOnce(KnowledgeGraph) -> Option<KnowledgeGraph>) {
    let graph = ONTOLOGY_ONLY.with(|cell| cell.borrow_mut().take());
    let graph = graph.unwrap_or_else(|| {
        KnowledgeGraph::with_ontology_only().expect("the ontology-only store builds")
    });
    let kept = work(graph);
    ONTOLOGY_ONLY.with(|cell| *cell.borrow_mut() = kept);
}

fn with_seed_store(work: impl FnOnce(&KnowledgeGraph)) {
    SEED.with(|cell| {
        let mut cell = cell.borrow_mut();
        let graph = cell.get_or_insert_with(|| {
            KnowledgeGraph::with_seed_data().expect("the seed store builds")
        });
        work(graph);
    });
}

/// An error must say something.
fn check_message(error: &entente::Error) {
    let message = error.to_string();
    assert!(
        !message.trim().is_empty(),
        "an error without a message: {error:?}"
    );
}

/// Bytes → Turtle / TriG / N-Triples / N-Quads → the store, through
/// `KnowledgeGraph::load` (a file on disk, or a text when the bytes are
/// UTF-8) and `KnowledgeGraph::check`. The first byte picks the syntax and
/// the source kind. A load either succeeds or fails leaving the store as it
/// was, and agrees with `check`.
pub fn ingest(data: &[u8]) {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let extension = ["ttl", "trig", "nt", "nq"][usize::from(selector % 4)];
    let as_text = selector & 4 != 0;
    let name = format!("input.{extension}");
    let path = scratch(&name);
    let text;
    let source = if as_text {
        match std::str::from_utf8(body) {
            Ok(t) => {
                text = t;
                Source::Text { name: &name, text }
            }
            Err(_) => return,
        }
    } else {
        std::fs::write(&path, body).expect("the scratch file is written");
        Source::Path(&path)
    };
    with_ontology_store(|graph| {
        let before = graph.len().expect("the store counts");
        let checked = graph.check(std::slice::from_ref(&source));
        match graph.load(std::slice::from_ref(&source), &LoadOptions::default()) {
            Ok(report) => {
                assert!(
                    checked.is_ok(),
                    "check refused what load accepted: {:?}",
                    checked.err()
                );
                assert!(report.store_size >= before);
                None
            }
            Err(error) => {
                check_message(&error);
                assert_eq!(
                    graph.len().expect("the store counts"),
                    before,
                    "a failed load changed the store: {error}"
                );
                if let Err(refusal) = &checked {
                    check_message(refusal);
                }
                Some(graph)
            }
        }
    });
}

/// SPARQL text → `queries::parse`, `queries::form`, the header, and an
/// evaluation with bound parameters through `KnowledgeGraph::query`. When
/// the first byte is odd the first line is `NAME VALUE`: VALUE is bound to
/// the variable NAME, as an IRI when it is one, else as a plain literal.
/// Evaluation gets 100 ms and at most 100 solutions are read.
pub fn sparql(data: &[u8]) {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(body);
    let (bindings, sparql) = match (selector % 2, text.split_once('\n')) {
        (1, Some((first, rest))) => {
            let (name, value) = first.split_once(' ').unwrap_or((first, ""));
            let value: oxigraph_term::Term = match oxigraph_term::NamedNode::new(value) {
                Ok(iri) => iri.into(),
                Err(_) => oxigraph_term::Literal::new_simple_literal(value).into(),
            };
            (vec![(name.to_owned(), value)], rest)
        }
        _ => (Vec::new(), &*text),
    };
    let parsed = entente::queries::parse(sparql);
    let form = entente::queries::form(sparql);
    assert_eq!(parsed.is_ok(), form.is_ok(), "parse and form disagree");
    if let Err(error) = &parsed {
        check_message(error);
    }
    let _ = entente::queries::NamedQuery::parse("fuzz", sparql);
    with_ontology_store(|graph| {
        let graph = graph.with_timeout(Duration::from_millis(100));
        let before = graph.len().expect("the store counts");
        match graph.query(sparql, &bindings) {
            Ok(results) => {
                use oxigraph_term::QueryResults;
                match results {
                    QueryResults::Solutions(solutions) => {
                        for solution in solutions.take(100) {
                            if graph.ensure_time_left().is_err() || solution.is_err() {
                                break;
                            }
                        }
                    }
                    QueryResults::Graph(triples) => {
                        for triple in triples.take(100) {
                            if graph.ensure_time_left().is_err() || triple.is_err() {
                                break;
                            }
                        }
                    }
                    QueryResults::Boolean(_) => {}
                }
            }
            Err(error) => check_message(&error),
        }
        assert_eq!(
            graph.len().expect("the store counts"),
            before,
            "a query changed the store"
        );
        Some(graph)
    });
}

/// The Oxigraph types the targets name (the root's own dependency).
mod oxigraph_term {
    pub use oxigraph::model::{Literal, NamedNode, Term};
    pub use oxigraph::sparql::QueryResults;
}

/// CSV bytes through a mapping (`import::import_files`, the first byte
/// picking one of the compiled-in mappings): all or nothing, so a refused
/// file leaves the store as it was.
pub fn csv(data: &[u8]) {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let mappings = entente::import::all().expect("the compiled-in mappings parse");
    let mapping = &mappings[usize::from(selector) % mappings.len()];
    let path = scratch("input.csv");
    std::fs::write(&path, body).expect("the scratch file is written");
    if let Err(error) = entente::import::parse_csv(body, "input.csv") {
        check_message(&error);
    }
    with_ontology_store(|graph| {
        let graph = graph.with_timeout(Duration::from_secs(2));
        let before = graph.len().expect("the store counts");
        match entente::import::import_files(
            &graph,
            &[path.as_path()],
            mapping,
            &mapping.default_graph(),
            &entente::import::ImportOptions::default(),
        ) {
            Ok(_) => None,
            Err(error) => {
                check_message(&error);
                assert_eq!(
                    graph.len().expect("the store counts"),
                    before,
                    "a refused import changed the store: {error}"
                );
                Some(graph)
            }
        }
    });
}

/// A name (any bytes, read as UTF-8 with replacement characters) against
/// the seed data: `resolve`, `resolve_class` and `claim_graphs` answer or
/// give an error that says something.
pub fn resolve(data: &[u8]) {
    let name = String::from_utf8_lossy(data);
    with_seed_store(|graph| {
        match entente::resolve::resolve(graph, &name) {
            Ok(named) => assert!(!named.iri.as_str().is_empty()),
            Err(error) => check_message(&error),
        }
        if let Err(error) = entente::resolve::resolve_class(graph, &name) {
            check_message(&error);
        }
        if let Err(error) = entente::resolve::claim_graphs(graph, &name) {
            check_message(&error);
        }
    });
}

/// Reads the fuzzer's bytes as a sequence of small choices.
struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn byte(&mut self) -> u8 {
        match self.0.split_first() {
            Some((&b, rest)) => {
                self.0 = rest;
                b
            }
            None => 0,
        }
    }

    /// A string of up to 255 bytes, read as UTF-8 with replacements.
    fn text(&mut self) -> String {
        let n = usize::from(self.byte()).min(self.0.len());
        let (text, rest) = self.0.split_at(n);
        self.0 = rest;
        String::from_utf8_lossy(text).into_owned()
    }

    fn maybe_text(&mut self) -> Option<String> {
        (self.byte() % 2 == 1).then(|| self.text())
    }

    fn float(&mut self) -> f64 {
        let mut raw = [0u8; 8];
        for b in &mut raw {
            *b = self.byte();
        }
        f64::from_le_bytes(raw)
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// An actor graph with arbitrary IRIs, labels, kinds, aliases, relation
/// kinds, dates, weights (NaN and infinities included) and sources, drawn
/// with arbitrary options: `dot::render` and `dot::plan` do not panic, and
/// the DOT has balanced quotes and braces.
pub fn dot(data: &[u8]) {
    let mut bytes = Bytes(data);
    let mut graph = ActorGraph::new();
    let actors = usize::from(bytes.byte() % 12);
    let mut nodes = Vec::new();
    for _ in 0..actors {
        let iri = bytes.text();
        let label = bytes.text();
        let kind = bytes.maybe_text();
        let aliases = (0..bytes.byte() % 3).map(|_| bytes.text()).collect();
        nodes.push(graph.actor(Actor {
            iri,
            label,
            kind,
            aliases,
        }));
    }
    while !nodes.is_empty() && !bytes.is_empty() {
        let source = nodes[usize::from(bytes.byte()) % nodes.len()];
        let target = nodes[usize::from(bytes.byte()) % nodes.len()];
        let mut relation = Relation::new(bytes.text(), (bytes.byte() % 3) as i8 - 1);
        relation.weight = bytes.float();
        relation.start = bytes.maybe_text();
        relation.end = bytes.maybe_text();
        relation.graph = bytes.maybe_text();
        relation.source_label = bytes.maybe_text();
        graph.relate(source, target, relation);
    }
    let choice = data.last().copied().unwrap_or(0);
    let count = graph.actor_count();
    let options = DotOptions {
        title: (choice & 1 != 0).then(|| String::from_utf8_lossy(data).into_owned()),
        highlight: nodes.first().copied().filter(|_| choice & 2 != 0),
        size_by: (choice & 4 != 0).then(|| NodeSizes {
            metric: "fuzz".to_owned(),
            scores: data
                .chunks(8)
                .take(count)
                .map(|c| {
                    let mut raw = [0u8; 8];
                    raw[..c.len()].copy_from_slice(c);
                    f64::from_le_bytes(raw)
                })
                .collect(),
        }),
        camps: (choice & 8 != 0).then(|| {
            (0..count)
                .map(|i| data.get(i).map(|b| usize::from(b % 4)).filter(|&c| c < 3))
                .collect()
        }),
        camp_names: vec![String::from_utf8_lossy(data).into_owned()],
        include: (choice & 16 != 0).then(|| nodes.iter().step_by(2).copied().collect()),
        legend: choice & 32 != 0,
        edge_labels: (choice & 64 != 0).then_some(choice & 128 != 0),
        // Every node links to the input's bytes (quotes, backslashes…).
        links: (choice & 1 != 0)
            .then(|| vec![Some(String::from_utf8_lossy(data).into_owned()); count]),
        ..DotOptions::default()
    };
    let _ = dot::plan(&graph, &options);
    let text = dot::render(&graph, &options);
    check_dot(&text);
}

/// Quotes close, and braces and brackets outside quotes balance.
pub fn check_dot(text: &str) {
    let mut in_quote = false;
    let mut escaped = false;
    let (mut braces, mut brackets) = (0i64, 0i64);
    for c in text.chars() {
        if in_quote {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_quote = false,
                (false, '\n') => panic!("a raw newline inside a DOT string:\n{text}"),
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_quote = true,
            '{' => braces += 1,
            '}' => braces -= 1,
            '[' => brackets += 1,
            ']' => brackets -= 1,
            _ => {}
        }
        assert!(braces >= 0 && brackets >= 0, "unbalanced DOT:\n{text}");
    }
    assert!(!in_quote, "an unclosed DOT string:\n{text}");
    assert_eq!((braces, brackets), (0, 0), "unbalanced DOT:\n{text}");
}
