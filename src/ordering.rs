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
//! So a sorted query's keys are replaced ([`total`]) by three per key,
//! computed once per row by functions of ours ([`with_functions`]) and each
//! compared by the engine only with keys of its own kind:
//!
//! 1. the value's **family**, a plain string in SPARQL's order of kinds
//!    (unbound, then blank nodes, IRIs, literals) and, among literals:
//!    numbers, strings (language-tagged or not), booleans, dates and times,
//!    durations, anything else;
//! 2. its **value** in that family: a number as a double; a string or an IRI
//!    as itself; a date or time as its text (chronological across
//!    precisions, `"2023"` before `"2023-09-20"`; a dateTime with a timezone
//!    first moved to UTC); a duration as its seconds, a month counted as
//!    its mean length; anything else as its datatype and text;
//! 3. for numbers, the **exact** decimal, for those a double cannot tell
//!    apart.
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

/// The three functions, by the part of a key each computes.
const FAMILY: &str = "urn:entente:order-family";
const VALUE: &str = "urn:entente:order-value";
const EXACT: &str = "urn:entente:order-exact";

/// Keys up to this many per `ORDER BY` are computed once per row (three
/// `BIND`s each, which nest); those beyond, per comparison, so that a
/// query of thousands of keys nests no deeper than it did.
const BOUND_KEYS: usize = 8;

/// `query` with each `ORDER BY` key replaced by its family, value and
/// exact value (see the module's documentation): the same order where
/// SPARQL defines one, a total order everywhere. Evaluate it with an engine
/// from [`with_functions`].
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
    let mut keys = Vec::with_capacity(expression.len() * 3);
    for (index, key) in std::mem::take(expression).into_iter().enumerate() {
        let (descending, e) = match key {
            OrderExpression::Asc(e) => (false, e),
            OrderExpression::Desc(e) => (true, e),
        };
        for (function, part_name) in [(FAMILY, "family"), (VALUE, "value"), (EXACT, "exact")] {
            let mut part = call(function, e.clone());
            if index < BOUND_KEYS {
                // Numbered by the sort: a subquery's sort binds its own,
                // out of scope of the outer one's.
                let variable = Variable::new_unchecked(format!(
                    "entente_order_0c1f_{sort}_{index}_{part_name}"
                ));
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
    }
    *inner = rows;
    *expression = keys;
    Ok(Walk::Into)
}

fn call(function: &str, argument: Expression) -> Expression {
    Expression::FunctionCall(
        Function::Custom(NamedNode::new_unchecked(function)),
        vec![argument],
    )
}

/// `evaluator` with the functions [`total`]'s keys call.
pub(crate) fn with_functions(evaluator: SparqlEvaluator) -> SparqlEvaluator {
    evaluator
        .with_custom_function(NamedNode::new_unchecked(FAMILY), |args| {
            Some(Literal::new_simple_literal(key(args.first()?).0).into())
        })
        .with_custom_function(NamedNode::new_unchecked(VALUE), |args| {
            Some(key(args.first()?).1)
        })
        .with_custom_function(NamedNode::new_unchecked(EXACT), |args| key(args.first()?).2)
}

/// A term's family, value and exact value.
fn key(term: &Term) -> (&'static str, Term, Option<Term>) {
    let literal = match term {
        Term::BlankNode(_) => return ("0", term.clone(), None),
        Term::NamedNode(_) => return ("1", term.clone(), None),
        Term::Literal(literal) => literal,
        #[allow(unreachable_patterns)]
        _ => {
            return (
                "8",
                Literal::new_simple_literal(term.to_string()).into(),
                None,
            )
        }
    };
    let text = literal.value();
    let datatype = literal.datatype();
    let plain = |value: String| Term::from(Literal::new_simple_literal(value));
    if literal.language().is_some() || datatype == xsd::STRING {
        return ("3", term.clone(), None);
    }
    if let Some((double, exact)) = number(datatype, text) {
        let exact = exact.map(|d| Literal::new_typed_literal(d.to_string(), xsd::DECIMAL).into());
        return ("2", Literal::from(f64::from(double)).into(), exact);
    }
    if datatype == xsd::BOOLEAN {
        if let Ok(value) = oxsdatatypes::Boolean::from_str(text) {
            return ("4", Literal::from(bool::from(value)).into(), None);
        }
    }
    if datatype == xsd::DATE_TIME {
        if let Ok(value) = oxsdatatypes::DateTime::from_str(text) {
            if value.timezone_offset().is_some() {
                if let Some(utc) = value.adjust(Some(oxsdatatypes::TimezoneOffset::UTC)) {
                    let utc = utc.to_string();
                    return ("5", plain(utc.trim_end_matches('Z').to_owned()), None);
                }
            }
        }
    }
    if TEMPORAL.contains(&datatype) {
        return ("5", plain(text.to_owned()), None);
    }
    if let Some(seconds) = duration_seconds(datatype, text) {
        return (
            "6",
            Literal::from(seconds).into(),
            Some(plain(text.to_owned())),
        );
    }
    ("9", plain(format!("{} {text}", datatype.as_str())), None)
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
    if INTEGERS.contains(&datatype) {
        let value = Integer::from_str(text).ok()?;
        return Some((value.into(), Some(value.into())));
    }
    if datatype == xsd::DECIMAL {
        let value = Decimal::from_str(text).ok()?;
        return Some((value.into(), Some(value)));
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
