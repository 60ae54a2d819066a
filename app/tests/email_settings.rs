//! Primary and recovery email addresses, and `/recover`, on SQLite and
//! PostgreSQL.

mod common;

use app::account::Proof;

use app::account::{AppError, Principal, Secret};
use common::{TestEnv, client};

const PW: &str = "tulip-river-42";

async fn principal(env: &TestEnv, email: &str) -> Principal {
    let s = env.account.sign_in_root(email, &Secret::new(PW), &client()).await.unwrap().signed_in().unwrap();
    env.account.principal(s.session_token.expose()).await.unwrap().unwrap()
}

store_test!(a_primary_change_applies_only_when_the_link_is_opened, |env| {
    env.verified_user("old@example.com", PW).await;
    let p = principal(&env, "old@example.com").await;
    env.account
        .request_email_change(&p, "New@Example.com", Proof::password(&Secret::new(PW)), &client())
        .await
        .unwrap();
    let s = env.account.email_settings(&p).await.unwrap();
    assert_eq!((s.primary.as_str(), s.pending_primary.as_deref()), ("old@example.com", Some("new@example.com")));
    // Not applied yet: the old address still signs in.
    env.account.sign_in_root("old@example.com", &Secret::new(PW), &client()).await.unwrap();
    let token = env.token_from_last_mail("new@example.com", "/email/confirm/");
    let done = env.account.confirm_email_change(&token, &client()).await.unwrap();
    assert_eq!(done.new_primary, "new@example.com");
    assert!(done.reset_token.is_none());
    env.account.sign_in_root("new@example.com", &Secret::new(PW), &client()).await.unwrap();
    assert_eq!(
        env.account.sign_in_root("old@example.com", &Secret::new(PW), &client()).await.unwrap_err(),
        AppError::InvalidCredentials
    );
    let notice = env.mails().into_iter().rev().find(|m| m.0 == "old@example.com").unwrap();
    assert_eq!(notice.1, "[Gatehouse] Your primary email address was changed");
    assert_eq!(env.account.confirm_email_change(&token, &client()).await.unwrap_err(), AppError::EmailTokenInvalid);
});

store_test!(a_primary_change_needs_the_current_password, |env| {
    env.verified_user("pw@example.com", PW).await;
    let p = principal(&env, "pw@example.com").await;
    let r = env
        .account
        .request_email_change(&p, "x@example.com", Proof::password(&Secret::new("wrong-password")), &client())
        .await;
    assert_eq!(r, Err(AppError::PasswordWrong));
    let r = env.account.request_email_change(&p, "pw@example.com", Proof::password(&Secret::new(PW)), &client()).await;
    assert_eq!(r, Err(AppError::EmailUnchanged));
    assert!(env.mails().iter().all(|m| m.0 != "x@example.com"));
});

store_test!(a_primary_change_applies_only_if_the_address_is_still_free, |env| {
    env.verified_user("a1@example.com", PW).await;
    let p = principal(&env, "a1@example.com").await;
    env.account
        .request_email_change(&p, "taken@example.com", Proof::password(&Secret::new(PW)), &client())
        .await
        .unwrap();
    let token = env.token_from_last_mail("taken@example.com", "/email/confirm/");
    env.verified_user("taken@example.com", PW).await;
    assert_eq!(env.account.confirm_email_change(&token, &client()).await.unwrap_err(), AppError::EmailTaken);
    env.account.sign_in_root("a1@example.com", &Secret::new(PW), &client()).await.unwrap();
});

store_test!(a_cancelled_change_never_applies, |env| {
    env.verified_user("c1@example.com", PW).await;
    let p = principal(&env, "c1@example.com").await;
    env.account.request_email_change(&p, "c2@example.com", Proof::password(&Secret::new(PW)), &client()).await.unwrap();
    let token = env.token_from_last_mail("c2@example.com", "/email/confirm/");
    env.account.cancel_email_change(&p).await.unwrap();
    assert_eq!(env.account.email_settings(&p).await.unwrap().pending_primary, None);
    assert_eq!(env.account.confirm_email_change(&token, &client()).await.unwrap_err(), AppError::EmailTokenInvalid);
});

