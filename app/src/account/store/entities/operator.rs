//! An operator: one customer account, with one root user.

use sea_orm::entity::prelude::*;

/// A row of `operators`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "operators")]
pub struct Model {
    /// `OP` + 10 digits.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// `active`, `suspended` or `deleted`.
    pub status: String,
    pub created_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// The operator may sign in and use the console.
pub const ACTIVE: &str = "active";
