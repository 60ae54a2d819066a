//! A user acting on its own credentials: the proof each change needs,
//! the same from the console and from `/v1`, and what a token opened
//! with an auth key or by `switchUser` may never do (security review 2,
//! N1 and N6; code review 2, A1 and A2).

use super::*;

/// The current code of the authenticator given `uri`, one step later.
fn next_code(site: &ApiSite, uri: &str) -> String {
    let secret = uri.split("secret=").nth(1).unwrap().split('&').next().unwrap();
    let seed = app::account::credential::totp::secret_from_base32(secret).unwrap();
    site.clock.advance(30);
    app::account::credential::totp::code_at(&seed, site.clock.now_secs())
}

/// Turns MFA on for the owner of `who` at `mfa` (its `/mfa` path); the otpauth URI.
async fn mfa_on(site: &ApiSite, who: &Session, mfa: &str) -> String {
    let on = site.call(Method::POST, mfa, None, Some(who)).await;
    let uri = on.body["totpUri"].as_str().unwrap_or_else(|| panic!("{}", on.body)).to_string();
    let code = next_code(site, &uri);
    let verified =
        site.call(Method::POST, &format!("{mfa}/verify"), Some(json!({"mfaOTPCode": code})), Some(who)).await;
    assert_eq!(verified.status, StatusCode::OK, "{}", verified.body);
    uri
}

/// A session from an answer that carries `apiKey` and `token`.
fn session_of(a: &Answer, operator_id: &str) -> Session {
    Session {
        api_key: a.body["apiKey"].as_str().unwrap_or_else(|| panic!("{}", a.body)).into(),
        token: a.body["token"].as_str().unwrap().into(),
        operator_id: operator_id.into(),
    }
}

api_test!(a_sam_user_never_sets_its_own_password_without_the_current_one, |site| {
    let root = site.root().await;
    let alice = site.sam(&root, "alice", None).await;
    let cookie = site.console_sam(&root.operator_id, "alice", SAM_PW).await;
    let path = format!("/operators/{}/users/alice/password", root.operator_id);

    let by_api = site.call(Method::POST, &path, Some(json!({"password": "mallory-chose-this-7"})), Some(&alice)).await;
    assert_eq!((by_api.status, by_api.code()), (StatusCode::FORBIDDEN, "AUM0055"), "{}", by_api.body);
    let fields = [("name", "alice"), ("password", "mallory-chose-this-7"), ("confirm", "mallory-chose-this-7")];
    let by_console = site.console(Some(&cookie), "set_user_password", &fields).await;
    assert_eq!((by_console.status, by_console.code()), (StatusCode::FORBIDDEN, "AUM0055"), "{}", by_console.body);

    let sign_in = json!({"operatorId": root.operator_id, "userName": "alice", "password": SAM_PW});
    assert!(site.auth(sign_in).await.is_ok(), "the password is still the one alice chose");
    let change = json!({"currentPassword": SAM_PW, "newPassword": "alice-new-pw-8814"});
    assert_eq!(site.call(Method::PUT, &path, Some(change), Some(&alice)).await.status, StatusCode::OK);
});

api_test!(a_sam_user_turns_its_own_mfa_off_only_with_its_password_and_a_code, |site| {
    let root = site.root().await;
    let alice = site.sam(&root, "alice", None).await;
    let cookie = site.console_sam(&root.operator_id, "alice", SAM_PW).await;
    let mfa = format!("/operators/{}/users/alice/mfa", root.operator_id);
    let uri = mfa_on(&site, &alice, &mfa).await;

    let bare = site.console(Some(&cookie), "revoke_user_mfa", &[("name", "alice")]).await;
    assert_eq!((bare.status, bare.code()), (StatusCode::BAD_REQUEST, "AUM0012"), "{}", bare.body);
    let no_code = site.console(Some(&cookie), "revoke_user_mfa", &[("name", "alice"), ("current", SAM_PW)]).await;
    assert_eq!(no_code.code(), "AUM0012", "{}", no_code.body);
    assert_eq!(site.call(Method::GET, &mfa, None, Some(&root)).await.body, json!({"status": "ACTIVE"}));

    let code = next_code(&site, &uri);
    let fields = [("name", "alice"), ("current", SAM_PW), ("code", code.as_str())];
    let off = site.console(Some(&cookie), "revoke_user_mfa", &fields).await;
    assert!(off.status.is_success(), "{} {}", off.status, off.body);
    assert_eq!(site.call(Method::GET, &mfa, None, Some(&root)).await.body, json!({"status": "INACTIVE"}));
});

