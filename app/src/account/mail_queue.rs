//! Mail that survives a mail-server outage. Every mail goes through
//! [`Account::deliver`]: it is sent at once when the mail server takes it;
//! otherwise it is kept in the database, sealed with the server key (it
//! may carry a live link), and [`Account::send_queued_mail`] retries it
//! with backoff until it goes or expires — on any instance, after any
//! restart. The form that asked for it answers as usual.
//!
//! A mailed link supersedes the user's older links of its purpose only
//! once it is delivered: a resend that cannot go out never spends the
//! earlier, still valid link; and only the links issued before it, so a
//! mail delivered late never spends a link asked for since.

use super::credential::secret::{Secret, token_digest};
use super::mail::OutgoingMail;
use super::store::db::stmt;
use super::tokens::Purpose;
use super::{Account, AppError, internal};
use sea_orm::{ConnectionTrait, Value};

/// The first retry's delay; each further one doubles it, up to [`MAX_BACKOFF_SECS`].
const FIRST_BACKOFF_SECS: i64 = 5;
/// The longest wait between two tries.
const MAX_BACKOFF_SECS: i64 = 300;
/// How long a claimed mail is left to the instance sending it before
/// another may try (a sender that died mid-send).
const CLAIM_SECS: i64 = 120;
/// How long a notice without a link (password changed, …) is retried.
pub(crate) const NOTICE_KEEP_SECS: i64 = 24 * 3600;
/// Mails handled per run.
const BATCH: i64 = 20;

/// The wait before the next try after `attempts` failed ones.
pub(crate) fn backoff_secs(attempts: i32) -> i64 {
    let shift = attempts.clamp(0, 16) as u32;
    FIRST_BACKOFF_SECS.saturating_mul(1 << shift).min(MAX_BACKOFF_SECS)
}

/// What a mail carries beyond its text: until when it is worth sending,
/// and the link (if any) whose delivery supersedes the user's older ones.
#[derive(Clone, Debug)]
pub(crate) struct Delivery {
    expires_at: i64,
    link: Option<(i64, Purpose, String)>,
}

impl Delivery {
    /// A mail carrying `token`, a link of `purpose` for `user_id`, that
    /// expires at `expires_at`.
    pub(crate) fn link(user_id: i64, purpose: Purpose, token: &Secret, expires_at: i64) -> Delivery {
        Delivery { expires_at, link: Some((user_id, purpose, token_digest(token.expose()))) }
    }

    /// A notice, worth sending until `expires_at`.
    pub(crate) fn notice(expires_at: i64) -> Delivery {
        Delivery { expires_at, link: None }
    }
}

/// What one run of the queue did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct QueueRun {
    /// Mails the mail server took.
    pub sent: u32,
    /// Mails it refused again (retried later).
    pub failed: u32,
    /// Mails dropped because they expired unsent.
    pub expired: u64,
}

/// The sealed form of a queued mail.
#[derive(serde::Serialize, serde::Deserialize)]
struct Sealed {
    to: String,
    subject: String,
    text: String,
    html: String,
}

/// The context a queued mail is sealed under.
const SEAL_CONTEXT: &str = "mail_queue";

impl Account {
    /// Sends `mail` now, or keeps it for a later try when the mail server
    /// cannot take it. `Err` only for an address no mail server would take
    /// or when the database cannot keep it either.
    pub(crate) async fn deliver(&self, mail: &OutgoingMail, d: Delivery) -> Result<(), AppError> {
        match self.inner.mailer.send(&self.config().mail_from, mail).await {
            Ok(()) => self.delivered(d.link.as_ref()).await,
            Err(AppError::MailUnavailable) => self.enqueue(mail, &d).await,
            Err(e) => Err(e),
        }
    }

    /// [`deliver`](Self::deliver) for a mail carrying `token` (a link of
    /// `purpose` for `user_id`, valid `lifetime_secs`). A token whose mail
    /// was neither sent nor queued is deleted: it never existed for anyone.
    pub(crate) async fn deliver_link(
        &self,
        mail: &OutgoingMail,
        user_id: i64,
        purpose: Purpose,
        token: &Secret,
        lifetime_secs: i64,
    ) -> Result<(), AppError> {
        let d = Delivery::link(user_id, purpose, token, self.now() + lifetime_secs);
        if let Err(e) = self.deliver(mail, d).await {
            let _ = self.discard_token(token).await;
            return Err(e);
        }
        Ok(())
    }

    /// [`deliver`](Self::deliver) for a notice without a link.
    pub(crate) async fn deliver_notice(&self, mail: &OutgoingMail) -> Result<(), AppError> {
        self.deliver(mail, Delivery::notice(self.now() + NOTICE_KEEP_SECS)).await
    }

    /// Paths that send no mail still talk to the mail server, so that they
    /// cost about what sending costs; like sending, they answer the same
    /// whether it took the call or not.
    pub(crate) async fn probe_mail(&self) -> Result<(), AppError> {
        let _ = self.inner.mailer.probe().await;
        Ok(())
    }

    /// After a delivery: the link just sent supersedes the older ones.
    async fn delivered(&self, link: Option<&(i64, Purpose, String)>) -> Result<(), AppError> {
        match link {
            Some((user_id, purpose, keep)) => self.supersede_tokens_except(*user_id, *purpose, keep).await,
            None => Ok(()),
        }
    }

