use std::fmt::Write;

use uuid::Uuid;

use super::limits::{
    filter_too_deep, filter_too_many_terms, in_too_many_values, MAX_FILTER_TERMS, MAX_FILTER_TREE_DEPTH, MAX_IN_VALUES,
};
use crate::error::GraphError;
use crate::index::{flag_table, Facets, FlagTable, DISABLED, ENABLED, GUEST, MEMBER};
use crate::model::User;

/// A user property that `$filter` may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Prop {
    /// `id`
    Id,
    /// `displayName`
    DisplayName,
    /// `givenName`
    GivenName,
    /// `surname`
    Surname,
    /// `userPrincipalName`
    UserPrincipalName,
    /// `mail`
    Mail,
    /// `userType`
    UserType,
    /// `externalUserState`
    ExternalUserState,
    /// `creationType`
    CreationType,
    /// `accountEnabled`
    AccountEnabled,
    /// `usageLocation`
    UsageLocation,
    /// `department`
    Department,
    /// `jobTitle`
    JobTitle,
    /// `companyName`
    CompanyName,
    /// `city`
    City,
    /// `country`
    Country,
    /// `onPremisesSyncEnabled`
    OnPremisesSyncEnabled,
}

impl Prop {
    /// Every property, for generators and pickers.
    pub const ALL: [Prop; 17] = [
        Prop::Id,
        Prop::DisplayName,
        Prop::GivenName,
        Prop::Surname,
        Prop::UserPrincipalName,
        Prop::Mail,
        Prop::UserType,
        Prop::ExternalUserState,
        Prop::CreationType,
        Prop::AccountEnabled,
        Prop::UsageLocation,
        Prop::Department,
        Prop::JobTitle,
        Prop::CompanyName,
        Prop::City,
        Prop::Country,
        Prop::OnPremisesSyncEnabled,
    ];

    /// The property's name in Graph.
    pub fn name(self) -> &'static str {
        match self {
            Prop::Id => "id",
            Prop::DisplayName => "displayName",
            Prop::GivenName => "givenName",
            Prop::Surname => "surname",
            Prop::UserPrincipalName => "userPrincipalName",
            Prop::Mail => "mail",
            Prop::UserType => "userType",
            Prop::ExternalUserState => "externalUserState",
            Prop::CreationType => "creationType",
            Prop::AccountEnabled => "accountEnabled",
            Prop::UsageLocation => "usageLocation",
            Prop::Department => "department",
            Prop::JobTitle => "jobTitle",
            Prop::CompanyName => "companyName",
            Prop::City => "city",
            Prop::Country => "country",
            Prop::OnPremisesSyncEnabled => "onPremisesSyncEnabled",
        }
    }

    /// The property named `name` (case-insensitive, as Graph reads names).
    pub fn from_name(name: &str) -> Option<Prop> {
        Prop::ALL.into_iter().find(|p| p.name().eq_ignore_ascii_case(name))
    }

    /// Properties whose values are booleans.
    pub fn is_bool(self) -> bool {
        matches!(self, Prop::AccountEnabled | Prop::OnPremisesSyncEnabled)
    }

    /// Graph allows `endsWith` only on these (and only as an advanced query).
    pub fn allows_ends_with(self) -> bool {
        matches!(self, Prop::Mail | Prop::UserPrincipalName)
    }

    fn text(self, u: &User) -> Option<&str> {
        match self {
            Prop::Id => None,
            Prop::DisplayName => u.display_name.as_deref(),
            Prop::GivenName => u.given_name.as_deref(),
            Prop::Surname => u.surname.as_deref(),
            Prop::UserPrincipalName => Some(&u.user_principal_name),
            Prop::Mail => u.mail.as_deref(),
            Prop::UserType => u.user_type.as_deref(),
            Prop::ExternalUserState => u.external_user_state.as_deref(),
            Prop::CreationType => u.creation_type.as_deref(),
            Prop::UsageLocation => u.usage_location.as_deref(),
            Prop::Department => u.department.as_deref(),
            Prop::JobTitle => u.job_title.as_deref(),
            Prop::CompanyName => u.company_name.as_deref(),
            Prop::City => u.city.as_deref(),
            Prop::Country => u.country.as_deref(),
            Prop::AccountEnabled | Prop::OnPremisesSyncEnabled => None,
        }
    }

    fn flag(self, u: &User) -> Option<bool> {
        match self {
            Prop::AccountEnabled => u.account_enabled,
            Prop::OnPremisesSyncEnabled => u.on_premises_sync_enabled,
            _ => None,
        }
    }
}

