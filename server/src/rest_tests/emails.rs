//! The root user's addresses through the API.

use super::*;

api_test!(a_recovery_address_is_added_by_mailed_token_listed_and_deleted, |site| {
    let root = site.root().await;
    let emails = format!("/operators/{}/emails", root.operator_id);
    let list = site.call(Method::GET, &emails, None, Some(&root)).await;
    assert_eq!(list.body.as_array().unwrap().len(), 1, "{}", list.body);
    assert_eq!((list.body[0]["emailId"].as_str(), list.body[0]["email"].as_str()), (Some("primary"), Some(ROOT)));
    assert!(list.body[0]["createDateTime"].is_i64());

    let wrong = json!({"email": "backup@example.com", "password": "not-it-at-all-1"});
    let refused = site.call(Method::POST, "/operators/add_email_token/issue", Some(wrong), Some(&root)).await;
    assert_eq!((refused.status, refused.code()), (StatusCode::UNAUTHORIZED, "AUM0019"));
    let add = json!({"email": "backup@example.com", "password": PW});
    let issued = site.call(Method::POST, "/operators/add_email_token/issue", Some(add), Some(&root)).await;
    assert_eq!(issued.status, StatusCode::OK, "{}", issued.body);
    let pending = site.call(Method::GET, &format!("{emails}/recovery-pending"), None, Some(&root)).await;
    assert_eq!(
        (pending.body["email"].as_str(), pending.body["verified"].as_bool()),
        (Some("backup@example.com"), Some(false))
    );

    let token = site.mailed("/email/recovery/", Some("backup@example.com"));
    let body = json!({"token": token});
    let verified = site.call(Method::POST, "/operators/add_email_token/verify", Some(body.clone()), None).await;
    assert_eq!(verified.status, StatusCode::OK, "{}", verified.body);
    let again = site.call(Method::POST, "/operators/add_email_token/verify", Some(body), None).await;
    assert_eq!((again.status, again.code()), (StatusCode::BAD_REQUEST, "AUM0008"));
    let recovery = site.call(Method::GET, &format!("{emails}/recovery"), None, Some(&root)).await;
    assert_eq!(recovery.body["verified"], true);

    let primary = site.call(Method::DELETE, &format!("{emails}/primary"), None, Some(&root)).await;
    assert_eq!((primary.status, primary.code()), (StatusCode::CONFLICT, "AUM0050"));
    assert_eq!(
        site.call(Method::DELETE, &format!("{emails}/recovery"), None, Some(&root)).await.status,
        StatusCode::NO_CONTENT
    );
    let gone = site.call(Method::GET, &format!("{emails}/recovery"), None, Some(&root)).await;
    assert_eq!((gone.status, gone.code()), (StatusCode::NOT_FOUND, "AUM0049"));
});

api_test!(a_sam_user_never_reads_the_operators_addresses, |site| {
    let root = site.root().await;
    let all = site.sam(&root, "admin", Some(r#"{"statements":[{"effect":"allow","api":"*"}]}"#)).await;
    let a = site.call(Method::GET, &format!("/operators/{}/emails", root.operator_id), None, Some(&all)).await;
    assert_eq!((a.status, a.code()), (StatusCode::FORBIDDEN, "AUM0017"));
});