api_test!(an_auth_key_token_never_mints_a_root_key_nor_turns_root_mfa_off, |site| {
    let root = site.root().await;
    let keys = format!("/operators/{}/auth_keys", root.operator_id);
    let made = site.call(Method::POST, &keys, None, Some(&root)).await;
    assert_eq!(made.status, StatusCode::CREATED, "a fresh password token makes one: {}", made.body);
    let mfa = format!("/operators/{}/mfa", root.operator_id);
    mfa_on(&site, &root, &mfa).await;
    let by_key =
        site.auth(json!({"authKeyId": made.body["authKeyId"], "authKey": made.body["authKey"]})).await.unwrap();

    let second = site.call(Method::POST, &keys, None, Some(&by_key)).await;
    assert_eq!((second.status, second.code()), (StatusCode::FORBIDDEN, "AUM0054"), "{}", second.body);
    let off = site.call(Method::DELETE, &mfa, Some(json!({"password": PW})), Some(&by_key)).await;
    assert_eq!((off.status, off.code()), (StatusCode::FORBIDDEN, "AUM0054"), "{}", off.body);
    assert_eq!(site.call(Method::GET, &mfa, None, Some(&root)).await.body, json!({"status": "ACTIVE"}));
    let listed = site.call(Method::GET, &keys, None, Some(&root)).await;
    assert_eq!(listed.body.as_array().map(Vec::len), Some(1), "{}", listed.body);
});

api_test!(a_switched_token_never_changes_its_targets_password_or_mfa, |site| {
    let root = site.root().await;
    let ops = site.sam(&root, "ops", Some(r#"{"statements":[{"effect":"allow","api":["Auth:switchUser"]}]}"#)).await;
    site.sam(&root, "dev", None).await;
    let doc = format!(
        r#"{{"statements":[{{"effect":"allow","principal":{{"soracom":["srn:soracom:{}::User/ops"]}}}}]}}"#,
        root.operator_id
    );
    let trust = format!("/operators/{}/users/dev/trust_policy", root.operator_id);
    assert_eq!(
        site.call(Method::PUT, &trust, Some(json!({"trustPolicy": doc})), Some(&root)).await.status,
        StatusCode::OK
    );
    let switch = json!({"operatorId": root.operator_id, "userName": "dev"});
    let dev =
        session_of(&site.call(Method::POST, "/auth/switch_user", Some(switch), Some(&ops)).await, &root.operator_id);

    let path = format!("/operators/{}/users/dev/password", root.operator_id);
    let change = json!({"currentPassword": SAM_PW, "newPassword": "mallory-chose-this-7"});
    let a = site.call(Method::PUT, &path, Some(change), Some(&dev)).await;
    assert_eq!((a.status, a.code()), (StatusCode::FORBIDDEN, "AUM0054"), "{}", a.body);
    let mfa = format!("/operators/{}/users/dev/mfa", root.operator_id);
    let on = site.call(Method::POST, &mfa, None, Some(&dev)).await;
    assert_eq!((on.status, on.code()), (StatusCode::FORBIDDEN, "AUM0054"), "{}", on.body);
    let sign_in = json!({"operatorId": root.operator_id, "userName": "dev", "password": SAM_PW});
    assert!(site.auth(sign_in).await.is_ok(), "dev's password is unchanged");
});

api_test!(a_sam_users_own_auth_key_token_still_rotates_its_keys, |site| {
    let root = site.root().await;
    let doc = r#"{"statements":[{"effect":"allow","api":["User:generateUserAuthKey","User:deleteUserAuthKey"]}]}"#;
    let robot = site.sam(&root, "robot", Some(doc)).await;
    let keys = format!("/operators/{}/users/robot/auth_keys", root.operator_id);
    let made = site.call(Method::POST, &keys, None, Some(&robot)).await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.body);
    let by_key =
        site.auth(json!({"authKeyId": made.body["authKeyId"], "authKey": made.body["authKey"]})).await.unwrap();
    let rotated = site.call(Method::POST, &keys, None, Some(&by_key)).await;
    assert_eq!(rotated.status, StatusCode::OK, "{}", rotated.body);
    let old = format!("{keys}/{}", made.body["authKeyId"].as_str().unwrap());
    assert_eq!(site.call(Method::DELETE, &old, None, Some(&by_key)).await.status, StatusCode::NO_CONTENT);
});
