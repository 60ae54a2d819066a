//! The access wing: a SAM user's description and permission document,
//! roles (named permission documents), which users they are attached to,
//! what an event acted on (`user:<name>`, `role:<id>`), and a session's
//! draft (a document refused in a form posted without JavaScript).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Operators {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Description,
    Permission,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    Draft,
}

#[derive(DeriveIden)]
enum SecurityEvents {
    Table,
    Target,
}

#[derive(DeriveIden)]
enum Roles {
    Table,
    Id,
    OperatorId,
    RoleId,
    Description,
    Permission,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum UserRoles {
    Table,
    UserId,
    RoleKey,
    AttachedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for col in [
            ColumnDef::new(Users::Description).string_len(1000).null().to_owned(),
            ColumnDef::new(Users::Permission).text().null().to_owned(),
            ColumnDef::new(Users::UpdatedAt).big_integer().null().to_owned(),
        ] {
            m.alter_table(Table::alter().table(Users::Table).add_column(col).to_owned()).await?;
        }
        m.alter_table(
            Table::alter().table(Sessions::Table).add_column(ColumnDef::new(Sessions::Draft).text().null()).to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(SecurityEvents::Table)
                .add_column(ColumnDef::new(SecurityEvents::Target).string_len(250).null())
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Roles::Table)
                .col(ColumnDef::new(Roles::Id).big_integer().not_null().auto_increment().primary_key())
                .col(ColumnDef::new(Roles::OperatorId).string_len(12).not_null())
                .col(ColumnDef::new(Roles::RoleId).string_len(100).not_null())
                .col(ColumnDef::new(Roles::Description).string_len(1000).null())
                .col(ColumnDef::new(Roles::Permission).text().not_null())
                .col(ColumnDef::new(Roles::CreatedAt).big_integer().not_null())
                .col(ColumnDef::new(Roles::UpdatedAt).big_integer().not_null())
                .foreign_key(
                    ForeignKey::create()
                        .from(Roles::Table, Roles::OperatorId)
                        .to(Operators::Table, Operators::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("roles_operator_role_id_unique")
                .table(Roles::Table)
                .col(Roles::OperatorId)
                .col(Roles::RoleId)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(UserRoles::Table)
                .col(ColumnDef::new(UserRoles::UserId).big_integer().not_null())
                .col(ColumnDef::new(UserRoles::RoleKey).big_integer().not_null())
                .col(ColumnDef::new(UserRoles::AttachedAt).big_integer().not_null())
                .primary_key(Index::create().col(UserRoles::UserId).col(UserRoles::RoleKey))
                .foreign_key(
                    ForeignKey::create()
                        .from(UserRoles::Table, UserRoles::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(UserRoles::Table, UserRoles::RoleKey)
                        .to(Roles::Table, Roles::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("user_roles_role").table(UserRoles::Table).col(UserRoles::RoleKey).to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(UserRoles::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(Roles::Table).to_owned()).await?;
        m.alter_table(Table::alter().table(SecurityEvents::Table).drop_column(SecurityEvents::Target).to_owned())
            .await?;
        for col in [Users::Description, Users::Permission, Users::UpdatedAt] {
            m.alter_table(Table::alter().table(Users::Table).drop_column(col).to_owned()).await?;
        }
        Ok(())
    }
}
