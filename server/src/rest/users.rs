//! Tag `User`: SAM users, their passwords, permissions, auth keys and
//! tokens.

use super::error::{ApiFailure, ErrorBody, InLang};
use super::extract::{Authed, JsonBody};
use super::keys;
use super::model::{AuthKeyResponse, GenerateAuthKeyResponse, UpdatePasswordRequest, UserDetailResponse};
use app::account::auth_keys::KeyOwner;
use app::account::{Account, Secret};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Users' path: operator id and user name.
type UserPath = Path<(String, String)>;

/// Every SAM user of the operator.
#[utoipa::path(get, path = "/operators/{operator_id}/users", tag = "User", operation_id = "listUsers",
    params(("operator_id" = String, Path)), responses((status = 200, body = Vec<UserDetailResponse>)))]
async fn list_users(
    State(account): State<Account>,
    a: Authed,
    Path(_operator_id): Path<String>,
) -> Result<Json<Vec<UserDetailResponse>>, ApiFailure> {
    let users = account.user_details(&a.caller).await.in_lang(a.lang)?;
    Ok(Json(users.into_iter().map(Into::into).collect()))
}

/// One SAM user.
#[utoipa::path(get, path = "/operators/{operator_id}/users/{user_name}", tag = "User", operation_id = "getUser",
    params(("operator_id" = String, Path), ("user_name" = String, Path)),
    responses((status = 200, body = UserDetailResponse), (status = 404, body = ErrorBody)))]
async fn get_user(
    State(account): State<Account>,
    a: Authed,
    Path((_operator_id, name)): UserPath,
) -> Result<Json<UserDetailResponse>, ApiFailure> {
    Ok(Json(account.user_detail(&a.caller, &name).await.in_lang(a.lang)?.into()))
}

/// A user's description (create and update).
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct UserRequest {
    #[serde(default)]
    description: Option<String>,
}

/// Adds a SAM user (no password, no key, no permission yet).
#[utoipa::path(post, path = "/operators/{operator_id}/users/{user_name}", tag = "User", operation_id = "createUser",
    params(("operator_id" = String, Path), ("user_name" = String, Path)), request_body = UserRequest,
    responses((status = 201, description = "Created."), (status = 409, body = ErrorBody)))]
async fn create_user(
    State(account): State<Account>,
    a: Authed,
    Path((_operator_id, name)): UserPath,
    JsonBody(req): JsonBody<UserRequest>,
) -> Result<StatusCode, ApiFailure> {
    let about = req.description.unwrap_or_default();
    account.create_sam_user(&a.caller, &name, &about).await.in_lang(a.lang)?;
    Ok(StatusCode::CREATED)
}

/// Changes a SAM user's description.
#[utoipa::path(put, path = "/operators/{operator_id}/users/{user_name}", tag = "User", operation_id = "updateUser",
    params(("operator_id" = String, Path), ("user_name" = String, Path)), request_body = UserRequest,
    responses((status = 200, description = "Changed."), (status = 404, body = ErrorBody)))]
async fn update_user(
    State(account): State<Account>,
    a: Authed,
    Path((_operator_id, name)): UserPath,
    JsonBody(req): JsonBody<UserRequest>,
) -> Result<StatusCode, ApiFailure> {
    let about = req.description.unwrap_or_default();
    account.update_sam_user(&a.caller, &name, &about).await.in_lang(a.lang)?;
    Ok(StatusCode::OK)
}

/// Deletes a SAM user: its sessions, tokens, keys and roles go with it.
#[utoipa::path(delete, path = "/operators/{operator_id}/users/{user_name}", tag = "User", operation_id = "deleteUser",
    params(("operator_id" = String, Path), ("user_name" = String, Path)),
    responses((status = 204, description = "Deleted."), (status = 404, body = ErrorBody)))]
async fn delete_user(
    State(account): State<Account>,
    a: Authed,
    Path((_operator_id, name)): UserPath,
) -> Result<StatusCode, ApiFailure> {
    account.delete_sam_user(&a.caller, &name).await.in_lang(a.lang)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Whether a SAM user has console access.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct GetUserPasswordResponse {
    has_password: bool,
}

/// Whether the user has a console password.
#[utoipa::path(get, path = "/operators/{operator_id}/users/{user_name}/password", tag = "User",
    operation_id = "hasUserPassword", params(("operator_id" = String, Path), ("user_name" = String, Path)),
    responses((status = 200, body = GetUserPasswordResponse), (status = 404, body = ErrorBody)))]
