//! The MFA tab: turn on (re-authentication, QR code and secret, a
//! confirming code), recovery codes left and their regeneration, turn off.

use crate::components::field::TextField;
use crate::components::notice::{FormError, Notice, action_error, field_error};
use crate::components::reauth_field::ReauthField;
use crate::components::signed_in::LoadError;
use crate::components::tabs::{SecurityTab, SecurityTabs};
use crate::error::Field;
use crate::i18n::{Msg, use_lang};
use crate::server_fns::security::{BeginMfa, ConfirmMfa, DisableMfa, MfaView, RegenerateRecoveryCodes, mfa_status};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// `/security/mfa`.
#[component]
pub fn MfaTab() -> impl IntoView {
    let i = use_lang();
    let query = use_query_map();
    let turned_off = move || query.read().get("off").is_some();
    view! {
        <Title text=i.t(Msg::MfaTitle)/>
        <section class="card">
            <SecurityTabs active=SecurityTab::Mfa/>
            <h2>{i.t(Msg::MfaTitle)}</h2>
            <Suspense fallback=move || view! { <p>{i.t(Msg::Loading)}</p> }>
                {Suspend::new(async move { match mfa_status().await {
                    Ok(v) if v.enabled => view! { <MfaOn v=v/> }.into_any(),
                    Ok(v) if v.setup_secret.is_some() => view! { <MfaSetUp v=v/> }.into_any(),
                    Ok(v) => view! {
                        <Show when=turned_off><Notice>{i.t(Msg::MfaTurnedOff)}</Notice></Show>
                        <p data-testid="mfa-state">{i.t(Msg::MfaOffText)}</p>
                        <BeginForm needs_password=v.needs_password/>
                    }.into_any(),
                    Err(e) => view! { <LoadError error=e/> }.into_any(),
                }})}
            </Suspense>
        </section>
    }
}

/// "Turn on" (an island: errors show in place once hydrated).
#[island(lazy)]
fn BeginForm(needs_password: bool) -> impl IntoView {
    let i = use_lang();
    let begin = ServerAction::<BeginMfa>::new();
    let err = action_error(begin);
    view! {
        <FormError err=err/>
        <ActionForm action=begin attr:novalidate=true attr:class="form" attr:id="mfa-begin-form">
            <ReauthField needs_password=needs_password id="f-begin-current" error=field_error(err, Field::Current) clear_on=begin.version().into()/>
            <button type="submit" class="primary">{i.t(Msg::MfaTurnOn)}</button>
        </ActionForm>
    }
}

/// Set-up: the QR code, the secret and the confirming code.
#[component]
fn MfaSetUp(v: MfaView) -> impl IntoView {
    let i = use_lang();
    view! {
        <p>{i.t(Msg::MfaSetupScan)}</p>
        <div class="qr" role="img" aria-label=i.t(Msg::MfaQrAlt) inner_html=v.setup_qr_svg.unwrap_or_default()></div>
        <p>{i.t(Msg::MfaSecret)} ": " <code class="secret" data-testid="mfa-secret">{v.setup_secret}</code></p>
        <ConfirmForm/>
    }
}

/// The confirming code (an island: errors show in place once hydrated).
#[island(lazy)]
fn ConfirmForm() -> impl IntoView {
    let i = use_lang();
    let confirm = ServerAction::<ConfirmMfa>::new();
    let err = action_error(confirm);
    view! {
        <FormError err=err/>
        <ActionForm action=confirm attr:novalidate=true attr:class="form" attr:id="mfa-confirm-form">
            <TextField name="code" label=Msg::FieldCode autocomplete="one-time-code" inputmode="numeric"
                error=field_error(err, Field::Code) clear_on=confirm.version()/>
            <button type="submit" class="primary">{i.t(Msg::MfaConfirm)}</button>
        </ActionForm>
    }
}

/// MFA is on: recovery codes left, new codes, turn off.
#[component]
fn MfaOn(v: MfaView) -> impl IntoView {
    let i = use_lang();
    view! {
        <p data-testid="mfa-state">{i.t(Msg::MfaOnText)}</p>
        <p>{i.t(Msg::MfaCodesLeft)} " " <strong data-testid="codes-left">{v.recovery_codes_left}</strong></p>
        {v.few_codes_left.then(|| view! { <p class="notice warn" role="status">{i.t(Msg::MfaCodesFew)}</p> })}
        <RegenerateForm needs_password=v.needs_password/>
        <h3>{i.t(Msg::MfaTurnOff)}</h3>
        <DisableForm/>
    }
}

/// New recovery codes (an island: errors show in place once hydrated).
#[island(lazy)]
fn RegenerateForm(needs_password: bool) -> impl IntoView {
    let i = use_lang();
    let regenerate = ServerAction::<RegenerateRecoveryCodes>::new();
    let err = action_error(regenerate);
    view! {
        <FormError err=err/>
        <ActionForm action=regenerate attr:novalidate=true attr:class="form" attr:id="mfa-regenerate-form">
            <ReauthField needs_password=needs_password id="f-regen-current" code_id=Some("f-regen-code")
                error=field_error(err, Field::Current) code_error=field_error(err, Field::Code)
                clear_on=regenerate.version().into()/>
            <button type="submit">{i.t(Msg::MfaRegenerate)}</button>
        </ActionForm>
    }
}

/// Turn off with a code and the password (an island: errors show in place
/// once hydrated).
#[island(lazy)]
fn DisableForm() -> impl IntoView {
    let i = use_lang();
    let disable = ServerAction::<DisableMfa>::new();
    let err = action_error(disable);
    view! {
        <FormError err=err/>
        <ActionForm action=disable attr:novalidate=true attr:class="form" attr:id="mfa-disable-form">
            <p class="hint">{i.t(Msg::MfaOffHint)}</p>
            <TextField name="code" id="f-off-code" label=Msg::FieldCode autocomplete="one-time-code" inputmode="numeric"
                error=field_error(err, Field::Code) clear_on=disable.version()/>
            <TextField name="current" id="f-off-current" label=Msg::FieldCurrent kind="password" autocomplete="current-password"
                error=field_error(err, Field::Current) clear_on=disable.version()/>
            <button type="submit">{i.t(Msg::MfaTurnOff)}</button>
        </ActionForm>
    }
}
