//! The sessions tab: the user's active sessions with a readable device name
//! from the User-Agent, and ending one or all others.

use super::events::EventKind;
use super::store::entities::session;
use super::{Account, AppError, ClientInfo, Principal, internal};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

/// One active session as the tab shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionInfo {
    /// The session's id (the digest of its token, never the token).
    pub id: String,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub client_addr: Option<String>,
    /// e.g. `Chrome on Linux`; `None` when the User-Agent says nothing useful.
    pub device: Option<String>,
    pub current: bool,
}

/// A readable browser and OS from a User-Agent.
pub fn device_name(user_agent: &str) -> Option<String> {
    let ua = woothee::parser::Parser::new().parse(user_agent)?;
    let known = |s: &str| !s.is_empty() && s != woothee::woothee::VALUE_UNKNOWN;
    match (known(ua.name), known(ua.os)) {
        (true, true) => Some(format!("{} / {}", ua.name, ua.os)),
        (true, false) => Some(ua.name.to_string()),
        (false, true) => Some(ua.os.to_string()),
        _ => None,
    }
}

impl Account {
    /// The user's sessions that are still valid, newest first.
    pub async fn list_sessions(&self, p: &Principal) -> Result<Vec<SessionInfo>, AppError> {
        let now = self.now();
        let idle = self.config().session_idle_secs;
        let rows = session::Entity::find()
            .filter(session::Column::UserId.eq(p.user_id))
            .filter(session::Column::Kind.eq(session::CONSOLE))
            .filter(session::Column::ExpiresAt.gt(now))
            .filter(session::Column::LastSeenAt.gt(now - idle))
            .order_by_desc(session::Column::CreatedAt)
            .all(self.db())
            .await
            .map_err(internal)?;
        Ok(rows
            .into_iter()
            .map(|s| SessionInfo {
                current: s.id_hash == p.session_id,
                device: s.user_agent.as_deref().and_then(device_name),
                id: s.id_hash,
                created_at: s.created_at,
                last_seen_at: s.last_seen_at,
                client_addr: s.client_addr,
            })
            .collect())
    }

    /// Ends another session of the user (not the current one: that is sign-out).
    pub async fn end_session_of_user(&self, p: &Principal, id: &str, client: &ClientInfo) -> Result<(), AppError> {
        let res = session::Entity::delete_many()
            .filter(session::Column::UserId.eq(p.user_id))
            .filter(session::Column::IdHash.eq(id))
            .filter(session::Column::Kind.eq(session::CONSOLE))
            .filter(session::Column::IdHash.ne(p.session_id.as_str()))
            .exec(self.db())
            .await
            .map_err(internal)?;
        if res.rows_affected != 1 {
            return Err(AppError::SessionNotFound);
        }
        self.record(Some(p.user_id), Some(&p.summary.operator_id), EventKind::SessionEnded, client).await
    }

    /// Ends all other sessions of the user; returns how many ended.
    pub async fn end_all_other_sessions(&self, p: &Principal, client: &ClientInfo) -> Result<u64, AppError> {
        let n = self.end_other_sessions(p).await?;
        if n > 0 {
            self.record(Some(p.user_id), Some(&p.summary.operator_id), EventKind::SessionEnded, client).await?;
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::device_name;

    #[test]
    fn user_agents_become_readable_device_names() {
        let chrome =
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
        assert_eq!(device_name(chrome).as_deref(), Some("Chrome / Linux"));
        let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";
        assert_eq!(device_name(iphone).as_deref(), Some("Safari / iPhone"));
    }
}
