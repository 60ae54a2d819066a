//! `/security/mfa/codes`: the new recovery codes, shown once, with a
//! download (works without JavaScript) and a copy button (once hydrated).

use crate::components::copy_button::CopyButton;
use crate::components::signed_in::LoadError;
use crate::i18n::{Msg, use_lang};
use crate::server_fns::security::new_recovery_codes;
use leptos::prelude::*;
use leptos_meta::Title;

/// The one-time display of recovery codes.
#[component]
pub fn RecoveryCodesPage() -> impl IntoView {
    let i = use_lang();
    view! {
        <Title text=i.t(Msg::CodesTitle)/>
        <section class="card narrow">
            <h1>{i.t(Msg::CodesTitle)}</h1>
            <Suspense fallback=move || view! { <p>{i.t(Msg::Loading)}</p> }>
                {Suspend::new(async move { match new_recovery_codes().await {
                    Ok(Some(codes)) => view! { <CodeList codes=codes/> }.into_any(),
                    Ok(None) => view! {
                        <p class="notice warn" role="status">{i.t(Msg::CodesGone)}</p>
                        <p><a href={crate::paths::SECURITY_MFA}>{i.t(Msg::TabMfa)}</a></p>
                    }.into_any(),
                    Err(e) => view! { <LoadError error=e/> }.into_any(),
                }})}
            </Suspense>
        </section>
    }
}

/// The codes, a download link and the copy button.
#[component]
fn CodeList(codes: Vec<String>) -> impl IntoView {
    let i = use_lang();
    let text = format!("{}\n\n{}\n", i.get().text(Msg::CodesFileHeader), codes.join("\n"));
    let href = format!("data:text/plain;charset=utf-8,{}", crate::query::encode(&text));
    view! {
        <p>{i.t(Msg::CodesIntro)}</p>
        <ol class="codes" data-testid="recovery-codes">
            {codes.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}
        </ol>
        <p class="actions">
            <a class="button" href=href download="gatehouse-recovery-codes.txt">{i.t(Msg::CodesDownload)}</a>
            <CopyButton text=text/>
        </p>
        <p><a class="button primary" href={crate::paths::SECURITY_MFA}>{i.t(Msg::CodesDone)}</a></p>
    }
}
