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
    // Each camp is named after its actor with the most signed ties.
    let armenia = &measures["camp of Armenia"];
    let azerbaijan = &measures["camp of Azerbaijan"];
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

/// `balance` as measure → value.
fn balance_measures(args: &[&str]) -> HashMap<String, String> {
    let mut all = vec!["balance"];
    all.extend_from_slice(args);
    records(&all)
        .into_iter()
        .map(|r| (r["measure"].clone(), r["value"].clone()))
        .collect()
}

#[test]
fn russia_lands_in_armenias_camp_its_close_tie_to_azerbaijan_frustrated() {
    // One tie of Russia's is frustrated either way; the defence pact
    // (weight 1) outweighs "close to" (0.5), so the pact is kept.
    let measures = balance_measures(&[]);
    let armenia = &measures["camp of Armenia"];
    for member in [
        "Russia",
        "Russian Armed Forces",
        "Russian peacekeeping contingent",
    ] {
        assert!(armenia.contains(member), "{member}: {measures:?}");
    }
    assert_eq!(measures["frustrated ties"], "Azerbaijan + Russia");
}

#[test]
fn balance_gives_each_unconnected_conflict_its_own_named_camps() {
    let measures = balance_measures(&[]);
    assert_eq!(measures["components"], "4", "{measures:?}");
    let camps: Vec<&String> = measures
        .keys()
        .filter(|k| k.starts_with("camp of "))
        .collect();
    assert_eq!(camps.len(), 6, "{camps:?}");
    let colombia = &measures["camp of Government of Colombia"];
    let farc = &measures["camp of FARC-EP"];
    for member in ["Juan Manuel Santos", "Colombia", "Sergio Jaramillo"] {
        assert!(colombia.contains(member), "{member}: {measures:?}");
    }
    for member in ["Rodrigo Londoño Echeverri", "Iván Márquez"] {
        assert!(farc.contains(member), "{member}: {measures:?}");
    }
    // No camp mixes the two conflicts.
    for (camp, caucasus, andes) in [
        ("camp of Armenia", "Armenia", "Colombia"),
        ("camp of Azerbaijan", "Azerbaijan", "FARC-EP"),
        ("camp of Government of Colombia", "Colombia", "Armenia"),
        ("camp of FARC-EP", "FARC-EP", "Azerbaijan"),
    ] {
        assert!(measures[camp].contains(caucasus), "{camp}: {measures:?}");
        assert!(!measures[camp].contains(andes), "{camp}: {measures:?}");
    }
    assert!(
        measures["component 1"].starts_with("Azerbaijan (most central); 16 actors"),
        "{measures:?}"
    );
    assert!(
        measures["component 2"].starts_with("Government of Colombia (most central)"),
        "{measures:?}"
    );
}

#[test]
fn balance_around_an_actor_reports_only_its_component() {
    let measures = balance_measures(&["--around", "Iván Márquez"]);
    assert_eq!(measures["components"], "1", "{measures:?}");
    let camps: Vec<&str> = measures
        .keys()
        .filter(|k| k.starts_with("camp of "))
        .map(String::as_str)
        .collect();
    let mut camps = camps;
    camps.sort();
    assert_eq!(camps, ["camp of FARC-EP", "camp of Government of Colombia"]);
    // The Caucasus' triangles are not in this component.
    assert_eq!(measures["triangles ++−"], "0");
    assert_eq!(measures["triangles +−−"], "0");
    assert!(
        measures["frustration index"].starts_with("0 (exact"),
        "{measures:?}"
    );
    let heading = table(&["balance", "--around", "Iván Márquez"]);
    assert!(
        heading.contains("the component of Iván Márquez"),
        "{heading}"
    );
}

