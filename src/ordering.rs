//! `ORDER BY` keys that always sort. Oxigraph's engine (spareval 0.2.9)
//! compares two keys with SPARQL's `<` and, where that has no answer (a
//! number and a string, `"1"^^xsd:boolean` and a string, a dateTime with a
//! timezone and one without, two integers beyond a float's precision
//! against a float), falls back to their text. That is no order: `10 <
//! "5" < 9 < 10`. Rust's sort panics when it notices ("user-provided
//! comparison function does not correctly implement a total order"),
//! which ends `entente query` and would end a server's thread; where it does
//! not notice, the rows come out in no order at all.
//!
//! So a sorted query's keys are replaced ([`total`]) by one plain string
//! each, computed once per row by a function of ours ([`with_functions`]);
//! the engine compares plain strings by their code points, a total order.
//! The string is the value's **family**, one character in SPARQL's order of
//! kinds (blank nodes, IRIs, literals; an unbound key stays unbound, first)
//! and, among literals: numbers, strings (language-tagged or not),
//! booleans, dates and times, durations, the rest; then its **value** in a
//! form whose text sorts as the value does:
//!
//! - a number: its double's bits made to sort as the double does, then its
//!   exact decimal's (for the numbers a double cannot tell apart);
//! - a string, an IRI, a blank node: itself (a string then its language);
//! - a date or time: its text, which sorts chronologically across
//!   precisions (`"2023"` before `"2023-09-20"`, for years of four digits),
//!   a dateTime with a timezone first moved to UTC;
//! - a duration: its seconds (a month counted as its mean length);
//! - the rest: its datatype and text.
//!
//! One string rather than parts compared in turn (the engine reads each
//! key back from its dictionary at every comparison): a sort of 300,000
//! rows by two keys took 1.24 times as long as before with one string
//! each, 1.30 with three parts each, 1.62 with two (BENCHMARKS.md).
//!
//! Values SPARQL orders are in its order; the rest are in a fixed one.

use crate::queries::Walk;
use oxigraph::model::vocab::xsd;
use oxigraph::model::{Literal, NamedNode, NamedNodeRef, Term};
use oxigraph::sparql::SparqlEvaluator;
use spargebra::algebra::{Expression, Function, GraphPattern, OrderExpression};
use spargebra::term::Variable;
use std::convert::Infallible;
use std::str::FromStr;

/// The function that computes a sort key.
const KEY: &str = "urn:entente:order-key";

/// Keys up to this many per `ORDER BY` are computed once per row (a `BIND`
/// each, which nest); those beyond, per comparison, so that a query of
/// thousands of keys nests no deeper than it did.
const BOUND_KEYS: usize = 32;

/// `query` with each `ORDER BY` key replaced by its sort key (see the
/// module's documentation): the same order where SPARQL defines one, a
/// total order everywhere. Evaluate it with an engine from
/// [`with_functions`].
///
/// ```
/// use entente::rows::Rows;
/// let graph = entente::store::KnowledgeGraph::with_seed_data()?;
/// // Numbers and strings mixed: sorted, numbers before strings.
/// let mixed = "SELECT ?v WHERE { VALUES ?v { 10 \"5\" 9 \"a\" 2.5 } } ORDER BY ?v";
/// let rows = Rows::collect(graph.query(mixed, &[])?)?;
/// let values: Vec<String> = rows.rows.iter().map(|row| match &row[0] {
///     Some(oxigraph::model::Term::Literal(value)) => value.value().to_owned(),
///     other => format!("{other:?}"),
/// }).collect();
/// assert_eq!(values, ["2.5", "9", "10", "5", "a"]);
/// # Ok::<(), entente::Error>(())
/// ```
pub(crate) fn total(mut query: spargebra::Query) -> spargebra::Query {
    let mut sorts = 0;
    crate::queries::rewrite_patterns(&mut query, &mut |pattern| {
        totally_ordered(pattern, &mut sorts)
    });
    query
}

