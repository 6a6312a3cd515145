//! The question verbs on the seed conflict, through the command line, as a
//! user runs them. Answers are read from the W3C CSV results format.

use crate::support::{entente, failure, records as rows};

const ID: &str = "https://entente.example/id/";

fn id(local: &str) -> String {
    format!("{ID}{local}")
}

#[test]
fn mediators_names_the_russian_peacekeepers_for_the_ceasefire_of_20_september() {
    let all = rows(&["mediators"]);
    let row = all
        .iter()
        .find(|r| r["agreement"] == id("Ceasefire-2023-09-20"))
        .expect("the ceasefire is mediated");
    assert_eq!(row["mediator"], id("RussianPeacekeepingContingent"));
    assert_eq!(row["date"], "2023-09-20");
    assert!(
        row["source"].starts_with("https://entente.example/graph/"),
        "{row:?}"
    );

    // Asked from either side: by agreement, and by an alias of the mediator.
    let by_agreement = rows(&["mediators", "Ceasefire of 20 September 2023"]);
    assert_eq!(by_agreement.len(), 1);
    assert_eq!(
        by_agreement[0]["mediator"],
        id("RussianPeacekeepingContingent")
    );
    let by_mediator = rows(&["mediators", "russian peacekeepers"]);
    assert!(by_mediator
        .iter()
        .all(|r| r["mediator"] == id("RussianPeacekeepingContingent")));
    assert!(by_mediator
        .iter()
        .any(|r| r["agreement"] == id("Ceasefire-2023-09-20")));
    assert!(
        rows(&["mediators", "Turkey"]).is_empty(),
        "Turkey mediated nothing"
    );
    // The ceasefire was reached on the 20th: not yet on the 19th.
    assert!(rows(&["mediators", "--as-of", "2023-09-19"]).is_empty());
    assert_eq!(rows(&["mediators", "--as-of", "2023-09-20"]).len(), 1);
    assert!(failure(&["mediators", "--as-of", "20x1"]).contains("not a date"));
}

#[test]
fn armenia_backs_nagorno_karabakh_politically_economically_and_militarily() {
    let backers = rows(&["backers", "Artsakh"]);
    let mut kinds: Vec<&str> = backers
        .iter()
        .filter(|r| r["backer"] == id("Armenia") && r["backed"] == id("NagornoKarabakh"))
        .map(|r| r["kind"].rsplit('#').next().unwrap())
        .collect();
    kinds.sort();
    kinds.dedup();
    assert_eq!(
        kinds,
        ["EconomicSupport", "MilitarySupport", "PoliticalSupport"]
    );
    assert!(
        backers.iter().all(|r| !r["source"].is_empty()),
        "every backing says who claims it"
    );

    let by_armenia = rows(&["backers", "--by", "Yerevan"]);
    assert!(by_armenia.iter().all(|r| r["backer"] == id("Armenia")));
    assert!(!by_armenia.is_empty());
    let chains = rows(&["backers", "--transitive", "Nagorno-Karabakh"]);
    assert!(
        chains.iter().any(|r| r["backer"] == id("Armenia")),
        "{chains:?}"
    );
}

#[test]
fn turkey_is_azerbaijans_ally_and_russia_has_a_defence_pact_with_armenia() {
    let turkey = rows(&["allies", "Turkey"]);
    assert!(
        turkey.iter().any(|r| r["ally"] == id("Azerbaijan")),
        "{turkey:?}"
    );
    let azerbaijan = rows(&["allies", "Azeris"]);
    assert!(
        azerbaijan.iter().any(|r| r["ally"] == id("Turkey")),
        "{azerbaijan:?}"
    );
    let armenia = rows(&["allies", "Armenia"]);
    let pact = armenia
        .iter()
        .find(|r| r["ally"] == id("Russia"))
        .expect("Russia is Armenia's ally");
    assert!(pact["type"].to_lowercase().contains("defen"), "{pact:?}");
}

