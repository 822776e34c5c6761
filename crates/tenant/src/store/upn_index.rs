//! Users by user principal name, matched without regard to case as Graph matches them.
//!
//! A map keyed by a lowercase copy of every name cost one allocation and one copy per user:
//! at 100,000 users, a tenth of building the tenant in the browser. This index keeps only
//! the users' positions and hashes and compares the names in place.

use std::hash::{BuildHasher, Hasher, RandomState};

use hashbrown::HashTable;

use crate::model::User;

/// Positions of users in the tenant's list, found by user principal name in any case.
#[derive(Debug, Clone, Default)]
pub(crate) struct UpnIndex {
    table: HashTable<usize>,
    state: RandomState,
}

impl UpnIndex {
    /// The index of `users`; of two with the same name, the first is found.
    pub(crate) fn build(users: &[User]) -> UpnIndex {
        let mut index = UpnIndex::default();
        index.reserve(users, users.len());
        for i in 0..users.len() {
            let unique = index.insert(users, i);
            debug_assert!(unique, "two users named {}", users[i].user_principal_name);
        }
        index
    }

    /// Makes room for `n` more users.
    pub(crate) fn reserve(&mut self, users: &[User], n: usize) {
        let state = &self.state;
        self.table.reserve(n, |&i| hash(state, &users[i].user_principal_name));
    }

    /// Indexes `users[idx]`, and says so. A name is one user's: when a user with the same
    /// name in any case is indexed already, the insert is refused (`false`) and the index
    /// still finds that user; the caller must not keep the newcomer.
    pub(crate) fn insert(&mut self, users: &[User], idx: usize) -> bool {
        let upn = &users[idx].user_principal_name;
        let h = hash(&self.state, upn);
        if self
            .table
            .find(h, |&i| same_name(&users[i].user_principal_name, upn))
            .is_some()
        {
            return false;
        }
        let state = &self.state;
        self.table
            .insert_unique(h, idx, |&i| hash(state, &users[i].user_principal_name));
        true
    }

    /// The position of the user called `upn`, in any case.
    pub(crate) fn get(&self, users: &[User], upn: &str) -> Option<usize> {
        self.table
            .find(hash(&self.state, upn), |&i| {
                same_name(&users[i].user_principal_name, upn)
            })
            .copied()
    }

    /// Forgets `users[idx]`; call it before the user leaves the list.
    pub(crate) fn remove(&mut self, users: &[User], idx: usize) {
        let h = hash(&self.state, &users[idx].user_principal_name);
        if let Ok(entry) = self.table.find_entry(h, |&i| i == idx) {
            entry.remove();
        }
    }

    /// Records that the user now at `users[to]` was at `from` (after a swap-remove).
    pub(crate) fn moved(&mut self, users: &[User], from: usize, to: usize) {
        let h = hash(&self.state, &users[to].user_principal_name);
        if let Some(slot) = self.table.find_mut(h, |&i| i == from) {
            *slot = to;
        }
    }
}

/// Hash of the lowercase name, fed in 64-byte chunks of the lowercase bytes, so that two
/// names equal in any case hash alike.
fn hash(state: &RandomState, upn: &str) -> u64 {
    let mut h = state.build_hasher();
    let mut buf = [0u8; 64];
    if upn.is_ascii() {
        for chunk in upn.as_bytes().chunks(buf.len()) {
            let out = &mut buf[..chunk.len()];
            out.copy_from_slice(chunk);
            out.make_ascii_lowercase();
            h.write(out);
        }
    } else {
        let mut n = 0;
        for c in upn.chars().flat_map(char::to_lowercase) {
            let mut tmp = [0u8; 4];
            let bytes = c.encode_utf8(&mut tmp).as_bytes();
            if n + bytes.len() > buf.len() {
                h.write(&buf[..n]);
                n = 0;
            }
            buf[n..n + bytes.len()].copy_from_slice(bytes);
            n += bytes.len();
        }
        if n > 0 {
            h.write(&buf[..n]);
        }
    }
    h.finish()
}

