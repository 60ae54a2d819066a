//! The pages our mailed links open (`/verify/:token`,
//! `/email/confirm/:token`, `/email/recovery/:token`): a button that acts on
//! the link, so a link scanner's GET changes nothing; and `/email/done`.

use crate::components::field::TextField;
use crate::components::notice::{FormError, Notice, action_error, field_error};
use crate::error::Field;
use crate::i18n::{Msg, use_lang};
use crate::server_fns::links::{LinkKind, OpenMailedLink};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The texts of one kind of link page: title, what pressing does, button.
fn texts(kind: LinkKind) -> (Msg, Msg, Msg) {
    match kind {
        LinkKind::Verify => (Msg::VerifyTitle, Msg::VerifyPrompt, Msg::VerifySubmit),
        LinkKind::Primary => (Msg::EmailConfirmTitle, Msg::EmailConfirmPrompt, Msg::EmailConfirmSubmit),
        LinkKind::Recovery => {
            (Msg::EmailRecoveryConfirmTitle, Msg::EmailRecoveryConfirmPrompt, Msg::EmailConfirmSubmit)
        }
    }
}

/// A mailed link's page for `kind`.
#[component]
pub fn MailedLinkPage(kind: LinkKind) -> impl IntoView {
    // The token is in the URL: never send it on as a Referer.
    #[cfg(feature = "ssr")]
    crate::server_fns::request::no_referrer();
    let i = use_lang();
    let token = use_params_map().read_untracked().get("token").unwrap_or_default();
    let (title, prompt, _) = texts(kind);
    view! {
        <Title text=i.t(title)/>
        <section class="card narrow">
            <h1>{i.t(title)}</h1>
            <p>{i.t(prompt)}</p>
            <OpenLinkForm kind=kind token=token/>
        </section>
    }
}

/// The button that acts on the link (an island: errors show in place once
/// hydrated; without JavaScript it is a plain form post).
#[island(lazy)]
fn OpenLinkForm(kind: LinkKind, token: String) -> impl IntoView {
    let i = use_lang();
    let open = ServerAction::<OpenMailedLink>::new();
    let err = action_error(open);
    let (_, _, submit) = texts(kind);
    view! {
        <FormError err=err/>
        <ActionForm action=open attr:class="form" attr:id="mailed-link-form">
            <input type="hidden" name="kind" value=kind.form_value()/>
            <input type="hidden" name="token" value=token/>
            // Verifying confirms the password chosen at sign-up: a later
            // sign-up by someone else with the address cannot decide it.
            <Show when=move || kind == LinkKind::Verify>
                <TextField name="password" label=Msg::VerifyPassword kind="password" autocomplete="current-password"
                    error=field_error(err, Field::Password) clear_on=open.version()/>
            </Show>
            <button type="submit" class="primary" disabled=move || open.pending().get()>{i.t(submit)}</button>
        </ActionForm>
        <Show when=move || err.get().is_some()>
            <p><a href=if kind == LinkKind::Verify { crate::paths::LOGIN } else { crate::paths::EMAIL }>{i.t(Msg::LinkRetry)}</a></p>
        </Show>
    }
}

/// `/email/done?which=primary|recovery`: where a confirmed address link
/// lands (the address itself stays out of the URL).
#[component]
pub fn EmailDonePage() -> impl IntoView {
    let i = use_lang();
    let which = use_query_map().read_untracked().get("which").unwrap_or_default();
    let done = if which == "recovery" { Msg::EmailRecoveryDone } else { Msg::EmailPrimaryDone };
    view! {
        <Title text=i.t(Msg::EmailTitle)/>
        <section class="card narrow">
            <h1>{i.t(Msg::EmailTitle)}</h1>
            <Notice>{i.t(done)}</Notice>
            <p><a class="button primary" href="/email">{i.t(Msg::EmailTitle)}</a></p>
        </section>
    }
}
