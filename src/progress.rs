//! Progress of long work, reported to an observer the caller gives: the
//! library never draws on a terminal; the command line draws bars.

/// What is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Bytes,
    Rows,
}

/// Told about long work as it goes. Shared with the parser's thread, hence
/// `Sync`. Every method has a default that does nothing.
pub trait Progress: Sync {
    /// Work on `label` starts: `total` units to go.
    fn start(&self, label: &str, total: u64, unit: Unit) {
        let _ = (label, total, unit);
    }
    /// `done` more units are done.
    fn advance(&self, done: u64) {
        let _ = done;
    }
    /// The work on the last label started is over (or failed).
    fn finish(&self) {}
}

/// An observer that ignores everything.
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Progress for Silent {}
