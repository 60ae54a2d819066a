//! The reset link (`/password/reset/:token`): checked as soon as it opens
//! (an invalid link says so at once), then the new password twice.

use crate::components::field::TextField;
use crate::components::notice::{FormError, action_error, field_error};
use crate::error::Field;
use crate::i18n::{Msg, use_lang};
use crate::server_fns::password_reset::{ResetPassword, check_reset_token};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// The reset page.
#[component]
pub fn ResetPage() -> impl IntoView {
    // The token is in the URL: never send it on as a Referer.
    #[cfg(feature = "ssr")]
    crate::server_fns::request::no_referrer();
    let i = use_lang();
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let check = Resource::new_blocking(token, |t| check_reset_token(crate::server_fns::SecretInput(t)));
    view! {
        <Title text=i.t(Msg::ResetTitle)/>
        <section class="card narrow">
            <h1>{i.t(Msg::ResetTitle)}</h1>
            <Suspense fallback=move || view! { <p>{i.t(Msg::Loading)}</p> }>
                {move || check.get().map(|r| match r {
                    Ok(email) => view! {
                        <p>{i.t(Msg::ResetFor)} " " <strong data-testid="reset-for">{email}</strong></p>
                        <ResetForm token=token()/>
                    }.into_any(),
                    Err(e) => view! {
                        <p class="notice error" role="alert" data-code=e.code().to_string()>{e.message(i.get())}</p>
                        <p><a class="button primary" href="/password/forgot">{i.t(Msg::ResetRestart)}</a></p>
                    }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

/// The new password twice (an island: errors show in place once hydrated).
#[island(lazy)]
fn ResetForm(token: String) -> impl IntoView {
    let i = use_lang();
    let reset = ServerAction::<ResetPassword>::new();
    let err = action_error(reset);
    view! {
        <FormError err=err/>
        <ActionForm action=reset attr:novalidate=true attr:class="form" attr:id="reset-form">
            <input type="hidden" name="token" value=token/>
            <TextField name="password" label=Msg::FieldNewPassword kind="password" autocomplete="new-password"
                hint=Msg::SignupPasswordHint error=field_error(err, Field::Password) clear_on=reset.version()/>
            <TextField name="confirm" label=Msg::FieldNewConfirm kind="password" autocomplete="new-password"
                error=field_error(err, Field::Confirm) clear_on=reset.version()/>
            <button type="submit" class="primary" disabled=move || reset.pending().get()>{i.t(Msg::ResetSubmit)}</button>
        </ActionForm>
    }
}
