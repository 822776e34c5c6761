//! Who may do what: the admin roles of the seeds and Graph's permission answer.
//!
//! Rules from Microsoft's docs: License and User Administrators assign licences; Billing
//! Administrators buy but do not assign; Global Readers only read; and (seed 003) assigning
//! a licence to a guest user takes a Global Administrator.

use uuid::{uuid, Uuid};

use crate::error::GraphError;

/// The directory roles an admin can hold here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// Can do everything.
    GlobalAdministrator,
    /// Manages users, groups, invitations and licences.
    UserAdministrator,
    /// Assigns licences and sets usage locations.
    LicenseAdministrator,
    /// Buys and manages subscriptions; reads the directory.
    BillingAdministrator,
    /// Reads everything, changes nothing.
    GlobalReader,
}

/// Something an actor asks to do, as far as roles are concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Invite a guest (`POST /invitations`).
    Invite,
    /// Change a user's properties other than usage location.
    UpdateUser,
    /// Set a user's usage location.
    SetUsageLocation,
    /// Delete, restore or purge a user.
    DeleteUser,
    /// Assign or remove licences on a user; `guest` when the user is a guest.
    AssignLicense {
        /// The target is a guest.
        guest: bool,
    },
    /// Assign or remove licences on a group, or reprocess.
    AssignGroupLicense,
    /// Add or remove group members, delete groups.
    ManageGroups,
}

impl Role {
    /// Every role, most powerful first.
    pub const ALL: [Role; 5] = [
        Role::GlobalAdministrator,
        Role::UserAdministrator,
        Role::LicenseAdministrator,
        Role::BillingAdministrator,
        Role::GlobalReader,
    ];

    /// The role's name in Entra and Graph.
    pub fn display_name(self) -> &'static str {
        match self {
            Role::GlobalAdministrator => "Global Administrator",
            Role::UserAdministrator => "User Administrator",
            Role::LicenseAdministrator => "License Administrator",
            Role::BillingAdministrator => "Billing Administrator",
            Role::GlobalReader => "Global Reader",
        }
    }

    /// The short name the Microsoft 365 admin center uses ("Global admin").
    pub fn short_name(self) -> &'static str {
        match self {
            Role::GlobalAdministrator => "Global admin",
            Role::UserAdministrator => "User admin",
            Role::LicenseAdministrator => "License admin",
            Role::BillingAdministrator => "Billing admin",
            Role::GlobalReader => "Global reader",
        }
    }

    /// The role template id, the same in every tenant.
    pub fn template_id(self) -> Uuid {
        match self {
            Role::GlobalAdministrator => uuid!("62e90394-69f5-4237-9190-012177145e10"),
            Role::UserAdministrator => uuid!("fe930be7-5e62-47db-91af-98c3a49a38b1"),
            Role::LicenseAdministrator => uuid!("4d6ac14f-3453-41d0-bef9-a3e0c569773a"),
            Role::BillingAdministrator => uuid!("b0f54661-2d74-4c50-afa3-1ec803f12efe"),
            Role::GlobalReader => uuid!("f2ef992c-3afb-46b9-b7cf-a126ee74c451"),
        }
    }

    /// The role with a template id.
    pub fn from_template(id: Uuid) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.template_id() == id)
    }

    /// The role's description, as Entra words it.
    pub fn description(self) -> &'static str {
        match self {
            Role::GlobalAdministrator => "Can manage all aspects of Microsoft Entra ID and Microsoft services that use Microsoft Entra identities.",
            Role::UserAdministrator => "Can manage all aspects of users and groups, including resetting passwords for limited admins.",
            Role::LicenseAdministrator => "Can manage product licenses on users and groups.",
            Role::BillingAdministrator => "Can perform common billing related tasks like updating payment information.",
            Role::GlobalReader => "Can read everything that a Global Administrator can, but not update anything.",
        }
    }

    fn allows(self, action: Action) -> bool {
        use Action::*;
        match self {
            Role::GlobalAdministrator => true,
            Role::UserAdministrator => matches!(
                action,
                Invite
                    | UpdateUser
                    | SetUsageLocation
                    | DeleteUser
                    | AssignLicense { guest: false }
                    | AssignGroupLicense
                    | ManageGroups
            ),
            Role::LicenseAdministrator => {
                matches!(
                    action,
                    SetUsageLocation | AssignLicense { guest: false } | AssignGroupLicense
                )
            }
            Role::BillingAdministrator | Role::GlobalReader => false,
        }
    }
}

/// The admin on whose behalf a request runs, with the roles they hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// The acting user's id.
    pub id: Uuid,
    /// The acting user's sign-in name.
    pub upn: String,
    /// Roles held.
    pub roles: Vec<Role>,
}

impl Actor {
    /// `Ok` when one of the actor's roles allows `action`, else Graph's 403 with the reason.
    pub fn check(&self, action: Action) -> Result<(), GraphError> {
        if self.roles.iter().any(|r| r.allows(action)) {
            return Ok(());
        }
        Err(GraphError::denied(why_denied(action)))
    }
}

fn why_denied(action: Action) -> &'static str {
    match action {
        Action::AssignLicense { guest: true } => "You must be a Global admin to assign licenses to guest users.",
        Action::AssignLicense { guest: false } | Action::AssignGroupLicense => {
            "Assigning licenses needs the License Administrator, User Administrator or Global Administrator role."
        }
        Action::SetUsageLocation => {
            "Setting a usage location needs the License Administrator, User Administrator or Global Administrator role."
        }
        Action::Invite => "Inviting guest users needs the User Administrator or Global Administrator role.",
        Action::UpdateUser | Action::DeleteUser => {
            "Changing users needs the User Administrator or Global Administrator role."
        }
        Action::ManageGroups => "Managing groups needs the User Administrator or Global Administrator role.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: Role) -> Actor {
        Actor {
            id: Uuid::nil(),
            upn: "a@b".into(),
            roles: vec![role],
        }
    }

    #[test]
    fn only_global_admin_licenses_guests() {
        for role in Role::ALL {
            let ok = actor(role).check(Action::AssignLicense { guest: true }).is_ok();
            assert_eq!(ok, role == Role::GlobalAdministrator, "{role:?}");
        }
    }

    #[test]
    fn readers_and_billing_change_nothing() {
        for role in [Role::GlobalReader, Role::BillingAdministrator] {
            let err = actor(role).check(Action::AssignLicense { guest: false }).unwrap_err();
            assert_eq!(err.status(), 403);
            assert_eq!(err.code.as_str(), "Authorization_RequestDenied");
        }
        assert!(actor(Role::LicenseAdministrator)
            .check(Action::AssignLicense { guest: false })
            .is_ok());
        assert!(actor(Role::LicenseAdministrator).check(Action::Invite).is_err());
        assert!(actor(Role::UserAdministrator).check(Action::Invite).is_ok());
    }
}
