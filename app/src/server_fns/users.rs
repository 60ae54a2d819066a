//! The Users pages' server functions: list, create, open, describe and
//! delete SAM users, and set what they may use (password, MFA) and do
//! (their own document, their roles). Each builds the caller and calls the
//! account service, which decides whether the caller may; what the page
//! offers comes from the same decision (`Account::allowed`).

use super::{ConsoleError, SecretInput};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A SAM user in a list or on its page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRow {
    pub name: String,
    pub description: String,
    pub has_password: bool,
    pub mfa_enabled: bool,
}

/// One page of `/users`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserList {
    pub users: Vec<UserRow>,
    pub page: u64,
    pub more: bool,
    /// Whether the caller may create users (the form is shown).
    pub can_create: bool,
    /// Whether the caller may list roles (the link to `/roles` is shown).
    pub can_list_roles: bool,
}

/// What the caller may do on a user's page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserCan {
    pub update: bool,
    pub delete: bool,
    pub set_password: bool,
    pub remove_password: bool,
    pub revoke_mfa: bool,
    /// The page is the caller's own (its password and MFA are changed on Security).
    pub own_page: bool,
    pub read_permission: bool,
    pub edit_permission: bool,
    pub read_roles: bool,
    pub attach: bool,
    pub detach: bool,
}

/// `/users/:name`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserView {
    pub user: UserRow,
    /// The user's own document as saved (when the caller may read it).
    pub permission: Option<String>,
    /// The document as last typed, when a form posted without JavaScript was refused.
    pub draft: Option<String>,
    /// The attached roles (when the caller may read them).
    pub roles: Vec<String>,
    /// Roles that could be attached (the operator's others, when the caller may list them).
    pub attachable: Vec<String>,
    pub can: UserCan,
}

#[cfg(feature = "ssr")]
impl From<crate::account::sam_users::SamUser> for UserRow {
    fn from(u: crate::account::sam_users::SamUser) -> Self {
        UserRow {
            name: u.name,
            description: u.description.unwrap_or_default(),
            has_password: u.has_password,
            mfa_enabled: u.mfa_enabled,
        }
    }
}

/// A page (from 0) of the operator's SAM users whose name contains `q`.
#[server(prefix = "/api", endpoint = "list_users")]
pub async fn list_users(q: String, page: u64) -> Result<UserList, ConsoleError> {
    let (account, caller) = super::request::acting().await?;
    let found = account.list_sam_users(&caller, &q, page).await?;
    let can = account.users_page_rights(&caller).await?;
    Ok(UserList {
        users: found.users.into_iter().map(UserRow::from).collect(),
        page,
        more: found.more,
        can_create: can.create,
        can_list_roles: can.list_roles,
    })
}

/// Creates a SAM user and opens its page.
#[server(prefix = "/api", endpoint = "create_user")]
pub async fn create_user(name: String, description: String) -> Result<(), ConsoleError> {
    super::request::returns_to(crate::paths::USERS);
    let (account, caller) = super::request::acting().await?;
    let name = name.trim();
    let user = account.create_sam_user(&caller, name, &description).await?;
    leptos_axum::redirect(&crate::paths::user(&user.name, "access", "created=1"));
    Ok(())
}

/// Everything `/users/:name` shows, as far as the caller may see it.
#[server(prefix = "/api", endpoint = "user_detail")]
pub async fn user_detail(name: String) -> Result<UserView, ConsoleError> {
    let (account, caller) = super::request::acting().await?;
    let user = account.get_sam_user(&caller, &name).await?;
    let rights = account.user_rights(&caller, &user).await?;
    let can = UserCan {
        update: rights.update,
        delete: rights.delete,
        set_password: rights.set_password,
        remove_password: rights.remove_password,
        revoke_mfa: rights.revoke_mfa,
        own_page: rights.own_page,
        read_permission: rights.read_permission,
        edit_permission: rights.edit_permission,
        read_roles: rights.read_roles,
        attach: rights.attach,
        detach: rights.detach,
    };
    let permission = if can.read_permission { account.sam_permission(&caller, &name).await? } else { None };
    let roles = if can.read_roles { account.user_roles(&caller, &name).await? } else { vec![] };
    let attachable = if can.attach && rights.list_roles {
        account.list_roles(&caller).await?.into_iter().map(|r| r.id).filter(|id| !roles.contains(id)).collect()
    } else {
        vec![]
    };
    let draft =
        if can.edit_permission { super::draft::take(&super::draft::user_permission(&name)).await? } else { None };
    Ok(UserView { user: user.into(), permission, draft, roles, attachable, can })
}

