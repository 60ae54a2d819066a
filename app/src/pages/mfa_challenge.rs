//! The MFA step of sign-in (`/login/mfa`): a code from the app or a
//! recovery code, for the pending login the password step started.

use crate::components::field::TextField;
use crate::components::notice::{FormError, action_error, field_error};
use crate::error::{AppError, Field};
use crate::i18n::{Msg, use_lang};
use crate::server_fns::auth::SignInMfa;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The second sign-in step.
#[component]
pub fn MfaChallengePage() -> impl IntoView {
    let i = use_lang();
    let query = use_query_map();
    let next = query.read_untracked().get("next").unwrap_or_default();
    view! {
        <Title text=i.t(Msg::MfaLoginTitle)/>
        <section class="card narrow">
            <h1>{i.t(Msg::MfaLoginTitle)}</h1>
            <p>{i.t(Msg::MfaLoginIntro)}</p>
            <MfaCodeForm next=next/>
        </section>
    }
}

/// The code form (an island: errors show in place once hydrated).
#[island(lazy)]
fn MfaCodeForm(next: String) -> impl IntoView {
    let i = use_lang();
    let verify = ServerAction::<SignInMfa>::new();
    let err = action_error(verify);
    let expired = move || err.get().is_some_and(|e| e.is(&AppError::MfaLoginExpired));
    view! {
        <FormError err=err/>
        <Show when=expired>
            <p><a class="button primary" href={crate::paths::LOGIN}>{i.t(Msg::MfaLoginRestart)}</a></p>
        </Show>
        <ActionForm action=verify attr:novalidate=true attr:class="form" attr:id="mfa-login-form">
            <input type="hidden" name="next" value=next/>
            <TextField name="code" label=Msg::FieldCode autocomplete="one-time-code"
                error=field_error(err, Field::Code) clear_on=verify.version()/>
            <button type="submit" class="primary" disabled=move || verify.pending().get()>{i.t(Msg::MfaLoginSubmit)}</button>
        </ActionForm>
    }
}
