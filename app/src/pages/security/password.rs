//! The password tab: current password, new password twice.

use crate::components::field::TextField;
use crate::components::notice::{FormError, Notice, action_error, field_error};
use crate::components::signed_in::LoadError;
use crate::components::tabs::{SecurityTab, SecurityTabs};
use crate::error::{AppError, Field};
use crate::i18n::{Msg, use_lang};
use crate::server_fns::me::whoami;
use crate::server_fns::security::ChangePassword;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// `/security/password`.
#[component]
pub fn PasswordTab() -> impl IntoView {
    let i = use_lang();
    let query = use_query_map();
    let me = Resource::new_blocking(|| (), |_| whoami());
    let changed = query.read_untracked().get("changed").is_some();
    view! {
        <Title text=i.t(Msg::PasswordTitle)/>
        <section class="card">
            <SecurityTabs active=SecurityTab::Password/>
            <Suspense fallback=move || view! { <p>{i.t(Msg::Loading)}</p> }>
                {move || me.get().map(|r| match r {
                    Ok(Some(_)) => view! {
                        <h2>{i.t(Msg::PasswordTitle)}</h2>
                        <ChangePasswordForm changed=changed/>
                    }.into_any(),
                    Ok(None) => view! { <LoadError error=AppError::SignInRequired.into()/> }.into_any(),
                    Err(e) => view! { <LoadError error=e/> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

/// Current password, new password twice; `changed` shows the notice of
/// the change just made (until a new attempt fails). An island: errors
/// show in place once hydrated.
#[island(lazy)]
fn ChangePasswordForm(changed: bool) -> impl IntoView {
    let i = use_lang();
    let change = ServerAction::<ChangePassword>::new();
    let err = action_error(change);
    let changed = move || changed && err.get().is_none();
    view! {
        <Show when=changed><Notice>{i.t(Msg::PasswordChanged)}</Notice></Show>
        <FormError err=err/>
        <ActionForm action=change attr:novalidate=true attr:class="form" attr:id="password-form">
            <TextField name="current" label=Msg::FieldCurrent kind="password" autocomplete="current-password"
                error=field_error(err, Field::Current) clear_on=change.version()/>
            <TextField name="password" label=Msg::FieldNewPassword kind="password" autocomplete="new-password"
                hint=Msg::SignupPasswordHint error=field_error(err, Field::Password) clear_on=change.version()/>
            <TextField name="confirm" label=Msg::FieldNewConfirm kind="password" autocomplete="new-password"
                error=field_error(err, Field::Confirm) clear_on=change.version()/>
            <button type="submit" class="primary" disabled=move || change.pending().get()>{i.t(Msg::PasswordSubmit)}</button>
        </ActionForm>
    }
}
