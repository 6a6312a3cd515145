//! `entente query`: any SPARQL, a `.rq` file or a named question.

use super::{answer, Global};
use anyhow::{bail, Context, Result};
use entente::queries::{self, NamedQuery};
use entente::resolve;
use oxigraph::model::{Literal, NamedNode, Term};

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

/// A parameter's value as a term: an IRI, a resolved name, or a literal.
fn value_term(
    graph: &entente::store::KnowledgeGraph,
    query: &NamedQuery,
    name: &str,
    value: &str,
) -> Result<Term> {
    if let Some(iri) = value.strip_prefix('<').and_then(|v| v.strip_suffix('>')) {
        return Ok(NamedNode::new(iri)
            .with_context(|| format!("{value} is not a valid IRI"))?
            .into());
    }
    if let Some(literal) = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
        return Ok(Literal::new_simple_literal(literal).into());
    }
    if value.len() == 10
        && value.chars().filter(|c| *c == '-').count() == 2
        && value.starts_with(|c: char| c.is_ascii_digit())
    {
        // A date is checked before it is bound: 2023-13-45 is no day.
        let day: entente_graph::Day = value
            .parse()
            .map_err(|e| anyhow::anyhow!("--param {name}={value}: {e}"))?;
        return Ok(
            Literal::new_typed_literal(day.to_string(), oxigraph::model::vocab::xsd::DATE).into(),
        );
    }
    match resolve::resolve(graph, value) {
        Ok(named) => Ok(named.iri.into()),
        Err(e) if query.has_param(name) => {
            Err(anyhow::Error::from(e).context(format!("--param {name}={value}")))
        }
        Err(_) => Ok(Literal::new_simple_literal(value).into()),
    }
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
