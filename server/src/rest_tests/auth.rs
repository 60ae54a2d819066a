//! Signing in to the API, tokens and what ends them, the lock, MFA, the
//! password reset by mailed token, and the language of messages.

use super::*;
use app::account::Proof;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

fn payload(token: &str) -> Value {
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(token.split('.').nth(1).unwrap()).unwrap()).unwrap()
}

fn with_token(s: &Session, token: String) -> Session {
    Session { token, ..s.clone() }
}

api_test!(the_root_user_signs_in_and_its_token_reads_the_operator, |site| {
    let root = site.root().await;
    assert!(root.api_key.starts_with("api-"));
    assert_eq!(payload(&root.token)["operator"]["operatorId"], root.operator_id.as_str(), "where the CLI reads it");
    let a = site.call(Method::GET, &format!("/operators/{}", root.operator_id), None, Some(&root)).await;
    assert_eq!(a.status, StatusCode::OK);
    for field in ["operatorId", "rootOperatorId", "email", "description", "createDate", "updateDate"] {
        assert!(a.body[field].is_string(), "{field} is a string: {}", a.body);
    }
    assert_eq!(a.body["email"], ROOT);
});

api_test!(a_call_without_a_valid_token_is_refused_with_a_code, |site| {
    let root = site.root().await;
    let path = format!("/operators/{}", root.operator_id);
    let none = site.call(Method::GET, &path, None, None).await;
    assert_eq!((none.status, none.code()), (StatusCode::UNAUTHORIZED, "AUM0001"));

    let mut forged = payload(&root.token);
    forged["operator"]["operatorId"] = "OP0000000001".into();
    let parts: Vec<&str> = root.token.split('.').collect();
    let altered = format!("{}.{}.{}", parts[0], URL_SAFE_NO_PAD.encode(forged.to_string()), parts[2]);
    let unsigned = format!("{}.{}.", URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#), parts[1]);
    let resigned = format!("{}.{}.{}", parts[0], parts[1], URL_SAFE_NO_PAD.encode([0u8; 32]));
    for token in [altered, unsigned, resigned, "junk".to_string()] {
        let a = site.call(Method::GET, &path, None, Some(&with_token(&root, token.clone()))).await;
        assert_eq!((a.status, a.code()), (StatusCode::UNAUTHORIZED, "AUM0038"), "{token}");
    }
    let other = site.auth(json!({"email": ROOT, "password": PW})).await.unwrap();
    let mixed = Session { api_key: other.api_key, ..root.clone() };
    let a = site.call(Method::GET, &path, None, Some(&mixed)).await;
    assert_eq!((a.status, a.code()), (StatusCode::UNAUTHORIZED, "AUM0038"), "another token's API key");

    let short = site.auth(json!({"email": ROOT, "password": PW, "tokenTimeoutSeconds": 180})).await.unwrap();
    site.clock.advance(180);
    let a = site.call(Method::GET, &path, None, Some(&short)).await;
    assert_eq!((a.status, a.code()), (StatusCode::UNAUTHORIZED, "AUM0038"), "expired");
});

api_test!(unknown_and_wrong_get_one_answer_and_the_name_locks, |site| {
    site.root().await;
    let unknown = site.auth(json!({"email": "nobody@example.com", "password": "whatever-pass-1"})).await.unwrap_err();
    assert_eq!((unknown.status, unknown.code()), (StatusCode::UNAUTHORIZED, "AUM0002"));
    let mut last = None;
    for _ in 0..5 {
        last = Some(site.auth(json!({"email": ROOT, "password": "wrong-password-1"})).await.unwrap_err());
    }
    assert_eq!(last.unwrap().body, unknown.body, "the same answer");
    let locked = site.auth(json!({"email": ROOT, "password": PW})).await.unwrap_err();
    assert_eq!((locked.status, locked.code()), (StatusCode::TOO_MANY_REQUESTS, "AUM0131"));
    assert!(locked.headers.contains_key(header::RETRY_AFTER));
});

api_test!(a_user_with_mfa_must_send_a_right_unused_code, |site| {
    let root = site.root().await;
    let p = site.account.api_principal(Some(&root.api_key), Some(&root.token), &Default::default()).await.unwrap();
    let client = app::account::ClientInfo::default();
    site.account.begin_mfa_setup(&p, Proof::default(), &client).await.unwrap();
    let setup = site.account.mfa_status(&p).await.unwrap().setup.unwrap();
    let seed = app::account::credential::totp::secret_from_base32(&setup.secret_base32).unwrap();
    let code = app::account::credential::totp::code_at(&seed, site.clock.now_secs());
    site.account.confirm_mfa_setup(&p, &code, &client).await.unwrap();

    let missing = site.auth(json!({"email": ROOT, "password": PW})).await.unwrap_err();
    assert_eq!((missing.status, missing.code()), (StatusCode::UNAUTHORIZED, "AUM0039"));
    let wrong = site.auth(json!({"email": ROOT, "password": PW, "mfaOTPCode": "000000"})).await.unwrap_err();
    assert_eq!((wrong.status, wrong.code()), (StatusCode::UNAUTHORIZED, "AUM0023"));
    site.clock.advance(30);
    let code = app::account::credential::totp::code_at(&seed, site.clock.now_secs());
    site.auth(json!({"email": ROOT, "password": PW, "mfaOTPCode": code})).await.unwrap();
    let replay = site.auth(json!({"email": ROOT, "password": PW, "mfaOTPCode": code})).await.unwrap_err();
    assert_eq!(replay.code(), "AUM0023", "a code works once");
});

api_test!(logout_ends_the_token_even_with_an_empty_json_body, |site| {
    let root = site.root().await;
    let req = Request::post("/v1/auth/logout")
        .header("X-Soracom-API-Key", &root.api_key)
        .header("X-Soracom-Token", &root.token)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::CONTENT_LENGTH, "0")
        .body(Body::empty())
        .unwrap();
    assert_eq!(site.send(req).await.status, StatusCode::NO_CONTENT);
    let a = site.call(Method::GET, &format!("/operators/{}", root.operator_id), None, Some(&root)).await;
    assert_eq!((a.status, a.code()), (StatusCode::UNAUTHORIZED, "AUM0038"));
});

