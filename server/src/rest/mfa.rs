//! MFA of the root user (tag `Operator`) and of SAM users (tag `User`).

use super::error::{ApiFailure, ErrorBody, InLang};
use super::extract::{Authed, Client, JsonBody};
use super::lang::ApiLang;
use app::account::mfa::by_owner::{MfaOwner, MfaState};
use app::account::mfa::revoke_token::MfaRevoke;
use app::account::{Account, Proof, Secret};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// `ACTIVE`, `INACTIVE` or `UNCONFIRMED`.
#[derive(Debug, Serialize, ToSchema)]
pub struct MFAStatusOfUseResponse {
    status: String,
}

/// The URI to give the authenticator app.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EnableMFAOTPResponse {
    totp_uri: String,
}

/// A code from the authenticator app.
#[derive(Deserialize, ToSchema)]
pub struct MFAAuthenticationRequest {
    #[serde(rename = "mfaOTPCode")]
    mfa_otp_code: String,
}

/// The recovery codes, shown this once.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OperatorMFAVerifyingResponse {
    backup_codes: Vec<String>,
}

/// The root user's password, to turn its MFA off.
#[derive(Deserialize, ToSchema)]
pub struct MFARevokeRequest {
    password: String,
}

async fn state(account: &Account, a: &Authed, owner: MfaOwner<'_>) -> Result<Json<MFAStatusOfUseResponse>, ApiFailure> {
    let s = account.mfa_state(&a.caller, owner).await.in_lang(a.lang)?;
    Ok(Json(MFAStatusOfUseResponse { status: wire(s).into() }))
}

/// How the platform's API writes an MFA state.
fn wire(s: MfaState) -> &'static str {
    match s {
        MfaState::Active => "ACTIVE",
        MfaState::Inactive => "INACTIVE",
        MfaState::Unconfirmed => "UNCONFIRMED",
    }
}

async fn enable(account: &Account, a: &Authed, owner: MfaOwner<'_>) -> Result<Json<EnableMFAOTPResponse>, ApiFailure> {
    let totp_uri = account.enable_mfa_of(&a.caller, owner).await.in_lang(a.lang)?;
    Ok(Json(EnableMFAOTPResponse { totp_uri }))
}

/// Whether the root user's MFA is on.
#[utoipa::path(get, path = "/operators/{operator_id}/mfa", tag = "Operator", operation_id = "getMFAStatus",
    params(("operator_id" = String, Path)), responses((status = 200, body = MFAStatusOfUseResponse)))]
async fn get_mfa_status(
    State(account): State<Account>,
    a: Authed,
    Path(_operator_id): Path<String>,
) -> Result<Json<MFAStatusOfUseResponse>, ApiFailure> {
    state(&account, &a, MfaOwner::Operator).await
}

/// Starts turning the root user's MFA on (with a token opened by password
/// in the last minutes); confirm with `verifyMFA`.
#[utoipa::path(post, path = "/operators/{operator_id}/mfa", tag = "Operator", operation_id = "enableMFA",
    params(("operator_id" = String, Path)), responses((status = 200, body = EnableMFAOTPResponse)))]
async fn enable_mfa(
    State(account): State<Account>,
    a: Authed,
    Path(_operator_id): Path<String>,
) -> Result<Json<EnableMFAOTPResponse>, ApiFailure> {
    enable(&account, &a, MfaOwner::Operator).await
}

/// Confirms the set-up with a code; answers the recovery codes.
#[utoipa::path(post, path = "/operators/{operator_id}/mfa/verify", tag = "Operator", operation_id = "verifyMFA",
    params(("operator_id" = String, Path)), request_body = MFAAuthenticationRequest,
    responses((status = 200, body = OperatorMFAVerifyingResponse)))]
async fn verify_mfa(
    State(account): State<Account>,
    a: Authed,
    Path(_operator_id): Path<String>,
    JsonBody(req): JsonBody<MFAAuthenticationRequest>,
) -> Result<Json<OperatorMFAVerifyingResponse>, ApiFailure> {
    let codes = account.verify_mfa_of(&a.caller, MfaOwner::Operator, &req.mfa_otp_code).await.in_lang(a.lang)?;
    Ok(Json(OperatorMFAVerifyingResponse { backup_codes: codes }))
}

/// Turns the root user's MFA off, with its password.
#[utoipa::path(delete, path = "/operators/{operator_id}/mfa", tag = "Operator", operation_id = "revokeMFA",
    params(("operator_id" = String, Path)), request_body = MFARevokeRequest,
    responses((status = 204, description = "Turned off.")))]
async fn revoke_mfa(
    State(account): State<Account>,
    a: Authed,
    Path(_operator_id): Path<String>,
    JsonBody(req): JsonBody<MFARevokeRequest>,
) -> Result<StatusCode, ApiFailure> {
    let pw = Secret::new(req.password);
    account.revoke_mfa(&a.caller, MfaOwner::Operator, Proof::password(&pw)).await.in_lang(a.lang)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Whether a SAM user's MFA is on.
#[utoipa::path(get, path = "/operators/{operator_id}/users/{user_name}/mfa", tag = "User",
    operation_id = "getUserMFAStatus", params(("operator_id" = String, Path), ("user_name" = String, Path)),
    responses((status = 200, body = MFAStatusOfUseResponse), (status = 404, body = ErrorBody)))]
