//! Auth keys: a key id and an argon2id-hashed secret per key, at most two
//! per user, for programmatic access.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum AuthKeys {
    Table,
    Id,
    UserId,
    SecretHash,
    CreatedAt,
    LastUsedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(AuthKeys::Table)
                .col(ColumnDef::new(AuthKeys::Id).string_len(40).not_null().primary_key())
                .col(ColumnDef::new(AuthKeys::UserId).big_integer().not_null())
                .col(ColumnDef::new(AuthKeys::SecretHash).string_len(255).not_null())
                .col(ColumnDef::new(AuthKeys::CreatedAt).big_integer().not_null())
                .col(ColumnDef::new(AuthKeys::LastUsedAt).big_integer().null())
                .foreign_key(
                    ForeignKey::create()
                        .from(AuthKeys::Table, AuthKeys::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(Index::create().name("auth_keys_user").table(AuthKeys::Table).col(AuthKeys::UserId).to_owned())
            .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(AuthKeys::Table).to_owned()).await
    }
}
