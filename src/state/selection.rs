//! The users selected by their circles, with the rows the grid read for them, so a bulk
//! change plans on what is on screen instead of reading every user again.

use std::collections::HashMap;

use tenant::model::User;
use uuid::Uuid;

/// Selected users by id, each with its latest row.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Selection(HashMap<Uuid, User>);

impl Selection {
    /// Selects `user`, or unselects them when selected.
    pub fn toggle(&mut self, user: &User) {
        if self.0.remove(&user.id).is_none() {
            self.0.insert(user.id, user.clone());
        }
    }

    /// Selects every one of `users` (keeping their newest rows).
    pub fn add_all(&mut self, users: impl IntoIterator<Item = User>) {
        self.0.extend(users.into_iter().map(|u| (u.id, u)));
    }

    /// Unselects every one of `ids`.
    pub fn remove_all<'a>(&mut self, ids: impl IntoIterator<Item = &'a Uuid>) {
        for id in ids {
            self.0.remove(id);
        }
    }

    /// Takes newer rows of selected users (the grid reloaded after a change), so a plan
    /// never starts from licences the user no longer has.
    pub fn refresh(&mut self, rows: &[User]) {
        for r in rows {
            if let Some(u) = self.0.get_mut(&r.id) {
                if u != r {
                    *u = r.clone();
                }
            }
        }
    }

    /// Whether `id` is selected.
    pub fn contains(&self, id: &Uuid) -> bool {
        self.0.contains_key(id)
    }

    /// How many are selected.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether none is.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The selected users sorted by name, as the dialogs list them.
    pub fn users(&self) -> Vec<User> {
        let mut users: Vec<User> = self.0.values().cloned().collect();
        users.sort_by(|a, b| a.name().cmp(b.name()).then(a.id.cmp(&b.id)));
        users
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(n: u128, name: &str) -> User {
        User {
            id: Uuid::from_u128(n),
            display_name: Some(name.to_owned()),
            ..User::default()
        }
    }

    #[test]
    fn toggling_twice_unselects_and_same_names_stay_apart() {
        let mut s = Selection::default();
        let (a, b) = (user(1, "Alex Wilber"), user(2, "Alex Wilber"));
        s.toggle(&a);
        s.toggle(&b);
        assert_eq!(s.len(), 2, "two users of one name are two users");
        s.toggle(&a);
        assert!(!s.contains(&a.id) && s.contains(&b.id));
    }

    #[test]
    fn refresh_takes_newer_rows_of_selected_users_only() {
        let mut s = Selection::default();
        s.add_all([user(1, "Ana"), user(2, "Bo")]);
        let mut newer = user(1, "Ana");
        newer.usage_location = Some("NL".into());
        s.refresh(&[newer.clone(), user(3, "Cy")]);
        assert_eq!(s.users()[0], newer);
        assert!(!s.contains(&Uuid::from_u128(3)));
        assert_eq!(s.users().iter().map(|u| u.name()).collect::<Vec<_>>(), ["Ana", "Bo"]);
    }
}
