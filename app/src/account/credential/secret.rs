//! Secret strings and high-entropy tokens: a `Secret` that never shows in
//! logs, random tokens and digits, their SHA-256 digests for storage, and
//! constant-time comparison.

use rand::Rng;
use rand::distributions::Alphanumeric;
use rand::rngs::OsRng;
use sha2::{Digest, Sha256};
use std::fmt;

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

    #[test]
    fn token_digest_is_hex_sha256() {
        assert_eq!(token_digest("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
