//! SAM users, their passwords, permissions and keys, and roles, through
//! the API: each operation's success, its main refusals, and the shapes
//! generated clients check.

use super::*;

/// Whether `v` holds a `null` anywhere (generated clients refuse them).
fn has_null(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Array(a) => a.iter().any(has_null),
        Value::Object(o) => o.values().any(has_null),
        _ => false,
    }
}

api_test!(users_are_created_listed_read_described_and_deleted, |site| {
    let root = site.root().await;
    let users = format!("/operators/{}/users", root.operator_id);
    let made =
        site.call(Method::POST, &format!("{users}/alice"), Some(json!({"description": "ops"})), Some(&root)).await;
    assert_eq!(made.status, StatusCode::CREATED);
    let dup = site.call(Method::POST, &format!("{users}/alice"), None, Some(&root)).await;
    assert_eq!((dup.status, dup.code()), (StatusCode::CONFLICT, "AUM0031"));
    let bad = site.call(Method::POST, &format!("{users}/bad%20name"), None, Some(&root)).await;
    assert_eq!((bad.status, bad.code()), (StatusCode::BAD_REQUEST, "AUM0030"));

    let one = site.call(Method::GET, &format!("{users}/alice"), None, Some(&root)).await;
    assert_eq!(one.status, StatusCode::OK);
    assert!(!has_null(&one.body), "{}", one.body);
    assert_eq!(one.body["userName"], "alice");
    assert_eq!(one.body["description"], "ops");
    assert_eq!(one.body["hasPassword"], false);
    assert!(one.body["authKeyList"].as_array().unwrap().is_empty());
    assert!(one.body["roleList"].as_array().unwrap().is_empty());
    assert!(one.body["createDateTime"].is_i64() && one.body["updateDateTime"].is_i64());
    assert!(one.body.get("permission").is_none(), "absent, not null");

    let described =
        site.call(Method::PUT, &format!("{users}/alice"), Some(json!({"description": "dev"})), Some(&root)).await;
    assert_eq!(described.status, StatusCode::OK);
    let list = site.call(Method::GET, &users, None, Some(&root)).await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(list.body.as_array().unwrap().len(), 1, "a bare array: {}", list.body);
    assert_eq!(list.body[0]["description"], "dev");

    assert_eq!(
        site.call(Method::DELETE, &format!("{users}/alice"), None, Some(&root)).await.status,
        StatusCode::NO_CONTENT
    );
    let gone = site.call(Method::GET, &format!("{users}/alice"), None, Some(&root)).await;
    assert_eq!((gone.status, gone.code()), (StatusCode::NOT_FOUND, "AUM0032"));
});

api_test!(a_users_console_password_is_set_changed_and_removed, |site| {
    let root = site.root().await;
    let alice = site.sam(&root, "alice", None).await;
    let pw = format!("/operators/{}/users/alice/password", root.operator_id);
    assert_eq!(site.call(Method::GET, &pw, None, Some(&root)).await.body, json!({"hasPassword": true}));
    let weak = site.call(Method::POST, &pw, Some(json!({"password": "short"})), Some(&root)).await;
    assert_eq!((weak.status, weak.code()), (StatusCode::BAD_REQUEST, "AUM0010"));
    let own = json!({"currentPassword": SAM_PW, "newPassword": "meadow-copper-88"});
    let changed = site.call(Method::PUT, &pw, Some(own), Some(&alice)).await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);
    let wrong = json!({"currentPassword": "not-it-at-all-1", "newPassword": "meadow-copper-99"});
    assert_eq!(site.call(Method::PUT, &pw, Some(wrong), Some(&alice)).await.code(), "AUM0019");
    assert_eq!(site.call(Method::DELETE, &pw, None, Some(&root)).await.status, StatusCode::NO_CONTENT);
    assert_eq!(site.call(Method::GET, &pw, None, Some(&root)).await.body, json!({"hasPassword": false}));
    let signin = json!({"operatorId": root.operator_id, "userName": "alice", "password": "meadow-copper-88"});
    assert_eq!(site.auth(signin).await.unwrap_err().code(), "AUM0002", "no console password, no password sign-in");
});

api_test!(a_users_permission_travels_as_a_string_and_is_checked, |site| {
    let root = site.root().await;
    site.sam(&root, "alice", None).await;
    let perm = format!("/operators/{}/users/alice/permission", root.operator_id);
    assert_eq!(site.call(Method::GET, &perm, None, Some(&root)).await.body, json!({"permission": ""}));
    let doc = r#"{"statements":[{"effect":"allow","api":"User:listUsers"}]}"#;
    let set = site.call(Method::PUT, &perm, Some(json!({"permission": doc})), Some(&root)).await;
    assert_eq!(set.status, StatusCode::OK);
    assert_eq!(site.call(Method::GET, &perm, None, Some(&root)).await.body, json!({"permission": doc}));
    let broken = site.call(Method::PUT, &perm, Some(json!({"permission": "{\"statements\":"})), Some(&root)).await;
    assert_eq!((broken.status, broken.code()), (StatusCode::BAD_REQUEST, "AUM0029"));
    let as_object = site.call(Method::PUT, &perm, Some(json!({"permission": {"statements": []}})), Some(&root)).await;
    assert_eq!((as_object.status, as_object.code()), (StatusCode::BAD_REQUEST, "AUM0042"), "a string, not an object");
    assert_eq!(site.call(Method::DELETE, &perm, None, Some(&root)).await.status, StatusCode::NO_CONTENT);
    assert_eq!(site.call(Method::GET, &perm, None, Some(&root)).await.body, json!({"permission": ""}));
});

