//! Who may do what: the admin roles of the seeds and Graph's permission answer.
//!
//! Rules from Microsoft's docs: License and User Administrators assign licences; Billing
//! Administrators buy but do not assign; Global Readers only read; and (seed 003) assigning
//! a licence to a guest user takes a Global Administrator.
//!
//! Some actions are decided on the target as well as the actor (Entra's "Who can perform
//! sensitive actions"): changing a sensitive property (`accountEnabled`, `mobilePhone`) of a
//! user, and deleting, restoring or purging a user. A User Administrator may do these only
//! to users without an admin role or with a limited one (User or Helpdesk Administrator);
//! a user holding any other role (Global, Privileged Role, License, Billing Administrator,
//! Global Reader...) takes a Global Administrator or a Privileged Authentication
//! Administrator. Those actions carry the target's roles, so the rule is decided here.
//! Changing `userType` (Member or Guest) takes a Global Administrator: otherwise a User
//! Administrator could make a guest a member, license them and make them a guest again.

use uuid::{uuid, Uuid};

use crate::error::GraphError;

/// The directory roles an admin can hold here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// Can do everything.
    GlobalAdministrator,
    /// Manages role assignments; changes no users itself, and only a Global Administrator
    /// or a Privileged Authentication Administrator may change its holders.
    PrivilegedRoleAdministrator,
    /// Manages authentication for any user, admins included: may disable, delete and
    /// restore any user and change their sensitive properties.
    PrivilegedAuthenticationAdministrator,
    /// Manages users, groups, invitations and licences.
    UserAdministrator,
    /// Assigns licences and sets usage locations.
    LicenseAdministrator,
    /// Resets passwords of non-admins (not modelled): changes nothing here, and is one of
    /// the limited admins a User Administrator may still manage.
    HelpdeskAdministrator,
    /// Buys and manages subscriptions; reads the directory.
    BillingAdministrator,
    /// Reads everything, changes nothing.
    GlobalReader,
}

/// Something an actor asks to do, as far as roles are concerned. Actions on one user that
/// Entra decides on the target too carry the target's roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action<'a> {
    /// Invite a guest (`POST /invitations`).
    Invite,
    /// Change a user's ordinary properties (names, job, place...), on any user.
    UpdateUser,
    /// Set a user's usage location, on any user.
    SetUsageLocation,
    /// Change a sensitive property (`accountEnabled`, `mobilePhone`) of a user holding
    /// `target`.
    UpdateSensitive {
        /// The roles the user holds.
        target: &'a [Role],
    },
    /// Change a user's `userType` (Member or Guest).
    SetUserType,
    /// Delete, restore or purge a user holding `target`.
    DeleteUser {
        /// The roles the user holds.
        target: &'a [Role],
    },
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

impl Action<'_> {
    /// The target's roles, for the actions decided on the target too.
    fn target(&self) -> Option<&[Role]> {
        match self {
            Action::UpdateSensitive { target } | Action::DeleteUser { target } => Some(target),
            _ => None,
        }
    }
}

impl Role {
    /// Every role, most powerful first.
    pub const ALL: [Role; 8] = [
        Role::GlobalAdministrator,
        Role::PrivilegedRoleAdministrator,
        Role::PrivilegedAuthenticationAdministrator,
        Role::UserAdministrator,
        Role::LicenseAdministrator,
        Role::HelpdeskAdministrator,
        Role::BillingAdministrator,
        Role::GlobalReader,
    ];

