//! The dashboard (`/`): operator id, who is signed in, and the security
//! summary. Signed-out visitors are sent to `/login` and brought back.

use crate::components::copy_button::CopyButton;
use crate::components::signed_in::LoadError;
use crate::i18n::{Msg, use_lang};
use crate::server_fns::me::dashboard;
use leptos::prelude::*;
use leptos_meta::Title;

/// The signed-in home page.
#[component]
pub fn DashboardPage() -> impl IntoView {
    let i = use_lang();
    // Rendered on the server only (no island): the data is awaited once,
    // with no Resource to track or serialise.
    view! {
        <Title text=i.t(Msg::DashboardTitle)/>
        <Suspense fallback=move || view! { <p>{i.t(Msg::Loading)}</p> }>
            {Suspend::new(async move { match dashboard().await {
                Ok(d) => view! {
                    <section class="card">
                        <h1>{i.t(Msg::DashboardTitle)}</h1>
                        <dl class="facts">
                            <dt>{i.t(Msg::DashboardOperatorId)}</dt>
                            <dd>
                                <code data-testid="operator-id">{d.me.operator_id.clone()}</code>
                                " " <CopyButton text=d.me.operator_id.clone()/>
                                {d.me.is_root.then(|| view! { <br/><small class="hint">{i.t(Msg::DashboardOperatorIdNote)}</small> })}
                            </dd>
                            <dt>{i.t(Msg::DashboardSignedInAs)}</dt>
                            <dd data-testid="signed-in-as">
                                {d.me.display_name.clone()} " ("
                                {if d.me.is_root { i.t(Msg::DashboardRoot) } else { i.t(Msg::DashboardSam) }} ")"
                            </dd>
                        </dl>
                    </section>
                    <section class="card">
                        <h2>{i.t(Msg::DashboardSecurity)}</h2>
                        <dl class="facts">
                            <dt>{i.t(Msg::DashboardMfa)}</dt>
                            <dd>{if d.mfa_enabled {
                                view! { {i.t(Msg::DashboardOn)} }.into_any()
                            } else {
                                view! { {i.t(Msg::DashboardOff)} " · " <a href={crate::paths::SECURITY_MFA}>{i.t(Msg::MfaTurnOn)}</a> }.into_any()
                            }}</dd>
                            {d.me.is_root.then(|| view! {
                                <dt>{i.t(Msg::DashboardRecovery)}</dt>
                                <dd>{if d.recovery_email_set {
                                    view! { {i.t(Msg::DashboardSet)} }.into_any()
                                } else {
                                    view! { {i.t(Msg::DashboardNotSet)} " · " <a href="/email">{i.t(Msg::EmailRecoverySet)}</a> }.into_any()
                                }}</dd>
                            })}
                            <dt>{i.t(Msg::DashboardLastSignIn)}</dt>
                            <dd>{d.previous_sign_in.clone().unwrap_or_else(|| i.t(Msg::DashboardFirstSignIn).to_string())}</dd>
                        </dl>
                    </section>
                }.into_any(),
                Err(e) => view! { <LoadError error=e/> }.into_any(),
            }})}
        </Suspense>
    }
}