store_test!(an_unverified_recovery_address_does_not_count, |env| {
    let user_id = env.verified_user("r1@example.com", PW).await;
    let p = principal(&env, "r1@example.com").await;
    env.account
        .request_recovery_email(&p, "backup@example.org", Proof::password(&Secret::new(PW)), &client())
        .await
        .unwrap();
    let s = env.account.email_settings(&p).await.unwrap();
    assert_eq!((s.recovery, s.pending_recovery.as_deref()), (None, Some("backup@example.org")));
    assert!(!env.account.summary(user_id).await.unwrap().recovery_email_set);
    // /recover does nothing for an unverified address.
    let before = env.mails().len();
    env.account.start_recovery("backup@example.org", &client()).await.unwrap();
    assert_eq!(env.mails().len(), before);
    let token = env.token_from_last_mail("backup@example.org", "/email/recovery/");
    env.account.confirm_recovery_email(&token, &client()).await.unwrap();
    assert_eq!(env.account.email_settings(&p).await.unwrap().recovery.as_deref(), Some("backup@example.org"));
    assert!(env.account.summary(user_id).await.unwrap().recovery_email_set);
});

store_test!(security_notices_also_go_to_the_verified_recovery_address, |env| {
    env.verified_user("n1@example.com", PW).await;
    let p = principal(&env, "n1@example.com").await;
    env.account
        .request_recovery_email(&p, "n1-backup@example.org", Proof::password(&Secret::new(PW)), &client())
        .await
        .unwrap();
    let token = env.token_from_last_mail("n1-backup@example.org", "/email/recovery/");
    env.account.confirm_recovery_email(&token, &client()).await.unwrap();
    let (cur, new) = (Secret::new(PW), Secret::new("meadow-lantern-99"));
    let form = app::account::password_change::PasswordChange { current: Some(&cur), new: &new, confirm: &new };
    env.account.change_password(&p, form, &client()).await.unwrap();
    let to: Vec<_> =
        env.mails().into_iter().filter(|m| m.1 == "[Gatehouse] Your password was changed").map(|m| m.0).collect();
    assert_eq!(to, ["n1@example.com", "n1-backup@example.org"]);
});

/// Sets and verifies a recovery address with the password.
async fn set_recovery(env: &TestEnv, p: &Principal, address: &str) {
    env.account.request_recovery_email(p, address, Proof::password(&Secret::new(PW)), &client()).await.unwrap();
    let token = env.token_from_last_mail(address, "/email/recovery/");
    env.account.confirm_recovery_email(&token, &client()).await.unwrap();
}

/// The subjects of the mails sent to `to`, oldest first.
fn subjects_to(env: &TestEnv, to: &str) -> Vec<String> {
    env.mails().into_iter().filter(|m| m.0 == to).map(|m| m.1).collect()
}

const RECOVERY_CHANGED: &str = "[Gatehouse] Your recovery email address was changed";

store_test!(setting_the_recovery_address_needs_the_current_password, |env| {
    env.verified_user("sr@example.com", PW).await;
    let p = principal(&env, "sr@example.com").await;
    // A fresh session is not enough: the password is asked every time.
    let r = env.account.request_recovery_email(&p, "thief@evil.example", Proof::default(), &client()).await;
    assert_eq!(r, Err(AppError::Required(app::error::Field::Current)));
    let r = env
        .account
        .request_recovery_email(&p, "thief@evil.example", Proof::password(&Secret::new("wrong-pw")), &client())
        .await;
    assert_eq!(r, Err(AppError::PasswordWrong));
    assert!(subjects_to(&env, "thief@evil.example").is_empty());
});

