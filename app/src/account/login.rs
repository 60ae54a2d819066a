//! Root sign-in: one answer and equal timing for an unknown address and a
//! wrong password, the login lock per sign-in name, and a throttle per
//! client address.

use super::config::MAX_PASSWORD_LEN;
use super::email_address::EmailAddress;
use super::entities::operator;
use super::events::EventKind;
use super::{Account, AppError, ClientInfo, Secret, internal};
use crate::error::Field;
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};

/// A successful sign-in: the session token for the cookie.
#[derive(Debug)]
pub struct SignedIn {
    pub session_token: Secret,
    pub user_id: i64,
    pub operator_id: String,
}

impl Account {
    /// Signs the root user in with email and password.
    pub async fn sign_in_root(
        &self,
        email: &str,
        password: &Secret,
        client: &ClientInfo,
    ) -> Result<SignedIn, AppError> {
        let email = EmailAddress::parse(email)?;
        if password.expose().is_empty() {
            return Err(AppError::Required(Field::Password));
        }
        if password.expose().chars().count() > MAX_PASSWORD_LEN {
            return Err(AppError::TooLong(Field::Password));
        }
        let policy = self.config().lock;
        let addr_key = client.addr.as_ref().map(|a| format!("addr:{a}"));
        if let Some(key) = &addr_key {
            self.reserve_attempt(key, policy.max_failures_per_client).await?;
        }
        let name_key = format!("name:{}", email.as_str());
        let found = self.root_by_email(&email).await?;
        let reservation = match self.reserve_attempt(&name_key, policy.max_failures).await {
            Ok(r) => r,
            Err(e) => {
                if let Some(key) = &addr_key {
                    self.release_attempt(key).await?;
                }
                self.record(found.as_ref().map(|u| u.id), None, EventKind::SignInLocked, client).await?;
                return Err(e);
            }
        };
        let ok = self.inner.hasher.verify(password, found.as_ref().and_then(|u| u.password_hash.as_deref())).await;
        let user = match (ok, found) {
            (true, Some(u)) => u,
            (_, found) => {
                let user_id = found.as_ref().map(|u| u.id);
                self.record(user_id, None, EventKind::SignInFailed, client).await?;
                if self.settle_failure(&name_key, policy.max_failures, reservation).await? {
                    self.record(user_id, None, EventKind::Locked, client).await?;
                }
                return Err(AppError::InvalidCredentials);
            }
        };
        if let Some(key) = &addr_key {
            self.release_attempt(key).await?;
        }
        self.settle_success(&name_key).await?;
        if !user.email_verified {
            return Err(AppError::EmailNotVerified);
        }
        self.ensure_operator_active(&user.operator_id).await?;
        let session_token = self.create_session(user.id, client).await?;
        self.record(Some(user.id), Some(&user.operator_id), EventKind::SignIn, client).await?;
        let (user_id, operator_id, last) = (user.id, user.operator_id.clone(), user.last_sign_in_at);
        let mut active = user.into_active_model();
        active.previous_sign_in_at = Set(last);
        active.last_sign_in_at = Set(Some(self.now()));
        active.update(self.db()).await.map_err(internal)?;
        Ok(SignedIn { session_token, user_id, operator_id })
    }

    /// Refuses suspended or deleted operators.
    pub(crate) async fn ensure_operator_active(&self, operator_id: &str) -> Result<(), AppError> {
        match operator::Entity::find_by_id(operator_id.to_string()).one(self.db()).await.map_err(internal)? {
            Some(op) if op.status == operator::ACTIVE => Ok(()),
            _ => Err(AppError::OperatorSuspended),
        }
    }
}
