//! `--endpoint URL`: the same questions asked of SPARQL servers over the
//! protocol give the embedded store's answers (`tests/answers/`, the
//! embedded ones). `entente serve` is started here; Oxigraph's server and
//! Virtuoso are started by `.ci/servers` (run by `.ci/run`), which exports
//! `ENTENTE_TEST_OXIGRAPH` and `ENTENTE_TEST_VIRTUOSO` (their query URLs).
//! Without them a test says it skipped, unless `CI` is set: then it fails.

use crate::support::Served;
use entente::output::{self, OutputFormat, TableStyle};
use entente::remote::Endpoint;
use entente::store::KnowledgeGraph;
use std::path::Path;

/// The URL of a third-party server from `.ci/servers`, or None (a skip,
/// said on stderr) when it is not set and CI is not.
fn third_party(variable: &str) -> Option<String> {
    match std::env::var(variable) {
        Ok(url) if !url.is_empty() => Some(url),
        _ if std::env::var_os("CI").is_some() => {
            panic!("{variable} is not set: .ci/servers starts the server and sets it")
        }
        _ => {
            eprintln!(
                "skipped: {variable} is not set (eval \"$(.ci/servers target/debug/entente)\")"
            );
            None
        }
    }
}

/// An answer as `tests/answers` holds it: W3C CSV, rows sorted, and the
/// items of a `GROUP_CONCAT` cell (`a, b`) sorted too, since SPARQL leaves
/// their order to the engine.
fn normalised(csv: &str) -> String {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv.as_bytes());
    let mut rows: Vec<String> = reader
        .records()
        .map(|record| {
            let record = record.unwrap();
            let cells: Vec<String> = record
                .iter()
                .map(|cell| {
                    let mut items: Vec<&str> = cell.split(", ").collect();
                    items.sort_unstable();
                    items.join(", ")
                })
                .collect();
            cells.join("\u{1f}")
        })
        .collect();
    if rows.len() > 1 {
        rows[1..].sort_unstable();
    }
    rows.join("\n")
}

/// The CSV of a query on `graph`, or its error.
fn answer(graph: &KnowledgeGraph, sparql: &str) -> Result<String, entente::Error> {
    let results = graph.query(sparql, &[])?;
    let mut bytes = Vec::new();
    output::write(
        graph,
        results,
        OutputFormat::Csv,
        TableStyle::default(),
        &mut bytes,
    )?;
    Ok(String::from_utf8(bytes).unwrap())
}

/// The named questions whose answers from `url` are not the recorded ones.
fn differing_questions(url: &str) -> Vec<String> {
    let graph = KnowledgeGraph::remote(Endpoint::new(url).unwrap()).unwrap();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/answers");
    let questions = entente::queries::all();
    assert!(questions.len() >= 10);
    let mut differ = Vec::new();
    for question in questions {
        let expected = std::fs::read_to_string(dir.join(format!("{}.csv", question.name))).unwrap();
        match answer(&graph, &question.sparql) {
            Ok(actual) if normalised(&actual) == normalised(&expected) => {}
            Ok(actual) => differ.push(format!(
                "{}: {} rows, {} recorded",
                question.name,
                actual.lines().count(),
                expected.lines().count()
            )),
            Err(e) => differ.push(format!("{}: {e}", question.name)),
        }
    }
    differ
}

