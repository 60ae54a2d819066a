//! Failure counting and locks per sign-in name (and per client address).

use sea_orm::entity::prelude::*;

/// A row of `login_locks`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "login_locks")]
pub struct Model {
    /// `name:<normalized email>`, `name:<OP…>/<user>` or `addr:<client>`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub lock_key: String,
    pub failures: i32,
    pub window_start: i64,
    pub locked_until: Option<i64>,
    /// Locks since the last success; each doubles the next lock.
    pub lock_count: i32,
    /// Failures since the last success, whatever the window: slow guessing
    /// locks too (NIST SP 800-63B §5.2.2).
    pub consecutive_failures: i32,
    /// `name…#<client>` rows: when that client last completed a sign-in of
    /// the name (it then passes the name's lock, see `known_client`).
    pub succeeded_at: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
