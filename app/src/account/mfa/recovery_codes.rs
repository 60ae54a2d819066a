//! MFA recovery codes: 10 per user, each 80 random bits written as
//! `xxxx-xxxx-xxxx-xxxx` (Crockford base32), stored as HMAC-SHA-256 under a
//! key derived from the server key (a database dump alone cannot test
//! guesses), usable once (one conditional UPDATE, so two concurrent uses
//! cannot both win), replaced all at once in one transaction.

use crate::account::credential::secret::token_digest;
use crate::account::store::db::stmt;
use crate::account::store::entities::recovery_code;
use crate::account::{Account, AppError, internal};
use rand::Rng;
use rand::rngs::OsRng;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set, TransactionTrait};

/// How many codes a user gets.
pub const CODES_PER_USER: usize = 10;
/// Below this many unused codes the console warns.
pub const FEW_CODES_LEFT: u64 = 3;
const ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";

/// A new code, e.g. `7k2m-q9xd-3hvn-a0bc`.
fn new_code() -> String {
    let chars: Vec<char> = (0..16).map(|_| ALPHABET[OsRng.gen_range(0..32)] as char).collect();
    chars.chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("-")
}

/// Normalizes what a person typed: case, spaces and dashes do not matter,
/// and the look-alikes `o`, `i`, `l` read as `0`, `1`, `1`. `None` if it
/// cannot be a recovery code.
pub(crate) fn normalize(input: &str) -> Option<String> {
    let s: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| match c.to_ascii_lowercase() {
            'o' => '0',
            'i' | 'l' => '1',
            c => c,
        })
        .collect();
    (s.len() == 16 && s.bytes().all(|b| ALPHABET.contains(&b))).then_some(s)
}

impl Account {
    /// Replaces the user's recovery codes with 10 new ones and returns them
    /// (the only time they are ever readable). The user's row is written
    /// first inside the transaction, so parallel replacements run one after
    /// the other and the last one's 10 codes are all that remain.
    pub(crate) async fn replace_recovery_codes(&self, user_id: i64) -> Result<Vec<String>, AppError> {
        let now = self.now();
        let txn = self.db().begin().await.map_err(internal)?;
        txn.execute(stmt(txn.get_database_backend(), "UPDATE users SET id = id WHERE id = ?", vec![user_id.into()]))
            .await
            .map_err(internal)?;
        recovery_code::Entity::delete_many()
            .filter(recovery_code::Column::UserId.eq(user_id))
            .exec(&txn)
            .await
            .map_err(internal)?;
        let codes: Vec<String> = (0..CODES_PER_USER).map(|_| new_code()).collect();
        let rows = codes.iter().map(|c| recovery_code::ActiveModel {
            user_id: Set(user_id),
            code_hash: Set(self.inner.secrets.keyed_digest(&normalize(c).unwrap_or_default())),
            created_at: Set(now),
            used_at: Set(None),
            ..Default::default()
        });
        recovery_code::Entity::insert_many(rows).exec(&txn).await.map_err(internal)?;
        txn.commit().await.map_err(internal)?;
        Ok(codes)
    }

    /// Uses one recovery code; `false` if it is unknown or already used.
    /// Codes made before they were keyed (plain SHA-256) still work.
    pub(crate) async fn use_recovery_code(&self, user_id: i64, input: &str) -> Result<bool, AppError> {
        let Some(code) = normalize(input) else { return Ok(false) };
        let digests = [self.inner.secrets.keyed_digest(&code), token_digest(&code)];
        let res = recovery_code::Entity::update_many()
            .col_expr(recovery_code::Column::UsedAt, self.now().into())
            .filter(recovery_code::Column::UserId.eq(user_id))
            .filter(recovery_code::Column::CodeHash.is_in(digests))
            .filter(recovery_code::Column::UsedAt.is_null())
            .exec(self.db())
            .await
            .map_err(internal)?;
        Ok(res.rows_affected == 1)
    }

    /// How many unused recovery codes the user has.
    pub async fn recovery_codes_left(&self, user_id: i64) -> Result<u64, AppError> {
        recovery_code::Entity::find()
            .filter(recovery_code::Column::UserId.eq(user_id))
            .filter(recovery_code::Column::UsedAt.is_null())
            .count(self.db())
            .await
            .map_err(internal)
    }

    /// Deletes all of the user's recovery codes (MFA turned off).
    pub(crate) async fn delete_recovery_codes(&self, user_id: i64) -> Result<(), AppError> {
        recovery_code::Entity::delete_many()
            .filter(recovery_code::Column::UserId.eq(user_id))
            .exec(self.db())
            .await
            .map(|_| ())
            .map_err(internal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_have_four_groups_of_four_and_eighty_bits() {
        let c = new_code();
        assert_eq!(c.len(), 19);
        assert_eq!(c.split('-').count(), 4);
        assert_eq!(normalize(&c).unwrap().len(), 16); // 16 × 5 bits
    }

    #[test]
    fn typed_codes_are_normalized() {
        assert_eq!(normalize(" 7K2M-Q9XD 3HVN-A0BC ").as_deref(), Some("7k2mq9xd3hvna0bc"));
        assert_eq!(normalize("oooo-iiii-llll-0000").as_deref(), Some("0000111111110000"));
        assert_eq!(normalize("123456"), None);
        assert_eq!(normalize("7k2m-q9xd-3hvn-a0bu"), None, "u is not in the alphabet");
    }
}