/// What `entente --endpoint URL ARGS -f csv` prints (or the embedded
/// store's, without URL); "no answer" (exit 1) is an empty answer.
fn cli_csv(url: Option<&str>, args: &[&str]) -> String {
    let mut command = crate::support::entente();
    if let Some(url) = url {
        command.args(["--endpoint", url]);
    }
    let output = command.args(args).args(["-f", "csv"]).output().unwrap();
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{url:?} {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// Verbs with names to resolve, and the analyses on the view: the same
/// output from the endpoint as from the embedded store.
fn verbs_answer_as_embedded(url: &str) {
    for args in [
        &["mediators", "Ceasefire of 20 September 2023"][..],
        &["allies", "Armenia"],
        &["backers", "Artsakh"],
        &["describe", "Armenia"],
        &["timeline", "Armenia"],
        &["path", "Armenia", "Azerbaijan"],
        &["path", "Armenia", "Russia"],
        &["influence"],
        &["balance"],
        &["brokers", "Armenia", "Azerbaijan"],
    ] {
        assert_eq!(
            normalised(&cli_csv(Some(url), args)),
            normalised(&cli_csv(None, args)),
            "{args:?} from {url}"
        );
    }
    let dot = |endpoint: &[&str]| {
        let run = crate::support::entente()
            .args(endpoint)
            .arg("dot")
            .assert()
            .success();
        run.get_output().stdout.clone()
    };
    assert_eq!(dot(&["--endpoint", url]), dot(&[]), "dot from {url}");
}

#[test]
fn every_named_question_from_entente_serve_is_the_embedded_answer() {
    let served = Served::start(&[], &[]);
    let url = served.url("/query");
    assert_eq!(differing_questions(&url), Vec::<String>::new());
    verbs_answer_as_embedded(&url);
}

#[test]
fn every_named_question_from_oxigraph_serve_is_the_embedded_answer() {
    let Some(url) = third_party("ENTENTE_TEST_OXIGRAPH") else {
        return;
    };
    assert_eq!(differing_questions(&url), Vec::<String>::new());
    verbs_answer_as_embedded(&url);
}

/// Virtuoso 7.2.5 answers several named questions wrongly or refuses them
/// when they are sent as written (the view loses rows, `agreement-status`
/// SQ074, `backers-transitive` VECSL, `timeline` SP031, `describe` its own
/// system graphs): the client sends it only quad patterns and evaluates
/// the queries itself (`remote/decompose.rs`), so every question, verb and
/// analysis gives the embedded answer.
#[test]
fn every_named_question_and_analysis_from_virtuoso_is_the_embedded_answer() {
    let Some(url) = third_party("ENTENTE_TEST_VIRTUOSO") else {
        return;
    };
    assert_eq!(differing_questions(&url), Vec::<String>::new());
    verbs_answer_as_embedded(&url);
}

/// A relay to the endpoint at `target` that calls itself `server` in its
/// `Server:` header and keeps the text of every query it passes on.
struct Relay {
    url: String,
    queries: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl Relay {
    fn start(target: &str, server: &str) -> Relay {
        Self::cutting(target, server, usize::MAX)
    }

    /// A relay that also cuts every JSON table at `rows` rows, without a
    /// word, as Virtuoso does at its `ResultSetMaxRows`.
    fn cutting(target: &str, server: &str, rows: usize) -> Relay {
        use oxhttp::model::{header, Body, Request, Response};
        use std::io::Read;
        let queries = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let kept = std::sync::Arc::clone(&queries);
        let target = target.to_owned();
        let relay = move |request: &mut Request<Body>| -> Response<Body> {
            let mut body = Vec::new();
            request.body_mut().read_to_end(&mut body).unwrap();
            let query_string = request.uri().query().unwrap_or_default().to_owned();
            for (name, value) in
                form_urlencoded::parse(query_string.as_bytes()).chain(form_urlencoded::parse(&body))
            {
                if name == "query" {
                    kept.lock().unwrap().push(value.into_owned());
                }
            }
            let mut uri = target.clone();
            if !query_string.is_empty() {
                uri = format!("{uri}?{query_string}");
            }
            let mut forward = Request::builder().method(request.method().clone()).uri(uri);
            for name in [header::ACCEPT, header::CONTENT_TYPE] {
                if let Some(value) = request.headers().get(&name) {
                    forward = forward.header(name, value.clone());
                }
            }
            let body = if body.is_empty() {
                Body::empty()
            } else {
                Body::from(body)
            };
            let answer = oxhttp::Client::new()
                .request(forward.body(body).unwrap())
                .unwrap();
            let mut response = Response::builder().status(answer.status());
            if let Some(value) = answer.headers().get(header::CONTENT_TYPE) {
                response = response.header(header::CONTENT_TYPE, value.clone());
            }
            let json = answer
                .headers()
                .get(header::CONTENT_TYPE)
                .is_some_and(|v| v.as_bytes().starts_with(b"application/sparql-results+json"));
            let mut bytes = answer.into_body().to_vec().unwrap();
            if json && rows < usize::MAX {
                let mut table: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
                if let Some(serde_json::Value::Array(bindings)) =
                    table.pointer_mut("/results/bindings")
                {
                    bindings.truncate(rows);
                }
                bytes = serde_json::to_vec(&table).unwrap();
            }
            response.body(Body::from(bytes)).unwrap()
        };
        let relay = std::sync::Arc::new(relay);
        // oxhttp does not say which port 0 became: a free one is found first.
        for _ in 0..5 {
            let port = std::net::TcpListener::bind("127.0.0.1:0")
                .unwrap()
                .local_addr()
                .unwrap()
                .port();
            let handler = std::sync::Arc::clone(&relay);
            let spawned = oxhttp::Server::new(move |request| handler(request))
                .bind(std::net::SocketAddr::from(([127, 0, 0, 1], port)))
                .with_server_name(server)
                .unwrap()
                .spawn();
            if spawned.is_ok() {
                return Relay {
                    url: format!("http://127.0.0.1:{port}/query"),
                    queries,
                };
            }
        }
        panic!("no free port for the relay");
    }
}

/// Virtuoso's decomposition checked on every run, Virtuoso installed or
/// not: `entente serve` behind a relay that says it is Virtuoso gets only
/// quad patterns from the client, which evaluates the questions itself,
/// and every question, verb and analysis is still the embedded answer.
#[test]
fn every_question_decomposed_as_for_virtuoso_is_the_embedded_answer() {
    let served = Served::start(&[], &[]);
    let relay = Relay::start(
        &served.url("/query"),
        "Virtuoso/07.20.3229 (Linux) x86_64-pc-linux-gnu",
    );
    assert_eq!(differing_questions(&relay.url), Vec::<String>::new());
    verbs_answer_as_embedded(&relay.url);
    // The view reached the server as quad patterns, none of its OPTIONALs
    // or UNIONs.
    relay.queries.lock().unwrap().clear();
    let graph = KnowledgeGraph::remote(Endpoint::new(&relay.url).unwrap()).unwrap();
    answer(&graph, &entente::queries::named("view").unwrap().sparql).unwrap();
    let sent = relay.queries.lock().unwrap().clone();
    assert!(sent.len() > 10, "{sent:#?}");
    for query in &sent {
        assert!(
            !query.contains("OPTIONAL") && !query.contains("UNION"),
            "{query}"
        );
    }
}

/// Virtuoso cuts an answer at its `ResultSetMaxRows` without a word: a
/// fetch cut short would leave quads out of the evaluation, so it is an
/// error that says which setting to raise, never a wrong answer.
#[test]
fn a_virtuoso_answer_cut_at_its_row_limit_is_an_error_not_a_wrong_answer() {
    let served = Served::start(&[], &[]);
    let relay = Relay::cutting(
        &served.url("/query"),
        "Virtuoso/07.20.3229 (Linux) x86_64-pc-linux-gnu",
        150,
    );
    let message = crate::support::failure(&["--endpoint", &relay.url, "path", "Armenia", "Russia"]);
    assert!(message.contains("ResultSetMaxRows"), "{message}");
    assert!(message.contains("sent 150 of the"), "{message}");
}

#[test]
fn a_refused_connection_and_an_http_error_are_told_with_the_url() {
    // A port nothing listens on: bound, then freed.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}/query");
    let message = crate::support::failure(&["--endpoint", &url, "actors"]);
    assert!(message.contains(&url), "{message}");
    assert!(message.contains("connection refused"), "{message}");

    let served = Served::start(&[], &[]);
    let url = served.url("/query");
    let wrong = url.replace("/query", "/no-such-place");
    let message = crate::support::failure(&["--endpoint", &wrong, "actors"]);
    assert!(message.contains(&wrong), "{message}");
    assert!(message.contains("HTTP 404"), "{message}");
    // The server's own words for a bad query (its 400), after a local parse.
    let message = crate::support::failure(&[
        "--endpoint",
        &url,
        "query",
        "SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }",
    ]);
    assert!(message.contains("HTTP 4"), "{message}");
    assert!(message.contains("SERVICE"), "{message}");
}

#[test]
fn verbs_of_the_embedded_store_refuse_an_endpoint() {
    for verb in [
        &["check", "tests/bad-input/good.trig"][..],
        &["dump"],
        &["serve"],
    ] {
        let message = crate::support::failure(
            &[&["--endpoint", "http://127.0.0.1:7/query"][..], verb].concat(),
        );
        assert!(
            message.contains("not on an endpoint"),
            "{verb:?}: {message}"
        );
    }
}

#[test]
fn load_into_an_endpoint_sends_checked_files_and_nothing_of_a_bad_one() {
    let served = Served::start(&[], &["--allow-update", "--token", "t0ken"]);
    let url = served.url("/query");
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.trig");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad-input/good.trig"),
        &good,
    )
    .unwrap();
    let bad = dir.path().join("bad.ttl");
    std::fs::write(&bad, "<urn:a> <urn:b> .\n").unwrap();
    let graphs = "SELECT ?g WHERE { GRAPH ?g { id:Georgia a ent:State } }";
    let before = cli_csv(Some(&url), &["query", graphs]);
    // A bad file after a good one: refused before anything is sent.
    let message = crate::support::failure(&[
        "--endpoint",
        &url,
        "--endpoint-token",
        "t0ken",
        "load",
        good.to_str().unwrap(),
        bad.to_str().unwrap(),
    ]);
    assert!(message.contains("bad.ttl:1:"), "{message}");
    assert_eq!(cli_csv(Some(&url), &["query", graphs]), before);
    // Without the token, the server's 401.
    let message = crate::support::failure(&["--endpoint", &url, "load", good.to_str().unwrap()]);
    assert!(message.contains("HTTP 401"), "{message}");
    crate::support::entente()
        .args(["--endpoint", &url, "--endpoint-token", "t0ken", "load"])
        .arg(&good)
        .assert()
        .success();
    let after = cli_csv(Some(&url), &["query", graphs]);
    assert!(
        after.contains("https://entente.example/graph/bad-input-good"),
        "{after}"
    );
    assert!(!before.contains("bad-input-good"), "{before}");
}
