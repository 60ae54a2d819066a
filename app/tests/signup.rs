//! Sign-up and email verification, on SQLite and PostgreSQL.

mod common;

use app::account::signup::SignUpForm;
use app::account::{AppError, Secret};
use app::error::Field;
use app::i18n::Lang;
use common::{TestEnv, client};

async fn sign_up(env: &TestEnv, email: &str, password: &str, confirm: &str) -> Result<String, AppError> {
    let (p, c) = (Secret::new(password), Secret::new(confirm));
    env.account
        .sign_up(SignUpForm { email, password: &p, confirm: &c }, Lang::En, &client())
        .await
        .map(|e| e.as_str().to_string())
}

/// Opens a verification link, typing `password` on its page.
async fn verify(env: &TestEnv, token: &str, password: &str) -> Result<(), AppError> {
    env.account.verify_email(token, &Secret::new(password), &client()).await
}

store_test!(sign_up_mails_a_verification_link_to_the_normalized_address, |env| {
    let sent_to = sign_up(&env, " Alice@Example.com ", "tulip-river-42", "tulip-river-42").await.unwrap();
    assert_eq!(sent_to, "alice@example.com");
    let mails = env.mails();
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].0, "alice@example.com");
    assert_eq!(mails[0].1, "[Gatehouse] Please verify your email address");
    let token = env.token_from_last_mail("alice@example.com", "/verify/");
    assert!(token.len() >= 22, "token carries at least 128 bits");
});

store_test!(an_unverified_root_user_cannot_sign_in, |env| {
    sign_up(&env, "bob@example.com", "tulip-river-42", "tulip-river-42").await.unwrap();
    let err = env.account.sign_in_root("bob@example.com", &Secret::new("tulip-river-42"), &client()).await.unwrap_err();
    assert_eq!(err, AppError::EmailNotVerified);
});

store_test!(the_verification_link_verifies_once, |env| {
    sign_up(&env, "carol@example.com", "tulip-river-42", "tulip-river-42").await.unwrap();
    let token = env.token_from_last_mail("carol@example.com", "/verify/");
    verify(&env, &token, "tulip-river-42").await.unwrap();
    assert_eq!(verify(&env, &token, "tulip-river-42").await, Err(AppError::VerificationTokenInvalid));
    let signed_in = env
        .account
        .sign_in_root("carol@example.com", &Secret::new("tulip-river-42"), &client())
        .await
        .unwrap()
        .signed_in()
        .unwrap();
    assert!(signed_in.operator_id.starts_with("OP") && signed_in.operator_id.len() == 12);
});

store_test!(two_concurrent_uses_of_one_link_verify_exactly_once, |env| {
    sign_up(&env, "dave@example.com", "tulip-river-42", "tulip-river-42").await.unwrap();
    let token = env.token_from_last_mail("dave@example.com", "/verify/");
    let spawn = |token: String| {
        let account = env.account.clone();
        tokio::spawn(async move { account.verify_email(&token, &Secret::new("tulip-river-42"), &client()).await })
    };
    let (a, b) = (spawn(token.clone()), spawn(token));
    let (a, b) = (a.await.unwrap(), b.await.unwrap());
    assert_eq!([a.is_ok(), b.is_ok()].iter().filter(|ok| **ok).count(), 1, "{a:?} {b:?}");
});

store_test!(an_expired_verification_link_is_refused, |env| {
    sign_up(&env, "erin@example.com", "tulip-river-42", "tulip-river-42").await.unwrap();
    let token = env.token_from_last_mail("erin@example.com", "/verify/");
    env.clock.advance(env.account.config().verify_token_secs);
    assert_eq!(verify(&env, &token, "tulip-river-42").await, Err(AppError::VerificationTokenInvalid));
});

store_test!(a_link_one_second_before_expiry_still_works, |env| {
    sign_up(&env, "erin@example.com", "tulip-river-42", "tulip-river-42").await.unwrap();
    let token = env.token_from_last_mail("erin@example.com", "/verify/");
    env.clock.advance(env.account.config().verify_token_secs - 1);
    verify(&env, &token, "tulip-river-42").await.unwrap();
});

store_test!(sending_the_link_again_supersedes_the_older_one, |env| {
    sign_up(&env, "fay@example.com", "tulip-river-42", "tulip-river-42").await.unwrap();
    let old = env.token_from_last_mail("fay@example.com", "/verify/");
    env.account.resend_verification("fay@example.com").await.unwrap();
    let new = env.token_from_last_mail("fay@example.com", "/verify/");
    assert_ne!(old, new);
    assert_eq!(verify(&env, &old, "tulip-river-42").await, Err(AppError::VerificationTokenInvalid));
    verify(&env, &new, "tulip-river-42").await.unwrap();
});

