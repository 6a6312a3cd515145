//! How actors and relations look: the drawn kind of an actor, the class of
//! a relation, and their shapes and colours.

use crate::text::squash;

/// Kinds of actors, as drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NodeKind {
    State,
    DeFactoState,
    Government,
    Ministry,
    ArmedForce,
    Peacekeepers,
    InternationalOrganization,
    Person,
    Source,
    Other,
}

impl NodeKind {
    /// The drawn kind of an actor kind in the ontology's or the user's words.
    pub fn of(kind: Option<&str>) -> NodeKind {
        let Some(kind) = kind else {
            return NodeKind::Other;
        };
        match squash(kind).as_str() {
            "state" | "country" | "sovereignstate" => NodeKind::State,
            "defactostate" | "partiallyrecognisedstate" | "partiallyrecognizedstate" | "pre" => {
                NodeKind::DeFactoState
            }
            "government" => NodeKind::Government,
            "ministry" => NodeKind::Ministry,
            "armedforce" | "armedforces" | "military" | "armedgroup" | "rebelgroup"
            | "insurgentgroup" | "militia" | "liberationmovement" => NodeKind::ArmedForce,
            "peacekeepingforce" | "peacekeepers" | "peacekeepingmission" => NodeKind::Peacekeepers,
            "internationalorganization"
            | "internationalorganisation"
            | "organization"
            | "organisation"
            | "alliance" => NodeKind::InternationalOrganization,
            "person" => NodeKind::Person,
            "newsorganization" | "newsorganisation" | "source" | "media" => NodeKind::Source,
            _ => NodeKind::Other,
        }
    }

    pub(super) fn name(self) -> &'static str {
        match self {
            NodeKind::State => "State",
            NodeKind::DeFactoState => "De facto state",
            NodeKind::Government => "Government",
            NodeKind::Ministry => "Ministry",
            NodeKind::ArmedForce => "Armed force or group",
            NodeKind::Peacekeepers => "Peacekeepers",
            NodeKind::InternationalOrganization => "International org.",
            NodeKind::Person => "Person",
            NodeKind::Source => "Source (news)",
            NodeKind::Other => "Other actor",
        }
    }

    /// `shape`, `style`, `fillcolor`, extra attributes.
    pub(super) fn style(self) -> (&'static str, &'static str, &'static str, &'static str) {
        match self {
            NodeKind::State => ("box", "filled", "#d6e4f5", ", penwidth=1.5"),
            NodeKind::DeFactoState => ("box", "filled,dashed", "#fbe3c4", ", penwidth=1.5"),
            NodeKind::Government => ("box", "rounded,filled", "#dcefd6", ""),
            NodeKind::Ministry => ("tab", "filled", "#eef6ea", ""),
            NodeKind::ArmedForce => ("hexagon", "filled", "#f5d0d0", ""),
            NodeKind::Peacekeepers => ("hexagon", "filled", "#cde8f6", ", peripheries=2"),
            NodeKind::InternationalOrganization => ("octagon", "filled", "#e6ddf3", ""),
            NodeKind::Person => ("ellipse", "filled", "#fff3c4", ""),
            NodeKind::Source => ("note", "filled", "#eeeeee", ""),
            NodeKind::Other => ("ellipse", "filled", "#f5f5f5", ""),
        }
    }
}

/// Classes of relations, as drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EdgeClass {
    /// Alliance, defence pact, membership of one alliance: undirected, solid, green.
    Alliance,
    /// Backing, support: directed, solid, blue.
    Backing,
    /// Hostility, attacks, blockades, and any other relation of sign −1:
    /// red, dashed.
    Hostility,
    /// Mediation, talks, and any other relation of sign 0 (a guarantor, a
    /// host, a verifier, an agreement between co-parties…): dotted, purple.
    Mediation,
    /// Any other relation of sign +1 (close to, acts for, part of,
    /// co-belligerent…): directed, solid, olive green.
    Cooperation,
}

impl EdgeClass {
    /// The class of a relation kind and whether it is drawn with an arrow.
    ///
    /// The kind's words decide when they name a class (`allied`, `backs`,
    /// `attacks`, `mediates`, `talks`, `guarantor`…); a kind they do not
    /// name is drawn from its sign, which the view always gives: +1
    /// [`Cooperation`](EdgeClass::Cooperation), −1
    /// [`Hostility`](EdgeClass::Hostility), 0 neutral like
    /// [`Mediation`](EdgeClass::Mediation) — never as an unexplained
    /// "other relation".
    pub fn of(kind: &str, sign: i8) -> (EdgeClass, bool) {
        // camelCase predicates (allyOf, hostileTo) read as words
        let mut lower = String::with_capacity(kind.len() + 4);
        let mut previous_lower = false;
        for c in kind.chars() {
            if c.is_uppercase() && previous_lower {
                lower.push(' ');
            }
            previous_lower = c.is_lowercase();
            lower.extend(c.to_lowercase());
        }
        let words: Vec<&str> = lower
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        let has = |prefixes: &[&str]| {
            words
                .iter()
                .any(|w| prefixes.iter().any(|p| w.starts_with(p)))
        };
        let alliance = || {
            has(&[
                "alli",
                "ally",
                "pact",
                "entente",
                "coalition",
                "member",
                "partner",
            ])
        };
        let hostile_state =
            || has(&["hostil", "enem", "rival", "adversar", "conflict"]) || words.contains(&"war");
        let hostile_act = || {
            has(&[
                "attack",
                "blockad",
                "offensive",
                "invad",
                "invasion",
                "occup",
                "shell",
                "strike",
                "sanction",
                "clash",
                "fight",
                "threat",
                "bomb",
                "besieg",
                "siege",
            ])
        };
        let talks = || has(&["talk", "negotiat", "meet", "dialog", "summit", "convers"]);
        let mediation = || has(&["mediat", "facilitat", "guarant", "broker"]);
        let backing = || {
            has(&[
                "back", "support", "arms", "suppl", "fund", "aid", "sponsor", "recogni", "train",
                "help", "assist",
            ])
        };
        // The words decide; the sign where they say nothing.
        if talks() {
            (EdgeClass::Mediation, false)
        } else if mediation() {
            (EdgeClass::Mediation, true)
        } else if alliance() {
            (EdgeClass::Alliance, false)
        } else if hostile_act() {
            (EdgeClass::Hostility, true)
        } else if hostile_state() {
            (EdgeClass::Hostility, false)
        } else if backing() {
            (EdgeClass::Backing, true)
        } else if sign < 0 {
            (EdgeClass::Hostility, true)
        } else if sign > 0 {
            (EdgeClass::Cooperation, true)
        } else {
            (EdgeClass::Mediation, true)
        }
    }

