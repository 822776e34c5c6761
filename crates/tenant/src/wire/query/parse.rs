use uuid::Uuid;

use super::filter::{Cmp, Filter, Prop, Value};
use crate::error::GraphError;

/// Parses `$filter` text on users into a [`Filter`].
///
/// Errors are Graph's: an unknown property gives "Could not find a property named ...", any
/// other malformed text gives "Invalid filter clause".
pub fn parse_filter(text: &str) -> Result<Filter, GraphError> {
    let tokens = tokenize(text)?;
    let mut p = Parser { tokens, pos: 0 };
    let f = p.or_expr()?;
    if p.pos != p.tokens.len() {
        return Err(invalid("unexpected text after the expression"));
    }
    Ok(f)
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

    fn or_expr(&mut self) -> Result<Filter, GraphError> {
        let mut left = self.and_expr()?;
        while self.keyword("or") {
            self.pos += 1;
            let right = self.and_expr()?;
            left = left.or(right);
        }
        Ok(left)
    }

    fn and_expr(&mut self) -> Result<Filter, GraphError> {
        let mut left = self.unary()?;
        while self.keyword("and") {
            self.pos += 1;
            let right = self.unary()?;
            left = left.and(right);
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Filter, GraphError> {
        if self.keyword("not") {
            self.pos += 1;
            return Ok(self.unary()?.negate());
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Filter, GraphError> {
        match self.next() {
            Some(Tok::Open) => {
                let f = self.or_expr()?;
                self.expect(Tok::Close, "')'")?;
                Ok(f)
            }
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
