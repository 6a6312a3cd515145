//! The second conflict shipped with entente: the Colombian peace process
//! with the FARC-EP (`data/colombia-*.trig`), asked as a new user would.
//!
//! Every answer comes through the command line, from the W3C CSV results
//! format; each test is named after the answer it pins. The analyses (`path`,
//! `brokers`, `balance`, `influence`) are left to their own tests.

use crate::support::{entente, records as rows, table};
use std::collections::{BTreeSet, HashMap};

const ID: &str = "https://entente.example/id/";
const ENT: &str = "https://entente.example/ontology#";
const GRAPH: &str = "https://entente.example/graph/";

fn id(local: &str) -> String {
    format!("{ID}{local}")
}

fn ent(local: &str) -> String {
    format!("{ENT}{local}")
}

fn graph(local: &str) -> String {
    format!("{GRAPH}{local}")
}

type Row = HashMap<String, String>;

/// The values of one column, without repeats.
fn column(rows: &[Row], name: &str) -> BTreeSet<String> {
    rows.iter().map(|r| r[name].clone()).collect()
}

/// The sources (graphs) of `describe`'s rows with this property and value.
fn sources_of(facts: &[Row], property: &str, value: &str) -> BTreeSet<String> {
    facts
        .iter()
        .filter(|r| r["property"] == property && r["value"] == value)
        .map(|r| r["source"].clone())
        .collect()
}

/// `agreement-status` on a day: one row per agreement (the first when an
/// agreement has several).
fn status_on(day: &str) -> HashMap<String, Row> {
    let mut by_agreement = HashMap::new();
    for row in rows(&[
        "query",
        "agreement-status",
        "--param",
        &format!("asOf={day}"),
    ]) {
        by_agreement.entry(row["agreement"].clone()).or_insert(row);
    }
    by_agreement
}

#[test]
fn rebel_groups_are_the_farc_ep_and_the_eln() {
    let rebels = rows(&["actors", "--kind", "rebel group"]);
    assert_eq!(
        column(&rebels, "actor"),
        BTreeSet::from([id("ELN"), id("FARC-EP")]),
        "{rebels:?}"
    );
    let farc = rebels.iter().find(|r| r["actor"] == id("FARC-EP")).unwrap();
    assert!(
        farc["aliases"].contains("Revolutionary Armed Forces of Colombia"),
        "{farc:?}"
    );
    // The party the FARC-EP founded is a party, not a rebel group.
    let parties = rows(&["actors", "--kind", "political party"]);
    assert_eq!(
        column(&parties, "actor"),
        BTreeSet::from([id("CommonAlternativeRevolutionaryForce")])
    );
    assert!(parties[0]["aliases"].contains("Comunes"), "{parties:?}");
}

#[test]
fn colombia_has_cow_code_100_and_its_government_belongs_to_it() {
    let colombia = rows(&["describe", "Colombia"]);
    assert!(colombia
        .iter()
        .any(|r| r["property"] == ent("cowCode") && r["value"] == "100"));
    let government = rows(&["describe", "Government of Colombia"]);
    assert!(government.iter().any(|r| r["property"]
        == "http://www.w3.org/ns/org#subOrganizationOf"
        && r["value"] == id("Colombia")
        && r["direction"] == "direct"));
}

