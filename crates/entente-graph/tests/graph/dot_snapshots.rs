//! Snapshot tests of the DOT text (`tests/snapshots/*.dot`;
//! `UPDATE_SNAPSHOTS=1 cargo test -p entente-graph --test graph dot_snapshots`
//! rewrites them), and
//! Graphviz's verdict on every committed snapshot.

use super::support::*;
use entente_graph::dot::{
    neighbourhood, render, top_nodes, AgreementStyle, DotOptions, Layout, NodeSizes,
};
use entente_graph::{Actor, ActorGraph, Relation};

fn seed_options(seed: &Seed) -> DotOptions {
    DotOptions {
        title: Some("Nagorno-Karabakh: actors and relations (test graph)".to_owned()),
        agreements: seed.agreements.clone(),
        agreement_style: AgreementStyle::Nodes,
        ..DotOptions::default()
    }
}

#[test]
fn seed_graph() {
    let seed = seed(false);
    let dot = render(&seed.graph, &seed_options(&seed));
    assert_snapshot("dot_seed.dot", &dot);
}

#[test]
fn seed_graph_is_independent_of_insertion_order() {
    let a = seed(false);
    let b = seed(true);
    assert_eq!(
        render(&a.graph, &seed_options(&a)),
        render(&b.graph, &seed_options(&b))
    );
}

#[test]
fn focus_view() {
    let seed = seed(false);
    let g = &seed.graph;
    let centre = g.find(&format!("{ID}NagornoKarabakh")).unwrap();
    let options = DotOptions {
        title: Some("Nagorno-Karabakh, 1 hop".to_owned()),
        include: Some(neighbourhood(g, centre, 1)),
        highlight: Some(centre),
        size_by: Some(NodeSizes {
            metric: "degree".to_owned(),
            scores: degrees(g),
        }),
        ..seed_options(&seed)
    };
    let dot = render(g, &options);
    assert!(dot.contains("Nagorno_Karabakh_") || dot.contains("NagornoKarabakh_"));
    assert!(!dot.contains("Ilham Aliyev"), "two hops away");
    assert_snapshot("dot_seed_focus.dot", &dot);
}

#[test]
fn camps_with_agreement_captions_and_top() {
    let seed = seed(false);
    let g = &seed.graph;
    let scores = degrees(g);
    let camp_of = |label: &str| -> Option<usize> {
        match label {
            "Armenia"
            | "Nagorno-Karabakh"
            | "Russia"
            | "CSTO"
            | "Government of Armenia"
            | "Nikol Pashinyan"
            | "Russian peacekeeping contingent" => Some(0),
            "Azerbaijan"
            | "Turkey"
            | "Azerbaijani Armed Forces"
            | "Ilham Aliyev"
            | "Ministry of Defence of Azerbaijan" => Some(1),
            _ => None,
        }
    };
    let camps = g.graph.node_weights().map(|a| camp_of(&a.label)).collect();
    let options = DotOptions {
        title: Some("Camps".to_owned()),
        layout: Some(Layout::Fdp),
        include: Some(top_nodes(g, &scores, 8, None, None)),
        camps: Some(camps),
        camp_names: vec!["Yerevan's side".to_owned(), "Baku's side".to_owned()],
        agreement_style: AgreementStyle::Edges,
        ..seed_options(&seed)
    };
    let dot = render(g, &options);
    assert!(dot.contains("subgraph cluster_camp_0"));
    assert!(dot.contains("layout=fdp"));
    assert_snapshot("dot_seed_camps.dot", &dot);
}

