//! The compiled-in knowledge graph: every named query runs, names resolve,
//! the data respects its own conventions.

use entente::queries;
use entente::resolve;
use entente::rows::Rows;
use entente::store::{KnowledgeGraph, Source};
use oxigraph::sparql::QueryResults;

#[test]
fn every_named_query_parses_runs_and_declares_a_title() {
    let graph = KnowledgeGraph::with_seed_data().unwrap();
    let all = queries::all();
    assert!(all.len() >= 9, "{} named queries", all.len());
    for query in all {
        assert!(!query.title.is_empty(), "{} has no title", query.name);
        let results = graph
            .query(&query.sparql, &[])
            .unwrap_or_else(|e| panic!("{}: {e:#}", query.name));
        if let QueryResults::Solutions(_) = results {
            let rows = Rows::collect(results).unwrap();
            assert!(
                !rows.rows.is_empty(),
                "{} answers nothing on the seed data",
                query.name
            );
        }
    }
}

#[test]
fn every_seed_statement_sits_in_a_named_graph_attributed_to_a_source() {
    let graph = KnowledgeGraph::with_seed_data().unwrap();
    let rows = Rows::collect(
        graph
            .query(
                "SELECT DISTINCT ?g WHERE {
                   GRAPH ?g { ?s ?p ?o }
                   FILTER(?g NOT IN (<https://entente.example/graph/ontology>, <https://entente.example/graph/inferred>))
                   FILTER NOT EXISTS { ?g prov:wasAttributedTo ?who }
                 }",
                &[],
            )
            .unwrap(),
    )
    .unwrap();
    assert!(
        rows.rows.is_empty(),
        "graphs without a source: {:?}",
        rows.rows
    );
}

#[test]
fn seed_data_has_no_blank_nodes_so_reloading_is_idempotent() {
    let graph = KnowledgeGraph::with_seed_data().unwrap();
    let before = graph.len().unwrap();
    let sources: Vec<Source> = entente::vocab::seed_data()
        .iter()
        .map(|(name, text)| Source::Text { name, text })
        .collect();
    graph.load(&sources, &Default::default()).unwrap();
    assert_eq!(graph.len().unwrap(), before);
}

#[test]
fn the_article_spells_pashinyan_two_ways_and_both_resolve() {
    let graph = KnowledgeGraph::with_seed_data().unwrap();
    let a = resolve::resolve(&graph, "Pashinian").unwrap();
    let b = resolve::resolve(&graph, "pashinyan").unwrap();
    assert_eq!(a.iri, b.iri);
    assert_eq!(a.label.as_deref(), Some("Nikol Pashinyan"));
    let stepanakert = resolve::resolve(&graph, "Stepanakert").unwrap();
    assert!(
        stepanakert.kinds.contains(&"ent:Government".to_owned()),
        "{stepanakert:?}"
    );
}

#[test]
fn ambiguous_name_lists_candidates_with_their_kinds() {
    let graph = KnowledgeGraph::with_seed_data().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("georgia.trig");
    std::fs::write(
        &file,
        "@prefix ent: <https://entente.example/ontology#> .
@prefix id: <https://entente.example/id/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://entente.example/graph/test> {
  id:Georgia a ent:State ; skos:prefLabel \"Georgia\"@en .
  id:GeorgiaUS a ent:Government ; skos:prefLabel \"State of Georgia (US)\"@en ; skos:altLabel \"Georgia\"@en .
}
",
    )
    .unwrap();
    graph
        .load(&[Source::Path(&file)], &Default::default())
        .unwrap();
    let error = format!("{:#}", resolve::resolve(&graph, "georgia").unwrap_err());
    assert!(error.contains("\"georgia\" is ambiguous"), "{error}");
    assert!(error.contains("id:Georgia, ent:State"), "{error}");
    assert!(error.contains("id:GeorgiaUS, ent:Government"), "{error}");
}

#[test]
fn the_ceasefire_came_into_force_at_13_00_local_time_utc_plus_4() {
    let graph = KnowledgeGraph::with_seed_data().unwrap();
    let rows = Rows::collect(
        graph
            .query(
                "SELECT ?t WHERE { id:Ceasefire-2023-09-20 ent:inForceFrom ?t }",
                &[],
            )
            .unwrap(),
    )
    .unwrap();
    assert_eq!(rows.rows.len(), 1);
    let t = rows.rows[0][0].as_ref().unwrap().to_string();
    assert_eq!(
        t,
        "\"2023-09-20T13:00:00+04:00\"^^<http://www.w3.org/2001/XMLSchema#dateTime>"
    );
}

#[test]
fn every_ontology_term_has_a_label_and_a_comment() {
    let graph = KnowledgeGraph::with_seed_data().unwrap();
    let rows = Rows::collect(
        graph
            .query(
                "SELECT DISTINCT ?term WHERE {
                   GRAPH g:ontology { ?term a ?type }
                   FILTER(STRSTARTS(STR(?term), STR(ent:)))
                   FILTER(NOT EXISTS { ?term rdfs:label ?label } || NOT EXISTS { ?term rdfs:comment ?comment })
                 }",
                &[],
            )
            .unwrap(),
    )
    .unwrap();
    assert!(rows.rows.is_empty(), "undocumented terms: {:?}", rows.rows);
    assert!(
        graph.vocabulary().len() > 100,
        "{} terms",
        graph.vocabulary().len()
    );
}
