//! The Roles pages' server functions: list, create, open, change and
//! delete roles. Thin: the account service decides who may.

use super::ConsoleError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A role in the list or on its page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleRow {
    pub id: String,
    pub description: String,
    pub permission: String,
}

/// `/roles`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleList {
    pub roles: Vec<RoleRow>,
    pub can_create: bool,
    /// The document as last typed into the create form, when it was refused without JavaScript.
    pub draft: Option<String>,
}

/// `/roles/:id`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleView {
    pub role: RoleRow,
    /// The users the role is attached to (when the caller may see them).
    pub users: Vec<String>,
    pub can_update: bool,
    pub can_delete: bool,
    pub draft: Option<String>,
}

#[cfg(feature = "ssr")]
impl From<crate::account::roles::Role> for RoleRow {
    fn from(r: crate::account::roles::Role) -> Self {
        RoleRow { id: r.id, description: r.description.unwrap_or_default(), permission: r.permission }
    }
}

/// The operator's roles.
#[server(prefix = "/api", endpoint = "list_roles")]
pub async fn list_roles() -> Result<RoleList, ConsoleError> {
    let (account, caller) = super::request::acting().await?;
    let roles = account.list_roles(&caller).await?.into_iter().map(RoleRow::from).collect();
    let can_create = account.may_create_role(&caller).await?;
    let draft = if can_create { super::draft::take(&super::draft::role(None)).await? } else { None };
    Ok(RoleList { roles, can_create, draft })
}

/// Creates a role and opens it.
#[server(prefix = "/api", endpoint = "create_role")]
pub async fn create_role(id: String, description: String, permission: String) -> Result<(), ConsoleError> {
    super::request::returns_to(crate::paths::ROLES);
    use crate::account::roles::RoleForm;
    let (account, caller) = super::request::acting().await?;
    let form = RoleForm { description: &description, permission: &permission };
    if let Err(e) = account.create_role(&caller, id.trim(), form).await {
        super::draft::keep(&super::draft::role(None), &permission).await?;
        return Err(e.into());
    }
    leptos_axum::redirect(&crate::paths::role(id.trim(), "created=1"));
    Ok(())
}

/// One role, its users, and what the caller may do with it.
#[server(prefix = "/api", endpoint = "role_detail")]
pub async fn role_detail(id: String) -> Result<RoleView, ConsoleError> {
    let (account, caller) = super::request::acting().await?;
    let role = account.get_role(&caller, &id).await?;
    let can = account.role_rights(&caller, &id).await?;
    let users = if can.list_users { account.role_users(&caller, &id).await? } else { vec![] };
    let draft = if can.update { super::draft::take(&super::draft::role(Some(&id))).await? } else { None };
    Ok(RoleView { role: role.into(), users, can_update: can.update, can_delete: can.delete, draft })
}

/// Changes a role's description and document.
#[server(prefix = "/api", endpoint = "update_role")]
pub async fn update_role(id: String, description: String, permission: String) -> Result<(), ConsoleError> {
    super::request::returns_to(&crate::paths::role(&id, ""));
    use crate::account::roles::RoleForm;
    let (account, caller) = super::request::acting().await?;
    let form = RoleForm { description: &description, permission: &permission };
    if let Err(e) = account.update_role(&caller, &id, form).await {
        super::draft::keep(&super::draft::role(Some(&id)), &permission).await?;
        return Err(e.into());
    }
    leptos_axum::redirect(&crate::paths::role(&id, "saved=1"));
    Ok(())
}

/// Deletes a role once the caller confirmed it (it is detached from its users first).
#[server(prefix = "/api", endpoint = "delete_role")]
pub async fn delete_role(id: String, confirm: Option<String>) -> Result<(), ConsoleError> {
    super::request::returns_to(&crate::paths::role(&id, ""));
    use crate::error::{AppError, Field};
    let (account, caller) = super::request::acting().await?;
    if confirm.is_none() {
        return Err(AppError::Required(Field::Confirm).into());
    }
    account.delete_role(&caller, &id).await?;
    leptos_axum::redirect(&crate::paths::with(crate::paths::ROLES, "deleted=1"));
    Ok(())
}
