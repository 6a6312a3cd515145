//! Named questions: the `.rq` files of `queries/`, compiled in, with the
//! title, description and parameters their header comments declare.
//!
//! It owns finding a query by name, path or text and reading its header; it
//! never evaluates a query or formats a result.

use crate::error::{Error, Result};
use crate::vocab;
use std::path::Path;

/// A named question, as its `.rq` file declares it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedQuery {
    /// The file name without `.rq`: `mediators`, `view`…
    pub name: String,
    pub title: String,
    pub description: String,
    pub params: Vec<Param>,
    pub sparql: String,
}

/// A variable a user may bind with `--param NAME=VALUE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    pub name: String,
    pub doc: String,
}

impl NamedQuery {
    /// Reads a query and its header comment lines
    /// (`# title: …`, `# description: …`, `# param: name — …`).
    pub fn parse(name: &str, sparql: &str) -> Self {
        let mut query = NamedQuery {
            name: name.to_owned(),
            title: String::new(),
            description: String::new(),
            params: Vec::new(),
            sparql: sparql.to_owned(),
        };
        for (key, value) in header(sparql) {
            match key {
                "title" => query.title = value.to_owned(),
                "description" => query.description = value.to_owned(),
                "param" => {
                    let (name, doc) = value
                        .split_once(['—', '-', ':'])
                        .map(|(n, d)| (n.trim(), d.trim()))
                        .unwrap_or((value, ""));
                    query.params.push(Param {
                        name: name.trim_start_matches(['?', '$']).to_owned(),
                        doc: doc.to_owned(),
                    });
                }
                _ => {}
            }
        }
        query
    }

    pub fn has_param(&self, name: &str) -> bool {
        self.params.iter().any(|p| p.name == name)
    }
}

/// The `key: value` lines of the comment block a query or mapping file
/// starts with (`# title: …`), in order; blank lines are skipped, the first
/// other line ends the block.
pub fn header(sparql: &str) -> impl Iterator<Item = (&str, &str)> {
    sparql
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map_while(|line| line.strip_prefix('#'))
        .filter_map(|comment| comment.split_once(':'))
        .map(|(key, value)| (key.trim(), value.trim()))
}

/// Every named query shipped with entente, by name.
pub fn all() -> Vec<NamedQuery> {
    vocab::named_query_files()
        .iter()
        .map(|(path, text)| {
            let name = Path::new(path)
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or(path);
            NamedQuery::parse(name, text)
        })
        .collect()
}

/// A shipped query by name.
pub fn named(name: &str) -> Result<NamedQuery> {
    let name = name.strip_suffix(".rq").unwrap_or(name);
    all()
        .into_iter()
        .find(|q| q.name == name)
        .ok_or_else(|| Error::UnknownName {
            name: name.to_owned(),
            what: "named query",
            known: "the named queries are",
            closest: all().into_iter().map(|q| q.name).collect(),
        })
}

/// The largest query or mapping file read: a query is text a person wrote,
/// and a path to `/dev/zero` must not fill the memory.
pub const MAX_QUERY_BYTES: u64 = 64 << 20;

/// A query or mapping file's name (its stem) and text, at most
/// [`MAX_QUERY_BYTES`]; text that is not UTF-8 is refused at its line and
/// column.
pub fn read_file(path: &Path) -> Result<(String, String)> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut bytes = Vec::new();
    file.take(MAX_QUERY_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    let place = |line, column, message: String| crate::error::InputError {
        file: path.display().to_string(),
        line,
        column,
        message,
    };
    if bytes.len() as u64 > MAX_QUERY_BYTES {
        return Err(place(
            0,
            0,
            format!("more than {} MiB: not a query", MAX_QUERY_BYTES >> 20),
        )
        .into());
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let good = std::str::from_utf8(good).unwrap_or_default();
        let line = 1 + good.matches('\n').count() as u64;
        let column = 1 + good.rsplit('\n').next().unwrap_or_default().chars().count() as u64;
        let byte = e.as_bytes()[good.len()];
        place(
            line,
            column,
            format!("byte 0x{byte:02X} is not UTF-8 (a query is UTF-8 text)"),
        )
    })?;
    let name = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("query")
        .to_owned();
    Ok((name, text))
}

