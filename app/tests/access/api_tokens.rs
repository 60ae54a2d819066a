//! API sign-in and API tokens through the account service (part of the
//! `access` suite): what a token is good for, and everything that ends it.

use super::*;
use app::account::ClientInfo;
use app::account::api_tokens::{ApiCredentials, ApiSignIn, ApiToken};
use app::account::auth_keys::KeyOwner;
use common::mfa_user;

const ROOT: &str = "root@example.com";

fn by_email<'a>(email: &'a str, password: &'a Secret) -> ApiSignIn<'a> {
    ApiSignIn { credentials: ApiCredentials::Email { email, password }, mfa_code: None, timeout_secs: None }
}

async fn api_root(env: &TestEnv) -> ApiToken {
    env.account.api_sign_in(by_email(ROOT, &Secret::new(PW)), &client()).await.unwrap()
}

/// `POST /v1/auth` as SAM user `name` of `operator_id`.
async fn api_sam(env: &TestEnv, operator_id: &str, name: &str, password: &str) -> Result<ApiToken, AppError> {
    let pw = Secret::new(password);
    let creds = ApiCredentials::SamUser { operator_id, user_name: name, password: &pw };
    env.account.api_sign_in(ApiSignIn { credentials: creds, mfa_code: None, timeout_secs: None }, &client()).await
}

async fn principal_of(env: &TestEnv, t: &ApiToken) -> Result<Principal, AppError> {
    env.account.api_principal(Some(t.api_key.expose()), Some(t.token.expose()), &client()).await
}

async fn caller_of(env: &TestEnv, t: &ApiToken) -> Caller {
    Caller { principal: principal_of(env, t).await.unwrap(), client: client() }
}

store_test!(the_root_user_signs_in_with_email_and_password_and_the_api_key_must_match, |env| {
    let root = root(&env).await;
    let consoles = env.account.session_count(root.principal.user_id).await.unwrap();
    let t = api_root(&env).await;
    assert_eq!(t.operator_id, op(&root));
    assert_eq!(t.user_name, None);
    let p = principal_of(&env, &t).await.unwrap();
    assert!(p.is_root());
    let other = api_root(&env).await;
    assert_eq!(
        env.account.api_principal(Some(other.api_key.expose()), Some(t.token.expose()), &client()).await,
        Err(AppError::TokenInvalid),
        "another token's API key"
    );
    assert_eq!(env.account.api_principal(None, Some(t.token.expose()), &client()).await, Err(AppError::TokenMissing));
    assert_eq!(env.account.api_principal(Some(t.api_key.expose()), None, &client()).await, Err(AppError::TokenMissing));
    assert_eq!(env.account.session_count(p.user_id).await.unwrap(), consoles, "a token is not a console session");
});

store_test!(a_sam_user_signs_in_with_operator_id_user_name_and_password, |env| {
    let root = root(&env).await;
    sam_user(&env, &root, "alice", None).await;
    let pw = Secret::new(SAM_PW);
    let operator_id = op(&root).to_lowercase();
    let creds = ApiCredentials::SamUser { operator_id: &operator_id, user_name: "alice", password: &pw };
    let req = ApiSignIn { credentials: creds, mfa_code: None, timeout_secs: Some(600) };
    let t = env.account.api_sign_in(req, &client()).await.unwrap();
    assert_eq!((t.operator_id.as_str(), t.user_name.as_deref()), (op(&root).as_str(), Some("alice")));
    assert_eq!(principal_of(&env, &t).await.unwrap().sam_name(), Some("alice"));
    env.clock.advance(600);
    assert_eq!(principal_of(&env, &t).await.map(|_| ()), Err(AppError::TokenInvalid), "expired");
});

store_test!(unknown_and_wrong_credentials_get_one_answer, |env| {
    let root = root(&env).await;
    sam_user(&env, &root, "alice", None).await;
    let wrong = Secret::new("not-the-password-1");
    let operator_id = op(&root);
    let key =
        env.account.generate_auth_key(&root, KeyOwner::User("alice"), Proof::default()).await.map(|k| k.value).unwrap();
    for creds in [
        ApiCredentials::Email { email: ROOT, password: &wrong },
        ApiCredentials::Email { email: "nobody@example.com", password: &wrong },
        ApiCredentials::SamUser { operator_id: &operator_id, user_name: "alice", password: &wrong },
        ApiCredentials::SamUser { operator_id: &operator_id, user_name: "nobody", password: &wrong },
        ApiCredentials::SamUser { operator_id: "OP0000000000", user_name: "alice", password: &wrong },
        ApiCredentials::AuthKey { id: &key.id, secret: &wrong },
        ApiCredentials::AuthKey { id: "keyId-nosuchkey", secret: &key.secret },
    ] {
        let req = ApiSignIn { credentials: creds, mfa_code: None, timeout_secs: None };
        assert_eq!(env.account.api_sign_in(req, &client()).await.map(|_| ()), Err(AppError::InvalidCredentials));
    }
});

