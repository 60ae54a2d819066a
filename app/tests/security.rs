//! The security page's rules — password change, MFA with recovery codes,
//! the MFA sign-in step, sessions and activity — on SQLite and PostgreSQL,
//! with a fake clock.

mod common;

use app::account::credential::totp;
use app::account::mfa::by_owner::MfaOwner;
use app::account::password_change::PasswordChange;
use app::account::{AppError, Proof, Secret};
use common::{PW, TestEnv, caller, client, mfa_user, pending, session, session_mfa};

fn change<'a>(current: &'a Secret, new: &'a Secret) -> PasswordChange<'a> {
    PasswordChange { current: Some(current), new, confirm: new }
}

store_test!(changing_the_password_ends_other_sessions_but_not_the_current_one, |env| {
    let user_id = env.verified_user("pia@example.com", PW).await;
    let (_, other_token) = session(&env, "pia@example.com").await;
    let (me, my_token) = session(&env, "pia@example.com").await;
    let (cur, new) = (Secret::new(PW), Secret::new("meadow-lantern-99"));
    env.account.change_password(&me, change(&cur, &new), &client()).await.unwrap();
    assert!(env.account.principal(&my_token).await.unwrap().is_some());
    assert_eq!(env.account.principal(&other_token).await.unwrap(), None);
    assert_eq!(env.account.session_count(user_id).await.unwrap(), 1);
    assert_eq!(
        env.account.sign_in_root("pia@example.com", &Secret::new(PW), &client()).await.unwrap_err(),
        AppError::InvalidCredentials
    );
    env.account.sign_in_root("pia@example.com", &new, &client()).await.unwrap();
    let mails = env.mails();
    assert_eq!(mails.last().unwrap().1, "[Gatehouse] Your password was changed");
    assert!(env.account.event_kinds(user_id).await.unwrap().contains(&"password_changed".to_string()));
});

store_test!(a_wrong_current_password_counts_toward_the_sessions_own_lock, |env| {
    env.verified_user("quin@example.com", PW).await;
    let (me, _) = session(&env, "quin@example.com").await;
    let (wrong, new) = (Secret::new("not-the-password"), Secret::new("meadow-lantern-99"));
    for _ in 0..5 {
        assert_eq!(
            env.account.change_password(&me, change(&wrong, &new), &client()).await,
            Err(AppError::PasswordWrong)
        );
    }
    let right = Secret::new(PW);
    assert_eq!(env.account.change_password(&me, change(&right, &new), &client()).await, Err(AppError::Locked));
    let kinds = env.account.event_kinds(me.user_id).await.unwrap();
    assert_eq!(kinds.iter().filter(|k| *k == "password_check_failed").count(), 5);
    // Guessing inside one session does not lock the owner out of signing in.
    env.account.sign_in_root("quin@example.com", &right, &client()).await.unwrap();
});

store_test!(the_new_password_must_meet_the_policy, |env| {
    env.verified_user("rio@example.com", PW).await;
    let (me, _) = session(&env, "rio@example.com").await;
    let cur = Secret::new(PW);
    for (new, err) in [("short", AppError::PasswordTooShort { min: 8 }), ("iloveyou", AppError::PasswordCommon)] {
        let new = Secret::new(new);
        assert_eq!(env.account.change_password(&me, change(&cur, &new), &client()).await, Err(err));
    }
    let (a, b) = (Secret::new("meadow-lantern-99"), Secret::new("meadow-lantern-98"));
    let form = PasswordChange { current: Some(&cur), new: &a, confirm: &b };
    assert_eq!(env.account.change_password(&me, form, &client()).await, Err(AppError::PasswordMismatch));
});

