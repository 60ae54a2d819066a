//! Root sign-in: one answer and equal timing for an unknown address and a
//! wrong password, the login lock per sign-in name, a throttle per client
//! address, and the MFA step (a short-lived, single-use pending-login token,
//! then a TOTP or recovery code, whose failures count toward the lock).

use super::config::MAX_PASSWORD_LEN;
use super::credential::email_address::EmailAddress;
use super::events::EventKind;
use super::store::entities::{operator, user};
use super::tokens::Purpose;
use super::{Account, AppError, ClientInfo, Secret, internal};
use crate::error::Field;
use crate::i18n::Lang;
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};

/// How long the MFA step may take after the right password.
pub const MFA_STEP_SECS: i64 = 5 * 60;

/// A successful sign-in: the session token for the cookie.
#[derive(Debug)]
pub struct SignedIn {
    pub session_token: Secret,
    pub user_id: i64,
    pub operator_id: String,
    /// The language stored in the account (read with the user, so settling
    /// the console language needs no second look-up).
    pub language: Option<Lang>,
}

/// What the password step leads to.
#[derive(Debug)]
pub enum SignInStep {
    /// Signed in.
    Done(SignedIn),
    /// MFA is on: finish with a code and this pending-login token.
    MfaRequired(Secret),
}

impl SignInStep {
    /// The sign-in, when no second step is needed.
    pub fn signed_in(self) -> Option<SignedIn> {
        match self {
            SignInStep::Done(s) => Some(s),
            SignInStep::MfaRequired(_) => None,
        }
    }
}

/// A password field's value must be given and of a sane length before
/// anything is looked up.
pub(crate) fn check_password_input(password: &Secret) -> Result<(), AppError> {
    if password.expose().is_empty() {
        return Err(AppError::Required(Field::Password));
    }
    if password.expose().chars().count() > MAX_PASSWORD_LEN {
        return Err(AppError::TooLong(Field::Password));
    }
    Ok(())
}

impl Account {
    /// Signs the root user in with email and password.
    pub async fn sign_in_root(
        &self,
        email: &str,
        password: &Secret,
        client: &ClientInfo,
    ) -> Result<SignInStep, AppError> {
        let email = EmailAddress::parse(email)?;
        check_password_input(password)?;
        let name_key = user::lock_key_for_email(email.as_str());
        // An unverified account past its link's lifetime is as good as gone.
        let found = self.root_by_email(&email).await?.filter(|u| !self.unverified_expired(u));
        let user = self.guarded_password_check(&name_key, found, password, client).await?;
        if !user.email_verified {
            self.settle_right_password(&name_key, client).await?;
            return Err(AppError::EmailNotVerified);
        }
        self.second_step(user, &name_key, password, client).await
    }

    /// Signs a SAM user in with operator id, user name and password. An
    /// unknown operator or name, a user without console access and a wrong
    /// password get the same answer, take the same time and count toward
    /// the same lock (per operator id + name).
    pub async fn sign_in_sam(
        &self,
        operator_id: &str,
        name: &str,
        password: &Secret,
        client: &ClientInfo,
    ) -> Result<SignInStep, AppError> {
        let operator_id = operator_id.trim().to_ascii_uppercase();
        let name = name.trim();
        if operator_id.is_empty() {
            return Err(AppError::Required(Field::OperatorId));
        }
        if name.is_empty() {
            return Err(AppError::Required(Field::Name));
        }
        if operator_id.chars().count() > 12 {
            return Err(AppError::TooLong(Field::OperatorId));
        }
        if name.chars().count() > super::sam_users::MAX_NAME {
            return Err(AppError::TooLong(Field::Name));
        }
        check_password_input(password)?;
        let name_key = user::lock_key_for_sam(&operator_id, name);
        let found = self.sam_user(&operator_id, name).await?.filter(|u| u.password_hash.is_some());
        let user = self.guarded_password_check(&name_key, found, password, client).await?;
        self.second_step(user, &name_key, password, client).await
    }

