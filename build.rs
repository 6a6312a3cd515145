//! Embeds the seed data, the named queries and the mappings into the binary,
//! so that `entente` answers from any folder without the source tree.
//!
//! The ontology and the seed data are also parsed here, once, into static
//! tables of terms (`compiled.rs`): every start-up of the default store
//! then inserts them without parsing Turtle again (half of the start-up's
//! instructions went to parsing). The runtime parser (`src/ingest.rs`,
//! rio_turtle) still reads every user file; a test checks that both
//! parsers read the shipped files to the same quads.

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

fn main() {
    let root = env::var("CARGO_MANIFEST_DIR").unwrap();
    let mut out = String::new();
    for (name, dir, extensions) in [
        ("DATA_FILES", "data", &["trig", "ttl", "nt", "nq"][..]),
        ("QUERY_FILES", "queries", &["rq"][..]),
        ("MAPPING_FILES", "mappings", &["rq"][..]),
    ] {
        let path = Path::new(&root).join(dir);
        println!("cargo:rerun-if-changed={}", path.display());
        let mut files: Vec<_> = fs::read_dir(&path)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| {
                        p.extension()
                            .and_then(|e| e.to_str())
                            .is_some_and(|e| extensions.contains(&e))
                    })
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        writeln!(out, "pub static {name}: &[(&str, &str)] = &[").unwrap();
        for file in files {
            println!("cargo:rerun-if-changed={}", file.display());
            let file_name = file.file_name().unwrap().to_str().unwrap();
            writeln!(
                out,
                "    (\"{dir}/{file_name}\", include_str!({:?})),",
                file.display().to_string()
            )
            .unwrap();
        }
        writeln!(out, "];").unwrap();
    }
    let out_dir = env::var("OUT_DIR").unwrap();
    fs::write(Path::new(&out_dir).join("embedded.rs"), out).unwrap();
    fs::write(Path::new(&out_dir).join("compiled.rs"), compiled(&root)).unwrap();
}

/// The ontology and every data file as static quads: `CompiledQuad(subject,
/// predicate, object, graph)`, a graph of `None` meaning "the file's own
/// graph", as a load of the text would give.
fn compiled(root: &str) -> String {
    let mut out = String::new();
    let ontology = Path::new(root).join("ontology/entente.ttl");
    println!("cargo:rerun-if-changed={}", ontology.display());
    let text = fs::read(&ontology).unwrap();
    out.push_str("pub static COMPILED_ONTOLOGY: &[CompiledQuad] = &[\n");
    for triple in oxttl::TurtleParser::new().for_slice(&text) {
        let triple = triple.unwrap_or_else(|e| panic!("ontology/entente.ttl: {e}"));
        push_quad(&mut out, "ontology/entente.ttl", &triple, None);
    }
    out.push_str("];\n");
    let mut files: Vec<_> = fs::read_dir(Path::new(root).join("data"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().and_then(|e| e.to_str()) == Some("trig"))
        .collect();
    files.sort();
    out.push_str("pub static COMPILED_DATA: &[(&str, &[CompiledQuad])] = &[\n");
    for file in files {
        let name = format!("data/{}", file.file_name().unwrap().to_str().unwrap());
        let text = fs::read(&file).unwrap();
        writeln!(out, "({name:?}, &[").unwrap();
        for quad in oxttl::TriGParser::new().for_slice(&text) {
            let quad = quad.unwrap_or_else(|e| panic!("{name}: {e}"));
            let graph = match &quad.graph_name {
                oxrdf::GraphName::NamedNode(n) => Some(n.as_str().to_owned()),
                oxrdf::GraphName::DefaultGraph => None,
                oxrdf::GraphName::BlankNode(_) => panic!("{name}: a graph named by a blank node"),
            };
            push_quad(&mut out, &name, &quad.into(), graph.as_deref());
        }
        out.push_str("]),\n");
    }
    out.push_str("];\n");
    out
}

fn push_quad(out: &mut String, file: &str, triple: &oxrdf::Triple, graph: Option<&str>) {
    let subject = match &triple.subject {
        oxrdf::NamedOrBlankNode::NamedNode(n) => n.as_str(),
        // Reloadable data names every node: a blank node would be a new
        // node on every load (`entente check` warns of them too).
        _ => panic!("{file}: a blank node in compiled-in data ({triple})"),
    };
    let object = match &triple.object {
        oxrdf::Term::NamedNode(n) => format!("CompiledObject::Iri({:?})", n.as_str()),
        oxrdf::Term::Literal(l) => match l.language() {
            Some(language) => format!("CompiledObject::Language({:?}, {language:?})", l.value()),
            None => format!(
                "CompiledObject::Typed({:?}, {:?})",
                l.value(),
                l.datatype().as_str()
            ),
        },
        _ => panic!("{file}: a blank node in compiled-in data ({triple})"),
    };
    writeln!(
        out,
        "CompiledQuad({subject:?}, {:?}, {object}, {graph:?}),",
        triple.predicate.as_str()
    )
    .unwrap();
}
