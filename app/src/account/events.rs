//! The security activity log: what happened to a user, when, from where.

use super::store::entities::security_event;
use super::{Account, AppError, ClientInfo, Principal, internal};
use sea_orm::{ActiveModelTrait, Set};

/// One page of the activity log as its reader may see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Activity {
    pub events: Vec<EventInfo>,
    /// Whether older events exist.
    pub has_older: bool,
    /// Whether the page holds the whole operator's events (the root user)
    /// rather than the reader's own (a SAM user): the console then shows who.
    pub operator_wide: bool,
}

/// The last page the activity log is read to (a larger number reads as it).
pub const MAX_ACTIVITY_PAGE: u64 = 10_000;

/// One entry of the activity log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventInfo {
    /// The stored kind name, e.g. `sign_in`.
    pub kind: String,
    pub at: i64,
    pub client_addr: Option<String>,
    /// Who it was about or who acted: the root user's email or the SAM
    /// user's name (the root user's view shows everyone's events).
    pub who: Option<String>,
    /// What it acted on (`user:<name>`, `role:<id>`), if not the user itself.
    pub target: Option<String>,
}

/// Kinds of security events, stored by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventKind {
    SignedUp,
    EmailVerified,
    SignIn,
    SignInFailed,
    SignInLocked,
    Locked,
    SignOut,
    LanguageChanged,
    PasswordCheckFailed,
    PasswordChanged,
    MfaEnabled,
    MfaDisabled,
    MfaFailed,
    RecoveryCodesRegenerated,
    RecoveryCodeUsed,
    SessionEnded,
    PasswordReset,
    EmailChanged,
    RecoveryEmailSet,
    RecoveryEmailRemoved,
    SignUpAttempted,
    SamUserCreated,
    SamUserUpdated,
    SamUserDeleted,
    SamPasswordSet,
    SamPasswordRemoved,
    SamMfaRevoked,
    PermissionUpdated,
    PermissionDeleted,
    RoleCreated,
    RoleUpdated,
    RoleDeleted,
    RoleAttached,
    RoleDetached,
    AuthKeyCreated,
    AuthKeyDeleted,
    ApiSignIn,
    ApiSignOut,
    ApiTokensRevoked,
    TrustPolicyUpdated,
    TrustPolicyDeleted,
    SwitchedUser,
    /// Someone switched into this user (recorded in the target's operator).
    SwitchedIn,
    /// An operation refused for want of a permission (or root only).
    PermissionDenied,
    /// A `/v1` path named another operator.
    ForeignOperator,
}

impl EventKind {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::SignedUp => "signed_up",
            EventKind::EmailVerified => "email_verified",
            EventKind::SignIn => "sign_in",
            EventKind::SignInFailed => "sign_in_failed",
            EventKind::SignInLocked => "sign_in_locked",
            EventKind::Locked => "locked",
            EventKind::SignOut => "sign_out",
            EventKind::LanguageChanged => "language_changed",
            EventKind::PasswordCheckFailed => "password_check_failed",
            EventKind::PasswordChanged => "password_changed",
            EventKind::MfaEnabled => "mfa_enabled",
            EventKind::MfaDisabled => "mfa_disabled",
            EventKind::MfaFailed => "mfa_failed",
            EventKind::RecoveryCodesRegenerated => "recovery_codes_regenerated",
            EventKind::RecoveryCodeUsed => "recovery_code_used",
            EventKind::SessionEnded => "session_ended",
            EventKind::PasswordReset => "password_reset",
            EventKind::EmailChanged => "email_changed",
            EventKind::RecoveryEmailSet => "recovery_email_set",
            EventKind::RecoveryEmailRemoved => "recovery_email_removed",
            EventKind::SignUpAttempted => "sign_up_attempted",
            EventKind::SamUserCreated => "sam_user_created",
            EventKind::SamUserUpdated => "sam_user_updated",
            EventKind::SamUserDeleted => "sam_user_deleted",
            EventKind::SamPasswordSet => "sam_password_set",
            EventKind::SamPasswordRemoved => "sam_password_removed",
            EventKind::SamMfaRevoked => "sam_mfa_revoked",
            EventKind::PermissionUpdated => "permission_updated",
            EventKind::PermissionDeleted => "permission_deleted",
            EventKind::RoleCreated => "role_created",
            EventKind::RoleUpdated => "role_updated",
            EventKind::RoleDeleted => "role_deleted",
            EventKind::RoleAttached => "role_attached",
            EventKind::RoleDetached => "role_detached",
            EventKind::AuthKeyCreated => "auth_key_created",
            EventKind::AuthKeyDeleted => "auth_key_deleted",
            EventKind::ApiSignIn => "api_sign_in",
            EventKind::ApiSignOut => "api_sign_out",
            EventKind::ApiTokensRevoked => "api_tokens_revoked",
            EventKind::TrustPolicyUpdated => "trust_policy_updated",
            EventKind::TrustPolicyDeleted => "trust_policy_deleted",
            EventKind::SwitchedUser => "switched_user",
            EventKind::SwitchedIn => "switched_in",
            EventKind::PermissionDenied => "permission_denied",
            EventKind::ForeignOperator => "foreign_operator",
        }
    }
}