#[test]
fn balance_around_an_actor_with_only_neutral_ties_has_no_answer() {
    let out = entente()
        .args(["balance", "--around", "Cuba"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("Cuba has no signed tie") && stderr.contains("in no camp"),
        "{stderr}"
    );
}

#[test]
fn dot_camps_are_the_balance_camps_with_their_names() {
    let out = entente().args(["dot", "--camps"]).output().unwrap();
    assert!(out.status.success());
    let dot = String::from_utf8(out.stdout).unwrap();
    let measures = balance_measures(&[]);
    // the label on the line after each `subgraph cluster_camp_N {`
    let lines: Vec<&str> = dot.lines().collect();
    let mut drawn: Vec<&str> = lines
        .windows(2)
        .filter(|w| w[0].trim_start().starts_with("subgraph cluster_camp_"))
        .filter_map(|w| w[1].split('"').nth(1))
        .collect();
    drawn.sort();
    let mut named: Vec<&str> = measures
        .keys()
        .filter(|k| k.starts_with("camp of "))
        .map(String::as_str)
        .collect();
    named.sort();
    assert_eq!(drawn, named);
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

#[test]
fn brokers_between_the_government_of_colombia_and_the_farc_ep_rank_the_guarantors_cuba_and_norway_first(
) {
    let ranked = records(&["brokers", "Government of Colombia", "FARC-EP", "--top", "0"]);
    let names: Vec<&str> = ranked.iter().map(|r| r["actor"].as_str()).collect();
    assert_eq!(names[..2], ["Cuba", "Norway"], "{ranked:?}");
    // The negotiators, the president and the FARC-EP's commander act for a
    // side: they are not third parties.
    for insider in [
        "Juan Manuel Santos",
        "Frank Pearl",
        "Sergio Jaramillo",
        "Humberto de la Calle",
        "Rodrigo Londoño Echeverri",
    ] {
        assert!(!names.contains(&insider), "{insider}: {names:?}");
    }
    // The UN mission's verification counts for the United Nations.
    let un = ranked
        .iter()
        .find(|r| r["actor"] == "United Nations")
        .expect("the United Nations ranked");
    assert!(
        un["ties"].contains("United Nations Mission in Colombia —verifier→ FARC-EP (per "),
        "{un:?}"
    );
}

#[test]
fn brokers_list_each_tie_with_its_source() {
    let ranked = records(&["brokers", "Government of Colombia", "FARC-EP"]);
    let cuba = &ranked[0]["ties"];
    // one entry per relation, each with every source that claims it
    assert!(
        cuba.contains("Cuba —host→ FARC-EP (per Government of Colombia, 2010–2016)"),
        "{cuba}"
    );
    assert!(cuba.contains("Cuba —guarantor→ FARC-EP (per "), "{cuba}");
    assert!(
        cuba.split("; ")
            .all(|tie| tie.contains(" (per ") && tie.ends_with(')')),
        "{cuba}"
    );
    let seed = records(&["brokers", "Armenia", "Azerbaijan"]);
    assert_eq!(seed[0]["actor"], "Russia", "{seed:?}");
    assert!(
        seed[0]["ties"].contains("Russia —close to→ Azerbaijan (per France 24 map caption)"),
        "{seed:?}"
    );
}

#[test]
fn brokers_say_how_equal_scores_are_ordered_in_the_table_and_in_help() {
    let text = table(&["brokers", "Government of Colombia", "FARC-EP"]);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[1].starts_with("ties: equal scores are ordered by centrality")
            && lines[1].contains("then by name"),
        "{text}"
    );
    let help = entente().args(["brokers", "--help"]).output().unwrap();
    let help = String::from_utf8(help.stdout).unwrap();
    assert!(
        help.contains("Ties: equal scores are ordered by centrality"),
        "{help}"
    );
    assert!(help.contains("act for, belong to or head"), "{help}");
    // machine output has the records only
    let csv = entente()
        .args([
            "brokers",
            "Government of Colombia",
            "FARC-EP",
            "--format",
            "csv",
        ])
        .output()
        .unwrap();
    assert!(String::from_utf8(csv.stdout)
        .unwrap()
        .starts_with("rank,actor,"));
}

#[test]
fn brokers_rank_an_organisation_the_view_does_not_have_through_its_member() {
    // A person guarantees an agreement between the Government of Colombia
    // and the FARC-EP; the group it belongs to has no relation of its own.
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("contact-group.trig");
    std::fs::write(
        &data,
        r#"@prefix ent: <https://entente.example/ontology#> .
@prefix id: <https://entente.example/id/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://entente.example/graph/test-contact-group> {
  id:TestEnvoy a ent:Person ; skos:prefLabel "Test Envoy"@en ;
      org:memberOf id:TestContactGroup .
  id:TestContactGroup a ent:InternationalOrganization ;
      skos:prefLabel "Test Contact Group"@en ; skos:altLabel "TCG"@en .
  id:TestAgreement a ent:PeaceAgreement ; skos:prefLabel "Test agreement"@en ;
      ent:party id:GovernmentOfColombia , id:FARC-EP ; ent:guarantor id:TestEnvoy .
}
"#,
    )
    .unwrap();
    let with = data.to_str().unwrap();
    let ranked = records(&[
        "--with",
        with,
        "brokers",
        "Government of Colombia",
        "FARC-EP",
        "--top",
        "0",
    ]);
    let names: Vec<&str> = ranked.iter().map(|r| r["actor"].as_str()).collect();
    assert!(names.contains(&"Test Contact Group"), "{names:?}");
    assert!(!names.contains(&"Test Envoy"), "{names:?}");
    let group = ranked
        .iter()
        .find(|r| r["actor"] == "Test Contact Group")
        .unwrap();
    assert!(
        group["ties"].contains("Test Envoy —guarantor→ FARC-EP"),
        "{group:?}"
    );
}