/// The name of a query given as SPARQL text rather than a file or a name.
pub const TEXT_QUERY_NAME: &str = "on the command line";

/// What the user passed to `entente query`: SPARQL text, a `.rq` file, or
/// the name of a shipped query.
pub fn from_argument(argument: &str) -> Result<NamedQuery> {
    let path = Path::new(argument);
    if argument.ends_with(".rq") || argument.ends_with(".sparql") {
        // Any file, not only a regular one: a pipe or a device is read
        // within MAX_QUERY_BYTES.
        if path.exists() {
            let (name, text) = read_file(path)?;
            return Ok(NamedQuery::parse(&name, &text));
        }
        if let Ok(query) = named(argument) {
            return Ok(query);
        }
        return Err(Error::io(
            argument,
            std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "no such file, nor a named query of that name",
            ),
        ));
    }
    if looks_like_sparql(argument) {
        // Its messages read "in the query on the command line: …".
        return Ok(NamedQuery::parse(TEXT_QUERY_NAME, argument));
    }
    named(argument)
}

/// The form of a SPARQL query, as its parser reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryForm {
    Select,
    Construct,
    Describe,
    Ask,
}

/// Brackets deeper than this are refused before parsing: the parser and the
/// evaluator recurse once per level, and a few thousand levels overflow the
/// stack (a crash, not an error). Real queries nest a dozen levels.
pub const MAX_NESTING: usize = 128;

/// Patterns and expressions chained deeper than this are refused after
/// parsing. Brackets are not the only depth: `{…} UNION {…} UNION …`, a run
/// of `OPTIONAL`s or `BIND`s, `?a || ?b || …` each make one level per item
/// without a bracket, and 5,000 of them (100 KB) overflowed the stack of
/// the command line and of `entente serve`, ending the server.
pub const MAX_DEPTH: usize = 256;

/// Parses SPARQL with the project's prefixes predeclared. Excessive nesting
/// and syntax errors are [`Error::Syntax`] with the line and column; a query
/// chained deeper than [`MAX_DEPTH`] is [`Error::Invalid`].
pub fn parse(sparql: &str) -> Result<spargebra::Query> {
    if let Some(query) = shipped(sparql) {
        return Ok(query);
    }
    parse_checked(sparql)
}

/// A shipped query's text (`queries/*.rq`, `mappings/*.rq`, compiled in),
/// parsed once per process: a named question was parsed on every run of it,
/// which under `entente serve` is every request (a fifth of a simple
/// question's time). Any other text is parsed each time.
fn shipped(sparql: &str) -> Option<spargebra::Query> {
    use std::sync::OnceLock;
    type Parsed = Vec<OnceLock<Option<spargebra::Query>>>;
    static PARSED: OnceLock<Parsed> = OnceLock::new();
    let files = vocab::named_query_files()
        .iter()
        .chain(vocab::MAPPING_FILES)
        .map(|(_, text)| *text);
    let index = files.clone().position(|text| text == sparql)?;
    let parsed = PARSED.get_or_init(|| files.map(|_| OnceLock::new()).collect());
    parsed[index]
        .get_or_init(|| parse_checked(sparql).ok())
        .clone()
}

fn parse_checked(sparql: &str) -> Result<spargebra::Query> {
    let query = parse_unchecked(sparql)?;
    let (spargebra::Query::Select { pattern, .. }
    | spargebra::Query::Construct { pattern, .. }
    | spargebra::Query::Describe { pattern, .. }
    | spargebra::Query::Ask { pattern, .. }) = &query;
    if let Err(depth) = check_depth([pattern]) {
        drop_deep(query);
        return Err(too_deep(depth));
    }
    Ok(query)
}

