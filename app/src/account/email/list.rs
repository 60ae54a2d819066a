//! The root user's addresses as the API's `Email` operations see them: a
//! list with ids. The primary address is the sign-in address (changed,
//! never deleted); the recovery address is verified; a pending recovery
//! address waits for its mailed link. (How `/v1` spells the ids is its own
//! business: `server/src/rest/emails.rs`.) Adding an
//! address (`issueAddEmailToken` with the password, then the mailed
//! token) sets the recovery address, as the Email settings page does.

use crate::account::authz::{Action, Target};
use crate::account::events::EventKind;
use crate::account::tokens::Purpose;
use crate::account::{Account, AppError, Caller, ClientInfo, Proof, Secret};

/// Which address of the list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EmailId {
    /// The sign-in address.
    Primary,
    /// The verified recovery address.
    Recovery,
    /// A recovery address waiting for its link.
    RecoveryPending,
}

/// One address of the list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmailEntry {
    pub id: EmailId,
    pub email: String,
    pub verified: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Account {
    /// `Email:listEmails`: the root user's addresses.
    pub async fn list_emails(&self, caller: &Caller) -> Result<Vec<EmailEntry>, AppError> {
        self.authorize(caller, Action::ListEmails, Target::OPERATOR).await?;
        self.email_entries(caller).await
    }

    /// `Email:getEmail`: one of them (`None`: an id that names no address).
    pub async fn get_email(&self, caller: &Caller, id: Option<EmailId>) -> Result<EmailEntry, AppError> {
        self.authorize(caller, Action::GetEmail, Target::OPERATOR).await?;
        self.email_entries(caller).await?.into_iter().find(|e| Some(e.id) == id).ok_or(AppError::EmailNotFound)
    }

    async fn email_entries(&self, caller: &Caller) -> Result<Vec<EmailEntry>, AppError> {
        let u = self.user(caller.principal.user_id).await?;
        let changed = u.updated_at.unwrap_or(u.created_at);
        let mut list = vec![EmailEntry {
            id: EmailId::Primary,
            email: u.email.clone().unwrap_or_default(),
            verified: u.email_verified,
            created_at: u.created_at,
            updated_at: changed,
        }];
        if let Some(recovery) = u.recovery_email.clone() {
            list.push(EmailEntry {
                id: EmailId::Recovery,
                email: recovery,
                verified: true,
                created_at: changed,
                updated_at: changed,
            });
        }
        if let Some(t) = self.pending_token(u.id, Purpose::RecoveryEmail).await? {
            let email = t.payload.unwrap_or_default();
            list.push(EmailEntry {
                id: EmailId::RecoveryPending,
                email,
                verified: false,
                created_at: t.created_at,
                updated_at: t.created_at,
            });
        }
        Ok(list)
    }

    /// `Email:deleteEmail`: removes the recovery address or cancels a
    /// pending one (with a token opened with the password in the last
    /// minutes); the primary address is changed, never deleted.
    pub async fn delete_email(&self, caller: &Caller, id: Option<EmailId>) -> Result<(), AppError> {
        self.authorize(caller, Action::DeleteEmail, Target::OPERATOR).await?;
        let entry =
            self.email_entries(caller).await?.into_iter().find(|e| Some(e.id) == id).ok_or(AppError::EmailNotFound)?;
        if entry.id == EmailId::Primary {
            return Err(AppError::PrimaryEmailKept);
        }
        if !self.recently_authenticated(&caller.principal) {
            return Err(AppError::ReauthRequired);
        }
        let u = self.user(caller.principal.user_id).await?;
        self.supersede_tokens(u.id, Purpose::RecoveryEmail).await?;
        if entry.id == EmailId::Recovery {
            self.set_recovery_address(&u, None).await?;
            self.record(Some(u.id), Some(&u.operator_id), EventKind::RecoveryEmailRemoved, &caller.client).await?;
        }
        Ok(())
    }

    /// `Email:issueAddEmailToken`: mails a link (with its token) to a new
    /// recovery address, after the password (a code is not asked here).
    pub async fn issue_add_email_token(
        &self,
        caller: &Caller,
        address: &str,
        password: &Secret,
    ) -> Result<(), AppError> {
        self.authorize(caller, Action::IssueAddEmailToken, Target::OPERATOR).await?;
        self.request_recovery_email(&caller.principal, address, Proof::password(password), &caller.client).await?;
        Ok(())
    }

    /// `Email:verifyAddEmailToken`: the mailed token makes the address the
    /// recovery address (no sign-in needed: the token is the proof).
    pub async fn verify_add_email_token(&self, token: &str, client: &ClientInfo) -> Result<(), AppError> {
        self.confirm_recovery_email(token, client).await.map(|_| ())
    }
}
