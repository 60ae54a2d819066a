//! The security activity log of a user.

use sea_orm::entity::prelude::*;

/// A row of `security_events`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "security_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: Option<i64>,
    pub operator_id: Option<String>,
    /// e.g. `sign_in`, `sign_in_failed`, `locked`.
    pub kind: String,
    pub client_addr: Option<String>,
    pub created_at: i64,
    /// What the event acted on when that is not the user itself:
    /// `user:<name>` or `role:<id>`.
    pub target: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
