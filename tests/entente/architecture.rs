//! The module edges that ARCHITECTURE.md states, checked against the code:
//! every `crate::MODULE` (library, `entente-graph`) and `entente::MODULE`
//! (binary) reference must be an allowed edge, and every allowed edge must be
//! used, so the document stays true. Also: the libraries never print, and
//! the verbs never hold SPARQL of their own.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module a file belongs to, as ARCHITECTURE.md names it: `store`,
/// `commands`, `main`, `graph::analysis`…
fn module_of(file: &Path) -> String {
    let graph_src = root().join("crates/entente-graph/src");
    let (prefix, relative) = match file.strip_prefix(&graph_src) {
        Ok(r) => ("graph::", r),
        Err(_) => ("", file.strip_prefix(root().join("src")).unwrap()),
    };
    let first = relative.components().next().unwrap().as_os_str();
    let name = first.to_str().unwrap().trim_end_matches(".rs");
    format!("{prefix}{name}")
}

/// `PATH::name` references in code (comments and doc comments skipped).
fn references(text: &str, path: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let needle = format!("{path}::");
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or_default();
        let mut rest = code;
        while let Some(i) = rest.find(&needle) {
            let before = rest[..i].chars().next_back();
            rest = &rest[i + needle.len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if rest.starts_with('{') {
                // `use crate::{a, b::c}`: every first segment in the braces.
                let inner = &rest[1..rest.find('}').unwrap_or(rest.len())];
                for item in inner.split(',') {
                    let item: String = item
                        .trim()
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if !item.is_empty() {
                        found.insert(item);
                    }
                }
            } else if !name.is_empty() {
                found.insert(name);
            }
        }
    }
    found
}

/// The edges ARCHITECTURE.md allows: the lines `- FROM → TO, TO…` between
/// `<!-- module edges -->` and `<!-- end module edges -->`.
fn allowed_edges() -> BTreeMap<String, BTreeSet<String>> {
    let text = std::fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap();
    let start = text
        .find("<!-- module edges -->")
        .expect("edge table start");
    let end = text
        .find("<!-- end module edges -->")
        .expect("edge table end");
    let mut edges = BTreeMap::new();
    for line in text[start..end].lines() {
        let Some(line) = line.trim().strip_prefix("- `") else {
            continue;
        };
        let (from, to) = line.split_once("` →").expect("`FROM` → TO");
        let to: BTreeSet<String> = to
            .split(',')
            .map(|t| t.trim().trim_matches('`').to_owned())
            .filter(|t| !t.is_empty() && t != "nothing")
            .collect();
        edges.insert(from.to_owned(), to);
    }
    edges
}

/// Every edge the code has, by module.
fn actual_edges() -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    rust_files(&root().join("crates/entente-graph/src"), &mut files);
    let modules_of = |dir: &str| -> BTreeSet<String> {
        std::fs::read_dir(root().join(dir))
            .unwrap()
            .map(|e| {
                let p = e.unwrap().path();
                p.file_stem().unwrap().to_str().unwrap().to_owned()
            })
            .collect()
    };
    let graph_modules = modules_of("crates/entente-graph/src");
    let modules = modules_of("src");
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files {
        let module = module_of(&file);
        if module == "lib" || module == "graph::lib" {
            continue; // declarations and re-exports
        }
        let text = std::fs::read_to_string(&file).unwrap();
        let entry = edges.entry(module.clone()).or_default();
        let (path, prefix) = if module.starts_with("graph::") {
            ("crate", "graph::")
        } else if module == "main" || module == "commands" {
            ("entente", "")
        } else {
            ("crate", "")
        };
        let known = if prefix.is_empty() {
            &modules
        } else {
            &graph_modules
        };
        for target in references(&text, path) {
            // Anything else is an item the crate root re-exports
            // (`crate::Error`, `crate::local_name`): an edge to no module.
            if !known.contains(&target) {
                continue;
            }
            let target = format!("{prefix}{target}");
            if target != module {
                entry.insert(target);
            }
        }
        if module == "main" {
            for target in references(&text, "commands") {
                let _ = target;
                entry.insert("commands".to_owned());
            }
        }
        if !module.starts_with("graph::") {
            for target in references(&text, "entente_graph") {
                if graph_modules.contains(&target) {
                    entry.insert(format!("graph::{target}"));
                } else {
                    entry.insert("graph".to_owned());
                }
            }
        }
    }
    edges
}

