//! `/users/:name`: one SAM user, with tabs for console access, MFA,
//! permissions and roles (`?tab=`). Every form is offered only when the
//! caller may use it; the server refuses it anyway.

use crate::components::access_tabs::{AccessTab, AccessTabs};
use crate::components::field::{TextArea, TextField};
use crate::components::notice::{FormError, Notice, action_error, field_error};
use crate::components::signed_in::LoadError;
use crate::error::Field;
use crate::i18n::{Msg, use_lang};
use crate::pages::security::auth_keys::AuthKeysPanel;
use crate::server_fns::users::{
    AttachRole, DeleteUser, DetachRole, RemoveUserPassword, RevokeUserMfa, SetUserPassword, UpdateUser,
    UpdateUserPermission, UserView, user_detail,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// A tab of a user's page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum UserTab {
    Access,
    Keys,
    Mfa,
    Permissions,
    Roles,
}

impl UserTab {
    const ALL: [UserTab; 5] = [UserTab::Access, UserTab::Keys, UserTab::Mfa, UserTab::Permissions, UserTab::Roles];

    fn key(self) -> &'static str {
        match self {
            UserTab::Access => "access",
            UserTab::Keys => "keys",
            UserTab::Mfa => "mfa",
            UserTab::Permissions => "permissions",
            UserTab::Roles => "roles",
        }
    }

    fn label(self) -> Msg {
        match self {
            UserTab::Access => Msg::UserTabAccess,
            UserTab::Keys => Msg::AuthKeysTitle,
            UserTab::Mfa => Msg::TabMfa,
            UserTab::Permissions => Msg::UserTabPermissions,
            UserTab::Roles => Msg::RolesTitle,
        }
    }

    fn from_key(key: &str) -> UserTab {
        UserTab::ALL.into_iter().find(|t| t.key() == key).unwrap_or(UserTab::Access)
    }
}

/// The user's page.
#[component]
pub fn UserPage() -> impl IntoView {
    let i = use_lang();
    let params = use_params_map();
    let query = use_query_map();
    let name = move || params.read().get("name").unwrap_or_default();
    let data = Resource::new_blocking(name, user_detail);
    let tab = UserTab::from_key(&query.read_untracked().get("tab").unwrap_or_default());
    let saved = query.read_untracked().get("saved").is_some();
    let created = query.read_untracked().get("created").is_some();
    view! {
        <Title text=move || format!("{} · {}", name(), i.t(Msg::UsersTitle))/>
        <section class="card">
            <AccessTabs active=AccessTab::Users/>
            <Suspense fallback=move || view! { <p>{i.t(Msg::Loading)}</p> }>
                {move || data.get().map(|r| match r {
                    Ok(v) => view! {
                        <Show when=move || created><Notice>{i.t(Msg::UsersCreated)}</Notice></Show>
                        <Show when=move || saved><Notice>{i.t(Msg::Saved)}</Notice></Show>
                        <UserBody v=v tab=tab/>
                    }.into_any(),
                    Err(e) => view! { <LoadError error=e/> }.into_any(),
                })}
            </Suspense>
            {(tab == UserTab::Keys).then(|| view! { <AuthKeysPanel user=Some(name())/> })}
        </section>
    }
}

#[component]
fn UserBody(v: UserView, tab: UserTab) -> impl IntoView {
    let i = use_lang();
    let name = v.user.name.clone();
    let href = {
        let name = name.clone();
        move |t: UserTab| format!("/users/{}?tab={}", crate::query::encode(&name), t.key())
    };
    let body = match tab {
        UserTab::Access => view! { <AccessPanel v=v.clone()/> }.into_any(),
        // Rendered by the page beside (not inside) this Suspense: a resource
        // created inside another resource's Suspense stalls streaming SSR.
        UserTab::Keys => ().into_any(),
        UserTab::Mfa => view! { <MfaPanel v=v.clone()/> }.into_any(),
        UserTab::Permissions => view! { <PermissionsPanel v=v.clone()/> }.into_any(),
        UserTab::Roles => view! { <RolesPanel v=v.clone()/> }.into_any(),
    };
    view! {
        <h2 data-testid="user-name">{name.clone()}</h2>
        {(!v.user.description.is_empty()).then(|| view! { <p class="description">{v.user.description.clone()}</p> })}
        <nav class="tabs" aria-label=name.clone()>
            {UserTab::ALL.into_iter().map(|t| view! {
                <a href=href(t) class="tab" aria-current=(t == tab).then_some("page")>{i.t(t.label())}</a>
            }).collect_view()}
        </nav>
        {body}
    }
}

