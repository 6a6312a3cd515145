//! What can go wrong, by cause: one error type for the whole library, so the
//! command line (exit codes) and an endpoint (HTTP statuses) map each cause
//! once, through [`Error::kind`].
//!
//! Messages say what the user can do about the fault: the file, line and
//! column of bad input, the closest names to an unknown one, the candidates
//! of an ambiguous one.

pub use crate::ingest::InputError;
use std::path::PathBuf;

/// A failure of the library, with its cause.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file's content is wrong at a place (RDF, CSV).
    #[error(transparent)]
    Input(#[from] InputError),

    /// SPARQL that does not parse; the message shows the line and a caret.
    #[error("{message}")]
    Syntax {
        message: String,
        /// 1-based line and column of the fault, when the parser gave them.
        position: Option<(usize, usize)>,
    },

    /// A name the graph does not know.
    #[error("no {what} {}{}", quoted(name), listed(known, closest))]
    UnknownName {
        name: String,
        /// What was looked for: `actor or agreement is named`, `kind named`…
        what: &'static str,
        /// How the known names are introduced: `the closest names are`…
        known: &'static str,
        /// The closest names the graph does know, best first.
        closest: Vec<String>,
    },

    /// A name that denotes several things.
    #[error("{name:?} is ambiguous: it names {} things; use one of their IRIs:\n{}", candidates.len(), candidates.iter().map(|c| format!("  {c}")).collect::<Vec<_>>().join("\n"))]
    Ambiguous {
        name: String,
        /// Each candidate as `label (id, kinds)`.
        candidates: Vec<String>,
    },

    /// An argument, option or query that cannot be used as given.
    #[error("{0}")]
    Invalid(String),

    /// A file that cannot be read or written. (The cause is in the message,
    /// so it is not also a `source()`: a printer of chains would repeat it.)
    #[error("{}: {cause}", path.display())]
    Io {
        path: PathBuf,
        cause: std::io::Error,
    },

    /// Writing an answer failed (a closed pipe, a full disk); the cause is
    /// in the message, as for [`Error::Io`].
    #[error("cannot write the answer: {0}")]
    Output(std::io::Error),

    /// The query engine failed while evaluating.
    #[error("query failed: {0}")]
    Evaluation(oxigraph::sparql::QueryEvaluationError),

    /// A query ran out of the time it was given (`--timeout`).
    #[error("the query ran out of time after {seconds} s (--timeout SECONDS gives it more)")]
    Timeout { seconds: f64 },

    /// The store failed (storage, a persistent store corrupt).
    #[error("the store failed: {0}")]
    Storage(#[from] oxigraph::store::StorageError),

    /// A persistent store another process holds open for writing (RocksDB
    /// lets one writer at a time; readers open it read-only meanwhile).
    #[error("store {} is in use by another entente process (a load or an import writing to it): try again when it has finished; questions can read the store meanwhile ({cause})", dir.display())]
    StoreInUse {
        dir: std::path::PathBuf,
        cause: String,
    },

    /// A SPARQL endpoint (`--endpoint URL`) that could not be reached or
    /// refused the request: the message says which, with the server's own
    /// words for an HTTP error.
    #[error("the endpoint {url}: {message}")]
    Remote {
        url: String,
        message: String,
        /// The HTTP status, when the server answered.
        status: Option<u16>,
    },

    /// An analysis or the DOT export refused its input.
    #[error(transparent)]
    Analysis(#[from] entente_graph::Error),

    /// An error with what was being done when it happened. Its message is
    /// the whole chain, so it is not also given as `source()` (a printer of
    /// chains would repeat it); [`Error::root`] reaches the cause.
    #[error("{context}: {cause}")]
    Context { context: String, cause: Box<Error> },
}

/// Who can fix an [`Error`]: the basis of exit codes and HTTP statuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The user's input or arguments are wrong (HTTP 400).
    Invalid,
    /// A name, query or file that does not exist (HTTP 404).
    NotFound,
    /// A name that denotes several things (HTTP 409).
    Ambiguous,
    /// The work took longer than it was allowed (HTTP 503).
    Timeout,
    /// The store, the disk or the query engine failed (HTTP 500).
    Internal,
}

impl Error {
    /// Who can fix it, looking through contexts.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Input(_) | Error::Syntax { .. } | Error::Invalid(_) => ErrorKind::Invalid,
            Error::UnknownName { .. } => ErrorKind::NotFound,
            Error::Io { cause, .. } if cause.kind() == std::io::ErrorKind::NotFound => {
                ErrorKind::NotFound
            }
            Error::Ambiguous { .. } => ErrorKind::Ambiguous,
            Error::Timeout { .. } => ErrorKind::Timeout,
            Error::Analysis(entente_graph::Error::Invalid(_)) => ErrorKind::Invalid,
            Error::Context { cause, .. } => cause.kind(),
            Error::Remote {
                status: Some(400), ..
            } => ErrorKind::Invalid,
            Error::Io { .. }
            | Error::Output(_)
            | Error::Evaluation(_)
            | Error::Storage(_)
            | Error::StoreInUse { .. }
            | Error::Remote { .. }
            | Error::Analysis(_) => ErrorKind::Internal,
        }
    }

    /// The error without its contexts.
    pub fn root(&self) -> &Error {
        match self {
            Error::Context { cause, .. } => cause.root(),
            other => other,
        }
    }

    /// Whether the answer could not be written because its reader went away
    /// (`entente … | head`): not a failure of the command.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self.root(), Error::Output(e) if e.kind() == std::io::ErrorKind::BrokenPipe)
    }

    /// This error, with what was being done.
    pub fn context(self, context: impl Into<String>) -> Self {
        Error::Context {
            context: context.into(),
            cause: Box::new(self),
        }
    }

    /// A SPARQL syntax error with the offending line and a caret under the place
    /// (Oxigraph says `error at LINE:COLUMN: …`).
    pub fn syntax(sparql: &str, message: &str) -> Error {
        let place = message.strip_prefix("error at ").and_then(|rest| {
            let (position, detail) = rest.split_once(": ")?;
            let (line, column) = position.split_once(':')?;
            Some((
                line.parse::<usize>().ok()?,
                column.parse::<usize>().ok()?,
                detail,
            ))
        });
        let place = place.map(|(line, column, detail)| match keyword_overshoot(detail) {
            Some(overshoot) => fault_before(sparql, line, column, overshoot),
            None if detail.contains("Prefix not found") => unknown_prefix(sparql, line, column),
            None => (line, column, detail.to_owned()),
        });
        match place {
            Some((line, column, detail)) => {
                let text = sparql
                    .lines()
                    .nth(line.saturating_sub(1))
                    .unwrap_or_default();
                // A window of the line around the fault: a one-line query
                // of megabytes gives a message of a few lines.
                let (text, caret_at) = crate::text::window(text, column.saturating_sub(1), 60);
                let caret = format!("{}^", " ".repeat(caret_at));
                let detail = crate::text::for_people(&detail, 300);
                Error::Syntax {
                    message: format!(
                        "invalid SPARQL at line {line}, column {column}: {detail}\n  {text}\n  {caret}"
                    ),
                    position: Some((line, column)),
                }
            }
            None => Error::Syntax {
                message: format!("invalid SPARQL: {message}"),
                position: None,
            },
        }
    }

    /// A file error at `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            cause: source,
        }
    }
}

