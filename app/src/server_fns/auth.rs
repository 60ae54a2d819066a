//! Sign-up, verification, sign-in and sign-out.

use super::{ConsoleError, SecretInput};
use leptos::prelude::*;

/// Signs up; on success goes to the "check your mail" page.
#[server(prefix = "/api", endpoint = "sign_up")]
pub async fn sign_up(email: String, password: SecretInput, confirm: SecretInput) -> Result<(), ConsoleError> {
    super::request::returns_to(crate::paths::SIGNUP);
    use super::request::{account, client_info, request_lang};
    use crate::account::signup::SignUpForm;
    let (password, confirm) = (password.into(), confirm.into());
    let form = SignUpForm { email: &email, password: &password, confirm: &confirm };
    let sent_to = account()?
        .sign_up(form, request_lang(), &client_info())
        .await
        .map_err(|e| ConsoleError::with_email(e, &email))?;
    super::sent::redirect_to_sent("/signup/sent", sent_to.as_str(), "")
}

/// Mails the verification link again (same answer whatever the address).
#[server(prefix = "/api", endpoint = "resend_verification")]
pub async fn resend_verification(email: String) -> Result<(), ConsoleError> {
    super::request::returns_to(crate::paths::SIGNUP_SENT);
    let sent_to = super::request::account()?
        .resend_verification(&email)
        .await
        .map_err(|e| ConsoleError::with_email(e, &email))?;
    super::sent::redirect_to_sent("/signup/sent", sent_to.as_str(), "&again=1")
}

/// Signs the root user in; sets the session and language cookies and goes
/// to `next` (a local path) or the dashboard — or, when MFA is on, to the
/// MFA step.
#[server(prefix = "/api", endpoint = "sign_in")]
pub async fn sign_in(email: String, password: SecretInput, next: Option<String>) -> Result<(), ConsoleError> {
    super::request::returns_to(&crate::paths::login_next(next.as_deref()));
    use super::request::{account, client_info};
    let client = client_info();
    let step = account()?
        .sign_in_root(&email, &password.into(), &client)
        .await
        .map_err(|e| ConsoleError::with_email(e, &email))?;
    after_password(step, next).await
}

/// After the right password: the session, or the MFA step.
#[cfg(feature = "ssr")]
async fn after_password(step: crate::account::SignInStep, next: Option<String>) -> Result<(), ConsoleError> {
    use super::request::set_mfa_cookie;
    use crate::account::SignInStep;
    match step {
        SignInStep::Done(signed_in) => start_session(signed_in, next).await,
        SignInStep::MfaRequired(pending) => {
            set_mfa_cookie(Some(pending.expose()));
            let next = super::request::safe_next(next.as_deref());
            leptos_axum::redirect(&crate::paths::login_mfa_next(&next));
            Ok(())
        }
    }
}

/// Signs a SAM user in (operator id, user name, password); then as for
/// the root user: the session, or the MFA step.
#[server(prefix = "/api", endpoint = "sign_in_sam")]
pub async fn sign_in_sam(
    operator_id: String,
    user_name: String,
    password: SecretInput,
    next: Option<String>,
) -> Result<(), ConsoleError> {
    super::request::returns_to(&crate::paths::with(
        crate::paths::LOGIN_SAM,
        &next.as_deref().map(|n| format!("next={}", crate::query::encode(n))).unwrap_or_default(),
    ));
    use super::request::{account, client_info};
    // The typed operator id and name travel back like a typed email (one
    // line each), so a refused form is refilled with or without JavaScript.
    let typed = format!("{}\n{}", operator_id.trim(), user_name.trim());
    let step = account()?
        .sign_in_sam(&operator_id, &user_name, &password.into(), &client_info())
        .await
        .map_err(|e| ConsoleError::with_email(e, &typed))?;
    after_password(step, next).await
}

/// The MFA step of sign-in: a code from the app or a recovery code.
#[server(prefix = "/api", endpoint = "sign_in_mfa")]
pub async fn sign_in_mfa(code: String, next: Option<String>) -> Result<(), ConsoleError> {
    super::request::returns_to(&crate::paths::login_mfa_next(next.as_deref().unwrap_or(crate::paths::HOME)));
    use super::request::{account, client_info, mfa_cookie, set_mfa_cookie};
    use crate::error::AppError;
    let pending = mfa_cookie().ok_or(AppError::MfaLoginExpired)?;
    let signed_in = account()?.complete_mfa_sign_in(&pending, &code, &client_info()).await?;
    set_mfa_cookie(None);
    start_session(signed_in, next).await
}

/// Sets the cookies of a new console session (ending the one this browser
/// had) and goes on to `next`.
#[cfg(feature = "ssr")]
async fn start_session(signed_in: crate::account::SignedIn, next: Option<String>) -> Result<(), ConsoleError> {
    use super::request::{
        account, chosen_lang, client_info, safe_next, session_token, set_lang_cookie, set_session_cookie,
    };
    let account = account()?;
    if let Some(previous) = session_token() {
        account.end_session(&previous).await?;
    }
    set_session_cookie(signed_in.session_token.expose())?;
    let lang = account.settle_language(&signed_in, chosen_lang(), &client_info()).await?;
    set_lang_cookie(lang);
    leptos_axum::redirect(&safe_next(next.as_deref()));
    Ok(())
}

/// Signs out: ends the session on the server and clears the cookie.
#[server(prefix = "/api", endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), ConsoleError> {
    super::request::returns_to(crate::paths::HOME);
    use super::request::{account, client_info, take_session_cookie};
    if let Some(token) = take_session_cookie()? {
        account()?.sign_out(&token, &client_info()).await?;
    }
    leptos_axum::redirect(&crate::paths::with(crate::paths::LOGIN, "signed_out=1"));
    Ok(())
}
