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
    if format == OutputFormat::Table {
        let params: Vec<String> = scores
            .params
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        super::say(format!(
            "{} over {} actors and {} relations ({}{})",
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
                .unwrap_or_default()
        ))?;
    }
    super::write_records(&scores.table(&graph, top), format)
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
