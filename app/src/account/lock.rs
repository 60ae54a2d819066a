//! The login lock. Each attempt first *reserves* a failure slot with one
//! atomic upsert (so N parallel attempts can never evaluate more than the
//! limit), then settles it: a success clears the count, a failure that
//! reaches the limit locks the key. Keys that have no account behave the
//! same, so the lock reveals nothing. State lives in the database, one row
//! per [`LockKey`] (`login_locks`).
//!
//! | state of a key | an attempt | a success | a failure |
//! |---|---|---|---|
//! | open | reserves a slot (`failures + 1`; a window older than `LOCK_WINDOW_SECS` starts again at 1) | clears failures, consecutive failures and lock count | counted; the `LOCK_MAX_FAILURES`-th in the window, or the `LOCK_MAX_CONSECUTIVE_FAILURES`-th since the last success, locks |
//! | locked (`locked_until` ahead) | refused with AUM0131, nothing counted | — | — |
//! | lock over | as open, the window restarts | as open | as open; the next lock lasts `LOCK_SECS` doubled per earlier lock since the last success, at most `LOCK_MAX_SECS` |
//!
//! The first lock of an episode of a verified root user's name mails the
//! owner a reset link (a reset lifts it). A slot taken by an attempt that
//! could not be made (the hasher was full) is given back.

use super::events::EventKind;
use super::mail::templates;
use super::store::db::stmt;
use super::store::entities::user;
use super::tokens::Purpose;
use super::{Account, AppError, ClientInfo, internal};
use sea_orm::{ConnectionTrait, Value};
use std::net::{IpAddr, Ipv6Addr};

/// A granted attempt: how many failures (including this one) the key holds
/// in its window, and how many locks it had since its last success.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Reservation {
    pub failures: i32,
    pub lock_count: i32,
}

/// The length of the next lock: the base length, doubled for each earlier
/// lock since the last success, capped.
pub(crate) fn lock_length(base: i64, max: i64, earlier_locks: i32) -> i64 {
    let shift = earlier_locks.clamp(0, 20) as u32;
    base.saturating_mul(1i64 << shift).min(max)
}

/// The throttle bucket of a client address: the address itself for IPv4,
/// its /64 network for IPv6 (one subscriber usually holds a whole /64, so
/// rotating inside it must not give fresh buckets).
pub(crate) fn client_bucket(addr: &str) -> String {
    match addr.parse::<IpAddr>() {
        Ok(IpAddr::V6(v6)) if v6.to_ipv4_mapped().is_none() => {
            let net = u128::from(v6) & !((1u128 << 64) - 1);
            format!("{}/64", Ipv6Addr::from(net))
        }
        Ok(IpAddr::V6(v6)) => v6.to_ipv4_mapped().map(|v4| v4.to_string()).unwrap_or_default(),
        Ok(IpAddr::V4(v4)) => v4.to_string(),
        Err(_) => addr.to_string(),
    }
}

