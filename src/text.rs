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
    let wanted = wanted.to_lowercase();
    let squashed = squash(&wanted);
    let score = |candidate: &str| {
        let lower = candidate.to_lowercase();
        let similar = strsim::jaro_winkler(&wanted, &lower);
        let has_word = !squashed.is_empty()
            && lower
                .split(|c: char| !c.is_alphanumeric())
                .any(|word| squash(word) == squashed);
        if has_word {
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn closest_ranks_the_misspelt_name_first() {
        let names = ["Armenia", "Azerbaijan", "Russia"].map(str::to_owned);
        assert_eq!(closest("Armnia", names, 1), ["Armenia"]);
    }
}