/// Drops a value on a thread with a stack as deep as a 1 MiB query can
/// chain: dropping recurses once per level, as the evaluator would have.
fn drop_deep<T: Send + 'static>(value: T) {
    let dropped = std::thread::Builder::new()
        .name("entente drop".to_owned())
        .stack_size(DEEP_STACK)
        .spawn(move || drop(value));
    if let Ok(thread) = dropped {
        let _ = thread.join();
    }
}

/// Room to drop a refused query: address space, of which only what is
/// used is ever touched.
const DEEP_STACK: usize = 512 << 20;

fn too_deep(depth: usize) -> Error {
    Error::Invalid(format!(
        "the query's patterns and expressions are chained more than {MAX_DEPTH} deep (at least {depth}: UNION, OPTIONAL, BIND, FILTER or operators one after another); split it into smaller queries"
    ))
}

/// The depth of the patterns (and the expressions in them, `EXISTS`
/// included): Err(depth) once past [`MAX_DEPTH`].
fn check_depth<'a>(
    patterns: impl IntoIterator<Item = &'a spargebra::algebra::GraphPattern>,
) -> std::result::Result<(), usize> {
    match nodes(patterns).find(|(_, depth)| *depth > MAX_DEPTH) {
        Some((_, depth)) => Err(depth),
        None => Ok(()),
    }
}

