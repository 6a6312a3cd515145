//! The persistent RocksDB store (`--store DIR`, feature `rocksdb`).

use crate::support::entente_on as entente;
use std::path::Path;

fn count(store: &Path) -> String {
    let output = entente(store)
        .args([
            "query",
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
            "--format",
            "csv",
        ])
        .assert()
        .success();
    String::from_utf8(output.get_output().stdout.clone()).unwrap()
}

const EXTRA: &str = "@prefix ent: <https://entente.example/ontology#> .
@prefix id: <https://entente.example/id/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://entente.example/graph/test> {
  id:Georgia a ent:State ; skos:prefLabel \"Georgia\"@en .
}
";

#[test]
fn persistent_store_survives_a_restart_with_seed_data_and_loaded_files() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let file = dir.path().join("georgia.trig");
    std::fs::write(&file, EXTRA).unwrap();
    entente(&store).arg("load").arg(&file).assert().success();
    // A new process opens the same folder: seed data and the loaded file are there.
    let output = entente(&store)
        .args(["actors", "--kind", "state", "--format", "csv"])
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.contains("https://entente.example/id/Georgia"),
        "{text}"
    );
    assert!(
        text.contains("https://entente.example/id/Azerbaijan"),
        "{text}"
    );
    entente(&store)
        .args(["mediators", "Russian peacekeepers"])
        .assert()
        .success();
}

#[test]
fn failed_load_leaves_the_persistent_store_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let good = dir.path().join("good.trig");
    let bad = dir.path().join("bad.ttl");
    std::fs::write(&good, EXTRA).unwrap();
    std::fs::write(&bad, "@prefix ent: <https://entente.example/ontology#> .\n<http://ex/a> ent:allyOf <http://ex/b> .\n").unwrap();
    entente(&store).args(["actors"]).assert().success();
    let before = count(&store);
    let output = entente(&store)
        .arg("load")
        .arg(&good)
        .arg(&bad)
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("bad.ttl:2:15: ent:allyOf is not declared"),
        "{stderr}"
    );
    assert_eq!(
        count(&store),
        before,
        "nothing of good.trig may be in the store"
    );
}

#[test]
fn an_import_into_the_persistent_store_stays_there() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let csv = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("datasets/cow_alliance_v4.1_by_member.csv");
    entente(&store).arg("import").arg(&csv).assert().success();
    let before = count(&store);
    // A second import of the same rows adds nothing.
    entente(&store).arg("import").arg(&csv).assert().success();
    assert_eq!(count(&store), before);
    let output = entente(&store)
        .args(["allies", "Armenia", "--format", "csv"])
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.contains("https://entente.example/id/cow-alliance-411"),
        "{text}"
    );
}

/// Quads in one named graph, through the command line.
fn count_in(store: &Path, graph: &str) -> u64 {
    let output = entente(store)
        .args([
            "query",
            &format!("SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"),
            "--format",
            "csv",
        ])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).unwrap();
    text.lines().nth(1).unwrap().trim().parse().unwrap()
}

#[test]
fn a_second_writer_is_told_the_store_is_in_use_while_readers_keep_reading() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let file = dir.path().join("georgia.trig");
    std::fs::write(&file, EXTRA).unwrap();
    entente(&store).arg("actors").assert().success();
    let before = count(&store);
    // This process is the writer: it holds the store until the end.
    let writer = entente::store::KnowledgeGraph::open(&store).unwrap();
    let message = format!(
        "store {} is in use by another entente process",
        store.display()
    );
    for args in [
        vec!["load".to_owned(), file.display().to_string()],
        vec![
            "import".to_owned(),
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("datasets/cow_alliance_v4.1_by_member.csv")
                .display()
                .to_string(),
        ],
    ] {
        let output = entente(&store).args(&args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(stderr.contains(&message), "{args:?}: {stderr}");
    }
    // In this process too, as a typed error.
    let error = entente::store::KnowledgeGraph::open(&store)
        .err()
        .expect("a second writer is refused");
    assert!(
        matches!(error.root(), entente::Error::StoreInUse { .. }),
        "{error:?}"
    );
    // Readers read meanwhile, and see what the writer commits.
    assert_eq!(count(&store), before);
    writer
        .load(
            &[entente::store::Source::Path(&file)],
            &entente::store::LoadOptions::default(),
        )
        .unwrap();
    let output = entente(&store)
        .args(["actors", "--kind", "state", "--format", "csv"])
        .output()
        .unwrap();
    // Right after a writer's bulk load, RocksDB's read-only instance may
    // find the writer's file list changed under it: then the reader is told
    // so, never given a wrong or partial answer.
    let stderr = String::from_utf8_lossy(&output.stderr);
    if output.status.success() {
        assert!(String::from_utf8(output.stdout)
            .unwrap()
            .contains("https://entente.example/id/Georgia"));
    } else {
        assert_eq!(output.status.code(), Some(2));
        assert!(
            stderr.contains("is being written by another entente process"),
            "{stderr}"
        );
    }
    drop(writer);
    // Once the writer is gone, writing works again.
    entente(&store).arg("load").arg(&file).assert().success();
}

