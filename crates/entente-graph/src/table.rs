//! Results as records: a header and rows of typed values, which a caller
//! prints as a table for people or serialises (CSV, TSV, JSON) for programs.
//!
//! Values keep their type, so JSON says `0.0431` (a number), not `"0.0431"`.

use serde::Serialize;
use std::fmt;

/// One cell of a record.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Value {
    /// A count, a rank, a position.
    Integer(i64),
    /// A score or a fraction.
    Number(f64),
    /// A label, an IRI, a date, a sentence.
    Text(String),
    /// Nothing known (an empty cell; `null` in JSON).
    Missing,
}

impl Value {
    /// A text cell, or [`Value::Missing`] when there is none.
    pub fn text_or_missing(text: Option<impl Into<String>>) -> Self {
        text.map_or(Value::Missing, |t| Value::Text(t.into()))
    }
}

impl fmt::Display for Value {
    /// How a person reads the value: numbers with six significant digits.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Integer(i) => write!(f, "{i}"),
            Value::Number(x) => f.write_str(&format_number(*x)),
            Value::Text(s) => f.write_str(s),
            Value::Missing => Ok(()),
        }
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::Text(s)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::Text(s.to_owned())
    }
}

impl From<f64> for Value {
    fn from(x: f64) -> Self {
        Value::Number(x)
    }
}

impl From<usize> for Value {
    fn from(i: usize) -> Self {
        Value::Integer(i64::try_from(i).unwrap_or(i64::MAX))
    }
}

impl From<i64> for Value {
    fn from(i: i64) -> Self {
        Value::Integer(i)
    }
}

/// A number with six significant digits (`0.0431235`, `3.21700e-5`).
pub fn format_number(x: f64) -> String {
    if x == 0.0 || !x.is_finite() {
        return x.to_string();
    }
    if x.abs() >= 1e-3 && x.abs() < 1e6 {
        let decimals = (5 - x.abs().log10().floor() as i32).max(0) as usize;
        format!("{x:.decimals$}")
    } else {
        format!("{x:.5e}")
    }
}

/// A result as records: a header and rows of values.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<Value>>,
}

impl Table {
    /// An empty table with these column names.
    pub fn new(header: &[&str]) -> Self {
        Table {
            header: header.iter().map(|s| (*s).to_owned()).collect(),
            rows: Vec::new(),
        }
    }

    /// The values of one column, by name.
    pub fn column(&self, name: &str) -> Option<impl Iterator<Item = &Value>> {
        let i = self.header.iter().position(|h| h == name)?;
        Some(self.rows.iter().map(move |r| &r[i]))
    }
}