#[test]
fn describe_baku_is_azerbaijan() {
    let facts = rows(&["describe", "Baku"]);
    assert!(facts.iter().all(|r| r["thing"] == id("Azerbaijan")));
    assert!(facts
        .iter()
        .any(|r| r["value"] == "https://entente.example/ontology#State"));
    assert!(
        facts.iter().any(|r| r["value"] == "Baku"),
        "the alias is among the facts"
    );
    let table = entente()
        .args(["describe", "Baku", "--format", "table"])
        .output()
        .unwrap();
    let text = String::from_utf8(table.stdout).unwrap();
    assert!(
        text.starts_with("Azerbaijan <https://entente.example/id/Azerbaijan>"),
        "{text}"
    );
}

#[test]
fn contested_claims_are_the_reintegration_talks_and_the_armenian_units() {
    let contested = rows(&["claims", "--contested"]);
    // Baku asserts the Armenian units, Stepanakert's "remaining" troops imply
    // them, Yerevan denies both; Stepanakert omits the reintegration talks.
    assert_eq!(contested.len(), 3, "{contested:?}");
    let omits = contested
        .iter()
        .find(|r| r["how"] == "omits")
        .expect("an omission");
    assert!(omits["fact"].contains("ReintegrationTalks"), "{omits:?}");
    assert_eq!(omits["contestedBy"], id("NagornoKarabakhAuthorities"));
    let mut denied_for: Vec<&str> = contested
        .iter()
        .filter(|r| r["how"] == "denies")
        .inspect(|r| {
            assert_eq!(r["fact"], id("ArmenianUnitsInKarabakh"));
            assert_eq!(r["contestedBy"], id("Armenia"));
        })
        .map(|r| r["assertedBy"].as_str())
        .collect();
    denied_for.sort();
    assert_eq!(
        denied_for,
        [id("Azerbaijan"), id("NagornoKarabakhAuthorities")]
    );
    let stepanakert = rows(&["claims", "--contested", "--source", "Stepanakert"]);
    let mut hows: Vec<&str> = stepanakert.iter().map(|r| r["how"].as_str()).collect();
    hows.sort();
    assert_eq!(hows, ["denies", "omits"], "{stepanakert:?}");
    assert!(rows(&["claims", "--contested", "--source", "Turkey"]).is_empty());
}

#[test]
fn claims_by_source_follow_the_guardians_relay_of_stepanakert() {
    let claims = rows(&["claims", "--source", "The Guardian"]);
    assert!(!claims.is_empty());
    assert!(
        claims
            .iter()
            .all(|r| r["graph"].ends_with("stepanakert-statement-2023-09-20")),
        "{claims:?}"
    );
    assert!(claims.iter().any(|r| r["predicate"].ends_with("#provision")
        && r["object"].ends_with("DisbandmentOfDefenseArmy")));
}

#[test]
fn actors_by_kind() {
    let states: Vec<String> = rows(&["actors", "--kind", "state"])
        .into_iter()
        .map(|r| r["actor"].clone())
        .collect();
    // The seed's four and the Colombian peace process's six.
    let expected: Vec<String> = [
        "Armenia",
        "Azerbaijan",
        "Chile",
        "Colombia",
        "Cuba",
        "Norway",
        "Russia",
        "Turkey",
        "UnitedStates",
        "Venezuela",
    ]
    .map(id)
    .into();
    assert_eq!(states, expected);
    let de_facto = rows(&["actors", "--kind", "de facto state"]);
    assert_eq!(de_facto.len(), 1);
    assert_eq!(de_facto[0]["actor"], id("NagornoKarabakh"));
    assert!(de_facto[0]["aliases"].contains("Artsakh"));
}

#[test]
fn unknown_name_is_an_error_listing_the_closest_names() {
    let stderr = failure(&["describe", "Azerbijan"]);
    assert!(
        stderr.contains("no actor or agreement is named \"Azerbijan\""),
        "{stderr}"
    );
    assert!(stderr.contains("Azerbaijan"), "{stderr}");
}

#[test]
fn unknown_kind_lists_the_kinds() {
    let stderr = failure(&["actors", "--kind", "empire"]);
    assert!(
        stderr.contains("no kind named \"empire\"") && stderr.contains("DeFactoState"),
        "{stderr}"
    );
}

