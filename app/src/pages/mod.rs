//! One module per page.

pub mod dashboard;
pub mod login;
pub mod mfa_challenge;
pub mod not_found;
pub mod security;
pub mod signup;
pub mod verify;
