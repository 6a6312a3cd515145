//! The data sets shipped in `datasets/`, imported all at once through
//! `entente import --all` (once for this test binary: it is the slow part),
//! and the questions they answer, each answer checked by hand against the
//! CSV files (and, where the test can, recounted from them here).

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::OnceLock;

type Record = HashMap<String, String>;

/// What `entente import --all -o FILE.trig` left: the TriG file (in a
/// folder that lives as long as the tests) and the summary it printed.
pub(crate) struct All {
    _dir: tempfile::TempDir,
    pub(crate) trig: PathBuf,
    summary: Vec<Record>,
}

/// `entente import --all -o FILE.trig`, run once for the test binary.
pub(crate) fn all() -> &'static All {
    static ALL: OnceLock<All> = OnceLock::new();
    ALL.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let trig = dir.path().join("all.trig");
        let output = crate::support::entente()
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["import", "--all", "--format", "csv", "-o"])
            .arg(&trig)
            .assert()
            .success();
        let summary = crate::support::csv_records(&output.get_output().stdout);
        All {
            _dir: dir,
            trig,
            summary,
        }
    })
}

/// `entente --with ALL ARGS --format csv`, as records.
pub(crate) fn ask(args: &[&str]) -> Vec<Record> {
    let trig = all().trig.to_str().unwrap().to_owned();
    let mut full = vec!["--with", trig.as_str()];
    full.extend_from_slice(args);
    crate::support::records(&full)
}

fn csv_rows(name: &str) -> Vec<csv::StringRecord> {
    let bytes = std::fs::read(crate::support::dataset(name)).unwrap();
    csv::Reader::from_reader(bytes.as_slice())
        .records()
        .map(Result::unwrap)
        .collect()
}

const ID: &str = "https://entente.example/id/";

#[test]
fn import_all_builds_every_shipped_dataset_with_a_summary_per_dataset() {
    let summary = &all().summary;
    let datasets: BTreeSet<&str> = summary.iter().map(|r| r["dataset"].as_str()).collect();
    // Every CSV of datasets/ with a mapping (COW-country-codes.csv and the
    // state-years of cow_system2016.csv have none: states2016.csv gives the
    // spells they repeat).
    assert_eq!(
        datasets,
        BTreeSet::from([
            "CWM.csv",
            "atop5_1a.csv",
            "atop5_1m.csv",
            "cameo2plover_2021.csv",
            "cow_alliance_v4.1_by_member.csv",
            "cow_majors2016.csv",
            "pax_nagorno_karabakh_subset.csv",
            "states2016.csv",
            "ucdp-peace-agreements-221.csv",
        ])
    );
    for row in summary {
        let dataset = &row["dataset"];
        // Rows as the csv crate counts them in the file (CWM is Mac Roman:
        // counted as bytes).
        let expected = csv::ReaderBuilder::new()
            .from_path(crate::support::dataset(dataset))
            .unwrap()
            .byte_records()
            .count();
        assert_eq!(row["rows"], expected.to_string(), "{dataset}");
        assert!(row["quads"].parse::<usize>().unwrap() > 0, "{dataset}");
        assert!(row["seconds"].parse::<f64>().is_ok(), "{dataset}");
    }
    // The states come first: the alliances find them.
    let order: Vec<&str> = summary.iter().map(|r| r["mapping"].as_str()).collect();
    let position = |m: &str| order.iter().position(|o| *o == m).unwrap();
    assert!(position("cow-states") < position("cow-alliances"));
    assert!(position("cow-states") < position("atop-members"));
    assert!(position("atop-alliances") < position("atop-members"));
    // Each graph is a prov:Bundle derived from a data set with a citation
    // and its terms; PA-X's says CC BY-NC-SA.
    let bundles = ask(&[
        "query",
        "SELECT ?g ?citation ?rights WHERE { ?g a prov:Bundle ; prov:wasDerivedFrom ?d . ?d dcterms:bibliographicCitation ?citation ; dcterms:rights ?rights }",
    ]);
    let graphs: BTreeSet<&str> = summary.iter().map(|r| r["graph"].as_str()).collect();
    for graph in &graphs {
        assert!(
            bundles.iter().any(|b| b["g"] == *graph),
            "{graph} has no bundle with citation and terms: {bundles:?}"
        );
    }
    assert!(bundles.iter().any(
        |b| b["g"].ends_with("pax-nagorno-karabakh") && b["rights"].contains("CC BY-NC-SA 4.0")
    ));
}

