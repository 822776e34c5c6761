use std::fmt::Write;

use super::filter::{starts_with_ci, Prop};
use super::limits::{MAX_SEARCH_LEN, MAX_SEARCH_TERMS};
use crate::error::GraphError;
use crate::index::Facets;
use crate::model::User;

/// How the terms of a `$search` combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SearchOp {
    /// `"a:x" AND "b:y"`
    And,
    /// `"a:x" OR "b:y"`
    Or,
}

/// One `"property:text"` term.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SearchTerm {
    /// `displayName`, `mail`, `userPrincipalName`, `givenName` or `surname`.
    pub prop: Prop,
    /// What to look for.
    pub text: String,
}

/// A `$search` on users: tokenized, prefix matching, as Graph's directory search does.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Search {
    /// The terms.
    pub terms: Vec<SearchTerm>,
    /// How they combine.
    pub op: SearchOp,
}

impl Search {
    /// The search box of the users lists: display name or e-mail or sign-in name.
    pub fn anywhere(text: &str) -> Search {
        let terms = [Prop::DisplayName, Prop::Mail, Prop::UserPrincipalName]
            .into_iter()
            .map(|prop| SearchTerm {
                prop,
                text: text.to_owned(),
            })
            .collect();
        Search {
            terms,
            op: SearchOp::Or,
        }
    }

    /// Parses `"displayName:ali" OR "mail:ali"`; at most [`MAX_SEARCH_LEN`] characters and
    /// [`MAX_SEARCH_TERMS`] terms.
    pub fn parse(text: &str) -> Result<Search, GraphError> {
        if text.len() > 4 * MAX_SEARCH_LEN || text.chars().count() > MAX_SEARCH_LEN {
            return Err(GraphError::bad_request(format!(
                "The $search expression is longer than {MAX_SEARCH_LEN} characters."
            )));
        }
        let bad = || {
            GraphError::bad_request(format!(
                "Syntax error: character '{text}' is not valid at position 0 in '$search'."
            ))
        };
        let mut terms = Vec::new();
        let mut op = None;
        let mut rest = text.trim();
        while !rest.is_empty() {
            let body = rest.strip_prefix('"').ok_or_else(bad)?;
            let end = body.find('"').ok_or_else(bad)?;
            let (prop, value) = body[..end]
                .split_once(':')
                .ok_or_else(|| GraphError::bad_request("$search on users needs the form \"property:text\"."))?;
            let prop = Prop::from_name(prop)
                .filter(|p| {
                    matches!(
                        p,
                        Prop::DisplayName | Prop::Mail | Prop::UserPrincipalName | Prop::GivenName | Prop::Surname
                    )
                })
                .ok_or_else(|| GraphError::bad_request(format!("Search on property '{prop}' is not supported.")))?;
            if terms.len() == MAX_SEARCH_TERMS {
                return Err(too_many_terms());
            }
            terms.push(SearchTerm {
                prop,
                text: value.to_owned(),
            });
            rest = body[end + 1..].trim_start();
            if rest.is_empty() {
                break;
            }
            let (word, after) = rest.split_once(' ').ok_or_else(bad)?;
            let this = match word {
                "AND" => SearchOp::And,
                "OR" => SearchOp::Or,
                _ => return Err(bad()),
            };
            if op.is_some_and(|o| o != this) {
                return Err(GraphError::bad_request(
                    "Mixing AND and OR in $search is not supported here.",
                ));
            }
            op = Some(this);
            rest = after.trim_start();
        }
        if terms.is_empty() {
            return Err(bad());
        }
        Ok(Search {
            terms,
            op: op.unwrap_or(SearchOp::Or),
        })
    }

    /// Holds a search built in code to the term limit of parsed text ([`MAX_SEARCH_TERMS`]).
    pub fn check_limits(&self) -> Result<(), GraphError> {
        if self.terms.len() > MAX_SEARCH_TERMS {
            return Err(too_many_terms());
        }
        Ok(())
    }

    /// The `$search` text (quotes included).
    pub fn render(&self) -> String {
        let mut out = String::new();
        for (i, t) in self.terms.iter().enumerate() {
            if i > 0 {
                out.push_str(match self.op {
                    SearchOp::And => " AND ",
                    SearchOp::Or => " OR ",
                });
            }
            let _ = write!(out, "\"{}:{}\"", t.prop.name(), t.text);
        }
        out
    }

    /// [`Search::matches`] for user `i`, reading names from the list index.
    pub(crate) fn matches_indexed(&self, f: &Facets, i: usize, user: &User) -> bool {
        let hit = |t: &SearchTerm| match t.prop {
            Prop::DisplayName => token_prefix(f.name(i), &t.text),
            Prop::Mail => user.mail.is_some() && token_prefix(f.mail(i), &t.text),
            Prop::UserPrincipalName => token_prefix(f.upn(i), &t.text),
            _ => self.term_matches(t, user),
        };
        match self.op {
            SearchOp::And => self.terms.iter().all(hit),
            SearchOp::Or => self.terms.iter().any(hit),
        }
    }

    fn term_matches(&self, t: &SearchTerm, user: &User) -> bool {
        let value = match t.prop {
            Prop::DisplayName => user.display_name.as_deref(),
            Prop::Mail => user.mail.as_deref(),
            Prop::UserPrincipalName => Some(user.user_principal_name.as_str()),
            Prop::GivenName => user.given_name.as_deref(),
            Prop::Surname => user.surname.as_deref(),
            _ => None,
        };
        value.is_some_and(|v| token_prefix(v, &t.text))
    }

    /// Whether `user` matches.
    pub fn matches(&self, user: &User) -> bool {
        let hit = |t: &SearchTerm| self.term_matches(t, user);
        match self.op {
            SearchOp::And => self.terms.iter().all(hit),
            SearchOp::Or => self.terms.iter().any(hit),
        }
    }
}

fn too_many_terms() -> GraphError {
    GraphError::unsupported(format!(
        "The $search expression has too many terms: more than {MAX_SEARCH_TERMS}."
    ))
}

/// Graph's directory search matches the start of any word: "ali" finds "Alice Wu" and
/// "Mary Alison"; words split at spaces and at the punctuation of addresses.
fn token_prefix(value: &str, text: &str) -> bool {
    let text = text.trim();
    if text.is_empty() {
        return true;
    }
    if starts_with_ci(value, text) {
        return true;
    }
    value
        .char_indices()
        .filter(|(_, c)| matches!(c, ' ' | '.' | '_' | '@' | '-'))
        .any(|(i, c)| starts_with_ci(&value[i + c.len_utf8()..], text))
}
