//! How relations are drawn: the kind's words when they name a class, else
//! the sign the view gives (+1 cooperative, −1 hostile, 0 neutral like
//! mediation), never an unexplained "other relation".

use entente_graph::dot::{render, DotOptions, EdgeClass};
use entente_graph::{ActorGraph, Relation};

/// Every kind `queries/view.rq` gives, with its sign, and how it is drawn.
const VIEW_KINDS: [(&str, i8, EdgeClass, bool); 19] = [
    ("backs", 1, EdgeClass::Backing, true),
    ("allied", 1, EdgeClass::Alliance, false),
    ("defence pact", 1, EdgeClass::Alliance, false),
    ("close to", 1, EdgeClass::Cooperation, true),
    ("acts for", 1, EdgeClass::Cooperation, true),
    ("part of", 1, EdgeClass::Cooperation, true),
    ("co-belligerent", 1, EdgeClass::Cooperation, true),
    ("hostile", -1, EdgeClass::Hostility, false),
    ("attacks", -1, EdgeClass::Hostility, true),
    ("blockades", -1, EdgeClass::Hostility, true),
    ("accuses", -1, EdgeClass::Hostility, true),
    ("war", -1, EdgeClass::Hostility, false),
    ("mediates", 0, EdgeClass::Mediation, true),
    ("talks", 0, EdgeClass::Mediation, false),
    ("guarantor", 0, EdgeClass::Mediation, true),
    ("host", 0, EdgeClass::Mediation, true),
    ("verifier", 0, EdgeClass::Mediation, true),
    ("accompanying country", 0, EdgeClass::Mediation, true),
    ("agreement", 0, EdgeClass::Mediation, true),
];

#[test]
fn every_kind_of_the_view_is_drawn_from_its_words_or_else_its_sign() {
    for (kind, sign, class, arrow) in VIEW_KINDS {
        assert_eq!(EdgeClass::of(kind, sign), (class, arrow), "{kind} ({sign})");
    }
    // a kind no word names takes its class from the sign alone
    assert_eq!(
        EdgeClass::of("third-party signatory", 0),
        (EdgeClass::Mediation, true)
    );
    assert_eq!(
        EdgeClass::of("sympathises with", 1),
        (EdgeClass::Cooperation, true)
    );
    assert_eq!(
        EdgeClass::of("expels diplomats of", -1),
        (EdgeClass::Hostility, true)
    );
}

#[test]
fn a_diagram_of_unknown_kinds_shows_their_sign_in_style_and_legend() {
    let mut g = ActorGraph::new();
    let [cuba, gov, farc, santos] = ["Cuba", "Government", "FARC-EP", "Santos"]
        .map(|n| g.actor_by_iri(&format!("http://x/{n}")));
    g.relate(cuba, gov, Relation::new("host", 0));
    g.relate(cuba, farc, Relation::new("host", 0));
    g.relate(santos, gov, Relation::new("acts for", 1));
    g.relate(farc, gov, Relation::new("denounces", -1));
    let dot = render(&g, &DotOptions::default());
    let edge = |tail: &str, head: &str| -> &str {
        dot.lines()
            .find(|l| l.trim_start().starts_with(tail) && l.contains(&format!("-> {head}")))
            .unwrap_or_else(|| panic!("{tail} -> {head} in\n{dot}"))
    };
    let host = edge("Cuba_", "Government_");
    assert!(host.contains("color=\"#6a1b9a\", style=dotted"), "{host}");
    let acts = edge("Santos_", "Government_");
    assert!(acts.contains("color=\"#689f38\", style=solid"), "{acts}");
    let denounces = edge("FARC_EP_", "Government_");
    assert!(
        denounces.contains("color=\"#c62828\", style=dashed"),
        "{denounces}"
    );
    assert!(!dot.contains("other relation"), "{dot}");
    for legend in [
        "mediation, talks, other neutral tie",
        "other cooperative tie",
        "hostility, attack, blockade",
    ] {
        assert!(dot.contains(legend), "{legend} in\n{dot}");
    }
}