#[test]
fn malformed_sparql_shows_line_column_and_a_caret() {
    let stderr = failure(&[
        "query",
        "SELECT ?x WHERE {\n  ?x a ent:State .\n  FILTR(?x) }",
    ]);
    assert!(stderr.contains("invalid SPARQL at line 3"), "{stderr}");
    assert!(
        stderr.contains("  FILTR(?x) }\n"),
        "the offending line is shown: {stderr}"
    );
    assert!(stderr.contains('^'), "{stderr}");
}

#[test]
fn query_runs_sparql_text_named_queries_and_files_with_params() {
    let states = rows(&["query", "SELECT ?s WHERE { ?s a ent:State } ORDER BY ?s"]);
    assert_eq!(states.len(), 10, "the two conflicts' states");
    let named = rows(&["query", "allies", "--param", "actor=Turkey"]);
    assert!(named.iter().any(|r| r["ally"] == id("Azerbaijan")));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("parties.rq");
    std::fs::write(
        &file,
        "SELECT ?party WHERE { ?agreement ent:party ?party } ORDER BY ?party",
    )
    .unwrap();
    let parties = rows(&[
        "query",
        file.to_str().unwrap(),
        "--param",
        "agreement=Ceasefire of 20 September 2023",
    ]);
    let parties: Vec<&str> = parties.iter().map(|r| r["party"].as_str()).collect();
    assert!(parties.contains(&id("Azerbaijan").as_str()), "{parties:?}");
    assert!(!parties.contains(&id("Turkey").as_str()), "{parties:?}");
}

#[test]
fn query_prints_w3c_json_and_construct_as_turtle() {
    let output = entente()
        .args([
            "query",
            "ASK { id:Turkey ent:alliedWith id:Azerbaijan }",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["boolean"], true);
    let output = entente()
        .args([
            "query",
            "CONSTRUCT { ?a ent:backs ?b } WHERE { ?a ent:backs ?b }",
            "--format",
            "turtle",
        ])
        .output()
        .unwrap();
    let turtle = String::from_utf8(output.stdout).unwrap();
    assert!(
        turtle.contains("id:Armenia ent:backs id:NagornoKarabakh"),
        "{turtle}"
    );
}

#[test]
fn check_reports_file_line_and_column_of_a_syntax_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("broken.ttl");
    std::fs::write(
        &file,
        "@prefix ex: <http://example.org/> .\nex:a ex:p \"x\" ;; ?\n",
    )
    .unwrap();
    let stderr = failure(&["check", file.to_str().unwrap()]);
    assert!(
        stderr.contains("broken.ttl:2:18: unexpected character '?'"),
        "{stderr}"
    );
}

#[test]
fn check_names_an_undeclared_ent_term_and_where_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("typo.ttl");
    std::fs::write(
        &file,
        "@prefix ent: <https://entente.example/ontology#> .\n@prefix id: <https://entente.example/id/> .\nid:Turkey ent:mediatedBy id:Russia .\n",
    )
    .unwrap();
    let stderr = failure(&["check", file.to_str().unwrap()]);
    assert!(
        stderr.contains("typo.ttl:3:11: ent:mediatedBy is not declared"),
        "{stderr}"
    );
}

#[test]
fn load_without_a_persistent_store_explains_why_not() {
    assert!(failure(&["load", "x.ttl"]).contains("--store DIR"));
}

#[test]
fn exit_codes_say_answer_no_answer_or_error() {
    let code = |args: &[&str]| {
        crate::support::entente()
            .args(args)
            .output()
            .unwrap()
            .status
            .code()
    };
    assert_eq!(code(&["mediators"]), Some(0), "an answer");
    assert_eq!(
        code(&["mediators", "--as-of", "1900"]),
        Some(1),
        "no solution"
    );
    assert_eq!(
        code(&["path", "Turkey", "Artsakh", "--relations", "talks"]),
        Some(1),
        "no chain"
    );
    assert_eq!(
        code(&["describe", "Nowhere-at-all"]),
        Some(2),
        "an unknown name"
    );
    assert_eq!(
        code(&["mediators", "--as-of", "2023-13-45"]),
        Some(2),
        "an impossible date"
    );
    assert_eq!(
        code(&["influence", "--format", "xml"]),
        Some(2),
        "a format an analysis has not"
    );
}

