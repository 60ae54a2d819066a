//! The `/v1` API's credentials: `POST /v1/auth` trades an email and
//! password, an operator id + user name and password, or an auth key for an
//! API key and an API token (a JWT, see [`super::credential::jwt`]). A token is a
//! session of kind `api`: it ends when it expires, at sign-out, at a
//! revocation, and whenever its user's sessions end (password changed or
//! reset, the user deleted, …); a token opened with an auth key also ends
//! when that key is deleted. Sign-in shares the console's login lock, its
//! one answer for unknown and wrong, and its MFA rules.

use super::authz::{Action, Target};
use super::credential::jwt::{self, Claims, OperatorClaim};
use super::credential::secret::{constant_time_eq, random_token, token_digest};
use super::events::EventKind;
use super::lock::LockKey;
use super::login::check_password_input;
use super::profile::Summary;
use super::sessions::SessionKind;
use super::store::entities::{auth_key, session, user};
use super::{Account, AppError, Caller, ClientInfo, Opened, Principal, Secret, internal};
use crate::error::Field;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

/// The shortest token lifetime a caller may ask for (seconds).
pub const MIN_TOKEN_SECS: i64 = 180;
/// The longest token lifetime a caller may ask for (seconds).
pub const MAX_TOKEN_SECS: i64 = 172_800;
/// The lifetime of a token when none is asked for (seconds).
pub const DEFAULT_TOKEN_SECS: i64 = 86_400;
/// The longest auth key id and secret looked at (ours are 38 and 71).
const MAX_KEY_INPUT: usize = 128;

/// What a program signs in with.
#[derive(Clone, Copy, Debug)]
pub enum ApiCredentials<'a> {
    /// The root user: primary email and password.
    Email { email: &'a str, password: &'a Secret },
    /// A SAM user: its operator id, name and password.
    SamUser { operator_id: &'a str, user_name: &'a str, password: &'a Secret },
    /// An auth key of the root user or of a SAM user.
    AuthKey { id: &'a str, secret: &'a Secret },
}

/// A `POST /v1/auth` request.
#[derive(Clone, Copy, Debug)]
pub struct ApiSignIn<'a> {
    pub credentials: ApiCredentials<'a>,
    /// The TOTP (or recovery) code, for password users with MFA on.
    pub mfa_code: Option<&'a str>,
    /// The token's lifetime; [`DEFAULT_TOKEN_SECS`] when absent.
    pub timeout_secs: Option<i64>,
}

/// The answer of a sign-in: what the program sends on every later call.
#[derive(Debug)]
pub struct ApiToken {
    pub api_key: Secret,
    pub token: Secret,
    pub operator_id: String,
    /// The SAM user's name; `None` for the root user.
    pub user_name: Option<String>,
}

/// What a token's session holds of how it was opened.
#[derive(Clone, Copy, Debug)]
struct ApiKeyOf<'a> {
    /// The auth key it was opened with, if any (deleting it ends the token).
    auth_key_id: Option<&'a str>,
    /// The digest of the API key that must come with the token.
    key_hash: &'a str,
    /// When the password was entered to open it (none for an auth key).
    password_at: Option<i64>,
    /// When the first token of its line was opened (a renewal keeps it):
    /// no token of the line outlives it by more than the absolute lifetime.
    opened_at: i64,
    /// A switched token's origin session (see `trust::switch_user`).
    origin: Option<&'a str>,
}

/// Checks an asked token lifetime.
fn token_secs(asked: Option<i64>) -> Result<i64, AppError> {
    match asked {
        None => Ok(DEFAULT_TOKEN_SECS),
        Some(s) if (MIN_TOKEN_SECS..=MAX_TOKEN_SECS).contains(&s) => Ok(s),
        Some(_) => Err(AppError::TokenTimeoutInvalid { min: MIN_TOKEN_SECS, max: MAX_TOKEN_SECS }),
    }
}