#[test]
fn the_revised_final_agreement_has_its_guarantors_accompanying_countries_and_replaces_the_cartagena_agreement_per_ucdp_and_itself(
) {
    let facts = rows(&["describe", "revised Final Agreement"]);
    assert!(facts
        .iter()
        .all(|r| r["thing"] == id("FinalAgreement-2016-11-24")));
    let both = BTreeSet::from([graph("colombia-final-agreement"), graph("colombia-ucdp")]);
    for guarantor in ["Cuba", "Norway"] {
        assert_eq!(
            sources_of(&facts, &ent("guarantor"), &id(guarantor)),
            both,
            "{guarantor}"
        );
    }
    for accompanier in ["Chile", "Venezuela"] {
        assert_eq!(
            sources_of(&facts, &ent("accompanier"), &id(accompanier)),
            both,
            "{accompanier}"
        );
    }
    assert_eq!(
        sources_of(&facts, &ent("replaces"), &id("FinalAgreement-2016-09-26")),
        both
    );
    assert_eq!(sources_of(&facts, &ent("agreedOn"), "2016-11-24"), both);
    assert_eq!(
        sources_of(&facts, &ent("ucdpAgreementId"), "1487"),
        BTreeSet::from([graph("colombia-reference")])
    );
    assert_eq!(
        sources_of(&facts, &ent("verifier"), &id("UNMissionInColombia")),
        BTreeSet::from([graph("colombia-final-agreement")])
    );
    // It ends the armed conflict in its own words only.
    assert_eq!(
        sources_of(&facts, &ent("ends"), &id("ArmedConflict-Colombia-FARC-EP")),
        BTreeSet::from([graph("colombia-final-agreement")])
    );
    let parties: BTreeSet<String> = facts
        .iter()
        .filter(|r| r["property"] == ent("party"))
        .map(|r| r["value"].clone())
        .collect();
    assert_eq!(
        parties,
        BTreeSet::from([id("FARC-EP"), id("GovernmentOfColombia")])
    );
    let text = table(&["describe", "revised Final Agreement"]);
    assert!(
        text.starts_with(
            "Final Agreement to End the Armed Conflict and Build a Stable and Lasting Peace <https://entente.example/id/FinalAgreement-2016-11-24> — ent:PeaceAgreement"
        ),
        "{text}"
    );
}

#[test]
fn timochenko_and_timoleon_jimenez_are_rodrigo_londono_echeverri_commander_of_the_farc_ep() {
    for name in ["Timochenko", "Timoleón Jiménez", "timoleon jimenez"] {
        let facts = rows(&["describe", name]);
        assert!(!facts.is_empty(), "{name}");
        assert!(
            facts
                .iter()
                .all(|r| r["thing"] == id("RodrigoLondonoEcheverri")),
            "{name}"
        );
    }
    let facts = rows(&["describe", "Timochenko"]);
    assert_eq!(
        sources_of(&facts, "http://www.w3.org/ns/org#headOf", &id("FARC-EP")),
        BTreeSet::from([graph("colombia-final-agreement")])
    );
    // He signed both Final Agreements, for the FARC-EP.
    let signed: BTreeSet<String> = facts
        .iter()
        .filter(|r| r["property"] == ent("signatory") && r["direction"] == "inverse")
        .map(|r| r["value"].clone())
        .collect();
    assert_eq!(
        signed,
        BTreeSet::from([
            id("FinalAgreement-2016-09-26"),
            id("FinalAgreement-2016-11-24")
        ])
    );
    let text = table(&["describe", "Timochenko"]);
    assert!(
        text.starts_with(
            "Rodrigo Londoño Echeverri <https://entente.example/id/RodrigoLondonoEcheverri> — ent:Person"
        ),
        "{text}"
    );
}

