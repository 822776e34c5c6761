//! Users to CSV, as the admin centers' **Export users** / **Download users** give them.
//!
//! RFC 4180 quoting, and cells that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`
//! first) are prefixed with `'`, so an attacker-chosen display name can't become a formula.

use uuid::Uuid;

use crate::model::User;

/// The columns written, in order.
pub const HEADERS: [&str; 11] = [
    "Display name",
    "User principal name",
    "Email",
    "User type",
    "Invitation state",
    "Usage location",
    "Sign-in status",
    "Licenses",
    "Department",
    "Company",
    "Created",
];

/// The CSV of `users`; `product` names a licence by its product id.
pub fn users_csv(users: &[User], product: impl Fn(Uuid) -> String) -> String {
    let mut out = String::new();
    push_row(&mut out, HEADERS.iter().map(|s| (*s).to_owned()));
    for u in users {
        let licences = u
            .assigned_licenses
            .iter()
            .map(|l| product(l.sku_id))
            .collect::<Vec<_>>()
            .join("+");
        push_row(
            &mut out,
            [
                u.name().to_owned(),
                u.user_principal_name.clone(),
                u.mail.clone().unwrap_or_default(),
                u.user_type.as_deref().unwrap_or_default().to_owned(),
                u.external_user_state.as_deref().unwrap_or_default().to_owned(),
                u.usage_location.as_deref().unwrap_or_default().to_owned(),
                if u.account_enabled == Some(false) {
                    "Blocked"
                } else {
                    "Allowed"
                }
                .to_owned(),
                licences,
                u.department.as_deref().unwrap_or_default().to_owned(),
                u.company_name.as_deref().unwrap_or_default().to_owned(),
                u.created_date_time.as_deref().unwrap_or_default().to_owned(),
            ]
            .into_iter(),
        );
    }
    out
}

/// Appends one CSV row (cells escaped, CRLF ended), for every export the app offers.
pub fn push_row(out: &mut String, cells: impl Iterator<Item = String>) {
    for (i, c) in cells.enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&escape(&c));
    }
    out.push_str("\r\n");
}

/// One CSV cell, quoted when needed and defused when it looks like a formula.
pub fn escape(cell: &str) -> String {
    let cell = if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    };
    if cell.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_defuses() {
        assert_eq!(escape("plain"), "plain");
        assert_eq!(escape("a,b"), "\"a,b\"");
        assert_eq!(escape("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(escape("=cmd()"), "'=cmd()");
        assert_eq!(escape("-1,2"), "\"'-1,2\"");
    }

    #[test]
    fn one_line_per_user() {
        let t = crate::demo::demo_tenant();
        let users: Vec<User> = t.users().filter(|u| u.is_guest()).cloned().collect();
        let csv = users_csv(&users, |id| id.to_string());
        assert_eq!(csv.lines().count(), users.len() + 1);
        assert!(csv.starts_with("Display name,User principal name"));
    }
}
