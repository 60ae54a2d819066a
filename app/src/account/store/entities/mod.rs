//! sea-orm entities: one module per table. Times are Unix seconds (`i64`)
//! so the schema is the same on SQLite and PostgreSQL.

pub mod auth_key;
pub mod login_lock;
pub mod one_time_token;
pub mod operator;
pub mod recovery_code;
pub mod role;
pub mod security_event;
pub mod session;
pub mod user;
pub mod user_role;