impl Account {
    /// `POST /v1/auth`: checks the credentials (and the MFA code of a
    /// password user with MFA on) and opens a token.
    pub async fn api_sign_in(&self, req: ApiSignIn<'_>, client: &ClientInfo) -> Result<ApiToken, AppError> {
        let secs = token_secs(req.timeout_secs)?;
        let by_password = !matches!(req.credentials, ApiCredentials::AuthKey { .. });
        let (user, auth_key) = match req.credentials {
            ApiCredentials::Email { email, password } => {
                let email = super::credential::email_address::EmailAddress::parse(email)?;
                check_password_input(password)?;
                let name_key = user::lock_key_for_email(email.as_str());
                let found = self.root_by_email(&email).await?.filter(|u| u.email_verified);
                let u = self.guarded_password_check(&name_key, found, password, client).await?;
                (self.api_second_step(u, &name_key, req.mfa_code, client).await?, None)
            }
            ApiCredentials::SamUser { operator_id, user_name, password } => {
                let operator_id = operator_id.trim().to_ascii_uppercase();
                let name = user_name.trim();
                if operator_id.is_empty() {
                    return Err(AppError::Required(Field::OperatorId));
                }
                if name.is_empty() {
                    return Err(AppError::Required(Field::Name));
                }
                if operator_id.chars().count() > 12 || name.chars().count() > super::sam_users::MAX_NAME {
                    return Err(AppError::InvalidCredentials);
                }
                check_password_input(password)?;
                let name_key = user::lock_key_for_sam(&operator_id, name);
                let found = self.sam_user(&operator_id, name).await?.filter(|u| u.password_hash.is_some());
                let u = self.guarded_password_check(&name_key, found, password, client).await?;
                (self.api_second_step(u, &name_key, req.mfa_code, client).await?, None)
            }
            ApiCredentials::AuthKey { id, secret } => {
                let (u, key) = self.check_auth_key(id, secret, client).await?;
                (u, Some(key))
            }
        };
        let api_key = Secret::new(format!("api-{}", random_token().expose()));
        let key_hash = token_digest(api_key.expose());
        let password_at = by_password.then(|| self.now());
        let opened_at = self.now();
        let key =
            ApiKeyOf { auth_key_id: auth_key.as_deref(), key_hash: &key_hash, password_at, opened_at, origin: None };
        let token = self.open_api_session(&user, key, secs, client).await?;
        self.record(Some(user.id), Some(&user.operator_id), EventKind::ApiSignIn, client).await?;
        Ok(ApiToken { api_key, token, operator_id: user.operator_id, user_name: user.name })
    }

    /// After the right password: the operator must be active, and a user
    /// with MFA on must send a right, unused code (counted like the
    /// console's MFA step; until it succeeds the attempt stays counted).
    async fn api_second_step(
        &self,
        u: user::Model,
        name_key: &str,
        code: Option<&str>,
        client: &ClientInfo,
    ) -> Result<user::Model, AppError> {
        self.ensure_operator_active(&u.operator_id).await?;
        if !u.mfa_enabled {
            self.settle_sign_in(name_key, client).await?;
            return Ok(u);
        }
        let Some(code) = code.map(str::trim).filter(|c| !c.is_empty()) else {
            return Err(AppError::MfaCodeRequired);
        };
        // The same code check as the console's MFA step (a TOTP or a recovery code).
        self.counted_code_check(&u, code, client, self.accept_code(&u, code, client)).await?;
        self.settle_success(name_key).await?;
        Ok(u)
    }

    /// An auth key sign-in: the key's secret is checked like a password
    /// (the lock is per key id and client, and mails nobody; an unknown id
    /// costs and answers the same).
    async fn check_auth_key(
        &self,
        id: &str,
        secret: &Secret,
        client: &ClientInfo,
    ) -> Result<(user::Model, String), AppError> {
        let id = id.trim();
        if id.is_empty() {
            return Err(AppError::Required(Field::Token));
        }
        if secret.expose().is_empty() {
            return Err(AppError::Required(Field::Password));
        }
        if id.len() > MAX_KEY_INPUT || secret.expose().len() > MAX_KEY_INPUT {
            return Err(AppError::InvalidCredentials);
        }
        let found = auth_key::Entity::find_by_id(id.to_string())
            .find_also_related(user::Entity)
            .one(self.db())
            .await
            .map_err(internal)?;
        let (key, owner) = match found {
            Some((key, Some(owner))) => (Some(key), Some(owner)),
            _ => (None, None),
        };
        // Guesses are counted per key and client: whoever knows the id (it
        // is no secret) cannot lock the key for its owner.
        let bucket = client.addr.as_deref().map(super::lock::client_bucket).unwrap_or_default();
        let name_key = LockKey::AuthKey { id, client: bucket }.to_string();
        let hash = key.as_ref().map(|k| k.secret_hash.as_str());
        let u = self.guarded_secret_check(&name_key, owner, hash, secret, client, false).await?;
        self.ensure_operator_active(&u.operator_id).await?;
        self.settle_success(&name_key).await?;
        auth_key::Entity::update_many()
            .col_expr(auth_key::Column::LastUsedAt, Some(self.now()).into())
            .filter(auth_key::Column::Id.eq(id))
            .exec(self.db())
            .await
            .map_err(internal)?;
        Ok((u, id.to_string()))
    }

