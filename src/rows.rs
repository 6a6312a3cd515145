//! A SELECT answer held in memory, for callers that read rows (labels,
//! names, the agreements of a drawing) rather than stream them.

use crate::error::{invalid, Result};
use oxigraph::model::{Term, Variable};
use oxigraph::sparql::{QueryResults, QuerySolution};

/// The solutions of a SELECT: its variables and one row of terms per solution
/// (bounded by the store's timeout, if it has one: see
/// `KnowledgeGraph::with_timeout`).
#[derive(Debug, Clone, Default)]
pub struct Rows {
    pub variables: Vec<Variable>,
    pub rows: Vec<Vec<Option<Term>>>,
}

impl Rows {
    /// Reads every solution of a SELECT.
    pub fn collect(results: QueryResults) -> Result<Self> {
        Self::collect_while(results, || Ok(()))
    }

    /// Reads every solution of a SELECT, asking `go_on` before each (a
    /// deadline: `KnowledgeGraph::ensure_time_left`).
    pub fn collect_while(results: QueryResults, go_on: impl Fn() -> Result<()>) -> Result<Self> {
        let QueryResults::Solutions(solutions) = results else {
            invalid!("expected a SELECT query");
        };
        let variables = solutions.variables().to_vec();
        let mut rows = Vec::new();
        for solution in solutions {
            go_on()?;
            let solution: QuerySolution = solution?;
            rows.push(variables.iter().map(|v| solution.get(v).cloned()).collect());
        }
        Ok(Self { variables, rows })
    }

    /// The values of one column, by variable name.
    pub fn column(&self, name: &str) -> Option<impl Iterator<Item = Option<&Term>>> {
        let i = self.variables.iter().position(|v| v.as_str() == name)?;
        Some(self.rows.iter().map(move |r| r[i].as_ref()))
    }
}
