//! The shapes more than one tag's handlers answer with (a user holds its
//! roles and keys, a role lists its users): shared here, so no two tag
//! modules import each other.

use app::account::auth_keys::AuthKeyInfo;
use app::account::roles::Role;
use app::account::sam_users::details::UserDetail;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Who manages a role: always the operator here.
pub const OWNER: &str = "operator";

/// A SAM user as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserDetailResponse {
    user_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    /// Whether console access (a password) is set.
    has_password: bool,
    /// Its own permission document, as a JSON string.
    #[serde(skip_serializing_if = "Option::is_none")]
    permission: Option<String>,
    auth_key_list: Vec<AuthKeyResponse>,
    role_list: Vec<ListRolesResponse>,
    /// Epoch seconds.
    create_date_time: i64,
    /// Epoch seconds.
    update_date_time: i64,
}

impl From<UserDetail> for UserDetailResponse {
    fn from(d: UserDetail) -> Self {
        UserDetailResponse {
            user_name: d.user.name,
            description: d.user.description,
            has_password: d.user.has_password,
            permission: d.permission,
            auth_key_list: d.auth_keys.into_iter().map(Into::into).collect(),
            role_list: d.roles.into_iter().map(Into::into).collect(),
            create_date_time: d.user.created_at,
            update_date_time: d.user.updated_at.unwrap_or(d.user.created_at),
        }
    }
}

/// A role as lists show it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ListRolesResponse {
    role_id: String,
    /// The same as `roleId` for roles of the operator.
    role_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    /// `operator`.
    owner: String,
    /// Epoch seconds.
    create_date_time: i64,
    /// Epoch seconds.
    update_date_time: i64,
}

impl From<Role> for ListRolesResponse {
    fn from(r: Role) -> Self {
        ListRolesResponse {
            role_name: r.id.clone(),
            role_id: r.id,
            description: r.description,
            owner: OWNER.into(),
            create_date_time: r.created_at,
            update_date_time: r.updated_at,
        }
    }
}

/// A password change: the current password and the new one.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UpdatePasswordRequest {
    pub current_password: String,
    pub new_password: String,
}

/// An auth key as listed (never its secret; no null for a key never used).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AuthKeyResponse {
    auth_key_id: String,
    /// Epoch seconds.
    create_date_time: i64,
    /// Epoch seconds; absent when never used.
    #[serde(skip_serializing_if = "Option::is_none")]
    last_used_date_time: Option<i64>,
}

impl From<AuthKeyInfo> for AuthKeyResponse {
    fn from(k: AuthKeyInfo) -> Self {
        AuthKeyResponse { auth_key_id: k.id, create_date_time: k.created_at, last_used_date_time: k.last_used_at }
    }
}

/// A key just made: its secret is shown this once.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct GenerateAuthKeyResponse {
    pub auth_key_id: String,
    pub auth_key: String,
}

debug_without_fields!(UpdatePasswordRequest, GenerateAuthKeyResponse);