/// Whether two names are equal in any case.
pub(crate) fn same_name(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else {
        a.chars()
            .flat_map(char::to_lowercase)
            .eq(b.chars().flat_map(char::to_lowercase))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn users(upns: &[&str]) -> Vec<User> {
        upns.iter()
            .map(|u| User {
                user_principal_name: (*u).to_owned(),
                ..User::default()
            })
            .collect()
    }

    #[test]
    fn finds_names_in_any_case_and_follows_removals() {
        let long = format!("{}@contoso.com", "a".repeat(70));
        let mut us = users(&[
            "Adele@Contoso.com",
            "müller@contoso.com",
            &long,
            "KELVIN\u{212A}@contoso.com",
        ]);
        let mut index = UpnIndex::default();
        index.reserve(&us, us.len());
        for i in 0..us.len() {
            assert!(index.insert(&us, i));
        }
        assert_eq!(index.get(&us, "adele@contoso.com"), Some(0));
        assert_eq!(index.get(&us, "MÜLLER@CONTOSO.COM"), Some(1));
        assert_eq!(index.get(&us, &long.to_uppercase()), Some(2));
        // The Kelvin sign lowercases to an ASCII k.
        assert_eq!(index.get(&us, "kelvink@contoso.com"), Some(3));
        assert_eq!(index.get(&us, "adele@contoso.co"), None);
        // Remove Adele the way the tenant purges: swap the last user into her place.
        index.remove(&us, 0);
        let last = us.len() - 1;
        us.swap_remove(0);
        index.moved(&us, last, 0);
        assert_eq!(index.get(&us, "adele@contoso.com"), None);
        assert_eq!(index.get(&us, "kelvink@contoso.com"), Some(0));
        assert_eq!(index.get(&us, "müller@contoso.com"), Some(1));
    }

    #[test]
    fn a_name_taken_in_any_case_is_refused_and_keeps_its_user() {
        let us = users(&[
            "a_b_x.com#EXT#@contoso.onmicrosoft.com",
            "A_B_X.COM#ext#@Contoso.onmicrosoft.com",
            "müller@contoso.com",
            "MÜLLER@contoso.com",
            "a_b_x.com1#EXT#@contoso.onmicrosoft.com",
        ]);
        let mut index = UpnIndex::default();
        assert!(index.insert(&us, 0));
        assert!(!index.insert(&us, 1), "the same name in another case");
        assert!(index.insert(&us, 2));
        assert!(!index.insert(&us, 3), "the same non-ASCII name in another case");
        assert!(index.insert(&us, 4), "a numbered name is another name");
        assert!(!index.insert(&us, 0), "a user indexed twice");
        assert_eq!(index.get(&us, "a_b_x.com#EXT#@contoso.onmicrosoft.com"), Some(0));
        assert_eq!(index.get(&us, "müller@contoso.com"), Some(2));
        assert_eq!(index.get(&us, "A_B_X.COM1#EXT#@contoso.onmicrosoft.com"), Some(4));
        // Once the holder is forgotten, the name is free again.
        index.remove(&us, 0);
        assert!(index.insert(&us, 1));
        assert_eq!(index.get(&us, "a_b_x.com#ext#@contoso.onmicrosoft.com"), Some(1));
    }

    proptest::proptest! {
        /// Names equal in any case hash alike, across the 64-byte chunks and with letters
        /// whose lowercase is longer or shorter than they are.
        #[test]
        fn equal_names_hash_alike(a in "[aAkK\u{212A}äÄİ@.]{0,80}", flips in proptest::collection::vec(proptest::bool::ANY, 80)) {
            let state = RandomState::new();
            // The same name with some letters in the other case.
            let b: String = a
                .chars()
                .zip(flips.iter().chain(std::iter::repeat(&false)))
                .flat_map(|(c, &flip)| {
                    let other: Vec<char> = if flip { c.to_uppercase().collect() } else { vec![c] };
                    other
                })
                .collect();
            proptest::prop_assert!(same_name(&a, &b));
            proptest::prop_assert_eq!(hash(&state, &a), hash(&state, &b));
            proptest::prop_assert!(same_name(&a, &a.to_lowercase()));
            proptest::prop_assert_eq!(hash(&state, &a), hash(&state, &a.to_lowercase()));
        }
    }
}
