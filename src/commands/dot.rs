//! `entente dot`: the actor graph as a Graphviz diagram.
//!
//! The graph is the view (`queries/view.rq`, or `--query FILE`: a
//! view-shaped SELECT or a CONSTRUCT), filtered (`--as-of`, `--relations`,
//! `--source`), cut to a neighbourhood (`--focus NAME --depth K`) and to the
//! most central actors (`--top N`), drawn by [`entente_graph::dot`]. Node
//! sizes (`--size-by`) and camps (`--camps`) come from [`entente_graph::analysis`];
//! agreements (`--agreements`) from [`AGREEMENTS_QUERY`].
//!
//! Without `--render`, DOT text goes to `-o FILE` or stdout; with it (or with
//! `-o` ending in `.svg`, `.png` or `.pdf`) Graphviz draws the picture.
//!
//! Examples:
//!
//! ```text
//! entente dot --agreements nodes --render svg -o docs/seed.svg
//! entente dot --focus Stepanakert --depth 1 --size-by pagerank -o nk.svg
//! entente dot --relations hostile,attacks,blockades --as-of 2023-09-19 | dot -Tpng > war.png
//! ```

use super::{Global, ViewArgs};
use anyhow::{bail, Context, Result};
use entente::queries::{self, QueryForm};
use entente::resolve;
use entente::view::{self, ActorGraph};
use entente_graph::analysis::{self, balance, centrality};
use entente_graph::dot::{self as draw, AgreementStyle, DotOptions, Layout, NodeSizes};
use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SizeBy {
    Pagerank,
    Degree,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Agreements {
    /// A small box per agreement linked to its parties and mediators.
    Nodes,
    /// A captioned edge between each pair of parties.
    Edges,
    /// Not drawn.
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RenderFormat {
    Svg,
    Png,
    Pdf,
}

impl RenderFormat {
    fn as_str(self) -> &'static str {
        match self {
            RenderFormat::Svg => "svg",
            RenderFormat::Png => "png",
            RenderFormat::Pdf => "pdf",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LayoutArg {
    Dot,
    Neato,
    Fdp,
    Sfdp,
    Circo,
}

impl From<LayoutArg> for Layout {
    fn from(l: LayoutArg) -> Layout {
        match l {
            LayoutArg::Dot => Layout::Dot,
            LayoutArg::Neato => Layout::Neato,
            LayoutArg::Fdp => Layout::Fdp,
            LayoutArg::Sfdp => Layout::Sfdp,
            LayoutArg::Circo => Layout::Circo,
        }
    }
}

/// Draws the actor graph with Graphviz: actors shaped and coloured by kind,
/// relations styled by class (alliance, backing, hostility, mediation; any
/// other kind by its sign: cooperative, hostile or neutral), a legend. DOT text to stdout or `-o FILE`; a picture with `--render`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Draw only the neighbourhood of this actor (name, alias, prefixed name or IRI).
    #[arg(long, value_name = "NAME")]
    pub focus: Option<String>,

    /// Hops around --focus, following relations both ways.
    #[arg(long, default_value_t = 1, value_name = "K", requires = "focus")]
    pub depth: usize,

    /// The view and its filters (--view, --as-of, --relations, --source).
    #[command(flatten)]
    pub view: ViewArgs,

    /// Draw the graph of this query instead of the view: a CONSTRUCT (each triple
    /// between two resources is a relation; --relations applies) or a SELECT with the
    /// view's columns (as --view).
    #[arg(long, value_name = "FILE")]
    pub query: Option<PathBuf>,

    /// Node (text) size from a centrality of the drawn view.
    #[arg(long, value_enum, value_name = "METRIC")]
    pub size_by: Option<SizeBy>,

    /// One cluster per camp of the structural-balance analysis: two per connected
    /// component, each named after its most central actor (as `entente balance`).
    #[arg(long)]
    pub camps: bool,

    /// Draw agreements as box nodes linked to parties and mediators, or as captions of
    /// edges between the parties.
    #[arg(long, value_enum, value_name = "STYLE", default_value = "none")]
    pub agreements: Agreements,

    /// Write to this file (DOT text, or the picture with --render or a .svg/.png/.pdf
    /// name) instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Run Graphviz and write a picture in this format.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub render: Option<RenderFormat>,

    /// Graphviz layout engine. Default: dot for small drawings, sfdp above
    /// 100 actors or 400 edges (dot takes minutes on big, hub-heavy graphs).
    #[arg(long, value_enum, value_name = "ENGINE")]
    pub layout: Option<LayoutArg>,

    /// Keep only the N most central actors (by --size-by, PageRank by default).
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,

    /// A title for the picture (default: what is drawn).
    #[arg(long)]
    pub title: Option<String>,

    /// Leave out the legend.
    #[arg(long)]
    pub no_legend: bool,
}

pub fn run(args: &Args, global: &Global) -> Result<()> {
    let picture = picture_format(args)?;
    let kg = global.open_for_analysis()?;
    let graph = match &args.query {
        Some(_) if args.view.view.is_some() => {
            bail!("--query and --view both name the graph: give one")
        }
        Some(path) => {
            let (_, text) = queries::read_file(path)?;
            let form =
                queries::form(&text).with_context(|| format!("in the query {}", path.display()))?;
            match form {
                QueryForm::Construct | QueryForm::Describe => {
                    if args.view.as_of.as_of.is_some() || args.view.source.is_some() {
                        bail!(
                            "--as-of and --source filter a view's dated, sourced rows; the \
                             triples of a CONSTRUCT have neither (use a SELECT view query)"
                        );
                    }
                    let graph = view::from_construct(&kg, &text)
                        .with_context(|| format!("in the query {}", path.display()))?;
                    args.view.filter(&kg, graph)?
                }
                QueryForm::Select => ViewArgs {
                    view: Some(path.clone()),
                    ..args.view.clone()
                }
                .actor_graph(&kg)?,
                QueryForm::Ask => bail!(
                    "{}: --query takes a CONSTRUCT or a SELECT with the view's columns",
                    path.display()
                ),
            }
        }
        None => args.view.actor_graph(&kg)?,
    };

    // What to draw: the actors with a relation left, cut to the focus and the top.
    let focus = match &args.focus {
        Some(name) => {
            let named = resolve::resolve(&kg, name)?;
            match graph.find(named.iri.as_str()) {
                Some(ix) => Some(ix),
                None => bail!(
                    "{name} ({}) has no relation in the view{}",
                    named.label.as_deref().unwrap_or(named.iri.as_str()),
                    if args.view.filtered() {
                        " with these filters"
                    } else {
                        ""
                    }
                ),
            }
        }
        None => None,
    };
    let mut include: BTreeSet<_> = match focus {
        Some(centre) => draw::neighbourhood(&graph, centre, args.depth),
        None => graph
            .graph
            .node_indices()
            .filter(|&v| graph.graph.neighbors_undirected(v).next().is_some())
            .collect(),
    };
    let metric = args.size_by.unwrap_or(SizeBy::Pagerank);
    let scores = if args.size_by.is_some() || args.top.is_some() {
        Some(scores(&graph, metric)?)
    } else {
        None
    };
    if let (Some(n), Some(s)) = (args.top, &scores) {
        include = draw::top_nodes(&graph, s, n, Some(&include), focus);
    }
    if include.is_empty() {
        bail!("nothing to draw: no relation passes the filters");
    }

    // One cluster per camp of each connected component, named as `entente
    // balance` names it (after the camp's most central actor).
    let camps = if args.camps {
        let report = balance::balance(&graph, &balance::BalanceOptions::default());
        Some((report.camp_of(graph.actor_count()), report.camp_names()))
    } else {
        None
    };

    let agreements = match args.agreements {
        Agreements::None => Vec::new(),
        _ => view::agreements(&kg, &graph, args.view.as_of.as_of)?,
    };

    let mut options = DotOptions {
        title: Some(
            args.title
                .clone()
                .unwrap_or_else(|| title(args, &graph, focus)),
        ),
        layout: args.layout.map(Layout::from),
        include: Some(include),
        highlight: focus,
        size_by: args.size_by.and(scores).map(|scores| NodeSizes {
            metric: match metric {
                SizeBy::Pagerank => "pagerank".to_owned(),
                SizeBy::Degree => "degree".to_owned(),
            },
            scores,
        }),
        agreements,
        agreement_style: match args.agreements {
            Agreements::Edges => AgreementStyle::Edges,
            _ => AgreementStyle::Nodes,
        },
        legend: !args.no_legend,
        ..DotOptions::default()
    };
    if let Some((camp_of, names)) = camps {
        options.camps = Some(camp_of);
        options.camp_names = names;
    }
    let (layout, nodes, edges) = draw::plan(&graph, &options);
    match args.layout {
        None if layout != Layout::Dot => super::note!(
            "entente: {nodes} actors and {edges} edges to draw: laying out with {layout} \
             (dot is slow above {} actors or {} edges; --layout dot to insist, --top N or \
             --focus NAME to draw less)",
            draw::DOT_MAX_NODES,
            draw::DOT_MAX_EDGES
        ),
        Some(LayoutArg::Dot) if nodes > draw::DOT_MAX_NODES || edges > draw::DOT_MAX_EDGES => {
            super::note!(
                "entente: warning: dot on {nodes} actors and {edges} edges may take minutes \
                 (sfdp takes seconds)"
            )
        }
        _ => {}
    }
    let text = draw::render(&graph, &options);

    let bytes = match picture {
        Some(format) => {
            let picture = draw::run_graphviz(&text, layout, format)?;
            for warning in &picture.warnings {
                super::note!("graphviz: {warning}");
            }
            picture.bytes
        }
        None => text.into_bytes(),
    };
    match &args.output {
        Some(path) => std::fs::write(path, &bytes)
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => {
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            out.write_all(&bytes)?;
            out.flush()?;
        }
    }
    Ok(())
}

/// The picture to draw (`svg`, `png`, `pdf`), or `None` for DOT text: from
/// `--render`, else from the `-o` file's extension. Checked before any work:
/// an extension that is neither DOT (`.dot`, `.gv`) nor a picture, or that
/// disagrees with `--render`, is refused.
fn picture_format(args: &Args) -> Result<Option<&'static str>> {
    let Some(path) = &args.output else {
        return Ok(args.render.map(RenderFormat::as_str));
    };
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let named = picture_format_of(path);
    let is_dot = matches!(ext.as_deref(), Some("dot" | "gv"));
    match (args.render.map(RenderFormat::as_str), named) {
        (Some(render), Some(named)) if render != named => bail!(
            "--render {render} -o {}: the file's extension says {named}; give them the same format",
            path.display()
        ),
        (Some(render), _) if is_dot => bail!(
            "--render {render} -o {}: a .{} file holds DOT text; name the picture FILE.{render}",
            path.display(),
            ext.as_deref().unwrap_or_default()
        ),
        (Some(render), _) => Ok(Some(render)),
        (None, Some(named)) => Ok(Some(named)),
        (None, None) if is_dot => Ok(None),
        (None, None) => bail!(
            "-o {}: write DOT text to FILE.dot or FILE.gv, or a picture to FILE.svg, FILE.png or FILE.pdf",
            path.display()
        ),
    }
}

/// `svg`, `png` or `pdf` when a file name asks for a picture.
fn picture_format_of(path: &Path) -> Option<&'static str> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "svg" => Some("svg"),
        "png" => Some("png"),
        "pdf" => Some("pdf"),
        _ => None,
    }
}