store_test!(a_new_recovery_address_is_told_to_the_primary_and_the_old_one, |env| {
    env.verified_user("own@example.com", PW).await;
    let p = principal(&env, "own@example.com").await;
    set_recovery(&env, &p, "b1@example.org").await;
    assert_eq!(subjects_to(&env, "own@example.com").last().map(String::as_str), Some(RECOVERY_CHANGED));
    let notice = env.mails().into_iter().rev().find(|m| m.0 == "own@example.com").unwrap();
    assert!(notice.2.contains("b1@example.org"), "the notice names the new address: {}", notice.2);
    set_recovery(&env, &p, "b2@example.org").await;
    assert_eq!(subjects_to(&env, "own@example.com").iter().filter(|s| *s == RECOVERY_CHANGED).count(), 2);
    assert_eq!(subjects_to(&env, "b1@example.org").last().map(String::as_str), Some(RECOVERY_CHANGED));
});

store_test!(removing_the_recovery_address_needs_the_password_and_tells_both_addresses, |env| {
    env.verified_user("rm@example.com", PW).await;
    let p = principal(&env, "rm@example.com").await;
    set_recovery(&env, &p, "rm-backup@example.org").await;
    assert_eq!(
        env.account.remove_recovery_email(&p, Proof::default(), &client()).await,
        Err(AppError::Required(app::error::Field::Current))
    );
    env.account.remove_recovery_email(&p, Proof::password(&Secret::new(PW)), &client()).await.unwrap();
    assert_eq!(env.account.email_settings(&p).await.unwrap().recovery, None);
    assert_eq!(subjects_to(&env, "rm@example.com").iter().filter(|s| *s == RECOVERY_CHANGED).count(), 2);
    assert_eq!(subjects_to(&env, "rm-backup@example.org").last().map(String::as_str), Some(RECOVERY_CHANGED));
});

store_test!(starting_recover_tells_the_primary_address, |env| {
    env.verified_user("pri@example.com", PW).await;
    let p = principal(&env, "pri@example.com").await;
    set_recovery(&env, &p, "pri-backup@example.org").await;
    env.account.start_recovery("pri-backup@example.org", &client()).await.unwrap();
    assert_eq!(
        subjects_to(&env, "pri@example.com").last().map(String::as_str),
        Some("[Gatehouse] Someone started recovering your account")
    );
});

store_test!(recover_sets_a_verified_new_primary_and_leads_to_a_reset, |env| {
    env.verified_user("lost@example.com", PW).await;
    let p = principal(&env, "lost@example.com").await;
    env.account
        .request_recovery_email(&p, "safe@example.org", Proof::password(&Secret::new(PW)), &client())
        .await
        .unwrap();
    let t = env.token_from_last_mail("safe@example.org", "/email/recovery/");
    env.account.confirm_recovery_email(&t, &client()).await.unwrap();

    env.account.start_recovery("safe@example.org", &client()).await.unwrap();
    let recover = env.token_from_last_mail("safe@example.org", "/recover/");
    env.account.check_recover_token(&recover).await.unwrap();
    env.account.recover_choose_primary(&recover, "fresh@example.net").await.unwrap();
    assert_eq!(env.account.recover_choose_primary(&recover, "x@example.net").await, Err(AppError::RecoverTokenInvalid));
    let confirm = env.token_from_last_mail("fresh@example.net", "/email/confirm/");
    let done = env.account.confirm_email_change(&confirm, &client()).await.unwrap();
    assert_eq!(done.new_primary, "fresh@example.net");
    let reset = done.reset_token.expect("a reset link follows");
    let new = Secret::new("meadow-lantern-99");
    let form = app::account::reset::PasswordReset { token: reset.expose(), new: &new, confirm: &new };
    env.account.reset_password(form, &client()).await.unwrap();
    env.account.sign_in_root("fresh@example.net", &new, &client()).await.unwrap();
});

store_test!(recover_answers_the_same_for_unknown_addresses, |env| {
    let answer = env.account.start_recovery("Nobody@Example.org", &client()).await.unwrap();
    assert_eq!(answer, "nobody@example.org");
    assert!(env.mails().is_empty());
});

