//! `entente import`: the data sets shipped in `datasets/` through their
//! mappings (malformed input is made up in `tests/fixtures/import/` or in
//! temporary files).

use entente::import::{self, Mapping};
use entente::rows::Rows;
use entente::store::KnowledgeGraph;
use oxigraph::model::{NamedNode, Term};
use predicates::prelude::*;
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

/// The csv crate's own line numbers were one short after each CRLF (the
/// line ending of most shipped data sets: every error and warning on
/// `states2016.csv` named the line above) and never advanced at a lone CR.
#[test]
fn a_bad_row_is_named_by_its_line_whatever_ends_the_lines() {
    let dir = tempfile::tempdir().unwrap();
    let mapping = dir.path().join("keys.rq");
    std::fs::write(
        &mapping,
        "# title: keys\n# key: a\nCONSTRUCT { <urn:x> <urn:y> ?a } WHERE { }\n",
    )
    .unwrap();
    let import = |file: &std::path::Path| {
        crate::support::failure(&[
            "import",
            "--mapping",
            mapping.to_str().unwrap(),
            file.to_str().unwrap(),
        ])
    };
    for (name, text) in [
        ("lf", "a,b\n1,2\n3,4\nx y,5\n6,7\n"),
        ("crlf", "a,b\r\n1,2\r\n3,4\r\nx y,5\r\n6,7\r\n"),
        ("cr", "a,b\r1,2\r3,4\rx y,5\r6,7\r"),
        ("mixed", "a,b\r\n1,2\n3,4\r\nx y,5\n"),
        ("bom-crlf", "\u{FEFF}a,b\r\n1,2\r\n3,4\r\nx y,5\r\n"),
        ("quoted-lines", "a,b\n1,\"two\r\nlines\"\nx y,5\n"),
    ] {
        let file = dir.path().join(format!("{name}.csv"));
        std::fs::write(&file, text).unwrap();
        let message = import(&file);
        assert!(
            message.contains(&format!("{name}.csv:4: ")),
            "{name}: {message}"
        );
    }
    // A row of the wrong length, in a CRLF file.
    let file = dir.path().join("ragged.csv");
    std::fs::write(&file, "a,b\r\n1,2\r\n3,4\r\n5\r\n").unwrap();
    let message = import(&file);
    assert!(
        message.contains("ragged.csv:4: this row has 1 fields"),
        "{message}"
    );
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
fn import_output_on_a_full_disk_names_the_file_and_fails() {
    // /dev/full under a .trig name: every write fails with ENOSPC.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("full.trig");
    std::os::unix::fs::symlink("/dev/full", &out).unwrap();
    crate::support::entente()
        .args(["import", "--output"])
        .arg(&out)
        .arg(crate::support::dataset("cow_alliance_v4.1_by_member.csv"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains(format!(
            "cannot write {}: No space left on device",
            out.display()
        )))
        .stderr(predicates::str::contains("panicked").not());
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
    let table = import::read_csv_with(
        &crate::support::dataset("CWM.csv"),
        &import::CsvOptions {
            encoding: import::Encoding::Auto,
            delimiter: b',',
        },
    )
    .unwrap();
    assert_eq!(table.encoding, import::Encoding::MacRoman);
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

// ---- Imports never lose data silently: each case a clear error with the
// ---- row (and column), or a reported skip with --skip-bad-rows.

/// The COW header and two of its rows (Armenia and Azerbaijan in 350), the
/// second with its code cell replaced.
fn cow_rows_with_code(code: &str) -> String {
    let header = "version4id,ccode,state_name,all_st_day,all_st_month,all_st_year,all_end_day,all_end_month,all_end_year,ss_type,mem_st_day,mem_st_month,mem_st_year,mem_end_day,mem_end_month,mem_end_year,left_censor,right_censor,defense,neutrality,nonaggression,entente,version";
    format!(
        "{header}\n350,371,Armenia,15,5,1992,,,,Type I: Defense Pact,15,5,1992,,,,0,1,1,0,0,0,4.1\n350,{code},Azerbaijan,15,5,1992,,,,Type I: Defense Pact,15,5,1992,,,,0,1,1,0,0,0,4.1\n"
    )
}

fn write(dir: &tempfile::TempDir, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn a_key_cell_with_a_space_or_a_formula_names_its_row_and_column() {
    let dir = tempfile::tempdir().unwrap();
    for (code, expected) in [
        (" 373", "holds a space"),
        ("=373", "spreadsheet formula"),
        ("\"=1+2\"", "spreadsheet formula"),
    ] {
        let csv = write(&dir, "cow.csv", cow_rows_with_code(code));
        let graph = KnowledgeGraph::with_seed_data().unwrap();
        let before = graph.len().unwrap();
        let (mapping, target) = cow();
        let error = import::import(&graph, &csv, &mapping, target)
            .unwrap_err()
            .to_string();
        assert!(error.contains("cow.csv:3: row 2: column ccode"), "{error}");
        assert!(error.contains(expected), "{code}: {error}");
        assert_eq!(graph.len().unwrap(), before, "nothing imported");
    }
    // --skip-bad-rows: the good row in, the bad one reported.
    let csv = write(&dir, "cow.csv", cow_rows_with_code(" 373"));
    let output = crate::support::entente()
        .args(["import", "--mapping", "cow-alliances", "--skip-bad-rows"])
        .arg(&csv)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("skipped ") && stderr.contains("cow.csv:3: row 2: column ccode"),
        "{stderr}"
    );
    assert!(stderr.contains("skipped 1 of 2 rows"), "{stderr}");
}

#[test]
fn a_stray_latin1_byte_in_a_utf8_file_is_an_error_with_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = cow_rows_with_code("373").into_bytes();
    // "Azerbaijan" → "Azerbaïjan" in latin-1 (0xEF), in a file otherwise UTF-8.
    let at = bytes.windows(10).rposition(|w| w == b"Azerbaijan").unwrap();
    bytes[at + 6] = 0xEF;
    let csv = write(&dir, "cow.csv", &bytes);
    let error = import::read_csv(&csv).unwrap_err().to_string();
    assert!(
        error.contains("cow.csv:3: column 3 (state_name): byte 0xEF after \"Azerba\" is not UTF-8"),
        "{error}"
    );
    assert!(error.contains("--encoding"), "{error}");
    // Told the encoding, the file reads as written.
    let table = import::read_csv_with(
        &csv,
        &import::CsvOptions {
            encoding: "latin-1".parse().unwrap(),
            delimiter: b',',
        },
    )
    .unwrap();
    assert_eq!(
        table.rows[1][2],
        Some(oxigraph::model::Literal::new_simple_literal("Azerbaïjan").into())
    );
}

#[test]
fn a_semicolon_separated_file_is_refused_unless_told_its_delimiter() {
    let dir = tempfile::tempdir().unwrap();
    let csv = write(&dir, "cow.csv", cow_rows_with_code("373").replace(',', ";"));
    let output = crate::support::entente()
        .args(["import", "--mapping", "cow-alliances"])
        .arg(&csv)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("cow.csv:1: the header is one column"),
        "{stderr}"
    );
    assert!(stderr.contains("--delimiter ';'"), "{stderr}");
    let output = crate::support::entente()
        .args(["import", "--mapping", "cow-alliances", "--delimiter", ";"])
        .arg(&csv)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("imported 2 rows"), "{stderr}");
    // A header that splits but names none of the mapping's columns.
    let graph = KnowledgeGraph::with_seed_data().unwrap();
    let (mapping, target) = cow();
    let other = write(&dir, "other.csv", "a|b,c\n1|2,3\n");
    let error = import::import(&graph, &other, &mapping, target)
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("none of the file's columns (a_b, c)"),
        "{error}"
    );
}

