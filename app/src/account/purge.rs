//! The periodic clean-up: rows that unauthenticated traffic or time leaves
//! behind (ended sessions, used or expired links, lock rows nobody touched
//! for a week, unverified sign-ups past their link's lifetime, outbox mails
//! whose links have expired), so no table or folder grows without bound.

use super::store::db::stmt;
use super::{Account, AppError, internal};
use sea_orm::ConnectionTrait;

/// How long an idle, unlocked lock row keeps its failure memory.
pub const LOCK_MEMORY_SECS: i64 = 7 * 24 * 60 * 60;

/// How many rows one purge removed, per kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Purged {
    pub sessions: u64,
    pub tokens: u64,
    pub locks: u64,
    pub unverified_operators: u64,
    /// Outbox files whose links have all expired (outbox mode only).
    pub outbox_files: u64,
}

impl Account {
    /// Deletes what has expired; safe to run at any time, on any instance.
    pub async fn purge_expired(&self) -> Result<Purged, AppError> {
        let now = self.now();
        let c = self.config();
        let run = |sql: &'static str, values: Vec<sea_orm::Value>| async move {
            let db = self.db();
            db.execute(stmt(db.get_database_backend(), sql, values)).await.map(|r| r.rows_affected()).map_err(internal)
        };
        Ok(Purged {
            sessions: run(
                "DELETE FROM sessions WHERE expires_at <= ? OR (kind = 'console' AND last_seen_at <= ?)",
                vec![now.into(), (now - c.session_idle_secs).into()],
            )
            .await?,
            tokens: run("DELETE FROM one_time_tokens WHERE expires_at <= ? OR used_at IS NOT NULL", vec![now.into()])
                .await?,
            locks: run(
                "DELETE FROM login_locks WHERE (locked_until IS NULL OR locked_until <= ?) AND window_start <= ? \
                 AND (succeeded_at IS NULL OR succeeded_at <= ?)",
                vec![
                    now.into(),
                    (now - LOCK_MEMORY_SECS).into(),
                    (now - super::known_client::KNOWN_CLIENT_SECS).into(),
                ],
            )
            .await?,
            unverified_operators: run(
                "DELETE FROM operators WHERE id IN (SELECT operator_id FROM users \
                 WHERE kind = 'root' AND email_verified = ? AND created_at <= ?)",
                vec![false.into(), (now - c.verify_token_secs).into()],
            )
            .await?,
            outbox_files: self.inner.mailer.purge_old(std::time::Duration::from_secs(self.longest_link_secs())).await,
        })
    }

    /// The lifetime of the longest-living mailed link.
    fn longest_link_secs(&self) -> u64 {
        let c = self.config();
        [c.verify_token_secs, c.reset_token_secs, c.email_token_secs].into_iter().max().unwrap_or(0).max(0) as u64
    }
}