store_test!(the_api_shares_the_console_login_lock, |env| {
    root(&env).await;
    let wrong = Secret::new("not-the-password-1");
    for _ in 0..5 {
        let refused = env.account.api_sign_in(by_email(ROOT, &wrong), &client()).await;
        assert_eq!(refused.map(|_| ()), Err(AppError::InvalidCredentials));
    }
    let right = Secret::new(PW);
    assert_eq!(env.account.api_sign_in(by_email(ROOT, &right), &client()).await.map(|_| ()), Err(AppError::Locked));
    let console = env.account.sign_in_root(ROOT, &right, &client()).await;
    assert_eq!(console.map(|_| ()), Err(AppError::Locked), "the console is locked too");
});

store_test!(a_user_with_mfa_needs_a_right_unused_code, |env| {
    let (secret, codes) = mfa_user(&env, ROOT).await;
    let pw = Secret::new(PW);
    let with = |code: Option<&'static str>| ApiSignIn { mfa_code: code, ..by_email(ROOT, &pw) };
    assert_eq!(env.account.api_sign_in(with(None), &client()).await.map(|_| ()), Err(AppError::MfaCodeRequired));
    assert_eq!(
        env.account.api_sign_in(with(Some("000000")), &client()).await.map(|_| ()),
        Err(AppError::MfaCodeInvalid)
    );
    env.clock.advance(30);
    let code: &'static str = app::account::credential::totp::code_at(&secret, env.clock.now_secs()).leak();
    env.account.api_sign_in(with(Some(code)), &client()).await.unwrap();
    assert_eq!(
        env.account.api_sign_in(with(Some(code)), &client()).await.map(|_| ()),
        Err(AppError::MfaCodeInvalid),
        "a code is accepted once"
    );
    let recovery: &'static str = codes[0].clone().leak();
    env.account.api_sign_in(with(Some(recovery)), &client()).await.unwrap();
});

store_test!(an_auth_key_signs_in_until_it_is_deleted, |env| {
    let root = root(&env).await;
    sam_user(&env, &root, "robot", None).await;
    let key =
        env.account.generate_auth_key(&root, KeyOwner::User("robot"), Proof::default()).await.map(|k| k.value).unwrap();
    let req = ApiSignIn {
        credentials: ApiCredentials::AuthKey { id: &key.id, secret: &key.secret },
        mfa_code: None,
        timeout_secs: None,
    };
    let t = env.account.api_sign_in(req, &client()).await.unwrap();
    assert_eq!(t.user_name.as_deref(), Some("robot"));
    let listed = env.account.list_auth_keys(&root, KeyOwner::User("robot")).await.unwrap();
    assert_eq!(listed[0].last_used_at, Some(env.clock.now_secs()), "the key's last use is shown");
    principal_of(&env, &t).await.unwrap();
    env.account.delete_auth_key(&root, KeyOwner::User("robot"), &key.id).await.unwrap();
    assert_eq!(principal_of(&env, &t).await.map(|_| ()), Err(AppError::TokenInvalid));
    assert_eq!(env.account.api_sign_in(req, &client()).await.map(|_| ()), Err(AppError::InvalidCredentials));
});

store_test!(sign_out_and_revocations_end_tokens, |env| {
    let root = root(&env).await;
    sam_user(&env, &root, "alice", None).await;
    let t = api_root(&env).await;
    env.account.api_sign_out(&caller_of(&env, &t).await).await.unwrap();
    assert_eq!(principal_of(&env, &t).await.map(|_| ()), Err(AppError::TokenInvalid), "after sign-out");

    let (a, b) = (api_root(&env).await, api_root(&env).await);
    env.account.revoke_operator_tokens(&caller_of(&env, &a).await).await.unwrap();
    for t in [&a, &b] {
        assert_eq!(principal_of(&env, t).await.map(|_| ()), Err(AppError::TokenInvalid), "operator revocation");
    }
    assert!(env.account.principal(&session(&env, ROOT).await.1).await.unwrap().is_some(), "console unaffected");

    let alice = api_sam(&env, &op(&root), "alice", SAM_PW).await.unwrap();
    env.account.revoke_user_tokens(&root, "alice").await.unwrap();
    assert_eq!(principal_of(&env, &alice).await.map(|_| ()), Err(AppError::TokenInvalid), "user revocation");
});