store_test!(resending_to_an_unknown_address_answers_the_same_and_sends_nothing, |env| {
    env.account.resend_verification("nobody@example.com").await.unwrap();
    assert!(env.mails().is_empty());
});

store_test!(a_link_altered_by_a_mail_client_is_refused, |env| {
    sign_up(&env, "gil@example.com", "tulip-river-42", "tulip-river-42").await.unwrap();
    let token = env.token_from_last_mail("gil@example.com", "/verify/");
    for altered in [format!("{token}%"), format!("{token}."), format!("{token}>"), token[1..].to_string()] {
        assert_eq!(verify(&env, &altered, "tulip-river-42").await, Err(AppError::VerificationTokenInvalid));
    }
    verify(&env, &token, "tulip-river-42").await.unwrap();
});

store_test!(signing_up_with_a_taken_address_answers_the_same_and_tells_the_owner, |env| {
    env.verified_user("hana@example.com", "tulip-river-42").await;
    let before = env.mails().len();
    let answer = sign_up(&env, "HANA@example.com", "another-pass-77", "another-pass-77").await.unwrap();
    assert_eq!(answer, "hana@example.com");
    let mails = env.mails();
    assert_eq!(mails.len(), before + 1);
    assert_eq!(mails.last().unwrap().1, "[Gatehouse] Someone tried to sign up with your address");
    // The original password still works; nothing was overwritten.
    env.account.sign_in_root("hana@example.com", &Secret::new("tulip-river-42"), &client()).await.unwrap();
});

store_test!(the_owner_is_told_of_sign_up_attempts_at_most_once_a_day, |env| {
    let user_id = env.verified_user("iku@example.com", "tulip-river-42").await;
    let notices = |env: &TestEnv| env.mails().iter().filter(|m| m.0 == "iku@example.com").count();
    let before = notices(&env);
    sign_up(&env, "iku@example.com", "another-pass-77", "another-pass-77").await.unwrap();
    env.clock.advance(16 * 60);
    sign_up(&env, "iku@example.com", "another-pass-78", "another-pass-78").await.unwrap();
    env.clock.advance(23 * 3600);
    sign_up(&env, "iku@example.com", "another-pass-79", "another-pass-79").await.unwrap();
    assert_eq!(notices(&env), before + 1, "one notice within a day");
    // Each notice shows in the owner's activity.
    let kinds = env.account.event_kinds(user_id).await.unwrap();
    assert_eq!(kinds.iter().filter(|k| *k == "sign_up_attempted").count(), 1);
    env.clock.advance(3600);
    sign_up(&env, "iku@example.com", "another-pass-80", "another-pass-80").await.unwrap();
    assert_eq!(notices(&env), before + 2, "a day after the last notice, the next attempt is told");
});

store_test!(sign_up_rejects_passwords_against_the_policy_with_their_rule, |env| {
    let cases = [
        ("short", AppError::PasswordTooShort { min: 8 }),
        ("password1", AppError::PasswordCommon),
        ("ivan@example.com", AppError::PasswordIsEmail),
    ];
    for (pw, expected) in cases {
        assert_eq!(sign_up(&env, "ivan@example.com", pw, pw).await, Err(expected.clone()));
        assert_eq!(expected.code(), "AUM0010");
    }
    let long = "x".repeat(10_000);
    assert_eq!(sign_up(&env, "ivan@example.com", &long, &long).await, Err(AppError::PasswordTooLong { max: 128 }));
    assert!(env.mails().is_empty(), "a rejected sign-up sends nothing");
});

store_test!(sign_up_rejects_bad_input_with_clear_errors, |env| {
    assert_eq!(sign_up(&env, "", "tulip-river-42", "tulip-river-42").await, Err(AppError::Required(Field::Email)));
    assert_eq!(sign_up(&env, "not-an-address", "tulip-river-42", "tulip-river-42").await, Err(AppError::InvalidEmail));
    assert_eq!(sign_up(&env, "j@example.com", "", "").await, Err(AppError::Required(Field::Password)));
    assert_eq!(sign_up(&env, "j@example.com", "tulip-river-42", "").await, Err(AppError::Required(Field::Confirm)));
    assert_eq!(
        sign_up(&env, "j@example.com", "tulip-river-42", "tulip-river-43").await,
        Err(AppError::PasswordMismatch)
    );
    let huge = format!("{}@example.com", "a".repeat(10_000));
    assert_eq!(sign_up(&env, &huge, "tulip-river-42", "tulip-river-42").await, Err(AppError::TooLong(Field::Email)));
});

