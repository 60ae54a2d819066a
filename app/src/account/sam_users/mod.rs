//! SAM users: created, listed, read, described and deleted by the root user
//! or a SAM user whose documents allow it. Every operation takes the
//! [`Caller`] and begins with `authorize`.

pub mod access;
pub mod details;

use super::authz::{Action, Target};
use super::events::EventKind;
use super::store::entities::{session, user, user_role};
use super::{Account, AppError, Caller, internal};
use crate::error::Field;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    Set, TransactionTrait,
};

/// The longest user name or role id.
pub const MAX_NAME: usize = 100;
/// The longest description of a user or role.
pub const MAX_DESCRIPTION: usize = 1000;
/// How many users a page of the list shows.
pub const PAGE_SIZE: u64 = 50;
/// The last page asked for: later pages are as empty, and a page number
/// times the page size must stay within what a database offset takes.
const MAX_PAGE: u64 = 1_000_000;

/// Whether `name` may name a SAM user or a role: 1–100 of `A-Za-z0-9_.@-`.
pub fn valid_name(name: &str) -> bool {
    (1..=MAX_NAME).contains(&name.len())
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'@' | b'-'))
}

/// A description as stored: trimmed, none when empty, refused when too long.
pub(crate) fn description(text: &str) -> Result<Option<String>, AppError> {
    let text = text.trim();
    if text.chars().count() > MAX_DESCRIPTION {
        return Err(AppError::TooLong(Field::Description));
    }
    Ok((!text.is_empty()).then(|| text.to_string()))
}

/// A SAM user as the console and the API show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SamUser {
    pub name: String,
    pub description: Option<String>,
    /// Whether console access (a password) is set.
    pub has_password: bool,
    pub mfa_enabled: bool,
    pub created_at: i64,
    pub updated_at: Option<i64>,
    pub last_sign_in_at: Option<i64>,
}

impl SamUser {
    pub(crate) fn of(u: &user::Model) -> Self {
        SamUser {
            name: u.name.clone().unwrap_or_default(),
            description: u.description.clone(),
            has_password: u.password_hash.is_some(),
            mfa_enabled: u.mfa_enabled,
            created_at: u.created_at,
            updated_at: u.updated_at,
            last_sign_in_at: u.last_sign_in_at,
        }
    }
}

/// One page of the user list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserPage {
    pub users: Vec<SamUser>,
    /// Whether a further page exists.
    pub more: bool,
}

impl Account {
    /// The SAM user `name` of the operator, if it exists.
    pub(crate) async fn sam_user(&self, operator_id: &str, name: &str) -> Result<Option<user::Model>, AppError> {
        user::Entity::find()
            .filter(user::Column::OperatorId.eq(operator_id))
            .filter(user::Column::Kind.eq(user::UserKind::Sam))
            .filter(user::Column::Name.eq(name))
            .one(self.db())
            .await
            .map_err(internal)
    }

    /// The SAM user `name` of the caller's operator, or `UserNotFound`.
    pub(crate) async fn sam_user_of(&self, caller: &Caller, name: &str) -> Result<user::Model, AppError> {
        self.sam_user(caller.principal.operator_id(), name).await?.ok_or(AppError::UserNotFound)
    }

    /// Records an access-wing event by the caller on `target`.
    pub(crate) async fn record_access(&self, caller: &Caller, kind: EventKind, target: &str) -> Result<(), AppError> {
        let p = &caller.principal;
        self.record_on(Some(p.user_id), Some(p.operator_id()), kind, Some(target), &caller.client).await
    }

    /// Creates a SAM user (no password, no documents: it can do nothing yet).
    pub async fn create_sam_user(&self, caller: &Caller, name: &str, about: &str) -> Result<SamUser, AppError> {
        self.authorize(caller, Action::CreateUser, Target::user(name)).await?;
        if name.is_empty() {
            return Err(AppError::Required(Field::Name));
        }
        if !valid_name(name) {
            return Err(AppError::NameInvalid);
        }
        let about = description(about)?;
        let operator_id = caller.principal.operator_id();
        if self.sam_user(operator_id, name).await?.is_some() {
            return Err(AppError::UserExists);
        }
        let now = self.now();
        let row = user::ActiveModel {
            operator_id: Set(operator_id.to_string()),
            kind: Set(user::UserKind::Sam),
            name: Set(Some(name.to_string())),
            description: Set(about),
            email_verified: Set(false),
            mfa_enabled: Set(false),
            created_at: Set(now),
            updated_at: Set(Some(now)),
            ..Default::default()
        }
        .insert(self.db())
        .await
        // Two creations of one name at once: the unique index decides.
        .map_err(|e| if is_unique_violation(&e) { AppError::UserExists } else { internal(e) })?;
        self.record_access(caller, EventKind::SamUserCreated, &format!("user:{name}")).await?;
        Ok(SamUser::of(&row))
    }

