//! Re-authentication: sensitive changes (MFA, recovery codes, email
//! addresses, auth keys) need the password again unless it was entered in
//! this session within the last 10 minutes, and users with MFA on give a
//! current code with it. A re-authentication is a step up: the session gets
//! a new id (the old token stops working), keeping everything it held.
//! Wrong answers here count toward the user's re-authentication lock,
//! shared by all its sessions and tokens (not the sign-in name's: anyone
//! can lock a name, and that must not stop its owner inside a live
//! session). Which changes need which proof, by how the session was
//! opened, is the table in `authz::proof`; [`Account::prove`] asks it.

use super::authz::proof::{self, Guarded, Needs};
use super::credential::secret::{random_token, token_digest};
use super::events::EventKind;
use super::lock::LockKey;
use super::store::entities::{session, user};
use super::{Account, AppError, Caller, ClientInfo, Opened, Principal, Secret, internal};
use crate::error::Field;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, TransactionTrait};

/// How long after entering the password no re-authentication is asked.
pub const REAUTH_WINDOW_SECS: i64 = 10 * 60;

/// What a user gives to show it is them: the current password and, when
/// MFA is on, a current code from the authenticator.
#[derive(Clone, Copy, Debug, Default)]
pub struct Proof<'a> {
    pub password: Option<&'a Secret>,
    pub code: Option<&'a str>,
}

impl<'a> Proof<'a> {
    /// The password alone (for users without MFA, and for the changes that
    /// ask no code).
    pub fn password(password: &'a Secret) -> Self {
        Proof { password: Some(password), code: None }
    }
}

/// The outcome of a change that may have re-authenticated: its value and,
/// when the session was renewed, the new session token, which the adapter
/// must hand to the browser (the old one no longer works).
#[derive(Debug)]
pub struct Reauthed<T> {
    pub value: T,
    pub new_session: Option<Secret>,
}

impl Account {
    /// Whether the user entered the password in this session recently enough.
    pub fn recently_authenticated(&self, p: &Principal) -> bool {
        self.now() - p.authenticated_at <= REAUTH_WINDOW_SECS
    }

    /// Confirms it is really the user: a recent sign-in, or the password
    /// (and a code when MFA is on) now. A re-authentication renews the
    /// session; the principal to act as from then on is returned.
    pub async fn confirm_identity(
        &self,
        p: &Principal,
        proof: Proof<'_>,
        client: &ClientInfo,
    ) -> Result<Reauthed<Principal>, AppError> {
        if self.recently_authenticated(p) {
            return Ok(Reauthed { value: p.clone(), new_session: None });
        }
        if proof.password.is_none_or(|pw| pw.expose().is_empty()) {
            return Err(AppError::ReauthRequired);
        }
        self.check_proof(p, proof, true, client).await?;
        let (renewed, token) = self.renew_session(p).await?;
        Ok(Reauthed { value: renewed, new_session: Some(token) })
    }

    /// Checks the proof `change` needs from the caller (the table in
    /// [`proof`]): the one place the console and `/v1` ask it. A
    /// re-authentication renews the session; the principal to act as from
    /// then on comes back, with the new token when there is one.
    pub(crate) async fn prove(
        &self,
        caller: &Caller,
        change: Guarded,
        given: Proof<'_>,
    ) -> Result<Reauthed<Principal>, AppError> {
        let p = &caller.principal;
        let client = &caller.client;
        let unchanged = || Reauthed { value: p.clone(), new_session: None };
        match proof::needs(change, p.opened) {
            Needs::Nothing => Ok(unchanged()),
            Needs::Refused => Err(AppError::NeedsPasswordSignIn),
            Needs::CurrentPassword => {
                let password = given.password.ok_or(AppError::OwnPasswordNeedsCurrent)?;
                self.check_current_password(p, password, client).await?;
                Ok(unchanged())
            }
            Needs::RecentSignIn => self.confirm_identity(p, given, client).await,
            Needs::PasswordAndCode if p.opened == Opened::Console => {
                self.check_proof(p, given, true, client).await?;
                Ok(unchanged())
            }
            Needs::PasswordAndCode => {
                // A token: the code was asked when it was opened.
                if !self.recently_authenticated(p) {
                    return Err(AppError::ReauthRequired);
                }
                if let Some(password) = given.password {
                    self.check_current_password(p, password, client).await?;
                }
                Ok(unchanged())
            }
        }
    }

