//! `entente import`: the data sets shipped in `datasets/` through their
//! mappings (malformed input is made up in `tests/fixtures/import/` or in
//! temporary files).

use entente::import::{self, Mapping};
use entente::rows::Rows;
use entente::store::KnowledgeGraph;
use oxigraph::model::{NamedNode, Term};
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    crate::support::fixture(&format!("import/{name}"))
}

fn cow() -> (Mapping, NamedNode) {
    let mapping = import::named("cow-alliances").unwrap();
    let graph = mapping.default_graph();
    (mapping, graph)
}

/// The seed store with the COW excerpt imported through the shipped
/// mapping, and the graph it went into.
fn seed_with_cow_excerpt() -> (KnowledgeGraph, NamedNode) {
    let graph = KnowledgeGraph::with_seed_data().unwrap();
    let (mapping, target) = cow();
    import::import(
        &graph,
        &crate::support::dataset("cow_alliance_v4.1_by_member.csv"),
        &mapping,
        target.clone(),
    )
    .unwrap();
    (graph, target)
}

fn ask(graph: &KnowledgeGraph, sparql: &str) -> bool {
    match graph.query(sparql, &[]).unwrap() {
        oxigraph::sparql::QueryResults::Boolean(b) => b,
        _ => panic!("not an ASK query"),
    }
}

#[test]
fn cow_russia_armenia_defence_pact_links_the_seed_actors_with_its_2010_start() {
    let graph = KnowledgeGraph::with_seed_data().unwrap();
    let (mapping, target) = cow();
    let report = import::import(
        &graph,
        &crate::support::dataset("cow_alliance_v4.1_by_member.csv"),
        &mapping,
        target.clone(),
    )
    .unwrap();
    assert_eq!(report.rows, 1221);
    assert!(
        report.added > 0 && report.added == report.quads,
        "{report:?}"
    );
    assert_eq!(
        target.as_str(),
        "https://entente.example/graph/cow-alliances-4.1"
    );
    assert!(ask(
        &graph,
        r#"ASK { GRAPH g:cow-alliances-4.1 {
            id:cow-alliance-411 a ent:Alliance ;
                ent:allianceType ent:DefencePactType ;
                ent:startDate "2010-08-20"^^xsd:date ;
                ent:member id:Russia , id:Armenia .
            ?m a ent:AllianceMembership ; org:member id:Armenia ;
               org:organization id:cow-alliance-411 ; ent:startDate "2010-08-20"^^xsd:date .
            FILTER NOT EXISTS { id:cow-alliance-411 ent:endDate ?end }
        } }"#
    ));
    assert!(ask(
        &graph,
        r#"ASK { GRAPH g:cow-alliances-4.1 {
            id:cow-alliance-377 ent:allianceType ent:DefencePactType ;
                ent:startDate "1994-02-09"^^xsd:date ;
                ent:member id:Azerbaijan , id:Turkey .
        } }"#
    ));
    // No second actor for a state the seed knows by its COW code.
    assert!(!ask(
        &graph,
        "ASK { ?x ent:cowCode ?code FILTER (STRSTARTS(STR(?x), STR(id:cow-state-))) ?seed ent:cowCode ?code FILTER (?seed != ?x) }"
    ));
    // A state the seed does not know gets its COW name; a known one keeps its own label.
    assert!(ask(
        &graph,
        r#"ASK { id:cow-state-651 a ent:State ; ent:cowCode "651" ; skos:prefLabel "Egypt"@en }"#
    ));
    assert!(!ask(
        &graph,
        "ASK { GRAPH g:cow-alliances-4.1 { id:Russia skos:prefLabel ?l } }"
    ));
    // Egypt left alliance 230 in 1979 and rejoined in 1989: two memberships.
    let rows = Rows::collect(
        graph
            .query(
                "SELECT ?start ?end WHERE { ?m org:member id:cow-state-651 ; org:organization id:cow-alliance-230 ; ent:startDate ?start OPTIONAL { ?m ent:endDate ?end } } ORDER BY ?start",
                &[],
            )
            .unwrap(),
    )
    .unwrap();
    let spells: Vec<(String, Option<String>)> = rows
        .rows
        .iter()
        .map(|r| {
            let value = |t: &Option<Term>| match t {
                Some(Term::Literal(l)) => Some(l.value().to_owned()),
                _ => None,
            };
            (value(&r[0]).unwrap(), value(&r[1]))
        })
        .collect();
    assert_eq!(
        spells,
        [
            ("1950-06-17".to_owned(), Some("1979-03-31".to_owned())),
            ("1989-05-22".to_owned(), None)
        ]
    );
    // The claim bundle names the data set and its authors.
    assert!(ask(
        &graph,
        "ASK { GRAPH g:cow-alliances-4.1 { g:cow-alliances-4.1 a prov:Bundle ;
            prov:wasAttributedTo id:CorrelatesOfWarProject ;
            prov:wasDerivedFrom ?dataset . ?dataset dcterms:bibliographicCitation ?c } }"
    ));
}