store_test!(turning_mfa_on_needs_the_password_after_ten_minutes, |env| {
    env.verified_user("sol@example.com", PW).await;
    let (_, token) = session(&env, "sol@example.com").await;
    env.clock.advance(10 * 60 + 1);
    let me = env.account.principal(&token).await.unwrap().expect("the session is still open");
    assert_eq!(
        env.account.begin_mfa_setup(&me, Proof::default(), &client()).await.err(),
        Some(AppError::ReauthRequired)
    );
    let wrong = Secret::new("not-the-password");
    assert_eq!(
        env.account.begin_mfa_setup(&me, Proof::password(&wrong), &client()).await.err(),
        Some(AppError::PasswordWrong)
    );
    let done = env.account.begin_mfa_setup(&me, Proof::password(&Secret::new(PW)), &client()).await.unwrap();
    // Re-authenticated: the next change within 10 minutes needs no password.
    let me = env.account.principal(done.new_session.unwrap().expose()).await.unwrap().unwrap();
    assert!(env.account.recently_authenticated(&me));
});

store_test!(mfa_set_up_shows_a_160_bit_secret_and_its_qr_code, |env| {
    env.verified_user("tao@example.com", PW).await;
    let (me, _) = session(&env, "tao@example.com").await;
    env.account.begin_mfa_setup(&me, Proof::default(), &client()).await.unwrap();
    let status = env.account.mfa_status(&me).await.unwrap();
    assert!(!status.enabled);
    let setup = status.setup.unwrap();
    assert_eq!(totp::secret_from_base32(&setup.secret_base32).unwrap().len(), 20);
    assert!(setup.otpauth_uri.starts_with("otpauth://totp/Gatehouse:tao%40example.com?"));
    assert!(setup.qr_svg.contains("<svg"));
    // The secret is stored sealed, never in plain text.
    use sea_orm::{ConnectionTrait, Statement};
    let db = env.account.db();
    let row = db
        .query_one(Statement::from_string(db.get_database_backend(), "SELECT mfa_pending_secret FROM users"))
        .await
        .unwrap()
        .unwrap();
    let stored: String = row.try_get("", "mfa_pending_secret").unwrap();
    assert!(!stored.to_lowercase().contains(&setup.secret_base32.to_lowercase()));
});

store_test!(a_wrong_code_does_not_turn_mfa_on, |env| {
    env.verified_user("uma@example.com", PW).await;
    let (me, _) = session(&env, "uma@example.com").await;
    env.account.begin_mfa_setup(&me, Proof::default(), &client()).await.unwrap();
    for bad in ["000000", "12345", "1234567", "abcdef"] {
        assert_eq!(env.account.confirm_mfa_setup(&me, bad, &client()).await, Err(AppError::MfaCodeInvalid), "{bad}");
    }
    assert!(!env.account.mfa_status(&me).await.unwrap().enabled);
});

store_test!(confirming_mfa_gives_ten_single_use_recovery_codes_shown_once, |env| {
    let (_, codes) = mfa_user(&env, "vic@example.com").await;
    assert_eq!(codes.len(), 10);
    let (me, _) = session_mfa(&env, "vic@example.com", &codes[0]).await;
    assert_eq!(env.account.take_new_recovery_codes(&me).await.unwrap(), None, "shown in the set-up session only");
    assert_eq!(env.account.mfa_status(&me).await.unwrap().recovery_codes_left, 9);
    assert_eq!(env.mails().last().unwrap().1, "[Gatehouse] Multi-factor authentication was turned on");
});

store_test!(the_recovery_codes_are_readable_once_after_set_up, |env| {
    env.verified_user("wes@example.com", PW).await;
    let (me, _) = session(&env, "wes@example.com").await;
    env.account.begin_mfa_setup(&me, Proof::default(), &client()).await.unwrap();
    let setup = env.account.mfa_status(&me).await.unwrap().setup.unwrap();
    let secret = totp::secret_from_base32(&setup.secret_base32).unwrap();
    let codes =
        env.account.confirm_mfa_setup(&me, &totp::code_at(&secret, env.clock.now_secs()), &client()).await.unwrap();
    assert_eq!(env.account.take_new_recovery_codes(&me).await.unwrap(), Some(codes));
    assert_eq!(env.account.take_new_recovery_codes(&me).await.unwrap(), None);
});

