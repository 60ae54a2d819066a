//! API tokens: a token of the `/v1` API is a session of kind `api`, so
//! every rule that ends a user's sessions (password change or reset, a
//! removed password, MFA turned off by the root user, the user deleted, the
//! operator suspended) ends its tokens too. An API session also holds the
//! digest of its API key and, when it was opened with an auth key, that key.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    TrustPolicy,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    Kind,
    ApiKeyHash,
    AuthKeyId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite alters one column per statement.
        m.alter_table(
            Table::alter()
                .table(Sessions::Table)
                .add_column(ColumnDef::new(Sessions::Kind).string_len(8).not_null().default("console"))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Sessions::Table)
                .add_column(ColumnDef::new(Sessions::ApiKeyHash).string_len(64).null())
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Sessions::Table)
                .add_column(ColumnDef::new(Sessions::AuthKeyId).string_len(40).null())
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("sessions_auth_key").table(Sessions::Table).col(Sessions::AuthKeyId).to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter().table(Users::Table).add_column(ColumnDef::new(Users::TrustPolicy).text().null()).to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(Users::Table).drop_column(Users::TrustPolicy).to_owned()).await?;
        m.drop_index(Index::drop().name("sessions_auth_key").table(Sessions::Table).to_owned()).await?;
        for col in [Sessions::AuthKeyId, Sessions::ApiKeyHash, Sessions::Kind] {
            m.alter_table(Table::alter().table(Sessions::Table).drop_column(col).to_owned()).await?;
        }
        Ok(())
    }
}
