//! Email settings: changing the primary address (applied only when the link
//! mailed to the new address is opened, and only if it is still free; the
//! old address is told) and the recovery address (counts only once verified
//! by a link; setting, changing or removing it needs the current password
//! and is told to the primary and the previous recovery address, since it
//! can take the account over through `/recover`).

use crate::account::credential::email_address::EmailAddress;
use crate::account::events::EventKind;
use crate::account::lock::{ClientBudget, LockKey};
use crate::account::mail::templates;
use crate::account::reauth::Proof;
use crate::account::store::entities::user;
use crate::account::tokens::Purpose;
use crate::account::{Account, AppError, ClientInfo, Principal, Secret, internal};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

/// Renders the mail that carries an address-confirmation link.
type AddressMail = fn(&str, crate::i18n::Lang, &str, i64) -> crate::account::mail::OutgoingMail;

/// What the email settings page shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmailSettings {
    pub primary: String,
    /// A new primary address waiting for its link to be opened.
    pub pending_primary: Option<String>,
    /// The verified recovery address.
    pub recovery: Option<String>,
    /// A recovery address waiting for its link to be opened.
    pub pending_recovery: Option<String>,
}

/// The result of opening an address-confirmation link.
#[derive(Debug)]
pub struct EmailConfirmed {
    pub new_primary: String,
    /// When the change came from `/recover`: a fresh reset link's token, so
    /// the person goes straight on to set a new password.
    pub reset_token: Option<Secret>,
}

impl Account {
    /// The signed-in root user (email settings are the root user's alone).
    async fn root_user(&self, p: &Principal) -> Result<user::Model, AppError> {
        self.authorize_own(p, &ClientInfo::default(), crate::account::authz::Action::ListEmails, None).await?;
        self.user(p.user_id).await
    }

    /// The email settings of the signed-in root user.
    pub async fn email_settings(&self, p: &Principal) -> Result<EmailSettings, AppError> {
        let u = self.root_user(p).await?;
        let pending_primary = self.pending_token(u.id, Purpose::EmailChange).await?.and_then(|t| t.payload);
        let pending_recovery = self.pending_token(u.id, Purpose::RecoveryEmail).await?.and_then(|t| t.payload);
        Ok(EmailSettings {
            primary: u.email.unwrap_or_default(),
            pending_primary,
            recovery: u.recovery_email,
            pending_recovery,
        })
    }

    /// Asks to change the primary address: mails a link to the new address.
    pub async fn request_email_change(
        &self,
        p: &Principal,
        new: &str,
        proof: Proof<'_>,
        client: &ClientInfo,
    ) -> Result<String, AppError> {
        let u = self.root_user(p).await?;
        let new = EmailAddress::parse(new)?;
        if u.email.as_deref() == Some(new.as_str()) {
            return Err(AppError::EmailUnchanged);
        }
        self.check_proof(p, proof, true, client).await?;
        self.mail_address_link(&u, Purpose::EmailChange, &new).await?;
        Ok(new.as_str().to_string())
    }

    /// Cancels a pending primary address change.
    pub async fn cancel_email_change(&self, p: &Principal) -> Result<(), AppError> {
        let u = self.root_user(p).await?;
        self.supersede_tokens(u.id, Purpose::EmailChange).await
    }

    /// Issues a link for `purpose` carrying `address` and mails it there.
    async fn mail_address_link(
        &self,
        u: &user::Model,
        purpose: Purpose,
        address: &EmailAddress,
    ) -> Result<(), AppError> {
        let secs = self.config().email_token_secs;
        let token = self.issue_token_with(u.id, purpose, secs, Some(address.as_str().to_string())).await?;
        let (path, mail): (&str, AddressMail) = match purpose {
            Purpose::RecoveryEmail => ("/email/recovery", templates::recovery_email_verify),
            _ => ("/email/confirm", templates::email_change_verify),
        };
        let link = self.link(&format!("{path}/{}", token.expose()));
        let mail = mail(address.as_str(), u.lang(), &link, (secs / 60).max(1));
        self.deliver_link(&mail, u.id, purpose, &token, secs).await
    }

