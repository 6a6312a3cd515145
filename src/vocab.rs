//! The project's vocabulary: namespaces, the ontology compiled into the
//! binary, and the set of `ent:` terms it declares.
//!
//! It owns the answer to "is this `ent:` term real?"; it never reads user
//! files or touches a store.

use std::collections::HashSet;

/// Ontology terms (classes, properties, enumerated values).
pub const ENT: &str = "https://entente.example/ontology#";
/// Individuals: actors, events, agreements, provisions, relation nodes.
pub const ID: &str = "https://entente.example/id/";
/// Named graphs, one per source bundle.
pub const GRAPH: &str = "https://entente.example/graph/";
/// The graph the rules write derived shortcuts (`ent:backs`…) into.
pub const INFERRED_GRAPH: &str = "https://entente.example/graph/inferred";

pub const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
pub const RDFS: &str = "http://www.w3.org/2000/01/rdf-schema#";
pub const OWL: &str = "http://www.w3.org/2002/07/owl#";
pub const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";
pub const XSD: &str = "http://www.w3.org/2001/XMLSchema#";
pub const PROV: &str = "http://www.w3.org/ns/prov#";
pub const ORG: &str = "http://www.w3.org/ns/org#";

/// Prefixes known to queries, `describe` output and name resolution.
pub const PREFIXES: &[(&str, &str)] = &[
    ("ent", ENT),
    ("id", ID),
    ("g", GRAPH),
    ("rdf", RDF),
    ("rdfs", RDFS),
    ("owl", OWL),
    ("skos", SKOS),
    ("xsd", XSD),
    ("prov", PROV),
    ("org", ORG),
    ("sem", "http://semanticweb.cs.vu.nl/2009/11/sem/"),
    ("time", "http://www.w3.org/2006/time#"),
    ("schema", "https://schema.org/"),
    ("dcterms", "http://purl.org/dc/terms/"),
];

/// A SPARQL parser that knows the project's prefixes, so queries and
/// mappings may use `ent:`, `id:`, `prov:`… without declaring them.
pub fn sparql_parser() -> spargebra::SparqlParser {
    PREFIXES.iter().fold(
        spargebra::SparqlParser::new(),
        |parser, (prefix, namespace)| {
            parser
                .with_prefix(*prefix, *namespace)
                .expect("the project's prefixes are valid IRIs")
        },
    )
}

/// The ontology, as shipped in `ontology/entente.ttl`.
pub const ONTOLOGY: (&str, &str) = (
    "ontology/entente.ttl",
    include_str!("../ontology/entente.ttl"),
);

/// The rules that derive shortcut relations, run after every load.
pub const RULES: &str = include_str!("../ontology/rules.ru");

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// The datatype (`xsd:date`…) whose lexical space a literal's value is not
/// in (`"2023-13-45"^^xsd:date`), checked by the types Oxigraph itself uses;
/// `None` when it is valid or its datatype is not one of XSD's checked here.
pub fn invalid_lexical_form(literal: &oxigraph::model::Literal) -> Option<String> {
    use oxsdatatypes as x;
    use std::str::FromStr;
    let local = literal.datatype().as_str().strip_prefix(XSD)?;
    let value = literal.value();
    let valid = match local {
        "date" => x::Date::from_str(value).is_ok(),
        "dateTime" => x::DateTime::from_str(value).is_ok(),
        "gYear" => x::GYear::from_str(value).is_ok(),
        "gYearMonth" => x::GYearMonth::from_str(value).is_ok(),
        "time" => x::Time::from_str(value).is_ok(),
        "integer" | "int" | "long" | "nonNegativeInteger" | "positiveInteger" => {
            x::Integer::from_str(value).is_ok()
        }
        "decimal" => x::Decimal::from_str(value).is_ok(),
        "double" => x::Double::from_str(value).is_ok(),
        "boolean" => x::Boolean::from_str(value).is_ok(),
        "duration" => x::Duration::from_str(value).is_ok(),
        _ => true,
    };
    (!valid).then(|| format!("xsd:{local}"))
}

/// One quad of the compiled-in ontology or seed data, parsed by `build.rs`:
/// (subject, predicate, object, graph); `None` is the file's own graph.
pub struct CompiledQuad(
    pub &'static str,
    pub &'static str,
    pub CompiledObject,
    pub Option<&'static str>,
);

