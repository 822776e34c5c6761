use std::fmt::Write;

use uuid::Uuid;

use crate::index::{Facets, DISABLED, ENABLED, GUEST, MEMBER};
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
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
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
    /// and the operator that makes it so.
    pub fn advanced_operator(&self) -> Option<&'static str> {
        match self {
            Filter::Compare(_, Cmp::Ne, _) => Some("ne"),
            Filter::EndsWith(..) => Some("endsWith"),
            Filter::LicenseCount(..) => Some("$count"),
            Filter::Not(_) => Some("not"),
            Filter::And(a, b) | Filter::Or(a, b) => a.advanced_operator().or_else(|| b.advanced_operator()),
            Filter::Compare(..) | Filter::In(..) | Filter::StartsWith(..) | Filter::HasLicense(_) => None,
        }
    }

    /// Whether `user` matches. Text comparisons ignore case, as Graph's do.
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
        let flag = |bit: u8| f.flags(i) & bit != 0;
        match self {
            Filter::Compare(Prop::UserType, cmp, Value::Str(s))
                if s.eq_ignore_ascii_case("Guest") || s.eq_ignore_ascii_case("Member") =>
            {
                let hit = flag(if s.eq_ignore_ascii_case("Guest") { GUEST } else { MEMBER });
                hit == (*cmp == Cmp::Eq)
            }
            Filter::Compare(Prop::AccountEnabled, cmp, Value::Bool(b)) => {
                flag(if *b { ENABLED } else { DISABLED }) == (*cmp == Cmp::Eq)
            }
            Filter::StartsWith(Prop::DisplayName, s) => starts_with_ci(f.name(i), s),
            Filter::StartsWith(Prop::Mail, s) => starts_with_ci(f.mail(i), s) && user.mail.is_some(),
            Filter::StartsWith(Prop::UserPrincipalName, s) => starts_with_ci(f.upn(i), s),
            Filter::Not(a) => !a.matches_indexed(f, i, user),
            Filter::And(a, b) => a.matches_indexed(f, i, user) && b.matches_indexed(f, i, user),
            Filter::Or(a, b) => a.matches_indexed(f, i, user) || b.matches_indexed(f, i, user),
            _ => self.matches(user),
        }
    }

    /// The `$filter` text; [`crate::query::parse_filter`] reads it back to an equal value.
    pub fn render(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match self {
            Filter::Compare(p, c, v) => {
                let _ = write!(out, "{} {} ", p.name(), c.as_str());
                write_value(out, v);
            }
            Filter::In(p, vs) => {
                let _ = write!(out, "{} in (", p.name());
                for (i, v) in vs.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_value(out, v);
                }
                out.push(')');
            }
            Filter::StartsWith(p, s) => {
                let _ = write!(out, "startsWith({},", p.name());
                write_value(out, &Value::Str(s.clone()));
                out.push(')');
            }
            Filter::EndsWith(p, s) => {
                let _ = write!(out, "endsWith({},", p.name());
                write_value(out, &Value::Str(s.clone()));
                out.push(')');
            }
            Filter::HasLicense(sku) => {
                let _ = write!(out, "assignedLicenses/any(x:x/skuId eq {sku})");
            }
            Filter::LicenseCount(c, n) => {
                let _ = write!(out, "assignedLicenses/$count {} {n}", c.as_str());
            }
            Filter::Not(f) => {
                out.push_str("not(");
                f.write(out);
                out.push(')');
            }
            Filter::And(a, b) => {
                write_operand(out, a, matches!(**a, Filter::Or(..)));
                out.push_str(" and ");
                write_operand(out, b, matches!(**b, Filter::Or(..) | Filter::And(..)));
            }
            Filter::Or(a, b) => {
                a.write(out);
                out.push_str(" or ");
                write_operand(out, b, matches!(**b, Filter::Or(..)));
            }
        }
    }
}

fn write_operand(out: &mut String, f: &Filter, parens: bool) {
    if parens {
        out.push('(');
        f.write(out);
        out.push(')');
    } else {
        f.write(out);
    }
}

fn write_value(out: &mut String, v: &Value) {
    match v {
        Value::Str(s) => {
            out.push('\'');
            out.push_str(&s.replace('\'', "''"));
            out.push('\'');
        }
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
