//! Re-authentication before sensitive changes: the session gets a new id,
//! and users with MFA on give a current code with the password. On SQLite
//! and PostgreSQL, with a fake clock.

mod common;

use app::account::credential::totp;
use app::account::{AppError, Proof, Secret};
use common::{PW, TestEnv, client, mfa_user, session, session_mfa};

/// Past the window in which a sign-in counts as recent.
const LATER: i64 = 11 * 60;

fn code_now(env: &TestEnv, secret: &[u8]) -> String {
    totp::code_at(secret, env.clock.now_secs())
}

/// A user with MFA on, signed in with a code more than 10 minutes ago.
async fn old_mfa_session(env: &TestEnv, email: &str) -> (Vec<u8>, app::account::Principal) {
    let (secret, _) = mfa_user(env, email).await;
    env.clock.advance(60);
    let (p, _) = session_mfa(env, email, &code_now(env, &secret)).await;
    env.clock.advance(LATER);
    (secret, p)
}

store_test!(re_authentication_gives_the_session_a_new_token, |env| {
    env.verified_user("ren@example.com", PW).await;
    let (p, old_token) = session(&env, "ren@example.com").await;
    let before = env.account.session_count(p.user_id).await.unwrap();
    env.clock.advance(LATER);
    let pw = Secret::new(PW);
    let done = env.account.confirm_identity(&p, Proof::password(&pw), &client()).await.unwrap();
    let new_token = done.new_session.expect("a re-authentication renews the session");
    assert_eq!(env.account.principal(&old_token).await.unwrap(), None, "the old token stops working");
    let renewed = env.account.principal(new_token.expose()).await.unwrap().expect("the new token works");
    assert_ne!(renewed.session_id, p.session_id);
    assert_eq!(renewed.session_id, done.value.session_id);
    assert!(env.account.recently_authenticated(&renewed));
    assert_eq!(env.account.session_count(p.user_id).await.unwrap(), before, "renewed, not added");
});

store_test!(a_recent_sign_in_keeps_the_session_token, |env| {
    env.verified_user("keep@example.com", PW).await;
    let (p, token) = session(&env, "keep@example.com").await;
    let done = env.account.confirm_identity(&p, Proof::default(), &client()).await.unwrap();
    assert!(done.new_session.is_none());
    assert!(env.account.principal(&token).await.unwrap().is_some());
});

store_test!(mfa_users_re_authenticate_with_a_code_too, |env| {
    let (secret, p) = old_mfa_session(&env, "code@example.com").await;
    let pw = Secret::new(PW);
    let r = env.account.regenerate_recovery_codes(&p, Proof::password(&pw), &client()).await;
    assert_eq!(r.err(), Some(AppError::Required(app::error::Field::Code)));
    let wrong = Proof { password: Some(&pw), code: Some("000000") };
    let r = env.account.regenerate_recovery_codes(&p, wrong, &client()).await;
    assert_eq!(r.err(), Some(AppError::MfaCodeInvalid));
    let code = code_now(&env, &secret);
    let right = Proof { password: Some(&pw), code: Some(&code) };
    let done = env.account.regenerate_recovery_codes(&p, right, &client()).await.unwrap();
    assert_eq!(done.value.len(), 10);
    assert!(done.new_session.is_some());
});

store_test!(wrong_codes_at_re_authentication_count_toward_the_users_lock, |env| {
    let (secret, p) = old_mfa_session(&env, "guess@example.com").await;
    let pw = Secret::new(PW);
    for _ in 0..5 {
        let wrong = Proof { password: Some(&pw), code: Some("000000") };
        let r = env.account.regenerate_recovery_codes(&p, wrong, &client()).await;
        assert_eq!(r.err(), Some(AppError::MfaCodeInvalid));
    }
    let code = code_now(&env, &secret);
    let right = Proof { password: Some(&pw), code: Some(&code) };
    assert_eq!(env.account.regenerate_recovery_codes(&p, right, &client()).await.err(), Some(AppError::Locked));
});

