//! The dashboard (`/`): operator id, who is signed in, and the security
//! summary. Signed-out visitors are sent to `/login` and brought back.

use crate::api::me::dashboard;
use crate::error::AppError;
use crate::i18n::{Msg, use_lang};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;

/// The signed-in home page.
#[component]
pub fn DashboardPage() -> impl IntoView {
    let i = use_lang();
    let location = use_location();
    let data = Resource::new_blocking(|| (), |_| dashboard());
    let login_path = move || {
        let here = format!("{}{}", location.pathname.get(), location.search.get());
        format!("/login?next={}", crate::query::encode(&here))
    };
    view! {
        <Title text=i.t(Msg::DashboardTitle)/>
        <Suspense fallback=move || view! { <p>{i.t(Msg::Loading)}</p> }>
            {move || data.get().map(|r| match r {
                Ok(d) => view! {
                    <section class="card">
                        <h1>{i.t(Msg::DashboardTitle)}</h1>
                        <dl class="facts">
                            <dt>{i.t(Msg::DashboardOperatorId)}</dt>
                            <dd data-testid="operator-id">{d.me.operator_id.clone()}</dd>
                            <dt>{i.t(Msg::DashboardSignedInAs)}</dt>
                            <dd data-testid="signed-in-as">
                                {d.me.display_name.clone()} " ("
                                {if d.me.is_root { i.t(Msg::DashboardRoot)() } else { i.t(Msg::DashboardSam)() }} ")"
                            </dd>
                        </dl>
                    </section>
                    <section class="card">
                        <h2>{i.t(Msg::DashboardSecurity)}</h2>
                        <dl class="facts">
                            <dt>{i.t(Msg::DashboardMfa)}</dt>
                            <dd>{if d.mfa_enabled { i.t(Msg::DashboardOn)() } else { i.t(Msg::DashboardOff)() }}</dd>
                            <dt>{i.t(Msg::DashboardRecovery)}</dt>
                            <dd>{if d.recovery_email_set { i.t(Msg::DashboardSet)() } else { i.t(Msg::DashboardNotSet)() }}</dd>
                            <dt>{i.t(Msg::DashboardLastSignIn)}</dt>
                            <dd>{d.previous_sign_in.clone().unwrap_or_else(|| i.t(Msg::DashboardFirstSignIn)().to_string())}</dd>
                        </dl>
                    </section>
                }.into_any(),
                Err(e) if e.error == AppError::SignInRequired => view! { <Redirect path=login_path()/> }.into_any(),
                Err(e) => view! { <p class="notice error" role="alert">{e.error.message(i.get())}</p> }.into_any(),
            })}
        </Suspense>
    }
}
