//! SAM users, roles and the permission engine through the account service,
//! on SQLite and PostgreSQL: who may do what, and what each change does.

mod common;

use app::account::mfa::by_owner::MfaOwner;
use app::account::roles::RoleForm;
use app::account::{AppError, Caller, Principal, Proof, Secret, SignInStep};
use common::{PW, TestEnv, client, session};

const SAM_PW: &str = "harbor-violet-73";

/// The root user of a fresh operator, as a caller.
async fn root(env: &TestEnv) -> Caller {
    env.verified_user("root@example.com", PW).await;
    let (principal, _) = session(env, "root@example.com").await;
    Caller { principal, client: client() }
}

/// Creates SAM user `name` with a console password and `document`.
async fn sam_user(env: &TestEnv, root: &Caller, name: &str, document: Option<&str>) {
    env.account.create_sam_user(root, name, "").await.unwrap();
    let pw = Secret::new(SAM_PW);
    env.account.set_user_password(root, name, None, &pw, &pw).await.unwrap();
    if let Some(doc) = document {
        env.account.update_sam_permission(root, name, doc).await.unwrap();
    }
}

/// Signs SAM user `name` in (no MFA) and returns its caller and token.
async fn sam_session(env: &TestEnv, operator_id: &str, name: &str) -> (Caller, String) {
    let step = env.account.sign_in_sam(operator_id, name, &Secret::new(SAM_PW), &client()).await.unwrap();
    let token = step.signed_in().expect("no MFA").session_token.expose().to_string();
    (Caller { principal: env.account.principal(&token).await.unwrap().unwrap(), client: client() }, token)
}

/// The caller of a session token, read afresh (as every request does).
async fn again(env: &TestEnv, token: &str) -> Caller {
    Caller { principal: env.account.principal(token).await.unwrap().unwrap(), client: client() }
}

fn op(c: &Caller) -> String {
    c.principal.operator_id().to_string()
}

fn denied(action: &str) -> AppError {
    AppError::PermissionDenied { action: action.to_string() }
}

const ALL: &str = r#"{"statements":[{"effect":"allow","api":"*"}]}"#;
const LIST_USERS: &str = r#"{"statements":[{"effect":"allow","api":"User:listUsers"}]}"#;

store_test!(root_creates_lists_and_deletes_sam_users, |env| {
    let root = root(&env).await;
    for name in ["carol", "alice", "bob.smith@ops-1"] {
        env.account.create_sam_user(&root, name, "a colleague").await.unwrap();
    }
    let page = env.account.list_sam_users(&root, "", 0).await.unwrap();
    let names: Vec<_> = page.users.iter().map(|u| u.name.as_str()).collect();
    assert_eq!(names, ["alice", "bob.smith@ops-1", "carol"]);
    assert!(!page.more);
    assert_eq!(page.users[0].description.as_deref(), Some("a colleague"));
    assert!(!page.users[0].has_password, "no console access until a password is set");
    let found = env.account.list_sam_users(&root, "SMITH", 0).await.unwrap();
    assert_eq!(found.users.len(), 1, "the filter ignores case");
    assert!(
        env.account.list_sam_users(&root, "%", 0).await.unwrap().users.is_empty(),
        "% is a character, not a wildcard"
    );
    env.account.delete_sam_user(&root, "alice").await.unwrap();
    assert_eq!(env.account.get_sam_user(&root, "alice").await, Err(AppError::UserNotFound));
    assert_eq!(env.account.delete_sam_user(&root, "alice").await, Err(AppError::UserNotFound));
    assert_eq!(env.account.count_sam_users(&root).await.unwrap(), 2);
});

store_test!(the_user_list_is_paged_past_fifty, |env| {
    let root = root(&env).await;
    for i in 0..53 {
        env.account.create_sam_user(&root, &format!("user{i:02}"), "").await.unwrap();
    }
    let first = env.account.list_sam_users(&root, "", 0).await.unwrap();
    assert_eq!((first.users.len(), first.more), (50, true));
    let second = env.account.list_sam_users(&root, "", 1).await.unwrap();
    assert_eq!((second.users.len(), second.more), (3, false));
    assert_eq!(second.users[0].name, "user50");
});

