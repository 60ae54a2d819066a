//! MFA as the API names it: on the root user (`Operator:*MFA`) or on a
//! named SAM user (`User:*UserMFA`). A user's own MFA goes through the
//! same functions as the console's security tab; another user's may be
//! read or revoked by who is permitted, but only the user itself can set
//! up its authenticator. Turning MFA on needs a token opened with the
//! password in the last minutes (never an auth key's).

use crate::account::authz::proof::Guarded;
use crate::account::authz::{Action, Target};
use crate::account::events::EventKind;
use crate::account::{Account, AppError, Caller, Proof};

/// Whose MFA an operation is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MfaOwner<'a> {
    /// The caller's own, whoever it is (the console's Security → MFA).
    Own,
    /// The operator's root user (the `Operator` operations).
    Operator,
    /// A SAM user (the `User` operations).
    User(&'a str),
}

/// The states the API reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MfaState {
    Active,
    Inactive,
    /// Turned on, waiting for the first code (`verifyMFA`).
    Unconfirmed,
}

impl MfaState {
    /// The state of a user row: on, waiting for its first code, or off.
    fn of(enabled: bool, pending: bool) -> MfaState {
        match (enabled, pending) {
            (true, _) => MfaState::Active,
            (false, true) => MfaState::Unconfirmed,
            _ => MfaState::Inactive,
        }
    }
}

impl Account {
    /// Authorizes an MFA operation on `owner` (`for_root` on the root
    /// user's, a root-only action; `for_user` on a SAM user's). `None` when
    /// it is the caller's own MFA, else the other SAM user's name.
    async fn mfa_target(
        &self,
        caller: &Caller,
        owner: MfaOwner<'_>,
        for_root: Action,
        for_user: Action,
    ) -> Result<Option<String>, AppError> {
        let name = match owner {
            MfaOwner::Own => caller.principal.sam_name(),
            MfaOwner::Operator => None,
            MfaOwner::User(name) => Some(name),
        };
        match name {
            Some(name) => {
                self.authorize(caller, for_user, Target::user(name)).await?;
                Ok((!caller.principal.is_user(name)).then(|| name.to_string()))
            }
            None => self.authorize(caller, for_root, Target::OPERATOR).await.map(|()| None),
        }
    }

    /// `getMFAStatus` / `getUserMFAStatus`.
    pub async fn mfa_state(&self, caller: &Caller, owner: MfaOwner<'_>) -> Result<MfaState, AppError> {
        if let Some(name) = self.mfa_target(caller, owner, Action::GetMfaStatus, Action::GetUserMfaStatus).await? {
            let u = self.sam_user_of(caller, &name).await?;
            return Ok(MfaState::of(u.mfa_enabled, u.mfa_pending_secret.is_some()));
        }
        let status = self.mfa_status(&caller.principal).await?;
        Ok(MfaState::of(status.enabled, status.setup.is_some()))
    }

    /// `enableMFA` / `enableUserMFA`: starts the set-up and answers the
    /// `otpauth://` URI for the authenticator.
    pub async fn enable_mfa_of(&self, caller: &Caller, owner: MfaOwner<'_>) -> Result<String, AppError> {
        if self.mfa_target(caller, owner, Action::EnableMfa, Action::EnableUserMfa).await?.is_some() {
            return Err(AppError::MfaSelfOnly);
        }
        self.begin_mfa_setup(&caller.principal, Proof::default(), &caller.client).await?;
        let status = self.mfa_status(&caller.principal).await?;
        status.setup.map(|s| s.otpauth_uri).ok_or(AppError::MfaState)
    }

    /// `verifyMFA` / `verifyUserMFA`: confirms the set-up with a code;
    /// answers the recovery (backup) codes.
    pub async fn verify_mfa_of(
        &self,
        caller: &Caller,
        owner: MfaOwner<'_>,
        code: &str,
    ) -> Result<Vec<String>, AppError> {
        if self.mfa_target(caller, owner, Action::VerifyMfa, Action::VerifyUserMfa).await?.is_some() {
            return Err(AppError::MfaSelfOnly);
        }
        let codes = self.confirm_mfa_setup(&caller.principal, code, &caller.client).await?;
        // The console keeps them for one display; a program has them now.
        self.take_new_recovery_codes(&caller.principal).await?;
        Ok(codes)
    }

    /// Turns MFA off: `revokeMFA`, `revokeUserMFA`, the console's
    /// Security → MFA and a SAM user's page. One's own needs the proof of
    /// [`Guarded::OwnMfaOff`] (the password and a code; never from a token
    /// of an auth key or a switch) and keeps its sessions; another user's
    /// (a lost phone) needs the permission, and that user's sessions end.
    pub async fn revoke_mfa(&self, caller: &Caller, owner: MfaOwner<'_>, given: Proof<'_>) -> Result<(), AppError> {
        let other = self.mfa_target(caller, owner, Action::RevokeMfa, Action::RevokeUserMfa).await?;
        let u = match &other {
            Some(name) => self.sam_user_of(caller, name).await?,
            None => self.user(caller.principal.user_id).await?,
        };
        if !u.mfa_enabled {
            return Err(AppError::MfaState);
        }
        let Some(name) = other else {
            self.prove(caller, Guarded::OwnMfaOff, given).await?;
            return self.turn_own_mfa_off(&u, &caller.client).await;
        };
        self.revoke_mfa_and_sign_out(u.id).await?;
        self.record_access(caller, EventKind::SamMfaRevoked, &format!("user:{name}")).await
    }
}