store_test!(sign_in_with_mfa_needs_a_second_step_that_a_code_finishes, |env| {
    let (secret, _) = mfa_user(&env, "xia@example.com").await;
    env.clock.advance(30);
    let pending = pending(&env, "xia@example.com").await;
    let code = totp::code_at(&secret, env.clock.now_secs());
    let s = env.account.complete_mfa_sign_in(&pending, &code, &client()).await.unwrap();
    assert!(env.account.principal(s.session_token.expose()).await.unwrap().is_some());
});

store_test!(totp_accepts_steps_minus_one_to_plus_one_and_refuses_two_away, |env| {
    let (secret, _) = mfa_user(&env, "yan@example.com").await;
    for k in [-1i64, 0, 1] {
        env.clock.advance(120);
        let pending = pending(&env, "yan@example.com").await;
        let code = totp::code_at(&secret, env.clock.now_secs() + k * 30);
        env.account
            .complete_mfa_sign_in(&pending, &code, &client())
            .await
            .unwrap_or_else(|e| panic!("step {k}: {e:?}"));
    }
    for k in [-2i64, 2] {
        env.clock.advance(120);
        let pending = pending(&env, "yan@example.com").await;
        let code = totp::code_at(&secret, env.clock.now_secs() + k * 30);
        let r = env.account.complete_mfa_sign_in(&pending, &code, &client()).await;
        assert_eq!(r.unwrap_err(), AppError::MfaCodeInvalid, "step {k}");
    }
});

store_test!(the_same_code_is_never_accepted_twice, |env| {
    let (secret, _) = mfa_user(&env, "zoe@example.com").await;
    env.clock.advance(30);
    let code = totp::code_at(&secret, env.clock.now_secs());
    session_mfa(&env, "zoe@example.com", &code).await;
    let again = pending(&env, "zoe@example.com").await;
    assert_eq!(env.account.complete_mfa_sign_in(&again, &code, &client()).await.unwrap_err(), AppError::MfaCodeInvalid);
});

store_test!(the_code_that_confirmed_set_up_cannot_sign_in, |env| {
    env.verified_user("abe@example.com", PW).await;
    let (me, _) = session(&env, "abe@example.com").await;
    env.account.begin_mfa_setup(&me, Proof::default(), &client()).await.unwrap();
    let setup = env.account.mfa_status(&me).await.unwrap().setup.unwrap();
    let secret = totp::secret_from_base32(&setup.secret_base32).unwrap();
    let code = totp::code_at(&secret, env.clock.now_secs());
    env.account.confirm_mfa_setup(&me, &code, &client()).await.unwrap();
    let pending = pending(&env, "abe@example.com").await;
    assert_eq!(
        env.account.complete_mfa_sign_in(&pending, &code, &client()).await.unwrap_err(),
        AppError::MfaCodeInvalid
    );
});

/// Races two sign-ins, each with its own pending login, on one code: exactly
/// one gets in, and the other is refused for the code itself.
async fn race_one_code(env: &TestEnv, email: &str, code: &str) {
    let (p1, p2) = (pending(env, email).await, pending(env, email).await);
    let spawn = |pending: String| {
        let (account, code) = (env.account.clone(), code.to_string());
        tokio::spawn(async move { account.complete_mfa_sign_in(&pending, &code, &client()).await.map(|_| ()) })
    };
    let (a, b) = (spawn(p1), spawn(p2));
    let mut results = vec![a.await.unwrap(), b.await.unwrap()];
    results.sort_by_key(|r| r.is_err());
    assert_eq!(results, [Ok(()), Err(AppError::MfaCodeInvalid)]);
}

store_test!(two_concurrent_uses_of_one_code_sign_in_exactly_once, |env| {
    let (secret, _) = mfa_user(&env, "bo@example.com").await;
    env.clock.advance(30);
    race_one_code(&env, "bo@example.com", &totp::code_at(&secret, env.clock.now_secs())).await;
});