store_test!(user_names_follow_the_rule_and_are_unique_per_operator, |env| {
    let root = root(&env).await;
    let long = "a".repeat(101);
    for bad in ["with space", "ユーザー", "a/b", "semi;colon", long.as_str()] {
        assert_eq!(env.account.create_sam_user(&root, bad, "").await, Err(AppError::NameInvalid), "{bad}");
    }
    assert_eq!(env.account.create_sam_user(&root, "", "").await, Err(AppError::Required(app::error::Field::Name)));
    env.account.create_sam_user(&root, &"a".repeat(100), "").await.unwrap();
    env.account.create_sam_user(&root, "reader", "").await.unwrap();
    assert_eq!(env.account.create_sam_user(&root, "reader", "").await, Err(AppError::UserExists));
    // Another operator may use the same name.
    env.verified_user("other@example.com", PW).await;
    let (p, _) = session(&env, "other@example.com").await;
    let other = Caller { principal: p, client: client() };
    env.account.create_sam_user(&other, "reader", "").await.unwrap();
    assert_eq!(
        env.account.list_sam_users(&other, "", 0).await.unwrap().users.len(),
        1,
        "operators do not see each other's users"
    );
});

store_test!(roles_are_created_changed_attached_and_deleted, |env| {
    let root = root(&env).await;
    let form = RoleForm { description: "reads users", permission: LIST_USERS };
    env.account.create_role(&root, "readers", form).await.unwrap();
    assert_eq!(env.account.create_role(&root, "readers", form).await, Err(AppError::RoleExists));
    assert_eq!(env.account.create_role(&root, "bad id", form).await, Err(AppError::NameInvalid));
    env.account.create_sam_user(&root, "reader", "").await.unwrap();
    env.account.attach_role(&root, "reader", "readers").await.unwrap();
    env.account.attach_role(&root, "reader", "readers").await.unwrap();
    assert_eq!(env.account.user_roles(&root, "reader").await.unwrap(), ["readers"]);
    assert_eq!(env.account.role_users(&root, "readers").await.unwrap(), ["reader"]);
    let changed = RoleForm { description: "reads all", permission: ALL };
    let role = env.account.update_role(&root, "readers", changed).await.unwrap();
    assert_eq!((role.description.as_deref(), role.permission.as_str()), (Some("reads all"), ALL));
    env.account.detach_role(&root, "reader", "readers").await.unwrap();
    assert_eq!(env.account.detach_role(&root, "reader", "readers").await, Err(AppError::RoleNotFound));
    env.account.attach_role(&root, "reader", "readers").await.unwrap();
    env.account.delete_role(&root, "readers").await.unwrap();
    assert!(env.account.user_roles(&root, "reader").await.unwrap().is_empty(), "detached with the role");
    assert!(env.account.list_roles(&root).await.unwrap().is_empty());
    assert_eq!(env.account.get_role(&root, "readers").await, Err(AppError::RoleNotFound));
});

store_test!(a_refused_document_changes_nothing_and_says_where, |env| {
    let root = root(&env).await;
    sam_user(&env, &root, "reader", Some(LIST_USERS)).await;
    let bad = "{\"statements\": [\n  {\"effect\": \"allow\", \"api\": \"*\", \"when\": \"now\"}\n]}";
    let Err(AppError::PolicyInvalid(e)) = env.account.update_sam_permission(&root, "reader", bad).await else {
        panic!("refused")
    };
    assert_eq!(e.at, app::error::PolicyAt::Text { line: 2, column: 40 });
    assert_eq!(env.account.sam_permission(&root, "reader").await.unwrap().as_deref(), Some(LIST_USERS));
    let form = RoleForm { description: "", permission: bad };
    assert!(matches!(env.account.create_role(&root, "r", form).await, Err(AppError::PolicyInvalid(_))));
    assert!(env.account.list_roles(&root).await.unwrap().is_empty());
});

