//! Auth keys: the Security page's tab (the signed-in user's own keys) and
//! the panel a SAM user's page shows. A new key's secret is shown once.

use crate::components::copy_button::CopyButton;
use crate::components::local_time::LocalTime;
use crate::components::notice::{FormError, Notice, action_error, field_error};
use crate::components::reauth_field::ReauthField;
use crate::components::signed_in::LoadError;
use crate::components::tabs::{SecurityTab, SecurityTabs};
use crate::error::Field;
use crate::i18n::{Msg, use_lang};
use crate::server_fns::auth_keys::{AuthKeysView, DeleteAuthKey, GenerateAuthKey, auth_keys};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// `/security/auth-keys`.
#[component]
pub fn AuthKeysTab() -> impl IntoView {
    let i = use_lang();
    view! {
        <Title text=i.t(Msg::AuthKeysTitle)/>
        <section class="card">
            <SecurityTabs active=SecurityTab::AuthKeys/>
            <h2>{i.t(Msg::AuthKeysTitle)}</h2>
            <AuthKeysPanel user=None/>
        </section>
    }
}

/// The keys of `user` (a SAM user's page) or of the signed-in user.
#[component]
pub fn AuthKeysPanel(user: Option<String>) -> impl IntoView {
    let i = use_lang();
    let query = use_query_map();
    let deleted = query.read_untracked().get("deleted").is_some();
    let data = Resource::new_blocking(move || user.clone(), auth_keys);
    view! {
        <Suspense fallback=move || view! { <p>{i.t(Msg::Loading)}</p> }>
            {move || data.get().map(|r| match r {
                Ok(v) => view! {
                    <Show when=move || deleted><Notice>{i.t(Msg::AuthKeysDeleted)}</Notice></Show>
                    <KeyList v=v/>
                }.into_any(),
                Err(e) => view! { <LoadError error=e/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn KeyList(v: AuthKeysView) -> impl IntoView {
    let i = use_lang();
    let user = use_user_param();
    view! {
        <p>{i.t(Msg::AuthKeysIntro).replace("{max}", &v.max.to_string())}</p>
        {v.new_key.clone().map(|k| view! {
            <div class="notice ok" role="status" data-testid="new-auth-key">
                <p>{i.t(Msg::AuthKeysShownOnce)}</p>
                <dl class="facts">
                    <dt>{i.t(Msg::AuthKeysId)}</dt><dd><code data-testid="new-key-id">{k.id.clone()}</code></dd>
                    <dt>{i.t(Msg::AuthKeysSecret)}</dt>
                    <dd><code class="secret" data-testid="new-key-secret">{k.secret.clone()}</code> " " <CopyButton text=k.secret.clone()/></dd>
                </dl>
            </div>
        })}
        {if v.keys.is_empty() {
            view! { <p data-testid="no-auth-keys">{i.t(Msg::AuthKeysNone)}</p> }.into_any()
        } else {
            view! {
                <table class="list" data-testid="auth-keys">
                    <thead><tr>
                        <th scope="col">{i.t(Msg::AuthKeysId)}</th>
                        <th scope="col">{i.t(Msg::AuthKeysCreated)}</th>
                        <th scope="col">{i.t(Msg::AuthKeysLastUsed)}</th>
                        {v.can_delete.then(|| view! { <th scope="col"></th> })}
                    </tr></thead>
                    <tbody>
                        {v.keys.iter().map(|k| view! {
                            <tr data-key=k.id.clone()>
                                <td><code>{k.id.clone()}</code></td>
                                <td><LocalTime when=k.created.clone()/></td>
                                <td>{match k.last_used.clone() {
                                    Some(w) => view! { <LocalTime when=w/> }.into_any(),
                                    None => view! { {i.t(Msg::AuthKeysNeverUsed)} }.into_any(),
                                }}</td>
                                {v.can_delete.then(|| view! { <td><DeleteKeyForm user=user.clone() key_id=k.id.clone()/></td> })}
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
        {(v.can_generate && v.keys.len() < v.max).then(|| view! {
            <GenerateKeyForm user=user.clone() needs_password=v.needs_password mfa=v.mfa_enabled/>
        })}
    }
}

/// The SAM user whose page this is, if any (`/users/:name`).
fn use_user_param() -> Option<String> {
    leptos_router::hooks::use_params_map().read_untracked().get("name")
}

/// "Create an auth key", with the password (and code) when the sign-in is old.
#[island(lazy)]
fn GenerateKeyForm(user: Option<String>, needs_password: bool, mfa: bool) -> impl IntoView {
    let i = use_lang();
    let generate = ServerAction::<GenerateAuthKey>::new();
    let err = action_error(generate);
    view! {
        <FormError err=err/>
        <ActionForm action=generate attr:novalidate=true attr:class="form" attr:id="auth-key-form">
            {user.map(|u| view! { <input type="hidden" name="user" value=u/> })}
            <ReauthField needs_password=needs_password id="f-key-current" code_id=mfa.then_some("f-key-code")
                error=field_error(err, Field::Current) code_error=field_error(err, Field::Code)
                clear_on=generate.version().into()/>
            <button type="submit" class="primary" disabled=move || generate.pending().get()>{i.t(Msg::AuthKeysCreate)}</button>
        </ActionForm>
    }
}

#[island(lazy)]
fn DeleteKeyForm(user: Option<String>, key_id: String) -> impl IntoView {
    let i = use_lang();
    let delete = ServerAction::<DeleteAuthKey>::new();
    let err = action_error(delete);
    view! {
        <ActionForm action=delete attr:class="inline">
            {user.map(|u| view! { <input type="hidden" name="user" value=u/> })}
            <input type="hidden" name="key_id" value=key_id/>
            <button type="submit" class="link">{i.t(Msg::AuthKeysDelete)}</button>
        </ActionForm>
        <FormError err=err/>
    }
}
