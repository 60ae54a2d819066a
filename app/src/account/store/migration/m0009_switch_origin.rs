//! A token opened by switching user remembers the session it was switched
//! from (its origin): it ends when the origin ends, whatever ends it.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Sessions {
    Table,
    OriginSession,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Sessions::Table)
                .add_column(ColumnDef::new(Sessions::OriginSession).string().null())
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("sessions_origin").table(Sessions::Table).col(Sessions::OriginSession).to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(Index::drop().name("sessions_origin").table(Sessions::Table).to_owned()).await?;
        m.alter_table(Table::alter().table(Sessions::Table).drop_column(Sessions::OriginSession).to_owned()).await
    }
}
