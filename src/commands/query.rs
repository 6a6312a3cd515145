//! `entente query`: any SPARQL, a `.rq` file or a named question.

use super::{answer, Global};
use anyhow::{bail, Context, Result};
use entente::queries::{self, NamedQuery};
use entente::resolve;
use oxigraph::model::Term;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// SPARQL text, a `.rq` file, or the name of a query in `queries/`.
    #[arg(required_unless_present = "list")]
    pub query: Option<String>,

    /// Binds a variable: `--param actor=Baku`. A value that names an actor
    /// or agreement becomes its IRI; `<…>` is an IRI; anything else a string.
    #[arg(long, short = 'p', value_name = "NAME=VALUE")]
    pub param: Vec<String>,

    /// Lists the named queries with their titles and parameters.
    #[arg(long)]
    pub list: bool,
}

pub fn run(args: &Args, global: &Global) -> Result<()> {
    if args.list {
        return list();
    }
    let query = queries::from_argument(args.query.as_deref().expect("clap requires it"))?;
    let graph = global.open()?;
    let mut bindings = Vec::new();
    for param in &args.param {
        let Some((name, value)) = param.split_once('=') else {
            bail!("--param {param:?}: expected NAME=VALUE");
        };
        let name = name.trim().trim_start_matches(['?', '$']);
        bindings.push((name.to_owned(), value_term(&graph, &query, name, value)?));
    }
    answer(&graph, &query, &bindings, global)
}

/// A parameter's value as a term, as the library reads it (an endpoint
/// reads `?NAME=VALUE` the same way).
fn value_term(
    graph: &entente::store::KnowledgeGraph,
    query: &NamedQuery,
    name: &str,
    value: &str,
) -> Result<Term> {
    resolve::parameter(graph, value, query.has_param(name))
        .with_context(|| format!("--param {name}={value}"))
}

fn list() -> Result<()> {
    let mut table = entente::output::people_table(["query", "title", "parameters"], super::style());
    for query in queries::all() {
        let params: Vec<String> = query
            .params
            .iter()
            .map(|p| format!("{} — {}", p.name, p.doc))
            .collect();
        table.add_row([query.name, query.title, params.join("\n")]);
    }
    super::say(table)
}
