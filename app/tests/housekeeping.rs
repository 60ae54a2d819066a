//! What time and unauthenticated traffic leave behind is cleaned up, and
//! mail files on disk are private; on SQLite and PostgreSQL.

mod common;

use app::account::signup::SignUpForm;
use app::account::{AppError, Secret};
use common::{TestEnv, client};

const PW: &str = "tulip-river-42";

async fn table_count(env: &TestEnv, table: &str) -> i64 {
    use sea_orm::{ConnectionTrait, Statement};
    let db = env.account.db();
    let row = db
        .query_one(Statement::from_string(db.get_database_backend(), format!("SELECT COUNT(*) AS n FROM {table}")))
        .await
        .unwrap()
        .unwrap();
    row.try_get::<i64>("", "n").unwrap()
}

store_test!(the_purge_removes_ended_sessions_spent_links_stale_locks_and_expired_sign_ups, |env| {
    env.verified_user("keep@example.com", PW).await;
    let pw = Secret::new(PW);
    let form = SignUpForm { email: "never@example.com", password: &pw, confirm: &pw };
    env.account.sign_up(form, Default::default(), &client()).await.unwrap();
    let _ = env.account.sign_in_root("ghost@example.com", &Secret::new("wrong-password"), &client()).await;
    assert_eq!(table_count(&env, "operators").await, 2);
    assert!(table_count(&env, "sessions").await >= 1);
    assert!(table_count(&env, "one_time_tokens").await >= 2);
    assert!(table_count(&env, "login_locks").await >= 2);

    // Nothing is due yet: nothing goes.
    let none = env.account.purge_expired().await.unwrap();
    assert_eq!((none.sessions, none.unverified_operators, none.locks), (0, 0, 0));

    env.clock.advance(app::account::purge::LOCK_MEMORY_SECS + 1);
    let purged = env.account.purge_expired().await.unwrap();
    assert!(purged.sessions >= 1 && purged.tokens >= 1 && purged.locks >= 2, "{purged:?}");
    assert_eq!(purged.unverified_operators, 1);
    for table in ["sessions", "one_time_tokens"] {
        assert_eq!(table_count(&env, table).await, 0, "{table}");
    }
    // The owner's client stays known to its name for 90 days.
    assert_eq!(table_count(&env, "login_locks").await, 1, "the known client of keep@");
    env.clock.advance(app::account::known_client::KNOWN_CLIENT_SECS);
    assert_eq!(env.account.purge_expired().await.unwrap().locks, 1);
    assert_eq!(table_count(&env, "login_locks").await, 0);
    assert_eq!(table_count(&env, "operators").await, 1, "the verified operator stays");
    env.account.sign_in_root("keep@example.com", &Secret::new(PW), &client()).await.unwrap();
});

store_test!(a_locked_name_stays_locked_through_a_purge, |env| {
    env.verified_user("held@example.com", PW).await;
    for _ in 0..5 {
        let _ = env.account.sign_in_root("held@example.com", &Secret::new("wrong-password"), &client()).await;
    }
    env.account.purge_expired().await.unwrap();
    let r = env.account.sign_in_root("held@example.com", &Secret::new(PW), &client()).await;
    assert_eq!(r.map(|_| ()), Err(AppError::Locked));
});

#[cfg(unix)]
store_test!(outbox_mails_are_readable_by_the_server_user_only, |env| {
    use std::os::unix::fs::PermissionsExt;
    env.verified_user("private@example.com", PW).await;
    let files: Vec<_> = std::fs::read_dir(&env.outbox).unwrap().map(|e| e.unwrap().path()).collect();
    assert!(!files.is_empty());
    for f in files {
        assert_eq!(std::fs::metadata(&f).unwrap().permissions().mode() & 0o777, 0o600, "{}", f.display());
    }
});

// Outbox mails carry live links: once every link in them has expired (the
// longest lives a day), the purge deletes them; younger ones stay.
store_test!(the_purge_deletes_outbox_mails_whose_links_have_expired, |env| {
    env.verified_user("box@example.com", PW).await;
    env.account.request_password_reset("box@example.com", &client()).await.unwrap();
    let mut files: Vec<_> = std::fs::read_dir(&env.outbox).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert!(files.len() >= 2);
    let day_and_a_minute = std::time::Duration::from_secs(24 * 60 * 60 + 60);
    let old = std::time::SystemTime::now() - day_and_a_minute;
    for f in &files[..files.len() - 1] {
        std::fs::File::options().write(true).open(f).unwrap().set_modified(old).unwrap();
    }
    let purged = env.account.purge_expired().await.unwrap();
    assert_eq!(purged.outbox_files as usize, files.len() - 1);
    let left: Vec<_> = std::fs::read_dir(&env.outbox).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(left, vec![files.last().unwrap().clone()], "the newest mail stays");
});

// The activity log of an operator must hold all its users' events, also
// those recorded where only the user was at hand (sign-out, language,
// failed sign-ins).
store_test!(every_event_of_a_known_user_names_its_operator, |env| {
    let user_id = env.verified_user("ops@example.com", PW).await;
    let _ = env.account.sign_in_root("ops@example.com", &Secret::new("wrong-password"), &client()).await;
    let s = env.account.sign_in_root("ops@example.com", &Secret::new(PW), &client()).await.unwrap();
    let token = s.signed_in().unwrap().session_token;
    env.account.sign_out(token.expose(), &client()).await.unwrap();
    assert_eq!(
        table_count(&env, &format!("security_events WHERE user_id = {user_id} AND operator_id IS NULL")).await,
        0
    );
    assert!(table_count(&env, &format!("security_events WHERE user_id = {user_id}")).await >= 5);
});