    /// Stores a token's session and signs the token.
    async fn open_api_session(
        &self,
        u: &user::Model,
        key: ApiKeyOf<'_>,
        secs: i64,
        client: &ClientInfo,
    ) -> Result<Secret, AppError> {
        let now = self.now();
        let jti = random_token();
        let expires_at = (now + secs).min(key.opened_at + self.config().api_token_absolute_secs);
        session::ActiveModel {
            id_hash: Set(token_digest(jti.expose())),
            user_id: Set(u.id),
            created_at: Set(key.opened_at),
            last_seen_at: Set(now),
            expires_at: Set(expires_at),
            client_addr: Set(client.addr.as_ref().map(|a| a.chars().take(64).collect())),
            user_agent: Set(client.user_agent.as_ref().map(|a| a.chars().take(512).collect())),
            reauth_at: Set(key.password_at),
            flash: Set(None),
            draft: Set(None),
            kind: Set(session::API.to_string()),
            api_key_hash: Set(Some(key.key_hash.to_string())),
            auth_key_id: Set(key.auth_key_id.map(str::to_string)),
            origin_session: Set(key.origin.map(str::to_string)),
        }
        .insert(self.db())
        .await
        .map_err(internal)?;
        let operator = OperatorClaim { operator_id: u.operator_id.clone(), user_name: u.name.clone() };
        let claims = Claims::new(jti.expose().to_string(), operator, now, expires_at);
        Ok(Secret::new(jwt::sign(self.inner.secrets.token_key(), &claims)))
    }

    /// The principal behind an API key and token, read afresh on every
    /// request: a forged, altered, expired or revoked token, or an API key
    /// that is not the token's, is refused with the same answer.
    pub async fn api_principal(
        &self,
        api_key: Option<&str>,
        token: Option<&str>,
        client: &ClientInfo,
    ) -> Result<Principal, AppError> {
        let found = self.token_principal(api_key, token).await;
        if found == Err(AppError::TokenInvalid) {
            self.note_invalid_token(client);
        }
        found
    }

    async fn token_principal(&self, api_key: Option<&str>, token: Option<&str>) -> Result<Principal, AppError> {
        let (Some(api_key), Some(token)) = (api_key.filter(|k| !k.is_empty()), token.filter(|t| !t.is_empty())) else {
            return Err(AppError::TokenMissing);
        };
        if api_key.len() > 256 || token.len() > 4096 {
            return Err(AppError::TokenInvalid);
        }
        let now = self.now();
        let claims = jwt::verify(self.inner.secrets.token_key(), token, now).ok_or(AppError::TokenInvalid)?;
        let found = self.active_session(&token_digest(&claims.jti), SessionKind::Api).await?;
        let Some((s, u)) = found else { return Err(AppError::TokenInvalid) };
        let key_matches =
            s.api_key_hash.as_deref().is_some_and(|h| constant_time_eq(h.as_bytes(), token_digest(api_key).as_bytes()));
        let past_lifetime = s.created_at + self.config().api_token_absolute_secs <= now;
        if !key_matches || s.expires_at <= now || past_lifetime || u.operator_id != claims.operator.operator_id {
            return Err(AppError::TokenInvalid);
        }
        if let Some(origin) = &s.origin_session
            && !self.session_lives(origin, now).await?
        {
            return Err(AppError::TokenInvalid);
        }
        Ok(Principal {
            user_id: u.id,
            summary: Summary::of(&u),
            language: u.language,
            // Only a password sign-in counts as entering the password: a
            // token of an auth key never passes as recently authenticated.
            authenticated_at: s.reauth_at.unwrap_or(0),
            opened: match (&s.origin_session, &s.auth_key_id, s.reauth_at) {
                (None, Some(_), _) => Opened::AuthKeyToken,
                (None, None, Some(_)) => Opened::PasswordToken,
                _ => Opened::SwitchedToken,
            },
            session_id: s.id_hash,
        })
    }

    /// `POST /v1/auth/logout`: ends the caller's token (any caller may).
    pub async fn api_sign_out(&self, caller: &Caller) -> Result<(), AppError> {
        let p = &caller.principal;
        session::Entity::delete_many()
            .filter(session::Column::IdHash.eq(p.session_id.as_str()))
            .filter(session::Column::Kind.eq(session::API))
            .exec(self.db())
            .await
            .map_err(internal)?;
        self.record(Some(p.user_id), Some(p.operator_id()), EventKind::ApiSignOut, &caller.client).await
    }