store_test!(an_expired_or_altered_primary_address_link_is_refused, |env| {
    env.verified_user("ex@example.com", PW).await;
    let p = principal(&env, "ex@example.com").await;
    env.account
        .request_email_change(&p, "ex2@example.com", Proof::password(&Secret::new(PW)), &client())
        .await
        .unwrap();
    let token = env.token_from_last_mail("ex2@example.com", "/email/confirm/");
    for altered in [format!("{token}."), format!("{token}%"), token[..31].to_string()] {
        assert_eq!(
            env.account.confirm_email_change(&altered, &client()).await.unwrap_err(),
            AppError::EmailTokenInvalid
        );
    }
    env.clock.advance(env.account.config().email_token_secs);
    assert_eq!(env.account.confirm_email_change(&token, &client()).await.unwrap_err(), AppError::EmailTokenInvalid);
    assert_eq!(env.account.email_settings(&p).await.unwrap().primary, "ex@example.com");
});

store_test!(an_expired_or_altered_recover_link_is_refused, |env| {
    env.verified_user("rx@example.com", PW).await;
    let p = principal(&env, "rx@example.com").await;
    set_recovery(&env, &p, "rx-backup@example.org").await;
    env.account.start_recovery("rx-backup@example.org", &client()).await.unwrap();
    let token = env.token_from_last_mail("rx-backup@example.org", "/recover/");
    for altered in [format!("{token}."), format!("{token}%")] {
        assert_eq!(env.account.check_recover_token(&altered).await, Err(AppError::RecoverTokenInvalid));
        assert_eq!(
            env.account.recover_choose_primary(&altered, "n@example.net").await,
            Err(AppError::RecoverTokenInvalid)
        );
    }
    env.clock.advance(env.account.config().email_token_secs);
    assert_eq!(env.account.check_recover_token(&token).await, Err(AppError::RecoverTokenInvalid));
    assert_eq!(env.account.recover_choose_primary(&token, "n@example.net").await, Err(AppError::RecoverTokenInvalid));
});

store_test!(a_password_change_ends_every_outstanding_mailed_link, |env| {
    env.verified_user("pc@example.com", PW).await;
    let p = principal(&env, "pc@example.com").await;
    env.account
        .request_recovery_email(&p, "pc-backup@example.org", Proof::password(&Secret::new(PW)), &client())
        .await
        .unwrap();
    let recovery = env.token_from_last_mail("pc-backup@example.org", "/email/recovery/");
    env.account
        .request_email_change(&p, "pc2@example.com", Proof::password(&Secret::new(PW)), &client())
        .await
        .unwrap();
    let primary = env.token_from_last_mail("pc2@example.com", "/email/confirm/");
    env.account.request_password_reset("pc@example.com", &client()).await.unwrap();
    let reset = env.token_from_last_mail("pc@example.com", "/password/reset/");
    let (cur, new) = (Secret::new(PW), Secret::new("meadow-lantern-99"));
    let form = app::account::password_change::PasswordChange { current: Some(&cur), new: &new, confirm: &new };
    env.account.change_password(&p, form, &client()).await.unwrap();
    assert_eq!(env.account.confirm_recovery_email(&recovery, &client()).await, Err(AppError::EmailTokenInvalid));
    assert_eq!(env.account.confirm_email_change(&primary, &client()).await.unwrap_err(), AppError::EmailTokenInvalid);
    assert_eq!(env.account.check_reset_token(&reset).await, Err(AppError::ResetTokenInvalid));
});

store_test!(a_primary_change_ends_reset_links_sent_to_the_old_address, |env| {
    env.verified_user("po@example.com", PW).await;
    let p = principal(&env, "po@example.com").await;
    env.account.request_password_reset("po@example.com", &client()).await.unwrap();
    let reset = env.token_from_last_mail("po@example.com", "/password/reset/");
    env.account
        .request_email_change(&p, "po2@example.com", Proof::password(&Secret::new(PW)), &client())
        .await
        .unwrap();
    let primary = env.token_from_last_mail("po2@example.com", "/email/confirm/");
    env.account.confirm_email_change(&primary, &client()).await.unwrap();
    assert_eq!(env.account.check_reset_token(&reset).await, Err(AppError::ResetTokenInvalid));
});