store_test!(two_concurrent_uses_of_one_recovery_code_sign_in_exactly_once, |env| {
    let (_, codes) = mfa_user(&env, "cy@example.com").await;
    race_one_code(&env, "cy@example.com", &codes[3]).await;
});

store_test!(two_pending_logins_of_one_user_do_not_cancel_each_other, |env| {
    let (_, codes) = mfa_user(&env, "cz@example.com").await;
    let (p1, p2) = (pending(&env, "cz@example.com").await, pending(&env, "cz@example.com").await);
    env.account.complete_mfa_sign_in(&p1, &codes[0], &client()).await.unwrap();
    env.account.complete_mfa_sign_in(&p2, &codes[1], &client()).await.unwrap();
});

store_test!(a_recovery_code_works_once, |env| {
    let (_, codes) = mfa_user(&env, "dee@example.com").await;
    let user_id = session_mfa(&env, "dee@example.com", &codes[5].to_uppercase()).await.0.user_id;
    let again = pending(&env, "dee@example.com").await;
    assert_eq!(
        env.account.complete_mfa_sign_in(&again, &codes[5], &client()).await.unwrap_err(),
        AppError::MfaCodeInvalid
    );
    assert!(env.account.event_kinds(user_id).await.unwrap().contains(&"recovery_code_used".to_string()));
});

store_test!(wrong_or_missing_mfa_codes_count_toward_the_lock, |env| {
    mfa_user(&env, "eli@example.com").await;
    let p = pending(&env, "eli@example.com").await;
    let mut results = Vec::new();
    for code in ["000000", "", "123456", "abc"] {
        results.push(env.account.complete_mfa_sign_in(&p, code, &client()).await.unwrap_err());
    }
    assert_eq!(results[1], AppError::Required(app::error::Field::Code));
    assert_eq!(results[3], AppError::MfaCodeInvalid);
    // The password step stays counted until the second factor succeeds:
    // with four failed codes that makes five, and the name is locked.
    assert_eq!(
        env.account.sign_in_root("eli@example.com", &Secret::new(PW), &client()).await.unwrap_err(),
        AppError::Locked
    );
});

store_test!(an_expired_pending_login_is_refused, |env| {
    let (secret, _) = mfa_user(&env, "fin@example.com").await;
    let p = pending(&env, "fin@example.com").await;
    env.clock.advance(5 * 60);
    let code = totp::code_at(&secret, env.clock.now_secs());
    assert_eq!(env.account.complete_mfa_sign_in(&p, &code, &client()).await.unwrap_err(), AppError::MfaLoginExpired);
});

store_test!(a_used_pending_login_cannot_be_replayed, |env| {
    let (_, codes) = mfa_user(&env, "gil@example.com").await;
    let p = pending(&env, "gil@example.com").await;
    env.account.complete_mfa_sign_in(&p, &codes[0], &client()).await.unwrap();
    assert_eq!(
        env.account.complete_mfa_sign_in(&p, &codes[1], &client()).await.unwrap_err(),
        AppError::MfaLoginExpired
    );
    assert_eq!(
        env.account.complete_mfa_sign_in("garbage%", &codes[1], &client()).await.unwrap_err(),
        AppError::MfaLoginExpired
    );
});

store_test!(regenerating_recovery_codes_replaces_them_all, |env| {
    let (_, old) = mfa_user(&env, "hal@example.com").await;
    let (me, _) = session_mfa(&env, "hal@example.com", &old[0]).await;
    let new = env.account.regenerate_recovery_codes(&me, Proof::default(), &client()).await.unwrap().value;
    assert_eq!(env.account.mfa_status(&me).await.unwrap().recovery_codes_left, 10);
    let p = pending(&env, "hal@example.com").await;
    assert_eq!(env.account.complete_mfa_sign_in(&p, &old[1], &client()).await.unwrap_err(), AppError::MfaCodeInvalid);
    env.account.complete_mfa_sign_in(&p, &new[1], &client()).await.unwrap();
});

