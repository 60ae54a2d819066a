//! Auth keys: programmatic credentials of a user (the root user or a SAM
//! user). The id is `keyId-` + 32 alphanumerics, the secret `secret-` + 64;
//! the secret is returned once and stored only as an argon2id hash. At most
//! [`MAX_AUTH_KEYS`] per user. Every operation takes the [`Caller`] and
//! begins with `authorize`: the root user's keys are the root user's alone.

use super::authz::proof::Guarded;
use super::authz::{Action, Target};
use super::credential::secret::random_token;
use super::events::EventKind;
use super::mail::templates;
use super::store::entities::{auth_key, user};
use super::{Account, AppError, Caller, Proof, Reauthed, Secret, internal};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set};

/// The most auth keys one user may have.
pub const MAX_AUTH_KEYS: u64 = 2;

/// Whose keys an operation is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyOwner<'a> {
    /// The caller's own, whoever it is (the console's Security → Auth keys).
    Own,
    /// The operator's root user.
    Root,
    /// A SAM user of the caller's operator.
    User(&'a str),
}

/// An auth key as listed (never its secret).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthKeyInfo {
    pub id: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
}

/// A key just made: the only moment its secret exists in plain text.
#[derive(Debug)]
pub struct NewAuthKey {
    pub id: String,
    pub secret: Secret,
    pub created_at: i64,
}

/// The operations on one owner's keys, by the names documents use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyActions {
    pub list: Action,
    pub generate: Action,
    pub delete: Action,
}

/// What the caller may do with one owner's keys (the console shows what
/// it may), and whether making one would ask for the password now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyRights {
    pub generate: bool,
    pub delete: bool,
    pub needs_password: bool,
}

