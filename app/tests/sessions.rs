//! Console sessions, on SQLite and PostgreSQL, with a fake clock.

mod common;

use app::account::{AppError, Secret, SignedIn};
use app::i18n::Lang;
use common::{TestEnv, client};

const PW: &str = "tulip-river-42";

async fn session(env: &TestEnv, email: &str) -> String {
    let s = env.account.sign_in_root(email, &Secret::new(PW), &client()).await.unwrap().signed_in().unwrap();
    s.session_token.expose().to_string()
}

store_test!(a_session_token_identifies_the_signed_in_user, |env| {
    let user_id = env.verified_user("ann@example.com", PW).await;
    let token = session(&env, "ann@example.com").await;
    let p = env.account.principal(&token).await.unwrap().unwrap();
    assert_eq!(
        (p.user_id, p.summary.display_name.as_str(), p.summary.kind),
        (user_id, "ann@example.com", app::account::store::entities::user::UserKind::Root)
    );
    assert_eq!(env.account.principal("not-a-session").await.unwrap(), None);
});

store_test!(only_the_digest_of_a_session_token_is_stored, |env| {
    use sea_orm::{ConnectionTrait, Statement};
    env.verified_user("ann@example.com", PW).await;
    let token = session(&env, "ann@example.com").await;
    let db = env.account.db();
    let rows =
        db.query_all(Statement::from_string(db.get_database_backend(), "SELECT id_hash FROM sessions")).await.unwrap();
    let stored: Vec<String> = rows.iter().map(|row| row.try_get("", "id_hash").unwrap()).collect();
    // verified_user signed in once too: two sessions, neither stored as its token.
    assert_eq!(stored.len(), 2, "{stored:?}");
    assert!(
        stored.contains(&app::account::credential::secret::token_digest(&token)),
        "the digest of the token is stored"
    );
    assert!(!stored.contains(&token));
});

store_test!(signing_out_ends_the_session_on_the_server, |env| {
    let user_id = env.verified_user("bea@example.com", PW).await;
    let token = session(&env, "bea@example.com").await;
    env.account.sign_out(&token, &client()).await.unwrap();
    assert_eq!(env.account.principal(&token).await.unwrap(), None);
    assert_eq!(env.account.session_count(user_id).await.unwrap(), 1, "only the harness's own session is left");
});

store_test!(a_session_ends_after_the_idle_timeout, |env| {
    env.verified_user("cy@example.com", PW).await;
    let token = session(&env, "cy@example.com").await;
    let idle = env.account.config().session_idle_secs;
    env.clock.advance(idle - 1);
    assert!(env.account.principal(&token).await.unwrap().is_some(), "activity renews the idle timer");
    env.clock.advance(idle - 1);
    assert!(env.account.principal(&token).await.unwrap().is_some());
    env.clock.advance(idle);
    assert_eq!(env.account.principal(&token).await.unwrap(), None);
});

store_test!(a_session_ends_at_its_absolute_expiry_even_when_active, |env| {
    env.verified_user("di@example.com", PW).await;
    let token = session(&env, "di@example.com").await;
    let cfg = env.account.config().clone();
    let mut elapsed = 0;
    while elapsed + cfg.session_idle_secs / 2 < cfg.session_absolute_secs {
        env.clock.advance(cfg.session_idle_secs / 2);
        elapsed += cfg.session_idle_secs / 2;
        assert!(env.account.principal(&token).await.unwrap().is_some());
    }
    env.clock.advance(cfg.session_absolute_secs - elapsed);
    assert_eq!(env.account.principal(&token).await.unwrap(), None);
});

store_test!(every_sign_in_gets_a_new_session, |env| {
    env.verified_user("ed@example.com", PW).await;
    let a = session(&env, "ed@example.com").await;
    let b = session(&env, "ed@example.com").await;
    assert_ne!(a, b);
});

store_test!(the_dashboard_summary_shows_the_previous_sign_in, |env| {
    let user_id = env.verified_user("flo@example.com", PW).await;
    let first = env.account.summary(user_id).await.unwrap();
    assert_eq!(first.previous_sign_in_at, None);
    assert!(!first.mfa_enabled && !first.recovery_email_set);
    env.clock.advance(3600);
    let token = session(&env, "flo@example.com").await;
    let second = env.account.summary(user_id).await.unwrap();
    assert_eq!(second.previous_sign_in_at, Some(common::T0));
    // The session look-up reads the same summary (the dashboard asks nothing more).
    assert_eq!(env.account.principal(&token).await.unwrap().unwrap().summary, second);
});

async fn signed_in(env: &TestEnv, email: &str) -> SignedIn {
    env.account.sign_in_root(email, &Secret::new(PW), &client()).await.unwrap().signed_in().unwrap()
}

store_test!(the_chosen_language_is_kept_in_the_account, |env| {
    let user_id = env.verified_user("gia@example.com", PW).await;
    env.account.set_language(user_id, Lang::Ja, &client()).await.unwrap();
    let s = signed_in(&env, "gia@example.com").await;
    assert_eq!(s.language, Some(Lang::Ja));
    assert_eq!(env.account.settle_language(&s, None, &client()).await.unwrap(), Lang::Ja);
    assert_eq!(env.account.set_language(9_999_999, Lang::Ja, &client()).await.unwrap_err(), AppError::SignInRequired);
    assert_eq!(env.account.summary(9_999_999).await.unwrap_err(), AppError::SignInRequired);
});

store_test!(a_language_chosen_before_sign_in_is_kept_in_the_account, |env| {
    env.verified_user("hugo@example.com", PW).await;
    let first = signed_in(&env, "hugo@example.com").await;
    assert_eq!(env.account.settle_language(&first, None, &client()).await.unwrap(), Lang::En);
    assert_eq!(env.account.settle_language(&first, Some(Lang::Ja), &client()).await.unwrap(), Lang::Ja);
    let second = signed_in(&env, "hugo@example.com").await;
    assert_eq!(env.account.settle_language(&second, None, &client()).await.unwrap(), Lang::Ja);
});

store_test!(ending_a_session_removes_only_that_session, |env| {
    let user_id = env.verified_user("ivy@example.com", PW).await;
    let a = session(&env, "ivy@example.com").await;
    let b = session(&env, "ivy@example.com").await;
    assert_eq!(env.account.end_session(&a).await.unwrap(), Some(user_id));
    assert_eq!(env.account.principal(&a).await.unwrap(), None);
    assert!(env.account.principal(&b).await.unwrap().is_some());
    assert_eq!(env.account.end_session(&a).await.unwrap(), None);
});

store_test!(a_suspended_operators_sessions_stop_working_at_the_next_request, |env| {
    use sea_orm::{ConnectionTrait, Statement};
    env.verified_user("sus@example.com", PW).await;
    let token = session(&env, "sus@example.com").await;
    assert!(env.account.principal(&token).await.unwrap().is_some());
    let db = env.account.db();
    db.execute(Statement::from_string(db.get_database_backend(), "UPDATE operators SET status = 'suspended'"))
        .await
        .unwrap();
    assert_eq!(env.account.principal(&token).await.unwrap(), None);
});
