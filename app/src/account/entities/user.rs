//! A user of an operator: the root user (email) or a SAM user (name).

use sea_orm::entity::prelude::*;

/// A row of `users`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub operator_id: String,
    /// `root` or `sam`.
    pub kind: String,
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
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// `kind` of the operator's root user.
pub const ROOT: &str = "root";
