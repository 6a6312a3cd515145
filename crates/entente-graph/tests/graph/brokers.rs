//! Mediator candidates on a hand-made version of the seed conflict.

use entente_graph::analysis::brokers::{
    brokers, describe_tie, top_level, BrokerOptions, Side, TIE_BREAK,
};
use entente_graph::{Actor, ActorGraph, Relation, Value};
use petgraph::graph::NodeIndex;
use std::collections::HashMap;

fn rel(kind: &str, sign: i8) -> Relation {
    Relation {
        kind: kind.into(),
        sign,
        weight: 1.0,
        start: None,
        end: None,
        graph: Some("http://x/graph/france24".into()),
        source_label: Some("France 24".into()),
    }
}

struct Seed {
    g: ActorGraph,
    parents: HashMap<NodeIndex, NodeIndex>,
}

fn actor(g: &mut ActorGraph, name: &str) -> NodeIndex {
    g.actor(Actor {
        iri: format!("http://x/{}", name.replace(' ', "_")),
        label: name.into(),
        kind: None,
        aliases: Vec::new(),
    })
}

/// The seed article as relations: Azerbaijan attacks and blockades
/// Nagorno-Karabakh; Armenia backs it; Turkey is Azerbaijan's ally and
/// hostile to Armenia; Russia has a defence pact with Armenia and is close to
/// Azerbaijan; its peacekeeping force (part of its armed forces, part of
/// Russia) mediated the ceasefire between Azerbaijan and Nagorno-Karabakh.
fn seed() -> Seed {
    let mut g = ActorGraph::new();
    let az = actor(&mut g, "Azerbaijan");
    let nk = actor(&mut g, "Nagorno-Karabakh");
    let am = actor(&mut g, "Armenia");
    let tr = actor(&mut g, "Turkey");
    let ru = actor(&mut g, "Russia");
    let rf = actor(&mut g, "Russian Armed Forces");
    let pk = actor(&mut g, "Russian peacekeeping force");
    let mod_az = actor(&mut g, "Azerbaijani Ministry of Defence");
    let nkda = actor(&mut g, "Nagorno-Karabakh Defence Army");
    g.relate(az, nk, rel("attacks", -1));
    g.relate(mod_az, nk, rel("attacks", -1));
    g.relate(az, nk, rel("blockades", -1));
    g.relate(am, nk, rel("backs", 1));
    g.relate(tr, az, rel("allied", 1));
    g.relate(tr, am, rel("hostile", -1));
    g.relate(ru, am, rel("defence pact", 1));
    g.relate(ru, az, rel("close to", 1));
    g.relate(pk, az, rel("mediates", 0));
    g.relate(pk, nk, rel("mediates", 0));
    g.relate(pk, nkda, rel("mediates", 0));
    g.relate(az, nkda, rel("talks", 0));
    let parents = HashMap::from([(pk, rf), (rf, ru), (mod_az, az), (nkda, nk)]);
    Seed { g, parents }
}

fn label(g: &ActorGraph, n: NodeIndex) -> &str {
    &g.graph[n].label
}

#[test]
fn russia_mediates_between_azerbaijan_and_karabakh() {
    let s = seed();
    let (az, nk) = (
        s.g.find("http://x/Azerbaijan").unwrap(),
        s.g.find("http://x/Nagorno-Karabakh").unwrap(),
    );
    let r = brokers(&s.g, az, nk, Some(&s.parents), &BrokerOptions::default()).unwrap();
    let names: Vec<&str> = r.candidates.iter().map(|c| label(&s.g, c.actor)).collect();
    assert_eq!(names[0], "Russia", "{names:?}");
    let ru = &r.candidates[0];
    // the mediation by its peacekeepers counts for Russia, to both sides
    assert!(ru
        .ties
        .iter()
        .any(|t| t.side == Side::A && label(&s.g, t.via) == "Russian peacekeeping force"));
    assert!(ru
        .ties
        .iter()
        .any(|t| t.side == Side::B && label(&s.g, t.via) == "Russian peacekeeping force"));
    assert!(ru.hostile.is_empty());
    // Turkey has no tie to Karabakh: not a candidate, not above Russia
    assert!(!names.contains(&"Turkey"));
    // Armenia is a candidate? it backs Karabakh but has no tie to Azerbaijan
    assert!(!names.contains(&"Armenia"));
    let t = r.table(&s.g);
    assert_eq!(t.rows[0][1], Value::from("Russia"));
    assert!(t.rows[0][6]
        .to_string()
        .contains("Russian peacekeeping force —mediates→ Azerbaijan"));
}

