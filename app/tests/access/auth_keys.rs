//! Auth keys through the account service (part of the `access` suite).

use super::*;
use app::account::auth_keys::{KeyOwner, MAX_AUTH_KEYS};

fn alnum(s: &str) -> bool {
    s.chars().all(|c| c.is_ascii_alphanumeric())
}

store_test!(a_key_is_key_id_and_secret_shown_once_at_most_two_per_user, |env| {
    let root = root(&env).await;
    env.account.create_sam_user(&root, "robot", "").await.unwrap();
    let key =
        env.account.generate_auth_key(&root, KeyOwner::User("robot"), Proof::default()).await.map(|k| k.value).unwrap();
    let id = key.id.strip_prefix("keyId-").expect("keyId- prefix");
    assert!(id.len() == 32 && alnum(id), "{}", key.id);
    let secret = key.secret.expose().strip_prefix("secret-").expect("secret- prefix");
    assert!(secret.len() == 64 && alnum(secret));
    env.account.generate_auth_key(&root, KeyOwner::User("robot"), Proof::default()).await.map(|k| k.value).unwrap();
    assert_eq!(
        env.account
            .generate_auth_key(&root, KeyOwner::User("robot"), Proof::default())
            .await
            .map(|k| k.value)
            .map(|_| ()),
        Err(AppError::TooManyAuthKeys { max: MAX_AUTH_KEYS as usize })
    );
    let listed = env.account.list_auth_keys(&root, KeyOwner::User("robot")).await.unwrap();
    assert_eq!(listed.len(), 2);
    assert!(listed.iter().any(|k| k.id == key.id && k.last_used_at.is_none()));
    env.account.delete_auth_key(&root, KeyOwner::User("robot"), &key.id).await.unwrap();
    assert_eq!(
        env.account.delete_auth_key(&root, KeyOwner::User("robot"), &key.id).await,
        Err(AppError::AuthKeyNotFound)
    );
    env.account.generate_auth_key(&root, KeyOwner::User("robot"), Proof::default()).await.map(|k| k.value).unwrap();
});

store_test!(secrets_are_stored_only_as_hashes, |env| {
    use app::account::store::entities::auth_key;
    use sea_orm::EntityTrait;
    let root = root(&env).await;
    let key = env.account.generate_auth_key(&root, KeyOwner::Root, Proof::default()).await.map(|k| k.value).unwrap();
    let row = auth_key::Entity::find_by_id(key.id.clone()).one(env.account.db()).await.unwrap().unwrap();
    assert!(row.secret_hash.starts_with("$argon2id$"), "{}", row.secret_hash);
    assert!(!row.secret_hash.contains(key.secret.expose()));
});

store_test!(the_root_users_keys_are_the_root_users_alone, |env| {
    let root = root(&env).await;
    sam_user(&env, &root, "admin", Some(ALL)).await;
    let (admin, _) = sam_session(&env, &op(&root), "admin").await;
    assert_eq!(
        env.account.generate_auth_key(&admin, KeyOwner::Root, Proof::default()).await.map(|k| k.value).map(|_| ()),
        Err(AppError::RootOnly)
    );
    assert_eq!(env.account.list_auth_keys(&admin, KeyOwner::Root).await.map(|_| ()), Err(AppError::RootOnly));
    // Allowed everything else, it manages its own and others' keys.
    env.account.generate_auth_key(&admin, KeyOwner::User("admin"), Proof::default()).await.map(|k| k.value).unwrap();
    let before = env.mails().len();
    env.account.generate_auth_key(&root, KeyOwner::Root, Proof::default()).await.map(|k| k.value).unwrap();
    let mails = env.mails();
    assert_eq!(mails.len(), before + 1, "the root user is told of its new key");
    assert_eq!(mails.last().unwrap().1, "[Gatehouse] An auth key was created");
});

store_test!(a_sam_user_needs_permission_even_for_its_own_keys, |env| {
    let root = root(&env).await;
    sam_user(&env, &root, "reader", Some(LIST_USERS)).await;
    let (me, _) = sam_session(&env, &op(&root), "reader").await;
    assert_eq!(
        env.account
            .generate_auth_key(&me, KeyOwner::User("reader"), Proof::default())
            .await
            .map(|k| k.value)
            .map(|_| ()),
        Err(denied("User:generateUserAuthKey"))
    );
});

store_test!(making_a_key_in_the_console_needs_a_recent_sign_in_or_the_password, |env| {
    use app::account::Proof;
    let root = root(&env).await;
    env.account.create_sam_user(&root, "robot", "").await.unwrap();
    env.clock.advance(11 * 60);
    let old = root.clone();
    let refused = env.account.generate_auth_key(&old, KeyOwner::User("robot"), Proof::default()).await;
    assert_eq!(refused.map(|_| ()), Err(AppError::ReauthRequired));
    let pw = Secret::new(PW);
    let made = env.account.generate_auth_key(&old, KeyOwner::User("robot"), Proof::password(&pw)).await.unwrap();
    assert!(made.new_session.is_some(), "a re-authentication renews the session");
    assert_eq!(env.account.list_auth_keys(&root, KeyOwner::User("robot")).await.unwrap().len(), 1);
});

store_test!(a_users_keys_go_with_it, |env| {
    use app::account::store::entities::auth_key;
    use sea_orm::{EntityTrait, PaginatorTrait};
    let root = root(&env).await;
    env.account.create_sam_user(&root, "robot", "").await.unwrap();
    env.account.generate_auth_key(&root, KeyOwner::User("robot"), Proof::default()).await.map(|k| k.value).unwrap();
    env.account.delete_sam_user(&root, "robot").await.unwrap();
    assert_eq!(auth_key::Entity::find().count(env.account.db()).await.unwrap(), 0);
});
