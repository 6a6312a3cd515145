//! DOT strings and ids: quoting and escaping, and ids that depend on the IRI
//! only (so a diagram does not change with the graph's insertion order).

use crate::local_name;

/// A quoted DOT string: `"` and `\` escaped, newlines as `\n` (centred line
/// breaks), `&` as `&amp;`, tabs as spaces, other control characters and
/// Unicode non-characters as U+FFFD.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push_str("\\n");
                }
            }
            '&' => out.push_str("&amp;"),
            '\t' => out.push(' '),
            c if c.is_control() || is_noncharacter(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A link (`href`, `URL`) as a quoted DOT string. Graphviz copies a link
/// into an SVG attribute as it is, without escaping `"`, `<` or `&` (2.43
/// does), so every byte outside the characters an address is written with
/// (RFC 3986's unreserved and reserved ones, and `%`) is percent-encoded —
/// quotes, angle brackets, backslashes, spaces, control characters and
/// non-ASCII letters — and `&` becomes `&amp;`, as the SVG needs.
///
/// ```
/// use entente_graph::dot::link;
/// assert_eq!(link("/#describe=a&b"), r#""/#describe=a&amp;b""#);
/// assert_eq!(link("x\"><script>"), r#""x%22%3E%3Cscript%3E""#);
/// assert_eq!(link(r"a\N b"), r#""a%5CN%20b""#);
/// assert_eq!(link("/id/Bakı"), r#""/id/Bak%C4%B1""#);
/// ```
pub fn link(url: &str) -> String {
    let mut out = String::with_capacity(url.len() + 2);
    out.push('"');
    for b in url.bytes() {
        match b {
            b'&' => out.push_str("&amp;"),
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'.'
            | b'_'
            | b'~'
            | b':'
            | b'/'
            | b'?'
            | b'#'
            | b'['
            | b']'
            | b'@'
            | b'!'
            | b'$'
            | b'\''
            | b'('
            | b')'
            | b'*'
            | b'+'
            | b','
            | b';'
            | b'='
            | b'%' => out.push(char::from(b)),
            b => {
                let _ = std::fmt::Write::write_fmt(&mut out, format_args!("%{b:02X}"));
            }
        }
    }
    out.push('"');
    out
}

fn is_noncharacter(c: char) -> bool {
    let u = c as u32;
    (0xFDD0..=0xFDEF).contains(&u) || (u & 0xFFFE) == 0xFFFE
}

/// FNV-1a, 64 bits: a hash that is the same on every platform and release.
fn fnv1a(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// A DOT id for an IRI: its local name in ASCII letters, digits and `_`
/// (at most 32), `_`, 8 hex digits of the IRI's hash. Starts with a letter.
pub fn node_id(iri: &str) -> String {
    id_with(iri, "", 8)
}

pub(super) fn id_with(iri: &str, prefix: &str, hex: usize) -> String {
    let mut name: String = local_name(iri)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .take(32)
        .collect();
    let trimmed = name.trim_matches('_');
    name = trimmed.to_owned();
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name.insert(0, 'n');
    }
    let hash = format!("{:016x}", fnv1a(iri));
    format!("{prefix}{name}_{}", &hash[..hex])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        assert_eq!(quote("a\"b"), r#""a\"b""#);
        assert_eq!(quote(r"C:\New\l"), r#""C:\\New\\l""#);
        assert_eq!(
            quote("one\ntwo\r\nthree\rfour"),
            r#""one\ntwo\nthree\nfour""#
        );
        assert_eq!(quote("AT&T <b>{x}</b>"), r#""AT&amp;T <b>{x}</b>""#);
        assert_eq!(
            quote("a\u{0}b\u{7}\u{FFFF}"),
            "\"a\u{FFFD}b\u{FFFD}\u{FFFD}\""
        );
        assert_eq!(quote("Նիկոլ Փաշինյան"), "\"Նիկոլ Փաշինյան\"");
    }

    #[test]
    fn ids_are_stable_and_safe() {
        let id = node_id("https://entente.example/id/Nagorno-Karabakh");
        assert!(id.starts_with("Nagorno_Karabakh_"), "{id}");
        assert_eq!(id, node_id("https://entente.example/id/Nagorno-Karabakh"));
        assert_ne!(id, node_id("https://other.example/id/Nagorno-Karabakh"));
        let odd = node_id("urn:x:1990/Bakı");
        assert!(odd.starts_with("Bak_"), "{odd}");
        let digits = node_id("http://example.org/actor/42");
        assert!(digits.starts_with("n42_"), "{digits}");
        let empty = node_id("http://example.org/");
        assert!(empty.starts_with("n_"), "{empty}");
        for id in [id, odd, digits, empty] {
            assert!(id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
        }
    }
}
