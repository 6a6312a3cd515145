//! The hostile-input corpus of `tests/bad-input/`, run through the command
//! line: every case of `cases.tsv` must be refused with exit code 2 and a
//! message naming the place of the fault, without a panic, within a bounded
//! time and address space, without a raw terminal escape, and without
//! changing the store.

use entente::import::{self, ImportOptions};
use entente::store::{KnowledgeGraph, LoadOptions, Source};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A bound, not a timing: the slowest case takes a few seconds on a loaded
/// machine (the one with `--timeout 1`).
const TIME: Duration = Duration::from_secs(20);
/// The address space each run gets.
const MEMORY: u64 = 2 << 30;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad-input")
}

/// One line of `cases.tsv`.
struct Case {
    file: Option<String>,
    command: String,
    expected: String,
}

impl Case {
    /// The command's words, `{file}` and `{text}` filled in.
    fn args(&self) -> Vec<String> {
        let mut words = Vec::new();
        let mut word = String::new();
        let mut quoted = false;
        for c in self.command.chars() {
            match c {
                '\'' => quoted = !quoted,
                ' ' if !quoted => words.push(std::mem::take(&mut word)),
                c => word.push(c),
            }
        }
        words.push(word);
        words
            .into_iter()
            .filter(|w| !w.is_empty())
            .map(|w| match (w.as_str(), &self.file) {
                ("{file}", Some(file)) => file.clone(),
                ("{text}", Some(file)) => std::fs::read_to_string(corpus().join(file)).unwrap(),
                _ => w,
            })
            .collect()
    }

    /// What the case gives the store: RDF files to load, or an import.
    fn store_input(&self) -> Option<StoreInput> {
        let file = self.file.as_ref()?;
        let args = self.args();
        if args.first().map(String::as_str) == Some("import") {
            let mapping = args
                .iter()
                .position(|a| a == "-m")
                .map(|i| args[i + 1].clone())?;
            let csv = args[1..]
                .iter()
                .enumerate()
                .find(|(i, a)| a.ends_with(".csv") && args[*i] != "-m")
                .map(|(_, a)| a.clone())?;
            return Some(StoreInput::Import { mapping, csv });
        }
        (file.starts_with("rdf/") && args.iter().any(|a| a == file))
            .then(|| StoreInput::Rdf(file.clone()))
    }
}

enum StoreInput {
    Rdf(String),
    Import { mapping: String, csv: String },
}

fn cases() -> Vec<Case> {
    let text = std::fs::read_to_string(corpus().join("cases.tsv")).unwrap();
    text.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            assert_eq!(fields.len(), 3, "cases.tsv: {line:?} has not 3 fields");
            Case {
                file: (fields[0] != "-").then(|| fields[0].to_owned()),
                command: fields[1].to_owned(),
                expected: fields[2].to_owned(),
            }
        })
        .collect()
}

/// What can go wrong with one case's run, or nothing.
fn judge(case: &Case) -> Option<String> {
    let args = case.args();
    let started = Instant::now();
    let output = crate::support::entente_within(MEMORY)
        .current_dir(corpus())
        .args(&args)
        .timeout(TIME)
        .output()
        .unwrap();
    let took = started.elapsed();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let mut faults = Vec::new();
    if took >= TIME {
        faults.push(format!("still running after {TIME:?}"));
    }
    if output.status.code() != Some(2) {
        faults.push(format!("exit {:?}, not 2", output.status));
    }
    if !stderr.contains(&case.expected) {
        faults.push(format!("no {:?} in the message", case.expected));
    }
    for sign in [
        "panicked",
        "overflowed",
        "RUST_BACKTRACE",
        "memory allocation",
    ] {
        if stderr.contains(sign) {
            faults.push(format!("{sign:?} in stderr"));
        }
    }
    if let Some(c) = stderr
        .chars()
        .find(|&c| (c.is_control() && c != '\n') || ('\u{202a}'..='\u{202e}').contains(&c))
    {
        faults.push(format!("a raw {c:?} reached the terminal"));
    }
    if stderr.len() > 64 << 10 {
        faults.push(format!("a message of {} bytes", stderr.len()));
    }
    if !output.stdout.is_empty() {
        faults.push(format!("{} bytes written to stdout", output.stdout.len()));
    }
    (!faults.is_empty()).then(|| {
        format!(
            "{} | {}: {}\n    stderr: {}",
            case.file.as_deref().unwrap_or("-"),
            case.command,
            faults.join("; "),
            stderr.chars().take(400).collect::<String>()
        )
    })
}

/// Every quad of the store, as text.
fn dump(graph: &KnowledgeGraph) -> BTreeSet<String> {
    graph
        .store()
        .iter()
        .map(|q| q.unwrap().to_string())
        .collect()
}

