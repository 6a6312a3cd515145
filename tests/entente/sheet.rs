//! `entente sheet FILE.csv`: an analyst's claims sheet. The shipped example
//! (`templates/france24-map-caption.csv`, the France 24 map caption of the
//! seed article) must give the relations `data/media.trig` holds for that
//! caption, in a graph whose bundle says who claims them and where.

use entente::claims::{self, SheetOptions};
use entente::rows::Rows;
use entente::store::KnowledgeGraph;
use oxigraph::model::{NamedNode, Term};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn template(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("templates")
        .join(name)
}

/// Each relation node of a graph as (class, its roles and actors sorted,
/// alliance type, historical), the node's own IRI left out.
fn relations(graph: &KnowledgeGraph, claims: &str) -> BTreeSet<String> {
    let rows = Rows::collect(
        graph
            .query(
                "SELECT ?r ?class ?role ?actor ?type ?historical WHERE {
                   GRAPH ?claims { ?r ?role ?actor }
                   ?r a ?class . ?class rdfs:subClassOf* ent:Relation .
                   ?actor a/rdfs:subClassOf* ent:Actor .
                   OPTIONAL { GRAPH ?claims { ?r ent:allianceType ?type } }
                   OPTIONAL { GRAPH ?claims { ?r ent:historical ?historical } }
                 }",
                &[(
                    "claims".to_owned(),
                    Term::from(NamedNode::new(claims).unwrap()),
                )],
            )
            .unwrap(),
    )
    .unwrap();
    let mut by_node: std::collections::BTreeMap<String, (String, Vec<String>, String, String)> =
        Default::default();
    let show = |t: &Option<Term>| t.as_ref().map(|t| t.to_string()).unwrap_or_default();
    for row in rows.rows {
        let entry = by_node.entry(show(&row[0])).or_default();
        entry.0 = show(&row[1]);
        entry.1.push(format!("{} {}", show(&row[2]), show(&row[3])));
        entry.2 = show(&row[4]);
        entry.3 = show(&row[5]);
    }
    by_node
        .into_values()
        .map(|(class, mut roles, kind, historical)| {
            roles.sort();
            roles.dedup();
            format!("{class} [{}] {kind} {historical}", roles.join(", "))
        })
        .collect()
}

#[test]
fn sheet_of_the_france24_caption_gives_the_relations_data_holds_for_it() {
    let graph = KnowledgeGraph::with_seed_data().unwrap();
    let sheet = claims::read(
        &graph,
        &template("france24-map-caption.csv"),
        SheetOptions::default(),
    )
    .unwrap();
    assert_eq!(sheet.rows, 4);
    assert!(sheet.new_actors.is_empty());
    assert_eq!(sheet.graphs.len(), 1);
    let claims_graph = sheet.graphs[0].as_str().to_owned();
    graph.insert(sheet.quads.clone(), "sheet").unwrap();
    let expected = relations(&graph, "https://entente.example/graph/france24-map");
    assert_eq!(expected.len(), 4, "{expected:?}");
    assert_eq!(relations(&graph, &claims_graph), expected);
    // The bundle: claimed by France 24, read in the map the seed knows.
    let bundle = Rows::collect(
        graph
            .query(
                "SELECT ?who ?document WHERE { ?claims a prov:Bundle ; prov:wasAttributedTo ?who ; prov:wasDerivedFrom ?document }",
                &[(
                    "claims".to_owned(),
                    Term::from(NamedNode::new(claims_graph.as_str()).unwrap()),
                )],
            )
            .unwrap(),
    )
    .unwrap();
    assert_eq!(bundle.rows.len(), 1);
    assert_eq!(
        bundle.rows[0][0].as_ref().unwrap().to_string(),
        "<https://entente.example/id/France24>"
    );
    assert_eq!(
        bundle.rows[0][1].as_ref().unwrap().to_string(),
        "<https://entente.example/id/Map-France24-Karabakh>"
    );
}

#[test]
fn sheet_with_an_unknown_name_names_the_row_and_the_closest_labels() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("claims.csv");
    std::fs::write(
        &file,
        "subject,relation,object,source,document,quote\n\
         Turkey,alliance,Azerbaijan,France 24,A note,ally\n\
         Turky,hostility,Armenia,France 24,A note,opposed\n",
    )
    .unwrap();
    let message = crate::support::failure(&["sheet", file.to_str().unwrap()]);
    assert!(message.contains("row 2"), "{message}");
    assert!(message.contains("column subject"), "{message}");
    assert!(message.contains("Turkey"), "{message}");
    // --new-actors creates it, typed by the range of the role it takes
    // (ent:hostileActor's: ent:Actor), and lists it.
    let rows = crate::support::records(&["sheet", file.to_str().unwrap(), "--new-actors"]);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0]["name"], "Turky");
    assert_eq!(rows[0]["kind"], "ent:Actor");
    assert_eq!(rows[0]["row"], "2");
    assert_eq!(rows[0]["new actor"], "https://entente.example/id/Turky");
}

#[test]
fn sheet_refuses_an_unknown_relation_and_an_impossible_date_with_the_row() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("claims.csv");
    std::fs::write(
        &file,
        "subject,relation,object,source,document\nTurkey,aliance,Azerbaijan,France 24,A note\n",
    )
    .unwrap();
    let message = crate::support::failure(&["sheet", file.to_str().unwrap()]);
    assert!(
        message.contains("row 1") && message.contains("alliance"),
        "{message}"
    );
    std::fs::write(
        &file,
        "subject,relation,object,date,source,document\nTurkey,alliance,Azerbaijan,2023-13-01,France 24,A note\n",
    )
    .unwrap();
    let message = crate::support::failure(&["sheet", file.to_str().unwrap()]);
    assert!(message.contains("column date"), "{message}");
}

#[test]
fn sheet_with_a_header_and_no_claim_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("claims.csv");
    // The shipped template's header, then only a row of empty cells.
    let template = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/claims.csv"),
    )
    .unwrap();
    let header = template.lines().next().unwrap();
    let empty_row = ",".repeat(header.matches(',').count());
    std::fs::write(&file, format!("{header}\n{empty_row}\n")).unwrap();
    let message = crate::support::failure(&["sheet", file.to_str().unwrap()]);
    assert!(message.contains("no claim"), "{message}");
    assert!(message.contains("claims.csv"), "{message}");
}