store_test!(unicode_passwords_are_accepted_and_counted_by_characters, |env| {
    // Seven characters are 21 bytes: too short all the same.
    let seven = "パスワード長い";
    let r = sign_up(&env, "kei@example.com", seven, seven).await;
    assert_eq!(r, Err(AppError::PasswordTooShort { min: 8 }));
    let pw = "パスワードは長い";
    sign_up(&env, "kei@example.com", pw, pw).await.unwrap();
    let token = env.token_from_last_mail("kei@example.com", "/verify/");
    verify(&env, &token, pw).await.unwrap();
    env.account.sign_in_root("kei@example.com", &Secret::new(pw), &client()).await.unwrap();
});

store_test!(the_verification_mail_is_in_the_chosen_language, |env| {
    let pw = Secret::new("tulip-river-42");
    env.account
        .sign_up(SignUpForm { email: "lin@example.com", password: &pw, confirm: &pw }, Lang::Ja, &client())
        .await
        .unwrap();
    assert_eq!(env.mails()[0].1, "[Gatehouse] メールアドレスの確認のお願い");
});

store_test!(an_operator_created_from_the_shell_can_sign_in_at_once, |env| {
    let pw = Secret::new("tulip-river-42");
    let created = env.account.create_operator_verified("admin@example.com", &pw, Lang::En).await.unwrap();
    let signed_in = env.account.sign_in_root("admin@example.com", &pw, &client()).await.unwrap().signed_in().unwrap();
    assert_eq!(signed_in.operator_id, created.operator_id);
    assert_eq!(
        env.account.create_operator_verified("admin@example.com", &pw, Lang::En).await.unwrap_err(),
        AppError::EmailTaken
    );
});

async fn sign_in(env: &TestEnv, email: &str, password: &str) -> Result<(), AppError> {
    env.account.sign_in_root(email, &Secret::new(password), &client()).await.map(|_| ())
}

store_test!(a_later_sign_up_for_an_unverified_address_replaces_its_password, |env| {
    // Someone signs up first with another person's address...
    sign_up(&env, "victim@example.com", "attacker-pw-1", "attacker-pw-1").await.unwrap();
    // ...then the owner signs up and opens the link they received.
    sign_up(&env, "victim@example.com", "meadow-lantern-99", "meadow-lantern-99").await.unwrap();
    let token = env.token_from_last_mail("victim@example.com", "/verify/");
    verify(&env, &token, "meadow-lantern-99").await.unwrap();
    assert_eq!(sign_in(&env, "victim@example.com", "attacker-pw-1").await, Err(AppError::InvalidCredentials));
    sign_in(&env, "victim@example.com", "meadow-lantern-99").await.unwrap();
});

store_test!(a_later_sign_up_does_not_decide_the_password_of_an_address_it_does_not_own, |env| {
    // Security review 2 R1: someone signs up with another person's address,
    // the owner signs up, and the first one signs up again: the newest
    // link (which reaches the owner) must not verify the stranger's password.
    sign_up(&env, "vera@example.com", "attacker-pw-55", "attacker-pw-55").await.unwrap();
    sign_up(&env, "vera@example.com", "meadow-lantern-99", "meadow-lantern-99").await.unwrap();
    let first = env.token_from_last_mail("vera@example.com", "/verify/");
    sign_up(&env, "vera@example.com", "attacker-pw-55", "attacker-pw-55").await.unwrap();
    let second = env.token_from_last_mail("vera@example.com", "/verify/");
    assert_eq!(verify(&env, &first, "meadow-lantern-99").await, Err(AppError::VerificationTokenInvalid));
    // The owner opens the newest link and types the password they chose.
    assert_eq!(verify(&env, &second, "meadow-lantern-99").await, Err(AppError::VerifyPasswordMismatch));
    assert_eq!(sign_in(&env, "vera@example.com", "attacker-pw-55").await, Err(AppError::EmailNotVerified));
    // Signing up again gives the owner a link that verifies their own.
    sign_up(&env, "vera@example.com", "meadow-lantern-99", "meadow-lantern-99").await.unwrap();
    let third = env.token_from_last_mail("vera@example.com", "/verify/");
    verify(&env, &third, "meadow-lantern-99").await.unwrap();
    assert_eq!(sign_in(&env, "vera@example.com", "attacker-pw-55").await, Err(AppError::InvalidCredentials));
    sign_in(&env, "vera@example.com", "meadow-lantern-99").await.unwrap();
});