#[test]
fn a_closed_pipe_ends_quietly_with_exit_0() {
    for args in [
        &["query", "--list"][..],
        &["-f", "table", "describe", "Baku"],
        &["influence", "-f", "table"],
        &["mediators", "-f", "json"],
    ] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("entente"))
            .args(args)
            .env_remove("ENTENTE_STORE")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take()); // the reader goes away before any answer
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}

#[test]
fn completions_and_man_page_come_from_the_definitions() {
    let out = crate::support::entente()
        .args(["completions", "bash"])
        .output()
        .unwrap();
    let script = String::from_utf8(out.stdout).unwrap();
    assert!(
        script.contains("mediators") && script.contains("--as-of"),
        "{script}"
    );
    let out = crate::support::entente().arg("man").output().unwrap();
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(
        page.starts_with(".ie") && page.contains(".TH entente 1"),
        "{page}"
    );
}

#[test]
fn a_full_stderr_loses_the_message_not_the_exit_code() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        return; // not Linux
    };
    let status = std::process::Command::new(assert_cmd::cargo::cargo_bin("entente"))
        .args(["describe", "Nowhere-at-all"])
        .env_remove("ENTENTE_STORE")
        .stdout(std::process::Stdio::null())
        .stderr(full)
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(2), "an error, not a panic (101)");
}

#[test]
fn source_may_be_a_claim_bundle_by_its_graph_name() {
    let claims = rows(&["claims", "--source", "g:france24-map"]);
    assert!(!claims.is_empty());
    assert!(
        claims
            .iter()
            .all(|r| r["graph"] == "https://entente.example/graph/france24-map"),
        "{claims:?}"
    );
    let hops = rows(&["path", "Russia", "Armenia", "--source", "g:france24-map"]);
    assert!(
        hops.iter().all(|r| r["source"] == "France 24 map caption"),
        "{hops:?}"
    );
    assert!(!hops.is_empty());
}

#[test]
fn deeply_nested_sparql_is_refused_with_its_place_on_every_query_path() {
    let dir = tempfile::tempdir().unwrap();
    let deep = dir.path().join("deep.rq");
    let text = format!(
        "SELECT * WHERE {{ FILTER({}1{}) }}",
        "(".repeat(5000),
        ")".repeat(5000)
    );
    std::fs::write(&deep, &text).unwrap();
    let csv = crate::support::dataset("cow_alliance_v4.1_by_member.csv");
    let deep_arg = deep.to_str().unwrap();
    for args in [
        vec!["query", deep_arg],
        vec!["influence", "--view", deep_arg],
        vec!["dot", "--query", deep_arg],
        vec!["import", "--mapping", deep_arg, csv.to_str().unwrap()],
    ] {
        let output = entente().args(&args).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("line 1, column") && stderr.contains("nested deeper than"),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn a_runaway_query_ends_at_its_timeout_with_a_clear_message() {
    let all = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }";
    for format in ["csv", "table"] {
        let output = entente()
            .args(["query", all, "--timeout", "0.5", "--format", format])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("ran out of time after 0.5 s"), "{stderr}");
    }
    // An aggregate the engine does not interrupt: the watchdog ends it (a
    // guard kills the process if it ever hangs, and the exit code says so).
    let count = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }";
    let output = entente()
        .args(["query", count, "--timeout", "0.5"])
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let stderr = failure(&["mediators", "--timeout", "NaN"]);
    assert!(
        stderr.contains("not a positive number of seconds"),
        "{stderr}"
    );
}