#[test]
fn the_un_security_council_claims_resolutions_2261_and_2366_and_the_missions_they_set_up() {
    let claims = rows(&["claims", "--source", "UN Security Council"]);
    assert!(claims
        .iter()
        .all(|r| r["source"] == id("UNSecurityCouncil")));
    assert_eq!(
        column(&claims, "graph"),
        BTreeSet::from([graph("colombia-unsc-2261"), graph("colombia-unsc-2366")])
    );
    let fact = |subject: &str, predicate: &str, object: &str| {
        claims.iter().any(|r| {
            r["subject"] == id(subject) && r["predicate"] == ent(predicate) && r["object"] == object
        })
    };
    assert!(fact("Resolution-UNSC-2261", "resolutionNumber", "2261"));
    assert!(fact("Resolution-UNSC-2261", "date", "2016-01-25"));
    assert!(fact(
        "Resolution-UNSC-2261",
        "adoptedBy",
        &id("UNSecurityCouncil")
    ));
    assert!(fact(
        "UNMissionInColombia",
        "establishedBy",
        &id("Resolution-UNSC-2261")
    ));
    assert!(fact("Resolution-UNSC-2366", "resolutionNumber", "2366"));
    assert!(fact("Resolution-UNSC-2366", "date", "2017-07-10"));
    assert!(fact(
        "UNVerificationMissionInColombia",
        "establishedBy",
        &id("Resolution-UNSC-2366")
    ));
    // The missions are the UN's.
    for mission in ["UNMissionInColombia", "UNVerificationMissionInColombia"] {
        let facts = rows(&["describe", &id(mission)]);
        assert!(facts
            .iter()
            .any(|r| r["property"] == "http://www.w3.org/ns/org#unitOf"
                && r["value"] == id("UnitedNations")));
    }
}

#[test]
fn no_one_backs_or_is_allied_with_anyone_in_the_colombian_process() {
    let colombian = [
        "Government of Colombia",
        "FARC-EP",
        "Cuba",
        "Norway",
        "Chile",
        "Venezuela",
        "ELN",
        "Iván Márquez",
    ];
    for name in colombian {
        assert!(rows(&["backers", name]).is_empty(), "backers {name}");
        assert!(
            rows(&["backers", "--by", name]).is_empty(),
            "backed by {name}"
        );
        assert!(rows(&["allies", name]).is_empty(), "allies of {name}");
    }
    // The seed's answers stand.
    assert!(rows(&["allies", "Armenia"])
        .iter()
        .any(|r| r["ally"] == id("Russia")));
    // A guarantor is not a mediator either: the brief names none.
    assert!(rows(&["mediators"])
        .iter()
        .all(|r| r["agreement"] == id("Ceasefire-2023-09-20")));
}

#[test]
fn on_1_october_2016_the_cartagena_agreement_is_signed_and_not_rejected() {
    let status = status_on("2016-10-01");
    let cartagena = &status[&id("FinalAgreement-2016-09-26")];
    assert_eq!(cartagena["signed"], "true");
    assert_eq!(cartagena["rejected"], "false");
    assert_eq!(cartagena["replaced"], "false");
    // The plebiscite on it is still to come: signed, not in force.
    assert_eq!(cartagena["inForce"], "false");
    assert_eq!(cartagena["status"], "signed");
    // The revised agreement is not yet agreed; the earlier ones are in force.
    assert!(!status.contains_key(&id("FinalAgreement-2016-11-24")));
    for earlier in ["GeneralAgreement-2012-08-26", "Ceasefire-2016-06-23"] {
        assert_eq!(status[&id(earlier)]["status"], "in force", "{earlier}");
    }
}

#[test]
fn on_1_december_2016_the_cartagena_agreement_is_rejected_and_replaced_and_the_revised_one_in_force(
) {
    let status = status_on("2016-12-01");
    let cartagena = &status[&id("FinalAgreement-2016-09-26")];
    assert_eq!(cartagena["rejected"], "true");
    assert_eq!(cartagena["replaced"], "true");
    assert_eq!(cartagena["inForce"], "false");
    assert_eq!(cartagena["status"], "rejected, replaced");
    assert_eq!(cartagena["rejectedBy"], id("Plebiscite-2016-10-02"));
    assert_eq!(cartagena["replacedBy"], id("FinalAgreement-2016-11-24"));
    let revised = &status[&id("FinalAgreement-2016-11-24")];
    assert_eq!(revised["status"], "in force");
    assert_eq!(revised["inForce"], "true");
    assert_eq!(revised["agreedOn"], "2016-11-24");
}

