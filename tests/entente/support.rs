//! Running the `entente` binary the way a user does, for the CLI tests:
//! one way to start it, in an environment of its own.

use assert_cmd::Command;
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Stdio;

/// The binary with a clean environment (only `PATH` and `HOME` kept), so no
/// `ENTENTE_STORE`, `GRAPHVIZ_DOT` or `COLUMNS` of the developer's shell
/// changes an answer.
pub fn entente() -> Command {
    let mut cmd = Command::cargo_bin("entente").unwrap();
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
    let mut reader = csv::Reader::from_reader(output.stdout.as_slice());
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

pub fn snapshot_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots")
}

/// Compares `actual` with `tests/snapshots/NAME`; `UPDATE_SNAPSHOTS=1`
/// (re)writes it. A missing snapshot is written and the test fails once.
pub fn assert_snapshot(name: &str, actual: &str) {
    let path = snapshot_dir().join(name);
    let update = std::env::var("UPDATE_SNAPSHOTS").is_ok_and(|v| !v.is_empty() && v != "0");
    if update || !path.exists() {
        std::fs::create_dir_all(snapshot_dir()).unwrap();
        std::fs::write(&path, actual).unwrap();
        if !update {
            panic!(
                "new snapshot {} written: review it and run the tests again",
                path.display()
            );
        }
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap();
    assert!(
        expected == actual,
        "{} differs from the output (UPDATE_SNAPSHOTS=1 to accept):\n{}",
        path.display(),
        first_difference(&expected, actual)
    );
}

fn first_difference(expected: &str, actual: &str) -> String {
    let line = expected
        .lines()
        .zip(actual.lines())
        .position(|(a, b)| a != b)
        .unwrap_or(expected.lines().count().min(actual.lines().count()));
    format!(
        "line {}\nexpected: {:?}\nactual:   {:?}",
        line + 1,
        expected.lines().nth(line),
        actual.lines().nth(line)
    )
}

/// Whether Graphviz's `dot` can run. Under CI (`CI` set, as `.ci/run` does)
/// a missing `dot` fails the test; elsewhere the caller skips with a notice.
pub fn graphviz_available() -> bool {
    let ok = std::process::Command::new("dot")
        .arg("-V")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        if std::env::var_os("CI").is_some() {
            panic!("Graphviz's `dot` is missing, and CI must have it (apt-get install graphviz)");
        }
        eprintln!("notice: Graphviz's `dot` is not installed; skipping the Graphviz checks");
    }
    ok
}

/// `dot -Tsvg` accepts the text with no message at all.
pub fn assert_graphviz_clean(name: &str, dot: &str) {
    let mut child = std::process::Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("dot runs");
    let mut stdin = child.stdin.take().unwrap();
    let text = dot.to_owned();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(text.as_bytes());
    });
    let out = child.wait_with_output().expect("dot finishes");
    writer.join().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{name}: dot -Tsvg failed: {stderr}");
    assert!(
        stderr.trim().is_empty(),
        "{name}: dot -Tsvg warned: {stderr}"
    );
    assert!(!out.stdout.is_empty(), "{name}: empty SVG");
}
