//! A compact, cache-friendly copy of what list filters read most, so that filtering and
//! searching 100,000 users stays within a few milliseconds.
//!
//! The users themselves are large structs whose strings live all over the heap; scanning
//! them means a cache miss per user. This index keeps one byte of flags per user and the
//! lowercased display name, mail and sign-in name of all users in one contiguous string.
//! It is rebuilt lazily after a change to the indexed properties (licence changes do not
//! touch it).

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
}

impl Facets {
    pub(crate) fn build(users: &[User]) -> Facets {
        let mut f = Facets {
            text: String::with_capacity(users.len() * 64),
            spans: Vec::with_capacity(users.len()),
            flags: Vec::with_capacity(users.len()),
            tally: [0; FLAG_VALUES],
        };
        for u in users {
            let mut span = [0u32; 4];
            span[0] = f.text.len() as u32;
            push_lower(&mut f.text, u.display_name.as_deref().unwrap_or(""));
            span[1] = f.text.len() as u32;
            push_lower(&mut f.text, u.mail.as_deref().unwrap_or(""));
            span[2] = f.text.len() as u32;
            push_lower(&mut f.text, &u.user_principal_name);
            span[3] = f.text.len() as u32;
            f.spans.push(span);
            let flags = flags_of(u);
            f.flags.push(flags);
            f.tally[usize::from(flags)] += 1;
        }
        f
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
/// change to the user, it tells whether the index must be rebuilt (a licence change does
/// not), without copying the names.
pub(crate) fn fingerprint(u: &User) -> (u8, u64) {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    u.display_name.hash(&mut h);
    u.mail.hash(&mut h);
    (flags_of(u), h.finish())
}

fn push_lower(out: &mut String, s: &str) {
    if s.is_ascii() {
        out.extend(s.bytes().map(|b| b.to_ascii_lowercase() as char));
    } else {
        out.extend(s.chars().flat_map(char::to_lowercase));
    }
}
