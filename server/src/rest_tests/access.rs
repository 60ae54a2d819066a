//! Who may call what: the one permission engine decides for the API as for
//! the console, and another operator's id is refused without telling
//! whether it exists.

use super::*;

api_test!(a_user_allowed_list_users_and_get_operator_can_do_exactly_those_two, |site| {
    let root = site.root().await;
    site.sam(&root, "bob", None).await;
    let doc = r#"{"statements":[{"effect":"allow","api":["User:listUsers","Operator:getOperator"]}]}"#;
    let me = site.sam(&root, "reader", Some(doc)).await;
    let op = format!("/operators/{}", root.operator_id);
    assert_eq!(site.call(Method::GET, &format!("{op}/users"), None, Some(&me)).await.status, StatusCode::OK);
    assert_eq!(site.call(Method::GET, &op, None, Some(&me)).await.status, StatusCode::OK);
    let refused: [(Method, String, Option<Value>); 8] = [
        (Method::GET, format!("{op}/users/bob"), None),
        (Method::POST, format!("{op}/users/carol"), None),
        (Method::DELETE, format!("{op}/users/bob"), None),
        (Method::GET, format!("{op}/roles"), None),
        (Method::PUT, format!("{op}/users/bob/permission"), Some(json!({"permission": "{\"statements\":[]}"}))),
        (Method::POST, format!("{op}/users/bob/auth_keys"), None),
        (Method::DELETE, format!("{op}/users/bob/tokens"), None),
        (Method::GET, format!("{op}/auth_keys"), None),
    ];
    for (method, path, body) in refused {
        let a = site.call(method.clone(), &path, body, Some(&me)).await;
        assert_eq!((a.status, a.code()), (StatusCode::FORBIDDEN, "AUM0017"), "{method} {path}");
    }
    let users = site.call(Method::GET, &format!("{op}/users"), None, Some(&root)).await;
    assert_eq!(users.body.as_array().unwrap().len(), 2, "nothing was made or deleted");
});

api_test!(rights_are_read_afresh_on_every_call, |site| {
    let root = site.root().await;
    let me = site.sam(&root, "reader", Some(r#"{"statements":[{"effect":"allow","api":"User:listUsers"}]}"#)).await;
    let users = format!("/operators/{}/users", root.operator_id);
    assert_eq!(site.call(Method::GET, &users, None, Some(&me)).await.status, StatusCode::OK);
    let deny = json!({"permission": r#"{"statements":[{"effect":"deny","api":"User:listUsers"}]}"#});
    site.call(Method::PUT, &format!("{users}/reader/permission"), Some(deny), Some(&root)).await;
    let a = site.call(Method::GET, &users, None, Some(&me)).await;
    assert_eq!((a.status, a.code()), (StatusCode::FORBIDDEN, "AUM0017"), "the same token, refused now");
});

api_test!(another_operators_id_is_refused_whether_it_exists_or_not, |site| {
    let root = site.root().await;
    let pw = Secret::new(PW);
    let other = site.account.create_operator_verified("other@example.com", &pw, Default::default()).await;
    let other = other.unwrap().operator_id;
    let there = site.call(Method::GET, &format!("/operators/{other}/users"), None, Some(&root)).await;
    let nowhere = site.call(Method::GET, "/operators/OP0000000000/users", None, Some(&root)).await;
    assert_eq!((there.status, there.code()), (StatusCode::FORBIDDEN, "AUM0047"));
    assert_eq!(there.body, nowhere.body, "the same answer");
    let del = site.call(Method::DELETE, &format!("/operators/{other}/tokens"), None, Some(&root)).await;
    assert_eq!(del.code(), "AUM0047");
});
