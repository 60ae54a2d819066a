//! `/recover`: for someone who lost the primary mailbox. The verified
//! recovery address gets a link to choose a new primary address, which is
//! verified by its own link and then leads to the password reset.

use crate::components::field::TextField;
use crate::components::notice::{FormError, Notice, action_error, field_error, typed_email};
use crate::components::sent_address::SentAddress;
use crate::error::Field;
use crate::i18n::{Msg, use_lang};
use crate::server_fns::email::{RecoverChoosePrimary, StartRecovery, check_recover_token};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// Step 1: the recovery address.
#[component]
pub fn RecoverPage() -> impl IntoView {
    let i = use_lang();
    view! {
        <Title text=i.t(Msg::RecoverTitle)/>
        <section class="card narrow">
            <h1>{i.t(Msg::RecoverTitle)}</h1>
            <p>{i.t(Msg::RecoverIntro)}</p>
            <RecoverForm/>
        </section>
    }
}

/// The recovery address form (an island: errors show in place once hydrated).
#[island(lazy)]
fn RecoverForm() -> impl IntoView {
    let i = use_lang();
    let start = ServerAction::<StartRecovery>::new();
    let err = action_error(start);
    let typed = typed_email(err);
    view! {
        <FormError err=err/>
        <ActionForm action=start attr:novalidate=true attr:class="form" attr:id="recover-form">
            <TextField name="email" label=Msg::FieldRecoveryEmail kind="email" autocomplete="email"
                value=typed error=field_error(err, Field::Email)/>
            <button type="submit" class="primary" disabled=move || start.pending().get()>{i.t(Msg::RecoverSubmit)}</button>
        </ActionForm>
    }
}

/// Step 2: the same answer for every address.
#[component]
pub fn RecoverSentPage() -> impl IntoView {
    let i = use_lang();
    view! {
        <Title text=i.t(Msg::SentTitle)/>
        <section class="card narrow">
            <h1>{i.t(Msg::SentTitle)}</h1>
            <p>{i.t(Msg::RecoverSentBody)}</p>
            <SentAddress/>
            <p class="hint">{i.t(Msg::SentCheck)}</p>
        </section>
    }
}

/// Step 3 (`/recover/:token`): choose the new primary address.
#[component]
pub fn RecoverChoosePage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::server_fns::request::no_referrer();
    let i = use_lang();
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let check = Resource::new_blocking(token, |t| check_recover_token(crate::server_fns::SecretInput(t)));
    view! {
        <Title text=i.t(Msg::RecoverChooseTitle)/>
        <section class="card narrow">
            <h1>{i.t(Msg::RecoverChooseTitle)}</h1>
            <Suspense fallback=move || view! { <p>{i.t(Msg::Loading)}</p> }>
                {move || check.get().map(|r| match r {
                    Ok(()) => view! {
                        <p>{i.t(Msg::RecoverChooseIntro)}</p>
                        <ChooseForm token=token()/>
                    }.into_any(),
                    Err(e) => view! {
                        <p class="notice error" role="alert" data-code=e.code().to_string()>{e.message(i.get())}</p>
                        <p><a href="/recover">{i.t(Msg::ForgotSentAgain)}</a></p>
                    }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

/// The new primary address (an island: errors show in place once hydrated).
#[island(lazy)]
fn ChooseForm(token: String) -> impl IntoView {
    let i = use_lang();
    let choose = ServerAction::<RecoverChoosePrimary>::new();
    let err = action_error(choose);
    let typed = typed_email(err);
    view! {
        <FormError err=err/>
        <ActionForm action=choose attr:novalidate=true attr:class="form" attr:id="recover-choose-form">
            <input type="hidden" name="token" value=token/>
            <TextField name="email" label=Msg::FieldNewEmail kind="email" autocomplete="email"
                value=typed error=field_error(err, Field::Email)/>
            <button type="submit" class="primary">{i.t(Msg::RecoverChooseSubmit)}</button>
        </ActionForm>
    }
}

/// Step 4: the new address got its confirmation link.
#[component]
pub fn RecoverChosenPage() -> impl IntoView {
    let i = use_lang();
    view! {
        <Title text=i.t(Msg::SentTitle)/>
        <section class="card narrow">
            <h1>{i.t(Msg::SentTitle)}</h1>
            <Notice>{i.t(Msg::RecoverChooseSent)}</Notice>
        </section>
    }
}
