//! Sign-in and the login lock, on SQLite and PostgreSQL, with a fake clock.

mod common;

use app::account::Proof;

use app::account::AccountConfig;
use app::account::{AppError, ClientInfo, Secret};
use common::{TestEnv, client, test_config};

const PW: &str = "tulip-river-42";

async fn attempt(env: &TestEnv, email: &str, pw: &str) -> Result<(), AppError> {
    env.account.sign_in_root(email, &Secret::new(pw), &client()).await.map(|_| ())
}

async fn fail_times(env: &TestEnv, email: &str, n: usize) {
    for _ in 0..n {
        assert_eq!(attempt(env, email, "wrong-password").await, Err(AppError::InvalidCredentials));
    }
}

store_test!(unknown_email_and_wrong_password_get_the_same_error, |env| {
    env.verified_user("amy@example.com", PW).await;
    let unknown = attempt(&env, "nobody@example.com", PW).await.unwrap_err();
    let wrong = attempt(&env, "amy@example.com", "not-the-password").await.unwrap_err();
    assert_eq!(unknown, wrong);
    assert_eq!(unknown.code(), "AUM0002");
    assert_eq!(unknown.message(app::i18n::Lang::En), "Invalid email address or password. (AUM0002)");
});

store_test!(a_sign_in_answered_busy_does_not_count_toward_the_lock, |env| {
    env.verified_user("bob@example.com", PW).await;
    // No wait allowed for a hashing turn: every attempt is answered busy.
    let swamped = env.sibling(AccountConfig { hash_queue_wait_ms: 0, ..test_config() });
    for _ in 0..6 {
        let busy = swamped.sign_in_root("bob@example.com", &Secret::new("wrong-password"), &client()).await;
        assert_eq!(busy.map(|_| ()), Err(AppError::Busy));
    }
    attempt(&env, "bob@example.com", PW).await.unwrap();
});

store_test!(four_failures_then_the_right_password_signs_in, |env| {
    env.verified_user("ben@example.com", PW).await;
    fail_times(&env, "ben@example.com", 4).await;
    attempt(&env, "ben@example.com", PW).await.unwrap();
});

store_test!(five_failures_lock_the_name_even_for_the_right_password, |env| {
    env.verified_user("cat@example.com", PW).await;
    fail_times(&env, "cat@example.com", 5).await;
    let err = attempt(&env, "cat@example.com", PW).await.unwrap_err();
    assert_eq!(err, AppError::Locked);
    assert_eq!(err.message(app::i18n::Lang::En), "Too many attempts. Please try again after a while. (AUM0131)");
});

store_test!(a_sixth_wrong_attempt_is_also_answered_with_the_lock, |env| {
    env.verified_user("cat@example.com", PW).await;
    fail_times(&env, "cat@example.com", 5).await;
    assert_eq!(attempt(&env, "cat@example.com", "wrong-password").await, Err(AppError::Locked));
});

store_test!(the_lock_ends_after_fifteen_minutes, |env| {
    env.verified_user("dan@example.com", PW).await;
    fail_times(&env, "dan@example.com", 5).await;
    env.clock.advance(15 * 60 - 1);
    assert_eq!(attempt(&env, "dan@example.com", PW).await, Err(AppError::Locked));
    env.clock.advance(1);
    attempt(&env, "dan@example.com", PW).await.unwrap();
});

store_test!(failures_older_than_the_window_do_not_count, |env| {
    env.verified_user("eve@example.com", PW).await;
    fail_times(&env, "eve@example.com", 4).await;
    env.clock.advance(15 * 60);
    fail_times(&env, "eve@example.com", 4).await;
    attempt(&env, "eve@example.com", PW).await.unwrap();
});

store_test!(a_success_resets_the_failure_count, |env| {
    env.verified_user("fox@example.com", PW).await;
    fail_times(&env, "fox@example.com", 4).await;
    attempt(&env, "fox@example.com", PW).await.unwrap();
    fail_times(&env, "fox@example.com", 4).await;
    attempt(&env, "fox@example.com", PW).await.unwrap();
});

