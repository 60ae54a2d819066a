//! Who may do what: the only place that decides, for the console and the
//! API alike. Every public operation of the access wing begins with
//! [`Account::authorize`]; adapters never check a permission themselves.
//!
//! The verdict itself is pure (`verdict.rs`: root, root-only,
//! self-service, documents). Here a SAM user's own document and the
//! documents of every role attached to it are read afresh on each call (a
//! change applies to the next request; each text is parsed once, see
//! `doc_cache.rs`), and refusals are recorded.

pub mod action;
pub mod condition;
pub(crate) mod doc_cache;
pub mod policy;
pub mod proof;
pub mod trust;
pub mod verdict;

pub use action::Action;

use super::events::EventKind;
use super::store::entities::{role, user, user_role};
use super::{Account, AppError, Caller, ClientInfo, Principal, internal};
use policy::PermissionDocument;
use sea_orm::{ColumnTrait, EntityTrait, JoinType, QueryFilter, QuerySelect};
use std::sync::Arc;

/// What an operation acts on, as far as the rules care: the path
/// variables of the API operation (`user_name`, `role_id`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Target<'a> {
    pub user_name: Option<&'a str>,
    pub role_id: Option<&'a str>,
}

impl<'a> Target<'a> {
    /// The operator as a whole (listing users, creating roles, …).
    pub const OPERATOR: Target<'static> = Target { user_name: None, role_id: None };

    /// One SAM user.
    pub fn user(name: &'a str) -> Self {
        Target { user_name: Some(name), role_id: None }
    }

    /// One role.
    pub fn role(id: &'a str) -> Self {
        Target { user_name: None, role_id: Some(id) }
    }
}

impl Account {
    /// Allows `action` on `target` for `caller`, or refuses it with
    /// `PermissionDenied` (AUM0017).
    pub async fn authorize(&self, caller: &Caller, action: Action, target: Target<'_>) -> Result<(), AppError> {
        if !caller.principal.is_root() && action.root_only() {
            return Err(self.refused(caller, action, target, AppError::RootOnly));
        }
        if self.allows(caller, action, target).await? {
            Ok(())
        } else {
            Err(self.refused(caller, action, target, AppError::PermissionDenied { action: action.name().to_string() }))
        }
    }

    /// Records a refusal in the caller's activity (once a minute for the
    /// same operation on the same target, see `refusals`) and returns it.
    pub(crate) fn refused(&self, caller: &Caller, action: Action, target: Target<'_>, err: AppError) -> AppError {
        let what = match (target.user_name, target.role_id) {
            (Some(user), _) => format!("{} user:{user}", action.name()),
            (None, Some(role)) => format!("{} role:{role}", action.name()),
            (None, None) => action.name().to_string(),
        };
        self.note_refusal(caller, EventKind::PermissionDenied, what);
        err
    }

    /// For what a user does to its own account (password, MFA, email):
    /// `for_root` when the caller is the root user, `for_sam` on itself
    /// when it is a SAM user (`None`: root only).
    pub(crate) async fn authorize_own(
        &self,
        p: &Principal,
        client: &ClientInfo,
        for_root: Action,
        for_sam: Option<Action>,
    ) -> Result<(), AppError> {
        let caller = Caller { principal: p.clone(), client: client.clone() };
        match (p.is_root(), for_sam, p.sam_name()) {
            (true, _, _) => self.authorize(&caller, for_root, Target::OPERATOR).await,
            (false, Some(action), Some(name)) => self.authorize(&caller, action, Target::user(name)).await,
            _ => Err(AppError::RootOnly),
        }
    }

    /// Whether an API path's operator id is the caller's own: another
    /// operator's id is refused the same way whether it exists or not.
    pub fn authorize_operator(&self, caller: &Caller, operator_id: &str) -> Result<(), AppError> {
        if caller.principal.operator_id() == operator_id {
            return Ok(());
        }
        let what: String = format!("operator:{operator_id}").chars().take(64).collect();
        self.note_refusal(caller, EventKind::ForeignOperator, what);
        Err(AppError::ForeignOperator)
    }

    /// Which of `actions` the caller may do on `target` (the console hides
    /// what it may not), decided exactly as [`Account::authorize`] would.
    pub async fn allowed(
        &self,
        caller: &Caller,
        actions: &[Action],
        target: Target<'_>,
    ) -> Result<Vec<Action>, AppError> {
        let documents = self.documents_of(caller).await?;
        Ok(actions.iter().copied().filter(|a| self.decide(caller, &documents, *a, target)).collect())
    }

    async fn allows(&self, caller: &Caller, action: Action, target: Target<'_>) -> Result<bool, AppError> {
        // The root user's verdict and a root-only one need no documents.
        let documents = match caller.principal.is_root() || action.root_only() {
            true => vec![],
            false => self.documents_of(caller).await?,
        };
        Ok(self.decide(caller, &documents, action, target))
    }

    fn decide(&self, caller: &Caller, documents: &[Arc<PermissionDocument>], action: Action, target: Target) -> bool {
        verdict::verdict(verdict::Asker::of(caller), documents, action, target, self.now())
    }

    /// The SAM user's own document and those of its roles, read now (each
    /// text parsed once, see `doc_cache`). A stored document that no
    /// longer parses (it was checked when saved) allows nothing and is
    /// logged.
    async fn documents_of(&self, caller: &Caller) -> Result<Vec<Arc<PermissionDocument>>, AppError> {
        if caller.principal.is_root() {
            return Ok(vec![]);
        }
        let user_id = caller.principal.user_id;
        let own = user::Entity::find_by_id(user_id)
            .select_only()
            .column(user::Column::Permission)
            .into_tuple::<Option<String>>()
            .one(self.db())
            .await
            .map_err(internal)?
            .flatten();
        let roles: Vec<String> = role::Entity::find()
            .select_only()
            .column(role::Column::Permission)
            .join(JoinType::InnerJoin, user_role::roles_link())
            .filter(user_role::Column::UserId.eq(user_id))
            .into_tuple()
            .all(self.db())
            .await
            .map_err(internal)?;
        Ok(own
            .into_iter()
            .chain(roles)
            .filter_map(|text| match self.inner.documents.get(&text) {
                Ok(d) => Some(d),
                Err(e) => {
                    tracing::error!(user_id, fault = ?e, "a stored permission document does not parse");
                    None
                }
            })
            .collect())
    }
}