/// Labels that break naive DOT writers.
pub fn nasty_graph() -> ActorGraph {
    let labels = [
        "Quote \" inside",
        r"Back\slash \N \G \l \\ end\",
        "Two\nlines\r\nand CR\r",
        "<b>not html</b> & AT&T &amp; {braces} [brackets] ; , = -> --",
        "Նիկոլ Փաշինյան",
        "Bakı — Azərbaycan",
        "Министерство обороны «РФ»",
        "emoji 🕊️ and tab\there",
        "control \u{1} \u{7f} \u{85} nonchar \u{FFFE}",
        "subgraph",
        "",
        "   ",
        "digraph { a -> b }",
        "\\",
    ];
    let mut g = ActorGraph::new();
    let mut prev = None;
    for (i, label) in labels.iter().enumerate() {
        let v = g.actor(Actor {
            iri: format!("urn:test:{i}/{label}"),
            label: (*label).to_owned(),
            kind: Some(if i % 2 == 0 { "State" } else { "Person" }.to_owned()),
            aliases: vec![format!("alias \"{label}\"")],
        });
        if let Some(p) = prev {
            g.relate(
                p,
                v,
                Relation {
                    kind: (*label).to_owned(),
                    sign: [1, -1, 0][i % 3],
                    weight: 1.0,
                    start: Some((*label).to_owned()),
                    end: None,
                    graph: Some(format!("urn:graph:{label}")),
                    source_label: Some((*label).to_owned()),
                },
            );
        }
        prev = Some(v);
    }
    g
}

#[test]
fn nasty_labels() {
    let g = nasty_graph();
    let dot = render(
        &g,
        &DotOptions {
            title: Some("Title with \"quotes\" and \\ and\nnewline".to_owned()),
            ..DotOptions::default()
        },
    );
    assert_snapshot("dot_escaping.dot", &dot);
}

/// Every committed snapshot is accepted by `dot -Tsvg` without a warning.
#[test]
fn graphviz_accepts_every_snapshot() {
    if !graphviz_available() {
        return;
    }
    let mut checked = 0;
    let mut entries: Vec<_> = std::fs::read_dir(snapshot_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "dot"))
        .collect();
    entries.sort();
    for path in entries {
        let text = std::fs::read_to_string(&path).unwrap();
        assert_graphviz_clean(&path.display().to_string(), &text);
        checked += 1;
    }
    assert!(checked >= 4, "only {checked} snapshots");
}

/// The same, on freshly rendered text (so a stale snapshot cannot hide a
/// regression), for each layout engine.
#[test]
fn graphviz_accepts_every_layout() {
    if !graphviz_available() {
        return;
    }
    let seed = seed(false);
    for layout in Layout::ALL {
        for style in [AgreementStyle::Nodes, AgreementStyle::Edges] {
            let options = DotOptions {
                layout: Some(layout),
                agreement_style: style,
                ..seed_options(&seed)
            };
            let dot = render(&seed.graph, &options);
            assert_graphviz_clean(&format!("seed, {layout}, {style:?}"), &dot);
        }
        let dot = render(
            &nasty_graph(),
            &DotOptions {
                layout: Some(layout),
                ..DotOptions::default()
            },
        );
        assert_graphviz_clean(&format!("nasty labels, {layout}"), &dot);
    }
}

/// Node links reach the SVG as `<a xlink:href>` around the node, each
/// address intact once decoded, whatever its characters (the nasty graph's
/// IRIs hold quotes, angle brackets, backslashes, newlines and non-ASCII
/// letters): none can end the attribute or open an element.
#[test]
fn node_links_reach_the_svg_escaped() {
    if !graphviz_available() {
        return;
    }
    let g = nasty_graph();
    let urls: Vec<Option<String>> = g
        .graph
        .node_indices()
        .map(|ix| (ix.index() != 0).then(|| format!("/#describe={}", g.graph[ix].iri)))
        .collect();
    let options = DotOptions {
        legend: false,
        links: Some(urls.clone()),
        ..DotOptions::default()
    };
    let dot = render(&g, &options);
    let (layout, _, _) = entente_graph::dot::plan(&g, &options);
    let svg = entente_graph::dot::run_graphviz(&dot, layout, "svg").unwrap();
    let svg = String::from_utf8(svg.bytes).unwrap();
    let hrefs: Vec<&str> = svg
        .split("<a xlink:href=\"")
        .skip(1)
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .collect();
    let decoded: std::collections::BTreeSet<String> = hrefs
        .iter()
        .map(|h| {
            assert!(!h.contains(['<', '>', '\\', ' ']), "{h}");
            percent_decoded(&h.replace("&amp;", "&"))
        })
        .collect();
    let wanted: std::collections::BTreeSet<String> = urls.into_iter().flatten().collect();
    assert_eq!(decoded, wanted);
    assert_eq!(
        hrefs.len(),
        g.graph.node_count() - 1,
        "one link per linked node"
    );
}

fn percent_decoded(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}