#[test]
fn an_impossible_date_is_an_error_naming_the_row_not_an_ill_typed_literal() {
    let dir = tempfile::tempdir().unwrap();
    let text = cow_rows_with_code("373").replacen(
        "350,371,Armenia,15,5,1992,,,,Type I: Defense Pact,15,5,1992",
        "350,371,Armenia,31,2,1992,,,,Type I: Defense Pact,15,5,1992",
        1,
    );
    let csv = write(&dir, "cow.csv", text);
    let graph = KnowledgeGraph::with_seed_data().unwrap();
    let before = graph.len().unwrap();
    let (mapping, target) = cow();
    let error = import::import(&graph, &csv, &mapping, target)
        .unwrap_err()
        .to_string();
    assert!(error.contains("cow.csv:2: row 1: "), "{error}");
    assert!(error.contains("\"1992-02-31\""), "{error}");
    assert!(error.contains("not a valid xsd:date"), "{error}");
    assert_eq!(graph.len().unwrap(), before);
}

#[test]
fn a_column_named_graph_or_rownum_is_refused() {
    let graph = KnowledgeGraph::with_ontology_only().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let csv = write(&dir, "t.csv", "id,GRAPH\n1,x\n");
    let mapping = Mapping::parse(
        "t",
        "CONSTRUCT { ?GRAPH a prov:Bundle . ?s rdfs:label ?id } WHERE { BIND (IRI(CONCAT(STR(id:), 'x-', ?id)) AS ?s) }",
    )
    .unwrap();
    let target = NamedNode::new("https://entente.example/graph/t").unwrap();
    let error = import::import(&graph, &csv, &mapping, target)
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("t.csv:1: column 2 is named GRAPH"),
        "{error}"
    );
}