    /// Checks the signed-in user's current password (no code asked).
    pub(crate) async fn check_current_password(
        &self,
        p: &Principal,
        password: &Secret,
        client: &ClientInfo,
    ) -> Result<user::Model, AppError> {
        self.check_proof(p, Proof::password(password), false, client).await
    }

    /// Checks the password and, when `ask_code` and MFA is on, a current
    /// TOTP code or a recovery code; one counted attempt on the user's re-authentication lock
    /// either way (every session and token of the user shares it, so new
    /// sessions bring no new guesses).
    pub(crate) async fn check_proof(
        &self,
        p: &Principal,
        proof: Proof<'_>,
        ask_code: bool,
        client: &ClientInfo,
    ) -> Result<user::Model, AppError> {
        let u = self.user(p.user_id).await?;
        let password = proof.password.filter(|pw| !pw.expose().is_empty()).ok_or(AppError::Required(Field::Current))?;
        let code = proof.code.map(str::trim).unwrap_or("");
        let needs_code = ask_code && u.mfa_enabled;
        if needs_code && code.is_empty() {
            return Err(AppError::Required(Field::Code));
        }
        let key = LockKey::Reauth(p.user_id).to_string();
        let reservation = self.reserve_attempt(&key, self.config().lock.max_failures).await?;
        let ok = match self.inner.hasher.verify(password, u.password_hash.as_deref()).await {
            Ok(ok) => ok,
            Err(busy) => {
                self.release_attempt(&key).await?;
                return Err(busy);
            }
        };
        let (err, kind) = if !ok {
            (AppError::PasswordWrong, EventKind::PasswordCheckFailed)
        } else if needs_code && !self.accept_code(&u, code, client).await? {
            (AppError::MfaCodeInvalid, EventKind::MfaFailed)
        } else {
            self.settle_success(&key).await?;
            return Ok(u);
        };
        self.record(Some(u.id), Some(&u.operator_id), kind, client).await?;
        self.settle_failure(&key, reservation, Some(&u), false, client).await?;
        Err(err)
    }

    /// Gives the session a new id and token, marked re-authenticated now.
    /// The row keeps its flash and ages; a pending MFA set-up follows it.
    async fn renew_session(&self, p: &Principal) -> Result<(Principal, Secret), AppError> {
        let token = random_token();
        let id = token_digest(token.expose());
        let now = self.now();
        let tx = self.db().begin().await.map_err(internal)?;
        let moved = session::Entity::update_many()
            .col_expr(session::Column::IdHash, id.clone().into())
            .col_expr(session::Column::ReauthAt, Some(now).into())
            .filter(session::Column::IdHash.eq(p.session_id.as_str()))
            .exec(&tx)
            .await
            .map_err(internal)?;
        if moved.rows_affected != 1 {
            return Err(AppError::SignInRequired);
        }
        user::Entity::update_many()
            .col_expr(user::Column::MfaPendingSession, Some(id.clone()).into())
            .filter(user::Column::Id.eq(p.user_id))
            .filter(user::Column::MfaPendingSession.eq(p.session_id.as_str()))
            .exec(&tx)
            .await
            .map_err(internal)?;
        tx.commit().await.map_err(internal)?;
        Ok((Principal { session_id: id, authenticated_at: now, ..p.clone() }, token))
    }

    /// Loads a user that must exist (the signed-in one).
    pub(crate) async fn user(&self, user_id: i64) -> Result<user::Model, AppError> {
        user::Entity::find_by_id(user_id).one(self.db()).await.map_err(internal)?.ok_or(AppError::SignInRequired)
    }
}
