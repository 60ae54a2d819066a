//! Mail while the mail server is away, on SQLite and PostgreSQL: forms
//! answer as usual, the mail waits in the store (sealed) and goes out when
//! the server is back, with backoff between tries, until its link expires;
//! a resend that cannot go out never spends the earlier, still valid link.

mod common;

use app::account::reset::PasswordReset;
use app::account::{AppError, Secret};
use common::{TestEnv, client};

const PW: &str = "tulip-river-42";

/// The token of the `/password/reset/` link in a raw message.
fn reset_token(raw: &str) -> String {
    let msg = mail_parser::MessageParser::default().parse(raw.as_bytes()).unwrap();
    let body = msg.body_text(0).unwrap_or_default().to_string();
    let at = body.find("/password/reset/").expect("a reset link") + "/password/reset/".len();
    body[at..].chars().take_while(|c| c.is_ascii_alphanumeric()).collect()
}

async fn queued(env: &TestEnv) -> i64 {
    env.account.queued_mail_count().await.unwrap()
}

store_test!(
    while_smtp_is_down_a_reset_answers_as_usual_and_the_link_arrives_when_it_is_back,
    with_answering_smtp,
    |env| {
        let smtp = env.smtp.clone().unwrap();
        env.account.create_operator_verified("lee@example.com", &Secret::new(PW), Default::default()).await.unwrap();
        smtp.set_down(true);
        let answer = env.account.request_password_reset("lee@example.com", &client()).await;
        assert_eq!(answer.unwrap().as_str(), "lee@example.com", "the same answer as with mail up");
        assert!(smtp.messages().is_empty());
        assert_eq!(queued(&env).await, 1);

        smtp.set_down(false);
        env.clock.advance(5);
        let run = env.account.send_queued_mail().await.unwrap();
        assert_eq!(run.sent, 1);
        assert_eq!(queued(&env).await, 0);
        let token = reset_token(&smtp.messages()[0]);
        assert_eq!(env.account.check_reset_token(&token).await.unwrap(), "lee@example.com");
    }
);

store_test!(while_smtp_is_down_unknown_addresses_get_the_same_answer_as_known_ones, with_smtp_down, |env| {
    let r = env.account.request_password_reset("nobody@example.com", &client()).await;
    assert_eq!(r.unwrap().as_str(), "nobody@example.com");
    let r = env.account.start_recovery("nobody@example.com", &client()).await;
    assert!(r.is_ok(), "{r:?}");
    assert!(env.account.resend_verification("nobody@example.com").await.is_ok());
    assert_eq!(queued(&env).await, 0, "nothing to send to an address without an account");
});

store_test!(a_failed_resend_never_spends_the_earlier_still_valid_link, with_answering_smtp, |env| {
    let smtp = env.smtp.clone().unwrap();
    env.account.create_operator_verified("kim@example.com", &Secret::new(PW), Default::default()).await.unwrap();
    env.account.request_password_reset("kim@example.com", &client()).await.unwrap();
    let first = reset_token(&smtp.messages()[0]);

    smtp.set_down(true);
    env.account.request_password_reset("kim@example.com", &client()).await.unwrap();
    assert!(env.account.check_reset_token(&first).await.is_ok(), "the resend did not go out: the first link stands");

    smtp.set_down(false);
    env.clock.advance(5);
    assert_eq!(env.account.send_queued_mail().await.unwrap().sent, 1);
    let second = reset_token(&smtp.messages()[1]);
    assert_eq!(env.account.check_reset_token(&first).await.unwrap_err(), AppError::ResetTokenInvalid);
    assert!(env.account.check_reset_token(&second).await.is_ok(), "the delivered one supersedes it");
});

store_test!(a_lock_notice_delivered_late_never_spends_a_reset_link_asked_for_since, with_answering_smtp, |env| {
    let smtp = env.smtp.clone().unwrap();
    env.account.create_operator_verified("ida@example.com", &Secret::new(PW), Default::default()).await.unwrap();
    smtp.set_down(true);
    for _ in 0..5 {
        let _ = env.account.sign_in_root("ida@example.com", &Secret::new("wrong-password"), &client()).await;
    }
    env.account.settle_background().await;
    assert_eq!(queued(&env).await, 1, "the lock notice waits for the mail server");

    smtp.set_down(false);
    env.account.request_password_reset("ida@example.com", &client()).await.unwrap();
    let asked = reset_token(&smtp.messages()[0]);
    env.clock.advance(5);
    assert_eq!(env.account.send_queued_mail().await.unwrap().sent, 1, "the notice goes out late");
    assert!(env.account.check_reset_token(&asked).await.is_ok(), "the link asked for after the lock still works");
});

