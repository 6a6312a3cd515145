//! `entente reconcile DATASET` on the shipped data sets: the seed's states
//! and the Colombian agreements land on the IRIs of `data/`, names link to
//! the actors known there, the rest is listed with its closest candidates,
//! and the links file loads.

use crate::datasets::{all, ask};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Mutex, OnceLock};

const ID: &str = "https://entente.example/id/";

type Links = BTreeMap<String, Vec<(String, String, String)>>;

/// `entente --with ALL reconcile DATASET --links`: item → its links as
/// (link, thing, how), run once per data set for the test binary.
fn links(dataset: &str) -> Links {
    static RUNS: OnceLock<Mutex<HashMap<String, Links>>> = OnceLock::new();
    let runs = RUNS.get_or_init(Default::default);
    if let Some(found) = runs.lock().unwrap().get(dataset) {
        return found.clone();
    }
    let mut found = Links::new();
    for r in ask(&["reconcile", dataset, "--links"]) {
        found.entry(r["item"].clone()).or_default().push((
            r["link"].clone(),
            r["thing"].clone(),
            r["how"].clone(),
        ));
    }
    runs.lock()
        .unwrap()
        .insert(dataset.to_owned(), found.clone());
    found
}

#[test]
fn reconcile_ucdp_links_the_colombian_actors_and_third_parties_to_the_seed() {
    let links = links("ucdp-peace-agreements");
    // UCDP actor 17 is "Government of Colombia" (paid 1447, 1508, 1487):
    // data/colombia-reference.trig's id:GovernmentOfColombia, by its label.
    assert_eq!(
        links[&format!("{ID}ucdp-actor-17")],
        [(
            "skos:exactMatch".to_owned(),
            format!("{ID}GovernmentOfColombia"),
            "same name \"Government of Colombia\"".to_owned()
        )]
    );
    // pa_3rd "Cuba", "Norway" (1447, 1508), "Chile", "Venezuela" (1487):
    // the seed's states of those names (which win over CWM's "Cuba"…).
    for state in ["Cuba", "Norway", "Chile", "Venezuela"] {
        let found = &links[&format!("{ID}ucdp-named-{state}")];
        assert_eq!(found.len(), 1, "{state}: {found:?}");
        assert_eq!(found[0].0, "skos:exactMatch");
        assert_eq!(found[0].1, format!("{ID}{state}"), "{state}");
    }
    // Every link goes to a thing other than the item.
    assert!(links
        .iter()
        .all(|(item, found)| found.iter().all(|(_, thing, _)| item != thing)));
}

#[test]
fn reconcile_lists_the_unmatched_with_their_closest_candidates() {
    let rows = ask(&["reconcile", "ucdp-peace-agreements"]);
    assert!(!rows.is_empty());
    // Nothing is both linked and unmatched; each row names its kind.
    let linked: BTreeSet<String> = links("ucdp-peace-agreements").into_keys().collect();
    for row in &rows {
        assert!(!linked.contains(&row["item"]), "{row:?}");
        assert!(
            ["actor", "agreement", "armed conflict"]
                .iter()
                .any(|k| row["kind"].starts_with(k)),
            "{row:?}"
        );
        // The closest names and their IRIs go together.
        let names = row["closest"].split("; ").filter(|s| !s.is_empty()).count();
        let iris = row["closest IRIs"]
            .split(' ')
            .filter(|s| !s.is_empty())
            .count();
        assert_eq!(names, iris, "{row:?}");
    }
    // The three Colombian agreements are not among them: the mapping put
    // them on the seed's IRIs (data/colombia-reference.trig's
    // ent:ucdpAgreementId 1447, 1508, 1487).
    let unmatched: BTreeSet<&str> = rows.iter().map(|r| r["item"].as_str()).collect();
    for seed in [
        "GeneralAgreement-2012-08-26",
        "Ceasefire-2016-06-23",
        "FinalAgreement-2016-11-24",
    ] {
        assert!(!unmatched.contains(format!("{ID}{seed}").as_str()));
    }
    for paid in ["1447", "1508", "1487"] {
        assert!(!unmatched.contains(format!("{ID}ucdp-agreement-{paid}").as_str()));
    }
}

#[test]
fn reconcile_cow_states_land_the_seed_states_by_cow_code() {
    // states2016.csv: Armenia 371, Azerbaijan 373, Russia 365, Turkey 640,
    // Colombia 100 are the seed's id:… (data/reference.trig's ent:cowCode);
    // they are neither linked nor unmatched: they are the same node.
    let rows = ask(&["reconcile", "cow-states"]);
    let listed: BTreeSet<&str> = rows.iter().map(|r| r["item"].as_str()).collect();
    let linked = links("cow-states");
    for state in ["Armenia", "Azerbaijan", "Russia", "Turkey", "Colombia"] {
        let iri = format!("{ID}{state}");
        assert!(!listed.contains(iri.as_str()), "{state}");
        assert!(!linked.contains_key(&iri), "{state}");
    }
    // Other COW states link to the seed's states of the same name (Cuba is
    // COW 40, id:cow-state-40, and the seed's id:Cuba).
    assert_eq!(
        linked[&format!("{ID}cow-state-40")][0].1,
        format!("{ID}Cuba")
    );
    // Without a seed state of the name, the same name in other data sets:
    // COW's France (220) is CWM's and UCDP's "France".
    let france: BTreeSet<&str> = linked[&format!("{ID}cow-state-220")]
        .iter()
        .map(|(_, thing, _)| thing.as_str())
        .collect();
    assert_eq!(
        france,
        BTreeSet::from([
            format!("{ID}cwm-named-France").as_str(),
            format!("{ID}ucdp-named-France").as_str()
        ])
    );
}