store_test!(documents_are_returned_exactly_as_saved, |env| {
    let root = root(&env).await;
    env.account.create_sam_user(&root, "reader", "").await.unwrap();
    let typed = "{ \"statements\" : [\n\t{\"api\":[\"User:list*\"],   \"effect\":\"allow\"}\n] }\n";
    env.account.update_sam_permission(&root, "reader", typed).await.unwrap();
    assert_eq!(env.account.sam_permission(&root, "reader").await.unwrap().as_deref(), Some(typed));
    env.account.delete_sam_permission(&root, "reader").await.unwrap();
    assert_eq!(env.account.sam_permission(&root, "reader").await.unwrap(), None);
});

store_test!(a_sam_user_may_do_only_what_its_documents_allow, |env| {
    let root = root(&env).await;
    sam_user(&env, &root, "reader", Some(LIST_USERS)).await;
    let (reader, _) = sam_session(&env, &op(&root), "reader").await;
    assert_eq!(env.account.list_sam_users(&reader, "", 0).await.unwrap().users.len(), 1);
    assert_eq!(env.account.create_sam_user(&reader, "x", "").await, Err(denied("User:createUser")));
    assert_eq!(env.account.list_roles(&reader).await, Err(denied("Role:listRoles")));
    assert_eq!(env.account.get_sam_user(&reader, "reader").await.unwrap().name, "reader", "itself, always");
    assert_eq!(env.account.count_sam_users(&root).await.unwrap(), 1, "nothing was created");
});

store_test!(root_only_operations_are_refused_to_a_sam_user_allowed_everything, |env| {
    use app::account::{Action, Target};
    let root = root(&env).await;
    sam_user(&env, &root, "admin", Some(ALL)).await;
    let (admin, _) = sam_session(&env, &op(&root), "admin").await;
    env.account.create_sam_user(&admin, "helper", "").await.unwrap();
    for action in [
        Action::UpdateOperatorPassword,
        Action::EnableMfa,
        Action::RevokeMfa,
        Action::GenerateOperatorAuthKey,
        Action::DeleteOperatorAuthKey,
        Action::IssueAddEmailToken,
        Action::DeleteEmail,
    ] {
        assert_eq!(
            env.account.authorize(&admin, action, Target::OPERATOR).await,
            Err(AppError::RootOnly),
            "{}",
            action.name()
        );
        env.account.authorize(&root, action, Target::OPERATOR).await.unwrap();
    }
});

store_test!(rights_change_on_the_next_request, |env| {
    let root = root(&env).await;
    sam_user(&env, &root, "reader", Some(LIST_USERS)).await;
    let (_, token) = sam_session(&env, &op(&root), "reader").await;
    env.account.list_sam_users(&again(&env, &token).await, "", 0).await.unwrap();
    // Its own document taken away: refused at once.
    env.account.delete_sam_permission(&root, "reader").await.unwrap();
    assert_eq!(env.account.list_sam_users(&again(&env, &token).await, "", 0).await, Err(denied("User:listUsers")));
    // A role gives it back; changing the role takes it away again.
    let form = RoleForm { description: "", permission: LIST_USERS };
    env.account.create_role(&root, "readers", form).await.unwrap();
    env.account.attach_role(&root, "reader", "readers").await.unwrap();
    env.account.list_sam_users(&again(&env, &token).await, "", 0).await.unwrap();
    let deny = r#"{"statements":[{"effect":"deny","api":"User:*"}]}"#;
    env.account.update_role(&root, "readers", RoleForm { description: "", permission: deny }).await.unwrap();
    assert_eq!(env.account.list_sam_users(&again(&env, &token).await, "", 0).await, Err(denied("User:listUsers")));
});

store_test!(a_deny_in_a_role_beats_an_allow_in_the_users_own_document, |env| {
    let root = root(&env).await;
    sam_user(&env, &root, "ops", Some(ALL)).await;
    let deny = r#"{"statements":[{"effect":"deny","api":"User:delete*"}]}"#;
    env.account.create_role(&root, "no-deletes", RoleForm { description: "", permission: deny }).await.unwrap();
    env.account.attach_role(&root, "ops", "no-deletes").await.unwrap();
    env.account.create_sam_user(&root, "victim", "").await.unwrap();
    let (ops, _) = sam_session(&env, &op(&root), "ops").await;
    assert_eq!(env.account.delete_sam_user(&ops, "victim").await, Err(denied("User:deleteUser")));
    env.account.update_sam_user(&ops, "victim", "still here").await.unwrap();
});

