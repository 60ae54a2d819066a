//! `gatehouse backup`: a consistent copy of the SQLite store that opens and
//! signs in; never over an existing file; PostgreSQL is pointed to pg_dump.

mod common;

use app::account::credential::secret_box::ServerKey;
use app::account::mail::Mailer;
use app::account::store::backup::{BackupError, backup_sqlite};
use app::account::store::db;
use app::account::{Account, Secret, SystemClock};
use common::{TestEnv, client, test_config};
use sea_orm::{ConnectionTrait, DbBackend};

const PW: &str = "tulip-river-42";

store_test!(a_backup_of_the_sqlite_store_opens_and_signs_in_and_postgres_is_sent_to_pg_dump, |env| {
    env.verified_user("kept@example.com", PW).await;
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("backup.db");
    let made = backup_sqlite(env.account.db(), &copy).await;
    if env.account.db().get_database_backend() == DbBackend::Postgres {
        assert_eq!(made, Err(BackupError::NotSqlite));
        assert!(made.unwrap_err().to_string().contains("pg_dump"));
        assert!(!copy.exists());
        return;
    }
    made.expect("a backup");
    let restored = db::connect_and_migrate(&format!("sqlite://{}?mode=rw", copy.display())).await.unwrap();
    let account = Account::new(
        restored,
        test_config(),
        std::sync::Arc::new(SystemClock),
        Mailer::outbox(dir.path().join("outbox")),
        &ServerKey::from_bytes([0; 32]),
    )
    .unwrap();
    let step = account.sign_in_root("kept@example.com", &Secret::new(PW), &client()).await.expect("signs in");
    assert!(step.signed_in().is_some());
});

store_test!(a_backup_never_overwrites_a_file, |env| {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("taken.db");
    std::fs::write(&target, "precious").unwrap();
    let expected = if is_sqlite(&env) { BackupError::TargetExists } else { BackupError::NotSqlite };
    assert_eq!(backup_sqlite(env.account.db(), &target).await, Err(expected));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "precious");
    // A folder that is not there: SQLite's own refusal, said as such.
    let missing = dir.path().join("no-such-folder").join("b.db");
    let made = backup_sqlite(env.account.db(), &missing).await;
    if is_sqlite(&env) {
        assert!(matches!(made, Err(BackupError::Failed(_))), "{made:?}");
    } else {
        assert_eq!(made, Err(BackupError::NotSqlite));
    }
});

fn is_sqlite(env: &TestEnv) -> bool {
    env.account.db().get_database_backend() == DbBackend::Sqlite
}
