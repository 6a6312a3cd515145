//! `ORDER BY` over values of mixed kinds: Oxigraph's engine compares them
//! in no consistent order, and Rust's sort panicked on it ("user-provided
//! comparison function does not correctly implement a total order"), which
//! ended `entente query`, and a named question over Virtuoso's quads in CI.
//! entente replaces the keys (`src/ordering.rs`): these pin the order.

use super::support::entente;
use entente::rows::Rows;
use entente::store::KnowledgeGraph;
use oxigraph::model::Term;

/// The text of each value of the first column of `sparql`'s answer over
/// the ontology (`-` for unbound), and the answer's columns.
fn sorted(sparql: &str) -> (Vec<String>, Vec<String>) {
    let graph = KnowledgeGraph::with_ontology_only().unwrap();
    let rows = Rows::collect(graph.query(sparql, &[]).unwrap()).unwrap();
    let values = rows
        .rows
        .iter()
        .map(|row| match &row[0] {
            None => "-".to_owned(),
            Some(Term::Literal(literal)) => literal.value().to_owned(),
            Some(Term::NamedNode(iri)) => iri.as_str().to_owned(),
            Some(Term::BlankNode(_)) => "_:".to_owned(),
            Some(other) => other.to_string(),
        })
        .collect();
    let columns = rows
        .variables
        .iter()
        .map(|v| v.as_str().to_owned())
        .collect();
    (values, columns)
}

/// `count` integers and strings of digits, interleaved by a fixed
/// pseudo-random sequence, as a `VALUES` block's terms.
fn numbers_and_strings(count: usize) -> (Vec<u32>, Vec<String>, String) {
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let (mut numbers, mut strings, mut terms) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..count {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let value = (state >> 33) as u32 % 1000;
        if state >> 63 == 0 {
            numbers.push(value);
            terms.push(value.to_string());
        } else {
            strings.push(value.to_string());
            terms.push(format!("\"{value}\""));
        }
    }
    (numbers, strings, terms.join(" "))
}

