//! Multi-factor authentication: set-up (a fresh secret shown as QR code and
//! text, confirmed by a current code), turning it off, recovery codes, and
//! the replay-safe check of a code (the last accepted step is stored and
//! moved forward atomically, so a step is never accepted twice).

pub mod by_owner;
pub mod recovery_codes;
pub mod revoke_token;

use super::authz::Action;
use super::authz::proof::Guarded;
use super::credential::totp;
use super::events::EventKind;
use super::mail::templates;
use super::reauth::{Proof, Reauthed};
use super::store::entities::{session, user};
use super::{Account, AppError, Caller, ClientInfo, Principal, internal};
use crate::error::Field;
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter};

/// How long an offered secret can be confirmed.
const SETUP_SECS: i64 = 15 * 60;

/// What the set-up page shows while MFA is being turned on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MfaSetup {
    pub secret_base32: String,
    pub otpauth_uri: String,
    pub qr_svg: String,
}

/// The MFA tab's state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MfaStatus {
    pub enabled: bool,
    pub recovery_codes_left: u64,
    /// Set while a set-up is waiting for its confirming code.
    pub setup: Option<MfaSetup>,
    /// Whether a sensitive change would ask for the password now.
    pub needs_password: bool,
}

/// What a sealed TOTP seed is bound to: its user's row.
fn seed_context(user_id: i64) -> String {
    format!("totp-seed:{user_id}")
}

fn account_name(u: &user::Model) -> String {
    match (&u.email, &u.name) {
        (Some(email), _) => email.clone(),
        (None, name) => format!("{}:{}", u.operator_id, name.as_deref().unwrap_or_default()),
    }
}

impl Account {
    /// The MFA tab's state for the signed-in user.
    pub async fn mfa_status(&self, p: &Principal) -> Result<MfaStatus, AppError> {
        self.authorize_own(p, &ClientInfo::default(), Action::GetMfaStatus, Some(Action::GetUserMfaStatus)).await?;
        let u = self.user(p.user_id).await?;
        let setup = match (&u.mfa_pending_secret, u.mfa_pending_at) {
            (Some(sealed), Some(at)) if self.setup_open(&u, p, at) => {
                self.inner.secrets.open_bound(sealed, &seed_context(u.id)).map(|secret| {
                    let uri = totp::otpauth_uri(&secret, &account_name(&u));
                    MfaSetup {
                        secret_base32: totp::secret_base32(&secret),
                        qr_svg: totp::qr_svg(&uri),
                        otpauth_uri: uri,
                    }
                })
            }
            _ => None,
        };
        Ok(MfaStatus {
            enabled: u.mfa_enabled,
            recovery_codes_left: if u.mfa_enabled { self.recovery_codes_left(u.id).await? } else { 0 },
            setup,
            needs_password: !self.recently_authenticated(p),
        })
    }

    /// Whether `p` may see and confirm the pending set-up started at `at`:
    /// only the session that started it, within its lifetime.
    fn setup_open(&self, u: &user::Model, p: &Principal, at: i64) -> bool {
        !u.mfa_enabled && self.now() - at < SETUP_SECS && u.mfa_pending_session.as_deref() == Some(&p.session_id)
    }

    /// Starts turning MFA on: after re-authentication, offers a fresh secret
    /// to this session only.
    pub async fn begin_mfa_setup(
        &self,
        p: &Principal,
        proof: Proof<'_>,
        client: &ClientInfo,
    ) -> Result<Reauthed<()>, AppError> {
        self.authorize_own(p, client, Action::EnableMfa, Some(Action::EnableUserMfa)).await?;
        if self.user(p.user_id).await?.mfa_enabled {
            return Err(AppError::MfaState);
        }
        let caller = Caller { principal: p.clone(), client: client.clone() };
        let Reauthed { value: p, new_session } = self.prove(&caller, Guarded::OwnMfaOn, proof).await?;
        let sealed = self.inner.secrets.seal_bound(&totp::new_secret(), &seed_context(p.user_id));
        user::Entity::update_many()
            .col_expr(user::Column::MfaPendingSecret, Some(sealed).into())
            .col_expr(user::Column::MfaPendingAt, Some(self.now()).into())
            .col_expr(user::Column::MfaPendingSession, Some(p.session_id.clone()).into())
            .filter(user::Column::Id.eq(p.user_id))
            .exec(self.db())
            .await
            .map_err(internal)?;
        Ok(Reauthed { value: (), new_session })
    }

