use crate::i18n::{tr, Key};
use leptos_router::params::ParamsMap;
use tenant::query::{Cmp, Filter, OrderBy, Prop, Search, UserQuery, Value};
use uuid::Uuid;

/// The standard views of the Microsoft 365 admin center's Active users page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum View {
    /// All users.
    #[default]
    All,
    /// Users holding at least one licence.
    Licensed,
    /// Users holding none.
    Unlicensed,
    /// Guests.
    Guests,
    /// Sign-in allowed.
    SignInAllowed,
    /// Sign-in blocked.
    SignInBlocked,
    /// Users whose licences are in error.
    WithErrors,
}

impl View {
    /// Every view, in the admin center's order.
    pub const ALL: [View; 7] = [
        View::All,
        View::Licensed,
        View::Unlicensed,
        View::Guests,
        View::SignInAllowed,
        View::SignInBlocked,
        View::WithErrors,
    ];

    /// The view's name.
    pub fn label(self) -> &'static str {
        tr(match self {
            View::All => Key::AllUsers,
            View::Licensed => Key::LicensedUsers,
            View::Unlicensed => Key::UnlicensedUsers,
            View::Guests => Key::GuestUsers,
            View::SignInAllowed => Key::SignInAllowed,
            View::SignInBlocked => Key::SignInBlocked,
            View::WithErrors => Key::UsersWithErrors,
        })
    }

    /// Its key in the URL.
    pub fn key(self) -> &'static str {
        match self {
            View::All => "all",
            View::Licensed => "licensed",
            View::Unlicensed => "unlicensed",
            View::Guests => "guests",
            View::SignInAllowed => "allowed",
            View::SignInBlocked => "blocked",
            View::WithErrors => "errors",
        }
    }

    /// The view from its key.
    pub fn from_key(key: &str) -> View {
        View::ALL.into_iter().find(|v| v.key() == key).unwrap_or_default()
    }

    /// The Graph filter behind the view (`WithErrors` is answered from groups instead).
    pub fn filter(self) -> Option<Filter> {
        match self {
            View::All | View::WithErrors => None,
            View::Licensed => Some(Filter::LicenseCount(Cmp::Ne, 0)),
            View::Unlicensed => Some(Filter::LicenseCount(Cmp::Eq, 0)),
            View::Guests => Some(Filter::eq(Prop::UserType, "Guest")),
            View::SignInAllowed => Some(Filter::Compare(Prop::AccountEnabled, Cmp::Eq, Value::Bool(true))),
            View::SignInBlocked => Some(Filter::Compare(Prop::AccountEnabled, Cmp::Eq, Value::Bool(false))),
        }
    }
}

/// A field of the Entra admin center's **Add filters** menu ("Pick a field").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// User type.
    UserType,
    /// Account enabled.
    AccountEnabled,
    /// Usage location.
    UsageLocation,
    /// Domain (of the e-mail address).
    Domain,
    /// Department.
    Department,
    /// Assigned product.
    AssignedProduct,
    /// External user state.
    ExternalUserState,
    /// Creation type.
    CreationType,
}

impl Field {
    /// Every field, in the menu's order.
    pub const ALL: [Field; 8] = [
        Field::UserType,
        Field::AccountEnabled,
        Field::UsageLocation,
        Field::Domain,
        Field::Department,
        Field::AssignedProduct,
        Field::ExternalUserState,
        Field::CreationType,
    ];