store_test!(wrong_current_passwords_count_per_user_across_its_sessions, |env| {
    env.verified_user("many@example.com", PW).await;
    let (a, _) = session(&env, "many@example.com").await;
    let (b, _) = session(&env, "many@example.com").await;
    env.clock.advance(LATER);
    let wrong = Secret::new("not-the-password-1");
    for (p, n) in [(&a, 3), (&b, 2)] {
        for _ in 0..n {
            let r = env.account.confirm_identity(p, Proof::password(&wrong), &client()).await;
            assert_eq!(r.err(), Some(AppError::PasswordWrong));
        }
    }
    let (fresh, _) = session(&env, "many@example.com").await;
    env.clock.advance(LATER);
    let pw = Secret::new(PW);
    for p in [&b, &fresh] {
        let r = env.account.confirm_identity(p, Proof::password(&pw), &client()).await;
        assert_eq!(r.err(), Some(AppError::Locked), "a new session brings no new guesses");
    }
});

store_test!(the_new_recovery_codes_are_shown_in_the_renewed_session, |env| {
    let (secret, p) = old_mfa_session(&env, "show@example.com").await;
    let (pw, code) = (Secret::new(PW), code_now(&env, &secret));
    let done = env
        .account
        .regenerate_recovery_codes(&p, Proof { password: Some(&pw), code: Some(&code) }, &client())
        .await
        .unwrap();
    let renewed = env.account.principal(done.new_session.unwrap().expose()).await.unwrap().unwrap();
    assert_eq!(env.account.take_new_recovery_codes(&renewed).await.unwrap(), Some(done.value));
});

store_test!(an_mfa_set_up_started_with_re_authentication_continues_in_the_renewed_session, |env| {
    env.verified_user("setup@example.com", PW).await;
    let (p, _) = session(&env, "setup@example.com").await;
    env.clock.advance(LATER);
    let pw = Secret::new(PW);
    let done = env.account.begin_mfa_setup(&p, Proof::password(&pw), &client()).await.unwrap();
    let renewed = env.account.principal(done.new_session.unwrap().expose()).await.unwrap().unwrap();
    let setup = env.account.mfa_status(&renewed).await.unwrap().setup.expect("the set-up shows in the new session");
    let secret = totp::secret_from_base32(&setup.secret_base32).unwrap();
    env.account.confirm_mfa_setup(&renewed, &code_now(&env, &secret), &client()).await.unwrap();
});

store_test!(address_changes_ask_mfa_users_for_a_code, |env| {
    let (secret, _) = mfa_user(&env, "addr@example.com").await;
    env.clock.advance(60);
    let (p, _) = session_mfa(&env, "addr@example.com", &code_now(&env, &secret)).await;
    let pw = Secret::new(PW);
    let missing = Some(AppError::Required(app::error::Field::Code));
    let r = env.account.request_email_change(&p, "addr2@example.com", Proof::password(&pw), &client()).await;
    assert_eq!(r.err(), missing);
    let r = env.account.request_recovery_email(&p, "backup@example.org", Proof::password(&pw), &client()).await;
    assert_eq!(r.err(), missing);
    // The sign-in used this step's code; each code works once.
    env.clock.advance(30);
    let code = code_now(&env, &secret);
    let proof = Proof { password: Some(&pw), code: Some(&code) };
    env.account.request_recovery_email(&p, "backup@example.org", proof, &client()).await.unwrap();
    let token = env.token_from_last_mail("backup@example.org", "/email/recovery/");
    env.account.confirm_recovery_email(&token, &client()).await.unwrap();
    let r = env.account.remove_recovery_email(&p, Proof::password(&pw), &client()).await;
    assert_eq!(r.err(), missing);
    env.clock.advance(30);
    let code = code_now(&env, &secret);
    let proof = Proof { password: Some(&pw), code: Some(&code) };
    env.account.remove_recovery_email(&p, proof, &client()).await.unwrap();
});
