//! The SPARQL 1.1 Protocol and the named questions over HTTP, without the
//! HTTP: a [`Request`] (method, path, query string, a few headers, a body
//! to read) becomes a [`Response`] (status, headers, bytes). The server
//! that moves the bytes (`entente serve`, on oxhttp) is the binary's; what
//! a request means, which limit it hits and which status says so is here,
//! where a unit test can reach it without a socket.
//!
//! Safe by default, because an endpoint answers whoever reaches it: read
//! only (an update needs [`Options::update_token`]), every evaluation under
//! a deadline of its own, bodies, rows and response bytes bounded, `SERVICE`
//! and `LOAD` refused (an endpoint that fetches URLs for anyone is a
//! server-side request forgery), at most [`Options::max_concurrent`]
//! evaluations at once (the others get 503 with `Retry-After`). Every limit
//! is a status with a message, never a hang or a crash.
//!
//! ```
//! use entente::endpoint::{Endpoint, Options, Request};
//! let endpoint = Endpoint::new(entente::store::KnowledgeGraph::with_seed_data()?, Options::default());
//! let request = Request {
//!     query: "query=SELECT%20%3Fs%20WHERE%20%7B%20%3Fs%20a%20ent%3ADeFactoState%20%7D",
//!     accept: Some("text/csv"),
//!     ..Request::get("/query")
//! };
//! let response = endpoint.handle(&request, &mut std::io::empty());
//! assert_eq!(response.status, 200);
//! assert_eq!(response.header("Content-Type"), Some("text/csv; charset=utf-8"));
//! assert_eq!(String::from_utf8(response.body).unwrap(), "s\r\nhttps://entente.example/id/NagornoKarabakh\r\n");
//! # Ok::<(), entente::Error>(())
//! ```

use crate::error::{Error, ErrorKind};
use crate::queries::{self, NamedQuery};
use crate::resolve;
use crate::store::{Dataset, KnowledgeGraph};
use crate::vocab;
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{BlankNode, Literal, NamedNode, Triple};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{CancellationToken, QueryResults};
use spargebra::algebra::GraphPattern;
use std::io::{Read, Write};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// What an endpoint allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The time one evaluation gets (its name resolution included).
    pub timeout: Duration,
    /// The largest request body (a POSTed query or update).
    pub max_body_bytes: usize,
    /// The most solutions (or triples) one answer has.
    pub max_rows: usize,
    /// The largest answer, serialised.
    pub max_response_bytes: usize,
    /// Evaluations at once; one more gets 503 with `Retry-After`.
    pub max_concurrent: usize,
    /// SPARQL Update is accepted only with `Authorization: Bearer TOKEN`;
    /// `None` (the default) refuses every update.
    pub update_token: Option<String>,
    /// The origin browsers may call from (`Access-Control-Allow-Origin`);
    /// `None` sends no CORS header.
    pub cors_origin: Option<String>,
    /// The memory the process may hold, in bytes: past it, every running
    /// evaluation is cancelled and answered 503 (a sort of a cartesian
    /// product grows by gigabytes within its deadline). `None`: unbounded.
    pub max_memory: Option<u64>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            timeout: Duration::from_secs(30),
            max_body_bytes: 1 << 20,
            max_rows: 100_000,
            max_response_bytes: 64 << 20,
            max_concurrent: 8,
            update_token: None,
            cors_origin: None,
            max_memory: crate::memory::default_limit(),
        }
    }
}

/// An HTTP request as the endpoint reads it (the body is handed to
/// [`Endpoint::handle`] as a reader, read no further than the limit).
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    pub method: &'a str,
    /// The path, without the query string: `/query`, `/questions/allies`.
    pub path: &'a str,
    /// The query string, still percent-encoded, without `?`.
    pub query: &'a str,
    pub content_type: Option<&'a str>,
    pub accept: Option<&'a str>,
    pub authorization: Option<&'a str>,
    /// The `Host` header: the service description names its endpoint with it.
    pub host: Option<&'a str>,
}

impl<'a> Request<'a> {
    /// A GET of `path` with no headers.
    pub fn get(path: &'a str) -> Self {
        Request {
            method: "GET",
            path,
            query: "",
            content_type: None,
            accept: None,
            authorization: None,
            host: None,
        }
    }
}

/// What the endpoint answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

