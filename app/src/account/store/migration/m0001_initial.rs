//! The first schema: operators, users, sessions, one-time tokens, login
//! locks and security events.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Operators {
    Table,
    Id,
    Status,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    OperatorId,
    Kind,
    Email,
    Name,
    PasswordHash,
    EmailVerified,
    Language,
    MfaEnabled,
    RecoveryEmail,
    LastSignInAt,
    PreviousSignInAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    IdHash,
    UserId,
    CreatedAt,
    LastSeenAt,
    ExpiresAt,
    ClientAddr,
    UserAgent,
}

#[derive(DeriveIden)]
enum OneTimeTokens {
    Table,
    TokenHash,
    Purpose,
    UserId,
    Payload,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

#[derive(DeriveIden)]
enum LoginLocks {
    Table,
    LockKey,
    Failures,
    WindowStart,
    LockedUntil,
    LockCount,
}

#[derive(DeriveIden)]
enum SecurityEvents {
    Table,
    Id,
    UserId,
    OperatorId,
    Kind,
    ClientAddr,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Operators::Table)
                .col(ColumnDef::new(Operators::Id).string_len(12).not_null().primary_key())
                .col(ColumnDef::new(Operators::Status).string_len(16).not_null())
                .col(ColumnDef::new(Operators::CreatedAt).big_integer().not_null())
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Users::Table)
                .col(ColumnDef::new(Users::Id).big_integer().not_null().auto_increment().primary_key())
                .col(ColumnDef::new(Users::OperatorId).string_len(12).not_null())
                .col(ColumnDef::new(Users::Kind).string_len(8).not_null())
                .col(ColumnDef::new(Users::Email).string_len(320).null())
                .col(ColumnDef::new(Users::Name).string_len(100).null())
                .col(ColumnDef::new(Users::PasswordHash).string_len(255).null())
                .col(ColumnDef::new(Users::EmailVerified).boolean().not_null().default(false))
                .col(ColumnDef::new(Users::Language).string_len(8).null())
                .col(ColumnDef::new(Users::MfaEnabled).boolean().not_null().default(false))
                .col(ColumnDef::new(Users::RecoveryEmail).string_len(320).null())
                .col(ColumnDef::new(Users::LastSignInAt).big_integer().null())
                .col(ColumnDef::new(Users::PreviousSignInAt).big_integer().null())
                .col(ColumnDef::new(Users::CreatedAt).big_integer().not_null())
                .foreign_key(
                    ForeignKey::create()
                        .from(Users::Table, Users::OperatorId)
                        .to(Operators::Table, Operators::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("users_email_unique").table(Users::Table).col(Users::Email).unique().to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("users_operator_name_unique")
                .table(Users::Table)
                .col(Users::OperatorId)
                .col(Users::Name)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Sessions::Table)
                .col(ColumnDef::new(Sessions::IdHash).string_len(64).not_null().primary_key())
                .col(ColumnDef::new(Sessions::UserId).big_integer().not_null())
                .col(ColumnDef::new(Sessions::CreatedAt).big_integer().not_null())
                .col(ColumnDef::new(Sessions::LastSeenAt).big_integer().not_null())
                .col(ColumnDef::new(Sessions::ExpiresAt).big_integer().not_null())
                .col(ColumnDef::new(Sessions::ClientAddr).string_len(64).null())
                .col(ColumnDef::new(Sessions::UserAgent).string_len(512).null())
                .foreign_key(
                    ForeignKey::create()
                        .from(Sessions::Table, Sessions::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(Index::create().name("sessions_user").table(Sessions::Table).col(Sessions::UserId).to_owned())
            .await?;
        m.create_table(
            Table::create()
                .table(OneTimeTokens::Table)
                .col(ColumnDef::new(OneTimeTokens::TokenHash).string_len(64).not_null().primary_key())
                .col(ColumnDef::new(OneTimeTokens::Purpose).string_len(32).not_null())
                .col(ColumnDef::new(OneTimeTokens::UserId).big_integer().not_null())
                .col(ColumnDef::new(OneTimeTokens::Payload).text().null())
                .col(ColumnDef::new(OneTimeTokens::CreatedAt).big_integer().not_null())
                .col(ColumnDef::new(OneTimeTokens::ExpiresAt).big_integer().not_null())
                .col(ColumnDef::new(OneTimeTokens::UsedAt).big_integer().null())
                .foreign_key(
                    ForeignKey::create()
                        .from(OneTimeTokens::Table, OneTimeTokens::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("one_time_tokens_user_purpose")
                .table(OneTimeTokens::Table)
                .col(OneTimeTokens::UserId)
                .col(OneTimeTokens::Purpose)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(LoginLocks::Table)
                .col(ColumnDef::new(LoginLocks::LockKey).string_len(400).not_null().primary_key())
                .col(ColumnDef::new(LoginLocks::Failures).integer().not_null().default(0))
                .col(ColumnDef::new(LoginLocks::WindowStart).big_integer().not_null())
                .col(ColumnDef::new(LoginLocks::LockedUntil).big_integer().null())
                .col(ColumnDef::new(LoginLocks::LockCount).integer().not_null().default(0))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(SecurityEvents::Table)
                .col(ColumnDef::new(SecurityEvents::Id).big_integer().not_null().auto_increment().primary_key())
                .col(ColumnDef::new(SecurityEvents::UserId).big_integer().null())
                .col(ColumnDef::new(SecurityEvents::OperatorId).string_len(12).null())
                .col(ColumnDef::new(SecurityEvents::Kind).string_len(40).not_null())
                .col(ColumnDef::new(SecurityEvents::ClientAddr).string_len(64).null())
                .col(ColumnDef::new(SecurityEvents::CreatedAt).big_integer().not_null())
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("security_events_user")
                .table(SecurityEvents::Table)
                .col(SecurityEvents::UserId)
                .col(SecurityEvents::Id)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            SecurityEvents::Table.into_iden(),
            LoginLocks::Table.into_iden(),
            OneTimeTokens::Table.into_iden(),
            Sessions::Table.into_iden(),
            Users::Table.into_iden(),
            Operators::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
