//! The verification link (`/verify/:token`): opening it verifies the
//! root user's address once.

use crate::api::auth::verify_email;
use crate::i18n::{Msg, use_lang};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// Verifies on load and says how it went.
#[component]
pub fn VerifyPage() -> impl IntoView {
    let i = use_lang();
    let params = use_params_map();
    let result = Resource::new_blocking(move || params.read().get("token").unwrap_or_default(), verify_email);
    view! {
        <Title text=i.t(Msg::VerifyTitle)/>
        <section class="card narrow">
            <h1>{i.t(Msg::VerifyTitle)}</h1>
            <Suspense fallback=move || view! { <p>{i.t(Msg::Loading)}</p> }>
                {move || result.get().map(|r| match r {
                    Ok(()) => view! {
                        <p class="notice ok" role="status">{i.t(Msg::VerifyDone)}</p>
                        <p><a class="button primary" href="/login">{i.t(Msg::VerifyToLogin)}</a></p>
                    }.into_any(),
                    Err(e) => view! {
                        <p class="notice error" role="alert" data-code=e.error.code()>{e.error.message(i.get())}</p>
                        <p><a href="/login">{i.t(Msg::VerifyRetry)}</a></p>
                    }.into_any(),
                })}
            </Suspense>
        </section>
    }
}