store_test!(names_without_an_account_lock_the_same_way, |env| {
    fail_times(&env, "ghost@example.com", 5).await;
    assert_eq!(attempt(&env, "ghost@example.com", PW).await, Err(AppError::Locked));
});

store_test!(a_repeated_lock_lasts_longer, |env| {
    env.verified_user("gus@example.com", PW).await;
    fail_times(&env, "gus@example.com", 5).await;
    env.clock.advance(15 * 60);
    fail_times(&env, "gus@example.com", 5).await;
    env.clock.advance(15 * 60);
    assert_eq!(attempt(&env, "gus@example.com", PW).await, Err(AppError::Locked), "second lock lasts 30 minutes");
    env.clock.advance(15 * 60);
    attempt(&env, "gus@example.com", PW).await.unwrap();
});

store_test!(parallel_wrong_attempts_cannot_exceed_the_limit, |env| {
    env.verified_user("hal@example.com", PW).await;
    let tries = (0..20).map(|_| {
        let account = env.account.clone();
        tokio::spawn(async move {
            account.sign_in_root("hal@example.com", &Secret::new("wrong-password"), &client()).await.map(|_| ())
        })
    });
    let results: Vec<_> = futures::future::join_all(tries).await.into_iter().map(Result::unwrap).collect();
    let evaluated = results.iter().filter(|r| **r == Err(AppError::InvalidCredentials)).count();
    let locked = results.iter().filter(|r| **r == Err(AppError::Locked)).count();
    assert_eq!(evaluated, 5, "{results:?}");
    assert_eq!(locked, 15);
    assert_eq!(attempt(&env, "hal@example.com", PW).await, Err(AppError::Locked));
});

store_test!(the_lock_is_recorded_in_the_activity_log, |env| {
    let user_id = env.verified_user("ida@example.com", PW).await;
    fail_times(&env, "ida@example.com", 5).await;
    let _ = attempt(&env, "ida@example.com", PW).await;
    let kinds = env.account.event_kinds(user_id).await.unwrap();
    assert_eq!(&kinds[..3], ["sign_in_locked", "locked", "sign_in_failed"]);
    assert!(kinds.contains(&"sign_in".to_string()));
});

store_test!(one_client_address_spraying_many_names_is_slowed_down, |env| {
    let mut config = test_config();
    config.lock.over_budget_delay_ms = 300;
    let account = env.sibling(config);
    let policy = account.config().lock;
    let sprayer = ClientInfo { addr: Some("198.51.100.7".into()), user_agent: None };
    for n in 0..policy.max_failures_per_client {
        let r = account.sign_in_root(&format!("user{n}@example.com"), &Secret::new(PW), &sprayer).await;
        assert_eq!(r.unwrap_err(), AppError::InvalidCredentials);
    }
    let started = std::time::Instant::now();
    let r = account.sign_in_root("another@example.com", &Secret::new(PW), &sprayer).await;
    assert_eq!(r.unwrap_err(), AppError::InvalidCredentials);
    assert!(started.elapsed() >= std::time::Duration::from_millis(300), "past its budget the client waits");
});

store_test!(a_suspended_operator_cannot_sign_in, |env| {
    use sea_orm::{ConnectionTrait, Statement};
    env.verified_user("jon@example.com", PW).await;
    let db = env.account.db();
    db.execute(Statement::from_string(db.get_database_backend(), "UPDATE operators SET status = 'suspended'"))
        .await
        .unwrap();
    assert_eq!(attempt(&env, "jon@example.com", PW).await, Err(AppError::OperatorSuspended));
});

store_test!(bad_sign_in_input_gets_clear_errors, |env| {
    use app::error::Field;
    assert_eq!(attempt(&env, "", PW).await, Err(AppError::Required(Field::Email)));
    assert_eq!(attempt(&env, "x@example.com", "").await, Err(AppError::Required(Field::Password)));
    assert_eq!(attempt(&env, "not an email", PW).await, Err(AppError::InvalidEmail));
    assert_eq!(attempt(&env, "x@example.com", &"y".repeat(10_000)).await, Err(AppError::TooLong(Field::Password)));
});