api_test!(a_new_token_stands_beside_the_old_and_revocation_ends_both, |site| {
    let root = site.root().await;
    let path = format!("/operators/{}", root.operator_id);
    let renewed = site.call(Method::POST, &format!("{path}/token"), None, Some(&root)).await;
    assert_eq!(renewed.status, StatusCode::OK);
    let second = with_token(&root, renewed.body["token"].as_str().unwrap().to_string());
    assert_eq!(site.call(Method::GET, &path, None, Some(&second)).await.status, StatusCode::OK);
    let revoked = site.call(Method::DELETE, &format!("{path}/tokens"), None, Some(&second)).await;
    assert_eq!(revoked.status, StatusCode::NO_CONTENT);
    for s in [&root, &second] {
        assert_eq!(site.call(Method::GET, &path, None, Some(s)).await.code(), "AUM0038");
    }
});

api_test!(an_auth_key_signs_in_until_it_is_deleted, |site| {
    let root = site.root().await;
    let keys = format!("/operators/{}/auth_keys", root.operator_id);
    let made = site.call(Method::POST, &keys, None, Some(&root)).await;
    assert_eq!(made.status, StatusCode::CREATED);
    let (id, secret) = (made.body["authKeyId"].as_str().unwrap(), made.body["authKey"].as_str().unwrap());
    let by_key = site.auth(json!({"authKeyId": id, "authKey": secret})).await.unwrap();
    let listed = site.call(Method::GET, &keys, None, Some(&root)).await;
    assert!(listed.body[0]["lastUsedDateTime"].is_i64(), "{}", listed.body);
    assert!(listed.body[0].get("authKey").is_none(), "never the secret again");
    let op = format!("/operators/{}", root.operator_id);
    assert_eq!(site.call(Method::GET, &op, None, Some(&by_key)).await.status, StatusCode::OK);
    let gone = site.call(Method::DELETE, &format!("{keys}/{id}"), None, Some(&root)).await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT);
    assert_eq!(site.call(Method::GET, &op, None, Some(&by_key)).await.code(), "AUM0038");
    let again = site.auth(json!({"authKeyId": id, "authKey": secret})).await.unwrap_err();
    assert_eq!(again.code(), "AUM0002");
});