#[test]
fn between_the_plebiscite_and_the_revised_agreement_the_cartagena_agreement_is_rejected_not_replaced(
) {
    let status = status_on("2016-10-02");
    let cartagena = &status[&id("FinalAgreement-2016-09-26")];
    assert_eq!(cartagena["status"], "rejected");
    assert_eq!(cartagena["replaced"], "false");
    // Signed on the 24th, endorsed by the House on the 30th: not in force
    // before the last endorsement.
    assert_eq!(
        status_on("2016-11-25")[&id("FinalAgreement-2016-11-24")]["status"],
        "signed"
    );
    assert_eq!(
        status_on("2016-11-30")[&id("FinalAgreement-2016-11-24")]["status"],
        "in force"
    );
}

#[test]
fn the_plebiscite_rejected_the_cartagena_agreement_with_50_21_percent_no() {
    let facts = rows(&["describe", "Cartagena agreement"]);
    assert_eq!(
        sources_of(&facts, &ent("rejectedBy"), &id("Plebiscite-2016-10-02")),
        BTreeSet::from([graph("colombia-registraduria-2016-10-02")])
    );
    assert!(facts
        .iter()
        .any(|r| r["property"] == ent("endedOn") && r["value"] == "2016-10-02"));
    let vote = rows(&["describe", &id("Plebiscite-2016-10-02")]);
    let value = |property: &str| {
        vote.iter()
            .find(|r| r["property"] == ent(property))
            .map(|r| r["value"].clone())
    };
    assert_eq!(value("shareNo").as_deref(), Some("50.21"));
    assert_eq!(value("shareYes").as_deref(), Some("49.78"));
    assert_eq!(value("date").as_deref(), Some("2016-10-02"));
    assert_eq!(value("question"), Some(id("FinalAgreement-2016-09-26")));
}

#[test]
fn third_parties_are_cuba_and_norway_guarantors_chile_and_venezuela_accompanying_cuba_host_and_the_un_mission_verifier_none_a_party(
) {
    let all = rows(&["query", "third-parties"]);
    let roles = |agreement: &str, role: &str| -> BTreeSet<String> {
        all.iter()
            .filter(|r| r["agreement"] == id(agreement) && r["role"] == role)
            .map(|r| r["thirdParty"].clone())
            .collect()
    };
    let revised = "FinalAgreement-2016-11-24";
    assert_eq!(
        roles(revised, "guarantor"),
        BTreeSet::from([id("Cuba"), id("Norway")])
    );
    assert_eq!(
        roles(revised, "accompanying country"),
        BTreeSet::from([id("Chile"), id("Venezuela")])
    );
    assert_eq!(
        roles(revised, "third-party signatory"),
        BTreeSet::from([id("Cuba"), id("Norway")])
    );
    assert_eq!(
        roles(revised, "verifier"),
        BTreeSet::from([id("UNMissionInColombia")])
    );
    assert_eq!(
        roles("Ceasefire-2016-06-23", "guarantor"),
        BTreeSet::from([id("Cuba"), id("Norway")])
    );
    // UCDP names no role for the General Agreement's third parties.
    assert_eq!(
        roles("GeneralAgreement-2012-08-26", "third party"),
        BTreeSet::from([id("Cuba"), id("Norway")])
    );
    // Havana hosts the talks; Oslo is where they opened, with no host named.
    assert_eq!(
        roles("Talks-Havana-2012-2016", "host"),
        BTreeSet::from([id("Cuba")])
    );
    assert!(all
        .iter()
        .all(|r| r["agreement"] != id("Talks-Oslo-2012-10-18")));
    assert!(all.iter().all(|r| r["source"].starts_with(GRAPH)));

    // Asked for one actor: Cuba's roles.
    let cuba = rows(&["query", "third-parties", "--param", "thirdParty=Cuba"]);
    assert_eq!(
        column(&cuba, "role"),
        BTreeSet::from(
            ["guarantor", "host", "third party", "third-party signatory"].map(String::from)
        )
    );

    // None of them is a party to anything.
    let parties: BTreeSet<String> = rows(&["query", "agreements"])
        .into_iter()
        .filter(|r| r["role"] == "party")
        .map(|r| r["actor"].clone())
        .collect();
    let third: BTreeSet<String> = column(&all, "thirdParty");
    assert!(
        parties.is_disjoint(&third),
        "{:?}",
        parties.intersection(&third)
    );
    assert!(parties.contains(&id("GovernmentOfColombia")) && parties.contains(&id("FARC-EP")));
}

