//! When a client last completed a sign-in of a name: a name that strangers
//! keep locked still lets its owner's usual client through (its own
//! failures count on its own lock row).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum LoginLocks {
    Table,
    SucceededAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(LoginLocks::Table)
                .add_column(ColumnDef::new(LoginLocks::SucceededAt).big_integer().null())
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(LoginLocks::Table).drop_column(LoginLocks::SucceededAt).to_owned()).await
    }
}