store_test!(conditions_see_the_target_and_the_callers_name, |env| {
    let root = root(&env).await;
    let own_only = r#"{"statements":[{"effect":"allow","api":"User:*Permission","condition":"pathVariable('user_name') == samUserName"}]}"#;
    sam_user(&env, &root, "self", Some(own_only)).await;
    env.account.create_sam_user(&root, "other", "").await.unwrap();
    let (me, _) = sam_session(&env, &op(&root), "self").await;
    assert!(env.account.sam_permission(&me, "self").await.unwrap().is_some());
    assert_eq!(env.account.sam_permission(&me, "other").await, Err(denied("User:getUserPermission")));
});

store_test!(deleting_a_user_ends_its_sessions, |env| {
    let root = root(&env).await;
    sam_user(&env, &root, "leaver", Some(ALL)).await;
    let (_, token) = sam_session(&env, &op(&root), "leaver").await;
    env.account.delete_sam_user(&root, "leaver").await.unwrap();
    assert_eq!(env.account.principal(&token).await.unwrap(), None);
});

store_test!(setting_or_removing_a_password_ends_the_users_sessions, |env| {
    let root = root(&env).await;
    sam_user(&env, &root, "dev", None).await;
    let (_, token) = sam_session(&env, &op(&root), "dev").await;
    let pw = Secret::new("garden-copper-55");
    env.account.set_user_password(&root, "dev", None, &pw, &pw).await.unwrap();
    assert_eq!(env.account.principal(&token).await.unwrap(), None, "a new password ends its sessions");
    let short = Secret::new("short");
    assert_eq!(
        env.account.set_user_password(&root, "dev", None, &short, &short).await,
        Err(AppError::PasswordTooShort { min: 8 })
    );
    let step = env.account.sign_in_sam(&op(&root), "dev", &pw, &client()).await.unwrap();
    let token = step.signed_in().unwrap().session_token.expose().to_string();
    env.account.remove_sam_password(&root, "dev").await.unwrap();
    assert_eq!(env.account.principal(&token).await.unwrap(), None);
    assert!(!env.account.sam_has_password(&root, "dev").await.unwrap());
    assert_eq!(env.account.remove_sam_password(&root, "dev").await, Err(AppError::UserHasNoPassword));
    let after = env.account.sign_in_sam(&op(&root), "dev", &pw, &client()).await;
    assert_eq!(after.map(|_| ()), Err(AppError::InvalidCredentials), "programmatic-only users cannot sign in");
});

store_test!(sam_sign_in_answers_unknown_names_like_wrong_passwords_and_locks_them_alike, |env| {
    let root = root(&env).await;
    sam_user(&env, &root, "reader", None).await;
    let op = op(&root);
    let try_in = |o: String, n: &'static str, pw: &'static str| {
        let account = env.account.clone();
        async move { account.sign_in_sam(&o, n, &Secret::new(pw), &client()).await.map(|_| ()) }
    };
    assert_eq!(try_in(op.clone(), "reader", "wrong-password-1").await, Err(AppError::InvalidCredentials));
    assert_eq!(try_in(op.clone(), "nobody", SAM_PW).await, Err(AppError::InvalidCredentials));
    assert_eq!(try_in("OP0000000000".into(), "reader", SAM_PW).await, Err(AppError::InvalidCredentials));
    for name in ["reader", "nobody"] {
        for _ in 0..5 {
            let _ = try_in(op.clone(), name, "wrong-password-1").await;
        }
        assert_eq!(try_in(op.clone(), name, SAM_PW).await, Err(AppError::Locked), "{name} locked");
    }
    env.clock.advance(16 * 60);
    try_in(op.to_lowercase(), "reader", SAM_PW).await.unwrap();
});