#[test]
fn a_term_built_from_a_cell_that_the_ontology_refuses_names_the_row() {
    let graph = KnowledgeGraph::with_ontology_only().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let csv = write(&dir, "t.csv", "id,kind\n1,State\n2,Stat\n");
    let mapping = Mapping::parse(
        "t",
        "CONSTRUCT { ?s a ?class ; skos:prefLabel ?id } WHERE { BIND (IRI(CONCAT(STR(id:), 'x-', ?id)) AS ?s) BIND (IRI(CONCAT(STR(ent:), ?kind)) AS ?class) }",
    )
    .unwrap();
    let target = NamedNode::new("https://entente.example/graph/t").unwrap();
    let error = import::import(&graph, &csv, &mapping, target.clone())
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("t.csv:3: row 2: ent:Stat is not declared"),
        "{error}"
    );
    assert!(error.contains("ent:State"), "closest: {error}");
    let report = import::import_files(
        &graph,
        &[csv.as_path()],
        &mapping,
        &target,
        &import::ImportOptions {
            skip_bad_rows: true,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(report.skipped.len(), 1);
    assert_eq!(report.skipped[0].row, 2);
    assert!(ask(&graph, "ASK { GRAPH g:t { id:x-1 a ent:State } }"));
}

#[test]
fn rownum_and_empty_cells_as_tarql() {
    let graph = KnowledgeGraph::with_ontology_only().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let csv = write(&dir, "t.csv", "id,name\na,Freedonia\nb,\n");
    let mapping = Mapping::parse(
        "t",
        "CONSTRUCT { ?s ent:pointNumber ?ROWNUM ; skos:prefLabel ?name } WHERE { BIND (IRI(CONCAT(STR(id:), 'x-', ?id)) AS ?s) }",
    )
    .unwrap();
    let target = NamedNode::new("https://entente.example/graph/t").unwrap();
    let report = import::import(&graph, &csv, &mapping, target).unwrap();
    assert_eq!(
        report.quads, 3,
        "b has no name: no label, nothing else lost"
    );
    assert!(ask(
        &graph,
        "ASK { id:x-a ent:pointNumber 1 ; skos:prefLabel 'Freedonia' . id:x-b ent:pointNumber 2 FILTER NOT EXISTS { id:x-b skos:prefLabel ?l } }"
    ));
}

#[test]
fn split_expands_a_row_per_part_zipping_columns_of_one_directive() {
    let graph = KnowledgeGraph::with_ontology_only().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mapping = Mapping::parse(
        "t",
        "# split: ids names /\\s*,\\s*/\n# split: thirds /,|;/\nCONSTRUCT { ?a ent:party ?p . ?p skos:prefLabel ?names_item ; ent:pointNumber ?ids_index . ?a ent:thirdParty ?t } WHERE { BIND (IRI(CONCAT(STR(id:), 'a-', ?agreement)) AS ?a) BIND (IRI(CONCAT(STR(id:), 'p-', ?ids_item)) AS ?p) BIND (IRI(CONCAT(STR(id:), 't-', ENCODE_FOR_URI(?thirds_item))) AS ?t) }",
    )
    .unwrap();
    assert_eq!(mapping.splits.len(), 2);
    let csv = write(
        &dir,
        "t.csv",
        "agreement,ids,names,thirds\n1,\"7, 9\",\"Ruritania , Freedonia\",\"UN; AU,\"\n",
    );
    let target = NamedNode::new("https://entente.example/graph/t").unwrap();
    import::import(&graph, &csv, &mapping, target.clone()).unwrap();
    assert!(ask(
        &graph,
        "ASK { id:a-1 ent:party id:p-7 , id:p-9 ; ent:thirdParty id:t-UN , id:t-AU .
               id:p-7 skos:prefLabel 'Ruritania' ; ent:pointNumber 1 .
               id:p-9 skos:prefLabel 'Freedonia' ; ent:pointNumber 2 .
               FILTER NOT EXISTS { id:a-1 ent:party ?other FILTER (?other NOT IN (id:p-7, id:p-9)) } }"
    ));
    // Zipped cells that split into different numbers of parts.
    let csv = write(
        &dir,
        "t.csv",
        "agreement,ids,names,thirds\n1,\"7, 9\",Ruritania,UN\n",
    );
    let error = import::import(&graph, &csv, &mapping, target)
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("t.csv:2: row 1: the cells of ?ids, ?names split into 2, 1 parts"),
        "{error}"
    );
}

