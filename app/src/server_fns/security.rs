//! The security page's server functions: password, MFA, recovery codes,
//! sessions and activity. Each acts only on the signed-in user.

use super::{ConsoleError, SecretInput};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A point in time: Unix seconds for the browser's own time zone, and the
/// UTC text shown before hydration.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct When {
    pub unix: i64,
    pub utc: String,
    /// RFC 3339, for the `datetime` attribute.
    pub iso: String,
}

/// The MFA tab.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MfaView {
    pub enabled: bool,
    pub recovery_codes_left: u64,
    pub few_codes_left: bool,
    pub needs_password: bool,
    /// While turning MFA on: the secret as text, and the QR code as SVG.
    pub setup_secret: Option<String>,
    pub setup_qr_svg: Option<String>,
}

/// One row of the sessions tab.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionView {
    pub id: String,
    pub device: Option<String>,
    pub client_addr: Option<String>,
    pub created: When,
    pub last_seen: When,
    pub current: bool,
}

/// One row of the activity tab.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventView {
    pub kind: String,
    pub at: When,
    pub client_addr: Option<String>,
    /// Who (root email or SAM name), shown when the list spans the operator.
    pub who: Option<String>,
    /// What it acted on (`user:<name>`, `role:<id>`).
    pub target: Option<String>,
}

/// A page of the activity tab.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityPage {
    pub events: Vec<EventView>,
    /// Whether the list spans the whole operator (the root user's view).
    pub operator_wide: bool,
    pub page: u64,
    pub has_older: bool,
}

/// A time for the page: UTC text before hydration, local time after.
#[cfg(feature = "ssr")]
pub(crate) fn when(unix: i64) -> When {
    let t = time::OffsetDateTime::from_unix_timestamp(unix).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    let utc = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second] UTC");
    When {
        unix,
        utc: t.format(utc).unwrap_or_default(),
        iso: t.format(&time::format_description::well_known::Rfc3339).unwrap_or_default(),
    }
}

#[cfg(feature = "ssr")]
fn secret(input: Option<SecretInput>) -> Option<crate::account::Secret> {
    input.map(Into::into)
}

/// Changes the signed-in user's password.
#[server(prefix = "/api", endpoint = "change_password")]
pub async fn change_password(
    current: SecretInput,
    password: SecretInput,
    confirm: SecretInput,
) -> Result<(), ConsoleError> {
    super::request::returns_to(crate::paths::SECURITY_PASSWORD);
    use super::request::{account, client_info, require_principal};
    use crate::account::password_change::PasswordChange;
    let p = require_principal().await?;
    let (current, new, confirm) = (current.into(), password.into(), confirm.into());
    account()?
        .change_password(&p, PasswordChange { current: Some(&current), new: &new, confirm: &confirm }, &client_info())
        .await?;
    leptos_axum::redirect(&crate::paths::with(crate::paths::SECURITY_PASSWORD, "changed=1"));
    Ok(())
}

/// The MFA tab's state.
#[server(prefix = "/api", endpoint = "mfa_status")]
pub async fn mfa_status() -> Result<MfaView, ConsoleError> {
    use super::request::{account, require_principal};
    use crate::account::mfa::recovery_codes::FEW_CODES_LEFT;
    let p = require_principal().await?;
    let s = account()?.mfa_status(&p).await?;
    Ok(MfaView {
        enabled: s.enabled,
        recovery_codes_left: s.recovery_codes_left,
        few_codes_left: s.enabled && s.recovery_codes_left < FEW_CODES_LEFT,
        needs_password: s.needs_password,
        setup_secret: s.setup.as_ref().map(|x| x.secret_base32.clone()),
        setup_qr_svg: s.setup.map(|x| x.qr_svg),
    })
}

/// Starts turning MFA on (a re-authentication renews the session cookie).
#[server(prefix = "/api", endpoint = "begin_mfa")]
pub async fn begin_mfa(current: Option<SecretInput>) -> Result<(), ConsoleError> {
    super::request::returns_to(crate::paths::SECURITY_MFA);
    use super::request::{account, client_info, require_principal, set_renewed_session};
    let p = require_principal().await?;
    let password = secret(current);
    let proof = crate::account::Proof { password: password.as_ref(), code: None };
    let done = account()?.begin_mfa_setup(&p, proof, &client_info()).await?;
    set_renewed_session(done.new_session.as_ref())?;
    leptos_axum::redirect(crate::paths::SECURITY_MFA);
    Ok(())
}

/// Confirms the MFA set-up with a current code; goes to the recovery codes.
#[server(prefix = "/api", endpoint = "confirm_mfa")]
pub async fn confirm_mfa(code: String) -> Result<(), ConsoleError> {
    super::request::returns_to(crate::paths::SECURITY_MFA);
    use super::request::{account, client_info, require_principal};
    let p = require_principal().await?;
    account()?.confirm_mfa_setup(&p, &code, &client_info()).await?;
    leptos_axum::redirect(crate::paths::SECURITY_MFA_CODES);
    Ok(())
}

