//! Tag `Role`: roles, their users, and attaching them to SAM users.

use super::error::{ApiFailure, ErrorBody, InLang};
use super::extract::{Authed, JsonBody};
use super::model::{ListRolesResponse, OWNER, UserDetailResponse};
use app::account::Account;
use app::account::roles::{Role, RoleForm};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// A role with its permission document (a JSON string).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RoleResponse {
    role_id: String,
    role_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    owner: String,
    permission: String,
    create_date_time: i64,
    update_date_time: i64,
}

impl From<Role> for RoleResponse {
    fn from(r: Role) -> Self {
        RoleResponse {
            role_name: r.id.clone(),
            role_id: r.id,
            description: r.description,
            owner: OWNER.into(),
            permission: r.permission,
            create_date_time: r.created_at,
            update_date_time: r.updated_at,
        }
    }
}

/// A role's path: operator id and role id.
type RolePath = Path<(String, String)>;

/// Every role of the operator.
#[utoipa::path(get, path = "/operators/{operator_id}/roles", tag = "Role", operation_id = "listRoles",
    params(("operator_id" = String, Path)), responses((status = 200, body = Vec<ListRolesResponse>)))]
async fn list_roles(
    State(account): State<Account>,
    a: Authed,
    Path(_operator_id): Path<String>,
) -> Result<Json<Vec<ListRolesResponse>>, ApiFailure> {
    let roles = account.list_roles(&a.caller).await.in_lang(a.lang)?;
    Ok(Json(roles.into_iter().map(Into::into).collect()))
}

/// One role.
#[utoipa::path(get, path = "/operators/{operator_id}/roles/{role_id}", tag = "Role", operation_id = "getRole",
    params(("operator_id" = String, Path), ("role_id" = String, Path)),
    responses((status = 200, body = RoleResponse), (status = 404, body = ErrorBody)))]
async fn get_role(
    State(account): State<Account>,
    a: Authed,
    Path((_operator_id, id)): RolePath,
) -> Result<Json<RoleResponse>, ApiFailure> {
    Ok(Json(account.get_role(&a.caller, &id).await.in_lang(a.lang)?.into()))
}

/// A role's document (a JSON string) and description.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateOrUpdateRoleRequest {
    #[serde(default)]
    description: Option<String>,
    permission: String,
}

/// The id of a new role.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CreateRoleResponse {
    role_id: String,
}

/// Creates a role (its document is checked before it is saved).
#[utoipa::path(post, path = "/operators/{operator_id}/roles/{role_id}", tag = "Role", operation_id = "createRole",
    params(("operator_id" = String, Path), ("role_id" = String, Path)), request_body = CreateOrUpdateRoleRequest,
    responses((status = 200, body = CreateRoleResponse), (status = 409, body = ErrorBody)))]
async fn create_role(
    State(account): State<Account>,
    a: Authed,
    Path((_operator_id, id)): RolePath,
    JsonBody(req): JsonBody<CreateOrUpdateRoleRequest>,
) -> Result<Json<CreateRoleResponse>, ApiFailure> {
    let form = RoleForm { description: req.description.as_deref().unwrap_or_default(), permission: &req.permission };
    let role = account.create_role(&a.caller, &id, form).await.in_lang(a.lang)?;
    Ok(Json(CreateRoleResponse { role_id: role.id }))
}

/// Replaces a role's document and description; it applies from the next request.
#[utoipa::path(put, path = "/operators/{operator_id}/roles/{role_id}", tag = "Role", operation_id = "updateRole",
    params(("operator_id" = String, Path), ("role_id" = String, Path)), request_body = CreateOrUpdateRoleRequest,
    responses((status = 200, description = "Changed."), (status = 404, body = ErrorBody)))]
async fn update_role(
    State(account): State<Account>,
    a: Authed,
    Path((_operator_id, id)): RolePath,
    JsonBody(req): JsonBody<CreateOrUpdateRoleRequest>,
) -> Result<StatusCode, ApiFailure> {
    let form = RoleForm { description: req.description.as_deref().unwrap_or_default(), permission: &req.permission };
    account.update_role(&a.caller, &id, form).await.in_lang(a.lang)?;
    Ok(StatusCode::OK)
}