#[test]
fn import_all_and_encoding_errors_say_what_is_allowed_or_missing() {
    let dir = tempfile::tempdir().unwrap();
    let output = crate::support::entente()
        .args(["import", "--all", "--datasets"])
        .arg(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("missing (the mapping "), "{stderr}");
    assert!(stderr.contains("--datasets DIR"), "{stderr}");
    let output = crate::support::entente()
        .args(["import", "--encoding", "ebcdic", "x.csv"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("utf-8, latin-1, mac-roman, auto"),
        "{stderr}"
    );
}

/// The shipped COW alliances file, its header and every row, repeated until
/// the text is longer than `bytes` (rows may repeat: the reader is tested,
/// not the mapping).
fn cow_file_longer_than(bytes: usize) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("datasets/cow_alliance_v4.1_by_member.csv");
    let text = std::fs::read_to_string(path).unwrap();
    let (header, rows) = text.split_once('\n').unwrap();
    let mut out = format!("{header}\n");
    while out.len() <= bytes {
        out.push_str(rows);
    }
    out
}

#[test]
fn auto_encoding_decides_on_the_whole_file_not_its_first_mebibyte() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = cow_file_longer_than(3 << 20).into_bytes();
    // One latin-1 byte, far past the first MiB: "Azerbaïjan" (0xEF).
    let at = bytes.windows(10).rposition(|w| w == b"Azerbaijan").unwrap();
    assert!(at > 2 << 20);
    bytes[at + 6] = 0xEF;
    let csv = write(&dir, "cow.csv", &bytes);
    let auto = import::CsvOptions {
        encoding: "auto".parse().unwrap(),
        delimiter: b',',
    };
    let table = import::read_csv_with(&csv, &auto).unwrap();
    assert_eq!(table.encoding, import::Encoding::Latin1);
    let name = oxigraph::model::Literal::new_simple_literal("Azerbaïjan").into();
    assert!(table.rows.iter().any(|row| row[2].as_ref() == Some(&name)));
    // Strict UTF-8 names the line of that byte, counted through the chunks.
    let line = 1 + bytes[..at].iter().filter(|&&b| b == b'\n').count();
    let error = import::read_csv(&csv).unwrap_err().to_string();
    assert!(
        error.contains(&format!("cow.csv:{line}: column 3 (state_name): byte 0xEF")),
        "{error}"
    );
}

#[test]
fn a_nul_byte_past_the_first_chunk_is_refused_with_its_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = cow_file_longer_than(2 << 20).into_bytes();
    let at = bytes.len() - 10;
    bytes[at] = 0;
    let line = 1 + bytes[..at].iter().filter(|&&b| b == b'\n').count();
    let line_start = bytes[..at].iter().rposition(|&b| b == b'\n').unwrap() + 1;
    let csv = write(&dir, "cow.csv", &bytes);
    let error = import::read_csv(&csv).unwrap_err().to_string();
    assert_eq!(
        error,
        format!(
            "{}:{line}:{}: a NUL byte: this is not a CSV text file",
            csv.display(),
            at - line_start + 1
        )
    );
}