    /// Opens a primary-address link: applies the new address if it is still
    /// free and tells the old one.
    pub async fn confirm_email_change(&self, token: &str, client: &ClientInfo) -> Result<EmailConfirmed, AppError> {
        let (row, from_recovery) = match self.consume_token(token, Purpose::EmailChange).await? {
            Some(row) => (row, false),
            None => {
                (self.consume_token(token, Purpose::RecoverPrimary).await?.ok_or(AppError::EmailTokenInvalid)?, true)
            }
        };
        let new = EmailAddress::parse(row.payload.as_deref().unwrap_or_default())?;
        let u = self.user(row.user_id).await.map_err(|_| AppError::EmailTokenInvalid)?;
        self.ensure_operator_active(&u.operator_id).await?;
        if self.root_by_email(&new).await?.is_some_and(|other| other.id != u.id) {
            return Err(AppError::EmailTaken);
        }
        let res = user::Entity::update_many()
            .col_expr(user::Column::Email, Some(new.as_str().to_string()).into())
            .col_expr(user::Column::EmailVerified, true.into())
            .filter(user::Column::Id.eq(u.id))
            .exec(self.db())
            .await;
        if res.is_err() {
            // The unique index refused it: someone took the address meanwhile.
            return Err(AppError::EmailTaken);
        }
        self.record(Some(u.id), Some(&u.operator_id), EventKind::EmailChanged, client).await?;
        // Links mailed before the change (maybe to the old address) end now.
        self.supersede_all_links(u.id).await?;
        if let Some(old) = u.email.as_deref() {
            self.notify(&templates::email_changed_notice(old, u.lang(), &self.link(crate::paths::LOGIN))).await;
        }
        let reset_token = if from_recovery {
            Some(self.issue_token(u.id, Purpose::PasswordReset, self.config().reset_token_secs).await?)
        } else {
            None
        };
        Ok(EmailConfirmed { new_primary: new.as_str().to_string(), reset_token })
    }

    /// Adds or changes the recovery address (with the current password, and
    /// a code when MFA is on): it counts once its link is opened.
    pub async fn request_recovery_email(
        &self,
        p: &Principal,
        address: &str,
        proof: Proof<'_>,
        client: &ClientInfo,
    ) -> Result<String, AppError> {
        let u = self.root_user(p).await?;
        let address = EmailAddress::parse(address)?;
        if u.email.as_deref() == Some(address.as_str()) {
            return Err(AppError::RecoveryEqualsPrimary);
        }
        self.check_proof(p, proof, true, client).await?;
        self.mail_address_link(&u, Purpose::RecoveryEmail, &address).await?;
        Ok(address.as_str().to_string())
    }

    /// Opens a recovery-address link: the address counts from now, and the
    /// primary and the previous recovery address are told.
    pub async fn confirm_recovery_email(&self, token: &str, client: &ClientInfo) -> Result<String, AppError> {
        let row = self.consume_token(token, Purpose::RecoveryEmail).await?.ok_or(AppError::EmailTokenInvalid)?;
        let address = EmailAddress::parse(row.payload.as_deref().unwrap_or_default())?;
        let u = self.user(row.user_id).await.map_err(|_| AppError::EmailTokenInvalid)?;
        self.ensure_operator_active(&u.operator_id).await?;
        self.set_recovery_address(&u, Some(address.as_str())).await?;
        self.record(Some(u.id), Some(&u.operator_id), EventKind::RecoveryEmailSet, client).await?;
        Ok(address.as_str().to_string())
    }

    /// Removes the recovery address (with the current password, and a code when MFA is on).
    pub async fn remove_recovery_email(
        &self,
        p: &Principal,
        proof: Proof<'_>,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        let u = self.root_user(p).await?;
        self.check_proof(p, proof, true, client).await?;
        self.supersede_tokens(u.id, Purpose::RecoveryEmail).await?;
        self.set_recovery_address(&u, None).await?;
        self.record(Some(u.id), Some(&u.operator_id), EventKind::RecoveryEmailRemoved, client).await
    }

