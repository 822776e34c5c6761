use uuid::Uuid;

use super::filter::{Cmp, Filter, Prop, Value};
use super::limits::{
    filter_too_deep, filter_too_many_terms, in_too_many_values, MAX_FILTER_DEPTH, MAX_FILTER_LEN, MAX_FILTER_TERMS,
    MAX_IN_VALUES,
};
use crate::error::GraphError;

/// Parses `$filter` text on users into a [`Filter`].
///
/// Errors are Graph's: an unknown property gives "Could not find a property named ...", any
/// other malformed text gives "Invalid filter clause". The text is held to the limits of
/// [`super::limits`] before a tree is built: its length ([`MAX_FILTER_LEN`]), the nesting of
/// `(` and `not` ([`MAX_FILTER_DEPTH`]), the number of comparisons ([`MAX_FILTER_TERMS`])
/// and the size of an `in` list ([`MAX_IN_VALUES`]). The parser is a loop over an explicit
/// operator stack, so no input makes it recurse.
pub fn parse_filter(text: &str) -> Result<Filter, GraphError> {
    // A cheap bound on the bytes first, so a huge text is not even counted in full.
    if text.len() > 4 * MAX_FILTER_LEN || text.chars().count() > MAX_FILTER_LEN {
        return Err(invalid(&format!(
            "the expression is longer than {MAX_FILTER_LEN} characters"
        )));
    }
    let tokens = tokenize(text)?;
    let mut p = Parser { tokens, pos: 0 };
    p.expression()
}

fn invalid(why: &str) -> GraphError {
    GraphError::bad_request(format!("Invalid filter clause: {why}."))
}

fn unknown_property(name: &str) -> GraphError {
    GraphError::bad_request(format!(
        "Could not find a property named '{name}' on type 'microsoft.graph.user'."
    ))
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Word(String),
    Str(String),
    Num(u32),
    Open,
    Close,
    Comma,
    Colon,
}

fn tokenize(text: &str) -> Result<Vec<Tok>, GraphError> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            ' ' | '\t' | '\n' | '\r' => i += 1,
            '(' => {
                out.push(Tok::Open);
                i += 1;
            }
            ')' => {
                out.push(Tok::Close);
                i += 1;
            }
            ',' => {
                out.push(Tok::Comma);
                i += 1;
            }
            ':' => {
                out.push(Tok::Colon);
                i += 1;
            }
            '\'' => {
                let mut s = String::new();
                i += 1;
                loop {
                    match chars.get(i) {
                        None => return Err(invalid("a quoted string is not closed")),
                        Some('\'') if chars.get(i + 1) == Some(&'\'') => {
                            s.push('\'');
                            i += 2;
                        }
                        Some('\'') => {
                            i += 1;
                            break;
                        }
                        Some(&ch) => {
                            s.push(ch);
                            i += 1;
                        }
                    }
                }
                out.push(Tok::Str(s));
            }
            c if c.is_ascii_digit() && !looks_like_guid(&chars[i..]) => {
                let start = i;
                while i < chars.len() && chars[i].is_ascii_digit() {
                    i += 1;
                }
                let s: String = chars[start..i].iter().collect();
                let n = s.parse().map_err(|_| invalid("a number is too large"))?;
                out.push(Tok::Num(n));
            }
            c if c.is_alphanumeric() || c == '$' || c == '/' || c == '_' || c == '-' => {
                let start = i;
                while i < chars.len() && (chars[i].is_alphanumeric() || matches!(chars[i], '$' | '/' | '_' | '-' | '.'))
                {
                    i += 1;
                }
                out.push(Tok::Word(chars[start..i].iter().collect()));
            }
            other => return Err(invalid(&format!("unexpected character '{other}'"))),
        }
    }
    Ok(out)
}

fn looks_like_guid(rest: &[char]) -> bool {
    rest.len() >= 36 && rest[..36].iter().collect::<String>().parse::<Uuid>().is_ok()
}

/// An operator waiting on the parser's stack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Open,
    Not,
    And,
    Or,
}