api_test!(a_reset_token_from_the_mail_sets_the_password_once, |site| {
    site.root().await;
    let issued = site.call(Method::POST, "/auth/password_reset_token/issue", Some(json!({"email": ROOT})), None).await;
    assert_eq!(issued.status, StatusCode::OK);
    let unknown = json!({"email": "nobody@example.com"});
    assert_eq!(
        site.call(Method::POST, "/auth/password_reset_token/issue", Some(unknown), None).await.status,
        StatusCode::OK
    );
    let token = site.mailed("/password/reset/", None);
    let body = json!({"token": token, "password": "meadow-copper-88"});
    let done = site.call(Method::POST, "/auth/password_reset_token/verify", Some(body.clone()), None).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    let again = site.call(Method::POST, "/auth/password_reset_token/verify", Some(body), None).await;
    assert_eq!((again.status, again.code()), (StatusCode::BAD_REQUEST, "AUM0006"));
    assert_eq!(site.auth(json!({"email": ROOT, "password": PW})).await.unwrap_err().code(), "AUM0002");
    site.auth(json!({"email": ROOT, "password": "meadow-copper-88"})).await.unwrap();
});

api_test!(messages_come_in_the_asked_language, |site| {
    let req = |lang: (&str, &str)| {
        Request::post("/v1/auth")
            .header(header::CONTENT_TYPE, "application/json")
            .header(lang.0, lang.1)
            .body(Body::from(r#"{"email":"nobody@example.com","password":"whatever-pass-1"}"#))
            .unwrap()
    };
    let ja = site.send(req(("X-Soracom-Lang", "ja"))).await;
    assert!(ja.body["message"].as_str().unwrap().contains("パスワード"), "{}", ja.body);
    let also_ja = site.send(req(("Accept-Language", "ja,en;q=0.5"))).await;
    assert_eq!(also_ja.body, ja.body);
    let en = site.send(req(("X-Soracom-Lang", "en"))).await;
    assert!(en.body["message"].as_str().unwrap().starts_with("Invalid"), "{}", en.body);
});

api_test!(a_token_lifetime_outside_the_range_is_refused, |site| {
    site.root().await;
    for secs in [179, 172_801] {
        let a = site.auth(json!({"email": ROOT, "password": PW, "tokenTimeoutSeconds": secs})).await.unwrap_err();
        assert_eq!((a.status, a.code()), (StatusCode::BAD_REQUEST, "AUM0040"));
    }
});

api_test!(the_root_user_changes_its_password_and_its_other_tokens_end, |site| {
    let root = site.root().await;
    let other = site.auth(json!({"email": ROOT, "password": PW})).await.unwrap();
    let path = format!("/operators/{}/password", root.operator_id);
    let wrong = json!({"currentPassword": "not-it-at-all-1", "newPassword": "meadow-copper-88"});
    let refused = site.call(Method::POST, &path, Some(wrong), Some(&root)).await;
    assert_eq!((refused.status, refused.code()), (StatusCode::UNAUTHORIZED, "AUM0019"));
    let weak = json!({"currentPassword": PW, "newPassword": "short"});
    assert_eq!(site.call(Method::POST, &path, Some(weak), Some(&root)).await.code(), "AUM0010");
    let body = json!({"currentPassword": PW, "newPassword": "meadow-copper-88"});
    let changed = site.call(Method::POST, &path, Some(body), Some(&root)).await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);
    let op = format!("/operators/{}", root.operator_id);
    assert_eq!(
        site.call(Method::GET, &op, None, Some(&root)).await.status,
        StatusCode::OK,
        "the changing token stands"
    );
    assert_eq!(site.call(Method::GET, &op, None, Some(&other)).await.code(), "AUM0038", "the others end");
    assert_eq!(site.auth(json!({"email": ROOT, "password": PW})).await.unwrap_err().code(), "AUM0002");
    site.auth(json!({"email": ROOT, "password": "meadow-copper-88"})).await.unwrap();
});
