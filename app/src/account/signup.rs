//! Sign-up and email verification. Sign-up never reveals that an address is
//! taken: it always answers "check your mail"; the owner of a taken address
//! gets a mail saying someone tried to sign up with it.

use super::credential::email_address::EmailAddress;
use super::credential::password_policy::check_new_password;
use super::events::EventKind;
use super::lock::{ClientBudget, LockKey};
use super::mail::templates;
use super::store::entities::user;
use super::tokens::Purpose;
use super::{Account, AppError, ClientInfo, Secret, internal};
use crate::i18n::Lang;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};

/// What a sign-up form carries.
#[derive(Clone, Debug)]
pub struct SignUpForm<'a> {
    pub email: &'a str,
    pub password: &'a Secret,
    pub confirm: &'a Secret,
}

/// How often the owner of a verified address is told of sign-up attempts
/// with it at most.
pub const SIGNUP_NOTICE_EVERY_SECS: i64 = 24 * 60 * 60;

impl Account {
    /// Signs up a new operator. On success (including "the address was
    /// already taken") returns the normalized address the mail went to.
    pub async fn sign_up(
        &self,
        form: SignUpForm<'_>,
        lang: Lang,
        client: &ClientInfo,
    ) -> Result<EmailAddress, AppError> {
        let email = EmailAddress::parse(form.email)?;
        check_new_password(form.password, form.confirm, Some(email.as_str()), self.config().min_password_len)?;
        // Limited per address and per client like "forgot password", before
        // any hashing or mail.
        let policy = self.config().lock;
        self.reserve_attempt(&LockKey::SignUp(email.as_str()).to_string(), policy.max_failures).await?;
        if let Some(key) = LockKey::client(ClientBudget::SignUp, client) {
            self.reserve_attempt(&key.to_string(), policy.max_failures_per_client).await?;
        }
        // Hash first on every path, so a taken address takes as long as a new one.
        let hash = self.inner.hasher.hash(form.password).await?;
        if let Some(existing) = self.root_by_email(&email).await? {
            self.sign_up_again(existing, hash, lang, client).await?;
            return Ok(email);
        }
        let Some(created) = self.insert_operator(&email, hash, false, lang).await? else {
            if let Some(existing) = self.root_by_email(&email).await? {
                self.tell_owner_of_existing(&existing, client).await?;
            }
            return Ok(email);
        };
        if let Err(e) = self.send_verification(created.user_id, &email, lang).await {
            // Nothing half-done: without the mail the account could never be verified.
            super::store::entities::operator::Entity::delete_by_id(created.operator_id.clone())
                .exec(self.db())
                .await
                .map_err(internal)?;
            return Err(e);
        }
        self.record(Some(created.user_id), Some(&created.operator_id), EventKind::SignedUp, client).await?;
        Ok(email)
    }

    /// A sign-up for an address that already has a root user. A verified
    /// owner is told by mail. An unverified account takes this sign-up's
    /// password (and language), its sessions end, and its age restarts: who
    /// opens the newest link verifies the password its mailbox owner chose,
    /// never one an earlier registrant set.
    async fn sign_up_again(
        &self,
        existing: user::Model,
        hash: String,
        lang: Lang,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        if existing.email_verified {
            return self.tell_owner_of_existing(&existing, client).await;
        }
        let mut active = existing.clone().into_active_model();
        active.password_hash = Set(Some(hash));
        active.language = Set(Some(lang.tag().to_string()));
        active.created_at = Set(self.now());
        let updated = active.update(self.db()).await.map_err(internal)?;
        super::store::entities::session::Entity::delete_many()
            .filter(super::store::entities::session::Column::UserId.eq(updated.id))
            .exec(self.db())
            .await
            .map_err(internal)?;
        self.tell_owner_of_existing(&updated, client).await
    }