async fn has_user_password(
    State(account): State<Account>,
    a: Authed,
    Path((_operator_id, name)): UserPath,
) -> Result<Json<GetUserPasswordResponse>, ApiFailure> {
    let has_password = account.sam_has_password(&a.caller, &name).await.in_lang(a.lang)?;
    Ok(Json(GetUserPasswordResponse { has_password }))
}

/// A console password for a SAM user.
#[derive(Deserialize, ToSchema)]
pub struct CreateUserPasswordRequest {
    password: String,
}

/// Gives a SAM user a console password (its sessions and tokens end).
#[utoipa::path(post, path = "/operators/{operator_id}/users/{user_name}/password", tag = "User",
    operation_id = "createUserPassword", params(("operator_id" = String, Path), ("user_name" = String, Path)),
    request_body = CreateUserPasswordRequest,
    responses((status = 201, description = "Set."), (status = 404, body = ErrorBody)))]
async fn create_user_password(
    State(account): State<Account>,
    a: Authed,
    Path((_operator_id, name)): UserPath,
    JsonBody(req): JsonBody<CreateUserPasswordRequest>,
) -> Result<StatusCode, ApiFailure> {
    let pw = Secret::new(req.password);
    account.set_user_password(&a.caller, &name, None, &pw, &pw).await.in_lang(a.lang)?;
    Ok(StatusCode::CREATED)
}

/// Changes a SAM user's password: its own (with the current one), or
/// another's by a user permitted to (the current one is not asked).
#[utoipa::path(put, path = "/operators/{operator_id}/users/{user_name}/password", tag = "User",
    operation_id = "updateUserPassword", params(("operator_id" = String, Path), ("user_name" = String, Path)),
    request_body = UpdatePasswordRequest,
    responses((status = 200, description = "Changed."), (status = 404, body = ErrorBody)))]
async fn update_user_password(
    State(account): State<Account>,
    a: Authed,
    Path((_operator_id, name)): UserPath,
    JsonBody(req): JsonBody<UpdatePasswordRequest>,
) -> Result<StatusCode, ApiFailure> {
    let (current, new) = (Secret::new(req.current_password), Secret::new(req.new_password));
    account.set_user_password(&a.caller, &name, Some(&current), &new, &new).await.in_lang(a.lang)?;
    Ok(StatusCode::OK)
}

/// Removes a SAM user's console password (programmatic access stays).
#[utoipa::path(delete, path = "/operators/{operator_id}/users/{user_name}/password", tag = "User",
    operation_id = "deleteUserPassword", params(("operator_id" = String, Path), ("user_name" = String, Path)),
    responses((status = 204, description = "Removed."), (status = 404, body = ErrorBody)))]
async fn delete_user_password(
    State(account): State<Account>,
    a: Authed,
    Path((_operator_id, name)): UserPath,
) -> Result<StatusCode, ApiFailure> {
    account.remove_sam_password(&a.caller, &name).await.in_lang(a.lang)?;
    Ok(StatusCode::NO_CONTENT)
}

/// A user's own permission document, as a JSON string.
#[derive(Debug, Serialize, ToSchema)]
pub struct GetUserPermissionResponse {
    /// Empty when the user has none.
    permission: String,
}

/// The user's own permission document.
#[utoipa::path(get, path = "/operators/{operator_id}/users/{user_name}/permission", tag = "User",
    operation_id = "getUserPermission", params(("operator_id" = String, Path), ("user_name" = String, Path)),
    responses((status = 200, body = GetUserPermissionResponse), (status = 404, body = ErrorBody)))]
async fn get_user_permission(
    State(account): State<Account>,
    a: Authed,
    Path((_operator_id, name)): UserPath,
) -> Result<Json<GetUserPermissionResponse>, ApiFailure> {
    let permission = account.sam_permission(&a.caller, &name).await.in_lang(a.lang)?.unwrap_or_default();
    Ok(Json(GetUserPermissionResponse { permission }))
}

