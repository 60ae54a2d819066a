//! Changing one's own password: the current password (counted toward the
//! session's own lock), the policy for the new one; then every other session of the
//! user ends, a notice is mailed and the change is logged.

use super::authz::Action;
use super::authz::proof::{self, Guarded, Needs};
use super::credential::password_policy::{PasswordOwner, check_new_password};
use super::events::EventKind;
use super::mail::templates;
use super::store::entities::session;
use super::{Account, AppError, Caller, ClientInfo, Principal, Proof, Secret, internal};
use crate::error::Field;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};

/// What the password form carries. The current password is what proves
/// it is the user (see `authz::proof`); without it one's own password is
/// never replaced.
#[derive(Debug)]
pub struct PasswordChange<'a> {
    pub current: Option<&'a Secret>,
    pub new: &'a Secret,
    pub confirm: &'a Secret,
}

impl Account {
    /// Changes the signed-in user's own password (`updateOperatorPassword`,
    /// Security → Password, and a SAM user's own `updateUserPassword`):
    /// with the current password, and never from a token of an auth key
    /// or of a switch.
    pub async fn change_password(
        &self,
        p: &Principal,
        form: PasswordChange<'_>,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        self.authorize_own(p, client, Action::UpdateOperatorPassword, Some(Action::UpdateUserPassword)).await?;
        let caller = Caller { principal: p.clone(), client: client.clone() };
        if proof::needs(Guarded::OwnPassword, p.opened) == Needs::Refused {
            return Err(AppError::NeedsPasswordSignIn);
        }
        if form.current.is_some_and(|c| c.expose().is_empty()) {
            return Err(AppError::Required(Field::Current));
        }
        let u = self.user(p.user_id).await?;
        check_new_password(form.new, form.confirm, PasswordOwner::of(&u), self.config().min_password_len)?;
        self.prove(&caller, Guarded::OwnPassword, Proof { password: form.current, code: None }).await?;
        let hash = self.inner.hasher.hash(form.new).await?;
        let operator_id = u.operator_id.clone();
        let mut active = u.clone().into_active_model();
        active.password_hash = Set(Some(hash));
        active.update(self.db()).await.map_err(internal)?;
        self.end_other_sessions(p).await?;
        self.supersede_all_links(p.user_id).await?;
        self.record(Some(p.user_id), Some(&operator_id), EventKind::PasswordChanged, client).await?;
        let login = self.link(crate::paths::LOGIN);
        self.notify_user(&u, |to| templates::password_changed(to, u.lang(), &login)).await;
        Ok(())
    }

    /// Ends every session of the user but the current one; returns how many ended.
    pub async fn end_other_sessions(&self, p: &Principal) -> Result<u64, AppError> {
        session::Entity::delete_many()
            .filter(session::Column::UserId.eq(p.user_id))
            .filter(session::Column::IdHash.ne(p.session_id.as_str()))
            .exec(self.db())
            .await
            .map(|r| r.rows_affected)
            .map_err(internal)
    }

    /// Sends a security notice after the change it tells of is done (queued
    /// while the mail server is away): a failure is logged, it does not undo
    /// the change.
    pub(crate) async fn notify(&self, mail: &super::mail::OutgoingMail) {
        if self.deliver_notice(mail).await.is_err() {
            tracing::warn!("a security notice could not be mailed or queued");
        }
    }
}
