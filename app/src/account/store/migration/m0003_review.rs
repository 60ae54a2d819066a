//! Fixes from the security review: a consecutive-failure count per lock key
//! (only a success resets it), and the session a pending TOTP set-up
//! belongs to.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum LoginLocks {
    Table,
    ConsecutiveFailures,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    MfaPendingSession,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(LoginLocks::Table)
                .add_column(ColumnDef::new(LoginLocks::ConsecutiveFailures).integer().not_null().default(0))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Users::Table)
                .add_column(ColumnDef::new(Users::MfaPendingSession).string_len(64).null())
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(Users::Table).drop_column(Users::MfaPendingSession).to_owned()).await?;
        m.alter_table(Table::alter().table(LoginLocks::Table).drop_column(LoginLocks::ConsecutiveFailures).to_owned())
            .await
    }
}
