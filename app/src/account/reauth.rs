//! Re-authentication: sensitive changes (MFA, recovery codes, email
//! addresses, auth keys) need the password again unless it was entered in
//! this session within the last 10 minutes. A wrong password here counts
//! toward a lock of this session (not of the sign-in name: anyone can lock
//! a name, and that must not stop its owner inside a live session).

use super::entities::{session, user};
use super::events::EventKind;
use super::{Account, AppError, ClientInfo, Principal, Secret, internal};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

/// How long after entering the password no re-authentication is asked.
pub const REAUTH_WINDOW_SECS: i64 = 10 * 60;

impl Account {
    /// Whether the user entered the password in this session recently enough.
    pub fn recently_authenticated(&self, p: &Principal) -> bool {
        self.now() - p.authenticated_at <= REAUTH_WINDOW_SECS
    }

    /// Confirms it is really the user: a recent sign-in, or the password now.
    pub async fn confirm_identity(
        &self,
        p: &Principal,
        password: Option<&Secret>,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        if self.recently_authenticated(p) {
            return Ok(());
        }
        let password = password.filter(|pw| !pw.expose().is_empty()).ok_or(AppError::ReauthRequired)?;
        self.check_current_password(p, password, client).await?;
        session::Entity::update_many()
            .col_expr(session::Column::ReauthAt, self.now().into())
            .filter(session::Column::IdHash.eq(p.session_id.as_str()))
            .exec(self.db())
            .await
            .map_err(internal)?;
        Ok(())
    }

    /// Checks the signed-in user's current password, counting a wrong one
    /// toward this session's own lock.
    pub(crate) async fn check_current_password(
        &self,
        p: &Principal,
        password: &Secret,
        client: &ClientInfo,
    ) -> Result<user::Model, AppError> {
        let u = self.user(p.user_id).await?;
        let key = format!("session:{}", p.session_id);
        let reservation = self.reserve_attempt(&key, self.config().lock.max_failures).await?;
        let ok = match self.inner.hasher.verify(password, u.password_hash.as_deref()).await {
            Ok(ok) => ok,
            Err(busy) => {
                self.release_attempt(&key).await?;
                return Err(busy);
            }
        };
        if ok {
            self.settle_success(&key).await?;
            return Ok(u);
        }
        self.record(Some(u.id), Some(&u.operator_id), EventKind::PasswordCheckFailed, client).await?;
        self.settle_failure_of(&key, reservation, Some(&u), false, client).await?;
        Err(AppError::PasswordWrong)
    }

    /// Loads a user that must exist (the signed-in one).
    pub(crate) async fn user(&self, user_id: i64) -> Result<user::Model, AppError> {
        user::Entity::find_by_id(user_id).one(self.db()).await.map_err(internal)?.ok_or(AppError::SignInRequired)
    }
}