/// Description, console password (set, change, remove) and deletion.
#[component]
fn AccessPanel(v: UserView) -> impl IntoView {
    let i = use_lang();
    let name = v.user.name.clone();
    view! {
        <p data-testid="console-access">
            {i.t(Msg::UsersConsoleAccess)} ": "
            {if v.user.has_password { i.t(Msg::UserHasPassword) } else { i.t(Msg::UserNoPassword) }}
        </p>
        {v.can.set_password.then(|| view! { <SetPasswordForm name=name.clone() replace=v.user.has_password/> })}
        {v.can.own_page.then(|| view! {
            <p class="hint"><a href={crate::paths::SECURITY_PASSWORD}>{i.t(Msg::UserOwnPasswordNote)}</a></p>
        })}
        {v.can.remove_password.then(|| view! {
            <UserButtonForm name=name.clone() kind=UserButton::RemovePassword/>
        })}
        {v.can.update.then(|| view! { <DescriptionForm name=name.clone() description=v.user.description.clone()/> })}
        {v.can.delete.then(|| view! { <UserButtonForm name=name.clone() kind=UserButton::Delete/> })}
    }
}

/// New password twice (the setter never sees the old one).
#[island(lazy)]
fn SetPasswordForm(name: String, replace: bool) -> impl IntoView {
    let i = use_lang();
    let set = ServerAction::<SetUserPassword>::new();
    let err = action_error(set);
    view! {
        <h3>{if replace { i.t(Msg::UserChangePassword) } else { i.t(Msg::UserSetPassword) }}</h3>
        <FormError err=err/>
        <ActionForm action=set attr:novalidate=true attr:class="form" attr:id="user-password-form">
            <input type="hidden" name="name" value=name/>
            <TextField name="password" label=Msg::FieldNewPassword kind="password" autocomplete="new-password"
                hint=Msg::SignupPasswordHint error=field_error(err, Field::Password) clear_on=set.version()/>
            <TextField name="confirm" label=Msg::FieldNewConfirm kind="password" autocomplete="new-password"
                error=field_error(err, Field::Confirm) clear_on=set.version()/>
            <button type="submit" class="primary" disabled=move || set.pending().get()>{i.t(Msg::UserSetPasswordSubmit)}</button>
        </ActionForm>
    }
}

#[island(lazy)]
fn DescriptionForm(name: String, description: String) -> impl IntoView {
    let i = use_lang();
    let update = ServerAction::<UpdateUser>::new();
    let err = action_error(update);
    view! {
        <h3>{i.t(Msg::UsersDescription)}</h3>
        <FormError err=err/>
        <ActionForm action=update attr:novalidate=true attr:class="form" attr:id="user-description-form">
            <input type="hidden" name="name" value=name/>
            <TextField name="description" label=Msg::UsersDescription optional=true
                value=Some(description) error=field_error(err, Field::Description)/>
            <button type="submit" disabled=move || update.pending().get()>{i.t(Msg::Save)}</button>
        </ActionForm>
    }
}

/// The one-button forms of a user's page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
enum UserButton {
    RemovePassword,
    RevokeMfa,
    Delete,
}

/// A form that is only a button (remove the password, turn MFA off, delete).
#[island(lazy)]
fn UserButtonForm(name: String, kind: UserButton) -> impl IntoView {
    let i = use_lang();
    let remove = ServerAction::<RemoveUserPassword>::new();
    let revoke = ServerAction::<RevokeUserMfa>::new();
    let delete = ServerAction::<DeleteUser>::new();
    let err = match kind {
        UserButton::RemovePassword => action_error(remove),
        UserButton::RevokeMfa => action_error(revoke),
        UserButton::Delete => action_error(delete),
    };
    let (label, note) = match kind {
        UserButton::RemovePassword => (Msg::UserRemovePassword, Msg::UserRemovePasswordNote),
        UserButton::RevokeMfa => (Msg::UserRevokeMfa, Msg::UserRevokeMfaNote),
        UserButton::Delete => (Msg::UserDelete, Msg::UserDeleteNote),
    };
    let fields = view! {
        <input type="hidden" name="name" value=name/>
        <p class="hint">{i.t(note)}</p>
        <button type="submit" class="danger">{i.t(label)}</button>
    };
    view! {
        <FormError err=err/>
        {match kind {
            UserButton::RemovePassword => view! { <ActionForm action=remove attr:class="form">{fields}</ActionForm> }.into_any(),
            UserButton::RevokeMfa => view! { <ActionForm action=revoke attr:class="form">{fields}</ActionForm> }.into_any(),
            UserButton::Delete => view! { <ActionForm action=delete attr:class="form" attr:id="delete-user-form">{fields}</ActionForm> }.into_any(),
        }}
    }
}

