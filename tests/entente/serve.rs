//! `entente serve` over real HTTP: the binary started on a free port, a
//! client (oxhttp's) talking to it, and every answer compared with the
//! command line's on the seed data. Status codes, content types, limits,
//! concurrency, `SERVICE`, updates and CORS as a client meets them.

use oxhttp::model::{Body, Method, Request};
use std::process::Command;
use std::time::{Duration, Instant};

/// The server under test (started by `support::Served`).
use crate::support::Served as Server;

impl Server {
    fn seed() -> Server {
        Server::start(&[], &[])
    }

    fn send(&self, request: Request<Body>) -> Reply {
        let response = oxhttp::Client::new()
            .with_global_timeout(Duration::from_secs(60))
            .request(request)
            .unwrap();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .map(|v| v.to_str().unwrap().to_owned())
        };
        Reply {
            status: response.status().as_u16(),
            content_type: header("content-type").unwrap_or_default(),
            retry_after: header("retry-after"),
            cors: header("access-control-allow-origin"),
            body: response.into_body().to_string().unwrap(),
        }
    }

    fn get(&self, path: &str, accept: Option<&str>) -> Reply {
        let mut request = Request::builder().uri(format!("{}{path}", self.base));
        if let Some(accept) = accept {
            request = request.header("Accept", accept);
        }
        self.send(request.body(Body::empty()).unwrap())
    }

    fn query(&self, sparql: &str, accept: Option<&str>) -> Reply {
        self.get(&format!("/query?{}", encoded("query", sparql)), accept)
    }

    fn post(&self, path: &str, content_type: &str, body: &str, headers: &[(&str, &str)]) -> Reply {
        let mut request = Request::builder()
            .method(Method::POST)
            .uri(format!("{}{path}", self.base))
            .header("Content-Type", content_type);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        self.send(request.body(Body::from(body.to_owned())).unwrap())
    }
}

impl Server {
    /// Any request: a method, a path with its query string, headers, bytes.
    fn raw(&self, method: &str, path: &str, headers: &[(&str, &str)], body: Vec<u8>) -> Reply {
        let mut request = Request::builder()
            .method(Method::from_bytes(method.as_bytes()).unwrap())
            .uri(format!("{}{path}", self.base));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        self.send(request.body(Body::from(body)).unwrap())
    }
}

#[derive(Debug)]
struct Reply {
    status: u16,
    content_type: String,
    retry_after: Option<String>,
    cors: Option<String>,
    body: String,
}

fn encoded(name: &str, value: &str) -> String {
    form_urlencoded::Serializer::new(String::new())
        .append_pair(name, value)
        .finish()
}

/// CSV with its rows sorted (the header stays first).
fn sorted(csv: &str) -> Vec<String> {
    let mut lines: Vec<String> = csv.lines().map(str::to_owned).collect();
    if lines.len() > 1 {
        lines[1..].sort_unstable();
    }
    lines
}

