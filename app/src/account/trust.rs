//! Trust policies and `Auth:switchUser`: a SAM user's trust policy names
//! who may act as it. A caller allowed `Auth:switchUser` by its own
//! documents, and named by the target's trust policy, gets an API key and
//! token of the target (of its operator or of another one). What a policy
//! says, and whom it trusts, is decided purely in `authz/trust.rs`.

use super::api_tokens::ApiToken;
use super::authz::trust::{parse, srn_of, trusts};
use super::authz::{Action, Target};
use super::events::EventKind;
use super::store::entities::{session, user};
use super::{Account, AppError, Caller, internal};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, TransactionTrait};

impl Account {
    /// `User:getUserTrustPolicy`: the document as saved (none when unset).
    pub async fn trust_policy(&self, caller: &Caller, name: &str) -> Result<Option<String>, AppError> {
        self.authorize(caller, Action::GetUserTrustPolicy, Target::user(name)).await?;
        Ok(self.sam_user_of(caller, name).await?.trust_policy)
    }

    /// `User:updateUserTrustPolicy`: checked, then saved exactly as typed.
    pub async fn update_trust_policy(&self, caller: &Caller, name: &str, text: &str) -> Result<(), AppError> {
        self.authorize(caller, Action::UpdateUserTrustPolicy, Target::user(name)).await?;
        let u = self.sam_user_of(caller, name).await?;
        parse(text).map_err(AppError::TrustPolicyInvalid)?;
        self.store_trust_policy(u.id, Some(text)).await?;
        self.record_access(caller, EventKind::TrustPolicyUpdated, &format!("user:{name}")).await
    }

    /// `User:deleteUserTrustPolicy`: nobody may switch to the user any more.
    pub async fn delete_trust_policy(&self, caller: &Caller, name: &str) -> Result<(), AppError> {
        self.authorize(caller, Action::DeleteUserTrustPolicy, Target::user(name)).await?;
        let u = self.sam_user_of(caller, name).await?;
        self.store_trust_policy(u.id, None).await?;
        self.record_access(caller, EventKind::TrustPolicyDeleted, &format!("user:{name}")).await
    }

    /// Saves (or removes) the policy and ends every token switched into
    /// the user under the old one: a new policy is judged afresh.
    async fn store_trust_policy(&self, user_id: i64, text: Option<&str>) -> Result<(), AppError> {
        let txn = self.db().begin().await.map_err(internal)?;
        user::Entity::update_many()
            .col_expr(user::Column::TrustPolicy, text.map(str::to_string).into())
            .col_expr(user::Column::UpdatedAt, Some(self.now()).into())
            .filter(user::Column::Id.eq(user_id))
            .exec(&txn)
            .await
            .map_err(internal)?;
        session::Entity::delete_many()
            .filter(session::Column::UserId.eq(user_id))
            .filter(session::Column::OriginSession.is_not_null())
            .exec(&txn)
            .await
            .map_err(internal)?;
        txn.commit().await.map_err(internal)
    }

    /// `Auth:switchUser`: a token of SAM user `name` of `operator_id`, if
    /// the caller may switch and the target trusts it. An unknown target
    /// and one that does not trust the caller get the same answer.
    pub async fn switch_user(
        &self,
        caller: &Caller,
        operator_id: &str,
        name: &str,
        timeout_secs: Option<i64>,
    ) -> Result<ApiToken, AppError> {
        // The name the rules see is the name looked up.
        let (operator_id, name) = (operator_id.trim(), name.trim());
        if !super::sam_users::valid_name(name) {
            return Err(AppError::NameInvalid);
        }
        self.authorize(caller, Action::AuthSwitchUser, Target::user(name)).await?;
        let target = self.sam_user(operator_id, name).await?;
        let trusted = target
            .as_ref()
            .and_then(|u| u.trust_policy.as_deref())
            .and_then(|t| parse(t).ok())
            .is_some_and(|policy| trusts(&policy, &srn_of(&caller.principal)));
        let target = target.filter(|_| trusted).ok_or(AppError::SwitchNotTrusted)?;
        self.ensure_operator_active(&target.operator_id).await?;
        let origin = self.switch_origin(&caller.principal.session_id).await?;
        let token = self.open_token_for(&target, timeout_secs, &origin, &caller.client).await?;
        let what = format!("user:{}/{}", target.operator_id, target.name.as_deref().unwrap_or_default());
        self.record_access(caller, EventKind::SwitchedUser, &what).await?;
        // The target's operator sees who acted in it, whichever it is.
        let who = srn_of(&caller.principal);
        self.record_on(Some(target.id), Some(&target.operator_id), EventKind::SwitchedIn, Some(&who), &caller.client)
            .await?;
        Ok(token)
    }

    /// The session a switch from `session_id` hangs on: that session, or
    /// its own origin when it was itself opened by a switch.
    async fn switch_origin(&self, session_id: &str) -> Result<String, AppError> {
        let from = session::Entity::find_by_id(session_id.to_string()).one(self.db()).await.map_err(internal)?;
        let from = from.ok_or(AppError::TokenInvalid)?;
        Ok(from.origin_session.unwrap_or(from.id_hash))
    }
}