/// The object of a [`CompiledQuad`].
pub enum CompiledObject {
    Iri(&'static str),
    Typed(&'static str, &'static str),
    Language(&'static str, &'static str),
}

mod compiled {
    use super::{CompiledObject, CompiledQuad};
    include!(concat!(env!("OUT_DIR"), "/compiled.rs"));
}

/// The ontology's quads, parsed at build time.
pub fn compiled_ontology() -> &'static [CompiledQuad] {
    compiled::COMPILED_ONTOLOGY
}

/// The seed data's quads, file by file, parsed at build time.
pub fn compiled_data() -> &'static [(&'static str, &'static [CompiledQuad])] {
    compiled::COMPILED_DATA
}

/// The seed data files (`data/`), compiled in: (path, contents).
pub fn seed_data() -> &'static [(&'static str, &'static str)] {
    embedded::DATA_FILES
}

/// The named queries (`queries/*.rq`), compiled in: (path, contents).
pub fn named_query_files() -> &'static [(&'static str, &'static str)] {
    embedded::QUERY_FILES
}

/// The CSV mappings (`mappings/*.rq`), compiled in: (path, contents).
pub const MAPPING_FILES: &[(&str, &str)] = embedded::MAPPING_FILES;

/// `prefix:local` for an IRI in a known namespace.
pub fn compact(iri: &str) -> Option<String> {
    PREFIXES.iter().find_map(|(prefix, ns)| {
        iri.strip_prefix(ns)
            .filter(|local| !local.is_empty() && !local.contains(['/', '#']))
            .map(|local| format!("{prefix}:{local}"))
    })
}

/// The full IRI of a prefixed name in a known namespace.
pub fn expand(name: &str) -> Option<String> {
    let (prefix, local) = name.split_once(':')?;
    PREFIXES
        .iter()
        .find(|(p, _)| *p == prefix)
        .map(|(_, ns)| format!("{ns}{local}"))
}

/// The `ent:` terms an ontology declares: every `ent:` IRI that is the
/// subject of a statement in it.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    declared: HashSet<String>,
    /// Allows every term: for reading the ontology itself.
    open: bool,
}

impl Vocabulary {
    pub fn from_subjects<'a>(subjects: impl IntoIterator<Item = &'a str>) -> Self {
        Self {
            declared: subjects
                .into_iter()
                .filter(|s| s.starts_with(ENT))
                .map(str::to_owned)
                .collect(),
            open: false,
        }
    }

    /// A vocabulary that allows every term.
    pub fn open() -> Self {
        Self {
            declared: HashSet::new(),
            open: true,
        }
    }

    /// Whether `iri` may appear in data: any IRI outside `ent:`, or a declared `ent:` term.
    pub fn allows(&self, iri: &str) -> bool {
        self.open || !iri.starts_with(ENT) || iri == ENT || self.declared.contains(iri)
    }

    pub fn len(&self) -> usize {
        self.declared.len()
    }

    pub fn is_empty(&self) -> bool {
        self.declared.is_empty()
    }

    /// Why an undeclared term is refused, with the closest declared terms:
    /// the one message of every vocabulary check (files and imports).
    pub fn refusal(&self, iri: &str) -> String {
        let shown = compact(iri).unwrap_or_else(|| format!("<{iri}>"));
        let closest = self.closest(iri, 3);
        if closest.is_empty() {
            format!("{shown} is not declared by the ontology (ontology/entente.ttl)")
        } else {
            format!(
                "{shown} is not declared by the ontology (ontology/entente.ttl); did you mean {}?",
                closest.join(", ")
            )
        }
    }

    /// Declared terms closest to an undeclared one, for the error message.
    pub fn closest(&self, iri: &str, n: usize) -> Vec<String> {
        let local = iri.strip_prefix(ENT).unwrap_or(iri);
        let locals = self
            .declared
            .iter()
            .map(|d| d.strip_prefix(ENT).unwrap_or(d).to_owned());
        crate::text::closest(local, locals, n)
            .into_iter()
            .map(|l| format!("ent:{l}"))
            .collect()
    }
}
