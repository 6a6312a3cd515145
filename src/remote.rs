//! A SPARQL 1.1 Protocol client: the queries of a [`KnowledgeGraph`] opened
//! with [`KnowledgeGraph::remote`] go to a server (`entente serve`, Oxigraph
//! server, Virtuoso, QLever…) instead of the embedded store, and come back
//! as the same [`QueryResults`] the embedded store gives, so every verb's
//! output is the same.
//!
//! HTTP is oxhttp's client (the crate `entente serve` runs on; HTTPS by
//! rustls, certificates checked against the system's roots, or those
//! `SSL_CERT_FILE` / `SSL_CERT_DIR` name), answers are read by Oxigraph's
//! own parsers (W3C JSON results, N-Triples). What real servers do that the
//! protocol does not say is handled here, once:
//! - a query goes as a GET while its URL is short, else as a form POST (never
//!   `application/sparql-query`, on which Virtuoso 7.2 hangs; it also cuts
//!   GETs over ~10 KB silently);
//! - `Accept` is always sent (Virtuoso answers XML without it), and JSON
//!   results are asked for (Virtuoso's TSV is off-spec);
//! - Virtuoso answers an ASK with a one-column table: read as the boolean;
//! - paths over the schema (`rdfs:subClassOf*`), on which Virtuoso loses
//!   rows, are evaluated here over the server's schema triples and sent as
//!   `VALUES` ([`schema_paths`]);
//! - Virtuoso, which answers a single quad pattern right but loses rows or
//!   fails where a query combines them, is sent only quad patterns: the
//!   query is evaluated here over their quads ([`decompose`]);
//! - the rows Virtuoso repeats under `SELECT DISTINCT` are dropped;
//! - Virtuoso's other lexical forms of the same values (`"1"^^xsd:boolean`,
//!   `"1.0"^^xsd:double`) are read in Oxigraph's canonical form;
//! - Virtuoso's blank nodes `nodeID://b123` (an IRI in N-Triples, a blank
//!   node label Oxigraph's parser refuses in JSON) become blank nodes.
//!
//! [`KnowledgeGraph`]: crate::store::KnowledgeGraph
//! [`KnowledgeGraph::remote`]: crate::store::KnowledgeGraph::remote

mod decompose;
mod schema_paths;

use crate::error::{invalid, Error, Result};
use oxhttp::model::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use oxhttp::model::{Body, Method, Request};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::vocab::xsd;
use oxigraph::model::{BlankNode, Literal, NamedOrBlankNode, Term, Triple};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsParser};
use oxigraph::sparql::{
    QueryEvaluationError, QueryResults, QuerySolution, QuerySolutionIter, QueryTripleIter,
};
use std::time::Duration;

/// A query URL longer than this goes as a form POST: Virtuoso cuts longer
/// GETs without a word, and proxies commonly refuse URLs over 8 KB.
const LONGEST_GET: usize = 4000;

/// What is kept of an error response's body in the message.
const SHOWN_BODY: usize = 2000;

/// A SPARQL endpoint: its URL and how long a request may take.
#[derive(Debug, Clone)]
pub struct Endpoint {
    url: String,
    timeout: Option<Duration>,
    token: Option<String>,
    /// The server's SPARQL 1.1 Graph Store Protocol URL, where a load
    /// posts its files ([`Endpoint::post_quads`]).
    graph_store: Option<String>,
}

impl Endpoint {
    /// An endpoint at `url` (`http://` or `https://HOST:PORT/PATH`), refused
    /// here when it is not one, not at the first query.
    pub fn new(url: &str) -> Result<Self> {
        checked_url("--endpoint", url)?;
        Ok(Self {
            url: url.to_owned(),
            timeout: None,
            token: None,
            graph_store: None,
        })
    }

    /// The same endpoint, loads posting each file to the server's Graph
    /// Store Protocol URL `url` (Oxigraph server's `/store`) in one request
    /// instead of `INSERT DATA` in pieces.
    pub fn with_graph_store(mut self, url: &str) -> Result<Self> {
        checked_url("--graph-store", url)?;
        self.graph_store = Some(url.to_owned());
        Ok(self)
    }