    /// The role's name in Entra and Graph.
    pub fn display_name(self) -> &'static str {
        match self {
            Role::GlobalAdministrator => "Global Administrator",
            Role::PrivilegedRoleAdministrator => "Privileged Role Administrator",
            Role::PrivilegedAuthenticationAdministrator => "Privileged Authentication Administrator",
            Role::UserAdministrator => "User Administrator",
            Role::LicenseAdministrator => "License Administrator",
            Role::HelpdeskAdministrator => "Helpdesk Administrator",
            Role::BillingAdministrator => "Billing Administrator",
            Role::GlobalReader => "Global Reader",
        }
    }

    /// The short name the Microsoft 365 admin center uses ("Global admin").
    pub fn short_name(self) -> &'static str {
        match self {
            Role::GlobalAdministrator => "Global admin",
            Role::PrivilegedRoleAdministrator => "Privileged role admin",
            Role::PrivilegedAuthenticationAdministrator => "Privileged authentication admin",
            Role::UserAdministrator => "User admin",
            Role::LicenseAdministrator => "License admin",
            Role::HelpdeskAdministrator => "Helpdesk admin",
            Role::BillingAdministrator => "Billing admin",
            Role::GlobalReader => "Global reader",
        }
    }

    /// The role template id, the same in every tenant.
    pub fn template_id(self) -> Uuid {
        match self {
            Role::GlobalAdministrator => uuid!("62e90394-69f5-4237-9190-012177145e10"),
            Role::PrivilegedRoleAdministrator => uuid!("e8611ab8-c189-46e8-94e1-60213ab1f814"),
            Role::PrivilegedAuthenticationAdministrator => uuid!("7be44c8a-adaf-4e2a-84d6-ab2649e08a13"),
            Role::UserAdministrator => uuid!("fe930be7-5e62-47db-91af-98c3a49a38b1"),
            Role::LicenseAdministrator => uuid!("4d6ac14f-3453-41d0-bef9-a3e0c569773a"),
            Role::HelpdeskAdministrator => uuid!("729827e3-9c14-49f7-bb1b-9608f156bbb8"),
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
            Role::PrivilegedRoleAdministrator => "Can manage role assignments in Microsoft Entra ID, and all aspects of Privileged Identity Management.",
            Role::PrivilegedAuthenticationAdministrator => "Can access to view, set and reset authentication method information for any user (admin or non-admin).",
            Role::UserAdministrator => "Can manage all aspects of users and groups, including resetting passwords for limited admins.",
            Role::LicenseAdministrator => "Can manage product licenses on users and groups.",
            Role::HelpdeskAdministrator => "Can reset passwords for non-administrators and Helpdesk Administrators.",
            Role::BillingAdministrator => "Can perform common billing related tasks like updating payment information.",
            Role::GlobalReader => "Can read everything that a Global Administrator can, but not update anything.",
        }
    }

    /// Whether only a Global Administrator or a Privileged Authentication Administrator may
    /// disable, delete or restore a holder of this role or change their sensitive
    /// properties: every role but the limited admins a User Administrator manages.
    pub fn is_protected(self) -> bool {
        !matches!(self, Role::UserAdministrator | Role::HelpdeskAdministrator)
    }

    /// Whether the role allows `action`, the target aside.
    fn allows(self, action: Action<'_>) -> bool {
        use Action::*;
        match self {
            Role::GlobalAdministrator => true,
            Role::PrivilegedAuthenticationAdministrator => {
                matches!(action, UpdateSensitive { .. } | DeleteUser { .. })
            }
            Role::UserAdministrator => matches!(
                action,
                Invite
                    | UpdateUser
                    | SetUsageLocation
                    | UpdateSensitive { .. }
                    | DeleteUser { .. }
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
            Role::PrivilegedRoleAdministrator
            | Role::HelpdeskAdministrator
            | Role::BillingAdministrator
            | Role::GlobalReader => false,
        }
    }

    /// Whether a holder of this role may perform the target-decided actions on a user
    /// holding `target` (Entra's "Who can perform sensitive actions").
    fn may_act_on(self, target: &[Role]) -> bool {
        match self {
            Role::GlobalAdministrator | Role::PrivilegedAuthenticationAdministrator => true,
            _ => !target.iter().any(|t| t.is_protected()),
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
    /// `Ok` when one of the actor's roles allows `action` (on its target, for the actions
    /// that carry one), else Graph's 403 with the reason.
    pub fn check(&self, action: Action<'_>) -> Result<(), GraphError> {
        let target = action.target().unwrap_or(&[]);
        if self.roles.iter().any(|r| r.allows(action) && r.may_act_on(target)) {
            return Ok(());
        }
        if self.roles.iter().any(|r| r.allows(action)) {
            if let Some(protected) = target.iter().copied().find(|t| t.is_protected()) {
                return Err(GraphError::denied(why_target_denied(action, protected)));
            }
        }
        Err(GraphError::denied(why_denied(action)))
    }
}

fn why_denied(action: Action<'_>) -> &'static str {
    match action {
        Action::AssignLicense { guest: true } => "You must be a Global admin to assign licenses to guest users.",
        Action::AssignLicense { guest: false } | Action::AssignGroupLicense => {
            "Assigning licenses needs the License Administrator, User Administrator or Global Administrator role."
        }
        Action::SetUsageLocation => {
            "Setting a usage location needs the License Administrator, User Administrator or Global Administrator role."
        }
        Action::Invite => "Inviting guest users needs the User Administrator or Global Administrator role.",
        Action::UpdateUser => "Changing users needs the User Administrator or Global Administrator role.",
        Action::UpdateSensitive { .. } => {
            "Disabling or enabling users or changing their mobile phone needs the User Administrator, Privileged Authentication Administrator or Global Administrator role."
        }
        Action::DeleteUser { .. } => {
            "Deleting, restoring or purging users needs the User Administrator, Privileged Authentication Administrator or Global Administrator role."
        }
        Action::SetUserType => "You must be a Global admin to change a user's type between Member and Guest.",
        Action::ManageGroups => "Managing groups needs the User Administrator or Global Administrator role.",
    }
}

fn why_target_denied(action: Action<'_>, protected: Role) -> String {
    let what = match action {
        Action::DeleteUser { .. } => "delete, restore or purge this user",
        _ => "disable or enable this user or change their mobile phone",
    };
    format!(
        "The user holds the {} role: only a Global Administrator or a Privileged Authentication Administrator can {what}.",
        protected.display_name()
    )
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

    /// Entra's "Who can perform sensitive actions", for the roles modelled here: which
    /// actor may disable or delete a user holding each role.
    #[test]
    fn sensitive_actions_depend_on_the_targets_roles() {
        use Role::*;
        let may = |actor: Role, target: &[Role]| -> bool {
            let a = Actor {
                id: Uuid::nil(),
                upn: "a@b".into(),
                roles: vec![actor],
            };
            let sensitive = a.check(Action::UpdateSensitive { target }).is_ok();
            let delete = a.check(Action::DeleteUser { target }).is_ok();
            assert_eq!(sensitive, delete, "{actor:?} on {target:?}");
            sensitive
        };
        for target in Role::ALL {
            assert!(may(GlobalAdministrator, &[target]), "a Global admin acts on anyone");
            assert!(may(PrivilegedAuthenticationAdministrator, &[target]));
            assert_eq!(
                may(UserAdministrator, &[target]),
                matches!(target, UserAdministrator | HelpdeskAdministrator),
                "User admin on {target:?}"
            );
            for limited in [
                LicenseAdministrator,
                HelpdeskAdministrator,
                BillingAdministrator,
                GlobalReader,
                PrivilegedRoleAdministrator,
            ] {
                assert!(!may(limited, &[target]), "{limited:?} on {target:?}");
            }
        }
        // Users without an admin role: anyone allowed the action at all.
        assert!(may(UserAdministrator, &[]));
        assert!(!may(LicenseAdministrator, &[]));
        // One protected role among limited ones protects the user.
        assert!(!may(UserAdministrator, &[UserAdministrator, GlobalAdministrator]));
        assert!(may(UserAdministrator, &[UserAdministrator, HelpdeskAdministrator]));
    }

    #[test]
    fn a_protected_target_is_refused_with_the_role_needed() {
        let ua = actor(Role::UserAdministrator);
        let target = [Role::GlobalAdministrator];
        for action in [
            Action::UpdateSensitive { target: &target },
            Action::DeleteUser { target: &target },
        ] {
            let e = ua.check(action).unwrap_err();
            assert_eq!(e.status(), 403);
            assert_eq!(e.code.as_str(), "Authorization_RequestDenied");
            assert_eq!(e.message, "Insufficient privileges to complete the operation.");
            assert!(
                e.details[0].message.contains("holds the Global Administrator role"),
                "{e:?}"
            );
            assert!(e.details[0].message.contains("only a Global Administrator"), "{e:?}");
        }
        // Ordinary properties and the usage location of an admin are anyone's to change.
        assert!(ua.check(Action::UpdateUser).is_ok());
        assert!(actor(Role::LicenseAdministrator)
            .check(Action::SetUsageLocation)
            .is_ok());
        // Roles that change no users are told which role the action needs.
        let e = actor(Role::GlobalReader)
            .check(Action::DeleteUser { target: &[] })
            .unwrap_err();
        assert!(e.details[0].message.contains("User Administrator"), "{e:?}");
    }

    #[test]
    fn only_global_admin_changes_user_type() {
        for role in Role::ALL {
            let r = actor(role).check(Action::SetUserType);
            assert_eq!(r.is_ok(), role == Role::GlobalAdministrator, "{role:?}");
            if let Err(e) = r {
                assert_eq!(e.status(), 403);
                assert!(e.details[0].message.contains("Global admin"), "{e:?}");
            }
        }
    }

    #[test]
    fn template_ids_are_distinct_and_read_back() {
        for role in Role::ALL {
            assert_eq!(Role::from_template(role.template_id()), Some(role));
        }
        let mut sorted = Role::ALL;
        sorted.sort();
        assert_eq!(sorted, Role::ALL, "ALL is in the roles' order");
    }
}