/// What a lock counts attempts of: every rule that limits guessing names
/// its key here, so a key's meaning is read in one place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum LockKey<'a> {
    /// A root user's sign-in name (the normalized address).
    Email(&'a str),
    /// A SAM user's sign-in name.
    Sam {
        operator_id: &'a str,
        name: &'a str,
    },
    /// Re-entering the password (and a code) inside a session: one per
    /// user, shared by all its sessions and tokens.
    Reauth(i64),
    /// "Forgot password" for an address.
    Reset(&'a str),
    /// `/recover` for an address.
    Recover(&'a str),
    /// Sign-up of an address, and sending its link again.
    SignUp(&'a str),
    Resend(&'a str),
    /// Guessing an auth key's secret from one client: the key stays usable
    /// by its owner elsewhere (the id is no secret).
    AuthKey {
        id: &'a str,
        client: String,
    },
    /// One client's budget for a kind of request.
    Client(ClientBudget, String),
    /// A sign-in name as seen from one client (see `known_client`).
    NameFrom {
        name_key: &'a str,
        bucket: String,
    },
}

/// The kinds of request a client has a budget for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ClientBudget {
    /// Failed sign-ins over all names.
    SignIn,
    /// "Forgot password" and `/recover`.
    Reset,
    /// Sign-ups.
    SignUp,
}

impl LockKey<'_> {
    /// The lock key of `client`'s budget for `kind`, when its address is known.
    pub(crate) fn client(kind: ClientBudget, client: &ClientInfo) -> Option<LockKey<'static>> {
        client.addr.as_deref().map(|a| LockKey::Client(kind, client_bucket(a)))
    }
}

impl std::fmt::Display for LockKey<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LockKey::Email(email) => write!(f, "name:{email}"),
            LockKey::Sam { operator_id, name } => write!(f, "name:{operator_id}/{name}"),
            LockKey::Reauth(user_id) => write!(f, "reauth:{user_id}"),
            LockKey::Reset(email) => write!(f, "reset:{email}"),
            LockKey::Recover(email) => write!(f, "recover:{email}"),
            LockKey::SignUp(email) => write!(f, "signup:{email}"),
            LockKey::Resend(email) => write!(f, "resend:{email}"),
            LockKey::AuthKey { id, client } => write!(f, "key:{id}@{client}"),
            LockKey::Client(ClientBudget::SignIn, bucket) => write!(f, "addr:{bucket}"),
            LockKey::Client(ClientBudget::Reset, bucket) => write!(f, "reset-addr:{bucket}"),
            LockKey::Client(ClientBudget::SignUp, bucket) => write!(f, "signup-addr:{bucket}"),
            LockKey::NameFrom { name_key, bucket } => write!(f, "{name_key}#{bucket}"),
        }
    }
}

impl Account {
    /// The password check of every password sign-in (root, SAM, and the
    /// API's): the client's throttle and the name's lock are reserved
    /// first, the hash is verified (a dummy one when `found` is `None`, so
    /// an unknown name costs the same), and a failure is recorded and
    /// counted. On success the name's reservation stays open: the caller
    /// settles it once every step (MFA) has passed.
    pub(crate) async fn guarded_password_check(
        &self,
        name_key: &str,
        found: Option<user::Model>,
        password: &super::Secret,
        client: &ClientInfo,
    ) -> Result<user::Model, AppError> {
        let hash = found.as_ref().and_then(|u| u.password_hash.clone());
        self.guarded_secret_check(name_key, found, hash.as_deref(), password, client, true).await
    }

    /// [`guarded_password_check`](Self::guarded_password_check) against any
    /// argon2id hash of the user's (its password's or an auth key's
    /// secret); `sign_in_name`: the key is a person's sign-in name, so a
    /// lock of a root user's name mails a reset link and the owner's known
    /// clients pass it (false for an auth key's id, whose key already holds
    /// the client and which a reset does not lift).
    pub(crate) async fn guarded_secret_check(
        &self,
        name_key: &str,
        found: Option<user::Model>,
        hash: Option<&str>,
        password: &super::Secret,
        client: &ClientInfo,
        sign_in_name: bool,
    ) -> Result<user::Model, AppError> {
        // Past capacity: refused before any database work (a fast 503,
        // after a pause that keeps retrying clients from flooding).
        if !self.inner.hasher.has_room() {
            return Err(self.inner.hasher.refused().await);
        }
        let policy = self.config().lock;
        let addr_key = LockKey::client(ClientBudget::SignIn, client).map(|k| k.to_string());
        let mut over_budget = false;
        if let Some(key) = &addr_key {
            match self.reserve_attempt(key, policy.max_failures_per_client).await {
                Ok(_) => {}
                // Past its budget the client is slowed down, not refused:
                // its owner's correct password still signs in.
                Err(AppError::Locked) => {
                    over_budget = true;
                    tokio::time::sleep(std::time::Duration::from_millis(policy.over_budget_delay_ms)).await;
                }
                Err(e) => return Err(e),
            }
        }
        let attempt = match self.reserve_name(name_key, client, sign_in_name).await {
            Ok(a) => a,
            Err(e) => {
                // Knocking on a locked name is recorded while the client is
                // within its budget: one client cannot fill the activity
                // log without bound.
                if !over_budget {
                    self.record_for(found.as_ref(), EventKind::SignInLocked, client).await?;
                }
                return Err(e);
            }
        };
        let ok = match self.inner.hasher.verify(password, hash).await {
            Ok(ok) => ok,
            Err(busy) => {
                // Not an attempt: give the reservations back.
                self.release_name(name_key, &attempt).await?;
                if let Some(key) = &addr_key {
                    self.release_attempt(key).await?;
                }
                return Err(busy);
            }
        };
        match (ok, found) {
            (true, Some(u)) => {
                if let Some(key) = &addr_key {
                    self.release_attempt(key).await?;
                }
                Ok(u)
            }
            (_, found) => {
                self.record_for(found.as_ref(), EventKind::SignInFailed, client).await?;
                self.settle_attempt_failure(name_key, &attempt, found.as_ref(), sign_in_name, client).await?;
                Err(AppError::InvalidCredentials)
            }
        }
    }

