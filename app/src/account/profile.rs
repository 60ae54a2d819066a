//! What the dashboard shows about the signed-in user, and their language.

use super::events::EventKind;
use super::login::SignedIn;
use super::store::entities::user::{self, UserKind};
use super::{Account, AppError, ClientInfo, internal};
use crate::i18n::Lang;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

/// The dashboard's security summary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    pub operator_id: String,
    pub kind: UserKind,
    /// A SAM user's name (none for the root user).
    pub sam_name: Option<String>,
    pub display_name: String,
    pub mfa_enabled: bool,
    pub recovery_email_set: bool,
    /// The sign-in before the current one (Unix seconds).
    pub previous_sign_in_at: Option<i64>,
}

impl Summary {
    /// The summary of a user row.
    pub(crate) fn of(u: &user::Model) -> Self {
        Summary {
            operator_id: u.operator_id.clone(),
            display_name: u.email.clone().or_else(|| u.name.clone()).unwrap_or_default(),
            kind: u.kind,
            sam_name: u.name.clone(),
            mfa_enabled: u.mfa_enabled,
            recovery_email_set: u.recovery_email.is_some(),
            previous_sign_in_at: u.previous_sign_in_at,
        }
    }
}

impl Account {
    /// The summary for the user's dashboard.
    pub async fn summary(&self, user_id: i64) -> Result<Summary, AppError> {
        let u = user::Entity::find_by_id(user_id)
            .one(self.db())
            .await
            .map_err(internal)?
            .ok_or(AppError::SignInRequired)?;
        Ok(Summary::of(&u))
    }

    /// The language to use after sign-in: a choice made before signing in
    /// (the switch on the sign-in page) is kept in the account; without one,
    /// the account's stored language applies.
    pub async fn settle_language(
        &self,
        signed_in: &SignedIn,
        chosen: Option<Lang>,
        client: &ClientInfo,
    ) -> Result<Lang, AppError> {
        match chosen {
            Some(lang) if Some(lang) != signed_in.language => {
                self.set_language(signed_in.user_id, lang, client).await?;
                Ok(lang)
            }
            Some(lang) => Ok(lang),
            None => Ok(signed_in.language.unwrap_or_default()),
        }
    }

    /// Stores the user's language (mails and the console use it).
    pub async fn set_language(&self, user_id: i64, lang: Lang, client: &ClientInfo) -> Result<(), AppError> {
        let done = user::Entity::update_many()
            .col_expr(user::Column::Language, Expr::value(lang.tag()))
            .filter(user::Column::Id.eq(user_id))
            .exec(self.db())
            .await
            .map_err(internal)?;
        if done.rows_affected == 0 {
            return Err(AppError::SignInRequired);
        }
        self.record(Some(user_id), None, EventKind::LanguageChanged, client).await
    }
}