/// `influence ARGS --top 0` as actor → score.
fn influence_scores(args: &[&str]) -> HashMap<String, f64> {
    let mut all = vec!["influence", "--top", "0"];
    all.extend_from_slice(args);
    records(&all)
        .into_iter()
        .map(|r| (r["actor"].clone(), r["pagerank"].parse::<f64>().unwrap()))
        .collect()
}

#[test]
fn influence_leaves_mediation_and_other_neutral_ties_out_unless_asked() {
    let default = influence_scores(&[]);
    let neutral = influence_scores(&["--neutral-ties"]);
    // The guarantors, the host, the accompanying countries and the parties'
    // agreement pass the FARC-EP rank only when neutral ties count.
    assert!(
        neutral["FARC-EP"] > default["FARC-EP"] * 1.2,
        "{} vs {}",
        neutral["FARC-EP"],
        default["FARC-EP"]
    );
    // Cuba's ties are all neutral: by default it has no link at all, so
    // it scores the floor (the teleport share) like every unlinked actor.
    let floor = default.values().copied().fold(f64::INFINITY, f64::min);
    assert!((default["Cuba"] - floor).abs() < 1e-9, "{default:?}");
    assert_eq!(default.len(), neutral.len());
    let text = table(&["influence"]);
    let header = text.lines().next().unwrap();
    assert!(header.contains("neutral_ties=false"), "{header}");
    assert!(
        header.contains("left out, --neutral-ties counts them"),
        "{header}"
    );
    let text = table(&["influence", "--neutral-ties"]);
    assert!(
        text.lines().next().unwrap().contains("neutral_ties=true"),
        "{text}"
    );
}