store_test!(an_api_tokens_session_never_opens_the_console, |env| {
    root(&env).await;
    let t = api_root(&env).await;
    // The token's id (`jti`) is its session's key, as a cookie's value is.
    use base64::Engine;
    let payload = t.token.expose().split('.').nth(1).unwrap();
    let claims: serde_json::Value =
        serde_json::from_slice(&base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap();
    let jti = claims["jti"].as_str().unwrap();
    assert_eq!(env.account.principal(jti).await.unwrap(), None, "an API session is not a console session");
    assert!(principal_of(&env, &t).await.is_ok(), "and the look-up left the token working");
});

store_test!(a_password_change_or_the_users_deletion_ends_its_tokens, |env| {
    let root = root(&env).await;
    sam_user(&env, &root, "alice", None).await;
    let pw = Secret::new(SAM_PW);
    let t = api_sam(&env, &op(&root), "alice", SAM_PW).await.unwrap();
    let new_pw = Secret::new("meadow-copper-88");
    env.account.set_user_password(&root, "alice", None, &new_pw, &new_pw).await.unwrap();
    assert_eq!(principal_of(&env, &t).await.map(|_| ()), Err(AppError::TokenInvalid), "password replaced");
    env.account.set_user_password(&root, "alice", None, &pw, &pw).await.unwrap();
    let t = api_sam(&env, &op(&root), "alice", SAM_PW).await.unwrap();
    env.account.delete_sam_user(&root, "alice").await.unwrap();
    assert_eq!(principal_of(&env, &t).await.map(|_| ()), Err(AppError::TokenInvalid), "user deleted");
});

store_test!(a_token_asks_for_a_lifetime_within_the_range_and_can_be_renewed, |env| {
    root(&env).await;
    let pw = Secret::new(PW);
    for secs in [179, 172_801] {
        let req = ApiSignIn { timeout_secs: Some(secs), ..by_email(ROOT, &pw) };
        assert_eq!(
            env.account.api_sign_in(req, &client()).await.map(|_| ()),
            Err(AppError::TokenTimeoutInvalid { min: 180, max: 172_800 })
        );
    }
    let short = ApiSignIn { timeout_secs: Some(180), ..by_email(ROOT, &pw) };
    let t = env.account.api_sign_in(short, &client()).await.unwrap();
    let renewed = env.account.renew_api_token(&caller_of(&env, &t).await, Some(3600)).await.unwrap();
    env.clock.advance(180);
    assert_eq!(principal_of(&env, &t).await.map(|_| ()), Err(AppError::TokenInvalid));
    let renewed = ApiToken { token: renewed, ..t };
    principal_of(&env, &renewed).await.unwrap();
});

store_test!(guessing_an_auth_keys_secret_locks_the_guessing_client_not_the_key, |env| {
    let root = root(&env).await;
    let key = env.account.generate_auth_key(&root, KeyOwner::Root, Proof::default()).await.map(|k| k.value).unwrap();
    let mails_before = env.mails().len();
    let guesser = ClientInfo { addr: Some("198.51.100.7".into()), user_agent: None };
    let wrong = Secret::new("secret-not-the-right-one");
    let sign_in = |secret| ApiSignIn {
        credentials: ApiCredentials::AuthKey { id: &key.id, secret },
        mfa_code: None,
        timeout_secs: None,
    };
    for _ in 0..5 {
        let r = env.account.api_sign_in(sign_in(&wrong), &guesser).await;
        assert_eq!(r.map(|_| ()), Err(AppError::InvalidCredentials));
    }
    let r = env.account.api_sign_in(sign_in(&key.secret), &guesser).await;
    assert_eq!(r.map(|_| ()), Err(AppError::Locked), "the guessing client is slowed down");
    env.account.api_sign_in(sign_in(&key.secret), &client()).await.expect("the owner's program still signs in");
    env.account.settle_background().await;
    let lock_mails = env.mails()[mails_before..].iter().filter(|m| m.1 == "[Gatehouse] Sign-in was locked").count();
    assert_eq!(lock_mails, 0, "a key's lock mails no password-reset link");
});

store_test!(renewing_a_token_never_carries_it_past_two_days_after_the_password_was_given, |env| {
    root(&env).await;
    let mut t = api_root(&env).await;
    // Renewed every 20 hours, each time asking for two more days.
    for _ in 0..2 {
        env.clock.advance(20 * 3600);
        let renewed = env.account.renew_api_token(&caller_of(&env, &t).await, Some(172_800)).await.unwrap();
        t = ApiToken { token: renewed, ..t };
    }
    env.clock.advance(8 * 3600 - 1);
    principal_of(&env, &t).await.expect("within 48 h of the sign-in");
    env.clock.advance(2);
    assert_eq!(principal_of(&env, &t).await.map(|_| ()), Err(AppError::TokenInvalid), "48 h after the sign-in");
});