/// What `entente ARGS -f csv` prints.
fn cli_csv(args: &[&str]) -> String {
    let output = crate::support::entente()
        .args(args)
        .args(["-f", "csv"])
        .output()
        .unwrap();
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn every_named_question_answers_as_the_command_line_does() {
    let server = Server::seed();
    let questions = entente::queries::all();
    assert!(questions.len() >= 10);
    for question in &questions {
        let reply = server.get(&format!("/questions/{}", question.name), Some("text/csv"));
        assert_eq!(reply.status, 200, "{}: {}", question.name, reply.body);
        assert_eq!(reply.content_type, "text/csv; charset=utf-8");
        assert!(reply.body.lines().count() > 1, "{} has rows", question.name);
        assert_eq!(
            sorted(&reply.body),
            sorted(&cli_csv(&["query", &question.name])),
            "{}",
            question.name
        );
    }
    // With parameters, names resolved as `--param` resolves them.
    for (path, args) in [
        (
            "/questions/allies?actor=Armenia",
            &["query", "allies", "--param", "actor=Armenia"][..],
        ),
        (
            "/questions/backers?backed=Artsakh",
            &["query", "backers", "--param", "backed=Artsakh"],
        ),
        (
            "/questions/mediators?agreement=Ceasefire%20of%2020%20September%202023",
            &["mediators", "Ceasefire of 20 September 2023"],
        ),
    ] {
        let reply = server.get(path, Some("text/csv"));
        assert_eq!(reply.status, 200, "{path}: {}", reply.body);
        assert_eq!(sorted(&reply.body), sorted(&cli_csv(args)), "{path}");
        assert!(reply.body.lines().count() > 1, "{path} has rows");
    }
}

#[test]
fn the_questions_are_listed_with_their_parameters() {
    let server = Server::seed();
    let reply = server.get("/questions", None);
    assert_eq!(reply.status, 200);
    assert_eq!(reply.content_type, "application/json");
    let list: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
    let allies = list
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["name"] == "allies")
        .unwrap();
    assert!(!allies["title"].as_str().unwrap().is_empty());
    let params: Vec<&str> = allies["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(params, ["actor", "asOf", "from", "to"]);
    assert_eq!(
        list.as_array().unwrap().len(),
        entente::queries::all().len()
    );
}

#[test]
fn unknown_names_are_404_with_the_closest_and_ambiguous_ones_409() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("georgia.trig");
    std::fs::write(
        &file,
        "@prefix ent: <https://entente.example/ontology#> .
@prefix id: <https://entente.example/id/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://entente.example/graph/test> {
  id:Georgia a ent:State ; skos:prefLabel \"Georgia\"@en .
  id:GeorgiaUS a ent:Government ; skos:prefLabel \"State of Georgia (US)\"@en ; skos:altLabel \"Georgia\"@en .
}
",
    )
    .unwrap();
    let server = Server::start(&["--with", file.to_str().unwrap()], &[]);
    let reply = server.get("/questions/allies?actor=Armenai", None);
    assert_eq!(reply.status, 404, "{}", reply.body);
    assert!(reply.body.contains("Armenia"), "{}", reply.body);
    let reply = server.get("/questions/allies?actor=georgia", None);
    assert_eq!(reply.status, 409, "{}", reply.body);
    assert!(
        reply.body.contains("id:GeorgiaUS, ent:Government"),
        "{}",
        reply.body
    );
    let reply = server.get("/questions/no-such-question", None);
    assert_eq!(reply.status, 404);
    assert!(reply.body.contains("mediators"), "{}", reply.body);
    let reply = server.get("/questions/allies?acter=Armenia", None);
    assert_eq!(reply.status, 400);
    assert!(reply.body.contains("actor, asOf"), "{}", reply.body);
    let reply = server.get("/questions/allies?asOf=2023-13-45", None);
    assert_eq!(reply.status, 400, "{}", reply.body);
}

#[test]
fn the_protocol_get_post_form_and_negotiation() {
    let server = Server::seed();
    let states = "SELECT ?s WHERE { ?s a ent:DeFactoState }";
    let expected = "s\r\nhttps://entente.example/id/NagornoKarabakh\r\n";
    // GET, a direct POST and a form POST give the same answer.
    assert_eq!(server.query(states, Some("text/csv")).body, expected);
    let direct = server.post(
        "/sparql",
        "application/sparql-query",
        states,
        &[("Accept", "text/csv")],
    );
    assert_eq!((direct.status, direct.body.as_str()), (200, expected));
    let form = server.post(
        "/query",
        "application/x-www-form-urlencoded",
        &encoded("query", states),
        &[("Accept", "text/csv")],
    );
    assert_eq!((form.status, form.body.as_str()), (200, expected));
    // Content negotiation: q-values, wildcards, no Accept.
    for (accept, content_type) in [
        (None, "application/sparql-results+json"),
        (Some("*/*"), "application/sparql-results+json"),
        (Some("text/*"), "text/csv; charset=utf-8"),
        (
            Some("text/csv;q=0.5, application/sparql-results+xml"),
            "application/sparql-results+xml",
        ),
        (
            Some("text/tab-separated-values, */*;q=0.1"),
            "text/tab-separated-values; charset=utf-8",
        ),
        (Some("application/json"), "application/sparql-results+json"),
    ] {
        let reply = server.query(states, accept);
        assert_eq!(reply.status, 200, "{accept:?}");
        assert_eq!(reply.content_type, content_type, "{accept:?}");
        assert!(reply.body.contains("NagornoKarabakh"), "{accept:?}");
    }
    let json: serde_json::Value = serde_json::from_str(&server.query(states, None).body).unwrap();
    assert_eq!(
        json["results"]["bindings"][0]["s"]["value"],
        "https://entente.example/id/NagornoKarabakh"
    );
    let refused = server.query(states, Some("image/png, text/csv;q=0"));
    assert_eq!(refused.status, 406);
    assert!(refused.body.contains("text/csv"), "{}", refused.body);
    // Graphs: Turtle by default, the other RDF syntaxes on request.
    let construct = "CONSTRUCT { ?s a ent:DeFactoState } WHERE { ?s a ent:DeFactoState }";
    let turtle = server.query(construct, None);
    assert_eq!(turtle.content_type, "text/turtle; charset=utf-8");
    assert!(
        turtle
            .body
            .contains("id:NagornoKarabakh a ent:DeFactoState"),
        "{}",
        turtle.body
    );
    let ntriples = server.query(construct, Some("application/n-triples"));
    assert_eq!(ntriples.content_type, "application/n-triples");
    assert_eq!(
        ntriples.body.trim(),
        "<https://entente.example/id/NagornoKarabakh> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://entente.example/ontology#DeFactoState> ."
    );
    assert_eq!(server.query(construct, Some("text/csv")).status, 406);
    let ask = server.query("ASK { id:Armenia a ent:State }", Some("text/csv"));
    assert_eq!(ask.body.trim(), "true");
}

