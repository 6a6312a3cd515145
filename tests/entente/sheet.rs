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

/// A new user's names: an acronym suggests what it stands for, and a
/// created actor's IRI keeps an apostrophe's word whole.
#[test]
fn a_new_actor_with_an_apostrophe_and_an_acronym_of_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("claims.csv");
    std::fs::write(
        &file,
        "subject,relation,object,source,document\n\
         Tigray People's Liberation Front,hostility,Armenia,France 24,A note\n",
    )
    .unwrap();
    let rows = crate::support::records(&["sheet", file.to_str().unwrap(), "--new-actors"]);
    assert_eq!(
        rows[0]["new actor"],
        "https://entente.example/id/TigrayPeoplesLiberationFront"
    );
    let trig = dir.path().join("claims.trig");
    crate::support::entente()
        .args(["sheet", "--new-actors", "-o"])
        .arg(&trig)
        .arg(&file)
        .assert()
        .success();
    let message = crate::support::failure(&["--with", trig.to_str().unwrap(), "describe", "TPLF"]);
    let suggested = message
        .split("the closest names are: ")
        .nth(1)
        .unwrap_or("");
    assert!(
        suggested.starts_with("Tigray People's Liberation Front"),
        "{message}"
    );
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

/// The view's rows (source, target, kind, start, end) of the given graphs,
/// of the given kinds (all when empty).
fn view_rows(
    graph: &KnowledgeGraph,
    graphs: &[String],
    kinds: &BTreeSet<String>,
) -> BTreeSet<Vec<String>> {
    let view = entente::queries::named("view").unwrap();
    let rows = Rows::collect(graph.query(&view.sparql, &[]).unwrap()).unwrap();
    let column = |name: &str| {
        rows.variables
            .iter()
            .position(|v| v.as_str() == name)
            .unwrap()
    };
    let (source, target, kind, start, end, from) = (
        column("source"),
        column("target"),
        column("kind"),
        column("start"),
        column("end"),
        column("graph"),
    );
    let show = |t: &Option<Term>| match t {
        Some(Term::Literal(l)) => l.value().to_owned(),
        Some(t) => t.to_string(),
        None => String::new(),
    };
    rows.rows
        .iter()
        .filter(|r| graphs.contains(&show(&r[from]).trim_matches(['<', '>']).to_owned()))
        .filter(|r| kinds.is_empty() || kinds.contains(&show(&r[kind])))
        .map(|r| {
            [source, target, kind, start, end]
                .map(|i| show(&r[i]))
                .to_vec()
        })
        .collect()
}

#[test]
fn sheet_of_the_seed_articles_events_gives_the_views_rows_of_its_claims_in_data() {
    let graph = KnowledgeGraph::with_seed_data().unwrap();
    let sheet = claims::read(
        &graph,
        &template("seed-article-events.csv"),
        SheetOptions::default(),
    )
    .unwrap();
    assert_eq!(sheet.rows, 6);
    assert!(sheet.new_actors.is_empty());
    // Two sources, two graphs: the article's own reporting, and Azerbaijan's.
    assert_eq!(sheet.graphs.len(), 2, "{:?}", sheet.graphs);
    graph.insert(sheet.quads.clone(), "sheet").unwrap();
    let sheet_graphs: Vec<String> = sheet.graphs.iter().map(|g| g.as_str().to_owned()).collect();
    let from_sheet = view_rows(&graph, &sheet_graphs, &BTreeSet::new());
    let kinds: BTreeSet<String> = from_sheet.iter().map(|r| r[2].clone()).collect();
    assert_eq!(
        kinds,
        [
            "accuses",
            "attacks",
            "blockades",
            "mediates",
            "talks",
            "war"
        ]
        .map(str::to_owned)
        .into(),
    );
    // The same claims, hand-written in data/ (graphs of data/article.trig,
    // data/azerbaijan.trig, data/joint.trig).
    let data_graphs: Vec<String> = [
        "article",
        "baku-2023-09",
        "both-sides-officials-2023-09-20",
        "nk-azerbaijan-mediation-2023-09-20",
    ]
    .map(|g| format!("https://entente.example/graph/{g}"))
    .to_vec();
    let from_data = view_rows(&graph, &data_graphs, &kinds);
    assert_eq!(from_sheet, from_data);
    // Who says so: each graph one source.
    for (claims, who) in sheet
        .graphs
        .iter()
        .zip(["Azerbaijan", "Publisher-c18724caf849dbda"])
    {
        let rows = Rows::collect(
            graph
                .query(
                    "SELECT ?who WHERE { ?claims prov:wasAttributedTo ?who }",
                    &[("claims".to_owned(), Term::from(claims.clone()))],
                )
                .unwrap(),
        )
        .unwrap();
        let who_iri = format!("<https://entente.example/id/{who}>");
        assert_eq!(
            rows.rows
                .iter()
                .map(|r| r[0].as_ref().unwrap().to_string())
                .collect::<Vec<_>>(),
            [who_iri],
            "{claims}"
        );
    }
}

