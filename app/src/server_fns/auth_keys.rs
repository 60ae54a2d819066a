//! Auth keys in the console: the signed-in user's own (Security → Auth
//! keys) and a SAM user's (its page). Making one needs a recent sign-in or
//! the password (and a code with MFA); its secret is shown once, on the
//! page the form returns to, and never again.

use super::security::When;
use super::{ConsoleError, SecretInput};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One key in the list (never its secret).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthKeyRow {
    pub id: String,
    pub created: When,
    pub last_used: Option<When>,
}

/// A key just made, shown once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewKeyView {
    pub id: String,
    pub secret: String,
}

/// The auth keys panel.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthKeysView {
    pub keys: Vec<AuthKeyRow>,
    pub can_generate: bool,
    pub can_delete: bool,
    /// The sign-in is old: making a key asks for the password (and a code with MFA).
    pub needs_password: bool,
    pub mfa_enabled: bool,
    /// The key made by the form just posted, once.
    pub new_key: Option<NewKeyView>,
    pub max: usize,
}

/// The session note that carries a new key's secret to the page, once.
#[cfg(feature = "ssr")]
const NEW_KEY_NOTE: &str = "auth-key:new";

/// The keys of `user` (or the caller's own) and what the caller may do.
#[server(prefix = "/api", endpoint = "auth_keys")]
pub async fn auth_keys(user: Option<String>) -> Result<AuthKeysView, ConsoleError> {
    use crate::account::auth_keys::{KeyOwner, MAX_AUTH_KEYS};
    let (account, caller) = super::request::acting().await?;
    let owner = KeyOwner::named(user.as_deref());
    let keys = account.list_auth_keys(&caller, owner).await?;
    let can = account.key_rights(&caller, owner).await?;
    let new_key = super::draft::take(NEW_KEY_NOTE)
        .await?
        .and_then(|note| note.split_once('\n').map(|(id, s)| NewKeyView { id: id.into(), secret: s.into() }));
    let mfa_enabled = caller.principal.summary.mfa_enabled;
    Ok(AuthKeysView {
        keys: keys
            .into_iter()
            .map(|k| AuthKeyRow {
                id: k.id,
                created: super::security::when(k.created_at),
                last_used: k.last_used_at.map(super::security::when),
            })
            .collect(),
        can_generate: can.generate,
        can_delete: can.delete,
        needs_password: can.needs_password,
        mfa_enabled,
        new_key,
        max: MAX_AUTH_KEYS as usize,
    })
}

/// Makes a key and returns to the page that shows its secret once.
#[server(prefix = "/api", endpoint = "generate_auth_key")]
pub async fn generate_auth_key(
    user: Option<String>,
    current: Option<SecretInput>,
    code: Option<String>,
) -> Result<(), ConsoleError> {
    super::request::returns_to(&crate::paths::keys(user.as_deref(), ""));
    use super::request::set_renewed_session;
    use crate::account::auth_keys::KeyOwner;
    let (account, caller) = super::request::acting().await?;
    let password: Option<crate::account::Secret> = current.map(Into::into);
    let proof = crate::account::Proof { password: password.as_ref(), code: code.as_deref() };
    let done = account.generate_auth_key(&caller, KeyOwner::named(user.as_deref()), proof).await?;
    set_renewed_session(done.new_session.as_ref())?;
    // The note goes to the session the browser holds from now on.
    let mut principal = caller.principal.clone();
    if let Some(token) = &done.new_session {
        principal = account.principal(token.expose()).await?.ok_or(crate::error::AppError::SignInRequired)?;
    }
    let note = format!("{}\n{}", done.value.id, done.value.secret.expose());
    account.keep_draft(&principal, NEW_KEY_NOTE, &note).await?;
    leptos_axum::redirect(&crate::paths::keys(user.as_deref(), "made=1"));
    Ok(())
}

/// Deletes a key; programs using it are refused from then on.
#[server(prefix = "/api", endpoint = "delete_auth_key")]
pub async fn delete_auth_key(user: Option<String>, key_id: String) -> Result<(), ConsoleError> {
    super::request::returns_to(&crate::paths::keys(user.as_deref(), ""));
    let (account, caller) = super::request::acting().await?;
    account.delete_auth_key(&caller, crate::account::auth_keys::KeyOwner::named(user.as_deref()), &key_id).await?;
    leptos_axum::redirect(&crate::paths::keys(user.as_deref(), "deleted=1"));
    Ok(())
}