/// Applies the `not`s on top of the stack to the operand just completed.
fn close_nots(ops: &mut Vec<Op>, operands: &mut Vec<Filter>, depth: &mut usize) {
    while ops.last() == Some(&Op::Not) {
        ops.pop();
        *depth -= 1;
        if let Some(f) = operands.pop() {
            operands.push(f.negate());
        }
    }
}

/// Combines the operands of the binary operators on top of the stack that bind at least as
/// tightly as `than` (`and` for `and`; `and` and `or` for `or`), stopping at a `(`.
fn reduce(ops: &mut Vec<Op>, operands: &mut Vec<Filter>, than: Op) {
    while let Some(&op) = ops.last() {
        let binds = match op {
            Op::And => true,
            Op::Or => than == Op::Or,
            Op::Open | Op::Not => false,
        };
        if !binds || operands.len() < 2 {
            return;
        }
        ops.pop();
        let (Some(b), Some(a)) = (operands.pop(), operands.pop()) else {
            return;
        };
        operands.push(if op == Op::And { a.and(b) } else { a.or(b) });
    }
}

struct Parser {
    tokens: Vec<Tok>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.pos)
    }

    fn next(&mut self) -> Option<Tok> {
        let t = self.tokens.get(self.pos).cloned();
        self.pos += 1;
        t
    }

    fn expect(&mut self, t: Tok, what: &str) -> Result<(), GraphError> {
        if self.next() == Some(t) {
            Ok(())
        } else {
            Err(invalid(&format!("expected {what}")))
        }
    }

    fn keyword(&self, kw: &str) -> bool {
        matches!(self.peek(), Some(Tok::Word(w)) if w.eq_ignore_ascii_case(kw))
    }

    /// The whole expression, by shunting-yard: operands and operators on explicit stacks.
    /// `not` binds tightest, then `and`, then `or`; `and` and `or` associate to the left
    /// (`a or b or c` is `(a or b) or c`), as [`Filter::render`] writes them.
    fn expression(&mut self) -> Result<Filter, GraphError> {
        let mut operands: Vec<Filter> = Vec::new();
        let mut ops: Vec<Op> = Vec::new();
        // How many `(` and `not` are open, and how many comparisons have been read.
        let mut depth = 0usize;
        let mut terms = 0usize;
        loop {
            // An operand: any `not`s and `(`s, then a comparison.
            loop {
                if self.keyword("not") {
                    self.pos += 1;
                    ops.push(Op::Not);
                } else if self.peek() == Some(&Tok::Open) {
                    self.pos += 1;
                    ops.push(Op::Open);
                } else {
                    break;
                }
                depth += 1;
                if depth > MAX_FILTER_DEPTH {
                    return Err(filter_too_deep());
                }
            }
            terms += 1;
            if terms > MAX_FILTER_TERMS {
                return Err(filter_too_many_terms());
            }
            let leaf = self.primary()?;
            operands.push(leaf);
            close_nots(&mut ops, &mut operands, &mut depth);
            // Then `)`s, and an operator or the end.
            loop {
                match self.peek() {
                    Some(Tok::Close) => {
                        self.pos += 1;
                        reduce(&mut ops, &mut operands, Op::Or);
                        if ops.pop() != Some(Op::Open) {
                            return Err(invalid("unexpected text after the expression"));
                        }
                        depth -= 1;
                        close_nots(&mut ops, &mut operands, &mut depth);
                    }
                    None => {
                        reduce(&mut ops, &mut operands, Op::Or);
                        if !ops.is_empty() {
                            return Err(invalid("expected ')'"));
                        }
                        return operands
                            .pop()
                            .filter(|_| operands.is_empty())
                            .ok_or_else(|| invalid("expected a property, a function or '('"));
                    }
                    Some(_) if self.keyword("and") => {
                        self.pos += 1;
                        reduce(&mut ops, &mut operands, Op::And);
                        ops.push(Op::And);
                        break;
                    }
                    Some(_) if self.keyword("or") => {
                        self.pos += 1;
                        reduce(&mut ops, &mut operands, Op::Or);
                        ops.push(Op::Or);
                        break;
                    }
                    Some(_) => return Err(invalid("unexpected text after the expression")),
                }
            }
        }
    }

    fn primary(&mut self) -> Result<Filter, GraphError> {
        match self.next() {
            Some(Tok::Word(w)) => {
                if w.eq_ignore_ascii_case("startsWith") || w.eq_ignore_ascii_case("endsWith") {
                    self.expect(Tok::Open, "'(' after the function name")?;
                    let prop = self.property()?;
                    self.expect(Tok::Comma, "','")?;
                    let Some(Tok::Str(s)) = self.next() else {
                        return Err(invalid("the function needs a quoted string"));
                    };
                    self.expect(Tok::Close, "')'")?;
                    if prop.is_bool() || prop == Prop::Id {
                        return Err(invalid("the function needs a text property"));
                    }
                    return Ok(if w.eq_ignore_ascii_case("startsWith") {
                        Filter::StartsWith(prop, s)
                    } else {
                        Filter::EndsWith(prop, s)
                    });
                }
                if w.eq_ignore_ascii_case("assignedLicenses/any") {
                    return self.any_license();
                }
                if w.eq_ignore_ascii_case("assignedLicenses/$count") {
                    let cmp = self.cmp()?;
                    let Some(Tok::Num(n)) = self.next() else {
                        return Err(invalid("$count compares with a number"));
                    };
                    return Ok(Filter::LicenseCount(cmp, n));
                }
                let prop = Prop::from_name(&w).ok_or_else(|| unknown_property(&w))?;
                if self.keyword("in") {
                    self.pos += 1;
                    self.expect(Tok::Open, "'(' after in")?;
                    let mut values = vec![self.value(prop)?];
                    while self.peek() == Some(&Tok::Comma) {
                        self.pos += 1;
                        if values.len() == MAX_IN_VALUES {
                            let more = self.tokens[self.pos..]
                                .iter()
                                .take_while(|t| **t != Tok::Close)
                                .filter(|t| **t == Tok::Comma)
                                .count();
                            return Err(in_too_many_values(MAX_IN_VALUES + 1 + more));
                        }
                        values.push(self.value(prop)?);
                    }
                    self.expect(Tok::Close, "')'")?;
                    return Ok(Filter::In(prop, values));
                }
                let cmp = self.cmp()?;
                let value = self.value(prop)?;
                Ok(Filter::Compare(prop, cmp, value))
            }
            _ => Err(invalid("expected a property, a function or '('")),
        }
    }

    fn any_license(&mut self) -> Result<Filter, GraphError> {
        self.expect(Tok::Open, "'(' after any")?;
        let Some(Tok::Word(var)) = self.next() else {
            return Err(invalid("any needs a lambda variable"));
        };
        self.expect(Tok::Colon, "':'")?;
        let Some(Tok::Word(path)) = self.next() else {
            return Err(invalid("any needs x/skuId"));
        };
        if !path.eq_ignore_ascii_case(&format!("{var}/skuId")) {
            return Err(invalid("only x/skuId can be tested inside any"));
        }
        if self.cmp()? != Cmp::Eq {
            return Err(invalid("only eq is supported inside any"));
        }
        let sku = match self.next() {
            Some(Tok::Word(g)) | Some(Tok::Str(g)) => {
                Uuid::parse_str(&g).map_err(|_| invalid(&format!("'{g}' is not a valid GUID")))?
            }
            _ => return Err(invalid("skuId compares with a GUID")),
        };
        self.expect(Tok::Close, "')'")?;
        Ok(Filter::HasLicense(sku))
    }

    fn property(&mut self) -> Result<Prop, GraphError> {
        match self.next() {
            Some(Tok::Word(w)) => Prop::from_name(&w).ok_or_else(|| unknown_property(&w)),
            _ => Err(invalid("expected a property name")),
        }
    }

    fn cmp(&mut self) -> Result<Cmp, GraphError> {
        match self.next() {
            Some(Tok::Word(w)) if w.eq_ignore_ascii_case("eq") => Ok(Cmp::Eq),
            Some(Tok::Word(w)) if w.eq_ignore_ascii_case("ne") => Ok(Cmp::Ne),
            Some(Tok::Word(w)) => Err(GraphError::unsupported(format!("Unsupported operator '{w}'."))),
            _ => Err(invalid("expected eq or ne")),
        }
    }

    fn value(&mut self, prop: Prop) -> Result<Value, GraphError> {
        match self.next() {
            Some(Tok::Str(s)) => Ok(Value::Str(s)),
            Some(Tok::Word(w)) if w == "true" && prop.is_bool() => Ok(Value::Bool(true)),
            Some(Tok::Word(w)) if w == "false" && prop.is_bool() => Ok(Value::Bool(false)),
            Some(Tok::Word(w)) if w == "null" => Ok(Value::Null),
            Some(Tok::Word(w)) if prop == Prop::Id => Uuid::parse_str(&w)
                .map(Value::Guid)
                .map_err(|_| invalid(&format!("'{w}' is not a valid GUID"))),
            _ => Err(invalid(&format!("'{}' needs a value of its type", prop.name()))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    fn guest() -> Filter {
        Filter::eq(Prop::UserType, "Guest")
    }

    fn on() -> Filter {
        Filter::Compare(Prop::AccountEnabled, Cmp::Eq, Value::Bool(true))
    }

    fn dept() -> Filter {
        Filter::eq(Prop::Department, "Sales")
    }

    fn nl() -> Filter {
        Filter::eq(Prop::UsageLocation, "NL")
    }

    const G: &str = "userType eq 'Guest'";
    const ON: &str = "accountEnabled eq true";
    const D: &str = "department eq 'Sales'";
    const NL: &str = "usageLocation eq 'NL'";

    #[test]
    fn precedence_is_not_then_and_then_or_and_binary_operators_lean_left() {
        let cases = [
            (format!("{G} or {ON} and {D}"), guest().or(on().and(dept()))),
            (format!("{G} and {ON} or {D}"), guest().and(on()).or(dept())),
            (
                format!("{G} and {ON} or {D} and {NL}"),
                guest().and(on()).or(dept().and(nl())),
            ),
            (format!("{G} or {ON} or {D}"), guest().or(on()).or(dept())),
            (format!("{G} and {ON} and {D}"), guest().and(on()).and(dept())),
            (format!("{G} and ({ON} or {D})"), guest().and(on().or(dept()))),
            (format!("({G} or {ON}) and {D}"), guest().or(on()).and(dept())),
            (format!("not {G} and {ON}"), guest().negate().and(on())),
            (format!("not ({G} and {ON})"), guest().and(on()).negate()),
            (format!("not not {G}"), guest().negate().negate()),
            (format!("not(not({G}))"), guest().negate().negate()),
            (format!("((({G})))"), guest()),
            (
                format!("{G} or not ({ON} or not {D})"),
                guest().or(on().or(dept().negate()).negate()),
            ),
        ];
        for (text, want) in cases {
            assert_eq!(parse_filter(&text).as_ref(), Ok(&want), "{text}");
            assert_eq!(parse_filter(&want.render()).as_ref(), Ok(&want), "{}", want.render());
        }
    }

    #[test]
    fn malformed_nesting_is_graphs_invalid_filter_clause() {
        for bad in [
            format!("({G}"),
            format!("{G})"),
            format!("(({G})"),
            format!("({G}))"),
            "()".to_owned(),
            "not".to_owned(),
            format!("{G} and"),
            format!("{G} {ON}"),
            format!("not ({G}) )"),
            ")".to_owned(),
            String::new(),
        ] {
            let e = parse_filter(&bad).unwrap_err();
            assert_eq!(e.code, ErrorCode::BadRequest, "{bad}");
            assert!(e.message.starts_with("Invalid filter clause"), "{bad}: {}", e.message);
        }
    }

    #[test]
    fn nesting_stops_at_the_depth_limit_before_a_tree_is_built() {
        let nest = |n: usize| format!("{}{G}{}", "(".repeat(n), ")".repeat(n));
        assert_eq!(parse_filter(&nest(MAX_FILTER_DEPTH)), Ok(guest()));
        let e = parse_filter(&nest(MAX_FILTER_DEPTH + 1)).unwrap_err();
        assert_eq!(e.code, ErrorCode::UnsupportedQuery);
        assert!(e.message.contains("nested too deeply"), "{}", e.message);

        let nots = |n: usize| format!("{}{G}", "not ".repeat(n));
        assert!(parse_filter(&nots(MAX_FILTER_DEPTH)).is_ok());
        assert_eq!(
            parse_filter(&nots(MAX_FILTER_DEPTH + 1)).unwrap_err().code,
            ErrorCode::UnsupportedQuery
        );

        // Mixed: 16 `not(` are 32 levels.
        let mixed = |n: usize| format!("{}{G}{}", "not(".repeat(n), ")".repeat(n));
        assert!(parse_filter(&mixed(MAX_FILTER_DEPTH / 2)).is_ok());
        assert!(parse_filter(&mixed(MAX_FILTER_DEPTH / 2 + 1)).is_err());

        // Depth is what is open at once: many groups one after another are fine.
        let side_by_side = vec![format!("({G})"); 50].join(" and ");
        assert!(parse_filter(&side_by_side).is_ok());
    }

    #[test]
    fn unclosed_parentheses_far_past_any_stack_are_an_error_not_an_overflow() {
        // Within the length limit the depth limit answers; past it, the length limit does;
        // neither recurses (a recursive parser overflows its stack on this input).
        let e = parse_filter(&"(".repeat(MAX_FILTER_LEN)).unwrap_err();
        assert_eq!(e.code, ErrorCode::UnsupportedQuery);
        let e = parse_filter(&"(".repeat(1_000_000)).unwrap_err();
        assert_eq!(e.code, ErrorCode::BadRequest);
        assert!(e.message.contains("longer than 4096"), "{}", e.message);
        assert!(parse_filter(&"not ".repeat(1000)).is_err());
    }

    #[test]
    fn comparisons_are_counted_across_the_whole_filter() {
        let chain = |n: usize| vec![G; n].join(" or ");
        let f = parse_filter(&chain(MAX_FILTER_TERMS)).unwrap();
        assert_eq!(
            f.nodes().filter(|n| !matches!(n, Filter::Or(..))).count(),
            MAX_FILTER_TERMS
        );
        let e = parse_filter(&chain(MAX_FILTER_TERMS + 1)).unwrap_err();
        assert_eq!(e.code, ErrorCode::UnsupportedQuery);
        assert!(e.message.contains("too many clauses"), "{}", e.message);
        let grouped = vec![format!("({G} and {ON})"); MAX_FILTER_TERMS / 2 + 1].join(" or ");
        assert!(parse_filter(&grouped).is_err());
    }

    #[test]
    fn an_in_list_takes_at_most_fifteen_values() {
        let list = |n: usize| {
            let values: Vec<String> = (0..n).map(|i| format!("'v{i}'")).collect();
            format!("department in ({})", values.join(","))
        };
        assert!(matches!(parse_filter(&list(MAX_IN_VALUES)), Ok(Filter::In(_, ref v)) if v.len() == MAX_IN_VALUES));
        let e = parse_filter(&list(MAX_IN_VALUES + 5)).unwrap_err();
        assert_eq!(e.code, ErrorCode::UnsupportedQuery);
        assert_eq!(
            e.message,
            "Too many child clauses specified in search filter expression containing 'OR' operators: 20. Max allowed: 15."
        );
    }

    #[test]
    fn the_length_limit_counts_characters() {
        let pad = |n: usize| format!("displayName eq '{}'", "é".repeat(n));
        let base = pad(0).chars().count();
        assert!(parse_filter(&pad(MAX_FILTER_LEN - base)).is_ok());
        assert!(parse_filter(&pad(MAX_FILTER_LEN - base + 1)).is_err());
    }
}