/// A node of a parsed query: a pattern or an expression.
pub enum Node<'a> {
    Pattern(&'a spargebra::algebra::GraphPattern),
    Expression(&'a spargebra::algebra::Expression),
}

/// Every pattern and expression under `patterns` (those of `EXISTS`,
/// `SERVICE`, `ORDER BY` and aggregates included), each with its depth (a
/// root is 1), walked without recursion: a query may be chained deeper
/// than a stack holds. Stopped early, it goes no deeper than it was asked.
pub fn nodes<'a>(
    patterns: impl IntoIterator<Item = &'a spargebra::algebra::GraphPattern>,
) -> impl Iterator<Item = (Node<'a>, usize)> {
    let mut stack: Vec<(Node<'a>, usize)> = patterns
        .into_iter()
        .map(|p| (Node::Pattern(p), 1))
        .collect();
    std::iter::from_fn(move || {
        let (node, depth) = stack.pop()?;
        let next = depth + 1;
        let mut push = |child: Node<'a>| stack.push((child, next));
        children(&node, &mut push);
        Some((node, depth))
    })
}

/// The patterns of the `EXISTS` in an expression (not those nested in
/// them), walked without recursion.
pub fn exists_in(
    expression: &spargebra::algebra::Expression,
) -> Vec<&spargebra::algebra::GraphPattern> {
    let mut found = Vec::new();
    let mut stack = vec![Node::Expression(expression)];
    while let Some(node) = stack.pop() {
        match node {
            Node::Pattern(pattern) => found.push(pattern),
            expression => children(&expression, &mut |child| stack.push(child)),
        }
    }
    found
}

/// The one list of a pattern's children, for the walk that reads
/// ([`children`]) and the one that changes ([`rewrite_pattern`]): runs
/// `$on_pattern` with `$p` bound to each pattern directly under `$pattern`,
/// `$on_expression` with `$e` bound to each expression, `$on_service` with
/// `$s` bound to a `SERVICE`'s pattern. `$pattern` is a `&` or a `&mut`, and
/// the children are references of the same kind. Every variant is named, so
/// that a new one of spargebra is a compile error here rather than a blind
/// spot.
macro_rules! pattern_children {
    ($pattern:expr,
     |$p:ident| $on_pattern:expr,
     |$e:ident| $on_expression:expr,
     |$s:ident| $on_service:expr) => {{
        use spargebra::algebra::{AggregateExpression, GraphPattern, OrderExpression};
        match $pattern {
            GraphPattern::Bgp { .. } | GraphPattern::Path { .. } | GraphPattern::Values { .. } => {}
            GraphPattern::Join { left, right }
            | GraphPattern::Union { left, right }
            | GraphPattern::Minus { left, right }
            | GraphPattern::Lateral { left, right } => {
                for $p in [left, right] {
                    $on_pattern;
                }
            }
            GraphPattern::LeftJoin {
                left,
                right,
                expression,
            } => {
                for $p in [left, right] {
                    $on_pattern;
                }
                if let Some($e) = expression {
                    $on_expression;
                }
            }
            GraphPattern::Filter {
                expr: $e,
                inner: $p,
            }
            | GraphPattern::Extend {
                inner: $p,
                expression: $e,
                ..
            } => {
                $on_expression;
                $on_pattern;
            }
            GraphPattern::OrderBy {
                inner: $p,
                expression,
            } => {
                $on_pattern;
                for key in expression {
                    let (OrderExpression::Asc($e) | OrderExpression::Desc($e)) = key;
                    $on_expression;
                }
            }
            GraphPattern::Group {
                inner: $p,
                aggregates,
                ..
            } => {
                $on_pattern;
                for (_, aggregate) in aggregates {
                    match aggregate {
                        AggregateExpression::FunctionCall { expr: $e, .. } => $on_expression,
                        AggregateExpression::CountSolutions { .. } => {}
                    }
                }
            }
            GraphPattern::Service { inner: $s, .. } => $on_service,
            GraphPattern::Graph { inner: $p, .. }
            | GraphPattern::Project { inner: $p, .. }
            | GraphPattern::Distinct { inner: $p }
            | GraphPattern::Reduced { inner: $p }
            | GraphPattern::Slice { inner: $p, .. } => $on_pattern,
        }
    }};
}

/// The one list of an expression's children, as [`pattern_children`]:
/// `$on_pattern` for the pattern of an `EXISTS`, `$on_expression` for each
/// operand.
macro_rules! expression_children {
    ($expression:expr, |$p:ident| $on_pattern:expr, |$e:ident| $on_expression:expr) => {{
        use spargebra::algebra::Expression;
        match $expression {
            Expression::NamedNode(_)
            | Expression::Literal(_)
            | Expression::Variable(_)
            | Expression::Bound(_) => {}
            Expression::Exists($p) => $on_pattern,
            Expression::Or(a, b)
            | Expression::And(a, b)
            | Expression::Equal(a, b)
            | Expression::SameTerm(a, b)
            | Expression::Greater(a, b)
            | Expression::GreaterOrEqual(a, b)
            | Expression::Less(a, b)
            | Expression::LessOrEqual(a, b)
            | Expression::Add(a, b)
            | Expression::Subtract(a, b)
            | Expression::Multiply(a, b)
            | Expression::Divide(a, b) => {
                for $e in [a, b] {
                    $on_expression;
                }
            }
            Expression::UnaryPlus($e) | Expression::UnaryMinus($e) | Expression::Not($e) => {
                $on_expression
            }
            Expression::If(a, b, c) => {
                for $e in [a, b, c] {
                    $on_expression;
                }
            }
            Expression::In(a, list) => {
                {
                    let $e = a;
                    $on_expression;
                }
                for $e in list {
                    $on_expression;
                }
            }
            Expression::Coalesce(list) | Expression::FunctionCall(_, list) => {
                for $e in list {
                    $on_expression;
                }
            }
        }
    }};
}

/// Hands each child of `node` to `push` (a `SERVICE`'s pattern included).
fn children<'a>(node: &Node<'a>, push: &mut impl FnMut(Node<'a>)) {
    match *node {
        Node::Pattern(pattern) => pattern_children!(
            pattern,
            |p| push(Node::Pattern(p)),
            |e| push(Node::Expression(e)),
            |s| push(Node::Pattern(s))
        ),
        Node::Expression(expression) => {
            expression_children!(expression, |p| push(Node::Pattern(p)), |e| push(
                Node::Expression(e)
            ))
        }
    }
}

/// Whether [`rewrite_patterns`] goes on into a pattern's children.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Walk {
    Into,
    Over,
}

