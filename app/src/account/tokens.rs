//! One-time tokens mailed as links: ≥128 random bits, stored as SHA-256,
//! with an expiry, superseded by a newer token of the same purpose once
//! that one's mail is delivered (see `mail_queue`) — never by an older one
//! whose mail arrives late — and consumed by one conditional UPDATE so two
//! concurrent uses cannot both win.

use super::credential::secret::{Secret, random_token, token_digest};
use super::store::db::stmt;
use super::store::entities::one_time_token;
use super::{Account, AppError, internal};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

/// What a one-time token is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Purpose {
    VerifyEmail,
    /// The pending login between the right password and the MFA code.
    MfaLogin,
    /// "Forgot password": the mailed reset link.
    PasswordReset,
    /// A new primary address, verified by a link mailed to it (payload: the address).
    EmailChange,
    /// A recovery address, verified by a link mailed to it (payload: the address).
    RecoveryEmail,
    /// "Lost the primary mailbox": the link mailed to the recovery address.
    Recover,
    /// The new primary address chosen through `/recover`, verified by a link
    /// mailed to it; opening it leads on to a password reset (payload: the address).
    RecoverPrimary,
    /// "Lost the MFA device" (API): the token mailed to the primary address.
    MfaRevoke,
}

impl Purpose {
    /// Whether a new token of this purpose supersedes the user's older
    /// ones. Pending logins do not: each belongs to one browser's sign-in,
    /// and two browsers signing in at once must not cancel each other.
    fn superseded_by_newer(self) -> bool {
        self != Purpose::MfaLogin
    }

    /// The purpose stored as `s`.
    pub(crate) fn parse(s: &str) -> Option<Purpose> {
        [
            Purpose::VerifyEmail,
            Purpose::MfaLogin,
            Purpose::PasswordReset,
            Purpose::EmailChange,
            Purpose::RecoveryEmail,
            Purpose::Recover,
            Purpose::RecoverPrimary,
            Purpose::MfaRevoke,
        ]
        .into_iter()
        .find(|p| p.as_str() == s)
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Purpose::VerifyEmail => "verify_email",
            Purpose::MfaLogin => "mfa_login",
            Purpose::PasswordReset => "password_reset",
            Purpose::EmailChange => "email_change",
            Purpose::RecoveryEmail => "recovery_email",
            Purpose::Recover => "recover",
            Purpose::RecoverPrimary => "recover_primary",
            Purpose::MfaRevoke => "mfa_revoke",
        }
    }
}

