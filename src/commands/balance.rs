//! `entente balance`: structural balance of the signed actor graph — triad
//! census, balanced fractions, unbalanced triangles, the camps of each
//! connected component (named after their most central actor), frustration.

use super::{Global, ViewArgs};
use anyhow::Result;
use entente::output::OutputFormat;
use entente_graph::analysis::balance::{balance, BalanceOptions};
use entente_graph::{Table, Value};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Components up to this many actors get an exact frustration index.
    #[arg(long, default_value_t = 25, value_name = "N")]
    pub exact_limit: usize,
    /// Only the connected component (of the signed ties) holding this actor:
    /// its camps, triangles and frustration.
    #[arg(long, value_name = "NAME")]
    pub around: Option<String>,
    #[command(flatten)]
    pub view: ViewArgs,
}

pub fn run(args: &Args, global: &Global) -> Result<()> {
    let format = global.records_format()?;
    let store = global.open_for_analysis()?;
    let graph = args.view.actor_graph(&store)?;
    let around = match &args.around {
        Some(name) => Some(super::actor_in_view(&store, &graph, name)?),
        None => None,
    };
    let report = balance(
        &graph,
        &BalanceOptions {
            exact_limit: args.exact_limit,
            around,
            ..BalanceOptions::default()
        },
    );
    if let (Some(actor), true) = (around, report.components.is_empty()) {
        return Err(super::NoAnswer(format!(
            "{} has no signed tie (its relations all have sign 0: mediation, talks, \
             third-party roles, agreements), so it is in no camp",
            graph.graph[actor].label
        ))
        .into());
    }
    let names = |nodes: &[petgraph::graph::NodeIndex]| -> String {
        let mut labels: Vec<&str> = nodes
            .iter()
            .map(|n| graph.graph[*n].label.as_str())
            .collect();
        labels.sort();
        labels.join(", ")
    };
    let census = &report.census;
    let percent = |f: Option<f64>| {
        f.map(|f| format!("{:.1}%", 100.0 * f))
            .unwrap_or_else(|| "no triangles".into())
    };
    let mut summary = Table {
        header: vec!["measure".into(), "value".into()],
        rows: Vec::new(),
    };
    // Counts stay numbers in JSON; the rest is text a person reads.
    let mut add = |k: &str, v: Value| summary.rows.push(vec![k.into(), v]);
    add("signed ties", report.ties.len().into());
    add("ambiguous pairs (left out)", report.ambiguous.len().into());
    add("triangles +++", census.ppp.into());
    add("triangles ++−", census.ppn.into());
    add("triangles +−−", census.pnn.into());
    add("triangles −−−", census.nnn.into());
    add(
        "balanced (strict: +++ and +−−)",
        percent(census.strict_balance()).into(),
    );
    add(
        "balanced (generalised: all but ++−)",
        percent(census.weak_balance()).into(),
    );
    let f = &report.frustration;
    add(
        "frustration index",
        if f.exact {
            format!("{} (exact; {})", f.value, f.method)
        } else {
            format!("≤ {} and ≥ {} ({})", f.value, f.lower_bound, f.method)
        }
        .into(),
    );
    add("components", report.components.len().into());
    for (i, c) in report.components.iter().enumerate() {
        let f = &c.frustration;
        add(
            &format!("component {}", i + 1),
            format!(
                "{} (most central); {} actors, {} signed ties, frustration {}{}",
                graph.graph[c.leader].label,
                c.nodes.len(),
                c.ties,
                f.value,
                if f.exact {
                    " (exact)"
                } else {
                    " (upper bound)"
                }
            )
            .into(),
        );
        for camp in report.camps.iter().filter(|camp| camp.component == i) {
            add(&camp.name, names(&camp.members).into());
        }
    }
    let frustrated: Vec<String> = report
        .frustrated
        .iter()
        .map(|&i| {
            let t = &report.ties[i];
            format!(
                "{} {} {}",
                graph.graph[t.a].label,
                if t.sign > 0 { "+" } else { "−" },
                graph.graph[t.b].label
            )
        })
        .collect();
    add("frustrated ties", frustrated.join("; ").into());
    for (i, t) in report.unbalanced.iter().enumerate() {
        add(
            &format!("unbalanced triangle {}", i + 1),
            format!("{} ({})", names(&t.nodes), t.kind.symbol()).into(),
        );
    }
    if format == OutputFormat::Table {
        super::say(format!(
            "structural balance of {} actors and {} relations{} (sign 0 left out: mediation, \
             talks, third-party roles, agreements); two camps per connected component, each \
             named after its actor with the most signed ties",
            graph.actor_count(),
            graph.relation_count(),
            match around {
                Some(a) => format!(", the component of {}", graph.graph[a].label),
                None => String::new(),
            }
        ))?;
    }
    super::write_records(&summary, format)
}
