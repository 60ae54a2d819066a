//! Tag `Auth`: signing in and out, and the password reset by mailed token.

use super::error::{ApiFailure, InLang};
use super::extract::{Authed, Client, JsonBody};
use super::lang::ApiLang;
use app::account::api_tokens::{ApiCredentials, ApiSignIn, ApiToken};
use app::account::reset::PasswordReset;
use app::account::{Account, AppError, Secret};
use app::error::Field;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// `POST /auth`: one of three credentials, a code when MFA is on.
#[derive(Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AuthRequest {
    email: Option<String>,
    password: Option<String>,
    operator_id: Option<String>,
    user_name: Option<String>,
    auth_key_id: Option<String>,
    auth_key: Option<String>,
    #[serde(rename = "mfaOTPCode")]
    mfa_otp_code: Option<String>,
    /// 180–172800; 86400 when absent.
    token_timeout_seconds: Option<i64>,
}

/// What later calls send: `X-Soracom-API-Key` and `X-Soracom-Token`.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AuthResponse {
    api_key: String,
    token: String,
    operator_id: String,
    /// Only for a SAM user.
    #[serde(skip_serializing_if = "Option::is_none")]
    user_name: Option<String>,
}

impl From<ApiToken> for AuthResponse {
    fn from(t: ApiToken) -> Self {
        AuthResponse {
            api_key: t.api_key.expose().to_string(),
            token: t.token.expose().to_string(),
            operator_id: t.operator_id,
            user_name: t.user_name,
        }
    }
}

/// Signs in and answers an API key and token.
#[utoipa::path(post, path = "/auth", tag = "Auth", operation_id = "auth", request_body = AuthRequest,
    responses((status = 200, body = AuthResponse)))]
async fn auth(
    State(account): State<Account>,
    lang: ApiLang,
    Client(client): Client,
    JsonBody(req): JsonBody<AuthRequest>,
) -> Result<Json<AuthResponse>, ApiFailure> {
    let secret = |v: &Option<String>| Secret::new(v.clone().unwrap_or_default());
    let (password, key_secret) = (secret(&req.password), secret(&req.auth_key));
    let credentials = if req.auth_key_id.is_some() || req.auth_key.is_some() {
        ApiCredentials::AuthKey { id: req.auth_key_id.as_deref().unwrap_or_default(), secret: &key_secret }
    } else if req.operator_id.is_some() || req.user_name.is_some() {
        ApiCredentials::SamUser {
            operator_id: req.operator_id.as_deref().unwrap_or_default(),
            user_name: req.user_name.as_deref().unwrap_or_default(),
            password: &password,
        }
    } else if let Some(email) = req.email.as_deref() {
        ApiCredentials::Email { email, password: &password }
    } else {
        return Err(AppError::Required(Field::Email)).in_lang(lang);
    };
    let sign_in =
        ApiSignIn { credentials, mfa_code: req.mfa_otp_code.as_deref(), timeout_secs: req.token_timeout_seconds };
    account.api_sign_in(sign_in, &client).await.map(|t| Json(t.into())).in_lang(lang)
}

/// Ends the API key and token of this call (needs no permission).
#[utoipa::path(post, path = "/auth/logout", tag = "Auth", operation_id = "logout",
    responses((status = 204, description = "Signed out.")))]
async fn logout(State(account): State<Account>, a: Authed) -> Result<StatusCode, ApiFailure> {
    account.api_sign_out(&a.caller).await.in_lang(a.lang)?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /auth/password_reset_token/issue`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct IssuePasswordResetTokenRequest {
    email: String,
}

/// Mails a reset token to the root user of that address (the answer is
/// the same whether it has one or not).
#[utoipa::path(post, path = "/auth/password_reset_token/issue", tag = "Auth",
    operation_id = "issuePasswordResetToken", request_body = IssuePasswordResetTokenRequest,
    responses((status = 200, description = "Mailed if the address has an account.")))]
async fn issue_password_reset_token(
    State(account): State<Account>,
    lang: ApiLang,
    Client(client): Client,
    JsonBody(req): JsonBody<IssuePasswordResetTokenRequest>,
) -> Result<StatusCode, ApiFailure> {
    account.request_password_reset(&req.email, &client).await.in_lang(lang)?;
    Ok(StatusCode::OK)
}

/// `POST /auth/password_reset_token/verify`.
#[derive(Deserialize, ToSchema)]
pub struct VerifyPasswordResetTokenRequest {
    password: String,
    token: String,
}

/// Sets a new password with the mailed token (it works once).
#[utoipa::path(post, path = "/auth/password_reset_token/verify", tag = "Auth",
    operation_id = "verifyPasswordResetToken", request_body = VerifyPasswordResetTokenRequest,
    responses((status = 200, description = "The password was changed.")))]
async fn verify_password_reset_token(
    State(account): State<Account>,
    lang: ApiLang,
    Client(client): Client,
    JsonBody(req): JsonBody<VerifyPasswordResetTokenRequest>,
) -> Result<StatusCode, ApiFailure> {
    let new = Secret::new(req.password);
    let form = PasswordReset { token: &req.token, new: &new, confirm: &new };
    account.reset_password(form, &client).await.in_lang(lang)?;
    Ok(StatusCode::OK)
}

/// Whom to switch to.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SwitchUserRequest {
    operator_id: String,
    user_name: String,
    token_timeout_seconds: Option<i64>,
}

/// An API key and token of another SAM user whose trust policy names the caller.
#[utoipa::path(post, path = "/auth/switch_user", tag = "Auth", operation_id = "switchUser",
    request_body = SwitchUserRequest, responses((status = 200, body = AuthResponse)))]
async fn switch_user(
    State(account): State<Account>,
    a: Authed,
    JsonBody(req): JsonBody<SwitchUserRequest>,
) -> Result<Json<AuthResponse>, ApiFailure> {
    let t = account.switch_user(&a.caller, &req.operator_id, &req.user_name, req.token_timeout_seconds);
    Ok(Json(t.await.in_lang(a.lang)?.into()))
}

/// The routes of this tag.
pub fn routes() -> OpenApiRouter<Account> {
    OpenApiRouter::new()
        .routes(routes!(auth))
        .routes(routes!(logout))
        .routes(routes!(switch_user))
        .routes(routes!(issue_password_reset_token))
        .routes(routes!(verify_password_reset_token))
}

debug_without_fields!(AuthRequest, AuthResponse, VerifyPasswordResetTokenRequest);

#[cfg(test)]
mod debug_tests {
    use super::*;

    #[test]
    fn a_body_with_a_secret_never_prints_it() {
        let body = br#"{"email":"a@example.com","password":"hunter2-secret-pw","mfaOTPCode":"123456"}"#;
        let req: AuthRequest = super::super::extract::parse(body).unwrap();
        let shown = format!("{req:?}");
        assert_eq!(shown, "AuthRequest { .. }");
        let answer = AuthResponse {
            api_key: "api-key-secret".into(),
            token: "token-secret".into(),
            operator_id: "OP0000000001".into(),
            user_name: None,
        };
        assert!(!format!("{answer:?}").contains("secret"), "{answer:?}");
    }
}