#[test]
fn the_default_graph_is_the_union_and_the_protocol_dataset_narrows_it() {
    let server = Server::seed();
    let count = "SELECT (COUNT(*) AS ?n) WHERE { ?s a ent:State }";
    let union = server.query(count, Some("text/csv"));
    assert_eq!(union.body, cli_csv(&["query", count]));
    // The france24 caption's graph alone as the default graph.
    let france24 = "https://entente.example/graph/france24-map";
    let ask = "ASK { id:Armenia ?p ?o }";
    let path = format!(
        "/query?{}&{}",
        encoded(
            "query",
            "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
        ),
        encoded("named-graph-uri", france24)
    );
    let named = server.get(&path, Some("text/csv"));
    assert_eq!(named.body, format!("g\r\n{france24}\r\n"));
    let nowhere = format!(
        "/query?{}&{}",
        encoded("query", ask),
        encoded("default-graph-uri", "https://entente.example/graph/none")
    );
    assert_eq!(server.get(&nowhere, Some("text/csv")).body.trim(), "false");
    assert_eq!(server.query(ask, Some("text/csv")).body.trim(), "true");
}

#[test]
fn errors_have_their_status_and_say_why() {
    let server = Server::seed();
    let bad = server.query("SELECT ?s WHERE {\n  ?s a ent:State", None);
    assert_eq!(bad.status, 400);
    assert_eq!(bad.content_type, "text/plain; charset=utf-8");
    assert!(bad.body.contains("line 2, column"), "{}", bad.body);
    let deep = format!(
        "SELECT * WHERE {{ FILTER({}1{}) }}",
        "(".repeat(3000),
        ")".repeat(3000)
    );
    let deep = server.post("/query", "application/sparql-query", &deep, &[]);
    assert_eq!(deep.status, 400);
    assert!(
        deep.body.contains("nested deeper than 128"),
        "{}",
        deep.body
    );
    let put = server.send(
        Request::builder()
            .method(Method::PUT)
            .uri(format!("{}/query", server.base))
            .body(Body::empty())
            .unwrap(),
    );
    assert_eq!(put.status, 405);
    assert_eq!(
        server.post("/query", "text/plain", "ASK {}", &[]).status,
        415
    );
    assert_eq!(server.get("/nothing-here", None).status, 404);
    let service = server.query(
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        None,
    );
    assert_eq!(service.status, 400);
    assert!(
        service.body.contains("SERVICE is refused"),
        "{}",
        service.body
    );
    // A bare GET is the service description.
    let description = server.get("/query", None);
    assert_eq!(description.status, 200);
    assert_eq!(description.content_type, "text/turtle; charset=utf-8");
    assert!(
        description.body.contains("sd:Service"),
        "{}",
        description.body
    );
    assert!(
        description
            .body
            .contains(&format!("sd:endpoint <{}/query>", server.base)),
        "{}",
        description.body
    );
    assert!(
        server.get("/query", None).cors.is_none(),
        "no CORS unless asked"
    );
}

