//! Mail: every message is rendered by [`templates`] in the user's language
//! and handed to a [`Mailer`] — SMTP through lettre when `SMTP_URL` is set,
//! otherwise an `.eml` file in the outbox folder.

pub mod templates;
mod transport;

pub use transport::{Mailer, check_sender};

/// A rendered message ready to send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutgoingMail {
    /// Normalized recipient address.
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}
