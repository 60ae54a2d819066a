//! (Tests only.) The account data a refused request must not change, as
//! text to compare before and after: users, operators, and the counts of
//! roles, memberships, auth keys, links, queued mail and recovery codes.
//! Sessions, locks and the activity log are left out: a refusal may count
//! a failure or record an attempt.

use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};

/// The snapshot of `db`.
pub async fn account_data(db: &DatabaseConnection) -> String {
    let mut out = String::new();
    for sql in [
        "SELECT id, email, name, password_hash, email_verified, language, mfa_enabled, mfa_secret, \
         mfa_pending_secret, recovery_email, description, permission, trust_policy FROM users ORDER BY id",
        "SELECT id, status FROM operators ORDER BY id",
        "SELECT COUNT(*) AS n FROM roles",
        "SELECT COUNT(*) AS n FROM user_roles",
        "SELECT COUNT(*) AS n FROM auth_keys",
        "SELECT COUNT(*) AS n FROM one_time_tokens",
        "SELECT COUNT(*) AS n FROM mail_queue",
        "SELECT COUNT(*) AS n FROM recovery_codes",
    ] {
        for row in db.query_all(Statement::from_string(db.get_database_backend(), sql)).await.unwrap() {
            out.push_str(&format!("{row:?}\n"));
        }
    }
    out
}