/// A new permission document (a JSON string; it is checked before it is saved).
#[derive(Debug, Deserialize, ToSchema)]
pub struct SetUserPermissionRequest {
    permission: String,
}

/// Replaces the user's own permission document.
#[utoipa::path(put, path = "/operators/{operator_id}/users/{user_name}/permission", tag = "User",
    operation_id = "updateUserPermission", params(("operator_id" = String, Path), ("user_name" = String, Path)),
    request_body = SetUserPermissionRequest,
    responses((status = 200, description = "Saved."), (status = 404, body = ErrorBody)))]
async fn update_user_permission(
    State(account): State<Account>,
    a: Authed,
    Path((_operator_id, name)): UserPath,
    JsonBody(req): JsonBody<SetUserPermissionRequest>,
) -> Result<StatusCode, ApiFailure> {
    account.update_sam_permission(&a.caller, &name, &req.permission).await.in_lang(a.lang)?;
    Ok(StatusCode::OK)
}

/// Removes the user's own permission document.
#[utoipa::path(delete, path = "/operators/{operator_id}/users/{user_name}/permission", tag = "User",
    operation_id = "deleteUserPermission", params(("operator_id" = String, Path), ("user_name" = String, Path)),
    responses((status = 204, description = "Removed."), (status = 404, body = ErrorBody)))]
async fn delete_user_permission(
    State(account): State<Account>,
    a: Authed,
    Path((_operator_id, name)): UserPath,
) -> Result<StatusCode, ApiFailure> {
    account.delete_sam_permission(&a.caller, &name).await.in_lang(a.lang)?;
    Ok(StatusCode::NO_CONTENT)
}

/// The user's auth keys.
#[utoipa::path(get, path = "/operators/{operator_id}/users/{user_name}/auth_keys", tag = "User",
    operation_id = "listUserAuthKeys", params(("operator_id" = String, Path), ("user_name" = String, Path)),
    responses((status = 200, body = Vec<AuthKeyResponse>), (status = 404, body = ErrorBody)))]
async fn list_user_auth_keys(
    State(account): State<Account>,
    a: Authed,
    Path((_operator_id, name)): UserPath,
) -> Result<Json<Vec<AuthKeyResponse>>, ApiFailure> {
    keys::list(&account, &a, KeyOwner::User(&name)).await
}

/// Makes an auth key for the user (at most two); its secret is answered once.
#[utoipa::path(post, path = "/operators/{operator_id}/users/{user_name}/auth_keys", tag = "User",
    operation_id = "generateUserAuthKey", params(("operator_id" = String, Path), ("user_name" = String, Path)),
    responses((status = 200, body = GenerateAuthKeyResponse), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn generate_user_auth_key(
    State(account): State<Account>,
    a: Authed,
    Path((_operator_id, name)): UserPath,
) -> Result<Json<GenerateAuthKeyResponse>, ApiFailure> {
    keys::generate(&account, &a, KeyOwner::User(&name)).await
}

/// One of the user's auth keys.
#[utoipa::path(get, path = "/operators/{operator_id}/users/{user_name}/auth_keys/{auth_key_id}", tag = "User",
    operation_id = "getUserAuthKey",
    params(("operator_id" = String, Path), ("user_name" = String, Path), ("auth_key_id" = String, Path)),
    responses((status = 200, body = AuthKeyResponse), (status = 404, body = ErrorBody)))]
async fn get_user_auth_key(
    State(account): State<Account>,
    a: Authed,
    Path((_operator_id, name, key_id)): Path<(String, String, String)>,
) -> Result<Json<AuthKeyResponse>, ApiFailure> {
    Ok(Json(account.get_auth_key(&a.caller, &name, &key_id).await.in_lang(a.lang)?.into()))
}

/// Deletes one of the user's auth keys; the tokens opened with it end.
#[utoipa::path(delete, path = "/operators/{operator_id}/users/{user_name}/auth_keys/{auth_key_id}", tag = "User",
    operation_id = "deleteUserAuthKey",
    params(("operator_id" = String, Path), ("user_name" = String, Path), ("auth_key_id" = String, Path)),
    responses((status = 204, description = "Deleted."), (status = 404, body = ErrorBody)))]