    /// The Graph Store Protocol URL loads post to, if any.
    pub fn graph_store(&self) -> Option<&str> {
        self.graph_store.as_deref()
    }

    /// Adds the quads `n_quads` reads (N-Quads, each in its graph) to the
    /// Graph Store in one request (`POST`, no `graph` parameter: a dataset
    /// whose quads join their graphs), streamed as it is read. One request
    /// is one transaction on Oxigraph's server, and keeps the identity of
    /// a blank node across its file.
    pub fn post_quads(&self, n_quads: impl std::io::Read + 'static) -> Result<()> {
        let Some(url) = &self.graph_store else {
            return Err(self.failure("no Graph Store URL to post the quads to (--graph-store URL)"));
        };
        let body = Body::from_read(n_quads);
        self.request_to(
            url,
            Method::POST,
            url,
            Some(("application/n-quads", body)),
            "*/*",
        )?;
        Ok(())
    }

    /// The same endpoint, every request failing after `timeout` without an
    /// answer (connecting, sending, or waiting for bytes).
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The same endpoint, updates sent with `Authorization: Bearer TOKEN`
    /// (as `entente serve --allow-update --token` asks).
    pub fn with_token(mut self, token: Option<String>) -> Self {
        self.token = token;
        self
    }

    /// The URL queries go to.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Runs a query (its text as spargebra writes it, its paths over the
    /// schema answered first: [`schema_paths`]; on Virtuoso, its quads
    /// fetched and the query evaluated here: [`decompose`]) and reads the
    /// answer.
    pub fn query(&self, query: &spargebra::Query) -> Result<QueryResults<'static>> {
        let query = schema_paths::inlined(self, query)?;
        if let Some(answer) = decompose::answered(self, &query)? {
            return Ok(answer);
        }
        self.query_as_written(&query)
    }

    /// Runs a query as it is.
    fn query_as_written(&self, query: &spargebra::Query) -> Result<QueryResults<'static>> {
        let text = blank_nodes_as_variables(
            &query.to_string(),
            matches!(query, spargebra::Query::Construct { .. }),
        );
        let graph_form = matches!(
            query,
            spargebra::Query::Construct { .. } | spargebra::Query::Describe { .. }
        );
        let accept = if graph_form {
            "application/n-triples, text/plain;q=0.9, text/turtle;q=0.8"
        } else {
            "application/sparql-results+json, application/sparql-results+xml;q=0.8"
        };
        let (content_type, body) = self.send("query", &text, accept)?;
        if graph_form {
            return self.read_graph(&content_type, body);
        }
        let answer = self.read_solutions(&content_type, body)?;
        match (query, answer) {
            // Virtuoso answers an ASK with a table of one `__ASK_RETVAL`
            // column (1 or 0; no row for false) instead of a boolean.
            (spargebra::Query::Ask { .. }, QueryResults::Solutions(rows)) => {
                let mut value = false;
                for row in rows {
                    let row = row.map_err(|e| self.failure(&e.to_string()))?;
                    value |= row.values().iter().flatten().any(|t| match t {
                        Term::Literal(l) => !matches!(l.value(), "0" | "false"),
                        _ => true,
                    });
                }
                Ok(QueryResults::Boolean(value))
            }
            // Virtuoso answers some DISTINCT queries with the same row twice.
            (
                spargebra::Query::Select {
                    pattern: spargebra::algebra::GraphPattern::Distinct { .. },
                    ..
                },
                QueryResults::Solutions(rows),
            ) => {
                let variables = rows.variables().to_vec();
                let mut seen = std::collections::HashSet::new();
                let mut distinct = Vec::new();
                for row in rows {
                    let row = row.map_err(|e| self.failure(&e.to_string()))?;
                    if seen.insert(row.values().to_vec()) {
                        distinct.push(Ok(row));
                    }
                }
                Ok(QueryResults::Solutions(QuerySolutionIter::new(
                    variables.into(),
                    distinct,
                )))
            }
            (_, answer) => Ok(answer),
        }
    }

    /// Runs a SPARQL Update (form POST, `update=`).
    pub fn update(&self, text: &str) -> Result<()> {
        let body: String = form_urlencoded::Serializer::new(String::new())
            .append_pair("update", text)
            .finish();
        self.request(Method::POST, &self.url, Some(body.into_bytes()), "*/*")?;
        Ok(())
    }

    /// Sends `text` as the `name` parameter: a GET while short, else a
    /// form POST. Returns the response's media type and body.
    fn send(&self, name: &str, text: &str, accept: &str) -> Result<(String, Vec<u8>)> {
        let encoded: String = form_urlencoded::Serializer::new(String::new())
            .append_pair(name, text)
            .finish();
        let separator = if self.url.contains('?') { '&' } else { '?' };
        if self.url.len() + encoded.len() < LONGEST_GET {
            let url = format!("{}{separator}{encoded}", self.url);
            self.request(Method::GET, &url, None, accept)
        } else {
            self.request(Method::POST, &self.url, Some(encoded.into_bytes()), accept)
        }
    }

    /// A request to the endpoint's URL (`url` is it, with its query
    /// string for a GET), a form as its body if any.
    fn request(
        &self,
        method: Method,
        url: &str,
        form: Option<Vec<u8>>,
        accept: &str,
    ) -> Result<(String, Vec<u8>)> {
        let body = form.map(|form| ("application/x-www-form-urlencoded", Body::from(form)));
        self.request_to(&self.url, method, url, body, accept)
    }

    /// A request to `url`, its errors naming `named` (the URL without the
    /// query string); a body (its media type and bytes) carries the token.
    fn request_to(
        &self,
        named: &str,
        method: Method,
        url: &str,
        body: Option<(&str, Body)>,
        accept: &str,
    ) -> Result<(String, Vec<u8>)> {
        let failure = |message: &str| failure_at(named, message);
        let tls = tls_roots();
        if url.starts_with("https:") {
            tls.clone().map_err(|e| failure(&e))?;
        }
        // Without roots oxhttp would panic following a redirect to https://:
        // then a redirect is not followed but told.
        let redirections = if tls.is_ok() { 5 } else { 0 };
        let mut builder = Request::builder()
            .method(method)
            .uri(url)
            .header(ACCEPT, accept);
        let body = match body {
            Some((media_type, body)) => {
                builder = builder.header(CONTENT_TYPE, media_type);
                if let Some(token) = &self.token {
                    builder = builder.header(AUTHORIZATION, format!("Bearer {token}"));
                }
                body
            }
            None => Body::empty(),
        };
        let request = builder
            .body(body)
            .map_err(|e| failure(&format!("cannot build the request: {e}")))?;
        let mut client = oxhttp::Client::new()
            .with_redirection_limit(redirections)
            .with_user_agent(concat!("entente/", env!("CARGO_PKG_VERSION")))
            .map_err(|e| failure(&e.to_string()))?;
        if let Some(timeout) = self.timeout {
            client = client.with_global_timeout(timeout);
        }
        let response = client.request(request).map_err(|e| match &tls {
            Err(why) if e.to_string().contains("redirect") => {
                failure(&format!("{e}: not followed, as {why}"))
            }
            _ => self.io_failure_at(named, e),
        })?;
        let status = response.status();
        let header = |name| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned()
        };
        let content_type = header(CONTENT_TYPE);
        let body = response
            .into_body()
            .to_vec()
            .map_err(|e| self.io_failure_at(named, e))?;
        if !status.is_success() {
            let text = String::from_utf8_lossy(&body);
            let text = crate::text::for_people(text.trim(), SHOWN_BODY);
            return Err(Error::Remote {
                url: named.to_owned(),
                message: if text.is_empty() {
                    format!("HTTP {status}")
                } else {
                    format!("HTTP {status}: {text}")
                },
                status: Some(status.as_u16()),
            });
        }
        Ok((content_type, body))
    }

    fn failure(&self, message: &str) -> Error {
        failure_at(&self.url, message)
    }

    /// A socket's or TLS's failure in the user's words, naming `url`.
    fn io_failure_at(&self, url: &str, e: std::io::Error) -> Error {
        use std::io::ErrorKind as K;
        let tls = e
            .get_ref()
            .and_then(|inner| inner.downcast_ref::<rustls::Error>());
        let message = match (tls, e.kind()) {
            (Some(tls), _) => tls_words(tls),
            (None, K::ConnectionRefused) => {
                "connection refused: no server listens there (is it started? is the port right?)"
                    .to_owned()
            }
            (None, K::TimedOut | K::WouldBlock) => match self.timeout {
                Some(t) => format!(
                    "no answer within {} s (--timeout SECONDS gives it more)",
                    t.as_secs_f64()
                ),
                None => "the request timed out".to_owned(),
            },
            (None, K::UnexpectedEof | K::ConnectionReset) if url.starts_with("https:") => format!(
                "the server closed the connection ({e}); over https:// it may have refused the TLS handshake"
            ),
            _ => e.to_string(),
        };
        failure_at(url, &message)
    }

    /// A SELECT's or an ASK's answer.
    fn read_solutions(&self, content_type: &str, body: Vec<u8>) -> Result<QueryResults<'static>> {
        let format = QueryResultsFormat::from_media_type(content_type).ok_or_else(|| {
            self.failure(&format!(
                "the answer is {content_type:?}, not a SPARQL results format"
            ))
        })?;
        let body = if format == QueryResultsFormat::Json {
            json_without_node_ids(body)
        } else {
            body
        };
        let output = QueryResultsParser::from_format(format)
            .for_reader(std::io::Cursor::new(body))
            .map_err(|e| self.failure(&format!("cannot read the answer: {e}")))?;
        let url = self.url.clone();
        Ok(match output {
            oxigraph::sparql::results::ReaderQueryResultsParserOutput::Boolean(b) => {
                QueryResults::Boolean(b)
            }
            oxigraph::sparql::results::ReaderQueryResultsParserOutput::Solutions(reader) => {
                let variables = reader.variables().to_vec();
                QueryResults::Solutions(QuerySolutionIter::new(
                    variables.into(),
                    reader.map(move |s| {
                        s.map(canonical_solution).map_err(|e| {
                            QueryEvaluationError::Service(
                                format!("{url}: cannot read the answer: {e}").into(),
                            )
                        })
                    }),
                ))
            }
        })
    }

    /// A CONSTRUCT's or a DESCRIBE's answer.
    fn read_graph(&self, content_type: &str, body: Vec<u8>) -> Result<QueryResults<'static>> {
        let media = content_type.split(';').next().unwrap_or_default().trim();
        // Virtuoso calls N-Triples text/plain.
        let format = if media == "text/plain" {
            Some(RdfFormat::NTriples)
        } else {
            RdfFormat::from_media_type(media)
        };
        let format = format.ok_or_else(|| {
            self.failure(&format!(
                "the answer is {content_type:?}, not an RDF format"
            ))
        })?;
        let triples: Vec<Triple> = RdfParser::from_format(format)
            .for_reader(std::io::Cursor::new(body))
            .map(|q| {
                q.map(|q| {
                    let triple = without_node_ids(q.into());
                    Triple::new(triple.subject, triple.predicate, canonical(triple.object))
                })
                .map_err(|e| self.failure(&format!("cannot read the answer: {e}")))
            })
            .collect::<Result<_>>()?;
        Ok(QueryResults::Graph(QueryTripleIter::new(
            triples.into_iter().map(Ok),
        )))
    }
}