#[test]
fn the_eln_is_not_involved_in_the_talks_with_the_farc_ep() {
    let facts = rows(&["describe", "ELN"]);
    let talks: BTreeSet<String> = facts
        .iter()
        .filter(|r| r["property"] == ent("notInvolved") && r["direction"] == "inverse")
        .map(|r| r["value"].clone())
        .collect();
    assert_eq!(
        talks,
        BTreeSet::from([id("Talks-Havana-2012-2016"), id("Talks-Oslo-2012-10-18")])
    );
    assert!(facts
        .iter()
        .all(|r| r["property"] != ent("participant") && r["property"] != ent("party")));
}

#[test]
fn marquez_is_hostile_to_the_government_from_29_august_2019_per_the_government_and_his_video() {
    let facts = rows(&[
        "describe",
        &id("Hostility-IvanMarquez-GovernmentOfColombia"),
    ]);
    let claimed_by = |property: &str, value: &str| sources_of(&facts, &ent(property), value);
    let two = BTreeSet::from([
        graph("colombia-government-2019-08-29"),
        graph("colombia-marquez-video-2019-08-29"),
    ]);
    assert_eq!(claimed_by("hostileActor", &id("IvanMarquez")), two);
    assert_eq!(
        claimed_by("hostileTarget", &id("GovernmentOfColombia")),
        two
    );
    assert_eq!(claimed_by("startDate", "2019-08-29"), two);
    let sources = rows(&[
        "query",
        "sources",
        "--param",
        "graph=g:colombia-marquez-video-2019-08-29",
    ]);
    assert_eq!(
        column(&sources, "attributedTo"),
        BTreeSet::from([id("IvanMarquez")])
    );
    // The alias without accents resolves too, to the head of the FARC-EP's team.
    let marquez = rows(&["describe", "Ivan Marquez"]);
    assert!(marquez
        .iter()
        .any(|r| r["property"] == "http://www.w3.org/ns/org#headOf"
            && r["value"] == id("NegotiatingTeam-FARC-EP")));
}

#[test]
fn santos_is_president_and_aronson_special_envoy_from_february_2015() {
    let offices = rows(&["query", "offices"]);
    let held = |person: &str| -> BTreeSet<String> {
        offices
            .iter()
            .filter(|r| r["person"] == id(person))
            .map(|r| r["post"].clone())
            .collect()
    };
    assert_eq!(
        held("JuanManuelSantos"),
        BTreeSet::from([id("PresidentOfColombia")])
    );
    assert_eq!(
        held("BernardAronson"),
        BTreeSet::from([id("USSpecialEnvoyForTheColombianPeaceProcess")])
    );
    // A month, not an invented day.
    let tenure = rows(&["query", "SELECT ?d (DATATYPE(?d) AS ?type) WHERE { id:Tenure-BernardAronson-USSpecialEnvoy ent:startDate ?d }"]);
    assert_eq!(tenure.len(), 1);
    assert_eq!(tenure[0]["d"], "2015-02");
    assert_eq!(
        tenure[0]["type"],
        "http://www.w3.org/2001/XMLSchema#gYearMonth"
    );
    let santos = rows(&["query", "SELECT ?start ?end WHERE { id:Tenure-JuanManuelSantos-PresidentOfColombia ent:startDate ?start ; ent:endDate ?end }"]);
    assert_eq!(santos[0]["start"], "2010-08-07");
    assert_eq!(santos[0]["end"], "2018-08-07");
}

