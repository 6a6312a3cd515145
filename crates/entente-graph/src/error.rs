//! What can go wrong in an analysis or an export, as values a caller can
//! match on (the `entente` crate maps them to exit codes and HTTP statuses).

use std::path::PathBuf;

/// An analysis or export that cannot give an answer.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An option or input the caller gave is not usable (a personalization
    /// vector of the wrong length, an actor outside the graph…).
    #[error("{0}")]
    Invalid(String),
    /// Graphviz is not installed, or failed on the DOT it was given.
    #[error("{0}")]
    Graphviz(String),
    /// A file the caller named could not be read or written.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Returns an [`Error::Invalid`] with a formatted message.
macro_rules! invalid {
    ($($message:tt)*) => {
        return Err($crate::Error::Invalid(format!($($message)*)))
    };
}
pub(crate) use invalid;

/// The result of an analysis or export.
pub type Result<T, E = Error> = std::result::Result<T, E>;
