//! A SAM user with everything the API's user answers carry — its own
//! document, its auth keys (never their secrets) and its roles — read for
//! one user (`User:getUser`) or for all (`User:listUsers`) under that one
//! permission, as the platform's API answers them.

use crate::account::auth_keys::AuthKeyInfo;
use crate::account::authz::{Action, Target};
use crate::account::roles::Role;
use crate::account::sam_users::SamUser;
use crate::account::store::entities::{auth_key, role, user, user_role};
use crate::account::{Account, AppError, Caller, internal};
use sea_orm::{ColumnTrait, EntityTrait, JoinType, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;

/// One SAM user in full.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserDetail {
    pub user: SamUser,
    /// Its own document, exactly as saved.
    pub permission: Option<String>,
    pub auth_keys: Vec<AuthKeyInfo>,
    pub roles: Vec<Role>,
}

impl Account {
    /// `User:getUser`: one SAM user in full.
    pub async fn user_detail(&self, caller: &Caller, name: &str) -> Result<UserDetail, AppError> {
        self.authorize(caller, Action::GetUser, Target::user(name)).await?;
        let u = self.sam_user_of(caller, name).await?;
        Ok(self.details_of(vec![u]).await?.remove(0))
    }

    /// `User:listUsers`: every SAM user of the operator in full, by name.
    pub async fn user_details(&self, caller: &Caller) -> Result<Vec<UserDetail>, AppError> {
        self.authorize(caller, Action::ListUsers, Target::OPERATOR).await?;
        let users = user::Entity::find()
            .filter(user::Column::OperatorId.eq(caller.principal.operator_id()))
            .filter(user::Column::Kind.eq(user::UserKind::Sam))
            .order_by_asc(user::Column::Name)
            .all(self.db())
            .await
            .map_err(internal)?;
        self.details_of(users).await
    }

    /// `Role:listRoleAttachedUsers`: the users a role is attached to, in full.
    pub async fn role_user_details(&self, caller: &Caller, role_id: &str) -> Result<Vec<UserDetail>, AppError> {
        self.authorize(caller, Action::ListRoleAttachedUsers, Target::role(role_id)).await?;
        let found = role::Entity::find()
            .filter(role::Column::OperatorId.eq(caller.principal.operator_id()))
            .filter(role::Column::RoleId.eq(role_id))
            .one(self.db())
            .await
            .map_err(internal)?
            .ok_or(AppError::RoleNotFound)?;
        let users = user::Entity::find()
            .join(JoinType::InnerJoin, user_role::users_link())
            .filter(user_role::Column::RoleKey.eq(found.id))
            .order_by_asc(user::Column::Name)
            .all(self.db())
            .await
            .map_err(internal)?;
        self.details_of(users).await
    }

    /// `Role:listUserRoles`: the roles attached to a user, in full.
    pub async fn user_role_list(&self, caller: &Caller, name: &str) -> Result<Vec<Role>, AppError> {
        self.authorize(caller, Action::ListUserRoles, Target::user(name)).await?;
        let u = self.sam_user_of(caller, name).await?;
        Ok(self.details_of(vec![u]).await?.remove(0).roles)
    }

    /// The keys and roles of `users`, in two queries whatever their number
    /// (none when there are no users).
    async fn details_of(&self, users: Vec<user::Model>) -> Result<Vec<UserDetail>, AppError> {
        if users.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<i64> = users.iter().map(|u| u.id).collect();
        let mut keys: HashMap<i64, Vec<AuthKeyInfo>> = HashMap::new();
        let rows = auth_key::Entity::find()
            .filter(auth_key::Column::UserId.is_in(ids.clone()))
            .order_by_asc(auth_key::Column::CreatedAt)
            .order_by_asc(auth_key::Column::Id)
            .all(self.db())
            .await
            .map_err(internal)?;
        for k in rows {
            let info = AuthKeyInfo { id: k.id, created_at: k.created_at, last_used_at: k.last_used_at };
            keys.entry(k.user_id).or_default().push(info);
        }
        let mut roles: HashMap<i64, Vec<Role>> = HashMap::new();
        let rows: Vec<(role::Model, i64)> = role::Entity::find()
            .join(JoinType::InnerJoin, user_role::roles_link())
            .filter(user_role::Column::UserId.is_in(ids))
            .column_as(user_role::Column::UserId, "holder")
            .order_by_asc(role::Column::RoleId)
            .into_model::<RoleOfUser>()
            .all(self.db())
            .await
            .map_err(internal)?
            .into_iter()
            .map(|r| (r.role(), r.holder))
            .collect();
        for (r, holder) in rows {
            roles.entry(holder).or_default().push(Role::of(&r));
        }
        Ok(users
            .into_iter()
            .map(|u| UserDetail {
                auth_keys: keys.remove(&u.id).unwrap_or_default(),
                roles: roles.remove(&u.id).unwrap_or_default(),
                permission: u.permission.clone(),
                user: SamUser::of(&u),
            })
            .collect())
    }
}

/// A role row with the user it is attached to.
#[derive(Debug, sea_orm::FromQueryResult)]
struct RoleOfUser {
    id: i64,
    operator_id: String,
    role_id: String,
    description: Option<String>,
    permission: String,
    created_at: i64,
    updated_at: i64,
    holder: i64,
}

impl RoleOfUser {
    fn role(&self) -> role::Model {
        role::Model {
            id: self.id,
            operator_id: self.operator_id.clone(),
            role_id: self.role_id.clone(),
            description: self.description.clone(),
            permission: self.permission.clone(),
            created_at: self.created_at,
            updated_at: self.updated_at,
        }
    }
}
