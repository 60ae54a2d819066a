//! The account logic: every rule about operators, users, sign-in, locks,
//! sessions and tokens, as plain async Rust over sea-orm. No Leptos types
//! live here; the console's server functions and the `/v1` API only adapt
//! it: each operation is one `Account` method holding its whole rule (the
//! permission, "is it myself?", the proof, the kind of session).
//!
//! # Index: each file and its public operations
//!
//! Who acts and who may:
//! - `identity.rs`: `Principal`, `Opened`, `Caller`, `ClientInfo` (no operations).
//! - `authz/`: `authorize`, `authorize_operator`, `allowed`; `verdict.rs` the verdict, `trust.rs` trust policies and `proof.rs` the proof table, pure; `doc_cache.rs` parsed documents.
//! - `rights.rs`: `user_rights`, `users_page_rights`, `may_create_role`, `role_rights`, `console_menu`.
//! - `reauth.rs`: `recently_authenticated`, `confirm_identity` (and `prove`, for the operations).
//! - `refusals.rs`: refused requests recorded once a minute (no operations).
//!
//! Signing up and in:
//! - `signup.rs`: `sign_up`, `verify_email`, `resend_verification`.
//! - `login.rs`: `sign_in_root`, `sign_in_sam`, `complete_mfa_sign_in`.
//! - `lock.rs`: the login lock and every `LockKey` (no operations).
//! - `known_client.rs`: the owner's usual client passes a name strangers keep locked (no operations).
//! - `operators.rs`: `operator_profile`, `create_operator_verified`.
//! - `sessions.rs`: `principal`, `sign_out`, `end_session`, `session_count`.
//! - `session_list.rs`: `list_sessions`, `end_session_of_user`, `end_all_other_sessions`.
//! - `api_tokens.rs`: `api_sign_in`, `api_principal`, `api_sign_out`, `renew_api_token`, `revoke_operator_tokens`, `revoke_user_tokens`.
//!
//! One's own account:
//! - `password_change.rs`: `change_password`, `end_other_sessions`.
//! - `reset.rs`: `request_password_reset`, `check_reset_token`, `reset_password`.
//! - `mfa/`: `mod.rs` the Security → MFA flow: `mfa_status`, `begin_mfa_setup`, `confirm_mfa_setup`, `regenerate_recovery_codes`, `take_new_recovery_codes`;
//!   `by_owner.rs` the same by owner (own, root's or a SAM user's): `mfa_state`, `enable_mfa_of`, `verify_mfa_of`, `revoke_mfa`;
//!   `revoke_token.rs` the lost authenticator: `issue_mfa_revoking_token`, `verify_mfa_revoking_token`;
//!   `recovery_codes.rs`: `recovery_codes_left`.
//! - `email/`: `settings.rs` the Email settings flows: `email_settings`, `request_email_change`, `cancel_email_change`, `confirm_email_change`, `request_recovery_email`, `confirm_recovery_email`, `remove_recovery_email`, `start_recovery`, `check_recover_token`, `recover_choose_primary`;
//!   `list.rs` the same addresses as the API lists them: `list_emails`, `get_email`, `delete_email`, `issue_add_email_token`, `verify_add_email_token`.
//! - `profile.rs`: `summary`, `settle_language`, `set_language`.
//! - `events.rs`: `activity`, `event_kinds`.
//!
//! Users, roles, keys, trust:
//! - `sam_users/`: `mod.rs`: `create_sam_user`, `list_sam_users`, `count_sam_users`, `get_sam_user`, `update_sam_user`, `delete_sam_user`;
//!   `access.rs` a user's password and document: `set_user_password`, `remove_sam_password`, `sam_has_password`, `sam_permission`, `update_sam_permission`, `delete_sam_permission`;
//!   `details.rs` users as the API shows them: `user_detail`, `user_details`, `role_user_details`, `user_role_list`.
//! - `roles.rs`: `create_role`, `list_roles`, `get_role`, `update_role`, `delete_role`, `role_users`, `user_roles`, `attach_role`, `detach_role`.
//! - `auth_keys.rs`: `key_rights`, `generate_auth_key`, `list_auth_keys`, `get_auth_key`, `delete_auth_key`.
//! - `trust.rs`: `trust_policy`, `update_trust_policy`, `delete_trust_policy`, `switch_user`.
//!
//! Mail, notes and housekeeping:
//! - `mail_queue.rs`: `send_queued_mail`, `queued_mail_count`; `mail/` templates and transport.
//! - `tokens.rs`: mailed one-time tokens (no operations).
//! - `drafts.rs`: `keep_draft`, `take_draft`. `page_note.rs`: `seal_page_note`, `open_page_note`.
//! - `purge.rs`: `purge_expired`. `background.rs`: `settle_background`.
//!
//! Primitives and storage:
//! - `credential/`: `password_hash.rs` (argon2id and its pool), `hash_load.rs`,
//!   `secret.rs` (secrets, tokens, digests), `secret_box.rs`, `totp.rs`,
//!   `jwt.rs`, `jwt_hs256.rs`, `password_policy.rs`, `email_address.rs` (no operations).
//! - `store/`: `db.rs`, `entities/`, `migration/`, `prebuilt.rs`, `backup.rs` (no operations).
//! - `clock.rs`, `config.rs`.