store_test!(a_sam_user_with_mfa_gives_a_code_at_sign_in, |env| {
    let root = root(&env).await;
    sam_user(&env, &root, "reader", None).await;
    let (me, _) = sam_session(&env, &op(&root), "reader").await;
    let (secret, _codes) = enable_mfa(&env, &me.principal).await;
    let step = env.account.sign_in_sam(&op(&root), "reader", &Secret::new(SAM_PW), &client()).await.unwrap();
    let SignInStep::MfaRequired(pending) = step else { panic!("MFA is on") };
    env.clock.advance(30);
    let code = app::account::credential::totp::code_at(&secret, env.clock.now_secs());
    let signed = env.account.complete_mfa_sign_in(pending.expose(), &code, &client()).await.unwrap();
    let p = env.account.principal(signed.session_token.expose()).await.unwrap().unwrap();
    assert_eq!(p.sam_name(), Some("reader"));
    // The root user turns it off for a lost phone; the user's sessions end.
    env.account.revoke_mfa(&root, MfaOwner::User("reader"), Proof::default()).await.unwrap();
    assert_eq!(env.account.principal(signed.session_token.expose()).await.unwrap(), None);
    assert!(
        env.account
            .sign_in_sam(&op(&root), "reader", &Secret::new(SAM_PW), &client())
            .await
            .unwrap()
            .signed_in()
            .is_some()
    );
});

store_test!(every_change_is_recorded_with_who_and_what, |env| {
    let root = root(&env).await;
    sam_user(&env, &root, "reader", Some(LIST_USERS)).await;
    env.account.delete_sam_user(&root, "reader").await.unwrap();
    let kinds = env.account.event_kinds(root.principal.user_id).await.unwrap();
    for kind in ["sam_user_created", "sam_password_set", "permission_updated", "sam_user_deleted"] {
        assert!(kinds.iter().any(|k| k == kind), "{kind} in {kinds:?}");
    }
});

#[path = "access/auth_keys.rs"]
mod auth_keys;

#[path = "access/api_tokens.rs"]
mod api_tokens;

#[path = "access/limits.rs"]
mod limits;

async fn enable_mfa(env: &TestEnv, p: &Principal) -> (Vec<u8>, Vec<String>) {
    use app::account::Proof;
    env.account.begin_mfa_setup(p, Proof::default(), &client()).await.unwrap();
    let setup = env.account.mfa_status(p).await.unwrap().setup.unwrap();
    let secret = app::account::credential::totp::secret_from_base32(&setup.secret_base32).unwrap();
    let code = app::account::credential::totp::code_at(&secret, env.clock.now_secs());
    let codes = env.account.confirm_mfa_setup(p, &code, &client()).await.unwrap();
    (secret, codes)
}

store_test!(a_sam_user_changes_its_own_password_but_never_the_operators_email, |env| {
    use app::account::password_change::PasswordChange;
    let root = root(&env).await;
    sam_user(&env, &root, "reader", None).await;
    let (me, _) = sam_session(&env, &op(&root), "reader").await;
    let (cur, new) = (Secret::new(SAM_PW), Secret::new("meadow-anchor-19"));
    let form = PasswordChange { current: Some(&cur), new: &new, confirm: &new };
    env.account.change_password(&me.principal, form, &client()).await.unwrap();
    env.account.sign_in_sam(&op(&root), "reader", &new, &client()).await.unwrap();
    assert_eq!(env.account.email_settings(&me.principal).await.map(|_| ()), Err(AppError::RootOnly));
});

store_test!(a_document_can_deny_a_user_its_own_password_change, |env| {
    use app::account::password_change::PasswordChange;
    let root = root(&env).await;
    let deny = r#"{"statements":[{"effect":"deny","api":"User:updateUserPassword"}]}"#;
    sam_user(&env, &root, "kiosk", Some(deny)).await;
    let (me, _) = sam_session(&env, &op(&root), "kiosk").await;
    let (cur, new) = (Secret::new(SAM_PW), Secret::new("meadow-anchor-19"));
    let form = PasswordChange { current: Some(&cur), new: &new, confirm: &new };
    assert_eq!(
        env.account.change_password(&me.principal, form, &client()).await,
        Err(denied("User:updateUserPassword"))
    );
});