#[test]
fn states_land_on_the_seed_actors_by_their_cow_code() {
    // states2016.csv: 365 Russia, 371 Armenia, 373 Azerbaijan, 640 Turkey.
    let rows = ask(&[
        "query",
        "SELECT ?state ?code ?start WHERE { GRAPH g:cow-states-2016 { ?spell a ent:StateSystemMembership ; org:member ?state ; ent:startDate ?start . ?state ent:cowCode ?code } FILTER (?code IN ('365', '371', '373', '640')) } ORDER BY ?code ?start",
    ]);
    let got: Vec<(String, String, String)> = rows
        .iter()
        .map(|r| (r["state"].clone(), r["code"].clone(), r["start"].clone()))
        .collect();
    let expected: Vec<(String, String, String)> = [
        ("Russia", "365", "1816-01-01"),
        ("Armenia", "371", "1991-12-26"),
        ("Azerbaijan", "373", "1991-12-26"),
        ("Turkey", "640", "1816-01-01"),
    ]
    .iter()
    .map(|(s, c, d)| (format!("{ID}{s}"), (*c).to_owned(), (*d).to_owned()))
    .collect();
    assert_eq!(got, expected);
    // No second node for a code the seed knows.
    assert!(ask(&[
        "query",
        "SELECT ?x WHERE { ?x ent:cowCode '371' FILTER (?x != id:Armenia) }"
    ])
    .is_empty());
}

#[test]
fn cow_and_atop_disagree_on_azerbaijan_and_the_collective_security_treaty() {
    // atop5_1m.csv: 4220 (cow4id 350), member 373, phase 1, entered
    // 1993-09-24, exit 1999-04-20, no later phase. cow_alliance_v4.1_by_member.csv:
    // 350, ccode 373, member from 1992-05-15, no end (right-censored, 2012).
    let contested = ask(&["claims", "--contested"]);
    let row = contested
        .iter()
        .find(|r| r["fact"] == format!("{ID}atop-alliance-4220-member-373-1993-09-24"))
        .unwrap_or_else(|| panic!("{contested:?}"));
    assert_eq!(row["how"], "no exit");
    assert_eq!(row["assertedBy"], format!("{ID}ATOPProject"));
    assert_eq!(row["contestedBy"], format!("{ID}CorrelatesOfWarProject"));
    assert!(row["assertedIn"].ends_with("graph/atop-5.1"));
    assert!(row["contestedIn"].ends_with("graph/cow-alliances-4.1"));
    assert!(
        row["note"].contains("left https://entente.example/id/atop-alliance-4220 on 1999-04-20"),
        "{row:?}"
    );
    assert!(
        row["note"].contains("cow-alliance-350 since 1992-05-15"),
        "{row:?}"
    );
    // COW's data end in 2012: an ATOP exit after that (Uzbekistan left
    // 4220 on 2012-06-28, within; Venezuela left 3075 on 2015-07-14,
    // beyond) is no disagreement.
    assert!(contested
        .iter()
        .any(|r| r["fact"] == format!("{ID}atop-alliance-4220-member-704-2006-08-17")));
    assert!(!contested
        .iter()
        .any(|r| r["fact"].starts_with(&format!("{ID}atop-alliance-3075-member-101-"))));
    // Armenia stays in 4220 in both (a new phase from 2002, no exit): not contested.
    assert!(!contested
        .iter()
        .any(|r| r["fact"].starts_with(&format!("{ID}atop-alliance-4220-member-371-"))));
}

#[test]
fn atop_and_cow_date_shared_alliances_differently_and_agree_where_one_is_less_precise() {
    let contested = ask(&["claims", "--contested"]);
    let differ: Vec<_> = contested
        .iter()
        .filter(|r| r["how"] == "dates differ")
        .collect();
    let row = |fact: &str, property: &str| {
        differ
            .iter()
            .find(|r| r["fact"] == format!("{ID}{fact}") && r["note"].starts_with(property))
            .unwrap_or_else(|| panic!("{fact} {property}: {differ:?}"))
    };
    // atop5_1a.csv: 1140 (cow4id 26) begins 1850-10-11;
    // cow_alliance_v4.1_by_member.csv: 26 begins 12 October 1850.
    let start = row("atop-alliance-1140", "The start date");
    assert_eq!(start["assertedBy"], format!("{ID}ATOPProject"));
    assert_eq!(start["contestedBy"], format!("{ID}CorrelatesOfWarProject"));
    assert_eq!(
        start["note"],
        format!("The start date is 1850-10-11; the contesting source gives 1850-10-12 (for {ID}cow-alliance-26)")
    );
    // 1035 (cow4id 6) ends in December 1822 (no day); COW's 6 on 31 October.
    let end = row("atop-alliance-1035", "The end date");
    assert!(
        end["note"].contains("is 1822-12; the contesting source gives 1822-10-31"),
        "{end:?}"
    );
    // 2185 ends in October 1939 (no day), COW's 129 on 10 October 1939: the
    // same month, one date more precise, no disagreement.
    assert!(!differ
        .iter()
        .any(|r| r["fact"] == format!("{ID}atop-alliance-2185")
            && r["note"].starts_with("The end date")));
    // One row per pair of bundles, not two.
    assert!(!differ
        .iter()
        .any(|r| r["fact"] == format!("{ID}cow-alliance-26")));
}