#[cfg(unix)]
#[test]
fn an_import_streams_from_a_named_pipe() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("cow.csv");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("datasets/cow_alliance_v4.1_by_member.csv");
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::write(fifo, std::fs::read(source).unwrap()))
    };
    let output = crate::support::entente()
        .args(["import", "--mapping", "cow-alliances", "--encoding", "auto"])
        .arg(&fifo)
        .output()
        .unwrap();
    // Checked before joining: a refusal before the pipe was opened would
    // leave the writer blocked on it.
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("imported 1221 rows from 1 file"),
        "{stderr}"
    );
    writer.join().unwrap().unwrap();
}

/// COW-like rows 1..=`rows` (each its own alliance member), with an
/// impossible date in the rows `bad_dates` and a missing field in the row
/// `short`.
fn generated_cow_rows(rows: usize, bad_dates: &[usize], short: Option<usize>) -> String {
    let mut text = cow_rows_with_code("373").lines().next().unwrap().to_owned();
    text.push('\n');
    for i in 1..=rows {
        let day = if bad_dates.contains(&i) { 31 } else { 1 };
        let row = format!(
            "{},{},State {i},{day},2,1900,,,,Type III: Entente,1,1,1900,,,,0,0,0,0,0,1,4.1",
            100_000 + i / 10,
            2000 + i
        );
        match short {
            Some(s) if s == i => text.push_str(row.rsplit_once(',').unwrap().0),
            _ => text.push_str(&row),
        }
        text.push('\n');
    }
    text
}

#[test]
fn the_first_bad_row_of_the_file_is_told_whichever_chunk_is_mapped_first() {
    // Chunks of 5,000 rows are mapped on several threads: the error must
    // still be the file's first, and a read error after a bad row must not
    // hide it (nor one before it be hidden).
    let rows = 2 * import::CHUNK_ROWS + 1_000;
    let dir = tempfile::tempdir().unwrap();
    let (mapping, target) = cow();
    let cases = [
        (vec![7_000, 10_500], None, "row 7000: "),
        (vec![7_000], Some(10_800), "row 7000: "),
        (
            vec![7_000, 10_000],
            Some(3_000),
            "cow.csv:3001: this row has 22 fields",
        ),
    ];
    for (bad_dates, short, expected) in cases {
        let csv = write(&dir, "cow.csv", generated_cow_rows(rows, &bad_dates, short));
        for _ in 0..2 {
            let graph = KnowledgeGraph::with_seed_data().unwrap();
            let before = graph.len().unwrap();
            let error = import::import(&graph, &csv, &mapping, target.clone())
                .unwrap_err()
                .to_string();
            assert!(error.contains(expected), "{bad_dates:?} {short:?}: {error}");
            assert_eq!(graph.len().unwrap(), before, "nothing imported");
        }
    }
    // Skipped, they are listed in the file's order, and the rest is in.
    let csv = write(
        &dir,
        "cow.csv",
        generated_cow_rows(rows, &[10_500, 4_000, 9_999], None),
    );
    let graph = KnowledgeGraph::with_seed_data().unwrap();
    let report = import::import_files(
        &graph,
        &[csv.as_path()],
        &mapping,
        &target,
        &import::ImportOptions {
            skip_bad_rows: true,
            ..Default::default()
        },
    )
    .unwrap();
    let skipped: Vec<usize> = report.skipped.iter().map(|s| s.row).collect();
    assert_eq!(skipped, [4_000, 9_999, 10_500]);
    assert_eq!(report.rows, rows);
    let members = Rows::collect(
        graph
            .query(
                "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?m a ent:AllianceMembership } }",
                &[("g".to_owned(), Term::from(target.clone()))],
            )
            .unwrap(),
    )
    .unwrap();
    assert_eq!(
        members.rows[0][0].as_ref().unwrap().to_string(),
        format!(
            "\"{}\"^^<http://www.w3.org/2001/XMLSchema#integer>",
            rows - 3
        )
    );
}
