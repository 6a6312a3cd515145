//! `entente influence`: actors ranked by a centrality of the actor graph,
//! with the metric's parameters printed.

use super::{Global, ViewArgs};
use anyhow::Result;
use entente::output::OutputFormat;
use entente_graph::analysis::centrality::{influence, InfluenceOptions, Metric};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MetricArg {
    Pagerank,
    Betweenness,
    Eigenvector,
    Closeness,
    Katz,
    Degree,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The centrality.
    #[arg(long, value_enum, default_value = "pagerank")]
    pub metric: MetricArg,
    /// How many actors to list (0: all).
    #[arg(long, default_value_t = 10)]
    pub top: usize,
    /// Only cooperative relations (sign > 0): influence among friends.
    #[arg(long)]
    pub signed_positive_only: bool,
    /// Convergence tolerance of the iterative metrics (PageRank stops when
    /// the L1 change falls below N·tol, as NetworkX; default 1e-6).
    #[arg(long, value_name = "TOL", value_parser = parse_tolerance)]
    pub tol: Option<f64>,
    /// Use the relations' weights.
    #[arg(long)]
    pub weighted: bool,
    /// Count neutral ties (sign 0: mediation, guarantor, host, verifier,
    /// accompanying country… and agreement, talks) as links. Without it they
    /// are left out, so a mediator passes no rank to the parties.
    #[arg(long)]
    pub neutral_ties: bool,
    #[command(flatten)]
    pub view: ViewArgs,
}

pub fn run(args: &Args, global: &Global) -> Result<()> {
    let format = global.records_format()?;
    let store = global.open_for_analysis()?;
    let graph = args.view.actor_graph(&store)?;
    let metric = match args.metric {
        MetricArg::Pagerank => Metric::PageRank,
        MetricArg::Betweenness => Metric::Betweenness,
        MetricArg::Eigenvector => Metric::Eigenvector,
        MetricArg::Closeness => Metric::Closeness,
        MetricArg::Katz => Metric::Katz,
        MetricArg::Degree => Metric::Degree,
    };
    let mut options = InfluenceOptions {
        positive_only: args.signed_positive_only,
        neutral_ties: args.neutral_ties,
        weighted: args.weighted,
        tol: args.tol,
        ..InfluenceOptions::default()
    };
    if let Some(tol) = args.tol {
        options.pagerank.tol = tol;
        options.pagerank.max_iter = options.pagerank.max_iter.max(1000);
    }
    let scores = influence(&graph, metric, &options)?;
    let top = if args.top == 0 {
        graph.actor_count()
    } else {
        args.top
    };
    // Under --as-of (or another filter) an actor with no relation left is
    // not ranked: its score says nothing about that day.
    let related = if args.view.filtered() {
        entente_graph::analysis::related(&graph)
    } else {
        vec![true; graph.actor_count()]
    };
    if format == OutputFormat::Table {
        let params: Vec<String> = scores
            .params
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        let neutral = graph.graph.edge_weights().filter(|r| r.sign == 0).count();
        let unranked = related.iter().filter(|r| !**r).count();
        super::say(format!(
            "{} over {} actors and {} relations ({}{}); {}{}",
            scores.metric,
            graph.actor_count(),
            graph.relation_count(),
            params.join(", "),
            scores
                .iterations
                .map(|i| format!(
                    ", {i} iterations{}",
                    if scores.converged {
                        ""
                    } else {
                        ", NOT converged"
                    }
                ))
                .unwrap_or_default(),
            if args.neutral_ties {
                format!("{neutral} neutral relations (sign 0) counted")
            } else {
                format!(
                    "{neutral} neutral relations (sign 0: mediation, third-party roles, \
                     agreements, talks) left out, --neutral-ties counts them"
                )
            },
            match args.view.as_of.as_of {
                Some(day) => format!(
                    "; in force on {day}, an undated relation counting as always in force: \
                     {unranked} actors with no relation in force not ranked"
                ),
                None if unranked > 0 => {
                    format!("; {unranked} actors with no relation left by the filters not ranked")
                }
                None => String::new(),
            }
        ))?;
    }
    super::write_records(
        &scores.table_where(&graph, top, |n| related[n.index()]),
        format,
    )
}

/// A tolerance is a positive, finite number: 0 never converges, NaN compares
/// with nothing.
fn parse_tolerance(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(t) if t.is_finite() && t > 0.0 => Ok(t),
        _ => Err(format!(
            "{text:?} is not a positive tolerance (such as 1e-6)"
        )),
    }
}

/// `entente influence --help`: what is ranked, on which relations, on which day.
pub const LONG_ABOUT: &str = "Actors ranked by a centrality of the actor graph (PageRank by \
default, NetworkX's definition; betweenness, eigenvector, closeness, Katz, degree). Neutral ties \
— relations of sign 0: mediation and the other third-party roles (guarantor, host, verifier, \
accompanying country…), agreement between co-parties, talks — are left out by default, so a \
mediator passes no rank to the parties it mediates between; --neutral-ties counts them as \
links. With --as-of DATE only relations in force that day are read, and an undated relation \
counts as always in force (one with only a start, from then on); actors with no relation in \
force that day are not ranked (nor, with --relations or --source, actors left with no \
relation). The table's first line gives the metric's parameters and these counts.";
