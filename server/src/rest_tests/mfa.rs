//! MFA through the API: the root user's and a SAM user's own, another
//! user's read or revoked by who may, and the fresh password it needs.

use super::*;

/// The current code of the authenticator given `uri`, one step later
/// (a code is accepted once per step).
fn next_code(site: &ApiSite, uri: &str) -> String {
    let secret = uri.split("secret=").nth(1).unwrap().split('&').next().unwrap();
    let seed = app::account::credential::totp::secret_from_base32(secret).unwrap();
    site.clock.advance(30);
    app::account::credential::totp::code_at(&seed, site.clock.now_secs())
}

api_test!(the_root_user_turns_mfa_on_and_off_through_the_api, |site| {
    let root = site.root().await;
    let mfa = format!("/operators/{}/mfa", root.operator_id);
    assert_eq!(site.call(Method::GET, &mfa, None, Some(&root)).await.body, json!({"status": "INACTIVE"}));
    let on = site.call(Method::POST, &mfa, None, Some(&root)).await;
    let uri = on.body["totpUri"].as_str().unwrap_or_else(|| panic!("{}", on.body)).to_string();
    assert!(uri.starts_with("otpauth://totp/"));
    assert_eq!(site.call(Method::GET, &mfa, None, Some(&root)).await.body, json!({"status": "UNCONFIRMED"}));
    let wrong =
        site.call(Method::POST, &format!("{mfa}/verify"), Some(json!({"mfaOTPCode": "000000"})), Some(&root)).await;
    assert_eq!((wrong.status, wrong.code()), (StatusCode::UNAUTHORIZED, "AUM0023"));
    let code = next_code(&site, &uri);
    let verified =
        site.call(Method::POST, &format!("{mfa}/verify"), Some(json!({"mfaOTPCode": code})), Some(&root)).await;
    assert_eq!(verified.body["backupCodes"].as_array().map(Vec::len), Some(10), "{}", verified.body);
    assert_eq!(site.call(Method::GET, &mfa, None, Some(&root)).await.body, json!({"status": "ACTIVE"}));
    assert_eq!(site.auth(json!({"email": ROOT, "password": PW})).await.unwrap_err().code(), "AUM0039");

    let bad = site.call(Method::DELETE, &mfa, Some(json!({"password": "not-it-at-all-1"})), Some(&root)).await;
    assert_eq!((bad.status, bad.code()), (StatusCode::UNAUTHORIZED, "AUM0019"));
    let off = site.call(Method::DELETE, &mfa, Some(json!({"password": PW})), Some(&root)).await;
    assert_eq!(off.status, StatusCode::NO_CONTENT, "{}", off.body);
    assert_eq!(site.call(Method::GET, &mfa, None, Some(&root)).await.body, json!({"status": "INACTIVE"}));
});

api_test!(turning_mfa_on_needs_a_token_opened_with_the_password_minutes_ago, |site| {
    let root = site.root().await;
    let mfa = format!("/operators/{}/mfa", root.operator_id);
    let made = site.call(Method::POST, &format!("/operators/{}/auth_keys", root.operator_id), None, Some(&root)).await;
    let by_key =
        site.auth(json!({"authKeyId": made.body["authKeyId"], "authKey": made.body["authKey"]})).await.unwrap();
    let refused = site.call(Method::POST, &mfa, None, Some(&by_key)).await;
    assert_eq!((refused.status, refused.code()), (StatusCode::FORBIDDEN, "AUM0054"), "an auth key is not the password");
    site.clock.advance(11 * 60);
    assert_eq!(site.call(Method::POST, &mfa, None, Some(&root)).await.code(), "AUM0022");
    let fresh = site.auth(json!({"email": ROOT, "password": PW})).await.unwrap();
    assert_eq!(site.call(Method::POST, &mfa, None, Some(&fresh)).await.status, StatusCode::OK);
});

