//! The account logic: every rule about operators, users, sign-in, locks,
//! sessions and tokens, as plain async Rust over sea-orm. No Leptos types
//! live here; server functions and the REST API only adapt it.

pub mod api_tokens;
pub mod auth_keys;
pub mod authz;
mod background;
pub mod backup;
pub mod clock;
pub mod config;
pub mod crypto;
pub mod db;
mod drafts;
pub mod email_address;
pub mod email_list;
pub mod email_settings;
pub mod entities;
pub mod events;
mod hash_load;
mod identity;
pub mod jwt;
mod jwt_hs256;
pub(crate) mod lock;
pub mod login;
pub mod mail;
pub mod mail_queue;
pub mod mfa;
pub mod mfa_revoke;
mod migration;
mod operators;
mod page_note;
#[cfg(test)]
mod parser_props;
pub mod password_change;
pub mod password_policy;
mod prebuilt;
mod profile;
pub mod purge;
pub mod reauth;
pub mod recovery_codes;
mod refusals;
pub mod reset;
pub mod rights;
pub mod roles;
pub mod sam_access;
pub mod sam_users;
pub mod secret_box;
pub mod session_list;
mod sessions;
pub mod signup;
mod tokens;
pub mod totp;
pub mod trust;
pub mod user_details;
pub mod user_mfa;

pub use crate::error::AppError;
pub use authz::{Action, Target};
pub use clock::{Clock, FakeClock, SystemClock};
pub use config::{AccountConfig, Argon2Cost, LockPolicy};
pub use crypto::Secret;
pub use identity::{Caller, ClientInfo, Opened, Principal};
pub use login::{SignInStep, SignedIn};
pub use operators::{CreatedOperator, OperatorProfile};
pub use profile::Summary;
pub use reauth::{Proof, Reauthed};

use crypto::PasswordHasherService;
use mail::Mailer;
use sea_orm::{DatabaseConnection, DbErr};
use secret_box::{SecretBox, ServerKey};
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
    statements: prebuilt::Statements,
    /// Refusals recorded this minute (see `refusals`).
    refusals: refusals::RefusalWindow,
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
                statements: prebuilt::Statements::default(),
                refusals: refusals::RefusalWindow::default(),
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

/// Database faults become [`AppError::Internal`]; the cause is logged.
pub(crate) fn internal(e: DbErr) -> AppError {
    if db::is_unreachable(&e) {
        tracing::warn!(error = %e, "the database cannot be reached");
        return AppError::StoreUnavailable;
    }
    tracing::error!(error = %e, "database error");
    AppError::Internal
}