    /// Confirms the set-up with a current code, in the session that started
    /// it: MFA is on from now, the code's step is used up, and 10 recovery
    /// codes are made (returned and kept for one display in the session).
    /// Wrong codes count toward the login lock like at sign-in.
    pub async fn confirm_mfa_setup(
        &self,
        p: &Principal,
        code: &str,
        client: &ClientInfo,
    ) -> Result<Vec<String>, AppError> {
        self.authorize_own(p, client, Action::VerifyMfa, Some(Action::VerifyUserMfa)).await?;
        let code = code.trim();
        if code.is_empty() {
            return Err(AppError::Required(Field::Code));
        }
        let u = self.user(p.user_id).await?;
        let (Some(sealed), Some(at)) = (u.mfa_pending_secret.clone(), u.mfa_pending_at) else {
            return Err(AppError::MfaState);
        };
        if !self.setup_open(&u, p, at) {
            return Err(AppError::MfaState);
        }
        let secret = self.inner.secrets.open_bound(&sealed, &seed_context(u.id)).ok_or(AppError::Internal)?;
        let step = totp::matching_step(&secret, code, self.now());
        self.counted_code_check(&u, code, client, std::future::ready(Ok(step.is_some()))).await?;
        let step = step.ok_or(AppError::MfaCodeInvalid)?;
        let res = user::Entity::update_many()
            .col_expr(user::Column::MfaEnabled, true.into())
            .col_expr(user::Column::MfaSecret, Some(sealed.clone()).into())
            .col_expr(user::Column::MfaPendingSecret, Option::<String>::None.into())
            .col_expr(user::Column::MfaPendingAt, Option::<i64>::None.into())
            .col_expr(user::Column::MfaPendingSession, Option::<String>::None.into())
            .col_expr(user::Column::MfaLastStep, Some(step).into())
            .filter(user::Column::Id.eq(u.id))
            .filter(user::Column::MfaEnabled.eq(false))
            .filter(user::Column::MfaPendingSecret.eq(sealed))
            .exec(self.db())
            .await
            .map_err(internal)?;
        if res.rows_affected != 1 {
            return Err(AppError::MfaState);
        }
        let codes = self.replace_recovery_codes(u.id).await?;
        self.set_flash(p, &codes).await?;
        self.record(Some(u.id), Some(&u.operator_id), EventKind::MfaEnabled, client).await?;
        let link = self.link(crate::paths::SECURITY_MFA);
        self.notify_user(&u, |to| templates::mfa_enabled(to, u.lang(), &link)).await;
        Ok(codes)
    }

    /// Turns the user's own MFA off, its proof checked (see
    /// [`Account::revoke_mfa`]): no secret, no recovery codes, a notice
    /// mailed. Its sessions stay: it is the user's own choice.
    pub(crate) async fn turn_own_mfa_off(&self, u: &user::Model, client: &ClientInfo) -> Result<(), AppError> {
        user::Entity::update_many()
            .col_expr(user::Column::MfaEnabled, false.into())
            .col_expr(user::Column::MfaSecret, Option::<String>::None.into())
            .col_expr(user::Column::MfaLastStep, Option::<i64>::None.into())
            .filter(user::Column::Id.eq(u.id))
            .exec(self.db())
            .await
            .map_err(internal)?;
        self.delete_recovery_codes(u.id).await?;
        self.record(Some(u.id), Some(&u.operator_id), EventKind::MfaDisabled, client).await?;
        let link = self.link(crate::paths::SECURITY_MFA);
        self.notify_user(u, |to| templates::mfa_disabled(to, u.lang(), &link)).await;
        Ok(())
    }

