//! The order in which one-time tokens were issued: a mailed link delivered
//! late (from the mail queue) supersedes only the links issued before it,
//! never one the user asked for since.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum OneTimeTokens {
    Table,
    IssueSeq,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(OneTimeTokens::Table)
                .add_column(ColumnDef::new(OneTimeTokens::IssueSeq).big_integer().null())
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(OneTimeTokens::Table).drop_column(OneTimeTokens::IssueSeq).to_owned()).await
    }
}