pub mod api_tokens;
pub mod auth_keys;
pub mod authz;
mod background;
pub mod clock;
pub mod config;
pub mod credential;
mod drafts;
pub mod email;
pub mod events;
mod identity;
pub mod known_client;
pub(crate) mod lock;
pub mod login;
pub mod mail;
pub mod mail_queue;
pub mod mfa;
mod operators;
pub mod page_note;
#[cfg(test)]
mod parser_props;
pub mod password_change;
mod profile;
pub mod purge;
pub mod reauth;
mod refusals;
pub mod reset;
pub mod rights;
pub mod roles;
pub mod sam_users;
pub mod session_list;
mod sessions;
pub mod signup;
pub mod store;
mod tokens;
pub mod trust;

pub use crate::error::AppError;
pub use authz::{Action, Target};
pub use clock::{Clock, FakeClock, SystemClock};
pub use config::{AccountConfig, Argon2Cost, LockPolicy};
pub use credential::secret::Secret;
pub use identity::{Caller, ClientInfo, Opened, Principal};
pub use login::{SignInStep, SignedIn};
pub use operators::{CreatedOperator, OperatorProfile};
pub use profile::Summary;
pub use reauth::{Proof, Reauthed};

use credential::password_hash::PasswordHasherService;
use credential::secret_box::{SecretBox, ServerKey};
use mail::Mailer;
use sea_orm::{DatabaseConnection, DbErr};
use std::sync::Arc;

/// The account service: a cheap handle (an `Arc`) over the database, the
/// mailer, the clock and the configuration.
#[derive(Clone, Debug)]
pub struct Account {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    db: DatabaseConnection,
    config: AccountConfig,
    clock: Arc<dyn Clock>,
    mailer: Mailer,
    hasher: PasswordHasherService,
    secrets: SecretBox,
    /// Mails sent after the answer (see `background`).
    background: tokio_util::task::TaskTracker,
    /// The hot queries' SQL, built once.
    statements: store::prebuilt::Statements,
    /// Refusals recorded this minute (see `refusals`).
    refusals: refusals::RefusalWindow,
    /// Permission documents parsed once per text (see `authz::doc_cache`).
    documents: authz::doc_cache::DocumentCache,
}

impl Account {
    /// Builds the service over an already migrated database; `server_key`
    /// seals the secrets the server must read back (TOTP secrets).
    pub fn new(
        db: DatabaseConnection,
        config: AccountConfig,
        clock: Arc<dyn Clock>,
        mailer: Mailer,
        server_key: &ServerKey,
    ) -> Result<Self, AppError> {
        let workers = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
        let wait = std::time::Duration::from_millis(config.hash_queue_wait_ms);
        let hasher = PasswordHasherService::new(config.argon2, workers, wait)?;
        let secrets = SecretBox::new(server_key);
        Ok(Account {
            inner: Arc::new(Inner {
                db,
                config,
                clock,
                mailer,
                hasher,
                secrets,
                background: tokio_util::task::TaskTracker::new(),
                statements: store::prebuilt::Statements::default(),
                refusals: refusals::RefusalWindow::default(),
                documents: authz::doc_cache::DocumentCache::default(),
            }),
        })
    }

    /// The database connection.
    pub fn db(&self) -> &DatabaseConnection {
        &self.inner.db
    }

    /// The configuration in force.
    pub fn config(&self) -> &AccountConfig {
        &self.inner.config
    }

    fn now(&self) -> i64 {
        self.inner.clock.now()
    }

    /// Whether the store answers (one trivial query): a load balancer's
    /// health check, so it stops sending requests to an instance whose
    /// database is away. `Err(StoreUnavailable)` while it cannot be reached.
    pub async fn check_store(&self) -> Result<(), AppError> {
        use sea_orm::ConnectionTrait;
        let db = self.db();
        let ping = sea_orm::Statement::from_string(db.get_database_backend(), "SELECT 1");
        db.execute(ping).await.map(|_| ()).map_err(internal)
    }

    fn link(&self, path: &str) -> String {
        format!("{}{path}", self.inner.config.public_url.trim_end_matches('/'))
    }
}

/// Database faults become [`AppError::Internal`], or
/// [`AppError::StoreUnavailable`] while the database cannot be reached;
/// the cause is logged.
pub(crate) fn internal(e: DbErr) -> AppError {
    if store::db::is_unreachable(&e) {
        tracing::warn!(error = %e, "the database cannot be reached");
        return AppError::StoreUnavailable;
    }
    tracing::error!(error = %e, "database error");
    AppError::Internal
}