    /// The field's name in the menu.
    pub fn label(self) -> &'static str {
        tr(match self {
            Field::UserType => Key::UserType,
            Field::AccountEnabled => Key::AccountEnabled,
            Field::UsageLocation => Key::UsageLocation,
            Field::Domain => Key::Domain,
            Field::Department => Key::Department,
            Field::AssignedProduct => Key::AssignedProduct,
            Field::ExternalUserState => Key::ExternalUserState,
            Field::CreationType => Key::CreationType,
        })
    }

    /// Its key in the URL.
    pub fn key(self) -> &'static str {
        match self {
            Field::UserType => "userType",
            Field::AccountEnabled => "accountEnabled",
            Field::UsageLocation => "usageLocation",
            Field::Domain => "domain",
            Field::Department => "department",
            Field::AssignedProduct => "product",
            Field::ExternalUserState => "externalUserState",
            Field::CreationType => "creationType",
        }
    }

    /// The field from its key.
    pub fn from_key(key: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.key() == key)
    }

    /// Fixed choices (value, label); `None` for fields whose values come from the tenant or
    /// are typed.
    pub fn choices(self) -> Option<&'static [(&'static str, Key)]> {
        match self {
            Field::UserType => Some(&[("Member", Key::Member), ("Guest", Key::Guest)]),
            Field::AccountEnabled => Some(&[("true", Key::Yes), ("false", Key::No)]),
            Field::ExternalUserState => Some(&[
                ("PendingAcceptance", Key::PendingAcceptance),
                ("Accepted", Key::Accepted),
            ]),
            Field::CreationType => Some(&[("Invitation", Key::Invitation), ("none", Key::CreationNone)]),
            _ => None,
        }
    }

    /// The Graph filter for `value`; `None` when the value is not valid for the field.
    pub fn filter(self, value: &str) -> Option<Filter> {
        let value = value.trim();
        if value.is_empty() {
            return None;
        }
        Some(match self {
            Field::UserType => Filter::eq(Prop::UserType, value),
            Field::AccountEnabled => Filter::Compare(Prop::AccountEnabled, Cmp::Eq, Value::Bool(value == "true")),
            Field::UsageLocation if value == "none" => Filter::Compare(Prop::UsageLocation, Cmp::Eq, Value::Null),
            Field::UsageLocation => Filter::eq(Prop::UsageLocation, value.to_uppercase()),
            Field::Domain => Filter::EndsWith(Prop::Mail, format!("@{}", value.trim_start_matches('@'))),
            Field::Department => Filter::eq(Prop::Department, value),
            Field::AssignedProduct => Filter::HasLicense(Uuid::parse_str(value).ok()?),
            Field::ExternalUserState => Filter::eq(Prop::ExternalUserState, value),
            Field::CreationType if value == "none" => Filter::Compare(Prop::CreationType, Cmp::Eq, Value::Null),
            Field::CreationType => Filter::eq(Prop::CreationType, value),
        })
    }
}

/// Most filter chips a list URL keeps: a crafted link with more gets the first 20 (the
/// Entra menu has 8 fields, so a real view never needs that many), and the Graph filter
/// built from them stays far within the engine's limits (`tenant::query::limits`).
pub const MAX_CHIPS: usize = 20;

/// Longest chip value, search text or user id a list URL keeps, in characters: a longer
/// chip is dropped, a longer search or user is cut. (Graph's longest user property in
/// a filter, `displayName`, is 256 characters.)
pub const MAX_URL_VALUE: usize = 256;

/// `s` cut to [`MAX_URL_VALUE`] characters.
fn capped(s: &str) -> String {
    s.chars().take(MAX_URL_VALUE).collect()
}

/// One filter chip: a field and its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chip {
    /// The field.
    pub field: Field,
    /// The value, as the URL holds it.
    pub value: String,
}

/// A users list's state as the URL holds it: a link reopens the same view, and back and
/// forward move between views.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ListUrl {
    /// The standard view (Active users).
    pub view: View,
    /// Filter chips (All users), combined with AND.
    pub chips: Vec<Chip>,
    /// The search box.
    pub search: String,
    /// Sort column.
    pub sort: Option<OrderBy>,
    /// The user whose panel is open.
    pub user: Option<String>,
}

impl ListUrl {
    /// Reads the state from the query string: at most [`MAX_CHIPS`] chips, values of at most
    /// [`MAX_URL_VALUE`] characters.
    pub fn from_params(p: &ParamsMap) -> ListUrl {
        Self::read(|k| p.get(k), p.get_all("f").unwrap_or_default())
    }