store_test!(the_root_user_sees_the_whole_operators_activity_and_a_sam_user_its_own, |env| {
    let root = root(&env).await;
    sam_user(&env, &root, "reader", Some(LIST_USERS)).await;
    let (me, _) = sam_session(&env, &op(&root), "reader").await;
    let page = env.account.activity(&root.principal, 0, 100).await.unwrap();
    assert!(page.operator_wide);
    let all = page.events;
    let reader_sign_in = all.iter().find(|e| e.kind == "sign_in" && e.who.as_deref() == Some("reader"));
    assert!(reader_sign_in.is_some(), "the root user sees the SAM user's sign-in: {all:?}");
    let created = all.iter().find(|e| e.kind == "sam_user_created").unwrap();
    assert_eq!((created.who.as_deref(), created.target.as_deref()), (Some("root@example.com"), Some("user:reader")));
    let page = env.account.activity(&me.principal, 0, 100).await.unwrap();
    assert!(!page.operator_wide);
    let own = page.events;
    assert!(own.iter().all(|e| e.who.as_deref() == Some("reader")), "{own:?}");
    assert!(own.iter().any(|e| e.kind == "sign_in"));
});

store_test!(refused_authorizations_are_recorded_once_a_minute_per_action_and_target, |env| {
    let root = root(&env).await;
    sam_user(&env, &root, "prober", None).await;
    let (prober, _) = sam_session(&env, &op(&root), "prober").await;
    let denied_kinds = |kinds: Vec<String>| kinds.iter().filter(|k| *k == "permission_denied").count();
    for _ in 0..3 {
        assert!(env.account.list_sam_users(&prober, "", 0).await.is_err());
    }
    assert_eq!(env.account.authorize_operator(&prober, "OP0000000000"), Err(AppError::ForeignOperator));
    assert_eq!(env.account.authorize_operator(&prober, "OP0000000000"), Err(AppError::ForeignOperator));
    env.account.settle_background().await;
    let kinds = env.account.event_kinds(prober.principal.user_id).await.unwrap();
    assert_eq!(denied_kinds(kinds.clone()), 1, "{kinds:?}");
    assert_eq!(kinds.iter().filter(|k| *k == "foreign_operator").count(), 1, "{kinds:?}");
    env.clock.advance(61);
    assert!(env.account.list_sam_users(&prober, "", 0).await.is_err());
    env.account.settle_background().await;
    assert_eq!(denied_kinds(env.account.event_kinds(prober.principal.user_id).await.unwrap()), 2);
});

store_test!(only_the_root_user_ends_the_root_users_api_tokens, |env| {
    let root = root(&env).await;
    sam_user(&env, &root, "admin", Some(r#"{"statements":[{"effect":"allow","api":"*"}]}"#)).await;
    let (admin, _) = sam_session(&env, &op(&root), "admin").await;
    assert_eq!(env.account.revoke_operator_tokens(&admin).await, Err(AppError::RootOnly));
    env.account.revoke_operator_tokens(&root).await.unwrap();
});

store_test!(a_page_number_past_any_list_answers_an_empty_page, |env| {
    let root = root(&env).await;
    sam_user(&env, &root, "someone", None).await;
    for page in [u64::MAX, u64::MAX / 50 + 1, 1 << 62] {
        let found = env.account.list_sam_users(&root, "", page).await.unwrap();
        assert!(found.users.is_empty() && !found.more, "page {page}");
    }
});

store_test!(a_refused_password_set_tells_nothing_of_the_target, |env| {
    // Security review 2 Info 1: a caller with neither password right learns
    // neither whether the user exists nor whether it has a password.
    let root = root(&env).await;
    sam_user(&env, &root, "prober", None).await;
    sam_user(&env, &root, "alice", None).await;
    env.account.create_sam_user(&root, "bob", "").await.unwrap();
    let (prober, _) = sam_session(&env, &op(&root), "prober").await;
    let pw = Secret::new("meadow-lantern-99");
    for target in ["alice", "bob", "nobody"] {
        let refused = env.account.set_user_password(&prober, target, None, &pw, &pw).await;
        assert_eq!(refused, Err(denied("User:updateUserPassword")), "{target}");
    }
});