/// How far past the fault spargebra's reported place lies. It matches a
/// keyword by taking as many characters as the keyword has and comparing
/// them, so its furthest failure, the place it reports, is a keyword's
/// length past where the text went wrong (or the end of the text, `[_]`):
/// `FILTER (?a = ) . ?x ?y ?z` is "expected ENCODE_FOR_URI" 14 characters
/// after the `)`. When every expectation is a keyword, the shortest one
/// was tried furthest on; a character class or a message (`['%']`,
/// "Prefix not found") failed at the place itself.
fn keyword_overshoot(detail: &str) -> Option<usize> {
    let list = detail
        .strip_prefix("expected one of ")
        .or_else(|| detail.strip_prefix("expected "))?;
    let mut shortest: Option<usize> = None;
    for item in list.split(", ") {
        if item == "[_]" {
            continue;
        }
        if item.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && item.chars().any(|c| c.is_ascii_alphabetic())
        {
            let length = item.chars().count();
            shortest = Some(shortest.map_or(length, |s| s.min(length)));
        } else {
            return None;
        }
    }
    shortest
}

/// spargebra's "expected one of Prefix not found, ['%'], …" at the end of a
/// prefixed name whose prefix is undeclared: the name's start, and the name.
fn unknown_prefix(sparql: &str, line: usize, column: usize) -> (usize, usize, String) {
    let text = sparql
        .lines()
        .nth(line.saturating_sub(1))
        .unwrap_or_default();
    let before: Vec<char> = text.chars().take(column.saturating_sub(1)).collect();
    let start = before
        .iter()
        .rposition(|c| !(c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ':' | '%')))
        .map_or(0, |p| p + 1);
    let name: String = before[start..].iter().collect();
    let prefix = name.split(':').next().unwrap_or_default();
    (
        line,
        start + 1,
        format!("the prefix {prefix}: of {name} is not declared (PREFIX {prefix}: <IRI>)"),
    )
}