/// An error of the endpoint at `url`, without an HTTP status.
fn failure_at(url: &str, message: &str) -> Error {
    Error::Remote {
        url: url.to_owned(),
        message: message.to_owned(),
        status: None,
    }
}

/// `url` if it is an `http://` or `https://` URL with a host; else an error
/// naming the `option` it was given to.
fn checked_url(option: &str, url: &str) -> Result<()> {
    let parsed: oxhttp::model::Uri = url
        .parse()
        .map_err(|e| Error::Invalid(format!("{option} {url:?} is not a URL: {e}")))?;
    if !matches!(parsed.scheme_str(), Some("http" | "https")) {
        invalid!("{option} {url:?}: expected an http:// or https:// URL of a SPARQL server");
    }
    if parsed.host().is_none() {
        invalid!("{option} {url:?}: the URL has no host");
    }
    Ok(())
}

/// Whether HTTPS can verify certificates: oxhttp builds its TLS
/// configuration (rustls, the platform verifier) once, at its first HTTPS
/// request, and panics when no root certificate is found (`SSL_CERT_FILE`
/// naming a missing file, a system without a CA bundle). The same
/// configuration built here first makes that an error.
fn tls_roots() -> std::result::Result<(), String> {
    static READY: std::sync::OnceLock<std::result::Result<(), String>> = std::sync::OnceLock::new();
    READY
        .get_or_init(|| {
            use rustls_platform_verifier::ConfigVerifierExt;
            rustls::ClientConfig::with_platform_verifier()
                .map(drop)
                .map_err(|e| {
                    format!(
                        "no trusted certificate to check the server's against ({e}): \
                         set SSL_CERT_FILE (or SSL_CERT_DIR) to PEM files of trusted CAs, \
                         or install the system's (Debian: the ca-certificates package)"
                    )
                })
        })
        .clone()
}

