//! The inputs the fuzzers found (`fuzz/regressions/TARGET/*`, copied there by
//! `scripts/fuzz`), replayed through the fuzz targets' own bodies without
//! libFuzzer: each one once crashed a target, and must not again. Beside
//! them, by hand, the kinds of input that crashed entente before the
//! fuzzers ran (issue 10: nesting 5,000 deep, a byte-order mark, NUL bytes,
//! terminal escapes in a name, NaN weights in a drawing).

use std::path::Path;

#[path = "../../fuzz/src/lib.rs"]
mod targets;

/// Replays every file of `fuzz/regressions/TARGET/` through `run`; returns
/// how many there were.
fn replay(target: &str, run: fn(&[u8])) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions")
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().is_some_and(|n| n != ".gitkeep"))
        .collect();
    files.sort();
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        let outcome = std::panic::catch_unwind(|| run(&bytes));
        assert!(outcome.is_ok(), "{} crashes {target} again", file.display());
    }
    files.len()
}

#[test]
fn fuzz_regressions_of_ingest_stay_fixed() {
    assert!(replay("ingest", targets::ingest) > 0);
}

#[test]
fn fuzz_regressions_of_sparql_stay_fixed() {
    assert!(replay("sparql", targets::sparql) > 0);
}

#[test]
fn fuzz_regressions_of_csv_stay_fixed() {
    assert!(replay("csv", targets::csv) > 0);
}

#[test]
fn fuzz_regressions_of_resolve_stay_fixed() {
    assert!(replay("resolve", targets::resolve) > 0);
}

#[test]
fn fuzz_regressions_of_dot_stay_fixed() {
    assert!(replay("dot", targets::dot) > 0);
}

/// The targets catch what they promise to: a replay that cannot fail would
/// prove nothing.
#[test]
fn the_dot_target_refuses_an_unclosed_string() {
    assert!(std::panic::catch_unwind(|| targets::check_dot("digraph { a [label=\"x] }")).is_err());
    targets::check_dot("digraph { a [label=\"x\\\"}\"] }");
}
