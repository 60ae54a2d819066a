//! The links our mails carry (verify the sign-up address, confirm a new
//! primary or recovery address). Opening one only shows a button: link
//! scanners and prefetchers follow GETs, so the link acts only when the
//! person presses it (this POST).

use super::{ConsoleError, SecretInput};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Which kind of mailed link.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LinkKind {
    /// `/verify/:token`: the sign-up verification.
    Verify,
    /// `/email/confirm/:token`: a new primary address.
    Primary,
    /// `/email/recovery/:token`: a recovery address.
    Recovery,
}

impl LinkKind {
    /// How the kind travels in a form field.
    pub fn form_value(self) -> &'static str {
        match self {
            LinkKind::Verify => "Verify",
            LinkKind::Primary => "Primary",
            LinkKind::Recovery => "Recovery",
        }
    }

    /// The page the link opens, for `token`.
    pub fn page(self, token: &str) -> String {
        let prefix = match self {
            LinkKind::Verify => "/verify/",
            LinkKind::Primary => "/email/confirm/",
            LinkKind::Recovery => "/email/recovery/",
        };
        format!("{prefix}{}", crate::query::encode(token))
    }
}

/// Acts on a mailed link once its button is pressed, then goes on: to
/// sign-in after verification (which takes the password chosen at sign-up,
/// `password`), to the new password after a `/recover` address, else to a
/// page that says it is done.
#[server(prefix = "/api", endpoint = "open_mailed_link")]
pub async fn open_mailed_link(
    kind: LinkKind,
    token: SecretInput,
    password: Option<SecretInput>,
) -> Result<(), ConsoleError> {
    use super::request::{account, client_info, returns_to};
    let token = token.0;
    returns_to(&kind.page(&token));
    let (account, client) = (account()?, client_info());
    let next = match kind {
        LinkKind::Verify => {
            let password = crate::account::Secret::new(password.map(|p| p.0).unwrap_or_default());
            account
                .verify_email(&token, &password, &client)
                .await
                .map(|_| crate::paths::with(crate::paths::LOGIN, "verified=1"))
        }
        LinkKind::Primary => account.confirm_email_change(&token, &client).await.map(|done| match done.reset_token {
            Some(t) => format!("/password/reset/{}", t.expose()),
            None => "/email/done?which=primary".to_string(),
        }),
        LinkKind::Recovery => {
            account.confirm_recovery_email(&token, &client).await.map(|_| "/email/done?which=recovery".to_string())
        }
    };
    leptos_axum::redirect(&next?);
    Ok(())
}
