//! A one-time token mailed as a link (verification, reset, …).

use sea_orm::entity::prelude::*;

/// A row of `one_time_tokens`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "one_time_tokens")]
pub struct Model {
    /// Hex SHA-256 of the token.
    #[sea_orm(primary_key, auto_increment = false)]
    pub token_hash: String,
    /// What the token is for, e.g. `verify_email`.
    pub purpose: String,
    pub user_id: i64,
    /// Purpose-specific data (e.g. a new address).
    pub payload: Option<String>,
    pub created_at: i64,
    pub expires_at: i64,
    /// Set when used or superseded; a token with it set never works again.
    pub used_at: Option<i64>,
    /// The token's place among the user's tokens of its purpose, 1 for the
    /// first (None for tokens issued before it was kept): a link delivered
    /// late supersedes only those issued before it.
    pub issue_seq: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
