//! Tag `Email`: the root user's addresses (primary and recovery).

use super::error::{ApiFailure, ErrorBody, InLang};
use super::extract::{Authed, Client, JsonBody};
use super::lang::ApiLang;
use app::account::email::list::{EmailEntry, EmailId};
use app::account::{Account, Secret};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// An address: `primary`, `recovery` or `recovery-pending`.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EmailsModel {
    email_id: String,
    email: String,
    verified: bool,
    /// Epoch seconds.
    create_date_time: i64,
    /// Epoch seconds.
    update_date_time: i64,
}

/// The platform's ids of the addresses, both ways.
const EMAIL_IDS: [(EmailId, &str); 3] =
    [(EmailId::Primary, "primary"), (EmailId::Recovery, "recovery"), (EmailId::RecoveryPending, "recovery-pending")];

fn email_id(wire: &str) -> Option<EmailId> {
    EMAIL_IDS.iter().find(|(_, w)| *w == wire).map(|(id, _)| *id)
}

fn wire_id(id: EmailId) -> &'static str {
    EMAIL_IDS.iter().find(|(i, _)| *i == id).map(|(_, w)| *w).unwrap_or_default()
}

impl From<EmailEntry> for EmailsModel {
    fn from(e: EmailEntry) -> Self {
        EmailsModel {
            email_id: wire_id(e.id).to_string(),
            email: e.email,
            verified: e.verified,
            create_date_time: e.created_at,
            update_date_time: e.updated_at,
        }
    }
}

/// The root user's addresses.
#[utoipa::path(get, path = "/operators/{operator_id}/emails", tag = "Email", operation_id = "listEmails",
    params(("operator_id" = String, Path)), responses((status = 200, body = Vec<EmailsModel>)))]
async fn list_emails(
    State(account): State<Account>,
    a: Authed,
    Path(_operator_id): Path<String>,
) -> Result<Json<Vec<EmailsModel>>, ApiFailure> {
    let list = account.list_emails(&a.caller).await.in_lang(a.lang)?;
    Ok(Json(list.into_iter().map(Into::into).collect()))
}

/// One address.
#[utoipa::path(get, path = "/operators/{operator_id}/emails/{email_id}", tag = "Email", operation_id = "getEmail",
    params(("operator_id" = String, Path), ("email_id" = String, Path)),
    responses((status = 200, body = EmailsModel), (status = 404, body = ErrorBody)))]
async fn get_email(
    State(account): State<Account>,
    a: Authed,
    Path((_operator_id, id)): Path<(String, String)>,
) -> Result<Json<EmailsModel>, ApiFailure> {
    Ok(Json(account.get_email(&a.caller, email_id(&id)).await.in_lang(a.lang)?.into()))
}

/// Removes the recovery address or cancels a pending one.
#[utoipa::path(delete, path = "/operators/{operator_id}/emails/{email_id}", tag = "Email", operation_id = "deleteEmail",
    params(("operator_id" = String, Path), ("email_id" = String, Path)),
    responses((status = 204, description = "Deleted."), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn delete_email(
    State(account): State<Account>,
    a: Authed,
    Path((_operator_id, id)): Path<(String, String)>,
) -> Result<StatusCode, ApiFailure> {
    account.delete_email(&a.caller, email_id(&id)).await.in_lang(a.lang)?;
    Ok(StatusCode::NO_CONTENT)
}

/// A new address and the root user's password.
#[derive(Deserialize, ToSchema)]
pub struct IssueAddEmailTokenRequest {
    email: String,
    password: String,
}

/// Mails a token to a new recovery address.
#[utoipa::path(post, path = "/operators/add_email_token/issue", tag = "Email", operation_id = "issueAddEmailToken",
    request_body = IssueAddEmailTokenRequest, responses((status = 200, description = "Mailed.")))]
async fn issue_add_email_token(
    State(account): State<Account>,
    a: Authed,
    JsonBody(req): JsonBody<IssueAddEmailTokenRequest>,
) -> Result<StatusCode, ApiFailure> {
    let pw = Secret::new(req.password);
    account.issue_add_email_token(&a.caller, &req.email, &pw).await.in_lang(a.lang)?;
    Ok(StatusCode::OK)
}

/// The mailed token.
#[derive(Deserialize, ToSchema)]
pub struct VerifyAddEmailTokenRequest {
    token: String,
}

/// Makes the mailed address the recovery address.
#[utoipa::path(post, path = "/operators/add_email_token/verify", tag = "Email", operation_id = "verifyAddEmailToken",
    request_body = VerifyAddEmailTokenRequest, responses((status = 200, description = "Added.")))]
async fn verify_add_email_token(
    State(account): State<Account>,
    lang: ApiLang,
    Client(client): Client,
    JsonBody(req): JsonBody<VerifyAddEmailTokenRequest>,
) -> Result<StatusCode, ApiFailure> {
    account.verify_add_email_token(&req.token, &client).await.in_lang(lang)?;
    Ok(StatusCode::OK)
}

/// The routes of this tag.
pub fn routes() -> OpenApiRouter<Account> {
    OpenApiRouter::new()
        .routes(routes!(list_emails))
        .routes(routes!(get_email, delete_email))
        .routes(routes!(issue_add_email_token))
        .routes(routes!(verify_add_email_token))
}

debug_without_fields!(IssueAddEmailTokenRequest, VerifyAddEmailTokenRequest);