store_test!(mfa_is_turned_off_with_the_password_and_a_current_code, |env| {
    let (secret, codes) = mfa_user(&env, "ida@example.com").await;
    let (me, _) = session_mfa(&env, "ida@example.com", &codes[0]).await;
    let pw = Secret::new(PW);
    env.clock.advance(60);
    let code = totp::code_at(&secret, env.clock.now_secs());
    let off = |password, code| Proof { password, code };
    assert_eq!(
        env.account.revoke_mfa(&caller(&me), MfaOwner::Own, off(None, Some(&code))).await,
        Err(AppError::Required(app::error::Field::Current)),
        "a code alone is not enough"
    );
    assert_eq!(
        env.account.revoke_mfa(&caller(&me), MfaOwner::Own, off(Some(&pw), None)).await,
        Err(AppError::Required(app::error::Field::Code)),
        "the password alone is not enough"
    );
    assert!(env.account.mfa_status(&me).await.unwrap().enabled);
    env.account.revoke_mfa(&caller(&me), MfaOwner::Own, off(Some(&pw), Some(&code))).await.unwrap();
    assert!(!env.account.mfa_status(&me).await.unwrap().enabled);
    assert!(
        env.account.sign_in_root("ida@example.com", &Secret::new(PW), &client()).await.unwrap().signed_in().is_some()
    );
    assert_eq!(env.mails().last().unwrap().1, "[Gatehouse] Multi-factor authentication was turned off");
});

store_test!(the_sessions_tab_lists_and_ends_sessions, |env| {
    env.verified_user("jo@example.com", PW).await;
    let (_, other) = session(&env, "jo@example.com").await;
    let (me, mine) = session(&env, "jo@example.com").await;
    let list = env.account.list_sessions(&me).await.unwrap();
    assert_eq!(list.len(), 3, "the harness's, the other and this one");
    assert_eq!(list.iter().filter(|s| s.current).count(), 1);
    let other_id = app::account::credential::secret::token_digest(&other);
    env.account.end_session_of_user(&me, &other_id, &client()).await.unwrap();
    assert_eq!(env.account.principal(&other).await.unwrap(), None);
    assert_eq!(env.account.end_session_of_user(&me, &me.session_id, &client()).await, Err(AppError::SessionNotFound));
    assert_eq!(env.account.end_all_other_sessions(&me, &client()).await.unwrap(), 1);
    assert!(env.account.principal(&mine).await.unwrap().is_some());
    assert_eq!(env.account.list_sessions(&me).await.unwrap().len(), 1);
});

store_test!(a_user_cannot_end_another_users_session, |env| {
    env.verified_user("ka@example.com", PW).await;
    env.verified_user("lu@example.com", PW).await;
    let (ka, _) = session(&env, "ka@example.com").await;
    let (_, lu_token) = session(&env, "lu@example.com").await;
    let lu_id = app::account::credential::secret::token_digest(&lu_token);
    assert_eq!(env.account.end_session_of_user(&ka, &lu_id, &client()).await, Err(AppError::SessionNotFound));
    assert!(env.account.principal(&lu_token).await.unwrap().is_some());
});

store_test!(the_activity_tab_pages_events_newest_first, |env| {
    env.verified_user("mo@example.com", PW).await;
    let (p, _) = session(&env, "mo@example.com").await;
    for _ in 0..3 {
        env.clock.advance(1);
        let _ = env.account.sign_in_root("mo@example.com", &Secret::new("wrong-password"), &client()).await;
    }
    let page = env.account.activity(&p, 0, 2).await.unwrap();
    let (first, more) = (page.events, page.has_older);
    assert_eq!(first.iter().map(|e| e.kind.as_str()).collect::<Vec<_>>(), ["sign_in_failed", "sign_in_failed"]);
    assert!(more);
    assert!(first[0].at >= first[1].at);
    assert_eq!(first[0].client_addr.as_deref(), Some("192.0.2.10"));
    let page = env.account.activity(&p, 0, 100).await.unwrap();
    let (all, more) = (page.events, page.has_older);
    assert!(!more);
    assert_eq!(all.last().unwrap().kind, "signed_up");
});
