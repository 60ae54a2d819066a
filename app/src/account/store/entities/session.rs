//! A session: a browser's (the cookie holds its token) or a `/v1` token's
//! (`kind = 'api'`, the JWT's `jti` is its token); the table holds the digest.

use sea_orm::entity::prelude::*;

/// A row of `sessions`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sessions")]
pub struct Model {
    /// Hex SHA-256 of the session token.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id_hash: String,
    pub user_id: i64,
    pub created_at: i64,
    pub last_seen_at: i64,
    /// Absolute expiry.
    pub expires_at: i64,
    pub client_addr: Option<String>,
    pub user_agent: Option<String>,
    /// When the user last re-entered their password in this session.
    pub reauth_at: Option<i64>,
    /// A one-time message for the next page, sealed (the new recovery codes).
    pub flash: Option<String>,
    /// The text of a form that was refused, sealed with the form's key, so
    /// the page shown after a plain form post can put it back (a document
    /// is too large for a cookie and does not belong in a URL).
    pub draft: Option<String>,
    /// [`CONSOLE`] for a browser session, [`API`] for a token of the `/v1` API.
    pub kind: String,
    /// API sessions: the digest of the API key that must come with the token.
    pub api_key_hash: Option<String>,
    /// API sessions opened with an auth key: that key (deleting it ends them).
    pub auth_key_id: Option<String>,
    /// Tokens opened by switching user: the session switched from (the
    /// first one, for a switch from a switch). It ends them when it ends.
    pub origin_session: Option<String>,
}

/// The kind of a browser session.
pub const CONSOLE: &str = "console";
/// The kind of an API token's session.
pub const API: &str = "api";

/// A session belongs to its user (read together on every signed-in request).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(belongs_to = "super::user::Entity", from = "Column::UserId", to = "super::user::Column::Id")]
    User,
}

impl Related<super::user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::User.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
