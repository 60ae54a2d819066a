//! Server configuration from environment variables (documented with their
//! defaults in the README).

use app::account::{AccountConfig, Argon2Cost, LockPolicy};
use std::path::PathBuf;

/// Everything the binary reads from its environment.
#[derive(Clone, Debug)]
pub struct ServerConfig {
    /// `GATEHOUSE_DATA_DIR`: SQLite file, outbox, generated server key.
    pub data_dir: PathBuf,
    /// `DATABASE_URL`: defaults to the SQLite file in the data folder.
    pub database_url: String,
    /// `SMTP_URL`: unset means the `.eml` outbox.
    pub smtp_url: Option<String>,
    /// `TRUSTED_PROXIES`: whose `Forwarded`/`X-Forwarded-For` names the client.
    pub trusted_proxies: crate::client_addr::TrustedProxies,
    pub account: AccountConfig,
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn num<T: std::str::FromStr>(name: &str, default: T) -> Result<T, String> {
    match var(name) {
        Some(v) => v.trim().parse().map_err(|_| format!("{name} must be a number, got {v:?}")),
        None => Ok(default),
    }
}

impl ServerConfig {
    /// Reads the configuration; `site_addr` is the listening address used
    /// for the default `PUBLIC_URL`.
    pub fn from_env(site_addr: &str) -> Result<Self, String> {
        let data_dir = PathBuf::from(var("GATEHOUSE_DATA_DIR").unwrap_or_else(|| "./data".into()));
        let database_url = var("DATABASE_URL")
            .unwrap_or_else(|| format!("sqlite://{}?mode=rwc", data_dir.join("gatehouse.db").display()));
        let d = AccountConfig::default();
        let lock = LockPolicy {
            max_failures: num("LOCK_MAX_FAILURES", d.lock.max_failures)?,
            window_secs: num("LOCK_WINDOW_SECS", d.lock.window_secs)?,
            max_consecutive_failures: num("LOCK_MAX_CONSECUTIVE_FAILURES", d.lock.max_consecutive_failures)?,
            lock_secs: num("LOCK_SECS", d.lock.lock_secs)?,
            max_lock_secs: num("LOCK_MAX_SECS", d.lock.max_lock_secs)?,
            max_failures_per_client: num("LOCK_MAX_FAILURES_PER_CLIENT", d.lock.max_failures_per_client)?,
            over_budget_delay_ms: num("LOCK_OVER_BUDGET_DELAY_MS", d.lock.over_budget_delay_ms)?,
        };
        if !(1..=100).contains(&lock.max_failures) {
            return Err("LOCK_MAX_FAILURES must be between 1 and 100 (NIST SP 800-63B)".into());
        }
        if !(1..=100).contains(&lock.max_consecutive_failures) {
            return Err("LOCK_MAX_CONSECUTIVE_FAILURES must be between 1 and 100 (NIST SP 800-63B)".into());
        }
        let argon2 = Argon2Cost {
            memory_kib: num("ARGON2_MEMORY_KIB", d.argon2.memory_kib)?,
            iterations: num("ARGON2_ITERATIONS", d.argon2.iterations)?,
            parallelism: num("ARGON2_PARALLELISM", d.argon2.parallelism)?,
        };
        let account = AccountConfig {
            public_url: var("PUBLIC_URL").unwrap_or_else(|| format!("http://{site_addr}")).trim_end_matches('/').into(),
            mail_from: var("MAIL_FROM").unwrap_or(d.mail_from),
            argon2,
            lock,
            min_password_len: num("PASSWORD_MIN_LENGTH", d.min_password_len)?.max(8),
            verify_token_secs: num("VERIFY_TOKEN_SECS", d.verify_token_secs)?,
            reset_token_secs: num("RESET_TOKEN_SECS", d.reset_token_secs)?,
            email_token_secs: num("EMAIL_TOKEN_SECS", d.email_token_secs)?,
            min_mail_response_ms: num("MIN_MAIL_RESPONSE_MS", d.min_mail_response_ms)?,
            hash_queue_wait_ms: num("HASH_QUEUE_WAIT_MS", d.hash_queue_wait_ms)?,
            session_idle_secs: num("SESSION_IDLE_SECS", d.session_idle_secs)?,
            session_absolute_secs: num("SESSION_ABSOLUTE_SECS", d.session_absolute_secs)?,
            api_token_absolute_secs: num("API_TOKEN_ABSOLUTE_SECS", d.api_token_absolute_secs)?,
        };
        app::account::mail::check_sender(&account.mail_from)?;
        let forwarding = crate::client_addr::ForwardingHeader::parse(&var("FORWARDED_HEADER").unwrap_or_default())?;
        let trusted_proxies =
            crate::client_addr::TrustedProxies::parse_with(&var("TRUSTED_PROXIES").unwrap_or_default(), forwarding)?;
        Ok(ServerConfig { data_dir, database_url, smtp_url: var("SMTP_URL"), trusted_proxies, account })
    }
}
