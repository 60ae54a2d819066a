//! `Auth:switchUser` and trust policies: a caller becomes another SAM user
//! only when its own documents allow switching and the target trusts it.

use super::*;

const SWITCHER: &str = r#"{"statements":[{"effect":"allow","api":["Auth:switchUser"]}]}"#;

api_test!(a_user_switches_to_a_user_that_trusts_it_and_to_no_other, |site| {
    let root = site.root().await;
    let alice = site.sam(&root, "alice", Some(SWITCHER)).await;
    site.sam(&root, "deployer", Some(r#"{"statements":[{"effect":"allow","api":"User:listUsers"}]}"#)).await;
    let switch = json!({"operatorId": root.operator_id, "userName": "deployer"});
    let untrusted = site.call(Method::POST, "/auth/switch_user", Some(switch.clone()), Some(&alice)).await;
    assert_eq!((untrusted.status, untrusted.code()), (StatusCode::FORBIDDEN, "AUM0053"));
    let nobody = json!({"operatorId": root.operator_id, "userName": "nobody"});
    let unknown = site.call(Method::POST, "/auth/switch_user", Some(nobody), Some(&alice)).await;
    assert_eq!(unknown.body, untrusted.body, "the same answer for a user that does not exist");

    let trust = format!("/operators/{}/users/deployer/trust_policy", root.operator_id);
    let broken = site.call(Method::PUT, &trust, Some(json!({"trustPolicy": "{\"statements\":[]}"})), Some(&root)).await;
    assert_eq!((broken.status, broken.code()), (StatusCode::BAD_REQUEST, "AUM0052"));
    let doc = format!(
        r#"{{"statements":[{{"effect":"allow","principal":{{"soracom":["srn:soracom:{}::User/alice"]}}}}]}}"#,
        root.operator_id
    );
    let saved = site.call(Method::PUT, &trust, Some(json!({"trustPolicy": doc})), Some(&root)).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    assert_eq!(site.call(Method::GET, &trust, None, Some(&root)).await.body, json!({"trustPolicy": doc}));

    let switched = site.call(Method::POST, "/auth/switch_user", Some(switch.clone()), Some(&alice)).await;
    assert_eq!(switched.status, StatusCode::OK, "{}", switched.body);
    assert_eq!(switched.body["userName"], "deployer");
    let deployer = Session {
        api_key: switched.body["apiKey"].as_str().unwrap().into(),
        token: switched.body["token"].as_str().unwrap().into(),
        operator_id: root.operator_id.clone(),
    };
    let users = format!("/operators/{}/users", root.operator_id);
    assert_eq!(site.call(Method::GET, &users, None, Some(&deployer)).await.status, StatusCode::OK, "deployer's rights");
    assert_eq!(site.call(Method::GET, &users, None, Some(&alice)).await.code(), "AUM0017", "not alice's");

    assert_eq!(site.call(Method::DELETE, &trust, None, Some(&root)).await.status, StatusCode::NO_CONTENT);
    let after = site.call(Method::POST, "/auth/switch_user", Some(switch), Some(&alice)).await;
    assert_eq!(after.code(), "AUM0053", "no trust policy, no switch");
});

api_test!(switching_needs_the_switchers_own_permission, |site| {
    let root = site.root().await;
    let bob = site.sam(&root, "bob", None).await;
    site.sam(&root, "deployer", None).await;
    let doc = format!(
        r#"{{"statements":[{{"effect":"allow","principal":{{"soracom":"srn:soracom:{}::User/*"}}}}]}}"#,
        root.operator_id
    );
    let trust = format!("/operators/{}/users/deployer/trust_policy", root.operator_id);
    site.call(Method::PUT, &trust, Some(json!({"trustPolicy": doc})), Some(&root)).await;
    let switch = json!({"operatorId": root.operator_id, "userName": "deployer"});
    let a = site.call(Method::POST, "/auth/switch_user", Some(switch), Some(&bob)).await;
    assert_eq!((a.status, a.code()), (StatusCode::FORBIDDEN, "AUM0017"));
});

api_test!(a_deny_on_the_target_name_cannot_be_dodged_with_spaces, |site| {
    let root = site.root().await;
    let doc = r#"{"statements":[{"effect":"allow","api":"Auth:switchUser"},
        {"effect":"deny","api":"Auth:switchUser","condition":"pathVariable('user_name') == 'admin'"}]}"#;
    let intern = site.sam(&root, "intern", Some(doc)).await;
    site.sam(&root, "admin", None).await;
    let trust = format!(
        r#"{{"statements":[{{"effect":"allow","principal":{{"soracom":"srn:soracom:{}::User/*"}}}}]}}"#,
        root.operator_id
    );
    let path = format!("/operators/{}/users/admin/trust_policy", root.operator_id);
    site.call(Method::PUT, &path, Some(json!({"trustPolicy": trust})), Some(&root)).await;
    for name in ["admin", " admin", "admin ", "\tadmin"] {
        let switch = json!({"operatorId": root.operator_id, "userName": name});
        let a = site.call(Method::POST, "/auth/switch_user", Some(switch), Some(&intern)).await;
        assert_eq!((a.status, a.code()), (StatusCode::FORBIDDEN, "AUM0017"), "{name:?}: {}", a.body);
    }
});