/// A literal in a filter.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Value {
    /// `'text'`
    Str(String),
    /// `true` / `false`
    Bool(bool),
    /// `null`
    Null,
    /// An unquoted GUID (ids).
    Guid(Uuid),
}

/// `eq` or `ne`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cmp {
    /// `eq`
    Eq,
    /// `ne` (an advanced query)
    Ne,
}

impl Cmp {
    fn as_str(self) -> &'static str {
        match self {
            Cmp::Eq => "eq",
            Cmp::Ne => "ne",
        }
    }
}

/// A `$filter` expression on users.
///
/// Cloning, comparing, hashing, rendering and dropping walk the tree on a heap stack, so a
/// tree of any depth built in code is safe to hold; matching recurses and runs only on
/// trees within [`Filter::check_limits`] (every parsed filter; every list and count checks).
/// (`Debug` is derived and recursive.) Because `Filter` implements `Drop`, a `match` on a
/// filter by value binds its fields with `ref`.
#[derive(Debug)]
pub enum Filter {
    /// `prop eq value` / `prop ne value`
    Compare(Prop, Cmp, Value),
    /// `prop in ('a','b')`
    In(Prop, Vec<Value>),
    /// `startsWith(prop,'a')`
    StartsWith(Prop, String),
    /// `endsWith(prop,'a')` (advanced)
    EndsWith(Prop, String),
    /// `assignedLicenses/any(x:x/skuId eq GUID)`
    HasLicense(Uuid),
    /// `assignedLicenses/$count eq N` / `ne N` (advanced)
    LicenseCount(Cmp, u32),
    /// `not(...)` (advanced)
    Not(Box<Filter>),
    /// `a and b`
    And(Box<Filter>, Box<Filter>),
    /// `a or b`
    Or(Box<Filter>, Box<Filter>),
}

impl Filter {
    /// `a and b`, for building filters from chips.
    pub fn and(self, other: Filter) -> Filter {
        Filter::And(Box::new(self), Box::new(other))
    }

    /// `a or b`.
    pub fn or(self, other: Filter) -> Filter {
        Filter::Or(Box::new(self), Box::new(other))
    }

    /// `not(a)`.
    pub fn negate(self) -> Filter {
        Filter::Not(Box::new(self))
    }

    /// `prop eq 'text'`.
    pub fn eq(prop: Prop, text: impl Into<String>) -> Filter {
        Filter::Compare(prop, Cmp::Eq, Value::Str(text.into()))
    }

    /// All of `filters` joined with `and`; `None` when empty.
    pub fn all(filters: impl IntoIterator<Item = Filter>) -> Option<Filter> {
        filters.into_iter().reduce(Filter::and)
    }