store_test!(slow_guessing_below_the_window_limit_still_locks, |env| {
    env.verified_user("slow@example.com", PW).await;
    let mut failures = 0;
    let mut locked = false;
    'windows: for _ in 0..40 {
        for _ in 0..4 {
            match attempt(&env, "slow@example.com", "wrong-password").await {
                Err(AppError::InvalidCredentials) => failures += 1,
                Err(AppError::Locked) => {
                    locked = true;
                    break 'windows;
                }
                other => panic!("unexpected {other:?}"),
            }
        }
        env.clock.advance(15 * 60 + 1);
    }
    assert!(locked, "{failures} consecutive failures and never locked");
    assert!(failures <= 100, "locked only after {failures} consecutive failures (NIST: at most 100)");
    assert_eq!(attempt(&env, "slow@example.com", PW).await, Err(AppError::Locked));
});

store_test!(the_longest_lock_is_one_hour, |env| {
    env.verified_user("long@example.com", PW).await;
    for length in [15 * 60, 30 * 60, 60 * 60, 60 * 60] {
        fail_times(&env, "long@example.com", 5).await;
        env.clock.advance(length - 1);
        assert_eq!(attempt(&env, "long@example.com", PW).await, Err(AppError::Locked), "lock of {length} s");
        env.clock.advance(1);
    }
    attempt(&env, "long@example.com", PW).await.unwrap();
});

store_test!(the_owner_gets_one_mail_per_lock_episode_with_a_reset_link, |env| {
    env.verified_user("lo@example.com", PW).await;
    let before = env.mails().len();
    fail_times(&env, "lo@example.com", 5).await;
    env.account.settle_background().await;
    let mails = env.mails();
    assert_eq!(mails.len(), before + 1);
    assert_eq!(
        (mails[before].0.as_str(), mails[before].1.as_str()),
        ("lo@example.com", "[Gatehouse] Sign-in was locked")
    );
    let token = env.token_from_last_mail("lo@example.com", "/password/reset/");
    // A second lock in the same episode (no success between) sends nothing more.
    env.clock.advance(15 * 60);
    fail_times(&env, "lo@example.com", 5).await;
    env.account.settle_background().await;
    assert_eq!(env.mails().len(), before + 1);
    // The link lifts the lock.
    let new = Secret::new("meadow-lantern-99");
    let form = app::account::reset::PasswordReset { token: &token, new: &new, confirm: &new };
    env.account.reset_password(form, &client()).await.unwrap();
    attempt(&env, "lo@example.com", "meadow-lantern-99").await.unwrap();
    // A success ends the episode: the next lock mails again.
    fail_times(&env, "lo@example.com", 5).await;
    env.account.settle_background().await;
    assert_eq!(env.mails().iter().filter(|m| m.1 == "[Gatehouse] Sign-in was locked").count(), 2);
});

// The lock mail costs a token and a mail server round trip; paid inside the
// request, it would tell that the locked name belongs to an account. With a
// mail server that never answers, an inline send would hold the answer for
// lettre's 60 s timeout.
store_test!(the_lock_mail_does_not_hold_up_the_answer, with_hung_smtp, |env| {
    let pw = Secret::new(PW);
    env.account.create_operator_verified("slow@example.com", &pw, Default::default()).await.unwrap();
    fail_times(&env, "slow@example.com", 4).await;
    let locking =
        tokio::time::timeout(std::time::Duration::from_secs(30), attempt(&env, "slow@example.com", "wrong-password"))
            .await
            .expect("the answer must not wait for the mail server");
    assert_eq!(locking, Err(AppError::InvalidCredentials));
    assert_eq!(attempt(&env, "slow@example.com", PW).await, Err(AppError::Locked));
});

store_test!(names_without_an_account_get_no_lock_mail, |env| {
    fail_times(&env, "ghost@example.com", 5).await;
    env.account.settle_background().await;
    assert!(env.mails().is_empty());
});

async fn live_session(env: &TestEnv, email: &str) -> app::account::Principal {
    let s = env.account.sign_in_root(email, &Secret::new(PW), &client()).await.unwrap().signed_in().unwrap();
    env.account.principal(s.session_token.expose()).await.unwrap().unwrap()
}

