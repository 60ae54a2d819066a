//! Root sign-in (`/login`): email and password; an unverified user is
//! offered "send the link again".

use crate::components::field::TextField;
use crate::components::notice::{FormError, Notice, action_error, field_error, typed_email};
use crate::error::{AppError, Field};
use crate::i18n::{Msg, use_lang};
use crate::server_fns::auth::{ResendVerification, SignIn};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The sign-in page.
#[component]
pub fn LoginPage() -> impl IntoView {
    let i = use_lang();
    let query = use_query_map();
    let next = query.read_untracked().get("next").unwrap_or_default();
    let signed_out = move || query.read().get("signed_out").is_some();
    let was_reset = move || query.read().get("reset").is_some();
    let verified = move || query.read().get("verified").is_some();
    view! {
        <Title text=i.t(Msg::LoginTitle)/>
        <section class="card narrow">
            <h1>{i.t(Msg::LoginTitle)}</h1>
            <Show when=signed_out><Notice>{i.t(Msg::LoginSignedOut)}</Notice></Show>
            <Show when=was_reset><Notice>{i.t(Msg::LoginResetDone)}</Notice></Show>
            <Show when=verified><Notice>{i.t(Msg::VerifyDone)}</Notice></Show>
            <SignInForm next=next.clone()/>
            <p class="links">
                <a href="/password/forgot">{i.t(Msg::LoginForgot)}</a>
                <br/>
                <a href=sam_login_href(&next) data-testid="to-sam-login">{i.t(Msg::LoginToSam)}</a>
            </p>
            <p class="links">
                <a href="/signup">{i.t(Msg::LoginToSignup)}</a>
                <br/>
                <a href="/recover">{i.t(Msg::LoginRecover)}</a>
            </p>
        </section>
    }
}

/// `/login/sam`, keeping where to go after signing in.
fn sam_login_href(next: &str) -> String {
    if next.is_empty() {
        crate::paths::LOGIN_SAM.to_string()
    } else {
        format!("{}?next={}", crate::paths::LOGIN_SAM, crate::query::encode(next))
    }
}

/// The sign-in form and, for an unverified address, "send the link again".
/// An island: errors show in place once hydrated. The one island that is
/// not lazy: its code, and the runtime every island shares with it, is the
/// WASM's main module, so `/login` loads one WASM file and no parts.
#[island]
fn SignInForm(next: String) -> impl IntoView {
    let i = use_lang();
    let sign_in = ServerAction::<SignIn>::new();
    let resend = ServerAction::<ResendVerification>::new();
    let err = action_error(sign_in);
    let resend_err = action_error(resend);
    let (signed_in_email, resent_email) = (typed_email(err), typed_email(resend_err));
    let email = Signal::derive(move || signed_in_email.get().or_else(|| resent_email.get()));
    let unverified = move || err.get().is_some_and(|e| e.is(&AppError::EmailNotVerified));
    view! {
        <FormError err=err/>
        <ActionForm action=sign_in attr:novalidate=true attr:class="form" attr:id="login-form">
            <input type="hidden" name="next" value=next/>
            <TextField name="email" label=Msg::FieldEmail kind="email" autocomplete="username"
                value=email error=field_error(err, Field::Email)/>
            <TextField name="password" label=Msg::FieldPassword kind="password" autocomplete="current-password"
                error=field_error(err, Field::Password) clear_on=sign_in.version()/>
            <button type="submit" class="primary" disabled=move || sign_in.pending().get()>{i.t(Msg::LoginSubmit)}</button>
        </ActionForm>
        <Show when=unverified>
            <ActionForm action=resend attr:class="form resend" attr:novalidate=true>
                <input type="hidden" name="email" value=move || email.get().unwrap_or_default()/>
                <button type="submit">{i.t(Msg::LoginResend)}</button>
            </ActionForm>
        </Show>
        <FormError err=resend_err/>
    }
}