/// Whether a string can be a token at all (letters and digits, 32 long);
/// anything else — e.g. a link with a trailing `.` or `%` added by a mail
/// client — is refused without a database look-up.
pub(crate) fn looks_like_token(s: &str) -> bool {
    s.len() == 32 && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

impl Account {
    /// Issues a token for `user_id`; the user's earlier tokens of the same
    /// purpose stay valid until its mail is delivered
    /// ([`Account::deliver`](super::Account) supersedes them then).
    pub(crate) async fn issue_token(
        &self,
        user_id: i64,
        purpose: Purpose,
        lifetime_secs: i64,
    ) -> Result<Secret, AppError> {
        self.issue_token_with(user_id, purpose, lifetime_secs, None).await
    }

    /// Issues a token carrying purpose-specific data (e.g. a new address).
    pub(crate) async fn issue_token_with(
        &self,
        user_id: i64,
        purpose: Purpose,
        lifetime_secs: i64,
        payload: Option<String>,
    ) -> Result<Secret, AppError> {
        let now = self.now();
        let token = random_token();
        let db = self.db();
        // One statement numbers the token after the user's others of this
        // purpose. Two issued at the same moment may share a number; then
        // neither supersedes the other and both stay valid until used.
        db.execute(stmt(
            db.get_database_backend(),
            "INSERT INTO one_time_tokens \
             (token_hash, purpose, user_id, payload, created_at, expires_at, used_at, issue_seq) \
             SELECT ?, ?, ?, ?, ?, ?, NULL, COALESCE(MAX(issue_seq), 0) + 1 \
             FROM one_time_tokens WHERE user_id = ? AND purpose = ?",
            vec![
                token_digest(token.expose()).into(),
                purpose.as_str().into(),
                user_id.into(),
                payload.into(),
                now.into(),
                (now + lifetime_secs).into(),
                user_id.into(),
                purpose.as_str().into(),
            ],
        ))
        .await
        .map_err(internal)?;
        Ok(token)
    }

    /// Marks as used every unused token of this purpose for the user that
    /// was issued before the one whose digest is `keep` (just delivered).
    /// A token issued later stays valid: a mail that arrives late (from the
    /// queue, or the lock notice sent after the answer) never spends a link
    /// the user asked for since.
    pub(crate) async fn supersede_tokens_except(
        &self,
        user_id: i64,
        purpose: Purpose,
        keep: &str,
    ) -> Result<(), AppError> {
        if !purpose.superseded_by_newer() {
            return Ok(());
        }
        let db = self.db();
        db.execute(stmt(
            db.get_database_backend(),
            "UPDATE one_time_tokens SET used_at = ? \
             WHERE user_id = ? AND purpose = ? AND used_at IS NULL AND token_hash <> ? \
             AND (issue_seq IS NULL \
                  OR issue_seq < (SELECT k.issue_seq FROM one_time_tokens k WHERE k.token_hash = ?))",
            vec![self.now().into(), user_id.into(), purpose.as_str().into(), keep.into(), keep.into()],
        ))
        .await
        .map(|_| ())
        .map_err(internal)
    }

    /// Marks every unused token of this purpose for the user as used.
    pub(crate) async fn supersede_tokens(&self, user_id: i64, purpose: Purpose) -> Result<(), AppError> {
        supersede(self.db(), user_id, purpose, self.now()).await
    }

    /// Ends every mailed link the user has outstanding (reset, address and
    /// recovery links, the token to turn MFA off) and every pending login:
    /// after a password or primary address change, nothing issued before it
    /// may still act.
    pub(crate) async fn supersede_all_links(&self, user_id: i64) -> Result<(), AppError> {
        let purposes = [
            Purpose::PasswordReset,
            Purpose::EmailChange,
            Purpose::RecoveryEmail,
            Purpose::Recover,
            Purpose::RecoverPrimary,
            Purpose::MfaLogin,
            Purpose::MfaRevoke,
        ];
        one_time_token::Entity::update_many()
            .col_expr(one_time_token::Column::UsedAt, self.now().into())
            .filter(one_time_token::Column::UserId.eq(user_id))
            .filter(one_time_token::Column::Purpose.is_in(purposes.map(Purpose::as_str)))
            .filter(one_time_token::Column::UsedAt.is_null())
            .exec(self.db())
            .await
            .map(|_| ())
            .map_err(internal)
    }

    /// The token's row if it is still usable (unused, unexpired), without using it.
    pub(crate) async fn peek_token(
        &self,
        token: &str,
        purpose: Purpose,
    ) -> Result<Option<one_time_token::Model>, AppError> {
        if !looks_like_token(token) {
            return Ok(None);
        }
        let now = self.now();
        Ok(one_time_token::Entity::find_by_id(token_digest(token))
            .one(self.db())
            .await
            .map_err(internal)?
            .filter(|t| t.purpose == purpose.as_str() && t.used_at.is_none() && t.expires_at > now))
    }

    /// The newest usable token of this purpose for the user (e.g. a pending address change).
    pub(crate) async fn pending_token(
        &self,
        user_id: i64,
        purpose: Purpose,
    ) -> Result<Option<one_time_token::Model>, AppError> {
        use sea_orm::QueryOrder;
        one_time_token::Entity::find()
            .filter(one_time_token::Column::UserId.eq(user_id))
            .filter(one_time_token::Column::Purpose.eq(purpose.as_str()))
            .filter(one_time_token::Column::UsedAt.is_null())
            .filter(one_time_token::Column::ExpiresAt.gt(self.now()))
            .order_by_desc(one_time_token::Column::CreatedAt)
            .order_by_desc(one_time_token::Column::IssueSeq)
            .one(self.db())
            .await
            .map_err(internal)
    }

    /// Deletes a token whose mail could not be sent, so it never existed for anyone.
    pub(crate) async fn discard_token(&self, token: &Secret) -> Result<(), AppError> {
        one_time_token::Entity::delete_by_id(token_digest(token.expose()))
            .exec(self.db())
            .await
            .map(|_| ())
            .map_err(internal)
    }

    /// Consumes a token: exactly one caller gets its row, every later or
    /// concurrent use, an expired or superseded token gets `None`.
    pub(crate) async fn consume_token(
        &self,
        token: &str,
        purpose: Purpose,
    ) -> Result<Option<one_time_token::Model>, AppError> {
        if !looks_like_token(token) {
            return Ok(None);
        }
        let now = self.now();
        let hash = token_digest(token);
        let db = self.db();
        let res = db
            .execute(stmt(
                db.get_database_backend(),
                "UPDATE one_time_tokens SET used_at = ? \
                 WHERE token_hash = ? AND purpose = ? AND used_at IS NULL AND expires_at > ?",
                vec![now.into(), hash.clone().into(), purpose.as_str().into(), now.into()],
            ))
            .await
            .map_err(internal)?;
        if res.rows_affected() != 1 {
            return Ok(None);
        }
        one_time_token::Entity::find_by_id(hash).one(db).await.map_err(internal)
    }
}

/// Marks every unused token of this purpose for the user as used, on `db`
/// (the connection or a transaction).
async fn supersede(db: &impl ConnectionTrait, user_id: i64, purpose: Purpose, now: i64) -> Result<(), AppError> {
    one_time_token::Entity::update_many()
        .col_expr(one_time_token::Column::UsedAt, now.into())
        .filter(one_time_token::Column::UserId.eq(user_id))
        .filter(one_time_token::Column::Purpose.eq(purpose.as_str()))
        .filter(one_time_token::Column::UsedAt.is_null())
        .exec(db)
        .await
        .map(|_| ())
        .map_err(internal)
}

#[cfg(test)]
mod tests {
    use super::looks_like_token;

    #[test]
    fn altered_tokens_are_recognised_without_a_lookup() {
        let t = "aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE";
        assert!(looks_like_token(t));
        for altered in [format!("{t}%"), format!("{t}."), format!("{t}>"), t[..31].to_string()] {
            assert!(!looks_like_token(&altered));
        }
    }
}
