//! The console's server functions (`/api/*`; the `/v1` API is
//! `server/src/rest`), grouped by domain. Each names the page a refused
//! plain post returns to, parses its input, finds the signed-in principal,
//! makes one `account` call, and maps the result for the page; what a page
//! offers comes from `account::rights`. No business rule is decided here.

pub mod auth;
pub mod auth_keys;
#[cfg(feature = "ssr")]
mod draft;
pub mod email;
mod error;
pub mod links;
pub mod me;
pub mod password_reset;
#[cfg(feature = "ssr")]
pub mod request;
pub mod roles;
mod secret_input;
pub mod security;
pub mod sent;
pub mod users;

pub use error::ConsoleError;
pub use secret_input::SecretInput;
