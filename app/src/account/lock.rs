//! The login lock. Each attempt first *reserves* a failure slot with one
//! atomic upsert (so N parallel attempts can never evaluate more than the
//! limit), then settles it: a success clears the count, a failure that
//! reaches the limit locks the key. Keys that have no account behave the
//! same, so the lock reveals nothing. State lives in the database.

use super::db::stmt;
use super::{Account, AppError, internal};
use sea_orm::{ConnectionTrait, Value};

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

impl Account {
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

    /// Settles a failed attempt; locks the key when it reached `max`.
    /// Returns whether this failure locked it.
    pub(crate) async fn settle_failure(&self, key: &str, max: i32, r: Reservation) -> Result<bool, AppError> {
        if r.failures < max {
            return Ok(false);
        }
        let policy = self.config().lock;
        let now = self.now();
        let until = now + lock_length(policy.lock_secs, policy.max_lock_secs, r.lock_count);
        let db = self.db();
        let res = db
            .execute(stmt(
                db.get_database_backend(),
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
            "UPDATE login_locks SET failures = 0, lock_count = 0, locked_until = NULL WHERE lock_key = ?",
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
    use super::lock_length;

    #[test]
    fn locks_double_for_repeated_locks_up_to_the_cap() {
        assert_eq!(lock_length(900, 86_400, 0), 900);
        assert_eq!(lock_length(900, 86_400, 1), 1_800);
        assert_eq!(lock_length(900, 86_400, 2), 3_600);
        assert_eq!(lock_length(900, 86_400, 10), 86_400);
        assert_eq!(lock_length(900, 86_400, 1_000), 86_400);
    }
}
