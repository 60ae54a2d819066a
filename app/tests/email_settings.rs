//! Primary and recovery email addresses, and `/recover`, on SQLite and
//! PostgreSQL.

mod common;

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
    env.account.request_email_change(&p, "New@Example.com", &Secret::new(PW), &client()).await.unwrap();
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
    let r = env.account.request_email_change(&p, "x@example.com", &Secret::new("wrong-password"), &client()).await;
    assert_eq!(r, Err(AppError::PasswordWrong));
    let r = env.account.request_email_change(&p, "pw@example.com", &Secret::new(PW), &client()).await;
    assert_eq!(r, Err(AppError::EmailUnchanged));
    assert!(env.mails().iter().all(|m| m.0 != "x@example.com"));
});

store_test!(a_primary_change_applies_only_if_the_address_is_still_free, |env| {
    env.verified_user("a1@example.com", PW).await;
    let p = principal(&env, "a1@example.com").await;
    env.account.request_email_change(&p, "taken@example.com", &Secret::new(PW), &client()).await.unwrap();
    let token = env.token_from_last_mail("taken@example.com", "/email/confirm/");
    env.verified_user("taken@example.com", PW).await;
    assert_eq!(env.account.confirm_email_change(&token, &client()).await.unwrap_err(), AppError::EmailTaken);
    env.account.sign_in_root("a1@example.com", &Secret::new(PW), &client()).await.unwrap();
});

store_test!(a_cancelled_change_never_applies, |env| {
    env.verified_user("c1@example.com", PW).await;
    let p = principal(&env, "c1@example.com").await;
    env.account.request_email_change(&p, "c2@example.com", &Secret::new(PW), &client()).await.unwrap();
    let token = env.token_from_last_mail("c2@example.com", "/email/confirm/");
    env.account.cancel_email_change(&p).await.unwrap();
    assert_eq!(env.account.email_settings(&p).await.unwrap().pending_primary, None);
    assert_eq!(env.account.confirm_email_change(&token, &client()).await.unwrap_err(), AppError::EmailTokenInvalid);
});

store_test!(an_unverified_recovery_address_does_not_count, |env| {
    let user_id = env.verified_user("r1@example.com", PW).await;
    let p = principal(&env, "r1@example.com").await;
    env.account.request_recovery_email(&p, "backup@example.org", None, &client()).await.unwrap();
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
    env.account.request_recovery_email(&p, "n1-backup@example.org", None, &client()).await.unwrap();
    let token = env.token_from_last_mail("n1-backup@example.org", "/email/recovery/");
    env.account.confirm_recovery_email(&token, &client()).await.unwrap();
    let (cur, new) = (Secret::new(PW), Secret::new("meadow-lantern-99"));
    let form = app::account::password_change::PasswordChange { current: &cur, new: &new, confirm: &new };
    env.account.change_password(&p, form, &client()).await.unwrap();
    let to: Vec<_> =
        env.mails().into_iter().filter(|m| m.1 == "[Gatehouse] Your password was changed").map(|m| m.0).collect();
    assert_eq!(to, ["n1@example.com", "n1-backup@example.org"]);
});

store_test!(removing_the_recovery_address_needs_re_authentication, |env| {
    env.verified_user("rm@example.com", PW).await;
    let p = principal(&env, "rm@example.com").await;
    env.account.request_recovery_email(&p, "rm-backup@example.org", None, &client()).await.unwrap();
    let token = env.token_from_last_mail("rm-backup@example.org", "/email/recovery/");
    env.account.confirm_recovery_email(&token, &client()).await.unwrap();
    env.clock.advance(11 * 60);
    assert_eq!(env.account.remove_recovery_email(&p, None, &client()).await, Err(AppError::ReauthRequired));
    env.account.remove_recovery_email(&p, Some(&Secret::new(PW)), &client()).await.unwrap();
    assert_eq!(env.account.email_settings(&p).await.unwrap().recovery, None);
});

store_test!(recover_sets_a_verified_new_primary_and_leads_to_a_reset, |env| {
    env.verified_user("lost@example.com", PW).await;
    let p = principal(&env, "lost@example.com").await;
    env.account.request_recovery_email(&p, "safe@example.org", None, &client()).await.unwrap();
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
