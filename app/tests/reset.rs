//! Forgot / reset password, on SQLite and PostgreSQL, with a fake clock.

mod common;

use app::account::Proof;

use app::account::reset::PasswordReset;
use app::account::{AppError, Secret};
use common::{TestEnv, client};

const PW: &str = "tulip-river-42";
const NEW: &str = "meadow-lantern-99";

async fn reset_link(env: &TestEnv, email: &str) -> String {
    env.account.request_password_reset(email, &client()).await.unwrap();
    env.token_from_last_mail(email, "/password/reset/")
}

async fn reset(env: &TestEnv, token: &str, new: &str) -> Result<(), AppError> {
    let new = Secret::new(new);
    env.account.reset_password(PasswordReset { token, new: &new, confirm: &new }, &client()).await
}

store_test!(a_reset_link_sets_a_new_password_once_and_ends_every_session, |env| {
    let user_id = env.verified_user("ada@example.com", PW).await;
    let token = reset_link(&env, "ada@example.com").await;
    let mails = env.mails();
    assert_eq!(mails.last().unwrap().1, "[Gatehouse] Password reset URL");
    // Read the raw link (not through the helper, which keeps only letters
    // and digits): everything after the path is the token.
    let body = env.mails().last().unwrap().2.clone();
    let raw = body.split("/password/reset/").nth(1).unwrap().split_whitespace().next().unwrap();
    assert_eq!(raw, token, "the link ends with the token");
    assert!(raw.len() >= 22 && raw.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'), "{raw}");
    assert_eq!(env.account.check_reset_token(&token).await.unwrap(), "ada@example.com");
    reset(&env, &token, NEW).await.unwrap();
    assert_eq!(env.account.session_count(user_id).await.unwrap(), 0);
    assert_eq!(reset(&env, &token, "another-pass-77").await, Err(AppError::ResetTokenInvalid));
    assert_eq!(env.account.check_reset_token(&token).await, Err(AppError::ResetTokenInvalid));
    env.account.sign_in_root("ada@example.com", &Secret::new(NEW), &client()).await.unwrap();
    assert_eq!(env.mails().last().unwrap().1, "[Gatehouse] Your password was changed");
    assert!(env.account.event_kinds(user_id).await.unwrap().contains(&"password_reset".to_string()));
});

store_test!(twenty_concurrent_uses_of_one_link_succeed_exactly_once, |env| {
    env.verified_user("bea@example.com", PW).await;
    let token = reset_link(&env, "bea@example.com").await;
    let tries = (0..20).map(|n| {
        let (account, token) = (env.account.clone(), token.clone());
        tokio::spawn(async move {
            let new = Secret::new(format!("meadow-lantern-{n:02}"));
            account.reset_password(PasswordReset { token: &token, new: &new, confirm: &new }, &client()).await
        })
    });
    let results: Vec<_> = futures::future::join_all(tries).await.into_iter().map(Result::unwrap).collect();
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1, "{results:?}");
    assert!(results.iter().filter(|r| r.is_err()).all(|r| *r == Err(AppError::ResetTokenInvalid)), "{results:?}");
});

store_test!(a_reset_link_expires_after_an_hour, |env| {
    env.verified_user("cal@example.com", PW).await;
    let token = reset_link(&env, "cal@example.com").await;
    env.clock.advance(3600 - 1);
    assert!(env.account.check_reset_token(&token).await.is_ok());
    env.clock.advance(1);
    assert_eq!(reset(&env, &token, NEW).await, Err(AppError::ResetTokenInvalid));
});

store_test!(a_newer_request_supersedes_the_older_link, |env| {
    env.verified_user("dov@example.com", PW).await;
    let old = reset_link(&env, "dov@example.com").await;
    env.clock.advance(61);
    let new = reset_link(&env, "dov@example.com").await;
    assert_eq!(reset(&env, &old, NEW).await, Err(AppError::ResetTokenInvalid));
    reset(&env, &new, NEW).await.unwrap();
});

store_test!(an_altered_link_is_refused, |env| {
    env.verified_user("eda@example.com", PW).await;
    let token = reset_link(&env, "eda@example.com").await;
    for altered in [format!("{token}%"), format!("{token}."), format!("{token}>"), token[..token.len() - 1].to_string()]
    {
        assert_eq!(env.account.check_reset_token(&altered).await, Err(AppError::ResetTokenInvalid), "{altered}");
        assert_eq!(reset(&env, &altered, NEW).await, Err(AppError::ResetTokenInvalid));
    }
    reset(&env, &token, NEW).await.unwrap();
});

