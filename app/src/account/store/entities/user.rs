//! A user of an operator: the root user (email) or a SAM user (name).

use sea_orm::entity::prelude::*;

/// A row of `users`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub operator_id: String,
    pub kind: UserKind,
    /// The root user's normalized primary email (sign-in name); none for SAM users.
    pub email: Option<String>,
    /// The SAM user's name; none for the root user.
    pub name: Option<String>,
    /// argon2id PHC string; none when console access is off.
    pub password_hash: Option<String>,
    pub email_verified: bool,
    /// `en` or `ja`, once chosen.
    pub language: Option<String>,
    pub mfa_enabled: bool,
    pub recovery_email: Option<String>,
    pub last_sign_in_at: Option<i64>,
    pub previous_sign_in_at: Option<i64>,
    pub created_at: i64,
    /// The TOTP secret, sealed with the server key, once MFA is on.
    pub mfa_secret: Option<String>,
    /// A TOTP secret offered during set-up, sealed, until confirmed.
    pub mfa_pending_secret: Option<String>,
    pub mfa_pending_at: Option<i64>,
    /// The session (token digest) that started the pending set-up: only it
    /// sees and confirms the offered secret.
    pub mfa_pending_session: Option<String>,
    /// The last accepted TOTP step; the same or an older step never works again.
    pub mfa_last_step: Option<i64>,
    /// A SAM user's description.
    pub description: Option<String>,
    /// A SAM user's own permission document, exactly as saved.
    pub permission: Option<String>,
    /// When a SAM user's settings last changed.
    pub updated_at: Option<i64>,
    /// A SAM user's trust policy: who may switch to it (`Auth:switchUser`).
    pub trust_policy: Option<String>,
}

/// Whether a user is the operator's root user or one of its SAM users.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(8))")]
pub enum UserKind {
    /// The operator's one root user: signs in with its email, may do everything.
    #[sea_orm(string_value = "root")]
    Root,
    /// A SAM user: signs in with operator id and name, may do what its documents allow.
    #[sea_orm(string_value = "sam")]
    Sam,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// The language for this user's mails.
    pub fn lang(&self) -> crate::i18n::Lang {
        self.language.as_deref().and_then(crate::i18n::Lang::from_tag).unwrap_or_default()
    }

    /// The login-lock key of this user's sign-in name.
    pub fn lock_key(&self) -> String {
        match (&self.email, &self.name) {
            (Some(email), _) => lock_key_for_email(email),
            (None, name) => lock_key_for_sam(&self.operator_id, name.as_deref().unwrap_or_default()),
        }
    }
}

/// The login-lock key of a SAM sign-in name (operator id and user name).
pub fn lock_key_for_sam(operator_id: &str, name: &str) -> String {
    crate::account::lock::LockKey::Sam { operator_id, name }.to_string()
}

/// The login-lock key of a root user's (normalized) email.
pub fn lock_key_for_email(email: &str) -> String {
    crate::account::lock::LockKey::Email(email).to_string()
}
