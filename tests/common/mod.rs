//! Running the `entente` binary the way a user does, for the CLI tests.
#![allow(dead_code)]

use assert_cmd::Command;
use std::collections::HashMap;

pub fn entente() -> Command {
    Command::cargo_bin("entente").unwrap()
}

/// Runs `entente ARGS --format csv` and returns its rows as column → value
/// maps (W3C SPARQL CSV for questions, plain CSV for analyses).
pub fn records(args: &[&str]) -> Vec<HashMap<String, String>> {
    let output = entente()
        .args(args)
        .args(["--format", "csv"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
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
