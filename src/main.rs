//! The `entente` command line: argument definitions and dispatch, nothing else.

use clap::{Parser, Subcommand};
use entente::commands::{self, Global};
use std::process::ExitCode;

/// An actor-relationship knowledge graph of conflicts and diplomacy: who
/// backs whom, who is allied or hostile, who mediated which agreement, and
/// who says so.
#[derive(Debug, Parser)]
#[command(name = "entente", version, about, propagate_version = true)]
struct Cli {
    #[command(flatten)]
    global: Global,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Runs SPARQL: text, a .rq file or a named query (`--list` shows them).
    Query(commands::query::Args),
    /// Who mediated which agreement.
    Mediators(commands::mediators::Args),
    /// Who backs whom, how, since when, and according to whom.
    Backers(commands::backers::Args),
    /// An actor's alliances and defence pacts.
    Allies(commands::allies::Args),
    /// Facts by source; `--contested` lists what sources dispute.
    Claims(commands::claims::Args),
    /// The actors the graph knows, by kind.
    Actors(commands::actors::Args),
    /// What the graph says of one actor or agreement, with sources.
    Describe(commands::describe::Args),
    /// The shortest chain of relations between two actors, hop by hop.
    Path(commands::path::Args),
    /// Actors ranked by influence (PageRank, betweenness, eigenvector…).
    Influence(commands::influence::Args),
    /// Structural balance: triads, camps, frustration.
    Balance(commands::balance::Args),
    /// Third parties ranked as mediator candidates between two actors.
    Brokers(commands::brokers::Args),
    /// Draws the actor graph with Graphviz (DOT text, or SVG/PNG/PDF with --render).
    Dot(commands::dot::Args),
    /// Adds RDF files to a persistent store (all or nothing).
    Load(commands::load::LoadArgs),
    /// Checks RDF files against the ontology without loading them.
    Check(commands::load::CheckArgs),
    /// Reads CSV data sets (the COW formal alliances so far) through mappings.
    Import(commands::import::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let global = &cli.global;
    let result = match &cli.command {
        Command::Query(args) => commands::query::run(args, global),
        Command::Mediators(args) => commands::mediators::run(args, global),
        Command::Backers(args) => commands::backers::run(args, global),
        Command::Allies(args) => commands::allies::run(args, global),
        Command::Claims(args) => commands::claims::run(args, global),
        Command::Actors(args) => commands::actors::run(args, global),
        Command::Describe(args) => commands::describe::run(args, global),
        Command::Path(args) => commands::path::run(args, global),
        Command::Influence(args) => commands::influence::run(args, global),
        Command::Balance(args) => commands::balance::run(args, global),
        Command::Brokers(args) => commands::brokers::run(args, global),
        Command::Dot(args) => commands::dot::run(args, global),
        Command::Load(args) => commands::load::load(args, global),
        Command::Check(args) => commands::load::check(args, global),
        Command::Import(args) => commands::import::run(args, global),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            if error
                .downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            {
                return ExitCode::SUCCESS;
            }
            eprintln!("entente: {error:#}");
            ExitCode::FAILURE
        }
    }
}
