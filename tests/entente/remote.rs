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

/// A server on a free port of loopback that answers whatever it is sent
/// with `bytes`; its URL's `https://HOST:PORT`.
fn answering(bytes: &'static [u8]) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        use std::io::{Read, Write};
        for mut stream in listener.incoming().flatten() {
            let mut hello = [0u8; 4096];
            let _ = stream.read(&mut hello);
            let _ = stream.write_all(bytes);
        }
    });
    format!("https://127.0.0.1:{port}")
}

/// `--endpoint https://…` where no TLS server is: a plain HTTP server, and
/// one that answers the handshake with a fatal alert. Each is exit 2 and
/// an error naming the URL, in the user's words (an untrusted certificate
/// and a wrong host name: `tests/clients/test_https.py`, which has a CA).
/// The plain server answers at once, as many do (`entente serve` and
/// Oxigraph's wait for the end of a request's head, so the handshake waits
/// for their read timeout first).
#[test]
fn an_https_url_to_a_plain_http_server_or_a_refused_handshake_is_told_with_the_url() {
    let plain =
        answering(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
    // TLS's alert record: fatal (2), handshake_failure (40).
    let refusing = answering(&[0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 40]);
    for (url, words) in [
        (format!("{plain}/query"), "does not speak TLS there"),
        (
            format!("{refusing}/sparql"),
            "the server refused the TLS handshake",
        ),
    ] {
        let run = crate::support::entente()
            .args(["--endpoint", &url, "actors"])
            .assert()
            .code(2);
        let message = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
        assert!(message.contains(&url), "{message}");
        assert!(message.contains(words), "{message}");
        assert!(!message.contains("panicked"), "{message}");
    }
}

/// With no CA to trust (`SSL_CERT_FILE` naming no file), an `https://`
/// URL is an error before any request, and an `http://` server's redirect
/// is told, not followed (oxhttp would panic building its TLS
/// configuration for the `https://` it leads to).
#[test]
fn without_any_trusted_certificate_https_and_a_redirect_to_it_are_errors_not_panics() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-ca.pem");
    let redirecting = answering(
        b"HTTP/1.1 301 Moved Permanently\r\nlocation: https://127.0.0.1:9/query\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
    )
    .replace("https://", "http://");
    for (url, words) in [
        (format!("{redirecting}/query"), "not followed"),
        ("https://127.0.0.1:9/query".to_owned(), "SSL_CERT_FILE"),
    ] {
        let run = crate::support::entente()
            .env("SSL_CERT_FILE", &missing)
            .args(["--endpoint", &url, "actors"])
            .assert()
            .code(2);
        let message = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
        assert!(message.contains(&url), "{message}");
        assert!(message.contains(words), "{message}");
        assert!(message.contains("SSL_CERT_FILE"), "{message}");
        assert!(!message.contains("panicked"), "{message}");
    }
}

/// `oxigraph serve` on an empty store of its own, on a free port, killed
/// when dropped: loads of a test never reach the server of `.ci/servers`,
/// whose seed the other tests ask. Its binary is the one `.ci/servers`
/// installs (`ENTENTE_TEST_OXIGRAPH_BINARY`).
struct OwnOxigraph {
    child: std::process::Child,
    /// `http://127.0.0.1:PORT`
    base: String,
    _dir: tempfile::TempDir,
}