    /// True when Graph needs `ConsistencyLevel: eventual` and `$count=true` for this filter,
    /// and the operator that makes it so (the first one, reading the text left to right).
    pub fn advanced_operator(&self) -> Option<&'static str> {
        self.nodes().find_map(|f| match f {
            Filter::Compare(_, Cmp::Ne, _) => Some("ne"),
            Filter::EndsWith(..) => Some("endsWith"),
            Filter::LicenseCount(..) => Some("$count"),
            Filter::Not(_) => Some("not"),
            _ => None,
        })
    }

    /// Every node of the tree, parents before children and left before right, without
    /// recursion (the order the text reads in).
    pub fn nodes(&self) -> impl Iterator<Item = &Filter> + '_ {
        let mut stack = vec![self];
        std::iter::from_fn(move || {
            let f = stack.pop()?;
            match f {
                Filter::Not(a) => stack.push(a),
                Filter::And(a, b) | Filter::Or(a, b) => {
                    stack.push(b);
                    stack.push(a);
                }
                _ => {}
            }
            Some(f)
        })
    }

    /// Holds a tree built in code (from chips, say) to the limits [`crate::query::parse_filter`]
    /// holds text to: at most [`MAX_FILTER_TERMS`] comparisons, [`MAX_IN_VALUES`] values in
    /// an `in`, and a depth of [`MAX_FILTER_TREE_DEPTH`]; with Graph's errors for them. A
    /// parsed filter always passes. Walks the tree without recursion, so it is safe on any
    /// tree; [`Filter::matches`] is recursive and runs only on trees that passed.
    pub fn check_limits(&self) -> Result<(), GraphError> {
        let mut terms = 0usize;
        let mut stack = vec![(self, 1usize)];
        while let Some((f, depth)) = stack.pop() {
            if depth > MAX_FILTER_TREE_DEPTH {
                return Err(filter_too_deep());
            }
            match f {
                Filter::Not(a) => stack.push((a, depth + 1)),
                Filter::And(a, b) | Filter::Or(a, b) => {
                    stack.push((b, depth + 1));
                    stack.push((a, depth + 1));
                }
                leaf => {
                    terms += 1;
                    if terms > MAX_FILTER_TERMS {
                        return Err(filter_too_many_terms());
                    }
                    if let Filter::In(_, vs) = leaf {
                        if vs.len() > MAX_IN_VALUES {
                            return Err(in_too_many_values(vs.len()));
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// Whether `user` matches. Text comparisons ignore case, as Graph's do.
    ///
    /// Recursive (this is the hot loop of a 100,000-user scan), so only for trees within
    /// [`Filter::check_limits`], as every parsed filter is; `Tenant::list_users` checks.
    pub fn matches(&self, user: &User) -> bool {
        match self {
            Filter::Compare(p, cmp, v) => {
                let eq = value_eq(*p, user, v);
                match cmp {
                    Cmp::Eq => eq,
                    Cmp::Ne => !eq,
                }
            }
            Filter::In(p, vs) => vs.iter().any(|v| value_eq(*p, user, v)),
            Filter::StartsWith(p, s) => p.text(user).is_some_and(|t| starts_with_ci(t, s)),
            Filter::EndsWith(p, s) => p.text(user).is_some_and(|t| ends_with_ci(t, s)),
            Filter::HasLicense(sku) => user.holds(*sku),
            Filter::LicenseCount(cmp, n) => {
                let eq = user.assigned_licenses.len() == *n as usize;
                match cmp {
                    Cmp::Eq => eq,
                    Cmp::Ne => !eq,
                }
            }
            Filter::Not(f) => !f.matches(user),
            Filter::And(a, b) => a.matches(user) && b.matches(user),
            Filter::Or(a, b) => a.matches(user) || b.matches(user),
        }
    }

    /// [`Filter::matches`] for user `i`, answering from the list index where it can so that
    /// most users are decided without touching their (large, scattered) records.
    pub(crate) fn matches_indexed(&self, f: &Facets, i: usize, user: &User) -> bool {
        if let Some(hit) = self.leaf_by_flags(f.flags(i)) {
            return hit;
        }
        match self {
            Filter::StartsWith(Prop::DisplayName, s) => starts_with_ci(f.name(i), s),
            Filter::StartsWith(Prop::Mail, s) => starts_with_ci(f.mail(i), s) && user.mail.is_some(),
            Filter::StartsWith(Prop::UserPrincipalName, s) => starts_with_ci(f.upn(i), s),
            Filter::Not(a) => !a.matches_indexed(f, i, user),
            Filter::And(a, b) => a.matches_indexed(f, i, user) && b.matches_indexed(f, i, user),
            Filter::Or(a, b) => a.matches_indexed(f, i, user) || b.matches_indexed(f, i, user),
            _ => self.matches(user),
        }
    }

    /// The answer of a leaf the index's flags byte decides (`userType` Guest or Member,
    /// `accountEnabled`) for a user whose flags are `flags`; `None` for any other node.
    fn leaf_by_flags(&self, flags: u8) -> Option<bool> {
        let flag = |bit: u8| flags & bit != 0;
        match self {
            Filter::Compare(Prop::UserType, cmp, Value::Str(s))
                if s.eq_ignore_ascii_case("Guest") || s.eq_ignore_ascii_case("Member") =>
            {
                let hit = flag(if s.eq_ignore_ascii_case("Guest") { GUEST } else { MEMBER });
                Some(hit == (*cmp == Cmp::Eq))
            }
            Filter::Compare(Prop::AccountEnabled, cmp, Value::Bool(b)) => {
                Some(flag(if *b { ENABLED } else { DISABLED }) == (*cmp == Cmp::Eq))
            }
            _ => None,
        }
    }

    /// The answer for a user whose flags byte is `flags`, when the flags alone decide it:
    /// [`Filter::leaf_by_flags`]'s leaves under `not`, `and` and `or`, and no other. `None`
    /// when any leaf needs more than the flags. Recursive, like `matches`, on checked trees
    /// only.
    fn by_flags(&self, flags: u8) -> Option<bool> {
        match self {
            Filter::Not(a) => a.by_flags(flags).map(|hit| !hit),
            Filter::And(a, b) => {
                let (a, b) = (a.by_flags(flags)?, b.by_flags(flags)?);
                Some(a && b)
            }
            Filter::Or(a, b) => {
                let (a, b) = (a.by_flags(flags)?, b.by_flags(flags)?);
                Some(a || b)
            }
            leaf => leaf.leaf_by_flags(flags),
        }
    }

    /// This filter as a table over the flags byte, when the flags alone decide it: the
    /// common views (guests, members, sign-in blocked) then cost a byte per user to list
    /// and nothing to count (see [`crate::index::Facets::count`]).
    pub(crate) fn flag_table(&self) -> Option<FlagTable> {
        self.by_flags(0)?;
        Some(flag_table(|flags| self.by_flags(flags).unwrap_or(false)))
    }

    /// The `$filter` text; [`crate::query::parse_filter`] reads it back to an equal value.
    /// Written from an explicit stack, so a tree of any depth renders.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let mut work = vec![Piece::Node(self)];
        while let Some(piece) = work.pop() {
            let f = match piece {
                Piece::Text(s) => {
                    out.push_str(s);
                    continue;
                }
                Piece::Node(f) => f,
            };
            // Pieces are pushed in reverse: the last pushed is written first.
            match f {
                Filter::Compare(p, c, v) => {
                    let _ = write!(out, "{} {} ", p.name(), c.as_str());
                    write_value(&mut out, v);
                }
                Filter::In(p, vs) => {
                    let _ = write!(out, "{} in (", p.name());
                    for (i, v) in vs.iter().enumerate() {
                        if i > 0 {
                            out.push(',');
                        }
                        write_value(&mut out, v);
                    }
                    out.push(')');
                }
                Filter::StartsWith(p, s) => {
                    let _ = write!(out, "startsWith({},", p.name());
                    write_str(&mut out, s);
                    out.push(')');
                }
                Filter::EndsWith(p, s) => {
                    let _ = write!(out, "endsWith({},", p.name());
                    write_str(&mut out, s);
                    out.push(')');
                }
                Filter::HasLicense(sku) => {
                    let _ = write!(out, "assignedLicenses/any(x:x/skuId eq {sku})");
                }
                Filter::LicenseCount(c, n) => {
                    let _ = write!(out, "assignedLicenses/$count {} {n}", c.as_str());
                }
                Filter::Not(a) => {
                    out.push_str("not(");
                    work.push(Piece::Text(")"));
                    work.push(Piece::Node(a));
                }
                Filter::And(a, b) => {
                    operand(&mut work, b, matches!(**b, Filter::Or(..) | Filter::And(..)));
                    work.push(Piece::Text(" and "));
                    operand(&mut work, a, matches!(**a, Filter::Or(..)));
                }
                Filter::Or(a, b) => {
                    operand(&mut work, b, matches!(**b, Filter::Or(..)));
                    work.push(Piece::Text(" or "));
                    operand(&mut work, a, false);
                }
            }
        }
        out
    }

    fn is_branch(&self) -> bool {
        matches!(self, Filter::Not(_) | Filter::And(..) | Filter::Or(..))
    }
}

impl Filter {
    /// A copy of a comparison; `None` for `not`, `and`, `or`.
    fn clone_leaf(&self) -> Option<Filter> {
        Some(match self {
            Filter::Compare(p, c, v) => Filter::Compare(*p, *c, v.clone()),
            Filter::In(p, vs) => Filter::In(*p, vs.clone()),
            Filter::StartsWith(p, s) => Filter::StartsWith(*p, s.clone()),
            Filter::EndsWith(p, s) => Filter::EndsWith(*p, s.clone()),
            Filter::HasLicense(sku) => Filter::HasLicense(*sku),
            Filter::LicenseCount(c, n) => Filter::LicenseCount(*c, *n),
            Filter::Not(_) | Filter::And(..) | Filter::Or(..) => return None,
        })
    }

    /// Equal as single nodes: the same operator, or the same comparison.
    fn same_node(&self, other: &Filter) -> bool {
        match (self, other) {
            (Filter::Not(_), Filter::Not(_))
            | (Filter::And(..), Filter::And(..))
            | (Filter::Or(..), Filter::Or(..)) => true,
            (a, b) => a.is_leaf_eq(b),
        }
    }

    fn is_leaf_eq(&self, other: &Filter) -> bool {
        match (self, other) {
            (Filter::Compare(p, c, v), Filter::Compare(q, d, w)) => p == q && c == d && v == w,
            (Filter::In(p, v), Filter::In(q, w)) => p == q && v == w,
            (Filter::StartsWith(p, v), Filter::StartsWith(q, w)) | (Filter::EndsWith(p, v), Filter::EndsWith(q, w)) => {
                p == q && v == w
            }
            (Filter::HasLicense(a), Filter::HasLicense(b)) => a == b,
            (Filter::LicenseCount(c, n), Filter::LicenseCount(d, m)) => c == d && n == m,
            _ => false,
        }
    }
}

/// What a branch holds while [`Filter`]'s `Drop` takes the tree apart (and what the
/// never-taken fallbacks of `Clone` give): a comparison, which holds nothing to drop.
const PLACEHOLDER: Filter = Filter::LicenseCount(Cmp::Eq, 0);

impl Clone for Filter {
    fn clone(&self) -> Self {
        enum Step<'a> {
            Visit(&'a Filter),
            Build(&'a Filter),
        }
        let mut work = vec![Step::Visit(self)];
        let mut built: Vec<Filter> = Vec::new();
        while let Some(step) = work.pop() {
            match step {
                Step::Visit(f) => match f {
                    Filter::Not(a) => {
                        work.push(Step::Build(f));
                        work.push(Step::Visit(a));
                    }
                    Filter::And(a, b) | Filter::Or(a, b) => {
                        work.push(Step::Build(f));
                        work.push(Step::Visit(b));
                        work.push(Step::Visit(a));
                    }
                    leaf => built.extend(leaf.clone_leaf()),
                },
                Step::Build(f) => {
                    // The operands were built just before: the right one last.
                    let b = built.pop().unwrap_or(PLACEHOLDER);
                    let node = match f {
                        Filter::Not(_) => b.negate(),
                        Filter::And(..) => built.pop().unwrap_or(PLACEHOLDER).and(b),
                        _ => built.pop().unwrap_or(PLACEHOLDER).or(b),
                    };
                    built.push(node);
                }
            }
        }
        built.pop().unwrap_or(PLACEHOLDER)
    }
}

/// Two trees are equal when their nodes, read parents first, are: each operator has a
/// fixed number of operands, so that sequence is the tree.
impl PartialEq for Filter {
    fn eq(&self, other: &Filter) -> bool {
        let (mut a, mut b) = (self.nodes(), other.nodes());
        loop {
            match (a.next(), b.next()) {
                (None, None) => return true,
                (Some(x), Some(y)) if x.same_node(y) => {}
                _ => return false,
            }
        }
    }
}

impl Eq for Filter {}

impl std::hash::Hash for Filter {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        for f in self.nodes() {
            std::mem::discriminant(f).hash(state);
            match f {
                Filter::Compare(p, c, v) => (p, c, v).hash(state),
                Filter::In(p, vs) => (p, vs).hash(state),
                Filter::StartsWith(p, s) | Filter::EndsWith(p, s) => (p, s).hash(state),
                Filter::HasLicense(sku) => sku.hash(state),
                Filter::LicenseCount(c, n) => (c, n).hash(state),
                Filter::Not(_) | Filter::And(..) | Filter::Or(..) => {}
            }
        }
    }
}

/// Dropping a tree takes its branches apart on a heap stack instead of recursing, so even a
/// tree built in code with no limit (`Filter::all` over a million chips) drops safely.
impl Drop for Filter {
    fn drop(&mut self) {
        fn take(f: &mut Filter, out: &mut Vec<Filter>) {
            let mut one = |c: &mut Box<Filter>| {
                if c.is_branch() {
                    out.push(std::mem::replace(&mut **c, PLACEHOLDER));
                }
            };
            match f {
                Filter::Not(a) => one(a),
                Filter::And(a, b) | Filter::Or(a, b) => {
                    one(a);
                    one(b);
                }
                _ => {}
            }
        }
        let mut stack = Vec::new();
        take(self, &mut stack);
        while let Some(mut f) = stack.pop() {
            take(&mut f, &mut stack);
        }
    }
}

/// Pushes an operand of `and`/`or` for [`Filter::render`], in parentheses when `parens`.
fn operand<'a>(work: &mut Vec<Piece<'a>>, f: &'a Filter, parens: bool) {
    if parens {
        work.push(Piece::Text(")"));
        work.push(Piece::Node(f));
        work.push(Piece::Text("("));
    } else {
        work.push(Piece::Node(f));
    }
}

/// What [`Filter::render`] has left to write.
enum Piece<'a> {
    Node(&'a Filter),
    Text(&'static str),
}

fn write_str(out: &mut String, s: &str) {
    out.push('\'');
    out.push_str(&s.replace('\'', "''"));
    out.push('\'');
}

fn write_value(out: &mut String, v: &Value) {
    match v {
        Value::Str(s) => write_str(out, s),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Null => out.push_str("null"),
        Value::Guid(g) => {
            let _ = write!(out, "{g}");
        }
    }
}

fn value_eq(p: Prop, user: &User, v: &Value) -> bool {
    match v {
        Value::Null => {
            if p.is_bool() {
                p.flag(user).is_none()
            } else {
                p.text(user).is_none()
            }
        }
        Value::Bool(b) => p.flag(user) == Some(*b),
        Value::Guid(g) => p == Prop::Id && user.id == *g,
        Value::Str(s) => {
            if p == Prop::Id {
                return user.id.to_string().eq_ignore_ascii_case(s);
            }
            p.text(user).is_some_and(|t| eq_ci(t, s))
        }
    }
}

/// Case-insensitive equality without allocating (the hot path of a 100,000-user scan).
pub(crate) fn eq_ci(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return a.eq_ignore_ascii_case(b);
    }
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

/// Case-insensitive prefix test without allocating.
pub(crate) fn starts_with_ci(hay: &str, needle: &str) -> bool {
    if hay.is_ascii() && needle.is_ascii() {
        return hay.len() >= needle.len() && hay.as_bytes()[..needle.len()].eq_ignore_ascii_case(needle.as_bytes());
    }
    let mut h = hay.chars().flat_map(char::to_lowercase);
    needle.chars().flat_map(char::to_lowercase).all(|c| h.next() == Some(c))
}

fn ends_with_ci(hay: &str, needle: &str) -> bool {
    let h: Vec<char> = hay.chars().flat_map(char::to_lowercase).collect();
    let n: Vec<char> = needle.chars().flat_map(char::to_lowercase).collect();
    h.ends_with(&n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use crate::query::parse_filter;

    fn guest() -> Filter {
        Filter::eq(Prop::UserType, "Guest")
    }

    /// Far deeper than a recursive walk survives on a 2 MB test thread.
    const HUGE: usize = 1_000_000;

    #[test]
    fn a_tree_built_in_code_of_any_depth_drops_renders_and_is_refused_without_recursion() {
        let deep_not = (0..HUGE).fold(guest(), |f, _| f.negate());
        let copy = deep_not.clone();
        assert!(copy == deep_not);
        assert!(copy != deep_not.clone().negate());
        let hash = |f: &Filter| {
            use std::hash::{BuildHasher, BuildHasherDefault};
            BuildHasherDefault::<std::collections::hash_map::DefaultHasher>::default().hash_one(f)
        };
        assert_eq!(hash(&copy), hash(&deep_not));
        drop(copy);
        let e = deep_not.check_limits().unwrap_err();
        assert_eq!(e.code, ErrorCode::UnsupportedQuery);
        assert!(deep_not.render().starts_with("not(not("));
        assert_eq!(deep_not.advanced_operator(), Some("not"));
        assert_eq!(deep_not.nodes().count(), HUGE + 1);
        drop(deep_not);

        let chain = Filter::all((0..HUGE).map(|_| guest())).unwrap();
        assert_eq!(chain.check_limits().unwrap_err().code, ErrorCode::UnsupportedQuery);
        let wide = Filter::all((0..MAX_FILTER_TERMS + 1).map(|_| guest())).unwrap();
        assert!(wide.check_limits().unwrap_err().message.contains("too many clauses"));
        assert_eq!(chain.advanced_operator(), None);
        drop(chain);

        let right = (0..HUGE).fold(guest(), |f, _| guest().or(f));
        assert!(right.check_limits().is_err());
        drop(right);
    }

    #[test]
    fn check_limits_passes_every_filter_the_parser_builds() {
        let g = "userType eq 'Guest'";
        let deepest = format!("{}{g}{}", "not(".repeat(16), ")".repeat(16));
        let widest = vec![format!("(not {g})"); MAX_FILTER_TERMS].join(" or ");
        for text in [deepest, widest] {
            let f = parse_filter(&text).unwrap();
            assert_eq!(f.check_limits(), Ok(()), "{text}");
            assert_eq!(parse_filter(&f.render()), Ok(f));
        }
        let values = vec![Value::Str("x".into()); MAX_IN_VALUES + 1];
        let e = Filter::In(Prop::Department, values).check_limits().unwrap_err();
        assert!(e.message.contains("Max allowed: 15"), "{}", e.message);
    }

    #[test]
    fn nodes_read_in_text_order() {
        let f = parse_filter("not(userType eq 'Guest') or endsWith(mail,'@x.com') and department ne 'a'").unwrap();
        assert_eq!(f.advanced_operator(), Some("not"));
        let f = parse_filter("endsWith(mail,'@x.com') and department ne 'a'").unwrap();
        assert_eq!(f.advanced_operator(), Some("endsWith"));
        let f = parse_filter("department eq 'a' or department ne 'a'").unwrap();
        assert_eq!(f.advanced_operator(), Some("ne"));
    }
}