store_test!(a_resend_delivered_late_never_spends_a_newer_link, with_answering_smtp, |env| {
    let smtp = env.smtp.clone().unwrap();
    env.account.create_operator_verified("ola@example.com", &Secret::new(PW), Default::default()).await.unwrap();
    smtp.set_down(true);
    env.account.request_password_reset("ola@example.com", &client()).await.unwrap();
    env.clock.advance(5);
    assert_eq!(env.account.send_queued_mail().await.unwrap().failed, 1, "the next try waits 10 s");

    smtp.set_down(false);
    env.account.request_password_reset("ola@example.com", &client()).await.unwrap();
    let newer = reset_token(&smtp.messages()[0]);
    env.clock.advance(10);
    assert_eq!(env.account.send_queued_mail().await.unwrap().sent, 1, "the older request's mail goes out last");
    let older = reset_token(&smtp.messages()[1]);
    assert!(env.account.check_reset_token(&newer).await.is_ok(), "the newer link still works");
    assert_eq!(env.account.check_reset_token(&older).await.unwrap_err(), AppError::ResetTokenInvalid);
});

store_test!(queued_mail_is_retried_with_growing_waits_and_dropped_when_its_link_expires, with_smtp_down, |env| {
    env.account.create_operator_verified("ray@example.com", &Secret::new(PW), Default::default()).await.unwrap();
    env.account.request_password_reset("ray@example.com", &client()).await.unwrap();
    assert_eq!(env.account.send_queued_mail().await.unwrap().failed, 0, "not due yet");
    env.clock.advance(5);
    assert_eq!(env.account.send_queued_mail().await.unwrap().failed, 1, "the first retry");
    env.clock.advance(5);
    assert_eq!(env.account.send_queued_mail().await.unwrap().failed, 0, "the next waits 10 s");
    env.clock.advance(5);
    assert_eq!(env.account.send_queued_mail().await.unwrap().failed, 1);
    assert_eq!(queued(&env).await, 1);
    env.clock.advance(env.account.config().reset_token_secs);
    assert_eq!(env.account.send_queued_mail().await.unwrap().expired, 1, "its link expired: it is dropped");
    assert_eq!(queued(&env).await, 0);
});

store_test!(a_queued_mail_is_sealed_in_the_store, with_smtp_down, |env| {
    use sea_orm::{ConnectionTrait, Statement};
    env.account.create_operator_verified("sol@example.com", &Secret::new(PW), Default::default()).await.unwrap();
    env.account.request_password_reset("sol@example.com", &client()).await.unwrap();
    let db = env.account.db();
    let row = db
        .query_one(Statement::from_string(db.get_database_backend(), "SELECT sealed FROM mail_queue"))
        .await
        .unwrap()
        .unwrap();
    let sealed: String = row.try_get("", "sealed").unwrap();
    for plain in ["sol@example.com", "/password/reset/", "Password reset"] {
        assert!(!sealed.contains(plain), "{plain} in the store");
    }
});

store_test!(
    while_smtp_is_down_sign_up_answers_as_usual_and_the_verification_link_arrives_later,
    with_answering_smtp,
    |env| {
        let smtp = env.smtp.clone().unwrap();
        smtp.set_down(true);
        let pw = Secret::new(PW);
        let form = app::account::signup::SignUpForm { email: "mo@example.com", password: &pw, confirm: &pw };
        assert_eq!(env.account.sign_up(form, Default::default(), &client()).await.unwrap().as_str(), "mo@example.com");
        smtp.set_down(false);
        env.clock.advance(5);
        assert_eq!(env.account.send_queued_mail().await.unwrap().sent, 1);
        let msg = smtp.messages().pop().unwrap();
        let parsed = mail_parser::MessageParser::default().parse(msg.as_bytes()).unwrap();
        let body = parsed.body_text(0).unwrap().to_string();
        let at = body.find("/verify/").unwrap() + "/verify/".len();
        let token: String = body[at..].chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        env.account.verify_email(&token, &pw, &client()).await.unwrap();
        let signed_in = env.account.sign_in_root("mo@example.com", &pw, &client()).await.unwrap();
        assert!(signed_in.signed_in().is_some());
    }
);

store_test!(a_reset_sent_after_an_outage_still_sets_the_password_once, with_answering_smtp, |env| {
    let smtp = env.smtp.clone().unwrap();
    env.account.create_operator_verified("ivy@example.com", &Secret::new(PW), Default::default()).await.unwrap();
    smtp.set_down(true);
    env.account.request_password_reset("ivy@example.com", &client()).await.unwrap();
    smtp.set_down(false);
    env.clock.advance(5);
    env.account.send_queued_mail().await.unwrap();
    let token = reset_token(&smtp.messages()[0]);
    let new = Secret::new("meadow-lantern-99");
    let form = || PasswordReset { token: &token, new: &new, confirm: &new };
    env.account.reset_password(form(), &client()).await.unwrap();
    assert_eq!(env.account.reset_password(form(), &client()).await.unwrap_err(), AppError::ResetTokenInvalid);
});
