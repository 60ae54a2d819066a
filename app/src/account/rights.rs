//! What the console offers the caller on each page, decided exactly as
//! the operations decide (`allowed` over the same actions and targets),
//! so a page never shows a form its post would refuse and never hides
//! one it would allow. The console adapter only copies these answers.

use super::authz::{Action, Target};
use super::sam_users::SamUser;
use super::{Account, AppError, Caller};

/// The forms a SAM user's page offers the caller.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct UserRights {
    pub update: bool,
    pub delete: bool,
    /// Setting another user's password (one's own is changed on
    /// Security → Password, with the current one).
    pub set_password: bool,
    pub remove_password: bool,
    pub revoke_mfa: bool,
    /// The page is the caller's own: its password and MFA are changed on
    /// Security, with the proof asked there.
    pub own_page: bool,
    pub read_permission: bool,
    pub edit_permission: bool,
    pub read_roles: bool,
    pub attach: bool,
    pub detach: bool,
    /// Whether the roles that could be attached may be listed.
    pub list_roles: bool,
}

/// What the Users list offers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct UsersPageRights {
    pub create: bool,
    pub list_roles: bool,
}

/// What a role's page offers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RoleRights {
    pub update: bool,
    pub delete: bool,
    pub list_users: bool,
}

/// Which page of Users & roles the menu links to, if any.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccessEntry {
    Users,
    Roles,
}

/// What the account menu links to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConsoleMenu {
    /// Users & roles, if either may be listed.
    pub access: Option<AccessEntry>,
    /// Email settings (the operator's addresses: the root user's alone).
    pub email_settings: bool,
}

impl Account {
    /// The forms `user`'s page offers the caller.
    pub async fn user_rights(&self, caller: &Caller, user: &SamUser) -> Result<UserRights, AppError> {
        use Action::*;
        let asks = [
            UpdateUser,
            DeleteUser,
            CreateUserPassword,
            UpdateUserPassword,
            DeleteUserPassword,
            RevokeUserMfa,
            GetUserPermission,
            UpdateUserPermission,
            ListUserRoles,
            AttachRole,
            DetachRole,
            ListRoles,
        ];
        let ok = self.allowed(caller, &asks, Target::user(&user.name)).await?;
        let has = |a| ok.contains(&a);
        let itself = caller.principal.is_user(&user.name);
        let setter = if user.has_password { UpdateUserPassword } else { CreateUserPassword };
        Ok(UserRights {
            update: has(UpdateUser),
            delete: has(DeleteUser),
            set_password: has(setter) && !itself,
            remove_password: has(DeleteUserPassword) && user.has_password,
            revoke_mfa: has(RevokeUserMfa) && user.mfa_enabled,
            own_page: itself,
            read_permission: has(GetUserPermission),
            edit_permission: has(UpdateUserPermission),
            read_roles: has(ListUserRoles),
            attach: has(AttachRole),
            detach: has(DetachRole),
            list_roles: has(ListRoles),
        })
    }

    /// What the Users list offers the caller.
    pub async fn users_page_rights(&self, caller: &Caller) -> Result<UsersPageRights, AppError> {
        let ok = self.allowed(caller, &[Action::CreateUser, Action::ListRoles], Target::OPERATOR).await?;
        Ok(UsersPageRights { create: ok.contains(&Action::CreateUser), list_roles: ok.contains(&Action::ListRoles) })
    }

    /// Whether the caller may create roles (the Roles list's form).
    pub async fn may_create_role(&self, caller: &Caller) -> Result<bool, AppError> {
        Ok(!self.allowed(caller, &[Action::CreateRole], Target::OPERATOR).await?.is_empty())
    }

    /// What role `id`'s page offers the caller.
    pub async fn role_rights(&self, caller: &Caller, id: &str) -> Result<RoleRights, AppError> {
        let asks = [Action::UpdateRole, Action::DeleteRole, Action::ListRoleAttachedUsers];
        let ok = self.allowed(caller, &asks, Target::role(id)).await?;
        Ok(RoleRights {
            update: ok.contains(&Action::UpdateRole),
            delete: ok.contains(&Action::DeleteRole),
            list_users: ok.contains(&Action::ListRoleAttachedUsers),
        })
    }

    /// What the account menu offers the caller: which Users & roles page
    /// it may open first, if any, and whether Email settings.
    pub async fn console_menu(&self, caller: &Caller) -> Result<ConsoleMenu, AppError> {
        let actions = [Action::ListUsers, Action::ListRoles, Action::ListEmails];
        let ok = self.allowed(caller, &actions, Target::OPERATOR).await?;
        let access = if ok.contains(&Action::ListUsers) {
            Some(AccessEntry::Users)
        } else if ok.contains(&Action::ListRoles) {
            Some(AccessEntry::Roles)
        } else {
            None
        };
        Ok(ConsoleMenu { access, email_settings: ok.contains(&Action::ListEmails) })
    }
}
