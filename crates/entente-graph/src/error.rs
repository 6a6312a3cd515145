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

/// A date the caller gave that is not a day is a bad option like any other,
/// so `?` on [`Day`](crate::Day) parsing gives an [`Error::Invalid`] with its
/// reason.
impl From<crate::date::DayError> for Error {
    fn from(e: crate::date::DayError) -> Self {
        Error::Invalid(e.to_string())
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Day;

    #[test]
    fn a_date_that_is_no_day_is_an_invalid_option() {
        let parse = |s: &str| -> Result<Day> { Ok(s.parse::<Day>()?) };
        let e = parse("2023-02-30").unwrap_err();
        assert!(
            matches!(&e, Error::Invalid(m) if m.contains("no such day in that month")),
            "{e}"
        );
        assert_eq!(parse("2023-02").unwrap().to_string(), "2023-02-01");
    }
}