#[test]
fn allies_of_armenia_from_1991_to_2012_from_cow_atop_and_the_news() {
    let allies = ask(&["allies", "Armenia", "--from", "1991", "--to", "2012"]);
    let of = |graph: &str| -> BTreeSet<String> {
        allies
            .iter()
            .filter(|r| r["source"].ends_with(graph))
            .map(|r| r["alliance"].trim_start_matches(ID).to_owned())
            .collect()
    };
    // cow_alliance_v4.1_by_member.csv, ccode 371: 349 (from 1995-02-10),
    // 350 (1992-05-15), 390 (1996-05-14), 411 (2010-08-20).
    assert_eq!(
        of("cow-alliances-4.1"),
        BTreeSet::from(
            [
                "cow-alliance-349",
                "cow-alliance-350",
                "cow-alliance-390",
                "cow-alliance-411"
            ]
            .map(str::to_owned)
        )
    );
    // atop5_1m.csv, member 371: every alliance Armenia entered by 2012.
    let atop_expected: BTreeSet<String> = csv_rows("atop5_1m.csv")
        .iter()
        .filter(|r| &r[3] == "371" && r[5].parse::<i32>().unwrap() <= 2012)
        .map(|r| format!("atop-alliance-{}", &r[0]))
        .collect();
    assert!(atop_expected.contains("atop-alliance-4220"));
    let atop_got = of("atop-5.1");
    // An ATOP alliance with Armenia as its only member in the file would
    // have no ally; every one here has another member.
    assert_eq!(atop_got, atop_expected);
    // The news claim, undated, beside them.
    assert_eq!(
        of("france24-map"),
        BTreeSet::from(["Alliance-Russia-Armenia".to_owned()])
    );
    // ATOP's types and phases: the Collective Security Treaty, phase 1.
    assert!(allies
        .iter()
        .any(|r| r["alliance"] == format!("{ID}atop-alliance-4220")
            && r["ally"] == format!("{ID}Russia")
            && r["type"].ends_with("#DefencePactType")
            && r["since"] == "1992-05-15"
            && r["until"] == "2002-10-07"));
    // --to 1993: only what Armenia was in by 1993 (COW 350; not 349, 390, 411).
    let early = ask(&["allies", "Armenia", "--from", "1991", "--to", "1993"]);
    let cow_early: BTreeSet<&str> = early
        .iter()
        .filter(|r| r["source"].ends_with("cow-alliances-4.1"))
        .map(|r| r["alliance"].as_str())
        .collect();
    assert_eq!(
        cow_early,
        BTreeSet::from([format!("{ID}cow-alliance-350").as_str()])
    );
    // --from 1998: ATOP 4130 (1991-12-29 to 1997-08-29) is out.
    let late = ask(&["allies", "Armenia", "--from", "1998", "--to", "2012"]);
    assert!(!late
        .iter()
        .any(|r| r["alliance"] == format!("{ID}atop-alliance-4130")));
    assert!(allies
        .iter()
        .any(|r| r["alliance"] == format!("{ID}atop-alliance-4130")));
}

