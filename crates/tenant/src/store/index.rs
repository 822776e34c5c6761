//! A compact, cache-friendly copy of what list filters read most, so that filtering and
//! searching 100,000 users stays within a few milliseconds.
//!
//! The users themselves are large structs whose strings live all over the heap; scanning
//! them means a cache miss per user. This index keeps one byte of flags per user and the
//! lowercased display name, mail and sign-in name of all users in one contiguous string.
//! Built when first needed; a change to one user then mends that user's entry in place
//! (licence changes do not touch it), so a rename or a blocked sign-in does not cost a
//! rebuild of every user (about a second at 1,000,000 users).

use crate::model::User;

pub(crate) const GUEST: u8 = 1;
pub(crate) const MEMBER: u8 = 2;
pub(crate) const ENABLED: u8 = 4;
pub(crate) const DISABLED: u8 = 8;
pub(crate) const DELETED: u8 = 16;
/// How many values the flags byte takes: every combination of the five flags.
pub(crate) const FLAG_VALUES: usize = 32;

/// A filter decided by the flags byte alone, as one answer per value of the byte: the
/// table a scan looks up instead of walking the filter per user.
pub(crate) type FlagTable = [bool; FLAG_VALUES];

/// Flags and lowercased names of every user, by user index.
#[derive(Debug, Clone, Default)]
pub(crate) struct Facets {
    text: String,
    spans: Vec<[u32; 4]>,
    flags: Vec<u8>,
    /// How many users have each value of the flags byte, so that a count decided by the
    /// flags alone adds 32 numbers instead of reading every user.
    tally: [usize; FLAG_VALUES],
    /// Bytes of the text no entry reads any more (names changed since, users purged).
    dead: usize,
}

impl Facets {
    pub(crate) fn build(users: &[User]) -> Facets {
        let mut f = Facets {
            text: String::with_capacity(users.len() * 64),
            spans: Vec::with_capacity(users.len()),
            flags: Vec::with_capacity(users.len()),
            tally: [0; FLAG_VALUES],
            dead: 0,
        };
        for u in users {
            f.push(u);
        }
        f
    }

    /// Adds an entry for `u`, the store's next user.
    pub(crate) fn push(&mut self, u: &User) {
        let span = self.write_names(u);
        self.spans.push(span);
        let flags = flags_of(u);
        self.flags.push(flags);
        self.tally[usize::from(flags)] += 1;
    }

    /// Mends user `i`'s entry after a change to `u`; `renamed` when their display name or
    /// mail changed (the store knows from [`fingerprint`]). New names are written at the
    /// end of the text; the old ones stay behind, unread, until [`Facets::worn`] says a
    /// rebuild would pay.
    pub(crate) fn set(&mut self, i: usize, u: &User, renamed: bool) {
        let Some(old) = self.flags.get(i).copied() else { return };
        let flags = flags_of(u);
        self.tally[usize::from(old)] -= 1;
        self.tally[usize::from(flags)] += 1;
        self.flags[i] = flags;
        if renamed {
            self.dead += span_len(self.spans[i]);
            self.spans[i] = self.write_names(u);
        }
    }

    /// Drops user `i`'s entry the way the store drops the user: the last user takes its
    /// place.
    pub(crate) fn swap_remove(&mut self, i: usize) {
        if i >= self.flags.len() {
            return;
        }
        self.tally[usize::from(self.flags[i])] -= 1;
        self.flags.swap_remove(i);
        self.dead += span_len(self.spans.swap_remove(i));
    }

    /// Whether more than half the text is names no entry reads any more.
    pub(crate) fn worn(&self) -> bool {
        self.dead > (1 << 16) && self.dead * 2 > self.text.len()
    }

    fn write_names(&mut self, u: &User) -> [u32; 4] {
        let mut span = [0u32; 4];
        span[0] = self.text.len() as u32;
        push_lower(&mut self.text, u.display_name.as_deref().unwrap_or(""));
        span[1] = self.text.len() as u32;
        push_lower(&mut self.text, u.mail.as_deref().unwrap_or(""));
        span[2] = self.text.len() as u32;
        push_lower(&mut self.text, &u.user_principal_name);
        span[3] = self.text.len() as u32;
        span
    }

    pub(crate) fn len(&self) -> usize {
        self.flags.len()
    }

    pub(crate) fn flags(&self, i: usize) -> u8 {
        self.flags[i]
    }