impl Response {
    fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Response {
            status,
            headers: vec![("Content-Type", content_type.to_owned())],
            body: body.into(),
        }
    }

    /// A plain-text message: every refusal is one, saying why.
    fn text(status: u16, message: impl std::fmt::Display) -> Self {
        let mut body = message.to_string();
        body.push('\n');
        Self::new(status, "text/plain; charset=utf-8", body)
    }

    fn with(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    /// A header's value, by name in any case.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// The status of a library error, by who can fix it.
pub fn status(error: &Error) -> u16 {
    match error.kind() {
        ErrorKind::Invalid => 400,
        ErrorKind::NotFound => 404,
        ErrorKind::Ambiguous => 409,
        ErrorKind::Timeout => 503,
        ErrorKind::Internal => 500,
    }
}

impl From<Error> for Response {
    fn from(error: Error) -> Self {
        Response::text(status(&error), &error)
    }
}

/// A SPARQL endpoint over one knowledge graph, shared by the threads that
/// serve requests.
pub struct Endpoint {
    graph: KnowledgeGraph,
    options: Options,
    busy: AtomicUsize,
    deadlines: Arc<Deadlines>,
    runaways: Arc<AtomicUsize>,
    workers: Arc<Workers>,
}

impl Endpoint {
    /// An endpoint over `graph`; a thread of its own cancels evaluations at
    /// their deadline (it ends with the endpoint).
    pub fn new(graph: KnowledgeGraph, options: Options) -> Self {
        crate::error::remember_timeout(options.timeout);
        let deadlines = Arc::new(Deadlines::default());
        let weak = Arc::downgrade(&deadlines);
        let bound = options.max_memory.map(crate::memory::Bound::new);
        std::thread::spawn(move || {
            while let Some(deadlines) = weak.upgrade() {
                deadlines.cancel_expired();
                if let Some(usage) = bound.and_then(|bound| bound.exceeded()) {
                    deadlines.cancel_all(usage);
                }
                drop(deadlines);
                std::thread::sleep(Duration::from_millis(10));
            }
        });
        Endpoint {
            graph,
            options,
            busy: AtomicUsize::new(0),
            deadlines,
            runaways: Arc::new(AtomicUsize::new(0)),
            workers: Arc::default(),
        }
    }

    pub fn options(&self) -> &Options {
        &self.options
    }

    /// The response to one request; never panics on what a client sends.
    pub fn handle(&self, request: &Request, body: &mut dyn Read) -> Response {
        let mut response = if request.method == "OPTIONS" {
            Response::new(204, "text/plain", "").with("Allow", "GET, POST, OPTIONS")
        } else {
            match request.path {
                "/query" | "/sparql" => self.sparql(request, body),
                "/update" => self.update_route(request, body),
                "/store" => self.graph_store(request, body),
                "/questions" | "/questions/" => only_get(request, || self.list_questions()),
                path if path.starts_with("/questions/") => only_get(request, || {
                    self.question(&path["/questions/".len()..], request)
                }),
                "/names" => only_get(request, || self.names(request)),
                "/labels" => self.labels(request, body),
                "/graph.svg" => only_get(request, || self.diagram(request)),
                path => match asset(path) {
                    Some((content_type, bytes)) => only_get(request, || {
                        Response::new(200, content_type, bytes)
                            .with("Cache-Control", "no-cache")
                    }),
                    None => Response::text(
                        404,
                        format!(
                            "nothing at {}: the SPARQL endpoint is /query, the named questions are /questions",
                            request.path
                        ),
                    ),
                },
            }
        };
        if let Some(origin) = &self.options.cors_origin {
            response = response
                .with("Access-Control-Allow-Origin", origin.clone())
                .with("Vary", "Origin");
            if request.method == "OPTIONS" {
                response = response
                    .with("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
                    .with(
                        "Access-Control-Allow-Headers",
                        "Accept, Authorization, Content-Type",
                    )
                    .with("Access-Control-Max-Age", "600");
            }
        }
        response
    }

    /// `/query` and `/sparql`: the SPARQL 1.1 Protocol's query operation
    /// (and its update operation, for a form POST with `update=`).
    fn sparql(&self, request: &Request, body: &mut dyn Read) -> Response {
        let url_params = params(request.query.as_bytes());
        let (params, direct) = match request.method {
            "GET" => (url_params, None),
            "POST" => {
                let bytes = match read_body(body, self.options.max_body_bytes) {
                    Ok(bytes) => bytes,
                    Err(response) => return response,
                };
                match media_type(request.content_type).as_deref() {
                    Some("application/sparql-query") => (url_params, Some(("query", bytes))),
                    Some("application/sparql-update") => (url_params, Some(("update", bytes))),
                    Some("application/x-www-form-urlencoded") => {
                        let mut all = params(&bytes);
                        all.extend(url_params);
                        (all, None)
                    }
                    other => {
                        return Response::text(
                            415,
                            format!(
                                "a POST to {} is application/sparql-query, application/sparql-update or application/x-www-form-urlencoded, not {}",
                                request.path,
                                other.unwrap_or("a body without Content-Type")
                            ),
                        )
                    }
                }
            }
            _ => return method_not_allowed(request, "GET, POST, OPTIONS"),
        };
        let text = match direct {
            Some((operation, bytes)) => match String::from_utf8(bytes) {
                Ok(text) => Some((operation, text)),
                Err(_) => return Response::text(400, "the body is not UTF-8"),
            },
            None => {
                let queries: Vec<&String> = values(&params, "query").collect();
                let updates: Vec<&String> = values(&params, "update").collect();
                match (queries.as_slice(), updates.as_slice()) {
                    ([], []) if request.method == "GET" && params.is_empty() => None,
                    ([query], []) => Some(("query", (*query).clone())),
                    ([], [update]) if request.method == "POST" => {
                        Some(("update", (*update).clone()))
                    }
                    ([], [_]) => return Response::text(
                        400,
                        "an update is sent with POST, never GET (a link must not change the data)",
                    ),
                    ([], []) => {
                        return Response::text(400, "no query: give query=SPARQL (or update=)")
                    }
                    _ => {
                        return Response::text(
                            400,
                            "give exactly one query or one update per request",
                        )
                    }
                }
            }
        };
        match text {
            None => self.service_description(request),
            Some(("update", text)) => self.update(request, &text, &params),
            Some((_, text)) => {
                let mut dataset = Dataset::default();
                for (name, list) in [
                    ("default-graph-uri", &mut dataset.default_graphs),
                    ("named-graph-uri", &mut dataset.named_graphs),
                ] {
                    for iri in values(&params, name) {
                        match NamedNode::new(iri.as_str()) {
                            Ok(iri) => list.push(iri),
                            Err(e) => return Response::text(400, format!("{name} {iri:?}: {e}")),
                        }
                    }
                }
                self.query(&text, &dataset, request.accept)
            }
        }
    }

    /// Parses, checks, negotiates, evaluates and serialises one query.
    fn query(&self, text: &str, dataset: &Dataset, accept: Option<&str>) -> Response {
        let parsed = match queries::parse(text) {
            Ok(parsed) => parsed,
            Err(e) => return e.into(),
        };
        if let Some(refusal) = refusal(&parsed) {
            return Response::text(400, refusal);
        }
        let format = match negotiate_for(&parsed, accept) {
            Ok(format) => format,
            Err(response) => return response,
        };
        let Some(_slot) = self.slot() else {
            return self.busy_response();
        };
        let limits = self.limits();
        let dataset = dataset.clone();
        self.bounded(move |graph| match graph.evaluate(parsed, &dataset) {
            Ok(results) => answer(graph, results, format, limits),
            Err(e) => e.into(),
        })
    }

    /// `/update`: POST only.
    fn update_route(&self, request: &Request, body: &mut dyn Read) -> Response {
        if request.method != "POST" {
            return method_not_allowed(request, "POST, OPTIONS");
        }
        self.sparql(request, body)
    }

    /// `/store`: the SPARQL 1.1 Graph Store Protocol's POST, what `entente
    /// load --graph-store URL` sends. The body (N-Quads or TriG; Turtle or
    /// N-Triples with `?graph=IRI`, which is also the graph of a dataset's
    /// triples outside any) is checked and loaded as `entente load` loads a
    /// file: all of it or nothing, then the rules. Allowed as updates are
    /// (the token), bounded by the body limit.
    fn graph_store(&self, request: &Request, body: &mut dyn Read) -> Response {
        if request.method != "POST" {
            return method_not_allowed(request, "POST, OPTIONS");
        }
        if let Some(refused) =
            self.refused_write(request, "a Graph Store POST", "a Graph Store POST")
        {
            return refused;
        }
        let url_params = params(request.query.as_bytes());
        if values(&url_params, "default").next().is_some() {
            return Response::text(
                400,
                "every fact here sits in a named graph: give ?graph=IRI, or none with N-Quads or TriG",
            );
        }
        let graph = match values(&url_params, "graph").next() {
            Some(iri) => match NamedNode::new(iri.as_str()) {
                Ok(iri) => Some(iri),
                Err(_) => return Response::text(400, format!("graph {iri:?} is not an IRI")),
            },
            None => None,
        };
        let name = match (media_type(request.content_type).as_deref(), &graph) {
            (Some("application/n-quads"), _) => "body.nq",
            (Some("application/trig"), _) => "body.trig",
            (Some("text/turtle"), Some(_)) => "body.ttl",
            (Some("application/n-triples"), Some(_)) => "body.nt",
            (Some("text/turtle" | "application/n-triples"), None) => {
                return Response::text(400, "a Turtle or N-Triples body needs ?graph=IRI, the named graph of its triples")
            }
            (other, _) => {
                return Response::text(
                    415,
                    format!(
                        "a POST to /store is application/n-quads, application/trig, text/turtle or application/n-triples, not {}",
                        other.unwrap_or("a body without Content-Type")
                    ),
                )
            }
        };
        let text = match read_body(body, self.options.max_body_bytes).map(String::from_utf8) {
            Ok(Ok(text)) => text,
            Ok(Err(_)) => return Response::text(400, "the body is not UTF-8"),
            Err(response) => return response,
        };
        let Some(_slot) = self.slot() else {
            return self.busy_response();
        };
        // Not under the query deadline: a load does not look at it, so a
        // 503 at the deadline would tell of a load that then committed. Its
        // time is bounded by the body's size (`max_body_bytes`), and the
        // answer comes once it is committed or refused.
        let source = crate::store::Source::Text { name, text: &text };
        let options = crate::store::LoadOptions {
            graph: graph.as_ref(),
            ..Default::default()
        };
        let loaded = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.graph.load(&[source], &options)
        }));
        match loaded {
            Ok(Ok(_)) => Response::new(204, "text/plain", ""),
            Ok(Err(e)) => e.into(),
            Err(_) => Response::text(
                500,
                "the load failed inside the engine (a bug of entente or Oxigraph); the endpoint goes on",
            ),
        }
    }

    /// Why a write is refused, if it is: the endpoint is read-only (403,
    /// naming the write as `what`), or the request lacks the token
    /// `--allow-update` was given (401, naming it as `one`).
    fn refused_write(&self, request: &Request, what: &str, one: &str) -> Option<Response> {
        let Some(token) = &self.options.update_token else {
            return Some(Response::text(
                403,
                format!(
                    "this endpoint is read-only: {what} needs `entente serve --allow-update --token TOKEN`"
                ),
            ));
        };
        let given = request
            .authorization
            .and_then(|a| a.strip_prefix("Bearer "))
            .map(str::trim);
        if given.is_some_and(|given| same_secret(given, token)) {
            return None;
        }
        Some(
            Response::text(
                401,
                format!(
                    "{one} needs the header Authorization: Bearer TOKEN (the token `entente serve --token` was given)"
                ),
            )
            .with("WWW-Authenticate", "Bearer"),
        )
    }

    /// An update, its `using-graph-uri`/`using-named-graph-uri` (the
    /// protocol's dataset of its WHERE) set on each operation that has a
    /// WHERE; an update that names its own with `USING` as well is a 400.
    fn update(&self, request: &Request, text: &str, params: &[(String, String)]) -> Response {
        if let Some(refused) = self.refused_write(request, "SPARQL Update", "an update") {
            return refused;
        }
        let mut parsed = match queries::parse_update(text) {
            Ok(parsed) => parsed,
            Err(e) => return e.into(),
        };
        let mut using = spargebra::algebra::QueryDataset {
            default: Vec::new(),
            named: None,
        };
        for (name, named) in [("using-graph-uri", false), ("using-named-graph-uri", true)] {
            for iri in values(params, name) {
                let Ok(iri) = NamedNode::new(iri.as_str()) else {
                    return Response::text(400, format!("{name} {iri:?} is not an IRI"));
                };
                if named {
                    using.named.get_or_insert_with(Vec::new).push(iri);
                } else {
                    using.default.push(iri);
                }
            }
        }
        if !using.default.is_empty() || using.named.is_some() {
            for operation in &mut parsed.operations {
                if let spargebra::GraphUpdateOperation::DeleteInsert { using: own, .. } = operation
                {
                    if own.is_some() {
                        return Response::text(
                            400,
                            "the update names its dataset with USING and the request with using-graph-uri or using-named-graph-uri: give one of them",
                        );
                    }
                    *own = Some(using.clone());
                }
            }
        }
        if let Some(refusal) = update_refusal(&parsed) {
            return Response::text(400, refusal);
        }
        let Some(_slot) = self.slot() else {
            return self.busy_response();
        };
        self.bounded(move |graph| match graph.update(parsed) {
            Ok(()) => Response::new(204, "text/plain", ""),
            Err(e) => e.into(),
        })
    }

    /// `/questions`: the named questions, as JSON.
    fn list_questions(&self) -> Response {
        let list: Vec<serde_json::Value> = queries::all()
            .iter()
            .map(|q| {
                serde_json::json!({
                    "name": q.name,
                    "title": q.title,
                    "description": q.description,
                    "parameters": q.params.iter().map(|p| serde_json::json!({"name": p.name, "doc": p.doc})).collect::<Vec<_>>(),
                    "sparql": q.sparql,
                    "url": format!("/questions/{}", q.name),
                })
            })
            .collect();
        let mut body = serde_json::to_vec_pretty(&list).unwrap_or_default();
        body.push(b'\n');
        Response::new(200, "application/json", body)
    }

    /// `/questions/NAME?PARAM=VALUE…`: a named question, its parameters read
    /// as `entente query NAME --param PARAM=VALUE` reads them. With
    /// `Accept: application/sparql-query`, the question's SPARQL with the
    /// parameters bound (names resolved), for a client to run on any SPARQL
    /// server.
    fn question(&self, name: &str, request: &Request) -> Response {
        let query: NamedQuery = match queries::named(name) {
            Ok(query) => query,
            Err(e) => return e.into(),
        };
        let parsed = match queries::parse(&query.sparql) {
            Ok(parsed) => parsed,
            Err(e) => return e.into(),
        };
        let wants_text = request.accept.is_some_and(|accept| {
            accept
                .split(',')
                .any(|range| media_type(Some(range)).as_deref() == Some(QUERY_TEXT))
        });
        let format = match negotiate_for(&parsed, request.accept) {
            Ok(format) => format,
            Err(_) if wants_text => Format::Results(QueryResultsFormat::Json),
            Err(response) => return response,
        };
        let params = params(request.query.as_bytes());
        for (param, _) in &params {
            if !query.has_param(param) && !query.sparql.contains(&format!("?{param}")) {
                let known: Vec<&str> = query.params.iter().map(|p| p.name.as_str()).collect();
                return Response::text(
                    400,
                    format!(
                        "the question {} has no parameter {param:?}; its parameters are: {}",
                        query.name,
                        if known.is_empty() {
                            "none".to_owned()
                        } else {
                            known.join(", ")
                        }
                    ),
                );
            }
        }
        let Some(_slot) = self.slot() else {
            return self.busy_response();
        };
        let limits = self.limits();
        self.inline(move |graph| {
            let mut bindings = Vec::new();
            for (param, value) in &params {
                match resolve::parameter(graph, value, query.has_param(param)) {
                    Ok(term) => bindings.push((param.clone(), term)),
                    Err(e) => return e.context(format!("{param}={value}")).into(),
                }
            }
            if wants_text {
                return match graph.bound_query(&query.sparql, &bindings) {
                    Ok(text) => Response::new(200, QUERY_TEXT, text),
                    Err(e) => e.context(format!("in the question {}", query.name)).into(),
                };
            }
            match graph.query(&query.sparql, &bindings) {
                Ok(results) => answer(graph, results, format, limits),
                Err(e) => e.context(format!("in the question {}", query.name)).into(),
            }
        })
    }

    /// `/names?q=PARTIAL`: the names a user may mean while typing, for the
    /// page's completion (JSON list of strings).
    fn names(&self, request: &Request) -> Response {
        let params = params(request.query.as_bytes());
        let partial: String = values(&params, "q")
            .next()
            .map(|q| q.chars().take(200).collect())
            .unwrap_or_default();
        let Some(_slot) = self.slot() else {
            return self.busy_response();
        };
        self.inline(move |graph| match resolve::complete(graph, &partial, 12) {
            Ok(names) => json(&names),
            Err(e) => e.into(),
        })
    }

    /// `/labels` (`iri=…` repeated, as a query string or a form body): the
    /// label of each IRI that has one, as a JSON object.
    fn labels(&self, request: &Request, body: &mut dyn Read) -> Response {
        let mut all = params(request.query.as_bytes());
        match request.method {
            "GET" => {}
            "POST" => match read_body(body, self.options.max_body_bytes) {
                Ok(bytes) => all.extend(params(&bytes)),
                Err(response) => return response,
            },
            _ => return method_not_allowed(request, "GET, POST, OPTIONS"),
        }
        let iris: Vec<String> = values(&all, "iri").cloned().collect();
        if iris.len() > 10_000 {
            return Response::text(400, "at most 10000 IRIs at once");
        }
        let Some(_slot) = self.slot() else {
            return self.busy_response();
        };
        self.inline(move |graph| {
            match crate::output::Labels::for_iris(graph, iris.iter().map(String::as_str)) {
                Ok(labels) => json(
                    &iris
                        .iter()
                        .filter_map(|i| Some((i.clone(), labels.get(i)?.to_owned())))
                        .collect::<std::collections::BTreeMap<_, _>>(),
                ),
                Err(e) => e.into(),
            }
        })
    }

    /// `/graph.svg?focus=NAME&depth=K`: the actor graph (or the
    /// neighbourhood of an actor) drawn by Graphviz, as `entente dot` draws
    /// it, each actor a link to its description on the page.
    fn diagram(&self, request: &Request) -> Response {
        let params = params(request.query.as_bytes());
        let focus = values(&params, "focus").next().cloned();
        let depth = match values(&params, "depth").next().map(|d| d.parse::<usize>()) {
            None => 1,
            Some(Ok(depth)) if (1..=6).contains(&depth) => depth,
            Some(_) => return Response::text(400, "depth is a number of hops, 1 to 6"),
        };
        let Some(_slot) = self.slot() else {
            return self.busy_response();
        };
        self.bounded(move |graph| {
            let draw = || -> crate::Result<Vec<u8>> {
                use entente_graph::dot;
                let actors = crate::view::from_store(graph, None)?;
                let mut options = dot::DotOptions::default();
                if let Some(name) = &focus {
                    let named = resolve::resolve(graph, name)?;
                    let Some(centre) = actors.find(named.iri.as_str()) else {
                        return Err(Error::Invalid(format!(
                            "{} has no relations to draw",
                            named.label.as_deref().unwrap_or(named.iri.as_str())
                        )));
                    };
                    options.include = Some(dot::neighbourhood(&actors, centre, depth));
                    options.highlight = Some(centre);
                    options.title = Some(format!(
                        "{} and its neighbours within {depth} hop{}",
                        named.label.as_deref().unwrap_or(named.iri.as_str()),
                        if depth == 1 { "" } else { "s" }
                    ));
                }
                // Each actor opens its description on the page, as the
                // actor links of an answer do.
                options.links = Some(
                    actors
                        .graph
                        .node_indices()
                        .map(|ix| Some(describe_link(&actors.graph[ix].iri)))
                        .collect(),
                );
                let text = dot::render(&actors, &options);
                let (layout, _, _) = dot::plan(&actors, &options);
                Ok(dot::run_graphviz(&text, layout, "svg")?.bytes)
            };
            match draw() {
                Ok(svg) => Response::new(200, "image/svg+xml", svg),
                Err(e) => e.into(),
            }
        })
    }

    /// A Service Description of this endpoint (a bare GET of `/query`).
    fn service_description(&self, request: &Request) -> Response {
        let format = match negotiate(request.accept, RDF_OFFERS) {
            Some(format) => format,
            None => return not_acceptable(RDF_OFFERS),
        };
        const SD: &str = "http://www.w3.org/ns/sparql-service-description#";
        const FORMATS: &str = "http://www.w3.org/ns/formats/";
        let sd = |local: &str| NamedNode::new_unchecked(format!("{SD}{local}"));
        let service = BlankNode::new_unchecked("service");
        let mut triples = vec![
            Triple::new(
                service.clone(),
                NamedNode::new_unchecked(format!("{}type", vocab::RDF)),
                sd("Service"),
            ),
            Triple::new(
                service.clone(),
                sd("supportedLanguage"),
                sd("SPARQL11Query"),
            ),
            Triple::new(service.clone(), sd("feature"), sd("UnionDefaultGraph")),
            Triple::new(service.clone(), sd("feature"), sd("BasicFederatedQuery")),
        ];
        // BasicFederatedQuery is not offered: SERVICE is refused.
        triples.pop();
        if self.options.update_token.is_some() {
            triples.push(Triple::new(
                service.clone(),
                sd("supportedLanguage"),
                sd("SPARQL11Update"),
            ));
        }
        if let Some(iri) = request
            .host
            .and_then(|host| NamedNode::new(format!("http://{host}{}", request.path)).ok())
        {
            triples.push(Triple::new(service.clone(), sd("endpoint"), iri));
        }
        for name in [
            "SPARQL_Results_JSON",
            "SPARQL_Results_XML",
            "SPARQL_Results_CSV",
            "SPARQL_Results_TSV",
            "Turtle",
            "N-Triples",
            "N-Quads",
            "TriG",
            "RDF_XML",
        ] {
            triples.push(Triple::new(
                service.clone(),
                sd("resultFormat"),
                NamedNode::new_unchecked(format!("{FORMATS}{name}")),
            ));
        }
        triples.push(Triple::new(
            service,
            NamedNode::new_unchecked(format!("{}comment", vocab::RDFS)),
            Literal::new_simple_literal(
                "entente: an actor-relationship knowledge graph; the default graph is the union of the named graphs, one per source; SERVICE is refused",
            ),
        ));
        let mut body = Vec::new();
        let result = (|| {
            let mut writer = RdfSerializer::from_format(format)
                .with_prefix("sd", SD)
                .and_then(|s| s.with_prefix("formats", FORMATS))
                .expect("valid IRIs")
                .for_writer(&mut body);
            for triple in &triples {
                writer.serialize_triple(triple)?;
            }
            writer.finish().map(|_| ())
        })();
        match result {
            Ok(()) => Response::new(200, &content_type(format.media_type()), body),
            Err(e) => Error::Output(e).into(),
        }
    }

    /// The response of `work`, run on a thread of its own ([`Workers`]) with a handle on
    /// the graph whose evaluations are cancelled at this request's
    /// deadline. The engine checks its deadline at each quad it reads, and
    /// [`crate::interrupt`] at each row a sort or a grouping collects and
    /// each comparison of a sort, so an evaluation ends within moments of
    /// its deadline and stops using the CPU. Should one still run on (a step
    /// neither checks), the client gets its 503 a second after the deadline
    /// all the same, its place is given back, and the thread is counted in
    /// [`Self::runaways`] until it ends. A panic is a 500.
    fn bounded(&self, work: impl FnOnce(&KnowledgeGraph) -> Response + Send + 'static) -> Response {
        let token = CancellationToken::new();
        let registration = self
            .deadlines
            .register(Instant::now() + self.options.timeout, token.clone());
        let graph = self.graph.with_cancellation(token);
        // A rendezvous: an answer is either taken or refused to its sender,
        // so a runaway is counted exactly.
        let (sender, receiver) = std::sync::mpsc::sync_channel(0);
        let runaways = Arc::clone(&self.runaways);
        let spawned = self.workers.run(Box::new(move || {
            // A sort the engine does not interrupt is unwound at the
            // deadline (crate::interrupt) and answered 503.
            let response = match crate::interrupt::catch(|| work(&graph)) {
                Ok(response) => response,
                Err(e) => e.into(),
            };
            let memory = registration.memory();
            let response = memory.map_or(response, out_of_memory);
            drop(registration);
            if sender.send(response).is_err() {
                runaways.fetch_sub(1, Ordering::SeqCst);
            }
            if memory.is_some() {
                crate::memory::release();
                Retire::Yes
            } else {
                Retire::No
            }
        }));
        if let Err(e) = spawned {
            return Response::text(503, format!("cannot start the query: {e}"))
                .with("Retry-After", "1");
        }
        match receiver.recv_timeout(self.options.timeout + Duration::from_secs(1)) {
            Ok(response) => response,
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                self.runaways.fetch_add(1, Ordering::SeqCst);
                if let Ok(response) = receiver.try_recv() {
                    // It came in between: no runaway.
                    self.runaways.fetch_sub(1, Ordering::SeqCst);
                    return response;
                }
                drop(receiver);
                Error::Timeout {
                    seconds: self.options.timeout.as_secs_f64(),
                }
                .into()
            }
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => Response::text(
                500,
                "the query failed inside the engine (a bug of entente or Oxigraph); the endpoint goes on",
            ),
        }
    }

    /// The response of `work`, run on the request's own thread under the
    /// deadline [`Self::bounded`] gives, without its hand-over to a worker
    /// and back (two context switches, a third of a simple question's time
    /// under load). Only for SPARQL that entente itself writes (the shipped
    /// questions, completions, labels): the engine's cancellation or
    /// [`crate::interrupt`] stops each of its steps at the deadline, whereas
    /// a client's SPARQL may hold a step neither checks.
    fn inline(&self, work: impl FnOnce(&KnowledgeGraph) -> Response) -> Response {
        let token = CancellationToken::new();
        let registration = self
            .deadlines
            .register(Instant::now() + self.options.timeout, token.clone());
        let graph = self.graph.with_cancellation(token);
        let evaluated = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            crate::interrupt::catch(|| work(&graph))
        }));
        if let Some(usage) = registration.memory() {
            return out_of_memory(usage);
        }
        match evaluated {
            Ok(Ok(response)) => response,
            Ok(Err(e)) => e.into(),
            Err(_) => Response::text(
                500,
                "the question failed inside the engine (a bug of entente or Oxigraph); the endpoint goes on",
            ),
        }
    }

    /// Evaluations still running after their client was told they ran out
    /// of time (see [`Self::bounded`]).
    pub fn runaways(&self) -> usize {
        self.runaways.load(Ordering::SeqCst)
    }

    fn limits(&self) -> Limits {
        Limits {
            max_rows: self.options.max_rows,
            max_response_bytes: self.options.max_response_bytes,
        }
    }

    /// One of the [`Options::max_concurrent`] places, or `None` when all are taken.
    fn slot(&self) -> Option<Slot<'_>> {
        let before = self.busy.fetch_add(1, Ordering::SeqCst);
        if before >= self.options.max_concurrent {
            self.busy.fetch_sub(1, Ordering::SeqCst);
            return None;
        }
        Some(Slot(&self.busy))
    }

    fn busy_response(&self) -> Response {
        Response::text(
            503,
            format!(
                "busy: {} queries are running, the most this endpoint runs at once; try again in a second",
                self.options.max_concurrent
            ),
        )
        .with("Retry-After", "1")
    }
}

