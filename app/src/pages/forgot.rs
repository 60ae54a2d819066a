//! Forgot password (`/password/forgot`) and its confirmation page, which
//! shows the address typed and what to check, for every address alike.

use crate::components::field::TextField;
use crate::components::notice::{FormError, action_error, field_error, typed_email};
use crate::components::sent_address::SentAddress;
use crate::error::Field;
use crate::i18n::{Msg, use_lang};
use crate::server_fns::password_reset::{ForgotPassword, mail_sender};
use leptos::prelude::*;
use leptos_meta::Title;

/// Step 1: the address.
#[component]
pub fn ForgotPage() -> impl IntoView {
    let i = use_lang();
    view! {
        <Title text=i.t(Msg::ForgotTitle)/>
        <section class="card narrow">
            <h1>{i.t(Msg::ForgotTitle)}</h1>
            <p>{i.t(Msg::ForgotIntro)}</p>
            <ForgotForm/>
            <p class="hint" data-testid="sam-note">{i.t(Msg::ForgotSamNote)}</p>
            <p class="links"><a href={crate::paths::LOGIN}>{i.t(Msg::SignupToLogin)}</a></p>
        </section>
    }
}

/// The address form (an island: errors show in place once hydrated).
#[island(lazy)]
fn ForgotForm() -> impl IntoView {
    let i = use_lang();
    let forgot = ServerAction::<ForgotPassword>::new();
    let err = action_error(forgot);
    let email = typed_email(err);
    view! {
        <FormError err=err/>
        <ActionForm action=forgot attr:novalidate=true attr:class="form" attr:id="forgot-form">
            <TextField name="email" label=Msg::FieldEmail kind="email" autocomplete="username"
                value=email error=field_error(err, Field::Email)/>
            <button type="submit" class="primary" disabled=move || forgot.pending().get()>{i.t(Msg::ForgotSubmit)}</button>
        </ActionForm>
    }
}

/// Step 2: "we sent an email … to the address below", and the checklist.
#[component]
pub fn ForgotSentPage() -> impl IntoView {
    let i = use_lang();
    let sender = Resource::new_blocking(|| (), |_| mail_sender());
    view! {
        <Title text=i.t(Msg::SentTitle)/>
        <section class="card narrow">
            <h1>{i.t(Msg::SentTitle)}</h1>
            <p>{i.t(Msg::ForgotSentBody)}</p>
            <SentAddress/>
            <h2>{i.t(Msg::ForgotSentCheckTitle)}</h2>
            <ul class="checklist">
                <li>{i.t(Msg::ForgotSentCheckAddress)}</li>
                <li>{i.t(Msg::ForgotSentCheckSpam)}</li>
                <li>{i.t(Msg::ForgotSentCheckSender)} " "
                    <Suspense fallback=|| ()><code>{move || sender.get().and_then(|r| r.ok())}</code></Suspense>
                </li>
                <li>{i.t(Msg::ForgotSentCheckSuspended)}</li>
            </ul>
            <p class="links"><a href="/password/forgot">{i.t(Msg::ForgotSentAgain)}</a></p>
        </section>
    }
}