/// Turns the user's own MFA off with the password and a current code.
#[server(prefix = "/api", endpoint = "disable_mfa")]
pub async fn disable_mfa(code: Option<String>, current: Option<SecretInput>) -> Result<(), ConsoleError> {
    super::request::returns_to(crate::paths::SECURITY_MFA);
    use crate::account::{Proof, mfa::by_owner::MfaOwner};
    let (account, caller) = super::request::acting().await?;
    let password = secret(current);
    let proof = Proof { password: password.as_ref(), code: code.as_deref() };
    account.revoke_mfa(&caller, MfaOwner::Own, proof).await?;
    leptos_axum::redirect(&crate::paths::with(crate::paths::SECURITY_MFA, "off=1"));
    Ok(())
}

/// Replaces the recovery codes (after re-authentication with the password
/// and a current code); goes to the page that shows them once.
#[server(prefix = "/api", endpoint = "regenerate_recovery_codes")]
pub async fn regenerate_recovery_codes(current: Option<SecretInput>, code: Option<String>) -> Result<(), ConsoleError> {
    super::request::returns_to(crate::paths::SECURITY_MFA);
    use super::request::{account, client_info, require_principal, set_renewed_session};
    let p = require_principal().await?;
    let password = secret(current);
    let proof = crate::account::Proof { password: password.as_ref(), code: code.as_deref() };
    let done = account()?.regenerate_recovery_codes(&p, proof, &client_info()).await?;
    set_renewed_session(done.new_session.as_ref())?;
    leptos_axum::redirect(crate::paths::SECURITY_MFA_CODES);
    Ok(())
}

/// The recovery codes just made, once.
#[server(prefix = "/api", endpoint = "new_recovery_codes")]
pub async fn new_recovery_codes() -> Result<Option<Vec<String>>, ConsoleError> {
    use super::request::{account, require_principal};
    let p = require_principal().await?;
    Ok(account()?.take_new_recovery_codes(&p).await?)
}

/// The user's active sessions.
#[server(prefix = "/api", endpoint = "list_sessions")]
pub async fn list_sessions() -> Result<Vec<SessionView>, ConsoleError> {
    use super::request::{account, require_principal};
    let p = require_principal().await?;
    Ok(account()?
        .list_sessions(&p)
        .await?
        .into_iter()
        .map(|s| SessionView {
            id: s.id,
            device: s.device,
            client_addr: s.client_addr,
            created: when(s.created_at),
            last_seen: when(s.last_seen_at),
            current: s.current,
        })
        .collect())
}

/// Ends one other session of the user.
#[server(prefix = "/api", endpoint = "end_session")]
pub async fn end_session(id: String) -> Result<(), ConsoleError> {
    super::request::returns_to(crate::paths::SECURITY_SESSIONS);
    use super::request::{account, client_info, require_principal};
    let p = require_principal().await?;
    account()?.end_session_of_user(&p, &id, &client_info()).await?;
    leptos_axum::redirect(&crate::paths::with(crate::paths::SECURITY_SESSIONS, "ended=1"));
    Ok(())
}

/// Ends all other sessions of the user.
#[server(prefix = "/api", endpoint = "end_other_sessions")]
pub async fn end_other_sessions() -> Result<(), ConsoleError> {
    super::request::returns_to(crate::paths::SECURITY_SESSIONS);
    use super::request::{account, client_info, require_principal};
    let p = require_principal().await?;
    account()?.end_all_other_sessions(&p, &client_info()).await?;
    leptos_axum::redirect(&crate::paths::with(crate::paths::SECURITY_SESSIONS, "ended=1"));
    Ok(())
}

/// Events shown per activity page.
pub const ACTIVITY_PAGE_SIZE: u64 = 20;

/// A page of the user's security events, newest first.
#[server(prefix = "/api", endpoint = "activity")]
pub async fn activity(page: u64) -> Result<ActivityPage, ConsoleError> {
    use super::request::{account, require_principal};
    let p = require_principal().await?;
    let activity = account()?.activity(&p, page, ACTIVITY_PAGE_SIZE).await?;
    Ok(ActivityPage {
        events: activity
            .events
            .into_iter()
            .map(|e| EventView {
                kind: e.kind,
                at: when(e.at),
                client_addr: e.client_addr,
                who: e.who,
                target: e.target,
            })
            .collect(),
        operator_wide: activity.operator_wide,
        page: page.min(crate::account::events::MAX_ACTIVITY_PAGE),
        has_older: activity.has_older,
    })
}
