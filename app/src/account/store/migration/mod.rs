//! Schema migrations, applied at start (sea-orm-migration); each works on
//! SQLite and PostgreSQL.

use sea_orm_migration::prelude::*;

mod m0001_initial;
mod m0002_security;
mod m0003_review;
mod m0004_access;
mod m0005_auth_keys;
mod m0006_api_tokens;
mod m0007_mail_queue;
mod m0008_token_order;
mod m0009_switch_origin;
mod m0010_known_clients;

/// All migrations in order.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m0001_initial::Migration),
            Box::new(m0002_security::Migration),
            Box::new(m0003_review::Migration),
            Box::new(m0004_access::Migration),
            Box::new(m0005_auth_keys::Migration),
            Box::new(m0006_api_tokens::Migration),
            Box::new(m0007_mail_queue::Migration),
            Box::new(m0008_token_order::Migration),
            Box::new(m0009_switch_origin::Migration),
            Box::new(m0010_known_clients::Migration),
        ]
    }
}