#[test]
fn the_final_agreement_lists_six_points_point_3_as_ceasefire_laying_down_of_arms_and_reincorporation(
) {
    let provisions = rows(&[
        "query",
        "agreement-provisions",
        "--param",
        "agreement=revised Final Agreement",
    ]);
    assert!(provisions
        .iter()
        .all(|r| r["source"] == graph("colombia-final-agreement")));
    let numbers = rows(&["query", "SELECT ?provision ?n WHERE { id:FinalAgreement-2016-11-24 ent:provision ?provision . ?provision ent:pointNumber ?n }"]);
    assert_eq!(
        column(&numbers, "n"),
        BTreeSet::from(["1", "2", "3", "4", "5", "6"].map(String::from))
    );
    let point3: BTreeSet<String> = numbers
        .iter()
        .filter(|r| r["n"] == "3")
        .map(|r| r["provision"].clone())
        .collect();
    let kinds: BTreeSet<String> = provisions
        .iter()
        .filter(|r| point3.contains(&r["provision"]))
        .map(|r| r["kind"].clone())
        .collect();
    assert_eq!(
        kinds,
        BTreeSet::from([
            ent("CeasefireProvision"),
            ent("DDRProvision"),
            ent("DisarmamentProvision")
        ])
    );
    let binds = |provision: &str| -> BTreeSet<String> {
        provisions
            .iter()
            .filter(|r| r["provision"] == id(provision) && !r["binds"].is_empty())
            .map(|r| r["binds"].clone())
            .collect()
    };
    assert_eq!(
        binds("FinalAgreement-2016-11-24-Point3-Reincorporation"),
        BTreeSet::from([id("FARC-EP")])
    );
    assert_eq!(
        binds("FinalAgreement-2016-11-24-Point3-Ceasefire"),
        BTreeSet::from([id("FARC-EP"), id("GovernmentOfColombia")])
    );
    // The UN mission declared the laying down of arms complete.
    let declared = rows(&["query", "SELECT ?what ?where WHERE { GRAPH g:colombia-un-mission-2017-06-27 { ?statement ent:completes ?what ; ent:place ?where } }"]);
    assert_eq!(declared.len(), 1);
    assert_eq!(
        declared[0]["what"],
        id("FinalAgreement-2016-11-24-Point3-LayingDownOfArms")
    );
    assert_eq!(declared[0]["where"], id("Mesetas"));
}

#[test]
fn every_colombian_graph_is_a_bundle_attributed_to_a_source_and_derived_from_the_brief() {
    let bundles = rows(&[
        "query",
        "SELECT DISTINCT ?g ?who ?from ?label WHERE {
           GRAPH ?g { ?s ?p ?o }
           FILTER(STRSTARTS(STR(?g), STR(g:colombia)))
           OPTIONAL { ?g a prov:Bundle ; prov:wasAttributedTo ?who }
           OPTIONAL { ?g prov:wasDerivedFrom ?from }
           OPTIONAL { ?g skos:prefLabel ?label FILTER(LANG(?label) = 'en') }
         }",
    ]);
    assert!(column(&bundles, "g").len() >= 13, "{bundles:?}");
    for row in &bundles {
        assert!(!row["who"].is_empty(), "{row:?}");
        assert!(!row["label"].is_empty(), "{row:?}");
        assert_eq!(row["from"], id("ScenarioBrief-Colombia-2016"), "{row:?}");
    }
    let who = column(&bundles, "who");
    for source in [
        "GovernmentOfColombia",
        "FARC-EP",
        "UCDP",
        "UNSecurityCouncil",
        "UNMissionInColombia",
        "USDepartmentOfState",
        "RegistraduriaNacional",
        "NorwegianNobelCommittee",
        "CommonAlternativeRevolutionaryForce",
        "IvanMarquez",
        "EntenteCurators",
    ] {
        assert!(who.contains(&id(source)), "{source} is a source");
    }
    // The UCDP ids the brief gives, and no other.
    let ids = rows(&[
        "query",
        "SELECT ?a ?paid WHERE { ?a ent:ucdpAgreementId ?paid }",
    ]);
    let by_id: BTreeSet<(String, String)> = ids
        .iter()
        .map(|r| (r["paid"].clone(), r["a"].clone()))
        .collect();
    assert_eq!(
        by_id,
        BTreeSet::from([
            ("1447".to_owned(), id("GeneralAgreement-2012-08-26")),
            ("1487".to_owned(), id("FinalAgreement-2016-11-24")),
            ("1508".to_owned(), id("Ceasefire-2016-06-23")),
        ])
    );
    // The data loads without a complaint.
    entente()
        .args(["check"])
        .args(
            std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/data"))
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| {
                    p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with("colombia-") && n.ends_with(".trig"))
                }),
        )
        .assert()
        .success();
}