#[test]
fn cow_asymmetric_obligations_sit_on_the_memberships() {
    let (graph, _) = seed_with_cow_excerpt();
    // 411 is asymmetric: COW codes a defence obligation for Russia only;
    // both members have the consultation (entente) one.
    assert!(ask(
        &graph,
        "ASK { ?m org:member id:Russia ; org:organization id:cow-alliance-411 ; ent:memberObligation ent:DefencePactType , ent:EntenteType }"
    ));
    assert!(!ask(
        &graph,
        "ASK { ?m org:member id:Armenia ; org:organization id:cow-alliance-411 ; ent:memberObligation ent:DefencePactType }"
    ));
    assert!(ask(
        &graph,
        "ASK { ?m org:member id:Armenia ; org:organization id:cow-alliance-411 ; ent:memberObligation ent:EntenteType }"
    ));
}

#[test]
fn malformed_row_names_file_and_line_and_loads_nothing() {
    let graph = KnowledgeGraph::with_seed_data().unwrap();
    let before = graph.len().unwrap();
    let (mapping, target) = cow();
    let error = import::import(&graph, &fixture("cow_malformed.csv"), &mapping, target)
        .unwrap_err()
        .to_string();
    assert!(error.contains("cow_malformed.csv:4: "), "{error}");
    assert!(error.contains("24 fields, the header has 23"), "{error}");
    assert_eq!(graph.len().unwrap(), before);
}

#[test]
fn importing_the_same_file_twice_adds_nothing() {
    let graph = KnowledgeGraph::with_seed_data().unwrap();
    let (mapping, target) = cow();
    let csv = crate::support::dataset("cow_alliance_v4.1_by_member.csv");
    let first = import::import(&graph, &csv, &mapping, target.clone()).unwrap();
    let second = import::import(&graph, &csv, &mapping, target).unwrap();
    assert_eq!(second.added, 0, "{second:?}");
    // The same quads, not merely none new: what the mapping finds in its own
    // graph from the first import does not change what it yields.
    assert_eq!(second.quads, first.quads);
    assert_eq!(second.store_size, first.store_size);
}

#[test]
fn output_trig_is_accepted_by_check_and_feeds_allies() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cow.trig");
    crate::support::entente()
        .args(["import", "--output"])
        .arg(&out)
        .arg(crate::support::dataset("cow_alliance_v4.1_by_member.csv"))
        .assert()
        .success()
        .stderr(predicates::str::contains("imported 1221 rows"));
    crate::support::entente()
        .arg("check")
        .arg(&out)
        .assert()
        .success();
    let assert = crate::support::entente()
        .arg("--with")
        .arg(&out)
        .args(["allies", "Armenia", "--format", "csv"])
        .assert()
        .success();
    let text = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    // COW's pact next to the France 24 caption's claim, each with its graph.
    assert!(text.contains(
        "https://entente.example/id/Armenia,https://entente.example/id/Russia,https://entente.example/id/cow-alliance-411,https://entente.example/ontology#DefencePactType,2010-08-20,,https://entente.example/graph/cow-alliances-4.1"
    ), "{text}");
    assert!(
        text.contains("https://entente.example/id/Alliance-Russia-Armenia"),
        "{text}"
    );
}

#[test]
fn list_shows_the_shipped_mappings() {
    crate::support::entente()
        .args(["import", "--list"])
        .assert()
        .success()
        .stdout(predicates::str::contains("cow-alliances"))
        .stdout(predicates::str::contains("cow_alliance_v4.1_by_member.csv"));
}

#[test]
fn latin1_files_are_decoded_and_headers_sanitised() {
    // CWM.csv is not UTF-8.
    let table = import::read_csv(&crate::support::dataset("CWM.csv")).unwrap();
    assert!(table.latin1);
    assert_eq!(table.variables[3], "Med_yes_no");
    assert_eq!(table.variables[7], "episode_start_date");
    assert_eq!(table.rows.len(), 762);
    // UCDP's header: `ref ` and `return ` with a space, and an empty last column.
    let table = import::parse_csv(b"paid,ref ,return ,\n1,0,1,\n", "ucdp.csv").unwrap();
    assert_eq!(table.variables, ["paid", "ref", "return"]);
    assert_eq!(table.rows[0].len(), 3);
    let table = import::parse_csv(b"a b,a-b,,x\n1,2,3,\n", "t.csv").unwrap();
    assert_eq!(table.variables, ["a_b", "a_b_2", "x"]);
    assert_eq!(table.rows[0][2], None, "an empty cell is unbound");
}