/// [`total`] for the `WHERE` patterns of an update.
pub(crate) fn total_update(mut update: spargebra::Update) -> spargebra::Update {
    let mut sorts = 0;
    for operation in &mut update.operations {
        if let spargebra::GraphUpdateOperation::DeleteInsert { pattern, .. } = operation {
            let Ok(()) = crate::queries::rewrite_pattern(pattern, &mut |pattern| {
                totally_ordered(pattern, &mut sorts)
            });
        }
    }
    update
}

/// `pattern`'s keys replaced, if it is a sort (the `sorts`-th of its query).
fn totally_ordered(pattern: &mut GraphPattern, sorts: &mut usize) -> Result<Walk, Infallible> {
    let GraphPattern::OrderBy { inner, expression } = pattern else {
        return Ok(Walk::Into);
    };
    *sorts += 1;
    let sort = *sorts;
    let mut rows = std::mem::replace(
        inner,
        Box::new(GraphPattern::Bgp {
            patterns: Vec::new(),
        }),
    );
    let mut keys = Vec::with_capacity(expression.len());
    for (index, key) in std::mem::take(expression).into_iter().enumerate() {
        let (descending, e) = match key {
            OrderExpression::Asc(e) => (false, e),
            OrderExpression::Desc(e) => (true, e),
        };
        let mut part =
            Expression::FunctionCall(Function::Custom(NamedNode::new_unchecked(KEY)), vec![e]);
        if index < BOUND_KEYS {
            // Numbered by the sort: a subquery's sort binds its own, out of
            // scope of the outer one's.
            let variable = Variable::new_unchecked(format!("entente_order_0c1f_{sort}_{index}"));
            rows = Box::new(GraphPattern::Extend {
                inner: rows,
                variable: variable.clone(),
                expression: part,
            });
            part = Expression::Variable(variable);
        }
        keys.push(if descending {
            OrderExpression::Desc(part)
        } else {
            OrderExpression::Asc(part)
        });
    }
    *inner = rows;
    *expression = keys;
    Ok(Walk::Into)
}

/// `evaluator` with the function [`total`]'s keys call.
pub(crate) fn with_functions(evaluator: SparqlEvaluator) -> SparqlEvaluator {
    evaluator.with_custom_function(NamedNode::new_unchecked(KEY), |args| {
        Some(Literal::new_simple_literal(key(args.first()?)).into())
    })
}

/// A term's sort key: its family's character, then its value as text that
/// sorts as the value does.
fn key(term: &Term) -> String {
    let literal = match term {
        Term::BlankNode(node) => return format!("0{}", node.as_str()),
        Term::NamedNode(iri) => return format!("1{}", iri.as_str()),
        Term::Literal(literal) => literal,
        #[allow(unreachable_patterns)]
        _ => return format!("8{term}"),
    };
    let text = literal.value();
    let datatype = literal.datatype();
    if let Some(language) = literal.language() {
        return format!("3{text}\u{1}{language}");
    }
    if datatype == xsd::STRING {
        return format!("3{text}");
    }
    if let Some((double, exact)) = number(datatype, text) {
        let mut key = format!("2{}", sortable_double(f64::from(double)));
        if let Some(exact) = exact {
            // Two's complement with the sign bit flipped sorts as the value.
            let mut bytes = exact.to_be_bytes();
            bytes[0] ^= 0x80;
            for byte in bytes {
                key.push_str(&format!("{byte:02x}"));
            }
        }
        return key;
    }
    if datatype == xsd::BOOLEAN {
        if let Ok(value) = oxsdatatypes::Boolean::from_str(text) {
            return if bool::from(value) { "41" } else { "40" }.to_owned();
        }
    }
    if datatype == xsd::DATE_TIME {
        if let Ok(value) = oxsdatatypes::DateTime::from_str(text) {
            if value.timezone_offset().is_some() {
                if let Some(utc) = value.adjust(Some(oxsdatatypes::TimezoneOffset::UTC)) {
                    return format!("5{}", utc.to_string().trim_end_matches('Z'));
                }
            }
        }
    }
    if TEMPORAL.contains(&datatype) {
        return format!("5{text}");
    }
    if let Some(seconds) = duration_seconds(datatype, text) {
        return format!("6{}{text}", sortable_double(seconds));
    }
    format!("9{} {text}", datatype.as_str())
}