/// Hands every pattern of `query` to `visit` to change in place, each
/// before its children, which are those of the pattern as `visit` left it
/// (unless it says [`Walk::Over`]): subqueries and the patterns of `EXISTS`
/// (in filters, `BIND`, `ORDER BY` keys and aggregates) included, not those
/// of a `SERVICE`, which another server would evaluate. The walk recurses,
/// a level per level of the query: it takes parsed queries, which
/// [`MAX_DEPTH`] bounds. The first error of `visit` ends it.
pub(crate) fn rewrite_patterns<E>(
    query: &mut spargebra::Query,
    visit: &mut impl FnMut(&mut spargebra::algebra::GraphPattern) -> std::result::Result<Walk, E>,
) -> std::result::Result<(), E> {
    let (spargebra::Query::Select { pattern, .. }
    | spargebra::Query::Construct { pattern, .. }
    | spargebra::Query::Describe { pattern, .. }
    | spargebra::Query::Ask { pattern, .. }) = query;
    rewrite_pattern(pattern, visit)
}

/// [`rewrite_patterns`] for one pattern (an update's `WHERE`).
pub(crate) fn rewrite_pattern<E>(
    pattern: &mut spargebra::algebra::GraphPattern,
    visit: &mut impl FnMut(&mut spargebra::algebra::GraphPattern) -> std::result::Result<Walk, E>,
) -> std::result::Result<(), E> {
    if visit(pattern)? == Walk::Over {
        return Ok(());
    }
    pattern_children!(
        pattern,
        |p| rewrite_pattern(p, visit)?,
        |e| rewrite_expression(e, visit)?,
        // Another server evaluates it.
        |_service| ()
    );
    Ok(())
}

fn rewrite_expression<E>(
    expression: &mut spargebra::algebra::Expression,
    visit: &mut impl FnMut(&mut spargebra::algebra::GraphPattern) -> std::result::Result<Walk, E>,
) -> std::result::Result<(), E> {
    expression_children!(expression, |p| rewrite_pattern(p, visit)?, |e| {
        rewrite_expression(e, visit)?
    });
    Ok(())
}

fn parse_unchecked(sparql: &str) -> Result<spargebra::Query> {
    check_nesting(sparql)?;
    vocab::sparql_parser().parse_query(sparql).map_err(|e| {
        let error = Error::syntax(sparql, &e.to_string());
        match error {
            // An update parses as one: say so, rather than "unexpected INSERT".
            Error::Syntax {
                position: Some((line, column)),
                ..
            } => match vocab::sparql_parser().parse_update(sparql) {
                Ok(update) if update.operations.is_empty() => Error::Syntax {
                    message: format!(
                        "invalid SPARQL at line {line}, column {column}: no query, only comments and spaces"
                    ),
                    position: Some((line, column)),
                },
                Ok(_) => Error::Syntax {
                    message: format!(
                        "invalid SPARQL at line {line}, column {column}: this is a SPARQL update (INSERT, DELETE, LOAD, CLEAR, DROP…); entente runs queries only, and changes a store only by `entente load` and `entente import`"
                    ),
                    position: Some((line, column)),
                },
                Err(_) => error,
            },
            other => other,
        }
    })
}

/// Parses SPARQL Update as [`parse`] parses a query: the project's
/// prefixes, the same nesting limit, syntax errors with their place.
pub fn parse_update(sparql: &str) -> Result<spargebra::Update> {
    check_nesting(sparql)?;
    let update = vocab::sparql_parser()
        .parse_update(sparql)
        .map_err(|e| Error::syntax(sparql, &e.to_string()))?;
    let patterns = update
        .operations
        .iter()
        .filter_map(|operation| match operation {
            spargebra::GraphUpdateOperation::DeleteInsert { pattern, .. } => Some(&**pattern),
            _ => None,
        });
    if let Err(depth) = check_depth(patterns) {
        drop_deep(update);
        return Err(too_deep(depth));
    }
    Ok(update)
}

