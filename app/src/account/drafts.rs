//! A refused form's text kept for the page the browser returns to after a
//! plain form post: one draft per session, sealed, named by the form it
//! belongs to, and read once.

use super::store::entities::session;
use super::{Account, AppError, Principal, internal};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

/// The largest draft kept (a permission document's limit).
const MAX_DRAFT: usize = super::authz::policy::MAX_BYTES;

impl Account {
    /// Keeps `text` as the draft of `form` (e.g. `permission:user:reader`).
    pub async fn keep_draft(&self, p: &Principal, form: &str, text: &str) -> Result<(), AppError> {
        if text.len() > MAX_DRAFT {
            return Ok(());
        }
        let sealed = self.inner.secrets.seal(format!("{form}\n{text}").as_bytes());
        session::Entity::update_many()
            .col_expr(session::Column::Draft, Some(sealed).into())
            .filter(session::Column::IdHash.eq(p.session_id.as_str()))
            .exec(self.db())
            .await
            .map(|_| ())
            .map_err(internal)
    }

    /// The draft of `form`, once: reading it removes it. A draft of another
    /// form stays for that form.
    pub async fn take_draft(&self, p: &Principal, form: &str) -> Result<Option<String>, AppError> {
        let Some(s) = session::Entity::find_by_id(p.session_id.clone()).one(self.db()).await.map_err(internal)? else {
            return Ok(None);
        };
        let Some(sealed) = s.draft else { return Ok(None) };
        let plain = self.inner.secrets.open(&sealed).map(|b| String::from_utf8_lossy(&b).into_owned());
        let Some((key, text)) = plain.as_deref().and_then(|p| p.split_once('\n')) else { return Ok(None) };
        if key != form {
            return Ok(None);
        }
        let taken = session::Entity::update_many()
            .col_expr(session::Column::Draft, Option::<String>::None.into())
            .filter(session::Column::IdHash.eq(p.session_id.as_str()))
            .filter(session::Column::Draft.eq(sealed.clone()))
            .exec(self.db())
            .await
            .map_err(internal)?;
        Ok((taken.rows_affected == 1).then(|| text.to_string()))
    }
}