#[test]
fn sheet_refuses_a_thing_of_another_kind_than_its_role_takes() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("claims.csv");
    // A mediation's object is the agreement mediated, not a party.
    std::fs::write(
        &file,
        "subject,relation,object,source,document\n\
         Russian peacekeepers,mediation,Armenia,Azerbaijan,A note\n",
    )
    .unwrap();
    let message = crate::support::failure(&["sheet", file.to_str().unwrap()]);
    assert!(message.contains("row 1, column object"), "{message}");
    assert!(message.contains("ent:Agreement"), "{message}");
    assert!(message.contains("ent:State"), "{message}");
    // An agreement where an actor goes.
    std::fs::write(
        &file,
        "subject,relation,object,source,document\n\
         Ceasefire of 20 September 2023,offensive,Armenia,Azerbaijan,A note\n",
    )
    .unwrap();
    let message = crate::support::failure(&["sheet", file.to_str().unwrap()]);
    assert!(message.contains("column subject"), "{message}");
    assert!(message.contains("ent:Actor"), "{message}");
}

#[test]
fn sheet_rows_about_a_known_event_claim_it_of_that_node_and_of_its_kind_only() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("claims.csv");
    // Two sources on one offensive, the seed's (known as "anti-terrorist
    // operation"): both claims land on id:Offensive-2023-09-19, each in
    // its source's graph.
    std::fs::write(
        &file,
        "subject,relation,object,date,source,document,quote,about\n\
         Azerbaijan,offensive,Nagorno-Karabakh,2023-09-19,Azerbaijan,A note,an anti-terrorist operation,anti-terrorist operation\n\
         Azerbaijan,offensive,Nagorno-Karabakh,2023-09-18,Armenia,A note,the attack,anti-terrorist operation\n",
    )
    .unwrap();
    let graph = KnowledgeGraph::with_seed_data().unwrap();
    let sheet = claims::read(&graph, &file, SheetOptions::default()).unwrap();
    assert_eq!(sheet.graphs.len(), 2);
    let offensive = "<https://entente.example/id/Offensive-2023-09-19>";
    let dated: BTreeSet<(String, String)> = sheet
        .quads
        .iter()
        .filter(|q| q.predicate.as_str().ends_with("#date"))
        .map(|q| (q.subject.to_string(), q.object.to_string()))
        .collect();
    assert_eq!(
        dated,
        ["18", "19"]
            .map(|d| (
                offensive.to_owned(),
                format!("\"2023-09-{d}\"^^<http://www.w3.org/2001/XMLSchema#date>")
            ))
            .into()
    );
    // A node of another kind than the relation's is refused.
    std::fs::write(
        &file,
        "subject,relation,object,source,document,about\n\
         Azerbaijan,offensive,Armenia,Azerbaijan,A note,Ceasefire of 20 September 2023\n",
    )
    .unwrap();
    let message = crate::support::failure(&["sheet", file.to_str().unwrap()]);
    assert!(message.contains("row 1, column about"), "{message}");
    assert!(message.contains("not ent:Offensive"), "{message}");
}