/// The limits an answer is serialised within.
#[derive(Debug, Clone, Copy)]
struct Limits {
    max_rows: usize,
    max_response_bytes: usize,
}

/// The answer serialised in `format`, within the row and byte limits.
fn answer(
    graph: &KnowledgeGraph,
    results: QueryResults,
    format: Format,
    limits: Limits,
) -> Response {
    let mut out = Capped {
        bytes: Vec::new(),
        max: limits.max_response_bytes,
        over: false,
    };
    match serialize(graph, results, format, limits.max_rows, &mut out) {
        Ok(()) => Response::new(200, &content_type(format.media_type()), out.bytes),
        Err(_) if out.over => Response::text(
            400,
            format!(
                "the answer is larger than {} bytes, the most this endpoint sends: add a LIMIT, or fewer columns",
                limits.max_response_bytes
            ),
        ),
        Err(Refused::Rows) => Response::text(
            400,
            format!(
                "the answer has more than {} rows, the most this endpoint sends: add a LIMIT (and OFFSET to page)",
                limits.max_rows
            ),
        ),
        Err(Refused::Error(e)) => e.into(),
    }
}

/// The page's address of a thing's description (`/#describe=IRI`), as the
/// page's own actor links write it.
fn describe_link(iri: &str) -> String {
    format!(
        "/#describe={}",
        form_urlencoded::byte_serialize(iri.as_bytes()).collect::<String>()
    )
}