#[test]
fn module_edges_are_the_ones_architecture_md_allows() {
    let allowed = allowed_edges();
    let actual = actual_edges();
    let mut wrong = Vec::new();
    for (module, targets) in &actual {
        let Some(ok) = allowed.get(module) else {
            wrong.push(format!("{module} is not in ARCHITECTURE.md's edge table"));
            continue;
        };
        for t in targets.difference(ok) {
            wrong.push(format!("{module} → {t} is not allowed"));
        }
        for t in ok.difference(targets) {
            wrong.push(format!("{module} → {t} is stated but not in the code"));
        }
    }
    for module in allowed.keys() {
        if !actual.contains_key(module) {
            wrong.push(format!("{module} is stated but has no file"));
        }
    }
    assert!(
        wrong.is_empty(),
        "ARCHITECTURE.md and the code disagree:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn module_edges_have_no_cycle() {
    let edges = allowed_edges();
    fn visit(
        m: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) {
        if done.contains(m) {
            return;
        }
        assert!(
            !path.iter().any(|p| p == m),
            "cycle: {} → {m}",
            path.join(" → ")
        );
        path.push(m.to_owned());
        for next in edges.get(m).into_iter().flatten() {
            visit(next, edges, path, done);
        }
        path.pop();
        done.insert(m.to_owned());
    }
    let mut done = BTreeSet::new();
    for m in edges.keys() {
        visit(m, &edges, &mut Vec::new(), &mut done);
    }
}

fn library_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    rust_files(&root().join("crates/entente-graph/src"), &mut files);
    files.retain(|f| {
        let m = module_of(f);
        m != "main" && m != "commands"
    });
    files
}

#[test]
fn the_libraries_never_print_or_draw_on_a_terminal() {
    let forbidden = [
        "println!",
        "eprintln!",
        "print!(",
        "eprint!(",
        "indicatif",
        "io::stdout",
        "io::stderr",
        "is_terminal",
        "clap::",
    ];
    let mut found = Vec::new();
    for file in library_files() {
        let text = std::fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            for word in forbidden {
                if code.contains(word) {
                    found.push(format!("{}:{}: {word}", file.display(), n + 1));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "the library touches the terminal:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_graph_crate_never_mentions_oxigraph() {
    let mut files = Vec::new();
    rust_files(&root().join("crates/entente-graph/src"), &mut files);
    let manifest = std::fs::read_to_string(root().join("crates/entente-graph/Cargo.toml")).unwrap();
    assert!(
        !manifest.contains("oxigraph"),
        "entente-graph depends on Oxigraph"
    );
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(
            !text.contains("oxigraph"),
            "{} mentions oxigraph",
            file.display()
        );
    }
}

#[test]
fn verbs_hold_no_sparql_of_their_own() {
    let mut files = Vec::new();
    rust_files(&root().join("src/commands"), &mut files);
    let keywords = [
        "SELECT ?",
        "SELECT DISTINCT",
        "CONSTRUCT {",
        "ASK {",
        "WHERE {",
        "INSERT DATA",
        "DELETE {",
    ];
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate() {
            // Help texts may show SPARQL as an example of what to type.
            if line.contains("after_help") || line.trim_start().starts_with("//") {
                continue;
            }
            for k in keywords {
                assert!(
                    !line.contains(k),
                    "{}:{}: SPARQL in a verb ({k:?}); it belongs in queries/ or the library",
                    file.display(),
                    n + 1
                );
            }
        }
    }
}