api_test!(a_sam_user_sets_up_its_own_mfa_and_the_root_user_can_revoke_it, |site| {
    let root = site.root().await;
    let alice = site.sam(&root, "alice", None).await;
    let mfa = format!("/operators/{}/users/alice/mfa", root.operator_id);
    let by_root = site.call(Method::POST, &mfa, None, Some(&root)).await;
    assert_eq!((by_root.status, by_root.code()), (StatusCode::FORBIDDEN, "AUM0048"));
    let on = site.call(Method::POST, &mfa, None, Some(&alice)).await;
    let uri = on.body["totpUri"].as_str().unwrap_or_else(|| panic!("{}", on.body)).to_string();
    let code = next_code(&site, &uri);
    let verified =
        site.call(Method::POST, &format!("{mfa}/verify"), Some(json!({"mfaOTPCode": code})), Some(&alice)).await;
    assert_eq!(verified.status, StatusCode::OK, "{}", verified.body);
    assert_eq!(site.call(Method::GET, &mfa, None, Some(&root)).await.body, json!({"status": "ACTIVE"}));
    assert_eq!(site.call(Method::DELETE, &mfa, None, Some(&root)).await.status, StatusCode::NO_CONTENT);
    assert_eq!(site.call(Method::GET, &mfa, None, Some(&root)).await.body, json!({"status": "INACTIVE"}));
    assert_eq!(site.call(Method::GET, &mfa, None, Some(&alice)).await.code(), "AUM0038", "its tokens ended");
});

api_test!(a_lost_authenticator_is_replaced_by_a_mailed_token_and_a_recovery_code, |site| {
    let root = site.root().await;
    let mfa = format!("/operators/{}/mfa", root.operator_id);
    let uri = site.call(Method::POST, &mfa, None, Some(&root)).await.body["totpUri"].as_str().unwrap().to_string();
    let code = next_code(&site, &uri);
    let verified =
        site.call(Method::POST, &format!("{mfa}/verify"), Some(json!({"mfaOTPCode": code})), Some(&root)).await;
    let backup = verified.body["backupCodes"][0].as_str().unwrap().to_string();

    let wrong = json!({"email": ROOT, "password": "not-it-at-all-1"});
    let refused = site.call(Method::POST, "/operators/mfa_revoke_token/issue", Some(wrong), None).await;
    assert_eq!((refused.status, refused.code()), (StatusCode::UNAUTHORIZED, "AUM0002"));
    let ask = json!({"email": ROOT, "password": PW});
    let issued = site.call(Method::POST, "/operators/mfa_revoke_token/issue", Some(ask), None).await;
    assert_eq!(issued.status, StatusCode::OK, "{}", issued.body);
    let token = site.mailed("token: ", None);
    let verify = |token: &str, code: &str| json!({"email": ROOT, "password": PW, "token": token, "backupCode": code});
    let forged = site
        .call(Method::POST, "/operators/mfa_revoke_token/verify", Some(verify("A".repeat(32).as_str(), &backup)), None)
        .await;
    assert_eq!((forged.status, forged.code()), (StatusCode::BAD_REQUEST, "AUM0051"));
    let bad_code =
        site.call(Method::POST, "/operators/mfa_revoke_token/verify", Some(verify(&token, "zzzz-zzzz")), None).await;
    assert_eq!((bad_code.status, bad_code.code()), (StatusCode::UNAUTHORIZED, "AUM0023"));
    let done = site.call(Method::POST, "/operators/mfa_revoke_token/verify", Some(verify(&token, &backup)), None).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert_eq!(site.call(Method::GET, &mfa, None, Some(&root)).await.code(), "AUM0038", "its tokens ended");
    let fresh = site.auth(json!({"email": ROOT, "password": PW})).await.unwrap();
    assert_eq!(site.call(Method::GET, &mfa, None, Some(&fresh)).await.body, json!({"status": "INACTIVE"}));
    let again =
        site.call(Method::POST, "/operators/mfa_revoke_token/verify", Some(verify(&token, &backup)), None).await;
    assert_eq!(again.code(), "AUM0025", "MFA is already off");
});