api_test!(a_user_has_at_most_two_auth_keys_each_readable_and_deletable, |site| {
    let root = site.root().await;
    site.sam(&root, "robot", None).await;
    let keys = format!("/operators/{}/users/robot/auth_keys", root.operator_id);
    // Sent by generated clients: JSON content type and no body at all.
    let post = || {
        Request::post(format!("/v1{keys}"))
            .header("X-Soracom-API-Key", &root.api_key)
            .header("X-Soracom-Token", &root.token)
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::CONTENT_LENGTH, "0")
            .body(Body::empty())
            .unwrap()
    };
    let first = site.send(post()).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    assert!(first.body["authKey"].as_str().unwrap().starts_with("secret-"));
    site.send(post()).await;
    let third = site.send(post()).await;
    assert_eq!((third.status, third.code()), (StatusCode::CONFLICT, "AUM0036"));
    let id = first.body["authKeyId"].as_str().unwrap();
    let one = site.call(Method::GET, &format!("{keys}/{id}"), None, Some(&root)).await;
    assert_eq!(one.body["authKeyId"], id);
    assert!(one.body.get("lastUsedDateTime").is_none(), "never used: absent, not null");
    assert_eq!(site.call(Method::GET, &keys, None, Some(&root)).await.body.as_array().unwrap().len(), 2);
    assert_eq!(
        site.call(Method::DELETE, &format!("{keys}/{id}"), None, Some(&root)).await.status,
        StatusCode::NO_CONTENT
    );
    let gone = site.call(Method::GET, &format!("{keys}/{id}"), None, Some(&root)).await;
    assert_eq!((gone.status, gone.code()), (StatusCode::NOT_FOUND, "AUM0037"));
});

api_test!(roles_are_made_attached_listed_detached_and_deleted, |site| {
    let root = site.root().await;
    site.sam(&root, "alice", None).await;
    let base = format!("/operators/{}", root.operator_id);
    let doc = r#"{"statements":[{"effect":"allow","api":"Role:*"}]}"#;
    let made =
        site.call(Method::POST, &format!("{base}/roles/ops"), Some(json!({"permission": doc})), Some(&root)).await;
    assert_eq!((made.status, made.body.clone()), (StatusCode::OK, json!({"roleId": "ops"})));
    let dup =
        site.call(Method::POST, &format!("{base}/roles/ops"), Some(json!({"permission": doc})), Some(&root)).await;
    assert_eq!((dup.status, dup.code()), (StatusCode::CONFLICT, "AUM0033"));
    let role = site.call(Method::GET, &format!("{base}/roles/ops"), None, Some(&root)).await;
    assert_eq!((role.body["permission"].as_str(), role.body["roleName"].as_str()), (Some(doc), Some("ops")));
    assert_eq!(role.body["owner"], "operator");
    let attach = site
        .call(Method::POST, &format!("{base}/users/alice/roles"), Some(json!({"roleId": "ops"})), Some(&root))
        .await;
    assert_eq!(attach.status, StatusCode::OK);
    let of_user = site.call(Method::GET, &format!("{base}/users/alice/roles"), None, Some(&root)).await;
    assert_eq!(of_user.body[0]["roleId"], "ops");
    let holders = site.call(Method::GET, &format!("{base}/roles/ops/users"), None, Some(&root)).await;
    assert_eq!(holders.body[0]["userName"], "alice");
    assert_eq!(holders.body[0]["roleList"][0]["roleId"], "ops");
    let list = site.call(Method::GET, &format!("{base}/roles"), None, Some(&root)).await;
    assert_eq!(list.body.as_array().unwrap().len(), 1);
    let detach = site.call(Method::DELETE, &format!("{base}/users/alice/roles/ops"), None, Some(&root)).await;
    assert_eq!(detach.status, StatusCode::OK);
    let updated = json!({"permission": doc, "description": "operations"});
    assert_eq!(
        site.call(Method::PUT, &format!("{base}/roles/ops"), Some(updated), Some(&root)).await.status,
        StatusCode::OK
    );
    assert_eq!(
        site.call(Method::DELETE, &format!("{base}/roles/ops"), None, Some(&root)).await.status,
        StatusCode::NO_CONTENT
    );
    let gone = site.call(Method::GET, &format!("{base}/roles/ops"), None, Some(&root)).await;
    assert_eq!((gone.status, gone.code()), (StatusCode::NOT_FOUND, "AUM0034"));
});

api_test!(revoking_a_users_tokens_ends_them, |site| {
    let root = site.root().await;
    let alice = site.sam(&root, "alice", Some(r#"{"statements":[{"effect":"allow","api":"*"}]}"#)).await;
    let users = format!("/operators/{}/users", root.operator_id);
    assert_eq!(site.call(Method::GET, &users, None, Some(&alice)).await.status, StatusCode::OK);
    let revoked = site.call(Method::DELETE, &format!("{users}/alice/tokens"), None, Some(&root)).await;
    assert_eq!(revoked.status, StatusCode::NO_CONTENT);
    assert_eq!(site.call(Method::GET, &users, None, Some(&alice)).await.code(), "AUM0038");
});