    /// Stores the recovery address (or none) and tells the primary address
    /// and the one it replaces what it is now.
    pub(crate) async fn set_recovery_address(&self, u: &user::Model, address: Option<&str>) -> Result<(), AppError> {
        user::Entity::update_many()
            .col_expr(user::Column::RecoveryEmail, address.map(str::to_string).into())
            .filter(user::Column::Id.eq(u.id))
            .exec(self.db())
            .await
            .map_err(internal)?;
        let link = self.link("/email");
        let old = u.recovery_email.as_deref().filter(|old| Some(*old) != address);
        for to in [u.email.as_deref(), old].into_iter().flatten() {
            self.notify(&templates::recovery_changed(to, u.lang(), address, &link)).await;
        }
        Ok(())
    }

    /// `/recover`: if `address` is a verified recovery address of an active
    /// root user, mails it a link to choose a new primary address. Answers the
    /// same in every case, in about the same time.
    pub async fn start_recovery(&self, address: &str, client: &ClientInfo) -> Result<String, AppError> {
        let started = tokio::time::Instant::now();
        let address = EmailAddress::parse(address)?;
        let result = self.send_recover_link(&address, client).await;
        self.pad_mail_response(started).await;
        result.map(|_| address.as_str().to_string())
    }

    async fn send_recover_link(&self, address: &EmailAddress, client: &ClientInfo) -> Result<(), AppError> {
        let policy = self.config().lock;
        self.reserve_attempt(&LockKey::Recover(address.as_str()).to_string(), policy.max_failures).await?;
        if let Some(key) = LockKey::client(ClientBudget::Reset, client) {
            self.reserve_attempt(&key.to_string(), policy.max_failures_per_client).await?;
        }
        let Some(u) = user::Entity::find()
            .filter(user::Column::RecoveryEmail.eq(address.as_str()))
            .filter(user::Column::Kind.eq(user::UserKind::Root))
            .one(self.db())
            .await
            .map_err(internal)?
        else {
            return self.probe_mail().await;
        };
        if self.ensure_operator_active(&u.operator_id).await.is_err() {
            return self.probe_mail().await;
        }
        let secs = self.config().email_token_secs;
        let token = self.issue_token(u.id, Purpose::Recover, secs).await?;
        let link = self.link(&format!("/recover/{}", token.expose()));
        let mail = templates::recover(address.as_str(), u.lang(), &link, (secs / 60).max(1));
        self.deliver_link(&mail, u.id, Purpose::Recover, &token, secs).await?;
        if let Some(primary) = u.email.as_deref() {
            self.notify(&templates::recover_started(primary, u.lang(), &self.link("/email"))).await;
        }
        Ok(())
    }

    /// Checks a `/recover` link when it is opened (without using it).
    pub async fn check_recover_token(&self, token: &str) -> Result<(), AppError> {
        self.peek_token(token, Purpose::Recover).await?.map(|_| ()).ok_or(AppError::RecoverTokenInvalid)
    }

    /// With a `/recover` link: chooses the new primary address, which gets its
    /// own verification link (opening it leads on to a password reset).
    pub async fn recover_choose_primary(&self, token: &str, new_primary: &str) -> Result<String, AppError> {
        let new = EmailAddress::parse(new_primary)?;
        let row = self.consume_token(token, Purpose::Recover).await?.ok_or(AppError::RecoverTokenInvalid)?;
        let u = self.user(row.user_id).await.map_err(|_| AppError::RecoverTokenInvalid)?;
        self.ensure_operator_active(&u.operator_id).await?;
        self.mail_address_link(&u, Purpose::RecoverPrimary, &new).await?;
        Ok(new.as_str().to_string())
    }
}
