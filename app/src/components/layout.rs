//! The page frame: header with the brand and the account menu, then the page.

use super::account_menu::AccountMenu;
use super::notice::RefusalNotice;
use crate::i18n::{Msg, use_lang};
use leptos::prelude::*;

/// Wraps every page.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let i = use_lang();
    view! {
        <header class="topbar">
            <a class="brand" href="/">{i.t(Msg::AppName)}</a>
            <AccountMenu/>
        </header>
        <main class="page"><RefusalNotice/>{children()}</main>
    }
}
