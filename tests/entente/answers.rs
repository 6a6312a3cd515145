//! Every named query (`queries/NAME.rq`) against its answer on the seed
//! data, kept in `tests/answers/NAME.csv` (W3C SPARQL CSV, rows sorted), so
//! a changed answer is a visible diff. `UPDATE_ANSWERS=1` rewrites them.

use entente::output::{self, OutputFormat, TableStyle};
use entente::store::KnowledgeGraph;
use std::path::Path;

fn answer_csv(graph: &KnowledgeGraph, sparql: &str) -> String {
    let results = graph.query(sparql, &[]).unwrap();
    let mut bytes = Vec::new();
    output::write(
        graph,
        results,
        OutputFormat::Csv,
        TableStyle::default(),
        &mut bytes,
    )
    .unwrap();
    let text = String::from_utf8(bytes).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    if lines.len() > 1 {
        lines[1..].sort_unstable();
    }
    lines.join("\n") + "\n"
}

#[test]
fn every_named_query_gives_its_recorded_answer() {
    let graph = KnowledgeGraph::with_seed_data().unwrap();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/answers");
    let update = std::env::var("UPDATE_ANSWERS").is_ok_and(|v| !v.is_empty() && v != "0");
    let mut differ = Vec::new();
    let queries = entente::queries::all();
    assert!(queries.len() >= 10, "the named queries are compiled in");
    for query in queries {
        let actual = answer_csv(&graph, &query.sparql);
        let path = dir.join(format!("{}.csv", query.name));
        if update {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &actual).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
            panic!(
                "{} is missing: run with UPDATE_ANSWERS=1 and review it",
                path.display()
            )
        });
        if expected != actual {
            differ.push(format!(
                "{}: {} rows recorded, {} now",
                query.name,
                expected.lines().count().saturating_sub(1),
                actual.lines().count().saturating_sub(1)
            ));
        }
    }
    assert!(
        differ.is_empty(),
        "answers changed (UPDATE_ANSWERS=1 to accept, then review the diff):\n{}",
        differ.join("\n")
    );
}
