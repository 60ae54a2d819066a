//! Sessions: a console session is an opaque random token in the cookie,
//! its SHA-256 in the database, with idle and absolute expiry (sign-out
//! ends it on the server); the one look-up of a session and its user also
//! serves `/v1` tokens (`SessionKind::Api`, see `api_tokens.rs`).

use super::credential::secret::{Secret, random_token, token_digest};
use super::profile::Summary;
use super::store::entities::operator;
use super::store::entities::{session, user};
use super::{Account, AppError, ClientInfo, Opened, Principal, internal};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, JoinType, QueryFilter, QuerySelect, QueryTrait,
    RelationDef, SelectTwoModel, SelectorTrait, Set,
};

/// The join from a user to its operator (read with every session).
fn user_operator() -> RelationDef {
    user::Entity::belongs_to(operator::Entity).from(user::Column::OperatorId).to(operator::Column::Id).into()
}

/// Which sessions a look-up may find: a browser's (the cookie) or an API
/// token's. Each has its own prebuilt statement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SessionKind {
    Console,
    Api,
}

impl SessionKind {
    /// The value of `sessions.kind`.
    fn tag(self) -> &'static str {
        match self {
            SessionKind::Console => session::CONSOLE,
            SessionKind::Api => session::API,
        }
    }
}

/// How often `last_seen_at` is written at most (seconds).
const TOUCH_EVERY: i64 = 60;

fn truncate(s: &Option<String>, max: usize) -> Option<String> {
    s.as_ref().map(|v| v.chars().take(max).collect())
}

impl Account {
    /// Starts a session for the user and returns its token (for the cookie only).
    pub(crate) async fn create_session(&self, user_id: i64, client: &ClientInfo) -> Result<Secret, AppError> {
        let now = self.now();
        let token = random_token();
        session::ActiveModel {
            id_hash: Set(token_digest(token.expose())),
            user_id: Set(user_id),
            created_at: Set(now),
            last_seen_at: Set(now),
            expires_at: Set(now + self.config().session_absolute_secs),
            client_addr: Set(truncate(&client.addr, 64)),
            user_agent: Set(truncate(&client.user_agent, 512)),
            reauth_at: Set(None),
            flash: Set(None),
            draft: Set(None),
            kind: Set(session::CONSOLE.to_string()),
            api_key_hash: Set(None),
            auth_key_id: Set(None),
            origin_session: Set(None),
        }
        .insert(self.db())
        .await
        .map_err(internal)?;
        Ok(token)
    }

    /// The principal of a session token, if the session is still valid;
    /// refreshes its idle timer.
    pub async fn principal(&self, token: &str) -> Result<Option<Principal>, AppError> {
        if token.is_empty() || token.len() > 64 {
            return Ok(None);
        }
        let now = self.now();
        let hash = token_digest(token);
        let Some((s, u)) = self.active_session(&hash, SessionKind::Console).await? else {
            // No such session, or its operator is suspended or gone: a
            // suspended operator's sessions end at their next request. (An
            // API token's id is not a cookie: it is never found here.)
            session::Entity::delete_many()
                .filter(session::Column::IdHash.eq(hash))
                .filter(session::Column::Kind.eq(session::CONSOLE))
                .exec(self.db())
                .await
                .map_err(internal)?;
            return Ok(None);
        };
        if s.expires_at <= now || s.last_seen_at + self.config().session_idle_secs <= now {
            session::Entity::delete_by_id(hash).exec(self.db()).await.map_err(internal)?;
            return Ok(None);
        }
        if now - s.last_seen_at >= TOUCH_EVERY {
            session::Entity::update_many()
                .col_expr(session::Column::LastSeenAt, now.into())
                .filter(session::Column::IdHash.eq(hash))
                .exec(self.db())
                .await
                .map_err(internal)?;
        }
        Ok(Some(Principal {
            user_id: u.id,
            summary: Summary::of(&u),
            language: u.language,
            authenticated_at: s.reauth_at.unwrap_or(s.created_at).max(s.created_at),
            opened: Opened::Console,
            session_id: s.id_hash,
        }))
    }

    /// Whether the session `id_hash` is still open at `now`: not ended,
    /// not expired, not idle (console) nor past its line's absolute
    /// lifetime (API). A switched token lives only while its origin does.
    pub(crate) async fn session_lives(&self, id_hash: &str, now: i64) -> Result<bool, AppError> {
        let found = session::Entity::find_by_id(id_hash.to_string()).one(self.db()).await.map_err(internal)?;
        Ok(found.is_some_and(|s| {
            let cutoff = match s.kind.as_str() {
                session::CONSOLE => s.last_seen_at + self.config().session_idle_secs,
                _ => s.created_at + self.config().api_token_absolute_secs,
            };
            s.expires_at > now && cutoff > now
        }))
    }

    /// The session of `kind` (console or API) with this id and its user,
    /// if the user's operator is active: one query, asked by every
    /// signed-in page and every `/v1` call, its SQL built once.
    pub(crate) async fn active_session(
        &self,
        id_hash: &str,
        kind: SessionKind,
    ) -> Result<Option<(session::Model, user::Model)>, AppError> {
        let statements = &self.inner.statements;
        let slot = match kind {
            SessionKind::Console => &statements.console_session,
            SessionKind::Api => &statements.api_session,
        };
        let backend = self.db().get_database_backend();
        let stmt = slot.bind(id_hash, |id| {
            session::Entity::find_by_id(id.to_string())
                .filter(session::Column::Kind.eq(kind.tag()))
                .find_also_related(user::Entity)
                .join(JoinType::LeftJoin, user_operator())
                .filter(operator::Column::Status.eq(operator::ACTIVE))
                .limit(1)
                .build(backend)
        });
        let Some(row) = self.db().query_one(stmt).await.map_err(internal)? else { return Ok(None) };
        let (s, u) = SelectTwoModel::<session::Model, user::Model>::from_raw_query_result(row).map_err(internal)?;
        Ok(u.map(|u| (s, u)))
    }

    /// Ends the session of this token (sign-out).
    pub async fn sign_out(&self, token: &str, client: &ClientInfo) -> Result<(), AppError> {
        if let Some(user_id) = self.end_session(token).await? {
            self.record(Some(user_id), None, super::events::EventKind::SignOut, client).await?;
        }
        Ok(())
    }

    /// Deletes the session of this token, if it exists; returns its user.
    /// Signing in again from a browser ends the session it had, so a
    /// session id is never reused across sign-ins.
    pub async fn end_session(&self, token: &str) -> Result<Option<i64>, AppError> {
        let hash = token_digest(token);
        let found = session::Entity::find_by_id(hash.clone())
            .filter(session::Column::Kind.eq(session::CONSOLE))
            .one(self.db())
            .await
            .map_err(internal)?;
        let Some(s) = found else {
            return Ok(None);
        };
        session::Entity::delete_by_id(hash).exec(self.db()).await.map_err(internal)?;
        Ok(Some(s.user_id))
    }

    /// How many sessions the user has open (for tests and the sessions tab).
    pub async fn session_count(&self, user_id: i64) -> Result<u64, AppError> {
        use sea_orm::PaginatorTrait;
        session::Entity::find()
            .filter(session::Column::UserId.eq(user_id))
            .filter(session::Column::Kind.eq(session::CONSOLE))
            .count(self.db())
            .await
            .map_err(internal)
    }
}
