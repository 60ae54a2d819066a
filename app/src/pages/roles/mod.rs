//! `/roles`: the operator's roles and, when the caller may, the form that
//! creates one.

pub mod role;

use crate::components::access_tabs::{AccessTab, AccessTabs};
use crate::components::field::{TextArea, TextField};
use crate::components::notice::{FormError, Notice, action_error, field_error};
use crate::components::signed_in::LoadError;
use crate::error::Field;
use crate::i18n::{Msg, use_lang};
use crate::server_fns::roles::{CreateRole, list_roles};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// A starting document for a new role: allows nothing yet.
const EMPTY_DOCUMENT: &str = "{\n  \"statements\": [\n  ]\n}\n";

/// The list of roles.
#[component]
pub fn RolesPage() -> impl IntoView {
    let i = use_lang();
    let query = use_query_map();
    let deleted = query.read_untracked().get("deleted").is_some();
    view! {
        <Title text=i.t(Msg::RolesTitle)/>
        <section class="card">
            <Suspense fallback=move || view! { <p>{i.t(Msg::Loading)}</p> }>
                {Suspend::new(async move { match list_roles().await {
                    Ok(list) => view! {
                        <AccessTabs active=AccessTab::Roles/>
                        <Show when=move || deleted><Notice>{i.t(Msg::RolesDeleted)}</Notice></Show>
                        {if list.roles.is_empty() {
                            view! { <p>{i.t(Msg::RolesNone)}</p> }.into_any()
                        } else {
                            view! {
                                <table class="list" data-testid="role-list">
                                    <thead><tr>
                                        <th scope="col">{i.t(Msg::RolesId)}</th>
                                        <th scope="col">{i.t(Msg::UsersDescription)}</th>
                                    </tr></thead>
                                    <tbody>
                                        {list.roles.into_iter().map(|r| view! {
                                            <tr data-role=r.id.clone()>
                                                <td><a href=format!("/roles/{}", crate::query::encode(&r.id))>{r.id.clone()}</a></td>
                                                <td>{r.description}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            }.into_any()
                        }}
                        {list.can_create.then(|| view! {
                            <CreateRoleForm document=list.draft.clone().unwrap_or_else(|| EMPTY_DOCUMENT.to_string())/>
                        })}
                    }.into_any(),
                    Err(e) => view! { <h1>{i.t(Msg::RolesTitle)}</h1><LoadError error=e/> }.into_any(),
                }})}
            </Suspense>
        </section>
    }
}

/// Id, description and document of a new role.
#[island(lazy)]
fn CreateRoleForm(document: String) -> impl IntoView {
    let i = use_lang();
    let create = ServerAction::<CreateRole>::new();
    let err = action_error(create);
    view! {
        <h2>{i.t(Msg::RolesCreate)}</h2>
        <FormError err=err/>
        <ActionForm action=create attr:novalidate=true attr:class="form" attr:id="create-role-form">
            <TextField name="id" label=Msg::RolesId hint=Msg::UsersNameHint error=field_error(err, Field::Name)/>
            <TextField name="description" label=Msg::UsersDescription optional=true
                error=field_error(err, Field::Description)/>
            <TextArea name="permission" label=Msg::PermissionDocument hint=Msg::PermissionHint value=document
                error=field_error(err, Field::Permission)/>
            <button type="submit" class="primary" disabled=move || create.pending().get()>{i.t(Msg::RolesCreateSubmit)}</button>
        </ActionForm>
    }
}
