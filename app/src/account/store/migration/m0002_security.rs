//! The security page: MFA secrets (encrypted) and the last accepted TOTP
//! step, recovery codes, and per-session re-authentication time and a
//! one-time flash (the recovery codes shown once).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    MfaSecret,
    MfaPendingSecret,
    MfaPendingAt,
    MfaLastStep,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    ReauthAt,
    Flash,
}

#[derive(DeriveIden)]
enum RecoveryCodes {
    Table,
    Id,
    UserId,
    CodeHash,
    CreatedAt,
    UsedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite takes one column per ALTER TABLE.
        for col in [
            ColumnDef::new(Users::MfaSecret).text().null().to_owned(),
            ColumnDef::new(Users::MfaPendingSecret).text().null().to_owned(),
            ColumnDef::new(Users::MfaPendingAt).big_integer().null().to_owned(),
            ColumnDef::new(Users::MfaLastStep).big_integer().null().to_owned(),
        ] {
            m.alter_table(Table::alter().table(Users::Table).add_column(col).to_owned()).await?;
        }
        for col in [
            ColumnDef::new(Sessions::ReauthAt).big_integer().null().to_owned(),
            ColumnDef::new(Sessions::Flash).text().null().to_owned(),
        ] {
            m.alter_table(Table::alter().table(Sessions::Table).add_column(col).to_owned()).await?;
        }
        m.create_table(
            Table::create()
                .table(RecoveryCodes::Table)
                .col(ColumnDef::new(RecoveryCodes::Id).big_integer().not_null().auto_increment().primary_key())
                .col(ColumnDef::new(RecoveryCodes::UserId).big_integer().not_null())
                .col(ColumnDef::new(RecoveryCodes::CodeHash).string_len(64).not_null())
                .col(ColumnDef::new(RecoveryCodes::CreatedAt).big_integer().not_null())
                .col(ColumnDef::new(RecoveryCodes::UsedAt).big_integer().null())
                .foreign_key(
                    ForeignKey::create()
                        .from(RecoveryCodes::Table, RecoveryCodes::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("recovery_codes_user_hash")
                .table(RecoveryCodes::Table)
                .col(RecoveryCodes::UserId)
                .col(RecoveryCodes::CodeHash)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(RecoveryCodes::Table).to_owned()).await?;
        for col in [Sessions::ReauthAt, Sessions::Flash] {
            m.alter_table(Table::alter().table(Sessions::Table).drop_column(col).to_owned()).await?;
        }
        for col in [Users::MfaSecret, Users::MfaPendingSecret, Users::MfaPendingAt, Users::MfaLastStep] {
            m.alter_table(Table::alter().table(Users::Table).drop_column(col).to_owned()).await?;
        }
        Ok(())
    }
}