/// The case's input refused by the library on the seed store with good data
/// loaded, which must be as it was after.
fn store_unchanged(input: &StoreInput) -> Option<String> {
    let dir = corpus();
    let graph = KnowledgeGraph::with_seed_data().unwrap();
    let good = dir.join("good.trig");
    graph
        .load(&[Source::Path(&good)], &LoadOptions::default())
        .unwrap();
    let before = dump(&graph);
    let (what, refused) = match input {
        StoreInput::Rdf(file) => {
            let bad = dir.join(file);
            // The good file first: a failed load must undo it too.
            let result = graph.load(
                &[Source::Path(&good), Source::Path(&bad)],
                &LoadOptions::default(),
            );
            (file.clone(), result.is_err())
        }
        StoreInput::Import { mapping, csv } => {
            let mapping_path = dir.join(mapping);
            let mapping = match mapping_path.is_file() {
                true => import::from_argument(mapping_path.to_str().unwrap()),
                false => import::from_argument(mapping),
            };
            let refused = match mapping {
                // Refused before the store is touched; it must still be as it was.
                Err(_) => true,
                Ok(mapping) => import::import_files(
                    &graph,
                    &[dir.join(csv).as_path()],
                    &mapping,
                    &mapping.default_graph(),
                    &ImportOptions::default(),
                )
                .is_err(),
            };
            (csv.clone(), refused)
        }
    };
    let after = dump(&graph);
    if !refused {
        return Some(format!("{what}: the library accepted it"));
    }
    (after != before).then(|| {
        format!(
            "{what}: the store changed ({} quads before, {} after)",
            before.len(),
            after.len()
        )
    })
}

#[test]
fn every_bad_input_is_refused_with_its_place_within_bounds_and_leaves_the_store_unchanged() {
    let cases = cases();
    let files: BTreeSet<&str> = cases.iter().filter_map(|c| c.file.as_deref()).collect();
    assert!(
        files.len() >= 60,
        "the corpus has {} files, at least 60 wanted",
        files.len()
    );
    let mut faults = Vec::new();
    let mut stores = 0;
    for case in &cases {
        if let Some(fault) = judge(case) {
            faults.push(fault);
        }
        if let Some(input) = case.store_input() {
            stores += 1;
            if let Some(fault) = store_unchanged(&input) {
                faults.push(fault);
            }
        }
    }
    assert!(stores >= 40, "only {stores} cases checked the store");
    assert!(
        faults.is_empty(),
        "{} of {} cases went wrong:\n{}",
        faults.len(),
        cases.len(),
        faults.join("\n")
    );
}

#[test]
fn every_corpus_file_is_a_case() {
    let named: BTreeSet<String> = cases().into_iter().filter_map(|c| c.file).collect();
    let mut unused = Vec::new();
    for folder in ["rdf", "sparql", "views", "csv", "names"] {
        for entry in std::fs::read_dir(corpus().join(folder)).unwrap() {
            let path = format!("{folder}/{}", entry.unwrap().file_name().to_string_lossy());
            // The good data the bad cases are run beside.
            if path != "csv/ok.csv" && !named.contains(&path) {
                unused.push(path);
            }
        }
    }
    assert!(unused.is_empty(), "files no case runs: {unused:?}");
}

/// With a persistent store, the command line itself: a refused `load` or
/// `import` leaves the store's dump as it was.
#[cfg(feature = "rocksdb")]
#[test]
fn a_refused_load_or_import_leaves_the_persistent_store_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let dump = || {
        let output = crate::support::entente_on(&store)
            .args([
                "query",
                "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g ?s ?p ?o",
                "--format",
                "tsv",
            ])
            .output()
            .unwrap();
        assert!(output.status.success());
        output.stdout
    };
    crate::support::entente_on(&store)
        .current_dir(corpus())
        .args(["load", "good.trig"])
        .assert()
        .success();
    let before = dump();
    let mut faults = Vec::new();
    for case in cases() {
        let args: Vec<String> = match case.store_input() {
            Some(StoreInput::Rdf(file)) => vec!["load".to_owned(), file],
            Some(StoreInput::Import { .. }) => case.args(),
            None => continue,
        };
        let output = crate::support::entente_on(&store)
            .current_dir(corpus())
            .args(&args)
            .timeout(TIME)
            .output()
            .unwrap();
        if output.status.code() != Some(2) {
            faults.push(format!("{args:?}: exit {:?}", output.status));
        }
        if dump() != before {
            faults.push(format!("{args:?}: the store changed"));
        }
    }
    assert!(faults.is_empty(), "{}", faults.join("\n"));
}
