//! Library errors are typed: a caller (the command line, an endpoint)
//! matches on the cause and its kind, not on the message.

use entente::resolve::resolve;
use entente::store::{KnowledgeGraph, LoadOptions, Source};
use entente::{Error, ErrorKind};

#[test]
fn an_unknown_name_is_not_found_with_the_closest_names() {
    let graph = KnowledgeGraph::with_seed_data().unwrap();
    let error = resolve(&graph, "Azerbijan").unwrap_err();
    assert_eq!(error.kind(), ErrorKind::NotFound);
    let Error::UnknownName { closest, .. } = &error else {
        panic!("{error:?}");
    };
    assert_eq!(closest[0], "Azerbaijan");
}

#[test]
fn an_unknown_named_query_is_not_found() {
    let error = entente::queries::named("no-such-question").unwrap_err();
    assert_eq!(error.kind(), ErrorKind::NotFound);
}

#[test]
fn bad_rdf_is_invalid_input_with_its_place() {
    let graph = KnowledgeGraph::with_seed_data().unwrap();
    let bad = Source::Text {
        name: "bad.ttl",
        text:
            "@prefix ent: <https://entente.example/ontology#> .\n<urn:a> ent:mediatedBy <urn:b> .\n",
    };
    let error = graph.load(&[bad], &LoadOptions::default()).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Invalid);
    let Error::Input(input) = error.root() else {
        panic!("{error:?}");
    };
    assert_eq!((input.line, input.column), (2, 9), "{input}");
    assert!(input.message.contains("did you mean"), "{input}");
}

#[test]
fn bad_sparql_is_a_syntax_error_with_its_position() {
    let graph = KnowledgeGraph::with_seed_data().unwrap();
    let Err(error) = graph.query("SELECT ?x WHERE { ?x ?y }", &[]) else {
        panic!("the query parsed");
    };
    assert_eq!(error.kind(), ErrorKind::Invalid);
    let Error::Syntax { position, .. } = &error else {
        panic!("{error:?}");
    };
    // The triple that lacks its object, not the end of the text (where
    // spargebra's keyword matching reports it).
    assert_eq!(*position, Some((1, 19)), "{error}");
    assert!(error.to_string().contains("\"?x ?y }\""), "{error}");
}