/// The place `overshoot` characters before line:column (both 1-based), and
/// what stands there.
fn fault_before(
    sparql: &str,
    line: usize,
    column: usize,
    overshoot: usize,
) -> (usize, usize, String) {
    let chars: Vec<char> = sparql.chars().collect();
    let mut offset = 0;
    let mut current = 1;
    while current < line && offset < chars.len() {
        if chars[offset] == '\n' {
            current += 1;
        }
        offset += 1;
    }
    let reported = (offset + column.saturating_sub(1)).min(chars.len());
    let fault = reported.saturating_sub(overshoot);
    let line = 1 + chars[..fault].iter().filter(|&&c| c == '\n').count();
    let column = 1 + chars[..fault]
        .iter()
        .rev()
        .take_while(|&&c| c != '\n')
        .count();
    // The fault is between here and the reported place: show that stretch
    // (to the end of its last word), not one token that may not be it.
    let mut end = reported.max(fault + 1).min(chars.len());
    while end < chars.len() && end - fault < 40 && !chars[end].is_whitespace() {
        end += 1;
    }
    let stretch: String = chars[fault..end].iter().take(40).collect();
    let stretch = stretch.trim_end();
    let detail = if stretch.is_empty() {
        "unexpected end of the query".to_owned()
    } else {
        format!("the query cannot be read from here: {stretch:?}")
    };
    (line, column, detail)
}

impl From<oxigraph::sparql::QueryEvaluationError> for Error {
    fn from(e: oxigraph::sparql::QueryEvaluationError) -> Self {
        match e {
            // Only a deadline cancels (store::KnowledgeGraph::with_timeout).
            oxigraph::sparql::QueryEvaluationError::Cancelled => Error::Timeout {
                seconds: timeout_seconds(),
            },
            other => Error::Evaluation(other),
        }
    }
}

impl From<oxigraph::store::LoaderError> for Error {
    fn from(e: oxigraph::store::LoaderError) -> Self {
        match e {
            oxigraph::store::LoaderError::Storage(e) => Error::Storage(e),
            other => Error::Invalid(other.to_string()),
        }
    }
}

impl From<oxigraph::sparql::UpdateEvaluationError> for Error {
    fn from(e: oxigraph::sparql::UpdateEvaluationError) -> Self {
        Error::Invalid(format!("update failed: {e}"))
    }
}

impl From<std::io::Error> for Error {
    /// I/O without a path is writing an answer (reading a file names its path
    /// through [`Error::io`]).
    fn from(e: std::io::Error) -> Self {
        Error::Output(e)
    }
}

/// The time the last deadline gave, in milliseconds: the engine's
/// cancellation says only "cancelled", the message says after how long.
static TIMEOUT_MILLIS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

pub(crate) fn remember_timeout(timeout: std::time::Duration) {
    TIMEOUT_MILLIS.store(
        timeout.as_millis().try_into().unwrap_or(u64::MAX),
        std::sync::atomic::Ordering::Relaxed,
    );
}

pub(crate) fn timeout_seconds() -> f64 {
    TIMEOUT_MILLIS.load(std::sync::atomic::Ordering::Relaxed) as f64 / 1000.0
}

/// A name as the user gave it, quoted and escaped, cut after 200
/// characters: a name of megabytes gives a message of a line.
fn quoted(name: &str) -> String {
    const SHOWN: usize = 200;
    if name.chars().count() <= SHOWN {
        return format!("{name:?}");
    }
    let head: String = name.chars().take(SHOWN).collect();
    format!("{head:?}… ({} characters)", name.chars().count())
}

fn listed(known: &str, names: &[String]) -> String {
    if names.is_empty() {
        String::new()
    } else {
        format!("; {known}: {}", names.join(", "))
    }
}

/// Returns an [`Error::Invalid`] with a formatted message.
macro_rules! invalid {
    ($($message:tt)*) => {
        return Err($crate::error::Error::Invalid(format!($($message)*)))
    };
}
pub(crate) use invalid;

/// Adds what was being done to an error, as `anyhow::Context` does.
pub trait Context<T> {
    fn context(self, context: impl Into<String>) -> Result<T>;
    fn with_context<S: Into<String>>(self, context: impl FnOnce() -> S) -> Result<T>;
}

impl<T, E: Into<Error>> Context<T> for std::result::Result<T, E> {
    fn context(self, context: impl Into<String>) -> Result<T> {
        self.map_err(|e| e.into().context(context))
    }
    fn with_context<S: Into<String>>(self, context: impl FnOnce() -> S) -> Result<T> {
        self.map_err(|e| e.into().context(context()))
    }
}

/// The result of a library call.
pub type Result<T, E = Error> = std::result::Result<T, E>;
