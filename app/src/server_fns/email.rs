//! Email settings and `/recover`.

use super::{ConsoleError, SecretInput};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The email settings page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailView {
    pub primary: String,
    pub pending_primary: Option<String>,
    pub recovery: Option<String>,
    pub pending_recovery: Option<String>,
    /// Whether the changes here also ask for a current MFA code.
    pub mfa_enabled: bool,
}

/// The signed-in root user's email settings.
#[server(prefix = "/api", endpoint = "email_settings")]
pub async fn email_settings() -> Result<EmailView, ConsoleError> {
    use super::request::{account, require_principal};
    let p = require_principal().await?;
    let s = account()?.email_settings(&p).await?;
    Ok(EmailView {
        primary: s.primary,
        pending_primary: s.pending_primary,
        recovery: s.recovery,
        pending_recovery: s.pending_recovery,
        mfa_enabled: p.summary.mfa_enabled,
    })
}

/// Asks to change the primary address (a link goes to the new one).
#[server(prefix = "/api", endpoint = "change_email")]
pub async fn change_email(email: String, current: SecretInput, code: Option<String>) -> Result<(), ConsoleError> {
    super::request::returns_to(crate::paths::EMAIL);
    use super::request::{account, client_info, require_principal};
    let p = require_principal().await?;
    let password = current.into();
    let proof = crate::account::Proof { password: Some(&password), code: code.as_deref() };
    account()?
        .request_email_change(&p, &email, proof, &client_info())
        .await
        .map_err(|e| ConsoleError::with_email(e, &email))?;
    leptos_axum::redirect("/email?sent=primary");
    Ok(())
}

/// Cancels a pending primary address change.
#[server(prefix = "/api", endpoint = "cancel_email_change")]
pub async fn cancel_email_change() -> Result<(), ConsoleError> {
    super::request::returns_to(crate::paths::EMAIL);
    use super::request::{account, require_principal};
    let p = require_principal().await?;
    account()?.cancel_email_change(&p).await?;
    leptos_axum::redirect("/email");
    Ok(())
}

/// Adds or changes the recovery address (a link goes to it).
#[server(prefix = "/api", endpoint = "set_recovery_email")]
pub async fn set_recovery_email(
    email: String,
    current: Option<SecretInput>,
    code: Option<String>,
) -> Result<(), ConsoleError> {
    super::request::returns_to(crate::paths::EMAIL);
    use super::request::{account, client_info, require_principal};
    let p = require_principal().await?;
    let password = current.map(crate::account::Secret::from);
    let proof = crate::account::Proof { password: password.as_ref(), code: code.as_deref() };
    account()?
        .request_recovery_email(&p, &email, proof, &client_info())
        .await
        .map_err(|e| ConsoleError::with_email(e, &email))?;
    leptos_axum::redirect("/email?sent=recovery");
    Ok(())
}

/// Removes the recovery address.
#[server(prefix = "/api", endpoint = "remove_recovery_email")]
pub async fn remove_recovery_email(current: Option<SecretInput>, code: Option<String>) -> Result<(), ConsoleError> {
    super::request::returns_to(crate::paths::EMAIL);
    use super::request::{account, client_info, require_principal};
    let p = require_principal().await?;
    let password = current.map(crate::account::Secret::from);
    let proof = crate::account::Proof { password: password.as_ref(), code: code.as_deref() };
    account()?.remove_recovery_email(&p, proof, &client_info()).await?;
    leptos_axum::redirect("/email?removed=1");
    Ok(())
}

/// `/recover`: mails a link to a verified recovery address (same answer always).
#[server(prefix = "/api", endpoint = "start_recovery")]
pub async fn start_recovery(email: String) -> Result<(), ConsoleError> {
    super::request::returns_to(crate::paths::RECOVER);
    use super::request::{account, client_info};
    let sent_to =
        account()?.start_recovery(&email, &client_info()).await.map_err(|e| ConsoleError::with_email(e, &email))?;
    super::sent::redirect_to_sent("/recover/sent", &sent_to, "")
}

/// Checks a `/recover` link as it is opened.
#[server(prefix = "/api", endpoint = "check_recover_token")]
pub async fn check_recover_token(token: SecretInput) -> Result<(), ConsoleError> {
    Ok(super::request::account()?.check_recover_token(&token.0).await?)
}

/// With a `/recover` link: chooses the new primary address (verified by its own link).
#[server(prefix = "/api", endpoint = "recover_choose_primary")]
pub async fn recover_choose_primary(token: SecretInput, email: String) -> Result<(), ConsoleError> {
    use super::request::{account, returns_to};
    let token = token.0;
    returns_to(&format!("/recover/{}", crate::query::encode(&token)));
    if let Err(e) = account()?.recover_choose_primary(&token, &email).await {
        return Err(ConsoleError::with_email(e, &email));
    }
    leptos_axum::redirect("/recover/chosen");
    Ok(())
}