/// A TLS failure in the user's words, rustls's own after them.
fn tls_words(e: &rustls::Error) -> String {
    use rustls::{CertificateError as C, Error as E};
    let why = match e {
        E::InvalidCertificate(C::UnknownIssuer | C::BadSignature) => {
            "the server's TLS certificate is not signed by an authority this system trusts \
             (a private CA: SSL_CERT_FILE=ca.pem trusts the CAs in that file instead of the system's)"
        }
        E::InvalidCertificate(C::NotValidForName | C::NotValidForNameContext { .. }) => {
            "the server's TLS certificate is for another host name (use the name it was issued for)"
        }
        E::InvalidCertificate(
            C::Expired | C::ExpiredContext { .. } | C::NotValidYet | C::NotValidYetContext { .. },
        ) => "the server's TLS certificate is out of its dates (or this machine's clock is)",
        E::InvalidCertificate(_) => "the server's TLS certificate is refused",
        E::AlertReceived(_) => "the server refused the TLS handshake",
        E::InvalidMessage(_)
        | E::InappropriateMessage { .. }
        | E::InappropriateHandshakeMessage { .. } => {
            "the server does not speak TLS there (a plain http:// server?)"
        }
        E::PeerIncompatible(_) => {
            "the server and entente share no TLS version or cipher suite"
        }
        _ => "TLS failed",
    };
    format!("{why}: {e}")
}

