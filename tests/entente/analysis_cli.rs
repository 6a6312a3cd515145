//! The analysis verbs on the seed conflict, through the command line: the
//! view comes from the store, the answers from petgraph.

use crate::support::{entente, failure, records, table};
use std::collections::HashMap;

#[test]
fn path_from_turkey_to_artsakh_runs_through_azerbaijans_offensive() {
    let text = table(&["path", "Turkey", "Artsakh"]);
    assert!(
        text.starts_with("Turkey —allied→ Azerbaijan (per France 24 map caption) —attacks→ Nagorno-Karabakh (2023-09-19, per "),
        "{text}"
    );
    let hops = records(&["path", "Turkey", "Artsakh"]);
    assert!(hops.iter().all(|h| h["chain"] == "1"));
    assert!(hops
        .iter()
        .any(|h| h["hop"] == "2" && h["relation"] == "blockades" && h["start"] == "2022-12"));
}

#[test]
fn path_respects_direction_hops_and_dates() {
    // Turkey backs or attacks nobody directly: no directed chain to the peacekeepers.
    assert!(
        failure(&["path", "Turkey", "Russian peacekeepers", "--directed"])
            .contains("no chain of relations links Turkey and Russian peacekeeping contingent")
    );
    let all = records(&[
        "path",
        "Turkey",
        "Russian peacekeepers",
        "--all",
        "--max-hops",
        "3",
    ]);
    let chains: std::collections::BTreeSet<&str> =
        all.iter().map(|r| r["chain"].as_str()).collect();
    assert!(chains.len() >= 2, "{all:?}");
    // Before the offensive of 19 September 2023 the attack is not in force.
    let before = records(&["path", "Turkey", "Artsakh", "--as-of", "2023-09-01"]);
    assert!(
        before.iter().all(|h| h["relation"] != "attacks"),
        "{before:?}"
    );
}

#[test]
fn influence_ranks_azerbaijan_first_and_pagerank_sums_to_one() {
    let ranked = records(&["influence", "--top", "0"]);
    assert_eq!(ranked[0]["iri"], "https://entente.example/id/Azerbaijan");
    let total: f64 = ranked
        .iter()
        .map(|r| r["pagerank"].parse::<f64>().unwrap())
        .sum();
    // The table prints six significant digits.
    assert!((total - 1.0).abs() < 1e-5, "{total}");
    let betweenness = records(&["influence", "--metric", "betweenness", "--top", "3"]);
    assert_eq!(betweenness.len(), 3);
    let positive = records(&["influence", "--signed-positive-only", "--top", "0"]);
    assert!(positive.iter().all(|r| r["iri"]
        != "https://entente.example/id/RussianPeacekeepingContingent"
        || r["pagerank"].parse::<f64>().unwrap() > 0.0));
}

#[test]
fn balance_splits_the_conflict_and_finds_russia_between_the_camps() {
    let measures: HashMap<String, String> = records(&["balance"])
        .into_iter()
        .map(|r| (r["measure"].clone(), r["value"].clone()))
        .collect();
    let camp1 = &measures["camp 1"];
    let camp2 = &measures["camp 2"];
    let (armenia, azerbaijan) = if camp1.contains("Armenia,") {
        (camp1, camp2)
    } else {
        (camp2, camp1)
    };
    for member in ["Armenia", "Nagorno-Karabakh", "Government of Armenia"] {
        assert!(
            armenia.contains(member),
            "{member} with Armenia: {measures:?}"
        );
    }
    for member in ["Azerbaijan", "Turkey", "Government of Azerbaijan"] {
        assert!(
            azerbaijan.contains(member),
            "{member} with Azerbaijan: {measures:?}"
        );
    }
    // Russia has a defence pact with Armenia and is "not far from"
    // Azerbaijan (France 24): the triangle an analyst expects is unbalanced,
    // and one of Russia's ties is frustrated whichever camp it is put in.
    assert_eq!(
        measures["unbalanced triangle 1"], "Armenia, Azerbaijan, Russia (++−)",
        "{measures:?}"
    );
    assert!(
        measures["frustration index"].starts_with("1 (exact"),
        "{measures:?}"
    );
    assert!(
        measures["frustrated ties"].contains("Russia"),
        "{measures:?}"
    );
    assert_eq!(measures["triangles +−−"], "1");
}

