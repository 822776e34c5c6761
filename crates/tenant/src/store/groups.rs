//! Group membership and group lifecycle, with their licensing effects: joining a licensed
//! group runs its licences for the new member, leaving takes them away.

use uuid::Uuid;

use crate::error::GraphError;
use crate::model::User;
use crate::roles::{Action, Actor};
use crate::tenant::Tenant;
use crate::time::Timestamp;

impl Tenant {
    /// The index of a group by id, or Graph's 404.
    pub fn group_index(&self, id: &str) -> Result<usize, GraphError> {
        Uuid::parse_str(id)
            .ok()
            .and_then(|gid| self.groups.iter().position(|g| g.group.id == gid))
            .ok_or_else(|| GraphError::not_found(id))
    }

    /// Live members of a group.
    pub fn group_members(&self, g: usize) -> Vec<&User> {
        self.groups[g]
            .members
            .iter()
            .filter_map(|m| self.index_of(*m))
            .map(|i| &self.users[i])
            .filter(|u| u.deleted_date_time.is_none())
            .collect()
    }

    /// Members whose licences from this group are in error (`membersWithLicenseErrors`).
    pub fn members_with_license_errors(&self, g: usize) -> Vec<&User> {
        let gid = self.groups[g].group.id;
        self.users
            .iter()
            .filter(|u| u.deleted_date_time.is_none())
            .filter(|u| {
                u.license_assignment_states
                    .iter()
                    .any(|s| s.group() == Some(gid) && s.has_error())
            })
            .collect()
    }

    /// `POST /groups/{id}/members/$ref`.
    pub fn add_member(&mut self, actor: &Actor, group_id: &str, user: &str, now: Timestamp) -> Result<(), GraphError> {
        actor.check(Action::ManageGroups)?;
        let g = self.group_index(group_id)?;
        let idx = self.live_user(user)?;
        let uid = self.users[idx].id;
        if self.groups[g].member_set.contains(&uid) {
            return Err(GraphError::bad_request(
                "One or more added object references already exist for the following modified properties: 'members'.",
            ));
        }
        self.groups[g].members.push(uid);
        self.groups[g].member_set.insert(uid);
        self.apply_group_to_member(g, idx, now);
        Ok(())
    }

    /// `DELETE /groups/{id}/members/{userId}/$ref`.
    pub fn remove_member(
        &mut self,
        actor: &Actor,
        group_id: &str,
        user: &str,
        now: Timestamp,
    ) -> Result<(), GraphError> {
        actor.check(Action::ManageGroups)?;
        let g = self.group_index(group_id)?;
        let idx = self.find_user(user).ok_or_else(|| GraphError::not_found(user))?;
        let uid = self.users[idx].id;
        if !self.groups[g].member_set.remove(&uid) {
            return Err(GraphError::not_found(user));
        }
        self.groups[g].members.retain(|m| *m != uid);
        self.apply_group_to_member(g, idx, now);
        Ok(())
    }

    /// `DELETE /groups/{id}`: refused while the group holds licences.
    pub fn delete_group(&mut self, actor: &Actor, group_id: &str) -> Result<(), GraphError> {
        actor.check(Action::ManageGroups)?;
        let g = self.group_index(group_id)?;
        if !self.groups[g].group.assigned_licenses.is_empty() {
            return Err(GraphError::bad_request(
                "The group has licenses assigned and can't be deleted. Remove the group's licenses first, then delete the group.",
            ));
        }
        self.groups.remove(g);
        Ok(())
    }
}