#[test]
fn russia_above_turkey_between_azerbaijan_and_armenia() {
    let s = seed();
    let (az, am) = (
        s.g.find("http://x/Azerbaijan").unwrap(),
        s.g.find("http://x/Armenia").unwrap(),
    );
    let r = brokers(&s.g, az, am, Some(&s.parents), &BrokerOptions::default()).unwrap();
    let names: Vec<&str> = r.candidates.iter().map(|c| label(&s.g, c.actor)).collect();
    assert_eq!(names.first(), Some(&"Russia"), "{names:?}");
    // Turkey: ally of one side, hostile to the other → excluded, with the reason
    assert!(!names.contains(&"Turkey"));
    // (Karabakh itself, backed by Armenia and attacked by Azerbaijan, too)
    let ex: Vec<&str> = r.excluded.iter().map(|c| label(&s.g, c.actor)).collect();
    assert_eq!(ex, ["Nagorno-Karabakh", "Turkey"]);
    assert_eq!(
        r.excluded_table(&s.g).rows[1][1],
        Value::from("Turkey —hostile→ Armenia (per France 24)")
    );
    // even when hostile candidates are ranked, Turkey (no positive tie to
    // Armenia) does not come above Russia
    let all = brokers(
        &s.g,
        az,
        am,
        Some(&s.parents),
        &BrokerOptions {
            include_hostile: true,
            ..BrokerOptions::default()
        },
    )
    .unwrap();
    let names: Vec<&str> = all
        .candidates
        .iter()
        .map(|c| label(&s.g, c.actor))
        .collect();
    assert_eq!(names, ["Russia", "Nagorno-Karabakh"]);
}

#[test]
fn without_the_parent_map_the_peacekeepers_stand_alone() {
    let s = seed();
    let (az, nk) = (
        s.g.find("http://x/Azerbaijan").unwrap(),
        s.g.find("http://x/Nagorno-Karabakh").unwrap(),
    );
    let r = brokers(&s.g, az, nk, None, &BrokerOptions::default()).unwrap();
    let names: Vec<&str> = r.candidates.iter().map(|c| label(&s.g, c.actor)).collect();
    assert_eq!(names[0], "Russian peacekeeping force");
    // the sides' own sub-organisations are candidates without the map
    assert!(!names.contains(&"Turkey"));
}

#[test]
fn even_handed_beats_one_sided() {
    // X: strongly tied to A (3 kinds) and barely to B; Y: one tie to each
    let mut g = ActorGraph::new();
    let a = actor(&mut g, "A");
    let b = actor(&mut g, "B");
    let x = actor(&mut g, "X");
    let y = actor(&mut g, "Y");
    for k in ["allied", "backs", "defence pact"] {
        g.relate(x, a, rel(k, 1));
    }
    g.relate(x, b, rel("talks", 0));
    g.relate(y, a, rel("allied", 1));
    g.relate(y, b, rel("allied", 1));
    let r = brokers(&g, a, b, None, &BrokerOptions::default()).unwrap();
    let names: Vec<&str> = r.candidates.iter().map(|c| label(&g, c.actor)).collect();
    assert_eq!(names, ["Y", "X"]);
    assert_eq!(r.candidates[1].strength_a, 3.0);
    assert_eq!(r.candidates[1].strength_b, 0.5);
    // same actor twice is an error; a given centrality must fit the graph
    assert!(brokers(&g, a, a, None, &BrokerOptions::default()).is_err());
    let bad = BrokerOptions {
        centrality: Some(vec![1.0]),
        ..BrokerOptions::default()
    };
    assert!(brokers(&g, a, b, None, &bad).is_err());
}

#[test]
fn parent_chains_and_cycles() {
    let s = seed();
    let pk = s.g.find("http://x/Russian_peacekeeping_force").unwrap();
    let ru = s.g.find("http://x/Russia").unwrap();
    assert_eq!(top_level(pk, Some(&s.parents)), ru);
    assert_eq!(top_level(pk, None), pk);
    let (a, b) = (NodeIndex::new(0), NodeIndex::new(1));
    let cyc = HashMap::from([(a, b), (b, a)]);
    let _ = top_level(a, Some(&cyc)); // terminates
}

#[test]
fn an_actor_outside_the_graph_is_named_in_the_error() {
    let s = seed();
    let az = s.g.find("http://x/Azerbaijan").unwrap();
    let e = brokers(
        &s.g,
        az,
        NodeIndex::new(99),
        None,
        &BrokerOptions::default(),
    )
    .unwrap_err();
    assert!(matches!(e, entente_graph::Error::Invalid(_)));
    assert_eq!(e.to_string(), "actor 99 is not in the graph (9 actors)");
}