#[test]
fn brokers_between_armenia_and_azerbaijan_rank_russia_above_turkey() {
    let ranked = records(&["brokers", "Armenia", "Azerbaijan", "--include-hostile"]);
    assert_eq!(ranked[0]["actor"], "Russia", "{ranked:?}");
    assert!(ranked[0]["ties"].contains("Russian peacekeeping contingent —mediates→ Azerbaijan"));
    let turkey = ranked.iter().position(|r| r["actor"] == "Turkey");
    assert!(turkey.is_none_or(|i| i > 0), "{ranked:?}");
    let between_stepanakert_and_baku = records(&["brokers", "Stepanakert", "Baku"]);
    assert_eq!(between_stepanakert_and_baku[0]["actor"], "Russia");
}

#[test]
fn view_filters_by_source_and_relation_kind() {
    let france24 = records(&[
        "influence",
        "--source",
        "France 24",
        "--metric",
        "degree",
        "--top",
        "0",
    ]);
    let with_ties: Vec<&str> = france24
        .iter()
        .filter(|r| r["degree"].parse::<f64>().unwrap() > 0.0)
        .map(|r| r["actor"].as_str())
        .collect();
    let mut with_ties = with_ties;
    with_ties.sort();
    // The caption's "historically opposed to the Armenians" is a stance of
    // the past, left out of the view.
    assert_eq!(with_ties, ["Armenia", "Azerbaijan", "Russia", "Turkey"]);
    let alliances = records(&[
        "path",
        "Turkey",
        "Azerbaijan",
        "--relations",
        "allied,defence pact",
    ]);
    assert!(
        alliances.iter().all(|r| r["relation"] == "allied"),
        "{alliances:?}"
    );
    // Alliances alone do not link Turkey's camp to Russia's.
    entente()
        .args([
            "path",
            "Turkey",
            "Russia",
            "--relations",
            "allied,defence-pact",
        ])
        .assert()
        .failure();
}

#[test]
fn unknown_view_column_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let view = dir.path().join("bad-view.rq");
    std::fs::write(&view, "SELECT ?a ?b WHERE { ?a ent:backs ?b }").unwrap();
    assert!(failure(&["influence", "--view", view.to_str().unwrap()])
        .contains("a view query selects ?source and ?target"));
}

#[test]
fn analysis_json_keeps_numbers_as_numbers_and_columns_in_order() {
    let out = entente()
        .args(["influence", "--top", "3", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let records: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let first = &records[0];
    assert!(first["pagerank"].is_f64(), "{first}");
    assert_eq!(first["rank"], 1, "{first}");
    let keys: Vec<&String> = first.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["rank", "actor", "pagerank", "iri"], "{first}");
}

#[test]
fn a_format_an_analysis_has_not_is_refused_before_any_work() {
    let stderr = failure(&["balance", "--format", "turtle"]);
    assert!(
        stderr.contains("an analysis is written as table, csv, tsv or json"),
        "{stderr}"
    );
}

#[test]
fn an_unknown_relation_kind_is_refused_with_the_kinds_of_the_view() {
    let stderr = failure(&["balance", "--relations", "hostil"]);
    assert!(stderr.contains("--relations hostil"), "{stderr}");
    assert!(
        stderr.contains("hostile") && stderr.contains("backs"),
        "{stderr}"
    );
}

#[test]
fn a_view_row_with_a_bad_sign_weight_or_a_literal_actor_is_refused_by_row() {
    let dir = tempfile::tempdir().unwrap();
    for (select, said) in [
        (
            "SELECT ?source ?target (2 AS ?sign) WHERE { VALUES (?source ?target) { (id:Armenia id:Russia) } }",
            "?sign is 2",
        ),
        (
            "SELECT ?source ?target ('NaN' AS ?weight) WHERE { VALUES (?source ?target) { (id:Armenia id:Russia) } }",
            "?weight is \"NaN\"",
        ),
        (
            "SELECT ?source ?target (-1 AS ?weight) WHERE { VALUES (?source ?target) { (id:Armenia id:Russia) } }",
            "weights are 0 or more",
        ),
        (
            "SELECT ?source ?target WHERE { VALUES (?source ?target) { ('Armenia' id:Russia) } }",
            "?source is the literal",
        ),
    ] {
        let view = dir.path().join("view.rq");
        std::fs::write(&view, select).unwrap();
        let stderr = failure(&["influence", "--view", view.to_str().unwrap()]);
        assert!(stderr.contains("row 1") && stderr.contains(said), "{select}: {stderr}");
    }
}

#[test]
fn impossible_dates_and_tolerances_are_refused_before_any_work() {
    let stderr = failure(&["query", "mediators", "--param", "date=2023-13-45"]);
    assert!(stderr.contains("no such month"), "{stderr}");
    for tol in ["0", "NaN", "inf"] {
        let stderr = failure(&["influence", "--metric", "eigenvector", "--tol", tol]);
        assert!(
            stderr.contains("not a positive tolerance"),
            "{tol}: {stderr}"
        );
    }
}