async fn get_user_mfa_status(
    State(account): State<Account>,
    a: Authed,
    Path((_operator_id, name)): Path<(String, String)>,
) -> Result<Json<MFAStatusOfUseResponse>, ApiFailure> {
    state(&account, &a, MfaOwner::User(&name)).await
}

/// Starts turning the caller's own MFA on (a SAM user, itself).
#[utoipa::path(post, path = "/operators/{operator_id}/users/{user_name}/mfa", tag = "User",
    operation_id = "enableUserMFA", params(("operator_id" = String, Path), ("user_name" = String, Path)),
    responses((status = 200, body = EnableMFAOTPResponse)))]
async fn enable_user_mfa(
    State(account): State<Account>,
    a: Authed,
    Path((_operator_id, name)): Path<(String, String)>,
) -> Result<Json<EnableMFAOTPResponse>, ApiFailure> {
    enable(&account, &a, MfaOwner::User(&name)).await
}

/// Confirms the caller's own set-up with a code.
#[utoipa::path(post, path = "/operators/{operator_id}/users/{user_name}/mfa/verify", tag = "User",
    operation_id = "verifyUserMFA", params(("operator_id" = String, Path), ("user_name" = String, Path)),
    request_body = MFAAuthenticationRequest, responses((status = 200, body = OperatorMFAVerifyingResponse)))]
async fn verify_user_mfa(
    State(account): State<Account>,
    a: Authed,
    Path((_operator_id, name)): Path<(String, String)>,
    JsonBody(req): JsonBody<MFAAuthenticationRequest>,
) -> Result<Json<OperatorMFAVerifyingResponse>, ApiFailure> {
    let codes = account.verify_mfa_of(&a.caller, MfaOwner::User(&name), &req.mfa_otp_code).await.in_lang(a.lang)?;
    Ok(Json(OperatorMFAVerifyingResponse { backup_codes: codes }))
}

/// Turns a SAM user's MFA off (a lost phone); its sessions and tokens end.
#[utoipa::path(delete, path = "/operators/{operator_id}/users/{user_name}/mfa", tag = "User",
    operation_id = "revokeUserMFA", params(("operator_id" = String, Path), ("user_name" = String, Path)),
    responses((status = 204, description = "Turned off."), (status = 404, body = ErrorBody)))]
async fn revoke_user_mfa(
    State(account): State<Account>,
    a: Authed,
    Path((_operator_id, name)): Path<(String, String)>,
) -> Result<StatusCode, ApiFailure> {
    account.revoke_mfa(&a.caller, MfaOwner::User(&name), Proof::default()).await.in_lang(a.lang)?;
    Ok(StatusCode::NO_CONTENT)
}

/// The root user's address and password.
#[derive(Deserialize, ToSchema)]
pub struct MFAIssueRevokingTokenRequest {
    email: String,
    password: String,
}

/// Lost authenticator, step 1: mails a one-time token to the primary address.
#[utoipa::path(post, path = "/operators/mfa_revoke_token/issue", tag = "Operator",
    operation_id = "issueMFARevokingToken", request_body = MFAIssueRevokingTokenRequest,
    responses((status = 200, description = "Mailed.")))]
async fn issue_mfa_revoking_token(
    State(account): State<Account>,
    lang: ApiLang,
    Client(client): Client,
    JsonBody(req): JsonBody<MFAIssueRevokingTokenRequest>,
) -> Result<StatusCode, ApiFailure> {
    let pw = Secret::new(req.password);
    account.issue_mfa_revoking_token(&req.email, &pw, &client).await.in_lang(lang)?;
    Ok(StatusCode::OK)
}

/// The mailed token, the password and a recovery code.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MFARevokingTokenVerifyRequest {
    backup_code: String,
    email: String,
    password: String,
    token: String,
}

/// Lost authenticator, step 2: turns MFA off; sessions and tokens end.
#[utoipa::path(post, path = "/operators/mfa_revoke_token/verify", tag = "Operator",
    operation_id = "verifyMFARevokingToken", request_body = MFARevokingTokenVerifyRequest,
    responses((status = 200, description = "MFA is off.")))]
async fn verify_mfa_revoking_token(
    State(account): State<Account>,
    lang: ApiLang,
    Client(client): Client,
    JsonBody(req): JsonBody<MFARevokingTokenVerifyRequest>,
) -> Result<StatusCode, ApiFailure> {
    let pw = Secret::new(req.password);
    let form = MfaRevoke { email: &req.email, password: &pw, token: &req.token, backup_code: &req.backup_code };
    account.verify_mfa_revoking_token(form, &client).await.in_lang(lang)?;
    Ok(StatusCode::OK)
}

/// The routes of MFA.
pub fn routes() -> OpenApiRouter<Account> {
    OpenApiRouter::new()
        .routes(routes!(get_mfa_status, enable_mfa, revoke_mfa))
        .routes(routes!(verify_mfa))
        .routes(routes!(get_user_mfa_status, enable_user_mfa, revoke_user_mfa))
        .routes(routes!(verify_user_mfa))
        .routes(routes!(issue_mfa_revoking_token))
        .routes(routes!(verify_mfa_revoking_token))
}

debug_without_fields!(
    EnableMFAOTPResponse,
    MFAAuthenticationRequest,
    OperatorMFAVerifyingResponse,
    MFARevokeRequest,
    MFAIssueRevokingTokenRequest,
    MFARevokingTokenVerifyRequest
);
