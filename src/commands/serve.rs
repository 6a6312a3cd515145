//! `entente serve`: the knowledge graph over HTTP — the SPARQL 1.1 Protocol
//! at `/query`, the named questions at `/questions` — on oxhttp. What a
//! request means and which limit answers it is `entente::endpoint`'s; this
//! file moves bytes between a socket and it.

use super::{note, Global};
use anyhow::{Context, Result};
use entente::endpoint::{Endpoint, Options, Request};
use oxhttp::model::{Body, Response, StatusCode};
use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;
use std::time::Duration;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The address to listen on; the default answers this machine only
    /// (port 0 takes a free port, printed at start).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:7878")]
    pub bind: SocketAddr,

    /// Accepts SPARQL Update (POST /update) and the Graph Store's POST
    /// /store (a file loaded as `entente load` loads it) from clients that
    /// send `Authorization: Bearer TOKEN`.
    #[arg(long, requires = "token")]
    pub allow_update: bool,

    /// The token an update must carry (with --allow-update).
    #[arg(
        long,
        value_name = "TOKEN",
        env = "ENTENTE_TOKEN",
        requires = "allow_update",
        hide_env_values = true
    )]
    pub token: Option<String>,

    /// Lets web pages from ORIGIN call the endpoint (CORS); none by default.
    #[arg(long, value_name = "ORIGIN")]
    pub cors: Option<String>,

    /// Queries evaluated at once; more get 503 with Retry-After.
    #[arg(long, value_name = "N", default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..))]
    pub max_concurrent: u16,

    /// The most rows (or triples) an answer has; a larger one is refused.
    #[arg(long, value_name = "N", default_value_t = 100_000)]
    pub max_rows: usize,

    /// The largest request body, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = 1 << 20)]
    pub max_body: usize,

    /// The largest answer, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = 64 << 20)]
    pub max_response: usize,
}

/// The time a query gets when `--timeout` is not given.
const SERVE_TIMEOUT_SECONDS: f64 = 30.0;

pub fn run(args: &Args, global: &Global) -> Result<()> {
    let timeout = Duration::from_secs_f64(global.timeout.unwrap_or(SERVE_TIMEOUT_SECONDS));
    let options = Options {
        timeout,
        max_body_bytes: args.max_body,
        max_rows: args.max_rows,
        max_response_bytes: args.max_response,
        max_concurrent: usize::from(args.max_concurrent),
        update_token: args.token.clone().filter(|_| args.allow_update),
        cors_origin: args.cors.clone(),
        max_memory: global.memory_limit(),
    };
    entente::memory::set_release(release_freed_memory);
    let endpoint = Arc::new(Endpoint::new(global.open_for_serving()?, options));
    let (server, address) = listen(args.bind, &endpoint, timeout)?;
    note!(
        "entente: serving http://{address}/ — SPARQL at /query, named questions at /questions ({}; a query gets {} s)",
        if args.allow_update { "updates with the token" } else { "read-only" },
        timeout.as_secs_f64()
    );
    server.join().context("the server stopped")?;
    Ok(())
}

/// The running server and the address it listens on. oxhttp binds the
/// socket itself and does not say which port 0 became, so a free port is
/// found first (and another tried if it is taken in between).
fn listen(
    bind: SocketAddr,
    endpoint: &Arc<Endpoint>,
    timeout: Duration,
) -> Result<(oxhttp::ListeningServer, SocketAddr)> {
    // Connections beyond the queries that run at once wait in line for a
    // thread; the queries among them beyond the limit get 503.
    let connections = (endpoint.options().max_concurrent * 16).max(64);
    let mut attempts = 0;
    loop {
        let address = if bind.port() == 0 {
            TcpListener::bind(bind)
                .and_then(|l| l.local_addr())
                .with_context(|| format!("cannot listen on {bind}"))?
        } else {
            bind
        };
        let handler = Arc::clone(endpoint);
        let server = oxhttp::Server::new(move |request| respond(&handler, request))
            .bind(address)
            // A client that stops sending or reading is dropped, so it
            // cannot hold a connection's thread for ever.
            .with_global_timeout(timeout + Duration::from_secs(30))
            .with_max_concurrent_connections(connections);
        match server.spawn() {
            Ok(server) => return Ok((server, address)),
            Err(_) if bind.port() == 0 && attempts < 5 => attempts += 1,
            Err(e) => return Err(e).with_context(|| format!("cannot listen on {address}")),
        }
    }
}

/// One HTTP exchange: the request's parts handed to the endpoint, its
/// answer made an HTTP response.
fn respond(endpoint: &Endpoint, request: &mut oxhttp::model::Request<Body>) -> Response<Body> {
    let header = |name: &str| {
        request
            .headers()
            .get(name)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned)
    };
    let (content_type, accept, authorization, host) = (
        header("content-type"),
        header("accept"),
        header("authorization"),
        header("host"),
    );
    let method = request.method().as_str().to_owned();
    let path = request.uri().path().to_owned();
    let query = request.uri().query().unwrap_or_default().to_owned();
    let answer = endpoint.handle(
        &Request {
            method: &method,
            path: &path,
            query: &query,
            content_type: content_type.as_deref(),
            accept: accept.as_deref(),
            authorization: authorization.as_deref(),
            host: host.as_deref(),
        },
        request.body_mut(),
    );
    let mut response = Response::builder()
        .status(StatusCode::from_u16(answer.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR));
    for (name, value) in &answer.headers {
        response = response.header(*name, value.as_str());
    }
    response
        .body(Body::from(answer.body))
        .unwrap_or_else(|_| Response::new(Body::from("the response could not be built")))
}

/// Gives the pages the calling thread freed back to the system at once
/// (`entente::memory::release`, after a query stopped for memory):
/// mimalloc, the binary's allocator (src/main.rs), keeps them for reuse,
/// and the endpoint stayed over its bound, stopping every query after.
fn release_freed_memory() {
    // SAFETY: mi_collect has no precondition; it collects the calling
    // thread's own heap (and abandoned ones).
    unsafe { libmimalloc_sys::mi_collect(true) }
}
