//! Sign-up (`/signup`) and its "check your mail" page (`/signup/sent`).

use crate::components::field::TextField;
use crate::components::notice::{FormError, Notice, action_error, field_error, typed_email};
use crate::components::sent_address::SentAddress;
use crate::error::Field;
use crate::i18n::{Msg, use_lang};
use crate::server_fns::auth::SignUp;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The sign-up page.
#[component]
pub fn SignUpPage() -> impl IntoView {
    let i = use_lang();
    view! {
        <Title text=i.t(Msg::SignupTitle)/>
        <section class="card narrow">
            <h1>{i.t(Msg::SignupTitle)}</h1>
            <SignUpForm/>
            <p class="links"><a href={crate::paths::LOGIN}>{i.t(Msg::SignupToLogin)}</a></p>
        </section>
    }
}

/// The sign-up form (an island: errors show in place once hydrated).
#[island(lazy)]
fn SignUpForm() -> impl IntoView {
    let i = use_lang();
    let sign_up = ServerAction::<SignUp>::new();
    let err = action_error(sign_up);
    let email = typed_email(err);
    view! {
        <FormError err=err/>
        <ActionForm action=sign_up attr:novalidate=true attr:class="form" attr:id="signup-form">
            <TextField name="email" label=Msg::FieldEmail kind="email" autocomplete="email"
                value=email error=field_error(err, Field::Email)/>
            <TextField name="password" label=Msg::FieldPassword kind="password" autocomplete="new-password"
                hint=Msg::SignupPasswordHint error=field_error(err, Field::Password)/>
            <TextField name="confirm" label=Msg::FieldConfirm kind="password" autocomplete="new-password"
                error=field_error(err, Field::Confirm)/>
            <button type="submit" class="primary" disabled=move || sign_up.pending().get()>{i.t(Msg::SignupSubmit)}</button>
        </ActionForm>
    }
}

/// Tells where the verification mail went (shown for new and taken
/// addresses alike).
#[component]
pub fn SignUpSentPage() -> impl IntoView {
    let i = use_lang();
    let query = use_query_map();
    let again = move || query.read().get("again").is_some();
    view! {
        <Title text=i.t(Msg::SentTitle)/>
        <section class="card narrow">
            <h1>{i.t(Msg::SentTitle)}</h1>
            <Show when=again><Notice>{i.t(Msg::SentAgain)}</Notice></Show>
            <p>{i.t(Msg::SentBody)}</p>
            <SentAddress/>
            <p class="hint">{i.t(Msg::SentCheck)}</p>
            <p class="links"><a href={crate::paths::LOGIN}>{i.t(Msg::SignupToLogin)}</a></p>
        </section>
    }
}
