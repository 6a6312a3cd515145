//! The `entente` command line: argument definitions and dispatch, nothing else.

mod commands;

use clap::{CommandFactory, Parser, Subcommand};
use commands::Global;
use std::process::ExitCode;

/// mimalloc instead of glibc's malloc, whose consolidation of freed chunks
/// took two fifths of an import's CPU (BENCHMARKS.md). With RocksDB it
/// also replaces `malloc` itself (the `rocksdb` feature turns on its
/// `override`): Oxigraph frees RocksDB's `malloc`ed error strings through
/// Rust's allocator (`CString::from_raw`), which must then be the same one.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const EXIT_CODES: &str =
    "Exit codes: 0 an answer; 1 no answer (no solution, no chain, no candidate); 2 an error.";

/// An actor-relationship knowledge graph of conflicts and diplomacy: who
/// backs whom, who is allied or hostile, who mediated which agreement, and
/// who says so.
#[derive(Debug, Parser)]
#[command(name = "entente", version, about, propagate_version = true, after_help = EXIT_CODES)]
struct Cli {
    #[command(flatten)]
    global: Global,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Runs SPARQL: text, a .rq file or a named query (`--list` shows them).
    #[command(
        after_help = "Examples:\n  entente query --list\n  entente query mediators\n  entente query 'SELECT ?a WHERE { ?a a ent:State }' -f csv\n  entente query backers --param backed=Artsakh"
    )]
    Query(commands::query::Args),
    /// Who mediated which agreement (--roles: every third party by role).
    #[command(
        after_help = "Examples:\n  entente mediators\n  entente mediators Russia\n  entente mediators --as-of 2023-09-19 -f json\n  entente mediators --roles Cuba"
    )]
    Mediators(commands::mediators::Args),
    /// Who backs whom, how, since when, and according to whom.
    #[command(
        after_help = "Examples:\n  entente backers Artsakh\n  entente backers --by Turkey\n  entente backers Azerbaijan --transitive"
    )]
    Backers(commands::backers::Args),
    /// An actor's alliances and defence pacts.
    #[command(
        after_help = "Examples:\n  entente allies Armenia\n  entente allies Russia --as-of 2000"
    )]
    Allies(commands::allies::Args),
    /// One actor's or conflict's events, agreements and relations in date order, with sources.
    #[command(
        after_help = "Examples:\n  entente timeline Azerbaijan\n  entente timeline Armenia --from 1991 --to 2012\n  entente timeline 'Nagorno-Karabakh' --from 2023-09"
    )]
    Timeline(commands::timeline::Args),
    /// Facts by source; `--contested` lists what sources dispute.
    #[command(
        after_help = "Examples:\n  entente claims --source Stepanakert\n  entente claims --contested"
    )]
    Claims(commands::claims::Args),
    /// The actors the graph knows, by kind.
    #[command(
        after_help = "Examples:\n  entente actors\n  entente actors --kind 'de facto state'"
    )]
    Actors(commands::actors::Args),
    /// What the graph says of one actor or agreement, with sources.
    #[command(
        after_help = "Examples:\n  entente describe Baku\n  entente describe id:Armenia -f turtle"
    )]
    Describe(commands::describe::Args),
    /// The shortest chain of relations between two actors, hop by hop.
    #[command(
        after_help = "Examples:\n  entente path Turkey Artsakh\n  entente path Russia Azerbaijan --all --max-hops 3 -f csv"
    )]
    Path(commands::path::Args),
    /// Actors ranked by influence (PageRank, betweenness, eigenvector…).
    #[command(
        long_about = commands::influence::LONG_ABOUT,
        after_help = "Examples:\n  entente influence\n  entente influence --as-of 2016-11-24\n  entente influence --neutral-ties\n  entente influence --metric betweenness --top 5 -f json"
    )]
    Influence(commands::influence::Args),
    /// Structural balance: triads, camps of each connected component, frustration.
    #[command(
        long_about = "Structural balance of the signed actor graph: the triad census, the unbalanced \
triangles, and for each connected component of the signed ties (two conflicts with no tie \
between them are two components) the two camps that leave the fewest ties frustrated, with \
that frustration index. Each camp is named after its most central actor: the one with the most \
signed ties (degree), then the largest summed weight of them, then the smaller IRI. Among \
equally frustrated camps, the ones leaving the lighter ties frustrated are chosen (a defence \
pact, weight 1, stays satisfied before a \"close to\", weight 0.5). Relations of sign 0 \
(mediation, talks, third-party roles, agreements) are left out.",
        after_help = "Examples:\n  entente balance\n  entente balance --around Armenia\n  entente balance --as-of 2023-09-19"
    )]
    Balance(commands::balance::Args),
    /// Third parties ranked as mediator candidates between two actors.
    #[command(
        long_about = commands::brokers::long_about(),
        after_help = "Examples:\n  entente brokers Armenia Azerbaijan\n  entente brokers Stepanakert Baku --include-hostile"
    )]
    Brokers(commands::brokers::Args),
    /// Draws the actor graph with Graphviz (DOT text, or SVG/PNG/PDF with --render).
    #[command(
        after_help = "Examples:\n  entente dot --agreements nodes -o seed.svg\n  entente dot --focus Stepanakert --depth 1 --size-by pagerank -o nk.svg\n  entente dot --relations hostile,attacks --as-of 2023-09-19 | dot -Tpng > war.png"
    )]
    Dot(commands::dot::Args),
    /// Adds RDF files to a persistent store (all or nothing), or sends them to a SPARQL server.
    #[command(
        after_help = "Examples:\n  entente --store kg load article.trig\n  entente --endpoint http://127.0.0.1:7979/update load --graph-store http://127.0.0.1:7979/store article.trig"
    )]
    Load(commands::load::LoadArgs),
    /// Checks RDF files against the ontology without loading them.
    #[command(after_help = "Example:\n  entente check data/*.trig")]
    Check(commands::load::CheckArgs),
    /// Reads CSV data sets (the COW formal alliances so far) through mappings.
    #[command(
        after_help = "Examples:\n  entente import --list\n  entente import cow_alliance_v4.1_by_member.csv -o cow.trig"
    )]
    Import(commands::import::Args),
    /// Writes every quad of the store in its graph (TriG, or N-Quads), to load into a SPARQL server.
    #[command(
        after_help = "Examples:\n  entente dump > kg.trig\n  entente --store kg dump -f nquads > kg.nq\n  curl -X POST -H 'Content-Type: application/trig' --data-binary @kg.trig http://127.0.0.1:7878/store   # oxigraph serve"
    )]
    Dump(commands::dump::Args),
    /// Reads an analyst's claims sheet (CSV, one claim per row) into one named graph per source and document.
    #[command(
        after_help = "Examples:\n  entente sheet templates/claims.csv -o claims.trig\n  entente sheet my-article.csv --new-actors -o my-article.trig"
    )]
    Sheet(commands::sheet::Args),
    /// Links a data set's actors, agreements and conflicts to those already known; lists what did not match.
    #[command(
        after_help = "Examples:\n  entente reconcile ucdp-peace-agreements\n  entente reconcile cwm --links\n  entente reconcile ucdp-peace-agreements -o ucdp-links.trig"
    )]
    Reconcile(commands::reconcile::Args),
    /// Serves the graph over HTTP: SPARQL at /query, the named questions at /questions.
    #[command(
        after_help = "Examples:\n  entente serve\n  entente --with my-claims.trig serve --bind 127.0.0.1:8000\n  curl -H 'Accept: text/csv' 'http://127.0.0.1:7878/questions/allies?actor=Armenia'\n  curl --data-urlencode 'query=SELECT * WHERE { ?s a ent:State }' http://127.0.0.1:7878/query"
    )]
    Serve(commands::serve::Args),
    /// Writes a shell completion script to stdout.
    #[command(
        after_help = "Example:\n  entente completions bash > ~/.local/share/bash-completion/completions/entente"
    )]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Writes the manual page (roff) to stdout.
    #[command(after_help = "Example:\n  entente man > entente.1 && man ./entente.1")]
    Man,
}