/// Changes a user's description.
#[server(prefix = "/api", endpoint = "update_user")]
pub async fn update_user(name: String, description: String) -> Result<(), ConsoleError> {
    super::request::returns_to(&crate::paths::user(&name, "access", ""));
    let (account, caller) = super::request::acting().await?;
    account.update_sam_user(&caller, &name, &description).await?;
    leptos_axum::redirect(&crate::paths::user(&name, "access", "saved=1"));
    Ok(())
}

/// Deletes a user (its sessions end) and goes back to the list.
#[server(prefix = "/api", endpoint = "delete_user")]
pub async fn delete_user(name: String) -> Result<(), ConsoleError> {
    super::request::returns_to(&crate::paths::user(&name, "access", ""));
    let (account, caller) = super::request::acting().await?;
    account.delete_sam_user(&caller, &name).await?;
    leptos_axum::redirect("/users?deleted=1");
    Ok(())
}

/// Sets or replaces a user's console password.
#[server(prefix = "/api", endpoint = "set_user_password")]
pub async fn set_user_password(name: String, password: SecretInput, confirm: SecretInput) -> Result<(), ConsoleError> {
    super::request::returns_to(&crate::paths::user(&name, "access", ""));
    let (account, caller) = super::request::acting().await?;
    account.set_user_password(&caller, &name, None, &password.into(), &confirm.into()).await?;
    leptos_axum::redirect(&crate::paths::user(&name, "access", "saved=1"));
    Ok(())
}

/// Removes a user's console password (programmatic access only).
#[server(prefix = "/api", endpoint = "remove_user_password")]
pub async fn remove_user_password(name: String) -> Result<(), ConsoleError> {
    super::request::returns_to(&crate::paths::user(&name, "access", ""));
    let (account, caller) = super::request::acting().await?;
    account.remove_sam_password(&caller, &name).await?;
    leptos_axum::redirect(&crate::paths::user(&name, "access", "saved=1"));
    Ok(())
}

/// Turns a user's MFA off (a lost phone); one's own asks the password
/// and a code, as Security → MFA does.
#[server(prefix = "/api", endpoint = "revoke_user_mfa")]
pub async fn revoke_user_mfa(
    name: String,
    current: Option<SecretInput>,
    code: Option<String>,
) -> Result<(), ConsoleError> {
    super::request::returns_to(&crate::paths::user(&name, "mfa", ""));
    use crate::account::{Proof, Secret, mfa::by_owner::MfaOwner};
    let (account, caller) = super::request::acting().await?;
    let password: Option<Secret> = current.map(Into::into);
    let proof = Proof { password: password.as_ref(), code: code.as_deref() };
    account.revoke_mfa(&caller, MfaOwner::User(&name), proof).await?;
    leptos_axum::redirect(&crate::paths::user(&name, "mfa", "saved=1"));
    Ok(())
}

/// Replaces a user's own permission document (an empty text removes it).
#[server(prefix = "/api", endpoint = "update_user_permission")]
pub async fn update_user_permission(name: String, permission: String) -> Result<(), ConsoleError> {
    super::request::returns_to(&crate::paths::user(&name, "permissions", ""));
    let (account, caller) = super::request::acting().await?;
    if let Err(e) = account.update_sam_permission(&caller, &name, &permission).await {
        super::draft::keep(&super::draft::user_permission(&name), &permission).await?;
        return Err(e.into());
    }
    leptos_axum::redirect(&crate::paths::user(&name, "permissions", "saved=1"));
    Ok(())
}

/// Attaches a role to a user.
#[server(prefix = "/api", endpoint = "attach_role")]
pub async fn attach_role(name: String, role_id: String) -> Result<(), ConsoleError> {
    super::request::returns_to(&crate::paths::user(&name, "roles", ""));
    let (account, caller) = super::request::acting().await?;
    account.attach_role(&caller, &name, &role_id).await?;
    leptos_axum::redirect(&crate::paths::user(&name, "roles", "saved=1"));
    Ok(())
}

/// Detaches a role from a user.
#[server(prefix = "/api", endpoint = "detach_role")]
pub async fn detach_role(name: String, role_id: String) -> Result<(), ConsoleError> {
    super::request::returns_to(&crate::paths::user(&name, "roles", ""));
    let (account, caller) = super::request::acting().await?;
    account.detach_role(&caller, &name, &role_id).await?;
    leptos_axum::redirect(&crate::paths::user(&name, "roles", "saved=1"));
    Ok(())
}
