//! The owner's usual client passes a name that strangers keep locked
//! (security review 2 R3). Every password or code attempt on a name also
//! counts on the name *as seen from its client* (`LockKey::NameFrom`), a
//! lock row that remembers when that client last completed a sign-in of the
//! name (`succeeded_at`). While the name is locked, a client that signed in
//! within `KNOWN_CLIENT_SECS` still gets its attempts, counted and locked on
//! its own row only: the owner signs in, a guesser there is still stopped
//! after the same number of failures, and one request an hour from
//! elsewhere no longer keeps the owner out.

use super::lock::{LockKey, Reservation, client_bucket};
use super::store::db::stmt;
use super::{Account, AppError, ClientInfo, internal};
use sea_orm::ConnectionTrait;

/// How long a completed sign-in makes a client known to a name.
pub const KNOWN_CLIENT_SECS: i64 = 90 * 24 * 60 * 60;

/// The slots one attempt on a name holds: the name's own (none when the
/// name was locked and a known client passed it) and its client's.
#[derive(Debug)]
pub(crate) struct NameAttempt {
    pub name: Option<Reservation>,
    pub from: Option<(String, Reservation)>,
}

/// The lock key of `name_key` as seen from `client`, when its address is known.
fn from_key(name_key: &str, client: &ClientInfo) -> Option<String> {
    let bucket = client.addr.as_deref().map(client_bucket)?;
    Some(LockKey::NameFrom { name_key, bucket }.to_string())
}

impl Account {
    /// Reserves one attempt on `name_key` from `client`: on the client's row
    /// when `per_client` (a client locked for the name is refused), then on
    /// the name's (a locked name refuses everyone but a known, unlocked
    /// client).
    pub(crate) async fn reserve_name(
        &self,
        name_key: &str,
        client: &ClientInfo,
        per_client: bool,
    ) -> Result<NameAttempt, AppError> {
        let max = self.config().lock.max_failures;
        let from = match from_key(name_key, client).filter(|_| per_client) {
            Some(key) => Some((key.clone(), self.reserve_attempt(&key, max).await?)),
            None => None,
        };
        match self.reserve_attempt(name_key, max).await {
            Ok(r) => Ok(NameAttempt { name: Some(r), from }),
            Err(AppError::Locked) if self.is_known(from.as_ref()).await? => Ok(NameAttempt { name: None, from }),
            Err(e) => {
                if let Some((key, _)) = &from {
                    self.release_attempt(key).await?;
                }
                Err(e)
            }
        }
    }

    /// Whether the client's row saw a completed sign-in lately.
    async fn is_known(&self, from: Option<&(String, Reservation)>) -> Result<bool, AppError> {
        let Some((key, _)) = from else { return Ok(false) };
        let db = self.db();
        let row = db
            .query_one(stmt(
                db.get_database_backend(),
                "SELECT succeeded_at FROM login_locks WHERE lock_key = ? AND succeeded_at > ?",
                vec![key.as_str().into(), (self.now() - KNOWN_CLIENT_SECS).into()],
            ))
            .await
            .map_err(internal)?;
        Ok(row.is_some())
    }

    /// Gives back an attempt that could not be made (the hasher was full).
    pub(crate) async fn release_name(&self, name_key: &str, attempt: &NameAttempt) -> Result<(), AppError> {
        if attempt.name.is_some() {
            self.release_attempt(name_key).await?;
        }
        if let Some((key, _)) = &attempt.from {
            self.release_attempt(key).await?;
        }
        Ok(())
    }

    /// Gives back the slots of a right password whose flow goes on (their
    /// counts stay, so wrong codes after it keep adding up).
    pub(crate) async fn release_right_password(&self, name_key: &str, client: &ClientInfo) -> Result<(), AppError> {
        self.release_attempt(name_key).await?;
        match from_key(name_key, client) {
            Some(key) => self.release_attempt(&key).await,
            None => Ok(()),
        }
    }

    /// A right password that completes no sign-in (an unverified account):
    /// the name's and the client's counts are cleared, the client is not
    /// made known.
    pub(crate) async fn settle_right_password(&self, name_key: &str, client: &ClientInfo) -> Result<(), AppError> {
        self.settle_success(name_key).await?;
        match from_key(name_key, client) {
            Some(key) => self.settle_success(&key).await,
            None => Ok(()),
        }
    }

    /// Counts the client's failure on its own row (the name's is settled
    /// by `settle_failure`, which records and mails).
    pub(crate) async fn settle_client_failure(&self, attempt: &NameAttempt) -> Result<(), AppError> {
        if let Some((key, r)) = &attempt.from {
            self.lock_if_due(key, *r).await?;
        }
        Ok(())
    }

    /// A sign-in of `name_key` from `client` completed: the name's lock and
    /// the client's are cleared, and the client is known to the name.
    pub(crate) async fn settle_sign_in(&self, name_key: &str, client: &ClientInfo) -> Result<(), AppError> {
        self.settle_success(name_key).await?;
        let Some(key) = from_key(name_key, client) else { return Ok(()) };
        let db = self.db();
        let now = self.now();
        db.execute(stmt(
            db.get_database_backend(),
            "INSERT INTO login_locks (lock_key, failures, window_start, locked_until, lock_count, succeeded_at) \
             VALUES (?, 0, ?, NULL, 0, ?) \
             ON CONFLICT (lock_key) DO UPDATE SET failures = 0, lock_count = 0, consecutive_failures = 0, \
               locked_until = NULL, succeeded_at = ?",
            vec![key.into(), now.into(), now.into(), now.into()],
        ))
        .await
        .map(|_| ())
        .map_err(internal)
    }
}
