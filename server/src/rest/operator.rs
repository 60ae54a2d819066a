//! Tag `Operator`: the operator itself, the root user's password, its
//! auth keys, and API tokens.

use super::error::{ApiFailure, InLang};
use super::extract::{Authed, JsonBody};
use super::keys;
use super::model::{AuthKeyResponse, GenerateAuthKeyResponse, UpdatePasswordRequest};
use app::account::auth_keys::KeyOwner;
use app::account::password_change::PasswordChange;
use app::account::{Account, Secret};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// `Operator:getOperator`: every field is always present.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct GetOperatorResponse {
    operator_id: String,
    root_operator_id: String,
    email: String,
    description: String,
    /// RFC 3339, UTC.
    create_date: String,
    /// RFC 3339, UTC.
    update_date: String,
}

/// RFC 3339 of epoch seconds.
fn date(secs: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(secs)
        .ok()
        .and_then(|t| t.format(&time::format_description::well_known::Rfc3339).ok())
        .unwrap_or_default()
}

/// The operator.
#[utoipa::path(get, path = "/operators/{operator_id}", tag = "Operator", operation_id = "getOperator",
    params(("operator_id" = String, Path)), responses((status = 200, body = GetOperatorResponse)))]
async fn get_operator(
    State(account): State<Account>,
    a: Authed,
    Path(_operator_id): Path<String>,
) -> Result<Json<GetOperatorResponse>, ApiFailure> {
    let p = account.operator_profile(&a.caller).await.in_lang(a.lang)?;
    Ok(Json(GetOperatorResponse {
        root_operator_id: p.operator_id.clone(),
        operator_id: p.operator_id,
        email: p.email,
        description: String::new(),
        create_date: date(p.created_at),
        update_date: date(p.updated_at),
    }))
}

/// Changes the root user's password; its other tokens and sessions end.
#[utoipa::path(post, path = "/operators/{operator_id}/password", tag = "Operator",
    operation_id = "updateOperatorPassword", params(("operator_id" = String, Path)),
    request_body = UpdatePasswordRequest, responses((status = 200, description = "Changed.")))]
async fn update_operator_password(
    State(account): State<Account>,
    a: Authed,
    Path(_operator_id): Path<String>,
    JsonBody(req): JsonBody<UpdatePasswordRequest>,
) -> Result<StatusCode, ApiFailure> {
    change_own_password(&account, &a, req).await
}

/// The caller's own password change (root through `Operator`, a SAM user
/// through `User:updateUserPassword` on itself).
async fn change_own_password(
    account: &Account,
    a: &Authed,
    req: UpdatePasswordRequest,
) -> Result<StatusCode, ApiFailure> {
    let (current, new) = (Secret::new(req.current_password), Secret::new(req.new_password));
    let form = PasswordChange { current: Some(&current), new: &new, confirm: &new };
    account.change_password(&a.caller.principal, form, &a.caller.client).await.in_lang(a.lang)?;
    Ok(StatusCode::OK)
}

/// `Operator:generateAuthToken`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct GenerateTokenRequest {
    token_timeout_seconds: Option<i64>,
}

/// The new token.
#[derive(Serialize, ToSchema)]
pub struct GenerateTokenResponse {
    token: String,
}

/// A new token for the caller's API key (the one called with stands).
#[utoipa::path(post, path = "/operators/{operator_id}/token", tag = "Operator", operation_id = "generateAuthToken",
    params(("operator_id" = String, Path)), request_body = GenerateTokenRequest,
    responses((status = 200, body = GenerateTokenResponse)))]
async fn generate_auth_token(
    State(account): State<Account>,
    a: Authed,
    Path(_operator_id): Path<String>,
    JsonBody(req): JsonBody<GenerateTokenRequest>,
) -> Result<Json<GenerateTokenResponse>, ApiFailure> {
    let t = account.renew_api_token(&a.caller, req.token_timeout_seconds).await.in_lang(a.lang)?;
    Ok(Json(GenerateTokenResponse { token: t.expose().to_string() }))
}

/// Ends every API token of the root user.
#[utoipa::path(delete, path = "/operators/{operator_id}/tokens", tag = "Operator",
    operation_id = "revokeOperatorAuthTokens", params(("operator_id" = String, Path)),
    responses((status = 204, description = "Revoked.")))]
async fn revoke_operator_auth_tokens(
    State(account): State<Account>,
    a: Authed,
    Path(_operator_id): Path<String>,
) -> Result<StatusCode, ApiFailure> {
    account.revoke_operator_tokens(&a.caller).await.in_lang(a.lang)?;
    Ok(StatusCode::NO_CONTENT)
}

/// The root user's auth keys.
#[utoipa::path(get, path = "/operators/{operator_id}/auth_keys", tag = "Operator",
    operation_id = "listOperatorAuthKeys", params(("operator_id" = String, Path)),
    responses((status = 200, body = Vec<AuthKeyResponse>)))]
async fn list_operator_auth_keys(
    State(account): State<Account>,
    a: Authed,
    Path(_operator_id): Path<String>,
) -> Result<Json<Vec<AuthKeyResponse>>, ApiFailure> {
    keys::list(&account, &a, KeyOwner::Root).await
}

/// Makes an auth key for the root user (at most two; the root user is mailed).
#[utoipa::path(post, path = "/operators/{operator_id}/auth_keys", tag = "Operator",
    operation_id = "generateOperatorAuthKey", params(("operator_id" = String, Path)),
    responses((status = 201, body = GenerateAuthKeyResponse)))]
async fn generate_operator_auth_key(
    State(account): State<Account>,
    a: Authed,
    Path(_operator_id): Path<String>,
) -> Result<(StatusCode, Json<GenerateAuthKeyResponse>), ApiFailure> {
    Ok((StatusCode::CREATED, keys::generate(&account, &a, KeyOwner::Root).await?))
}

/// Deletes one of the root user's auth keys.
#[utoipa::path(delete, path = "/operators/{operator_id}/auth_keys/{auth_key_id}", tag = "Operator",
    operation_id = "deleteOperatorAuthKey", params(("operator_id" = String, Path), ("auth_key_id" = String, Path)),
    responses((status = 204, description = "Deleted."), (status = 404, body = super::error::ErrorBody)))]
async fn delete_operator_auth_key(
    State(account): State<Account>,
    a: Authed,
    Path((_operator_id, key_id)): Path<(String, String)>,
) -> Result<StatusCode, ApiFailure> {
    keys::delete(&account, &a, KeyOwner::Root, &key_id).await
}

/// The routes of this tag.
pub fn routes() -> OpenApiRouter<Account> {
    OpenApiRouter::new()
        .routes(routes!(get_operator))
        .routes(routes!(update_operator_password))
        .routes(routes!(generate_auth_token))
        .routes(routes!(revoke_operator_auth_tokens))
        .routes(routes!(list_operator_auth_keys, generate_operator_auth_key))
        .routes(routes!(delete_operator_auth_key))
}

debug_without_fields!(GenerateTokenResponse);