/// A JSON response.
fn json(value: &impl serde::Serialize) -> Response {
    match serde_json::to_vec(value) {
        Ok(body) => Response::new(200, "application/json", body),
        Err(e) => Response::text(500, format!("cannot write JSON: {e}")),
    }
}

/// The page and its scripts, compiled in: the page works offline.
fn asset(path: &str) -> Option<(&'static str, &'static [u8])> {
    const HTML: &str = "text/html; charset=utf-8";
    const JS: &str = "text/javascript; charset=utf-8";
    const CSS: &str = "text/css; charset=utf-8";
    Some(match path {
        "/" | "/index.html" => (HTML, include_bytes!("../assets/index.html")),
        "/assets/page.js" => (JS, include_bytes!("../assets/page.js")),
        "/assets/page.css" => (CSS, include_bytes!("../assets/page.css")),
        "/assets/codemirror/codemirror.js" => {
            (JS, include_bytes!("../assets/codemirror/codemirror.js"))
        }
        "/assets/codemirror/codemirror.css" => {
            (CSS, include_bytes!("../assets/codemirror/codemirror.css"))
        }
        "/assets/codemirror/sparql.js" => (JS, include_bytes!("../assets/codemirror/sparql.js")),
        _ => return None,
    })
}

/// A query's format: results for SELECT and ASK, RDF for CONSTRUCT and DESCRIBE.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Results(QueryResultsFormat),
    Rdf(RdfFormat),
}