#[test]
fn order_by_over_numbers_and_strings_mixed_answers_instead_of_panicking() {
    let (mut numbers, mut strings, terms) = numbers_and_strings(400);
    let query = format!("SELECT ?v WHERE {{ VALUES ?v {{ {terms} }} }} ORDER BY ?v");
    let output = entente()
        .args(["query", &query, "--format", "csv"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    // Numbers first, by value; then the strings, by their text.
    numbers.sort();
    strings.sort();
    let expected: Vec<String> = numbers.iter().map(u32::to_string).chain(strings).collect();
    let text = String::from_utf8(output.stdout).unwrap();
    let answered: Vec<&str> = text.lines().skip(1).collect();
    assert_eq!(answered, expected);
}

#[test]
fn order_by_puts_kinds_in_sparql_order_and_each_kind_by_its_value() {
    let query = r#"SELECT ?v WHERE {
        { VALUES ?v {
            "b" "a"@en "c"@fr 10 2.5 "1.0e1"^^xsd:double -3 "NaN"^^xsd:double
            true "0"^^xsd:boolean
            "2023-09-20"^^xsd:date "2023"^^xsd:gYear "2023-09"^^xsd:gYearMonth
            "2023-09-20T10:00:00+04:00"^^xsd:dateTime "2023-09-20T07:00:00"^^xsd:dateTime
            "P40D"^^xsd:dayTimeDuration "P1M"^^xsd:duration
            "abc"^^xsd:integer <https://entente.example/id/B> <https://entente.example/id/A>
            UNDEF
        } }
        UNION { BIND(BNODE() AS ?v) }
    } ORDER BY ?v"#;
    let (values, columns) = sorted(query);
    assert_eq!(columns, ["v"], "the sort's own keys are not projected");
    assert_eq!(
        values,
        [
            "-",
            "_:",
            "https://entente.example/id/A",
            "https://entente.example/id/B",
            "-3",
            "2.5",
            // 1.0e1 (the engine writes it 10) and 10 are one number
            "10",
            "10",
            "NaN",
            "a",
            "b",
            "c",
            "false",
            "true",
            "2023",
            "2023-09",
            "2023-09-20",
            // 06:00 UTC, before 07:00 without a timezone
            "2023-09-20T10:00:00+04:00",
            "2023-09-20T07:00:00",
            "P1M",
            "P40D",
            "abc",
        ]
    );
}

#[test]
fn order_by_desc_is_the_ascending_order_reversed() {
    let (_, _, terms) = numbers_and_strings(200);
    let ascending = sorted(&format!(
        "SELECT DISTINCT ?v WHERE {{ VALUES ?v {{ {terms} \"x\"@en <urn:a> \"2023\"^^xsd:gYear }} }} ORDER BY ?v"
    ))
    .0;
    let mut descending = sorted(&format!(
        "SELECT DISTINCT ?v WHERE {{ VALUES ?v {{ {terms} \"x\"@en <urn:a> \"2023\"^^xsd:gYear }} }} ORDER BY DESC(?v)"
    ))
    .0;
    descending.reverse();
    assert!(ascending.len() > 100);
    assert_eq!(ascending, descending);
}

#[test]
fn integers_a_double_cannot_tell_apart_sort_by_their_exact_value() {
    let (values, _) = sorted(
        "SELECT ?v WHERE { VALUES ?v { 9007199254740993 9007199254740992 9007199254740994.5 } } ORDER BY ?v",
    );
    assert_eq!(
        values,
        ["9007199254740992", "9007199254740993", "9007199254740994.5"]
    );
}

#[test]
fn a_subquerys_sort_under_limit_and_many_keys_sort_as_written() {
    let (values, columns) = sorted(
        "SELECT * WHERE { { SELECT ?v WHERE { VALUES ?v { 3 \"z\" 1 2 } } ORDER BY DESC(?v) LIMIT 2 } } ORDER BY ?v",
    );
    assert_eq!(columns, ["v"]);
    assert_eq!(values, ["3", "z"]);
    // More keys than are bound per row: those beyond are compared as
    // written, and still decide.
    let ties = ["(1)"; 10].join(" ");
    let (values, _) = sorted(&format!(
        "SELECT ?v WHERE {{ VALUES ?v {{ 3 1 \"a\" 2 }} }} ORDER BY {ties} DESC(?v)"
    ));
    assert_eq!(values, ["a", "3", "2", "1"]);
}

#[test]
fn an_updates_sorted_subquery_sorts_values_of_mixed_kinds() {
    let graph = KnowledgeGraph::with_ontology_only().unwrap();
    let (_, _, terms) = numbers_and_strings(300);
    let update = format!(
        "INSERT {{ GRAPH <urn:entente:test> {{ <urn:entente:first> rdfs:label ?v }} }} WHERE {{ {{ SELECT ?v WHERE {{ VALUES ?v {{ {terms} }} }} ORDER BY DESC(?v) LIMIT 1 }} }}"
    );
    graph
        .update(entente::queries::parse_update(&update).unwrap())
        .unwrap();
    let rows = Rows::collect(
        graph
            .query("SELECT ?v WHERE { <urn:entente:first> rdfs:label ?v }", &[])
            .unwrap(),
    )
    .unwrap();
    // The greatest: a string (strings come after numbers), the last by text.
    let (_, mut strings, _) = numbers_and_strings(300);
    strings.sort();
    let greatest = strings.last().unwrap();
    assert_eq!(rows.rows.len(), 1);
    assert!(
        matches!(&rows.rows[0][0], Some(Term::Literal(l)) if l.value() == greatest),
        "{:?}",
        rows.rows
    );
}

#[test]
fn numbers_of_every_type_sort_by_value_negatives_and_infinities_included() {
    let numbers = [
        ("\"INF\"^^xsd:double", "+inf"),
        ("1e300", "1e300"),
        ("-2", "-2"),
        ("\"-INF\"^^xsd:double", "-inf"),
        // More digits than xsd:decimal's 18 after the point that Oxigraph keeps
        ("0.000000000000000000000000000001", "1e-30"),
        ("-2.5", "-2.5"),
        ("\"3\"^^xsd:byte", "3"),
        ("-1e300", "-1e300"),
        ("0", "0"),
        ("\"-0.5\"^^xsd:float", "-0.5"),
        ("123456789012345678901234567890", "1.2e29"),
        ("7", "7"),
        ("\"NaN\"^^xsd:float", "nan"),
    ];
    let rows: Vec<String> = numbers
        .iter()
        .map(|(number, name)| format!("({number} \"{name}\")"))
        .collect();
    let (names, _) = sorted(&format!(
        "SELECT ?name WHERE {{ VALUES (?v ?name) {{ {} }} }} ORDER BY ?v",
        rows.join(" ")
    ));
    assert_eq!(
        names,
        [
            "-inf", "-1e300", "-2.5", "-2", "-0.5", "0", "1e-30", "3", "7", "1.2e29", "1e300",
            "+inf", "nan"
        ]
    );
}
