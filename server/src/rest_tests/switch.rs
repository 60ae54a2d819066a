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

/// A policy of `name` trusting every SAM user of `operator_id`.
async fn trust_everyone_of(site: &ApiSite, root: &Session, name: &str, operator_id: &str) -> String {
    let path = format!("/operators/{}/users/{name}/trust_policy", root.operator_id);
    let doc = format!(
        r#"{{"statements":[{{"effect":"allow","principal":{{"soracom":"srn:soracom:{operator_id}::User/*"}}}}]}}"#
    );
    let saved = site.call(Method::PUT, &path, Some(json!({"trustPolicy": doc})), Some(root)).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    path
}

/// `who` switches to `name` of `operator_id`.
async fn switch(site: &ApiSite, who: &Session, operator_id: &str, name: &str) -> Session {
    let body = json!({"operatorId": operator_id, "userName": name});
    let switched = site.call(Method::POST, "/auth/switch_user", Some(body), Some(who)).await;
    assert_eq!(switched.status, StatusCode::OK, "{}", switched.body);
    Session {
        api_key: switched.body["apiKey"].as_str().unwrap().into(),
        token: switched.body["token"].as_str().unwrap().into(),
        operator_id: operator_id.into(),
    }
}

/// Whether a switched token still opens `deployer`'s page.
async fn still_works(site: &ApiSite, switched: &Session) -> Answer {
    site.call(Method::GET, &format!("/operators/{}/users/deployer", switched.operator_id), None, Some(switched)).await
}

api_test!(a_switched_token_ends_when_its_origin_signs_out, |site| {
    let root = site.root().await;
    let alice = site.sam(&root, "alice", Some(SWITCHER)).await;
    let both = r#"{"statements":[{"effect":"allow","api":["User:getUser","Auth:switchUser"]}]}"#;
    site.sam(&root, "deployer", Some(both)).await;
    trust_everyone_of(&site, &root, "deployer", &root.operator_id).await;
    let deployer = switch(&site, &alice, &root.operator_id, "deployer").await;
    let twice = switch(&site, &deployer, &root.operator_id, "deployer").await;
    assert_eq!(still_works(&site, &deployer).await.status, StatusCode::OK);
    assert_eq!(site.call(Method::POST, "/auth/logout", None, Some(&alice)).await.status, StatusCode::NO_CONTENT);
    for token in [&deployer, &twice] {
        assert_eq!(still_works(&site, token).await.code(), "AUM0038", "a switch from a switch ends too");
    }
});

api_test!(a_switched_token_ends_when_its_origin_user_is_deleted, |site| {
    let root = site.root().await;
    let alice = site.sam(&root, "alice", Some(SWITCHER)).await;
    site.sam(&root, "deployer", Some(r#"{"statements":[{"effect":"allow","api":"User:getUser"}]}"#)).await;
    trust_everyone_of(&site, &root, "deployer", &root.operator_id).await;
    let deployer = switch(&site, &alice, &root.operator_id, "deployer").await;
    let gone =
        site.call(Method::DELETE, &format!("/operators/{}/users/alice", root.operator_id), None, Some(&root)).await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT, "{}", gone.body);
    assert_eq!(still_works(&site, &deployer).await.code(), "AUM0038");
});

api_test!(a_switched_token_ends_when_the_auth_key_of_its_origin_is_deleted, |site| {
    let root = site.root().await;
    site.sam(&root, "alice", Some(SWITCHER)).await;
    site.sam(&root, "deployer", Some(r#"{"statements":[{"effect":"allow","api":"User:getUser"}]}"#)).await;
    trust_everyone_of(&site, &root, "deployer", &root.operator_id).await;
    let keys = format!("/operators/{}/users/alice/auth_keys", root.operator_id);
    let made = site.call(Method::POST, &keys, None, Some(&root)).await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.body);
    let (id, secret) = (made.body["authKeyId"].as_str().unwrap(), made.body["authKey"].as_str().unwrap());
    let by_key = site.auth(json!({"authKeyId": id, "authKey": secret})).await.unwrap();
    let deployer = switch(&site, &by_key, &root.operator_id, "deployer").await;
    assert_eq!(still_works(&site, &deployer).await.status, StatusCode::OK);
    let gone = site.call(Method::DELETE, &format!("{keys}/{id}"), None, Some(&root)).await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT);
    assert_eq!(still_works(&site, &deployer).await.code(), "AUM0038");
});

api_test!(a_switched_token_ends_when_the_targets_trust_policy_changes, |site| {
    let root = site.root().await;
    let alice = site.sam(&root, "alice", Some(SWITCHER)).await;
    site.sam(&root, "deployer", Some(r#"{"statements":[{"effect":"allow","api":"User:getUser"}]}"#)).await;
    let policy = trust_everyone_of(&site, &root, "deployer", &root.operator_id).await;
    let first = switch(&site, &alice, &root.operator_id, "deployer").await;
    trust_everyone_of(&site, &root, "deployer", &root.operator_id).await;
    assert_eq!(still_works(&site, &first).await.code(), "AUM0038", "a saved policy is a new policy");
    let second = switch(&site, &alice, &root.operator_id, "deployer").await;
    assert_eq!(site.call(Method::DELETE, &policy, None, Some(&root)).await.status, StatusCode::NO_CONTENT);
    assert_eq!(still_works(&site, &second).await.code(), "AUM0038");
});

api_test!(a_switch_across_operators_is_recorded_in_both, |site| {
    let root = site.root().await;
    let alice = site.sam(&root, "alice", Some(SWITCHER)).await;
    let other = "other@example.com";
    site.account.create_operator_verified(other, &Secret::new(PW), Default::default()).await.unwrap();
    let other_root = site.auth(json!({"email": other, "password": PW})).await.unwrap();
    site.sam(&other_root, "deployer", Some(r#"{"statements":[{"effect":"allow","api":"User:getUser"}]}"#)).await;
    trust_everyone_of(&site, &other_root, "deployer", &root.operator_id).await;
    let deployer = switch(&site, &alice, &other_root.operator_id, "deployer").await;
    assert_eq!(still_works(&site, &deployer).await.status, StatusCode::OK);
    use app::account::store::entities::user;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let target = user::Entity::find()
        .filter(user::Column::OperatorId.eq(other_root.operator_id.as_str()))
        .filter(user::Column::Name.eq("deployer"))
        .one(site.account.db())
        .await
        .unwrap()
        .unwrap()
        .id;
    let kinds = site.account.event_kinds(target).await.unwrap();
    assert!(kinds.contains(&"switched_in".to_string()), "{kinds:?}");
});
