//! Sending a rendered mail: SMTP (lettre) or the `.eml` outbox.

use super::OutgoingMail;
use crate::error::AppError;
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::path::PathBuf;

/// Where mail goes.
#[derive(Clone)]
pub enum Mailer {
    /// A real SMTP server.
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// A folder that receives one `.eml` file per message.
    Outbox(PathBuf),
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Mailer::Smtp(_) => f.write_str("Mailer::Smtp"),
            Mailer::Outbox(p) => write!(f, "Mailer::Outbox({})", p.display()),
        }
    }
}

/// A file name that sorts in sending order: time, a per-process sequence
/// number, and random digits so several servers can share one outbox.
fn outbox_file_name() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static SEQ: AtomicU64 = AtomicU64::new(0);
    let millis = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis()).unwrap_or(0);
    let seq = SEQ.fetch_add(1, Ordering::Relaxed);
    format!("{millis:013}-{seq:08}-{}.eml", super::super::credential::secret::random_digits(6))
}

/// Checks a sender address (`MAIL_FROM`) at start-up: one that cannot be
/// parsed would leave every mail queued until it expires.
pub fn check_sender(from: &str) -> Result<(), String> {
    from.parse::<Mailbox>()
        .map(|_| ())
        .map_err(|e| format!("MAIL_FROM {from:?} is not a mailbox such as \"Gatehouse <no-reply@example.com>\": {e}"))
}

impl Mailer {
    /// An SMTP mailer from a URL such as `smtp://127.0.0.1:1025`,
    /// `smtp://user:pass@host:587?tls=required` or `smtps://host`.
    pub fn smtp(url: &str) -> Result<Self, String> {
        AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map(|b| Mailer::Smtp(b.build()))
            .map_err(|e| format!("invalid SMTP_URL: {e}"))
    }

    /// A mailer that writes into `dir` (created if missing).
    pub fn outbox(dir: impl Into<PathBuf>) -> Self {
        Mailer::Outbox(dir.into())
    }

    /// Builds the multipart message and sends it. Any failure is
    /// [`AppError::MailUnavailable`]; the cause goes to the log, never the
    /// message body.
    pub async fn send(&self, from: &str, mail: &OutgoingMail) -> Result<(), AppError> {
        let from: Mailbox = from.parse().map_err(|e| {
            tracing::error!(error = %e, "MAIL_FROM is not a valid mailbox");
            AppError::MailUnavailable
        })?;
        let to: Mailbox = mail.to.parse().map_err(|_| AppError::InvalidEmail)?;
        let message = Message::builder()
            .from(from)
            .to(to)
            .subject(mail.subject.clone())
            .multipart(MultiPart::alternative_plain_html(mail.text.clone(), mail.html.clone()))
            .map_err(|e| {
                tracing::error!(error = %e, "could not build a mail");
                AppError::MailUnavailable
            })?;
        match self {
            Mailer::Smtp(transport) => transport.send(message).await.map(|_| ()).map_err(|e| {
                tracing::error!(error = %e, "SMTP server refused or could not be reached");
                AppError::MailUnavailable
            }),
            Mailer::Outbox(dir) => {
                tokio::fs::create_dir_all(dir).await.map_err(|e| {
                    tracing::error!(error = %e, "cannot create the outbox folder");
                    AppError::MailUnavailable
                })?;
                let name = outbox_file_name();
                let path = dir.join(name);
                write_private(&path, &message.formatted()).await.map_err(|e| {
                    tracing::error!(error = %e, "cannot write to the outbox");
                    AppError::MailUnavailable
                })?;
                tracing::info!(path = %path.display(), "mail written to the outbox (no SMTP_URL configured)");
                Ok(())
            }
        }
    }

    /// Deletes outbox files older than `max_age` (SMTP keeps nothing here).
    pub async fn purge_old(&self, max_age: std::time::Duration) -> u64 {
        match self {
            Mailer::Smtp(_) => 0,
            Mailer::Outbox(dir) => purge_outbox(dir, max_age).await,
        }
    }

    /// Checks that a mail could be sent now without sending one (an SMTP
    /// round trip, or the outbox folder). Paths that send no mail call it
    /// so that they cost about what sending costs and fail the same way
    /// when mail is down: neither may tell whether an address has an account.
    pub async fn probe(&self) -> Result<(), AppError> {
        match self {
            Mailer::Smtp(transport) => match transport.test_connection().await {
                Ok(true) => Ok(()),
                Ok(false) => {
                    tracing::error!("SMTP server did not answer a NOOP");
                    Err(AppError::MailUnavailable)
                }
                Err(e) => {
                    tracing::error!(error = %e, "SMTP server refused or could not be reached");
                    Err(AppError::MailUnavailable)
                }
            },
            Mailer::Outbox(dir) => tokio::fs::create_dir_all(dir).await.map_err(|e| {
                tracing::error!(error = %e, "cannot create the outbox folder");
                AppError::MailUnavailable
            }),
        }
    }
}

/// Deletes the outbox's `.eml` files last written more than `max_age` ago
/// (by then every link in them has expired); returns how many went.
pub(crate) async fn purge_outbox(dir: &std::path::Path, max_age: std::time::Duration) -> u64 {
    let Ok(mut entries) = tokio::fs::read_dir(dir).await else { return 0 };
    let now = std::time::SystemTime::now();
    let mut removed = 0;
    while let Ok(Some(entry)) = entries.next_entry().await {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "eml") {
            continue;
        }
        let old = match entry.metadata().await.and_then(|m| m.modified()) {
            Ok(at) => now.duration_since(at).is_ok_and(|age| age > max_age),
            Err(_) => false,
        };
        if old && tokio::fs::remove_file(&path).await.is_ok() {
            removed += 1;
        }
    }
    removed
}

/// Writes an outbox file readable by the server's user only (mails carry
/// live reset and verification links).
async fn write_private(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use tokio::io::AsyncWriteExt;
    let mut options = tokio::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    options.mode(0o600);
    let mut file = options.open(path).await?;
    file.write_all(bytes).await?;
    file.flush().await
}

#[cfg(test)]
mod tests {
    use super::check_sender;

    #[test]
    fn a_sender_with_a_name_or_a_bare_address_is_accepted() {
        assert!(check_sender("Gatehouse <no-reply@gatehouse.localhost>").is_ok());
        assert!(check_sender("no-reply@example.com").is_ok());
    }

    #[test]
    fn a_sender_that_is_not_a_mailbox_is_refused_at_start_up_with_its_name() {
        for bad in ["no-reply", "Gatehouse <no-reply>", "a@b@c", "<>"] {
            let e = check_sender(bad).expect_err(bad);
            assert!(e.contains("MAIL_FROM"), "{e}");
        }
    }
}