#[test]
fn limits_give_a_clear_status_and_the_server_goes_on() {
    let server = Server::start(
        &["--timeout", "2"],
        &[
            "--max-rows",
            "5",
            "--max-body",
            "2000",
            "--max-concurrent",
            "1",
        ],
    );
    assert_eq!(
        server.get("/questions/actors", None).status,
        400,
        "over 5 rows"
    );
    let rows = server.query("SELECT ?s WHERE { ?s a ?kind }", None);
    assert_eq!(rows.status, 400);
    assert!(rows.body.contains("more than 5 rows"), "{}", rows.body);
    let five = server.query("SELECT ?s WHERE { ?s a ?kind } LIMIT 5", Some("text/csv"));
    assert_eq!((five.status, five.body.lines().count()), (200, 6));
    let body = format!("ASK {{ ?s ?p \"{}\" }}", "x".repeat(3000));
    let big = server.post("/query", "application/sparql-query", &body, &[]);
    assert_eq!(big.status, 413);
    // A runaway query ends at its deadline with 503 (the engine stops at
    // its next quad, entente's watch at the next row it sorts); meanwhile
    // the one place is taken and another query is told to come back.
    for product in [
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
        "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a LIMIT 1",
    ] {
        std::thread::scope(|scope| {
            let slow = scope.spawn(|| {
                let started = Instant::now();
                let reply = server.post("/query", "application/sparql-query", product, &[]);
                (reply, started.elapsed())
            });
            std::thread::sleep(Duration::from_millis(700));
            let busy = server.query("ASK { ?s ?p ?o }", None);
            assert_eq!(busy.status, 503, "{}", busy.body);
            assert_eq!(busy.retry_after.as_deref(), Some("1"));
            let (reply, took) = slow.join().unwrap();
            assert_eq!(reply.status, 503, "{}", reply.body);
            assert!(
                reply.body.contains("ran out of time after 2 s"),
                "{}",
                reply.body
            );
            assert!(took < Duration::from_secs(10), "{took:?}");
        });
    }
    let after = server.query("ASK { ?s ?p ?o }", Some("text/csv"));
    assert_eq!((after.status, after.body.trim()), (200, "true"));
}

/// CPU time the process has used so far (all its threads), from
/// `/proc/PID/stat` (user and system time, in the kernel's 100 ticks a second).
fn cpu_time(pid: u32) -> Duration {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // The fields after the command name, which is in parentheses.
    let fields: Vec<&str> = stat[stat.rfind(')').unwrap() + 2..].split(' ').collect();
    let ticks: u64 = fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap();
    Duration::from_millis(ticks * 10)
}

/// A query cut at its deadline stops using the CPU once its client has the
/// 503: Oxigraph's engine does not look at its cancellation while it sorts
/// or groups rows it built in memory (a product of three patterns), which
/// went on for minutes and gigabytes after the answer.
#[test]
fn a_sort_or_grouping_cut_at_its_deadline_stops_using_the_cpu() {
    let server = Server::start(&["--timeout", "1"], &[]);
    let pid = server.child.id();
    for runaway in [
        "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f",
        "SELECT ?a (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } GROUP BY ?a",
    ] {
        let started = Instant::now();
        let reply = server.post("/query", "application/sparql-query", runaway, &[]);
        assert_eq!(reply.status, 503, "{runaway}: {}", reply.body);
        assert!(started.elapsed() < Duration::from_secs(5));
        // The evaluation is given a moment to unwind, then watched.
        std::thread::sleep(Duration::from_millis(500));
        let before = cpu_time(pid);
        std::thread::sleep(Duration::from_secs(2));
        let used = cpu_time(pid) - before;
        assert!(
            used < Duration::from_millis(300),
            "{runaway}: {used:?} of CPU in the 2 s after its 503"
        );
    }
    let after = server.query("ASK { ?s ?p ?o }", Some("text/csv"));
    assert_eq!((after.status, after.body.trim()), (200, "true"));
}

/// A sort of a cartesian product grows by gigabytes within its deadline
/// (30 s by default); past `--max-memory` the evaluations running are
/// cancelled and told why, and the endpoint goes on answering.
#[test]
fn a_query_past_the_memory_bound_is_stopped_and_the_endpoint_goes_on() {
    let server = Server::start(&["--max-memory", "400"], &[]);
    let runaway = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f";
    let reply = server.post("/query", "application/sparql-query", runaway, &[]);
    assert_eq!(reply.status, 503, "{}", reply.body);
    assert!(
        reply.body.contains("more than the 400 MiB of memory"),
        "{}",
        reply.body
    );
    assert_eq!(reply.retry_after.as_deref(), Some("1"));
    // Its memory given back, the next question is answered.
    std::thread::sleep(Duration::from_millis(500));
    let after = server.get("/questions/allies?actor=Armenia", Some("text/csv"));
    assert_eq!(after.status, 200, "{}", after.body);
    assert!(after.body.contains("Russia"), "{}", after.body);
}

