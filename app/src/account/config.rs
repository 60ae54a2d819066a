//! The tunable numbers of the account rules (lock, lifetimes, password
//! policy, argon2 cost), with the product's defaults.

/// argon2id cost parameters. Production uses the OWASP minimum
/// (m = 19456 KiB, t = 2, p = 1); tests lower it to stay fast.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Argon2Cost {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

impl Default for Argon2Cost {
    fn default() -> Self {
        Argon2Cost { memory_kib: 19_456, iterations: 2, parallelism: 1 }
    }
}

/// When a sign-in name is locked and for how long.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LockPolicy {
    /// Failures within `window_secs` that lock the name.
    pub max_failures: i32,
    /// The window failures are counted in.
    pub window_secs: i64,
    /// Failures since the last success, whatever the window, that lock the
    /// name (and every further failure then locks again): slow guessing
    /// below the window's limit still locks (NIST: at most 100).
    pub max_consecutive_failures: i32,
    /// The first lock's length; each further lock without a success between
    /// doubles it, up to `max_lock_secs`.
    pub lock_secs: i64,
    /// The longest lock. Short on purpose: anyone can lock any name, so a
    /// lock must be cheap for its owner to sit out (or lift with a reset).
    pub max_lock_secs: i64,
    /// Failures from one client address (over all names) within the window
    /// that throttle that address.
    pub max_failures_per_client: i32,
    /// How long a sign-in from a client past its budget waits before its
    /// password is checked: the client is slowed down, and a correct
    /// password still signs in (a NAT shared with a guesser is not shut out).
    pub over_budget_delay_ms: u64,
}

impl Default for LockPolicy {
    fn default() -> Self {
        LockPolicy {
            max_failures: 5,
            window_secs: 15 * 60,
            max_consecutive_failures: 20,
            lock_secs: 15 * 60,
            max_lock_secs: 60 * 60,
            max_failures_per_client: 50,
            over_budget_delay_ms: 1_000,
        }
    }
}

/// Everything the account logic needs to know about its installation.
#[derive(Clone, Debug)]
pub struct AccountConfig {
    /// Base URL used in mailed links, without a trailing slash.
    pub public_url: String,
    /// The sender of every mail.
    pub mail_from: String,
    pub argon2: Argon2Cost,
    pub lock: LockPolicy,
    /// Shortest accepted password (NIST SP 800-63B: at least 8).
    pub min_password_len: usize,
    /// Lifetime of the sign-up verification link.
    pub verify_token_secs: i64,
    /// Lifetime of a password reset link.
    pub reset_token_secs: i64,
    /// Lifetime of the links that verify a new primary or recovery address.
    pub email_token_secs: i64,
    /// How long a request may wait for a free core to hash a password: one
    /// that would wait longer (by the hashes ahead of it) is answered
    /// "busy, try again" (503 with `Retry-After`) at once. Short, so the
    /// sign-ins admitted under overload stay fast (`make bench`'s soak).
    pub hash_queue_wait_ms: u64,
    /// Every "forgot password" and "recover" answer takes at least this long,
    /// so a known address (a mail is sent) and an unknown one take as long.
    pub min_mail_response_ms: u64,
    /// A session ends after this long without a request.
    pub session_idle_secs: i64,
    /// A session ends this long after sign-in whatever happens.
    pub session_absolute_secs: i64,
    /// An API token, and every token renewed from it, ends this long after
    /// the sign-in that opened the first one.
    pub api_token_absolute_secs: i64,
}

/// Longest accepted password.
pub const MAX_PASSWORD_LEN: usize = 128;

impl Default for AccountConfig {
    fn default() -> Self {
        AccountConfig {
            public_url: "http://127.0.0.1:3000".into(),
            mail_from: "Gatehouse <no-reply@gatehouse.localhost>".into(),
            argon2: Argon2Cost::default(),
            lock: LockPolicy::default(),
            min_password_len: 8,
            verify_token_secs: 24 * 60 * 60,
            reset_token_secs: 60 * 60,
            email_token_secs: 60 * 60,
            min_mail_response_ms: 800,
            hash_queue_wait_ms: 150,
            session_idle_secs: 2 * 60 * 60,
            session_absolute_secs: 12 * 60 * 60,
            api_token_absolute_secs: 48 * 60 * 60,
        }
    }
}

impl AccountConfig {
    /// Whether the console is served over HTTPS (secure cookies).
    pub fn is_https(&self) -> bool {
        self.public_url.starts_with("https://")
    }

    /// Whether `PUBLIC_URL` names this machine only (a console nobody else
    /// reaches, where an outbox folder is fine for mail).
    pub fn is_loopback(&self) -> bool {
        let host = url::Url::parse(&self.public_url).ok().and_then(|u| u.host_str().map(str::to_string));
        match host.as_deref() {
            Some("localhost") => true,
            Some(h) => h.trim_matches(['[', ']']).parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback()),
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::AccountConfig;

    #[test]
    fn only_local_public_urls_count_as_loopback() {
        let at = |url: &str| AccountConfig { public_url: url.into(), ..AccountConfig::default() }.is_loopback();
        assert!(at("http://127.0.0.1:3000") && at("http://localhost:3000") && at("http://[::1]:3000"));
        assert!(!at("https://console.example.com") && !at("http://10.0.0.5:3000") && !at("not a url"));
    }
}