impl Account {
    /// Appends an event to the log.
    pub(crate) async fn record(
        &self,
        user_id: Option<i64>,
        operator_id: Option<&str>,
        kind: EventKind,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        self.record_on(user_id, operator_id, kind, None, client).await
    }

    /// Appends an event of the user `user_id` that acted on `target`
    /// (`user:<name>`, `role:<id>`).
    pub(crate) async fn record_on(
        &self,
        user_id: Option<i64>,
        operator_id: Option<&str>,
        kind: EventKind,
        target: Option<&str>,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        use sea_orm::EntityTrait;
        // Every event of a known user names its operator, whoever records it.
        let operator_id = match (operator_id, user_id) {
            (Some(op), _) => Some(op.to_string()),
            (None, Some(id)) => super::store::entities::user::Entity::find_by_id(id)
                .one(self.db())
                .await
                .map_err(internal)?
                .map(|u| u.operator_id),
            (None, None) => None,
        };
        security_event::ActiveModel {
            user_id: Set(user_id),
            operator_id: Set(operator_id),
            kind: Set(kind.as_str().to_string()),
            client_addr: Set(client.addr.clone()),
            created_at: Set(self.now()),
            target: Set(target.map(str::to_string)),
            ..Default::default()
        }
        .insert(self.db())
        .await
        .map(|_| ())
        .map_err(internal)
    }

    /// Appends an event about `who` (a user, or a name without one).
    pub(crate) async fn record_for(
        &self,
        who: Option<&super::store::entities::user::Model>,
        kind: EventKind,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        self.record(who.map(|u| u.id), who.map(|u| u.operator_id.as_str()), kind, client).await
    }

    /// One page of the activity a user may see, newest first: the root
    /// user sees every event of its operator, a SAM user its own.
    pub async fn activity(&self, p: &Principal, page: u64, per_page: u64) -> Result<Activity, AppError> {
        use super::store::entities::user;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
        let page = page.min(MAX_ACTIVITY_PAGE);
        let operator_wide = p.is_root();
        let scope = if operator_wide {
            security_event::Column::OperatorId.eq(p.operator_id())
        } else {
            security_event::Column::UserId.eq(p.user_id)
        };
        let rows = security_event::Entity::find()
            .filter(scope)
            .order_by_desc(security_event::Column::Id)
            .offset(page * per_page)
            .limit(per_page + 1)
            .all(self.db())
            .await
            .map_err(internal)?;
        let more = rows.len() as u64 > per_page;
        let ids: Vec<i64> = rows.iter().filter_map(|e| e.user_id).collect();
        let names: std::collections::HashMap<i64, String> = user::Entity::find()
            .filter(user::Column::Id.is_in(ids))
            .all(self.db())
            .await
            .map_err(internal)?
            .into_iter()
            .filter_map(|u| u.email.or(u.name).map(|n| (u.id, n)))
            .collect();
        let events = rows
            .into_iter()
            .take(per_page as usize)
            .map(|e| EventInfo {
                who: e.user_id.and_then(|id| names.get(&id).cloned()),
                kind: e.kind,
                at: e.created_at,
                client_addr: e.client_addr,
                target: e.target,
            })
            .collect();
        Ok(Activity { events, has_older: more, operator_wide })
    }

    /// When the user's newest event of this kind happened, if ever.
    pub(crate) async fn last_event_at(&self, user_id: i64, kind: EventKind) -> Result<Option<i64>, AppError> {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
        Ok(security_event::Entity::find()
            .filter(security_event::Column::UserId.eq(user_id))
            .filter(security_event::Column::Kind.eq(kind.as_str()))
            .order_by_desc(security_event::Column::Id)
            .one(self.db())
            .await
            .map_err(internal)?
            .map(|e| e.created_at))
    }

    /// The user's events, newest first (kind names), for tests and the activity tab.
    pub async fn event_kinds(&self, user_id: i64) -> Result<Vec<String>, AppError> {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
        Ok(security_event::Entity::find()
            .filter(security_event::Column::UserId.eq(user_id))
            .order_by_desc(security_event::Column::Id)
            .all(self.db())
            .await
            .map_err(internal)?
            .into_iter()
            .map(|e| e.kind)
            .collect())
    }
}