#[test]
fn a_column_used_only_in_the_template_is_kept() {
    let graph = KnowledgeGraph::with_ontology_only().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("t.csv");
    std::fs::write(&csv, "id,name\n1,Freedonia\n").unwrap();
    let mapping = Mapping::parse(
        "t",
        "CONSTRUCT { ?s skos:prefLabel ?name ; rdfs:comment ?GRAPH } WHERE { BIND (IRI(CONCAT(STR(id:), 'x-', ?id)) AS ?s) }",
    )
    .unwrap();
    let target = NamedNode::new("https://entente.example/graph/t").unwrap();
    let report = import::import(&graph, &csv, &mapping, target).unwrap();
    assert_eq!(report.quads, 2);
    assert!(ask(
        &graph,
        "ASK { GRAPH g:t { id:x-1 skos:prefLabel 'Freedonia' ; rdfs:comment g:t } }"
    ));
}

#[test]
fn blank_nodes_in_a_mapping_are_refused() {
    let error = Mapping::parse("b", "CONSTRUCT { [] rdfs:label ?name } WHERE { }")
        .unwrap_err()
        .to_string();
    assert!(error.contains("blank node"), "{error}");
}

#[test]
fn view_dates_an_alliance_tie_from_the_later_membership() {
    // COW alliance 349 (from 1992-05-15): Armenia a member from 1995-02-10,
    // Azerbaijan from 1993-09-24; the tie between them starts when both are
    // in. (Alliance 350 has both from 1992-05-15: the second tie.)
    let (graph, target) = seed_with_cow_excerpt();
    let view = entente::view::from_store(&graph, None).unwrap();
    let armenia = view.find("https://entente.example/id/Armenia").unwrap();
    let azerbaijan = view.find("https://entente.example/id/Azerbaijan").unwrap();
    let starts: Vec<Option<String>> = view
        .graph
        .edges_connecting(armenia, azerbaijan)
        .filter(|e| e.weight().graph.as_deref() == Some(target.as_str()))
        .map(|e| e.weight().start.clone())
        .collect();
    let mut starts = starts;
    starts.sort();
    assert_eq!(
        starts,
        [Some("1992-05-15".to_owned()), Some("1995-02-10".to_owned())]
    );
    let ties_on = |day: &str| {
        entente::graph::analysis::as_of(&view, day.parse().unwrap())
            .graph
            .edges_connecting(armenia, azerbaijan)
            .filter(|e| e.weight().graph.as_deref() == Some(target.as_str()))
            .count()
    };
    assert_eq!(
        ties_on("1994-06-01"),
        1,
        "350 only: Armenia joined 349 in 1995"
    );
    assert_eq!(ties_on("1996-01-01"), 2);
}

#[test]
fn allies_as_of_a_date_keep_the_alliances_then_in_force() {
    let (graph, _) = seed_with_cow_excerpt();
    let allies = import_alliances_of_armenia(&graph, "1994-06-01");
    // 349: Armenia joined in 1995; 411 began in 2010; the France 24 claim has no dates.
    assert!(!allies.contains(&"https://entente.example/id/cow-alliance-349".to_owned()));
    assert!(!allies.contains(&"https://entente.example/id/cow-alliance-411".to_owned()));
    assert!(allies.contains(&"https://entente.example/id/Alliance-Russia-Armenia".to_owned()));
    let later = import_alliances_of_armenia(&graph, "2012-01-01");
    assert!(later.contains(&"https://entente.example/id/cow-alliance-349".to_owned()));
    assert!(later.contains(&"https://entente.example/id/cow-alliance-411".to_owned()));
}

fn import_alliances_of_armenia(graph: &KnowledgeGraph, as_of: &str) -> Vec<String> {
    let query = entente::queries::named("allies").unwrap();
    let rows = Rows::collect(
        graph
            .query(
                &query.sparql,
                &[
                    (
                        "actor".to_owned(),
                        NamedNode::new("https://entente.example/id/Armenia")
                            .unwrap()
                            .into(),
                    ),
                    (
                        "asOf".to_owned(),
                        oxigraph::model::Literal::new_simple_literal(as_of).into(),
                    ),
                ],
            )
            .unwrap(),
    )
    .unwrap();
    rows.column("alliance")
        .unwrap()
        .flatten()
        .map(|t| match t {
            Term::NamedNode(n) => n.as_str().to_owned(),
            other => other.to_string(),
        })
        .collect()
}