    /// Tells the owner of a taken address: a verified owner gets the
    /// "someone tried to sign up" notice at most once a day (each notice is
    /// in their activity); an unverified one a fresh link.
    async fn tell_owner_of_existing(&self, existing: &user::Model, client: &ClientInfo) -> Result<(), AppError> {
        let Some(addr) = existing.email.as_deref() else {
            return Ok(());
        };
        let email = EmailAddress::parse(addr)?;
        if !existing.email_verified {
            return self.send_verification(existing.id, &email, existing.lang()).await;
        }
        let last = self.last_event_at(existing.id, EventKind::SignUpAttempted).await?;
        if last.is_some_and(|at| self.now() - at < SIGNUP_NOTICE_EVERY_SECS) {
            // No mail, but a mail server round trip all the same: the answer
            // must not show whether the owner was told before.
            return self.probe_mail().await;
        }
        let mail = templates::signup_attempt(addr, existing.lang(), &self.link(crate::paths::LOGIN));
        self.deliver_notice(&mail).await?;
        self.record(Some(existing.id), Some(&existing.operator_id), EventKind::SignUpAttempted, client).await
    }

    async fn send_verification(&self, user_id: i64, email: &EmailAddress, lang: Lang) -> Result<(), AppError> {
        let secs = self.config().verify_token_secs;
        let token = self.issue_token(user_id, Purpose::VerifyEmail, secs).await?;
        let link = self.link(&format!("/verify/{}", token.expose()));
        let mail = templates::verify_email(email.as_str(), lang, &link, (secs / 3600).max(1));
        self.deliver_link(&mail, user_id, Purpose::VerifyEmail, &token, secs).await
    }

    /// Opens a verification link with the password typed on its page:
    /// marks the root user verified with that password. The token works
    /// once; used, expired, superseded or altered tokens are refused. The
    /// password must be the one of the latest sign-up with the address, so
    /// whoever signed up last without owning the mailbox never decides the
    /// password (a mistyped password keeps the link).
    pub async fn verify_email(&self, token: &str, password: &Secret, client: &ClientInfo) -> Result<(), AppError> {
        let row = self.peek_token(token, Purpose::VerifyEmail).await?.ok_or(AppError::VerificationTokenInvalid)?;
        let Some(u) = user::Entity::find_by_id(row.user_id).one(self.db()).await.map_err(internal)? else {
            return Err(AppError::VerificationTokenInvalid);
        };
        if !self.inner.hasher.verify(password, u.password_hash.as_deref()).await? {
            return Err(AppError::VerifyPasswordMismatch);
        }
        if self.consume_token(token, Purpose::VerifyEmail).await?.is_none() {
            return Err(AppError::VerificationTokenInvalid);
        }
        let (user_id, operator_id) = (u.id, u.operator_id.clone());
        let confirmed = u.password_hash.clone();
        let mut active = u.into_active_model();
        active.email_verified = Set(true);
        // The password confirmed above, even if a sign-up replaced it meanwhile.
        active.password_hash = Set(confirmed);
        active.update(self.db()).await.map_err(internal)?;
        self.record(Some(user_id), Some(&operator_id), EventKind::EmailVerified, client).await
    }

    /// "Send the link again": mails a fresh link (superseding older ones) if
    /// the address belongs to an unverified root user; answers the same in
    /// every case.
    pub async fn resend_verification(&self, email: &str) -> Result<EmailAddress, AppError> {
        let started = tokio::time::Instant::now();
        let email = EmailAddress::parse(email)?;
        let result = self.resend_if_unverified(&email).await;
        // Padded like "forgot password": a mail sent or not takes as long.
        self.pad_mail_response(started).await;
        result.map(|_| email)
    }

    async fn resend_if_unverified(&self, email: &EmailAddress) -> Result<(), AppError> {
        // At most a few mails per address and window, whoever asks.
        self.reserve_attempt(&LockKey::Resend(email.as_str()).to_string(), self.config().lock.max_failures).await?;
        if let Some(u) = self.root_by_email(email).await?
            && !u.email_verified
            && !self.unverified_expired(&u)
        {
            return self.send_verification(u.id, email, u.lang()).await;
        }
        self.probe_mail().await
    }
}