/// The verbs run on a thread with this stack: SPARQL is parsed, planned
/// and evaluated by recursion, once per level of a query (up to
/// `queries::MAX_DEPTH`), which a debug build's 8 MiB main stack did not
/// hold. Address space: only what is used is touched.
const STACK: usize = 256 << 20;

fn main() -> ExitCode {
    match std::thread::Builder::new()
        .name("entente".to_owned())
        .stack_size(STACK)
        .spawn(run)
    {
        // A panic has been told on stderr by then; 101 as Rust's own.
        Ok(verb) => verb.join().unwrap_or(ExitCode::from(101)),
        Err(_) => run(),
    }
}

fn run() -> ExitCode {
    let cli = Cli::parse();
    let global = &cli.global;
    if !matches!(cli.command, Command::Serve(_)) {
        global.watch_memory();
    }
    let result = match &cli.command {
        Command::Query(args) => commands::query::run(args, global),
        Command::Mediators(args) => commands::mediators::run(args, global),
        Command::Backers(args) => commands::backers::run(args, global),
        Command::Allies(args) => commands::allies::run(args, global),
        Command::Timeline(args) => commands::timeline::run(args, global),
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
        Command::Dump(args) => commands::dump::run(args, global),
        Command::Sheet(args) => commands::sheet::run(args, global),
        Command::Reconcile(args) => commands::reconcile::run(args, global),
        Command::Serve(args) => commands::serve::run(args, global),
        Command::Completions { shell } => commands::manual::completions(*shell, Cli::command()),
        Command::Man => commands::manual::man(Cli::command()),
    };
    commands::exit(result)
}