impl OwnOxigraph {
    // The child is waited for by `Drop for OwnOxigraph`.
    #[allow(clippy::zombie_processes)]
    fn start() -> Option<OwnOxigraph> {
        let binary = third_party("ENTENTE_TEST_OXIGRAPH_BINARY")?;
        let dir = tempfile::tempdir().unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let address = format!("127.0.0.1:{port}");
        let mut child = std::process::Command::new(binary)
            .arg("serve")
            .arg("--location")
            .arg(dir.path())
            .args(["--union-default-graph", "--bind", &address])
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        for _ in 0..300 {
            if std::net::TcpStream::connect(&address).is_ok() {
                return Some(OwnOxigraph {
                    child,
                    base: format!("http://{address}"),
                    _dir: dir,
                });
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("oxigraph serve did not listen on {address} within 30 s");
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// The quads the server holds in its named graphs.
    fn quads(&self) -> String {
        cli_csv(
            Some(&self.url("/query")),
            &[
                "query",
                "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
            ],
        )
    }
}

impl Drop for OwnOxigraph {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `entente --endpoint SERVER/update load --graph-store SERVER/store ARGS`.
fn gsp_load(server: &OwnOxigraph) -> assert_cmd::Command {
    let mut command = crate::support::entente();
    command.args([
        "--endpoint",
        &server.url("/update"),
        "load",
        "--graph-store",
        &server.url("/store"),
    ]);
    command
}

#[test]
fn the_seed_loaded_through_the_graph_store_answers_every_named_question_as_embedded() {
    let Some(server) = OwnOxigraph::start() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let seed = dir.path().join("seed.trig");
    let dump = crate::support::entente()
        .args(["dump", "--format", "trig"])
        .assert()
        .success();
    std::fs::write(&seed, &dump.get_output().stdout).unwrap();
    let run = gsp_load(&server).arg(&seed).assert().success();
    let said = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
    assert!(said.contains("one request per file"), "{said}");
    assert!(said.contains(&server.url("/store")), "{said}");
    assert_eq!(
        differing_questions(&server.url("/query")),
        Vec::<String>::new()
    );
}

#[test]
fn a_bad_file_sends_nothing_to_the_graph_store_and_a_wrong_url_is_told() {
    let Some(server) = OwnOxigraph::start() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let good = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad-input/good.trig");
    let bad = dir.path().join("bad.ttl");
    std::fs::write(
        &bad,
        "@prefix ent: <https://entente.example/ontology#> .\n<urn:a> a ent:NoSuchClass .\n",
    )
    .unwrap();
    let empty = server.quads();
    assert!(
        empty.ends_with("\n0\n") || empty.ends_with("\r\n0\r\n"),
        "{empty}"
    );
    let run = gsp_load(&server).arg(&good).arg(&bad).assert().code(2);
    let message = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
    assert!(message.contains("bad.ttl:2:"), "{message}");
    assert_eq!(server.quads(), empty, "the good file was sent");

    let wrong = server.url("/no-such-store");
    let message = crate::support::failure(&[
        "--endpoint",
        &server.url("/update"),
        "load",
        "--graph-store",
        &wrong,
        good.to_str().unwrap(),
    ]);
    assert!(message.contains(&wrong), "{message}");
    assert!(message.contains("HTTP 404"), "{message}");
    let message = crate::support::failure(&[
        "--store",
        dir.path().join("kg").to_str().unwrap(),
        "load",
        "--graph-store",
        &server.url("/store"),
        good.to_str().unwrap(),
    ]);
    assert!(message.contains("needs --endpoint"), "{message}");
    assert_eq!(server.quads(), empty);

    gsp_load(&server).arg(&good).assert().success();
    assert_ne!(server.quads(), empty);
}

#[test]
fn a_file_with_blank_nodes_goes_whole_through_the_graph_store_and_is_refused_in_pieces() {
    let Some(server) = OwnOxigraph::start() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("blank.ttl");
    std::fs::write(
        &file,
        "@prefix ent: <https://entente.example/ontology#> .\n\
         @prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n\
         _:p a ent:Person ; skos:prefLabel \"Blank Person\"@en .\n\
         _:p skos:altLabel \"Nobody\"@en .\n",
    )
    .unwrap();
    // INSERT DATA in chunks cannot keep a blank node's identity.
    let message = crate::support::failure(&[
        "--endpoint",
        &server.url("/update"),
        "load",
        file.to_str().unwrap(),
    ]);
    assert!(message.contains("--graph-store"), "{message}");
    gsp_load(&server).arg(&file).assert().success();
    // One node has both labels: the file's `_:p` stayed one thing.
    let rows = cli_csv(
        Some(&server.url("/query")),
        &[
            "query",
            "SELECT ?p WHERE { ?p a ent:Person ; skos:prefLabel \"Blank Person\"@en ; skos:altLabel \"Nobody\"@en FILTER(isBlank(?p)) }",
        ],
    );
    assert_eq!(rows.lines().count(), 2, "{rows}");
}

#[test]
fn entente_serve_takes_a_graph_store_post_with_the_token_as_a_load() {
    let served = Served::start(&[], &["--allow-update", "--token", "t0ken"]);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("blank.ttl");
    std::fs::write(
        &file,
        "@prefix ent: <https://entente.example/ontology#> .\n\
         @prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n\
         _:p a ent:Person ; skos:prefLabel \"Blank Person\"@en .\n\
         _:p skos:altLabel \"Nobody\"@en .\n\
         <https://entente.example/id/GraphStoreTester> a ent:Person ;\n\
           skos:prefLabel \"Graph Store Tester\"@en .\n",
    )
    .unwrap();
    // The server's own named question, which resolves the name with the
    // names it keeps per state of its store: asked before, so kept.
    let question = served.url("/questions/describe?thing=Graph%20Store%20Tester");
    let describe = || {
        let output = std::process::Command::new("curl")
            .args([
                "-s",
                "-H",
                "Accept: text/csv",
                "-w",
                "\n%{http_code}",
                &question,
            ])
            .output()
            .unwrap();
        String::from_utf8(output.stdout).unwrap()
    };
    let before = describe();
    assert!(before.ends_with("\n404"), "{before}");
    let load = |token: &str| {
        let mut command = crate::support::entente();
        command
            .args(["--endpoint", &served.url("/update")])
            .args(["--endpoint-token", token, "load", "--graph-store"])
            .arg(served.url("/store"))
            .arg(&file);
        command
    };
    let run = load("wrong").assert().code(2);
    let message = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
    assert!(message.contains(&served.url("/store")), "{message}");
    assert!(message.contains("HTTP 401"), "{message}");
    load("t0ken").assert().success();
    let rows = cli_csv(
        Some(&served.url("/query")),
        &[
            "query",
            "SELECT ?p WHERE { ?p a ent:Person ; skos:prefLabel \"Blank Person\"@en ; skos:altLabel \"Nobody\"@en FILTER(isBlank(?p)) }",
        ],
    );
    assert_eq!(rows.lines().count(), 2, "{rows}");
    // The name now resolved by the server: the load made its kept names stale.
    let after = describe();
    assert!(after.ends_with("\n200"), "{after}");
    assert!(after.contains("GraphStoreTester"), "{after}");

    // Read-only: refused.
    let read_only = Served::start(&[], &[]);
    let message = crate::support::failure(&[
        "--endpoint",
        &read_only.url("/update"),
        "load",
        "--graph-store",
        &read_only.url("/store"),
        file.to_str().unwrap(),
    ]);
    assert!(message.contains("HTTP 403"), "{message}");
}