impl Format {
    fn media_type(self) -> &'static str {
        match self {
            Format::Results(f) => f.media_type(),
            Format::Rdf(f) => f.media_type(),
        }
    }
}

/// Text formats are UTF-8: said, so a browser shows a CSV's labels right.
fn content_type(media_type: &str) -> String {
    if media_type.starts_with("text/") && !media_type.contains("charset") {
        format!("{media_type}; charset=utf-8")
    } else {
        media_type.to_owned()
    }
}

/// A question's SPARQL as text (`/questions/NAME` with this `Accept`).
const QUERY_TEXT: &str = "application/sparql-query";

/// The results formats, in the order of preference when a client accepts several.
const RESULTS_OFFERS: &[(&str, QueryResultsFormat)] = &[
    ("application/sparql-results+json", QueryResultsFormat::Json),
    ("application/json", QueryResultsFormat::Json),
    ("application/sparql-results+xml", QueryResultsFormat::Xml),
    ("application/xml", QueryResultsFormat::Xml),
    ("text/csv", QueryResultsFormat::Csv),
    ("text/tab-separated-values", QueryResultsFormat::Tsv),
    ("text/xml", QueryResultsFormat::Xml),
];

/// The RDF formats of a CONSTRUCT or DESCRIBE answer (and of the service description).
const RDF_OFFERS: &[(&str, RdfFormat)] = &[
    ("text/turtle", RdfFormat::Turtle),
    ("application/n-triples", RdfFormat::NTriples),
    ("application/n-quads", RdfFormat::NQuads),
    ("application/trig", RdfFormat::TriG),
    ("application/rdf+xml", RdfFormat::RdfXml),
    ("text/plain", RdfFormat::NTriples),
];