#[test]
fn reconcile_pax_has_no_ucdp_cross_references_in_the_shipped_subset() {
    // UcdpAgr is empty in every row of the shipped subset: no agreement can
    // be linked by it (and none of its 24 agreements, 1991-2017, is the
    // seed's ceasefire of 2023).
    let rows = csv::Reader::from_path(crate::support::dataset("pax_nagorno_karabakh_subset.csv"))
        .unwrap()
        .into_deserialize::<BTreeMap<String, String>>()
        .map(Result::unwrap)
        .collect::<Vec<_>>();
    assert_eq!(rows.len(), 24);
    assert!(rows.iter().all(|r| r["UcdpAgr"].trim().is_empty()));
    let links = links("pax-nagorno-karabakh");
    assert!(links
        .values()
        .flatten()
        .all(|(_, _, how)| !how.contains("ucdpAgreementId")));
    let unmatched = ask(&["reconcile", "pax-nagorno-karabakh"]);
    let agreements = unmatched
        .iter()
        .filter(|r| r["kind"].starts_with("agreement"))
        .count();
    assert_eq!(agreements, 24);
}

#[test]
fn reconcile_writes_links_a_user_can_load() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ucdp-links.trig");
    let trig = all().trig.to_str().unwrap().to_owned();
    crate::support::entente()
        .args([
            "--with",
            &trig,
            "reconcile",
            "ucdp-peace-agreements",
            "--links",
            "-o",
        ])
        .arg(&file)
        .args(["--format", "csv"])
        .assert()
        .success();
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("<http://www.w3.org/ns/prov#Bundle>"));
    // Loaded beside the data, the links graph is one named graph whose
    // bundle says how the links were made, and holds every link.
    let file = file.to_str().unwrap().to_owned();
    let counted = crate::support::records(&[
        "--with",
        &trig,
        "--with",
        &file,
        "query",
        "SELECT (COUNT(*) AS ?links) WHERE { GRAPH g:links-ucdp-peace-agreements-22.1 { ?a owl:sameAs|skos:exactMatch ?b } g:links-ucdp-peace-agreements-22.1 a prov:Bundle ; rdfs:comment ?how }",
    ]);
    let expected: usize = links("ucdp-peace-agreements").values().map(Vec::len).sum();
    assert!(expected > 0);
    assert_eq!(counted[0]["links"], expected.to_string());
    // And `entente check` finds nothing wrong with it.
    let check = crate::support::entente()
        .args(["check", &file])
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
}

#[test]
fn reconcile_an_unknown_dataset_names_the_shipped_ones() {
    let message = crate::support::failure(&["reconcile", "ucdp"]);
    assert!(message.contains("ucdp-peace-agreements"), "{message}");
}

#[test]
fn a_name_shared_with_data_sets_is_the_seed_actor_once_their_links_are_loaded() {
    let trig = all().trig.to_str().unwrap().to_owned();
    // Without links, "Russia" is the seed's state, CWM's mediator and
    // UCDP's third party: three things.
    let message = crate::support::failure(&["--with", &trig, "describe", "Russia"]);
    assert!(message.contains("ambiguous"), "{message}");
    assert!(message.contains("id:cwm-named-Russia"), "{message}");
    // With the links `entente reconcile` writes for both, the one thing
    // the others are linked to.
    let dir = tempfile::tempdir().unwrap();
    let mut with = vec![trig.clone()];
    for dataset in ["cwm", "ucdp-peace-agreements"] {
        let file = dir.path().join(format!("{dataset}.trig"));
        crate::support::entente()
            .args(["--with", &trig, "reconcile", dataset, "-o"])
            .arg(&file)
            .assert()
            .success();
        with.push(file.to_str().unwrap().to_owned());
    }
    let with = with.join(",");
    for (name, seed) in [
        ("Russia", "Russia"),
        ("Turkey", "Turkey"),
        ("Colombia", "Colombia"),
    ] {
        let rows = crate::support::records(&["--with", &with, "describe", name]);
        let things: BTreeSet<&str> = rows.iter().map(|r| r["thing"].as_str()).collect();
        assert_eq!(
            things,
            BTreeSet::from([format!("{ID}{seed}").as_str()]),
            "{name}"
        );
    }
}
