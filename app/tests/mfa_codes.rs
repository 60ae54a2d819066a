//! MFA codes outside the sign-in step count like at sign-in: turning MFA
//! off and confirming a set-up, and the pending set-up belongs to the
//! session that started it; on SQLite and PostgreSQL, with a fake clock.

mod common;

use app::account::Proof;

use app::account::credential::totp;
use app::account::mfa::by_owner::MfaOwner;
use app::account::{AppError, Secret};
use common::{PW, TestEnv, caller, client, mfa_user, pending, session, session_mfa};

/// Six-digit codes that are not valid for `secret` at any accepted step now.
fn wrong_codes(env: &TestEnv, secret: &[u8], n: usize) -> Vec<String> {
    let now = env.clock.now_secs();
    let valid: Vec<String> = [-30i64, 0, 30].iter().map(|d| totp::code_at(secret, now + d)).collect();
    (0..).map(|n| format!("{n:06}")).filter(|c| !valid.contains(c)).take(n).collect()
}

/// Turns `p`'s own MFA off with the password and `code`.
async fn turn_off(env: &TestEnv, p: &app::account::Principal, code: &str) -> Result<(), AppError> {
    let pw = Secret::new(PW);
    env.account.revoke_mfa(&caller(p), MfaOwner::Own, Proof { password: Some(&pw), code: Some(code) }).await
}

store_test!(wrong_codes_to_turn_mfa_off_count_toward_the_lock, |env| {
    let (secret, codes) = mfa_user(&env, "mo@example.com").await;
    let (me, _) = session_mfa(&env, "mo@example.com", &codes[0]).await;
    env.clock.advance(30);
    for code in wrong_codes(&env, &secret, 5) {
        assert_eq!(turn_off(&env, &me, &code).await, Err(AppError::MfaCodeInvalid));
    }
    let current = totp::code_at(&secret, env.clock.now_secs());
    assert_eq!(turn_off(&env, &me, &current).await, Err(AppError::Locked));
    assert!(env.account.mfa_status(&me).await.unwrap().enabled);
    let kinds = env.account.event_kinds(me.user_id).await.unwrap();
    assert_eq!(kinds.iter().filter(|k| *k == "mfa_failed").count(), 5, "{kinds:?}");
    assert!(kinds.contains(&"locked".to_string()));
});

store_test!(turning_mfa_off_needs_the_password_and_a_code_however_recent_the_sign_in, |env| {
    let (secret, codes) = mfa_user(&env, "mr@example.com").await;
    let (me, _) = session_mfa(&env, "mr@example.com", &codes[0]).await;
    env.clock.advance(30);
    let code = totp::code_at(&secret, env.clock.now_secs());
    let no_password = Proof { password: None, code: Some(&code) };
    assert_eq!(
        env.account.revoke_mfa(&caller(&me), MfaOwner::Own, no_password).await,
        Err(AppError::Required(app::error::Field::Current)),
        "signed in seconds ago, still the password"
    );
    assert!(env.account.mfa_status(&me).await.unwrap().enabled);
    env.clock.advance(11 * 60);
    let code = totp::code_at(&secret, env.clock.now_secs());
    turn_off(&env, &me, &code).await.unwrap();
    assert!(!env.account.mfa_status(&me).await.unwrap().enabled);
});

store_test!(wrong_codes_to_confirm_set_up_count_toward_the_lock, |env| {
    env.verified_user("ms@example.com", PW).await;
    let (me, _) = session(&env, "ms@example.com").await;
    env.account.begin_mfa_setup(&me, Proof::default(), &client()).await.unwrap();
    let setup = env.account.mfa_status(&me).await.unwrap().setup.unwrap();
    let secret = totp::secret_from_base32(&setup.secret_base32).unwrap();
    for code in wrong_codes(&env, &secret, 5) {
        assert_eq!(env.account.confirm_mfa_setup(&me, &code, &client()).await, Err(AppError::MfaCodeInvalid));
    }
    let current = totp::code_at(&secret, env.clock.now_secs());
    assert_eq!(env.account.confirm_mfa_setup(&me, &current, &client()).await, Err(AppError::Locked));
    assert!(!env.account.mfa_status(&me).await.unwrap().enabled);
    let kinds = env.account.event_kinds(me.user_id).await.unwrap();
    assert_eq!(kinds.iter().filter(|k| *k == "mfa_failed").count(), 5, "{kinds:?}");
});

store_test!(the_pending_seed_belongs_to_the_session_that_started_set_up, |env| {
    env.verified_user("mt@example.com", PW).await;
    let (a, _) = session(&env, "mt@example.com").await;
    let (b, _) = session(&env, "mt@example.com").await;
    env.account.begin_mfa_setup(&a, Proof::default(), &client()).await.unwrap();
    assert_eq!(env.account.mfa_status(&b).await.unwrap().setup, None, "another session never sees the seed");
    let setup = env.account.mfa_status(&a).await.unwrap().setup.unwrap();
    let secret = totp::secret_from_base32(&setup.secret_base32).unwrap();
    let code = totp::code_at(&secret, env.clock.now_secs());
    assert_eq!(env.account.confirm_mfa_setup(&b, &code, &client()).await, Err(AppError::MfaState));
    env.account.confirm_mfa_setup(&a, &code, &client()).await.unwrap();
});

store_test!(a_code_used_to_turn_mfa_off_cannot_also_sign_in, |env| {
    let (secret, codes) = mfa_user(&env, "mu@example.com").await;
    let (me, _) = session_mfa(&env, "mu@example.com", &codes[0]).await;
    env.clock.advance(30);
    let code = totp::code_at(&secret, env.clock.now_secs());
    let p = pending(&env, "mu@example.com").await;
    let (account, c) = (env.account.clone(), code.clone());
    let off = tokio::spawn(async move {
        let pw = Secret::new(PW);
        account.revoke_mfa(&caller(&me), MfaOwner::Own, Proof { password: Some(&pw), code: Some(&c) }).await
    });
    let (account, c) = (env.account.clone(), code.clone());
    let on = tokio::spawn(async move { account.complete_mfa_sign_in(&p, &c, &client()).await.map(|_| ()) });
    let mut results = vec![off.await.unwrap(), on.await.unwrap()];
    results.sort_by_key(|r| r.is_err());
    assert_eq!(results, [Ok(()), Err(AppError::MfaCodeInvalid)]);
});

store_test!(a_password_change_ends_a_mailed_token_to_turn_mfa_off, |env| {
    // Security review 2 Info 8: like every other mailed link, the token for
    // a lost authenticator issued before a password change acts no more.
    let (_, codes) = mfa_user(&env, "lost@example.com").await;
    env.account.issue_mfa_revoking_token("lost@example.com", &Secret::new(PW), &client()).await.unwrap();
    let token = env.token_from_last_mail("lost@example.com", "token: ");
    let (me, _) = session_mfa(&env, "lost@example.com", &codes[0]).await;
    let new = Secret::new("meadow-lantern-99");
    let change =
        app::account::password_change::PasswordChange { current: Some(&Secret::new(PW)), new: &new, confirm: &new };
    env.account.change_password(&me, change, &client()).await.unwrap();
    let form = app::account::mfa::revoke_token::MfaRevoke {
        email: "lost@example.com",
        password: &new,
        token: &token,
        backup_code: &codes[1],
    };
    let refused = env.account.verify_mfa_revoking_token(form, &client()).await;
    assert_eq!(refused, Err(AppError::MfaRevokeTokenInvalid));
});