#[test]
fn updates_are_refused_unless_allowed_and_then_need_the_token() {
    let insert = "INSERT DATA { GRAPH <https://entente.example/graph/test> { id:Atlantis a ent:State ; skos:prefLabel \"Atlantis\"@en } }";
    let read_only = Server::seed();
    let refused = read_only.post("/update", "application/sparql-update", insert, &[]);
    assert_eq!(refused.status, 403, "{}", refused.body);
    let get = read_only.get(&format!("/query?{}", encoded("update", insert)), None);
    assert_eq!(get.status, 400);

    let server = Server::start(&[], &["--allow-update", "--token", "s3cret"]);
    let no_token = server.post("/update", "application/sparql-update", insert, &[]);
    assert_eq!(no_token.status, 401);
    let wrong = server.post(
        "/update",
        "application/sparql-update",
        insert,
        &[("Authorization", "Bearer guess")],
    );
    assert_eq!(wrong.status, 401);
    let load = server.post(
        "/update",
        "application/sparql-update",
        "LOAD <http://127.0.0.1:9/data.ttl>",
        &[("Authorization", "Bearer s3cret")],
    );
    assert_eq!(load.status, 400);
    assert!(load.body.contains("LOAD is refused"), "{}", load.body);
    let ask = "ASK { id:Atlantis a ent:State }";
    assert_eq!(server.query(ask, Some("text/csv")).body.trim(), "false");
    // A name asked before the update is unknown; after it, the names the
    // server keeps resolved are those of the new store.
    let named = "/questions/describe?thing=Atlantis";
    assert_eq!(server.get(named, None).status, 404);
    let done = server.post(
        "/update",
        "application/x-www-form-urlencoded",
        &encoded("update", insert),
        &[("Authorization", "Bearer s3cret")],
    );
    assert_eq!(done.status, 204, "{}", done.body);
    assert_eq!(server.query(ask, Some("text/csv")).body.trim(), "true");
    let reply = server.get("/questions/actors", Some("text/csv"));
    assert!(reply.body.contains("id/Atlantis"), "{}", reply.body);
    let reply = server.get(named, Some("text/csv"));
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert!(reply.body.contains("id/Atlantis"), "{}", reply.body);
    // As a load is: an ent: term the ontology does not declare is refused.
    let undeclared = server.post(
        "/update",
        "application/sparql-update",
        "INSERT DATA { GRAPH <https://entente.example/graph/test> { id:Atlantis ent:mediatedBy id:Armenia } }",
        &[("Authorization", "Bearer s3cret")],
    );
    assert_eq!(undeclared.status, 400, "{}", undeclared.body);
    assert!(
        undeclared.body.contains("ent:mediatedBy is not declared"),
        "{}",
        undeclared.body
    );
}

#[test]
fn cors_only_for_the_origin_given() {
    let server = Server::start(&[], &["--cors", "https://analyst.example"]);
    let reply = server.query("ASK {}", None);
    assert_eq!(reply.cors.as_deref(), Some("https://analyst.example"));
    let preflight = server.send(
        Request::builder()
            .method(Method::OPTIONS)
            .uri(format!("{}/query", server.base))
            .header("Origin", "https://analyst.example")
            .body(Body::empty())
            .unwrap(),
    );
    assert_eq!(preflight.status, 204);
    assert_eq!(preflight.cors.as_deref(), Some("https://analyst.example"));
}

#[test]
fn curl_talks_to_it_as_a_user_would() {
    if Command::new("curl").arg("--version").output().is_err() {
        assert!(std::env::var_os("CI").is_none(), "CI must have curl");
        return;
    }
    let server = Server::seed();
    let curl = |args: &[&str]| {
        let output = Command::new("curl")
            .args(["-s", "-S"])
            .args(args)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    };
    let url = format!("{}/questions/allies?actor=Armenia", server.base);
    let csv = curl(&["-H", "Accept: text/csv", &url]);
    assert_eq!(sorted(&csv), sorted(&cli_csv(&["allies", "Armenia"])));
    let query = format!("{}/query", server.base);
    let tsv = curl(&[
        "-H",
        "Accept: text/tab-separated-values",
        "--data-urlencode",
        "query=SELECT ?s WHERE { ?s a ent:DeFactoState }",
        &query,
    ]);
    assert_eq!(tsv, "?s\n<https://entente.example/id/NagornoKarabakh>\n");
    let status = curl(&[
        "-o",
        "/dev/null",
        "-w",
        "%{http_code}",
        "-X",
        "DELETE",
        &query,
    ]);
    assert_eq!(status, "405");
}

