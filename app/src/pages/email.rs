//! Email settings (`/email`): the primary address (change with the current
//! password; applies when the new address's link is opened) and the
//! recovery address.

use crate::components::field::TextField;
use crate::components::notice::{FormError, Notice, action_error, field_error, typed_email};
use crate::components::signed_in::LoadError;
use crate::error::Field;
use crate::i18n::{Msg, use_lang};
use crate::server_fns::email::{
    CancelEmailChange, ChangeEmail, EmailView, RemoveRecoveryEmail, SetRecoveryEmail, email_settings,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// `/email`.
#[component]
pub fn EmailPage() -> impl IntoView {
    let i = use_lang();
    let query = use_query_map();
    let notice = move || match query.read().get("sent").as_deref() {
        Some("primary") => Some(Msg::EmailChangeSent),
        Some("recovery") => Some(Msg::EmailRecoverySent),
        _ => query.read().get("removed").map(|_| Msg::EmailRecoveryRemoved),
    };
    view! {
        <Title text=i.t(Msg::EmailTitle)/>
        <section class="card">
            <h1>{i.t(Msg::EmailTitle)}</h1>
            {move || notice().map(|m| view! { <Notice>{i.t(m)}</Notice> })}
            <Suspense fallback=move || view! { <p>{i.t(Msg::Loading)}</p> }>
                {Suspend::new(async move { match email_settings().await {
                    Ok(v) => view! {
                        <PrimarySection v=v.clone()/>
                        <RecoverySection v=v/>
                    }.into_any(),
                    Err(e) => view! { <LoadError error=e/> }.into_any(),
                }})}
            </Suspense>
        </section>
    }
}

/// The primary address, a pending change (with "cancel") and the change form.
#[component]
fn PrimarySection(v: EmailView) -> impl IntoView {
    let i = use_lang();
    // A plain form post: the page reloads with the change gone.
    let cancel = ServerAction::<CancelEmailChange>::new();
    view! {
        <h2>{i.t(Msg::EmailPrimary)}</h2>
        <p class="address" data-testid="primary"><strong>{v.primary}</strong></p>
        {v.pending_primary.map(|p| view! {
            <p data-testid="pending-primary">{i.t(Msg::EmailPending)} " " <strong>{p}</strong></p>
            <ActionForm action=cancel attr:class="inline">
                <button type="submit">{i.t(Msg::EmailCancel)}</button>
            </ActionForm>
        })}
        <h3>{i.t(Msg::EmailChange)}</h3>
        <ChangeEmailForm mfa=v.mfa_enabled/>
    }
}

/// New primary address and the current password (an island: errors show
/// in place once hydrated).
#[island(lazy)]
fn ChangeEmailForm(mfa: bool) -> impl IntoView {
    let i = use_lang();
    let change = ServerAction::<ChangeEmail>::new();
    let err = action_error(change);
    let typed = typed_email(err);
    view! {
        <FormError err=err/>
        <ActionForm action=change attr:novalidate=true attr:class="form" attr:id="email-change-form">
            <TextField name="email" id="f-new-email" label=Msg::FieldNewEmail kind="email" autocomplete="email"
                value=typed error=field_error(err, Field::Email)/>
            <TextField name="current" id="f-change-current" label=Msg::FieldCurrent kind="password" autocomplete="current-password"
                error=field_error(err, Field::Current) clear_on=change.version()/>
            <CodeField show=mfa id="f-change-code" error=field_error(err, Field::Code) clear_on=change.version()/>
            <button type="submit" class="primary">{i.t(Msg::EmailChange)}</button>
        </ActionForm>
    }
}

/// The recovery address: shown, pending, set or replace, remove.
#[component]
fn RecoverySection(v: EmailView) -> impl IntoView {
    let i = use_lang();
    view! {
        <h2>{i.t(Msg::EmailRecovery)}</h2>
        <p class="hint">{i.t(Msg::EmailRecoveryHint)}</p>
        {match v.recovery.clone() {
            Some(r) => view! { <p class="address" data-testid="recovery"><strong>{r}</strong></p> }.into_any(),
            None => view! { <p data-testid="recovery">{i.t(Msg::EmailRecoveryNone)}</p> }.into_any(),
        }}
        {v.pending_recovery.map(|p| view! {
            <p data-testid="pending-recovery">{i.t(Msg::EmailRecoveryPending)} " " <strong>{p}</strong></p>
        })}
        <SetRecoveryForm mfa=v.mfa_enabled/>
        {v.recovery.is_some().then(|| view! { <RemoveRecoveryForm mfa=v.mfa_enabled/> })}
    }
}

/// Set or replace the recovery address, always with the current password
/// (the recovery address can take the account over through `/recover`).
/// An island: errors show in place once hydrated.
#[island(lazy)]
fn SetRecoveryForm(mfa: bool) -> impl IntoView {
    let i = use_lang();
    let set = ServerAction::<SetRecoveryEmail>::new();
    let err = action_error(set);
    let typed = typed_email(err);
    view! {
        <FormError err=err/>
        <ActionForm action=set attr:novalidate=true attr:class="form" attr:id="recovery-form">
            <TextField name="email" id="f-recovery-email" label=Msg::FieldRecoveryEmail kind="email" autocomplete="email"
                value=typed error=field_error(err, Field::Email)/>
            <TextField name="current" id="f-recovery-current" label=Msg::FieldCurrent kind="password" autocomplete="current-password"
                error=field_error(err, Field::Current) clear_on=set.version()/>
            <CodeField show=mfa id="f-recovery-code" error=field_error(err, Field::Code) clear_on=set.version()/>
            <button type="submit" class="primary">{i.t(Msg::EmailRecoverySet)}</button>
        </ActionForm>
    }
}

/// Remove the recovery address, with the current password (an island:
/// errors show in place once hydrated).
#[island(lazy)]
fn RemoveRecoveryForm(mfa: bool) -> impl IntoView {
    let i = use_lang();
    let remove = ServerAction::<RemoveRecoveryEmail>::new();
    let err = action_error(remove);
    view! {
        <FormError err=err/>
        <ActionForm action=remove attr:novalidate=true attr:class="form" attr:id="recovery-remove-form">
            <TextField name="current" id="f-remove-current" label=Msg::FieldCurrent kind="password" autocomplete="current-password"
                error=field_error(err, Field::Current) clear_on=remove.version()/>
            <CodeField show=mfa id="f-remove-code" error=field_error(err, Field::Code) clear_on=remove.version()/>
            <button type="submit">{i.t(Msg::EmailRecoveryRemove)}</button>
        </ActionForm>
    }
}

/// The current MFA code the address changes ask for when MFA is on.
#[component]
fn CodeField(
    show: bool,
    id: &'static str,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(into)] clear_on: Signal<usize>,
) -> impl IntoView {
    show.then(|| {
        view! {
            <TextField name="code" id=id label=Msg::FieldCode autocomplete="one-time-code" inputmode="numeric"
                error=error clear_on=clear_on/>
        }
    })
}