store_test!(an_unknown_address_gets_the_same_answer_and_no_mail, |env| {
    let answer = env.account.request_password_reset(" Nobody@Example.com ", &client()).await.unwrap();
    assert_eq!(answer.as_str(), "nobody@example.com");
    assert!(env.mails().is_empty());
});

// Both answers are padded to the same floor. Measured on the wall clock
// (tokio's paused clock would also fire sqlx's pool timeouts while the
// database works), so the test compares the fastest of several alternating
// samples: a stall of the machine in one sample does not decide it.
store_test!(known_and_unknown_addresses_take_as_long, |env| {
    use std::time::Duration;
    let floor = Duration::from_millis(400);
    let padded = env.sibling(app::account::AccountConfig { min_mail_response_ms: 400, ..common::test_config() });
    env.verified_user("fay@example.com", PW).await;
    let (mut known, mut unknown) = (Duration::MAX, Duration::MAX);
    for round in 0..3 {
        for (email, fastest) in [("fay@example.com", &mut known), ("nobody@example.com", &mut unknown)] {
            env.clock.advance(15 * 60); // a fresh rate-limit window each round
            let t = std::time::Instant::now();
            padded.request_password_reset(email, &client()).await.unwrap_or_else(|e| panic!("round {round}: {e:?}"));
            let took = t.elapsed();
            assert!(took >= floor, "{email} answered in {took:?}, before the floor");
            *fastest = (*fastest).min(took);
        }
    }
    assert_eq!(env.mails().iter().filter(|m| m.1 == "[Gatehouse] Password reset URL").count(), 3);
    assert!(known.abs_diff(unknown) < Duration::from_millis(100), "known {known:?}, unknown {unknown:?}");
});

store_test!(a_suspended_operator_cannot_reset_and_old_links_stop_working, |env| {
    use sea_orm::{ConnectionTrait, Statement};
    env.verified_user("gus@example.com", PW).await;
    let token = reset_link(&env, "gus@example.com").await;
    let db = env.account.db();
    db.execute(Statement::from_string(db.get_database_backend(), "UPDATE operators SET status = 'suspended'"))
        .await
        .unwrap();
    assert_eq!(env.account.check_reset_token(&token).await, Err(AppError::OperatorSuspended));
    assert_eq!(reset(&env, &token, NEW).await, Err(AppError::OperatorSuspended));
    let before = env.mails().len();
    env.account.request_password_reset("gus@example.com", &client()).await.unwrap();
    assert_eq!(env.mails().len(), before, "no reset mail for a suspended operator");
});

store_test!(the_new_password_must_meet_the_policy_and_a_rejection_keeps_the_link, |env| {
    env.verified_user("hob@example.com", PW).await;
    let token = reset_link(&env, "hob@example.com").await;
    assert_eq!(reset(&env, &token, "short").await, Err(AppError::PasswordTooShort { min: 8 }));
    assert_eq!(reset(&env, &token, "hob@example.com").await, Err(AppError::PasswordIsEmail));
    let (a, b) = (Secret::new(NEW), Secret::new("meadow-lantern-98"));
    let mismatch = env.account.reset_password(PasswordReset { token: &token, new: &a, confirm: &b }, &client()).await;
    assert_eq!(mismatch, Err(AppError::PasswordMismatch));
    reset(&env, &token, NEW).await.unwrap();
});

store_test!(reset_requests_are_rate_limited_per_address, |env| {
    env.verified_user("ivo@example.com", PW).await;
    for _ in 0..5 {
        env.account.request_password_reset("ivo@example.com", &client()).await.unwrap();
    }
    assert_eq!(env.account.request_password_reset("ivo@example.com", &client()).await.unwrap_err(), AppError::Locked);
    env.clock.advance(15 * 60);
    env.account.request_password_reset("ivo@example.com", &client()).await.unwrap();
});

