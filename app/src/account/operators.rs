//! Creating operators with their root user (sign-up and the shell command).

use super::credential::email_address::EmailAddress;
use super::credential::secret::random_digits;
use super::store::entities::{operator, user};
use super::{Account, AppError, internal};
use crate::i18n::Lang;
use sea_orm::{ActiveModelTrait, EntityTrait, Set, TransactionTrait};

/// A freshly created operator and its root user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreatedOperator {
    pub operator_id: String,
    pub user_id: i64,
}

/// The operator as `Operator:getOperator` shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OperatorProfile {
    pub operator_id: String,
    /// The root user's primary address.
    pub email: String,
    pub created_at: i64,
    /// When the root user's account last changed (its creation if never).
    pub updated_at: i64,
}

/// A new operator id: `OP` followed by 10 random digits.
pub(crate) fn new_operator_id() -> String {
    format!("OP{}", random_digits(10))
}

impl Account {
    /// Inserts an operator and its root user in one transaction. `None`
    /// when the address is already taken (also when a concurrent sign-up
    /// took it first).
    pub(crate) async fn insert_operator(
        &self,
        email: &EmailAddress,
        password_hash: String,
        verified: bool,
        lang: Lang,
    ) -> Result<Option<CreatedOperator>, AppError> {
        let now = self.now();
        for _ in 0..5 {
            let operator_id = new_operator_id();
            if operator::Entity::find_by_id(operator_id.clone()).one(self.db()).await.map_err(internal)?.is_some() {
                continue;
            }
            let txn = self.db().begin().await.map_err(internal)?;
            operator::ActiveModel {
                id: Set(operator_id.clone()),
                status: Set(operator::ACTIVE.to_string()),
                created_at: Set(now),
            }
            .insert(&txn)
            .await
            .map_err(internal)?;
            let inserted = user::ActiveModel {
                operator_id: Set(operator_id.clone()),
                kind: Set(user::UserKind::Root),
                email: Set(Some(email.as_str().to_string())),
                name: Set(None),
                password_hash: Set(Some(password_hash.clone())),
                email_verified: Set(verified),
                language: Set(Some(lang.tag().to_string())),
                mfa_enabled: Set(false),
                recovery_email: Set(None),
                last_sign_in_at: Set(None),
                previous_sign_in_at: Set(None),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await;
            return match inserted {
                Ok(u) => {
                    txn.commit().await.map_err(internal)?;
                    Ok(Some(CreatedOperator { operator_id, user_id: u.id }))
                }
                Err(e) => {
                    let _ = txn.rollback().await;
                    if self.root_by_email(email).await?.is_some() { Ok(None) } else { Err(internal(e)) }
                }
            };
        }
        Err(AppError::Internal)
    }

    /// `Operator:getOperator`: the caller's operator.
    pub async fn operator_profile(&self, caller: &super::Caller) -> Result<OperatorProfile, AppError> {
        self.authorize(caller, super::Action::GetOperator, super::Target::OPERATOR).await?;
        let operator_id = caller.principal.operator_id();
        let op = operator::Entity::find_by_id(operator_id.to_string()).one(self.db()).await.map_err(internal)?;
        let op = op.ok_or(AppError::Internal)?;
        let root = self.operator_root(operator_id).await?;
        Ok(OperatorProfile {
            operator_id: op.id,
            email: root.email.unwrap_or_default(),
            created_at: op.created_at,
            updated_at: root.updated_at.unwrap_or(root.created_at).max(op.created_at),
        })
    }

    /// The root user whose primary address this is.
    pub(crate) async fn root_by_email(&self, email: &EmailAddress) -> Result<Option<user::Model>, AppError> {
        use sea_orm::{ColumnTrait, QueryFilter};
        user::Entity::find()
            .filter(user::Column::Email.eq(email.as_str()))
            .filter(user::Column::Kind.eq(user::UserKind::Root))
            .one(self.db())
            .await
            .map_err(internal)
    }

    /// Creates a verified operator from the shell (the first admin of a
    /// self-hosted install). Applies the password policy; refuses a taken address.
    pub async fn create_operator_verified(
        &self,
        email: &str,
        password: &super::Secret,
        lang: Lang,
    ) -> Result<CreatedOperator, AppError> {
        let email = EmailAddress::parse(email)?;
        super::credential::password_policy::check_password(
            password.expose(),
            Some(email.as_str()),
            self.config().min_password_len,
        )?;
        let hash = self.inner.hasher.hash(password).await?;
        self.insert_operator(&email, hash, true, lang).await?.ok_or(AppError::EmailTaken)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn operator_ids_are_op_and_ten_digits() {
        let id = super::new_operator_id();
        assert_eq!(id.len(), 12);
        assert!(id.starts_with("OP") && id[2..].bytes().all(|b| b.is_ascii_digit()));
    }
}