fn negotiate_for(query: &spargebra::Query, accept: Option<&str>) -> Result<Format, Response> {
    match query {
        spargebra::Query::Select { .. } | spargebra::Query::Ask { .. } => {
            negotiate(accept, RESULTS_OFFERS)
                .map(Format::Results)
                .ok_or_else(|| not_acceptable(RESULTS_OFFERS))
        }
        _ => negotiate(accept, RDF_OFFERS)
            .map(Format::Rdf)
            .ok_or_else(|| not_acceptable(RDF_OFFERS)),
    }
}

fn not_acceptable<T>(offers: &[(&str, T)]) -> Response {
    Response::text(
        406,
        format!(
            "none of the formats the Accept header names; this answer is one of: {}",
            offers
                .iter()
                .map(|(m, _)| *m)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    )
}

/// The offer an `Accept` header prefers: q-values, `type/*` and `*/*`
/// wildcards, the most specific range deciding an offer's q (RFC 9110
/// §12.5.1); equal q-values go to the earlier offer. No header, or an empty
/// one, accepts the first offer.
///
/// ```
/// use entente::endpoint::negotiate;
/// let offers = [("application/json", 1), ("text/csv", 2)];
/// assert_eq!(negotiate(Some("text/*;q=0.9, application/json;q=0.5"), &offers), Some(2));
/// assert_eq!(negotiate(Some("*/*, text/csv;q=0"), &offers), Some(1));
/// assert_eq!(negotiate(Some("image/png"), &offers), None);
/// assert_eq!(negotiate(None, &offers), Some(1));
/// ```
pub fn negotiate<T: Copy>(accept: Option<&str>, offers: &[(&str, T)]) -> Option<T> {
    let accept = accept.map(str::trim).filter(|a| !a.is_empty());
    let Some(accept) = accept else {
        return offers.first().map(|(_, t)| *t);
    };
    let ranges: Vec<(String, String, f32)> = accept
        .split(',')
        .filter_map(|range| {
            let mut parts = range.split(';');
            let media = parts.next()?.trim().to_ascii_lowercase();
            let (main, sub) = media.split_once('/')?;
            let mut q = 1.0f32;
            for param in parts {
                if let Some((key, value)) = param.split_once('=') {
                    if key.trim().eq_ignore_ascii_case("q") {
                        q = value
                            .trim()
                            .parse()
                            .ok()
                            .filter(|q: &f32| (0.0..=1.0).contains(q))?;
                    }
                }
            }
            Some((main.trim().to_owned(), sub.trim().to_owned(), q))
        })
        .collect();
    let mut best: Option<(f32, T)> = None;
    for (media, value) in offers {
        let (main, sub) = media.split_once('/').unwrap_or((media, ""));
        let q = ranges
            .iter()
            .filter_map(|(m, s, q)| {
                let specificity = match (m.as_str(), s.as_str()) {
                    (m, s) if m == main && s == sub => 3,
                    (m, "*") if m == main => 2,
                    ("*", "*") => 1,
                    _ => return None,
                };
                Some((specificity, *q))
            })
            .max_by_key(|(specificity, _)| *specificity)
            .map(|(_, q)| q);
        if let Some(q) = q.filter(|q| *q > 0.0) {
            if best.is_none_or(|(b, _)| q > b) {
                best = Some((q, *value));
            }
        }
    }
    best.map(|(_, value)| value)
}

/// Why a query is refused before it runs: `SERVICE` anywhere in it.
fn refusal(query: &spargebra::Query) -> Option<&'static str> {
    let pattern = match query {
        spargebra::Query::Select { pattern, .. }
        | spargebra::Query::Construct { pattern, .. }
        | spargebra::Query::Describe { pattern, .. }
        | spargebra::Query::Ask { pattern, .. } => pattern,
    };
    has_service(pattern).then_some(SERVICE_REFUSED)
}

const SERVICE_REFUSED: &str = "SERVICE is refused: this endpoint does not fetch other servers for its clients (that would let anyone reach what it can reach)";

/// Why an update is refused before it runs: `SERVICE` in a WHERE, or `LOAD`
/// (which fetches a URL).
fn update_refusal(update: &spargebra::Update) -> Option<&'static str> {
    use spargebra::GraphUpdateOperation;
    for operation in &update.operations {
        match operation {
            GraphUpdateOperation::Load { .. } => {
                return Some("LOAD is refused: this endpoint does not fetch URLs for its clients; POST the data in an INSERT DATA")
            }
            GraphUpdateOperation::DeleteInsert { pattern, .. } if has_service(pattern) => {
                return Some(SERVICE_REFUSED)
            }
            _ => {}
        }
    }
    None
}

/// Whether a pattern holds a `SERVICE`, in a sub-pattern or an `EXISTS`.
fn has_service(pattern: &GraphPattern) -> bool {
    queries::nodes([pattern])
        .any(|(node, _)| matches!(node, queries::Node::Pattern(GraphPattern::Service { .. })))
}

/// Why serialising stopped.
enum Refused {
    Rows,
    Error(Error),
}

impl<E: Into<Error>> From<E> for Refused {
    fn from(e: E) -> Self {
        Refused::Error(e.into())
    }
}

/// What an answer's serializer writes before the writer under it sees it.
const WRITE_BUFFER: usize = 16 << 10;

/// Writes an answer with Oxigraph's serializers, counting rows against
/// `max_rows` and checking the deadline per row (the engine checks its own
/// only between some steps).
fn serialize(
    graph: &KnowledgeGraph,
    results: QueryResults,
    format: Format,
    max_rows: usize,
    out: &mut Capped,
) -> Result<(), Refused> {
    match (results, format) {
        (QueryResults::Boolean(value), Format::Results(f)) => {
            QueryResultsSerializer::from_format(f).serialize_boolean_to_writer(out, value)?;
        }
        (QueryResults::Solutions(solutions), Format::Results(f)) => {
            // XML cannot hold C0 control characters; CSV, TSV and JSON keep
            // the exact value, as on the command line.
            let mut xml_safe = crate::output::XmlText { inner: &mut *out };
            let out: &mut dyn Write = if f == QueryResultsFormat::Xml {
                &mut xml_safe
            } else {
                &mut *out
            };
            // The serializers write a token at a time: buffered, the checks
            // below them run per 16 KiB, not per token (a seventh of a
            // 20-row answer's time under load).
            let mut buffered = std::io::BufWriter::with_capacity(WRITE_BUFFER, out);
            let mut serializer = QueryResultsSerializer::from_format(f)
                .serialize_solutions_to_writer(&mut buffered, solutions.variables().to_vec())?;
            for (i, solution) in solutions.enumerate() {
                graph.ensure_time_left()?;
                if i >= max_rows {
                    return Err(Refused::Rows);
                }
                serializer.serialize(&solution?)?;
            }
            serializer.finish()?;
            buffered.flush()?;
        }
        (QueryResults::Graph(triples), Format::Rdf(f)) => {
            let mut serializer = RdfSerializer::from_format(f);
            for (prefix, namespace) in vocab::PREFIXES {
                serializer = serializer
                    .with_prefix(*prefix, *namespace)
                    .expect("the project's prefixes are valid IRIs");
            }
            let mut buffered = std::io::BufWriter::with_capacity(WRITE_BUFFER, out);
            let mut writer = serializer.for_writer(&mut buffered);
            for (i, triple) in triples.enumerate() {
                graph.ensure_time_left()?;
                if i >= max_rows {
                    return Err(Refused::Rows);
                }
                writer.serialize_triple(&triple?)?;
            }
            writer.finish()?;
            buffered.flush()?;
        }
        _ => {
            return Err(Refused::Error(Error::Invalid(
                "the answer's form does not match the negotiated format".to_owned(),
            )))
        }
    }
    Ok(())
}

