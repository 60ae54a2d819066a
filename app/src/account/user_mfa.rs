//! MFA as the API names it: on the root user (`Operator:*MFA`) or on a
//! named SAM user (`User:*UserMFA`). A user's own MFA goes through the
//! same functions as the console's security tab; another user's may be
//! read or revoked by who is permitted, but only the user itself can set
//! up its authenticator. Turning MFA on needs a token opened with the
//! password in the last minutes (never an auth key's).

use super::authz::{Action, Target};
use super::{Account, AppError, Caller, Proof, Secret};

/// Whose MFA an operation is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MfaOwner<'a> {
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
    /// As the API writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            MfaState::Active => "ACTIVE",
            MfaState::Inactive => "INACTIVE",
            MfaState::Unconfirmed => "UNCONFIRMED",
        }
    }
}

impl MfaOwner<'_> {
    /// Whether the operation is about the caller itself.
    fn is_self(self, caller: &Caller) -> bool {
        match self {
            MfaOwner::Operator => true,
            MfaOwner::User(name) => caller.principal.sam_name() == Some(name),
        }
    }
}

impl Account {
    /// `getMFAStatus` / `getUserMFAStatus`.
    pub async fn mfa_state(&self, caller: &Caller, owner: MfaOwner<'_>) -> Result<MfaState, AppError> {
        if let (MfaOwner::User(name), false) = (owner, owner.is_self(caller)) {
            self.authorize(caller, Action::GetUserMfaStatus, Target::user(name)).await?;
            let u = self.sam_user_of(caller, name).await?;
            return Ok(match (u.mfa_enabled, u.mfa_pending_secret.is_some()) {
                (true, _) => MfaState::Active,
                (false, true) => MfaState::Unconfirmed,
                _ => MfaState::Inactive,
            });
        }
        let status = self.mfa_status(&caller.principal).await?;
        Ok(match (status.enabled, status.setup.is_some()) {
            (true, _) => MfaState::Active,
            (false, true) => MfaState::Unconfirmed,
            _ => MfaState::Inactive,
        })
    }

    /// `enableMFA` / `enableUserMFA`: starts the set-up and answers the
    /// `otpauth://` URI for the authenticator.
    pub async fn enable_mfa_of(&self, caller: &Caller, owner: MfaOwner<'_>) -> Result<String, AppError> {
        if let (MfaOwner::User(name), false) = (owner, owner.is_self(caller)) {
            self.authorize(caller, Action::EnableUserMfa, Target::user(name)).await?;
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
        if let (MfaOwner::User(name), false) = (owner, owner.is_self(caller)) {
            self.authorize(caller, Action::VerifyUserMfa, Target::user(name)).await?;
            return Err(AppError::MfaSelfOnly);
        }
        let codes = self.confirm_mfa_setup(&caller.principal, code, &caller.client).await?;
        // The console keeps them for one display; a program has them now.
        self.take_new_recovery_codes(&caller.principal).await?;
        Ok(codes)
    }

    /// `revokeMFA` (the root user's own, with its password) and
    /// `revokeUserMFA` (a SAM user's: by who is permitted, or by the user
    /// itself with a token opened with its password in the last minutes).
    pub async fn revoke_mfa_of(
        &self,
        caller: &Caller,
        owner: MfaOwner<'_>,
        password: Option<&Secret>,
    ) -> Result<(), AppError> {
        match owner {
            MfaOwner::Operator => self.disable_mfa(&caller.principal, "", password, &caller.client).await,
            MfaOwner::User(name) => {
                if owner.is_self(caller) && !self.recently_authenticated(&caller.principal) {
                    self.authorize(caller, Action::RevokeUserMfa, Target::user(name)).await?;
                    return Err(AppError::ReauthRequired);
                }
                self.revoke_sam_mfa(caller, name).await
            }
        }
    }
}