/// Oxigraph's engine collects a sort's rows in memory with no bound of its
/// own (this one grew to 9.9 GB in 30 s): past `--max-memory`, or near the
/// address space `ulimit -v` gives, the command stops with a message
/// instead of filling the machine or aborting on a failed allocation.
#[test]
fn a_query_past_the_memory_bound_stops_with_a_clear_message() {
    let sort = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a";
    let output = entente()
        .args(["--max-memory", "300", "query", sort])
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("needed more than 300 MiB of memory"),
        "{stderr}"
    );
    let output = crate::support::entente_within(1 << 30)
        .args(["query", sort])
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("half the address space (ulimit -v)"),
        "{stderr}"
    );
    // A bound the answer fits in changes nothing.
    let output = entente()
        .args(["--max-memory", "300", "allies", "Armenia"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let stderr = failure(&["--max-memory", "0", "actors"]);
    assert!(stderr.contains("--max-memory"), "{stderr}");
}

/// SPARQL given as text is "the query on the command line" in its
/// messages, not "the query query".
#[test]
fn messages_about_sparql_text_say_it_came_from_the_command_line() {
    let stderr = failure(&["query", "SELECT * WHERE { ?s ?p ) }"]);
    assert!(
        stderr.contains("in the query on the command line: invalid SPARQL at line 1, column 18"),
        "{stderr}"
    );
    let stderr = failure(&["query", "SELECT * WHERE { ?s ?p ?o }", "--param", "x=1"]);
    assert!(
        stderr.contains("the query on the command line has no parameter \"x\""),
        "{stderr}"
    );
    let output = entente()
        .args(["query", "SELECT * WHERE { <urn:nothing> ?p ?o }"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("the query on the command line matched nothing"),
        "{stderr}"
    );
}

#[test]
fn labels_from_data_cannot_drive_the_terminal_or_stall_a_table() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("evil.ttl");
    let long = "L".repeat(1_000_000);
    std::fs::write(
        &data,
        format!(
            "@prefix ent: <https://entente.example/ontology#> .\n\
             @prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n\
             <https://entente.example/id/Evil> a ent:Actor ;\n\
               skos:prefLabel \"Evil\\u001B]0;pwned\\u0007\\u001B[31mRed\\u202Etxet\"@en .\n\
             <https://entente.example/id/Long> a ent:Actor ; skos:prefLabel \"{long}\"@en .\n"
        ),
    )
    .unwrap();
    let with = data.to_str().unwrap();
    let output = entente()
        .args(["--with", with, "actors", "--format", "table"])
        .output()
        .unwrap();
    let table = String::from_utf8(output.stdout).unwrap();
    assert!(output.status.success());
    assert!(table.contains("Red"), "the label is shown");
    assert!(
        !table.contains('\u{1b}') && !table.contains('\u{202e}'),
        "{table:.300}"
    );
    assert!(
        table.len() < 200_000,
        "long cells are cut: {} bytes",
        table.len()
    );
    let machine = rows(&["--with", with, "actors"]);
    assert!(
        machine.iter().any(|r| r["name"] == long),
        "the machine formats keep the full value"
    );
    let stderr = failure(&["--with", with, "describe", "Evi"]);
    assert!(!stderr.contains('\u{1b}'), "{stderr}");
}

#[test]
fn xml_results_stay_well_formed_with_control_characters_in_labels() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("controls.ttl");
    std::fs::write(
        &data,
        "@prefix ent: <https://entente.example/ontology#> .\n\
         @prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n\
         <https://entente.example/id/Evil> a ent:Actor ; skos:prefLabel \"Evil\\u001B[31mRed\\u0001\"@en .\n",
    )
    .unwrap();
    let output = entente()
        .arg("--with")
        .arg(&data)
        .args([
            "query",
            "SELECT ?l WHERE { <https://entente.example/id/Evil> skos:prefLabel ?l }",
            "--format",
            "xml",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    // XML 1.0 allows no C0 control but tab, newline and carriage return.
    assert!(
        !output
            .stdout
            .iter()
            .any(|b| *b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    let xml = String::from_utf8(output.stdout).unwrap();
    assert!(
        xml.contains("Evil\u{FFFD}[31mRed\u{FFFD}</literal>"),
        "{xml}"
    );
}