/// Deletes a role; it is detached from its users.
#[utoipa::path(delete, path = "/operators/{operator_id}/roles/{role_id}", tag = "Role", operation_id = "deleteRole",
    params(("operator_id" = String, Path), ("role_id" = String, Path)),
    responses((status = 204, description = "Deleted."), (status = 404, body = ErrorBody)))]
async fn delete_role(
    State(account): State<Account>,
    a: Authed,
    Path((_operator_id, id)): RolePath,
) -> Result<StatusCode, ApiFailure> {
    account.delete_role(&a.caller, &id).await.in_lang(a.lang)?;
    Ok(StatusCode::NO_CONTENT)
}

/// The users a role is attached to.
#[utoipa::path(get, path = "/operators/{operator_id}/roles/{role_id}/users", tag = "Role",
    operation_id = "listRoleAttachedUsers", params(("operator_id" = String, Path), ("role_id" = String, Path)),
    responses((status = 200, body = Vec<UserDetailResponse>), (status = 404, body = ErrorBody)))]
async fn list_role_attached_users(
    State(account): State<Account>,
    a: Authed,
    Path((_operator_id, id)): RolePath,
) -> Result<Json<Vec<UserDetailResponse>>, ApiFailure> {
    let users = account.role_user_details(&a.caller, &id).await.in_lang(a.lang)?;
    Ok(Json(users.into_iter().map(Into::into).collect()))
}

/// The roles attached to a user.
#[utoipa::path(get, path = "/operators/{operator_id}/users/{user_name}/roles", tag = "Role",
    operation_id = "listUserRoles", params(("operator_id" = String, Path), ("user_name" = String, Path)),
    responses((status = 200, body = Vec<RoleResponse>), (status = 404, body = ErrorBody)))]
async fn list_user_roles(
    State(account): State<Account>,
    a: Authed,
    Path((_operator_id, name)): Path<(String, String)>,
) -> Result<Json<Vec<RoleResponse>>, ApiFailure> {
    let roles = account.user_role_list(&a.caller, &name).await.in_lang(a.lang)?;
    Ok(Json(roles.into_iter().map(Into::into).collect()))
}

/// The role to attach.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AttachRoleRequest {
    role_id: String,
}

/// Attaches a role to a user.
#[utoipa::path(post, path = "/operators/{operator_id}/users/{user_name}/roles", tag = "Role",
    operation_id = "attachRole", params(("operator_id" = String, Path), ("user_name" = String, Path)),
    request_body = AttachRoleRequest,
    responses((status = 200, description = "Attached."), (status = 404, body = ErrorBody)))]
async fn attach_role(
    State(account): State<Account>,
    a: Authed,
    Path((_operator_id, name)): Path<(String, String)>,
    JsonBody(req): JsonBody<AttachRoleRequest>,
) -> Result<StatusCode, ApiFailure> {
    account.attach_role(&a.caller, &name, &req.role_id).await.in_lang(a.lang)?;
    Ok(StatusCode::OK)
}

/// Detaches a role from a user.
#[utoipa::path(delete, path = "/operators/{operator_id}/users/{user_name}/roles/{role_id}", tag = "Role",
    operation_id = "detachRole",
    params(("operator_id" = String, Path), ("user_name" = String, Path), ("role_id" = String, Path)),
    responses((status = 200, description = "Detached."), (status = 404, body = ErrorBody)))]
async fn detach_role(
    State(account): State<Account>,
    a: Authed,
    Path((_operator_id, name, id)): Path<(String, String, String)>,
) -> Result<StatusCode, ApiFailure> {
    account.detach_role(&a.caller, &name, &id).await.in_lang(a.lang)?;
    Ok(StatusCode::OK)
}

/// The routes of this tag.
pub fn routes() -> OpenApiRouter<Account> {
    OpenApiRouter::new()
        .routes(routes!(list_roles))
        .routes(routes!(get_role, create_role, update_role, delete_role))
        .routes(routes!(list_role_attached_users))
        .routes(routes!(list_user_roles, attach_role))
        .routes(routes!(detach_role))
}