    /// After the right password of an allowed user: the MFA step when it is
    /// on, else the session.
    pub(crate) async fn second_step(
        &self,
        user: user::Model,
        name_key: &str,
        password: &Secret,
        client: &ClientInfo,
    ) -> Result<SignInStep, AppError> {
        self.ensure_operator_active(&user.operator_id).await?;
        if user.mfa_enabled {
            // The attempt stays counted until the second factor succeeds, so
            // the right password alone cannot reset the lock for code guessing.
            let user = self.rehash_if_outdated(user, password).await?;
            let token = self.issue_token(user.id, Purpose::MfaLogin, MFA_STEP_SECS).await?;
            return Ok(SignInStep::MfaRequired(token));
        }
        self.settle_sign_in(name_key, client).await?;
        let user = self.rehash_if_outdated(user, password).await?;
        self.finish_sign_in(user, client).await.map(SignInStep::Done)
    }

    /// After a right password: stores a fresh hash when the stored one has
    /// another cost than the configured one. Busy hashing threads just
    /// leave it for a later sign-in.
    async fn rehash_if_outdated(&self, user: user::Model, password: &Secret) -> Result<user::Model, AppError> {
        if !user.password_hash.as_deref().is_some_and(|h| self.inner.hasher.needs_rehash(h)) {
            return Ok(user);
        }
        let Ok(hash) = self.inner.hasher.hash(password).await else { return Ok(user) };
        let mut active = user.into_active_model();
        active.password_hash = Set(Some(hash));
        active.update(self.db()).await.map_err(internal)
    }

    /// The MFA step: a TOTP code or a recovery code for the pending login.
    pub async fn complete_mfa_sign_in(
        &self,
        pending: &str,
        code: &str,
        client: &ClientInfo,
    ) -> Result<SignedIn, AppError> {
        let row = self.peek_token(pending, Purpose::MfaLogin).await?.ok_or(AppError::MfaLoginExpired)?;
        let user = self.user(row.user_id).await?;
        let code = code.trim();
        self.counted_code_check(&user, code, client, self.accept_code(&user, code, client)).await?;
        if self.consume_token(pending, Purpose::MfaLogin).await?.is_none() {
            return Err(AppError::MfaLoginExpired);
        }
        self.ensure_operator_active(&user.operator_id).await?;
        self.finish_sign_in(user, client).await
    }

    /// Checks a second-factor code the way every MFA step does: the attempt
    /// is reserved on the user's name lock first (a locked name refuses
    /// even a right code), and a wrong or missing code is recorded
    /// (`mfa_failed`) and counted, and may lock the name.
    pub(crate) async fn counted_code_check(
        &self,
        u: &user::Model,
        code: &str,
        client: &ClientInfo,
        check: impl Future<Output = Result<bool, AppError>>,
    ) -> Result<(), AppError> {
        let key = u.lock_key();
        let attempt = self.reserve_name(&key, client, true).await?;
        if check.await? {
            self.settle_sign_in(&key, client).await?;
            return Ok(());
        }
        self.record(Some(u.id), Some(&u.operator_id), EventKind::MfaFailed, client).await?;
        self.settle_attempt_failure(&key, &attempt, Some(u), true, client).await?;
        Err(if code.trim().is_empty() { AppError::Required(Field::Code) } else { AppError::MfaCodeInvalid })
    }

    /// Whether `u` is an unverified root user whose verification link has
    /// expired: such an account counts as not existing.
    pub(crate) fn unverified_expired(&self, u: &user::Model) -> bool {
        !u.email_verified && u.created_at + self.config().verify_token_secs <= self.now()
    }

    /// Starts the session and notes the sign-in.
    async fn finish_sign_in(&self, user: user::Model, client: &ClientInfo) -> Result<SignedIn, AppError> {
        let session_token = self.create_session(user.id, client).await?;
        self.record(Some(user.id), Some(&user.operator_id), EventKind::SignIn, client).await?;
        let language = user.language.as_deref().and_then(Lang::from_tag);
        let (user_id, operator_id, last) = (user.id, user.operator_id.clone(), user.last_sign_in_at);
        let mut active = user.into_active_model();
        active.previous_sign_in_at = Set(last);
        active.last_sign_in_at = Set(Some(self.now()));
        active.update(self.db()).await.map_err(internal)?;
        Ok(SignedIn { session_token, user_id, operator_id, language })
    }

    /// Refuses suspended or deleted operators.
    pub(crate) async fn ensure_operator_active(&self, operator_id: &str) -> Result<(), AppError> {
        match operator::Entity::find_by_id(operator_id.to_string()).one(self.db()).await.map_err(internal)? {
            Some(op) if op.status == operator::ACTIVE => Ok(()),
            _ => Err(AppError::OperatorSuspended),
        }
    }
}