    /// Settles a failed attempt on a name: on the client's row, and on the
    /// name's when it held a slot there.
    pub(crate) async fn settle_attempt_failure(
        &self,
        name_key: &str,
        attempt: &super::known_client::NameAttempt,
        who: Option<&user::Model>,
        tell_owner: bool,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        self.settle_client_failure(attempt).await?;
        match attempt.name {
            Some(r) => self.settle_failure(name_key, r, who, tell_owner, client).await,
            None => Ok(()),
        }
    }

    /// Settles a failed attempt on a name (or session) lock and, when it
    /// locked the key, records it; at the first lock of an episode (no lock
    /// since the last success) of a verified root user, mails the owner a
    /// reset link, since a reset lifts the lock.
    pub(crate) async fn settle_failure(
        &self,
        key: &str,
        r: Reservation,
        who: Option<&user::Model>,
        tell_owner: bool,
        client: &ClientInfo,
    ) -> Result<(), AppError> {
        if !self.lock_if_due(key, r).await? {
            return Ok(());
        }
        self.record(who.map(|u| u.id), who.map(|u| u.operator_id.as_str()), EventKind::Locked, client).await?;
        if let Some(u) = who.filter(|u| tell_owner && r.lock_count == 0 && u.email_verified) {
            self.mail_lock_notice(u);
        }
        Ok(())
    }

    /// The once-per-episode lock mail, with a fresh reset link, sent after
    /// the answer: its cost must not tell the caller that the name belongs
    /// to an account. A mail the mail server cannot take is queued; the lock
    /// stands either way.
    fn mail_lock_notice(&self, u: &user::Model) {
        let Some(to) = u.email.clone() else { return };
        let (account, u) = (self.clone(), u.clone());
        self.after_answer(async move {
            let secs = account.config().reset_token_secs;
            let Ok(token) = account.issue_token(u.id, Purpose::PasswordReset, secs).await else { return };
            let link = account.link(&format!("/password/reset/{}", token.expose()));
            let mail = templates::account_locked(&to, u.lang(), &link, (secs / 60).max(1));
            if account.deliver_link(&mail, u.id, Purpose::PasswordReset, &token, secs).await.is_err() {
                tracing::warn!("the lock notice could not be mailed or queued");
            }
        });
    }

    /// Reserves one attempt for `key`; `Err(Locked)` while it is locked or
    /// when parallel attempts already used up the window's budget.
    pub(crate) async fn reserve_attempt(&self, key: &str, max: i32) -> Result<Reservation, AppError> {
        let db = self.db();
        let backend = db.get_database_backend();
        let now = self.now();
        let window_start = now - self.config().lock.window_secs;
        // One statement: a new key starts its window with this attempt; an
        // existing one counts it unless locked (then no row comes back).
        let row = db
            .query_one(stmt(
                backend,
                "INSERT INTO login_locks (lock_key, failures, window_start, locked_until, lock_count) \
                 VALUES (?, 1, ?, NULL, 0) \
                 ON CONFLICT (lock_key) DO UPDATE SET \
                   failures = CASE WHEN login_locks.window_start <= ? THEN 1 ELSE login_locks.failures + 1 END, \
                   window_start = CASE WHEN login_locks.window_start <= ? THEN ? ELSE login_locks.window_start END \
                 WHERE login_locks.locked_until IS NULL OR login_locks.locked_until <= ? \
                 RETURNING failures, lock_count",
                vec![key.into(), now.into(), window_start.into(), window_start.into(), now.into(), now.into()],
            ))
            .await
            .map_err(internal)?;
        let Some(row) = row else {
            return Err(AppError::Locked);
        };
        let failures: i32 = row.try_get("", "failures").map_err(internal)?;
        let lock_count: i32 = row.try_get("", "lock_count").map_err(internal)?;
        if failures > max {
            return Err(AppError::Locked);
        }
        Ok(Reservation { failures, lock_count })
    }