/// A buffer that refuses to grow past `max` bytes.
struct Capped {
    bytes: Vec<u8>,
    max: usize,
    over: bool,
}

impl Write for Capped {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + buf.len() > self.max {
            self.over = true;
            return Err(std::io::Error::other("the answer is over the size limit"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A body, or 413 when it is longer than `max` bytes (read no further).
fn read_body(body: &mut dyn Read, max: usize) -> Result<Vec<u8>, Response> {
    let mut bytes = Vec::new();
    match body.take(max as u64 + 1).read_to_end(&mut bytes) {
        Ok(n) if n > max => Err(Response::text(
            413,
            format!("the request body is larger than {max} bytes, the most this endpoint reads"),
        )),
        Ok(_) => Ok(bytes),
        Err(e) => Err(Response::text(
            400,
            format!("cannot read the request body: {e}"),
        )),
    }
}

/// The media type of a `Content-Type`, without parameters, in lower case.
fn media_type(content_type: Option<&str>) -> Option<String> {
    content_type.map(|c| {
        c.split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase()
    })
}

/// Decoded `name=value` pairs of a query string or form body.
fn params(bytes: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(bytes)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

fn values<'a>(params: &'a [(String, String)], name: &'a str) -> impl Iterator<Item = &'a String> {
    params
        .iter()
        .filter(move |(k, _)| k == name)
        .map(|(_, v)| v)
}

fn only_get(request: &Request, answer: impl FnOnce() -> Response) -> Response {
    if request.method == "GET" {
        answer()
    } else {
        method_not_allowed(request, "GET, OPTIONS")
    }
}

fn method_not_allowed(request: &Request, allow: &str) -> Response {
    Response::text(
        405,
        format!(
            "{} is not answered at {}: use {allow}",
            request.method, request.path
        ),
    )
    .with("Allow", allow)
}

/// Compares a secret in time that does not depend on where it differs.
fn same_secret(given: &str, expected: &str) -> bool {
    given.len() == expected.len()
        && given
            .bytes()
            .zip(expected.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

/// One of the places [`Endpoint::slot`] hands out, given back when dropped.
struct Slot<'a>(&'a AtomicUsize);

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The threads that run queries, each kept for the next request when its
/// query ends: a new thread per request cost more than most questions
/// (mapping a stack, and unmapping it on every core: measured at a third
/// of the CPU under load). A query runs on an idle worker, else on a new
/// one; a worker idle for [`Workers::IDLE`] ends. A runaway query keeps
/// its worker until it ends; the next request gets another.
#[derive(Default)]
struct Workers {
    idle: Mutex<Vec<(u64, std::sync::mpsc::Sender<Job>)>>,
    next: AtomicU64,
}

/// A job, which says whether its worker should end rather than wait for
/// the next: one stopped for memory ends its thread, whose end gives the
/// allocator's pages of that thread back to the system (an idle worker
/// kept them, and the process stayed over its bound).
type Job = Box<dyn FnOnce() -> Retire + Send>;

/// Whether a worker ends after its job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Retire {
    No,
    Yes,
}

/// A worker's stack: the evaluator recurses once per level of a query, up
/// to [`queries::MAX_DEPTH`], which 2 MiB (a thread's default) did not hold
/// in a debug build. Address space: only what is used is touched.
const WORKER_STACK: usize = 64 << 20;

impl Workers {
    const IDLE: Duration = Duration::from_secs(30);

    fn run(self: &Arc<Self>, mut job: Job) -> std::io::Result<()> {
        loop {
            let Some((_, worker)) = self.lock().pop() else {
                break;
            };
            match worker.send(job) {
                Ok(()) => return Ok(()),
                // It ended while idle: try the next.
                Err(std::sync::mpsc::SendError(back)) => job = back,
            }
        }
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        let (sender, receiver) = std::sync::mpsc::channel::<Job>();
        let workers = Arc::downgrade(self);
        std::thread::Builder::new()
            .name("entente query".to_owned())
            .stack_size(WORKER_STACK)
            .spawn(move || {
                let mut job = job;
                loop {
                    if job() == Retire::Yes {
                        return;
                    }
                    let Some(pool) = workers.upgrade() else {
                        return;
                    };
                    pool.lock().push((id, sender.clone()));
                    drop(pool);
                    job = match receiver.recv_timeout(Self::IDLE) {
                        Ok(next) => next,
                        Err(_) => {
                            let Some(pool) = workers.upgrade() else {
                                return;
                            };
                            let mut idle = pool.lock();
                            let before = idle.len();
                            idle.retain(|(worker, _)| *worker != id);
                            let was_idle = idle.len() < before;
                            drop(idle);
                            drop(pool);
                            if was_idle {
                                // Nobody can have taken it since: end.
                                return;
                            }
                            // Taken just now: its job is on the way.
                            match receiver.recv() {
                                Ok(next) => next,
                                Err(_) => return,
                            }
                        }
                    };
                }
            })?;
        Ok(())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<(u64, std::sync::mpsc::Sender<Job>)>> {
        // A panic elsewhere cannot leave the list half-changed: keep serving.
        self.idle.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The 503 of an evaluation cancelled because the process held more
/// memory than [`Options::max_memory`].
fn out_of_memory(usage: crate::memory::Usage) -> Response {
    Response::text(
        503,
        format!(
            "the evaluations running needed more than the {} MiB of {} the endpoint may hold ({} MiB held), and were stopped: ask for fewer rows, or sort and group less",
            usage.limit >> 20,
            usage.measure,
            usage.bytes >> 20
        ),
    )
    .with("Retry-After", "1")
}

/// A running evaluation: its deadline, its token, and why it was
/// cancelled before it if it was for memory.
struct Running {
    id: u64,
    at: Instant,
    token: CancellationToken,
    memory: Arc<OnceLock<crate::memory::Usage>>,
}

/// The deadlines of running evaluations: one thread cancels each at its
/// time, instead of a sleeping thread per request.
#[derive(Default)]
struct Deadlines {
    running: Mutex<Vec<Running>>,
    next: AtomicU64,
}

impl Deadlines {
    fn register(self: &Arc<Self>, at: Instant, token: CancellationToken) -> Registration {
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        let memory = Arc::new(OnceLock::new());
        self.lock().push(Running {
            id,
            at,
            token,
            memory: memory.clone(),
        });
        Registration {
            deadlines: self.clone(),
            id,
            memory,
        }
    }

    fn cancel_expired(&self) {
        let now = Instant::now();
        self.lock().retain(|running| {
            if running.at <= now {
                running.token.cancel();
                false
            } else {
                true
            }
        });
    }

    /// Cancels every running evaluation: the process holds more memory
    /// than it may, and which of them grew is not known.
    fn cancel_all(&self, usage: crate::memory::Usage) {
        for running in self.lock().drain(..) {
            let _ = running.memory.set(usage);
            running.token.cancel();
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Running>> {
        // A panic elsewhere cannot leave the list half-changed: keep serving.
        self.running.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A request's deadline, forgotten when the request ends.
struct Registration {
    deadlines: Arc<Deadlines>,
    id: u64,
    memory: Arc<OnceLock<crate::memory::Usage>>,
}

impl Registration {
    /// The memory the process held when this evaluation was cancelled for
    /// it, if it was.
    fn memory(&self) -> Option<crate::memory::Usage> {
        self.memory.get().copied()
    }
}

impl Drop for Registration {
    fn drop(&mut self) {
        self.deadlines
            .lock()
            .retain(|running| running.id != self.id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_worker_runs_the_next_query_and_a_busy_one_leaves_it_to_another() {
        let workers = Arc::new(Workers::default());
        let (done, finished) = std::sync::mpsc::channel();
        let job = |done: std::sync::mpsc::Sender<std::thread::ThreadId>| -> Job {
            Box::new(move || {
                done.send(std::thread::current().id()).unwrap();
                Retire::No
            })
        };
        workers.run(job(done.clone())).unwrap();
        let first = finished.recv().unwrap();
        // Back among the idle once its job is done.
        let idle = Instant::now();
        while workers.lock().is_empty() {
            assert!(idle.elapsed() < Duration::from_secs(10), "never idle again");
            std::thread::sleep(Duration::from_millis(1));
        }
        workers.run(job(done.clone())).unwrap();
        assert_eq!(finished.recv().unwrap(), first, "not the same thread");
        // One held busy: the next query runs on another thread.
        while workers.lock().is_empty() {
            std::thread::sleep(Duration::from_millis(1));
        }
        let (release, held) = std::sync::mpsc::channel::<()>();
        let busy = done.clone();
        workers
            .run(Box::new(move || {
                held.recv().unwrap();
                busy.send(std::thread::current().id()).unwrap();
                Retire::No
            }))
            .unwrap();
        workers.run(job(done)).unwrap();
        let other = finished.recv().unwrap();
        assert_ne!(other, first);
        release.send(()).unwrap();
        assert_eq!(finished.recv().unwrap(), first);
    }

    fn endpoint(options: Options) -> Endpoint {
        Endpoint::new(KnowledgeGraph::with_seed_data().unwrap(), options)
    }

    fn get(endpoint: &Endpoint, path: &str, query: &str, accept: Option<&str>) -> Response {
        let request = Request {
            query,
            accept,
            ..Request::get(path)
        };
        endpoint.handle(&request, &mut std::io::empty())
    }

    fn encoded(sparql: &str) -> String {
        form_urlencoded::Serializer::new(String::new())
            .append_pair("query", sparql)
            .finish()
    }

    #[test]
    fn a_malformed_query_is_400_with_its_place() {
        let e = endpoint(Options::default());
        let r = get(&e, "/query", &encoded("SELECT ?s WHERE { ?s ?p }"), None);
        assert_eq!(r.status, 400);
        let body = String::from_utf8(r.body).unwrap();
        assert!(body.contains("line 1, column"), "{body}");
    }

    #[test]
    fn service_is_refused_even_inside_exists() {
        let e = endpoint(Options::default());
        let q = "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } } }";
        let r = get(&e, "/query", &encoded(q), None);
        assert_eq!(r.status, 400);
        assert!(String::from_utf8(r.body)
            .unwrap()
            .contains("SERVICE is refused"));
    }

    #[test]
    fn rows_over_the_limit_are_refused_under_it_served() {
        let e = endpoint(Options {
            max_rows: 3,
            ..Options::default()
        });
        let q = "SELECT ?s WHERE { ?s a ?k }";
        assert_eq!(get(&e, "/query", &encoded(q), None).status, 400);
        let r = get(&e, "/query", &encoded(&format!("{q} LIMIT 3")), None);
        assert_eq!(r.status, 200);
    }

    #[test]
    fn a_slow_query_ends_at_its_deadline_and_frees_its_place() {
        let e = endpoint(Options {
            timeout: Duration::from_millis(200),
            max_concurrent: 1,
            max_rows: usize::MAX,
            max_response_bytes: usize::MAX,
            ..Options::default()
        });
        let q = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }";
        let started = Instant::now();
        let r = get(&e, "/query", &encoded(q), None);
        assert_eq!(r.status, 503, "{}", String::from_utf8_lossy(&r.body));
        assert!(started.elapsed() < Duration::from_secs(20));
        let r = get(&e, "/query", &encoded("ASK { ?s ?p ?o }"), None);
        assert_eq!(r.status, 200);
    }

    #[test]
    fn a_question_on_the_requests_own_thread_ends_at_its_deadline() {
        let e = endpoint(Options {
            timeout: Duration::from_millis(200),
            ..Options::default()
        });
        let started = Instant::now();
        let caller = std::thread::current().id();
        let r = e.inline(|graph| {
            assert_eq!(std::thread::current().id(), caller);
            loop {
                if let Err(e) = graph.ensure_time_left() {
                    return e.into();
                }
                if started.elapsed() > Duration::from_secs(10) {
                    return Response::text(200, "never cancelled");
                }
                std::thread::sleep(Duration::from_millis(5));
            }
        });
        assert_eq!(r.status, 503, "{}", String::from_utf8_lossy(&r.body));
        assert!(started.elapsed() < Duration::from_secs(5));
        // Its deadline is forgotten: the next question has its own.
        let r = get(&e, "/questions/agreements", "", None);
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    }

    #[test]
    fn a_control_character_is_kept_in_json_and_replaced_only_in_xml() {
        let e = endpoint(Options::default());
        let q = encoded(r#"SELECT ("a\u0001b" AS ?x) {}"#);
        let json = get(&e, "/query", &q, Some("application/sparql-results+json"));
        assert_eq!(json.status, 200);
        let body = String::from_utf8(json.body).unwrap();
        assert!(body.contains(r#""a\u0001b""#), "{body}");
        let xml = get(&e, "/query", &q, Some("application/sparql-results+xml"));
        let body = String::from_utf8(xml.body).unwrap();
        assert!(body.contains("a\u{FFFD}b"), "{body}");
    }

    #[test]
    fn a_body_over_the_limit_is_413() {
        let e = endpoint(Options {
            max_body_bytes: 10,
            ..Options::default()
        });
        let request = Request {
            method: "POST",
            content_type: Some("application/sparql-query"),
            ..Request::get("/query")
        };
        let r = e.handle(&request, &mut "ASK { ?s ?p ?o }".as_bytes());
        assert_eq!(r.status, 413);
    }
}
