use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, CONTROLS};

use super::filter::{Filter, Prop};
use super::limits::MAX_SKIPTOKEN_LEN;
use super::parse::parse_filter;
use super::search::Search;
use crate::error::GraphError;

/// Graph's page size when `$top` is not given.
pub const DEFAULT_TOP: u32 = 100;
/// Graph's largest page of users.
pub const MAX_TOP: u32 = 999;

const QUERY_VALUE: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'&')
    .add(b'+')
    .add(b'<')
    .add(b'=')
    .add(b'>')
    .add(b'\'');

/// `$orderby` on users.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct OrderBy {
    /// `displayName` or `userPrincipalName` (what Graph sorts users by).
    pub prop: Prop,
    /// `desc`.
    pub desc: bool,
}

/// A users request's OData options, typed: what the URL of a list view holds and what goes
/// to Graph.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct UserQuery {
    /// `$filter`.
    pub filter: Option<Filter>,
    /// `$search`.
    pub search: Option<Search>,
    /// `$select`; empty means Graph's default properties.
    pub select: Vec<String>,
    /// `$orderby`.
    pub order_by: Option<OrderBy>,
    /// `$top`.
    pub top: Option<u32>,
    /// `$count=true`.
    pub count: bool,
    /// `$skiptoken`: where the next page starts (opaque to clients).
    pub skip_token: Option<String>,
}

impl UserQuery {
    /// Reads the options from a query string (`$filter=...&$top=...`), with Graph's errors,
    /// holding each option to its limit in [`super::limits`] before it is parsed.
    pub fn from_query_string(qs: &str) -> Result<UserQuery, GraphError> {
        let mut q = UserQuery::default();
        for (key, value) in split_query(qs) {
            match key.to_ascii_lowercase().as_str() {
                "$filter" => q.filter = Some(parse_filter(&value)?),
                "$search" => q.search = Some(Search::parse(&value)?),
                "$select" => {
                    // Each property once (as Graph returns it once): a URL of `id,id,id...`
                    // must not multiply the work of shaping every user.
                    let mut seen = std::collections::HashSet::new();
                    q.select = value
                        .split(',')
                        .map(|s| s.trim().to_owned())
                        .filter(|s| !s.is_empty() && seen.insert(s.to_ascii_lowercase()))
                        .collect()
                }
                "$orderby" => q.order_by = Some(parse_order_by(&value)?),
                "$top" => {
                    let top: i64 = value.trim().parse().map_err(|_| {
                        GraphError::bad_request(format!(
                            "Invalid page size specified: '{value}'. Must be between 1 and 999 inclusive."
                        ))
                    })?;
                    if !(1..=i64::from(MAX_TOP)).contains(&top) {
                        return Err(GraphError::unsupported(format!(
                            "Invalid page size specified: '{top}'. Must be between 1 and 999 inclusive."
                        )));
                    }
                    q.top = Some(top as u32);
                }
                "$count" => {
                    q.count = match value.as_str() {
                        "true" => true,
                        "false" => false,
                        _ => return Err(GraphError::bad_request(format!("Invalid value '{value}' for $count."))),
                    }
                }
                "$skiptoken" => {
                    if value.len() > MAX_SKIPTOKEN_LEN {
                        return Err(GraphError::bad_request("The $skiptoken is invalid or has expired."));
                    }
                    q.skip_token = Some(value)
                }
                "$skip" => return Err(GraphError::bad_request("'$skip' is not supported by the service.")),
                "$expand" => {}
                k if k.starts_with('$') => {
                    return Err(GraphError::bad_request(format!("Query option '{key}' is not allowed.")))
                }
                _ => {}
            }
        }
        Ok(q)
    }