store_test!(a_locked_name_does_not_stop_re_authentication_in_a_live_session, |env| {
    env.verified_user("live@example.com", PW).await;
    let p = live_session(&env, "live@example.com").await;
    env.clock.advance(11 * 60);
    fail_times(&env, "live@example.com", 5).await;
    assert_eq!(attempt(&env, "live@example.com", PW).await, Err(AppError::Locked));
    env.account.confirm_identity(&p, Proof::password(&Secret::new(PW)), &client()).await.unwrap();
});

store_test!(wrong_passwords_inside_a_session_are_limited_per_session, |env| {
    env.verified_user("sess@example.com", PW).await;
    let p = live_session(&env, "sess@example.com").await;
    env.clock.advance(11 * 60);
    for _ in 0..5 {
        let r = env.account.confirm_identity(&p, Proof::password(&Secret::new("wrong-password")), &client()).await;
        assert_eq!(r.err(), Some(AppError::PasswordWrong));
    }
    assert_eq!(
        env.account.confirm_identity(&p, Proof::password(&Secret::new(PW)), &client()).await.err(),
        Some(AppError::Locked)
    );
    // The session's failures do not lock the name for everyone else.
    attempt(&env, "sess@example.com", PW).await.unwrap();
});

store_test!(ipv6_clients_are_counted_by_their_64_prefix, |env| {
    let mut config = test_config();
    config.lock.max_failures_per_client = 3;
    config.lock.over_budget_delay_ms = 300;
    let account = env.sibling(config);
    let from = |addr: &str| ClientInfo { addr: Some(addr.into()), user_agent: None };
    for n in 0..3 {
        let r = account
            .sign_in_root(&format!("u{n}@example.com"), &Secret::new(PW), &from(&format!("2001:db8:1:2::{n}")))
            .await;
        assert_eq!(r.unwrap_err(), AppError::InvalidCredentials);
    }
    let started = std::time::Instant::now();
    let r = account.sign_in_root("u9@example.com", &Secret::new(PW), &from("2001:db8:1:2:ffff:1:2:3")).await;
    assert_eq!(r.unwrap_err(), AppError::InvalidCredentials);
    assert!(started.elapsed() >= std::time::Duration::from_millis(300), "same /64: slowed down");
    let r = account.sign_in_root("u9@example.com", &Secret::new(PW), &from("2001:db8:1:3::1")).await;
    assert_eq!(r.unwrap_err(), AppError::InvalidCredentials, "another /64");
});

store_test!(a_correct_password_from_a_client_past_its_budget_still_signs_in, |env| {
    env.verified_user("real@example.com", PW).await;
    let policy = env.account.config().lock;
    let shared_nat = ClientInfo { addr: Some("198.51.100.7".into()), user_agent: None };
    for n in 0..=policy.max_failures_per_client {
        let _ = env.account.sign_in_root(&format!("user{n}@example.com"), &Secret::new(PW), &shared_nat).await;
    }
    let r = env.account.sign_in_root("real@example.com", &Secret::new(PW), &shared_nat).await;
    assert!(r.unwrap().signed_in().is_some(), "the owner behind the same address signs in");
    attempt(&env, "real@example.com", PW).await.unwrap();
});

store_test!(knocking_on_a_locked_name_spends_the_clients_budget, |env| {
    let user_id = env.verified_user("knock@example.com", PW).await;
    let mut config = test_config();
    config.lock.max_failures_per_client = 8;
    let account = env.sibling(config);
    let knocker = ClientInfo { addr: Some("198.51.100.99".into()), user_agent: None };
    for _ in 0..5 {
        let r = account.sign_in_root("knock@example.com", &Secret::new("wrong-password"), &knocker).await;
        assert_eq!(r.map(|_| ()), Err(AppError::InvalidCredentials));
    }
    for _ in 0..100 {
        let r = account.sign_in_root("knock@example.com", &Secret::new(PW), &knocker).await;
        assert_eq!(r.map(|_| ()), Err(AppError::Locked));
    }
    let kinds = env.account.event_kinds(user_id).await.unwrap();
    let knocks = kinds.iter().filter(|k| *k == "sign_in_locked").count();
    assert_eq!(knocks, 3, "only until the client's budget of 8 is spent: {kinds:?}");
});

