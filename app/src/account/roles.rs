//! Roles: named permission documents of an operator, attached to SAM users
//! (a user's rights are its own document and all its roles'). Every
//! operation takes the [`Caller`] and begins with `authorize`.

use super::authz::{Action, Target};
use super::events::EventKind;
use super::sam_users::access::check_document;
use super::sam_users::{description, is_unique_violation, valid_name};
use super::store::entities::{role, user, user_role};
use super::{Account, AppError, Caller, internal};
use crate::error::Field;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, JoinType, QueryFilter, QueryOrder, QuerySelect, Set,
    TransactionTrait,
};

/// The most roles one SAM user holds (AWS IAM's default for attached
/// policies): every authorization reads each of them.
pub const MAX_ROLES_PER_USER: usize = 10;

/// A role as the console and the API show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Role {
    pub id: String,
    pub description: Option<String>,
    /// The permission document, exactly as saved.
    pub permission: String,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Role {
    pub(crate) fn of(r: &role::Model) -> Self {
        Role {
            id: r.role_id.clone(),
            description: r.description.clone(),
            permission: r.permission.clone(),
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

/// What a role is made of when it is created or changed.
#[derive(Clone, Copy, Debug)]
pub struct RoleForm<'a> {
    pub description: &'a str,
    pub permission: &'a str,
}

impl Account {
    async fn role_row(&self, caller: &Caller, id: &str) -> Result<role::Model, AppError> {
        role::Entity::find()
            .filter(role::Column::OperatorId.eq(caller.principal.operator_id()))
            .filter(role::Column::RoleId.eq(id))
            .one(self.db())
            .await
            .map_err(internal)?
            .ok_or(AppError::RoleNotFound)
    }

    /// Creates a role.
    pub async fn create_role(&self, caller: &Caller, id: &str, form: RoleForm<'_>) -> Result<Role, AppError> {
        self.authorize(caller, Action::CreateRole, Target::role(id)).await?;
        if id.is_empty() {
            return Err(AppError::Required(Field::Name));
        }
        if !valid_name(id) {
            return Err(AppError::NameInvalid);
        }
        let about = description(form.description)?;
        check_document(form.permission)?;
        let now = self.now();
        let row = role::ActiveModel {
            operator_id: Set(caller.principal.operator_id().to_string()),
            role_id: Set(id.to_string()),
            description: Set(about),
            permission: Set(form.permission.to_string()),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(self.db())
        .await
        .map_err(|e| if is_unique_violation(&e) { AppError::RoleExists } else { internal(e) })?;
        self.record_access(caller, EventKind::RoleCreated, &format!("role:{id}")).await?;
        Ok(Role::of(&row))
    }

    /// The operator's roles, by id.
    pub async fn list_roles(&self, caller: &Caller) -> Result<Vec<Role>, AppError> {
        self.authorize(caller, Action::ListRoles, Target::OPERATOR).await?;
        let rows = role::Entity::find()
            .filter(role::Column::OperatorId.eq(caller.principal.operator_id()))
            .order_by_asc(role::Column::RoleId)
            .all(self.db())
            .await
            .map_err(internal)?;
        Ok(rows.iter().map(Role::of).collect())
    }

    /// One role.
    pub async fn get_role(&self, caller: &Caller, id: &str) -> Result<Role, AppError> {
        self.authorize(caller, Action::GetRole, Target::role(id)).await?;
        Ok(Role::of(&self.role_row(caller, id).await?))
    }

    /// Changes a role's description and document; a refused document
    /// changes nothing. Users with the role have the new rights at their
    /// next request.
    pub async fn update_role(&self, caller: &Caller, id: &str, form: RoleForm<'_>) -> Result<Role, AppError> {
        self.authorize(caller, Action::UpdateRole, Target::role(id)).await?;
        let about = description(form.description)?;
        check_document(form.permission)?;
        let mut row = self.role_row(caller, id).await?.into_active_model();
        row.description = Set(about);
        row.permission = Set(form.permission.to_string());
        row.updated_at = Set(self.now());
        let row = row.update(self.db()).await.map_err(internal)?;
        self.record_access(caller, EventKind::RoleUpdated, &format!("role:{id}")).await?;
        Ok(Role::of(&row))
    }

    /// Deletes a role, detaching it from its users first.
    pub async fn delete_role(&self, caller: &Caller, id: &str) -> Result<(), AppError> {
        self.authorize(caller, Action::DeleteRole, Target::role(id)).await?;
        let row = self.role_row(caller, id).await?;
        let txn = self.db().begin().await.map_err(internal)?;
        user_role::Entity::delete_many()
            .filter(user_role::Column::RoleKey.eq(row.id))
            .exec(&txn)
            .await
            .map_err(internal)?;
        role::Entity::delete_by_id(row.id).exec(&txn).await.map_err(internal)?;
        txn.commit().await.map_err(internal)?;
        self.record_access(caller, EventKind::RoleDeleted, &format!("role:{id}")).await
    }

    /// The names of the SAM users the role is attached to, by name.
    pub async fn role_users(&self, caller: &Caller, id: &str) -> Result<Vec<String>, AppError> {
        self.authorize(caller, Action::ListRoleAttachedUsers, Target::role(id)).await?;
        let row = self.role_row(caller, id).await?;
        user::Entity::find()
            .select_only()
            .column(user::Column::Name)
            .join(JoinType::InnerJoin, user_role::users_link())
            .filter(user_role::Column::RoleKey.eq(row.id))
            .order_by_asc(user::Column::Name)
            .into_tuple::<Option<String>>()
            .all(self.db())
            .await
            .map(|names| names.into_iter().flatten().collect())
            .map_err(internal)
    }

    /// The ids of the roles attached to a SAM user, by id.
    pub async fn user_roles(&self, caller: &Caller, name: &str) -> Result<Vec<String>, AppError> {
        self.authorize(caller, Action::ListUserRoles, Target::user(name)).await?;
        let u = self.sam_user_of(caller, name).await?;
        role::Entity::find()
            .select_only()
            .column(role::Column::RoleId)
            .join(JoinType::InnerJoin, user_role::roles_link())
            .filter(user_role::Column::UserId.eq(u.id))
            .order_by_asc(role::Column::RoleId)
            .into_tuple()
            .all(self.db())
            .await
            .map_err(internal)
    }

    /// Attaches a role to a SAM user (attaching it twice changes nothing).
    pub async fn attach_role(&self, caller: &Caller, name: &str, id: &str) -> Result<(), AppError> {
        self.authorize(caller, Action::AttachRole, Target { user_name: Some(name), role_id: Some(id) }).await?;
        let u = self.sam_user_of(caller, name).await?;
        let r = self.role_row(caller, id).await?;
        let held = user_role::Entity::find().filter(user_role::Column::UserId.eq(u.id)).all(self.db()).await;
        let held = held.map_err(internal)?;
        if held.iter().any(|link| link.role_key == r.id) {
            return Ok(());
        }
        if held.len() >= MAX_ROLES_PER_USER {
            return Err(AppError::TooManyRoles { max: MAX_ROLES_PER_USER });
        }
        let link = user_role::ActiveModel { user_id: Set(u.id), role_key: Set(r.id), attached_at: Set(self.now()) };
        match user_role::Entity::insert(link).exec(self.db()).await {
            Ok(_) => {}
            Err(e) if is_unique_violation(&e) => return Ok(()),
            Err(e) => return Err(internal(e)),
        }
        self.record_access(caller, EventKind::RoleAttached, &format!("user:{name} role:{id}")).await
    }

    /// Detaches a role from a SAM user.
    pub async fn detach_role(&self, caller: &Caller, name: &str, id: &str) -> Result<(), AppError> {
        self.authorize(caller, Action::DetachRole, Target { user_name: Some(name), role_id: Some(id) }).await?;
        let u = self.sam_user_of(caller, name).await?;
        let r = self.role_row(caller, id).await?;
        let gone = user_role::Entity::delete_by_id((u.id, r.id)).exec(self.db()).await.map_err(internal)?;
        if gone.rows_affected == 0 {
            return Err(AppError::RoleNotFound);
        }
        self.record_access(caller, EventKind::RoleDetached, &format!("user:{name} role:{id}")).await
    }
}
