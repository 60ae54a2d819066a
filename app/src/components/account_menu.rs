//! The account menu (top right): who is signed in, the language switch and
//! sign out. Each action is a plain form post (no island): the server
//! answers with the page again, in the new language or signed out. Plain
//! `<form>`s rather than `ActionForm`s: outside an island these render the
//! same HTML, and the menu is on every page, where each `ServerAction`
//! cost a handful of signals per request for nothing.

use crate::i18n::{Lang, Msg, use_lang};
use crate::server_fns::auth::SignOut;
use crate::server_fns::me::{Me, SetLanguage, whoami};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// The menu in the page header. Rendered on the server only: who is
/// signed in is read once per page, with no Resource to track.
#[component]
pub fn AccountMenu() -> impl IntoView {
    let i = use_lang();
    let lang_form = move |lang: Lang, label: Msg| {
        view! {
            <form action=SetLanguage::url() method="post" class="inline">
                <input type="hidden" name="lang" value=lang.tag()/>
                <button type="submit" class="link" lang=lang.tag()
                    aria-pressed=move || (i.get() == lang).to_string()>{i.t(label)}</button>
            </form>
        }
    };
    let lang_switch = move || {
        view! {
            <span class="lang-switch" role="group" aria-label=i.t(Msg::MenuLanguage)>
                {lang_form(Lang::En, Msg::LangEn)}
                {lang_form(Lang::Ja, Msg::LangJa)}
            </span>
        }
    };
    let who = |me: &Me| {
        view! {
            <span class="who" data-testid="who">
                {me.display_name.clone()}
                " · "
                <span class="operator-id">{me.operator_id.clone()}</span>
            </span>
        }
    };
    let links = move |me: Me| {
        view! {
            <a href={crate::paths::SECURITY_PASSWORD}>{i.t(Msg::MenuSecurity)}</a>
            {me.email_settings.then(|| view! { <a href="/email">{i.t(Msg::MenuEmail)}</a> })}
            {me.access_link.map(|href| view! { <a href=href data-testid="menu-access">{i.t(Msg::MenuAccess)}</a> })}
            <form action=SignOut::url() method="post" class="inline">
                <button type="submit" class="link">{i.t(Msg::MenuSignOut)}</button>
            </form>
        }
    };
    view! {
        <nav class="account-menu" aria-label=i.t(Msg::MenuLabel)>
            <Suspense fallback=lang_switch>
                {Suspend::new(async move {
                    let me = whoami().await.ok().flatten();
                    view! { {me.as_ref().map(who)} {lang_switch()} {me.map(links)} }
                })}
            </Suspense>
        </nav>
    }
}
