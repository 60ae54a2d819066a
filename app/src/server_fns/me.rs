//! The signed-in user: who they are, their dashboard, their language.

use super::ConsoleError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Who is signed in, for the account menu.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub display_name: String,
    pub operator_id: String,
    pub is_root: bool,
    /// Whether the menu links to Email settings.
    pub email_settings: bool,
    /// Where Users & roles opens: `/users` when `User:listUsers` is
    /// allowed, else `/roles` when `Role:listRoles` is; none hides it.
    pub access_link: Option<String>,
}

/// The dashboard's data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DashboardData {
    pub me: Me,
    pub mfa_enabled: bool,
    pub recovery_email_set: bool,
    /// The previous sign-in, formatted in UTC.
    pub previous_sign_in: Option<String>,
}

/// The signed-in user, or `None`.
#[server(prefix = "/api", endpoint = "whoami")]
pub async fn whoami() -> Result<Option<Me>, ConsoleError> {
    let Some(p) = super::request::principal().await? else { return Ok(None) };
    Ok(Some(me(p).await?))
}

/// The dashboard of the signed-in user (`SignInRequired` otherwise).
#[server(prefix = "/api", endpoint = "dashboard")]
pub async fn dashboard() -> Result<DashboardData, ConsoleError> {
    // The session look-up already read the summary.
    let p = super::request::require_principal().await?;
    let s = p.summary.clone();
    Ok(DashboardData {
        mfa_enabled: s.mfa_enabled,
        recovery_email_set: s.recovery_email_set,
        previous_sign_in: s.previous_sign_in_at.and_then(format_utc),
        me: me(p).await?,
    })
}

/// Switches the console language (cookie, and the account when signed in);
/// the form post then shows the page again in that language.
#[server(prefix = "/api", endpoint = "set_language")]
pub async fn set_language(lang: String) -> Result<(), ConsoleError> {
    use super::request::{account, client_info, principal, set_lang_cookie};
    use crate::error::AppError;
    use crate::i18n::Lang;
    let lang = Lang::from_tag(&lang).ok_or(AppError::UnknownLanguage)?;
    set_lang_cookie(lang);
    if let Some(p) = principal().await? {
        account()?.set_language(p.user_id, lang, &client_info()).await?;
    }
    Ok(())
}

/// Who `p` is, and whether Users & roles is offered to it (decided by the
/// account service like every permission).
#[cfg(feature = "ssr")]
async fn me(p: crate::account::Principal) -> Result<Me, ConsoleError> {
    use crate::account::Caller;
    use crate::account::rights::AccessEntry;
    let caller = Caller { principal: p, client: super::request::client_info() };
    let menu = super::request::account()?.console_menu(&caller).await?;
    let access_link = menu.access.map(|e| match e {
        AccessEntry::Users => crate::paths::USERS.to_string(),
        AccessEntry::Roles => crate::paths::ROLES.to_string(),
    });
    // Who is signed in (the dashboard's "root user" / "SAM user" label), not
    // a right: what the menu offers comes from `console_menu` above.
    let is_root = caller.principal.is_root();
    let s = caller.principal.summary;
    let email_settings = menu.email_settings;
    Ok(Me { is_root, email_settings, display_name: s.display_name, operator_id: s.operator_id, access_link })
}

#[cfg(feature = "ssr")]
fn format_utc(unix: i64) -> Option<String> {
    let t = time::OffsetDateTime::from_unix_timestamp(unix).ok()?;
    t.format(time::macros::format_description!("[year]-[month]-[day] [hour]:[minute] UTC")).ok()
}