    /// Replaces the recovery codes (after re-authentication, which asks a
    /// current code too).
    pub async fn regenerate_recovery_codes(
        &self,
        p: &Principal,
        proof: Proof<'_>,
        client: &ClientInfo,
    ) -> Result<Reauthed<Vec<String>>, AppError> {
        self.authorize_own(p, client, Action::EnableMfa, Some(Action::EnableUserMfa)).await?;
        let u = self.user(p.user_id).await?;
        if !u.mfa_enabled {
            return Err(AppError::MfaState);
        }
        let Reauthed { value: p, new_session } = self.confirm_identity(p, proof, client).await?;
        let codes = self.replace_recovery_codes(u.id).await?;
        self.set_flash(&p, &codes).await?;
        self.record(Some(u.id), Some(&u.operator_id), EventKind::RecoveryCodesRegenerated, client).await?;
        Ok(Reauthed { value: codes, new_session })
    }

    /// Accepts a second factor of the user: a TOTP code (six digits) or
    /// one of its recovery codes, each once; a recovery code used is logged.
    pub(crate) async fn accept_code(&self, u: &user::Model, code: &str, client: &ClientInfo) -> Result<bool, AppError> {
        let code = code.trim();
        if code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()) {
            return self.accept_totp(u, code).await;
        }
        if !self.use_recovery_code(u.id, code).await? {
            return Ok(false);
        }
        self.record(Some(u.id), Some(&u.operator_id), EventKind::RecoveryCodeUsed, client).await?;
        Ok(true)
    }

    /// Accepts a TOTP code of the user once: valid at ±1 step and newer than
    /// the last accepted step, which moves forward in the same UPDATE.
    pub(crate) async fn accept_totp(&self, u: &user::Model, code: &str) -> Result<bool, AppError> {
        let Some(secret) = u.mfa_secret.as_deref().and_then(|s| self.inner.secrets.open_bound(s, &seed_context(u.id)))
        else {
            return Ok(false);
        };
        let Some(step) = totp::matching_step(&secret, code, self.now()) else { return Ok(false) };
        let res = user::Entity::update_many()
            .col_expr(user::Column::MfaLastStep, Some(step).into())
            .filter(user::Column::Id.eq(u.id))
            .filter(user::Column::MfaEnabled.eq(true))
            .filter(Condition::any().add(user::Column::MfaLastStep.is_null()).add(user::Column::MfaLastStep.lt(step)))
            .exec(self.db())
            .await
            .map_err(internal)?;
        Ok(res.rows_affected == 1)
    }

    async fn set_flash(&self, p: &Principal, codes: &[String]) -> Result<(), AppError> {
        let sealed = self.inner.secrets.seal(codes.join("\n").as_bytes());
        session::Entity::update_many()
            .col_expr(session::Column::Flash, Some(sealed).into())
            .filter(session::Column::IdHash.eq(p.session_id.as_str()))
            .exec(self.db())
            .await
            .map(|_| ())
            .map_err(internal)
    }

    /// The recovery codes just made, once: the first call empties them.
    pub async fn take_new_recovery_codes(&self, p: &Principal) -> Result<Option<Vec<String>>, AppError> {
        let Some(s) = session::Entity::find_by_id(p.session_id.clone()).one(self.db()).await.map_err(internal)? else {
            return Ok(None);
        };
        let Some(sealed) = s.flash else { return Ok(None) };
        let res = session::Entity::update_many()
            .col_expr(session::Column::Flash, Option::<String>::None.into())
            .filter(session::Column::IdHash.eq(p.session_id.as_str()))
            .filter(session::Column::Flash.eq(sealed.clone()))
            .exec(self.db())
            .await
            .map_err(internal)?;
        if res.rows_affected != 1 {
            return Ok(None);
        }
        let plain = self.inner.secrets.open(&sealed).ok_or(AppError::Internal)?;
        Ok(Some(String::from_utf8_lossy(&plain).lines().map(str::to_string).collect()))
    }
}