    /// [`ListUrl::from_params`] from a getter of single values and the `f` values.
    fn read(get: impl Fn(&str) -> Option<String>, chips: Vec<String>) -> ListUrl {
        let chips = chips
            .iter()
            .filter_map(|c| {
                let (k, v) = c.split_once(':')?;
                if v.chars().count() > MAX_URL_VALUE {
                    return None;
                }
                Some(Chip {
                    field: Field::from_key(k)?,
                    value: v.to_owned(),
                })
            })
            .take(MAX_CHIPS)
            .collect();
        let sort = get("sort").and_then(|s| {
            let prop = match s.as_str() {
                "displayName" => Prop::DisplayName,
                "userPrincipalName" => Prop::UserPrincipalName,
                _ => return None,
            };
            Some(OrderBy {
                prop,
                desc: get("desc").as_deref() == Some("1"),
            })
        });
        ListUrl {
            view: get("view").map(|v| View::from_key(&v)).unwrap_or_default(),
            chips,
            search: capped(&get("q").unwrap_or_default()),
            sort,
            user: get("user").filter(|u| !u.is_empty()).map(|u| capped(&u)),
        }
    }

    /// The query string (with `?`, or empty).
    pub fn to_query(&self) -> String {
        let mut parts = Vec::new();
        if self.view != View::All {
            parts.push(format!("view={}", self.view.key()));
        }
        for c in &self.chips {
            parts.push(format!(
                "f={}",
                tenant::query::encode(&format!("{}:{}", c.field.key(), c.value))
            ));
        }
        if !self.search.is_empty() {
            parts.push(format!("q={}", tenant::query::encode(&self.search)));
        }
        if let Some(s) = self.sort {
            parts.push(format!("sort={}", s.prop.name()));
            if s.desc {
                parts.push("desc=1".into());
            }
        }
        if let Some(u) = &self.user {
            parts.push(format!("user={}", tenant::query::encode(u)));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        }
    }

    /// The Graph query for the list: the view's filter and the chips' filters joined with
    /// AND, the search box as `$search`, a count, and the columns' properties. Held to
    /// [`MAX_CHIPS`] chips here too, for a `ListUrl` built in code.
    pub fn user_query(&self, select: &str, top: u32) -> UserQuery {
        let filters = self.view.filter().into_iter().chain(
            self.chips
                .iter()
                .take(MAX_CHIPS)
                .filter_map(|c| c.field.filter(&c.value)),
        );
        UserQuery {
            filter: Filter::all(filters),
            search: Some(self.search.replace('"', ""))
                .filter(|s| !s.trim().is_empty())
                .map(|s| Search::anywhere(s.trim())),
            select: select.split(',').map(str::to_owned).collect(),
            order_by: self.sort,
            top: Some(top),
            count: true,
            skip_token: None,
        }
    }

    /// The same state with another user panel (or none).
    pub fn with_user(&self, user: Option<String>) -> ListUrl {
        ListUrl { user, ..self.clone() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `ParamsMap` decodes through JavaScript, so the tests read plain pairs.
    fn params(pairs: &[(&str, String)]) -> ListUrl {
        let get = |k: &str| pairs.iter().rev().find(|(key, _)| *key == k).map(|(_, v)| v.clone());
        let chips = pairs
            .iter()
            .filter(|(k, _)| *k == "f")
            .map(|(_, v)| v.clone())
            .collect();
        ListUrl::read(get, chips)
    }

    #[test]
    fn a_crafted_link_cannot_build_a_huge_filter() {
        let mut pairs: Vec<(&str, String)> = (0..1000).map(|i| ("f", format!("department:D{i}"))).collect();
        pairs.push(("f", format!("department:{}", "x".repeat(MAX_URL_VALUE + 1))));
        pairs.push(("q", "é".repeat(10_000)));
        pairs.push(("user", "u".repeat(10_000)));
        let url = params(&pairs);
        assert_eq!(url.chips.len(), MAX_CHIPS);
        assert_eq!(url.search.chars().count(), MAX_URL_VALUE);
        assert_eq!(url.user.as_deref().map(str::len), Some(MAX_URL_VALUE));
        let q = url.user_query("id", 100);
        let filter = q.filter.expect("chips make a filter");
        assert_eq!(filter.check_limits(), Ok(()));
        assert!(tenant::query::parse_filter(&filter.render()).is_ok());
    }

    #[test]
    fn an_overlong_chip_is_dropped_and_the_others_kept() {
        let url = params(&[
            ("f", format!("department:{}", "x".repeat(MAX_URL_VALUE + 1))),
            ("f", "userType:Guest".to_owned()),
            ("f", format!("department:{}", "é".repeat(MAX_URL_VALUE))),
        ]);
        assert_eq!(url.chips.len(), 2);
        assert_eq!(url.chips[0].field, Field::UserType);
    }
}
