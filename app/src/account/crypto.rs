//! Secrets handling: random tokens, their SHA-256 digests for storage,
//! constant-time comparison, and argon2id password hashing on the blocking
//! thread pool (never on the async workers).

use super::config::Argon2Cost;
use crate::error::AppError;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use rand::Rng;
use rand::distributions::Alphanumeric;
use rand::rngs::OsRng;
use sha2::{Digest, Sha256};
use std::fmt;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

/// A secret string (password, token) that never shows in `Debug` output or logs.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself; call only where it is needed.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// A fresh token of `[A-Za-z0-9]`, 32 characters (≈190 bits of randomness).
pub fn random_token() -> Secret {
    Secret(OsRng.sample_iter(&Alphanumeric).take(32).map(char::from).collect())
}

/// A string of `n` random decimal digits.
pub fn random_digits(n: usize) -> String {
    (0..n).map(|_| char::from(b'0' + OsRng.gen_range(0..10u8))).collect()
}

/// The hex SHA-256 of a high-entropy token: what the database stores.
pub fn token_digest(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Compares two byte strings in constant time.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

/// Hashes and verifies passwords with argon2id at a configured cost, on the
/// blocking pool, at most one hash per core at a time. A caller that cannot
/// get a turn within `max_wait` is answered `Busy` at once instead of
/// queueing without bound.
#[derive(Clone)]
pub struct PasswordHasherService {
    cost: Argon2Cost,
    permits: Arc<Semaphore>,
    max_wait: Duration,
    /// A hash of a random password, verified against for unknown users so
    /// that their sign-in takes as long as a real one.
    dummy_hash: String,
}

impl fmt::Debug for PasswordHasherService {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PasswordHasherService").field("cost", &self.cost).finish()
    }
}

fn argon2(cost: Argon2Cost) -> Result<Argon2<'static>, AppError> {
    let params =
        Params::new(cost.memory_kib, cost.iterations, cost.parallelism, None).map_err(|_| AppError::Internal)?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

fn hash_now(cost: Argon2Cost, password: &str) -> Result<String, AppError> {
    let salt = SaltString::generate(&mut OsRng);
    argon2(cost)?.hash_password(password.as_bytes(), &salt).map(|h| h.to_string()).map_err(|_| AppError::Internal)
}

fn verify_now(cost: Argon2Cost, password: &str, hash: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(hash) else {
        return false;
    };
    argon2(cost).map(|a| a.verify_password(password.as_bytes(), &parsed).is_ok()).unwrap_or(false)
}

impl PasswordHasherService {
    /// A hasher with the given cost, `workers` hashes at a time, and callers
    /// waiting at most `max_wait` for a turn.
    pub fn new(cost: Argon2Cost, workers: usize, max_wait: Duration) -> Result<Self, AppError> {
        let dummy_hash = hash_now(cost, random_token().expose())?;
        Ok(PasswordHasherService { cost, dummy_hash, permits: Arc::new(Semaphore::new(workers)), max_wait })
    }

    /// Runs `work` on the blocking pool once a hashing turn is free.
    async fn run<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> Result<T, AppError> {
        let permit = match tokio::time::timeout(self.max_wait, self.permits.clone().acquire_owned()).await {
            Ok(Ok(permit)) => permit,
            _ => return Err(AppError::Busy),
        };
        tokio::task::spawn_blocking(move || {
            let _turn = permit;
            work()
        })
        .await
        .map_err(|_| AppError::Internal)
    }

    /// Hashes a password (argon2id, random salt).
    pub async fn hash(&self, password: &Secret) -> Result<String, AppError> {
        let cost = self.cost;
        let password = password.clone();
        self.run(move || hash_now(cost, password.expose())).await?
    }

    /// Verifies a password against a stored hash; with no hash (unknown
    /// user, or no console password) it verifies against a dummy hash and
    /// answers `false`, taking the same time.
    pub async fn verify(&self, password: &Secret, hash: Option<&str>) -> Result<bool, AppError> {
        let cost = self.cost;
        let known = hash.is_some();
        let hash = hash.unwrap_or(&self.dummy_hash).to_string();
        let password = password.clone();
        let ok = self.run(move || verify_now(cost, password.expose(), &hash)).await?;
        Ok(ok && known)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_alphanumeric_and_distinct() {
        let a = random_token();
        let b = random_token();
        assert_eq!(a.expose().len(), 32);
        assert!(a.expose().chars().all(|c| c.is_ascii_alphanumeric()));
        assert_ne!(a, b);
        assert_eq!(format!("{a:?}"), "Secret(***)");
    }

    #[tokio::test]
    async fn a_caller_that_gets_no_hashing_turn_in_time_is_told_the_server_is_busy() {
        let cost = Argon2Cost { memory_kib: 64, iterations: 1, parallelism: 1 };
        let hasher = PasswordHasherService::new(cost, 1, Duration::from_millis(50)).unwrap();
        let held = hasher.permits.clone().acquire_owned().await.unwrap();
        assert_eq!(hasher.hash(&Secret::new("x")).await, Err(AppError::Busy));
        drop(held);
        assert!(hasher.verify(&Secret::new("x"), None).await.is_ok());
    }

    #[test]
    fn token_digest_is_hex_sha256() {
        assert_eq!(token_digest("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
