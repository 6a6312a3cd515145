//! Names compared the way people write them.

/// A name squashed for comparison: its letters and digits (Unicode
/// alphanumerics), lower-cased; everything else dropped. `Defence pact`,
/// `defence-pact` and `DefencePact` squash alike, so a user's spelling of a
/// relation or actor kind matches the data's.
pub fn squash(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::squash;

    #[test]
    fn squash_keeps_lower_case_letters_and_digits() {
        assert_eq!(squash("Defence-Pact 2_0"), "defencepact20");
        assert_eq!(squash("De facto state"), squash("DeFactoState"));
        assert_eq!(squash("Bakı — Azərbaycan"), "bakıazərbaycan");
        assert_eq!(squash(" -_ "), "");
    }
}
