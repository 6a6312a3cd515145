//! Snapshots and Graphviz checks shared by both crates' test binaries
//! (the root's `tests/entente/` includes this file by path).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

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
    if expected != actual {
        let first = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(expected.lines().count().min(actual.lines().count()));
        panic!(
            "{} differs from the output at line {} (UPDATE_SNAPSHOTS=1 to accept)\nexpected: {:?}\nactual:   {:?}",
            path.display(),
            first + 1,
            expected.lines().nth(first),
            actual.lines().nth(first)
        );
    }
}

/// Whether Graphviz's `dot` can run. Under CI (`CI` set) a missing `dot`
/// fails the test; elsewhere the caller skips with a notice.
pub fn graphviz_available() -> bool {
    let ok = Command::new("dot")
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

/// Runs `dot -T<format>` on DOT text; returns (exit ok, stdout, stderr).
pub fn run_dot(dot: &str, format: &str) -> (bool, Vec<u8>, String) {
    let mut child = Command::new("dot")
        .arg(format!("-T{format}"))
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
    (
        out.status.success(),
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `dot -Tsvg` accepts the text with no message at all.
pub fn assert_graphviz_clean(name: &str, dot: &str) {
    let (ok, svg, stderr) = run_dot(dot, "svg");
    assert!(ok, "{name}: dot -Tsvg failed: {stderr}");
    assert!(
        stderr.trim().is_empty(),
        "{name}: dot -Tsvg warned: {stderr}"
    );
    assert!(!svg.is_empty(), "{name}: empty SVG");
}
