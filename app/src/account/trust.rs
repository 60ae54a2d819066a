//! Trust policies and `Auth:switchUser`: a SAM user's trust policy names
//! who may act as it. A caller allowed `Auth:switchUser` by its own
//! documents, and named by the target's trust policy, gets an API key and
//! token of the target (of its operator or of another one). Principals are
//! SRNs: `srn:soracom:<operator id>::User/<name>` for a SAM user,
//! `srn:soracom:<operator id>::Operator` for a root user; `*` matches any
//! text, a matching deny wins, nothing is trusted by default.

use super::api_tokens::ApiToken;
use super::authz::policy::matches;
use super::authz::{Action, Target};
use super::events::EventKind;
use super::store::entities::{session, user};
use super::{Account, AppError, Caller, Principal, internal};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, TransactionTrait};
use serde::Deserialize;

/// The longest trust policy kept.
const MAX_TRUST_POLICY: usize = 16 * 1024;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TrustPolicy {
    statements: Vec<TrustStatement>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TrustStatement {
    effect: Effect,
    principal: Principals,
}

#[derive(Debug, Deserialize, PartialEq, Eq, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum Effect {
    Allow,
    Deny,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Principals {
    soracom: OneOrMany,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn items(&self) -> Vec<&str> {
        match self {
            OneOrMany::One(s) => vec![s.as_str()],
            OneOrMany::Many(v) => v.iter().map(String::as_str).collect(),
        }
    }
}

/// Parses and checks a trust policy.
fn parse(text: &str) -> Result<TrustPolicy, AppError> {
    if text.len() > MAX_TRUST_POLICY {
        return Err(AppError::TrustPolicyInvalid);
    }
    let policy: TrustPolicy = serde_json::from_str(text).map_err(|_| AppError::TrustPolicyInvalid)?;
    let well_formed = policy.statements.iter().all(|s| {
        let items = s.principal.soracom.items();
        !items.is_empty() && items.iter().all(|p| p.starts_with("srn:soracom:") && p.len() <= 300)
    });
    // Sign-up is open: an allow for every operator would trust strangers.
    let names_operators = policy.statements.iter().filter(|s| s.effect == Effect::Allow).all(|s| {
        s.principal.soracom.items().iter().all(|p| {
            let operator = p.trim_start_matches("srn:soracom:").split("::").next().unwrap_or("*");
            !operator.is_empty() && !operator.contains('*')
        })
    });
    let well_formed = well_formed && names_operators;
    if policy.statements.is_empty() || !well_formed {
        return Err(AppError::TrustPolicyInvalid);
    }
    Ok(policy)
}

/// Whether `policy` trusts the principal named `srn`.
fn trusts(policy: &TrustPolicy, srn: &str) -> bool {
    let hit = |effect| {
        policy
            .statements
            .iter()
            .filter(|s| s.effect == effect)
            .any(|s| s.principal.soracom.items().iter().any(|p| matches(p, srn)))
    };
    !hit(Effect::Deny) && hit(Effect::Allow)
}

/// The SRN of a principal.
pub fn srn_of(p: &Principal) -> String {
    match p.sam_name() {
        Some(name) => format!("srn:soracom:{}::User/{name}", p.operator_id()),
        None => format!("srn:soracom:{}::Operator", p.operator_id()),
    }
}

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
        parse(text)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"{"statements":[{"effect":"allow","principal":{"soracom":["srn:soracom:OP0000000001::User/*"]}},
        {"effect":"deny","principal":{"soracom":"srn:soracom:OP0000000001::User/intern"}}]}"#;

    #[test]
    fn a_trust_policy_never_trusts_every_operator() {
        for operator in ["*", "OP*", "*0001"] {
            let doc = format!(
                r#"{{"statements":[{{"effect":"allow","principal":{{"soracom":"srn:soracom:{operator}::User/ci"}}}}]}}"#
            );
            assert_eq!(parse(&doc).map(|_| ()), Err(AppError::TrustPolicyInvalid), "{operator}");
        }
        let deny = r#"{"statements":[{"effect":"allow","principal":{"soracom":"srn:soracom:OP0000000001::User/*"}},
            {"effect":"deny","principal":{"soracom":"srn:soracom:*::User/intern"}}]}"#;
        assert!(parse(deny).is_ok(), "a deny may name every operator");
    }

    #[test]
    fn a_trust_policy_names_who_may_switch_and_deny_wins() {
        let p = parse(DOC).unwrap();
        assert!(trusts(&p, "srn:soracom:OP0000000001::User/alice"));
        assert!(!trusts(&p, "srn:soracom:OP0000000001::User/intern"));
        assert!(!trusts(&p, "srn:soracom:OP0000000002::User/alice"));
        assert!(!trusts(&p, "srn:soracom:OP0000000001::Operator"));
    }

    #[test]
    fn a_broken_trust_policy_is_refused() {
        for bad in [
            "",
            "{}",
            r#"{"statements":[]}"#,
            r#"{"statements":[{"effect":"allow","principal":{"soracom":[]}}]}"#,
            r#"{"statements":[{"effect":"allow","principal":{"soracom":"OP1::User/a"}}]}"#,
            r#"{"statements":[{"effect":"maybe","principal":{"soracom":"srn:soracom:OP1::User/a"}}]}"#,
            r#"{"statements":[{"effect":"allow","principal":{"aws":"srn:soracom:OP1::User/a"}}]}"#,
        ] {
            assert_eq!(parse(bad).map(|_| ()), Err(AppError::TrustPolicyInvalid), "{bad}");
        }
    }
}