async fn delete_user_auth_key(
    State(account): State<Account>,
    a: Authed,
    Path((_operator_id, name, key_id)): Path<(String, String, String)>,
) -> Result<StatusCode, ApiFailure> {
    keys::delete(&account, &a, KeyOwner::User(&name), &key_id).await
}

/// Ends every API token of the user.
#[utoipa::path(delete, path = "/operators/{operator_id}/users/{user_name}/tokens", tag = "User",
    operation_id = "revokeUserAuthTokens", params(("operator_id" = String, Path), ("user_name" = String, Path)),
    responses((status = 204, description = "Revoked."), (status = 404, body = ErrorBody)))]
async fn revoke_user_auth_tokens(
    State(account): State<Account>,
    a: Authed,
    Path((_operator_id, name)): UserPath,
) -> Result<StatusCode, ApiFailure> {
    account.revoke_user_tokens(&a.caller, &name).await.in_lang(a.lang)?;
    Ok(StatusCode::NO_CONTENT)
}

/// A trust policy, as a JSON string.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TrustPolicyBody {
    trust_policy: String,
}

/// Who may switch to the user (empty when nobody).
#[utoipa::path(get, path = "/operators/{operator_id}/users/{user_name}/trust_policy", tag = "User",
    operation_id = "getUserTrustPolicy", params(("operator_id" = String, Path), ("user_name" = String, Path)),
    responses((status = 200, body = TrustPolicyBody), (status = 404, body = ErrorBody)))]
async fn get_user_trust_policy(
    State(account): State<Account>,
    a: Authed,
    Path((_operator_id, name)): UserPath,
) -> Result<Json<TrustPolicyBody>, ApiFailure> {
    let trust_policy = account.trust_policy(&a.caller, &name).await.in_lang(a.lang)?.unwrap_or_default();
    Ok(Json(TrustPolicyBody { trust_policy }))
}

/// Replaces the user's trust policy (checked before it is saved).
#[utoipa::path(put, path = "/operators/{operator_id}/users/{user_name}/trust_policy", tag = "User",
    operation_id = "updateUserTrustPolicy", params(("operator_id" = String, Path), ("user_name" = String, Path)),
    request_body = TrustPolicyBody, responses((status = 200, description = "Saved."), (status = 404, body = ErrorBody)))]
async fn update_user_trust_policy(
    State(account): State<Account>,
    a: Authed,
    Path((_operator_id, name)): UserPath,
    JsonBody(req): JsonBody<TrustPolicyBody>,
) -> Result<StatusCode, ApiFailure> {
    account.update_trust_policy(&a.caller, &name, &req.trust_policy).await.in_lang(a.lang)?;
    Ok(StatusCode::OK)
}

/// Removes the user's trust policy: nobody may switch to it.
#[utoipa::path(delete, path = "/operators/{operator_id}/users/{user_name}/trust_policy", tag = "User",
    operation_id = "deleteUserTrustPolicy", params(("operator_id" = String, Path), ("user_name" = String, Path)),
    responses((status = 204, description = "Removed."), (status = 404, body = ErrorBody)))]
async fn delete_user_trust_policy(
    State(account): State<Account>,
    a: Authed,
    Path((_operator_id, name)): UserPath,
) -> Result<StatusCode, ApiFailure> {
    account.delete_trust_policy(&a.caller, &name).await.in_lang(a.lang)?;
    Ok(StatusCode::NO_CONTENT)
}

/// The routes of this tag.
pub fn routes() -> OpenApiRouter<Account> {
    OpenApiRouter::new()
        .routes(routes!(list_users))
        .routes(routes!(get_user, create_user, update_user, delete_user))
        .routes(routes!(has_user_password, create_user_password, update_user_password, delete_user_password))
        .routes(routes!(get_user_permission, update_user_permission, delete_user_permission))
        .routes(routes!(list_user_auth_keys, generate_user_auth_key))
        .routes(routes!(get_user_auth_key, delete_user_auth_key))
        .routes(routes!(revoke_user_auth_tokens))
        .routes(routes!(get_user_trust_policy, update_user_trust_policy, delete_user_trust_policy))
}

debug_without_fields!(CreateUserPasswordRequest);
