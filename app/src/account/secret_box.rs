//! Encryption at rest for secrets the server must read back (TOTP secrets,
//! the one-time display of recovery codes): XChaCha20-Poly1305 under the
//! server key, a fresh random nonce per message.

use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};

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
}

impl std::fmt::Debug for SecretBox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretBox")
    }
}

impl SecretBox {
    /// A box under `key`.
    pub fn new(key: &ServerKey) -> Self {
        SecretBox { cipher: XChaCha20Poly1305::new(&key.0.into()) }
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
        let bytes = hex::decode(stored).ok()?;
        if bytes.len() < 24 {
            return None;
        }
        let (nonce, sealed) = bytes.split_at(24);
        self.cipher.decrypt(XNonce::from_slice(nonce), sealed).ok()
    }
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
}