    /// One page (from 0) of the operator's SAM users whose name contains
    /// `filter` (any case), by name.
    pub async fn list_sam_users(&self, caller: &Caller, filter: &str, page: u64) -> Result<UserPage, AppError> {
        self.authorize(caller, Action::ListUsers, Target::OPERATOR).await?;
        let mut q = user::Entity::find()
            .filter(user::Column::OperatorId.eq(caller.principal.operator_id()))
            .filter(user::Column::Kind.eq(user::UserKind::Sam));
        let filter = filter.trim();
        if !filter.is_empty() {
            let pattern = format!("%{}%", like_escape(&filter.to_lowercase()));
            q = q.filter(
                sea_orm::sea_query::Expr::expr(sea_orm::sea_query::Func::lower(sea_orm::sea_query::Expr::col(
                    user::Column::Name,
                )))
                .like(sea_orm::sea_query::LikeExpr::new(pattern).escape('\\')),
            );
        }
        let rows = q
            .order_by_asc(user::Column::Name)
            .offset(page.min(MAX_PAGE).saturating_mul(PAGE_SIZE))
            .limit(PAGE_SIZE + 1)
            .all(self.db())
            .await
            .map_err(internal)?;
        let more = rows.len() as u64 > PAGE_SIZE;
        Ok(UserPage { users: rows.iter().take(PAGE_SIZE as usize).map(SamUser::of).collect(), more })
    }

    /// How many SAM users the operator has.
    pub async fn count_sam_users(&self, caller: &Caller) -> Result<u64, AppError> {
        self.authorize(caller, Action::ListUsers, Target::OPERATOR).await?;
        user::Entity::find()
            .filter(user::Column::OperatorId.eq(caller.principal.operator_id()))
            .filter(user::Column::Kind.eq(user::UserKind::Sam))
            .count(self.db())
            .await
            .map_err(internal)
    }

    /// One SAM user.
    pub async fn get_sam_user(&self, caller: &Caller, name: &str) -> Result<SamUser, AppError> {
        self.authorize(caller, Action::GetUser, Target::user(name)).await?;
        Ok(SamUser::of(&self.sam_user_of(caller, name).await?))
    }

    /// Changes a SAM user's description.
    pub async fn update_sam_user(&self, caller: &Caller, name: &str, about: &str) -> Result<SamUser, AppError> {
        self.authorize(caller, Action::UpdateUser, Target::user(name)).await?;
        let about = description(about)?;
        let mut row = self.sam_user_of(caller, name).await?.into_active_model();
        row.description = Set(about);
        row.updated_at = Set(Some(self.now()));
        let row = row.update(self.db()).await.map_err(internal)?;
        self.record_access(caller, EventKind::SamUserUpdated, &format!("user:{name}")).await?;
        Ok(SamUser::of(&row))
    }

    /// Deletes a SAM user: its sessions end and its roles are detached with it.
    pub async fn delete_sam_user(&self, caller: &Caller, name: &str) -> Result<(), AppError> {
        self.authorize(caller, Action::DeleteUser, Target::user(name)).await?;
        let u = self.sam_user_of(caller, name).await?;
        let txn = self.db().begin().await.map_err(internal)?;
        session::Entity::delete_many().filter(session::Column::UserId.eq(u.id)).exec(&txn).await.map_err(internal)?;
        user_role::Entity::delete_many()
            .filter(user_role::Column::UserId.eq(u.id))
            .exec(&txn)
            .await
            .map_err(internal)?;
        // Tokens and recovery codes go with the row (foreign keys cascade).
        user::Entity::delete_by_id(u.id).exec(&txn).await.map_err(internal)?;
        txn.commit().await.map_err(internal)?;
        self.record_access(caller, EventKind::SamUserDeleted, &format!("user:{name}")).await
    }
}

/// Escapes `%`, `_` and `\` for a `LIKE … ESCAPE '\'` pattern.
fn like_escape(s: &str) -> String {
    s.chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect()
}

/// Whether a database error is a unique-index violation (SQLite or PostgreSQL).
pub(crate) fn is_unique_violation(e: &sea_orm::DbErr) -> bool {
    matches!(e.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_)))
}
