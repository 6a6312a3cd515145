//! Loading: all or nothing, idempotent, with positions in errors.

use entente::store::{KnowledgeGraph, Source};
use std::fs;

const GOOD: &str = "@prefix ent: <https://entente.example/ontology#> .
@prefix id: <https://entente.example/id/> .
<https://entente.example/graph/test> {
  id:Freedonia a ent:State .
  id:Sylvania a ent:State .
}
";

/// Valid syntax, but `ent:allyOf` is not an ontology term (line 4).
const UNDECLARED: &str = "@prefix ent: <https://entente.example/ontology#> .
@prefix id: <https://entente.example/id/> .
<https://entente.example/graph/test2> {
  id:Freedonia ent:allyOf id:Sylvania .
}
";

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.path().join(name);
    fs::write(&path, text).unwrap();
    path
}

#[test]
fn failed_load_leaves_memory_store_unchanged() {
    let graph = KnowledgeGraph::with_seed_data().unwrap();
    let before = graph.len().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let good = write(&dir, "good.trig", GOOD);
    let bad = write(&dir, "bad.trig", UNDECLARED);
    let error = graph
        .load(
            &[Source::Path(&good), Source::Path(&bad)],
            &Default::default(),
        )
        .unwrap_err()
        .to_string();
    assert!(error.contains("bad.trig:4:16:"), "{error}");
    assert!(error.contains("ent:allyOf"), "{error}");
    assert_eq!(
        graph.len().unwrap(),
        before,
        "the good file must not be half-loaded"
    );
}

#[test]
fn syntax_error_half_way_through_a_file_loads_nothing_of_it() {
    let graph = KnowledgeGraph::with_ontology_only().unwrap();
    let before = graph.len().unwrap();
    let text = format!(
        "{}\n<https://entente.example/id/X> <http://ex/p> \"unterminated .\n",
        GOOD.replace("<https://entente.example/graph/test> {", "")
            .replace('}', "")
    );
    let dir = tempfile::tempdir().unwrap();
    let path = write(&dir, "broken.ttl", &text);
    let error = graph
        .load(&[Source::Path(&path)], &Default::default())
        .unwrap_err()
        .to_string();
    assert!(error.contains("broken.ttl:"), "{error}");
    assert_eq!(graph.len().unwrap(), before);
}

#[test]
fn loading_the_same_file_twice_adds_nothing_the_second_time() {
    let graph = KnowledgeGraph::with_ontology_only().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let good = write(&dir, "good.trig", GOOD);
    let first = graph
        .load(&[Source::Path(&good)], &Default::default())
        .unwrap();
    let second = graph
        .load(&[Source::Path(&good)], &Default::default())
        .unwrap();
    assert_eq!(first.statements, 2);
    assert_eq!(first.store_size, second.store_size);
}

#[test]
fn triples_outside_a_graph_go_to_the_files_own_graph() {
    let graph = KnowledgeGraph::with_ontology_only().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        &dir,
        "plain.nt",
        "<https://entente.example/id/A> <http://ex/p> <https://entente.example/id/B> .\n",
    );
    graph
        .load(&[Source::Path(&path)], &Default::default())
        .unwrap();
    let results = graph
        .query("SELECT ?g WHERE { GRAPH ?g { id:A ?p id:B } }", &[])
        .unwrap();
    let rows = entente::rows::Rows::collect(results).unwrap();
    let g = rows.rows[0][0].as_ref().unwrap().to_string();
    assert!(
        g.starts_with("<file:///") && g.ends_with("/plain.nt>"),
        "{g}"
    );
}

#[test]
fn check_refuses_undeclared_terms_without_loading() {
    let graph = KnowledgeGraph::with_ontology_only().unwrap();
    let before = graph.len().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let good = write(&dir, "good.trig", GOOD);
    assert_eq!(graph.check(&[Source::Path(&good)]).unwrap(), 2);
    assert_eq!(graph.len().unwrap(), before);
}

