//! `gatehouse backup`: a consistent copy of the SQLite store, taken while
//! the server runs. SQLite's `VACUUM INTO` reads the database in one
//! transaction, so the copy is the store as of one moment whatever writers
//! do meanwhile, and it is compacted. PostgreSQL has its own tools
//! (`pg_dump`); the README's "Backups" section says how, and why the server
//! key belongs with every backup.

use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};
use std::path::Path;

/// Why no backup was made.
#[derive(Debug, PartialEq, Eq)]
pub enum BackupError {
    /// The store is PostgreSQL.
    NotSqlite,
    /// The target file exists; a backup never overwrites one.
    TargetExists,
    /// SQLite could not write the copy (no such folder, disk full, …).
    Failed(String),
}

impl std::fmt::Display for BackupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BackupError::NotSqlite => {
                f.write_str("the store is PostgreSQL: back it up with pg_dump (see \"Backups\" in the README)")
            }
            BackupError::TargetExists => f.write_str("the target file exists; choose a new name (nothing was written)"),
            BackupError::Failed(why) => write!(f, "the copy could not be written: {why}"),
        }
    }
}

/// Writes a consistent copy of the SQLite store `db` to the new file `to`.
pub async fn backup_sqlite(db: &DatabaseConnection, to: &Path) -> Result<(), BackupError> {
    if db.get_database_backend() != DbBackend::Sqlite {
        return Err(BackupError::NotSqlite);
    }
    let path = to.to_str().ok_or_else(|| BackupError::Failed("the path is not valid UTF-8".into()))?;
    // The copy holds password hashes: it is made empty, new (never over
    // another file) and readable by the owner alone, then `VACUUM INTO`
    // fills it (it takes an empty file).
    create_private(to)?;
    let filled = db.execute(Statement::from_sql_and_values(DbBackend::Sqlite, "VACUUM INTO ?", [path.into()])).await;
    if let Err(e) = filled {
        let _ = std::fs::remove_file(to);
        return Err(BackupError::Failed(e.to_string()));
    }
    Ok(())
}

/// Creates `to` empty with mode 0600; an existing file is refused.
fn create_private(to: &Path) -> Result<(), BackupError> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(to) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(BackupError::TargetExists),
        Err(e) => Err(BackupError::Failed(e.to_string())),
    }
}