#[test]
fn influence_as_of_ranks_only_actors_with_a_relation_in_force_undated_ones_always_in_force() {
    // On 1 January 2012 the guarantors and the accompanying countries have
    // no relation in force yet (their roles date from the agreements).
    // Bernard Aronson's post as envoy dates from February 2015.
    let ranked = influence_scores(&["--as-of", "2012-01-01"]);
    for absent in ["Cuba", "Norway", "Chile", "Venezuela", "Bernard Aronson"] {
        assert!(!ranked.contains_key(absent), "{absent}: {ranked:?}");
    }
    // The defence pact of Russia and Armenia has no date: in force on
    // every day, so both are ranked even in 1990.
    let early = influence_scores(&["--as-of", "1990"]);
    assert!(early.contains_key("Russia") && early.contains_key("Armenia"));
    assert_eq!(influence_scores(&[]).len(), 42);
    assert_eq!(ranked.len(), 37);
    let text = table(&["influence", "--as-of", "2012-01-01"]);
    let header = text.lines().next().unwrap();
    assert!(
        header.contains("in force on 2012-01-01, an undated relation counting as always in force")
            && header.contains("5 actors with no relation in force not ranked"),
        "{header}"
    );
    let help = entente().args(["influence", "--help"]).output().unwrap();
    let help = String::from_utf8(help.stdout).unwrap();
    assert!(help.contains("--neutral-ties"), "{help}");
    assert!(
        help.contains("an undated relation counts as always in force"),
        "{help}"
    );
    assert!(
        help.contains("actors with no relation in force that day are not ranked"),
        "{help}"
    );
}

#[test]
fn dot_draws_every_relation_of_the_shipped_data_from_its_words_or_its_sign() {
    let out = entente().arg("dot").output().unwrap();
    assert!(out.status.success());
    let dot = String::from_utf8(out.stdout).unwrap();
    assert!(!dot.contains("other relation"), "an unexplained class");
    assert!(!dot.contains("#757575"), "the grey of no class");
    // the first drawn edge labelled KIND (alone, or above its dates)
    let edge = |kind: &str| -> &str {
        dot.lines()
            .find(|l| {
                l.contains(" -> ")
                    && (l.contains(&format!("label=\"{kind}\""))
                        || l.contains(&format!("label=\"{kind}\\n")))
            })
            .unwrap_or_else(|| panic!("an edge labelled {kind}"))
    };
    // +1 of no named class: cooperative, solid olive
    for kind in ["close to", "acts for", "part of"] {
        assert!(
            edge(kind).contains("color=\"#689f38\", style=solid"),
            "{kind}: {}",
            edge(kind)
        );
    }
    // 0: neutral, dotted like mediation
    for kind in [
        "agreement",
        "guarantor",
        "host",
        "verifier",
        "accompanying country",
    ] {
        assert!(
            edge(kind).contains("color=\"#6a1b9a\", style=dotted"),
            "{kind}: {}",
            edge(kind)
        );
    }
    // −1: hostile
    assert!(edge("war").contains("color=\"#c62828\", style=dashed"));
    assert!(dot.contains("label=\"other cooperative tie\""));
    assert!(dot.contains("label=\"mediation, talks, other neutral tie\""));
}

#[test]
fn path_all_on_a_dense_graph_stops_at_the_limit_and_says_so() {
    // Twelve actors all allied with each other: millions of chains of up to
    // eight hops between two of them (this grew past 4 GiB before).
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("dense.ttl");
    let mut text = String::from(
        "@prefix ent: <https://entente.example/ontology#> .\n@prefix id: <https://entente.example/id/> .\n",
    );
    for i in 0..12 {
        text.push_str(&format!("id:Dense{i} a ent:State .\n"));
        for j in (i + 1)..12 {
            text.push_str(&format!(
                "id:DenseAlliance{i}-{j} a ent:Alliance ; ent:member id:Dense{i} , id:Dense{j} .\n"
            ));
        }
    }
    std::fs::write(&data, text).unwrap();
    let output = entente()
        .arg("--with")
        .arg(&data)
        .args([
            "path",
            "id:Dense0",
            "id:Dense11",
            "--all",
            "--max-hops",
            "8",
        ])
        .args(["--format", "csv"])
        .timeout(std::time::Duration::from_secs(300))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("the first 10000 chains of more"),
        "{stderr}"
    );
    let csv = String::from_utf8(output.stdout).unwrap();
    let first = csv.lines().nth(1).unwrap();
    assert!(
        first.starts_with("1,1,") && csv.contains("\n10000,"),
        "{first}"
    );
}
