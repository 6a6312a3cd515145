//! `entente check`: the shapes of `ontology/shapes.ttl` and the data
//! checks, each finding placed at file:line:column (issue "any conflict",
//! case 8).

use crate::support::entente;
use std::path::{Path, PathBuf};

const PREFIXES: &str = "@prefix ent: <https://entente.example/ontology#> .\n\
@prefix id: <https://entente.example/id/> .\n\
@prefix g: <https://entente.example/graph/> .\n\
@prefix prov: <http://www.w3.org/ns/prov#> .\n\
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n";

/// Writes `body` after the prefixes (5 lines) into a temporary file.
fn file(name: &str, body: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, format!("{PREFIXES}{body}")).unwrap();
    (dir, path)
}

/// `entente check -f csv FILE`: its exit code and its findings as
/// (place without the directory, rule, finding).
fn check(path: &Path, extra: &[&str]) -> (i32, Vec<(String, String, String)>) {
    let output = entente()
        .args(["-f", "csv", "check"])
        .arg(path)
        .args(extra)
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let dir = format!("{}/", path.parent().unwrap().display());
    let mut reader = csv::Reader::from_reader(stdout.as_bytes());
    let rows = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].replace(&dir, ""), r[1].to_owned(), r[2].to_owned())
        })
        .collect();
    (output.status.code().unwrap(), rows)
}

#[test]
fn a_misspelt_actor_is_placed_and_the_known_actor_suggested() {
    let (_dir, path) = file(
        "talks.ttl",
        "id:NewTalks a ent:Talks ;\n    ent:participant id:Azerbaijan , id:Armenai .\n",
    );
    let (code, rows) = check(&path, &[]);
    assert_eq!(code, 0, "warnings, not errors, without --strict");
    assert_eq!(rows.len(), 1, "{rows:?}");
    let (place, rule, finding) = &rows[0];
    assert_eq!(place, "talks.ttl:7:37");
    assert_eq!(rule, "unknown actor");
    assert!(
        finding.contains("id:Armenai is typed and labelled nowhere"),
        "{finding}"
    );
    assert!(finding.contains("did you mean id:Armenia"), "{finding}");
}

#[test]
fn a_string_where_an_actor_is_expected_is_a_finding_of_its_shape() {
    let (_dir, path) = file(
        "agreement.ttl",
        "id:Deal a ent:Agreement ;\n    ent:party id:Armenia , \"Azerbaijan\" .\n",
    );
    let (_, rows) = check(&path, &[]);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0].0, "agreement.ttl:7:28");
    assert_eq!(rows[0].1, "shape (ent:party)");
    assert!(
        rows[0].2.contains("ent:party names a ent:Actor"),
        "{:?}",
        rows[0]
    );
}

#[test]
fn impossible_dates_and_wrong_date_types_are_findings_and_a_day_is_enough() {
    let (_dir, path) = file(
        "dates.ttl",
        "id:Deal a ent:Agreement ;\n\
         \x20   ent:agreedOn \"2023-13-45\"^^xsd:date ;\n\
         \x20   ent:inForceFrom \"2023-09-20\"^^xsd:date .\n\
         id:Other a ent:Agreement ; ent:agreedOn \"2023-09-20\"^^xsd:date .\n",
    );
    let (_, rows) = check(&path, &[]);
    let rules: Vec<(&str, &str)> = rows
        .iter()
        .map(|(place, rule, _)| (place.as_str(), rule.as_str()))
        .collect();
    assert_eq!(
        rules,
        [
            ("dates.ttl:7:18", "lexical form"),
            ("dates.ttl:8:21", "shape (ent:inForceFrom)")
        ],
        "{rows:?}"
    );
    assert!(rows[0].2.contains("\"2023-13-45\" is not a valid xsd:date"));
    assert!(rows[1].2.contains("xsd:dateTime with the offset"));
}

#[test]
fn a_named_graph_without_a_bundle_and_blank_nodes_are_findings() {
    let (_dir, path) = file(
        "claims.trig",
        "g:unsourced {\n    id:Armenia ent:alliedWith [ a ent:State ] .\n}\n",
    );
    let (_, rows) = check(&path, &[]);
    let rules: Vec<&str> = rows.iter().map(|r| r.1.as_str()).collect();
    assert_eq!(rules, ["bundle", "blank node"], "{rows:?}");
    assert_eq!(rows[0].0, "claims.trig:6:1");
    assert_eq!(rows[1].0, "claims.trig:7:31");
}

#[test]
fn strict_makes_findings_an_error() {
    let (_dir, path) = file(
        "talks.ttl",
        "id:NewTalks a ent:Talks ; ent:participant id:Armenai .\n",
    );
    let (code, rows) = check(&path, &["--strict"]);
    assert_eq!(code, 2);
    assert_eq!(rows.len(), 1);
}

#[test]
fn a_users_own_shapes_are_checked_too() {
    let (dir, path) = file("talks.ttl", "id:NewTalks a ent:Talks .\n");
    let shapes = dir.path().join("mine.ttl");
    std::fs::write(
        &shapes,
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n\
         @prefix ent: <https://entente.example/ontology#> .\n\
         <urn:talks-have-a-date> a sh:NodeShape ; sh:targetClass ent:Talks ;\n\
         \x20 sh:property [ sh:path ent:date ; sh:minCount 1 ; sh:message \"talks need a date\" ] .\n",
    )
    .unwrap();
    let (_, without) = check(&path, &[]);
    assert!(without.is_empty(), "{without:?}");
    let (_, with) = check(&path, &["--shapes", shapes.to_str().unwrap()]);
    assert_eq!(with.len(), 1, "{with:?}");
}

#[test]
fn the_shipped_data_meets_every_shape() {
    let data: Vec<PathBuf> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/data"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    let output = entente()
        .args(["-f", "csv", "check"])
        .args(&data)
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "",
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success());
}

#[test]
fn every_property_with_a_range_has_its_shape() {
    let shapes = include_str!("../../ontology/shapes.ttl");
    let ranged = crate::support::records(&[
        "query",
        "SELECT ?property WHERE { ?property rdfs:range ?range FILTER (STRSTARTS(STR(?property), STR(ent:))) }",
    ]);
    assert!(ranged.len() > 60, "{}", ranged.len());
    for row in ranged {
        let local = row["property"].rsplit('#').next().unwrap().to_owned();
        assert!(
            shapes.contains(&format!("sh:path ent:{local} ;")),
            "ent:{local} has a range and no shape in ontology/shapes.ttl"
        );
    }
}