#[test]
fn third_parties_most_often_in_ucdp_agreements() {
    let ranked = ask(&[
        "query",
        "third-parties-ranked",
        "--param",
        "source=<https://entente.example/graph/ucdp-peace-agreements-22.1>",
    ]);
    let top: Vec<(&str, &str)> = ranked
        .iter()
        .take(5)
        .map(|r| (r["name"].as_str(), r["agreements"].as_str()))
        .collect();
    // Counted by hand in ucdp-peace-agreements-221.csv: pa_3rd split at
    // commas, semicolons, new lines and "and", each agreement once.
    assert_eq!(
        top,
        [
            ("UN", "49"),
            ("AU", "21"),
            ("Algeria", "18"),
            ("ECOWAS", "16"),
            ("Norway", "15")
        ]
    );
    // Recounted here for every name from the CSV, with the mapping's rule.
    let split = regex::Regex::new(r"\s*(?:[,;\n]|\band\b)\s*").unwrap();
    let mut counts: HashMap<String, usize> = HashMap::new();
    let rows = csv_rows("ucdp-peace-agreements-221.csv");
    for row in &rows {
        let names: BTreeSet<&str> = split
            .split(&row[16])
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        for name in names {
            *counts.entry(name.to_owned()).or_default() += 1;
        }
    }
    assert_eq!(ranked.len(), counts.len());
    for r in &ranked {
        assert_eq!(
            r["agreements"],
            counts[&r["name"]].to_string(),
            "{}",
            r["name"]
        );
    }
    // The Colombian agreements land on the seed's (UCDP paid 1447).
    let colombia = ask(&[
        "query",
        "SELECT ?t WHERE { GRAPH g:ucdp-peace-agreements-22.1 { id:GeneralAgreement-2012-08-26 ent:thirdParty ?t } } ORDER BY ?t",
    ]);
    let names: Vec<&str> = colombia
        .iter()
        .map(|r| r["t"].trim_start_matches(ID))
        .collect();
    assert_eq!(
        names,
        [
            "ucdp-named-Colombia",
            "ucdp-named-Cuba",
            "ucdp-named-Norway"
        ]
    );
}

#[test]
fn the_nagorno_karabakh_agreements_of_pax_in_order() {
    let agreements = ask(&[
        "query",
        "agreements-in-order",
        "--param",
        "source=<https://entente.example/graph/pax-nagorno-karabakh>",
    ]);
    // pax_nagorno_karabakh_subset.csv: AgtId (col 5), Agt (7), Dat (8),
    // Stage (11), sorted by date then name.
    let mut expected: Vec<(String, String, String, String)> =
        csv_rows("pax_nagorno_karabakh_subset.csv")
            .iter()
            .map(|r| {
                (
                    r[8].to_owned(),
                    r[7].trim().to_owned(),
                    format!("{ID}pax-agreement-{}", &r[5]),
                    r[11].to_owned(),
                )
            })
            .collect();
    expected.sort();
    let got: Vec<(String, String, String, String)> = agreements
        .iter()
        .map(|r| {
            (
                r["date"].clone(),
                r["name"].trim().to_owned(),
                r["agreement"].clone(),
                r["stage"].clone(),
            )
        })
        .collect();
    assert_eq!(got.len(), 24);
    assert_eq!(got, expected);
    assert_eq!(got[0].1, "Zheleznovodsk Declaration");
    assert_eq!(got[0].0, "1991-09-23");
    assert_eq!(got[23].0, "2017-10-16");
    // All about UCDP conflict 388, as PA-X's UcdpCon says.
    assert!(agreements
        .iter()
        .all(|r| r["about"] == format!("{ID}ucdp-conflict-388")));
    // The Bishkek Protocol's third-party signature block, line by line.
    let lines = ask(&[
        "query",
        "SELECT ?line WHERE { ?s ent:signatureOf id:pax-agreement-310 ; ent:signedAs ent:thirdPartySignatory ; rdfs:label ?line }",
    ]);
    assert!(
        lines.iter().any(|r| r["line"] == "V. Kazimirov"),
        "{lines:?}"
    );
}

#[test]
fn cwm_names_read_as_mac_roman_and_partial_dates_stay_partial() {
    let rows = ask(&[
        "query",
        "SELECT ?name WHERE { GRAPH g:cwm-2014 { ?x skos:prefLabel ?name } FILTER (CONTAINS(?name, 'Gonçalves') || CONTAINS(?name, 'Chimères')) }",
    ]);
    assert!(rows.len() >= 2, "{rows:?}");
    // CWM.csv: episode with med.begins 11//1993 (Nagorno-Karabakh, the
    // Minsk Group): a month, never an invented day.
    let dates = ask(&[
        "query",
        "SELECT ?start (DATATYPE(?start) AS ?type) WHERE { GRAPH g:cwm-2014 { ?m a ent:Mediation ; ent:startDate ?start FILTER (STR(?start) = '1993-11') } }",
    ]);
    assert!(!dates.is_empty());
    assert!(
        dates.iter().all(|r| r["type"].ends_with("#gYearMonth")),
        "{dates:?}"
    );
    // A cell that is no date is quoted, not guessed.
    let notes = ask(&[
        "query",
        "SELECT ?note WHERE { GRAPH g:cwm-2014 { ?m rdfs:comment ?note FILTER (CONTAINS(?note, '5/8/97??')) } }",
    ]);
    assert_eq!(notes.len(), 1, "{notes:?}");
}
