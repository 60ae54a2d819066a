//! Which roles are attached to which SAM users.

use sea_orm::entity::prelude::*;

/// A row of `user_roles`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "user_roles")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i64,
    /// `roles.id` (the row key, not the role's name).
    #[sea_orm(primary_key, auto_increment = false)]
    pub role_key: i64,
    pub attached_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// `users` joined to `user_roles` on the user's id.
pub fn users_link() -> RelationDef {
    super::user::Entity::belongs_to(Entity).from(super::user::Column::Id).to(Column::UserId).into()
}

/// `roles` joined to `user_roles` on the role's row key.
pub fn roles_link() -> RelationDef {
    super::role::Entity::belongs_to(Entity).from(super::role::Column::Id).to(Column::RoleKey).into()
}
