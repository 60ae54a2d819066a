//! What a SAM user may use and do, set by the root user or a permitted
//! user: its console password (set, replaced or removed — the setter never
//! sees an old one), its MFA (turned off for a lost phone) and its own
//! permission document. Each change ends the user's sessions where it
//! takes away access, and applies on the user's next request.

use crate::account::authz::policy::PermissionDocument;
use crate::account::authz::{Action, Target};
use crate::account::credential::password_policy::{PasswordOwner, check_new_password};
use crate::account::events::EventKind;
use crate::account::password_change::PasswordChange;
use crate::account::store::entities::{session, user};
use crate::account::{Account, AppError, Caller, Secret, internal};
use crate::error::PolicyError;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set, TransactionTrait};

impl Account {
    /// `createUserPassword`, `updateUserPassword` and the console's "set
    /// password": gives a SAM user a console password, or replaces it. By
    /// another user it needs the permission of the action the state calls
    /// for (create when it has none, update when it has one) and ends the
    /// user's sessions. One's own password is changed as Security →
    /// Password changes it: with the current one (`current`), never
    /// without it, never from a token of an auth key or a switch.
    pub async fn set_user_password(
        &self,
        caller: &Caller,
        name: &str,
        current: Option<&Secret>,
        new: &Secret,
        confirm: &Secret,
    ) -> Result<(), AppError> {
        let target = Target::user(name);
        let setters = [Action::CreateUserPassword, Action::UpdateUserPassword];
        let may = self.allowed(caller, &setters, target).await?;
        if may.is_empty() {
            // Whether the user exists or has a password is not told.
            return Err(AppError::PermissionDenied { action: Action::UpdateUserPassword.name().to_string() });
        }
        let u = self.sam_user_of(caller, name).await?;
        let action = if u.password_hash.is_some() { Action::UpdateUserPassword } else { Action::CreateUserPassword };
        if !may.contains(&action) {
            return Err(AppError::PermissionDenied { action: action.name().to_string() });
        }
        if caller.principal.is_user(name) {
            let form = PasswordChange { current, new, confirm };
            return self.change_password(&caller.principal, form, &caller.client).await;
        }
        check_new_password(new, confirm, PasswordOwner::of(&u), self.config().min_password_len)?;
        let hash = self.inner.hasher.hash(new).await?;
        self.replace_password_hash(u, Some(hash)).await?;
        self.record_access(caller, EventKind::SamPasswordSet, &format!("user:{name}")).await
    }

    /// Removes a SAM user's console password (it stays usable by auth keys);
    /// its sessions end.
    pub async fn remove_sam_password(&self, caller: &Caller, name: &str) -> Result<(), AppError> {
        self.authorize(caller, Action::DeleteUserPassword, Target::user(name)).await?;
        let u = self.sam_user_of(caller, name).await?;
        if u.password_hash.is_none() {
            return Err(AppError::UserHasNoPassword);
        }
        self.replace_password_hash(u, None).await?;
        self.record_access(caller, EventKind::SamPasswordRemoved, &format!("user:{name}")).await
    }

    /// Whether a SAM user has a console password.
    pub async fn sam_has_password(&self, caller: &Caller, name: &str) -> Result<bool, AppError> {
        self.authorize(caller, Action::HasUserPassword, Target::user(name)).await?;
        Ok(self.sam_user_of(caller, name).await?.password_hash.is_some())
    }

    async fn replace_password_hash(&self, u: user::Model, hash: Option<String>) -> Result<(), AppError> {
        let txn = self.db().begin().await.map_err(internal)?;
        let id = u.id;
        let mut row = u.into_active_model();
        row.password_hash = Set(hash);
        row.updated_at = Set(Some(self.now()));
        row.update(&txn).await.map_err(internal)?;
        session::Entity::delete_many().filter(session::Column::UserId.eq(id)).exec(&txn).await.map_err(internal)?;
        txn.commit().await.map_err(internal)
    }

    /// Turns a user's MFA off for good (no secret, no pending set-up, no
    /// recovery codes) and ends all its sessions and API tokens: what is
    /// done when the authenticator is lost.
    pub(crate) async fn revoke_mfa_and_sign_out(&self, user_id: i64) -> Result<(), AppError> {
        let txn = self.db().begin().await.map_err(internal)?;
        user::Entity::update_many()
            .col_expr(user::Column::MfaEnabled, false.into())
            .col_expr(user::Column::MfaSecret, Option::<String>::None.into())
            .col_expr(user::Column::MfaLastStep, Option::<i64>::None.into())
            .col_expr(user::Column::MfaPendingSecret, Option::<String>::None.into())
            .filter(user::Column::Id.eq(user_id))
            .exec(&txn)
            .await
            .map_err(internal)?;
        session::Entity::delete_many()
            .filter(session::Column::UserId.eq(user_id))
            .exec(&txn)
            .await
            .map_err(internal)?;
        txn.commit().await.map_err(internal)?;
        self.delete_recovery_codes(user_id).await
    }

    /// A SAM user's own permission document, exactly as saved (none when unset).
    pub async fn sam_permission(&self, caller: &Caller, name: &str) -> Result<Option<String>, AppError> {
        self.authorize(caller, Action::GetUserPermission, Target::user(name)).await?;
        Ok(self.sam_user_of(caller, name).await?.permission)
    }

    /// `updateUserPermission` and the console's permission form: replaces
    /// a SAM user's own permission document after checking it (a refused
    /// document changes nothing and says what and where). An empty text
    /// removes the document, as `deleteUserPermission` does.
    pub async fn update_sam_permission(&self, caller: &Caller, name: &str, text: &str) -> Result<(), AppError> {
        if text.trim().is_empty() {
            return self.delete_sam_permission(caller, name).await;
        }
        self.authorize(caller, Action::UpdateUserPermission, Target::user(name)).await?;
        let u = self.sam_user_of(caller, name).await?;
        check_document(text)?;
        let mut row = u.into_active_model();
        row.permission = Set(Some(text.to_string()));
        row.updated_at = Set(Some(self.now()));
        row.update(self.db()).await.map_err(internal)?;
        self.record_access(caller, EventKind::PermissionUpdated, &format!("user:{name}")).await
    }

    /// Removes a SAM user's own document (its roles still apply).
    pub async fn delete_sam_permission(&self, caller: &Caller, name: &str) -> Result<(), AppError> {
        self.authorize(caller, Action::DeleteUserPermission, Target::user(name)).await?;
        let u = self.sam_user_of(caller, name).await?;
        let mut row = u.into_active_model();
        row.permission = Set(None);
        row.updated_at = Set(Some(self.now()));
        row.update(self.db()).await.map_err(internal)?;
        self.record_access(caller, EventKind::PermissionDeleted, &format!("user:{name}")).await
    }
}

/// Checks a document before it is stored (the text is stored as given).
pub(crate) fn check_document(text: &str) -> Result<(), AppError> {
    PermissionDocument::parse(text).map(|_| ()).map_err(|e: PolicyError| AppError::PolicyInvalid(e))
}