store_test!(a_reset_lifts_the_login_lock, |env| {
    env.verified_user("jay@example.com", PW).await;
    for _ in 0..5 {
        let _ = env.account.sign_in_root("jay@example.com", &Secret::new("wrong-password"), &client()).await;
    }
    let locked = env.account.sign_in_root("jay@example.com", &Secret::new(PW), &client()).await;
    assert_eq!(locked.map(|_| ()), Err(AppError::Locked), "locked before the reset");
    // The lock notice (with a reset link of its own) has gone out before
    // the user asks for a reset; the link asked for is the newest.
    env.account.settle_background().await;
    let token = reset_link(&env, "jay@example.com").await;
    reset(&env, &token, NEW).await.unwrap();
    env.account.sign_in_root("jay@example.com", &Secret::new(NEW), &client()).await.unwrap();
});

store_test!(a_reset_does_not_sign_in_and_mfa_is_still_asked, |env| {
    use app::account::SignInStep;
    use app::account::credential::totp;
    env.verified_user("kai@example.com", PW).await;
    let s =
        env.account.sign_in_root("kai@example.com", &Secret::new(PW), &client()).await.unwrap().signed_in().unwrap();
    let p = env.account.principal(s.session_token.expose()).await.unwrap().unwrap();
    env.account.begin_mfa_setup(&p, Proof::default(), &client()).await.unwrap();
    let secret =
        totp::secret_from_base32(&env.account.mfa_status(&p).await.unwrap().setup.unwrap().secret_base32).unwrap();
    env.account.confirm_mfa_setup(&p, &totp::code_at(&secret, env.clock.now_secs()), &client()).await.unwrap();
    let token = reset_link(&env, "kai@example.com").await;
    reset(&env, &token, NEW).await.unwrap();
    assert_eq!(env.account.principal(s.session_token.expose()).await.unwrap(), None, "every session ended");
    let step = env.account.sign_in_root("kai@example.com", &Secret::new(NEW), &client()).await.unwrap();
    assert!(matches!(step, SignInStep::MfaRequired(_)));
});

store_test!(mails_come_from_the_configured_sender_as_plain_text_and_html, |env| {
    env.verified_user("kim@example.com", PW).await;
    env.account.request_password_reset("kim@example.com", &client()).await.unwrap();
    let raw = env.raw_mails().pop().unwrap();
    let msg = mail_parser::MessageParser::default().parse(&raw).unwrap();
    let from = msg.from().and_then(|a| a.first()).unwrap();
    assert_eq!(from.address().unwrap(), "no-reply@gatehouse.localhost");
    assert_eq!(from.name().unwrap(), "Gatehouse");
    assert!(msg.body_text(0).unwrap().contains("/password/reset/"));
    assert!(msg.body_html(0).unwrap().contains("/password/reset/"));
    // Nothing secret but the link's token travels: no password, no hash.
    let text = String::from_utf8_lossy(&raw);
    assert!(!text.contains(PW) && !text.contains("$argon2"));

    // A configured sender is the one used.
    let custom =
        app::account::AccountConfig { mail_from: "Ops Desk <ops@example.org>".into(), ..common::test_config() };
    env.sibling(custom).request_password_reset("kim@example.com", &client()).await.unwrap();
    let raw = env.raw_mails().pop().unwrap();
    let msg = mail_parser::MessageParser::default().parse(&raw).unwrap();
    let from = msg.from().and_then(|a| a.first()).unwrap();
    assert_eq!((from.address().unwrap(), from.name().unwrap()), ("ops@example.org", "Ops Desk"));
});

// Paths that send no mail still talk to the mail server, so a slow server
// slows known and unknown addresses alike.
store_test!(an_unknown_address_costs_a_mail_server_round_trip_too, with_answering_smtp, |env| {
    let smtp = env.smtp.clone().unwrap();
    env.account.request_password_reset("nobody@example.com", &client()).await.unwrap();
    assert!(smtp.verbs().contains(&"NOOP".to_string()), "asked the mail server: {:?}", smtp.verbs());
    assert!(!smtp.verbs().contains(&"MAIL".to_string()), "sent nothing");
    let pw = Secret::new(PW);
    env.account.create_operator_verified("kit@example.com", &pw, Default::default()).await.unwrap();
    env.account.request_password_reset("kit@example.com", &client()).await.unwrap();
    assert_eq!(smtp.verbs().iter().filter(|v| *v == "MAIL").count(), 1, "the known address got its mail");
});