/// The query text with the blank nodes of its patterns written as
/// variables (`_:b1` → `?_b1`, the same thing in a pattern): spargebra
/// writes a property path's hidden steps as blank nodes, which Virtuoso
/// refuses as the subject of `*` or `+`. A CONSTRUCT's template keeps its
/// blank nodes; strings and IRIs are left alone.
fn blank_nodes_as_variables(text: &str, construct: bool) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    // A CONSTRUCT's template is its first `{ … }`: rewriting starts after it.
    let mut in_template = construct;
    let mut depth = 0usize;
    while at < bytes.len() {
        let c = bytes[at];
        match c {
            b'"' | b'\'' => {
                // A string to its closing quote (spargebra escapes quotes inside).
                let start = at;
                at += 1;
                while at < bytes.len() && bytes[at] != c {
                    at += if bytes[at] == b'\\' { 2 } else { 1 };
                }
                at = (at + 1).min(bytes.len());
                out.push_str(&text[start..at]);
                continue;
            }
            b'<' if text[at..]
                .find('>')
                .is_some_and(|end| !text[at..at + end].contains(char::is_whitespace)) =>
            {
                let end = at + text[at..].find('>').unwrap_or(0) + 1;
                out.push_str(&text[at..end]);
                at = end;
                continue;
            }
            b'{' => depth += 1,
            b'}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 && in_template {
                    in_template = false;
                }
            }
            b'_' if !in_template
                && bytes.get(at + 1) == Some(&b':')
                && (at == 0 || !bytes[at - 1].is_ascii_alphanumeric()) =>
            {
                let end = text[at + 2..]
                    .find(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '_'))
                    .map_or(text.len(), |e| at + 2 + e);
                out.push_str("?_");
                out.push_str(&text[at + 2..end]);
                at = end;
                continue;
            }
            _ => {}
        }
        let ch = text[at..].chars().next().unwrap_or(' ');
        out.push(ch);
        at += ch.len_utf8();
    }
    out
}

