//! `entente timeline NAME [--from --to]`: one actor's or conflict's dated
//! facts in date order, each with its source; on the seed (answers read off
//! `data/*.trig` by hand) and after `import --all` (recounted from the CSV).

use crate::datasets::ask;
use crate::support::records;
use std::collections::{BTreeSet, HashMap};

type Record = HashMap<String, String>;

const ID: &str = "https://entente.example/id/";
const ENT: &str = "https://entente.example/ontology#";
const G: &str = "https://entente.example/graph/";

fn short(iri: &str) -> String {
    [ID, ENT, G, "http://www.w3.org/ns/org#"]
        .iter()
        .find_map(|ns| iri.strip_prefix(ns))
        .unwrap_or(iri)
        .to_owned()
}

/// (date, role, item, what the date marks, source) of each row, prefixes cut.
fn facts(rows: &[Record]) -> Vec<(String, String, String, String, String)> {
    rows.iter()
        .map(|r| {
            (
                r["date"].clone(),
                short(&r["role"]),
                short(&r["item"]),
                short(&r["marks"]),
                short(&r["source"]),
            )
        })
        .collect()
}

fn owned(rows: &[(&str, &str, &str, &str, &str)]) -> Vec<(String, String, String, String, String)> {
    rows.iter()
        .map(|(a, b, c, d, e)| {
            (
                (*a).into(),
                (*b).into(),
                (*c).into(),
                (*d).into(),
                (*e).into(),
            )
        })
        .collect()
}

#[test]
fn timeline_of_azerbaijan_lists_its_dated_events_and_agreements_in_order_with_sources() {
    let rows = records(&["timeline", "Baku"]);
    // data/article.trig: the 2020 war (belligerent, start and end "2020"),
    // the blockade since 2022-12, the offensive of 2023-09-19 (attacker),
    // the ceasefire (party; agreed 2023-09-20, in force 13:00 +04:00);
    // data/joint.trig: the Yevlakh talks of 2023-09-21 (participant). Its
    // undated claims (accusation, demand) have no place in a timeline.
    assert_eq!(
        facts(&rows),
        owned(&[
            ("2020", "belligerent", "War-2020", "endDate", "article"),
            ("2020", "belligerent", "War-2020", "startDate", "article"),
            (
                "2022-12",
                "blockader",
                "Blockade-2022-12",
                "startDate",
                "article"
            ),
            (
                "2023-09-19",
                "attacker",
                "Offensive-2023-09-19",
                "date",
                "article"
            ),
            (
                "2023-09-20",
                "party",
                "Ceasefire-2023-09-20",
                "agreedOn",
                "article"
            ),
            (
                "2023-09-20T13:00:00+04:00",
                "party",
                "Ceasefire-2023-09-20",
                "inForceFrom",
                "article"
            ),
            (
                "2023-09-21",
                "participant",
                "Talks-Yevlakh-2023-09-21",
                "date",
                "both-sides-officials-2023-09-20"
            ),
        ])
    );
    // A table names each source by its bundle's label (data/provenance.trig).
    let table = crate::support::table(&["timeline", "Baku"]);
    assert!(
        table.contains("Officials of both sides, 20 Sep 2023"),
        "{table}"
    );
    assert!(rows
        .iter()
        .all(|r| r["subject"] == format!("{ID}Azerbaijan")));
}

#[test]
fn timeline_from_and_to_cut_by_the_dates_precision() {
    // --from 2023-09 keeps the September days (and the dateTime), drops
    // 2020 and 2022-12; --to 2023-09-20 drops the talks of the 21st.
    let rows = records(&[
        "timeline",
        "Azerbaijan",
        "--from",
        "2023-09",
        "--to",
        "2023-09-20",
    ]);
    let dates: Vec<&str> = rows.iter().map(|r| r["date"].as_str()).collect();
    assert_eq!(
        dates,
        ["2023-09-19", "2023-09-20", "2023-09-20T13:00:00+04:00"]
    );
    // A year counts whole: --to 2020 keeps the war of "2020" and nothing after.
    let rows = records(&["timeline", "Azerbaijan", "--to", "2020"]);
    assert_eq!(
        rows.iter()
            .map(|r| short(&r["item"]))
            .collect::<BTreeSet<_>>(),
        BTreeSet::from(["War-2020".to_owned()])
    );
    // A date that is not one is refused before any work.
    let message = crate::support::failure(&["timeline", "Azerbaijan", "--from", "2023-13"]);
    assert!(message.contains("2023-13"), "{message}");
}

