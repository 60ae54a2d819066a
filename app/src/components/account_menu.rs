//! The account menu (top right): who is signed in, the language switch and
//! sign out. Each action is a plain form post (no island): the server
//! answers with the page again, in the new language or signed out.

use crate::api::auth::SignOut;
use crate::api::me::{SetLanguage, whoami};
use crate::i18n::{Lang, Msg, use_lang};
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// The menu in the page header.
#[component]
pub fn AccountMenu() -> impl IntoView {
    let i = use_lang();
    let location = use_location();
    // Re-read on every navigation, so signing in or out shows at once.
    let me = Resource::new(move || location.pathname.get(), |_| whoami());
    let sign_out = ServerAction::<SignOut>::new();
    let set_language = ServerAction::<SetLanguage>::new();
    let lang_form = move |lang: Lang, label: Msg| {
        view! {
            <ActionForm action=set_language attr:class="inline">
                <input type="hidden" name="lang" value=lang.tag()/>
                <button type="submit" class="link" lang=lang.tag()
                    aria-pressed=move || (i.get() == lang).to_string()>{i.t(label)}</button>
            </ActionForm>
        }
    };
    view! {
        <nav class="account-menu" aria-label=i.t(Msg::MenuLabel)>
            <Suspense fallback=|| ()>
                {move || me.get().and_then(|r| r.ok()).flatten().map(|me| view! {
                    <span class="who" data-testid="who">
                        {me.display_name.clone()}
                        " · "
                        <span class="operator-id">{me.operator_id.clone()}</span>
                    </span>
                })}
            </Suspense>
            <span class="lang-switch" role="group" aria-label=i.t(Msg::MenuLanguage)>
                {lang_form(Lang::En, Msg::LangEn)}
                {lang_form(Lang::Ja, Msg::LangJa)}
            </span>
            <Suspense fallback=|| ()>
                {move || me.get().and_then(|r| r.ok()).flatten().map(|me| view! {
                    <a href="/security/password">{i.t(Msg::MenuSecurity)}</a>
                    {me.is_root.then(|| view! { <a href="/email">{i.t(Msg::MenuEmail)}</a> })}
                    {me.access_link.map(|href| view! { <a href=href data-testid="menu-access">{i.t(Msg::MenuAccess)}</a> })}
                    <ActionForm action=sign_out attr:class="inline">
                        <button type="submit" class="link">{i.t(Msg::MenuSignOut)}</button>
                    </ActionForm>
                })}
            </Suspense>
        </nav>
    }
}
