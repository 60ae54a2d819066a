//! Connecting to the store (SQLite file by default, PostgreSQL by URL),
//! applying migrations, and writing the few hand-written statements that
//! must be atomic in a form both databases accept.

use super::migration::Migrator;
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr, Statement, Value};
use sea_orm_migration::MigratorTrait;

/// Connects to `url` (`sqlite://…?mode=rwc` or `postgres://…`) and applies
/// every pending migration.
pub async fn connect_and_migrate(url: &str) -> Result<DatabaseConnection, DbErr> {
    let mut opts = ConnectOptions::new(url.to_string());
    opts.sqlx_logging(false);
    if url.starts_with("sqlite:") {
        // One writer at a time on SQLite; a few connections keep reads going.
        // Every pooled connection gets the same settings: WAL (readers never
        // wait for the writer), NORMAL sync (safe in WAL mode; no fsync per
        // commit), foreign keys on, and a wait rather than "database is locked".
        // No ping before each use: a SQLite connection is a file handle, not
        // a socket that can go stale, and the ping was a second round trip
        // to the connection's thread on every query (`make bench`). Reads
        // through a 256 MiB memory map: with a million sessions a look-up
        // touches pages no connection's 2 MB cache holds, and the map
        // serves them from the OS page cache without a read call and a
        // copy each (signed-in page at 10⁶ sessions ~7 500 → ~9 600 req/s
        // in an A/B on one machine). SQLite's caveat: an I/O error on a
        // mapped page ends the process instead of failing the query.
        opts.max_connections(8).min_connections(1).test_before_acquire(false).map_sqlx_sqlite_opts(|o| {
            use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
            o.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(std::time::Duration::from_secs(5))
                .pragma("mmap_size", "268435456")
        });
    } else {
        opts.max_connections(16);
    }
    // While the database is away, a request waits this long for a
    // connection and is then answered 503 (AUM0133), instead of hanging
    // for sqlx's default 30 s; the pool reconnects by itself.
    opts.acquire_timeout(ACQUIRE_TIMEOUT).connect_timeout(ACQUIRE_TIMEOUT);
    let db = Database::connect(opts).await?;
    if db.get_database_backend() == DbBackend::Postgres {
        migrate_one_at_a_time(url, &db).await?;
    } else {
        Migrator::up(&db, None).await?;
    }
    Ok(db)
}

/// How long a request waits for a database connection.
const ACQUIRE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(3);

/// The advisory lock every instance takes to migrate ("gatehouse" in ASCII).
const MIGRATION_LOCK: i64 = 0x6761_7465_686f_7573;

/// Several instances starting at once on one PostgreSQL database take
/// turns: each holds a session advisory lock (on a connection of its own,
/// outside the pool) while it applies what is still pending, so the
/// second finds the work done instead of racing the first's `CREATE TABLE`.
async fn migrate_one_at_a_time(url: &str, db: &DatabaseConnection) -> Result<(), DbErr> {
    let mut opts = ConnectOptions::new(url.to_string());
    opts.sqlx_logging(false).max_connections(1).min_connections(1);
    let lock = Database::connect(opts).await?;
    lock.execute(Statement::from_string(DbBackend::Postgres, format!("SELECT pg_advisory_lock({MIGRATION_LOCK})")))
        .await?;
    let migrated = Migrator::up(db, None).await;
    let unlocked = lock
        .execute(Statement::from_string(DbBackend::Postgres, format!("SELECT pg_advisory_unlock({MIGRATION_LOCK})")))
        .await;
    let _ = lock.close().await;
    migrated.and(unlocked.map(|_| ()))
}

/// Whether `e` says the database cannot be reached (down, restarting, the
/// connection cut, no connection free in time) rather than that a
/// statement failed: such a request is answered 503, not 500.
pub fn is_unreachable(e: &DbErr) -> bool {
    use sea_orm::{RuntimeErr, sqlx::Error};
    let sqlx = match e {
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => return true,
        DbErr::Exec(RuntimeErr::SqlxError(s)) | DbErr::Query(RuntimeErr::SqlxError(s)) => s,
        _ => return false,
    };
    match sqlx {
        Error::Io(_) | Error::Tls(_) | Error::PoolTimedOut | Error::PoolClosed | Error::WorkerCrashed => true,
        // SQLSTATE class 08 (connection exception), 57P01-57P03 (the
        // server shutting down or starting), 53300 (too many connections).
        Error::Database(d) => d.code().is_some_and(|c| c.starts_with("08") || c.starts_with("57P") || c == "53300"),
        _ => false,
    }
}

/// Builds a statement from SQL written with `?` placeholders, numbering them
/// `$1, $2, …` for PostgreSQL.
pub fn stmt(backend: DbBackend, sql: &str, values: Vec<Value>) -> Statement {
    let sql = if backend == DbBackend::Postgres {
        let mut out = String::with_capacity(sql.len() + 8);
        let mut n = 0;
        for c in sql.chars() {
            if c == '?' {
                n += 1;
                out.push('$');
                out.push_str(&n.to_string());
            } else {
                out.push(c);
            }
        }
        out
    } else {
        sql.to_string()
    };
    Statement::from_sql_and_values(backend, sql, values)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_for_postgres_only() {
        let pg = stmt(DbBackend::Postgres, "a = ? AND b = ?", vec![1.into(), 2.into()]);
        assert_eq!(pg.sql, "a = $1 AND b = $2");
        let lite = stmt(DbBackend::Sqlite, "a = ? AND b = ?", vec![1.into(), 2.into()]);
        assert_eq!(lite.sql, "a = ? AND b = ?");
    }
}