#[test]
fn a_named_pipe_or_dev_zero_is_read_once_and_refused_in_bounded_time() {
    let dir = tempfile::tempdir().unwrap();
    let pipe = dir.path().join("pipe.ttl");
    let made = std::process::Command::new("mkfifo").arg(&pipe).status();
    if made.is_ok_and(|s| s.success()) {
        let writer_path = pipe.clone();
        let writer = std::thread::spawn(move || {
            std::fs::write(writer_path, "<urn:a> <urn:b> .\n").unwrap();
        });
        let output = crate::support::entente()
            .arg("check")
            .arg(&pipe)
            .timeout(std::time::Duration::from_secs(60))
            .output()
            .unwrap();
        writer.join().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("pipe.ttl:1:17:"), "{stderr}");
    }
    if std::path::Path::new("/dev/zero").exists() {
        for name in ["zero.nt", "zero.ttl"] {
            let link = dir.path().join(name);
            std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
            let output = crate::support::entente()
                .arg("check")
                .arg(&link)
                .timeout(std::time::Duration::from_secs(60))
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(output.status.code(), Some(2), "{name}: {stderr}");
        }
    }
}

#[test]
fn a_byte_order_mark_does_not_make_turtle_fail() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bom.ttl");
    fs::write(
        &file,
        "\u{feff}@prefix ex: <http://ex/> .\nex:a ex:b ex:c .\n",
    )
    .unwrap();
    crate::support::entente()
        .arg("check")
        .arg(&file)
        .assert()
        .success();
}

/// The rules rebuild the inferred graph after every write: a shortcut whose
/// relation node is gone goes with it, one whose node is new appears, and
/// the rest stay (`store::run_rules`: the old graph cleared in batches, the
/// new shortcuts bulk-loaded).
#[test]
fn the_rules_rebuild_the_shortcuts_after_every_write() {
    use entente::rows::Rows;
    let graph = KnowledgeGraph::with_seed_data().unwrap();
    let backs = |graph: &KnowledgeGraph| {
        let rows = Rows::collect(
            graph
                .query(
                    "SELECT ?a ?b WHERE { GRAPH <https://entente.example/graph/inferred> { ?a ent:backs ?b } } ORDER BY ?a ?b",
                    &[],
                )
                .unwrap(),
        )
        .unwrap();
        rows.rows
            .into_iter()
            .map(|row| format!("{} {}", row[0].as_ref().unwrap(), row[1].as_ref().unwrap()))
            .collect::<Vec<_>>()
    };
    let armenia_backs =
        "<https://entente.example/id/Armenia> <https://entente.example/id/NagornoKarabakh>";
    let before = backs(&graph);
    assert!(before.iter().any(|b| b == armenia_backs), "{before:?}");
    // The relation node's supporter removed from every graph that says it.
    graph
        .update(
            entente::queries::parse_update(
                "DELETE WHERE { GRAPH ?g { id:Support-Armenia-NagornoKarabakh ent:supporter ?who } }",
            )
            .unwrap(),
        )
        .unwrap();
    let after_delete = backs(&graph);
    assert!(!after_delete.iter().any(|b| b == armenia_backs));
    assert_eq!(after_delete.len(), before.len() - 1, "{after_delete:?}");
    // A new Support node: its shortcut appears.
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        &dir,
        "support.trig",
        "@prefix ent: <https://entente.example/ontology#> .
@prefix id: <https://entente.example/id/> .
<https://entente.example/graph/test-support> {
  id:Freedonia a ent:State . id:Sylvania a ent:State .
  id:Support-Freedonia-Sylvania a ent:Support ; ent:supporter id:Freedonia ; ent:supported id:Sylvania .
}
",
    );
    graph
        .load(
            &[Source::Path(&file)],
            &entente::store::LoadOptions::default(),
        )
        .unwrap();
    let after_load = backs(&graph);
    assert!(after_load.iter().any(
        |b| b == "<https://entente.example/id/Freedonia> <https://entente.example/id/Sylvania>"
    ));
    assert_eq!(after_load.len(), before.len(), "{after_load:?}");
    let pending = graph
        .query(
            "ASK { GRAPH <https://entente.example/graph/rules-pending> { ?s ?p ?o } }",
            &[],
        )
        .unwrap();
    assert!(
        matches!(pending, oxigraph::sparql::QueryResults::Boolean(false)),
        "the mark of pending rules is gone"
    );
}