    /// Counts a failure as consecutive, and locks the key when its window
    /// reached the policy's limit or the consecutive failures did. Returns
    /// whether this failure locked it.
    pub(crate) async fn lock_if_due(&self, key: &str, r: Reservation) -> Result<bool, AppError> {
        let policy = self.config().lock;
        let db = self.db();
        let backend = db.get_database_backend();
        let row = db
            .query_one(stmt(
                backend,
                "UPDATE login_locks SET consecutive_failures = consecutive_failures + 1 WHERE lock_key = ? \
                 RETURNING consecutive_failures",
                vec![key.into()],
            ))
            .await
            .map_err(internal)?;
        let consecutive: i32 = match row {
            Some(row) => row.try_get("", "consecutive_failures").map_err(internal)?,
            None => 0,
        };
        if r.failures < policy.max_failures && consecutive < policy.max_consecutive_failures {
            return Ok(false);
        }
        let now = self.now();
        let until = now + lock_length(policy.lock_secs, policy.max_lock_secs, r.lock_count);
        let res = db
            .execute(stmt(
                backend,
                "UPDATE login_locks SET locked_until = ?, lock_count = lock_count + 1, failures = 0, window_start = ? \
                 WHERE lock_key = ? AND (locked_until IS NULL OR locked_until <= ?)",
                vec![until.into(), now.into(), key.into(), now.into()],
            ))
            .await
            .map_err(internal)?;
        Ok(res.rows_affected() == 1)
    }

    /// Clears the key after a success.
    pub(crate) async fn settle_success(&self, key: &str) -> Result<(), AppError> {
        let db = self.db();
        db.execute(stmt(
            db.get_database_backend(),
            "UPDATE login_locks SET failures = 0, lock_count = 0, consecutive_failures = 0, locked_until = NULL \
             WHERE lock_key = ?",
            vec![Value::from(key)],
        ))
        .await
        .map(|_| ())
        .map_err(internal)
    }

    /// Gives back a reserved slot without clearing the rest (the
    /// per-address throttle counts failures only).
    pub(crate) async fn release_attempt(&self, key: &str) -> Result<(), AppError> {
        let db = self.db();
        db.execute(stmt(
            db.get_database_backend(),
            "UPDATE login_locks SET failures = failures - 1 WHERE lock_key = ? AND failures > 0",
            vec![Value::from(key)],
        ))
        .await
        .map(|_| ())
        .map_err(internal)
    }
}

#[cfg(test)]
mod tests {
    use super::{client_bucket, lock_length};

    #[test]
    fn ipv6_clients_share_a_bucket_per_64_network() {
        assert_eq!(client_bucket("2001:db8:1:2::1"), "2001:db8:1:2::/64");
        assert_eq!(client_bucket("2001:db8:1:2:ffff:1:2:3"), "2001:db8:1:2::/64");
        assert_ne!(client_bucket("2001:db8:1:3::1"), client_bucket("2001:db8:1:2::1"));
        assert_eq!(client_bucket("192.0.2.10"), "192.0.2.10");
        assert_eq!(client_bucket("::ffff:192.0.2.10"), "192.0.2.10");
    }

    #[test]
    fn locks_double_for_repeated_locks_up_to_the_cap() {
        assert_eq!(lock_length(900, 3_600, 0), 900);
        assert_eq!(lock_length(900, 3_600, 1), 1_800);
        assert_eq!(lock_length(900, 3_600, 2), 3_600);
        assert_eq!(lock_length(900, 3_600, 3), 3_600);
        assert_eq!(lock_length(900, 86_400, 10), 86_400);
        assert_eq!(lock_length(900, 86_400, 1_000), 86_400);
    }
}