    async fn enqueue(&self, mail: &OutgoingMail, d: &Delivery) -> Result<(), AppError> {
        let plain = serde_json::to_vec(&Sealed {
            to: mail.to.clone(),
            subject: mail.subject.clone(),
            text: mail.text.clone(),
            html: mail.html.clone(),
        })
        .map_err(|_| AppError::Internal)?;
        let sealed = self.inner.secrets.seal_bound(&plain, SEAL_CONTEXT);
        let now = self.now();
        let (user, purpose, keep) = match &d.link {
            Some((u, p, k)) => (Value::from(*u), Value::from(p.as_str()), Value::from(k.clone())),
            None => (Value::BigInt(None), Value::String(None), Value::String(None)),
        };
        let db = self.db();
        db.execute(stmt(
            db.get_database_backend(),
            "INSERT INTO mail_queue (sealed, created_at, expires_at, attempts, next_attempt_at, \
             supersede_user_id, supersede_purpose, keep_token_hash) VALUES (?, ?, ?, 0, ?, ?, ?, ?)",
            vec![sealed.into(), now.into(), d.expires_at.into(), (now + backoff_secs(0)).into(), user, purpose, keep],
        ))
        .await
        .map_err(internal)?;
        tracing::warn!("the mail server could not take a mail; it is queued and retried");
        Ok(())
    }

    /// Retries the queued mails that are due (a few per run) and drops the
    /// expired ones. Several instances may run it at once: each mail is
    /// claimed by one conditional UPDATE before it is sent.
    pub async fn send_queued_mail(&self) -> Result<QueueRun, AppError> {
        let db = self.db();
        let backend = db.get_database_backend();
        let now = self.now();
        let expired = db
            .execute(stmt(backend, "DELETE FROM mail_queue WHERE expires_at <= ?", vec![now.into()]))
            .await
            .map_err(internal)?
            .rows_affected();
        if expired > 0 {
            tracing::warn!(expired, "queued mails expired before the mail server took them");
        }
        let due = db
            .query_all(stmt(
                backend,
                "SELECT id, sealed, attempts, next_attempt_at, supersede_user_id, supersede_purpose, \
                 keep_token_hash FROM mail_queue WHERE next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?",
                vec![now.into(), BATCH.into()],
            ))
            .await
            .map_err(internal)?;
        let mut run = QueueRun { expired, ..QueueRun::default() };
        for row in due {
            let id: i64 = row.try_get("", "id").map_err(internal)?;
            let attempts: i32 = row.try_get("", "attempts").map_err(internal)?;
            let was_due: i64 = row.try_get("", "next_attempt_at").map_err(internal)?;
            let claimed = db
                .execute(stmt(
                    backend,
                    "UPDATE mail_queue SET next_attempt_at = ?, attempts = attempts + 1 \
                     WHERE id = ? AND next_attempt_at = ?",
                    vec![(now + CLAIM_SECS).into(), id.into(), was_due.into()],
                ))
                .await
                .map_err(internal)?;
            if claimed.rows_affected() != 1 {
                continue;
            }
            let sealed: String = row.try_get("", "sealed").map_err(internal)?;
            let Some(mail) = self.open_queued(&sealed) else {
                tracing::error!("a queued mail does not open with this server key; dropped");
                self.drop_queued(id).await?;
                continue;
            };
            let link = queued_link(&row)?;
            match self.inner.mailer.send(&self.config().mail_from, &mail).await {
                Ok(()) => {
                    self.drop_queued(id).await?;
                    self.delivered(link.as_ref()).await?;
                    run.sent += 1;
                }
                Err(_) => {
                    let next = now + backoff_secs(attempts + 1);
                    db.execute(stmt(
                        backend,
                        "UPDATE mail_queue SET next_attempt_at = ? WHERE id = ?",
                        vec![next.into(), id.into()],
                    ))
                    .await
                    .map_err(internal)?;
                    run.failed += 1;
                }
            }
        }
        Ok(run)
    }

    /// How many mails wait in the queue.
    pub async fn queued_mail_count(&self) -> Result<i64, AppError> {
        let db = self.db();
        let row = db
            .query_one(stmt(db.get_database_backend(), "SELECT COUNT(*) AS n FROM mail_queue", vec![]))
            .await
            .map_err(internal)?;
        row.map_or(Ok(0), |r| r.try_get("", "n").map_err(internal))
    }

    fn open_queued(&self, sealed: &str) -> Option<OutgoingMail> {
        let plain = self.inner.secrets.open_bound_only(sealed, SEAL_CONTEXT)?;
        let s: Sealed = serde_json::from_slice(&plain).ok()?;
        Some(OutgoingMail { to: s.to, subject: s.subject, text: s.text, html: s.html })
    }

    async fn drop_queued(&self, id: i64) -> Result<(), AppError> {
        let db = self.db();
        db.execute(stmt(db.get_database_backend(), "DELETE FROM mail_queue WHERE id = ?", vec![id.into()]))
            .await
            .map(|_| ())
            .map_err(internal)
    }
}

/// The link a queued row carries, if any.
fn queued_link(row: &sea_orm::QueryResult) -> Result<Option<(i64, Purpose, String)>, AppError> {
    let user: Option<i64> = row.try_get("", "supersede_user_id").map_err(internal)?;
    let purpose: Option<String> = row.try_get("", "supersede_purpose").map_err(internal)?;
    let keep: Option<String> = row.try_get("", "keep_token_hash").map_err(internal)?;
    Ok(match (user, purpose.as_deref().and_then(Purpose::parse), keep) {
        (Some(u), Some(p), Some(k)) => Some((u, p, k)),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::backoff_secs;

    #[test]
    fn retries_wait_longer_each_time_up_to_five_minutes() {
        let waits: Vec<i64> = (0..8).map(backoff_secs).collect();
        assert_eq!(waits, [5, 10, 20, 40, 80, 160, 300, 300]);
        assert_eq!(backoff_secs(1_000), 300);
        assert_eq!(backoff_secs(-1), 5);
    }
}