/// A term as the embedded store would give it. Virtuoso writes the same
/// values in other lexical forms: booleans as `"1"` and `"0"`, doubles as
/// `"1.0"`; such literals are written again in Oxigraph's canonical form.
fn canonical(term: Term) -> Term {
    let Term::Literal(l) = &term else {
        return term;
    };
    let datatype = l.datatype();
    let again = if datatype == xsd::BOOLEAN {
        match l.value() {
            "1" => Some(Literal::from(true)),
            "0" => Some(Literal::from(false)),
            _ => None,
        }
    } else if datatype == xsd::DOUBLE {
        l.value().parse::<f64>().ok().map(Literal::from)
    } else if datatype == xsd::FLOAT {
        l.value().parse::<f32>().ok().map(Literal::from)
    } else {
        None
    };
    match again {
        Some(again) if again.value() != l.value() => again.into(),
        _ => term,
    }
}

/// A solution with its terms [`canonical`].
fn canonical_solution(solution: QuerySolution) -> QuerySolution {
    let changes = |t: &Term| canonical(t.clone()) != *t;
    if !solution.values().iter().flatten().any(changes) {
        return solution;
    }
    let values: Vec<Option<Term>> = solution
        .values()
        .iter()
        .map(|v| v.clone().map(canonical))
        .collect();
    (solution.variables().to_vec(), values).into()
}

/// Virtuoso's name of a blank node.
const NODE_ID: &str = "nodeID://";

/// A triple with Virtuoso's `<nodeID://…>` IRIs as blank nodes.
fn without_node_ids(triple: Triple) -> Triple {
    let subject = match triple.subject {
        NamedOrBlankNode::NamedNode(n) if n.as_str().starts_with(NODE_ID) => {
            NamedOrBlankNode::BlankNode(node_id(n.as_str()))
        }
        other => other,
    };
    let object = match triple.object {
        Term::NamedNode(n) if n.as_str().starts_with(NODE_ID) => {
            Term::BlankNode(node_id(n.as_str()))
        }
        other => other,
    };
    Triple::new(subject, triple.predicate, object)
}

/// The blank node of a `nodeID://b123`.
fn node_id(text: &str) -> BlankNode {
    let id: String = text[NODE_ID.len()..]
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    BlankNode::new(format!("v{id}")).unwrap_or_default()
}

