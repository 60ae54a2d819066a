//! Query texts built once per service. sea-query writes a statement's SQL
//! anew on every call; for the session look-up behind every signed-in page
//! and every `/v1` call (the columns of two tables, each aliased) that was
//! about a twelfth of the request's CPU time. A [`Prebuilt`] keeps the
//! statement built with [`SLOT`] in place of its one varying value and
//! binds the value of each call.

use sea_orm::{Statement, Value};
use std::sync::OnceLock;

/// Stands for the varying value while a statement is built (no token,
/// digest or name can contain a NUL).
pub(crate) const SLOT: &str = "\u{0}prebuilt-slot\u{0}";

/// One query's statement, built on first use.
#[derive(Debug, Default)]
pub(crate) struct Prebuilt(OnceLock<Statement>);

impl Prebuilt {
    /// The statement with `value` bound wherever `build` (called the first
    /// time only, with [`SLOT`]) put the slot.
    pub(crate) fn bind(&self, value: &str, build: impl FnOnce(&str) -> Statement) -> Statement {
        let mut stmt = self.0.get_or_init(|| build(SLOT)).clone();
        let slots = stmt.values.iter_mut().flat_map(|v| v.0.iter_mut()).filter(|v| is_slot(v));
        let mut bound = 0;
        for v in slots {
            *v = Value::String(Some(Box::new(value.to_string())));
            bound += 1;
        }
        debug_assert!(bound > 0, "the statement was built without its slot: {}", stmt.sql);
        stmt
    }
}

fn is_slot(v: &Value) -> bool {
    matches!(v, Value::String(Some(s)) if s.as_str() == SLOT)
}

/// The statements the service keeps built.
#[derive(Debug, Default)]
pub(crate) struct Statements {
    /// A console session by its id, with its user (see `active_session`).
    pub(crate) console_session: Prebuilt,
    /// An API token's session by its id, with its user.
    pub(crate) api_session: Prebuilt,
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::DatabaseBackend;

    fn built(slot: &str) -> Statement {
        Statement::from_sql_and_values(
            DatabaseBackend::Sqlite,
            "SELECT 1 WHERE a = ? AND b = ?",
            [Value::from(slot.to_string()), Value::from("fixed")],
        )
    }

    #[test]
    fn each_call_binds_its_own_value_and_keeps_the_fixed_ones() {
        let p = Prebuilt::default();
        let first = p.bind("one", built);
        let second = p.bind("two", |_| unreachable!("built once"));
        assert_eq!(first.sql, second.sql);
        assert_eq!(first.values.unwrap().0, vec![Value::from("one"), Value::from("fixed")]);
        assert_eq!(second.values.unwrap().0, vec![Value::from("two"), Value::from("fixed")]);
    }
}
