//! Credentials and their pure primitives: password hashing and its pool,
//! secrets and tokens, TOTP, JWT, the sealed box, the password policy and
//! email addresses. Nothing here reads the store; the flows use them.

pub mod email_address;
pub mod hash_load;
pub mod jwt;
pub mod jwt_hs256;
pub mod password_hash;
pub mod password_policy;
pub mod secret;
pub mod secret_box;
pub mod totp;