/// W3C JSON results with Virtuoso's blank nodes (`"type": "bnode", "value":
/// "nodeID://b123"`, or the same as a `uri`) given labels Oxigraph's parser
/// reads. Answers without them are passed through untouched.
fn json_without_node_ids(body: Vec<u8>) -> Vec<u8> {
    if !body.windows(NODE_ID.len()).any(|w| w == NODE_ID.as_bytes()) {
        return body;
    }
    let Ok(mut json) = serde_json::from_slice::<serde_json::Value>(&body) else {
        return body;
    };
    if let Some(rows) = json
        .pointer_mut("/results/bindings")
        .and_then(|b| b.as_array_mut())
    {
        for row in rows {
            let Some(row) = row.as_object_mut() else {
                continue;
            };
            for value in row.values_mut() {
                let Some(text) = value.get("value").and_then(|v| v.as_str()) else {
                    continue;
                };
                if text.starts_with(NODE_ID) {
                    let label = node_id(text).as_str().to_owned();
                    *value = serde_json::json!({ "type": "bnode", "value": label });
                }
            }
        }
    }
    serde_json::to_vec(&json).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn virtuoso_node_ids_become_blank_nodes_in_json_results() {
        let body = br#"{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"bnode","value":"nodeID://b10007"}}]}}"#;
        let fixed = json_without_node_ids(body.to_vec());
        let endpoint = Endpoint::new("http://127.0.0.1:1/sparql").unwrap();
        let QueryResults::Solutions(mut rows) = endpoint
            .read_solutions("application/sparql-results+json", fixed)
            .unwrap()
        else {
            panic!("solutions expected")
        };
        let row = rows.next().unwrap().unwrap();
        assert!(matches!(row.get("x"), Some(Term::BlankNode(_))), "{row:?}");
    }

    #[test]
    fn blank_nodes_of_patterns_become_variables_but_not_in_templates_or_strings() {
        let select = r#"SELECT ?c WHERE { ?t a _:b1 . _:b1 <urn:p>* ?c . FILTER(?c != "_:x") }"#;
        assert_eq!(
            blank_nodes_as_variables(select, false),
            r#"SELECT ?c WHERE { ?t a ?_b1 . ?_b1 <urn:p>* ?c . FILTER(?c != "_:x") }"#
        );
        let construct = "CONSTRUCT { _:n <urn:p> ?c . } WHERE { ?c <urn:q> _:m . }";
        assert_eq!(
            blank_nodes_as_variables(construct, true),
            "CONSTRUCT { _:n <urn:p> ?c . } WHERE { ?c <urn:q> ?_m . }"
        );
    }

    #[test]
    fn virtuoso_booleans_and_doubles_are_read_in_the_canonical_form() {
        let body = br#"{"head":{"vars":["b","d","s"]},"results":{"bindings":[{
            "b":{"type":"typed-literal","datatype":"http://www.w3.org/2001/XMLSchema#boolean","value":"1"},
            "d":{"type":"typed-literal","datatype":"http://www.w3.org/2001/XMLSchema#double","value":"1.0"},
            "s":{"type":"literal","value":"1.0"}}]}}"#;
        let endpoint = Endpoint::new("http://127.0.0.1:1/sparql").unwrap();
        let QueryResults::Solutions(mut rows) = endpoint
            .read_solutions("application/sparql-results+json", body.to_vec())
            .unwrap()
        else {
            panic!("solutions expected")
        };
        let row = rows.next().unwrap().unwrap();
        assert_eq!(row.get("b"), Some(&Literal::from(true).into()));
        assert_eq!(row.get("d"), Some(&Literal::from(1.0f64).into()));
        // A string is a string: left as it is.
        assert_eq!(
            row.get("s"),
            Some(&Literal::new_simple_literal("1.0").into())
        );
    }

    #[test]
    fn http_and_https_are_taken_and_other_schemes_refused_before_any_request() {
        for url in ["http://127.0.0.1:7878/query", "https://example.org/sparql"] {
            assert_eq!(Endpoint::new(url).unwrap().url(), url);
        }
        for url in ["ftp://x/", "not a url", "file:///tmp/x", "https:///sparql"] {
            let error = Endpoint::new(url).unwrap_err();
            assert_eq!(error.kind(), crate::ErrorKind::Invalid, "{url}: {error}");
            assert!(error.to_string().contains(url), "{url}: {error}");
        }
    }
}
