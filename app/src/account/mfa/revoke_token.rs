//! "I lost my authenticator" through the API (`Operator:issueMFARevokingToken`
//! and `Operator:verifyMFARevokingToken`, no sign-in): the email and
//! password ask for a one-time token mailed to the primary address; the
//! token, the password again and one recovery code turn MFA off. Every
//! password check counts toward the login lock, every wrong recovery code
//! too, and unknown addresses answer as wrong passwords do.

use crate::account::credential::email_address::EmailAddress;
use crate::account::events::EventKind;
use crate::account::login::check_password_input;
use crate::account::mail::templates;
use crate::account::store::entities::user;
use crate::account::tokens::Purpose;
use crate::account::{Account, AppError, ClientInfo, Secret};
use crate::error::Field;

/// How long the mailed token works.
pub const MFA_REVOKE_SECS: i64 = 30 * 60;

/// What `verifyMFARevokingToken` carries.
pub struct MfaRevoke<'a> {
    pub email: &'a str,
    pub password: &'a Secret,
    pub token: &'a str,
    pub backup_code: &'a str,
}

/// Never prints the password, token or code.
impl std::fmt::Debug for MfaRevoke<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MfaRevoke { *** }")
    }
}

impl Account {
    /// The verified root user of `email` with MFA on, after its password.
    /// A right password gives its slot on the name's lock back without
    /// clearing the count, so wrong recovery codes keep adding up across
    /// attempts (a success of the whole flow clears it).
    async fn mfa_user_by_password(
        &self,
        email: &str,
        password: &Secret,
        client: &ClientInfo,
    ) -> Result<(user::Model, String), AppError> {
        let email = EmailAddress::parse(email)?;
        check_password_input(password)?;
        let name_key = user::lock_key_for_email(email.as_str());
        let found = self.root_by_email(&email).await?.filter(|u| u.email_verified);
        let u = self.guarded_password_check(&name_key, found, password, client).await?;
        self.release_right_password(&name_key, client).await?;
        self.ensure_operator_active(&u.operator_id).await?;
        if !u.mfa_enabled {
            return Err(AppError::MfaState);
        }
        Ok((u, name_key))
    }

    /// Mails the one-time token to the primary address.
    pub async fn issue_mfa_revoking_token(
        &self,
        email: &str,
        password: &Secret,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        let (u, _) = self.mfa_user_by_password(email, password, client).await?;
        let token = self.issue_token(u.id, Purpose::MfaRevoke, MFA_REVOKE_SECS).await?;
        let to = u.email.clone().unwrap_or_default();
        let mail = templates::mfa_revoke_token(
            &to,
            u.lang(),
            token.expose(),
            MFA_REVOKE_SECS / 60,
            &self.link(crate::paths::SECURITY_MFA),
        );
        self.deliver_link(&mail, u.id, Purpose::MfaRevoke, &token, MFA_REVOKE_SECS).await
    }

    /// Turns MFA off with the mailed token, the password and a recovery
    /// code; the user's sessions and tokens end, and the user is told.
    pub async fn verify_mfa_revoking_token(&self, form: MfaRevoke<'_>, client: &ClientInfo) -> Result<(), AppError> {
        if form.token.trim().is_empty() {
            return Err(AppError::Required(Field::Token));
        }
        if form.backup_code.trim().is_empty() {
            return Err(AppError::Required(Field::Code));
        }
        let (u, name_key) = self.mfa_user_by_password(form.email, form.password, client).await?;
        let row = self.peek_token(form.token.trim(), Purpose::MfaRevoke).await?;
        if row.is_none_or(|r| r.user_id != u.id) {
            return Err(AppError::MfaRevokeTokenInvalid);
        }
        let code = form.backup_code.trim();
        self.counted_code_check(&u, code, client, self.use_recovery_code(u.id, code)).await?;
        if self.consume_token(form.token.trim(), Purpose::MfaRevoke).await?.is_none() {
            return Err(AppError::MfaRevokeTokenInvalid);
        }
        self.settle_sign_in(&name_key, client).await?;
        self.revoke_mfa_and_sign_out(u.id).await?;
        self.record(Some(u.id), Some(&u.operator_id), EventKind::MfaDisabled, client).await?;
        let link = self.link(crate::paths::SECURITY_MFA);
        self.notify_user(&u, |to| templates::mfa_disabled(to, u.lang(), &link)).await;
        Ok(())
    }
}