#[test]
fn timeline_of_a_conflict_lists_the_agreements_about_it() {
    // data/colombia-final-agreement.trig: the Final Agreement of
    // 2016-11-24 ends the armed conflict (ent:ends), as that graph and the
    // UCDP extract (data/colombia-ucdp.trig) date it.
    let rows = records(&["timeline", "id:ArmedConflict-Colombia-FARC-EP"]);
    let found: BTreeSet<(String, String, String)> = rows
        .iter()
        .map(|r| (r["date"].clone(), short(&r["role"]), short(&r["item"])))
        .collect();
    assert!(
        found.contains(&(
            "2016-11-24".into(),
            "ends".into(),
            "FinalAgreement-2016-11-24".into()
        )),
        "{found:?}"
    );
    assert!(rows.windows(2).all(|w| w[0]["date"] <= w[1]["date"]));
}

#[test]
fn timeline_of_armenia_after_import_all_has_its_cow_and_atop_alliance_spells() {
    let rows = ask(&["timeline", "id:Armenia", "--from", "1991", "--to", "2012"]);
    // Every membership spell of Armenia (COW code 371) that begins in
    // 1991-2012, recounted from the CSV: (alliance, start day).
    let mut expected = BTreeSet::new();
    let cow = csv::Reader::from_path(crate::support::dataset("cow_alliance_v4.1_by_member.csv"))
        .unwrap()
        .into_records()
        .map(Result::unwrap)
        .filter(|r| &r[1] == "371")
        .map(|r| {
            (
                format!("cow-alliance-{}", &r[0]),
                format!("{}-{:0>2}-{:0>2}", &r[12], &r[11], &r[10]),
            )
        });
    expected.extend(cow);
    let atop = csv::Reader::from_path(crate::support::dataset("atop5_1m.csv"))
        .unwrap()
        .into_records()
        .map(Result::unwrap)
        .filter(|r| &r[3] == "371")
        .map(|r| {
            (
                format!("atop-alliance-{}", &r[0]),
                format!("{}-{:0>2}-{:0>2}", &r[5], &r[6], &r[7]),
            )
        });
    expected.extend(atop);
    expected.retain(|(_, day)| ("1991".."2013").contains(&day.as_str()));
    assert!(expected.len() >= 15, "{expected:?}");
    let starts: BTreeSet<(String, String)> = rows
        .iter()
        .filter(|r| short(&r["marks"]) == "startDate" && short(&r["role"]) == "member")
        .filter(|r| !r["of"].is_empty())
        .map(|r| (short(&r["of"]), r["date"].clone()))
        .collect();
    assert_eq!(starts, expected);
    // Each from its data set's graph; the Russia–Armenia pact of 2010 (COW 411).
    let pact = rows
        .iter()
        .find(|r| r["of"] == format!("{ID}cow-alliance-411"))
        .expect("COW alliance 411");
    assert_eq!(pact["date"], "2010-08-20");
    assert_eq!(pact["source"], format!("{G}cow-alliances-4.1"));
    assert!(rows.iter().all(|r| !r["source"].is_empty()));
    // ATOP's exits fall in the period too (4130 in 1997, 4462 in 2001, 4220 in 2002).
    let exits: BTreeSet<(String, String)> = rows
        .iter()
        .filter(|r| short(&r["marks"]) == "endDate" && r["source"] == format!("{G}atop-5.1"))
        .map(|r| (short(&r["of"]), r["date"].clone()))
        .collect();
    assert_eq!(
        exits,
        BTreeSet::from([
            ("atop-alliance-4130".into(), "1997-08-29".into()),
            ("atop-alliance-4462".into(), "2001-10-23".into()),
            ("atop-alliance-4220".into(), "2002-10-07".into()),
        ])
    );
    // Its state-system spell (states2016.csv: Armenia from 1991-12-26).
    assert!(rows
        .iter()
        .any(|r| r["date"] == "1991-12-26" && r["source"] == format!("{G}cow-states-2016")));
    // Nothing outside the period.
    assert!(rows
        .iter()
        .all(|r| ("1991".."2013").contains(&&r["date"][..4])));
}
