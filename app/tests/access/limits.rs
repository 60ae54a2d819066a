//! Bounds on what one caller's authorization reads (security review 2 N9;
//! part of the `access` suite).

use super::*;
use app::account::roles::MAX_ROLES_PER_USER;

store_test!(a_user_holds_at_most_ten_roles, |env| {
    let root = root(&env).await;
    env.account.create_sam_user(&root, "hoarder", "").await.unwrap();
    for n in 0..=MAX_ROLES_PER_USER {
        let form = RoleForm { description: "", permission: LIST_USERS };
        env.account.create_role(&root, &format!("role-{n}"), form).await.unwrap();
    }
    for n in 0..MAX_ROLES_PER_USER {
        env.account.attach_role(&root, "hoarder", &format!("role-{n}")).await.unwrap();
    }
    let past = format!("role-{MAX_ROLES_PER_USER}");
    let refused = env.account.attach_role(&root, "hoarder", &past).await;
    assert_eq!(refused, Err(AppError::TooManyRoles { max: MAX_ROLES_PER_USER }));
    assert_eq!(refused.unwrap_err().code(), "AUM0057");
    // Attaching one it already has is still fine, and so is one after a detach.
    env.account.attach_role(&root, "hoarder", "role-0").await.unwrap();
    env.account.detach_role(&root, "hoarder", "role-0").await.unwrap();
    env.account.attach_role(&root, "hoarder", &past).await.unwrap();
});

store_test!(a_changed_document_applies_at_the_next_request_even_within_the_same_second, |env| {
    // Parsed documents are cached: the cache must never serve an old one.
    let root = root(&env).await;
    sam_user(&env, &root, "flip", Some(LIST_USERS)).await;
    let (_, token) = sam_session(&env, &op(&root), "flip").await;
    let deny = r#"{"statements":[{"effect":"deny","api":"User:listUsers"}]}"#;
    for _ in 0..3 {
        env.account.list_sam_users(&again(&env, &token).await, "", 0).await.unwrap();
        env.account.update_sam_permission(&root, "flip", deny).await.unwrap();
        let refused = env.account.list_sam_users(&again(&env, &token).await, "", 0).await;
        assert_eq!(refused, Err(denied("User:listUsers")));
        env.account.update_sam_permission(&root, "flip", LIST_USERS).await.unwrap();
    }
});

store_test!(a_sam_users_name_is_no_password_for_it, |env| {
    // Security review 2 Info 9: context words for SAM users too.
    let root = root(&env).await;
    env.account.create_sam_user(&root, "deployer", "").await.unwrap();
    for pw in ["deployer2024", "Deployer!!", &format!("{}-1", op(&root).to_lowercase())] {
        let pw = Secret::new(pw);
        let refused = env.account.set_user_password(&root, "deployer", None, &pw, &pw).await;
        assert_eq!(refused, Err(AppError::PasswordCommon), "{}", pw.expose());
    }
    let fine = Secret::new("deploy-the-harbor-7");
    env.account.set_user_password(&root, "deployer", None, &fine, &fine).await.unwrap();
});