    /// The query string Graph is sent (without the `?`), with `%20` for spaces.
    pub fn to_query_string(&self) -> String {
        let mut parts = Vec::new();
        if let Some(f) = &self.filter {
            parts.push(format!("$filter={}", encode(&f.render())));
        }
        if let Some(s) = &self.search {
            parts.push(format!("$search={}", encode(&s.render())));
        }
        if !self.select.is_empty() {
            parts.push(format!("$select={}", encode(&self.select.join(","))));
        }
        if let Some(o) = &self.order_by {
            let dir = if o.desc { " desc" } else { "" };
            parts.push(format!("$orderby={}", encode(&format!("{}{dir}", o.prop.name()))));
        }
        if let Some(t) = self.top {
            parts.push(format!("$top={t}"));
        }
        if self.count {
            parts.push("$count=true".to_owned());
        }
        if let Some(s) = &self.skip_token {
            parts.push(format!("$skiptoken={}", encode(s)));
        }
        parts.join("&")
    }

    /// Graph's advanced-query rule: `$search` needs `ConsistencyLevel: eventual`; `ne`, `not`,
    /// `endsWith` and `assignedLicenses/$count` need it and `$count=true`; so does
    /// `$filter` together with `$orderby`. Without them Graph answers with these errors.
    ///
    /// A filter or search built in code is first held to the limits parsed text is held to
    /// ([`Filter::check_limits`], the `$search` term count), so what runs is bounded.
    pub fn check_advanced(&self, eventual: bool) -> Result<(), GraphError> {
        if let Some(f) = &self.filter {
            f.check_limits()?;
        }
        if let Some(s) = &self.search {
            s.check_limits()?;
        }
        if self.search.is_some() && !eventual {
            return Err(GraphError::unsupported(
                "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
            ));
        }
        if let Some(f) = &self.filter {
            if let Some(op) = f.advanced_operator() {
                if !(eventual && self.count) {
                    return Err(GraphError::unsupported(format!(
                        "Operator '{op}' is not supported because the required parameters might be missing. Try adding $count=true query parameter and ConsistencyLevel:eventual header. Refer to https://aka.ms/graph-docs/advanced-queries for more information"
                    )));
                }
            }
            check_ends_with(f)?;
            if self.order_by.is_some() && !(eventual && self.count) {
                return Err(GraphError::unsupported("Sorting not supported for current query."));
            }
        }
        Ok(())
    }

    /// The page size asked for, or Graph's default.
    pub fn page_size(&self) -> usize {
        self.top.unwrap_or(DEFAULT_TOP) as usize
    }
}

fn check_ends_with(f: &Filter) -> Result<(), GraphError> {
    match f.nodes().find_map(|n| match n {
        Filter::EndsWith(p, _) if !p.allows_ends_with() => Some(*p),
        _ => None,
    }) {
        Some(p) => Err(GraphError::unsupported(format!(
            "Unsupported or invalid query filter clause specified for property '{}' of resource 'User'.",
            p.name()
        ))),
        None => Ok(()),
    }
}

fn parse_order_by(value: &str) -> Result<OrderBy, GraphError> {
    let mut words = value.split_whitespace();
    let name = words.next().unwrap_or_default();
    let desc = match words.next() {
        None | Some("asc") => false,
        Some("desc") => true,
        Some(other) => return Err(GraphError::bad_request(format!("Invalid sort direction '{other}'."))),
    };
    let prop = Prop::from_name(name).ok_or_else(|| {
        GraphError::bad_request(format!(
            "Could not find a property named '{name}' on type 'microsoft.graph.user'."
        ))
    })?;
    if !matches!(prop, Prop::DisplayName | Prop::UserPrincipalName) {
        return Err(GraphError::unsupported("Sorting not supported for current query."));
    }
    Ok(OrderBy { prop, desc })
}

/// Percent-encodes a query value the way Graph's own SDKs do (`%20` for spaces).
pub fn encode(s: &str) -> String {
    utf8_percent_encode(s, QUERY_VALUE).to_string()
}

/// Splits and decodes `a=1&b=2`; `+` reads as a space, as in forms.
pub fn split_query(qs: &str) -> Vec<(String, String)> {
    qs.split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(k), decode(v))
        })
        .collect()
}

fn decode(s: &str) -> String {
    percent_decode_str(&s.replace('+', " "))
        .decode_utf8_lossy()
        .into_owned()
}