    /// How many users `table` keeps, from the tally.
    pub(crate) fn count(&self, table: &FlagTable) -> usize {
        table
            .iter()
            .zip(&self.tally)
            .filter(|(keep, _)| **keep)
            .map(|(_, n)| n)
            .sum()
    }

    /// The indexes of the users `table` keeps, in store order.
    pub(crate) fn kept<'a>(&'a self, table: &'a FlagTable) -> impl Iterator<Item = usize> + 'a {
        self.flags
            .iter()
            .enumerate()
            .filter(|(_, fl)| table[usize::from(**fl) % FLAG_VALUES])
            .map(|(i, _)| i)
    }

    fn part(&self, i: usize, k: usize) -> &str {
        let s = self.spans[i];
        &self.text[s[k] as usize..s[k + 1] as usize]
    }

    /// Lowercased display name.
    pub(crate) fn name(&self, i: usize) -> &str {
        self.part(i, 0)
    }

    /// Lowercased mail.
    pub(crate) fn mail(&self, i: usize) -> &str {
        self.part(i, 1)
    }

    /// Lowercased user principal name.
    pub(crate) fn upn(&self, i: usize) -> &str {
        self.part(i, 2)
    }
}

/// The table of `keep` over every value of the flags byte.
pub(crate) fn flag_table(keep: impl Fn(u8) -> bool) -> FlagTable {
    let mut table = [false; FLAG_VALUES];
    for (value, slot) in table.iter_mut().enumerate() {
        *slot = keep(value as u8);
    }
    table
}

/// The flags byte the index keeps for `u`.
fn flags_of(u: &User) -> u8 {
    let mut flags = 0;
    match u.user_type.as_deref() {
        Some("Guest") => flags |= GUEST,
        Some("Member") => flags |= MEMBER,
        _ => {}
    }
    match u.account_enabled {
        Some(true) => flags |= ENABLED,
        Some(false) => flags |= DISABLED,
        None => {}
    }
    if u.deleted_date_time.is_some() {
        flags |= DELETED;
    }
    flags
}

/// What the index holds of one user, as a fingerprint: the flags byte and a hash of the
/// names it copies (the sign-in name never changes in place). Compared before and after a
/// change to the user, it tells whether their entry must be mended, and their names
/// written again (a licence change needs neither), without copying the names.
pub(crate) fn fingerprint(u: &User) -> (u8, u64) {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    u.display_name.hash(&mut h);
    u.mail.hash(&mut h);
    (flags_of(u), h.finish())
}

fn span_len(span: [u32; 4]) -> usize {
    (span[3] - span[0]) as usize
}

fn push_lower(out: &mut String, s: &str) {
    if s.is_ascii() {
        out.extend(s.bytes().map(|b| b.to_ascii_lowercase() as char));
    } else {
        out.extend(s.chars().flat_map(char::to_lowercase));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(name: &str, guest: bool) -> User {
        User {
            display_name: Some(name.into()),
            user_principal_name: format!("{name}@contoso.com"),
            user_type: Some(if guest { "Guest" } else { "Member" }.into()),
            account_enabled: Some(true),
            ..User::default()
        }
    }

    /// An index mended entry by entry reads as one built afresh, and asks to be rebuilt
    /// once most of its text is names no entry reads.
    #[test]
    fn mended_entries_read_as_a_fresh_build_until_worn() {
        let mut users: Vec<User> = (0..50).map(|i| user(&format!("User{i}"), i % 5 == 0)).collect();
        let mut f = Facets::build(&users);
        users[3].account_enabled = Some(false);
        f.set(3, &users[3], false);
        users[4].display_name = Some("Émile Zola".into());
        f.set(4, &users[4], true);
        users.push(user("Newcomer", true));
        f.push(&users[50]);
        users.swap_remove(10);
        f.swap_remove(10);
        let fresh = Facets::build(&users);
        assert_eq!(f.flags, fresh.flags);
        assert_eq!(f.tally, fresh.tally);
        for i in 0..users.len() {
            assert_eq!(
                (f.name(i), f.mail(i), f.upn(i)),
                (fresh.name(i), fresh.mail(i), fresh.upn(i))
            );
        }
        assert_eq!(f.name(4), "émile zola");
        assert!(!f.worn());
        let long = "x".repeat(1000);
        for k in 0..200 {
            users[0].display_name = Some(format!("{long}{k}"));
            f.set(0, &users[0], true);
        }
        assert!(f.worn(), "200 KB of old names for 1 KB read");
        assert!(!Facets::build(&users).worn());
    }
}