/// A double's bits as 16 hexadecimal digits that sort as the double does
/// (negatives' bits inverted, positives' sign bit set; NaN after +INF).
fn sortable_double(value: f64) -> String {
    let bits = value.to_bits();
    let bits = if bits >> 63 == 1 {
        !bits
    } else {
        bits | 1 << 63
    };
    format!("{bits:016x}")
}

/// Dates and times, whose texts sort chronologically (years of four digits).
const TEMPORAL: [NamedNodeRef<'static>; 8] = [
    xsd::DATE_TIME,
    xsd::DATE,
    xsd::TIME,
    xsd::G_YEAR,
    xsd::G_YEAR_MONTH,
    xsd::G_MONTH,
    xsd::G_MONTH_DAY,
    xsd::G_DAY,
];

/// The integer types XSD derives from `xsd:decimal`.
const INTEGERS: [NamedNodeRef<'static>; 13] = [
    xsd::INTEGER,
    xsd::LONG,
    xsd::INT,
    xsd::SHORT,
    xsd::BYTE,
    xsd::NON_NEGATIVE_INTEGER,
    xsd::POSITIVE_INTEGER,
    xsd::NON_POSITIVE_INTEGER,
    xsd::NEGATIVE_INTEGER,
    xsd::UNSIGNED_LONG,
    xsd::UNSIGNED_INT,
    xsd::UNSIGNED_SHORT,
    xsd::UNSIGNED_BYTE,
];

/// A number's value as a double, and as a decimal where it has one.
fn number(
    datatype: NamedNodeRef<'_>,
    text: &str,
) -> Option<(oxsdatatypes::Double, Option<oxsdatatypes::Decimal>)> {
    use oxsdatatypes::{Decimal, Double, Float, Integer};
    // An integer beyond 64 bits, a decimal of more than 18 digits after the
    // point: valid, but beyond oxsdatatypes' types, so only their double.
    if INTEGERS.contains(&datatype) {
        return match Integer::from_str(text) {
            Ok(value) => Some((value.into(), Some(value.into()))),
            Err(_) => Some((decimal_as_double(text)?, None)),
        };
    }
    if datatype == xsd::DECIMAL {
        return match Decimal::from_str(text) {
            Ok(value) => Some((value.into(), Some(value))),
            Err(_) => Some((decimal_as_double(text)?, None)),
        };
    }
    let double = if datatype == xsd::DOUBLE {
        Double::from_str(text).ok()?
    } else if datatype == xsd::FLOAT {
        Float::from_str(text).ok()?.into()
    } else {
        return None;
    };
    Some((double, Decimal::try_from(double).ok()))
}

/// An `xsd:decimal`'s text (digits, at most one point, a sign) as a double;
/// None for any other text (a double's `INF` or exponent included).
fn decimal_as_double(text: &str) -> Option<oxsdatatypes::Double> {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    let valid = !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.matches('.').count() <= 1
        && digits != ".";
    if !valid {
        return None;
    }
    oxsdatatypes::Double::from_str(text).ok()
}

/// A duration's length in seconds, a month counted as 30.436875 days (the
/// Gregorian mean).
fn duration_seconds(datatype: NamedNodeRef<'_>, text: &str) -> Option<f64> {
    use oxsdatatypes::{DayTimeDuration, Double, Duration, YearMonthDuration};
    let duration = if datatype == xsd::DURATION {
        Duration::from_str(text).ok()?
    } else if datatype == xsd::DAY_TIME_DURATION {
        DayTimeDuration::from_str(text).ok()?.into()
    } else if datatype == xsd::YEAR_MONTH_DURATION {
        YearMonthDuration::from_str(text).ok()?.into()
    } else {
        return None;
    };
    // Each part as XPath's `*-from-duration` gives it (negative in a
    // negative duration).
    let months = (duration.years() * 12 + duration.months()) as f64;
    let seconds = (duration.days() * 86400 + duration.hours() * 3600 + duration.minutes() * 60)
        as f64
        + f64::from(Double::from(duration.seconds()));
    Some(months * 30.436875 * 86400.0 + seconds)
}
