//! Running the `entente` binary the way a user does, for the CLI tests:
//! one way to start it, in an environment of its own.

use assert_cmd::Command;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The binary with a clean environment (only `PATH` and `HOME` kept), so no
/// `ENTENTE_STORE`, `GRAPHVIZ_DOT` or `COLUMNS` of the developer's shell
/// changes an answer.
pub fn entente() -> Command {
    clean(Command::cargo_bin("entente").unwrap())
}

/// The binary as [`entente`] starts it, with its address space limited to
/// `bytes` (`ulimit -v` in a shell that then becomes the binary): an input
/// that makes it grow past the limit fails instead of filling the machine.
pub fn entente_within(bytes: u64) -> Command {
    let mut cmd = clean(Command::new("sh"));
    cmd.arg("-c")
        .arg(format!("ulimit -v {} && exec \"$0\" \"$@\"", bytes / 1024))
        .arg(env!("CARGO_BIN_EXE_entente"));
    cmd
}

fn clean(mut cmd: Command) -> Command {
    cmd.env_clear();
    for kept in ["PATH", "HOME"] {
        if let Some(value) = std::env::var_os(kept) {
            cmd.env(kept, value);
        }
    }
    cmd
}

/// The binary on a persistent store.
#[cfg(feature = "rocksdb")]
pub fn entente_on(store: &Path) -> Command {
    let mut cmd = entente();
    cmd.arg("--store").arg(store);
    cmd
}

/// Runs `entente ARGS --format csv` and returns its rows as column → value
/// maps (W3C SPARQL CSV for questions, plain CSV for analyses). An empty
/// answer (exit code 1, "no answer") gives no rows.
pub fn records(args: &[&str]) -> Vec<HashMap<String, String>> {
    let output = entente()
        .args(args)
        .args(["--format", "csv"])
        .output()
        .unwrap();
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "entente {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    csv_records(&output.stdout)
}

/// CSV text with a header as column → value maps, one per row.
pub fn csv_records(csv: &[u8]) -> Vec<HashMap<String, String>> {
    let mut reader = csv::Reader::from_reader(csv);
    let header = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            header
                .iter()
                .map(str::to_owned)
                .zip(r.iter().map(str::to_owned))
                .collect()
        })
        .collect()
}

/// Runs `entente ARGS --format table` and returns what it printed.
pub fn table(args: &[&str]) -> String {
    let output = entente()
        .args(args)
        .args(["--format", "table"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "entente {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// Runs `entente ARGS`, which must fail, and returns its error output.
pub fn failure(args: &[&str]) -> String {
    let output = entente().args(args).output().unwrap();
    assert!(!output.status.success(), "entente {args:?} should fail");
    String::from_utf8(output.stderr).unwrap()
}

/// A file of `tests/fixtures/`.
pub fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path)
}

/// A data set shipped in `datasets/` (the files users import, not copies).
pub fn dataset(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("datasets")
        .join(name)
}

pub use crate::snapshots::{assert_graphviz_clean, assert_snapshot, graphviz_available};

/// A running `entente GLOBAL… serve --bind 127.0.0.1:0 SERVE…`, started
/// on a free port and returned once it listens; killed when dropped.
pub struct Served {
    pub child: std::process::Child,
    /// `http://127.0.0.1:PORT`, no trailing slash.
    pub base: String,
}

impl Served {
    // The child is waited for by `Drop for Served` (clippy sees only this function).
    #[allow(clippy::zombie_processes)]
    pub fn start(global: &[&str], serve: &[&str]) -> Served {
        use std::io::BufRead;
        use std::process::Stdio;
        let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("entente"));
        command.env_clear();
        for kept in ["PATH", "HOME"] {
            if let Some(value) = std::env::var_os(kept) {
                command.env(kept, value);
            }
        }
        let mut child = command
            .args(global)
            .args(["serve", "--bind", "127.0.0.1:0"])
            .args(serve)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stderr = std::io::BufReader::new(child.stderr.take().unwrap());
        let mut line = String::new();
        loop {
            line.clear();
            if stderr.read_line(&mut line).unwrap_or(0) == 0 {
                let _ = child.kill();
                let status = child.wait();
                panic!("entente serve ended before listening: {status:?}");
            }
            if let Some(at) = line.find("serving http://") {
                let rest = &line[at + "serving ".len()..];
                let base = rest[..rest.find(' ').unwrap()]
                    .trim_end_matches('/')
                    .to_owned();
                // Drains what the server says later, so it never blocks on a full pipe.
                std::thread::spawn(move || std::io::copy(&mut stderr, &mut std::io::sink()));
                return Served { child, base };
            }
        }
    }

    /// The URL of a path on the server (`/query`).
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