#[test]
fn each_tie_names_its_source_and_two_sources_of_one_relation_are_one_entry() {
    let mut g = ActorGraph::new();
    let a = actor(&mut g, "A");
    let b = actor(&mut g, "B");
    let m = actor(&mut g, "M");
    g.relate(m, a, rel("guarantor", 0));
    g.relate(
        m,
        a,
        Relation {
            source_label: Some("UCDP".into()),
            ..rel("guarantor", 0)
        },
    );
    // no label: the graph's local name
    g.relate(
        m,
        b,
        Relation {
            source_label: None,
            graph: Some("http://x/graph/final-agreement".into()),
            ..rel("guarantor", 0)
        },
    );
    let r = brokers(&g, a, b, None, &BrokerOptions::default()).unwrap();
    let m_ties = &r.candidates[0].ties;
    assert_eq!(
        describe_tie(&g, &m_ties[0]),
        "M —guarantor→ A (per France 24)"
    );
    assert_eq!(
        r.table(&g).rows[0][6],
        Value::from(
            "M —guarantor→ A (per France 24 / UCDP); M —guarantor→ B (per final-agreement)"
        )
    );
    // a relation no source claims is listed bare
    let mut g = ActorGraph::new();
    let [a, b, m] = ["A", "B", "M"].map(|n| actor(&mut g, n));
    g.relate(m, a, Relation::new("host", 0));
    g.relate(m, b, Relation::new("host", 0));
    let r = brokers(&g, a, b, None, &BrokerOptions::default()).unwrap();
    assert_eq!(
        r.table(&g).rows[0][6],
        Value::from("M —host→ A; M —host→ B")
    );
}

#[test]
fn equal_scores_are_ordered_by_centrality_then_by_name() {
    // Zeta, Alpha and Mu are tied alike to both sides, with one centrality;
    // Zeta comes first in the graph, yet the name decides.
    let mut g = ActorGraph::new();
    let a = actor(&mut g, "A");
    let b = actor(&mut g, "B");
    let zeta = actor(&mut g, "Zeta");
    let alpha = actor(&mut g, "Alpha");
    let mu = actor(&mut g, "Mu");
    for c in [zeta, alpha, mu] {
        g.relate(c, a, rel("guarantor", 0));
        g.relate(c, b, rel("guarantor", 0));
    }
    let centrality = vec![0.0, 0.0, 1.0, 1.0, 1.0];
    let r = brokers(
        &g,
        a,
        b,
        None,
        &BrokerOptions {
            centrality: Some(centrality.clone()),
            ..BrokerOptions::default()
        },
    )
    .unwrap();
    let names: Vec<&str> = r.candidates.iter().map(|c| label(&g, c.actor)).collect();
    assert_eq!(names, ["Alpha", "Mu", "Zeta"]);
    // the score is the same for all three: the name decides
    assert!(r.candidates.windows(2).all(|w| w[0].score == w[1].score));
    // At an equal score the larger centrality comes first: Alpha's two
    // alliances (standing 1, no centrality) score 1 × (1 + 0) = 1, Zeta's two
    // guarantees (standing 0.5, the best centrality) 0.5 × (1 + 1) = 1.
    let mut g = ActorGraph::new();
    let a = actor(&mut g, "A");
    let b = actor(&mut g, "B");
    let alpha = actor(&mut g, "Alpha");
    let zeta = actor(&mut g, "Zeta");
    g.relate(alpha, a, rel("allied", 1));
    g.relate(alpha, b, rel("allied", 1));
    g.relate(zeta, a, rel("guarantor", 0));
    g.relate(zeta, b, rel("guarantor", 0));
    let r = brokers(
        &g,
        a,
        b,
        None,
        &BrokerOptions {
            centrality: Some(vec![0.0, 0.0, 0.0, 2.0]),
            ..BrokerOptions::default()
        },
    )
    .unwrap();
    let names: Vec<&str> = r.candidates.iter().map(|c| label(&g, c.actor)).collect();
    assert_eq!(names, ["Zeta", "Alpha"]);
    assert_eq!(r.candidates[0].score, r.candidates[1].score);
    assert!(TIE_BREAK.contains("centrality") && TIE_BREAK.contains("name"));
}

#[test]
fn a_negotiator_counts_for_the_government_it_acts_for_not_as_a_third_party() {
    // The negotiator signs for the government (a parent in the map) and is
    // a party of the agreement with the rebels; the guarantor is the only
    // third party left.
    let mut g = ActorGraph::new();
    let gov = actor(&mut g, "Government");
    let rebels = actor(&mut g, "Rebels");
    let negotiator = actor(&mut g, "Negotiator");
    let guarantor = actor(&mut g, "Guarantor");
    g.relate(negotiator, gov, rel("acts for", 1));
    g.relate(negotiator, rebels, rel("agreement", 0));
    g.relate(rebels, negotiator, rel("agreement", 0));
    g.relate(guarantor, gov, rel("guarantor", 0));
    g.relate(guarantor, rebels, rel("guarantor", 0));
    let alone = brokers(&g, gov, rebels, None, &BrokerOptions::default()).unwrap();
    let names: Vec<&str> = alone
        .candidates
        .iter()
        .map(|c| label(&g, c.actor))
        .collect();
    assert_eq!(names[0], "Negotiator", "without the map: {names:?}");
    let parents = HashMap::from([(negotiator, gov)]);
    let r = brokers(&g, gov, rebels, Some(&parents), &BrokerOptions::default()).unwrap();
    let names: Vec<&str> = r.candidates.iter().map(|c| label(&g, c.actor)).collect();
    assert_eq!(names, ["Guarantor"]);
}
