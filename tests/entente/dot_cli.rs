//! `entente dot` on the compiled-in seed data: snapshots of the whole graph
//! and of a focus view, options, pictures, and the missing-Graphviz error.

use crate::support::{assert_graphviz_clean, assert_snapshot, entente, graphviz_available};
use predicates::prelude::*;

fn dot_of(args: &[&str]) -> String {
    let out = entente().arg("dot").args(args).output().unwrap();
    assert!(
        out.status.success(),
        "entente dot {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn seed_graph_snapshot() {
    let dot = dot_of(&["--agreements", "nodes"]);
    assert!(dot.starts_with("// entente dot: "));
    assert!(dot.contains("digraph entente {"));
    assert!(dot.contains("label=\"Nagorno-Karabakh\""));
    assert!(dot.contains("layout=dot"));
    assert_eq!(dot, dot_of(&["--agreements", "nodes"]), "deterministic");
    assert_snapshot("dot_cli_seed.dot", &dot);
}

#[test]
fn focus_view_snapshot() {
    let dot = dot_of(&["--focus", "Artsakh", "--depth", "1", "--size-by", "degree"]);
    assert!(dot.contains("penwidth=3"), "the focus is emphasised");
    assert!(
        dot.contains("and its neighbours\""),
        "the title says what is drawn"
    );
    assert_snapshot("dot_cli_focus.dot", &dot);
}

#[test]
fn every_option_gives_dot_graphviz_accepts() {
    let runs: Vec<Vec<&str>> = vec![
        vec!["--camps", "--size-by", "pagerank", "--agreements", "edges"],
        vec![
            "--relations",
            "hostile,attacks,blockades",
            "--layout",
            "neato",
        ],
        vec!["--as-of", "2021-01-01", "--agreements", "nodes"],
        vec!["--source", "France 24", "--agreements", "nodes"],
        vec!["--top", "3", "--layout", "sfdp", "--no-legend"],
        vec![
            "--focus", "Baku", "--depth", "2", "--layout", "fdp", "--camps",
        ],
        vec![
            "--layout",
            "circo",
            "--title",
            "A \"quoted\" title \\ with\nnewline",
        ],
    ];
    let check = graphviz_available();
    for args in runs {
        let dot = dot_of(&args);
        assert!(dot.contains("digraph entente {"), "{args:?}");
        if check {
            assert_graphviz_clean(&format!("{args:?}"), &dot);
        }
    }
}

#[test]
fn top_keeps_that_many_actors() {
    let dot = dot_of(&["--top", "3", "--no-legend"]);
    assert!(
        dot.starts_with("// entente dot: 3 actors"),
        "{}",
        dot.lines().next().unwrap()
    );
}

#[test]
fn construct_query() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("backs.rq");
    std::fs::write(
        &path,
        "# who backs whom, as a graph\n\
         PREFIX ent: <https://entente.example/ontology#>\n\
         CONSTRUCT { ?a ent:backs ?b . ?a skos:prefLabel ?name }\n\
         WHERE { ?s ent:supporter ?a ; ent:supported ?b . OPTIONAL { ?a skos:prefLabel ?name } }",
    )
    .unwrap();
    let dot = dot_of(&["--query", path.to_str().unwrap()]);
    assert!(dot.contains("label=\"backs\""), "{dot}");
}

#[test]
fn render_writes_a_picture() {
    if !graphviz_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("seed.svg");
    entente()
        .args(["dot", "--render", "svg", "-o"])
        .arg(&svg)
        .assert()
        .success()
        .stderr("");
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.contains("<svg"), "{}", &text[..200.min(text.len())]);
    // the format follows the file name when --render is left out
    let png = dir.path().join("seed.png");
    entente().args(["dot", "-o"]).arg(&png).assert().success();
    assert!(std::fs::read(&png).unwrap().starts_with(b"\x89PNG"));
}

#[test]
fn missing_graphviz_says_how_to_install_it() {
    let dir = tempfile::tempdir().unwrap();
    entente()
        .env("GRAPHVIZ_DOT", dir.path().join("no-such-dot"))
        .args(["dot", "--render", "svg", "-o"])
        .arg(dir.path().join("x.svg"))
        .assert()
        .failure()
        .stderr(predicate::str::contains("apt-get install graphviz"))
        .stderr(predicate::str::contains("brew install graphviz"));
}

#[test]
fn unknown_focus_is_a_clear_error() {
    entente()
        .args(["dot", "--focus", "Atlantis"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("Atlantis"));
}

#[test]
fn an_output_name_that_disagrees_with_the_format_is_refused_before_drawing() {
    let dir = tempfile::tempdir().unwrap();
    for (args, said) in [
        (vec!["--render", "png"], "x.svg"),
        (vec![], "x.jpg"),
        (vec!["--render", "svg"], "x.dot"),
    ] {
        let path = dir.path().join(said);
        entente()
            .arg("dot")
            .args(&args)
            .arg("-o")
            .arg(&path)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(said));
        assert!(!path.exists(), "{said} was written");
    }
    let dot = dir.path().join("x.gv");
    entente().args(["dot", "-o"]).arg(&dot).assert().success();
    assert!(std::fs::read_to_string(&dot)
        .unwrap()
        .contains("digraph entente"));
}