impl<'a> KeyOwner<'a> {
    /// The console's choice of keys: a SAM user's page names the user;
    /// no name (or an empty one) means the caller's own.
    pub fn named(user: Option<&'a str>) -> KeyOwner<'a> {
        user.filter(|u| !u.is_empty()).map_or(KeyOwner::Own, KeyOwner::User)
    }

    /// `Own` said as who the caller is.
    fn resolve(self, caller: &'a Caller) -> KeyOwner<'a> {
        match (self, caller.principal.sam_name()) {
            (KeyOwner::Own, Some(name)) => KeyOwner::User(name),
            (KeyOwner::Own, None) => KeyOwner::Root,
            (owner, _) => owner,
        }
    }

    /// The actions that govern these keys (`Own` as the caller is).
    pub fn actions(self, caller: &Caller) -> KeyActions {
        match self.resolve(caller) {
            KeyOwner::User(_) => KeyActions {
                list: Action::ListUserAuthKeys,
                generate: Action::GenerateUserAuthKey,
                delete: Action::DeleteUserAuthKey,
            },
            _ => KeyActions {
                list: Action::ListOperatorAuthKeys,
                generate: Action::GenerateOperatorAuthKey,
                delete: Action::DeleteOperatorAuthKey,
            },
        }
    }

    /// The target the permission is asked on.
    fn target(self, caller: &'a Caller) -> Target<'a> {
        match self.resolve(caller) {
            KeyOwner::User(name) => Target::user(name),
            _ => Target::OPERATOR,
        }
    }

    /// The proof making a key of this owner needs (see `authz::proof`).
    fn guarded(self, caller: &Caller) -> Guarded {
        match self.resolve(caller) {
            KeyOwner::User(name) if !caller.principal.is_user(name) => Guarded::OthersKey,
            KeyOwner::User(_) => Guarded::OwnKey { root: false },
            _ => Guarded::OwnKey { root: true },
        }
    }
}

impl Account {
    /// Authorizes `action` on the keys of `owner` and finds the owner.
    async fn key_owner(&self, caller: &Caller, owner: KeyOwner<'_>, action: Action) -> Result<user::Model, AppError> {
        self.authorize(caller, action, owner.target(caller)).await?;
        match owner.resolve(caller) {
            KeyOwner::User(name) => self.sam_user_of(caller, name).await,
            _ => self.operator_root(caller.principal.operator_id()).await,
        }
    }

    /// What the caller may do with `owner`'s keys, decided as the
    /// operations themselves decide.
    pub async fn key_rights(&self, caller: &Caller, owner: KeyOwner<'_>) -> Result<KeyRights, AppError> {
        let a = owner.actions(caller);
        let may = self.allowed(caller, &[a.generate, a.delete], owner.target(caller)).await?;
        Ok(KeyRights {
            generate: may.contains(&a.generate),
            delete: may.contains(&a.delete),
            needs_password: !self.recently_authenticated(&caller.principal),
        })
    }

    /// `generateOperatorAuthKey`, `generateUserAuthKey` and the console's
    /// "new key": makes a key for `owner` by who may, with the proof of
    /// `authz::proof` (a recent sign-in, or the password and a code now,
    /// which renews the session; never from a switched token; from an
    /// auth key's token only a SAM user's own). The secret is in the
    /// answer and nowhere else.
    pub async fn generate_auth_key(
        &self,
        caller: &Caller,
        owner: KeyOwner<'_>,
        given: Proof<'_>,
    ) -> Result<Reauthed<NewAuthKey>, AppError> {
        let u = self.key_owner(caller, owner, owner.actions(caller).generate).await?;
        let Reauthed { value: principal, new_session } = self.prove(caller, owner.guarded(caller), given).await?;
        let caller = Caller { principal, client: caller.client.clone() };
        let held = auth_key::Entity::find().filter(auth_key::Column::UserId.eq(u.id)).count(self.db()).await;
        if held.map_err(internal)? >= MAX_AUTH_KEYS {
            return Err(AppError::TooManyAuthKeys { max: MAX_AUTH_KEYS as usize });
        }
        let id = format!("keyId-{}", random_token().expose());
        let secret = Secret::new(format!("secret-{}{}", random_token().expose(), random_token().expose()));
        let secret_hash = self.inner.hasher.hash(&secret).await?;
        let created_at = self.now();
        auth_key::ActiveModel {
            id: Set(id.clone()),
            user_id: Set(u.id),
            secret_hash: Set(secret_hash),
            created_at: Set(created_at),
            last_used_at: Set(None),
        }
        .insert(self.db())
        .await
        .map_err(internal)?;
        self.record_access(&caller, EventKind::AuthKeyCreated, &key_target(&u, &id)).await?;
        if u.kind == user::UserKind::Root {
            let link = self.link(crate::paths::SECURITY_AUTH_KEYS);
            self.notify_user(&u, |to| templates::auth_key_created(to, u.lang(), &id, &link)).await;
        }
        Ok(Reauthed { value: NewAuthKey { id, secret, created_at }, new_session })
    }

    /// The keys of `owner`, oldest first.
    pub async fn list_auth_keys(&self, caller: &Caller, owner: KeyOwner<'_>) -> Result<Vec<AuthKeyInfo>, AppError> {
        let u = self.key_owner(caller, owner, owner.actions(caller).list).await?;
        let rows = auth_key::Entity::find()
            .filter(auth_key::Column::UserId.eq(u.id))
            .order_by_asc(auth_key::Column::CreatedAt)
            .order_by_asc(auth_key::Column::Id)
            .all(self.db())
            .await
            .map_err(internal)?;
        Ok(rows
            .into_iter()
            .map(|k| AuthKeyInfo { id: k.id, created_at: k.created_at, last_used_at: k.last_used_at })
            .collect())
    }

    /// `User:getUserAuthKey`: one key of a SAM user.
    pub async fn get_auth_key(&self, caller: &Caller, name: &str, key_id: &str) -> Result<AuthKeyInfo, AppError> {
        let u = self.key_owner(caller, KeyOwner::User(name), Action::GetUserAuthKey).await?;
        let k = auth_key::Entity::find_by_id(key_id.to_string())
            .filter(auth_key::Column::UserId.eq(u.id))
            .one(self.db())
            .await
            .map_err(internal)?
            .ok_or(AppError::AuthKeyNotFound)?;
        Ok(AuthKeyInfo { id: k.id, created_at: k.created_at, last_used_at: k.last_used_at })
    }

    /// Deletes one of `owner`'s keys; programs using it are refused from now on.
    pub async fn delete_auth_key(&self, caller: &Caller, owner: KeyOwner<'_>, key_id: &str) -> Result<(), AppError> {
        let u = self.key_owner(caller, owner, owner.actions(caller).delete).await?;
        let gone = auth_key::Entity::delete_many()
            .filter(auth_key::Column::Id.eq(key_id))
            .filter(auth_key::Column::UserId.eq(u.id))
            .exec(self.db())
            .await
            .map_err(internal)?;
        if gone.rows_affected == 0 {
            return Err(AppError::AuthKeyNotFound);
        }
        self.end_key_sessions(key_id).await?;
        self.record_access(caller, EventKind::AuthKeyDeleted, &key_target(&u, key_id)).await
    }

    /// The operator's root user.
    pub(crate) async fn operator_root(&self, operator_id: &str) -> Result<user::Model, AppError> {
        user::Entity::find()
            .filter(user::Column::OperatorId.eq(operator_id))
            .filter(user::Column::Kind.eq(user::UserKind::Root))
            .one(self.db())
            .await
            .map_err(internal)?
            .ok_or(AppError::Internal)
    }
}

/// What a key event acted on: `key:<id>`, with the SAM user's name.
fn key_target(u: &user::Model, key_id: &str) -> String {
    match &u.name {
        Some(name) => format!("user:{name} key:{key_id}"),
        None => format!("key:{key_id}"),
    }
}