#[test]
fn marquez_reaches_santos_through_the_agreement_he_negotiated_and_is_hostile_again_in_2019() {
    let chain = |as_of: &str| {
        rows(&[
            "path",
            "Iván Márquez",
            "Juan Manuel Santos",
            "--as-of",
            as_of,
        ])
    };
    let peace = chain("2016-12-01");
    let relations: Vec<(&str, &str, &str)> = peace
        .iter()
        .map(|r| (r["from"].as_str(), r["relation"].as_str(), r["to"].as_str()))
        .collect();
    assert!(
        relations.contains(&("Iván Márquez", "acts for", "FARC-EP's negotiating team"))
            && relations.contains(&("FARC-EP", "agreement", "Juan Manuel Santos")),
        "{relations:?}"
    );
    assert!(
        peace.iter().all(|r| r["relation"] != "hostile"),
        "{peace:?}"
    );
    let rearmed = chain("2019-09-01");
    let hostile: Vec<&str> = rearmed
        .iter()
        .filter(|r| r["relation"] == "hostile")
        .map(|r| r["source"].as_str())
        .collect();
    assert!(
        hostile.iter().any(|s| s.contains("video")) && hostile.len() == 2,
        "both claims of his return to arms: {rearmed:?}"
    );
}

#[test]
fn the_colombian_camps_are_kept_apart_from_the_seeds() {
    let measures = rows(&["balance", "--around", "FARC-EP"]);
    let text: Vec<String> = measures
        .iter()
        .map(|r| format!("{}={}", r["measure"], r["value"]))
        .collect();
    let joined = text.join("\n");
    assert!(joined.contains("Government of Colombia"), "{joined}");
    for seed_actor in ["Azerbaijan", "Armenia", "Russia", "Turkey"] {
        assert!(!joined.contains(seed_actor), "{seed_actor} in {joined}");
    }
}

#[test]
fn mediators_with_roles_names_the_guarantors_and_accompanying_countries_of_the_final_agreement() {
    let roles = rows(&["mediators", "--roles", "id:FinalAgreement-2016-11-24"]);
    let by_role = |role: &str| -> BTreeSet<String> {
        roles
            .iter()
            .filter(|r| r["role"] == role)
            .map(|r| {
                r["thirdParty"]
                    .trim_start_matches("https://entente.example/id/")
                    .to_owned()
            })
            .collect()
    };
    assert_eq!(
        by_role("guarantor"),
        BTreeSet::from(["Cuba".into(), "Norway".into()])
    );
    assert_eq!(
        by_role("accompanying country"),
        BTreeSet::from(["Chile".into(), "Venezuela".into()])
    );
    // The plain question keeps its meaning: nobody mediated these talks.
    let output = entente()
        .args(["mediators", "id:FinalAgreement-2016-11-24"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "no mediator, no answer");
}