/// One score per node from the analysis module.
fn scores(graph: &ActorGraph, metric: SizeBy) -> Result<Vec<f64>> {
    Ok(match metric {
        SizeBy::Pagerank => {
            centrality::pagerank(graph, &centrality::PageRankOptions::default())?.scores
        }
        SizeBy::Degree => {
            centrality::degree(
                graph,
                &centrality::InfluenceOptions {
                    direction: analysis::Direction::Undirected,
                    ..centrality::InfluenceOptions::default()
                },
            )
            .scores
        }
    })
}

/// "Nagorno-Karabakh and its neighbours (2 hops), as of 2023-09-19" and the like.
fn title(args: &Args, graph: &ActorGraph, focus: Option<petgraph::graph::NodeIndex>) -> String {
    let mut t = match focus {
        Some(f) if args.depth == 1 => format!("{} and its neighbours", graph.graph[f].label),
        Some(f) => format!("{} within {} hops", graph.graph[f].label, args.depth),
        None => "Actors and relations".to_owned(),
    };
    if let Some(n) = args.top {
        t.push_str(&format!(", the {n} most central"));
    }
    if !args.view.relations.is_empty() {
        t.push_str(&format!(": {}", args.view.relations.join(", ")));
    }
    if let Some(d) = &args.view.as_of.as_of {
        t.push_str(&format!(", as of {d}"));
    }
    if let Some(s) = &args.view.source {
        t.push_str(&format!(", according to {s}"));
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picture_formats() {
        assert_eq!(picture_format_of(Path::new("a/b.SVG")), Some("svg"));
        assert_eq!(picture_format_of(Path::new("b.dot")), None);
        assert_eq!(picture_format_of(Path::new("b")), None);
    }
}