store_test!(a_mistyped_password_on_the_verification_page_keeps_the_link, |env| {
    sign_up(&env, "wim@example.com", "meadow-lantern-99", "meadow-lantern-99").await.unwrap();
    let token = env.token_from_last_mail("wim@example.com", "/verify/");
    assert_eq!(verify(&env, &token, "meadow-lantern-98").await, Err(AppError::VerifyPasswordMismatch));
    verify(&env, &token, "meadow-lantern-99").await.unwrap();
});

store_test!(an_unverified_account_expires_with_its_link, |env| {
    sign_up(&env, "late@example.com", "tulip-river-42", "tulip-river-42").await.unwrap();
    env.clock.advance(env.account.config().verify_token_secs);
    // Past the link's lifetime the account is gone: its password opens nothing.
    assert_eq!(sign_in(&env, "late@example.com", "tulip-river-42").await, Err(AppError::InvalidCredentials));
    // The address can be signed up afresh and verified.
    sign_up(&env, "late@example.com", "meadow-lantern-99", "meadow-lantern-99").await.unwrap();
    let token = env.token_from_last_mail("late@example.com", "/verify/");
    verify(&env, &token, "meadow-lantern-99").await.unwrap();
    sign_in(&env, "late@example.com", "meadow-lantern-99").await.unwrap();
    assert_eq!(sign_in(&env, "late@example.com", "tulip-river-42").await, Err(AppError::InvalidCredentials));
});

store_test!(sign_up_is_limited_per_address_before_any_hashing, |env| {
    let max = env.account.config().lock.max_failures as usize;
    for _ in 0..max {
        sign_up(&env, "flood@example.com", "tulip-river-42", "tulip-river-42").await.unwrap();
    }
    // With no hashing turn to be had, a refusal before hashing still answers "locked", not "busy".
    let swamped = env.sibling(app::account::AccountConfig { hash_queue_wait_ms: 0, ..common::test_config() });
    let pw = Secret::new("tulip-river-42");
    let form = SignUpForm { email: "flood@example.com", password: &pw, confirm: &pw };
    assert_eq!(swamped.sign_up(form, Lang::En, &client()).await.map(|_| ()), Err(AppError::Locked));
    assert_eq!(env.mails().len(), max, "no mail beyond the limit");
});

store_test!(sign_up_is_limited_per_client_before_any_hashing, |env| {
    let mut config = common::test_config();
    config.lock.max_failures_per_client = 3;
    let limited = env.sibling(config.clone());
    let pw = Secret::new("tulip-river-42");
    for n in 0..3 {
        let email = format!("new{n}@example.com");
        limited.sign_up(SignUpForm { email: &email, password: &pw, confirm: &pw }, Lang::En, &client()).await.unwrap();
    }
    let swamped = env.sibling(app::account::AccountConfig { hash_queue_wait_ms: 0, ..config });
    let form = SignUpForm { email: "new9@example.com", password: &pw, confirm: &pw };
    assert_eq!(swamped.sign_up(form, Lang::En, &client()).await.map(|_| ()), Err(AppError::Locked));
    // Another client is not affected.
    let other = app::account::ClientInfo { addr: Some("198.51.100.9".into()), user_agent: None };
    let form = SignUpForm { email: "new9@example.com", password: &pw, confirm: &pw };
    limited.sign_up(form, Lang::En, &other).await.unwrap();
});

store_test!(the_sent_pages_sealed_address_opens_for_ten_minutes_only, |env| {
    // Security review 2 Info 6: a note in a URL ("we sent a mail to …") is
    // read by the page right after the redirect, never an hour later by
    // whoever finds the link.
    let note = env.account.seal_page_note("ada@example.com");
    assert_eq!(env.account.open_page_note(&note).as_deref(), Some("ada@example.com"));
    env.clock.advance(app::account::page_note::NOTE_SECS);
    assert_eq!(env.account.open_page_note(&note).as_deref(), Some("ada@example.com"));
    env.clock.advance(1);
    assert_eq!(env.account.open_page_note(&note), None);
});
