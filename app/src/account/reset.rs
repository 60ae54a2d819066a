//! Forgot / reset password. Asking always answers the same, for known and
//! unknown addresses alike and in about the same time; the mailed link works
//! once (one conditional UPDATE), for an hour, until a newer one supersedes
//! it, and never for a suspended operator. A reset ends every session.

use super::credential::email_address::EmailAddress;
use super::credential::password_policy::{PasswordOwner, check_new_password};
use super::events::EventKind;
use super::lock::{ClientBudget, LockKey};
use super::mail::templates;
use super::store::entities::{session, user};
use super::tokens::Purpose;
use super::{Account, AppError, ClientInfo, Secret, internal};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};
use std::time::Duration;
use tokio::time::Instant;

/// What the reset form carries.
pub struct PasswordReset<'a> {
    pub token: &'a str,
    pub new: &'a Secret,
    pub confirm: &'a Secret,
}

/// Never prints the token (a live reset link) or the passwords.
impl std::fmt::Debug for PasswordReset<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasswordReset { token: ***, new: ***, confirm: *** }")
    }
}

impl Account {
    /// "Forgot password": mails a reset link if the address belongs to an
    /// active root user. Answers with the address typed in every case, also
    /// when mail is down (the link is queued and sent when it is back; the
    /// mail server is asked for unknown addresses too).
    pub async fn request_password_reset(&self, email: &str, client: &ClientInfo) -> Result<EmailAddress, AppError> {
        let started = Instant::now();
        let email = EmailAddress::parse(email)?;
        let result = self.send_reset_link(&email, client).await;
        self.pad_mail_response(started).await;
        result.map(|_| email)
    }

    async fn send_reset_link(&self, email: &EmailAddress, client: &ClientInfo) -> Result<(), AppError> {
        let policy = self.config().lock;
        self.reserve_attempt(&LockKey::Reset(email.as_str()).to_string(), policy.max_failures).await?;
        if let Some(key) = LockKey::client(ClientBudget::Reset, client) {
            self.reserve_attempt(&key.to_string(), policy.max_failures_per_client).await?;
        }
        let Some(u) = self.root_by_email(email).await? else { return self.probe_mail().await };
        if self.ensure_operator_active(&u.operator_id).await.is_err() {
            return self.probe_mail().await;
        }
        let secs = self.config().reset_token_secs;
        let token = self.issue_token(u.id, Purpose::PasswordReset, secs).await?;
        let link = self.link(&format!("/password/reset/{}", token.expose()));
        let mail = templates::password_reset(email.as_str(), u.lang(), &link, (secs / 60).max(1));
        self.deliver_link(&mail, u.id, Purpose::PasswordReset, &token, secs).await
    }

    /// Waits until the configured minimum answer time has passed (on tokio's
    /// clock, so tests can run it on paused time).
    pub(crate) async fn pad_mail_response(&self, started: Instant) {
        let floor = Duration::from_millis(self.config().min_mail_response_ms);
        if let Some(rest) = floor.checked_sub(started.elapsed()) {
            tokio::time::sleep(rest).await;
        }
    }

    /// Checks a reset link when it is opened (without using it): the
    /// address it is for, or why it cannot be used.
    pub async fn check_reset_token(&self, token: &str) -> Result<String, AppError> {
        let row = self.peek_token(token, Purpose::PasswordReset).await?.ok_or(AppError::ResetTokenInvalid)?;
        let u = self.user(row.user_id).await.map_err(|_| AppError::ResetTokenInvalid)?;
        self.ensure_operator_active(&u.operator_id).await?;
        Ok(u.email.unwrap_or_default())
    }

    /// Sets a new password with a reset link; the link is used up, every
    /// session of the user ends, and a notice is mailed.
    pub async fn reset_password(&self, form: PasswordReset<'_>, client: &ClientInfo) -> Result<(), AppError> {
        let row = self.peek_token(form.token, Purpose::PasswordReset).await?.ok_or(AppError::ResetTokenInvalid)?;
        let u = self.user(row.user_id).await.map_err(|_| AppError::ResetTokenInvalid)?;
        self.ensure_operator_active(&u.operator_id).await?;
        check_new_password(form.new, form.confirm, PasswordOwner::of(&u), self.config().min_password_len)?;
        let hash = self.inner.hasher.hash(form.new).await?;
        if self.consume_token(form.token, Purpose::PasswordReset).await?.is_none() {
            return Err(AppError::ResetTokenInvalid);
        }
        let lock_key = u.lock_key();
        let mut active = u.clone().into_active_model();
        active.password_hash = Set(Some(hash));
        // Opening the mailed link proves the mailbox, as verification does.
        active.email_verified = Set(true);
        active.update(self.db()).await.map_err(internal)?;
        session::Entity::delete_many()
            .filter(session::Column::UserId.eq(u.id))
            .exec(self.db())
            .await
            .map_err(internal)?;
        self.supersede_all_links(u.id).await?;
        // The link lifts the name's lock, and its opener's client's.
        self.settle_sign_in(&lock_key, client).await?;
        self.record(Some(u.id), Some(&u.operator_id), EventKind::PasswordReset, client).await?;
        let login = self.link(crate::paths::LOGIN);
        self.notify_user(&u, |to| templates::password_changed(to, u.lang(), &login)).await;
        Ok(())
    }

    /// Sends a security notice to the user's primary and verified recovery
    /// addresses, after the change it tells of is done.
    pub(crate) async fn notify_user(&self, u: &user::Model, render: impl Fn(&str) -> super::mail::OutgoingMail) {
        for to in [u.email.as_deref(), u.recovery_email.as_deref()].into_iter().flatten() {
            self.notify(&render(to)).await;
        }
    }
}
