//! Server functions, grouped by domain. Each parses its input, finds the
//! signed-in principal, calls `account`, and maps the result for the page;
//! no business rule is decided here.

pub mod auth;
mod error;
pub mod me;
#[cfg(feature = "ssr")]
pub mod request;
mod secret_input;
pub mod security;

pub use error::ApiError;
pub use secret_input::SecretInput;