    pub(super) fn name(self) -> &'static str {
        match self {
            EdgeClass::Alliance => "alliance, defence pact",
            EdgeClass::Backing => "backing, support",
            EdgeClass::Hostility => "hostility, attack, blockade",
            EdgeClass::Mediation => "mediation, talks, other neutral tie",
            EdgeClass::Cooperation => "other cooperative tie",
        }
    }

    /// `color`, `style`, `penwidth`.
    pub(super) fn style(self) -> (&'static str, &'static str, &'static str) {
        match self {
            EdgeClass::Alliance => ("#2e7d32", "solid", "1.8"),
            EdgeClass::Backing => ("#1f5fa8", "solid", "1.4"),
            EdgeClass::Hostility => ("#c62828", "dashed", "1.4"),
            EdgeClass::Mediation => ("#6a1b9a", "dotted", "1.6"),
            EdgeClass::Cooperation => ("#689f38", "solid", "1.2"),
        }
    }

    /// Whether relations of several kinds between the same actors merge into
    /// one drawn edge listing the kinds (backing: "military, political").
    pub(super) fn merges_kinds(self) -> bool {
        self == EdgeClass::Backing
    }

    /// Whether a start date with no end reads "since".
    pub(super) fn lasting(self, kind: &str) -> bool {
        match self {
            EdgeClass::Alliance | EdgeClass::Backing | EdgeClass::Cooperation => true,
            EdgeClass::Hostility => {
                let k = kind.to_lowercase();
                k.contains("hostil") || k.contains("enem") || k.contains("rival")
            }
            EdgeClass::Mediation => false,
        }
    }
}

/// The colour of agreements and of the links to their parties.
pub(super) const AGREEMENT_COLOR: &str = "#8d6e63";

#[cfg(test)]
mod tests {

    #[test]
    fn armed_non_state_groups_are_drawn_as_armed_forces() {
        for kind in [
            "RebelGroup",
            "InsurgentGroup",
            "Militia",
            "LiberationMovement",
        ] {
            assert_eq!(NodeKind::of(Some(kind)), NodeKind::ArmedForce, "{kind}");
        }
    }

    use super::*;

    #[test]
    pub(super) fn classes() {
        assert_eq!(EdgeClass::of("allied", 1), (EdgeClass::Alliance, false));
        assert_eq!(
            EdgeClass::of("defence pact", 1),
            (EdgeClass::Alliance, false)
        );
        assert_eq!(EdgeClass::of("backs", 1), (EdgeClass::Backing, true));
        assert_eq!(
            EdgeClass::of("military support", 0),
            (EdgeClass::Backing, true)
        );
        assert_eq!(EdgeClass::of("hostile", -1), (EdgeClass::Hostility, false));
        assert_eq!(EdgeClass::of("attacks", -1), (EdgeClass::Hostility, true));
        assert_eq!(EdgeClass::of("accuses", -1), (EdgeClass::Hostility, true));
        assert_eq!(EdgeClass::of("war", -1), (EdgeClass::Hostility, false));
        assert_eq!(EdgeClass::of("blockades", 0), (EdgeClass::Hostility, true));
        assert_eq!(EdgeClass::of("mediates", 0), (EdgeClass::Mediation, true));
        assert_eq!(EdgeClass::of("talks", 0), (EdgeClass::Mediation, false));
        assert_eq!(EdgeClass::of("allyOf", 0), (EdgeClass::Alliance, false));
        assert_eq!(EdgeClass::of("hostileTo", 0), (EdgeClass::Hostility, false));
        // an unknown kind is drawn from its sign: 0 neutral like mediation
        assert_eq!(EdgeClass::of("whatever", 0), (EdgeClass::Mediation, true));
        assert_eq!(EdgeClass::of("accuses", -1), (EdgeClass::Hostility, true));
        assert_eq!(EdgeClass::of("recognises", 1), (EdgeClass::Backing, true));
        assert_eq!(EdgeClass::of("mediates", 1), (EdgeClass::Mediation, true));
    }
}
