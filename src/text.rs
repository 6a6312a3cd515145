//! Comparing names as people write them: the one normaliser and one "closest
//! names" ranking for every lookup (actors, kinds, terms, queries).

/// A name as compared: lower case, letters and digits only, so that
/// "Nagorno Karabakh", "Nagorno-Karabakh" and "nagorno_karabakh" meet (the
/// analyses' own normaliser: one for the whole project).
pub use entente_graph::text::squash;

/// The `n` candidates closest to `wanted` (Jaro-Winkler on lower case),
/// best first, ties by name, without repeats. A candidate with a word that
/// is the name wanted ("Hammer" in "Mike Hammer") ranks above spelling
/// neighbours.
pub fn closest(
    wanted: &str,
    candidates: impl IntoIterator<Item = String>,
    n: usize,
) -> Vec<String> {
    // Similarity costs the product of the lengths: no label is near a name
    // of thousands of characters, so only its start is compared.
    let wanted: String = wanted.chars().take(200).collect::<String>().to_lowercase();
    let squashed = squash(&wanted);
    let acronym = is_acronym(&wanted);
    let score = |candidate: &str| {
        let lower = candidate.to_lowercase();
        let similar = strsim::jaro_winkler(&wanted, &lower);
        let has_word = !squashed.is_empty()
            && lower
                .split(|c: char| !c.is_alphanumeric())
                .any(|word| squash(word) == squashed);
        if acronym && initials(&lower).contains(&squashed) {
            2.0 + similar
        } else if has_word {
            1.0 + similar
        } else {
            similar
        }
    };
    let mut scored: Vec<(f64, String)> = candidates.into_iter().map(|c| (score(&c), c)).collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(n).map(|(_, c)| c).collect()
}

/// Whether a name as typed may be an acronym (`TPLF`, `AU`, `nato`): one
/// word of 2 to 8 letters.
fn is_acronym(wanted: &str) -> bool {
    (2..=8).contains(&wanted.chars().count()) && wanted.chars().all(char::is_alphabetic)
}

/// The initials of a lower-cased name's words, of every word and of all but
/// the little ones (`of`, `the`, `de`… and the `s` of `People's`):
/// "tigray people's liberation front" gives `tpslf` and `tplf`.
fn initials(lower: &str) -> [String; 2] {
    const LITTLE: [&str; 12] = [
        "of", "the", "and", "for", "in", "on", "de", "del", "la", "el", "des", "du",
    ];
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let first = |w: &&str| w.chars().next();
    [
        words.iter().filter_map(first).collect(),
        words
            .iter()
            .filter(|w| w.chars().count() > 1 && !LITTLE.contains(w))
            .filter_map(first)
            .collect(),
    ]
}

/// Text from data, made safe to show on a terminal: control characters
/// (ANSI and OSC escapes start with one), bidirectional overrides and other
/// invisible format characters become U+FFFD; newlines stay; at most `max`
/// characters, the rest cut with "…". The full value is for the machine
/// formats, never this.
pub fn for_people(text: &str, max: usize) -> String {
    let mut out = String::with_capacity(text.len().min(max * 4));
    for (i, c) in text.chars().enumerate() {
        if i == max {
            out.push('…');
            break;
        }
        out.push(if c == '\n' {
            c
        } else if c == '\t' {
            ' '
        } else if c.is_control() || is_invisible_format(c) {
            '\u{FFFD}'
        } else {
            c
        });
    }
    out
}

/// Bidirectional embeddings, overrides and isolates, and other format
/// characters that change how the text around them is shown.
fn is_invisible_format(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}' | '\u{061C}')
}

/// About `radius` characters each side of character `at` of a line, marked
/// "…" where cut, made safe to show, and where `at` now falls in it.
pub fn window(line: &str, at: usize, radius: usize) -> (String, usize) {
    let chars: Vec<char> = line.chars().collect();
    let start = at.saturating_sub(radius);
    let end = (at + radius + 1).min(chars.len());
    let mut shown = String::new();
    let mut caret = at - start;
    if start > 0 {
        shown.push('…');
        caret += 1;
    }
    let middle: String = chars[start.min(chars.len())..end].iter().collect();
    shown.push_str(&for_people(&middle, 2 * radius + 1).replace('\n', " "));
    if end < chars.len() {
        shown.push('…');
    }
    (shown, caret)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_escapes_and_bidi_overrides_do_not_reach_the_terminal() {
        let label = "Evil\u{1b}]0;pwned\u{7}\u{1b}[31mRed\u{202e}txet";
        let shown = for_people(label, 100);
        assert!(
            !shown.chars().any(|c| c.is_control() || c == '\u{202e}'),
            "{shown:?}"
        );
        assert!(shown.contains("Red"), "{shown:?}");
    }

    #[test]
    fn long_text_is_cut_with_an_ellipsis() {
        assert_eq!(for_people(&"x".repeat(10), 4), "xxxx…");
        let line = "a".repeat(1000) + "!" + &"b".repeat(1000);
        let (shown, caret) = window(&line, 1000, 5);
        assert_eq!(shown, "…aaaaa!bbbbb…");
        assert_eq!(shown.chars().nth(caret), Some('!'));
    }

    #[test]
    fn spellings_of_one_name_meet() {
        assert_eq!(squash("Nagorno Karabakh"), squash("nagorno_karabakh"));
    }

    #[test]
    fn closest_ranks_a_name_containing_the_word_first() {
        let names = ["Mike Hammer", "Hamner", "Hammerfest"].map(str::to_owned);
        assert_eq!(closest("Hammer", names, 1), ["Mike Hammer"]);
    }

    #[test]
    fn closest_ranks_the_names_an_acronym_stands_for_first() {
        let names = [
            "United States Special Envoy for the Colombian peace process",
            "Tigray People's Liberation Front",
            "Republic of Artsakh",
        ]
        .map(str::to_owned);
        assert_eq!(
            closest("TPLF", names.clone(), 1),
            ["Tigray People's Liberation Front"]
        );
        let names = ["Armenia", "African Union", "Austria"].map(str::to_owned);
        assert_eq!(closest("AU", names, 1), ["African Union"]);
        let names = [
            "Fuerzas Armadas Revolucionarias de Colombia",
            "France",
            "Federal Republic",
        ]
        .map(str::to_owned);
        assert_eq!(
            closest("farc", names, 1),
            ["Fuerzas Armadas Revolucionarias de Colombia"]
        );
    }

    #[test]
    fn closest_ranks_the_misspelt_name_first() {
        let names = ["Armenia", "Azerbaijan", "Russia"].map(str::to_owned);
        assert_eq!(closest("Armnia", names, 1), ["Armenia"]);
    }
}
