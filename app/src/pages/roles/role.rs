//! `/roles/:id`: one role — its document (editable when the caller may),
//! the users it is attached to, and deletion after a confirmation.

use crate::components::access_tabs::{AccessTab, AccessTabs};
use crate::components::field::{TextArea, TextField};
use crate::components::notice::{FormError, Notice, action_error, field_error};
use crate::components::signed_in::LoadError;
use crate::error::Field;
use crate::i18n::{Msg, use_lang};
use crate::server_fns::roles::{DeleteRole, RoleView, UpdateRole, role_detail};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The role's page.
#[component]
pub fn RolePage() -> impl IntoView {
    let i = use_lang();
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let data = Resource::new_blocking(id, role_detail);
    let saved = query.read_untracked().get("saved").is_some() || query.read_untracked().get("created").is_some();
    view! {
        <Title text=move || format!("{} · {}", id(), i.t(Msg::RolesTitle))/>
        <section class="card">
            <AccessTabs active=AccessTab::Roles/>
            <Suspense fallback=move || view! { <p>{i.t(Msg::Loading)}</p> }>
                {move || data.get().map(|r| match r {
                    Ok(v) => view! {
                        <Show when=move || saved><Notice>{i.t(Msg::Saved)}</Notice></Show>
                        <RoleBody v=v/>
                    }.into_any(),
                    Err(e) => view! { <LoadError error=e/> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn RoleBody(v: RoleView) -> impl IntoView {
    let i = use_lang();
    let id = v.role.id.clone();
    view! {
        <h2 data-testid="role-id">{id.clone()}</h2>
        {if v.can_update {
            let document = v.draft.clone().unwrap_or_else(|| v.role.permission.clone());
            view! { <RoleForm id=id.clone() description=v.role.description.clone() document=document refused=v.draft.is_some()/> }.into_any()
        } else {
            view! {
                <p class="description">{v.role.description.clone()}</p>
                <pre class="code" data-testid="permission">{v.role.permission.clone()}</pre>
            }.into_any()
        }}
        <h3>{i.t(Msg::RolesUsers)}</h3>
        {if v.users.is_empty() {
            view! { <p>{i.t(Msg::RolesNoUsers)}</p> }.into_any()
        } else {
            view! {
                <ul data-testid="role-users">
                    {v.users.iter().map(|u| view! {
                        <li><a href=format!("/users/{}?tab=roles", crate::query::encode(u))>{u.clone()}</a></li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        {v.can_delete.then(|| view! { <DeleteRoleForm id=id.clone() users=v.users.len()/> })}
    }
}

#[island(lazy)]
fn RoleForm(id: String, description: String, document: String, refused: bool) -> impl IntoView {
    let i = use_lang();
    let update = ServerAction::<UpdateRole>::new();
    let err = action_error(update);
    view! {
        {refused.then(|| view! { <p class="notice warn" role="status">{i.t(Msg::PermissionDraftKept)}</p> })}
        <FormError err=err/>
        <ActionForm action=update attr:novalidate=true attr:class="form" attr:id="role-form">
            <input type="hidden" name="id" value=id/>
            <TextField name="description" label=Msg::UsersDescription optional=true value=Some(description)
                error=field_error(err, Field::Description)/>
            <TextArea name="permission" label=Msg::PermissionDocument hint=Msg::PermissionHint value=document
                error=field_error(err, Field::Permission)/>
            <button type="submit" class="primary" disabled=move || update.pending().get()>{i.t(Msg::Save)}</button>
        </ActionForm>
    }
}

/// Deletion, after ticking that the role is detached from its users.
#[island(lazy)]
fn DeleteRoleForm(id: String, users: usize) -> impl IntoView {
    let i = use_lang();
    let delete = ServerAction::<DeleteRole>::new();
    let err = action_error(delete);
    let confirm_err = field_error(err, Field::Confirm);
    view! {
        <h3>{i.t(Msg::RolesDelete)}</h3>
        <FormError err=err/>
        <ActionForm action=delete attr:class="form" attr:id="delete-role-form">
            <input type="hidden" name="id" value=id/>
            <div class="field" class:invalid=move || confirm_err.get().is_some()>
                <label class="check">
                    <input type="checkbox" name="confirm" value="yes" aria-describedby="f-confirm-error"/>
                    {i.t(Msg::RolesDeleteConfirm).replace("{count}", &users.to_string())}
                </label>
                {move || confirm_err.get().map(|e| view! { <p id="f-confirm-error" class="field-error" role="alert">{e}</p> })}
            </div>
            <button type="submit" class="danger">{i.t(Msg::RolesDelete)}</button>
        </ActionForm>
    }
}
