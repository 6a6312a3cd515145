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
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
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
