//! An auth key: the id a program sends, and the hash of its secret.

use sea_orm::entity::prelude::*;

/// A row of `auth_keys`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "auth_keys")]
pub struct Model {
    /// `keyId-` + 32 alphanumerics (not secret).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub user_id: i64,
    /// argon2id PHC string of the secret.
    pub secret_hash: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
}

/// A key belongs to its user (read together at an auth-key sign-in).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(belongs_to = "super::user::Entity", from = "Column::UserId", to = "super::user::Column::Id")]
    User,
}

impl Related<super::user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::User.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