/// MFA status; the root user (or a permitted user) turns it off.
#[component]
fn MfaPanel(v: UserView) -> impl IntoView {
    let i = use_lang();
    view! {
        <p data-testid="user-mfa">
            {i.t(Msg::DashboardMfa)} ": "
            {if v.user.mfa_enabled { i.t(Msg::DashboardOn) } else { i.t(Msg::DashboardOff) }}
        </p>
        {match (v.can.revoke_mfa, v.can.own_page) {
            (true, false) => Some(view! { <UserButtonForm name=v.user.name.clone() kind=UserButton::RevokeMfa/> }.into_any()),
            (true, true) => Some(view! {
                <p class="hint"><a href={crate::paths::SECURITY_MFA}>{i.t(Msg::UserOwnMfaNote)}</a></p>
            }.into_any()),
            _ => None,
        }}
    }
}

/// The user's own document: an editor when the caller may change it.
#[component]
fn PermissionsPanel(v: UserView) -> impl IntoView {
    let i = use_lang();
    let shown = v.draft.clone().or(v.permission.clone()).unwrap_or_default();
    view! {
        <p>{i.t(Msg::UserPermissionsIntro)}</p>
        {if v.can.edit_permission {
            view! { <PermissionForm name=v.user.name.clone() document=shown refused=v.draft.is_some()/> }.into_any()
        } else if v.can.read_permission {
            view! { <pre class="code" data-testid="permission">{shown}</pre> }.into_any()
        } else {
            ().into_any()
        }}
    }
}

/// The editor: a textarea kept as typed when refused, the fault with its
/// line and column next to it.
#[island(lazy)]
fn PermissionForm(name: String, document: String, refused: bool) -> impl IntoView {
    let i = use_lang();
    let update = ServerAction::<UpdateUserPermission>::new();
    let err = action_error(update);
    view! {
        {refused.then(|| view! { <p class="notice warn" role="status">{i.t(Msg::PermissionDraftKept)}</p> })}
        <FormError err=err/>
        <ActionForm action=update attr:novalidate=true attr:class="form" attr:id="permission-form">
            <input type="hidden" name="name" value=name/>
            <TextArea name="permission" label=Msg::PermissionDocument hint=Msg::PermissionHint value=document
                error=field_error(err, Field::Permission)/>
            <button type="submit" class="primary" disabled=move || update.pending().get()>{i.t(Msg::Save)}</button>
        </ActionForm>
    }
}

/// Attached roles (detach) and the roles that could be attached.
#[component]
fn RolesPanel(v: UserView) -> impl IntoView {
    let i = use_lang();
    let name = v.user.name.clone();
    view! {
        {if v.roles.is_empty() {
            view! { <p>{i.t(Msg::UserNoRoles)}</p> }.into_any()
        } else {
            view! {
                <ul class="roles" data-testid="user-roles">
                    {v.roles.iter().map(|r| view! {
                        <li>
                            <a href=format!("/roles/{}", crate::query::encode(r))>{r.clone()}</a>
                            {v.can.detach.then(|| view! { <DetachForm name=name.clone() role_id=r.clone()/> })}
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        {(v.can.attach && !v.attachable.is_empty()).then(|| view! { <AttachForm name=name.clone() roles=v.attachable.clone()/> })}
    }
}

#[island(lazy)]
fn AttachForm(name: String, roles: Vec<String>) -> impl IntoView {
    let i = use_lang();
    let attach = ServerAction::<AttachRole>::new();
    let err = action_error(attach);
    view! {
        <FormError err=err/>
        <ActionForm action=attach attr:class="form inline-form" attr:id="attach-role-form">
            <input type="hidden" name="name" value=name/>
            <label for="f-role_id">{i.t(Msg::UserAttachRole)}</label>
            <select id="f-role_id" name="role_id">
                {roles.into_iter().map(|r| { let label = r.clone(); view! { <option value=r>{label}</option> } }).collect_view()}
            </select>
            <button type="submit">{i.t(Msg::UserAttach)}</button>
        </ActionForm>
    }
}

#[island(lazy)]
fn DetachForm(name: String, role_id: String) -> impl IntoView {
    let i = use_lang();
    let detach = ServerAction::<DetachRole>::new();
    let err = action_error(detach);
    view! {
        <ActionForm action=detach attr:class="inline">
            <input type="hidden" name="name" value=name/>
            <input type="hidden" name="role_id" value=role_id/>
            <button type="submit" class="link">{i.t(Msg::UserDetach)}</button>
        </ActionForm>
        <FormError err=err/>
    }
}
