//! Forgot / reset password.

use super::{ConsoleError, SecretInput};
use leptos::prelude::*;

/// "Forgot password": always goes on to the page that shows the address typed.
#[server(prefix = "/api", endpoint = "forgot_password")]
pub async fn forgot_password(email: String) -> Result<(), ConsoleError> {
    super::request::returns_to(crate::paths::FORGOT);
    use super::request::{account, client_info};
    let sent_to = account()?
        .request_password_reset(&email, &client_info())
        .await
        .map_err(|e| ConsoleError::with_email(e, &email))?;
    super::sent::redirect_to_sent("/password/forgot/sent", sent_to.as_str(), "")
}

/// Checks a reset link as it is opened: the address it is for.
#[server(prefix = "/api", endpoint = "check_reset_token")]
pub async fn check_reset_token(token: SecretInput) -> Result<String, ConsoleError> {
    Ok(super::request::account()?.check_reset_token(&token.0).await?)
}

/// Sets the new password with a reset link; goes to sign-in with a notice.
#[server(prefix = "/api", endpoint = "reset_password")]
pub async fn reset_password(
    token: SecretInput,
    password: SecretInput,
    confirm: SecretInput,
) -> Result<(), ConsoleError> {
    let token = token.0;
    use super::request::{account, client_info, returns_to};
    use crate::account::reset::PasswordReset;
    returns_to(&format!("/password/reset/{}", crate::query::encode(&token)));
    let (new, confirm) = (password.into(), confirm.into());
    let form = PasswordReset { token: &token, new: &new, confirm: &confirm };
    account()?.reset_password(form, &client_info()).await?;
    leptos_axum::redirect(&crate::paths::with(crate::paths::LOGIN, "reset=1"));
    Ok(())
}

/// The address our mails come from (for "allow mail from …").
#[server(prefix = "/api", endpoint = "mail_sender")]
pub async fn mail_sender() -> Result<String, ConsoleError> {
    Ok(super::request::account()?.config().mail_from.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_function_arguments_never_print_tokens_or_passwords() {
        let args = ResetPassword {
            token: SecretInput("aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE".into()),
            password: SecretInput("tulip-river-42".into()),
            confirm: SecretInput("tulip-river-42".into()),
        };
        let printed = format!("{args:?}");
        assert!(!printed.contains("aB3dE5gH") && !printed.contains("tulip"), "{printed}");
    }
}