/// Refuses brackets (`(`, `{`, `[`) nested deeper than [`MAX_NESTING`],
/// outside strings, IRIs and comments.
fn check_nesting(sparql: &str) -> Result<()> {
    let mut depth = 0usize;
    let (mut line, mut column) = (1usize, 0usize);
    let mut chars = sparql.chars().peekable();
    let mut quote: Option<(char, bool)> = None; // (quote char, long string)
    while let Some(c) = chars.next() {
        if c == '\n' {
            line += 1;
            column = 0;
        } else {
            column += 1;
        }
        if let Some((q, long)) = quote {
            if c == '\\' {
                if chars.next().is_some() {
                    column += 1;
                }
            } else if (c == q
                && (!long || (chars.next_if_eq(&q).is_some() && chars.next_if_eq(&q).is_some())))
                || (c == '\n' && !long)
            {
                quote = None;
            }
            continue;
        }
        match c {
            '#' => {
                for next in chars.by_ref() {
                    if next == '\n' {
                        line += 1;
                        column = 0;
                        break;
                    }
                }
            }
            '"' | '\'' => {
                let long = chars.next_if_eq(&c).is_some() && chars.next_if_eq(&c).is_some();
                quote = Some((c, long));
            }
            '<' => {
                // An IRI when it closes before a space or a quote (else `<` is less-than).
                let rest: String = chars.clone().take_while(|&n| n != '>').take(4096).collect();
                if !rest.contains(|n: char| n.is_whitespace() || n == '"' || n == '{' || n == '}')
                    && chars.clone().nth(rest.chars().count()) == Some('>')
                {
                    for _ in 0..=rest.chars().count() {
                        chars.next();
                        column += 1;
                    }
                }
            }
            '(' | '{' | '[' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(Error::Syntax {
                        message: format!(
                            "invalid SPARQL at line {line}, column {column}: brackets nested deeper than {MAX_NESTING} levels"
                        ),
                        position: Some((line, column)),
                    });
                }
            }
            ')' | '}' | ']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// The form of a query (parsed with the project's prefixes; a syntax error
/// has its position).
pub fn form(sparql: &str) -> Result<QueryForm> {
    let query = parse(sparql)?;
    Ok(match query {
        spargebra::Query::Select { .. } => QueryForm::Select,
        spargebra::Query::Construct { .. } => QueryForm::Construct,
        spargebra::Query::Describe { .. } => QueryForm::Describe,
        spargebra::Query::Ask { .. } => QueryForm::Ask,
    })
}

/// Whether a string is SPARQL text rather than a name.
fn looks_like_sparql(text: &str) -> bool {
    text.contains(char::is_whitespace) || text.contains('{')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shipped_query_parsed_once_is_the_query_of_its_own_text() {
        // The parser names blank nodes and aggregates' variables at random.
        let random = regex::Regex::new("[0-9a-f]{16,32}").unwrap();
        let shown = |q: spargebra::Query| random.replace_all(&q.to_string(), "_").into_owned();
        let files = vocab::named_query_files()
            .iter()
            .chain(vocab::MAPPING_FILES);
        for (path, text) in files {
            let fresh = shown(parse_checked(text).unwrap());
            assert!(shipped(text).is_some(), "{path} is not kept");
            // Twice: the second comes from what the first kept.
            assert_eq!(shown(parse(text).unwrap()), fresh, "{path}");
            assert_eq!(shown(parse(text).unwrap()), fresh, "{path}");
        }
        assert!(shipped("SELECT * {}").is_none());
    }

    #[test]
    fn header_declares_title_description_and_params() {
        let q = NamedQuery::parse(
            "m",
            "# title: Who mediated\n# description: One row per mediator.\n# param: ?mediator — an actor\n# param: agreement - an agreement\nSELECT * {}",
        );
        assert_eq!(q.title, "Who mediated");
        assert_eq!(q.description, "One row per mediator.");
        assert_eq!(
            q.params.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(),
            ["mediator", "agreement"]
        );
        assert_eq!(q.params[0].doc, "an actor");
    }

    #[test]
    fn deep_nesting_is_refused_with_its_place_not_a_stack_overflow() {
        let deep = format!(
            "SELECT * WHERE {{ FILTER({}1{}) }}",
            "(".repeat(5000),
            ")".repeat(5000)
        );
        let e = parse(&deep).unwrap_err();
        assert!(
            matches!(
                e,
                Error::Syntax {
                    position: Some((1, _)),
                    ..
                }
            ),
            "{e}"
        );
        assert!(e.to_string().contains("nested deeper than 128"), "{e}");
        let groups = format!("SELECT * WHERE {}{}", "{ ".repeat(3000), "}".repeat(3000));
        assert!(parse(&groups).is_err());
    }

    #[test]
    fn a_syntax_error_is_placed_at_the_fault_not_a_keyword_length_past_it() {
        // spargebra reports 14 characters on (ENCODE_FOR_URI's length).
        let e =
            parse("SELECT ?a WHERE { ?a ?b ?c FILTER (?a = ) . ?x ?y ?z . ?u ?v ?w }").unwrap_err();
        assert!(
            matches!(
                e,
                Error::Syntax {
                    position: Some((1, 41)),
                    ..
                }
            ),
            "{e}"
        );
        assert!(
            e.to_string().contains("read from here: \") . ?x ?y ?z ."),
            "{e}"
        );
        // Near the end it reports the end of the text.
        let e = parse("SELECT ?a WHERE {\n  ?a ?b ?c\n  FILTER (?a = )\n}\n").unwrap_err();
        assert!(
            matches!(
                e,
                Error::Syntax {
                    position: Some((3, 16)),
                    ..
                }
            ),
            "{e}"
        );
        let e = parse("SELECT ?a WHERE { ?a ?b ?c } garbage").unwrap_err();
        assert!(
            matches!(
                e,
                Error::Syntax {
                    position: Some((1, 30)),
                    ..
                }
            ),
            "{e}"
        );
        // An undeclared prefix is placed at the name.
        let e = parse("SELECT ?a WHERE { ?a a nope:Thing }").unwrap_err();
        assert!(
            matches!(
                e,
                Error::Syntax {
                    position: Some((1, 24)),
                    ..
                }
            ),
            "{e}"
        );
        assert!(e.to_string().contains("prefix nope: of nope:Thing"), "{e}");
    }

    #[test]
    fn an_update_is_refused_as_an_update() {
        let e = parse("PREFIX ex: <http://ex/>\nINSERT DATA { ex:a ex:p ex:b }").unwrap_err();
        assert!(
            matches!(
                e,
                Error::Syntax {
                    position: Some((2, 1)),
                    ..
                }
            ),
            "{e}"
        );
        assert!(e.to_string().contains("SPARQL update"), "{e}");
        let e = parse("# title: nothing\n").unwrap_err();
        assert!(e.to_string().contains("no query, only comments"), "{e}");
    }

    #[test]
    fn brackets_in_strings_iris_and_comments_do_not_count() {
        let text = format!(
            "# {}\nSELECT * WHERE {{ ?s <urn:x:{}> \"{}\" FILTER(?s < 3 && ?s > 1) }}",
            "(".repeat(500),
            "(".repeat(10),
            "{".repeat(500)
        );
        parse(&text).unwrap();
    }

    #[test]
    fn form_is_read_by_the_parser_not_by_keywords() {
        let construct = "PREFIX x: <https://e.example/select#>\n# SELECT in a comment\nCONSTRUCT { ?s ?p ?o } WHERE { ?s ?p \"select\" }";
        assert_eq!(form(construct).unwrap(), QueryForm::Construct);
        assert_eq!(
            form("SELECT ?a WHERE { ?a ?b ?c FILTER(?a < 3 && ?b > 2) }").unwrap(),
            QueryForm::Select
        );
        assert_eq!(
            form("BASE <urn:x> ASK { ?s ?p ?o }").unwrap(),
            QueryForm::Ask
        );
        assert!(form("# nothing").is_err());
    }

    #[test]
    fn argument_with_spaces_is_sparql_text() {
        let q = from_argument("SELECT * WHERE { ?s ?p ?o }").unwrap();
        assert_eq!(q.name, TEXT_QUERY_NAME);
    }

    #[test]
    fn unknown_name_lists_the_named_queries() {
        let e = from_argument("no-such-question").unwrap_err().to_string();
        assert!(e.contains("no named query"), "{e}");
        assert!(e.contains("mediators"), "{e}");
    }
}
