//! `entente path FROM TO`: the chain of relations between two actors, each
//! hop a sentence with its relation, date and source.

use super::{Global, ViewArgs};
use anyhow::Result;
use entente::output::OutputFormat;
use entente_graph::analysis::paths::{shortest_path, simple_paths, PathOptions};
use entente_graph::analysis::Direction;
use entente_graph::{Table, Value};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The actor the chain starts from.
    pub from: String,
    /// The actor the chain ends at.
    pub to: String,
    /// The longest chain wanted, in hops (default: any length; 4 with --all).
    #[arg(long, value_name = "N")]
    pub max_hops: Option<usize>,
    /// Every simple chain up to --max-hops, shortest first.
    #[arg(long)]
    pub all: bool,
    /// Follow relations only from source to target.
    #[arg(long)]
    pub directed: bool,
    #[command(flatten)]
    pub view: ViewArgs,
}

pub fn run(args: &Args, global: &Global) -> Result<()> {
    let format = global.records_format()?;
    let store = global.open_for_analysis()?;
    let graph = args.view.actor_graph(&store)?;
    let from = super::actor_in_view(&store, &graph, &args.from)?;
    let to = super::actor_in_view(&store, &graph, &args.to)?;
    let options = PathOptions {
        direction: if args.directed {
            Direction::Directed
        } else {
            Direction::Undirected
        },
        max_hops: args.max_hops,
        ..PathOptions::default()
    };
    let (paths, more) = if args.all {
        let chains = simple_paths(&graph, from, to, &options);
        (chains.paths, chains.more)
    } else {
        let shortest = shortest_path(&graph, from, to, &options);
        (shortest.into_iter().collect(), false)
    };
    if more {
        // Said on stderr in every format: the records are not all chains.
        super::note!(
            "entente: the first {} chains of more (shortest first); --max-hops fewer, or --relations, to see all",
            paths.len()
        );
    }
    if paths.is_empty() {
        return Err(super::NoAnswer(format!(
            "no chain of relations links {} and {}{}",
            graph.graph[from].label,
            graph.graph[to].label,
            args.max_hops
                .map(|n| format!(" within {n} hops"))
                .unwrap_or_default()
        ))
        .into());
    }
    if format == OutputFormat::Table {
        for path in &paths {
            super::say(path.sentence(&graph))?;
        }
        return Ok(());
    }
    let mut table = Table {
        header: vec!["chain".into()],
        rows: Vec::new(),
    };
    for (i, path) in paths.iter().enumerate() {
        let hops = path.table(&graph);
        if table.header.len() == 1 {
            table.header.extend(hops.header.iter().cloned());
        }
        for row in hops.rows {
            table
                .rows
                .push(std::iter::once(Value::from(i + 1)).chain(row).collect());
        }
    }
    super::write_records(&table, format)
}
