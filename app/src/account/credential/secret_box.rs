//! Encryption at rest for secrets the server must read back (TOTP secrets,
//! the one-time display of recovery codes): XChaCha20-Poly1305 under the
//! server key, a fresh random nonce per message, optionally bound to where
//! it is stored (associated data). And keyed digests (HMAC-SHA-256 under a
//! key derived from the server key) for short secrets that are only
//! compared, such as recovery codes: a database dump alone cannot test
//! guesses against them.

use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// The server's 256-bit key. Never printed.
#[derive(Clone)]
pub struct ServerKey([u8; 32]);

impl ServerKey {
    /// Wraps raw key bytes.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        ServerKey(bytes)
    }

    /// Parses 64 hex digits.
    pub fn from_hex(text: &str) -> Option<Self> {
        let bytes = hex::decode(text.trim()).ok()?;
        Some(ServerKey(bytes.try_into().ok()?))
    }

    /// A new random key, as 64 hex digits (for the key file).
    pub fn generate_hex() -> String {
        hex::encode(XChaCha20Poly1305::generate_key(&mut OsRng))
    }
}

impl std::fmt::Debug for ServerKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ServerKey(***)")
    }
}

/// Seals and opens secrets with the server key.
#[derive(Clone)]
pub struct SecretBox {
    cipher: XChaCha20Poly1305,
    /// The HMAC key of [`keyed_digest`](Self::keyed_digest), derived from
    /// the server key for that one use.
    mac_key: [u8; 32],
    /// The HMAC key that signs API tokens (JWT, HS256), derived from the
    /// server key for that one use: instances sharing the server key accept
    /// each other's tokens.
    token_key: [u8; 32],
}

impl std::fmt::Debug for SecretBox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretBox")
    }
}

impl SecretBox {
    /// A box under `key`.
    pub fn new(key: &ServerKey) -> Self {
        let derive =
            |label: &[u8]| -> [u8; 32] { Sha256::new().chain_update(label).chain_update(key.0).finalize().into() };
        SecretBox {
            cipher: XChaCha20Poly1305::new(&key.0.into()),
            mac_key: derive(b"gatehouse/keyed-digest/v1\0"),
            token_key: derive(b"gatehouse/api-token/v1\0"),
        }
    }

    /// HMAC-SHA-256 of `data` under the derived key, as 64 hex digits.
    pub fn keyed_digest(&self, data: &str) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.mac_key).expect("HMAC takes any key length");
        mac.update(data.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    /// The key that signs and checks API tokens.
    pub(crate) fn token_key(&self) -> &[u8; 32] {
        &self.token_key
    }

    /// Like [`seal`](Self::seal), bound to `context` (e.g. the user row it
    /// is stored in): it opens only with the same context, so a sealed value
    /// moved to another row is refused.
    pub fn seal_bound(&self, plain: &[u8], context: &str) -> String {
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let sealed = self
            .cipher
            .encrypt(&nonce, Payload { msg: plain, aad: context.as_bytes() })
            .expect("XChaCha20-Poly1305 encryption does not fail");
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        hex::encode(out)
    }

    /// Opens what [`seal_bound`](Self::seal_bound) sealed for `context`.
    /// Values sealed before binding existed (no context) still open.
    pub fn open_bound(&self, stored: &str, context: &str) -> Option<Vec<u8>> {
        self.open_bound_only(stored, context).or_else(|| self.open(stored))
    }

    /// Opens what [`seal_bound`](Self::seal_bound) sealed for `context`
    /// only (for values that never existed unbound).
    pub fn open_bound_only(&self, stored: &str, context: &str) -> Option<Vec<u8>> {
        let (nonce, sealed) = split(stored)?;
        self.cipher.decrypt(XNonce::from_slice(&nonce), Payload { msg: &sealed, aad: context.as_bytes() }).ok()
    }

    /// Encrypts `plain`; the result (hex of nonce and ciphertext) is what is stored.
    pub fn seal(&self, plain: &[u8]) -> String {
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let sealed = self.cipher.encrypt(&nonce, plain).expect("XChaCha20-Poly1305 encryption does not fail");
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        hex::encode(out)
    }

    /// Decrypts what [`seal`](Self::seal) produced; `None` if it was altered
    /// or sealed under another key.
    pub fn open(&self, stored: &str) -> Option<Vec<u8>> {
        let (nonce, sealed) = split(stored)?;
        self.cipher.decrypt(XNonce::from_slice(&nonce), sealed.as_slice()).ok()
    }
}

/// A stored value's nonce (24 bytes) and ciphertext, or `None` when it is
/// not hex or too short.
fn split(stored: &str) -> Option<(Vec<u8>, Vec<u8>)> {
    let mut bytes = hex::decode(stored).ok()?;
    if bytes.len() < 24 {
        return None;
    }
    let sealed = bytes.split_off(24);
    Some((bytes, sealed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_secrets_open_only_with_the_same_key() {
        let key = ServerKey::from_hex(&ServerKey::generate_hex()).unwrap();
        let b = SecretBox::new(&key);
        let sealed = b.seal(b"totp secret");
        assert!(!sealed.contains(&hex::encode(b"totp secret")));
        assert_eq!(b.open(&sealed).unwrap(), b"totp secret");
        let other = SecretBox::new(&ServerKey::from_bytes([7; 32]));
        assert_eq!(other.open(&sealed), None);
        let mut altered = sealed.clone();
        altered.replace_range(60..62, if &sealed[60..62] == "00" { "01" } else { "00" });
        assert_eq!(b.open(&altered), None);
        assert_ne!(b.seal(b"x"), b.seal(b"x"), "a fresh nonce each time");
        assert_eq!(format!("{key:?}"), "ServerKey(***)");
    }

    #[test]
    fn bound_secrets_open_only_in_their_context() {
        let b = SecretBox::new(&ServerKey::from_bytes([9; 32]));
        let sealed = b.seal_bound(b"seed", "totp:1");
        assert_eq!(b.open_bound(&sealed, "totp:1").unwrap(), b"seed");
        assert_eq!(b.open_bound(&sealed, "totp:2"), None, "moved to another user");
        let legacy = b.seal(b"old seed");
        assert_eq!(b.open_bound(&legacy, "totp:1").unwrap(), b"old seed");
    }

    #[test]
    fn keyed_digests_depend_on_the_server_key() {
        let (a, b) = (SecretBox::new(&ServerKey::from_bytes([1; 32])), SecretBox::new(&ServerKey::from_bytes([2; 32])));
        assert_eq!(a.keyed_digest("code"), a.keyed_digest("code"));
        assert_ne!(a.keyed_digest("code"), b.keyed_digest("code"));
        assert_ne!(a.keyed_digest("code"), crate::account::credential::secret::token_digest("code"));
        assert_eq!(a.keyed_digest("code").len(), 64);
    }
}
