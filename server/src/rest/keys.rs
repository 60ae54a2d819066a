//! Lists, makes or deletes the auth keys of an owner: shared by the
//! operator's key routes and the users' key routes.

use super::error::{ApiFailure, InLang};
use super::extract::Authed;
use super::model::{AuthKeyResponse, GenerateAuthKeyResponse};
use app::account::auth_keys::KeyOwner;
use app::account::{Account, Proof};
use axum::Json;
use axum::http::StatusCode;

/// The keys of `owner`.
pub async fn list(
    account: &Account,
    a: &Authed,
    owner: KeyOwner<'_>,
) -> Result<Json<Vec<AuthKeyResponse>>, ApiFailure> {
    let keys = account.list_auth_keys(&a.caller, owner).await.in_lang(a.lang)?;
    Ok(Json(keys.into_iter().map(Into::into).collect()))
}

/// A new key of `owner`.
pub async fn generate(
    account: &Account,
    a: &Authed,
    owner: KeyOwner<'_>,
) -> Result<Json<GenerateAuthKeyResponse>, ApiFailure> {
    // A program gives no proof with the request: the token's own sign-in is it.
    let key = account.generate_auth_key(&a.caller, owner, Proof::default()).await.in_lang(a.lang)?.value;
    Ok(Json(GenerateAuthKeyResponse { auth_key_id: key.id, auth_key: key.secret.expose().to_string() }))
}

/// Deletes a key of `owner`; its tokens end.
pub async fn delete(account: &Account, a: &Authed, owner: KeyOwner<'_>, id: &str) -> Result<StatusCode, ApiFailure> {
    account.delete_auth_key(&a.caller, owner, id).await.in_lang(a.lang)?;
    Ok(StatusCode::NO_CONTENT)
}
