//! Connecting to the store (SQLite file by default, PostgreSQL by URL),
//! applying migrations, and writing the few hand-written statements that
//! must be atomic in a form both databases accept.

use super::migration::Migrator;
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbBackend, DbErr, Statement, Value};
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
        // to the connection's thread on every query (`make bench`).
        opts.max_connections(8).min_connections(1).test_before_acquire(false).map_sqlx_sqlite_opts(|o| {
            use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
            o.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(std::time::Duration::from_secs(5))
        });
    } else {
        opts.max_connections(16);
    }
    let db = Database::connect(opts).await?;
    Migrator::up(&db, None).await?;
    Ok(db)
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