#[test]
fn sheet_claims_of_a_new_agreement_answer_who_mediated_it_and_who_signed() {
    // An agreement the store does not know, its parties and its mediator,
    // as an analyst would enter them from a new article.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("claims.csv");
    let trig = dir.path().join("claims.trig");
    std::fs::write(
        &file,
        "subject,relation,object,date,source,document,quote\n\
         Azerbaijan,party to,Accord of Yevlakh,2023-09-21,Azerbaijan,A note,agreed at Yevlakh\n\
         Nagorno-Karabakh authorities,party to,Accord of Yevlakh,,Azerbaijan,A note,agreed\n\
         Russian peacekeepers,mediator of,Accord of Yevlakh,,Azerbaijan,A note,mediated\n",
    )
    .unwrap();
    let rows = crate::support::records(&[
        "sheet",
        file.to_str().unwrap(),
        "--new-actors",
        "-o",
        trig.to_str().unwrap(),
    ]);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0]["kind"], "ent:Agreement");
    let mediators = crate::support::records(&[
        "--with",
        trig.to_str().unwrap(),
        "mediators",
        "Accord of Yevlakh",
    ]);
    assert_eq!(mediators.len(), 1, "{mediators:?}");
    let row = &mediators[0];
    assert!(
        row["mediator"].ends_with("/id/RussianPeacekeepingContingent"),
        "{row:?}"
    );
    assert!(row["date"].starts_with("2023-09-21"), "{row:?}");
    assert!(
        row["source"].ends_with("/graph/claims-azerbaijan-a-note"),
        "{row:?}"
    );
    // A span or a stance is not an agreement's: refused with the row.
    std::fs::write(
        &file,
        "subject,relation,object,start,source,document\n\
         Azerbaijan,party to,Ceasefire of 20 September 2023,2023,Azerbaijan,A note\n",
    )
    .unwrap();
    let message = crate::support::failure(&["sheet", file.to_str().unwrap()]);
    assert!(message.contains("row 1, column start"), "{message}");
    // The object must be an agreement.
    std::fs::write(
        &file,
        "subject,relation,object,source,document\n\
         Azerbaijan,guarantor of,Armenia,Azerbaijan,A note\n",
    )
    .unwrap();
    let message = crate::support::failure(&["sheet", file.to_str().unwrap()]);
    assert!(message.contains("not ent:Agreement"), "{message}");
}

#[test]
fn sheet_with_a_source_the_store_does_not_know_creates_it_with_new_actors() {
    // A new conflict: its agreement, parties, mediator and the source that
    // says so are all new to the store.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("claims.csv");
    std::fs::write(
        &file,
        "subject,relation,object,date,source,document,quote\n\
         Party One,party to,Accord of Somewhere,2022-11-02,Agency of Record,A release,signed\n\
         Party Two,party to,Accord of Somewhere,,Agency of Record,A release,signed\n",
    )
    .unwrap();
    let message = crate::support::failure(&["sheet", file.to_str().unwrap()]);
    assert!(message.contains("row 1, column subject"), "{message}");
    assert!(message.contains("--new-actors"), "{message}");
    let graph = KnowledgeGraph::with_seed_data().unwrap();
    let sheet = claims::read(&graph, &file, SheetOptions { new_actors: true }).unwrap();
    let created: BTreeSet<&str> = sheet.new_actors.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(
        created,
        [
            "Accord of Somewhere",
            "Agency of Record",
            "Party One",
            "Party Two"
        ]
        .into()
    );
    graph.insert(sheet.quads.clone(), "sheet").unwrap();
    let who = Rows::collect(
        graph
            .query(
                "SELECT ?who WHERE { ?claims prov:wasAttributedTo ?who }",
                &[("claims".to_owned(), Term::from(sheet.graphs[0].clone()))],
            )
            .unwrap(),
    )
    .unwrap();
    assert_eq!(
        who.rows[0][0].as_ref().unwrap().to_string(),
        "<https://entente.example/id/AgencyOfRecord>"
    );
}

#[test]
fn sheet_refuses_to_make_actors_of_hostile_names_and_one_sided_claims() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("claims.csv");
    let long = "A".repeat(100_000);
    for (subject, object, expected) in [
        (long.as_str(), "Azerbaijan", "a name of 100000 characters"),
        ("Evil\u{1b}[31mName", "Azerbaijan", "U+001B"),
        ("\u{202e}esreveR", "Azerbaijan", "U+202E"),
        (
            "\"=HYPERLINK(\"\"x\"\")\"",
            "Azerbaijan",
            "spreadsheet formula",
        ),
        ("!!!", "Azerbaijan", "no letters or digits"),
        ("Armenia", "armenia", "the subject and the object are one"),
        // A label and an alias of one actor.
        (
            "Nagorno-Karabakh",
            "Artsakh",
            "the subject and the object are one",
        ),
    ] {
        std::fs::write(
            &file,
            format!("subject,relation,object,source,document\n{subject},talks,{object},France 24,A note\n"),
        )
        .unwrap();
        let output = crate::support::entente()
            .args(["sheet", "--new-actors"])
            .arg(&file)
            .output()
            .unwrap();
        let message = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{expected}: {message}");
        assert!(message.contains("row 1"), "{expected}: {message}");
        assert!(message.contains(expected), "{expected}: {message}");
        assert!(message.len() < 2_000, "{expected}: {} bytes", message.len());
    }
}