#[test]
fn the_page_its_scripts_completion_labels_and_diagram_are_served() {
    let server = Server::seed();
    let page = server.get("/", None);
    assert_eq!(page.status, 200);
    assert_eq!(page.content_type, "text/html; charset=utf-8");
    // Every script and style the page names is served by entente itself.
    for asset in [
        "/assets/page.js",
        "/assets/page.css",
        "/assets/codemirror/codemirror.js",
        "/assets/codemirror/codemirror.css",
        "/assets/codemirror/sparql.js",
    ] {
        assert!(page.body.contains(asset), "{asset}");
        let reply = server.get(asset, None);
        assert_eq!(reply.status, 200, "{asset}");
        assert!(reply.body.len() > 500, "{asset}");
    }
    assert!(!page.body.contains("://"), "nothing loaded from elsewhere");
    let names: Vec<String> = serde_json::from_str(&server.get("/names?q=arts", None).body).unwrap();
    assert_eq!(names.first().map(String::as_str), Some("Artsakh"));
    let names: Vec<String> =
        serde_json::from_str(&server.get("/names?q=Armnia", None).body).unwrap();
    assert!(names.contains(&"Armenia".to_owned()), "{names:?}");
    let labels = server.post(
        "/labels",
        "application/x-www-form-urlencoded",
        "iri=https%3A%2F%2Fentente.example%2Fid%2FNagornoKarabakh&iri=urn%3Anothing",
        &[],
    );
    assert_eq!(
        labels.body,
        r#"{"https://entente.example/id/NagornoKarabakh":"Nagorno-Karabakh"}"#
    );
    let svg = server.get("/graph.svg?focus=Artsakh&depth=1", None);
    assert_eq!(
        (svg.status, svg.content_type.as_str()),
        (200, "image/svg+xml"),
        "{}",
        svg.body
    );
    assert!(svg.body.contains("<svg") && svg.body.contains("Azerbaijan"));
    assert!(!svg.body.contains("Colombia"), "only the neighbourhood");
    // Each actor links to its description, as the answers' actor links do.
    assert!(
        svg.body.contains(
            r#"<a xlink:href="/#describe=https%3A%2F%2Fentente.example%2Fid%2FAzerbaijan""#
        ),
        "{}",
        svg.body
    );
    let unknown = server.get("/graph.svg?focus=Atlantis", None);
    assert_eq!(unknown.status, 404);
    assert_eq!(server.get("/graph.svg?depth=99", None).status, 400);
}

