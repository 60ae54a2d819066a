//! The mail queue: a mail the mail server could not take is kept here,
//! sealed with the server key (it may carry a live link), and retried with
//! backoff until it goes or its links expire. A mailed link's row names
//! the token it carries, so older links are superseded only once the new
//! one is really delivered.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum MailQueue {
    Table,
    Id,
    Sealed,
    CreatedAt,
    ExpiresAt,
    Attempts,
    NextAttemptAt,
    SupersedeUserId,
    SupersedePurpose,
    KeepTokenHash,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(MailQueue::Table)
                .col(ColumnDef::new(MailQueue::Id).big_integer().not_null().auto_increment().primary_key())
                .col(ColumnDef::new(MailQueue::Sealed).text().not_null())
                .col(ColumnDef::new(MailQueue::CreatedAt).big_integer().not_null())
                .col(ColumnDef::new(MailQueue::ExpiresAt).big_integer().not_null())
                .col(ColumnDef::new(MailQueue::Attempts).integer().not_null().default(0))
                .col(ColumnDef::new(MailQueue::NextAttemptAt).big_integer().not_null())
                .col(ColumnDef::new(MailQueue::SupersedeUserId).big_integer().null())
                .col(ColumnDef::new(MailQueue::SupersedePurpose).string_len(32).null())
                .col(ColumnDef::new(MailQueue::KeepTokenHash).string_len(64).null())
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("mail_queue_due").table(MailQueue::Table).col(MailQueue::NextAttemptAt).to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(MailQueue::Table).to_owned()).await
    }
}