/// The mark a load leaves until its rules are done (`store::PENDING_GRAPH`).
fn pending_mark() -> oxigraph::model::Quad {
    use entente::store::PENDING_GRAPH;
    let mark = oxigraph::model::NamedNode::new(PENDING_GRAPH).unwrap();
    oxigraph::model::Quad::new(
        mark.clone(),
        oxigraph::model::NamedNode::new(format!("{PENDING_GRAPH}#pending")).unwrap(),
        oxigraph::model::Literal::from(true),
        mark,
    )
}

#[test]
fn rules_a_killed_load_left_undone_run_at_the_next_open() {
    use entente::store::PENDING_GRAPH;
    use entente::vocab::INFERRED_GRAPH;
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    entente(&store).arg("actors").assert().success();
    let inferred = count_in(&store, INFERRED_GRAPH);
    assert!(inferred > 0);
    // What a load killed after its commit leaves: its data and the mark of
    // pending rules, without the rules' shortcuts.
    {
        let graph = entente::store::KnowledgeGraph::open(&store).unwrap();
        let oxigraph = graph.store();
        oxigraph
            .clear_graph(oxigraph::model::NamedNodeRef::new(INFERRED_GRAPH).unwrap())
            .unwrap();
        let mark = pending_mark();
        oxigraph.insert(&mark).unwrap();
        let inferred_graph = oxigraph::model::NamedNodeRef::new(INFERRED_GRAPH).unwrap();
        assert_eq!(
            oxigraph
                .quads_for_pattern(None, None, None, Some(inferred_graph.into()))
                .count(),
            0
        );
    }
    // A reader (opened read-only) finds the mark and has the rules run.
    assert_eq!(count_in(&store, INFERRED_GRAPH), inferred);
    assert_eq!(count_in(&store, PENDING_GRAPH), 0);
}

/// A writer between its commit and the end of its rules holds the store
/// with the mark of pending rules: a reader is told to try again rather
/// than answered from data without all its shortcuts.
#[test]
fn a_reader_while_a_writers_rules_run_is_told_to_try_again() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    entente(&store).arg("actors").assert().success();
    let writer = entente::store::KnowledgeGraph::open(&store).unwrap();
    let mark = pending_mark();
    writer.store().insert(&mark).unwrap();
    let output = entente(&store)
        .args(["actors", "--format", "csv"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(
            "is being written by another entente process (its rules are running): try again"
        ),
        "{stderr}"
    );
    // Once the writer has run its rules, readers read again.
    writer.store().remove(&mark).unwrap();
    drop(writer);
    entente(&store).arg("actors").assert().success();
}

#[test]
fn two_processes_creating_one_new_store_both_get_the_seeded_store() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let children: Vec<_> = (0..2)
        .map(|_| {
            std::process::Command::new(env!("CARGO_BIN_EXE_entente"))
                .env_clear()
                .arg("--store")
                .arg(&store)
                .args(["actors", "--format", "csv"])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut answers = Vec::new();
    for child in children {
        let output = child.wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        answers.push(String::from_utf8(output.stdout).unwrap());
    }
    assert_eq!(answers[0], answers[1]);
    assert!(answers[0].contains("https://entente.example/id/Azerbaijan"));
    // The folders a new store is built in are gone.
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, vec![std::ffi::OsString::from("store")]);
}

#[test]
fn a_writer_removes_the_bulk_files_a_killed_load_left() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    entente(&store).arg("actors").assert().success();
    let leftover = store.join("bulk-123456789.sst");
    std::fs::write(&leftover, b"half an SST file").unwrap();
    // A reader leaves it (it takes no lock: a writer may be using it).
    entente(&store).arg("actors").assert().success();
    assert!(leftover.exists());
    let file = dir.path().join("georgia.trig");
    std::fs::write(&file, EXTRA).unwrap();
    entente(&store).arg("load").arg(&file).assert().success();
    assert!(!leftover.exists());
}
