//! A role: a named permission document of an operator, attached to SAM users.

use sea_orm::entity::prelude::*;

/// A row of `roles`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "roles")]
pub struct Model {
    /// The row key (user_roles point here).
    #[sea_orm(primary_key)]
    pub id: i64,
    pub operator_id: String,
    /// The role's id as people and the API name it (unique per operator).
    pub role_id: String,
    pub description: Option<String>,
    /// The permission document, exactly as saved.
    pub permission: String,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