    /// A new API key and token of `u` opened without its password by a
    /// switch from the session `origin`: it never counts as a fresh
    /// sign-in, and it ends when `origin` ends.
    pub(crate) async fn open_token_for(
        &self,
        u: &user::Model,
        timeout_secs: Option<i64>,
        origin: &str,
        client: &ClientInfo,
    ) -> Result<ApiToken, AppError> {
        let secs = token_secs(timeout_secs)?;
        let api_key = Secret::new(format!("api-{}", random_token().expose()));
        let key_hash = token_digest(api_key.expose());
        let key = ApiKeyOf {
            auth_key_id: None,
            key_hash: &key_hash,
            password_at: None,
            opened_at: self.now(),
            origin: Some(origin),
        };
        let token = self.open_api_session(u, key, secs, client).await?;
        Ok(ApiToken { api_key, token, operator_id: u.operator_id.clone(), user_name: u.name.clone() })
    }

    /// `Operator:generateAuthToken`: a new token for the caller's API key,
    /// beside the one it calls with (which stands until it expires or is
    /// revoked). It ends at the latest when the first token of its line
    /// reaches the absolute lifetime (`API_TOKEN_ABSOLUTE_SECS`).
    pub async fn renew_api_token(&self, caller: &Caller, timeout_secs: Option<i64>) -> Result<Secret, AppError> {
        self.authorize(caller, Action::GenerateAuthToken, Target::OPERATOR).await?;
        let secs = token_secs(timeout_secs)?;
        let current = session::Entity::find_by_id(caller.principal.session_id.clone())
            .filter(session::Column::Kind.eq(session::API))
            .one(self.db())
            .await
            .map_err(internal)?
            .ok_or(AppError::TokenInvalid)?;
        let u = self.user(caller.principal.user_id).await?;
        let key_hash = current.api_key_hash.ok_or(AppError::TokenInvalid)?;
        let key = ApiKeyOf {
            auth_key_id: current.auth_key_id.as_deref(),
            key_hash: &key_hash,
            password_at: current.reauth_at,
            opened_at: current.created_at,
            origin: current.origin_session.as_deref(),
        };
        self.open_api_session(&u, key, secs, &caller.client).await
    }

    /// `Operator:revokeOperatorAuthTokens`: ends every API token of the
    /// operator's root user.
    pub async fn revoke_operator_tokens(&self, caller: &Caller) -> Result<(), AppError> {
        self.authorize(caller, Action::RevokeOperatorAuthTokens, Target::OPERATOR).await?;
        let root = self.operator_root(caller.principal.operator_id()).await?;
        self.end_api_sessions(root.id).await?;
        self.record_access(caller, EventKind::ApiTokensRevoked, "root").await
    }

    /// `User:revokeUserAuthTokens`: ends every API token of a SAM user.
    pub async fn revoke_user_tokens(&self, caller: &Caller, name: &str) -> Result<(), AppError> {
        self.authorize(caller, Action::RevokeUserAuthTokens, Target::user(name)).await?;
        let u = self.sam_user_of(caller, name).await?;
        self.end_api_sessions(u.id).await?;
        self.record_access(caller, EventKind::ApiTokensRevoked, &format!("user:{name}")).await
    }

    /// Deletes every API session of a user.
    async fn end_api_sessions(&self, user_id: i64) -> Result<(), AppError> {
        session::Entity::delete_many()
            .filter(session::Column::UserId.eq(user_id))
            .filter(session::Column::Kind.eq(session::API))
            .exec(self.db())
            .await
            .map(|_| ())
            .map_err(internal)
    }

    /// Ends the tokens opened with an auth key (the key was deleted).
    pub(crate) async fn end_key_sessions(&self, key_id: &str) -> Result<(), AppError> {
        session::Entity::delete_many()
            .filter(session::Column::AuthKeyId.eq(key_id))
            .exec(self.db())
            .await
            .map(|_| ())
            .map_err(internal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_lives_a_day_unless_asked_otherwise_within_the_range() {
        assert_eq!(token_secs(None), Ok(DEFAULT_TOKEN_SECS));
        assert_eq!(token_secs(Some(180)), Ok(180));
        assert_eq!(token_secs(Some(172_800)), Ok(172_800));
        for bad in [179, 172_801, 0, -1, i64::MAX] {
            assert_eq!(token_secs(Some(bad)), Err(AppError::TokenTimeoutInvalid { min: 180, max: 172_800 }));
        }
    }
}