store_test!(a_sign_in_brings_a_hash_of_another_cost_to_the_current_cost, |env| {
    use sea_orm::{ConnectionTrait, Statement};
    env.verified_user("cost@example.com", PW).await;
    let stored = || async {
        let db = env.account.db();
        let sql = "SELECT password_hash FROM users WHERE email = 'cost@example.com'";
        let row = db.query_one(Statement::from_string(db.get_database_backend(), sql)).await.unwrap().unwrap();
        row.try_get::<String>("", "password_hash").unwrap()
    };
    assert!(stored().await.contains("m=64,t=1,p=1"), "{}", stored().await);
    let mut config = test_config();
    config.argon2.memory_kib = 128;
    let stronger = env.sibling(config);
    stronger.sign_in_root("cost@example.com", &Secret::new(PW), &client()).await.unwrap();
    assert!(stored().await.contains("m=128,t=1,p=1"), "{}", stored().await);
    // The new hash still holds the same password.
    attempt(&env, "cost@example.com", PW).await.unwrap();
});

/// A client that never signed in as anyone here.
fn stranger() -> ClientInfo {
    ClientInfo { addr: Some("203.0.113.66".into()), user_agent: Some("guesser".into()) }
}

async fn attempt_from(env: &TestEnv, email: &str, pw: &str, from: &ClientInfo) -> Result<(), AppError> {
    env.account.sign_in_root(email, &Secret::new(pw), from).await.map(|_| ())
}

store_test!(a_client_that_signed_in_before_gets_through_a_name_a_stranger_keeps_locked, |env| {
    // Security review 2 R3: 20 failures over four lock episodes, then one
    // failure an hour keeps the name locked. (verified_user signs in from
    // the test client: it is the owner's usual client.)
    env.verified_user("own@example.com", PW).await;
    for _ in 0..4 {
        for _ in 0..5 {
            let r = attempt_from(&env, "own@example.com", "wrong-password", &stranger()).await;
            assert!(matches!(r, Err(AppError::InvalidCredentials | AppError::Locked)), "{r:?}");
        }
        env.clock.advance(3601);
    }
    for _ in 0..3 {
        let once = attempt_from(&env, "own@example.com", "wrong-password", &stranger()).await;
        assert_eq!(once, Err(AppError::InvalidCredentials), "one failure an hour...");
        assert_eq!(attempt_from(&env, "own@example.com", PW, &stranger()).await, Err(AppError::Locked), "...locks");
        env.clock.advance(3601);
    }
    attempt_from(&env, "own@example.com", "wrong-password", &stranger()).await.unwrap_err();
    let from_elsewhere = ClientInfo { addr: Some("198.51.100.200".into()), user_agent: None };
    assert_eq!(attempt_from(&env, "own@example.com", PW, &from_elsewhere).await, Err(AppError::Locked));
    attempt(&env, "own@example.com", PW).await.unwrap();
});

store_test!(a_known_clients_own_failures_still_lock_it, |env| {
    env.verified_user("mine@example.com", PW).await;
    attempt_from(&env, "mine@example.com", "wrong-password", &stranger()).await.unwrap_err();
    fail_times(&env, "mine@example.com", 5).await;
    assert_eq!(attempt(&env, "mine@example.com", PW).await, Err(AppError::Locked));
});

store_test!(a_known_client_passes_the_mfa_step_of_a_locked_name, |env| {
    let (secret, _) = common::mfa_user(&env, "twofa@example.com").await;
    let pending = common::pending(&env, "twofa@example.com").await;
    for _ in 0..5 {
        attempt_from(&env, "twofa@example.com", "wrong-password", &stranger()).await.unwrap_err();
    }
    assert_eq!(attempt_from(&env, "twofa@example.com", PW, &stranger()).await, Err(AppError::Locked));
    env.clock.advance(30);
    let code = app::account::credential::totp::code_at(&secret, env.clock.now_secs());
    env.account.complete_mfa_sign_in(&pending, &code, &client()).await.unwrap();
});