/// The W3C SPARQL 1.1 Protocol tests (the SPARQL Working Group's
/// `data-sparql11/protocol` manifest), each by its name, as status codes and
/// content types: the positive ones on the seed data (the datasets of the
/// `query_dataset_*` tests are the seed's own graphs), the negative ones
/// with the 4xx each is answered with. Updates run on a server that allows
/// them.
#[test]
fn the_w3c_protocol_tests_statuses_and_content_types() {
    let server = Server::start(&[], &["--allow-update", "--token", "w3c"]);
    let france24 = "https://entente.example/graph/france24-map";
    // A subject of the france24 caption's graph.
    let ask_in_france24 = "ASK { id:Alliance-Russia-Armenia ?p ?o }";
    let form = "application/x-www-form-urlencoded";
    let direct = "application/sparql-query";
    let bearer = ("Authorization", "Bearer w3c");
    let json = "application/sparql-results+json";
    let q = |sparql: &str| encoded("query", sparql);
    let u = |sparql: &str| encoded("update", sparql);
    let graph_param = |name: &str| encoded(name, france24);
    // (test, method, path, Content-Type, body, Accept, status, content type (prefix)).
    type Case<'a> = (
        &'a str,
        &'a str,
        String,
        Option<&'a str>,
        Vec<u8>,
        Option<&'a str>,
        u16,
        &'a str,
    );
    let none = Vec::new;
    let cases: Vec<Case> = vec![
        ("query_get", "GET", format!("/sparql?{}", q("ASK {}")), None, none(), None, 200, json),
        ("query_post_form", "POST", "/sparql".into(), Some(form), q("ASK {}").into_bytes(), None, 200, json),
        ("query_post_direct", "POST", "/sparql".into(), Some(direct), b"ASK {}".to_vec(), None, 200, json),
        (
            "query_dataset_default_graphs_get",
            "GET",
            format!("/sparql?{}&{}", q(ask_in_france24), graph_param("default-graph-uri")),
            None, none(), Some("text/csv"), 200, "text/csv",
        ),
        (
            "query_dataset_default_graphs_post",
            "POST",
            "/sparql".into(),
            Some(form),
            format!("{}&{}", q(ask_in_france24), graph_param("default-graph-uri")).into_bytes(),
            Some("text/csv"), 200, "text/csv",
        ),
        (
            "query_dataset_named_graphs_get",
            "GET",
            format!("/sparql?{}&{}", q("SELECT ?g WHERE { GRAPH ?g { } }"), graph_param("named-graph-uri")),
            None, none(), None, 200, json,
        ),
        (
            "query_dataset_named_graphs_post",
            "POST",
            "/sparql".into(),
            Some(form),
            format!("{}&{}", q("SELECT ?g WHERE { GRAPH ?g { } }"), graph_param("named-graph-uri")).into_bytes(),
            None, 200, json,
        ),
        (
            "query_dataset_full",
            "GET",
            format!(
                "/sparql?{}&{}&{}",
                q("SELECT * WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } } LIMIT 5"),
                graph_param("default-graph-uri"),
                graph_param("named-graph-uri")
            ),
            None, none(), None, 200, json,
        ),
        (
            "query_multiple_dataset",
            "GET",
            format!(
                "/sparql?{}&{}",
                q("ASK FROM <https://entente.example/graph/none> { id:Alliance-Russia-Armenia ?p ?o }"),
                graph_param("default-graph-uri")
            ),
            None, none(), Some("text/csv"), 200, "text/csv",
        ),
        (
            "query_content_type_select",
            "GET",
            format!("/sparql?{}", q("SELECT ?s WHERE { ?s a ent:State } LIMIT 1")),
            None, none(), Some("application/sparql-results+xml"), 200, "application/sparql-results+xml",
        ),
        (
            "query_content_type_ask",
            "GET",
            format!("/sparql?{}", q(ask_in_france24)),
            None, none(), Some("application/sparql-results+xml, application/sparql-results+json;q=0.5"), 200, "application/sparql-results+xml",
        ),
        (
            "query_content_type_describe",
            "GET",
            format!("/sparql?{}", q("DESCRIBE id:Armenia")),
            None, none(), Some("application/rdf+xml, text/turtle;q=0.9"), 200, "application/rdf+xml",
        ),
        (
            "query_content_type_construct",
            "GET",
            format!("/sparql?{}", q("CONSTRUCT WHERE { id:Armenia ?p ?o }")),
            None, none(), Some("text/turtle"), 200, "text/turtle",
        ),
        ("service description (returns-rdf, has-endpoint-triple)", "GET", "/sparql".into(), None, none(), Some("text/turtle"), 200, "text/turtle"),
        ("bad_query_method", "PUT", format!("/sparql?{}", q("ASK {}")), None, none(), None, 405, "text/plain"),
        (
            "bad_multiple_queries",
            "GET",
            format!("/sparql?{}&{}", q("ASK {}"), q("SELECT * {}")),
            None, none(), None, 400, "text/plain",
        ),
        ("bad_query_wrong_media_type", "POST", "/sparql".into(), Some("text/plain"), b"ASK {}".to_vec(), None, 415, "text/plain"),
        ("bad_query_missing_form_type", "POST", "/sparql".into(), None, q("ASK {}").into_bytes(), None, 415, "text/plain"),
        ("bad_query_missing_direct_type", "POST", "/sparql".into(), None, b"ASK {}".to_vec(), None, 415, "text/plain"),
        (
            "bad_query_non_utf8",
            "POST",
            "/sparql".into(),
            Some("application/sparql-query; charset=UTF-16"),
            [0xFF, 0xFE].into_iter().chain("ASK {}".encode_utf16().flat_map(u16::to_le_bytes)).collect(),
            None, 400, "text/plain",
        ),
        ("bad_query_syntax", "GET", format!("/sparql?{}", q("ASK {")), None, none(), None, 400, "text/plain"),
        ("bad_update_get", "GET", format!("/sparql?{}", u("CLEAR NAMED")), None, none(), None, 400, "text/plain"),
        (
            "bad_multiple_updates",
            "POST",
            "/sparql".into(),
            Some(form),
            format!("{}&{}", u("CLEAR NAMED"), u("CLEAR DEFAULT")).into_bytes(),
            None, 400, "text/plain",
        ),
        ("bad_update_wrong_media_type", "POST", "/sparql".into(), Some("text/plain"), b"CLEAR NAMED".to_vec(), None, 415, "text/plain"),
        ("bad_update_missing_form_type", "POST", "/sparql".into(), None, u("CLEAR NAMED").into_bytes(), None, 415, "text/plain"),
        (
            "bad_update_non_utf8",
            "POST",
            "/sparql".into(),
            Some("application/sparql-update; charset=UTF-16"),
            [0xFF, 0xFE].into_iter().chain("CLEAR NAMED".encode_utf16().flat_map(u16::to_le_bytes)).collect(),
            None, 400, "text/plain",
        ),
        ("bad_update_syntax", "POST", "/sparql".into(), Some("application/sparql-update"), b"INSERT DATA { <a> }".to_vec(), None, 400, "text/plain"),
        (
            "bad_update_dataset_conflict",
            "POST",
            "/sparql".into(),
            Some(form),
            format!(
                "{}&{}",
                u("DELETE { ?s ?p ?o } USING <https://entente.example/graph/none> WHERE { ?s ?p ?o }"),
                graph_param("using-graph-uri")
            )
            .into_bytes(),
            None, 400, "text/plain",
        ),
        (
            "update_post_direct",
            "POST",
            "/update".into(),
            Some("application/sparql-update"),
            b"INSERT DATA { GRAPH <https://entente.example/graph/w3c> { id:Armenia rdfs:comment \"w3c\" } }".to_vec(),
            None, 204, "text/plain",
        ),
        (
            "update_post_form",
            "POST",
            "/sparql".into(),
            Some(form),
            u("INSERT DATA { GRAPH <https://entente.example/graph/w3c> { id:Azerbaijan rdfs:comment \"w3c\" } }").into_bytes(),
            None, 204, "text/plain",
        ),
        (
            "update_dataset_default_graph",
            "POST",
            "/update".into(),
            Some(form),
            format!(
                "{}&{}",
                u("INSERT { GRAPH <https://entente.example/graph/w3c-copy> { ?s rdfs:comment ?c } } WHERE { ?s rdfs:comment ?c }"),
                encoded("using-graph-uri", "https://entente.example/graph/w3c")
            )
            .into_bytes(),
            None, 204, "text/plain",
        ),
    ];
    for (test, method, path, content_type, body, accept, status, media) in cases {
        let mut headers = vec![bearer];
        if let Some(content_type) = content_type {
            headers.push(("Content-Type", content_type));
        }
        if let Some(accept) = accept {
            headers.push(("Accept", accept));
        }
        let reply = server.raw(method, &path, &headers, body);
        assert_eq!(reply.status, status, "{test}: {}", reply.body);
        assert!(
            reply.status == 204 || reply.content_type.starts_with(media),
            "{test}: {} is not {media}",
            reply.content_type
        );
        if test.starts_with("service description") {
            assert!(
                reply.body.contains("sparql-service-description#endpoint")
                    || reply.body.contains("sd:endpoint"),
                "{}",
                reply.body
            );
        }
    }
    // What the datasets and updates did, as the tests check it.
    let csv = |path: String| server.get(&path, Some("text/csv")).body;
    assert_eq!(
        csv(format!(
            "/query?{}&{}",
            q(ask_in_france24),
            graph_param("default-graph-uri")
        ))
        .trim(),
        "true",
        "the france24 caption's graph alone as the default graph"
    );
    assert_eq!(
        csv(format!(
            "/query?{}&{}",
            q("ASK FROM <https://entente.example/graph/none> { id:Alliance-Russia-Armenia ?p ?o }"),
            graph_param("default-graph-uri")
        ))
        .trim(),
        "true",
        "the protocol's dataset overrides the query's FROM"
    );
    assert_eq!(
        csv(format!("/query?{}", q("SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://entente.example/graph/w3c-copy> { ?s rdfs:comment \"w3c\" } }"))),
        "n\r\n2\r\n",
        "the update read only the graph using-graph-uri named"
    );
    assert_eq!(
        csv(format!("/query?{}", q("ASK { ?s ?p ?o }"))).trim(),
        "true",
        "the refused conflicting DELETE deleted nothing"
    );
}

#[test]
fn a_query_chained_thousands_deep_is_a_400_and_the_server_goes_on() {
    // 3,000 BINDs in a row (60 KB): no deep brackets, one level of the
    // algebra each; the evaluator's recursion overflowed the worker's
    // stack and ended the whole server.
    let server = Server::seed();
    let binds: Vec<String> = (0..3000).map(|i| format!("BIND({i} AS ?v{i})")).collect();
    let chained = format!("SELECT * WHERE {{ {} }}", binds.join(" "));
    let reply = server.post("/query", "application/sparql-query", &chained, &[]);
    assert_eq!(reply.status, 400, "{}", reply.body);
    assert!(
        reply.body.contains("chained more than 256 deep"),
        "{}",
        reply.body
    );
    // As deep as allowed still answers.
    let binds: Vec<String> = (0..240).map(|i| format!("BIND({i} AS ?v{i})")).collect();
    let deep = format!("SELECT ?v239 WHERE {{ {} }}", binds.join(" "));
    let reply = server.post(
        "/query",
        "application/sparql-query",
        &deep,
        &[("Accept", "text/csv")],
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert!(reply.body.contains("239"), "{}", reply.body);
    assert_eq!(server.query("ASK {}", Some("text/csv")).body.trim(), "true");
}
